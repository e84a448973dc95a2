import { useId, useState } from 'react';
import type { Premium, PremiumMonth } from '../../api/types.ts';
import { ErrorAlert } from '../../components/load.tsx';
import { DataTable, TableRegion } from '../../components/tables.tsx';
import { formatPeriod, formatRupiah, lastPeriod } from '../../format.ts';
import { type Dictionary, type Language, useI18n } from '../../i18n.ts';
import type { Outcome } from './CalculatorPage.tsx';
import { PROGRAMMES } from './form.ts';

export function Result({
  outcome,
  currentKey,
  language,
}: {
  outcome: Outcome;
  currentKey: string | null;
  language: Language;
}) {
  const { t } = useI18n();
  const headingId = useId();
  const premium =
    outcome.status === 'done' ? outcome.premium : outcome.status === 'loading' ? outcome.previous : null;

  return (
    <section className="card result" aria-labelledby={headingId} aria-busy={outcome.status === 'loading'}>
      <h2 id={headingId}>{t.resultTitle}</h2>
      {outcome.status === 'error' && <ErrorAlert message={outcome.message} />}
      {outcome.status === 'idle' && <p className="muted">{t.calcIntro}</p>}
      {premium && (
        <PremiumView
          premium={premium}
          stale={outcome.status === 'done' && currentKey !== outcome.key}
          language={language}
          t={t}
        />
      )}
      <p className="visually-hidden" role="status">
        {outcome.status === 'done' ? `${t.total}: ${formatRupiah(outcome.premium.total)}` : ''}
      </p>
    </section>
  );
}

type Programme = (typeof PROGRAMMES)[number];

/** The programmes priced in any month, in the order the engine computes them. */
function pricedProgrammes(months: readonly PremiumMonth[]): Programme[] {
  return PROGRAMMES.filter((programme) => months.some((month) => month.components[programme] !== undefined));
}

/** One amount, or "lowest – highest"; on a narrow screen the range breaks at the dash, never inside an amount. */
function AmountRange({ values }: { values: number[] }) {
  if (values.length === 0) return '—';
  const min = Math.min(...values);
  const max = Math.max(...values);
  if (min === max) return formatRupiah(min);
  return (
    <>
      <span className="nowrap">{formatRupiah(min)} –</span>{' '}
      <span className="nowrap">{formatRupiah(max)}</span>
    </>
  );
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

function PremiumView({
  premium,
  stale,
  language,
  t,
}: {
  premium: Premium;
  stale: boolean;
  language: Language;
  t: Dictionary;
}) {
  const months = premium.perMonth;
  const amounts = months.map((month) => month.amount);
  const uniform = amounts.every((amount) => amount === amounts[0]);
  const [shown, setShown] = useState(false);
  const showMonthly = !uniform || shown;
  const tableId = useId();
  const programmes = pricedProgrammes(months);
  const perMonth = <AmountRange values={uniform ? [amounts[0] ?? premium.monthly] : amounts} />;
  // For BPU the participant's side carries everything, sponsored or not: a split would mislead.
  const employerShare = sum(months.map((month) => month.shares.employer));
  const workerShare = sum(months.map((month) => month.shares.worker));

  return (
    <div className={stale ? 'premium premium--stale' : 'premium'}>
      <p className="result__range">
        {t.resultRange(
          formatPeriod(premium.from, language),
          formatPeriod(lastPeriod(premium.from, premium.months), language),
          premium.months,
        )}
      </p>
      {stale && (
        <p className="notice" role="note">
          {t.resultStale}
        </p>
      )}
      <dl className="totals">
        <div className="totals__item totals__item--main">
          <dt>{t.total}</dt>
          <dd data-testid="total">{formatRupiah(premium.total)}</dd>
        </div>
        <div className="totals__item">
          <dt>{uniform ? t.monthly : t.monthlyVaries}</dt>
          <dd data-testid="monthly">{perMonth}</dd>
        </div>
      </dl>
      {premium.scheme === 'pu' && (
        <p className="shares">{t.shares(formatRupiah(employerShare), formatRupiah(workerShare))}</p>
      )}
      {!uniform && <p className="notice notice--info">{t.discountNotice}</p>}

      <DataTable
        caption={t.componentsCaption}
        showCaption
        columns={[
          t.colProgramme,
          { label: t.colPerMonth, numeric: true },
          { label: t.colTotal(premium.months), numeric: true },
        ]}
        foot={
          <tr>
            <th scope="row">{t.totalRow}</th>
            <td className="num num--range">{perMonth}</td>
            <td className="num">{formatRupiah(premium.total)}</td>
          </tr>
        }
      >
        {programmes.map((programme) => {
          const values = months.map((month) => month.components[programme] ?? 0);
          return (
            <tr key={programme}>
              <th scope="row">
                <abbr title={t.component[programme]}>{programme.toUpperCase()}</abbr>
                <span className="table__sub">{t.component[programme]}</span>
              </th>
              <td className="num num--range">
                <AmountRange values={values} />
              </td>
              <td className="num">{formatRupiah(sum(values))}</td>
            </tr>
          );
        })}
      </DataTable>

      {uniform && (
        <button
          type="button"
          className="button button--secondary"
          aria-expanded={shown}
          aria-controls={tableId}
          onClick={() => setShown((value) => !value)}
        >
          {shown ? t.hideMonthly : t.showMonthly}
        </button>
      )}
      {showMonthly && (
        <TableRegion label={t.monthlyCaption} id={tableId}>
          <table className="table table--months" data-testid="per-month">
            <caption>{t.monthlyCaption}</caption>
            <thead>
              <tr>
                <th scope="col">{t.colPeriod}</th>
                {programmes.map((programme) => (
                  <th scope="col" className="num col-programme" key={programme}>
                    <abbr title={t.component[programme]}>{programme.toUpperCase()}</abbr>
                  </th>
                ))}
                <th scope="col" className="num">
                  {t.colAmount}
                </th>
                <th scope="col">{t.colSchedule}</th>
              </tr>
            </thead>
            <tbody>
              {months.map((month) => {
                const discounted = month.discounts.length > 0;
                return (
                  <tr key={month.period} className={discounted ? 'is-discounted' : undefined}>
                    <th scope="row">{formatPeriod(month.period, language)}</th>
                    {programmes.map((programme) => (
                      <td className="num col-programme" key={programme}>
                        {formatRupiah(month.components[programme] ?? 0)}
                      </td>
                    ))}
                    <td className="num strong">{formatRupiah(month.amount)}</td>
                    <td
                      className="schedule"
                      title={month.discounts.map((d) => d.legalBasis).join('; ') || undefined}
                    >
                      {month.schedule}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableRegion>
      )}
      <p className="fine-print">{t.disclaimer}</p>
    </div>
  );
}
