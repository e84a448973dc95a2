import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import type { Database } from '../../src/db/database.ts';
import { buildApp } from '../../src/server/app.ts';
import { preferredLanguage } from '../../src/server/errors.ts';
import { openTestDatabase } from '../support/database.ts';

let db: Database;
let app: FastifyInstance;

beforeAll(async () => {
  db = await openTestDatabase();
  app = await buildApp({ db, webDir: null });
});

afterAll(async () => {
  await app.close();
  await db.close();
});

describe('the server', () => {
  it('is healthy and ready with its database', async () => {
    expect((await app.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' });
    const ready = await app.inject({ url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready', database: db.engine });
  });

  it('serves an OpenAPI document describing its routes', async () => {
    const response = await app.inject({ url: '/api/v1/openapi.json' });
    expect(response.statusCode).toBe(200);
    const document = response.json();
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/regions/{code}',
        '/api/v1/regions/{code}/children',
        '/api/v1/premium',
      ]),
    );
    const regionResponses = document.paths['/api/v1/regions/{code}'].get.responses;
    expect(Object.keys(regionResponses)).toEqual(expect.arrayContaining(['200', '400', '404']));
  });

  it('serves browsable API docs', async () => {
    const response = await app.inject({ url: '/api/docs/' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/html');
  });

  it('answers an unknown API path with a 404 error object', async () => {
    const response = await app.inject({ url: '/api/v1/nothing-here', headers: { 'accept-language': 'en' } });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({
      error: { code: 'ROUTE_NOT_FOUND', message: 'There is no GET /api/v1/nothing-here.' },
    });
  });

  it('answers a failure it did not expect as a 500 without leaking details', async () => {
    const broken = await buildApp({ db, webDir: null });
    broken.get('/boom', () => {
      throw new Error('secret internal detail');
    });
    const response = await broken.inject({ url: '/boom' });
    await broken.close();
    expect(response.statusCode).toBe(500);
    expect(response.json().error.code).toBe('INTERNAL');
    expect(response.body).not.toContain('secret');
  });
});

describe('the request log', () => {
  it('never holds a full NIK, from the path, the query or a field named nik', async () => {
    const nik = '3502014101900001';
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(
          ...String(chunk)
            .split('\n')
            .filter((line) => line !== ''),
        );
        done();
      },
    });
    const logged = await buildApp({ db, webDir: null, logger: { level: 'info', stream } });
    await logged.inject({ url: `/api/v1/workers/${nik}` });
    await logged.inject({ url: `/api/v1/workers?nik=${nik}&q=${nik}` });
    logged.log.info({ nik, body: { nik }, params: { nik } }, 'a NIK in the fields');
    logged.log.error({ err: new Error(`duplicate key (nik)=(${nik})`) }, 'a NIK in an error');
    await logged.close();
    const log = lines.join('\n');
    expect(lines.length).toBeGreaterThanOrEqual(6);
    expect(log).not.toContain(nik);
    const urls = lines.map((line) => JSON.parse(line).req?.url).filter(Boolean);
    expect(urls).toEqual([
      '/api/v1/workers/3502********0001',
      '/api/v1/workers?nik=3502********0001&q=3502********0001',
    ]);
    const fields = lines.map((line) => JSON.parse(line)).find((line) => line.msg === 'a NIK in the fields');
    expect(fields).toMatchObject({
      nik: '3502********0001',
      body: { nik: '3502********0001' },
      params: { nik: '3502********0001' },
    });
    expect(log).toContain('duplicate key (nik)=(3502********0001)');
  });
});

describe('security headers', () => {
  it('sends CSP limited to this origin, no framing, nosniff and no referrer; HSTS only over https', async () => {
    const response = await app.inject({ url: '/api/v1/regions/35.02' });
    expect(response.statusCode).toBe(200);
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-frame-options']).toBe('DENY');
    expect(response.headers['referrer-policy']).toBe('no-referrer');
    expect(response.headers['strict-transport-security']).toBeUndefined();

    const proxied = await buildApp({ db, webDir: null, trustProxy: true });
    const https = await proxied.inject({ url: '/healthz', headers: { 'x-forwarded-proto': 'https' } });
    const http = await proxied.inject({ url: '/healthz' });
    await proxied.close();
    expect(https.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    expect(http.headers['strict-transport-security']).toBeUndefined();
  });

  it('keeps no API answer in any cache, errors included', async () => {
    for (const url of ['/api/v1/regions/35.02', '/api/v1/auth/session', '/api/v1/workers/3502014101900001']) {
      const response = await app.inject({ url });
      expect(response.headers['cache-control'], url).toBe('no-store');
    }
  });

  it('keeps the API docs page working under the same policy', async () => {
    const page = await app.inject({ url: '/api/docs/' });
    expect(page.statusCode).toBe(200);
    // swagger-ui's page loads only its own files: nothing inline for the CSP to refuse.
    expect(page.body).not.toMatch(/<script>|<script(?![^>]*\bsrc=)[^>]*>|<style|\sstyle=|\son\w+=/);
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self';");
    // swagger-ui sets inline styles as it renders (test/browser/content-security-policy.test.ts).
    expect(csp).toContain("style-src 'self' 'unsafe-inline'");
  });
});

describe('behind a reverse proxy', () => {
  it('reads the client address and https from the proxy only when told to trust it', async () => {
    const headers = { 'x-forwarded-for': '203.0.113.9', 'x-forwarded-proto': 'https' };
    const seen = async (trustProxy: boolean) => {
      const proxied = await buildApp({ db, webDir: null, trustProxy });
      proxied.get('/whoami', (request) => ({ ip: request.ip, protocol: request.protocol }));
      const response = await proxied.inject({ url: '/whoami', headers, remoteAddress: '10.0.0.2' });
      await proxied.close();
      return response.json();
    };
    expect(await seen(true)).toEqual({ ip: '203.0.113.9', protocol: 'https' });
    expect(await seen(false)).toEqual({ ip: '10.0.0.2', protocol: 'http' });
  });

  it('believes only the address its own proxy appended, not one the client sent', async () => {
    const proxied = await buildApp({
      db,
      webDir: null,
      trustProxy: loadConfig({ ASUH_TRUST_PROXY: 'on' }).trustProxy,
    });
    proxied.get('/whoami', (request) => ({ ip: request.ip }));
    // The client sent "198.51.100.7"; the proxy appended the address it saw.
    const headers = { 'x-forwarded-for': '198.51.100.7, 203.0.113.9' };
    const response = await proxied.inject({ url: '/whoami', headers, remoteAddress: '10.0.0.2' });
    await proxied.close();
    expect(response.json()).toEqual({ ip: '203.0.113.9' });
  });
});

describe('language negotiation', () => {
  it('prefers Bahasa Indonesia unless English ranks higher', () => {
    expect(preferredLanguage(undefined)).toBe('id');
    expect(preferredLanguage('en')).toBe('en');
    expect(preferredLanguage('en-GB,en;q=0.8')).toBe('en');
    expect(preferredLanguage('id-ID,id;q=0.9,en;q=0.8')).toBe('id');
    expect(preferredLanguage('fr,en;q=0.5')).toBe('en');
    expect(preferredLanguage('id;q=0.4,en;q=0.6')).toBe('en');
    expect(preferredLanguage('de')).toBe('id');
  });
});
