import { useId, useState } from 'react';
import type { ArrearsSearch } from '../../api/endpoints.ts';
import type { ArrearsSponsorPage, ArrearsWorkerPage } from '../../api/types.ts';
import { FilterForm, PagedResults, SelectFilter, useListFilters } from '../../components/lists.tsx';
import { LoadState, useLoad } from '../../components/load.tsx';
import { PageHead } from '../../components/page-head.tsx';
import { PemdaPicker, usePemdaList, zoneOf } from '../../components/pemda.tsx';
import { DataTable } from '../../components/tables.tsx';
import { formatCount, formatMoment, formatPeriod, formatRupiah } from '../../format.ts';
import { useApi, useDocumentTitle } from '../../hooks.ts';
import { useI18n } from '../../i18n.ts';
import { Link, navigate, paths } from '../../router.tsx';
import { mayUse, useUser } from '../../session.tsx';

type View = 'sponsors' | 'workers';

interface ArrearsFilters {
  view: View;
  opd: string;
  programme: string;
}

/** `2024-02 2024-03` as "Februari 2024, Maret 2024". */
function monthsText(months: readonly string[], language: 'id' | 'en') {
  return months.map((month) => formatPeriod(month, language)).join(', ');
}

function Totals({ totals }: { totals: ArrearsSponsorPage['totals'] }) {
  const { t, language } = useI18n();
  const figures = [
    ['amount', t.arrTotalAmount, formatRupiah(totals.amount)],
    ['sponsors', t.arrTotalSponsors, formatCount(totals.sponsors, language)],
    ['workers', t.arrTotalWorkers, formatCount(totals.workers, language)],
    ['months', t.arrTotalMonths, formatCount(totals.workerMonths, language)],
  ] as const;
  return (
    <dl className="totals" data-testid="arrears-totals">
      {figures.map(([key, label, value]) => (
        <div key={key} className={`totals__item${key === 'amount' ? ' totals__item--main' : ''}`}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/**
 * Arrears (issue 5, item 4): sponsors or workers whose months are past due and unpaid, by OPD
 * and programme, with the whole list as CSV or XLSX.
 */
export function ArrearsPage() {
  const { t, language } = useI18n();
  const api = useApi();
  const user = useUser();
  useDocumentTitle(t.arrTitle);
  const list = usePemdaList();
  const { filters, fixedPemda, hrefFor } = useListFilters<ArrearsFilters>(
    (params) => ({
      view: params.get('view') === 'workers' ? 'workers' : 'sponsors',
      opd: params.get('opd') ?? '',
      programme: params.get('programme') ?? '',
    }),
    (next) => paths.arrears({ ...next, view: next.view === 'sponsors' ? undefined : next.view }),
    list.data?.[0]?.code,
  );
  const [draft, setDraft] = useState(filters);
  const pemda = filters.pemda;
  const pemdaWide = user.role !== 'opd_head' && user.role !== 'sponsor_org';
  const opds = useLoad(pemdaWide && pemda ? `opds ${pemda} ${language}` : null, async (signal) =>
    pemda ? (await api.opds(pemda, signal)).items : [],
  );
  const programmes = useLoad(
    mayUse(user, 'programmes') && pemda ? `programmes ${pemda} ${language}` : null,
    async (signal) => (pemda ? (await api.programmes(pemda, signal)).items : []),
  );
  const search: ArrearsSearch = {
    pemda,
    opd: filters.opd || undefined,
    programme: filters.programme || undefined,
    page: filters.page,
  };
  const key = `${JSON.stringify(filters)} ${language}`;
  const sponsors = useLoad<ArrearsSponsorPage>(filters.view === 'sponsors' ? key : null, (signal) =>
    api.arrearsSponsors(search, signal),
  );
  const workers = useLoad<ArrearsWorkerPage>(filters.view === 'workers' ? key : null, (signal) =>
    api.arrearsWorkers(search, signal),
  );
  const current = filters.view === 'sponsors' ? sponsors.data : workers.data;
  const query = new URLSearchParams(
    Object.entries({ pemda, opd: search.opd, programme: search.programme }).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string',
    ),
  ).toString();
  const download = (format: 'csv' | 'xlsx') =>
    `/api/v1/arrears/${filters.view}.${format}${query ? `?${query}` : ''}`;

  return (
    <div className="arrears">
      <PageHead title={t.arrTitle} intro={t.arrIntro} />
      {!fixedPemda && list.data && (
        <PemdaPicker
          list={list.data}
          value={pemda}
          allowAll={false}
          hrefFor={(code) => hrefFor({ pemda: code, opd: '', programme: '', page: 1 })}
        />
      )}
      <nav className="button-row" aria-label={t.arrViewLabel}>
        {(['sponsors', 'workers'] as const).map((view) => (
          <Link
            key={view}
            className={view === filters.view ? 'button' : 'button button--secondary'}
            aria-current={view === filters.view ? 'page' : undefined}
            href={hrefFor({ view, page: 1 })}
          >
            {view === 'sponsors' ? t.arrBySponsor : t.arrByWorker}
          </Link>
        ))}
      </nav>
      {((opds.data?.length ?? 0) > 0 || (programmes.data?.length ?? 0) > 0) && (
        <FilterForm onSubmit={() => navigate(hrefFor({ ...draft, view: filters.view, page: 1 }))}>
          {opds.data && opds.data.length > 0 && (
            <SelectFilter
              label={t.arrOpd}
              name="opd"
              allLabel={t.arrAll}
              options={opds.data.map((opd) => ({ value: String(opd.id), label: opd.name }))}
              value={draft.opd}
              onChange={(opd) => setDraft({ ...draft, opd })}
            />
          )}
          {programmes.data && programmes.data.length > 0 && (
            <SelectFilter
              label={t.arrProgramme}
              name="programme"
              allLabel={t.arrAll}
              options={programmes.data.map((programme) => ({
                value: String(programme.id),
                label: programme.name,
              }))}
              value={draft.programme}
              onChange={(programme) => setDraft({ ...draft, programme })}
            />
          )}
        </FilterForm>
      )}
      {current && (
        <>
          <p className="muted">{t.arrAsOf(formatMoment(current.asOf, zoneOf(list.data, pemda), language))}</p>
          <Totals totals={current.totals} />
          <div className="button-row">
            <a className="button button--secondary" href={download('csv')} download>
              {t.arrDownloadCsv}
            </a>
            <a className="button button--secondary" href={download('xlsx')} download>
              {t.arrDownloadXlsx}
            </a>
          </div>
        </>
      )}
      {filters.view === 'sponsors' ? (
        <PagedResults results={sponsors} hrefFor={(page) => hrefFor({ page })}>
          {(items) => (
            <DataTable
              caption={t.arrBySponsor}
              testId="arrears-sponsors"
              variant="registry"
              columns={[
                t.arrColSponsor,
                t.arrColOpd,
                t.arrColProgramme,
                { label: t.arrColWorkers, numeric: true },
                t.arrColMonths,
                { label: t.arrColAmount, numeric: true },
              ]}
            >
              {items.map((row) => (
                <tr key={`${row.sponsor.id} ${row.opd?.id ?? ''} ${row.programme.id}`}>
                  <th scope="row">
                    {row.sponsor.name}
                    {row.sponsor.nip && <span className="table__sub code">{row.sponsor.nip}</span>}
                  </th>
                  <td data-label={t.arrColOpd}>{row.opd?.name ?? '—'}</td>
                  <td data-label={t.arrColProgramme}>{row.programme.name}</td>
                  <td data-label={t.arrColWorkers} className="num">
                    {formatCount(row.workers, language)}
                  </td>
                  <td data-label={t.arrColMonths}>{monthsText(row.months, language)}</td>
                  <td data-label={t.arrColAmount} className="num">
                    {formatRupiah(row.amount)}
                  </td>
                </tr>
              ))}
            </DataTable>
          )}
        </PagedResults>
      ) : (
        <PagedResults results={workers} hrefFor={(page) => hrefFor({ page })}>
          {(items) => <WorkerArrears items={items} masked={workers.data?.nikMasked ?? true} />}
        </PagedResults>
      )}
    </div>
  );
}

function WorkerArrears({ items, masked }: { items: ArrearsWorkerPage['items']; masked: boolean }) {
  const { t, language } = useI18n();
  return (
    <>
      {masked && <p className="muted">{t.arrNikMasked}</p>}
      <DataTable
        caption={t.arrByWorker}
        testId="arrears-workers"
        variant="registry"
        columns={[
          t.arrColWorker,
          t.arrColNik,
          t.arrColSponsor,
          t.arrColProgramme,
          t.arrColMonths,
          { label: t.arrColAmount, numeric: true },
        ]}
      >
        {items.map((row) => (
          <tr key={`${row.nik} ${row.sponsor?.id ?? ''} ${row.programme.id}`}>
            <th scope="row">
              {masked ? row.name : <Link href={paths.workerCoverage(row.nik)}>{row.name}</Link>}
            </th>
            <td data-label={t.arrColNik} className="code nowrap">
              {row.nik}
            </td>
            <td data-label={t.arrColSponsor}>{row.sponsor?.name ?? t.arrSponsorHidden}</td>
            <td data-label={t.arrColProgramme}>{row.programme.name}</td>
            <td data-label={t.arrColMonths}>{monthsText(row.months, language)}</td>
            <td data-label={t.arrColAmount} className="num">
              {formatRupiah(row.amount)}
            </td>
          </tr>
        ))}
      </DataTable>
    </>
  );
}

/** An ASN's own arrears, on their self-service page. */
export function OwnArrearsSection() {
  const { t, language } = useI18n();
  const api = useApi();
  const headingId = useId();
  const load = useLoad(language, (signal) => api.myArrears(signal));
  const data = load.data;
  return (
    <section aria-labelledby={headingId} data-testid="own-arrears">
      <h2 id={headingId}>{t.arrOwnTitle}</h2>
      <LoadState load={load} />
      {data &&
        (data.workers.length === 0 ? (
          <p className="notice notice--info">{t.arrOwnNone}</p>
        ) : (
          <>
            <p className="alert alert--error">
              {t.arrOwnText(formatRupiah(data.totals.amount), data.totals.workerMonths)}
            </p>
            <ul className="card">
              {data.workers.map((row) => (
                <li key={`${row.nik} ${row.programme.id}`}>
                  <span className="strong">{row.name}</span>: {monthsText(row.months, language)} —{' '}
                  {formatRupiah(row.amount)}{' '}
                  <Link href={paths.workerCoverage(row.nik)}>{t.arrSeeCoverage}</Link>
                </li>
              ))}
            </ul>
          </>
        ))}
    </section>
  );
}
