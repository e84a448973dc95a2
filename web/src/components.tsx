import { type ReactNode, useEffect, useId, useState } from 'react';
import { isAbort, type PemdaSummary } from './api.ts';
import { formatCount } from './format.ts';
import { useApi } from './hooks.ts';
import { useI18n } from './i18n.ts';
import { Link, navigate } from './router.tsx';

/** What a page fetched: kept while the next answer loads, so a page change does not flash empty. */
export type Load<T> =
  | { status: 'loading'; data: T | null }
  | { status: 'ready'; data: T }
  | { status: 'error'; message: string; data: null };

/**
 * Loads `fetch` again whenever `key` changes (a new filter, page or language). The fetch is given
 * an abort signal, so an answer that arrives after the user moved on is dropped.
 */
export function useLoad<T>(key: string | null, fetch: (signal: AbortSignal) => Promise<T>): Load<T> {
  const [load, setLoad] = useState<Load<T>>({ status: 'loading', data: null });
  // biome-ignore lint/correctness/useExhaustiveDependencies: the key names everything the fetch reads
  useEffect(() => {
    if (key === null) return;
    const controller = new AbortController();
    setLoad((previous) => ({ status: 'loading', data: previous.data }));
    fetch(controller.signal).then(
      (data) => setLoad({ status: 'ready', data }),
      (error: unknown) => {
        if (!isAbort(error)) setLoad({ status: 'error', message: (error as Error).message, data: null });
      },
    );
    return () => controller.abort();
  }, [key]);
  return load;
}

export function ErrorAlert({ message, children }: { message: string; children?: ReactNode }) {
  return (
    <div className="alert alert--error" role="alert">
      <p>{message}</p>
      {children}
    </div>
  );
}

export function Loading() {
  const { t } = useI18n();
  return (
    <p className="muted" role="status">
      {t.loading}
    </p>
  );
}

/** "Halaman 2 dari 5 · 230 data", with links to the pages either side. */
export function Pagination({
  page,
  pageSize,
  total,
  hrefFor,
}: {
  page: number;
  pageSize: number;
  total: number;
  hrefFor: (page: number) => string;
}) {
  const { t, language } = useI18n();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return (
    <nav className="pagination" aria-label={t.paginationLabel}>
      <p className="pagination__status" data-testid="pagination">
        {t.pageOf(formatCount(page, language), formatCount(pages, language))} ·{' '}
        {t.totalRecords(formatCount(total, language))}
      </p>
      <div className="pagination__links">
        {page > 1 ? (
          <Link className="button button--secondary" href={hrefFor(page - 1)} rel="prev">
            {t.previousPage}
          </Link>
        ) : null}
        {page < pages ? (
          <Link className="button button--secondary" href={hrefFor(page + 1)} rel="next">
            {t.nextPage}
          </Link>
        ) : null}
      </div>
    </nav>
  );
}

/** The Pemda the signed-in user may see, from the API (which applies their scope). */
export function usePemdaList(): Load<PemdaSummary[]> {
  const api = useApi();
  const { language } = useI18n();
  return useLoad(language, async (signal) => (await api.pemdaList(signal)).items);
}

/**
 * A choice of Pemda for users who see several (national and province monitors, BPJSTK officers).
 * Changing it opens the same page for the chosen Pemda, from its first page.
 */
export function PemdaPicker({
  list,
  value,
  hrefFor,
  allowAll,
}: {
  list: PemdaSummary[];
  value: string | undefined;
  hrefFor: (code: string | undefined) => string;
  allowAll: boolean;
}) {
  const { t } = useI18n();
  const id = useId();
  if (list.length < 2 && (value === undefined || list[0]?.code === value)) return null;
  return (
    <div className="field pemda-picker">
      <label htmlFor={id}>{t.pemdaLabel}</label>
      <select
        id={id}
        value={value ?? ''}
        onChange={(event) => navigate(hrefFor(event.target.value || undefined))}
      >
        {allowAll && <option value="">{t.allPemda}</option>}
        {list.map((pemda) => (
          <option key={pemda.code} value={pemda.code}>
            {pemda.name} ({pemda.code})
          </option>
        ))}
      </select>
    </div>
  );
}

/** A number from the query string, or the fallback when it is absent or not a positive integer. */
export function pageParam(params: URLSearchParams): number {
  const value = Number(params.get('page'));
  return Number.isInteger(value) && value >= 1 ? value : 1;
}
