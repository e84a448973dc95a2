import type { Period } from '../../core/period.ts';
import type { Queryable } from '../../db/database.ts';
import type { ScopeCondition } from '../../platform/access/scopes.ts';

/** A worker's ledger, one row per month billed: what was owed and paid, and when in full. */
export interface LedgerRow extends Record<string, unknown> {
  period: string;
  pemdaCode: string;
  sponsorshipId: number;
  owed: number;
  paid: number;
  /** The latest payment towards the month, ISO UTC; the month is paid in full when paid ≥ owed. */
  lastPaidAt: string | null;
}

const UTC_INSTANT = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

/**
 * Waived lines are not owed; reversed lines' money does not count. A month's payment moment is
 * its latest allocation (or the line's own `paid_at` where no allocation is recorded).
 */
export async function ledgerOf(db: Queryable, nik: string): Promise<LedgerRow[]> {
  return db.query<LedgerRow>(
    `SELECT to_char(c.period, 'YYYY-MM') AS period, min(c.pemda_code) AS "pemdaCode",
            (array_agg(c.sponsorship_id ORDER BY c.kind = 'adjustment', c.id))[1] AS "sponsorshipId",
            coalesce(sum(c.amount) FILTER (WHERE c.status <> 'waived'), 0)::int8 AS owed,
            coalesce(sum(c.paid_amount) FILTER (WHERE c.status <> 'reversed'), 0)::int8 AS paid,
            to_char(greatest(max(c.paid_at), max(a.paid_at)) AT TIME ZONE 'UTC', ${UTC_INSTANT}) AS "lastPaidAt"
       FROM contribution c
       LEFT JOIN LATERAL (
         SELECT max(pl.paid_at) AS paid_at
           FROM payment_allocation pa JOIN payment_line pl ON pl.id = pa.line_id
          WHERE pa.contribution_id = c.id
       ) a ON true
      WHERE c.nik = $1
      GROUP BY c.period
      ORDER BY c.period`,
    [nik],
  );
}

/**
 * The first month each Pemda's ledger is kept in Asuh (its earliest bill), YYYY-MM; a Pemda not
 * billed yet is absent. One probe per Pemda on the unique key that leads with the Pemda code.
 */
export async function ledgerStarts(
  db: Queryable,
  pemdaCodes: readonly string[],
): Promise<Map<string, Period>> {
  if (pemdaCodes.length === 0) return new Map();
  const rows = await db.query<{ pemdaCode: string; period: Period }>(
    `SELECT c.code AS "pemdaCode", to_char(f.period, 'YYYY-MM') AS period
       FROM unnest($1::text[]) AS c(code)
       CROSS JOIN LATERAL (SELECT min(b.period) AS period FROM bill b WHERE b.pemda_code = c.code) f
      WHERE f.period IS NOT NULL`,
    [[...pemdaCodes]],
  );
  return new Map(rows.map((row) => [row.pemdaCode, row.period]));
}

export interface SponsorshipRow extends Record<string, unknown> {
  id: number;
  pemdaCode: string;
  status: string;
  firstMonth: string;
  /** The first month no longer held, YYYY-MM; null while open. */
  endMonth: string | null;
  membershipStart: string;
  declaredIncome: number;
  programmeId: number;
  programmeName: string;
  sponsorId: number;
  sponsorKind: string;
  sponsorName: string;
  fundingSource: string;
  /** Whether the caller may learn who pays. */
  disclosed: boolean;
}

/**
 * The worker's sponsorships that ever held a month with BPJSTK (enrolled or later), with who
 * pays, and whether `disclose` lets the caller see it.
 */
export async function sponsorshipsOf(
  db: Queryable,
  nik: string,
  disclose: ScopeCondition,
): Promise<SponsorshipRow[]> {
  return db.query<SponsorshipRow>(
    `SELECT s.id, s.pemda_code AS "pemdaCode", s.status, to_char(s.first_month, 'YYYY-MM') AS "firstMonth",
            to_char(s.end_month, 'YYYY-MM') AS "endMonth",
            coalesce(s.enrolled_on, s.first_month)::text AS "membershipStart",
            s.declared_income AS "declaredIncome", s.programme_id AS "programmeId", p.name AS "programmeName",
            s.sponsor_id AS "sponsorId", sp.kind AS "sponsorKind",
            coalesce(a.name, o.name, sp.name) AS "sponsorName", sp.funding_source AS "fundingSource",
            (${disclose.sql('s', 2)}) AS disclosed
       FROM sponsorship s
       JOIN programme p ON p.id = s.programme_id
       JOIN sponsor sp ON sp.id = s.sponsor_id
       LEFT JOIN asn a ON a.nip = sp.nip
       LEFT JOIN organisation o ON o.id = sp.organisation_id
      WHERE s.nik = $1 AND s.status IN ('enrolled', 'active', 'ended', 'suspended')
      ORDER BY s.first_month, s.id`,
    [nik, ...disclose.params],
  );
}

export interface OverrideRow extends Record<string, unknown> {
  period: string;
  pemdaCode: string;
  covered: boolean;
  reason: string;
  by: string | null;
  at: string;
}

/** The override that holds for each month: the latest recorded. */
export async function overridesOf(db: Queryable, nik: string): Promise<OverrideRow[]> {
  return db.query<OverrideRow>(
    `SELECT DISTINCT ON (period) to_char(period, 'YYYY-MM') AS period, pemda_code AS "pemdaCode", covered, reason,
            created_by_name AS by, to_char(created_at AT TIME ZONE 'UTC', ${UTC_INSTANT}) AS at
       FROM coverage_override WHERE nik = $1
      ORDER BY period, id DESC`,
    [nik],
  );
}

export async function pemdaLinksOf(db: Queryable, nik: string): Promise<string[]> {
  const rows = await db.query<{ code: string }>(
    'SELECT pemda_code AS code FROM pemda_worker WHERE nik = $1 ORDER BY pemda_code',
    [nik],
  );
  return rows.map((row) => row.code);
}

export async function insertOverride(
  tx: Queryable,
  o: {
    pemdaCode: string;
    nik: string;
    period: string;
    covered: boolean;
    reason: string;
    userId: number | null;
    username: string | null;
  },
): Promise<number> {
  const [row] = await tx.query<{ id: number }>(
    `INSERT INTO coverage_override (pemda_code, nik, period, covered, reason, created_by, created_by_name)
     VALUES ($1, $2, ($3 || '-01')::date, $4, $5, $6, $7) RETURNING id`,
    [o.pemdaCode, o.nik, o.period, o.covered, o.reason, o.userId, o.username],
  );
  return row!.id;
}
