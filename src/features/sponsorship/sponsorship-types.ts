import { z } from 'zod';
import { RELATIONSHIPS, SPONSORSHIP_STATUSES } from '../../core/sponsorship-lifecycle.ts';
import { periodSchema } from '../../platform/schemas.ts';
import { asnSchema } from '../registry/index.ts';

/** A stored month, as answered; a typed one is a `periodSchema`. */
const period = z.string().meta({ description: 'A contribution month, YYYY-MM', example: '2026-12' });
const regionRef = asnSchema.shape.village;
const bilingual = z.object({ id: z.string(), en: z.string() });

export const relationshipSchema = z.enum(RELATIONSHIPS);
export const sponsorshipStatusSchema = z.enum(SPONSORSHIP_STATUSES);

/**
 * A worker not yet in the registry, as the registry import's columns would hold them: every field
 * is text, checked by the same row rules (`src/core/registry/worker-row.ts`), so the messages are
 * the import's.
 */
export const newWorkerSchema = z.object({
  nik: z.string().max(40),
  name: z.string().max(400).optional(),
  birthDate: z.string().max(40).optional().meta({ description: 'YYYY-MM-DD or DD/MM/YYYY' }),
  sex: z.string().max(20).optional().meta({ description: 'L (male) or P (female)' }),
  occupation: z.string().max(400).optional(),
  sector: z.string().max(400).optional(),
  villageCode: z.string().max(40).optional().meta({ example: '35.02.01.2001' }),
  phone: z.string().max(40).optional(),
  welfareDecile: z.string().max(10).optional(),
});

export const newSponsorshipSchema = z
  .object({
    programmeId: z.number().int().positive().optional().meta({
      description: "Required for a Pemda admin; an ASN's default is their Pemda's ASN programme",
    }),
    sponsorId: z
      .number()
      .int()
      .positive()
      .optional()
      .meta({ description: 'Pemda admin: a sponsor of the Pemda' }),
    sponsorNip: z
      .string()
      .max(40)
      .optional()
      .meta({ description: 'Pemda admin: an ASN of the Pemda, whose sponsor record is made on first use' }),
    nik: z.string().max(40).optional().meta({ description: 'An existing worker, by NIK' }),
    worker: newWorkerSchema.optional().meta({ description: 'Or a new worker, added to the registry' }),
    relationship: relationshipSchema,
    firstMonth: periodSchema.optional().meta({
      description:
        'Defaults to the next month that can still be billed: this month, or the next once this one is billed',
    }),
  })
  .meta({ id: 'NewSponsorship' });

export const sponsorshipSchema = z
  .object({
    id: z.number().int(),
    pemdaCode: z.string(),
    programme: z.object({ id: z.number().int(), key: z.string(), name: z.string(), kind: z.string() }),
    sponsor: z.object({
      id: z.number().int(),
      kind: z.enum(['asn', 'apbd', 'organisation', 'individual']),
      name: z.string(),
      nip: z.string().nullable(),
      fundingSource: z.string(),
    }),
    worker: z.object({
      nik: z.string().meta({ description: 'Full only for roles that need it; otherwise masked' }),
      nikMasked: z.boolean(),
      name: z.string(),
      village: regionRef,
    }),
    relationship: relationshipSchema,
    programmes: z.array(z.string()).meta({ example: ['jkk', 'jkm'] }),
    declaredIncome: z.number().int(),
    firstMonth: period,
    endMonth: period.nullable().meta({ description: 'The first month no longer paid for; null: open' }),
    status: sponsorshipStatusSchema,
    enrolledOn: z.string().nullable(),
    monthlyAmount: z.number().int().meta({
      description:
        "The contribution engine's price of one month (`amountPeriod`), with the sponsor's funding source",
    }),
    amountPeriod: period,
    reason: z
      .string()
      .nullable()
      .meta({ description: "The latest event's reason: why it was rejected, suspended or ended" }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Sponsorship' });

export const sponsorshipEventSchema = z
  .object({
    id: z.number().int(),
    fromStatus: sponsorshipStatusSchema.nullable(),
    toStatus: sponsorshipStatusSchema,
    at: z.string(),
    user: z.object({ id: z.number().int(), displayName: z.string() }).nullable(),
    reason: z.string().nullable(),
    source: z.string().nullable(),
  })
  .meta({ id: 'SponsorshipEvent' });

export const sponsorshipDetailSchema = sponsorshipSchema
  .extend({ events: z.array(sponsorshipEventSchema) })
  .meta({ id: 'SponsorshipDetail' });

export const sponsorshipQuerySchema = z.object({
  programme: z.coerce.number().int().positive().optional(),
  status: sponsorshipStatusSchema.optional(),
  sponsor: z.coerce.number().int().positive().optional(),
  pemda: z.string().optional().meta({ example: '35.02' }),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

/** The moves made by hand; enrolment and activation come from the branch's response files. */
export const MANUAL_TARGETS = ['verified', 'rejected', 'suspended', 'active', 'ended'] as const;

export const transitionSchema = z.object({
  to: z.enum(MANUAL_TARGETS).meta({ description: '`active` resumes a suspended sponsorship' }),
  reason: z.string().max(500).optional().meta({ description: 'Required for rejected, suspended and ended' }),
});

export const endSchema = z.object({ reason: z.string().max(500) });

export const obligationSchema = z.object({
  status: z.enum(['met', 'short', 'not_obliged', 'over_limit']),
  required: z.number().int(),
  allowed: z.number().int().nullable(),
  short: z.number().int(),
  held: z.number().int().meta({ description: 'Sponsorships under the programme that hold this month' }),
  reason: bilingual,
  phase: bilingual.nullable().meta({ description: 'The label of the phase in force' }),
});

export const selfServiceSchema = z
  .object({
    today: z.string().meta({ description: "The day in the Pemda's time zone" }),
    asn: z.object({
      nip: z.string(),
      name: z.string(),
      pemdaCode: z.string(),
      opd: asnSchema.shape.opd,
      employmentType: asnSchema.shape.employmentType,
      echelon: asnSchema.shape.echelon,
      village: regionRef,
      active: z.boolean(),
    }),
    programme: z.object({ id: z.number().int(), key: z.string(), name: z.string() }).nullable(),
    policy: z
      .object({
        name: z.string(),
        circularLetter: z.object({
          number: z.string().nullable(),
          date: z.string().nullable(),
          title: z.string(),
        }),
        mandatory: z.boolean(),
        min: z.number().int(),
        max: z.number().int().nullable(),
        effectiveFrom: z.string(),
      })
      .nullable()
      .meta({ description: 'The version in force today; null before the first' }),
    obligation: obligationSchema.nullable(),
    sponsorships: z.array(sponsorshipSchema),
  })
  .meta({ id: 'SelfService' });

export const POOL_LEVELS = ['village', 'district', 'regency', 'other'] as const;

export const poolQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(50).default(20) });

export const poolSchema = z
  .object({
    nearVillage: regionRef,
    items: z.array(
      z.object({
        nik: z.string(),
        name: z.string(),
        village: regionRef,
        level: z.enum(POOL_LEVELS).meta({ description: "How near the ASN's home village" }),
        occupation: z.string().nullable(),
        welfareDecile: z.number().int().nullable(),
        birthDate: z.string(),
      }),
    ),
  })
  .meta({ id: 'SponsorshipPool' });

export type NewWorkerInput = z.infer<typeof newWorkerSchema>;
export type NewSponsorshipInput = z.infer<typeof newSponsorshipSchema>;
export type SponsorshipRecord = z.infer<typeof sponsorshipSchema>;
export type SponsorshipEvent = z.infer<typeof sponsorshipEventSchema>;
export type SponsorshipDetail = z.infer<typeof sponsorshipDetailSchema>;
export type SponsorshipQuery = z.infer<typeof sponsorshipQuerySchema>;
export type TransitionInput = z.infer<typeof transitionSchema>;
export type SelfService = z.infer<typeof selfServiceSchema>;
export type PoolLevel = (typeof POOL_LEVELS)[number];
export type Pool = z.infer<typeof poolSchema>;
