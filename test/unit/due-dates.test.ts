import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deadline, dueDate, dueDayRule } from '../../src/core/due-dates.ts';
import { periodFromIndex, periodIndex } from '../../src/core/period.ts';

describe('contribution due dates', () => {
  it('dues a BPU month on the 15th of the month itself, at the end of the day on the Pemda clock', () => {
    expect(dueDate('bpu', '2024-01')).toBe('2024-01-15');
    expect(deadline('bpu', '2024-01', 'WIB')).toBe('2024-01-15T23:59:59.999999+07:00');
    expect(deadline('bpu', '2024-01', 'WIT')).toBe('2024-01-15T23:59:59.999999+09:00');
    // The same deadline is two hours earlier in Jayapura than in Jakarta, as an instant.
    expect(
      new Date(deadline('bpu', '2024-01', 'WIB')).getTime() -
        new Date(deadline('bpu', '2024-01', 'WIT')).getTime(),
    ).toBe(2 * 3_600_000);
  });

  it('keeps the PP 49/2020 relief: the 30th, or the last day of February', () => {
    expect(dueDate('bpu', '2020-08')).toBe('2020-08-30');
    expect(dueDate('bpu', '2021-01')).toBe('2021-01-30');
    expect(dueDate('bpu', '2021-02')).toBe('2021-02-15');
    expect(dueDayRule('bpu', '2020-12').legalBasis).toMatch(/PP 49\/2020/);
  });

  it('dues a PU month on the 15th of the next month, a weekend moving it to Monday', () => {
    expect(dueDate('pu', '2024-01')).toBe('2024-02-15');
    // 15 June 2024 was a Saturday, 15 September 2024 a Sunday.
    expect(dueDate('pu', '2024-05')).toBe('2024-06-17');
    expect(dueDate('pu', '2024-08')).toBe('2024-09-16');
    expect(dueDate('pu', '2024-12')).toBe('2025-01-15');
  });

  it('never dues a BPU month outside that month, nor a PU month outside the next', () => {
    fc.assert(
      fc.property(fc.integer({ min: periodIndex('2016-01'), max: periodIndex('2099-12') }), (index) => {
        const period = periodFromIndex(index);
        expect(dueDate('bpu', period).slice(0, 7)).toBe(period);
        const pu = dueDate('pu', period);
        expect(pu > `${periodFromIndex(index + 1)}-14`).toBe(true);
        expect(pu < `${periodFromIndex(index + 1)}-18`).toBe(true);
      }),
    );
  });
});
