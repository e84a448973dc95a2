import { z } from 'zod';
import { COVERAGE_STATES } from '../../core/coverage.ts';
import { periodSchema } from '../../platform/schemas.ts';

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .meta({ description: 'A day on the Pemda clock, YYYY-MM-DD', example: '2024-02-10' });

export const coverageOverrideSchema = z
  .object({
    covered: z.boolean(),
    reason: z.string(),
    by: z.string().nullable().meta({ description: 'The officer who recorded it' }),
    at: z.string().meta({ description: 'ISO 8601, UTC' }),
  })
  .meta({ id: 'CoverageOverride' });

export const coverageMonthSchema = z
  .object({
    period: z.string().meta({ example: '2024-01' }),
    state: z.enum(COVERAGE_STATES),
    stateLabel: z.string().meta({ description: 'The state in the language of Accept-Language' }),
    pemdaCode: z.string().nullable(),
    sponsored: z.boolean(),
    sponsor: z.object({ id: z.number().int(), name: z.string(), kind: z.string() }).nullable().meta({
      description:
        "Who paid: only for the paying Pemda's admins and BPJSTK officers and the payer itself; null otherwise, or when nobody paid",
    }),
    programme: z.object({ id: z.number().int(), name: z.string() }).nullable(),
    billed: z.boolean().meta({ description: 'Whether a billing run has billed the month yet' }),
    amount: z.number().int().meta({ description: 'Rupiah billed for the month, corrections included' }),
    paid: z.number().int().meta({ description: 'Rupiah paid towards it' }),
    dueDate: z
      .string()
      .nullable()
      .meta({ description: 'The regulated deadline (BPU: the 15th of the month)' }),
    paidAt: z.string().nullable().meta({ description: 'When it was paid in full, ISO 8601 UTC' }),
    paidOn: z.string().nullable().meta({ description: 'The same, as a day on the Pemda clock' }),
    coveredFrom: z
      .string()
      .nullable()
      .meta({ description: 'The first covered day of the month; null: none' }),
    membershipStart: z.string().nullable(),
    lapsedOn: z.string().nullable().meta({ description: 'For a lapsed month: the day the membership ended' }),
    arrearsPayableUntil: z
      .string()
      .nullable()
      .meta({ description: 'For an unpaid month: pay by this day or the membership may end' }),
    recordedFrom: z.string().nullable().meta({
      description:
        "The first month the Pemda's ledger is kept in Asuh: a sponsored month before it reads not_recorded; null: no bill yet",
    }),
    override: coverageOverrideSchema.nullable(),
  })
  .meta({ id: 'CoverageMonth' });

export const coverageAnswerSchema = z
  .object({
    date: z.string(),
    covered: z.boolean(),
    code: z.string().meta({ example: 'COVERED_ON_TIME' }),
    reason: z.string().meta({ description: 'Why, in the language of Accept-Language' }),
    period: z.string(),
    state: z.enum(COVERAGE_STATES).nullable(),
    overridden: z.boolean(),
  })
  .meta({ id: 'CoverageAnswer' });

export const workerCoverageSchema = z
  .object({
    nik: z.string().meta({ description: 'Full only for roles that need it; otherwise masked' }),
    nikMasked: z.boolean(),
    name: z.string(),
    timeZone: z.enum(['WIB', 'WITA', 'WIT']),
    today: z.string(),
    months: z.array(coverageMonthSchema),
    current: coverageAnswerSchema.meta({ description: 'Covered today?' }),
    answer: coverageAnswerSchema.nullable().meta({ description: 'Covered on the day asked (`on`)?' }),
    mayOverride: z.boolean().meta({ description: 'Whether the caller may record an override' }),
  })
  .meta({ id: 'WorkerCoverage' });

export const coverageQuerySchema = z.object({
  on: day.optional().meta({ description: 'Answer "covered on this day?" with the reason' }),
});

export const overrideRequestSchema = z
  .object({
    period: periodSchema.meta({ example: '2024-02' }),
    covered: z.boolean().default(true).meta({ description: 'false records that the month is not covered' }),
    reason: z
      .string()
      .trim()
      .min(3)
      .max(500)
      .meta({ example: 'Tunggakan Februari dibayar di kantor cabang pada 2024-03-02; bukti kuitansi' }),
  })
  .meta({ id: 'CoverageOverrideRequest' });

export type CoverageMonth = z.infer<typeof coverageMonthSchema>;
export type CoverageAnswerView = z.infer<typeof coverageAnswerSchema>;
export type WorkerCoverage = z.infer<typeof workerCoverageSchema>;
export type OverrideRequest = z.infer<typeof overrideRequestSchema>;
