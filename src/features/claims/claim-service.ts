import type { Actor } from '../../core/access.ts';
import type { Database } from '../../db/database.ts';
import type { CoverageService } from '../coverage/index.ts';
import { createClaimDecisions } from './claim-decisions.ts';
import { createClaimReads } from './claim-reads.ts';

/** Who asks: a signed-in user, or nobody when a command runs on the server. */
export interface ClaimCaller {
  actor: Actor | null;
  ip?: string | null;
}

export interface ClaimDeps {
  db: Database;
  /** A claim is decided on the worker's coverage the day of the incident. */
  coverage: Pick<CoverageService, 'findWorker' | 'ledgerCoverage'>;
  now?: () => Date;
}

/** Claims: their reading (./claim-reads.ts) and their life from registration to payment (./claim-decisions.ts). */
export function createClaimService(deps: ClaimDeps) {
  const reads = createClaimReads(deps.db);
  const { register, decide, approve, pay } = createClaimDecisions(deps, reads);
  return { register, decide, approve, pay, get: reads.get, list: reads.list, roi: reads.roi };
}

export type ClaimService = ReturnType<typeof createClaimService>;
