export type { AuditLogEntry } from './audit-repository.ts';
export { auditRoutes } from './audit-routes.ts';
export { type AuditDeps, type AuditService, createAuditService } from './audit-service.ts';
