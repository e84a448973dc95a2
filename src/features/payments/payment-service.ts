import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { basename } from 'node:path';
import { PassThrough, type Readable, type Writable } from 'node:stream';
import { DEFAULT_IMPORT_MAX_BYTES } from '../../config.ts';
import type { Actor } from '../../core/access.ts';
import { maskNik } from '../../core/identifiers/nik.ts';
import { type Language, type Message, message, type Problem, problem } from '../../core/message.ts';
import { formatRupiah } from '../../core/money.ts';
import { PAYMENT_COLUMNS, PAYMENT_KINDS, type PaymentKind } from '../../core/payment-files.ts';
import { TIME_ZONES, type TimeZoneName, zoneOfPemda } from '../../core/regions.ts';
import { copyField, type Database, whileHolding } from '../../db/database.ts';
import { AppError, invalid, notFound } from '../../errors.ts';
import { forbidden, seesFullNik } from '../../platform/access/policy.ts';
import { recordAudit } from '../../platform/audit.ts';
import { numberCellIssues, openImportFile, type SourceRow } from '../../platform/files/import-file.ts';
import { type ErrorFileFormat, errorFileFormatOf, streamIssueFile } from '../../platform/files/issue-file.ts';
import {
  emptyIssueColumns,
  insertIssueColumns,
  issuePage,
  pushIssueColumns,
} from '../../platform/files/issues.ts';
import { pemdaOutOfScope, requireOnboardedPemda } from '../../platform/pemda.ts';
import {
  type PaymentLineRecord,
  type PaymentRowContext,
  repeatedLine,
  unmatchedReason,
  validatePaymentRow,
} from './payment-formats.ts';
import {
  type AllocationGroup,
  assignLine,
  claimFile,
  countStillUnmatched,
  deleteDeadStagedLines,
  deleteStagedLines,
  failImport,
  failOwnerlessImports,
  findBillByReference,
  findCompletedImport,
  findContribution,
  findImport,
  findLine,
  type ImportTotals,
  insertImport,
  isNipOnBill,
  isSameFileViolation,
  type LineRecord,
  listImports,
  listUnmatched,
  markDuplicate,
  markNotOurs,
  PAYMENT_OWNER_LOCK,
  type PaymentImportRecord,
  prepareRecording,
  recordLines,
  recordRepeatedLines,
  saveSummary,
  stageLines,
} from './payment-queries.ts';
import type {
  PaymentImport,
  PaymentImportResult,
  ResolvedLine,
  ResolveRequest,
  UnmatchedLine,
  UnmatchedPage,
  UnmatchedQuery,
} from './payment-types.ts';

/**
 * Payment files: read as a stream in batches, the readable lines staged with COPY while the next
 * batch is checked; then one transaction claims the file (a unique index lets only one import of
 * the same file complete), matches, allocates and records every new line in one statement, and
 * audits it. Re-importing a file, or a line another file already brought, changes nothing and
 * says so. Unmatched lines wait for an officer, who assigns them to a bill or a contribution, or
 * says they are not ours, with a reason; every resolution is audited.
 */
const BATCH_ROWS = 10_000;
const RECENT_IMPORTS = 50;

/** The column a repeated line is reported under: what identifies it in the file. */
const KEY_COLUMN: Record<PaymentKind, string> = { bank: 'id_transaksi', payroll: 'nip', bpjstk: 'nik' };

export interface Caller {
  actor: Actor;
  ip?: string | null;
}

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

/** Pemda admins reconcile their own Pemda's payments, BPJSTK officers those of the Pemda they serve. */
export function mayReconcile(actor: Actor, pemdaCode: string): boolean {
  return (
    (actor.role === 'pemda_admin' && actor.pemdaCode === pemdaCode) ||
    (actor.role === 'bpjstk_officer' && actor.pemdaCodes.includes(pemdaCode))
  );
}

const reconciles = (actor: Actor) => actor.role === 'pemda_admin' || actor.role === 'bpjstk_officer';

const interrupted = () =>
  problem(
    'PAYMENT_IMPORT_INTERRUPTED',
    'Impor pembayaran terhenti sebelum selesai; tidak ada pembayaran yang dicatat. Impor ulang berkasnya.',
    'The payment import stopped before it finished; no payment was recorded. Import the file again.',
  );

const unexpected = () =>
  problem(
    'PAYMENT_IMPORT_FAILED',
    'Impor pembayaran gagal karena kesalahan di server; tidak ada pembayaran yang dicatat. Coba lagi; jika berulang, hubungi admin.',
    'The payment import failed on a server error; no payment was recorded. Try again; if it persists, contact the administrator.',
  );

const importNotFound = () =>
  notFound(
    problem(
      'PAYMENT_IMPORT_NOT_FOUND',
      'Impor pembayaran tersebut tidak ada.',
      'There is no such payment import.',
    ),
  );

const lineNotFound = () =>
  notFound(
    problem(
      'PAYMENT_LINE_NOT_FOUND',
      'Baris pembayaran tersebut tidak ada.',
      'There is no such payment line.',
    ),
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

function summaryOf(record: PaymentImportRecord): PaymentImport['summary'] {
  if (record.status !== 'completed' || record.lines === null) return null;
  return {
    rowsRead: record.rows_read ?? 0,
    lines: record.lines,
    repeated: record.repeated ?? 0,
    rejected: record.rejected ?? 0,
    nothingPaid: record.nothing_paid ?? 0,
    matched: record.matched ?? 0,
    partial: record.partial ?? 0,
    over: record.over ?? 0,
    unmatched: record.unmatched ?? 0,
    amountTotal: record.amount_total ?? 0,
    amountAllocated: record.amount_allocated ?? 0,
    amountCredit: record.amount_credit ?? 0,
    amountUnmatched: record.amount_unmatched ?? 0,
  };
}

function importView(
  record: PaymentImportRecord,
  language: Language,
  stillUnmatched: number | null,
): PaymentImport {
  const base = `/api/v1/payments/imports/${record.id}`;
  return {
    id: record.id,
    pemdaCode: record.pemda_code,
    kind: record.kind,
    fileName: record.file_name,
    status: record.status,
    duplicateOf: record.duplicate_of,
    summary: summaryOf(record),
    stillUnmatched,
    error:
      record.status === 'failed'
        ? `${language === 'en' ? record.error_message_en : record.error_message_id} [${record.error_code}]`
        : null,
    errorFileUrls: record.issues > 0 ? { csv: `${base}/errors.csv`, xlsx: `${base}/errors.xlsx` } : null,
    createdAt: record.created_at,
    finishedAt: record.finished_at,
  };
}

/** What an import did, in a sentence. */
export function outcomeMessage(alreadyImported: boolean, summary: PaymentImport['summary']): Message {
  if (alreadyImported || !summary) {
    return message(
      'Berkas ini sudah pernah diimpor; tidak ada yang berubah.',
      'This file was imported before; nothing changed.',
    );
  }
  const s = summary;
  return message(
    `${s.lines} pembayaran dicatat (${formatRupiah(s.amountTotal)}): ${s.matched} tepat, ${s.partial} kurang bayar, ${s.over} lebih bayar (kredit ${formatRupiah(s.amountCredit)}), ${s.unmatched} belum cocok. ${s.repeated} baris sudah pernah diimpor, ${s.rejected} baris ditolak.`,
    `${s.lines} payments recorded (${formatRupiah(s.amountTotal)}): ${s.matched} exact, ${s.partial} short, ${s.over} over (credit ${formatRupiah(s.amountCredit)}), ${s.unmatched} unmatched. ${s.repeated} rows were imported before, ${s.rejected} rows rejected.`,
  );
}

export function createPaymentService(db: Database) {
  function streamErrorFile(importId: string, output: Writable, format: ErrorFileFormat): Promise<void> {
    return streamIssueFile(
      (after, limit) => issuePage(db, 'payment_issue', importId, after, limit),
      output,
      format,
    );
  }

  async function readableImport(id: string, actor: Actor): Promise<PaymentImportRecord> {
    if (!reconciles(actor)) throw forbidden();
    // An import whose process died reads as failed at once, not as running for ever.
    await failOwnerlessImports(db, interrupted());
    const record = /^[0-9a-f-]{36}$/i.test(id) ? await findImport(db, id) : undefined;
    if (!record || !mayReconcile(actor, record.pemda_code)) throw importNotFound();
    return record;
  }

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
          await db.transaction(async (tx) => {
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
              actor: options.actor,
              action: 'payments.import',
              entityType: 'payment_import',
              entityId: id,
              pemdaCode,
              ip: options.ip ?? null,
              details: { kind, fileName, ...totals },
            });
          });
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
        const issues = (await findImport(db, id))?.issues ?? 0;
        let errorFile: string | null = null;
        if (options.errorFile && issues > 0) {
          await streamErrorFile(
            id,
            createWriteStream(options.errorFile),
            errorFileFormatOf(options.errorFile),
          );
          errorFile = options.errorFile;
        }
        return { alreadyImported: false, importId: id, errorFile };
      });
    } finally {
      file.close();
    }
  }

  function lineView(line: LineRecord, fullNik: boolean, language: Language): UnmatchedLine {
    const code = line.unmatched_code!;
    return {
      id: line.id,
      importId: line.import_id,
      pemdaCode: line.pemda_code,
      kind: line.kind,
      fileName: line.file_name,
      rowNumber: line.row_number,
      amount: line.amount,
      paidAt: line.paid_at,
      reference: line.reference,
      vaNumber: line.va_number,
      nip: line.nip,
      nik: line.nik && !fullNik ? maskNik(line.nik) : line.nik,
      kpj: line.kpj,
      period: line.period,
      bankTransactionId: line.bank_transaction_id,
      description: line.description,
      reasonCode: code,
      reason: unmatchedReason(code, {
        reference: line.reference,
        vaNumber: line.va_number,
        nip: line.nip,
        nik: line.nik,
        kpj: line.kpj,
        period: line.period,
      })[language],
    };
  }

  return {
    mayReconcile,

    /** Imports a payment file; a file refused as a whole throws an `invalid` AppError and records nothing. */
    importFile,

    /** The result of an import as the API and the CLI show it. */
    async result(outcome: PaymentImportOutcome, language: Language): Promise<PaymentImportResult> {
      const record = (await findImport(db, outcome.importId))!;
      const view = importView(record, language, await countStillUnmatched(db, record.pemda_code, record.id));
      return {
        alreadyImported: outcome.alreadyImported,
        message: outcomeMessage(outcome.alreadyImported, view.summary)[language],
        import: view,
      };
    },

    assertMayImport(actor: Actor, pemdaCode: string): void {
      if (!mayReconcile(actor, pemdaCode)) throw forbidden();
    },

    async getImport(id: string, actor: Actor, language: Language): Promise<PaymentImport> {
      const record = await readableImport(id, actor);
      return importView(record, language, await countStillUnmatched(db, record.pemda_code, id));
    },

    async listImports(pemdaCode: string, actor: Actor, language: Language): Promise<PaymentImport[]> {
      if (!reconciles(actor)) throw forbidden();
      if (!mayReconcile(actor, pemdaCode)) throw pemdaOutOfScope(pemdaCode);
      await failOwnerlessImports(db, interrupted());
      return (await listImports(db, pemdaCode, RECENT_IMPORTS)).map((record) =>
        importView(record, language, null),
      );
    },

    /** The error file of an import: checked first, then streamed as it is read. */
    async openErrorFile(id: string, actor: Actor, format: ErrorFileFormat): Promise<Readable> {
      await readableImport(id, actor);
      const body = new PassThrough();
      streamErrorFile(id, body, format).catch((error: Error) => body.destroy(error));
      return body;
    },

    /** The queue of a Pemda's unmatched lines; responses carrying full NIKs are audited. */
    async listUnmatched(
      query: UnmatchedQuery,
      caller: { actor: Actor | null; ip?: string | null },
      language: Language,
    ): Promise<UnmatchedPage> {
      if (caller.actor && !reconciles(caller.actor)) throw forbidden();
      if (caller.actor && !mayReconcile(caller.actor, query.pemda)) throw pemdaOutOfScope(query.pemda);
      const page = await listUnmatched(db, query.pemda, {
        limit: query.pageSize,
        offset: (query.page - 1) * query.pageSize,
      });
      const fullNik = caller.actor === null || seesFullNik(caller.actor);
      const niks = page.items.flatMap((line) => (line.nik ? [line.nik] : []));
      if (fullNik && caller.actor && niks.length > 0) {
        await db.transaction((tx) =>
          recordAudit(tx, {
            actor: caller.actor,
            action: 'worker.read_nik',
            entityType: 'worker',
            pemdaCode: query.pemda,
            ip: caller.ip ?? null,
            details: { route: 'payments.unmatched', niks },
          }),
        );
      }
      return {
        items: page.items.map((line) => lineView(line, fullNik, language)),
        page: query.page,
        pageSize: query.pageSize,
        total: page.total,
      };
    },

    /** An officer's resolution of an unmatched line, audited with its reason. */
    async resolve(
      lineId: number,
      request: ResolveRequest,
      caller: { actor: Actor | null; ip?: string | null },
    ): Promise<ResolvedLine> {
      const { actor } = caller;
      if (actor && !reconciles(actor)) throw forbidden();
      if (request.reason.trim().length < 3) {
        throw invalid(
          problem(
            'PAYMENT_RESOLVE_REASON',
            'Tuliskan alasannya (paling sedikit 3 karakter): alasan masuk jejak audit.',
            'Give the reason (at least 3 characters): it goes into the audit trail.',
          ),
        );
      }
      const line = Number.isSafeInteger(lineId) ? await findLine(db, lineId) : undefined;
      if (!line || (actor && !mayReconcile(actor, line.pemda_code))) throw lineNotFound();
      if (line.status !== 'unmatched') throw alreadyResolved();
      const audit = (details: Record<string, unknown>) => ({
        actor,
        action: 'payments.resolve',
        entityType: 'payment_line',
        entityId: String(lineId),
        pemdaCode: line.pemda_code,
        ip: caller.ip ?? null,
        details: { kind: line.kind, amount: line.amount, reason: request.reason, ...details },
      });
      if (request.action === 'not_ours') {
        return db.transaction(async (tx) => {
          if (!(await markNotOurs(tx, lineId, line.pemda_code, actor?.userId ?? null, request.reason))) {
            throw alreadyResolved();
          }
          await recordAudit(tx, audit({ action: 'not_ours' }));
          return { id: lineId, status: 'not_ours', billReference: null, allocated: 0, credit: 0 };
        });
      }
      const target = await assignmentTarget(line, request);
      return db.transaction(async (tx) => {
        const assigned = await assignLine(tx, {
          lineId,
          pemdaCode: line.pemda_code,
          ...target,
          userId: actor?.userId ?? null,
          reason: request.reason,
        });
        if (!assigned) throw alreadyResolved();
        await recordAudit(
          tx,
          audit({
            action: 'assign',
            method: target.method,
            billReference: assigned.bill_reference,
            contributionId: target.contributionId,
            allocated: assigned.allocated,
            credit: assigned.credit,
            status: assigned.status,
          }),
        );
        return {
          id: assigned.id,
          status: assigned.status,
          billReference: assigned.bill_reference,
          allocated: assigned.allocated,
          credit: assigned.credit,
        };
      });
    },
  };

  /** Where an officer sends a line: one contribution, or a bill (a payroll line's ASN only, when on it). */
  async function assignmentTarget(
    line: LineRecord,
    request: Extract<ResolveRequest, { action: 'assign' }>,
  ): Promise<{
    group: AllocationGroup;
    method: 'bill' | 'contribution';
    billId: number;
    targetNip: string | null;
    contributionId: number | null;
  }> {
    if ((request.reference === undefined) === (request.contributionId === undefined)) {
      throw invalid(
        problem(
          'PAYMENT_ASSIGN_TARGET',
          'Sebutkan satu tujuan: referensi tagihan atau nomor iuran (contributionId).',
          'Name one target: a bill reference or a contribution id (contributionId).',
        ),
      );
    }
    if (request.contributionId !== undefined) {
      const contribution = await findContribution(db, line.pemda_code, request.contributionId);
      if (!contribution) {
        throw invalid(
          problem(
            'CONTRIBUTION_NOT_FOUND',
            `Iuran nomor ${request.contributionId} tidak ada di Pemda ${line.pemda_code}.`,
            `There is no contribution ${request.contributionId} in Pemda ${line.pemda_code}.`,
          ),
        );
      }
      return {
        group: 'contribution',
        method: 'contribution',
        billId: contribution.bill_id,
        targetNip: null,
        contributionId: contribution.id,
      };
    }
    const bill = await findBillByReference(db, line.pemda_code, request.reference!);
    if (!bill) {
      throw invalid(
        problem(
          'BILL_NOT_FOUND',
          `Tidak ada tagihan Pemda ${line.pemda_code} dengan referensi ${request.reference}.`,
          `Pemda ${line.pemda_code} has no bill with the reference ${request.reference}.`,
        ),
      );
    }
    const onBill = line.nip !== null && (await isNipOnBill(db, bill.id, line.nip));
    return {
      group: onBill ? 'asn_on_bill' : 'bill',
      method: 'bill',
      billId: bill.id,
      targetNip: onBill ? line.nip : null,
      contributionId: null,
    };
  }
}

function alreadyResolved(): AppError {
  return new AppError(
    'conflict',
    problem(
      'PAYMENT_LINE_RESOLVED',
      'Baris pembayaran ini sudah ditangani.',
      'This payment line has already been resolved.',
    ),
  );
}

export type PaymentService = ReturnType<typeof createPaymentService>;
