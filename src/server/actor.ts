import type { FastifyRequest } from 'fastify';
import type { Actor } from '../core/access.ts';
import { problem } from '../core/message.ts';
import { AppError } from '../errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in caller, set by the session plugin (src/features/auth); null when anonymous. */
    actor: Actor | null;
  }
}

export function loginRequired(): AppError {
  return new AppError(
    'unauthenticated',
    problem('LOGIN_REQUIRED', 'Silakan masuk terlebih dahulu.', 'Please sign in first.'),
  );
}

export function requireActor(request: FastifyRequest): Actor {
  if (request.actor) return request.actor;
  throw loginRequired();
}

/** Who acts and from where, as the services take it for their checks and audit rows. */
export function caller(request: FastifyRequest): { actor: Actor; ip: string } {
  return { actor: requireActor(request), ip: request.ip };
}
