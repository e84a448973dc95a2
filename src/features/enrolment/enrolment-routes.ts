import { PassThrough } from 'node:stream';
import fastifyMultipart, { type MultipartFile } from '@fastify/multipart';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type ErrorFileFormat, FILE_CONTENT_TYPES } from '../../platform/files/issue-file.ts';
import type { UploadSettings } from '../../platform/files/upload.ts';
import { pemdaField, saveUploadIn } from '../../platform/files/upload.ts';
import { idParams, pemdaParams, scopedErrorResponses } from '../../platform/schemas.ts';
import { caller } from '../../server/actor.ts';
import { ADMIN_AND_BPJSTK } from '../../server/route-access.ts';
import { uploadOptions, withUpload } from '../../server/upload.ts';
import type { EnrolmentService } from './enrolment-service.ts';
import {
  closeBatchSchema,
  enrolmentBatchListSchema,
  enrolmentBatchSchema,
  enrolmentResponseListSchema,
  enrolmentResponseSchema,
} from './enrolment-types.ts';
import { batchFileName, createFileExchange } from './file-exchange.ts';

const tags = ['Pendaftaran BPJSTK / Enrolment'];
const errors = scopedErrorResponses;

function attachment(reply: FastifyReply, format: ErrorFileFormat, fileName: string): FastifyReply {
  return reply
    .header('content-type', FILE_CONTENT_TYPES[format])
    .header('content-disposition', `attachment; filename="${fileName}"`);
}

export const enrolmentRoutes: FastifyPluginAsyncZod<{
  enrolment: EnrolmentService;
  uploads: UploadSettings;
}> = async (app, { enrolment, uploads }) => {
  await app.register(fastifyMultipart, uploadOptions(uploads.maxBytes));

  app.post(
    '/pemda/:code/enrolment-batches',
    {
      config: { access: { roles: ADMIN_AND_BPJSTK, record: 'pemda', reach: 'pemda' } },
      schema: {
        tags,
        summary: 'Make a registration batch of every verified sponsorship not yet sent',
        description:
          'One person per batch line; a sponsorship already waiting in an open batch is left out. 409 when there is nothing to send.',
        params: pemdaParams,
        response: { 201: enrolmentBatchSchema, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await enrolment.createBatch(request.params.code, caller(request))),
  );

  app.get(
    '/pemda/:code/enrolment-batches',
    {
      config: { access: { roles: ADMIN_AND_BPJSTK, record: 'pemda', reach: 'pemda' } },
      schema: {
        tags,
        summary: "A Pemda's registration batches, newest first",
        params: pemdaParams,
        response: { 200: enrolmentBatchListSchema, ...errors },
      },
    },
    async (request) => ({ items: await enrolment.listBatches(request.params.code, caller(request)) }),
  );

  app.get(
    '/enrolment-batches/:id',
    {
      config: {
        access: { roles: ADMIN_AND_BPJSTK, record: 'enrolment-batch', reach: 'pemda', refused: 404 },
      },
      schema: {
        tags,
        summary: 'One registration batch: its lines by group account, and the answers received',
        params: idParams,
        response: { 200: enrolmentBatchSchema, ...errors },
      },
    },
    (request) => enrolment.getBatch({ id: request.params.id }, caller(request)),
  );

  for (const format of ['csv', 'xlsx'] as const) {
    app.get(
      `/enrolment-batches/:id/file.${format}`,
      {
        config: {
          access: { roles: ADMIN_AND_BPJSTK, record: 'enrolment-batch', reach: 'pemda', refused: 404 },
        },
        schema: {
          tags,
          summary: `The batch file for the BPJSTK branch, as ${format.toUpperCase()} (full NIKs; audited)`,
          params: idParams,
          produces: [FILE_CONTENT_TYPES[format]],
          response: { 200: z.unknown().meta({ description: 'The batch file, as an attachment' }), ...errors },
        },
      },
      async (request, reply) => {
        const output = new PassThrough();
        const { batch, delivery } = await enrolment.sendBatch(
          { id: request.params.id },
          caller(request),
          createFileExchange({ send: { format, output } }),
        );
        delivery.catch((error: Error) => output.destroy(error));
        return attachment(reply, format, batchFileName(batch.reference, format)).send(output);
      },
    );
  }

  app.post(
    '/enrolment-batches/:id/close',
    {
      config: {
        access: { roles: ADMIN_AND_BPJSTK, record: 'enrolment-batch', reach: 'pemda', refused: 404 },
      },
      schema: {
        tags,
        summary: 'Stop waiting for the unanswered lines of a batch, so they may go in a later one',
        params: idParams,
        body: closeBatchSchema,
        response: { 200: enrolmentBatchSchema, ...errors },
      },
    },
    (request) => enrolment.closeBatch(request.params.id, request.body.reason, caller(request)),
  );

  app.post(
    '/enrolment-batches/responses',
    {
      config: { access: { roles: ADMIN_AND_BPJSTK, record: 'pemda', reach: 'pemda' } },
      schema: {
        tags,
        summary: "Import the branch's response file (CSV or XLSX)",
        description:
          'multipart/form-data with the field `pemda` (e.g. `35.02`) and one file. 201 with the summary; 200 with `duplicate: true` and the earlier summary when the same file was already imported (nothing changes).',
        consumes: ['multipart/form-data'],
        response: { 200: enrolmentResponseSchema, 201: enrolmentResponseSchema, ...errors },
      },
    },
    async (request, reply) => {
      const who = caller(request);
      const save = (part: MultipartFile) => saveUploadIn(uploads, 'enrolment', part);
      return withUpload(request, 'ENROLMENT', save, async (fields, upload) => {
        const [summary] = await enrolment.importResponses(
          pemdaField(fields, 'ENROLMENT'),
          who,
          createFileExchange({
            receive: { path: upload.path, fileName: upload.fileName, maxBytes: uploads.maxBytes },
          }),
        );
        return reply.status(summary!.duplicate ? 200 : 201).send(summary!);
      });
    },
  );

  app.get(
    '/pemda/:code/enrolment-responses',
    {
      config: { access: { roles: ADMIN_AND_BPJSTK, record: 'pemda', reach: 'pemda' } },
      schema: {
        tags,
        summary: "A Pemda's imported responses, newest first",
        params: pemdaParams,
        response: { 200: enrolmentResponseListSchema, ...errors },
      },
    },
    async (request) => ({ items: await enrolment.listResponses(request.params.code, caller(request)) }),
  );

  app.get(
    '/enrolment-responses/:id',
    {
      config: {
        access: { roles: ADMIN_AND_BPJSTK, record: 'enrolment-response', reach: 'pemda', refused: 404 },
      },
      schema: {
        tags,
        summary: 'One imported response: what it changed, and its error-file links',
        params: idParams,
        response: { 200: enrolmentResponseSchema, ...errors },
      },
    },
    (request) => enrolment.getResponse(request.params.id, caller(request)),
  );

  for (const format of ['csv', 'xlsx'] as const) {
    app.get(
      `/enrolment-responses/:id/errors.${format}`,
      {
        config: {
          access: { roles: ADMIN_AND_BPJSTK, record: 'enrolment-response', reach: 'pemda', refused: 404 },
        },
        schema: {
          tags,
          summary: `The refused and warned lines of a response, as ${format.toUpperCase()}`,
          params: idParams,
          produces: [FILE_CONTENT_TYPES[format]],
          response: { 200: z.unknown().meta({ description: 'The error file, as an attachment' }), ...errors },
        },
      },
      async (request, reply) => {
        const body = await enrolment.openErrorFile(request.params.id, caller(request), format);
        return attachment(reply, format, `tanggapan-${request.params.id}-kesalahan.${format}`).send(body);
      },
    );
  }
};
