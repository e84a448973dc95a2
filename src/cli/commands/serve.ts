import type { Writable } from 'node:stream';
import type { Command } from 'commander';
import type { FastifyBaseLogger } from 'fastify';
import type { Language } from '../../core/message.ts';
import type { Database } from '../../db/database.ts';
import { migrate } from '../../db/migrate.ts';
import { openDatabase } from '../../db/open.ts';
import { type DemoOptions, demoIsNeeded, firstStartDemo, loadDemo } from '../../demo/demo-service.ts';
import { uploadSettings } from '../../platform/files/upload.ts';
import { buildApp, WEB_DIST } from '../../server/app.ts';
import { cliLanguage, EXIT, writeLine } from '../context.ts';
import type { Registrar } from '../main.ts';
import { answerWebAppMissing, prepareWebApp, viteBuilder } from '../web-app.ts';
import { writeDemoLoad } from './demo.ts';

export function registerServeCommand(program: Command, { context, action }: Registrar): void {
  program
    .command('serve')
    .description(
      'Jalankan server web dan API / run the web app and API server (PORT, DATABASE_URL, ASUH_DATA_DIR)',
    )
    .action(
      action(async () => {
        const config = context.config();
        const demo = firstStartDemo(config.firstStartDemo);
        const started = Date.now();
        const webDir = await prepareWebApp(WEB_DIST, {
          builder: await viteBuilder(),
          out: context.stdout,
          err: context.stderr,
        });
        const db = await openDatabase(config);
        const report = await migrate(db, (name) =>
          writeLine(context.stdout, `migrasi / migration ${name} applied`),
        );
        const app = await buildApp({
          db,
          logger: { level: config.logLevel },
          imports: uploadSettings(config),
          trustProxy: config.trustProxy,
          webDir,
        });
        if (!webDir) answerWebAppMissing(app);
        let stopping = false;
        const stopDemo = new AbortController();
        let demoLoading: Promise<void> = Promise.resolve();
        const stop = async (signal: string) => {
          if (stopping) return;
          stopping = true;
          app.log.info({ signal }, 'shutting down');
          stopDemo.abort();
          // Finish in-flight requests and the demo's current batch, then release the database
          // (PGlite flushes its files).
          await Promise.all([app.close(), demoLoading]);
          await db.close();
        };
        const closed = new Promise<void>((resolve) => app.addHook('onClose', () => resolve()));
        for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void stop(signal));
        const demoNeeded = demo !== null && (await demoIsNeeded(db, demo.pemdaCode));
        await app.listen({ port: config.port, host: config.host });
        const address = app.server.address();
        const port = typeof address === 'object' && address ? address.port : config.port;
        const where = config.databaseUrl ? 'PostgreSQL' : `PGlite (${config.dataDir})`;
        writeLine(
          context.stdout,
          `Asuh siap / ready: http://localhost:${port}  (basis data / database: ${where}; ${report.applied.length} migrations applied; ${Date.now() - started} ms)`,
        );
        // Serving comes first, so the page is up while the demo loads behind it.
        if (demo && demoNeeded && !stopping) {
          demoLoading = loadDemoInBackground(db, demo, {
            out: context.stdout,
            log: app.log,
            language: cliLanguage(context.env),
            signal: stopDemo.signal,
          });
        }
        await closed;
        return EXIT.ok;
      }),
    );
}

/**
 * Loads the demo Pemda on a first start, then prints the accounts to try it with. A stop half-way
 * leaves it unfinished, and the next start completes it.
 */
async function loadDemoInBackground(
  db: Database,
  demo: DemoOptions,
  {
    out,
    log,
    language,
    signal,
  }: { out: Writable; log: FastifyBaseLogger; language: Language; signal: AbortSignal },
): Promise<void> {
  const started = Date.now();
  writeLine(
    out,
    `Memuat data demo ${demo.pemdaCode} (${demo.asn} ASN, ${demo.workers} pekerja) / loading the demo ` +
      `(${demo.asn} ASN, ${demo.workers} workers); ASUH_DEMO=off mematikannya / turns it off`,
  );
  try {
    const load = await loadDemo(db, demo, {
      signal,
      onStage: (stage) => writeLine(out, `demo: memuat / loading ${stage}`),
      onProgress: (stage, read, total) => log.info({ stage, read, total }, 'demo loading'),
    });
    writeDemoLoad(out, load, language);
    writeLine(out, `Data demo dimuat / demo loaded (${Date.now() - started} ms)`);
  } catch (error) {
    if (signal.aborted) {
      writeLine(
        out,
        'Data demo belum lengkap; dilanjutkan saat start berikutnya / demo incomplete; the next start completes it',
      );
    } else {
      log.error({ err: error }, 'the demo failed to load');
    }
  }
}
