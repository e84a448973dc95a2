import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { writeLine } from './context.ts';

const WEB_CONFIG = fileURLToPath(new URL('../../web/vite.config.ts', import.meta.url));

/** Builds the browser app into a folder. */
export type WebBuilder = (outDir: string) => Promise<void>;

/**
 * Vite, where the checkout has it (the web sources and the dev dependencies); none in an install
 * without them, which then serves the API alone.
 */
export async function viteBuilder(): Promise<WebBuilder | null> {
  if (!existsSync(WEB_CONFIG)) return null;
  let vite: typeof import('vite');
  try {
    vite = await import('vite');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND') return null;
    throw error;
  }
  return async (outDir) => {
    await vite.build({ configFile: WEB_CONFIG, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  };
}

/**
 * The folder of the built web app to serve, built first when a checkout has not run
 * `npm run build:web`; null when there is none to be had (`/` then says how: see `answerWebAppMissing`).
 */
export async function prepareWebApp(
  webDir: string,
  { builder, out, err }: { builder: WebBuilder | null; out: Writable; err: Writable },
): Promise<string | null> {
  const built = () => existsSync(join(webDir, 'index.html'));
  if (built()) return webDir;
  if (!builder) {
    writeLine(
      err,
      'Aplikasi web belum dibangun: npm run build:web / the web app is not built: npm run build:web',
    );
    return null;
  }
  writeLine(out, 'Membangun aplikasi web / building the web app (npm run build:web)');
  try {
    await builder(webDir);
  } catch (error) {
    writeLine(
      err,
      `Aplikasi web gagal dibangun / the web app failed to build: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return built() ? webDir : null;
}

const MISSING_PAGE = `<!doctype html>
<html lang="id">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Asuh: aplikasi web belum dibangun / the web app is not built</title>
</head>
<body>
<main>
<h1>Aplikasi web belum dibangun</h1>
<p>Server dan API berjalan (<a href="/api/docs">/api/docs</a>), tetapi aplikasi web belum dibangun.
Di folder Asuh, jalankan <code>npm run build:web</code>, lalu jalankan <code>asuh serve</code> lagi
(<code>npm start</code> melakukan keduanya).</p>
<section lang="en">
<h2>The web app is not built</h2>
<p>The server and its API are running (<a href="/api/docs">/api/docs</a>), but the web app has not been
built. In the Asuh folder, run <code>npm run build:web</code>, then start <code>asuh serve</code> again
(<code>npm start</code> does both).</p>
</section>
</main>
</body>
</html>
`;

/** `/` without a web app: says how to build it, in both languages, rather than a bare 404. */
export function answerWebAppMissing(app: FastifyInstance): void {
  app.get('/', { schema: { hide: true } }, (_request, reply) =>
    reply.status(503).type('text/html; charset=utf-8').send(MISSING_PAGE),
  );
}
