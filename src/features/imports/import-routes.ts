import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import fastifyMultipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problem } from '../../core/message.ts';
import { invalid } from '../../errors.ts';
import { requireActor } from '../../server/actor.ts';
import { preferredLanguage } from '../../server/errors.ts';
import { errorSchema } from '../../server/schemas.ts';
import type { ErrorFileFormat } from './import-error-file.ts';
import type { ImportJobs, ImportUpload } from './import-jobs.ts';
import { importAcceptedSchema, importJobSchema, importListSchema } from './import-types.ts';

const tags = ['Impor / Imports'];
const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema } as const;
const params = z.object({ id: z.uuid() });

const ERROR_FILE_TYPES: Record<ErrorFileFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export const importRoutes: FastifyPluginAsyncZod<{ imports: ImportJobs }> = async (app, { imports }) => {
  // The size limit is ours to report (FILE_TOO_LARGE, bilingual): the plugin only truncates.
  await app.register(fastifyMultipart, {
    throwFileSizeLimit: false,
    limits: { fileSize: imports.maxBytes, files: 1, fields: 10, fieldSize: 1024 },
  });
  app.addHook('onReady', async () => {
    await imports.failInterrupted();
  });
  app.addHook('onClose', () => imports.close());

  app.post(
    '/imports',
    {
      schema: {
        tags,
        summary: 'Upload an ASN roster or a worker registry file (CSV or XLSX) to import',
        description:
          'multipart/form-data with the fields `kind` (`asn` or `workers`), `pemda` (e.g. `35.02`), optional `dryRun` and `full` (`true`), and one file. Send the fields before the file. A file refused as a whole (not CSV/XLSX, too large, empty, wrong columns, a zip bomb) is a 400; otherwise 202 and the job runs in the background: poll `GET /imports/{id}`.',
        consumes: ['multipart/form-data'],
        response: { 202: importAcceptedSchema, ...errors },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      if (!request.isMultipart()) {
        throw invalid(
          problem(
            'IMPORT_NOT_MULTIPART',
            'Kirim berkas sebagai multipart/form-data.',
            'Send the file as multipart/form-data.',
          ),
        );
      }
      const id = randomUUID();
      const fields: Record<string, string> = {};
      let upload: ImportUpload | undefined;
      try {
        for await (const part of request.parts()) {
          if (part.type === 'field') {
            fields[part.fieldname] = String(part.value);
            continue;
          }
          // With the Pemda known before the file, a caller without the right sends no bytes to disk.
          if (fields.pemda) imports.assertMayImport(actor, fields.pemda.trim());
          upload = await imports.receive(id, part.filename, part.file);
        }
        if (!upload) {
          throw invalid(
            problem('IMPORT_NO_FILE', 'Tidak ada berkas yang diunggah.', 'No file was uploaded.'),
          );
        }
        const accepted = await imports.accept(id, { actor, fields, upload, ip: request.ip });
        return reply.status(202).send(accepted);
      } catch (error) {
        if (upload) await rm(upload.path, { force: true });
        throw error;
      }
    },
  );

  app.get(
    '/imports',
    {
      schema: {
        tags,
        summary: "A Pemda's recent imports, newest first",
        querystring: z.object({ pemda: z.string().meta({ example: '35.02' }) }),
        response: { 200: importListSchema, ...errors },
      },
    },
    async (request) => ({
      items: await imports.list(request.query.pemda, requireActor(request), language(request)),
    }),
  );

  app.get(
    '/imports/:id',
    {
      schema: {
        tags,
        summary: 'One import: status, progress, summary and error-file links',
        params,
        response: { 200: importJobSchema, ...errors },
      },
    },
    (request) => imports.get(request.params.id, requireActor(request), language(request)),
  );

  for (const format of ['csv', 'xlsx'] as const) {
    app.get(
      `/imports/:id/errors.${format}`,
      {
        schema: {
          tags,
          summary: `The rejected and warned rows of an import, as ${format.toUpperCase()}`,
          params,
          produces: [ERROR_FILE_TYPES[format]],
          response: { 200: z.unknown().meta({ description: 'The error file, as an attachment' }), ...errors },
        },
      },
      async (request, reply) => {
        const body = await imports.openErrorFile(request.params.id, requireActor(request), format);
        return reply
          .header('content-type', ERROR_FILE_TYPES[format])
          .header(
            'content-disposition',
            `attachment; filename="impor-${request.params.id}-kesalahan.${format}"`,
          )
          .send(body);
      },
    );
  }
};

function language(request: FastifyRequest) {
  return preferredLanguage(request.headers['accept-language']);
}
