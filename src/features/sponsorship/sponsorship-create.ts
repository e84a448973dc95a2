import type { Actor } from '../../core/access.ts';
import type { IsoDate } from '../../core/calendar.ts';
import { checkEligibility } from '../../core/eligibility.ts';
import { problem } from '../../core/message.ts';
import { comparePeriods, type Period } from '../../core/period.ts';
import type { ProgrammePolicy } from '../../core/programme-policy.ts';
import type { WorkerRow } from '../../core/registry/worker-row.ts';
import type { Database } from '../../db/database.ts';
import { AppError, invalid, notFound } from '../../errors.ts';
import { forbidden, may, requireAccess } from '../../platform/access/policy.ts';
import { recordAudit } from '../../platform/audit.ts';
import { programmeNotFound, type programmeTermsOn } from '../programmes/index.ts';
import type { Caller } from '../registry/index.ts';
import {
  asnProgrammeOf,
  findAsnFacts,
  findProgrammeBasics,
  type ProgrammeBasics,
} from './facts-repository.ts';
import { ensureAsnSponsor, findSponsor, lockSponsor } from './sponsor-repository.ts';
import { askForTransfer, resolveWorker } from './sponsored-worker.ts';
import type { SponsorshipDeps } from './sponsorship-deps.ts';
import type { SponsorshipReads } from './sponsorship-reads.ts';
import {
  countHeldFrom,
  coveringSponsorships,
  insertSponsorships,
  isOnePayerViolation,
  nextUnbilledMonth,
} from './sponsorship-repository.ts';
import {
  type AsnActor,
  alreadyCovered,
  asnNotFound,
  conflict,
  firstDay,
  localToday,
} from './sponsorship-rules.ts';
import type { NewSponsorshipInput, SponsorshipDetail } from './sponsorship-types.ts';

/** Adding a sponsorship: by an ASN for themself, or by the Pemda's administrator for any sponsor. */

/** Those the policy lets add a sponsorship, each for their own Pemda. */
type Proposer = Extract<Actor, { role: 'asn' | 'pemda_admin' }>;

type Plan = Awaited<ReturnType<typeof planFor>>;
type Terms = Awaited<ReturnType<typeof programmeTermsOn>>;

/** Thrown inside the transaction so that its writes (a new worker, a link) roll back with it. */
class MonthsTaken extends Error {}
/** Thrown inside the transaction when another Pemda registered the new worker's NIK meanwhile. */
class RegisteredElsewhere extends Error {}

/** Who pays and under which programme, by who asks. */
async function planFor(db: Database, input: NewSponsorshipInput, actor: Proposer, today: IsoDate) {
  if (may(actor, 'sponsorship.self_service')) {
    const self = actor as AsnActor;
    if (input.sponsorId !== undefined || (input.sponsorNip !== undefined && input.sponsorNip !== self.nip)) {
      throw forbidden();
    }
    const asn = await findAsnFacts(db, self.nip);
    if (!asn) throw asnNotFound(self.nip);
    if (!asn.active) {
      throw new AppError(
        'forbidden',
        problem(
          'ASN_INACTIVE',
          'Anda tidak lagi tercatat sebagai ASN aktif, sehingga tidak dapat menambah tanggungan.',
          'You are no longer recorded as an active ASN, so you cannot add a sponsorship.',
        ),
      );
    }
    const programmeId = input.programmeId ?? (await asnProgrammeOf(db, asn.pemdaCode, today));
    if (programmeId === null) {
      throw notFound(
        problem(
          'NO_ASN_PROGRAMME',
          'Pemda Anda belum punya program tanggungan untuk ASN.',
          'Your Pemda has no sponsorship programme for ASN yet.',
        ),
      );
    }
    const programme = await findProgrammeBasics(db, programmeId);
    if (!programme || programme.pemdaCode !== asn.pemdaCode || programme.kind !== 'asn_policy') {
      throw programmeNotFound(programmeId);
    }
    return {
      programme,
      sponsorId: null,
      sponsorKind: 'asn',
      nip: asn.nip,
      status: 'proposed',
      source: 'self-service',
    } as const;
  }
  requireAccess(actor, 'sponsorship.administer', { pemdaCode: actor.pemdaCode });
  if (input.programmeId === undefined) {
    throw invalid(problem('PROGRAMME_REQUIRED', 'Pilih programnya.', 'Choose the programme.'));
  }
  const programme = await findProgrammeBasics(db, input.programmeId);
  if (!programme || programme.pemdaCode !== actor.pemdaCode) throw programmeNotFound(input.programmeId);
  const base = { programme, status: 'verified', source: 'admin' } as const;
  if ((input.sponsorId === undefined) === (input.sponsorNip === undefined)) {
    throw invalid(
      problem(
        'SPONSOR_REQUIRED',
        'Pilih penanggungnya: id sponsor atau NIP seorang ASN, salah satu saja.',
        "Choose who pays: a sponsor's id or an ASN's NIP, one of the two.",
      ),
    );
  }
  if (input.sponsorNip !== undefined) {
    const asn = await findAsnFacts(db, input.sponsorNip);
    if (!asn || asn.pemdaCode !== actor.pemdaCode) throw asnNotFound(input.sponsorNip);
    return { ...base, sponsorId: null, sponsorKind: 'asn', nip: asn.nip } as const;
  }
  const sponsor = await findSponsor(db, input.sponsorId!);
  if (!sponsor || sponsor.pemdaCode !== actor.pemdaCode) {
    throw notFound(
      problem(
        'SPONSOR_NOT_FOUND',
        `Sponsor ${input.sponsorId} tidak ditemukan.`,
        `No sponsor ${input.sponsorId} was found.`,
      ),
    );
  }
  return { ...base, sponsorId: sponsor.id, sponsorKind: sponsor.kind, nip: sponsor.nip } as const;
}

function checkProgramme(
  programme: ProgrammeBasics,
  sponsorKind: string,
  policy: ProgrammePolicy | null,
  on: IsoDate,
) {
  if (!programme.active) {
    throw conflict(
      problem(
        'PROGRAMME_INACTIVE',
        `Program "${programme.name}" tidak aktif lagi.`,
        `Programme "${programme.name}" is no longer active.`,
      ),
    );
  }
  if (programme.kind !== 'asn_policy') return;
  if (sponsorKind !== 'asn') {
    throw invalid(
      problem(
        'SPONSOR_KIND_MISMATCH',
        `Program "${programme.name}" ditanggung oleh ASN; pilih seorang ASN sebagai penanggung.`,
        `Programme "${programme.name}" is paid for by ASN; choose an ASN as the sponsor.`,
      ),
    );
  }
  if (policy === null) {
    throw conflict(
      problem(
        'PROGRAMME_NOT_STARTED',
        `Kebijakan program "${programme.name}" belum berlaku pada ${on}.`,
        `The policy of programme "${programme.name}" is not in force on ${on}.`,
      ),
    );
  }
}

/** The first month asked for, or the earliest that can still be billed; never one already billed. */
async function firstMonthOf(db: Database, input: NewSponsorshipInput, pemdaCode: string, clock: Date) {
  const earliest = await nextUnbilledMonth(db, { pemdaCode }, clock);
  const firstMonth = (input.firstMonth as Period | undefined) ?? earliest;
  if (comparePeriods(firstMonth, earliest) < 0) {
    throw invalid(
      problem(
        'FIRST_MONTH_BILLED',
        `Bulan ${firstMonth} sudah lewat atau sudah ditagih; tanggungan baru paling awal mulai ${earliest}.`,
        `Month ${firstMonth} is past or already billed; a new sponsorship can start in ${earliest} at the earliest.`,
      ),
    );
  }
  return firstMonth;
}

interface Addition {
  input: NewSponsorshipInput;
  pemdaCode: string;
  plan: Plan;
  terms: Terms;
  facts: Awaited<ReturnType<typeof resolveWorker>>['facts'];
  newWorker: WorkerRow | null;
  firstMonth: Period;
}

/**
 * Stores the sponsorship, and the new worker with it, in one transaction: the sponsor is locked
 * so that two additions are counted against the policy's maximum in turn. Resolves with its id.
 */
function store(
  { db, registry }: SponsorshipDeps,
  addition: Addition,
  caller: Caller & { actor: Proposer },
): Promise<number> {
  const { input, pemdaCode, plan, terms, facts, newWorker, firstMonth } = addition;
  const { actor } = caller;
  const max = plan.sponsorKind === 'asn' ? (terms.policy?.perSponsor.max ?? null) : null;
  return db.transaction(async (tx) => {
    const sponsorId = plan.sponsorId ?? (await ensureAsnSponsor(tx, plan.nip!, pemdaCode));
    await lockSponsor(tx, sponsorId);
    if (max !== null) {
      const held = await countHeldFrom(tx, sponsorId, plan.programme.id, firstMonth);
      if (held >= max) {
        throw conflict(
          problem(
            'POLICY_MAX_REACHED',
            `Sudah menanggung ${held} pekerja; ${terms.policy!.name} membolehkan paling banyak ${max} pekerja per ASN.`,
            `Already sponsors ${held} worker${held === 1 ? '' : 's'}; ${terms.policy!.name} allows at most ${max} per ASN.`,
          ),
          { max, held },
        );
      }
    }
    if (newWorker && !(await registry.addWorkerToRegistry(tx, pemdaCode, newWorker))) {
      throw new RegisteredElsewhere();
    }
    const { inserted } = await insertSponsorships(
      tx,
      [
        {
          pemdaCode,
          programmeId: plan.programme.id,
          sponsorId,
          nik: facts.nik,
          relationship: input.relationship,
          programmes: terms.programmes,
          declaredIncome: terms.declaredIncome,
          firstMonth,
          status: plan.status,
        },
      ],
      { userId: actor.userId, source: plan.source },
    );
    const added = inserted[0];
    if (!added) throw new MonthsTaken();
    await recordAudit(tx, {
      actor,
      action: 'sponsorship.create',
      entityType: 'sponsorship',
      entityId: String(added.id),
      pemdaCode,
      ip: caller.ip ?? null,
      details: {
        nik: facts.nik,
        sponsorId,
        programmeId: plan.programme.id,
        firstMonth,
        status: plan.status,
        newWorker: newWorker !== null,
      },
    });
    return added.id;
  });
}

export function sponsorshipCreation(deps: SponsorshipDeps, reads: Pick<SponsorshipReads, 'get'>) {
  const { db, now } = deps;
  return {
    async create(input: NewSponsorshipInput, caller: Caller): Promise<SponsorshipDetail> {
      requireAccess(caller.actor, 'sponsorship.create');
      const actor = caller.actor as Proposer;
      const pemdaCode = actor.pemdaCode;
      const clock = now();
      const today = localToday(pemdaCode, clock);
      const plan = await planFor(db, input, actor, today);
      const firstMonth = await firstMonthOf(db, input, pemdaCode, clock);
      const startsOn = firstDay(firstMonth);
      const terms = await deps.programmes.programmeTermsOn(db, plan.programme.id, startsOn);
      checkProgramme(plan.programme, plan.sponsorKind, terms.policy, startsOn);

      const { facts, newWorker } = await resolveWorker(deps, input, pemdaCode, today, caller);
      const problems = checkEligibility(facts, { areaCode: terms.areaCode }, startsOn);
      if (problems.length > 0) throw invalid(problems[0]!, { problems });

      let id: number;
      try {
        id = await store(
          deps,
          { input, pemdaCode, plan, terms, facts, newWorker, firstMonth },
          { ...caller, actor },
        );
      } catch (error) {
        // A concurrent addition that won the month fails this one at the constraint: same answer.
        if (error instanceof RegisteredElsewhere) return askForTransfer(deps, newWorker!, pemdaCode, caller);
        if (error instanceof MonthsTaken || isOnePayerViolation(error)) {
          throw alreadyCovered(
            await coveringSponsorships(db, facts.nik, firstMonth, null),
            firstMonth,
            actor,
          );
        }
        throw error;
      }
      return reads.get(id, caller);
    },
  };
}
