import type { AnchorHTMLAttributes } from 'react';
import { type createBrowserRouter, Link as RouterLink, useLocation, useMatches } from 'react-router';

/**
 * The app's URLs (React Router matches them: see routes.tsx). Search filters and the page of a
 * list live in the query string, so they survive a reload and the back button.
 */
export type PageName =
  | 'calculator'
  | 'regions'
  | 'sign-in'
  | 'password'
  | 'asn-list'
  | 'asn'
  | 'worker-list'
  | 'worker'
  | 'imports'
  | 'import'
  | 'audit'
  | 'cohorts'
  | 'cohort'
  | 'cohort-new'
  | 'sponsors'
  | 'sponsor'
  | 'own-sponsorship'
  | 'matching'
  | 'self-service'
  | 'enrolment'
  | 'enrolment-batch'
  | 'enrolment-response'
  | 'programmes'
  | 'programme'
  | 'programme-policy'
  | 'programme-compliance'
  | 'billing-runs'
  | 'bills'
  | 'bill'
  | 'payments'
  | 'payment-import'
  | 'payments-unmatched'
  | 'worker-coverage'
  | 'arrears'
  | 'claims'
  | 'claim-new'
  | 'claim'
  | 'roi'
  | 'not-found';

type Query = Record<string, string | number | undefined | null>;

/** `?a=1&b=2` from the values that are set; an empty filter leaves no trace in the URL. */
function withQuery(path: string, query: Query = {}): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `${path}?${text}` : path;
}

const segment = (value: string) => encodeURIComponent(value);

export const paths = {
  programmes: (query?: Query) => withQuery('/program', query),
  programme: (id: number | string) => `/program/${segment(String(id))}`,
  /** A new circular letter ("kebijakan baru": new policy) for the programme. */
  programmePolicy: (id: number | string) => `/program/${segment(String(id))}/kebijakan-baru`,
  programmeCompliance: (id: number | string, query?: Query) =>
    withQuery(`/program/${segment(String(id))}/kepatuhan`, query),
  calculator: '/',
  regions: (code: string | null = null) => (code ? `/wilayah/${segment(code)}` : '/wilayah'),
  /** `back` is where the user was going when the page asked them to sign in. */
  signIn: (back?: string) => withQuery('/masuk', { kembali: back }),
  password: '/kata-sandi',
  asnList: (query?: Query) => withQuery('/asn', query),
  asn: (nip: string) => `/asn/${segment(nip)}`,
  workerList: (query?: Query) => withQuery('/pekerja', query),
  worker: (nik: string) => `/pekerja/${segment(nik)}`,
  imports: (query?: Query) => withQuery('/impor', query),
  import: (id: string) => `/impor/${segment(id)}`,
  audit: (query?: Query) => withQuery('/audit', query),
  /** Payment imports ("pembayaran") and the queue of lines nothing matched ("belum cocok"). */
  billingRuns: (query?: Query) => withQuery('/penagihan', query),
  bills: (query?: Query) => withQuery('/penagihan/tagihan', query),
  bill: (id: number | string) => `/penagihan/tagihan/${segment(String(id))}`,
  payments: (query?: Query) => withQuery('/pembayaran', query),
  paymentImport: (id: string, query?: Query) => withQuery(`/pembayaran/impor/${segment(id)}`, query),
  paymentsUnmatched: (query?: Query) => withQuery('/pembayaran/belum-cocok', query),
  cohorts: (query?: Query) => withQuery('/kohort', query),
  cohort: (id: string, query?: Query) => withQuery(`/kohort/${segment(id)}`, query),
  cohortNew: () => '/kohort/baru',
  sponsors: (query?: Query) => withQuery('/sponsor', query),
  sponsor: (id: string, query?: Query) => withQuery(`/sponsor/${segment(id)}`, query),
  ownSponsorship: (query?: Query) => withQuery('/tanggungan', query),
  /** Match proposals: `run`, `status`, `level` and `page` in the query string. */
  matching: (query?: Query) => withQuery('/pencocokan', query),
  /** BPJSTK enrolment ("pendaftaran"): batches and the branch's responses. */
  enrolment: (query?: Query) => withQuery('/pendaftaran', query),
  enrolmentBatch: (id: number | string) => `/pendaftaran/batch/${segment(String(id))}`,
  enrolmentResponse: (id: number | string, query?: Query) =>
    withQuery(`/pendaftaran/tanggapan/${segment(String(id))}`, query),
  /** An ASN's own sponsorships ("saya": me). */
  selfService: '/saya',
  /** A worker's coverage ("perlindungan"): `tanggal` asks "covered on this day?". */
  workerCoverage: (nik: string, query?: Query) => withQuery(`/pekerja/${segment(nik)}/perlindungan`, query),
  /** Arrears ("tunggakan"): `view` (sponsors or workers), `pemda`, `opd`, `programme`, `page`. */
  arrears: (query?: Query) => withQuery('/tunggakan', query),
  claims: (query?: Query) => withQuery('/klaim', query),
  claimNew: (query?: Query) => withQuery('/klaim/baru', query),
  claim: (id: number | string) => `/klaim/${segment(String(id))}`,
  /** Contributions paid against benefits received ("manfaat"). */
  roi: (query?: Query) => withQuery('/manfaat', query),
};

type Router = ReturnType<typeof createBrowserRouter>;

let router: Router | null = null;

/** The router `navigate` drives: pages change page from event handlers and effects alike. */
export function bindNavigation(next: Router): void {
  router = next;
}

export function navigate(href: string, { replace = false } = {}): void {
  if (href === window.location.pathname + window.location.search) return;
  void router?.navigate(href, { replace });
}

/** The page shown, by name: the menu marks its entry. */
export function usePageName(): PageName {
  const matches = useMatches();
  return (matches.at(-1)?.handle as PageName | undefined) ?? 'not-found';
}

export function usePathname(): string {
  return useLocation().pathname;
}

/** The query string of the current page, e.g. `?q=budi&page=2`. */
export function useSearch(): string {
  return useLocation().search;
}

type LinkProps = AnchorHTMLAttributes<HTMLAnchorElement> & { href: string };

/** A plain link that changes page without reloading; modified clicks (new tab…) stay native. */
export function Link({ href, ...rest }: LinkProps) {
  return <RouterLink to={href} {...rest} />;
}
