export { type BillPrint, documentFileNames, renderBillPdf, writeDeductionList } from './bill-documents.ts';
export { billingRoutes } from './billing-routes.ts';
export {
  type BillingCaller,
  type BillingDeps,
  type BillingRunOutcome,
  type BillingService,
  createBillingService,
} from './billing-service.ts';
export type { Bill, BillDetail, BillingRun, BillQuery } from './billing-types.ts';
export { settlementSql } from './settlement-repository.ts';
