export { claimRoutes } from './claim-routes.ts';
export { type ClaimService, createClaimService } from './claim-service.ts';
export type { ClaimView, RegisterClaimInput, RoiView } from './claim-types.ts';
export { CLAIM_STATUS_LABELS } from './claim-views.ts';
