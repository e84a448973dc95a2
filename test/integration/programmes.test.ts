import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/core/access.ts';
import {
  KENDAL_SATU_ASN_SATU_PEKERJA_RENTAN as KENDAL,
  PONOROGO_ASN_ORANG_TUA_ASUH as PONOROGO,
  type ProgrammePolicy,
  validatePolicy,
} from '../../src/core/programme-policy.ts';
import type { Database } from '../../src/db/database.ts';
import { AppError } from '../../src/errors.ts';
import { programmeTermsOn } from '../../src/features/programmes/index.ts';
import { buildApp } from '../../src/server/app.ts';
import { runCli } from '../support/cli.ts';
import { openTestDatabase } from '../support/database.ts';
import { seedActor, seedOpd, seedPemda, seedPolicyProgramme, seedProgramme } from '../support/fixtures.ts';

/**
 * Programmes and their circular letters: a Pemda admin writes them, through the API or the
 * command line; everybody else who may read them reads, and another Pemda finds nothing.
 */
let db: Database;
let app: FastifyInstance;
let caller: Actor | null = null;
let tmp: string;
const actors: Record<string, Actor> = {};
let opdId: number;

/** Ponorogo's proposal moved forward a year, so that each test can date its own versions. */
const ponorogo = (changes: Partial<ProgrammePolicy> = {}): ProgrammePolicy => ({ ...PONOROGO, ...changes });

async function call(
  method: 'GET' | 'POST',
  url: string,
  as: Actor | null,
  payload?: unknown,
  language = 'en',
) {
  caller = as;
  const response = await app.inject({
    method,
    url,
    headers: { 'accept-language': language },
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
  return { status: response.statusCode, body: response.json() };
}

beforeAll(async () => {
  db = await openTestDatabase();
  await seedPemda(db, '35.02');
  await seedPemda(db, '33.24');
  opdId = await seedOpd(db, '35.02', 'Dinas Pendidikan dan Kebudayaan');
  actors.admin = await seedActor(db, { role: 'pemda_admin', username: 'admin.ponorogo', pemdaCode: '35.02' });
  actors.kendal = await seedActor(db, { role: 'pemda_admin', username: 'admin.kendal', pemdaCode: '33.24' });
  actors.national = await seedActor(db, { role: 'national', username: 'pemantau.nasional' });
  actors.province = await seedActor(db, { role: 'province', username: 'pemantau.jatim', provinceCode: '35' });
  actors.opdHead = await seedActor(db, {
    role: 'opd_head',
    username: 'kepala.dikbud',
    pemdaCode: '35.02',
    opdId,
  });
  actors.officer = await seedActor(db, {
    role: 'bpjstk_officer',
    username: 'petugas.bpjstk',
    pemdaCodes: ['35.02'],
  });
  await db.query("INSERT INTO organisation (name) VALUES ('PT Demo Peduli')");
  actors.sponsor = await seedActor(db, { role: 'sponsor_org', username: 'pt.demo', organisationId: 1 });
  app = await buildApp({ db, webDir: null, actorOverride: () => caller });
  tmp = await mkdtemp(join(tmpdir(), 'asuh-programmes-'));
});

afterAll(async () => {
  await app.close();
  await db.close();
  await rm(tmp, { recursive: true, force: true });
});

describe('programmes over HTTP', () => {
  let id: number;

  it('lets the Pemda admin create an ASN-policy programme and add its circular letter', async () => {
    const created = await call('POST', '/api/v1/pemda/35.02/programmes', actors.admin!, {
      key: PONOROGO.programmeKey,
      name: PONOROGO.name,
      kind: 'asn_policy',
    });
    expect(created.status).toBe(201);
    id = created.body.id;
    expect(created.body).toMatchObject({
      kind: 'asn_policy',
      versionCount: 0,
      inForce: null,
      contribution: null,
    });

    const added = await call('POST', `/api/v1/programmes/${id}/policies`, actors.admin!, PONOROGO);
    expect(added.status).toBe(201);
    expect(added.body.versions).toHaveLength(1);
    expect(added.body.versions[0]).toMatchObject({
      effectiveFrom: '2024-01-01',
      createdBy: 'admin.ponorogo',
    });
    expect(added.body.versions[0].policy.phases.map((p: { from: string }) => p.from)).toEqual([
      '2024-01-01',
      '2024-04-01',
    ]);
    // Today is long after April 2024: the second phase is in force, with JKK + JKM on Rp 1,000,000.
    expect(added.body.inForce).toMatchObject({
      effectiveFrom: '2024-01-01',
      mandatory: true,
      perSponsor: { min: 2, max: 3 },
      phase: { en: 'Every ASN' },
    });
    expect(added.body.contribution).toEqual({ programmes: ['jkk', 'jkm'], declaredIncome: 1_000_000 });

    const [audit] = await db.query<{ action: string; username: string }>(
      "SELECT action, username FROM audit_log WHERE action = 'programme.add_policy'",
    );
    expect(audit).toEqual({ action: 'programme.add_policy', username: 'admin.ponorogo' });
  });

  it('lists every problem of an invalid policy, in the language asked for', async () => {
    const broken = ponorogo({
      effectiveFrom: '2025-01-01',
      perSponsor: { min: 3, max: 2 },
      phases: [PONOROGO.phases[1]!, PONOROGO.phases[0]!],
      contribution: { ...PONOROGO.contribution, declaredIncome: 1_500_000 },
    });
    const answer = await call('POST', `/api/v1/programmes/${id}/policies`, actors.admin!, broken);
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('POLICY_INVALID');
    const lines = answer.body.error.message.split('\n');
    expect(lines[0]).toBe('The policy cannot be saved (4 problems):');
    expect(lines.slice(1)).toEqual([
      '- Phase 1 starts on 2024-04-01, before the policy takes effect (2025-01-01).',
      '- Phase 2 starts on 2024-01-01, not after the phase before it (2024-04-01): order phases by date.',
      '- The maximum number of workers per ASN (2) must be a whole number, not below the minimum (3).',
      expect.stringMatching(/1\.500\.000/),
    ]);
    expect(answer.body.error.details.problems.map((p: { code: string }) => p.code)).toEqual([
      'POLICY_PHASE_BEFORE_EFFECT',
      'POLICY_PHASES_OUT_OF_ORDER',
      'POLICY_MAX_BELOW_MIN',
      'INCOME_NOT_A_BRACKET',
    ]);
    const inIndonesian = await call('POST', `/api/v1/programmes/${id}/policies`, actors.admin!, broken, 'id');
    expect(inIndonesian.body.error.message).toMatch(
      /^Kebijakan tidak dapat disimpan \(4 masalah\):\n- Tahap 1 mulai/,
    );
  });

  it('takes a new letter as a new version from a later date, never as an edit', async () => {
    const sameDay = await call('POST', `/api/v1/programmes/${id}/policies`, actors.admin!, PONOROGO);
    expect(sameDay.status).toBe(400);
    expect(sameDay.body.error.details.problems.map((p: { code: string }) => p.code)).toEqual([
      'POLICY_NOT_LATER',
    ]);

    const unknownOpd = ponorogo({
      effectiveFrom: '2025-01-01',
      phases: [
        {
          ...PONOROGO.phases[1]!,
          from: '2025-01-01',
          sponsors: { employmentTypes: ['PNS'], opdIds: [opdId, 999_999] },
        },
      ],
    });
    const refused = await call('POST', `/api/v1/programmes/${id}/policies`, actors.admin!, unknownOpd);
    expect(refused.body.error.message).toContain('OPD 999999 is not an OPD of Pemda 35.02.');

    const revised = ponorogo({
      effectiveFrom: '2025-01-01',
      standing: 'decided',
      circularLetter: { number: '800/123/405.07/2024', date: '2024-12-20', title: 'SE Bupati Ponorogo' },
      phases: [{ ...PONOROGO.phases[1]!, from: '2025-01-01' }],
      perSponsor: { min: 1, max: 3 },
    });
    const added = await call('POST', `/api/v1/programmes/${id}/policies`, actors.admin!, revised);
    expect(added.status).toBe(201);
    expect(
      added.body.versions.map((v: { effectiveFrom: string; inForce: boolean }) => [
        v.effectiveFrom,
        v.inForce,
      ]),
    ).toEqual([
      ['2024-01-01', false],
      ['2025-01-01', true],
    ]);
    expect(added.body.inForce.circularLetter.number).toBe('800/123/405.07/2024');
  });

  it('refuses a policy for another programme or Pemda', async () => {
    const kendal = await call('POST', `/api/v1/programmes/${id}/policies`, actors.admin!, {
      ...KENDAL,
      effectiveFrom: '2026-01-01',
      phases: [{ ...KENDAL.phases[0]!, from: '2026-01-01' }],
    });
    expect(kendal.status).toBe(400);
    expect(kendal.body.error.details.problems.map((p: { code: string }) => p.code)).toEqual([
      'POLICY_OTHER_PROGRAMME',
      'POLICY_VERSIONS_MIXED',
    ]);
  });

  it('lets those who read programmes read them, and nobody else write', async () => {
    for (const reader of ['admin', 'national', 'province', 'opdHead', 'officer'] as const) {
      const list = await call('GET', '/api/v1/pemda/35.02/programmes', actors[reader]!);
      expect(list.status, reader).toBe(200);
      expect(list.body.items.map((p: { key: string }) => p.key)).toEqual([PONOROGO.programmeKey]);
      expect((await call('GET', `/api/v1/programmes/${id}`, actors[reader]!)).status, reader).toBe(200);
    }
    const later = ponorogo({
      effectiveFrom: '2027-01-01',
      phases: [{ ...PONOROGO.phases[1]!, from: '2027-01-01' }],
    });
    for (const reader of ['national', 'province', 'opdHead', 'officer'] as const) {
      const write = await call('POST', `/api/v1/programmes/${id}/policies`, actors[reader]!, later);
      expect(write.status, reader).toBe(403);
      const create = await call('POST', '/api/v1/pemda/35.02/programmes', actors[reader]!, {
        key: 'lain',
        name: 'Lain',
        kind: 'asn_policy',
      });
      expect(create.status, reader).toBe(403);
    }
  });

  it("reads as absent for another Pemda's admin and for sponsor organisations", async () => {
    for (const outsider of ['kendal', 'sponsor'] as const) {
      const one = await call('GET', `/api/v1/programmes/${id}`, actors[outsider]!);
      expect(one.status, outsider).toBe(404);
      expect(one.body.error.code).toBe('PROGRAMME_NOT_FOUND');
      expect((await call('GET', '/api/v1/pemda/35.02/programmes', actors[outsider]!)).status).toBe(404);
      const write = await call('POST', `/api/v1/programmes/${id}/policies`, actors[outsider]!, PONOROGO);
      expect(write.status, outsider).toBe(404);
      expect((await call('GET', `/api/v1/programmes/${id}/compliance`, actors[outsider]!)).status).toBe(404);
    }
    expect((await call('GET', '/api/v1/programmes/1', null)).status).toBe(401);
  });

  it('creates cohort, CSR and donor programmes with a priced contribution', async () => {
    const cohort = await call('POST', '/api/v1/pemda/35.02/programmes', actors.admin!, {
      key: 'petani-tembakau-2024',
      name: 'Petani Tembakau APBD 2024',
      kind: 'apbd_cohort',
      declaredIncome: 1_000_000,
      areaCode: '35.02.01',
      budget: 2_600_000_000,
      budgetYear: 2024,
      targetWorkers: 5014,
    });
    expect(cohort.status).toBe(201);
    expect(cohort.body).toMatchObject({
      contribution: { programmes: ['jkk', 'jkm'], declaredIncome: 1_000_000 },
      areaCode: '35.02.01',
      budget: 2_600_000_000,
      targetWorkers: 5014,
      inForce: null,
    });
    const csrBank = { key: 'csr-bank', name: 'CSR Bank', kind: 'csr', declaredIncome: 1_000_000 };
    const refusals: [object, number, string][] = [
      [{ ...csrBank, key: 'petani-tembakau-2024', name: 'Lagi' }, 409, 'PROGRAMME_KEY_TAKEN'],
      [{ ...csrBank, declaredIncome: 1_234_567 }, 400, 'INCOME_NOT_A_BRACKET'],
      [{ ...csrBank, areaCode: '33.24.01' }, 400, 'PROGRAMME_AREA_OUTSIDE_PEMDA'],
      [
        { ...csrBank, key: 'asn-lain', name: 'ASN lain', kind: 'asn_policy' },
        400,
        'PROGRAMME_TERMS_FROM_POLICY',
      ],
    ];
    for (const [payload, status, code] of refusals) {
      const refused = await call('POST', '/api/v1/pemda/35.02/programmes', actors.admin!, payload);
      expect([refused.status, refused.body.error.code]).toEqual([status, code]);
    }
    const several = await call('POST', '/api/v1/pemda/35.02/programmes', actors.admin!, {
      key: 'CSR Bank',
      name: 'CSR Bank',
      kind: 'csr',
    });
    expect(several.body.error.code).toBe('PROGRAMME_INVALID');
    expect(several.body.error.message.split('\n')).toEqual([
      'The programme cannot be saved (2 problems):',
      '- Programme key "CSR Bank" must be 2–64 lower-case letters, digits or hyphens, e.g. ponorogo-asn-orang-tua-asuh.',
      '- The declared income (one of the BPU brackets) is required.',
    ]);
    const policyOnCohort = await call(
      'POST',
      `/api/v1/programmes/${cohort.body.id}/policies`,
      actors.admin!,
      PONOROGO,
    );
    expect(policyOnCohort.body.error.code).toBe('PROGRAMME_NOT_ASN_POLICY');
  });
});

describe('programmeTermsOn', () => {
  it('gives the policy in force for an ASN-policy programme, from its date only', async () => {
    await seedPemda(db, '35.03');
    const revised = {
      ...KENDAL,
      pemdaCode: '35.03',
      programmeKey: 'trenggalek-asn',
      effectiveFrom: '2025-01-01',
      phases: [{ ...KENDAL.phases[0]!, from: '2025-01-01' }],
      contribution: {
        scheme: 'bpu' as const,
        programmes: ['jkk', 'jkm', 'jht'] as const,
        declaredIncome: 1_000_000,
      },
      areaCode: '35.03.01',
    };
    const first = {
      ...revised,
      effectiveFrom: '2023-01-01',
      phases: KENDAL.phases,
      contribution: KENDAL.contribution,
      areaCode: null,
    };
    const id = await seedPolicyProgramme(db, [first, revised]);

    const before = await programmeTermsOn(db, id, '2022-12-31');
    expect(before).toMatchObject({
      programme: { id, pemdaCode: '35.03', key: 'trenggalek-asn', kind: 'asn_policy' },
      policy: null,
      programmes: ['jkk', 'jkm'],
      declaredIncome: 1_000_000,
      areaCode: null,
    });
    expect((await programmeTermsOn(db, id, '2024-12-31')).policy?.effectiveFrom).toBe('2023-01-01');
    const after = await programmeTermsOn(db, id, '2025-01-01');
    expect(after.policy?.effectiveFrom).toBe('2025-01-01');
    expect(after).toMatchObject({ programmes: ['jkk', 'jkm', 'jht'], areaCode: '35.03.01' });
  });

  it("gives the programme's own terms for a cohort, and not_found for an unknown id", async () => {
    const id = await seedProgramme(db, {
      pemdaCode: '35.02',
      key: 'donatur-2025',
      name: 'Donatur',
      kind: 'donor',
      areaCode: '35.02.02',
    });
    expect(await programmeTermsOn(db, id, '2025-06-01')).toEqual({
      programme: { id, pemdaCode: '35.02', key: 'donatur-2025', name: 'Donatur', kind: 'donor' },
      policy: null,
      programmes: ['jkk', 'jkm'],
      declaredIncome: 1_000_000,
      areaCode: '35.02.02',
    });
    const missing = await programmeTermsOn(db, 987_654, '2025-06-01').catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(AppError);
    expect(missing).toMatchObject({ kind: 'not_found', problem: { code: 'PROGRAMME_NOT_FOUND' } });
  });

  it('says how to add the first letter of a programme without one', async () => {
    const [row] = await db.query<{ id: number }>(
      "INSERT INTO programme (pemda_code, key, name, kind) VALUES ('35.02', 'belum-ada', 'Belum Ada', 'asn_policy') RETURNING id",
    );
    const error = await programmeTermsOn(db, row!.id, '2025-06-01').catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'conflict', problem: { code: 'PROGRAMME_NO_POLICY' } });
    expect((error as AppError).problem.message.en).toContain(
      'asuh programme policy add belum-ada --pemda 35.02 --file policy.json',
    );
  });
});

describe('asuh programme', () => {
  const kendalFile = () => join(tmp, 'kendal.json');

  it('adds a circular letter from a JSON file, creating the programme the first time', async () => {
    await writeFile(kendalFile(), JSON.stringify(KENDAL, null, 2));
    const run = await runCli(
      ['programme', 'policy', 'add', KENDAL.programmeKey, '--pemda', '33.24', '--file', kendalFile()],
      db,
      { ASUH_LANG: 'en' },
      { now: () => new Date('2025-06-15T03:00:00Z') },
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines.slice(0, 2)).toEqual([
      'Programme created.',
      'Policy version in force from 2023-01-01 saved.',
    ]);
    expect(run.stdout).toContain('* 2023-01-01  decided, mandatory, at least 1 worker per ASN');
    expect(run.stdout).toContain('Phase 1 2023-01-01: Every ASN (PNS, PPPK, non-ASN staff)');

    const list = await runCli(['programme', 'list', '--pemda', '33.24', '--json'], db);
    expect(JSON.parse(list.stdout)).toMatchObject([
      {
        key: KENDAL.programmeKey,
        kind: 'asn_policy',
        versionCount: 1,
        inForce: { perSponsor: { min: 1, max: null } },
      },
    ]);
    const show = await runCli(['programme', 'show', KENDAL.programmeKey, '--pemda', '33.24'], db);
    expect(show.stdout).toContain('Surat edaran: (nomor belum diketahui) Surat Edaran Bupati Kendal');
  });

  it('lists each problem of an invalid file and stores nothing', async () => {
    const file = join(tmp, 'broken.json');
    await writeFile(
      file,
      JSON.stringify({
        ...KENDAL,
        programmeKey: 'kendal-baru',
        effectiveFrom: '2024-02-30',
        perSponsor: { min: 0, max: null },
      }),
    );
    const run = await runCli(
      ['programme', 'policy', 'add', 'kendal-baru', '--pemda', '33.24', '--file', file],
      db,
      {
        ASUH_LANG: 'en',
      },
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      [
        'The policy cannot be saved (3 problems):',
        '- The effective date "2024-02-30" is not valid: use YYYY-MM-DD.',
        '- Phase 1 starts on 2023-01-01, before the policy takes effect (2024-02-30).',
        '- The minimum number of workers per ASN must be a whole number of at least 1; 0 is not valid.',
        '[POLICY_INVALID]',
      ]
        .join('\n')
        .replace('\n[', ' [')
        .concat('\n'),
    );
    const shape = join(tmp, 'shape.json');
    await writeFile(shape, JSON.stringify({ ...KENDAL, mandatory: 'ya', phases: 'semua' }));
    const wrong = await runCli(
      ['programme', 'policy', 'add', 'kendal-baru', '--pemda', '33.24', '--file', shape],
      db,
      {
        ASUH_LANG: 'en',
      },
    );
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(
      /^The policy cannot be saved \(2 problems\):\n- Field "mandatory" is not valid: .+\n- Field "phases" is not valid: /,
    );
    const notJson = join(tmp, 'not.json');
    await writeFile(notJson, '{ "programmeKey": ');
    const unreadable = await runCli(
      ['programme', 'policy', 'add', 'x1', '--pemda', '33.24', '--file', notJson],
      db,
    );
    expect(unreadable.stderr).toMatch(/bukan JSON yang sah.*\[POLICY_FILE_NOT_JSON\]/);
    const list = await runCli(['programme', 'list', '--pemda', '33.24', '--json'], db);
    expect(JSON.parse(list.stdout).map((p: { key: string }) => p.key)).toEqual([KENDAL.programmeKey]);
  });

  it('creates a CSR programme from options, checked as the API checks them', async () => {
    const run = await runCli(
      [
        'programme',
        'create',
        'csr-bank-jatim',
        '--pemda',
        '35.02',
        '--name',
        'CSR Bank Jatim',
        '--kind',
        'csr',
        '--income',
        '1.000.000',
        '--jht',
        '--area',
        '35.02.01',
      ],
      db,
      { ASUH_LANG: 'en' },
    );
    expect(run.stderr).toBe('');
    expect(run.stdout.split('\n').slice(0, 4)).toEqual([
      'Programme created.',
      expect.stringMatching(/^ +\d+ {2}csr-bank-jatim {2}CSR Bank Jatim {2}\(CSR\)$/),
      'Contribution: JKK + JKM + JHT, Rp 1.000.000',
      'Area: 35.02.01',
    ]);
    const wrong = await runCli(
      ['programme', 'create', 'x-y', '--pemda', '35.02', '--name', 'X', '--kind', 'bank'],
      db,
    );
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/^Pilihan tidak sah: --kind: .*\[OPTIONS_INVALID\]\n$/);
  });

  it('says so when the programme or the Pemda is unknown', async () => {
    const run = await runCli(['programme', 'show', 'tidak-ada', '--pemda', '33.24'], db);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('Program tidak-ada tidak ditemukan. [PROGRAMME_NOT_FOUND]\n');
    const pemda = await runCli(['programme', 'list', '--pemda', '96.71'], db);
    expect(pemda.stderr).toContain('asuh pemda create 96.71');
  });
});

describe('docs/programmes.md', () => {
  it('shows policies that are valid as written, and stored as the CLI reads them', async () => {
    const text = await readFile(join(process.cwd(), 'docs/programmes.md'), 'utf8');
    const blocks = [...text.matchAll(/```json\n([\s\S]*?)```/g)].map((match) => JSON.parse(match[1]!));
    expect(blocks.map((policy: ProgrammePolicy) => policy.programmeKey)).toEqual([
      KENDAL.programmeKey,
      PONOROGO.programmeKey,
    ]);
    for (const policy of blocks) expect(validatePolicy(policy)).toEqual([]);
    await seedPemda(db, '35.01');
    const file = join(tmp, 'ponorogo-docs.json');
    await writeFile(file, JSON.stringify({ ...blocks[1], pemdaCode: '35.01', programmeKey: 'docs' }));
    const run = await runCli(['programme', 'policy', 'add', 'docs', '--pemda', '35.01', '--file', file], db);
    expect(run.code).toBe(0);
  });
});
