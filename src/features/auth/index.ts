export { findOpdIdByKey } from './auth-queries.ts';
export { createAuthService, type NewUser } from './auth-service.ts';
