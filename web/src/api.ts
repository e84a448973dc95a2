import type {
  ContributionOptions,
  PremiumQuote,
  RawPremiumQuery,
} from '../../src/core/contributions/engine.ts';
import type { Region, RegionChildren } from '../../src/features/regions/regions-types.ts';
import { dictionaries, type Language } from './i18n.ts';

export type { Region, RegionChildren, RegionSummary } from '../../src/features/regions/regions-types.ts';

/** An error the user should read: the API's own message, already in the language asked for. */
export class ApiError extends Error {
  readonly code: string;
  readonly status: number;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
}

// The engine's own types: the browser reads exactly what the server declares it sends.
export type {
  AppliedDiscount,
  ContributionOptions as PremiumOptions,
  MonthPrice as PremiumMonth,
  PremiumQuote as Premium,
  RawPremiumQuery as PremiumQuery,
} from '../../src/core/contributions/engine.ts';

type Params = Record<string, string | number | boolean | undefined>;

interface RequestOptions {
  signal?: AbortSignal;
  /** For answers that do not change while the app runs: the region tree, a month's options. */
  cache?: boolean;
}

function isErrorBody(body: unknown): body is { error: { code: string; message: string } } {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const error = (body as { error: unknown }).error;
  return (
    typeof error === 'object' && error !== null && typeof (error as { message: unknown }).message === 'string'
  );
}

// Successful answers only: an error is retried, and comes back in the language of the moment.
const cache = new Map<string, unknown>();

async function get<T>(language: Language, path: string, params: Params = {}, options: RequestOptions = {}) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    // An empty value is still sent: the API, not the browser, says what is wrong with it.
    if (value !== undefined) search.set(key, String(value));
  }
  const query = search.toString();
  const url = `/api/v1${path}${query ? `?${query}` : ''}`;
  if (options.cache && cache.has(url)) return cache.get(url) as T;

  const t = dictionaries[language];
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { Accept: 'application/json', 'Accept-Language': language },
      signal: options.signal ?? null,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'NETWORK', t.networkError);
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(response.status, 'UNEXPECTED_RESPONSE', t.unexpectedResponse(response.status));
  }
  if (!response.ok || isErrorBody(body)) {
    if (isErrorBody(body)) throw new ApiError(response.status, body.error.code, body.error.message);
    throw new ApiError(response.status, 'UNEXPECTED_RESPONSE', t.unexpectedResponse(response.status));
  }
  if (options.cache) cache.set(url, body);
  return body as T;
}

/** The API in one language: every error message comes back in it. */
export function createApi(language: Language) {
  return {
    provinces: (signal?: AbortSignal) =>
      get<RegionChildren>(language, '/regions', {}, { signal, cache: true }),
    region: (code: string, signal?: AbortSignal) =>
      get<Region>(language, `/regions/${encodeURIComponent(code)}`, {}, { signal, cache: true }),
    children: (code: string, signal?: AbortSignal) =>
      get<RegionChildren>(
        language,
        `/regions/${encodeURIComponent(code)}/children`,
        {},
        { signal, cache: true },
      ),
    premiumOptions: (period: string, signal?: AbortSignal) =>
      get<ContributionOptions>(language, '/premium/brackets', { period }, { signal, cache: true }),
    /** Sends the fields as typed: the server validates them as the CLI does, in the user's language. */
    premium: (query: RawPremiumQuery, signal?: AbortSignal) =>
      get<PremiumQuote>(language, '/premium', { ...query }, { signal }),
  };
}

export type Api = ReturnType<typeof createApi>;

export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}
