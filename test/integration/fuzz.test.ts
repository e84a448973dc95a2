import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/core/access.ts';
import { formatNik } from '../../src/core/identifiers/nik.ts';
import { addMonths } from '../../src/core/period.ts';
import { currentPeriod } from '../../src/core/regions.ts';
import type { Database } from '../../src/db/database.ts';
import { buildApp } from '../../src/server/app.ts';
import { openTestDatabase } from '../support/database.ts';
import {
  billMonths,
  payWorkerMonths,
  seedActor,
  seedAsn,
  seedBilledMonth,
  seedCsrSponsor,
  seedOpd,
  seedPemda,
  seedSponsor,
  seedSponsorship,
  seedWorkers,
} from '../support/fixtures.ts';

/**
 * Every operation of the OpenAPI document, each of its path and query parameters, each field of
 * its JSON body (nested ones too) and each field and file name of an upload in turn given a
 * hostile value (NUL, which a URL carries as %00, huge or fractional numbers, months and days off
 * the calendar, wrong types), as the Pemda's administrator, a national monitor (reads) and an ASN
 * (their own pages): none may answer 5xx. Bad input is the caller's mistake (4xx) whatever it is,
 * and whatever a write accepted must not break a later read, so every read runs again at the end.
 * About ten thousand requests, each value tried once: no randomness, the same run every time.
 */
let db: Database;
let app: FastifyInstance;
const actors: Record<string, Actor> = {};

const nik = (serial: number) =>
  formatNik({ districtCode: '35.02.01', birthDate: '1981-03-04', sex: 'female', serial });
const NIP = '198005172005011001';
const WORKERS = [nik(1), nik(2), nik(3)];

/** What a well-formed request names, by parameter name; ids are found after seeding. */
const known: Record<string, unknown> = {
  code: '35.02',
  pemda: '35.02',
  nik: WORKERS[0],
  nip: NIP,
  year: 2026,
  period: '2024-01',
  on: '2024-01-15',
  from: '2024-01',
  to: '2024-03',
};

const HOSTILE: readonly unknown[] = [
  'a\u0000b',
  '\u001f',
  'x'.repeat(5_000),
  9007199254740991,
  2147483648,
  -1,
  1.5,
  '1e309',
  '0000-01',
  '9999-12',
  '9999-12-31',
  '0001-01-01',
  '2024-02-30',
  '١٢٣Ω😀\u202e',
  '',
  null,
  true,
  [],
  {},
  ['a', 'b'],
];

interface Operation {
  method: string;
  path: string;
  parameters: { name: string; in: 'path' | 'query'; required?: boolean; schema: Schema }[];
  body: Schema | null;
}

interface Schema {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  example?: unknown;
  examples?: unknown[];
  format?: string;
  minimum?: number;
  exclusiveMinimum?: number;
  minLength?: number;
  minItems?: number;
  pattern?: string;
  const?: unknown;
}

let components: Record<string, Schema> = {};

const resolve = (schema: Schema): Schema =>
  schema.$ref ? resolve(components[schema.$ref.split('/').pop()!]!) : schema;

/** A value the schema accepts, preferring what the fixtures hold under that name. */
function sample(schema: Schema, name = ''): unknown {
  const s = resolve(schema);
  if (name in known) return known[name];
  if (s.const !== undefined) return s.const;
  if (s.example !== undefined) return s.example;
  if (s.examples?.[0] !== undefined) return s.examples[0];
  if (s.enum) return s.enum[0];
  const variants = s.anyOf ?? s.oneOf;
  if (variants) return sample(variants.find((v) => resolve(v).type !== 'null') ?? variants[0]!, name);
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  switch (type) {
    case 'object':
      return Object.fromEntries(
        Object.entries(s.properties ?? {})
          .filter(([key]) => s.required?.includes(key))
          .map(([key, value]) => [key, sample(value, key)]),
      );
    case 'array':
      return s.items
        ? Array.from({ length: Math.max(1, s.minItems ?? 1) }, () => sample(s.items!, name))
        : [];
    case 'integer':
    case 'number':
      return Math.max(1, s.minimum ?? 1, (s.exclusiveMinimum ?? 0) + 1);
    case 'boolean':
      return false;
    case 'string':
      if (s.format === 'uuid') return '00000000-0000-4000-8000-000000000000';
      if (s.format === 'date') return '2024-01-15';
      return 'uji';
    default:
      return 'uji';
  }
}

function operations(document: {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: Operation['parameters'];
        requestBody?: { content?: Record<string, { schema?: Schema }> };
      }
    >
  >;
  components?: { schemas?: Record<string, Schema> };
}): Operation[] {
  components = document.components?.schemas ?? {};
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      parameters: op.parameters ?? [],
      body: op.requestBody?.content?.['application/json']?.schema ?? null,
    })),
  );
}

interface Request {
  method: string;
  url: string;
  body?: unknown;
  actor: string;
}

const encodeQuery = (query: Record<string, unknown>) =>
  Object.entries(query)
    .flatMap(([key, value]) =>
      (Array.isArray(value) ? value : [value]).map(
        (item) =>
          `${encodeURIComponent(key)}=${encodeURIComponent(typeof item === 'object' ? JSON.stringify(item) : String(item))}`,
      ),
    )
    .join('&');

function url(op: Operation, path: Record<string, unknown>, query: Record<string, unknown>): string {
  const filled = op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = path[name];
    return encodeURIComponent(typeof value === 'object' ? JSON.stringify(value) : String(value));
  });
  const search = encodeQuery(query);
  return search ? `${filled}?${search}` : filled;
}

/** The paths of a body's fields, nested ones too (an array's first item), each with its schema. */
function fieldsOf(schema: Schema, depth = 0): { path: (string | number)[]; schema: Schema }[] {
  const s = resolve(schema);
  if (depth > 3) return [];
  const variant = (s.anyOf ?? s.oneOf)?.map(resolve).find((v) => v.type === 'object' || v.type === 'array');
  if (variant) return fieldsOf(variant, depth);
  if (s.type === 'array' && s.items) {
    return fieldsOf(s.items, depth + 1).map((f) => ({ ...f, path: [0, ...f.path] }));
  }
  return Object.entries(s.properties ?? {}).flatMap(([key, value]) => [
    { path: [key], schema: value },
    ...fieldsOf(value, depth + 1).map((f) => ({ ...f, path: [key, ...f.path] })),
  ]);
}

/** The body with the field at `path` replaced, its missing parents sampled from the schema. */
function withField(body: unknown, schema: Schema, path: (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const s = resolve(schema);
  const variant = (s.anyOf ?? s.oneOf)?.map(resolve).find((v) => v.type === 'object' || v.type === 'array');
  if (variant) return withField(body, variant, path, value);
  const [head, ...rest] = path;
  if (typeof head === 'number') {
    const items = Array.isArray(body) && body.length > 0 ? [...body] : [sample(s.items ?? {})];
    items[0] = withField(items[0], s.items ?? {}, rest, value);
    return items;
  }
  const child = s.properties?.[head!] ?? {};
  const object = body !== null && typeof body === 'object' ? { ...(body as object) } : {};
  const current = (object as Record<string, unknown>)[head!];
  (object as Record<string, unknown>)[head!] = withField(current ?? sample(child, head), child, rest, value);
  return object;
}

/** The well-formed request, then one per parameter or body field with each hostile value. */
function requestsOf(op: Operation, actor: string): Request[] {
  const path: Record<string, unknown> = {};
  const query: Record<string, unknown> = {};
  for (const p of op.parameters) {
    if (p.in === 'path') path[p.name] = idOf(op.path, p.name) ?? sample(p.schema, p.name);
    else if (p.required) query[p.name] = sample(p.schema, p.name);
  }
  const body = op.body ? sample(op.body) : undefined;
  const fields = op.body ? fieldsOf(op.body) : [];
  const requests: Request[] = [{ method: op.method, url: url(op, path, query), body, actor }];
  for (const value of HOSTILE) {
    for (const p of op.parameters) {
      // A query string or a path carries text: an object is tried as its JSON.
      if (p.in === 'path')
        requests.push({ method: op.method, url: url(op, { ...path, [p.name]: value }, query), body, actor });
      else
        requests.push({ method: op.method, url: url(op, path, { ...query, [p.name]: value }), body, actor });
    }
    for (const field of fields) {
      requests.push({
        method: op.method,
        url: url(op, path, query),
        body: withField(body, op.body!, field.path, value),
        actor,
      });
    }
  }
  if (op.body) {
    for (const value of [null, [], 'text', 42]) {
      requests.push({ method: op.method, url: url(op, path, query), body: value, actor });
    }
  }
  return requests;
}

/** Each path's own kind of record: `/bills/{id}` names a bill the fixtures hold. */
const ids: Record<string, number> = {};
function idOf(path: string, name: string): unknown {
  if (name !== 'id') return undefined;
  const collection = path.split('/').at(-2) === '{id}' ? path.split('/').at(-3)! : path.split('/').at(-2)!;
  return ids[collection] ?? 1;
}

/** The fields an upload may carry; each route reads the ones it knows. */
const UPLOAD_FIELDS: Record<string, string> = {
  pemda: '35.02',
  name: 'Kohort Uji',
  budget: '1000000',
  year: '2024',
  from: '2024-01',
  months: '3',
  dryRun: 'yes',
};

/** Multipart uploads with each field, and the file's name, given each hostile text. */
function uploadsOf(op: Operation, actor: string): Upload[] {
  const path = Object.fromEntries(
    op.parameters
      .filter((p) => p.in === 'path')
      .map((p) => [p.name, idOf(op.path, p.name) ?? sample(p.schema, p.name)]),
  );
  const target = url(op, path, {});
  const kind = op.path.includes('/payments/') ? 'bpjstk' : 'workers';
  const fields = { ...UPLOAD_FIELDS, kind };
  const texts = HOSTILE.filter((value): value is string => typeof value === 'string');
  return [
    { url: target, fields, fileName: 'berkas.csv', actor },
    ...texts.flatMap((text) => [
      ...Object.keys(fields).map((name) => ({
        url: target,
        fields: { ...fields, [name]: text },
        fileName: 'berkas.csv',
        actor,
      })),
      { url: target, fields, fileName: `${text}.csv`, actor },
    ]),
  ];
}

/** A file each upload route reads to the end, so that its fields are used, not refused first. */
function fileFor(target: string): string {
  if (target.includes('/payments/'))
    return `kpj,nik,periode,jumlah,tanggal_bayar\r\n,${WORKERS[0]},2024-02,16800,2024-02-10\r\n`;
  if (target.includes('/cohorts/')) return `nik,nama,kode_desa\r\n${WORKERS[2]},Pekerja 3,35.02.01.2001\r\n`;
  if (target.includes('/responses'))
    return `no_batch,ref_asuh,nik,kpj,status_kepesertaan,tanggal_mulai,alasan_ditolak\r\n1,1,${WORKERS[0]},,aktif,2024-01-01,\r\n`;
  return `nik,nama,tanggal_lahir,jenis_kelamin,pekerjaan,sektor,kode_desa,no_hp,desil\r\n${WORKERS[0]},Pekerja 1,1981-03-04,P,petani,,35.02.01.2001,,\r\n`;
}

interface Upload {
  url: string;
  fields: Record<string, string>;
  fileName: string;
  actor: string;
}

async function upload(u: Upload) {
  const form = new FormData();
  for (const [name, value] of Object.entries(u.fields)) form.append(name, value);
  form.append('file', new Blob([fileFor(u.url)]), u.fileName);
  const encoded = new Response(form);
  const response = await app.inject({
    method: 'POST',
    url: u.url,
    headers: {
      'content-type': encoded.headers.get('content-type')!,
      'accept-language': 'en',
      'x-test-actor': u.actor,
    },
    payload: Buffer.from(await encoded.arrayBuffer()),
  });
  return { status: response.statusCode, body: response.body.slice(0, 300) };
}

async function send(request: Request) {
  const response = await app.inject({
    method: request.method as 'GET',
    url: request.url,
    headers: {
      'accept-language': 'en',
      'x-test-actor': request.actor,
      ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(request.body === undefined ? {} : { payload: JSON.stringify(request.body) }),
  });
  return { status: response.statusCode, body: response.body.slice(0, 300) };
}

beforeAll(async () => {
  db = await openTestDatabase();
  await seedPemda(db, '35.02');
  await seedPemda(db, '33.24');
  const opd = await seedOpd(db, '35.02', 'Dinas Uji');
  await seedAsn(db, '35.02', opd, { nip: NIP, name: 'Budi Santoso' });
  await seedWorkers(
    db,
    '35.02',
    WORKERS.map((n, i) => ({ nik: n, name: `Pekerja ${i + 1}` })),
  );
  const csr = await seedCsrSponsor(db, '35.02', { key: 'csr-uji', name: 'CSR Uji' });
  const asnSponsor = await seedSponsor(db, { pemdaCode: '35.02', kind: 'asn', nip: NIP });
  const first = await seedSponsorship(db, {
    pemdaCode: '35.02',
    programmeId: csr.programmeId,
    sponsorId: csr.sponsorId,
    nik: WORKERS[0]!,
    firstMonth: '2024-01',
  });
  await seedSponsorship(db, {
    pemdaCode: '35.02',
    programmeId: csr.programmeId,
    sponsorId: asnSponsor,
    nik: WORKERS[1]!,
    firstMonth: '2024-01',
  });
  await billMonths(db, '35.02', ['2024-01', '2024-02', '2024-03']);
  await payWorkerMonths(db, '35.02', [{ nik: WORKERS[0]!, period: '2024-01', paidOn: '2024-01-10' }]);
  const contribution = await seedBilledMonth(db, first, '2023-12');
  actors.admin = await seedActor(db, { username: 'admin.3502', role: 'pemda_admin', pemdaCode: '35.02' });
  actors.national = await seedActor(db, { username: 'nasional', role: 'national' });
  actors.asn = await seedActor(db, { username: 'asn.3502', role: 'asn', pemdaCode: '35.02', nip: NIP });
  const one = async (sql: string) => Number((await db.query<{ id: number }>(sql))[0]?.id ?? 1);
  ids.sponsorships = first;
  ids.contributions = contribution;
  ids.programmes = csr.programmeId;
  ids.sponsors = csr.sponsorId;
  ids.cohorts = csr.programmeId;
  ids.bills = await one('SELECT min(id) AS id FROM bill');
  ids['billing-runs'] = await one('SELECT min(id) AS id FROM billing_run');
  app = await buildApp({
    db,
    webDir: null,
    actorOverride: (request) => actors[String(request.headers['x-test-actor'])] ?? null,
  });
  await app.ready();
}, 120_000);

afterAll(async () => {
  await app?.close();
  await db?.close();
});

const call = async (method: string, target: string, who: string, body?: unknown, language = 'en') => {
  const response = await app.inject({
    method: method as 'GET',
    url: `/api/v1${target}`,
    headers: {
      'accept-language': language,
      'x-test-actor': who,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
  });
  return { status: response.statusCode, error: response.json().error as { code: string; message: string } };
};

describe('bad input answered 400, naming what is wrong', () => {
  it('refuses a NUL or another control character in a query, a path or a JSON body', async () => {
    expect(await call('GET', '/workers?q=%00', 'national')).toEqual({
      status: 400,
      error: {
        code: 'CONTROL_CHARACTER',
        message: '"q" holds a control character (such as NUL), which is not allowed.',
      },
    });
    expect(await call('GET', '/pemda/%00/roi', 'national')).toMatchObject({
      status: 400,
      error: { code: 'CONTROL_CHARACTER' },
    });
    expect(await call('POST', '/pemda/35.02/opds', 'admin', { name: 'Dinas\u0000' }, 'id')).toEqual({
      status: 400,
      error: {
        code: 'CONTROL_CHARACTER',
        message: 'Isian "name" memuat karakter kendali (misalnya NUL) yang tidak diizinkan.',
      },
    });
    expect(await call('GET', '/audit?action=a%1Fb', 'national')).toMatchObject({ status: 400 });
  });

  it("refuses a NUL in an upload's field or file name, before anything is written", async () => {
    const jobs = async () => (await db.query<{ n: number }>('SELECT count(*) AS n FROM import_job'))[0]!.n;
    const before = await jobs();
    for (const [fields, fileName] of [
      [{ ...UPLOAD_FIELDS, kind: 'workers', pemda: '35.02\u0000' }, 'pekerja.csv'],
      [{ ...UPLOAD_FIELDS, kind: 'workers' }, 'pekerja\u0000.csv'],
    ] as const) {
      const response = await upload({ url: '/api/v1/imports', fields, fileName, actor: 'admin' });
      expect(response.status).toBe(400);
      expect(JSON.parse(response.body).error.code).toBe('CONTROL_CHARACTER');
    }
    expect(await jobs()).toBe(before);
  });

  it('refuses a count beyond what an integer column holds', async () => {
    const target = (workersToCover: number) =>
      call('PUT', '/pemda/35.02/targets/2026', 'admin', { workersToCover });
    expect(await target(9007199254740991)).toMatchObject({ status: 400, error: { code: 'VALIDATION' } });
    expect(await target(2147483648)).toMatchObject({ status: 400, error: { code: 'VALIDATION' } });
    expect((await target(2147483647)).status).toBe(200);
    const programme = await call('POST', '/pemda/35.02/programmes', 'admin', {
      key: 'csr-besar',
      name: 'CSR Besar',
      kind: 'csr',
      programmes: ['jkk', 'jkm'],
      declaredIncome: 1_000_000,
      targetWorkers: 2147483648,
    });
    expect(programme).toMatchObject({ status: 400, error: { code: 'VALIDATION' } });
  });

  it('refuses a month outside 2000-01 to 2100-12 wherever one is typed', async () => {
    for (const [method, target, body] of [
      ['POST', '/billing-runs', { period: '0000-01', pemda: '35.02' }],
      ['POST', '/billing-runs', { period: '9999-12', pemda: '35.02' }],
      ['GET', '/bills?period=0000-01'],
      ['GET', '/pemda/35.02/roi?from=0000-01'],
      ['GET', '/pemda/35.02/roi?to=9999-12'],
      ['POST', `/workers/${WORKERS[0]}/coverage-overrides`, { period: '2101-01', reason: 'uji' }],
    ] as const) {
      expect(await call(method, target, 'admin', body)).toMatchObject({
        status: 400,
        error: { code: 'VALIDATION' },
      });
    }
    expect((await call('GET', '/premium?from=1999-12', 'admin')).status).toBe(400);
  });

  it("bills from the first month the programmes pay for up to next month on the Pemda's clock", async () => {
    const next = addMonths(currentPeriod(new Date(), 'WIB'), 1);
    const run = (period: string, language = 'en') =>
      call('POST', '/billing-runs', 'admin', { period, pemda: '35.02' }, language);
    expect(await run(addMonths(next, 1))).toEqual({
      status: 400,
      error: {
        code: 'BILLING_PERIOD_TOO_LATE',
        message: `${addMonths(next, 1)} cannot be billed yet: ${next}, next month, is the latest.`,
      },
    });
    expect(await run('2023-06', 'id')).toEqual({
      status: 400,
      error: {
        code: 'BILLING_PERIOD_TOO_EARLY',
        message: 'Bulan 2023-06 tidak dapat ditagih: program Pemda baru berjalan sejak 2024-01.',
      },
    });
    expect((await run(next)).status).toBe(200);
    expect((await call('GET', `/workers/${WORKERS[0]}/coverage`, 'admin')).status).toBe(200);
  });

  it('answers 400, not 500, for a value the database itself refuses', async () => {
    const probe = await buildApp({ db, webDir: null });
    probe.get('/nul', () => db.query('SELECT $1::text AS text', ['a\u0000b']));
    probe.get('/int4', () => db.query('SELECT $1::int4 AS n', [2147483648]));
    for (const url of ['/nul', '/int4']) {
      const response = await probe.inject({ url, headers: { 'accept-language': 'en' } });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe('INVALID_VALUE');
    }
    await probe.close();
  });
});

describe('every route given hostile input', () => {
  it('answers 4xx, never 5xx, for each parameter, body field and upload field of every operation', async () => {
    const ops = operations(app.swagger() as never);
    expect(ops.length).toBeGreaterThan(90);
    const failures: string[] = [];
    // A 400 from the database's own refusal (errors.ts) means validation let the value through.
    const wrong = (response: { status: number; body: string }) =>
      response.status >= 500 || response.body.includes('"INVALID_VALUE"');
    for (const actor of ['admin', 'national', 'asn']) {
      for (const op of ops) {
        // Other callers differ by scope, which decides how far a value gets before it is refused.
        if (actor !== 'admin' && op.method !== 'GET') continue;
        if (actor === 'asn' && !op.path.includes('/me/')) continue;
        // A caller named by `actorOverride` has no session, hence no CSRF token to show.
        const as = op.path.endsWith('/auth/session') ? 'nobody' : actor;
        for (const request of requestsOf(op, as)) {
          const response = await send(request);
          if (wrong(response)) {
            failures.push(
              `${actor} ${request.method} ${request.url.slice(0, 120)} ${JSON.stringify(request.body)?.slice(0, 120)} → ${response.status} ${response.body}`,
            );
          }
        }
      }
    }
    for (const op of ops.filter((o) => o.method === 'POST' && !o.body && !o.path.includes('/auth/'))) {
      for (const u of uploadsOf(op, 'admin')) {
        const response = await upload(u);
        if (wrong(response)) {
          failures.push(
            `upload ${u.url} ${JSON.stringify(u.fields).slice(0, 150)} ${JSON.stringify(u.fileName).slice(0, 40)} → ${response.status} ${response.body}`,
          );
        }
      }
    }
    // What the writes accepted must not break a read: every read again, well-formed.
    for (const op of ops.filter((o) => o.method === 'GET')) {
      for (const actor of ['admin', 'national']) {
        const [request] = requestsOf(op, op.path.endsWith('/auth/session') ? 'nobody' : actor);
        const response = await send(request!);
        if (response.status >= 500)
          failures.push(`after: ${actor} GET ${request!.url} → ${response.status} ${response.body}`);
      }
    }
    expect(failures).toEqual([]);
  }, 180_000);
});
