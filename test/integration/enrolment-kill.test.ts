import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, Queryable } from '../../src/db/database.ts';
import { createEnrolmentService, createFileExchange } from '../../src/features/enrolment/index.ts';
import { Crashed, crashingDatabase } from '../support/crash.ts';
import { migratedDatabaseForProcess, onPostgres, openTestDatabase } from '../support/database.ts';
import { seedManySponsorships } from '../support/fixtures.ts';
import { KILLED_APPLICATION, type KillPoint, killAt } from '../support/kill.ts';

/**
 * A branch's enrolment response applied in one transaction, killed at any of its statements:
 * nothing of it stays (no response left half-applied or showing as in progress), and the rerun
 * moves the sponsorships exactly as a response never interrupted.
 */
const SPONSORSHIPS = 60;
const RESPONSE_HEADER = 'no_batch,ref_asuh,nik,kpj,status_kepesertaan,tanggal_mulai,alasan_ditolak';

let folder: string;
let responsePath: string;
let twin: Database;

/** Verified sponsorships, sent to the branch in one batch; resolves with the batch file's lines. */
async function sentBatch(db: Database, into: string): Promise<string[]> {
  await seedManySponsorships(db, { pemdaCode: '35.02', sponsorships: SPONSORSHIPS, firstMonth: '2026-04' });
  await db.query(`UPDATE sponsorship SET status = 'verified' WHERE pemda_code = '35.02'`);
  const enrolment = createEnrolmentService({ db });
  const batch = await enrolment.createBatch('35.02', { actor: null });
  const { delivery } = await enrolment.sendBatch(
    { id: batch.id },
    { actor: null },
    createFileExchange({ send: { format: 'csv', directory: into } }),
  );
  const receipt = await delivery;
  const text = await readFile(receipt.location!, 'utf8');
  return text
    .replace(/^\uFEFF/, '')
    .trimEnd()
    .split(/\r?\n/)
    .slice(1);
}

/** What a response moves, by the sponsorships' and workers' own keys. */
async function moved(db: Queryable) {
  return {
    sponsorships: await db.query('SELECT id, status, enrolled_on FROM sponsorship ORDER BY id'),
    kpj: await db.query('SELECT nik, kpj FROM worker WHERE kpj IS NOT NULL ORDER BY nik'),
    events: await db.query(
      'SELECT sponsorship_id, from_status, to_status FROM sponsorship_event ORDER BY sponsorship_id, id',
    ),
    responses: await db.query(
      `SELECT lines_read, enrolled, active, rejected, active_elsewhere, unchanged, errors, warnings
         FROM enrolment_response ORDER BY id`,
    ),
  };
}

const importResponse = (db: Database) =>
  createEnrolmentService({ db }).importResponses(
    '35.02',
    { actor: null },
    createFileExchange({ receive: { path: responsePath, maxBytes: 1_000_000 } }),
  );

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'asuh-enrolment-kill-'));
  twin = await openTestDatabase();
  const lines = await sentBatch(twin, folder);
  expect(lines).toHaveLength(SPONSORSHIPS);
  // Four in five enrolled with their KPJ, every fifth refused, and one line the branch garbled.
  const answers = lines.map((line, index) => {
    const cells = line.split(',');
    const [batch, nik, reference] = [cells[0], cells[3], cells.at(-1)];
    return index % 5 === 4
      ? `${batch},${reference},${nik},,DITOLAK,,NIK tidak terdaftar di Dukcapil`
      : `${batch},${reference},${nik},${String(90_000_000_000 + index)},AKTIF,2026-04-01,`;
  });
  answers.push(`${lines[0]!.split(',')[0]},,3502010000000000,,MENUNGGU,,`);
  responsePath = join(folder, 'tanggapan.csv');
  await writeFile(responsePath, `${[RESPONSE_HEADER, ...answers].join('\r\n')}\r\n`);
}, 120_000);

afterAll(async () => {
  await twin?.close();
  await rm(folder, { recursive: true, force: true });
});

describe('an enrolment response killed before each of its statements', () => {
  let killed: Database;
  let statements: string[];

  beforeAll(async () => {
    killed = await openTestDatabase();
    await sentBatch(killed, join(folder, 'killed'));
    const probe = crashingDatabase(twin);
    const [applied] = await importResponse(probe.db);
    expect(applied!.counts).toMatchObject({ rejected: 12, errors: 1 });
    expect(applied!.counts.enrolled + applied!.counts.active).toBe(48);
    statements = probe.statements;
  }, 120_000);

  afterAll(async () => {
    await killed?.close();
  });

  it('leaves nothing of itself, and the rerun moves what an uninterrupted response moved', async () => {
    const before = await moved(killed);
    const commit = statements.indexOf('COMMIT') + 1;
    expect(commit).toBeGreaterThan(8);
    for (let at = 1; at <= commit; at += 1) {
      const where = `killed before statement ${at}: ${statements[at - 1]!.slice(0, 60)}`;
      const dying = crashingDatabase(killed, at);
      await expect(importResponse(dying.db), where).rejects.toThrow(Crashed);
      await dying.buried();
      // No response reads as applied, or as anything else: as if the file never came.
      expect(await moved(killed), where).toEqual(before);
    }
    const [rerun] = await importResponse(killed);
    expect(rerun!.duplicate).toBe(false);
    expect(await moved(killed)).toEqual(await moved(twin));
  });
});

onPostgres('the asuh process killed with SIGKILL while it applies a response', () => {
  let env: { DATABASE_URL?: string };
  let close: () => Promise<void>;
  let db: Database;

  beforeAll(async () => {
    ({ env, db, close } = await migratedDatabaseForProcess('asuh_enrolment_kill'));
    await sentBatch(db, join(folder, 'spawned'));
  }, 120_000);

  afterAll(async () => {
    await close?.();
  });

  function start(): ChildProcess {
    return spawn(
      process.execPath,
      ['bin/asuh.js', 'enrolment', 'import-response', responsePath, '--pemda', '35.02', '--json'],
      { env: { ...process.env, ...env, LOG_LEVEL: 'warn', PGAPPNAME: KILLED_APPLICATION }, stdio: 'ignore' },
    );
  }

  it('leaves nothing of the response wherever it was killed; the rerun applies it whole', async () => {
    const before = await moved(db);
    const points: KillPoint[] = [
      // The response recorded, its lines about to be staged.
      {
        trigger: { table: 'enrolment_response', event: 'INSERT' },
        statement: 'INSERT INTO enrolment_response',
      },
      // Mid-way: the sponsorships moving.
      { trigger: { table: 'sponsorship_event', event: 'INSERT' }, statement: 'WITH moved AS' },
      // Applied, being audited.
      { trigger: { table: 'audit_log', event: 'INSERT' }, statement: 'INSERT INTO audit_log' },
    ];
    for (const point of points) {
      await killAt(db, env, start, point);
      expect(await moved(db)).toEqual(before);
    }
    const rerun = start();
    expect(await new Promise((resolve) => rerun.on('exit', resolve))).toBe(0);
    expect(await moved(db)).toEqual(await moved(twin));
  }, 180_000);
});
