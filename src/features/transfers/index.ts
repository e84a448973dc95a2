export { requestTransfersOfStagedWorkers } from './transfer-queries.ts';
