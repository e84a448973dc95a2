import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFromStdin } from 'pg-copy-streams';
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

const typeParsers: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: string) => {
    if (oid === TYPE_OIDS.int8) return parseInt8;
    if (oid === TYPE_OIDS.date || oid === TYPE_OIDS.numeric) return (value: string) => value;
    return pg.types.getTypeParser(oid, format as 'text');
  }) as pg.CustomTypesConfig['getTypeParser'],
};

function wrap(client: pg.Pool | pg.PoolClient): Queryable {
  return {
    async query<T extends Row>(sql: string, params: readonly unknown[] = []) {
      const result = await client.query<T>({ text: sql, values: params as unknown[], types: typeParsers });
      return result.rows;
    },
    async exec(sql: string) {
      // The simple-query protocol (no parameters) runs several statements in one round trip.
      await client.query(sql);
    },
  };
}

export interface PostgresOptions {
  url: string;
  maxConnections?: number;
}

export async function openPostgres(options: PostgresOptions): Promise<Database & { pool: pg.Pool }> {
  const pool = new pg.Pool({ connectionString: options.url, max: options.maxConnections ?? 10 });
  // An idle client's error (a restarted server) must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  const probe = await pool.connect();
  probe.release();
  // The connection that holds this process's job locks, outside the pool so no job waits for it.
  // Lost (a restarted server), its locks are gone with it: the next lock opens another.
  let lockHolder: Promise<pg.Client> | undefined;
  function holder(): Promise<pg.Client> {
    lockHolder ??= (async () => {
      const client = new pg.Client({ connectionString: options.url });
      client.on('error', () => {
        lockHolder = undefined;
      });
      client.on('end', () => {
        lockHolder = undefined;
      });
      await client.connect();
      return client;
    })().catch((error: unknown) => {
      lockHolder = undefined;
      throw error;
    });
    return lockHolder;
  }
  return {
    engine: 'postgres',
    pool,
    ...wrap(pool),
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work(wrap(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    // One COPY over a connection of its own; the chunks stream in as they are made, the socket's
    // backpressure holding the caller back when the server falls behind.
    async copyFrom(table, columns, chunks) {
      const client = await pool.connect();
      let failed = false;
      try {
        const copy = client.query(copyFromStdin(copyStatement(table, columns, 'STDIN')));
        await pipeline(Readable.from(chunks, { highWaterMark: 2 }), copy);
        return copy.rowCount;
      } catch (error) {
        failed = true;
        throw error;
      } finally {
        // A COPY cut off half-way may leave the connection mid-protocol: it is not reused.
        client.release(failed);
      }
    },
    async holdLock(lockClass, key) {
      const result = await (await holder()).query<{ held: boolean }>(HOLD_LOCK_SQL, [lockClass, key]);
      return result.rows[0]!.held;
    },
    async releaseLock(lockClass, key) {
      await (await holder()).query(RELEASE_LOCK_SQL, [lockClass, key]);
    },
    async close() {
      const client = await lockHolder?.catch(() => undefined);
      await client?.end().catch(() => {});
      await pool.end();
    },
  };
}
