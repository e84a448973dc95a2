import type { FastifyRequest } from 'fastify';
import type { Actor } from '../core/access.ts';
import { loginRequired } from '../platform/access/policy.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in caller, set by the session plugin (src/features/auth); null when anonymous. */
    actor: Actor | null;
  }
}

export function requireActor(request: FastifyRequest): Actor {
  if (request.actor) return request.actor;
  throw loginRequired();
}

/** Who acts and from where, as the services take it for their checks and audit rows. */
export function caller(request: FastifyRequest): { actor: Actor; ip: string } {
  return { actor: requireActor(request), ip: request.ip };
}
