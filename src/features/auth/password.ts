import { randomBytes } from 'node:crypto';
import { type Algorithm, hash, verify } from '@node-rs/argon2';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as english from '@zxcvbn-ts/language-en';
import * as indonesian from '@zxcvbn-ts/language-id';
import { type Problem, problem } from '../../core/message.ts';
import { type AppError, invalid } from '../../errors.ts';

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

/** zxcvbn's 0–4: 3 is "safely unguessable" against an online attack that is throttled. */
const PASSWORD_MIN_SCORE = 3;

/**
 * Built on first use (about half a second: it indexes the word lists). Its feedback comes back as
 * keys, which are then worded in both languages.
 */
let estimator: ZxcvbnFactory | undefined;
function strengthOf(password: string, userInputs: readonly string[]) {
  estimator ??= new ZxcvbnFactory({
    graphs: common.adjacencyGraphs,
    dictionary: { ...common.dictionary, ...english.dictionary, ...indonesian.dictionary },
  });
  return estimator.check(password, [...userInputs]);
}

/** The user's own name and username, and each word of them, are the first guesses of anyone who knows them. */
function wordsOf(userInputs: readonly string[]): string[] {
  const words = userInputs.flatMap((input) => [input, ...input.split(/[^\p{L}\p{N}]+/u)]);
  return [...new Set(words.map((word) => word.toLowerCase()).filter((word) => word.length >= 3))];
}

function feedbackText(
  feedback: { warning: string | null; suggestions: string[] },
  translations: typeof english.translations,
): string {
  const warnings = translations.warnings as Record<string, string>;
  const suggestions = translations.suggestions as Record<string, string>;
  return [
    ...(feedback.warning ? [warnings[feedback.warning] ?? ''] : []),
    ...feedback.suggestions.map((key) => suggestions[key] ?? ''),
  ]
    .filter((text) => text !== '')
    .join(' ');
}

/**
 * The policy's verdict on a new password, or null when it may be used: long enough, and not
 * guessable from common passwords, Indonesian and English words, names, keyboard patterns, or
 * `userInputs` (the account's username and name).
 */
export function checkPassword(password: string, userInputs: readonly string[] = []): Problem | null {
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
  const { score, feedback } = strengthOf(password, wordsOf(userInputs));
  if (score < PASSWORD_MIN_SCORE) {
    const advice = (translations: typeof english.translations) => {
      const text = feedbackText(feedback, translations);
      return text === '' ? '' : ` ${text}`;
    };
    return problem(
      'PASSWORD_TOO_WEAK',
      `Kata sandi terlalu mudah ditebak (kekuatan ${score} dari 4, minimal ${PASSWORD_MIN_SCORE}).${advice(indonesian.translations)} Pakai beberapa kata yang tidak umum, bukan nama atau nama pengguna Anda.`,
      `The password is too easy to guess (strength ${score} of 4, at least ${PASSWORD_MIN_SCORE}).${advice(english.translations)} Use a few uncommon words, not your name or username.`,
    );
  }
  return null;
}

/** A password the policy refuses, as the error that says why. */
export function refusedPassword(reason: Problem): AppError {
  return invalid(reason, { problems: [reason] });
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
