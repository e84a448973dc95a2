import { checkEligibility } from '../../core/eligibility.ts';
import type { Problem } from '../../core/message.ts';
import type { Queryable } from '../../db/database.ts';
import { addUnregisteredWorkers, linkWorkersToPemda, type NewWorkerColumns } from '../registry/index.ts';
import { insertSponsorships, type NewSponsorship, poolWorkers } from '../sponsorship/index.ts';
import type { BuildIssue } from './cohort-build-repository.ts';
import {
  alreadyCovered,
  type Candidate,
  nikRejected,
  notInRegistry,
  transferRequired,
} from './cohort-candidates.ts';
import { countMembers, factsOfNiks, type NikFacts, type ProgrammeRecord } from './cohort-repository.ts';
import { COHORT_PROGRAMMES, lowestIncome, type Months } from './cohort-terms.ts';

/**
 * The two ways a build adds members, inside its transaction: the neediest of the pool, or NIKs
 * judged one by one. Either adds them in one set-based statement (`insertSponsorships`); whoever
 * another sponsorship already holds is reported, not a failure.
 */

/** Where a build's sponsorship events come from. */
export interface Origin {
  userId: number | null;
  source: string;
}

/** What one build does inside its transaction, before it is recorded. */
export interface BuildOutcome {
  read: number;
  added: number;
  alreadyMember: number;
  alreadyCovered: number;
  rejected: number;
  newWorkers: number;
  issues: BuildIssue[];
}

export interface PoolPick {
  areaCodes?: string[];
  occupations?: string[];
  maxDecile?: number | undefined;
  limit: number | null;
}

function sponsorshipRows(
  programme: ProgrammeRecord,
  sponsorId: number,
  niks: readonly string[],
  months: Months,
): NewSponsorship[] {
  return niks.map((nik) => ({
    pemdaCode: programme.pemdaCode,
    programmeId: programme.id,
    sponsorId,
    nik,
    // The Pemda, the company or the donor decided: no one checks it again before enrolment.
    relationship: 'other',
    programmes: programme.programmes ?? COHORT_PROGRAMMES,
    declaredIncome: programme.declaredIncome ?? lowestIncome(months.from),
    firstMonth: months.from,
    endMonth: months.endPeriod,
    status: 'verified',
  }));
}

/** Picks up to `room` of the neediest eligible pool workers and adds them. */
export async function fillFromPool(
  tx: Queryable,
  programme: ProgrammeRecord,
  origin: Origin,
  months: Months,
  pool: PoolPick,
): Promise<BuildOutcome> {
  const members = await countMembers(tx, programme.id);
  const room = pool.limit === null ? undefined : Math.max(0, pool.limit - members);
  let picks =
    room === 0
      ? []
      : await poolWorkers(tx, {
          pemdaCode: programme.pemdaCode,
          on: months.first,
          ...(pool.areaCodes && pool.areaCodes.length > 0 ? { areaCodes: pool.areaCodes } : {}),
          ...(pool.occupations && pool.occupations.length > 0 ? { occupations: pool.occupations } : {}),
          ...(room === undefined ? {} : { limit: room }),
        });
  // The pool is ordered by decile first, so the first `room` hold every worker at or below it.
  if (pool.maxDecile !== undefined) {
    const max = pool.maxDecile;
    picks = picks.filter((worker) => worker.welfareDecile !== null && worker.welfareDecile <= max);
  }
  const niks = picks.map((worker) => worker.nik);
  const result = await insertSponsorships(
    tx,
    sponsorshipRows(programme, programme.sponsorId!, niks, months),
    origin,
  );
  const rank = new Map(niks.map((nik, index) => [nik, index + 1]));
  const covered = alreadyCovered(months);
  return {
    read: picks.length,
    added: result.inserted.length,
    alreadyMember: 0,
    alreadyCovered: result.alreadyCovered.length,
    rejected: 0,
    newWorkers: 0,
    issues: result.alreadyCovered.map((nik) => nikRejected(rank.get(nik)!, nik, covered)),
  };
}

/** Why a candidate may not join (none: it may), by the registry's record or what the file says. */
function candidateProblems(
  candidate: Candidate,
  fact: NikFacts,
  area: { areaCode: string | null },
  months: Months,
): Problem[] {
  // Another Pemda's worker reads as a NIK registered nowhere; it is asked for, never taken.
  if (fact.inRegistry && fact.linked) {
    return checkEligibility(
      {
        birthDate: fact.birthDate!,
        deceasedOn: fact.deceasedOn,
        activeElsewhere: fact.activeElsewhere,
        villageCode: fact.villageCode,
      },
      area,
      months.first,
    );
  }
  if (candidate.name && candidate.villageCode && fact.inRegistry) return [transferRequired()];
  if (candidate.name && candidate.villageCode) {
    return checkEligibility(
      { birthDate: candidate.birthDate, villageCode: candidate.villageCode },
      area,
      months.first,
    );
  }
  return [notInRegistry()];
}

/** The candidates who may join, those the registry does not hold yet among them, and the members already in. */
interface Judged {
  eligible: Candidate[];
  fresh: NewWorkerColumns;
  alreadyMember: number;
}

function judgeCandidates(
  candidates: readonly Candidate[],
  facts: Map<string, NikFacts>,
  programme: ProgrammeRecord,
  months: Months,
  issues: BuildIssue[],
  rejectedRows: Set<number>,
): Judged {
  const area = { areaCode: programme.areaCode };
  const judged: Judged = {
    eligible: [],
    fresh: { nik: [], name: [], birthDate: [], sex: [], villageCode: [] },
    alreadyMember: 0,
  };
  for (const candidate of candidates) {
    const fact = facts.get(candidate.nik)!;
    if (fact.member) {
      judged.alreadyMember += 1;
      continue;
    }
    const problems = candidateProblems(candidate, fact, area, months);
    if (problems.length > 0) {
      rejectedRows.add(candidate.row);
      for (const found of problems) issues.push(nikRejected(candidate.row, candidate.nik, found));
      continue;
    }
    judged.eligible.push(candidate);
    if (!fact.inRegistry) {
      judged.fresh.nik.push(candidate.nik);
      judged.fresh.name.push(candidate.name!);
      judged.fresh.birthDate.push(candidate.birthDate);
      judged.fresh.sex.push(candidate.sex);
      judged.fresh.villageCode.push(candidate.villageCode!);
    }
  }
  return judged;
}

/**
 * Judges NIKs one by one against the registry's rows (fetched in one query) and the core's
 * eligibility rules; registers the new people among the eligible, links them all to the Pemda,
 * and adds them.
 */
export async function fillFromCandidates(
  tx: Queryable,
  programme: ProgrammeRecord,
  origin: Origin,
  months: Months,
  candidates: readonly Candidate[],
  issues: BuildIssue[],
  read: number,
): Promise<BuildOutcome> {
  const found = await factsOfNiks(
    tx,
    candidates.map((c) => c.nik),
    programme.pemdaCode,
    programme.id,
    months,
  );
  const facts = new Map(found.map((fact) => [fact.nik, fact]));
  const rejectedRows = new Set(issues.filter((i) => i.severity === 'rejected').map((i) => i.row_number));
  const { eligible, fresh, alreadyMember } = judgeCandidates(
    candidates,
    facts,
    programme,
    months,
    issues,
    rejectedRows,
  );
  const newWorkers = await addUnregisteredWorkers(tx, fresh);
  const niks = eligible.map((candidate) => candidate.nik);
  await linkWorkersToPemda(tx, programme.pemdaCode, niks);
  const result = await insertSponsorships(
    tx,
    sponsorshipRows(programme, programme.sponsorId!, niks, months),
    origin,
  );
  const rowOf = new Map(eligible.map((candidate) => [candidate.nik, candidate.row]));
  const covered = alreadyCovered(months);
  for (const nik of result.alreadyCovered) {
    rejectedRows.add(rowOf.get(nik)!);
    issues.push(nikRejected(rowOf.get(nik)!, nik, covered));
  }
  return {
    read,
    added: result.inserted.length,
    alreadyMember,
    alreadyCovered: result.alreadyCovered.length,
    rejected: rejectedRows.size - result.alreadyCovered.length,
    newWorkers,
    issues,
  };
}
