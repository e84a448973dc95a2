import { z } from 'zod';
import { ROLES } from '../../core/access.ts';

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
