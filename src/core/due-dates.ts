/**
 * When a contribution month must be paid (domain-rules §3): the due day per scheme as
 * effective-dated data with its source, read in the Pemda's time zone. A deadline is the last
 * instant of its due day on the Pemda's clock: a payment at 23:30 WIT on the 15th is on time in
 * Jayapura even though it is already the 16th nowhere, and 21:30 of the 15th in Jakarta.
 */

import { daysInMonth, formatIsoDate, type IsoDate } from './calendar.ts';
import type { Scheme } from './contributions/schedules.ts';
import { addMonths, type Period, periodWithin } from './period.ts';
import { TIME_ZONES, type TimeZoneName } from './regions.ts';

export interface DueDayRule {
  scheme: Scheme;
  /** The first contribution month the rule applies to. */
  effectiveFrom: Period;
  effectiveTo?: Period;
  /** 0: due in the contribution month itself (BPU pays ahead); 1: in the following month (PU). */
  monthOffset: 0 | 1;
  /** Day of that month; a month too short for it is due on its last day. */
  day: number;
  /** A due day on a Saturday or Sunday moves to the Monday. Public holidays are not held yet. */
  nextWorkingDay: boolean;
  /**
   * Months after a contribution month during which its arrears may still be paid; after more
   * unpaid months a BPU membership ends. Billing catches up months that became billable late
   * within this window only.
   */
  arrearsMonths: number;
  legalBasis: string;
  verify?: string;
}

/** The newest entry first wins where ranges overlap: a temporary relief sits on top of the rule. */
export const DUE_DAY_RULES: readonly DueDayRule[] = [
  {
    scheme: 'bpu',
    effectiveFrom: '2020-08',
    effectiveTo: '2021-01',
    monthOffset: 0,
    day: 30,
    nextWorkingDay: false,
    arrearsMonths: 3,
    legalBasis: 'PP 49/2020 (relaksasi iuran masa pandemi COVID-19): batas pembayaran tanggal 30',
  },
  {
    scheme: 'bpu',
    effectiveFrom: '2015-07',
    monthOffset: 0,
    day: 15,
    nextWorkingDay: false,
    arrearsMonths: 3,
    legalBasis: 'PP 44/2015 jo. Permenaker 5/2021: iuran BPU dibayar paling lambat tanggal 15 bulan berjalan',
    verify:
      'domain-rules §3: the 15th of the contribution month itself (paid ahead) is to be checked against Permenaker 5/2021; the 3-month arrears window is from the same section',
  },
  {
    scheme: 'pu',
    effectiveFrom: '2015-07',
    monthOffset: 1,
    day: 15,
    nextWorkingDay: true,
    arrearsMonths: 3,
    legalBasis: 'PP 44/2015 Pasal 22: iuran PU dibayar paling lambat tanggal 15 bulan berikutnya',
    verify: 'the next working day after a public holiday needs the national holiday calendar, not yet held',
  },
];

export function dueDayRule(scheme: Scheme, period: Period, rules = DUE_DAY_RULES): DueDayRule {
  const rule = rules.find(
    (entry) => entry.scheme === scheme && periodWithin(period, entry.effectiveFrom, entry.effectiveTo),
  );
  if (!rule) throw new RangeError(`no due-day rule for ${scheme} in ${period}`);
  return rule;
}

/** The calendar day a contribution month is due, on the Pemda's calendar. */
export function dueDate(scheme: Scheme, period: Period, rules = DUE_DAY_RULES): IsoDate {
  const rule = dueDayRule(scheme, period, rules);
  const month = addMonths(period, rule.monthOffset);
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  const day = Math.min(rule.day, daysInMonth(year, monthNumber));
  if (rule.nextWorkingDay) {
    const weekday = new Date(Date.UTC(year, monthNumber - 1, day)).getUTCDay();
    // Saturday → +2, Sunday → +1; Monday lies in the same or the next month, Date.UTC rolls over.
    const shift = weekday === 6 ? 2 : weekday === 0 ? 1 : 0;
    const moved = new Date(Date.UTC(year, monthNumber - 1, day + shift));
    return formatIsoDate(moved.getUTCFullYear(), moved.getUTCMonth() + 1, moved.getUTCDate());
  }
  return formatIsoDate(year, monthNumber, day);
}

/**
 * The deadline as an instant, written for PostgreSQL's `timestamptz`: the last microsecond of
 * the due day in the Pemda's zone, e.g. `2024-01-15T23:59:59.999999+07:00`.
 */
export function deadline(scheme: Scheme, period: Period, zone: TimeZoneName, rules = DUE_DAY_RULES): string {
  const offset = TIME_ZONES[zone].utcOffsetHours;
  return `${dueDate(scheme, period, rules)}T23:59:59.999999+${String(offset).padStart(2, '0')}:00`;
}
