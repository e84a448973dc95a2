import { z } from 'zod';
import { PAYMENT_KINDS } from '../../core/payment-files.ts';
import { UNMATCHED_CODES } from './payment-formats.ts';

export const paymentKindSchema = z.enum(PAYMENT_KINDS).meta({
  description:
    '`payroll`: an OPD’s payroll deduction confirmation; `bank`: a virtual-account statement; `bpjstk`: a BPJS Ketenagakerjaan payment confirmation',
});

export const paymentImportStatusSchema = z.enum(['running', 'completed', 'duplicate', 'failed']);

export const paymentCountsSchema = z
  .object({
    rowsRead: z.number().int().meta({ description: 'Data rows read (blank rows are skipped)' }),
    lines: z.number().int().meta({ description: 'Payments recorded from this file' }),
    repeated: z.number().int().meta({
      description:
        'Rows repeating a payment already imported (this file or an earlier one): not counted again',
    }),
    rejected: z.number().int().meta({ description: 'Unreadable rows; see the error file' }),
    nothingPaid: z.number().int().meta({ description: 'Payroll rows saying nothing was deducted (0)' }),
    matched: z.number().int().meta({ description: 'Lines that paid exactly what they were for' }),
    partial: z.number().int().meta({ description: 'Lines that paid less than what was owed' }),
    over: z.number().int().meta({ description: 'Lines that paid more: the surplus is kept as a credit' }),
    unmatched: z
      .number()
      .int()
      .meta({ description: 'Lines that found no bill or contribution: in the queue' }),
    amountTotal: z.number().int().meta({ description: 'Rupiah received on the lines recorded' }),
    amountAllocated: z.number().int().meta({ description: 'Rupiah allocated to contributions' }),
    amountCredit: z.number().int().meta({ description: 'Rupiah paid beyond what was owed, kept as credit' }),
    amountUnmatched: z.number().int().meta({ description: 'Rupiah on unmatched lines' }),
  })
  .meta({ id: 'PaymentCounts' });
export type PaymentCounts = z.infer<typeof paymentCountsSchema>;

export const paymentImportSchema = z
  .object({
    id: z.string(),
    pemdaCode: z.string().meta({ example: '35.02' }),
    kind: paymentKindSchema,
    fileName: z.string().nullable(),
    status: paymentImportStatusSchema,
    duplicateOf: z
      .string()
      .nullable()
      .meta({ description: 'The import of the same file that completed first, for a duplicate' }),
    summary: paymentCountsSchema.nullable().meta({ description: 'Once completed, as it was then' }),
    stillUnmatched: z
      .number()
      .int()
      .nullable()
      .meta({ description: 'Lines of this import still waiting in the unmatched queue now' }),
    error: z.string().nullable().meta({ description: 'Why it failed, in the language of Accept-Language' }),
    errorFileUrls: z
      .object({ csv: z.string(), xlsx: z.string() })
      .nullable()
      .meta({ description: 'When rows were rejected or warned about' }),
    createdAt: z.string(),
    finishedAt: z.string().nullable(),
  })
  .meta({ id: 'PaymentImport' });
export type PaymentImport = z.infer<typeof paymentImportSchema>;

export const paymentImportResultSchema = z
  .object({
    alreadyImported: z.boolean().meta({
      description: 'The same file had been imported before: nothing changed, `import` is that earlier import',
    }),
    message: z.string().meta({ description: 'What the import did, in the language asked for' }),
    import: paymentImportSchema,
  })
  .meta({ id: 'PaymentImportResult' });
export type PaymentImportResult = z.infer<typeof paymentImportResultSchema>;

export const paymentImportListSchema = z.object({ items: z.array(paymentImportSchema) });

export const unmatchedLineSchema = z
  .object({
    id: z.number().int(),
    importId: z.string(),
    pemdaCode: z.string(),
    kind: paymentKindSchema,
    fileName: z.string().nullable(),
    rowNumber: z.number().int().meta({ description: 'As a spreadsheet numbers it: the header is row 1' }),
    amount: z.number().int(),
    paidAt: z.string().meta({ description: 'ISO 8601, UTC' }),
    reference: z.string().nullable(),
    vaNumber: z.string().nullable(),
    nip: z.string().nullable(),
    nik: z.string().nullable().meta({ description: 'Full only for roles that need it; otherwise masked' }),
    kpj: z.string().nullable(),
    period: z.string().nullable().meta({ description: 'YYYY-MM' }),
    bankTransactionId: z.string().nullable(),
    description: z.string().nullable(),
    reasonCode: z.enum(UNMATCHED_CODES),
    reason: z.string().meta({ description: 'Why it found nothing, in the language of Accept-Language' }),
  })
  .meta({ id: 'UnmatchedPaymentLine' });
export type UnmatchedLine = z.infer<typeof unmatchedLineSchema>;

export const unmatchedQuerySchema = z.object({
  pemda: z.string().meta({ example: '35.02' }),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type UnmatchedQuery = z.infer<typeof unmatchedQuerySchema>;

export const unmatchedPageSchema = z.object({
  items: z.array(unmatchedLineSchema),
  page: z.number().int(),
  pageSize: z.number().int(),
  total: z.number().int(),
});
export type UnmatchedPage = z.infer<typeof unmatchedPageSchema>;

const reason = z.string().trim().min(3).max(500).meta({
  description: 'Why, for the audit trail',
  example: 'Nomor VA salah ketik; dikonfirmasi dengan bank',
});

export const resolveRequestSchema = z
  .discriminatedUnion('action', [
    z.object({
      action: z.literal('assign'),
      reference: z.string().trim().min(1).max(60).optional().meta({
        description:
          'The bill to pay (its contributions oldest first; a payroll line’s ASN only, when listed)',
      }),
      contributionId: z.number().int().positive().optional().meta({ description: 'Or one contribution' }),
      reason,
    }),
    z.object({ action: z.literal('not_ours'), reason }),
  ])
  .meta({ id: 'ResolvePaymentLine' });
export type ResolveRequest = z.infer<typeof resolveRequestSchema>;

export const resolvedLineSchema = z
  .object({
    id: z.number().int(),
    status: z.enum(['matched', 'partial', 'over', 'not_ours']),
    billReference: z.string().nullable(),
    allocated: z.number().int(),
    credit: z.number().int(),
  })
  .meta({ id: 'ResolvedPaymentLine' });
export type ResolvedLine = z.infer<typeof resolvedLineSchema>;
