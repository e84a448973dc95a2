import type { ChildProcess } from 'node:child_process';
import pg from 'pg';
import type { Queryable } from '../../src/db/database.ts';

/**
 * Where to kill a spawned `asuh` process on PostgreSQL: the statement is made to wait (by a
 * trigger that waits for a lock the test holds, by an advisory lock or by a table lock), the
 * process is killed with SIGKILL while it waits, and then the server goes on as it would.
 */
export interface KillPoint {
  /** A statement-level trigger on `table` that waits: the statement waits before it writes. */
  trigger?: { table: string; event: 'INSERT' | 'UPDATE' | 'DELETE' };
  /** An advisory lock (two keys) the statement takes and the test holds. */
  advisory?: [number, number];
  /** SQL that locks what the statement needs, run in the test's own transaction. */
  lock?: string;
  /** How the statement starts, as `pg_stat_activity` shows it. */
  statement: string;
}

/** Tells the killed process's connections from the test's own in `pg_stat_activity`. */
export const KILLED_APPLICATION = 'asuh-killed';
const KILL_LOCK: [number, number] = [4_127_099, 1];

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts the process (which must connect with `application_name` KILLED_APPLICATION: pass
 * `PGAPPNAME` in its environment), kills it while `point.statement` waits, and returns once the
 * server has ended every connection of it.
 */
export async function killAt(
  db: Queryable,
  env: { DATABASE_URL?: string },
  start: () => ChildProcess,
  point: KillPoint,
): Promise<void> {
  const trigger = point.trigger ? `asuh_test_kill_${point.trigger.table}` : null;
  if (point.trigger) {
    await db.exec(`CREATE OR REPLACE FUNCTION asuh_test_kill_point() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN PERFORM pg_advisory_xact_lock_shared(${KILL_LOCK[0]}, ${KILL_LOCK[1]}); RETURN NULL; END $$;
      CREATE TRIGGER ${trigger} BEFORE ${point.trigger.event} ON ${point.trigger.table}
        FOR EACH STATEMENT EXECUTE FUNCTION asuh_test_kill_point();`);
  }
  const holder = new pg.Client({ connectionString: env.DATABASE_URL });
  await holder.connect();
  try {
    await holder.query('BEGIN');
    if (point.trigger) await holder.query('SELECT pg_advisory_xact_lock($1, $2)', KILL_LOCK);
    if (point.advisory) await holder.query('SELECT pg_advisory_xact_lock($1, $2)', point.advisory);
    if (point.lock) await holder.query(point.lock);
    const child = start();
    let exited = false;
    const exit = new Promise<void>((resolve) =>
      child.on('exit', () => {
        exited = true;
        resolve();
      }),
    );
    for (;;) {
      if (exited) throw new Error(`the process ended before it reached ${point.statement}`);
      const [waiting] = await db.query(
        `SELECT 1 FROM pg_stat_activity
          WHERE datname = current_database() AND application_name = $1 AND wait_event_type = 'Lock'
            AND query LIKE $2`,
        [KILLED_APPLICATION, `${point.statement}%`],
      );
      if (waiting) break;
      await pause(10);
    }
    child.kill('SIGKILL');
    await exit;
  } finally {
    await holder.query('ROLLBACK').catch(() => {});
    await holder.end();
  }
  // The server finishes what the statement was doing, finds no client and ends each connection.
  for (;;) {
    const left = await db.query('SELECT 1 FROM pg_stat_activity WHERE application_name = $1', [
      KILLED_APPLICATION,
    ]);
    if (left.length === 0) break;
    await pause(20);
  }
  if (trigger && point.trigger) await db.exec(`DROP TRIGGER ${trigger} ON ${point.trigger.table}`);
}
