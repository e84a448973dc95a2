import type { Period } from '../../core/period.ts';
import { type BuildDeps, requireBuildablePemda } from './cohort-builds.ts';
import { fillFromPool } from './cohort-fill.ts';
import { ensureOrganisationSponsor } from './cohort-repository.ts';
import { checkAreas, commonArea, keyFromName, monthsOf } from './cohort-terms.ts';
import type { Caller, CsrBody } from './cohort-types.ts';
import type { BuildResult } from './cohort-views.ts';

/** CSR: a company pays for the neediest pool workers of the districts it chooses, for 3, 6 or 12 months. */
export function createCsrOrders({ db, runBuild }: Pick<BuildDeps, 'db' | 'runBuild'>) {
  return {
    /** A company pays for the N neediest eligible pool workers of the chosen districts. */
    async createCsr(pemdaCode: string, body: CsrBody, caller: Caller): Promise<BuildResult> {
      await requireBuildablePemda(db, caller, pemdaCode);
      const districts = checkAreas(pemdaCode, body.districts, true);
      const months = monthsOf(body.from as Period, body.months);
      const organisation = body.organisation.trim().replace(/\s+/g, ' ');
      const area = commonArea(districts);
      return runBuild(
        {
          kind: 'csr',
          pemdaCode,
          key: body.key ?? keyFromName(`csr ${organisation} ${body.from}`),
          name: `CSR ${organisation} ${body.from}`,
          areaCode: area,
          budget: null,
          budgetYear: null,
          targetWorkers: body.workers,
          months,
          source: 'query',
          criteria: {
            organisation,
            districts,
            workers: body.workers,
            from: months.from,
            months: months.months,
          },
          sponsor: async (tx) =>
            (await ensureOrganisationSponsor(tx, pemdaCode, organisation, area)).sponsorId,
          fill: (tx, programme, origin) =>
            fillFromPool(tx, programme, origin, months, { areaCodes: districts, limit: body.workers }),
        },
        caller,
      );
    },
  };
}
