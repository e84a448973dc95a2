import { PassThrough } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { FILE_CONTENT_TYPES } from '../../platform/files/issue-file.ts';
import { errorSchema } from '../../platform/schemas.ts';
import { caller } from '../../server/actor.ts';
import type { ArrearsService } from './arrears-service.ts';
import {
  arrearsQuerySchema,
  arrearsSponsorPageSchema,
  arrearsWorkerPageSchema,
  ownArrearsSchema,
} from './arrears-types.ts';

const tags = ['Tunggakan / Arrears'];
const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema } as const;

const FILE_NAMES = { sponsors: 'tunggakan-penanggung', workers: 'tunggakan-pekerja' } as const;

export const arrearsRoutes: FastifyPluginAsyncZod<{ arrears: ArrearsService }> = async (app, { arrears }) => {
  app.get(
    '/arrears',
    {
      config: { access: { roles: 'signed-in' } },
      schema: {
        tags,
        summary: 'Sponsors in arrears, by OPD and programme, with the months and amounts',
        description:
          "Contributions past their bill's deadline and not fully paid, as of now. Scoped: Pemda-wide readers their Pemda's, an OPD head their OPD's payroll, a sponsor organisation its own.",
        querystring: arrearsQuerySchema,
        response: { 200: arrearsSponsorPageSchema, ...errors },
      },
    },
    (request) => arrears.sponsors(request.query, caller(request)),
  );

  app.get(
    '/arrears/workers',
    {
      config: { access: { roles: 'signed-in' } },
      schema: {
        tags,
        summary: 'Workers whose months are in arrears, with who pays where you may know it',
        querystring: arrearsQuerySchema,
        response: { 200: arrearsWorkerPageSchema, ...errors },
      },
    },
    (request) => arrears.workers(request.query, caller(request)),
  );

  for (const view of ['sponsors', 'workers'] as const) {
    for (const format of ['csv', 'xlsx'] as const) {
      app.get(
        `/arrears/${view}.${format}`,
        {
          config: { access: { roles: 'signed-in' } },
          schema: {
            tags,
            summary: `The ${view} in arrears as ${format.toUpperCase()}, every page`,
            querystring: arrearsQuerySchema.omit({ page: true, pageSize: true }),
            produces: [FILE_CONTENT_TYPES[format]],
            response: { 200: z.unknown().meta({ description: 'The list, as an attachment' }), ...errors },
          },
        },
        async (request, reply) => {
          const write = await arrears.download(view, request.query, caller(request));
          const body = new PassThrough();
          void write(format, body).catch((error: unknown) => body.destroy(error as Error));
          return reply
            .header('content-type', FILE_CONTENT_TYPES[format])
            .header('content-disposition', `attachment; filename="${FILE_NAMES[view]}.${format}"`)
            .send(body);
        },
      );
    }
  }

  app.get(
    '/me/arrears',
    {
      config: { access: { roles: ['asn'], reach: 'self' } },
      schema: {
        tags,
        summary: 'Your own arrears (a civil servant): the workers you pay for with months past due',
        response: { 200: ownArrearsSchema, ...errors },
      },
    },
    (request) => arrears.own(caller(request)),
  );
};
