import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
