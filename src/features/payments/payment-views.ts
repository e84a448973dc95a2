import { maskNik } from '../../core/identifiers/nik.ts';
import type { Language, Message } from '../../core/message.ts';
import { message, problem } from '../../core/message.ts';
import { formatRupiah } from '../../core/money.ts';
import { AppError, notFound } from '../../errors.ts';
import { unmatchedReason } from './payment-formats.ts';
import type { PaymentImportRecord } from './payment-import-repository.ts';
import type { LineRecord } from './payment-repository.ts';
import type { PaymentImport, UnmatchedLine } from './payment-types.ts';

/** What the payments feature shows of its imports and lines, and the refusals it gives. */

export const interrupted = () =>
  problem(
    'PAYMENT_IMPORT_INTERRUPTED',
    'Impor pembayaran terhenti sebelum selesai; tidak ada pembayaran yang dicatat. Impor ulang berkasnya.',
    'The payment import stopped before it finished; no payment was recorded. Import the file again.',
  );

export const importNotFound = () =>
  notFound(
    problem(
      'PAYMENT_IMPORT_NOT_FOUND',
      'Impor pembayaran tersebut tidak ada.',
      'There is no such payment import.',
    ),
  );

export const lineNotFound = () =>
  notFound(
    problem(
      'PAYMENT_LINE_NOT_FOUND',
      'Baris pembayaran tersebut tidak ada.',
      'There is no such payment line.',
    ),
  );

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

export function importView(
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

export function lineView(line: LineRecord, fullNik: boolean, language: Language): UnmatchedLine {
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

export function alreadyResolved(): AppError {
  return new AppError(
    'conflict',
    problem(
      'PAYMENT_LINE_RESOLVED',
      'Baris pembayaran ini sudah ditangani.',
      'This payment line has already been resolved.',
    ),
  );
}
