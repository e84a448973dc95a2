import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  holdsMonths,
  RELATIONSHIP_LABELS,
  RELATIONSHIPS,
  SPONSORSHIP_STATUS_LABELS,
  SPONSORSHIP_STATUSES,
  SPONSORSHIP_TRANSITIONS,
  type SponsorshipStatus,
  transitionProblem,
} from '../../src/core/sponsorship-lifecycle.ts';

const status = fc.constantFrom(...SPONSORSHIP_STATUSES);

/** Every status reachable from `start` by allowed moves. */
function reachable(start: SponsorshipStatus): Set<SponsorshipStatus> {
  const seen = new Set<SponsorshipStatus>([start]);
  const queue = [start];
  while (queue.length > 0) {
    for (const next of SPONSORSHIP_TRANSITIONS[queue.shift()!]) {
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return seen;
}

describe('the sponsorship lifecycle', () => {
  it('allows exactly the moves of its table, and names both statuses when it refuses one', () => {
    fc.assert(
      fc.property(status, status, (from, to) => {
        const refusal = transitionProblem(from, to);
        expect(refusal === null).toBe(SPONSORSHIP_TRANSITIONS[from].includes(to));
        if (refusal) {
          expect(refusal.code).toBe('SPONSORSHIP_TRANSITION_NOT_ALLOWED');
          expect(refusal.message.id).toBe(
            `Status "${SPONSORSHIP_STATUS_LABELS[from].id}" tidak dapat diubah menjadi "${SPONSORSHIP_STATUS_LABELS[to].id}".`,
          );
          expect(refusal.message.en).toContain(`"${SPONSORSHIP_STATUS_LABELS[to].en}"`);
        }
      }),
    );
  });

  it('goes from proposed to every status, and never leaves ended or rejected', () => {
    expect([...reachable('proposed')].sort()).toEqual([...SPONSORSHIP_STATUSES].sort());
    expect(SPONSORSHIP_TRANSITIONS.ended).toEqual([]);
    expect(SPONSORSHIP_TRANSITIONS.rejected).toEqual([]);
    // Every status that is not final can still be ended, so no sponsorship is stuck paying.
    for (const from of SPONSORSHIP_STATUSES) {
      if (from !== 'ended' && from !== 'rejected') expect(transitionProblem(from, 'ended'), from).toBeNull();
    }
  });

  it('resumes only what was suspended, and suspends only what BPJSTK enrolled', () => {
    expect(SPONSORSHIP_STATUSES.filter((from) => transitionProblem(from, 'suspended') === null)).toEqual([
      'enrolled',
      'active',
    ]);
    expect(transitionProblem('suspended', 'active')).toBeNull();
    expect(transitionProblem('proposed', 'active')).not.toBeNull();
  });

  it('holds the months of every status but rejected, as the database constraint does', () => {
    expect(SPONSORSHIP_STATUSES.filter((value) => !holdsMonths(value))).toEqual(['rejected']);
  });

  it('names every status and relationship in both languages', () => {
    for (const value of SPONSORSHIP_STATUSES) {
      expect(SPONSORSHIP_STATUS_LABELS[value].id.trim()).not.toBe('');
      expect(SPONSORSHIP_STATUS_LABELS[value].en.trim()).not.toBe('');
    }
    expect(RELATIONSHIPS.map((value) => RELATIONSHIP_LABELS[value].id)).toEqual([
      'Keluarga',
      'Tetangga',
      'Asisten rumah tangga',
      'Rekan kerja',
      'Lainnya',
    ]);
  });
});
