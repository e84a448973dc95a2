import { z } from 'zod';
import type { Actor } from '../../core/access.ts';
import { SPONSORSHIP_STATUSES } from '../../core/sponsorship-lifecycle.ts';
import { periodSchema, rupiahSchema, yearSchema } from '../../platform/schemas.ts';

/**
 * Programmes with one sponsor who pays for all their workers (issue 4, item 6): an APBD cohort
 * (the regional budget), a company's CSR order, an individual donor's order. Each is filled in
 * builds; a build is recorded with what it added and what it turned away.
 */
export const COHORT_KINDS = ['apbd_cohort', 'csr', 'donor'] as const;
export const cohortKindSchema = z.enum(COHORT_KINDS).meta({
  description: '`apbd_cohort`: paid from the APBD; `csr`: a company; `donor`: an individual',
});
export type CohortKind = z.infer<typeof cohortKindSchema>;

export const SPONSOR_KINDS = ['asn', 'apbd', 'organisation', 'individual'] as const;
export const sponsorKindSchema = z.enum(SPONSOR_KINDS);
export type SponsorKind = z.infer<typeof sponsorKindSchema>;

/**
 * How long a company or a donor pays at a time: GN Lingkaran's choices, which domain-rules §3
 * records as what sponsors prepay ("3, 6 or 12 months").
 */
export const PREPAID_MONTHS = [3, 6, 12] as const;

const regionCode = z.string().trim().min(2).max(13);
const key = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9-]{1,63}$/)
  .meta({ description: 'Stable name of the programme; from the name when left out' });

/** A cohort from the pool: who, how many, and what the budget holds. */
export const cohortQueryBodySchema = z
  .object({
    name: z.string().trim().min(1).max(150).meta({ example: 'Petani Tembakau APBD 2024' }),
    key: key.optional(),
    occupations: z
      .array(z.string().trim().min(1).max(100))
      .max(50)
      .optional()
      .meta({
        description: 'Occupations as the registry writes them, any case',
        example: ['petani tembakau'],
      }),
    areas: z
      .array(regionCode)
      .max(100)
      .optional()
      .meta({ description: 'Districts or villages of the Pemda; the whole Pemda when left out' }),
    maxDecile: z
      .number()
      .int()
      .min(1)
      .max(10)
      .optional()
      .meta({ description: 'Only workers whose welfare decile is known and at most this (1 the poorest)' }),
    limit: z.number().int().min(1).max(10_000_000).optional().meta({
      description: 'At most this many members in all; a rebuild only tops the cohort up to it',
    }),
    budget: rupiahSchema.meta({ example: 2_600_000_000 }),
    budgetYear: yearSchema.meta({ example: 2024 }),
    from: periodSchema,
    months: z
      .number()
      .int()
      .min(1)
      .max(12)
      .optional()
      .meta({ description: 'Defaults to the rest of the budget year' }),
  })
  .meta({ id: 'CohortQuery' });
export type CohortQueryBody = z.infer<typeof cohortQueryBodySchema>;

/** The same terms for an imported list; the list itself is the file. */
export interface CohortFileTerms {
  name: string;
  key?: string | undefined;
  area?: string | undefined;
  budget: number;
  budgetYear: number;
  from: string;
  months?: number | undefined;
}

/** Form fields arrive as text; rupiah may carry thousands dots (2.600.000.000). */
const wholeNumber = z
  .string()
  .trim()
  .regex(/^(\d+|\d{1,3}(\.\d{3})+)$/)
  .transform((text) => Number(text.replaceAll('.', '')));

/** The multipart fields of a cohort file upload; a blank field counts as left out. */
export const cohortFileFieldsSchema = z.preprocess(
  (fields) =>
    Object.fromEntries(
      Object.entries(fields as Record<string, string>).filter(([, value]) => value.trim() !== ''),
    ),
  z
    .object({
      name: z.string().trim().min(1).max(150),
      key: key.optional(),
      area: regionCode.optional(),
      budget: wholeNumber.pipe(rupiahSchema),
      year: wholeNumber.pipe(yearSchema),
      from: periodSchema,
      months: wholeNumber.pipe(z.number().int().min(1).max(12)).optional(),
    })
    .transform(({ year, ...terms }): CohortFileTerms => ({ ...terms, budgetYear: year })),
);

const prepaidMonths = z
  .number()
  .int()
  .refine((value) => (PREPAID_MONTHS as readonly number[]).includes(value), {
    message: 'months must be 3, 6 or 12',
  })
  .meta({ description: '3, 6 or 12', example: 12 });

export const csrBodySchema = z
  .object({
    organisation: z.string().trim().min(1).max(150).meta({ example: 'PT Sumber Rejeki' }),
    key: key.optional(),
    workers: z.number().int().min(1).max(100_000).meta({ example: 100 }),
    districts: z
      .array(regionCode)
      .min(1)
      .max(100)
      .meta({ example: ['35.02.01', '35.02.02'] }),
    months: prepaidMonths,
    from: periodSchema,
  })
  .meta({ id: 'CsrOrder' });
export type CsrBody = z.infer<typeof csrBodySchema>;

export const donorBodySchema = z
  .object({
    name: z.string().trim().min(1).max(150).meta({ example: 'Ibu Sri Wahyuni' }),
    phone: z.string().trim().max(20).optional(),
    email: z.string().trim().max(150).optional(),
    key: key.optional(),
    workers: z
      .number()
      .int()
      .min(1)
      .max(10_000)
      .optional()
      .meta({ description: 'How many of the neediest pool workers; or name them in `niks`' }),
    niks: z.array(z.string().trim()).min(1).max(1_000).optional(),
    districts: z.array(regionCode).max(100).optional(),
    months: prepaidMonths,
    from: periodSchema,
  })
  .meta({ id: 'DonorOrder' });
export type DonorBody = z.infer<typeof donorBodySchema>;

export const cohortRefSchema = z.object({
  id: z.number().int(),
  pemdaCode: z.string(),
  key: z.string(),
  name: z.string(),
  kind: cohortKindSchema,
});
export type CohortRef = z.infer<typeof cohortRefSchema>;

export const costMonthSchema = z.object({
  period: z.string(),
  workers: z.number().int().meta({ description: 'Members whose sponsorship holds the month' }),
  amount: z.number().int().meta({ description: 'Rupiah, priced by the contribution engine' }),
  /** Each distinct price of the month: usually one line. */
  lines: z.array(
    z.object({
      workers: z.number().int(),
      perWorker: z.number().int(),
      schedule: z.string().meta({ example: 'PP 44/2015' }),
    }),
  ),
});

export const cohortCostSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    fundingSource: z.string().nullable(),
    budget: z.number().int().nullable(),
    total: z.number().int(),
    remaining: z.number().int().nullable().meta({ description: 'budget − total; negative: overrun' }),
    overrun: z.boolean(),
    months: z.array(costMonthSchema),
  })
  .meta({ id: 'CohortCost' });
export type CohortCost = z.infer<typeof cohortCostSchema>;

export const buildIssueSchema = z.object({
  row: z.number().int(),
  column: z.string(),
  value: z.string().nullable(),
  severity: z.enum(['rejected', 'warning']),
  code: z.string(),
  message: z.string(),
});

export const buildSummarySchema = z
  .object({
    buildId: z.string(),
    programme: cohortRefSchema,
    source: z.enum(['query', 'file', 'named']),
    read: z.number().int().meta({ description: 'Rows read, pool workers picked, or NIKs named' }),
    added: z.number().int(),
    alreadyMember: z.number().int().meta({ description: 'Already in this programme: a rerun adds nothing' }),
    alreadyCovered: z.number().int().meta({ description: 'Another sponsorship holds some of the months' }),
    rejected: z.number().int(),
    newWorkers: z.number().int().meta({ description: 'Workers the file added to the registry' }),
    members: z.number().int().meta({ description: 'Members of the programme after the build' }),
    issues: z.array(buildIssueSchema).meta({ description: 'The first 100 rows not added, with why' }),
    errorFileUrls: z.object({ csv: z.string(), xlsx: z.string() }).nullable(),
    cost: cohortCostSchema,
  })
  .meta({ id: 'CohortBuild' });
export type BuildSummary = z.infer<typeof buildSummarySchema>;

export const sponsorSchema = z
  .object({
    id: z.number().int(),
    pemdaCode: z.string(),
    kind: sponsorKindSchema,
    name: z.string(),
    paymentMethod: z.enum(['payroll_deduction', 'transfer', 'budget']),
    fundingSource: z.enum(['apbd', 'apbn', 'asn', 'csr', 'individual']),
    groupAccountType: z.string().nullable(),
    areaCode: z.string().nullable(),
    active: z.boolean(),
    workers: z.number().int().meta({ description: 'Workers held this month (any status but rejected)' }),
  })
  .meta({ id: 'Sponsor' });
export type SponsorRecord = z.infer<typeof sponsorSchema>;

const statusCounts = z.object(
  Object.fromEntries(SPONSORSHIP_STATUSES.map((status) => [status, z.number().int()])) as Record<
    (typeof SPONSORSHIP_STATUSES)[number],
    z.ZodNumber
  >,
);

export const cohortSummarySchema = cohortRefSchema
  .extend({
    areaCode: z.string().nullable(),
    budget: z.number().int().nullable(),
    budgetYear: z.number().int().nullable(),
    targetWorkers: z.number().int().nullable(),
    sponsor: sponsorSchema.pick({ id: true, kind: true, name: true, fundingSource: true }).nullable(),
    members: z
      .number()
      .int()
      .meta({ description: 'Sponsorships that hold months (every status but rejected)' }),
  })
  .meta({ id: 'CohortSummary' });
export type CohortSummary = z.infer<typeof cohortSummarySchema>;

export const buildRecordSchema = buildSummarySchema
  .pick({
    buildId: true,
    source: true,
    read: true,
    added: true,
    alreadyMember: true,
    alreadyCovered: true,
    rejected: true,
    newWorkers: true,
    errorFileUrls: true,
  })
  .extend({ programmeId: z.number().int(), fileName: z.string().nullable(), createdAt: z.string() });
export type BuildRecord = z.infer<typeof buildRecordSchema>;

export const cohortDetailSchema = cohortSummarySchema
  .extend({
    programmes: z.array(z.string()).meta({ example: ['jkk', 'jkm'] }),
    declaredIncome: z.number().int().nullable(),
    sponsor: sponsorSchema.nullable(),
    statusCounts,
    cost: cohortCostSchema,
    builds: z.array(buildRecordSchema).meta({ description: 'The 20 latest' }),
  })
  .meta({ id: 'Cohort' });
export type CohortDetail = z.infer<typeof cohortDetailSchema>;

export const memberSchema = z
  .object({
    sponsorshipId: z.number().int(),
    nik: z.string().meta({ description: 'Full for Pemda admins and BPJSTK officers, else 3502********0001' }),
    nikMasked: z.boolean(),
    name: z.string(),
    village: z.object({ code: z.string(), name: z.string() }).nullable(),
    occupation: z.string().nullable(),
    welfareDecile: z.number().int().nullable(),
    status: z.enum(SPONSORSHIP_STATUSES),
    firstMonth: z.string(),
    endMonth: z.string().nullable().meta({ description: 'The first month no longer paid; null: open' }),
    programme: cohortRefSchema.pick({ id: true, key: true, name: true }),
  })
  .meta({ id: 'SponsoredWorker' });
export type MemberRecord = z.infer<typeof memberSchema>;

const page = {
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
};

export const memberQuerySchema = z.object({
  status: z.enum(SPONSORSHIP_STATUSES).optional(),
  q: z.string().trim().max(100).optional().meta({ description: 'The start of a name' }),
  ...page,
});
export type MemberQuery = z.infer<typeof memberQuerySchema>;

export const cohortListQuerySchema = z.object({
  pemda: z.string().optional().meta({ example: '35.02' }),
  kind: cohortKindSchema.optional(),
});
export type CohortListQuery = z.infer<typeof cohortListQuerySchema>;

export const sponsorListQuerySchema = z.object({
  pemda: z.string().optional().meta({ example: '35.02' }),
  kind: sponsorKindSchema.optional(),
  ...page,
});
export type SponsorListQuery = z.infer<typeof sponsorListQuerySchema>;

export const sponsorDetailSchema = sponsorSchema
  .extend({
    programmes: z.array(
      cohortRefSchema.pick({ id: true, key: true, name: true }).extend({ kind: z.string() }),
    ),
    statusCounts,
  })
  .meta({ id: 'SponsorDetail' });
export type SponsorDetail = z.infer<typeof sponsorDetailSchema>;

/** Who asks: an actor, or none when the system acts (the CLI on the server). */
export interface Caller {
  actor: Actor | null;
  ip?: string | null;
}
