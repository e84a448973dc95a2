import { addDays, type IsoDate } from '../core/calendar.ts';
import { checkEligibility } from '../core/eligibility.ts';
import { type MatchLevel, matchPool, type PoolWorker } from '../core/matching.ts';
import { normaliseOccupation } from '../core/occupation-risk.ts';
import { addMonths, comparePeriods, type Period } from '../core/period.ts';
import { obligationOn, type ProgrammePolicy } from '../core/programme-policy.ts';
import type { Echelon, EmploymentType } from '../core/registry/asn-row.ts';
import type { Relationship, SponsorshipStatus } from '../core/sponsorship-lifecycle.ts';
import {
  BRANCH_REJECTION_REASON,
  CHECK_REJECTION_REASONS,
  DEMO_COMPLIANCE,
  DEMO_CSR,
  END_REASONS,
  FIRST_SPONSORSHIP_MONTHS,
  RELATIONSHIP_MIX,
  TOBACCO_OCCUPATION,
} from './demo-data.ts';
import { DEMO_REFERENCE_DATE } from './demo-generator.ts';
import { hashString, mix32, Random, Weighted } from './demo-random.ts';

/**
 * Who sponsors whom in the demo Pemda, and the history of each sponsorship: drawn from the seed,
 * so the same roster and registry give the same sponsorships. Pure: the loader reads the people
 * and writes what this returns.
 */

/**
 * The demo's clock: its sponsorships' history runs up to this day, and what is still on its way
 * (proposed, verified, enrolled) starts in its month. Fixed, like the people's ages, so that the
 * demo is the same whenever it is loaded; every sponsorship held today is open-ended, so the
 * compliance the demo shows holds on any later day too.
 */
export const DEMO_TODAY: IsoDate = DEMO_REFERENCE_DATE;
export const DEMO_MONTH = DEMO_TODAY.slice(0, 7) as Period;
/** The first month the demo's programmes pay for: the policy and the cohort start in January 2024. */
const FIRST_DAY: IsoDate = '2024-01-01';

export interface PlanAsn {
  nip: string;
  employmentType: EmploymentType;
  echelon: Echelon | null;
  opdId: number;
  villageCode: string | null;
  active: boolean;
  /** Already sponsors under the policy (an earlier load, or the ASN themself): left as they are. */
  sponsoring: boolean;
}

export interface PlanWorker {
  nik: string;
  villageCode: string | null;
  welfareDecile: number | null;
  occupation: string | null;
  birthDate: IsoDate;
  deceasedOn: IsoDate | null;
  activeElsewhere: boolean;
  /** Has any sponsorship at all, of any status: the demo never sponsors them again. */
  sponsored: boolean;
}

export interface DemoPlanInput {
  seed: number;
  pemdaCode: string;
  /** The Pemda's time zone, for the hours of the events. */
  utcOffsetHours: number;
  policy: ProgrammePolicy;
  asn: readonly PlanAsn[];
  workers: readonly PlanWorker[];
  cohort: { target: number; members: number; districtCodes: readonly string[]; firstMonth: Period };
  csr: { areaCode: string; members: number };
  /** KPJ numbers the registry holds already; new ones avoid them. */
  takenKpj: ReadonlySet<string>;
}

export type PlanProgramme = 'policy' | 'cohort' | 'csr';

export interface PlannedEvent {
  from: SponsorshipStatus | null;
  to: SponsorshipStatus;
  /** An instant with the Pemda's offset: `2024-04-05T09:12:00+07:00`. */
  at: string;
  reason: string | null;
}

export interface PlannedSponsorship {
  programme: PlanProgramme;
  /** The sponsoring ASN; null for the one sponsor of the cohort and of the CSR programme. */
  nip: string | null;
  nik: string;
  relationship: Relationship;
  firstMonth: Period;
  /** The first month no longer paid for; null: open-ended. */
  endMonth: Period | null;
  status: SponsorshipStatus;
  /** The start of BPJSTK membership the branch's response gave. */
  enrolledOn: IsoDate | null;
  kpj: string | null;
  /** The branch reported the worker as an active participant paid by someone else on this day. */
  activeElsewhereOn: IsoDate | null;
  /** From the proposal to `status`, each an allowed move of the lifecycle. */
  events: PlannedEvent[];
}

/** The statuses a sponsorship passes through to reach each one, from its proposal. */
const PATHS: Record<Exclude<SponsorshipStatus, 'rejected' | 'suspended'>, SponsorshipStatus[]> = {
  proposed: ['proposed'],
  verified: ['proposed', 'verified'],
  enrolled: ['proposed', 'verified', 'enrolled'],
  active: ['proposed', 'verified', 'enrolled', 'active'],
  ended: ['proposed', 'verified', 'enrolled', 'active', 'ended'],
};

/** Every worker the demo may sponsor: never sponsored, and admitted by the eligibility rules from 2024 to today. */
export function eligibleWorkers(workers: readonly PlanWorker[], pemdaCode: string): PlanWorker[] {
  const area = { areaCode: pemdaCode };
  return workers.filter(
    (worker) =>
      !worker.sponsored &&
      worker.villageCode !== null &&
      checkEligibility(worker, area, FIRST_DAY).length === 0 &&
      checkEligibility(worker, area, DEMO_TODAY).length === 0,
  );
}

/** The farmers a cohort can take, neediest first: the poorest decile (unknown last), then NIK. */
export function cohortCandidates(
  eligible: readonly PlanWorker[],
  districtCodes: readonly string[],
): PlanWorker[] {
  const districts = new Set(districtCodes);
  const occupation = normaliseOccupation(TOBACCO_OCCUPATION);
  return eligible
    .filter(
      (worker) =>
        worker.occupation !== null &&
        normaliseOccupation(worker.occupation) === occupation &&
        districts.has(districtOf(worker.villageCode!)),
    )
    .sort(
      (a, b) =>
        (a.welfareDecile ?? 11) - (b.welfareDecile ?? 11) || (a.nik < b.nik ? -1 : a.nik > b.nik ? 1 : 0),
    );
}

const districtOf = (villageCode: string) => villageCode.split('.').slice(0, 3).join('.');

/** The CSR programme's target and how much of it the demo fills, and when. */
export function csrPlan(): { target: number; filled: number; settled: number } {
  const filled = Math.round(DEMO_CSR.target * DEMO_CSR.filled);
  return { target: DEMO_CSR.target, filled, settled: filled - Math.round(filled * DEMO_CSR.recent) };
}

/**
 * The sponsorships the demo adds: the cohort's farmers first, then the company's neediest workers
 * of its district, then each ASN's workers, nearest first, from what is left.
 */
export function planDemoSponsorships(input: DemoPlanInput): PlannedSponsorship[] {
  const history = new History(input.utcOffsetHours);
  const eligible = eligibleWorkers(input.workers, input.pemdaCode);
  const taken = new Set<string>();
  const planned: PlannedSponsorship[] = [];

  const cohort = cohortCandidates(eligible, input.cohort.districtCodes).slice(
    0,
    Math.max(0, input.cohort.target - input.cohort.members),
  );
  const cohortEvents = history.events(
    new Random(input.seed, 'demo-cohort'),
    'active',
    input.cohort.firstMonth,
  );
  for (const worker of cohort) {
    taken.add(worker.nik);
    planned.push(batchMember('cohort', worker.nik, input.cohort.firstMonth, null, cohortEvents));
  }

  const csr = csrPlan();
  const wanted = Math.max(0, csr.filled - input.csr.members);
  const csrPicks = matchPool(
    poolOf(
      eligible.filter((worker) => districtOf(worker.villageCode!) === input.csr.areaCode),
      taken,
    ),
    [{ sponsorId: 'csr', villageCode: input.csr.areaCode, remaining: wanted }],
    { widest: 'district' },
  );
  const csrRandom = new Random(input.seed, 'demo-csr');
  const settledStart = DEMO_CSR.firstMonth as Period;
  const settled = history.events(csrRandom, 'active', settledStart);
  const recent = history.events(csrRandom, 'verified', DEMO_MONTH);
  csrPicks.forEach((pick, index) => {
    taken.add(pick.nik);
    const isSettled = input.csr.members + index < csr.settled;
    const first = isSettled ? settledStart : DEMO_MONTH;
    planned.push(
      batchMember('csr', pick.nik, first, addMonths(first, DEMO_CSR.months), isSettled ? settled : recent),
    );
  });

  planned.push(...planAsnSponsorships(input, poolOf(eligible, taken), history));
  return assignKpj(planned, input);
}

function poolOf(eligible: readonly PlanWorker[], taken: ReadonlySet<string>): PoolWorker[] {
  return eligible
    .filter((worker) => !taken.has(worker.nik))
    .map((worker) => ({
      nik: worker.nik,
      villageCode: worker.villageCode!,
      welfareDecile: worker.welfareDecile,
      occupation: worker.occupation,
    }));
}

/** A member of a cohort or CSR order: the Pemda or the company enrols them all at once. */
function batchMember(
  programme: PlanProgramme,
  nik: string,
  firstMonth: Period,
  endMonth: Period | null,
  events: PlannedEvent[],
): PlannedSponsorship {
  return {
    programme,
    nip: null,
    nik,
    relationship: 'other',
    firstMonth,
    endMonth,
    status: events.at(-1)!.to,
    enrolledOn: enrolmentDay(events),
    kpj: null,
    activeElsewhereOn: null,
    events,
  };
}

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

function planAsnSponsorships(
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

const enrolmentDay = (events: readonly PlannedEvent[]): IsoDate | null =>
  events.find((event) => event.to === 'enrolled')?.at.slice(0, 10) ?? null;

/**
 * The dates of a sponsorship's moves, on working hours of the Pemda's clock: proposed, checked
 * and enrolled in the month before its first month, paid (active) by the 15th of that month, as
 * BPU contributions are due; an end recorded in the month before it takes effect.
 */
class History {
  private readonly offset: string;

  constructor(utcOffsetHours: number) {
    const sign = utcOffsetHours < 0 ? '-' : '+';
    this.offset = `${sign}${String(Math.abs(utcOffsetHours)).padStart(2, '0')}:00`;
  }

  events(
    random: Random,
    status: SponsorshipStatus,
    first: Period,
    end: Period | null = null,
    reason: string | null = null,
    byBranch = false,
  ): PlannedEvent[] {
    const proposed = `${addMonths(first, -1)}-${String(random.between(3, 18)).padStart(2, '0')}`;
    const verified = addDays(proposed, random.between(1, 4));
    const enrolled = addDays(verified, random.between(2, 6));
    const days: Record<SponsorshipStatus, IsoDate> = {
      proposed,
      verified,
      enrolled,
      active: `${first}-${String(random.between(1, 14)).padStart(2, '0')}`,
      ended: end ? `${addMonths(end, -1)}-${String(random.between(1, 25)).padStart(2, '0')}` : '',
      rejected: byBranch ? enrolled : verified,
      suspended: '',
    };
    const path: SponsorshipStatus[] =
      status === 'rejected'
        ? [...(byBranch ? PATHS.verified : PATHS.proposed), 'rejected']
        : PATHS[status as keyof typeof PATHS];
    return path.map((to, index) => ({
      from: index === 0 ? null : path[index - 1]!,
      to,
      at: `${days[to]}T${String(random.between(8, 15)).padStart(2, '0')}:${String(random.int(60)).padStart(2, '0')}:00${this.offset}`,
      reason: index === path.length - 1 && (to === 'ended' || to === 'rejected') ? reason : null,
    }));
  }
}

/**
 * KPJ numbers for every sponsorship that reached enrolment: the year of enrolment and nine digits
 * drawn from the NIK, moved on past any number already given. 11 digits, as domain-rules §5 says.
 */
function assignKpj(planned: PlannedSponsorship[], input: DemoPlanInput): PlannedSponsorship[] {
  const used = new Set(input.takenKpj);
  const seedHash = mix32(input.seed);
  return planned.map((row) => {
    if (row.enrolledOn === null) return row;
    const year = row.enrolledOn.slice(2, 4);
    let number = mix32(seedHash ^ hashString(row.nik)) % 1_000_000_000;
    let kpj = `${year}${String(number).padStart(9, '0')}`;
    while (used.has(kpj)) {
      number = (number + 1) % 1_000_000_000;
      kpj = `${year}${String(number).padStart(9, '0')}`;
    }
    used.add(kpj);
    return { ...row, kpj };
  });
}
