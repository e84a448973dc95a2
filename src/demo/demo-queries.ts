import type { Period } from '../core/period.ts';
import type { Queryable } from '../db/database.ts';
import type { PlanAsn, PlanWorker } from './demo-sponsorships.ts';

export interface RegionTreeRow {
  code: string;
  name: string;
  level: 'province' | 'regency' | 'district' | 'village';
  parentCode: string | null;
}

/** A regency or city with its province, districts and villages, in code order. */
export function selectRegionTree(db: Queryable, code: string): Promise<RegionTreeRow[]> {
  return db.query<RegionTreeRow & Record<string, unknown>>(
    `SELECT code, name, level, parent_code AS "parentCode" FROM region
      WHERE code = $1 OR code LIKE $2 OR code = $3
      ORDER BY code`,
    [code, `${code}.%`, code.slice(0, 2)],
  );
}

/**
 * Whether the database holds no Pemda at all, and whether a demo load of `pemdaCode` was started
 * and never finished (the process was stopped half-way): either way the demo is (re)loaded.
 */
export async function selectDemoState(
  db: Queryable,
  pemdaCode: string,
): Promise<{ empty: boolean; unfinished: boolean }> {
  const [row] = await db.query<{ empty: boolean; unfinished: boolean }>(
    `SELECT NOT EXISTS (SELECT 1 FROM pemda) AS empty,
            EXISTS (
              SELECT 1 FROM audit_log started
               WHERE started.action = 'demo.load_started' AND started.pemda_code = $1
                 AND NOT EXISTS (
                   SELECT 1 FROM audit_log loaded
                    WHERE loaded.action = 'demo.loaded' AND loaded.pemda_code = $1
                      AND loaded.id > started.id
                 )
            ) AS unfinished`,
    [pemdaCode],
  );
  return row!;
}

/** Sponsorships of a programme that hold a month: not rejected, and the month inside [first, end). */
export interface HeldCount {
  programmeId: number;
  /** The first day of the month. */
  month: string;
  /** How many the ASN must hold, inclusive. */
  from: number;
  to: number;
}

/**
 * An ordinary civil servant of the OPD (no structural post) to sign in as: the first by NIP, of
 * those holding as many workers as `held` says when it is given.
 */
export async function selectRankAndFileAsn(
  db: Queryable,
  pemdaCode: string,
  opdId: number,
  held?: HeldCount,
): Promise<{ nip: string; name: string } | undefined> {
  const [row] = await db.query<{ nip: string; name: string }>(
    `WITH held AS (
       SELECT s.nip, count(*) AS n
         FROM sponsorship sp JOIN sponsor s ON s.id = sp.sponsor_id AND s.kind = 'asn'
        WHERE sp.programme_id = $3 AND sp.status <> 'rejected'
          AND sp.first_month <= $4::date AND (sp.end_month IS NULL OR sp.end_month > $4::date)
        GROUP BY s.nip
     )
     SELECT a.nip, a.name FROM asn a LEFT JOIN held h ON h.nip = a.nip
      WHERE a.pemda_code = $1 AND a.opd_id = $2 AND a.active AND a.echelon IS NULL AND a.employment_type = 'PNS'
        AND ($3::bigint IS NULL OR coalesce(h.n, 0) BETWEEN $5 AND $6)
      ORDER BY a.nip LIMIT 1`,
    [pemdaCode, opdId, held?.programmeId ?? null, held?.month ?? null, held?.from ?? 0, held?.to ?? 0],
  );
  return row;
}

/** The id of a Pemda's programme by its key. */
export async function selectProgrammeId(
  db: Queryable,
  pemdaCode: string,
  key: string,
): Promise<number | undefined> {
  const [row] = await db.query<{ id: number }>(
    'SELECT id FROM programme WHERE pemda_code = $1 AND key = $2',
    [pemdaCode, key],
  );
  return row?.id;
}

/** The Pemda's roster as the demo's planner reads it, by NIP. */
export function selectPlanAsn(db: Queryable, pemdaCode: string, programmeId: number): Promise<PlanAsn[]> {
  return db.query<PlanAsn & Record<string, unknown>>(
    `WITH sponsoring AS (
       SELECT DISTINCT s.nip FROM sponsorship sp JOIN sponsor s ON s.id = sp.sponsor_id AND s.kind = 'asn'
        WHERE sp.programme_id = $2
     )
     SELECT a.nip, a.employment_type AS "employmentType", a.echelon, a.opd_id AS "opdId",
            a.village_code AS "villageCode", a.active, x.nip IS NOT NULL AS sponsoring
       FROM asn a LEFT JOIN sponsoring x ON x.nip = a.nip
      WHERE a.pemda_code = $1 ORDER BY a.nip`,
    [pemdaCode, programmeId],
  );
}

/** The Pemda's registry as the demo's planner reads it, by NIK. */
export function selectPlanWorkers(db: Queryable, pemdaCode: string): Promise<PlanWorker[]> {
  return db.query<PlanWorker & Record<string, unknown>>(
    `WITH sponsored AS (SELECT DISTINCT nik FROM sponsorship)
     SELECT w.nik, w.village_code AS "villageCode", w.welfare_decile AS "welfareDecile", w.occupation,
            w.birth_date AS "birthDate", w.deceased_on AS "deceasedOn", w.active_elsewhere AS "activeElsewhere",
            x.nik IS NOT NULL AS sponsored
       FROM pemda_worker pw JOIN worker w ON w.nik = pw.nik LEFT JOIN sponsored x ON x.nik = w.nik
      WHERE pw.pemda_code = $1 ORDER BY w.nik`,
    [pemdaCode],
  );
}

export async function selectTakenKpj(db: Queryable): Promise<Set<string>> {
  const rows = await db.query<{ kpj: string }>('SELECT kpj FROM worker WHERE kpj IS NOT NULL');
  return new Set(rows.map((row) => row.kpj));
}

/** Sponsorships per programme, and those of them that hold the month (first day) `month`. */
export async function countProgrammeSponsorships(
  db: Queryable,
  programmeIds: readonly number[],
  month: string,
): Promise<Map<number, { sponsorships: number; held: number; sponsors: number }>> {
  const rows = await db.query<{ programmeId: number; sponsorships: number; held: number; sponsors: number }>(
    `SELECT programme_id AS "programmeId", count(*)::int AS sponsorships,
            count(*) FILTER (WHERE status <> 'rejected' AND first_month <= $2::date
                               AND (end_month IS NULL OR end_month > $2::date))::int AS held,
            count(DISTINCT sponsor_id)::int AS sponsors
       FROM sponsorship WHERE programme_id = ANY($1::bigint[]) GROUP BY programme_id`,
    [programmeIds, month],
  );
  return new Map(rows.map(({ programmeId, ...counts }) => [programmeId, counts]));
}

/**
 * Fresh statistics for the tables a demo load fills: the embedded database has no autovacuum, and
 * a planner that still counts a dozen sponsorships picks nested loops over thirty thousand.
 */
export async function analyseDemoTables(db: Queryable): Promise<void> {
  await db.exec('ANALYZE asn, worker, pemda_worker, sponsor, sponsorship, sponsorship_event');
}

/** The NIPs the demo's ASN accounts sign in with. */
export async function selectDemoLoginNips(db: Queryable, pemdaCode: string): Promise<string[]> {
  const rows = await db.query<{ nip: string }>(
    'SELECT nip FROM app_user WHERE pemda_code = $1 AND nip IS NOT NULL ORDER BY nip',
    [pemdaCode],
  );
  return rows.map((row) => row.nip);
}

/** One ASN's part of an OPD's payroll deduction bill of a month, as the confirmation pays it. */
export interface PayrollShare extends Record<string, unknown> {
  reference: string;
  period: Period;
  opdId: number;
  nip: string;
  amount: number;
}

export function selectPayrollShares(
  db: Queryable,
  pemdaCode: string,
  period: Period,
): Promise<PayrollShare[]> {
  return db.query<PayrollShare>(
    `SELECT b.reference, to_char(b.period, 'YYYY-MM') AS period, b.opd_id AS "opdId", c.sponsor_nip AS nip,
            sum(c.amount)::int8 AS amount
       FROM bill b JOIN contribution c ON c.bill_id = b.id
      WHERE b.pemda_code = $1 AND b.period = ($2 || '-01')::date AND b.document = 'payroll_deduction'
      GROUP BY b.id, c.sponsor_nip
     HAVING sum(c.amount) > 0
      ORDER BY b.id, c.sponsor_nip`,
    [pemdaCode, period],
  );
}

/** A month's bills paid by transfer: the APBD's payment order, the companies' and donors' invoices. */
export interface LedgerBill extends Record<string, unknown> {
  reference: string;
  period: Period;
  document: 'invoice' | 'payment_order';
  payerName: string;
  amount: number;
}

export function selectLedgerBills(db: Queryable, pemdaCode: string, period: Period): Promise<LedgerBill[]> {
  return db.query<LedgerBill>(
    `SELECT b.reference, to_char(b.period, 'YYYY-MM') AS period, b.document,
            upper(coalesce(o.name, sp.name, '')) AS "payerName", b.billed_amount AS amount
       FROM bill b
       JOIN sponsor sp ON sp.id = b.sponsor_id
       LEFT JOIN organisation o ON o.id = sp.organisation_id
      WHERE b.pemda_code = $1 AND b.period = ($2 || '-01')::date AND b.document <> 'payroll_deduction'
        AND b.billed_amount > 0
      ORDER BY b.id`,
    [pemdaCode, period],
  );
}

export interface DemoClaimPick extends Record<string, unknown> {
  nik: string;
}

/**
 * A living worker whose month, and the month before it, were paid on time by a sponsor of that
 * funding source: covered on every day of the month. Drawn by the seed.
 */
export async function selectCoveredWorker(
  db: Queryable,
  p: {
    pemdaCode: string;
    seed: number;
    period: Period;
    funding: string;
    exceptNips: readonly string[];
    exceptNiks: readonly string[];
  },
): Promise<DemoClaimPick | undefined> {
  const [row] = await db.query<DemoClaimPick>(
    `SELECT c.nik FROM contribution c
       JOIN worker w ON w.nik = c.nik AND w.deceased_on IS NULL
      WHERE c.pemda_code = $1 AND c.period = ($2 || '-01')::date AND c.funding_source = $3
        AND c.kind = 'charge' AND c.status = 'paid' AND c.paid_at <= c.due_at
        AND NOT (coalesce(c.sponsor_nip, '') = ANY ($4::text[])) AND NOT (c.nik = ANY ($5::text[]))
        AND EXISTS (SELECT 1 FROM contribution e
                     WHERE e.nik = c.nik AND e.period = (c.period - interval '1 month')::date
                       AND e.status = 'paid' AND e.paid_at <= e.due_at)
      ORDER BY md5(c.nik || $6::text) LIMIT 1`,
    [p.pemdaCode, p.period, p.funding, p.exceptNips, p.exceptNiks, String(p.seed)],
  );
  return row;
}

/** A worker of this ASN whose month went unpaid. */
export async function selectLapsedWorker(
  db: Queryable,
  p: { pemdaCode: string; nip: string; period: Period },
): Promise<DemoClaimPick | undefined> {
  const [row] = await db.query<DemoClaimPick>(
    `SELECT c.nik FROM contribution c
      WHERE c.pemda_code = $1 AND c.sponsor_nip = $2 AND c.period = ($3 || '-01')::date AND c.paid_amount = 0
      ORDER BY c.nik LIMIT 1`,
    [p.pemdaCode, p.nip, p.period],
  );
  return row;
}

/** The demo's claim of an incident day, as a rerun finds it. */
export async function selectDemoClaim(
  db: Queryable,
  pemdaCode: string,
  incidentDate: string,
): Promise<{ id: number; nik: string; status: string } | undefined> {
  const [row] = await db.query<{ id: number; nik: string; status: string }>(
    'SELECT id, nik, status FROM claim WHERE pemda_code = $1 AND incident_date = $2::date ORDER BY id LIMIT 1',
    [pemdaCode, incidentDate],
  );
  return row;
}

/** What the demo's ledger holds from its first month on. */
export async function selectLedgerTotals(db: Queryable, pemdaCode: string, from: Period) {
  const [row] = await db.query<{
    bills: number;
    contributions: number;
    billed: number;
    paid: number;
    paymentImports: number;
    unmatchedLines: number;
    claims: number;
  }>(
    `SELECT (SELECT count(*) FROM bill WHERE pemda_code = $1 AND period >= $2::date)::int AS bills,
            c.contributions, c.billed, c.paid,
            (SELECT count(*) FROM payment_import WHERE pemda_code = $1 AND status = 'completed')::int AS "paymentImports",
            (SELECT count(*) FROM payment_line WHERE pemda_code = $1 AND status = 'unmatched')::int AS "unmatchedLines",
            (SELECT count(*) FROM claim WHERE pemda_code = $1)::int AS claims
       FROM (SELECT count(*)::int AS contributions, coalesce(sum(amount), 0)::int8 AS billed,
                    coalesce(sum(paid_amount), 0)::int8 AS paid
               FROM contribution WHERE pemda_code = $1 AND period >= $2::date) c`,
    [pemdaCode, `${from}-01`],
  );
  return row!;
}
