import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/core/access.ts';
import { todayInWib } from '../../src/core/calendar.ts';
import { PONOROGO_ASN_ORANG_TUA_ASUH } from '../../src/core/programme-policy.ts';
import type { Database, Queryable } from '../../src/db/database.ts';
import { poolWorkers } from '../../src/features/sponsorship/index.ts';
import { buildApp } from '../../src/server/app.ts';
import { runCli } from '../support/cli.ts';
import { openTestDatabase } from '../support/database.ts';
import {
  seedAsn,
  seedOpd,
  seedPemda,
  seedPolicyProgramme,
  seedProgramme,
  seedSponsor,
  seedSponsorship,
  seedWorkers,
  type WorkerFixture,
} from '../support/fixtures.ts';

/**
 * Kabupaten Ponorogo under its ASN Orang Tua Asuh proposal (2 to 3 workers per ASN, everyone
 * obliged from April 2024), matched on 1 June 2024. Slahung village (35.02.01.2003) and Tugurejo
 * (35.02.01.2001) are in Slahung district; Wonodadi (35.02.02.2001) and Sendang (35.02.02.2002) in
 * Ngrayun district.
 */
const ON = '2024-06-01';
const SLAHUNG = '35.02.01.2003';
const TUGUREJO = '35.02.01.2001';
const WONODADI = '35.02.02.2001';
const SENDANG = '35.02.02.2002';

const NIP = {
  /** Lives in Slahung village, sponsors nobody yet: short by 2. */
  a: '198001012005011001',
  /** Lives in Sendang, sponsors nobody yet: short by 2. */
  b: '198101012006012002',
  /** Lives in Slahung, already sponsors 1 worker: short by 1. */
  c: '198201012007011003',
  /** Sponsors 2 already: compliant. */
  d: '198301012008012004',
  /** Non-ASN staff: the Ponorogo proposal does not oblige them. */
  e: '198401012009011005',
} as const;

const W = {
  slahung: '3502014101850001',
  tugurejo: '3502014101850002',
  wonodadi: '3502024101850003',
  sendangFarmer: '3502024101850004',
  sendangOjek: '3502024101850005',
  sendangMarbot: '3502024101850006',
  sendangOjek2: '3502024101850007',
  tooOld: '3502014101450008',
  deceased: '3502014101850009',
  elsewhere: '3502014101850010',
  heldByC: '3502014101850011',
  heldByD1: '3502014101850012',
  heldByD2: '3502014101850013',
} as const;

const WORKERS: WorkerFixture[] = [
  { nik: W.slahung, name: 'Sumini', villageCode: SLAHUNG, welfareDecile: 5, occupation: 'guru ngaji' },
  { nik: W.tugurejo, name: 'Parno', villageCode: TUGUREJO, welfareDecile: 1, occupation: 'nelayan' },
  { nik: W.wonodadi, name: 'Katni', villageCode: WONODADI, welfareDecile: 1, occupation: 'ojek' },
  { nik: W.sendangFarmer, name: 'Tukiyem', villageCode: SENDANG, welfareDecile: 2, occupation: 'petani' },
  { nik: W.sendangOjek, name: 'Slamet', villageCode: SENDANG, welfareDecile: 2, occupation: 'Ojek' },
  { nik: W.sendangMarbot, name: 'Darmo', villageCode: SENDANG, welfareDecile: 1, occupation: 'marbot' },
  { nik: W.sendangOjek2, name: 'Wagiyo', villageCode: SENDANG, welfareDecile: 3, occupation: 'ojek' },
  { nik: W.tooOld, name: 'Mbah Karto', villageCode: SLAHUNG, welfareDecile: 1, birthDate: '1945-01-01' },
  { nik: W.deceased, name: 'Almarhum', villageCode: SLAHUNG, welfareDecile: 1, deceasedOn: '2024-02-01' },
  { nik: W.elsewhere, name: 'Sudah Aktif', villageCode: SLAHUNG, welfareDecile: 1, activeElsewhere: true },
  { nik: W.heldByC, name: 'Dipegang C', villageCode: SLAHUNG },
  { nik: W.heldByD1, name: 'Dipegang D1', villageCode: SLAHUNG },
  { nik: W.heldByD2, name: 'Dipegang D2', villageCode: SLAHUNG },
];

interface Scenario {
  programmeId: number;
  opdId: number;
  users: { admin: number; a: number; b: number; otherAdmin: number };
}

async function seedUser(
  db: Queryable,
  username: string,
  role: string,
  scope: { pemda?: string; nip?: string },
) {
  const [row] = await db.query<{ id: number }>(
    `INSERT INTO app_user (username, display_name, password_hash, role, pemda_code, nip)
     VALUES ($1, $1, '$argon2id$v=19$m=19456,t=2,p=1$test$test', $2, $3, $4) RETURNING id`,
    [username, role, scope.pemda ?? null, scope.nip ?? null],
  );
  return row!.id;
}

/** The same people whichever order they are inserted in: `reverse` loads everything backwards. */
async function seedScenario(db: Queryable, reverse = false): Promise<Scenario> {
  const order = <T>(items: readonly T[]) => (reverse ? [...items].reverse() : [...items]);
  await seedPemda(db, '35.02');
  await seedPemda(db, '35.03');
  const opdId = await seedOpd(db, '35.02', 'Dinas Sosial');
  const asn = order([
    { nip: NIP.a, name: 'Agus', villageCode: SLAHUNG },
    { nip: NIP.b, name: 'Budi', villageCode: SENDANG },
    { nip: NIP.c, name: 'Citra', villageCode: SLAHUNG },
    { nip: NIP.d, name: 'Dewi', villageCode: TUGUREJO },
    { nip: NIP.e, name: 'Eko', villageCode: SLAHUNG, employmentType: 'NON_ASN' as const },
  ]);
  for (const person of asn) await seedAsn(db, '35.02', opdId, person);
  await seedWorkers(db, '35.02', order(WORKERS));
  const programmeId = await seedPolicyProgramme(db, [PONOROGO_ASN_ORANG_TUA_ASUH]);
  for (const [nip, niks] of order([
    [NIP.c, [W.heldByC]],
    [NIP.d, [W.heldByD1, W.heldByD2]],
  ] as const)) {
    const sponsorId = await seedSponsor(db, { pemdaCode: '35.02', kind: 'asn', nip });
    for (const nik of niks) {
      await seedSponsorship(db, { pemdaCode: '35.02', programmeId, sponsorId, nik, firstMonth: '2024-04' });
    }
  }
  const users = {
    admin: await seedUser(db, 'admin.ponorogo', 'pemda_admin', { pemda: '35.02' }),
    a: await seedUser(db, 'agus', 'asn', { pemda: '35.02', nip: NIP.a }),
    b: await seedUser(db, 'budi', 'asn', { pemda: '35.02', nip: NIP.b }),
    otherAdmin: await seedUser(db, 'admin.trenggalek', 'pemda_admin', { pemda: '35.03' }),
  };
  return { programmeId, opdId, users };
}

interface JsonPlan {
  pool: number;
  quota: number;
  proposals: number;
  byLevel: Record<string, number>;
  programmes: { key: string; sponsors: number; quota: number; proposals: number }[];
  items: { sponsor: { nip?: string }; nik: string; level: string; reason: { id: string; en: string } }[];
  run: { id: number; withdrawn: number } | null;
}

async function matchJson(db: Database, ...extra: string[]) {
  const on = extra.includes('--on') ? [] : ['--on', ON];
  const run = await runCli(['match', '--pemda', '35.02', ...on, '--json', ...extra], db);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return { text: run.stdout, plan: JSON.parse(run.stdout) as JsonPlan };
}

const proposed = (plan: JsonPlan) => plan.items.map((item) => [item.sponsor.nip, item.nik, item.level]);

describe('the pool', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabase();
    await seedScenario(db);
  });
  afterAll(() => db.close());

  it('holds the eligible workers nobody pays for, poorest and riskiest first', async () => {
    const pool = await poolWorkers(db, { pemdaCode: '35.02', on: ON });
    expect(pool.map((worker) => worker.nik)).toEqual([
      W.tugurejo, // decile 1, nelayan (very high risk)
      W.wonodadi, // decile 1, ojek (very high)
      W.sendangMarbot, // decile 1, marbot (low)
      W.sendangOjek, // decile 2, ojek
      W.sendangFarmer, // decile 2, petani (medium)
      W.sendangOjek2, // decile 3
      W.slahung, // decile 5
    ]);
    expect(pool[0]).toEqual({
      nik: W.tugurejo,
      name: 'Parno',
      villageCode: TUGUREJO,
      welfareDecile: 1,
      occupation: 'nelayan',
      birthDate: '1985-06-15',
    });
  });

  it('puts the nearest first, filters by area and occupation, and stops at the limit', async () => {
    const near = await poolWorkers(db, { pemdaCode: '35.02', on: ON, nearVillage: SENDANG, limit: 5 });
    expect(near.map((worker) => worker.nik)).toEqual([
      W.sendangMarbot,
      W.sendangOjek,
      W.sendangFarmer,
      W.sendangOjek2,
      W.wonodadi, // same district
    ]);
    const slahung = await poolWorkers(db, { pemdaCode: '35.02', on: ON, areaCodes: ['35.02.01'] });
    expect(slahung.map((worker) => worker.nik)).toEqual([W.tugurejo, W.slahung]);
    const drivers = await poolWorkers(db, { pemdaCode: '35.02', on: ON, occupations: [' OJEK '] });
    expect(drivers.map((worker) => worker.nik)).toEqual([W.wonodadi, W.sendangOjek, W.sendangOjek2]);
  });

  it('leaves out only the workers whose sponsorship holds the month', async () => {
    const before = await poolWorkers(db, { pemdaCode: '35.02', on: '2024-03-31' });
    // The seeded sponsorships start in April 2024: in March their workers are still in the pool.
    expect(before.map((worker) => worker.nik)).toEqual(expect.arrayContaining([W.heldByC, W.heldByD1]));
    expect(before).toHaveLength(10);
  });
});

describe('asuh match', () => {
  let db: Database;
  let scenario: Scenario;
  beforeAll(async () => {
    db = await openTestDatabase();
    scenario = await seedScenario(db);
  });
  afterAll(() => db.close());

  it('proposes the same village first, then the district, each with its reason', async () => {
    const { plan } = await matchJson(db);
    expect(proposed(plan)).toEqual([
      [NIP.a, W.slahung, 'village'],
      [NIP.a, W.tugurejo, 'district'],
      [NIP.b, W.sendangMarbot, 'village'],
      [NIP.b, W.sendangOjek, 'village'],
      [NIP.c, W.wonodadi, 'regency'],
    ]);
    expect(plan.items[0]!.reason).toEqual({
      id: 'desa/kelurahan yang sama (Slahung), desil 5, guru ngaji (risiko rendah)',
      en: 'same village (Slahung), decile 5, guru ngaji (low risk)',
    });
    expect(plan.items[1]!.reason.id).toBe(
      'kecamatan yang sama (Slahung), desil 1, nelayan (risiko sangat tinggi)',
    );
    expect(plan.items[4]!.reason.en).toBe(
      'same regency/city (Kabupaten Ponorogo), decile 1, ojek (very high risk)',
    );
  });

  it('takes the lower decile, then the riskier occupation, among workers equally near', async () => {
    const { plan } = await matchJson(db, '--fill', 'max');
    const budi = plan.items.filter((item) => item.sponsor.nip === NIP.b).map((item) => item.nik);
    // Marbot (decile 1) before the two decile-2 workers; of those, the ojek before the farmer.
    expect(budi).toEqual([W.sendangMarbot, W.sendangOjek, W.sendangFarmer]);
  });

  it("respects each sponsor's quota: short ASN up to the minimum, compliant and exempt ASN none", async () => {
    const { plan } = await matchJson(db);
    const perSponsor = (nip: string) => plan.items.filter((item) => item.sponsor.nip === nip).length;
    expect([NIP.a, NIP.b, NIP.c, NIP.d, NIP.e].map(perSponsor)).toEqual([2, 2, 1, 0, 0]);
    expect(plan.programmes).toMatchObject([
      { key: 'ponorogo-asn-orang-tua-asuh', sponsors: 3, quota: 5, proposals: 5 },
    ]);
    expect(plan).toMatchObject({
      pool: 7,
      quota: 5,
      proposals: 5,
      byLevel: { village: 3, district: 1, regency: 1 },
    });
    const max = (await matchJson(db, '--fill', 'max')).plan;
    // Up to 3 each: a 3, b 3, c 2 more, d 1 more: 9 wanted, 7 in the pool.
    expect(max).toMatchObject({ quota: 9, proposals: 7 });
  });

  it('prints a table with the totals per level when not asked for JSON', async () => {
    const run = await runCli(['match', '--pemda', '35.02', '--on', ON], db, { ASUH_LANG: 'en' });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`${NIP.a} Agus`);
    expect(run.stdout).toContain('same village (Slahung), decile 5, guru ngaji (low risk)');
    expect(run.stdout).toContain('Pool: 7 workers. Proposals: 5 of a quota of 5.');
    expect(run.stdout).toContain('By level: village 3 · district 1 · regency 1');
    expect(run.stdout).toContain('Not saved: run again with --save to store the proposals.');
  });

  it('gives byte-for-byte the same JSON every time, whatever order the data was loaded in', async () => {
    const first = await matchJson(db);
    const second = await matchJson(db);
    expect(second.text).toBe(first.text);
    const reversed = await openTestDatabase();
    try {
      await seedScenario(reversed, true);
      expect((await matchJson(reversed)).text).toBe(first.text);
    } finally {
      await reversed.close();
    }
  });

  it('refuses an unknown programme, a bad date and a bad fill', async () => {
    const unknown = await runCli(['match', '--pemda', '35.02', '--programme', 'nope'], db, {
      ASUH_LANG: 'en',
    });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('[PROGRAMME_NOT_FOUND]');
    const date = await runCli(['match', '--pemda', '35.02', '--on', '2024-02-30'], db, { ASUH_LANG: 'en' });
    expect(date.stderr).toContain('The date "2024-02-30" is not valid: use YYYY-MM-DD. [INVALID_DATE]');
    const fill = await runCli(['match', '--pemda', '35.02', '--fill', 'most'], db, { ASUH_LANG: 'en' });
    expect(fill.code).toBe(2);
    const pemda = await runCli(['match', '--pemda', '35.99'], db, { ASUH_LANG: 'en' });
    expect(pemda.stderr).toContain('[PEMDA_NOT_FOUND]');
  });

  it('saves, and a rerun withdraws what is still open but keeps what was decided', async () => {
    // Today, so that the sponsorship an accepted proposal starts this month counts.
    const today = todayInWib();
    const saved = await matchJson(db, '--save', '--on', today);
    expect(saved.plan.run).toMatchObject({ withdrawn: 0 });
    const runId = saved.plan.run!.id;
    const [run] = await db.query<{
      proposals: number;
      pool_workers: number;
      fill: string;
      duration_ms: number;
    }>('SELECT proposals, pool_workers, fill, duration_ms FROM match_run WHERE id = $1', [runId]);
    expect(run).toMatchObject({ proposals: 5, pool_workers: 7, fill: 'min' });
    const stored = await db.query<{ id: number; nik: string; level: string; reason: { id: string } }>(
      'SELECT id, nik, level, reason FROM match_proposal WHERE run_id = $1 ORDER BY position',
      [runId],
    );
    expect(stored.map((row) => row.nik)).toEqual(saved.plan.items.map((item) => item.nik));
    expect(stored[0]!.reason.id).toBe(saved.plan.items[0]!.reason.id);

    // Agus rejects the Slahung neighbour and the admin accepts Budi's first proposal.
    const [rejected, , accepted] = stored;
    await db.query(`UPDATE match_proposal SET status = 'rejected', decided_at = now() WHERE id = $1`, [
      rejected!.id,
    ]);
    const app = await buildApp({ db, webDir: null, actorOverride: () => adminOf(scenario) });
    try {
      const response = await app.inject({
        method: 'POST',
        url: `/api/v1/match-proposals/${accepted!.id}/accept`,
      });
      expect(response.statusCode).toBe(200);
    } finally {
      await app.close();
    }

    const rerun = await runCli(['match', '--pemda', '35.02', '--on', today, '--save'], db, {
      ASUH_LANG: 'en',
    });
    expect(rerun.code).toBe(0);
    expect(rerun.stdout).toMatch(
      /Saved as matching run #\d+; 3 open proposals of earlier runs were withdrawn\./,
    );
    const statuses = await db.query<{ status: string; n: number }>(
      'SELECT status, count(*) AS n FROM match_proposal WHERE run_id = $1 GROUP BY status ORDER BY status',
      [runId],
    );
    expect(statuses).toEqual([
      { status: 'accepted', n: 1 },
      { status: 'rejected', n: 1 },
      { status: 'withdrawn', n: 3 },
    ]);
    const again = await db.query<{ nip: string; nik: string }>(
      `SELECT sp.nip, mp.nik FROM match_proposal mp JOIN sponsor sp ON sp.id = mp.sponsor_id
        WHERE mp.run_id = (SELECT max(id) FROM match_run) ORDER BY mp.position`,
    );
    // The declined neighbour is not offered to Agus again; Budi now needs only one more.
    expect(again).not.toContainEqual({ nip: NIP.a, nik: W.slahung });
    expect(again.filter((row) => row.nip === NIP.b)).toHaveLength(1);
  });
});

describe('a CSR order short of its target', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabase();
    await seedScenario(db);
    const programmeId = await seedProgramme(db, {
      pemdaCode: '35.02',
      key: 'csr-pt-sumber-rejeki',
      name: 'PT Sumber Rejeki Peduli',
      kind: 'csr',
      areaCode: '35.02.02',
      targetWorkers: 2,
    });
    const sponsorId = await seedSponsor(db, {
      pemdaCode: '35.02',
      kind: 'organisation',
      organisationName: 'PT Sumber Rejeki',
      areaCode: '35.02.02',
    });
    await db.query('UPDATE programme SET sponsor_id = $2 WHERE id = $1', [programmeId, sponsorId]);
  });
  afterAll(() => db.close());

  it('is matched after the ASN policy, from its district, with what the ASN left', async () => {
    const { plan } = await matchJson(db);
    expect(plan.programmes).toMatchObject([
      { key: 'ponorogo-asn-orang-tua-asuh', proposals: 5 },
      { key: 'csr-pt-sumber-rejeki', sponsors: 1, quota: 2, proposals: 2 },
    ]);
    const csr = plan.items.filter((item) => item.sponsor.nip === undefined);
    expect(csr).toMatchObject([
      {
        sponsor: { kind: 'organisation', name: 'PT Sumber Rejeki' },
        nik: W.sendangFarmer,
        level: 'district',
      },
      { nik: W.sendangOjek2, level: 'district' },
    ]);
    expect(csr[0]!.reason.en).toBe('same district (Ngrayun), decile 2, petani (medium risk)');
  });

  it('takes the neediest of its district when matched alone', async () => {
    const { plan } = await matchJson(db, '--programme', 'csr-pt-sumber-rejeki');
    expect(plan.items.map((item) => item.nik)).toEqual([W.wonodadi, W.sendangMarbot]);
  });
});

function adminOf(scenario: Scenario): Actor {
  return {
    userId: scenario.users.admin,
    username: 'admin.ponorogo',
    displayName: 'Admin',
    role: 'pemda_admin',
    pemdaCode: '35.02',
  };
}

describe('deciding proposals over HTTP', () => {
  let db: Database;
  let app: FastifyInstance;
  let scenario: Scenario;
  let actor: Actor | null = null;
  let runId: number;

  const asnActor = (key: 'a' | 'b'): Actor => ({
    userId: scenario.users[key],
    username: key,
    displayName: key,
    role: 'asn',
    pemdaCode: '35.02',
    nip: NIP[key],
  });

  async function call(method: 'GET' | 'POST', url: string, as: Actor, payload?: object) {
    actor = as;
    const response = await app.inject({
      method,
      url,
      headers: { 'accept-language': 'en' },
      ...(payload ? { payload } : {}),
    });
    return { status: response.statusCode, body: response.json() };
  }

  async function proposalOf(nip: string, nik: string): Promise<number> {
    const [row] = await db.query<{ id: number }>(
      `SELECT mp.id FROM match_proposal mp JOIN sponsor sp ON sp.id = mp.sponsor_id
        WHERE mp.run_id = $1 AND sp.nip = $2 AND mp.nik = $3`,
      [runId, nip, nik],
    );
    return row!.id;
  }

  beforeAll(async () => {
    db = await openTestDatabase();
    scenario = await seedScenario(db);
    app = await buildApp({ db, webDir: null, actorOverride: () => actor });
    const { status, body } = await call('POST', '/api/v1/pemda/35.02/match', adminOf(scenario), {
      on: ON,
      save: true,
    });
    expect(status).toBe(200);
    runId = body.run.id;
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  it('counts a dry run per level for the admin, and refuses other Pemda', async () => {
    const { status, body } = await call('POST', '/api/v1/pemda/35.02/match', adminOf(scenario), { on: ON });
    expect(status).toBe(200);
    // The saved run's open proposals are what a rerun would replace, so the dry run sees them again.
    expect(body).toMatchObject({ run: null, proposals: 5, byLevel: { village: 3, district: 1, regency: 1 } });
    const other: Actor = {
      userId: scenario.users.otherAdmin,
      username: 'admin.trenggalek',
      displayName: 'Admin',
      role: 'pemda_admin',
      pemdaCode: '35.03',
    };
    expect((await call('POST', '/api/v1/pemda/35.02/match', other, { on: ON })).status).toBe(404);
    expect((await call('POST', '/api/v1/pemda/35.02/match', asnActor('a'), { on: ON })).status).toBe(404);
    expect((await call('GET', `/api/v1/match-runs/${runId}/proposals`, other)).status).toBe(404);
  });

  it("lists a run's proposals in order with reasons, and an ASN's own", async () => {
    const { status, body } = await call(
      'GET',
      `/api/v1/match-runs/${runId}/proposals?level=village`,
      adminOf(scenario),
    );
    expect(status).toBe(200);
    expect(body.total).toBe(3);
    expect(body.items[0]).toMatchObject({
      level: 'village',
      status: 'open',
      reason: { en: 'same village (Slahung), decile 5, guru ngaji (low risk)' },
      sponsor: { kind: 'asn', nip: NIP.a, name: 'Agus', opd: { name: 'Dinas Sosial' } },
      worker: {
        nik: W.slahung,
        nikMasked: false,
        name: 'Sumini',
        village: { code: SLAHUNG, name: 'Slahung' },
      },
    });
    const [audit] = await db.query<{ details: { niks: string[] } }>(
      `SELECT details FROM audit_log WHERE action = 'worker.read_nik' ORDER BY id DESC LIMIT 1`,
    );
    expect(audit!.details.niks).toContain(W.slahung);
    const mine = await call('GET', '/api/v1/me/match-proposals', asnActor('a'));
    expect(mine.body.items.map((item: { worker: { nik: string } }) => item.worker.nik)).toEqual([
      W.slahung,
      W.tugurejo,
    ]);
  });

  it("does not let an ASN accept another ASN's proposal", async () => {
    const id = await proposalOf(NIP.a, W.slahung);
    const { status, body } = await call('POST', `/api/v1/match-proposals/${id}/accept`, asnActor('b'));
    expect(status).toBe(404);
    expect(body.error.code).toBe('MATCH_PROPOSAL_NOT_FOUND');
  });

  it('accepting creates a proposed sponsorship, from this month, as a neighbour for the same village', async () => {
    const id = await proposalOf(NIP.a, W.slahung);
    const { status, body } = await call('POST', `/api/v1/match-proposals/${id}/accept`, asnActor('a'));
    expect(status).toBe(200);
    expect(body).toMatchObject({ accepted: 1, refused: 0, results: [{ id, outcome: 'accepted' }] });
    const [sponsorship] = await db.query<Record<string, unknown>>(
      `SELECT s.status, s.relationship, s.programmes, s.declared_income, to_char(s.first_month, 'YYYY-MM') AS first_month,
              s.end_month, sp.nip, e.source, e.to_status
         FROM sponsorship s JOIN sponsor sp ON sp.id = s.sponsor_id JOIN sponsorship_event e ON e.sponsorship_id = s.id
        WHERE s.id = $1`,
      [body.results[0].sponsorshipId],
    );
    const thisMonth = todayInWib().slice(0, 7);
    expect(sponsorship).toEqual({
      status: 'proposed',
      relationship: 'neighbour',
      programmes: ['jkk', 'jkm'],
      declared_income: 1_000_000,
      first_month: thisMonth,
      end_month: null,
      nip: NIP.a,
      source: `match:${runId}`,
      to_status: 'proposed',
    });
    const again = await call('POST', `/api/v1/match-proposals/${id}/accept`, asnActor('a'));
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('MATCH_PROPOSAL_DECIDED');
  });

  it('refuses to accept a worker taken meanwhile with SPONSORSHIP_ALREADY_COVERED', async () => {
    const id = await proposalOf(NIP.a, W.tugurejo);
    const sponsorId = await seedSponsor(db, { pemdaCode: '35.02', kind: 'individual', name: 'Bu Lurah' });
    const thisMonth = todayInWib().slice(0, 7) as `${number}-${number}`;
    await seedSponsorship(db, {
      pemdaCode: '35.02',
      programmeId: scenario.programmeId,
      sponsorId,
      nik: W.tugurejo,
      firstMonth: thisMonth,
    });
    const { status, body } = await call('POST', `/api/v1/match-proposals/${id}/accept`, asnActor('a'));
    expect(status).toBe(409);
    expect(body.error).toEqual({
      code: 'SPONSORSHIP_ALREADY_COVERED',
      message: `Worker 3502********0002 is already covered for ${thisMonth} and the months after; this proposal cannot be accepted.`,
    });
    const [row] = await db.query<{ status: string }>('SELECT status FROM match_proposal WHERE id = $1', [id]);
    expect(row!.status).toBe('open');
  });

  it('rejects with a reason; the admin accepts the rest of the run, each proposal on its own', async () => {
    const id = await proposalOf(NIP.b, W.sendangOjek);
    const rejected = await call('POST', `/api/v1/match-proposals/${id}/reject`, asnActor('b'), {
      reason: 'Sudah pindah',
    });
    expect(rejected.body).toMatchObject({ rejected: 1 });
    const { status, body } = await call('POST', `/api/v1/match-runs/${runId}/accept`, adminOf(scenario), {});
    expect(status).toBe(200);
    // Budi's marbot and Citra's ojek go through; Agus's Tugurejo fisher is covered by someone else.
    expect(body).toMatchObject({ accepted: 2, refused: 1 });
    const refused = body.results.find((result: { outcome: string }) => result.outcome === 'refused');
    expect(refused.error.code).toBe('SPONSORSHIP_ALREADY_COVERED');
    const run = await call('GET', `/api/v1/match-runs/${runId}`, adminOf(scenario));
    expect(run.body.statusCounts).toEqual({ open: 1, accepted: 3, rejected: 1, withdrawn: 0 });
  });
});
