import fastifyMultipart, { type MultipartFile } from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { FILE_CONTENT_TYPES } from '../../platform/files/issue-file.ts';
import { pemdaField, saveUploadIn } from '../../platform/files/upload.ts';
import { idParams, scopedErrorResponses } from '../../platform/schemas.ts';
import { caller, requireActor } from '../../server/actor.ts';
import { requestLanguage } from '../../server/errors.ts';
import { ADMIN_AND_BPJSTK } from '../../server/route-access.ts';
import { uploadOptions, withUpload } from '../../server/upload.ts';
import type { ImportJobSettings } from '../imports/index.ts';
import type { PaymentService } from './payment-service.ts';
import {
  paymentImportListSchema,
  paymentImportResultSchema,
  paymentImportSchema,
  resolvedLineSchema,
  resolveRequestSchema,
  unmatchedPageSchema,
  unmatchedQuerySchema,
} from './payment-types.ts';

const tags = ['Pembayaran / Payments'];
const errors = scopedErrorResponses;
const importParams = z.object({ id: z.uuid() });

export const paymentRoutes: FastifyPluginAsyncZod<{
  payments: PaymentService;
  uploads: Pick<ImportJobSettings, 'uploadsDir' | 'maxBytes'>;
}> = async (app, { payments, uploads }) => {
  await app.register(fastifyMultipart, uploadOptions(uploads.maxBytes));

  app.post(
    '/payments/imports',
    {
      config: { access: { roles: ADMIN_AND_BPJSTK, record: 'pemda', reach: 'pemda' } },
      schema: {
        tags,
        summary:
          'Import a payment file: payroll deduction confirmation, bank VA statement or BPJSTK confirmation',
        description:
          'multipart/form-data with the fields `kind` (`payroll`, `bank` or `bpjstk`) and `pemda` (e.g. `35.02`), then one CSV or XLSX file (docs/formats/). Send the fields before the file. The lines are matched, allocated and recorded before the answer: 201 with the summary; 200 with `alreadyImported: true` and the earlier import when the same file was imported before (nothing changes). A file refused as a whole is a 400 and records nothing.',
        consumes: ['multipart/form-data'],
        response: { 200: paymentImportResultSchema, 201: paymentImportResultSchema, ...errors },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const save = (part: MultipartFile, fields: Readonly<Record<string, string>>) => {
        // With the Pemda known before the file, a caller without the right sends no bytes to disk.
        if (fields.pemda) payments.assertMayImport(actor, fields.pemda.trim());
        return saveUploadIn(uploads, 'payment', part);
      };
      return withUpload(request, 'PAYMENT', save, async (fields, upload) => {
        const pemdaCode = pemdaField(fields, 'PAYMENT');
        payments.assertMayImport(actor, pemdaCode);
        const outcome = await payments.importFile(upload.path, {
          kind: (fields.kind ?? '').trim(),
          pemdaCode,
          actor,
          fileName: upload.fileName,
          maxBytes: uploads.maxBytes,
          ip: request.ip,
        });
        const result = await payments.result(outcome, requestLanguage(request));
        return reply.status(outcome.alreadyImported ? 200 : 201).send(result);
      });
    },
  );

  app.get(
    '/payments/imports',
    {
      config: { access: { roles: ADMIN_AND_BPJSTK, record: 'pemda', reach: 'pemda' } },
      schema: {
        tags,
        summary: "A Pemda's recent payment imports, newest first",
        querystring: z.object({ pemda: z.string().meta({ example: '35.02' }) }),
        response: { 200: paymentImportListSchema, ...errors },
      },
    },
    async (request) => ({
      items: await payments.listImports(request.query.pemda, requireActor(request), requestLanguage(request)),
    }),
  );

  app.get(
    '/payments/imports/:id',
    {
      config: { access: { roles: ADMIN_AND_BPJSTK, record: 'payment-import', reach: 'pemda' } },
      schema: {
        tags,
        summary: 'One payment import: its summary, how many of its lines still wait, its error file',
        params: importParams,
        response: { 200: paymentImportSchema, ...errors },
      },
    },
    (request) => payments.getImport(request.params.id, requireActor(request), requestLanguage(request)),
  );

  for (const format of ['csv', 'xlsx'] as const) {
    app.get(
      `/payments/imports/:id/errors.${format}`,
      {
        config: {
          access: { roles: ADMIN_AND_BPJSTK, record: 'payment-import', reach: 'pemda' },
        },
        schema: {
          tags,
          summary: `The unreadable and repeated rows of a payment import, as ${format.toUpperCase()}`,
          params: importParams,
          produces: [FILE_CONTENT_TYPES[format]],
          response: { 200: z.unknown().meta({ description: 'The error file, as an attachment' }), ...errors },
        },
      },
      async (request, reply) => {
        const body = await payments.openErrorFile(request.params.id, requireActor(request), format);
        return reply
          .header('content-type', FILE_CONTENT_TYPES[format])
          .header(
            'content-disposition',
            `attachment; filename="pembayaran-${request.params.id}-kesalahan.${format}"`,
          )
          .send(body);
      },
    );
  }

  app.get(
    '/payments/unmatched',
    {
      config: { access: { roles: ADMIN_AND_BPJSTK, record: 'pemda', reach: 'pemda' } },
      schema: {
        tags,
        summary: "A Pemda's payment lines that found no bill or contribution, oldest first",
        querystring: unmatchedQuerySchema,
        response: { 200: unmatchedPageSchema, ...errors },
      },
    },
    (request) => payments.listUnmatched(request.query, caller(request), requestLanguage(request)),
  );

  app.post(
    '/payments/unmatched/:id/resolve',
    {
      config: {
        access: { roles: ADMIN_AND_BPJSTK, record: 'unmatched-payment', reach: 'pemda' },
      },
      schema: {
        tags,
        summary: 'Resolve an unmatched line: assign it to a bill or a contribution, or mark it not ours',
        description:
          '`{ "action": "assign", "reference": "ASUH-3502-202401-000001", "reason": "…" }`, `{ "action": "assign", "contributionId": 123, "reason": "…" }` or `{ "action": "not_ours", "reason": "…" }`. Assigned money is allocated as an import would (oldest month first, any surplus kept as credit). Audited with the reason.',
        params: idParams,
        body: resolveRequestSchema,
        response: { 200: resolvedLineSchema, ...errors },
      },
    },
    (request) => payments.resolve(request.params.id, request.body, caller(request)),
  );
};
