import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/core/access.ts';
import { formatNik } from '../../src/core/identifiers/nik.ts';
import { formatNip } from '../../src/core/identifiers/nip.ts';
import { PONOROGO_ASN_ORANG_TUA_ASUH } from '../../src/core/programme-policy.ts';
import type { Database } from '../../src/db/database.ts';
import type {
  ArrearsSponsorPage,
  ArrearsWorkerPage,
  OwnArrears,
} from '../../src/features/arrears/arrears-types.ts';
import { buildApp } from '../../src/server/app.ts';
import { runCli } from '../support/cli.ts';
import { openTestDatabase } from '../support/database.ts';
import {
  billMonths,
  payWorkerMonths,
  seedActor,
  seedAsn,
  seedCsrSponsor,
  seedOpd,
  seedPemda,
  seedPolicyProgramme,
  seedSponsor,
  seedSponsorshipsFrom,
  seedWorkers,
} from '../support/fixtures.ts';

/**
 * Two civil servants in two OPDs of Ponorogo pay by payroll deduction for three workers, and a
 * company for one more; January to April 2024 are billed. Some months are paid, some in part,
 * some not at all: the arrears lists must say who owes which months and how much.
 */
let db: Database;
let app: FastifyInstance;
let actor: Actor | null = null;
const actors: Record<string, Actor> = {};
const ids: Record<string, number> = {};

const nip = (serial: number) =>
  formatNip({ birthDate: '1980-05-17', appointmentMonth: '2005-03', sex: 'male', serial });
const nik = (serial: number) =>
  formatNik({ districtCode: '35.02.01', birthDate: '1975-08-09', sex: 'female', serial });
const ASN = { a1: nip(1), a2: nip(2) };
const W = { w1: nik(1), w2: nik(2), w3: nik(3), w4: nik(4) };

async function get<T>(url: string) {
  const response = await app.inject({ method: 'GET', url: `/api/v1${url}` });
  return { status: response.statusCode, body: response.json() as T };
}

beforeAll(async () => {
  db = await openTestDatabase();
  await seedPemda(db, '35.02');
  ids.opdA = await seedOpd(db, '35.02', 'Dinas Pendidikan');
  ids.opdB = await seedOpd(db, '35.02', 'Dinas Kesehatan');
  await seedAsn(db, '35.02', ids.opdA, { nip: ASN.a1, name: 'Budi Santoso' });
  await seedAsn(db, '35.02', ids.opdB, { nip: ASN.a2, name: 'Citra Lestari' });
  await seedWorkers(
    db,
    '35.02',
    Object.entries(W).map(([key, n]) => ({ nik: n, name: `Pekerja ${key.toUpperCase()}` })),
  );
  ids.asnProgramme = await seedPolicyProgramme(db, [PONOROGO_ASN_ORANG_TUA_ASUH]);
  const s1 = await seedSponsor(db, { pemdaCode: '35.02', kind: 'asn', nip: ASN.a1 });
  const s2 = await seedSponsor(db, { pemdaCode: '35.02', kind: 'asn', nip: ASN.a2 });
  const csr = await seedCsrSponsor(db, '35.02');
  ids.csrProgramme = csr.programmeId;
  const asn = (nik: string, sponsorId: number) => ({ nik, sponsorId, programmeId: ids.asnProgramme! });
  await seedSponsorshipsFrom(db, '35.02', '2024-01', [
    asn(W.w1, s1),
    asn(W.w2, s1),
    asn(W.w3, s2),
    { nik: W.w4, ...csr },
  ]);
  await billMonths(db, '35.02', ['2024-01', '2024-02', '2024-03', '2024-04']);
  const month = (worker: string, period: '2024-01' | '2024-02' | '2024-03' | '2024-04', amount = 16_800) => ({
    nik: worker,
    period,
    paidOn: `${period}-10`,
    amount,
  });
  await payWorkerMonths(db, '35.02', [
    month(W.w1, '2024-01'),
    month(W.w1, '2024-02'),
    month(W.w1, '2024-03'),
    month(W.w1, '2024-04'),
    month(W.w2, '2024-01'),
    month(W.w2, '2024-04'),
    month(W.w3, '2024-01'),
    month(W.w3, '2024-02'),
    month(W.w4, '2024-01', 10_000),
    month(W.w4, '2024-02'),
    month(W.w4, '2024-03'),
    month(W.w4, '2024-04'),
  ]);
  actors.admin = await seedActor(db, { username: 'admin.3502', role: 'pemda_admin', pemdaCode: '35.02' });
  actors.national = await seedActor(db, { username: 'nasional', role: 'national' });
  actors.opdHead = await seedActor(db, {
    username: 'kepala.pendidikan',
    role: 'opd_head',
    pemdaCode: '35.02',
    opdId: ids.opdA,
  });
  actors.asn = await seedActor(db, { username: 'budi', role: 'asn', pemdaCode: '35.02', nip: ASN.a1 });
  app = await buildApp({ db, webDir: null, actorOverride: () => actor });
});

afterAll(async () => {
  await app?.close();
  await db?.close();
});

describe('arrears by sponsor', () => {
  it('lists each sponsor in arrears by OPD and programme, with the months and the amount', async () => {
    actor = actors.admin!;
    const { body } = await get<ArrearsSponsorPage>('/arrears?pemda=35.02');
    expect(body.totals).toEqual({ amount: 4 * 16_800 + 6_800, sponsors: 3, workers: 3, workerMonths: 5 });
    expect(
      body.items.map((row) => [
        row.sponsor.name,
        row.opd?.name ?? null,
        row.programme.id,
        row.workers,
        row.months,
        row.amount,
      ]),
    ).toEqual([
      ['Budi Santoso', 'Dinas Pendidikan', ids.asnProgramme, 1, ['2024-02', '2024-03'], 33_600],
      ['Citra Lestari', 'Dinas Kesehatan', ids.asnProgramme, 1, ['2024-03', '2024-04'], 33_600],
      ['PT Peduli', null, ids.csrProgramme, 1, ['2024-01'], 6_800],
    ]);
    expect(body.items[0]!.sponsor).toMatchObject({ kind: 'asn', nip: ASN.a1 });
  });

  it('filters by OPD and by programme', async () => {
    actor = actors.admin!;
    const opd = await get<ArrearsSponsorPage>(`/arrears?opd=${ids.opdB}`);
    expect(opd.body.items.map((row) => row.sponsor.name)).toEqual(['Citra Lestari']);
    expect(opd.body.totals.amount).toBe(33_600);
    const csr = await get<ArrearsSponsorPage>(`/arrears?programme=${ids.csrProgramme}`);
    expect(csr.body.items.map((row) => [row.sponsor.name, row.amount])).toEqual([['PT Peduli', 6_800]]);
  });

  it('shows an OPD head only the deductions of their OPD, and refuses another Pemda', async () => {
    actor = actors.opdHead!;
    const { body } = await get<ArrearsSponsorPage>('/arrears');
    expect(body.items.map((row) => row.sponsor.name)).toEqual(['Budi Santoso']);
    expect((await get('/arrears?pemda=35.03')).status).toBe(403);
  });
});

describe('arrears by worker', () => {
  it('names who pays only to those who may know, and masks NIKs for monitors', async () => {
    actor = actors.admin!;
    const admin = await get<ArrearsWorkerPage>('/arrears/workers?pemda=35.02');
    expect(
      admin.body.items.map((row) => [row.nik, row.sponsor?.name ?? null, row.months, row.amount]),
    ).toEqual([
      [W.w2, 'Budi Santoso', ['2024-02', '2024-03'], 33_600],
      [W.w3, 'Citra Lestari', ['2024-03', '2024-04'], 33_600],
      [W.w4, 'PT Peduli', ['2024-01'], 6_800],
    ]);
    actor = actors.national!;
    const national = await get<ArrearsWorkerPage>('/arrears/workers?pemda=35.02');
    expect(national.body.nikMasked).toBe(true);
    expect(national.body.items[0]).toMatchObject({ nik: '3502********0002', sponsor: null });
  });

  it('gives an ASN their own arrears', async () => {
    actor = actors.asn!;
    const { body } = await get<OwnArrears>('/me/arrears');
    expect(body.totals).toMatchObject({ amount: 33_600, workerMonths: 2 });
    expect(body.workers.map((row) => [row.nik, row.name, row.months])).toEqual([
      [W.w2, 'Pekerja W2', ['2024-02', '2024-03']],
    ]);
    actor = actors.admin!;
    expect((await get('/me/arrears')).status).toBe(403);
  });
});

describe('arrears downloads', () => {
  it('downloads the sponsors as CSV and the workers as XLSX', async () => {
    actor = actors.admin!;
    const csv = await app.inject({ method: 'GET', url: '/api/v1/arrears/sponsors.csv?pemda=35.02' });
    expect(csv.headers['content-disposition']).toBe('attachment; filename="tunggakan-penanggung.csv"');
    expect(csv.body.split('\r\n').slice(0, 2)).toEqual([
      '\uFEFFkode_pemda,opd,program,jenis_penanggung,penanggung,nip,jumlah_pekerja,bulan_tunggakan,jumlah_bulan,bulan_tertua,tunggakan',
      `35.02,Dinas Pendidikan,${PONOROGO_ASN_ORANG_TUA_ASUH.name},asn,Budi Santoso,${ASN.a1},1,2024-02 2024-03,2,2024-02,33600`,
    ]);
    const xlsx = await app.inject({ method: 'GET', url: '/api/v1/arrears/workers.xlsx?pemda=35.02' });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    expect(sheet.name).toBe('Tunggakan pekerja');
    expect(sheet.rowCount).toBe(4);
    expect(sheet.getRow(4).values).toEqual([
      undefined,
      '35.02',
      undefined,
      'CSR PT Peduli',
      W.w4,
      'Pekerja W4',
      'PT Peduli',
      '2024-01',
      1,
      '2024-01',
      6800,
    ]);
  });

  it('prints the totals from the command line', async () => {
    const run = await runCli(['arrears', '--pemda', '35.02'], db, { ASUH_LANG: 'en' });
    expect(run.stdout.split('\n')[0]).toBe('Rp 74.000 in arrears: 3 sponsors, 3 workers, 5 worker-months');
  });
});
