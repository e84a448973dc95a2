import { randomBytes } from 'node:crypto';
import { type Algorithm, hash, verify } from '@node-rs/argon2';
import { type Problem, problem } from '../../core/message.ts';

/**
 * The package declares its algorithms as an ambient const enum, which `verbatimModuleSyntax`
 * cannot read at run time; the type pins the number to Argon2id.
 */
const ARGON2ID: Algorithm.Argon2id = 2;

/** OWASP's argon2id baseline: 19 MiB of memory, two passes, one lane. */
const HASH_OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

const PASSWORD_MIN_LENGTH = 10;
/** Beyond any passphrase a person types; it keeps a request from making the hash do megabytes. */
const PASSWORD_MAX_LENGTH = 256;

/** The policy's verdict on a new password, or null when it may be used. */
export function checkPassword(password: string): Problem | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) {
    return problem(
      'PASSWORD_TOO_SHORT',
      `Kata sandi terlalu pendek: minimal ${PASSWORD_MIN_LENGTH} karakter (sekarang ${length}).`,
      `The password is too short: at least ${PASSWORD_MIN_LENGTH} characters (it has ${length}).`,
    );
  }
  if (length > PASSWORD_MAX_LENGTH) {
    return problem(
      'PASSWORD_TOO_LONG',
      `Kata sandi terlalu panjang: maksimal ${PASSWORD_MAX_LENGTH} karakter.`,
      `The password is too long: at most ${PASSWORD_MAX_LENGTH} characters.`,
    );
  }
  if (password.trim() === '') {
    return problem(
      'PASSWORD_BLANK',
      'Kata sandi tidak boleh hanya berisi spasi.',
      'The password cannot be only spaces.',
    );
  }
  return null;
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, HASH_OPTIONS);
}

/** False for a wrong password and for a stored value that is not an argon2 hash. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** 16 characters from 96 random bits, URL-safe so it survives copying from a terminal. */
export function generatePassword(): string {
  return randomBytes(12).toString('base64url');
}
