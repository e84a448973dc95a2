import type { CohortCost } from '../../api/types.ts';
import { LoadState, useLoad } from '../../components/load.tsx';
import { Breadcrumb, Fact, RecordView } from '../../components/records.tsx';
import { DataTable } from '../../components/tables.tsx';
import { formatCount, formatMoment, formatPeriod, formatRupiah } from '../../format.ts';
import { useApi, useDocumentTitle } from '../../hooks.ts';
import { useI18n } from '../../i18n.ts';
import { paths } from '../../router.tsx';
import { useUser } from '../../session.tsx';
import { MemberSection, STATUSES, usePemdaZone } from './shared.tsx';

/** The counts a past build is listed with, each in its own column. */
const BUILD_COUNTS = ['read', 'added', 'alreadyCovered', 'rejected'] as const;

export function CohortPage({ id }: { id: string }) {
  const { t, language } = useI18n();
  const api = useApi();
  const user = useUser();
  const record = useLoad(`${id} ${language}`, (signal) => api.cohort(id, signal));
  const cohort = record.data;
  const { zone } = usePemdaZone(cohort?.pemdaCode);
  useDocumentTitle(cohort?.name ?? t.cohortListTitle);
  const own = user.role === 'sponsor_org';

  return (
    <div className="record">
      <Breadcrumb
        list={own ? t.sponsorOwnTitle : t.cohortListTitle}
        href={own ? paths.ownSponsorship() : paths.cohorts()}
        current={cohort?.name ?? id}
      />
      <LoadState load={record} />
      {cohort && (
        <>
          <RecordView
            kicker={t.cohortKind[cohort.kind] ?? t.cohortDetailKicker}
            name={cohort.name}
            code={cohort.key}
          >
            <Fact label={t.cohortFactSponsor} value={cohort.sponsor?.name ?? '—'} />
            <Fact
              label={t.cohortFactFunding}
              value={cohort.sponsor ? (t.cohortFunding[cohort.sponsor.fundingSource] ?? '') : '—'}
            />
            <Fact
              label={t.cohortFactPayment}
              value={cohort.sponsor ? (t.cohortPayment[cohort.sponsor.paymentMethod] ?? '') : '—'}
            />
            <Fact label={t.cohortFactGroup} value={cohort.sponsor?.groupAccountType ?? '—'} code />
            <Fact label={t.cohortFactArea} value={cohort.areaCode ?? '—'} code />
            <Fact
              label={t.cohortFactContribution}
              value={`${cohort.programmes.map((p) => p.toUpperCase()).join(' + ')}${
                cohort.declaredIncome === null ? '' : ` · ${formatRupiah(cohort.declaredIncome)}`
              }`}
            />
            <Fact
              label={t.cohortFactBudget}
              value={
                cohort.budget === null
                  ? '—'
                  : `${formatRupiah(cohort.budget)}${cohort.budgetYear === null ? '' : ` (${t.cohortBudgetYear(cohort.budgetYear)})`}`
              }
            />
            <Fact
              label={t.cohortFactTarget}
              value={cohort.targetWorkers === null ? '—' : formatCount(cohort.targetWorkers, language)}
            />
          </RecordView>
          <section className="card" aria-labelledby="cohort-status">
            <h2 id="cohort-status">{t.cohortStatusTitle}</h2>
            <dl className="totals" data-testid="cohort-status">
              {STATUSES.filter((status) => cohort.statusCounts[status] > 0).map((status) => (
                <div key={status} className="totals__item">
                  <dt>{t.cohortStatus[status]}</dt>
                  <dd>{formatCount(cohort.statusCounts[status], language)}</dd>
                </div>
              ))}
              <div className="totals__item totals__item--main">
                <dt>{t.cohortColMembers}</dt>
                <dd>{formatCount(cohort.members, language)}</dd>
              </div>
            </dl>
          </section>
          <CostView cost={cohort.cost} />
          <MemberSection
            fetchPage={(search, signal) => api.cohortMembers(id, search, signal)}
            hrefFor={(query) => paths.cohort(id, query)}
          />
          {cohort.builds.length > 0 && (
            <section aria-labelledby="cohort-builds">
              <h2 id="cohort-builds">{t.cohortBuildsTitle}</h2>
              <DataTable
                caption={t.cohortBuildsCaption}
                variant="registry"
                columns={[
                  t.cohortColWhen,
                  t.cohortColSource,
                  ...BUILD_COUNTS.map((field) => ({
                    label: t.cohortResult[field] ?? field,
                    numeric: true as const,
                  })),
                  t.cohortErrorFile,
                ]}
              >
                {cohort.builds.map((build) => (
                  <tr key={build.buildId}>
                    <th scope="row" className="nowrap">
                      {formatMoment(build.createdAt, zone, language)}
                    </th>
                    <td data-label={t.cohortColSource}>
                      {t.cohortSource[build.source]}
                      {build.fileName && <span className="table__sub">{build.fileName}</span>}
                    </td>
                    {BUILD_COUNTS.map((field) => (
                      <td key={field} className="num" data-label={t.cohortResult[field]}>
                        {formatCount(build[field], language)}
                      </td>
                    ))}
                    <td data-label={t.cohortErrorFile}>
                      {build.errorFileUrls ? (
                        <>
                          <a href={build.errorFileUrls.csv} download>
                            CSV
                          </a>{' '}
                          ·{' '}
                          <a href={build.errorFileUrls.xlsx} download>
                            XLSX
                          </a>
                        </>
                      ) : (
                        '—'
                      )}
                    </td>
                  </tr>
                ))}
              </DataTable>
            </section>
          )}
        </>
      )}
    </div>
  );
}

/** What the programme costs against its budget, then month by month. */
function CostView({ cost }: { cost: CohortCost }) {
  const { t, language } = useI18n();
  const schedules = [...new Set(cost.months.flatMap((month) => month.lines.map((line) => line.schedule)))];
  return (
    <section className="card" aria-labelledby="cohort-cost">
      <h2 id="cohort-cost">{t.cohortCostTitle}</h2>
      <p className="muted">
        {t.cohortCostIntro(formatPeriod(cost.from, language), formatPeriod(cost.to, language))}
      </p>
      <dl className="totals" data-testid="cohort-cost">
        <div className="totals__item totals__item--main">
          <dt>{t.cohortCostTotal}</dt>
          <dd data-testid="cohort-cost-total">{formatRupiah(cost.total)}</dd>
        </div>
        {cost.budget !== null && (
          <div className="totals__item">
            <dt>{t.cohortCostBudget}</dt>
            <dd>{formatRupiah(cost.budget)}</dd>
          </div>
        )}
        {cost.remaining !== null && (
          <div className={`totals__item${cost.overrun ? ' totals__item--alert' : ''}`}>
            <dt>{cost.overrun ? t.cohortCostOverrun : t.cohortCostRemaining}</dt>
            <dd data-testid="cohort-cost-remaining">{formatRupiah(Math.abs(cost.remaining))}</dd>
          </div>
        )}
      </dl>
      <DataTable
        caption={t.cohortCostCaption}
        variant="months"
        columns={[
          t.cohortColMonth,
          { label: t.cohortColWorkers, numeric: true },
          { label: t.cohortColAmount, numeric: true },
        ]}
      >
        {cost.months.map((month) => (
          <tr key={month.period}>
            <th scope="row">{formatPeriod(month.period, language)}</th>
            <td className="num">{formatCount(month.workers, language)}</td>
            <td className="num">
              {formatRupiah(month.amount)}
              {month.lines.length > 0 && (
                <span className="table__sub" title={t.cohortPerWorker}>
                  {month.lines.map((line) => `× ${formatRupiah(line.perWorker)}`).join(' / ')}
                </span>
              )}
            </td>
          </tr>
        ))}
      </DataTable>
      {schedules.length > 0 && (
        <p className="fine-print">
          {t.cohortColSchedule}: {schedules.join('; ')}
        </p>
      )}
    </section>
  );
}
