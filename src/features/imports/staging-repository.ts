import type { Database, Queryable } from '../../db/database.ts';
import type { MergeCounts } from '../registry/index.ts';
import type { ImportKind } from './import-types.ts';

/**
 * The staging tables of an import (`import_asn_row`, `import_worker_row`): a file's valid rows
 * wait here until one transaction merges them into the registry, and go once it is over.
 */

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

const STAGING_TABLE: Record<ImportKind, string> = {
  asn: 'import_asn_row',
  workers: 'import_worker_row',
};

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
 * person, it does not take them. They are taken out of the merge and recorded as rejected (the
 * transfer requests for them, when the import writes, are asked first: see
 * `requestTransfersOfStagedWorkers`). Resolves with how many.
 */
export async function holdBackWorkersOfOtherPemda(
  tx: Queryable,
  importId: string,
  pemdaCode: string,
  seq: number,
  message: { code: string; id: string; en: string },
): Promise<number> {
  const [row] = await tx.query<{ n: number }>(
    `WITH held AS MATERIALIZED (
       SELECT s.row_number, s.nik
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
     )
     SELECT count(*) AS n FROM recorded`,
    [importId, pemdaCode, seq, message.code, message.id, message.en],
  );
  return Number(row!.n);
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
