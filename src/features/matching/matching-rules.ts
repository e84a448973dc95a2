import type { Actor } from '../../core/access.ts';
import { type IsoDate, parseIsoDate } from '../../core/calendar.ts';
import { maskNik } from '../../core/identifiers/nik.ts';
import type { MatchLevel } from '../../core/matching.ts';
import { type Message, type Problem, problem } from '../../core/message.ts';
import type { Period } from '../../core/period.ts';
import { invalid, notFound } from '../../errors.ts';
import type {
  LevelCounts,
  MatchFill,
  MatchSummary,
  PlannedProposal,
  ProposalStatus,
} from './matching-types.ts';

/** The shapes and answers the parts of the matching service share. */

export interface Caller {
  /** None for the command line, which acts as the system. */
  actor: Actor | null;
  ip?: string | null;
}

export interface MatchOptions {
  programme?: string | undefined;
  on?: IsoDate | undefined;
  fill: MatchFill;
  save: boolean;
}

export interface MatchResult {
  summary: MatchSummary;
  proposals: PlannedProposal[];
}

/** A proposal of the plan with what storing it needs: the programme's id, the sponsor's record. */
export interface Planned extends PlannedProposal {
  programmeId: number;
  /** Null for an ASN who has no sponsor record yet: saving makes one. */
  sponsorId: number | null;
}

export interface Plan {
  summary: Omit<MatchSummary, 'run'>;
  proposals: Planned[];
}

export interface DecisionOutcome {
  id: number;
  outcome: 'accepted' | 'rejected' | 'refused';
  sponsorshipId: number | null;
  problem: Problem | null;
}

/** The plan as shown: the generated ids it was stored with left out. */
export const natural = ({
  programmeId: _programme,
  sponsorId: _sponsor,
  ...proposal
}: Planned): PlannedProposal => proposal;

const emptyCounts = (): LevelCounts => ({ village: 0, district: 0, regency: 0, province: 0, other: 0 });

export function countLevels(proposals: readonly { level: MatchLevel }[]): LevelCounts {
  const counts = emptyCounts();
  for (const proposal of proposals) counts[proposal.level]++;
  return counts;
}

export const inside = (code: string, area: string | null) =>
  area === null || code === area || code.startsWith(`${area}.`);

export const NOTES = {
  noPolicy: (on: IsoDate): Message => ({
    id: `Belum ada kebijakan yang berlaku pada ${on}: tidak ada ASN yang wajib.`,
    en: `No policy is in force on ${on}: no ASN is obliged.`,
  }),
  inactive: { id: 'Program tidak aktif.', en: 'The programme is not active.' },
  noSponsor: {
    id: 'Program CSR ini belum punya sponsor.',
    en: 'This CSR programme has no sponsor yet.',
  },
  noTarget: {
    id: 'Program CSR ini tidak punya target jumlah pekerja.',
    en: 'This CSR programme has no target number of workers.',
  },
  sponsorInactive: { id: 'Sponsor program ini tidak aktif.', en: "The programme's sponsor is not active." },
} satisfies Record<string, Message | ((on: IsoDate) => Message)>;

export const proposalNotFound = (id: number) =>
  notFound(
    problem(
      'MATCH_PROPOSAL_NOT_FOUND',
      `Usulan pencocokan ${id} tidak ditemukan.`,
      `No match proposal ${id} was found.`,
    ),
  );

export const runNotFound = (id: number) =>
  notFound(
    problem('MATCH_RUN_NOT_FOUND', `Pencocokan ${id} tidak ditemukan.`, `No matching run ${id} was found.`),
  );

const STATUS_WORDS: Record<ProposalStatus, Message> = {
  open: { id: 'terbuka', en: 'open' },
  accepted: { id: 'diterima', en: 'accepted' },
  rejected: { id: 'ditolak', en: 'rejected' },
  withdrawn: { id: 'ditarik', en: 'withdrawn' },
};

export const alreadyDecided = (status: ProposalStatus) =>
  problem(
    'MATCH_PROPOSAL_DECIDED',
    `Usulan ini sudah ${STATUS_WORDS[status].id}; hanya usulan terbuka yang dapat diterima atau ditolak.`,
    `This proposal is already ${STATUS_WORDS[status].en}; only open proposals can be accepted or rejected.`,
  );

export const alreadyCovered = (nik: string, firstMonth: Period) =>
  problem(
    'SPONSORSHIP_ALREADY_COVERED',
    `Pekerja ${maskNik(nik)} sudah ditanggung untuk bulan ${firstMonth} dan sesudahnya; usulan ini tidak dapat diterima.`,
    `Worker ${maskNik(nik)} is already covered for ${firstMonth} and the months after; this proposal cannot be accepted.`,
  );

export const maxReached = (max: number) =>
  problem(
    'POLICY_MAX_REACHED',
    `ASN ini sudah menanggung ${max} pekerja, batas terbanyak menurut kebijakan.`,
    `This ASN already sponsors ${max} workers, the most the policy allows.`,
  );

export const WITHDRAWN_BY_RERUN = 'Digantikan pencocokan baru / replaced by a new matching run';

export function checkDate(on: string): IsoDate {
  if (!parseIsoDate(on)) {
    throw invalid(
      problem(
        'INVALID_DATE',
        `Tanggal "${on}" tidak sah: gunakan TTTT-BB-HH.`,
        `The date "${on}" is not valid: use YYYY-MM-DD.`,
      ),
    );
  }
  return on;
}
