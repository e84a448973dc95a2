import { type FormEvent, useId, useState } from 'react';
import type { WorkerRecord } from '../api.ts';
import {
  ErrorAlert,
  Loading,
  Pagination,
  PemdaPicker,
  pageParam,
  useLoad,
  usePemdaList,
} from '../components.tsx';
import { formatDate } from '../format.ts';
import { useApi, useDocumentTitle } from '../hooks.ts';
import { useI18n } from '../i18n.ts';
import { Link, navigate, paths, useSearch } from '../router.tsx';
import { useUser } from '../session.tsx';
import { Fact } from './AsnPages.tsx';

const PAGE_SIZE = 25;

interface WorkerFilters {
  pemda: string | undefined;
  q: string;
  village: string;
  page: number;
}

export function WorkerListPage() {
  const { t, language } = useI18n();
  const api = useApi();
  const user = useUser();
  useDocumentTitle(t.workersTitle);
  const params = new URLSearchParams(useSearch());
  const fixedPemda = user.scope.pemdaCode;
  const filters: WorkerFilters = {
    pemda: fixedPemda ?? params.get('pemda') ?? undefined,
    q: params.get('q') ?? '',
    village: params.get('wilayah') ?? '',
    page: pageParam(params),
  };
  const hrefFor = (changes: Partial<WorkerFilters>) => {
    const next = { ...filters, ...changes };
    return paths.workerList({
      pemda: fixedPemda ? undefined : next.pemda,
      q: next.q,
      wilayah: next.village,
      page: next.page > 1 ? next.page : undefined,
    });
  };

  const pemdaList = usePemdaList();
  const results = useLoad(`${JSON.stringify(filters)} ${language}`, (signal) =>
    api.searchWorkers(
      {
        pemda: filters.pemda,
        q: filters.q || undefined,
        village: filters.village || undefined,
        page: filters.page,
        pageSize: PAGE_SIZE,
      },
      signal,
    ),
  );

  return (
    <div className="registry">
      <div className="page-head">
        <h1>{t.workersTitle}</h1>
        <p className="lead">{t.workersIntro}</p>
      </div>
      {!fixedPemda && pemdaList.data && (
        <PemdaPicker
          list={pemdaList.data}
          value={filters.pemda}
          allowAll
          hrefFor={(pemda) => hrefFor({ pemda, page: 1 })}
        />
      )}
      <SearchForm
        key={`${filters.q}|${filters.village}`}
        filters={filters}
        onSearch={(changes) => navigate(hrefFor({ ...changes, page: 1 }))}
      />
      {results.status === 'error' && <ErrorAlert message={results.message} />}
      {results.status === 'loading' && !results.data && <Loading />}
      {results.data && (
        <section aria-busy={results.status === 'loading'} aria-label={t.resultsLabel}>
          {results.data.items.length === 0 ? (
            <p className="muted" role="status">
              {t.noResults}
            </p>
          ) : (
            <WorkerTable items={results.data.items} />
          )}
          <Pagination
            page={results.data.page}
            pageSize={results.data.pageSize}
            total={results.data.total}
            hrefFor={(page) => hrefFor({ page })}
          />
        </section>
      )}
    </div>
  );
}

function SearchForm({
  filters,
  onSearch,
}: {
  filters: WorkerFilters;
  onSearch: (changes: Partial<WorkerFilters>) => void;
}) {
  const { t } = useI18n();
  const qId = useId();
  const villageId = useId();
  const villageHintId = useId();
  const [q, setQ] = useState(filters.q);
  const [village, setVillage] = useState(filters.village);

  function submit(event: FormEvent) {
    event.preventDefault();
    onSearch({ q: q.trim(), village: village.trim() });
  }

  return (
    <form className="card search-form" onSubmit={submit} aria-label={t.filtersLabel}>
      <div className="field search-form__query">
        <label htmlFor={qId}>{t.workerSearchLabel}</label>
        <input
          id={qId}
          type="search"
          name="q"
          value={q}
          autoComplete="off"
          spellCheck={false}
          placeholder={t.workerSearchPlaceholder}
          onChange={(event) => setQ(event.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={villageId}>{t.regionFilterLabel}</label>
        <span className="hint" id={villageHintId}>
          {t.regionFilterHint}
        </span>
        <input
          id={villageId}
          name="wilayah"
          value={village}
          inputMode="decimal"
          autoComplete="off"
          spellCheck={false}
          placeholder="35.02.01"
          aria-describedby={villageHintId}
          onChange={(event) => setVillage(event.target.value)}
        />
      </div>
      <div className="search-form__actions">
        <button type="submit" className="button">
          {t.searchButton}
        </button>
      </div>
    </form>
  );
}

function WorkerTable({ items }: { items: WorkerRecord[] }) {
  const { t, language } = useI18n();
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
    <section className="table-wrap" tabIndex={0} aria-label={t.workersTableCaption}>
      <table className="table table--registry" data-testid="worker-table">
        <caption className="visually-hidden">{t.workersTableCaption}</caption>
        <thead>
          <tr>
            <th scope="col">{t.colNik}</th>
            <th scope="col">{t.colName}</th>
            <th scope="col">{t.colBirthDate}</th>
            <th scope="col">{t.colSex}</th>
            <th scope="col">{t.colOccupation}</th>
            <th scope="col">{t.colVillage}</th>
            <th scope="col" className="num">
              {t.colDecile}
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((worker) => {
            // A masked NIK names no record: those who see it masked read the row, not the page.
            const href = worker.nikMasked ? null : paths.worker(worker.nik);
            return (
              <tr
                key={worker.nik + worker.name + worker.birthDate}
                className={href ? 'is-clickable' : undefined}
                onClick={href ? () => navigate(href) : undefined}
              >
                <td className="code nowrap" data-label={t.colNik}>
                  {worker.nik}
                </td>
                <th scope="row">{href ? <Link href={href}>{worker.name}</Link> : worker.name}</th>
                <td className="nowrap" data-label={t.colBirthDate}>
                  {formatDate(worker.birthDate, language)}
                </td>
                <td data-label={t.colSex}>{t.sex[worker.sex]}</td>
                <td data-label={t.colOccupation}>{worker.occupation ?? '—'}</td>
                <td data-label={t.colVillage}>{worker.village?.name ?? '—'}</td>
                <td className="num" data-label={t.colDecile}>
                  {worker.welfareDecile ?? '—'}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

export function WorkerRecordPage({ nik }: { nik: string }) {
  const { t, language } = useI18n();
  const api = useApi();
  const record = useLoad(`${nik} ${language}`, (signal) => api.worker(nik, signal));
  const worker = record.data;
  useDocumentTitle(worker?.name ?? t.workersTitle);
  const headingId = useId();

  return (
    <div className="record">
      <nav className="breadcrumb" aria-label={t.breadcrumbLabel}>
        <ol>
          <li>
            <Link href={paths.workerList()}>{t.workersTitle}</Link>
          </li>
          <li aria-current="page">{worker?.name ?? t.workerKicker}</li>
        </ol>
      </nav>
      {record.status === 'error' && <ErrorAlert message={record.message} />}
      {record.status === 'loading' && !worker && <Loading />}
      {worker && (
        <>
          <div className="page-head">
            <p className="kicker">{t.workerKicker}</p>
            <h1>{worker.name}</h1>
            <p className="code">{worker.nik}</p>
          </div>
          <section className="card record__card" aria-labelledby={headingId}>
            <h2 id={headingId}>{t.recordDetails}</h2>
            <dl className="facts facts--columns">
              <Fact label={t.colNik} value={worker.nik} code />
              <Fact label={t.colBirthDate} value={formatDate(worker.birthDate, language)} />
              <Fact label={t.colSex} value={t.sex[worker.sex] ?? worker.sex} />
              <Fact label={t.colOccupation} value={worker.occupation ?? '—'} />
              <Fact label={t.colSector} value={worker.sector ?? '—'} />
              <Fact
                label={t.colVillage}
                value={worker.village ? `${worker.village.name} (${worker.village.code})` : '—'}
              />
              <Fact label={t.colPhone} value={worker.phone ?? '—'} />
              <Fact
                label={t.colDecile}
                value={worker.welfareDecile === null ? '—' : String(worker.welfareDecile)}
              />
              <Fact label={t.colKpj} value={worker.kpj ?? t.notEnrolled} />
              <Fact label={t.colRegisteredBy} value={worker.pemdaCodes.join(', ') || '—'} />
            </dl>
          </section>
        </>
      )}
    </div>
  );
}
