import type { Database } from '../../db/database.ts';
import { createApbdCohorts } from './apbd-cohorts.ts';
import { createBuildRunner } from './cohort-builds.ts';
import { createCohortCost } from './cohort-cost.ts';
import { createCohortRecords } from './cohort-records.ts';
import { createCsrOrders } from './csr.ts';
import { createDonors } from './donors.ts';
import { createSponsorDirectory } from './sponsor-directory.ts';

/**
 * APBD cohorts, CSR orders and individual donors (issue 4, item 6). Each is a programme with one
 * sponsor, filled by builds: from the pool (the neediest first), from an imported list of NIKs, or
 * from NIKs a donor names. The sponsor directory lists who pays for whom; the cost prices a
 * programme's members month by month.
 */

export interface CohortDeps {
  db: Database;
  /** The largest file an import takes (ASUH_IMPORT_MAX_BYTES). */
  maxBytes: number;
  now: () => Date;
}

export function createCohortService({ db, maxBytes, now }: CohortDeps) {
  const costOf = createCohortCost({ db, now });
  const runBuild = createBuildRunner({ db, costOf });
  return {
    ...createApbdCohorts({ db, now, maxBytes, runBuild }),
    ...createCsrOrders({ db, runBuild }),
    ...createDonors({ db, now, runBuild }),
    ...createCohortRecords({ db, now, costOf }),
    ...createSponsorDirectory({ db, now }),
  };
}

export type CohortService = ReturnType<typeof createCohortService>;
