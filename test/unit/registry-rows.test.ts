import { describe, expect, it } from 'vitest';
import { formatNik } from '../../src/core/identifiers/nik.ts';
import { formatNip } from '../../src/core/identifiers/nip.ts';
import { parseEchelon, parseEmploymentType, validateAsnRow } from '../../src/core/registry/asn-row.ts';
import {
  matchColumns,
  normaliseHeader,
  parseBirthDate,
  parseDecile,
  parsePhone,
  parseRupiah,
  parseSex,
  parseVillage,
  type RowContext,
  type RowIssue,
} from '../../src/core/registry/row.ts';
import { validateWorkerRow } from '../../src/core/registry/worker-row.ts';

const PONOROGO_VILLAGES = new Set(['35.02.01.2001', '35.02.01.2002', '35.02.11.2015']);
const context: RowContext = {
  today: '2025-06-15',
  pemdaCode: '35.02',
  isPemdaVillage: (code) => PONOROGO_VILLAGES.has(code),
  regionExists: (code) => code.startsWith('35.') && code !== '35.02.99',
};

const nip = formatNip({ birthDate: '1980-05-17', appointmentMonth: '2005-03', sex: 'female', serial: 2 });
const siti = formatNik({ districtCode: '35.02.01', birthDate: '1990-01-01', sex: 'female', serial: 1 });

const asnRow = (overrides: Record<string, string> = {}) => ({
  nip,
  nama: 'Dra. Sri Wahyuni, M.Si.',
  opd: 'Dinas Kesehatan',
  jenis_pegawai: 'PNS',
  golongan: 'IV/a',
  eselon: 'III.b',
  gaji_pokok: '4.500.000',
  kode_desa: '35.02.01.2001',
  ...overrides,
});

const workerRow = (overrides: Record<string, string> = {}) => ({
  nik: siti,
  nama: 'Siti Aminah',
  tanggal_lahir: '1990-01-01',
  jenis_kelamin: 'P',
  pekerjaan: 'Petani',
  sektor: 'Pertanian',
  kode_desa: '35.02.01.2001',
  no_hp: '081234567890',
  desil: '2',
  ...overrides,
});

/** Column, severity and code of each issue: what the error file shows besides the messages. */
const brief = (issues: RowIssue[]) =>
  issues.map(({ column, severity, code }) => ({ column, severity, code }));

const value = <T>(parsed: { ok: true; value: T } | { ok: false }) => (parsed.ok ? parsed.value : 'refused');
const code = (parsed: { ok: true } | { ok: false; problem: { code: string } }) =>
  parsed.ok ? 'ok' : parsed.problem.code;

describe('header matching', () => {
  it('matches columns whatever their case, spacing, hyphens or byte-order mark, ignoring extras', () => {
    expect(normaliseHeader('\uFEFF Kode Desa ')).toBe('kode_desa');
    expect(normaliseHeader('No-HP')).toBe('no_hp');
    expect(matchColumns(['\uFEFFNIK', 'keterangan', 'Nama'], ['nama', 'nik'])).toEqual({
      ok: true,
      positions: [2, 0],
    });
  });

  it('names the missing columns and those it found', () => {
    const result = matchColumns(['nik', 'name', 'dob'], ['nik', 'nama', 'tanggal_lahir']);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problem.code).toBe('IMPORT_COLUMNS_MISSING');
    expect(result.problem.message.id).toContain('Kolom wajib tidak ada: nama, tanggal_lahir');
    expect(result.problem.message.id).toContain('"nik", "name", "dob"');
    expect(result.problem.message.en).toContain('Required columns are missing: nama, tanggal_lahir');
  });
});

describe('field rules', () => {
  it('reads dates as YYYY-MM-DD or DD/MM/YYYY, and refuses the rest', () => {
    expect(value(parseBirthDate('1990-01-31', context.today))).toBe('1990-01-31');
    expect(value(parseBirthDate('31/01/1990', context.today))).toBe('1990-01-31');
    expect(value(parseBirthDate(' 1/2/1990 ', context.today))).toBe('1990-02-01');
    expect(value(parseBirthDate('1990-1-5', context.today))).toBe('1990-01-05');
    expect(code(parseBirthDate('01-31-1990', context.today))).toBe('DATE_FORMAT');
    expect(code(parseBirthDate('31 Januari 1990', context.today))).toBe('DATE_FORMAT');
    expect(code(parseBirthDate('30/02/1990', context.today))).toBe('DATE_INVALID');
    expect(code(parseBirthDate('2025-06-16', context.today))).toBe('DATE_FUTURE');
    expect(code(parseBirthDate('1899-12-31', context.today))).toBe('DATE_TOO_OLD');
    expect(code(parseBirthDate('', context.today))).toBe('REQUIRED');
  });

  it('reads sex as L or P in any case, or the words', () => {
    for (const text of ['L', 'l', ' L ', 'Laki-laki', 'LAKI LAKI'])
      expect(value(parseSex(text))).toBe('male');
    for (const text of ['P', 'p', 'Perempuan']) expect(value(parseSex(text))).toBe('female');
    expect(code(parseSex('M'))).toBe('SEX_INVALID');
    expect(code(parseSex('W'))).toBe('SEX_INVALID');
    expect(code(parseSex(''))).toBe('REQUIRED');
  });

  it('reads rupiah with or without thousands dots, Rp and zero sen', () => {
    expect(value(parseRupiah('4500000'))).toBe(4_500_000);
    expect(value(parseRupiah('4.500.000'))).toBe(4_500_000);
    expect(value(parseRupiah('Rp 4.500.000'))).toBe(4_500_000);
    expect(value(parseRupiah('Rp4.500.000,00'))).toBe(4_500_000);
    expect(value(parseRupiah('0'))).toBe(0);
    expect(code(parseRupiah('-5000'))).toBe('RUPIAH_NEGATIVE');
    expect(code(parseRupiah('45.00'))).toBe('RUPIAH_INVALID');
    expect(code(parseRupiah('4,500,000'))).toBe('RUPIAH_INVALID');
    expect(code(parseRupiah('4.500.000,50'))).toBe('RUPIAH_INVALID');
    expect(code(parseRupiah('empat juta'))).toBe('RUPIAH_INVALID');
    expect(code(parseRupiah('99999999999999999999'))).toBe('RUPIAH_INVALID');
    expect(code(parseRupiah(''))).toBe('REQUIRED');
  });

  it('takes villages of the Pemda only, dotted or as ten digits', () => {
    expect(value(parseVillage('35.02.01.2001', context))).toBe('35.02.01.2001');
    expect(value(parseVillage('3502012002', context))).toBe('35.02.01.2002');
    expect(code(parseVillage('35.02.01', context))).toBe('VILLAGE_FORMAT');
    expect(code(parseVillage('35.02.01.9999', context))).toBe('VILLAGE_UNKNOWN');
    expect(code(parseVillage('35.03.01.2001', context))).toBe('VILLAGE_OUTSIDE_PEMDA');
    expect(code(parseVillage('', context))).toBe('REQUIRED');
  });

  it('keeps mobile numbers as digits starting 08 or 628', () => {
    expect(value(parsePhone('0812-3456-7890'))).toBe('081234567890');
    expect(value(parsePhone('+62 812 3456 7890'))).toBe('6281234567890');
    expect(value(parsePhone('81234567890'))).toBe('081234567890');
    expect(value(parsePhone('(0812) 3456.7890'))).toBe('081234567890');
    expect(value(parsePhone(''))).toBeNull();
    expect(code(parsePhone('0352-481234'))).toBe('PHONE_INVALID');
    expect(code(parsePhone('08123'))).toBe('PHONE_INVALID');
    expect(code(parsePhone('tidak punya'))).toBe('PHONE_INVALID');
  });

  it('takes welfare deciles 1 to 10, or none', () => {
    expect(value(parseDecile('1'))).toBe(1);
    expect(value(parseDecile('10'))).toBe(10);
    expect(value(parseDecile(''))).toBeNull();
    for (const text of ['0', '11', '2.5', 'rendah']) expect(code(parseDecile(text))).toBe('DECILE_INVALID');
  });

  it('reads employment types as the personnel offices write them', () => {
    expect(value(parseEmploymentType('PNS'))).toBe('PNS');
    expect(value(parseEmploymentType('cpns'))).toBe('PNS');
    expect(value(parseEmploymentType('PPPK'))).toBe('PPPK');
    for (const text of ['Non ASN', 'NON_ASN', 'non-asn', 'honorer', 'Non PNS']) {
      expect(value(parseEmploymentType(text))).toBe('NON_ASN');
    }
    expect(code(parseEmploymentType('kontrak'))).toBe('EMPLOYMENT_TYPE_INVALID');
    expect(code(parseEmploymentType(''))).toBe('REQUIRED');
  });

  it('reads echelons I to IV with their sub-levels, and none', () => {
    expect(value(parseEchelon('I'))).toBe('I');
    expect(value(parseEchelon('ii'))).toBe('II');
    expect(value(parseEchelon('II.a'))).toBe('II');
    expect(value(parseEchelon('III.b'))).toBe('III');
    expect(value(parseEchelon('IIIa'))).toBe('III');
    expect(value(parseEchelon('IV/b'))).toBe('IV');
    expect(value(parseEchelon('Eselon IV.a'))).toBe('IV');
    for (const text of ['', '-', 'non', 'Non Eselon']) expect(value(parseEchelon(text))).toBeNull();
    for (const text of ['V', '2', 'II.c', 'kepala']) expect(code(parseEchelon(text))).toBe('ECHELON_INVALID');
  });
});

describe('validateAsnRow', () => {
  it('turns a roster row into a civil servant', () => {
    expect(validateAsnRow(asnRow(), context)).toEqual({
      record: {
        nip,
        name: 'Dra. Sri Wahyuni, M.Si.',
        opdName: 'Dinas Kesehatan',
        employmentType: 'PNS',
        rank: 'IV/a',
        echelon: 'III',
        baseSalary: 4_500_000,
        villageCode: '35.02.01.2001',
      },
      issues: [],
    });
  });

  it('tidies spacing and leaves the optional columns empty', () => {
    const { record } = validateAsnRow(
      asnRow({
        nama: '  Budi   Santoso ',
        opd: ' Dinas  Pendidikan ',
        golongan: '',
        eselon: '-',
        kode_desa: '',
      }),
      context,
    );
    expect(record).toMatchObject({
      name: 'Budi Santoso',
      opdName: 'Dinas Pendidikan',
      rank: null,
      echelon: null,
      villageCode: null,
    });
  });

  it('rejects the row and names every column at fault', () => {
    const result = validateAsnRow(
      asnRow({
        nip: '19800517200503200',
        nama: '',
        opd: '',
        jenis_pegawai: 'kontrak',
        eselon: 'V',
        gaji_pokok: '-1',
        kode_desa: '35.03.01.2001',
      }),
      context,
    );
    expect(result.record).toBeNull();
    expect(brief(result.issues)).toEqual([
      { column: 'nip', severity: 'rejected', code: 'NIP_LENGTH' },
      { column: 'nama', severity: 'rejected', code: 'REQUIRED' },
      { column: 'opd', severity: 'rejected', code: 'REQUIRED' },
      { column: 'jenis_pegawai', severity: 'rejected', code: 'EMPLOYMENT_TYPE_INVALID' },
      { column: 'eselon', severity: 'rejected', code: 'ECHELON_INVALID' },
      { column: 'gaji_pokok', severity: 'rejected', code: 'RUPIAH_NEGATIVE' },
      { column: 'kode_desa', severity: 'rejected', code: 'VILLAGE_OUTSIDE_PEMDA' },
    ]);
    for (const issue of result.issues) {
      expect(issue.message.id).not.toBe(issue.message.en);
      expect(issue.message.id.length).toBeGreaterThan(10);
    }
  });

  it('rejects a NIP whose digits are impossible, and an empty one', () => {
    const impossible = validateAsnRow(asnRow({ nip: '198013172005032002' }), context);
    expect(brief(impossible.issues)).toEqual([
      { column: 'nip', severity: 'rejected', code: 'NIP_BIRTH_DATE_INVALID' },
    ]);
    expect(brief(validateAsnRow(asnRow({ nip: ' ' }), context).issues)).toEqual([
      { column: 'nip', severity: 'rejected', code: 'REQUIRED' },
    ]);
  });

  it('refuses names longer than a register holds', () => {
    expect(brief(validateAsnRow(asnRow({ nama: 'a'.repeat(151) }), context).issues)).toEqual([
      { column: 'nama', severity: 'rejected', code: 'TEXT_TOO_LONG' },
    ]);
  });
});

describe('validateWorkerRow', () => {
  it('turns a registry row into a worker', () => {
    expect(validateWorkerRow(workerRow(), context)).toEqual({
      record: {
        nik: siti,
        name: 'Siti Aminah',
        birthDate: '1990-01-01',
        sex: 'female',
        occupation: 'Petani',
        sector: 'Pertanian',
        villageCode: '35.02.01.2001',
        phone: '081234567890',
        welfareDecile: 2,
      },
      issues: [],
    });
  });

  it('accepts a NIK disagreeing with the birth date and sex columns, with warnings, and keeps the columns', () => {
    const result = validateWorkerRow(workerRow({ tanggal_lahir: '02/01/1990', jenis_kelamin: 'L' }), context);
    expect(result.record).toMatchObject({ birthDate: '1990-01-02', sex: 'male' });
    expect(brief(result.issues)).toEqual([
      { column: 'nik', severity: 'warning', code: 'NIK_BIRTH_DATE_MISMATCH' },
      { column: 'nik', severity: 'warning', code: 'NIK_SEX_MISMATCH' },
    ]);
    expect(result.issues[0]!.message.id).toContain('1990-01-01');
    expect(result.issues[0]!.message.en).toContain('differs from the recorded one (1990-01-02)');
  });

  it('warns about a NIK issued in a region since split, and imports it', () => {
    const stale = formatNik({ districtCode: '35.02.99', birthDate: '1990-01-01', sex: 'female', serial: 7 });
    const result = validateWorkerRow(workerRow({ nik: stale }), context);
    expect(result.record?.nik).toBe(stale);
    expect(brief(result.issues)).toEqual([
      { column: 'nik', severity: 'warning', code: 'NIK_REGION_NOT_CURRENT' },
    ]);
  });

  it('rejects a NIK whose own digits are impossible', () => {
    expect(brief(validateWorkerRow(workerRow({ nik: '3502017201900001' }), context).issues)).toEqual([
      { column: 'nik', severity: 'rejected', code: 'NIK_BIRTH_DATE_INVALID' },
    ]);
    expect(brief(validateWorkerRow(workerRow({ nik: '350201410190' }), context).issues)).toEqual([
      { column: 'nik', severity: 'rejected', code: 'NIK_LENGTH' },
    ]);
    expect(brief(validateWorkerRow(workerRow({ nik: '' }), context).issues)).toEqual([
      { column: 'nik', severity: 'rejected', code: 'REQUIRED' },
    ]);
  });

  it('rejects the row and names every column at fault', () => {
    const result = validateWorkerRow(
      workerRow({
        nama: ' ',
        tanggal_lahir: '1990/01/01',
        jenis_kelamin: 'X',
        kode_desa: '',
        no_hp: '12345',
        desil: '0',
      }),
      context,
    );
    expect(result.record).toBeNull();
    expect(brief(result.issues)).toEqual([
      { column: 'nama', severity: 'rejected', code: 'REQUIRED' },
      { column: 'tanggal_lahir', severity: 'rejected', code: 'DATE_FORMAT' },
      { column: 'jenis_kelamin', severity: 'rejected', code: 'SEX_INVALID' },
      { column: 'kode_desa', severity: 'rejected', code: 'REQUIRED' },
      { column: 'no_hp', severity: 'rejected', code: 'PHONE_INVALID' },
      { column: 'desil', severity: 'rejected', code: 'DECILE_INVALID' },
    ]);
  });

  it('leaves occupation, sector, phone and decile empty when they are', () => {
    const { record, issues } = validateWorkerRow(
      workerRow({ pekerjaan: '', sektor: ' ', no_hp: '', desil: '' }),
      context,
    );
    expect(issues).toEqual([]);
    expect(record).toMatchObject({ occupation: null, sector: null, phone: null, welfareDecile: null });
  });

  it('treats missing columns as empty', () => {
    expect(brief(validateWorkerRow({ nik: siti }, context).issues).map((issue) => issue.column)).toEqual([
      'nama',
      'tanggal_lahir',
      'jenis_kelamin',
      'kode_desa',
    ]);
  });
});
