import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/core/access.ts';
import { CONTRIBUTION_RULES } from '../../src/core/contributions/schedules.ts';
import { formatNik } from '../../src/core/identifiers/nik.ts';
import { formatNip } from '../../src/core/identifiers/nip.ts';
import type { Database } from '../../src/db/database.ts';
import { createBillingService } from '../../src/features/billing/index.ts';
import { transitionSponsorships } from '../../src/features/sponsorship/index.ts';
import { buildApp } from '../../src/server/app.ts';
import { runCli } from '../support/cli.ts';
import { openTestDatabase } from '../support/database.ts';
import {
  seedActor,
  seedAsn,
  seedOpd,
  seedPemda,
  seedProgramme,
  seedSponsor,
  seedSponsorship,
  seedWorkers,
} from '../support/fixtures.ts';

/**
 * One Pemda (35.02) with every kind of payer: three ASN in two OPDs paying by payroll
 * deduction, an APBD budget line, a CSR company and an individual donor; sponsorships in every
 * status. January 2024 is billed, then the months around it.
 */
let db: Database;
let app: FastifyInstance;
let actor: Actor | null = null;

const nip = (serial: number) =>
  formatNip({ birthDate: '1980-05-17', appointmentMonth: '2005-03', sex: 'male', serial });
const nik = (serial: number) =>
  formatNik({ districtCode: '35.02.01', birthDate: '1975-08-09', sex: 'female', serial });
const W = Array.from({ length: 16 }, (_, i) => nik(i + 1));
const ids: Record<string, number> = {};

let adminActor: Actor;

async function call(method: 'GET' | 'POST', url: string, as: Actor | null, payload?: unknown) {
  actor = as;
  const response = await app.inject({
    method,
    url,
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    headers: { 'accept-language': 'en' },
  });
  return { status: response.statusCode, body: response.json() };
}

beforeAll(async () => {
  db = await openTestDatabase();
  await seedPemda(db, '35.02');
  await seedPemda(db, '35.03');
  adminActor = await seedActor(db, { username: 'admin.3502', role: 'pemda_admin', pemdaCode: '35.02' });
  ids.opdA = await seedOpd(db, '35.02', 'Dinas Pendidikan');
  ids.opdB = await seedOpd(db, '35.02', 'Dinas Kesehatan');
  await seedAsn(db, '35.02', ids.opdA, { nip: nip(1), name: 'Budi Santoso' });
  await seedAsn(db, '35.02', ids.opdA, { nip: nip(2), name: 'Citra Lestari' });
  await seedAsn(db, '35.02', ids.opdB, { nip: nip(3), name: 'Dewi Anggraini' });
  await seedWorkers(
    db,
    '35.02',
    W.map((value, i) => ({ nik: value, name: `Pekerja ${String(i + 1).padStart(2, '0')}` })),
  );
  const programme = await seedProgramme(db, { pemdaCode: '35.02', key: 'uji', name: 'Uji', kind: 'csr' });
  ids.a1 = await seedSponsor(db, { pemdaCode: '35.02', kind: 'asn', nip: nip(1) });
  ids.a2 = await seedSponsor(db, { pemdaCode: '35.02', kind: 'asn', nip: nip(2) });
  ids.a3 = await seedSponsor(db, { pemdaCode: '35.02', kind: 'asn', nip: nip(3) });
  ids.apbd = await seedSponsor(db, { pemdaCode: '35.02', kind: 'apbd', name: 'APBD Ponorogo 2024' });
  ids.csr = await seedSponsor(db, {
    pemdaCode: '35.02',
    kind: 'organisation',
    organisationName: 'PT Peduli',
  });
  ids.ani = await seedSponsor(db, { pemdaCode: '35.02', kind: 'individual', name: 'Ibu Ani' });
  const s = (sponsor: string, worker: number, extra: Partial<Parameters<typeof seedSponsorship>[1]> = {}) =>
    seedSponsorship(db, {
      pemdaCode: '35.02',
      programmeId: programme,
      sponsorId: ids[sponsor]!,
      nik: W[worker - 1]!,
      firstMonth: '2024-01',
      ...extra,
    });
  ids.s1 = await s('a1', 1, { firstMonth: '2023-12' });
  ids.s2 = await s('a1', 2, { status: 'enrolled' });
  ids.s3 = await s('a2', 3, { programmes: ['jkk', 'jkm', 'jht'] });
  ids.s4 = await s('a3', 4);
  ids.s5 = await s('apbd', 5);
  ids.s6 = await s('apbd', 6);
  ids.s7 = await s('csr', 7);
  ids.s8 = await s('ani', 8);
  // Not billed in January: a proposal, a verified one, a rejected one, one that ended before.
  await s('a1', 9, { status: 'proposed' });
  await s('a2', 10, { status: 'verified' });
  await s('a3', 11, { status: 'rejected' });
  await s('a3', 12, { firstMonth: '2023-10', endMonth: '2024-01', status: 'ended' });
  // Starting later and ending, for the range: February–April, and March only.
  ids.s13 = await s('csr', 13, { firstMonth: '2024-02', endMonth: '2024-05' });
  ids.s14 = await s('ani', 14, { firstMonth: '2024-03', endMonth: '2024-04' });
  app = await buildApp({ db, webDir: null, actorOverride: () => actor });
});

afterAll(async () => {
  await app.close();
  await db.close();
});

interface BillRow {
  reference: string;
  document: string;
  opd_id: number | null;
  sponsor_id: number | null;
  member_count: number;
  billed_amount: number;
  due_at: string;
}

async function bills(period: string): Promise<BillRow[]> {
  return db.query<BillRow & Record<string, unknown>>(
    `SELECT reference, document, opd_id, sponsor_id, member_count, billed_amount,
            to_char(due_at AT TIME ZONE 'Asia/Jakarta', 'YYYY-MM-DD HH24:MI:SS') AS due_at
       FROM bill WHERE period = $1::date ORDER BY reference`,
    [`${period}-01`],
  );
}

async function chargesOf(sponsorshipId: number): Promise<string[]> {
  const rows = await db.query<{ period: string }>(
    `SELECT to_char(period, 'YYYY-MM') AS period FROM contribution
      WHERE sponsorship_id = $1 AND kind = 'charge' ORDER BY period`,
    [sponsorshipId],
  );
  return rows.map((row) => row.period);
}

describe('billing run', () => {
  it('bills January: one contribution per billable sponsorship-month, one bill per payer', async () => {
    const run = await runCli(['billing', 'run', '--period', '2024-01', '--pemda', '35.02', '--json'], db);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      period: '2024-01',
      contributionsAdded: 8,
      billsAdded: 5,
      totalBilled: 154_400,
    });
    expect(await bills('2024-01')).toEqual([
      {
        reference: 'ASUH-3502-202401-000001',
        document: 'payroll_deduction',
        opd_id: ids.opdA,
        sponsor_id: null,
        member_count: 3,
        billed_amount: 70_400,
        due_at: '2024-01-15 23:59:59',
      },
      {
        reference: 'ASUH-3502-202401-000002',
        document: 'payroll_deduction',
        opd_id: ids.opdB,
        sponsor_id: null,
        member_count: 1,
        billed_amount: 16_800,
        due_at: '2024-01-15 23:59:59',
      },
      {
        reference: 'ASUH-3502-202401-000003',
        document: 'payment_order',
        opd_id: null,
        sponsor_id: ids.apbd,
        member_count: 2,
        billed_amount: 33_600,
        due_at: '2024-01-15 23:59:59',
      },
      {
        reference: 'ASUH-3502-202401-000004',
        document: 'invoice',
        opd_id: null,
        sponsor_id: ids.csr,
        member_count: 1,
        billed_amount: 16_800,
        due_at: '2024-01-15 23:59:59',
      },
      {
        reference: 'ASUH-3502-202401-000005',
        document: 'invoice',
        opd_id: null,
        sponsor_id: ids.ani,
        member_count: 1,
        billed_amount: 16_800,
        due_at: '2024-01-15 23:59:59',
      },
    ]);
    const [jht] = await db.query<Record<string, unknown>>(
      `SELECT jkk, jkm, jht, amount, schedule, worker_name, sponsor_name, sponsor_nip, opd_id, funding_source
         FROM contribution WHERE sponsorship_id = $1`,
      [ids.s3],
    );
    expect(jht).toEqual({
      jkk: 10_000,
      jkm: 6_800,
      jht: 20_000,
      amount: 36_800,
      schedule: expect.stringContaining('PP'),
      worker_name: 'Pekerja 03',
      sponsor_name: 'Citra Lestari',
      sponsor_nip: nip(2),
      opd_id: ids.opdA,
      funding_source: 'asn',
    });
  });

  it('adds nothing when run again, and says so', async () => {
    const run = await runCli(['billing', 'run', '--period', '2024-01', '--pemda', '35.02'], db, {
      ASUH_LANG: 'en',
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('0 contributions added: period already billed');
    const json = await runCli(['billing', 'run', '--period', '2024-01', '--pemda', '35.02', '--json'], db);
    expect(JSON.parse(json.stdout)).toEqual({
      period: '2024-01',
      contributionsAdded: 0,
      billsAdded: 0,
      totalBilled: 0,
    });
    expect(await bills('2024-01')).toHaveLength(5);
  });

  it('never changes an issued bill: not for a renamed worker, a new income, nor a new rate', async () => {
    const before = await db.query(
      'SELECT * FROM contribution WHERE period = $1::date ORDER BY sponsorship_id',
      ['2024-01-01'],
    );
    const billsBefore = await db.query('SELECT * FROM bill ORDER BY id');
    await db.query(`UPDATE worker SET name = 'Nama Baru', updated_at = now() WHERE nik = $1`, [W[0]]);
    await db.query('UPDATE sponsorship SET declared_income = 20700000, updated_at = now() WHERE id = $1', [
      ids.s3,
    ]);
    // A regulation that raised JKM to Rp 10,000 from January 2024.
    const raised = {
      ...CONTRIBUTION_RULES,
      rates: CONTRIBUTION_RULES.rates.map((schedule) =>
        schedule.scheme === 'bpu'
          ? {
              ...schedule,
              components: {
                ...schedule.components,
                jkm: { kind: 'flat' as const, rupiah: { employer: 0, worker: 10_000 }, source: 'PP 99/2099' },
              },
            }
          : schedule,
      ),
    };
    const outcome = await createBillingService({ db: db, rules: raised }).run(
      { period: '2024-01', pemdaCode: '35.02' },
      { actor: null },
    );
    expect(outcome.contributionsAdded).toBe(0);
    expect(
      await db.query('SELECT * FROM contribution WHERE period = $1::date ORDER BY sponsorship_id', [
        '2024-01-01',
      ]),
    ).toEqual(before);
    expect(await db.query('SELECT * FROM bill ORDER BY id')).toEqual(billsBefore);
    const detail = await call('GET', `/api/v1/bills/${(billsBefore[0] as { id: number }).id}`, adminActor);
    expect(detail.status).toBe(200);
    expect(detail.body.billedAmount).toBe(70_400);
    expect(detail.body.amountInWords).toBe('tujuh puluh ribu empat ratus rupiah');
    expect(detail.body.lines.map((line: { workerName: string }) => line.workerName)).toContain('Pekerja 01');
    expect(detail.body.lines.map((line: { workerName: string }) => line.workerName)).not.toContain(
      'Nama Baru',
    );
    // The new income is what February will be billed at.
    await db.query('UPDATE sponsorship SET declared_income = 1000000, updated_at = now() WHERE id = $1', [
      ids.s3,
    ]);
  });

  it("bills a month that became billable after its bill was out on the payer's next bill", async () => {
    const programme = (await db.query<{ id: number }>(`SELECT id FROM programme WHERE key = 'uji'`))[0]!.id;
    // Budi (OPD A, whose January list is out) takes a worker from January; Pak Joko is a new payer.
    ids.s15 = await seedSponsorship(db, {
      pemdaCode: '35.02',
      programmeId: programme,
      sponsorId: ids.a1!,
      nik: W[14]!,
      firstMonth: '2024-01',
    });
    ids.joko = await seedSponsor(db, { pemdaCode: '35.02', kind: 'individual', name: 'Pak Joko' });
    ids.s16 = await seedSponsorship(db, {
      pemdaCode: '35.02',
      programmeId: programme,
      sponsorId: ids.joko,
      nik: W[15]!,
      firstMonth: '2024-01',
      endMonth: '2024-02',
    });
    const rerun = await createBillingService({ db: db }).run(
      { period: '2024-01', pemdaCode: '35.02' },
      { actor: null },
    );
    expect(rerun).toMatchObject({ contributionsAdded: 1, billsAdded: 1, totalBilled: 16_800 });
    expect(
      (await bills('2024-01')).map((bill) => [bill.reference, bill.sponsor_id, bill.billed_amount]),
    ).toContainEqual(['ASUH-3502-202401-000006', ids.joko, 16_800]);
    expect(await chargesOf(ids.s15)).toEqual([]);
  });

  it('stops billing a suspended sponsorship after the month it was suspended in (Pemda time)', async () => {
    await db.query(`UPDATE sponsorship SET status = 'suspended', updated_at = now() WHERE id = $1`, [ids.s8]);
    // 31 March 2024, 23:30 in Ponorogo (WIB) is already April in UTC+9, but still March here.
    await db.query(
      `INSERT INTO sponsorship_event (sponsorship_id, from_status, to_status, at, reason, source)
       VALUES ($1, 'active', 'suspended', '2024-03-31 23:30:00+07', 'sponsor asked to pause', 'test')`,
      [ids.s8],
    );
  });

  it('bills sponsorships that start, end or change scheme mid-range exactly for their months', async () => {
    // s4 changes scheme from March: it ends, and a sponsorship with JHT starts.
    const programme = (await db.query<{ id: number }>(`SELECT id FROM programme WHERE key = 'uji'`))[0]!.id;
    await transitionSponsorships(
      db,
      [ids.s4!],
      'ended',
      { userId: null, source: 'test' },
      { endMonth: '2024-03' },
    );
    ids.s4b = await seedSponsorship(db, {
      pemdaCode: '35.02',
      programmeId: programme,
      sponsorId: ids.a3!,
      nik: W[3]!,
      firstMonth: '2024-03',
      programmes: ['jkk', 'jkm', 'jht'],
    });
    for (const period of ['2024-02', '2024-03', '2024-04', '2024-05']) {
      const run = await runCli(['billing', 'run', '--period', period, '--pemda', '35.02', '--json'], db);
      expect(run.code, run.stderr).toBe(0);
    }
    expect(await chargesOf(ids.s1!)).toEqual(['2024-01', '2024-02', '2024-03', '2024-04', '2024-05']);
    expect(await chargesOf(ids.s4!)).toEqual(['2024-01', '2024-02']);
    expect(await chargesOf(ids.s4b!)).toEqual(['2024-03', '2024-04', '2024-05']);
    expect(await chargesOf(ids.s13!)).toEqual(['2024-02', '2024-03', '2024-04']);
    expect(await chargesOf(ids.s14!)).toEqual(['2024-03']);
    expect(await chargesOf(ids.s8!)).toEqual(['2024-01', '2024-02', '2024-03']);
    expect(await chargesOf(ids.s16!)).toEqual(['2024-01']);
    // Budi's late January month rides on OPD A's February list, with February's deadline.
    expect(await chargesOf(ids.s15!)).toEqual(['2024-01', '2024-02', '2024-03', '2024-04', '2024-05']);
    const [late] = await db.query<{ reference: string; due: string }>(
      `SELECT b.reference, to_char(c.due_at AT TIME ZONE 'Asia/Jakarta', 'YYYY-MM-DD') AS due
         FROM contribution c JOIN bill b ON b.id = c.bill_id
        WHERE c.sponsorship_id = $1 AND c.period = '2024-01-01'`,
      [ids.s15],
    );
    expect(late).toEqual({ reference: 'ASUH-3502-202402-000001', due: '2024-02-15' });
    // December 2023 was never run: the month before the first run is not billed by later ones.
    const [amounts] = await db.query<{ s4b: number }>(
      `SELECT sum(amount) FILTER (WHERE sponsorship_id = $1)::bigint AS s4b FROM contribution`,
      [ids.s4b],
    );
    expect(amounts!.s4b).toBe(3 * 36_800);
  });

  it("puts a correction on the payer's next bill, audited, and leaves the issued bill as it was", async () => {
    const [charge] = await db.query<{ id: number; bill_id: number }>(
      `SELECT id, bill_id FROM contribution WHERE sponsorship_id = $1 AND period = '2024-01-01'`,
      [ids.s1],
    );
    const billBefore = await db.query('SELECT * FROM bill WHERE id = $1', [charge!.bill_id]);
    const tooMuch = await runCli(
      [
        'billing',
        'adjust',
        '--contribution',
        String(charge!.id),
        '--amount',
        '-20000',
        '--reason',
        'salah hitung',
      ],
      db,
      { ASUH_LANG: 'en' },
    );
    expect(tooMuch.code).toBe(2);
    expect(tooMuch.stderr).toContain(
      'A correction cannot take back more than was charged: at most -Rp 16.800',
    );
    const done = await runCli(
      [
        'billing',
        'adjust',
        '--contribution',
        String(charge!.id),
        '--amount=-8400',
        '--reason',
        'diskon terlewat',
        '--json',
      ],
      db,
    );
    expect(done.stderr).toBe('');
    expect(JSON.parse(done.stdout)).toMatchObject({ amount: -8400, jkk: -5000, jkm: -3400, jht: 0 });
    const again = await runCli(
      ['billing', 'adjust', '--contribution', String(charge!.id), '--amount', '100', '--reason', 'lagi'],
      db,
      { ASUH_LANG: 'en' },
    );
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('is already waiting for the next bill');
    const [audit] = await db.query<{ action: string; details: { reason: string } }>(
      `SELECT action, details FROM audit_log WHERE action = 'billing.adjust'`,
    );
    expect(audit!.details.reason).toBe('diskon terlewat');

    const june = await runCli(['billing', 'run', '--period', '2024-06', '--pemda', '35.02', '--json'], db);
    // Budi's and Citra's workers (3 lines) and the correction on OPD A's June list.
    const [line] = await db.query<Record<string, unknown>>(
      `SELECT b.reference, to_char(c.period, 'YYYY-MM') AS period, c.kind, c.amount, c.jkk, c.jkm, c.adjusts_id
         FROM contribution c JOIN bill b ON b.id = c.bill_id WHERE c.kind = 'adjustment'`,
    );
    expect(line).toEqual({
      reference: 'ASUH-3502-202406-000001',
      period: '2024-01',
      kind: 'adjustment',
      amount: -8400,
      jkk: -5000,
      jkm: -3400,
      adjusts_id: charge!.id,
    });
    const [opdA] = await bills('2024-06');
    expect(opdA).toMatchObject({ member_count: 5, billed_amount: 3 * 16_800 + 36_800 - 8400 });
    expect(JSON.parse(june.stdout).totalBilled).toBe(
      (
        await db.query<{ sum: number }>(
          `SELECT sum(billed_amount)::bigint AS sum FROM bill WHERE period = '2024-06-01'`,
        )
      )[0]!.sum,
    );
    expect(await db.query('SELECT * FROM bill WHERE id = $1', [charge!.bill_id])).toEqual(billBefore);
    const [pending] = await db.query<{ line_id: number | null }>('SELECT line_id FROM billing_adjustment');
    expect(pending!.line_id).not.toBeNull();
  });

  it('refuses to bill a month it cannot price, and writes nothing', async () => {
    const programme = await seedProgramme(db, {
      pemdaCode: '35.03',
      key: 'lain',
      name: 'Lain',
      kind: 'donor',
    });
    const donor = await seedSponsor(db, { pemdaCode: '35.03', kind: 'individual', name: 'Donatur' });
    await seedWorkers(db, '35.03', [{ nik: nik(99) }]);
    await db.query(
      `INSERT INTO sponsorship (pemda_code, programme_id, sponsor_id, nik, relationship, programmes, declared_income,
                                first_month, status)
       VALUES ('35.03', $1, $2, $3, 'other', ARRAY['jkk', 'jkm'], 1234567, '2024-01-01', 'active')`,
      [programme, donor, nik(99)],
    );
    const run = await runCli(['billing', 'run', '--period', '2024-01', '--pemda', '35.03'], db, {
      ASUH_LANG: 'en',
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'Billing stopped: 1 contribution combinations cannot be priced (2024-01, JKK+JKM, Rp 1.234.567)',
    );
    expect(run.stderr).toContain('[BILLING_UNPRICEABLE]');
    expect(await db.query(`SELECT * FROM billing_run WHERE pemda_code = '35.03'`)).toEqual([]);
    await db.query(`UPDATE sponsorship SET declared_income = 1000000 WHERE pemda_code = '35.03'`);
  });

  it('bills every onboarded Pemda when none is named, one run record each', async () => {
    const run = await runCli(['billing', 'run', '--period', '2024-01', '--json'], db);
    expect(JSON.parse(run.stdout)).toEqual({
      period: '2024-01',
      contributionsAdded: 1,
      billsAdded: 1,
      totalBilled: 16_800,
    });
    const runs = await db.query<{ pemda_code: string; contributions_added: number }>(
      `SELECT pemda_code, contributions_added FROM billing_run WHERE period = '2024-01-01' ORDER BY id DESC LIMIT 2`,
    );
    expect(runs).toEqual([
      { pemda_code: '35.03', contributions_added: 1 },
      { pemda_code: '35.02', contributions_added: 0 },
    ]);
  });
});

describe('billing over HTTP, by role', () => {
  const base = { userId: 1, username: 'someone', displayName: 'Someone' };

  it("runs a month for the Pemda's administrator only", async () => {
    const other = await call(
      'POST',
      '/api/v1/billing-runs',
      { ...base, role: 'pemda_admin', pemdaCode: '35.03' },
      {
        period: '2024-07',
        pemda: '35.02',
      },
    );
    expect(other.status).toBe(403);
    const monitor = await call(
      'POST',
      '/api/v1/billing-runs',
      { ...base, role: 'national' },
      {
        period: '2024-07',
        pemda: '35.02',
      },
    );
    expect(monitor.status).toBe(403);
    const bad = await call('POST', '/api/v1/billing-runs', adminActor, { period: '2024-13', pemda: '35.02' });
    expect(bad.status).toBe(400);
    const done = await call('POST', '/api/v1/billing-runs', adminActor, {
      period: '2024-07',
      pemda: '35.02',
    });
    expect(done.status).toBe(200);
    // Ibu Ani's worker is suspended: OPD A, OPD B, the APBD and the CSR company are billed.
    expect(done.body).toMatchObject({ period: '2024-07', billsAdded: 4, contributionsAdded: 8 });
    expect(done.body.message).toMatch(/^8 contributions added in 4 new bills, total Rp /);
    expect(done.body.runs[0]).toMatchObject({ pemdaCode: '35.02', createdBy: 'admin.3502' });
    const again = await call('POST', '/api/v1/billing-runs', adminActor, {
      period: '2024-07',
      pemda: '35.02',
    });
    expect(again.body.message).toBe('0 contributions added: period already billed.');
    const list = await call('GET', '/api/v1/billing-runs?pemda=35.02', adminActor);
    expect(list.body.items[0]).toMatchObject({ period: '2024-07', contributionsAdded: 0 });
    expect(list.body.items[1]).toMatchObject({ period: '2024-07', contributionsAdded: 8, billsAdded: 4 });
    const one = await call('GET', `/api/v1/billing-runs/${list.body.items[1].id}`, adminActor);
    expect(one.body.totalBilled).toBe(done.body.totalBilled);
    const hidden = await call('GET', `/api/v1/billing-runs/${list.body.items[1].id}`, {
      ...base,
      role: 'pemda_admin',
      pemdaCode: '35.03',
    });
    expect(hidden.status).toBe(404);
  });

  it('shows each role the bills it may see, NIKs masked for those who need not see them', async () => {
    const roles: [Actor, string[]][] = [
      [adminActor, ['000001', '000002', '000003', '000004', '000005', '000006']],
      [{ ...base, role: 'national' }, ['000001', '000002', '000003', '000004', '000005', '000006']],
      [{ ...base, role: 'opd_head', pemdaCode: '35.02', opdId: ids.opdA! }, ['000001']],
      [{ ...base, role: 'sponsor_org', organisationId: 1 }, ['000004']],
      [{ ...base, role: 'asn', pemdaCode: '35.02', nip: nip(1) }, []],
      [{ ...base, role: 'pemda_admin', pemdaCode: '35.03' }, []],
    ];
    for (const [as, expected] of roles) {
      const { status, body } = await call('GET', '/api/v1/bills?pemda=35.02&period=2024-01', as);
      expect(status).toBe(200);
      expect(
        body.items.map((bill: { reference: string }) => bill.reference.slice(-6)),
        as.role,
      ).toEqual(expected);
    }
    const opdOnly = await call('GET', `/api/v1/bills?period=2024-01&opd=${ids.opdB}`, adminActor);
    expect(opdOnly.body.items.map((bill: { payer: { name: string } }) => bill.payer.name)).toEqual([
      'Dinas Kesehatan',
    ]);
    expect(opdOnly.body.totals).toEqual({ billedAmount: 16_800, paidAmount: 0, memberCount: 1 });
    const orders = await call('GET', '/api/v1/bills?period=2024-01&document=payment_order', adminActor);
    expect(orders.body.items.map((bill: { payer: { name: string } }) => bill.payer.name)).toEqual([
      'APBD Ponorogo 2024',
    ]);

    const [opdB] = opdOnly.body.items;
    const full = await call('GET', `/api/v1/bills/${opdB.id}`, adminActor);
    expect(full.body.lines[0].nik).toBe(W[3]);
    expect(full.body.downloads).toEqual({
      pdf: `/api/v1/bills/${opdB.id}/bill.pdf`,
      csv: `/api/v1/bills/${opdB.id}/deductions.csv`,
      xlsx: `/api/v1/bills/${opdB.id}/deductions.xlsx`,
    });
    const audited = await db.query(
      `SELECT 1 FROM audit_log WHERE action = 'worker.read_nik' AND entity_type = 'bill' AND entity_id = $1`,
      [String(opdB.id)],
    );
    expect(audited).toHaveLength(1);
    const masked = await call('GET', `/api/v1/bills/${opdB.id}`, { ...base, role: 'national' });
    expect(masked.body.nikMasked).toBe(true);
    expect(masked.body.lines[0].nik).toBe('3502********0004');
    const absent = await call('GET', `/api/v1/bills/${opdB.id}`, {
      ...base,
      role: 'opd_head',
      pemdaCode: '35.02',
      opdId: ids.opdA!,
    });
    expect(absent.status).toBe(404);
    expect(absent.body.error.message).toBe(`Bill #${opdB.id} was not found.`);
  });

  it("corrects a billed month for the Pemda's administrator: 201, then 409 while it waits", async () => {
    const [charge] = await db.query<{ id: number }>(
      `SELECT id FROM contribution WHERE sponsorship_id = $1 AND period = '2024-07-01' AND kind = 'charge'`,
      [ids.s5],
    );
    const url = `/api/v1/contributions/${charge!.id}/adjustments`;
    const body = { amount: -8_400, reason: 'Diskon 50% tidak diterapkan' };
    expect((await call('POST', url, { ...base, role: 'pemda_admin', pemdaCode: '35.03' }, body)).status).toBe(
      404,
    );
    // A monitor reads the ledger but corrects nothing.
    expect((await call('POST', url, { ...base, role: 'national' }, body)).status).toBe(403);
    const blank = await call('POST', url, adminActor, { amount: 100, reason: '  ' });
    expect(blank.status).toBe(400);
    expect(blank.body.error.message).toBe('Give the reason for the correction.');
    const done = await call('POST', url, adminActor, body);
    expect(done.status).toBe(201);
    expect(done.body).toMatchObject({ contributionId: charge!.id, amount: -8_400 });
    expect(done.body.jkk + done.body.jkm + done.body.jht).toBe(-8_400);
    const again = await call('POST', url, adminActor, body);
    expect(again.status).toBe(409);
    expect(again.body.error.message).toBe(
      `A correction of contribution #${charge!.id} is already waiting for the next bill; wait until it is billed.`,
    );
    const [audit] = await db.query(
      `SELECT details->>'reason' AS reason FROM audit_log WHERE action = 'billing.adjust' ORDER BY id DESC LIMIT 1`,
    );
    expect(audit).toEqual({ reason: 'Diskon 50% tidak diterapkan' });
  });
});
