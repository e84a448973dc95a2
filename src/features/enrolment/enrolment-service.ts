import type { Database } from '../../db/database.ts';
import { createEnrolmentAccess } from './enrolment-access.ts';
import { createBatchExchange } from './enrolment-batches.ts';
import { createResponseExchange } from './enrolment-responses.ts';

/**
 * The enrolment exchange with BPJSTK (issue 4, item 7). Verified sponsorships become a
 * registration batch; the branch's response moves them to enrolled/active or rejected. The
 * service talks to BPJSTK only through an `EnrolmentExchange`, so files today and an online API
 * later are the caller's choice.
 */
export interface EnrolmentDeps {
  db: Database;
  /** The clock: whether a membership has started is judged on the Pemda's today. */
  now?: () => Date;
}

export function createEnrolmentService({ db, now = () => new Date() }: EnrolmentDeps) {
  const access = createEnrolmentAccess(db);
  return {
    ...createBatchExchange({ db, access }),
    ...createResponseExchange({ db, now, access }),
  };
}

export type EnrolmentService = ReturnType<typeof createEnrolmentService>;
