import { useState } from 'react';
import { PAYMENT_COLUMNS, PAYMENT_KINDS } from '../../../../src/core/payment-files.ts';
import type { PaymentImport, PaymentKind } from '../../api/types.ts';
import { ChoiceCards, SpreadsheetField, useUpload } from '../../components/forms.tsx';
import { ErrorAlert, LoadState, useLoad } from '../../components/load.tsx';
import { PageHead } from '../../components/page-head.tsx';
import { PemdaPicker } from '../../components/pemda.tsx';
import { DataTable } from '../../components/tables.tsx';
import { formatCount, formatMoment, formatRupiah } from '../../format.ts';
import { useApi, useDocumentTitle } from '../../hooks.ts';
import { useI18n } from '../../i18n.ts';
import { Link, navigate, paths } from '../../router.tsx';
import { usePaymentPemda } from './shared.tsx';

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
      <PageHead title={t.payTitle} intro={t.payIntro} />
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
