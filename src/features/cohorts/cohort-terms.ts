import { type IsoDate, todayInWib } from '../../core/calendar.ts';
import { ContributionError, contributionOptionsAt } from '../../core/contributions/engine.ts';
import type { Programme } from '../../core/contributions/schedules.ts';
import { problem } from '../../core/message.ts';
import { addMonths, type Period, periodIndex } from '../../core/period.ts';
import { parseRegionCode } from '../../core/regions.ts';
import { invalid } from '../../errors.ts';

/** The terms every build is checked against: its key, its months, its areas, what it pays for. */

/** The contribution cohorts, CSR and donors buy: the BPU minimum, JKK + JKM. */
export const COHORT_PROGRAMMES: readonly Programme[] = ['jkk', 'jkm'];

/** `Petani Tembakau APBD 2024` → `petani-tembakau-apbd-2024`: a programme key from its name. */
export function keyFromName(name: string): string {
  const key = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/, '');
  if (key.length < 2) {
    throw invalid(
      problem(
        'COHORT_KEY',
        `Nama "${name}" tidak menghasilkan kunci program; sebutkan kunci (key), mis. petani-tembakau-2024.`,
        `The name "${name}" yields no programme key; give a key, e.g. petani-tembakau-2024.`,
      ),
    );
  }
  return key;
}

/** The narrowest region holding every code: `35.02.01` and `35.02.05` share `35.02`. */
export function commonArea(codes: readonly string[]): string {
  const split = codes.map((code) => code.split('.'));
  const shared: string[] = [];
  for (let index = 0; split.every((parts) => index < parts.length); index += 1) {
    const part = split[0]![index]!;
    if (!split.every((parts) => parts[index] === part)) break;
    shared.push(part);
  }
  return shared.join('.');
}

/** The engine's refusal as a request's: a month or income the schedules do not price. */
export function orInvalid<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof ContributionError) throw invalid(error.problem);
    throw error;
  }
}

export const monthDate = (period: Period) => `${period}-01`;

/** Sponsors of several Pemda are counted in one month: WIB's, where most of them are. */
export const thisMonthWib = (now: () => Date) => monthDate(todayInWib(now()).slice(0, 7) as Period);

/** The months a build pays for: from its first month, `months` of them. */
export interface Months {
  from: Period;
  months: number;
  /** First days of the first month and of the month after the last. */
  first: IsoDate;
  end: IsoDate;
  endPeriod: Period;
}

export function monthsOf(from: Period, months: number): Months {
  const endPeriod = addMonths(from, months);
  return { from, months, first: monthDate(from), end: monthDate(endPeriod), endPeriod };
}

/** An APBD pays for months of its own year: from a month of the budget year, to December at the latest. */
export function budgetMonths(from: string, budgetYear: number, months: number | undefined): Months {
  const start = from as Period;
  const year = Number(from.slice(0, 4));
  if (year !== budgetYear) {
    throw invalid(
      problem(
        'COHORT_FROM_OUTSIDE_YEAR',
        `Bulan pertama ${from} tidak berada dalam tahun anggaran ${budgetYear}.`,
        `The first month ${from} is not in the budget year ${budgetYear}.`,
      ),
    );
  }
  const left = 12 - (periodIndex(start) - periodIndex(`${budgetYear}-01` as Period));
  const count = months ?? left;
  if (count > left) {
    throw invalid(
      problem(
        'COHORT_MONTHS_PAST_YEAR',
        `${count} bulan dari ${from} melewati Desember ${budgetYear}; APBD ${budgetYear} membayar paling banyak ${left} bulan dari ${from}.`,
        `${count} months from ${from} run past December ${budgetYear}; the ${budgetYear} APBD pays at most ${left} months from ${from}.`,
      ),
    );
  }
  return monthsOf(start, count);
}

/** A district or village of the Pemda; `districtsOnly` for a CSR's or donor's chosen districts. */
export function checkAreas(pemdaCode: string, codes: readonly string[], districtsOnly: boolean): string[] {
  const unique = [...new Set(codes.map((code) => code.trim()))];
  for (const code of unique) {
    const parsed = parseRegionCode(code);
    if (!parsed.ok) throw invalid(parsed.problem);
    const level = parsed.region.level;
    const allowed = districtsOnly ? level === 'district' : level === 'district' || level === 'village';
    if (!allowed || !code.startsWith(`${pemdaCode}.`)) {
      throw invalid(
        problem(
          'COHORT_AREA',
          districtsOnly
            ? `${code} bukan kecamatan di Pemda ${pemdaCode}; sebutkan kode kecamatan seperti ${pemdaCode}.01.`
            : `${code} bukan kecamatan atau desa di Pemda ${pemdaCode}; sebutkan kode seperti ${pemdaCode}.01.`,
          districtsOnly
            ? `${code} is not a district of Pemda ${pemdaCode}; give a district code such as ${pemdaCode}.01.`
            : `${code} is not a district or village of Pemda ${pemdaCode}; give a code such as ${pemdaCode}.01.`,
        ),
      );
    }
  }
  return unique;
}

/** The lowest declared income in force in the first month: what cohorts pay on. */
export function lowestIncome(from: Period): number {
  const brackets = orInvalid(() => contributionOptionsAt(from)).brackets;
  return brackets[0]!;
}
