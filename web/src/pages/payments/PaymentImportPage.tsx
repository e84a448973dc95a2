import { ErrorFileLinks } from '../../components/forms.tsx';
import { ErrorAlert, LoadState, useLoad } from '../../components/load.tsx';
import { Breadcrumb, Fact } from '../../components/records.tsx';
import { formatCount, formatMoment, formatRupiah } from '../../format.ts';
import { useApi, useDocumentTitle } from '../../hooks.ts';
import { useI18n } from '../../i18n.ts';
import { Link, paths, useSearch } from '../../router.tsx';
import { usePaymentPemda } from './shared.tsx';

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
