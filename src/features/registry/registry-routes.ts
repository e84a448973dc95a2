import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../../platform/schemas.ts';
import { requireActor } from '../../server/actor.ts';
import type { RegistryService } from './registry-service.ts';
import { asnQuerySchema, asnSchema, pageOf, workerQuerySchema, workerSchema } from './registry-types.ts';

export const registryRoutes: FastifyPluginAsyncZod<{ registry: RegistryService }> = async (
  app,
  { registry },
) => {
  app.get(
    '/asn',
    {
      config: { access: { roles: 'signed-in' } },
      schema: {
        tags: ['ASN'],
        summary: 'Search civil servants within your scope',
        querystring: asnQuerySchema,
        response: { 200: pageOf(asnSchema), ...errorResponses },
      },
    },
    (request) => registry.searchAsn(request.query, { actor: requireActor(request), ip: request.ip }),
  );
  app.get(
    '/asn/:nip',
    {
      config: { access: { roles: 'signed-in', record: 'asn', reach: 'sponsor' } },
      schema: {
        tags: ['ASN'],
        summary: 'One civil servant',
        params: z.object({ nip: z.string() }),
        response: { 200: asnSchema, ...errorResponses },
      },
    },
    (request) => registry.getAsn(request.params.nip, { actor: requireActor(request), ip: request.ip }),
  );
  app.get(
    '/workers',
    {
      config: { access: { roles: 'signed-in' } },
      schema: {
        tags: ['Pekerja / Workers'],
        summary: 'Search the worker registry within your scope',
        querystring: workerQuerySchema,
        response: { 200: pageOf(workerSchema), ...errorResponses },
      },
    },
    (request) => registry.searchWorkers(request.query, { actor: requireActor(request), ip: request.ip }),
  );
  app.get(
    '/workers/:nik',
    {
      config: { access: { roles: 'signed-in', record: 'worker', reach: 'sponsor' } },
      schema: {
        tags: ['Pekerja / Workers'],
        summary: 'One worker',
        params: z.object({ nik: z.string() }),
        response: { 200: workerSchema, ...errorResponses },
      },
    },
    (request) => registry.getWorker(request.params.nik, { actor: requireActor(request), ip: request.ip }),
  );
};
