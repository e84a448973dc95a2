export { type PoolMember, type PoolOptions, poolWorkers } from './pool-repository.ts';
export { ensureAsnSponsors } from './sponsor-repository.ts';
export type { SponsorshipDeps } from './sponsorship-deps.ts';
export {
  type ChangeOrigin,
  type CoveringSponsorship,
  coveringSponsorships,
  insertSponsorships,
  isOnePayerViolation,
  type NewSponsorship,
  nextUnbilledMonth,
  transitionSponsorships,
} from './sponsorship-repository.ts';
export { sponsorshipRoutes } from './sponsorship-routes.ts';
export { type AsnActor, requireSelfServiceAsn } from './sponsorship-rules.ts';
export {
  createSponsorshipService,
  type SponsorshipService,
} from './sponsorship-service.ts';
