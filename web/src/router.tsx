import { type AnchorHTMLAttributes, type MouseEvent, useSyncExternalStore } from 'react';

/**
 * Routing by the history API, small enough not to need a library: the server answers any page
 * path with the app's shell, so every page has a real, bookmarkable URL.
 */
export type Route = { page: 'calculator' } | { page: 'regions'; code: string | null } | { page: 'not-found' };

export const paths = {
  calculator: '/',
  regions: (code: string | null = null) => (code ? `/wilayah/${encodeURIComponent(code)}` : '/wilayah'),
};

export function parseRoute(pathname: string): Route {
  const path = pathname.replace(/\/+$/, '') || '/';
  if (path === '/') return { page: 'calculator' };
  if (path === '/wilayah') return { page: 'regions', code: null };
  const region = /^\/wilayah\/([^/]+)$/.exec(path);
  if (region) return { page: 'regions', code: decodeURIComponent(region[1]!) };
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
