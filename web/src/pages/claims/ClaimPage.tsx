import { type FormEvent, useState } from 'react';
import type { ClaimView } from '../../api/types.ts';
import { useSubmit } from '../../components/forms.tsx';
import { ErrorAlert, LoadState, useLoad } from '../../components/load.tsx';
import { Breadcrumb, Fact, RecordView } from '../../components/records.tsx';
import { TableRegion } from '../../components/tables.tsx';
import { formatDate, formatRupiah } from '../../format.ts';
import { useApi, useDocumentTitle } from '../../hooks.ts';
import { useI18n } from '../../i18n.ts';
import { Link, paths } from '../../router.tsx';
import { mayUse, useUser } from '../../session.tsx';
import { Field } from './shared.tsx';

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
