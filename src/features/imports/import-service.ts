import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import { DEFAULT_IMPORT_MAX_BYTES } from '../../config.ts';
import type { Actor } from '../../core/access.ts';
import { todayInWib } from '../../core/calendar.ts';
import { type Problem, problem } from '../../core/message.ts';
import { ASN_COLUMNS, validateAsnRow } from '../../core/registry/asn-row.ts';
import type { RowContext, RowIssue } from '../../core/registry/row.ts';
import { validateWorkerRow, WORKER_COLUMNS } from '../../core/registry/worker-row.ts';
import { copyField, type Database, type Queryable, whileHolding } from '../../db/database.ts';
import { AppError, invalid } from '../../errors.ts';
import { recordAudit } from '../../platform/audit.ts';
import {
  type CheckedImportFile,
  numberCellIssues,
  openImportFile,
  type SourceRow,
} from '../../platform/files/import-file.ts';
import { errorFileFormatOf, writeErrorFile } from '../../platform/files/issue-file.ts';
import { emptyIssueColumns, type IssueBatch, pushIssueColumns } from '../../platform/files/issues.ts';
import { requireOnboardedPemda } from '../../platform/pemda.ts';
import { opdNameKey } from '../pemda/pemda-types.ts';
import {
  type AsnBatch,
  completeJob,
  countAsnMerge,
  currentRegencyAndDistrictCodes,
  deleteDeadStagedRows,
  deleteStagedRows,
  failJob,
  failOwnerlessJobs,
  holdBackWorkersOfOtherPemda,
  IMPORT_OWNER_LOCK,
  insertIssues,
  insertJob,
  type MergeCounts,
  mergeAsn,
  mergeWorkers,
  pemdaVillageCodes,
  prepareWorkerMerge,
  recordProgress,
  rejectDuplicateWorkers,
  type StagingRejection,
  stageAsnBatch,
  stageWorkerRows,
  startJob,
} from './import-repository.ts';
import type { ImportCounts, ImportKind, ImportSummary } from './import-types.ts';

/**
 * Imports of the ASN roster and the worker registry. Rows are parsed and checked in a tight
 * loop, in batches of BATCH_ROWS, and their valid part staged: roster batches with one statement
 * each (the next batch parsed while the last is written), worker rows with one COPY that the
 * batches stream into while the server ingests them. Then ONE transaction merges the staging
 * table into the registry with set-based SQL (for workers: repeated NIKs set aside, then one
 * statement that compares, writes and links in a single pass). A crash before that commit leaves the registry as it was and a
 * rerun starts afresh; after it, a rerun finds every row unchanged.
 */
const BATCH_ROWS = 10_000;

export const IMPORT_COLUMNS: Record<ImportKind, readonly string[]> = {
  asn: ASN_COLUMNS,
  workers: WORKER_COLUMNS,
};

/** Issues found by the database (duplicates, another Pemda's ASN) sort after the row's own. */
const DATABASE_ISSUE_SEQ = 100;

/**
 * A NIK another Pemda holds: the file may not take or change that person. The words are the
 * new-worker form's: they say no more than that the NIK cannot be added here.
 */
const HELD_ELSEWHERE = {
  id: 'NIK ini tidak dapat ditambahkan sebagai pekerja baru di Pemda Anda; permintaan pindah telah dicatat. Bila disetujui, pekerja ini masuk registri Anda.',
  en: 'This NIK cannot be added as a new worker of your Pemda; a transfer request was recorded. Once it is accepted, the worker joins your registry.',
};
const HELD_ELSEWHERE_DRY_RUN = {
  id: 'NIK ini tidak dapat ditambahkan sebagai pekerja baru di Pemda Anda; impor sungguhan akan mencatat permintaan pindah.',
  en: 'This NIK cannot be added as a new worker of your Pemda; a real import would record a transfer request.',
};
/** Error files show what was written, not a megabyte of it. */
/** Any two numbers; merges of one kind queue on it, so their counts see each other's result. */
const MERGE_LOCK = 4_127_006;

export interface ImportProgress {
  rowsRead: number;
  bytesRead?: number;
  totalBytes?: number;
}

export interface ImportOptions {
  kind: ImportKind;
  pemdaCode: string;
  /** None when the system imports by itself (a command on the server, the demo loader). */
  actor: Actor | null;
  /** Validate and count only: nothing reaches the registry tables. */
  dryRun?: boolean;
  /** ASN only: the file is the whole roster, so the Pemda's ASN missing from it become inactive. */
  full?: boolean;
  fileName?: string;
  onProgress?(progress: ImportProgress): void;
  /** Where to write the error file when any row is rejected or warned (`.xlsx`, else CSV). */
  errorFile?: string;
  /** A job already queued (an upload) to run, instead of a new one. */
  jobId?: string;
  /** Stops the import between batches; its job fails as interrupted and nothing is merged. */
  signal?: AbortSignal;
  /** Where the request came from, for the audit log. */
  ip?: string | null;
}

export interface ImportFileOptions extends ImportOptions {
  /** Larger files are refused; the configured ASUH_IMPORT_MAX_BYTES. */
  maxBytes?: number;
  /** The file as `checkImportFile` found it, when the caller checked it before (an upload). */
  checked?: CheckedImportFile;
}

const interrupted = () =>
  problem(
    'IMPORT_INTERRUPTED',
    'Impor terhenti sebelum selesai (server dimatikan atau proses terputus); tidak ada data yang berubah. Unggah ulang berkasnya.',
    'The import stopped before it finished (the server shut down or the process died); nothing was changed. Upload the file again.',
  );

const unexpected = () =>
  problem(
    'IMPORT_FAILED',
    'Impor gagal karena kesalahan di server; tidak ada data yang berubah. Coba lagi; jika berulang, hubungi admin.',
    'The import failed on a server error; nothing was changed. Try again; if it persists, contact the administrator.',
  );

export function checkImportOptions(options: Pick<ImportOptions, 'kind' | 'full'>): void {
  if (options.full && options.kind !== 'asn') {
    throw invalid(
      problem(
        'IMPORT_FULL_ASN_ONLY',
        'Impor lengkap (--full) hanya untuk roster ASN.',
        'A full import (--full) applies to the ASN roster only.',
      ),
    );
  }
}

/** Imports a CSV or XLSX file; a file refused as a whole throws an `invalid` AppError and writes nothing. */
export async function importFile(
  db: Database,
  path: string,
  options: ImportFileOptions,
): Promise<ImportSummary> {
  let file: Awaited<ReturnType<typeof openImportFile>>;
  try {
    checkImportOptions(options);
    await requireOnboardedPemda(db, options.pemdaCode);
    file = await openImportFile(path, IMPORT_COLUMNS[options.kind], {
      maxBytes: options.maxBytes ?? DEFAULT_IMPORT_MAX_BYTES,
      ...(options.checked ? { checked: options.checked } : {}),
    });
  } catch (error) {
    if (options.jobId) await failJob(db, options.jobId, reasonOf(error));
    throw error;
  }
  try {
    return await runImport(db, file.rows, options, {
      fileName: options.fileName ?? basename(path),
      totalBytes: file.totalBytes,
      bytesRead: file.bytesRead,
      sha256: file.sha256,
    });
  } finally {
    file.close();
  }
}

/**
 * The same pipeline for rows that are already records (the demo generator): keys are the
 * file's column names; row numbers count as if a header were row 1.
 */
export async function importRows(
  db: Database,
  rows: AsyncIterable<Record<string, string>> | Iterable<Record<string, string>>,
  options: ImportOptions,
): Promise<ImportSummary> {
  try {
    checkImportOptions(options);
    await requireOnboardedPemda(db, options.pemdaCode);
  } catch (error) {
    if (options.jobId) await failJob(db, options.jobId, reasonOf(error));
    throw error;
  }
  async function* numbered(): AsyncGenerator<SourceRow> {
    let rowNumber = 1;
    for await (const values of rows) {
      rowNumber += 1;
      if (Object.values(values).some((value) => value !== undefined && String(value).trim() !== '')) {
        yield { rowNumber, values };
      }
    }
  }
  return runImport(db, numbered(), options, {
    fileName: options.fileName ?? null,
    totalBytes: undefined,
    bytesRead: undefined,
    sha256: undefined,
  });
}

/** Jobs whose process died (a kill, a crash, a restart of the server) fail as interrupted. */
export async function failInterruptedImports(db: Queryable): Promise<number> {
  return failOwnerlessJobs(db, interrupted());
}

function reasonOf(error: unknown): Problem {
  if (error instanceof AppError) return error.problem;
  if (error instanceof Error && error.name === 'AbortError') return interrupted();
  return unexpected();
}

interface Source {
  fileName: string | null;
  totalBytes: number | undefined;
  bytesRead: (() => number) | undefined;
  sha256: (() => Promise<string>) | undefined;
}

async function rowContext(db: Queryable, pemdaCode: string): Promise<RowContext> {
  const [villages, regions] = await Promise.all([
    pemdaVillageCodes(db, pemdaCode),
    currentRegencyAndDistrictCodes(db),
  ]);
  const villageSet = new Set(villages);
  const regionSet = new Set(regions);
  return {
    today: todayInWib(),
    pemdaCode,
    isPemdaVillage: (code) => villageSet.has(code),
    regionExists: (code) => regionSet.has(code),
  };
}

async function runImport(
  db: Database,
  rows: AsyncIterable<SourceRow>,
  options: ImportOptions,
  source: Source,
): Promise<ImportSummary> {
  // A dead job's staged rows go before this one stages: they never weigh on its merge.
  await failInterruptedImports(db);
  await deleteDeadStagedRows(db);
  const context = await rowContext(db, options.pemdaCode);
  const importId = options.jobId ?? randomUUID();
  // Owned by this process while it runs: should the process die, the next read fails it.
  return whileHolding(db, IMPORT_OWNER_LOCK, importId, () =>
    runOwnedImport(db, importId, rows, context, options, source),
  );
}

async function runOwnedImport(
  db: Database,
  importId: string,
  rows: AsyncIterable<SourceRow>,
  context: RowContext,
  options: ImportOptions,
  source: Source,
): Promise<ImportSummary> {
  const { kind, pemdaCode } = options;
  const dryRun = options.dryRun === true;
  const full = options.full === true;
  if (options.jobId) {
    if (!(await startJob(db, importId))) throw new AppError('conflict', interrupted());
  } else {
    await insertJob(db, {
      id: importId,
      kind,
      pemdaCode,
      fileName: source.fileName,
      fileBytes: source.totalBytes ?? null,
      status: 'running',
      dryRun,
      full,
      runner: 'local',
      createdBy: options.actor?.userId ?? null,
    });
  }
  const progress = (rowsRead: number): ImportProgress => ({
    rowsRead,
    ...(source.bytesRead ? { bytesRead: source.bytesRead() } : {}),
    ...(source.totalBytes !== undefined ? { totalBytes: source.totalBytes } : {}),
  });

  try {
    let read = 0;
    /** The file in batches of BATCH_ROWS, each validated, with the progress at its end. */
    async function* batches<B extends PendingBatch>(make: () => B): AsyncGenerator<[B, ImportProgress]> {
      let batch = make();
      for await (const row of rows) {
        read += 1;
        batch.add(row, context);
        if (batch.size >= BATCH_ROWS) {
          yield [batch, progress(read)];
          batch = make();
        }
      }
      yield [batch, progress(read)];
    }

    if (kind === 'asn') {
      // One batch is written while the next is parsed; a failed write surfaces at the next wait.
      let writing: Promise<void> = Promise.resolve();
      for await (const [batch, report] of batches(asnBatch)) {
        await writing;
        options.signal?.throwIfAborted();
        writing = writeAsnBatch(db, importId, pemdaCode, batch, report);
        writing.catch(() => {});
        options.onProgress?.(report);
      }
      await writing;
    } else {
      // One COPY takes the valid rows as they are checked; the issues and the progress of each
      // batch are written beside it, the last batch's while the next is parsed.
      async function* chunks(): AsyncGenerator<string> {
        let recording: Promise<void> = Promise.resolve();
        for await (const [batch, report] of batches(() => workerBatch(importId))) {
          await recording;
          options.signal?.throwIfAborted();
          recording = recordBatch(db, importId, batch.issues, report);
          recording.catch(() => {});
          options.onProgress?.(report);
          if (batch.text !== '') yield batch.text;
        }
        await recording;
      }
      await stageWorkerRows(db, chunks());
    }
    options.signal?.throwIfAborted();

    const file = {
      sha256: source.sha256 ? await source.sha256() : null,
      bytes: source.totalBytes ?? null,
      bytesRead: source.bytesRead?.() ?? 0,
    };
    const summary = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1, $2)', [MERGE_LOCK, kind === 'asn' ? 1 : 2]);
      let merged: MergeCounts;
      let written: Record<string, unknown> = {};
      if (kind === 'asn') {
        merged = await countAsnMerge(tx, importId, pemdaCode, full);
        if (!dryRun) written = await mergeAsn(tx, importId, pemdaCode, full);
      } else {
        await prepareWorkerMerge(tx);
        const duplicate = duplicateInFile('NIK', '{first_row}');
        await rejectDuplicateWorkers(tx, importId, DATABASE_ISSUE_SEQ, {
          code: duplicate.code,
          ...duplicate.message,
        });
        await holdBackWorkersOfOtherPemda(
          tx,
          importId,
          pemdaCode,
          DATABASE_ISSUE_SEQ,
          { code: 'WORKER_HELD_ELSEWHERE', ...(dryRun ? HELD_ELSEWHERE_DRY_RUN : HELD_ELSEWHERE) },
          { userId: options.actor?.userId ?? null, username: options.actor?.username ?? null },
          !dryRun,
        );
        merged = await mergeWorkers(tx, importId, pemdaCode, !dryRun);
      }
      const counts = countsOf(read, merged);
      if (!(await completeJob(tx, importId, counts, file))) throw new AppError('conflict', interrupted());
      if (!dryRun) {
        await recordAudit(tx, {
          actor: options.actor,
          action: `import.${kind}`,
          entityType: 'import_job',
          entityId: importId,
          pemdaCode,
          ip: options.ip ?? null,
          details: { ...counts, ...written, fileName: source.fileName, full },
        });
      }
      return { importId, ...counts };
    });
    options.onProgress?.(progress(read));

    let errorFile: string | null = null;
    if (options.errorFile && summary.rejected + summary.warned > 0) {
      await writeErrorFile(db, importId, options.errorFile, errorFileFormatOf(options.errorFile));
      errorFile = options.errorFile;
    }
    return { ...summary, errorFile };
  } catch (error) {
    await failJob(db, importId, reasonOf(error));
    throw error;
  } finally {
    // Staging rows are scratch: whatever happened, they go (a crash leaves them to the next import).
    await deleteStagedRows(db, kind, importId).catch(() => {});
  }
}

function countsOf(read: number, merged: MergeCounts): ImportCounts {
  return {
    read,
    inserted: merged.inserted,
    updated: merged.updated,
    unchanged: merged.staged - merged.inserted - merged.updated,
    rejected: read - merged.staged,
    warned: merged.warned,
    linked: merged.linked,
    deactivated: merged.deactivated,
  };
}

/** The rows of one batch, validated: the valid ones, and every issue found. */
interface PendingBatch {
  /** Rows staged plus issues found: what the batch holds. */
  readonly size: number;
  readonly issues: IssueBatch;
  add(row: SourceRow, context: RowContext): void;
}

/** Roster rows by column, staged with one statement that also turns repeats away. */
interface AsnPendingBatch extends PendingBatch {
  stage(db: Queryable, importId: string, pemdaCode: string): Promise<StagingRejection[]>;
  /** The valid rows' numbers and NIPs, in file order. */
  staged: { rowNumber: number[]; key: string[] };
}

/** Worker rows as COPY text (`WORKER_STAGING_COLUMNS`), one line each. */
interface WorkerPendingBatch extends PendingBatch {
  readonly text: string;
}

function emptyIssues(): IssueBatch {
  return { ...emptyIssueColumns(), recordKey: [] };
}

function pushIssue(
  issues: IssueBatch,
  rowNumber: number,
  seq: number,
  issue: RowIssue,
  recordKey: string | null,
): void {
  pushIssueColumns(issues, rowNumber, seq, issue);
  issues.recordKey.push(recordKey);
}

function pushRowIssues(issues: IssueBatch, rowNumber: number, found: RowIssue[], key: string): void {
  const recordKey = key.trim() === '' ? null : key.trim();
  for (let seq = 0; seq < found.length; seq += 1) pushIssue(issues, rowNumber, seq, found[seq]!, recordKey);
}

function asnBatch(): AsnPendingBatch {
  const rows: AsnBatch = {
    rowNumber: [],
    nip: [],
    name: [],
    opdName: [],
    opdKey: [],
    employmentType: [],
    rank: [],
    echelon: [],
    baseSalary: [],
    villageCode: [],
    warned: [],
  };
  const issues = emptyIssues();
  return {
    issues,
    staged: { rowNumber: rows.rowNumber, key: rows.nip },
    get size() {
      return rows.rowNumber.length + issues.rowNumber.length;
    },
    add(row, context) {
      const { rowNumber, values: raw } = row;
      const { record, issues: rowIssues } = validateAsnRow(raw, context);
      const found = [...rowIssues, ...numberCellIssues(row)];
      if (found.length > 0) pushRowIssues(issues, rowNumber, found, raw.nip ?? '');
      if (!record) return;
      rows.rowNumber.push(rowNumber);
      rows.nip.push(record.nip);
      rows.name.push(record.name);
      rows.opdName.push(record.opdName);
      rows.opdKey.push(opdNameKey(record.opdName));
      rows.employmentType.push(record.employmentType);
      rows.rank.push(record.rank);
      rows.echelon.push(record.echelon);
      rows.baseSalary.push(record.baseSalary);
      rows.villageCode.push(record.villageCode);
      rows.warned.push(found.length > 0);
    },
    stage: (db, importId, pemdaCode) =>
      rows.rowNumber.length === 0 ? Promise.resolve([]) : stageAsnBatch(db, importId, pemdaCode, rows),
  };
}

function workerBatch(importId: string): WorkerPendingBatch {
  let text = '';
  let staged = 0;
  const issues = emptyIssues();
  return {
    issues,
    get text() {
      return text;
    },
    get size() {
      return staged + issues.rowNumber.length;
    },
    add(row, context) {
      const { rowNumber, values: raw } = row;
      const { record, issues: rowIssues } = validateWorkerRow(raw, context);
      const found = [...rowIssues, ...numberCellIssues(row)];
      if (found.length > 0) pushRowIssues(issues, rowNumber, found, raw.nik ?? '');
      if (!record) return;
      staged += 1;
      // The NIK is 16 digits, the date ISO and the sex a word: nothing there to escape.
      text += `${importId}\t${rowNumber}\t${record.nik}\t${copyField(record.name)}\t${record.birthDate}\t${record.sex}\t${copyField(record.occupation)}\t${copyField(record.sector)}\t${copyField(record.villageCode)}\t${copyField(record.phone)}\t${copyField(record.welfareDecile)}\t${found.length > 0 ? 't' : 'f'}\n`;
    },
  };
}

/** A repeat of a key already in the file; `firstRow` is where (a placeholder, for the database to fill in). */
function duplicateInFile(keyName: 'NIK' | 'NIP', firstRow: number | string | undefined): Problem {
  return problem(
    'DUPLICATE_IN_FILE',
    `${keyName} ini sudah ada di baris ${firstRow}; hanya baris pertama yang diimpor.`,
    `This ${keyName} already appears in row ${firstRow}; only the first row is imported.`,
  );
}

function stagingProblem(
  rejection: StagingRejection,
  firstRow: number | undefined,
  keyName: 'NIK' | 'NIP',
): Problem {
  if (rejection.other_pemda) {
    return problem(
      'NIP_OTHER_PEMDA',
      `ASN dengan NIP ini masih aktif di Pemda ${rejection.other_pemda}. Pemda tersebut perlu menonaktifkannya lebih dulu (impor roster lengkap tanpa NIP ini).`,
      `An ASN with this NIP is still active in Pemda ${rejection.other_pemda}. That Pemda must first mark them inactive (a full roster import without this NIP).`,
    );
  }
  return duplicateInFile(keyName, firstRow);
}

/**
 * Where each key of the batch was first staged, for repeats within one batch (the database
 * names those of earlier batches). As large as a batch at most, not as the file.
 */
function firstStagedRows(batch: AsnPendingBatch, rejections: StagingRejection[]): Map<string, number> {
  const rejected = new Set(rejections.map((rejection) => rejection.row_number));
  const first = new Map<string, number>();
  const { rowNumber, key } = batch.staged;
  for (let index = 0; index < rowNumber.length; index += 1) {
    if (!rejected.has(rowNumber[index]!) && !first.has(key[index]!))
      first.set(key[index]!, rowNumber[index]!);
  }
  return first;
}

/** Stages the batch, records its issues (with those the staging found) and the job's progress. */
async function writeAsnBatch(
  db: Queryable,
  importId: string,
  pemdaCode: string,
  batch: AsnPendingBatch,
  progress: ImportProgress,
): Promise<void> {
  const rejections = await batch.stage(db, importId, pemdaCode);
  let firstInBatch: Map<string, number> | undefined;
  for (const rejection of rejections) {
    let firstRow = rejection.first_row ?? undefined;
    if (firstRow === undefined && !rejection.other_pemda) {
      firstInBatch ??= firstStagedRows(batch, rejections);
      firstRow = firstInBatch.get(rejection.key);
    }
    const found = stagingProblem(rejection, firstRow, 'NIP');
    pushIssue(
      batch.issues,
      rejection.row_number,
      DATABASE_ISSUE_SEQ,
      {
        column: 'nip',
        value: rejection.key,
        severity: 'rejected',
        code: found.code,
        message: found.message,
      },
      rejection.key,
    );
  }
  await recordBatch(db, importId, batch.issues, progress);
}

/** Records a batch's issues and the job's progress. */
async function recordBatch(
  db: Queryable,
  importId: string,
  issues: IssueBatch,
  progress: ImportProgress,
): Promise<void> {
  await insertIssues(db, importId, issues);
  await recordProgress(db, importId, progress.rowsRead, progress.bytesRead ?? 0);
}
