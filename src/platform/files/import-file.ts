import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { type Message, problem } from '../../core/message.ts';
import { matchColumns, type RawRow, type RowIssue } from '../../core/registry/row.ts';
import { invalid } from '../../errors.ts';
import { type CsvEncoding, csvRecords, detectDelimiter, scanCsv } from './csv-records.ts';
import { formatBytes, type RawRecord, refuse } from './records.ts';
import { xlsxLimits, xlsxRecords } from './xlsx-records.ts';

export { formatBytes } from './records.ts';

/**
 * Reading an import file: CSV or XLSX told apart by their bytes, anything else refused, both
 * streamed so memory does not grow with the file. The whole file is checked before its first row
 * is handed out (every byte of a CSV, every part of an XLSX that is read, within bounds), so a
 * file refused as a whole is refused before anything is written, whatever line its fault is on.
 */
export type ImportFormat = 'csv' | 'xlsx';

/** One data row: the expected columns by name, as written; the row number as a spreadsheet shows it. */
export interface SourceRow {
  rowNumber: number;
  values: Record<string, string>;
  /** Identifier columns (nik, nip, kpj) that arrived as a number: see `numberCellIssues`. */
  numberCells?: string[];
}

export interface ImportFile {
  format: ImportFormat;
  totalBytes: number;
  /** Data rows, blank ones skipped; read it once. */
  rows: AsyncIterable<SourceRow>;
  /** Bytes of the file consumed so far, for progress. */
  bytesRead(): number;
  /** The file's SHA-256, hex. */
  sha256(): Promise<string>;
  close(): void;
}

/** What checking a whole file found, so that reading it again need not check it again. */
export interface CheckedImportFile {
  path: string;
  format: ImportFormat;
  /** CSV: the encoding of the whole file. */
  encoding: CsvEncoding;
  totalBytes: number;
  sha256: string;
}

const HEAD_BYTES = 64 * 1024;

/** Columns holding identifiers that a number cell corrupts: Excel keeps 15 digits of a number. */
const IDENTIFIER_COLUMNS = new Set(['nik', 'nip', 'kpj']);
/** `3.50201E+15`: a long number as a CSV saved from Excel's General format writes it. */
const SCIENTIFIC = /^\s*[+-]?\d+(?:[.,]\d+)?[eE][+-]?\d+\s*$/;

export function fileTooLarge(bytes: number | null, maxBytes: number) {
  const size = bytes === null ? '' : ` berukuran ${formatBytes(bytes)}`;
  const sizeEn = bytes === null ? '' : ` ${formatBytes(bytes)},`;
  return refuse(
    'FILE_TOO_LARGE',
    `Berkas${size} melebihi batas ${formatBytes(maxBytes)} (ASUH_IMPORT_MAX_BYTES). Bagi menjadi beberapa berkas.`,
    `The file is${sizeEn} over the limit of ${formatBytes(maxBytes)} (ASUH_IMPORT_MAX_BYTES). Split it into several files.`,
  );
}

/**
 * Checks a whole import file: a CSV or XLSX no larger than `maxBytes`, every byte of a CSV valid
 * (no NUL, one encoding, every line a row, no quote left open), an XLSX within `xlsxLimits`, every
 * expected column in its header and at least one data row. Throws an `invalid` AppError otherwise;
 * keeps no row, and hashes the file while it checks it.
 */
export async function checkImportFile(
  path: string,
  columns: readonly string[],
  { maxBytes }: { maxBytes: number },
): Promise<CheckedImportFile> {
  const size = await stat(path).then(
    (stats) => stats.size,
    () => {
      throw refuse(
        'FILE_NOT_FOUND',
        `Berkas ${path} tidak ada atau tidak dapat dibaca.`,
        `The file ${path} does not exist or cannot be read.`,
      );
    },
  );
  if (size === 0) throw fileEmpty();
  if (size > maxBytes) throw fileTooLarge(size, maxBytes);
  const head = await readHead(path);
  const format = sniffFormat(head);
  const hashing = hashFile(path);
  hashing.catch(() => {});
  // A CSV's every byte is checked by a scan that parses no field; its header and first row, and
  // an XLSX's every row (within its bounds), by the reader itself.
  const encoding = format === 'csv' ? await scanCsv(path, detectDelimiter(head)) : 'utf8';
  const records = openRecords(path, format, head, encoding, maxBytes, size, () => {});
  try {
    await headerAndFirstRow(records, columns);
    // Every row of a sheet, so that a bomb in it is found now, not half-way through an import.
    if (format === 'xlsx') for (;;) if ((await records.next()).done) break;
  } finally {
    await records.return(undefined).catch(() => {});
  }
  return { path, format, encoding, totalBytes: size, sha256: await hashing };
}

/**
 * Opens an import file for its rows, after `checkImportFile` (done here unless `checked` says it
 * was, for this path).
 */
export async function openImportFile(
  path: string,
  columns: readonly string[],
  { maxBytes, checked }: { maxBytes: number; checked?: CheckedImportFile },
): Promise<ImportFile> {
  const file = checked?.path === path ? checked : await checkImportFile(path, columns, { maxBytes });
  let bytes = 0;
  const head = file.format === 'csv' ? await readHead(path) : Buffer.alloc(0);
  const records = openRecords(path, file.format, head, file.encoding, maxBytes, file.totalBytes, (read) => {
    bytes = read;
  });
  const close = () => {
    void records.return(undefined).catch(() => {});
  };
  try {
    const { first, positions } = await headerAndFirstRow(records, columns);
    return {
      format: file.format,
      totalBytes: file.totalBytes,
      rows: dataRows(first, records, columns, positions),
      bytesRead: () => Math.min(bytes, file.totalBytes),
      sha256: () => Promise.resolve(file.sha256),
      close,
    };
  } catch (error) {
    close();
    throw error;
  }
}

/**
 * Warnings for identifier cells that arrived as numbers: Excel keeps only 15 significant digits
 * of a number, so a 16-digit NIK typed into a number cell ends in 0 and may name another person.
 */
export function numberCellIssues(row: { values: RawRow; numberCells?: string[] }): RowIssue[] {
  return (row.numberCells ?? []).map((column) => ({
    column,
    value: row.values[column] ?? '',
    severity: 'warning',
    ...numberCell(column),
  }));
}

function numberCell(column: string): { code: string; message: Message } {
  const name = column.toUpperCase();
  return problem(
    'IDENTIFIER_AS_NUMBER',
    `${name} ini tersimpan sebagai angka, bukan teks: Excel hanya menyimpan 15 digit sebuah angka, jadi digit terakhirnya bisa sudah berubah menjadi 0 (orang lain). Periksa nilainya; format kolom ${column} sebagai Teks lalu ketik ulang.`,
    `This ${name} was stored as a number, not text: Excel keeps only 15 digits of a number, so its last digits may have become 0 (another person). Check the value; format the ${column} column as Text and type it again.`,
  );
}

function openRecords(
  path: string,
  format: ImportFormat,
  head: Buffer,
  encoding: CsvEncoding,
  maxBytes: number,
  totalBytes: number,
  onBytes: (bytes: number) => void,
): AsyncGenerator<RawRecord, undefined> {
  if (format === 'csv') {
    let read = 0;
    return csvRecords(path, detectDelimiter(head), encoding, (bytes) => {
      read += bytes;
      onBytes(read);
    });
  }
  return xlsxRecords(path, xlsxLimits(maxBytes), (share) => onBytes(Math.round(share * totalBytes)));
}

async function headerAndFirstRow(
  records: AsyncGenerator<RawRecord, unknown>,
  columns: readonly string[],
): Promise<{ first: RawRecord; positions: number[] }> {
  const header = await nextNonBlank(records);
  if (!header) throw fileEmpty();
  const match = matchColumns(
    Array.from(header.cells, (cell) => cell ?? ''),
    columns,
  );
  if (!match.ok) throw invalid(match.problem);
  const first = await nextNonBlank(records);
  if (!first) {
    throw refuse(
      'FILE_NO_ROWS',
      'Berkas hanya berisi judul kolom, tanpa baris data.',
      'The file holds only the header row, no data rows.',
    );
  }
  return { first, positions: match.positions };
}

async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 256 * 1024 }))
    hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function fileEmpty() {
  return refuse('FILE_EMPTY', 'Berkas kosong.', 'The file is empty.');
}

async function readHead(path: string): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

const startsWith = (head: Buffer, bytes: number[]) => bytes.every((byte, index) => head[index] === byte);

/** XLSX is a zip; CSV is text. Everything else gets told what it looks like and what to send. */
function sniffFormat(head: Buffer): ImportFormat {
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) return 'xlsx';
  const notTabular = (whatId: string, whatEn: string) =>
    refuse(
      'FILE_TYPE',
      `Berkas ini bukan CSV atau XLSX (terbaca sebagai ${whatId}). Simpan datanya sebagai CSV (UTF-8) atau buku kerja Excel .xlsx.`,
      `This file is not CSV or XLSX (it reads as ${whatEn}). Save the data as CSV (UTF-8) or an Excel .xlsx workbook.`,
    );
  if (startsWith(head, [0x25, 0x50, 0x44, 0x46])) throw notTabular('PDF', 'a PDF');
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0])) {
    throw refuse(
      'FILE_TYPE',
      'Berkas Excel 97–2003 (.xls) tidak didukung. Buka di Excel lalu simpan sebagai .xlsx atau CSV UTF-8.',
      'Excel 97–2003 files (.xls) are not supported. Open it in Excel and save it as .xlsx or CSV UTF-8.',
    );
  }
  if (startsWith(head, [0x50, 0x4b])) throw notTabular('arsip ZIP', 'a ZIP archive');
  if (startsWith(head, [0xff, 0xfe]) || startsWith(head, [0xfe, 0xff])) {
    throw refuse(
      'FILE_ENCODING',
      'Berkas teks ini berenkode UTF-16. Simpan ulang sebagai "CSV UTF-8 (dipisahkan koma)".',
      'This text file is UTF-16 encoded. Save it again as "CSV UTF-8 (Comma delimited)".',
    );
  }
  if (head.includes(0)) throw notTabular('berkas biner', 'a binary file');
  return 'csv';
}

async function nextNonBlank(records: AsyncGenerator<RawRecord, unknown>): Promise<RawRecord | undefined> {
  for (;;) {
    const next = await records.next();
    if (next.done) return undefined;
    if (!isBlank(next.value.cells)) return next.value;
  }
}

/** `some` passes over the holes an XLSX row leaves where it has no cell. */
function isBlank(cells: string[]): boolean {
  return !cells.some((cell) => cell.trim() !== '');
}

async function* dataRows(
  first: RawRecord,
  records: AsyncGenerator<RawRecord, unknown>,
  columns: readonly string[],
  positions: readonly number[],
): AsyncGenerator<SourceRow> {
  const identifiers = columns.flatMap((column, index) =>
    IDENTIFIER_COLUMNS.has(column) ? [{ column, position: positions[index]! }] : [],
  );
  const toRow = ({ rowNumber, cells, numbers }: RawRecord): SourceRow => {
    const values: Record<string, string> = {};
    for (let index = 0; index < columns.length; index += 1) {
      values[columns[index]!] = cells[positions[index]!] ?? '';
    }
    const numberCells = identifiers
      .filter(({ column, position }) => numbers?.includes(position) || SCIENTIFIC.test(values[column]!))
      .map(({ column }) => column);
    return numberCells.length > 0 ? { rowNumber, values, numberCells } : { rowNumber, values };
  };
  yield toRow(first);
  for await (const record of records) {
    if (!isBlank(record.cells)) yield toRow(record);
  }
}
