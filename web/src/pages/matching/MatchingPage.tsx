import { useState } from 'react';
import { LoadState, useLoad } from '../../components/load.tsx';
import { PageHead } from '../../components/page-head.tsx';
import { useApi, useDocumentTitle } from '../../hooks.ts';
import { useI18n } from '../../i18n.ts';
import { navigate, useSearch } from '../../router.tsx';
import { useUser } from '../../session.tsx';
import { hrefFor, readFilters } from './filters.ts';
import { RunForm } from './RunForm.tsx';
import { RunProposals, RunsTable } from './RunProposals.tsx';

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
      <PageHead title={t.matchTitle} intro={t.matchIntro} />
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
