import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/core/access.ts';
import { formatNik, maskNik } from '../../src/core/identifiers/nik.ts';
import type { Database } from '../../src/db/database.ts';
import type { BuildSummary, CohortDetail } from '../../src/features/cohorts/index.ts';
import { buildApp } from '../../src/server/app.ts';
import { runCli } from '../support/cli.ts';
import { openTestDatabase } from '../support/database.ts';
import { seedActor, seedPemda, seedWorkers, type WorkerFixture } from '../support/fixtures.ts';

/**
 * GN Lingkaran style: a company pays for N of the neediest eligible pool workers in the districts
 * it chooses, for 3, 6 or 12 months; an individual donor does the same for a few workers or for
 * people they name. A sponsor organisation's user sees its own programmes and workers, masked.
 */
let db: Database;
let app: FastifyInstance;
let actor: Actor | null = null;
let admin: Actor;

const nik = (district: string, serial: number) =>
  formatNik({ districtCode: district, birthDate: '1984-04-04', sex: 'male', serial });

/** In the chosen districts, in the order the company should get them. */
const FISHER_D1 = nik('35.02.01', 1); // decile 1, very high risk
const FARMER_D1 = nik('35.02.02', 2); // decile 1, medium risk
const TAILOR_D1 = nik('35.02.01', 3); // decile 1, low risk
const DRIVER_D2 = nik('35.02.02', 4); // decile 2
const TRADER_D4 = nik('35.02.01', 5); // decile 4
/** Poorer, but in a district the company did not choose. */
const FISHER_ELSEWHERE = nik('35.02.03', 6);
/** Eligible by decile, but paid for by someone else per BPJSTK. */
const ACTIVE_ELSEWHERE = nik('35.02.01', 7);

const WORKERS: WorkerFixture[] = [
  { nik: FISHER_D1, occupation: 'nelayan', welfareDecile: 1, villageCode: '35.02.01.2001' },
  { nik: FARMER_D1, occupation: 'petani', welfareDecile: 1, villageCode: '35.02.02.2001' },
  { nik: TAILOR_D1, occupation: 'penjahit', welfareDecile: 1, villageCode: '35.02.01.2002' },
  { nik: DRIVER_D2, occupation: 'sopir', welfareDecile: 2, villageCode: '35.02.02.2002' },
  { nik: TRADER_D4, occupation: 'pedagang', welfareDecile: 4, villageCode: '35.02.01.2003' },
  { nik: FISHER_ELSEWHERE, occupation: 'nelayan', welfareDecile: 1, villageCode: '35.02.03.2001' },
  {
    nik: ACTIVE_ELSEWHERE,
    occupation: 'nelayan',
    welfareDecile: 1,
    villageCode: '35.02.01.2001',
    activeElsewhere: true,
  },
];

const ORDER = {
  organisation: 'PT Sumber Rejeki',
  workers: 3,
  districts: ['35.02.01', '35.02.02'],
  months: 12,
  from: '2026-01',
};

beforeAll(async () => {
  db = await openTestDatabase();
  await seedPemda(db, '35.02');
  await seedWorkers(db, '35.02', WORKERS);
  admin = await seedActor(db, { role: 'pemda_admin', pemdaCode: '35.02', username: 'admin.3502' });
  app = await buildApp({ db, webDir: null, actorOverride: () => actor });
}, 60_000);

afterAll(async () => {
  await app?.close();
  await db?.close();
});

async function post(url: string, payload: object, as: Actor | null = admin) {
  actor = as;
  return app.inject({ method: 'POST', url, payload, headers: { 'accept-language': 'en' } });
}

describe('a CSR order', () => {
  let order: BuildSummary;

  it('sponsors the N neediest eligible pool workers of the chosen districts: decile, then occupation risk', async () => {
    const response = await post('/api/v1/pemda/35.02/csr', ORDER);
    expect(response.statusCode).toBe(201);
    order = response.json();
    expect(order).toMatchObject({ added: 3, members: 3, read: 3, alreadyCovered: 0 });
    expect(order.programme).toMatchObject({ kind: 'csr', key: 'csr-pt-sumber-rejeki-2026-01' });
    const niks = await db.query<{ nik: string }>(
      'SELECT nik FROM sponsorship WHERE programme_id = $1 ORDER BY nik',
      [order.programme.id],
    );
    expect(niks.map((row) => row.nik)).toEqual([FISHER_D1, FARMER_D1, TAILOR_D1].sort());
  });

  it('is paid by the company: transfer, csr funding, group account SC, twelve months verified', async () => {
    const [row] = await db.query(
      `SELECT DISTINCT sp.kind, sp.payment_method AS method, sp.funding_source AS funding,
              sp.group_account_type AS "group", o.name AS organisation, s.status,
              to_char(s.first_month, 'YYYY-MM') AS first, to_char(s.end_month, 'YYYY-MM') AS end
         FROM sponsorship s JOIN sponsor sp ON sp.id = s.sponsor_id JOIN organisation o ON o.id = sp.organisation_id
        WHERE s.programme_id = $1`,
      [order.programme.id],
    );
    expect(row).toEqual({
      kind: 'organisation',
      method: 'transfer',
      funding: 'csr',
      group: 'SC',
      organisation: 'PT Sumber Rejeki',
      status: 'verified',
      first: '2026-01',
      end: '2027-01',
    });
  });

  it('costs Rp 16,800 a worker until March 2026 and Rp 8,400 from April (PP 50/2025 applies to CSR money)', () => {
    const months = order.cost.months;
    expect(months).toHaveLength(12);
    expect(months[2]).toMatchObject({ period: '2026-03', amount: 3 * 16_800 });
    expect(months[5]!.lines).toEqual([
      { workers: 3, perWorker: 8_400, schedule: expect.stringContaining('PP 50/2025') },
    ]);
    // 3 × (3 × 16,800 + 9 × 8,400)
    expect(order.cost).toMatchObject({ fundingSource: 'csr', budget: null, total: 378_000, remaining: null });
  });

  it('adds nothing when the same order is placed again', async () => {
    const again = (await post('/api/v1/pemda/35.02/csr', ORDER)).json() as BuildSummary;
    expect(again).toMatchObject({ added: 0, members: 3, read: 0 });
    expect(again.programme.id).toBe(order.programme.id);
  });

  it('refuses 5 months and districts of another Pemda, in the caller’s language', async () => {
    const months = await post('/api/v1/pemda/35.02/csr', { ...ORDER, months: 5 });
    expect(months.statusCode).toBe(400);
    const outside = await post('/api/v1/pemda/35.02/csr', { ...ORDER, districts: ['35.03.01'] });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().error.message).toBe(
      '35.03.01 is not a district of Pemda 35.02; give a district code such as 35.02.01.',
    );
  });

  it('works the same from the command line', async () => {
    const run = await runCli(
      [
        'csr',
        'create',
        '--pemda',
        '35.02',
        '--organisation',
        'PT Tani Makmur',
        '--workers',
        '1',
        '--districts',
        '35.02.01,35.02.02',
        '--months',
        '6',
        '--from',
        '2026-01',
      ],
      db,
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('CSR PT Tani Makmur 2026-01 (csr-pt-tani-makmur-2026-01), Pemda 35.02');
    expect(run.stdout).toContain('ditambahkan 1');
    // Driver, decile 2: the three decile-1 workers are taken for 2026.
    const [row] = await db.query<{ nik: string }>(
      `SELECT s.nik FROM sponsorship s JOIN programme p ON p.id = s.programme_id WHERE p.key = 'csr-pt-tani-makmur-2026-01'`,
    );
    expect(row!.nik).toBe(DRIVER_D2);
  });
});

describe('an individual donor', () => {
  it('sponsors named NIKs, and says why a NIK was not added', async () => {
    const response = await post('/api/v1/pemda/35.02/donors', {
      name: 'Ibu Sri Wahyuni',
      phone: '081234567890',
      niks: [TRADER_D4, FISHER_D1, ACTIVE_ELSEWHERE, '1234'],
      months: 3,
      from: '2026-02',
    });
    expect(response.statusCode).toBe(201);
    const built = response.json() as BuildSummary;
    expect(built).toMatchObject({ source: 'named', read: 4, added: 1, alreadyCovered: 1, rejected: 2 });
    expect(built.programme.kind).toBe('donor');
    expect(built.issues.map((issue) => [issue.row, issue.code])).toEqual([
      [2, 'ALREADY_COVERED'],
      [3, 'ELIGIBILITY_ACTIVE_ELSEWHERE'],
      [4, 'NIK_LENGTH'],
    ]);
    const [sponsor] = await db.query(
      `SELECT sp.kind, sp.funding_source AS funding, sp.group_account_type AS "group", sp.phone
         FROM sponsor sp WHERE sp.name = 'Ibu Sri Wahyuni'`,
    );
    expect(sponsor).toEqual({
      kind: 'individual',
      funding: 'individual',
      group: null,
      phone: '081234567890',
    });
    // February and March at Rp 16,800, April at Rp 8,400.
    expect(built.cost.total).toBe(42_000);
  });

  it('or a number of the neediest pool workers', async () => {
    const response = await post('/api/v1/pemda/35.02/donors', {
      name: 'Pak Harjo',
      workers: 1,
      months: 6,
      from: '2026-01',
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ added: 1, source: 'query' });
    const [row] = await db.query<{ nik: string }>(
      `SELECT s.nik FROM sponsorship s JOIN sponsor sp ON sp.id = s.sponsor_id WHERE sp.name = 'Pak Harjo'`,
    );
    expect(row!.nik).toBe(FISHER_ELSEWHERE);
  });

  it('needs a number of workers or NIKs, not both', async () => {
    const response = await post('/api/v1/pemda/35.02/donors', {
      name: 'Pak Harjo',
      workers: 1,
      niks: [FISHER_D1],
      months: 6,
      from: '2026-01',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('DONOR_WORKERS');
  });
});

describe('a sponsor organisation’s user', () => {
  let company: Actor;
  let ownProgramme: number;
  let otherProgramme: number;
  let ownSponsor: number;
  let otherSponsor: number;

  beforeAll(async () => {
    const [org] = await db.query<{ id: number }>(
      `SELECT id FROM organisation WHERE name = 'PT Sumber Rejeki'`,
    );
    company = await seedActor(db, { role: 'sponsor_org', organisationId: org!.id, username: 'csr.sumber' });
    const programmes = await db.query<{ id: number; key: string; sponsor_id: number }>(
      `SELECT id, key, sponsor_id FROM programme WHERE key IN ('csr-pt-sumber-rejeki-2026-01', 'csr-pt-tani-makmur-2026-01') ORDER BY key`,
    );
    [ownProgramme, otherProgramme] = programmes.map((p) => p.id) as [number, number];
    [ownSponsor, otherSponsor] = programmes.map((p) => p.sponsor_id) as [number, number];
  });

  it('sees its own programme and no other', async () => {
    actor = company;
    const list = (await app.inject({ method: 'GET', url: '/api/v1/cohorts' })).json();
    expect(list.items.map((item: { id: number }) => item.id)).toEqual([ownProgramme]);
    const own = await app.inject({ method: 'GET', url: `/api/v1/cohorts/${ownProgramme}` });
    expect(own.statusCode).toBe(200);
    expect((own.json() as CohortDetail).members).toBe(3);
    expect((own.json() as CohortDetail).builds).toEqual([]);
    expect((await app.inject({ method: 'GET', url: `/api/v1/cohorts/${otherProgramme}` })).statusCode).toBe(
      404,
    );
  });

  it('sees its workers by name, with masked NIKs and their status', async () => {
    actor = company;
    const sponsors = (await app.inject({ method: 'GET', url: '/api/v1/sponsors' })).json();
    expect(sponsors.items).toEqual([
      expect.objectContaining({ id: ownSponsor, kind: 'organisation', name: 'PT Sumber Rejeki' }),
    ]);
    const workers = (
      await app.inject({ method: 'GET', url: `/api/v1/sponsors/${ownSponsor}/workers` })
    ).json();
    expect(workers.total).toBe(3);
    expect(workers.items.map((item: { nik: string }) => item.nik).sort()).toEqual(
      [FISHER_D1, FARMER_D1, TAILOR_D1].map(maskNik).sort(),
    );
    expect(workers.items[0]).toMatchObject({ nikMasked: true, status: 'verified', firstMonth: '2026-01' });
    const members = (
      await app.inject({ method: 'GET', url: `/api/v1/cohorts/${ownProgramme}/members` })
    ).json();
    expect(members.items.every((item: { nikMasked: boolean }) => item.nikMasked)).toBe(true);
  });

  it('gets 404 for another sponsor and its workers, and no error files', async () => {
    actor = company;
    expect((await app.inject({ method: 'GET', url: `/api/v1/sponsors/${otherSponsor}` })).statusCode).toBe(
      404,
    );
    expect(
      (await app.inject({ method: 'GET', url: `/api/v1/sponsors/${otherSponsor}/workers` })).statusCode,
    ).toBe(404);
    const [build] = await db.query<{ id: string }>('SELECT id FROM cohort_build WHERE programme_id = $1', [
      ownProgramme,
    ]);
    expect((await app.inject({ method: 'GET', url: `/api/v1/cohort-builds/${build!.id}` })).statusCode).toBe(
      404,
    );
  });

  it('may not place orders', async () => {
    const response = await post('/api/v1/pemda/35.02/csr', ORDER, company);
    expect(response.statusCode).toBe(403);
  });

  it('lists a Pemda’s CSR and donor sponsors for its administrator', async () => {
    actor = admin;
    const sponsors = (
      await app.inject({ method: 'GET', url: '/api/v1/sponsors?pemda=35.02&kind=organisation' })
    ).json();
    expect(sponsors.items.map((item: { name: string }) => item.name)).toEqual([
      'PT Sumber Rejeki',
      'PT Tani Makmur',
    ]);
    const detail = (await app.inject({ method: 'GET', url: `/api/v1/sponsors/${ownSponsor}` })).json();
    expect(detail.programmes).toEqual([expect.objectContaining({ id: ownProgramme, kind: 'csr' })]);
    expect(detail.statusCounts.verified).toBe(3);
  });
});
