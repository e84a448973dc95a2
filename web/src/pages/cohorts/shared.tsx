import { type ReactNode, useId, useState } from 'react';
import { addMonths, type Period } from '../../../../src/core/period.ts';
import type { MemberSearch } from '../../api/endpoints.ts';
import type { BuildSummary, CohortSummary, MemberRecord, Page, SponsorRecord } from '../../api/types.ts';
import { DownloadLinks, useSubmit } from '../../components/forms.tsx';
import { FilterForm, PagedResults, pageParam, SelectFilter, TextFilter } from '../../components/lists.tsx';
import { useLoad } from '../../components/load.tsx';
import { usePemdaList, zoneOf } from '../../components/pemda.tsx';
import { DataTable } from '../../components/tables.tsx';
import { formatCount, formatPeriod, formatRupiah } from '../../format.ts';
import { useI18n } from '../../i18n.ts';
import { Link, navigate, paths, useSearch } from '../../router.tsx';

/**
 * APBD cohorts, CSR orders and individual donors (issue 4, item 6): the list and the record of each
 * programme with its cost against its budget, the forms that build them, the sponsors, and a
 * sponsor organisation's own page of the workers it pays for.
 */
export const PAGE_SIZE = 25;

export const STATUSES = [
  'proposed',
  'verified',
  'enrolled',
  'active',
  'ended',
  'suspended',
  'rejected',
] as const;

export const RESULT_FIELDS = [
  'read',
  'added',
  'alreadyMember',
  'alreadyCovered',
  'rejected',
  'newWorkers',
  'members',
] as const satisfies readonly (keyof BuildSummary)[];

export const list = (text: string) =>
  text
    .split(/[,\n]/)
    .map((part) => part.trim())
    .filter((part) => part !== '');

/** The Pemda a signed-in admin keeps, with its clock's zone. */
export function usePemdaZone(code: string | undefined) {
  const pemdaList = usePemdaList();
  return {
    pemdaList,
    zone: zoneOf(pemdaList.data, code),
  };
}

export function CohortTable({ items }: { items: CohortSummary[] }) {
  const { t, language } = useI18n();
  return (
    <DataTable
      caption={t.cohortTableCaption}
      testId="cohort-table"
      variant="registry"
      columns={[
        t.cohortColName,
        t.cohortColKind,
        t.cohortColSponsor,
        { label: t.cohortColMembers, numeric: true },
        { label: t.cohortColBudget, numeric: true },
      ]}
    >
      {items.map((item) => (
        <tr key={item.id} className="is-clickable" onClick={() => navigate(paths.cohort(String(item.id)))}>
          <th scope="row">
            <Link href={paths.cohort(String(item.id))}>{item.name}</Link>
            <span className="table__sub code">{item.key}</span>
          </th>
          <td data-label={t.cohortColKind}>{t.cohortKind[item.kind] ?? item.kind}</td>
          <td data-label={t.cohortColSponsor}>{item.sponsor?.name ?? '—'}</td>
          <td className="num" data-label={t.cohortColMembers}>
            {formatCount(item.members, language)}
          </td>
          <td className="num" data-label={t.cohortColBudget}>
            {item.budget === null ? '—' : formatRupiah(item.budget)}
            {item.budgetYear !== null && ` (${item.budgetYear})`}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}

/** A programme's or a sponsor's workers, filtered by status and name, a page at a time (in the URL). */
export function MemberSection({
  fetchPage,
  hrefFor,
}: {
  fetchPage: (search: MemberSearch, signal: AbortSignal) => Promise<Page<MemberRecord>>;
  hrefFor: (query: { status?: string; q?: string; page?: number }) => string;
}) {
  const { t, language } = useI18n();
  const params = new URLSearchParams(useSearch());
  const status = params.get('status') ?? '';
  const q = params.get('q') ?? '';
  const page = pageParam(params);
  const results = useLoad(`${status}|${q}|${page} ${language}`, (signal) =>
    fetchPage({ status: status || undefined, q: q || undefined, page, pageSize: PAGE_SIZE }, signal),
  );
  return (
    <section aria-labelledby="cohort-members">
      <h2 id="cohort-members">{t.cohortMembersTitle}</h2>
      <MemberFilters
        key={`${status}|${q}`}
        status={status}
        q={q}
        onSearch={(next) => navigate(hrefFor({ ...next, page: undefined }))}
      />
      <PagedResults results={results} hrefFor={(next) => hrefFor({ status, q, page: next })}>
        {(items) => <MemberTable items={items} />}
      </PagedResults>
    </section>
  );
}

export function MemberFilters({
  status,
  q,
  onSearch,
}: {
  status: string;
  q: string;
  onSearch: (next: { status: string; q: string }) => void;
}) {
  const { t } = useI18n();
  const [draftStatus, setStatus] = useState(status);
  const [draftQ, setQ] = useState(q);
  return (
    <FilterForm onSubmit={() => onSearch({ status: draftStatus, q: draftQ.trim() })}>
      <TextFilter main label={t.cohortNameFilter} type="search" name="q" value={draftQ} onChange={setQ} />
      <SelectFilter
        label={t.cohortColStatus}
        allLabel={t.cohortAllStatuses}
        options={STATUSES.map((value) => ({ value, label: t.cohortStatus[value] }))}
        value={draftStatus}
        onChange={setStatus}
      />
    </FilterForm>
  );
}

export function MemberTable({ items }: { items: MemberRecord[] }) {
  const { t, language } = useI18n();
  return (
    <DataTable
      caption={t.cohortMembersCaption}
      testId="member-table"
      variant="registry"
      columns={[
        t.cohortColName,
        t.cohortColNik,
        t.cohortColVillage,
        t.cohortColOccupation,
        { label: t.cohortColDecile, numeric: true },
        t.cohortColStatus,
        t.cohortColMonths,
      ]}
    >
      {items.map((member) => (
        <tr key={member.sponsorshipId}>
          <th scope="row">
            {member.name}
            <span className="table__sub">{member.programme.name}</span>
          </th>
          <td className="code nowrap" data-label={t.cohortColNik}>
            {member.nik}
          </td>
          <td data-label={t.cohortColVillage}>{member.village?.name ?? '—'}</td>
          <td data-label={t.cohortColOccupation}>{member.occupation ?? '—'}</td>
          <td className="num" data-label={t.cohortColDecile}>
            {member.welfareDecile ?? '—'}
          </td>
          <td data-label={t.cohortColStatus}>{t.cohortStatus[member.status]}</td>
          <td data-label={t.cohortColMonths}>
            {formatPeriod(member.firstMonth, language)} –{' '}
            {member.endMonth
              ? formatPeriod(addMonths(member.endMonth as Period, -1), language)
              : t.cohortOpenEnded}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}

/** What a build did: its counts, the first rows it turned away and where the error file is. */
export function BuildResultView({ result }: { result: BuildSummary }) {
  const { t, language } = useI18n();
  return (
    <section className="card" aria-labelledby="build-result" data-testid="build-result">
      <h2 id="build-result">
        {t.cohortResultTitle}: {result.programme.name}
      </h2>
      <dl className="totals">
        {RESULT_FIELDS.map((field) => (
          <div
            key={field}
            className={`totals__item${field === 'members' ? ' totals__item--main' : ''}${
              field === 'rejected' && result.rejected > 0 ? ' totals__item--alert' : ''
            }`}
            data-testid={`result-${field}`}
          >
            <dt>{t.cohortResult[field]}</dt>
            <dd>{formatCount(result[field], language)}</dd>
          </div>
        ))}
      </dl>
      {result.issues.length === 0 ? (
        <p className="notice notice--info">{t.cohortNoIssues}</p>
      ) : (
        <>
          <DataTable
            caption={t.cohortIssuesCaption}
            variant="registry"
            columns={[t.cohortColRow, t.cohortColValue, t.cohortColReason]}
          >
            {result.issues.map((issue) => (
              <tr key={`${issue.row} ${issue.code}`}>
                <th scope="row">{issue.row}</th>
                <td className="code" data-label={t.cohortColValue}>
                  {issue.value ?? ''}
                </td>
                <td data-label={t.cohortColReason}>
                  {issue.message} <span className="table__sub code">{issue.code}</span>
                </td>
              </tr>
            ))}
          </DataTable>
          {result.issues.length < result.rejected + result.alreadyCovered && (
            <p className="muted">{t.cohortIssuesMore(result.issues.length)}</p>
          )}
          {result.errorFileUrls && (
            <DownloadLinks urls={result.errorFileUrls} csvLabel="CSV" xlsxLabel="XLSX">
              <span>{t.cohortErrorFile}</span>
            </DownloadLinks>
          )}
        </>
      )}
      <p className="muted">
        {t.cohortCostTotal}: {formatRupiah(result.cost.total)}
        {result.cost.remaining !== null &&
          ` · ${result.cost.overrun ? t.cohortCostOverrun : t.cohortCostRemaining}: ${formatRupiah(Math.abs(result.cost.remaining))}`}
      </p>
      <p>
        <Link className="button button--secondary" href={paths.cohort(String(result.programme.id))}>
          {t.cohortOpen}
        </Link>
      </p>
    </section>
  );
}

/** A labelled input; `hint` says what to type. */
export function Field({
  label,
  hint,
  children,
}: {
  label: string;
  hint?: string;
  children: (ids: { id: string; hintId: string | undefined }) => ReactNode;
}) {
  const id = useId();
  const hintId = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint && (
        <span className="hint" id={hintId}>
          {hint}
        </span>
      )}
      {children({ id, hintId: hint ? hintId : undefined })}
    </div>
  );
}

export function TextInput({
  label,
  hint,
  value,
  onChange,
  inputMode,
  type = 'text',
}: {
  label: string;
  hint?: string;
  value: string;
  onChange: (value: string) => void;
  inputMode?: 'numeric' | 'text';
  type?: 'text' | 'month' | 'tel';
}) {
  return (
    <Field label={label} {...(hint ? { hint } : {})}>
      {({ id, hintId }) => (
        <input
          id={id}
          type={type}
          value={value}
          inputMode={inputMode}
          autoComplete="off"
          aria-describedby={hintId}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
    </Field>
  );
}

/** A form that submits once at a time and shows the build it made, or why it failed. */
export function useBuildForm() {
  const { busy, error, setError, run: submit } = useSubmit();
  const [result, setResult] = useState<BuildSummary | null>(null);
  function run(build: () => Promise<BuildSummary>) {
    setResult(null);
    return submit(async () => setResult(await build()));
  }
  return { busy, error, result, run, fail: setError };
}

export function SponsorTable({ items }: { items: SponsorRecord[] }) {
  const { t, language } = useI18n();
  return (
    <DataTable
      caption={t.sponsorTableCaption}
      testId="sponsor-table"
      variant="registry"
      columns={[
        t.cohortColName,
        t.cohortColKind,
        t.cohortFactFunding,
        t.cohortFactGroup,
        { label: t.sponsorColWorkers, numeric: true },
      ]}
    >
      {items.map((sponsor) => (
        <tr
          key={sponsor.id}
          className="is-clickable"
          onClick={() => navigate(paths.sponsor(String(sponsor.id)))}
        >
          <th scope="row">
            <Link href={paths.sponsor(String(sponsor.id))}>{sponsor.name}</Link>
            <span className="table__sub">{sponsor.pemdaCode}</span>
          </th>
          <td data-label={t.cohortColKind}>{t.sponsorKind[sponsor.kind]}</td>
          <td data-label={t.cohortFactFunding}>{t.cohortFunding[sponsor.fundingSource]}</td>
          <td data-label={t.cohortFactGroup}>{sponsor.groupAccountType ?? '—'}</td>
          <td className="num" data-label={t.sponsorColWorkers}>
            {formatCount(sponsor.workers, language)}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
