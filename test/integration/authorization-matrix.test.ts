import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/core/access.ts';
import { formatNik } from '../../src/core/identifiers/nik.ts';
import { formatNip } from '../../src/core/identifiers/nip.ts';
import { PONOROGO_ASN_ORANG_TUA_ASUH } from '../../src/core/programme-policy.ts';
import type { Database } from '../../src/db/database.ts';
import { createAuthService, type NewUser, SESSION_COOKIE } from '../../src/features/auth/index.ts';
import { createClaimService } from '../../src/features/claims/index.ts';
import { createCoverageService } from '../../src/features/coverage/index.ts';
import { createEnrolmentService } from '../../src/features/enrolment/index.ts';
import { buildApp } from '../../src/server/app.ts';
import { declaredRouteAccess, type RecordKind, type RouteAccess } from '../../src/server/route-access.ts';
import { openTestDatabase } from '../support/database.ts';
import {
  billMonths,
  payWorkerMonths,
  seedAsn,
  seedCsrSponsor,
  seedOpd,
  seedPemda,
  seedPolicyProgramme,
  seedProgramme,
  seedSponsor,
  seedSponsorship,
  seedWorkers,
} from '../support/fixtures.ts';

/**
 * Every operation of the OpenAPI document, sent by every role and anonymously, against the records
 * a caller owns, another ASN's in the same Pemda, a sponsor organisation's, another Pemda's and
 * an unknown one, each held to the access its route declares (`config.access`, see
 * src/server/route-access.ts). Out of reach must read exactly as unknown, and no answer to a
 * Ponorogo caller may carry Kendal's people.
 */

const HOME = '35.02';
const OTHER = '33.24';
/** A region with no Pemda onboarded, outside every caller's: what an unknown Pemda answers. */
const UNKNOWN_PEMDA = '11.01';
/** Every Kendal name carries it, so that any of them in a Ponorogo caller's answer shows. */
const KENDAL_MARK = 'RAHASIA-KENDAL';
/** Names in the records of Ponorogo's second ASN, which the first ASN and their OPD head must not see. */
const ASN2_MARK = 'MILIK-ASN-DUA';

type Owner = 'asn1' | 'asn2' | 'org' | 'kendal';
/** Accounts and their sessions, seeded once the users are: the others, per Pemda before them. */
type AccountKind = 'user' | 'session';
type PemdaKind = Exclude<RecordKind, AccountKind>;
type Records = Record<RecordKind, Partial<Record<Owner, string>> & { unknown: string }>;

let db: Database;
let app: FastifyInstance;
let folder: string;
const sessions = {} as Record<Role, { cookie: string; csrf: string }>;
const PASSWORD = 'Matriks-Akses-2026!uji';
const records = {} as Records;
/** Full NIKs and NIPs of Kendal, and of Ponorogo's second ASN and their workers. */
const secrets = { kendal: [KENDAL_MARK] as string[], asn2: [ASN2_MARK] as string[] };

const nip = (pemda: string, serial: number) =>
  formatNip({
    birthDate: pemda === HOME ? '1980-05-17' : '1981-02-03',
    appointmentMonth: '2005-03',
    sex: 'male',
    serial,
  });
const nik = (pemda: string, serial: number) =>
  formatNik({ districtCode: `${pemda}.01`, birthDate: '1985-06-15', sex: 'female', serial });

interface SeededPemda {
  opdA: number;
  asn1: string;
  asn2: string;
  workers: { asn1: string; asn2: string; org: string; verified: string; pool: string; pool2: string };
  sponsors: { asn1: number; asn2: number; org: number };
  organisationId: number;
  sponsorships: { asn1: number; asn2: number; org: number };
  policyProgrammeId: number;
}

async function seedOne(code: string): Promise<SeededPemda> {
  const mark = code === HOME ? 'Ponorogo' : KENDAL_MARK;
  const village = code === HOME ? '35.02.01.2001' : null;
  await seedPemda(db, code);
  const opdA = await seedOpd(db, code, `Dinas Pendidikan ${mark}`);
  const opdB = await seedOpd(db, code, `Dinas Kesehatan ${mark}`);
  const asn1 = await seedAsn(db, code, opdA, {
    nip: nip(code, 1),
    name: `ASN Satu ${mark}`,
    villageCode: village,
  });
  const asn2 = await seedAsn(db, code, opdB, {
    nip: nip(code, 2),
    name: `ASN Dua ${mark} ${ASN2_MARK}`,
    villageCode: village,
  });
  const workers = {
    asn1: nik(code, 1),
    asn2: nik(code, 2),
    org: nik(code, 3),
    verified: nik(code, 4),
    pool: nik(code, 5),
    pool2: nik(code, 6),
  };
  await seedWorkers(
    db,
    code,
    Object.entries(workers).map(([owner, n]) => ({
      nik: n,
      name: `Pekerja ${owner} ${mark}${owner === 'asn2' ? ` ${ASN2_MARK}` : ''}`,
      villageCode: village,
      welfareDecile: 1,
    })),
  );
  const policyProgrammeId = await seedPolicyProgramme(db, [
    { ...PONOROGO_ASN_ORANG_TUA_ASUH, pemdaCode: code, programmeKey: `asn-${code.replace('.', '')}` },
  ]);
  const csr = await seedCsrSponsor(db, code, { organisationName: `PT Peduli ${mark}` });
  const sponsors = {
    asn1: await seedSponsor(db, { pemdaCode: code, kind: 'asn', nip: asn1 }),
    asn2: await seedSponsor(db, { pemdaCode: code, kind: 'asn', nip: asn2 }),
    org: csr.sponsorId,
  };
  const [organisation] = await db.query<{ organisation_id: number }>(
    'SELECT organisation_id FROM sponsor WHERE id = $1',
    [csr.sponsorId],
  );
  const from = { pemdaCode: code, firstMonth: '2026-01' } as const;
  const sponsorships = {
    asn1: await seedSponsorship(db, {
      ...from,
      programmeId: policyProgrammeId,
      sponsorId: sponsors.asn1,
      nik: workers.asn1,
    }),
    asn2: await seedSponsorship(db, {
      ...from,
      programmeId: policyProgrammeId,
      sponsorId: sponsors.asn2,
      nik: workers.asn2,
    }),
    org: await seedSponsorship(db, {
      ...from,
      programmeId: csr.programmeId,
      sponsorId: sponsors.org,
      nik: workers.org,
    }),
  };
  await seedSponsorship(db, {
    ...from,
    status: 'verified',
    programmeId: policyProgrammeId,
    sponsorId: sponsors.asn1,
    nik: workers.verified,
  });
  return {
    opdA,
    asn1,
    asn2,
    workers,
    sponsors,
    organisationId: organisation!.organisation_id,
    sponsorships,
    policyProgrammeId,
  };
}

/** The records of every kind a route may name, in one Pemda, by who owns them. */
async function recordsOf(
  code: string,
  p: SeededPemda,
): Promise<Record<PemdaKind, Partial<Record<Owner, string>>>> {
  const one = async (sql: string, params: unknown[]) => {
    const [row] = await db.query<{ id: string | number }>(sql, params);
    if (!row) throw new Error(`no record for ${sql} ${params.join(',')}`);
    return String(row.id);
  };
  const importId = randomUUID();
  await db.query(
    `INSERT INTO import_job (id, kind, pemda_code, file_name, status, finished_at)
     VALUES ($1, 'workers', $2, 'pekerja.csv', 'completed', now())`,
    [importId, code],
  );
  const cohortId = await seedProgramme(db, {
    pemdaCode: code,
    key: 'apbd-matriks',
    name: `APBD ${code === HOME ? 'Ponorogo' : KENDAL_MARK}`,
    kind: 'apbd_cohort',
    budget: 100_000_000,
    budgetYear: 2026,
  });
  const buildId = randomUUID();
  await db.query(
    `INSERT INTO cohort_build (id, programme_id, pemda_code, source, read, added, already_member, already_covered,
                               rejected, new_workers)
     VALUES ($1, $2, $3, 'query', 0, 0, 0, 0, 0, 0)`,
    [buildId, cohortId, code],
  );
  const [csrProgramme] = await db.query<{ programme_id: number }>(
    'SELECT programme_id FROM sponsorship WHERE id = $1',
    [p.sponsorships.org],
  );
  const batch = await createEnrolmentService({ db }).createBatch(code, { actor: null });
  const responseId = await one(
    `INSERT INTO enrolment_response (pemda_code, channel, file_name, content_sha256)
     VALUES ($1, 'file', 'tanggapan.csv', repeat($2, 64)) RETURNING id`,
    [code, code === HOME ? 'a' : 'b'],
  );
  const runId = await one(
    `INSERT INTO match_run (pemda_code, on_date, fill, parameters, pool_workers, sponsors, quota, proposals,
                            by_level, withdrawn, duration_ms)
     VALUES ($1, DATE '2026-06-01', 'min', '{}', 1, 2, 2, 2,
             '{"village": 2, "district": 0, "regency": 0, "province": 0, "other": 0}', 0, 1) RETURNING id`,
    [code],
  );
  const proposal = (sponsorId: number, worker: string, position: number) =>
    one(
      `INSERT INTO match_proposal (run_id, pemda_code, programme_id, sponsor_id, nik, level, position, reason)
       VALUES ($1, $2, $3, $4, $5, 'village', $6, '{"id": "Sedesa", "en": "Same village"}') RETURNING id`,
      [runId, code, p.policyProgrammeId, sponsorId, worker, position],
    );
  await billMonths(db, code, ['2026-01']);
  const billOf = (where: string, value: unknown) =>
    one(`SELECT id FROM bill WHERE pemda_code = $1 AND ${where} = $2`, [code, value]);
  const contributionOf = (sponsorshipId: number) =>
    one('SELECT id FROM contribution WHERE sponsorship_id = $1', [sponsorshipId]);
  await payWorkerMonths(db, code, [
    { nik: p.workers.asn1, period: '2026-01', paidOn: '2026-01-10' },
    // Nobody's: it waits in the unmatched queue.
    { nik: nik(code, 99), period: '2026-01', paidOn: '2026-01-10' },
  ]);
  const paymentImport = await one('SELECT id FROM payment_import WHERE pemda_code = $1', [code]);
  const claim = await createClaimService({ db: db, coverage: createCoverageService({ db: db }) }).register(
    {
      nik: p.workers.asn1,
      type: 'jkm',
      benefit: 'death',
      incidentDate: '2026-01-20',
      documents: [],
      children: [],
    },
    { actor: null },
    'en',
  );
  // The other Pemda asks for this one's worker: a request waiting in this Pemda's incoming queue.
  const transferId = await one(
    `INSERT INTO worker_transfer_request (nik, to_pemda_code, name) VALUES ($1, $2, 'Pekerja dicari') RETURNING id`,
    [p.workers.pool, code === HOME ? OTHER : HOME],
  );
  return {
    pemda: { asn1: code },
    asn: { asn1: p.asn1, asn2: p.asn2 },
    worker: { asn1: p.workers.asn1, asn2: p.workers.asn2, org: p.workers.org },
    sponsorship: {
      asn1: String(p.sponsorships.asn1),
      asn2: String(p.sponsorships.asn2),
      org: String(p.sponsorships.org),
    },
    sponsor: { asn1: String(p.sponsors.asn1), asn2: String(p.sponsors.asn2), org: String(p.sponsors.org) },
    import: { asn1: importId },
    'payment-import': { asn1: paymentImport },
    'unmatched-payment': {
      asn1: await one('SELECT id FROM payment_line WHERE pemda_code = $1 AND match_method IS NULL', [code]),
    },
    cohort: { asn1: String(cohortId), org: String(csrProgramme!.programme_id) },
    'cohort-build': { asn1: buildId },
    'enrolment-batch': { asn1: String(batch.id) },
    'enrolment-response': { asn1: responseId },
    'match-run': { asn1: runId },
    'match-proposal': {
      asn1: await proposal(p.sponsors.asn1, p.workers.pool, 0),
      asn2: await proposal(p.sponsors.asn2, p.workers.pool2, 1),
    },
    programme: { asn1: String(p.policyProgrammeId) },
    'billing-run': { asn1: await one('SELECT id FROM billing_run WHERE pemda_code = $1', [code]) },
    bill: {
      asn1: await billOf('opd_id', p.opdA),
      asn2: await one('SELECT id FROM bill WHERE pemda_code = $1 AND opd_id IS NOT NULL AND opd_id <> $2', [
        code,
        p.opdA,
      ]),
      org: await billOf('sponsor_id', p.sponsors.org),
    },
    contribution: {
      asn1: await contributionOf(p.sponsorships.asn1),
      asn2: await contributionOf(p.sponsorships.asn2),
      org: await contributionOf(p.sponsorships.org),
    },
    claim: { asn1: String(claim.id) },
    'worker-transfer': { asn1: transferId },
  };
}

const UNKNOWN: Record<RecordKind, string> = {
  pemda: UNKNOWN_PEMDA,
  asn: nip(HOME, 999),
  worker: nik(HOME, 999),
  sponsorship: '999999',
  sponsor: '999999',
  import: '00000000-0000-4000-8000-000000000000',
  'payment-import': '00000000-0000-4000-8000-000000000000',
  'unmatched-payment': '999999',
  cohort: '999999',
  'cohort-build': '00000000-0000-4000-8000-000000000000',
  'enrolment-batch': '999999',
  'enrolment-response': '999999',
  'match-run': '999999',
  'match-proposal': '999999',
  programme: '999999',
  'billing-run': '999999',
  bill: '999999',
  contribution: '999999',
  claim: '999999',
  'worker-transfer': '999999',
  user: 'tidak.ada.akun',
  session: '999999',
};

// Seeded while the tests are collected: the operations, one test each, come from the built app.
{
  folder = await mkdtemp(join(tmpdir(), 'asuh-matrix-'));
  db = await openTestDatabase();
  const home = await seedOne(HOME);
  const other = await seedOne(OTHER);
  const homeRecords = await recordsOf(HOME, home);
  const otherRecords = await recordsOf(OTHER, other);
  for (const kind of Object.keys(homeRecords) as PemdaKind[]) {
    records[kind] = { ...homeRecords[kind], kendal: otherRecords[kind].asn1!, unknown: UNKNOWN[kind] };
  }
  secrets.kendal.push(other.asn1, other.asn2, ...Object.values(other.workers));
  secrets.asn2.push(home.asn2, home.workers.asn2);

  const users: Array<Omit<NewUser, 'displayName' | 'password'>> = [
    { username: 'nasional', role: 'national' },
    { username: 'jatim', role: 'province', provinceCode: '35' },
    { username: 'admin', role: 'pemda_admin', pemdaCode: HOME },
    { username: 'kepala', role: 'opd_head', pemdaCode: HOME, opdId: home.opdA },
    { username: 'asn', role: 'asn', pemdaCode: HOME, nip: home.asn1 },
    { username: 'bpjstk', role: 'bpjstk_officer', pemdaCodes: [HOME] },
    { username: 'perusahaan', role: 'sponsor_org', organisationId: home.organisationId },
  ];
  const auth = createAuthService({ db });
  for (const user of users) {
    await auth.createUser({ ...user, displayName: user.username, password: PASSWORD }, null);
  }

  app = await buildApp({
    db,
    webDir: null,
    imports: { uploadsDir: join(folder, 'uploads'), maxBytes: 1024 * 1024 },
  });
  await app.ready();
  // Signed in for real: the session cookie and its CSRF token, as a browser sends them.
  for (const user of users) {
    const login = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: user.username, password: PASSWORD },
    });
    if (login.statusCode !== 200) throw new Error(`${user.username} cannot sign in: ${login.body}`);
    const cookie = login.cookies.find((c) => c.name === SESSION_COOKIE)!;
    sessions[user.role as Role] = {
      cookie: `${SESSION_COOKIE}=${cookie.value}`,
      csrf: (login.json() as { csrfToken: string }).csrfToken,
    };
  }

  // Accounts only the password resets and session ends name, so that the sessions above live on.
  const spare: Array<Omit<NewUser, 'displayName' | 'password'>> = [
    { username: 'reset.ponorogo', role: 'pemda_admin', pemdaCode: HOME },
    { username: 'reset.kendal', role: 'pemda_admin', pemdaCode: OTHER },
    { username: 'asn.dua', role: 'asn', pemdaCode: HOME, nip: home.asn2 },
    { username: 'sesi.kendal', role: 'pemda_admin', pemdaCode: OTHER },
  ];
  for (const user of spare) {
    await auth.createUser({ ...user, displayName: user.username, password: PASSWORD }, null);
  }
  /** A further session of the user, besides any the matrix sends with. */
  const sessionOf = async (username: string) => {
    const login = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username, password: PASSWORD },
    });
    if (login.statusCode !== 200) throw new Error(`${username} cannot sign in: ${login.body}`);
    const [row] = await db.query<{ id: string }>(
      `SELECT s.id FROM user_session s JOIN app_user u ON u.id = s.user_id
        WHERE u.username = $1 ORDER BY s.id DESC LIMIT 1`,
      [username],
    );
    return String(row!.id);
  };
  records.user = { asn1: 'reset.ponorogo', kendal: 'reset.kendal', unknown: UNKNOWN.user };
  records.session = {
    asn1: await sessionOf('asn'),
    asn2: await sessionOf('asn.dua'),
    org: await sessionOf('perusahaan'),
    kendal: await sessionOf('sesi.kendal'),
    unknown: UNKNOWN.session,
  };
}

afterAll(async () => {
  await app?.close();
  await db?.close();
  if (folder) await rm(folder, { recursive: true, force: true });
});

// --- What a request carries besides its path: sample bodies, forms and queries per operation. ---

interface Sample {
  query?: Record<string, string>;
  body?: unknown;
  /** multipart/form-data: the fields, then one file. */
  form?: { fields: Record<string, string>; file: { name: string; content: string } };
}

/**
 * One per write, even one without a body (`{}`), so that a new write cannot go untried. `target`
 * is the record the route names where it names it outside its path (a Pemda code, a NIK).
 */
const SAMPLES: Record<string, (target: string, role: Role | null) => Sample> = {
  'POST /api/v1/auth/login': () => ({ body: { username: 'tidak.ada', password: 'salah-sekali' } }),
  'POST /api/v1/auth/logout': () => ({}),
  // A wrong current password: one failed sign-in per user, far from the throttle's five.
  'POST /api/v1/auth/password': () => ({
    body: { currentPassword: 'bukan-sandi-ini', newPassword: 'Sandi-Baru-Matriks-2026!kuat' },
  }),
  'DELETE /api/v1/auth/sessions': () => ({}),
  'DELETE /api/v1/auth/sessions/{id}': () => ({}),
  'POST /api/v1/users/{username}/password-reset': () => ({}),
  'GET /api/v1/audit': (pemda) => ({ query: { pemda } }),
  'PUT /api/v1/pemda/{code}/targets/{year}': () => ({ body: { workersToCover: 10 } }),
  'POST /api/v1/pemda/{code}/opds': () => ({ body: { name: 'Dinas Matriks' } }),
  'POST /api/v1/sponsorships': (worker, role) => ({
    // An admin names the sponsor and programme; an ASN sponsors under their Pemda's ASN programme.
    body:
      role === 'pemda_admin'
        ? {
            nik: worker,
            relationship: 'neighbour',
            programmeId: Number(records.programme.asn1),
            sponsorNip: records.asn.asn1,
          }
        : { nik: worker, relationship: 'neighbour' },
  }),
  'POST /api/v1/sponsorships/{id}/transitions': () => ({ body: { to: 'suspended', reason: 'Uji matriks' } }),
  'POST /api/v1/sponsorships/{id}/end': () => ({ body: { reason: 'Uji matriks' } }),
  'POST /api/v1/imports': (pemda) => ({
    form: { fields: { kind: 'workers', pemda }, file: { name: 'pekerja.csv', content: 'nik,nama\r\n' } },
  }),
  'GET /api/v1/imports': (pemda) => ({ query: { pemda } }),
  'POST /api/v1/pemda/{code}/cohorts': () => ({
    body: { name: 'Kohort matriks', budget: 1_000_000, budgetYear: 2026, from: '2026-02', limit: 1 },
  }),
  'POST /api/v1/pemda/{code}/cohorts/import': () => ({
    form: {
      fields: { name: 'Kohort berkas', budget: '1000000', year: '2026', from: '2026-02' },
      file: { name: 'kohort.csv', content: 'nik,nama,kode_desa\r\n' },
    },
  }),
  'POST /api/v1/pemda/{code}/csr': (pemda) => ({
    body: { organisation: 'PT Matriks', workers: 1, districts: [`${pemda}.01`], months: 3, from: '2026-02' },
  }),
  'POST /api/v1/pemda/{code}/donors': () => ({
    body: { name: 'Ibu Matriks', workers: 1, months: 3, from: '2026-02' },
  }),
  'POST /api/v1/pemda/{code}/enrolment-batches': () => ({}),
  'POST /api/v1/enrolment-batches/{id}/close': () => ({ body: { reason: 'Uji matriks' } }),
  'POST /api/v1/enrolment-batches/responses': (pemda) => ({
    form: {
      fields: { pemda },
      file: {
        name: 'tanggapan.csv',
        content: 'no_batch,ref_asuh,nik,kpj,status_kepesertaan,tanggal_mulai,alasan_ditolak\r\n',
      },
    },
  }),
  'POST /api/v1/payments/imports': (pemda) => ({
    form: {
      fields: { kind: 'bpjstk', pemda },
      file: { name: 'konfirmasi.csv', content: 'kpj,nik,periode,jumlah,tanggal_bayar\r\n' },
    },
  }),
  'GET /api/v1/payments/imports': (pemda) => ({ query: { pemda } }),
  'GET /api/v1/payments/unmatched': (pemda) => ({ query: { pemda } }),
  'POST /api/v1/payments/unmatched/{id}/resolve': () => ({
    body: { action: 'not_ours', reason: 'Uji matriks' },
  }),
  'POST /api/v1/pemda/{code}/match': () => ({ body: { save: false } }),
  'POST /api/v1/match-runs/{id}/accept': () => ({ body: {} }),
  'POST /api/v1/match-proposals/{id}/accept': () => ({}),
  'POST /api/v1/match-proposals/{id}/reject': () => ({ body: { reason: 'Uji matriks' } }),
  'POST /api/v1/pemda/{code}/programmes': () => ({
    body: { key: 'matriks', name: 'Program matriks', kind: 'donor', declaredIncome: 1_000_000 },
  }),
  'POST /api/v1/programmes/{id}/policies': () => ({
    body: { ...PONOROGO_ASN_ORANG_TUA_ASUH, effectiveFrom: '2027-01-01' },
  }),
  'POST /api/v1/billing-runs': (pemda) => ({ body: { period: '2026-02', pemda } }),
  'POST /api/v1/contributions/{id}/adjustments': () => ({ body: { amount: -1000, reason: 'Uji matriks' } }),
  'POST /api/v1/workers/{nik}/coverage-overrides': () => ({
    body: { period: '2026-02', covered: true, reason: 'Uji matriks' },
  }),
  'POST /api/v1/claims': (worker) => ({
    body: { nik: worker, type: 'jkm', benefit: 'death', incidentDate: '2026-01-25' },
  }),
  'POST /api/v1/claims/{id}/decide': () => ({}),
  'POST /api/v1/claims/{id}/approve': () => ({}),
  'POST /api/v1/claims/{id}/pay': () => ({ body: { reference: 'TRF-MATRIKS' } }),
  'POST /api/v1/worker-transfers': () => ({ body: { nik: records.worker.kendal, name: 'Pekerja dicari' } }),
  'POST /api/v1/worker-transfers/{id}/decision': () => ({
    body: { decision: 'reject', reason: 'Uji matriks' },
  }),
};

// --- The operations, their declarations, and the requests. ---

interface Operation {
  method: string;
  path: string;
  key: string;
  access: RouteAccess | undefined;
  pathParams: string[];
  queryParams: string[];
}

function operations(): Operation[] {
  const document = app.swagger() as {
    paths: Record<string, Record<string, { parameters?: { in: string; name: string }[] }>>;
  };
  const declared = declaredRouteAccess(app);
  const found: Operation[] = [];
  for (const [path, byMethod] of Object.entries(document.paths)) {
    for (const [method, op] of Object.entries(byMethod)) {
      const upper = method.toUpperCase();
      const url = path.replace(/\{(\w+)\}/g, ':$1');
      found.push({
        method: upper,
        path,
        key: `${upper} ${path}`,
        access: declared.get(`${upper} ${url}`),
        pathParams: (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name),
        queryParams: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
      });
    }
  }
  // Reads first: a write that succeeds (ending a sponsorship, closing a batch) changes no read's
  // answer then. Ending one's other sessions would end the spare sessions the session records
  // are, so it comes after the end of one; signing out ends each caller's session, so it comes last.
  const rank = (op: Operation) =>
    op.key === 'POST /api/v1/auth/logout'
      ? 3
      : op.key === 'DELETE /api/v1/auth/sessions'
        ? 2
        : op.method === 'GET'
          ? 0
          : 1;
  return found.sort((a, b) => rank(a) - rank(b));
}

interface Answer {
  status: number;
  code: string | undefined;
  body: string;
}

async function send(
  op: Operation,
  role: Role | null,
  target: string | undefined,
  extraQuery: Record<string, string> = {},
): Promise<Answer> {
  let url = op.path;
  for (const name of op.pathParams) {
    const value = name === 'year' ? '2026' : (target ?? HOME);
    url = url.replace(`{${name}}`, encodeURIComponent(value));
  }
  const sample = SAMPLES[op.key]?.(target ?? HOME, role) ?? {};
  const query = { ...sample.query, ...extraQuery };
  const headers: Record<string, string> = { 'accept-language': 'en' };
  if (role) {
    headers.cookie = sessions[role].cookie;
    headers['x-csrf-token'] = sessions[role].csrf;
  }
  let payload: string | Buffer | undefined;
  if (sample.form) {
    const form = new FormData();
    for (const [name, value] of Object.entries(sample.form.fields)) form.append(name, value);
    form.append('file', new Blob([sample.form.file.content]), sample.form.file.name);
    const encoded = new Response(form);
    headers['content-type'] = encoded.headers.get('content-type')!;
    payload = Buffer.from(await encoded.arrayBuffer());
  } else if (sample.body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(sample.body);
  }
  const response = await app.inject({
    method: op.method as 'GET',
    url: `/api/v1${url.replace(/^\/api\/v1/, '')}`,
    query,
    headers,
    ...(payload === undefined ? {} : { payload }),
  });
  let code: string | undefined;
  try {
    code = (JSON.parse(response.body) as { error?: { code?: string } }).error?.code;
  } catch {
    code = undefined;
  }
  return { status: response.statusCode, code, body: response.body };
}

const SIGNED_IN: Role[] = [
  'national',
  'province',
  'pemda_admin',
  'opd_head',
  'asn',
  'bpjstk_officer',
  'sponsor_org',
];

const OWNER_PEMDA: Record<Owner, string> = { asn1: HOME, asn2: HOME, org: HOME, kendal: OTHER };

/** Whether a role allowed on a route reaches a record of that owner, by the route's declared reach. */
function reaches(role: Role, reach: RouteAccess['reach'], owner: Owner): boolean {
  const pemda = OWNER_PEMDA[owner];
  const pemdaWide =
    role === 'national' ||
    (role === 'province' && pemda.startsWith('35.')) ||
    (role !== 'province' && role !== 'sponsor_org' && pemda === HOME);
  // The ASN and the company each have a spare session of their own among the session records.
  if (reach === 'self')
    return (role === 'asn' && owner === 'asn1') || (role === 'sponsor_org' && owner === 'org');
  if (reach === 'sponsor') {
    if (role === 'asn' || role === 'opd_head') return owner === 'asn1';
    if (role === 'sponsor_org') return owner === 'org';
  }
  return pemdaWide;
}

const mayCall = (access: RouteAccess, role: Role) =>
  access.roles === 'anyone' || access.roles === 'signed-in' || access.roles.includes(role);

/**
 * What no Ponorogo caller may read in any answer, refusals included: a Kendal person, or (to the
 * first ASN, their OPD head and the company) the second ASN's. The record the caller named itself
 * may come back in an error message.
 */
function leaks(role: Role, answer: Answer, named?: string): string[] {
  if (role === 'national') return [];
  const hidden = [
    ...secrets.kendal,
    ...(role === 'asn' || role === 'opd_head' || role === 'sponsor_org' ? secrets.asn2 : []),
  ];
  return hidden.filter((secret) => secret !== named && answer.body.includes(secret));
}

const isAccessAnswer = (status: number) => status === 401 || status === 403;

describe('authorization matrix', () => {
  it('every operation of the OpenAPI document declares its access, and every write has a sample request', () => {
    const ops = operations();
    expect(ops.length).toBeGreaterThan(100);
    expect(ops.filter((op) => !op.access).map((op) => op.key)).toEqual([]);
    expect(ops.filter((op) => op.method !== 'GET' && !SAMPLES[op.key]).map((op) => op.key)).toEqual([]);
  });

  it.each(operations().map((op) => op.key))('%s', async (key) => {
    const op = operations().find((o) => o.key === key)!;
    expect(op.access, `${key} declares no config.access`).toBeDefined();
    const access = op.access!;
    const read = op.method === 'GET';
    const failures: string[] = [];
    const check = (ok: boolean, who: string, what: string, answer: Answer, expected: string) => {
      if (!ok) failures.push(`${who} ${what}: ${answer.status} ${answer.code ?? ''} (expected ${expected})`);
    };
    const noLeak = (role: Role, what: string, answer: Answer, named?: string) => {
      const leaked = leaks(role, answer, named);
      check(leaked.length === 0, role, `${what} shows ${leaked.join(', ')}`, answer, 'none of it');
    };
    const kind = access.record;
    const values = kind ? records[kind] : undefined;

    const anonymous = await send(op, null, values?.asn1);
    if (access.roles === 'anyone') {
      check(
        anonymous.status < 500 && anonymous.status !== 403,
        'anonymous',
        'call',
        anonymous,
        'no 403, no 5xx',
      );
    } else {
      check(anonymous.status === 401, 'anonymous', 'call', anonymous, '401');
    }

    for (const role of SIGNED_IN) {
      if (access.roles === 'anyone' && !values) {
        const answer = await send(op, role, undefined);
        check(answer.status < 500 && answer.status !== 403, role, 'call', answer, 'no 403, no 5xx');
        continue;
      }
      const allowed = mayCall(access, role);
      if (!values) {
        const answer = await send(op, role, undefined);
        if (allowed) {
          check(
            !isAccessAnswer(answer.status) && answer.status !== 404 && answer.status < 500,
            role,
            'call',
            answer,
            'allowed',
          );
        } else {
          check(
            answer.status === (access.refused ?? 403),
            role,
            'call',
            answer,
            String(access.refused ?? 403),
          );
        }
        noLeak(role, 'answer', answer);
        // A list asked for another Pemda's: filtered or refused, never shown.
        if (op.queryParams.includes('pemda')) {
          const other = await send(op, role, undefined, { pemda: OTHER });
          check(other.status < 500, role, "another Pemda's list", other, 'no 5xx');
          noLeak(role, "another Pemda's list", other);
        }
        continue;
      }
      const unknown = await send(op, role, values.unknown);
      const asUnknown = (answer: Answer) =>
        answer.status === unknown.status && answer.code === unknown.code && answer.status >= 400;
      const unknownText = `as unknown: ${unknown.status} ${unknown.code ?? ''}`;
      for (const owner of ['asn1', 'asn2', 'org', 'kendal'] as const) {
        const value = values[owner];
        if (value === undefined) continue;
        const answer = await send(op, role, value);
        const what = `${owner}'s ${kind}`;
        noLeak(role, what, answer, value);
        if (!allowed) {
          // A role refused gets 403 where it may see the record (a Pemda's code is public), and
          // otherwise exactly what an unknown record gets; `refused: 404` reads as unknown always.
          const mayKnow = access.refused !== 404 && (kind === 'pemda' || reaches(role, 'sponsor', owner));
          check(
            asUnknown(answer) || (mayKnow && answer.status === 403),
            role,
            `${what}, refused role`,
            answer,
            mayKnow ? `403 or ${unknownText}` : unknownText,
          );
        } else if (reaches(role, access.reach, owner)) {
          check(
            !isAccessAnswer(answer.status) && answer.status !== 404 && answer.status < 500,
            role,
            what,
            answer,
            'allowed',
          );
        } else {
          check(
            asUnknown(answer) && (!read || answer.status === 404),
            role,
            `${what}, out of reach`,
            answer,
            read ? `404 ${unknownText}` : unknownText,
          );
        }
      }
    }
    expect(failures).toEqual([]);
  });
});
