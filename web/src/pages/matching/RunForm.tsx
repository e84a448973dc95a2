import { type FormEvent, useId, useState } from 'react';
import { todayInWib } from '../../../../src/core/calendar.ts';
import { MATCH_LEVELS } from '../../../../src/core/matching.ts';
import type { MatchSummary } from '../../api/types.ts';
import { ChoiceCards, useSubmit } from '../../components/forms.tsx';
import { ErrorAlert } from '../../components/load.tsx';
import { formatCount } from '../../format.ts';
import { useApi } from '../../hooks.ts';
import { useI18n } from '../../i18n.ts';

const FILLS = ['min', 'max'] as const;

export function RunForm({ pemda, onSaved }: { pemda: string; onSaved: (run: number) => void }) {
  const { t, language } = useI18n();
  const api = useApi();
  const dateId = useId();
  const hintId = useId();
  const [on, setOn] = useState(todayInWib());
  const [fill, setFill] = useState<(typeof FILLS)[number]>('min');
  const submission = useSubmit();
  const { busy, error } = submission;
  const [result, setResult] = useState<MatchSummary | null>(null);

  const run = (save: boolean) =>
    submission.run(async () => {
      const summary = await api.runMatching(pemda, { on, fill, save });
      setResult(summary);
      if (summary.run) onSaved(summary.run.id);
    });

  function submit(event: FormEvent) {
    event.preventDefault();
    void run(false);
  }

  return (
    <form className="card" onSubmit={submit} aria-label={t.matchRunTitle}>
      <h2>{t.matchRunTitle}</h2>
      <div className="field">
        <label htmlFor={dateId}>{t.matchOnLabel}</label>
        <span className="hint" id={hintId}>
          {t.matchOnHint}
        </span>
        <input
          id={dateId}
          type="date"
          value={on}
          aria-describedby={hintId}
          onChange={(event) => setOn(event.target.value)}
        />
      </div>
      <ChoiceCards
        legend={t.matchFillLegend}
        name="fill"
        choices={FILLS.map((value) => ({ value, label: t.matchFill[value], hint: t.matchFillHint[value] }))}
        value={fill}
        onChange={setFill}
      />
      {error && <ErrorAlert message={error} />}
      <div className="button-row">
        <button type="submit" className="button button--secondary" disabled={busy}>
          {busy ? t.matchWorking : t.matchDryRunButton}
        </button>
        <button type="button" className="button button--primary" disabled={busy} onClick={() => run(true)}>
          {t.matchSaveButton}
        </button>
      </div>
      <p className="fine-print">{t.matchSaveHint}</p>
      {result && (
        <section aria-live="polite" data-testid="match-result">
          <h3>
            {result.run
              ? t.matchSavedResult(result.run.id, formatCount(result.run.withdrawn, language))
              : t.matchDryRunResult}
          </h3>
          <dl className="totals">
            {(['pool', 'sponsors', 'quota', 'proposals'] as const).map((field) => (
              <div key={field} className="totals__item">
                <dt>{t.matchTotals[field]}</dt>
                <dd>{formatCount(result[field], language)}</dd>
              </div>
            ))}
          </dl>
          <dl className="totals" data-testid="match-levels">
            {MATCH_LEVELS.filter((level) => result.byLevel[level] > 0).map((level) => (
              <div key={level} className="totals__item">
                <dt>{t.matchLevel[level]}</dt>
                <dd>{formatCount(result.byLevel[level], language)}</dd>
              </div>
            ))}
          </dl>
          {result.programmes
            .filter((programme) => programme.note)
            .map((programme) => (
              <p key={programme.key} className="notice notice--info">
                {programme.name}: {programme.note![language]}
              </p>
            ))}
          {result.sponsorsWithoutVillage > 0 && (
            <p className="notice">
              {t.matchWithoutVillage(formatCount(result.sponsorsWithoutVillage, language))}
            </p>
          )}
        </section>
      )}
    </form>
  );
}
