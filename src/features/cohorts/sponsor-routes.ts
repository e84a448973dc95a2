import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParams, scopedErrorResponses } from '../../platform/schemas.ts';
import { caller } from '../../server/actor.ts';
import { pageOf } from '../registry/index.ts';
import type { CohortService } from './cohort-service.ts';
import {
  memberQuerySchema,
  memberSchema,
  sponsorDetailSchema,
  sponsorListQuerySchema,
  sponsorSchema,
} from './cohort-types.ts';

const sponsorTags = ['Sponsor'];
const errors = scopedErrorResponses;

/** The sponsor directory: every kind of sponsor, read by scope. */
export const sponsorRoutes: FastifyPluginAsyncZod<{ cohorts: CohortService }> = async (app, { cohorts }) => {
  app.get(
    '/sponsors',
    {
      config: { access: { roles: 'signed-in' } },
      schema: {
        tags: sponsorTags,
        summary: 'Sponsors you may read: ASN, APBD budget lines, companies, individual donors',
        querystring: sponsorListQuerySchema,
        response: { 200: pageOf(sponsorSchema), ...errors },
      },
    },
    (request) => cohorts.sponsors(request.query, caller(request)),
  );

  app.get(
    '/sponsors/:id',
    {
      config: { access: { roles: 'signed-in', record: 'sponsor', reach: 'sponsor' } },
      schema: {
        tags: sponsorTags,
        summary: 'One sponsor: its programmes and its sponsorships by status',
        params: idParams,
        response: { 200: sponsorDetailSchema, ...errors },
      },
    },
    (request) => cohorts.sponsor(request.params.id, caller(request)),
  );

  app.get(
    '/sponsors/:id/workers',
    {
      config: { access: { roles: 'signed-in', record: 'sponsor', reach: 'sponsor' } },
      schema: {
        tags: sponsorTags,
        summary: 'The workers a sponsor pays for (names, masked NIKs for sponsor organisations, status)',
        params: idParams,
        querystring: memberQuerySchema,
        response: { 200: pageOf(memberSchema), ...errors },
      },
    },
    (request) => cohorts.sponsorWorkers(request.params.id, request.query, caller(request)),
  );
};
