import type { IsoDate } from '../../core/calendar.ts';
import { type ProgrammePolicy, phaseOn, policyInForce } from '../../core/programme-policy.ts';
import type { ProgrammeRow } from './programme-repository.ts';
import type { ProgrammeDetail, ProgrammeSummary } from './programme-types.ts';

/** What a policy says on `on`, or null before it takes effect. */
export const asOf = (policy: ProgrammePolicy | null, on: IsoDate) =>
  policy && policy.effectiveFrom <= on
    ? {
        effectiveFrom: policy.effectiveFrom,
        circularLetter: policy.circularLetter,
        standing: policy.standing,
        mandatory: policy.mandatory,
        perSponsor: policy.perSponsor,
        phase: phaseOn(policy, on)?.label ?? null,
      }
    : null;

export function summaryOf(row: ProgrammeRow, today: IsoDate): ProgrammeSummary {
  const { versions, contributionProgrammes, declaredIncome, ...rest } = row;
  const inForce = policyInForce(
    versions.map((version) => version.policy),
    today,
  );
  const contribution = inForce
    ? {
        programmes: [...inForce.contribution.programmes],
        declaredIncome: inForce.contribution.declaredIncome,
      }
    : contributionProgrammes && declaredIncome !== null
      ? { programmes: contributionProgrammes, declaredIncome }
      : null;
  return {
    ...rest,
    areaCode: inForce ? inForce.areaCode : row.areaCode,
    contribution,
    versionCount: versions.length,
    inForce: asOf(inForce, today),
  };
}

export function detailOf(row: ProgrammeRow, today: IsoDate): ProgrammeDetail {
  const inForce = policyInForce(
    row.versions.map((version) => version.policy),
    today,
  );
  return {
    ...summaryOf(row, today),
    today,
    versions: row.versions.map((version) => ({
      ...version,
      inForce: inForce !== null && version.effectiveFrom === inForce.effectiveFrom,
    })),
  };
}
