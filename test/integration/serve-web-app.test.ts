import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerWebAppMissing, prepareWebApp, viteBuilder } from '../../src/cli/web-app.ts';
import type { Database } from '../../src/db/database.ts';
import { buildApp } from '../../src/server/app.ts';
import { openTestDatabase } from '../support/database.ts';

/** What `asuh serve` does in a checkout where `npm run build:web` has not run (no web/dist). */
let db: Database;
let folder: string;

beforeAll(async () => {
  db = await openTestDatabase();
  folder = await mkdtemp(join(tmpdir(), 'asuh-web-'));
});

afterAll(async () => {
  await db.close();
  await rm(folder, { recursive: true, force: true });
});

function streams() {
  let text = '';
  const stream = new PassThrough();
  stream.on('data', (chunk) => {
    text += chunk;
  });
  return { stream, text: () => text };
}

describe('asuh serve without a built web app', () => {
  it('builds it first where the checkout has the build tool', async () => {
    const webDir = join(folder, 'built');
    const out = streams();
    const prepared = await prepareWebApp(webDir, {
      builder: await viteBuilder(),
      out: out.stream,
      err: new PassThrough(),
    });
    expect(prepared).toBe(webDir);
    expect(out.text()).toContain('npm run build:web');
    const app = await buildApp({ db, webDir: prepared });
    try {
      const page = await app.inject({ url: '/wilayah', headers: { accept: 'text/html' } });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('<div id="root">');
    } finally {
      await app.close();
    }
  }, 60_000);

  it('serves a built one as it is', async () => {
    const webDir = join(folder, 'ready');
    const builder = async () => {
      throw new Error('a built web app is not built again');
    };
    await mkdir(webDir);
    await writeFile(join(webDir, 'index.html'), '<div id="root"></div>');
    expect(await prepareWebApp(webDir, { builder, out: new PassThrough(), err: new PassThrough() })).toBe(
      webDir,
    );
  });

  it('says at / how to build it, in both languages, where it cannot be built; the API still answers', async () => {
    const err = streams();
    const webDir = await prepareWebApp(join(folder, 'missing'), {
      builder: null,
      out: new PassThrough(),
      err: err.stream,
    });
    expect(webDir).toBeNull();
    expect(err.text()).toContain('npm run build:web');
    const app = await buildApp({ db, webDir });
    answerWebAppMissing(app);
    try {
      const page = await app.inject({ url: '/', headers: { accept: 'text/html' } });
      expect(page.statusCode).toBe(503);
      expect(page.headers['content-type']).toContain('text/html');
      expect(page.body).toContain('Aplikasi web belum dibangun');
      expect(page.body).toContain('The web app is not built');
      expect(page.body).toContain('<code>npm run build:web</code>');
      const region = await app.inject({ url: '/api/v1/regions/35.02' });
      expect(region.json().name).toBe('Kabupaten Ponorogo');
    } finally {
      await app.close();
    }
  });
});
