import { type FormEvent, useId, useState } from 'react';
import { ECHELONS, EMPLOYMENT_TYPES, type ProgrammePolicy } from '../../../../src/core/programme-policy.ts';
import type { Echelon, EmploymentType } from '../../../../src/core/registry/asn-row.ts';
import { ApiError } from '../../api/client.ts';
import type { Opd, ProgrammeDetail } from '../../api/types.ts';
import { ChoiceCards } from '../../components/forms.tsx';
import { LoadState, useLoad } from '../../components/load.tsx';
import { Breadcrumb } from '../../components/records.tsx';
import { useApi, useDocumentTitle } from '../../hooks.ts';
import { type Language, useI18n } from '../../i18n.ts';
import { navigate, paths } from '../../router.tsx';
import { Check, coveredProgrammes, IncomeField, TextField, useBrackets, useOpdNames } from './shared.tsx';

interface PhaseDraft {
  key: number;
  from: string;
  labelId: string;
  labelEn: string;
  employmentTypes: EmploymentType[];
  /** Null: every echelon. */
  echelons: (Echelon | null)[] | null;
  /** Null: every OPD. */
  opdIds: number[] | null;
}

interface PolicyDraft {
  number: string;
  date: string;
  title: string;
  effectiveFrom: string;
  standing: ProgrammePolicy['standing'];
  mandatory: boolean;
  min: string;
  max: string;
  phases: PhaseDraft[];
  income: string;
  jht: boolean;
  area: string;
  legalBasis: string;
  sources: string;
  note: string;
}

let phaseKeys = 0;

/** A new letter starts from the latest one: most letters change a date, a count or a phase. */
function draftFrom(programme: ProgrammeDetail): PolicyDraft {
  const latest = programme.versions.at(-1)?.policy;
  const phases: PhaseDraft[] = latest
    ? latest.phases.map((phase) => ({
        key: ++phaseKeys,
        from: phase.from,
        labelId: phase.label.id,
        labelEn: phase.label.en,
        employmentTypes: [...phase.sponsors.employmentTypes],
        echelons: phase.sponsors.echelons ? [...phase.sponsors.echelons] : null,
        opdIds: phase.sponsors.opdIds ? [...phase.sponsors.opdIds] : null,
      }))
    : [emptyPhase('')];
  return {
    number: '',
    date: '',
    title: latest?.circularLetter.title ?? '',
    effectiveFrom: '',
    standing: 'decided',
    mandatory: latest?.mandatory ?? true,
    min: String(latest?.perSponsor.min ?? 1),
    max: latest?.perSponsor.max == null ? '' : String(latest.perSponsor.max),
    phases,
    income: String(latest?.contribution.declaredIncome ?? 1_000_000),
    jht: latest?.contribution.programmes.includes('jht') ?? false,
    area: latest?.areaCode ?? '',
    legalBasis: latest?.legalBasis ?? '',
    sources: latest?.sources.join('\n') ?? '',
    note: latest?.note ?? '',
  };
}

function emptyPhase(from: string): PhaseDraft {
  return {
    key: ++phaseKeys,
    from,
    labelId: 'Seluruh ASN',
    labelEn: 'Every ASN',
    employmentTypes: ['PNS', 'PPPK'],
    echelons: null,
    opdIds: null,
  };
}

function policyOf(draft: PolicyDraft, programme: ProgrammeDetail): ProgrammePolicy {
  const lines = draft.sources
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  return {
    programmeKey: programme.key,
    pemdaCode: programme.pemdaCode,
    name: programme.name,
    standing: draft.standing,
    circularLetter: {
      number: draft.number.trim() || null,
      date: draft.date || null,
      title: draft.title.trim(),
    },
    effectiveFrom: draft.effectiveFrom,
    mandatory: draft.mandatory,
    phases: draft.phases.map((phase) => ({
      from: phase.from,
      label: { id: phase.labelId.trim(), en: phase.labelEn.trim() || phase.labelId.trim() },
      sponsors: {
        employmentTypes: phase.employmentTypes,
        ...(phase.echelons ? { echelons: phase.echelons } : {}),
        ...(phase.opdIds ? { opdIds: phase.opdIds } : {}),
      },
    })),
    perSponsor: { min: Number(draft.min || 0), max: draft.max.trim() === '' ? null : Number(draft.max) },
    contribution: {
      scheme: 'bpu',
      programmes: coveredProgrammes(draft.jht),
      declaredIncome: Number(draft.income),
    },
    areaCode: draft.area.trim() || null,
    legalBasis: draft.legalBasis.trim(),
    sources: lines,
    ...(draft.note.trim() ? { note: draft.note.trim() } : {}),
  };
}

/** The API lists every problem of a refused policy; each is shown on its own line. */
function problemsOf(error: unknown, language: Language): string[] {
  if (error instanceof ApiError) {
    const details = error.details as { problems?: { message: { id: string; en: string } }[] } | undefined;
    if (details?.problems?.length) return details.problems.map((p) => p.message[language]);
  }
  return [(error as Error).message];
}

export function NewPolicyPage({ id }: { id: string }) {
  const { t, language } = useI18n();
  const api = useApi();
  const record = useLoad(`${id} ${language}`, (signal) => api.programme(id, signal));
  const programme = record.data;
  useDocumentTitle(t.progNewVersionTitle);
  return (
    <div className="record programme-policy">
      <Breadcrumb
        list={programme?.name ?? t.progListTitle}
        href={programme ? paths.programme(programme.id) : paths.programmes()}
        current={t.progNewVersionTitle}
      />
      <LoadState load={record} />
      {programme && (
        <>
          <div className="page-head">
            <p className="kicker">{programme.name}</p>
            <h1>{t.progNewVersionTitle}</h1>
            <p className="lead">{t.progNewVersionIntro}</p>
          </div>
          <PolicyForm programme={programme} />
        </>
      )}
    </div>
  );
}

function PolicyForm({ programme }: { programme: ProgrammeDetail }) {
  const { t, language } = useI18n();
  const api = useApi();
  const brackets = useBrackets();
  const opds = useOpdNames(programme.pemdaCode);
  const [draft, setDraft] = useState<PolicyDraft>(() => draftFrom(programme));
  const [busy, setBusy] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);
  const set = <K extends keyof PolicyDraft>(field: K, value: PolicyDraft[K]) =>
    setDraft((previous) => ({ ...previous, [field]: value }));
  const setPhase = (key: number, changes: Partial<PhaseDraft>) =>
    set(
      'phases',
      draft.phases.map((phase) => (phase.key === key ? { ...phase, ...changes } : phase)),
    );

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setProblems([]);
    try {
      await api.addPolicy(String(programme.id), policyOf(draft, programme));
      navigate(paths.programme(programme.id));
    } catch (failure) {
      setProblems(problemsOf(failure, language));
      setBusy(false);
    }
  }

  return (
    <form className="card policy-form" onSubmit={submit} noValidate aria-label={t.progNewVersionTitle}>
      <div className="field-row">
        <TextField
          label={t.progEffectiveLabel}
          type="date"
          value={draft.effectiveFrom}
          onChange={(v) => set('effectiveFrom', v)}
        />
        <TextField label={t.progLetterNumber} value={draft.number} onChange={(v) => set('number', v)} />
        <TextField label={t.progLetterDate} type="date" value={draft.date} onChange={(v) => set('date', v)} />
      </div>
      <TextField label={t.progLetterTitleLabel} value={draft.title} onChange={(v) => set('title', v)} />
      <ChoiceCards
        legend={t.progStandingLegend}
        name="standing"
        choices={(['decided', 'proposal'] as const).map((value) => ({
          value,
          label: t.progStanding[value],
          hint: t.progStandingHint[value],
        }))}
        value={draft.standing}
        onChange={(value) => set('standing', value)}
      />
      <Check checked={draft.mandatory} onChange={(on) => set('mandatory', on)}>
        {t.progMandatoryLabel}
      </Check>
      <div className="field-row">
        <TextField label={t.progMinLabel} type="number" value={draft.min} onChange={(v) => set('min', v)} />
        <TextField label={t.progMaxLabel} type="number" value={draft.max} onChange={(v) => set('max', v)} />
      </div>

      <fieldset className="fieldset">
        <legend>{t.progPhasesLegend}</legend>
        {draft.phases.map((phase, index) => (
          <PhaseFields
            key={phase.key}
            index={index}
            phase={phase}
            opds={opds.data ?? []}
            onChange={(changes) => setPhase(phase.key, changes)}
            onRemove={
              draft.phases.length > 1
                ? () =>
                    set(
                      'phases',
                      draft.phases.filter((other) => other.key !== phase.key),
                    )
                : undefined
            }
          />
        ))}
        <button
          type="button"
          className="button button--secondary"
          onClick={() => set('phases', [...draft.phases, emptyPhase(draft.effectiveFrom)])}
        >
          {t.progAddPhase}
        </button>
      </fieldset>

      <div className="field-row">
        <IncomeField brackets={brackets.data} value={draft.income} onChange={(v) => set('income', v)} />
        <TextField label={t.progAreaLabel} value={draft.area} onChange={(v) => set('area', v)} />
      </div>
      <Check checked={draft.jht} onChange={(on) => set('jht', on)}>
        {t.progJhtLabel}
      </Check>
      <TextField
        label={t.progLegalBasisLabel}
        value={draft.legalBasis}
        onChange={(v) => set('legalBasis', v)}
      />
      <TextArea label={t.progSourcesLabel} value={draft.sources} onChange={(v) => set('sources', v)} />
      <TextArea label={t.progNoteLabel} value={draft.note} onChange={(v) => set('note', v)} />

      {problems.length > 0 && (
        <div className="alert alert--error" role="alert" data-testid="policy-problems">
          <ul>
            {problems.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
        </div>
      )}
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? t.progSaving : t.progSaveVersion}
        </button>
      </div>
    </form>
  );
}

function PhaseFields({
  index,
  phase,
  opds,
  onChange,
  onRemove,
}: {
  index: number;
  phase: PhaseDraft;
  opds: Opd[];
  onChange: (changes: Partial<PhaseDraft>) => void;
  onRemove: (() => void) | undefined;
}) {
  const { t } = useI18n();
  const toggle = <V,>(list: readonly V[], value: V, on: boolean) =>
    on ? [...list, value] : list.filter((item) => item !== value);
  return (
    <fieldset className="fieldset fieldset--plain phase-fields">
      <legend>{t.progPhaseN(index + 1)}</legend>
      <div className="field-row">
        <TextField
          label={t.progPhaseFromLabel}
          type="date"
          value={phase.from}
          onChange={(from) => onChange({ from })}
        />
        <TextField
          label={t.progPhaseLabelId}
          value={phase.labelId}
          onChange={(labelId) => onChange({ labelId })}
        />
        <TextField
          label={t.progPhaseLabelEn}
          value={phase.labelEn}
          onChange={(labelEn) => onChange({ labelEn })}
        />
      </div>
      <p className="field-label">{t.progColTypes}</p>
      <div className="checks">
        {EMPLOYMENT_TYPES.map((type) => (
          <Check
            key={type}
            checked={phase.employmentTypes.includes(type)}
            onChange={(on) => onChange({ employmentTypes: toggle(phase.employmentTypes, type, on) })}
          >
            {t.employmentType[type]}
          </Check>
        ))}
      </div>
      <p className="field-label">{t.progColEchelons}</p>
      <div className="checks">
        <Check
          checked={phase.echelons === null}
          onChange={(on) => onChange({ echelons: on ? null : ['II'] })}
        >
          {t.progEveryEchelon}
        </Check>
        {phase.echelons !== null &&
          [...ECHELONS, null].map((echelon) => (
            <Check
              key={echelon ?? 'none'}
              checked={phase.echelons?.includes(echelon) ?? false}
              onChange={(on) => onChange({ echelons: toggle(phase.echelons ?? [], echelon, on) })}
            >
              {echelon ?? t.progNoEchelon}
            </Check>
          ))}
      </div>
      <p className="field-label">{t.progColOpds}</p>
      <div className="checks">
        <Check checked={phase.opdIds === null} onChange={(on) => onChange({ opdIds: on ? null : [] })}>
          {t.progEveryOpd}
        </Check>
        {phase.opdIds !== null &&
          opds.map((opd) => (
            <Check
              key={opd.id}
              checked={phase.opdIds?.includes(opd.id) ?? false}
              onChange={(on) => onChange({ opdIds: toggle(phase.opdIds ?? [], opd.id, on) })}
            >
              {opd.name}
            </Check>
          ))}
      </div>
      {onRemove && (
        <button type="button" className="button button--secondary" onClick={onRemove}>
          {t.progRemovePhase}
        </button>
      )}
    </fieldset>
  );
}

function TextArea({
  label,
  value,
  onChange,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea id={id} rows={3} value={value} onChange={(event) => onChange(event.target.value)} />
    </div>
  );
}
