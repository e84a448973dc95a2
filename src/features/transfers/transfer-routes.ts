import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParams, scopedErrorResponses } from '../../platform/schemas.ts';
import { caller } from '../../server/actor.ts';
import { preferredLanguage } from '../../server/errors.ts';
import { pageOf } from '../registry/index.ts';
import { TRANSFER_RECORDED, type TransferService } from './transfer-service.ts';
import {
  transferDecisionSchema,
  transferQuerySchema,
  transferRecordedSchema,
  transferRequestSchema,
  transferSchema,
} from './transfer-types.ts';

const tags = ['Pekerja / Workers'];

export const transferRoutes: FastifyPluginAsyncZod<{ transfers: TransferService }> = async (
  app,
  { transfers },
) => {
  app.post(
    '/worker-transfers',
    {
      // It names a NIK outside the caller's registry, no record in reach: the answer is the same
      // whether another Pemda holds it or nobody does.
      config: { access: { roles: ['pemda_admin', 'asn'] } },
      schema: {
        tags,
        summary: 'Ask for a worker registered by another Pemda (Pemda admin or ASN, for their own Pemda)',
        description:
          "The answer is the same whether the NIK is held by another Pemda or registered nowhere: nothing is told about a NIK outside your registry. The holding Pemda's administrator accepts or rejects; once accepted the worker is in your registry and can be sponsored.",
        body: transferRequestSchema,
        response: { 202: transferRecordedSchema, ...scopedErrorResponses },
      },
    },
    async (request, reply) => {
      const { id } = await transfers.request(request.body, caller(request));
      const language = preferredLanguage(request.headers['accept-language']);
      return reply.code(202).send({ id, status: 'pending' as const, message: TRANSFER_RECORDED[language] });
    },
  );
  app.get(
    '/worker-transfers',
    {
      config: { access: { roles: ['pemda_admin'] } },
      schema: {
        tags,
        summary:
          "Transfer requests: those for your Pemda's workers (incoming) or your Pemda's own (outgoing)",
        querystring: transferQuerySchema,
        response: { 200: pageOf(transferSchema), ...scopedErrorResponses },
      },
    },
    (request) => transfers.list(request.query, caller(request)),
  );
  app.post(
    '/worker-transfers/:id/decision',
    {
      config: { access: { roles: ['pemda_admin'], record: 'worker-transfer', reach: 'pemda' } },
      schema: {
        tags,
        summary: "Accept or reject a request for one of your Pemda's workers (Pemda admin)",
        description:
          "Accepting moves the worker from your registry to the requester's (their running sponsorships in your Pemda must have ended) and is written to both Pemda's audit logs.",
        params: idParams,
        body: transferDecisionSchema,
        response: { 200: transferSchema, ...scopedErrorResponses },
      },
    },
    (request) => transfers.decide(request.params.id, request.body, caller(request)),
  );
};
