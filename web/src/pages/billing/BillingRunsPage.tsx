import { type FormEvent, useId, useState } from 'react';
import type { BillingRunResult } from '../../api/types.ts';
import { useSubmit } from '../../components/forms.tsx';
import { useListFilters } from '../../components/lists.tsx';
import { ErrorAlert, LoadState, useLoad } from '../../components/load.tsx';
import { PageHead } from '../../components/page-head.tsx';
import { PemdaPicker, usePemdaList, zoneOf } from '../../components/pemda.tsx';
import { DataTable } from '../../components/tables.tsx';
import { formatCount, formatMoment, formatPeriod, formatRupiah, thisMonth } from '../../format.ts';
import { useApi, useDocumentTitle } from '../../hooks.ts';
import { useI18n } from '../../i18n.ts';
import { Link, paths } from '../../router.tsx';
import { useUser } from '../../session.tsx';

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
      <PageHead title={t.billRunsTitle} intro={t.billRunsIntro} />
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
