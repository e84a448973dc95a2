export { recordDeath, registryPemdasOf, searchWorkers } from './registry-queries.ts';
