import { z } from 'zod';

const regionRef = z.object({ code: z.string(), name: z.string() }).nullable();

export const asnSchema = z
  .object({
    nip: z.string(),
    name: z.string(),
    pemdaCode: z.string(),
    opd: z.object({ id: z.number().int(), name: z.string() }),
    employmentType: z.enum(['PNS', 'PPPK', 'NON_ASN']),
    rank: z.string().nullable().meta({ description: 'Golongan, e.g. III/a' }),
    echelon: z.enum(['I', 'II', 'III', 'IV']).nullable(),
    baseSalary: z.number().int().meta({ description: 'Gaji pokok, rupiah a month' }),
    village: regionRef,
    active: z.boolean(),
    inactiveSince: z.string().nullable(),
  })
  .meta({ id: 'Asn' });

export const workerSchema = z
  .object({
    nik: z
      .string()
      .meta({ description: 'Full only for roles that need it; otherwise masked as 3502********0001' }),
    nikMasked: z.boolean(),
    name: z.string(),
    birthDate: z.string(),
    sex: z.enum(['male', 'female']),
    occupation: z.string().nullable(),
    sector: z.string().nullable(),
    village: regionRef,
    phone: z.string().nullable().meta({ description: 'Shown only with the full NIK' }),
    welfareDecile: z.number().int().nullable(),
    kpj: z.string().nullable(),
    pemdaCodes: z
      .array(z.string())
      .meta({ description: 'The Pemda (within your scope) whose registry holds the worker' }),
  })
  .meta({ id: 'Worker' });

const page = {
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
};

export const asnQuerySchema = z.object({
  pemda: z.string().optional().meta({ example: '35.02' }),
  opd: z.coerce.number().int().optional(),
  q: z.string().trim().max(100).optional().meta({ description: 'A NIP (exact) or the start of a name' }),
  village: z.string().optional().meta({ description: 'A district or village code: everyone living in it' }),
  status: z.enum(['active', 'inactive', 'all']).default('active'),
  ...page,
});

export const workerQuerySchema = z.object({
  pemda: z.string().optional().meta({ example: '35.02' }),
  q: z.string().trim().max(100).optional().meta({ description: 'A NIK (exact) or the start of a name' }),
  village: z.string().optional().meta({ description: 'A district or village code: everyone living in it' }),
  ...page,
});

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    page: z.number().int(),
    pageSize: z.number().int(),
    total: z.number().int(),
  });

export type AsnRecord = z.infer<typeof asnSchema>;
export type WorkerRecord = z.infer<typeof workerSchema>;
export type AsnQuery = z.infer<typeof asnQuerySchema>;
export type WorkerQuery = z.infer<typeof workerQuerySchema>;
export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
}
