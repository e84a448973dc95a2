import { type ReactNode, useId } from 'react';
import type { Opd, PolicyVersion, ProgrammeDetail } from '../../api/types.ts';
import { LoadState, useLoad } from '../../components/load.tsx';
import { usePemdaList, zoneOf } from '../../components/pemda.tsx';
import { Breadcrumb, Fact } from '../../components/records.tsx';
import { DataTable } from '../../components/tables.tsx';
import { formatCount, formatDate, formatMoment, formatRupiah } from '../../format.ts';
import { useApi, useDocumentTitle } from '../../hooks.ts';
import { useI18n } from '../../i18n.ts';
import { Link, paths } from '../../router.tsx';
import { mayUse, useUser } from '../../session.tsx';
import { type Dictionary, letterName, useOpdNames } from './shared.tsx';

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
