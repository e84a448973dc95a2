import type { Database, Queryable, Row } from '../../src/db/database.ts';

/** What a job sees of its own death: every statement it sends after it fails with this. */
export class Crashed extends Error {}

export interface CrashingDatabase {
  db: Database;
  /** The statements sent, in order (a transaction's commit as `COMMIT`, a lock as `LOCK …`). */
  statements: string[];
  crashed(): boolean;
  /** Resolves once the server has let go of the dead process's locks. */
  buried(): Promise<void>;
}

/**
 * `db` as a process that dies just before its `at`-th statement (1-based; never, by default).
 * As when a process is killed: the statement never runs, the open transaction rolls back, no
 * statement runs after it (no catch or finally of the job cleans up), and the server lets go of
 * the process's locks. Without `at`, it only records the statements, to learn where to kill.
 */
export function crashingDatabase(db: Database, at = Number.POSITIVE_INFINITY): CrashingDatabase {
  const statements: string[] = [];
  const held: [number, string][] = [];
  let dead = false;
  let released: Promise<void> = Promise.resolve();

  async function step(statement: string): Promise<void> {
    if (dead) throw new Crashed(`dead before: ${statement.slice(0, 80)}`);
    statements.push(statement);
    if (statements.length < at) return;
    dead = true;
    // Not awaited: inside a transaction, PGlite runs nothing else until it has rolled back.
    const locks = held.splice(0);
    released = (async () => {
      for (const [lockClass, key] of locks) await db.releaseLock(lockClass, key);
    })();
    throw new Crashed(`killed before statement ${at}: ${statement.slice(0, 80)}`);
  }

  function queryable(target: Queryable): Queryable {
    return {
      async query<T extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<T[]> {
        await step(sql);
        return target.query<T>(sql, params);
      },
      async exec(sql: string) {
        await step(sql);
        await target.exec(sql);
      },
    };
  }

  const crashing: Database = {
    engine: db.engine,
    ...queryable(db),
    transaction: (work) =>
      db.transaction(async (tx) => {
        const result = await work(queryable(tx));
        await step('COMMIT');
        return result;
      }),
    async copyFrom(table, columns, chunks) {
      await step(`COPY ${table}`);
      return db.copyFrom(table, columns, chunks);
    },
    async holdLock(lockClass, key) {
      await step(`LOCK ${lockClass}`);
      const taken = await db.holdLock(lockClass, key);
      if (taken) held.push([lockClass, key]);
      return taken;
    },
    async releaseLock(lockClass, key) {
      await step(`UNLOCK ${lockClass}`);
      const index = held.findIndex(([c, k]) => c === lockClass && k === key);
      if (index >= 0) held.splice(index, 1);
      await db.releaseLock(lockClass, key);
    },
    close: () => db.close(),
  };
  return { db: crashing, statements, crashed: () => dead, buried: () => released };
}
