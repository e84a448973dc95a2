import { z } from 'zod';

export const errorSchema = z
  .object({
    error: z.object({
      code: z.string().meta({ example: 'REGION_NOT_FOUND' }),
      message: z.string().meta({ description: 'In Bahasa Indonesia, or English by Accept-Language' }),
      details: z.unknown().optional(),
    }),
  })
  .meta({ id: 'Error' });

/** The errors any route can answer with, for its OpenAPI entry. */
export const errorResponses = { 400: errorSchema, 404: errorSchema } as const;
