import { type FormEvent, useId, useState } from 'react';
import type { UnmatchedPaymentLine } from '../../api/types.ts';
import { ChoiceCards } from '../../components/forms.tsx';
import { PagedResults, pageParam, TextFilter } from '../../components/lists.tsx';
import { ErrorAlert, useLoad } from '../../components/load.tsx';
import { PageHead } from '../../components/page-head.tsx';
import { PemdaPicker } from '../../components/pemda.tsx';
import { Breadcrumb, Fact } from '../../components/records.tsx';
import { formatMoment, formatPeriod, formatRupiah } from '../../format.ts';
import { useApi, useDocumentTitle } from '../../hooks.ts';
import { useI18n } from '../../i18n.ts';
import { paths, useSearch } from '../../router.tsx';
import { usePaymentPemda } from './shared.tsx';

const QUEUE_PAGE_SIZE = 20;

/** The queue of a Pemda's unmatched lines, each with the form that resolves it. */
export function UnmatchedPaymentsPage() {
  const { t, language } = useI18n();
  const api = useApi();
  useDocumentTitle(t.payQueueTitle);
  const pemda = usePaymentPemda();
  const page = pageParam(new URLSearchParams(useSearch()));
  // A resolved line keeps its card, with what became of it, until the queue is opened again.
  const results = useLoad(pemda.code ? `${pemda.code} ${page} ${language}` : null, (signal) =>
    api.unmatchedPayments({ pemda: pemda.code, page, pageSize: QUEUE_PAGE_SIZE }, signal),
  );

  return (
    <div className="payments-queue">
      <Breadcrumb list={t.payTitle} href={paths.payments(pemda.query())} current={t.payQueueTitle} />
      <PageHead title={t.payQueueTitle} intro={t.payQueueIntro} />
      {!pemda.fixed && pemda.list.data && (
        <PemdaPicker
          list={pemda.list.data}
          value={pemda.code}
          hrefFor={(code) => paths.paymentsUnmatched({ pemda: code })}
          allowAll={false}
        />
      )}
      {results.data?.total === 0 ? (
        <p className="notice notice--info" role="status">
          {t.payQueueEmpty}
        </p>
      ) : (
        <PagedResults
          results={results}
          hrefFor={(next) => paths.paymentsUnmatched(pemda.query({ page: next > 1 ? next : undefined }))}
        >
          {(lines) => (
            <div data-testid="unmatched-lines" style={{ display: 'grid', gap: '1rem' }}>
              {lines.map((line) => (
                <UnmatchedLineCard key={line.id} line={line} zone={pemda.zone} />
              ))}
            </div>
          )}
        </PagedResults>
      )}
    </div>
  );
}

type Action = 'bill' | 'contribution' | 'not_ours';

function UnmatchedLineCard({ line, zone }: { line: UnmatchedPaymentLine; zone: 'WIB' | 'WITA' | 'WIT' }) {
  const { t, language } = useI18n();
  const api = useApi();
  const headingId = useId();
  const reasonId = useId();
  const [open, setOpen] = useState(false);
  const [action, setAction] = useState<Action>('bill');
  const [target, setTarget] = useState('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const named = line.reference ?? line.vaNumber ?? line.nip ?? line.nik ?? line.kpj ?? line.bankTransactionId;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const resolved = await api.resolvePayment(
        line.id,
        action === 'not_ours'
          ? { action: 'not_ours', reason }
          : action === 'bill'
            ? { action: 'assign', reference: target, reason }
            : { action: 'assign', contributionId: Number(target), reason },
      );
      setDone(
        `${t.payResolved[resolved.status]} ${t.payResolvedDetail(formatRupiah(resolved.allocated), formatRupiah(resolved.credit))}`,
      );
    } catch (failure) {
      setError((failure as Error).message);
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby={headingId} data-testid={`unmatched-${line.id}`}>
      <h2 id={headingId}>
        {formatRupiah(line.amount)} <span className="muted">· {t.payKind[line.kind]}</span>
      </h2>
      <dl className="facts facts--columns">
        <Fact label={t.payPaidAt} value={formatMoment(line.paidAt, zone, language)} />
        {named && <Fact label={t.payIdentifies} value={named} code />}
        {line.period && <Fact label={t.colPeriod} value={formatPeriod(line.period, language)} />}
        {line.description && <Fact label={t.payDescription} value={line.description} />}
        <Fact label={t.colFile} value={t.payRow(line.fileName ?? '—', line.rowNumber)} />
        <Fact label={t.payReason} value={line.reason} />
      </dl>
      {done ? (
        <p className="notice notice--info" role="status">
          {done}
        </p>
      ) : !open ? (
        <button type="button" className="button" onClick={() => setOpen(true)}>
          {t.payResolve}
        </button>
      ) : (
        <form onSubmit={submit} aria-label={t.payResolve}>
          <ChoiceCards
            legend={t.payResolveLegend}
            name={`action-${line.id}`}
            choices={[
              { value: 'bill' as const, label: t.payActionBill, hint: t.payActionBillHint },
              {
                value: 'contribution' as const,
                label: t.payActionContribution,
                hint: t.payActionContributionHint,
              },
              { value: 'not_ours' as const, label: t.payActionNotOurs, hint: t.payActionNotOursHint },
            ]}
            value={action}
            onChange={setAction}
          />
          {action !== 'not_ours' && (
            <TextFilter
              label={action === 'bill' ? t.payReferenceLabel : t.payContributionLabel}
              {...(action === 'bill' ? { hint: t.payReferenceHint } : {})}
              name="target"
              inputMode={action === 'bill' ? 'text' : 'numeric'}
              value={target}
              onChange={setTarget}
            />
          )}
          <div className="field">
            <label htmlFor={reasonId}>{t.payResolveReasonLabel}</label>
            <textarea
              id={reasonId}
              name="reason"
              rows={2}
              value={reason}
              onChange={(event) => setReason(event.target.value)}
            />
          </div>
          {error && <ErrorAlert message={error} />}
          <div className="form-actions button-row">
            <button type="submit" className="button button--primary" disabled={busy}>
              {busy ? t.payResolving : t.payResolveSubmit}
            </button>
            <button type="button" className="button button--secondary" onClick={() => setOpen(false)}>
              {t.payCancel}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
