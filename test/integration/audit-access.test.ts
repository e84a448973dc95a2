import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/core/access.ts';
import { formatNik, maskNik } from '../../src/core/identifiers/nik.ts';
import { formatNip } from '../../src/core/identifiers/nip.ts';
import { PONOROGO_ASN_ORANG_TUA_ASUH } from '../../src/core/programme-policy.ts';
import type { Database } from '../../src/db/database.ts';
import { buildApp } from '../../src/server/app.ts';
import { openTestDatabase } from '../support/database.ts';
import {
  seedActor,
  seedAsn,
  seedOpd,
  seedPemda,
  seedPolicyProgramme,
  seedSponsor,
  seedSponsorship,
  seedWorkers,
} from '../support/fixtures.ts';

/**
 * Who reads whom, as the audit log tells it: a civil servant of Ponorogo reads the worker they
 * sponsor, Ponorogo's admin reads the log of those reads, the national monitor reads it with the
 * NIKs masked, and every read of the log is itself in the log.
 */
let db: Database;
let app: FastifyInstance;
let httpActor: Actor | null = null;

const WORKER = formatNik({ districtCode: '35.02.01', birthDate: '1985-06-15', sex: 'female', serial: 1 });
const actors = {} as Record<'asn' | 'admin' | 'national', Actor>;

beforeAll(async () => {
  db = await openTestDatabase();
  await seedPemda(db, '35.02');
  await seedPemda(db, '33.24');
  const opd = await seedOpd(db, '35.02', 'Dinas Pendidikan');
  const nip = formatNip({ birthDate: '1980-05-17', appointmentMonth: '2005-03', sex: 'male', serial: 1 });
  await seedAsn(db, '35.02', opd, { nip, name: 'Bambang Sutrisno' });
  const programme = await seedPolicyProgramme(db, [{ ...PONOROGO_ASN_ORANG_TUA_ASUH, areaCode: '35.02' }]);
  await seedWorkers(db, '35.02', [{ nik: WORKER, name: 'Sumiati' }]);
  const sponsor = await seedSponsor(db, { pemdaCode: '35.02', kind: 'asn', nip });
  await seedSponsorship(db, {
    pemdaCode: '35.02',
    programmeId: programme,
    sponsorId: sponsor,
    nik: WORKER,
    firstMonth: '2026-01',
  });
  actors.asn = await seedActor(db, { username: 'bambang', role: 'asn', pemdaCode: '35.02', nip });
  actors.admin = await seedActor(db, { username: 'admin.ponorogo', role: 'pemda_admin', pemdaCode: '35.02' });
  actors.national = await seedActor(db, { username: 'pusat', role: 'national' });
  app = await buildApp({ db, webDir: null, actorOverride: () => httpActor });
});

afterAll(async () => {
  await app.close();
  await db.close();
});

async function get(url: string, actor: Actor) {
  httpActor = actor;
  const response = await app.inject({ url });
  return { status: response.statusCode, body: response.json(), text: response.body };
}

interface Entry {
  username: string | null;
  action: string;
  entityId: string | null;
  pemdaCode: string | null;
  details: { route?: string; niks?: string[] };
}

describe('the audit log', () => {
  it("shows the Pemda admin a civil servant's reads of their worker and its coverage", async () => {
    expect((await get(`/api/v1/workers/${WORKER}`, actors.asn)).status).toBe(200);
    expect((await get(`/api/v1/workers/${WORKER}/coverage`, actors.asn)).status).toBe(200);
    const { status, body } = await get('/api/v1/audit?action=worker.read_nik', actors.admin);
    expect(status).toBe(200);
    const reads = (body.items as Entry[])
      .filter((entry) => entry.username === 'bambang')
      .map((entry) => [entry.details.route, entry.pemdaCode, entry.details.niks]);
    expect(reads.sort()).toEqual([
      ['workers.coverage', '35.02', [WORKER]],
      ['workers.get', '35.02', [WORKER]],
    ]);
    const unplaced = await db.query(
      `SELECT id FROM audit_log WHERE action = 'worker.read_nik' AND pemda_code IS NULL`,
    );
    expect(unplaced).toEqual([]);
  });

  it('shows the national monitor masked NIKs only, in details and ids', async () => {
    const { status, body, text } = await get('/api/v1/audit?pemda=35.02', actors.national);
    expect(status).toBe(200);
    const reads = (body.items as Entry[]).filter((entry) => entry.action === 'worker.read_nik');
    expect(reads.length).toBeGreaterThanOrEqual(2);
    for (const entry of reads) {
      expect(entry.details.niks).toEqual([maskNik(WORKER)]);
    }
    expect(reads.some((entry) => entry.entityId === maskNik(WORKER))).toBe(true);
    expect(text).not.toMatch(/\d{16}/);
  });

  it('records every read of itself, under the Pemda read', async () => {
    await get('/api/v1/audit', actors.national);
    const rows = await db.query<{ username: string; pemda_code: string | null }>(
      `SELECT username, pemda_code FROM audit_log WHERE action = 'audit.read' ORDER BY id`,
    );
    expect(rows).toEqual([
      { username: 'admin.ponorogo', pemda_code: '35.02' },
      { username: 'pusat', pemda_code: '35.02' },
      { username: 'pusat', pemda_code: null },
    ]);
    // The Pemda admin sees who read their Pemda's log.
    const { body } = await get('/api/v1/audit?action=audit.read', actors.admin);
    expect((body.items as Entry[]).map((entry) => entry.username)).toEqual(['pusat', 'admin.ponorogo']);
  });

  it("answers a Pemda admin asking for another Pemda's log as for a Pemda not onboarded", async () => {
    const kendal = await get('/api/v1/audit?pemda=33.24', actors.admin);
    const unknown = await get('/api/v1/audit?pemda=11.01', actors.admin);
    expect(kendal.status).toBe(404);
    expect(kendal.body.error.code).toBe('PEMDA_NOT_FOUND');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('PEMDA_NOT_FOUND');
    // A civil servant never reads the log, whichever Pemda they name.
    expect((await get('/api/v1/audit?pemda=33.24', actors.asn)).status).toBe(403);
  });
});
