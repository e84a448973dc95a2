import { mkdir } from 'node:fs/promises';
import { PGlite, types } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import {
  copyStatement,
  type Database,
  HOLD_LOCK_SQL,
  parseInt8,
  type Queryable,
  RELEASE_LOCK_SQL,
  type Row,
  TYPE_OIDS,
} from './database.ts';

const parsers = {
  [TYPE_OIDS.int8]: parseInt8,
  [TYPE_OIDS.date]: (value: string) => value,
  [TYPE_OIDS.numeric]: (value: string) => value,
};

function wrap(handle: Pick<PGlite, 'query' | 'exec'>): Queryable {
  return {
    async query<T extends Row>(sql: string, params: readonly unknown[] = []) {
      const result = await handle.query<T>(sql, params as unknown[]);
      return result.rows;
    },
    async exec(sql: string) {
      await handle.exec(sql);
    },
  };
}

export interface PgliteOptions {
  /** A folder for the data files; none keeps the database in memory. */
  dataDir?: string;
  /** A tarball from `dumpDataDir`: the tests start every file from one migrated copy. */
  loadDataDir?: Blob | File;
}

export async function openPglite(options: PgliteOptions = {}): Promise<Database & { pglite: PGlite }> {
  if (options.dataDir) await mkdir(options.dataDir, { recursive: true });
  const pglite = await PGlite.create({
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    // The one-payer-per-month rule is an exclusion constraint on (NIK, month range): needs btree_gist.
    extensions: { btree_gist },
    parsers,
    serializers: { [types.INT8]: (value: unknown) => String(value) },
  });
  return {
    engine: 'pglite',
    pglite,
    ...wrap(pglite),
    transaction: (work) => pglite.transaction((tx) => work(wrap(tx))),
    // PGlite reads a COPY from the blob handed with the statement: one COPY per chunk.
    async copyFrom(table, columns, chunks) {
      const sql = copyStatement(table, columns, "'/dev/blob'");
      let rows = 0;
      for await (const chunk of chunks) {
        const result = await pglite.query(sql, [], { blob: new Blob([chunk]) });
        rows += result.affectedRows ?? 0;
      }
      return rows;
    },
    // One process, one session: the lock goes with the process, as a dead process's jobs must.
    async holdLock(lockClass, key) {
      const result = await pglite.query<{ held: boolean }>(HOLD_LOCK_SQL, [lockClass, key]);
      return result.rows[0]!.held;
    },
    async releaseLock(lockClass, key) {
      await pglite.query(RELEASE_LOCK_SQL, [lockClass, key]);
    },
    close: () => pglite.close(),
  };
}
