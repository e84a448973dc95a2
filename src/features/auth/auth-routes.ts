import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../errors.ts';
import { loginRequired } from '../../platform/access/policy.ts';
import { errorResponses, errorSchema, scopedErrorResponses } from '../../platform/schemas.ts';
import { requireActor } from '../../server/actor.ts';
import { clearSessionCookie, SESSION_COOKIE, sessionOf, setSessionCookie } from './auth-plugin.ts';
import type { AuthService, SignedIn } from './auth-types.ts';
import {
  loginBodySchema,
  passwordChangeBodySchema,
  passwordResetSchema,
  type Session,
  sessionInfoSchema,
  sessionSchema,
} from './auth-types.ts';
import { scopeOf } from './user-accounts.ts';

const tags = ['Masuk / Sign-in'];

function sessionBody({ actor, csrfToken, passwordChangeRequired }: Omit<SignedIn, 'token'>): Session {
  return {
    user: {
      username: actor.username,
      displayName: actor.displayName,
      role: actor.role,
      scope: scopeOf(actor),
    },
    csrfToken,
    passwordChangeRequired,
  };
}

/** The cookie's token of a signed-in request. */
function sessionToken(request: FastifyRequest): string {
  const token = request.cookies[SESSION_COOKIE];
  if (!token || !sessionOf(request)) throw loginRequired();
  return token;
}

function requestContext(request: FastifyRequest) {
  return { ip: request.ip, userAgent: request.headers['user-agent'] ?? null };
}

/** A 429 tells the client when to try again, in the header every HTTP client knows. */
function withRetryAfter(reply: FastifyReply, error: unknown): never {
  if (error instanceof AppError && error.kind === 'rate_limited') {
    const { retryAfterSeconds } = error.details as { retryAfterSeconds: number };
    reply.header('retry-after', String(retryAfterSeconds));
  }
  throw error;
}

export const authRoutes: FastifyPluginAsyncZod<{ auth: AuthService }> = async (app, { auth }) => {
  app.post(
    '/auth/login',
    {
      // Nothing to protect yet: the caller has no session whose token a forged request could ride on.
      config: { csrf: false, beforePasswordChange: true, access: { roles: 'anyone' } },
      schema: {
        tags,
        summary: 'Signs in: sets the httpOnly session cookie and returns the CSRF token for writes',
        body: loginBodySchema,
        response: { 200: sessionSchema, 401: errorSchema, 429: errorSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      try {
        const signedIn = await auth.login(
          request.body.username,
          request.body.password,
          requestContext(request),
        );
        setSessionCookie(request, reply, signedIn.token);
        return sessionBody(signedIn);
      } catch (error) {
        return withRetryAfter(reply, error);
      }
    },
  );

  app.post(
    '/auth/logout',
    {
      config: { beforePasswordChange: true, access: { roles: 'anyone' } },
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
      config: { beforePasswordChange: true, access: { roles: 'signed-in', reach: 'self' } },
      schema: {
        tags,
        summary: 'The signed-in user and the CSRF token of their session',
        response: { 200: sessionSchema, 401: errorSchema },
      },
    },
    (request) => {
      const actor = requireActor(request);
      // A caller named without a session (tests' actorOverride) has no CSRF token to show.
      const session = sessionOf(request);
      if (!session) throw loginRequired();
      return sessionBody({ ...session, actor });
    },
  );

  app.post(
    '/auth/password',
    {
      config: { beforePasswordChange: true, access: { roles: 'signed-in', reach: 'self' } },
      schema: {
        tags,
        summary:
          'Changes my password: every session of mine ends, and this one continues with a new cookie and CSRF token',
        body: passwordChangeBodySchema,
        response: { 200: sessionSchema, 429: errorSchema, ...scopedErrorResponses },
      },
    },
    async (request, reply) => {
      try {
        const signedIn = await auth.changePassword(
          sessionToken(request),
          request.body,
          requestContext(request),
        );
        setSessionCookie(request, reply, signedIn.token);
        return sessionBody(signedIn);
      } catch (error) {
        return withRetryAfter(reply, error);
      }
    },
  );

  app.get(
    '/auth/sessions',
    {
      config: { access: { roles: 'signed-in', reach: 'self' } },
      schema: {
        tags,
        summary: 'My sessions that have not ended, the most recently used first',
        response: { 200: z.object({ sessions: z.array(sessionInfoSchema) }), 401: errorSchema },
      },
    },
    async (request) => ({ sessions: await auth.listSessions(sessionToken(request)) }),
  );

  app.delete(
    '/auth/sessions',
    {
      config: { access: { roles: 'signed-in', reach: 'self' } },
      schema: {
        tags,
        summary: 'Ends every session of mine except this one',
        response: { 200: z.object({ ended: z.number().int() }), 401: errorSchema, 403: errorSchema },
      },
    },
    async (request) => ({
      ended: await auth.endOtherSessions(sessionToken(request), requestContext(request)),
    }),
  );

  app.delete(
    '/auth/sessions/:id',
    {
      config: { access: { roles: 'signed-in', record: 'session', reach: 'self' } },
      schema: {
        tags,
        summary: 'Ends one of my sessions (ending this one signs out)',
        params: z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) }),
        response: { 204: z.null().meta({ description: 'Ended' }), ...scopedErrorResponses },
      },
    },
    async (request, reply) => {
      const session = sessionOf(request);
      await auth.endSession(sessionToken(request), request.params.id, requestContext(request));
      if (session?.sessionId === request.params.id) clearSessionCookie(request, reply);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/users/:username/password-reset',
    {
      config: { access: { roles: ['national', 'pemda_admin'], record: 'user', reach: 'pemda' } },
      schema: {
        tags,
        summary:
          "Gives a user a temporary password to change at their next sign-in and ends their sessions (national monitor: anyone; Pemda admin: their Pemda's accounts)",
        params: z.object({ username: z.string().min(1).max(64) }),
        response: { 200: passwordResetSchema, ...scopedErrorResponses },
      },
    },
    async (request) => {
      const { user, temporaryPassword } = await auth.resetPassword(
        requireActor(request),
        request.params.username,
        requestContext(request),
      );
      return { username: user.username, temporaryPassword };
    },
  );
};
