import { timingSafeEqual } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { problem } from '../../core/message.ts';
import { AppError } from '../../errors.ts';
import type { AuthService, LiveSession } from './auth-types.ts';
import { SESSION_LIFETIME_SECONDS } from './sessions.ts';

export const SESSION_COOKIE = 'asuh_session';
const CSRF_HEADER = 'x-csrf-token';
const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

declare module 'fastify' {
  interface FastifyContextConfig {
    /** False on the one write a browser makes before it has a session: signing in. */
    csrf?: boolean;
    /** True on what a user whose password was reset may still do: see their session, change it, sign out. */
    beforePasswordChange?: boolean;
  }
}

/** The request's session, for routes that hand its CSRF token back to the browser. */
const sessions = new WeakMap<FastifyRequest, LiveSession>();

export function sessionOf(request: FastifyRequest): LiveSession | undefined {
  return sessions.get(request);
}

export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string): void {
  reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    // Behind plain http (a laptop, the demo) a Secure cookie would never come back.
    secure: request.protocol === 'https',
    maxAge: SESSION_LIFETIME_SECONDS,
  });
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure: request.protocol === 'https',
  });
}

function sameToken(sent: string | string[] | undefined, expected: string): boolean {
  if (typeof sent !== 'string') return false;
  const a = Buffer.from(sent);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

const passwordChangeRequired = () =>
  new AppError(
    'forbidden',
    problem(
      'PASSWORD_CHANGE_REQUIRED',
      'Kata sandi Anda diatur ulang oleh admin: ganti dulu kata sandi Anda sebelum melanjutkan.',
      'Your password was reset by an administrator: change it before you continue.',
    ),
  );

const csrfRefused = () =>
  new AppError(
    'forbidden',
    problem(
      'CSRF_TOKEN_INVALID',
      'Permintaan ditolak: token keamanan (CSRF) tidak ada atau salah. Muat ulang halaman lalu coba lagi.',
      'Request refused: the security (CSRF) token is missing or wrong. Reload the page and try again.',
    ),
  );

/**
 * Sets `request.actor` from the session cookie and refuses a write made with that cookie unless it
 * carries the session's CSRF token: a page on another site can make the browser send the cookie,
 * but cannot read the token. A user whose password an administrator reset may do nothing but
 * replace it. Registered at the root (not encapsulated) so every route sees both.
 */
const authPluginBody: FastifyPluginAsync<{ auth: AuthService }> = async (app, { auth }) => {
  await app.register(fastifyCookie);
  // The composition root may have declared it already, so that test hooks can set it without a session.
  if (!app.hasRequestDecorator('actor')) app.decorateRequest('actor', null);
  app.addHook('onRequest', async (request) => {
    const token = request.cookies[SESSION_COOKIE];
    if (!token) return;
    const session = await auth.sessionFromToken(token);
    if (!session) return;
    request.actor = session.actor;
    sessions.set(request, session);
    const { config } = request.routeOptions;
    if (
      WRITE_METHODS.has(request.method) &&
      config.csrf !== false &&
      !sameToken(request.headers[CSRF_HEADER], session.csrfToken)
    ) {
      throw csrfRefused();
    }
    if (session.passwordChangeRequired && config.beforePasswordChange !== true)
      throw passwordChangeRequired();
  });
};

export const authPlugin = Object.assign(authPluginBody, { [Symbol.for('skip-override')]: true });
