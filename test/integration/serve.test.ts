import { type ChildProcess, spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyDatabaseForProcess } from '../support/database.ts';

/**
 * `asuh serve` as a user runs it: a fresh, empty database (a new PGlite folder, or a new database
 * on the server), migrated on start, then stopped with SIGTERM.
 */
let child: ChildProcess;
let baseUrl: string;
let output = '';
let cleanUp: () => Promise<void>;

beforeAll(async () => {
  // The first-start demo has its own test (demo.test.ts); this one is about serving itself.
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    ASUH_DEMO: 'off',
    ASUH_TRUST_PROXY: 'on',
  };
  delete env.DATABASE_URL;
  const empty = await emptyDatabaseForProcess('asuh_serve');
  Object.assign(env, empty.env);
  cleanUp = empty.cleanUp;
  child = spawn(process.execPath, ['bin/asuh.js', 'serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  baseUrl = await new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (chunk) => {
      output += chunk;
      const ready = /ready: (http:\/\/localhost:\d+)/.exec(output);
      if (ready) resolve(ready[1]!);
    });
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${output}`)));
  });
}, 90_000);

afterAll(async () => {
  if (child.exitCode === null) child.kill('SIGKILL');
  await cleanUp();
});

describe('asuh serve', () => {
  it('migrates an empty database on start', () => {
    expect(output).toContain('0001_region applied');
    expect(output).toContain('0002_region_load applied');
  });

  it('answers the API and readiness', async () => {
    const region = await fetch(`${baseUrl}/api/v1/regions/35.02`);
    expect((await region.json()).name).toBe('Kabupaten Ponorogo');
    expect((await fetch(`${baseUrl}/readyz`)).status).toBe(200);
  });

  it('believes the proxy when ASUH_TRUST_PROXY=on: https behind it gets HSTS, plain http does not', async () => {
    const proxied = await fetch(`${baseUrl}/healthz`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(proxied.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
    const direct = await fetch(`${baseUrl}/healthz`);
    expect(direct.headers.get('strict-transport-security')).toBeNull();
  });

  it('serves the web app at / and its page paths', async () => {
    for (const path of ['/', '/wilayah']) {
      const page = await fetch(`${baseUrl}${path}`, { headers: { accept: 'text/html' } });
      expect(page.status, path).toBe(200);
      expect(await page.text()).toContain('<div id="root">');
    }
  });

  it('stops cleanly on SIGTERM', async () => {
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
