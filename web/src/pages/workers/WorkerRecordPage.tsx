import { LoadState, useLoad } from '../../components/load.tsx';
import { Breadcrumb, Fact, RecordView } from '../../components/records.tsx';
import { formatDate } from '../../format.ts';
import { useApi, useDocumentTitle } from '../../hooks.ts';
import { useI18n } from '../../i18n.ts';
import { paths } from '../../router.tsx';
import { CoverageLink } from '../coverage/WorkerCoveragePage.tsx';

export function WorkerRecordPage({ nik }: { nik: string }) {
  const { t, language } = useI18n();
  const api = useApi();
  const record = useLoad(`${nik} ${language}`, (signal) => api.worker(nik, signal));
  const worker = record.data;
  useDocumentTitle(worker?.name ?? t.workersTitle);

  return (
    <div className="record">
      <Breadcrumb list={t.workersTitle} href={paths.workerList()} current={worker?.name ?? t.workerKicker} />
      <LoadState load={record} />
      {worker && (
        <RecordView kicker={t.workerKicker} name={worker.name} code={worker.nik}>
          <Fact label={t.colNik} value={worker.nik} code />
          <Fact label={t.colBirthDate} value={formatDate(worker.birthDate, language)} />
          <Fact label={t.colSex} value={t.sex[worker.sex] ?? worker.sex} />
          <Fact label={t.colOccupation} value={worker.occupation ?? '—'} />
          <Fact label={t.colSector} value={worker.sector ?? '—'} />
          <Fact
            label={t.colVillage}
            value={worker.village ? `${worker.village.name} (${worker.village.code})` : '—'}
          />
          <Fact label={t.colPhone} value={worker.phone ?? '—'} />
          <Fact
            label={t.colDecile}
            value={worker.welfareDecile === null ? '—' : String(worker.welfareDecile)}
          />
          <Fact label={t.colKpj} value={worker.kpj ?? t.notEnrolled} />
          <Fact label={t.colRegisteredBy} value={worker.pemdaCodes.join(', ') || '—'} />
        </RecordView>
      )}
      {worker && !worker.nikMasked && <CoverageLink nik={worker.nik} />}
    </div>
  );
}
