import { LoadState, useLoad } from '../../components/load.tsx';
import { usePemdaList, zoneOf } from '../../components/pemda.tsx';
import { Breadcrumb, Fact, RecordView } from '../../components/records.tsx';
import { formatMoment, formatRupiah } from '../../format.ts';
import { useApi, useDocumentTitle } from '../../hooks.ts';
import { useI18n } from '../../i18n.ts';
import { paths } from '../../router.tsx';
import { useUser } from '../../session.tsx';

export function AsnRecordPage({ nip }: { nip: string }) {
  const { t, language } = useI18n();
  const api = useApi();
  const user = useUser();
  const record = useLoad(`${nip} ${language}`, (signal) => api.asn(nip, signal));
  const asn = record.data;
  const pemdaList = usePemdaList();
  const zone = zoneOf(pemdaList.data, asn?.pemdaCode);
  useDocumentTitle(asn?.name ?? t.asnTitle);
  const own = user.role === 'asn';

  return (
    <div className="record">
      {!own && <Breadcrumb list={t.asnTitle} href={paths.asnList()} current={asn?.name ?? nip} />}
      <LoadState load={record} />
      {asn && (
        <RecordView kicker={own ? t.ownRecord : t.asnKicker} name={asn.name} code={asn.nip}>
          <Fact label={t.colNip} value={asn.nip} code />
          <Fact label={t.colOpd} value={asn.opd.name} />
          <Fact label={t.colEmploymentType} value={t.employmentType[asn.employmentType] ?? ''} />
          <Fact label={t.colRank} value={asn.rank ?? '—'} />
          <Fact label={t.colEchelon} value={asn.echelon ?? t.noEchelon} />
          <Fact label={t.colBaseSalary} value={formatRupiah(asn.baseSalary)} />
          <Fact
            label={t.colVillage}
            value={asn.village ? `${asn.village.name} (${asn.village.code})` : '—'}
          />
          <Fact label={t.pemdaLabel} value={asn.pemdaCode} code />
          <Fact
            label={t.colStatus}
            value={
              asn.active
                ? t.active
                : asn.inactiveSince
                  ? t.inactiveSince(formatMoment(asn.inactiveSince, zone, language, { time: false }))
                  : t.inactive
            }
          />
        </RecordView>
      )}
    </div>
  );
}
