import { type FormEvent, useId, useState } from 'react';
import {
  CLAIM_BENEFITS,
  CLAIM_DOCUMENTS,
  type ClaimBenefit,
  type ClaimType,
  EDUCATION_LEVELS,
  type EducationLevel,
} from '../../../../src/core/benefits.ts';
import type { RegisterClaimInput } from '../../api/types.ts';
import { useSubmit } from '../../components/forms.tsx';
import { ErrorAlert } from '../../components/load.tsx';
import { Breadcrumb } from '../../components/records.tsx';
import { parseRupiahInput } from '../../format.ts';
import { useApi, useDocumentTitle } from '../../hooks.ts';
import { useI18n } from '../../i18n.ts';
import { navigate, paths, useSearch } from '../../router.tsx';
import { Field, TYPES } from './shared.tsx';

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
