export type { ImportProgress } from './import-batches.ts';
export { createImportJobs, type ImportJobs, type ImportJobsDeps } from './import-jobs.ts';
export { importRoutes } from './import-routes.ts';
export {
  IMPORT_COLUMNS,
  type ImportFileOptions,
  type ImportOptions,
  importFile,
  importRows,
} from './import-service.ts';
export type { ImportCounts, ImportJob, ImportKind, ImportStatus, ImportSummary } from './import-types.ts';
