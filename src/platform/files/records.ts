import { problem } from '../../core/message.ts';
import { invalid } from '../../errors.ts';

/** One record of a CSV or XLSX file as the readers hand it out, before columns are matched. */
export interface RawRecord {
  /** The row as a spreadsheet numbers it, the header being row 1. */
  rowNumber: number;
  /** By position; an XLSX row may leave holes where its cells are missing. */
  cells: string[];
  /** Positions whose cell was a number (an XLSX number cell), for the identifier columns. */
  numbers?: number[];
}

/** A file refused as a whole: an `invalid` AppError, so a 400 or exit 2. */
export const refuse = (code: string, id: string, en: string) => invalid(problem(code, id, en));

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
