import type { Problem } from '../../core/message.ts';
import type { PaymentKind } from '../../core/payment-files.ts';
import { advisoryLockHeld, type Database, type Queryable } from '../../db/database.ts';
import type { UnmatchedCode } from './payment-formats.ts';

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

/** PostgreSQL's unique-violation code. */
const UNIQUE_VIOLATION = '23505';

export function isSameFileViolation(error: unknown): boolean {
  const e = error as { code?: string; constraint?: string; message?: string } | null;
  return (
    e?.code === UNIQUE_VIOLATION &&
    (e.constraint === 'payment_import_file_key' || (e.message ?? '').includes('payment_import_file_key'))
  );
}

/** The staging columns, in the order the service writes each COPY line. */
export const STAGE_COLUMNS = [
  'import_id',
  'row_number',
  'line_key',
  'reference',
  'reference_digits',
  'va_digits',
  'nip',
  'nik',
  'kpj',
  'period',
  'amount',
  'paid_at',
  'bank_transaction_id',
  'description',
] as const;

export interface PaymentImportRecord extends Record<string, unknown> {
  id: string;
  pemda_code: string;
  kind: PaymentKind;
  file_name: string | null;
  status: 'running' | 'completed' | 'duplicate' | 'failed';
  duplicate_of: string | null;
  rows_read: number | null;
  lines: number | null;
  repeated: number | null;
  rejected: number | null;
  nothing_paid: number | null;
  matched: number | null;
  partial: number | null;
  over: number | null;
  unmatched: number | null;
  amount_total: number | null;
  amount_allocated: number | null;
  amount_credit: number | null;
  amount_unmatched: number | null;
  issues: number;
  error_code: string | null;
  error_message_id: string | null;
  error_message_en: string | null;
  created_at: string;
  finished_at: string | null;
}

const utc = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;

const IMPORT_COLUMNS = `i.id, i.pemda_code, i.kind, i.file_name, i.status, i.duplicate_of, i.rows_read, i.lines,
  i.repeated, i.rejected, i.nothing_paid, i.matched, i.partial, i.over, i.unmatched, i.amount_total,
  i.amount_allocated, i.amount_credit, i.amount_unmatched,
  (SELECT count(*) FROM payment_issue pi WHERE pi.import_id = i.id)::int AS issues,
  i.error_code, i.error_message_id, i.error_message_en,
  ${utc('i.created_at')} AS created_at, ${utc('i.finished_at')} AS finished_at`;

export async function findImport(db: Queryable, id: string): Promise<PaymentImportRecord | undefined> {
  const [row] = await db.query<PaymentImportRecord>(
    `SELECT ${IMPORT_COLUMNS} FROM payment_import i WHERE i.id = $1`,
    [id],
  );
  return row;
}

/** The completed import of this very file, if there is one. */
export async function findCompletedImport(
  db: Queryable,
  pemdaCode: string,
  kind: PaymentKind,
  sha256: string,
): Promise<PaymentImportRecord | undefined> {
  const [row] = await db.query<PaymentImportRecord>(
    `SELECT ${IMPORT_COLUMNS} FROM payment_import i
      WHERE i.pemda_code = $1 AND i.kind = $2 AND i.file_sha256 = $3 AND i.status = 'completed'`,
    [pemdaCode, kind, sha256],
  );
  return row;
}

export async function listImports(
  db: Queryable,
  pemdaCode: string,
  limit: number,
): Promise<PaymentImportRecord[]> {
  return db.query<PaymentImportRecord>(
    `SELECT ${IMPORT_COLUMNS} FROM payment_import i
      WHERE i.pemda_code = $1 ORDER BY i.created_at DESC, i.id LIMIT $2`,
    [pemdaCode, limit],
  );
}

export async function countStillUnmatched(
  db: Queryable,
  pemdaCode: string,
  importId: string,
): Promise<number> {
  const [row] = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM payment_line
      WHERE pemda_code = $1 AND status = 'unmatched' AND import_id = $2`,
    [pemdaCode, importId],
  );
  return row!.n;
}

export interface NewImport {
  id: string;
  pemdaCode: string;
  kind: PaymentKind;
  fileName: string | null;
  sha256: string;
  bytes: number;
  createdBy: number | null;
}

export async function insertImport(db: Queryable, row: NewImport): Promise<void> {
  await db.query(
    `INSERT INTO payment_import (id, pemda_code, kind, file_name, file_sha256, file_bytes, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [row.id, row.pemdaCode, row.kind, row.fileName, row.sha256, row.bytes, row.createdBy],
  );
}

/** Any fixed number: the class of the advisory lock by which a process owns its running imports. */
export const PAYMENT_OWNER_LOCK = 4_127_021;

/** Imports whose process is gone (their owner's lock no longer held) fail with `reason`. */
export async function failOwnerlessImports(db: Queryable, reason: Problem): Promise<void> {
  await db.query(
    `UPDATE payment_import
        SET status = 'failed', error_code = $1, error_message_id = $2, error_message_en = $3, finished_at = now()
      WHERE status = 'running' AND NOT ${advisoryLockHeld(PAYMENT_OWNER_LOCK, 'payment_import.id')}`,
    [reason.code, reason.message.id, reason.message.en],
  );
}

/** Staged lines of imports no longer running: a dead one's, or a finished one's its process left. */
export async function deleteDeadStagedLines(db: Queryable): Promise<void> {
  await db.query(
    `DELETE FROM payment_stage
      WHERE import_id IN (SELECT id FROM payment_import WHERE status <> 'running')`,
  );
}

export async function failImport(db: Queryable, id: string, reason: Problem): Promise<void> {
  await db.query(
    `UPDATE payment_import
        SET status = 'failed', error_code = $2, error_message_id = $3, error_message_en = $4, finished_at = now()
      WHERE id = $1 AND status = 'running'`,
    [id, reason.code, reason.message.id, reason.message.en],
  );
}

export async function markDuplicate(db: Queryable, id: string, duplicateOf: string): Promise<void> {
  await db.query(
    `UPDATE payment_import SET status = 'duplicate', duplicate_of = $2, finished_at = now()
      WHERE id = $1 AND status = 'running'`,
    [id, duplicateOf],
  );
}

export async function deleteStagedLines(db: Queryable, importId: string): Promise<void> {
  await db.query('DELETE FROM payment_stage WHERE import_id = $1', [importId]);
}

/** Stages readable lines with COPY; `chunks` are COPY text lines of `STAGE_COLUMNS`. */
export function stageLines(db: Database, chunks: AsyncIterable<string>): Promise<number> {
  return db.copyFrom('payment_stage', STAGE_COLUMNS, chunks);
}

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
function allocationSql(group: AllocationGroup): string {
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
    paid AS (
      UPDATE contribution c
         SET paid_amount = c.paid_amount + a.amount,
             status = CASE WHEN c.paid_amount + a.amount = c.amount THEN 'paid' ELSE c.status END,
             paid_at = CASE
               WHEN c.paid_amount + a.amount < c.amount THEN c.paid_at
               WHEN c.paid_amount = 0 THEN a.paid_at
               ELSE greatest(a.paid_at, (SELECT max(pl.paid_at) FROM payment_allocation pa
                                           JOIN payment_line pl ON pl.id = pa.line_id
                                          WHERE pa.contribution_id = c.id))
             END
        -- In the table's order: a million updates then walk the heap and the indexes once,
        -- instead of jumping between pages no longer in memory.
        FROM (SELECT contribution_id, sum(amount) AS amount, max(paid_at) AS paid_at
                FROM alloc GROUP BY contribution_id ORDER BY contribution_id) a
       WHERE c.id = a.contribution_id
    ),
    bill_move AS (
      SELECT bill_id, sum(paid) AS paid, sum(reconciled) AS reconciled
        FROM (SELECT bill_id, amount AS paid, amount AS reconciled FROM alloc
              UNION ALL
              SELECT bill_id, credit, 0 FROM settled WHERE credit > 0 AND bill_id IS NOT NULL) m
       GROUP BY bill_id
    ),
    billed AS (
      UPDATE bill b
         SET paid_amount = b.paid_amount + m.paid, reconciled_amount = b.reconciled_amount + m.reconciled
        FROM bill_move m
       WHERE b.id = m.bill_id
    )`;
}

/** The lines of this import not yet known: a file's repeat of a line counts once, its first row. */
const NEW_STAGED_LINES = `
    s AS MATERIALIZED (
      SELECT st.* FROM payment_stage st
       WHERE st.import_id = $1
         AND st.row_number IN (SELECT min(row_number) FROM payment_stage WHERE import_id = $1 GROUP BY line_key)
         AND NOT EXISTS (SELECT 1 FROM payment_line p
                          WHERE p.pemda_code = $2 AND p.kind = $3 AND p.line_key = st.line_key)
    )`;

const NEXT_LINE_ID = `nextval(pg_get_serial_sequence('payment_line', 'id'))`;
const BILL_DIGITS = `regexp_replace(b.reference, '[^0-9]', '', 'g')`;

/**
 * Per kind of file: `matched`, the new lines with a line id, how each was matched (the bill and
 * the target columns of its group) or why not (`unmatched_code`).
 */
const MATCHING: Record<PaymentKind, { group: AllocationGroup; sql: string }> = {
  // The reference in the description, else the VA number: its last digits, as many as a bill
  // reference of this Pemda has (`$4`), longest first.
  bank: {
    group: 'bill',
    sql: `
    matched AS MATERIALIZED (
      SELECT s.*, ${NEXT_LINE_ID} AS id, coalesce(r.id, v.id) AS bill_id,
             CASE WHEN coalesce(r.id, v.id) IS NOT NULL THEN 'reference' END AS method,
             NULL::text AS target_nip, NULL::text AS target_nik, NULL::date AS target_period,
             CASE WHEN coalesce(r.id, v.id) IS NULL THEN
               CASE WHEN s.reference_digits IS NULL AND s.va_digits IS NULL THEN 'NO_REFERENCE'
                    ELSE 'REFERENCE_UNKNOWN' END
             END AS unmatched_code
        FROM s
        LEFT JOIN bill r ON r.pemda_code = $2 AND regexp_replace(r.reference, '[^0-9]', '', 'g') = s.reference_digits
        LEFT JOIN LATERAL (
          SELECT b.id FROM unnest($4::int4[]) AS n (digits)
            JOIN bill b ON b.pemda_code = $2 AND ${BILL_DIGITS} = right(s.va_digits, n.digits)
           WHERE r.id IS NULL AND s.va_digits IS NOT NULL
           ORDER BY n.digits DESC LIMIT 1
        ) v ON true
    )`,
  },
  // The bill by its reference and the ASN on it; else the bill holding the ASN's contributions
  // of the period.
  payroll: {
    group: 'asn_on_bill',
    sql: `
    on_reference AS MATERIALIZED (
      SELECT s.*, r.id AS reference_bill_id FROM s
        LEFT JOIN bill r ON r.pemda_code = $2 AND regexp_replace(r.reference, '[^0-9]', '', 'g') = s.reference_digits
    ),
    bill_nip AS (
      SELECT DISTINCT c.bill_id, c.sponsor_nip
        FROM (SELECT DISTINCT reference_bill_id FROM on_reference WHERE reference_bill_id IS NOT NULL) rb
        JOIN contribution c ON c.bill_id = rb.reference_bill_id
       WHERE c.sponsor_nip IS NOT NULL
    ),
    on_bill AS MATERIALIZED (
      SELECT x.*, bn.bill_id AS nip_bill_id FROM on_reference x
        LEFT JOIN bill_nip bn ON bn.bill_id = x.reference_bill_id AND bn.sponsor_nip = x.nip
    ),
    nip_month AS (
      SELECT x.row_number, min(c.bill_id) AS bill_id
        FROM on_bill x
        JOIN sponsor sp ON sp.kind = 'asn' AND sp.nip = x.nip
        JOIN contribution c ON c.sponsor_id = sp.id AND c.period = x.period AND c.pemda_code = $2
       WHERE x.nip_bill_id IS NULL AND x.period IS NOT NULL
       GROUP BY x.row_number
    ),
    matched AS MATERIALIZED (
      SELECT x.*, ${NEXT_LINE_ID} AS id, coalesce(x.nip_bill_id, nm.bill_id) AS bill_id,
             CASE WHEN x.nip_bill_id IS NOT NULL THEN 'reference_nip'
                  WHEN nm.bill_id IS NOT NULL THEN 'nip_period' END AS method,
             x.nip AS target_nip, NULL::text AS target_nik, x.period AS target_period,
             CASE WHEN x.nip_bill_id IS NULL AND nm.bill_id IS NULL THEN
               CASE WHEN x.reference_bill_id IS NOT NULL THEN 'NIP_NOT_IN_BILL'
                    WHEN x.reference_digits IS NOT NULL THEN 'REFERENCE_UNKNOWN'
                    ELSE 'NIP_PERIOD_UNKNOWN' END
             END AS unmatched_code
        FROM on_bill x LEFT JOIN nip_month nm ON nm.row_number = x.row_number
    )`,
  },
  // The worker by NIK, or by KPJ when only that is given; then their contribution of the month.
  bpjstk: {
    group: 'worker_month',
    sql: `
    by_worker AS MATERIALIZED (
      SELECT s.*, coalesce(s.nik, k.nik) AS worker_nik FROM s
        LEFT JOIN LATERAL (
          SELECT w.nik FROM worker w WHERE s.nik IS NULL AND w.kpj = s.kpj ORDER BY w.nik LIMIT 1
        ) k ON true
    ),
    worker_month AS (
      SELECT x.row_number, min(c.bill_id) AS bill_id
        FROM by_worker x
        JOIN contribution c ON c.nik = x.worker_nik AND c.period = x.period AND c.pemda_code = $2
       GROUP BY x.row_number
    ),
    matched AS MATERIALIZED (
      SELECT x.*, ${NEXT_LINE_ID} AS id, wm.bill_id,
             CASE WHEN wm.bill_id IS NOT NULL THEN
               CASE WHEN x.nik IS NOT NULL THEN 'nik_period' ELSE 'kpj_period' END
             END AS method,
             NULL::text AS target_nip, x.worker_nik AS target_nik, x.period AS target_period,
             CASE WHEN wm.bill_id IS NULL THEN
               CASE WHEN x.worker_nik IS NULL THEN 'KPJ_UNKNOWN' ELSE 'WORKER_PERIOD_UNKNOWN' END
             END AS unmatched_code
        FROM by_worker x LEFT JOIN worker_month wm ON wm.row_number = x.row_number
    )`,
  },
};

export interface RecordedCounts extends Record<string, unknown> {
  lines: number;
  matched: number;
  partial: number;
  over: number;
  unmatched: number;
  amount_total: number;
  amount_allocated: number;
  amount_credit: number;
  amount_unmatched: number;
}

/** Readies the one statement for a million staged lines: sorted and hashed in memory, uncompiled, the staging table's size known. */
export async function prepareRecording(tx: Queryable): Promise<void> {
  await tx.query(`SET LOCAL work_mem = '256MB'`);
  // Compiling this statement's expressions takes longer than running them.
  await tx.query('SET LOCAL jit = off');
  await tx.query('SET LOCAL default_statistics_target = 10');
  await tx.exec('ANALYZE payment_stage');
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

/**
 * Staged rows that did not become lines repeat a line already recorded, by an earlier file or an
 * earlier row of this one: each gets a warning.
 */
export async function recordRepeatedLines(
  tx: Queryable,
  importId: string,
  pemdaCode: string,
  kind: PaymentKind,
  column: string,
  repeated: Problem,
): Promise<void> {
  await tx.query(
    `INSERT INTO payment_issue (import_id, row_number, seq, column_name, value, code, severity, message_id, message_en)
     SELECT $1, s.row_number, 90, $4, coalesce(s.bank_transaction_id, s.reference, s.nip, s.nik, s.kpj), $5,
            'warning', $6, $7
       FROM payment_stage s
       JOIN payment_line l ON l.pemda_code = $2 AND l.kind = $3 AND l.line_key = s.line_key
      WHERE s.import_id = $1 AND (l.import_id <> $1 OR l.row_number <> s.row_number)`,
    [importId, pemdaCode, kind, column, repeated.code, repeated.message.id, repeated.message.en],
  );
}

export interface ImportTotals extends RecordedCounts {
  rowsRead: number;
  repeated: number;
  rejected: number;
  nothingPaid: number;
}

export async function saveSummary(tx: Queryable, id: string, totals: ImportTotals): Promise<void> {
  await tx.query(
    `UPDATE payment_import
        SET rows_read = $2, lines = $3, repeated = $4, rejected = $5, nothing_paid = $6, matched = $7,
            partial = $8, over = $9, unmatched = $10, amount_total = $11, amount_allocated = $12,
            amount_credit = $13, amount_unmatched = $14
      WHERE id = $1`,
    [
      id,
      totals.rowsRead,
      totals.lines,
      totals.repeated,
      totals.rejected,
      totals.nothingPaid,
      totals.matched,
      totals.partial,
      totals.over,
      totals.unmatched,
      totals.amount_total,
      totals.amount_allocated,
      totals.amount_credit,
      totals.amount_unmatched,
    ],
  );
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
