import { type Problem, problem } from '../message.ts';

export type Sex = 'male' | 'female';

/**
 * What checking an identifier answers. A valid one always decodes completely; an invalid one
 * carries whatever segments could still be read, so a form can say more than "wrong".
 */
export type IdentifierResult<F> =
  | { valid: true; errors: Problem[]; warnings: Problem[]; value: string; fields: F }
  | { valid: false; errors: Problem[]; warnings: Problem[]; value: string; fields?: Partial<F> };

export function identifierResult<F>(
  value: string,
  errors: Problem[],
  warnings: Problem[],
  fields: Partial<F>,
): IdentifierResult<F> {
  if (errors.length === 0) return { valid: true, errors, warnings, value, fields: fields as F };
  return Object.keys(fields).length > 0
    ? { valid: false, errors, warnings, value, fields }
    : { valid: false, errors, warnings, value };
}

const DIGIT = /^[0-9]$/;

export function isDigits(value: string): boolean {
  return /^[0-9]+$/.test(value);
}

/**
 * The length and character checks NIK and NIP share. Only ASCII digits count: a full-width or
 * Arabic-Indic digit pasted from elsewhere is not what the registry holds.
 */
export function checkShape(name: 'NIK' | 'NIP', value: string, length: number): Problem[] {
  const problems: Problem[] = [];
  const characters = [...value];
  if (characters.length !== length) {
    problems.push(
      problem(
        `${name}_LENGTH`,
        `${name} harus ${length} digit; yang diberikan ${characters.length} karakter.`,
        `A ${name} has ${length} digits; this one has ${characters.length} characters.`,
      ),
    );
  }
  const offending = characters.flatMap((character, index) =>
    DIGIT.test(character) ? [] : [`"${character}" (${index + 1})`],
  );
  if (offending.length > 0) {
    const shown = offending.slice(0, 5).join(', ') + (offending.length > 5 ? ', …' : '');
    problems.push(
      problem(
        `${name}_NOT_DIGITS`,
        `${name} hanya boleh berisi angka 0–9; ditemukan ${shown} (karakter, posisi).`,
        `A ${name} holds only the digits 0–9; found ${shown} (character, position).`,
      ),
    );
  }
  return problems;
}
