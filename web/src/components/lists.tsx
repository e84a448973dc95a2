import { type FormEvent, type InputHTMLAttributes, type ReactNode, useId } from 'react';
import type { Page } from '../api/types.ts';
import { formatCount } from '../format.ts';
import { useI18n } from '../i18n.ts';
import { Link, useSearch } from '../router.tsx';
import { useUser } from '../session.tsx';
import { type Load, LoadState } from './load.tsx';

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

/** What every list page filters by: the Pemda and the page of the results. */
interface ListPosition {
  pemda: string | undefined;
  page: number;
}

/**
 * A list page's filters, read from the query string, and links to the same list with some of them
 * changed. Users bound to one Pemda search it; monitors and officers choose among those they
 * watch, so only their links name a Pemda. `path` is given the first page as no page at all.
 */
export function useListFilters<F extends object>(
  read: (params: URLSearchParams) => F,
  path: (
    next: Omit<F, keyof ListPosition> & { pemda: string | undefined; page: number | undefined },
  ) => string,
  defaultPemda?: string,
) {
  const user = useUser();
  const params = new URLSearchParams(useSearch());
  const fixedPemda = user.scope.pemdaCode;
  const filters: F & ListPosition = {
    pemda: fixedPemda ?? params.get('pemda') ?? defaultPemda,
    ...read(params),
    page: pageParam(params),
  };
  const hrefFor = (changes: Partial<F & ListPosition>) => {
    const next = { ...filters, ...changes };
    return path({
      ...next,
      pemda: fixedPemda ? undefined : next.pemda,
      page: next.page > 1 ? next.page : undefined,
    });
  };
  return { filters, fixedPemda, hrefFor };
}

/** A list's filters in a form: submitting it searches again. */
export function FilterForm({ onSubmit, children }: { onSubmit: () => void; children: ReactNode }) {
  const { t } = useI18n();
  function submit(event: FormEvent) {
    event.preventDefault();
    onSubmit();
  }
  return (
    <form className="card search-form" onSubmit={submit} aria-label={t.filtersLabel}>
      {children}
      <div className="search-form__actions">
        <button type="submit" className="button">
          {t.searchButton}
        </button>
      </div>
    </form>
  );
}

/** A typed filter (a name, a code): no autocompletion or spelling marks, an optional hint. */
export function TextFilter({
  label,
  hint,
  main = false,
  onChange,
  ...input
}: {
  label: string;
  hint?: string;
  /** The form's main query, given the most room. */
  main?: boolean;
  value: string;
  onChange: (value: string) => void;
} & Pick<InputHTMLAttributes<HTMLInputElement>, 'type' | 'name' | 'inputMode' | 'placeholder'>) {
  const id = useId();
  const hintId = useId();
  return (
    <div className={main ? 'field search-form__query' : 'field'}>
      <label htmlFor={id}>{label}</label>
      {hint && (
        <span className="hint" id={hintId}>
          {hint}
        </span>
      )}
      <input
        id={id}
        {...input}
        autoComplete="off"
        spellCheck={false}
        aria-describedby={hint ? hintId : undefined}
        onChange={(event) => onChange(event.target.value)}
      />
    </div>
  );
}

/** A filter that picks one value of a list, or all of them. */
export function SelectFilter({
  label,
  name,
  allLabel,
  allValue = '',
  options,
  value,
  onChange,
}: {
  label: string;
  name?: string;
  allLabel: string;
  allValue?: string;
  options: readonly { value: string; label: ReactNode }[];
  value: string;
  onChange: (value: string) => void;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} value={value} onChange={(event) => onChange(event.target.value)}>
        <option value={allValue}>{allLabel}</option>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** One page of search results: the rows (or "no results") and the links to the other pages. */
export function PagedResults<T>({
  results,
  hrefFor,
  children,
}: {
  results: Load<Page<T>>;
  hrefFor: (page: number) => string;
  children: (items: T[]) => ReactNode;
}) {
  const { t } = useI18n();
  return (
    <>
      <LoadState load={results} />
      {results.data && (
        <section aria-busy={results.status === 'loading'} aria-label={t.resultsLabel}>
          {results.data.items.length === 0 ? (
            <p className="muted" role="status">
              {t.noResults}
            </p>
          ) : (
            children(results.data.items)
          )}
          <Pagination
            page={results.data.page}
            pageSize={results.data.pageSize}
            total={results.data.total}
            hrefFor={hrefFor}
          />
        </section>
      )}
    </>
  );
}

/** A number from the query string, or the fallback when it is absent or not a positive integer. */
export function pageParam(params: URLSearchParams): number {
  const value = Number(params.get('page'));
  return Number.isInteger(value) && value >= 1 ? value : 1;
}
