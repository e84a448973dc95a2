export {
  insertTransferRequests,
  nikStanding,
  requestTransfersOfStagedWorkers,
} from './transfer-repository.ts';
export { transferRoutes } from './transfer-routes.ts';
export {
  createTransferService,
  recordTransferRequest,
  TRANSFER_RECORDED,
  type TransferDeps,
  type TransferService,
} from './transfer-service.ts';
export type { TransferRecord } from './transfer-types.ts';
