import type { IsoDate } from '../core/calendar.ts';
import { checkEligibility } from '../core/eligibility.ts';
import { matchPool, type PoolWorker } from '../core/matching.ts';
import { normaliseOccupation } from '../core/occupation-risk.ts';
import { addMonths, type Period } from '../core/period.ts';
import type { ProgrammePolicy } from '../core/programme-policy.ts';
import type { Echelon, EmploymentType } from '../core/registry/asn-row.ts';
import type { Relationship, SponsorshipStatus } from '../core/sponsorship-lifecycle.ts';
import { planAsnSponsorships } from './demo-asn-sponsorships.ts';
import { DEMO_MONTH, DEMO_TODAY, enrolmentDay, History, type PlannedEvent } from './demo-history.ts';
import { DEMO_CSR, TOBACCO_OCCUPATION } from './demo-programme-data.ts';
import { hashString, mix32, Random } from './demo-random.ts';

/**
 * Who sponsors whom in the demo Pemda, and the history of each sponsorship: drawn from the seed,
 * so the same roster and registry give the same sponsorships. Pure: the loader reads the people
 * and writes what this returns.
 */

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
