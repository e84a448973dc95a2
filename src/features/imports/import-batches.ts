import { validateAsnRow } from '../../core/registry/asn-row.ts';
import type { RowContext, RowIssue } from '../../core/registry/row.ts';
import { validateWorkerRow } from '../../core/registry/worker-row.ts';
import { copyField, type Queryable } from '../../db/database.ts';
import { numberCellIssues, type SourceRow } from '../../platform/files/import-file.ts';
import { emptyIssueColumns, type IssueBatch, pushIssueColumns } from '../../platform/files/issues.ts';
import { opdNameKey } from '../pemda/index.ts';
import { DATABASE_ISSUE_SEQ, stagingProblem } from './import-messages.ts';
import { insertIssues, recordProgress } from './import-repository.ts';
import { type AsnBatch, type StagingRejection, stageAsnBatch } from './staging-repository.ts';

/**
 * A file's rows in batches: each row validated as it is read, its issues kept, its valid part
 * ready to stage (roster rows by column, worker rows as COPY text).
 */

export interface ImportProgress {
  rowsRead: number;
  bytesRead?: number;
  totalBytes?: number;
}

/** The rows of one batch, validated: the valid ones, and every issue found. */
export interface PendingBatch {
  /** Rows staged plus issues found: what the batch holds. */
  readonly size: number;
  readonly issues: IssueBatch;
  add(row: SourceRow, context: RowContext): void;
}

/** Roster rows by column, staged with one statement that also turns repeats away. */
export interface AsnPendingBatch extends PendingBatch {
  stage(db: Queryable, importId: string, pemdaCode: string): Promise<StagingRejection[]>;
  /** The valid rows' numbers and NIPs, in file order. */
  staged: { rowNumber: number[]; key: string[] };
}

/** Worker rows as COPY text (`WORKER_STAGING_COLUMNS`), one line each. */
export interface WorkerPendingBatch extends PendingBatch {
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

export function asnBatch(): AsnPendingBatch {
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

export function workerBatch(importId: string): WorkerPendingBatch {
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
export async function writeAsnBatch(
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
export async function recordBatch(
  db: Queryable,
  importId: string,
  issues: IssueBatch,
  progress: ImportProgress,
): Promise<void> {
  await insertIssues(db, importId, issues);
  await recordProgress(db, importId, progress.rowsRead, progress.bytesRead ?? 0);
}
