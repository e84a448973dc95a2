import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { type ReactNode, useId } from 'react';
import { useI18n } from '../i18n.ts';

/** What a page fetched: kept while the next answer loads, so a page change does not flash empty. */
export type Load<T> =
  | { status: 'loading'; data: T | null }
  | { status: 'ready'; data: T }
  | { status: 'error'; message: string; data: null };

/**
 * Loads `fetch` again whenever `key` changes (a new filter, page or language). The fetch is given
 * an abort signal, so an answer that arrives after the user moved on is dropped. The query is this
 * component's own, as its state would be: two pages never share an answer by accident.
 */
export function useLoad<T>(key: string | null, fetch: (signal: AbortSignal) => Promise<T>): Load<T> {
  const owner = useId();
  const query = useQuery({
    queryKey: [owner, key],
    queryFn: ({ signal }) => fetch(signal),
    enabled: key !== null,
    placeholderData: keepPreviousData,
  });
  if (query.isError) return { status: 'error', message: query.error.message, data: null };
  if (query.isSuccess && !query.isPlaceholderData) return { status: 'ready', data: query.data };
  return { status: 'loading', data: query.data ?? null };
}

export function ErrorAlert({
  message,
  id,
  children,
}: {
  message: string;
  id?: string;
  children?: ReactNode;
}) {
  return (
    <div className="alert alert--error" role="alert" id={id}>
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

/** A load's error, or "loading" while there is nothing yet to show; nothing once it has data. */
export function LoadState({
  load,
}: {
  load: { status: 'loading' | 'ready'; data?: unknown } | { status: 'error'; message: string };
}) {
  if (load.status === 'error') return <ErrorAlert message={load.message} />;
  if (load.status === 'loading' && !load.data) return <Loading />;
  return null;
}
