import { type FormEvent, type ReactNode, useId, useState } from 'react';
import {
  ECHELONS,
  EMPLOYMENT_TYPES,
  OBLIGATION_STATUSES,
  type ProgrammePolicy,
} from '../../../src/core/programme-policy.ts';
import type { Echelon, EmploymentType } from '../../../src/core/registry/asn-row.ts';
import { ApiError, complianceFileUrl } from '../api/client.ts';
import type {
  ComplianceItem,
  ComplianceReport,
  Opd,
  PolicyVersion,
  ProgrammeDetail,
  ProgrammeSummary,
} from '../api/types.ts';
import {
  Breadcrumb,
  ChoiceCards,
  DataTable,
  ErrorAlert,
  Fact,
  FilterForm,
  LoadState,
  PagedResults,
  PemdaPicker,
  useListFilters,
  useLoad,
  usePemdaList,
  useSubmit,
  zoneOf,
} from '../components.tsx';
import { formatCount, formatDate, formatMoment, formatRupiah, thisMonth } from '../format.ts';
import { useApi, useDocumentTitle } from '../hooks.ts';
import { type Language, useI18n } from '../i18n.ts';
import { Link, navigate, paths } from '../router.tsx';
import { mayUse, useUser } from '../session.tsx';

/**
 * Programmes and their circular letters (issue 4, items 1 and 9): the Pemda's programmes, one
 * programme with every version of its policy, the form a Pemda admin writes a new letter into,
 * and compliance by ASN on a day, which OPD heads read for their own staff.
 */
const PAGE_SIZE = 50;

type Dictionary = ReturnType<typeof useI18n>['t'];

const letterName = (policy: Pick<ProgrammePolicy, 'circularLetter'>, t: Dictionary) =>
  policy.circularLetter.number ?? policy.circularLetter.title ?? t.progNumberUnknown;

export function ProgrammeListPage() {
  const { t, language } = useI18n();
  const api = useApi();
  const user = useUser();
  useDocumentTitle(t.progListTitle);
  const pemdaList = usePemdaList();
  const { filters, fixedPemda, hrefFor } = useListFilters(
    () => ({}),
    (next) => paths.programmes({ pemda: next.pemda }),
    pemdaList.data?.[0]?.code,
  );
  const programmes = useLoad(filters.pemda ? `${filters.pemda} ${language}` : null, async (signal) =>
    filters.pemda ? (await api.programmes(filters.pemda, signal)).items : [],
  );
  const mayCreate = mayUse(user, 'programmeAdmin') && fixedPemda !== undefined;

  return (
    <div className="programmes">
      <div className="page-head">
        <h1>{t.progListTitle}</h1>
        <p className="lead">{t.progListIntro}</p>
      </div>
      {!fixedPemda && pemdaList.data && (
        <PemdaPicker
          list={pemdaList.data}
          value={filters.pemda}
          allowAll={false}
          hrefFor={(pemda) => hrefFor({ pemda, page: 1 })}
        />
      )}
      <LoadState load={programmes} />
      {programmes.data &&
        (programmes.data.length === 0 ? (
          <p className="muted" role="status">
            {t.progNone}
          </p>
        ) : (
          <ProgrammeTable items={programmes.data} />
        ))}
      {mayCreate && <CreateProgrammeForm pemdaCode={fixedPemda} />}
    </div>
  );
}

function ProgrammeTable({ items }: { items: ProgrammeSummary[] }) {
  const { t, language } = useI18n();
  return (
    <DataTable
      caption={t.progTableCaption}
      testId="programme-table"
      variant="registry"
      columns={[t.progColName, t.progColKind, t.progColPolicy, { label: t.progColVersions, numeric: true }]}
    >
      {items.map((item) => (
        <tr key={item.id}>
          <th scope="row">
            <Link href={paths.programme(item.id)}>{item.name}</Link>
            <span className="table__sub code">{item.key}</span>
          </th>
          <td data-label={t.progColKind}>{t.progKind[item.kind]}</td>
          <td data-label={t.progColPolicy}>
            {item.inForce ? (
              <>
                {letterName(item.inForce, t)}, {t.progSince(formatDate(item.inForce.effectiveFrom, language))}
                <span className="table__sub">
                  {item.inForce.mandatory ? t.progMandatory : t.progVoluntary} ·{' '}
                  {t.progPerSponsor(item.inForce.perSponsor.min, item.inForce.perSponsor.max)}
                  {item.inForce.phase && ` · ${item.inForce.phase[language]}`}
                </span>
              </>
            ) : item.kind === 'asn_policy' ? (
              t.progNoPolicy
            ) : (
              '—'
            )}
          </td>
          <td className="num" data-label={t.progColVersions}>
            {item.kind === 'asn_policy' ? formatCount(item.versionCount, language) : '—'}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}

/** The BPU incomes the engine accepts this month, for a select: a bracket, never a typed amount. */
function useBrackets() {
  const api = useApi();
  const { language } = useI18n();
  const month = thisMonth();
  return useLoad(
    `${month} ${language}`,
    async (signal) => (await api.premiumOptions(month, signal)).brackets,
  );
}

/** The declared income to choose: the brackets once loaded, until then the one already chosen. */
function IncomeField({
  brackets,
  value,
  onChange,
}: {
  brackets: readonly number[] | null;
  value: string;
  onChange: (value: string) => void;
}) {
  const { t } = useI18n();
  return (
    <SelectField
      label={t.progIncomeLabel}
      value={value}
      onChange={onChange}
      options={(brackets ?? [Number(value)]).map((bracket) => [String(bracket), formatRupiah(bracket)])}
    />
  );
}

/** JKK and JKM always; JHT only when the sponsor also pays for old-age savings. */
const coveredProgrammes = (jht: boolean): ('jkk' | 'jkm' | 'jht')[] =>
  jht ? ['jkk', 'jkm', 'jht'] : ['jkk', 'jkm'];

function CreateProgrammeForm({ pemdaCode }: { pemdaCode: string }) {
  const { t } = useI18n();
  const api = useApi();
  const ids = {
    key: useId(),
    keyHint: useId(),
    name: useId(),
    area: useId(),
    areaHint: useId(),
  };
  const brackets = useBrackets();
  const [kind, setKind] = useState<ProgrammeSummary['kind']>('asn_policy');
  const [key, setKey] = useState('');
  const [name, setName] = useState('');
  const [income, setIncome] = useState('1000000');
  const [jht, setJht] = useState(false);
  const [area, setArea] = useState('');
  const { busy, error, run } = useSubmit();

  function submit(event: FormEvent) {
    event.preventDefault();
    void run(async () => {
      const created = await api.createProgramme(pemdaCode, {
        key: key.trim(),
        name: name.trim(),
        kind,
        ...(kind === 'asn_policy'
          ? {}
          : {
              declaredIncome: Number(income),
              programmes: coveredProgrammes(jht),
              areaCode: area.trim() || null,
            }),
      });
      navigate(kind === 'asn_policy' ? paths.programmePolicy(created.id) : paths.programme(created.id));
    });
  }

  return (
    <form className="card" onSubmit={submit} aria-label={t.progCreateTitle}>
      <h2>{t.progCreateTitle}</h2>
      <ChoiceCards
        legend={t.progKindLegend}
        name="kind"
        choices={(['asn_policy', 'apbd_cohort', 'csr', 'donor'] as const).map((value) => ({
          value,
          label: t.progKind[value],
          hint: t.progKindHint[value],
        }))}
        value={kind}
        onChange={setKind}
      />
      <div className="field">
        <label htmlFor={ids.name}>{t.progNameLabel}</label>
        <input id={ids.name} required value={name} onChange={(event) => setName(event.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={ids.key}>{t.progKeyLabel}</label>
        <span className="hint" id={ids.keyHint}>
          {t.progKeyHint}
        </span>
        <input
          id={ids.key}
          required
          value={key}
          autoComplete="off"
          spellCheck={false}
          aria-describedby={ids.keyHint}
          onChange={(event) => setKey(event.target.value)}
        />
      </div>
      {kind !== 'asn_policy' && (
        <>
          <IncomeField brackets={brackets.data} value={income} onChange={setIncome} />
          <Check checked={jht} onChange={setJht}>
            {t.progJhtLabel}
          </Check>
          <div className="field">
            <label htmlFor={ids.area}>{t.progAreaLabel}</label>
            <span className="hint" id={ids.areaHint}>
              {t.progAreaHint}
            </span>
            <input
              id={ids.area}
              value={area}
              inputMode="decimal"
              aria-describedby={ids.areaHint}
              onChange={(event) => setArea(event.target.value)}
            />
          </div>
        </>
      )}
      {error && <ErrorAlert message={error} />}
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? t.progCreating : t.progCreateButton}
        </button>
      </div>
    </form>
  );
}

/** The OPDs of a Pemda by id, to name those a phase lists. */
function useOpdNames(pemdaCode: string | undefined) {
  const api = useApi();
  const { language } = useI18n();
  const opds = useLoad(pemdaCode ? `${pemdaCode} ${language}` : null, async (signal) =>
    pemdaCode ? (await api.opds(pemdaCode, signal)).items : [],
  );
  return opds;
}

export function ProgrammePage({ id }: { id: string }) {
  const { t, language } = useI18n();
  const api = useApi();
  const user = useUser();
  const record = useLoad(`${id} ${language}`, (signal) => api.programme(id, signal));
  const programme = record.data;
  useDocumentTitle(programme?.name ?? t.progListTitle);
  const opds = useOpdNames(programme?.pemdaCode);
  const pemdaList = usePemdaList();
  const zone = zoneOf(pemdaList.data, programme?.pemdaCode);
  const policyKind = programme?.kind === 'asn_policy';

  return (
    <div className="record programme">
      <Breadcrumb list={t.progListTitle} href={paths.programmes()} current={programme?.name ?? id} />
      <LoadState load={record} />
      {programme && (
        <>
          <div className="page-head">
            <p className="kicker">{t.progKind[programme.kind]}</p>
            <h1>{programme.name}</h1>
            <p className="code">{programme.key}</p>
          </div>
          <ProgrammeFacts programme={programme} />
          {policyKind && (
            <div className="button-row">
              {programme.versionCount > 0 && (
                <Link className="button button--primary" href={paths.programmeCompliance(programme.id)}>
                  {t.progComplianceLink}
                </Link>
              )}
              {mayUse(user, 'programmeAdmin') && (
                <Link className="button button--secondary" href={paths.programmePolicy(programme.id)}>
                  {t.progAddVersionLink}
                </Link>
              )}
            </div>
          )}
          {policyKind && (
            <section className="policy-versions" aria-labelledby="policy-versions">
              <h2 id="policy-versions">{t.progVersionsTitle}</h2>
              <p className="muted">{t.progVersionsIntro}</p>
              {programme.versions.length === 0 ? (
                <p className="notice">{t.progNoVersions}</p>
              ) : (
                // Newest first: the letter in force or about to be is what readers look for.
                [...programme.versions]
                  .reverse()
                  .map((version) => (
                    <VersionCard
                      key={version.effectiveFrom}
                      version={version}
                      opds={opds.data ?? []}
                      zone={zone}
                    />
                  ))
              )}
            </section>
          )}
        </>
      )}
    </div>
  );
}

function ProgrammeFacts({ programme }: { programme: ProgrammeDetail }) {
  const { t, language } = useI18n();
  const headingId = useId();
  const inForce = programme.inForce;
  return (
    <section className="card record__card" aria-labelledby={headingId}>
      <h2 id={headingId}>{t.recordDetails}</h2>
      <dl className="facts facts--columns">
        {programme.kind === 'asn_policy' && (
          <Fact
            label={t.progInForce}
            value={
              inForce
                ? `${letterName(inForce, t)}, ${t.progSince(formatDate(inForce.effectiveFrom, language))}`
                : t.progNoPolicy
            }
          />
        )}
        {inForce && (
          <>
            <Fact label={t.progPhaseToday} value={inForce.phase?.[language] ?? '—'} />
            <Fact
              label={t.progCount}
              value={`${t.progPerSponsor(inForce.perSponsor.min, inForce.perSponsor.max)} · ${inForce.mandatory ? t.progMandatory : t.progVoluntary}`}
            />
          </>
        )}
        <Fact label={t.progContribution} value={contributionText(programme.contribution, t)} />
        <Fact
          label={t.progArea}
          value={programme.areaCode ?? t.progAnywhere}
          code={programme.areaCode !== null}
        />
        {programme.budget !== null && (
          <Fact
            label={t.progBudget}
            value={`${formatRupiah(programme.budget)}${programme.budgetYear ? ` (${programme.budgetYear})` : ''}`}
          />
        )}
        {programme.targetWorkers !== null && (
          <Fact label={t.progTarget} value={formatCount(programme.targetWorkers, language)} />
        )}
        <Fact label={t.pemdaLabel} value={programme.pemdaCode} code />
      </dl>
    </section>
  );
}

function contributionText(contribution: ProgrammeDetail['contribution'], t: Dictionary): string {
  if (!contribution) return '—';
  const names = contribution.programmes.map((programme) => programme.toUpperCase()).join(' + ');
  return t.progContributionOn(names, formatRupiah(contribution.declaredIncome));
}

function VersionCard({
  version,
  opds,
  zone,
}: {
  version: PolicyVersion;
  opds: Opd[];
  zone: 'WIB' | 'WITA' | 'WIT';
}) {
  const { t, language } = useI18n();
  const headingId = useId();
  const { policy } = version;
  const letter = policy.circularLetter;
  const opdName = (opdId: number) => opds.find((opd) => opd.id === opdId)?.name ?? `OPD ${opdId}`;
  const when = formatMoment(version.createdAt, zone, language);
  return (
    <article className="card policy-version" aria-labelledby={headingId} data-testid="policy-version">
      <h3 id={headingId}>
        {t.progVersionFrom(formatDate(version.effectiveFrom, language))}
        {version.inForce && <span className="chip">{t.progVersionCurrent}</span>}
      </h3>
      <dl className="facts facts--columns">
        <Fact label={t.progLetter} value={letter.title} />
        <Fact label={t.progLetterNumber} value={letter.number ?? t.progNumberUnknown} />
        <Fact label={t.progLetterDate} value={letter.date ? formatDate(letter.date, language) : '—'} />
        <Fact label={t.progStandingLabel} value={t.progStanding[policy.standing] ?? policy.standing} />
        <Fact label={t.progObligation} value={policy.mandatory ? t.progMandatory : t.progVoluntary} />
        <Fact label={t.progCount} value={t.progPerSponsor(policy.perSponsor.min, policy.perSponsor.max)} />
        <Fact
          label={t.progContribution}
          value={contributionText(
            {
              programmes: [...policy.contribution.programmes],
              declaredIncome: policy.contribution.declaredIncome,
            },
            t,
          )}
        />
        <Fact label={t.progArea} value={policy.areaCode ?? t.progAnywhere} />
        <Fact label={t.progLegalBasis} value={policy.legalBasis} />
      </dl>
      <DataTable
        caption={t.progPhasesCaption}
        variant="registry"
        showCaption
        columns={[t.progColPhase, t.progColFrom, t.progColTypes, t.progColEchelons, t.progColOpds]}
      >
        {policy.phases.map((phase) => (
          <tr key={phase.from}>
            <th scope="row">{phase.label[language]}</th>
            <td data-label={t.progColFrom} className="nowrap">
              {formatDate(phase.from, language)}
            </td>
            <td data-label={t.progColTypes}>
              {phase.sponsors.employmentTypes.map((type) => t.employmentType[type]).join(', ')}
            </td>
            <td data-label={t.progColEchelons}>
              {phase.sponsors.echelons
                ? phase.sponsors.echelons.map((echelon) => echelon ?? t.progNoEchelon).join(', ')
                : t.progAllEchelons}
            </td>
            <td data-label={t.progColOpds}>
              {phase.sponsors.opdIds ? phase.sponsors.opdIds.map(opdName).join(', ') : t.progAllOpds}
            </td>
          </tr>
        ))}
      </DataTable>
      {policy.sources.length > 0 && (
        <>
          <h4>{t.progSources}</h4>
          <ul className="fine-print">
            {policy.sources.map((source) => (
              <li key={source}>{source}</li>
            ))}
          </ul>
        </>
      )}
      {policy.verify && <Paragraph title={t.progVerify}>{policy.verify}</Paragraph>}
      {policy.note && <Paragraph title={t.progNote}>{policy.note}</Paragraph>}
      <p className="muted fine-print">
        {version.createdBy ? t.progRecordedBy(version.createdBy, when) : t.progRecordedBySystem(when)}
      </p>
    </article>
  );
}

function Paragraph({ title, children }: { title: string; children: ReactNode }) {
  return (
    <>
      <h4>{title}</h4>
      <p className="fine-print">{children}</p>
    </>
  );
}

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

function Check({
  checked,
  onChange,
  children,
}: {
  checked: boolean;
  onChange: (checked: boolean) => void;
  children: ReactNode;
}) {
  return (
    <label className="check">
      <input type="checkbox" checked={checked} onChange={(event) => onChange(event.target.checked)} />
      <span>{children}</span>
    </label>
  );
}

function TextField({
  label,
  value,
  onChange,
  type = 'text',
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  type?: 'text' | 'date' | 'number';
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type={type}
        value={value}
        {...(type === 'number' ? { min: 0, step: 1, inputMode: 'numeric' as const } : {})}
        onChange={(event) => onChange(event.target.value)}
      />
    </div>
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

function SelectField({
  label,
  value,
  options,
  onChange,
}: {
  label: string;
  value: string;
  options: [string, string][];
  onChange: (value: string) => void;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value)}>
        {options.map(([option, text]) => (
          <option key={option} value={option}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}

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
