import { ownPages } from './self-service.ts';
import { sponsorshipChanges } from './sponsorship-changes.ts';
import { sponsorshipCreation } from './sponsorship-create.ts';
import type { SponsorshipDeps } from './sponsorship-deps.ts';
import { sponsorshipReads } from './sponsorship-reads.ts';

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
