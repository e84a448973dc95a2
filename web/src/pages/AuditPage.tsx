import { useState } from 'react';
import { ROLE_LABELS, type Role } from '../../../src/core/access.ts';
import type { AuditEntry } from '../api/types.ts';
import { FilterForm, PagedResults, TextFilter, useListFilters } from '../components/lists.tsx';
import { ErrorAlert, useLoad } from '../components/load.tsx';
import { PageHead } from '../components/page-head.tsx';
import { PemdaPicker, usePemdaList } from '../components/pemda.tsx';
import { DataTable } from '../components/tables.tsx';
import { formatMoment } from '../format.ts';
import { useApi, useDocumentTitle } from '../hooks.ts';
import { useI18n } from '../i18n.ts';
import { navigate, paths } from '../router.tsx';

const PAGE_SIZE = 50;

export function AuditPage() {
  const { t, language } = useI18n();
  const api = useApi();
  useDocumentTitle(t.auditTitle);
  const pemdaList = usePemdaList();
  // A Pemda admin reads their own log; a national monitor picks a Pemda (by default the first).
  const { filters, fixedPemda, hrefFor } = useListFilters(
    (params) => ({ action: params.get('aksi') ?? '' }),
    (next) => paths.audit({ pemda: next.pemda, aksi: next.action, page: next.page }),
    pemdaList.data?.[0]?.code,
  );
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
      <PageHead title={t.auditTitle} intro={t.auditIntro(zone)} />
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
      <PagedResults results={log} hrefFor={(page) => hrefFor({ page })}>
        {(items) => <AuditTable items={items} zone={zone} />}
      </PagedResults>
    </div>
  );
}

function ActionFilter({ value, onSearch }: { value: string; onSearch: (action: string) => void }) {
  const { t } = useI18n();
  const [action, setAction] = useState(value);
  return (
    <FilterForm onSubmit={() => onSearch(action.trim())}>
      <TextFilter
        main
        label={t.auditActionLabel}
        hint={t.auditActionHint}
        name="aksi"
        value={action}
        placeholder="import.workers"
        onChange={setAction}
      />
    </FilterForm>
  );
}

function AuditTable({ items, zone }: { items: AuditEntry[]; zone: 'WIB' | 'WITA' | 'WIT' }) {
  const { t, language } = useI18n();
  return (
    <DataTable
      caption={t.auditTitle}
      testId="audit-table"
      columns={[t.colTime, t.colUser, t.colAction, t.colEntity, t.colIp]}
    >
      {items.map((entry) => (
        <tr key={entry.id}>
          <td className="nowrap">{formatMoment(entry.at, zone, language)}</td>
          <td>
            {entry.username ?? t.systemUser}
            {entry.role && (
              <span className="table__sub">{ROLE_LABELS[entry.role as Role]?.[language] ?? entry.role}</span>
            )}
          </td>
          <td>
            <span className="code">{entry.action}</span>
            {t.auditAction[entry.action] && <span className="table__sub">{t.auditAction[entry.action]}</span>}
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
    </DataTable>
  );
}
