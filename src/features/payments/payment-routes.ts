import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import fastifyMultipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problem } from '../../core/message.ts';
import { invalid } from '../../errors.ts';
import { requireActor } from '../../server/actor.ts';
import { preferredLanguage } from '../../server/errors.ts';
import { errorSchema } from '../../server/schemas.ts';
import { fileTooLarge } from '../imports/import-file.ts';
import type { ImportJobSettings } from '../imports/import-jobs.ts';
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
const errors = {
  400: errorSchema,
  401: errorSchema,
  403: errorSchema,
  404: errorSchema,
  409: errorSchema,
} as const;
const importParams = z.object({ id: z.uuid() });

const FILE_TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

export const paymentRoutes: FastifyPluginAsyncZod<{
  payments: PaymentService;
  uploads: Pick<ImportJobSettings, 'uploadsDir' | 'maxBytes'>;
}> = async (app, { payments, uploads }) => {
  // The size limit is ours to report (FILE_TOO_LARGE, bilingual): the plugin only truncates.
  await app.register(fastifyMultipart, {
    throwFileSizeLimit: false,
    limits: { fileSize: uploads.maxBytes, files: 1, fields: 10, fieldSize: 1024 },
  });

  app.post(
    '/payments/imports',
    {
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
      if (!request.isMultipart()) {
        throw invalid(
          problem(
            'PAYMENT_NOT_MULTIPART',
            'Kirim berkas sebagai multipart/form-data.',
            'Send the file as multipart/form-data.',
          ),
        );
      }
      const fields: Record<string, string> = {};
      let upload: { path: string; fileName: string } | undefined;
      try {
        for await (const part of request.parts()) {
          if (part.type === 'field') {
            fields[part.fieldname] = String(part.value);
            continue;
          }
          // With the Pemda known before the file, a caller without the right sends no bytes to disk.
          if (fields.pemda) payments.assertMayImport(actor, fields.pemda.trim());
          await mkdir(uploads.uploadsDir, { recursive: true });
          upload = { path: join(uploads.uploadsDir, `payment-${randomUUID()}`), fileName: part.filename };
          await pipeline(part.file, createWriteStream(upload.path));
          if (part.file.truncated) throw fileTooLarge(null, uploads.maxBytes);
        }
        if (!upload) {
          throw invalid(
            problem('PAYMENT_NO_FILE', 'Tidak ada berkas yang diunggah.', 'No file was uploaded.'),
          );
        }
        const pemdaCode = (fields.pemda ?? '').trim();
        if (pemdaCode === '') {
          throw invalid(
            problem(
              'PAYMENT_PEMDA',
              'Isian "pemda" (kode Pemda) wajib diisi.',
              'The "pemda" field is required.',
            ),
          );
        }
        payments.assertMayImport(actor, pemdaCode);
        const outcome = await payments.importFile(upload.path, {
          kind: (fields.kind ?? '').trim(),
          pemdaCode,
          actor,
          fileName: upload.fileName,
          maxBytes: uploads.maxBytes,
          ip: request.ip,
        });
        const result = await payments.result(outcome, language(request));
        return reply.status(outcome.alreadyImported ? 200 : 201).send(result);
      } finally {
        if (upload) await rm(upload.path, { force: true });
      }
    },
  );

  app.get(
    '/payments/imports',
    {
      schema: {
        tags,
        summary: "A Pemda's recent payment imports, newest first",
        querystring: z.object({ pemda: z.string().meta({ example: '35.02' }) }),
        response: { 200: paymentImportListSchema, ...errors },
      },
    },
    async (request) => ({
      items: await payments.listImports(request.query.pemda, requireActor(request), language(request)),
    }),
  );

  app.get(
    '/payments/imports/:id',
    {
      schema: {
        tags,
        summary: 'One payment import: its summary, how many of its lines still wait, its error file',
        params: importParams,
        response: { 200: paymentImportSchema, ...errors },
      },
    },
    (request) => payments.getImport(request.params.id, requireActor(request), language(request)),
  );

  for (const format of ['csv', 'xlsx'] as const) {
    app.get(
      `/payments/imports/:id/errors.${format}`,
      {
        schema: {
          tags,
          summary: `The unreadable and repeated rows of a payment import, as ${format.toUpperCase()}`,
          params: importParams,
          produces: [FILE_TYPES[format]],
          response: { 200: z.unknown().meta({ description: 'The error file, as an attachment' }), ...errors },
        },
      },
      async (request, reply) => {
        const body = await payments.openErrorFile(request.params.id, requireActor(request), format);
        return reply
          .header('content-type', FILE_TYPES[format])
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
      schema: {
        tags,
        summary: "A Pemda's payment lines that found no bill or contribution, oldest first",
        querystring: unmatchedQuerySchema,
        response: { 200: unmatchedPageSchema, ...errors },
      },
    },
    (request) =>
      payments.listUnmatched(
        request.query,
        { actor: requireActor(request), ip: request.ip },
        language(request),
      ),
  );

  app.post(
    '/payments/unmatched/:id/resolve',
    {
      schema: {
        tags,
        summary: 'Resolve an unmatched line: assign it to a bill or a contribution, or mark it not ours',
        description:
          '`{ "action": "assign", "reference": "ASUH-3502-202401-000001", "reason": "…" }`, `{ "action": "assign", "contributionId": 123, "reason": "…" }` or `{ "action": "not_ours", "reason": "…" }`. Assigned money is allocated as an import would (oldest month first, any surplus kept as credit). Audited with the reason.',
        params: z.object({ id: z.coerce.number().int().positive() }),
        body: resolveRequestSchema,
        response: { 200: resolvedLineSchema, ...errors },
      },
    },
    (request) =>
      payments.resolve(request.params.id, request.body, { actor: requireActor(request), ip: request.ip }),
  );
};

function language(request: FastifyRequest) {
  return preferredLanguage(request.headers['accept-language']);
}
