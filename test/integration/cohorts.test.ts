import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/core/access.ts';
import { priceMonth } from '../../src/core/contributions/engine.ts';
import { formatNik } from '../../src/core/identifiers/nik.ts';
import type { Database } from '../../src/db/database.ts';
import type { BuildSummary, CohortDetail } from '../../src/features/cohorts/index.ts';
import { buildApp } from '../../src/server/app.ts';
import { runCli } from '../support/cli.ts';
import { openTestDatabase } from '../support/database.ts';
import {
  seedActor,
  seedOpd,
  seedPemda,
  seedProgramme,
  seedSponsor,
  seedSponsorship,
  seedWorkers,
} from '../support/fixtures.ts';

/**
 * Ponorogo's APBD pays for 5,014 tobacco farmers (Rp 2.6 billion for 2024): the cohort is built
 * from the pool by occupation, and from a file of NIKs; rebuilding adds nothing; the cost is the
 * contribution engine's, APBD-funded, against the budget.
 */
let db: Database;
let app: FastifyInstance;
let actor: Actor | null = null;
let admin: Actor;
let otherAdmin: Actor;
let folder: string;

const FARMERS = 5_014;
const nik = (district: string, serial: number, birthDate = '1975-08-09') =>
  formatNik({ districtCode: district, birthDate, sex: 'female', serial });

/** Covered by an ASN from June 2024: in the pool in January, so picked, then reported. */
const COVERED_FROM_JUNE = nik('35.02.02', 9001);
const DECEASED = nik('35.02.02', 9002);
const TOO_OLD = nik('35.02.02', 9003, '1950-01-01');
const HOUSEHOLD_HELP = nik('35.02.03', 9004);
const NOT_REGISTERED = nik('35.02.03', 9005);
const NEW_PERSON = nik('35.02.03', 9006, '1990-02-03');
const FISHER = nik('35.02.03', 9007);

beforeAll(async () => {
  db = await openTestDatabase();
  folder = await mkdtemp(join(tmpdir(), 'asuh-cohorts-'));
  await seedPemda(db, '35.02');
  await seedPemda(db, '35.03');
  // The farmers, set-based: a NIK each, born 1980, in Slahung district's first village.
  await db.query(
    `INSERT INTO worker (nik, name, birth_date, sex, occupation, village_code, welfare_decile)
     SELECT '350201010180' || lpad(i::text, 4, '0'), 'Petani ' || i, '1980-01-01', 'male', 'Petani Tembakau',
            '35.02.01.2001', 1 + i % 5
       FROM generate_series(1, $1::int) AS i`,
    [FARMERS],
  );
  await db.query(
    `INSERT INTO pemda_worker (pemda_code, nik) SELECT '35.02', nik FROM worker WHERE nik LIKE '350201010180%'`,
  );
  await seedWorkers(db, '35.02', [
    { nik: COVERED_FROM_JUNE, occupation: 'petani tembakau', villageCode: '35.02.02.2001' },
    { nik: DECEASED, occupation: 'petani tembakau', villageCode: '35.02.02.2001', deceasedOn: '2023-05-01' },
    { nik: TOO_OLD, birthDate: '1950-01-01', occupation: 'petani tembakau', villageCode: '35.02.02.2001' },
    { nik: HOUSEHOLD_HELP, occupation: 'asisten rumah tangga', villageCode: '35.02.03.2001' },
    { nik: FISHER, occupation: 'nelayan', villageCode: '35.02.03.2001' },
  ]);
  const opdId = await seedOpd(db, '35.02', 'Dinas Pertanian');
  await db.query(
    `INSERT INTO asn (nip, pemda_code, opd_id, name, employment_type, base_salary, village_code)
     VALUES ('198005172005031001', '35.02', $1, 'Budi', 'PNS', 3500000, '35.02.02.2001')`,
    [opdId],
  );
  const asnSponsor = await seedSponsor(db, { pemdaCode: '35.02', kind: 'asn', nip: '198005172005031001' });
  const asnProgramme = await seedProgramme(db, {
    pemdaCode: '35.02',
    key: 'asn-lain',
    name: 'ASN lain',
    kind: 'donor',
  });
  await seedSponsorship(db, {
    pemdaCode: '35.02',
    programmeId: asnProgramme,
    sponsorId: asnSponsor,
    nik: COVERED_FROM_JUNE,
    firstMonth: '2024-06',
  });
  admin = await seedActor(db, { role: 'pemda_admin', pemdaCode: '35.02', username: 'admin.3502' });
  otherAdmin = await seedActor(db, { role: 'pemda_admin', pemdaCode: '35.03', username: 'admin.3503' });
  app = await buildApp({
    db,
    webDir: null,
    actorOverride: () => actor,
    imports: { uploadsDir: join(folder, 'uploads'), maxBytes: 10 * 1024 * 1024 },
  });
}, 120_000);

afterAll(async () => {
  await app?.close();
  await db?.close();
  await rm(folder, { recursive: true, force: true });
});

/** `asuh cohort import` of a file into a new cohort of Ponorogo, with the budget of a year. */
function importCohort(
  path: string,
  c: { name: string; budget: string; year: string; from: string },
  extra: string[] = [],
  env: NodeJS.ProcessEnv = {},
) {
  const args = [
    '--pemda',
    '35.02',
    '--name',
    c.name,
    '--budget',
    c.budget,
    '--year',
    c.year,
    '--from',
    c.from,
  ];
  return runCli(['cohort', 'import', path, ...args, ...extra], db, env);
}

const TOBACCO = [
  'cohort',
  'create',
  '--pemda',
  '35.02',
  '--name',
  'Petani Tembakau APBD 2024',
  '--occupation',
  'petani tembakau',
  '--budget',
  '2.600.000.000',
  '--year',
  '2024',
  '--from',
  '2024-01',
  '--json',
];

describe('an APBD cohort from the pool', () => {
  let first: BuildSummary;

  it('adds every eligible tobacco farmer, and reports the one another sponsor pays for from June', async () => {
    const run = await runCli(TOBACCO, db);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    first = JSON.parse(run.stdout);
    expect(first.programme).toMatchObject({ key: 'petani-tembakau-apbd-2024', kind: 'apbd_cohort' });
    expect(first).toMatchObject({
      source: 'query',
      read: FARMERS + 1,
      added: FARMERS,
      alreadyCovered: 1,
      rejected: 0,
      members: FARMERS,
    });
    expect(first.issues).toEqual([
      expect.objectContaining({ column: 'nik', value: COVERED_FROM_JUNE, code: 'ALREADY_COVERED' }),
    ]);
    expect(first.issues[0]!.message).toContain('sudah ditanggung sponsorship lain');
    expect(first.errorFileUrls).not.toBeNull();
  });

  it('costs 5,014 × Rp 16,800 × 12 = Rp 1,010,822,400 for 2024, leaving Rp 1,589,177,600 of the budget', () => {
    expect(first.cost).toMatchObject({
      from: '2024-01',
      to: '2024-12',
      fundingSource: 'apbd',
      budget: 2_600_000_000,
      total: 1_010_822_400,
      remaining: 1_589_177_600,
      overrun: false,
    });
    expect(first.cost.months).toHaveLength(12);
    expect(first.cost.months[5]).toEqual({
      period: '2024-06',
      workers: FARMERS,
      amount: 84_235_200,
      lines: [{ workers: FARMERS, perWorker: 16_800, schedule: 'PP 44/2015' }],
    });
  });

  it('makes verified sponsorships of the APBD sponsor, relationship other, recorded as cohort:<id>', async () => {
    const rows = await db.query<{
      status: string;
      relationship: string;
      n: number;
      source: string;
      sponsor: string;
    }>(
      `SELECT s.status, s.relationship, count(*) AS n, min(e.source) AS source,
              min(sp.name || ' ' || sp.kind || ' ' || sp.payment_method || ' ' || sp.funding_source || ' ' ||
                  sp.group_account_type) AS sponsor
         FROM sponsorship s JOIN sponsorship_event e ON e.sponsorship_id = s.id JOIN sponsor sp ON sp.id = s.sponsor_id
        WHERE s.programme_id = $1 GROUP BY 1, 2`,
      [first.programme.id],
    );
    expect(rows).toEqual([
      {
        status: 'verified',
        relationship: 'other',
        n: FARMERS,
        source: `cohort:${first.programme.id}`,
        sponsor: 'APBD Kabupaten Ponorogo apbd budget apbd SG',
      },
    ]);
    const [months] = await db.query<{ first: string; end: string }>(
      `SELECT DISTINCT to_char(first_month, 'YYYY-MM') AS first, to_char(end_month, 'YYYY-MM') AS end
         FROM sponsorship WHERE programme_id = $1`,
      [first.programme.id],
    );
    expect(months).toEqual({ first: '2024-01', end: '2025-01' });
  });

  it('adds nothing when built again', async () => {
    const run = await runCli(TOBACCO, db);
    expect(run.code).toBe(0);
    const again = JSON.parse(run.stdout) as BuildSummary;
    expect(again).toMatchObject({ added: 0, members: FARMERS, alreadyCovered: 1 });
    expect(again.programme.id).toBe(first.programme.id);
    const [{ n }] = (await db.query<{ n: number }>(
      'SELECT count(*) AS n FROM sponsorship WHERE programme_id = $1',
      [first.programme.id],
    )) as [{ n: number }];
    expect(n).toBe(FARMERS);
  });

  it('refuses the same key with another budget', async () => {
    const run = await runCli(
      TOBACCO.map((arg) => (arg === '2.600.000.000' ? '3000000000' : arg)),
      db,
      { ASUH_LANG: 'en' },
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('already has a programme "petani-tembakau-apbd-2024"');
    expect(run.stderr).toContain('[COHORT_KEY_TAKEN]');
  });

  it('prints the cost month by month with asuh cohort cost', async () => {
    const run = await runCli(['cohort', 'cost', 'petani-tembakau-apbd-2024', '--pemda', '35.02'], db);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('2024-06');
    expect(run.stdout).toContain('Rp 84.235.200');
    expect(run.stdout).toContain('Biaya 2024-01–2024-12: Rp 1.010.822.400');
    expect(run.stdout).toContain('sisa Rp 1.589.177.600');
  });

  it('tops a cohort up to its limit and no further, neediest first', async () => {
    const build = async (limit: number) => {
      actor = admin;
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/pemda/35.02/cohorts',
        payload: {
          name: 'Buruh rentan 2024',
          occupations: ['Nelayan'],
          limit,
          budget: 1_000_000,
          budgetYear: 2024,
          from: '2024-07',
        },
      });
      expect(response.statusCode).toBe(201);
      return response.json() as BuildSummary;
    };
    const once = await build(1);
    expect(once).toMatchObject({ added: 1, members: 1 });
    // Six months from July: Rp 100,800 of a Rp 1,000,000 budget.
    expect(once.cost).toMatchObject({ total: 100_800, remaining: 899_200 });
    expect((await build(1)).added).toBe(0);
  });

  it('answers 403 to another Pemda’s administrator and 400 for an area outside the Pemda', async () => {
    actor = otherAdmin;
    const body = { name: 'X', budget: 1, budgetYear: 2024, from: '2024-01' };
    const refused = await app.inject({ method: 'POST', url: '/api/v1/pemda/35.02/cohorts', payload: body });
    expect(refused.statusCode).toBe(403);
    actor = admin;
    const outside = await app.inject({
      method: 'POST',
      url: '/api/v1/pemda/35.02/cohorts',
      headers: { 'accept-language': 'en' },
      payload: { ...body, areas: ['35.03.01'] },
    });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().error.message).toBe(
      '35.03.01 is not a district or village of Pemda 35.02; give a code such as 35.02.01.',
    );
    const pastYear = await app.inject({
      method: 'POST',
      url: '/api/v1/pemda/35.02/cohorts',
      headers: { 'accept-language': 'en' },
      payload: { ...body, from: '2024-11', months: 3 },
    });
    expect(pastYear.json().error.code).toBe('COHORT_MONTHS_PAST_YEAR');
  });
});

describe('an APBD cohort from a file of NIKs', () => {
  const file = () =>
    [
      'nik,nama,kode_desa',
      `${HOUSEHOLD_HELP},,`,
      `${NEW_PERSON},Sumini,35.02.03.2002`,
      `${NOT_REGISTERED},,`,
      '123,,',
      `${HOUSEHOLD_HELP},,`,
      `${DECEASED},,`,
      `${TOO_OLD},,`,
      '350201010180' + '0001,,',
    ].join('\n');

  async function upload(name = 'pekerja.csv') {
    actor = admin;
    const boundary = '----asuh-cohort-test';
    const fields: [string, string][] = [
      ['name', 'Pekerja Rentan APBD 2024'],
      ['budget', '500.000.000'],
      ['year', '2024'],
      ['from', '2024-03'],
    ];
    const parts = fields.map(
      ([key, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${key}"\r\n\r\n${value}\r\n`,
    );
    parts.push(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: text/csv\r\n\r\n${file()}\r\n--${boundary}--\r\n`,
    );
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/pemda/35.02/cohorts/import',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'accept-language': 'en' },
      payload: parts.join(''),
    });
    return response;
  }

  let built: BuildSummary;

  it('adds the eligible, registers the new person, and says why each other row was not added', async () => {
    const response = await upload();
    expect(response.statusCode).toBe(201);
    built = response.json();
    expect(built).toMatchObject({
      source: 'file',
      read: 8,
      added: 2,
      newWorkers: 1,
      alreadyMember: 0,
      alreadyCovered: 1,
      rejected: 5,
      members: 2,
    });
    const codes = built.issues.map((issue) => [issue.row, issue.code]);
    expect(codes).toEqual([
      [4, 'NOT_IN_REGISTRY'],
      [5, 'NIK_LENGTH'],
      [6, 'DUPLICATE_IN_FILE'],
      [7, 'ELIGIBILITY_DECEASED'],
      [8, 'ELIGIBILITY_TOO_OLD'],
      [9, 'ALREADY_COVERED'],
    ]);
    expect(built.issues[2]!.message).toBe('This NIK already appears in row 2; only the first row is used.');
    // Ten months from March at Rp 16,800 for two workers.
    expect(built.cost).toMatchObject({ total: 336_000, remaining: 499_664_000 });
    const [person] = await db.query(
      `SELECT w.name, w.birth_date AS "birthDate", w.sex, w.village_code AS "villageCode",
              EXISTS (SELECT 1 FROM pemda_worker pw WHERE pw.nik = w.nik AND pw.pemda_code = '35.02') AS linked
         FROM worker w WHERE w.nik = $1`,
      [NEW_PERSON],
    );
    expect(person).toEqual({
      name: 'Sumini',
      birthDate: '1990-02-03',
      sex: 'female',
      villageCode: '35.02.03.2002',
      linked: true,
    });
  });

  it('serves the error file in CSV and XLSX to the Pemda’s administrator only', async () => {
    actor = admin;
    const csv = await app.inject({ method: 'GET', url: built.errorFileUrls!.csv });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    const lines = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('baris,kolom,nilai,tingkat,kode,pesan,message');
    expect(lines).toHaveLength(7);
    expect(lines[1]).toContain(`4,nik,${NOT_REGISTERED},ditolak,NOT_IN_REGISTRY,`);
    const xlsx = await app.inject({ method: 'GET', url: built.errorFileUrls!.xlsx });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    actor = otherAdmin;
    expect((await app.inject({ method: 'GET', url: built.errorFileUrls!.csv })).statusCode).toBe(404);
  });

  it('adds nothing when the same file is imported again', async () => {
    const response = await upload();
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ added: 0, alreadyMember: 2, newWorkers: 0, members: 2 });
  });

  it('writes the error file beside a file imported with asuh cohort import', async () => {
    const path = join(folder, 'kohort.csv');
    await writeFile(path, file());
    const run = await importCohort(path, {
      name: 'Pekerja Rentan APBD 2024',
      budget: '500000000',
      year: '2024',
      from: '2024-03',
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('ditambahkan 0 · sudah anggota 2');
    expect(run.stdout).toContain(join(folder, 'kohort.errors.csv'));
    expect(await readFile(join(folder, 'kohort.errors.csv'), 'utf8')).toContain('ELIGIBILITY_TOO_OLD');
  });

  it('imports the documented example file (docs/formats/contoh-kohort.csv)', async () => {
    const run = await importCohort(
      join(process.cwd(), 'docs/formats/contoh-kohort.csv'),
      { name: 'Contoh kohort 2025', budget: '1000000', year: '2025', from: '2025-01' },
      ['--error-file', join(folder, 'contoh.errors.csv'), '--json'],
    );
    expect(run.stderr).toBe('');
    const built = JSON.parse(run.stdout) as BuildSummary;
    expect(built).toMatchObject({ read: 5, added: 4, newWorkers: 2, rejected: 1 });
    expect(built.issues.map((issue) => issue.code)).toEqual(['DUPLICATE_IN_FILE']);
    // 4 workers × Rp 16,800 × 12 = Rp 806,400 of a Rp 1,000,000 budget.
    expect(built.cost).toMatchObject({ total: 806_400, remaining: 193_600 });
  });

  it('refuses a file without the nik column before writing anything', async () => {
    const path = join(folder, 'salah.csv');
    await writeFile(path, 'no_ktp\n123\n');
    const run = await importCohort(path, { name: 'Salah', budget: '1', year: '2024', from: '2024-01' }, [], {
      ASUH_LANG: 'en',
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Required columns are missing: nik, nama, kode_desa');
    expect(await db.query(`SELECT 1 FROM programme WHERE key = 'salah'`)).toEqual([]);
  });
});

describe('who pays is part of the price (PP 50/2025)', () => {
  it('charges an APBD cohort Rp 16,800 in June 2026, where an ASN-funded worker pays Rp 8,400', async () => {
    actor = admin;
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/pemda/35.02/cohorts',
      payload: {
        name: 'Petani Tembakau APBD 2026',
        occupations: ['petani tembakau'],
        areas: ['35.02.01'],
        limit: 10,
        budget: 2_016_000,
        budgetYear: 2026,
        from: '2026-01',
      },
    });
    expect(response.statusCode).toBe(201);
    const built = response.json() as BuildSummary;
    const june = built.cost.months.find((month) => month.period === '2026-06')!;
    expect(june).toMatchObject({ workers: 10, amount: 168_000 });
    expect(june.lines).toEqual([{ workers: 10, perWorker: 16_800, schedule: 'PP 44/2015' }]);
    expect(built.cost).toMatchObject({ total: 2_016_000, remaining: 0, overrun: false });
    const asnFunded = priceMonth({ scheme: 'bpu', income: 1_000_000, funding: 'asn', period: '2026-06' });
    expect(asnFunded.amount).toBe(8_400);

    const detail = (
      await app.inject({ method: 'GET', url: `/api/v1/cohorts/${built.programme.id}` })
    ).json() as CohortDetail;
    expect(detail).toMatchObject({ members: 10, budget: 2_016_000, budgetYear: 2026 });
    expect(detail.statusCounts.verified).toBe(10);
    expect(detail.sponsor).toMatchObject({ kind: 'apbd', fundingSource: 'apbd', groupAccountType: 'SG' });
    expect(detail.builds).toHaveLength(1);
  });
});

describe('reading cohorts', () => {
  it('lists a Pemda’s cohorts for its administrator and hides them from another Pemda’s (404)', async () => {
    actor = admin;
    const list = (await app.inject({ method: 'GET', url: '/api/v1/cohorts?pemda=35.02' })).json() as {
      items: { key: string; members: number }[];
    };
    expect(list.items.map((item) => item.key).sort()).toEqual(
      [
        'buruh-rentan-2024',
        'contoh-kohort-2025',
        'pekerja-rentan-apbd-2024',
        'petani-tembakau-apbd-2024',
        'petani-tembakau-apbd-2026',
        'asn-lain',
      ].sort(),
    );
    const tobacco = await db.query<{ id: number }>(
      `SELECT id FROM programme WHERE key = 'petani-tembakau-apbd-2024'`,
    );
    actor = otherAdmin;
    expect((await app.inject({ method: 'GET', url: `/api/v1/cohorts/${tobacco[0]!.id}` })).statusCode).toBe(
      404,
    );
    expect((await app.inject({ method: 'GET', url: '/api/v1/cohorts?pemda=35.02' })).json().items).toEqual(
      [],
    );
  });

  it('shows members with full NIKs to the Pemda’s administrator, logging the read', async () => {
    actor = admin;
    const [{ id }] = (await db.query<{ id: number }>(
      `SELECT id FROM programme WHERE key = 'pekerja-rentan-apbd-2024'`,
    )) as [{ id: number }];
    const page = (await app.inject({ method: 'GET', url: `/api/v1/cohorts/${id}/members` })).json();
    expect(page.total).toBe(2);
    expect(page.items.map((item: { nik: string }) => item.nik).sort()).toEqual(
      [HOUSEHOLD_HELP, NEW_PERSON].sort(),
    );
    const [logged] = await db.query<{ n: number }>(
      `SELECT count(*) AS n FROM audit_log WHERE action = 'worker.read_nik' AND details->>'route' = 'cohorts.members'`,
    );
    expect(logged!.n).toBe(1);
  });
});
