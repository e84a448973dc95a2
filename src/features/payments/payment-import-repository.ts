import type { Problem } from '../../core/message.ts';
import type { PaymentKind } from '../../core/payment-files.ts';
import { advisoryLockHeld, type Database, type Queryable } from '../../db/database.ts';

/** The payment imports, their staged lines and their issues: the bookkeeping around the one statement that records them. */

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

export const utc = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;

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
