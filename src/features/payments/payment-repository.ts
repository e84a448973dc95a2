import type { PaymentKind } from '../../core/payment-files.ts';
import type { Queryable } from '../../db/database.ts';
import { type AllocationGroup, allocationSql } from './payment-allocation-sql.ts';
import type { UnmatchedCode } from './payment-formats.ts';
import { type RecordedCounts, utc } from './payment-import-repository.ts';
import { BILL_DIGITS, MATCHING, NEW_STAGED_LINES } from './payment-matching-sql.ts';

/**
 * Every statement of the payments feature. An import stages its readable lines with COPY, then
 * ONE statement matches them to bills and contributions, allocates their money (oldest month
 * first within each payer's contributions), records the lines, the allocations and the moved
 * counters. The allocation is interval arithmetic: within a group of contributions a payer owes,
 * contribution i owes the rupiah range [O(i-1), O(i)) of the running total and line j brings
 * [A(j-1), A(j)); what j pays i is the overlap. No loop, however many lines share a bill.
 */

/** Any two numbers; payments of one Pemda queue on it, so each sees what the last one paid. */
const ALLOCATION_LOCK = 4_127_014;

/**
 * The file's commit point: the import becomes the completed import of its file. A concurrent
 * import of the same file that committed first makes this fail on `payment_import_file_key`
 * (see `isSameFileViolation`); then the Pemda's payments are locked for the rest of the
 * transaction, so that the next statements see every line an earlier import paid.
 */
export async function claimFile(tx: Queryable, id: string, pemdaCode: string): Promise<void> {
  await tx.query(`UPDATE payment_import SET status = 'completed', finished_at = now() WHERE id = $1`, [id]);
  await lockPemdaPayments(tx, pemdaCode);
}

async function lockPemdaPayments(tx: Queryable, pemdaCode: string): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [ALLOCATION_LOCK, pemdaCode]);
}

/**
 * Matches, allocates and records the import's new staged lines in one statement (inside the
 * transaction `claimFile` began). Lines already recorded, by this file or an earlier one, are
 * left out: `recordRepeatedLines` reports them.
 */
export async function recordLines(
  tx: Queryable,
  importId: string,
  pemdaCode: string,
  kind: PaymentKind,
): Promise<RecordedCounts> {
  const matching = MATCHING[kind];
  const params: unknown[] = [importId, pemdaCode, kind];
  if (kind === 'bank') params.push(await referenceDigitLengths(tx, pemdaCode));
  const [counts] = await tx.query<RecordedCounts>(
    `WITH ${NEW_STAGED_LINES},
     ${matching.sql},
     line AS (
       SELECT id, row_number, line_key, amount, paid_at, bill_id, target_nip, target_nik, target_period,
              NULL::int8 AS target_contribution_id
         FROM matched WHERE method IS NOT NULL
     ),
     ${allocationSql(matching.group)},
     inserted AS (
       INSERT INTO payment_line (id, import_id, pemda_code, kind, row_number, line_key, reference, nip, nik, kpj,
                                 va_number, bank_transaction_id, description, period, amount, paid_at, match_method,
                                 bill_id, target_nip, target_nik, target_period, status, unmatched_code, allocated,
                                 credit)
       OVERRIDING SYSTEM VALUE
       SELECT m.id, $1, $2, $3, m.row_number, m.line_key, m.reference, m.nip, m.nik, m.kpj, m.va_digits,
              m.bank_transaction_id, m.description, m.period, m.amount, m.paid_at, m.method, m.bill_id,
              m.target_nip, m.target_nik, m.target_period, coalesce(st.status, 'unmatched'), m.unmatched_code,
              coalesce(st.allocated, 0), coalesce(st.credit, 0)
         FROM matched m LEFT JOIN settled st ON st.id = m.id
       RETURNING status, amount, allocated, credit
     )
     SELECT count(*)::int AS lines,
            count(*) FILTER (WHERE status = 'matched')::int AS matched,
            count(*) FILTER (WHERE status = 'partial')::int AS partial,
            count(*) FILTER (WHERE status = 'over')::int AS over,
            count(*) FILTER (WHERE status = 'unmatched')::int AS unmatched,
            coalesce(sum(amount), 0)::int8 AS amount_total,
            coalesce(sum(allocated), 0)::int8 AS amount_allocated,
            coalesce(sum(credit), 0)::int8 AS amount_credit,
            coalesce(sum(amount) FILTER (WHERE status = 'unmatched'), 0)::int8 AS amount_unmatched
       FROM inserted`,
    params,
  );
  return counts!;
}

/** How many digits the references of the Pemda's bills have: a VA number ends with one of them. */
async function referenceDigitLengths(tx: Queryable, pemdaCode: string): Promise<number[]> {
  const rows = await tx.query<{ digits: number }>(
    `SELECT DISTINCT length(${BILL_DIGITS}) AS digits FROM bill b WHERE b.pemda_code = $1`,
    [pemdaCode],
  );
  return rows.map((row) => row.digits);
}

export interface LineRecord extends Record<string, unknown> {
  id: number;
  import_id: string;
  pemda_code: string;
  kind: PaymentKind;
  file_name: string | null;
  row_number: number;
  amount: number;
  paid_at: string;
  reference: string | null;
  va_number: string | null;
  nip: string | null;
  nik: string | null;
  kpj: string | null;
  period: string | null;
  bank_transaction_id: string | null;
  description: string | null;
  status: string;
  unmatched_code: UnmatchedCode | null;
}

const LINE_COLUMNS = `l.id, l.import_id, l.pemda_code, l.kind, i.file_name, l.row_number, l.amount,
  ${utc('l.paid_at')} AS paid_at, l.reference, l.va_number, l.nip, l.nik, l.kpj,
  to_char(l.period, 'YYYY-MM') AS period, l.bank_transaction_id, l.description, l.status, l.unmatched_code`;

export async function findLine(db: Queryable, id: number): Promise<LineRecord | undefined> {
  const [row] = await db.query<LineRecord>(
    `SELECT ${LINE_COLUMNS} FROM payment_line l JOIN payment_import i ON i.id = l.import_id WHERE l.id = $1`,
    [id],
  );
  return row;
}

/** A Pemda's unmatched lines, oldest first, with how many there are in all. */
export async function listUnmatched(
  db: Queryable,
  pemdaCode: string,
  page: { limit: number; offset: number },
): Promise<{ items: LineRecord[]; total: number }> {
  const [rows, [count]] = await Promise.all([
    db.query<LineRecord>(
      `SELECT ${LINE_COLUMNS} FROM payment_line l JOIN payment_import i ON i.id = l.import_id
        WHERE l.pemda_code = $1 AND l.status = 'unmatched'
        ORDER BY l.id LIMIT $2 OFFSET $3`,
      [pemdaCode, page.limit, page.offset],
    ),
    db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM payment_line WHERE pemda_code = $1 AND status = 'unmatched'`,
      [pemdaCode],
    ),
  ]);
  return { items: rows, total: count!.n };
}

/** A bill of the Pemda by its reference, hyphens and case as anyone writes them. */
export async function findBillByReference(
  db: Queryable,
  pemdaCode: string,
  reference: string,
): Promise<{ id: number; reference: string } | undefined> {
  const [row] = await db.query<{ id: number; reference: string }>(
    `SELECT b.id, b.reference FROM bill b
      WHERE b.pemda_code = $1 AND ${BILL_DIGITS} = regexp_replace($2, '[^0-9]', '', 'g')
      ORDER BY b.id LIMIT 1`,
    [pemdaCode, reference],
  );
  return row;
}

export async function findContribution(
  db: Queryable,
  pemdaCode: string,
  id: number,
): Promise<{ id: number; bill_id: number } | undefined> {
  const [row] = await db.query<{ id: number; bill_id: number }>(
    'SELECT id, bill_id FROM contribution WHERE id = $1 AND pemda_code = $2',
    [id, pemdaCode],
  );
  return row;
}

export async function isNipOnBill(db: Queryable, billId: number, nip: string): Promise<boolean> {
  const rows = await db.query('SELECT 1 FROM contribution WHERE bill_id = $1 AND sponsor_nip = $2 LIMIT 1', [
    billId,
    nip,
  ]);
  return rows.length > 0;
}

export interface Assignment {
  lineId: number;
  pemdaCode: string;
  group: AllocationGroup;
  method: 'bill' | 'contribution';
  billId: number;
  targetNip: string | null;
  contributionId: number | null;
  userId: number | null;
  reason: string;
}

export interface AssignedLine extends Record<string, unknown> {
  id: number;
  status: 'matched' | 'partial' | 'over';
  allocated: number;
  credit: number;
  bill_reference: string | null;
}

/** An officer's assignment of an unmatched line: allocated as an import would; undefined when it is no longer unmatched. */
export async function assignLine(tx: Queryable, a: Assignment): Promise<AssignedLine | undefined> {
  await lockPemdaPayments(tx, a.pemdaCode);
  const [row] = await tx.query<AssignedLine>(
    `WITH line AS MATERIALIZED (
       SELECT l.id, l.row_number, l.line_key, l.amount, l.paid_at, $3::int8 AS bill_id, $4::text AS target_nip, NULL::text AS target_nik,
              NULL::date AS target_period, $5::int8 AS target_contribution_id
         FROM payment_line l WHERE l.id = $1 AND l.pemda_code = $2 AND l.status = 'unmatched'
     ),
     ${allocationSql(a.group)},
     resolved AS (
       UPDATE payment_line l
          SET status = st.status, allocated = st.allocated, credit = st.credit, match_method = $6,
              bill_id = st.bill_id, target_nip = $4, target_contribution_id = $5, unmatched_code = NULL,
              resolved_by = $7, resolved_at = now(), resolution_reason = $8
         FROM settled st WHERE l.id = st.id
       RETURNING l.id, l.status, l.allocated, l.credit, l.bill_id
     )
     SELECT r.id, r.status, r.allocated, r.credit, b.reference AS bill_reference
       FROM resolved r LEFT JOIN bill b ON b.id = r.bill_id`,
    [a.lineId, a.pemdaCode, a.billId, a.targetNip, a.contributionId, a.method, a.userId, a.reason],
  );
  return row;
}

/** An officer says the money is not for this programme; false when the line is no longer unmatched. */
export async function markNotOurs(
  tx: Queryable,
  lineId: number,
  pemdaCode: string,
  userId: number | null,
  reason: string,
): Promise<boolean> {
  const rows = await tx.query(
    `UPDATE payment_line
        SET status = 'not_ours', unmatched_code = NULL, resolved_by = $3, resolved_at = now(), resolution_reason = $4
      WHERE id = $1 AND pemda_code = $2 AND status = 'unmatched'
      RETURNING id`,
    [lineId, pemdaCode, userId, reason],
  );
  return rows.length > 0;
}
