import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { Transform } from 'node:stream';
import { parse as parseCsv } from 'csv-parse';
import ExcelJS from 'exceljs';
import yauzl from 'yauzl';
import { problem } from '../../core/message.ts';
import { matchColumns } from '../../core/registry/row.ts';
import { invalid } from '../../errors.ts';

/**
 * Reading an import file: CSV or XLSX told apart by their bytes, anything else refused, both
 * streamed so memory does not grow with the file. Every refusal happens before the first data
 * row is handed out, so nothing has been written when a file is turned away.
 */
export type ImportFormat = 'csv' | 'xlsx';

/** One data row: the expected columns by name, as written; the row number as a spreadsheet shows it. */
export interface SourceRow {
  rowNumber: number;
  values: Record<string, string>;
}

export interface ImportFile {
  format: ImportFormat;
  totalBytes: number;
  /** Data rows, blank ones skipped; read it once. */
  rows: AsyncIterable<SourceRow>;
  /** Bytes of the file consumed so far, for progress. */
  bytesRead(): number;
  /** The file's SHA-256, hex; reads what the rows left unread. */
  sha256(): Promise<string>;
  close(): void;
}

const HEAD_BYTES = 64 * 1024;
const GIB = 1024 ** 3;
/** A zip entry at least this large must not have inflated more than MAX_RATIO times. */
const LARGE_ENTRY_BYTES = 1024 * 1024;
const MAX_RATIO = 200;
/** A CSV record longer than this is a broken quote swallowing the file, not a row. */
const MAX_CSV_RECORD_BYTES = 1024 * 1024;

const refuse = (code: string, id: string, en: string) => invalid(problem(code, id, en));

/** `512 MiB`, `1,5 KiB`: sizes in messages. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${unit === 0 ? value : Number(value.toFixed(1))} ${units[unit]}`;
}

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
 * Opens an import file, checks it is a CSV or XLSX that is no larger than `maxBytes`, is no zip
 * bomb, has every expected column in its header and at least one data row; throws an `invalid`
 * AppError otherwise.
 */
export async function openImportFile(
  path: string,
  columns: readonly string[],
  { maxBytes }: { maxBytes: number },
): Promise<ImportFile> {
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
  if (format === 'xlsx') await inspectZip(path, maxBytes);

  const counted = countingStream();
  const source = createReadStream(path, { highWaterMark: 256 * 1024 });
  source.on('error', (error) => counted.stream.destroy(error));
  source.pipe(counted.stream);
  const records = format === 'csv' ? csvRecords(counted.stream, head) : xlsxRecords(counted.stream);
  const close = () => {
    source.destroy();
    counted.stream.destroy();
    void records.return(undefined).catch(() => {});
  };
  try {
    const header = await nextNonBlank(records);
    if (!header) throw fileEmpty();
    const match = matchColumns(header.cells, columns);
    if (!match.ok) throw invalid(match.problem);
    const first = await nextNonBlank(records);
    if (!first) {
      throw refuse(
        'FILE_NO_ROWS',
        'Berkas hanya berisi judul kolom, tanpa baris data.',
        'The file holds only the header row, no data rows.',
      );
    }
    return {
      format,
      totalBytes: size,
      rows: dataRows(first, records, columns, match.positions),
      bytesRead: () => counted.bytes(),
      sha256: () => finishHash(path, counted),
      close,
    };
  } catch (error) {
    close();
    throw error;
  }
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

/** The text of the head, as UTF-8 when it is (BOM or not), else as Latin-1 (Windows "ANSI" CSV). */
function csvEncoding(head: Buffer): 'utf8' | 'latin1' {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return 'utf8';
  } catch {
    return 'latin1';
  }
}

/** `,` unless the header line has more `;` (Excel in the Indonesian locale) or tabs. */
function detectDelimiter(headerLine: string): ',' | ';' | '\t' {
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const character of headerLine) {
    if (character === '"') quoted = !quoted;
    else if (!quoted && character in counts) counts[character as keyof typeof counts] += 1;
  }
  if (counts[';'] > counts[','] && counts[';'] >= counts['\t']) return ';';
  if (counts['\t'] > counts[','] && counts['\t'] > counts[';']) return '\t';
  return ',';
}

interface RawRecord {
  rowNumber: number;
  cells: string[];
}

function countingStream(): { stream: Transform; bytes(): number; hash: Hash } {
  let bytes = 0;
  const hash = createHash('sha256');
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      hash.update(chunk);
      done(null, chunk);
    },
  });
  return { stream, bytes: () => bytes, hash };
}

/** The parsers may stop before the end (an XLSX's later sheets): the rest is hashed from disk. */
async function finishHash(path: string, counted: { bytes(): number; hash: Hash }): Promise<string> {
  const hash = counted.hash.copy();
  const rest = createReadStream(path, { start: counted.bytes() });
  for await (const chunk of rest) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function* csvRecords(input: Transform, head: Buffer): AsyncGenerator<RawRecord> {
  const encoding = csvEncoding(head);
  const firstLine =
    head
      .toString(encoding)
      .replace(/^\uFEFF/, '')
      .split(/\r?\n/, 1)[0] ?? '';
  const parser = parseCsv({
    delimiter: detectDelimiter(firstLine),
    encoding,
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    max_record_size: MAX_CSV_RECORD_BYTES,
  });
  input.on('error', (error) => parser.destroy(error));
  input.pipe(parser);
  let rowNumber = 0;
  try {
    for await (const cells of parser) {
      rowNumber += 1;
      yield { rowNumber, cells: cells as string[] };
    }
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? rowNumber + 1;
    throw refuse(
      'CSV_MALFORMED',
      `Berkas CSV tidak dapat dibaca di sekitar baris ${line} (periksa tanda kutip "): ${(error as Error).message}`,
      `The CSV file cannot be read near line ${line} (check the quotes "): ${(error as Error).message}`,
    );
  } finally {
    parser.destroy();
  }
}

async function* xlsxRecords(input: Transform): AsyncGenerator<RawRecord> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    // Styles tell a date cell from a number cell.
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  try {
    // Only the first worksheet is read.
    for await (const worksheet of reader) {
      for await (const row of worksheet) {
        const values = row.values as unknown[];
        const cells: string[] = [];
        for (let column = 1; column < values.length; column += 1) cells.push(cellText(values[column]));
        yield { rowNumber: row.number, cells };
      }
      return;
    }
  } catch (error) {
    throw refuse(
      'XLSX_MALFORMED',
      `Buku kerja XLSX tidak dapat dibaca: ${(error as Error).message}`,
      `The XLSX workbook cannot be read: ${(error as Error).message}`,
    );
  }
}

/** A cell as the text a CSV would hold; a date cell as `YYYY-MM-DD`. */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isInteger(value) ? value.toFixed(0) : String(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  // Excel keeps days as serial numbers; ExcelJS turns them into UTC midnights.
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    const cell = value as {
      richText?: { text: string }[];
      result?: unknown;
      text?: unknown;
      error?: string;
    };
    if (cell.richText) return cell.richText.map((part) => part.text).join('');
    if ('result' in cell) return cellText(cell.result);
    if ('text' in cell) return cellText(cell.text);
    if (cell.error) return cell.error;
  }
  return String(value);
}

async function nextNonBlank(records: AsyncGenerator<RawRecord>): Promise<RawRecord | undefined> {
  for (;;) {
    const next = await records.next();
    if (next.done) return undefined;
    if (!isBlank(next.value.cells)) return next.value;
  }
}

function isBlank(cells: string[]): boolean {
  for (const cell of cells) if (cell.trim() !== '') return false;
  return true;
}

async function* dataRows(
  first: RawRecord,
  records: AsyncGenerator<RawRecord>,
  columns: readonly string[],
  positions: readonly number[],
): AsyncGenerator<SourceRow> {
  const toRow = ({ rowNumber, cells }: RawRecord): SourceRow => {
    const values: Record<string, string> = {};
    for (let index = 0; index < columns.length; index += 1) {
      values[columns[index]!] = cells[positions[index]!] ?? '';
    }
    return { rowNumber, values };
  };
  yield toRow(first);
  for await (const record of records) {
    if (!isBlank(record.cells)) yield toRow(record);
  }
}

/**
 * Reads the zip's central directory (not the data) and refuses an XLSX that would inflate beyond
 * what any roster needs: over 50 times the upload limit in all (at most 2 GiB), or any large
 * entry compressed more than 200:1. ExcelJS holds a workbook's shared strings in memory, so this
 * is what keeps a small upload from filling it.
 */
async function inspectZip(path: string, maxBytes: number): Promise<void> {
  const totalLimit = Math.min(50 * maxBytes, 2 * GIB);
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.openPromise(path, { lazyEntries: true, autoClose: false });
  } catch (error) {
    throw refuse(
      'XLSX_MALFORMED',
      `Berkas XLSX rusak atau bukan arsip zip yang utuh: ${(error as Error).message}`,
      `The XLSX file is damaged or not a complete zip archive: ${(error as Error).message}`,
    );
  }
  try {
    const entries = await new Promise<yauzl.Entry[]>((resolve, reject) => {
      const list: yauzl.Entry[] = [];
      zip.on('entry', (entry: yauzl.Entry) => {
        list.push(entry);
        zip.readEntry();
      });
      zip.on('end', () => resolve(list));
      zip.on('error', reject);
      zip.readEntry();
    }).catch((error: Error) => {
      throw refuse(
        'XLSX_MALFORMED',
        `Berkas XLSX rusak: ${error.message}`,
        `The XLSX file is damaged: ${error.message}`,
      );
    });
    if (!entries.some((entry) => entry.fileName === 'xl/workbook.xml')) {
      throw refuse(
        'FILE_TYPE',
        'Arsip zip ini bukan buku kerja Excel (.xlsx). Simpan datanya sebagai CSV (UTF-8) atau .xlsx.',
        'This zip archive is not an Excel workbook (.xlsx). Save the data as CSV (UTF-8) or .xlsx.',
      );
    }
    let total = 0;
    for (const entry of entries) {
      total += entry.uncompressedSize;
      const ratio = entry.uncompressedSize / Math.max(entry.compressedSize, 1);
      const inflatesTooMuch = entry.uncompressedSize >= LARGE_ENTRY_BYTES && ratio > MAX_RATIO;
      if (inflatesTooMuch || total > totalLimit) {
        throw refuse(
          'XLSX_BOMB',
          `Berkas XLSX ini akan membengkak saat dibuka (${entry.fileName}: ${formatBytes(entry.uncompressedSize)} dari ${formatBytes(entry.compressedSize)}; total paling banyak ${formatBytes(totalLimit)}, rasio paling tinggi ${MAX_RATIO}:1). Berkas ditolak.`,
          `This XLSX file would balloon when opened (${entry.fileName}: ${formatBytes(entry.uncompressedSize)} from ${formatBytes(entry.compressedSize)}; at most ${formatBytes(totalLimit)} in all, ratio at most ${MAX_RATIO}:1). The file is refused.`,
        );
      }
    }
  } finally {
    zip.close();
  }
}
