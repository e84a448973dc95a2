import {
  type Benefit,
  type ClaimBenefit,
  type ClaimType,
  computeBenefit,
  type EducationLevel,
} from '../../core/benefits.ts';
import type { IsoDate } from '../../core/calendar.ts';
import { CONTRIBUTION_RULES } from '../../core/contributions/schedules.ts';
import { type Period, periodWithin } from '../../core/period.ts';
import { invalid } from '../../errors.ts';
import type { LedgerCoverage } from '../coverage/index.ts';

/** The lowest declared BPU income in force: the income of a month nobody declared one for. */
function lowestIncome(period: Period): number {
  const list = CONTRIBUTION_RULES.bpuIncomeBrackets.find((entry) =>
    periodWithin(period, entry.effectiveFrom, entry.effectiveTo),
  );
  return list?.incomes[0] ?? CONTRIBUTION_RULES.bpuIncomeBrackets[0]!.incomes[0]!;
}

/**
 * Who paid for the month of the incident, with the declared income the benefit is computed on:
 * that month's sponsorship, else the last one before it, else the first one after.
 */
export function incidentFacts(ledger: LedgerCoverage, incidentDate: IsoDate) {
  const period = incidentDate.slice(0, 7) as Period;
  const month = ledger.months.find((entry) => entry.period === period) ?? null;
  const withHolder = ledger.months.filter((entry) => entry.holder !== null);
  const holder =
    month?.holder ??
    withHolder.filter((entry) => entry.period < period).at(-1)?.holder ??
    withHolder[0]?.holder ??
    null;
  return {
    period,
    month,
    holder,
    declaredIncome: holder?.declaredIncome ?? lowestIncome(period),
  };
}

/** The benefit the rules give for a claim on the facts of its incident; a claim they cannot price is invalid. */
export function benefitOf(
  claim: {
    type: ClaimType;
    benefit: ClaimBenefit;
    incidentDate: IsoDate;
    children: readonly { name?: string | undefined; level: string }[];
    enteredAmount: number | null;
    membershipSince: IsoDate | null;
  },
  facts: ReturnType<typeof incidentFacts>,
): Benefit {
  const starts = [facts.month?.membershipStart, claim.membershipSince].filter(
    (value): value is string => typeof value === 'string',
  );
  const result = computeBenefit({
    type: claim.type,
    benefit: claim.benefit,
    incidentDate: claim.incidentDate,
    declaredIncome: facts.declaredIncome,
    membershipStart: starts.sort()[0] ?? null,
    children: claim.children.map((child) => ({
      level: child.level as EducationLevel,
      ...(child.name ? { name: child.name } : {}),
    })),
    enteredAmount: claim.enteredAmount,
  });
  if (!result.ok) throw invalid(result.problem);
  return result.value;
}
