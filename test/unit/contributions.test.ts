import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ContributionError,
  type ContributionInput,
  contributionOptionsAt,
  MAX_MONTHS,
  type MonthPrice,
  parsePremiumQuery,
  priceMonth,
  priceMonths,
  type RawPremiumQuery,
} from '../../src/core/contributions/engine.ts';
import {
  CONTRIBUTION_RULES,
  type ContributionRules,
  FUNDING_SOURCES,
  PROGRAMMES,
  RISK_CLASSES,
  SECTORS,
} from '../../src/core/contributions/schedules.ts';
import type { Problem } from '../../src/core/message.ts';
import { addMonths, type Period, periodFromIndex, periodIndex } from '../../src/core/period.ts';

const LOWEST = 1_000_000;
const bpu = (period: Period, extra: Partial<ContributionInput> = {}) =>
  priceMonth({ scheme: 'bpu', income: LOWEST, period, ...extra });

function problemOf(run: () => unknown): Problem {
  try {
    run();
  } catch (error) {
    if (error instanceof ContributionError) return error.problem;
    throw error;
  }
  throw new Error('expected a ContributionError');
}

function parseProblem(raw: RawPremiumQuery): Problem {
  const parsed = parsePremiumQuery(raw, '2025-01');
  if (parsed.ok) throw new Error(`expected a problem for ${JSON.stringify(raw)}`);
  return parsed.problem;
}

/** Parses and prices as the edges do, so month-dependent rules surface too. */
function quoteProblem(raw: RawPremiumQuery): Problem {
  const parsed = parsePremiumQuery(raw, '2025-01');
  if (!parsed.ok) return parsed.problem;
  const { input, from, months } = parsed.value;
  return problemOf(() => priceMonths(input, from, months));
}

describe('the figures of domain-rules §1–§2', () => {
  it('prices the lowest BPU bracket for a year from 2025-01 at Rp 201,600', () => {
    const quote = priceMonths({ scheme: 'bpu', income: LOWEST }, '2025-01', 12);
    expect(quote).toMatchObject({
      scheme: 'bpu',
      from: '2025-01',
      months: 12,
      total: 201_600,
      monthly: 16_800,
      components: { jkk: 10_000, jkm: 6_800 },
    });
    expect(quote.perMonth.map((month) => month.period)).toEqual([
      '2025-01',
      '2025-02',
      '2025-03',
      '2025-04',
      '2025-05',
      '2025-06',
      '2025-07',
      '2025-08',
      '2025-09',
      '2025-10',
      '2025-11',
      '2025-12',
    ]);
    expect(quote.perMonth[0]).toEqual({
      period: '2025-01',
      amount: 16_800,
      components: { jkk: 10_000, jkm: 6_800 },
      schedule: 'PP 44/2015',
      shares: { employer: 0, worker: 16_800 },
      discounts: [],
    });
  });

  it('adds JHT at 2% for Rp 36,800 a month', () => {
    expect(bpu('2025-01', { programmes: ['jkk', 'jkm', 'jht'] })).toMatchObject({
      amount: 36_800,
      components: { jkk: 10_000, jkm: 6_800, jht: 20_000 },
      schedule: 'PP 44/2015 + PP 46/2015',
    });
  });

  it('prices the highest bracket held: JKK Rp 207,000', () => {
    expect(priceMonth({ scheme: 'bpu', income: 20_700_000, period: '2025-01' }).components).toEqual({
      jkk: 207_000,
      jkm: 6_800,
    });
  });

  it('charged Rp 168 under PP 49/2020 and names the discount', () => {
    const month = bpu('2020-08');
    expect(month).toMatchObject({ amount: 168, components: { jkk: 100, jkm: 68 } });
    expect(month.schedule).toBe('PP 44/2015 + PP 49/2020 (-99% JKK, JKM)');
    expect(month.discounts).toEqual([
      {
        id: 'pp-49-2020',
        label: 'PP 49/2020',
        legalBasis: expect.stringContaining('PP 49/2020'),
        programmes: ['jkk', 'jkm'],
        percentOff: 99,
        reduction: 16_632,
      },
    ]);
  });

  it.each([
    ['individual', 8_400],
    ['asn', 8_400],
    ['csr', 8_400],
    ['apbd', 16_800],
    ['apbn', 16_800],
  ] as const)('prices June 2026 paid by %s at %i (PP 50/2025 excludes budgets)', (funding, amount) => {
    const month = bpu('2026-06', { funding });
    expect(month.amount).toBe(amount);
    expect(month.discounts.map((discount) => discount.id)).toEqual(amount === 8_400 ? ['pp-50-2025'] : []);
  });

  it('gives the transport sector its earlier PP 50/2025 months', () => {
    expect(bpu('2026-01', { sector: 'transport' })).toMatchObject({
      amount: 8_400,
      schedule: 'PP 44/2015 + PP 50/2025 (-50% JKK, JKM)',
    });
    expect(bpu('2026-01').amount).toBe(16_800);
    expect(bpu('2026-01', { sector: 'labour-intensive' }).amount).toBe(16_800);
  });

  it('prices Kota Sorong: JKK 0.24% + JKM 0.30% of Rp 3,282,000 = Rp 17,723, all on the employer', () => {
    const month = priceMonth({
      scheme: 'pu',
      wage: 3_282_000,
      riskClass: 'very-low',
      programmes: ['jkk', 'jkm'],
      period: '2023-06',
    });
    expect(month).toMatchObject({
      amount: 17_723,
      components: { jkk: 7_877, jkm: 9_846 },
      shares: { employer: 17_723, worker: 0 },
    });
  });

  it('computes JP on the wage up to the cap in force: Rp 20,000,000 in 2024-06 → Rp 10,042,300', () => {
    const month = priceMonth({ scheme: 'pu', wage: 20_000_000, riskClass: 'low', period: '2024-06' });
    expect(month.jpWage).toBe(10_042_300);
    expect(month.components).toEqual({ jkk: 108_000, jkm: 60_000, jht: 1_140_000, jp: 200_846 + 100_423 });
    expect(month.shares).toEqual({
      employer: 108_000 + 60_000 + 740_000 + 200_846,
      worker: 400_000 + 100_423,
    });
    expect(month.schedule).toBe('PP 44/2015 + PP 46/2015 + PP 45/2015');
  });

  it('rounds each share half-up to a whole rupiah', () => {
    // 0.54% of 1,234,567 = 6,666.66 → 6,667; JHT worker 2% = 24,691.34 → 24,691; employer 3.7% = 45,678.98 → 45,679
    const month = priceMonth({
      scheme: 'pu',
      wage: 1_234_567,
      riskClass: 'low',
      programmes: ['jkk', 'jht'],
      period: '2025-01',
    });
    expect(month.components).toEqual({ jkk: 6_667, jht: 45_679 + 24_691 });
    // 0.3% of 1,500 = 4.5 → 5: a half rounds up
    expect(
      priceMonth({ scheme: 'pu', wage: 1_500, programmes: ['jkm'], period: '2025-01' }).components.jkm,
    ).toBe(5);
  });

  it('prices PU under PP 49/2020 at 1% of JKK and JKM', () => {
    const month = priceMonth({
      scheme: 'pu',
      wage: 3_282_000,
      riskClass: 'very-low',
      programmes: ['jkk', 'jkm'],
      period: '2020-08',
    });
    expect(month.components).toEqual({ jkk: 79, jkm: 98 });
  });
});

describe('schedule boundaries', () => {
  it('holds no rules before 2015-07', () => {
    expect(problemOf(() => bpu('2015-06')).code).toBe('NO_SCHEDULE_FOR_PERIOD');
    expect(
      problemOf(() => priceMonth({ scheme: 'pu', wage: 1_000_000, riskClass: 'low', period: '2015-06' }))
        .code,
    ).toBe('NO_SCHEDULE_FOR_PERIOD');
    expect(bpu('2015-07').amount).toBe(16_800);
  });

  it.each([
    ['2020-07', 16_800],
    ['2020-08', 168],
    ['2021-01', 168],
    ['2021-02', 16_800],
  ] as const)('PP 49/2020: %s → %i', (period, amount) => {
    expect(bpu(period).amount).toBe(amount);
  });

  it.each([
    ['2025-12', 16_800, 16_800],
    ['2026-01', 8_400, 16_800],
    ['2026-03', 8_400, 16_800],
    ['2026-04', 8_400, 8_400],
    ['2026-12', 8_400, 8_400],
    ['2027-01', 8_400, 16_800],
    ['2027-03', 8_400, 16_800],
    ['2027-04', 16_800, 16_800],
  ] as const)('PP 50/2025: %s → transport %i, other %i', (period, transport, other) => {
    expect(bpu(period, { sector: 'transport' }).amount).toBe(transport);
    expect(bpu(period).amount).toBe(other);
    expect(bpu(period, { sector: 'transport', funding: 'apbd' }).amount).toBe(16_800);
  });

  it('never applies both PP 50/2025 entries to one transport month', () => {
    expect(bpu('2026-06', { sector: 'transport' }).discounts.map((discount) => discount.id)).toEqual([
      'pp-50-2025-transport',
    ]);
  });

  it.each([
    ['2025-01', 12_000],
    ['2025-02', 6_000],
    ['2026-01', 6_000],
    ['2026-02', 12_000],
  ] as const)('PP 7/2025: labour-intensive JKK in %s → %i', (period, jkk) => {
    const input = {
      scheme: 'pu',
      wage: 5_000_000,
      riskClass: 'very-low',
      programmes: ['jkk', 'jkm'],
      period,
    } as const;
    expect(priceMonth({ ...input, sector: 'labour-intensive' }).components).toEqual({ jkk, jkm: 15_000 });
    expect(priceMonth(input).components).toEqual({ jkk: 12_000, jkm: 15_000 });
  });

  it('states PP 7/2025 in the month it applies', () => {
    const month = priceMonth({
      scheme: 'pu',
      wage: 5_000_000,
      riskClass: 'very-low',
      period: '2025-06',
      sector: 'labour-intensive',
    });
    expect(month.schedule).toBe('PP 44/2015 + PP 46/2015 + PP 45/2015 + PP 7/2025 (-50% JKK)');
    expect(month.discounts).toMatchObject([{ id: 'pp-7-2025', programmes: ['jkk'], reduction: 6_000 }]);
  });

  it('does not give the PU labour-intensive discount to BPU', () => {
    expect(bpu('2025-06', { sector: 'labour-intensive' }).amount).toBe(16_800);
  });

  it.each([
    ['2022-03', 9_077_600],
    ['2023-02', 9_077_600],
    ['2023-03', 9_559_600],
    ['2024-02', 9_559_600],
    ['2024-03', 10_042_300],
    ['2025-02', 10_042_300],
    ['2025-03', 10_547_400],
    ['2026-02', 10_547_400],
    ['2026-03', 11_086_300],
    ['2031-07', 11_086_300],
  ] as const)('JP wage cap in %s is %i', (period, cap) => {
    const month = priceMonth({ scheme: 'pu', wage: 50_000_000, programmes: ['jp'], period });
    expect(month.jpWage).toBe(cap);
    expect(month.components.jp).toBe(Math.round((cap * 3) / 100));
  });

  it('uses the whole wage for JP below the cap', () => {
    expect(
      priceMonth({ scheme: 'pu', wage: 5_000_000, programmes: ['jp'], period: '2024-06' }),
    ).toMatchObject({
      jpWage: 5_000_000,
      components: { jp: 150_000 },
      shares: { employer: 100_000, worker: 50_000 },
    });
  });

  it('refuses JP for a month with no cap held, and prices the rest', () => {
    const problem = problemOf(() =>
      priceMonth({ scheme: 'pu', wage: 5_000_000, riskClass: 'low', period: '2022-02' }),
    );
    expect(problem.code).toBe('JP_CAP_MISSING');
    expect(problem.message.en).toContain('2022-03');
    expect(
      priceMonth({
        scheme: 'pu',
        wage: 5_000_000,
        riskClass: 'low',
        programmes: ['jkk', 'jkm', 'jht'],
        period: '2022-02',
      }).amount,
    ).toBe(27_000 + 15_000 + 285_000);
  });

  it('refuses a range that reaches back past the first JP cap', () => {
    expect(
      problemOf(() => priceMonths({ scheme: 'pu', wage: 5_000_000, programmes: ['jp'] }, '2022-01', 6)).code,
    ).toBe('JP_CAP_MISSING');
  });

  it('prices a range across a schedule change month by month', () => {
    const quote = priceMonths({ scheme: 'bpu', income: LOWEST }, '2026-02', 4);
    expect(quote.perMonth.map((month) => month.amount)).toEqual([16_800, 16_800, 8_400, 8_400]);
    expect(quote).toMatchObject({ total: 50_400, monthly: 16_800 });
  });
});

describe('errors', () => {
  it('names the nearest brackets, in both languages, for an income not in the list', () => {
    const problem = quoteProblem({ income: '1500000' });
    expect(problem.code).toBe('INCOME_NOT_A_BRACKET');
    expect(problem.message.id).toContain('Rp 1.000.000 (di bawahnya) dan Rp 20.700.000 (di atasnya)');
    expect(problem.message.en).toContain('Nearest: Rp 1.000.000 below and Rp 20.700.000 above');
    expect(problem.message.en).toContain('only these values are accepted: Rp 1.000.000, Rp 20.700.000');
  });

  it('names only the bracket that exists on one side', () => {
    expect(quoteProblem({ income: '500000' }).message.en).toContain('Nearest: Rp 1.000.000 above.');
    expect(quoteProblem({ income: '30000000' }).message.en).toContain('Nearest: Rp 20.700.000 below.');
  });

  it.each([
    [{ income: '-5' }, 'AMOUNT_NOT_POSITIVE'],
    [{ income: '0' }, 'AMOUNT_NOT_POSITIVE'],
    [{ income: 'abc' }, 'INVALID_AMOUNT'],
    [{ income: '1000000.5' }, 'INVALID_AMOUNT'],
    [{ income: '1,000,000' }, 'INVALID_AMOUNT'],
    [{ income: '1.0000.000' }, 'INVALID_AMOUNT'],
    [{ income: '99999999999999999' }, 'INVALID_AMOUNT'],
    [{ scheme: 'pu', wage: '-3282000', risk: 'low' }, 'AMOUNT_NOT_POSITIVE'],
    [{ scheme: 'pu', wage: '3282000', risk: 'extreme' }, 'UNKNOWN_RISK_CLASS'],
    [{ scheme: 'pu', wage: '3282000', risk: 'low', programmes: 'jkk,jkp' }, 'UNKNOWN_PROGRAMME'],
    [{ scheme: 'pu', wage: '3282000', risk: 'low', programmes: ',' }, 'NO_PROGRAMMES'],
    [{ scheme: 'pu', wage: '3282000', risk: 'low', jht: true }, 'OPTION_NOT_FOR_SCHEME'],
    [{ scheme: 'pu', income: '1000000', wage: '3282000', risk: 'low' }, 'OPTION_NOT_FOR_SCHEME'],
    [{ income: '1000000', wage: '3282000' }, 'OPTION_NOT_FOR_SCHEME'],
    [{ income: '1000000', risk: 'low' }, 'OPTION_NOT_FOR_SCHEME'],
    [{ income: '1000000', programmes: 'jkk,jkm,jp' }, 'PROGRAMME_NOT_IN_SCHEME'],
    [{ income: '1000000', programmes: 'jht' }, 'REQUIRED_PROGRAMME_MISSING'],
    [{ income: '1000000', jht: 'maybe' }, 'INVALID_FLAG'],
    [{ income: '1000000', months: '0' }, 'INVALID_MONTHS'],
    [{ income: '1000000', months: String(MAX_MONTHS + 1) }, 'INVALID_MONTHS'],
    [{ income: '1000000', months: '-1' }, 'INVALID_MONTHS'],
    [{ income: '1000000', months: 'twelve' }, 'INVALID_MONTHS'],
    [{ income: '1000000', from: '2025-13' }, 'INVALID_PERIOD'],
    [{ income: '1000000', from: '2025-1' }, 'INVALID_PERIOD'],
    [{ income: '1000000', from: '2015-06' }, 'NO_SCHEDULE_FOR_PERIOD'],
    [{ income: '1000000', funding: 'bank' }, 'UNKNOWN_FUNDING'],
    [{ income: '1000000', sector: 'farming' }, 'UNKNOWN_SECTOR'],
    [{ scheme: 'bpjs', income: '1000000' }, 'UNKNOWN_SCHEME'],
    [{ scheme: 'bpjs', income: 'abc' }, 'UNKNOWN_SCHEME'],
    [{}, 'MISSING_INCOME'],
    [{ scheme: 'pu' }, 'MISSING_WAGE'],
    [{ scheme: 'pu', wage: '3282000' }, 'MISSING_RISK_CLASS'],
    [{ scheme: 'pu', wage: '3282000', risk: 'low', from: '2021-06' }, 'JP_CAP_MISSING'],
  ] as [RawPremiumQuery, string][])('%o → %s', (raw, code) => {
    const problem = quoteProblem(raw);
    expect(problem.code).toBe(code);
    expect(problem.message.id).not.toBe('');
    expect(problem.message.en).not.toBe('');
    expect(problem.message.id).not.toBe(problem.message.en);
  });

  it('reports a bad amount before reading any schedule', () => {
    expect(parseProblem({ income: 'abc', from: '2010-01' }).code).toBe('INVALID_AMOUNT');
  });

  it('checks typed input as strictly as raw input', () => {
    expect(problemOf(() => priceMonths({ scheme: 'bpu', income: LOWEST }, '2025-01', 0)).code).toBe(
      'INVALID_MONTHS',
    );
    expect(problemOf(() => priceMonths({ scheme: 'bpu', income: LOWEST }, '2025-13' as Period, 1)).code).toBe(
      'INVALID_PERIOD',
    );
    expect(problemOf(() => bpu('2025-01', { income: 1_000_000.5 })).code).toBe('INVALID_AMOUNT');
    expect(problemOf(() => bpu('2025-01', { income: -1 })).code).toBe('AMOUNT_NOT_POSITIVE');
    expect(problemOf(() => bpu('2025-01', { programmes: [] })).code).toBe('NO_PROGRAMMES');
  });
});

describe('parsing raw options', () => {
  it('fills the defaults: BPU, one month from the given month, paid by the individual', () => {
    expect(parsePremiumQuery({ income: '1.000.000' }, '2025-05')).toEqual({
      ok: true,
      value: {
        input: { scheme: 'bpu', income: 1_000_000, funding: 'individual' },
        from: '2025-05',
        months: 1,
      },
    });
  });

  it('reads the PU options and normalises case and spaces', () => {
    expect(
      parsePremiumQuery(
        {
          scheme: 'PU',
          wage: ' 3.282.000 ',
          risk: 'Very-Low',
          programmes: 'JKK, jkm',
          funding: 'APBD',
          from: '2023-06',
          months: '12',
        },
        '2025-01',
      ),
    ).toEqual({
      ok: true,
      value: {
        input: {
          scheme: 'pu',
          wage: 3_282_000,
          riskClass: 'very-low',
          programmes: ['jkk', 'jkm'],
          funding: 'apbd',
        },
        from: '2023-06',
        months: 12,
      },
    });
  });

  it.each([true, 'true', 'TRUE'])('adds JHT for BPU when jht is %o', (jht) => {
    const parsed = parsePremiumQuery({ income: '1000000', jht, sector: 'transport' }, '2025-01');
    expect(parsed.ok && parsed.value.input.programmes).toEqual(['jkk', 'jkm', 'jht']);
  });

  it('leaves JHT out when jht is false', () => {
    const parsed = parsePremiumQuery({ income: '1000000', jht: 'false' }, '2025-01');
    expect(parsed.ok && parsed.value.input.programmes).toBeUndefined();
  });
});

describe('calculator options', () => {
  it('lists what is in force in June 2026', () => {
    const options = contributionOptionsAt('2026-06');
    expect(options).toMatchObject({
      period: '2026-06',
      brackets: [1_000_000, 20_700_000],
      fundingSources: [...FUNDING_SOURCES],
      sectors: [...SECTORS],
      jpWageCap: 11_086_300,
    });
    expect(options.riskClasses.map(({ id, rateBasisPoints }) => [id, rateBasisPoints])).toEqual([
      ['very-low', 24],
      ['low', 54],
      ['medium', 89],
      ['high', 127],
      ['very-high', 174],
    ]);
    expect(options.discounts.map((discount) => discount.id)).toEqual(['pp-50-2025-transport', 'pp-50-2025']);
  });

  it('has no JP cap before March 2022', () => {
    expect(contributionOptionsAt('2021-01')).toMatchObject({ jpWageCap: null });
    expect(contributionOptionsAt('2021-01').discounts.map((discount) => discount.id)).toEqual(['pp-49-2020']);
  });

  it('refuses a month before the first schedule', () => {
    expect(problemOf(() => contributionOptionsAt('2015-06')).code).toBe('NO_SCHEDULE_FOR_PERIOD');
  });
});

describe('rules are data', () => {
  it('prices a new regulation added as a schedule entry without a code change', () => {
    const rules: ContributionRules = {
      ...CONTRIBUTION_RULES,
      discounts: [
        ...CONTRIBUTION_RULES.discounts,
        {
          id: 'test-2030',
          label: 'PP 1/2030',
          effectiveFrom: '2030-01',
          effectiveTo: '2030-01',
          legalBasis: 'a regulation that does not exist',
          schemes: ['bpu'],
          programmes: ['jkm'],
          percentOff: 10,
        },
      ],
      bpuIncomeBrackets: [
        { ...CONTRIBUTION_RULES.bpuIncomeBrackets[0]!, effectiveTo: '2029-12' },
        {
          id: 'test',
          effectiveFrom: '2030-01',
          legalBasis: 'a list that does not exist',
          incomes: [1_500_000],
          sources: [],
        },
      ],
    };
    expect(priceMonth({ scheme: 'bpu', income: 1_500_000, period: '2030-01' }, rules)).toMatchObject({
      amount: 15_000 + 6_120,
      schedule: 'PP 44/2015 + PP 1/2030 (-10% JKM)',
    });
    const problem = problemOf(() =>
      priceMonth({ scheme: 'bpu', income: 1_000_000, period: '2030-01' }, rules),
    );
    expect(problem.message.en).toContain('Valid values: Rp 1.500.000.');
  });
});

const FIRST = periodIndex('2015-07');
const FIRST_JP = periodIndex('2022-03');
const periodFrom = (first: number) =>
  fc.integer({ min: first, max: periodIndex('2035-12') }).map((index) => periodFromIndex(index));

const bpuInput = fc.record({
  input: fc.record(
    {
      scheme: fc.constant('bpu' as const),
      income: fc.constantFrom(...(CONTRIBUTION_RULES.bpuIncomeBrackets[0]?.incomes ?? [])),
      programmes: fc.constantFrom(['jkk', 'jkm'] as const, ['jkk', 'jkm', 'jht'] as const),
      funding: fc.constantFrom(...FUNDING_SOURCES),
      sector: fc.constantFrom(...SECTORS),
    },
    { requiredKeys: ['scheme', 'income'] },
  ),
  from: periodFrom(FIRST),
});

const puInput = fc
  .record({
    input: fc.record(
      {
        scheme: fc.constant('pu' as const),
        wage: fc.integer({ min: 1, max: 1_000_000_000 }),
        riskClass: fc.constantFrom(...RISK_CLASSES),
        programmes: fc.subarray([...PROGRAMMES], { minLength: 1 }),
        funding: fc.constantFrom(...FUNDING_SOURCES),
        sector: fc.constantFrom(...SECTORS),
      },
      { requiredKeys: ['scheme', 'wage', 'riskClass'] },
    ),
    from: periodFrom(FIRST),
  })
  .map(({ input, from }) => {
    const jp = input.programmes === undefined || input.programmes.includes('jp');
    const index = Math.max(periodIndex(from), jp ? FIRST_JP : FIRST);
    return { input: input as ContributionInput, from: periodFromIndex(index) };
  });

const anyInput = fc.oneof(bpuInput, puInput) as fc.Arbitrary<{ input: ContributionInput; from: Period }>;

const isRupiah = (value: unknown) => Number.isSafeInteger(value) && (value as number) >= 0;

function monthIsConsistent(month: MonthPrice): void {
  const components = Object.values(month.components);
  for (const value of [month.amount, month.shares.employer, month.shares.worker, ...components]) {
    expect(isRupiah(value)).toBe(true);
  }
  expect(components.reduce((sum, value) => sum + value, 0)).toBe(month.amount);
  expect(month.shares.employer + month.shares.worker).toBe(month.amount);
}

describe('properties', () => {
  it('prices every month in whole, non-negative rupiah that add up', () => {
    fc.assert(
      fc.property(anyInput, fc.integer({ min: 1, max: 24 }), ({ input, from }, months) => {
        const quote = priceMonths(input, from, months);
        expect(quote.perMonth).toHaveLength(months);
        for (const month of quote.perMonth) monthIsConsistent(month);
        expect(isRupiah(quote.total)).toBe(true);
        expect(quote.total).toBe(quote.perMonth.reduce((sum, month) => sum + month.amount, 0));
        expect(quote.monthly).toBe(quote.perMonth[0]?.amount);
        expect(quote.components).toEqual(quote.perMonth[0]?.components);
      }),
    );
  });

  it('prices a range as the concatenation of any two sub-ranges', () => {
    fc.assert(
      fc.property(
        anyInput,
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 30 }),
        ({ input, from }, first, second) => {
          const whole = priceMonths(input, from, first + second);
          const head = priceMonths(input, from, first);
          const tail = priceMonths(input, addMonths(from, first), second);
          expect(whole.perMonth).toEqual([...head.perMonth, ...tail.perMonth]);
          expect(whole.total).toBe(head.total + tail.total);
        },
      ),
    );
  });

  it('never lets a discount raise an amount, and accounts for every rupiah it takes off', () => {
    const undiscounted: ContributionRules = { ...CONTRIBUTION_RULES, discounts: [] };
    fc.assert(
      fc.property(anyInput, ({ input, from }) => {
        const month = priceMonth({ ...input, period: from });
        const full = priceMonth({ ...input, period: from }, undiscounted);
        expect(month.amount).toBeLessThanOrEqual(full.amount);
        for (const programme of PROGRAMMES) {
          expect(month.components[programme] ?? 0).toBeLessThanOrEqual(full.components[programme] ?? 0);
        }
        const reductions = month.discounts.reduce((sum, discount) => sum + discount.reduction, 0);
        expect(reductions).toBe(full.amount - month.amount);
        for (const discount of month.discounts) expect(discount.reduction).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it('accepts every amount written with thousands dots as the same number', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 999_999_999_999 }), (wage) => {
        const dotted = new Intl.NumberFormat('id-ID').format(wage);
        const parsed = parsePremiumQuery({ scheme: 'pu', wage: dotted, risk: 'low' }, '2025-01');
        expect(parsed.ok && parsed.value.input.wage).toBe(wage);
      }),
    );
  });
});
