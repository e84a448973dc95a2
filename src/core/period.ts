import { type Problem, problem } from './message.ts';

/** A contribution month, `YYYY-MM`. */
export type Period = `${number}-${number}`;

/**
 * The months Asuh knows: the years the database already holds targets and budgets for (2000–2100).
 * No contribution was due before and no plan reaches beyond, so a month outside is a typing
 * mistake, and keeping it out means no date arithmetic downstream can leave the calendar.
 */
export const FIRST_PERIOD = '2000-01' as Period;
export const LAST_PERIOD = '2100-12' as Period;

/** `YYYY-MM` within the bounds above. */
export const PERIOD_PATTERN = /^(20\d\d|2100)-(0[1-9]|1[0-2])$/;

export function isPeriod(value: string): value is Period {
  return PERIOD_PATTERN.test(value);
}

export function parsePeriod(value: string): { ok: true; period: Period } | { ok: false; problem: Problem } {
  if (isPeriod(value)) return { ok: true, period: value };
  return {
    ok: false,
    problem: problem(
      'INVALID_PERIOD',
      `Bulan "${value}" tidak sah: gunakan format TTTT-BB antara ${FIRST_PERIOD} dan ${LAST_PERIOD}, misalnya 2025-01.`,
      `Month "${value}" is not valid: use YYYY-MM between ${FIRST_PERIOD} and ${LAST_PERIOD}, for example 2025-01.`,
    ),
  };
}

/** Months since year 0: makes period arithmetic and comparison plain integer work. */
export function periodIndex(period: Period): number {
  const year = Number(period.slice(0, 4));
  const month = Number(period.slice(5, 7));
  return year * 12 + (month - 1);
}

export function periodFromIndex(index: number): Period {
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}` as Period;
}

export function addMonths(period: Period, months: number): Period {
  return periodFromIndex(periodIndex(period) + months);
}

export function comparePeriods(a: Period, b: Period): number {
  return periodIndex(a) - periodIndex(b);
}

/** The periods from `from`, `count` of them, in order. */
export function periodRange(from: Period, count: number): Period[] {
  const start = periodIndex(from);
  return Array.from({ length: count }, (_, i) => periodFromIndex(start + i));
}

/** Whether `period` lies in [from, to]; an open `to` runs forever. */
export function periodWithin(period: Period, from: Period, to: Period | undefined): boolean {
  const index = periodIndex(period);
  return index >= periodIndex(from) && (to === undefined || index <= periodIndex(to));
}
