export {
  type AsnFilter,
  addUnregisteredWorkers,
  addWorkerToRegistry,
  linkWorkersToPemda,
  type MergeCounts,
  mergeStagedAsn,
  mergeStagedWorkers,
  moveWorkerToPemda,
  type NewWorkerColumns,
  recordBranchReports,
  recordDeath,
  recordEnrolmentAnswers,
  registryPemdasOf,
  searchAsn,
  searchWorkers,
  type WorkerFilter,
  type WorkerRow,
} from './registry-repository.ts';
export { registryRoutes } from './registry-routes.ts';
export {
  type Caller,
  createRegistryService,
  type RegistryDeps,
  type RegistryService,
} from './registry-service.ts';
export {
  type AsnQuery,
  type AsnRecord,
  asnSchema,
  type Page,
  pageOf,
  type WorkerQuery,
  type WorkerRecord,
  workerSchema,
} from './registry-types.ts';
