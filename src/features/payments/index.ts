export { PAYMENT_COLUMNS, PAYMENT_KINDS, type PaymentKind } from './payment-formats.ts';
export { paymentRoutes } from './payment-routes.ts';
export { createPaymentService, type PaymentService } from './payment-service.ts';
export type { PaymentImport, PaymentImportResult, ResolveRequest } from './payment-types.ts';
