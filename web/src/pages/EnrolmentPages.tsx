import { type FormEvent, useId, useState } from 'react';
import { GROUP_ACCOUNT_LABELS } from '../../../src/core/group-accounts.ts';
import type { EnrolmentBatch, EnrolmentResponse } from '../api/types.ts';
import {
  Breadcrumb,
  type Column,
  DataTable,
  DownloadLinks,
  ErrorAlert,
  ErrorFileLinks,
  LoadState,
  PemdaPicker,
  SpreadsheetField,
  useLoad,
  useSubmit,
  useUpload,
  useWorkingPemda,
  zoneOf,
} from '../components.tsx';
import { formatCount, formatMoment } from '../format.ts';
import { useApi, useDocumentTitle } from '../hooks.ts';
import { type Dictionary, useI18n } from '../i18n.ts';
import { Link, navigate, paths, useSearch } from '../router.tsx';

const BATCH_COUNTS = ['members', 'pending', 'enrolled', 'active', 'rejected', 'activeElsewhere'] as const;
const RESPONSE_COUNTS = [
  'read',
  'active',
  'enrolled',
  'rejected',
  'activeElsewhere',
  'unchanged',
  'errors',
  'warnings',
] as const;

/**
 * The Pemda the page works for: an administrator's own; for a BPJSTK officer the one chosen in
 * the query string, else the first their branch serves. With its zone, for the times shown.
 */
function useEnrolmentPemda() {
  const pemda = useWorkingPemda();
  /** The list of a record's Pemda: an officer goes back to the Pemda the record belongs to. */
  const listHref = (pemdaCode: string) => paths.enrolment(pemda.fixed ? undefined : { pemda: pemdaCode });
  return { ...pemda, zoneOf: (pemdaCode: string) => zoneOf(pemda.list.data, pemdaCode), listHref };
}

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
      <div className="page-head">
        <h1>{t.enrolTitle}</h1>
        <p className="lead">{t.enrolIntro}</p>
      </div>
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

type LineCounts = Pick<
  EnrolmentBatch,
  'members' | 'pending' | 'enrolled' | 'active' | 'rejected' | 'activeElsewhere'
>;

/**
 * The last columns of the batch and group tables. Registered counts a line whether or not its
 * membership has started yet; refused counts the workers somebody else already pays for too.
 */
function lineCountColumns(t: Dictionary): Column[] {
  return [
    { label: t.enrolColLines, numeric: true },
    // enrolCounts is a Record so that Totals can index it by field; this key is always there.
    { label: t.enrolCounts.pending!, numeric: true },
    { label: t.enrolColRegistered, numeric: true },
    { label: t.enrolColRefused, numeric: true },
  ];
}

function LineCountCells({ counts }: { counts: LineCounts }) {
  const { language } = useI18n();
  const count = (value: number) => formatCount(value, language);
  return (
    <>
      <td className="num">{count(counts.members)}</td>
      <td className="num">{count(counts.pending)}</td>
      <td className="num">{count(counts.enrolled + counts.active)}</td>
      <td className="num">{count(counts.rejected + counts.activeElsewhere)}</td>
    </>
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

/** Counts as the totals boxes show them; a non-zero count that needs attention stands out. */
function Totals<K extends string>({
  fields,
  values,
  alert,
  testId,
}: {
  fields: readonly K[];
  values: Record<K, number>;
  alert: readonly K[];
  testId: string;
}) {
  const { t, language } = useI18n();
  return (
    <dl className="totals" data-testid={testId}>
      {fields.map((field) => (
        <div
          key={field}
          className={`totals__item${alert.includes(field) && values[field] > 0 ? ' totals__item--alert' : ''}`}
          data-testid={`${testId}-${field}`}
        >
          <dt>{t.enrolCounts[field]}</dt>
          <dd>{formatCount(values[field], language)}</dd>
        </div>
      ))}
    </dl>
  );
}

export function EnrolmentBatchPage({ id }: { id: string }) {
  const { t, language } = useI18n();
  const api = useApi();
  const pemda = useEnrolmentPemda();
  const [closed, setClosed] = useState<EnrolmentBatch | null>(null);
  const load = useLoad(`${id} ${language}`, (signal) => api.enrolmentBatch(id, signal));
  const batch = closed ?? load.data;
  useDocumentTitle(batch?.reference ?? t.enrolBatchKicker);
  const zone = pemda.zoneOf(batch?.pemdaCode ?? pemda.code);
  const back = pemda.listHref(batch?.pemdaCode ?? pemda.code);

  return (
    <div className="import-job">
      <Breadcrumb list={t.enrolTitle} href={back} current={batch?.reference ?? t.enrolBatchKicker} />
      <LoadState load={load} />
      {batch && (
        <>
          <div className="page-head">
            <p className="kicker">{t.enrolBatchKicker}</p>
            <h1 className="code">{batch.reference}</h1>
            <p className="muted">
              {t.enrolBatchCreated(formatMoment(batch.createdAt, zone, language))} ·{' '}
              {batch.firstSentAt
                ? t.enrolBatchSent(formatMoment(batch.firstSentAt, zone, language))
                : t.enrolBatchNotSent}
            </p>
          </div>
          <section className="card import-job__card" aria-labelledby="batch-status">
            <h2 id="batch-status">{t.enrolBatchStatus[batch.status]}</h2>
            {batch.closeReason && <p className="notice">{t.enrolClosedBecause(batch.closeReason)}</p>}
            <Totals
              fields={BATCH_COUNTS}
              values={batch}
              alert={['rejected', 'activeElsewhere']}
              testId="batch"
            />
          </section>
          <section className="card import-job__card" aria-labelledby="batch-download">
            <h2 id="batch-download">{t.enrolDownloadTitle}</h2>
            <p>{t.enrolDownloadText}</p>
            <DownloadLinks
              urls={batch.fileUrls}
              csvLabel={t.enrolDownloadCsv}
              xlsxLabel={t.enrolDownloadXlsx}
            />
          </section>
          <section aria-labelledby="batch-groups">
            <h2 id="batch-groups">{t.enrolGroupsTitle}</h2>
            <DataTable
              caption={t.enrolGroupsTitle}
              columns={[t.enrolColGroupType, t.enrolColHolder, ...lineCountColumns(t)]}
            >
              {batch.groups.map((group) => (
                <tr key={`${group.groupAccountType ?? ''} ${group.holder}`}>
                  <td>
                    {group.groupAccountType && <span className="code">{group.groupAccountType} </span>}
                    <span className="table__sub">
                      {GROUP_ACCOUNT_LABELS[group.groupAccountType ?? 'individual'][language]}
                    </span>
                  </td>
                  <th scope="row">{group.holder}</th>
                  <LineCountCells counts={group} />
                </tr>
              ))}
            </DataTable>
          </section>
          {batch.status === 'open' && <CloseBatch id={id} onClosed={setClosed} />}
        </>
      )}
    </div>
  );
}

function CloseBatch({ id, onClosed }: { id: string; onClosed: (batch: EnrolmentBatch) => void }) {
  const { t } = useI18n();
  const api = useApi();
  const reasonId = useId();
  const [reason, setReason] = useState('');
  const { busy, error, run } = useSubmit();

  function submit(event: FormEvent) {
    event.preventDefault();
    void run(async () => onClosed(await api.closeEnrolmentBatch(id, reason)));
  }

  return (
    <form className="card import-job__card" onSubmit={submit} aria-labelledby="close-batch">
      <h2 id="close-batch">{t.enrolCloseTitle}</h2>
      <p>{t.enrolCloseText}</p>
      <div className="field">
        <label htmlFor={reasonId}>{t.enrolCloseReason}</label>
        <input
          id={reasonId}
          value={reason}
          maxLength={500}
          onChange={(event) => setReason(event.target.value)}
        />
      </div>
      {error && <ErrorAlert message={error} />}
      <div className="form-actions">
        <button type="submit" className="button button--secondary" disabled={busy}>
          {t.enrolCloseButton}
        </button>
      </div>
    </form>
  );
}

export function EnrolmentResponsePage({ id }: { id: string }) {
  const { t, language } = useI18n();
  const api = useApi();
  const pemda = useEnrolmentPemda();
  const repeated = new URLSearchParams(useSearch()).get('ulang') === '1';
  const load = useLoad(`${id} ${language}`, (signal) => api.enrolmentResponse(id, signal));
  const response = load.data;
  const title = response?.fileName ?? t.enrolResponseKicker;
  useDocumentTitle(title);
  const back = pemda.listHref(response?.pemdaCode ?? pemda.code);

  return (
    <div className="import-job">
      <Breadcrumb list={t.enrolTitle} href={back} current={title} />
      <LoadState load={load} />
      {response && (
        <>
          <div className="page-head">
            <p className="kicker">{t.enrolResponseKicker}</p>
            <h1>{title}</h1>
            <p className="muted">
              {t.enrolResponseImported(
                formatMoment(response.createdAt, pemda.zoneOf(response.pemdaCode), language),
              )}
            </p>
          </div>
          {repeated && (
            <p className="notice" role="status">
              {t.enrolDuplicate}
            </p>
          )}
          <section className="card import-job__card" aria-labelledby="response-summary">
            <h2 id="response-summary">{t.enrolSummaryTitle}</h2>
            <Totals fields={RESPONSE_COUNTS} values={response.counts} alert={['errors']} testId="response" />
            {response.errorFileUrls ? (
              <ErrorFileLinks
                text={t.enrolErrorFileText(response.counts.errors, response.counts.warnings)}
                urls={response.errorFileUrls}
              />
            ) : (
              <p className="notice notice--info">{t.enrolNoErrors}</p>
            )}
          </section>
          <p>
            <Link href={back} className="button button--secondary">
              {t.enrolBackToList}
            </Link>
          </p>
        </>
      )}
    </div>
  );
}
