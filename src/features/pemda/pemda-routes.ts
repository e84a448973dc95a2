import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { countSchema, errorResponses, yearSchema } from '../../platform/schemas.ts';
import { requireActor } from '../../server/actor.ts';
import { PEMDA_READERS, PEMDA_WIDE } from '../../server/route-access.ts';
import type { PemdaService } from './pemda-service.ts';
import { opdSchema, pemdaSchema, pemdaSummarySchema } from './pemda-types.ts';

const tags = ['Pemda'];
const params = z.object({ code: z.string().meta({ example: '35.02' }) });

export const pemdaRoutes: FastifyPluginAsyncZod<{ pemda: PemdaService }> = async (app, { pemda }) => {
  app.get(
    '/pemda',
    {
      config: { access: { roles: 'signed-in' } },
      schema: {
        tags,
        summary: 'The Pemda the caller may see',
        response: { 200: z.object({ items: z.array(pemdaSummarySchema) }), ...errorResponses },
      },
    },
    async (request) => ({ items: await pemda.list(requireActor(request)) }),
  );
  app.get(
    '/pemda/:code',
    {
      config: { access: { roles: PEMDA_READERS, record: 'pemda', reach: 'pemda', refused: 404 } },
      schema: {
        tags,
        summary: 'One Pemda with its targets and counts',
        params,
        response: { 200: pemdaSchema, ...errorResponses },
      },
    },
    (request) => pemda.get(request.params.code, requireActor(request)),
  );
  app.put(
    '/pemda/:code/targets/:year',
    {
      config: { access: { roles: ['pemda_admin'], record: 'pemda', reach: 'pemda' } },
      schema: {
        tags,
        summary: "Sets a year's coverage target (Pemda admin)",
        params: params.extend({ year: z.coerce.number().pipe(yearSchema) }),
        body: z.object({ workersToCover: countSchema }),
        response: { 200: pemdaSchema, ...errorResponses },
      },
    },
    (request) =>
      pemda.setTarget(
        request.params.code,
        { year: request.params.year, workersToCover: request.body.workersToCover },
        { actor: requireActor(request), ip: request.ip },
      ),
  );
  app.get(
    '/pemda/:code/opds',
    {
      config: { access: { roles: [...PEMDA_WIDE, 'opd_head'], record: 'pemda', reach: 'pemda' } },
      schema: {
        tags,
        summary: "The Pemda's departments (OPD) with their active ASN",
        params,
        response: { 200: z.object({ items: z.array(opdSchema) }), ...errorResponses },
      },
    },
    async (request) => ({ items: await pemda.listOpds(request.params.code, requireActor(request)) }),
  );
  app.post(
    '/pemda/:code/opds',
    {
      config: { access: { roles: ['pemda_admin'], record: 'pemda', reach: 'pemda' } },
      schema: {
        tags,
        summary: 'Adds a department by hand (Pemda admin)',
        params,
        body: z.object({ name: z.string().min(1).max(200) }),
        response: { 201: z.object({ id: z.number().int(), created: z.boolean() }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const result = await pemda.addOpd(request.params.code, request.body.name, {
        actor: requireActor(request),
        ip: request.ip,
      });
      return reply.status(201).send(result);
    },
  );
};
