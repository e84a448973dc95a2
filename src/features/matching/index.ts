export { poolWorkers } from './pool-queries.ts';
