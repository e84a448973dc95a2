/**
 * The one seam between Asuh and its database. Everything above it writes PostgreSQL and runs
 * unchanged on embedded PGlite (a laptop, the tests) and on a PostgreSQL server.
 */
export type Row = Record<string, unknown>;

export interface Queryable {
  /** One statement with `$1`-style parameters. */
  query<T extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Several statements, no parameters: migrations and DDL. */
  exec(sql: string): Promise<void>;
}

export interface Database extends Queryable {
  readonly engine: 'pglite' | 'postgres';
  /** Runs `work` in one transaction: committed if it resolves, rolled back if it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * Bulk-loads rows into `table` with `COPY … FROM`, outside any transaction; resolves with the
   * number of rows loaded. `chunks` yields COPY text: whole lines of tab-separated fields, each
   * written with `copyField`. The server ingests one chunk while the caller makes the next.
   * When `chunks` throws or the server refuses a row, the promise rejects; what an engine had
   * already loaded may stay (PGlite loads chunk by chunk), so load into scratch tables only.
   */
  copyFrom(table: string, columns: readonly string[], chunks: AsyncIterable<string>): Promise<number>;
  /**
   * Takes the session-level advisory lock (`lockClass`, hashtext(`key`)) on a connection kept
   * for such locks, so that it lasts exactly as long as this process: others read it with
   * `advisoryLockHeld` to tell a live job from one whose process died. False when another
   * process holds it.
   */
  holdLock(lockClass: number, key: string): Promise<boolean>;
  /** Lets a lock of `holdLock` go. */
  releaseLock(lockClass: number, key: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * SQL that is true while some session holds `holdLock(lockClass, <key>)` in this database, with
 * `keySql` the SQL giving the key (a column): one read of the lock table, however many keys.
 */
export function advisoryLockHeld(lockClass: number, keySql: string): string {
  return `EXISTS (SELECT 1 FROM pg_locks held
                   WHERE held.locktype = 'advisory' AND held.granted AND held.objsubid = 2
                     AND held.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                     AND held.classid = ${Math.trunc(lockClass)}::oid
                     AND held.objid = hashtext((${keySql})::text)::oid)`;
}

/**
 * Runs `work` while holding `db.holdLock(lockClass, key)`: how a process owns a job for the job's
 * life (a fresh id, so the lock is never held elsewhere but by a process that owns it already).
 */
export async function whileHolding<T>(
  db: Database,
  lockClass: number,
  key: string,
  work: () => Promise<T>,
): Promise<T> {
  if (!(await db.holdLock(lockClass, key)))
    throw new Error(`lock ${lockClass}/${key} is held by another process`);
  try {
    return await work();
  } finally {
    await db.releaseLock(lockClass, key).catch(() => {});
  }
}

export const HOLD_LOCK_SQL = 'SELECT pg_try_advisory_lock($1, hashtext($2)) AS held';
export const RELEASE_LOCK_SQL = 'SELECT pg_advisory_unlock($1, hashtext($2))';

/** `COPY … FROM` of the text format into `table (columns)`, with `source` the file or `STDIN`. */
export function copyStatement(table: string, columns: readonly string[], source: string): string {
  return `COPY ${table} (${columns.join(', ')}) FROM ${source}`;
}

const COPY_SPECIAL = /[\\\t\n\r]/;
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** One field of COPY's text format: `\N` for none, backslashes and line breaks escaped. */
export function copyField(value: string | number | boolean | null): string {
  if (value === null) return '\\N';
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (typeof value === 'number') return String(value);
  return COPY_SPECIAL.test(value)
    ? value.replace(/[\\\t\n\r]/g, (character) => COPY_ESCAPES[character]!)
    : value;
}

/** The largest value of an `integer` (int4) column: counts, targets and row numbers are kept there. */
export const INT4_MAX = 2_147_483_647;

/** PostgreSQL type OIDs whose default JavaScript form we change on both engines. */
export const TYPE_OIDS = { int8: 20, date: 1082, numeric: 1700 } as const;

/**
 * int8 holds rupiah totals and counts: a JavaScript number is exact up to 2^53, far beyond any
 * sum Asuh adds, and a bigint would leak into every JSON response. Dates stay `YYYY-MM-DD`
 * strings so that no time zone of the server's can shift a birth date or a due date.
 */
export function parseInt8(value: string): number {
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed)) throw new RangeError(`int8 value ${value} is beyond exact range`);
  return parsed;
}
