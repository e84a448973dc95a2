import { z } from 'zod';

const ref = z.object({ id: z.number().int(), name: z.string() });

export const arrearsQuerySchema = z.object({
  pemda: z.string().optional().meta({ example: '35.02' }),
  opd: z.coerce
    .number()
    .int()
    .optional()
    .meta({ description: 'The OPD whose payroll carries the deduction' }),
  programme: z.coerce.number().int().optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export const arrearsTotalsSchema = z.object({
  amount: z.number().int().meta({ description: 'Rupiah past due and unpaid' }),
  sponsors: z.number().int(),
  workers: z.number().int(),
  workerMonths: z.number().int(),
});

export const arrearsSponsorSchema = z
  .object({
    pemdaCode: z.string(),
    sponsor: z.object({
      id: z.number().int(),
      name: z.string(),
      kind: z.string(),
      nip: z.string().nullable(),
    }),
    opd: ref.nullable(),
    programme: ref,
    workers: z.number().int(),
    months: z.array(z.string()).meta({ description: 'The months in arrears, YYYY-MM, oldest first' }),
    amount: z.number().int(),
    oldest: z.string(),
  })
  .meta({ id: 'ArrearsSponsor' });

export const arrearsWorkerSchema = z
  .object({
    pemdaCode: z.string(),
    nik: z.string().meta({ description: 'Full only for roles that need it; otherwise masked' }),
    name: z.string(),
    sponsor: z
      .object({ id: z.number().int(), name: z.string() })
      .nullable()
      .meta({ description: 'Only for those who may learn who pays' }),
    opd: ref.nullable(),
    programme: ref,
    months: z.array(z.string()),
    amount: z.number().int(),
    oldest: z.string(),
  })
  .meta({ id: 'ArrearsWorker' });

const listOf = <T extends z.ZodType>(item: T) =>
  z.object({
    asOf: z.string().meta({ description: 'Past due at this moment, ISO 8601 UTC' }),
    nikMasked: z.boolean(),
    totals: arrearsTotalsSchema,
    items: z.array(item),
    page: z.number().int(),
    pageSize: z.number().int(),
    total: z.number().int(),
  });

export const arrearsSponsorPageSchema = listOf(arrearsSponsorSchema).meta({ id: 'ArrearsSponsorPage' });
export const arrearsWorkerPageSchema = listOf(arrearsWorkerSchema).meta({ id: 'ArrearsWorkerPage' });

export const ownArrearsSchema = z
  .object({
    asOf: z.string(),
    totals: arrearsTotalsSchema,
    workers: z.array(arrearsWorkerSchema),
  })
  .meta({ id: 'OwnArrears' });

export type ArrearsQuery = z.infer<typeof arrearsQuerySchema>;
export type ArrearsTotals = z.infer<typeof arrearsTotalsSchema>;
export type ArrearsSponsor = z.infer<typeof arrearsSponsorSchema>;
export type ArrearsWorker = z.infer<typeof arrearsWorkerSchema>;
export type ArrearsSponsorPage = z.infer<typeof arrearsSponsorPageSchema>;
export type ArrearsWorkerPage = z.infer<typeof arrearsWorkerPageSchema>;
export type OwnArrears = z.infer<typeof ownArrearsSchema>;
