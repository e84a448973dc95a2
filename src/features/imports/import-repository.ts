import type { Problem } from '../../core/message.ts';
import { advisoryLockHeld, type Queryable } from '../../db/database.ts';
import type { IssueBatch } from '../../platform/files/issues.ts';
import type { ImportCounts, ImportKind, ImportStatus } from './import-types.ts';

export interface NewJob {
  id: string;
  kind: ImportKind;
  pemdaCode: string;
  fileName: string | null;
  fileBytes: number | null;
  status: Extract<ImportStatus, 'queued' | 'running'>;
  dryRun: boolean;
  full: boolean;
  runner: 'local' | 'api';
  createdBy: number | null;
}

export async function insertJob(db: Queryable, job: NewJob): Promise<void> {
  await db.query(
    `INSERT INTO import_job (id, kind, pemda_code, file_name, file_bytes, status, dry_run, full_roster, runner,
                             created_by, started_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, CASE WHEN $6 = 'running' THEN now() END)`,
    [
      job.id,
      job.kind,
      job.pemdaCode,
      job.fileName,
      job.fileBytes,
      job.status,
      job.dryRun,
      job.full,
      job.runner,
      job.createdBy,
    ],
  );
}

/** A queued job is taken up; false when it is no longer queued (failed as interrupted meanwhile). */
export async function startJob(db: Queryable, id: string): Promise<boolean> {
  const rows = await db.query(
    `UPDATE import_job SET status = 'running', started_at = now()
      WHERE id = $1 AND status = 'queued' RETURNING id`,
    [id],
  );
  return rows.length > 0;
}

export async function recordProgress(
  db: Queryable,
  id: string,
  rowsRead: number,
  bytesRead: number,
): Promise<void> {
  await db.query(
    `UPDATE import_job SET rows_read = $2, bytes_read = $3
      WHERE id = $1 AND status = 'running'`,
    [id, rowsRead, bytesRead],
  );
}

export async function failJob(db: Queryable, id: string, reason: Problem): Promise<void> {
  await db.query(
    `UPDATE import_job
        SET status = 'failed', error_code = $2, error_message_id = $3, error_message_en = $4, finished_at = now()
      WHERE id = $1 AND status IN ('queued', 'running')`,
    [id, reason.code, reason.message.id, reason.message.en],
  );
}

/** Marks the job done with its summary; false when it had meanwhile been failed as interrupted. */
export async function completeJob(
  tx: Queryable,
  id: string,
  counts: ImportCounts,
  file: { sha256: string | null; bytes: number | null; bytesRead: number },
): Promise<boolean> {
  const rows = await tx.query(
    `UPDATE import_job
        SET status = 'completed', read = $2, inserted = $3, updated = $4, unchanged = $5, rejected = $6,
            warned = $7, linked = $8, deactivated = $9, rows_read = $2, file_sha256 = $10,
            file_bytes = coalesce($11, file_bytes), bytes_read = $12, finished_at = now()
      WHERE id = $1 AND status = 'running' RETURNING id`,
    [
      id,
      counts.read,
      counts.inserted,
      counts.updated,
      counts.unchanged,
      counts.rejected,
      counts.warned,
      counts.linked,
      counts.deactivated,
      file.sha256,
      file.bytes,
      file.bytesRead,
    ],
  );
  return rows.length > 0;
}

/** Any fixed number: the class of the advisory lock by which a process owns its jobs. */
export const IMPORT_OWNER_LOCK = 4_127_020;

/**
 * Jobs whose process is gone, known at once by the owner's lock no longer held (see
 * `Database.holdLock`), fail with `reason`; resolves with how many.
 */
export async function failOwnerlessJobs(db: Queryable, reason: Problem): Promise<number> {
  const failed = await db.query(
    `UPDATE import_job
        SET status = 'failed', error_code = $1, error_message_id = $2, error_message_en = $3, finished_at = now()
      WHERE status IN ('queued', 'running') AND NOT ${advisoryLockHeld(IMPORT_OWNER_LOCK, 'import_job.id')}
      RETURNING id`,
    [reason.code, reason.message.id, reason.message.en],
  );
  return failed.length;
}

export async function insertIssues(db: Queryable, importId: string, issues: IssueBatch): Promise<void> {
  if (issues.rowNumber.length === 0) return;
  await db.query(
    `INSERT INTO import_issue (import_id, row_number, seq, column_name, value, code, severity, message_id,
                               message_en, record_key)
     SELECT $1, * FROM unnest($2::int4[], $3::int2[], $4::text[], $5::text[], $6::text[], $7::text[],
                              $8::text[], $9::text[], $10::text[])`,
    [
      importId,
      issues.rowNumber,
      issues.seq,
      issues.column,
      issues.value,
      issues.code,
      issues.severity,
      issues.messageId,
      issues.messageEn,
      issues.recordKey,
    ],
  );
}

export interface JobRecord extends Record<string, unknown> {
  id: string;
  kind: ImportKind;
  pemda_code: string;
  file_name: string | null;
  file_bytes: number | null;
  status: ImportStatus;
  dry_run: boolean;
  full_roster: boolean;
  read: number | null;
  inserted: number | null;
  updated: number | null;
  unchanged: number | null;
  rejected: number | null;
  warned: number | null;
  linked: number | null;
  deactivated: number | null;
  rows_read: number;
  bytes_read: number;
  error_code: string | null;
  error_message_id: string | null;
  error_message_en: string | null;
  created_at: string;
  finished_at: string | null;
}

const JOB_COLUMNS = `id, kind, pemda_code, file_name, file_bytes, status, dry_run, full_roster, read, inserted,
  updated, unchanged, rejected, warned, linked, deactivated, rows_read, bytes_read, error_code,
  error_message_id, error_message_en,
  to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS created_at,
  to_char(finished_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS finished_at`;

export async function findJob(db: Queryable, id: string): Promise<JobRecord | undefined> {
  const [row] = await db.query<JobRecord>(`SELECT ${JOB_COLUMNS} FROM import_job WHERE id = $1`, [id]);
  return row;
}

export async function listJobs(db: Queryable, pemdaCode: string, limit: number): Promise<JobRecord[]> {
  return db.query<JobRecord>(
    `SELECT ${JOB_COLUMNS} FROM import_job WHERE pemda_code = $1 ORDER BY created_at DESC, id LIMIT $2`,
    [pemdaCode, limit],
  );
}
