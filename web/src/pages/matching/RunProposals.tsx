import { useState } from 'react';
import { MATCH_LEVELS } from '../../../../src/core/matching.ts';
import type { MatchDecision, MatchProposal, MatchRun } from '../../api/types.ts';
import { PagedResults, SelectFilter } from '../../components/lists.tsx';
import { useLoad } from '../../components/load.tsx';
import { DataTable } from '../../components/tables.tsx';
import { formatCount } from '../../format.ts';
import { useApi } from '../../hooks.ts';
import { useI18n } from '../../i18n.ts';
import { Link, navigate } from '../../router.tsx';
import { hrefFor, PAGE_SIZE, type ProposalFilters, STATUSES } from './filters.ts';

export function RunsTable({ runs, selected }: { runs: MatchRun[]; selected: number | undefined }) {
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

export function RunProposals({
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

export function DecisionButtons({
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
