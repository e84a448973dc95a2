import { priceMonth } from '../../core/contributions/engine.ts';
import { type FundingSource, SECTORS, type Sector } from '../../core/contributions/schedules.ts';
import { addMonths, type Period, periodIndex, periodRange } from '../../core/period.ts';
import type { Queryable } from '../../db/database.ts';
import { todayInPemda } from '../programmes/index.ts';
import { memberMonths, monthlyPriceGroups, type ProgrammeRecord } from './cohort-repository.ts';
import { monthDate, orInvalid } from './cohort-terms.ts';
import type { CohortCost, CohortKind } from './cohort-types.ts';

/**
 * The cost of a programme: the contribution engine's price of each distinct (month, contribution,
 * funding, sector) once, times the members SQL counts for it.
 */

const FUNDING_OF: Record<CohortKind, FundingSource> = {
  apbd_cohort: 'apbd',
  csr: 'csr',
  donor: 'individual',
};

/** Engine sectors the registry's free-text sector can name; anything else prices as no sector. */
function engineSector(sector: string | null): Sector | undefined {
  return (SECTORS as readonly string[]).includes(sector ?? '') ? (sector as Sector) : undefined;
}

export interface CohortCostDeps {
  db: Queryable;
  now: () => Date;
}

export type CostOf = (programme: ProgrammeRecord) => Promise<CohortCost>;

export function createCohortCost({ db, now }: CohortCostDeps): CostOf {
  /** The months costed: the budget year for a cohort, else the months its members are paid for. */
  async function costedMonths(programme: ProgrammeRecord): Promise<{ from: Period; to: Period }> {
    if (programme.budgetYear !== null) {
      return { from: `${programme.budgetYear}-01` as Period, to: `${programme.budgetYear}-12` as Period };
    }
    const span = await memberMonths(db, programme.id);
    const from = (span.first ?? todayInPemda(programme.pemdaCode, now()).slice(0, 7)) as Period;
    // An open-ended sponsorship is costed for the year ahead of its first month.
    const to = (span.open || span.last === null ? addMonths(from, 11) : span.last) as Period;
    return { from, to };
  }

  /** The cost month by month. */
  return async function costOf(programme: ProgrammeRecord): Promise<CohortCost> {
    const { from, to } = await costedMonths(programme);
    const groups = await monthlyPriceGroups(db, programme.id, monthDate(from), monthDate(to));
    const byMonth = new Map<string, CohortCost['months'][number]>();
    for (const period of periodRange(from, periodIndex(to) - periodIndex(from) + 1)) {
      byMonth.set(period, { period, workers: 0, amount: 0, lines: [] });
    }
    let funding: string | null = null;
    for (const group of groups) {
      const sector = engineSector(group.sector);
      const price = orInvalid(() =>
        priceMonth({
          scheme: 'bpu',
          period: group.period as Period,
          income: group.declaredIncome,
          programmes: group.programmes,
          funding: group.fundingSource as FundingSource,
          ...(sector ? { sector } : {}),
        }),
      );
      funding ??= group.fundingSource;
      const month = byMonth.get(group.period)!;
      month.workers += group.workers;
      month.amount += price.amount * group.workers;
      const line = month.lines.find((l) => l.perWorker === price.amount && l.schedule === price.schedule);
      if (line) line.workers += group.workers;
      else month.lines.push({ workers: group.workers, perWorker: price.amount, schedule: price.schedule });
    }
    const months = [...byMonth.values()];
    const total = months.reduce((sum, month) => sum + month.amount, 0);
    const remaining = programme.budget === null ? null : programme.budget - total;
    return {
      from,
      to,
      fundingSource:
        funding ?? (programme.kind in FUNDING_OF ? FUNDING_OF[programme.kind as CohortKind] : null),
      budget: programme.budget,
      total,
      remaining,
      overrun: remaining !== null && remaining < 0,
      months,
    };
  };
}
