import { type FormEvent, useId, useState } from 'react';
import { addMonths, type Period } from '../../../../src/core/period.ts';
import {
  RELATIONSHIP_LABELS,
  SPONSORSHIP_STATUS_LABELS,
} from '../../../../src/core/sponsorship-lifecycle.ts';
import type { SelfService, SponsorshipRecord } from '../../api/types.ts';
import { TextFilter } from '../../components/lists.tsx';
import { ErrorAlert, LoadState, useLoad } from '../../components/load.tsx';
import { Fact } from '../../components/records.tsx';
import { formatPeriod, formatRupiah } from '../../format.ts';
import { useApi, useDocumentTitle } from '../../hooks.ts';
import { useI18n } from '../../i18n.ts';
import { OwnArrearsSection } from '../arrears/ArrearsPage.tsx';
import { MyMatchProposals } from '../matching/MyMatchProposals.tsx';
import { AddWorkerForm, NearbyPool } from './AddWorkerForm.tsx';

/**
 * An ASN's own page (issue 4, item 4), made for a phone: how they stand against the programme,
 * the workers they sponsor, a form to add one by NIK (or as a new worker), the eligible workers
 * near their home, and a way to end a sponsorship. Every refusal is shown as the API words it.
 */
export function SelfServicePage() {
  const { t, language } = useI18n();
  const api = useApi();
  useDocumentTitle(t.selfTitle);
  const [version, setVersion] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);
  const [picked, setPicked] = useState<{ nik: string; at: number } | null>(null);
  const me = useLoad(`${language} ${version}`, (signal) => api.mySponsorship(signal));
  const changed = (message: string) => {
    setNotice(message);
    setVersion((value) => value + 1);
  };
  const data = me.data;

  return (
    <div className="self-service">
      <div className="page-head">
        <h1>{t.selfTitle}</h1>
        {data?.programme && <p className="lead">{t.selfProgramme(data.programme.name)}</p>}
        {data?.policy && (
          <p className="hint">
            {t.selfLetter(
              data.policy.circularLetter.title,
              data.policy.circularLetter.number,
              data.policy.circularLetter.date,
            )}
          </p>
        )}
      </div>
      <LoadState load={me} />
      {data && (
        <div className="calculator__layout">
          <ObligationBanner data={data} />
          {notice && (
            <p className="notice notice--info" role="status" data-testid="self-service-notice">
              {notice}
            </p>
          )}
          <SponsoredWorkers items={data.sponsorships} onEnded={changed} />
          <OwnArrearsSection />
          {data.programme ? (
            <>
              <MyMatchProposals onAccepted={() => setVersion((value) => value + 1)} />
              <AddWorkerForm picked={picked} onAdded={changed} />
              <NearbyPool onPick={(nik) => setPicked({ nik, at: Date.now() })} />
            </>
          ) : (
            <p className="notice">{t.noProgramme}</p>
          )}
        </div>
      )}
    </div>
  );
}

function ObligationBanner({ data }: { data: SelfService }) {
  const { t, language } = useI18n();
  const obligation = data.obligation;
  if (!obligation) return null;
  const headline = {
    met: t.obligationMet,
    short: t.obligationShort(obligation.short),
    not_obliged: t.obligationNotObliged,
    over_limit: t.obligationOverLimit,
  }[obligation.status];
  return (
    <section
      className={obligation.status === 'met' ? 'notice notice--info' : 'notice'}
      aria-label={t.obligationLabel}
      data-testid="obligation"
    >
      <p className="strong">{headline}</p>
      {data.policy && <p>{t.obligationCounts(obligation.held, data.policy.min, data.policy.max)}</p>}
      <p className="hint">{obligation.reason[language]}</p>
    </section>
  );
}

function monthsText(record: SponsorshipRecord, t: ReturnType<typeof useI18n>['t'], language: 'id' | 'en') {
  const first = formatPeriod(record.firstMonth, language);
  if (record.endMonth === null) return t.monthsFrom(first);
  if (record.endMonth === record.firstMonth) return t.noMonths;
  return t.monthsRange(first, formatPeriod(addMonths(record.endMonth as Period, -1), language));
}

function SponsoredWorkers({
  items,
  onEnded,
}: {
  items: SponsorshipRecord[];
  onEnded: (message: string) => void;
}) {
  const { t, language } = useI18n();
  const headingId = useId();
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>{t.sponsoredTitle}</h2>
      {items.length === 0 ? (
        <p className="muted">{t.noSponsorships}</p>
      ) : (
        <ul className="region-list" data-testid="sponsored-workers">
          {items.map((record) => (
            <li key={record.id} className="card" data-testid="sponsored-worker">
              <h3>{record.worker.name}</h3>
              <dl className="facts">
                <Fact label={t.colNik} value={record.worker.nik} code />
                <Fact label={t.colStatus} value={SPONSORSHIP_STATUS_LABELS[record.status][language]} />
                <Fact label={t.colRelationship} value={RELATIONSHIP_LABELS[record.relationship][language]} />
                <Fact label={t.colMonths} value={monthsText(record, t, language)} />
                <Fact
                  label={t.colMonthly}
                  value={t.monthlyAt(
                    formatRupiah(record.monthlyAmount),
                    formatPeriod(record.amountPeriod, language),
                  )}
                />
                {record.reason && <Fact label={t.colReason} value={record.reason} />}
              </dl>
              {record.status !== 'ended' && record.status !== 'rejected' && (
                <EndControl record={record} onEnded={onEnded} />
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function EndControl({ record, onEnded }: { record: SponsorshipRecord; onEnded: (message: string) => void }) {
  const { t } = useI18n();
  const api = useApi();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!open) {
    return (
      <button type="button" className="button button--secondary" onClick={() => setOpen(true)}>
        {t.endButton}
      </button>
    );
  }
  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.endSponsorship(record.id, reason);
      onEnded(t.ended(record.worker.name));
    } catch (failure) {
      setError((failure as Error).message);
      setBusy(false);
    }
  }
  return (
    <form onSubmit={submit} noValidate aria-label={t.endButton}>
      <TextFilter
        label={t.endReasonLabel}
        hint={t.endHint}
        name="reason"
        value={reason}
        onChange={setReason}
      />
      {error && <ErrorAlert message={error} />}
      <div className="button-row">
        <button type="submit" className="button" disabled={busy}>
          {busy ? t.ending : t.endConfirm}
        </button>
        <button type="button" className="button button--secondary" onClick={() => setOpen(false)}>
          {t.cancel}
        </button>
      </div>
    </form>
  );
}
