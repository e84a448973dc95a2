import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { loadConfig } from '../../src/config.ts';
import type { Actor } from '../../src/core/access.ts';
import { formatNik } from '../../src/core/identifiers/nik.ts';
import { formatNip } from '../../src/core/identifiers/nip.ts';
import type { Database } from '../../src/db/database.ts';
import { AppError } from '../../src/errors.ts';
import { importFile, importRows } from '../../src/features/imports/index.ts';
import { writeErrorFile } from '../../src/platform/files/issue-file.ts';
import { buildApp } from '../../src/server/app.ts';
import { runCli } from '../support/cli.ts';
import { openTestDatabase } from '../support/database.ts';
import { zip } from '../support/zip.ts';

let db: Database;
let folder: string;

const WORKER_HEADER = 'nik,nama,tanggal_lahir,jenis_kelamin,pekerjaan,sektor,kode_desa,no_hp,desil';
const ASN_HEADER = 'nip,nama,opd,jenis_pegawai,golongan,eselon,gaji_pokok,kode_desa';

const nik = (birthDate: string, sex: 'male' | 'female', serial: number) =>
  formatNik({ districtCode: '35.02.01', birthDate, sex, serial });
const nip = (birthDate: string, serial: number) =>
  formatNip({ birthDate, appointmentMonth: '2010-03', sex: 'male', serial });

const SITI = nik('1990-01-01', 'female', 1);
const BUDI = nik('1985-12-31', 'male', 2);
const WATI = nik('1992-03-04', 'female', 3);
const JOKO = nik('1988-07-08', 'male', 4);

beforeAll(async () => {
  db = await openTestDatabase();
  for (const code of ['35.02', '35.03']) {
    await db.query('INSERT INTO pemda (code, name) SELECT code, name FROM region WHERE code = $1', [code]);
  }
  folder = await mkdtemp(join(tmpdir(), 'asuh-import-'));
});

afterAll(async () => {
  await db.close();
  await rm(folder, { recursive: true, force: true });
});

beforeEach(async () => {
  await db.exec('DELETE FROM pemda_worker; DELETE FROM worker; DELETE FROM asn; DELETE FROM opd;');
});

async function file(name: string, content: string | Buffer): Promise<string> {
  const path = join(folder, name);
  await writeFile(path, content);
  return path;
}

const csv = (header: string, rows: string[]) => `${[header, ...rows].join('\n')}\n`;

async function count(table: string): Promise<number> {
  const [row] = await db.query<{ n: number }>(`SELECT count(*) AS n FROM ${table}`);
  return row!.n;
}

async function registrySnapshot() {
  return {
    workers: await db.query('SELECT * FROM worker ORDER BY nik'),
    links: await db.query('SELECT pemda_code, nik FROM pemda_worker ORDER BY pemda_code, nik'),
    asn: await db.query('SELECT * FROM asn ORDER BY nip'),
    opds: await db.query('SELECT id, pemda_code, name, name_key FROM opd ORDER BY id'),
  };
}

async function readCsv(path: string): Promise<{ bom: boolean; rows: Record<string, string>[] }> {
  const text = await readFile(path, 'utf8');
  return { bom: text.startsWith('\uFEFF'), rows: parse(text, { bom: true, columns: true }) };
}

/** A file with good rows, a rejected one, a NIK-mismatch warning and an in-file duplicate. */
const mixedWorkers = [
  `${SITI},Siti Aminah,1990-01-01,P,Petani,Pertanian,35.02.01.2001,081234567890,2`,
  `${BUDI},Budi Santoso,31/12/1985,L,Buruh bangunan,Konstruksi,35.02.01.2002,,`,
  `${WATI},Wati,1992-03-04,P,Pedagang,Perdagangan,35.03.01.2001,,11`,
  `${JOKO},Joko Susilo,1988-07-09,L,Ojek,Transportasi,35.02.01.2003,+62 812 1111 2222,`,
  `${BUDI},Budi S.,31/12/1985,L,Buruh,Konstruksi,35.02.01.2002,,`,
];

describe('importing the worker registry', () => {
  it('lands the valid rows and reports every rejected and warned row with its column, in both languages', async () => {
    const path = await file('pekerja.csv', csv(WORKER_HEADER, mixedWorkers));
    const errorFile = join(folder, 'pekerja.errors.csv');
    const summary = await importFile(db, path, {
      kind: 'workers',
      pemdaCode: '35.02',
      actor: null,
      errorFile,
    });
    expect(summary).toEqual({
      importId: expect.any(String),
      read: 5,
      inserted: 3,
      updated: 0,
      unchanged: 0,
      rejected: 2,
      warned: 1,
      linked: 0,
      deactivated: 0,
      errorFile,
    });
    expect(
      await db.query(
        'SELECT nik, name, birth_date, sex, village_code, phone, welfare_decile FROM worker ORDER BY nik',
      ),
    ).toEqual([
      {
        nik: JOKO,
        name: 'Joko Susilo',
        // The column, not the NIK's 1988-07-08: NIKs are never reissued when a date is corrected.
        birth_date: '1988-07-09',
        sex: 'male',
        village_code: '35.02.01.2003',
        phone: '6281211112222',
        welfare_decile: null,
      },
      {
        nik: BUDI,
        name: 'Budi Santoso',
        birth_date: '1985-12-31',
        sex: 'male',
        village_code: '35.02.01.2002',
        phone: null,
        welfare_decile: null,
      },
      {
        nik: SITI,
        name: 'Siti Aminah',
        birth_date: '1990-01-01',
        sex: 'female',
        village_code: '35.02.01.2001',
        phone: '081234567890',
        welfare_decile: 2,
      },
    ]);
    expect(await db.query('SELECT pemda_code, nik FROM pemda_worker ORDER BY nik')).toEqual(
      [JOKO, BUDI, SITI].map((value) => ({ pemda_code: '35.02', nik: value })),
    );

    const { bom, rows } = await readCsv(errorFile);
    expect(bom).toBe(true);
    expect(rows).toEqual([
      {
        baris: '4',
        kolom: 'kode_desa',
        nilai: '35.03.01.2001',
        tingkat: 'ditolak',
        kode: 'VILLAGE_OUTSIDE_PEMDA',
        pesan: 'Desa/kelurahan 35.03.01.2001 berada di luar wilayah Pemda 35.02.',
        message: 'Village 35.03.01.2001 lies outside the Pemda 35.02.',
      },
      {
        baris: '4',
        kolom: 'desil',
        nilai: '11',
        tingkat: 'ditolak',
        kode: 'DECILE_INVALID',
        pesan: 'Desil kesejahteraan harus angka bulat 1–10, atau dikosongkan.',
        message: 'The welfare decile is a whole number 1–10, or empty.',
      },
      {
        baris: '5',
        kolom: 'nik',
        nilai: JOKO,
        tingkat: 'peringatan',
        kode: 'NIK_BIRTH_DATE_MISMATCH',
        pesan: 'Tanggal lahir dalam NIK (1988-07-08) berbeda dari yang tercatat (1988-07-09).',
        message: 'The birth date in the NIK (1988-07-08) differs from the recorded one (1988-07-09).',
      },
      {
        baris: '6',
        kolom: 'nik',
        nilai: BUDI,
        tingkat: 'ditolak',
        kode: 'DUPLICATE_IN_FILE',
        pesan: 'NIK ini sudah ada di baris 3; hanya baris pertama yang diimpor.',
        message: 'This NIK already appears in row 3; only the first row is imported.',
      },
    ]);
  });

  it('changes nothing when the same file is imported again', async () => {
    const path = await file('ulang.csv', csv(WORKER_HEADER, mixedWorkers));
    await importFile(db, path, { kind: 'workers', pemdaCode: '35.02', actor: null });
    const before = await registrySnapshot();
    const again = await importFile(db, path, { kind: 'workers', pemdaCode: '35.02', actor: null });
    expect(again).toMatchObject({ read: 5, inserted: 0, updated: 0, unchanged: 3, rejected: 2, warned: 1 });
    expect(await registrySnapshot()).toEqual(before);
  });

  it('counts a changed column as an update and touches only that record', async () => {
    const path = await file('awal.csv', csv(WORKER_HEADER, mixedWorkers.slice(0, 2)));
    await importFile(db, path, { kind: 'workers', pemdaCode: '35.02', actor: null });
    const [budiBefore] = await db.query<{ updated_at: string }>(
      'SELECT updated_at::text FROM worker WHERE nik = $1',
      [BUDI],
    );
    const changed = await file(
      'ubah.csv',
      csv(WORKER_HEADER, [mixedWorkers[0]!.replace('Petani', 'Buruh tani'), mixedWorkers[1]!]),
    );
    const summary = await importFile(db, changed, { kind: 'workers', pemdaCode: '35.02', actor: null });
    expect(summary).toMatchObject({ read: 2, inserted: 0, updated: 1, unchanged: 1 });
    const [budiAfter] = await db.query<{ updated_at: string }>(
      'SELECT updated_at::text FROM worker WHERE nik = $1',
      [BUDI],
    );
    expect(budiAfter).toEqual(budiBefore);
    const [siti] = await db.query('SELECT occupation FROM worker WHERE nik = $1', [SITI]);
    expect(siti).toEqual({ occupation: 'Buruh tani' });
  });

  it('reads a semicolon-separated CSV with a byte-order mark, as Excel saves it in Indonesia', async () => {
    const rows = [
      `${SITI};Siti Aminah;01/01/1990;P;Petani;Pertanian;35.02.01.2001;0812-3456-7890;2`,
      `${BUDI};"Budi; Santoso";31/12/1985;L;;;35.02.01.2002;;`,
    ];
    const path = await file(
      'excel.csv',
      `\uFEFF${WORKER_HEADER.replaceAll(',', ';')}\r\n${rows.join('\r\n')}\r\n`,
    );
    const summary = await importFile(db, path, { kind: 'workers', pemdaCode: '35.02', actor: null });
    expect(summary).toMatchObject({ read: 2, inserted: 2, rejected: 0 });
    expect(await db.query('SELECT nik, name, phone FROM worker ORDER BY nik')).toEqual([
      { nik: BUDI, name: 'Budi; Santoso', phone: null },
      { nik: SITI, name: 'Siti Aminah', phone: '081234567890' },
    ]);
  });

  it('reads an XLSX workbook, date cells included, and ignores extra columns', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Pekerja');
    sheet.addRow([...WORKER_HEADER.split(','), 'keterangan']);
    sheet.addRow([
      SITI,
      'Siti Aminah',
      new Date(Date.UTC(1990, 0, 1)),
      'P',
      'Petani',
      'Pertanian',
      '35.02.01.2001',
      81234567890,
      2,
      'kader',
    ]);
    sheet.addRow([BUDI, 'Budi Santoso', '31/12/1985', 'L', null, null, '35.02.01.2002', null, null, null]);
    const path = join(folder, 'pekerja.xlsx');
    await workbook.xlsx.writeFile(path);

    const summary = await importFile(db, path, { kind: 'workers', pemdaCode: '35.02', actor: null });
    expect(summary).toMatchObject({ read: 2, inserted: 2, rejected: 0, warned: 0 });
    expect(await db.query('SELECT nik, birth_date, phone, welfare_decile FROM worker ORDER BY nik')).toEqual([
      { nik: BUDI, birth_date: '1985-12-31', phone: null, welfare_decile: null },
      { nik: SITI, birth_date: '1990-01-01', phone: '081234567890', welfare_decile: 2 },
    ]);
  });

  it('validates and counts on a dry run, and writes nothing to the registry', async () => {
    const path = await file('uji.csv', csv(WORKER_HEADER, mixedWorkers));
    const audits = await count('audit_log');
    const dry = await importFile(db, path, {
      kind: 'workers',
      pemdaCode: '35.02',
      actor: null,
      dryRun: true,
    });
    expect(await count('worker')).toBe(0);
    expect(await count('pemda_worker')).toBe(0);
    expect(await count('audit_log')).toBe(audits);
    const real = await importFile(db, path, { kind: 'workers', pemdaCode: '35.02', actor: null });
    const { importId: _dry, ...dryCounts } = dry;
    const { importId: _real, ...realCounts } = real;
    expect(dryCounts).toEqual(realCounts);
    expect(await count('worker')).toBe(3);
  });

  it('does not take or change a person another Pemda holds: the row is rejected and a transfer is asked', async () => {
    const first = await file('ponorogo.csv', csv(WORKER_HEADER, mixedWorkers.slice(0, 2)));
    await importFile(db, first, { kind: 'workers', pemdaCode: '35.02', actor: null });
    const before = await db.query('SELECT name, village_code, phone FROM worker WHERE nik = $1', [SITI]);
    const second = await file(
      'trenggalek.csv',
      csv(WORKER_HEADER, [`${SITI},Siti Aminah,1990-01-01,P,Petani,Pertanian,35.03.01.2002,081234567890,2`]),
    );
    const dry = await importFile(db, second, {
      kind: 'workers',
      pemdaCode: '35.03',
      actor: null,
      dryRun: true,
    });
    expect(dry).toMatchObject({ read: 1, inserted: 0, updated: 0, rejected: 1, linked: 0 });
    expect(await count('worker_transfer_request')).toBe(0);

    const summary = await importFile(db, second, { kind: 'workers', pemdaCode: '35.03', actor: null });
    expect(summary).toMatchObject({ read: 1, inserted: 0, updated: 0, unchanged: 0, rejected: 1, linked: 0 });
    expect(await count('worker')).toBe(2);
    expect(
      await db.query('SELECT pemda_code FROM pemda_worker WHERE nik = $1 ORDER BY pemda_code', [SITI]),
    ).toEqual([{ pemda_code: '35.02' }]);
    expect(await db.query('SELECT name, village_code, phone FROM worker WHERE nik = $1', [SITI])).toEqual(
      before,
    );
    expect(
      await db.query(`SELECT row_number, code, severity, message_en FROM import_issue WHERE import_id = $1`, [
        summary.importId,
      ]),
    ).toEqual([
      {
        row_number: 2,
        code: 'WORKER_HELD_ELSEWHERE',
        severity: 'rejected',
        message_en:
          'This NIK cannot be added as a new worker of your Pemda; a transfer request was recorded. Once it is accepted, the worker joins your registry.',
      },
    ]);
    expect(await db.query('SELECT nik, to_pemda_code, name, status FROM worker_transfer_request')).toEqual([
      { nik: SITI, to_pemda_code: '35.03', name: 'Siti Aminah', status: 'pending' },
    ]);
    const again = await importFile(db, second, { kind: 'workers', pemdaCode: '35.03', actor: null });
    expect(again).toMatchObject({ rejected: 1, linked: 0 });
    expect(await count('worker_transfer_request')).toBe(1);
  });

  it('records one audit entry per import, with its counters', async () => {
    const path = await file('audit.csv', csv(WORKER_HEADER, mixedWorkers));
    const actor: Actor = {
      userId: 7,
      username: 'admin.ponorogo',
      displayName: 'Admin',
      role: 'pemda_admin',
      pemdaCode: '35.02',
    };
    const summary = await importFile(db, path, {
      kind: 'workers',
      pemdaCode: '35.02',
      actor,
      ip: '10.0.0.9',
    });
    const entries = await db.query(
      `SELECT username, role, action, entity_type, pemda_code, ip, details FROM audit_log WHERE entity_id = $1`,
      [summary.importId],
    );
    expect(entries).toEqual([
      {
        username: 'admin.ponorogo',
        role: 'pemda_admin',
        action: 'import.workers',
        entity_type: 'import_job',
        pemda_code: '35.02',
        ip: '10.0.0.9',
        details: expect.objectContaining({
          read: 5,
          inserted: 3,
          rejected: 2,
          warned: 1,
          fileName: 'audit.csv',
        }),
      },
    ]);
  });

  it('loads rows handed over directly, as the demo generator does', async () => {
    const rows = [
      {
        nik: SITI,
        nama: 'Siti',
        tanggal_lahir: '1990-01-01',
        jenis_kelamin: 'P',
        kode_desa: '35.02.01.2001',
      },
      { nik: BUDI, nama: '', tanggal_lahir: '1985-12-31', jenis_kelamin: 'L', kode_desa: '35.02.01.2001' },
    ];
    const summary = await importRows(db, rows, { kind: 'workers', pemdaCode: '35.02', actor: null });
    expect(summary).toMatchObject({ read: 2, inserted: 1, rejected: 1 });
    const errors = join(folder, 'rows.errors.csv');
    await writeErrorFile(db, summary.importId, errors, 'csv');
    expect((await readCsv(errors)).rows.map((row) => [row.baris, row.kolom, row.kode])).toEqual([
      ['3', 'nama', 'REQUIRED'],
    ]);
  });

  it('writes the error file as XLSX too', async () => {
    const path = await file('xlsx-errors.csv', csv(WORKER_HEADER, mixedWorkers));
    const errorFile = join(folder, 'kesalahan.xlsx');
    await importFile(db, path, { kind: 'workers', pemdaCode: '35.02', actor: null, errorFile });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(errorFile);
    const rows = workbook.worksheets[0]!.getSheetValues().filter(Boolean) as unknown[][];
    expect(rows[0]!.slice(1)).toEqual(['baris', 'kolom', 'nilai', 'tingkat', 'kode', 'pesan', 'message']);
    expect(rows.slice(1).map((row) => [row[1], row[2], row[4], row[5]])).toEqual([
      [4, 'kode_desa', 'ditolak', 'VILLAGE_OUTSIDE_PEMDA'],
      [4, 'desil', 'ditolak', 'DECILE_INVALID'],
      [5, 'nik', 'peringatan', 'NIK_BIRTH_DATE_MISMATCH'],
      [6, 'nik', 'ditolak', 'DUPLICATE_IN_FILE'],
    ]);
  });
});

const ASN_A = nip('1975-04-12', 1);
const ASN_B = nip('1980-05-17', 2);
const ASN_C = nip('1990-11-30', 3);

const roster = [
  `${ASN_A},Drs. Agus Salim,Dinas Kesehatan,PNS,IV/a,II.b,5.200.000,35.02.01.2001`,
  `${ASN_B},Sri Wahyuni,dinas  kesehatan,PPPK,IX,,3.100.000,`,
  `${ASN_C},Rina Puspita,Badan Keuangan Daerah,Non ASN,,-,2500000,35.02.01.2004`,
];

describe('importing the ASN roster', () => {
  it('upserts by NIP and creates the OPDs it names, matched whatever their spacing and case', async () => {
    const path = await file('roster.csv', csv(ASN_HEADER, roster));
    const summary = await importFile(db, path, { kind: 'asn', pemdaCode: '35.02', actor: null });
    expect(summary).toMatchObject({ read: 3, inserted: 3, updated: 0, unchanged: 0, rejected: 0 });
    expect(await db.query('SELECT name, name_key FROM opd ORDER BY name_key')).toEqual([
      { name: 'Badan Keuangan Daerah', name_key: 'badan keuangan daerah' },
      { name: 'Dinas Kesehatan', name_key: 'dinas kesehatan' },
    ]);
    expect(
      await db.query(
        `SELECT a.nip, a.employment_type, a.rank, a.echelon, a.base_salary, a.village_code, o.name AS opd
           FROM asn a JOIN opd o ON o.id = a.opd_id ORDER BY a.nip`,
      ),
    ).toEqual([
      {
        nip: ASN_A,
        employment_type: 'PNS',
        rank: 'IV/a',
        echelon: 'II',
        base_salary: 5_200_000,
        village_code: '35.02.01.2001',
        opd: 'Dinas Kesehatan',
      },
      {
        nip: ASN_B,
        employment_type: 'PPPK',
        rank: 'IX',
        echelon: null,
        base_salary: 3_100_000,
        village_code: null,
        opd: 'Dinas Kesehatan',
      },
      {
        nip: ASN_C,
        employment_type: 'NON_ASN',
        rank: null,
        echelon: null,
        base_salary: 2_500_000,
        village_code: '35.02.01.2004',
        opd: 'Badan Keuangan Daerah',
      },
    ]);
    const again = await importFile(db, path, { kind: 'asn', pemdaCode: '35.02', actor: null });
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 3 });
  });

  it('with --full marks the ASN missing from the roster inactive, never deletes them, and brings them back', async () => {
    await importFile(db, await file('lengkap.csv', csv(ASN_HEADER, roster)), {
      kind: 'asn',
      pemdaCode: '35.02',
      actor: null,
    });
    const withoutC = await file('tanpa-c.csv', csv(ASN_HEADER, roster.slice(0, 2)));
    const dry = await importFile(db, withoutC, {
      kind: 'asn',
      pemdaCode: '35.02',
      actor: null,
      full: true,
      dryRun: true,
    });
    expect(dry).toMatchObject({ unchanged: 2, deactivated: 1 });
    expect(await db.query('SELECT count(*) AS n FROM asn WHERE active')).toEqual([{ n: 3 }]);

    const full = await importFile(db, withoutC, { kind: 'asn', pemdaCode: '35.02', actor: null, full: true });
    expect(full).toMatchObject({ read: 2, unchanged: 2, deactivated: 1 });
    const [retired] = await db.query<{ active: boolean; retired: boolean }>(
      'SELECT active, inactive_since IS NOT NULL AS retired FROM asn WHERE nip = $1',
      [ASN_C],
    );
    expect(retired).toEqual({ active: false, retired: true });
    expect(await count('asn')).toBe(3);

    const rerun = await importFile(db, withoutC, {
      kind: 'asn',
      pemdaCode: '35.02',
      actor: null,
      full: true,
    });
    expect(rerun).toMatchObject({ unchanged: 2, deactivated: 0 });

    const back = await importFile(db, await file('kembali.csv', csv(ASN_HEADER, roster)), {
      kind: 'asn',
      pemdaCode: '35.02',
      actor: null,
    });
    expect(back).toMatchObject({ unchanged: 2, updated: 1 });
    expect(await db.query('SELECT active, inactive_since FROM asn WHERE nip = $1', [ASN_C])).toEqual([
      { active: true, inactive_since: null },
    ]);
  });

  it('with --full keeps an ASN whose row was refused for a typo', async () => {
    await importFile(db, await file('semua.csv', csv(ASN_HEADER, roster)), {
      kind: 'asn',
      pemdaCode: '35.02',
      actor: null,
    });
    const typo = [...roster.slice(0, 2), roster[2]!.replace('2500000', 'dua juta')];
    const summary = await importFile(db, await file('typo.csv', csv(ASN_HEADER, typo)), {
      kind: 'asn',
      pemdaCode: '35.02',
      actor: null,
      full: true,
    });
    expect(summary).toMatchObject({ rejected: 1, deactivated: 0 });
    expect(await db.query('SELECT count(*) AS n FROM asn WHERE active')).toEqual([{ n: 3 }]);
  });

  it('refuses a NIP that another Pemda holds as active staff', async () => {
    await importFile(db, await file('ponorogo-asn.csv', csv(ASN_HEADER, roster.slice(0, 1))), {
      kind: 'asn',
      pemdaCode: '35.02',
      actor: null,
    });
    const errorFile = join(folder, 'trenggalek-asn.errors.csv');
    const summary = await importFile(
      db,
      await file(
        'trenggalek-asn.csv',
        csv(ASN_HEADER, [`${ASN_A},Agus Salim,Dinas Kesehatan,PNS,IV/a,,5200000,`]),
      ),
      { kind: 'asn', pemdaCode: '35.03', actor: null, errorFile },
    );
    expect(summary).toMatchObject({ read: 1, inserted: 0, rejected: 1 });
    expect((await readCsv(errorFile)).rows).toEqual([
      expect.objectContaining({ baris: '2', kolom: 'nip', kode: 'NIP_OTHER_PEMDA' }),
    ]);
    expect(await db.query('SELECT pemda_code FROM asn WHERE nip = $1', [ASN_A])).toEqual([
      { pemda_code: '35.02' },
    ]);
  });

  it('rejects duplicate NIPs after the first, naming the first row', async () => {
    const errorFile = join(folder, 'ganda.errors.csv');
    const summary = await importFile(
      db,
      await file(
        'ganda.csv',
        csv(ASN_HEADER, [roster[0]!, roster[1]!, roster[0]!.replace('Agus', 'Agus S.')]),
      ),
      { kind: 'asn', pemdaCode: '35.02', actor: null, errorFile },
    );
    expect(summary).toMatchObject({ read: 3, inserted: 2, rejected: 1 });
    expect((await readCsv(errorFile)).rows.map((row) => [row.baris, row.kode, row.message])).toEqual([
      ['4', 'DUPLICATE_IN_FILE', 'This NIP already appears in row 2; only the first row is imported.'],
    ]);
    expect(await db.query('SELECT name FROM asn WHERE nip = $1', [ASN_A])).toEqual([
      { name: 'Drs. Agus Salim' },
    ]);
  });
});

describe('the example files in docs/formats', () => {
  it('import for Kabupaten Ponorogo as documented', async () => {
    const docs = new URL('../../docs/formats/', import.meta.url);
    const asn = await importFile(db, new URL('contoh-asn.csv', docs).pathname, {
      kind: 'asn',
      pemdaCode: '35.02',
      actor: null,
    });
    expect(asn).toMatchObject({ read: 8, inserted: 8, rejected: 0, warned: 0 });
    const errorFile = join(folder, 'contoh-pekerja.errors.csv');
    const workers = await importFile(db, new URL('contoh-pekerja.csv', docs).pathname, {
      kind: 'workers',
      pemdaCode: '35.02',
      actor: null,
      errorFile,
    });
    expect(workers).toMatchObject({ read: 8, inserted: 8, rejected: 0, warned: 1 });
    expect((await readCsv(errorFile)).rows.map((row) => [row.baris, row.kode])).toEqual([
      ['8', 'NIK_BIRTH_DATE_MISMATCH'],
    ]);
  });
});

describe('files refused as a whole', () => {
  const refusals: [string, () => Promise<string>, string, RegExp][] = [
    ['a PDF', () => file('surat.csv', Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n')), 'FILE_TYPE', /PDF/],
    [
      'a legacy Excel .xls',
      () => file('lama.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0])),
      'FILE_TYPE',
      /\.xls/,
    ],
    [
      'a binary file',
      () => file('gambar.csv', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1])),
      'FILE_TYPE',
      /biner/,
    ],
    ['an empty file', () => file('kosong.csv', ''), 'FILE_EMPTY', /kosong/],
    [
      'a quote left open on the last row, after rows already read',
      () =>
        file(
          'kutip.csv',
          csv(WORKER_HEADER, [
            ...Array.from({ length: 2000 }, () => mixedWorkers[0]!),
            `"${mixedWorkers[1]}`,
          ]),
        ),
      'CSV_MALFORMED',
      /mulai baris 2002: ada tanda kutip \("\) yang tidak ditutup/,
    ],
    ['a header without rows', () => file('judul.csv', `${WORKER_HEADER}\n\n`), 'FILE_NO_ROWS', /judul kolom/],
    [
      'the wrong columns',
      () => file('salah.csv', `nik,name,birth_date\n${SITI},Siti,1990-01-01\n`),
      'IMPORT_COLUMNS_MISSING',
      /Kolom wajib tidak ada: nama, tanggal_lahir, jenis_kelamin, pekerjaan, sektor, kode_desa, no_hp, desil\. Kolom yang ditemukan: "nik", "name", "birth_date"/,
    ],
    [
      'an XLSX bomb',
      async () =>
        file(
          'bom.xlsx',
          zip([
            { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
            { name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') },
            { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(64 * 1024 * 1024) },
          ]),
        ),
      'XLSX_BOMB',
      /membengkak/,
    ],
    [
      'a zip that is no workbook',
      async () => file('arsip.xlsx', zip([{ name: 'foto.txt', data: Buffer.from('halo') }])),
      'FILE_TYPE',
      /bukan buku kerja Excel/,
    ],
  ];

  for (const [what, make, code, text] of refusals) {
    it(`refuses ${what} and writes nothing`, async () => {
      const path = await make();
      const jobs = await count('import_job');
      const error = await importFile(db, path, { kind: 'workers', pemdaCode: '35.02', actor: null }).catch(
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).kind).toBe('invalid');
      expect((error as AppError).problem.code).toBe(code);
      expect((error as AppError).problem.message.id).toMatch(text);
      expect((error as AppError).problem.message.en).not.toBe((error as AppError).problem.message.id);
      expect(await count('worker')).toBe(0);
      expect(await count('import_job')).toBe(jobs);
    });
  }

  it('refuses a file over the size limit', async () => {
    const path = await file('besar.csv', csv(WORKER_HEADER, mixedWorkers));
    await expect(
      importFile(db, path, { kind: 'workers', pemdaCode: '35.02', actor: null, maxBytes: 100 }),
    ).rejects.toMatchObject({
      problem: {
        code: 'FILE_TOO_LARGE',
        message: {
          en: expect.stringMatching(/^The file is \d+ B, over the limit of 100 B \(ASUH_IMPORT_MAX_BYTES\)/),
        },
      },
    });
    expect(await count('worker')).toBe(0);
  });

  it('refuses a Pemda that is not onboarded, saying how to onboard it', async () => {
    const path = await file('pemda.csv', csv(WORKER_HEADER, mixedWorkers));
    await expect(
      importFile(db, path, { kind: 'workers', pemdaCode: '35.04', actor: null }),
    ).rejects.toMatchObject({
      kind: 'invalid',
      problem: {
        code: 'PEMDA_NOT_FOUND',
        message: { id: expect.stringContaining('asuh pemda create 35.04') },
      },
    });
  });
});

describe('crashes', () => {
  it('leaves the registry as it was when the merge fails half-way, and a rerun completes it exactly', async () => {
    const path = await file('crash.csv', csv(WORKER_HEADER, mixedWorkers));
    // The worker rows are written first; the links fail after them, inside the same transaction.
    await db.exec(`
      CREATE FUNCTION simulated_crash() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'simulated crash in the middle of the merge'; END $$;
      CREATE TRIGGER simulated_crash BEFORE INSERT ON pemda_worker FOR EACH ROW EXECUTE FUNCTION simulated_crash();
    `);
    let failedId: string | undefined;
    try {
      await expect(
        importFile(db, path, {
          kind: 'workers',
          pemdaCode: '35.02',
          actor: null,
          onProgress: () => {},
        }),
      ).rejects.toThrow(/simulated crash/);
      const [job] = await db.query<{ id: string; status: string; error_code: string }>(
        `SELECT id, status, error_code FROM import_job WHERE file_name = 'crash.csv'`,
      );
      failedId = job?.id;
      expect(job).toMatchObject({ status: 'failed', error_code: 'IMPORT_FAILED' });
    } finally {
      await db.exec('DROP TRIGGER simulated_crash ON pemda_worker; DROP FUNCTION simulated_crash();');
    }
    expect(await count('worker')).toBe(0);
    expect(await count('import_worker_row')).toBe(0);
    expect(await db.query('SELECT count(*) AS n FROM audit_log WHERE entity_id = $1', [failedId])).toEqual([
      { n: 0 },
    ]);

    const rerun = await importFile(db, path, { kind: 'workers', pemdaCode: '35.02', actor: null });
    expect(rerun).toMatchObject({ read: 5, inserted: 3, updated: 0, unchanged: 0, rejected: 2, warned: 1 });
    expect(await count('worker')).toBe(3);
    expect(await count('pemda_worker')).toBe(3);
  });

  it('stops between batches when asked, as a killed process would, and merges nothing', async () => {
    const stop = new AbortController();
    function* rows() {
      yield {
        nik: SITI,
        nama: 'Siti',
        tanggal_lahir: '1990-01-01',
        jenis_kelamin: 'P',
        kode_desa: '35.02.01.2001',
      };
      stop.abort();
      yield {
        nik: BUDI,
        nama: 'Budi',
        tanggal_lahir: '1985-12-31',
        jenis_kelamin: 'L',
        kode_desa: '35.02.01.2001',
      };
    }
    await expect(
      importRows(db, rows(), { kind: 'workers', pemdaCode: '35.02', actor: null, signal: stop.signal }),
    ).rejects.toThrow();
    expect(await count('worker')).toBe(0);
    expect(await count('import_worker_row')).toBe(0);
    expect(
      await db.query(`SELECT status, error_code FROM import_job ORDER BY created_at DESC LIMIT 1`),
    ).toEqual([{ status: 'failed', error_code: 'IMPORT_INTERRUPTED' }]);
  });

  it('clears the staging rows and fails the jobs a dead process left behind', async () => {
    const id = '00000000-0000-4000-8000-000000000001';
    await db.query(
      `INSERT INTO import_job (id, kind, pemda_code, status, created_at)
       VALUES ($1, 'workers', '35.02', 'running', now() - interval '1 hour')`,
      [id],
    );
    await db.query(
      `INSERT INTO import_worker_row (import_id, row_number, nik, name, birth_date, sex, village_code, warned)
       VALUES ($1, 2, $2, 'Siti', '1990-01-01', 'female', '35.02.01.2001', false)`,
      [id, SITI],
    );
    await importFile(db, await file('sesudah.csv', csv(WORKER_HEADER, mixedWorkers.slice(0, 1))), {
      kind: 'workers',
      pemdaCode: '35.02',
      actor: null,
    });
    expect(await db.query('SELECT status, error_code FROM import_job WHERE id = $1', [id])).toEqual([
      { status: 'failed', error_code: 'IMPORT_INTERRUPTED' },
    ]);
    expect(await count('import_worker_row')).toBe(0);
  });
});

describe('asuh import', () => {
  it('prints the summary as one JSON object and exits 0 though rows were rejected', async () => {
    const path = await file('cli.csv', csv(WORKER_HEADER, mixedWorkers));
    const run = await runCli(['import', 'workers', path, '--pemda', '35.02', '--json'], db);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      read: 5,
      inserted: 3,
      updated: 0,
      unchanged: 0,
      rejected: 2,
      warned: 1,
      errorFile: join(folder, 'cli.errors.csv'),
      linked: 0,
      deactivated: 0,
      importId: expect.any(String),
      dryRun: false,
    });
    expect(Object.keys(JSON.parse(run.stdout)).slice(0, 7)).toEqual([
      'read',
      'inserted',
      'updated',
      'unchanged',
      'rejected',
      'warned',
      'errorFile',
    ]);
    expect((await readCsv(join(folder, 'cli.errors.csv'))).rows).toHaveLength(4);
  });

  it('writes no error file when every row is clean, and says so with null', async () => {
    const path = await file('bersih.csv', csv(WORKER_HEADER, mixedWorkers.slice(0, 2)));
    const errorFile = join(folder, 'bersih.xlsx');
    const run = await runCli(
      ['import', 'workers', path, '--pemda', '35.02', '--json', '--dry-run', '--error-file', errorFile],
      db,
    );
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ read: 2, inserted: 2, errorFile: null, dryRun: true });
    expect(await count('worker')).toBe(0);
  });

  it('imports a roster with --full and says what it did, in Bahasa Indonesia', async () => {
    const path = await file('cli-roster.csv', csv(ASN_HEADER, roster));
    const run = await runCli(['import', 'asn', path, '--pemda', '35.02', '--full'], db);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      'roster ASN 35.02: selesai\n  dibaca 3 · baru 3 · diperbarui 0 · tidak berubah 0 · ditolak 0 · dengan peringatan 0 · dinonaktifkan 0\n',
    );
  });

  it('draws a progress bar on a terminal', async () => {
    const path = await file('terminal.csv', csv(WORKER_HEADER, mixedWorkers));
    let drawn = '';
    const stderr = Object.assign(
      new Writable({
        write(chunk, _encoding, done) {
          drawn += String(chunk);
          done();
        },
      }),
      { isTTY: true },
    );
    const stdout = new Writable({ write: (_chunk, _encoding, done) => done() });
    const code = await main(['node', 'asuh', 'import', 'workers', path, '--pemda', '35.02'], {
      stdout,
      stderr,
      env: {},
      database: async () => db,
      config: () => loadConfig({}),
      now: () => new Date(),
    });
    expect(code).toBe(0);
    expect(drawn).toMatch(/^\r\[#{24}\] 100% \/ \d+ B {2}5 baris {2}[\d.]+ baris\/dtk/);
    // Each redraw clears what a longer earlier line left on the right.
    expect(drawn).toContain('\u001b[K');
    expect(drawn.endsWith('\n')).toBe(true);
  });

  it('exits 2 when the file is refused or an argument is bad', async () => {
    const pdf = await file('cli.pdf', Buffer.from('%PDF-1.4\n'));
    const refused = await runCli(['import', 'workers', pdf, '--pemda', '35.02', '--json'], db, {
      ASUH_LANG: 'en',
    });
    expect(refused.code).toBe(2);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toMatch(/This file is not CSV or XLSX \(it reads as a PDF\).*\[FILE_TYPE\]/);

    const path = await file('cli-args.csv', csv(WORKER_HEADER, mixedWorkers));
    expect((await runCli(['import', 'workers', path], db)).code).toBe(2);
    expect((await runCli(['import', 'workers', path, '--pemda', '35.02', '--full'], db)).code).toBe(2);
    expect((await runCli(['import', 'workers', path, '--pemda', '35.04'], db)).code).toBe(2);
    expect(
      (await runCli(['import', 'workers', join(folder, 'tidak-ada.csv'), '--pemda', '35.02'], db)).code,
    ).toBe(2);
    expect(await count('worker')).toBe(0);
  });
});

describe('imports over the API', () => {
  let app: FastifyInstance;
  const actors: Record<string, Actor> = {
    ponorogo: {
      userId: 1,
      username: 'admin.ponorogo',
      displayName: 'Admin Ponorogo',
      role: 'pemda_admin',
      pemdaCode: '35.02',
    },
    trenggalek: {
      userId: 2,
      username: 'admin.trenggalek',
      displayName: 'Admin Trenggalek',
      role: 'pemda_admin',
      pemdaCode: '35.03',
    },
    monitor: { userId: 3, username: 'pemantau', displayName: 'Pemantau', role: 'national' },
  };

  beforeAll(async () => {
    app = await buildApp({
      db,
      webDir: null,
      actorOverride: (request) => actors[String(request.headers['x-test-actor'])] ?? null,
      imports: { uploadsDir: join(folder, 'uploads'), maxBytes: 64 * 1024 },
    });
  });

  afterAll(async () => {
    await app.close();
  });

  async function upload(
    who: string | null,
    fields: Record<string, string>,
    content: string | Buffer,
    fileName = 'pekerja.csv',
  ) {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    form.append(
      'file',
      new Blob([typeof content === 'string' ? content : new Uint8Array(content)]),
      fileName,
    );
    const encoded = new Response(form);
    return app.inject({
      method: 'POST',
      url: '/api/v1/imports',
      headers: {
        'content-type': encoded.headers.get('content-type')!,
        'accept-language': 'en',
        ...(who ? { 'x-test-actor': who } : {}),
      },
      payload: Buffer.from(await encoded.arrayBuffer()),
    });
  }

  async function settled(id: string, who = 'ponorogo') {
    for (let attempt = 0; attempt < 400; attempt += 1) {
      const response = await app.inject({ url: `/api/v1/imports/${id}`, headers: { 'x-test-actor': who } });
      const job = response.json();
      if (job.status === 'completed' || job.status === 'failed') return job;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`import ${id} did not finish`);
  }

  it('accepts an upload from the Pemda admin, runs it, and serves the summary and error files', async () => {
    const accepted = await upload(
      'ponorogo',
      { kind: 'workers', pemda: '35.02' },
      csv(WORKER_HEADER, mixedWorkers),
    );
    expect(accepted.statusCode).toBe(202);
    const { id, status } = accepted.json();
    expect(status).toBe('queued');

    const job = await settled(id);
    expect(job).toEqual({
      id,
      kind: 'workers',
      pemdaCode: '35.02',
      fileName: 'pekerja.csv',
      status: 'completed',
      dryRun: false,
      progress: { rowsRead: 5, bytesRead: expect.any(Number), totalBytes: expect.any(Number), percent: 100 },
      summary: {
        read: 5,
        inserted: 3,
        updated: 0,
        unchanged: 0,
        rejected: 2,
        warned: 1,
        linked: 0,
        deactivated: 0,
      },
      error: null,
      errorFileUrls: { csv: `/api/v1/imports/${id}/errors.csv`, xlsx: `/api/v1/imports/${id}/errors.xlsx` },
      createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      finishedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
    });
    expect(job.progress.bytesRead).toBe(job.progress.totalBytes);
    expect(await count('worker')).toBe(3);

    const csvFile = await app.inject({ url: job.errorFileUrls.csv, headers: { 'x-test-actor': 'ponorogo' } });
    expect(csvFile.statusCode).toBe(200);
    expect(csvFile.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csvFile.headers['content-disposition']).toMatch(/^attachment; filename=".*\.csv"$/);
    const rows = parse(csvFile.body, { bom: true, columns: true }) as Record<string, string>[];
    expect(rows.map((row) => [row.baris, row.kolom, row.tingkat, row.kode])).toEqual([
      ['4', 'kode_desa', 'ditolak', 'VILLAGE_OUTSIDE_PEMDA'],
      ['4', 'desil', 'ditolak', 'DECILE_INVALID'],
      ['5', 'nik', 'peringatan', 'NIK_BIRTH_DATE_MISMATCH'],
      ['6', 'nik', 'ditolak', 'DUPLICATE_IN_FILE'],
    ]);

    const xlsxFile = await app.inject({
      url: job.errorFileUrls.xlsx,
      headers: { 'x-test-actor': 'ponorogo' },
    });
    expect(xlsxFile.statusCode).toBe(200);
    expect(xlsxFile.headers['content-disposition']).toMatch(/\.xlsx"$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsxFile.rawPayload as unknown as ArrayBuffer);
    expect(workbook.worksheets[0]!.rowCount).toBe(5);

    const list = await app.inject({
      url: '/api/v1/imports?pemda=35.02',
      headers: { 'x-test-actor': 'ponorogo' },
    });
    expect(list.json().items.map((item: { id: string }) => item.id)).toContain(id);
  });

  it('runs a dry run with a roster and full, as form fields', async () => {
    const accepted = await upload(
      'ponorogo',
      { kind: 'asn', pemda: '35.02', dryRun: 'true', full: 'on' },
      csv(ASN_HEADER, roster),
      'roster.csv',
    );
    expect(accepted.statusCode).toBe(202);
    const job = await settled(accepted.json().id);
    expect(job).toMatchObject({
      status: 'completed',
      dryRun: true,
      summary: { inserted: 3 },
      errorFileUrls: null,
    });
    expect(await count('asn')).toBe(0);
  });

  it('refuses a file as a whole with a 400 before queuing anything', async () => {
    const jobs = await count('import_job');
    const pdf = await upload('ponorogo', { kind: 'workers', pemda: '35.02' }, Buffer.from('%PDF-1.5\n'));
    expect(pdf.statusCode).toBe(400);
    expect(pdf.json().error.code).toBe('FILE_TYPE');
    const columns = await upload('ponorogo', { kind: 'workers', pemda: '35.02' }, 'nama\nSiti\n');
    expect(columns.statusCode).toBe(400);
    expect(columns.json().error.message).toMatch(/^Required columns are missing: nik, tanggal_lahir/);
    const large = await upload(
      'ponorogo',
      { kind: 'workers', pemda: '35.02' },
      csv(
        WORKER_HEADER,
        Array.from({ length: 2000 }, () => mixedWorkers[0]!),
      ),
    );
    expect(large.statusCode).toBe(400);
    expect(large.json().error).toEqual({
      code: 'FILE_TOO_LARGE',
      message: 'The file is over the limit of 64 KiB (ASUH_IMPORT_MAX_BYTES). Split it into several files.',
    });
    const kind = await upload(
      'ponorogo',
      { kind: 'sponsor', pemda: '35.02' },
      csv(WORKER_HEADER, mixedWorkers),
    );
    expect(kind.statusCode).toBe(400);
    expect(kind.json().error.code).toBe('IMPORT_KIND');
    expect(await count('import_job')).toBe(jobs);
  });

  it('fails, when the server starts again, the uploads it was running when it stopped', async () => {
    const id = '00000000-0000-4000-8000-000000000002';
    await db.query(
      `INSERT INTO import_job (id, kind, pemda_code, file_name, status, runner, started_at)
       VALUES ($1, 'workers', '35.02', 'terputus.csv', 'running', 'api', now())`,
      [id],
    );
    const restarted = await buildApp({
      db,
      webDir: null,
      imports: { uploadsDir: join(folder, 'uploads'), maxBytes: 64 * 1024 },
    });
    await restarted.ready();
    await restarted.close();
    const job = await app.inject({
      url: `/api/v1/imports/${id}`,
      headers: { 'x-test-actor': 'ponorogo', 'accept-language': 'en' },
    });
    expect(job.json()).toMatchObject({
      status: 'failed',
      summary: null,
      errorFileUrls: null,
      error:
        'The import stopped before it finished (the server shut down or the process died); nothing was changed. Upload the file again. [IMPORT_INTERRUPTED]',
    });
  });

  it("lets no one but the Pemda's own admin upload or read its imports", async () => {
    const content = csv(WORKER_HEADER, mixedWorkers.slice(0, 1));
    expect((await upload(null, { kind: 'workers', pemda: '35.02' }, content)).statusCode).toBe(401);
    const other = await upload('trenggalek', { kind: 'workers', pemda: '35.02' }, content);
    expect(other.statusCode).toBe(403);
    expect(other.json().error.code).toBe('FORBIDDEN');
    expect((await upload('monitor', { kind: 'workers', pemda: '35.02' }, content)).statusCode).toBe(403);

    const accepted = await upload('ponorogo', { kind: 'workers', pemda: '35.02' }, content);
    const { id } = accepted.json();
    await settled(id);
    for (const url of [
      `/api/v1/imports/${id}`,
      `/api/v1/imports/${id}/errors.csv`,
      '/api/v1/imports?pemda=35.02',
    ]) {
      expect((await app.inject({ url })).statusCode).toBe(401);
      // Another Pemda's import reads as absent; a monitor may never read imports.
      expect((await app.inject({ url, headers: { 'x-test-actor': 'trenggalek' } })).statusCode).toBe(404);
      expect((await app.inject({ url, headers: { 'x-test-actor': 'monitor' } })).statusCode).toBe(403);
    }
    const missing = await app.inject({
      url: '/api/v1/imports/00000000-0000-4000-8000-00000000beef',
      headers: { 'x-test-actor': 'ponorogo' },
    });
    expect(missing.statusCode).toBe(404);
  });
});
