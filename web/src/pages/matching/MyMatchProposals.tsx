import { useState } from 'react';
import { ErrorAlert, LoadState, useLoad } from '../../components/load.tsx';
import { useApi } from '../../hooks.ts';
import { useI18n } from '../../i18n.ts';
import { DecisionButtons } from './RunProposals.tsx';

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
