import { useListFilters } from '../../components/lists.tsx';
import { LoadState, useLoad } from '../../components/load.tsx';
import { PageHead } from '../../components/page-head.tsx';
import { PemdaPicker } from '../../components/pemda.tsx';
import { useApi, useDocumentTitle } from '../../hooks.ts';
import { useI18n } from '../../i18n.ts';
import { Link, paths } from '../../router.tsx';
import { mayUse, useUser } from '../../session.tsx';
import { CohortTable, usePemdaZone } from './shared.tsx';

export function CohortListPage() {
  const { t, language } = useI18n();
  const api = useApi();
  const user = useUser();
  useDocumentTitle(t.cohortListTitle);
  const { filters, fixedPemda, hrefFor } = useListFilters(
    () => ({}),
    (next) => paths.cohorts({ pemda: next.pemda }),
  );
  const { pemdaList } = usePemdaZone(filters.pemda);
  const cohorts = useLoad(`${filters.pemda} ${language}`, async (signal) =>
    filters.pemda ? (await api.cohorts({ pemda: filters.pemda }, signal)).items : [],
  );
  const admin = mayUse(user, 'cohortAdmin');

  return (
    <div className="registry">
      <PageHead title={t.cohortListTitle} intro={t.cohortListIntro} />
      {admin && (
        <div className="button-row">
          <Link className="button button--primary" href={paths.cohortNew()}>
            {t.cohortNewButton}
          </Link>
          <Link className="button button--secondary" href={paths.sponsors()}>
            {t.cohortSponsorsButton}
          </Link>
        </div>
      )}
      {!fixedPemda && pemdaList.data && (
        <PemdaPicker
          list={pemdaList.data}
          value={filters.pemda}
          allowAll={false}
          hrefFor={(pemda) => hrefFor({ pemda })}
        />
      )}
      <LoadState load={cohorts} />
      {cohorts.data &&
        (cohorts.data.length === 0 ? (
          <p className="muted">{t.cohortNone}</p>
        ) : (
          <CohortTable items={cohorts.data} />
        ))}
    </div>
  );
}
