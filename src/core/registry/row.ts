import { formatIsoDate, type IsoDate, isRealDate } from '../calendar.ts';
import type { Sex } from '../identifiers/common.ts';
import { type Message, type Problem, problem } from '../message.ts';

/**
 * What the roster and worker-registry imports share: one raw row (strings by column name, as a
 * CSV or XLSX file holds them) is checked field by field, and every problem names its column.
 */
export type RawRow = Readonly<Record<string, string | undefined>>;

export type IssueSeverity = 'rejected' | 'warning';

export interface RowIssue {
  column: string;
  /** The value as written, for the error file. */
  value: string;
  severity: IssueSeverity;
  code: string;
  message: Message;
}

/** A row is imported (with its warnings) or rejected: then `record` is null. */
export interface RowResult<T> {
  record: T | null;
  issues: RowIssue[];
}

export interface RowContext {
  /** For birth dates and identifiers: nothing may lie after it. */
  today: IsoDate;
  /** The importing Pemda, `35.02` (or a province, `35`). */
  pemdaCode: string;
  /** Whether a village code is one of the Pemda's villages in the official tree. */
  isPemdaVillage(code: string): boolean;
  /** Whether a regency or district code is current: a NIK issued before a split gets a warning. */
  regionExists?(code: string): boolean;
}

/** A field's verdict: its value, or why it was refused. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: Problem };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = (code: string, id: string, en: string): Parsed<never> => ({
  ok: false,
  problem: problem(code, id, en),
});

/** An empty cell in a column that must be filled in. */
export function requiredMissing(): Problem {
  return problem('REQUIRED', 'Kolom ini wajib diisi.', 'This column must be filled in.');
}

const missing = (): Parsed<never> => ({ ok: false, problem: requiredMissing() });

/** Collects a row's issues; `rejected` tells whether the row can still be imported. */
export class IssueList {
  readonly issues: RowIssue[] = [];
  rejected = false;

  reject(column: string, value: string, item: Problem): void {
    this.rejected = true;
    this.issues.push({ column, value, severity: 'rejected', code: item.code, message: item.message });
  }

  warn(column: string, value: string, item: Problem): void {
    this.issues.push({ column, value, severity: 'warning', code: item.code, message: item.message });
  }

  /** The field's value, or undefined after recording why it was refused. */
  take<T>(column: string, value: string, parsed: Parsed<T>): T | undefined {
    if (parsed.ok) return parsed.value;
    this.reject(column, value, parsed.problem);
    return undefined;
  }

  result<T>(build: () => T): RowResult<T> {
    return { record: this.rejected ? null : build(), issues: this.issues };
  }
}

/**
 * How a header cell is matched to a column: byte-order mark, case, surrounding spaces ignored,
 * and a space or hyphen read as `_` (`Kode Desa` is `kode_desa`).
 */
export function normaliseHeader(cell: string): string {
  return cell
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}

/**
 * Where each expected column sits in a header row; extra columns are ignored. A header lacking
 * any expected column is refused, naming what is missing and what was found.
 */
export function matchColumns(
  header: readonly string[],
  expected: readonly string[],
): { ok: true; positions: number[] } | { ok: false; problem: Problem } {
  const found = header.map(normaliseHeader);
  const positions = expected.map((column) => found.indexOf(column));
  const missing = expected.filter((_, index) => positions[index] === -1);
  if (missing.length === 0) return { ok: true, positions };
  const shown = header
    .map((cell) => cell.replace(/^\uFEFF/, '').trim())
    .filter((cell) => cell !== '')
    .map((cell) => `"${cell.slice(0, 40)}"`)
    .slice(0, 20);
  const foundText = shown.length > 0 ? shown.join(', ') : '(kosong / none)';
  return {
    ok: false,
    problem: problem(
      'IMPORT_COLUMNS_MISSING',
      `Kolom wajib tidak ada: ${missing.join(', ')}. Kolom yang ditemukan: ${foundText}. Baris pertama berkas harus berisi judul kolom: ${expected.join(',')}.`,
      `Required columns are missing: ${missing.join(', ')}. Columns found: ${foundText}. The first row of the file must hold the column names: ${expected.join(',')}.`,
    ),
  };
}

/** Surrounding spaces trimmed and inner runs of spaces made one, as names are compared. */
function cleanText(value: string): string {
  return value.trim().replace(/\s+/g, ' ');
}

export function requiredText(raw: string, maxLength: number): Parsed<string> {
  const value = cleanText(raw);
  if (value === '') return missing();
  return limitLength(value, maxLength);
}

/** Empty is none. */
export function optionalText(raw: string, maxLength: number): Parsed<string | null> {
  const value = cleanText(raw);
  return value === '' ? ok(null) : limitLength(value, maxLength);
}

function limitLength(value: string, maxLength: number): Parsed<string> {
  if (value.length <= maxLength) return ok(value);
  return fail(
    'TEXT_TOO_LONG',
    `Isian terlalu panjang: ${value.length} karakter, paling banyak ${maxLength}.`,
    `Too long: ${value.length} characters, at most ${maxLength}.`,
  );
}

const ISO_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
const SLASHED_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
/** Nobody in a registry of the living was born before this. */
const EARLIEST_BIRTH_YEAR = 1900;

/** `YYYY-MM-DD`, or `DD/MM/YYYY` as Indonesian spreadsheets show dates; not after `today`. */
export function parseBirthDate(raw: string, today: IsoDate): Parsed<IsoDate> {
  const value = raw.trim();
  if (value === '') return missing();
  const iso = ISO_DATE.exec(value);
  const slashed = iso ? null : SLASHED_DATE.exec(value);
  if (!iso && !slashed) {
    return fail(
      'DATE_FORMAT',
      'Tanggal harus ditulis YYYY-MM-DD (1990-01-31) atau DD/MM/YYYY (31/01/1990).',
      'Write dates as YYYY-MM-DD (1990-01-31) or DD/MM/YYYY (31/01/1990).',
    );
  }
  const [year, month, day] = iso
    ? [Number(iso[1]), Number(iso[2]), Number(iso[3])]
    : [Number(slashed![3]), Number(slashed![2]), Number(slashed![1])];
  const date = formatIsoDate(year, month, day);
  if (!isRealDate(year, month, day)) {
    return fail(
      'DATE_INVALID',
      `Tanggal ${date} tidak ada di kalender.`,
      `${date} is not a day of the calendar.`,
    );
  }
  if (date > today) {
    return fail(
      'DATE_FUTURE',
      `Tanggal lahir ${date} jatuh di masa depan (hari ini ${today}).`,
      `The birth date ${date} is in the future (today is ${today}).`,
    );
  }
  if (year < EARLIEST_BIRTH_YEAR) {
    return fail(
      'DATE_TOO_OLD',
      `Tanggal lahir ${date} sebelum tahun ${EARLIEST_BIRTH_YEAR}: periksa tahunnya.`,
      `The birth date ${date} is before ${EARLIEST_BIRTH_YEAR}: check the year.`,
    );
  }
  return ok(date);
}

const SEX_BY_TEXT: Record<string, Sex> = {
  l: 'male',
  'laki-laki': 'male',
  'laki laki': 'male',
  p: 'female',
  perempuan: 'female',
};

/** `L` (laki-laki) or `P` (perempuan), in any case; the words themselves too. */
export function parseSex(raw: string): Parsed<Sex> {
  const value = raw.trim().toLowerCase();
  if (value === '') return missing();
  const sex = SEX_BY_TEXT[value];
  if (sex) return ok(sex);
  return fail(
    'SEX_INVALID',
    'Jenis kelamin harus L (laki-laki) atau P (perempuan).',
    'Sex must be L (male, laki-laki) or P (female, perempuan).',
  );
}

const PLAIN_DIGITS = /^\d+$/;
const DOTTED_THOUSANDS = /^\d{1,3}(\.\d{3})+$/;

/**
 * Whole rupiah as digits, with or without thousands dots (`4500000`, `4.500.000`), an `Rp`
 * prefix and zero sen (`,00`) allowed. A lone dot before one or two digits is refused: `45.00`
 * could be a decimal point typed the English way.
 */
export function parseRupiah(raw: string): Parsed<number> {
  let value = raw.trim();
  if (value === '') return missing();
  value = value.replace(/^rp\.?\s*/i, '').replace(/,0{1,2}$/, '');
  if (/^-\s*\d/.test(value)) {
    return fail(
      'RUPIAH_NEGATIVE',
      'Jumlah rupiah tidak boleh negatif.',
      'A rupiah amount cannot be negative.',
    );
  }
  const digits = PLAIN_DIGITS.test(value)
    ? value
    : DOTTED_THOUSANDS.test(value)
      ? value.replaceAll('.', '')
      : null;
  const amount = digits === null ? Number.NaN : Number(digits);
  if (!Number.isSafeInteger(amount)) {
    return fail(
      'RUPIAH_INVALID',
      'Tulis rupiah sebagai angka bulat, dengan atau tanpa titik ribuan: 4500000 atau 4.500.000.',
      'Write rupiah as a whole number, with or without thousands dots: 4500000 or 4.500.000.',
    );
  }
  return ok(amount);
}

const VILLAGE_DOTTED = /^\d{2}\.\d{2}\.\d{2}\.\d{4}$/;
const VILLAGE_DIGITS = /^\d{10}$/;

/**
 * A village (`35.02.01.2001`, or its ten digits as a spreadsheet may keep them) of the
 * importing Pemda.
 */
export function parseVillage(raw: string, context: RowContext): Parsed<string> {
  const value = raw.trim();
  if (value === '') return missing();
  const code = VILLAGE_DIGITS.test(value)
    ? `${value.slice(0, 2)}.${value.slice(2, 4)}.${value.slice(4, 6)}.${value.slice(6)}`
    : value;
  if (!VILLAGE_DOTTED.test(code)) {
    return fail(
      'VILLAGE_FORMAT',
      'Kode desa/kelurahan harus berbentuk kode Kemendagri seperti 35.02.01.2001.',
      'A village code is a Home Affairs code such as 35.02.01.2001.',
    );
  }
  if (context.isPemdaVillage(code)) return ok(code);
  if (code.startsWith(`${context.pemdaCode}.`)) {
    return fail(
      'VILLAGE_UNKNOWN',
      `Desa/kelurahan ${code} tidak ada dalam daftar wilayah resmi Kemendagri.`,
      `Village ${code} is not in the official Home Affairs region list.`,
    );
  }
  return fail(
    'VILLAGE_OUTSIDE_PEMDA',
    `Desa/kelurahan ${code} berada di luar wilayah Pemda ${context.pemdaCode}.`,
    `Village ${code} lies outside the Pemda ${context.pemdaCode}.`,
  );
}

/**
 * An Indonesian mobile number, kept as digits starting `08` or `628`. Spaces, dots, hyphens and
 * brackets are dropped, `+62` becomes `62`, and a leading `8` gets back the `0` a spreadsheet
 * strips from numbers.
 */
export function parsePhone(raw: string): Parsed<string | null> {
  const value = raw.trim();
  if (value === '') return ok(null);
  let digits = value.replace(/[\s.()-]/g, '');
  if (digits.startsWith('+')) digits = digits.slice(1);
  if (/^8\d+$/.test(digits)) digits = `0${digits}`;
  if (/^(08|628)\d+$/.test(digits) && digits.length >= 10 && digits.length <= 15) return ok(digits);
  return fail(
    'PHONE_INVALID',
    'Nomor HP harus berupa angka yang diawali 08 atau +62, 10–15 digit, mis. 081234567890.',
    'A mobile number is digits starting 08 or +62, 10–15 of them, e.g. 081234567890.',
  );
}

/** The welfare-registry decile (DTKS/DTSEN), 1 the poorest to 10; empty when unknown. */
export function parseDecile(raw: string): Parsed<number | null> {
  const value = raw.trim();
  if (value === '') return ok(null);
  const decile = /^\d{1,2}$/.test(value) ? Number(value) : Number.NaN;
  if (decile >= 1 && decile <= 10) return ok(decile);
  return fail(
    'DECILE_INVALID',
    'Desil kesejahteraan harus angka bulat 1–10, atau dikosongkan.',
    'The welfare decile is a whole number 1–10, or empty.',
  );
}
