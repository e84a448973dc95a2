import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describe, inject } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';
import { openPglite } from '../../src/db/pglite.ts';
import { openPostgres } from '../../src/db/postgres.ts';
import { databaseUrl } from './global-setup.ts';

/** A migrated database with the region tree, private to the caller; `close` throws it away. */
export async function openTestDatabase(): Promise<Database> {
  const source = inject('testDatabase');
  if (source.engine === 'pglite') {
    const snapshot = await readFile(source.snapshotPath);
    return openPglite({ loadDataDir: new Blob([snapshot]) });
  }
  const name = `asuh_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: source.serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${source.templateName}`);
  } finally {
    await admin.end();
  }
  const db = await openPostgres({ url: databaseUrl(source.serverUrl, name) });
  return {
    ...db,
    async close() {
      await db.close();
      const dropper = new pg.Client({ connectionString: source.serverUrl });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await dropper.end();
    },
  };
}

/**
 * An empty, unmigrated database for a spawned `asuh` process, as a user's first start has:
 * the environment that points the process at it, and how to throw it away.
 */
export async function emptyDatabaseForProcess(
  prefix: string,
): Promise<{ env: { DATABASE_URL?: string; ASUH_DATA_DIR?: string }; cleanUp: () => Promise<void> }> {
  const source = inject('testDatabase');
  if (source.engine === 'postgres') {
    const name = `${prefix}_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: source.serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    return {
      env: { DATABASE_URL: databaseUrl(source.serverUrl, name) },
      cleanUp: async () => {
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await admin.end();
      },
    };
  }
  const folder = await mkdtemp(join(tmpdir(), `${prefix}-`));
  return { env: { ASUH_DATA_DIR: folder }, cleanUp: () => rm(folder, { recursive: true, force: true }) };
}

/** Tests that spawn `asuh` against a PostgreSQL server and kill it: skipped on PGlite. */
export const onPostgres = process.env.TEST_DATABASE_URL ? describe : describe.skip;

/**
 * A migrated PostgreSQL database for a spawned `asuh` process, with the test's own connection to
 * it: the environment that points the process at it, and how to close and drop it.
 */
export async function migratedDatabaseForProcess(
  prefix: string,
): Promise<{ env: { DATABASE_URL?: string }; db: Database; close: () => Promise<void> }> {
  const { env, cleanUp } = await emptyDatabaseForProcess(prefix);
  const db = await openPostgres({ url: env.DATABASE_URL! });
  await migrate(db);
  return {
    env,
    db,
    close: async () => {
      await db.close();
      await cleanUp();
    },
  };
}
