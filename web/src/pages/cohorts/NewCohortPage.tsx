import { type FormEvent, useState } from 'react';
import { ChoiceCards, SpreadsheetField } from '../../components/forms.tsx';
import { ErrorAlert } from '../../components/load.tsx';
import { PageHead } from '../../components/page-head.tsx';
import { Breadcrumb } from '../../components/records.tsx';
import { parseRupiahInput } from '../../format.ts';
import { useApi, useDocumentTitle } from '../../hooks.ts';
import { useI18n } from '../../i18n.ts';
import { paths } from '../../router.tsx';
import { useUser } from '../../session.tsx';
import { BuildResultView, list, TextInput, useBuildForm } from './shared.tsx';

export function NewCohortPage() {
  const { t } = useI18n();
  const api = useApi();
  const user = useUser();
  useDocumentTitle(t.cohortNewTitle);
  const pemda = user.scope.pemdaCode ?? '';
  const year = new Date().getFullYear();
  const [mode, setMode] = useState<'query' | 'file'>('query');
  const [name, setName] = useState('');
  const [budget, setBudget] = useState('');
  const [budgetYear, setBudgetYear] = useState(String(year));
  const [from, setFrom] = useState(`${year}-01`);
  const [months, setMonths] = useState('');
  const [occupations, setOccupations] = useState('');
  const [areas, setAreas] = useState('');
  const [maxDecile, setMaxDecile] = useState('');
  const [limit, setLimit] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const form = useBuildForm();

  function submit(event: FormEvent) {
    event.preventDefault();
    const amount = parseRupiahInput(budget);
    if (amount === null) return form.fail(t.cohortBadNumber(t.cohortBudgetLabel));
    const whole = (text: string) => (text.trim() === '' ? undefined : Number(text.trim()));
    if (mode === 'file') {
      if (!file) return form.fail(t.cohortChooseFile);
      const fields = { name, budget: String(amount), year: budgetYear, from, months, area: areas.trim() };
      return void form.run(() => api.importCohort(pemda, fields, file));
    }
    return void form.run(() =>
      api.buildCohort(pemda, {
        name,
        budget: amount,
        budgetYear: Number(budgetYear),
        from,
        ...(whole(months) === undefined ? {} : { months: whole(months) }),
        ...(list(occupations).length ? { occupations: list(occupations) } : {}),
        ...(list(areas).length ? { areas: list(areas) } : {}),
        ...(whole(maxDecile) === undefined ? {} : { maxDecile: whole(maxDecile) }),
        ...(whole(limit) === undefined ? {} : { limit: whole(limit) }),
      }),
    );
  }

  return (
    <div className="imports">
      <Breadcrumb list={t.cohortListTitle} href={paths.cohorts()} current={t.cohortNewTitle} />
      <PageHead title={t.cohortNewTitle} intro={t.cohortNewIntro} />
      <form className="card import-form" onSubmit={submit} noValidate aria-label={t.cohortNewTitle}>
        <ChoiceCards
          legend={t.cohortModeLegend}
          name="mode"
          choices={[
            { value: 'query' as const, label: t.cohortModeQuery, hint: t.cohortModeQueryHint },
            { value: 'file' as const, label: t.cohortModeFile, hint: t.cohortModeFileHint },
          ]}
          value={mode}
          onChange={setMode}
        />
        <TextInput label={t.cohortNameLabel} hint={t.cohortNameHint} value={name} onChange={setName} />
        <TextInput label={t.cohortBudgetLabel} value={budget} onChange={setBudget} inputMode="numeric" />
        <TextInput
          label={t.cohortYearLabel}
          value={budgetYear}
          onChange={setBudgetYear}
          inputMode="numeric"
        />
        <TextInput label={t.cohortFromLabel} value={from} onChange={setFrom} type="month" />
        <TextInput
          label={t.cohortMonthsLabel}
          hint={t.cohortMonthsHint}
          value={months}
          onChange={setMonths}
          inputMode="numeric"
        />
        {mode === 'query' ? (
          <>
            <TextInput
              label={t.cohortOccupationsLabel}
              hint={t.cohortOccupationsHint}
              value={occupations}
              onChange={setOccupations}
            />
            <TextInput
              label={t.cohortAreasLabel}
              hint={t.cohortAreasHint}
              value={areas}
              onChange={setAreas}
            />
            <TextInput
              label={t.cohortDecileLabel}
              hint={t.cohortDecileHint}
              value={maxDecile}
              onChange={setMaxDecile}
              inputMode="numeric"
            />
            <TextInput label={t.cohortLimitLabel} value={limit} onChange={setLimit} inputMode="numeric" />
          </>
        ) : (
          <>
            <SpreadsheetField label={t.cohortFileLabel} hint={t.cohortModeFileHint} onChange={setFile} />
            <TextInput label={t.cohortAreaLabel} hint={t.cohortAreaHint} value={areas} onChange={setAreas} />
          </>
        )}
        {form.error && <ErrorAlert message={form.error} />}
        {form.busy && (
          <div className="import-progress">
            <p>{mode === 'file' ? t.cohortUploadProgress : t.cohortWorking}</p>
            <progress aria-label={t.cohortWorking} />
          </div>
        )}
        <div className="form-actions">
          <button type="submit" className="button button--primary" disabled={form.busy}>
            {form.busy ? t.cohortWorking : t.cohortSubmit}
          </button>
        </div>
      </form>
      {form.result && <BuildResultView result={form.result} />}
    </div>
  );
}
