import { type FormEvent, useId, useState } from 'react';
import type { ProgrammeSummary } from '../../api/types.ts';
import { ChoiceCards, useSubmit } from '../../components/forms.tsx';
import { useListFilters } from '../../components/lists.tsx';
import { ErrorAlert, LoadState, useLoad } from '../../components/load.tsx';
import { PageHead } from '../../components/page-head.tsx';
import { PemdaPicker, usePemdaList } from '../../components/pemda.tsx';
import { DataTable } from '../../components/tables.tsx';
import { formatCount, formatDate } from '../../format.ts';
import { useApi, useDocumentTitle } from '../../hooks.ts';
import { useI18n } from '../../i18n.ts';
import { Link, navigate, paths } from '../../router.tsx';
import { mayUse, useUser } from '../../session.tsx';
import { Check, coveredProgrammes, IncomeField, letterName, useBrackets } from './shared.tsx';

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
      <PageHead title={t.progListTitle} intro={t.progListIntro} />
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
