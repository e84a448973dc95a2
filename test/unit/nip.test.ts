import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, addYears } from '../../src/core/calendar.ts';
import { formatNip, type NipFields, parseNip } from '../../src/core/identifiers/nip.ts';
import { periodFromIndex, periodIndex } from '../../src/core/period.ts';

const today = '2025-06-15';
const codes = (result: { errors: { code: string }[] }) => result.errors.map((error) => error.code);
/** birth `YYYYMMDD` + appointment `YYYYMM` + sex digit + serial `NNN` */
const nip = (birth: string, appointment: string, sex: string, serial: string) =>
  `${birth}${appointment}${sex}${serial}`;

describe('parseNip', () => {
  it('decodes a NIP', () => {
    expect(parseNip('199001012015032001', { today })).toEqual({
      valid: true,
      errors: [],
      warnings: [],
      value: '199001012015032001',
      fields: { birthDate: '1990-01-01', appointmentMonth: '2015-03', sex: 'female', serial: '001' },
    });
    expect(parseNip('198512312010011123', { today }).fields).toMatchObject({ sex: 'male', serial: '123' });
  });

  it('strips surrounding whitespace only', () => {
    expect(parseNip('  199001012015032001\n', { today }).value).toBe('199001012015032001');
    expect(codes(parseNip('19900101 201503 2 001', { today }))).toEqual(['NIP_LENGTH', 'NIP_NOT_DIGITS']);
  });

  it('NIP_LENGTH: refuses 17 or 19 digits and decodes nothing', () => {
    for (const value of ['19900101201503200', '1990010120150320011']) {
      const result = parseNip(value, { today });
      expect(codes(result)).toEqual(['NIP_LENGTH']);
      expect(result.fields).toBeUndefined();
      expect(result.errors[0]!.message.id).toContain(String(value.length));
    }
  });

  it('NIP_NOT_DIGITS: names the character and decodes the clean segments', () => {
    const result = parseNip('199001012015032O01', { today });
    expect(codes(result)).toEqual(['NIP_NOT_DIGITS']);
    expect(result.errors[0]!.message.en).toContain('"O" (16)');
    expect(result.fields).toEqual({ birthDate: '1990-01-01', appointmentMonth: '2015-03', sex: 'female' });
  });

  it('a non-digit sex digit is reported once, as a non-digit', () => {
    expect(codes(parseNip('19900101201503X001', { today }))).toEqual(['NIP_NOT_DIGITS']);
  });

  describe('NIP_BIRTH_DATE_INVALID', () => {
    it.each(['19900230', '19901301', '19900001', '19900100', '19000229', '20010229', '00000101'])(
      'refuses %s',
      (birth) => {
        const result = parseNip(nip(birth, '201503', '2', '001'), { today });
        expect(codes(result)).toEqual(['NIP_BIRTH_DATE_INVALID']);
        expect(result.errors[0]!.message.id).toContain(birth);
        expect(result.errors[0]!.message.en).toContain(birth);
        expect(result.fields?.birthDate).toBeUndefined();
      },
    );

    it('accepts 29 February 2000 and 1996', () => {
      expect(parseNip(nip('20000229', '202001', '1', '001'), { today }).fields?.birthDate).toBe('2000-02-29');
      expect(parseNip(nip('19960229', '202001', '1', '001'), { today }).valid).toBe(true);
    });
  });

  it('NIP_BIRTH_DATE_FUTURE', () => {
    const result = parseNip(nip('20250616', '202506', '1', '001'), { today });
    expect(codes(result)).toContain('NIP_BIRTH_DATE_FUTURE');
    expect(result.errors[0]!.message.en).toContain('2025-06-16');
    expect(codes(parseNip(nip('20250615', '202506', '1', '001'), { today }))).not.toContain(
      'NIP_BIRTH_DATE_FUTURE',
    );
  });

  it.each(['201500', '201513', '000001'])('NIP_APPOINTMENT_INVALID: refuses %s', (appointment) => {
    const result = parseNip(nip('19900101', appointment, '1', '001'), { today });
    expect(codes(result)).toEqual(['NIP_APPOINTMENT_INVALID']);
    expect(result.errors[0]!.message.id).toContain(appointment);
    expect(result.fields?.appointmentMonth).toBeUndefined();
  });

  it('NIP_APPOINTMENT_FUTURE: the current month is allowed, the next is not', () => {
    expect(parseNip(nip('19900101', '202506', '1', '001'), { today }).valid).toBe(true);
    const result = parseNip(nip('19900101', '202507', '1', '001'), { today });
    expect(codes(result)).toEqual(['NIP_APPOINTMENT_FUTURE']);
    expect(result.fields?.appointmentMonth).toBe('2025-07');
  });

  describe('NIP_APPOINTMENT_TOO_EARLY', () => {
    it('refuses an appointment before the month of the 15th birthday', () => {
      const result = parseNip(nip('20000615', '201505', '1', '001'), { today });
      expect(codes(result)).toEqual(['NIP_APPOINTMENT_TOO_EARLY']);
      expect(result.errors[0]!.message.en).toContain('2015-06');
      expect(parseNip(nip('20000615', '201506', '1', '001'), { today }).valid).toBe(true);
    });

    it('puts a leap-day birth’s 15th birthday in February', () => {
      expect(parseNip(nip('20000229', '201502', '1', '001'), { today }).valid).toBe(true);
      expect(codes(parseNip(nip('20000229', '201501', '1', '001'), { today }))).toEqual([
        'NIP_APPOINTMENT_TOO_EARLY',
      ]);
    });
  });

  it.each(['0', '3', '9'])('NIP_SEX_INVALID: refuses sex digit %s', (digit) => {
    const result = parseNip(nip('19900101', '201503', digit, '001'), { today });
    expect(codes(result)).toEqual(['NIP_SEX_INVALID']);
    expect(result.errors[0]!.message.id).toContain(`"${digit}"`);
    expect(result.fields?.sex).toBeUndefined();
  });

  it('NIP_SERIAL_ZERO', () => {
    const result = parseNip(nip('19900101', '201503', '1', '000'), { today });
    expect(codes(result)).toEqual(['NIP_SERIAL_ZERO']);
    expect(result.fields?.serial).toBe('000');
  });

  it('reports every error that applies', () => {
    expect(codes(parseNip(nip('19900230', '202513', '5', '000'), { today }))).toEqual([
      'NIP_BIRTH_DATE_INVALID',
      'NIP_APPOINTMENT_INVALID',
      'NIP_SEX_INVALID',
      'NIP_SERIAL_ZERO',
    ]);
  });

  it('reads a Date as the day it is in WIB', () => {
    const value = nip('19900101', '202507', '1', '001');
    expect(parseNip(value, { today: new Date('2025-06-30T17:00:00Z') }).valid).toBe(true);
    expect(parseNip(value, { today: new Date('2025-06-30T16:59:59Z') }).valid).toBe(false);
  });
});

describe('formatNip', () => {
  it('writes the NIP', () => {
    expect(
      formatNip({ birthDate: '1990-01-01', appointmentMonth: '2015-03', sex: 'female', serial: 1 }),
    ).toBe('199001012015032001');
  });

  it('throws on parts no NIP can carry', () => {
    const good = { birthDate: '1990-01-01', appointmentMonth: '2015-03', sex: 'male', serial: 1 } as const;
    expect(() => formatNip({ ...good, birthDate: '1990-02-30' })).toThrow(RangeError);
    expect(() => formatNip({ ...good, appointmentMonth: '2015-13' })).toThrow(RangeError);
    expect(() => formatNip({ ...good, serial: 1000 })).toThrow(RangeError);
  });
});

describe('properties', () => {
  /** A day in 1960–2099, a birth date at least 15 years before it, an appointment between the two. */
  const todayAndFields = fc
    .record({
      todayOffset: fc.integer({ min: 0, max: 51_134 }),
      ageInDays: fc.integer({ min: 0, max: 25_000 }),
      appointmentFraction: fc.double({ min: 0, max: 1, noNaN: true }),
      sex: fc.constantFrom('male' as const, 'female' as const),
      serial: fc.integer({ min: 1, max: 999 }),
    })
    .map(({ todayOffset, ageInDays, appointmentFraction, sex, serial }) => {
      const day = addDays('1960-01-01', todayOffset);
      const birthDate = addDays(addYears(day, -15), -ageInDays);
      const first = periodIndex(addYears(birthDate, 15).slice(0, 7) as `${number}-${number}`);
      const last = periodIndex(day.slice(0, 7) as `${number}-${number}`);
      const appointmentMonth = periodFromIndex(first + Math.floor(appointmentFraction * (last - first)));
      const fields: NipFields = { birthDate, appointmentMonth, sex, serial: String(serial).padStart(3, '0') };
      return { today: day, fields };
    });

  it('parseNip(formatNip(fields)) is valid and decodes back to the fields', () => {
    fc.assert(
      fc.property(todayAndFields, ({ today, fields }) => {
        const value = formatNip({ ...fields, serial: Number(fields.serial) });
        expect(parseNip(value, { today })).toEqual({ valid: true, errors: [], warnings: [], value, fields });
      }),
    );
  });

  it('a string of any length but 18 is refused with NIP_LENGTH', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 40 }), fc.stringMatching(/^[0-9]{0,40}$/)), (value) => {
        fc.pre([...value.trim()].length !== 18);
        const result = parseNip(value, { today });
        expect(result.valid).toBe(false);
        expect(codes(result)).toContain('NIP_LENGTH');
      }),
    );
  });
});
