import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { ASN_COLUMNS } from '../../src/core/registry/asn-row.ts';
import { WORKER_COLUMNS } from '../../src/core/registry/worker-row.ts';
import type { Database } from '../../src/db/database.ts';
import { openDatabase } from '../../src/db/open.ts';
import { createAuthService } from '../../src/features/auth/auth-service.ts';
import { generateWorkers } from '../../src/features/demo/demo-generator.ts';
import { readDemoRegions } from '../../src/features/demo/demo-regions.ts';
import { DEMO_PASSWORD, demoIsNeeded, loadDemo } from '../../src/features/demo/demo-service.ts';
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
    expect(await counts()).toEqual({
      asn: 200,
      workers: 500,
      linked: 500,
      opds: 50,
      users: 7,
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
      'bpjstk_officer',
      'sponsor_org',
    ]);
    const auth = createAuthService(db);
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
  });
});

describe('a demo load stopped half-way', () => {
  it('is still needed, and the next load completes it', async () => {
    const fresh = await openTestDatabase();
    try {
      const options = { pemdaCode: '35.02', seed: 1, asn: 100, workers: 300 };
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
      expect(load.logins).toHaveLength(7);
      expect(await demoIsNeeded(fresh, '35.02')).toBe(false);
    } finally {
      await fresh.close();
    }
  });
});

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
      expect(stages).toEqual(['asn', 'workers', 'users']);
    } finally {
      await fresh.close();
    }
  });
});

/**
 * `asuh serve` on an empty database, as `npm start` runs it the first time, then again: the first
 * start loads the demo behind the served page, the second keeps it.
 */
describe('asuh serve with the first-start demo', () => {
  let env: NodeJS.ProcessEnv;
  let cleanUp: () => Promise<void>;

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
                (SELECT count(*) FROM app_user) AS users`,
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
    expect(await check()).toEqual({ asn: 300, workers: 500, users: 7 });
  }, 120_000);

  it('keeps the data on the next start and loads nothing', async () => {
    const server = await startServe(env);
    try {
      expect((await fetch(`${server.baseUrl}/readyz`)).status).toBe(200);
    } finally {
      await server.stop();
    }
    expect(server.output()).not.toContain('Memuat data demo');
    expect(await check()).toEqual({ asn: 300, workers: 500, users: 7 });
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
