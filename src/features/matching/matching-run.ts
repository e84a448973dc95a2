import { recordAudit } from '../../platform/audit.ts';
import type { MatchingDeps } from './matching-deps.ts';
import { type MatchedPemda, type PlanOptions, plan, programmesToMatch } from './matching-plan.ts';
import { insertRun, lockPemdaMatching, matchableProgrammes, setRunDuration } from './matching-repository.ts';
import { type Caller, type MatchResult, natural, WITHDRAWN_BY_RERUN } from './matching-rules.ts';
import { insertProposals, withdrawOpenProposals } from './proposal-repository.ts';

/**
 * Stores a plan as a run, one Pemda's runs at a time: the rerun withdraws what the last run left
 * open for the same programmes, and an ASN proposed to for the first time gets a sponsor record.
 */
export async function saveRun(
  deps: MatchingDeps,
  pemda: MatchedPemda,
  options: PlanOptions,
  caller: Caller,
  started: number,
): Promise<MatchResult> {
  return deps.db.transaction(async (tx) => {
    await lockPemdaMatching(tx, pemda.code);
    const requested = options.programme
      ? (await matchableProgrammes(tx, pemda.code, options.programme))[0]
      : undefined;
    // The rerun replaces what is still open for the same programmes; decided proposals stay.
    const rerun = (await programmesToMatch(tx, pemda.code, options.programme)).map(
      (programme) => programme.id,
    );
    const withdrawn = await withdrawOpenProposals(tx, pemda.code, rerun, WITHDRAWN_BY_RERUN);
    const { summary, proposals } = await plan(tx, deps, pemda, options);
    const newAsn = [
      ...new Set(
        proposals.flatMap((p) => (p.sponsorId === null && p.sponsor.kind === 'asn' ? [p.sponsor.nip] : [])),
      ),
    ];
    const { ids: sponsorIds } = await deps.sponsorships.ensureAsnSponsors(tx, pemda.code, newAsn);
    const runId = await insertRun(tx, {
      pemdaCode: pemda.code,
      programmeId: requested?.id ?? null,
      on: options.on,
      fill: options.fill,
      parameters: {
        programmes: summary.programmes.map((programme) => programme.key),
        widest: summary.widest,
        sponsorsWithoutVillage: summary.sponsorsWithoutVillage,
      },
      pool: summary.pool,
      sponsors: summary.sponsors,
      quota: summary.quota,
      proposals: summary.proposals,
      byLevel: summary.byLevel,
      withdrawn,
      durationMs: 0,
      createdBy: caller.actor?.userId ?? null,
    });
    await insertProposals(
      tx,
      runId,
      pemda.code,
      proposals.map((p) => ({
        programmeId: p.programmeId,
        sponsorId: p.sponsorId ?? sponsorIds.get((p.sponsor as { nip: string }).nip)!,
        nik: p.nik,
        level: p.level,
        reason: p.reason,
      })),
    );
    const durationMs = Math.round(performance.now() - started);
    await setRunDuration(tx, runId, durationMs);
    await recordAudit(tx, {
      actor: caller.actor,
      action: 'match.run',
      entityType: 'match_run',
      entityId: String(runId),
      pemdaCode: pemda.code,
      ip: caller.ip ?? null,
      details: {
        on: options.on,
        fill: options.fill,
        programmes: summary.programmes.map((programme) => programme.key),
        proposals: summary.proposals,
        withdrawn,
      },
    });
    return {
      summary: { ...summary, run: { id: runId, withdrawn, durationMs } },
      proposals: proposals.map(natural),
    };
  });
}
