import { addDays, addYears, type IsoDate } from './calendar.ts';
import type { AgeLimit, EligibilityRules } from './eligibility.ts';
import type { Message } from './message.ts';
import { occupationRiskRank, RISK_RANK_LABELS } from './occupation-risk.ts';
import { parseRegionCode } from './regions.ts';

/**
 * Proposes pool workers to sponsors with quota left (issue 4, item 5). The programmes ask ASN to
 * cover workers near them (household help, neighbours), so nearness comes first; among workers
 * equally near, the poorest and then the most exposed come first. The same data always gives the
 * same proposals, byte for byte, whatever order it arrives in.
 */

/** Narrowest first: the order the passes run in and proposals are ranked by. */
export const MATCH_LEVELS = ['village', 'district', 'regency', 'province', 'other'] as const;
export type MatchLevel = (typeof MATCH_LEVELS)[number];

/** How many parts of a `35.02.01.2001` code two places must share to be near at each level. */
const SHARED_PARTS: Record<MatchLevel, number> = {
  village: 4,
  district: 3,
  regency: 2,
  province: 1,
  other: 0,
};

export interface PoolWorker {
  nik: string;
  /** A village code such as `35.02.01.2001`. */
  villageCode: string;
  /** DTSEN welfare decile, 1 the poorest. */
  welfareDecile: number | null;
  occupation: string | null;
}

export interface MatchSponsor {
  sponsorId: string;
  /**
   * The ASN's home village. Where only a coarser code is known (a CSR's chosen district, the
   * Pemda's regency) matching starts at that level; null means no known area, so only the `other`
   * level can reach the sponsor.
   */
  villageCode: string | null;
  /** Workers the sponsor may still take; zero or less takes none. */
  remaining: number;
}

export interface MatchProposal {
  sponsorId: string;
  nik: string;
  level: MatchLevel;
  reason: Message;
}

export interface MatchOptions {
  /**
   * The widest level a proposal may be made at. Defaults to `regency`: a regency's pool matched
   * to its own ASN never needs wider, and a proposal across regencies would be a stranger, not the
   * neighbour or household help the programmes describe. A province Pemda passes `province`.
   */
  widest?: MatchLevel;
  /** The name of a region for the reason ("same village (Slahung)"); the code is shown without it. */
  regionName?: (code: string) => string | undefined;
  /**
   * NIKs each sponsor already declined (by sponsor id): never proposed to that sponsor again, but
   * still to every other.
   */
  declined?: ReadonlyMap<string, ReadonlySet<string>>;
}

const LEVEL_LABELS: Record<MatchLevel, Message> = {
  village: { id: 'desa/kelurahan yang sama', en: 'same village' },
  district: { id: 'kecamatan yang sama', en: 'same district' },
  regency: { id: 'kabupaten/kota yang sama', en: 'same regency/city' },
  province: { id: 'provinsi yang sama', en: 'same province' },
  other: { id: 'di luar wilayah sponsor', en: "outside the sponsor's area" },
};

/** Sorts after every real decile (1–10). */
const UNKNOWN_DECILE = 11;

interface Candidate {
  worker: PoolWorker;
  /** Area code per level, undefined where the code is too coarse for it. */
  areas: (string | undefined)[];
  decile: number;
  /** 0 for an occupation the risk table does not rank. */
  risk: number;
  taken: boolean;
}

interface Funder {
  sponsor: MatchSponsor;
  areas: (string | undefined)[];
  remaining: number;
}

/**
 * What one call works out once per distinct value rather than once per worker: a regency's
 * 150,000 workers live in a few hundred villages and hold a few dozen occupations.
 */
interface Memo {
  areas: Map<string | null, (string | undefined)[]>;
  risks: Map<string | null, number>;
}

function areasOf(code: string | null, what: string, memo: Memo): (string | undefined)[] {
  const known = memo.areas.get(code);
  if (known) return known;
  let areas: (string | undefined)[];
  if (code === null) areas = MATCH_LEVELS.map((level) => (level === 'other' ? '' : undefined));
  else {
    const parsed = parseRegionCode(code);
    if (!parsed.ok) throw new RangeError(`${what}: not a region code: ${code}`);
    const parts = code.split('.');
    areas = MATCH_LEVELS.map((level) =>
      parts.length >= SHARED_PARTS[level] ? parts.slice(0, SHARED_PARTS[level]).join('.') : undefined,
    );
  }
  memo.areas.set(code, areas);
  return areas;
}

function riskOf(occupation: string | null, memo: Memo): number {
  let risk = memo.risks.get(occupation);
  if (risk === undefined) {
    risk = occupationRiskRank(occupation) ?? 0;
    memo.risks.set(occupation, risk);
  }
  return risk;
}

/** Plain code-unit order: localeCompare would make the output depend on the host's ICU data. */
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function candidateOf(worker: PoolWorker, memo: Memo): Candidate {
  const decile = worker.welfareDecile;
  if (decile !== null && !(Number.isInteger(decile) && decile >= 1 && decile <= 10)) {
    throw new RangeError(`worker ${worker.nik}: welfare decile must be 1–10 or null, got ${decile}`);
  }
  const areas = areasOf(worker.villageCode, `worker ${worker.nik}`, memo);
  if (areas[0] === undefined)
    throw new RangeError(`worker ${worker.nik}: ${worker.villageCode} is not a village`);
  return {
    worker,
    areas,
    decile: decile ?? UNKNOWN_DECILE,
    risk: riskOf(worker.occupation, memo),
    taken: false,
  };
}

function funderOf(sponsor: MatchSponsor, memo: Memo): Funder {
  if (!Number.isInteger(sponsor.remaining)) {
    throw new RangeError(
      `sponsor ${sponsor.sponsorId}: remaining must be an integer, got ${sponsor.remaining}`,
    );
  }
  return {
    sponsor,
    areas: areasOf(sponsor.villageCode, `sponsor ${sponsor.sponsorId}`, memo),
    remaining: sponsor.remaining,
  };
}

function uniqueOrThrow<T>(items: readonly T[], key: (item: T) => string, what: string): void {
  const seen = new Set<string>();
  for (const item of items) {
    const value = key(item);
    if (seen.has(value)) throw new RangeError(`${what} ${value} appears twice`);
    seen.add(value);
  }
}

/** Items by key in first-seen order, leaving out those without one (Map.groupBy needs Node 21). */
export function groupBy<T, K>(items: readonly T[], key: (item: T) => K | undefined): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const value = key(item);
    if (value === undefined) continue;
    const group = groups.get(value);
    if (group) group.push(item);
    else groups.set(value, [item]);
  }
  return groups;
}

function reasonFor(candidate: Candidate, level: MatchLevel, options: MatchOptions): Message {
  const label = LEVEL_LABELS[level];
  const area = candidate.areas[MATCH_LEVELS.indexOf(level)];
  const name = area ? ` (${options.regionName?.(area) ?? area})` : '';
  const { welfareDecile, occupation } = candidate.worker;
  const decile: Message =
    welfareDecile === null
      ? { id: 'desil tidak diketahui', en: 'decile unknown' }
      : { id: `desil ${welfareDecile}`, en: `decile ${welfareDecile}` };
  const rank = occupationRiskRank(occupation);
  const work: Message =
    occupation === null
      ? { id: 'pekerjaan tidak tercatat', en: 'occupation not recorded' }
      : rank === undefined
        ? { id: `${occupation.trim()} (risiko belum dinilai)`, en: `${occupation.trim()} (risk not ranked)` }
        : {
            id: `${occupation.trim()} (${RISK_RANK_LABELS[rank].id})`,
            en: `${occupation.trim()} (${RISK_RANK_LABELS[rank].en})`,
          };
  return {
    id: `${label.id}${name}, ${decile.id}, ${work.id}`,
    en: `${label.en}${name}, ${decile.en}, ${work.en}`,
  };
}

/**
 * Proposals ordered by sponsor, then from the nearest level out. Each level is one pass over what
 * the narrower passes left: within an area the sponsors take turns, one worker each per round,
 * so every sponsor there gets a worker before any gets a second (an ASN short of a Kendal-style
 * minimum of one is served before another tops up to a Ponorogo-style maximum of three), and the
 * best-placed workers are spread rather than all going to whichever sponsor sorts first.
 */
export function matchPool(
  workers: readonly PoolWorker[],
  sponsors: readonly MatchSponsor[],
  options: MatchOptions = {},
): MatchProposal[] {
  uniqueOrThrow(workers, (worker) => worker.nik, 'worker NIK');
  uniqueOrThrow(sponsors, (sponsor) => sponsor.sponsorId, 'sponsor');

  const memo: Memo = { areas: new Map(), risks: new Map() };
  const candidates = workers.map((worker) => candidateOf(worker, memo));
  candidates.sort(
    (a, b) => a.decile - b.decile || b.risk - a.risk || compareStrings(a.worker.nik, b.worker.nik),
  );
  const funders = sponsors.map((sponsor) => funderOf(sponsor, memo)).filter((funder) => funder.remaining > 0);
  funders.sort(
    (a, b) => b.remaining - a.remaining || compareStrings(a.sponsor.sponsorId, b.sponsor.sponsorId),
  );

  const widest = MATCH_LEVELS.indexOf(options.widest ?? 'regency');
  const proposals: MatchProposal[] = [];

  for (let level = 0; level <= widest; level++) {
    const levelName = MATCH_LEVELS[level]!;
    const poolByArea = groupBy(
      candidates.filter((candidate) => !candidate.taken),
      (candidate) => candidate.areas[level],
    );
    const fundersByArea = groupBy(
      funders.filter((funder) => funder.remaining > 0),
      (funder) => funder.areas[level],
    );
    for (const [area, areaFunders] of fundersByArea) {
      const pool = poolByArea.get(area);
      if (!pool) continue;
      let next = 0;
      let turn = areaFunders;
      while (turn.length > 0 && next < pool.length) {
        const again: Funder[] = [];
        for (const funder of turn) {
          const skip = options.declined?.get(funder.sponsor.sponsorId);
          let index = next;
          while (index < pool.length && (pool[index]!.taken || skip?.has(pool[index]!.worker.nik))) index++;
          // Everyone left here was declined by this sponsor: the wider levels may still serve them.
          if (index >= pool.length) continue;
          const candidate = pool[index]!;
          candidate.taken = true;
          while (next < pool.length && pool[next]!.taken) next++;
          funder.remaining--;
          proposals.push({
            sponsorId: funder.sponsor.sponsorId,
            nik: candidate.worker.nik,
            level: levelName,
            reason: reasonFor(candidate, levelName, options),
          });
          if (funder.remaining > 0) again.push(funder);
        }
        turn = again;
      }
    }
  }

  // Stable, so each sponsor's proposals stay nearest level first, best-placed worker first.
  return proposals.sort((a, b) => compareStrings(a.sponsorId, b.sponsorId));
}

/**
 * The birth dates the pool may hold on `on`, for a SQL range over `birth_date`: a worker is old
 * enough and still young enough to enrol exactly when `bornAfter < birth_date <= bornOnOrBefore`.
 * The limits are the eligibility rules' data in force that day; the bounds follow `ageInYears`,
 * so a worker born on 29 February comes of age on 28 February as `checkEligibility` says.
 */
export function poolBirthDateBounds(
  on: IsoDate,
  rules: EligibilityRules,
): { bornOnOrBefore: IsoDate; bornAfter: IsoDate } {
  return {
    bornOnOrBefore: latestBirthDateAged(on, limitInForce(rules.minimumAge, on).years),
    bornAfter: latestBirthDateAged(on, limitInForce(rules.enrolmentAgeBelow, on).years),
  };
}

function limitInForce(limits: readonly AgeLimit[], on: IsoDate): AgeLimit {
  const limit = limits.filter((entry) => entry.effectiveFrom <= on).at(-1);
  if (!limit) throw new RangeError(`no age limit in force on ${on}`);
  return limit;
}

/** The last birth date at which a person is `years` old or older on `on`. */
function latestBirthDateAged(on: IsoDate, years: number): IsoDate {
  const day = addYears(on, -years);
  // On 28 February of a common year, a leap-day birth of that year has also come of age.
  const after = addDays(day, 1);
  return addYears(after, years) <= on ? after : day;
}
