import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { maskNik } from '../../../../src/core/identifiers/nik.ts';
import {
  RELATIONSHIP_LABELS,
  RELATIONSHIPS,
  type Relationship,
} from '../../../../src/core/sponsorship-lifecycle.ts';
import { ApiError } from '../../api/client.ts';
import type { NewSponsorshipInput, Pool } from '../../api/types.ts';
import { TextFilter } from '../../components/lists.tsx';
import { ErrorAlert, LoadState, useLoad } from '../../components/load.tsx';
import { useApi } from '../../hooks.ts';
import { useI18n } from '../../i18n.ts';

const EMPTY_WORKER = { name: '', birthDate: '', sex: '', villageCode: '', occupation: '', phone: '' };

type NewWorkerFields = typeof EMPTY_WORKER;

/** Every rule the API says the request broke, in the language of the page. */
function problemsOf(failure: unknown, language: 'id' | 'en'): string[] {
  if (!(failure instanceof ApiError)) return [];
  const details = failure.details as { problems?: { message: { id: string; en: string } }[] } | undefined;
  return details?.problems?.map((problem) => problem.message[language]) ?? [];
}

export function AddWorkerForm({
  picked,
  onAdded,
}: {
  picked: { nik: string; at: number } | null;
  onAdded: (message: string) => void;
}) {
  const { t, language } = useI18n();
  const api = useApi();
  const relationshipId = useId();
  const headingId = useId();
  const relationshipRef = useRef<HTMLSelectElement>(null);
  const [nik, setNik] = useState('');
  const [relationship, setRelationship] = useState<Relationship | ''>('');
  const [worker, setWorker] = useState<NewWorkerFields | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ message: string; problems: string[] } | null>(null);

  // A worker chosen from the pool comes here, so the relationship is asked the same way.
  useEffect(() => {
    if (!picked) return;
    setNik(picked.nik);
    setWorker(null);
    setError(null);
    relationshipRef.current?.focus();
  }, [picked]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const input: NewSponsorshipInput = worker
      ? { worker: { nik, ...worker }, relationship: relationship as Relationship }
      : { nik, relationship: relationship as Relationship };
    try {
      const created = await api.createSponsorship(input);
      setNik('');
      setRelationship('');
      setWorker(null);
      onAdded(t.added(created.worker.name));
    } catch (failure) {
      if (failure instanceof ApiError && failure.code === 'WORKER_NOT_FOUND' && worker === null) {
        setWorker(EMPTY_WORKER);
      } else {
        const problems = problemsOf(failure, language);
        setError({ message: (failure as Error).message, problems: problems.length > 1 ? problems : [] });
      }
    } finally {
      setBusy(false);
    }
  }

  const field = (key: keyof NewWorkerFields) => (value: string) =>
    setWorker((previous) => ({ ...(previous ?? EMPTY_WORKER), [key]: value }));

  return (
    <form className="card" onSubmit={submit} noValidate aria-labelledby={headingId} data-testid="add-worker">
      <h2 id={headingId}>{t.addTitle}</h2>
      <p className="hint">{t.addIntro}</p>
      <TextFilter
        label={t.workerNikLabel}
        hint={t.workerNikHint}
        name="nik"
        inputMode="numeric"
        value={nik}
        onChange={(value) => {
          setNik(value);
          setWorker(null);
        }}
      />
      <div className="field">
        <label htmlFor={relationshipId}>{t.relationshipLabel}</label>
        <select
          id={relationshipId}
          ref={relationshipRef}
          value={relationship}
          onChange={(event) => setRelationship(event.target.value as Relationship)}
        >
          <option value="">{t.chooseRelationship}</option>
          {RELATIONSHIPS.map((value) => (
            <option key={value} value={value}>
              {RELATIONSHIP_LABELS[value][language]}
            </option>
          ))}
        </select>
      </div>
      {worker && (
        <fieldset className="fieldset">
          <legend>{t.newWorkerLegend}</legend>
          <p className="notice" role="status">
            {t.newWorkerNotice}
          </p>
          <TextFilter label={t.workerNameLabel} name="name" value={worker.name} onChange={field('name')} />
          <TextFilter
            label={t.birthDateLabel}
            hint={t.birthDateHint}
            name="birthDate"
            value={worker.birthDate}
            onChange={field('birthDate')}
          />
          <SexChoice value={worker.sex} onChange={field('sex')} />
          <TextFilter
            label={t.villageLabel}
            hint={t.villageHint}
            name="villageCode"
            value={worker.villageCode}
            onChange={field('villageCode')}
          />
          <TextFilter
            label={t.occupationLabel}
            name="occupation"
            value={worker.occupation}
            onChange={field('occupation')}
          />
          <TextFilter
            label={t.phoneLabel}
            name="phone"
            type="tel"
            inputMode="tel"
            value={worker.phone}
            onChange={field('phone')}
          />
        </fieldset>
      )}
      {error && (
        <ErrorAlert message={error.problems.length > 0 ? t.problemsIntro : error.message}>
          {error.problems.length > 0 && (
            <ul>
              {error.problems.map((problem) => (
                <li key={problem}>{problem}</li>
              ))}
            </ul>
          )}
        </ErrorAlert>
      )}
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? t.adding : t.addButton}
        </button>
      </div>
    </form>
  );
}

function SexChoice({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  const { t } = useI18n();
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{t.sexLabel}</label>
      <select id={id} name="sex" value={value} onChange={(event) => onChange(event.target.value)}>
        <option value="" />
        {(['P', 'L'] as const).map((code) => (
          <option key={code} value={code}>
            {t.sexChoice[code]}
          </option>
        ))}
      </select>
    </div>
  );
}

export function NearbyPool({ onPick }: { onPick: (nik: string) => void }) {
  const { t, language } = useI18n();
  const api = useApi();
  const headingId = useId();
  const [asked, setAsked] = useState(0);
  const pool = useLoad<Pool | null>(asked > 0 ? `${language} ${asked}` : null, (signal) =>
    api.myPool(20, signal),
  );
  return (
    <section className="card" aria-labelledby={headingId} data-testid="nearby-pool">
      <h2 id={headingId}>{t.poolTitle}</h2>
      <p className="hint">{t.poolIntro}</p>
      {asked === 0 ? (
        <button type="button" className="button button--secondary" onClick={() => setAsked(1)}>
          {t.poolLoad}
        </button>
      ) : (
        <>
          <LoadState load={pool} />
          {pool.data &&
            (pool.data.items.length === 0 ? (
              <p className="muted">{t.poolEmpty}</p>
            ) : (
              <ul className="region-list">
                {pool.data.items.map((item) => (
                  <li key={item.nik} className="card">
                    <p className="strong">{item.name}</p>
                    <p className="hint">
                      {[
                        t.poolLevel[item.level],
                        item.village?.name,
                        item.occupation,
                        item.welfareDecile ? t.decile(item.welfareDecile) : null,
                      ]
                        .filter(Boolean)
                        .join(' · ')}
                    </p>
                    <p className="code">{maskNik(item.nik)}</p>
                    <button
                      type="button"
                      className="button button--secondary"
                      onClick={() => onPick(item.nik)}
                    >
                      {t.poolChoose}
                    </button>
                  </li>
                ))}
              </ul>
            ))}
        </>
      )}
    </section>
  );
}
