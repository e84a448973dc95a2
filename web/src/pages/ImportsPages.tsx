import { useEffect, useId, useRef, useState } from 'react';
import { ASN_COLUMNS } from '../../../src/core/registry/asn-row.ts';
import { WORKER_COLUMNS } from '../../../src/core/registry/worker-row.ts';
import { isAbort } from '../api/client.ts';
import type { ImportJob, ImportKind, ImportSummary } from '../api/types.ts';
import {
  Breadcrumb,
  ChoiceCards,
  DataTable,
  ErrorAlert,
  ErrorFileLinks,
  LoadState,
  SpreadsheetField,
  useLoad,
  usePemdaList,
  useUpload,
  zoneOf,
} from '../components.tsx';
import { formatCount, formatMoment } from '../format.ts';
import { useApi, useDocumentTitle } from '../hooks.ts';
import { useI18n } from '../i18n.ts';
import { Link, navigate, paths } from '../router.tsx';
import { useUser } from '../session.tsx';

/** The header row each file must start with, in this order (extra columns are ignored). */
const COLUMNS: Record<ImportKind, readonly string[]> = { asn: ASN_COLUMNS, workers: WORKER_COLUMNS };

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

/** The Pemda whose registry the signed-in admin keeps, with its time zone for the clock shown. */
function useOwnPemda() {
  const user = useUser();
  const list = usePemdaList();
  const code = user.scope.pemdaCode ?? '';
  return { code, zone: zoneOf(list.data, code) };
}

export function ImportsPage() {
  const { t, language } = useI18n();
  const api = useApi();
  useDocumentTitle(t.importsTitle);
  const pemda = useOwnPemda();
  const recent = useLoad(`${pemda.code} ${language}`, async (signal) =>
    pemda.code ? (await api.recentImports(pemda.code, signal)).items : [],
  );

  return (
    <div className="imports">
      <div className="page-head">
        <h1>{t.importsTitle}</h1>
        <p className="lead">{t.importsIntro}</p>
      </div>
      <div className="imports__layout">
        <UploadForm pemdaCode={pemda.code} />
        <FormatHelp />
      </div>
      <section className="imports__recent" aria-labelledby="recent-imports">
        <h2 id="recent-imports">{t.recentImports}</h2>
        <LoadState load={recent} />
        {recent.data &&
          (recent.data.length === 0 ? (
            <p className="muted">{t.noImports}</p>
          ) : (
            <RecentImports jobs={recent.data} zone={pemda.zone} />
          ))}
      </section>
    </div>
  );
}

function UploadForm({ pemdaCode }: { pemdaCode: string }) {
  const { t } = useI18n();
  const api = useApi();
  const [kind, setKind] = useState<ImportKind>('workers');
  const [dryRun, setDryRun] = useState(false);
  const [full, setFull] = useState(false);
  const upload = useUpload(async (file) => {
    const started = await api.startImport({ kind, pemda: pemdaCode, file, dryRun, full });
    navigate(paths.import(started.id));
  });

  return (
    <form className="card import-form" onSubmit={upload.submit} noValidate aria-label={t.uploadTitle}>
      <h2>{t.uploadTitle}</h2>
      <ChoiceCards
        legend={t.importKindLegend}
        name="kind"
        choices={(['workers', 'asn'] as const).map((value) => ({
          value,
          label: t.importKind[value],
          hint: t.importKindHint[value],
        }))}
        value={kind}
        onChange={setKind}
      />
      <SpreadsheetField label={t.fileLabel} hint={t.fileHint} onChange={upload.choose} />
      <fieldset className="fieldset fieldset--plain">
        <legend>{t.importOptions}</legend>
        <OptionCheck
          name="dryRun"
          label={t.dryRunLabel}
          hint={t.dryRunHint}
          checked={dryRun}
          onChange={setDryRun}
        />
        {kind === 'asn' && (
          <OptionCheck
            name="full"
            label={t.fullRosterLabel}
            hint={t.fullRosterHint}
            checked={full}
            onChange={setFull}
          />
        )}
      </fieldset>
      {upload.error && <ErrorAlert message={upload.error} />}
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={upload.busy}>
          {upload.busy ? t.uploading : t.uploadButton}
        </button>
      </div>
    </form>
  );
}

function OptionCheck({
  name,
  label,
  hint,
  checked,
  onChange,
}: {
  name: string;
  label: string;
  hint: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
}) {
  return (
    <label className="check">
      <input
        type="checkbox"
        name={name}
        checked={checked}
        onChange={(event) => onChange(event.target.checked)}
      />
      <span>
        {label}
        <span className="table__sub">{hint}</span>
      </span>
    </label>
  );
}

function FormatHelp() {
  const { t } = useI18n();
  return (
    <section className="card format-help" aria-labelledby="format-help">
      <h2 id="format-help">{t.formatTitle}</h2>
      <p>{t.formatIntro}</p>
      {(['workers', 'asn'] as const).map((kind) => (
        <div key={kind} className="format-help__kind">
          <h3>{t.importKind[kind]}</h3>
          <p className="code format-help__header">{COLUMNS[kind].join(',')}</p>
          <dl className="format-help__columns">
            {COLUMNS[kind].map((column) => (
              <div key={column}>
                <dt className="code">{column}</dt>
                <dd>{t.columnHelp[column]}</dd>
              </div>
            ))}
          </dl>
        </div>
      ))}
      <p className="fine-print">{t.formatFootnote}</p>
    </section>
  );
}

function RecentImports({ jobs, zone }: { jobs: ImportJob[]; zone: 'WIB' | 'WITA' | 'WIT' }) {
  const { t, language } = useI18n();
  return (
    <DataTable
      caption={t.recentImports}
      columns={[
        t.colStarted,
        t.colKind,
        t.colFile,
        t.colStatus,
        { label: t.summary.read!, numeric: true },
        { label: t.summary.rejected!, numeric: true },
      ]}
    >
      {jobs.map((job) => (
        <tr key={job.id}>
          <td className="nowrap">{formatMoment(job.createdAt, zone, language)}</td>
          <td>{t.importKind[job.kind]}</td>
          <th scope="row">
            <Link href={paths.import(job.id)}>{job.fileName ?? t.importTitle}</Link>
            {job.dryRun && <span className="table__sub">{t.dryRunBadge}</span>}
          </th>
          <td>{t.importStatus[job.status]}</td>
          <td className="num">{job.summary ? formatCount(job.summary.read, language) : '—'}</td>
          <td className="num">{job.summary ? formatCount(job.summary.rejected, language) : '—'}</td>
        </tr>
      ))}
    </DataTable>
  );
}

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
