import { type FormEvent, type ReactNode, useId, useState } from 'react';
import { addMonths, type Period } from '../../../src/core/period.ts';
import type { MemberSearch } from '../api/client.ts';
import type {
  BuildSummary,
  CohortCost,
  CohortSummary,
  MemberRecord,
  Page,
  SponsorRecord,
} from '../api/types.ts';
import {
  Breadcrumb,
  ChoiceCards,
  DataTable,
  DownloadLinks,
  ErrorAlert,
  Fact,
  FilterForm,
  LoadState,
  PagedResults,
  PemdaPicker,
  pageParam,
  RecordView,
  SelectFilter,
  SpreadsheetField,
  TextFilter,
  useListFilters,
  useLoad,
  usePemdaList,
  useSubmit,
  zoneOf,
} from '../components.tsx';
import { formatCount, formatMoment, formatPeriod, formatRupiah, parseRupiahInput } from '../format.ts';
import { useApi, useDocumentTitle } from '../hooks.ts';
import { useI18n } from '../i18n.ts';
import { Link, navigate, paths, useSearch } from '../router.tsx';
import { mayUse, useUser } from '../session.tsx';

/**
 * APBD cohorts, CSR orders and individual donors (issue 4, item 6): the list and the record of each
 * programme with its cost against its budget, the forms that build them, the sponsors, and a
 * sponsor organisation's own page of the workers it pays for.
 */
const PAGE_SIZE = 25;
/** What a company or a donor may choose; the API holds the rule (PREPAID_MONTHS). */
const PREPAID = ['3', '6', '12'] as const;
const STATUSES = ['proposed', 'verified', 'enrolled', 'active', 'ended', 'suspended', 'rejected'] as const;
const RESULT_FIELDS = [
  'read',
  'added',
  'alreadyMember',
  'alreadyCovered',
  'rejected',
  'newWorkers',
  'members',
] as const satisfies readonly (keyof BuildSummary)[];
/** The counts a past build is listed with, each in its own column. */
const BUILD_COUNTS = ['read', 'added', 'alreadyCovered', 'rejected'] as const;

const list = (text: string) =>
  text
    .split(/[,\n]/)
    .map((part) => part.trim())
    .filter((part) => part !== '');

/** The Pemda a signed-in admin keeps, with its clock's zone. */
function usePemdaZone(code: string | undefined) {
  const pemdaList = usePemdaList();
  return {
    pemdaList,
    zone: zoneOf(pemdaList.data, code),
  };
}

export function CohortListPage() {
  const { t, language } = useI18n();
  const api = useApi();
  const user = useUser();
  useDocumentTitle(t.cohortListTitle);
  const { filters, fixedPemda, hrefFor } = useListFilters(
    () => ({}),
    (next) => paths.cohorts({ pemda: next.pemda }),
  );
  const { pemdaList } = usePemdaZone(filters.pemda);
  const cohorts = useLoad(`${filters.pemda} ${language}`, async (signal) =>
    filters.pemda ? (await api.cohorts({ pemda: filters.pemda }, signal)).items : [],
  );
  const admin = mayUse(user, 'cohortAdmin');

  return (
    <div className="registry">
      <div className="page-head">
        <h1>{t.cohortListTitle}</h1>
        <p className="lead">{t.cohortListIntro}</p>
      </div>
      {admin && (
        <div className="button-row">
          <Link className="button button--primary" href={paths.cohortNew()}>
            {t.cohortNewButton}
          </Link>
          <Link className="button button--secondary" href={paths.sponsors()}>
            {t.cohortSponsorsButton}
          </Link>
        </div>
      )}
      {!fixedPemda && pemdaList.data && (
        <PemdaPicker
          list={pemdaList.data}
          value={filters.pemda}
          allowAll={false}
          hrefFor={(pemda) => hrefFor({ pemda })}
        />
      )}
      <LoadState load={cohorts} />
      {cohorts.data &&
        (cohorts.data.length === 0 ? (
          <p className="muted">{t.cohortNone}</p>
        ) : (
          <CohortTable items={cohorts.data} />
        ))}
    </div>
  );
}

function CohortTable({ items }: { items: CohortSummary[] }) {
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

export function CohortPage({ id }: { id: string }) {
  const { t, language } = useI18n();
  const api = useApi();
  const user = useUser();
  const record = useLoad(`${id} ${language}`, (signal) => api.cohort(id, signal));
  const cohort = record.data;
  const { zone } = usePemdaZone(cohort?.pemdaCode);
  useDocumentTitle(cohort?.name ?? t.cohortListTitle);
  const own = user.role === 'sponsor_org';

  return (
    <div className="record">
      <Breadcrumb
        list={own ? t.sponsorOwnTitle : t.cohortListTitle}
        href={own ? paths.ownSponsorship() : paths.cohorts()}
        current={cohort?.name ?? id}
      />
      <LoadState load={record} />
      {cohort && (
        <>
          <RecordView
            kicker={t.cohortKind[cohort.kind] ?? t.cohortDetailKicker}
            name={cohort.name}
            code={cohort.key}
          >
            <Fact label={t.cohortFactSponsor} value={cohort.sponsor?.name ?? '—'} />
            <Fact
              label={t.cohortFactFunding}
              value={cohort.sponsor ? (t.cohortFunding[cohort.sponsor.fundingSource] ?? '') : '—'}
            />
            <Fact
              label={t.cohortFactPayment}
              value={cohort.sponsor ? (t.cohortPayment[cohort.sponsor.paymentMethod] ?? '') : '—'}
            />
            <Fact label={t.cohortFactGroup} value={cohort.sponsor?.groupAccountType ?? '—'} code />
            <Fact label={t.cohortFactArea} value={cohort.areaCode ?? '—'} code />
            <Fact
              label={t.cohortFactContribution}
              value={`${cohort.programmes.map((p) => p.toUpperCase()).join(' + ')}${
                cohort.declaredIncome === null ? '' : ` · ${formatRupiah(cohort.declaredIncome)}`
              }`}
            />
            <Fact
              label={t.cohortFactBudget}
              value={
                cohort.budget === null
                  ? '—'
                  : `${formatRupiah(cohort.budget)}${cohort.budgetYear === null ? '' : ` (${t.cohortBudgetYear(cohort.budgetYear)})`}`
              }
            />
            <Fact
              label={t.cohortFactTarget}
              value={cohort.targetWorkers === null ? '—' : formatCount(cohort.targetWorkers, language)}
            />
          </RecordView>
          <section className="card" aria-labelledby="cohort-status">
            <h2 id="cohort-status">{t.cohortStatusTitle}</h2>
            <dl className="totals" data-testid="cohort-status">
              {STATUSES.filter((status) => cohort.statusCounts[status] > 0).map((status) => (
                <div key={status} className="totals__item">
                  <dt>{t.cohortStatus[status]}</dt>
                  <dd>{formatCount(cohort.statusCounts[status], language)}</dd>
                </div>
              ))}
              <div className="totals__item totals__item--main">
                <dt>{t.cohortColMembers}</dt>
                <dd>{formatCount(cohort.members, language)}</dd>
              </div>
            </dl>
          </section>
          <CostView cost={cohort.cost} />
          <MemberSection
            fetchPage={(search, signal) => api.cohortMembers(id, search, signal)}
            hrefFor={(query) => paths.cohort(id, query)}
          />
          {cohort.builds.length > 0 && (
            <section aria-labelledby="cohort-builds">
              <h2 id="cohort-builds">{t.cohortBuildsTitle}</h2>
              <DataTable
                caption={t.cohortBuildsCaption}
                variant="registry"
                columns={[
                  t.cohortColWhen,
                  t.cohortColSource,
                  ...BUILD_COUNTS.map((field) => ({
                    label: t.cohortResult[field] ?? field,
                    numeric: true as const,
                  })),
                  t.cohortErrorFile,
                ]}
              >
                {cohort.builds.map((build) => (
                  <tr key={build.buildId}>
                    <th scope="row" className="nowrap">
                      {formatMoment(build.createdAt, zone, language)}
                    </th>
                    <td data-label={t.cohortColSource}>
                      {t.cohortSource[build.source]}
                      {build.fileName && <span className="table__sub">{build.fileName}</span>}
                    </td>
                    {BUILD_COUNTS.map((field) => (
                      <td key={field} className="num" data-label={t.cohortResult[field]}>
                        {formatCount(build[field], language)}
                      </td>
                    ))}
                    <td data-label={t.cohortErrorFile}>
                      {build.errorFileUrls ? (
                        <>
                          <a href={build.errorFileUrls.csv} download>
                            CSV
                          </a>{' '}
                          ·{' '}
                          <a href={build.errorFileUrls.xlsx} download>
                            XLSX
                          </a>
                        </>
                      ) : (
                        '—'
                      )}
                    </td>
                  </tr>
                ))}
              </DataTable>
            </section>
          )}
        </>
      )}
    </div>
  );
}

/** What the programme costs against its budget, then month by month. */
function CostView({ cost }: { cost: CohortCost }) {
  const { t, language } = useI18n();
  const schedules = [...new Set(cost.months.flatMap((month) => month.lines.map((line) => line.schedule)))];
  return (
    <section className="card" aria-labelledby="cohort-cost">
      <h2 id="cohort-cost">{t.cohortCostTitle}</h2>
      <p className="muted">
        {t.cohortCostIntro(formatPeriod(cost.from, language), formatPeriod(cost.to, language))}
      </p>
      <dl className="totals" data-testid="cohort-cost">
        <div className="totals__item totals__item--main">
          <dt>{t.cohortCostTotal}</dt>
          <dd data-testid="cohort-cost-total">{formatRupiah(cost.total)}</dd>
        </div>
        {cost.budget !== null && (
          <div className="totals__item">
            <dt>{t.cohortCostBudget}</dt>
            <dd>{formatRupiah(cost.budget)}</dd>
          </div>
        )}
        {cost.remaining !== null && (
          <div className={`totals__item${cost.overrun ? ' totals__item--alert' : ''}`}>
            <dt>{cost.overrun ? t.cohortCostOverrun : t.cohortCostRemaining}</dt>
            <dd data-testid="cohort-cost-remaining">{formatRupiah(Math.abs(cost.remaining))}</dd>
          </div>
        )}
      </dl>
      <DataTable
        caption={t.cohortCostCaption}
        variant="months"
        columns={[
          t.cohortColMonth,
          { label: t.cohortColWorkers, numeric: true },
          { label: t.cohortColAmount, numeric: true },
        ]}
      >
        {cost.months.map((month) => (
          <tr key={month.period}>
            <th scope="row">{formatPeriod(month.period, language)}</th>
            <td className="num">{formatCount(month.workers, language)}</td>
            <td className="num">
              {formatRupiah(month.amount)}
              {month.lines.length > 0 && (
                <span className="table__sub" title={t.cohortPerWorker}>
                  {month.lines.map((line) => `× ${formatRupiah(line.perWorker)}`).join(' / ')}
                </span>
              )}
            </td>
          </tr>
        ))}
      </DataTable>
      {schedules.length > 0 && (
        <p className="fine-print">
          {t.cohortColSchedule}: {schedules.join('; ')}
        </p>
      )}
    </section>
  );
}

/** A programme's or a sponsor's workers, filtered by status and name, a page at a time (in the URL). */
function MemberSection({
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

function MemberFilters({
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

function MemberTable({ items }: { items: MemberRecord[] }) {
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
function BuildResultView({ result }: { result: BuildSummary }) {
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
function Field({
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

function TextInput({
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
function useBuildForm() {
  const { busy, error, setError, run: submit } = useSubmit();
  const [result, setResult] = useState<BuildSummary | null>(null);
  function run(build: () => Promise<BuildSummary>) {
    setResult(null);
    return submit(async () => setResult(await build()));
  }
  return { busy, error, result, run, fail: setError };
}

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
      <div className="page-head">
        <h1>{t.cohortNewTitle}</h1>
        <p className="lead">{t.cohortNewIntro}</p>
      </div>
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

export function SponsorsPage() {
  const { t, language } = useI18n();
  const api = useApi();
  const user = useUser();
  useDocumentTitle(t.sponsorListTitle);
  const { filters, fixedPemda, hrefFor } = useListFilters(
    (params) => ({ kind: params.get('kind') ?? '' }),
    (next) => paths.sponsors({ pemda: next.pemda, kind: next.kind || undefined, page: next.page }),
  );
  const { pemdaList } = usePemdaZone(filters.pemda);
  const results = useLoad(`${JSON.stringify(filters)} ${language}`, (signal) =>
    api.sponsors(
      { pemda: filters.pemda, kind: filters.kind || undefined, page: filters.page, pageSize: PAGE_SIZE },
      signal,
    ),
  );
  const admin = mayUse(user, 'cohortAdmin') && filters.pemda !== undefined;

  return (
    <div className="registry">
      <Breadcrumb list={t.cohortListTitle} href={paths.cohorts()} current={t.sponsorListTitle} />
      <div className="page-head">
        <h1>{t.sponsorListTitle}</h1>
        <p className="lead">{t.sponsorListIntro}</p>
      </div>
      {admin && (
        <div className="imports__layout">
          <CsrForm pemda={filters.pemda!} />
          <DonorForm pemda={filters.pemda!} />
        </div>
      )}
      {!fixedPemda && pemdaList.data && (
        <PemdaPicker
          list={pemdaList.data}
          value={filters.pemda}
          allowAll
          hrefFor={(pemda) => hrefFor({ pemda, page: 1 })}
        />
      )}
      <SelectFilter
        label={t.sponsorKindLabel}
        allLabel={t.sponsorAllKinds}
        options={Object.entries(t.sponsorKind).map(([value, label]) => ({ value, label }))}
        value={filters.kind}
        onChange={(kind) => navigate(hrefFor({ kind, page: 1 }))}
      />
      <PagedResults results={results} hrefFor={(page) => hrefFor({ page })}>
        {(items) => <SponsorTable items={items} />}
      </PagedResults>
    </div>
  );
}

function SponsorTable({ items }: { items: SponsorRecord[] }) {
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

/** The Pemda's districts as checkboxes: Ponorogo has 21, a city a handful. */
function DistrictChoice({
  pemda,
  value,
  onChange,
}: {
  pemda: string;
  value: string[];
  onChange: (v: string[]) => void;
}) {
  const { t, language } = useI18n();
  const api = useApi();
  const districts = useLoad(
    `${pemda} ${language}`,
    async (signal) => (await api.children(pemda, signal)).items,
  );
  return (
    <fieldset className="fieldset fieldset--plain">
      <legend>{t.sponsorDistrictsLegend}</legend>
      <span className="hint">{t.sponsorDistrictsHint}</span>
      <LoadState load={districts} />
      <div className="checks">
        {districts.data?.map((district) => (
          <label key={district.code} className="check">
            <input
              type="checkbox"
              name="districts"
              value={district.code}
              checked={value.includes(district.code)}
              onChange={(event) =>
                onChange(
                  event.target.checked
                    ? [...value, district.code]
                    : value.filter((code) => code !== district.code),
                )
              }
            />
            <span>
              {district.name} <span className="table__sub code">{district.code}</span>
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

function MonthsChoice({
  value,
  onChange,
}: {
  value: (typeof PREPAID)[number];
  onChange: (v: (typeof PREPAID)[number]) => void;
}) {
  const { t } = useI18n();
  return (
    <ChoiceCards
      legend={t.sponsorMonthsLegend}
      name="months"
      choices={PREPAID.map((months) => ({ value: months, label: t.sponsorMonths(Number(months)), hint: '' }))}
      value={value}
      onChange={onChange}
    />
  );
}

/** How a CSR or donor order ends: why it failed, the button, then the build it made. */
function OrderEnd({ form, submitLabel }: { form: ReturnType<typeof useBuildForm>; submitLabel: string }) {
  const { t } = useI18n();
  return (
    <>
      {form.error && <ErrorAlert message={form.error} />}
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={form.busy}>
          {form.busy ? t.cohortWorking : submitLabel}
        </button>
      </div>
      {form.result && <BuildResultView result={form.result} />}
    </>
  );
}

function CsrForm({ pemda }: { pemda: string }) {
  const { t } = useI18n();
  const api = useApi();
  const [organisation, setOrganisation] = useState('');
  const [workers, setWorkers] = useState('');
  const [districts, setDistricts] = useState<string[]>([]);
  const [months, setMonths] = useState<(typeof PREPAID)[number]>('12');
  const [from, setFrom] = useState(`${new Date().getFullYear()}-01`);
  const form = useBuildForm();

  function submit(event: FormEvent) {
    event.preventDefault();
    if (districts.length === 0) return form.fail(t.sponsorChooseDistrict);
    return void form.run(() =>
      api.orderCsr(pemda, {
        organisation,
        workers: Number(workers.replaceAll('.', '')),
        districts,
        months: Number(months),
        from,
      }),
    );
  }

  return (
    <form className="card import-form" onSubmit={submit} noValidate aria-label={t.sponsorCsrTitle}>
      <h2>{t.sponsorCsrTitle}</h2>
      <p className="muted">{t.sponsorCsrIntro}</p>
      <TextInput label={t.sponsorOrganisationLabel} value={organisation} onChange={setOrganisation} />
      <TextInput label={t.sponsorWorkersLabel} value={workers} onChange={setWorkers} inputMode="numeric" />
      <DistrictChoice pemda={pemda} value={districts} onChange={setDistricts} />
      <MonthsChoice value={months} onChange={setMonths} />
      <TextInput label={t.cohortFromLabel} value={from} onChange={setFrom} type="month" />
      <OrderEnd form={form} submitLabel={t.sponsorSubmitCsr} />
    </form>
  );
}

function DonorForm({ pemda }: { pemda: string }) {
  const { t } = useI18n();
  const api = useApi();
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [workers, setWorkers] = useState('');
  const [niks, setNiks] = useState('');
  const [months, setMonths] = useState<(typeof PREPAID)[number]>('6');
  const [from, setFrom] = useState(`${new Date().getFullYear()}-01`);
  const form = useBuildForm();

  function submit(event: FormEvent) {
    event.preventDefault();
    const named = list(niks);
    void form.run(() =>
      api.orderDonor(pemda, {
        name,
        ...(phone.trim() ? { phone: phone.trim() } : {}),
        ...(named.length > 0 ? { niks: named } : { workers: Number(workers.replaceAll('.', '')) }),
        months: Number(months),
        from,
      }),
    );
  }

  return (
    <form className="card import-form" onSubmit={submit} noValidate aria-label={t.sponsorDonorTitle}>
      <h2>{t.sponsorDonorTitle}</h2>
      <p className="muted">{t.sponsorDonorIntro}</p>
      <TextInput label={t.sponsorDonorNameLabel} value={name} onChange={setName} />
      <TextInput label={t.sponsorPhoneLabel} value={phone} onChange={setPhone} type="tel" />
      <TextInput label={t.sponsorWorkersLabel} value={workers} onChange={setWorkers} inputMode="numeric" />
      <Field label={t.sponsorNiksLabel} hint={t.sponsorNiksHint}>
        {({ id, hintId }) => (
          <textarea
            id={id}
            rows={3}
            value={niks}
            inputMode="numeric"
            aria-describedby={hintId}
            onChange={(event) => setNiks(event.target.value)}
          />
        )}
      </Field>
      <MonthsChoice value={months} onChange={setMonths} />
      <TextInput label={t.cohortFromLabel} value={from} onChange={setFrom} type="month" />
      <OrderEnd form={form} submitLabel={t.sponsorSubmitDonor} />
    </form>
  );
}

export function SponsorPage({ id }: { id: string }) {
  const { t, language } = useI18n();
  const api = useApi();
  const user = useUser();
  const record = useLoad(`${id} ${language}`, (signal) => api.sponsor(id, signal));
  const sponsor = record.data;
  useDocumentTitle(sponsor?.name ?? t.sponsorListTitle);
  const own = user.role === 'sponsor_org';
  return (
    <div className="record">
      <Breadcrumb
        list={own ? t.sponsorOwnTitle : t.sponsorListTitle}
        href={own ? paths.ownSponsorship() : paths.sponsors()}
        current={sponsor?.name ?? id}
      />
      <LoadState load={record} />
      {sponsor && (
        <>
          <RecordView
            kicker={t.sponsorKind[sponsor.kind] ?? t.sponsorDetailKicker}
            name={sponsor.name}
            code={sponsor.pemdaCode}
          >
            <Fact label={t.cohortFactFunding} value={t.cohortFunding[sponsor.fundingSource] ?? ''} />
            <Fact label={t.cohortFactPayment} value={t.cohortPayment[sponsor.paymentMethod] ?? ''} />
            <Fact label={t.cohortFactGroup} value={sponsor.groupAccountType ?? '—'} code />
            <Fact label={t.cohortFactArea} value={sponsor.areaCode ?? '—'} code />
            <Fact label={t.sponsorColWorkers} value={formatCount(sponsor.workers, language)} />
            <Fact
              label={t.cohortStatusTitle}
              value={
                STATUSES.filter((status) => sponsor.statusCounts[status] > 0)
                  .map(
                    (status) =>
                      `${t.cohortStatus[status]} ${formatCount(sponsor.statusCounts[status], language)}`,
                  )
                  .join(' · ') || '—'
              }
            />
          </RecordView>
          {sponsor.programmes.length > 0 && (
            <section aria-labelledby="sponsor-programmes">
              <h2 id="sponsor-programmes">{t.sponsorProgrammes}</h2>
              <ul>
                {sponsor.programmes.map((programme) => (
                  <li key={programme.id}>
                    {programme.kind === 'asn_policy' ? (
                      programme.name
                    ) : (
                      <Link href={paths.cohort(String(programme.id))}>{programme.name}</Link>
                    )}
                  </li>
                ))}
              </ul>
            </section>
          )}
          <MemberSection
            fetchPage={(search, signal) => api.sponsorWorkers(id, search, signal)}
            hrefFor={(query) => paths.sponsor(id, query)}
          />
        </>
      )}
    </div>
  );
}

/** A sponsor organisation's own page: the workers it pays for, with their status. */
export function OwnSponsorshipPage() {
  const { t, language } = useI18n();
  const api = useApi();
  useDocumentTitle(t.sponsorOwnTitle);
  const sponsors = useLoad(language, (signal) => api.sponsors({ pageSize: 100 }, signal));
  const programmes = useLoad(language, async (signal) => (await api.cohorts({}, signal)).items);
  const only = sponsors.data?.items.length === 1 ? sponsors.data.items[0] : undefined;
  return (
    <div className="registry">
      <div className="page-head">
        <h1>{t.sponsorOwnTitle}</h1>
        <p className="lead">{t.sponsorOwnIntro}</p>
      </div>
      <LoadState load={sponsors} />
      {sponsors.data?.items.length === 0 && <p className="muted">{t.sponsorOwnNone}</p>}
      {programmes.data && programmes.data.length > 0 && <CohortTable items={programmes.data} />}
      {/* One sponsor record (one Pemda) shows its workers here; several are listed to open. */}
      {only ? (
        <MemberSection
          fetchPage={(search, signal) => api.sponsorWorkers(String(only.id), search, signal)}
          hrefFor={(query) => paths.ownSponsorship(query)}
        />
      ) : (
        sponsors.data && sponsors.data.items.length > 1 && <SponsorTable items={sponsors.data.items} />
      )}
    </div>
  );
}
