import type { Database } from './db/database.ts';
import { createArrearsService } from './features/arrears/index.ts';
import { createAuditService } from './features/audit/index.ts';
import { createAuthService } from './features/auth/index.ts';
import { createBillingService } from './features/billing/index.ts';
import { createClaimService } from './features/claims/index.ts';
import { createCohortService } from './features/cohorts/index.ts';
import { createCoverageService } from './features/coverage/index.ts';
import { createEnrolmentService } from './features/enrolment/index.ts';
import { createImportJobs } from './features/imports/index.ts';
import { createMatchingService } from './features/matching/index.ts';
import { createPaymentService } from './features/payments/index.ts';
import * as pemdaFeature from './features/pemda/index.ts';
import { createPemdaService } from './features/pemda/index.ts';
import * as programmesFeature from './features/programmes/index.ts';
import { createProgrammeService } from './features/programmes/index.ts';
import * as regionsFeature from './features/regions/index.ts';
import { createRegionsService } from './features/regions/index.ts';
import * as registryFeature from './features/registry/index.ts';
import { createRegistryService } from './features/registry/index.ts';
import * as sponsorshipFeature from './features/sponsorship/index.ts';
import * as transfersFeature from './features/transfers/index.ts';
import type { UploadSettings } from './platform/files/upload.ts';

export interface CompositionOptions {
  /** Where uploads wait and how large they may be. */
  uploads: UploadSettings;
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
  const regions = createRegionsService({ db });
  const pemda = createPemdaService({ db });
  const auth = createAuthService({ db });
  const audit = createAuditService({ db });
  const registry = createRegistryService({ db });
  const transfers = transferService(db);
  const imports = createImportJobs({ db, uploads, ...(log ? { log } : {}) });
  const programmes = createProgrammeService({ db, now });
  const sponsorships = sponsorshipService(db, now);
  const matching = matchingService(db, now);
  const cohorts = createCohortService({ db, maxBytes: uploads.maxBytes, now });
  const enrolment = createEnrolmentService({ db, now });
  const billing = createBillingService({ db, now });
  const payments = createPaymentService({ db });
  const coverage = createCoverageService({ db, now });
  const arrears = createArrearsService({ db, now });
  const claims = createClaimService({ db, now, coverage });
  return {
    regions,
    pemda,
    auth,
    audit,
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

/*
 * Services a command or a test builds alone, wired as `buildServices` wires them.
 */

export function transferService(db: Database) {
  return transfersFeature.createTransferService({ db, registry: registryFeature });
}

export function sponsorshipService(db: Database, now: () => Date) {
  return sponsorshipFeature.createSponsorshipService({
    db,
    now,
    registry: registryFeature,
    programmes: programmesFeature,
    regions: regionsFeature,
    transfers: transfersFeature,
  });
}

export function matchingService(db: Database, now: () => Date) {
  return createMatchingService({
    db,
    now,
    pemda: pemdaFeature,
    programmes: programmesFeature,
    sponsorships: sponsorshipFeature,
  });
}
