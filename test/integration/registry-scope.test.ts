import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/core/access.ts';
import { formatNik } from '../../src/core/identifiers/nik.ts';
import { formatNip } from '../../src/core/identifiers/nip.ts';
import { PONOROGO_ASN_ORANG_TUA_ASUH } from '../../src/core/programme-policy.ts';
import type { Database } from '../../src/db/database.ts';
import { buildApp } from '../../src/server/app.ts';
import { openTestDatabase } from '../support/database.ts';
import { seedPolicyProgramme, seedSponsor, seedSponsorship } from '../support/fixtures.ts';

/**
 * Three Pemda in two provinces, two OPDs in one of them, a civil servant in each OPD and workers
 * held by one Pemda or by two. Every role reads through every registry route; what it may not
 * see must never come back.
 */
let db: Database;
let app: FastifyInstance;
let actor: Actor | null = null;

const nip = (serial: number) =>
  formatNip({
    birthDate: '1980-05-17',
    appointmentMonth: '2005-03',
    sex: serial % 2 ? 'male' : 'female',
    serial,
  });
const nik = (district: string, serial: number) =>
  formatNik({ districtCode: district, birthDate: '1975-08-09', sex: 'female', serial });

const ASN = { a1: nip(1), a2: nip(2), a3: nip(3), a4: nip(4) };
const WORKER = {
  w1: nik('35.02.01', 1),
  w2: nik('35.03.01', 2),
  w3: nik('35.02.02', 3),
  w4: nik('33.24.01', 4),
};
const opdIds: Record<string, number> = {};

beforeAll(async () => {
  db = await openTestDatabase();
  for (const code of ['35.02', '35.03', '33.24']) {
    await db.query('INSERT INTO pemda (code, name) SELECT code, name FROM region WHERE code = $1', [code]);
  }
  for (const [key, pemda, name] of [
    ['A', '35.02', 'Dinas Pendidikan'],
    ['B', '35.02', 'Dinas Kesehatan'],
    ['C', '35.03', 'Dinas Pendidikan'],
    ['D', '33.24', 'Dinas Sosial'],
  ] as const) {
    const [row] = await db.query<{ id: number }>(
      'INSERT INTO opd (pemda_code, name, name_key) VALUES ($1, $2, lower($2)) RETURNING id',
      [pemda, name],
    );
    opdIds[key] = row!.id;
  }
  for (const [key, pemda, opd, village] of [
    ['a1', '35.02', 'A', '35.02.01.2001'],
    ['a2', '35.02', 'B', '35.02.02.2001'],
    ['a3', '35.03', 'C', null],
    ['a4', '33.24', 'D', null],
  ] as const) {
    await db.query(
      `INSERT INTO asn (nip, pemda_code, opd_id, name, employment_type, rank, echelon, base_salary, village_code)
       VALUES ($1, $2, $3, $4, 'PNS', 'III/a', NULL, 3000000, $5)`,
      [ASN[key], pemda, opdIds[opd], `ASN ${key}`, village],
    );
  }
  for (const [key, pemdas] of [
    ['w1', ['35.02']],
    ['w2', ['35.03']],
    ['w3', ['35.02', '33.24']],
    ['w4', ['33.24']],
  ] as const) {
    await db.query(
      `INSERT INTO worker (nik, name, birth_date, sex, occupation, phone) VALUES ($1, $2, '1975-08-09', 'female', 'petani', '081234567890')`,
      [WORKER[key], `Pekerja ${key}`],
    );
    for (const pemda of pemdas) {
      await db.query('INSERT INTO pemda_worker (pemda_code, nik) VALUES ($1, $2)', [pemda, WORKER[key]]);
    }
  }
  app = await buildApp({ db, webDir: null, actorOverride: () => actor });
});

afterAll(async () => {
  await app.close();
  await db.close();
});

const base = { userId: 1, username: 'tester', displayName: 'Tester' };
const ROLES: Record<string, Actor> = {
  national: { ...base, role: 'national' },
  province: { ...base, role: 'province', provinceCode: '35' },
  pemda_admin: { ...base, role: 'pemda_admin', pemdaCode: '35.02' },
  opd_head: { ...base, role: 'opd_head', pemdaCode: '35.02', opdId: -1 },
  asn: { ...base, role: 'asn', pemdaCode: '35.02', nip: ASN.a1 },
  bpjstk_officer: { ...base, role: 'bpjstk_officer', pemdaCodes: ['35.02', '33.24'] },
  sponsor_org: { ...base, role: 'sponsor_org', organisationId: 1 },
};

/** What each role may read, and whether it sees full NIKs. */
const EXPECTED: Record<
  string,
  { asn: (keyof typeof ASN)[]; workers: (keyof typeof WORKER)[]; fullNik: boolean }
> = {
  national: { asn: ['a1', 'a2', 'a3', 'a4'], workers: ['w1', 'w2', 'w3', 'w4'], fullNik: false },
  province: { asn: ['a1', 'a2', 'a3'], workers: ['w1', 'w2', 'w3'], fullNik: false },
  pemda_admin: { asn: ['a1', 'a2'], workers: ['w1', 'w3'], fullNik: true },
  opd_head: { asn: ['a1'], workers: [], fullNik: false },
  asn: { asn: ['a1'], workers: [], fullNik: true },
  bpjstk_officer: { asn: ['a1', 'a2', 'a4'], workers: ['w1', 'w3', 'w4'], fullNik: true },
  sponsor_org: { asn: [], workers: [], fullNik: false },
};

async function get(url: string, as: Actor | null) {
  actor = as;
  const response = await app.inject({ url });
  return { status: response.statusCode, body: response.json() };
}

describe.each(Object.keys(ROLES))('as %s', (role) => {
  const expected = EXPECTED[role]!;
  const as = () => (role === 'opd_head' ? ({ ...ROLES.opd_head!, opdId: opdIds.A! } as Actor) : ROLES[role]!);

  it('lists only the civil servants in scope', async () => {
    const { status, body } = await get('/api/v1/asn?status=all&pageSize=200', as());
    expect(status).toBe(200);
    expect(body.items.map((item: { nip: string }) => item.nip).sort()).toEqual(
      expected.asn.map((k) => ASN[k]).sort(),
    );
    expect(body.total).toBe(expected.asn.length);
  });

  it('reads a civil servant out of scope as absent, in scope as present', async () => {
    for (const key of Object.keys(ASN) as (keyof typeof ASN)[]) {
      const { status } = await get(`/api/v1/asn/${ASN[key]}`, as());
      expect(status, key).toBe(expected.asn.includes(key) ? 200 : 404);
    }
  });

  it('finds an out-of-scope civil servant by neither NIP nor name', async () => {
    for (const key of Object.keys(ASN) as (keyof typeof ASN)[]) {
      if (expected.asn.includes(key)) continue;
      expect((await get(`/api/v1/asn?q=${ASN[key]}&status=all`, as())).body.items, key).toEqual([]);
      expect((await get(`/api/v1/asn?q=ASN%20${key}&status=all`, as())).body.items, key).toEqual([]);
    }
  });

  it('lists only the workers in scope, masked unless the role needs the NIK', async () => {
    const { status, body } = await get('/api/v1/workers?pageSize=200', as());
    expect(status).toBe(200);
    const names = body.items.map((item: { name: string }) => item.name).sort();
    expect(names).toEqual(expected.workers.map((k) => `Pekerja ${k}`).sort());
    for (const item of body.items) {
      const key = (item.name as string).replace('Pekerja ', '') as keyof typeof WORKER;
      if (expected.fullNik) {
        expect(item.nik).toBe(WORKER[key]);
        expect(item.phone).toBe('081234567890');
      } else {
        expect(item.nik).toBe(`${WORKER[key].slice(0, 4)}********${WORKER[key].slice(12)}`);
        expect(item.phone).toBeNull();
      }
      expect(item.nikMasked).toBe(!expected.fullNik);
    }
  });

  it('reads a worker out of scope as absent, even by the exact NIK', async () => {
    for (const key of Object.keys(WORKER) as (keyof typeof WORKER)[]) {
      const { status } = await get(`/api/v1/workers/${WORKER[key]}`, as());
      expect(status, key).toBe(expected.workers.includes(key) ? 200 : 404);
      const search = await get(`/api/v1/workers?q=${WORKER[key]}`, as());
      expect(search.body.items.length, key).toBe(expected.workers.includes(key) ? 1 : 0);
    }
  });

  it('refuses to filter by a Pemda out of scope', async () => {
    const { status, body } = await get('/api/v1/workers?pemda=35.03', as());
    const readsTrenggalek = role === 'national' || role === 'province';
    expect(status).toBe(readsTrenggalek ? 200 : 403);
    if (!readsTrenggalek) expect(body.error.code).toBe('FORBIDDEN');
  });
});

describe('the registry routes', () => {
  it('require signing in', async () => {
    for (const url of [
      '/api/v1/asn',
      `/api/v1/asn/${ASN.a1}`,
      '/api/v1/workers',
      `/api/v1/workers/${WORKER.w1}`,
    ]) {
      const { status, body } = await get(url, null);
      expect(status, url).toBe(401);
      expect(body.error.code).toBe('LOGIN_REQUIRED');
    }
  });

  it('report only the links in scope for a worker two Pemda hold', async () => {
    const { body } = await get(`/api/v1/workers/${WORKER.w3}`, ROLES.pemda_admin!);
    expect(body.pemdaCodes).toEqual(['35.02']);
    const national = await get(`/api/v1/workers/${WORKER.w3}`, ROLES.national!);
    expect(national.body.pemdaCodes).toEqual(['33.24', '35.02']);
  });

  it('log every read of a full NIK, per Pemda, and none of masked ones', async () => {
    const before = await db.query<{ count: number }>(
      `SELECT count(*) AS count FROM audit_log WHERE action = 'worker.read_nik'`,
    );
    await get(`/api/v1/workers/${WORKER.w1}`, ROLES.pemda_admin!);
    await get(`/api/v1/workers?pageSize=200`, ROLES.bpjstk_officer!);
    await get(`/api/v1/workers?pageSize=200`, ROLES.national!);
    const rows = await db.query<{ pemda_code: string; username: string; details: { niks: string[] } }>(
      `SELECT pemda_code, username, details FROM audit_log WHERE action = 'worker.read_nik' ORDER BY id OFFSET $1`,
      [before[0]!.count],
    );
    expect(rows.map((row) => [row.pemda_code, row.details.niks.sort()])).toEqual([
      ['35.02', [WORKER.w1]],
      ['35.02', [WORKER.w1, WORKER.w3].sort()],
      ['33.24', [WORKER.w3, WORKER.w4].sort()],
    ]);
  });

  it('search by name prefix and region, paginated on the server', async () => {
    const byName = await get('/api/v1/asn?q=asn%20a&pageSize=1&page=2&status=all', ROLES.national!);
    expect(byName.body).toMatchObject({ page: 2, pageSize: 1, total: 4 });
    expect(byName.body.items).toHaveLength(1);
    const byDistrict = await get('/api/v1/asn?village=35.02.02', ROLES.national!);
    expect(byDistrict.body.items.map((item: { nip: string }) => item.nip)).toEqual([ASN.a2]);
    const malformed = await get('/api/v1/asn?village=35-02', ROLES.national!);
    expect(malformed.status).toBe(400);
  });
});

describe('workers reached through sponsorships', () => {
  it('show an ASN, an OPD head and a sponsor organisation the workers their sponsorships cover', async () => {
    const programme = await seedPolicyProgramme(db, [PONOROGO_ASN_ORANG_TUA_ASUH]);
    const asnSponsor = await seedSponsor(db, { pemdaCode: '35.02', kind: 'asn', nip: ASN.a1 });
    const company = await seedSponsor(db, {
      pemdaCode: '35.02',
      kind: 'organisation',
      organisationName: 'PT Peduli Pekerja',
    });
    for (const [sponsorId, worker] of [
      [asnSponsor, WORKER.w1],
      [company, WORKER.w3],
    ] as const) {
      await seedSponsorship(db, {
        pemdaCode: '35.02',
        programmeId: programme,
        sponsorId,
        nik: worker,
        firstMonth: '2026-01',
      });
    }
    const [org] = await db.query<{ id: number }>(
      `SELECT id FROM organisation WHERE name = 'PT Peduli Pekerja'`,
    );
    const cases: [Actor, keyof typeof WORKER, boolean][] = [
      [ROLES.asn!, 'w1', true],
      [{ ...ROLES.opd_head!, opdId: opdIds.A! } as Actor, 'w1', false],
      [{ ...base, role: 'sponsor_org', organisationId: org!.id }, 'w3', false],
    ];
    for (const [who, key, fullNik] of cases) {
      const { body } = await get('/api/v1/workers?pageSize=200', who);
      expect(
        body.items.map((item: { name: string }) => item.name),
        who.role,
      ).toEqual([`Pekerja ${key}`]);
      expect(body.items[0].nikMasked, who.role).toBe(!fullNik);
      for (const other of Object.keys(WORKER) as (keyof typeof WORKER)[]) {
        const { status } = await get(`/api/v1/workers/${WORKER[other]}`, who);
        expect(status, `${who.role} ${other}`).toBe(other === key ? 200 : 404);
      }
    }
    // The OPD of the other department sees none of them.
    const { body } = await get('/api/v1/workers', { ...ROLES.opd_head!, opdId: opdIds.B! } as Actor);
    expect(body.items).toEqual([]);
  });
});
