import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/core/access.ts';
import { formatNik } from '../../src/core/identifiers/nik.ts';
import { periodRange } from '../../src/core/period.ts';
import type { Database } from '../../src/db/database.ts';
import type { WorkerCoverage } from '../../src/features/coverage/coverage-types.ts';
import { createCoverageService } from '../../src/features/coverage/index.ts';
import { buildApp } from '../../src/server/app.ts';
import { runCli } from '../support/cli.ts';
import { openTestDatabase } from '../support/database.ts';
import {
  billMonths,
  payWorkerMonths,
  seedCsrSponsor,
  seedOpd,
  seedPemda,
  seedPemdaUsers,
  seedSponsorship,
  seedSponsorshipsFrom,
  seedWorkers,
} from '../support/fixtures.ts';

/**
 * Four workers paid for by one company from January 2024, billed January to June by the billing
 * run, their months paid (or not) through a BPJSTK payment confirmation. Each rule of coverage is
 * read back as a user reads it: the state of a month and the answer to "covered on this day?".
 */
let db: Database;
let app: FastifyInstance;
let actor: Actor | null = null;
const actors: Record<string, Actor> = {};

const nik = (serial: number) =>
  formatNik({ districtCode: '35.02.01', birthDate: '1980-02-03', sex: 'female', serial });
const W = { onTime: nik(1), late: nik(2), lapsed: nik(3), override: nik(4) };
const MONTHS = ['2024-01', '2024-02', '2024-03', '2024-04', '2024-05', '2024-06'] as const;

async function coverage(worker: string, on?: string, language = 'en') {
  const response = await app.inject({
    method: 'GET',
    url: `/api/v1/workers/${worker}/coverage${on ? `?on=${on}` : ''}`,
    headers: { 'accept-language': language },
  });
  return {
    status: response.statusCode,
    body: response.json() as WorkerCoverage & { error?: { code: string; message: string } },
  };
}

beforeAll(async () => {
  db = await openTestDatabase();
  await seedPemda(db, '35.02');
  await seedPemda(db, '35.03');
  await seedWorkers(
    db,
    '35.02',
    Object.values(W).map((n, i) => ({ nik: n, name: `Pekerja ${i + 1}` })),
  );
  const csr = await seedCsrSponsor(db, '35.02', { key: 'csr-uji', name: 'CSR Uji' });
  await seedSponsorshipsFrom(
    db,
    '35.02',
    '2024-01',
    Object.values(W).map((nik) => ({ nik, ...csr })),
  );
  await billMonths(db, '35.02', MONTHS);
  await payWorkerMonths(db, '35.02', [
    ...Object.values(W).map((worker) => ({ nik: worker, period: '2024-01' as const, paidOn: '2024-01-10' })),
    { nik: W.onTime, period: '2024-02', paidOn: '2024-02-10' },
    { nik: W.late, period: '2024-02', paidOn: '2024-02-20' },
    { nik: W.late, period: '2024-03', paidOn: '2024-03-05' },
  ]);
  const opdId = await seedOpd(db, '35.02', 'Dinas Sosial');
  Object.assign(actors, await seedPemdaUsers(db, { pemdaCode: '35.02', opdId, otherPemdaCode: '35.03' }));
  app = await buildApp({ db, webDir: null, actorOverride: () => actor });
});

afterAll(async () => {
  await app?.close();
  await db?.close();
});

describe('coverage: the rules on the ledger (service, PGlite and PostgreSQL)', () => {
  it('covers a month paid on time from its first day', async () => {
    actor = actors.admin!;
    const { status, body } = await coverage(W.onTime, '2024-02-05');
    expect(status).toBe(200);
    expect(
      body.months.slice(0, 2).map((m) => [m.period, m.state, m.amount, m.paid, m.paidOn, m.coveredFrom]),
    ).toEqual([
      ['2024-01', 'paid_on_time', 16_800, 16_800, '2024-01-10', '2024-01-10'],
      ['2024-02', 'paid_on_time', 16_800, 16_800, '2024-02-10', '2024-02-01'],
    ]);
    expect(body.answer).toMatchObject({ date: '2024-02-05', covered: true, code: 'COVERED_ON_TIME' });
    expect(body.answer!.reason).toBe(
      'Covered: the contribution for 2024-02 was paid on time on 2024-02-10 (due 2024-02-15); cover runs from 2024-02-01.',
    );
  });

  it('restores cover from the day of a late payment, never for an incident before it', async () => {
    actor = actors.admin!;
    const before = await coverage(W.late, '2024-02-19');
    expect(before.body.months[1]).toMatchObject({
      state: 'paid_late',
      dueDate: '2024-02-15',
      coveredFrom: '2024-02-20',
    });
    expect(before.body.answer).toMatchObject({ covered: false, code: 'NOT_COVERED_BEFORE_PAYMENT' });
    expect(before.body.answer!.reason).toBe(
      'Not covered: the contribution for 2024-02 was paid in full on 2024-02-20 (late); cover runs from 2024-02-20, never for an incident before it.',
    );
    const after = await coverage(W.late, '2024-02-20', 'id');
    expect(after.body.answer).toMatchObject({ covered: true, code: 'COVERED_PAID_LATE' });
    expect(after.body.answer!.reason).toBe(
      'Tertanggung: iuran 2024-02 dibayar terlambat pada 2024-02-20 (batas 2024-02-15); perlindungan berlaku sejak 2024-02-20.',
    );
    expect(after.body.months[2]).toMatchObject({ state: 'paid_on_time', coveredFrom: '2024-03-01' });
  });

  it('ends the membership after more than 3 consecutive unpaid months', async () => {
    actor = actors.admin!;
    const { body } = await coverage(W.lapsed, '2024-06-10');
    expect(body.months.slice(0, 6).map((m) => m.state)).toEqual([
      'paid_on_time',
      'unpaid',
      'unpaid',
      'unpaid',
      'lapsed',
      'lapsed',
    ]);
    expect(body.months[1]).toMatchObject({ arrearsPayableUntil: '2024-05-15', stateLabel: 'Unpaid' });
    expect(body.months[4]!.lapsedOn).toBe('2024-05-15');
    expect(body.answer!.code).toBe('NOT_COVERED_LAPSED');
    expect(body.answer!.reason).toBe(
      'Not covered: contributions went unpaid for more than 3 consecutive months, so the membership ended on 2024-05-15; 2024-06 is not protected. Re-enrolment is a new membership.',
    );
  });

  it('answers from the Pemda clock with a fixed "now" through the service', async () => {
    const service = createCoverageService({ db: db, now: () => new Date('2024-02-10T02:00:00Z') });
    const ledger = await service.ledgerCoverage(W.lapsed, { sql: () => 'true', params: [] });
    expect(ledger.zone).toBe('WIB');
    expect(ledger.today).toBe('2024-02-10');
    // On 10 February, February is not due yet and nothing has lapsed.
    expect(ledger.months.slice(0, 2).map((m) => m.state)).toEqual(['paid_on_time', 'pending']);
  });
});

describe('coverage: months before the Pemda kept its ledger in Asuh', () => {
  // Kabupaten Trenggalek adopts Asuh in December 2025; the company has paid for the worker since 2024.
  const newcomer = nik(5);

  beforeAll(async () => {
    await seedWorkers(db, '35.03', [{ nik: newcomer, name: 'Pekerja Trenggalek' }]);
    const csr = await seedCsrSponsor(db, '35.03', { key: 'csr-trenggalek', name: 'CSR Trenggalek' });
    await seedSponsorship(db, { pemdaCode: '35.03', nik: newcomer, firstMonth: '2024-01', ...csr });
    await billMonths(db, '35.03', ['2025-12']);
    await payWorkerMonths(db, '35.03', [{ nik: newcomer, period: '2025-12', paidOn: '2025-12-10' }]);
  });

  it('reads them as not recorded, not lapsed, and covers the first month paid on time from its first day', async () => {
    actor = actors.otherAdmin!;
    const { status, body } = await coverage(newcomer, undefined, 'id');
    expect(status).toBe(200);
    const before = body.months.slice(0, 23);
    expect(before.map((m) => m.period)).toEqual(periodRange('2024-01', 23));
    for (const month of before) {
      expect(month).toMatchObject({
        state: 'not_recorded',
        stateLabel: 'Tidak tercatat di Asuh',
        billed: false,
        lapsedOn: null,
        recordedFrom: '2025-12',
      });
    }
    expect(body.months[23]).toMatchObject({
      period: '2025-12',
      state: 'paid_on_time',
      amount: 16_800,
      paidOn: '2025-12-10',
      coveredFrom: '2025-12-01',
    });
  });

  it('answers NOT_RECORDED for a day in 2024, with the reason', async () => {
    actor = actors.otherAdmin!;
    const { body } = await coverage(newcomer, '2024-06-10');
    expect(body.answer).toMatchObject({ covered: false, code: 'NOT_RECORDED', state: 'not_recorded' });
    expect(body.answer!.reason).toBe(
      "Not recorded in Asuh: Asuh holds no payment record for 2024-06 because the Pemda's ledger in Asuh begins in 2025-12. Ask BPJS Ketenagakerjaan; an officer may record an override with a reason.",
    );
  });
});

describe('coverage: overrides by officers', () => {
  it('refuses an override without a reason, and from a role that may not decide', async () => {
    actor = actors.officer!;
    const short = await app.inject({
      method: 'POST',
      url: `/api/v1/workers/${W.override}/coverage-overrides`,
      payload: { period: '2024-02', reason: ' ' },
    });
    expect(short.statusCode).toBe(400);
    actor = actors.national!;
    const monitor = await app.inject({
      method: 'POST',
      url: `/api/v1/workers/${W.override}/coverage-overrides`,
      payload: { period: '2024-02', reason: 'Sudah dibayar di cabang' },
    });
    expect(monitor.statusCode).toBe(403);
  });

  it('covers an unpaid month once an officer records an override with its reason, audited', async () => {
    actor = actors.admin!;
    const refused = await coverage(W.override, '2024-02-10');
    expect(refused.body.answer).toMatchObject({ covered: false, code: 'NOT_COVERED_UNPAID' });
    actor = actors.officer!;
    const recorded = await app.inject({
      method: 'POST',
      url: `/api/v1/workers/${W.override}/coverage-overrides`,
      headers: { 'accept-language': 'en' },
      payload: { period: '2024-02', reason: 'Tunggakan Februari dibayar di kantor cabang 2024-03-02' },
    });
    expect(recorded.statusCode).toBe(201);
    const months = (recorded.json() as WorkerCoverage).months;
    expect(months[1]!.override).toMatchObject({ covered: true, by: 'petugas.3502' });
    const { body } = await coverage(W.override, '2024-02-10');
    expect(body.answer).toMatchObject({ covered: true, code: 'COVERED_BY_OVERRIDE', overridden: true });
    expect(body.answer!.reason).toMatch(
      /^Covered by an officer's override \(petugas\.3502\): Tunggakan Februari dibayar di kantor cabang 2024-03-02\. By the ledger alone: Not covered/,
    );
    const [audit] = await db.query<{ username: string; details: { period: string; reason: string } }>(
      `SELECT username, details FROM audit_log WHERE action = 'coverage.override' AND entity_id = $1`,
      [W.override],
    );
    expect(audit).toMatchObject({ username: 'petugas.3502', details: { period: '2024-02' } });
  });
});

describe('coverage: scope', () => {
  it('masks the NIK and the payer for a national monitor, and hides other Pemdas’ workers', async () => {
    actor = actors.national!;
    const { body } = await coverage(W.onTime);
    expect(body.nik).toBe('3502********0001');
    expect(body.months[0]!.sponsor).toBeNull();
    expect(body.months[0]!.sponsored).toBe(true);
    actor = actors.admin!;
    expect((await coverage(W.onTime)).body.months[0]!.sponsor).toMatchObject({ name: 'PT Peduli' });
    actor = actors.otherAdmin!;
    const other = await coverage(W.onTime);
    expect(other.status).toBe(404);
    actor = actors.opdHead!;
    expect((await coverage(W.onTime)).status).toBe(404);
  });
});

describe('asuh coverage', () => {
  it('prints the timeline and exits 1 when not covered on the day asked', async () => {
    const run = await runCli(['coverage', W.late, '--on', '2024-02-19'], db, { ASUH_LANG: 'en' });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('2024-02  Paid late Rp 16.800 paid 2024-02-20 covered from 2024-02-20');
    expect(run.stdout.trim().split('\n').at(-1)).toBe(
      '2024-02-19: Not covered: the contribution for 2024-02 was paid in full on 2024-02-20 (late); cover runs from 2024-02-20, never for an incident before it.',
    );
    const json = await runCli(['coverage', W.onTime, '--on', '2024-02-05', '--json'], db);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout).answer).toMatchObject({ covered: true, code: 'COVERED_ON_TIME' });
  });
});
