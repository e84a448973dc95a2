import { addMonths, comparePeriods, type Period } from '../../../core/period.ts';
import { transitionProblem } from '../../../core/sponsorship-lifecycle.ts';
import type { Queryable } from '../../../db/database.ts';
import { recordAudit } from '../../../platform/audit.ts';
import { recordDeath } from '../../registry/index.ts';
import { coveringSponsorships, nextUnbilledMonth, transitionSponsorships } from '../../sponsorship/index.ts';
import type { ClaimRow } from '../claim-repository.ts';
import type { ClaimCaller } from '../claim-service.ts';

/**
 * The flow of an approved death, inside the approval's transaction: the registry records the
 * death (registry), then every sponsorship still holding the worker's later months ends
 * (sponsorship), each end audited.
 */
export async function recordDeathOfWorker(
  tx: Queryable,
  claim: ClaimRow,
  caller: ClaimCaller,
  now: Date,
): Promise<number[]> {
  await recordDeath(tx, claim.nik, claim.incidentDate);
  return endSponsorshipsOnDeath(tx, claim, caller, now);
}

/**
 * Why a death ended a sponsorship, as its history shows the sponsor and the ASN. Months billed
 * after the death stay billed, as every issued bill does; the reason says so and how to correct them.
 */
function deathReason(claim: { id: number; incidentDate: string }, from: Period, endMonth: Period): string {
  const died = `Pekerja meninggal dunia ${claim.incidentDate} (klaim #${claim.id})`;
  if (comparePeriods(endMonth, from) <= 0) return died;
  const last = addMonths(endMonth, -1);
  const months = last === from ? from : `${from} s.d. ${last}`;
  return `${died}. Iuran ${months} sudah ditagih sebelum kematian dicatat dan tidak dibatalkan otomatis; koreksi dengan penyesuaian tagihan (asuh billing adjust).`;
}

/**
 * A death ends every sponsorship still holding the worker's months after it, so billing stops and
 * no ASN counts the worker towards their obligation. The month of death stays billed (the worker
 * was covered in it): the end is the month after, or the first month after the last one already
 * billed. Proposed and verified ones end too rather than being rejected, which the lifecycle
 * also allows: nobody refused the proposal.
 */
async function endSponsorshipsOnDeath(
  tx: Queryable,
  claim: ClaimRow,
  caller: ClaimCaller,
  now: Date,
): Promise<number[]> {
  const from = addMonths(claim.incidentDate.slice(0, 7) as Period, 1);
  const held = (await coveringSponsorships(tx, claim.nik, from, null)).filter(
    (sponsorship) => transitionProblem(sponsorship.status, 'ended') === null,
  );
  const ended: number[] = [];
  for (const sponsorship of held) {
    const endMonth = await nextUnbilledMonth(
      tx,
      { pemdaCode: sponsorship.pemdaCode, sponsorshipId: sponsorship.id, from },
      now,
    );
    const reason = deathReason(claim, from, endMonth);
    const { moved } = await transitionSponsorships(
      tx,
      [sponsorship.id],
      'ended',
      { userId: caller.actor?.userId ?? null, reason, source: `claim:${claim.id}` },
      { endMonth },
    );
    // Ended or rejected by another move meanwhile: that move stands.
    if (moved.length === 0) continue;
    await recordAudit(tx, {
      actor: caller.actor,
      action: 'sponsorship.end',
      entityType: 'sponsorship',
      entityId: String(sponsorship.id),
      pemdaCode: sponsorship.pemdaCode,
      ip: caller.ip ?? null,
      details: { from: sponsorship.status, to: 'ended', reason, endMonth, claimId: claim.id },
    });
    ended.push(sponsorship.id);
  }
  return ended;
}
