import { type FormEvent, useId, useState } from 'react';
import {
  CLAIM_BENEFITS,
  CLAIM_DOCUMENTS,
  type ClaimBenefit,
  type ClaimType,
  EDUCATION_LEVELS,
  type EducationLevel,
} from '../../../src/core/benefits.ts';
import type { ClaimPage as ClaimPageData, ClaimView, RegisterClaimInput, RoiView } from '../api.ts';
import {
  Breadcrumb,
  ErrorAlert,
  Fact,
  FilterForm,
  LoadState,
  PagedResults,
  PemdaPicker,
  RecordView,
  SelectFilter,
  TableRegion,
  useListFilters,
  useLoad,
  usePemdaList,
  useSubmit,
} from '../components.tsx';
import { formatCount, formatDate, formatRupiah, parseRupiahInput } from '../format.ts';
import { useApi, useDocumentTitle } from '../hooks.ts';
import { useI18n } from '../i18n.ts';
import { Link, navigate, paths, useSearch } from '../router.tsx';
import { mayUse, useUser } from '../session.tsx';

const STATUSES = ['registered', 'eligible', 'refused', 'approved', 'paid'] as const;
const TYPES = ['jkm', 'jkk'] as const;

interface ClaimFilters {
  status: string;
  type: string;
}

/** Claims of a Pemda, newest first, with the way to register one and to the ROI. */
export function ClaimsPage() {
  const { t, language } = useI18n();
  const api = useApi();
  const user = useUser();
  useDocumentTitle(t.clmTitle);
  const list = usePemdaList();
  const { filters, fixedPemda, hrefFor } = useListFilters<ClaimFilters>(
    (params) => ({ status: params.get('status') ?? '', type: params.get('type') ?? '' }),
    (next) => paths.claims(next),
    list.data?.[0]?.code,
  );
  const [draft, setDraft] = useState(filters);
  const results = useLoad<ClaimPageData>(`${JSON.stringify(filters)} ${language}`, (signal) =>
    api.claims(
      {
        pemda: filters.pemda,
        status: filters.status || undefined,
        type: filters.type || undefined,
        page: filters.page,
      },
      signal,
    ),
  );

  return (
    <div className="claims">
      <div className="page-head">
        <h1>{t.clmTitle}</h1>
        <p className="lead">{t.clmIntro}</p>
      </div>
      <div className="button-row">
        {mayUse(user, 'claimRegister') && (
          <Link className="button button--primary" href={paths.claimNew()}>
            {t.clmNew}
          </Link>
        )}
        <Link
          className="button button--secondary"
          href={paths.roi({ pemda: fixedPemda ? undefined : filters.pemda })}
        >
          {t.clmRoiLink}
        </Link>
      </div>
      {!fixedPemda && list.data && (
        <PemdaPicker
          list={list.data}
          value={filters.pemda}
          allowAll={false}
          hrefFor={(code) => hrefFor({ pemda: code, page: 1 })}
        />
      )}
      <FilterForm onSubmit={() => navigate(hrefFor({ ...draft, page: 1 }))}>
        <SelectFilter
          label={t.clmFilterStatus}
          name="status"
          allLabel={t.clmAll}
          options={STATUSES.map((status) => ({ value: status, label: t.clmStatus[status] }))}
          value={draft.status}
          onChange={(status) => setDraft({ ...draft, status })}
        />
        <SelectFilter
          label={t.clmFilterType}
          name="type"
          allLabel={t.clmAll}
          options={TYPES.map((type) => ({ value: type, label: t.clmType[type] }))}
          value={draft.type}
          onChange={(type) => setDraft({ ...draft, type })}
        />
      </FilterForm>
      <PagedResults results={results} hrefFor={(page) => hrefFor({ page })}>
        {(items) => (
          <TableRegion label={t.clmTableCaption}>
            <table className="table table--registry" data-testid="claims-table">
              <thead>
                <tr>
                  <th scope="col">{t.clmColWorker}</th>
                  <th scope="col">{t.clmColId}</th>
                  <th scope="col">{t.clmColBenefit}</th>
                  <th scope="col">{t.clmColIncident}</th>
                  <th scope="col">{t.clmColStatus}</th>
                  <th scope="col" className="num">
                    {t.clmColAmount}
                  </th>
                </tr>
              </thead>
              <tbody>
                {items.map((claim) => (
                  <tr key={claim.id}>
                    <th scope="row">
                      <Link href={paths.claim(claim.id)}>{claim.workerName}</Link>
                    </th>
                    <td data-label={t.clmColId} className="code">
                      #{claim.id}
                    </td>
                    <td data-label={t.clmColBenefit}>{claim.benefitLabel}</td>
                    <td data-label={t.clmColIncident} className="nowrap">
                      {formatDate(claim.incidentDate, language)}
                    </td>
                    <td data-label={t.clmColStatus}>{t.clmStatus[claim.status]}</td>
                    <td data-label={t.clmColAmount} className="num">
                      {claim.benefitAmount === null ? '—' : formatRupiah(claim.benefitAmount)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableRegion>
        )}
      </PagedResults>
    </div>
  );
}

interface ChildDraft {
  name: string;
  level: EducationLevel;
}

/** Registering a claim: the worker, the incident, the documents received, the children. */
export function NewClaimPage() {
  const { t } = useI18n();
  const api = useApi();
  useDocumentTitle(t.clmNewTitle);
  const prefilled = new URLSearchParams(useSearch()).get('nik') ?? '';
  const ids = {
    nik: useId(),
    type: useId(),
    benefit: useId(),
    incident: useId(),
    filed: useId(),
    amount: useId(),
    membership: useId(),
    note: useId(),
  };
  const [nik, setNik] = useState(prefilled);
  const [type, setType] = useState<ClaimType>('jkm');
  const [benefit, setBenefit] = useState<ClaimBenefit>('death');
  const [incident, setIncident] = useState('');
  const [filed, setFiled] = useState('');
  const [documents, setDocuments] = useState<string[]>([]);
  const [amount, setAmount] = useState('');
  const [membership, setMembership] = useState('');
  const [note, setNote] = useState('');
  const [children, setChildren] = useState<ChildDraft[]>([]);
  const { busy, error, run } = useSubmit();
  const benefits = type === 'jkm' ? (['death'] as const) : CLAIM_BENEFITS;
  const entered = type === 'jkk' && benefit !== 'death';

  function submit(event: FormEvent) {
    event.preventDefault();
    const rupiah = entered ? parseRupiahInput(amount) : null;
    const body: RegisterClaimInput = {
      nik: nik.trim(),
      type,
      benefit: type === 'jkm' ? 'death' : benefit,
      incidentDate: incident,
      documents: documents as RegisterClaimInput['documents'],
      children: children.map((child) => ({
        level: child.level,
        ...(child.name.trim() ? { name: child.name.trim() } : {}),
      })),
      ...(filed ? { filedOn: filed } : {}),
      ...(rupiah ? { amount: rupiah } : {}),
      ...(membership ? { membershipSince: membership } : {}),
      ...(note.trim() ? { note: note.trim() } : {}),
    };
    void run(async () => {
      const claim = await api.registerClaim(body);
      navigate(paths.claim(claim.id));
    });
  }

  return (
    <div className="claim-new">
      <Breadcrumb list={t.clmTitle} href={paths.claims()} current={t.clmNewTitle} />
      <div className="page-head">
        <h1>{t.clmNewTitle}</h1>
      </div>
      <form className="card" onSubmit={submit} aria-label={t.clmNewTitle}>
        <div className="field">
          <label htmlFor={ids.nik}>{t.clmFieldNik}</label>
          <input
            id={ids.nik}
            name="nik"
            inputMode="numeric"
            autoComplete="off"
            required
            pattern="\d{16}"
            value={nik}
            onChange={(event) => setNik(event.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={ids.type}>{t.clmFieldType}</label>
          <select
            id={ids.type}
            name="type"
            value={type}
            onChange={(event) => {
              setType(event.target.value as ClaimType);
              setBenefit('death');
            }}
          >
            {TYPES.map((value) => (
              <option key={value} value={value}>
                {t.clmType[value]}
              </option>
            ))}
          </select>
        </div>
        {type === 'jkk' && (
          <div className="field">
            <label htmlFor={ids.benefit}>{t.clmFieldBenefit}</label>
            <select
              id={ids.benefit}
              name="benefit"
              value={benefit}
              onChange={(event) => setBenefit(event.target.value as ClaimBenefit)}
            >
              {benefits.map((value) => (
                <option key={value} value={value}>
                  {t.clmBenefit[value]}
                </option>
              ))}
            </select>
          </div>
        )}
        <div className="field">
          <label htmlFor={ids.incident}>{t.clmFieldIncident}</label>
          <span className="hint">{t.clmFieldIncidentHint}</span>
          <input
            id={ids.incident}
            name="incidentDate"
            type="date"
            required
            value={incident}
            onChange={(event) => setIncident(event.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={ids.filed}>{t.clmFieldFiled}</label>
          <span className="hint">{t.clmFieldFiledHint}</span>
          <input
            id={ids.filed}
            name="filedOn"
            type="date"
            value={filed}
            onChange={(event) => setFiled(event.target.value)}
          />
        </div>
        {entered && (
          <div className="field">
            <label htmlFor={ids.amount}>{t.clmFieldAmount}</label>
            <span className="hint">{t.clmFieldAmountHint}</span>
            <input
              id={ids.amount}
              name="amount"
              inputMode="numeric"
              required
              value={amount}
              onChange={(event) => setAmount(event.target.value)}
            />
          </div>
        )}
        <fieldset className="fieldset">
          <legend>{t.clmFieldDocuments}</legend>
          <div className="checks">
            {CLAIM_DOCUMENTS.map((code) => (
              <label key={code} className="check">
                <input
                  type="checkbox"
                  name="documents"
                  value={code}
                  checked={documents.includes(code)}
                  onChange={(event) =>
                    setDocuments(
                      event.target.checked
                        ? [...documents, code]
                        : documents.filter((value) => value !== code),
                    )
                  }
                />{' '}
                {t.clmDocuments[code]}
              </label>
            ))}
          </div>
        </fieldset>
        {benefit !== 'medical' && benefit !== 'temporary_incapacity' && (
          <fieldset className="fieldset">
            <legend>{t.clmFieldChildren}</legend>
            {children.map((child, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their place
              <div key={index} className="field-row">
                <div className="field">
                  <label htmlFor={`${ids.note}-child-${index}`}>{t.clmFieldChildName}</label>
                  <input
                    id={`${ids.note}-child-${index}`}
                    value={child.name}
                    onChange={(event) =>
                      setChildren(
                        children.map((c, i) => (i === index ? { ...c, name: event.target.value } : c)),
                      )
                    }
                  />
                </div>
                <div className="field">
                  <label htmlFor={`${ids.note}-level-${index}`}>{t.clmFieldChildLevel}</label>
                  <select
                    id={`${ids.note}-level-${index}`}
                    value={child.level}
                    onChange={(event) =>
                      setChildren(
                        children.map((c, i) =>
                          i === index ? { ...c, level: event.target.value as EducationLevel } : c,
                        ),
                      )
                    }
                  >
                    {EDUCATION_LEVELS.map((level) => (
                      <option key={level} value={level}>
                        {t.clmLevels[level]}
                      </option>
                    ))}
                  </select>
                </div>
                <button
                  type="button"
                  className="button button--secondary"
                  onClick={() => setChildren(children.filter((_, i) => i !== index))}
                >
                  {t.clmRemoveChild}
                </button>
              </div>
            ))}
            {children.length < 2 && (
              <button
                type="button"
                className="button button--secondary"
                onClick={() => setChildren([...children, { name: '', level: 'primary' }])}
              >
                {t.clmAddChild}
              </button>
            )}
            <div className="field">
              <label htmlFor={ids.membership}>{t.clmFieldMembership}</label>
              <span className="hint">{t.clmFieldMembershipHint}</span>
              <input
                id={ids.membership}
                name="membershipSince"
                type="date"
                value={membership}
                onChange={(event) => setMembership(event.target.value)}
              />
            </div>
          </fieldset>
        )}
        <div className="field">
          <label htmlFor={ids.note}>{t.clmFieldNote}</label>
          <textarea
            id={ids.note}
            name="note"
            maxLength={500}
            value={note}
            onChange={(event) => setNote(event.target.value)}
          />
        </div>
        {error && <ErrorAlert message={error} />}
        <div className="form-actions">
          <button type="submit" className="button button--primary" disabled={busy}>
            {t.clmRegister}
          </button>
        </div>
      </form>
    </div>
  );
}

/** One claim: its facts, the decision with the coverage reason, the breakdown, the next step. */
export function ClaimPage({ id }: { id: string }) {
  const { t, language } = useI18n();
  const api = useApi();
  const user = useUser();
  const [shown, setShown] = useState<ClaimView | null>(null);
  const load = useLoad<ClaimView>(`${id} ${language}`, (signal) => api.claim(id, signal));
  const claim = shown && String(shown.id) === id && load.status !== 'loading' ? shown : load.data;
  useDocumentTitle(claim ? t.clmKicker(claim.id) : t.clmTitle);
  return (
    <div className="claim">
      <Breadcrumb list={t.clmTitle} href={paths.claims()} current={claim ? t.clmKicker(claim.id) : id} />
      <LoadState load={load} />
      {claim && (
        <>
          <RecordView kicker={t.clmKicker(claim.id)} name={claim.benefitLabel} code={claim.workerName}>
            <Fact label={t.clmFactWorker} value={`${claim.workerName} (${claim.nik})`} />
            <Fact label={t.clmFactStatus} value={t.clmStatus[claim.status] ?? claim.status} />
            <Fact label={t.clmFactIncident} value={formatDate(claim.incidentDate, language)} />
            <Fact label={t.clmFactFiled} value={formatDate(claim.filedOn, language)} />
            {claim.funding && (
              <Fact
                label={t.clmFactFunding}
                value={`${t.funding[claim.funding.source] ?? claim.funding.source} — ${claim.funding.programme.name}${claim.funding.sponsor ? ` (${claim.funding.sponsor.name})` : ''}`}
              />
            )}
            {claim.funding && (
              <Fact label={t.clmFactIncome} value={formatRupiah(claim.funding.declaredIncome)} />
            )}
            <Fact
              label={t.clmFactDocuments}
              value={claim.documents.map((code) => t.clmDocuments[code] ?? code).join(', ') || '—'}
            />
            <Fact
              label={t.clmFactMissing}
              value={claim.missingDocuments.map((code) => t.clmDocuments[code] ?? code).join(', ') || '—'}
            />
            {claim.paidOn && (
              <Fact
                label={t.clmFactPaid}
                value={`${formatRupiah(claim.paidAmount ?? 0)}, ${formatDate(claim.paidOn, language)}${claim.paymentReference ? ` (${claim.paymentReference})` : ''}`}
              />
            )}
          </RecordView>
          <section className="card" aria-label={t.clmDecisionTitle} data-testid="claim-decision">
            <h2>{t.clmDecisionTitle}</h2>
            <p>{claim.decision?.reason ?? t.clmNotDecided}</p>
            {!claim.nikMasked && (
              <p>
                <Link href={paths.workerCoverage(claim.nik, { tanggal: claim.incidentDate })}>
                  {t.clmCoverageLink}
                </Link>
              </p>
            )}
          </section>
          {claim.breakdown.length > 0 && <Breakdown claim={claim} />}
          {mayUse(user, 'claimRegister') && <NextStep claim={claim} onMoved={setShown} />}
          <section aria-label={t.clmHistoryTitle}>
            <h2>{t.clmHistoryTitle}</h2>
            <ol>
              {claim.events.map((event) => (
                <li key={`${event.at} ${event.to}`}>
                  {formatDate(event.at.slice(0, 10), language)}:{' '}
                  {t.clmEvent(t.clmStatus[event.to] ?? event.to, event.by ?? t.clmSystem)}
                </li>
              ))}
            </ol>
          </section>
        </>
      )}
    </div>
  );
}

function Breakdown({ claim }: { claim: ClaimView }) {
  const { t } = useI18n();
  return (
    <section aria-label={t.clmBreakdownTitle}>
      <h2>{t.clmBreakdownTitle}</h2>
      <TableRegion label={t.clmBreakdownCaption}>
        <table className="table" data-testid="claim-breakdown">
          <tbody>
            {claim.breakdown.map((component) => (
              <tr key={component.code}>
                <th scope="row">{component.label}</th>
                <td className="num">{formatRupiah(component.amount)}</td>
              </tr>
            ))}
            <tr>
              <th scope="row" className="strong">
                {t.clmBreakdownTotal}
              </th>
              <td className="num strong">{formatRupiah(claim.benefitAmount ?? 0)}</td>
            </tr>
          </tbody>
        </table>
      </TableRegion>
      {claim.scholarship && <p className="hint">{claim.scholarship.reason}</p>}
      {claim.scholarship?.eligible && claim.scholarship.maximum > 0 && (
        <p className="hint">{t.clmScholarshipMax(formatRupiah(claim.scholarship.maximum))}</p>
      )}
      {claim.legalBasis && <p className="fine-print">{claim.legalBasis}</p>}
    </section>
  );
}

/** The move the claim's status allows the user: decide (again), approve, record the payment. */
function NextStep({ claim, onMoved }: { claim: ClaimView; onMoved: (claim: ClaimView) => void }) {
  const { t } = useI18n();
  const api = useApi();
  const user = useUser();
  const paidOnId = useId();
  const referenceId = useId();
  const [paidOn, setPaidOn] = useState('');
  const [reference, setReference] = useState('');
  const { busy, error, run } = useSubmit();
  const officer = user.role === 'bpjstk_officer';
  const step =
    claim.status === 'registered' || claim.status === 'refused' || claim.status === 'eligible'
      ? claim.status === 'eligible' && officer
        ? 'approve'
        : 'decide'
      : claim.status === 'approved' && officer
        ? 'pay'
        : null;
  if (step === null) return null;

  function move(event: FormEvent) {
    event.preventDefault();
    if (step === null) return;
    const body =
      step === 'pay'
        ? { ...(paidOn ? { paidOn } : {}), ...(reference.trim() ? { reference: reference.trim() } : {}) }
        : {};
    void run(async () => onMoved(await api.moveClaim(claim.id, step, body)));
  }

  const label =
    step === 'decide'
      ? claim.status === 'registered'
        ? t.clmDecide
        : t.clmDecideAgain
      : step === 'approve'
        ? t.clmApprove
        : t.clmPay;
  return (
    <form className="card" onSubmit={move} aria-label={t.clmActionsTitle}>
      <h2>{t.clmActionsTitle}</h2>
      {step === 'pay' && (
        <>
          <div className="field">
            <label htmlFor={paidOnId}>{t.clmPaidOn}</label>
            <input
              id={paidOnId}
              type="date"
              value={paidOn}
              onChange={(event) => setPaidOn(event.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor={referenceId}>{t.clmReference}</label>
            <input
              id={referenceId}
              value={reference}
              onChange={(event) => setReference(event.target.value)}
            />
          </div>
        </>
      )}
      {error && <ErrorAlert message={error} />}
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={busy}>
          {label}
        </button>
      </div>
    </form>
  );
}

interface RoiFilters {
  from: string;
  to: string;
}

/** Contributions paid against benefits paid, by funding source and programme (issue 5, item 5). */
export function RoiPage() {
  const { t, language } = useI18n();
  const api = useApi();
  useDocumentTitle(t.roiTitle);
  const list = usePemdaList();
  const { filters, fixedPemda, hrefFor } = useListFilters<RoiFilters>(
    (params) => ({ from: params.get('from') ?? '', to: params.get('to') ?? '' }),
    (next) => paths.roi({ ...next, page: undefined }),
    list.data?.[0]?.code,
  );
  const [draft, setDraft] = useState(filters);
  const fromId = useId();
  const toId = useId();
  const pemda = filters.pemda;
  const load = useLoad<RoiView>(
    pemda ? `${pemda} ${filters.from} ${filters.to} ${language}` : null,
    (signal) =>
      api.roi(
        pemda!,
        { ...(filters.from ? { from: filters.from } : {}), ...(filters.to ? { to: filters.to } : {}) },
        signal,
      ),
  );
  const roi = load.data;
  const ratio = (value: number | null) =>
    value === null ? '—' : new Intl.NumberFormat(language === 'en' ? 'en-GB' : 'id-ID').format(value);

  return (
    <div className="roi">
      <Breadcrumb list={t.clmTitle} href={paths.claims()} current={t.roiTitle} />
      <div className="page-head">
        <h1>{t.roiTitle}</h1>
        <p className="lead">{t.roiIntro}</p>
      </div>
      {!fixedPemda && list.data && (
        <PemdaPicker
          list={list.data}
          value={pemda}
          allowAll={false}
          hrefFor={(code) => hrefFor({ pemda: code })}
        />
      )}
      <FilterForm onSubmit={() => navigate(hrefFor(draft))}>
        <div className="field">
          <label htmlFor={fromId}>{t.roiFrom}</label>
          <input
            id={fromId}
            type="month"
            name="from"
            value={draft.from}
            onChange={(event) => setDraft({ ...draft, from: event.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor={toId}>{t.roiTo}</label>
          <input
            id={toId}
            type="month"
            name="to"
            value={draft.to}
            onChange={(event) => setDraft({ ...draft, to: event.target.value })}
          />
        </div>
      </FilterForm>
      <LoadState load={load} />
      {roi && (
        <>
          <p className="notice notice--info" data-testid="roi-summary">
            {roi.summary}
          </p>
          <TableRegion label={t.roiCaption}>
            <table className="table table--registry" data-testid="roi-table">
              <thead>
                <tr>
                  <th scope="col">{t.roiColProgramme}</th>
                  <th scope="col">{t.roiColFunding}</th>
                  <th scope="col" className="num">
                    {t.roiColContributions}
                  </th>
                  <th scope="col" className="num">
                    {t.roiColWorkers}
                  </th>
                  <th scope="col" className="num">
                    {t.roiColBenefits}
                  </th>
                  <th scope="col" className="num">
                    {t.roiColClaims}
                  </th>
                  <th scope="col" className="num">
                    {t.roiColRatio}
                  </th>
                </tr>
              </thead>
              <tbody>
                {[...roi.rows, { ...roi.totals, fundingSource: null, programme: null, total: true }].map(
                  (row) => (
                    <tr key={'total' in row ? 'total' : `${row.fundingSource} ${row.programme?.id ?? ''}`}>
                      <th scope="row">
                        {'total' in row ? t.roiTotal : (row.programme?.name ?? t.roiNoFunding)}
                      </th>
                      <td data-label={t.roiColFunding}>
                        {row.fundingSource ? (t.funding[row.fundingSource] ?? row.fundingSource) : '—'}
                      </td>
                      <td data-label={t.roiColContributions} className="num">
                        {formatRupiah(row.contributionsPaid)}
                      </td>
                      <td data-label={t.roiColWorkers} className="num">
                        {formatCount(row.workers, language)}
                      </td>
                      <td data-label={t.roiColBenefits} className="num">
                        {formatRupiah(row.benefitsPaid)}
                      </td>
                      <td data-label={t.roiColClaims} className="num">
                        {formatCount(row.claimsPaid, language)}
                      </td>
                      <td data-label={t.roiColRatio} className="num">
                        {ratio(row.ratio)}
                      </td>
                    </tr>
                  ),
                )}
              </tbody>
            </table>
          </TableRegion>
        </>
      )}
    </div>
  );
}
