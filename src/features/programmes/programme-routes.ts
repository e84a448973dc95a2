import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { FILE_CONTENT_TYPES } from '../../platform/files/issue-file.ts';
import { idParams, pemdaParams, scopedErrorResponses } from '../../platform/schemas.ts';
import { caller } from '../../server/actor.ts';
import type { ProgrammeService } from './programme-service.ts';
import {
  complianceQuerySchema,
  complianceReportSchema,
  newProgrammeSchema,
  policySchema,
  programmeDetailSchema,
  programmeSummarySchema,
} from './programme-types.ts';

const tags = ['Program / Programmes'];
const errors = scopedErrorResponses;

export const programmeRoutes: FastifyPluginAsyncZod<{ programmes: ProgrammeService }> = async (
  app,
  { programmes },
) => {
  app.get(
    '/pemda/:code/programmes',
    {
      config: { access: { roles: 'signed-in', record: 'pemda', reach: 'pemda' } },
      schema: {
        tags,
        summary: "A Pemda's sponsorship programmes, with the policy in force today",
        params: pemdaParams,
        response: { 200: z.object({ items: z.array(programmeSummarySchema) }), ...errors },
      },
    },
    async (request) => ({ items: await programmes.list(request.params.code, caller(request)) }),
  );

  app.post(
    '/pemda/:code/programmes',
    {
      config: { access: { roles: ['pemda_admin'], record: 'pemda', reach: 'pemda' } },
      schema: {
        tags,
        summary: 'Creates a programme (Pemda admin)',
        description:
          'An `asn_policy` programme takes its contribution and area from its policy versions; the other kinds (`apbd_cohort`, `csr`, `donor`) name a BPU declared income and, optionally, JHT and an area.',
        params: pemdaParams,
        body: newProgrammeSchema,
        response: { 201: programmeDetailSchema, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await programmes.create(request.params.code, request.body, caller(request))),
  );

  app.get(
    '/programmes/:id',
    {
      config: { access: { roles: 'signed-in', record: 'programme', reach: 'pemda' } },
      schema: {
        tags,
        summary: 'One programme with every version of its policy',
        params: idParams,
        response: { 200: programmeDetailSchema, ...errors },
      },
    },
    (request) => programmes.get(request.params.id, caller(request)),
  );

  app.post(
    '/programmes/:id/policies',
    {
      config: { access: { roles: ['pemda_admin'], record: 'programme', reach: 'pemda' } },
      schema: {
        tags,
        summary: 'Adds a circular letter as a new policy version (Pemda admin)',
        description:
          'The whole policy, as `ProgrammePolicy`. A version is never edited: a new letter is a new version, taking effect after the latest. Every problem is listed in `error.details.problems`.',
        params: idParams,
        body: policySchema,
        response: { 201: programmeDetailSchema, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await programmes.addPolicy(request.params.id, request.body, caller(request))),
  );

  app.get(
    '/programmes/:id/compliance',
    {
      config: { access: { roles: 'signed-in', record: 'programme', reach: 'pemda' } },
      schema: {
        tags,
        summary: "Each ASN's obligation and the workers they sponsor on a day, with totals",
        description:
          'Scoped: an OPD head sees their own OPD, an ASN their own row. `status` filters the rows; the totals count every status.',
        params: idParams,
        querystring: complianceQuerySchema,
        response: { 200: complianceReportSchema, ...errors },
      },
    },
    (request) => programmes.compliance(request.params.id, request.query, caller(request)),
  );

  for (const format of ['csv', 'xlsx'] as const) {
    app.get(
      `/programmes/:id/compliance.${format}`,
      {
        config: { access: { roles: 'signed-in', record: 'programme', reach: 'pemda' } },
        schema: {
          tags,
          summary: `The compliance list as ${format.toUpperCase()}, for an OPD head's report`,
          params: idParams,
          querystring: complianceQuerySchema.omit({ page: true, pageSize: true }),
          produces: [FILE_CONTENT_TYPES[format]],
          response: { 200: z.unknown().meta({ description: 'The list, as an attachment' }), ...errors },
        },
      },
      async (request, reply) => {
        const file = await programmes.openComplianceFile(
          request.params.id,
          request.query,
          caller(request),
          format,
        );
        return reply
          .header('content-type', FILE_CONTENT_TYPES[format])
          .header('content-disposition', `attachment; filename="${file.fileName}"`)
          .send(file.body);
      },
    );
  }
};
