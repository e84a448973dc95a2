import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import fastifyMultipart from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { FILE_CONTENT_TYPES } from '../../platform/files/issue-file.ts';
import { errorSchema } from '../../platform/schemas.ts';
import { requireActor } from '../../server/actor.ts';
import { requestLanguage } from '../../server/errors.ts';
import { readUpload, uploadOptions } from '../../server/upload.ts';
import type { ImportJobs } from './import-jobs.ts';
import { importAcceptedSchema, importJobSchema, importListSchema } from './import-types.ts';

const tags = ['Impor / Imports'];
const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema } as const;
const params = z.object({ id: z.uuid() });

export const importRoutes: FastifyPluginAsyncZod<{ imports: ImportJobs }> = async (app, { imports }) => {
  await app.register(fastifyMultipart, uploadOptions(imports.maxBytes));
  app.addHook('onReady', async () => {
    await imports.failInterrupted();
  });
  app.addHook('onClose', () => imports.close());

  app.post(
    '/imports',
    {
      config: { access: { roles: ['pemda_admin'], record: 'pemda', reach: 'pemda' } },
      schema: {
        tags,
        summary: 'Upload an ASN roster or a worker registry file (CSV or XLSX) to import',
        description:
          'multipart/form-data with the fields `kind` (`asn` or `workers`), `pemda` (e.g. `35.02`), optional `dryRun` and `full` (`true`), and one file. Send the fields before the file. The whole file is checked before the answer: a file refused as a whole (not CSV/XLSX, too large, empty, wrong columns, a NUL byte or mixed encodings or a quote left open on any line, a zip bomb) is a 400 and no job is created; otherwise 202 and the job runs in the background: poll `GET /imports/{id}`.',
        consumes: ['multipart/form-data'],
        response: { 202: importAcceptedSchema, ...errors },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const id = randomUUID();
      const { fields, upload } = await readUpload(request, 'IMPORT', (part, fields) => {
        // With the Pemda known before the file, a caller without the right sends no bytes to disk.
        if (fields.pemda) imports.assertMayImport(actor, fields.pemda.trim());
        return imports.receive(id, part.filename, part.file);
      });
      try {
        const accepted = await imports.accept(id, { actor, fields, upload, ip: request.ip });
        return reply.status(202).send(accepted);
      } catch (error) {
        await rm(upload.path, { force: true });
        throw error;
      }
    },
  );

  app.get(
    '/imports',
    {
      config: { access: { roles: ['pemda_admin'], record: 'pemda', reach: 'pemda' } },
      schema: {
        tags,
        summary: "A Pemda's recent imports, newest first",
        querystring: z.object({ pemda: z.string().meta({ example: '35.02' }) }),
        response: { 200: importListSchema, ...errors },
      },
    },
    async (request) => ({
      items: await imports.list(request.query.pemda, requireActor(request), requestLanguage(request)),
    }),
  );

  app.get(
    '/imports/:id',
    {
      config: { access: { roles: ['pemda_admin'], record: 'import', reach: 'pemda', refused: 404 } },
      schema: {
        tags,
        summary: 'One import: status, progress, summary and error-file links',
        params,
        response: { 200: importJobSchema, ...errors },
      },
    },
    (request) => imports.get(request.params.id, requireActor(request), requestLanguage(request)),
  );

  for (const format of ['csv', 'xlsx'] as const) {
    app.get(
      `/imports/:id/errors.${format}`,
      {
        config: { access: { roles: ['pemda_admin'], record: 'import', reach: 'pemda', refused: 404 } },
        schema: {
          tags,
          summary: `The rejected and warned rows of an import, as ${format.toUpperCase()}`,
          params,
          produces: [FILE_CONTENT_TYPES[format]],
          response: { 200: z.unknown().meta({ description: 'The error file, as an attachment' }), ...errors },
        },
      },
      async (request, reply) => {
        const body = await imports.openErrorFile(request.params.id, requireActor(request), format);
        return reply
          .header('content-type', FILE_CONTENT_TYPES[format])
          .header(
            'content-disposition',
            `attachment; filename="impor-${request.params.id}-kesalahan.${format}"`,
          )
          .send(body);
      },
    );
  }
};
