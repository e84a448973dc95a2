import type { Problem } from '../../core/message.ts';
import { advisoryLockHeld, type Database, type Queryable } from '../../db/database.ts';
import type { IssueBatch } from '../../platform/files/issues.ts';
import type { ImportCounts, ImportKind, ImportStatus } from './import-types.ts';

/** Valid rows of one batch, column by column: one array per staging column, in row order. */
export interface AsnBatch {
  rowNumber: number[];
  nip: string[];
  name: string[];
  opdName: string[];
  opdKey: string[];
  employmentType: string[];
  rank: (string | null)[];
  echelon: (string | null)[];
  baseSalary: number[];
  villageCode: (string | null)[];
  warned: boolean[];
}

/**
 * A row the staging turned away: an ASN another Pemda holds, or a repeat of an earlier row,
 * staged by an earlier batch (`first_row`) or by this one (null: the batch knows which).
 */
export interface StagingRejection extends Record<string, unknown> {
  row_number: number;
  key: string;
  first_row: number | null;
  other_pemda: string | null;
}

/** The villages of a Pemda (a regency's, or a whole province's): a few hundred to a few thousand codes. */
export async function pemdaVillageCodes(db: Queryable, pemdaCode: string): Promise<string[]> {
  const rows = await db.query<{ code: string }>(
    `SELECT code FROM region WHERE level = 'village' AND code LIKE $1 || '.%'`,
    [pemdaCode],
  );
  return rows.map((row) => row.code);
}

/** Today's regencies and districts, against which a NIK's place of issue is checked. */
export async function currentRegencyAndDistrictCodes(db: Queryable): Promise<string[]> {
  const rows = await db.query<{ code: string }>(
    `SELECT code FROM region WHERE level IN ('regency', 'district')`,
  );
  return rows.map((row) => row.code);
}

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

const STAGING_TABLE: Record<ImportKind, string> = {
  asn: 'import_asn_row',
  workers: 'import_worker_row',
};

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

/**
 * The staging rows of every job no longer running: a dead job's, and a finished one's whose
 * process died before it cleared them. Run after `failOwnerlessJobs`, before a job stages.
 */
export async function deleteDeadStagedRows(db: Queryable): Promise<void> {
  for (const table of Object.values(STAGING_TABLE)) {
    await db.query(
      `DELETE FROM ${table}
        WHERE import_id IN (SELECT id FROM import_job WHERE status IN ('completed', 'failed'))`,
    );
  }
}

export async function deleteStagedRows(db: Queryable, kind: ImportKind, importId: string): Promise<void> {
  await db.query(`DELETE FROM ${STAGING_TABLE[kind]} WHERE import_id = $1`, [importId]);
}

/**
 * Stages a batch of valid roster rows. A NIP seen earlier in the file is not staged again (the
 * first row wins), nor is one an active ASN of another Pemda holds: that Pemda lets them go
 * first (a full roster import), so a roster cannot take over someone else's staff.
 */
export async function stageAsnBatch(
  db: Queryable,
  importId: string,
  pemdaCode: string,
  batch: AsnBatch,
): Promise<StagingRejection[]> {
  return db.query<StagingRejection>(
    `WITH batch AS (
       SELECT * FROM unnest($3::int4[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                            $9::text[], $10::text[], $11::int8[], $12::text[], $13::bool[])
         AS b (row_number, nip, name, opd_name, opd_key, employment_type, rank, echelon, base_salary,
               village_code, warned)
     ), elsewhere AS (
       SELECT b.row_number, a.pemda_code
         FROM batch b JOIN asn a ON a.nip = b.nip AND a.pemda_code <> $2 AND a.active
     ), staged AS (
       INSERT INTO import_asn_row (import_id, row_number, nip, name, opd_name, opd_key, employment_type, rank,
                                   echelon, base_salary, village_code, warned)
       SELECT $1, b.* FROM batch b
        WHERE NOT EXISTS (SELECT 1 FROM elsewhere e WHERE e.row_number = b.row_number)
        ORDER BY b.row_number
       ON CONFLICT (import_id, nip) DO NOTHING
       RETURNING row_number
     )
     SELECT b.row_number, b.nip AS key, e.pemda_code AS other_pemda, earlier.row_number AS first_row
       FROM batch b
       LEFT JOIN staged s ON s.row_number = b.row_number
       LEFT JOIN elsewhere e ON e.row_number = b.row_number
       LEFT JOIN import_asn_row earlier ON earlier.import_id = $1 AND earlier.nip = b.nip
      WHERE s.row_number IS NULL
      ORDER BY b.row_number`,
    [
      importId,
      pemdaCode,
      batch.rowNumber,
      batch.nip,
      batch.name,
      batch.opdName,
      batch.opdKey,
      batch.employmentType,
      batch.rank,
      batch.echelon,
      batch.baseSalary,
      batch.villageCode,
      batch.warned,
    ],
  );
}

/** The staging columns of a worker row, in the order `workerStagingLine` writes them. */
export const WORKER_STAGING_COLUMNS = [
  'import_id',
  'row_number',
  'nik',
  'name',
  'birth_date',
  'sex',
  'occupation',
  'sector',
  'village_code',
  'phone',
  'welfare_decile',
  'warned',
] as const;

/**
 * Stages valid worker rows with COPY, chunks of COPY text (`WORKER_STAGING_COLUMNS`) streamed as
 * they are made; a NIK repeated in the file is staged too, and `rejectDuplicateWorkers` sorts
 * it out. Resolves with the rows staged.
 */
export async function stageWorkerRows(db: Database, chunks: AsyncIterable<string>): Promise<number> {
  return db.copyFrom('import_worker_row', WORKER_STAGING_COLUMNS, chunks);
}

/**
 * Readies the merge transaction for a million staged rows: they are sorted and grouped in memory
 * rather than on disk, and the staging table is analysed (a small sample) so that the planner
 * knows how many there are; unanalysed, it takes them for a handful and joins them row by row.
 */
export async function prepareWorkerMerge(tx: Queryable): Promise<void> {
  await tx.query(`SET LOCAL work_mem = '256MB'`);
  await tx.query('SET LOCAL default_statistics_target = 10');
  await tx.exec('ANALYZE import_worker_row');
}

/** A message with `{first_row}` where the row first holding the key goes. */
export interface DuplicateMessage {
  code: string;
  id: string;
  en: string;
}

/**
 * A file's repeated NIKs: the first row of each stays staged, the later ones are taken out and
 * recorded as rejected (`seq` orders them after the row's own issues). One pass over the staging
 * rows, grouped in the database rather than remembered in memory. Resolves with how many.
 */
export async function rejectDuplicateWorkers(
  tx: Queryable,
  importId: string,
  seq: number,
  duplicate: DuplicateMessage,
): Promise<number> {
  const [row] = await tx.query<{ n: number }>(
    `WITH repeated AS MATERIALIZED (
       SELECT nik, min(row_number) AS first_row
         FROM import_worker_row WHERE import_id = $1
        GROUP BY nik HAVING count(*) > 1
     ), removed AS (
       DELETE FROM import_worker_row s USING repeated r
        WHERE s.import_id = $1 AND s.nik = r.nik AND s.row_number <> r.first_row
       RETURNING s.row_number, s.nik, r.first_row
     ), recorded AS (
       INSERT INTO import_issue (import_id, row_number, seq, column_name, value, code, severity, message_id,
                                 message_en, record_key)
       SELECT $1, row_number, $2, 'nik', nik, $3, 'rejected', replace($4, '{first_row}', first_row::text),
              replace($5, '{first_row}', first_row::text), nik
         FROM removed
       RETURNING 1
     )
     SELECT count(*) AS n FROM recorded`,
    [importId, seq, duplicate.code, duplicate.id, duplicate.en],
  );
  return row!.n;
}

/**
 * Staged workers whose NIK another Pemda's registry lists and this one's does not: a file names a
 * person, it does not take them. They are taken out of the merge and recorded as rejected; with
 * `write`, a transfer request for each goes to the holding Pemda (asking twice is asking once),
 * as the new-worker form does. Resolves with how many.
 */
export async function holdBackWorkersOfOtherPemda(
  tx: Queryable,
  importId: string,
  pemdaCode: string,
  seq: number,
  message: { code: string; id: string; en: string },
  requester: { userId: number | null; username: string | null },
  write: boolean,
): Promise<number> {
  const [row] = await tx.query<{ n: number }>(
    `WITH held AS MATERIALIZED (
       SELECT s.row_number, s.nik, s.name, s.birth_date
         FROM import_worker_row s
        WHERE s.import_id = $1
          AND NOT EXISTS (SELECT 1 FROM pemda_worker own WHERE own.pemda_code = $2 AND own.nik = s.nik)
          AND EXISTS (SELECT 1 FROM pemda_worker other WHERE other.nik = s.nik)
     ), removed AS (
       DELETE FROM import_worker_row s USING held h
        WHERE s.import_id = $1 AND s.row_number = h.row_number
     ), recorded AS (
       INSERT INTO import_issue (import_id, row_number, seq, column_name, value, code, severity, message_id,
                                 message_en, record_key)
       SELECT $1, row_number, $3, 'nik', nik, $4, 'rejected', $5, $6, nik FROM held
       RETURNING 1
     ), requested AS (
       INSERT INTO worker_transfer_request (nik, to_pemda_code, name, birth_date, note, requested_by,
                                            requested_by_name)
       SELECT nik, $2, name, birth_date, 'import ' || $1, $8, $9 FROM held WHERE $7
       ON CONFLICT (to_pemda_code, nik) WHERE status = 'pending' DO NOTHING
     )
     SELECT count(*) AS n FROM recorded`,
    [
      importId,
      pemdaCode,
      seq,
      message.code,
      message.id,
      message.en,
      write,
      requester.userId,
      requester.username,
    ],
  );
  return Number(row!.n);
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

/** What merging the staged rows would do, without doing it: the counts of a run and of a dry run alike. */
export interface MergeCounts extends Record<string, unknown> {
  staged: number;
  warned: number;
  inserted: number;
  updated: number;
  linked: number;
  deactivated: number;
}

/**
 * The roster's counts. A staged ASN is updated when any column differs from what is stored
 * (moving OPD, or returning after being marked inactive, included); with a full roster, the
 * Pemda's active ASN neither staged nor named in a refused row are the ones to deactivate.
 */
export async function countAsnMerge(
  tx: Queryable,
  importId: string,
  pemdaCode: string,
  full: boolean,
): Promise<MergeCounts> {
  const [counts] = await tx.query<MergeCounts>(
    `SELECT count(*) AS staged,
            count(*) FILTER (WHERE s.warned) AS warned,
            count(*) FILTER (WHERE a.nip IS NULL) AS inserted,
            count(*) FILTER (
              WHERE a.nip IS NOT NULL
                AND (a.pemda_code, a.opd_id, a.name, a.employment_type, a.rank, a.echelon, a.base_salary,
                     a.village_code, a.active)
                    IS DISTINCT FROM
                    ($2::text, o.id, s.name, s.employment_type, s.rank, s.echelon, s.base_salary,
                     s.village_code, true)
            ) AS updated,
            0::int8 AS linked,
            CASE WHEN $3 THEN (
              SELECT count(*) FROM asn gone
               WHERE gone.pemda_code = $2 AND gone.active
                 AND NOT EXISTS (SELECT 1 FROM import_asn_row k WHERE k.import_id = $1 AND k.nip = gone.nip)
                 AND NOT EXISTS (SELECT 1 FROM import_issue i WHERE i.import_id = $1 AND i.record_key = gone.nip)
            ) ELSE 0 END AS deactivated
       FROM import_asn_row s
       LEFT JOIN asn a ON a.nip = s.nip
       LEFT JOIN opd o ON o.pemda_code = $2 AND o.name_key = s.opd_key
      WHERE s.import_id = $1`,
    [importId, pemdaCode, full],
  );
  return counts!;
}

/** Writes the roster: missing OPDs, then the upsert by NIP, then (full roster) the deactivations. */
export async function mergeAsn(
  tx: Queryable,
  importId: string,
  pemdaCode: string,
  full: boolean,
): Promise<{ opdsCreated: number }> {
  const opds = await tx.query(
    `INSERT INTO opd (pemda_code, name, name_key)
     SELECT DISTINCT ON (opd_key) $2, opd_name, opd_key
       FROM import_asn_row WHERE import_id = $1
      ORDER BY opd_key, row_number
     ON CONFLICT (pemda_code, name_key) DO NOTHING
     RETURNING id`,
    [importId, pemdaCode],
  );
  await tx.query(
    `INSERT INTO asn (nip, pemda_code, opd_id, name, employment_type, rank, echelon, base_salary, village_code)
     SELECT s.nip, $2, o.id, s.name, s.employment_type, s.rank, s.echelon, s.base_salary, s.village_code
       FROM import_asn_row s
       JOIN opd o ON o.pemda_code = $2 AND o.name_key = s.opd_key
      WHERE s.import_id = $1
     ON CONFLICT (nip) DO UPDATE
        SET pemda_code = excluded.pemda_code, opd_id = excluded.opd_id, name = excluded.name,
            employment_type = excluded.employment_type, rank = excluded.rank, echelon = excluded.echelon,
            base_salary = excluded.base_salary, village_code = excluded.village_code,
            active = true, inactive_since = NULL, updated_at = now()
      WHERE (asn.pemda_code = excluded.pemda_code OR NOT asn.active)
        AND (asn.pemda_code, asn.opd_id, asn.name, asn.employment_type, asn.rank, asn.echelon, asn.base_salary,
             asn.village_code, asn.active)
            IS DISTINCT FROM
            (excluded.pemda_code, excluded.opd_id, excluded.name, excluded.employment_type, excluded.rank,
             excluded.echelon, excluded.base_salary, excluded.village_code, true)`,
    [importId, pemdaCode],
  );
  if (full) {
    await tx.query(
      `UPDATE asn gone SET active = false, inactive_since = now(), updated_at = now()
        WHERE gone.pemda_code = $2 AND gone.active
          AND NOT EXISTS (SELECT 1 FROM import_asn_row k WHERE k.import_id = $1 AND k.nip = gone.nip)
          AND NOT EXISTS (SELECT 1 FROM import_issue i WHERE i.import_id = $1 AND i.record_key = gone.nip)`,
      [importId, pemdaCode],
    );
  }
  return { opdsCreated: opds.length };
}

/**
 * Merges the staged workers (one row per NIK by now) in one statement and one pass over them:
 * each is compared with its national record and this Pemda's link once, then new people are
 * added and changed ones updated in NIK order (unchanged ones are not touched), and everyone not
 * yet linked to the Pemda is linked. With `write` false nothing is written: the counts of a dry
 * run. `linked` counts people already registered nationally, new to this Pemda.
 */
export async function mergeWorkers(
  tx: Queryable,
  importId: string,
  pemdaCode: string,
  write: boolean,
): Promise<MergeCounts> {
  const [counts] = await tx.query<MergeCounts>(
    `WITH staged AS MATERIALIZED (
       SELECT s.nik, s.name, s.birth_date, s.sex, s.occupation, s.sector, s.village_code, s.phone,
              s.welfare_decile, s.warned,
              w.nik IS NULL AS is_new,
              w.nik IS NOT NULL
                AND (w.name, w.birth_date, w.sex, w.occupation, w.sector, w.village_code, w.phone,
                     w.welfare_decile)
                    IS DISTINCT FROM
                    (s.name, s.birth_date, s.sex, s.occupation, s.sector, s.village_code, s.phone,
                     s.welfare_decile) AS changed,
              pw.nik IS NULL AS unlinked
         FROM import_worker_row s
         LEFT JOIN worker w ON w.nik = s.nik
         LEFT JOIN pemda_worker pw ON pw.pemda_code = $2 AND pw.nik = s.nik
        WHERE s.import_id = $1
        -- Index pages are then filled in order, not at random.
        ORDER BY s.nik COLLATE "C"
     ), written AS (
       INSERT INTO worker (nik, name, birth_date, sex, occupation, sector, village_code, phone, welfare_decile)
       SELECT nik, name, birth_date, sex, occupation, sector, village_code, phone, welfare_decile
         FROM staged WHERE $3 AND (is_new OR changed)
       ON CONFLICT (nik) DO UPDATE
          SET name = excluded.name, birth_date = excluded.birth_date, sex = excluded.sex,
              occupation = excluded.occupation, sector = excluded.sector, village_code = excluded.village_code,
              phone = excluded.phone, welfare_decile = excluded.welfare_decile, updated_at = now()
        WHERE (worker.name, worker.birth_date, worker.sex, worker.occupation, worker.sector, worker.village_code,
               worker.phone, worker.welfare_decile)
              IS DISTINCT FROM
              (excluded.name, excluded.birth_date, excluded.sex, excluded.occupation, excluded.sector,
               excluded.village_code, excluded.phone, excluded.welfare_decile)
     ), linked AS (
       -- Checked against the worker rows above at the end of the statement, as foreign keys are.
       INSERT INTO pemda_worker (pemda_code, nik)
       SELECT $2, nik FROM staged WHERE $3 AND unlinked
       ON CONFLICT (pemda_code, nik) DO NOTHING
     )
     SELECT count(*) AS staged,
            count(*) FILTER (WHERE warned) AS warned,
            count(*) FILTER (WHERE is_new) AS inserted,
            count(*) FILTER (WHERE changed) AS updated,
            count(*) FILTER (WHERE NOT is_new AND unlinked) AS linked,
            0::int8 AS deactivated
       FROM staged`,
    [importId, pemdaCode, write],
  );
  return counts!;
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
