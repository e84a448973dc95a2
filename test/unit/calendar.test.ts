import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  addYears,
  ageInYears,
  calendarDay,
  daysInMonth,
  isIsoDate,
  isLeapYear,
  todayInWib,
} from '../../src/core/calendar.ts';

describe('calendar', () => {
  it('knows the Gregorian leap years', () => {
    expect([1900, 1996, 2000, 2023, 2024, 2100].map(isLeapYear)).toEqual([
      false,
      true,
      true,
      false,
      true,
      false,
    ]);
    expect(daysInMonth(2000, 2)).toBe(29);
    expect(daysInMonth(1900, 2)).toBe(28);
    expect(daysInMonth(2025, 4)).toBe(30);
  });

  it('accepts only days that exist, written YYYY-MM-DD', () => {
    expect(isIsoDate('2000-02-29')).toBe(true);
    expect(isIsoDate('1900-02-29')).toBe(false);
    expect(isIsoDate('2025-04-31')).toBe(false);
    expect(isIsoDate('0000-01-01')).toBe(false);
    expect(isIsoDate('2025-1-01')).toBe(false);
  });

  it('reads today in WIB, UTC+7', () => {
    expect(todayInWib(new Date('2025-12-31T16:59:59Z'))).toBe('2025-12-31');
    expect(todayInWib(new Date('2025-12-31T17:00:00Z'))).toBe('2026-01-01');
    expect(calendarDay('2025-06-15')).toBe('2025-06-15');
    expect(() => calendarDay('2025-06-31')).toThrow(RangeError);
  });

  it('moves a leap day to 28 February in a common year', () => {
    expect(addYears('2000-02-29', 15)).toBe('2015-02-28');
    expect(addYears('2000-02-29', 4)).toBe('2004-02-29');
    expect(addYears('2025-06-15', -100)).toBe('1925-06-15');
  });

  it('counts completed years', () => {
    expect(ageInYears('1990-06-15', '2025-06-14')).toBe(34);
    expect(ageInYears('1990-06-15', '2025-06-15')).toBe(35);
    expect(ageInYears('2000-02-29', '2015-02-27')).toBe(14);
    expect(ageInYears('2000-02-29', '2015-02-28')).toBe(15);
  });

  it('adds days across months, leap days and the years below 100', () => {
    expect(addDays('2000-02-28', 1)).toBe('2000-02-29');
    expect(addDays('1900-02-28', 1)).toBe('1900-03-01');
    expect(addDays('2025-01-01', -1)).toBe('2024-12-31');
    expect(addDays('0050-01-01', 31)).toBe('0050-02-01');
  });

  it('addDays there and back is the identity', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: -50_000, max: 50_000 }), (a, b) => {
        const day = addDays('1800-01-01', a);
        expect(isIsoDate(day)).toBe(true);
        expect(addDays(addDays(day, b), -b)).toBe(day);
      }),
    );
  });
});
