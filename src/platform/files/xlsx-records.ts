import { posix } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import yauzl from 'yauzl';
import { AppError } from '../../errors.ts';
import { formatBytes, type RawRecord, refuse } from './records.ts';

/**
 * Reading the first worksheet of an XLSX. The zip is read by its central directory (yauzl), each
 * part inflated as a stream whose bytes are counted as they come out (the sizes a zip declares are
 * never trusted), and its XML tokenised here: only the sheet's cells, the shared strings, the
 * styles that make a number a date and the workbook's first sheet are looked at. The shared strings
 * are the one thing held in memory, so their number and characters are bounded too.
 */
export interface XlsxLimits {
  /** Entries in the zip's directory. */
  entries: number;
  /** Inflated bytes of the workbook, its relationships and its styles, each. */
  partBytes: number;
  /** Inflated bytes of the worksheet (streamed, so a matter of time, not memory). */
  sheetBytes: number;
  /** Inflated bytes of the shared strings' XML. */
  sharedStringsBytes: number;
  /** Distinct texts in the shared strings. */
  sharedStrings: number;
  /** Characters of all shared strings together. */
  sharedStringChars: number;
}

const MIB = 1024 * 1024;
/** Excel's own limit for one cell; a longer one was written by no spreadsheet. */
export const MAX_CELL_CHARS = 32_767;
/** Past this many inflated bytes, a part that grew more than MAX_RATIO times from its compressed bytes is a bomb. */
const RATIO_FROM_BYTES = MIB;
const MAX_RATIO = 200;
/** A tag this long is no tag of a worksheet. */
const MAX_TAG_CHARS = 64 * 1024;

/**
 * Limits for a workbook of at most `maxBytes`: what a roster of a million rows needs, and no more
 * than keeps a reader well under 400 MB whatever the upload limit is set to.
 */
export function xlsxLimits(maxBytes: number): XlsxLimits {
  return {
    entries: 10_000,
    partBytes: 32 * MIB,
    sheetBytes: Math.min(32 * maxBytes, 1024 * MIB),
    sharedStringsBytes: Math.min(8 * maxBytes, 192 * MIB),
    sharedStrings: Math.min(Math.floor(maxBytes / 4), 2_000_000),
    sharedStringChars: Math.min(4 * maxBytes, 32 * MIB),
  };
}

const damaged = (detail: string) =>
  refuse(
    'XLSX_MALFORMED',
    `Buku kerja XLSX rusak atau tidak dapat dibaca: ${detail}. Buka di Excel lalu simpan lagi sebagai .xlsx, atau sebagai CSV UTF-8.`,
    `The XLSX workbook is damaged or cannot be read: ${detail}. Open it in Excel and save it again as .xlsx, or as CSV UTF-8.`,
  );

const tooLarge = (whatId: string, whatEn: string, limit: string) =>
  refuse(
    'XLSX_BOMB',
    `Buku kerja XLSX ini membengkak terlalu besar saat dibuka (${whatId}: lebih dari ${limit}). Berkas ditolak; bagi menjadi beberapa berkas atau simpan sebagai CSV UTF-8.`,
    `This XLSX workbook is too large once opened (${whatEn}: more than ${limit}). The file is refused; split it into several files or save it as CSV UTF-8.`,
  );

interface XmlHandler {
  open(name: string, tag: string, selfClosing: boolean): void;
  close(name: string): void;
  /** Text between tags, entities decoded; only asked for while `wantsText()` says so. */
  text(text: string): void;
  wantsText(): boolean;
}

/**
 * A streaming tokenizer for the XML of a workbook part: tags, their local names (prefixes
 * dropped) and the text between them. No DTD is accepted, so no entity can expand.
 */
class XmlTokens {
  private buffer = '';

  constructor(
    private readonly handler: XmlHandler,
    private readonly part: string,
  ) {}

  feed(chunk: string): void {
    const text = this.buffer + chunk;
    let at = 0;
    for (;;) {
      const open = text.indexOf('<', at);
      if (open === -1) {
        // Text up to an entity that may continue in the next chunk.
        const amp = text.lastIndexOf('&');
        const keep = amp >= at && text.indexOf(';', amp) === -1 ? amp : text.length;
        this.emitText(text.slice(at, keep));
        at = keep;
        break;
      }
      if (open > at) this.emitText(text.slice(at, open));
      const end = this.tagEnd(text, open);
      if (end === -1) {
        at = open;
        break;
      }
      this.tag(text.slice(open, end + 1));
      at = end + 1;
    }
    this.buffer = text.slice(at);
    if (this.buffer.length > MAX_TAG_CHARS) throw damaged(`${this.part}: a tag never ends`);
  }

  end(): void {
    if (this.buffer.trim() !== '') throw damaged(`${this.part} ends in the middle of a tag`);
  }

  /** Where the tag starting at `open` ends (its `>`), or -1 when it continues in the next chunk. */
  private tagEnd(text: string, open: number): number {
    if (text.startsWith('<!--', open)) return endOf(text.indexOf('-->', open), 2);
    if (text.startsWith('<![CDATA[', open)) return endOf(text.indexOf(']]>', open), 2);
    let quote = '';
    for (let index = open + 1; index < text.length; index += 1) {
      const character = text[index]!;
      if (quote !== '') {
        if (character === quote) quote = '';
      } else if (character === '"' || character === "'") quote = character;
      else if (character === '>') return index;
    }
    return -1;
  }

  private tag(tag: string): void {
    if (tag.startsWith('<!--') || tag.startsWith('<?')) return;
    if (tag.startsWith('<![CDATA[')) {
      if (this.handler.wantsText()) this.handler.text(tag.slice(9, -3));
      return;
    }
    if (tag.startsWith('<!')) throw damaged(`${this.part} declares a DTD`);
    if (tag[1] === '/') {
      this.handler.close(localName(tag.slice(2, -1)));
      return;
    }
    const selfClosing = tag[tag.length - 2] === '/';
    const nameEnd = tag.search(/[\s/>]/);
    this.handler.open(localName(tag.slice(1, nameEnd === -1 ? -1 : nameEnd)), tag, selfClosing);
    if (selfClosing) this.handler.close(localName(tag.slice(1, nameEnd)));
  }

  private emitText(raw: string): void {
    if (raw !== '' && this.handler.wantsText()) this.handler.text(decodeEntities(raw));
  }
}

const endOf = (index: number, extra: number) => (index === -1 ? -1 : index + extra);

function localName(name: string): string {
  const trimmed = name.trim();
  const colon = trimmed.indexOf(':');
  return colon === -1 ? trimmed : trimmed.slice(colon + 1);
}

const attributePatterns = new Map<string, RegExp>();

/** An attribute of a tag, entities decoded; prefixes are ignored (`r:id` is `id`). */
function attribute(tag: string, name: string): string | undefined {
  let pattern = attributePatterns.get(name);
  if (!pattern) {
    pattern = new RegExp(`[\\s:]${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`);
    attributePatterns.set(name, pattern);
  }
  const found = pattern.exec(tag);
  if (!found) return undefined;
  return decodeEntities(found[1] ?? found[2] ?? '');
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (whole, entity: string) => {
    if (entity[0] !== '#') return ENTITIES[entity] ?? whole;
    const code =
      entity[1] === 'x' ? Number.parseInt(entity.slice(2), 16) : Number.parseInt(entity.slice(1), 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/** Excel writes a control character in a text as `_x000D_`. */
function decodeExcelEscapes(text: string): string {
  if (!text.includes('_x')) return text;
  return text.replace(/_x([0-9A-Fa-f]{4})_/g, (_whole, hex: string) =>
    String.fromCharCode(Number.parseInt(hex, 16)),
  );
}

/** Number formats Excel builds in that show a date (or a time). */
function isBuiltInDateFormat(id: number): boolean {
  return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) || (id >= 50 && id <= 58);
}

/** A format code that shows a date: ExcelJS's rule, so a file reads as it did. */
function isDateFormatCode(code: string): boolean {
  return /[ymdhMsb]+/.test(code.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
}

interface Workbook {
  zip: yauzl.ZipFile;
  entries: Map<string, yauzl.Entry>;
}

async function openWorkbook(path: string, limits: XlsxLimits): Promise<Workbook> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.openPromise(path, { lazyEntries: true, autoClose: false, validateEntrySizes: true });
  } catch (error) {
    throw damaged(`not a complete zip archive (${(error as Error).message})`);
  }
  try {
    const entries = await new Promise<Map<string, yauzl.Entry>>((resolve, reject) => {
      const found = new Map<string, yauzl.Entry>();
      zip.on('entry', (entry: yauzl.Entry) => {
        found.set(entry.fileName, entry);
        if (found.size > limits.entries) {
          reject(
            tooLarge('jumlah isi arsip zip', 'the number of entries in its zip', String(limits.entries)),
          );
        } else zip.readEntry();
      });
      zip.on('end', () => resolve(found));
      zip.on('error', (error: Error) => reject(damaged(error.message)));
      zip.readEntry();
    });
    if (!entries.has('xl/workbook.xml')) {
      throw refuse(
        'FILE_TYPE',
        'Arsip zip ini bukan buku kerja Excel (.xlsx). Simpan datanya sebagai CSV (UTF-8) atau .xlsx.',
        'This zip archive is not an Excel workbook (.xlsx). Save the data as CSV (UTF-8) or .xlsx.',
      );
    }
    return { zip, entries };
  } catch (error) {
    zip.close();
    throw error;
  }
}

/**
 * Counts the bytes a part actually inflates to (its compressed size is real: yauzl reads exactly
 * those bytes of the file) and refuses it past `limit` or past MAX_RATIO times its compressed size.
 */
function inflation(entry: yauzl.Entry, limit: number): (bytes: number) => number {
  let inflated = 0;
  return (bytes) => {
    inflated += bytes;
    if (inflated > limit) throw tooLarge(entry.fileName, entry.fileName, formatBytes(limit));
    if (inflated > RATIO_FROM_BYTES && inflated > MAX_RATIO * Math.max(entry.compressedSize, 1)) {
      throw tooLarge(
        `${entry.fileName} (membengkak lebih dari ${MAX_RATIO}:1)`,
        `${entry.fileName} (inflating more than ${MAX_RATIO}:1)`,
        formatBytes(MAX_RATIO * entry.compressedSize),
      );
    }
    return inflated;
  };
}

/**
 * Streams one part through `tokens`, counting the bytes actually inflated: past `limit` the read
 * stops and the file is refused. `onBytes` follows the part's progress.
 */
async function readPart(
  workbook: Workbook,
  name: string,
  limit: number,
  handler: XmlHandler,
  onBytes?: (inflated: number) => void,
): Promise<void> {
  const entry = workbook.entries.get(name);
  if (!entry) return;
  let stream: NodeJS.ReadableStream & { destroy(): void };
  try {
    stream = await workbook.zip.openReadStreamPromise(entry);
  } catch (error) {
    throw damaged(`${name}: ${(error as Error).message}`);
  }
  const tokens = new XmlTokens(handler, name);
  const decoder = new StringDecoder('utf8');
  const count = inflation(entry, limit);
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      onBytes?.(count(chunk.length));
      tokens.feed(decoder.write(chunk));
    }
    tokens.feed(decoder.end());
    tokens.end();
  } catch (error) {
    if (error instanceof AppError) throw error;
    const message = (error as Error).message;
    // yauzl stops a part that inflates past the size its zip declared: a bomb's trick.
    if (/too many bytes/.test(message)) throw tooLarge(name, name, `${formatBytes(entry.uncompressedSize)}`);
    throw damaged(`${name}: ${message}`);
  } finally {
    stream.destroy();
  }
}

/** The path of the first worksheet and whether dates count from 1904, from the workbook and its relationships. */
async function firstSheet(
  workbook: Workbook,
  limits: XlsxLimits,
): Promise<{ path: string; date1904: boolean }> {
  let sheetId: string | undefined;
  let date1904 = false;
  await readPart(workbook, 'xl/workbook.xml', limits.partBytes, {
    open(name, tag) {
      if (name === 'workbookPr') date1904 = /^(1|true)$/.test(attribute(tag, 'date1904') ?? '');
      if (name === 'sheet' && sheetId === undefined) sheetId = attribute(tag, 'id') ?? '';
    },
    close() {},
    text() {},
    wantsText: () => false,
  });
  let target: string | undefined;
  await readPart(workbook, 'xl/_rels/workbook.xml.rels', limits.partBytes, {
    open(name, tag) {
      if (name === 'Relationship' && sheetId && attribute(tag, 'Id') === sheetId)
        target = attribute(tag, 'Target');
    },
    close() {},
    text() {},
    wantsText: () => false,
  });
  const path = target
    ? target.startsWith('/')
      ? target.slice(1)
      : posix.normalize(posix.join('xl', target))
    : 'xl/worksheets/sheet1.xml';
  if (!workbook.entries.has(path)) throw damaged(`the first worksheet (${path}) is missing`);
  return { path, date1904 };
}

/** Which cell styles show a date. */
async function dateStyles(workbook: Workbook, limits: XlsxLimits): Promise<boolean[]> {
  const customDates = new Set<number>();
  const styles: boolean[] = [];
  let inCellXfs = false;
  await readPart(workbook, 'xl/styles.xml', limits.partBytes, {
    open(name, tag, selfClosing) {
      if (name === 'numFmt') {
        const id = Number(attribute(tag, 'numFmtId'));
        if (isDateFormatCode(attribute(tag, 'formatCode') ?? '')) customDates.add(id);
      } else if (name === 'cellXfs') inCellXfs = !selfClosing;
      else if (name === 'xf' && inCellXfs) {
        const id = Number(attribute(tag, 'numFmtId') ?? 0);
        styles.push(customDates.has(id) || isBuiltInDateFormat(id));
      }
    },
    close(name) {
      if (name === 'cellXfs') inCellXfs = false;
    },
    text() {},
    wantsText: () => false,
  });
  return styles;
}

const TABLE_CHUNK_BYTES = 4 * MIB;

/**
 * The shared strings as UTF-8 in chunks of TABLE_CHUNK_BYTES, not as two million JS strings:
 * their memory is their bytes (a string sliced from the XML would keep the whole chunk it came
 * from alive), and a cell's text is decoded when its row is read.
 */
class TextTable {
  private readonly chunks: Buffer[] = [];
  /** Where each text starts and ends, as chunk × TABLE_CHUNK_BYTES + offset, two to a text. */
  private bounds = new Uint32Array(1024);
  size = 0;
  private free = 0;

  add(text: string): void {
    const bytes = Buffer.byteLength(text);
    if (bytes > this.free) {
      this.chunks.push(Buffer.allocUnsafe(Math.max(TABLE_CHUNK_BYTES, bytes)));
      this.free = this.chunks.at(-1)!.length;
    }
    const chunk = this.chunks.at(-1)!;
    const start = chunk.length - this.free;
    chunk.write(text, start);
    this.free -= bytes;
    if (2 * this.size + 2 > this.bounds.length) {
      const grown = new Uint32Array(this.bounds.length * 2);
      grown.set(this.bounds);
      this.bounds = grown;
    }
    const base = (this.chunks.length - 1) * TABLE_CHUNK_BYTES;
    this.bounds[2 * this.size] = base + start;
    this.bounds[2 * this.size + 1] = base + start + bytes;
    this.size += 1;
  }

  get(index: number): string | undefined {
    if (!(index >= 0 && index < this.size)) return undefined;
    const start = this.bounds[2 * index]!;
    const chunk = Math.floor(start / TABLE_CHUNK_BYTES);
    const base = chunk * TABLE_CHUNK_BYTES;
    return this.chunks[chunk]!.toString('utf8', start - base, this.bounds[2 * index + 1]! - base);
  }
}

/** The shared strings, bounded in number and characters. */
async function sharedStrings(workbook: Workbook, limits: XlsxLimits): Promise<TextTable> {
  const strings = new TextTable();
  let chars = 0;
  let current = '';
  let inItem = false;
  let inText = false;
  let phonetic = 0;
  await readPart(workbook, 'xl/sharedStrings.xml', limits.sharedStringsBytes, {
    open(name, _tag, selfClosing) {
      if (name === 'si') {
        inItem = true;
        current = '';
        if (strings.size >= limits.sharedStrings) {
          throw tooLarge(
            'jumlah teks bersama (shared strings)',
            'the number of shared strings',
            limits.sharedStrings.toLocaleString('en-US'),
          );
        }
      } else if (name === 'rPh') phonetic += 1;
      else if (name === 't') inText = inItem && phonetic === 0 && !selfClosing;
    },
    close(name) {
      if (name === 't') inText = false;
      else if (name === 'rPh') phonetic -= 1;
      else if (name === 'si') {
        inItem = false;
        strings.add(decodeExcelEscapes(current));
        current = '';
      }
    },
    text(text) {
      current += text;
      chars += text.length;
      if (current.length > MAX_CELL_CHARS) throw cellTooLong('xl/sharedStrings.xml');
      if (chars > limits.sharedStringChars) {
        throw tooLarge(
          'teks bersama (shared strings)',
          'the shared strings',
          `${limits.sharedStringChars.toLocaleString('en-US')} characters`,
        );
      }
    },
    wantsText: () => inText,
  });
  return strings;
}

const cellTooLong = (where: string) =>
  refuse(
    'XLSX_CELL_TOO_LONG',
    `Sebuah sel di ${where} lebih dari ${MAX_CELL_CHARS.toLocaleString('id-ID')} karakter, batas Excel sendiri: berkas ini tidak ditulis oleh Excel. Berkas ditolak.`,
    `A cell in ${where} is over ${MAX_CELL_CHARS.toLocaleString('en-US')} characters, Excel's own limit: this file was not written by a spreadsheet. The file is refused.`,
  );

/** `BC12` → 54 (0-based column), or -1 without a reference. */
function columnOf(reference: string | undefined): number {
  if (!reference) return -1;
  let column = 0;
  for (let index = 0; index < reference.length; index += 1) {
    const code = reference.charCodeAt(index);
    if (code < 65 || code > 90) break;
    column = column * 26 + (code - 64);
  }
  return column - 1;
}

/** Excel counts days from 1899-12-30 (or 1904-01-01); a date cell becomes `YYYY-MM-DD`. */
function serialDate(serial: number, date1904: boolean): string | null {
  const time = Math.round((serial - (date1904 ? -1462 : 25569)) * 86_400_000);
  const date = new Date(time);
  return Number.isNaN(date.getTime()) ? null : date.toISOString().slice(0, 10);
}

/** A number as a CSV would hold it: whole numbers without a decimal point or exponent. */
function numberText(value: number): string {
  return Number.isInteger(value) ? value.toFixed(0) : String(value);
}

/**
 * The rows of the first worksheet, as text: shared and inline strings, booleans as TRUE/FALSE,
 * dates as `YYYY-MM-DD`, numbers as written (and flagged, for identifier columns).
 */
export async function* xlsxRecords(
  path: string,
  limits: XlsxLimits,
  onProgress: (share: number) => void,
): AsyncGenerator<RawRecord, undefined> {
  const workbook = await openWorkbook(path, limits);
  try {
    const sheet = await firstSheet(workbook, limits);
    const dates = await dateStyles(workbook, limits);
    const strings = await sharedStrings(workbook, limits);
    const declared = Math.max(workbook.entries.get(sheet.path)!.uncompressedSize, 1);

    const ready: RawRecord[] = [];
    let record: RawRecord | null = null;
    let lastRow = 0;
    let column = -1;
    let type = '';
    let style = 0;
    let value = '';
    let inValue = false;
    let inInline = false;
    let phonetic = 0;
    const handler: XmlHandler = {
      open(name, tag, selfClosing) {
        if (name === 'row') {
          const number = Number(attribute(tag, 'r'));
          lastRow = Number.isInteger(number) && number > lastRow ? number : lastRow + 1;
          record = { rowNumber: lastRow, cells: [] };
          if (selfClosing) record = null;
          column = -1;
        } else if (name === 'c' && record) {
          const at = columnOf(attribute(tag, 'r'));
          column = at >= 0 ? at : column + 1;
          if (column >= 16_384) throw damaged(`${sheet.path}: a cell beyond column XFD`);
          type = attribute(tag, 't') ?? 'n';
          style = Number(attribute(tag, 's') ?? 0);
          value = '';
        } else if (name === 'v') inValue = !selfClosing;
        else if (name === 'is') inInline = !selfClosing;
        else if (name === 'rPh') phonetic += 1;
        else if (name === 't' && inInline) inValue = !selfClosing && phonetic === 0;
      },
      close(name) {
        if (name === 'v' || name === 't') inValue = false;
        else if (name === 'is') inInline = false;
        else if (name === 'rPh') phonetic -= 1;
        else if (name === 'c' && record) {
          const text = cellValue(record);
          if (text !== '') record.cells[column] = text;
        } else if (name === 'row' && record) {
          ready.push(record);
          record = null;
        }
      },
      text(text) {
        value += text;
        if (value.length > MAX_CELL_CHARS) throw cellTooLong(sheet.path);
      },
      wantsText: () => inValue,
    };
    const cellValue = (row: RawRecord): string => {
      if (type === 's') return strings.get(Number(value)) ?? '';
      if (type === 'str' || type === 'inlineStr') return decodeExcelEscapes(value);
      if (type === 'b') return value === '1' ? 'TRUE' : 'FALSE';
      if (type === 'e') return value;
      if (type === 'd') return value.slice(0, 10);
      if (value.trim() === '') return '';
      const number = Number(value);
      if (!Number.isFinite(number)) return value;
      if (dates[style]) return serialDate(number, sheet.date1904) ?? numberText(number);
      row.numbers ??= [];
      row.numbers.push(column);
      return numberText(number);
    };

    const entry = workbook.entries.get(sheet.path)!;
    const stream = await workbook.zip.openReadStreamPromise(entry).catch((error: Error) => {
      throw damaged(`${sheet.path}: ${error.message}`);
    });
    const tokens = new XmlTokens(handler, sheet.path);
    const decoder = new StringDecoder('utf8');
    const count = inflation(entry, limits.sheetBytes);
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        const inflated = count(chunk.length);
        tokens.feed(decoder.write(chunk));
        onProgress(Math.min(inflated / declared, 1));
        yield* ready;
        ready.length = 0;
      }
      tokens.feed(decoder.end());
      tokens.end();
      yield* ready;
      return undefined;
    } catch (error) {
      if (error instanceof AppError) throw error;
      const message = (error as Error).message;
      if (/too many bytes/.test(message)) {
        throw tooLarge(sheet.path, sheet.path, formatBytes(entry.uncompressedSize));
      }
      throw damaged(`${sheet.path}: ${message}`);
    } finally {
      stream.destroy();
    }
  } finally {
    workbook.zip.close();
  }
}
