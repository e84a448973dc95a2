export { createClaimService } from './claim-service.ts';
export type { RegisterClaimInput } from './claim-types.ts';
