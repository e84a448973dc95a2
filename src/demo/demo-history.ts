import { addDays, type IsoDate } from '../core/calendar.ts';
import { addMonths, type Period } from '../core/period.ts';
import type { SponsorshipStatus } from '../core/sponsorship-lifecycle.ts';
import { DEMO_REFERENCE_DATE } from './demo-people.ts';
import type { Random } from './demo-random.ts';

/** The demo's clock, and the dated history each of its sponsorships is given. */

/**
 * The demo's clock: its sponsorships' history runs up to this day, and what is still on its way
 * (proposed, verified, enrolled) starts in its month. Fixed, like the people's ages, so that the
 * demo is the same whenever it is loaded; every sponsorship held today is open-ended, so the
 * compliance the demo shows holds on any later day too.
 */
export const DEMO_TODAY: IsoDate = DEMO_REFERENCE_DATE;
export const DEMO_MONTH = DEMO_TODAY.slice(0, 7) as Period;

export interface PlannedEvent {
  from: SponsorshipStatus | null;
  to: SponsorshipStatus;
  /** An instant with the Pemda's offset: `2024-04-05T09:12:00+07:00`. */
  at: string;
  reason: string | null;
}

/** The statuses a sponsorship passes through to reach each one, from its proposal. */
const PATHS: Record<Exclude<SponsorshipStatus, 'rejected' | 'suspended'>, SponsorshipStatus[]> = {
  proposed: ['proposed'],
  verified: ['proposed', 'verified'],
  enrolled: ['proposed', 'verified', 'enrolled'],
  active: ['proposed', 'verified', 'enrolled', 'active'],
  ended: ['proposed', 'verified', 'enrolled', 'active', 'ended'],
};

export const enrolmentDay = (events: readonly PlannedEvent[]): IsoDate | null =>
  events.find((event) => event.to === 'enrolled')?.at.slice(0, 10) ?? null;

/**
 * The dates of a sponsorship's moves, on working hours of the Pemda's clock: proposed, checked
 * and enrolled in the month before its first month, paid (active) by the 15th of that month, as
 * BPU contributions are due; an end recorded in the month before it takes effect.
 */
export class History {
  private readonly offset: string;

  constructor(utcOffsetHours: number) {
    const sign = utcOffsetHours < 0 ? '-' : '+';
    this.offset = `${sign}${String(Math.abs(utcOffsetHours)).padStart(2, '0')}:00`;
  }

  events(
    random: Random,
    status: SponsorshipStatus,
    first: Period,
    end: Period | null = null,
    reason: string | null = null,
    byBranch = false,
  ): PlannedEvent[] {
    const proposed = `${addMonths(first, -1)}-${String(random.between(3, 18)).padStart(2, '0')}`;
    const verified = addDays(proposed, random.between(1, 4));
    const enrolled = addDays(verified, random.between(2, 6));
    const days: Record<SponsorshipStatus, IsoDate> = {
      proposed,
      verified,
      enrolled,
      active: `${first}-${String(random.between(1, 14)).padStart(2, '0')}`,
      ended: end ? `${addMonths(end, -1)}-${String(random.between(1, 25)).padStart(2, '0')}` : '',
      rejected: byBranch ? enrolled : verified,
      suspended: '',
    };
    const path: SponsorshipStatus[] =
      status === 'rejected'
        ? [...(byBranch ? PATHS.verified : PATHS.proposed), 'rejected']
        : PATHS[status as keyof typeof PATHS];
    return path.map((to, index) => ({
      from: index === 0 ? null : path[index - 1]!,
      to,
      at: `${days[to]}T${String(random.between(8, 15)).padStart(2, '0')}:${String(random.int(60)).padStart(2, '0')}:00${this.offset}`,
      reason: index === path.length - 1 && (to === 'ended' || to === 'rejected') ? reason : null,
    }));
  }
}
