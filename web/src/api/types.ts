/**
 * The API's records as the browser reads them, named after the server's OpenAPI document
 * (./schema.d.ts, generated: `npm run api:generate`).
 */
import type { components, paths } from './schema.d.ts';

type Schemas = components['schemas'];

type JsonOf<R> = R extends { content: { 'application/json': infer T } } ? T : never;

/** What a successful call of `method` on `path` answers. */
export type Answer<P extends keyof paths, M extends keyof paths[P] = 'get'> = paths[P][M] extends {
  responses: infer R;
}
  ? JsonOf<R[Extract<keyof R, 200 | 201 | 202>]>
  : never;

/** The JSON body `method` on `path` takes. */
export type RequestBody<P extends keyof paths, M extends keyof paths[P] = 'post'> = paths[P][M] extends {
  requestBody?: { content: { 'application/json': infer B } };
}
  ? B
  : never;

/** The query string `GET path` takes. */
export type SearchOf<P extends keyof paths> = paths[P]['get'] extends { parameters: { query?: infer Q } }
  ? NonNullable<Q>
  : never;

export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
}

export type Region = Answer<'/api/v1/regions/{code}'>;
export type RegionChildren = Answer<'/api/v1/regions'>;
export type RegionSummary = RegionChildren['items'][number];

export type Premium = Schemas['PremiumQuote'];
export type PremiumMonth = Schemas['PremiumMonth'];
export type AppliedDiscount = PremiumMonth['discounts'][number];
export type PremiumOptions = Schemas['PremiumOptions'];
export type PremiumQuery = SearchOf<'/api/v1/premium'>;

export type Session = Schemas['Session'];
export type SessionUser = Session['user'];

export type PemdaSummary = Answer<'/api/v1/pemda'>['items'][number];
export type Pemda = Answer<'/api/v1/pemda/{code}'>;
export type Opd = Answer<'/api/v1/pemda/{code}/opds'>['items'][number];

export type AsnRecord = Schemas['Asn'];
export type WorkerRecord = Schemas['Worker'];

export type ImportJob = Schemas['ImportJob'];
export type ImportKind = ImportJob['kind'];
export type ImportStatus = ImportJob['status'];
export type ImportSummary = Schemas['ImportCounts'];

export type AuditEntry = Answer<'/api/v1/audit'>['items'][number];

export type BillingRun = Schemas['BillingRun'];
export type BillingRunResult = Schemas['BillingRunResult'];
export type Bill = Schemas['Bill'];
export type BillDocument = Bill['document'];
export type BillLine = Schemas['BillLine'];
export type BillDetail = Schemas['BillDetail'];
export type BillPage = Answer<'/api/v1/bills'>;

export type PaymentImport = Schemas['PaymentImport'];
export type PaymentKind = PaymentImport['kind'];
export type UnmatchedPaymentLine = Schemas['UnmatchedPaymentLine'];

export type ProgrammeSummary = Schemas['ProgrammeSummary'];
export type ProgrammeDetail = Schemas['Programme'];
export type PolicyVersion = ProgrammeDetail['versions'][number];
export type NewProgramme = RequestBody<'/api/v1/pemda/{code}/programmes'>;
export type ComplianceReport = Schemas['ComplianceReport'];
export type ComplianceItem = ComplianceReport['items'][number];
export type ComplianceTotals = ComplianceReport['totals'];

export type EnrolmentBatch = Schemas['EnrolmentBatch'];
export type EnrolmentResponse = Schemas['EnrolmentResponse'];

export type CohortSummary = Schemas['CohortSummary'];
export type CohortDetail = Schemas['Cohort'];
export type CohortCost = Schemas['CohortCost'];
export type BuildSummary = Schemas['CohortBuild'];
export type MemberRecord = Schemas['SponsoredWorker'];
export type SponsorRecord = Schemas['Sponsor'];
export type SponsorDetail = Schemas['SponsorDetail'];

export type MatchSummary = Schemas['MatchSummary'];
export type MatchRun = Schemas['MatchRun'];
export type MatchProposal = Schemas['MatchProposal'];
export type MatchDecision = Schemas['MatchDecision'];

export type SelfService = Schemas['SelfService'];
export type Pool = Schemas['SponsorshipPool'];
export type NewSponsorshipInput = RequestBody<'/api/v1/sponsorships'>;
export type SponsorshipDetail = Schemas['SponsorshipDetail'];
export type SponsorshipRecord = Schemas['Sponsorship'];

export type WorkerCoverage = Schemas['WorkerCoverage'];
export type CoverageMonth = Schemas['CoverageMonth'];

export type ArrearsSponsor = Schemas['ArrearsSponsor'];
export type ArrearsWorker = Schemas['ArrearsWorker'];
export type ArrearsSponsorPage = Schemas['ArrearsSponsorPage'];
export type ArrearsWorkerPage = Schemas['ArrearsWorkerPage'];
export type OwnArrears = Schemas['OwnArrears'];

export type ClaimView = Schemas['Claim'];
export type ClaimPage = Answer<'/api/v1/claims'>;
export type RegisterClaimInput = RequestBody<'/api/v1/claims'>;
export type RoiView = Schemas['Roi'];
export type RoiRow = Schemas['RoiRow'];
