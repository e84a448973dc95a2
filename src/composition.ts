import type { Database } from './db/database.ts';
import { createArrearsService } from './features/arrears/arrears-service.ts';
import { createAuthService } from './features/auth/auth-service.ts';
import { createBillingService } from './features/billing/billing-service.ts';
import { createClaimService } from './features/claims/claim-service.ts';
import { createCohortService } from './features/cohorts/cohort-service.ts';
import { createCoverageService } from './features/coverage/coverage-service.ts';
import { createEnrolmentService } from './features/enrolment/enrolment-service.ts';
import { createImportJobs, type ImportJobSettings } from './features/imports/import-jobs.ts';
import { createMatchingService } from './features/matching/matching-service.ts';
import { createPaymentService } from './features/payments/payment-service.ts';
import { createPemdaService } from './features/pemda/pemda-service.ts';
import { createProgrammeService } from './features/programmes/programme-service.ts';
import { createRegionsService } from './features/regions/regions-service.ts';
import { createRegistryService } from './features/registry/registry-service.ts';
import { createSponsorshipService } from './features/sponsorship/sponsorship-service.ts';
import { createTransferService } from './features/transfers/transfer-service.ts';

export interface CompositionOptions {
  /** Where uploads wait and how large they may be. */
  uploads: ImportJobSettings;
  /** The clock every service reads; tests move it. */
  now?: () => Date;
  log?: { error(details: object, message: string): void };
}

/**
 * The composition root: every service is built here once, each handed the services and
 * repositories it declares it needs. The server (src/server/app.ts) and the CLI
 * (src/cli/context.ts) both take their services from here.
 */
export function buildServices(db: Database, { uploads, now = () => new Date(), log }: CompositionOptions) {
  const regions = createRegionsService(db);
  const pemda = createPemdaService(db);
  const auth = createAuthService(db);
  const registry = createRegistryService(db);
  const transfers = createTransferService(db);
  const imports = createImportJobs(db, uploads, log);
  const programmes = createProgrammeService(db, now);
  const sponsorships = createSponsorshipService(db, { now });
  const matching = createMatchingService(db, now);
  const cohorts = createCohortService(db, { maxBytes: uploads.maxBytes, now });
  const enrolment = createEnrolmentService(db, { now });
  const billing = createBillingService(db, { now });
  const payments = createPaymentService(db);
  const coverage = createCoverageService(db, { now });
  const arrears = createArrearsService(db, { now });
  const claims = createClaimService(db, { coverage, now });
  return {
    regions,
    pemda,
    auth,
    registry,
    transfers,
    imports,
    programmes,
    sponsorships,
    matching,
    cohorts,
    enrolment,
    billing,
    payments,
    coverage,
    arrears,
    claims,
  };
}

export type Services = ReturnType<typeof buildServices>;
