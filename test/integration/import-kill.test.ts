import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/core/access.ts';
import { formatNik } from '../../src/core/identifiers/nik.ts';
import { formatNip } from '../../src/core/identifiers/nip.ts';
import type { Database, Queryable } from '../../src/db/database.ts';
import type { ImportKind } from '../../src/features/imports/index.ts';
import { createImportJobs, importFile } from '../../src/features/imports/index.ts';
import { Crashed, crashingDatabase } from '../support/crash.ts';
import { migratedDatabaseForProcess, onPostgres, openTestDatabase } from '../support/database.ts';
import { seedActor, seedPemda } from '../support/fixtures.ts';
import { KILLED_APPLICATION, type KillPoint, killAt } from '../support/kill.ts';

/**
 * A roster or registry import killed at any of its statements: the job reads as failed at once
 * (not `running` until a reaper comes), and the rerun leaves exactly the registry of an import
 * never interrupted, with no staging row left. In-process on both engines the process dies
 * before each statement in turn; on PostgreSQL the `asuh` process is also killed with SIGKILL.
 */
const WORKER_HEADER = 'nik,nama,tanggal_lahir,jenis_kelamin,pekerjaan,sektor,kode_desa,no_hp,desil';
const ASN_HEADER = 'nip,nama,opd,jenis_pegawai,golongan,eselon,gaji_pokok,kode_desa';

const workerRows = Array.from({ length: 40 }, (_, index) => {
  const nik = formatNik({
    districtCode: '35.02.01',
    birthDate: '1990-01-01',
    sex: 'female',
    serial: index + 1,
  });
  return `${nik},Pekerja ${index + 1},1990-01-01,P,Petani,Pertanian,35.02.01.2001,0812345678${String(index).padStart(2, '0')},2`;
});
const WORKERS = [
  WORKER_HEADER,
  ...workerRows,
  // A repeat of the first NIK and a row refused: the rerun's issues and counts are the same.
  workerRows[0]!.replace('Pekerja 1,', 'Pekerja Satu,'),
  '3502010101900000,Tanpa Tanggal,,P,,,35.02.01.2001,,',
].join('\n');

const ASN = [
  ASN_HEADER,
  ...Array.from({ length: 30 }, (_, index) => {
    const nip = formatNip({
      birthDate: '1980-05-17',
      appointmentMonth: '2005-03',
      sex: 'male',
      serial: index + 1,
    });
    return `${nip},ASN ${index + 1},Dinas ${1 + (index % 3)},PNS,III/a,,${3_500_000 + index * 1000},35.02.01.2001`;
  }),
  'bukan-nip,Salah,Dinas 1,PNS,III/a,,3500000,',
].join('\n');

const FILES: Record<ImportKind, string> = { workers: WORKERS, asn: ASN };

let folder: string;
const paths = {} as Record<ImportKind, string>;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'asuh-import-kill-'));
  for (const kind of ['workers', 'asn'] as const) {
    paths[kind] = join(folder, `${kind}.csv`);
    await writeFile(paths[kind], `${FILES[kind]}\n`);
  }
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

/** The registry an import writes, without clocks. */
async function registry(db: Queryable) {
  return {
    workers: await db.query(
      `SELECT nik, name, birth_date, sex, occupation, sector, village_code, phone, welfare_decile
         FROM worker ORDER BY nik`,
    ),
    links: await db.query('SELECT pemda_code, nik FROM pemda_worker ORDER BY pemda_code, nik'),
    asn: await db.query(
      `SELECT a.nip, a.pemda_code, o.name AS opd, a.name, a.employment_type, a.rank, a.echelon, a.base_salary,
              a.village_code, a.active
         FROM asn a JOIN opd o ON o.id = a.opd_id ORDER BY a.nip`,
    ),
  };
}

async function stagedRows(db: Queryable): Promise<number> {
  const [row] = await db.query<{ n: number }>(
    `SELECT (SELECT count(*) FROM import_worker_row) + (SELECT count(*) FROM import_asn_row) AS n`,
  );
  return row!.n;
}

async function unfinishedJobs(db: Queryable): Promise<number> {
  const [row] = await db.query<{ n: number }>(
    `SELECT count(*) AS n FROM import_job WHERE status IN ('queued', 'running')`,
  );
  return row!.n;
}

async function lastJobId(db: Queryable): Promise<string | undefined> {
  const [row] = await db.query<{ id: string }>('SELECT id FROM import_job ORDER BY created_at DESC LIMIT 1');
  return row?.id;
}

const options = (kind: ImportKind) => ({ kind, pemdaCode: '35.02', actor: null, full: kind === 'asn' });

describe.each(['workers', 'asn'] as const)('a %s import killed before each of its statements', (kind) => {
  let killed: Database;
  let twin: Database;
  let admin: Actor;
  let statements: string[];

  beforeAll(async () => {
    killed = await openTestDatabase();
    twin = await openTestDatabase();
    for (const db of [killed, twin]) await seedPemda(db, '35.02');
    admin = await seedActor(killed, { username: 'admin-3502', role: 'pemda_admin', pemdaCode: '35.02' });
    const probe = crashingDatabase(twin);
    await importFile(probe.db, paths[kind], options(kind));
    statements = probe.statements;
  });

  afterAll(async () => {
    await killed?.close();
    await twin?.close();
  });

  it('reads as failed at once, then the rerun writes what an uninterrupted import wrote', async () => {
    const jobs = createImportJobs({ db: killed, uploads: { uploadsDir: folder, maxBytes: 1_000_000 } });
    const commit = statements.indexOf('COMMIT') + 1;
    expect(commit).toBeGreaterThan(10);
    let failedJobs = 0;
    // Every statement up to the merge's commit: none of these kills may leave the registry changed.
    for (let at = 1; at <= commit; at += 1) {
      const dying = crashingDatabase(killed, at);
      const where = `killed before statement ${at}: ${statements[at - 1]!.slice(0, 60)}`;
      await expect(importFile(dying.db, paths[kind], options(kind)), where).rejects.toBeInstanceOf(Crashed);
      await dying.buried();
      const id = await lastJobId(killed);
      if (id) {
        // As its user sees it: failed at once, not running until a reaper comes.
        const seen = await jobs.get(id, admin, 'en');
        expect({ where, status: seen.status }).toEqual({ where, status: 'failed' });
        expect(seen.error).toContain('IMPORT_INTERRUPTED');
        failedJobs += 1;
      }
      expect(await registry(killed), where).toEqual({ workers: [], links: [], asn: [] });
      expect(await unfinishedJobs(killed), where).toBe(0);
    }
    expect(failedJobs).toBeGreaterThan(commit / 2);

    const rerun = await importFile(killed, paths[kind], options(kind));
    const expected = await registry(twin);
    expect(expected[kind === 'asn' ? 'asn' : 'workers']).toHaveLength(kind === 'asn' ? 30 : 40);
    expect(await registry(killed)).toEqual(expected);
    expect(rerun).toMatchObject({ rejected: kind === 'asn' ? 1 : 2, inserted: kind === 'asn' ? 30 : 40 });
    expect(await stagedRows(killed)).toBe(0);
    expect(await unfinishedJobs(killed)).toBe(0);
  });

  it('killed after its commit leaves its staging rows only until the next import clears them', async () => {
    // Dead at the statement after the commit, the one deleting its staging rows.
    const after = statements.indexOf('COMMIT') + 2;
    expect(statements[after - 1]).toMatch(/^DELETE FROM import_(worker|asn)_row WHERE import_id = \$1/);
    const dying = crashingDatabase(killed, after);
    await importFile(dying.db, paths[kind], options(kind)).catch(() => {});
    expect(dying.crashed()).toBe(true);
    await dying.buried();
    const id = (await lastJobId(killed))!;
    const jobs = createImportJobs({ db: killed, uploads: { uploadsDir: folder, maxBytes: 1_000_000 } });
    expect((await jobs.get(id, admin, 'en')).status).toBe('completed');
    expect(await stagedRows(killed)).toBeGreaterThan(0);

    await importFile(killed, paths[kind], options(kind));
    expect(await stagedRows(killed)).toBe(0);
    expect(await registry(killed)).toEqual(await registry(twin));
  });
});

describe('an import job left running by a process that died', () => {
  let db: Database;
  let admin: Actor;

  beforeAll(async () => {
    db = await openTestDatabase();
    await seedPemda(db, '35.02');
    admin = await seedActor(db, { username: 'admin-3502', role: 'pemda_admin', pemdaCode: '35.02' });
  });

  afterAll(async () => {
    await db?.close();
  });

  it('reads as failed at the first read, and its staging rows go before the next import stages', async () => {
    // As a process killed mid-import leaves it: running, started just now, staged rows.
    const dead = '0b7a1f4e-5d6c-4e8f-9a0b-1c2d3e4f5a6b';
    await db.query(
      `INSERT INTO import_job (id, kind, pemda_code, status, runner, started_at)
       VALUES ($1, 'workers', '35.02', 'running', 'local', now())`,
      [dead],
    );
    await db.query(
      `INSERT INTO import_worker_row (import_id, row_number, nik, name, birth_date, sex, village_code, warned)
       SELECT $1, n + 1, '3502014101900' || lpad(n::text, 3, '0'), 'Tertinggal', '1990-01-01', 'female',
              '35.02.01.2001', false
         FROM generate_series(1, 500) AS n`,
      [dead],
    );
    const jobs = createImportJobs({ db: db, uploads: { uploadsDir: folder, maxBytes: 1_000_000 } });
    const seen = await jobs.get(dead, admin, 'en');
    expect(seen.status).toBe('failed');
    expect(seen.error).toContain('IMPORT_INTERRUPTED');

    const summary = await importFile(db, paths.workers, options('workers'));
    expect(summary).toMatchObject({ inserted: 40, rejected: 2 });
    expect(await stagedRows(db)).toBe(0);
  });

  it('while its process lives, it reads as running', async () => {
    const live = '1c8b2f5e-6d7c-4f9a-8b1c-2d3e4f5a6b7c';
    await db.holdLock(4_127_020, live);
    try {
      await db.query(
        `INSERT INTO import_job (id, kind, pemda_code, status, runner, started_at)
         VALUES ($1, 'workers', '35.02', 'running', 'local', now())`,
        [live],
      );
      const jobs = createImportJobs({ db: db, uploads: { uploadsDir: folder, maxBytes: 1_000_000 } });
      expect((await jobs.get(live, admin, 'en')).status).toBe('running');
      expect((await jobs.list('35.02', admin, 'en')).find((job) => job.id === live)?.status).toBe('running');
    } finally {
      await db.releaseLock(4_127_020, live);
    }
    const jobs = createImportJobs({ db: db, uploads: { uploadsDir: folder, maxBytes: 1_000_000 } });
    expect((await jobs.list('35.02', admin, 'en')).find((job) => job.id === live)?.status).toBe('failed');
  });
});

onPostgres('the asuh process killed with SIGKILL during an import', () => {
  let env: { DATABASE_URL?: string };
  let close: () => Promise<void>;
  let db: Database;
  let twin: Database;
  let admin: Actor;

  beforeAll(async () => {
    ({ env, db, close } = await migratedDatabaseForProcess('asuh_import_kill'));
    await seedPemda(db, '35.02');
    admin = await seedActor(db, { username: 'admin-3502', role: 'pemda_admin', pemdaCode: '35.02' });
    twin = await openTestDatabase();
    await seedPemda(twin, '35.02');
    for (const kind of ['workers', 'asn'] as const) await importFile(twin, paths[kind], options(kind));
  }, 120_000);

  afterAll(async () => {
    await twin?.close();
    await close?.();
  });

  function start(kind: ImportKind): ChildProcess {
    const args = ['bin/asuh.js', 'import', kind, paths[kind], '--pemda', '35.02', '--json'];
    if (kind === 'asn') args.push('--full');
    return spawn(process.execPath, args, {
      env: { ...process.env, ...env, LOG_LEVEL: 'warn', PGAPPNAME: KILLED_APPLICATION },
      stdio: 'ignore',
    });
  }

  const exitOf = (child: ChildProcess) =>
    new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

  it.each(['workers', 'asn'] as const)(
    'leaves a %s job failed, not running, wherever it was killed; the rerun completes it',
    async (kind) => {
      const table = kind === 'asn' ? 'import_asn_row' : 'import_worker_row';
      const points: KillPoint[] = [
        // Its job written, staging under way.
        { trigger: { table, event: 'INSERT' }, statement: kind === 'asn' ? 'WITH batch AS' : 'COPY' },
        // Staged, the merge waiting for the lock of merges.
        { advisory: [4_127_006, kind === 'asn' ? 1 : 2], statement: 'SELECT pg_advisory_xact_lock' },
        // Mid-merge, the registry being written.
        {
          trigger: { table: kind === 'asn' ? 'asn' : 'worker', event: 'INSERT' },
          statement: kind === 'asn' ? 'INSERT INTO asn' : 'WITH staged AS',
        },
        // Merged, at the job's completion.
        { trigger: { table: 'audit_log', event: 'INSERT' }, statement: 'INSERT INTO audit_log' },
      ];
      for (const point of points) {
        await killAt(db, env, () => start(kind), point);
        const id = (await lastJobId(db))!;
        const jobs = createImportJobs({ db: db, uploads: { uploadsDir: folder, maxBytes: 1_000_000 } });
        const seen = await jobs.get(id, admin, 'en');
        expect({ point: point.statement, status: seen.status }).toEqual({
          point: point.statement,
          status: 'failed',
        });
        expect(await unfinishedJobs(db)).toBe(0);
      }
      expect(await exitOf(start(kind))).toBe(0);
      expect(await stagedRows(db)).toBe(0);
      const got = await registry(db);
      const expected = await registry(twin);
      expect(kind === 'asn' ? got.asn : got.workers).toEqual(
        kind === 'asn' ? expected.asn : expected.workers,
      );
    },
    180_000,
  );
});
