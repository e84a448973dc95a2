export { registryPemdasOf, searchWorkers } from './registry-queries.ts';
