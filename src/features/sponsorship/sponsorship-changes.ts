import { problem } from '../../core/message.ts';
import type { Period } from '../../core/period.ts';
import {
  SPONSORSHIP_STATUS_LABELS,
  type SponsorshipStatus,
  transitionProblem,
} from '../../core/sponsorship-lifecycle.ts';
import type { Queryable } from '../../db/database.ts';
import { may, requireAccess } from '../../platform/access/policy.ts';
import { recordAudit } from '../../platform/audit.ts';
import type { Caller } from '../registry/index.ts';
import type { SponsorshipDeps } from './sponsorship-deps.ts';
import type { SponsorshipRow } from './sponsorship-read-repository.ts';
import type { SponsorshipReads } from './sponsorship-reads.ts';
import { nextUnbilledMonth, transitionSponsorships } from './sponsorship-repository.ts';
import { conflict, reasonFor, sponsorshipNotFound } from './sponsorship-rules.ts';
import type { SponsorshipDetail, TransitionInput } from './sponsorship-types.ts';

/** Moving a sponsorship by hand: the Pemda's administrator, or the ASN who pays ending their own. */
export function sponsorshipChanges(
  { db, now }: Pick<SponsorshipDeps, 'db' | 'now'>,
  { visibleRow, get }: Pick<SponsorshipReads, 'visibleRow' | 'get'>,
) {
  /** Moves one sponsorship, with who and why, and audits it in the same transaction. */
  async function move(
    row: SponsorshipRow,
    to: SponsorshipStatus,
    reason: string | null,
    caller: Caller,
    source: string,
    endMonthOf?: (tx: Queryable) => Promise<Period>,
  ): Promise<void> {
    await db.transaction(async (tx) => {
      const endMonth = endMonthOf ? await endMonthOf(tx) : undefined;
      const result = await transitionSponsorships(
        tx,
        [row.id],
        to,
        { userId: caller.actor.userId, reason, source },
        endMonth ? { endMonth } : {},
      );
      const refused = result.refused[0];
      if (refused) throw conflict(transitionProblem(refused.status, to)!);
      if (result.moved.length === 0) throw sponsorshipNotFound(row.id);
      await recordAudit(tx, {
        actor: caller.actor,
        action: to === 'ended' ? 'sponsorship.end' : 'sponsorship.transition',
        entityType: 'sponsorship',
        entityId: String(row.id),
        pemdaCode: row.pemdaCode,
        ip: caller.ip ?? null,
        details: { from: row.status, to, reason, ...(endMonth ? { endMonth } : {}) },
      });
    });
  }

  /**
   * Ends a sponsorship from the next month not yet billed: the months billed stay paid for, and a
   * sponsorship none of whose months was billed ends with none.
   */
  async function end(id: number, reasonText: string | undefined, caller: Caller): Promise<SponsorshipDetail> {
    const { actor } = caller;
    const row = await visibleRow(id, actor);
    const own = may(actor, 'sponsorship.end_own', {
      sponsorNip: row.sponsor.kind === 'asn' ? row.sponsor.nip : null,
    });
    if (!own) requireAccess(actor, 'sponsorship.administer', { pemdaCode: row.pemdaCode });
    const reason = reasonFor('ended', reasonText);
    await move(row, 'ended', reason, caller, own ? 'self-service' : 'admin', (tx) =>
      nextUnbilledMonth(tx, { pemdaCode: row.pemdaCode, sponsorshipId: id }, now()),
    );
    return get(id, caller);
  }

  return {
    end,

    /**
     * Verify, reject, suspend, resume (Pemda admin) or end. Enrolment and the first paid month
     * move sponsorships too, but from the branch's response files, not by hand.
     */
    async transition(id: number, input: TransitionInput, caller: Caller): Promise<SponsorshipDetail> {
      if (input.to === 'ended') return end(id, input.reason, caller);
      const row = await visibleRow(id, caller.actor);
      requireAccess(caller.actor, 'sponsorship.administer', { pemdaCode: row.pemdaCode });
      const reason = reasonFor(input.to, input.reason);
      if (input.to === 'active' && row.status !== 'suspended') {
        const label = SPONSORSHIP_STATUS_LABELS[row.status];
        throw conflict(
          problem(
            'SPONSORSHIP_TRANSITION_NOT_ALLOWED',
            `Hanya tanggungan yang ditangguhkan yang dapat diaktifkan kembali di sini; status "${label.id}" berubah lewat tanggapan pendaftaran BPJS Ketenagakerjaan.`,
            `Only a suspended sponsorship can be resumed here; a "${label.en}" one moves with the BPJS Ketenagakerjaan enrolment response.`,
          ),
        );
      }
      await move(row, input.to, reason, caller, 'admin');
      return get(id, caller);
    },
  };
}
