import type { Problem } from './core/message.ts';

export type ErrorKind =
  | 'invalid'
  | 'not_found'
  | 'conflict'
  | 'forbidden'
  | 'unauthenticated'
  | 'rate_limited';

/**
 * An error a user should read, thrown by services: the kind (which the server turns into an HTTP
 * status and the CLI into an exit code), a stable code and a bilingual message.
 */
export class AppError extends Error {
  readonly kind: ErrorKind;
  readonly problem: Problem;
  readonly details: unknown;

  constructor(kind: ErrorKind, problem: Problem, details?: unknown) {
    super(problem.message.en);
    this.name = 'AppError';
    this.kind = kind;
    this.problem = problem;
    this.details = details;
  }
}

export const invalid = (problem: Problem, details?: unknown) => new AppError('invalid', problem, details);
export const notFound = (problem: Problem) => new AppError('not_found', problem);
