import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, addYears, ageInYears } from '../../src/core/calendar.ts';
import {
  checkEligibility,
  ELIGIBILITY_RULES,
  type EligibilityRules,
  type WorkerForEligibility,
} from '../../src/core/eligibility.ts';

const worker: WorkerForEligibility = {
  birthDate: '1980-06-15',
  deceasedOn: null,
  activeElsewhere: false,
  villageCode: '35.02.01.2001',
};
const codes = (w: Partial<WorkerForEligibility>, area: string | null = null, on = '2025-06-15') =>
  checkEligibility({ ...worker, ...w }, { areaCode: area }, on).map((problem) => problem.code);

describe('checkEligibility: age', () => {
  it('admits a worker the day before their 65th birthday, not on it', () => {
    expect(codes({ birthDate: '1960-06-16' })).toEqual([]);
    const [tooOld] = checkEligibility({ ...worker, birthDate: '1960-06-15' }, {}, '2025-06-15');
    expect(tooOld).toEqual({
      code: 'ELIGIBILITY_TOO_OLD',
      message: {
        id: 'Pekerja berumur 65 tahun pada 2025-06-15; peserta BPU harus berumur di bawah 65 tahun saat didaftarkan.',
        en: 'The worker is 65 on 2025-06-15; a BPU participant must be under 65 when enrolled.',
      },
    });
  });

  it('admits a worker from their 15th birthday, not the day before', () => {
    expect(codes({ birthDate: '2010-06-15' })).toEqual([]);
    const [tooYoung] = checkEligibility({ ...worker, birthDate: '2010-06-16' }, {}, '2025-06-15');
    expect(tooYoung?.code).toBe('ELIGIBILITY_TOO_YOUNG');
    expect(tooYoung?.message.en).toBe('The worker is 14 on 2025-06-15; participants must be at least 15.');
    expect(tooYoung?.message.id).toContain('minimal 15 tahun');
  });

  it('counts a leap-day birthday as coming of age on 28 February', () => {
    expect(codes({ birthDate: '1960-02-29' }, null, '2025-02-27')).toEqual([]);
    expect(codes({ birthDate: '1960-02-29' }, null, '2025-02-28')).toEqual(['ELIGIBILITY_TOO_OLD']);
  });

  it('keeps the limits as dated data with their sources', () => {
    for (const limit of [...ELIGIBILITY_RULES.minimumAge, ...ELIGIBILITY_RULES.enrolmentAgeBelow]) {
      expect(limit.legalBasis).not.toBe('');
      expect(limit.verify).toBeTruthy();
    }
  });

  it('applies the limit in force on the day, so a new rule is a new entry', () => {
    const rules: EligibilityRules = {
      ...ELIGIBILITY_RULES,
      enrolmentAgeBelow: [
        ...ELIGIBILITY_RULES.enrolmentAgeBelow,
        { effectiveFrom: '2026-01-01', years: 70, legalBasis: 'a later rule' },
      ],
    };
    const old = { ...worker, birthDate: '1958-01-01' };
    expect(checkEligibility(old, {}, '2025-12-31', rules).map((p) => p.code)).toEqual([
      'ELIGIBILITY_TOO_OLD',
    ]);
    expect(checkEligibility(old, {}, '2026-01-01', rules)).toEqual([]);
    expect(() => checkEligibility(old, {}, '2015-06-30', rules)).toThrow(RangeError);
  });

  it('refuses exactly when the age is outside [15, 65)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100 * 366 }),
        fc.integer({ min: 0, max: 20 * 366 }),
        (ageDays, dateOffset) => {
          const on = addDays('2016-01-01', dateOffset);
          const birthDate = addDays(on, -ageDays);
          const age = ageInYears(birthDate, on);
          const found = codes({ birthDate }, null, on);
          expect(found.includes('ELIGIBILITY_TOO_YOUNG')).toBe(age < 15);
          expect(found.includes('ELIGIBILITY_TOO_OLD')).toBe(age >= 65);
          expect(found.length).toBe(age < 15 || age >= 65 ? 1 : 0);
        },
      ),
    );
  });

  it('places the 65th birthday where addYears does', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 30 * 366 }), (offset) => {
        const birthDate = addDays('1940-01-01', offset);
        const birthday = addYears(birthDate, 65);
        if (birthday < '2015-07-02') return;
        expect(codes({ birthDate }, null, addDays(birthday, -1))).toEqual([]);
        expect(codes({ birthDate }, null, birthday)).toEqual(['ELIGIBILITY_TOO_OLD']);
      }),
    );
  });
});

describe('checkEligibility: the other rules', () => {
  it('refuses a worker deceased on or before the day, not one who died later', () => {
    expect(codes({ deceasedOn: '2025-06-15' })).toEqual(['ELIGIBILITY_DECEASED']);
    expect(codes({ deceasedOn: '2024-01-01' })).toEqual(['ELIGIBILITY_DECEASED']);
    expect(codes({ deceasedOn: '2025-06-16' })).toEqual([]);
    expect(codes({ deceasedOn: undefined })).toEqual([]);
    expect(() => codes({ deceasedOn: '2025-02-30' })).toThrow(RangeError);
  });

  it('refuses a worker paid elsewhere without saying who pays', () => {
    const [found] = checkEligibility({ ...worker, activeElsewhere: true }, {}, '2025-06-15');
    expect(found?.code).toBe('ELIGIBILITY_ACTIVE_ELSEWHERE');
    expect(found?.message.en).toContain('paid by someone else');
    expect(codes({ activeElsewhere: undefined })).toEqual([]);
  });

  it('requires a village inside the programme area when the programme has one', () => {
    expect(codes({}, '35.02')).toEqual([]);
    expect(codes({}, '35.02.01')).toEqual([]);
    expect(codes({}, '35.02.01.2001')).toEqual([]);
    expect(codes({}, '35.02.02')).toEqual(['ELIGIBILITY_OUTSIDE_AREA']);
    expect(codes({}, '35.20')).toEqual(['ELIGIBILITY_OUTSIDE_AREA']);
    expect(codes({ villageCode: '35.020.1' }, '35.02')).toEqual(['ELIGIBILITY_OUTSIDE_AREA']);
    expect(codes({ villageCode: null }, '35.02')).toEqual(['ELIGIBILITY_VILLAGE_UNKNOWN']);
    expect(codes({ villageCode: null }, null)).toEqual([]);
    expect(checkEligibility({ ...worker, villageCode: null }, {}, '2025-06-15')).toEqual([]);
    const [outside] = checkEligibility(worker, { areaCode: '33.24' }, '2025-06-15');
    expect(outside?.message.en).toBe(
      "The worker's village (35.02.01.2001) is outside the programme's region (33.24).",
    );
    expect(() => codes({}, '35-02')).toThrow(RangeError);
  });

  it('names every rule broken, in both languages', () => {
    const problems = checkEligibility(
      {
        birthDate: '1950-01-01',
        deceasedOn: '2025-01-01',
        activeElsewhere: true,
        villageCode: '33.24.01.2001',
      },
      { areaCode: '35.02' },
      '2025-06-15',
    );
    expect(problems.map((p) => p.code)).toEqual([
      'ELIGIBILITY_DECEASED',
      'ELIGIBILITY_TOO_OLD',
      'ELIGIBILITY_ACTIVE_ELSEWHERE',
      'ELIGIBILITY_OUTSIDE_AREA',
    ]);
    for (const { message } of problems) expect(message.id).not.toBe(message.en);
  });
});
