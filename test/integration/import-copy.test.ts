import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatNik } from '../../src/core/identifiers/nik.ts';
import type { Database } from '../../src/db/database.ts';
import { copyField } from '../../src/db/database.ts';
import { importRows } from '../../src/features/imports/index.ts';
import { openTestDatabase } from '../support/database.ts';

/** Worker rows travel to the staging table as COPY text: what COPY treats as syntax must arrive as written. */
let db: Database;

beforeAll(async () => {
  db = await openTestDatabase();
  await db.query(`INSERT INTO pemda (code, name) SELECT code, name FROM region WHERE code = '35.02'`);
});

afterAll(async () => {
  await db.close();
});

describe('COPY text', () => {
  it('escapes backslashes, tabs and line breaks, and writes null as \\N', () => {
    expect(copyField('a\\b\tc\nd\re')).toBe('a\\\\b\\tc\\nd\\re');
    expect(copyField(null)).toBe('\\N');
    expect(copyField('\\N')).toBe('\\\\N');
  });

  it('stores names and occupations with backslashes and quotes exactly as given', async () => {
    const awkward = [
      { name: 'Sri "Ani" Wulandari', occupation: 'pedagang \\ kaki lima' },
      { name: "Mbok Sumi'ah", occupation: 'buruh\ttani' },
      { name: 'Paijo \\N', occupation: '\\.' },
    ];
    const rows = awkward.map(({ name, occupation }, index) => ({
      nik: formatNik({
        districtCode: '35.02.01',
        birthDate: `1970-01-0${index + 1}`,
        sex: 'female',
        serial: index + 1,
      }),
      nama: name,
      tanggal_lahir: `1970-01-0${index + 1}`,
      jenis_kelamin: 'P',
      pekerjaan: occupation,
      sektor: 'pertanian',
      kode_desa: '35.02.01.2001',
      no_hp: '',
      desil: '',
    }));
    const summary = await importRows(db, rows, { kind: 'workers', pemdaCode: '35.02', actor: null });
    expect(summary).toMatchObject({ read: 3, inserted: 3, rejected: 0 });
    const stored = await db.query<{ name: string; occupation: string }>(
      'SELECT name, occupation FROM worker ORDER BY birth_date',
    );
    // The row rules fold runs of white space into one space; everything else arrives as written.
    expect(stored).toEqual(awkward.map((row) => ({ ...row, occupation: row.occupation.replace('\t', ' ') })));
  });
});
