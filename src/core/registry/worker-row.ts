import type { IsoDate } from '../calendar.ts';
import type { Sex } from '../identifiers/common.ts';
import { checkNikAgainst, parseNik } from '../identifiers/nik.ts';
import {
  IssueList,
  optionalText,
  parseBirthDate,
  parseDecile,
  parsePhone,
  parseSex,
  parseVillage,
  type RawRow,
  type RowContext,
  type RowResult,
  requiredMissing,
  requiredText,
} from './row.ts';

/** The worker registry's columns, in file order. */
export const WORKER_COLUMNS = [
  'nik',
  'nama',
  'tanggal_lahir',
  'jenis_kelamin',
  'pekerjaan',
  'sektor',
  'kode_desa',
  'no_hp',
  'desil',
] as const;
export type WorkerColumn = (typeof WORKER_COLUMNS)[number];

/** One person as the file states them: these columns are what is stored, whatever the NIK says. */
export interface WorkerRow {
  nik: string;
  name: string;
  birthDate: IsoDate;
  sex: Sex;
  occupation: string | null;
  sector: string | null;
  villageCode: string;
  phone: string | null;
  welfareDecile: number | null;
}

/**
 * Checks one worker row. A NIK whose own digits are impossible rejects the row; one that
 * disagrees with the birth date or sex columns, or names a region since split, only warns:
 * NIKs are never reissued, so the columns may be right where the NIK is not.
 */
export function validateWorkerRow(raw: RawRow, context: RowContext): RowResult<WorkerRow> {
  const cell = (column: WorkerColumn) => raw[column] ?? '';
  const issues = new IssueList();

  const nikText = cell('nik');
  const nik = nikText.trim();
  const decoded =
    nik === '' ? undefined : parseNik(nik, { today: context.today, regionExists: context.regionExists });
  if (!decoded) issues.reject('nik', nikText, requiredMissing());
  else {
    for (const error of decoded.errors) issues.reject('nik', nikText, error);
    for (const warning of decoded.warnings) issues.warn('nik', nikText, warning);
  }
  const name = issues.take('nama', cell('nama'), requiredText(cell('nama'), 150));
  const birthDate = issues.take(
    'tanggal_lahir',
    cell('tanggal_lahir'),
    parseBirthDate(cell('tanggal_lahir'), context.today),
  );
  const sex = issues.take('jenis_kelamin', cell('jenis_kelamin'), parseSex(cell('jenis_kelamin')));
  const occupation = issues.take('pekerjaan', cell('pekerjaan'), optionalText(cell('pekerjaan'), 100));
  const sector = issues.take('sektor', cell('sektor'), optionalText(cell('sektor'), 100));
  const villageCode = issues.take('kode_desa', cell('kode_desa'), parseVillage(cell('kode_desa'), context));
  const phone = issues.take('no_hp', cell('no_hp'), parsePhone(cell('no_hp')));
  const welfareDecile = issues.take('desil', cell('desil'), parseDecile(cell('desil')));

  if (decoded?.valid) {
    for (const warning of checkNikAgainst(decoded.fields, { birthDate, sex })) {
      issues.warn('nik', nikText, warning);
    }
  }

  return issues.result(() => ({
    nik,
    name: name!,
    birthDate: birthDate!,
    sex: sex!,
    occupation: occupation ?? null,
    sector: sector ?? null,
    villageCode: villageCode!,
    phone: phone ?? null,
    welfareDecile: welfareDecile ?? null,
  }));
}
