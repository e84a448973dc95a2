import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { loadOfficialRegions } from '../../src/db/official-regions.ts';
import { buildApp } from '../../src/server/app.ts';
import { runCli } from '../support/cli.ts';
import { openTestDatabase } from '../support/database.ts';

let db: Database;
let app: FastifyInstance;

beforeAll(async () => {
  db = await openTestDatabase();
  app = await buildApp({ db, webDir: null });
});

afterAll(async () => {
  await app.close();
  await db.close();
});

describe('the official region tree', () => {
  it('holds exactly the official counts of each level', async () => {
    const rows = await db.query<{ level: string; count: number }>(
      'SELECT level, count(*) AS count FROM region GROUP BY level ORDER BY level',
    );
    expect(Object.fromEntries(rows.map((row) => [row.level, row.count]))).toEqual({
      province: 38,
      regency: 514,
      district: 7285,
      village: 83762,
    });
  });

  it('gives every province its time zone', async () => {
    const rows = await db.query<{ time_zone: string; count: number }>(
      `SELECT time_zone, count(*) AS count FROM region WHERE level = 'province' GROUP BY time_zone ORDER BY time_zone`,
    );
    expect(rows).toEqual([
      { time_zone: 'WIB', count: 18 },
      { time_zone: 'WIT', count: 8 },
      { time_zone: 'WITA', count: 12 },
    ]);
  });

  it('reloads without duplicating a region', async () => {
    const result = await db.transaction((tx) => loadOfficialRegions(tx));
    expect(result).toEqual({ version: '4.0.1', count: 91599 });
    const [{ count }] = (await db.query<{ count: number }>('SELECT count(*) AS count FROM region')) as [
      { count: number },
    ];
    expect(count).toBe(91599);
  });
});

describe('GET /api/v1/regions', () => {
  it('answers Kabupaten Ponorogo with its parent and time zone', async () => {
    const response = await app.inject({ url: '/api/v1/regions/35.02' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      code: '35.02',
      name: 'Kabupaten Ponorogo',
      level: 'regency',
      timeZone: 'WIB',
      parent: { code: '35', name: 'Jawa Timur', level: 'province' },
      childCount: 21,
    });
  });

  it('lists the 21 districts of Ponorogo', async () => {
    const response = await app.inject({ url: '/api/v1/regions/35.02/children' });
    const body = response.json();
    expect(response.statusCode).toBe(200);
    expect(body.region).toEqual({ code: '35.02', name: 'Kabupaten Ponorogo', level: 'regency' });
    expect(body.total).toBe(21);
    expect(body.items[0]).toEqual({ code: '35.02.01', name: 'Slahung', level: 'district' });
    expect(body.items.every((item: { level: string }) => item.level === 'district')).toBe(true);
  });

  it('lists the 38 provinces at the root', async () => {
    const body = (await app.inject({ url: '/api/v1/regions' })).json();
    expect(body.total).toBe(38);
    expect(body.items[0]).toEqual({ code: '11', name: 'Aceh', level: 'province' });
  });

  it('keeps the zone of the province for a village in WIT', async () => {
    const body = (await app.inject({ url: '/api/v1/regions/96.71' })).json();
    expect(body).toMatchObject({ code: '96.71', name: 'Kota Sorong', timeZone: 'WIT' });
  });

  it('answers 404 in Bahasa Indonesia for an unknown code', async () => {
    const response = await app.inject({ url: '/api/v1/regions/35.99' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({
      error: {
        code: 'REGION_NOT_FOUND',
        message: 'Wilayah dengan kode 35.99 tidak ada dalam daftar resmi Kemendagri.',
      },
    });
  });

  it('answers 404 in English when asked', async () => {
    const response = await app.inject({
      url: '/api/v1/regions/92.71/children',
      headers: { 'accept-language': 'en-US,en;q=0.9,id;q=0.5' },
    });
    expect(response.statusCode).toBe(404);
    expect(response.json().error.message).toBe(
      'There is no region with code 92.71 in the official Home Affairs list.',
    );
    expect(response.headers['content-language']).toBe('en');
  });

  it('answers 400 for a malformed code, never 500', async () => {
    for (const code of ['3502', '35.2', 'abc', '35.02.01.20011', '35..02']) {
      const response = await app.inject({ url: `/api/v1/regions/${encodeURIComponent(code)}` });
      expect(response.statusCode, code).toBe(400);
      expect(response.json().error.code).toBe('INVALID_REGION_CODE');
    }
  });
});

describe('asuh regions show', () => {
  it('prints Kabupaten Ponorogo with its parent, zone and 21 districts', async () => {
    const run = await runCli(['regions', 'show', '35.02'], db);
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toBe('35.02  Kabupaten Ponorogo  (regency, WIB)');
    expect(lines[1]).toBe('induk / parent: 35  Jawa Timur');
    expect(lines).toContain('  35.02.01  Slahung');
    expect(lines.filter((line) => /^ {2}35\.02\.\d{2} {2}/.test(line))).toHaveLength(21);
  });

  it('prints the same as the API with --json', async () => {
    const run = await runCli(['regions', 'show', '35.02', '--json'], db);
    const body = JSON.parse(run.stdout);
    expect(body).toMatchObject({
      code: '35.02',
      name: 'Kabupaten Ponorogo',
      timeZone: 'WIB',
      childCount: 21,
    });
    expect(body.children).toHaveLength(21);
  });

  it('exits 1 with a message for an unknown code and 2 for a malformed one', async () => {
    const unknown = await runCli(['regions', 'show', '35.99'], db, { ASUH_LANG: 'en' });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('There is no region with code 35.99');
    const malformed = await runCli(['regions', 'show', '3502'], db);
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toContain('Kode wilayah "3502" tidak sah');
  });
});

describe('asuh --help', () => {
  it('lists every command and exits 0', async () => {
    const run = await runCli(['--help'], db);
    expect(run.code).toBe(0);
    for (const command of ['serve', 'db', 'regions', 'id', 'premium']) expect(run.stdout).toContain(command);
  });

  it('exits 2 for an unknown command', async () => {
    const run = await runCli(['frobnicate'], db);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown command');
  });
});
