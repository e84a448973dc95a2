import type { Actor } from '../../core/access.ts';
import {
  type Benefit,
  CLAIM_BENEFIT_LABELS,
  type ClaimBenefit,
  type ClaimType,
  claimDeadline,
  computeBenefit,
  type EducationLevel,
  missingDocuments,
} from '../../core/benefits.ts';
import type { IsoDate } from '../../core/calendar.ts';
import { CONTRIBUTION_RULES, type FundingSource } from '../../core/contributions/schedules.ts';
import { type CoverageAnswer, coveredOn, dayInZone } from '../../core/coverage.ts';
import { maskNik } from '../../core/identifiers/nik.ts';
import { type Language, type Message, problem } from '../../core/message.ts';
import { formatRupiah } from '../../core/money.ts';
import { addMonths, comparePeriods, type Period, parsePeriod, periodWithin } from '../../core/period.ts';
import { zoneOfPemda } from '../../core/regions.ts';
import { transitionProblem } from '../../core/sponsorship-lifecycle.ts';
import type { Database, Queryable } from '../../db/database.ts';
import { AppError, invalid, notFound } from '../../errors.ts';
import { forbidden, may, requireAccess, seesFullNik } from '../../platform/access/policy.ts';
import { claimScope, EVERYTHING, payerDisclosure, pemdaScope } from '../../platform/access/scopes.ts';
import { recordAudit } from '../../platform/audit.ts';
import { pemdaNotOnboarded } from '../../platform/pemda.ts';
import { type CoverageService, checkDay, type LedgerCoverage } from '../coverage/index.ts';
import { findPemda } from '../pemda/index.ts';
import { coveringSponsorships, nextUnbilledMonth, transitionSponsorships } from '../sponsorship/index.ts';
import {
  type ClaimEventRow,
  type ClaimRow,
  claimEvents,
  type Decision,
  findClaimId,
  insertClaim,
  insertClaimEvent,
  lockClaim,
  markApproved,
  markPaid,
  otherDeathClaim,
  recordDeath,
  roiRows,
  saveDecision,
  searchClaims,
} from './claim-repository.ts';
import type {
  ClaimPage,
  ClaimQuery,
  ClaimStatus,
  ClaimView,
  PayClaim,
  RegisterClaimInput,
  RoiQuery,
  RoiRow,
  RoiView,
} from './claim-types.ts';
import { registerClaimSchema } from './claim-types.ts';

/** Who asks: a signed-in user, or nobody when a command runs on the server. */
export interface ClaimCaller {
  actor: Actor | null;
  ip?: string | null;
}

export const CLAIM_STATUS_LABELS: Record<ClaimStatus, Message> = {
  registered: { id: 'Terdaftar', en: 'Registered' },
  eligible: { id: 'Layak', en: 'Eligible' },
  refused: { id: 'Ditolak', en: 'Refused' },
  approved: { id: 'Disetujui', en: 'Approved' },
  paid: { id: 'Dibayar', en: 'Paid' },
};

const claimNotFound = (id: number) =>
  notFound(problem('CLAIM_NOT_FOUND', `Klaim #${id} tidak ditemukan.`, `Claim #${id} was not found.`));

function wrongStatus(id: number, status: ClaimStatus, action: Message): AppError {
  const label = CLAIM_STATUS_LABELS[status];
  return new AppError(
    'conflict',
    problem(
      'CLAIM_STATUS',
      `Klaim #${id} berstatus "${label.id}" sehingga tidak dapat ${action.id}.`,
      `Claim #${id} is "${label.en}", so it cannot be ${action.en}.`,
    ),
  );
}

const alreadyRegistered = (id: number) =>
  new AppError(
    'conflict',
    problem(
      'CLAIM_ALREADY_REGISTERED',
      `Kejadian ini sudah terdaftar sebagai klaim #${id}; putuskan klaim itu lagi bila perlu.`,
      `This incident is already registered as claim #${id}; decide that claim again if needed.`,
    ),
    { claimId: id },
  );

/** The lowest declared BPU income in force: the income of a month nobody declared one for. */
function lowestIncome(period: Period): number {
  const list = CONTRIBUTION_RULES.bpuIncomeBrackets.find((entry) =>
    periodWithin(period, entry.effectiveFrom, entry.effectiveTo),
  );
  return list?.incomes[0] ?? CONTRIBUTION_RULES.bpuIncomeBrackets[0]!.incomes[0]!;
}

/**
 * Who paid for the month of the incident, with the declared income the benefit is computed on:
 * that month's sponsorship, else the last one before it, else the first one after.
 */
function incidentFacts(ledger: LedgerCoverage, incidentDate: IsoDate) {
  const period = incidentDate.slice(0, 7) as Period;
  const month = ledger.months.find((entry) => entry.period === period) ?? null;
  const withHolder = ledger.months.filter((entry) => entry.holder !== null);
  const holder =
    month?.holder ??
    withHolder.filter((entry) => entry.period < period).at(-1)?.holder ??
    withHolder[0]?.holder ??
    null;
  return {
    period,
    month,
    holder,
    declaredIncome: holder?.declaredIncome ?? lowestIncome(period),
  };
}

function present(row: ClaimRow, events: ClaimEventRow[], language: Language, fullNik: boolean): ClaimView {
  const breakdown = row.breakdown;
  return {
    id: row.id,
    pemdaCode: row.pemdaCode,
    nik: fullNik ? row.nik : maskNik(row.nik),
    nikMasked: !fullNik,
    workerName: row.workerName,
    type: row.type,
    benefit: row.benefit,
    benefitLabel: CLAIM_BENEFIT_LABELS[row.type][row.benefit]?.[language] ?? row.benefit,
    incidentDate: row.incidentDate,
    filedOn: row.filedOn,
    documents: row.documents as ClaimView['documents'],
    missingDocuments: missingDocuments(row.type, row.benefit, row.documents),
    children: row.children as ClaimView['children'],
    enteredAmount: row.enteredAmount,
    membershipSince: row.membershipSince,
    note: row.note,
    status: row.status,
    decision:
      row.decisionCode === null
        ? null
        : { code: row.decisionCode, reason: (language === 'en' ? row.decisionEn : row.decisionId) ?? '' },
    coverage: row.coverage
      ? {
          covered: row.coverage.covered,
          code: row.coverage.code,
          state: row.coverage.state,
          period: row.coverage.period,
        }
      : null,
    funding:
      row.fundingSource && row.programme
        ? {
            source: row.fundingSource as FundingSource,
            programme: row.programme,
            sponsor: row.disclosed ? row.sponsor : null,
            declaredIncome: row.declaredIncome ?? 0,
          }
        : null,
    benefitAmount: row.benefitAmount,
    breakdown: (breakdown?.components ?? []).map((component) => ({
      code: component.code,
      label: component.label[language],
      amount: component.amount,
    })),
    scholarship: breakdown
      ? {
          eligible: breakdown.scholarship.eligible,
          reason: breakdown.scholarship.reason[language],
          maximum: breakdown.scholarship.maximum,
        }
      : null,
    legalBasis: breakdown?.schedule.legalBasis ?? null,
    paidAmount: row.paidAmount,
    paidOn: row.paidOn,
    paymentReference: row.paymentReference,
    createdAt: row.createdAt,
    events: events.map(({ from, to, at, by, reason }) => ({ from, to, at, by, reason })),
  };
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

function ratio(benefits: number, contributions: number): number | null {
  return contributions > 0 ? Math.round((benefits / contributions) * 100) / 100 : null;
}

export interface ClaimDeps {
  db: Database;
  /** A claim is decided on the worker's coverage the day of the incident. */
  coverage: Pick<CoverageService, 'findWorker' | 'ledgerCoverage'>;
  now?: () => Date;
}

export function createClaimService({ db, coverage, now = () => new Date() }: ClaimDeps) {
  async function load(id: number, caller: ClaimCaller): Promise<ClaimRow> {
    const { items } = await searchClaims(
      db,
      { scope: claimScope(caller.actor), disclose: payerDisclosure(caller.actor), id },
      { page: 1, pageSize: 1 },
    );
    if (!items[0]) throw claimNotFound(id);
    return items[0];
  }

  /** Claims as shown in one language; full NIKs only for the roles that need them, and logged. */
  async function view(rows: ClaimRow[], caller: ClaimCaller, language: Language, route: string) {
    const full = caller.actor === null || seesFullNik(caller.actor);
    if (caller.actor && full && rows.length > 0) {
      await db.transaction((tx) =>
        recordAudit(tx, {
          actor: caller.actor,
          action: 'worker.read_nik',
          entityType: 'claim',
          entityId: rows.length === 1 ? String(rows[0]!.id) : undefined,
          pemdaCode: rows[0]!.pemdaCode,
          ip: caller.ip ?? null,
          details: { route, niks: [...new Set(rows.map((row) => row.nik))] },
        }),
      );
    }
    const events = await claimEvents(
      db,
      rows.map((row) => row.id),
    );
    return rows.map((row) =>
      present(
        row,
        events.filter((event) => event.claimId === row.id),
        language,
        full,
      ),
    );
  }

  async function one(id: number, caller: ClaimCaller, language: Language): Promise<ClaimView> {
    const [claim] = await view([await load(id, caller)], caller, language, 'claims.get');
    return claim!;
  }

  function benefitOf(
    claim: {
      type: ClaimType;
      benefit: ClaimBenefit;
      incidentDate: IsoDate;
      children: readonly { name?: string | undefined; level: string }[];
      enteredAmount: number | null;
      membershipSince: IsoDate | null;
    },
    facts: ReturnType<typeof incidentFacts>,
  ): Benefit {
    const starts = [facts.month?.membershipStart, claim.membershipSince].filter(
      (value): value is string => typeof value === 'string',
    );
    const result = computeBenefit({
      type: claim.type,
      benefit: claim.benefit,
      incidentDate: claim.incidentDate,
      declaredIncome: facts.declaredIncome,
      membershipStart: starts.sort()[0] ?? null,
      children: claim.children.map((child) => ({
        level: child.level as EducationLevel,
        ...(child.name ? { name: child.name } : {}),
      })),
      enteredAmount: claim.enteredAmount,
    });
    if (!result.ok) throw invalid(result.problem);
    return result.value;
  }

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
        now(),
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
        if (death) await recordDeath(tx, claim.nik, claim.incidentDate);
        const ended = death ? await endSponsorshipsOnDeath(tx, claim, caller) : [];
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

    get: one,

    async list(query: ClaimQuery, caller: ClaimCaller, language: Language): Promise<ClaimPage> {
      const { items, total } = await searchClaims(
        db,
        {
          scope: claimScope(caller.actor),
          disclose: payerDisclosure(caller.actor),
          ...(query.pemda === undefined ? {} : { pemdaCode: query.pemda }),
          ...(query.status === undefined ? {} : { status: query.status }),
          ...(query.type === undefined ? {} : { type: query.type }),
          ...(query.nik === undefined ? {} : { nik: query.nik }),
        },
        query,
      );
      return {
        items: await view(items, caller, language, 'claims.list'),
        page: query.page,
        pageSize: query.pageSize,
        total,
      };
    },

    /**
     * Contributions paid against benefits paid, by funding source and programme: Ponorogo's
     * "Rp 2.6 billion paid, over Rp 6 billion received".
     */
    async roi(pemdaCode: string, query: RoiQuery, caller: ClaimCaller, language: Language): Promise<RoiView> {
      const readable = caller.actor === null ? true : await pemdaReadable(pemdaCode, caller.actor);
      const pemda = readable ? await findPemda(db, pemdaCode) : undefined;
      if (!pemda) throw notFound(pemdaNotOnboarded(pemdaCode));
      const month = (value: string | undefined) => {
        if (value === undefined) return null;
        const parsed = parsePeriod(value);
        if (!parsed.ok) throw invalid(parsed.problem);
        return `${parsed.period}-01`;
      };
      const rows: RoiRow[] = (
        await roiRows(db, { pemdaCode, from: month(query.from), to: month(query.to) })
      ).map((row) => ({
        fundingSource: row.fundingSource as FundingSource | null,
        programme: row.programme,
        contributionsPaid: row.contributionsPaid,
        workers: row.workers,
        benefitsPaid: row.benefitsPaid,
        claimsPaid: row.claimsPaid,
        ratio: ratio(row.benefitsPaid, row.contributionsPaid),
      }));
      const sum = (pick: (row: RoiRow) => number) => rows.reduce((total, row) => total + pick(row), 0);
      const totals = {
        contributionsPaid: sum((row) => row.contributionsPaid),
        workers: sum((row) => row.workers),
        benefitsPaid: sum((row) => row.benefitsPaid),
        claimsPaid: sum((row) => row.claimsPaid),
        ratio: null as number | null,
      };
      totals.ratio = ratio(totals.benefitsPaid, totals.contributionsPaid);
      const paid = formatRupiah(totals.contributionsPaid);
      const received = formatRupiah(totals.benefitsPaid);
      const summary: Message = {
        id: `${pemda.name}: iuran dibayar ${paid}, manfaat diterima ${received} dari ${totals.claimsPaid} klaim${totals.ratio === null ? '' : ` (${String(totals.ratio).replace('.', ',')} × iuran)`}.`,
        en: `${pemda.name}: ${paid} of contributions paid, ${received} of benefits received on ${totals.claimsPaid} claims${totals.ratio === null ? '' : ` (${totals.ratio} × contributions)`}.`,
      };
      return {
        pemdaCode,
        pemdaName: pemda.name,
        from: query.from ?? null,
        to: query.to ?? null,
        rows,
        totals,
        summary: summary[language],
      };
    },
  };

  async function pemdaReadable(code: string, actor: Actor): Promise<boolean> {
    const scope = pemdaScope(actor);
    const [row] = await db.query<{ found: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM pemda p WHERE p.code = $1 AND ${scope.sql('p.code', 2)}) AS found`,
      [code, ...scope.params],
    );
    return row!.found;
  }
}

export type ClaimService = ReturnType<typeof createClaimService>;
