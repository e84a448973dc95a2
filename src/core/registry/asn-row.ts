import { parseNip } from '../identifiers/nip.ts';
import { type Problem, problem } from '../message.ts';
import {
  IssueList,
  optionalText,
  type Parsed,
  parseRupiah,
  parseVillage,
  type RawRow,
  type RowContext,
  type RowResult,
  requiredMissing,
  requiredText,
} from './row.ts';

/** The roster's columns, named as regional personnel offices (BKPSDM) name them, in file order. */
export const ASN_COLUMNS = [
  'nip',
  'nama',
  'opd',
  'jenis_pegawai',
  'golongan',
  'eselon',
  'gaji_pokok',
  'kode_desa',
] as const;
export type AsnColumn = (typeof ASN_COLUMNS)[number];

export type EmploymentType = 'PNS' | 'PPPK' | 'NON_ASN';
export type Echelon = 'I' | 'II' | 'III' | 'IV';

/** One civil servant as the roster states them. */
export interface AsnRow {
  nip: string;
  name: string;
  /** The department as written, spaces tidied; matched to an OPD by its name key. */
  opdName: string;
  employmentType: EmploymentType;
  /** Golongan as written (`III/a`, `IX` for PPPK), or none. */
  rank: string | null;
  echelon: Echelon | null;
  baseSalary: number;
  villageCode: string | null;
}

const EMPLOYMENT_TYPES: Record<string, EmploymentType> = {
  PNS: 'PNS',
  CPNS: 'PNS',
  PPPK: 'PPPK',
  NONASN: 'NON_ASN',
  NONPNS: 'NON_ASN',
  HONORER: 'NON_ASN',
};

/** `PNS`, `PPPK` or non-ASN (`Non ASN`, `NON_ASN`, `non-asn`, `honorer`); CPNS are PNS. */
export function parseEmploymentType(raw: string): Parsed<EmploymentType> {
  const value = raw.trim();
  if (value === '') return { ok: false, problem: requiredMissing() };
  const type = EMPLOYMENT_TYPES[value.toUpperCase().replace(/[\s_-]+/g, '')];
  if (type) return { ok: true, value: type };
  return {
    ok: false,
    problem: problem(
      'EMPLOYMENT_TYPE_INVALID',
      'Jenis pegawai harus PNS, PPPK atau Non ASN.',
      'The employment type must be PNS, PPPK or Non ASN.',
    ),
  };
}

const ECHELON = /^(?:eselon\s*)?(IV|III|II|I)(?:[.\s/-]?[ab])?$/i;
const NO_ECHELON = new Set(['', '-', 'non', 'non eselon', 'non-eselon', 'nonselon', 'tidak ada']);

/** `I`–`IV`, sub-levels (`II.a`, `III.b`) counted as their level; empty, `-` or `non` is none. */
export function parseEchelon(raw: string): Parsed<Echelon | null> {
  const value = raw.trim();
  if (NO_ECHELON.has(value.toLowerCase())) return { ok: true, value: null };
  const match = ECHELON.exec(value);
  if (match) return { ok: true, value: match[1]!.toUpperCase() as Echelon };
  return {
    ok: false,
    problem: problem(
      'ECHELON_INVALID',
      'Eselon harus I, II, III atau IV (boleh II.a, III.b), atau kosong / "-" bila tidak menjabat.',
      'The echelon must be I, II, III or IV (II.a, III.b allowed), or empty / "-" for none.',
    ),
  };
}

function nipProblems(raw: string, context: RowContext): { nip: string; errors: Problem[] } {
  const nip = raw.trim();
  if (nip === '') return { nip, errors: [requiredMissing()] };
  return { nip, errors: parseNip(nip, { today: context.today }).errors };
}

/** Checks one roster row; any rejection drops the row, and every problem names its column. */
export function validateAsnRow(raw: RawRow, context: RowContext): RowResult<AsnRow> {
  const cell = (column: AsnColumn) => raw[column] ?? '';
  const issues = new IssueList();

  const { nip, errors } = nipProblems(cell('nip'), context);
  for (const error of errors) issues.reject('nip', cell('nip'), error);
  const name = issues.take('nama', cell('nama'), requiredText(cell('nama'), 150));
  const opdName = issues.take('opd', cell('opd'), requiredText(cell('opd'), 200));
  const employmentType = issues.take(
    'jenis_pegawai',
    cell('jenis_pegawai'),
    parseEmploymentType(cell('jenis_pegawai')),
  );
  const rank = issues.take('golongan', cell('golongan'), optionalText(cell('golongan'), 20));
  const echelon = issues.take('eselon', cell('eselon'), parseEchelon(cell('eselon')));
  const baseSalary = issues.take('gaji_pokok', cell('gaji_pokok'), parseRupiah(cell('gaji_pokok')));
  const villageCode =
    cell('kode_desa').trim() === ''
      ? null
      : issues.take('kode_desa', cell('kode_desa'), parseVillage(cell('kode_desa'), context));

  return issues.result(() => ({
    nip,
    name: name!,
    opdName: opdName!,
    employmentType: employmentType!,
    rank: rank ?? null,
    echelon: echelon ?? null,
    baseSalary: baseSalary!,
    villageCode: villageCode ?? null,
  }));
}
