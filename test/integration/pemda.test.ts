import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/core/access.ts';
import type { Database } from '../../src/db/database.ts';
import { buildApp } from '../../src/server/app.ts';
import { runCli } from '../support/cli.ts';
import { openTestDatabase } from '../support/database.ts';

let db: Database;
let app: FastifyInstance;
let actor: Actor | null = null;
const base = { userId: 7, username: 'admin.ponorogo', displayName: 'Admin Ponorogo' };
const ponorogoAdmin: Actor = { ...base, role: 'pemda_admin', pemdaCode: '35.02' };

beforeAll(async () => {
  db = await openTestDatabase();
  app = await buildApp({ db, webDir: null, actorOverride: () => actor });
});

afterAll(async () => {
  await app.close();
  await db.close();
});

describe('asuh pemda', () => {
  it('onboards Kabupaten Ponorogo with its yearly target', async () => {
    const run = await runCli(['pemda', 'create', '35.02', '--target', '375.000', '--year', '2024'], db);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Pemda 35.02 didaftarkan / onboarded.');
    expect(run.stdout).toContain('35.02  Kabupaten Ponorogo  (regency, WIB)');
    expect(run.stdout).toContain('target 2024: 375.000 pekerja / workers');
  });

  it('changes nothing when onboarding again', async () => {
    const run = await runCli(['pemda', 'create', '35.02', '--json'], db);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      code: '35.02',
      targets: [{ year: 2024, workersToCover: 375000 }],
      opdCount: 0,
    });
    const [{ count }] = (await db.query<{ count: number }>(`SELECT count(*) AS count FROM pemda`)) as [
      { count: number },
    ];
    expect(count).toBe(1);
  });

  it('onboards a province, but not a district or an unknown code', async () => {
    expect((await runCli(['pemda', 'create', '35'], db)).code).toBe(0);
    const district = await runCli(['pemda', 'create', '35.02.01'], db, { ASUH_LANG: 'en' });
    expect(district.code).toBe(2);
    expect(district.stderr).toContain(
      'A Pemda is a province (e.g. 35) or a regency/city (e.g. 35.02), not 35.02.01.',
    );
    const unknown = await runCli(['pemda', 'create', '35.99'], db);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('tidak ada dalam daftar resmi');
    const badTarget = await runCli(['pemda', 'target', '35.02', '--year', '2025', '--workers', 'banyak'], db);
    expect(badTarget.code).toBe(2);
  });

  it('adds a department by hand once, whatever the spelling', async () => {
    const first = await runCli(['pemda', 'opd', 'add', '35.02', 'Dinas  Pendidikan'], db);
    expect(first.stdout).toMatch(/OPD #\d+ ditambahkan/);
    const again = await runCli(['pemda', 'opd', 'add', '35.02', 'dinas pendidikan '], db);
    expect(again.stdout).toMatch(/sudah ada/);
    const list = await runCli(['pemda', 'opd', 'list', '35.02', '--json'], db);
    expect(JSON.parse(list.stdout)).toEqual([
      { id: expect.any(Number), name: 'Dinas Pendidikan', asnCount: 0 },
    ]);
  });

  it('records each change in the audit log', async () => {
    const rows = await db.query<{ action: string; entity_id: string }>(
      `SELECT action, entity_id FROM audit_log WHERE pemda_code = '35.02' ORDER BY id`,
    );
    expect(rows.map((row) => row.action)).toEqual(['pemda.create', 'pemda.set_target', 'opd.create']);
  });
});

describe('the Pemda API', () => {
  it('shows the Pemda admin their Pemda, and a province monitor every Pemda of the province', async () => {
    actor = ponorogoAdmin;
    expect(
      (await app.inject({ url: '/api/v1/pemda' })).json().items.map((p: { code: string }) => p.code),
    ).toEqual(['35.02']);
    actor = { ...base, role: 'province', provinceCode: '35' };
    expect(
      (await app.inject({ url: '/api/v1/pemda' })).json().items.map((p: { code: string }) => p.code),
    ).toEqual(['35', '35.02']);
    actor = { ...base, role: 'province', provinceCode: '33' };
    expect((await app.inject({ url: '/api/v1/pemda/35.02' })).statusCode).toBe(404);
  });

  it('lets the Pemda admin set a target and add an OPD, and nobody else', async () => {
    actor = ponorogoAdmin;
    const target = await app.inject({
      method: 'PUT',
      url: '/api/v1/pemda/35.02/targets/2025',
      payload: { workersToCover: 400000 },
    });
    expect(target.statusCode).toBe(200);
    expect(target.json().targets).toEqual([
      { year: 2024, workersToCover: 375000 },
      { year: 2025, workersToCover: 400000 },
    ]);
    const opd = await app.inject({
      method: 'POST',
      url: '/api/v1/pemda/35.02/opds',
      payload: { name: 'Dinas Kesehatan' },
    });
    expect(opd.statusCode).toBe(201);
    expect(opd.json()).toMatchObject({ created: true });

    actor = { ...base, role: 'pemda_admin', pemdaCode: '35.03' };
    const foreign = await app.inject({
      method: 'PUT',
      url: '/api/v1/pemda/35.02/targets/2025',
      payload: { workersToCover: 1 },
      headers: { 'accept-language': 'en' },
    });
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json().error).toEqual({
      code: 'FORBIDDEN',
      message: 'You are not allowed to do this for that data.',
    });
    actor = { ...base, role: 'national' };
    expect(
      (await app.inject({ method: 'POST', url: '/api/v1/pemda/35.02/opds', payload: { name: 'Dinas X' } }))
        .statusCode,
    ).toBe(403);
  });

  it('shows an OPD head their own department only', async () => {
    actor = ponorogoAdmin;
    const opds = (await app.inject({ url: '/api/v1/pemda/35.02/opds' })).json().items as {
      id: number;
      name: string;
    }[];
    expect(opds.map((opd) => opd.name)).toEqual(['Dinas Kesehatan', 'Dinas Pendidikan']);
    actor = { ...base, role: 'opd_head', pemdaCode: '35.02', opdId: opds[0]!.id };
    expect((await app.inject({ url: '/api/v1/pemda/35.02/opds' })).json().items).toEqual([opds[0]]);
    actor = { ...base, role: 'sponsor_org', organisationId: 1 };
    expect((await app.inject({ url: '/api/v1/pemda/35.02/opds' })).statusCode).toBe(403);
  });
});
