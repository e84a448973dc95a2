import { useState } from 'react';
import type { WorkerRecord } from '../../api/types.ts';
import { FilterForm, PagedResults, TextFilter, useListFilters } from '../../components/lists.tsx';
import { useLoad } from '../../components/load.tsx';
import { PageHead } from '../../components/page-head.tsx';
import { PemdaPicker, usePemdaList } from '../../components/pemda.tsx';
import { DataTable } from '../../components/tables.tsx';
import { formatDate } from '../../format.ts';
import { useApi, useDocumentTitle } from '../../hooks.ts';
import { useI18n } from '../../i18n.ts';
import { Link, navigate, paths } from '../../router.tsx';

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
      <PageHead title={t.workersTitle} intro={t.workersIntro} />
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
