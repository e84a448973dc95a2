import type { Database } from '../../db/database.ts';
import type * as pemda from '../pemda/index.ts';
import type * as programmes from '../programmes/index.ts';
import type * as sponsorship from '../sponsorship/index.ts';

/**
 * What the matching service uses of other features' records, declared: the composition root
 * hands each in. Their pure helpers, messages and types come straight from their public faces.
 */
export interface MatchingDeps {
  db: Database;
  /** The clock: the day matched when none is named, and the first month an accepted proposal holds. */
  now: () => Date;
  pemda: Pick<typeof pemda, 'listPemda'>;
  programmes: Pick<typeof programmes, 'computeCompliance' | 'programmeTermsOn'>;
  /** Matching proposes sponsorships; the sponsorship feature stores them, and owns the pool. */
  sponsorships: Pick<
    typeof sponsorship,
    'ensureAsnSponsors' | 'insertSponsorships' | 'nextUnbilledMonth' | 'poolWorkers'
  >;
}
