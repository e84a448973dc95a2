import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParams, pemdaParams, scopedErrorResponses } from '../../platform/schemas.ts';
import { caller } from '../../server/actor.ts';
import { requestLanguage } from '../../server/errors.ts';
import { ADMIN_AND_BPJSTK, PEMDA_WIDE } from '../../server/route-access.ts';
import type { ClaimService } from './claim-service.ts';
import {
  claimPageSchema,
  claimQuerySchema,
  claimSchema,
  payClaimSchema,
  registerClaimSchema,
  roiQuerySchema,
  roiSchema,
} from './claim-types.ts';

const tags = ['Klaim / Claims'];
const errors = scopedErrorResponses;

export const claimRoutes: FastifyPluginAsyncZod<{ claims: ClaimService }> = async (app, { claims }) => {
  app.post(
    '/claims',
    {
      config: { access: { roles: ADMIN_AND_BPJSTK, record: 'worker', reach: 'pemda' } },
      schema: {
        tags,
        summary: 'Register a JKK or JKM claim (a Pemda administrator or a BPJSTK officer)',
        description:
          'The worker, the incident date, the benefit, the documents received and, for a scholarship, the children. Decide it next: eligibility comes from coverage on the incident date.',
        body: registerClaimSchema,
        response: { 201: claimSchema, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await claims.register(request.body, caller(request), requestLanguage(request))),
  );

  app.get(
    '/claims',
    {
      config: { access: { roles: 'signed-in' } },
      schema: {
        tags,
        summary: 'Claims within your scope, newest first',
        querystring: claimQuerySchema,
        response: { 200: claimPageSchema, ...errors },
      },
    },
    (request) => claims.list(request.query, caller(request), requestLanguage(request)),
  );

  app.get(
    '/claims/:id',
    {
      config: { access: { roles: PEMDA_WIDE, record: 'claim', reach: 'pemda', refused: 404 } },
      schema: {
        tags,
        summary: 'One claim with its decision, breakdown and history',
        params: idParams,
        response: { 200: claimSchema, ...errors },
      },
    },
    (request) => claims.get(request.params.id, caller(request), requestLanguage(request)),
  );

  app.post(
    '/claims/:id/decide',
    {
      config: { access: { roles: ADMIN_AND_BPJSTK, record: 'claim', reach: 'pemda' } },
      schema: {
        tags,
        summary: 'Decide eligibility from coverage on the incident date, and compute the benefit',
        description:
          'Eligible with the benefit and its breakdown (PP 82/2019), or refused with the reason (an unpaid or lapsed month, a JKK claim filed more than 5 years after the accident). A claim not yet approved may be decided again, after an override for instance.',
        params: idParams,
        response: { 200: claimSchema, ...errors },
      },
    },
    (request) => claims.decide(request.params.id, caller(request), requestLanguage(request)),
  );

  app.post(
    '/claims/:id/approve',
    {
      config: { access: { roles: ['bpjstk_officer'], record: 'claim', reach: 'pemda' } },
      schema: {
        tags,
        summary: 'Approve an eligible claim (a BPJSTK officer)',
        params: idParams,
        response: { 200: claimSchema, ...errors },
      },
    },
    (request) => claims.approve(request.params.id, caller(request), requestLanguage(request)),
  );

  app.post(
    '/claims/:id/pay',
    {
      config: { access: { roles: ['bpjstk_officer'], record: 'claim', reach: 'pemda' } },
      schema: {
        tags,
        summary: 'Record an approved claim as paid (a BPJSTK officer)',
        params: idParams,
        body: payClaimSchema,
        response: { 200: claimSchema, ...errors },
      },
    },
    (request) => claims.pay(request.params.id, request.body, caller(request), requestLanguage(request)),
  );

  app.get(
    '/pemda/:code/roi',
    {
      config: { access: { roles: PEMDA_WIDE, record: 'pemda', reach: 'pemda', refused: 404 } },
      schema: {
        tags,
        summary: 'Contributions paid against benefits paid, by funding source and programme',
        params: pemdaParams,
        querystring: roiQuerySchema,
        response: { 200: roiSchema, ...errors },
      },
    },
    (request) => claims.roi(request.params.code, request.query, caller(request), requestLanguage(request)),
  );
};
