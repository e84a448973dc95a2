import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../src/core/calendar.ts';
import {
  checkNikAgainst,
  formatNik,
  maskNik,
  type NikFields,
  parseNik,
} from '../../src/core/identifiers/nik.ts';
import { PROVINCE_CODES } from '../../src/core/regions.ts';

const today = '2025-06-15';
const codes = (result: { errors: { code: string }[] }) => result.errors.map((error) => error.code);

describe('parseNik', () => {
  it('decodes a woman’s NIK: 40 is added to her day of birth', () => {
    expect(parseNik('3502014101900001', { today })).toEqual({
      valid: true,
      errors: [],
      warnings: [],
      value: '3502014101900001',
      fields: {
        provinceCode: '35',
        regencyCode: '35.02',
        districtCode: '35.02.01',
        birthDate: '1990-01-01',
        sex: 'female',
        serial: '0001',
      },
    });
  });

  it('decodes a man’s NIK', () => {
    const result = parseNik('3502013112850123', { today });
    expect(result.valid).toBe(true);
    expect(result.fields).toMatchObject({ birthDate: '1985-12-31', sex: 'male', serial: '0123' });
  });

  it('strips surrounding whitespace only', () => {
    const result = parseNik(' \t3502014101900001\n', { today });
    expect(result.valid).toBe(true);
    expect(result.value).toBe('3502014101900001');
    expect(codes(parseNik('3502 0141 0190 0001', { today }))).toEqual(['NIK_LENGTH', 'NIK_NOT_DIGITS']);
  });

  describe('NIK_LENGTH', () => {
    it('refuses 15 or 17 digits and decodes nothing, since no segment can be trusted', () => {
      for (const value of ['350201410190001', '35020141019000011', '']) {
        const result = parseNik(value, { today });
        expect(result.valid).toBe(false);
        expect(codes(result)).toEqual(['NIK_LENGTH']);
        expect(result.fields).toBeUndefined();
      }
    });

    it('names the length in both languages', () => {
      const [error] = parseNik('350201410190001', { today }).errors;
      expect(error!.message.id).toContain('15');
      expect(error!.message.en).toContain('15');
    });
  });

  describe('NIK_NOT_DIGITS', () => {
    it('names the offending character and its position, and still decodes the clean segments', () => {
      const result = parseNik('35020141019000A1', { today });
      expect(codes(result)).toEqual(['NIK_NOT_DIGITS']);
      expect(result.errors[0]!.message.id).toContain('"A" (15)');
      expect(result.errors[0]!.message.en).toContain('"A" (15)');
      expect(result.fields).toEqual({
        provinceCode: '35',
        regencyCode: '35.02',
        districtCode: '35.02.01',
        birthDate: '1990-01-01',
        sex: 'female',
      });
    });

    it('refuses digits other than ASCII 0–9', () => {
      expect(codes(parseNik('３502014101900001', { today }))).toEqual(['NIK_NOT_DIGITS']);
    });
  });

  describe('NIK_UNKNOWN_PROVINCE', () => {
    it('refuses a province code that does not exist, and keeps decoding the rest', () => {
      const result = parseNik('9902014101900001', { today });
      expect(codes(result)).toEqual(['NIK_UNKNOWN_PROVINCE']);
      expect(result.errors[0]!.message.id).toContain('"99"');
      expect(result.errors[0]!.message.en).toContain('"99"');
      expect(result.fields).toMatchObject({ provinceCode: '99', birthDate: '1990-01-01', sex: 'female' });
    });
  });

  describe('NIK_BIRTH_DATE_INVALID', () => {
    it.each([
      ['day 00', '000190'],
      ['day 32', '320190'],
      ['day 40', '400190'],
      ['day 72', '720190'],
      ['month 00', '010090'],
      ['month 13', '011390'],
      ['31 April', '310490'],
      ['29 February in a common year', '290201'],
      ['a woman’s 30 February', '700290'],
    ])('refuses %s', (_label, digits) => {
      const result = parseNik(`350201${digits}0001`, { today });
      expect(codes(result)).toEqual(['NIK_BIRTH_DATE_INVALID']);
      expect(result.errors[0]!.message.id).toContain(digits);
      expect(result.errors[0]!.message.en).toContain(digits);
      expect(result.fields?.birthDate).toBeUndefined();
    });

    it('still reads the sex from a day in a sex’s range', () => {
      expect(parseNik('3502017002900001', { today }).fields?.sex).toBe('female');
      expect(parseNik('3502013201900001', { today }).fields?.sex).toBeUndefined();
    });
  });

  describe('leap years', () => {
    it('accepts 29 February 2000 (divisible by 400), for men and for women (day 69)', () => {
      expect(parseNik('3502012902000001', { today }).fields).toMatchObject({
        birthDate: '2000-02-29',
        sex: 'male',
      });
      const woman = parseNik('3502016902000001', { today });
      expect(woman.valid).toBe(true);
      expect(woman.fields).toMatchObject({ birthDate: '2000-02-29', sex: 'female' });
    });

    it('refuses 29 February 1900 (a century not divisible by 400)', () => {
      // Before 29 February 2000 the year 00 can only be 1900.
      const result = parseNik('3502012902000001', { today: '2000-02-28' });
      expect(codes(result)).toEqual(['NIK_BIRTH_DATE_INVALID']);
      expect(result.errors[0]!.message.en).toContain('1900-02-29');
    });

    it('accepts 29 February 1996', () => {
      expect(parseNik('3502016902960001', { today }).fields?.birthDate).toBe('1996-02-29');
    });
  });

  describe('century', () => {
    it.each([
      ['150625', '2025-06-15'],
      ['160625', '1925-06-16'],
      ['010124', '2024-01-01'],
      ['010126', '1926-01-01'],
      ['010100', '2000-01-01'],
      ['311299', '1999-12-31'],
    ])('reads %s as %s on 2025-06-15', (digits, birthDate) => {
      const result = parseNik(`350201${digits}0001`, { today });
      expect(result.valid).toBe(true);
      expect(result.fields?.birthDate).toBe(birthDate);
    });

    it('reads a Date as the day it is in WIB (UTC+7), not in UTC', () => {
      const lateEveningUtc = new Date('2025-06-14T17:30:00Z');
      expect(parseNik('3502011506250001', { today: lateEveningUtc }).fields?.birthDate).toBe('2025-06-15');
      const stillYesterday = new Date('2025-06-14T16:30:00Z');
      expect(parseNik('3502011506250001', { today: stillYesterday }).fields?.birthDate).toBe('1925-06-15');
    });

    it('refuses a malformed today', () => {
      expect(() => parseNik('3502014101900001', { today: '2025-02-30' })).toThrow(RangeError);
    });
  });

  describe('NIK_BIRTH_DATE_FUTURE', () => {
    it('refuses a date that is in the future in both centuries', () => {
      const result = parseNik('3502010107990001', { today: '1999-06-01' });
      expect(codes(result)).toEqual(['NIK_BIRTH_DATE_FUTURE']);
      expect(result.fields?.birthDate).toBe('1999-07-01');
      expect(result.errors[0]!.message.id).toContain('010799');
      expect(result.errors[0]!.message.en).toContain('010799');
    });
  });

  describe('NIK_SERIAL_ZERO', () => {
    it('refuses serial 0000 and accepts 0001 and 9999', () => {
      const result = parseNik('3502014101900000', { today });
      expect(codes(result)).toEqual(['NIK_SERIAL_ZERO']);
      expect(result.errors[0]!.message.id).toContain('0000');
      expect(result.fields?.serial).toBe('0000');
      expect(parseNik('3502014101909999', { today }).valid).toBe(true);
    });
  });

  it('reports every error that applies, not only the first', () => {
    expect(codes(parseNik('9902013201900000', { today }))).toEqual([
      'NIK_UNKNOWN_PROVINCE',
      'NIK_BIRTH_DATE_INVALID',
      'NIK_SERIAL_ZERO',
    ]);
  });

  describe('NIK_REGION_NOT_CURRENT', () => {
    const current = new Set(['35', '35.02', '35.02.01', '92', '96', '96.71', '96.71.01']);
    const regionExists = (code: string) => current.has(code);

    it('warns, without refusing, about a code that was split away (Kota Sorong 92.71 → 96.71)', () => {
      const result = parseNik('9271014101900001', { today, regionExists });
      expect(result.valid).toBe(true);
      expect(result.warnings.map((warning) => warning.code)).toEqual(['NIK_REGION_NOT_CURRENT']);
      expect(result.warnings[0]!.message.id).toContain('92.71');
      expect(result.warnings[0]!.message.en).toContain('92.71');
      expect(result.fields?.districtCode).toBe('92.71.01');
    });

    it('warns about a district missing under a regency that exists', () => {
      const result = parseNik('3502994101900001', { today, regionExists });
      expect(result.valid).toBe(true);
      expect(result.warnings[0]!.message.en).toContain('35.02.99');
    });

    it('stays silent for a current code, and without a region list', () => {
      expect(parseNik('9671014101900001', { today, regionExists }).warnings).toEqual([]);
      expect(parseNik('9271014101900001', { today }).warnings).toEqual([]);
    });

    it('does not pile a warning on an unknown province', () => {
      const result = parseNik('9902014101900001', { today, regionExists });
      expect(result.warnings).toEqual([]);
      expect(codes(result)).toEqual(['NIK_UNKNOWN_PROVINCE']);
    });
  });
});

describe('checkNikAgainst', () => {
  const fields = { birthDate: '1990-01-01', sex: 'female' } as const;

  it('is silent when the record agrees or says nothing', () => {
    expect(checkNikAgainst(fields, { birthDate: '1990-01-01', sex: 'female' })).toEqual([]);
    expect(checkNikAgainst(fields, {})).toEqual([]);
    expect(checkNikAgainst({}, { birthDate: '1990-01-01', sex: 'male' })).toEqual([]);
  });

  it('warns on a different birth date and a different sex', () => {
    const warnings = checkNikAgainst(fields, { birthDate: '1990-01-02', sex: 'male' });
    expect(warnings.map((warning) => warning.code)).toEqual(['NIK_BIRTH_DATE_MISMATCH', 'NIK_SEX_MISMATCH']);
    expect(warnings[0]!.message.id).toContain('1990-01-02');
    expect(warnings[1]!.message.id).toContain('laki-laki');
  });

  it('blames the century guess, not the NIK, when only the century differs', () => {
    expect(checkNikAgainst({ birthDate: '2024-03-01' }, { birthDate: '1924-03-01' })).toEqual([]);
  });
});

describe('maskNik', () => {
  it('keeps the first and last four digits', () => {
    expect(maskNik('3502010101900001')).toBe('3502********0001');
    expect(maskNik(' 3502010101900001 ')).toBe('3502********0001');
  });

  it('hides short values entirely', () => {
    expect(maskNik('12345678')).toBe('********');
  });
});

describe('formatNik', () => {
  it('writes the NIK, adding 40 to a woman’s day', () => {
    expect(formatNik({ districtCode: '35.02.01', birthDate: '1990-01-01', sex: 'male', serial: 1 })).toBe(
      '3502010101900001',
    );
    expect(formatNik({ districtCode: '35.02.01', birthDate: '2000-02-29', sex: 'female', serial: 42 })).toBe(
      '3502016902000042',
    );
  });

  it('throws on parts no NIK can carry', () => {
    const good = { districtCode: '35.02.01', birthDate: '1990-01-01', sex: 'male', serial: 1 } as const;
    expect(() => formatNik({ ...good, districtCode: '35.02' })).toThrow(RangeError);
    expect(() => formatNik({ ...good, birthDate: '1990-02-30' })).toThrow(RangeError);
    expect(() => formatNik({ ...good, serial: 10_000 })).toThrow(RangeError);
  });
});

describe('properties', () => {
  const twoDigits = fc.integer({ min: 1, max: 99 }).map((n) => String(n).padStart(2, '0'));
  /** A day in 2000–2098 and a birth date less than 100 years before it, where the century is unambiguous. */
  const todayAndFields = fc
    .record({
      todayOffset: fc.integer({ min: 0, max: 36_159 }),
      ageInDays: fc.integer({ min: 0, max: 36_499 }),
      provinceCode: fc.constantFrom(...PROVINCE_CODES),
      regency: twoDigits,
      district: twoDigits,
      sex: fc.constantFrom('male' as const, 'female' as const),
      serial: fc.integer({ min: 1, max: 9999 }),
    })
    .map(({ todayOffset, ageInDays, provinceCode, regency, district, sex, serial }) => {
      const day = addDays('2000-01-01', todayOffset);
      const fields: NikFields = {
        provinceCode,
        regencyCode: `${provinceCode}.${regency}`,
        districtCode: `${provinceCode}.${regency}.${district}`,
        birthDate: addDays(day, -ageInDays),
        sex,
        serial: String(serial).padStart(4, '0'),
      };
      return { today: day, fields };
    });

  it('parseNik(formatNik(fields)) is valid and decodes back to the fields', () => {
    fc.assert(
      fc.property(todayAndFields, ({ today, fields }) => {
        const nik = formatNik({ ...fields, serial: Number(fields.serial) });
        expect(parseNik(nik, { today })).toEqual({
          valid: true,
          errors: [],
          warnings: [],
          value: nik,
          fields,
        });
      }),
    );
  });

  it('a string of any length but 16 is refused with NIK_LENGTH', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 40 }), fc.stringMatching(/^[0-9]{0,40}$/)), (value) => {
        fc.pre([...value.trim()].length !== 16);
        const result = parseNik(value, { today });
        expect(result.valid).toBe(false);
        expect(codes(result)).toContain('NIK_LENGTH');
      }),
    );
  });

  it('never throws, and a valid result is complete', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 20 }), fc.stringMatching(/^[0-9]{16}$/)), (value) => {
        const result = parseNik(value, { today });
        if (result.valid) {
          expect(result.errors).toEqual([]);
          expect(Object.keys(result.fields).sort()).toEqual(
            ['birthDate', 'districtCode', 'provinceCode', 'regencyCode', 'serial', 'sex'].sort(),
          );
        } else {
          expect(result.errors.length).toBeGreaterThan(0);
        }
      }),
    );
  });
});
