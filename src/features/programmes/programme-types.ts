import { z } from 'zod';
import type { Actor } from '../../core/access.ts';
import { PROGRAMMES, type Programme } from '../../core/contributions/schedules.ts';
import {
  ECHELONS,
  EMPLOYMENT_TYPES,
  OBLIGATION_STATUSES,
  type ObligationStatus,
  POLICY_STANDINGS,
  type ProgrammePolicy,
} from '../../core/programme-policy.ts';
import type { Echelon, EmploymentType } from '../../core/registry/asn-row.ts';
import { countSchema, rupiahSchema, yearSchema } from '../../platform/schemas.ts';

export const PROGRAMME_KINDS = ['asn_policy', 'apbd_cohort', 'csr', 'donor'] as const;
export type ProgrammeKind = (typeof PROGRAMME_KINDS)[number];

const obligationStatus = z.enum(OBLIGATION_STATUSES as [ObligationStatus, ...ObligationStatus[]]);
const message = z.object({ id: z.string(), en: z.string() });
const isoDate = z.string().meta({ description: 'YYYY-MM-DD', example: '2024-01-01' });
// The engine's whole list: the BPU scheme's (JKK, JKM, JHT) are judged by the engine, not here.
const bpuProgramme = z.enum(PROGRAMMES);
const employmentType = z.enum(EMPLOYMENT_TYPES as [EmploymentType, ...EmploymentType[]]);
const echelon = z.enum(ECHELONS as [Echelon, ...Echelon[]]);

/**
 * The core's `ProgrammePolicy` as a request body: the shape is checked here, the rules (dates,
 * order of phases, counts, the income bracket, the area) by the core's `validatePolicy`.
 */
export const policySchema = z
  .object({
    programmeKey: z.string().meta({ example: 'kendal-satu-asn-satu-pekerja-rentan' }),
    pemdaCode: z.string().meta({ example: '33.24' }),
    name: z.string().meta({ example: 'Satu ASN Satu Pekerja Rentan' }),
    standing: z.enum(POLICY_STANDINGS).meta({ description: '`proposal` (usulan) or `decided` (ditetapkan)' }),
    circularLetter: z.object({
      number: z.string().nullable().meta({ example: '560/1234/2022' }),
      date: isoDate.nullable(),
      title: z.string(),
    }),
    effectiveFrom: isoDate,
    mandatory: z.boolean().meta({ description: 'A voluntary programme obliges nobody' }),
    phases: z
      .array(
        z.object({
          from: isoDate,
          label: message,
          sponsors: z.object({
            employmentTypes: z.array(employmentType).readonly(),
            echelons: z
              .array(echelon.nullable())
              .readonly()
              .optional()
              .meta({ description: 'Absent: everyone; `null` in the list: staff without an echelon' }),
            opdIds: z
              .array(z.number().int())
              .readonly()
              .optional()
              .meta({ description: 'Absent: every OPD' }),
          }),
          verify: z.string().optional(),
        }),
      )
      .readonly(),
    perSponsor: z.object({
      min: z.number(),
      max: z.number().nullable().meta({ description: 'null: no upper limit' }),
    }),
    contribution: z.object({
      scheme: z.literal('bpu'),
      programmes: z.array(bpuProgramme).readonly().meta({ description: 'JKK and JKM, optionally JHT' }),
      declaredIncome: z
        .number()
        .int()
        .meta({ description: 'One of the BPU income brackets', example: 1000000 }),
    }),
    areaCode: z.string().nullable().meta({ description: 'Workers must live here; null: anywhere' }),
    legalBasis: z.string(),
    sources: z.array(z.string()).readonly(),
    verify: z.string().optional(),
    note: z.string().optional(),
  })
  .meta({ id: 'ProgrammePolicy' });

export const programmeRefSchema = z.object({
  id: z.number().int(),
  pemdaCode: z.string(),
  key: z.string(),
  name: z.string(),
  kind: z.enum(PROGRAMME_KINDS),
});
export type ProgrammeRef = z.infer<typeof programmeRefSchema>;

const inForceSchema = z
  .object({
    effectiveFrom: isoDate,
    circularLetter: policySchema.shape.circularLetter,
    standing: z.enum(POLICY_STANDINGS),
    mandatory: z.boolean(),
    perSponsor: policySchema.shape.perSponsor,
    phase: message.nullable().meta({ description: 'The phase in force today, if one has started' }),
  })
  .nullable()
  .meta({ description: 'The policy version in force today (asn_policy programmes)' });

export const programmeSummarySchema = programmeRefSchema
  .extend({
    active: z.boolean(),
    contribution: z
      .object({ programmes: z.array(bpuProgramme), declaredIncome: z.number().int() })
      .nullable()
      .meta({ description: "The programme's own, or the policy's in force today; null before any policy" }),
    areaCode: z.string().nullable(),
    budget: z.number().int().nullable(),
    budgetYear: z.number().int().nullable(),
    targetWorkers: z.number().int().nullable(),
    versionCount: z.number().int(),
    inForce: inForceSchema,
    createdAt: z.string(),
  })
  .meta({ id: 'ProgrammeSummary' });
export type ProgrammeSummary = z.infer<typeof programmeSummarySchema>;

export const policyVersionSchema = z.object({
  effectiveFrom: isoDate,
  /** True for the version in force today. */
  inForce: z.boolean(),
  createdAt: z.string(),
  createdBy: z.string().nullable().meta({ description: 'Username; null when entered from the command line' }),
  policy: policySchema,
});
export type PolicyVersion = z.infer<typeof policyVersionSchema>;

export const programmeDetailSchema = programmeSummarySchema
  .extend({
    today: isoDate.meta({ description: "Today in the Pemda's time zone" }),
    versions: z.array(policyVersionSchema).meta({ description: 'Oldest first' }),
  })
  .meta({ id: 'Programme' });
export type ProgrammeDetail = z.infer<typeof programmeDetailSchema>;

export const newProgrammeSchema = z.object({
  key: z
    .string()
    .meta({ description: 'Lower-case letters, digits and hyphens', example: 'ponorogo-asn-orang-tua-asuh' }),
  name: z.string().min(1).max(200),
  kind: z.enum(PROGRAMME_KINDS),
  programmes: z.array(bpuProgramme).optional().meta({ description: 'Not for asn_policy (the policy says)' }),
  declaredIncome: rupiahSchema.optional(),
  areaCode: z.string().nullable().optional(),
  budget: rupiahSchema.nullable().optional(),
  budgetYear: yearSchema.nullable().optional(),
  targetWorkers: countSchema.nullable().optional(),
});
export type NewProgramme = z.infer<typeof newProgrammeSchema>;

/**
 * The terms a sponsorship under the programme takes on a day: the policy in force for an
 * asn_policy programme (its contribution and area), the programme's own columns otherwise.
 */
export interface ProgrammeTerms {
  programme: ProgrammeRef;
  policy: ProgrammePolicy | null;
  programmes: Programme[];
  declaredIncome: number;
  areaCode: string | null;
}

export const complianceQuerySchema = z.object({
  on: isoDate.optional().meta({ description: "Default: today in the Pemda's time zone" }),
  opd: z.coerce.number().int().optional(),
  status: obligationStatus.optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});
export type ComplianceQuery = z.infer<typeof complianceQuerySchema>;

export const complianceItemSchema = z.object({
  nip: z.string(),
  name: z.string(),
  opdId: z.number().int(),
  opdName: z.string(),
  employmentType,
  echelon: echelon.nullable(),
  status: obligationStatus,
  required: z.number().int(),
  allowed: z.number().int().nullable(),
  held: z.number().int().meta({ description: 'Sponsorships under the programme holding the month of `on`' }),
  short: z.number().int(),
  phase: message.nullable(),
  reason: message,
});
export type ComplianceItem = z.infer<typeof complianceItemSchema>;

export const complianceTotalsSchema = z.object({
  asn: z.number().int(),
  met: z.number().int(),
  short: z.number().int(),
  notObliged: z.number().int(),
  overLimit: z.number().int(),
  workersShort: z.number().int().meta({ description: 'Workers still to be sponsored by those short' }),
  workersHeld: z.number().int(),
});
export type ComplianceTotals = z.infer<typeof complianceTotalsSchema>;

export const complianceReportSchema = z
  .object({
    programme: programmeRefSchema,
    on: isoDate,
    policy: inForceSchema.meta({ description: 'The version in force on `on`' }),
    opd: z.object({ id: z.number().int(), name: z.string() }).nullable(),
    totals: complianceTotalsSchema.meta({ description: 'Over every status, within the OPD filter' }),
    items: z.array(complianceItemSchema),
    page: z.number().int(),
    pageSize: z.number().int(),
    total: z.number().int().meta({ description: 'Rows with the status asked for' }),
  })
  .meta({ id: 'ComplianceReport' });
export type ComplianceReport = z.infer<typeof complianceReportSchema>;

/** Who asks: an actor, or none for the command line, which acts as the system. */
export interface Caller {
  actor: Actor | null;
  ip?: string | null;
}
