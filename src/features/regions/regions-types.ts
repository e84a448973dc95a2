import { z } from 'zod';

export const regionLevelSchema = z.enum(['province', 'regency', 'district', 'village']);

export const regionSummarySchema = z.object({
  code: z.string().meta({ example: '35.02' }),
  name: z.string().meta({ example: 'Kabupaten Ponorogo' }),
  level: regionLevelSchema,
});

export const regionSchema = regionSummarySchema.extend({
  timeZone: z
    .enum(['WIB', 'WITA', 'WIT'])
    .meta({ description: "The province's time zone: deadlines are computed in it" }),
  parent: regionSummarySchema.nullable(),
  childCount: z.number().int(),
});

export const regionChildrenSchema = z.object({
  region: regionSummarySchema.nullable().meta({ description: 'The parent; null for the list of provinces' }),
  total: z.number().int(),
  items: z.array(regionSummarySchema),
});

export type RegionSummary = z.infer<typeof regionSummarySchema>;
export type Region = z.infer<typeof regionSchema>;
export type RegionChildren = z.infer<typeof regionChildrenSchema>;
