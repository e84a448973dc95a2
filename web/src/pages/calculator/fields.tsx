import { type ReactNode, useId } from 'react';
import type { PremiumOptions } from '../../api/types.ts';
import { formatPercent, formatRupiah, groupDigits, parseRupiahInput } from '../../format.ts';
import { useI18n } from '../../i18n.ts';
import { type Form, FUNDING_ORDER, MONTH_PRESETS, orderedFunding, PROGRAMMES } from './form.ts';

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

export function BpuFields({ form, options, update }: FieldsProps) {
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

export function PuFields({ form, options, update }: FieldsProps) {
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

export function PayerFields({ form, options, update }: FieldsProps) {
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

export function PeriodFields({ form, update }: { form: Form; update: (changes: Partial<Form>) => void }) {
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
