export { addWorkerToRegistry, moveWorkerToPemda, searchAsn } from './registry-queries.ts';
export type { Caller } from './registry-service.ts';
export { asnSchema, type Page, pageOf } from './registry-types.ts';
