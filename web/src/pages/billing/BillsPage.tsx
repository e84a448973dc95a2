import { useState } from 'react';
import type { BillPage as BillPageData } from '../../api/types.ts';
import { FilterForm, PagedResults, SelectFilter, useListFilters } from '../../components/lists.tsx';
import { useLoad } from '../../components/load.tsx';
import { PageHead } from '../../components/page-head.tsx';
import { PemdaPicker, usePemdaList, zoneOf } from '../../components/pemda.tsx';
import { DataTable } from '../../components/tables.tsx';
import { formatCount, formatMoment, formatRupiah, thisMonth } from '../../format.ts';
import { useApi, useDocumentTitle } from '../../hooks.ts';
import { useI18n } from '../../i18n.ts';
import { Link, navigate, paths } from '../../router.tsx';
import { mayUse, useUser } from '../../session.tsx';

const DOCUMENTS = ['payroll_deduction', 'invoice', 'payment_order'] as const;

interface BillFilters {
  period: string;
  document: string;
  opd: string;
}

/** The bills of a month: every payer's, or only those the caller pays or heads. */
export function BillsPage() {
  const { t, language } = useI18n();
  const api = useApi();
  const user = useUser();
  useDocumentTitle(t.billsTitle);
  const list = usePemdaList();
  const pemdaWide = mayUse(user, 'billingRuns');
  const { filters, fixedPemda, hrefFor } = useListFilters<BillFilters>(
    (params) => ({
      period: params.get('period') ?? thisMonth(),
      document: params.get('document') ?? '',
      opd: params.get('opd') ?? '',
    }),
    (next) => paths.bills(next),
    pemdaWide ? list.data?.[0]?.code : undefined,
  );
  const [draft, setDraft] = useState(filters);
  const zone = zoneOf(list.data, filters.pemda);
  const opds = useLoad(pemdaWide && filters.pemda ? `${filters.pemda} ${language}` : null, async (signal) =>
    filters.pemda ? (await api.opds(filters.pemda, signal)).items : [],
  );
  const key = `${JSON.stringify(filters)} ${language}`;
  const results = useLoad<BillPageData>(key, (signal) =>
    api.bills(
      {
        pemda: filters.pemda,
        period: filters.period || undefined,
        document: filters.document || undefined,
        opd: filters.opd || undefined,
        page: filters.page,
      },
      signal,
    ),
  );

  return (
    <div className="bills">
      <PageHead title={t.billsTitle} intro={t.billsIntro} />
      {pemdaWide && !fixedPemda && list.data && (
        <PemdaPicker
          list={list.data}
          value={filters.pemda}
          allowAll={false}
          hrefFor={(code) => hrefFor({ pemda: code, page: 1 })}
        />
      )}
      <FilterForm onSubmit={() => navigate(hrefFor({ ...draft, page: 1 }))}>
        <div className="field">
          <label htmlFor="bill-period">{t.billFilterPeriod}</label>
          <input
            id="bill-period"
            name="period"
            type="month"
            value={draft.period}
            onChange={(event) => setDraft({ ...draft, period: event.target.value })}
          />
        </div>
        <SelectFilter
          label={t.billFilterDocument}
          name="document"
          allLabel={t.billFilterAll}
          options={DOCUMENTS.map((document) => ({ value: document, label: t.billDocument[document] }))}
          value={draft.document}
          onChange={(document) => setDraft({ ...draft, document })}
        />
        {opds.data && opds.data.length > 0 && (
          <SelectFilter
            label={t.billFilterOpd}
            name="opd"
            allLabel={t.billFilterAll}
            options={opds.data.map((opd) => ({ value: String(opd.id), label: opd.name }))}
            value={draft.opd}
            onChange={(opd) => setDraft({ ...draft, opd })}
          />
        )}
      </FilterForm>
      {results.data && (
        <p className="muted" data-testid="bill-totals">
          {t.billsTotals(
            formatCount(results.data.total, language),
            formatRupiah(results.data.totals.billedAmount),
            formatRupiah(results.data.totals.paidAmount),
          )}
        </p>
      )}
      <PagedResults results={results} hrefFor={(page) => hrefFor({ page })}>
        {(items) => (
          <DataTable
            caption={t.billsTableCaption}
            columns={[
              t.billColReference,
              t.billColPayer,
              t.billColDocument,
              { label: t.billColLines, numeric: true },
              { label: t.billColBilled, numeric: true },
              { label: t.billColPaid, numeric: true },
              t.billColDue,
            ]}
          >
            {items.map((bill) => (
              <tr key={bill.id}>
                <th scope="row" className="code">
                  <Link href={paths.bill(bill.id)}>{bill.reference}</Link>
                </th>
                <td>{bill.payer.name}</td>
                <td>{t.billDocument[bill.document]}</td>
                <td className="num">{formatCount(bill.memberCount, language)}</td>
                <td className="num">{formatRupiah(bill.billedAmount)}</td>
                <td className="num">{formatRupiah(bill.paidAmount)}</td>
                <td className="nowrap">{formatMoment(bill.dueAt, zone, language)}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </PagedResults>
    </div>
  );
}
