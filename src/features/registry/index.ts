export { addUnregisteredWorkers, linkWorkersToPemda, type NewWorkerColumns } from './registry-queries.ts';
export { pageOf } from './registry-types.ts';
