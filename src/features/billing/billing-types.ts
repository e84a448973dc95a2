import { z } from 'zod';
import { periodSchema, RUPIAH_MAX } from '../../platform/schemas.ts';

export const BILL_DOCUMENTS = ['payroll_deduction', 'invoice', 'payment_order'] as const;
export type BillDocument = (typeof BILL_DOCUMENTS)[number];

export const billingRunRequestSchema = z.object({
  period: periodSchema,
  pemda: z.string().meta({ example: '35.02' }),
});

/** What `asuh billing run --json` prints, and what the API answers a run with. */
export const billingTotalsSchema = z.object({
  period: z.string(),
  contributionsAdded: z.number().int(),
  billsAdded: z.number().int(),
  totalBilled: z.number().int().meta({ description: 'Rupiah' }),
});

export const billingRunSchema = z
  .object({
    id: z.number().int(),
    period: z.string(),
    pemdaCode: z.string().nullable(),
    startedAt: z.string(),
    finishedAt: z.string().nullable(),
    contributionsAdded: z.number().int(),
    billsAdded: z.number().int(),
    totalBilled: z.number().int(),
    createdBy: z
      .string()
      .nullable()
      .meta({ description: 'The username; null for a command run on the server' }),
  })
  .meta({ id: 'BillingRun' });

export const billingRunResultSchema = billingTotalsSchema
  .extend({
    runs: z.array(billingRunSchema),
    message: z.string().meta({ description: 'What the run did, in the language asked for' }),
  })
  .meta({ id: 'BillingRunResult' });

export const billSchema = z
  .object({
    id: z.number().int(),
    reference: z.string().meta({ example: 'ASUH-3502-202401-000001' }),
    pemdaCode: z.string(),
    period: z.string(),
    document: z.enum(BILL_DOCUMENTS),
    payer: z.object({
      kind: z.enum(['opd', 'sponsor']),
      id: z.number().int(),
      name: z.string(),
    }),
    memberCount: z.number().int().meta({ description: 'Lines on the bill, frozen at issue' }),
    billedAmount: z.number().int(),
    paidAmount: z.number().int(),
    reconciledAmount: z.number().int(),
    reversedAmount: z.number().int(),
    dueAt: z.string(),
    issuedAt: z.string(),
    billingRunId: z.number().int().nullable(),
  })
  .meta({ id: 'Bill' });

export const billLineSchema = z
  .object({
    id: z.number().int(),
    kind: z.enum(['charge', 'adjustment']),
    period: z.string(),
    nik: z.string().meta({ description: 'Full only for roles that need it; otherwise masked' }),
    workerName: z.string(),
    sponsorName: z.string(),
    sponsorNip: z.string().nullable(),
    jkk: z.number().int(),
    jkm: z.number().int(),
    jht: z.number().int(),
    amount: z.number().int(),
    schedule: z.string(),
    paidAmount: z.number().int(),
    status: z.string(),
    adjustsId: z.number().int().nullable(),
  })
  .meta({ id: 'BillLine' });

export const billDetailSchema = billSchema
  .extend({
    amountInWords: z.string().meta({ example: 'dua ratus satu ribu enam ratus rupiah' }),
    timeZone: z.enum(['WIB', 'WITA', 'WIT']),
    nikMasked: z.boolean(),
    lines: z.array(billLineSchema),
    downloads: z.object({
      pdf: z.string(),
      csv: z.string().nullable(),
      xlsx: z.string().nullable(),
    }),
  })
  .meta({ id: 'BillDetail' });

export const billQuerySchema = z.object({
  pemda: z.string().optional().meta({ example: '35.02' }),
  period: periodSchema.optional(),
  opd: z.coerce.number().int().optional(),
  document: z.enum(BILL_DOCUMENTS).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export const billPageSchema = z.object({
  items: z.array(billSchema),
  page: z.number().int(),
  pageSize: z.number().int(),
  total: z.number().int(),
  totals: z.object({
    billedAmount: z.number().int(),
    paidAmount: z.number().int(),
    memberCount: z.number().int(),
  }),
});

export const adjustmentRequestSchema = z
  .object({
    amount: z
      .number()
      .int()
      .min(-RUPIAH_MAX)
      .max(RUPIAH_MAX)
      .meta({ description: 'Rupiah: positive when more is owed, negative for a credit', example: -8400 }),
    reason: z.string().max(500).meta({ example: 'Iuran Januari dihitung penuh, seharusnya diskon 50%' }),
  })
  .meta({ id: 'AdjustmentRequest' });

export const adjustmentSchema = z
  .object({
    id: z.number().int(),
    contributionId: z.number().int(),
    amount: z.number().int(),
    jkk: z.number().int(),
    jkm: z.number().int(),
    jht: z.number().int(),
  })
  .meta({ id: 'Adjustment' });

export type BillingRunRequest = z.infer<typeof billingRunRequestSchema>;
export type BillingTotals = z.infer<typeof billingTotalsSchema>;
export type BillingRun = z.infer<typeof billingRunSchema>;
export type BillingRunResult = z.infer<typeof billingRunResultSchema>;
export type Bill = z.infer<typeof billSchema>;
export type BillLine = z.infer<typeof billLineSchema>;
export type BillDetail = z.infer<typeof billDetailSchema>;
export type BillQuery = z.infer<typeof billQuerySchema>;
export type BillPage = z.infer<typeof billPageSchema>;
