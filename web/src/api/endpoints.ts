import type { ProgrammePolicy } from '../../../src/core/programme-policy.ts';
import type { Language } from '../i18n.ts';
import { ApiError, cached, clientFor, data, forgetSession, remember } from './client.ts';
import type { ImportKind, PaymentKind, PremiumQuery, RequestBody, SearchOf, Session } from './types.ts';

/** A form whose fields go before its file: the server reads it as a stream, in order. */
function formOf(fields: Record<string, string>, file: File): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append('file', file, file.name);
  return form;
}

/**
 * An id from a page's URL goes to the API as written: the API, not the browser, says what is
 * wrong with one that is not a number.
 */
const fromUrl = (id: string) => id as unknown as number;

/** Routes that read no body are sent an empty JSON object all the same. */
const noBody = {} as never;

/** Multipart bodies are described in words in the OpenAPI document, not as a schema. */
const multipart = (form: FormData) => form as never;

/**
 * A list's filters as read from the page's URL: they go to the API as written, and the API, not
 * the browser, says what is wrong with one.
 */
type AsWritten<Q> = { [K in keyof Q]?: Q[K] | string | undefined };
const asWritten = <Q>(query: AsWritten<Q>) => query as Q;

export type ArrearsSearch = AsWritten<SearchOf<'/api/v1/arrears'>>;
export type ClaimSearch = AsWritten<SearchOf<'/api/v1/claims'>>;
export type AsnSearch = AsWritten<SearchOf<'/api/v1/asn'>>;
export type WorkerSearch = AsWritten<SearchOf<'/api/v1/workers'>>;
export type MatchProposalSearch = AsWritten<SearchOf<'/api/v1/match-runs/{id}/proposals'>>;
export type BillSearch = AsWritten<SearchOf<'/api/v1/bills'>>;
export type AuditSearch = AsWritten<SearchOf<'/api/v1/audit'>>;
export type MemberSearch = AsWritten<SearchOf<'/api/v1/cohorts/{id}/members'>>;
export type SponsorSearch = AsWritten<SearchOf<'/api/v1/sponsors'>>;
export type ComplianceSearch = AsWritten<SearchOf<'/api/v1/programmes/{id}/compliance'>>;

export interface NewImport {
  kind: ImportKind;
  pemda: string;
  file: File;
  dryRun: boolean;
  full: boolean;
}

/** A compliance list as a file: a plain link, so the browser downloads it with the session cookie. */
export function complianceFileUrl(id: string, format: 'csv' | 'xlsx', search: ComplianceSearch): string {
  const query = new URLSearchParams();
  for (const key of ['on', 'opd', 'status'] as const) {
    const value = search[key];
    if (value) query.set(key, String(value));
  }
  const text = query.toString();
  return `/api/v1/programmes/${encodeURIComponent(id)}/compliance.${format}${text ? `?${text}` : ''}`;
}

/** The API in one language: every error message comes back in it. */
export function createApi(language: Language) {
  const { GET, POST } = clientFor(language);
  return {
    provinces: (signal?: AbortSignal) => cached('regions', () => data(GET('/api/v1/regions', { signal }))),
    region: (code: string, signal?: AbortSignal) =>
      cached(`region ${code}`, () =>
        data(GET('/api/v1/regions/{code}', { params: { path: { code } }, signal })),
      ),
    children: (code: string, signal?: AbortSignal) =>
      cached(`children ${code}`, () =>
        data(GET('/api/v1/regions/{code}/children', { params: { path: { code } }, signal })),
      ),
    premiumOptions: (period: string, signal?: AbortSignal) =>
      cached(`brackets ${period}`, () =>
        data(GET('/api/v1/premium/brackets', { params: { query: { period } }, signal })),
      ),
    /** Sends the fields as typed: the server validates them as the CLI does, in the user's language. */
    premium: (query: PremiumQuery, signal?: AbortSignal) =>
      data(GET('/api/v1/premium', { params: { query }, signal })),

    /** The signed-in user, or null when nobody is. */
    async session(signal?: AbortSignal): Promise<Session | null> {
      try {
        return remember(await data(GET('/api/v1/auth/session', { signal })));
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },
    login: async (username: string, password: string) =>
      remember(await data(POST('/api/v1/auth/login', { body: { username, password } }))),
    /** Every other session ends; this one continues under a new cookie and CSRF token. */
    changePassword: async (currentPassword: string, newPassword: string) =>
      remember(await data(POST('/api/v1/auth/password', { body: { currentPassword, newPassword } }))),
    async logout(): Promise<void> {
      try {
        await POST('/api/v1/auth/logout');
      } finally {
        forgetSession();
      }
    },

    pemdaList: (signal?: AbortSignal) => data(GET('/api/v1/pemda', { signal })),
    pemda: (code: string, signal?: AbortSignal) =>
      data(GET('/api/v1/pemda/{code}', { params: { path: { code } }, signal })),
    opds: (code: string, signal?: AbortSignal) =>
      data(GET('/api/v1/pemda/{code}/opds', { params: { path: { code } }, signal })),

    searchAsn: (query: AsnSearch, signal?: AbortSignal) =>
      data(GET('/api/v1/asn', { params: { query: asWritten(query) }, signal })),
    asn: (nip: string, signal?: AbortSignal) =>
      data(GET('/api/v1/asn/{nip}', { params: { path: { nip } }, signal })),
    searchWorkers: (query: WorkerSearch, signal?: AbortSignal) =>
      data(GET('/api/v1/workers', { params: { query: asWritten(query) }, signal })),
    worker: (nik: string, signal?: AbortSignal) =>
      data(GET('/api/v1/workers/{nik}', { params: { path: { nik } }, signal })),

    startImport({ kind, pemda, file, dryRun, full }: NewImport) {
      const fields: Record<string, string> = { kind, pemda, dryRun: String(dryRun) };
      if (kind === 'asn') fields.full = String(full);
      return data(POST('/api/v1/imports', { body: multipart(formOf(fields, file)) }));
    },
    importJob: (id: string, signal?: AbortSignal) =>
      data(GET('/api/v1/imports/{id}', { params: { path: { id } }, signal })),
    recentImports: (pemda: string, signal?: AbortSignal) =>
      data(GET('/api/v1/imports', { params: { query: { pemda } }, signal })),

    audit: (query: AuditSearch, signal?: AbortSignal) =>
      data(GET('/api/v1/audit', { params: { query: asWritten(query) }, signal })),

    billingRuns: (pemda: string, signal?: AbortSignal) =>
      data(GET('/api/v1/billing-runs', { params: { query: { pemda } }, signal })),
    runBilling: (pemda: string, period: string) =>
      data(POST('/api/v1/billing-runs', { body: { pemda, period } })),
    bills: (query: BillSearch, signal?: AbortSignal) =>
      data(GET('/api/v1/bills', { params: { query: asWritten(query) }, signal })),
    bill: (id: string, signal?: AbortSignal) =>
      data(GET('/api/v1/bills/{id}', { params: { path: { id: fromUrl(id) } }, signal })),

    paymentImports: (pemda: string, signal?: AbortSignal) =>
      data(GET('/api/v1/payments/imports', { params: { query: { pemda } }, signal })),
    paymentImport: (id: string, signal?: AbortSignal) =>
      data(GET('/api/v1/payments/imports/{id}', { params: { path: { id } }, signal })),
    /** The lines are matched before the answer. */
    importPayments: (pemda: string, kind: PaymentKind, file: File) =>
      data(POST('/api/v1/payments/imports', { body: multipart(formOf({ kind, pemda }, file)) })),
    unmatchedPayments: (query: SearchOf<'/api/v1/payments/unmatched'>, signal?: AbortSignal) =>
      data(GET('/api/v1/payments/unmatched', { params: { query }, signal })),
    resolvePayment: (id: number, body: RequestBody<'/api/v1/payments/unmatched/{id}/resolve'>) =>
      data(POST('/api/v1/payments/unmatched/{id}/resolve', { params: { path: { id } }, body })),

    programmes: (code: string, signal?: AbortSignal) =>
      data(GET('/api/v1/pemda/{code}/programmes', { params: { path: { code } }, signal })),
    programme: (id: string, signal?: AbortSignal) =>
      data(GET('/api/v1/programmes/{id}', { params: { path: { id: fromUrl(id) } }, signal })),
    createProgramme: (code: string, body: RequestBody<'/api/v1/pemda/{code}/programmes'>) =>
      data(POST('/api/v1/pemda/{code}/programmes', { params: { path: { code } }, body })),
    /** A circular letter as the core's policy; every problem comes back in `ApiError.details`. */
    addPolicy: (id: string, policy: ProgrammePolicy) =>
      data(
        POST('/api/v1/programmes/{id}/policies', {
          params: { path: { id: fromUrl(id) } },
          body: policy as RequestBody<'/api/v1/programmes/{id}/policies'>,
        }),
      ),
    compliance: (id: string, query: ComplianceSearch, signal?: AbortSignal) =>
      data(
        GET('/api/v1/programmes/{id}/compliance', {
          params: { path: { id: fromUrl(id) }, query: asWritten(query) },
          signal,
        }),
      ),

    enrolmentBatches: (code: string, signal?: AbortSignal) =>
      data(GET('/api/v1/pemda/{code}/enrolment-batches', { params: { path: { code } }, signal })),
    enrolmentBatch: (id: string, signal?: AbortSignal) =>
      data(GET('/api/v1/enrolment-batches/{id}', { params: { path: { id: fromUrl(id) } }, signal })),
    createEnrolmentBatch: (code: string) =>
      data(POST('/api/v1/pemda/{code}/enrolment-batches', { params: { path: { code } } })),
    closeEnrolmentBatch: (id: string, reason: string) =>
      data(
        POST('/api/v1/enrolment-batches/{id}/close', {
          params: { path: { id: fromUrl(id) } },
          body: { reason },
        }),
      ),
    enrolmentResponses: (code: string, signal?: AbortSignal) =>
      data(GET('/api/v1/pemda/{code}/enrolment-responses', { params: { path: { code } }, signal })),
    enrolmentResponse: (id: string, signal?: AbortSignal) =>
      data(GET('/api/v1/enrolment-responses/{id}', { params: { path: { id: fromUrl(id) } }, signal })),
    uploadEnrolmentResponse: (pemda: string, file: File) =>
      data(POST('/api/v1/enrolment-batches/responses', { body: multipart(formOf({ pemda }, file)) })),

    cohorts: (query: SearchOf<'/api/v1/cohorts'>, signal?: AbortSignal) =>
      data(GET('/api/v1/cohorts', { params: { query }, signal })),
    cohort: (id: string, signal?: AbortSignal) =>
      data(GET('/api/v1/cohorts/{id}', { params: { path: { id: fromUrl(id) } }, signal })),
    cohortMembers: (id: string, query: MemberSearch, signal?: AbortSignal) =>
      data(
        GET('/api/v1/cohorts/{id}/members', {
          params: { path: { id: fromUrl(id) }, query: asWritten(query) },
          signal,
        }),
      ),
    buildCohort: (code: string, body: RequestBody<'/api/v1/pemda/{code}/cohorts'>) =>
      data(POST('/api/v1/pemda/{code}/cohorts', { params: { path: { code } }, body })),
    importCohort: (code: string, fields: Record<string, string>, file: File) =>
      data(
        POST('/api/v1/pemda/{code}/cohorts/import', {
          params: { path: { code } },
          body: multipart(formOf(fields, file)),
        }),
      ),
    orderCsr: (code: string, body: RequestBody<'/api/v1/pemda/{code}/csr'>) =>
      data(POST('/api/v1/pemda/{code}/csr', { params: { path: { code } }, body })),
    orderDonor: (code: string, body: RequestBody<'/api/v1/pemda/{code}/donors'>) =>
      data(POST('/api/v1/pemda/{code}/donors', { params: { path: { code } }, body })),
    sponsors: (query: SponsorSearch, signal?: AbortSignal) =>
      data(GET('/api/v1/sponsors', { params: { query: asWritten(query) }, signal })),
    sponsor: (id: string, signal?: AbortSignal) =>
      data(GET('/api/v1/sponsors/{id}', { params: { path: { id: fromUrl(id) } }, signal })),
    sponsorWorkers: (id: string, query: MemberSearch, signal?: AbortSignal) =>
      data(
        GET('/api/v1/sponsors/{id}/workers', {
          params: { path: { id: fromUrl(id) }, query: asWritten(query) },
          signal,
        }),
      ),

    runMatching: (code: string, body: RequestBody<'/api/v1/pemda/{code}/match'>) =>
      data(POST('/api/v1/pemda/{code}/match', { params: { path: { code } }, body })),
    matchRuns: (code: string, signal?: AbortSignal) =>
      data(GET('/api/v1/pemda/{code}/match-runs', { params: { path: { code } }, signal })),
    matchProposals: (id: number, query: MatchProposalSearch, signal?: AbortSignal) =>
      data(
        GET('/api/v1/match-runs/{id}/proposals', {
          params: { path: { id }, query: asWritten(query) },
          signal,
        }),
      ),
    myMatchProposals: (query: MatchProposalSearch, signal?: AbortSignal) =>
      data(GET('/api/v1/me/match-proposals', { params: { query: asWritten(query) }, signal })),
    acceptMatchRun: (id: number) =>
      data(POST('/api/v1/match-runs/{id}/accept', { params: { path: { id } }, body: noBody })),
    decideMatchProposal: (id: number, decision: 'accept' | 'reject', reason?: string) =>
      decision === 'accept'
        ? data(POST('/api/v1/match-proposals/{id}/accept', { params: { path: { id } }, body: noBody }))
        : data(
            POST('/api/v1/match-proposals/{id}/reject', {
              params: { path: { id } },
              body: reason ? { reason } : {},
            }),
          ),

    mySponsorship: (signal?: AbortSignal) => data(GET('/api/v1/me/sponsorship', { signal })),
    myPool: (limit: number, signal?: AbortSignal) =>
      data(GET('/api/v1/me/pool', { params: { query: { limit } }, signal })),
    createSponsorship: (body: RequestBody<'/api/v1/sponsorships'>) =>
      data(POST('/api/v1/sponsorships', { body })),
    endSponsorship: (id: number, reason: string) =>
      data(POST('/api/v1/sponsorships/{id}/end', { params: { path: { id } }, body: { reason } })),

    workerCoverage: (nik: string, on: string | undefined, signal?: AbortSignal) =>
      data(
        GET('/api/v1/workers/{nik}/coverage', {
          params: { path: { nik }, query: on ? { on } : {} },
          signal,
        }),
      ),
    recordCoverageOverride: (nik: string, body: RequestBody<'/api/v1/workers/{nik}/coverage-overrides'>) =>
      data(POST('/api/v1/workers/{nik}/coverage-overrides', { params: { path: { nik } }, body })),
    arrearsSponsors: (query: ArrearsSearch, signal?: AbortSignal) =>
      data(GET('/api/v1/arrears', { params: { query: asWritten(query) }, signal })),
    arrearsWorkers: (query: AsWritten<SearchOf<'/api/v1/arrears/workers'>>, signal?: AbortSignal) =>
      data(GET('/api/v1/arrears/workers', { params: { query: asWritten(query) }, signal })),
    myArrears: (signal?: AbortSignal) => data(GET('/api/v1/me/arrears', { signal })),
    claims: (query: ClaimSearch, signal?: AbortSignal) =>
      data(GET('/api/v1/claims', { params: { query: asWritten(query) }, signal })),
    claim: (id: string, signal?: AbortSignal) =>
      data(GET('/api/v1/claims/{id}', { params: { path: { id: fromUrl(id) } }, signal })),
    registerClaim: (body: RequestBody<'/api/v1/claims'>) => data(POST('/api/v1/claims', { body })),
    moveClaim: (
      id: number,
      step: 'decide' | 'approve' | 'pay',
      body: RequestBody<'/api/v1/claims/{id}/pay'> = {},
    ) => data(POST(`/api/v1/claims/{id}/${step}`, { params: { path: { id } }, body })),
    roi: (code: string, query: SearchOf<'/api/v1/pemda/{code}/roi'>, signal?: AbortSignal) =>
      data(GET('/api/v1/pemda/{code}/roi', { params: { path: { code }, query }, signal })),
  };
}

export type Api = ReturnType<typeof createApi>;
