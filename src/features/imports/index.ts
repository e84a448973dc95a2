export { importJobSettings } from './import-jobs.ts';
export { importRows } from './import-service.ts';
export type { ImportSummary } from './import-types.ts';
