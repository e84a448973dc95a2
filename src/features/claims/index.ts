export { claimRoutes } from './claim-routes.ts';
export { CLAIM_STATUS_LABELS, type ClaimService, createClaimService } from './claim-service.ts';
export type { ClaimView, RegisterClaimInput, RoiView } from './claim-types.ts';
