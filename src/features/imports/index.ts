export type { ImportJobSettings } from './import-jobs.ts';
