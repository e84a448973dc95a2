export { currentRegencyAndDistrictCodes, pemdaVillageCodes } from './regions-repository.ts';
export { regionsRoutes } from './regions-routes.ts';
export {
  createRegionsService,
  type RegionsDeps,
  type RegionsService,
  regionNotFound,
} from './regions-service.ts';
export type { Region, RegionChildren, RegionSummary } from './regions-types.ts';
