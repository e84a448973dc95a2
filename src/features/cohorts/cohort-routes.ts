import fastifyMultipart, { type MultipartFile } from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problem } from '../../core/message.ts';
import { invalid } from '../../errors.ts';
import { requireAccess } from '../../platform/access/policy.ts';
import { FILE_CONTENT_TYPES } from '../../platform/files/issue-file.ts';
import { saveUploadIn } from '../../platform/files/upload.ts';
import { idParams, pemdaParams, scopedErrorResponses } from '../../platform/schemas.ts';
import { caller } from '../../server/actor.ts';
import { requestLanguage } from '../../server/errors.ts';
import { COHORT_READERS } from '../../server/route-access.ts';
import { uploadOptions, withUpload } from '../../server/upload.ts';
import { pageOf } from '../registry/index.ts';
import type { CohortService } from './cohort-service.ts';
import {
  buildRecordSchema,
  buildSummarySchema,
  cohortDetailSchema,
  cohortFileFieldsSchema,
  cohortListQuerySchema,
  cohortQueryBodySchema,
  cohortSummarySchema,
  csrBodySchema,
  donorBodySchema,
  memberQuerySchema,
  memberSchema,
} from './cohort-types.ts';
import { summaryIn } from './cohort-views.ts';

const cohortTags = ['Kohort / Cohorts'];
const errors = scopedErrorResponses;
const buildParams = z.object({ id: z.string() });

export const cohortRoutes: FastifyPluginAsyncZod<{
  cohorts: CohortService;
  uploads: { uploadsDir: string; maxBytes: number };
}> = async (app, { cohorts, uploads }) => {
  await app.register(fastifyMultipart, uploadOptions(uploads.maxBytes));

  app.post(
    '/pemda/:code/cohorts',
    {
      config: { access: { roles: ['pemda_admin'], record: 'pemda', reach: 'pemda' } },
      schema: {
        tags: cohortTags,
        summary: 'Build an APBD cohort from the pool (occupation, area, welfare decile, limit)',
        description:
          'Creates the programme (kind `apbd_cohort`, sponsor "APBD <Pemda>", funding `apbd`, group account `SG`) unless its key exists, then adds the neediest eligible pool workers as `verified` sponsorships for the months asked. Building it again adds nothing; with a larger `limit` it tops the cohort up.',
        params: pemdaParams,
        body: cohortQueryBodySchema,
        response: { 201: buildSummarySchema, ...errors },
      },
    },
    async (request, reply) => {
      const result = await cohorts.buildFromQuery(request.params.code, request.body, caller(request));
      return reply.status(201).send(summaryIn(result, requestLanguage(request)));
    },
  );

  app.post(
    '/pemda/:code/cohorts/import',
    {
      config: { access: { roles: ['pemda_admin'], record: 'pemda', reach: 'pemda' } },
      schema: {
        tags: cohortTags,
        summary: 'Build an APBD cohort from a CSV or XLSX list of NIKs',
        description:
          'multipart/form-data with the fields `name`, `budget`, `year`, `from`, optional `key`, `months`, `area`, then one file with the columns `nik,nama,kode_desa` (docs/formats/cohort.md). Send the fields before the file. Rows not added are in the error file (`errorFileUrls`).',
        consumes: ['multipart/form-data'],
        params: pemdaParams,
        response: { 201: buildSummarySchema, ...errors },
      },
    },
    async (request, reply) => {
      const who = caller(request);
      const pemdaCode = request.params.code;
      // A caller without the right sends no bytes to disk.
      requireAccess(who.actor, 'cohorts.administer', { pemdaCode });
      const save = (part: MultipartFile) => saveUploadIn(uploads, 'cohort', part);
      return withUpload(request, 'IMPORT', save, async (fields, upload) => {
        const terms = cohortFileFieldsSchema.safeParse(fields);
        if (!terms.success) {
          throw invalid(
            problem(
              'COHORT_FIELDS',
              `Isian tidak lengkap atau tidak sah: ${terms.error.issues.map((i) => i.path.join('.')).join(', ')}. Wajib: name, budget, year, from (TTTT-BB).`,
              `Fields missing or not valid: ${terms.error.issues.map((i) => i.path.join('.')).join(', ')}. Required: name, budget, year, from (YYYY-MM).`,
            ),
          );
        }
        const result = await cohorts.buildFromFile(pemdaCode, upload.path, terms.data, {
          ...who,
          fileName: upload.fileName,
        });
        return reply.status(201).send(summaryIn(result, requestLanguage(request)));
      });
    },
  );

  app.post(
    '/pemda/:code/csr',
    {
      config: { access: { roles: ['pemda_admin'], record: 'pemda', reach: 'pemda' } },
      schema: {
        tags: cohortTags,
        summary:
          'A company sponsors N of the neediest pool workers of chosen districts for 3, 6 or 12 months',
        description:
          'Programme kind `csr`, sponsor of kind `organisation` (payment `transfer`, funding `csr`, group account `SC`); the workers are picked by welfare decile, then occupation risk. Repeating the order adds nothing.',
        params: pemdaParams,
        body: csrBodySchema,
        response: { 201: buildSummarySchema, ...errors },
      },
    },
    async (request, reply) => {
      const result = await cohorts.createCsr(request.params.code, request.body, caller(request));
      return reply.status(201).send(summaryIn(result, requestLanguage(request)));
    },
  );

  app.post(
    '/pemda/:code/donors',
    {
      config: { access: { roles: ['pemda_admin'], record: 'pemda', reach: 'pemda' } },
      schema: {
        tags: cohortTags,
        summary:
          'An individual donor sponsors a number of pool workers, or named NIKs, for 3, 6 or 12 months',
        params: pemdaParams,
        body: donorBodySchema,
        response: { 201: buildSummarySchema, ...errors },
      },
    },
    async (request, reply) => {
      const result = await cohorts.createDonor(request.params.code, request.body, caller(request));
      return reply.status(201).send(summaryIn(result, requestLanguage(request)));
    },
  );

  app.get(
    '/cohorts',
    {
      config: { access: { roles: 'signed-in' } },
      schema: {
        tags: cohortTags,
        summary: 'APBD cohorts, CSR and donor programmes you may read',
        querystring: cohortListQuerySchema,
        response: { 200: z.object({ items: z.array(cohortSummarySchema) }), ...errors },
      },
    },
    async (request) => ({ items: await cohorts.list(request.query, caller(request)) }),
  );

  app.get(
    '/cohorts/:id',
    {
      config: { access: { roles: COHORT_READERS, record: 'cohort', reach: 'sponsor', refused: 404 } },
      schema: {
        tags: cohortTags,
        summary: 'One cohort: members by status, cost month by month against the budget',
        params: idParams,
        response: { 200: cohortDetailSchema, ...errors },
      },
    },
    (request) => cohorts.get(request.params.id, caller(request)),
  );

  app.get(
    '/cohorts/:id/members',
    {
      config: { access: { roles: COHORT_READERS, record: 'cohort', reach: 'sponsor', refused: 404 } },
      schema: {
        tags: cohortTags,
        summary: "A cohort's workers (full NIKs for Pemda admins and BPJSTK officers)",
        params: idParams,
        querystring: memberQuerySchema,
        response: { 200: pageOf(memberSchema), ...errors },
      },
    },
    (request) => cohorts.members(request.params.id, request.query, caller(request)),
  );

  app.get(
    '/cohort-builds/:id',
    {
      config: { access: { roles: ['pemda_admin'], record: 'cohort-build', reach: 'pemda', refused: 404 } },
      schema: {
        tags: cohortTags,
        summary: 'One build of a cohort, CSR or donor programme, with its error-file links',
        params: buildParams,
        response: { 200: buildRecordSchema, ...errors },
      },
    },
    (request) => cohorts.build(request.params.id, caller(request)),
  );

  for (const format of ['csv', 'xlsx'] as const) {
    app.get(
      `/cohort-builds/:id/errors.${format}`,
      {
        config: { access: { roles: ['pemda_admin'], record: 'cohort-build', reach: 'pemda', refused: 404 } },
        schema: {
          tags: cohortTags,
          summary: `The rows a build did not add, with why, as ${format.toUpperCase()}`,
          params: buildParams,
          produces: [FILE_CONTENT_TYPES[format]],
          response: { 200: z.unknown().meta({ description: 'The error file, as an attachment' }), ...errors },
        },
      },
      async (request, reply) => {
        const body = await cohorts.openErrorFile(request.params.id, caller(request), format);
        return reply
          .header('content-type', FILE_CONTENT_TYPES[format])
          .header(
            'content-disposition',
            `attachment; filename="kohort-${request.params.id}-kesalahan.${format}"`,
          )
          .send(body);
      },
    );
  }
};
