export { authPlugin, SESSION_COOKIE, setSessionCookie } from './auth-plugin.ts';
export { authRoutes } from './auth-routes.ts';
export { type AuthDeps, createAuthService } from './auth-service.ts';
export type { AuthService, NewUser, Session, SessionUser, SignedIn, UserSummary } from './auth-types.ts';
export { generatePassword } from './password.ts';
