import { claimDeadline } from '../../core/benefits.ts';
import { type CoverageAnswer, coveredOn, dayInZone } from '../../core/coverage.ts';
import { type Language, problem } from '../../core/message.ts';
import { formatRupiah } from '../../core/money.ts';
import { zoneOfPemda } from '../../core/regions.ts';
import { AppError, invalid } from '../../errors.ts';
import { forbidden, may, requireAccess } from '../../platform/access/policy.ts';
import { EVERYTHING } from '../../platform/access/scopes.ts';
import { recordAudit } from '../../platform/audit.ts';
import { checkDay } from '../coverage/index.ts';
import { benefitOf, incidentFacts } from './claim-benefits.ts';
import type { ClaimReads } from './claim-reads.ts';
import {
  type Decision,
  findClaimId,
  insertClaim,
  insertClaimEvent,
  lockClaim,
  markApproved,
  markPaid,
  otherDeathClaim,
  saveDecision,
} from './claim-repository.ts';
import type { ClaimCaller, ClaimDeps } from './claim-service.ts';
import type { ClaimView, PayClaim, RegisterClaimInput } from './claim-types.ts';
import { registerClaimSchema } from './claim-types.ts';
import { alreadyRegistered, wrongStatus } from './claim-views.ts';
import { recordDeathOfWorker } from './flows/death.ts';

/** The claim's life: registered, decided on coverage, approved and paid, each step audited. */
export function createClaimDecisions({ db, coverage, now = () => new Date() }: ClaimDeps, reads: ClaimReads) {
  const { load, get: one } = reads;

  async function refuseSecondDeath(nik: string, exceptId: number | null) {
    const other = await otherDeathClaim(db, nik, exceptId);
    if (other) {
      throw new AppError(
        'conflict',
        problem(
          'CLAIM_DEATH_ALREADY_CLAIMED',
          `Kematian pekerja ini sudah diklaim pada klaim #${other.id} (tanggal ${other.incidentDate}).`,
          `This worker's death is already claimed in claim #${other.id} (dated ${other.incidentDate}).`,
        ),
      );
    }
  }

  return {
    /**
     * Registers a claim: the worker, the incident, the documents received. The benefit is priced
     * once here so that a request the rules cannot price is refused at the door, not later.
     */
    async register(input: RegisterClaimInput, caller: ClaimCaller, language: Language): Promise<ClaimView> {
      const parsed = registerClaimSchema.safeParse(input);
      if (!parsed.success) {
        throw invalid(
          problem(
            'INVALID_CLAIM',
            'Isian klaim tidak lengkap atau tidak sah.',
            'The claim is incomplete or invalid.',
          ),
          parsed.error.issues,
        );
      }
      const request = parsed.data;
      requireAccess(caller.actor, 'claims.handle');
      const worker = await coverage.findWorker(request.nik, caller.actor);
      const incidentDate = checkDay(request.incidentDate, 'Tanggal kejadian / incident date');
      const ledger = await coverage.ledgerCoverage(worker.nik, EVERYTHING);
      const facts = incidentFacts(ledger, incidentDate);
      const candidates = request.pemda
        ? [request.pemda]
        : [...(facts.holder ? [facts.holder.pemdaCode] : []), ...worker.pemdaCodes];
      const pemdaCode = candidates.find((code) => may(caller.actor, 'claims.handle', { pemdaCode: code }));
      if (!pemdaCode) throw forbidden();
      const today = dayInZone(now(), zoneOfPemda(pemdaCode));
      const filedOn = request.filedOn ? checkDay(request.filedOn, 'Tanggal pengajuan / filed on') : today;
      if (incidentDate > today || filedOn > today || filedOn < incidentDate) {
        throw invalid(
          problem(
            'CLAIM_DATES',
            `Tanggal kejadian (${incidentDate}) harus sebelum tanggal pengajuan (${filedOn}), dan keduanya tidak setelah hari ini (${today}).`,
            `The incident (${incidentDate}) must come before the filing (${filedOn}), and neither after today (${today}).`,
          ),
        );
      }
      const membershipSince = request.membershipSince
        ? checkDay(request.membershipSince, 'Kepesertaan sejak / membership since')
        : null;
      const claim = {
        type: request.type,
        benefit: request.benefit,
        incidentDate,
        children: request.children,
        enteredAmount: request.amount ?? null,
        membershipSince,
      };
      benefitOf(claim, facts);
      const existing = await findClaimId(db, { ...claim, nik: worker.nik });
      if (existing !== undefined) throw alreadyRegistered(existing);
      if (request.benefit === 'death') await refuseSecondDeath(worker.nik, null);
      const id = await db.transaction(async (tx) => {
        const inserted = await insertClaim(tx, {
          ...claim,
          pemdaCode,
          nik: worker.nik,
          filedOn,
          documents: [...new Set(request.documents)],
          note: request.note ?? null,
          userId: caller.actor?.userId ?? null,
        });
        if (inserted === undefined) return undefined;
        await insertClaimEvent(tx, {
          claimId: inserted,
          from: null,
          to: 'registered',
          userId: caller.actor?.userId ?? null,
          username: caller.actor?.username ?? null,
          reason: request.note ?? null,
        });
        await recordAudit(tx, {
          actor: caller.actor,
          action: 'claim.register',
          entityType: 'claim',
          entityId: String(inserted),
          pemdaCode,
          ip: caller.ip ?? null,
          details: { nik: worker.nik, type: request.type, benefit: request.benefit, incidentDate },
        });
        return inserted;
      });
      // A concurrent registration of the same incident committed first.
      if (id === undefined) throw alreadyRegistered((await findClaimId(db, { ...claim, nik: worker.nik }))!);
      return one(id, caller, language);
    },

    /**
     * Decides eligibility from coverage on the incident date, as the ledger and the officers'
     * overrides stand now: eligible with the benefit and its breakdown, or refused with the reason.
     * A claim not yet approved may be decided again (after an override, say).
     */
    async decide(id: number, caller: ClaimCaller, language: Language): Promise<ClaimView> {
      const claim = await load(id, caller);
      requireAccess(caller.actor, 'claims.handle', { pemdaCode: claim.pemdaCode });
      const ledger = await coverage.ledgerCoverage(claim.nik, EVERYTHING);
      const facts = incidentFacts(ledger, claim.incidentDate);
      const answer: CoverageAnswer = coveredOn(ledger.months, claim.incidentDate);
      const deadline = claimDeadline(claim.type, claim.incidentDate);
      let decision: Pick<Decision, 'status' | 'code' | 'message' | 'benefit'>;
      if (deadline !== null && claim.filedOn > deadline) {
        decision = {
          status: 'refused',
          code: 'CLAIM_FILED_TOO_LATE',
          benefit: null,
          message: {
            id: `Ditolak: klaim JKK diajukan ${claim.filedOn}, lewat dari batas ${deadline} (paling lama 5 tahun setelah kecelakaan).`,
            en: `Refused: the JKK claim was filed on ${claim.filedOn}, after ${deadline} (at most 5 years after the accident).`,
          },
        };
      } else if (!answer.covered) {
        decision = {
          status: 'refused',
          code: answer.code,
          benefit: null,
          message: { id: `Ditolak. ${answer.reason.id}`, en: `Refused. ${answer.reason.en}` },
        };
      } else {
        const benefit = benefitOf(claim, facts);
        decision = {
          status: 'eligible',
          code: 'CLAIM_ELIGIBLE',
          benefit,
          message: {
            id: `Layak: manfaat ${formatRupiah(benefit.total)} menurut ${benefit.schedule.legalBasis}. ${answer.reason.id}`,
            en: `Eligible: a benefit of ${formatRupiah(benefit.total)} under ${benefit.schedule.legalBasis}. ${answer.reason.en}`,
          },
        };
      }
      if (decision.status === 'eligible' && claim.benefit === 'death')
        await refuseSecondDeath(claim.nik, claim.id);
      await db.transaction(async (tx) => {
        const status = await lockClaim(tx, id);
        if (status !== 'registered' && status !== 'eligible' && status !== 'refused') {
          throw wrongStatus(id, status!, { id: 'diputuskan lagi', en: 'decided again' });
        }
        await saveDecision(tx, id, {
          ...decision,
          coverage: answer,
          sponsorshipId: facts.holder?.id ?? null,
          programmeId: facts.holder?.programmeId ?? null,
          sponsorId: facts.holder?.sponsorId ?? null,
          fundingSource: facts.holder?.fundingSource ?? null,
          declaredIncome: facts.declaredIncome,
          userId: caller.actor?.userId ?? null,
        });
        await insertClaimEvent(tx, {
          claimId: id,
          from: status,
          to: decision.status,
          userId: caller.actor?.userId ?? null,
          username: caller.actor?.username ?? null,
          reason: decision.message.id,
        });
        await recordAudit(tx, {
          actor: caller.actor,
          action: 'claim.decide',
          entityType: 'claim',
          entityId: String(id),
          pemdaCode: claim.pemdaCode,
          ip: caller.ip ?? null,
          details: { status: decision.status, code: decision.code, amount: decision.benefit?.total ?? null },
        });
      });
      return one(id, caller, language);
    },

    /**
     * A BPJSTK officer approves an eligible claim; an approved death is recorded in the registry and
     * ends the worker's sponsorships.
     */
    async approve(id: number, caller: ClaimCaller, language: Language): Promise<ClaimView> {
      const claim = await load(id, caller);
      requireAccess(caller.actor, 'claims.pay', { pemdaCode: claim.pemdaCode });
      await db.transaction(async (tx) => {
        const status = await lockClaim(tx, id);
        if (status !== 'eligible') throw wrongStatus(id, status!, { id: 'disetujui', en: 'approved' });
        await markApproved(tx, id, caller.actor?.userId ?? null);
        const death = claim.benefit === 'death';
        const ended = death ? await recordDeathOfWorker(tx, claim, caller, now()) : [];
        await insertClaimEvent(tx, {
          claimId: id,
          from: status,
          to: 'approved',
          userId: caller.actor?.userId ?? null,
          username: caller.actor?.username ?? null,
          reason: null,
        });
        await recordAudit(tx, {
          actor: caller.actor,
          action: 'claim.approve',
          entityType: 'claim',
          entityId: String(id),
          pemdaCode: claim.pemdaCode,
          ip: caller.ip ?? null,
          details: {
            amount: claim.benefitAmount,
            deathRecorded: death,
            sponsorshipsEnded: ended,
          },
        });
      });
      return one(id, caller, language);
    },

    /** A BPJSTK officer records the benefit paid: the amount approved, on a day, with a reference. */
    async pay(id: number, payment: PayClaim, caller: ClaimCaller, language: Language): Promise<ClaimView> {
      const claim = await load(id, caller);
      requireAccess(caller.actor, 'claims.pay', { pemdaCode: claim.pemdaCode });
      const today = dayInZone(now(), zoneOfPemda(claim.pemdaCode));
      const paidOn = payment.paidOn ? checkDay(payment.paidOn, 'Tanggal bayar / paid on') : today;
      if (paidOn > today || paidOn < claim.filedOn) {
        throw invalid(
          problem(
            'CLAIM_PAID_ON',
            `Tanggal bayar ${paidOn} harus antara tanggal pengajuan (${claim.filedOn}) dan hari ini (${today}).`,
            `The payment day ${paidOn} must fall between the filing (${claim.filedOn}) and today (${today}).`,
          ),
        );
      }
      await db.transaction(async (tx) => {
        const status = await lockClaim(tx, id);
        if (status !== 'approved') throw wrongStatus(id, status!, { id: 'dibayar', en: 'paid' });
        await markPaid(tx, id, {
          paidOn,
          reference: payment.reference ?? null,
          userId: caller.actor?.userId ?? null,
        });
        await insertClaimEvent(tx, {
          claimId: id,
          from: status,
          to: 'paid',
          userId: caller.actor?.userId ?? null,
          username: caller.actor?.username ?? null,
          reason: payment.reference ?? null,
        });
        await recordAudit(tx, {
          actor: caller.actor,
          action: 'claim.pay',
          entityType: 'claim',
          entityId: String(id),
          pemdaCode: claim.pemdaCode,
          ip: caller.ip ?? null,
          details: { amount: claim.benefitAmount, paidOn, reference: payment.reference ?? null },
        });
      });
      return one(id, caller, language);
    },
  };
}
