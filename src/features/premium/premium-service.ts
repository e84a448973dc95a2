import {
  ContributionError,
  type ContributionOptions,
  contributionOptionsAt,
  type PremiumQuote,
  parsePremiumQuery,
  priceMonths,
  type RawPremiumQuery,
} from '../../core/contributions/engine.ts';
import { parsePeriod } from '../../core/period.ts';
import { currentPeriod } from '../../core/regions.ts';
import { invalid } from '../../errors.ts';

/**
 * A quote is not tied to a Pemda, so "this month" is reckoned in WIB, where most participants
 * live; callers in WITA or WIT pass `from` when the month has already turned for them.
 */
const thisMonth = (now: Date) => currentPeriod(now, 'WIB');

function orInvalid<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof ContributionError) throw invalid(error.problem);
    throw error;
  }
}

/** The CLI and HTTP both price through here, so both validate and answer alike. */
export function quotePremium(raw: RawPremiumQuery, now: Date): PremiumQuote {
  const parsed = parsePremiumQuery(raw, thisMonth(now));
  if (!parsed.ok) throw invalid(parsed.problem);
  const { input, from, months } = parsed.value;
  return orInvalid(() => priceMonths(input, from, months));
}

export function premiumOptions(period: string | undefined, now: Date): ContributionOptions {
  const parsed = period === undefined ? { ok: true as const, period: thisMonth(now) } : parsePeriod(period);
  if (!parsed.ok) throw invalid(parsed.problem);
  return orInvalid(() => contributionOptionsAt(parsed.period));
}
