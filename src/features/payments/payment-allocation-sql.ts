import { settlementSql } from '../billing/index.ts';

/**
 * Which contributions a line pays, as a group key and the contributions of that group. Every kind
 * of file has one: a bank line pays a whole bill, a payroll line one ASN's part of an OPD's bill,
 * a BPJSTK line a worker's month; an officer assigns a line to a bill (or the ASN's part of it)
 * or to one contribution. Groups of one kind never share a contribution.
 */
export type AllocationGroup = 'bill' | 'asn_on_bill' | 'worker_month' | 'contribution';

const GROUP_KEY: Record<AllocationGroup, string> = {
  bill: 'l.bill_id::text',
  asn_on_bill: `l.bill_id::text || ':' || l.target_nip`,
  worker_month: `l.target_nik || ':' || l.target_period::text`,
  contribution: 'l.target_contribution_id::text',
};

// `$2` is the Pemda in every statement: a worker's month is only ever paid in the Pemda paying it.
const GROUP_TARGETS: Record<AllocationGroup, string> = {
  bill: 'FROM grp g JOIN contribution c ON c.bill_id = g.bill_id',
  // Each ASN's lines of the bill straight from the (bill_id, sponsor_nip) index.
  asn_on_bill: 'FROM grp g JOIN contribution c ON c.bill_id = g.bill_id AND c.sponsor_nip = g.target_nip',
  worker_month: `FROM grp g JOIN contribution c
                   ON c.nik = g.target_nik AND c.period = g.target_period AND c.pemda_code = $2`,
  contribution: 'FROM grp g JOIN contribution c ON c.id = g.target_contribution_id',
};

/**
 * The allocation, as CTEs after a CTE `line` (id, row_number, line_key, amount, paid_at, bill_id,
 * target_nip, target_nik, target_period, target_contribution_id): `settled` holds each line's
 * allocated amount, credit and status; the allocations, contributions and bills are written.
 * Lines of a group pay in the order they were paid, two paid in the same minute in their file's
 * order: keys of the lines' own, never the ids they are given here, whose order follows however
 * the staging table happens to be read (a rerun after a kill read it otherwise and swapped which
 * contributions two transfers paid). Contributions are paid oldest month first. A line
 * paying beyond what its group owes keeps the surplus as credit (status `over`); one that leaves
 * some of it owed is `partial`. A contribution's `paid_at` is when its last rupiah came: the
 * latest payment among those that paid it.
 */
export function allocationSql(group: AllocationGroup): string {
  const key = GROUP_KEY[group];
  return `
    ranked AS MATERIALIZED (
      SELECT l.*, ${key} AS g, sum(l.amount) OVER (PARTITION BY ${key} ORDER BY l.paid_at, l.row_number, l.line_key) AS upto
        FROM line l
    ),
    grp AS MATERIALIZED (
      SELECT g, min(bill_id) AS bill_id, min(target_nip) AS target_nip, min(target_nik) AS target_nik,
             min(target_period) AS target_period, min(target_contribution_id) AS target_contribution_id
        FROM ranked GROUP BY g
    ),
    target AS MATERIALIZED (
      SELECT g.g, c.id, c.bill_id, c.amount - c.paid_amount AS owed,
             sum(c.amount - c.paid_amount) OVER (PARTITION BY g.g ORDER BY c.period, c.id) AS upto
        ${GROUP_TARGETS[group]}
       WHERE c.status = 'billed' AND c.amount > c.paid_amount
    ),
    alloc AS MATERIALIZED (
      SELECT r.id AS line_id, t.id AS contribution_id, t.bill_id, r.paid_at,
             least(r.upto, t.upto) - greatest(r.upto - r.amount, t.upto - t.owed) AS amount
        FROM ranked r JOIN target t ON t.g = r.g
       WHERE r.upto - r.amount < t.upto AND t.upto - t.owed < r.upto
    ),
    line_total AS (SELECT line_id, sum(amount) AS amount FROM alloc GROUP BY line_id),
    group_owed AS (SELECT g, max(upto) AS owed FROM target GROUP BY g),
    settled AS MATERIALIZED (
      SELECT r.id, r.bill_id, coalesce(lt.amount, 0)::int8 AS allocated,
             (r.amount - coalesce(lt.amount, 0))::int8 AS credit,
             CASE WHEN r.amount > coalesce(lt.amount, 0) THEN 'over'
                  WHEN r.upto < coalesce(o.owed, 0) THEN 'partial'
                  ELSE 'matched' END AS status
        FROM ranked r
        LEFT JOIN line_total lt ON lt.line_id = r.id
        LEFT JOIN group_owed o ON o.g = r.g
    ),
    saved AS (
      INSERT INTO payment_allocation (line_id, contribution_id, amount)
      SELECT line_id, contribution_id, amount FROM alloc ORDER BY line_id, contribution_id
    ),
    ${settlementSql()}`;
}
