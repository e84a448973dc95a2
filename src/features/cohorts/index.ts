/**
 * APBD cohorts, CSR orders, individual donors and the sponsor directory: what the server, the CLI
 * and other features may use. The `cohort_build`, `cohort_issue` and `organisation` tables are
 * written here only.
 */

export { ensureOrganisationSponsor, ensureProgramme } from './cohort-repository.ts';
export { cohortRoutes } from './cohort-routes.ts';
export { type CohortDeps, type CohortService, createCohortService } from './cohort-service.ts';
export {
  type BuildSummary,
  type CohortCost,
  type CohortDetail,
  cohortFileFieldsSchema,
  cohortQueryBodySchema,
  csrBodySchema,
  donorBodySchema,
} from './cohort-types.ts';
export { type BuildResult, summaryIn } from './cohort-views.ts';
export { sponsorRoutes } from './sponsor-routes.ts';
