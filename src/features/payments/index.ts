export { paymentRoutes } from './payment-routes.ts';
export { createPaymentService, type PaymentService } from './payment-service.ts';
export type { PaymentImport, PaymentImportResult, ResolveRequest } from './payment-types.ts';
