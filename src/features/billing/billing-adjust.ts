import { problem } from '../../core/message.ts';
import { formatRupiah, roundHalfUp } from '../../core/money.ts';
import type { Database } from '../../db/database.ts';
import { AppError, invalid, notFound } from '../../errors.ts';
import { may, requireAccess } from '../../platform/access/policy.ts';
import { recordAudit } from '../../platform/audit.ts';
import { findCharge, insertAdjustment } from './bill-repository.ts';
import { lockBilling } from './billing-repository.ts';
import type { BillingCaller } from './billing-service.ts';

/**
 * A correction of a charge already billed: it waits for the payer's next bill, where the
 * billing run writes it as an adjustment line. The issued bill stays as it was.
 */
export async function adjustCharge(
  db: Database,
  request: { contributionId: number; amount: number; reason: string },
  caller: BillingCaller,
): Promise<{
  id: number;
  contributionId: number;
  amount: number;
  jkk: number;
  jkm: number;
  jht: number;
}> {
  const reason = request.reason.trim();
  if (!Number.isSafeInteger(request.amount) || request.amount === 0) {
    throw invalid(
      problem(
        'INVALID_ADJUSTMENT',
        `Jumlah koreksi harus bilangan bulat rupiah selain 0; ${request.amount} tidak sah.`,
        `A correction must be a whole number of rupiah other than 0; ${request.amount} is not valid.`,
      ),
    );
  }
  if (reason === '') {
    throw invalid(
      problem('REASON_REQUIRED', 'Sebutkan alasan koreksi.', 'Give the reason for the correction.'),
    );
  }
  return db.transaction(async (tx) => {
    // A run reads the waiting corrections twice (for the bills' totals, then their lines).
    await lockBilling(tx);
    const charge = await findCharge(tx, request.contributionId);
    const readable = charge && may(caller.actor, 'pemda.read', { pemdaCode: charge.pemdaCode });
    if (!charge || !readable) {
      throw notFound(
        problem(
          'CONTRIBUTION_NOT_FOUND',
          `Iuran #${request.contributionId} tidak ditemukan.`,
          `Contribution #${request.contributionId} was not found.`,
        ),
      );
    }
    requireAccess(caller.actor, 'billing.run', { pemdaCode: charge.pemdaCode });
    if (charge.kind !== 'charge') {
      throw invalid(
        problem(
          'NOT_A_CHARGE',
          `Iuran #${charge.id} adalah baris koreksi; koreksi iuran bulanan yang dikoreksinya.`,
          `Contribution #${charge.id} is a correction line; correct the monthly charge it corrects.`,
        ),
      );
    }
    if (charge.pending) {
      throw new AppError(
        'conflict',
        problem(
          'ADJUSTMENT_PENDING',
          `Koreksi iuran #${charge.id} sudah menunggu tagihan berikutnya; tunggu sampai ditagih.`,
          `A correction of contribution #${charge.id} is already waiting for the next bill; wait until it is billed.`,
        ),
      );
    }
    const floor = -(charge.amount + charge.adjusted);
    if (request.amount < floor) {
      throw invalid(
        problem(
          'ADJUSTMENT_TOO_LARGE',
          `Koreksi tidak boleh mengambil kembali lebih dari yang ditagih: paling banyak ${formatRupiah(floor)}.`,
          `A correction cannot take back more than was charged: at most ${formatRupiah(floor)}.`,
        ),
      );
    }
    // Split as the charge was, so the components keep adding up; JKK takes the rounding.
    const share = (part: number) =>
      charge.amount === 0 ? 0 : roundHalfUp(BigInt(request.amount) * BigInt(part), BigInt(charge.amount));
    const jkm = share(charge.jkm);
    const jht = share(charge.jht);
    const jkk = request.amount - jkm - jht;
    const { id } = await insertAdjustment(tx, {
      pemdaCode: charge.pemdaCode,
      contributionId: charge.id,
      jkk,
      jkm,
      jht,
      reason,
      userId: caller.actor?.userId ?? null,
    });
    await recordAudit(tx, {
      actor: caller.actor,
      action: 'billing.adjust',
      entityType: 'contribution',
      entityId: String(charge.id),
      pemdaCode: charge.pemdaCode,
      ip: caller.ip ?? null,
      details: { adjustmentId: id, amount: request.amount, jkk, jkm, jht, reason },
    });
    return { id, contributionId: charge.id, amount: request.amount, jkk, jkm, jht };
  });
}
