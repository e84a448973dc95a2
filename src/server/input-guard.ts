import type { FastifyRequest } from 'fastify';
import { problem } from '../core/message.ts';
import { invalid } from '../errors.ts';

/**
 * C0 control characters but tab, line feed and carriage return, and DEL. PostgreSQL refuses NUL in
 * any text, and none of the others is ever typed into a name, a search or a reason: whatever
 * carries one is garbage or an attack, refused before it reaches a query, a file or a log.
 */
function hasControlCharacter(value: string): boolean {
  for (let i = 0; i < value.length; i += 1) {
    const code = value.charCodeAt(i);
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0x7f) return true;
  }
  return false;
}

/** Refuses a text the user sent that holds a control character, naming where it was. */
export function refuseControlCharacters(value: string, where: string): void {
  if (!hasControlCharacter(value)) return;
  throw invalid(
    problem(
      'CONTROL_CHARACTER',
      `Isian "${where}" memuat karakter kendali (misalnya NUL) yang tidak diizinkan.`,
      `"${where}" holds a control character (such as NUL), which is not allowed.`,
    ),
  );
}

function check(value: unknown, where: string): void {
  if (typeof value === 'string') {
    refuseControlCharacters(value, where || 'body');
  } else if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) check(item, `${where}[${index}]`);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      refuseControlCharacters(key, where);
      check(item, where ? `${where}.${key}` : key);
    }
  }
}

/**
 * One guard for every route (a `preValidation` hook): path parameters, the query string and a JSON
 * body, decoded, hold no control character. Multipart fields are checked as they are read
 * (src/features/imports/upload.ts) with the same rule.
 */
export async function guardInput(request: FastifyRequest): Promise<void> {
  check(request.params, '');
  check(request.query, '');
  check(request.body, '');
}
