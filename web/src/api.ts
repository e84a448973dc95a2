import type {
  ContributionOptions,
  PremiumQuote,
  RawPremiumQuery,
} from '../../src/core/contributions/engine.ts';
import type { AuditLogEntry } from '../../src/features/audit/audit-queries.ts';
import type { Session } from '../../src/features/auth/auth-types.ts';
import type { ImportJob, ImportKind, ImportStatus } from '../../src/features/imports/import-types.ts';
import type { Opd, Pemda, PemdaSummary } from '../../src/features/pemda/pemda-types.ts';
import type { Region, RegionChildren } from '../../src/features/regions/regions-types.ts';
import type { AsnRecord, Page, WorkerRecord } from '../../src/features/registry/registry-types.ts';
import { dictionaries, type Language } from './i18n.ts';

export type { AuditLogEntry as AuditEntry } from '../../src/features/audit/audit-queries.ts';
export type { Session, SessionUser } from '../../src/features/auth/auth-types.ts';
export type {
  ImportCounts as ImportSummary,
  ImportJob,
  ImportKind,
  ImportStatus,
} from '../../src/features/imports/import-types.ts';
export type { Opd, Pemda, PemdaSummary } from '../../src/features/pemda/pemda-types.ts';
export type { Region, RegionChildren, RegionSummary } from '../../src/features/regions/regions-types.ts';
export type { AsnRecord, Page, WorkerRecord } from '../../src/features/registry/registry-types.ts';

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

export interface NewImport {
  kind: ImportKind;
  pemda: string;
  file: File;
  dryRun: boolean;
  full: boolean;
}

type Params = Record<string, string | number | boolean | undefined>;

interface RequestOptions {
  method?: 'GET' | 'POST';
  params?: Params;
  body?: unknown;
  signal?: AbortSignal | undefined;
  /** For answers that do not change while the app runs: the region tree, a month's options. */
  cache?: boolean;
  /**
   * False for the session check itself: a 401 there means "not signed in", not "signed out
   * while working", and must not send anyone to the sign-in page.
   */
  reportSessionLoss?: boolean;
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

async function request<T>(language: Language, path: string, options: RequestOptions = {}): Promise<T> {
  const { method = 'GET', params = {}, body, signal, reportSessionLoss = true } = options;
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    // An empty value is still sent: the API, not the browser, says what is wrong with it.
    if (value !== undefined) search.set(key, String(value));
  }
  const query = search.toString();
  const url = `/api/v1${path}${query ? `?${query}` : ''}`;
  if (options.cache && cache.has(url)) return cache.get(url) as T;

  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': language };
  let payload: BodyInit | undefined;
  if (method !== 'GET') {
    if (csrfToken) headers['x-csrf-token'] = csrfToken;
    if (body instanceof FormData) payload = body;
    else if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      payload = JSON.stringify(body);
    }
  }

  const t = dictionaries[language];
  let response: Response;
  try {
    response = await fetch(url, { method, headers, body: payload ?? null, signal: signal ?? null });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'NETWORK', t.networkError);
  }
  if (response.status === 204) return undefined as T;
  let answer: unknown;
  try {
    answer = await response.json();
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(response.status, 'UNEXPECTED_RESPONSE', t.unexpectedResponse(response.status));
  }
  if (!response.ok || isErrorBody(answer)) {
    if (response.status === 401 && reportSessionLoss && csrfToken !== null) {
      csrfToken = null;
      for (const listener of sessionLossListeners) listener();
    }
    if (isErrorBody(answer)) throw new ApiError(response.status, answer.error.code, answer.error.message);
    throw new ApiError(response.status, 'UNEXPECTED_RESPONSE', t.unexpectedResponse(response.status));
  }
  if (options.cache) cache.set(url, answer);
  return answer as T;
}

function remember(session: Session): Session {
  csrfToken = session.csrfToken;
  return session;
}

export interface AsnSearch {
  pemda?: string | undefined;
  opd?: string | undefined;
  q?: string | undefined;
  status?: string | undefined;
  page?: number;
  pageSize?: number;
}

export interface WorkerSearch {
  pemda?: string | undefined;
  q?: string | undefined;
  village?: string | undefined;
  page?: number;
  pageSize?: number;
}

export interface AuditSearch {
  pemda?: string | undefined;
  action?: string | undefined;
  page?: number;
  pageSize?: number;
}

const at = (...parts: string[]) => parts.map((part) => `/${encodeURIComponent(part)}`).join('');

/** The API in one language: every error message comes back in it. */
export function createApi(language: Language) {
  const get = <T>(path: string, params?: Params, signal?: AbortSignal, cached = false) =>
    request<T>(language, path, { params, signal, cache: cached });
  return {
    provinces: (signal?: AbortSignal) => get<RegionChildren>('/regions', {}, signal, true),
    region: (code: string, signal?: AbortSignal) => get<Region>(at('regions', code), {}, signal, true),
    children: (code: string, signal?: AbortSignal) =>
      get<RegionChildren>(`${at('regions', code)}/children`, {}, signal, true),
    premiumOptions: (period: string, signal?: AbortSignal) =>
      get<ContributionOptions>('/premium/brackets', { period }, signal, true),
    /** Sends the fields as typed: the server validates them as the CLI does, in the user's language. */
    premium: (query: RawPremiumQuery, signal?: AbortSignal) =>
      get<PremiumQuote>('/premium', { ...query }, signal),

    /** The signed-in user, or null when nobody is. */
    async session(signal?: AbortSignal): Promise<Session | null> {
      try {
        return remember(
          await request<Session>(language, '/auth/session', { signal, reportSessionLoss: false }),
        );
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },
    login: async (username: string, password: string) =>
      remember(
        await request<Session>(language, '/auth/login', {
          method: 'POST',
          body: { username, password },
          reportSessionLoss: false,
        }),
      ),
    async logout(): Promise<void> {
      try {
        await request<void>(language, '/auth/logout', { method: 'POST', reportSessionLoss: false });
      } finally {
        csrfToken = null;
      }
    },

    pemdaList: (signal?: AbortSignal) => get<{ items: PemdaSummary[] }>('/pemda', {}, signal),
    pemda: (code: string, signal?: AbortSignal) => get<Pemda>(at('pemda', code), {}, signal),
    opds: (code: string, signal?: AbortSignal) =>
      get<{ items: Opd[] }>(`${at('pemda', code)}/opds`, {}, signal),

    searchAsn: (search: AsnSearch, signal?: AbortSignal) =>
      get<Page<AsnRecord>>('/asn', { ...search }, signal),
    asn: (nip: string, signal?: AbortSignal) => get<AsnRecord>(at('asn', nip), {}, signal),
    searchWorkers: (search: WorkerSearch, signal?: AbortSignal) =>
      get<Page<WorkerRecord>>('/workers', { ...search }, signal),
    worker: (nik: string, signal?: AbortSignal) => get<WorkerRecord>(at('workers', nik), {}, signal),

    /** The fields go before the file: the server reads the form as a stream, in order. */
    startImport({ kind, pemda, file, dryRun, full }: NewImport) {
      const form = new FormData();
      form.append('kind', kind);
      form.append('pemda', pemda);
      form.append('dryRun', String(dryRun));
      if (kind === 'asn') form.append('full', String(full));
      form.append('file', file, file.name);
      return request<{ id: string; status: ImportStatus }>(language, '/imports', {
        method: 'POST',
        body: form,
      });
    },
    importJob: (id: string, signal?: AbortSignal) => get<ImportJob>(at('imports', id), {}, signal),
    recentImports: (pemda: string, signal?: AbortSignal) =>
      get<{ items: ImportJob[] }>('/imports', { pemda }, signal),

    audit: (search: AuditSearch, signal?: AbortSignal) =>
      get<Page<AuditLogEntry>>('/audit', { ...search }, signal),
  };
}

export type Api = ReturnType<typeof createApi>;

export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}
