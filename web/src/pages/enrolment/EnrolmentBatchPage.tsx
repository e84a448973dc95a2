import { type FormEvent, useId, useState } from 'react';
import { GROUP_ACCOUNT_LABELS } from '../../../../src/core/group-accounts.ts';
import type { EnrolmentBatch } from '../../api/types.ts';
import { DownloadLinks, useSubmit } from '../../components/forms.tsx';
import { ErrorAlert, LoadState, useLoad } from '../../components/load.tsx';
import { Breadcrumb } from '../../components/records.tsx';
import { DataTable } from '../../components/tables.tsx';
import { formatMoment } from '../../format.ts';
import { useApi, useDocumentTitle } from '../../hooks.ts';
import { useI18n } from '../../i18n.ts';
import { LineCountCells, lineCountColumns, Totals, useEnrolmentPemda } from './shared.tsx';

const BATCH_COUNTS = ['members', 'pending', 'enrolled', 'active', 'rejected', 'activeElsewhere'] as const;

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
