export {
  findOpdIdByKey,
  findPemda,
  insertStagedOpds,
  listPemda,
  type PemdaFilter,
} from './pemda-repository.ts';
export { pemdaRoutes } from './pemda-routes.ts';
export { createPemdaService, type PemdaDeps, type PemdaService } from './pemda-service.ts';
export { type Opd, opdNameKey, type Pemda, type PemdaSummary, type PemdaTarget } from './pemda-types.ts';
