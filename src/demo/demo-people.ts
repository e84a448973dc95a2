import { formatIsoDate, type IsoDate } from '../core/calendar.ts';
import type { Sex } from '../core/identifiers/common.ts';
import { FEMALE_NAMES, MALE_NAMES } from './demo-names.ts';
import { type Random, Weighted } from './demo-random.ts';

/** What the roster and the registry generators share: the demo's calendar, names and birth years. */

export const DAY_MS = 86_400_000;

/** Days since 1970-01-01 (UTC), negative before. */
export function epochDay(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

export function isoOfEpochDay(day: number): IsoDate {
  const date = new Date(day * DAY_MS);
  return formatIsoDate(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
}

/** Months since year 0, so that month arithmetic is integer arithmetic. */
export function monthIndex(year: number, month: number): number {
  return year * 12 + month - 1;
}

export function monthOfEpochDay(day: number): number {
  const date = new Date(day * DAY_MS);
  return monthIndex(date.getUTCFullYear(), date.getUTCMonth() + 1);
}

/**
 * The day the people's ages and careers are counted to. Fixed rather than today, so that a file
 * generated next year is the same file.
 */
export const REFERENCE_YEAR = 2026;
export const DEMO_REFERENCE_DATE: IsoDate = `${REFERENCE_YEAR}-01-01`;
/** The last month an appointment may fall in: the one before the reference day. */
export const REFERENCE_MONTH = monthIndex(REFERENCE_YEAR - 1, 12);

/** A Javanese, mostly Muslim name in the fashion of the person's generation. */
export function personName(random: Random, sex: Sex, birthYear: number): string {
  const generation = birthYear < 1970 ? 'old' : birthYear < 1990 ? 'middle' : 'young';
  const pool = (sex === 'female' ? FEMALE_NAMES : MALE_NAMES)[generation];
  const form = random.float();
  const [single, triple] =
    generation === 'old' ? [0.45, 0] : generation === 'middle' ? [0.2, 0.05] : [0.06, 0.25];
  if (form < single) return random.pick(pool.single);
  const first = random.pick(pool.first);
  let last = random.pick(pool.last);
  if (last === first) last = random.pick(pool.last);
  if (form < single + triple) {
    let middle = random.pick(pool.first);
    if (middle === first) middle = random.pick(pool.single);
    return `${first} ${middle} ${last}`;
  }
  return `${first} ${last}`;
}

/** Draws a birth day: a year by weight, then any day of it. */
export class YearSampler {
  private readonly years: number[] = [];
  private readonly weights: Weighted;

  constructor(bands: readonly [number, number, number][]) {
    const weights: number[] = [];
    for (const [from, to, weight] of bands) {
      for (let year = from; year <= to; year++) {
        this.years.push(year);
        weights.push(weight);
      }
    }
    this.weights = new Weighted(weights);
  }

  drawDay(random: Random): number {
    const year = this.years[this.weights.draw(random)]!;
    const first = epochDay(year, 1, 1);
    return first + random.int(epochDay(year + 1, 1, 1) - first);
  }
}
