import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sponsorshipService } from '../../src/composition.ts';
import type { Actor } from '../../src/core/access.ts';
import { priceMonth } from '../../src/core/contributions/engine.ts';
import { formatNik } from '../../src/core/identifiers/nik.ts';
import { formatNip } from '../../src/core/identifiers/nip.ts';
import {
  KENDAL_SATU_ASN_SATU_PEKERJA_RENTAN,
  PONOROGO_ASN_ORANG_TUA_ASUH,
  type ProgrammePolicy,
} from '../../src/core/programme-policy.ts';
import { currentPeriod } from '../../src/core/regions.ts';
import type { Database } from '../../src/db/database.ts';
import { AppError } from '../../src/errors.ts';
import type { SponsorshipService } from '../../src/features/sponsorship/index.ts';
import { buildApp } from '../../src/server/app.ts';
import { openTestDatabase } from '../support/database.ts';
import {
  seedActor,
  seedAsn,
  seedBilledMonth,
  seedOpd,
  seedPemda,
  seedPolicyProgramme,
  seedProgramme,
  seedSponsor,
  seedSponsorship,
  seedWorkers,
} from '../support/fixtures.ts';

/**
 * Kabupaten Ponorogo (35.02) runs its "ASN Orang Tua Asuh" policy (2 to 3 workers per ASN, only
 * workers living in the regency); Kabupaten Trenggalek (35.03) pays for a cohort from its budget;
 * Kabupaten Kendal (33.24) runs "Satu ASN Satu Pekerja Rentan", where billing has begun. The
 * clock stands at 20 November 2026 in WIB, so the current month is 2026-11 and PP 50/2025 halves
 * an ASN-paid contribution to Rp 8,400.
 */
const NOW = new Date('2026-11-20T03:00:00Z');
let db: Database;
let app: FastifyInstance;
let service: SponsorshipService;
let httpActor: Actor | null = null;

const nip = (serial: number) =>
  formatNip({ birthDate: '1980-05-17', appointmentMonth: '2005-03', sex: 'male', serial });
const nik = (district: string, serial: number) =>
  formatNik({ districtCode: district, birthDate: '1985-06-15', sex: 'female', serial });

const ASN = { a1: nip(1), a2: nip(2), a3: nip(3), k1: nip(11), k2: nip(12) };
const W = {
  ok1: nik('35.02.01', 1),
  ok2: nik('35.02.01', 2),
  ok3: nik('35.02.02', 3),
  ok4: nik('35.02.02', 4),
  ok5: nik('35.02.03', 5),
  ok6: nik('35.02.03', 6),
  dead: nik('35.02.01', 10),
  elsewhere: nik('35.02.01', 11),
  old: nik('35.02.01', 12),
  young: nik('35.02.01', 13),
  outside: nik('35.03.01', 14),
  noVillage: nik('35.02.01', 15),
  deadAndOld: nik('35.02.01', 16),
  limited: nik('35.02.01', 17),
  near: nik('35.02.01', 18),
  kendal1: nik('33.24.01', 21),
  kendal2: nik('33.24.01', 22),
  kendal3: nik('33.24.01', 23),
  kendal4: nik('33.24.01', 24),
};

const actors = {} as Record<
  'a1' | 'a2' | 'a3' | 'k1' | 'k2' | 'admin' | 'adminTrenggalek' | 'adminKendal' | 'opdHead' | 'national',
  Actor
>;
let ponorogo: number;
let trenggalekCohort: number;
let trenggalekBudget: number;
let kendal: number;
let ponorogoApbd: number;

const PONOROGO: ProgrammePolicy = { ...PONOROGO_ASN_ORANG_TUA_ASUH, areaCode: '35.02' };

beforeAll(async () => {
  db = await openTestDatabase();
  for (const code of ['35.02', '35.03', '33.24']) await seedPemda(db, code);
  const education = await seedOpd(db, '35.02', 'Dinas Pendidikan');
  const health = await seedOpd(db, '35.02', 'Dinas Kesehatan');
  const kendalOpd = await seedOpd(db, '33.24', 'Dinas Sosial');
  await seedAsn(db, '35.02', education, { nip: ASN.a1, name: 'Bambang Sutrisno', echelon: 'II' });
  await seedAsn(db, '35.02', education, { nip: ASN.a2, name: 'Dewi Lestari' });
  await seedAsn(db, '35.02', health, { nip: ASN.a3, name: 'Eko Prasetyo', villageCode: '35.02.02.2001' });
  await seedAsn(db, '33.24', kendalOpd, { nip: ASN.k1, name: 'Sri Kendal', villageCode: '33.24.01.2001' });
  await seedAsn(db, '33.24', kendalOpd, { nip: ASN.k2, name: 'Joko Kendal', villageCode: '33.24.01.2001' });
  await seedWorkers(db, '35.02', [
    { nik: W.ok1, name: 'Sumiati', villageCode: '35.02.01.2001', occupation: 'asisten rumah tangga' },
    { nik: W.ok2, name: 'Paijo', villageCode: '35.02.01.2001' },
    { nik: W.ok3, name: 'Sarinah', villageCode: '35.02.02.2001' },
    { nik: W.ok4, name: 'Tukiman', villageCode: '35.02.02.2001' },
    { nik: W.ok5, name: 'Ngatini', villageCode: '35.02.03.2001' },
    { nik: W.ok6, name: 'Wagiman', villageCode: '35.02.03.2001' },
    { nik: W.dead, name: 'Almarhum', deceasedOn: '2026-02-01' },
    { nik: W.elsewhere, name: 'Sudah Peserta', activeElsewhere: true },
    { nik: W.old, name: 'Mbah Karto', birthDate: '1950-03-01' },
    { nik: W.young, name: 'Bocah', birthDate: '2015-01-01' },
    { nik: W.outside, name: 'Orang Trenggalek', villageCode: '35.03.01.2001' },
    { nik: W.noVillage, name: 'Tanpa Desa', villageCode: null },
    { nik: W.deadAndOld, name: 'Mbah Almarhum', birthDate: '1940-01-01', deceasedOn: '2025-01-01' },
    { nik: W.limited, name: 'Kontrak Pendek' },
    { nik: W.near, name: 'Tetangga Dekat', villageCode: '35.02.01.2001', welfareDecile: 9 },
  ]);
  await seedWorkers(db, '33.24', [
    { nik: W.kendal1, villageCode: '33.24.01.2001' },
    { nik: W.kendal2, villageCode: '33.24.01.2001' },
    { nik: W.kendal3, villageCode: '33.24.01.2001' },
    { nik: W.kendal4, villageCode: '33.24.01.2001' },
  ]);
  // The worker Ponorogo and Trenggalek both hold in their registries.
  await db.query(`INSERT INTO pemda_worker (pemda_code, nik) VALUES ('35.03', $1)`, [W.ok2]);

  ponorogo = await seedPolicyProgramme(db, [PONOROGO]);
  kendal = await seedPolicyProgramme(db, [{ ...KENDAL_SATU_ASN_SATU_PEKERJA_RENTAN }]);
  ponorogoApbd = await seedSponsor(db, { pemdaCode: '35.02', kind: 'apbd', name: 'APBD Ponorogo' });
  trenggalekCohort = await seedProgramme(db, {
    pemdaCode: '35.03',
    key: 'trenggalek-petani',
    name: 'Petani Trenggalek',
    kind: 'apbd_cohort',
  });
  trenggalekBudget = await seedSponsor(db, { pemdaCode: '35.03', kind: 'apbd', name: 'APBD Trenggalek' });

  actors.a1 = await seedActor(db, { username: 'bambang', role: 'asn', pemdaCode: '35.02', nip: ASN.a1 });
  actors.a2 = await seedActor(db, { username: 'dewi', role: 'asn', pemdaCode: '35.02', nip: ASN.a2 });
  actors.a3 = await seedActor(db, { username: 'eko', role: 'asn', pemdaCode: '35.02', nip: ASN.a3 });
  actors.k1 = await seedActor(db, { username: 'sri', role: 'asn', pemdaCode: '33.24', nip: ASN.k1 });
  actors.k2 = await seedActor(db, { username: 'joko', role: 'asn', pemdaCode: '33.24', nip: ASN.k2 });
  actors.admin = await seedActor(db, {
    username: 'admin.ponorogo',
    displayName: 'Admin Ponorogo',
    role: 'pemda_admin',
    pemdaCode: '35.02',
  });
  actors.adminTrenggalek = await seedActor(db, {
    username: 'admin.trenggalek',
    role: 'pemda_admin',
    pemdaCode: '35.03',
  });
  actors.adminKendal = await seedActor(db, {
    username: 'admin.kendal',
    role: 'pemda_admin',
    pemdaCode: '33.24',
  });
  actors.opdHead = await seedActor(db, {
    username: 'kadinkes',
    role: 'opd_head',
    pemdaCode: '35.02',
    opdId: health,
  });
  actors.national = await seedActor(db, { username: 'pusat', role: 'national' });

  service = sponsorshipService(db, () => NOW);
  app = await buildApp({ db, webDir: null, actorOverride: () => httpActor });
});

afterAll(async () => {
  await app.close();
  await db.close();
});

const as = (actor: Actor) => ({ actor, ip: '127.0.0.1' });

/** The AppError a call fails with, as `{ kind, code, message (id), details }`. */
async function refusal(call: Promise<unknown>) {
  try {
    await call;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return {
      kind: error.kind,
      code: error.problem.code,
      message: error.problem.message.id,
      en: error.problem.message.en,
      details: error.details as Record<string, unknown> | undefined,
    };
  }
  throw new Error('expected a refusal');
}

async function http(method: 'GET' | 'POST', url: string, actor: Actor | null, payload?: object) {
  httpActor = actor;
  const response = await app.inject({ method, url, payload, headers: { 'accept-language': 'id' } });
  return { status: response.statusCode, body: response.json() };
}

describe('an ASN sponsoring a worker', () => {
  it('proposes a sponsorship by NIK from the current month, priced by the engine', async () => {
    const created = await service.create({ nik: W.ok1, relationship: 'household_help' }, as(actors.a1));
    expect(created).toMatchObject({
      pemdaCode: '35.02',
      programme: { id: ponorogo, name: 'ASN Orang Tua Asuh' },
      sponsor: { kind: 'asn', name: 'Bambang Sutrisno', nip: ASN.a1, fundingSource: 'asn' },
      worker: { nik: W.ok1, nikMasked: false, name: 'Sumiati' },
      relationship: 'household_help',
      programmes: ['jkk', 'jkm'],
      declaredIncome: 1_000_000,
      firstMonth: '2026-11',
      endMonth: null,
      status: 'proposed',
      // PP 50/2025: half of Rp 16,800 in November 2026, because an ASN, not a budget, pays.
      monthlyAmount: 8_400,
      amountPeriod: '2026-11',
    });
    expect(created.events).toMatchObject([
      { fromStatus: null, toStatus: 'proposed', source: 'self-service', user: { id: actors.a1.userId } },
    ]);
    const [sponsor] = await db.query(
      `SELECT kind, payment_method, funding_source, group_account_type FROM sponsor WHERE nip = $1`,
      [ASN.a1],
    );
    expect(sponsor).toEqual({
      kind: 'asn',
      payment_method: 'payroll_deduction',
      funding_source: 'asn',
      group_account_type: 'SG',
    });
    const audit = await db.query<{ action: string; entity_id: string }>(
      `SELECT action, entity_id FROM audit_log WHERE action = 'sponsorship.create'`,
    );
    expect(audit).toEqual([{ action: 'sponsorship.create', entity_id: String(created.id) }]);
  });

  it('adds a new worker to the registry with the import rules, and reports every broken field', async () => {
    const newNik = nik('35.02.01', 40);
    const bad = await refusal(
      service.create(
        {
          worker: { nik: newNik, name: '', birthDate: '1990-02-30', sex: 'P', villageCode: '35.03.01.2001' },
          relationship: 'neighbour',
        },
        as(actors.a2),
      ),
    );
    expect(bad.kind).toBe('invalid');
    expect(bad.message).toBe('Nama: Kolom ini wajib diisi.');
    expect(
      (bad.details!.problems as { field: string; message: { id: string } }[]).map((p) => [
        p.field,
        p.message.id,
      ]),
    ).toEqual([
      ['name', 'Nama: Kolom ini wajib diisi.'],
      ['birthDate', expect.stringContaining('Tanggal lahir:')],
      ['villageCode', 'Kode desa: Desa/kelurahan 35.03.01.2001 berada di luar wilayah Pemda 35.02.'],
    ]);

    const created = await service.create(
      {
        worker: {
          nik: newNik,
          name: 'Tetangga Baru',
          birthDate: '1985-06-15',
          sex: 'P',
          villageCode: '35.02.01.2001',
          occupation: 'pedagang',
        },
        relationship: 'neighbour',
      },
      as(actors.a2),
    );
    expect(created.worker).toMatchObject({ nik: newNik, name: 'Tetangga Baru' });
    expect(await db.query('SELECT pemda_code FROM pemda_worker WHERE nik = $1', [newNik])).toEqual([
      { pemda_code: '35.02' },
    ]);

    const again = await refusal(
      service.create(
        { worker: { nik: newNik, name: 'Lagi', birthDate: '1985-06-15', sex: 'P' }, relationship: 'other' },
        as(actors.a3),
      ),
    );
    expect(again).toMatchObject({ kind: 'conflict', code: 'WORKER_ALREADY_REGISTERED' });
  });

  it('says so when a NIK is not in the registry, or when both or neither of NIK and details are given', async () => {
    expect(
      await refusal(service.create({ nik: nik('35.02.01', 99), relationship: 'family' }, as(actors.a3))),
    ).toMatchObject({
      kind: 'not_found',
      code: 'WORKER_NOT_FOUND',
      message:
        'Pekerja dengan NIK 3502********0099 belum ada di registri. Isi data pekerja baru untuk menambahkannya.',
    });
    expect(await refusal(service.create({ relationship: 'family' }, as(actors.a3)))).toMatchObject({
      code: 'WORKER_CHOICE',
    });
  });
});

describe('eligibility', () => {
  const cases = [
    [W.dead, 'ELIGIBILITY_DECEASED', 'Pekerja tercatat meninggal pada 2026-02-01.'],
    [
      W.elsewhere,
      'ELIGIBILITY_ACTIVE_ELSEWHERE',
      'Pekerja sudah menjadi peserta aktif BPJS Ketenagakerjaan yang iurannya dibayar pihak lain (menurut tanggapan pendaftaran terakhir).',
    ],
    [
      W.old,
      'ELIGIBILITY_TOO_OLD',
      'Pekerja berumur 76 tahun pada 2026-11-01; peserta BPU harus berumur di bawah 65 tahun saat didaftarkan.',
    ],
    [
      W.young,
      'ELIGIBILITY_TOO_YOUNG',
      'Pekerja berumur 11 tahun pada 2026-11-01; peserta harus berumur minimal 15 tahun.',
    ],
    [W.outside, 'ELIGIBILITY_OUTSIDE_AREA', 'Desa pekerja (35.03.01.2001) di luar wilayah program (35.02).'],
    [
      W.noVillage,
      'ELIGIBILITY_VILLAGE_UNKNOWN',
      'Desa tempat tinggal pekerja belum dicatat; program ini hanya untuk pekerja yang tinggal di wilayah 35.02.',
    ],
  ] as const;

  it.each(cases)('refuses %s naming the rule %s', async (worker, code, message) => {
    const result = await refusal(service.create({ nik: worker, relationship: 'family' }, as(actors.a3)));
    expect(result).toMatchObject({ kind: 'invalid', code, message });
    expect(result.details).toEqual({ problems: [expect.objectContaining({ code })] });
  });

  it('returns every failing rule at once, over HTTP too', async () => {
    const { status, body } = await http('POST', '/api/v1/sponsorships', actors.a3, {
      nik: W.deadAndOld,
      relationship: 'family',
    });
    expect(status).toBe(400);
    expect(body.error.code).toBe('ELIGIBILITY_DECEASED');
    expect(body.error.details.problems.map((p: { code: string }) => p.code)).toEqual([
      'ELIGIBILITY_DECEASED',
      'ELIGIBILITY_TOO_OLD',
    ]);
    expect(await db.query('SELECT 1 FROM sponsorship WHERE nik = $1', [W.deadAndOld])).toEqual([]);
  });
});

describe('one payer per month', () => {
  it('refuses a second sponsor with the months, naming the payer only to those who may know', async () => {
    // Sumiati is Bambang's (first test). Dewi is told she is covered, not by whom.
    const other = await refusal(service.create({ nik: W.ok1, relationship: 'neighbour' }, as(actors.a2)));
    expect(other).toMatchObject({
      kind: 'conflict',
      code: 'SPONSORSHIP_ALREADY_COVERED',
      message:
        'Pekerja ini sudah ditanggung untuk bulan 2026-11 dan seterusnya. Setiap bulan seorang pekerja hanya boleh punya satu penanggung.',
      en: 'This worker is already covered for 2026-11 onwards. A worker has one payer for any month.',
      details: { months: [{ from: '2026-11', until: null }] },
    });
    // The Pemda's admin may know who pays.
    const admin = await refusal(
      service.create(
        { nik: W.ok1, relationship: 'other', programmeId: ponorogo, sponsorNip: ASN.a2 },
        as(actors.admin),
      ),
    );
    expect(admin.message).toBe(
      'Pekerja ini sudah ditanggung untuk bulan 2026-11 dan seterusnya oleh Bambang Sutrisno. Setiap bulan seorang pekerja hanya boleh punya satu penanggung.',
    );
    // So does the payer.
    const own = await refusal(service.create({ nik: W.ok1, relationship: 'family' }, as(actors.a1)));
    expect(own.message).toContain('oleh Bambang Sutrisno');
  });

  it('does not name another Pemda’s payer, and frees months outside the held range', async () => {
    await seedSponsorship(db, {
      pemdaCode: '35.02',
      programmeId: ponorogo,
      sponsorId: ponorogoApbd,
      nik: W.ok2,
      firstMonth: '2026-11',
      endMonth: '2027-03',
      status: 'active',
    });
    const elsewhere = await refusal(
      service.create(
        {
          nik: W.ok2,
          relationship: 'other',
          programmeId: trenggalekCohort,
          sponsorId: trenggalekBudget,
          firstMonth: '2026-12',
        },
        as(actors.adminTrenggalek),
      ),
    );
    expect(elsewhere.message).toBe(
      'Pekerja ini sudah ditanggung untuk bulan 2026-12 s.d. 2027-02. Setiap bulan seorang pekerja hanya boleh punya satu penanggung.',
    );
    expect(elsewhere.details).toEqual({ months: [{ from: '2026-12', until: '2027-02' }] });

    const after = await service.create(
      {
        nik: W.ok2,
        relationship: 'other',
        programmeId: trenggalekCohort,
        sponsorId: trenggalekBudget,
        firstMonth: '2027-03',
      },
      as(actors.adminTrenggalek),
    );
    expect(after).toMatchObject({ status: 'verified', firstMonth: '2027-03', monthlyAmount: 16_800 });
  });

  it('answers 409 over HTTP with the message in the language asked for', async () => {
    httpActor = actors.a2;
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/sponsorships',
      payload: { nik: W.ok1, relationship: 'family' },
      headers: { 'accept-language': 'en' },
    });
    expect(response.statusCode).toBe(409);
    expect(response.json().error).toMatchObject({
      code: 'SPONSORSHIP_ALREADY_COVERED',
      message: expect.stringMatching(/^This worker is already covered for \d{4}-\d{2} onwards\./),
    });
  });
});

describe('the policy’s limits', () => {
  it('refuses a fourth worker under Ponorogo’s 2-to-3, until one is ended', async () => {
    for (const worker of [W.ok3, W.ok4, W.ok5]) {
      await service.create({ nik: worker, relationship: 'neighbour' }, as(actors.a3));
    }
    const fourth = await refusal(service.create({ nik: W.ok6, relationship: 'neighbour' }, as(actors.a3)));
    expect(fourth).toMatchObject({
      kind: 'conflict',
      code: 'POLICY_MAX_REACHED',
      message: 'Sudah menanggung 3 pekerja; ASN Orang Tua Asuh membolehkan paling banyak 3 pekerja per ASN.',
      details: { max: 3, held: 3 },
    });
    const [third] = await db.query<{ id: number }>('SELECT id FROM sponsorship WHERE nik = $1', [W.ok5]);
    await service.end(third!.id, 'Pindah ke luar kota', as(actors.a3));
    const replacement = await service.create({ nik: W.ok6, relationship: 'neighbour' }, as(actors.a3));
    expect(replacement.status).toBe('proposed');
  });

  it('refuses a first month already billed or past, and sponsors the Pemda may not choose', async () => {
    expect(
      await refusal(
        service.create({ nik: W.limited, relationship: 'family', firstMonth: '2026-10' }, as(actors.a2)),
      ),
    ).toMatchObject({
      code: 'FIRST_MONTH_BILLED',
      message: 'Bulan 2026-10 sudah lewat atau sudah ditagih; tanggungan baru paling awal mulai 2026-11.',
    });
    expect(
      await refusal(
        service.create(
          { nik: W.limited, relationship: 'family', programmeId: ponorogo, sponsorId: ponorogoApbd },
          as(actors.admin),
        ),
      ),
    ).toMatchObject({ code: 'SPONSOR_KIND_MISMATCH' });
    expect(
      await refusal(
        service.create(
          { nik: W.limited, relationship: 'family', programmeId: ponorogo, sponsorId: trenggalekBudget },
          as(actors.admin),
        ),
      ),
    ).toMatchObject({ kind: 'not_found', code: 'SPONSOR_NOT_FOUND' });
    expect(
      await refusal(service.create({ nik: W.limited, relationship: 'family' }, as(actors.opdHead))),
    ).toMatchObject({ kind: 'forbidden' });
  });
});

describe('transitions', () => {
  it('verify, reject, suspend and resume by the Pemda admin, each with who and why', async () => {
    const [ok1] = await db.query<{ id: number }>('SELECT id FROM sponsorship WHERE nik = $1', [W.ok1]);
    const id = ok1!.id;
    expect(await refusal(service.transition(id, { to: 'verified' }, as(actors.a1)))).toMatchObject({
      kind: 'forbidden',
    });
    expect(
      await refusal(service.transition(id, { to: 'verified' }, as(actors.adminTrenggalek))),
    ).toMatchObject({ kind: 'not_found', code: 'SPONSORSHIP_NOT_FOUND' });

    expect((await service.transition(id, { to: 'verified' }, as(actors.admin))).status).toBe('verified');
    expect(
      await refusal(service.transition(id, { to: 'suspended', reason: 'Iuran tertunda' }, as(actors.admin))),
    ).toMatchObject({
      kind: 'conflict',
      code: 'SPONSORSHIP_TRANSITION_NOT_ALLOWED',
      message: 'Status "Diverifikasi" tidak dapat diubah menjadi "Ditangguhkan".',
    });
    await db.query(`UPDATE sponsorship SET status = 'active' WHERE id = $1`, [id]);
    expect(await refusal(service.transition(id, { to: 'suspended' }, as(actors.admin)))).toMatchObject({
      kind: 'invalid',
      code: 'REASON_REQUIRED',
      message: 'Alasan wajib diisi untuk menangguhkan tanggungan.',
    });
    await service.transition(id, { to: 'suspended', reason: 'Gaji ASN ditangguhkan' }, as(actors.admin));
    const resumed = await service.transition(id, { to: 'active' }, as(actors.admin));
    expect(resumed.status).toBe('active');
    expect(
      resumed.events.map((event) => [
        event.fromStatus,
        event.toStatus,
        event.user?.displayName,
        event.reason,
      ]),
    ).toEqual([
      [null, 'proposed', 'bambang', null],
      ['proposed', 'verified', 'Admin Ponorogo', null],
      ['active', 'suspended', 'Admin Ponorogo', 'Gaji ASN ditangguhkan'],
      ['suspended', 'active', 'Admin Ponorogo', null],
    ]);
    const history = await http('GET', `/api/v1/sponsorships/${id}/history`, actors.a1);
    expect(history.status).toBe(200);
    expect(history.body.items.map((event: { toStatus: string }) => event.toStatus)).toEqual([
      'proposed',
      'verified',
      'suspended',
      'active',
    ]);
  });

  it('rejects with a reason, which frees the worker’s months', async () => {
    const proposal = await service.create({ nik: W.limited, relationship: 'family' }, as(actors.a2));
    expect(
      await refusal(service.transition(proposal.id, { to: 'rejected' }, as(actors.admin))),
    ).toMatchObject({
      code: 'REASON_REQUIRED',
      message: 'Alasan wajib diisi untuk menolak tanggungan.',
    });
    const { status, body } = await http(
      'POST',
      `/api/v1/sponsorships/${proposal.id}/transitions`,
      actors.admin,
      {
        to: 'rejected',
        reason: 'Bukan pekerja rentan',
      },
    );
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'rejected', reason: 'Bukan pekerja rentan' });
    const retaken = await service.create(
      { nik: W.limited, relationship: 'other', programmeId: ponorogo, sponsorNip: ASN.a1 },
      as(actors.admin),
    );
    expect(retaken).toMatchObject({ status: 'verified', sponsor: { nip: ASN.a1 } });
  });
});

describe('ending from the next unbilled month (Kendal, where billing has begun)', () => {
  const create = (worker: string, actor: Actor, firstMonth?: string) =>
    service.create({ nik: worker, relationship: 'family', ...(firstMonth ? { firstMonth } : {}) }, as(actor));

  it('ends with no month at all when none was billed', async () => {
    const s = await create(W.kendal1, actors.k1);
    expect(await refusal(service.end(s.id, '  ', as(actors.k1)))).toMatchObject({ code: 'REASON_REQUIRED' });
    expect(await refusal(service.end(s.id, 'Salah orang', as(actors.k2)))).toMatchObject({
      kind: 'not_found',
    });
    const ended = await service.end(s.id, 'Salah orang', as(actors.k1));
    expect(ended).toMatchObject({
      status: 'ended',
      firstMonth: '2026-11',
      endMonth: '2026-11',
      reason: 'Salah orang',
    });
    expect(ended.events.at(-1)).toMatchObject({
      toStatus: 'ended',
      source: 'self-service',
      reason: 'Salah orang',
    });
  });

  it('keeps the billed months: billed through December, it ends from January', async () => {
    const s = await create(W.kendal2, actors.k1);
    await seedBilledMonth(db, s.id, '2026-11');
    await seedBilledMonth(db, s.id, '2026-12');
    const { status, body } = await http('POST', `/api/v1/sponsorships/${s.id}/end`, actors.adminKendal, {
      reason: 'ASN pensiun',
    });
    expect(status).toBe(200);
    // The real clock may be later than the test's: the end is the later of its month and January 2027.
    const real = currentPeriod(new Date(), 'WIB');
    expect(body).toMatchObject({ status: 'ended', endMonth: real > '2027-01' ? real : '2027-01' });
  });

  it('starts a new sponsorship next month once the Pemda’s bills of this month are out', async () => {
    // The bill of November above is the Pemda's: a sponsorship added now is billed from December.
    const s = await create(W.kendal3, actors.k2);
    expect(s.firstMonth).toBe('2026-12');
    const ended = await service.end(s.id, 'Berubah pikiran', as(actors.k2));
    expect(ended.endMonth).toBe('2026-12');
  });

  it('ends a sponsorship billed this month from next month', async () => {
    const s = await service.create(
      {
        nik: W.kendal4,
        relationship: 'colleague',
        programmeId: kendal,
        sponsorNip: ASN.k2,
        firstMonth: '2026-12',
      },
      as(actors.adminKendal),
    );
    await seedBilledMonth(db, s.id, '2026-12');
    const ended = await service.end(s.id, 'Pindah tugas', as(actors.adminKendal));
    expect(ended).toMatchObject({ firstMonth: '2026-12', endMonth: '2027-01' });
    expect(ended.events.at(-1)).toMatchObject({ source: 'admin', user: { id: actors.adminKendal.userId } });
  });
});

describe('reading sponsorships', () => {
  const niksOf = (page: { items: { worker: { nik: string } }[] }) =>
    page.items.map((item) => item.worker.nik).sort();

  it('lists only what the caller’s scope holds', async () => {
    const query = { page: 1, pageSize: 200 };
    const own = await service.list(query, as(actors.a3));
    expect(niksOf(own)).toEqual([W.ok3, W.ok4, W.ok5, W.ok6].sort());
    const opd = await service.list(query, as(actors.opdHead));
    expect(niksOf(opd)).toEqual(
      niksOf(own)
        .map((value) => `${value.slice(0, 4)}********${value.slice(12)}`)
        .sort(),
    );
    expect(opd.items.every((item) => item.worker.nikMasked)).toBe(true);
    const trenggalek = await service.list(query, as(actors.adminTrenggalek));
    expect(trenggalek.items.map((item) => item.pemdaCode)).toEqual(['35.03']);
    const national = await service.list({ ...query, status: 'ended' }, as(actors.national));
    expect(national.items.every((item) => item.status === 'ended')).toBe(true);
    expect(national.total).toBeGreaterThanOrEqual(4);
  });

  it('lets the ASN read their workers in the registry, with the full NIK logged', async () => {
    const { status, body } = await http('GET', '/api/v1/workers?pageSize=200', actors.a3);
    expect(status).toBe(200);
    expect(body.items.map((item: { nik: string }) => item.nik).sort()).toEqual(
      [W.ok3, W.ok4, W.ok5, W.ok6].sort(),
    );
  });
});

describe('the ASN’s own page and pool', () => {
  it('shows the obligation today, the policy in force and the sponsored workers', async () => {
    const page = await service.selfService(as(actors.a2));
    expect(page.asn).toMatchObject({ nip: ASN.a2, name: 'Dewi Lestari', opd: { name: 'Dinas Pendidikan' } });
    expect(page.programme).toMatchObject({ id: ponorogo, name: 'ASN Orang Tua Asuh' });
    expect(page.policy).toMatchObject({ min: 2, max: 3, mandatory: true });
    // Dewi sponsors her new neighbour; her proposal for Kontrak Pendek was rejected.
    expect(page.obligation).toMatchObject({ status: 'short', short: 1, held: 1, required: 2 });
    expect(page.obligation!.reason.id).toBe(
      'Kurang 1: menanggung 1 pekerja; ASN Orang Tua Asuh mewajibkan 2 sampai 3 pekerja.',
    );
    expect(page.sponsorships.map((s) => [s.worker.name, s.status])).toEqual([
      ['Tetangga Baru', 'proposed'],
      ['Kontrak Pendek', 'rejected'],
    ]);
    const logged = await db.query<{ details: { route: string; niks: string[] } }>(
      `SELECT details FROM audit_log WHERE action = 'worker.read_nik' AND username = 'dewi' ORDER BY id DESC LIMIT 1`,
    );
    expect(logged[0]!.details.route).toBe('me.sponsorship');
  });

  it('offers eligible unsponsored workers nearest the ASN’s village first', async () => {
    const pool = await service.pool(20, as(actors.a1));
    const names = pool.items.map((item) => item.name);
    expect(names).not.toContain('Sumiati');
    expect(names).not.toContain('Almarhum');
    expect(names).not.toContain('Orang Trenggalek');
    expect(pool.items.map((item) => item.level)).toEqual(
      [...pool.items.map((item) => item.level)].sort(
        (a, b) =>
          ['village', 'district', 'regency', 'other'].indexOf(a) -
          ['village', 'district', 'regency', 'other'].indexOf(b),
      ),
    );
    expect(pool.items[0]).toMatchObject({
      name: 'Tetangga Dekat',
      level: 'village',
      village: { code: '35.02.01.2001' },
    });
    expect(await refusal(service.pool(20, as(actors.admin)))).toMatchObject({ kind: 'forbidden' });
  });

  it('is served over HTTP to the ASN only', async () => {
    const mine = await http('GET', '/api/v1/me/sponsorship', actors.a1);
    expect(mine.status).toBe(200);
    const monthly = priceMonth({
      scheme: 'bpu',
      income: 1_000_000,
      programmes: ['jkk', 'jkm'],
      funding: 'asn',
      period: currentPeriod(new Date(), 'WIB'),
    }).amount;
    const sumiati = mine.body.sponsorships.find(
      (s: { worker: { name: string } }) => s.worker.name === 'Sumiati',
    );
    expect(sumiati).toMatchObject({ worker: { nik: W.ok1 }, monthlyAmount: monthly });
    expect((await http('GET', '/api/v1/me/sponsorship', actors.admin)).status).toBe(403);
    expect((await http('GET', '/api/v1/me/pool?limit=5', actors.a1)).body.items.length).toBeLessThanOrEqual(
      5,
    );
  });
});

describe('the API description', () => {
  it('documents the routes and where every refusal of a new sponsorship is listed', async () => {
    const { body } = await http('GET', '/api/v1/openapi.json', null);
    for (const path of [
      '/api/v1/sponsorships',
      '/api/v1/sponsorships/{id}',
      '/api/v1/sponsorships/{id}/history',
      '/api/v1/sponsorships/{id}/transitions',
      '/api/v1/sponsorships/{id}/end',
      '/api/v1/me/sponsorship',
      '/api/v1/me/pool',
    ]) {
      expect(body.paths[path], path).toBeDefined();
    }
    const refused = body.paths['/api/v1/sponsorships'].post.responses['400'];
    expect(JSON.stringify(refused)).toContain('details.problems');
  });
});
