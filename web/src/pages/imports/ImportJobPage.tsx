import { useEffect, useId, useRef, useState } from 'react';
import { isAbort } from '../../api/client.ts';
import type { ImportJob, ImportSummary } from '../../api/types.ts';
import { ErrorFileLinks } from '../../components/forms.tsx';
import { ErrorAlert, LoadState } from '../../components/load.tsx';
import { Breadcrumb } from '../../components/records.tsx';
import { formatCount, formatMoment } from '../../format.ts';
import { useApi, useDocumentTitle } from '../../hooks.ts';
import { useI18n } from '../../i18n.ts';
import { Link, paths } from '../../router.tsx';
import { useOwnPemda } from './shared.tsx';

const SUMMARY_FIELDS = [
  'read',
  'inserted',
  'updated',
  'unchanged',
  'rejected',
  'warned',
  'linked',
  'deactivated',
] as const satisfies readonly (keyof ImportSummary)[];

/** About once a second: fast enough to see a file move, slow enough not to load the server. */
const POLL_MS = 1000;

const finished = (job: ImportJob) => job.status === 'completed' || job.status === 'failed';

type JobLoad =
  | { status: 'loading' }
  | { status: 'ready'; job: ImportJob }
  | { status: 'error'; message: string };

/** Follows one import: polls while it runs, then shows what it did and where its errors are. */
export function ImportJobPage({ id }: { id: string }) {
  const { t, language } = useI18n();
  const api = useApi();
  const pemda = useOwnPemda();
  const [load, setLoad] = useState<JobLoad>({ status: 'loading' });
  const timer = useRef<number | undefined>(undefined);

  useEffect(() => {
    const controller = new AbortController();
    async function poll() {
      try {
        const job = await api.importJob(id, controller.signal);
        setLoad({ status: 'ready', job });
        if (!finished(job)) timer.current = window.setTimeout(poll, POLL_MS);
      } catch (error) {
        if (!isAbort(error)) setLoad({ status: 'error', message: (error as Error).message });
      }
    }
    void poll();
    return () => {
      controller.abort();
      window.clearTimeout(timer.current);
    };
  }, [api, id]);

  const job = load.status === 'ready' ? load.job : null;
  useDocumentTitle(job?.fileName ? `${t.importTitle}: ${job.fileName}` : t.importTitle);

  return (
    <div className="import-job">
      <Breadcrumb list={t.importsTitle} href={paths.imports()} current={job?.fileName ?? t.importTitle} />
      <LoadState load={load} />
      {job && (
        <>
          <div className="page-head">
            <p className="kicker">{t.importKind[job.kind]}</p>
            <h1>{job.fileName ?? t.importTitle}</h1>
            <p className="muted">
              {t.importStartedAt(formatMoment(job.createdAt, pemda.zone, language))}
              {job.finishedAt &&
                ` · ${t.importFinishedAt(formatMoment(job.finishedAt, pemda.zone, language))}`}
            </p>
          </div>
          {job.dryRun && <p className="notice">{t.dryRunNotice}</p>}
          <section className="card import-job__card" aria-labelledby="import-status">
            <h2 id="import-status">{t.importStatus[job.status]}</h2>
            {!finished(job) && <Progress job={job} />}
            {job.status === 'failed' && <ErrorAlert message={job.error ?? t.importFailed} />}
            {job.status === 'completed' && job.summary && <Summary job={job} summary={job.summary} />}
          </section>
          <p>
            <Link href={paths.imports()} className="button button--secondary">
              {t.anotherImport}
            </Link>
          </p>
        </>
      )}
    </div>
  );
}

function Progress({ job }: { job: ImportJob }) {
  const { t, language } = useI18n();
  const labelId = useId();
  const percent = job.progress.percent;
  return (
    <div className="import-progress">
      <p id={labelId}>
        {t.rowsRead(formatCount(job.progress.rowsRead, language))}
        {percent !== null && ` · ${Math.floor(percent)}%`}
      </p>
      <progress
        aria-labelledby={labelId}
        max={100}
        // Without a size to measure against, the bar says "working" rather than a made-up share.
        value={percent === null ? undefined : percent}
      />
    </div>
  );
}

function Summary({ job, summary }: { job: ImportJob; summary: ImportSummary }) {
  const { t, language } = useI18n();
  // A roster adds no links and a worker file retires nobody: their zeros would only be noise.
  const shown = SUMMARY_FIELDS.filter(
    (field) =>
      !(field === 'linked' && job.kind === 'asn') && !(field === 'deactivated' && job.kind === 'workers'),
  );
  return (
    <>
      <dl className="totals import-summary" data-testid="import-summary">
        {shown.map((field) => (
          <div
            key={field}
            className={`totals__item${field === 'rejected' && summary.rejected > 0 ? ' totals__item--alert' : ''}`}
            data-testid={`summary-${field}`}
          >
            <dt>{t.summary[field]}</dt>
            <dd>{formatCount(summary[field], language)}</dd>
          </div>
        ))}
      </dl>
      {job.errorFileUrls ? (
        <ErrorFileLinks text={t.errorFileText(summary.rejected, summary.warned)} urls={job.errorFileUrls} />
      ) : (
        <p className="notice notice--info">{t.noErrorFile}</p>
      )}
    </>
  );
}
