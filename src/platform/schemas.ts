import { z } from 'zod';
import { FIRST_PERIOD, LAST_PERIOD, PERIOD_PATTERN } from '../core/period.ts';
import { INT4_MAX } from '../db/database.ts';

export const errorSchema = z
  .object({
    error: z.object({
      code: z.string().meta({ example: 'REGION_NOT_FOUND' }),
      message: z.string().meta({ description: 'In Bahasa Indonesia, or English by Accept-Language' }),
      details: z.unknown().optional(),
    }),
  })
  .meta({ id: 'Error' });

/** `error.details` of a `VALIDATION` error: each field at fault. */
export const validationDetailsSchema = z
  .array(z.object({ path: z.string(), message: z.string() }))
  .meta({ description: 'VALIDATION: each field at fault (a JSON pointer) and what is wrong with it' });

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

/*
 * Building blocks for what a request may carry, bounded so that no value valid here is refused by
 * the database or breaks a later read: months within Asuh's calendar, counts within PostgreSQL's
 * `integer`, rupiah within what any budget holds.
 */

/** A contribution month typed into a request. */
export const periodSchema = z
  .string()
  .regex(PERIOD_PATTERN)
  .meta({ description: `A month, YYYY-MM, from ${FIRST_PERIOD} to ${LAST_PERIOD}`, example: '2024-01' });

/** A day typed into a request ("as of"): a real date within Asuh's calendar. */
export const daySchema = z.iso
  .date()
  .refine((day) => day >= `${FIRST_PERIOD}-01` && day <= `${LAST_PERIOD}-31`, {
    message: `must lie between ${FIRST_PERIOD}-01 and ${LAST_PERIOD}-31`,
  })
  .meta({ description: `YYYY-MM-DD, from ${FIRST_PERIOD}-01 to ${LAST_PERIOD}-31`, example: '2024-06-01' });

/** A budget or target year: the years of Asuh's calendar. */
export const yearSchema = z
  .number()
  .int()
  .min(Number(FIRST_PERIOD.slice(0, 4)))
  .max(Number(LAST_PERIOD.slice(0, 4)));

/** How many of something (workers to cover, a target), kept in an `integer` column. */
export const countSchema = z.number().int().min(0).max(INT4_MAX);

/**
 * Rupiah up to Rp 1 quadrillion (10^15): beyond any Pemda's budget, and a thousand such amounts
 * still add up exactly in a JavaScript number.
 */
export const RUPIAH_MAX = 1_000_000_000_000_000;

/** An amount of rupiah typed into a request. */
export const rupiahSchema = z.number().int().min(0).max(RUPIAH_MAX);
