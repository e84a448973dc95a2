export { PAYMENT_COLUMNS } from './payment-formats.ts';
export { createPaymentService } from './payment-service.ts';
