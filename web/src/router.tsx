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
  | { page: 'asn-list' }
  | { page: 'asn'; nip: string }
  | { page: 'worker-list' }
  | { page: 'worker'; nik: string }
  | { page: 'imports' }
  | { page: 'import'; id: string }
  | { page: 'audit' }
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
  calculator: '/',
  regions: (code: string | null = null) => (code ? `/wilayah/${segment(code)}` : '/wilayah'),
  /** `back` is where the user was going when the page asked them to sign in. */
  signIn: (back?: string) => withQuery('/masuk', { kembali: back }),
  asnList: (query?: Query) => withQuery('/asn', query),
  asn: (nip: string) => `/asn/${segment(nip)}`,
  workerList: (query?: Query) => withQuery('/pekerja', query),
  worker: (nik: string) => `/pekerja/${segment(nik)}`,
  imports: (query?: Query) => withQuery('/impor', query),
  import: (id: string) => `/impor/${segment(id)}`,
  audit: (query?: Query) => withQuery('/audit', query),
};

const DETAIL_PAGES = [
  [/^\/wilayah\/([^/]+)$/, (value: string): Route => ({ page: 'regions', code: value })],
  [/^\/asn\/([^/]+)$/, (value: string): Route => ({ page: 'asn', nip: value })],
  [/^\/pekerja\/([^/]+)$/, (value: string): Route => ({ page: 'worker', nik: value })],
  [/^\/impor\/([^/]+)$/, (value: string): Route => ({ page: 'import', id: value })],
] as const;

const LIST_PAGES: Record<string, Route> = {
  '/': { page: 'calculator' },
  '/wilayah': { page: 'regions', code: null },
  '/masuk': { page: 'sign-in' },
  '/asn': { page: 'asn-list' },
  '/pekerja': { page: 'worker-list' },
  '/impor': { page: 'imports' },
  '/audit': { page: 'audit' },
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
