import createClient, { type Middleware } from 'openapi-fetch';
import { type Dictionary, dictionaries, type Language } from '../i18n.ts';
import type { paths } from './schema.d.ts';
import type { Session } from './types.ts';

/** An error the user should read: the API's own message, already in the language asked for. */
export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  /** The API's `error.details`, e.g. every rule a request broke. */
  readonly details: unknown;

  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

function isErrorBody(body: unknown): body is { error: { code: string; message: string; details?: unknown } } {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const error = (body as { error: unknown }).error;
  return (
    typeof error === 'object' && error !== null && typeof (error as { message: unknown }).message === 'string'
  );
}

/**
 * The session's CSRF token, sent on every write. Kept in memory only: a script on another site
 * cannot read it, and a reload fetches it again with the session.
 */
let csrfToken: string | null = null;

const sessionLossListeners = new Set<() => void>();

/** Called when the server no longer knows the session (expired, signed out in another tab). */
export function onSessionLost(listener: () => void): () => void {
  sessionLossListeners.add(listener);
  return () => sessionLossListeners.delete(listener);
}

/**
 * The session calls themselves: a 401 there means "not signed in", not "signed out while
 * working", and must not send anyone to the sign-in page.
 */
const SESSION_PATHS = new Set(['/api/v1/auth/session', '/api/v1/auth/login', '/api/v1/auth/logout']);

/**
 * Every answer passes here before the client reads it: an error, or anything that is not the
 * JSON the API sends, becomes an `ApiError` in the user's language.
 */
function speaking(language: Language, t: Dictionary): Middleware {
  return {
    onRequest({ request }) {
      request.headers.set('Accept', 'application/json');
      request.headers.set('Accept-Language', language);
      if (request.method !== 'GET' && csrfToken) request.headers.set('x-csrf-token', csrfToken);
      return request;
    },
    onError({ error }) {
      if (isAbort(error)) return undefined;
      return new ApiError(0, 'NETWORK', t.networkError);
    },
    async onResponse({ response, schemaPath }) {
      if (response.status === 204) return undefined;
      let answer: unknown;
      try {
        answer = await response.clone().json();
      } catch (error) {
        if (isAbort(error)) throw error;
        throw new ApiError(response.status, 'UNEXPECTED_RESPONSE', t.unexpectedResponse(response.status));
      }
      if (response.ok && !isErrorBody(answer)) return undefined;
      if (response.status === 401 && !SESSION_PATHS.has(schemaPath) && csrfToken !== null) {
        csrfToken = null;
        for (const listener of sessionLossListeners) listener();
      }
      if (isErrorBody(answer)) {
        throw new ApiError(response.status, answer.error.code, answer.error.message, answer.error.details);
      }
      throw new ApiError(response.status, 'UNEXPECTED_RESPONSE', t.unexpectedResponse(response.status));
    },
  };
}

function clientIn(language: Language) {
  const client = createClient<paths>();
  client.use(speaking(language, dictionaries[language]));
  return client;
}

type Client = ReturnType<typeof clientIn>;

const clients = new Map<Language, Client>();

/** The typed client in one language: every error message comes back in it. */
export function clientFor(language: Language): Client {
  let client = clients.get(language);
  if (!client) {
    client = clientIn(language);
    clients.set(language, client);
  }
  return client;
}

/** Errors were thrown by the middleware: what is left is the answer. */
export async function data<T>(pending: Promise<{ data?: T }>): Promise<T> {
  return (await pending).data as T;
}

// Successful answers only: an error is retried, and comes back in the language of the moment.
const cache = new Map<string, unknown>();

/** For answers that do not change while the app runs: the region tree, a month's options. */
export async function cached<T>(key: string, load: () => Promise<T>): Promise<T> {
  if (cache.has(key)) return cache.get(key) as T;
  const answer = await load();
  cache.set(key, answer);
  return answer;
}

/** Keeps the CSRF token of a session just opened or renewed. */
export function remember(session: Session): Session {
  csrfToken = session.csrfToken;
  return session;
}

/** After signing out, whether or not the server heard it. */
export function forgetSession(): void {
  csrfToken = null;
}
