export { parseResponseLine } from './enrolment-exchange.ts';
export { enrolmentRoutes } from './enrolment-routes.ts';
export { createEnrolmentService, type EnrolmentDeps, type EnrolmentService } from './enrolment-service.ts';
export type { EnrolmentBatch, EnrolmentResponse } from './enrolment-types.ts';
export { BATCH_COLUMNS, type BatchFileFormat, createFileExchange } from './file-exchange.ts';
