import type { Command } from 'commander';
import { migrate } from '../../db/migrate.ts';
import { openDatabase } from '../../db/open.ts';
import { EXIT, writeLine } from '../context.ts';
import type { Registrar } from '../main.ts';

export function registerDbCommands(program: Command, { context, action }: Registrar): void {
  const db = program.command('db').description('Basis data / database');
  db.command('migrate')
    .description('Jalankan migrasi yang belum diterapkan / apply pending migrations')
    .action(
      action(async () => {
        const database = await openDatabase(context.config());
        try {
          const report = await migrate(database, (name) => writeLine(context.stdout, `applied ${name}`));
          writeLine(
            context.stdout,
            `${report.applied.length} migrasi diterapkan, ${report.alreadyApplied} sudah ada / ${report.applied.length} applied, ${report.alreadyApplied} already applied (${database.engine})`,
          );
        } finally {
          await database.close();
        }
        return EXIT.ok;
      }),
    );
}
