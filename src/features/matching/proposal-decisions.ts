import type { IsoDate } from '../../core/calendar.ts';
import { checkEligibility } from '../../core/eligibility.ts';
import { groupBy } from '../../core/matching.ts';
import type { Problem } from '../../core/message.ts';
import type { Queryable } from '../../db/database.ts';
import { AppError } from '../../errors.ts';
import { forbidden, may, requireAccess } from '../../platform/access/policy.ts';
import { recordAudit } from '../../platform/audit.ts';
import { isOnePayerViolation, type NewSponsorship } from '../sponsorship/index.ts';
import type { MatchingDeps } from './matching-deps.ts';
import {
  alreadyCovered,
  alreadyDecided,
  type Caller,
  type DecisionOutcome,
  maxReached,
  proposalNotFound,
} from './matching-rules.ts';
import type { MatchRun } from './matching-types.ts';
import {
  heldBySponsors,
  type LockedProposal,
  lockOpenProposalsOfRun,
  lockProposals,
  markAccepted,
  markRejected,
  workersForEligibility,
} from './proposal-repository.ts';

/**
 * Deciding proposals: each accepted one becomes a `proposed` sponsorship through the sponsorship
 * feature's own insert, under the same rules as one added by hand (eligibility, the policy's
 * maximum, one payer a month).
 */

/** What deciding uses of other features, in the deciding transaction, and the clock. */
type DecisionDeps = Pick<MatchingDeps, 'now' | 'programmes' | 'sponsorships'>;

type Refuse = (id: number, reason: Problem) => void;
type Wanted = { proposal: LockedProposal; row: NewSponsorship }[];

const decider = (proposal: LockedProposal) => ({
  pemdaCode: proposal.pemdaCode,
  sponsorNip: proposal.sponsorKind === 'asn' ? proposal.sponsorNip : null,
});

/**
 * The sponsorships the open proposals ask for, programme by programme, each checked as an
 * addition by hand would be; the others are refused with their own problem.
 */
async function wantedSponsorships(
  tx: Queryable,
  open: readonly LockedProposal[],
  refuse: Refuse,
  { now, programmes, sponsorships }: DecisionDeps,
): Promise<Wanted> {
  const workers = await workersForEligibility(
    tx,
    open.map((proposal) => proposal.nik),
  );
  const wanted: Wanted = [];
  for (const [programmeId, proposals] of groupBy(open, (proposal) => proposal.programmeId)) {
    // The sponsorship engineer's one rule: this month, or the next once this month is billed.
    const firstMonth = await sponsorships.nextUnbilledMonth(
      tx,
      { pemdaCode: proposals[0]!.pemdaCode },
      now(),
    );
    const firstDay: IsoDate = `${firstMonth}-01`;
    const terms = await programmes.programmeTermsOn(tx, programmeId, firstDay);
    const max = terms.policy?.perSponsor.max ?? null;
    const held =
      max === null
        ? new Map<number, number>()
        : await heldBySponsors(
            tx,
            programmeId,
            proposals.map((proposal) => proposal.sponsorId),
            firstDay,
          );
    for (const proposal of proposals) {
      const worker = workers.get(proposal.nik)!;
      const problems = checkEligibility(worker, { areaCode: terms.areaCode }, firstDay);
      if (problems.length > 0) {
        refuse(proposal.id, problems[0]!);
        continue;
      }
      const count = held.get(proposal.sponsorId) ?? 0;
      if (max !== null && proposal.sponsorKind === 'asn' && count >= max) {
        refuse(proposal.id, maxReached(max));
        continue;
      }
      held.set(proposal.sponsorId, count + 1);
      wanted.push({
        proposal,
        row: {
          pemdaCode: proposal.pemdaCode,
          programmeId,
          sponsorId: proposal.sponsorId,
          nik: proposal.nik,
          relationship: proposal.level === 'village' ? 'neighbour' : 'other',
          programmes: terms.programmes,
          declaredIncome: terms.declaredIncome,
          firstMonth,
          status: 'proposed',
        },
      });
    }
  }
  return wanted;
}

/** Inserts the wanted sponsorships run by run; a worker another payer took meanwhile is refused. */
async function insertWanted(
  tx: Queryable,
  wanted: Wanted,
  caller: Caller,
  outcomes: Map<number, DecisionOutcome>,
  refuse: Refuse,
  { sponsorships }: DecisionDeps,
): Promise<void> {
  for (const [runId, group] of groupBy(wanted, (entry) => entry.proposal.runId)) {
    const origin = { userId: caller.actor?.userId ?? null, source: `match:${runId}` };
    const rows = group.map((entry) => entry.row);
    await tx.query('SAVEPOINT match_accept');
    let result: Awaited<ReturnType<DecisionDeps['sponsorships']['insertSponsorships']>>;
    try {
      result = await sponsorships.insertSponsorships(tx, rows, origin);
    } catch (error) {
      if (!isOnePayerViolation(error)) throw error;
      // Another transaction took a month between the check and the insert: once it has
      // committed, the same statement sees it and leaves that worker out.
      await tx.query('ROLLBACK TO SAVEPOINT match_accept');
      result = await sponsorships.insertSponsorships(tx, rows, origin);
    }
    const created = new Map(result.inserted.map((row) => [row.nik, row.id]));
    const accepted: { id: number; sponsorshipId: number }[] = [];
    for (const { proposal, row } of group) {
      const sponsorshipId = created.get(proposal.nik);
      if (sponsorshipId === undefined) refuse(proposal.id, alreadyCovered(proposal.nik, row.firstMonth));
      else {
        accepted.push({ id: proposal.id, sponsorshipId });
        outcomes.set(proposal.id, { id: proposal.id, outcome: 'accepted', sponsorshipId, problem: null });
      }
    }
    await markAccepted(tx, accepted, caller.actor?.userId ?? null);
  }
}

/**
 * Accepts the open proposals among `locked`: each becomes a `proposed` sponsorship, or is refused
 * with its own problem (worker no longer eligible, taken meanwhile, the sponsor at the policy's
 * maximum) while the rest go through.
 */
async function accept(
  tx: Queryable,
  locked: readonly LockedProposal[],
  caller: Caller,
  deps: DecisionDeps,
): Promise<DecisionOutcome[]> {
  const outcomes = new Map<number, DecisionOutcome>();
  const refuse: Refuse = (id, reason) =>
    outcomes.set(id, { id, outcome: 'refused', sponsorshipId: null, problem: reason });
  const open = locked.filter((proposal) => {
    if (proposal.status === 'open') return true;
    refuse(proposal.id, alreadyDecided(proposal.status));
    return false;
  });
  const wanted = await wantedSponsorships(tx, open, refuse, deps);
  await insertWanted(tx, wanted, caller, outcomes, refuse, deps);
  return locked.map((proposal) => outcomes.get(proposal.id)!);
}

async function auditDecisions(
  tx: Queryable,
  outcomes: readonly DecisionOutcome[],
  locked: readonly LockedProposal[],
  caller: Caller,
) {
  const byId = new Map(locked.map((proposal) => [proposal.id, proposal]));
  for (const [pemdaCode, group] of groupBy(
    outcomes.filter((outcome) => outcome.outcome !== 'refused'),
    (outcome) => byId.get(outcome.id)!.pemdaCode,
  )) {
    for (const [outcome, decided] of groupBy(group, (entry) => entry.outcome)) {
      await recordAudit(tx, {
        actor: caller.actor,
        action: outcome === 'accepted' ? 'match.accept' : 'match.reject',
        entityType: 'match_proposal',
        entityId: decided.length === 1 ? String(decided[0]!.id) : undefined,
        pemdaCode,
        ip: caller.ip ?? null,
        details: {
          proposals: decided.map((entry) => entry.id),
          sponsorships: decided.flatMap((entry) =>
            entry.sponsorshipId === null ? [] : [entry.sponsorshipId],
          ),
        },
      });
    }
  }
}

export function proposalDecisions(
  deps: MatchingDeps,
  { readableRun }: { readableRun: (id: number, caller: Caller) => Promise<MatchRun> },
) {
  const { db } = deps;
  /** One proposal decided by its sponsor or the Pemda's admin; a refusal is the error. */
  async function decideOne(id: number, decision: 'accept' | 'reject', reason: string | null, caller: Caller) {
    const outcome = await db.transaction(async (tx) => {
      const [proposal] = await lockProposals(tx, [id]);
      if (!proposal) throw proposalNotFound(id);
      if (!may(caller.actor, 'matching.decide', decider(proposal))) {
        const actor = caller.actor!;
        throw may(actor, 'matching.read', { pemdaCode: proposal.pemdaCode })
          ? forbidden()
          : proposalNotFound(id);
      }
      let outcomes: DecisionOutcome[];
      if (decision === 'accept') outcomes = await accept(tx, [proposal], caller, deps);
      else if (proposal.status !== 'open') {
        outcomes = [
          { id, outcome: 'refused', sponsorshipId: null, problem: alreadyDecided(proposal.status) },
        ];
      } else {
        await markRejected(tx, [id], caller.actor?.userId ?? null, reason);
        outcomes = [{ id, outcome: 'rejected', sponsorshipId: null, problem: null }];
      }
      await auditDecisions(tx, outcomes, [proposal], caller);
      return outcomes[0]!;
    });
    if (outcome.problem) {
      throw new AppError(
        outcome.problem.code.startsWith('ELIGIBILITY_') ? 'invalid' : 'conflict',
        outcome.problem,
      );
    }
    return outcome;
  }

  return {
    accept: (id: number, caller: Caller) => decideOne(id, 'accept', null, caller),
    reject: (id: number, reason: string | null, caller: Caller) => decideOne(id, 'reject', reason, caller),

    /** An admin accepts the run's proposals named by `ids`, or every open one; each is decided alone. */
    async acceptRun(
      runId: number,
      ids: readonly number[] | undefined,
      caller: Caller,
    ): Promise<DecisionOutcome[]> {
      const run = await readableRun(runId, caller);
      requireAccess(caller.actor, 'matching.run', { pemdaCode: run.pemdaCode });
      return db.transaction(async (tx) => {
        const locked = ids ? await lockProposals(tx, ids) : await lockOpenProposalsOfRun(tx, runId);
        const ofRun = locked.filter((proposal) => proposal.runId === runId);
        const found = new Set(ofRun.map((proposal) => proposal.id));
        const outcomes = await accept(tx, ofRun, caller, deps);
        await auditDecisions(tx, outcomes, ofRun, caller);
        const missing = (ids ?? [])
          .filter((id) => !found.has(id))
          .map(
            (id): DecisionOutcome => ({
              id,
              outcome: 'refused',
              sponsorshipId: null,
              problem: proposalNotFound(id).problem,
            }),
          );
        return [...outcomes, ...missing];
      });
    },
  };
}
