import { type FormEvent, type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { ApiError, isAbort } from '../api/client.ts';
import type { Premium, PremiumMonth, PremiumOptions, PremiumQuery } from '../api/types.ts';
import { ChoiceCards, DataTable, ErrorAlert, TableRegion } from '../components.tsx';
import {
  formatPercent,
  formatPeriod,
  formatRupiah,
  groupDigits,
  lastPeriod,
  parseRupiahInput,
  thisMonth,
} from '../format.ts';
import { useApi, useDocumentTitle } from '../hooks.ts';
import { type Dictionary, type Language, useI18n } from '../i18n.ts';

const PROGRAMMES = ['jkk', 'jkm', 'jht', 'jp'] as const;
const MONTH_PRESETS = [3, 6, 12] as const;

interface Form {
  scheme: 'bpu' | 'pu';
  income: string;
  jht: boolean;
  wage: string;
  risk: string;
  programmes: Record<(typeof PROGRAMMES)[number], boolean>;
  funding: string;
  sector: string;
  from: string;
  months: string;
}

const initialForm: Form = {
  scheme: 'bpu',
  income: '',
  jht: false,
  wage: '',
  risk: '',
  // The cover most sponsorship programmes buy: work accident and death.
  programmes: { jkk: true, jkm: true, jht: false, jp: false },
  funding: 'individual',
  sector: '',
  from: thisMonth(),
  months: '12',
};

/**
 * The form as the API's raw query. Nothing is validated here: the server checks the values with
 * the same rules as the CLI and explains a mistake in the user's language.
 */
function toQuery(form: Form): PremiumQuery {
  const common = {
    from: form.from,
    months: form.months.trim(),
    funding: form.funding || undefined,
    sector: form.sector || undefined,
  };
  if (form.scheme === 'bpu') {
    return { scheme: 'bpu', income: form.income, jht: form.jht ? 'true' : undefined, ...common };
  }
  return {
    scheme: 'pu',
    // The field is labelled "(Rp)", so people type the prefix; the amount is what follows it.
    wage: form.wage.replace(/^\s*rp\.?\s*/i, '').trim(),
    risk: form.risk,
    programmes: PROGRAMMES.filter((programme) => form.programmes[programme]).join(','),
    ...common,
  };
}

/** The last options loaded stay usable when a later month's fail: the quote then explains why. */
interface Options {
  loaded: PremiumOptions | null;
  error: { message: string; retryable: boolean } | null;
}

type Outcome =
  | { status: 'idle' }
  | { status: 'loading'; key: string; previous: Premium | null }
  | { status: 'done'; key: string; premium: Premium }
  | { status: 'error'; key: string; query: PremiumQuery; message: string };

export function CalculatorPage() {
  const { t, language } = useI18n();
  const api = useApi();
  useDocumentTitle(t.calcTitle);

  const [form, setForm] = useState<Form>(initialForm);
  const update = (changes: Partial<Form>) => setForm((current) => ({ ...current, ...changes }));

  // The brackets and rates depend on the month: a new regulation can change them.
  const [options, setOptions] = useState<Options>({ loaded: null, error: null });
  const [optionsAttempt, setOptionsAttempt] = useState(0);
  const optionsPeriod = /^\d{4}-\d{2}$/.test(form.from) ? form.from : thisMonth();
  // biome-ignore lint/correctness/useExhaustiveDependencies: optionsAttempt is the retry trigger
  useEffect(() => {
    const controller = new AbortController();
    api.premiumOptions(optionsPeriod, controller.signal).then(
      (loaded) => {
        setOptions({ loaded, error: null });
        setForm((current) => withDefaults(current, loaded));
      },
      (error: unknown) => {
        if (isAbort(error)) return;
        // Asking again helps when the network or server failed, not when the month has no rules.
        const retryable = !(error instanceof ApiError) || error.status === 0 || error.status >= 500;
        setOptions((current) => ({ ...current, error: { message: (error as Error).message, retryable } }));
      },
    );
    return () => controller.abort();
  }, [api, optionsPeriod, optionsAttempt]);

  const [outcome, setOutcome] = useState<Outcome>({ status: 'idle' });
  const request = useRef<AbortController | null>(null);

  function calculate(query: PremiumQuery) {
    request.current?.abort();
    const controller = new AbortController();
    request.current = controller;
    const key = JSON.stringify(query);
    setOutcome((current) => ({
      status: 'loading',
      key,
      previous: current.status === 'done' ? current.premium : null,
    }));
    api.premium(query, controller.signal).then(
      (premium) => setOutcome({ status: 'done', key, premium }),
      (error: unknown) => {
        if (!isAbort(error)) setOutcome({ status: 'error', key, query, message: (error as Error).message });
      },
    );
  }

  // An error message came back in the old language: ask again so it reads in the new one.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a language change should re-ask
  useEffect(() => {
    if (outcome.status === 'error') calculate(outcome.query);
  }, [api]);

  function submit(event: FormEvent) {
    event.preventDefault();
    calculate(toQuery(form));
  }

  const currentKey = JSON.stringify(toQuery(form));
  const ready = options.loaded;

  return (
    <div className="calculator">
      <div className="page-head">
        <h1>{t.calcTitle}</h1>
        <p className="lead">{t.calcIntro}</p>
      </div>
      <div className="calculator__layout">
        <form className="card calculator__form" onSubmit={submit} noValidate aria-label={t.calcTitle}>
          <ChoiceCards
            legend={t.schemeLegend}
            name="scheme"
            choices={[
              { value: 'bpu', label: t.schemeBpu, hint: t.schemeBpuHint },
              { value: 'pu', label: t.schemePu, hint: t.schemePuHint },
            ]}
            value={form.scheme}
            onChange={(scheme) => update({ scheme })}
          />

          {options.error && (
            <ErrorAlert message={`${t.optionsError} ${options.error.message}`}>
              {options.error.retryable && (
                <button
                  type="button"
                  className="button button--secondary"
                  onClick={() => setOptionsAttempt((n) => n + 1)}
                >
                  {t.retry}
                </button>
              )}
            </ErrorAlert>
          )}

          {form.scheme === 'bpu' ? (
            <BpuFields form={form} options={ready} update={update} />
          ) : (
            <PuFields form={form} options={ready} update={update} />
          )}

          <PayerFields form={form} options={ready} update={update} />
          <PeriodFields form={form} update={update} />

          <div className="form-actions">
            <button
              type="submit"
              className="button button--primary"
              disabled={!ready || outcome.status === 'loading'}
            >
              {outcome.status === 'loading' ? t.calculating : t.calculate}
            </button>
          </div>
        </form>

        <Result outcome={outcome} currentKey={currentKey} language={language} />
      </div>
    </div>
  );
}

/** Keep the user's choices where the new lists still hold them; otherwise the first (lowest) entry. */
function withDefaults(form: Form, options: PremiumOptions): Form {
  const held = (list: readonly (string | number)[], value: string) => list.map(String).includes(value);
  return {
    ...form,
    income: held(options.brackets, form.income) ? form.income : String(options.brackets[0] ?? ''),
    risk: held(
      options.riskClasses.map((risk) => risk.id),
      form.risk,
    )
      ? form.risk
      : (options.riskClasses[0]?.id ?? ''),
    funding:
      options.fundingSources.length === 0 || held(options.fundingSources, form.funding)
        ? form.funding
        : (orderedFunding(options.fundingSources)[0] ?? ''),
    sector: form.sector === '' || held(options.sectors, form.sector) ? form.sector : '',
  };
}

/** The API lists payers alphabetically; people think of them from the worker outwards. */
const FUNDING_ORDER = ['individual', 'asn', 'csr', 'apbd', 'apbn'];

function orderedFunding(sources: readonly string[]): string[] {
  const rank = (source: string) => {
    const position = FUNDING_ORDER.indexOf(source);
    return position === -1 ? FUNDING_ORDER.length : position;
  };
  return [...sources].sort((a, b) => rank(a) - rank(b));
}

interface FieldsProps {
  form: Form;
  options: PremiumOptions | null;
  update: (changes: Partial<Form>) => void;
}

/** A choice among what the options list: disabled, and saying so, until they have loaded. */
function OptionsSelect({
  label,
  name,
  value,
  loaded,
  onChange,
  children,
}: {
  label: string;
  name: string;
  value: string;
  loaded: boolean;
  onChange: (value: string) => void;
  children: ReactNode;
}) {
  const { t } = useI18n();
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        name={name}
        value={value}
        disabled={!loaded}
        onChange={(event) => onChange(event.target.value)}
      >
        {!loaded && <option value="">{t.loading}</option>}
        {children}
      </select>
    </div>
  );
}

function BpuFields({ form, options, update }: FieldsProps) {
  const { t } = useI18n();
  return (
    <div className="field-group">
      <OptionsSelect
        label={t.incomeLabel}
        name="income"
        value={form.income}
        loaded={options !== null}
        onChange={(income) => update({ income })}
      >
        {options?.brackets.map((bracket) => (
          <option key={bracket} value={String(bracket)}>
            {formatRupiah(bracket)}
          </option>
        ))}
      </OptionsSelect>
      <label className="check">
        <input
          type="checkbox"
          name="jht"
          checked={form.jht}
          onChange={(event) => update({ jht: event.target.checked })}
        />
        <span>{t.jhtLabel}</span>
      </label>
    </div>
  );
}

function PuFields({ form, options, update }: FieldsProps) {
  const { t, language } = useI18n();
  const wageId = useId();
  const wageHintId = useId();
  return (
    <div className="field-group">
      <div className="field">
        <label htmlFor={wageId}>{t.wageLabel}</label>
        <span className="hint" id={wageHintId}>
          {t.wageHint}
        </span>
        <input
          id={wageId}
          name="wage"
          inputMode="numeric"
          autoComplete="off"
          value={form.wage}
          aria-describedby={wageHintId}
          onChange={(event) => update({ wage: event.target.value })}
          onBlur={() => {
            const wage = parseRupiahInput(form.wage);
            if (wage !== null) update({ wage: groupDigits(wage) });
          }}
        />
      </div>
      <OptionsSelect
        label={t.riskLabel}
        name="risk"
        value={form.risk}
        loaded={options !== null}
        onChange={(risk) => update({ risk })}
      >
        {options?.riskClasses.map((risk) => (
          <option key={risk.id} value={risk.id}>
            {t.riskClass[risk.id] ?? risk.id} ({formatPercent(risk.rateBasisPoints, language)})
          </option>
        ))}
      </OptionsSelect>
      <fieldset className="fieldset fieldset--plain">
        <legend>{t.programmesLegend}</legend>
        <div className="checks">
          {PROGRAMMES.map((programme) => (
            <label key={programme} className="check">
              <input
                type="checkbox"
                name="programmes"
                value={programme}
                checked={form.programmes[programme]}
                onChange={(event) =>
                  update({ programmes: { ...form.programmes, [programme]: event.target.checked } })
                }
              />
              <span>
                <abbr title={t.component[programme]}>{programme.toUpperCase()}</abbr>{' '}
                <span className="muted">{t.component[programme]}</span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>
    </div>
  );
}

function PayerFields({ form, options, update }: FieldsProps) {
  const { t } = useI18n();
  const fundingId = useId();
  const fundingHintId = useId();
  const sectorId = useId();
  const fundingSources = orderedFunding(
    options?.fundingSources.length ? options.fundingSources : FUNDING_ORDER,
  );
  return (
    <fieldset className="fieldset">
      <legend>{t.payerLegend}</legend>
      <div className="field">
        <label htmlFor={fundingId}>{t.fundingLabel}</label>
        <span className="hint" id={fundingHintId}>
          {t.fundingHint}
        </span>
        <select
          id={fundingId}
          name="funding"
          value={form.funding}
          aria-describedby={fundingHintId}
          onChange={(event) => update({ funding: event.target.value })}
        >
          {fundingSources.map((source) => (
            <option key={source} value={source}>
              {t.funding[source] ?? source}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={sectorId}>{t.sectorLabel}</label>
        <select
          id={sectorId}
          name="sector"
          value={form.sector}
          onChange={(event) => update({ sector: event.target.value })}
        >
          <option value="">{t.sectorOther}</option>
          {options?.sectors.map((sector) => (
            <option key={sector} value={sector}>
              {t.sector[sector] ?? sector}
            </option>
          ))}
        </select>
      </div>
    </fieldset>
  );
}

function PeriodFields({ form, update }: { form: Form; update: (changes: Partial<Form>) => void }) {
  const { t } = useI18n();
  const fromId = useId();
  const monthsId = useId();
  return (
    <fieldset className="fieldset">
      <legend>{t.periodLegend}</legend>
      <div className="field-row">
        <div className="field">
          <label htmlFor={fromId}>{t.fromLabel}</label>
          <input
            id={fromId}
            name="from"
            type="month"
            value={form.from}
            onChange={(event) => update({ from: event.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor={monthsId}>{t.monthsLabel}</label>
          <input
            id={monthsId}
            name="months"
            type="number"
            inputMode="numeric"
            min={1}
            step={1}
            value={form.months}
            onChange={(event) => update({ months: event.target.value })}
          />
        </div>
      </div>
      <fieldset className="presets">
        <legend className="visually-hidden">{t.monthsPresetGroup}</legend>
        {MONTH_PRESETS.map((months) => (
          <button
            key={months}
            type="button"
            className="chip"
            aria-pressed={form.months === String(months)}
            onClick={() => update({ months: String(months) })}
          >
            {t.monthsPreset(months)}
          </button>
        ))}
      </fieldset>
    </fieldset>
  );
}

function Result({
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
