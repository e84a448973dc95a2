import { useState } from 'react';
import { OBLIGATION_STATUSES } from '../../../../src/core/programme-policy.ts';
import { complianceFileUrl } from '../../api/endpoints.ts';
import type { ComplianceItem, ComplianceReport, Opd } from '../../api/types.ts';
import { FilterForm, PagedResults, useListFilters } from '../../components/lists.tsx';
import { useLoad } from '../../components/load.tsx';
import { Breadcrumb } from '../../components/records.tsx';
import { DataTable } from '../../components/tables.tsx';
import { formatCount, formatDate } from '../../format.ts';
import { useApi, useDocumentTitle } from '../../hooks.ts';
import { useI18n } from '../../i18n.ts';
import { navigate, paths } from '../../router.tsx';
import { useUser } from '../../session.tsx';
import { letterName, SelectField, TextField, useOpdNames } from './shared.tsx';

/**
 * Programmes and their circular letters (issue 4, items 1 and 9): the Pemda's programmes, one
 * programme with every version of its policy, the form a Pemda admin writes a new letter into,
 * and compliance by ASN on a day, which OPD heads read for their own staff.
 */
const PAGE_SIZE = 50;

interface ComplianceFilters {
  on: string;
  opd: string;
  status: string;
}

export function CompliancePage({ id }: { id: string }) {
  const { t, language } = useI18n();
  const api = useApi();
  const user = useUser();
  const { filters, hrefFor } = useListFilters<ComplianceFilters>(
    (params) => ({
      on: params.get('on') ?? '',
      opd: params.get('opd') ?? '',
      status: params.get('status') ?? '',
    }),
    (next) =>
      paths.programmeCompliance(id, { on: next.on, opd: next.opd, status: next.status, page: next.page }),
  );
  const search = {
    on: filters.on || undefined,
    opd: filters.opd || undefined,
    status: filters.status || undefined,
  };
  const report = useLoad(`${id} ${JSON.stringify(filters)} ${language}`, (signal) =>
    api.compliance(id, { ...search, page: filters.page, pageSize: PAGE_SIZE }, signal),
  );
  const data = report.data;
  useDocumentTitle(t.progComplianceTitle);
  const ownOpd = user.role === 'opd_head';
  const opds = useOpdNames(data && !ownOpd ? data.programme.pemdaCode : undefined);

  return (
    <div className="registry compliance">
      <Breadcrumb
        list={data?.programme.name ?? t.progListTitle}
        href={paths.programme(id)}
        current={t.progComplianceTitle}
      />
      <div className="page-head">
        <h1>{t.progComplianceTitle}</h1>
        {data && <p className="lead">{t.progComplianceIntro(data.programme.name)}</p>}
        {data && ownOpd && data.opd && <p className="muted">{t.progOwnOpd(data.opd.name)}</p>}
      </div>
      <ComplianceFilterForm
        // A new URL (back button, a link) starts the form from what that URL asks for.
        key={`${filters.on}|${filters.opd}|${filters.status}|${data?.on ?? ''}`}
        filters={{ ...filters, on: filters.on || data?.on || '' }}
        opds={ownOpd ? null : (opds.data ?? null)}
        onSearch={(changes) => navigate(hrefFor({ ...changes, page: 1 }))}
      />
      {data && <ComplianceSummary report={data} />}
      {data && (
        <div className="button-row">
          <a
            className="button button--secondary"
            href={complianceFileUrl(id, 'csv', { ...search, on: data.on })}
            download
          >
            {t.progDownloadCsv}
          </a>
          <a
            className="button button--secondary"
            href={complianceFileUrl(id, 'xlsx', { ...search, on: data.on })}
            download
          >
            {t.progDownloadXlsx}
          </a>
        </div>
      )}
      <PagedResults results={report} hrefFor={(page) => hrefFor({ page })}>
        {(items) => <ComplianceTable items={items} />}
      </PagedResults>
    </div>
  );
}

function ComplianceFilterForm({
  filters,
  opds,
  onSearch,
}: {
  filters: ComplianceFilters;
  opds: Opd[] | null;
  onSearch: (changes: Partial<ComplianceFilters>) => void;
}) {
  const { t } = useI18n();
  const [on, setOn] = useState(filters.on);
  const [opd, setOpd] = useState(filters.opd);
  const [status, setStatus] = useState(filters.status);
  return (
    <FilterForm onSubmit={() => onSearch({ on, opd, status })}>
      <TextField label={t.progOnLabel} type="date" value={on} onChange={setOn} />
      {opds && opds.length > 1 && (
        <SelectField
          label={t.opdLabel}
          value={opd}
          onChange={setOpd}
          options={[['', t.allOpd], ...opds.map((item): [string, string] => [String(item.id), item.name])]}
        />
      )}
      <SelectField
        label={t.progColStatus}
        value={status}
        onChange={setStatus}
        options={[
          ['', t.progStatusAll],
          ...OBLIGATION_STATUSES.map((value): [string, string] => [value, t.progStatus[value] ?? value]),
        ]}
      />
    </FilterForm>
  );
}

function ComplianceSummary({ report }: { report: ComplianceReport }) {
  const { t, language } = useI18n();
  const { totals, policy } = report;
  const figures: [string, string, number, boolean][] = [
    ['asn', t.progTotalAsn, totals.asn, false],
    ['met', t.progStatus.met ?? '', totals.met, false],
    ['short', t.progStatus.short ?? '', totals.short, totals.short > 0],
    ['not_obliged', t.progStatus.not_obliged ?? '', totals.notObliged, false],
    ['over_limit', t.progStatus.over_limit ?? '', totals.overLimit, totals.overLimit > 0],
    ['workers-short', t.progWorkersShort, totals.workersShort, totals.workersShort > 0],
  ];
  return (
    <section aria-label={t.progTotalsLabel}>
      <p className="muted" data-testid="compliance-policy">
        {policy
          ? t.progPolicyOn(formatDate(policy.effectiveFrom, language), letterName(policy, t))
          : t.progNoPolicyOn}
        {policy?.phase && ` · ${policy.phase[language]}`}
      </p>
      <dl className="totals" data-testid="compliance-totals">
        {figures.map(([key, label, value, alert]) => (
          <div
            key={key}
            className={`totals__item${alert ? ' totals__item--alert' : ''}`}
            data-testid={`total-${key}`}
          >
            <dt>{label}</dt>
            <dd>{formatCount(value, language)}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

function ComplianceTable({ items }: { items: ComplianceItem[] }) {
  const { t, language } = useI18n();
  return (
    <DataTable
      caption={t.progComplianceCaption}
      testId="compliance-table"
      variant="registry"
      columns={[
        t.colName,
        t.colNip,
        t.colOpd,
        t.progColStatus,
        { label: t.progColHeld, numeric: true },
        { label: t.progColRequired, numeric: true },
        t.progColReason,
      ]}
    >
      {items.map((item) => (
        <tr key={item.nip}>
          <th scope="row">{item.name}</th>
          <td className="code nowrap" data-label={t.colNip}>
            {item.nip}
          </td>
          <td data-label={t.colOpd}>{item.opdName}</td>
          <td data-label={t.progColStatus}>
            <span className={`status status--${item.status}`}>{t.progStatus[item.status]}</span>
          </td>
          <td className="num" data-label={t.progColHeld}>
            {formatCount(item.held, language)}
          </td>
          <td className="num" data-label={t.progColRequired}>
            {item.allowed === null
              ? formatCount(item.required, language)
              : `${formatCount(item.required, language)} (≤ ${formatCount(item.allowed, language)})`}
          </td>
          <td data-label={t.progColReason}>{item.reason[language]}</td>
        </tr>
      ))}
    </DataTable>
  );
}
