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

/** The errors of a signed-in route that reads by scope and may refuse a write as a conflict. */
export const scopedErrorResponses = {
  400: errorSchema,
  401: errorSchema,
  403: errorSchema,
  404: errorSchema,
  409: errorSchema,
} as const;

/** `/pemda/:code/…` */
export const pemdaParams = z.object({ code: z.string().meta({ example: '35.02' }) });

/** `/…/:id` of a record with a serial key. */
export const idParams = z.object({ id: z.coerce.number().int().positive() });
