import type { Database } from '../../db/database.ts';
import type * as programmes from '../programmes/index.ts';
import type * as regions from '../regions/index.ts';
import type * as registry from '../registry/index.ts';
import type * as transfers from '../transfers/index.ts';

/**
 * What the sponsorship service uses of other features' records, declared: the composition root
 * hands each in. Their pure helpers, messages and types come straight from their public faces.
 */
export interface SponsorshipDeps {
  db: Database;
  /** The clock: which month is current, and so which month can still be billed. */
  now: () => Date;
  registry: Pick<typeof registry, 'searchAsn' | 'addWorkerToRegistry'>;
  programmes: Pick<typeof programmes, 'computeCompliance' | 'programmeTermsOn'>;
  regions: Pick<typeof regions, 'pemdaVillageCodes' | 'currentRegencyAndDistrictCodes'>;
  transfers: Pick<typeof transfers, 'nikStanding' | 'recordTransferRequest'>;
}
