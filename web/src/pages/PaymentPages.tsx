import { type FormEvent, useId, useState } from 'react';
import { PAYMENT_COLUMNS, PAYMENT_KINDS } from '../../../src/core/payment-files.ts';
import type { PaymentImport, PaymentKind, UnmatchedPaymentLine } from '../api/types.ts';
import {
  Breadcrumb,
  ChoiceCards,
  DataTable,
  ErrorAlert,
  ErrorFileLinks,
  Fact,
  LoadState,
  PagedResults,
  PemdaPicker,
  pageParam,
  SpreadsheetField,
  TextFilter,
  useLoad,
  useUpload,
  useWorkingPemda,
} from '../components.tsx';
import { formatCount, formatMoment, formatPeriod, formatRupiah } from '../format.ts';
import { useApi, useDocumentTitle } from '../hooks.ts';
import { useI18n } from '../i18n.ts';
import { Link, navigate, paths, useSearch } from '../router.tsx';

const COUNTS = [
  'lines',
  'matched',
  'partial',
  'over',
  'unmatched',
  'repeated',
  'rejected',
  'nothingPaid',
] as const;
const AMOUNTS = ['amountTotal', 'amountAllocated', 'amountCredit', 'amountUnmatched'] as const;
const QUEUE_PAGE_SIZE = 20;

/**
 * The Pemda whose payments the page shows: an administrator's own; for a BPJSTK officer the one
 * in the query string, else the first their branch serves. With its zone, for times.
 */
function usePaymentPemda() {
  const pemda = useWorkingPemda();
  /** Links keep an officer's choice of Pemda; an administrator's needs none. */
  const query = (extra: Record<string, string | number | undefined> = {}) => ({
    ...(pemda.fixed ? {} : { pemda: pemda.code }),
    ...extra,
  });
  return { ...pemda, query };
}

export function PaymentsPage() {
  const { t, language } = useI18n();
  const api = useApi();
  useDocumentTitle(t.payTitle);
  const pemda = usePaymentPemda();
  const key = pemda.code ? `${pemda.code} ${language}` : null;
  const recent = useLoad(key, async (signal) => (await api.paymentImports(pemda.code, signal)).items);
  const queue = useLoad(key, (signal) => api.unmatchedPayments({ pemda: pemda.code, pageSize: 1 }, signal));

  return (
    <div className="payments">
      <div className="page-head">
        <h1>{t.payTitle}</h1>
        <p className="lead">{t.payIntro}</p>
      </div>
      {!pemda.fixed && pemda.list.data && (
        <PemdaPicker
          list={pemda.list.data}
          value={pemda.code}
          hrefFor={(code) => paths.payments({ pemda: code })}
          allowAll={false}
        />
      )}
      {queue.data && (
        <p>
          <Link className="button button--secondary" href={paths.paymentsUnmatched(pemda.query())}>
            {t.payQueueLink(formatCount(queue.data.total, language))}
          </Link>
        </p>
      )}
      <div className="imports__layout">
        <UploadForm pemdaCode={pemda.code} />
        <section className="card format-help" aria-labelledby="payment-columns">
          <h2 id="payment-columns">{t.payColumnsLabel}</h2>
          {PAYMENT_KINDS.map((kind) => (
            <div key={kind} className="format-help__kind">
              <h3>{t.payKind[kind]}</h3>
              <p className="code format-help__header">{PAYMENT_COLUMNS[kind].join(',')}</p>
            </div>
          ))}
          <p className="fine-print">{t.payFileHint}</p>
        </section>
      </div>
      <section aria-labelledby="payment-imports">
        <h2 id="payment-imports">{t.payRecentTitle}</h2>
        <LoadState load={recent} />
        {recent.data &&
          (recent.data.length === 0 ? (
            <p className="muted">{t.payNoImports}</p>
          ) : (
            <RecentImports imports={recent.data} zone={pemda.zone} />
          ))}
      </section>
    </div>
  );
}

function UploadForm({ pemdaCode }: { pemdaCode: string }) {
  const { t } = useI18n();
  const api = useApi();
  const [kind, setKind] = useState<PaymentKind>('payroll');
  const upload = useUpload(async (file) => {
    const result = await api.importPayments(pemdaCode, kind, file);
    navigate(paths.paymentImport(result.import.id, result.alreadyImported ? { sudah: 1 } : undefined));
  });

  return (
    <form className="card import-form" onSubmit={upload.submit} noValidate aria-label={t.payUploadTitle}>
      <h2>{t.payUploadTitle}</h2>
      <ChoiceCards
        legend={t.payKindLegend}
        name="kind"
        choices={PAYMENT_KINDS.map((value) => ({
          value,
          label: t.payKind[value],
          hint: t.payKindHint[value],
        }))}
        value={kind}
        onChange={setKind}
      />
      <SpreadsheetField label={t.fileLabel} hint={t.payFileHint} onChange={upload.choose} />
      {upload.error && <ErrorAlert message={upload.error} />}
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={upload.busy}>
          {upload.busy ? t.payUploading : t.payUploadButton}
        </button>
      </div>
    </form>
  );
}

function RecentImports({ imports, zone }: { imports: PaymentImport[]; zone: 'WIB' | 'WITA' | 'WIT' }) {
  const { t, language } = useI18n();
  return (
    <DataTable
      caption={t.payRecentTitle}
      columns={[
        t.colStarted,
        t.colKind,
        t.colFile,
        t.colStatus,
        { label: t.payColLines, numeric: true },
        { label: t.payColAmount, numeric: true },
        { label: t.payColUnmatched, numeric: true },
      ]}
    >
      {imports.map((item) => (
        <tr key={item.id}>
          <td className="nowrap">{formatMoment(item.createdAt, zone, language)}</td>
          <td>{t.payKind[item.kind]}</td>
          <th scope="row">
            <Link href={paths.paymentImport(item.id)}>{item.fileName ?? t.payImportKicker}</Link>
          </th>
          <td>{t.payStatus[item.status]}</td>
          <td className="num">{item.summary ? formatCount(item.summary.lines, language) : '—'}</td>
          <td className="num nowrap">{item.summary ? formatRupiah(item.summary.amountTotal) : '—'}</td>
          <td className="num">{item.summary ? formatCount(item.summary.unmatched, language) : '—'}</td>
        </tr>
      ))}
    </DataTable>
  );
}

/** One import: what it recorded, in lines and in rupiah, and where its problems are. */
export function PaymentImportPage({ id }: { id: string }) {
  const { t, language } = useI18n();
  const api = useApi();
  const pemda = usePaymentPemda();
  const already = new URLSearchParams(useSearch()).has('sudah');
  const load = useLoad(`${id} ${language}`, (signal) => api.paymentImport(id, signal));
  const item = load.data;
  useDocumentTitle(item?.fileName ?? t.payImportKicker);
  const back = paths.payments(item && !pemda.fixed ? { pemda: item.pemdaCode } : undefined);

  return (
    <div className="import-job">
      <Breadcrumb list={t.payTitle} href={back} current={item?.fileName ?? t.payImportKicker} />
      <LoadState load={load} />
      {item && (
        <>
          <div className="page-head">
            <p className="kicker">{t.payKind[item.kind]}</p>
            <h1>{item.fileName ?? t.payImportKicker}</h1>
            <p className="muted">
              {t.importStartedAt(formatMoment(item.createdAt, pemda.zone, language))}
              {item.finishedAt &&
                ` · ${t.importFinishedAt(formatMoment(item.finishedAt, pemda.zone, language))}`}
            </p>
          </div>
          {already && (
            <p className="notice notice--info" role="status">
              {t.payAlreadyImported}
            </p>
          )}
          <section className="card import-job__card" aria-labelledby="payment-status">
            <h2 id="payment-status">{t.payStatus[item.status]}</h2>
            {item.error && <ErrorAlert message={item.error} />}
            {item.summary && (
              <>
                <dl className="totals import-summary" data-testid="payment-summary">
                  {COUNTS.map((field) => (
                    <div
                      key={field}
                      className={`totals__item${field === 'unmatched' && item.summary!.unmatched > 0 ? ' totals__item--alert' : ''}`}
                      data-testid={`payment-${field}`}
                    >
                      <dt>{t.payCounts[field]}</dt>
                      <dd>{formatCount(item.summary![field], language)}</dd>
                    </div>
                  ))}
                </dl>
                <h3>{t.payAmountsTitle}</h3>
                <dl className="facts facts--columns">
                  {AMOUNTS.map((field) => (
                    <Fact
                      key={field}
                      label={t.payAmounts[field]!}
                      value={formatRupiah(item.summary![field])}
                    />
                  ))}
                </dl>
              </>
            )}
            {item.stillUnmatched !== null && item.stillUnmatched > 0 && (
              <p>
                {t.payStillUnmatched(formatCount(item.stillUnmatched, language))}{' '}
                <Link href={paths.paymentsUnmatched(pemda.fixed ? undefined : { pemda: item.pemdaCode })}>
                  {t.payOpenQueue}
                </Link>
              </p>
            )}
            {item.errorFileUrls && <ErrorFileLinks text={t.payErrorFileText} urls={item.errorFileUrls} />}
          </section>
          <p>
            <Link href={back} className="button button--secondary">
              {t.payAnother}
            </Link>
          </p>
        </>
      )}
    </div>
  );
}

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
      <div className="page-head">
        <h1>{t.payQueueTitle}</h1>
        <p className="lead">{t.payQueueIntro}</p>
      </div>
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
