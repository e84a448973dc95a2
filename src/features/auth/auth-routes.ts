import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Actor } from '../../core/access.ts';
import { AppError } from '../../errors.ts';
import { requireActor } from '../../server/actor.ts';
import { errorResponses, errorSchema } from '../../server/schemas.ts';
import { clearSessionCookie, csrfTokenOf, SESSION_COOKIE, setSessionCookie } from './auth-plugin.ts';
import { type AuthService, scopeOf } from './auth-service.ts';
import { loginBodySchema, type Session, sessionSchema } from './auth-types.ts';

const tags = ['Masuk / Sign-in'];

function sessionBody(actor: Actor, csrfToken: string): Session {
  return {
    user: {
      username: actor.username,
      displayName: actor.displayName,
      role: actor.role,
      scope: scopeOf(actor),
    },
    csrfToken,
  };
}

export const authRoutes: FastifyPluginAsyncZod<{ auth: AuthService }> = async (app, { auth }) => {
  app.post(
    '/auth/login',
    {
      // Nothing to protect yet: the caller has no session whose token a forged request could ride on.
      config: { csrf: false, access: { roles: 'anyone' } },
      schema: {
        tags,
        summary: 'Signs in: sets the httpOnly session cookie and returns the CSRF token for writes',
        body: loginBodySchema,
        response: { 200: sessionSchema, 401: errorSchema, 429: errorSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      try {
        const signedIn = await auth.login(request.body.username, request.body.password, { ip: request.ip });
        setSessionCookie(request, reply, signedIn.token);
        return sessionBody(signedIn.actor, signedIn.csrfToken);
      } catch (error) {
        if (error instanceof AppError && error.kind === 'rate_limited') {
          const { retryAfterSeconds } = error.details as { retryAfterSeconds: number };
          reply.header('retry-after', String(retryAfterSeconds));
        }
        throw error;
      }
    },
  );

  app.post(
    '/auth/logout',
    {
      config: { access: { roles: 'anyone' } },
      schema: {
        tags,
        summary: 'Signs out: ends the session and clears its cookie',
        response: { 204: z.null().meta({ description: 'Signed out' }), 403: errorSchema },
      },
    },
    async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE];
      if (token) await auth.logout(token, { ip: request.ip });
      clearSessionCookie(request, reply);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/auth/session',
    {
      config: { access: { roles: 'signed-in', reach: 'self' } },
      schema: {
        tags,
        summary: 'The signed-in user and the CSRF token of their session',
        response: { 200: sessionSchema, 401: errorSchema },
      },
    },
    (request) => sessionBody(requireActor(request), csrfTokenOf(request)!),
  );
};
