export { type PoolMember, poolWorkers } from './pool-repository.ts';
export {
  ensureApbdSponsor,
  ensureAsnSponsors,
  ensureIndividualSponsor,
  ensureOrganisationSponsorRecord,
} from './sponsor-repository.ts';
export type { SponsorshipDeps } from './sponsorship-deps.ts';
export {
  coveringSponsorships,
  insertSponsorshipHistories,
  insertSponsorships,
  isOnePayerViolation,
  type NewSponsorship,
  nextUnbilledMonth,
  type SponsorshipHistory,
  transitionSponsorships,
} from './sponsorship-repository.ts';
export { sponsorshipRoutes } from './sponsorship-routes.ts';
export { requireSelfServiceAsn } from './sponsorship-rules.ts';
export { createSponsorshipService, type SponsorshipService } from './sponsorship-service.ts';
