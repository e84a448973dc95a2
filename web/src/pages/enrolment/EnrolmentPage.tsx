import type { EnrolmentBatch, EnrolmentResponse } from '../../api/types.ts';
import { SpreadsheetField, useSubmit, useUpload } from '../../components/forms.tsx';
import { ErrorAlert, LoadState, useLoad } from '../../components/load.tsx';
import { PageHead } from '../../components/page-head.tsx';
import { PemdaPicker } from '../../components/pemda.tsx';
import { DataTable } from '../../components/tables.tsx';
import { formatCount, formatMoment } from '../../format.ts';
import { useApi, useDocumentTitle } from '../../hooks.ts';
import { useI18n } from '../../i18n.ts';
import { Link, navigate, paths } from '../../router.tsx';
import { LineCountCells, lineCountColumns, useEnrolmentPemda } from './shared.tsx';

export function EnrolmentPage() {
  const { t, language } = useI18n();
  const api = useApi();
  useDocumentTitle(t.enrolTitle);
  const pemda = useEnrolmentPemda();
  const key = pemda.code ? `${pemda.code} ${language}` : null;
  const batches = useLoad(key, async (signal) => (await api.enrolmentBatches(pemda.code, signal)).items);
  const responses = useLoad(key, async (signal) => (await api.enrolmentResponses(pemda.code, signal)).items);

  return (
    <div className="enrolment">
      <PageHead title={t.enrolTitle} intro={t.enrolIntro} />
      {!pemda.fixed && pemda.list.data && (
        <PemdaPicker
          list={pemda.list.data}
          value={pemda.code}
          hrefFor={(code) => paths.enrolment({ pemda: code })}
          allowAll={false}
        />
      )}
      <div className="imports__layout">
        <NewBatch pemdaCode={pemda.code} />
        <ResponseUpload pemdaCode={pemda.code} />
      </div>
      <section aria-labelledby="enrolment-batches">
        <h2 id="enrolment-batches">{t.enrolBatchesTitle}</h2>
        <LoadState load={batches} />
        {batches.data &&
          (batches.data.length === 0 ? (
            <p className="muted">{t.enrolNoBatches}</p>
          ) : (
            <BatchTable batches={batches.data} zone={pemda.zone} />
          ))}
      </section>
      <section aria-labelledby="enrolment-responses">
        <h2 id="enrolment-responses">{t.enrolResponsesTitle}</h2>
        <LoadState load={responses} />
        {responses.data &&
          (responses.data.length === 0 ? (
            <p className="muted">{t.enrolNoResponses}</p>
          ) : (
            <ResponseTable responses={responses.data} zone={pemda.zone} />
          ))}
      </section>
    </div>
  );
}

function NewBatch({ pemdaCode }: { pemdaCode: string }) {
  const { t } = useI18n();
  const api = useApi();
  const { busy, error, run } = useSubmit();
  const create = () =>
    run(async () => {
      const batch = await api.createEnrolmentBatch(pemdaCode);
      navigate(paths.enrolmentBatch(batch.id));
    });

  return (
    <section className="card" aria-labelledby="new-batch">
      <h2 id="new-batch">{t.enrolNewBatchTitle}</h2>
      <p>{t.enrolNewBatchText}</p>
      {error && <ErrorAlert message={error} />}
      <div className="form-actions">
        <button
          type="button"
          className="button button--primary"
          disabled={busy || !pemdaCode}
          onClick={create}
        >
          {busy ? t.enrolCreating : t.enrolNewBatchButton}
        </button>
      </div>
    </section>
  );
}

function ResponseUpload({ pemdaCode }: { pemdaCode: string }) {
  const { t } = useI18n();
  const api = useApi();
  const upload = useUpload(async (file) => {
    const response = await api.uploadEnrolmentResponse(pemdaCode, file);
    navigate(paths.enrolmentResponse(response.id, response.duplicate ? { ulang: 1 } : undefined));
  });

  return (
    <form className="card import-form" onSubmit={upload.submit} noValidate aria-labelledby="response-upload">
      <h2 id="response-upload">{t.enrolUploadTitle}</h2>
      <SpreadsheetField label={t.fileLabel} hint={t.enrolUploadText} onChange={upload.choose} />
      {upload.error && <ErrorAlert message={upload.error} />}
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={upload.busy || !pemdaCode}>
          {upload.busy ? t.uploading : t.enrolUploadButton}
        </button>
      </div>
    </form>
  );
}

function BatchTable({ batches, zone }: { batches: EnrolmentBatch[]; zone: 'WIB' | 'WITA' | 'WIT' }) {
  const { t, language } = useI18n();
  return (
    <DataTable
      caption={t.enrolBatchesTitle}
      columns={[t.enrolColReference, t.enrolColCreated, t.colStatus, ...lineCountColumns(t)]}
    >
      {batches.map((batch) => (
        <tr key={batch.id}>
          <th scope="row" className="nowrap">
            <Link href={paths.enrolmentBatch(batch.id)}>{batch.reference}</Link>
          </th>
          <td className="nowrap">{formatMoment(batch.createdAt, zone, language)}</td>
          <td>{t.enrolBatchStatus[batch.status]}</td>
          <LineCountCells counts={batch} />
        </tr>
      ))}
    </DataTable>
  );
}

function ResponseTable({
  responses,
  zone,
}: {
  responses: EnrolmentResponse[];
  zone: 'WIB' | 'WITA' | 'WIT';
}) {
  const { t, language } = useI18n();
  const count = (value: number) => formatCount(value, language);
  return (
    <DataTable
      caption={t.enrolResponsesTitle}
      columns={[
        t.colFile,
        t.enrolColImported,
        { label: t.enrolColApplied, numeric: true },
        // A key enrolCounts always has (typed as a Record for Totals).
        { label: t.enrolCounts.unchanged!, numeric: true },
        { label: t.enrolColErrors, numeric: true },
      ]}
    >
      {responses.map((response) => {
        const { counts } = response;
        return (
          <tr key={response.id}>
            <th scope="row">
              <Link href={paths.enrolmentResponse(response.id)}>
                {response.fileName ?? `#${response.id}`}
              </Link>
            </th>
            <td className="nowrap">{formatMoment(response.createdAt, zone, language)}</td>
            <td className="num">
              {count(counts.enrolled + counts.active + counts.rejected + counts.activeElsewhere)}
            </td>
            <td className="num">{count(counts.unchanged)}</td>
            <td className="num">{count(counts.errors)}</td>
          </tr>
        );
      })}
    </DataTable>
  );
}
