import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses, errorSchema, validationDetailsSchema } from '../../platform/schemas.ts';
import { requireActor } from '../../server/actor.ts';
import { pageOf } from '../registry/index.ts';
import type { SponsorshipService } from './sponsorship-service.ts';
import {
  endSchema,
  newSponsorshipSchema,
  poolQuerySchema,
  poolSchema,
  selfServiceSchema,
  sponsorshipDetailSchema,
  sponsorshipEventSchema,
  sponsorshipQuerySchema,
  sponsorshipSchema,
  transitionSchema,
} from './sponsorship-types.ts';

const tags = ['Tanggungan / Sponsorships'];
const params = z.object({ id: z.coerce.number().int().positive() });
const writeErrors = { ...errorResponses, 403: errorSchema, 409: errorSchema } as const;

const errorWith = (details: z.ZodType, description: string) =>
  z
    .object({
      error: z.object({ code: z.string(), message: z.string(), details: details.optional() }),
    })
    .meta({ description });

/** Every rule a new sponsorship broke, in both languages; the first is also `error.code` and `error.message`. */
const refusals = z.object({
  problems: z.array(
    z.object({
      code: z.string().meta({ example: 'ELIGIBILITY_TOO_OLD' }),
      message: z.object({ id: z.string(), en: z.string() }),
      field: z.string().optional().meta({ description: 'The new-worker field at fault' }),
    }),
  ),
});

const covered = z.object({
  months: z
    .array(z.object({ from: z.string(), until: z.string().nullable() }))
    .optional()
    .meta({ description: 'SPONSORSHIP_ALREADY_COVERED: the months held (until: last month, null: open)' }),
  sponsors: z
    .array(z.object({ id: z.number().int(), name: z.string() }))
    .optional()
    .meta({
      description: "Who pays, only for the paying Pemda's admins and BPJSTK officers and the payer itself",
    }),
  max: z.number().int().optional().meta({ description: 'POLICY_MAX_REACHED: the most the policy allows' }),
  held: z.number().int().optional(),
  transferId: z.number().int().optional().meta({
    description:
      'WORKER_TRANSFER_REQUESTED: the NIK is not in your registry and cannot be added as new; a transfer request was recorded',
  }),
});

const caller = (request: Parameters<typeof requireActor>[0]) => ({
  actor: requireActor(request),
  ip: request.ip,
});

export const sponsorshipRoutes: FastifyPluginAsyncZod<{ sponsorships: SponsorshipService }> = async (
  app,
  { sponsorships },
) => {
  app.get(
    '/sponsorships',
    {
      config: { access: { roles: 'signed-in' } },
      schema: {
        tags,
        summary: 'Sponsorships within your scope',
        querystring: sponsorshipQuerySchema,
        response: { 200: pageOf(sponsorshipSchema), ...errorResponses },
      },
    },
    (request) => sponsorships.list(request.query, caller(request)),
  );
  app.post(
    '/sponsorships',
    {
      config: { access: { roles: ['asn', 'pemda_admin'], record: 'worker', reach: 'pemda' } },
      schema: {
        tags,
        summary: 'Sponsors a worker (an ASN for themself, a Pemda admin for a sponsor of the Pemda)',
        description:
          "An ASN's sponsorship starts as `proposed`, an admin's as `verified`. Refusals: 400 with every failing eligibility or new-worker rule in `error.details.problems`; 409 `SPONSORSHIP_ALREADY_COVERED` (the months in `error.details.months`) or `POLICY_MAX_REACHED`; 409 `WORKER_TRANSFER_REQUESTED` when a new worker's NIK cannot be added here (a transfer request is recorded, `error.details.transferId`). A NIK outside your Pemda's registry reads as one registered nowhere (404 `WORKER_NOT_FOUND`).",
        body: newSponsorshipSchema,
        response: {
          201: sponsorshipDetailSchema,
          ...writeErrors,
          400: errorWith(
            z.union([refusals, validationDetailsSchema]),
            'Invalid request, or the worker is not eligible: every rule in details.problems',
          ),
          409: errorWith(
            covered,
            'Already covered for those months, the policy limit is reached, or a transfer was requested',
          ),
        },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await sponsorships.create(request.body, caller(request))),
  );
  app.get(
    '/sponsorships/:id',
    {
      config: { access: { roles: 'signed-in', record: 'sponsorship', reach: 'sponsor' } },
      schema: {
        tags,
        summary: 'One sponsorship with its history',
        params,
        response: { 200: sponsorshipDetailSchema, ...errorResponses },
      },
    },
    (request) => sponsorships.get(request.params.id, caller(request)),
  );
  app.get(
    '/sponsorships/:id/history',
    {
      config: { access: { roles: 'signed-in', record: 'sponsorship', reach: 'sponsor' } },
      schema: {
        tags,
        summary: 'Every change of status, with who and why',
        params,
        response: { 200: z.object({ items: z.array(sponsorshipEventSchema) }), ...errorResponses },
      },
    },
    (request) => sponsorships.history(request.params.id, caller(request)),
  );
  app.post(
    '/sponsorships/:id/transitions',
    {
      config: { access: { roles: ['pemda_admin'], record: 'sponsorship', reach: 'pemda' } },
      schema: {
        tags,
        summary: 'Verifies, rejects, suspends, resumes or ends a sponsorship (Pemda admin)',
        description:
          'A reason is required to reject, suspend or end. Ending works as `POST /sponsorships/:id/end`.',
        params,
        body: transitionSchema,
        response: { 200: sponsorshipDetailSchema, ...writeErrors },
      },
    },
    (request) => sponsorships.transition(request.params.id, request.body, caller(request)),
  );
  app.post(
    '/sponsorships/:id/end',
    {
      config: { access: { roles: ['asn', 'pemda_admin'], record: 'sponsorship', reach: 'sponsor' } },
      schema: {
        tags,
        summary: 'Ends a sponsorship from the next month not yet billed (its ASN, or a Pemda admin)',
        params,
        body: endSchema,
        response: { 200: sponsorshipDetailSchema, ...writeErrors },
      },
    },
    (request) => sponsorships.end(request.params.id, request.body.reason, caller(request)),
  );
  app.get(
    '/me/sponsorship',
    {
      config: { access: { roles: ['asn'], reach: 'self' } },
      schema: {
        tags,
        summary: "An ASN's own page: obligation today, programme and policy in force, sponsored workers",
        response: { 200: selfServiceSchema, ...errorResponses, 403: errorSchema },
      },
    },
    (request) => sponsorships.selfService(caller(request)),
  );
  app.get(
    '/me/pool',
    {
      config: { access: { roles: ['asn'], reach: 'self' } },
      schema: {
        tags,
        summary: "Eligible workers nobody pays for, nearest the ASN's home village first",
        querystring: poolQuerySchema,
        response: { 200: poolSchema, ...errorResponses, 403: errorSchema },
      },
    },
    (request) => sponsorships.pool(request.query.limit, caller(request)),
  );
};
