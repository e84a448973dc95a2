import { type ChildProcess, spawn } from 'node:child_process';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, Queryable, Row } from '../../src/db/database.ts';
import { createBillingService } from '../../src/features/billing/index.ts';
import { migratedDatabaseForProcess, onPostgres, openTestDatabase } from '../support/database.ts';
import { seedManySponsorships } from '../support/fixtures.ts';

/**
 * A billing run killed at any point, then run again, leaves exactly the rows of a run that was
 * never interrupted. In-process (both engines) a kill is a failure thrown inside the run's
 * transaction at each of its steps; on PostgreSQL the `asuh` process itself is also killed with
 * SIGKILL while its statements run on the server.
 */
const SPONSORSHIPS = 3_000;
const PERIOD = '2024-01';

/** Everything a run writes, without the ids and clocks that differ between two databases. */
async function ledger(db: Queryable) {
  return {
    runs: await db.query(
      `SELECT pemda_code, to_char(period, 'YYYY-MM') AS period, contributions_added, bills_added, total_billed,
              finished_at IS NOT NULL AS finished
         FROM billing_run ORDER BY pemda_code, period`,
    ),
    bills: await db.query(
      `SELECT reference, pemda_code, to_char(period, 'YYYY-MM') AS period, opd_id, sponsor_id, document,
              member_count, billed_amount, paid_amount, due_at::text AS due_at
         FROM bill ORDER BY reference`,
    ),
    contributions: await db.query(
      `SELECT b.reference, to_char(c.period, 'YYYY-MM') AS period, c.sponsorship_id, c.sponsor_id, c.nik, c.kind,
              c.jkk, c.jkm, c.jht, c.amount, c.schedule, c.funding_source, c.worker_name, c.sponsor_name,
              c.sponsor_nip, c.opd_id, c.due_at::text AS due_at, c.status
         FROM contribution c JOIN bill b ON b.id = c.bill_id
        ORDER BY c.sponsorship_id, c.period, c.kind`,
    ),
  };
}

async function nothingWritten(db: Queryable) {
  const [counts] = await db.query<{ runs: number; bills: number; contributions: number }>(
    `SELECT (SELECT count(*) FROM billing_run) AS runs, (SELECT count(*) FROM bill) AS bills,
            (SELECT count(*) FROM contribution) AS contributions`,
  );
  expect(counts).toEqual({ runs: 0, bills: 0, contributions: 0 });
}

class Killed extends Error {}

/** The database, except that the run's transaction dies at the statement `at` matches. */
function dyingAt(db: Database, at: RegExp, when: 'before' | 'after'): Database {
  return {
    ...db,
    transaction: (work) =>
      db.transaction((tx) =>
        work({
          ...tx,
          async query<T extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<T[]> {
            if (when === 'before' && at.test(sql)) throw new Killed(`killed before ${at}`);
            const rows = await tx.query<T>(sql, params);
            if (when === 'after' && at.test(sql)) throw new Killed(`killed after ${at}`);
            return rows;
          },
        }),
      ),
  };
}

/** Each step of a run, in order: the lock, the run record, the pricing read, the writing statement. */
const KILL_POINTS: [RegExp, 'before' | 'after'][] = [
  [/pg_advisory_xact_lock/, 'after'],
  [/INSERT INTO billing_run/, 'after'],
  [/INSERT INTO billing_line/, 'after'],
  [/SELECT DISTINCT/, 'after'],
  [/INSERT INTO billing_payer/, 'after'],
  [/INSERT INTO contribution/, 'before'],
  [/INSERT INTO contribution/, 'after'],
  [/INSERT INTO audit_log/, 'after'],
];

let killed: Database;
let twin: Database;

beforeAll(async () => {
  killed = await openTestDatabase();
  twin = await openTestDatabase();
  for (const db of [killed, twin]) {
    await seedManySponsorships(db, { pemdaCode: '35.02', sponsorships: SPONSORSHIPS, firstMonth: PERIOD });
  }
  await createBillingService({ db: twin }).run({ period: PERIOD, pemdaCode: '35.02' }, { actor: null });
});

afterAll(async () => {
  await killed?.close();
  await twin?.close();
});

describe('a billing run killed inside its transaction', () => {
  it.each(KILL_POINTS)('leaves nothing when killed at %s (%s the statement)', async (at, when) => {
    await expect(
      createBillingService({ db: dyingAt(killed, at, when) }).run(
        { period: PERIOD, pemdaCode: '35.02' },
        { actor: null },
      ),
    ).rejects.toBeInstanceOf(Killed);
    await nothingWritten(killed);
  });

  it('then run again writes exactly what an uninterrupted run wrote', async () => {
    const outcome = await createBillingService({ db: killed }).run(
      { period: PERIOD, pemdaCode: '35.02' },
      { actor: null },
    );
    expect(outcome.contributionsAdded).toBe(SPONSORSHIPS);
    const expected = await ledger(twin);
    expect(expected.contributions).toHaveLength(SPONSORSHIPS);
    expect(await ledger(killed)).toEqual(expected);
  });
});

onPostgres('the asuh process killed with SIGKILL during a billing run', () => {
  let env: { DATABASE_URL?: string };
  let close: () => Promise<void>;
  let db: Database;

  beforeAll(async () => {
    ({ env, db, close } = await migratedDatabaseForProcess('asuh_billing_kill'));
    await seedManySponsorships(db, { pemdaCode: '35.02', sponsorships: SPONSORSHIPS, firstMonth: PERIOD });
  }, 120_000);

  afterAll(async () => {
    await close?.();
  });

  function start(): ChildProcess {
    return spawn(
      process.execPath,
      ['bin/asuh.js', 'billing', 'run', '--period', PERIOD, '--pemda', '35.02', '--json'],
      { env: { ...process.env, ...env, LOG_LEVEL: 'warn' }, stdio: 'ignore' },
    );
  }

  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  /**
   * Holds `lock` in a transaction of the test's own, so the run's statement starting with
   * `pattern` (the server keeps only a statement's first kilobyte to show) waits on it where the
   * lock says; kills the process there, then lets the server go on: it
   * finishes the statement, finds no client and rolls the transaction back.
   */
  async function killWhileWaiting(lock: string, pattern: string): Promise<void> {
    const holder = new pg.Client({ connectionString: env.DATABASE_URL });
    await holder.connect();
    await holder.query('BEGIN');
    await holder.query(lock);
    const child = start();
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    try {
      for (;;) {
        const [waiting] = await db.query(
          `SELECT 1 FROM pg_stat_activity
            WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE $1`,
          [`%${pattern}%`],
        );
        if (waiting) break;
        await pause(10);
      }
      child.kill('SIGKILL');
      await exited;
    } finally {
      await holder.query('ROLLBACK');
      await holder.end();
    }
    for (;;) {
      const busy = await db.query(
        `SELECT 1 FROM pg_stat_activity
          WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'
            AND state <> 'idle'`,
      );
      if (busy.length === 0) return;
      await pause(20);
    }
  }

  it('leaves nothing behind wherever it was killed, and the rerun completes it', async () => {
    const [opd] = await db.query<{ id: number }>(
      `SELECT min(opd_id) AS id FROM asn WHERE pemda_code = '35.02'`,
    );
    const kills: [string, string][] = [
      // While it reads the sponsorships to bill.
      ['LOCK TABLE sponsorship IN ACCESS EXCLUSIVE MODE', 'WITH scope AS'],
      // With the payers drawn, before the bills are written.
      ['LOCK TABLE bill IN EXCLUSIVE MODE', 'WITH price AS'],
      // Mid-statement: every bill and line inserted, their foreign keys being checked.
      [`SELECT 1 FROM opd WHERE id = ${opd!.id} FOR UPDATE`, 'WITH price AS'],
    ];
    for (const [lock, pattern] of kills) {
      await killWhileWaiting(lock, pattern);
      await nothingWritten(db);
    }
    const rerun = start();
    const code = await new Promise<number | null>((resolve) => rerun.on('exit', resolve));
    expect(code).toBe(0);
    expect(await ledger(db)).toEqual(await ledger(twin));
  }, 180_000);
});
