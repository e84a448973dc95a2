import type {
  ContributionOptions,
  PremiumQuote,
  RawPremiumQuery,
} from '../../src/core/contributions/engine.ts';
import type { ProgrammePolicy } from '../../src/core/programme-policy.ts';
import type {
  ArrearsSponsorPage,
  ArrearsWorkerPage,
  OwnArrears,
} from '../../src/features/arrears/arrears-types.ts';
import type { AuditLogEntry } from '../../src/features/audit/audit-repository.ts';
import type { Session } from '../../src/features/auth/auth-types.ts';
import type {
  BillDetail,
  BillingRun,
  BillingRunResult,
  BillPage,
} from '../../src/features/billing/billing-types.ts';
import type {
  ClaimPage,
  ClaimView,
  PayClaim,
  RegisterClaimInput,
  RoiView,
} from '../../src/features/claims/claim-types.ts';
import type {
  BuildSummary,
  CohortDetail,
  CohortQueryBody,
  CohortSummary,
  CsrBody,
  DonorBody,
  MemberRecord,
  SponsorDetail,
  SponsorRecord,
} from '../../src/features/cohorts/cohort-types.ts';
import type { WorkerCoverage } from '../../src/features/coverage/coverage-types.ts';
import type { EnrolmentBatch, EnrolmentResponse } from '../../src/features/enrolment/enrolment-types.ts';
import type { ImportJob, ImportKind, ImportStatus } from '../../src/features/imports/import-types.ts';
import type {
  DecisionResult as MatchDecision,
  Proposal as MatchProposal,
  MatchRequest,
  MatchRun,
  MatchSummary,
} from '../../src/features/matching/matching-types.ts';
import type { PaymentKind } from '../../src/features/payments/payment-formats.ts';
import type {
  PaymentImport,
  PaymentImportResult,
  ResolvedLine,
  ResolveRequest,
  UnmatchedPage,
} from '../../src/features/payments/payment-types.ts';
import type { Opd, Pemda, PemdaSummary } from '../../src/features/pemda/pemda-types.ts';
import type {
  ComplianceReport,
  NewProgramme,
  ProgrammeDetail,
  ProgrammeSummary,
} from '../../src/features/programmes/programme-types.ts';
import type { Region, RegionChildren } from '../../src/features/regions/regions-types.ts';
import type { AsnRecord, Page, WorkerRecord } from '../../src/features/registry/registry-types.ts';
import type {
  NewSponsorshipInput,
  Pool,
  SelfService,
  SponsorshipDetail,
} from '../../src/features/sponsorship/sponsorship-types.ts';
import { dictionaries, type Language } from './i18n.ts';

export type {
  ArrearsSponsor,
  ArrearsSponsorPage,
  ArrearsWorker,
  ArrearsWorkerPage,
  OwnArrears,
} from '../../src/features/arrears/arrears-types.ts';
export type { AuditLogEntry as AuditEntry } from '../../src/features/audit/audit-repository.ts';
export type { Session, SessionUser } from '../../src/features/auth/auth-types.ts';
export type {
  Bill,
  BillDetail,
  BillDocument,
  BillingRun,
  BillingRunResult,
  BillLine,
  BillPage,
} from '../../src/features/billing/billing-types.ts';
export type {
  ClaimPage,
  ClaimView,
  RegisterClaimInput,
  RoiRow,
  RoiView,
} from '../../src/features/claims/claim-types.ts';
export type {
  BuildSummary,
  CohortCost,
  CohortDetail,
  CohortSummary,
  MemberRecord,
  SponsorDetail,
  SponsorRecord,
} from '../../src/features/cohorts/cohort-types.ts';
export type { CoverageMonth, WorkerCoverage } from '../../src/features/coverage/coverage-types.ts';
export type { EnrolmentBatch, EnrolmentResponse } from '../../src/features/enrolment/enrolment-types.ts';
export type {
  ImportCounts as ImportSummary,
  ImportJob,
  ImportKind,
  ImportStatus,
} from '../../src/features/imports/import-types.ts';
export type {
  DecisionResult as MatchDecision,
  MatchRun,
  MatchSummary,
  Proposal as MatchProposal,
} from '../../src/features/matching/matching-types.ts';
export type { PaymentKind } from '../../src/features/payments/payment-formats.ts';
export type {
  PaymentImport,
  UnmatchedLine as UnmatchedPaymentLine,
} from '../../src/features/payments/payment-types.ts';
export type { Opd, Pemda, PemdaSummary } from '../../src/features/pemda/pemda-types.ts';
export type {
  ComplianceItem,
  ComplianceReport,
  ComplianceTotals,
  NewProgramme,
  PolicyVersion,
  ProgrammeDetail,
  ProgrammeSummary,
} from '../../src/features/programmes/programme-types.ts';
export type { Region, RegionChildren, RegionSummary } from '../../src/features/regions/regions-types.ts';
export type { AsnRecord, Page, WorkerRecord } from '../../src/features/registry/registry-types.ts';
export type {
  NewSponsorshipInput,
  Pool,
  SelfService,
  SponsorshipDetail,
  SponsorshipRecord,
} from '../../src/features/sponsorship/sponsorship-types.ts';

export interface ArrearsSearch {
  pemda?: string | undefined;
  opd?: string | undefined;
  programme?: string | undefined;
  page?: number;
}

export interface ClaimSearch {
  pemda?: string | undefined;
  status?: string | undefined;
  type?: string | undefined;
  page?: number;
}

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

function isErrorBody(body: unknown): body is { error: { code: string; message: string; details?: unknown } } {
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
    if (isErrorBody(answer)) {
      throw new ApiError(response.status, answer.error.code, answer.error.message, answer.error.details);
    }
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

export interface MatchProposalSearch {
  status?: string | undefined;
  level?: string | undefined;
  page?: number;
  pageSize?: number;
}

export interface BillSearch {
  pemda?: string | undefined;
  period?: string | undefined;
  opd?: string | undefined;
  document?: string | undefined;
  page?: number;
  pageSize?: number;
}

export interface AuditSearch {
  pemda?: string | undefined;
  action?: string | undefined;
  page?: number;
  pageSize?: number;
}

export interface MemberSearch {
  status?: string | undefined;
  q?: string | undefined;
  page?: number;
  pageSize?: number;
}

export interface SponsorSearch {
  pemda?: string | undefined;
  kind?: string | undefined;
  page?: number;
  pageSize?: number;
}

export interface ComplianceSearch {
  on?: string | undefined;
  opd?: string | undefined;
  status?: string | undefined;
  page?: number;
  pageSize?: number;
}

const at = (...parts: string[]) => parts.map((part) => `/${encodeURIComponent(part)}`).join('');

/** A compliance list as a file: a plain link, so the browser downloads it with the session cookie. */
export function complianceFileUrl(id: string, format: 'csv' | 'xlsx', search: ComplianceSearch): string {
  const query = new URLSearchParams();
  for (const key of ['on', 'opd', 'status'] as const) {
    if (search[key]) query.set(key, search[key]);
  }
  const text = query.toString();
  return `/api/v1${at('programmes', id)}/compliance.${format}${text ? `?${text}` : ''}`;
}

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
    /** Every other session ends; this one continues under a new cookie and CSRF token. */
    changePassword: async (currentPassword: string, newPassword: string) =>
      remember(
        await request<Session>(language, '/auth/password', {
          method: 'POST',
          body: { currentPassword, newPassword },
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

    billingRuns: (pemda: string, signal?: AbortSignal) =>
      get<{ items: BillingRun[] }>('/billing-runs', { pemda }, signal),
    runBilling: (pemda: string, period: string) =>
      request<BillingRunResult>(language, '/billing-runs', { method: 'POST', body: { pemda, period } }),
    bills: (search: BillSearch, signal?: AbortSignal) => get<BillPage>('/bills', { ...search }, signal),
    bill: (id: string, signal?: AbortSignal) => get<BillDetail>(at('bills', id), {}, signal),

    paymentImports: (pemda: string, signal?: AbortSignal) =>
      get<{ items: PaymentImport[] }>('/payments/imports', { pemda }, signal),
    paymentImport: (id: string, signal?: AbortSignal) =>
      get<PaymentImport>(at('payments', 'imports', id), {}, signal),
    /** The fields go before the file, as for imports; the lines are matched before the answer. */
    importPayments(pemda: string, kind: PaymentKind, file: File) {
      const form = new FormData();
      form.append('kind', kind);
      form.append('pemda', pemda);
      form.append('file', file, file.name);
      return request<PaymentImportResult>(language, '/payments/imports', { method: 'POST', body: form });
    },
    unmatchedPayments: (search: { pemda: string; page?: number; pageSize?: number }, signal?: AbortSignal) =>
      get<UnmatchedPage>('/payments/unmatched', { ...search }, signal),
    resolvePayment: (id: number, body: ResolveRequest) =>
      request<ResolvedLine>(language, `${at('payments', 'unmatched', String(id))}/resolve`, {
        method: 'POST',
        body,
      }),

    programmes: (pemda: string, signal?: AbortSignal) =>
      get<{ items: ProgrammeSummary[] }>(`${at('pemda', pemda)}/programmes`, {}, signal),
    programme: (id: string, signal?: AbortSignal) => get<ProgrammeDetail>(at('programmes', id), {}, signal),
    createProgramme: (pemda: string, body: NewProgramme) =>
      request<ProgrammeDetail>(language, `${at('pemda', pemda)}/programmes`, { method: 'POST', body }),
    /** A circular letter as the core's policy; every problem comes back in `ApiError.details`. */
    addPolicy: (id: string, policy: ProgrammePolicy) =>
      request<ProgrammeDetail>(language, `${at('programmes', id)}/policies`, {
        method: 'POST',
        body: policy,
      }),
    compliance: (id: string, search: ComplianceSearch, signal?: AbortSignal) =>
      get<ComplianceReport>(`${at('programmes', id)}/compliance`, { ...search }, signal),

    enrolmentBatches: (pemda: string, signal?: AbortSignal) =>
      get<{ items: EnrolmentBatch[] }>(`${at('pemda', pemda)}/enrolment-batches`, {}, signal),
    enrolmentBatch: (id: string, signal?: AbortSignal) =>
      get<EnrolmentBatch>(at('enrolment-batches', id), {}, signal),
    createEnrolmentBatch: (pemda: string) =>
      request<EnrolmentBatch>(language, `${at('pemda', pemda)}/enrolment-batches`, { method: 'POST' }),
    closeEnrolmentBatch: (id: string, reason: string) =>
      request<EnrolmentBatch>(language, `${at('enrolment-batches', id)}/close`, {
        method: 'POST',
        body: { reason },
      }),
    enrolmentResponses: (pemda: string, signal?: AbortSignal) =>
      get<{ items: EnrolmentResponse[] }>(`${at('pemda', pemda)}/enrolment-responses`, {}, signal),
    enrolmentResponse: (id: string, signal?: AbortSignal) =>
      get<EnrolmentResponse>(at('enrolment-responses', id), {}, signal),
    /** The Pemda goes before the file, as for imports. */
    uploadEnrolmentResponse(pemda: string, file: File) {
      const form = new FormData();
      form.append('pemda', pemda);
      form.append('file', file, file.name);
      return request<EnrolmentResponse>(language, '/enrolment-batches/responses', {
        method: 'POST',
        body: form,
      });
    },

    cohorts: (search: { pemda?: string | undefined }, signal?: AbortSignal) =>
      get<{ items: CohortSummary[] }>('/cohorts', { ...search }, signal),
    cohort: (id: string, signal?: AbortSignal) => get<CohortDetail>(at('cohorts', id), {}, signal),
    cohortMembers: (id: string, search: MemberSearch, signal?: AbortSignal) =>
      get<Page<MemberRecord>>(`${at('cohorts', id)}/members`, { ...search }, signal),
    buildCohort: (pemda: string, body: CohortQueryBody) =>
      request<BuildSummary>(language, `${at('pemda', pemda)}/cohorts`, { method: 'POST', body }),
    /** The fields go before the file, as for imports. */
    importCohort(pemda: string, fields: Record<string, string>, file: File) {
      const form = new FormData();
      for (const [name, value] of Object.entries(fields)) form.append(name, value);
      form.append('file', file, file.name);
      return request<BuildSummary>(language, `${at('pemda', pemda)}/cohorts/import`, {
        method: 'POST',
        body: form,
      });
    },
    orderCsr: (pemda: string, body: CsrBody) =>
      request<BuildSummary>(language, `${at('pemda', pemda)}/csr`, { method: 'POST', body }),
    orderDonor: (pemda: string, body: DonorBody) =>
      request<BuildSummary>(language, `${at('pemda', pemda)}/donors`, { method: 'POST', body }),
    sponsors: (search: SponsorSearch, signal?: AbortSignal) =>
      get<Page<SponsorRecord>>('/sponsors', { ...search }, signal),
    sponsor: (id: string, signal?: AbortSignal) => get<SponsorDetail>(at('sponsors', id), {}, signal),
    sponsorWorkers: (id: string, search: MemberSearch, signal?: AbortSignal) =>
      get<Page<MemberRecord>>(`${at('sponsors', id)}/workers`, { ...search }, signal),

    runMatching: (pemda: string, body: Partial<MatchRequest>) =>
      request<MatchSummary>(language, `${at('pemda', pemda)}/match`, { method: 'POST', body }),
    matchRuns: (pemda: string, signal?: AbortSignal) =>
      get<{ items: MatchRun[] }>(`${at('pemda', pemda)}/match-runs`, {}, signal),
    matchProposals: (run: number, search: MatchProposalSearch, signal?: AbortSignal) =>
      get<Page<MatchProposal>>(`${at('match-runs', String(run))}/proposals`, { ...search }, signal),
    myMatchProposals: (search: MatchProposalSearch, signal?: AbortSignal) =>
      get<Page<MatchProposal>>('/me/match-proposals', { ...search }, signal),
    acceptMatchRun: (run: number) =>
      request<MatchDecision>(language, `${at('match-runs', String(run))}/accept`, {
        method: 'POST',
        body: {},
      }),
    decideMatchProposal: (id: number, decision: 'accept' | 'reject', reason?: string) =>
      request<MatchDecision>(language, `${at('match-proposals', String(id))}/${decision}`, {
        method: 'POST',
        body: decision === 'reject' && reason ? { reason } : {},
      }),

    mySponsorship: (signal?: AbortSignal) => get<SelfService>('/me/sponsorship', {}, signal),
    myPool: (limit: number, signal?: AbortSignal) => get<Pool>('/me/pool', { limit }, signal),
    createSponsorship: (input: NewSponsorshipInput) =>
      request<SponsorshipDetail>(language, '/sponsorships', { method: 'POST', body: input }),
    endSponsorship: (id: number, reason: string) =>
      request<SponsorshipDetail>(language, `${at('sponsorships', String(id))}/end`, {
        method: 'POST',
        body: { reason },
      }),

    workerCoverage: (nik: string, on: string | undefined, signal?: AbortSignal) =>
      get<WorkerCoverage>(`${at('workers', nik)}/coverage`, on ? { on } : {}, signal),
    recordCoverageOverride: (nik: string, body: { period: string; covered: boolean; reason: string }) =>
      request<WorkerCoverage>(language, `${at('workers', nik)}/coverage-overrides`, { method: 'POST', body }),
    arrearsSponsors: (search: ArrearsSearch, signal?: AbortSignal) =>
      get<ArrearsSponsorPage>('/arrears', { ...search }, signal),
    arrearsWorkers: (search: ArrearsSearch, signal?: AbortSignal) =>
      get<ArrearsWorkerPage>('/arrears/workers', { ...search }, signal),
    myArrears: (signal?: AbortSignal) => get<OwnArrears>('/me/arrears', {}, signal),
    claims: (search: ClaimSearch, signal?: AbortSignal) => get<ClaimPage>('/claims', { ...search }, signal),
    claim: (id: string, signal?: AbortSignal) => get<ClaimView>(at('claims', id), {}, signal),
    registerClaim: (body: RegisterClaimInput) =>
      request<ClaimView>(language, '/claims', { method: 'POST', body }),
    moveClaim: (id: number, step: 'decide' | 'approve' | 'pay', body: PayClaim = {}) =>
      request<ClaimView>(language, `${at('claims', String(id))}/${step}`, { method: 'POST', body }),
    roi: (pemda: string, search: { from?: string; to?: string }, signal?: AbortSignal) =>
      get<RoiView>(`${at('pemda', pemda)}/roi`, { ...search }, signal),
  };
}

export type Api = ReturnType<typeof createApi>;

export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}
