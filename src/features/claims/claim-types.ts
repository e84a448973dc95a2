import { z } from 'zod';
import { CLAIM_BENEFITS, CLAIM_DOCUMENTS, CLAIM_TYPES, EDUCATION_LEVELS } from '../../core/benefits.ts';
import { FUNDING_SOURCES } from '../../core/contributions/schedules.ts';
import { COVERAGE_STATES } from '../../core/coverage.ts';
import { periodSchema, rupiahSchema } from '../../platform/schemas.ts';

export const CLAIM_STATUSES = ['registered', 'eligible', 'refused', 'approved', 'paid'] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .meta({ description: 'YYYY-MM-DD, on the Pemda clock' });
const ref = z.object({ id: z.number().int(), name: z.string() });

export const childSchema = z.object({
  name: z.string().trim().max(100).optional(),
  level: z.enum(EDUCATION_LEVELS),
});

export const registerClaimSchema = z
  .object({
    nik: z.string().meta({ example: '3502014101900001' }),
    type: z.enum(CLAIM_TYPES),
    benefit: z.enum(CLAIM_BENEFITS).default('death').meta({ description: 'JKM: death only' }),
    incidentDate: day.meta({ description: 'The day of the death or accident' }),
    filedOn: day
      .optional()
      .meta({ description: 'The day the claim reached the branch; today when left out' }),
    documents: z.array(z.enum(CLAIM_DOCUMENTS)).max(20).default([]),
    children: z
      .array(childSchema)
      .max(10)
      .default([])
      .meta({ description: 'Children named for a scholarship' }),
    amount: rupiahSchema
      .min(1)
      .optional()
      .meta({ description: 'JKK medical care, incapacity pay or disability, as assessed (rupiah)' }),
    membershipSince: day.optional().meta({ description: 'An earlier membership start the officer knows of' }),
    note: z.string().trim().max(500).optional(),
    pemda: z
      .string()
      .optional()
      .meta({ description: 'Needed only when the worker is in several of your Pemda' }),
  })
  .meta({ id: 'RegisterClaim' });

export const payClaimSchema = z
  .object({
    paidOn: day.optional().meta({ description: 'Today when left out' }),
    reference: z.string().trim().max(100).optional().meta({ example: 'TRF-20240315-0012' }),
  })
  .meta({ id: 'PayClaim' });

export const claimComponentSchema = z.object({
  code: z.string(),
  label: z.string(),
  amount: z.number().int(),
});

export const claimEventSchema = z.object({
  from: z.enum(CLAIM_STATUSES).nullable(),
  to: z.enum(CLAIM_STATUSES),
  at: z.string(),
  by: z.string().nullable(),
  reason: z.string().nullable(),
});

export const claimSchema = z
  .object({
    id: z.number().int(),
    pemdaCode: z.string(),
    nik: z.string().meta({ description: 'Full only for roles that need it; otherwise masked' }),
    nikMasked: z.boolean(),
    workerName: z.string(),
    type: z.enum(CLAIM_TYPES),
    benefit: z.enum(CLAIM_BENEFITS),
    benefitLabel: z.string(),
    incidentDate: z.string(),
    filedOn: z.string(),
    documents: z.array(z.enum(CLAIM_DOCUMENTS)),
    missingDocuments: z.array(z.enum(CLAIM_DOCUMENTS)),
    children: z.array(childSchema),
    enteredAmount: z.number().int().nullable(),
    membershipSince: z.string().nullable(),
    note: z.string().nullable(),
    status: z.enum(CLAIM_STATUSES),
    decision: z
      .object({ code: z.string(), reason: z.string() })
      .nullable()
      .meta({ description: 'Why eligible or refused, in the language of Accept-Language' }),
    coverage: z
      .object({
        covered: z.boolean(),
        code: z.string(),
        state: z.enum(COVERAGE_STATES).nullable(),
        period: z.string(),
      })
      .nullable(),
    funding: z
      .object({
        source: z.enum(FUNDING_SOURCES),
        programme: ref,
        sponsor: ref.nullable().meta({ description: 'Only for those who may learn who pays' }),
        declaredIncome: z.number().int(),
      })
      .nullable(),
    benefitAmount: z.number().int().nullable(),
    breakdown: z.array(claimComponentSchema),
    scholarship: z
      .object({ eligible: z.boolean(), reason: z.string(), maximum: z.number().int() })
      .nullable(),
    legalBasis: z.string().nullable(),
    paidAmount: z.number().int().nullable(),
    paidOn: z.string().nullable(),
    paymentReference: z.string().nullable(),
    createdAt: z.string(),
    events: z.array(claimEventSchema),
  })
  .meta({ id: 'Claim' });

export const claimQuerySchema = z.object({
  pemda: z.string().optional().meta({ example: '35.02' }),
  status: z.enum(CLAIM_STATUSES).optional(),
  type: z.enum(CLAIM_TYPES).optional(),
  nik: z.string().optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export const claimPageSchema = z.object({
  items: z.array(claimSchema),
  page: z.number().int(),
  pageSize: z.number().int(),
  total: z.number().int(),
});

export const roiQuerySchema = z.object({
  from: periodSchema.optional().meta({ description: 'First contribution month counted' }),
  to: periodSchema.optional().meta({ description: 'Last contribution month counted' }),
});

export const roiRowSchema = z
  .object({
    fundingSource: z.enum(FUNDING_SOURCES).nullable(),
    programme: z.object({ id: z.number().int(), key: z.string(), name: z.string() }).nullable(),
    contributionsPaid: z.number().int().meta({ description: 'Rupiah of contributions paid' }),
    workers: z.number().int().meta({ description: 'Workers whose contributions were paid' }),
    benefitsPaid: z.number().int().meta({ description: 'Rupiah of benefits paid on claims' }),
    claimsPaid: z.number().int(),
    ratio: z.number().nullable().meta({ description: 'Benefits paid per rupiah of contributions paid' }),
  })
  .meta({ id: 'RoiRow' });

export const roiSchema = z
  .object({
    pemdaCode: z.string(),
    pemdaName: z.string(),
    from: z.string().nullable(),
    to: z.string().nullable(),
    rows: z.array(roiRowSchema),
    totals: roiRowSchema.omit({ fundingSource: true, programme: true }),
    summary: z.string().meta({ description: 'In words, in the language of Accept-Language' }),
  })
  .meta({ id: 'Roi' });

export type RegisterClaimInput = z.input<typeof registerClaimSchema>;
export type RegisterClaim = z.infer<typeof registerClaimSchema>;
export type PayClaim = z.infer<typeof payClaimSchema>;
export type ClaimView = z.infer<typeof claimSchema>;
export type ClaimQuery = z.infer<typeof claimQuerySchema>;
export type ClaimPage = z.infer<typeof claimPageSchema>;
export type RoiQuery = z.infer<typeof roiQuerySchema>;
export type RoiRow = z.infer<typeof roiRowSchema>;
export type RoiView = z.infer<typeof roiSchema>;
