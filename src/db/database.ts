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
  close(): Promise<void>;
}

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
