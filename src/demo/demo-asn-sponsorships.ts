import type { IsoDate } from '../core/calendar.ts';
import { type MatchLevel, matchPool, type PoolWorker } from '../core/matching.ts';
import { addMonths, comparePeriods, type Period } from '../core/period.ts';
import { obligationOn, type ProgrammePolicy } from '../core/programme-policy.ts';
import type { Relationship, SponsorshipStatus } from '../core/sponsorship-lifecycle.ts';
import { DEMO_MONTH, DEMO_TODAY, enrolmentDay, type History } from './demo-history.ts';
import {
  BRANCH_REJECTION_REASON,
  CHECK_REJECTION_REASONS,
  DEMO_COMPLIANCE,
  END_REASONS,
  FIRST_SPONSORSHIP_MONTHS,
  RELATIONSHIP_MIX,
} from './demo-programme-data.ts';
import { Random, Weighted } from './demo-random.ts';
import type { DemoPlanInput, PlanAsn, PlannedSponsorship } from './demo-sponsorships.ts';

/**
 * The ASN's part of the demo: how each keeps the policy (met, one short, none, a volunteer), and
 * the workers they sponsor, nearest first, with the history of each.
 */

interface AsnDemand {
  asn: PlanAsn;
  /** Workers held today, within or short of the policy's counts. */
  open: number;
  ended: number;
  rejected: number;
  /** Obliged from the policy's first phase (echelon II in Ponorogo's). */
  early: boolean;
  start: Period;
}

const firstMonths = new Weighted(FIRST_SPONSORSHIP_MONTHS.map(([, weight]) => weight));

/** What each ASN does under the policy, drawn per NIP so that one ASN's draws never move another's. */
function demandOf(asn: PlanAsn, policy: ProgrammePolicy, seed: number): AsnDemand {
  const random = new Random(seed, `demo-asn:${asn.nip}`);
  const subject = {
    employmentType: asn.employmentType,
    echelon: asn.echelon,
    opdId: asn.opdId,
    active: asn.active,
  };
  const obliged = (on: IsoDate) => obligationOn(subject, policy, on, 0).required > 0;
  const firstPhase = policy.phases[0]!.from;
  const early = obliged(firstPhase);
  const now = obliged(DEMO_TODAY);
  const { min, max } = policy.perSponsor;
  const compliant = () => (random.chance(DEMO_COMPLIANCE.atMaximum) ? (max ?? min + 1) : min);

  let open = 0;
  if (early) {
    open = random.chance(DEMO_COMPLIANCE.echelonIIMet) ? compliant() : min - 1;
  } else if (now) {
    const draw = random.float();
    if (draw < DEMO_COMPLIANCE.met) open = compliant();
    else if (draw < DEMO_COMPLIANCE.met + DEMO_COMPLIANCE.shortByOne) open = min - 1;
  } else if (asn.active && random.chance(DEMO_COMPLIANCE.volunteers)) {
    open = 1;
  }
  const takesPart = now || open > 0;
  const ended =
    takesPart && random.chance(open === 0 ? DEMO_COMPLIANCE.endedWhenNone : DEMO_COMPLIANCE.ended) ? 1 : 0;
  const rejected = takesPart && random.chance(DEMO_COMPLIANCE.rejected) ? 1 : 0;
  const start = early
    ? (firstPhase.slice(0, 7) as Period)
    : (FIRST_SPONSORSHIP_MONTHS[firstMonths.draw(random)]![0] as Period);
  return { asn, open, ended, rejected, early, start };
}

/** Each ASN's sponsorships under the policy, matched nearest first from the pool the cohort and the CSR left. */
export function planAsnSponsorships(
  input: DemoPlanInput,
  pool: readonly PoolWorker[],
  history: History,
): PlannedSponsorship[] {
  const demands = input.asn
    .filter((asn) => !asn.sponsoring)
    .map((asn) => demandOf(asn, input.policy, input.seed))
    .filter((demand) => demand.open + demand.ended + demand.rejected > 0);
  const proposals = matchPool(
    pool,
    demands.map((demand) => ({
      sponsorId: demand.asn.nip,
      villageCode: demand.asn.villageCode,
      remaining: demand.open + demand.ended + demand.rejected,
    })),
  );
  const matched = new Map<string, { nik: string; level: MatchLevel }[]>();
  for (const proposal of proposals) {
    const list = matched.get(proposal.sponsorId) ?? [];
    list.push({ nik: proposal.nik, level: proposal.level });
    matched.set(proposal.sponsorId, list);
  }

  const planned: PlannedSponsorship[] = [];
  const latestSettled = addMonths(DEMO_MONTH, -1);
  const lastEndedStart = addMonths(DEMO_MONTH, -7);
  for (const demand of demands) {
    const workers = matched.get(demand.asn.nip) ?? [];
    const random = new Random(input.seed, `demo-asn-history:${demand.asn.nip}`);
    // The nearest workers are the ones held today; the rest are the ASN's past.
    workers.forEach(({ nik, level }, index) => {
      const relationship = relationshipFor(level, random);
      let status: SponsorshipStatus;
      let first: Period;
      let end: Period | null = null;
      let reason: string | null = null;
      if (index < demand.open) {
        status = demand.early ? 'active' : pendingOrActive(random);
        first =
          status !== 'active'
            ? DEMO_MONTH
            : index === 0 || demand.early
              ? demand.start
              : earlier(addMonths(demand.start, random.between(0, 6)), latestSettled);
      } else if (index < demand.open + demand.ended) {
        status = 'ended';
        first = earlier(addMonths(demand.start, random.between(0, 6)), lastEndedStart);
        end = earlier(addMonths(first, random.between(3, 15)), DEMO_MONTH);
        reason = random.pick(END_REASONS);
      } else {
        status = 'rejected';
        first = earlier(addMonths(demand.start, random.between(0, 9)), DEMO_MONTH);
        end = first;
      }
      const byBranch = status === 'rejected' && random.chance(DEMO_COMPLIANCE.rejectedByBranch);
      if (status === 'rejected')
        reason = byBranch ? BRANCH_REJECTION_REASON : random.pick(CHECK_REJECTION_REASONS);
      const events = history.events(random, status, first, end, reason, byBranch);
      planned.push({
        programme: 'policy',
        nip: demand.asn.nip,
        nik,
        relationship,
        firstMonth: first,
        endMonth: end,
        status,
        enrolledOn: enrolmentDay(events),
        kpj: null,
        activeElsewhereOn: byBranch ? events.at(-1)!.at.slice(0, 10) : null,
        events,
      });
    });
  }
  return planned;
}

const earlier = (a: Period, b: Period): Period => (comparePeriods(a, b) <= 0 ? a : b);

function pendingOrActive(random: Random): SponsorshipStatus {
  const draw = random.float();
  const { proposed, verified, enrolled } = DEMO_COMPLIANCE;
  if (draw < proposed) return 'proposed';
  if (draw < proposed + verified) return 'verified';
  if (draw < proposed + verified + enrolled) return 'enrolled';
  return 'active';
}

const RELATIONSHIPS_BY_LEVEL = Object.fromEntries(
  Object.entries(RELATIONSHIP_MIX).map(([level, mix]) => [
    level,
    { names: Object.keys(mix) as Relationship[], weights: new Weighted(Object.values(mix)) },
  ]),
) as Record<keyof typeof RELATIONSHIP_MIX, { names: Relationship[]; weights: Weighted }>;

function relationshipFor(level: MatchLevel, random: Random): Relationship {
  const mix = RELATIONSHIPS_BY_LEVEL[level === 'village' || level === 'district' ? level : 'farther'];
  return mix.names[mix.weights.draw(random)]!;
}
