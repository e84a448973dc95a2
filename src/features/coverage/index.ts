export { coverageRoutes } from './coverage-routes.ts';
export {
  type CoverageCaller,
  type CoverageReport,
  type CoverageService,
  checkDay,
  createCoverageService,
  type LedgerCoverage,
  presentCoverage,
} from './coverage-service.ts';
export type { OverrideRequest, WorkerCoverage } from './coverage-types.ts';
