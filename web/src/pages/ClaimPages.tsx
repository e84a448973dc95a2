import { type FormEvent, type InputHTMLAttributes, useId, useState } from 'react';
import {
  CLAIM_BENEFITS,
  CLAIM_DOCUMENTS,
  type ClaimBenefit,
  type ClaimType,
  EDUCATION_LEVELS,
  type EducationLevel,
} from '../../../src/core/benefits.ts';
import type { ClaimPage as ClaimPageData, ClaimView, RegisterClaimInput, RoiView } from '../api/types.ts';
import {
  Breadcrumb,
  DataTable,
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
          <DataTable
            caption={t.clmTableCaption}
            testId="claims-table"
            variant="registry"
            columns={[
              t.clmColWorker,
              t.clmColId,
              t.clmColBenefit,
              t.clmColIncident,
              t.clmColStatus,
              { label: t.clmColAmount, numeric: true },
            ]}
          >
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
          </DataTable>
        )}
      </PagedResults>
    </div>
  );
}

/**
 * A labelled input that hands back its text, with a hint under the label if given. Not the shared
 * TextFilter: these fields may be required and patterned, and keep the browser's autocompletion.
 */
function Field({
  label,
  hint,
  onChange,
  ...input
}: {
  label: string;
  hint?: string;
  value: string;
  onChange: (value: string) => void;
} & Pick<
  InputHTMLAttributes<HTMLInputElement>,
  'type' | 'name' | 'inputMode' | 'autoComplete' | 'required' | 'pattern'
>) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint && <span className="hint">{hint}</span>}
      <input id={id} {...input} onChange={(event) => onChange(event.target.value)} />
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
    type: useId(),
    benefit: useId(),
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
        <Field
          label={t.clmFieldNik}
          name="nik"
          inputMode="numeric"
          autoComplete="off"
          required
          pattern="\d{16}"
          value={nik}
          onChange={setNik}
        />
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
        <Field
          label={t.clmFieldIncident}
          hint={t.clmFieldIncidentHint}
          name="incidentDate"
          type="date"
          required
          value={incident}
          onChange={setIncident}
        />
        <Field
          label={t.clmFieldFiled}
          hint={t.clmFieldFiledHint}
          name="filedOn"
          type="date"
          value={filed}
          onChange={setFiled}
        />
        {entered && (
          <Field
            label={t.clmFieldAmount}
            hint={t.clmFieldAmountHint}
            name="amount"
            inputMode="numeric"
            required
            value={amount}
            onChange={setAmount}
          />
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
            <Field
              label={t.clmFieldMembership}
              hint={t.clmFieldMembershipHint}
              name="membershipSince"
              type="date"
              value={membership}
              onChange={setMembership}
            />
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
          <Field label={t.clmPaidOn} type="date" value={paidOn} onChange={setPaidOn} />
          <Field label={t.clmReference} value={reference} onChange={setReference} />
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
        <Field
          label={t.roiFrom}
          type="month"
          name="from"
          value={draft.from}
          onChange={(from) => setDraft({ ...draft, from })}
        />
        <Field
          label={t.roiTo}
          type="month"
          name="to"
          value={draft.to}
          onChange={(to) => setDraft({ ...draft, to })}
        />
      </FilterForm>
      <LoadState load={load} />
      {roi && (
        <>
          <p className="notice notice--info" data-testid="roi-summary">
            {roi.summary}
          </p>
          <DataTable
            caption={t.roiCaption}
            testId="roi-table"
            variant="registry"
            columns={[
              t.roiColProgramme,
              t.roiColFunding,
              { label: t.roiColContributions, numeric: true },
              { label: t.roiColWorkers, numeric: true },
              { label: t.roiColBenefits, numeric: true },
              { label: t.roiColClaims, numeric: true },
              { label: t.roiColRatio, numeric: true },
            ]}
          >
            {[...roi.rows, { ...roi.totals, fundingSource: null, programme: null, total: true }].map(
              (row) => (
                <tr key={'total' in row ? 'total' : `${row.fundingSource} ${row.programme?.id ?? ''}`}>
                  <th scope="row">{'total' in row ? t.roiTotal : (row.programme?.name ?? t.roiNoFunding)}</th>
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
          </DataTable>
        </>
      )}
    </div>
  );
}
