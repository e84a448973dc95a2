import { useState } from 'react';
import { ASN_COLUMNS } from '../../../../src/core/registry/asn-row.ts';
import { WORKER_COLUMNS } from '../../../../src/core/registry/worker-row.ts';
import type { ImportJob, ImportKind } from '../../api/types.ts';
import { ChoiceCards, SpreadsheetField, useUpload } from '../../components/forms.tsx';
import { ErrorAlert, LoadState, useLoad } from '../../components/load.tsx';
import { PageHead } from '../../components/page-head.tsx';
import { DataTable } from '../../components/tables.tsx';
import { formatCount, formatMoment } from '../../format.ts';
import { useApi, useDocumentTitle } from '../../hooks.ts';
import { useI18n } from '../../i18n.ts';
import { Link, navigate, paths } from '../../router.tsx';
import { useOwnPemda } from './shared.tsx';

/** The header row each file must start with, in this order (extra columns are ignored). */
const COLUMNS: Record<ImportKind, readonly string[]> = { asn: ASN_COLUMNS, workers: WORKER_COLUMNS };

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
      <PageHead title={t.importsTitle} intro={t.importsIntro} />
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
