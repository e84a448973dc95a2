import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { migrate } from '../../src/db/migrate.ts';
import { openPglite } from '../../src/db/pglite.ts';
import { openPostgres } from '../../src/db/postgres.ts';

export type TestDatabaseSource =
  | { engine: 'pglite'; snapshotPath: string }
  | { engine: 'postgres'; serverUrl: string; templateName: string };

declare module 'vitest' {
  export interface ProvidedContext {
    testDatabase: TestDatabaseSource;
  }
}

export function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * Migrates and loads the region tree once per run; every test file then starts from a copy
 * (a saved PGlite data directory, or a PostgreSQL template database).
 */
export default async function setup(project: TestProject) {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) {
    const templateName = `asuh_template_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${templateName}`);
    const db = await openPostgres({ url: databaseUrl(serverUrl, templateName), maxConnections: 1 });
    await migrate(db);
    await db.close();
    project.provide('testDatabase', { engine: 'postgres', serverUrl, templateName });
    return async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${templateName} WITH (FORCE)`);
      await admin.end();
    };
  }
  const folder = await mkdtemp(join(tmpdir(), 'asuh-test-'));
  const db = await openPglite();
  await migrate(db);
  const snapshot = await db.pglite.dumpDataDir('none');
  await db.close();
  const snapshotPath = join(folder, 'migrated.tar');
  await writeFile(snapshotPath, Buffer.from(await snapshot.arrayBuffer()));
  project.provide('testDatabase', { engine: 'pglite', snapshotPath });
  return () => rm(folder, { recursive: true, force: true });
}
