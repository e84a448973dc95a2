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
export { ensureOrganisation } from './sponsor-directory-repository.ts';
export { sponsorRoutes } from './sponsor-routes.ts';
