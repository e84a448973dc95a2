import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../../db/database.ts';
import { forbidden } from '../../platform/access/policy.ts';
import { recordAudit } from '../../platform/audit.ts';
import { pemdaOutOfScope } from '../../platform/pemda.ts';
import { errorResponses, errorSchema } from '../../platform/schemas.ts';
import { requireActor } from '../../server/actor.ts';
import { readAuditLog } from './audit-repository.ts';

const tags = ['Audit'];

const auditEntrySchema = z.object({
  id: z.number().int(),
  at: z.string().meta({ description: 'ISO 8601, UTC', example: '2025-06-15T02:30:00.000Z' }),
  username: z
    .string()
    .nullable()
    .meta({ description: 'None when the system acted (the CLI, the demo loader)' }),
  role: z.string().nullable(),
  action: z.string().meta({ example: 'auth.login_failed' }),
  entityType: z.string().nullable(),
  entityId: z.string().nullable(),
  pemdaCode: z.string().nullable(),
  ip: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});

const auditQuerySchema = z.object({
  pemda: z.string().optional().meta({
    description: "A Pemda admin's own by default; a national monitor may name any",
    example: '35.02',
  }),
  action: z.string().min(1).optional().meta({ example: 'auth.login_failed' }),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export const auditRoutes: FastifyPluginAsyncZod<{ db: Database }> = async (app, { db }) => {
  app.get(
    '/audit',
    {
      config: { access: { roles: ['national', 'pemda_admin'], record: 'pemda', reach: 'pemda' } },
      schema: {
        tags,
        summary: "A Pemda's audit log, newest first (Pemda admin: their own; national monitor: any)",
        querystring: auditQuerySchema,
        response: {
          200: z.object({
            items: z.array(auditEntrySchema),
            page: z.number().int(),
            pageSize: z.number().int(),
            total: z.number().int(),
          }),
          401: errorSchema,
          403: errorSchema,
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const { pemda, action, page, pageSize } = request.query;
      const actor = requireActor(request);
      const result = await readAuditLog(db, actor, { pemdaCode: pemda, action, page, pageSize });
      if (!result) {
        // A Pemda admin naming another Pemda reads it as one not onboarded; other roles never read the log.
        throw actor.role === 'pemda_admin' && pemda !== undefined ? pemdaOutOfScope(pemda) : forbidden();
      }
      const { scopePemdaCode, ...read } = result;
      // Reading the log is itself logged, under the Pemda read (none: the whole country).
      await db.transaction((tx) =>
        recordAudit(tx, {
          actor,
          action: 'audit.read',
          pemdaCode: scopePemdaCode,
          ip: request.ip,
          details: { action: action ?? null, page, pageSize, entries: read.items.length },
        }),
      );
      return { ...read, page, pageSize };
    },
  );
};
