import type { Actor } from '../../core/access.ts';
import { problem } from '../../core/message.ts';
import type { Database } from '../../db/database.ts';
import { invalid } from '../../errors.ts';
import { may, requireAccess } from '../../platform/access/policy.ts';
import { recordAudit } from '../../platform/audit.ts';
import type { AllocationGroup } from './payment-allocation-sql.ts';
import {
  assignLine,
  findBillByReference,
  findContribution,
  findLine,
  isNipOnBill,
  type LineRecord,
  markNotOurs,
} from './payment-repository.ts';
import type { ResolvedLine, ResolveRequest } from './payment-types.ts';
import { alreadyResolved, lineNotFound } from './payment-views.ts';

/**
 * Unmatched lines wait for an officer, who assigns them to a bill or a contribution, or says
 * they are not ours, with a reason; every resolution is audited.
 */
export function createPaymentResolution(db: Database) {
  return {
    /** An officer's resolution of an unmatched line, audited with its reason. */
    async resolve(
      lineId: number,
      request: ResolveRequest,
      caller: { actor: Actor | null; ip?: string | null },
    ): Promise<ResolvedLine> {
      const { actor } = caller;
      requireAccess(actor, 'payments.reconcile');
      if (request.reason.trim().length < 3) {
        throw invalid(
          problem(
            'PAYMENT_RESOLVE_REASON',
            'Tuliskan alasannya (paling sedikit 3 karakter): alasan masuk jejak audit.',
            'Give the reason (at least 3 characters): it goes into the audit trail.',
          ),
        );
      }
      const line = Number.isSafeInteger(lineId) ? await findLine(db, lineId) : undefined;
      if (!line || !may(actor, 'payments.reconcile', { pemdaCode: line.pemda_code })) throw lineNotFound();
      if (line.status !== 'unmatched') throw alreadyResolved();
      const audit = (details: Record<string, unknown>) => ({
        actor,
        action: 'payments.resolve',
        entityType: 'payment_line',
        entityId: String(lineId),
        pemdaCode: line.pemda_code,
        ip: caller.ip ?? null,
        details: { kind: line.kind, amount: line.amount, reason: request.reason, ...details },
      });
      if (request.action === 'not_ours') {
        return db.transaction(async (tx) => {
          if (!(await markNotOurs(tx, lineId, line.pemda_code, actor?.userId ?? null, request.reason))) {
            throw alreadyResolved();
          }
          await recordAudit(tx, audit({ action: 'not_ours' }));
          return { id: lineId, status: 'not_ours', billReference: null, allocated: 0, credit: 0 };
        });
      }
      const target = await assignmentTarget(line, request);
      return db.transaction(async (tx) => {
        const assigned = await assignLine(tx, {
          lineId,
          pemdaCode: line.pemda_code,
          ...target,
          userId: actor?.userId ?? null,
          reason: request.reason,
        });
        if (!assigned) throw alreadyResolved();
        await recordAudit(
          tx,
          audit({
            action: 'assign',
            method: target.method,
            billReference: assigned.bill_reference,
            contributionId: target.contributionId,
            allocated: assigned.allocated,
            credit: assigned.credit,
            status: assigned.status,
          }),
        );
        return {
          id: assigned.id,
          status: assigned.status,
          billReference: assigned.bill_reference,
          allocated: assigned.allocated,
          credit: assigned.credit,
        };
      });
    },
  };

  /** Where an officer sends a line: one contribution, or a bill (a payroll line's ASN only, when on it). */
  async function assignmentTarget(
    line: LineRecord,
    request: Extract<ResolveRequest, { action: 'assign' }>,
  ): Promise<{
    group: AllocationGroup;
    method: 'bill' | 'contribution';
    billId: number;
    targetNip: string | null;
    contributionId: number | null;
  }> {
    if ((request.reference === undefined) === (request.contributionId === undefined)) {
      throw invalid(
        problem(
          'PAYMENT_ASSIGN_TARGET',
          'Sebutkan satu tujuan: referensi tagihan atau nomor iuran (contributionId).',
          'Name one target: a bill reference or a contribution id (contributionId).',
        ),
      );
    }
    if (request.contributionId !== undefined) {
      const contribution = await findContribution(db, line.pemda_code, request.contributionId);
      if (!contribution) {
        throw invalid(
          problem(
            'CONTRIBUTION_NOT_FOUND',
            `Iuran nomor ${request.contributionId} tidak ada di Pemda ${line.pemda_code}.`,
            `There is no contribution ${request.contributionId} in Pemda ${line.pemda_code}.`,
          ),
        );
      }
      return {
        group: 'contribution',
        method: 'contribution',
        billId: contribution.bill_id,
        targetNip: null,
        contributionId: contribution.id,
      };
    }
    const bill = await findBillByReference(db, line.pemda_code, request.reference!);
    if (!bill) {
      throw invalid(
        problem(
          'BILL_NOT_FOUND',
          `Tidak ada tagihan Pemda ${line.pemda_code} dengan referensi ${request.reference}.`,
          `Pemda ${line.pemda_code} has no bill with the reference ${request.reference}.`,
        ),
      );
    }
    const onBill = line.nip !== null && (await isNipOnBill(db, bill.id, line.nip));
    return {
      group: onBill ? 'asn_on_bill' : 'bill',
      method: 'bill',
      billId: bill.id,
      targetNip: onBill ? line.nip : null,
      contributionId: null,
    };
  }
}
