import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParams, pemdaParams, scopedErrorResponses } from '../../platform/schemas.ts';
import { caller } from '../../server/actor.ts';
import { requestLanguage } from '../../server/errors.ts';
import { PEMDA_WIDE } from '../../server/route-access.ts';
import { pageOf } from '../registry/index.ts';
import type { DecisionOutcome } from './matching-rules.ts';
import type { MatchingService } from './matching-service.ts';
import {
  bulkAcceptSchema,
  type DecisionResult,
  decisionBodySchema,
  decisionResultSchema,
  matchRequestSchema,
  matchRunSchema,
  matchSummarySchema,
  myProposalQuerySchema,
  proposalQuerySchema,
  proposalSchema,
} from './matching-types.ts';

const tags = ['Pencocokan / Matching'];
const errors = scopedErrorResponses;

/** Each outcome with its refusal in the caller's language. */
function decisionOf(request: FastifyRequest, outcomes: readonly DecisionOutcome[]): DecisionResult {
  const language = requestLanguage(request);
  const tally = (outcome: DecisionOutcome['outcome']) => outcomes.filter((o) => o.outcome === outcome).length;
  return {
    accepted: tally('accepted'),
    rejected: tally('rejected'),
    refused: tally('refused'),
    results: outcomes.map(({ id, outcome, sponsorshipId, problem }) => ({
      id,
      outcome,
      sponsorshipId,
      error: problem ? { code: problem.code, message: problem.message[language] } : null,
    })),
  };
}

export const matchingRoutes: FastifyPluginAsyncZod<{ matching: MatchingService }> = async (
  app,
  { matching },
) => {
  app.post(
    '/pemda/:code/match',
    {
      config: { access: { roles: ['pemda_admin'], record: 'pemda', reach: 'pemda' } },
      schema: {
        tags,
        summary: 'Match the pool to sponsors short of workers: a dry run that counts, or a saved run',
        description:
          'Pemda admin of that Pemda. Nearest first (village, district, regency), then the lower welfare decile and the riskier occupation; deterministic. With `save`, the open proposals of earlier runs for the same programmes are withdrawn.',
        params: pemdaParams,
        body: matchRequestSchema,
        response: { 200: matchSummarySchema, ...errors },
      },
    },
    async (request) => (await matching.match(request.params.code, request.body, caller(request))).summary,
  );

  app.get(
    '/pemda/:code/match-runs',
    {
      config: { access: { roles: PEMDA_WIDE, record: 'pemda', reach: 'pemda', refused: 404 } },
      schema: {
        tags,
        summary: "A Pemda's latest saved matching runs, newest first",
        params: pemdaParams,
        response: { 200: z.object({ items: z.array(matchRunSchema) }), ...errors },
      },
    },
    async (request) => ({ items: await matching.listRuns(request.params.code, caller(request)) }),
  );

  app.get(
    '/match-runs/:id',
    {
      config: { access: { roles: PEMDA_WIDE, record: 'match-run', reach: 'pemda', refused: 404 } },
      schema: {
        tags,
        summary: 'One saved matching run, with its proposals counted by status',
        params: idParams,
        response: { 200: matchRunSchema, ...errors },
      },
    },
    (request) => matching.getRun(request.params.id, caller(request)),
  );

  app.get(
    '/match-runs/:id/proposals',
    {
      config: { access: { roles: PEMDA_WIDE, record: 'match-run', reach: 'pemda', refused: 404 } },
      schema: {
        tags,
        summary: "A run's proposals in the run's order, with their reasons",
        params: idParams,
        querystring: proposalQuerySchema,
        response: { 200: pageOf(proposalSchema), ...errors },
      },
    },
    (request) => matching.listProposals(request.params.id, request.query, caller(request)),
  );

  app.post(
    '/match-runs/:id/accept',
    {
      config: { access: { roles: ['pemda_admin'], record: 'match-run', reach: 'pemda' } },
      schema: {
        tags,
        summary: "Accept the run's proposals named, or every open one (Pemda admin)",
        description:
          'Each accepted proposal becomes a `proposed` sponsorship. A proposal that cannot be accepted (the worker was taken meanwhile, is no longer eligible, the ASN is at the policy maximum) is refused on its own with its error; the others go through.',
        params: idParams,
        body: bulkAcceptSchema.optional(),
        response: { 200: decisionResultSchema, ...errors },
      },
    },
    async (request) =>
      decisionOf(request, await matching.acceptRun(request.params.id, request.body?.ids, caller(request))),
  );

  app.post(
    '/match-proposals/:id/accept',
    {
      config: { access: { roles: ['asn', 'pemda_admin'], record: 'match-proposal', reach: 'sponsor' } },
      schema: {
        tags,
        summary: 'Accept one proposal: the ASN it was made to, or the Pemda admin',
        description:
          'Creates a `proposed` sponsorship (relationship `neighbour` for a same-village match, `other` otherwise) from the current month. A worker covered meanwhile: 409 `SPONSORSHIP_ALREADY_COVERED`.',
        params: idParams,
        response: { 200: decisionResultSchema, ...errors },
      },
    },
    async (request) => decisionOf(request, [await matching.accept(request.params.id, caller(request))]),
  );

  app.post(
    '/match-proposals/:id/reject',
    {
      config: { access: { roles: ['asn', 'pemda_admin'], record: 'match-proposal', reach: 'sponsor' } },
      schema: {
        tags,
        summary: 'Reject one proposal: the worker is not offered to that sponsor again',
        params: idParams,
        body: decisionBodySchema.optional(),
        response: { 200: decisionResultSchema, ...errors },
      },
    },
    async (request) =>
      decisionOf(request, [
        await matching.reject(request.params.id, request.body?.reason ?? null, caller(request)),
      ]),
  );

  app.get(
    '/me/match-proposals',
    {
      config: { access: { roles: ['asn'], reach: 'self' } },
      schema: {
        tags,
        summary: 'The proposals made to the signed-in ASN (open ones unless asked otherwise)',
        querystring: myProposalQuerySchema,
        response: { 200: pageOf(proposalSchema), ...errors },
      },
    },
    (request) => matching.myProposals(request.query, caller(request)),
  );
};
