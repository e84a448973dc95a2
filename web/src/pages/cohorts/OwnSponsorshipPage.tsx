import { LoadState, useLoad } from '../../components/load.tsx';
import { PageHead } from '../../components/page-head.tsx';
import { useApi, useDocumentTitle } from '../../hooks.ts';
import { useI18n } from '../../i18n.ts';
import { paths } from '../../router.tsx';
import { CohortTable, MemberSection, SponsorTable } from './shared.tsx';

/** A sponsor organisation's own page: the workers it pays for, with their status. */
export function OwnSponsorshipPage() {
  const { t, language } = useI18n();
  const api = useApi();
  useDocumentTitle(t.sponsorOwnTitle);
  const sponsors = useLoad(language, (signal) => api.sponsors({ pageSize: 100 }, signal));
  const programmes = useLoad(language, async (signal) => (await api.cohorts({}, signal)).items);
  const only = sponsors.data?.items.length === 1 ? sponsors.data.items[0] : undefined;
  return (
    <div className="registry">
      <PageHead title={t.sponsorOwnTitle} intro={t.sponsorOwnIntro} />
      <LoadState load={sponsors} />
      {sponsors.data?.items.length === 0 && <p className="muted">{t.sponsorOwnNone}</p>}
      {programmes.data && programmes.data.length > 0 && <CohortTable items={programmes.data} />}
      {/* One sponsor record (one Pemda) shows its workers here; several are listed to open. */}
      {only ? (
        <MemberSection
          fetchPage={(search, signal) => api.sponsorWorkers(String(only.id), search, signal)}
          hrefFor={(query) => paths.ownSponsorship(query)}
        />
      ) : (
        sponsors.data && sponsors.data.items.length > 1 && <SponsorTable items={sponsors.data.items} />
      )}
    </div>
  );
}
