import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { basename } from 'node:path';
import type { Writable } from 'node:stream';
import { DEFAULT_IMPORT_MAX_BYTES } from '../../../config.ts';
import type { Actor } from '../../../core/access.ts';
import { type Problem, problem } from '../../../core/message.ts';
import { PAYMENT_COLUMNS, PAYMENT_KINDS, type PaymentKind } from '../../../core/payment-files.ts';
import { TIME_ZONES, type TimeZoneName, zoneOfPemda } from '../../../core/regions.ts';
import { copyField, type Database, type Queryable, whileHolding } from '../../../db/database.ts';
import { AppError, invalid } from '../../../errors.ts';
import { recordAudit } from '../../../platform/audit.ts';
import { numberCellIssues, openImportFile, type SourceRow } from '../../../platform/files/import-file.ts';
import {
  type ErrorFileFormat,
  errorFileFormatOf,
  streamIssueFile,
} from '../../../platform/files/issue-file.ts';
import {
  emptyIssueColumns,
  insertIssueColumns,
  issuePage,
  pushIssueColumns,
} from '../../../platform/files/issues.ts';
import { requireOnboardedPemda } from '../../../platform/pemda.ts';
import {
  type PaymentLineRecord,
  type PaymentRowContext,
  repeatedLine,
  validatePaymentRow,
} from '../payment-formats.ts';
import {
  deleteDeadStagedLines,
  deleteStagedLines,
  failImport,
  failOwnerlessImports,
  findCompletedImport,
  findImport,
  type ImportTotals,
  insertImport,
  isSameFileViolation,
  markDuplicate,
  PAYMENT_OWNER_LOCK,
  prepareRecording,
  recordRepeatedLines,
  saveSummary,
  stageLines,
} from '../payment-import-repository.ts';
import { claimFile, recordLines } from '../payment-repository.ts';
import { interrupted } from '../payment-views.ts';

/**
 * A payment file's import, the one writer of payments: read as a stream in batches, the readable
 * lines staged with COPY while the next batch is checked; then one transaction claims the file
 * (a unique index lets only one import of the same file complete), matches, allocates and
 * records every new line in one statement, and audits it. Re-importing a file, or a line
 * another file already brought, changes nothing and says so.
 */
const BATCH_ROWS = 10_000;

/** The column a repeated line is reported under: what identifies it in the file. */
const KEY_COLUMN: Record<PaymentKind, string> = { bank: 'id_transaksi', payroll: 'nip', bpjstk: 'nik' };

export interface PaymentImportOptions {
  kind: string;
  pemdaCode: string;
  /** None when the system imports by itself (a command on the server). */
  actor: Actor | null;
  fileName?: string;
  /** Where to write the error file when rows were rejected or warned about (`.xlsx`, else CSV). */
  errorFile?: string;
  maxBytes?: number;
  /** The clock: no payment may be dated after today in the Pemda's zone. */
  now?: Date;
  ip?: string | null;
}

export interface PaymentImportOutcome {
  alreadyImported: boolean;
  importId: string;
  errorFile: string | null;
}

const unexpected = () =>
  problem(
    'PAYMENT_IMPORT_FAILED',
    'Impor pembayaran gagal karena kesalahan di server; tidak ada pembayaran yang dicatat. Coba lagi; jika berulang, hubungi admin.',
    'The payment import failed on a server error; no payment was recorded. Try again; if it persists, contact the administrator.',
  );

function checkKind(kind: string): PaymentKind {
  if ((PAYMENT_KINDS as readonly string[]).includes(kind)) return kind as PaymentKind;
  throw invalid(
    problem(
      'PAYMENT_KIND',
      `Jenis berkas pembayaran "${kind}" tidak dikenal: gunakan payroll (konfirmasi potongan gaji), bank (rekening koran VA) atau bpjstk (konfirmasi pembayaran BPJSTK).`,
      `Unknown payment file kind "${kind}": use payroll (payroll deduction confirmation), bank (VA statement) or bpjstk (BPJSTK payment confirmation).`,
    ),
  );
}

function reasonOf(error: unknown): Problem {
  return error instanceof AppError ? error.problem : unexpected();
}

function todayIn(zone: TimeZoneName, now: Date): string {
  return new Date(now.getTime() + TIME_ZONES[zone].utcOffsetHours * 3_600_000).toISOString().slice(0, 10);
}

/** One COPY text line of `STAGE_COLUMNS`. */
function stageLine(importId: string, rowNumber: number, line: PaymentLineRecord): string {
  return `${importId}\t${rowNumber}\t${copyField(line.lineKey)}\t${copyField(line.reference)}\t${copyField(line.referenceDigits)}\t${copyField(line.vaDigits)}\t${copyField(line.nip)}\t${copyField(line.nik)}\t${copyField(line.kpj)}\t${copyField(line.period)}\t${line.amount}\t${line.paidAt}\t${copyField(line.bankTransactionId)}\t${copyField(line.description)}\n`;
}

/** The error file of an import, streamed as it is read. */
export function streamErrorFile(
  db: Database,
  importId: string,
  output: Writable,
  format: ErrorFileFormat,
): Promise<void> {
  return streamIssueFile(
    (after, limit) => issuePage(db, 'payment_issue', importId, after, limit),
    output,
    format,
  );
}

/**
 * The file's commit, one transaction: the file is claimed (one import of a file completes), its
 * new lines matched to bills and contributions, their money allocated and settled on the
 * contributions and bills (billing's settlement, in the same statement), the repeats reported,
 * the summary saved and the import audited.
 */
async function recordFile(
  tx: Queryable,
  run: {
    id: string;
    pemdaCode: string;
    kind: PaymentKind;
    fileName: string;
    staged: { rowsRead: number; rejected: number; nothingPaid: number; staged: number };
    actor: Actor | null;
    ip: string | null;
  },
): Promise<void> {
  const { id, pemdaCode, kind, staged } = run;
  await claimFile(tx, id, pemdaCode);
  await prepareRecording(tx);
  const recorded = await recordLines(tx, id, pemdaCode, kind);
  const repeated = staged.staged - recorded.lines;
  if (repeated > 0) {
    await recordRepeatedLines(tx, id, pemdaCode, kind, KEY_COLUMN[kind], repeatedLine(kind));
  }
  const totals: ImportTotals = { ...recorded, ...staged, repeated };
  await saveSummary(tx, id, totals);
  await recordAudit(tx, {
    actor: run.actor,
    action: 'payments.import',
    entityType: 'payment_import',
    entityId: id,
    pemdaCode,
    ip: run.ip,
    details: { kind, fileName: run.fileName, ...totals },
  });
}

/** The error file asked for, written when rows were rejected or warned about; its path, else null. */
async function writeErrorFile(
  db: Database,
  importId: string,
  path: string | undefined,
): Promise<string | null> {
  const issues = (await findImport(db, importId))?.issues ?? 0;
  if (!path || issues === 0) return null;
  await streamErrorFile(db, importId, createWriteStream(path), errorFileFormatOf(path));
  return path;
}

export function createPaymentImport(db: Database) {
  /** Stages the file's readable lines; resolves with the counts the staging saw. */
  async function stage(
    importId: string,
    kind: PaymentKind,
    rows: AsyncIterable<SourceRow>,
    context: PaymentRowContext,
  ) {
    const counts = { rowsRead: 0, rejected: 0, nothingPaid: 0, staged: 0 };
    async function* chunks(): AsyncGenerator<string> {
      let text = '';
      let size = 0;
      let issues = emptyIssueColumns();
      let recording: Promise<void> = Promise.resolve();
      for await (const row of rows) {
        counts.rowsRead += 1;
        const result = validatePaymentRow(kind, row.values, context);
        if (result.nothingPaid) {
          counts.nothingPaid += 1;
          continue;
        }
        for (const [seq, issue] of [...result.issues, ...numberCellIssues(row)].entries())
          pushIssueColumns(issues, row.rowNumber, seq, issue);
        size += 1;
        if (result.record) text += stageLine(importId, row.rowNumber, result.record);
        else counts.rejected += 1;
        if (size >= BATCH_ROWS) {
          // The issues of one batch are written while the next is checked.
          await recording;
          recording = insertIssueColumns(db, 'payment_issue', importId, issues);
          recording.catch(() => {});
          issues = emptyIssueColumns();
          size = 0;
          if (text !== '') yield text;
          text = '';
        }
      }
      await recording;
      await insertIssueColumns(db, 'payment_issue', importId, issues);
      if (text !== '') yield text;
    }
    counts.staged = await stageLines(db, chunks());
    return counts;
  }

  async function importFile(path: string, options: PaymentImportOptions): Promise<PaymentImportOutcome> {
    const kind = checkKind(options.kind);
    const { pemdaCode } = options;
    await requireOnboardedPemda(db, pemdaCode);
    const zone = zoneOfPemda(pemdaCode);
    const file = await openImportFile(path, PAYMENT_COLUMNS[kind], {
      maxBytes: options.maxBytes ?? DEFAULT_IMPORT_MAX_BYTES,
    });
    try {
      // A dead import's staged lines go before this one stages: they never feed its recording.
      await failOwnerlessImports(db, interrupted());
      await deleteDeadStagedLines(db);
      const sha256 = await file.sha256();
      const earlier = await findCompletedImport(db, pemdaCode, kind, sha256);
      if (earlier) return { alreadyImported: true, importId: earlier.id, errorFile: null };
      const id = randomUUID();
      const fileName = options.fileName ?? basename(path);
      // Owned by this process while it runs: should the process die, the next read fails it.
      return await whileHolding(db, PAYMENT_OWNER_LOCK, id, async () => {
        await insertImport(db, {
          id,
          pemdaCode,
          kind,
          fileName,
          sha256,
          bytes: file.totalBytes,
          createdBy: options.actor?.userId ?? null,
        });
        try {
          const staged = await stage(id, kind, file.rows, {
            zone,
            today: todayIn(zone, options.now ?? new Date()),
          });
          await db.transaction((tx) =>
            recordFile(tx, {
              id,
              pemdaCode,
              kind,
              fileName,
              staged,
              actor: options.actor,
              ip: options.ip ?? null,
            }),
          );
        } catch (error) {
          if (isSameFileViolation(error)) {
            const winner = await findCompletedImport(db, pemdaCode, kind, sha256);
            if (winner) {
              await markDuplicate(db, id, winner.id);
              return { alreadyImported: true, importId: winner.id, errorFile: null };
            }
          }
          await failImport(db, id, reasonOf(error));
          throw error;
        } finally {
          // Staged lines are scratch: whatever happened, they go (a crash leaves them to the next import).
          await deleteStagedLines(db, id).catch(() => {});
        }
        const errorFile = await writeErrorFile(db, id, options.errorFile);
        return { alreadyImported: false, importId: id, errorFile };
      });
    } finally {
      file.close();
    }
  }
  return importFile;
}
