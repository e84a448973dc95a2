import { useState } from 'react';
import type { ClaimPage as ClaimPageData } from '../../api/types.ts';
import { FilterForm, PagedResults, SelectFilter, useListFilters } from '../../components/lists.tsx';
import { useLoad } from '../../components/load.tsx';
import { PageHead } from '../../components/page-head.tsx';
import { PemdaPicker, usePemdaList } from '../../components/pemda.tsx';
import { DataTable } from '../../components/tables.tsx';
import { formatDate, formatRupiah } from '../../format.ts';
import { useApi, useDocumentTitle } from '../../hooks.ts';
import { useI18n } from '../../i18n.ts';
import { Link, navigate, paths } from '../../router.tsx';
import { mayUse, useUser } from '../../session.tsx';
import { TYPES } from './shared.tsx';

const STATUSES = ['registered', 'eligible', 'refused', 'approved', 'paid'] as const;

interface ClaimFilters {
  status: string;
  type: string;
}

/** Claims of a Pemda, newest first, with the way to register one and to the ROI. */
export function ClaimsPage() {
  const { t, language } = useI18n();
  const api = useApi();
  const user = useUser();
  useDocumentTitle(t.clmTitle);
  const list = usePemdaList();
  const { filters, fixedPemda, hrefFor } = useListFilters<ClaimFilters>(
    (params) => ({ status: params.get('status') ?? '', type: params.get('type') ?? '' }),
    (next) => paths.claims(next),
    list.data?.[0]?.code,
  );
  const [draft, setDraft] = useState(filters);
  const results = useLoad<ClaimPageData>(`${JSON.stringify(filters)} ${language}`, (signal) =>
    api.claims(
      {
        pemda: filters.pemda,
        status: filters.status || undefined,
        type: filters.type || undefined,
        page: filters.page,
      },
      signal,
    ),
  );

  return (
    <div className="claims">
      <PageHead title={t.clmTitle} intro={t.clmIntro} />
      <div className="button-row">
        {mayUse(user, 'claimRegister') && (
          <Link className="button button--primary" href={paths.claimNew()}>
            {t.clmNew}
          </Link>
        )}
        <Link
          className="button button--secondary"
          href={paths.roi({ pemda: fixedPemda ? undefined : filters.pemda })}
        >
          {t.clmRoiLink}
        </Link>
      </div>
      {!fixedPemda && list.data && (
        <PemdaPicker
          list={list.data}
          value={filters.pemda}
          allowAll={false}
          hrefFor={(code) => hrefFor({ pemda: code, page: 1 })}
        />
      )}
      <FilterForm onSubmit={() => navigate(hrefFor({ ...draft, page: 1 }))}>
        <SelectFilter
          label={t.clmFilterStatus}
          name="status"
          allLabel={t.clmAll}
          options={STATUSES.map((status) => ({ value: status, label: t.clmStatus[status] }))}
          value={draft.status}
          onChange={(status) => setDraft({ ...draft, status })}
        />
        <SelectFilter
          label={t.clmFilterType}
          name="type"
          allLabel={t.clmAll}
          options={TYPES.map((type) => ({ value: type, label: t.clmType[type] }))}
          value={draft.type}
          onChange={(type) => setDraft({ ...draft, type })}
        />
      </FilterForm>
      <PagedResults results={results} hrefFor={(page) => hrefFor({ page })}>
        {(items) => (
          <DataTable
            caption={t.clmTableCaption}
            testId="claims-table"
            variant="registry"
            columns={[
              t.clmColWorker,
              t.clmColId,
              t.clmColBenefit,
              t.clmColIncident,
              t.clmColStatus,
              { label: t.clmColAmount, numeric: true },
            ]}
          >
            {items.map((claim) => (
              <tr key={claim.id}>
                <th scope="row">
                  <Link href={paths.claim(claim.id)}>{claim.workerName}</Link>
                </th>
                <td data-label={t.clmColId} className="code">
                  #{claim.id}
                </td>
                <td data-label={t.clmColBenefit}>{claim.benefitLabel}</td>
                <td data-label={t.clmColIncident} className="nowrap">
                  {formatDate(claim.incidentDate, language)}
                </td>
                <td data-label={t.clmColStatus}>{t.clmStatus[claim.status]}</td>
                <td data-label={t.clmColAmount} className="num">
                  {claim.benefitAmount === null ? '—' : formatRupiah(claim.benefitAmount)}
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </PagedResults>
    </div>
  );
}
