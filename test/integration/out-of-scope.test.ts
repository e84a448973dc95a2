import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/core/access.ts';
import type { Database } from '../../src/db/database.ts';
import { buildApp } from '../../src/server/app.ts';
import { openTestDatabase } from '../support/database.ts';
import { seedActor, seedOpd, seedPemda } from '../support/fixtures.ts';

/**
 * Ponorogo's (35.02) imports, payment imports, enrolment batches and responses and departments,
 * asked for by Kendal's (33.24) administrator and BPJSTK officer: each must read exactly as a
 * record that does not exist (or a Pemda not onboarded, 35.03), never as a 403 that tells it is
 * there. 403 is kept for a role that may never do the thing at all.
 */
let db: Database;
let app: FastifyInstance;
let httpActor: Actor | null = null;

const SHA = 'a'.repeat(64);
const ids = { job: randomUUID(), payment: randomUUID(), batch: 0, response: 0 };
const actors = {} as Record<'admin' | 'otherAdmin' | 'otherOfficer' | 'national', Actor>;

beforeAll(async () => {
  db = await openTestDatabase();
  for (const code of ['35.02', '33.24']) await seedPemda(db, code);
  await seedOpd(db, '35.02', 'Dinas Pendidikan');
  await db.query(
    `INSERT INTO import_job (id, kind, pemda_code, file_name, status, read, finished_at)
     VALUES ($1, 'workers', '35.02', 'pekerja.csv', 'completed', 0, now())`,
    [ids.job],
  );
  await db.query(
    `INSERT INTO payment_import (id, pemda_code, kind, file_name, file_sha256, status, finished_at)
     VALUES ($1, '35.02', 'bank', 'mutasi.csv', $2, 'completed', now())`,
    [ids.payment, SHA],
  );
  ids.batch = (
    await db.query<{ id: number }>(
      `INSERT INTO enrolment_batch (pemda_code, seq, reference, member_count)
       VALUES ('35.02', 1, 'ASUH-REG-3502-000001', 1) RETURNING id`,
    )
  )[0]!.id;
  ids.response = (
    await db.query<{ id: number }>(
      `INSERT INTO enrolment_response (pemda_code, channel, file_name, content_sha256)
       VALUES ('35.02', 'file', 'jawaban.csv', $1) RETURNING id`,
      [SHA],
    )
  )[0]!.id;
  actors.admin = await seedActor(db, { username: 'admin.ponorogo', role: 'pemda_admin', pemdaCode: '35.02' });
  actors.otherAdmin = await seedActor(db, {
    username: 'admin.kendal',
    role: 'pemda_admin',
    pemdaCode: '33.24',
  });
  actors.otherOfficer = await seedActor(db, {
    username: 'bpjs.kendal',
    role: 'bpjstk_officer',
    pemdaCodes: ['33.24'],
  });
  actors.national = await seedActor(db, { username: 'pusat', role: 'national' });
  app = await buildApp({ db, webDir: null, actorOverride: () => httpActor });
});

afterAll(async () => {
  await app.close();
  await db.close();
});

/** The answer with the asked-for key blanked, so two answers can be compared whole. */
async function answer(url: string, key: string, actor: Actor) {
  httpActor = actor;
  const response = await app.inject({ url, headers: { 'accept-language': 'en' } });
  return { status: response.statusCode, body: response.body.replaceAll(key, '<key>') };
}

const MISSING_UUID = '00000000-0000-4000-8000-000000000000';
const byId: [string, (id: string) => string, () => string, string][] = [
  ['an import', (id) => `/api/v1/imports/${id}`, () => ids.job, MISSING_UUID],
  ["an import's error file", (id) => `/api/v1/imports/${id}/errors.csv`, () => ids.job, MISSING_UUID],
  ['a payment import', (id) => `/api/v1/payments/imports/${id}`, () => ids.payment, MISSING_UUID],
  [
    "a payment import's error file",
    (id) => `/api/v1/payments/imports/${id}/errors.xlsx`,
    () => ids.payment,
    MISSING_UUID,
  ],
  ['an enrolment batch', (id) => `/api/v1/enrolment-batches/${id}`, () => String(ids.batch), '999999'],
  [
    "an enrolment batch's file",
    (id) => `/api/v1/enrolment-batches/${id}/file.csv`,
    () => String(ids.batch),
    '999999',
  ],
  [
    'an enrolment response',
    (id) => `/api/v1/enrolment-responses/${id}`,
    () => String(ids.response),
    '999999',
  ],
  [
    "an enrolment response's error file",
    (id) => `/api/v1/enrolment-responses/${id}/errors.csv`,
    () => String(ids.response),
    '999999',
  ],
];

const byPemda: [string, (code: string) => string][] = [
  ['departments', (code) => `/api/v1/pemda/${code}/opds`],
  ['imports', (code) => `/api/v1/imports?pemda=${code}`],
  ['payment imports', (code) => `/api/v1/payments/imports?pemda=${code}`],
  ['unmatched payment lines', (code) => `/api/v1/payments/unmatched?pemda=${code}`],
  ['enrolment batches', (code) => `/api/v1/pemda/${code}/enrolment-batches`],
  ['enrolment responses', (code) => `/api/v1/pemda/${code}/enrolment-responses`],
];

describe("another Pemda's record by id reads as a missing id", () => {
  it.each(byId)('%s', async (_name, url, own, missing) => {
    const ownAnswer = await answer(url(own()), own(), actors.admin);
    expect(ownAnswer.status).toBe(200);
    const absent = await answer(url(missing), missing, actors.otherAdmin);
    expect(absent.status).toBe(404);
    expect(await answer(url(own()), own(), actors.otherAdmin)).toEqual(absent);
  });
});

describe("another Pemda's lists read as those of a Pemda not onboarded", () => {
  it.each(byPemda)('%s', async (_name, url) => {
    const ownAnswer = await answer(url('35.02'), '35.02', actors.admin);
    expect(ownAnswer.status).toBe(200);
    const absent = await answer(url('35.03'), '35.03', actors.otherAdmin);
    expect(absent.status).toBe(404);
    expect(await answer(url('35.02'), '35.02', actors.otherAdmin)).toEqual(absent);
  });

  it("reads alike for another Pemda's BPJSTK officer", async () => {
    for (const [, url] of byPemda.filter(([name]) => name !== 'imports')) {
      const absent = await answer(url('35.03'), '35.03', actors.otherOfficer);
      expect(absent.status, url('35.03')).toBe(404);
      expect(await answer(url('35.02'), '35.02', actors.otherOfficer)).toEqual(absent);
    }
  });
});

describe('a role that may never do it', () => {
  it('is still refused with 403', async () => {
    expect((await answer(`/api/v1/imports/${ids.job}`, ids.job, actors.national)).status).toBe(403);
    expect(
      (await answer(`/api/v1/payments/imports/${ids.payment}`, ids.payment, actors.national)).status,
    ).toBe(403);
    expect((await answer('/api/v1/imports?pemda=35.02', '35.02', actors.otherOfficer)).status).toBe(403);
  });
});
