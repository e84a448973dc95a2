export { arrearsRoutes } from './arrears-routes.ts';
export { type ArrearsService, createArrearsService } from './arrears-service.ts';
