import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorSchema } from '../../platform/schemas.ts';
import { requireActor } from '../../server/actor.ts';
import { preferredLanguage } from '../../server/errors.ts';
import { type CoverageService, presentCoverage } from './coverage-service.ts';
import { coverageQuerySchema, overrideRequestSchema, workerCoverageSchema } from './coverage-types.ts';

const tags = ['Perlindungan / Coverage'];
const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema } as const;
const params = z.object({ nik: z.string() });

export const coverageRoutes: FastifyPluginAsyncZod<{ coverage: CoverageService }> = async (
  app,
  { coverage },
) => {
  app.get(
    '/workers/:nik/coverage',
    {
      config: { access: { roles: 'signed-in', record: 'worker', reach: 'sponsor' } },
      schema: {
        tags,
        summary: "A worker's coverage month by month, and whether they were covered on a day",
        description:
          'Each month: paid on time, paid late, awaiting payment, unpaid, lapsed or not sponsored, with the first covered day. With `on`, `answer` says whether the worker was covered that day and why (the rules: docs/coverage-and-claims.md). Scoped like the worker registry.',
        params,
        querystring: coverageQuerySchema,
        response: { 200: workerCoverageSchema, ...errors },
      },
    },
    async (request) => {
      const report = await coverage.coverage(request.params.nik, request.query.on, {
        actor: requireActor(request),
        ip: request.ip,
      });
      return presentCoverage(report, preferredLanguage(request.headers['accept-language']));
    },
  );

  app.post(
    '/workers/:nik/coverage-overrides',
    {
      config: { access: { roles: ['bpjstk_officer', 'pemda_admin'], record: 'worker', reach: 'pemda' } },
      schema: {
        tags,
        summary: 'Record that a month is covered (or not) whatever the ledger says, with the reason',
        description:
          "For a BPJSTK officer of the Pemda, or its administrator. The latest decision for a month holds; every decision stays in the record and the audit log. Answers with the worker's coverage.",
        params,
        body: overrideRequestSchema,
        response: { 201: workerCoverageSchema, ...errors },
      },
    },
    async (request, reply) => {
      const report = await coverage.recordOverride(request.params.nik, request.body, {
        actor: requireActor(request),
        ip: request.ip,
      });
      return reply
        .status(201)
        .send(presentCoverage(report, preferredLanguage(request.headers['accept-language'])));
    },
  );
};
