import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, type InputHTMLAttributes, type ReactNode, useId, useState } from 'react';
import type { Page, PemdaSummary } from './api/types.ts';
import { formatCount } from './format.ts';
import { useApi } from './hooks.ts';
import { useI18n } from './i18n.ts';
import { Link, navigate, useSearch } from './router.tsx';
import { useUser } from './session.tsx';

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

/** A Pemda's time zone, for the times shown: WIB until the list has loaded. */
export function zoneOf(
  list: readonly PemdaSummary[] | null,
  code: string | undefined,
): PemdaSummary['timeZone'] {
  return list?.find((pemda) => pemda.code === code)?.timeZone ?? 'WIB';
}

/**
 * The Pemda a page works on: an administrator's own; for a BPJSTK officer the one in the query
 * string, else the first their branch serves. With the list, for the picker and the time zones.
 */
export function useWorkingPemda() {
  const user = useUser();
  const params = new URLSearchParams(useSearch());
  const list = usePemdaList();
  const fixed = user.scope.pemdaCode !== undefined;
  const code = user.scope.pemdaCode ?? params.get('pemda') ?? user.scope.pemdaCodes?.[0] ?? '';
  return { code, fixed, list, zone: zoneOf(list.data, code) };
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

/** A table that may scroll sideways on a narrow screen, in a region the keyboard can reach. */
export function TableRegion({ label, id, children }: { label: string; id?: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
    <section className="table-wrap" id={id} tabIndex={0} aria-label={label}>
      {children}
    </section>
  );
}

/** A column heading; a numeric column's heading and cells align right (`className="num"` on the cells). */
export type Column = string | { label: string; numeric: true };

/**
 * A data table in its scrollable region: the caption names both (hidden unless `showCaption`),
 * `columns` are the headings, `children` the body rows and `foot` the total rows, if any.
 */
export function DataTable({
  caption,
  testId,
  variant,
  showCaption = false,
  columns,
  foot,
  children,
}: {
  caption: string;
  testId?: string;
  variant?: 'registry' | 'months';
  showCaption?: boolean;
  columns?: readonly Column[];
  foot?: ReactNode;
  children: ReactNode;
}) {
  return (
    <TableRegion label={caption}>
      <table className={variant ? `table table--${variant}` : 'table'} data-testid={testId}>
        <caption className={showCaption ? undefined : 'visually-hidden'}>{caption}</caption>
        {columns && (
          <thead>
            <tr>
              {columns.map((column) =>
                typeof column === 'string' ? (
                  <th key={column} scope="col">
                    {column}
                  </th>
                ) : (
                  <th key={column.label} scope="col" className="num">
                    {column.label}
                  </th>
                ),
              )}
            </tr>
          </thead>
        )}
        <tbody>{children}</tbody>
        {foot && <tfoot>{foot}</tfoot>}
      </table>
    </TableRegion>
  );
}

/** The way back from a record to the list it belongs to. */
export function Breadcrumb({ list, href, current }: { list: string; href: string; current: string }) {
  const { t } = useI18n();
  return (
    <nav className="breadcrumb" aria-label={t.breadcrumbLabel}>
      <ol>
        <li>
          <Link href={href}>{list}</Link>
        </li>
        <li aria-current="page">{current}</li>
      </ol>
    </nav>
  );
}

/** One record of a registry: what kind it is, its name and identifier, then its facts. */
export function RecordView({
  kicker,
  name,
  code,
  children,
}: {
  kicker: string;
  name: string;
  code: string;
  children: ReactNode;
}) {
  const { t } = useI18n();
  const headingId = useId();
  return (
    <>
      <div className="page-head">
        <p className="kicker">{kicker}</p>
        <h1>{name}</h1>
        <p className="code">{code}</p>
      </div>
      <section className="card record__card" aria-labelledby={headingId}>
        <h2 id={headingId}>{t.recordDetails}</h2>
        <dl className="facts facts--columns">{children}</dl>
      </section>
    </>
  );
}

export function Fact({ label, value, code = false }: { label: string; value: string; code?: boolean }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd className={code ? 'code' : undefined}>{value}</dd>
    </div>
  );
}

/** A few large radio buttons, each with a line saying what choosing it means. */
export function ChoiceCards<V extends string>({
  legend,
  name,
  choices,
  value,
  onChange,
}: {
  legend: string;
  name: string;
  choices: readonly { value: V; label: ReactNode; hint: ReactNode }[];
  value: V;
  onChange: (value: V) => void;
}) {
  return (
    <fieldset className="fieldset">
      <legend>{legend}</legend>
      <div className="choice-cards">
        {choices.map((choice) => (
          <label key={choice.value} className="choice-card">
            <input
              type="radio"
              name={name}
              value={choice.value}
              checked={value === choice.value}
              onChange={() => onChange(choice.value)}
            />
            <span>
              <span className="choice-card__label">{choice.label}</span>
              <span className="choice-card__hint">{choice.hint}</span>
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** A form that submits once at a time: busy while its work runs, then the error if it failed. */
export function useSubmit() {
  const [error, setError] = useState<string | null>(null);
  const mutation = useMutation({ mutationFn: (work: () => Promise<void>) => work() });
  async function run(work: () => Promise<void>) {
    setError(null);
    try {
      await mutation.mutateAsync(work);
    } catch (failure) {
      setError((failure as Error).message);
    }
  }
  return { busy: mutation.isPending, error, setError, run };
}

/** A spreadsheet upload: the chosen file, and a submit that asks for one before sending it. */
export function useUpload(send: (file: File) => Promise<void>) {
  const { t } = useI18n();
  const submission = useSubmit();
  const [file, setFile] = useState<File | null>(null);
  function choose(next: File | null) {
    setFile(next);
    submission.setError(null);
  }
  function submit(event: FormEvent) {
    event.preventDefault();
    if (!file) return submission.setError(t.chooseFileFirst);
    void submission.run(() => send(file));
  }
  return { busy: submission.busy, error: submission.error, choose, submit };
}

/** The file types the import readers stream. */
const SPREADSHEET_TYPES =
  '.csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A CSV or XLSX file to upload, with a line saying what it must hold. */
export function SpreadsheetField({
  label,
  hint,
  onChange,
}: {
  label: string;
  hint: string;
  onChange: (file: File | null) => void;
}) {
  const id = useId();
  const hintId = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <span className="hint" id={hintId}>
        {hint}
      </span>
      <input
        id={id}
        name="file"
        type="file"
        accept={SPREADSHEET_TYPES}
        aria-describedby={hintId}
        onChange={(event) => onChange(event.target.files?.[0] ?? null)}
      />
    </div>
  );
}

/** A file offered in both formats, CSV first as the primary button. */
export function DownloadLinks({
  urls,
  csvLabel,
  xlsxLabel,
  children,
}: {
  urls: { csv: string; xlsx: string };
  csvLabel?: ReactNode;
  xlsxLabel?: ReactNode;
  /** Shown before the links, in the same row. */
  children?: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <div className="button-row">
      {children}
      <a className="button" href={urls.csv} download>
        {csvLabel ?? t.downloadCsv}
      </a>
      <a className="button button--secondary" href={urls.xlsx} download>
        {xlsxLabel ?? t.downloadXlsx}
      </a>
    </div>
  );
}

/** The rows an import refused or warned about, as a file to correct and upload again. */
export function ErrorFileLinks({ text, urls }: { text: string; urls: { csv: string; xlsx: string } }) {
  return (
    <div className="import-errors">
      <p>{text}</p>
      <DownloadLinks urls={urls} />
    </div>
  );
}

/** A number from the query string, or the fallback when it is absent or not a positive integer. */
export function pageParam(params: URLSearchParams): number {
  const value = Number(params.get('page'));
  return Number.isInteger(value) && value >= 1 ? value : 1;
}
