import type { Queryable } from '../../db/database.ts';
import { Where } from '../../db/where.ts';
import type { ScopeCondition } from '../../platform/access/scopes.ts';
import type { BillingRun } from './billing-types.ts';

/**
 * The billing run's SQL, in three steps inside the run's transaction:
 *   1. `collectLines`: every billable sponsorship-month not charged yet, with the frozen names and
 *      its payer, into a temporary table dropped at commit, then analysed, so the planner of the
 *      writing statement knows how many lines and payers it holds;
 *   2. `distinctPriceKeys`: the few combinations the contribution engine must price;
 *   3. `writeBills`: the bills and all their lines in one statement, with those prices.
 */
const COLLECT = `
  WITH scope AS (SELECT * FROM unnest($2::text[], $3::text[]) AS z(pemda_code, zone)),
  -- Months billed before this one, in the arrears window, with when their first run began: a
  -- sponsorship changed since then may have months its payer's bill could not carry.
  earlier AS (
    SELECT r.pemda_code, r.period, min(r.started_at) AS since
      FROM billing_run r JOIN scope z ON z.pemda_code = r.pemda_code
     WHERE r.period >= $5::date AND r.period < $1::date
     GROUP BY r.pemda_code, r.period
  ),
  candidate AS (
    SELECT s.id, s.pemda_code, $1::date AS period, s.sponsor_id, s.nik, s.programmes, s.declared_income,
           s.status, s.end_month, z.zone
      FROM sponsorship s JOIN scope z ON z.pemda_code = s.pemda_code
     WHERE s.status IN ('enrolled', 'active', 'ended', 'suspended')
       AND s.first_month <= $1::date AND (s.end_month IS NULL OR s.end_month > $1::date)
    UNION ALL
    SELECT s.id, s.pemda_code, e.period, s.sponsor_id, s.nik, s.programmes, s.declared_income,
           s.status, s.end_month, z.zone
      FROM earlier e
      JOIN scope z ON z.pemda_code = e.pemda_code
      JOIN sponsorship s ON s.pemda_code = e.pemda_code AND s.updated_at >= e.since
     WHERE s.status IN ('enrolled', 'active', 'ended', 'suspended')
       AND s.first_month <= e.period AND (s.end_month IS NULL OR s.end_month > e.period)
  )
  INSERT INTO billing_line
  SELECT c.pemda_code, c.period, c.id, c.sponsor_id, c.nik, c.programmes, c.declared_income, sp.funding_source,
         -- The engine sees no free text: a sector no schedule names prices as "any other sector".
         coalesce(CASE WHEN w.sector = ANY($4::text[]) THEN w.sector END, ''),
         w.name, coalesce(a.name, o.name, sp.name), sp.nip, a.opd_id,
         -- The payer: an ASN paying by payroll deduction through their OPD, any other sponsor itself.
         CASE WHEN sp.kind = 'asn' AND sp.payment_method = 'payroll_deduction' THEN -a.opd_id ELSE sp.id END,
         -- What the price depends on, as one value: the planner then knows how many lines each price has.
         concat_ws('|', c.period, array_to_string(c.programmes, ','), c.declared_income, sp.funding_source,
                   coalesce(CASE WHEN w.sector = ANY($4::text[]) THEN w.sector END, ''))
    FROM candidate c
    JOIN worker w ON w.nik = c.nik
    JOIN sponsor sp ON sp.id = c.sponsor_id
    LEFT JOIN asn a ON a.nip = sp.nip
    LEFT JOIN organisation o ON o.id = sp.organisation_id
   WHERE (c.status IN ('enrolled', 'active') OR (c.status = 'ended' AND c.end_month IS NOT NULL)
          -- Suspended, or ended without an end month: billed up to the month it happened in, on
          -- the Pemda's calendar.
          OR c.period <= (SELECT date_trunc('month', max(ev.at) AT TIME ZONE c.zone)::date
                            FROM sponsorship_event ev
                           WHERE ev.sponsorship_id = c.id AND ev.to_status = c.status))
     AND NOT EXISTS (SELECT 1 FROM contribution k
                      WHERE k.sponsorship_id = c.id AND k.period = c.period AND k.kind = 'charge')`;

export interface BillableParams {
  /** The period billed, as its first day. */
  period: string;
  pemdaCodes: readonly string[];
  /** The IANA zone of each Pemda, in the same order. */
  zones: readonly string[];
  /** The sectors some contribution schedule names. */
  sectors: readonly string[];
  /** The first month whose late months are still caught up. */
  catchUpFrom: string;
}

/** Step 1: the lines to bill, in `billing_line` until the transaction ends; how many. */
export async function collectLines(tx: Queryable, p: BillableParams): Promise<number> {
  await tx.exec(`CREATE TEMPORARY TABLE billing_line (
    pemda_code text NOT NULL, period date NOT NULL, sponsorship_id bigint NOT NULL, sponsor_id bigint NOT NULL,
    nik text NOT NULL, programmes text[] NOT NULL, income bigint NOT NULL, funding text NOT NULL,
    sector text NOT NULL, worker_name text NOT NULL, sponsor_name text NOT NULL, sponsor_nip text,
    opd_id bigint, payer bigint NOT NULL, price_key text NOT NULL
  ) ON COMMIT DROP`);
  await tx.query(COLLECT, [p.period, p.pemdaCodes, p.zones, p.sectors, p.catchUpFrom]);
  await tx.exec('ANALYZE billing_line');
  const [row] = await tx.query<{ lines: number }>('SELECT count(*) AS lines FROM billing_line');
  return row!.lines;
}

export interface PriceKey extends Record<string, unknown> {
  key: string;
  period: string;
  programmes: string[];
  income: number;
  funding: string;
  sector: string;
}

/** Step 2: each combination the engine prices once; a million lines come in a handful. */
export async function distinctPriceKeys(tx: Queryable): Promise<PriceKey[]> {
  return tx.query<PriceKey>(
    `SELECT DISTINCT ON (price_key) price_key AS key, to_char(period, 'YYYY-MM') AS period, programmes, income,
            funding, sector
       FROM billing_line ORDER BY price_key`,
  );
}

export interface Price {
  key: PriceKey;
  jkk: number;
  jkm: number;
  jht: number;
  schedule: string;
}

export interface RunSlot {
  pemdaCode: string;
  runId: number;
  /** The bill's deadline, e.g. `2024-01-15T23:59:59.999999+07:00`. */
  dueAt: string;
}

export interface RunCounts extends Record<string, unknown> {
  pemdaCode: string;
  contributionsAdded: number;
  adjustmentsAdded: number;
  billsAdded: number;
  totalBilled: number;
}

const PRICES = `price AS (
  SELECT * FROM unnest($2::text[], $3::bigint[], $4::bigint[], $5::bigint[], $6::text[])
           AS p(key, jkk, jkm, jht, schedule)
)`;

const priceParams = (prices: readonly Price[]) => [
  prices.map((p) => p.key.key),
  prices.map((p) => p.jkk),
  prices.map((p) => p.jkm),
  prices.map((p) => p.jht),
  prices.map((p) => p.schedule),
];

/**
 * Corrections waiting for their payer's next bill; those that would make it negative wait on.
 * Referred to from statements that define `price`, `run` and `billing_line`.
 */
const ADJUSTMENTS = `
  pending AS (
    SELECT k.pemda_code, k.period, k.sponsorship_id, k.sponsor_id, k.nik, 'adjustment' AS kind, k.id AS adjusts_id,
           ba.jkk, ba.jkm, ba.jht, k.schedule, k.funding_source, k.worker_name, k.sponsor_name, k.sponsor_nip,
           k.opd_id, coalesce(-kb.opd_id, kb.sponsor_id) AS payer,
           sum(ba.amount) OVER (PARTITION BY k.pemda_code, coalesce(-kb.opd_id, kb.sponsor_id)) AS payer_amount
      FROM billing_adjustment ba
      JOIN run r ON r.pemda_code = ba.pemda_code
      JOIN contribution k ON k.id = ba.contribution_id
      JOIN bill kb ON kb.id = k.bill_id
     WHERE ba.line_id IS NULL AND kb.period < $1::date
  ),
  charge_total AS (
    SELECT l.pemda_code, l.payer, count(*) AS lines, sum(p.jkk + p.jkm + p.jht) AS amount
      FROM billing_line l JOIN price p ON p.key = l.price_key
     GROUP BY 1, 2
  ),
  adjustment AS (
    SELECT pa.pemda_code, pa.period, pa.sponsorship_id, pa.sponsor_id, pa.nik, pa.kind, pa.adjusts_id,
           pa.jkk, pa.jkm, pa.jht, pa.schedule, pa.funding_source, pa.worker_name, pa.sponsor_name,
           pa.sponsor_nip, pa.opd_id, pa.payer
      FROM pending pa
      LEFT JOIN charge_total ct ON ct.pemda_code = pa.pemda_code AND ct.payer = pa.payer
     WHERE coalesce(ct.amount, 0) + pa.payer_amount >= 0
  )`;

/**
 * Step 3: the payers that get a bill, numbered and with their bill's id drawn, in `billing_payer`
 * until the transaction ends. A payer whose bill for the period is already out gets none: its new
 * months wait for its next bill.
 */
export async function preparePayers(
  tx: Queryable,
  period: string,
  slots: readonly RunSlot[],
  prices: readonly Price[],
) {
  await tx.exec(`CREATE TEMPORARY TABLE billing_payer (
    pemda_code text NOT NULL, payer bigint NOT NULL, bill_id bigint NOT NULL, number bigint NOT NULL,
    lines bigint NOT NULL, amount bigint NOT NULL
  ) ON COMMIT DROP`);
  await tx.query(
    `WITH ${PRICES},
     run AS (SELECT * FROM unnest($7::text[]) AS r(pemda_code)),
     ${ADJUSTMENTS},
     payer_total AS (
       SELECT pemda_code, payer, sum(lines) AS lines, sum(amount) AS amount
         FROM (SELECT pemda_code, payer, lines, amount FROM charge_total
               UNION ALL
               SELECT pemda_code, payer, count(*), sum(jkk + jkm + jht) FROM adjustment GROUP BY 1, 2) t
        GROUP BY 1, 2
     ),
     new_payer AS (
       SELECT t.*, row_number() OVER (PARTITION BY t.pemda_code ORDER BY t.payer > 0, abs(t.payer)) AS seq
         FROM payer_total t
        WHERE NOT EXISTS (
          SELECT 1 FROM bill x
           WHERE x.pemda_code = t.pemda_code AND x.period = $1::date
             AND CASE WHEN t.payer < 0 THEN x.opd_id = -t.payer ELSE x.sponsor_id = t.payer END)
     )
     INSERT INTO billing_payer
     SELECT np.pemda_code, np.payer, nextval(pg_get_serial_sequence('bill', 'id')), n.last + np.seq, np.lines,
            np.amount
       FROM new_payer np
      CROSS JOIN LATERAL (
        SELECT coalesce(max(substring(x.reference FROM '[0-9]+$')::bigint), 0) AS last
          FROM bill x WHERE x.pemda_code = np.pemda_code AND x.period = $1::date) n
      ORDER BY np.pemda_code, np.seq`,
    [period, ...priceParams(prices), slots.map((slot) => slot.pemdaCode)],
  );
  await tx.exec('ANALYZE billing_payer');
}

/**
 * Step 4: the bills of `billing_payer` and every line each carries, in one statement, and the
 * runs closed with their counts.
 */
export async function writeBills(
  tx: Queryable,
  period: string,
  slots: readonly RunSlot[],
  prices: readonly Price[],
): Promise<RunCounts[]> {
  return tx.query<RunCounts>(
    `WITH ${PRICES},
     run AS (SELECT * FROM unnest($7::text[], $8::bigint[], $9::timestamptz[]) AS r(pemda_code, run_id, due_at)),
     ${ADJUSTMENTS},
     new_bill AS (
       INSERT INTO bill (id, pemda_code, period, opd_id, sponsor_id, document, reference, member_count,
                         billed_amount, due_at, billing_run_id)
       OVERRIDING SYSTEM VALUE
       SELECT bp.bill_id, bp.pemda_code, $1::date,
              CASE WHEN bp.payer < 0 THEN -bp.payer END,
              CASE WHEN bp.payer > 0 THEN bp.payer END,
              CASE WHEN bp.payer < 0 THEN 'payroll_deduction'
                   WHEN sp.kind = 'apbd' OR sp.payment_method = 'budget' THEN 'payment_order'
                   ELSE 'invoice' END,
              'ASUH-' || replace(bp.pemda_code, '.', '') || '-' || to_char($1::date, 'YYYYMM') || '-'
                || lpad(bp.number::text, greatest(6, length(bp.number::text)), '0'),
              bp.lines, bp.amount, r.due_at, r.run_id
         FROM billing_payer bp
         JOIN run r ON r.pemda_code = bp.pemda_code
         LEFT JOIN sponsor sp ON sp.id = bp.payer
       RETURNING pemda_code
     ),
     line AS (
       SELECT l.pemda_code, l.period, l.sponsorship_id, l.sponsor_id, l.nik, 'charge' AS kind,
              NULL::bigint AS adjusts_id, p.jkk, p.jkm, p.jht, p.schedule, l.funding AS funding_source,
              l.worker_name, l.sponsor_name, l.sponsor_nip, l.opd_id, l.payer
         FROM billing_line l JOIN price p ON p.key = l.price_key
       UNION ALL
       SELECT * FROM adjustment
     ),
     added AS (
       INSERT INTO contribution (pemda_code, period, sponsorship_id, sponsor_id, nik, bill_id, kind, adjusts_id,
                                 jkk, jkm, jht, amount, schedule, funding_source, worker_name, sponsor_name,
                                 sponsor_nip, opd_id, due_at, billing_run_id)
       SELECT l.pemda_code, l.period, l.sponsorship_id, l.sponsor_id, l.nik, bp.bill_id, l.kind, l.adjusts_id,
              l.jkk, l.jkm, l.jht, l.jkk + l.jkm + l.jht, l.schedule, l.funding_source, l.worker_name,
              l.sponsor_name, l.sponsor_nip, l.opd_id, r.due_at, r.run_id
         FROM line l
         JOIN billing_payer bp ON bp.pemda_code = l.pemda_code AND bp.payer = l.payer
         JOIN run r ON r.pemda_code = l.pemda_code
       RETURNING id, pemda_code, kind, adjusts_id, amount
     ),
     linked AS (
       UPDATE billing_adjustment ba SET line_id = a.id
         FROM added a
        WHERE a.kind = 'adjustment' AND ba.contribution_id = a.adjusts_id AND ba.line_id IS NULL
     ),
     added_total AS (
       SELECT pemda_code, count(*) FILTER (WHERE kind = 'charge') AS charges,
              count(*) FILTER (WHERE kind = 'adjustment') AS adjustments, sum(amount) AS amount
         FROM added GROUP BY pemda_code
     ),
     bill_total AS (SELECT pemda_code, count(*) AS bills FROM new_bill GROUP BY pemda_code),
     counts AS (
       SELECT r.pemda_code, r.run_id, coalesce(a.charges, 0)::int AS contributions_added,
              coalesce(a.adjustments, 0)::int AS adjustments_added, coalesce(t.bills, 0)::int AS bills_added,
              coalesce(a.amount, 0)::bigint AS total_billed
         FROM run r
         LEFT JOIN added_total a ON a.pemda_code = r.pemda_code
         LEFT JOIN bill_total t ON t.pemda_code = r.pemda_code
     ),
     closed AS (
       UPDATE billing_run br
          SET finished_at = clock_timestamp(), contributions_added = c.contributions_added,
              bills_added = c.bills_added, total_billed = c.total_billed
         FROM counts c WHERE br.id = c.run_id
     )
     SELECT pemda_code AS "pemdaCode", contributions_added AS "contributionsAdded",
            adjustments_added AS "adjustmentsAdded", bills_added AS "billsAdded", total_billed AS "totalBilled"
       FROM counts ORDER BY pemda_code`,
    [
      period,
      ...priceParams(prices),
      slots.map((slot) => slot.pemdaCode),
      slots.map((slot) => slot.runId),
      slots.map((slot) => slot.dueAt),
    ],
  );
}

/** Serialises billing runs: two at once would each find the other's payers without a bill. */
const BILLING_LOCK_KEY = 4_127_013;

export async function lockBilling(tx: Queryable): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock($1)', [BILLING_LOCK_KEY]);
}

export interface PemdaSlot extends Record<string, unknown> {
  code: string;
  name: string;
}

/** The onboarded Pemda a run covers: the one named, or all of them. */
export async function pemdaToBill(db: Queryable, code: string | null): Promise<PemdaSlot[]> {
  return db.query<PemdaSlot>(
    'SELECT code, name FROM pemda WHERE $1::text IS NULL OR code = $1 ORDER BY code',
    [code],
  );
}

/**
 * The first month any programme of these Pemda pays for, `YYYY-MM` (the earliest policy in force
 * or sponsorship); null when none has begun.
 */
export async function firstProgrammeMonth(
  tx: Queryable,
  pemdaCodes: readonly string[],
): Promise<string | null> {
  const [row] = await tx.query<{ first: string | null }>(
    `SELECT to_char(least(
              (SELECT min(s.first_month) FROM sponsorship s WHERE s.pemda_code = ANY($1::text[])),
              (SELECT min(v.effective_from) FROM policy_version v JOIN programme g ON g.id = v.programme_id
                WHERE g.pemda_code = ANY($1::text[]))
            ), 'YYYY-MM') AS first`,
    [pemdaCodes],
  );
  return row?.first ?? null;
}

export async function openRuns(
  tx: Queryable,
  period: string,
  pemdaCodes: readonly string[],
  userId: number | null,
): Promise<{ id: number; pemdaCode: string }[]> {
  return tx.query<{ id: number; pemdaCode: string }>(
    `INSERT INTO billing_run (period, pemda_code, created_by)
     SELECT $1::date, code, $3 FROM unnest($2::text[]) AS code ORDER BY code
     RETURNING id, pemda_code AS "pemdaCode"`,
    [period, pemdaCodes, userId],
  );
}

export const utc = (column: string) =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const RUN_COLUMNS = `r.id, to_char(r.period, 'YYYY-MM') AS period, r.pemda_code AS "pemdaCode",
  ${utc('r.started_at')} AS "startedAt", ${utc('r.finished_at')} AS "finishedAt",
  r.contributions_added AS "contributionsAdded", r.bills_added AS "billsAdded", r.total_billed AS "totalBilled",
  u.username AS "createdBy"`;

export async function listRuns(
  db: Queryable,
  filter: { scope: ScopeCondition; pemdaCode?: string; id?: number; ids?: readonly number[] },
  limit = 100,
): Promise<BillingRun[]> {
  const where = new Where().addNumbered(filter.scope, 'r.pemda_code');
  if (filter.pemdaCode !== undefined) where.add(`r.pemda_code = ${where.param(filter.pemdaCode)}`);
  if (filter.id !== undefined) where.add(`r.id = ${where.param(filter.id)}`);
  if (filter.ids !== undefined) where.add(`r.id = ANY(${where.param(filter.ids)}::bigint[])`);
  return db.query<BillingRun & Record<string, unknown>>(
    `SELECT ${RUN_COLUMNS} FROM billing_run r LEFT JOIN app_user u ON u.id = r.created_by
      WHERE ${where} ORDER BY r.started_at DESC, r.id DESC LIMIT ${where.param(limit)}`,
    where.params,
  );
}

/** How many runs already billed the month for these Pemda: a rerun says the period was billed. */
export async function countRuns(
  tx: Queryable,
  period: string,
  pemdaCodes: readonly string[],
): Promise<number> {
  const [row] = await tx.query<{ runs: number }>(
    'SELECT count(*) AS runs FROM billing_run WHERE period = $1::date AND pemda_code = ANY($2::text[])',
    [period, pemdaCodes],
  );
  return Number(row!.runs);
}
