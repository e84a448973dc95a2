import { z } from 'zod';

export const importKindSchema = z.enum(['asn', 'workers']).meta({
  description: '`asn`: the civil-servant roster; `workers`: the worker registry',
});
export type ImportKind = z.infer<typeof importKindSchema>;

export const importStatusSchema = z.enum(['queued', 'running', 'completed', 'failed']);
export type ImportStatus = z.infer<typeof importStatusSchema>;

export const importCountsSchema = z
  .object({
    read: z.number().int().meta({ description: 'Data rows read (blank rows are skipped)' }),
    inserted: z.number().int().meta({ description: 'New records' }),
    updated: z.number().int().meta({ description: 'Existing records whose columns changed' }),
    unchanged: z.number().int().meta({ description: 'Rows identical to what was stored' }),
    rejected: z.number().int().meta({ description: 'Rows not imported; see the error file' }),
    warned: z.number().int().meta({ description: 'Rows imported with a warning' }),
    linked: z
      .number()
      .int()
      .meta({ description: 'Workers already registered nationally, now linked to this Pemda' }),
    deactivated: z.number().int().meta({ description: 'ASN missing from a full roster, marked inactive' }),
  })
  .meta({ id: 'ImportCounts' });
export type ImportCounts = z.infer<typeof importCountsSchema>;

/** What an import did; `errorFile` is where the rejected and warned rows were written, if anywhere. */
export interface ImportSummary extends ImportCounts {
  importId: string;
  errorFile?: string | null;
}

export const importJobSchema = z
  .object({
    id: z.string().meta({ example: '0b7f3c1e-8d2a-4f55-9a51-1d4c3e2f9a10' }),
    kind: importKindSchema,
    pemdaCode: z.string().meta({ example: '35.02' }),
    fileName: z.string().nullable(),
    status: importStatusSchema,
    dryRun: z.boolean(),
    progress: z.object({
      rowsRead: z.number().int(),
      bytesRead: z.number().int(),
      totalBytes: z.number().int().nullable(),
      percent: z.number().int().nullable().meta({ description: 'Of the file’s bytes read, 0–100' }),
    }),
    summary: importCountsSchema.nullable().meta({ description: 'Once completed' }),
    error: z.string().nullable().meta({ description: 'Why it failed, in the language of Accept-Language' }),
    errorFileUrls: z
      .object({ csv: z.string(), xlsx: z.string() })
      .nullable()
      .meta({ description: 'Once completed with rejected or warned rows' }),
    createdAt: z.string(),
    finishedAt: z.string().nullable(),
  })
  .meta({ id: 'ImportJob' });
export type ImportJob = z.infer<typeof importJobSchema>;

export const importAcceptedSchema = z.object({ id: z.string(), status: importStatusSchema });

export const importListSchema = z.object({ items: z.array(importJobSchema) });
