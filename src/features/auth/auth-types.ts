import { z } from 'zod';
import { type Actor, ROLES } from '../../core/access.ts';

export const roleSchema = z.enum(ROLES);

/** The one piece of scope a role is bound to; the fields of roles other than the user's are absent. */
export const userScopeSchema = z.object({
  provinceCode: z.string().optional().meta({ description: 'Province monitor', example: '35' }),
  pemdaCode: z.string().optional().meta({ description: 'Pemda admin, OPD head and ASN', example: '35.02' }),
  opdId: z.number().int().optional().meta({ description: 'OPD head' }),
  nip: z.string().optional().meta({ description: 'ASN: their own NIP' }),
  pemdaCodes: z.array(z.string()).readonly().optional().meta({ description: 'BPJSTK branch officer' }),
  organisationId: z.number().int().optional().meta({ description: 'Sponsor organisation' }),
});

export const sessionUserSchema = z.object({
  username: z.string(),
  displayName: z.string(),
  role: roleSchema,
  scope: userScopeSchema,
});

export const sessionSchema = z
  .object({
    user: sessionUserSchema,
    csrfToken: z.string().meta({
      description: 'Send it back in the `x-csrf-token` header on every write made with the session cookie',
    }),
    passwordChangeRequired: z.boolean().meta({
      description:
        'An administrator set a temporary password: until `POST /auth/password` replaces it, every other route answers 403 PASSWORD_CHANGE_REQUIRED',
    }),
  })
  .meta({ id: 'Session' });

export const passwordChangeBodySchema = z.object({
  currentPassword: z.string().min(1).max(1024),
  newPassword: z.string().min(1).max(1024),
});

export const sessionInfoSchema = z
  .object({
    id: z.number().int(),
    createdAt: z.string().meta({ description: 'Signed in at (ISO 8601)' }),
    lastSeenAt: z.string().meta({ description: 'Last used, to the minute' }),
    expiresAt: z.string().meta({ description: 'Ends at the latest (it ends earlier after 2 idle hours)' }),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
    current: z.boolean().meta({ description: 'The session making this request' }),
  })
  .meta({ id: 'SessionInfo' });

export const passwordResetSchema = z
  .object({
    username: z.string(),
    temporaryPassword: z.string().meta({
      description: 'Shown once: give it to the user, who must replace it when they sign in',
    }),
  })
  .meta({ id: 'PasswordReset' });

export const loginBodySchema = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(1024),
});

export type UserScope = z.infer<typeof userScopeSchema>;
export type SessionUser = z.infer<typeof sessionUserSchema>;
export type Session = z.infer<typeof sessionSchema>;
export type SessionInfo = z.infer<typeof sessionInfoSchema>;

export interface UserSummary extends SessionUser {
  id: number;
  active: boolean;
}

export interface NewUser {
  username: string;
  displayName: string;
  password: string;
  /** Checked against `ROLES`: the CLI passes what was typed. */
  role: string;
  provinceCode?: string;
  pemdaCode?: string;
  opdId?: number;
  nip?: string;
  pemdaCodes?: readonly string[];
  organisationId?: number;
}

export interface CreateUserOptions {
  /** `skip` returns the existing user unchanged (the demo loader reruns); `error` (default) refuses. */
  ifExists?: 'error' | 'skip';
  ip?: string | null;
}

export interface SignedIn {
  /** The session cookie's value; only its sha256 is stored. */
  token: string;
  csrfToken: string;
  actor: Actor;
  /** Set by an administrator's reset: until the user picks their own, that is all they may do. */
  passwordChangeRequired: boolean;
}

export interface LiveSession {
  actor: Actor;
  csrfToken: string;
  sessionId: number;
  passwordChangeRequired: boolean;
}

/** Where a request came from, for the audit log, throttling and the list of sessions. */
export interface RequestContext {
  ip: string | null;
  userAgent?: string | null;
}

export interface AuthService {
  createUser(
    input: NewUser,
    actor: Actor | null,
    options?: CreateUserOptions,
  ): Promise<{ user: UserSummary; created: boolean }>;
  listUsers(): Promise<UserSummary[]>;
  /** The id of the Pemda's OPD given as an id or as its name (any case and spacing). */
  resolveOpd(pemdaCode: string, idOrName: string): Promise<number>;
  resolveOrganisation(name: string): Promise<number>;
  login(username: string, password: string, context: RequestContext): Promise<SignedIn>;
  /** The session behind a cookie's token, or null when it is unknown, ended or its user inactive. */
  sessionFromToken(token: string): Promise<LiveSession | null>;
  actorFromToken(token: string): Promise<Actor | null>;
  logout(token: string, context?: { ip?: string | null }): Promise<void>;
  /**
   * The signed-in user replaces their password, giving the current one: every session of theirs
   * ends, and the one returned replaces the session that asked (a new token, so a cookie copied
   * before the change is worth nothing).
   */
  changePassword(
    token: string,
    passwords: { currentPassword: string; newPassword: string },
    context: RequestContext,
  ): Promise<SignedIn>;
  /**
   * An administrator gives a user a generated temporary password, which they must replace at their
   * next sign-in; the user's sessions end. A national monitor resets anyone, a Pemda admin the
   * accounts of their Pemda (others read as unknown).
   */
  resetPassword(
    actor: Actor,
    username: string,
    context: RequestContext,
  ): Promise<{ user: UserSummary; temporaryPassword: string }>;
  /** The operator's `asuh users set-password`: the policy applies; the user's sessions end. */
  setPassword(username: string, password: string, options: { mustChange: boolean }): Promise<UserSummary>;
  listSessions(token: string): Promise<SessionInfo[]>;
  /** Ends one of the signed-in user's own sessions (404 for any other id). */
  endSession(token: string, sessionId: number, context: RequestContext): Promise<void>;
  /** Ends every session of the signed-in user but this one; how many ended. */
  endOtherSessions(token: string, context: RequestContext): Promise<number>;
}
