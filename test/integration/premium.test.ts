import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { buildApp } from '../../src/server/app.ts';
import { runCli } from '../support/cli.ts';
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

const YEAR_2025 = Array.from({ length: 12 }, (_, i) => `2025-${String(i + 1).padStart(2, '0')}`);
const EXPECTED_YEAR =
  '{"scheme":"bpu","from":"2025-01","months":12,"total":201600,"monthly":16800,"components":{"jkk":10000,"jkm":6800},"perMonth":[' +
  YEAR_2025.map(
    (period) =>
      `{"period":"${period}","amount":16800,"components":{"jkk":10000,"jkm":6800},"schedule":"PP 44/2015","shares":{"employer":0,"worker":16800},"discounts":[]}`,
  ).join(',') +
  ']}';

const YEAR_ARGS = [
  'premium',
  '--scheme',
  'bpu',
  '--income',
  '1000000',
  '--from',
  '2025-01',
  '--months',
  '12',
];

describe('asuh premium', () => {
  it('prints the year of the lowest BPU bracket as JSON', async () => {
    const run = await runCli([...YEAR_ARGS, '--json'], db);
    expect(run).toEqual({ code: 0, stdout: `${EXPECTED_YEAR}\n`, stderr: '' });
  });

  it('prints a readable table with rupiah as Indonesians write them', async () => {
    const run = await runCli(YEAR_ARGS, db);
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^Bulan\s+JKK\s+JKM\s+Jumlah\s+Dasar$/);
    expect(lines[1]).toMatch(/^2025-01\s+Rp 10\.000\s+Rp 6\.800\s+Rp 16\.800\s+PP 44\/2015$/);
    expect(lines.at(-1)).toBe(
      'Total BPU, 12 bulan: Rp 201.600  (pemberi kerja Rp 0, pekerja/peserta Rp 201.600)',
    );
    const english = await runCli(YEAR_ARGS, db, { ASUH_LANG: 'en' });
    expect(english.stdout).toContain('Total BPU, 12 months: Rp 201.600');
  });

  it('shows a discount and who pays for PU', async () => {
    const run = await runCli(
      [
        'premium',
        '--scheme',
        'pu',
        '--wage',
        '3.282.000',
        '--risk',
        'very-low',
        '--programmes',
        'jkk,jkm',
        '--from',
        '2023-06',
        '--json',
      ],
      db,
    );
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      total: 17_723,
      components: { jkk: 7_877, jkm: 9_846 },
      perMonth: [{ shares: { employer: 17_723, worker: 0 } }],
    });
    const discounted = await runCli(
      ['premium', '--income', '1000000', '--from', '2026-01', '--sector', 'transport', '--jht', '--json'],
      db,
    );
    expect(JSON.parse(discounted.stdout)).toMatchObject({
      monthly: 28_400,
      components: { jkk: 5_000, jkm: 3_400, jht: 20_000 },
      perMonth: [{ schedule: 'PP 44/2015 + PP 46/2015 + PP 50/2025 (-50% JKK, JKM)' }],
    });
  });

  it('defaults to one month from the current month in WIB', async () => {
    // 18:00 UTC on 31 January is already 1 February in WIB.
    const run = await runCli(
      ['premium', '--income', '1000000', '--json'],
      db,
      {},
      {
        now: () => new Date('2025-01-31T18:00:00Z'),
      },
    );
    expect(JSON.parse(run.stdout)).toMatchObject({ from: '2025-02', months: 1, total: 16_800 });
  });

  it.each([
    [
      ['--income', '1500000'],
      'Penghasilan Rp 1.500.000 tidak ada dalam daftar penghasilan BPU',
      'Nearest: Rp 1.000.000 below and Rp 20.700.000 above',
      'INCOME_NOT_A_BRACKET',
    ],
    [['--income', '-5'], 'harus lebih dari 0', 'Income must be more than 0', 'AMOUNT_NOT_POSITIVE'],
    [['--income', 'abc'], 'bukan angka rupiah', 'is not a rupiah amount', 'INVALID_AMOUNT'],
    [
      ['--scheme', 'pu', '--wage', '3282000', '--risk', 'extreme'],
      'Kelas risiko "extreme" tidak dikenal',
      'Unknown risk class "extreme"',
      'UNKNOWN_RISK_CLASS',
    ],
    [
      ['--income', '1000000', '--from', '2025-13'],
      'Bulan "2025-13" tidak sah',
      'Month "2025-13" is not valid',
      'INVALID_PERIOD',
    ],
    [
      ['--income', '1000000', '--funding', 'bank'],
      'Sumber dana "bank" tidak dikenal',
      'Unknown funding source "bank"',
      'UNKNOWN_FUNDING',
    ],
    [
      ['--scheme', 'bpjs', '--income', '1000000'],
      'Skema "bpjs" tidak dikenal',
      'Unknown scheme "bpjs"',
      'UNKNOWN_SCHEME',
    ],
    [['--months', '12'], 'sebutkan penghasilan', 'give the declared income', 'MISSING_INCOME'],
  ])('refuses %o with exit code 2', async (args, indonesian, english, code) => {
    const run = await runCli(['premium', ...args], db);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(indonesian);
    expect(run.stderr).toContain(`[${code}]`);
    const inEnglish = await runCli(['premium', ...args], db, { ASUH_LANG: 'en' });
    expect(inEnglish.code).toBe(2);
    expect(inEnglish.stderr).toContain(english);
  });
});

describe('GET /api/v1/premium', () => {
  it('answers exactly what the CLI prints', async () => {
    const response = await app.inject({
      url: '/api/v1/premium?scheme=bpu&income=1000000&from=2025-01&months=12',
    });
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe(EXPECTED_YEAR);
  });

  it('takes every option the CLI takes', async () => {
    const response = await app.inject({
      url: '/api/v1/premium?scheme=pu&wage=20.000.000&risk=low&programmes=jp&from=2024-06&funding=apbd',
    });
    expect(response.json()).toMatchObject({
      total: 301_269,
      perMonth: [{ jpWage: 10_042_300, shares: { employer: 200_846, worker: 100_423 } }],
    });
    const withJht = await app.inject({
      url: '/api/v1/premium?income=1000000&from=2026-06&jht=true&funding=apbd',
    });
    expect(withJht.json()).toMatchObject({ total: 36_800, perMonth: [{ discounts: [] }] });
    const cli = await runCli(
      [
        'premium',
        '--income',
        '1000000',
        '--from',
        '2026-06',
        '--months',
        '2',
        '--sector',
        'transport',
        '--json',
      ],
      db,
    );
    const http = await app.inject({
      url: '/api/v1/premium?income=1000000&from=2026-06&months=2&sector=transport',
    });
    expect(http.body).toBe(cli.stdout.trimEnd());
  });

  it('answers 400 in Bahasa Indonesia by default and in English on request', async () => {
    const url = '/api/v1/premium?income=1500000&from=2025-01';
    const indonesian = await app.inject({ url });
    expect(indonesian.statusCode).toBe(400);
    expect(indonesian.json()).toEqual({
      error: {
        code: 'INCOME_NOT_A_BRACKET',
        message: expect.stringContaining(
          'Terdekat: Rp 1.000.000 (di bawahnya) dan Rp 20.700.000 (di atasnya)',
        ),
      },
    });
    const english = await app.inject({ url, headers: { 'accept-language': 'en' } });
    expect(english.statusCode).toBe(400);
    expect(english.json().error.message).toContain('Nearest: Rp 1.000.000 below and Rp 20.700.000 above');
    const cli = await runCli(['premium', '--income', '1500000', '--from', '2025-01'], db);
    expect(cli.stderr).toBe(`${indonesian.json().error.message} [INCOME_NOT_A_BRACKET]\n`);
  });

  it.each([
    ['income=-5', 'AMOUNT_NOT_POSITIVE'],
    ['income=abc', 'INVALID_AMOUNT'],
    ['scheme=pu&wage=3282000&risk=extreme', 'UNKNOWN_RISK_CLASS'],
    ['income=1000000&from=2025-13', 'INVALID_PERIOD'],
    ['income=1000000&funding=bank', 'UNKNOWN_FUNDING'],
    ['income=1000000&jht=yes', 'INVALID_FLAG'],
    ['scheme=bpjs&income=1000000', 'UNKNOWN_SCHEME'],
    ['scheme=pu&wage=3282000&risk=low&from=2021-01', 'JP_CAP_MISSING'],
    ['income=1000000&months=121', 'INVALID_MONTHS'],
  ])('answers 400 for %s', async (query, code) => {
    const response = await app.inject({ url: `/api/v1/premium?${query}` });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe(code);
  });
});

describe('GET /api/v1/premium/brackets', () => {
  it('lists the values a calculator may offer for a month', async () => {
    const response = await app.inject({ url: '/api/v1/premium/brackets?period=2026-06' });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({
      period: '2026-06',
      brackets: [1_000_000, 20_700_000],
      fundingSources: ['apbd', 'apbn', 'asn', 'csr', 'individual'],
      sectors: ['transport', 'labour-intensive'],
      jpWageCap: 11_086_300,
    });
    expect(body.riskClasses[0]).toEqual({
      id: 'very-low',
      rateBasisPoints: 24,
      label: { id: 'tingkat risiko sangat rendah', en: 'very low risk' },
    });
    expect(body.discounts).toMatchObject([
      { id: 'pp-50-2025-transport', onlySectors: ['transport'], excludedFunding: ['apbn', 'apbd'] },
      {
        id: 'pp-50-2025',
        exceptSectors: ['transport'],
        percentOff: 50,
        effectiveFrom: '2026-04',
        effectiveTo: '2026-12',
      },
    ]);
  });

  it('defaults to the current month', async () => {
    const response = await app.inject({ url: '/api/v1/premium/brackets' });
    expect(response.statusCode).toBe(200);
    expect(response.json().period).toMatch(/^\d{4}-\d{2}$/);
  });

  it('refuses a month before the first schedule', async () => {
    const response = await app.inject({
      url: '/api/v1/premium/brackets?period=2015-06',
      headers: { 'accept-language': 'en' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toEqual({
      code: 'NO_SCHEDULE_FOR_PERIOD',
      message: expect.stringContaining('apply from 2015-07'),
    });
  });

  it('is described in the OpenAPI document', async () => {
    const document = (await app.inject({ url: '/api/v1/openapi.json' })).json();
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/api/v1/premium', '/api/v1/premium/brackets']),
    );
    expect(document.components.schemas).toHaveProperty('PremiumQuote');
  });
});
