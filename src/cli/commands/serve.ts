import type { Command } from 'commander';
import { migrate } from '../../db/migrate.ts';
import { openDatabase } from '../../db/open.ts';
import { buildApp } from '../../server/app.ts';
import { EXIT, writeLine } from '../context.ts';
import type { Registrar } from '../main.ts';

export function registerServeCommand(program: Command, { context, action }: Registrar): void {
  program
    .command('serve')
    .description(
      'Jalankan server web dan API / run the web app and API server (PORT, DATABASE_URL, ASUH_DATA_DIR)',
    )
    .action(
      action(async () => {
        const config = context.config();
        const started = Date.now();
        const db = await openDatabase(config);
        const report = await migrate(db, (name) =>
          writeLine(context.stdout, `migrasi / migration ${name} applied`),
        );
        const app = await buildApp({ db, logger: { level: config.logLevel } });
        let stopping = false;
        const stop = async (signal: string) => {
          if (stopping) return;
          stopping = true;
          app.log.info({ signal }, 'shutting down');
          // Finish in-flight requests, then release the database (PGlite flushes its files).
          await app.close();
          await db.close();
        };
        const closed = new Promise<void>((resolve) => app.addHook('onClose', () => resolve()));
        for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void stop(signal));
        await app.listen({ port: config.port, host: config.host });
        const address = app.server.address();
        const port = typeof address === 'object' && address ? address.port : config.port;
        const where = config.databaseUrl ? 'PostgreSQL' : `PGlite (${config.dataDir})`;
        writeLine(
          context.stdout,
          `Asuh siap / ready: http://localhost:${port}  (basis data / database: ${where}; ${report.applied.length} migrations applied; ${Date.now() - started} ms)`,
        );
        await closed;
        return EXIT.ok;
      }),
    );
}
