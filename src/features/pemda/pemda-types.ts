import { z } from 'zod';

export const pemdaTargetSchema = z.object({
  year: z.number().int(),
  workersToCover: z
    .number()
    .int()
    .meta({ description: 'Workers the Pemda means to have covered by the end of the year' }),
});

export const opdSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  asnCount: z.number().int(),
});

export const pemdaSummarySchema = z.object({
  code: z.string().meta({ example: '35.02' }),
  name: z.string().meta({ example: 'Kabupaten Ponorogo' }),
  level: z.enum(['province', 'regency']),
  timeZone: z.enum(['WIB', 'WITA', 'WIT']),
});

export const pemdaSchema = pemdaSummarySchema.extend({
  targets: z.array(pemdaTargetSchema),
  opdCount: z.number().int(),
  activeAsnCount: z.number().int(),
  workerCount: z.number().int(),
});

export type PemdaTarget = z.infer<typeof pemdaTargetSchema>;
export type Opd = z.infer<typeof opdSchema>;
export type PemdaSummary = z.infer<typeof pemdaSummarySchema>;
export type Pemda = z.infer<typeof pemdaSchema>;

/** How rosters' spellings of one department's name are matched: case, ends and inner spacing ignored. */
export function opdNameKey(name: string): string {
  return name.trim().replace(/\s+/g, ' ').toLowerCase();
}
