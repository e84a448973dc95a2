import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import ExcelJS from 'exceljs';
import type { Queryable } from '../../db/database.ts';
import { type IssueRecord, issuePage } from './issues.ts';

/**
 * The error file of an import: every rejected or warned row with its column, the value as
 * written, and the reason in both languages. Read from the database a page at a time and
 * streamed out, so a file with a million bad rows costs no more memory than one with ten.
 */
export type ErrorFileFormat = 'csv' | 'xlsx';

/** The content type of a CSV or XLSX file sent as an attachment (error files, batch files, lists). */
export const FILE_CONTENT_TYPES: Record<ErrorFileFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

const ERROR_FILE_COLUMNS = ['baris', 'kolom', 'nilai', 'tingkat', 'kode', 'pesan', 'message'] as const;

const PAGE_ROWS = 5_000;
const SEVERITY_LABEL = { rejected: 'ditolak', warning: 'peringatan' } as const;

function cells(issue: IssueRecord): [number, string, string, string, string, string, string] {
  return [
    issue.row_number,
    issue.column_name,
    issue.value ?? '',
    SEVERITY_LABEL[issue.severity],
    issue.code,
    issue.message_id,
    issue.message_en,
  ];
}

/** One page of issues after a (row, seq) position: an import's, or another feature's kept alike. */
export type IssuePages = (after: { row: number; seq: number }, limit: number) => Promise<IssueRecord[]>;

async function* issues(pages: IssuePages): AsyncGenerator<IssueRecord> {
  let after = { row: 0, seq: -1 };
  for (;;) {
    const page = await pages(after, PAGE_ROWS);
    yield* page;
    const last = page.at(-1);
    if (!last || page.length < PAGE_ROWS) return;
    after = { row: last.row_number, seq: last.seq };
  }
}

/**
 * OWASP's rule against CSV injection, for every cell of every CSV and XLSX file Asuh writes: a
 * text a spreadsheet would run as a formula (starting with `=`, `+`, `-` or `@`, also behind
 * leading spaces or quotes, or starting with a tab or a carriage return) gets a leading
 * apostrophe, so it reads as the text it is. What is stored stays as the user typed it; only
 * the file differs. A number is not a formula: -8400, typed or as an amount, stays a number.
 */
export function neutraliseFormula(text: string): string {
  const formula = /^(?:[\t\r]|[\s"']*[=+\-@])/.test(text) && !/^[+-]?\d+(?:\.\d+)?$/.test(text);
  return formula ? `'${text}` : text;
}

/** A CSV field (RFC 4180), neutralised: quoted when it must be, and always once neutralised. */
export function csvField(value: string | number): string {
  if (typeof value === 'number') return String(value);
  const text = neutraliseFormula(value);
  return text !== value || /[",\r\n;]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** An XLSX cell: a number stays a number, a text is written as neutralised text, never a formula. */
function xlsxCell(value: string | number): string | number {
  return typeof value === 'number' ? value : neutraliseFormula(value);
}

async function write(output: Writable, text: string): Promise<void> {
  if (!output.write(text)) await once(output, 'drain');
}

/**
 * Streams a table (a header row, then `rows` as they come) into `output` as CSV or as one XLSX
 * sheet, and ends it: the writer every downloadable list shares (error files, reports).
 */
export async function streamTable(
  output: Writable,
  format: ErrorFileFormat,
  sheetName: string,
  header: readonly string[],
  rows: AsyncIterable<readonly (string | number)[]> | Iterable<readonly (string | number)[]>,
): Promise<void> {
  if (format === 'csv') {
    // The byte-order mark makes Excel read the file as UTF-8.
    await write(output, `\uFEFF${header.map(csvField).join(',')}\r\n`);
    for await (const row of rows) await write(output, `${row.map(csvField).join(',')}\r\n`);
    output.end();
    await finished(output);
    return;
  }
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: output,
    useStyles: false,
    useSharedStrings: false,
  });
  const sheet = workbook.addWorksheet(sheetName);
  sheet.addRow(header.map(xlsxCell)).commit();
  for await (const row of rows) sheet.addRow(row.map(xlsxCell)).commit();
  sheet.commit();
  await workbook.commit();
}

/** Streams the error file into `output` and ends it. */
export async function streamErrorFile(
  db: Queryable,
  importId: string,
  output: Writable,
  format: ErrorFileFormat,
): Promise<void> {
  await streamIssueFile(
    (after, limit) => issuePage(db, 'import_issue', importId, after, limit),
    output,
    format,
  );
}

/** An error file of issues another feature keeps in the same columns (cohort builds, say). */
export async function streamIssueFile(
  pages: IssuePages,
  output: Writable,
  format: ErrorFileFormat,
): Promise<void> {
  async function* rows() {
    for await (const issue of issues(pages)) yield cells(issue);
  }
  await streamTable(output, format, 'Kesalahan', ERROR_FILE_COLUMNS, rows());
}

export async function writeErrorFile(
  db: Queryable,
  importId: string,
  path: string,
  format: ErrorFileFormat,
): Promise<void> {
  await streamErrorFile(db, importId, createWriteStream(path), format);
}

export function errorFileFormatOf(path: string): ErrorFileFormat {
  return path.toLowerCase().endsWith('.xlsx') ? 'xlsx' : 'csv';
}
