import { type AnchorHTMLAttributes, type MouseEvent, useSyncExternalStore } from 'react';

/**
 * Routing by the history API, small enough not to need a library: the server answers any page
 * path with the app's shell, so every page has a real, bookmarkable URL. Search filters and the
 * page of a list live in the query string, so they survive a reload and the back button.
 */
export type Route =
  | { page: 'calculator' }
  | { page: 'regions'; code: string | null }
  | { page: 'sign-in' }
  | { page: 'password' }
  | { page: 'asn-list' }
  | { page: 'asn'; nip: string }
  | { page: 'worker-list' }
  | { page: 'worker'; nik: string }
  | { page: 'imports' }
  | { page: 'import'; id: string }
  | { page: 'audit' }
  | { page: 'cohorts' }
  | { page: 'cohort'; id: string }
  | { page: 'cohort-new' }
  | { page: 'sponsors' }
  | { page: 'sponsor'; id: string }
  | { page: 'own-sponsorship' }
  | { page: 'matching' }
  | { page: 'self-service' }
  | { page: 'enrolment' }
  | { page: 'enrolment-batch'; id: string }
  | { page: 'enrolment-response'; id: string }
  | { page: 'programmes' }
  | { page: 'programme'; id: string }
  | { page: 'programme-policy'; id: string }
  | { page: 'programme-compliance'; id: string }
  | { page: 'billing-runs' }
  | { page: 'bills' }
  | { page: 'bill'; id: string }
  | { page: 'payments' }
  | { page: 'payment-import'; id: string }
  | { page: 'payments-unmatched' }
  | { page: 'worker-coverage'; nik: string }
  | { page: 'arrears' }
  | { page: 'claims' }
  | { page: 'claim-new' }
  | { page: 'claim'; id: string }
  | { page: 'roi' }
  | { page: 'not-found' };

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

const DETAIL_PAGES = [
  [/^\/pekerja\/([^/]+)\/perlindungan$/, (value: string): Route => ({ page: 'worker-coverage', nik: value })],
  [/^\/klaim\/([^/]+)$/, (value: string): Route => ({ page: 'claim', id: value })],
  [/^\/program\/([^/]+)$/, (value: string): Route => ({ page: 'programme', id: value })],
  [
    /^\/program\/([^/]+)\/kepatuhan$/,
    (value: string): Route => ({ page: 'programme-compliance', id: value }),
  ],
  [
    /^\/program\/([^/]+)\/kebijakan-baru$/,
    (value: string): Route => ({ page: 'programme-policy', id: value }),
  ],
  [/^\/wilayah\/([^/]+)$/, (value: string): Route => ({ page: 'regions', code: value })],
  [/^\/asn\/([^/]+)$/, (value: string): Route => ({ page: 'asn', nip: value })],
  [/^\/pekerja\/([^/]+)$/, (value: string): Route => ({ page: 'worker', nik: value })],
  [/^\/impor\/([^/]+)$/, (value: string): Route => ({ page: 'import', id: value })],
  [/^\/penagihan\/tagihan\/([^/]+)$/, (value: string): Route => ({ page: 'bill', id: value })],
  [/^\/pembayaran\/impor\/([^/]+)$/, (value: string): Route => ({ page: 'payment-import', id: value })],
  [/^\/kohort\/([^/]+)$/, (value: string): Route => ({ page: 'cohort', id: value })],
  [/^\/sponsor\/([^/]+)$/, (value: string): Route => ({ page: 'sponsor', id: value })],
  [/^\/pendaftaran\/batch\/([^/]+)$/, (value: string): Route => ({ page: 'enrolment-batch', id: value })],
  [
    /^\/pendaftaran\/tanggapan\/([^/]+)$/,
    (value: string): Route => ({ page: 'enrolment-response', id: value }),
  ],
] as const;

const LIST_PAGES: Record<string, Route> = {
  '/program': { page: 'programmes' },
  '/': { page: 'calculator' },
  '/wilayah': { page: 'regions', code: null },
  '/masuk': { page: 'sign-in' },
  '/kata-sandi': { page: 'password' },
  '/asn': { page: 'asn-list' },
  '/pekerja': { page: 'worker-list' },
  '/impor': { page: 'imports' },
  '/audit': { page: 'audit' },
  '/penagihan': { page: 'billing-runs' },
  '/penagihan/tagihan': { page: 'bills' },
  '/pembayaran': { page: 'payments' },
  '/pembayaran/belum-cocok': { page: 'payments-unmatched' },
  '/kohort': { page: 'cohorts' },
  '/kohort/baru': { page: 'cohort-new' },
  '/sponsor': { page: 'sponsors' },
  '/tanggungan': { page: 'own-sponsorship' },
  '/pencocokan': { page: 'matching' },
  '/pendaftaran': { page: 'enrolment' },
  '/saya': { page: 'self-service' },
  '/tunggakan': { page: 'arrears' },
  '/klaim': { page: 'claims' },
  '/klaim/baru': { page: 'claim-new' },
  '/manfaat': { page: 'roi' },
};

export function parseRoute(pathname: string): Route {
  const path = pathname.replace(/\/+$/, '') || '/';
  const list = LIST_PAGES[path];
  if (list) return list;
  for (const [pattern, route] of DETAIL_PAGES) {
    const match = pattern.exec(path);
    if (match) return route(decodeURIComponent(match[1]!));
  }
  return { page: 'not-found' };
}

const listeners = new Set<() => void>();

function subscribe(listener: () => void) {
  listeners.add(listener);
  window.addEventListener('popstate', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('popstate', listener);
  };
}

export function navigate(href: string, { replace = false } = {}): void {
  if (href === window.location.pathname + window.location.search) return;
  if (replace) window.history.replaceState(null, '', href);
  else window.history.pushState(null, '', href);
  for (const listener of listeners) listener();
}

export function usePathname(): string {
  return useSyncExternalStore(subscribe, () => window.location.pathname);
}

/** The query string of the current page, e.g. `?q=budi&page=2`. */
export function useSearch(): string {
  return useSyncExternalStore(subscribe, () => window.location.search);
}

type LinkProps = AnchorHTMLAttributes<HTMLAnchorElement> & { href: string };

/** A plain link that changes page without reloading; modified clicks (new tab…) stay native. */
export function Link({ href, onClick, ...rest }: LinkProps) {
  function handleClick(event: MouseEvent<HTMLAnchorElement>) {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(href);
  }
  return <a href={href} onClick={handleClick} {...rest} />;
}
