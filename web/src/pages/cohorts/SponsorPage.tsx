import { LoadState, useLoad } from '../../components/load.tsx';
import { Breadcrumb, Fact, RecordView } from '../../components/records.tsx';
import { formatCount } from '../../format.ts';
import { useApi, useDocumentTitle } from '../../hooks.ts';
import { useI18n } from '../../i18n.ts';
import { Link, paths } from '../../router.tsx';
import { useUser } from '../../session.tsx';
import { MemberSection, STATUSES } from './shared.tsx';

export function SponsorPage({ id }: { id: string }) {
  const { t, language } = useI18n();
  const api = useApi();
  const user = useUser();
  const record = useLoad(`${id} ${language}`, (signal) => api.sponsor(id, signal));
  const sponsor = record.data;
  useDocumentTitle(sponsor?.name ?? t.sponsorListTitle);
  const own = user.role === 'sponsor_org';
  return (
    <div className="record">
      <Breadcrumb
        list={own ? t.sponsorOwnTitle : t.sponsorListTitle}
        href={own ? paths.ownSponsorship() : paths.sponsors()}
        current={sponsor?.name ?? id}
      />
      <LoadState load={record} />
      {sponsor && (
        <>
          <RecordView
            kicker={t.sponsorKind[sponsor.kind] ?? t.sponsorDetailKicker}
            name={sponsor.name}
            code={sponsor.pemdaCode}
          >
            <Fact label={t.cohortFactFunding} value={t.cohortFunding[sponsor.fundingSource] ?? ''} />
            <Fact label={t.cohortFactPayment} value={t.cohortPayment[sponsor.paymentMethod] ?? ''} />
            <Fact label={t.cohortFactGroup} value={sponsor.groupAccountType ?? '—'} code />
            <Fact label={t.cohortFactArea} value={sponsor.areaCode ?? '—'} code />
            <Fact label={t.sponsorColWorkers} value={formatCount(sponsor.workers, language)} />
            <Fact
              label={t.cohortStatusTitle}
              value={
                STATUSES.filter((status) => sponsor.statusCounts[status] > 0)
                  .map(
                    (status) =>
                      `${t.cohortStatus[status]} ${formatCount(sponsor.statusCounts[status], language)}`,
                  )
                  .join(' · ') || '—'
              }
            />
          </RecordView>
          {sponsor.programmes.length > 0 && (
            <section aria-labelledby="sponsor-programmes">
              <h2 id="sponsor-programmes">{t.sponsorProgrammes}</h2>
              <ul>
                {sponsor.programmes.map((programme) => (
                  <li key={programme.id}>
                    {programme.kind === 'asn_policy' ? (
                      programme.name
                    ) : (
                      <Link href={paths.cohort(String(programme.id))}>{programme.name}</Link>
                    )}
                  </li>
                ))}
              </ul>
            </section>
          )}
          <MemberSection
            fetchPage={(search, signal) => api.sponsorWorkers(id, search, signal)}
            hrefFor={(query) => paths.sponsor(id, query)}
          />
        </>
      )}
    </div>
  );
}
