import { type FormEvent, useId, useState } from 'react';
import type { CoverageMonth, WorkerCoverage } from '../../api/types.ts';
import { useSubmit } from '../../components/forms.tsx';
import { ErrorAlert, LoadState, useLoad } from '../../components/load.tsx';
import { Breadcrumb } from '../../components/records.tsx';
import { DataTable } from '../../components/tables.tsx';
import { formatDate, formatPeriod, formatRupiah } from '../../format.ts';
import { useApi, useDocumentTitle } from '../../hooks.ts';
import { useI18n } from '../../i18n.ts';
import { Link, navigate, paths, useSearch } from '../../router.tsx';
import { mayUse, useUser } from '../../session.tsx';

type Answer = WorkerCoverage['current'];

/** "Covered" or "not covered" on a day, with the reason as the rules word it. */
function AnswerBox({ title, answer, testId }: { title: string; answer: Answer; testId: string }) {
  const { t } = useI18n();
  return (
    <section
      className={answer.covered ? 'notice notice--info' : 'alert alert--error'}
      aria-label={title}
      data-testid={testId}
      data-covered={answer.covered}
    >
      <p className="strong">
        {title}: {answer.covered ? t.covCovered : t.covNotCovered}
      </p>
      <p>{answer.reason}</p>
    </section>
  );
}

function monthNote(month: CoverageMonth, t: ReturnType<typeof useI18n>['t'], language: 'id' | 'en'): string {
  if (month.override) {
    return t.covOverride(month.override.covered, month.override.by ?? t.clmSystem, month.override.reason);
  }
  if (month.lapsedOn && month.state === 'lapsed') return t.covLapsedOn(formatDate(month.lapsedOn, language));
  if (month.recordedFrom && month.state === 'not_recorded') {
    return t.covNotRecorded(formatPeriod(month.recordedFrom, language));
  }
  if (month.arrearsPayableUntil && month.state === 'unpaid') {
    return t.covPayBy(formatDate(month.arrearsPayableUntil, language));
  }
  return '';
}

/** A month before the Pemda's ledger in Asuh: no charge will come, and whether it was covered is unknown here. */
const unrecorded = (month: CoverageMonth) => month.state === 'not_recorded';
const billedLater = (month: CoverageMonth) => month.sponsored && !unrecorded(month);

/**
 * A worker's coverage (issue 5, item 3): today's answer, "covered on this day?" with the reason,
 * the months one by one, and for officers the override of a month with its reason.
 */
export function WorkerCoveragePage({ nik }: { nik: string }) {
  const { t, language } = useI18n();
  const api = useApi();
  const user = useUser();
  const on = new URLSearchParams(useSearch()).get('tanggal') ?? undefined;
  const [version, setVersion] = useState(0);
  const load = useLoad(`${nik} ${on ?? ''} ${language} ${version}`, (signal) =>
    api.workerCoverage(nik, on, signal),
  );
  const coverage = load.data;
  useDocumentTitle(coverage ? t.covTitle(coverage.name) : t.covKicker);

  return (
    <div className="coverage">
      {mayUse(user, 'workerRegistry') ? (
        <Breadcrumb list={coverage?.name ?? t.workersTitle} href={paths.worker(nik)} current={t.covKicker} />
      ) : null}
      <LoadState load={load} />
      {coverage && (
        <>
          <div className="page-head">
            <p className="kicker">{t.covKicker}</p>
            <h1>{t.covTitle(coverage.name)}</h1>
            <p className="code">{coverage.nik}</p>
          </div>
          <AnswerBox
            title={t.covToday(formatDate(coverage.today, language), coverage.timeZone)}
            answer={coverage.current}
            testId="coverage-current"
          />
          <AskForm nik={nik} on={on} />
          {coverage.answer && (
            <AnswerBox
              title={t.covAnswerOn(formatDate(coverage.answer.date, language))}
              answer={coverage.answer}
              testId="coverage-answer"
            />
          )}
          <Timeline coverage={coverage} />
          {coverage.mayOverride && coverage.months.length > 0 && (
            <OverrideForm coverage={coverage} nik={nik} onSaved={() => setVersion((value) => value + 1)} />
          )}
        </>
      )}
    </div>
  );
}

function AskForm({ nik, on }: { nik: string; on: string | undefined }) {
  const { t } = useI18n();
  const fieldId = useId();
  const hintId = useId();
  const [date, setDate] = useState(on ?? '');
  function submit(event: FormEvent) {
    event.preventDefault();
    navigate(paths.workerCoverage(nik, { tanggal: date || undefined }));
  }
  return (
    <form className="card search-form" onSubmit={submit} aria-label={t.covAskTitle}>
      <h2>{t.covAskTitle}</h2>
      <div className="field">
        <label htmlFor={fieldId}>{t.covAskDate}</label>
        <span className="hint" id={hintId}>
          {t.covAskHint}
        </span>
        <input
          id={fieldId}
          name="tanggal"
          type="date"
          required
          value={date}
          aria-describedby={hintId}
          onChange={(event) => setDate(event.target.value)}
        />
      </div>
      <div className="search-form__actions">
        <button type="submit" className="button">
          {t.covAskButton}
        </button>
      </div>
    </form>
  );
}

function Timeline({ coverage }: { coverage: WorkerCoverage }) {
  const { t, language } = useI18n();
  const headingId = useId();
  const day = (value: string | null) => (value ? formatDate(value, language) : t.covNone);
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>{t.covTimelineTitle}</h2>
      <p className="hint">{t.covRulesNote}</p>
      {coverage.months.length === 0 ? (
        <p className="muted">{t.covEmpty}</p>
      ) : (
        <DataTable
          caption={t.covTimelineCaption}
          testId="coverage-months"
          variant="registry"
          columns={[
            t.covColMonth,
            t.covColState,
            t.covColSponsor,
            { label: t.covColAmount, numeric: true },
            { label: t.covColPaid, numeric: true },
            t.covColDue,
            t.covColPaidOn,
            t.covColCoveredFrom,
            t.covColNote,
          ]}
        >
          {[...coverage.months].reverse().map((month) => (
            <tr key={month.period} data-period={month.period} data-state={month.state}>
              <th scope="row" className="nowrap">
                {formatPeriod(month.period, language)}
              </th>
              <td data-label={t.covColState} className="strong">
                {month.stateLabel}
              </td>
              <td data-label={t.covColSponsor}>
                {month.sponsor?.name ?? (month.sponsored ? t.covSponsorHidden : t.covNone)}
              </td>
              <td data-label={t.covColAmount} className="num">
                {month.billed ? formatRupiah(month.amount) : billedLater(month) ? t.covNotBilled : t.covNone}
              </td>
              <td data-label={t.covColPaid} className="num">
                {month.billed ? formatRupiah(month.paid) : t.covNone}
              </td>
              <td data-label={t.covColDue} className="nowrap">
                {day(month.dueDate)}
              </td>
              <td data-label={t.covColPaidOn} className="nowrap">
                {day(month.paidOn)}
              </td>
              <td data-label={t.covColCoveredFrom} className="nowrap">
                {month.coveredFrom ? day(month.coveredFrom) : unrecorded(month) ? t.covNone : t.covNoCover}
              </td>
              <td data-label={t.covColNote}>{monthNote(month, t, language) || t.covNone}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}

function OverrideForm({
  coverage,
  nik,
  onSaved,
}: {
  coverage: WorkerCoverage;
  nik: string;
  onSaved: () => void;
}) {
  const { t, language } = useI18n();
  const api = useApi();
  const monthId = useId();
  const reasonId = useId();
  const [period, setPeriod] = useState(
    coverage.months.find((month) => month.state === 'unpaid')?.period ?? coverage.months.at(-1)!.period,
  );
  const [covered, setCovered] = useState(true);
  const [reason, setReason] = useState('');
  const { busy, error, run } = useSubmit();
  const [saved, setSaved] = useState(false);

  function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    void run(async () => {
      await api.recordCoverageOverride(nik, { period, covered, reason });
      setReason('');
      setSaved(true);
      onSaved();
    });
  }

  return (
    <form className="card" onSubmit={submit} aria-label={t.covOverrideTitle}>
      <h2>{t.covOverrideTitle}</h2>
      <p className="hint">{t.covOverrideText}</p>
      <div className="field">
        <label htmlFor={monthId}>{t.covOverrideMonth}</label>
        <select id={monthId} name="period" value={period} onChange={(event) => setPeriod(event.target.value)}>
          {[...coverage.months].reverse().map((month) => (
            <option key={month.period} value={month.period}>
              {formatPeriod(month.period, language)} — {month.stateLabel}
            </option>
          ))}
        </select>
      </div>
      <fieldset className="fieldset">
        <legend>{t.covOverrideDecision}</legend>
        <label className="check">
          <input type="radio" name="covered" checked={covered} onChange={() => setCovered(true)} />{' '}
          {t.covOverrideCovered}
        </label>
        <label className="check">
          <input type="radio" name="covered" checked={!covered} onChange={() => setCovered(false)} />{' '}
          {t.covOverrideNotCovered}
        </label>
      </fieldset>
      <div className="field">
        <label htmlFor={reasonId}>{t.covOverrideReason}</label>
        <textarea
          id={reasonId}
          name="reason"
          required
          minLength={3}
          maxLength={500}
          value={reason}
          onChange={(event) => setReason(event.target.value)}
        />
      </div>
      {error && <ErrorAlert message={error} />}
      {saved && (
        <p className="notice notice--info" role="status">
          {t.covOverrideSaved}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={busy}>
          {t.covOverrideButton}
        </button>
      </div>
    </form>
  );
}

/** The link from a worker's record (and from lists) to their coverage. */
export function CoverageLink({ nik }: { nik: string }) {
  const { t } = useI18n();
  return (
    <p>
      <Link className="button button--secondary" href={paths.workerCoverage(nik)}>
        {t.covLink}
      </Link>
    </p>
  );
}
