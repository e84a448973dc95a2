import { ErrorFileLinks } from '../../components/forms.tsx';
import { LoadState, useLoad } from '../../components/load.tsx';
import { Breadcrumb } from '../../components/records.tsx';
import { formatMoment } from '../../format.ts';
import { useApi, useDocumentTitle } from '../../hooks.ts';
import { useI18n } from '../../i18n.ts';
import { Link, useSearch } from '../../router.tsx';
import { Totals, useEnrolmentPemda } from './shared.tsx';

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
