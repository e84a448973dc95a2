import { type FormEvent, useId, useState } from 'react';
import { ROLE_LABELS, type Role } from '../../../src/core/access.ts';
import type { AuditEntry } from '../api.ts';
import {
  ErrorAlert,
  Loading,
  Pagination,
  PemdaPicker,
  pageParam,
  useLoad,
  usePemdaList,
} from '../components.tsx';
import { formatMoment } from '../format.ts';
import { useApi, useDocumentTitle } from '../hooks.ts';
import { useI18n } from '../i18n.ts';
import { navigate, paths, useSearch } from '../router.tsx';
import { useUser } from '../session.tsx';

const PAGE_SIZE = 50;

interface AuditFilters {
  pemda: string | undefined;
  action: string;
  page: number;
}

export function AuditPage() {
  const { t, language } = useI18n();
  const api = useApi();
  const user = useUser();
  useDocumentTitle(t.auditTitle);
  const params = new URLSearchParams(useSearch());
  const pemdaList = usePemdaList();
  // A Pemda admin reads their own log; a national monitor picks a Pemda (by default the first).
  const fixedPemda = user.scope.pemdaCode;
  const filters: AuditFilters = {
    pemda: fixedPemda ?? params.get('pemda') ?? pemdaList.data?.[0]?.code,
    action: params.get('aksi') ?? '',
    page: pageParam(params),
  };
  const hrefFor = (changes: Partial<AuditFilters>) => {
    const next = { ...filters, ...changes };
    return paths.audit({
      pemda: fixedPemda ? undefined : next.pemda,
      aksi: next.action,
      page: next.page > 1 ? next.page : undefined,
    });
  };
  const zone = pemdaList.data?.find((pemda) => pemda.code === filters.pemda)?.timeZone ?? 'WIB';

  const log = useLoad(filters.pemda ? `${JSON.stringify(filters)} ${language}` : null, (signal) =>
    api.audit(
      {
        pemda: filters.pemda ?? '',
        action: filters.action || undefined,
        page: filters.page,
        pageSize: PAGE_SIZE,
      },
      signal,
    ),
  );

  return (
    <div className="audit">
      <div className="page-head">
        <h1>{t.auditTitle}</h1>
        <p className="lead">{t.auditIntro(zone)}</p>
      </div>
      {!fixedPemda && pemdaList.data && (
        <PemdaPicker
          list={pemdaList.data}
          value={filters.pemda}
          allowAll={false}
          hrefFor={(pemda) => hrefFor({ pemda, page: 1 })}
        />
      )}
      {pemdaList.status === 'error' && <ErrorAlert message={pemdaList.message} />}
      <ActionFilter
        key={filters.action}
        value={filters.action}
        onSearch={(action) => navigate(hrefFor({ action, page: 1 }))}
      />
      {log.status === 'error' && <ErrorAlert message={log.message} />}
      {log.status === 'loading' && !log.data && <Loading />}
      {log.data && (
        <section aria-busy={log.status === 'loading'} aria-label={t.resultsLabel}>
          {log.data.items.length === 0 ? (
            <p className="muted" role="status">
              {t.noResults}
            </p>
          ) : (
            <AuditTable items={log.data.items} zone={zone} />
          )}
          <Pagination
            page={log.data.page}
            pageSize={log.data.pageSize}
            total={log.data.total}
            hrefFor={(page) => hrefFor({ page })}
          />
        </section>
      )}
    </div>
  );
}

function ActionFilter({ value, onSearch }: { value: string; onSearch: (action: string) => void }) {
  const { t } = useI18n();
  const id = useId();
  const hintId = useId();
  const [action, setAction] = useState(value);
  function submit(event: FormEvent) {
    event.preventDefault();
    onSearch(action.trim());
  }
  return (
    <form className="card search-form" onSubmit={submit} aria-label={t.filtersLabel}>
      <div className="field search-form__query">
        <label htmlFor={id}>{t.auditActionLabel}</label>
        <span className="hint" id={hintId}>
          {t.auditActionHint}
        </span>
        <input
          id={id}
          name="aksi"
          value={action}
          autoComplete="off"
          spellCheck={false}
          placeholder="import.workers"
          aria-describedby={hintId}
          onChange={(event) => setAction(event.target.value)}
        />
      </div>
      <div className="search-form__actions">
        <button type="submit" className="button">
          {t.searchButton}
        </button>
      </div>
    </form>
  );
}

function AuditTable({ items, zone }: { items: AuditEntry[]; zone: 'WIB' | 'WITA' | 'WIT' }) {
  const { t, language } = useI18n();
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
    <section className="table-wrap" tabIndex={0} aria-label={t.auditTitle}>
      <table className="table" data-testid="audit-table">
        <thead>
          <tr>
            <th scope="col">{t.colTime}</th>
            <th scope="col">{t.colUser}</th>
            <th scope="col">{t.colAction}</th>
            <th scope="col">{t.colEntity}</th>
            <th scope="col">{t.colIp}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((entry) => (
            <tr key={entry.id}>
              <td className="nowrap">{formatMoment(entry.at, zone, language)}</td>
              <td>
                {entry.username ?? t.systemUser}
                {entry.role && (
                  <span className="table__sub">
                    {ROLE_LABELS[entry.role as Role]?.[language] ?? entry.role}
                  </span>
                )}
              </td>
              <td>
                <span className="code">{entry.action}</span>
                {t.auditAction[entry.action] && (
                  <span className="table__sub">{t.auditAction[entry.action]}</span>
                )}
              </td>
              <td>
                {entry.entityType ? (
                  <>
                    {entry.entityType}
                    {entry.entityId && <span className="table__sub code">{entry.entityId}</span>}
                  </>
                ) : (
                  '—'
                )}
              </td>
              <td className="code nowrap">{entry.ip ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
