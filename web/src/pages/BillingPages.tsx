import { type FormEvent, useId, useState } from 'react';
import type { BillDetail, BillingRunResult, BillPage as BillPageData } from '../api/types.ts';
import {
  Breadcrumb,
  DataTable,
  ErrorAlert,
  Fact,
  FilterForm,
  LoadState,
  PagedResults,
  PemdaPicker,
  RecordView,
  SelectFilter,
  useListFilters,
  useLoad,
  usePemdaList,
  useSubmit,
  zoneOf,
} from '../components.tsx';
import { formatCount, formatMoment, formatPeriod, formatRupiah, thisMonth } from '../format.ts';
import { useApi, useDocumentTitle } from '../hooks.ts';
import { useI18n } from '../i18n.ts';
import { Link, navigate, paths } from '../router.tsx';
import { mayUse, useUser } from '../session.tsx';

const DOCUMENTS = ['payroll_deduction', 'invoice', 'payment_order'] as const;

/** Billing runs of one Pemda, and for its administrator the form that bills a month. */
export function BillingRunsPage() {
  const { t, language } = useI18n();
  const api = useApi();
  const user = useUser();
  useDocumentTitle(t.billRunsTitle);
  const list = usePemdaList();
  const { filters, fixedPemda, hrefFor } = useListFilters(
    () => ({}),
    (next) => paths.billingRuns({ pemda: next.pemda }),
    list.data?.[0]?.code,
  );
  const pemda = filters.pemda;
  const zone = zoneOf(list.data, pemda);
  const [result, setResult] = useState<BillingRunResult | null>(null);
  const runs = useLoad(pemda ? `${pemda} ${language} ${result?.runs[0]?.id ?? ''}` : null, async (signal) =>
    pemda ? (await api.billingRuns(pemda, signal)).items : [],
  );

  return (
    <div className="billing">
      <div className="page-head">
        <h1>{t.billRunsTitle}</h1>
        <p className="lead">{t.billRunsIntro}</p>
      </div>
      {!fixedPemda && list.data && (
        <PemdaPicker
          list={list.data}
          value={pemda}
          allowAll={false}
          hrefFor={(code) => hrefFor({ pemda: code })}
        />
      )}
      {pemda && user.role === 'pemda_admin' && <RunForm pemda={pemda} onDone={setResult} />}
      {result && (
        <section className="notice notice--info" role="status" data-testid="billing-result">
          <h2>{t.billRunDone}</h2>
          <p>{result.message}</p>
          <p>
            <Link href={paths.bills({ period: result.period })}>{t.billSeeBills}</Link>
          </p>
        </section>
      )}
      <section aria-labelledby="billing-runs">
        <h2 id="billing-runs">{t.billRunsRecent}</h2>
        <LoadState load={runs} />
        {runs.data &&
          (runs.data.length === 0 ? (
            <p className="muted">{t.billRunsNone}</p>
          ) : (
            <DataTable
              caption={t.billRunsRecent}
              columns={[
                t.billColPeriod,
                t.billColStarted,
                { label: t.billColContributions, numeric: true },
                { label: t.billColBills, numeric: true },
                { label: t.billColTotal, numeric: true },
                t.billColBy,
              ]}
            >
              {runs.data.map((run) => (
                <tr key={run.id}>
                  <th scope="row">
                    <Link href={paths.bills({ period: run.period, pemda: fixedPemda ? undefined : pemda })}>
                      {formatPeriod(run.period, language)}
                    </Link>
                  </th>
                  <td className="nowrap">{formatMoment(run.startedAt, zone, language)}</td>
                  <td className="num">{formatCount(run.contributionsAdded, language)}</td>
                  <td className="num">{formatCount(run.billsAdded, language)}</td>
                  <td className="num">{formatRupiah(run.totalBilled)}</td>
                  <td>{run.createdBy ?? t.billBySystem}</td>
                </tr>
              ))}
            </DataTable>
          ))}
      </section>
    </div>
  );
}

function RunForm({ pemda, onDone }: { pemda: string; onDone: (result: BillingRunResult) => void }) {
  const { t } = useI18n();
  const api = useApi();
  const fieldId = useId();
  const hintId = useId();
  const [period, setPeriod] = useState(thisMonth());
  const { busy, error, run } = useSubmit();

  function submit(event: FormEvent) {
    event.preventDefault();
    void run(async () => onDone(await api.runBilling(pemda, period)));
  }

  return (
    <form className="card billing-form" onSubmit={submit} aria-label={t.billRunFormTitle}>
      <h2>{t.billRunFormTitle}</h2>
      <div className="field">
        <label htmlFor={fieldId}>{t.billRunPeriod}</label>
        <span className="hint" id={hintId}>
          {t.billRunPeriodHint}
        </span>
        <input
          id={fieldId}
          name="period"
          type="month"
          value={period}
          aria-describedby={hintId}
          onChange={(event) => setPeriod(event.target.value)}
        />
      </div>
      {error && <ErrorAlert message={error} />}
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? t.billRunBusy : t.billRunButton}
        </button>
      </div>
    </form>
  );
}

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
      <div className="page-head">
        <h1>{t.billsTitle}</h1>
        <p className="lead">{t.billsIntro}</p>
      </div>
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

/** One bill as issued: its facts, its files and its lines. */
export function BillPage({ id }: { id: string }) {
  const { t, language } = useI18n();
  const api = useApi();
  const load = useLoad<BillDetail>(`${id} ${language}`, (signal) => api.bill(id, signal));
  const bill = load.data;
  useDocumentTitle(bill ? bill.reference : t.billsTitle);
  return (
    <div className="bill">
      <Breadcrumb
        list={t.billsTitle}
        href={paths.bills(bill ? { period: bill.period } : {})}
        current={bill?.reference ?? id}
      />
      <LoadState load={load} />
      {bill && (
        <>
          <RecordView
            kicker={t.billKicker(
              t.billDocument[bill.document] ?? bill.document,
              formatPeriod(bill.period, language),
            )}
            name={bill.payer.name}
            code={bill.reference}
          >
            <Fact label={t.billFactPeriod} value={formatPeriod(bill.period, language)} />
            <Fact label={t.billFactDue} value={formatMoment(bill.dueAt, bill.timeZone, language)} />
            <Fact label={t.billFactLines} value={formatCount(bill.memberCount, language)} />
            <Fact label={t.billFactBilled} value={formatRupiah(bill.billedAmount)} />
            <Fact label={t.billFactWords} value={bill.amountInWords} />
            <Fact label={t.billFactPaid} value={formatRupiah(bill.paidAmount)} />
            <Fact label={t.billFactReconciled} value={formatRupiah(bill.reconciledAmount)} />
            <Fact label={t.billFactIssued} value={formatMoment(bill.issuedAt, bill.timeZone, language)} />
          </RecordView>
          <section className="card" aria-labelledby="bill-downloads">
            <h2 id="bill-downloads">{t.billDownloads}</h2>
            <div className="button-row">
              <a className="button" href={bill.downloads.pdf} download>
                {t.billDownloadPdf}
              </a>
              {bill.downloads.csv && (
                <a className="button button--secondary" href={bill.downloads.csv} download>
                  {t.billDownloadCsv}
                </a>
              )}
              {bill.downloads.xlsx && (
                <a className="button button--secondary" href={bill.downloads.xlsx} download>
                  {t.billDownloadXlsx}
                </a>
              )}
            </div>
          </section>
          <section aria-labelledby="bill-lines">
            <h2 id="bill-lines">{t.billLinesTitle}</h2>
            {bill.nikMasked && <p className="muted">{t.billNikMasked}</p>}
            <DataTable
              caption={t.billLinesCaption}
              columns={[
                t.billColWorker,
                t.billColNik,
                t.billColMonth,
                t.billColSponsor,
                { label: 'JKK', numeric: true },
                { label: 'JKM', numeric: true },
                { label: 'JHT', numeric: true },
                { label: t.billColAmount, numeric: true },
              ]}
            >
              {bill.lines.map((line) => (
                <tr key={line.id}>
                  <th scope="row">
                    {line.workerName}
                    {line.kind === 'adjustment' && <span className="table__sub">{t.billAdjustment}</span>}
                  </th>
                  <td className="code nowrap">{line.nik}</td>
                  <td className="nowrap">{formatPeriod(line.period, language)}</td>
                  <td>
                    {line.sponsorName}
                    {line.sponsorNip && <span className="table__sub code">{line.sponsorNip}</span>}
                  </td>
                  <td className="num">{formatRupiah(line.jkk)}</td>
                  <td className="num">{formatRupiah(line.jkm)}</td>
                  <td className="num">{formatRupiah(line.jht)}</td>
                  <td className="num">{formatRupiah(line.amount)}</td>
                </tr>
              ))}
            </DataTable>
          </section>
        </>
      )}
    </div>
  );
}
