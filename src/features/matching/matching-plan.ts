import type { IsoDate } from '../../core/calendar.ts';
import { type MatchLevel, type MatchProposal, type MatchSponsor, matchPool } from '../../core/matching.ts';
import { type Message, problem } from '../../core/message.ts';
import type { Queryable } from '../../db/database.ts';
import { invalid } from '../../errors.ts';
import { programmeNotFound } from '../programmes/index.ts';
import type { PoolMember } from '../sponsorship/index.ts';
import type { MatchingDeps } from './matching-deps.ts';
import {
  asnPlaces,
  type Declined,
  declinedProposals,
  heldInProgramme,
  type MatchableProgramme,
  matchableProgrammes,
  openlyProposedNiks,
  pemdaRegionNames,
  sponsorPlace,
} from './matching-repository.ts';
import { countLevels, inside, NOTES, type Plan, type Planned } from './matching-rules.ts';
import type { MatchFill, ProgrammeMatch } from './matching-types.ts';

/**
 * The plan: the core's `matchPool` over data read here, programme by programme, each worker
 * offered once. Everything that names a sponsor or a worker in the plan is a natural key (NIP,
 * organisation name, NIK), never a generated id, so the same data gives the same plan byte for
 * byte whatever order it was loaded in.
 */

/** The other features' reads a plan makes, in the caller's transaction. */
export type PlanDeps = Pick<MatchingDeps, 'programmes' | 'sponsorships'>;

type PlanSponsor = MatchSponsor & { name: string; nip?: string; recordId: number | null };

/** The Pemda being matched, and whether its widest match is the province or a regency. */
export interface MatchedPemda {
  code: string;
  level: 'province' | 'regency';
}

export interface PlanOptions {
  programme?: string | undefined;
  on: IsoDate;
  fill: MatchFill;
}

export async function programmesToMatch(q: Queryable, pemdaCode: string, key: string | undefined) {
  const rows = await matchableProgrammes(q, pemdaCode, key);
  if (key !== undefined) {
    const row = rows[0];
    if (!row) throw programmeNotFound(key);
    if (row.kind !== 'asn_policy' && row.kind !== 'csr') {
      throw invalid(
        problem(
          'MATCH_PROGRAMME_KIND',
          `Program "${row.name}" tidak dicocokkan: hanya program kebijakan ASN dan CSR yang punya sponsor yang kekurangan pekerja.`,
          `Programme "${row.name}" is not matched: only ASN-policy and CSR programmes have sponsors short of workers.`,
        ),
      );
    }
  }
  return rows.filter(
    (row): row is MatchableProgramme =>
      (row.kind === 'asn_policy' || row.kind === 'csr') && (key !== undefined || row.active),
  );
}

/** The ASN short of workers under an ASN-policy programme, with how many each may still take. */
async function asnSponsors(
  q: Queryable,
  { programmes }: PlanDeps,
  programme: MatchableProgramme,
  pemdaCode: string,
  on: IsoDate,
  fill: MatchFill,
) {
  const terms = await programmes.programmeTermsOn(q, programme.id, on);
  if (terms.policy === null) return { note: NOTES.noPolicy(on), areaCode: terms.areaCode, sponsors: [] };
  const { min, max } = terms.policy.perSponsor;
  const compliance = await programmes.computeCompliance(q, { programmeId: programme.id, on });
  const places = new Map((await asnPlaces(q, pemdaCode)).map((place) => [place.nip, place]));
  const sponsors: (MatchSponsor & { nip: string; name: string; recordId: number | null })[] = [];
  for (const row of compliance) {
    const place = places.get(row.nip);
    if (!place?.sponsorActive) continue;
    const { status, short } = row.obligation;
    const remaining =
      fill === 'min' ? short : status === 'short' || status === 'met' ? (max ?? min) - row.held : 0;
    if (remaining <= 0) continue;
    sponsors.push({
      sponsorId: `asn:${row.nip}`,
      villageCode: place.villageCode,
      remaining,
      nip: row.nip,
      name: place.name,
      recordId: place.sponsorId,
    });
  }
  return { note: null, areaCode: terms.areaCode, sponsors };
}

/** A CSR order's company, with the workers its target still lacks. */
async function csrSponsor(q: Queryable, programme: MatchableProgramme, pemdaCode: string, on: IsoDate) {
  const none = (note: Message) => ({ note, sponsor: null });
  if (programme.sponsorId === null) return none(NOTES.noSponsor);
  if (programme.targetWorkers === null) return none(NOTES.noTarget);
  const sponsor = await sponsorPlace(q, programme.sponsorId);
  if (!sponsor?.active) return none(NOTES.sponsorInactive);
  const remaining = programme.targetWorkers - (await heldInProgramme(q, programme.id, on));
  return {
    note: null,
    sponsor: {
      sponsorId: `sponsor:${sponsor.id}`,
      // A company matches from the area it chose, else the programme's, else the whole Pemda.
      villageCode: sponsor.areaCode ?? programme.areaCode ?? pemdaCode,
      remaining,
      name: sponsor.name,
      recordId: sponsor.id,
    },
  };
}

/** Who sponsors under a programme and how many workers each still takes, or why nobody does. */
async function sponsorsOf(
  q: Queryable,
  deps: PlanDeps,
  programme: MatchableProgramme,
  pemdaCode: string,
  { on, fill }: PlanOptions,
): Promise<{ note: Message | null; areaCode: string | null; sponsors: PlanSponsor[] }> {
  if (!programme.active) return { note: NOTES.inactive, areaCode: programme.areaCode, sponsors: [] };
  if (programme.kind === 'asn_policy') return asnSponsors(q, deps, programme, pemdaCode, on, fill);
  const csr = await csrSponsor(q, programme, pemdaCode, on);
  const sponsors = csr.sponsor && csr.sponsor.remaining > 0 ? [csr.sponsor] : [];
  return { note: csr.note, areaCode: programme.areaCode, sponsors };
}

/** Per sponsor (as the plan names them), the workers they rejected under the programme before. */
function declinedUnder(declined: readonly Declined[], programmeId: number): Map<string, Set<string>> {
  const bySponsor = new Map<string, Set<string>>();
  for (const row of declined) {
    if (row.programmeId !== programmeId) continue;
    const key = row.sponsorKind === 'asn' ? `asn:${row.nip}` : `sponsor:${row.sponsorId}`;
    bySponsor.set(key, (bySponsor.get(key) ?? new Set()).add(row.nik));
  }
  return bySponsor;
}

function planned(
  programme: MatchableProgramme,
  sponsor: PlanSponsor,
  worker: PoolMember,
  proposal: MatchProposal,
): Planned {
  return {
    programme: programme.key,
    programmeId: programme.id,
    sponsor:
      sponsor.nip === undefined
        ? { kind: 'organisation', name: sponsor.name }
        : { kind: 'asn', nip: sponsor.nip, name: sponsor.name },
    sponsorId: sponsor.recordId,
    nik: worker.nik,
    name: worker.name,
    villageCode: worker.villageCode,
    level: proposal.level,
    reason: proposal.reason,
  };
}

export async function plan(
  q: Queryable,
  deps: PlanDeps,
  pemda: MatchedPemda,
  options: PlanOptions,
): Promise<Plan> {
  const { on, fill } = options;
  const programmes = await programmesToMatch(q, pemda.code, options.programme);
  const programmeIds = programmes.map((programme) => programme.id);
  const offered = await openlyProposedNiks(q, pemda.code, programmeIds);
  const pool = (await deps.sponsorships.poolWorkers(q, { pemdaCode: pemda.code, on, ordered: false })).filter(
    (worker) => !offered.has(worker.nik),
  );
  const names = await pemdaRegionNames(q, pemda.code);
  const declined = await declinedProposals(q, programmeIds);
  const widest: MatchLevel = pemda.level === 'province' ? 'province' : 'regency';
  const byNik = new Map(pool.map((worker) => [worker.nik, worker]));
  const taken = new Set<string>();
  const proposals: Planned[] = [];
  const summaries: ProgrammeMatch[] = [];
  let sponsorsWithoutVillage = 0;

  for (const programme of programmes) {
    const { note, areaCode, sponsors } = await sponsorsOf(q, deps, programme, pemda.code, options);
    if (programme.active && programme.kind === 'asn_policy') {
      sponsorsWithoutVillage += sponsors.filter((sponsor) => sponsor.villageCode === null).length;
    }
    const bySponsor = new Map(sponsors.map((sponsor) => [sponsor.sponsorId, sponsor]));
    const available = pool.filter((worker) => !taken.has(worker.nik) && inside(worker.villageCode, areaCode));
    const matched: MatchProposal[] =
      sponsors.length === 0
        ? []
        : matchPool(available, sponsors, {
            widest,
            regionName: (code) => names.get(code),
            declined: declinedUnder(declined, programme.id),
          });
    for (const proposal of matched) {
      taken.add(proposal.nik);
      proposals.push(
        planned(programme, bySponsor.get(proposal.sponsorId)!, byNik.get(proposal.nik)!, proposal),
      );
    }
    summaries.push({
      key: programme.key,
      name: programme.name,
      kind: programme.kind,
      sponsors: sponsors.length,
      quota: sponsors.reduce((sum, sponsor) => sum + sponsor.remaining, 0),
      proposals: matched.length,
      byLevel: countLevels(matched),
      note,
    });
  }
  return {
    summary: {
      pemda: pemda.code,
      on,
      fill,
      widest,
      pool: pool.length,
      sponsors: summaries.reduce((sum, programme) => sum + programme.sponsors, 0),
      quota: summaries.reduce((sum, programme) => sum + programme.quota, 0),
      proposals: proposals.length,
      byLevel: countLevels(proposals),
      sponsorsWithoutVillage,
      programmes: summaries,
    },
    proposals,
  };
}
