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
  })
  .meta({ id: 'Session' });

export const loginBodySchema = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(1024),
});

export type UserScope = z.infer<typeof userScopeSchema>;
export type SessionUser = z.infer<typeof sessionUserSchema>;
export type Session = z.infer<typeof sessionSchema>;

export interface UserSummary extends SessionUser {
  id: number;
  active: boolean;
}
