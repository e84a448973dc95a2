/**
 * Coverage follows payment (domain-rules §3): for every worker and month, whether the month was
 * paid on time, paid late, is unpaid or still awaiting payment, fell after the membership lapsed,
 * had no sponsor, or came before Asuh kept its Pemda's ledger; and, for any day, whether the
 * worker was covered on it and why. The rules are effective-dated data with their sources; where
 * a regulation is ambiguous the entry says which reading it takes, the one that protects the
 * worker unless the rule forbids it. Pure: the ledger comes in, the timeline goes out.
 */
import { daysInMonth, type IsoDate } from './calendar.ts';
import type { Scheme } from './contributions/schedules.ts';
import { deadline, dueDate } from './due-dates.ts';
import type { Message } from './message.ts';
import { formatRupiah, type Rupiah } from './money.ts';
import { type Period, periodFromIndex, periodIndex, periodWithin } from './period.ts';
import { TIME_ZONES, type TimeZoneName } from './regions.ts';

export interface CoverageRule {
  scheme: Scheme;
  effectiveFrom: Period;
  effectiveTo?: Period;
  /**
   * A membership ends when, at the deadline of a month, this many months before it and the month
   * itself are all unpaid: "more than N consecutive unpaid months". Arrears may be paid until then.
   */
  maxConsecutiveUnpaidMonths: number;
  legalBasis: string;
  /** How the ambiguous parts are read, in the words shown to officers. */
  readings: readonly string[];
  verify?: string;
}

export const COVERAGE_RULES: readonly CoverageRule[] = [
  {
    scheme: 'bpu',
    effectiveFrom: '2015-07',
    maxConsecutiveUnpaidMonths: 3,
    legalBasis:
      'PP 44/2015 jo. PP 82/2019 (manfaat hanya untuk peserta aktif); Permenaker 5/2021 (BPU: tunggakan iuran ' +
      'paling lama 3 bulan setelah perlindungan berakhir; lebih dari 3 bulan berturut-turut tidak membayar ' +
      'mengakhiri kepesertaan, pendaftaran ulang adalah kepesertaan baru)',
    readings: [
      'A month paid by its deadline, when the month before was covered to its end, is covered from its first day: BPU pays ahead, so an incident before the payment but before the deadline is covered.',
      'Otherwise cover starts on the later of the membership start and the day the month was paid in full (openIMIS: the later of the start date and the full-payment date); the payment day itself is covered, in the Pemda time zone.',
      'A month paid in full only after it ended gives no cover in that month: a late payment never covers an incident before it.',
      'The membership ends at the deadline of the fourth consecutive unpaid month (the later of the two readings of "3 months after the protection end"): arrears paid before then keep the membership, with cover from the payment day.',
      'A month with no sponsor counts as unpaid towards the lapse: BPJS Ketenagakerjaan sees no payment whoever was meant to pay.',
      "A sponsored month before the first month its Pemda's ledger is kept in Asuh is not recorded: Asuh cannot tell whether it was paid, so it never counts as unpaid towards the lapse, a membership may begin in it, and the month after it is read as if this one was covered to its end (we do not know, so we do not take cover away). An incident in it is not covered by the ledger; BPJS Ketenagakerjaan holds the record, and an officer may record an override with a reason.",
      'After a lapse, months stay lapsed until a sponsorship whose membership starts after the lapse (a re-enrolment) begins a new membership.',
      'An incident in an unpaid month is not covered unless an officer records an override with a reason.',
    ],
    verify:
      'domain-rules §3: whether an incident in an unpaid month is covered once the arrears are paid within the 3 months is unconfirmed; the exact day the membership ends is to be checked against Permenaker 5/2021.',
  },
];

export function coverageRule(scheme: Scheme, period: Period, rules = COVERAGE_RULES): CoverageRule {
  const rule = rules.find(
    (entry) => entry.scheme === scheme && periodWithin(period, entry.effectiveFrom, entry.effectiveTo),
  );
  if (!rule) throw new RangeError(`no coverage rule for ${scheme} in ${period}`);
  return rule;
}

export const COVERAGE_STATES = [
  'paid_on_time',
  'paid_late',
  'pending',
  'unpaid',
  'lapsed',
  'not_sponsored',
  'not_recorded',
] as const;
export type CoverageState = (typeof COVERAGE_STATES)[number];

export const COVERAGE_STATE_LABELS: Record<CoverageState, Message> = {
  paid_on_time: { id: 'Dibayar tepat waktu', en: 'Paid on time' },
  paid_late: { id: 'Dibayar terlambat', en: 'Paid late' },
  pending: { id: 'Menunggu pembayaran', en: 'Awaiting payment' },
  unpaid: { id: 'Tidak dibayar', en: 'Unpaid' },
  lapsed: { id: 'Kepesertaan berakhir', en: 'Membership lapsed' },
  not_sponsored: { id: 'Tidak ditanggung', en: 'Not sponsored' },
  not_recorded: { id: 'Tidak tercatat di Asuh', en: 'Not recorded in Asuh' },
};

/** An officer's decision that a month is (or is not) covered whatever the ledger says. */
export interface CoverageOverride {
  covered: boolean;
  reason: string;
  /** Who recorded it, as shown. */
  by: string | null;
  /** When, ISO instant. */
  at: string;
}

/** One month of a worker's ledger, as the coverage rules read it. */
export interface LedgerMonth {
  period: Period;
  /** The Pemda's zone: deadlines and payment days are on its clock. */
  zone: TimeZoneName;
  /**
   * The sponsorship holding the month, with the day its BPJSTK membership starts (the enrolment
   * response's date, else the first day of its first month); null when nobody pays for the month.
   */
  sponsorship: { id: number; membershipStart: IsoDate } | null;
  /** Rupiah billed for the month (charges and corrections), 0 when not billed yet. */
  owed: Rupiah;
  paid: Rupiah;
  /** The moment the month was paid in full (ISO instant); null while it is not. */
  paidAt: string | null;
  override: CoverageOverride | null;
  /**
   * Whether Asuh keeps the month's record: false for a sponsored month not billed in Asuh and
   * before the first month its Pemda's ledger is kept here (a Pemda that adopted Asuh later than
   * its sponsorships began), where nothing says whether it was paid.
   */
  recorded: boolean;
  /** The first month the Pemda's ledger is kept in Asuh; null while it has none. */
  recordedFrom: Period | null;
}

export interface MonthCoverage {
  state: CoverageState;
  /** The regulated deadline day, for a sponsored month. */
  dueDate: IsoDate | null;
  /** The day it was paid in full, on the Pemda's clock. */
  paidOn: IsoDate | null;
  /** The first covered day of the month; null when no day of it is covered by payment. */
  coveredFrom: IsoDate | null;
  /** The start of the membership the month belongs to. */
  membershipStart: IsoDate | null;
  /** For a lapsed month: the day the membership ended. */
  lapsedOn: IsoDate | null;
  /** For an unpaid month: the last day its arrears can be paid before the membership ends. */
  arrearsPayableUntil: IsoDate | null;
}

export type TimelineMonth<T extends LedgerMonth = LedgerMonth> = T & MonthCoverage;

export interface CoverageAnswer {
  covered: boolean;
  /** A stable code for programs: COVERED_ON_TIME, NOT_COVERED_LAPSED… */
  code: string;
  reason: Message;
  period: Period;
  state: CoverageState | null;
  /** True when an officer's override decided the answer. */
  overridden: boolean;
}

const MS_PER_HOUR = 3_600_000;

/** The calendar day an instant falls on in a zone: payments and "today" are read on the Pemda's clock. */
export function dayInZone(instant: Date | string, zone: TimeZoneName): IsoDate {
  const ms = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  return new Date(ms + TIME_ZONES[zone].utcOffsetHours * MS_PER_HOUR).toISOString().slice(0, 10);
}

function firstDay(period: Period): IsoDate {
  return `${period}-01`;
}

function lastDay(period: Period): IsoDate {
  const [year, month] = period.split('-').map(Number) as [number, number];
  return `${period}-${String(daysInMonth(year, month)).padStart(2, '0')}`;
}

const later = (a: IsoDate, b: IsoDate): IsoDate => (a > b ? a : b);

/**
 * The timeline of consecutive months, each with its state and cover, as the ledger stands at
 * `now`. A payment made after some moment is not seen at that moment: a lapse is decided with
 * what had been paid by the deadline that decided it.
 */
export function coverageTimeline<T extends LedgerMonth>(
  months: readonly T[],
  now: Date,
  rules: readonly CoverageRule[] = COVERAGE_RULES,
): TimelineMonth<T>[] {
  months.forEach((month, index) => {
    if (index > 0 && periodIndex(month.period) !== periodIndex(months[index - 1]!.period) + 1) {
      throw new RangeError(
        `timeline months must be consecutive: ${months[index - 1]!.period}, ${month.period}`,
      );
    }
  });
  const nowMs = now.getTime();
  const deadlines = months.map((month) => Date.parse(deadline('bpu', month.period, month.zone)));
  const paidBy = (index: number, moment: number) => {
    const paidAt = months[index]!.paidAt;
    return paidAt !== null && Date.parse(paidAt) <= moment;
  };
  const result: TimelineMonth<T>[] = [];
  let membership: { start: IsoDate; firstIndex: number } | null = null;
  let lapse: { on: IsoDate } | null = null;
  let previousCoveredToEnd = false;

  for (const [index, month] of months.entries()) {
    const rule = coverageRule('bpu', month.period, rules);
    const sponsored = month.sponsorship !== null;
    const paidOn = month.paidAt === null ? null : dayInZone(month.paidAt, month.zone);
    const base: MonthCoverage = {
      state: 'not_sponsored',
      dueDate: sponsored ? dueDate('bpu', month.period) : null,
      paidOn,
      coveredFrom: null,
      membershipStart: null,
      lapsedOn: null,
      arrearsPayableUntil: null,
    };

    // A membership opens with the first sponsored month, or after a lapse with a re-enrolment.
    if (membership === null && month.sponsorship !== null) {
      const start = month.sponsorship.membershipStart;
      if (lapse === null || start > lapse.on) {
        membership = { start: later(start, firstDay(month.period)), firstIndex: index };
        lapse = null;
        previousCoveredToEnd = false;
      }
    }

    if (membership === null) {
      const state: CoverageState = sponsored ? 'lapsed' : 'not_sponsored';
      result.push({ ...month, ...base, state, lapsedOn: sponsored ? (lapse?.on ?? null) : null });
      previousCoveredToEnd = false;
      continue;
    }

    // More than N consecutive unpaid months at this month's deadline ends the membership; a month
    // Asuh holds no record of is not known to be unpaid.
    const window = rule.maxConsecutiveUnpaidMonths;
    if (deadlines[index]! <= nowMs && index - window >= membership.firstIndex) {
      let allUnpaid = true;
      for (let back = index - window; back <= index && allUnpaid; back += 1) {
        allUnpaid = months[back]!.recorded && !paidBy(back, deadlines[index]!);
      }
      if (allUnpaid) {
        lapse = { on: dueDate('bpu', month.period) };
        membership = null;
        result.push({ ...month, ...base, state: sponsored ? 'lapsed' : 'not_sponsored', lapsedOn: lapse.on });
        previousCoveredToEnd = false;
        continue;
      }
    }

    const membershipStart = membership.start;
    if (!sponsored) {
      result.push({ ...month, ...base, membershipStart });
      previousCoveredToEnd = false;
      continue;
    }
    if (!month.recorded) {
      result.push({ ...month, ...base, state: 'not_recorded', membershipStart });
      // Unknown is not unpaid: the next month continues as if this one was covered to its end.
      previousCoveredToEnd = true;
      continue;
    }
    if (month.paidAt === null) {
      result.push({
        ...month,
        ...base,
        state: deadlines[index]! > nowMs ? 'pending' : 'unpaid',
        membershipStart,
        // If this month and the ones after it are still unpaid then, the membership ends that day.
        arrearsPayableUntil: dueDate('bpu', periodFromIndex(periodIndex(month.period) + window)),
      });
      previousCoveredToEnd = false;
      continue;
    }
    const onTime = Date.parse(month.paidAt) <= deadlines[index]!;
    const continuous: boolean = onTime && previousCoveredToEnd && index > membership.firstIndex;
    const start = later(firstDay(month.period), membershipStart);
    const candidate: IsoDate = continuous ? firstDay(month.period) : later(start, paidOn!);
    const coveredFrom: IsoDate | null = candidate <= lastDay(month.period) ? candidate : null;
    result.push({
      ...month,
      ...base,
      state: onTime ? 'paid_on_time' : 'paid_late',
      membershipStart,
      coveredFrom,
    });
    previousCoveredToEnd = coveredFrom !== null;
  }
  return result;
}

/** Why a day of a month is or is not covered, in both languages. */
function answerFor(
  month: TimelineMonth,
  date: IsoDate,
  rules: readonly CoverageRule[],
): Omit<CoverageAnswer, 'period' | 'overridden'> {
  const p = month.period;
  const limit = coverageRule('bpu', p, rules).maxConsecutiveUnpaidMonths;
  const owed =
    month.owed > 0
      ? { id: ` (${formatRupiah(month.owed)})`, en: ` (${formatRupiah(month.owed)})` }
      : { id: ' (belum ditagih)', en: ' (not billed yet)' };
  switch (month.state) {
    case 'not_sponsored':
      return {
        covered: false,
        code: 'NOT_COVERED_NOT_SPONSORED',
        state: month.state,
        reason: {
          id: `Tidak tertanggung: tidak ada penanggung iuran untuk bulan ${p}.`,
          en: `Not covered: nobody paid the contributions for ${p}.`,
        },
      };
    case 'not_recorded':
      return {
        covered: false,
        code: 'NOT_RECORDED',
        state: month.state,
        reason: {
          id: `Tidak tercatat di Asuh: Asuh tidak memegang catatan pembayaran iuran ${p} karena buku iuran Pemda di Asuh baru dimulai ${month.recordedFrom ?? ''}. Tanyakan ke BPJS Ketenagakerjaan; petugas dapat mencatat pengecualian dengan alasan.`,
          en: `Not recorded in Asuh: Asuh holds no payment record for ${p} because the Pemda's ledger in Asuh begins in ${month.recordedFrom ?? ''}. Ask BPJS Ketenagakerjaan; an officer may record an override with a reason.`,
        },
      };
    case 'lapsed':
      return {
        covered: false,
        code: 'NOT_COVERED_LAPSED',
        state: month.state,
        reason: {
          id: `Tidak tertanggung: iuran tidak dibayar lebih dari ${limit} bulan berturut-turut, sehingga kepesertaan berakhir pada ${month.lapsedOn ?? ''}; bulan ${p} tidak dilindungi. Pendaftaran ulang adalah kepesertaan baru.`,
          en: `Not covered: contributions went unpaid for more than ${limit} consecutive months, so the membership ended on ${month.lapsedOn ?? ''}; ${p} is not protected. Re-enrolment is a new membership.`,
        },
      };
    case 'pending':
      return {
        covered: false,
        code: 'NOT_COVERED_AWAITING_PAYMENT',
        state: month.state,
        reason: {
          id: `Belum tertanggung: iuran ${p}${owed.id} belum dibayar; batas bayar ${month.dueDate!}. Jika dibayar tepat waktu dan bulan sebelumnya terlindungi, tanggal ini ikut tertanggung.`,
          en: `Not covered yet: the contribution for ${p}${owed.en} is not paid; it is due by ${month.dueDate!}. Paid on time after a covered month, this day will be covered.`,
        },
      };
    case 'unpaid':
      return {
        covered: false,
        code: 'NOT_COVERED_UNPAID',
        state: month.state,
        reason: {
          id: `Tidak tertanggung: iuran ${p} tidak dibayar (batas ${month.dueDate!}, ${month.owed > 0 ? `terbayar ${formatRupiah(month.paid)} dari ${formatRupiah(month.owed)}` : 'belum ditagih'}). Kejadian pada bulan yang tidak dibayar tidak tertanggung kecuali petugas mencatat pengecualian dengan alasan.`,
          en: `Not covered: the contribution for ${p} is unpaid (due ${month.dueDate!}, ${month.owed > 0 ? `${formatRupiah(month.paid)} of ${formatRupiah(month.owed)} paid` : 'not billed yet'}). An incident in an unpaid month is not covered unless an officer records an override with a reason.`,
        },
      };
    default: {
      const late = month.state === 'paid_late';
      if (month.coveredFrom === null) {
        return {
          covered: false,
          code: 'NOT_COVERED_PAID_AFTER_MONTH',
          state: month.state,
          reason: {
            id: `Tidak tertanggung: iuran ${p} baru lunas pada ${month.paidOn!}, setelah bulan itu berakhir; pembayaran terlambat tidak melindungi kejadian sebelum tanggal bayar.`,
            en: `Not covered: the contribution for ${p} was paid in full only on ${month.paidOn!}, after the month ended; a late payment never covers an incident before it.`,
          },
        };
      }
      if (date < month.coveredFrom) {
        const beforeMembership = month.membershipStart !== null && date < month.membershipStart;
        return {
          covered: false,
          code: beforeMembership ? 'NOT_COVERED_BEFORE_MEMBERSHIP' : 'NOT_COVERED_BEFORE_PAYMENT',
          state: month.state,
          reason: beforeMembership
            ? {
                id: `Tidak tertanggung: kepesertaan baru dimulai ${month.membershipStart!}.`,
                en: `Not covered: the membership only starts on ${month.membershipStart!}.`,
              }
            : {
                id: `Tidak tertanggung: iuran ${p} lunas pada ${month.paidOn!}${late ? ' (terlambat)' : ''}; perlindungan berlaku sejak ${month.coveredFrom}, tidak untuk kejadian sebelumnya.`,
                en: `Not covered: the contribution for ${p} was paid in full on ${month.paidOn!}${late ? ' (late)' : ''}; cover runs from ${month.coveredFrom}, never for an incident before it.`,
              },
        };
      }
      return late
        ? {
            covered: true,
            code: 'COVERED_PAID_LATE',
            state: month.state,
            reason: {
              id: `Tertanggung: iuran ${p} dibayar terlambat pada ${month.paidOn!} (batas ${month.dueDate!}); perlindungan berlaku sejak ${month.coveredFrom}.`,
              en: `Covered: the contribution for ${p} was paid late on ${month.paidOn!} (due ${month.dueDate!}); cover runs from ${month.coveredFrom}.`,
            },
          }
        : {
            covered: true,
            code: 'COVERED_ON_TIME',
            state: month.state,
            reason: {
              id: `Tertanggung: iuran ${p} dibayar tepat waktu pada ${month.paidOn!} (batas ${month.dueDate!}); perlindungan berlaku sejak ${month.coveredFrom}.`,
              en: `Covered: the contribution for ${p} was paid on time on ${month.paidOn!} (due ${month.dueDate!}); cover runs from ${month.coveredFrom}.`,
            },
          };
    }
  }
}

/**
 * Whether the worker was covered on `date` (a day on the Pemda's clock), and why. An officer's
 * override for the month decides, with its reason quoted; a day outside the timeline had no sponsor.
 */
export function coveredOn(
  timeline: readonly TimelineMonth[],
  date: IsoDate,
  rules: readonly CoverageRule[] = COVERAGE_RULES,
): CoverageAnswer {
  const period = date.slice(0, 7) as Period;
  const month = timeline.find((entry) => entry.period === period);
  if (!month) {
    return {
      covered: false,
      code: 'NOT_COVERED_NOT_SPONSORED',
      period,
      state: null,
      overridden: false,
      reason: {
        id: `Tidak tertanggung: tidak ada catatan iuran untuk bulan ${period}.`,
        en: `Not covered: there is no contribution record for ${period}.`,
      },
    };
  }
  const answer = answerFor(month, date, rules);
  const override = month.override;
  if (override) {
    const who = override.by ? ` (${override.by})` : '';
    return {
      ...answer,
      period,
      covered: override.covered,
      overridden: true,
      code: override.covered ? 'COVERED_BY_OVERRIDE' : 'NOT_COVERED_BY_OVERRIDE',
      reason: override.covered
        ? {
            id: `Tertanggung karena pengecualian petugas${who}: ${override.reason}. Menurut catatan iuran: ${answer.reason.id}`,
            en: `Covered by an officer's override${who}: ${override.reason}. By the ledger alone: ${answer.reason.en}`,
          }
        : {
            id: `Tidak tertanggung karena keputusan petugas${who}: ${override.reason}. Menurut catatan iuran: ${answer.reason.id}`,
            en: `Not covered by an officer's decision${who}: ${override.reason}. By the ledger alone: ${answer.reason.en}`,
          },
    };
  }
  return { ...answer, period, overridden: false };
}

/** The first and last month a timeline must show: from the first sponsored month to the later of now and the last one. */
export function timelineSpan(first: Period, last: Period, now: Period): Period[] {
  const from = periodIndex(first);
  const to = Math.max(periodIndex(last), periodIndex(now));
  return Array.from({ length: Math.max(0, to - from + 1) }, (_, offset) => periodFromIndex(from + offset));
}
