export { createBillingService } from './billing-service.ts';
