import { type FormEvent, useId, useState } from 'react';
import { todayInWib } from '../../../src/core/calendar.ts';
import { MATCH_LEVELS } from '../../../src/core/matching.ts';
import type { MatchDecision, MatchProposal, MatchRun, MatchSummary } from '../api/types.ts';
import {
  ChoiceCards,
  DataTable,
  ErrorAlert,
  LoadState,
  PagedResults,
  pageParam,
  SelectFilter,
  useLoad,
  useSubmit,
} from '../components.tsx';
import { formatCount } from '../format.ts';
import { useApi, useDocumentTitle } from '../hooks.ts';
import { useI18n } from '../i18n.ts';
import { Link, navigate, paths, useSearch } from '../router.tsx';
import { useUser } from '../session.tsx';

const PAGE_SIZE = 25;
const STATUSES = ['open', 'accepted', 'rejected', 'withdrawn'] as const;
const FILLS = ['min', 'max'] as const;

interface ProposalFilters {
  run: number | undefined;
  status: string;
  level: string;
  page: number;
}

function readFilters(search: string): ProposalFilters {
  const params = new URLSearchParams(search);
  const run = Number(params.get('run'));
  return {
    run: Number.isInteger(run) && run > 0 ? run : undefined,
    status: params.get('status') ?? 'open',
    level: params.get('level') ?? '',
    page: pageParam(params),
  };
}

const hrefFor = (filters: ProposalFilters) =>
  paths.matching({
    run: filters.run,
    status: filters.status === 'open' ? undefined : filters.status || 'all',
    level: filters.level,
    page: filters.page > 1 ? filters.page : undefined,
  });

/** The Pemda admin's page: run the matching, then decide its proposals one by one or all at once. */
export function MatchingPage() {
  const { t, language } = useI18n();
  const api = useApi();
  const user = useUser();
  useDocumentTitle(t.matchTitle);
  const pemda = user.scope.pemdaCode ?? '';
  const filters = readFilters(useSearch());
  const [refresh, setRefresh] = useState(0);
  const runs = useLoad(pemda ? `${pemda} ${language} ${refresh}` : null, async (signal) =>
    pemda ? (await api.matchRuns(pemda, signal)).items : [],
  );
  const runId = filters.run ?? runs.data?.[0]?.id;

  return (
    <div className="matching">
      <div className="page-head">
        <h1>{t.matchTitle}</h1>
        <p className="lead">{t.matchIntro}</p>
      </div>
      <RunForm
        pemda={pemda}
        onSaved={(id) => {
          setRefresh((n) => n + 1);
          navigate(hrefFor({ run: id, status: 'open', level: '', page: 1 }));
        }}
      />
      <section aria-labelledby="match-runs">
        <h2 id="match-runs">{t.matchRunsTitle}</h2>
        <LoadState load={runs} />
        {runs.data &&
          (runs.data.length === 0 ? (
            <p className="muted">{t.matchNoRuns}</p>
          ) : (
            <RunsTable runs={runs.data} selected={runId} />
          ))}
      </section>
      {runId !== undefined && (
        <RunProposals
          key={runId}
          runId={runId}
          refresh={refresh}
          filters={{ ...filters, run: runId }}
          onDecided={() => setRefresh((n) => n + 1)}
        />
      )}
    </div>
  );
}

function RunForm({ pemda, onSaved }: { pemda: string; onSaved: (run: number) => void }) {
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

function RunsTable({ runs, selected }: { runs: MatchRun[]; selected: number | undefined }) {
  const { t, language } = useI18n();
  return (
    <DataTable
      caption={t.matchRunsTitle}
      columns={[
        t.matchColRun,
        { label: t.matchColProposals, numeric: true },
        { label: t.matchColOpen, numeric: true },
        { label: t.matchColAccepted, numeric: true },
        { label: t.matchColRejected, numeric: true },
      ]}
    >
      {runs.map((run) => (
        <tr key={run.id}>
          <th scope="row">
            <Link
              href={hrefFor({ run: run.id, status: 'open', level: '', page: 1 })}
              aria-current={run.id === selected ? 'true' : undefined}
            >
              {t.matchRunLabel(run.id, run.on)}
            </Link>
            {run.programme && <span className="table__sub">{run.programme.name}</span>}
          </th>
          <td className="num">{formatCount(run.proposals, language)}</td>
          <td className="num">{formatCount(run.statusCounts.open, language)}</td>
          <td className="num">{formatCount(run.statusCounts.accepted, language)}</td>
          <td className="num">{formatCount(run.statusCounts.rejected, language)}</td>
        </tr>
      ))}
    </DataTable>
  );
}

function RunProposals({
  runId,
  refresh,
  filters,
  onDecided,
}: {
  runId: number;
  /** Changes after every decision, so the list is read again. */
  refresh: number;
  filters: ProposalFilters;
  onDecided: () => void;
}) {
  const { t, language } = useI18n();
  const api = useApi();
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  const results = useLoad(`${JSON.stringify(filters)} ${language} ${refresh}`, (signal) =>
    api.matchProposals(
      runId,
      {
        status: filters.status === 'all' ? undefined : filters.status,
        level: filters.level || undefined,
        page: filters.page,
        pageSize: PAGE_SIZE,
      },
      signal,
    ),
  );

  async function decide(work: () => Promise<MatchDecision>) {
    setBusy(true);
    setMessage(null);
    try {
      const decision = await work();
      const refusals = decision.results.flatMap((result) => (result.error ? [result.error.message] : []));
      setMessage({
        text: [
          t.matchDecided(
            formatCount(decision.accepted, language),
            formatCount(decision.rejected, language),
            formatCount(decision.refused, language),
          ),
          ...refusals.slice(0, 5),
        ].join(' '),
        error: decision.refused > 0,
      });
      onDecided();
    } catch (failure) {
      setMessage({ text: (failure as Error).message, error: true });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="match-proposals">
      <h2 id="match-proposals">{t.matchProposalsTitle(runId)}</h2>
      <div className="card search-form">
        <SelectFilter
          label={t.matchStatusLabel}
          allLabel={t.matchAll}
          allValue="all"
          options={STATUSES.map((status) => ({ value: status, label: t.matchStatus[status] }))}
          value={filters.status}
          onChange={(status) => navigate(hrefFor({ ...filters, status, page: 1 }))}
        />
        <SelectFilter
          label={t.matchLevelLabel}
          allLabel={t.matchAll}
          options={MATCH_LEVELS.map((level) => ({ value: level, label: t.matchLevel[level] }))}
          value={filters.level}
          onChange={(level) => navigate(hrefFor({ ...filters, level, page: 1 }))}
        />
        <div className="search-form__actions">
          <button
            type="button"
            className="button button--primary"
            disabled={busy}
            onClick={() => decide(() => api.acceptMatchRun(runId))}
          >
            {t.matchAcceptAll}
          </button>
        </div>
      </div>
      {message && (
        <p className={message.error ? 'alert alert--error' : 'notice notice--info'} role="status">
          {message.text}
        </p>
      )}
      <PagedResults results={results} hrefFor={(page) => hrefFor({ ...filters, page })}>
        {(items) => (
          <ProposalTable
            items={items}
            busy={busy}
            onDecide={(id, decision) => decide(() => api.decideMatchProposal(id, decision))}
          />
        )}
      </PagedResults>
    </section>
  );
}

function ProposalTable({
  items,
  busy,
  onDecide,
}: {
  items: MatchProposal[];
  busy: boolean;
  onDecide: (id: number, decision: 'accept' | 'reject') => void;
}) {
  const { t, language } = useI18n();
  return (
    <DataTable
      caption={t.matchProposalsTitle(items[0]?.runId ?? 0)}
      testId="proposal-table"
      variant="registry"
      columns={[
        t.matchColWorker,
        t.matchColSponsor,
        t.matchLevelLabel,
        t.matchColReason,
        t.matchStatusLabel,
        t.matchColActions,
      ]}
    >
      {items.map((proposal) => (
        <tr key={proposal.id}>
          <th scope="row">
            {proposal.worker.name}
            <span className="table__sub code">{proposal.worker.nik}</span>
          </th>
          <td data-label={t.matchColSponsor}>
            {proposal.sponsor.name}
            {proposal.sponsor.opd && <span className="table__sub">{proposal.sponsor.opd.name}</span>}
          </td>
          <td data-label={t.matchLevelLabel}>{t.matchLevel[proposal.level]}</td>
          <td data-label={t.matchColReason}>{proposal.reason[language]}</td>
          <td data-label={t.matchStatusLabel}>{t.matchStatus[proposal.status]}</td>
          <td data-label={t.matchColActions}>
            {proposal.status === 'open' && (
              <DecisionButtons id={proposal.id} busy={busy} onDecide={onDecide} />
            )}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}

function DecisionButtons({
  id,
  busy,
  onDecide,
}: {
  id: number;
  busy: boolean;
  onDecide: (id: number, decision: 'accept' | 'reject') => void;
}) {
  const { t } = useI18n();
  return (
    <span className="button-row">
      <button
        type="button"
        className="button button--primary"
        disabled={busy}
        onClick={() => onDecide(id, 'accept')}
      >
        {t.matchAccept}
      </button>
      <button
        type="button"
        className="button button--secondary"
        disabled={busy}
        onClick={() => onDecide(id, 'reject')}
      >
        {t.matchReject}
      </button>
    </span>
  );
}

/**
 * The workers proposed to the signed-in ASN, each with why and the buttons to take them on or
 * decline them; for the ASN's own page.
 */
export function MyMatchProposals({ onAccepted }: { onAccepted?: () => void }) {
  const { t, language } = useI18n();
  const api = useApi();
  const [refresh, setRefresh] = useState(0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const proposals = useLoad(`${language} ${refresh}`, (signal) =>
    api.myMatchProposals({ status: 'open', pageSize: 20 }, signal),
  );

  async function decide(id: number, decision: 'accept' | 'reject') {
    setBusy(true);
    setError(null);
    try {
      await api.decideMatchProposal(id, decision);
      if (decision === 'accept') onAccepted?.();
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      setBusy(false);
      setRefresh((n) => n + 1);
    }
  }

  return (
    <section className="my-match" aria-labelledby="my-match-proposals" data-testid="my-match-proposals">
      <h2 id="my-match-proposals">{t.myMatchTitle}</h2>
      <p className="muted">{t.myMatchIntro}</p>
      {error && <ErrorAlert message={error} />}
      <LoadState load={proposals} />
      {proposals.data &&
        (proposals.data.items.length === 0 ? (
          <p className="muted">{t.myMatchNone}</p>
        ) : (
          <ul className="plain-list">
            {proposals.data.items.map((proposal) => (
              <li key={proposal.id} className="card">
                <p>
                  <strong>{proposal.worker.name}</strong> <span className="code">{proposal.worker.nik}</span>
                </p>
                <p className="muted">
                  {proposal.worker.village?.name ?? '—'} · {proposal.reason[language]}
                </p>
                <DecisionButtons id={proposal.id} busy={busy} onDecide={decide} />
              </li>
            ))}
          </ul>
        ))}
    </section>
  );
}
