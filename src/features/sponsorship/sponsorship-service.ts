import type { Database } from '../../db/database.ts';
import { ownPages } from './self-service.ts';
import { sponsorshipChanges } from './sponsorship-changes.ts';
import { sponsorshipCreation } from './sponsorship-create.ts';
import { sponsorshipReads } from './sponsorship-reads.ts';

export interface SponsorshipDeps {
  db: Database;
  /** The clock: which month is current, and so which month can still be billed. */
  now: () => Date;
}

/**
 * Sponsorships by hand (issue 4, items 2–4): an ASN's own page and pool, an administrator's
 * additions and changes. The other ways of sponsoring (accepted match proposals, cohorts, CSR
 * orders, enrolment responses) write through the repository functions of `index.ts`.
 */
export function createSponsorshipService(deps: SponsorshipDeps) {
  const reads = sponsorshipReads(deps);
  const { create } = sponsorshipCreation(deps, reads);
  const { end, transition } = sponsorshipChanges(deps, reads);
  const { selfService, pool } = ownPages(deps, reads);
  return {
    create,
    get: reads.get,
    end,
    list: reads.list,
    history: reads.history,
    transition,
    selfService,
    pool,
  };
}

export type SponsorshipService = ReturnType<typeof createSponsorshipService>;
