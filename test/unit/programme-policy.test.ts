import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../src/core/calendar.ts';
import {
  type AsnForObligation,
  ECHELONS,
  EMPLOYMENT_TYPES,
  EXAMPLE_POLICIES,
  KENDAL_SATU_ASN_SATU_PEKERJA_RENTAN as KENDAL,
  OBLIGATION_STATUS_LABELS,
  OBLIGATION_STATUSES,
  obligationOn,
  PONOROGO_ASN_ORANG_TUA_ASUH as PONOROGO,
  type ProgrammePolicy,
  phaseOn,
  policyInForce,
  validatePolicy,
  validatePolicyVersions,
} from '../../src/core/programme-policy.ts';

const staff: AsnForObligation = { employmentType: 'PNS', echelon: null, opdId: 7, active: true };
const head: AsnForObligation = { ...staff, echelon: 'II' };
const codes = (policy: ProgrammePolicy) => validatePolicy(policy).map((problem) => problem.code);
const withPolicy = (changes: Partial<ProgrammePolicy>): ProgrammePolicy => ({ ...KENDAL, ...changes });

describe('the example policies', () => {
  it('are valid and carry their sources', () => {
    for (const policy of EXAMPLE_POLICIES) {
      expect(validatePolicy(policy)).toEqual([]);
      expect(policy.sources.length).toBeGreaterThan(0);
      expect(policy.legalBasis).not.toBe('');
    }
    expect(validatePolicyVersions([KENDAL])).toEqual([]);
  });

  it('mark Ponorogo as a proposal with assumed dates, Kendal as decided', () => {
    expect(PONOROGO.standing).toBe('proposal');
    expect(PONOROGO.verify).toMatch(/assumptions/);
    expect(PONOROGO.phases.every((phase) => phase.verify)).toBe(true);
    expect(KENDAL.standing).toBe('decided');
    expect(KENDAL.perSponsor).toEqual({ min: 1, max: null });
    expect(PONOROGO.perSponsor).toEqual({ min: 2, max: 3 });
  });
});

describe('obligationOn: Kendal, at least one each from January 2023', () => {
  it('obliges every ASN, PNS or not, from 2023-01-01 and not the day before', () => {
    for (const employmentType of EMPLOYMENT_TYPES) {
      const asn = { ...staff, employmentType };
      expect(obligationOn(asn, KENDAL, '2022-12-31', 0)).toMatchObject({
        status: 'not_obliged',
        required: 0,
        short: 0,
        phase: null,
      });
      expect(obligationOn(asn, KENDAL, '2023-01-01', 0)).toMatchObject({
        status: 'short',
        required: 1,
        allowed: null,
        short: 1,
      });
    }
  });

  it('is met by one worker and has no upper limit', () => {
    const one = obligationOn(staff, KENDAL, '2025-06-15', 1);
    expect(one).toMatchObject({ status: 'met', required: 1, short: 0, allowed: null });
    expect(one.reason.en).toBe(
      'Met: sponsors 1 worker; Satu ASN Satu Pekerja Rentan requires at least 1 worker.',
    );
    expect(one.reason.id).toMatch(/^Terpenuhi/);
    expect(obligationOn(staff, KENDAL, '2025-06-15', 40).status).toBe('met');
  });

  it('says how short an ASN is', () => {
    const result = obligationOn(staff, KENDAL, '2025-06-15', 0);
    expect(result.reason.en).toMatch(/^Short by 1: sponsors 0 workers/);
    expect(result.reason.id).toMatch(/^Kurang 1/);
  });
});

describe('obligationOn: Ponorogo, 2 to 3 each, echelon II first', () => {
  it('obliges only echelon II from January, then everyone from April', () => {
    expect(obligationOn(head, PONOROGO, '2023-12-31', 0)).toMatchObject({
      status: 'not_obliged',
      phase: null,
    });
    const january = obligationOn(head, PONOROGO, '2024-01-01', 0);
    expect(january).toMatchObject({ status: 'short', required: 2, allowed: 3, short: 2 });
    expect(january.phase?.label.en).toBe('Echelon II officials');

    const staffMarch = obligationOn(staff, PONOROGO, '2024-03-31', 0);
    expect(staffMarch).toMatchObject({ status: 'not_obliged', required: 0, short: 0 });
    expect(staffMarch.reason.en).toBe(
      'Not obliged: the phase "Echelon II officials" (from 2024-01-01) applies to echelon II; this ASN has no echelon.',
    );
    const echelonIII = obligationOn({ ...staff, echelon: 'III' }, PONOROGO, '2024-03-31', 0);
    expect(echelonIII.reason.id).toMatch(/ASN ini eselon III\.$/);

    const staffApril = obligationOn(staff, PONOROGO, '2024-04-01', 1);
    expect(staffApril).toMatchObject({ status: 'short', required: 2, short: 1 });
    expect(staffApril.phase?.label.en).toBe('Every ASN');
  });

  it('does not oblige non-ASN staff, who are among the people to be covered', () => {
    const honorer = obligationOn({ ...staff, employmentType: 'NON_ASN' }, PONOROGO, '2024-06-01', 0);
    expect(honorer.status).toBe('not_obliged');
    expect(honorer.reason.en).toMatch(/applies to PNS and PPPK, not non-ASN staff\.$/);
  });

  it('is met by 2 and 3 workers and over the limit at 4', () => {
    expect(obligationOn(staff, PONOROGO, '2024-06-01', 2).status).toBe('met');
    expect(obligationOn(staff, PONOROGO, '2024-06-01', 3).status).toBe('met');
    const four = obligationOn(staff, PONOROGO, '2024-06-01', 4);
    expect(four).toMatchObject({ status: 'over_limit', required: 2, allowed: 3, short: 0 });
    expect(four.reason.en).toBe('Over the limit: sponsors 4 workers; ASN Orang Tua Asuh allows at most 3.');
  });

  it('applies the limit to those not (yet) obliged too', () => {
    expect(obligationOn(staff, PONOROGO, '2024-02-01', 4)).toMatchObject({
      status: 'over_limit',
      required: 0,
      allowed: 3,
    });
    expect(obligationOn(staff, PONOROGO, '2024-02-01', 3).status).toBe('not_obliged');
  });
});

describe('obligationOn: exemptions', () => {
  it('never obliges an inactive ASN', () => {
    const retired = { ...head, active: false };
    const result = obligationOn(retired, PONOROGO, '2024-06-01', 0);
    expect(result).toMatchObject({ status: 'not_obliged', required: 0, short: 0 });
    expect(result.reason.en).toBe('Not obliged: this ASN is no longer in service.');
  });

  it('makes no one short in a voluntary programme, naming the minimum as an invitation', () => {
    const voluntary = { ...PONOROGO, mandatory: false };
    const result = obligationOn(staff, voluntary, '2024-06-01', 0);
    expect(result).toMatchObject({ status: 'not_obliged', required: 0, allowed: 3, short: 0 });
    expect(result.reason.en).toBe(
      'Not obliged: ASN Orang Tua Asuh is voluntary; ASN are invited to sponsor 2 to 3 workers.',
    );
    expect(obligationOn(staff, voluntary, '2024-06-01', 4).status).toBe('over_limit');
  });

  it('obliges only the OPDs a restricted phase names', () => {
    const pilot = withPolicy({
      phases: [
        {
          from: '2023-01-01',
          label: { id: 'OPD rintisan', en: 'Pilot OPDs' },
          sponsors: { employmentTypes: ['PNS'], opdIds: [3, 7] },
        },
      ],
    });
    expect(obligationOn({ ...staff, opdId: 7 }, pilot, '2023-02-01', 0).status).toBe('short');
    const other = obligationOn({ ...staff, opdId: 8 }, pilot, '2023-02-01', 0);
    expect(other.status).toBe('not_obliged');
    expect(other.reason.en).toMatch(/does not cover this ASN's OPD\.$/);
  });

  it('can name staff without an echelon explicitly', () => {
    const staffOnly = withPolicy({
      phases: [
        {
          from: '2023-01-01',
          label: { id: 'Staf', en: 'Staff' },
          sponsors: { employmentTypes: ['PNS'], echelons: [null, 'IV'] },
        },
      ],
    });
    expect(obligationOn(staff, staffOnly, '2023-02-01', 0).status).toBe('short');
    expect(obligationOn({ ...staff, echelon: 'IV' }, staffOnly, '2023-02-01', 0).status).toBe('short');
    const official = obligationOn(head, staffOnly, '2023-02-01', 0);
    expect(official.reason.en).toMatch(/applies to no echelon and echelon IV; this ASN has echelon II\.$/);
  });

  it('says "exactly" when the minimum is the maximum', () => {
    const exactly = withPolicy({ perSponsor: { min: 2, max: 2 } });
    expect(obligationOn(staff, exactly, '2023-02-01', 1).reason.en).toMatch(/requires exactly 2 workers\.$/);
  });

  it('refuses impossible counts and dates', () => {
    expect(() => obligationOn(staff, KENDAL, '2023-02-01', -1)).toThrow(RangeError);
    expect(() => obligationOn(staff, KENDAL, '2023-02-01', 1.5)).toThrow(RangeError);
    expect(() => obligationOn(staff, KENDAL, '2023-02-30', 1)).toThrow(RangeError);
  });
});

describe('obligationOn: arithmetic', () => {
  const asnArb = fc.record({
    employmentType: fc.constantFrom(...EMPLOYMENT_TYPES),
    echelon: fc.constantFrom(null, ...ECHELONS),
    opdId: fc.integer({ min: 1, max: 50 }),
    active: fc.boolean(),
  });
  const dateArb = fc.integer({ min: 0, max: 3 * 366 }).map((offset) => addDays('2023-06-01', offset));
  const policyArb = fc
    .record({
      min: fc.integer({ min: 1, max: 5 }),
      extra: fc.option(fc.integer({ min: 0, max: 5 }), { nil: null }),
      mandatory: fc.boolean(),
      base: fc.constantFrom(KENDAL, PONOROGO),
    })
    .map(({ min, extra, mandatory, base }) => ({
      ...base,
      mandatory,
      perSponsor: { min, max: extra === null ? null : min + extra },
    }));

  it('short = max(0, required - count); met iff count ≥ required when obliged; over_limit iff count > max', () => {
    fc.assert(
      fc.property(asnArb, policyArb, dateArb, fc.integer({ min: 0, max: 12 }), (asn, policy, date, count) => {
        const result = obligationOn(asn, policy, date, count);
        expect(result.short).toBe(Math.max(0, result.required - count));
        expect(result.allowed).toBe(policy.perSponsor.max);
        expect(result.required === 0 || result.required === policy.perSponsor.min).toBe(true);
        const over = policy.perSponsor.max !== null && count > policy.perSponsor.max;
        expect(result.status === 'over_limit').toBe(over);
        if (!over && result.required > 0) {
          expect(result.status).toBe(count >= result.required ? 'met' : 'short');
        }
        if (result.status === 'short') expect(result.short).toBeGreaterThan(0);
        if (!asn.active || !policy.mandatory) {
          expect(result.required).toBe(0);
          expect(result.status).not.toBe('short');
        }
        expect(result.phase).toBe(phaseOn(policy, date));
      }),
    );
  });
});

describe('policyInForce: a later letter replaces an earlier one from its date', () => {
  const revised: ProgrammePolicy = {
    ...KENDAL,
    effectiveFrom: '2025-01-01',
    circularLetter: { ...KENDAL.circularLetter, title: 'Surat Edaran perubahan' },
    phases: [{ ...KENDAL.phases[0]!, from: '2025-01-01' }],
    perSponsor: { min: 2, max: 4 },
  };

  it('chooses by date whatever the list order', () => {
    for (const versions of [
      [KENDAL, revised],
      [revised, KENDAL],
    ]) {
      expect(policyInForce(versions, '2022-12-31')).toBeNull();
      expect(policyInForce(versions, '2023-01-01')).toBe(KENDAL);
      expect(policyInForce(versions, '2024-12-31')).toBe(KENDAL);
      expect(policyInForce(versions, '2025-01-01')).toBe(revised);
    }
    expect(policyInForce([], '2025-01-01')).toBeNull();
    expect(validatePolicyVersions([KENDAL, revised])).toEqual([]);
  });

  it('changes the obligation on the day the new version takes effect', () => {
    const versions = [KENDAL, revised];
    const on = (date: string) => obligationOn(staff, policyInForce(versions, date)!, date, 1);
    expect(on('2024-12-31').status).toBe('met');
    expect(on('2025-01-01')).toMatchObject({ status: 'short', required: 2, allowed: 4, short: 1 });
  });

  it('rejects versions of different programmes or from the same day', () => {
    const other = { ...revised, programmeKey: 'other' };
    expect(validatePolicyVersions([KENDAL, other]).map((p) => p.code)).toEqual(['POLICY_VERSIONS_MIXED']);
    expect(validatePolicyVersions([KENDAL, { ...KENDAL }]).map((p) => p.code)).toEqual([
      'POLICY_VERSIONS_SAME_DAY',
    ]);
  });

  it('refuses an impossible date', () => {
    expect(() => policyInForce([KENDAL], '2025-13-01')).toThrow(RangeError);
  });
});

describe('validatePolicy', () => {
  it('checks the counts: min at least 1, max not below min', () => {
    expect(codes(withPolicy({ perSponsor: { min: 0, max: null } }))).toEqual(['POLICY_MIN_INVALID']);
    expect(codes(withPolicy({ perSponsor: { min: 1.5, max: null } }))).toEqual(['POLICY_MIN_INVALID']);
    expect(codes(withPolicy({ perSponsor: { min: 3, max: 2 } }))).toEqual(['POLICY_MAX_BELOW_MIN']);
    expect(codes(withPolicy({ perSponsor: { min: 2, max: 2 } }))).toEqual([]);
    const problem = validatePolicy(withPolicy({ perSponsor: { min: 3, max: 2 } }))[0]!;
    expect(problem.message.en).toContain('(2)');
    expect(problem.message.id).toContain('(3)');
  });

  it('wants phases in date order, none before the policy takes effect', () => {
    const [first, second] = PONOROGO.phases;
    expect(codes({ ...PONOROGO, phases: [second!, first!] })).toEqual(['POLICY_PHASES_OUT_OF_ORDER']);
    expect(codes({ ...PONOROGO, phases: [first!, { ...second!, from: first!.from }] })).toEqual([
      'POLICY_PHASES_OUT_OF_ORDER',
    ]);
    expect(codes({ ...PONOROGO, phases: [{ ...first!, from: '2023-12-31' }, second!] })).toEqual([
      'POLICY_PHASE_BEFORE_EFFECT',
    ]);
    expect(codes({ ...PONOROGO, phases: [] })).toEqual(['POLICY_NO_PHASES']);
    expect(codes({ ...PONOROGO, phases: [{ ...first!, from: '2024-02-30' }, second!] })).toEqual([
      'POLICY_DATE_INVALID',
    ]);
  });

  it('knows the employment types, echelons and OPD ids', () => {
    const phase = KENDAL.phases[0]!;
    const withSponsors = (sponsors: object) =>
      withPolicy({ phases: [{ ...phase, sponsors: sponsors as ProgrammePolicy['phases'][0]['sponsors'] }] });
    const unknownType = validatePolicy(withSponsors({ employmentTypes: ['PNS', 'TNI'] }));
    expect(unknownType.map((p) => p.code)).toEqual(['POLICY_EMPLOYMENT_TYPE_INVALID']);
    expect(unknownType[0]!.message.en).toContain('unknown: TNI');
    expect(codes(withSponsors({ employmentTypes: [] }))).toEqual(['POLICY_EMPLOYMENT_TYPE_INVALID']);
    expect(codes(withSponsors({ employmentTypes: ['PNS'], echelons: ['V'] }))).toEqual([
      'POLICY_ECHELON_INVALID',
    ]);
    expect(codes(withSponsors({ employmentTypes: ['PNS'], echelons: [] }))).toEqual([
      'POLICY_ECHELON_INVALID',
    ]);
    expect(codes(withSponsors({ employmentTypes: ['PNS'], echelons: [null, 'I'] }))).toEqual([]);
    expect(codes(withSponsors({ employmentTypes: ['PNS'], opdIds: [] }))).toEqual(['POLICY_OPD_INVALID']);
    expect(codes(withSponsors({ employmentTypes: ['PNS'], opdIds: [0] }))).toEqual(['POLICY_OPD_INVALID']);
    expect(codes(withSponsors({ employmentTypes: ['PNS'], opdIds: [4, 9] }))).toEqual([]);
  });

  it('prices the contribution by the schedules: brackets and programmes', () => {
    const contribution = KENDAL.contribution;
    expect(codes(withPolicy({ contribution: { ...contribution, declaredIncome: 1_500_000 } }))).toEqual([
      'INCOME_NOT_A_BRACKET',
    ]);
    expect(codes(withPolicy({ contribution: { ...contribution, programmes: ['jkk'] } }))).toEqual([
      'REQUIRED_PROGRAMME_MISSING',
    ]);
    expect(
      codes(withPolicy({ contribution: { ...contribution, programmes: ['jkk', 'jkm', 'jp'] } })),
    ).toEqual(['PROGRAMME_NOT_IN_SCHEME']);
    expect(
      codes(withPolicy({ contribution: { ...contribution, programmes: ['jkk', 'jkm', 'jht'] } })),
    ).toEqual([]);
    expect(codes(withPolicy({ contribution: { ...contribution, scheme: 'pu' as 'bpu' } }))).toEqual([
      'POLICY_SCHEME_UNSUPPORTED',
    ]);
  });

  it('checks dates, texts, standing and regions', () => {
    expect(codes(withPolicy({ circularLetter: { ...KENDAL.circularLetter, date: '2022-13-01' } }))).toEqual([
      'POLICY_DATE_INVALID',
    ]);
    expect(
      codes(withPolicy({ circularLetter: { number: '560/123/2022', date: '2022-12-01', title: 'SE' } })),
    ).toEqual([]);
    expect(codes(withPolicy({ name: ' ' }))).toEqual(['POLICY_TEXT_MISSING']);
    expect(codes(withPolicy({ standing: 'draft' as 'proposal' }))).toEqual(['POLICY_STANDING_INVALID']);
    expect(codes(withPolicy({ pemdaCode: '33.24.01' }))).toEqual(['POLICY_PEMDA_INVALID']);
    expect(codes(withPolicy({ areaCode: '33.24.05' }))).toEqual([]);
    expect(codes(withPolicy({ areaCode: '33.24' }))).toEqual([]);
    expect(codes(withPolicy({ areaCode: '33.2' }))).toEqual(['POLICY_AREA_INVALID']);
    expect(codes(withPolicy({ areaCode: '33.25.05' }))).toEqual(['POLICY_AREA_OUTSIDE_PEMDA']);
  });

  it('gives every problem in both languages', () => {
    const broken = withPolicy({
      effectiveFrom: 'soon',
      phases: [],
      perSponsor: { min: 0, max: null },
      pemdaCode: 'x',
    });
    const problems = validatePolicy(broken);
    expect(problems.map((p) => p.code)).toEqual([
      'POLICY_PEMDA_INVALID',
      'POLICY_DATE_INVALID',
      'POLICY_NO_PHASES',
      'POLICY_MIN_INVALID',
    ]);
    for (const { message } of problems) {
      expect(message.id).not.toBe('');
      expect(message.en).not.toBe('');
      expect(message.id).not.toBe(message.en);
    }
  });
});

describe('obligation statuses', () => {
  it('name every status obligationOn returns, in both languages', () => {
    expect(OBLIGATION_STATUSES).toEqual(['met', 'short', 'not_obliged', 'over_limit']);
    for (const status of OBLIGATION_STATUSES) {
      const { id, en } = OBLIGATION_STATUS_LABELS[status];
      expect(id).not.toBe('');
      expect(en).not.toBe('');
    }
    expect(OBLIGATION_STATUS_LABELS.short).toEqual({ id: 'Kurang', en: 'Short' });
    const seen = new Set<string>();
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 6 }),
        fc.constantFrom('2023-12-31', '2024-02-01', '2024-06-01'),
        (count, date) => {
          seen.add(obligationOn(staff, PONOROGO, date, count).status);
          seen.add(obligationOn(head, PONOROGO, date, count).status);
        },
      ),
    );
    expect([...seen].sort()).toEqual([...OBLIGATION_STATUSES].sort());
  });
});
