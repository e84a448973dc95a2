import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { runCli } from '../support/cli.ts';
import { openTestDatabase } from '../support/database.ts';

let db: Database;

beforeAll(async () => {
  db = await openTestDatabase();
});

afterAll(async () => {
  await db.close();
});

/** Fails the test if the command touches the database. */
const noDatabase: Database = new Proxy({} as Database, {
  get() {
    throw new Error('the database was opened');
  },
});

describe('asuh id nik', () => {
  it('prints the decoded NIK as one JSON line and exits 0', async () => {
    const run = await runCli(['id', 'nik', '3502014101900001', '--json'], db);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout.endsWith('\n')).toBe(true);
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(run.stdout)).toEqual({
      valid: true,
      errors: [],
      warnings: [],
      value: '3502014101900001',
      fields: {
        provinceCode: '35',
        regencyCode: '35.02',
        districtCode: '35.02.01',
        birthDate: '1990-01-01',
        sex: 'female',
        serial: '0001',
      },
    });
  });

  it('exits 1 with every error code for an invalid NIK, messages in Bahasa Indonesia', async () => {
    const run = await runCli(['id', 'nik', '9902013201900000', '--json'], db);
    expect(run.code).toBe(1);
    const result = JSON.parse(run.stdout);
    expect(result.valid).toBe(false);
    expect(result.errors.map((error: { code: string }) => error.code)).toEqual([
      'NIK_UNKNOWN_PROVINCE',
      'NIK_BIRTH_DATE_INVALID',
      'NIK_SERIAL_ZERO',
    ]);
    expect(result.errors[0]).toEqual({
      code: 'NIK_UNKNOWN_PROVINCE',
      message: 'Kode provinsi "99" (digit 1–2 NIK) tidak ada.',
    });
  });

  it('speaks English when the locale asks for it', async () => {
    const run = await runCli(['id', 'nik', '9902014101900001', '--json'], db, { LANG: 'en_US.UTF-8' });
    expect(JSON.parse(run.stdout).errors[0].message).toBe(
      'Province code "99" (NIK digits 1–2) does not exist.',
    );
  });

  it('accepts an old Kota Sorong NIK (92.71, now 96.71) with a warning from the region table', async () => {
    const run = await runCli(['id', 'nik', '9271014101900001', '--json'], db);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result.valid).toBe(true);
    expect(result.warnings.map((warning: { code: string }) => warning.code)).toEqual([
      'NIK_REGION_NOT_CURRENT',
    ]);
    expect(result.warnings[0].message).toContain('92.71');
  });

  it('gives no region warning for a current Kota Sorong NIK', async () => {
    const run = await runCli(['id', 'nik', '9671014101900001', '--json'], db);
    expect(JSON.parse(run.stdout).warnings).toEqual([]);
  });

  it('prints a readable summary with region names', async () => {
    const run = await runCli(['id', 'nik', '3502014101900001'], db);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('NIK 3502014101900001: sah');
    expect(run.stdout).toContain('Tanggal lahir: 1990-01-01');
    expect(run.stdout).toContain('Jenis kelamin: perempuan');
    expect(run.stdout).toContain('Kecamatan: 35.02.01  Slahung');
    const english = await runCli(['id', 'nik', '3502010101900000'], db, { ASUH_LANG: 'en' });
    expect(english.code).toBe(1);
    expect(english.stdout).toContain('NIK 3502010101900000: not valid');
    expect(english.stdout).toContain('Sex: male');
    expect(english.stdout).toMatch(/Errors:\n {2}- .*\[NIK_SERIAL_ZERO\]/);
  });

  it('does not open the database for a NIK it cannot decode', async () => {
    const run = await runCli(['id', 'nik', '12345', '--json'], noDatabase);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toEqual({
      valid: false,
      errors: [{ code: 'NIK_LENGTH', message: 'NIK harus 16 digit; yang diberikan 5 karakter.' }],
      warnings: [],
      value: '12345',
    });
  });

  it('exits 2 without a NIK', async () => {
    const run = await runCli(['id', 'nik'], db);
    expect(run.code).toBe(2);
  });
});

describe('asuh id nip', () => {
  it('prints the decoded NIP as JSON and exits 0', async () => {
    const run = await runCli(['id', 'nip', '199001012015032001', '--json'], noDatabase);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      valid: true,
      errors: [],
      warnings: [],
      value: '199001012015032001',
      fields: { birthDate: '1990-01-01', appointmentMonth: '2015-03', sex: 'female', serial: '001' },
    });
  });

  it('exits 1 with the error codes of an invalid NIP', async () => {
    const run = await runCli(['id', 'nip', '199002302015033000', '--json'], noDatabase);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout).errors.map((error: { code: string }) => error.code)).toEqual([
      'NIP_BIRTH_DATE_INVALID',
      'NIP_SEX_INVALID',
      'NIP_SERIAL_ZERO',
    ]);
  });

  it('judges the future by the clock it is given', async () => {
    const nip = '199001012025072001';
    const june = await runCli(
      ['id', 'nip', nip],
      noDatabase,
      {},
      { now: () => new Date('2025-06-15T00:00:00Z') },
    );
    expect(june.code).toBe(1);
    expect(june.stdout).toContain('[NIP_APPOINTMENT_FUTURE]');
    const july = await runCli(
      ['id', 'nip', nip],
      noDatabase,
      {},
      { now: () => new Date('2025-07-01T00:00:00Z') },
    );
    expect(july.code).toBe(0);
    expect(july.stdout).toContain('Bulan pengangkatan CPNS: 2025-07');
  });
});
