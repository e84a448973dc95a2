import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/core/access.ts';
import { formatNik } from '../../src/core/identifiers/nik.ts';
import { formatNip } from '../../src/core/identifiers/nip.ts';
import type { Period } from '../../src/core/period.ts';
import { KENDAL_SATU_ASN_SATU_PEKERJA_RENTAN as KENDAL } from '../../src/core/programme-policy.ts';
import type { Database } from '../../src/db/database.ts';
import { createBillingService } from '../../src/features/billing/index.ts';
import type { ClaimView, RoiView } from '../../src/features/claims/claim-types.ts';
import { computeCompliance } from '../../src/features/programmes/index.ts';
import type { SelfService, SponsorshipDetail } from '../../src/features/sponsorship/sponsorship-types.ts';
import { buildApp } from '../../src/server/app.ts';
import { runCli } from '../support/cli.ts';
import { openTestDatabase } from '../support/database.ts';
import {
  billMonths,
  payWorkerMonths,
  seedActor,
  seedAsn,
  seedCsrSponsor,
  seedOpd,
  seedPemda,
  seedPolicyProgramme,
  seedProgramme,
  seedSponsor,
  seedSponsorship,
  seedSponsorshipsFrom,
  seedWorkers,
} from '../support/fixtures.ts';

/**
 * Kabupaten Ponorogo (35.02) pays for three workers from its APBD and a company for two more,
 * from January 2024; January to June are billed and paid through BPJSTK confirmations, except
 * where a test needs a gap. Claims go through the API as officers file them, and the ROI adds
 * up what was paid and what came back.
 */
let db: Database;
let app: FastifyInstance;
let actor: Actor | null = null;
const actors: Record<string, Actor> = {};
const programmes: Record<string, number> = {};

const nik = (serial: number) =>
  formatNik({ districtCode: '35.02.01', birthDate: '1979-04-05', sex: 'male', serial });
const W = { a1: nik(11), a2: nik(12), a3: nik(13), c1: nik(21), c2: nik(22), early: nik(23) };
const MONTHS: Period[] = ['2024-01', '2024-02', '2024-03', '2024-04', '2024-05', '2024-06'];

const paid = (worker: string, months: readonly Period[]) =>
  months.map((period) => ({ nik: worker, period, paidOn: `${period}-10` }));

async function call(method: 'GET' | 'POST', url: string, payload?: unknown) {
  const response = await app.inject({
    method,
    url: `/api/v1${url}`,
    headers: { 'accept-language': 'en' },
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });
  return {
    status: response.statusCode,
    body: response.json() as ClaimView & { error: { code: string; message: string } },
  };
}

const register = (payload: Record<string, unknown>) => call('POST', '/claims', payload);

/** Registers a claim and decides it at once, as an officer does when the papers are complete. */
async function registerAndDecide(payload: Record<string, unknown>) {
  const registered = await register(payload);
  return { id: registered.body.id, ...(await call('POST', `/claims/${registered.body.id}/decide`)) };
}

beforeAll(async () => {
  db = await openTestDatabase();
  await seedPemda(db, '35.02');
  await seedWorkers(
    db,
    '35.02',
    Object.entries(W).map(([key, n]) => ({ nik: n, name: `Pekerja ${key.toUpperCase()}` })),
  );
  programmes.apbd = await seedProgramme(db, {
    pemdaCode: '35.02',
    key: 'petani-tembakau-apbd-2024',
    name: 'Petani Tembakau APBD 2024',
    kind: 'apbd_cohort',
  });
  const apbd = {
    programmeId: programmes.apbd,
    sponsorId: await seedSponsor(db, { pemdaCode: '35.02', kind: 'apbd', name: 'APBD Ponorogo' }),
  };
  const csr = await seedCsrSponsor(db, '35.02');
  programmes.csr = csr.programmeId;
  await seedSponsorshipsFrom(db, '35.02', '2024-01', [
    { nik: W.a1, ...apbd },
    { nik: W.a2, ...apbd },
    { nik: W.a3, ...apbd },
    { nik: W.c1, ...csr },
    { nik: W.c2, ...csr },
  ]);
  // Sponsored for the second half of 2023, before Ponorogo's ledger in Asuh begins (January 2024).
  await seedSponsorship(db, {
    pemdaCode: '35.02',
    nik: W.early,
    ...csr,
    firstMonth: '2023-07',
    endMonth: '2024-01',
    status: 'ended',
  });
  await billMonths(db, '35.02', MONTHS);
  await payWorkerMonths(db, '35.02', [
    ...paid(W.a1, MONTHS),
    ...paid(W.a2, ['2024-01']),
    ...paid(W.a3, MONTHS),
    ...paid(W.c1, ['2024-01', '2024-03', '2024-04', '2024-05', '2024-06']),
    ...paid(W.c2, MONTHS),
  ]);
  actors.admin = await seedActor(db, { username: 'admin.3502', role: 'pemda_admin', pemdaCode: '35.02' });
  actors.officer = await seedActor(db, {
    username: 'petugas.3502',
    role: 'bpjstk_officer',
    pemdaCodes: ['35.02'],
  });
  actors.province = await seedActor(db, { username: 'provinsi.33', role: 'province', provinceCode: '33' });
  app = await buildApp({ db, webDir: null, actorOverride: () => actor });
});

afterAll(async () => {
  await app?.close();
  await db?.close();
});

describe('claims: a JKM claim from registration to payment', () => {
  let id: number;

  it('registers the claim with the documents received', async () => {
    actor = actors.admin!;
    const { status, body } = await register({
      nik: W.a1,
      type: 'jkm',
      incidentDate: '2024-03-20',
      filedOn: '2024-03-28',
      documents: ['kpj_card', 'death_certificate', 'family_card'],
    });
    expect(status).toBe(201);
    expect(body).toMatchObject({
      status: 'registered',
      benefitLabel: 'JKM: death not caused by work',
      nik: W.a1,
    });
    expect(body.missingDocuments).toEqual(['heir_statement', 'ktp', 'bank_account']);
    id = body.id;
    const again = await register({ nik: W.a1, type: 'jkm', incidentDate: '2024-03-20' });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toBe(
      `This incident is already registered as claim #${id}; decide that claim again if needed.`,
    );
  });

  it('decides it eligible from coverage on the death, with the Rp 42,000,000 breakdown', async () => {
    actor = actors.admin!;
    const { status, body } = await call('POST', `/claims/${id}/decide`);
    expect(status).toBe(200);
    expect(body.status).toBe('eligible');
    expect(body.breakdown).toEqual([
      { code: 'jkm_lump_sum', label: 'Lump sum', amount: 20_000_000 },
      { code: 'jkm_periodic', label: 'Periodic benefit 24 × Rp 500.000, paid at once', amount: 12_000_000 },
      { code: 'jkm_funeral', label: 'Funeral costs', amount: 10_000_000 },
    ]);
    expect(body.benefitAmount).toBe(42_000_000);
    expect(body.coverage).toMatchObject({ covered: true, code: 'COVERED_ON_TIME', period: '2024-03' });
    expect(body.funding).toMatchObject({
      source: 'apbd',
      programme: { id: programmes.apbd },
      declaredIncome: 1_000_000,
    });
    expect(body.decision!.reason).toMatch(/^Eligible: a benefit of Rp 42\.000\.000 under PP 82\/2019/);
  });

  it('is approved and paid by a BPJSTK officer only, and the death reaches the registry', async () => {
    actor = actors.admin!;
    expect((await call('POST', `/claims/${id}/approve`)).status).toBe(403);
    actor = actors.officer!;
    expect((await call('POST', `/claims/${id}/pay`, {})).status).toBe(409);
    const approved = await call('POST', `/claims/${id}/approve`);
    expect(approved.body.status).toBe('approved');
    const [worker] = await db.query<{ deceased_on: string }>(
      'SELECT deceased_on FROM worker WHERE nik = $1',
      [W.a1],
    );
    expect(worker!.deceased_on).toBe('2024-03-20');
    const paidClaim = await call('POST', `/claims/${id}/pay`, {
      paidOn: '2024-04-10',
      reference: 'TRF-0410-01',
    });
    expect(paidClaim.body).toMatchObject({ status: 'paid', paidAmount: 42_000_000, paidOn: '2024-04-10' });
    expect(paidClaim.body.events.map((event) => [event.from, event.to, event.by])).toEqual([
      [null, 'registered', 'admin.3502'],
      ['registered', 'eligible', 'admin.3502'],
      ['eligible', 'approved', 'petugas.3502'],
      ['approved', 'paid', 'petugas.3502'],
    ]);
    const audit = await db.query<{ action: string }>(
      `SELECT action FROM audit_log WHERE entity_type = 'claim' AND entity_id = $1 AND action LIKE 'claim.%' ORDER BY id`,
      [String(id)],
    );
    expect(audit.map((row) => row.action)).toEqual([
      'claim.register',
      'claim.decide',
      'claim.approve',
      'claim.pay',
    ]);
  });
});

describe('claims: refusals from coverage', () => {
  it('refuses a claim on a date in a lapsed month, with the reason', async () => {
    actor = actors.officer!;
    const { id, body } = await registerAndDecide({ nik: W.a2, type: 'jkm', incidentDate: '2024-06-10' });
    expect(body.status).toBe('refused');
    expect(body.decision).toEqual({
      code: 'NOT_COVERED_LAPSED',
      reason:
        'Refused. Not covered: contributions went unpaid for more than 3 consecutive months, so the membership ended on 2024-05-15; 2024-06 is not protected. Re-enrolment is a new membership.',
    });
    expect(body.benefitAmount).toBeNull();
    expect((await call('POST', `/claims/${id}/approve`)).status).toBe(409);
  });

  it('refuses a claim in an unpaid month, and decides it again after an officer’s override', async () => {
    actor = actors.officer!;
    const refused = await registerAndDecide({
      nik: W.c1,
      type: 'jkm',
      incidentDate: '2024-02-10',
      children: [{ name: 'Ani', level: 'primary' }],
    });
    expect(refused.body.decision!.code).toBe('NOT_COVERED_UNPAID');
    const override = await app.inject({
      method: 'POST',
      url: `/api/v1/workers/${W.c1}/coverage-overrides`,
      payload: { period: '2024-02', reason: 'Iuran Februari dibayar tunai di kantor cabang; kuitansi 0213' },
    });
    expect(override.statusCode).toBe(201);
    const eligible = await call('POST', `/claims/${refused.id}/decide`);
    expect(eligible.body).toMatchObject({ status: 'eligible', benefitAmount: 42_000_000 });
    expect(eligible.body.coverage).toMatchObject({ covered: true, code: 'COVERED_BY_OVERRIDE' });
    // Membership from January 2024: no scholarship yet.
    expect(eligible.body.scholarship).toEqual({
      eligible: false,
      reason:
        'A JKM scholarship needs at least 3 years of membership; membership since 2024-01-01 reaches it only on 2027-01-01.',
      maximum: 0,
    });
  });
});

describe('claims: a month Asuh holds no record of', () => {
  it('refuses a claim on a day before the Pemda kept its ledger in Asuh, pointing to BPJS Ketenagakerjaan', async () => {
    actor = actors.officer!;
    const { body } = await registerAndDecide({ nik: W.early, type: 'jkm', incidentDate: '2023-09-10' });
    expect(body.status).toBe('refused');
    expect(body.decision).toEqual({
      code: 'NOT_RECORDED',
      reason:
        "Refused. Not recorded in Asuh: Asuh holds no payment record for 2023-09 because the Pemda's ledger in Asuh begins in 2024-01. Ask BPJS Ketenagakerjaan; an officer may record an override with a reason.",
    });
  });
});

describe('claims: benefits from the rules', () => {
  it('adds a JKM scholarship once the membership known to the officer reaches 3 years', async () => {
    actor = actors.officer!;
    const { id, body } = await registerAndDecide({
      nik: W.c2,
      type: 'jkm',
      incidentDate: '2024-05-05',
      filedOn: '2024-05-20',
      membershipSince: '2021-05-05',
      children: [{ name: 'Budi', level: 'primary' }],
    });
    expect(body.benefitAmount).toBe(43_500_000);
    expect(body.breakdown.at(-1)).toEqual({
      code: 'scholarship_child_1',
      label: 'Scholarship child 1 (Budi), primary school, first year',
      amount: 1_500_000,
    });
    expect(body.scholarship).toMatchObject({ eligible: true, maximum: 84_000_000 });
    await call('POST', `/claims/${id}/approve`);
    await call('POST', `/claims/${id}/pay`, { paidOn: '2024-06-03' });
  });

  it('pays a JKK death 48 × the declared income, with scholarships whatever the membership', async () => {
    actor = actors.officer!;
    const { body } = await registerAndDecide({
      nik: W.a3,
      type: 'jkk',
      benefit: 'death',
      incidentDate: '2024-04-02',
      children: [{ level: 'primary' }, { level: 'higher' }, { level: 'kindergarten' }],
    });
    expect(body.breakdown.map((c) => [c.code, c.amount])).toEqual([
      ['jkk_death', 48_000_000],
      ['scholarship_child_1', 1_500_000],
      ['scholarship_child_2', 12_000_000],
    ]);
    expect(body.scholarship!.reason).toBe('Scholarships for at most 2 children; 1 more not counted.');
  });

  it('refuses at the door what the rules cannot price', async () => {
    actor = actors.officer!;
    const missing = await register({
      nik: W.c2,
      type: 'jkk',
      benefit: 'medical',
      incidentDate: '2024-03-02',
    });
    expect(missing.status).toBe(400);
    expect(missing.body.error.code).toBe('BENEFIT_AMOUNT_REQUIRED');
    const future = await register({
      nik: W.c2,
      type: 'jkk',
      benefit: 'medical',
      incidentDate: '2099-01-01',
      amount: 1,
    });
    expect(future.body.error.code).toBe('CLAIM_DATES');
  });
});

describe('claims: ROI and scope', () => {
  it('adds up contributions paid against benefits paid, by funding source and programme', async () => {
    actor = actors.admin!;
    const response = await app.inject({
      method: 'GET',
      url: '/api/v1/pemda/35.02/roi',
      headers: { 'accept-language': 'en' },
    });
    const roi = response.json() as RoiView;
    expect(
      roi.rows.map((row) => [
        row.fundingSource,
        row.programme?.name,
        row.contributionsPaid,
        row.workers,
        row.benefitsPaid,
        row.claimsPaid,
        row.ratio,
      ]),
    ).toEqual([
      ['apbd', 'Petani Tembakau APBD 2024', 218_400, 3, 42_000_000, 1, 192.31],
      ['csr', 'CSR PT Peduli', 184_800, 2, 43_500_000, 1, 235.39],
    ]);
    expect(roi.totals).toEqual({
      contributionsPaid: 403_200,
      workers: 5,
      benefitsPaid: 85_500_000,
      claimsPaid: 2,
      ratio: 212.05,
    });
    expect(roi.summary).toBe(
      'Kabupaten Ponorogo: Rp 403.200 of contributions paid, Rp 85.500.000 of benefits received on 2 claims (212.05 × contributions).',
    );
    const cli = await runCli(
      ['claims', 'roi', '--pemda', '35.02', '--from', '2024-01', '--to', '2024-03', '--json'],
      db,
    );
    const quarter = JSON.parse(cli.stdout) as RoiView;
    // January to March: A1, A3 and C2 three months each, A2 January, C1 January and March; the
    // benefits were paid in April and June, outside the range.
    expect(quarter.totals).toMatchObject({ contributionsPaid: 12 * 16_800, benefitsPaid: 0 });
  });

  it('hides another province’s claims and ROI', async () => {
    actor = actors.province!;
    expect((await call('GET', '/claims')).body).toMatchObject({ total: 0 });
    const roi = await app.inject({ method: 'GET', url: '/api/v1/pemda/35.02/roi' });
    expect(roi.statusCode).toBe(404);
  });
});

describe('asuh claims', () => {
  it('registers, decides and lists from the command line', async () => {
    const registered = await runCli(
      [
        'claims',
        'register',
        '--nik',
        W.c2,
        '--type',
        'jkk',
        '--benefit',
        'medical',
        '--incident',
        '2024-03-02',
        '--amount',
        '7.250.000',
        '--json',
      ],
      db,
      { ASUH_LANG: 'en' },
    );
    expect(registered.code).toBe(0);
    const { id } = JSON.parse(registered.stdout) as ClaimView;
    const decided = await runCli(['claims', 'decide', String(id)], db, { ASUH_LANG: 'en' });
    expect(decided.stdout).toContain(`#${id} JKK: medical care — Pekerja C2 (${W.c2}), 2024-03-02: Eligible`);
    expect(decided.stdout).toContain('  Total: Rp 7.250.000');
    const list = await runCli(['claims', 'list', '--pemda', '35.02', '--status', 'paid', '--json'], db);
    expect((JSON.parse(list.stdout) as { total: number }).total).toBe(2);
  });
});

/**
 * Kabupaten Kendal (33.24), apart from Ponorogo's figures: ASN Sri sponsors two workers from January
 * 2024 under "Satu ASN Satu Pekerja Rentan" (D1 for six months, D2 open-ended), and ASN Tono has
 * proposed to take D1 on from July. An approved death must stop the billing of the worker.
 */
describe('claims: an approved death ends the worker’s sponsorships', () => {
  const kendalNik = (serial: number) =>
    formatNik({ districtCode: '33.24.01', birthDate: '1979-04-05', sex: 'female', serial });
  const kendalNip = (serial: number) =>
    formatNip({ birthDate: '1980-02-02', appointmentMonth: '2005-01', sex: 'female', serial });
  const D = { one: kendalNik(31), two: kendalNik(32) };
  const NIP = { sri: kendalNip(1), tono: kendalNip(2) };
  const ids: Record<'d1' | 'd2' | 'd1Next' | 'd1Claim', number> = { d1: 0, d2: 0, d1Next: 0, d1Claim: 0 };
  const kendal: Record<'officer' | 'admin' | 'sri', Actor | null> = { officer: null, admin: null, sri: null };
  let programmeId: number;

  const bill = (period: Period) =>
    createBillingService({ db: db }).run({ period, pemdaCode: '33.24' }, { actor: null });
  const read = async <T>(url: string) =>
    (
      await app.inject({ method: 'GET', url: `/api/v1${url}`, headers: { 'accept-language': 'en' } })
    ).json() as T;
  const billedNiks = async (period: Period) =>
    (
      await db.query<{ nik: string }>(
        `SELECT nik FROM contribution WHERE pemda_code = '33.24' AND period = $1::date AND kind = 'charge' ORDER BY nik`,
        [`${period}-01`],
      )
    ).map((row) => row.nik);

  /** A JKM death claim registered, decided eligible and approved by Kendal's BPJSTK officer. */
  async function approvedDeath(nik: string, incidentDate: string): Promise<number> {
    actor = kendal.officer;
    const { id, body } = await registerAndDecide({ nik, type: 'jkm', incidentDate, filedOn: incidentDate });
    expect(body.status).toBe('eligible');
    expect((await call('POST', `/claims/${id}/approve`)).body.status).toBe('approved');
    return id;
  }

  beforeAll(async () => {
    await seedPemda(db, '33.24');
    const opdId = await seedOpd(db, '33.24', 'Dinas Sosial');
    await seedAsn(db, '33.24', opdId, { nip: NIP.sri, name: 'Sri Rahayu', villageCode: null });
    await seedAsn(db, '33.24', opdId, { nip: NIP.tono, name: 'Tono Prasetyo', villageCode: null });
    await seedWorkers(db, '33.24', [
      { nik: D.one, name: 'Sumini', villageCode: null },
      { nik: D.two, name: 'Warsini', villageCode: null },
    ]);
    programmeId = await seedPolicyProgramme(db, [KENDAL]);
    const sri = await seedSponsor(db, { pemdaCode: '33.24', kind: 'asn', nip: NIP.sri });
    const tono = await seedSponsor(db, { pemdaCode: '33.24', kind: 'asn', nip: NIP.tono });
    const base = { pemdaCode: '33.24', programmeId, relationship: 'neighbour' } as const;
    ids.d1 = await seedSponsorship(db, {
      ...base,
      sponsorId: sri,
      nik: D.one,
      firstMonth: '2024-01',
      endMonth: '2024-07',
    });
    ids.d2 = await seedSponsorship(db, { ...base, sponsorId: sri, nik: D.two, firstMonth: '2024-01' });
    ids.d1Next = await seedSponsorship(db, {
      ...base,
      sponsorId: tono,
      nik: D.one,
      firstMonth: '2024-07',
      status: 'proposed',
    });
    for (const period of ['2024-01', '2024-02', '2024-03'] as const) await bill(period);
    await payWorkerMonths(db, '33.24', [
      ...paid(D.one, ['2024-01', '2024-02', '2024-03']),
      ...paid(D.two, ['2024-01', '2024-02', '2024-03']),
    ]);
    kendal.officer = await seedActor(db, {
      username: 'petugas.3324',
      role: 'bpjstk_officer',
      pemdaCodes: ['33.24'],
    });
    kendal.admin = await seedActor(db, { username: 'admin.3324', role: 'pemda_admin', pemdaCode: '33.24' });
    kendal.sri = await seedActor(db, { username: 'sri', role: 'asn', pemdaCode: '33.24', nip: NIP.sri });
  });

  it('ends them from the month after the death, so the next billing run charges nothing for the worker', async () => {
    const claimId = await approvedDeath(D.one, '2024-03-15');
    ids.d1Claim = claimId;
    const reason = `Pekerja meninggal dunia 2024-03-15 (klaim #${claimId})`;

    actor = kendal.sri;
    const page = await read<SelfService>('/me/sponsorship');
    expect(page.sponsorships.map((s) => [s.worker.name, s.status, s.endMonth, s.reason])).toEqual([
      ['Warsini', 'active', null, null],
      ['Sumini', 'ended', '2024-04', reason],
    ]);

    // Tono's proposal from July ends before its first month: it never holds one.
    actor = kendal.admin;
    const next = await read<SponsorshipDetail>(`/sponsorships/${ids.d1Next}`);
    expect(next).toMatchObject({ status: 'ended', firstMonth: '2024-07', endMonth: '2024-07', reason });
    expect(next.events.at(-1)).toMatchObject({
      fromStatus: 'proposed',
      toStatus: 'ended',
      user: { displayName: 'petugas.3324' },
      source: `claim:${claimId}`,
    });
    const audit = await db.query<{ entity: string; username: string; endMonth: string }>(
      `SELECT entity_id AS entity, username, details->>'endMonth' AS "endMonth" FROM audit_log
        WHERE action = 'sponsorship.end' AND entity_id = ANY($1::text[]) ORDER BY entity_id::int`,
      [[String(ids.d1), String(ids.d1Next)]],
    );
    expect(audit).toEqual([
      { entity: String(ids.d1), username: 'petugas.3324', endMonth: '2024-04' },
      { entity: String(ids.d1Next), username: 'petugas.3324', endMonth: '2024-04' },
    ]);

    // April: Warsini alone is billed.
    expect((await bill('2024-04')).message.en).toBe('1 contributions added in 1 new bills, total Rp 16.800.');
    expect(await billedNiks('2024-04')).toEqual([D.two]);
  });

  it('ends from the first unbilled month when months after the death were billed, and the ASN no longer counts the worker', async () => {
    expect((await bill('2024-05')).message.en).toBe('1 contributions added in 1 new bills, total Rp 16.800.');
    await payWorkerMonths(db, '33.24', paid(D.two, ['2024-04']));
    actor = kendal.sri;
    const before = await read<SelfService>('/me/sponsorship');
    expect(before.obligation).toMatchObject({ status: 'met', held: 1, short: 0 });

    // Warsini dies in April; May was billed before the death was approved and stays billed.
    const claimId = await approvedDeath(D.two, '2024-04-20');
    actor = kendal.sri;
    const after = await read<SelfService>('/me/sponsorship');
    expect(after.sponsorships.map((s) => [s.worker.name, s.status, s.endMonth, s.reason])).toEqual([
      [
        'Warsini',
        'ended',
        '2024-06',
        `Pekerja meninggal dunia 2024-04-20 (klaim #${claimId}). Iuran 2024-05 sudah ditagih sebelum kematian dicatat dan tidak dibatalkan otomatis; koreksi dengan penyesuaian tagihan (asuh billing adjust).`,
      ],
      ['Sumini', 'ended', '2024-04', `Pekerja meninggal dunia 2024-03-15 (klaim #${ids.d1Claim})`],
    ]);
    expect(after.obligation).toMatchObject({ status: 'short', held: 0, short: 1 });

    expect((await bill('2024-06')).message.en).toBe(
      '0 contributions added: no sponsorship is billable for 2024-06.',
    );
    expect(await billedNiks('2024-05')).toEqual([D.two]);
    expect(await billedNiks('2024-06')).toEqual([]);

    // Each month of death still counts towards Sri's obligation; the month each sponsorship ends does not.
    const held = async (on: string) =>
      (await computeCompliance(db, { programmeId, on, nips: [NIP.sri] }))[0]!.held;
    expect([
      await held('2024-03-31'),
      await held('2024-04-01'),
      await held('2024-05-31'),
      await held('2024-06-01'),
    ]).toEqual([2, 1, 1, 0]);
  });
});
