import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Database, Queryable } from './database.ts';

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));
/** Any fixed number: every process migrating the same database queues on it. */
const MIGRATION_LOCK_KEY = 4_127_001;

/** A migration in TypeScript loads reference data that SQL alone cannot reach (npm packages). */
export interface CodeMigration {
  up(tx: Queryable): Promise<void>;
}

export interface MigrationReport {
  applied: string[];
  alreadyApplied: number;
}

async function listMigrations(): Promise<string[]> {
  const files = await readdir(MIGRATIONS_DIR);
  return files.filter((file) => /^\d{4}_[\w-]+\.(sql|ts)$/.test(file)).sort();
}

/**
 * Applies the committed migrations in order, each in its own transaction under an advisory lock,
 * so two servers starting together apply each one once and a crash leaves no half migration.
 */
export async function migrate(db: Database, onApplied?: (name: string) => void): Promise<MigrationReport> {
  await db.exec(`CREATE TABLE IF NOT EXISTS schema_migration (
    name text PRIMARY KEY,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`);
  const report: MigrationReport = { applied: [], alreadyApplied: 0 };
  for (const file of await listMigrations()) {
    const name = file.replace(/\.(sql|ts)$/, '');
    const applied = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
      const done = await tx.query('SELECT 1 FROM schema_migration WHERE name = $1', [name]);
      if (done.length > 0) return false;
      if (file.endsWith('.sql')) {
        await tx.exec(await readFile(new URL(file, `file://${MIGRATIONS_DIR}`), 'utf8'));
      } else {
        const migration = (await import(new URL(file, `file://${MIGRATIONS_DIR}`).href)) as CodeMigration;
        await migration.up(tx);
      }
      await tx.query('INSERT INTO schema_migration (name) VALUES ($1)', [name]);
      return true;
    });
    if (applied) {
      report.applied.push(name);
      onApplied?.(name);
    } else {
      report.alreadyApplied += 1;
    }
  }
  return report;
}
