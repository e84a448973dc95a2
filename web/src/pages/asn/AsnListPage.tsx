import { useId, useState } from 'react';
import type { AsnRecord } from '../../api/types.ts';
import { FilterForm, PagedResults, TextFilter, useListFilters } from '../../components/lists.tsx';
import { useLoad } from '../../components/load.tsx';
import { PageHead } from '../../components/page-head.tsx';
import { PemdaPicker, usePemdaList } from '../../components/pemda.tsx';
import { DataTable } from '../../components/tables.tsx';
import { formatRupiah } from '../../format.ts';
import { useApi, useDocumentTitle } from '../../hooks.ts';
import { useI18n } from '../../i18n.ts';
import { Link, navigate, paths } from '../../router.tsx';

const PAGE_SIZE = 25;

const STATUSES = ['active', 'inactive', 'all'] as const;

interface AsnFilters {
  pemda: string | undefined;
  q: string;
  opd: string;
  status: string;
  page: number;
}

export function AsnListPage() {
  const { t, language } = useI18n();
  const api = useApi();
  useDocumentTitle(t.asnTitle);
  const { filters, fixedPemda, hrefFor } = useListFilters(
    (params) => ({
      q: params.get('q') ?? '',
      opd: params.get('opd') ?? '',
      status: params.get('status') ?? 'active',
    }),
    (next) =>
      paths.asnList({
        pemda: next.pemda,
        q: next.q,
        opd: next.opd,
        status: next.status === 'active' ? undefined : next.status,
        page: next.page,
      }),
  );

  const pemdaList = usePemdaList();
  const opds = useLoad(filters.pemda ? `${filters.pemda} ${language}` : null, async (signal) =>
    filters.pemda ? (await api.opds(filters.pemda, signal)).items : [],
  );
  const results = useLoad(`${JSON.stringify(filters)} ${language}`, (signal) =>
    api.searchAsn(
      {
        pemda: filters.pemda,
        q: filters.q || undefined,
        opd: filters.opd || undefined,
        status: filters.status,
        page: filters.page,
        pageSize: PAGE_SIZE,
      },
      signal,
    ),
  );
  const opdChoices = filters.pemda && opds.data && opds.data.length > 1 ? opds.data : null;

  return (
    <div className="registry">
      <PageHead title={t.asnTitle} intro={t.asnIntro} />
      {!fixedPemda && pemdaList.data && (
        <PemdaPicker
          list={pemdaList.data}
          value={filters.pemda}
          allowAll
          hrefFor={(pemda) => hrefFor({ pemda, opd: '', page: 1 })}
        />
      )}
      <SearchForm
        // A new URL (back button, a link) starts the form from what that URL asks for.
        key={`${filters.q}|${filters.opd}|${filters.status}`}
        filters={filters}
        opds={opdChoices}
        onSearch={(changes) => navigate(hrefFor({ ...changes, page: 1 }))}
      />
      <PagedResults results={results} hrefFor={(page) => hrefFor({ page })}>
        {(items) => <AsnTable items={items} />}
      </PagedResults>
    </div>
  );
}

function SearchForm({
  filters,
  opds,
  onSearch,
}: {
  filters: AsnFilters;
  opds: { id: number; name: string }[] | null;
  onSearch: (changes: Partial<AsnFilters>) => void;
}) {
  const { t } = useI18n();
  const opdId = useId();
  const statusId = useId();
  const [q, setQ] = useState(filters.q);
  const [opd, setOpd] = useState(filters.opd);
  const [status, setStatus] = useState(filters.status);

  return (
    <FilterForm onSubmit={() => onSearch({ q: q.trim(), opd, status })}>
      <TextFilter
        main
        label={t.asnSearchLabel}
        type="search"
        name="q"
        value={q}
        placeholder={t.asnSearchPlaceholder}
        onChange={setQ}
      />
      {opds && (
        <div className="field">
          <label htmlFor={opdId}>{t.opdLabel}</label>
          <select id={opdId} value={opd} onChange={(event) => setOpd(event.target.value)}>
            <option value="">{t.allOpd}</option>
            {opds.map((item) => (
              <option key={item.id} value={String(item.id)}>
                {item.name}
              </option>
            ))}
          </select>
        </div>
      )}
      <div className="field">
        <label htmlFor={statusId}>{t.statusLabel}</label>
        <select id={statusId} value={status} onChange={(event) => setStatus(event.target.value)}>
          {STATUSES.map((value) => (
            <option key={value} value={value}>
              {t.asnStatus[value]}
            </option>
          ))}
        </select>
      </div>
    </FilterForm>
  );
}

function AsnTable({ items }: { items: AsnRecord[] }) {
  const { t } = useI18n();
  return (
    <DataTable
      caption={t.asnTableCaption}
      testId="asn-table"
      variant="registry"
      columns={[
        t.colNip,
        t.colName,
        t.colOpd,
        t.colEmploymentType,
        t.colRank,
        t.colEchelon,
        { label: t.colBaseSalary, numeric: true },
        t.colStatus,
      ]}
    >
      {items.map((asn) => (
        // The name is the row's link; the whole row answers a click for a pointer's sake.
        <tr key={asn.nip} className="is-clickable" onClick={() => navigate(paths.asn(asn.nip))}>
          <td className="code nowrap" data-label={t.colNip}>
            {asn.nip}
          </td>
          <th scope="row">
            <Link href={paths.asn(asn.nip)}>{asn.name}</Link>
          </th>
          <td data-label={t.colOpd}>{asn.opd.name}</td>
          <td data-label={t.colEmploymentType}>{t.employmentType[asn.employmentType]}</td>
          <td data-label={t.colRank}>{asn.rank ?? '—'}</td>
          <td data-label={t.colEchelon}>{asn.echelon ?? t.noEchelon}</td>
          <td className="num" data-label={t.colBaseSalary}>
            {formatRupiah(asn.baseSalary)}
          </td>
          <td data-label={t.colStatus}>{asn.active ? t.active : t.inactive}</td>
        </tr>
      ))}
    </DataTable>
  );
}
