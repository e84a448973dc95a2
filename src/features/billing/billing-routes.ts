import { PassThrough } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { FILE_CONTENT_TYPES } from '../../platform/files/issue-file.ts';
import { errorSchema, idParams } from '../../platform/schemas.ts';
import { caller } from '../../server/actor.ts';
import { requestLanguage } from '../../server/errors.ts';
import { BILL_READERS, PEMDA_WIDE } from '../../server/route-access.ts';
import { documentFileNames, renderBillPdf, writeDeductionList } from './bill-documents.ts';
import type { BillingService } from './billing-service.ts';
import {
  adjustmentRequestSchema,
  adjustmentSchema,
  billDetailSchema,
  billingRunRequestSchema,
  billingRunResultSchema,
  billingRunSchema,
  billPageSchema,
  billQuerySchema,
} from './billing-types.ts';

const tags = ['Penagihan / Billing'];
const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema } as const;

export const billingRoutes: FastifyPluginAsyncZod<{ billing: BillingService }> = async (app, { billing }) => {
  app.post(
    '/billing-runs',
    {
      config: { access: { roles: ['pemda_admin'], record: 'pemda', reach: 'pemda' } },
      schema: {
        tags,
        summary: "Bill one month of a Pemda (the Pemda's administrator)",
        description:
          'One contribution per billable sponsorship-month and one bill per payer that has none for the month yet. Idempotent: a rerun adds nothing and says so in `message`.',
        body: billingRunRequestSchema,
        response: { 200: billingRunResultSchema, 409: errorSchema, ...errors },
      },
    },
    async (request) => {
      const outcome = await billing.run(
        { period: request.body.period, pemdaCode: request.body.pemda },
        caller(request),
      );
      return { ...outcome, message: outcome.message[requestLanguage(request)] };
    },
  );

  app.post(
    '/contributions/:id/adjustments',
    {
      config: { access: { roles: ['pemda_admin'], record: 'contribution', reach: 'pemda' } },
      schema: {
        tags,
        summary: "Correct a billed month (the Pemda's administrator)",
        description:
          "The issued bill stays as it was: the correction waits for the payer's next bill, where the billing run writes it as an adjustment line. Split over JKK, JKM and JHT as the charge was; audited. One correction of a charge waits at a time (409).",
        params: idParams,
        body: adjustmentRequestSchema,
        response: { 201: adjustmentSchema, 409: errorSchema, ...errors },
      },
    },
    async (request, reply) => {
      const adjustment = await billing.adjust(
        { contributionId: request.params.id, amount: request.body.amount, reason: request.body.reason },
        caller(request),
      );
      return reply.code(201).send(adjustment);
    },
  );

  app.get(
    '/billing-runs',
    {
      config: { access: { roles: 'signed-in' } },
      schema: {
        tags,
        summary: 'Billing runs within your scope, newest first',
        querystring: z.object({ pemda: z.string().optional().meta({ example: '35.02' }) }),
        response: { 200: z.object({ items: z.array(billingRunSchema) }), ...errors },
      },
    },
    async (request) => ({ items: await billing.listRuns(request.query.pemda, caller(request)) }),
  );

  app.get(
    '/billing-runs/:id',
    {
      config: { access: { roles: PEMDA_WIDE, record: 'billing-run', reach: 'pemda', refused: 404 } },
      schema: {
        tags,
        summary: 'One billing run',
        params: idParams,
        response: { 200: billingRunSchema, ...errors },
      },
    },
    (request) => billing.getRun(request.params.id, caller(request)),
  );

  app.get(
    '/bills',
    {
      config: { access: { roles: 'signed-in' } },
      schema: {
        tags,
        summary: 'Bills within your scope: by Pemda, month, OPD and document',
        querystring: billQuerySchema,
        response: { 200: billPageSchema, ...errors },
      },
    },
    (request) => billing.listBills(request.query, caller(request)),
  );

  app.get(
    '/bills/:id',
    {
      config: { access: { roles: BILL_READERS, record: 'bill', reach: 'sponsor', refused: 404 } },
      schema: {
        tags,
        summary: 'One bill with its lines, frozen as issued',
        params: idParams,
        response: { 200: billDetailSchema, ...errors },
      },
    },
    (request) => billing.getBill(request.params.id, caller(request)),
  );

  for (const format of ['csv', 'xlsx'] as const) {
    app.get(
      `/bills/:id/deductions.${format}`,
      {
        config: { access: { roles: BILL_READERS, record: 'bill', reach: 'sponsor', refused: 404 } },
        schema: {
          tags,
          summary: `A payroll deduction list as ${format.toUpperCase()} (docs/formats/payroll-deduction.md)`,
          params: idParams,
          produces: [FILE_CONTENT_TYPES[format]],
          response: { 200: z.unknown().meta({ description: 'The list, as an attachment' }), ...errors },
        },
      },
      async (request, reply) => {
        const print = await billing.deductionListOf(request.params.id, caller(request));
        const body = new PassThrough();
        void writeDeductionList(print, body, format).catch((error: unknown) => body.destroy(error as Error));
        return reply
          .header('content-type', FILE_CONTENT_TYPES[format])
          .header('content-disposition', `attachment; filename="${documentFileNames(print.bill)[format]}"`)
          .send(body);
      },
    );
  }

  app.get(
    '/bills/:id/bill.pdf',
    {
      config: { access: { roles: BILL_READERS, record: 'bill', reach: 'sponsor', refused: 404 } },
      schema: {
        tags,
        summary: 'The printed bill (PDF), with the amount in words',
        params: idParams,
        produces: ['application/pdf'],
        response: { 200: z.unknown().meta({ description: 'The PDF, as an attachment' }), ...errors },
      },
    },
    async (request, reply) => {
      const print = await billing.billPrint(request.params.id, caller(request));
      const pdf = await renderBillPdf(print);
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `attachment; filename="${documentFileNames(print.bill).pdf}"`)
        .send(Buffer.from(pdf));
    },
  );
};
