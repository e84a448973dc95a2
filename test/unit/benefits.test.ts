import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BENEFIT_SCHEDULES,
  type BenefitRequest,
  claimDeadline,
  computeBenefit,
  EDUCATION_LEVELS,
} from '../../src/core/benefits.ts';

const jkm: BenefitRequest = {
  type: 'jkm',
  benefit: 'death',
  incidentDate: '2025-03-10',
  declaredIncome: 1_000_000,
  membershipStart: '2024-01-01',
  children: [],
};

function benefit(request: Partial<BenefitRequest>) {
  const result = computeBenefit({ ...jkm, ...request });
  if (!result.ok) throw new Error(result.problem.message.en);
  return result.value;
}

describe('JKM benefit (PP 82/2019)', () => {
  it('pays Rp 42,000,000: lump sum, 24 periodic payments at once and funeral costs', () => {
    const value = benefit({});
    expect(value.components.map((c) => [c.code, c.amount])).toEqual([
      ['jkm_lump_sum', 20_000_000],
      ['jkm_periodic', 12_000_000],
      ['jkm_funeral', 10_000_000],
    ]);
    expect(value.total).toBe(42_000_000);
    expect(value.components[1]!.label.id).toBe('Santunan berkala 24 × Rp 500.000, dibayar sekaligus');
    expect(value.schedule.legalBasis).toMatch(/PP 82\/2019/);
  });

  it('adds scholarships only once membership reaches 3 years on the incident date', () => {
    const children = [{ level: 'primary' as const, name: 'Ani' }, { level: 'higher' as const }];
    const short = benefit({ membershipStart: '2022-03-11', children });
    expect(short.total).toBe(42_000_000);
    expect(short.scholarship.eligible).toBe(false);
    expect(short.scholarship.reason.en).toBe(
      'A JKM scholarship needs at least 3 years of membership; membership since 2022-03-11 reaches it only on 2025-03-11.',
    );
    const enough = benefit({ membershipStart: '2022-03-10', children });
    expect(enough.scholarship.eligible).toBe(true);
    expect(enough.components.slice(3).map((c) => [c.label.id, c.amount])).toEqual([
      ['Beasiswa anak 1 (Ani), SD, tahun pertama', 1_500_000],
      ['Beasiswa anak 2, perguruan tinggi/pelatihan, tahun pertama', 12_000_000],
    ]);
    expect(enough.total).toBe(55_500_000);
    // Primary onwards: 6 × 1.5M + 3 × 2M + 3 × 3M + 5 × 12M = 84M; higher alone 60M.
    expect(enough.scholarship.maximum).toBe(144_000_000);
  });

  it('counts at most two children, about Rp 174,000,000 over their schooling', () => {
    const value = benefit({
      membershipStart: '2020-01-01',
      children: [{ level: 'kindergarten' }, { level: 'kindergarten' }, { level: 'primary' }],
    });
    expect(value.scholarship.maximum).toBe(174_000_000);
    expect(value.components.filter((c) => c.code.startsWith('scholarship'))).toHaveLength(2);
    expect(value.scholarship.reason.en).toBe('Scholarships for at most 2 children; 1 more not counted.');
  });
});

describe('JKK benefits', () => {
  it('pays 48 × the declared income for a death, with scholarships whatever the membership', () => {
    const value = benefit({
      type: 'jkk',
      benefit: 'death',
      declaredIncome: 1_000_000,
      membershipStart: '2025-01-01',
      children: [{ level: 'junior_secondary' }],
    });
    expect(value.components.map((c) => [c.code, c.amount])).toEqual([
      ['jkk_death', 48_000_000],
      ['scholarship_child_1', 2_000_000],
    ]);
  });

  it('takes medical care and incapacity pay as assessed, and caps disability at 56 × income', () => {
    expect(benefit({ type: 'jkk', benefit: 'medical', enteredAmount: 7_250_000 }).total).toBe(7_250_000);
    const missing = computeBenefit({ ...jkm, type: 'jkk', benefit: 'temporary_incapacity' });
    expect(missing.ok || missing.problem.code).toBe('BENEFIT_AMOUNT_REQUIRED');
    const above = computeBenefit({
      ...jkm,
      type: 'jkk',
      benefit: 'permanent_disability',
      enteredAmount: 56_000_001,
    });
    expect(above.ok || above.problem.message.en).toBe(
      'Total permanent disability pays at most 56 × declared income = Rp 56.000.000.',
    );
  });

  it('allows a JKK claim up to 5 years after the accident; JKM has no limit held', () => {
    expect(claimDeadline('jkk', '2024-02-29')).toBe('2029-02-28');
    expect(claimDeadline('jkm', '2024-02-29')).toBeNull();
  });

  it('refuses an incident before the rules held and a JKM benefit other than death', () => {
    const old = computeBenefit({ ...jkm, incidentDate: '2019-01-01' });
    expect(old.ok || old.problem.code).toBe('BENEFIT_NO_SCHEDULE');
    const wrong = computeBenefit({ ...jkm, benefit: 'medical' });
    expect(wrong.ok || wrong.problem.code).toBe('BENEFIT_NOT_OF_TYPE');
  });
});

describe('benefit properties', () => {
  it('always totals its breakdown, in whole rupiah, within the regulated maxima', () => {
    const schedule = BENEFIT_SCHEDULES[0]!;
    fc.assert(
      fc.property(
        fc.constantFrom('jkm:death', 'jkk:death', 'jkk:medical', 'jkk:permanent_disability'),
        fc.integer({ min: 1, max: 207 }).map((n) => n * 100_000),
        fc.array(fc.constantFrom(...EDUCATION_LEVELS), { maxLength: 4 }),
        fc.integer({ min: 0, max: 3_000 }),
        (kind, income, levels, membershipDays) => {
          const [type, benefitKind] = kind.split(':') as ['jkm' | 'jkk', 'death'];
          const start = new Date(Date.parse('2025-06-01') - membershipDays * 86_400_000)
            .toISOString()
            .slice(0, 10);
          const result = computeBenefit({
            type,
            benefit: benefitKind,
            incidentDate: '2025-06-01',
            declaredIncome: income,
            membershipStart: start,
            children: levels.map((level) => ({ level })),
            enteredAmount: income,
          });
          if (!result.ok) throw new Error(result.problem.message.en);
          const value = result.value;
          expect(value.total).toBe(value.components.reduce((sum, c) => sum + c.amount, 0));
          expect(value.components.every((c) => Number.isSafeInteger(c.amount) && c.amount > 0)).toBe(true);
          expect(value.scholarship.maximum).toBeLessThanOrEqual(174_000_000);
          expect(value.components.filter((c) => c.code.startsWith('scholarship')).length).toBeLessThanOrEqual(
            schedule.scholarship.maxChildren,
          );
        },
      ),
    );
  });
});
