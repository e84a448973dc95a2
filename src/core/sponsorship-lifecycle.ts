/**
 * The life of a sponsorship (issue 4, item 2): proposed → verified → enrolled → active → ended,
 * or rejected / suspended on the way. Which moves are allowed lives here and nowhere else; the
 * database records every move in `sponsorship_event`.
 */
import { type Message, type Problem, problem } from './message.ts';

export const SPONSORSHIP_STATUSES = [
  'proposed',
  'verified',
  'enrolled',
  'active',
  'ended',
  'rejected',
  'suspended',
] as const;
export type SponsorshipStatus = (typeof SPONSORSHIP_STATUSES)[number];

export const SPONSORSHIP_STATUS_LABELS: Record<SponsorshipStatus, Message> = {
  proposed: { id: 'Diusulkan', en: 'Proposed' },
  verified: { id: 'Diverifikasi', en: 'Verified' },
  enrolled: { id: 'Terdaftar di BPJSTK', en: 'Enrolled with BPJSTK' },
  active: { id: 'Aktif', en: 'Active' },
  ended: { id: 'Berakhir', en: 'Ended' },
  rejected: { id: 'Ditolak', en: 'Rejected' },
  suspended: { id: 'Ditangguhkan', en: 'Suspended' },
};

export const RELATIONSHIPS = ['family', 'neighbour', 'household_help', 'colleague', 'other'] as const;
export type Relationship = (typeof RELATIONSHIPS)[number];

export const RELATIONSHIP_LABELS: Record<Relationship, Message> = {
  family: { id: 'Keluarga', en: 'Family' },
  neighbour: { id: 'Tetangga', en: 'Neighbour' },
  household_help: { id: 'Asisten rumah tangga', en: 'Household help' },
  colleague: { id: 'Rekan kerja', en: 'Colleague' },
  other: { id: 'Lainnya', en: 'Other' },
};

/**
 * The moves each status allows. A proposal is checked (verified) before it goes to BPJSTK; the
 * branch's response enrols or rejects it; the first paid month makes it active. Ended and
 * rejected are final: a worker sponsored again gets a new sponsorship.
 */
export const SPONSORSHIP_TRANSITIONS: Record<SponsorshipStatus, readonly SponsorshipStatus[]> = {
  proposed: ['verified', 'rejected', 'ended'],
  verified: ['enrolled', 'active', 'rejected', 'ended'],
  enrolled: ['active', 'suspended', 'ended'],
  active: ['suspended', 'ended'],
  suspended: ['active', 'ended'],
  ended: [],
  rejected: [],
};

/** Null when `from → to` is allowed, else the problem to show. */
export function transitionProblem(from: SponsorshipStatus, to: SponsorshipStatus): Problem | null {
  if (SPONSORSHIP_TRANSITIONS[from].includes(to)) return null;
  const a = SPONSORSHIP_STATUS_LABELS[from];
  const b = SPONSORSHIP_STATUS_LABELS[to];
  return problem(
    'SPONSORSHIP_TRANSITION_NOT_ALLOWED',
    `Status "${a.id}" tidak dapat diubah menjadi "${b.id}".`,
    `A sponsorship that is "${a.en}" cannot become "${b.en}".`,
  );
}

/** The statuses that hold a worker's months against any other payer (the database's rule too). */
export function holdsMonths(status: SponsorshipStatus): boolean {
  return status !== 'rejected';
}
