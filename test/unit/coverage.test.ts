import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, daysInMonth } from '../../src/core/calendar.ts';
import {
  COVERAGE_RULES,
  type CoverageOverride,
  coverageRule,
  coverageTimeline,
  coveredOn,
  type LedgerMonth,
  timelineSpan,
} from '../../src/core/coverage.ts';
import { type Period, periodRange } from '../../src/core/period.ts';
import type { TimeZoneName } from '../../src/core/regions.ts';

/**
 * A worker sponsored from January 2024 for Rp 16,800 a month in a WIB Pemda; each month is
 * paid on the local day given (10:00), or not at all.
 */
interface MonthSpec {
  paidOn?: string | null;
  /** Local time with offset, when the hour matters. */
  paidAt?: string;
  sponsorship?: number | null;
  membershipStart?: string;
  override?: CoverageOverride;
  zone?: TimeZoneName;
  /** The first month the Pemda's ledger is kept in Asuh; an earlier month is not recorded. */
  recordedFrom?: Period;
}

const NOW = new Date('2026-06-01T00:00:00Z');

function ledger(specs: readonly MonthSpec[], from: Period = '2024-01'): LedgerMonth[] {
  return periodRange(from, specs.length).map((period, index) => {
    const spec = specs[index]!;
    const sponsorshipId = spec.sponsorship === undefined ? 1 : spec.sponsorship;
    const paidAt = spec.paidAt ?? (spec.paidOn ? `${spec.paidOn}T10:00:00+07:00` : null);
    return {
      period,
      zone: spec.zone ?? 'WIB',
      sponsorship:
        sponsorshipId === null
          ? null
          : { id: sponsorshipId, membershipStart: spec.membershipStart ?? `${from}-01` },
      owed: sponsorshipId === null ? 0 : 16_800,
      paid: paidAt ? 16_800 : 0,
      paidAt,
      override: spec.override ?? null,
      recorded: spec.recordedFrom === undefined || period >= spec.recordedFrom,
      recordedFrom: spec.recordedFrom ?? null,
    };
  });
}

const timeline = (specs: readonly MonthSpec[], now = NOW) => coverageTimeline(ledger(specs), now);

describe('coverage: paid on time and paid late', () => {
  it('covers a continuing month paid by the 15th from its first day, and the first month from payment', () => {
    const months = timeline([{ paidOn: '2024-01-10' }, { paidOn: '2024-02-10' }]);
    expect(months.map((m) => [m.state, m.coveredFrom])).toEqual([
      ['paid_on_time', '2024-01-10'],
      ['paid_on_time', '2024-02-01'],
    ]);
    // The first month of a membership starts at the later of its start and the payment.
    expect(coveredOn(months, '2024-01-09')).toMatchObject({
      covered: false,
      code: 'NOT_COVERED_BEFORE_PAYMENT',
    });
    // An incident before the payment but before the deadline of a continuing month is covered.
    const feb = coveredOn(months, '2024-02-05');
    expect(feb.covered).toBe(true);
    expect(feb.code).toBe('COVERED_ON_TIME');
    expect(feb.reason.id).toBe(
      'Tertanggung: iuran 2024-02 dibayar tepat waktu pada 2024-02-10 (batas 2024-02-15); perlindungan berlaku sejak 2024-02-01.',
    );
  });

  it('restores cover from the payment day of a late month, never for an incident before it', () => {
    const months = timeline([{ paidOn: '2024-01-05' }, { paidOn: '2024-02-20' }, { paidOn: '2024-03-05' }]);
    expect(months[1]).toMatchObject({ state: 'paid_late', dueDate: '2024-02-15', paidOn: '2024-02-20' });
    const before = coveredOn(months, '2024-02-19');
    expect(before).toMatchObject({ covered: false, code: 'NOT_COVERED_BEFORE_PAYMENT', state: 'paid_late' });
    expect(before.reason.en).toBe(
      'Not covered: the contribution for 2024-02 was paid in full on 2024-02-20 (late); cover runs from 2024-02-20, never for an incident before it.',
    );
    expect(coveredOn(months, '2024-02-20')).toMatchObject({ covered: true, code: 'COVERED_PAID_LATE' });
    // February was covered to its end, so March paid on time is covered from the 1st again.
    expect(months[2]!.coveredFrom).toBe('2024-03-01');
  });

  it('gives no cover in a month paid only after it ended, and breaks the continuity of the next', () => {
    const months = timeline([{ paidOn: '2024-01-05' }, { paidOn: '2024-03-03' }, { paidOn: '2024-03-03' }]);
    expect(months[1]).toMatchObject({ state: 'paid_late', coveredFrom: null });
    expect(coveredOn(months, '2024-02-28').code).toBe('NOT_COVERED_PAID_AFTER_MONTH');
    expect(months[2]).toMatchObject({ state: 'paid_on_time', coveredFrom: '2024-03-03' });
    expect(coveredOn(months, '2024-03-02').covered).toBe(false);
  });

  it('reads deadlines and payment days on the Pemda clock', () => {
    // 23:30 on the 15th in Jayapura is on time there; 00:30 on the 16th in Jakarta is late.
    const wit = timeline([
      { paidOn: '2024-01-02', zone: 'WIT' },
      { paidAt: '2024-02-15T23:30:00+09:00', zone: 'WIT' },
    ]);
    expect(wit[1]).toMatchObject({ state: 'paid_on_time', paidOn: '2024-02-15', coveredFrom: '2024-02-01' });
    const wib = timeline([{ paidOn: '2024-01-02' }, { paidAt: '2024-02-16T00:30:00+07:00' }]);
    expect(wib[1]).toMatchObject({ state: 'paid_late', paidOn: '2024-02-16', coveredFrom: '2024-02-16' });
  });

  it('waits for a month not yet due, and says what paying on time would do', () => {
    const months = timeline([{ paidOn: '2024-01-05' }, { paidOn: null }], new Date('2024-02-10T03:00:00Z'));
    expect(months[1]).toMatchObject({ state: 'pending', arrearsPayableUntil: '2024-05-15' });
    const answer = coveredOn(months, '2024-02-05');
    expect(answer.code).toBe('NOT_COVERED_AWAITING_PAYMENT');
    expect(answer.reason.en).toBe(
      'Not covered yet: the contribution for 2024-02 (Rp 16.800) is not paid; it is due by 2024-02-15. Paid on time after a covered month, this day will be covered.',
    );
  });

  it('starts the first month at the membership start given by the branch', () => {
    const months = timeline([{ paidOn: '2023-12-20', membershipStart: '2024-01-08' }]);
    expect(months[0]).toMatchObject({ coveredFrom: '2024-01-08', membershipStart: '2024-01-08' });
    expect(coveredOn(months, '2024-01-07').code).toBe('NOT_COVERED_BEFORE_MEMBERSHIP');
  });
});

describe('coverage: arrears, lapse and re-enrolment', () => {
  it('ends the membership after more than 3 consecutive unpaid months', () => {
    const months = timeline([
      { paidOn: '2024-01-05' },
      { paidOn: null },
      { paidOn: null },
      { paidOn: null },
      { paidOn: null },
      { paidOn: '2024-06-05' },
    ]);
    expect(months.map((m) => m.state)).toEqual([
      'paid_on_time',
      'unpaid',
      'unpaid',
      'unpaid',
      'lapsed',
      'lapsed',
    ]);
    expect(months[1]!.arrearsPayableUntil).toBe('2024-05-15');
    expect(months[4]!.lapsedOn).toBe('2024-05-15');
    const answer = coveredOn(months, '2024-06-20');
    expect(answer).toMatchObject({ covered: false, code: 'NOT_COVERED_LAPSED', state: 'lapsed' });
    expect(answer.reason.id).toBe(
      'Tidak tertanggung: iuran tidak dibayar lebih dari 3 bulan berturut-turut, sehingga kepesertaan berakhir pada 2024-05-15; bulan 2024-06 tidak dilindungi. Pendaftaran ulang adalah kepesertaan baru.',
    );
    const unpaid = coveredOn(months, '2024-03-10');
    expect(unpaid.code).toBe('NOT_COVERED_UNPAID');
    expect(unpaid.reason.en).toBe(
      'Not covered: the contribution for 2024-03 is unpaid (due 2024-03-15, Rp 0 of Rp 16.800 paid). An incident in an unpaid month is not covered unless an officer records an override with a reason.',
    );
  });

  it('keeps a membership with exactly 3 unpaid months', () => {
    const months = timeline([
      { paidOn: '2024-01-05' },
      { paidOn: null },
      { paidOn: null },
      { paidOn: null },
      { paidOn: '2024-05-05' },
    ]);
    expect(months.map((m) => m.state)).toEqual([
      'paid_on_time',
      'unpaid',
      'unpaid',
      'unpaid',
      'paid_on_time',
    ]);
    expect(months[4]!.coveredFrom).toBe('2024-05-05');
  });

  it('reactivates when the arrears are paid before the fourth deadline, with cover from the payment day', () => {
    const months = timeline([
      { paidOn: '2024-01-05' },
      { paidOn: '2024-05-10' },
      { paidOn: '2024-05-10' },
      { paidOn: '2024-05-10' },
      { paidOn: '2024-05-10' },
      { paidOn: '2024-06-10' },
    ]);
    expect(months.map((m) => [m.state, m.coveredFrom])).toEqual([
      ['paid_on_time', '2024-01-05'],
      ['paid_late', null],
      ['paid_late', null],
      ['paid_late', null],
      ['paid_on_time', '2024-05-10'],
      ['paid_on_time', '2024-06-01'],
    ]);
  });

  it('does not let arrears paid after the lapse bring the membership back', () => {
    const months = timeline([
      { paidOn: '2024-01-05' },
      { paidOn: '2024-05-20' },
      { paidOn: '2024-05-20' },
      { paidOn: '2024-05-20' },
      { paidOn: '2024-05-20' },
    ]);
    expect(months.map((m) => m.state)).toEqual([
      'paid_on_time',
      'paid_late',
      'paid_late',
      'paid_late',
      'lapsed',
    ]);
  });

  it('starts a new membership with a sponsorship that begins after the lapse', () => {
    const months = timeline([
      { paidOn: '2024-01-05' },
      { paidOn: null },
      { paidOn: null },
      { paidOn: null },
      { paidOn: null },
      { sponsorship: null },
      { sponsorship: 2, membershipStart: '2024-07-08', paidOn: '2024-07-03' },
      { sponsorship: 2, membershipStart: '2024-07-08', paidOn: '2024-08-03' },
    ]);
    expect(months.map((m) => m.state).slice(4)).toEqual([
      'lapsed',
      'not_sponsored',
      'paid_on_time',
      'paid_on_time',
    ]);
    expect(months[6]).toMatchObject({ membershipStart: '2024-07-08', coveredFrom: '2024-07-08' });
    expect(months[7]!.coveredFrom).toBe('2024-08-01');
  });

  it('counts months nobody paid for towards the lapse, and a one-month gap breaks continuity', () => {
    const gap = timeline([
      { paidOn: '2024-01-05' },
      { sponsorship: null },
      { sponsorship: 2, membershipStart: '2024-03-01', paidOn: '2024-03-05' },
    ]);
    expect(gap.map((m) => [m.state, m.coveredFrom])).toEqual([
      ['paid_on_time', '2024-01-05'],
      ['not_sponsored', null],
      ['paid_on_time', '2024-03-05'],
    ]);
    expect(coveredOn(gap, '2024-02-10').code).toBe('NOT_COVERED_NOT_SPONSORED');
    const long = timeline([
      { paidOn: '2024-01-05' },
      { sponsorship: null },
      { sponsorship: null },
      { sponsorship: null },
      { sponsorship: null },
      { sponsorship: 2, membershipStart: '2024-06-01', paidOn: '2024-06-03' },
    ]);
    expect(long[4]).toMatchObject({ state: 'not_sponsored', lapsedOn: '2024-05-15' });
    expect(long[5]).toMatchObject({
      state: 'paid_on_time',
      membershipStart: '2024-06-01',
      coveredFrom: '2024-06-03',
    });
  });
});

/** Months before the Pemda's ledger in Asuh begins (December 2025): sponsored, never billed here. */
const LEDGER_FROM: Period = '2025-12';
const unrecorded = (count: number, recordedFrom: Period = LEDGER_FROM): MonthSpec[] =>
  Array.from({ length: count }, () => ({ paidOn: null, recordedFrom }));

describe('coverage: months before the Pemda kept its ledger in Asuh', () => {
  it('reads them as not recorded, never lapsed, and covers the next month paid on time from its first day', () => {
    const months = timeline([
      ...unrecorded(23),
      { paidOn: '2025-12-10', recordedFrom: LEDGER_FROM },
      { paidOn: '2026-01-10', recordedFrom: LEDGER_FROM },
    ]);
    expect(months.slice(0, 23).every((m) => m.state === 'not_recorded' && m.coveredFrom === null)).toBe(true);
    expect(months[0]).toMatchObject({
      membershipStart: '2024-01-01',
      lapsedOn: null,
      arrearsPayableUntil: null,
    });
    expect(months.slice(23).map((m) => [m.period, m.state, m.coveredFrom])).toEqual([
      ['2025-12', 'paid_on_time', '2025-12-01'],
      ['2026-01', 'paid_on_time', '2026-01-01'],
    ]);
  });

  it('answers NOT_RECORDED for a day in such a month, pointing to BPJS Ketenagakerjaan', () => {
    const months = timeline([...unrecorded(23), { paidOn: '2025-12-10', recordedFrom: LEDGER_FROM }]);
    const answer = coveredOn(months, '2024-06-10');
    expect(answer).toMatchObject({
      covered: false,
      code: 'NOT_RECORDED',
      state: 'not_recorded',
      period: '2024-06',
    });
    expect(answer.reason.id).toBe(
      'Tidak tercatat di Asuh: Asuh tidak memegang catatan pembayaran iuran 2024-06 karena buku iuran Pemda di Asuh baru dimulai 2025-12. Tanyakan ke BPJS Ketenagakerjaan; petugas dapat mencatat pengecualian dengan alasan.',
    );
    expect(answer.reason.en).toBe(
      "Not recorded in Asuh: Asuh holds no payment record for 2024-06 because the Pemda's ledger in Asuh begins in 2025-12. Ask BPJS Ketenagakerjaan; an officer may record an override with a reason.",
    );
  });

  it('lets an officer cover such a month with an override', () => {
    const override = {
      covered: true,
      reason: 'Lunas menurut BPJSTK',
      by: 'petugas',
      at: '2026-01-05T00:00:00Z',
    };
    const specs = [...unrecorded(23), { paidOn: '2025-12-10', recordedFrom: LEDGER_FROM }];
    specs[5] = { ...specs[5]!, override };
    expect(coveredOn(timeline(specs), '2024-06-10')).toMatchObject({
      covered: true,
      code: 'COVERED_BY_OVERRIDE',
      state: 'not_recorded',
    });
  });

  it('counts unpaid months from the first recorded one only', () => {
    const months = timeline([
      ...unrecorded(23),
      { paidOn: null, recordedFrom: LEDGER_FROM },
      { paidOn: null, recordedFrom: LEDGER_FROM },
      { paidOn: null, recordedFrom: LEDGER_FROM },
      { paidOn: null, recordedFrom: LEDGER_FROM },
    ]);
    expect(months.slice(22).map((m) => m.state)).toEqual([
      'not_recorded',
      'unpaid',
      'unpaid',
      'unpaid',
      'lapsed',
    ]);
    expect(months[26]!.lapsedOn).toBe('2026-03-15');
  });
});

describe('coverage: overrides', () => {
  it('covers an unpaid month when an officer records an override, quoting the reason', () => {
    const override = {
      covered: true,
      reason: 'Tunggakan dibayar ke kantor cabang',
      by: 'petugas.bpjstk',
      at: '2024-04-01T00:00:00Z',
    };
    const months = timeline([{ paidOn: '2024-01-05' }, { paidOn: null, override }]);
    const answer = coveredOn(months, '2024-02-10');
    expect(answer).toMatchObject({
      covered: true,
      code: 'COVERED_BY_OVERRIDE',
      overridden: true,
      state: 'unpaid',
    });
    expect(answer.reason.en).toMatch(
      /^Covered by an officer's override \(petugas\.bpjstk\): Tunggakan dibayar ke kantor cabang\. By the ledger alone: Not covered: the contribution for 2024-02 is unpaid/,
    );
  });
});

describe('coverage: rules as data', () => {
  it('holds the lapse rule with its legal basis and readings', () => {
    const rule = coverageRule('bpu', '2024-01');
    expect(rule.maxConsecutiveUnpaidMonths).toBe(3);
    expect(rule.legalBasis).toMatch(/Permenaker 5\/2021/);
    expect(rule.readings.length).toBeGreaterThan(3);
    // A stricter rule is a data change: two unpaid months now end the membership.
    const strict = [{ ...COVERAGE_RULES[0]!, maxConsecutiveUnpaidMonths: 1 }];
    const months = coverageTimeline(
      ledger([{ paidOn: '2024-01-05' }, { paidOn: null }, { paidOn: null }]),
      NOW,
      strict,
    );
    expect(months.map((m) => m.state)).toEqual(['paid_on_time', 'unpaid', 'lapsed']);
  });

  it('spans the timeline from the first sponsored month to now', () => {
    expect(timelineSpan('2024-11', '2024-12', '2025-02')).toEqual([
      '2024-11',
      '2024-12',
      '2025-01',
      '2025-02',
    ]);
    expect(timelineSpan('2024-11', '2025-04', '2025-02')).toHaveLength(6);
  });
});

/** A month's payment: never, or some day from 40 days before it to 100 days after it began. */
const paymentArb = fc.option(fc.integer({ min: -40, max: 100 }), { nil: null, freq: 4 });

function specsFrom(offsets: readonly (number | null)[]): MonthSpec[] {
  return periodRange('2024-01', offsets.length).map((period, index) => {
    const offset = offsets[index]!;
    return { paidOn: offset === null ? null : addDays(`${period}-01`, offset) };
  });
}

function daysOf(period: string): string[] {
  const [year, month] = period.split('-').map(Number) as [number, number];
  return Array.from(
    { length: daysInMonth(year, month) },
    (_, day) => `${period}-${String(day + 1).padStart(2, '0')}`,
  );
}

function coveredDays(specs: readonly MonthSpec[]): Set<string> {
  const months = timeline(specs);
  return new Set(months.flatMap((m) => daysOf(m.period).filter((day) => coveredOn(months, day).covered)));
}

/** A month Asuh holds no record of, or one paid (or not) as `paymentArb` says. */
const ledgerMonthArb = fc.oneof(
  { arbitrary: fc.constant('unrecorded' as const), weight: 1 },
  { arbitrary: paymentArb, weight: 2 },
);

function specsWithUnrecorded(entries: readonly (number | null | 'unrecorded')[]): MonthSpec[] {
  return periodRange('2024-01', entries.length).map((period, index) => {
    const entry = entries[index]!;
    if (entry === 'unrecorded') return { paidOn: null, recordedFrom: '2030-01' };
    return { paidOn: entry === null ? null : addDays(`${period}-01`, entry) };
  });
}

describe('coverage: properties', () => {
  it('never lapses a membership on a month Asuh holds no record of', () => {
    fc.assert(
      fc.property(fc.array(ledgerMonthArb, { minLength: 1, maxLength: 18 }), (entries) => {
        const specs = specsWithUnrecorded(entries);
        const months = timeline(specs);
        // The lapse is decided on four recorded months, that month and the three before it.
        const firstLapse = months.findIndex((m) => m.state === 'lapsed');
        if (firstLapse >= 0) {
          expect(firstLapse).toBeGreaterThanOrEqual(3);
          expect(entries.slice(firstLapse - 3, firstLapse + 1)).not.toContain('unrecorded');
        }
        // Until then, such a month reads as not recorded (after a lapse Asuh knows of, it stays lapsed).
        const before = firstLapse < 0 ? entries.length : firstLapse;
        entries.slice(0, before).forEach((entry, index) => {
          if (entry === 'unrecorded') expect(months[index]!.state).toBe('not_recorded');
        });
      }),
    );
  });

  it('covers from its first day a month paid by its deadline right after one not recorded', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 24 }), fc.integer({ min: -40, max: 14 }), (count, offset) => {
        const period = periodRange('2024-01', count + 1).at(-1)!;
        const months = timeline([
          ...unrecorded(count, period),
          { paidOn: addDays(`${period}-01`, offset), recordedFrom: period },
        ]);
        expect(months.at(-1)).toMatchObject({ state: 'paid_on_time', coveredFrom: `${period}-01` });
      }),
    );
  });

  it('never covers a day before a late payment, nor any day of an unpaid or lapsed month', () => {
    fc.assert(
      fc.property(fc.array(paymentArb, { minLength: 1, maxLength: 18 }), (offsets) => {
        const months = timeline(specsFrom(offsets));
        for (const month of months) {
          for (const day of daysOf(month.period)) {
            const answer = coveredOn(months, day);
            if (!answer.covered) continue;
            expect(['paid_on_time', 'paid_late']).toContain(month.state);
            if (month.state === 'paid_late') expect(month.paidOn! <= day).toBe(true);
            expect(month.coveredFrom! <= day).toBe(true);
          }
        }
      }),
    );
  });

  it('lapses every later month once four consecutive months are never paid', () => {
    fc.assert(
      fc.property(fc.array(paymentArb, { minLength: 4, maxLength: 18 }), fc.nat(), (offsets, at) => {
        const start = at % (offsets.length - 3);
        const specs = specsFrom(
          offsets.map((offset, index) => (index >= start && index < start + 4 ? null : offset)),
        );
        const months = timeline(specs);
        const firstLapse = months.findIndex((m) => m.state === 'lapsed');
        expect(firstLapse).toBeGreaterThanOrEqual(0);
        expect(firstLapse).toBeLessThanOrEqual(start + 3);
        expect(months.slice(firstLapse).every((m) => m.state === 'lapsed')).toBe(true);
      }),
    );
  });

  it('never takes cover away when a month is paid earlier', () => {
    fc.assert(
      fc.property(
        fc.array(paymentArb, { minLength: 1, maxLength: 12 }),
        fc.nat(),
        fc.integer({ min: 1, max: 60 }),
        (offsets, which, earlier) => {
          const index = which % offsets.length;
          const moved = offsets.map((offset, i) =>
            i === index ? (offset === null ? 100 : offset) - earlier : offset,
          );
          const before = coveredDays(specsFrom(offsets));
          const after = coveredDays(specsFrom(moved));
          for (const day of before) expect(after.has(day)).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });
});
