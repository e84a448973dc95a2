import { formatIsoDate, type IsoDate, isRealDate } from '../../core/calendar.ts';
import { checkShape } from '../../core/identifiers/common.ts';
import { maskNik } from '../../core/identifiers/nik.ts';
import { type Message, message, type Problem, problem } from '../../core/message.ts';
import type { PAYMENT_COLUMNS, PaymentKind } from '../../core/payment-files.ts';
import { parsePeriod } from '../../core/period.ts';
import { TIME_ZONES, type TimeZoneName } from '../../core/regions.ts';
import {
  IssueList,
  type Parsed,
  parseRupiah,
  type RawRow,
  type RowResult,
  requiredMissing,
} from '../../core/registry/row.ts';

/**
 * The three payment files Asuh reads (docs/formats/payroll-confirmation.md, bank-statement.md,
 * bpjstk-payment.md): their columns, how one row is checked, and the key that makes a line the
 * same line when another file brings it again. Pure: no I/O.
 */
/** One readable line, ready to stage. */
export interface PaymentLineRecord {
  lineKey: string;
  /** As written, tidied (upper case, no spaces). */
  reference: string | null;
  /** The digits that name a bill: the reference's, or those after `ASUH` in a bank description. */
  referenceDigits: string | null;
  /** A virtual-account number's digits: a bill's reference digits, perhaps after the bank's prefix. */
  vaDigits: string | null;
  nip: string | null;
  nik: string | null;
  kpj: string | null;
  /** First day of the month paid for. */
  period: IsoDate | null;
  amount: number;
  /** The moment paid, as an ISO instant (UTC). */
  paidAt: string;
  bankTransactionId: string | null;
  description: string | null;
}

export interface PaymentRowResult extends RowResult<PaymentLineRecord> {
  nothingPaid: boolean;
}

const NOTHING_PAID: PaymentRowResult = { record: null, issues: [], nothingPaid: true };

export interface PaymentRowContext {
  /** The Pemda's zone: the file's dates and times are its local time. */
  zone: TimeZoneName;
  /** Today there: no payment is dated after it. */
  today: IsoDate;
}

const MAX_TEXT = 200;
/** The reference Asuh prints on a bill, `ASUH-3502-202401-000123`, perhaps without its hyphens. */
const REFERENCE_IN_TEXT = /ASUH[\s-]*(\d[\d\s-]*\d)/i;
const LOCAL_MOMENT = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?)?$/;
const SLASHED_MOMENT = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:[ T](\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?)?$/;

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = (code: string, id: string, en: string): Parsed<never> => ({
  ok: false,
  problem: problem(code, id, en),
});

/**
 * A payment's day, with a time for bank lines (`2024-01-25 14:05[:30]` or `25/01/2024 14:05`), as
 * the Pemda's clock shows it; a day alone is its first moment. Not after today.
 */
export function parsePaymentMoment(raw: string, context: PaymentRowContext): Parsed<string> {
  const value = raw.trim();
  if (value === '') return { ok: false, problem: requiredMissing() };
  const iso = LOCAL_MOMENT.exec(value);
  const slashed = iso ? null : SLASHED_MOMENT.exec(value);
  const parts = iso
    ? [iso[1], iso[2], iso[3], iso[4], iso[5], iso[6]]
    : slashed
      ? [slashed[3], slashed[2], slashed[1], slashed[4], slashed[5], slashed[6]]
      : null;
  if (!parts) {
    return fail(
      'PAYMENT_DATE_FORMAT',
      'Tanggal bayar ditulis YYYY-MM-DD atau DD/MM/YYYY, boleh dengan jam (2024-01-25 14:05).',
      'Write the payment date as YYYY-MM-DD or DD/MM/YYYY, with a time if known (2024-01-25 14:05).',
    );
  }
  const [year, month, day, hour, minute, second] = parts.map((part) => Number(part ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const date = formatIsoDate(year, month, day);
  if (!isRealDate(year, month, day) || hour > 23 || minute > 59 || second > 59) {
    return fail(
      'PAYMENT_DATE_INVALID',
      `Tanggal atau jam ${value} tidak ada di kalender.`,
      `${value} is not a real date and time.`,
    );
  }
  if (date > context.today) {
    return fail(
      'PAYMENT_DATE_FUTURE',
      `Tanggal bayar ${date} jatuh setelah hari ini (${context.today}).`,
      `The payment date ${date} is after today (${context.today}).`,
    );
  }
  const utc = Date.UTC(year, month - 1, day, hour, minute, second);
  return ok(new Date(utc - TIME_ZONES[context.zone].utcOffsetHours * 3_600_000).toISOString());
}

/** A whole rupiah amount above zero: a statement's debits and zero lines are not payments. */
function parseAmount(raw: string): Parsed<number> {
  const parsed = parseRupiah(raw);
  if (!parsed.ok || parsed.value > 0) return parsed;
  return fail('PAYMENT_AMOUNT_ZERO', 'Jumlah harus lebih dari nol.', 'The amount must be more than zero.');
}

/** `2024-01`; a spreadsheet's date cell (`2024-01-01`) counts as its month. */
function parseMonth(raw: string): Parsed<IsoDate> {
  const value = raw.trim();
  if (value === '') return { ok: false, problem: requiredMissing() };
  const parsed = parsePeriod(/^\d{4}-\d{2}-01$/.test(value) ? value.slice(0, 7) : value);
  return parsed.ok ? ok(`${parsed.period}-01`) : parsed;
}

function parseIdentifier(name: 'NIK' | 'NIP', raw: string, length: number): Parsed<string> {
  const value = raw.trim();
  if (value === '') return { ok: false, problem: requiredMissing() };
  const [first] = checkShape(name, value, length);
  return first ? { ok: false, problem: first } : ok(value);
}

function parseKpj(raw: string): Parsed<string> {
  const value = raw.replace(/\s+/g, '');
  if (/^\d{8,16}$/.test(value)) return ok(value);
  return fail('KPJ_INVALID', 'Nomor KPJ berupa 8–16 angka.', 'A KPJ number is 8 to 16 digits.');
}

function optionalText(raw: string): string | null {
  const value = raw.trim().replace(/\s+/g, ' ');
  return value === '' ? null : value.slice(0, MAX_TEXT);
}

const digitsOf = (value: string) => value.replace(/\D/g, '');

function bankLine(row: RawRow, issues: IssueList, context: PaymentRowContext) {
  const cell = (column: (typeof PAYMENT_COLUMNS)['bank'][number]) => row[column] ?? '';
  const transactionId = optionalText(cell('id_transaksi'));
  if (transactionId === null) issues.reject('id_transaksi', '', requiredMissing());
  const paidAt = issues.take('waktu', cell('waktu'), parsePaymentMoment(cell('waktu'), context));
  const amount = issues.take('jumlah', cell('jumlah'), parseAmount(cell('jumlah')));
  const description = optionalText(cell('keterangan'));
  const inText = description ? REFERENCE_IN_TEXT.exec(description) : null;
  const vaDigits = digitsOf(cell('nomor_va')) || null;
  if (!inText && !vaDigits) {
    issues.warn(
      'keterangan',
      cell('keterangan'),
      problem(
        'PAYMENT_NO_REFERENCE',
        'Baris ini tidak memuat nomor VA maupun referensi tagihan (ASUH-…); baris menunggu penanganan petugas.',
        'This line holds neither a VA number nor a bill reference (ASUH-…); it waits for an officer.',
      ),
    );
  }
  return issues.result<PaymentLineRecord>(() => ({
    lineKey: `bank:${transactionId}`,
    reference: inText ? `ASUH-${inText[1]!.replace(/\s+/g, '')}`.toUpperCase() : null,
    referenceDigits: inText ? digitsOf(inText[1]!) : null,
    vaDigits,
    nip: null,
    nik: null,
    kpj: null,
    period: null,
    amount: amount!,
    paidAt: paidAt!,
    bankTransactionId: transactionId,
    description,
  }));
}

function payrollLine(row: RawRow, issues: IssueList, context: PaymentRowContext) {
  const cell = (column: (typeof PAYMENT_COLUMNS)['payroll'][number]) => row[column] ?? '';
  const deducted = parseRupiah(cell('jumlah_dipotong'));
  if (deducted.ok && deducted.value === 0) return NOTHING_PAID;
  const reference = cell('referensi_tagihan').replace(/\s+/g, '').toUpperCase() || null;
  const period =
    cell('periode').trim() === ''
      ? null
      : issues.take('periode', cell('periode'), parseMonth(cell('periode')));
  if (reference === null && cell('periode').trim() === '') {
    issues.reject(
      'referensi_tagihan',
      '',
      problem(
        'PAYROLL_NO_REFERENCE',
        'Isi referensi tagihan atau periode: tanpa keduanya potongan tidak dapat dicocokkan.',
        'Fill in the bill reference or the period: without either the deduction cannot be matched.',
      ),
    );
  }
  const nip = issues.take('nip', cell('nip'), parseIdentifier('NIP', cell('nip'), 18));
  const amount = issues.take(
    'jumlah_dipotong',
    cell('jumlah_dipotong'),
    parseAmount(cell('jumlah_dipotong')),
  );
  const paidAt = issues.take(
    'tanggal_potong',
    cell('tanggal_potong'),
    parsePaymentMoment(cell('tanggal_potong'), context),
  );
  return issues.result<PaymentLineRecord>(() => {
    const referenceDigits = reference ? digitsOf(reference) || null : null;
    return {
      lineKey: `${referenceDigits ?? ''}|${nip}|${period ?? ''}|${paidAt}|${amount}`,
      reference,
      referenceDigits,
      vaDigits: null,
      nip: nip!,
      nik: null,
      kpj: null,
      period: period ?? null,
      amount: amount!,
      paidAt: paidAt!,
      bankTransactionId: null,
      description: null,
    };
  });
}

function bpjstkLine(row: RawRow, issues: IssueList, context: PaymentRowContext) {
  const cell = (column: (typeof PAYMENT_COLUMNS)['bpjstk'][number]) => row[column] ?? '';
  const nik =
    cell('nik').trim() === ''
      ? null
      : issues.take('nik', cell('nik'), parseIdentifier('NIK', cell('nik'), 16));
  const kpj = cell('kpj').trim() === '' ? null : issues.take('kpj', cell('kpj'), parseKpj(cell('kpj')));
  if (cell('nik').trim() === '' && cell('kpj').trim() === '') {
    issues.reject(
      'nik',
      '',
      problem('BPJSTK_NO_WORKER', 'Isi NIK atau KPJ peserta.', "Fill in the participant's NIK or KPJ."),
    );
  }
  const period = issues.take('periode', cell('periode'), parseMonth(cell('periode')));
  const amount = issues.take('jumlah', cell('jumlah'), parseAmount(cell('jumlah')));
  const paidAt = issues.take(
    'tanggal_bayar',
    cell('tanggal_bayar'),
    parsePaymentMoment(cell('tanggal_bayar'), context),
  );
  return issues.result<PaymentLineRecord>(() => ({
    lineKey: `${nik ?? ''}|${kpj ?? ''}|${period}|${paidAt}|${amount}`,
    reference: null,
    referenceDigits: null,
    vaDigits: null,
    nip: null,
    nik: nik ?? null,
    kpj: kpj ?? null,
    period: period!,
    amount: amount!,
    paidAt: paidAt!,
    bankTransactionId: null,
    description: null,
  }));
}

const LINE_READERS = { bank: bankLine, payroll: payrollLine, bpjstk: bpjstkLine } as const;

/**
 * Checks one row of a payment file; a rejected row is not staged, and every problem names its
 * column. A payroll row whose `jumlah_dipotong` is 0 says nothing was deducted: no payment, no
 * problem either (`record` null, `nothingPaid`).
 */
export function validatePaymentRow(
  kind: PaymentKind,
  row: RawRow,
  context: PaymentRowContext,
): PaymentRowResult {
  const result: RowResult<PaymentLineRecord> | PaymentRowResult = LINE_READERS[kind](
    row,
    new IssueList(),
    context,
  );
  return { nothingPaid: false, ...result };
}

/** Why a line found no bill or contribution: the codes `payment_line.unmatched_code` holds. */
export const UNMATCHED_CODES = [
  'REFERENCE_UNKNOWN',
  'NIP_NOT_IN_BILL',
  'NIP_PERIOD_UNKNOWN',
  'WORKER_PERIOD_UNKNOWN',
  'KPJ_UNKNOWN',
  'NO_REFERENCE',
] as const;
export type UnmatchedCode = (typeof UNMATCHED_CODES)[number];

export interface UnmatchedFacts {
  reference: string | null;
  vaNumber: string | null;
  nip: string | null;
  nik: string | null;
  kpj: string | null;
  /** `YYYY-MM` */
  period: string | null;
}

/** The reason an unmatched line shows, in both languages; NIKs masked, as the queue is read by several roles. */
export function unmatchedReason(code: UnmatchedCode, facts: UnmatchedFacts): Message {
  const named = facts.reference ?? facts.vaNumber ?? '';
  switch (code) {
    case 'REFERENCE_UNKNOWN':
      return message(
        `Tidak ada tagihan Pemda ini dengan referensi atau nomor VA ${named}.`,
        `No bill of this Pemda has the reference or VA number ${named}.`,
      );
    case 'NIP_NOT_IN_BILL':
      return message(
        `ASN dengan NIP ${facts.nip} tidak tercantum dalam tagihan ${facts.reference}.`,
        `No ASN with NIP ${facts.nip} is listed on the bill ${facts.reference}.`,
      );
    case 'NIP_PERIOD_UNKNOWN':
      return message(
        `Tidak ada iuran yang ditagihkan kepada ASN dengan NIP ${facts.nip} untuk ${facts.period}.`,
        `No contribution was billed to the ASN with NIP ${facts.nip} for ${facts.period}.`,
      );
    case 'WORKER_PERIOD_UNKNOWN':
      return message(
        `Tidak ada iuran yang ditagihkan untuk pekerja ${facts.nik ? maskNik(facts.nik) : `KPJ ${facts.kpj}`} pada ${facts.period}.`,
        `No contribution was billed for the worker ${facts.nik ? maskNik(facts.nik) : `KPJ ${facts.kpj}`} for ${facts.period}.`,
      );
    case 'KPJ_UNKNOWN':
      return message(
        `Tidak ada pekerja terdaftar dengan KPJ ${facts.kpj}.`,
        `No registered worker has the KPJ ${facts.kpj}.`,
      );
    case 'NO_REFERENCE':
      return message(
        'Baris tidak memuat nomor VA maupun referensi tagihan.',
        'The line holds neither a VA number nor a bill reference.',
      );
  }
}

/** The problem shown for a line that repeats one already imported (in this file or an earlier one). */
export function repeatedLine(kind: PaymentKind): Problem {
  return kind === 'bank'
    ? problem(
        'PAYMENT_LINE_REPEATED',
        'Transaksi dengan ID ini sudah diimpor sebelumnya; tidak dihitung lagi.',
        'A transaction with this ID was already imported; it is not counted again.',
      )
    : problem(
        'PAYMENT_LINE_REPEATED',
        'Pembayaran yang sama (referensi/NIP/NIK, periode, tanggal, jumlah) sudah diimpor sebelumnya; tidak dihitung lagi.',
        'The same payment (reference/NIP/NIK, period, date, amount) was already imported; it is not counted again.',
      );
}
