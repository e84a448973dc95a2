import { TIME_ZONES } from './regions.ts';

/**
 * Calendar days as `YYYY-MM-DD` strings, the form the database returns them in (see
 * src/db/database.ts): a birth date is a day, not an instant, so no time zone may shift it.
 * All arithmetic here is on the proleptic Gregorian calendar in UTC, never the host's zone.
 */
export type IsoDate = string;

const ISO_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_HOUR = 3_600_000;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Year 0 and below are refused: no identifier or record of ours can carry them. */
export function isRealDate(year: number, month: number, day: number): boolean {
  return (
    Number.isInteger(year) &&
    Number.isInteger(month) &&
    Number.isInteger(day) &&
    year >= 1 &&
    year <= 9999 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month)
  );
}

export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

/** The parts of a `YYYY-MM-DD` string naming a day that exists, or undefined. */
export function parseIsoDate(value: string): CalendarDate | undefined {
  const match = ISO_DATE_PATTERN.exec(value);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return isRealDate(year, month, day) ? { year, month, day } : undefined;
}

export function isIsoDate(value: string): boolean {
  return parseIsoDate(value) !== undefined;
}

/** Pads without checking, so callers can also format a day they are about to reject. */
export function formatIsoDate(year: number, month: number, day: number): IsoDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function requireIsoDate(value: string): CalendarDate {
  const parts = parseIsoDate(value);
  if (!parts) throw new RangeError(`not a calendar date (YYYY-MM-DD): ${value}`);
  return parts;
}

/**
 * The day it is in Jakarta at `now`. Plain offset arithmetic rather than Intl: WIB has had no
 * daylight saving since 1964, and this way the answer cannot depend on the host's ICU data.
 */
export function todayInWib(now: Date = new Date()): IsoDate {
  const local = new Date(now.getTime() + TIME_ZONES.WIB.utcOffsetHours * MS_PER_HOUR);
  return formatIsoDate(local.getUTCFullYear(), local.getUTCMonth() + 1, local.getUTCDate());
}

/** A `today` option as the core takes it: an instant (read in WIB) or a `YYYY-MM-DD` day. */
export function calendarDay(value: Date | IsoDate): IsoDate {
  if (value instanceof Date) return todayInWib(value);
  requireIsoDate(value);
  return value;
}

/**
 * The same day `years` later (or earlier). 29 February lands on 28 February in a common year,
 * so a person born on a leap day comes of age before March, not after it.
 */
export function addYears(date: IsoDate, years: number): IsoDate {
  const { year, month, day } = requireIsoDate(date);
  const target = year + years;
  return formatIsoDate(target, month, Math.min(day, daysInMonth(target, month)));
}

export function addDays(date: IsoDate, days: number): IsoDate {
  const { year, month, day } = requireIsoDate(date);
  // setUTCFullYear rather than Date.UTC: the latter maps years 0–99 to 1900–1999.
  const moment = new Date(0);
  moment.setUTCFullYear(year, month - 1, day + days);
  return formatIsoDate(moment.getUTCFullYear(), moment.getUTCMonth() + 1, moment.getUTCDate());
}

/** Completed years on `on`, counting birthdays the way addYears places them. */
export function ageInYears(birthDate: IsoDate, on: IsoDate): number {
  const years = requireIsoDate(on).year - requireIsoDate(birthDate).year;
  return addYears(birthDate, years) <= on ? years : years - 1;
}
