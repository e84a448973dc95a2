import { mkdir } from 'node:fs/promises';
import { PassThrough } from 'node:stream';
import fastifyMultipart from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problem } from '../../core/message.ts';
import { invalid } from '../../errors.ts';
import { requireActor } from '../../server/actor.ts';
import { errorSchema } from '../../server/schemas.ts';
import type { ErrorFileFormat } from '../imports/import-error-file.ts';
import { fileTooLarge } from '../imports/import-file.ts';
import type { ImportJobSettings } from '../imports/import-jobs.ts';
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
const errors = {
  400: errorSchema,
  401: errorSchema,
  403: errorSchema,
  404: errorSchema,
  409: errorSchema,
} as const;
const pemdaParams = z.object({ code: z.string().meta({ example: '35.02' }) });
const idParams = z.object({ id: z.coerce.number().int().positive() });

const FILE_TYPES: Record<ErrorFileFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

const caller = (request: FastifyRequest) => ({ actor: requireActor(request), ip: request.ip });

function attachment(reply: FastifyReply, format: ErrorFileFormat, fileName: string): FastifyReply {
  return reply
    .header('content-type', FILE_TYPES[format])
    .header('content-disposition', `attachment; filename="${fileName}"`);
}

export const enrolmentRoutes: FastifyPluginAsyncZod<{
  enrolment: EnrolmentService;
  uploads: ImportJobSettings;
}> = async (app, { enrolment, uploads }) => {
  await app.register(fastifyMultipart, {
    limits: { fileSize: uploads.maxBytes, files: 1, fields: 10, fieldSize: 1024 },
  });

  app.post(
    '/pemda/:code/enrolment-batches',
    {
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
        schema: {
          tags,
          summary: `The batch file for the BPJSTK branch, as ${format.toUpperCase()} (full NIKs; audited)`,
          params: idParams,
          produces: [FILE_TYPES[format]],
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
      if (!request.isMultipart()) {
        throw invalid(
          problem(
            'ENROLMENT_NOT_MULTIPART',
            'Kirim berkas sebagai multipart/form-data.',
            'Send the file as multipart/form-data.',
          ),
        );
      }
      await mkdir(uploads.uploadsDir, { recursive: true });
      const saved = await request.saveRequestFiles({ tmpdir: uploads.uploadsDir }).catch((error: unknown) => {
        if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
          throw fileTooLarge(null, uploads.maxBytes);
        }
        throw error;
      });
      const file = saved.files[0];
      if (!file) {
        throw invalid(
          problem('ENROLMENT_NO_FILE', 'Tidak ada berkas yang diunggah.', 'No file was uploaded.'),
        );
      }
      const pemda = saved.values.pemda as { value?: unknown } | undefined;
      const pemdaCode = String(pemda?.value ?? '').trim();
      if (pemdaCode === '') {
        throw invalid(
          problem(
            'ENROLMENT_PEMDA',
            'Isian "pemda" (kode Pemda) wajib diisi.',
            'The "pemda" field is required.',
          ),
        );
      }
      const [summary] = await enrolment.importResponses(
        pemdaCode,
        who,
        createFileExchange({
          receive: { path: file.filepath, fileName: file.filename, maxBytes: uploads.maxBytes },
        }),
      );
      return reply.status(summary!.duplicate ? 200 : 201).send(summary!);
    },
  );

  app.get(
    '/pemda/:code/enrolment-responses',
    {
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
        schema: {
          tags,
          summary: `The refused and warned lines of a response, as ${format.toUpperCase()}`,
          params: idParams,
          produces: [FILE_TYPES[format]],
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
