import { z } from 'zod';
import { type Problem, problem } from '../../core/message.ts';
import { type AppError, notFound } from '../../errors.ts';

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

/** Every feature that needs an onboarded Pemda says the same thing, with the command that fixes it. */
export function pemdaNotOnboarded(code: string): Problem {
  return problem(
    'PEMDA_NOT_FOUND',
    `Pemda ${code} belum terdaftar di Asuh. Daftarkan dengan: asuh pemda create ${code}`,
    `Pemda ${code} is not onboarded in Asuh. Onboard it with: asuh pemda create ${code}`,
  );
}

/**
 * What a caller hears of a Pemda outside their scope: the answer for a code not onboarded, so
 * another Pemda's records read as absent, never as forbidden.
 */
export const pemdaOutOfScope = (code: string): AppError => notFound(pemdaNotOnboarded(code));
