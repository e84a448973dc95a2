import { type FormEvent, useEffect, useRef, useState } from 'react';
import { ApiError, isAbort } from '../../api/client.ts';
import type { Premium, PremiumOptions, PremiumQuery } from '../../api/types.ts';
import { ChoiceCards } from '../../components/forms.tsx';
import { ErrorAlert } from '../../components/load.tsx';
import { PageHead } from '../../components/page-head.tsx';
import { thisMonth } from '../../format.ts';
import { useApi, useDocumentTitle } from '../../hooks.ts';
import { useI18n } from '../../i18n.ts';
import { BpuFields, PayerFields, PeriodFields, PuFields } from './fields.tsx';
import { type Form, initialForm, toQuery, withDefaults } from './form.ts';
import { Result } from './PremiumView.tsx';

/** The last options loaded stay usable when a later month's fail: the quote then explains why. */
interface Options {
  loaded: PremiumOptions | null;
  error: { message: string; retryable: boolean } | null;
}

export type Outcome =
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
      <PageHead title={t.calcTitle} intro={t.calcIntro} />
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
