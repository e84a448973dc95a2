import { useState } from 'react';
import type { RoiView } from '../../api/types.ts';
import { FilterForm, useListFilters } from '../../components/lists.tsx';
import { LoadState, useLoad } from '../../components/load.tsx';
import { PageHead } from '../../components/page-head.tsx';
import { PemdaPicker, usePemdaList } from '../../components/pemda.tsx';
import { Breadcrumb } from '../../components/records.tsx';
import { DataTable } from '../../components/tables.tsx';
import { formatCount, formatRupiah } from '../../format.ts';
import { useApi, useDocumentTitle } from '../../hooks.ts';
import { useI18n } from '../../i18n.ts';
import { navigate, paths } from '../../router.tsx';
import { Field } from './shared.tsx';

interface RoiFilters {
  from: string;
  to: string;
}

/** Contributions paid against benefits paid, by funding source and programme (issue 5, item 5). */
export function RoiPage() {
  const { t, language } = useI18n();
  const api = useApi();
  useDocumentTitle(t.roiTitle);
  const list = usePemdaList();
  const { filters, fixedPemda, hrefFor } = useListFilters<RoiFilters>(
    (params) => ({ from: params.get('from') ?? '', to: params.get('to') ?? '' }),
    (next) => paths.roi({ ...next, page: undefined }),
    list.data?.[0]?.code,
  );
  const [draft, setDraft] = useState(filters);
  const pemda = filters.pemda;
  const load = useLoad<RoiView>(
    pemda ? `${pemda} ${filters.from} ${filters.to} ${language}` : null,
    (signal) =>
      api.roi(
        pemda!,
        { ...(filters.from ? { from: filters.from } : {}), ...(filters.to ? { to: filters.to } : {}) },
        signal,
      ),
  );
  const roi = load.data;
  const ratio = (value: number | null) =>
    value === null ? '—' : new Intl.NumberFormat(language === 'en' ? 'en-GB' : 'id-ID').format(value);

  return (
    <div className="roi">
      <Breadcrumb list={t.clmTitle} href={paths.claims()} current={t.roiTitle} />
      <PageHead title={t.roiTitle} intro={t.roiIntro} />
      {!fixedPemda && list.data && (
        <PemdaPicker
          list={list.data}
          value={pemda}
          allowAll={false}
          hrefFor={(code) => hrefFor({ pemda: code })}
        />
      )}
      <FilterForm onSubmit={() => navigate(hrefFor(draft))}>
        <Field
          label={t.roiFrom}
          type="month"
          name="from"
          value={draft.from}
          onChange={(from) => setDraft({ ...draft, from })}
        />
        <Field
          label={t.roiTo}
          type="month"
          name="to"
          value={draft.to}
          onChange={(to) => setDraft({ ...draft, to })}
        />
      </FilterForm>
      <LoadState load={load} />
      {roi && (
        <>
          <p className="notice notice--info" data-testid="roi-summary">
            {roi.summary}
          </p>
          <DataTable
            caption={t.roiCaption}
            testId="roi-table"
            variant="registry"
            columns={[
              t.roiColProgramme,
              t.roiColFunding,
              { label: t.roiColContributions, numeric: true },
              { label: t.roiColWorkers, numeric: true },
              { label: t.roiColBenefits, numeric: true },
              { label: t.roiColClaims, numeric: true },
              { label: t.roiColRatio, numeric: true },
            ]}
          >
            {[...roi.rows, { ...roi.totals, fundingSource: null, programme: null, total: true }].map(
              (row) => (
                <tr key={'total' in row ? 'total' : `${row.fundingSource} ${row.programme?.id ?? ''}`}>
                  <th scope="row">{'total' in row ? t.roiTotal : (row.programme?.name ?? t.roiNoFunding)}</th>
                  <td data-label={t.roiColFunding}>
                    {row.fundingSource ? (t.funding[row.fundingSource] ?? row.fundingSource) : '—'}
                  </td>
                  <td data-label={t.roiColContributions} className="num">
                    {formatRupiah(row.contributionsPaid)}
                  </td>
                  <td data-label={t.roiColWorkers} className="num">
                    {formatCount(row.workers, language)}
                  </td>
                  <td data-label={t.roiColBenefits} className="num">
                    {formatRupiah(row.benefitsPaid)}
                  </td>
                  <td data-label={t.roiColClaims} className="num">
                    {formatCount(row.claimsPaid, language)}
                  </td>
                  <td data-label={t.roiColRatio} className="num">
                    {ratio(row.ratio)}
                  </td>
                </tr>
              ),
            )}
          </DataTable>
        </>
      )}
    </div>
  );
}
