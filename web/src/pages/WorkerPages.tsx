import { useState } from 'react';
import type { WorkerRecord } from '../api/types.ts';
import {
  Breadcrumb,
  DataTable,
  Fact,
  FilterForm,
  LoadState,
  PagedResults,
  PemdaPicker,
  RecordView,
  TextFilter,
  useListFilters,
  useLoad,
  usePemdaList,
} from '../components.tsx';
import { formatDate } from '../format.ts';
import { useApi, useDocumentTitle } from '../hooks.ts';
import { useI18n } from '../i18n.ts';
import { Link, navigate, paths } from '../router.tsx';
import { CoverageLink } from './CoveragePages.tsx';

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
  useDocumentTitle(t.workersTitle);
  const { filters, fixedPemda, hrefFor } = useListFilters(
    (params) => ({ q: params.get('q') ?? '', village: params.get('wilayah') ?? '' }),
    (next) => paths.workerList({ pemda: next.pemda, q: next.q, wilayah: next.village, page: next.page }),
  );

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
      <PagedResults results={results} hrefFor={(page) => hrefFor({ page })}>
        {(items) => <WorkerTable items={items} />}
      </PagedResults>
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
  const [q, setQ] = useState(filters.q);
  const [village, setVillage] = useState(filters.village);

  return (
    <FilterForm onSubmit={() => onSearch({ q: q.trim(), village: village.trim() })}>
      <TextFilter
        main
        label={t.workerSearchLabel}
        type="search"
        name="q"
        value={q}
        placeholder={t.workerSearchPlaceholder}
        onChange={setQ}
      />
      <TextFilter
        label={t.regionFilterLabel}
        hint={t.regionFilterHint}
        name="wilayah"
        value={village}
        inputMode="decimal"
        placeholder="35.02.01"
        onChange={setVillage}
      />
    </FilterForm>
  );
}

function WorkerTable({ items }: { items: WorkerRecord[] }) {
  const { t, language } = useI18n();
  return (
    <DataTable
      caption={t.workersTableCaption}
      testId="worker-table"
      variant="registry"
      columns={[
        t.colNik,
        t.colName,
        t.colBirthDate,
        t.colSex,
        t.colOccupation,
        t.colVillage,
        { label: t.colDecile, numeric: true },
      ]}
    >
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
    </DataTable>
  );
}

export function WorkerRecordPage({ nik }: { nik: string }) {
  const { t, language } = useI18n();
  const api = useApi();
  const record = useLoad(`${nik} ${language}`, (signal) => api.worker(nik, signal));
  const worker = record.data;
  useDocumentTitle(worker?.name ?? t.workersTitle);

  return (
    <div className="record">
      <Breadcrumb list={t.workersTitle} href={paths.workerList()} current={worker?.name ?? t.workerKicker} />
      <LoadState load={record} />
      {worker && (
        <RecordView kicker={t.workerKicker} name={worker.name} code={worker.nik}>
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
        </RecordView>
      )}
      {worker && !worker.nikMasked && <CoverageLink nik={worker.nik} />}
    </div>
  );
}
