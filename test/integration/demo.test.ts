import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { addMonths } from '../../src/core/period.ts';
import { obligationOn, PONOROGO_ASN_ORANG_TUA_ASUH } from '../../src/core/programme-policy.ts';
import { currentPeriod } from '../../src/core/regions.ts';
import { ASN_COLUMNS } from '../../src/core/registry/asn-row.ts';
import { WORKER_COLUMNS } from '../../src/core/registry/worker-row.ts';
import { type SponsorshipStatus, transitionProblem } from '../../src/core/sponsorship-lifecycle.ts';
import type { Database } from '../../src/db/database.ts';
import { openDatabase } from '../../src/db/open.ts';
import { DEMO_MONTH, DEMO_TODAY } from '../../src/demo/demo-history.ts';
import { readDemoRegions } from '../../src/demo/demo-regions.ts';
import { DEMO_PASSWORD, type DemoLoad, demoIsNeeded, loadDemo } from '../../src/demo/demo-service.ts';
import { generateWorkers } from '../../src/demo/demo-workers.ts';
import { createAuthService } from '../../src/features/auth/index.ts';
import { runCli } from '../support/cli.ts';

import { emptyDatabaseForProcess, openTestDatabase } from '../support/database.ts';

let db: Database;
let folder: string;

beforeAll(async () => {
  db = await openTestDatabase();
  folder = await mkdtemp(join(tmpdir(), 'asuh-demo-'));
});

afterAll(async () => {
  await db.close();
  await rm(folder, { recursive: true, force: true });
});

const lines = async (path: string) => (await readFile(path, 'utf8')).trimEnd().split('\n');

async function counts() {
  const [row] = await db.query<Record<string, number>>(
    `SELECT (SELECT count(*) FROM asn WHERE pemda_code = '35.02') AS asn,
            (SELECT count(*) FROM worker) AS workers,
            (SELECT count(*) FROM pemda_worker WHERE pemda_code = '35.02') AS linked,
            (SELECT count(*) FROM opd WHERE pemda_code = '35.02') AS opds,
            (SELECT count(*) FROM app_user) AS users,
            (SELECT count(*) FROM organisation) AS organisations`,
  );
  return row!;
}

describe('asuh demo generate --out', () => {
  it('writes asn.csv and workers.csv in the import formats, one line per row', async () => {
    const out = join(folder, 'files');
    const run = await runCli(
      ['demo', 'generate', '--out', out, '--asn', '200', '--workers', '500', '--json'],
      db,
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      pemda: '35.02',
      seed: 1,
      asn: { path: join(out, 'asn.csv'), rows: 200 },
      workers: { path: join(out, 'workers.csv'), rows: 500 },
    });
    const asn = await lines(join(out, 'asn.csv'));
    const workers = await lines(join(out, 'workers.csv'));
    expect(asn[0]).toBe('nip,nama,opd,jenis_pegawai,golongan,eselon,gaji_pokok,kode_desa');
    expect(asn[0]).toBe(ASN_COLUMNS.join(','));
    expect(workers[0]).toBe('nik,nama,tanggal_lahir,jenis_kelamin,pekerjaan,sektor,kode_desa,no_hp,desil');
    expect(workers[0]).toBe(WORKER_COLUMNS.join(','));
    expect([asn.length, workers.length]).toEqual([201, 501]);
    expect(workers[1]).toMatch(/^3502\d{12},[^,]+,\d{4}-\d{2}-\d{2},[LP],/);
  });

  it('names the files and the commands that import them', async () => {
    const out = join(folder, 'text');
    const run = await runCli(
      ['demo', 'generate', '--out', out, '--asn', '20', '--workers', '30', '--seed', '5'],
      db,
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('35.02 Kabupaten Ponorogo, seed 5:');
    expect(run.stdout).toContain(`${join(out, 'workers.csv')}  30 pekerja / workers`);
    expect(run.stdout).toContain(`asuh import workers ${join(out, 'workers.csv')} --pemda 35.02`);
  });

  it('refuses a province, an unknown code and a size that is not a number, with exit code 2', async () => {
    const province = await runCli(['demo', 'generate', '--pemda', '35', '--out', folder], db);
    expect(province.code).toBe(2);
    expect(province.stderr).toBe(
      'Data demo dibuat untuk kabupaten/kota (mis. 35.02), bukan 35. [DEMO_PEMDA_LEVEL]\n',
    );
    const english = await runCli(['demo', 'generate', '--workers', 'many', '--out', folder], db, {
      ASUH_LANG: 'en',
    });
    expect(english.code).toBe(2);
    expect(english.stderr).toBe('--workers "many" must be a whole number 0–10.000.000. [INVALID_NUMBER]\n');
    const unknown = await runCli(['demo', 'generate', '--pemda', '35.99', '--out', folder], db);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('[REGION_NOT_FOUND]');
  });
});

describe('asuh demo generate (into the database)', () => {
  it('onboards Ponorogo, imports the roster and registry and creates an account per role', async () => {
    const run = await runCli(['demo', 'generate', '--asn', '200', '--workers', '500', '--json'], db);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const load = JSON.parse(run.stdout);
    const regions = await readDemoRegions('35.02');
    const disagreeing = [...generateWorkers(regions, { seed: 1, count: 500 })].filter(
      (worker) => worker.birthDateDisagrees,
    ).length;
    expect(load.pemda).toEqual({ code: '35.02', name: 'Kabupaten Ponorogo' });
    expect(load.asn).toMatchObject({ read: 200, inserted: 200, updated: 0, rejected: 0, warned: 0 });
    expect(load.workers).toMatchObject({ read: 500, inserted: 500, rejected: 0, warned: disagreeing });
    // Too few of the registry's workers grow tobacco: the cohort's list brings the rest.
    expect(load.farmers).toMatchObject({ rejected: 0 });
    expect(load.farmers.inserted).toBeGreaterThan(4_900);
    // Twelve months of ledger up to this month, on the Pemda's clock.
    const through = currentPeriod(new Date(), 'WIB');
    expect(load.ledger).toMatchObject({ from: addMonths(through, -11), through, unmatchedLines: 2 });
    expect(load.ledger.paid).toBeGreaterThan(0);
    expect(load.programmes.cohort).toEqual({
      key: 'ponorogo-petani-tembakau-apbd',
      target: 5_014,
      sponsorships: 5_014,
    });
    expect(await counts()).toEqual({
      asn: 200,
      workers: 500 + load.farmers.inserted,
      linked: 500 + load.farmers.inserted,
      opds: 50,
      users: 8,
      organisations: 1,
    });

    const [target] = await db.query('SELECT year, workers_to_cover FROM pemda_target WHERE pemda_code = $1', [
      '35.02',
    ]);
    expect(target).toEqual({ year: 2024, workers_to_cover: 375_000 });

    expect(load.logins.map((login: { role: string }) => login.role)).toEqual([
      'national',
      'province',
      'pemda_admin',
      'opd_head',
      'asn',
      'asn',
      'bpjstk_officer',
      'sponsor_org',
    ]);
    const auth = createAuthService({ db });
    const signIn = (username: string) => auth.login(username, DEMO_PASSWORD, { ip: '192.0.2.1' });
    expect((await signIn('demo.admin.3502')).actor).toMatchObject({
      role: 'pemda_admin',
      pemdaCode: '35.02',
    });
    expect((await signIn('demo.provinsi.35')).actor).toMatchObject({ role: 'province', provinceCode: '35' });
    expect((await signIn('demo.bpjstk.3502')).actor).toMatchObject({ pemdaCodes: ['35.02'] });

    const head = (await signIn('demo.opd.3502')).actor;
    const [opd] = await db.query('SELECT name FROM opd WHERE id = $1', [
      head.role === 'opd_head' ? head.opdId : 0,
    ]);
    expect(opd).toEqual({ name: 'Dinas Pendidikan dan Kebudayaan' });

    const asn = (await signIn('demo.asn.3502')).actor;
    const [own] = await db.query('SELECT name, employment_type FROM asn WHERE nip = $1', [
      asn.role === 'asn' ? asn.nip : '',
    ]);
    expect(own).toEqual({ name: asn.displayName, employment_type: 'PNS' });

    const sponsor = (await signIn('demo.sponsor')).actor;
    const [organisation] = await db.query('SELECT name FROM organisation WHERE id = $1', [
      sponsor.role === 'sponsor_org' ? sponsor.organisationId : 0,
    ]);
    expect(organisation).toEqual({ name: 'PT Demo Peduli' });
  });

  it('loads nothing new when run again', async () => {
    const before = await counts();
    const run = await runCli(['demo', 'generate', '--asn', '200', '--workers', '500', '--json'], db);
    expect(run.code).toBe(0);
    const load = JSON.parse(run.stdout);
    expect(load.asn).toMatchObject({ read: 200, inserted: 0, updated: 0, unchanged: 200 });
    expect(load.workers).toMatchObject({ read: 500, inserted: 0, updated: 0, unchanged: 500 });
    expect(load.farmers).toBeNull();
    expect(load.programmes.added).toBe(0);
    expect(await counts()).toEqual(before);
  });

  it('prints each role’s account and the demo password', async () => {
    const run = await runCli(['demo', 'generate', '--asn', '200', '--workers', '500'], db, {
      ASUH_LANG: 'en',
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Demo 35.02 Kabupaten Ponorogo');
    expect(run.stdout).toContain('Workers: 500 read, 0 inserted, 0 updated, 500 unchanged, 0 rejected');
    expect(run.stdout).toContain(`Demo accounts (DEMO ONLY), all with the password: ${DEMO_PASSWORD}`);
    expect(run.stdout).toMatch(/Pemda administrator +demo\.admin\.3502/);
    expect(run.stdout).toMatch(/Civil servant \(ASN\) +demo\.asn\.3502 +\(.+\)/);
    expect(run.stdout).toMatch(/Civil servant \(ASN\) +demo\.asn2\.3502 +\(.+\)/);
    expect(run.stdout).toContain('Programme ponorogo-petani-tembakau-apbd: 5.014 of 5.014 farmers');
    expect(run.stdout).toContain('Sponsorships added: 0');
    expect(run.stdout).toMatch(
      /Ledger \d{4}-\d{2} to \d{4}-\d{2}: [\d.]+ bills, .+ 2 lines unmatched; \d claims/,
    );
  });
});

describe('a demo load stopped half-way', () => {
  const options = { pemdaCode: '35.02', seed: 1, asn: 100, workers: 300 };
  let fresh: Database;

  beforeAll(async () => {
    fresh = await openTestDatabase();
  });

  afterAll(async () => {
    await fresh.close();
  });

  it('is still needed, and the next load completes it', async () => {
    expect(await demoIsNeeded(fresh, '35.02')).toBe(true);
    const stop = new AbortController();
    const stopped = loadDemo(fresh, options, {
      signal: stop.signal,
      onStage: (stage) => stage === 'workers' && stop.abort(),
    });
    await expect(stopped).rejects.toThrow();
    const [half] = await fresh.query(
      'SELECT (SELECT count(*) FROM asn) AS asn, (SELECT count(*) FROM worker) AS workers',
    );
    expect(half).toEqual({ asn: 100, workers: 0 });
    expect(await demoIsNeeded(fresh, '35.02')).toBe(true);

    const load = await loadDemo(fresh, options);
    expect(load.asn).toMatchObject({ inserted: 0, unchanged: 100 });
    expect(load.workers).toMatchObject({ inserted: 300 });
    expect(load.programmes.cohort.sponsorships).toBe(5_014);
    expect(load.logins.map((login) => login.username)).toContain('demo.asn.3502');
    expect(await demoIsNeeded(fresh, '35.02')).toBe(false);
  }, 120_000);

  it('stopped among its sponsorships, is completed by the next load as if never stopped', async () => {
    const other = await openTestDatabase();
    try {
      const stop = new AbortController();
      const written: number[] = [];
      const stopped = loadDemo(other, options, {
        signal: stop.signal,
        onProgress: (stage, done) => {
          if (stage !== 'programmes') return;
          written.push(done);
          stop.abort();
        },
      });
      await expect(stopped).rejects.toThrow();
      const [half] = await other.query<{ n: number }>('SELECT count(*)::int AS n FROM sponsorship');
      expect(half!.n).toBe(written[0]);
      expect(half!.n).toBeGreaterThan(0);
      expect(await demoIsNeeded(other, '35.02')).toBe(true);

      const load = await loadDemo(other, options);
      expect(load.programmes.cohort.sponsorships).toBe(5_014);
      expect(await sponsorshipDigest(other)).toEqual(await sponsorshipDigest(fresh));
    } finally {
      await other.close();
    }
  }, 120_000);
});

/** Every sponsorship of the demo with its sponsor, worker's KPJ and dated events, as one hash. */
async function sponsorshipDigest(db: Database): Promise<string> {
  const [row] = await db.query<{ digest: string }>(
    `SELECT md5(string_agg(concat_ws('|', p.key, s.kind, s.nip, sp.nik, sp.relationship, sp.first_month,
                                     sp.end_month, sp.status, sp.enrolled_on, w.kpj, sp.created_at, e.events),
                           ',' ORDER BY sp.nik)) AS digest
       FROM sponsorship sp JOIN programme p ON p.id = sp.programme_id JOIN sponsor s ON s.id = sp.sponsor_id
       JOIN worker w ON w.nik = sp.nik
       JOIN LATERAL (SELECT string_agg(concat_ws(':', from_status, to_status, at, reason), ';' ORDER BY at) AS events
                       FROM sponsorship_event WHERE sponsorship_id = sp.id) e ON true`,
  );
  return row!.digest;
}

describe('a demo load behind a running server', () => {
  it('lets the event loop turn while it imports, so that requests are answered', async () => {
    const fresh = await openTestDatabase();
    try {
      const stages: string[] = [];
      const loading = loadDemo(
        fresh,
        { pemdaCode: '35.02', seed: 1, asn: 3_000, workers: 3_000 },
        { onStage: (stage) => stages.push(stage) },
      );
      // A timer stands for a request: it runs at the event loop's next turn.
      const seenByTimer = await new Promise<string[]>((resolve) => setTimeout(() => resolve([...stages]), 0));
      expect(seenByTimer).not.toContain('workers');
      await loading;
      expect(stages).toEqual(['asn', 'workers', 'farmers', 'programmes', 'users']);
    } finally {
      await fresh.close();
    }
  });
});

/**
 * The programmes of a loaded demo, as the pages and the compliance report will read them: one
 * demo of 1,000 ASN and 8,000 workers, and a second of the same seed for determinism.
 */
describe('the demo’s programmes', () => {
  const options = { pemdaCode: '35.02', seed: 1, asn: 1_000, workers: 8_000 };
  const month = `${DEMO_MONTH}-01`;
  let demo: Database;
  let load: DemoLoad;

  beforeAll(async () => {
    demo = await openTestDatabase();
    load = await loadDemo(demo, options);
  }, 300_000);

  afterAll(async () => {
    await demo.close();
  });

  const programmeId = async (key: string) => {
    const [row] = await demo.query<{ id: number }>(
      `SELECT id FROM programme WHERE pemda_code = '35.02' AND key = $1`,
      [key],
    );
    return row!.id;
  };

  /** Sponsorships the ASN holds under the policy in the demo's month, by NIP: one SQL count. */
  async function heldByAsn(): Promise<Map<string, number>> {
    const rows = await demo.query<{ nip: string; held: number }>(
      `SELECT s.nip, count(*)::int AS held FROM sponsorship sp JOIN sponsor s ON s.id = sp.sponsor_id
        WHERE sp.programme_id = $1 AND sp.status <> 'rejected' AND sp.first_month <= $2::date
          AND (sp.end_month IS NULL OR sp.end_month > $2::date)
        GROUP BY s.nip`,
      [await programmeId('ponorogo-asn-orang-tua-asuh'), month],
    );
    return new Map(rows.map((row) => [row.nip, row.held]));
  }

  async function roster() {
    return demo.query<{
      nip: string;
      employmentType: 'PNS' | 'PPPK' | 'NON_ASN';
      echelon: 'II' | null;
      opdId: number;
      active: boolean;
    }>(
      `SELECT nip, employment_type AS "employmentType", echelon, opd_id AS "opdId", active FROM asn WHERE pemda_code = '35.02'`,
    );
  }

  it('holds the Ponorogo-style programme with the core’s policy as its version', async () => {
    const [programme] = await demo.query(
      `SELECT kind, name, contribution_programmes, area_code FROM programme
        WHERE pemda_code = '35.02' AND key = 'ponorogo-asn-orang-tua-asuh'`,
    );
    expect(programme).toEqual({
      kind: 'asn_policy',
      name: 'ASN Orang Tua Asuh',
      contribution_programmes: null,
      area_code: null,
    });
    const versions = await demo.query<{ effective_from: string; policy: unknown }>(
      `SELECT effective_from, policy FROM policy_version WHERE programme_id = $1`,
      [await programmeId('ponorogo-asn-orang-tua-asuh')],
    );
    expect(versions).toEqual([
      { effective_from: '2024-01-01', policy: JSON.parse(JSON.stringify(PONOROGO_ASN_ORANG_TUA_ASUH)) },
    ]);
  });

  it('has most but not all obliged ASN compliant, echelon II nearly all, as the core computes it', async () => {
    const held = await heldByAsn();
    const tally = {
      met: 0,
      shortByOne: 0,
      shortByTwo: 0,
      overLimit: 0,
      obliged: 0,
      echelonII: 0,
      echelonIIMet: 0,
    };
    for (const asn of await roster()) {
      const obligation = obligationOn(asn, PONOROGO_ASN_ORANG_TUA_ASUH, DEMO_TODAY, held.get(asn.nip) ?? 0);
      if (obligation.status === 'over_limit') tally.overLimit++;
      if (obligation.required === 0) continue;
      tally.obliged++;
      if (obligation.status === 'met') tally.met++;
      if (obligation.short === 1) tally.shortByOne++;
      if (obligation.short === 2) tally.shortByTwo++;
      if (asn.echelon === 'II') {
        tally.echelonII++;
        if (obligation.status === 'met') tally.echelonIIMet++;
      }
    }
    expect(tally.obliged).toBeGreaterThan(850);
    expect(tally.overLimit).toBe(0);
    expect(tally.met / tally.obliged).toBeGreaterThan(0.74);
    expect(tally.met / tally.obliged).toBeLessThan(0.86);
    expect(tally.shortByOne / tally.obliged).toBeGreaterThan(0.08);
    expect(tally.shortByOne / tally.obliged).toBeLessThan(0.17);
    expect(tally.shortByTwo / tally.obliged).toBeGreaterThan(0.04);
    expect(tally.shortByTwo / tally.obliged).toBeLessThan(0.12);
    expect(tally.echelonII).toBeGreaterThan(20);
    expect(tally.echelonIIMet / tally.echelonII).toBeGreaterThanOrEqual(0.85);
    // Echelon II officials hold what they have sponsored since the first phase, January 2024.
    const [early] = await demo.query<{ share: number }>(
      `SELECT avg((sp.first_month = '2024-01-01')::int)::float AS share
         FROM sponsorship sp JOIN sponsor s ON s.id = sp.sponsor_id JOIN asn a ON a.nip = s.nip
        WHERE a.echelon = 'II' AND sp.status = 'active'`,
    );
    expect(early!.share).toBe(1);
  });

  it('gives each sponsoring ASN a payroll-deduction sponsor record and workers near their home', async () => {
    const sponsors = await demo.query(
      `SELECT DISTINCT payment_method, funding_source, group_account_type FROM sponsor WHERE kind = 'asn'`,
    );
    expect(sponsors).toEqual([
      { payment_method: 'payroll_deduction', funding_source: 'asn', group_account_type: 'SG' },
    ]);
    const [near] = await demo.query<{ village: number; district: number }>(
      `SELECT avg((w.village_code = a.village_code)::int)::float AS village,
              avg((left(w.village_code, 8) = left(a.village_code, 8))::int)::float AS district
         FROM sponsorship sp JOIN sponsor s ON s.id = sp.sponsor_id AND s.kind = 'asn'
         JOIN asn a ON a.nip = s.nip JOIN worker w ON w.nik = sp.nik`,
    );
    expect(near!.village).toBeGreaterThan(0.5);
    expect(near!.district).toBeGreaterThan(0.9);
    const relationships = await demo.query<{ relationship: string; share: number }>(
      `SELECT relationship, (count(*)::float / sum(count(*)) OVER ()) AS share FROM sponsorship sp
         JOIN sponsor s ON s.id = sp.sponsor_id AND s.kind = 'asn' GROUP BY relationship`,
    );
    const share = Object.fromEntries(relationships.map((row) => [row.relationship, row.share]));
    for (const relationship of ['household_help', 'neighbour', 'family', 'other']) {
      expect(share[relationship]).toBeGreaterThan(0.05);
    }
  });

  it('has mostly active sponsorships, some on their way, a few ended and rejected, from 2024 on', async () => {
    const rows = await demo.query<{ status: string; share: number; earliest: string; latest: string }>(
      `SELECT status, (count(*)::float / sum(count(*)) OVER ()) AS share,
              min(first_month)::text AS earliest, max(first_month)::text AS latest
         FROM sponsorship sp JOIN sponsor s ON s.id = sp.sponsor_id AND s.kind = 'asn' GROUP BY status`,
    );
    const by = Object.fromEntries(rows.map((row) => [row.status, row]));
    expect(by.active!.share).toBeGreaterThan(0.7);
    for (const status of ['proposed', 'verified', 'enrolled']) {
      expect(by[status]!.share).toBeGreaterThan(0.01);
      expect(by[status]!.share).toBeLessThan(0.1);
      expect(by[status]!.earliest).toBe(month);
    }
    for (const status of ['ended', 'rejected']) {
      expect(by[status]!.share).toBeGreaterThan(0.005);
      expect(by[status]!.share).toBeLessThan(0.1);
    }
    expect(by.active!.earliest).toBe('2024-01-01');
    expect(by.active!.latest < month).toBe(true);
    const [spread] = await demo.query<{ months: number }>(
      `SELECT count(DISTINCT first_month)::int AS months FROM sponsorship WHERE status = 'active'`,
    );
    expect(spread!.months).toBeGreaterThan(12);
  });

  it('records every sponsorship’s moves from its proposal to its status, each one the lifecycle allows', async () => {
    const events = await demo.query<{
      id: number;
      status: string;
      from: string | null;
      to: string;
      at: string;
    }>(
      `SELECT sp.id, sp.status, e.from_status AS from, e.to_status AS to, e.at::text AS at
         FROM sponsorship sp JOIN sponsorship_event e ON e.sponsorship_id = sp.id
        ORDER BY sp.id, e.at, e.id`,
    );
    const [count] = await demo.query<{ n: number }>('SELECT count(*)::int AS n FROM sponsorship');
    const histories = new Map<number, typeof events>();
    for (const event of events) histories.set(event.id, [...(histories.get(event.id) ?? []), event]);
    expect(histories.size).toBe(count!.n);
    for (const history of histories.values()) {
      expect(history[0]).toMatchObject({ from: null, to: 'proposed' });
      expect(history.at(-1)!.to).toBe(history[0]!.status);
      for (let i = 1; i < history.length; i++) {
        expect(history[i]!.from).toBe(history[i - 1]!.to);
        expect(
          transitionProblem(history[i]!.from as SponsorshipStatus, history[i]!.to as SponsorshipStatus),
        ).toBeNull();
      }
    }
    const [late] = await demo.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM sponsorship_event WHERE at >= $1::timestamptz`,
      [`${DEMO_TODAY}T00:00:00+07:00`],
    );
    expect(late!.n).toBe(0);
    const [reasons] = await demo.query<{ missing: number }>(
      `SELECT count(*)::int AS missing FROM sponsorship_event WHERE to_status IN ('ended', 'rejected') AND reason IS NULL`,
    );
    expect(reasons!.missing).toBe(0);
  });

  it('gives enrolled workers an 11-digit KPJ, each a different one', async () => {
    const [kpj] = await demo.query<{ enrolled: number; numbered: number; distinct: number }>(
      `SELECT count(*)::int AS enrolled, count(w.kpj) FILTER (WHERE w.kpj ~ '^[0-9]{11}$')::int AS numbered,
              count(DISTINCT w.kpj)::int AS distinct
         FROM sponsorship sp JOIN worker w ON w.nik = sp.nik
        WHERE sp.status IN ('enrolled', 'active', 'ended')`,
    );
    expect(kpj!.numbered).toBe(kpj!.enrolled);
    expect(kpj!.distinct).toBe(kpj!.enrolled);
    const [waiting] = await demo.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM sponsorship sp JOIN worker w ON w.nik = sp.nik
        WHERE sp.status IN ('proposed', 'verified') AND w.kpj IS NOT NULL`,
    );
    expect(waiting!.n).toBe(0);
  });

  it('never has two sponsorships holding one worker’s month', async () => {
    const [overlaps] = await demo.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM sponsorship a JOIN sponsorship b
          ON a.nik = b.nik AND a.id < b.id AND a.status <> 'rejected' AND b.status <> 'rejected'
         AND daterange(a.first_month, a.end_month, '[)') && daterange(b.first_month, b.end_month, '[)')`,
    );
    expect(overlaps!.n).toBe(0);
  });

  it('pays for 5,014 tobacco farmers of the tobacco districts from the APBD since January 2024', async () => {
    const [cohort] = await demo.query(
      `SELECT p.kind, p.budget, p.budget_year, p.target_workers, p.contribution_programmes, p.declared_income,
              s.kind AS sponsor_kind, s.name AS sponsor, s.payment_method, s.funding_source, s.group_account_type
         FROM programme p JOIN sponsor s ON s.id = p.sponsor_id
        WHERE p.pemda_code = '35.02' AND p.key = 'ponorogo-petani-tembakau-apbd'`,
    );
    expect(cohort).toEqual({
      kind: 'apbd_cohort',
      budget: 2_600_000_000,
      budget_year: 2024,
      target_workers: 5_014,
      contribution_programmes: ['jkk', 'jkm'],
      declared_income: 1_000_000,
      sponsor_kind: 'apbd',
      sponsor: 'APBD Kabupaten Ponorogo',
      payment_method: 'budget',
      funding_source: 'apbd',
      group_account_type: 'SG',
    });
    const members = await demo.query(
      `SELECT sp.status, sp.first_month::text, sp.end_month, w.occupation, count(*)::int AS n,
              bool_and(left(w.village_code, 8) IN ('35.02.03', '35.02.11', '35.02.20', '35.02.14', '35.02.13', '35.02.12')) AS in_districts,
              bool_and(sp.sponsor_id = p.sponsor_id) AS one_sponsor
         FROM sponsorship sp JOIN programme p ON p.id = sp.programme_id JOIN worker w ON w.nik = sp.nik
        WHERE p.key = 'ponorogo-petani-tembakau-apbd'
        GROUP BY sp.status, sp.first_month, sp.end_month, w.occupation`,
    );
    expect(members).toEqual([
      {
        status: 'active',
        first_month: '2024-01-01',
        end_month: null,
        occupation: 'petani tembakau',
        n: 5_014,
        in_districts: true,
        one_sponsor: true,
      },
    ]);
  });

  it('makes the demo organisation a CSR sponsor with most of its target sponsored for 12 months', async () => {
    const [csr] = await demo.query(
      `SELECT p.kind, p.area_code, p.target_workers, o.name AS organisation, s.payment_method, s.funding_source,
              s.group_account_type, s.area_code AS sponsor_area,
              (SELECT count(*)::int FROM sponsorship sp WHERE sp.programme_id = p.id) AS sponsored,
              (SELECT bool_and(sp.end_month = (sp.first_month + interval '12 months')::date
                               AND left(w.village_code, 8) = p.area_code)
                 FROM sponsorship sp JOIN worker w ON w.nik = sp.nik WHERE sp.programme_id = p.id) AS twelve_months_nearby
         FROM programme p JOIN sponsor s ON s.id = p.sponsor_id JOIN organisation o ON o.id = s.organisation_id
        WHERE p.pemda_code = '35.02' AND p.key = 'csr-pt-demo-peduli'`,
    );
    expect(csr).toEqual({
      kind: 'csr',
      area_code: '35.02.02',
      target_workers: 250,
      organisation: 'PT Demo Peduli',
      payment_method: 'transfer',
      funding_source: 'csr',
      group_account_type: 'SC',
      sponsor_area: '35.02.02',
      sponsored: 230,
      twelve_months_nearby: true,
    });
    expect(load.programmes.csr).toEqual({ key: 'csr-pt-demo-peduli', target: 250, sponsorships: 230 });
    const sponsor = (
      await createAuthService({ db: demo }).login('demo.sponsor', DEMO_PASSWORD, { ip: '192.0.2.1' })
    ).actor;
    const [own] = await demo.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM sponsorship sp JOIN sponsor s ON s.id = sp.sponsor_id WHERE s.organisation_id = $1`,
      [sponsor.role === 'sponsor_org' ? sponsor.organisationId : 0],
    );
    expect(own!.n).toBe(230);
  });

  it('signs demo.asn in as a compliant ASN and demo.asn2 as one short by one', async () => {
    const held = await heldByAsn();
    const auth = createAuthService({ db: demo });
    const byNip = new Map((await roster()).map((asn) => [asn.nip, asn]));
    const statusOf = async (username: string) => {
      const actor = (await auth.login(username, DEMO_PASSWORD, { ip: '192.0.2.1' })).actor;
      const nip = actor.role === 'asn' ? actor.nip : '';
      return obligationOn(byNip.get(nip)!, PONOROGO_ASN_ORANG_TUA_ASUH, DEMO_TODAY, held.get(nip) ?? 0);
    };
    expect(await statusOf('demo.asn.3502')).toMatchObject({ status: 'met', short: 0 });
    expect(await statusOf('demo.asn2.3502')).toMatchObject({ status: 'short', short: 1 });
  });

  it('adds nothing when loaded again', async () => {
    const again = await loadDemo(demo, options);
    expect(again.farmers).toBeNull();
    expect(again.programmes).toEqual({ ...load.programmes, added: 0 });
  }, 120_000);

  it('is the same for the same seed', async () => {
    const twin = await openTestDatabase();
    try {
      await loadDemo(twin, options);
      expect(await sponsorshipDigest(twin)).toEqual(await sponsorshipDigest(demo));
    } finally {
      await twin.close();
    }
  }, 300_000);
});

/**
 * `asuh serve` on an empty database, as `npm start` runs it the first time, then again: the first
 * start loads the demo behind the served page, the second keeps it.
 */
describe('asuh serve with the first-start demo', () => {
  let env: NodeJS.ProcessEnv;
  let cleanUp: () => Promise<void>;
  let loaded: Record<string, number>;

  beforeAll(async () => {
    const _source = inject('testDatabase');
    env = {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      ASUH_DEMO_ASN: '300',
      ASUH_DEMO_WORKERS: '500',
    };
    delete env.DATABASE_URL;
    delete env.ASUH_DEMO;
    const empty = await emptyDatabaseForProcess('asuh_serve_demo');
    Object.assign(env, empty.env);
    cleanUp = empty.cleanUp;
  }, 60_000);

  afterAll(async () => {
    await cleanUp();
  });

  /** Read once the server has stopped: an embedded database's folder belongs to one process. */
  async function check(): Promise<Record<string, number>> {
    const served = await openDatabase(loadConfig(env));
    try {
      const [row] = await served.query<Record<string, number>>(
        `SELECT (SELECT count(*) FROM asn) AS asn, (SELECT count(*) FROM worker) AS workers,
                (SELECT count(*) FROM app_user) AS users, (SELECT count(*) FROM sponsorship) AS sponsorships`,
      );
      return row!;
    } finally {
      await served.close();
    }
  }

  it('serves at once, loads the demo in the background and prints the demo accounts', async () => {
    const server = await startServe(env);
    try {
      const page = await fetch(`${server.baseUrl}/readyz`);
      expect(page.status).toBe(200);
      await server.waitFor(/Data demo dimuat \/ demo loaded/);
      expect(server.output()).toMatch(/Admin Pemda +demo\.admin\.3502/);
      expect(server.output()).toContain(`kata sandi semuanya: ${DEMO_PASSWORD}`);
      expect(server.output().indexOf('ready:')).toBeLessThan(server.output().indexOf('Memuat data demo'));
    } finally {
      await server.stop();
    }
    loaded = await check();
    expect(loaded).toMatchObject({ asn: 300, users: 8 });
    // The registry's 500 and the cohort's tobacco farmers, 5,014 of them sponsored with the rest.
    expect(loaded.workers).toBeGreaterThan(5_014);
    expect(loaded.sponsorships).toBeGreaterThan(5_014);
  }, 120_000);

  it('keeps the data on the next start and loads nothing', async () => {
    const server = await startServe(env);
    try {
      expect((await fetch(`${server.baseUrl}/readyz`)).status).toBe(200);
    } finally {
      await server.stop();
    }
    expect(server.output()).not.toContain('Memuat data demo');
    expect(await check()).toEqual(loaded);
  }, 120_000);
});

async function startServe(env: NodeJS.ProcessEnv) {
  const child: ChildProcess = spawn(process.execPath, ['bin/asuh.js', 'serve'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const listeners = new Set<() => void>();
  const collect = (chunk: Buffer) => {
    output += chunk;
    for (const listener of listeners) listener();
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const waitFor = (pattern: RegExp) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const look = () => {
        const match = pattern.exec(output);
        if (match) {
          listeners.delete(look);
          resolve(match);
        }
      };
      listeners.add(look);
      void exited.then(() => reject(new Error(`serve exited before ${pattern}: ${output}`)));
      look();
    });
  const ready = await waitFor(/ready: (http:\/\/localhost:\d+)/);
  return {
    baseUrl: ready[1]!,
    output: () => output,
    waitFor,
    async stop() {
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    },
  };
}
