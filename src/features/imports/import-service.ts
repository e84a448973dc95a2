import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import { DEFAULT_IMPORT_MAX_BYTES } from '../../config.ts';
import type { Actor } from '../../core/access.ts';
import { todayInWib } from '../../core/calendar.ts';
import { type Problem, problem } from '../../core/message.ts';
import { ASN_COLUMNS } from '../../core/registry/asn-row.ts';
import type { RowContext } from '../../core/registry/row.ts';
import { WORKER_COLUMNS } from '../../core/registry/worker-row.ts';
import { type Database, type Queryable, whileHolding } from '../../db/database.ts';
import { AppError, invalid } from '../../errors.ts';
import { recordAudit } from '../../platform/audit.ts';
import { type CheckedImportFile, openImportFile, type SourceRow } from '../../platform/files/import-file.ts';
import { errorFileFormatOf, writeErrorFile } from '../../platform/files/issue-file.ts';
import { requireOnboardedPemda } from '../../platform/pemda.ts';
import { currentRegencyAndDistrictCodes, pemdaVillageCodes } from '../regions/index.ts';
import type { MergeCounts } from '../registry/index.ts';
import {
  asnBatch,
  type ImportProgress,
  type PendingBatch,
  recordBatch,
  workerBatch,
  writeAsnBatch,
} from './import-batches.ts';
import { mergeStagedImport } from './import-merge.ts';
import { interrupted, unexpected } from './import-messages.ts';
import {
  completeJob,
  failJob,
  failOwnerlessJobs,
  IMPORT_OWNER_LOCK,
  insertJob,
  startJob,
} from './import-repository.ts';
import type { ImportCounts, ImportKind, ImportSummary } from './import-types.ts';
import { deleteDeadStagedRows, deleteStagedRows, stageWorkerRows } from './staging-repository.ts';

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
  const { kind } = options;
  await takeJob(db, importId, options, source);
  const progress = (rowsRead: number): ImportProgress => ({
    rowsRead,
    ...(source.bytesRead ? { bytesRead: source.bytesRead() } : {}),
    ...(source.totalBytes !== undefined ? { totalBytes: source.totalBytes } : {}),
  });
  try {
    const read = await stageRows(db, importId, rows, context, options, progress);
    options.signal?.throwIfAborted();
    const summary = await mergeAndComplete(db, importId, read, options, source);
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

/** An upload's queued job is started; a local import records its own, running. */
async function takeJob(
  db: Database,
  importId: string,
  options: ImportOptions,
  source: Source,
): Promise<void> {
  if (options.jobId) {
    if (!(await startJob(db, importId))) throw new AppError('conflict', interrupted());
    return;
  }
  await insertJob(db, {
    id: importId,
    kind: options.kind,
    pemdaCode: options.pemdaCode,
    fileName: source.fileName,
    fileBytes: source.totalBytes ?? null,
    status: 'running',
    dryRun: options.dryRun === true,
    full: options.full === true,
    runner: 'local',
    createdBy: options.actor?.userId ?? null,
  });
}

/** Validates and stages every row, a batch at a time; resolves with the rows read. */
async function stageRows(
  db: Database,
  importId: string,
  rows: AsyncIterable<SourceRow>,
  context: RowContext,
  options: ImportOptions,
  progress: (rowsRead: number) => ImportProgress,
): Promise<number> {
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

  if (options.kind === 'asn') {
    // One batch is written while the next is parsed; a failed write surfaces at the next wait.
    let writing: Promise<void> = Promise.resolve();
    for await (const [batch, report] of batches(asnBatch)) {
      await writing;
      options.signal?.throwIfAborted();
      writing = writeAsnBatch(db, importId, options.pemdaCode, batch, report);
      writing.catch(() => {});
      options.onProgress?.(report);
    }
    await writing;
    return read;
  }
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
  return read;
}

/** The one transaction: the merge, the job's summary, and (unless a dry run) the audit entry. */
async function mergeAndComplete(
  db: Database,
  importId: string,
  read: number,
  options: ImportOptions,
  source: Source,
): Promise<Omit<ImportSummary, 'errorFile'>> {
  const { kind, pemdaCode } = options;
  const dryRun = options.dryRun === true;
  const full = options.full === true;
  const file = {
    sha256: source.sha256 ? await source.sha256() : null,
    bytes: source.totalBytes ?? null,
    bytesRead: source.bytesRead?.() ?? 0,
  };
  return db.transaction(async (tx) => {
    const { merged, written } = await mergeStagedImport(tx, {
      importId,
      kind,
      pemdaCode,
      actor: options.actor,
      dryRun,
      full,
    });
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
