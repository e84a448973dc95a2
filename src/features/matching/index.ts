export type { MatchingDeps } from './matching-deps.ts';
export { asnPlaces } from './matching-repository.ts';
export { matchingRoutes } from './matching-routes.ts';
export type { MatchResult } from './matching-rules.ts';
export { createMatchingService, type MatchingService } from './matching-service.ts';
export { MATCH_FILLS, type MatchFill } from './matching-types.ts';
