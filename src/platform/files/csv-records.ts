import { createReadStream } from 'node:fs';
import { Transform } from 'node:stream';
import { parse as parseCsv } from 'csv-parse';
import { AppError } from '../../errors.ts';
import { formatBytes, type RawRecord, refuse } from './records.ts';

/** UTF-8, or what Excel's plain "CSV (Comma delimited)" writes on Windows when no byte of it is UTF-8. */
export type CsvEncoding = 'utf8' | 'windows-1252';

/** A record longer than this is a broken quote swallowing the file, or no row of ours. */
export const MAX_CSV_RECORD_BYTES = 1024 * 1024;

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/** `,` unless the header line has more `;` (Excel in the Indonesian locale) or tabs. */
export function detectDelimiter(head: Buffer): ',' | ';' | '\t' {
  const headerLine =
    head
      .toString('latin1')
      .replace(/^\u00EF\u00BB\u00BF/, '')
      .split(/\r\n|\n|\r/, 1)[0] ?? '';
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

const notUtf8 = (line: number) =>
  refuse(
    'FILE_ENCODING',
    `Berkas ini mencampur UTF-8 dengan enkode lain: baris ${line} bukan teks UTF-8 yang sah, jadi huruf seperti é atau ñ akan rusak. Simpan sebagai "CSV UTF-8 (dipisahkan koma)" lalu unggah lagi.`,
    `This file mixes UTF-8 with another encoding: line ${line} is not valid UTF-8 text, so letters such as é or ñ would be garbled. Save it as "CSV UTF-8 (Comma delimited)" and upload it again.`,
  );

/**
 * Every byte of a CSV, as it streams by: a NUL is refused with its line, UTF-8 is validated over the
 * whole file (the encoding is the file's, not its first kilobytes'), and the records are counted by
 * the file's own line breaks outside quotes (CRLF, LF or CR, each line as it comes), so a parser
 * that returns another number of rows is caught rather than trusted.
 */
class CsvScanner {
  /** The physical line of the byte being read. */
  line = 1;
  /** Lines a record ended on, outside quotes. */
  private ended = 0;
  private bytes = 0;
  private previous = -1;
  private atFieldStart = true;
  private quoted = false;
  private quotePending = false;
  /** Bytes of the record being read, and the row whose quote is open. */
  private recordBytes = 0;
  private quoteRow = 0;
  private need = 0;
  private low = 0x80;
  private high = 0xbf;
  private multibyte = 0;
  private firstInvalidLine = 0;

  constructor(
    private readonly delimiter: number,
    private readonly encoding: CsvEncoding | 'detect',
  ) {}

  scan(chunk: Buffer): void {
    let start = 0;
    if (this.bytes === 0 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) {
      // The byte-order mark is no field's content: a quote after it still opens the first field.
      start = 3;
      this.multibyte += 1;
    }
    this.bytes += chunk.length;
    const checkUtf8 = this.encoding !== 'windows-1252';
    for (let index = start; index < chunk.length; index += 1) {
      const byte = chunk[index]!;
      const before = this.previous;
      this.previous = byte;
      this.recordBytes += 1;
      if (this.recordBytes > MAX_CSV_RECORD_BYTES)
        throw unreadableFrom(this.quoted ? this.quoteRow : this.ended + 1);
      if (checkUtf8 && this.need > 0) {
        if (byte >= this.low && byte <= this.high) {
          this.need -= 1;
          this.low = 0x80;
          this.high = 0xbf;
          if (this.need === 0) this.multibyte += 1;
          continue;
        }
        this.need = 0;
        this.low = 0x80;
        this.high = 0xbf;
        this.invalid();
      }
      if (byte >= 0x80) {
        if (checkUtf8) this.lead(byte);
        if (this.quotePending) this.quotePending = this.quoted = false;
        this.atFieldStart = false;
        continue;
      }
      if (byte === 0) {
        throw refuse(
          'CSV_NUL_BYTE',
          `Baris ${this.line} berisi byte NUL (0x00), yang tidak pernah ada dalam teks CSV: berkas rusak atau bukan CSV. Simpan ulang sebagai "CSV UTF-8 (dipisahkan koma)".`,
          `Line ${this.line} holds a NUL byte (0x00), which CSV text never has: the file is damaged or not CSV. Save it again as "CSV UTF-8 (Comma delimited)".`,
        );
      }
      const lineBreak = byte === CR || (byte === LF && before !== CR);
      if (this.quotePending) {
        this.quotePending = false;
        if (byte === QUOTE) continue;
        this.quoted = false;
      }
      if (this.quoted) {
        if (byte === QUOTE) this.quotePending = true;
      } else if (byte === QUOTE && this.atFieldStart) {
        this.quoted = true;
        this.quoteRow = this.ended + 1;
        this.atFieldStart = false;
      } else if (byte === CR || byte === LF) {
        if (lineBreak) this.ended += 1;
        this.recordBytes = 0;
        this.atFieldStart = true;
      } else {
        this.atFieldStart = byte === this.delimiter;
      }
      if (lineBreak) this.line += 1;
    }
  }

  private lead(byte: number): void {
    if (byte >= 0xc2 && byte <= 0xdf) this.need = 1;
    else if (byte >= 0xe0 && byte <= 0xef) {
      this.need = 2;
      if (byte === 0xe0) this.low = 0xa0;
      else if (byte === 0xed) this.high = 0x9f;
    } else if (byte >= 0xf0 && byte <= 0xf4) {
      this.need = 3;
      if (byte === 0xf0) this.low = 0x90;
      else if (byte === 0xf4) this.high = 0x8f;
    } else this.invalid();
  }

  private invalid(): void {
    if (this.firstInvalidLine === 0) this.firstInvalidLine = this.line;
    // Once UTF-8 letters were seen, a byte that is not is corruption, whatever comes later.
    if (this.encoding === 'utf8' || this.multibyte > 0) throw notUtf8(this.firstInvalidLine);
  }

  /**
   * The encoding of the whole file, once it is read: UTF-8, or Windows-1252 when no byte was
   * UTF-8; a quote still open at the end is the file's fault, on the row where it opened.
   */
  finish(): CsvEncoding {
    if (this.quoted && !this.quotePending) throw unreadableFrom(this.quoteRow);
    if (this.encoding === 'windows-1252') return 'windows-1252';
    if (this.need > 0) this.invalid();
    if (this.firstInvalidLine === 0) return 'utf8';
    if (this.multibyte > 0) throw notUtf8(this.firstInvalidLine);
    return 'windows-1252';
  }

  /** Records in the file: one per line ended outside quotes, and the last line if unended. */
  records(): number {
    const unended = this.bytes > 0 && this.previous !== LF && this.previous !== CR ? 1 : 0;
    return this.ended + unended;
  }
}

/**
 * Checks every byte of a CSV (see CsvScanner) without parsing its fields: the check of a whole
 * file before its rows are read. Resolves with the file's encoding.
 */
export async function scanCsv(path: string, delimiter: ',' | ';' | '\t'): Promise<CsvEncoding> {
  const scanner = new CsvScanner(delimiter.charCodeAt(0), 'detect');
  for await (const chunk of createReadStream(path, { highWaterMark: 256 * 1024 }))
    scanner.scan(chunk as Buffer);
  return scanner.finish();
}

/**
 * The records of a CSV file in `encoding` (as `scanCsv` found it), every byte checked again (see
 * CsvScanner), and their number held to the file's lines.
 */
export async function* csvRecords(
  path: string,
  delimiter: ',' | ';' | '\t',
  encoding: CsvEncoding,
  onBytes: (bytes: number) => void,
): AsyncGenerator<RawRecord, undefined> {
  const scanner = new CsvScanner(delimiter.charCodeAt(0), encoding);
  const source = createReadStream(path, { highWaterMark: 256 * 1024 });
  let scanError: unknown;
  const scan = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      try {
        scanner.scan(chunk);
        onBytes(chunk.length);
        done(null, chunk);
      } catch (error) {
        scanError = error;
        done(error as Error);
      }
    },
  });
  const parser = parseCsv({
    delimiter,
    bom: true,
    // Each line ends as it ends: a CRLF header does not make the LF lines after it one row.
    record_delimiter: ['\r\n', '\n', '\r'],
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    max_record_size: MAX_CSV_RECORD_BYTES,
  });
  source.on('error', (error) => scan.destroy(error));
  scan.on('error', (error) => parser.destroy(error));
  if (encoding === 'windows-1252') {
    const decoder = new TextDecoder('windows-1252');
    const decode = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        done(null, decoder.decode(chunk, { stream: true }));
      },
      flush(done) {
        done(null, decoder.decode());
      },
    });
    decode.on('error', (error) => parser.destroy(error));
    source.pipe(scan).pipe(decode).pipe(parser);
  } else {
    source.pipe(scan).pipe(parser);
  }
  let rowNumber = 0;
  try {
    for await (const cells of parser) {
      rowNumber += 1;
      yield { rowNumber, cells: cells as string[] };
    }
  } catch (caught) {
    const error = scanError ?? caught;
    if (error instanceof AppError) throw error;
    throw malformed(error as Error & { code?: string; lines?: number }, rowNumber + 1);
  } finally {
    source.destroy();
    parser.destroy();
  }
  scanner.finish();
  if (scanner.records() !== rowNumber) {
    throw refuse(
      'CSV_ROW_COUNT',
      `Berkas CSV berisi ${scanner.records()} baris, tetapi ${rowNumber} baris yang terbaca: akhir baris atau tanda kutip (") di berkas ini tidak dapat dibaca dengan pasti. Simpan ulang sebagai "CSV UTF-8 (dipisahkan koma)".`,
      `The CSV file holds ${scanner.records()} lines but ${rowNumber} rows were read: its line endings or quotes (") cannot be read with certainty. Save it again as "CSV UTF-8 (Comma delimited)".`,
    );
  }
  return undefined;
}

/** A quote open to the end of the file, or a row past MAX_CSV_RECORD_BYTES (most often the same fault). */
function unreadableFrom(row: number) {
  const limit = formatBytes(MAX_CSV_RECORD_BYTES);
  return refuse(
    'CSV_MALFORMED',
    `Berkas CSV tidak dapat dibaca mulai baris ${row}: ada tanda kutip (") yang tidak ditutup sampai akhir berkas atau baris lebih dari ${limit}. Periksa tanda kutip di baris itu.`,
    `The CSV file cannot be read from row ${row}: a quote (") is never closed before the end of the file, or a row is over ${limit}. Check the quotes in that row.`,
  );
}

function malformed(error: Error & { code?: string; lines?: number }, nextRow: number) {
  const line = error.lines ?? nextRow;
  if (error.code === 'CSV_MAX_RECORD_SIZE' || error.code === 'CSV_QUOTE_NOT_CLOSED')
    return unreadableFrom(nextRow);
  return refuse(
    'CSV_MALFORMED',
    `Berkas CSV tidak dapat dibaca di sekitar baris ${line} (periksa tanda kutip "): ${error.message}`,
    `The CSV file cannot be read near line ${line} (check the quotes "): ${error.message}`,
  );
}
