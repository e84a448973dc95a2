import { type Problem, problem } from '../core/message.ts';
import { parseRegionCode } from '../core/regions.ts';
import type { Queryable } from '../db/database.ts';
import { type AppError, invalid, notFound } from '../errors.ts';

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

export async function pemdaExists(db: Queryable, code: string): Promise<boolean> {
  return (await db.query('SELECT 1 FROM pemda WHERE code = $1', [code])).length > 0;
}

/** The Pemda named must be onboarded; the error says how. */
export async function requireOnboardedPemda(db: Queryable, pemdaCode: string): Promise<void> {
  const parsed = parseRegionCode(pemdaCode);
  if (!parsed.ok) throw invalid(parsed.problem);
  if (!(await pemdaExists(db, pemdaCode))) throw invalid(pemdaNotOnboarded(pemdaCode));
}
