import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/core/access.ts';
import { formatNik, maskNik } from '../../src/core/identifiers/nik.ts';
import { formatNip } from '../../src/core/identifiers/nip.ts';
import { PONOROGO_ASN_ORANG_TUA_ASUH } from '../../src/core/programme-policy.ts';
import { currentPeriod } from '../../src/core/regions.ts';
import type { Database } from '../../src/db/database.ts';
import { buildApp } from '../../src/server/app.ts';
import { runCli } from '../support/cli.ts';
import { openTestDatabase } from '../support/database.ts';
import {
  seedActor,
  seedAsn,
  seedOpd,
  seedPemda,
  seedPolicyProgramme,
  seedProgramme,
  seedSponsor,
  seedSponsorship,
  seedWorkers,
} from '../support/fixtures.ts';

/**
 * Ponorogo (35.02) and Kendal (33.24). Kendal's registry holds two workers who live in Ponorogo;
 * Kendal's budget pays for one of them. A civil servant of Ponorogo knows their NIKs. Nothing they
 * type may take those workers or tell them that Kendal holds them: the answers are those of a NIK
 * registered nowhere, until Kendal's administrator accepts a transfer.
 */
let db: Database;
let app: FastifyInstance;
let httpActor: Actor | null = null;

const nik = (district: string, serial: number) =>
  formatNik({ districtCode: district, birthDate: '1985-06-15', sex: 'female', serial });
const W = {
  own: nik('35.02.01', 1),
  kendal: nik('33.24.01', 2),
  kendalCovered: nik('33.24.01', 3),
  nowhere: nik('35.02.01', 4),
  nowhere2: nik('35.02.01', 5),
  kendalCli: nik('33.24.01', 6),
};
const actors = {} as Record<'asn' | 'admin' | 'adminKendal', Actor>;

beforeAll(async () => {
  db = await openTestDatabase();
  for (const code of ['35.02', '33.24']) await seedPemda(db, code);
  const opd = await seedOpd(db, '35.02', 'Dinas Pendidikan');
  const nip = formatNip({ birthDate: '1980-05-17', appointmentMonth: '2005-03', sex: 'male', serial: 1 });
  await seedAsn(db, '35.02', opd, { nip, name: 'Bambang Sutrisno' });
  await seedPolicyProgramme(db, [{ ...PONOROGO_ASN_ORANG_TUA_ASUH, areaCode: '35.02' }]);
  await seedWorkers(db, '35.02', [{ nik: W.own, name: 'Sumiati' }]);
  await seedWorkers(db, '33.24', [
    { nik: W.kendal, name: 'Paijo Kendal', villageCode: '35.02.01.2001' },
    { nik: W.kendalCovered, name: 'Sarinah Kendal', villageCode: '35.02.01.2001' },
    { nik: W.kendalCli, name: 'Tukiman Kendal', villageCode: '35.02.01.2001' },
  ]);
  await db.query(`UPDATE worker SET phone = '081234567890' WHERE nik = $1`, [W.kendal]);
  const cohort = await seedProgramme(db, {
    pemdaCode: '33.24',
    key: 'kendal-petani',
    name: 'Petani Kendal',
    kind: 'apbd_cohort',
  });
  const budget = await seedSponsor(db, { pemdaCode: '33.24', kind: 'apbd', name: 'APBD Kendal' });
  await seedSponsorship(db, {
    pemdaCode: '33.24',
    programmeId: cohort,
    sponsorId: budget,
    nik: W.kendalCovered,
    firstMonth: '2026-01',
  });
  actors.asn = await seedActor(db, { username: 'bambang', role: 'asn', pemdaCode: '35.02', nip });
  actors.admin = await seedActor(db, { username: 'admin.ponorogo', role: 'pemda_admin', pemdaCode: '35.02' });
  actors.adminKendal = await seedActor(db, {
    username: 'admin.kendal',
    role: 'pemda_admin',
    pemdaCode: '33.24',
  });
  app = await buildApp({ db, webDir: null, actorOverride: () => httpActor });
});

afterAll(async () => {
  await app.close();
  await db.close();
});

async function http(method: 'GET' | 'POST', url: string, actor: Actor, payload?: object) {
  httpActor = actor;
  const response = await app.inject({ method, url, payload, headers: { 'accept-language': 'en' } });
  return { status: response.statusCode, body: response.json() };
}

/** An answer with the NIK it names blanked, to compare the answers for two NIKs. */
async function answer(
  method: 'GET' | 'POST',
  url: (nik: string) => string,
  as: Actor,
  of: string,
  payload?: (nik: string) => object,
) {
  const { status, body } = await http(method, url(of), as, payload?.(of));
  const text = JSON.stringify(body).replaceAll(of, '<nik>').replaceAll(maskNik(of), '<nik>');
  return { status, body: JSON.parse(text) };
}

const links = async (of: string) =>
  (
    await db.query<{ pemda_code: string }>(
      'SELECT pemda_code FROM pemda_worker WHERE nik = $1 ORDER BY pemda_code',
      [of],
    )
  ).map((row) => row.pemda_code);

const newWorker = (of: string) => ({
  relationship: 'neighbour',
  worker: {
    nik: of,
    name: 'Paijo',
    birthDate: '1985-06-15',
    sex: 'P',
    villageCode: '35.02.01.2001',
  },
});

describe("another Pemda's worker, by NIK", () => {
  it('cannot be sponsored by an ASN of 35.02: the answer is that of a NIK registered nowhere', async () => {
    const sponsor = (of: string) =>
      answer(
        'POST',
        () => '/api/v1/sponsorships',
        actors.asn,
        of,
        (n) => ({ nik: n, relationship: 'neighbour' }),
      );
    const nowhere = await sponsor(W.nowhere);
    expect(nowhere).toMatchObject({ status: 404, body: { error: { code: 'WORKER_NOT_FOUND' } } });
    expect(await sponsor(W.kendal)).toEqual(nowhere);
    // Covered by Kendal: not a 409 naming the months held.
    expect(await sponsor(W.kendalCovered)).toEqual(nowhere);
    expect(await links(W.kendal)).toEqual(['33.24']);
    expect(await links(W.kendalCovered)).toEqual(['33.24']);
    const [{ count }] = (await db.query<{ count: number }>(
      `SELECT count(*) AS count FROM sponsorship WHERE pemda_code = '35.02'`,
    )) as [{ count: number }];
    expect(count).toBe(0);
  });

  it('reads as absent in the worker and coverage reads, for the ASN and the Pemda admin alike', async () => {
    for (const as of [actors.asn, actors.admin]) {
      for (const url of [
        (n: string) => `/api/v1/workers/${n}`,
        (n: string) => `/api/v1/workers/${n}/coverage`,
      ]) {
        const nowhere = await answer('GET', url, as, W.nowhere);
        expect(nowhere.status).toBe(404);
        expect(await answer('GET', url, as, W.kendal)).toEqual(nowhere);
      }
      const search = await http('GET', `/api/v1/workers?q=${W.kendal}`, as);
      expect(search.body.total).toBe(0);
    }
  });

  it('named to a donor programme by the Pemda admin reads as a NIK registered nowhere', async () => {
    const { status, body } = await http('POST', '/api/v1/pemda/35.02/donors', actors.admin, {
      name: 'Ibu Sri Wahyuni',
      niks: [W.nowhere, W.kendal],
      months: 3,
      from: currentPeriod(new Date(), 'WIB'),
    });
    expect(status).toBe(201);
    expect(body).toMatchObject({ read: 2, added: 0, rejected: 2 });
    const [nowhere, kendal] = body.issues;
    expect({ ...kendal, row: 1, value: '' }).toEqual({ ...nowhere, row: 1, value: '' });
    expect(kendal.code).toBe('NOT_IN_REGISTRY');
    expect(await links(W.kendal)).toEqual(['33.24']);
  });

  it('typed as a new worker is asked for by a transfer request, not taken, and not described', async () => {
    const { status, body } = await http('POST', '/api/v1/sponsorships', actors.asn, newWorker(W.kendal));
    expect({ status, code: body.error.code }, JSON.stringify(body)).toEqual({
      status: 409,
      code: 'WORKER_TRANSFER_REQUESTED',
    });
    expect(Object.keys(body.error.details)).toEqual(['transferId']);
    expect(JSON.stringify(body)).not.toContain('Paijo Kendal');
    expect(await links(W.kendal)).toEqual(['33.24']);
    const [request] = await db.query<{ to_pemda_code: string; name: string; status: string }>(
      'SELECT to_pemda_code, name, status FROM worker_transfer_request WHERE id = $1',
      [body.error.details.transferId],
    );
    expect(request).toEqual({ to_pemda_code: '35.02', name: 'Paijo', status: 'pending' });
  });
});

describe('a transfer request', () => {
  const ask = (of: string, as = actors.admin) =>
    answer(
      'POST',
      () => '/api/v1/worker-transfers',
      as,
      of,
      (n) => ({ nik: n, name: 'Paijo', birthDate: '1985-06-15' }),
    );

  it('answers alike for a NIK held by another Pemda and one registered nowhere', async () => {
    const nowhere = await ask(W.nowhere2);
    const held = await ask(W.kendalCovered);
    expect(nowhere.status).toBe(202);
    expect({ ...held.body, id: 0 }).toEqual({ ...nowhere.body, id: 0 });
    expect(held.status).toBe(nowhere.status);
    expect(nowhere.body.message).toMatch(/^Request recorded\. If this NIK is registered in another Pemda/);
    // Its own worker is its own to see.
    expect((await ask(W.own)).body.error.code).toBe('WORKER_IN_YOUR_REGISTRY');
  });

  it("shows in the holding Pemda's queue only; the requester sees its requests pending", async () => {
    const incoming = await http('GET', '/api/v1/worker-transfers?direction=incoming', actors.adminKendal);
    expect(incoming.status).toBe(200);
    expect(incoming.body.items.map((item: { nik: string }) => item.nik).sort()).toEqual(
      [W.kendal, W.kendalCovered].sort(),
    );
    expect(incoming.body.items.every((item: { toPemdaCode: string }) => item.toPemdaCode === '35.02')).toBe(
      true,
    );
    const theirs = await http('GET', '/api/v1/worker-transfers?direction=incoming', actors.admin);
    expect(theirs.body.total).toBe(0);
    const outgoing = await http('GET', '/api/v1/worker-transfers?direction=outgoing', actors.admin);
    expect(outgoing.body.items.map((item: { status: string }) => item.status)).toEqual([
      'pending',
      'pending',
      'pending',
    ]);
    expect(outgoing.body.items.every((item: { fromPemdaCode: unknown }) => item.fromPemdaCode === null)).toBe(
      true,
    );
  });

  it('is decided only by the holding Pemda: to anyone else it reads as a missing id', async () => {
    const [{ id }] = (await db.query<{ id: number }>(
      'SELECT id FROM worker_transfer_request WHERE nik = $1',
      [W.nowhere2],
    )) as [{ id: number }];
    const missing = await http('POST', '/api/v1/worker-transfers/999999/decision', actors.adminKendal, {
      decision: 'accept',
    });
    expect(missing.status).toBe(404);
    const other = await http('POST', `/api/v1/worker-transfers/${id}/decision`, actors.adminKendal, {
      decision: 'accept',
    });
    expect({ ...other, body: JSON.stringify(other.body).replace(String(id), 'ID') }).toEqual({
      ...missing,
      body: JSON.stringify(missing.body).replace('999999', 'ID'),
    });
    const own = await http('POST', `/api/v1/worker-transfers/${id}/decision`, actors.admin, {
      decision: 'accept',
    });
    expect(own.status).toBe(404);
  });

  it('waits for the holder to end its sponsorship; a rejection needs a reason and stays pending to the requester', async () => {
    const [{ id }] = (await db.query<{ id: number }>(
      'SELECT id FROM worker_transfer_request WHERE nik = $1',
      [W.kendalCovered],
    )) as [{ id: number }];
    const open = await http('POST', `/api/v1/worker-transfers/${id}/decision`, actors.adminKendal, {
      decision: 'accept',
    });
    expect(open).toMatchObject({ status: 409, body: { error: { code: 'TRANSFER_OPEN_SPONSORSHIPS' } } });
    const bare = await http('POST', `/api/v1/worker-transfers/${id}/decision`, actors.adminKendal, {
      decision: 'reject',
    });
    expect(bare).toMatchObject({ status: 400, body: { error: { code: 'REASON_REQUIRED' } } });
    const rejected = await http('POST', `/api/v1/worker-transfers/${id}/decision`, actors.adminKendal, {
      decision: 'reject',
      reason: 'Masih ditanggung APBD Kendal',
    });
    expect(rejected.body).toMatchObject({ status: 'rejected', fromPemdaCode: '33.24' });
    const outgoing = await http('GET', '/api/v1/worker-transfers?direction=outgoing', actors.admin);
    expect(outgoing.body.items.find((item: { id: number }) => item.id === id)).toMatchObject({
      status: 'pending',
      fromPemdaCode: null,
      reason: null,
    });
    const audit = await db.query<{ pemda_code: string; action: string }>(
      `SELECT pemda_code, action FROM audit_log WHERE action LIKE 'worker.transfer_%' AND details->>'transferId' = $1`,
      [String(id)],
    );
    expect(audit).toEqual([{ pemda_code: '33.24', action: 'worker.transfer_reject' }]);
  });

  it('accepted by the holding Pemda moves the worker, is audited in both Pemda, and the sponsorship then works', async () => {
    const [{ id }] = (await db.query<{ id: number }>(
      'SELECT id FROM worker_transfer_request WHERE nik = $1',
      [W.kendal],
    )) as [{ id: number }];
    const accepted = await http('POST', `/api/v1/worker-transfers/${id}/decision`, actors.adminKendal, {
      decision: 'accept',
      reason: 'Pindah domisili ke Ponorogo',
    });
    expect(accepted).toMatchObject({ status: 200, body: { status: 'accepted', fromPemdaCode: '33.24' } });
    expect(await links(W.kendal)).toEqual(['35.02']);
    const audit = await db.query<{ pemda_code: string; action: string; username: string }>(
      `SELECT pemda_code, action, username FROM audit_log
        WHERE action LIKE 'worker.transfer_%' AND details->>'transferId' = $1 ORDER BY pemda_code`,
      [String(id)],
    );
    expect(audit).toEqual([
      { pemda_code: '33.24', action: 'worker.transfer_out', username: 'admin.kendal' },
      { pemda_code: '35.02', action: 'worker.transfer_in', username: 'admin.kendal' },
    ]);
    const outgoing = await http('GET', '/api/v1/worker-transfers?direction=outgoing', actors.admin);
    expect(outgoing.body.items.find((item: { id: number }) => item.id === id)).toMatchObject({
      status: 'accepted',
      fromPemdaCode: '33.24',
    });

    const created = await http('POST', '/api/v1/sponsorships', actors.asn, {
      nik: W.kendal,
      relationship: 'neighbour',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      pemdaCode: '35.02',
      worker: { nik: W.kendal, name: 'Paijo Kendal' },
      firstMonth: currentPeriod(new Date(), 'WIB'),
    });
    // Kendal no longer reads the worker it gave away.
    expect((await http('GET', `/api/v1/workers/${W.kendal}`, actors.adminKendal)).status).toBe(404);
  });
});

describe('asuh transfers', () => {
  it("lists the holding Pemda's queue and accepts on the server, audited as the system in both Pemda", async () => {
    const asked = await http('POST', '/api/v1/worker-transfers', actors.admin, {
      nik: W.kendalCli,
      name: 'Tukiman',
    });
    expect(asked.status).toBe(202);
    const listed = await runCli(['transfers', 'list', '--pemda', '33.24', '--json'], db);
    expect(listed.code).toBe(0);
    const pending = JSON.parse(listed.stdout).items.filter(
      (item: { status: string }) => item.status === 'pending',
    );
    expect(pending.map((item: { id: number; nik: string }) => [item.id, item.nik])).toEqual([
      [asked.body.id, W.kendalCli],
    ]);
    const accepted = await runCli(['transfers', 'accept', String(asked.body.id), '--pemda', '33.24'], db);
    expect(accepted).toMatchObject({ code: 0, stderr: '' });
    expect(accepted.stdout).toContain(`${asked.body.id}  ${W.kendalCli}  Tukiman  35.02  disetujui`);
    expect(await links(W.kendalCli)).toEqual(['35.02']);
    const audit = await db.query<{ pemda_code: string; action: string; username: string | null }>(
      `SELECT pemda_code, action, username FROM audit_log
        WHERE action LIKE 'worker.transfer_%' AND details->>'transferId' = $1 ORDER BY pemda_code`,
      [String(asked.body.id)],
    );
    expect(audit).toEqual([
      { pemda_code: '33.24', action: 'worker.transfer_out', username: null },
      { pemda_code: '35.02', action: 'worker.transfer_in', username: null },
    ]);
    const again = await runCli(
      ['transfers', 'reject', String(asked.body.id), '--pemda', '33.24', '--reason', 'x'],
      db,
    );
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('TRANSFER_NOT_FOUND');
    expect((await runCli(['transfers', 'accept', 'abc', '--pemda', '33.24'], db)).code).toBe(1);
  });
});
