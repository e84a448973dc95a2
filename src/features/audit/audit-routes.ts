import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses, errorSchema } from '../../platform/schemas.ts';
import { requireActor } from '../../server/actor.ts';
import type { AuditService } from './audit-service.ts';

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

export const auditRoutes: FastifyPluginAsyncZod<{ audit: AuditService }> = async (app, { audit }) => {
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
    (request) => audit.read(request.query, { actor: requireActor(request), ip: request.ip }),
  );
};
