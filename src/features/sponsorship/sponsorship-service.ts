import type { Actor } from '../../core/access.ts';
import type { IsoDate } from '../../core/calendar.ts';
import { priceMonth } from '../../core/contributions/engine.ts';
import { checkEligibility } from '../../core/eligibility.ts';
import { maskNik } from '../../core/identifiers/nik.ts';
import { type Message, type Problem, problem } from '../../core/message.ts';
import { addMonths, comparePeriods, type Period } from '../../core/period.ts';
import type { ProgrammePolicy } from '../../core/programme-policy.ts';
import { currentPeriod, TIME_ZONES, zoneOfPemda } from '../../core/regions.ts';
import { validateWorkerRow, type WorkerColumn, type WorkerRow } from '../../core/registry/worker-row.ts';
import {
  SPONSORSHIP_STATUS_LABELS,
  type SponsorshipStatus,
  transitionProblem,
} from '../../core/sponsorship-lifecycle.ts';
import type { Database, Queryable } from '../../db/database.ts';
import { AppError, invalid, notFound } from '../../errors.ts';
import { forbidden, mayAdministerPemda, seesFullNik } from '../../platform/access/policy.ts';
import { asnScope, sponsorshipScope } from '../../platform/access/scopes.ts';
import { recordAudit } from '../../platform/audit.ts';
import { poolWorkers } from '../matching/pool-queries.ts';
import { computeCompliance, programmeNotFound, programmeTermsOn } from '../programmes/index.ts';
import { currentRegencyAndDistrictCodes, pemdaVillageCodes } from '../regions/index.ts';
import type { Caller, Page } from '../registry/index.ts';
import { searchAsn } from '../registry/index.ts';
import { nikStanding } from '../transfers/transfer-queries.ts';
import { recordTransferRequest, TRANSFER_RECORDED } from '../transfers/transfer-service.ts';
import {
  addWorkerToRegistry,
  asnProgrammeOf,
  type CoveringSponsorship,
  countHeldFrom,
  coveringSponsorships,
  ensureAsnSponsor,
  findAsnFacts,
  findEligibilityFacts,
  findProgrammeBasics,
  findSponsor,
  insertSponsorships,
  isOnePayerViolation,
  lockSponsor,
  nextUnbilledMonth,
  type ProgrammeBasics,
  regionNames,
  type SponsorshipRow,
  searchSponsorships,
  sponsorshipEvents,
  transitionSponsorships,
} from './sponsorship-queries.ts';
import type {
  NewSponsorshipInput,
  NewWorkerInput,
  Pool,
  PoolLevel,
  SelfService,
  SponsorshipDetail,
  SponsorshipEvent,
  SponsorshipQuery,
  SponsorshipRecord,
  TransitionInput,
} from './sponsorship-types.ts';

export interface SponsorshipServiceOptions {
  /** The clock: which month is current, and so which month can still be billed. */
  now?: () => Date;
}

type AsnActor = Extract<Actor, { role: 'asn' }>;

const NIK_PATTERN = /^\d{16}$/;

const conflict = (reason: Problem, details?: unknown) => new AppError('conflict', reason, details);

/** The day it is in the Pemda's zone: obligations and the pool are judged on it. */
function localToday(pemdaCode: string, now: Date): IsoDate {
  const local = new Date(now.getTime() + TIME_ZONES[zoneOfPemda(pemdaCode)].utcOffsetHours * 3_600_000);
  return local.toISOString().slice(0, 10);
}

const firstDay = (month: Period): IsoDate => `${month}-01`;

/** The fields of the new-worker form, named as the registry import names its columns. */
const WORKER_FIELDS: Record<WorkerColumn, { field: keyof NewWorkerInput; label: Message }> = {
  nik: { field: 'nik', label: { id: 'NIK', en: 'NIK' } },
  nama: { field: 'name', label: { id: 'Nama', en: 'Name' } },
  tanggal_lahir: { field: 'birthDate', label: { id: 'Tanggal lahir', en: 'Date of birth' } },
  jenis_kelamin: { field: 'sex', label: { id: 'Jenis kelamin', en: 'Sex' } },
  pekerjaan: { field: 'occupation', label: { id: 'Pekerjaan', en: 'Occupation' } },
  sektor: { field: 'sector', label: { id: 'Sektor', en: 'Sector' } },
  kode_desa: { field: 'villageCode', label: { id: 'Kode desa', en: 'Village code' } },
  no_hp: { field: 'phone', label: { id: 'Nomor HP', en: 'Mobile number' } },
  desil: { field: 'welfareDecile', label: { id: 'Desil kesejahteraan', en: 'Welfare decile' } },
};

const REASON_VERBS: Partial<Record<SponsorshipStatus, Message>> = {
  rejected: { id: 'menolak', en: 'rejecting' },
  suspended: { id: 'menangguhkan', en: 'suspending' },
  ended: { id: 'mengakhiri', en: 'ending' },
};

/** Why a reason is required: the worker and the sponsor are told why their cover stops. */
function reasonFor(to: SponsorshipStatus, text: string | undefined): string | null {
  const reason = text?.trim() || null;
  const verb = REASON_VERBS[to];
  if (verb && reason === null) {
    throw invalid(
      problem(
        'REASON_REQUIRED',
        `Alasan wajib diisi untuk ${verb.id} tanggungan.`,
        `A reason is required for ${verb.en} a sponsorship.`,
      ),
    );
  }
  return reason;
}

const sponsorshipNotFound = (id: number) =>
  notFound(
    problem('SPONSORSHIP_NOT_FOUND', `Tanggungan ${id} tidak ditemukan.`, `No sponsorship ${id} was found.`),
  );

const asnNotFound = (nip: string) =>
  notFound(
    problem('ASN_NOT_FOUND', `ASN dengan NIP ${nip} tidak ditemukan.`, `No ASN with NIP ${nip} was found.`),
  );

function requireAsn(actor: Actor): AsnActor {
  if (actor.role !== 'asn') throw forbidden();
  return actor;
}

/** Who may learn who pays for a worker: the paying Pemda's admins and BPJSTK officers, and the payer. */
function maySeePayer(actor: Actor, covering: CoveringSponsorship): boolean {
  switch (actor.role) {
    case 'pemda_admin':
      return actor.pemdaCode === covering.pemdaCode;
    case 'bpjstk_officer':
      return actor.pemdaCodes.includes(covering.pemdaCode);
    case 'asn':
      return covering.sponsor.nip === actor.nip;
    case 'sponsor_org':
      return covering.sponsor.organisationId === actor.organisationId;
    default:
      return false;
  }
}

/**
 * The one-payer refusal. It gives the months already held, and names who pays only to those
 * who may know: anyone else learns that the worker is covered, which they need, and nothing more.
 */
function alreadyCovered(covering: readonly CoveringSponsorship[], from: Period, actor: Actor): AppError {
  const spans = covering.map((held) => {
    const start = comparePeriods(held.firstMonth, from) > 0 ? held.firstMonth : from;
    return { from: start, until: held.endMonth ? addMonths(held.endMonth, -1) : null };
  });
  if (spans.length === 0) spans.push({ from, until: null });
  const months = {
    id: spans.map((span) => (span.until ? `${span.from} s.d. ${span.until}` : `${span.from} dan seterusnya`)),
    en: spans.map((span) => (span.until ? `${span.from} to ${span.until}` : `${span.from} onwards`)),
  };
  const payers = covering.filter((held) => maySeePayer(actor, held)).map((held) => held.sponsor);
  const names = [...new Set(payers.map((payer) => payer.name))].join(', ');
  return conflict(
    problem(
      'SPONSORSHIP_ALREADY_COVERED',
      `Pekerja ini sudah ditanggung untuk bulan ${months.id.join(', ')}${names ? ` oleh ${names}` : ''}. Setiap bulan seorang pekerja hanya boleh punya satu penanggung.`,
      `This worker is already covered for ${months.en.join(', ')}${names ? ` by ${names}` : ''}. A worker has one payer for any month.`,
    ),
    {
      months: spans,
      ...(payers.length > 0 ? { sponsors: payers.map((payer) => ({ id: payer.id, name: payer.name })) } : {}),
    },
  );
}

/** How near a pool worker lives to the ASN's home village. */
function nearness(home: string | undefined, village: string): PoolLevel {
  if (!home) return 'other';
  if (home === village) return 'village';
  const shared = (parts: number) =>
    home.split('.').slice(0, parts).join('.') === village.split('.').slice(0, parts).join('.');
  if (shared(3)) return 'district';
  return shared(2) ? 'regency' : 'other';
}

/** Of two regions that must both hold a worker, the narrower; when they do not nest, the programme's. */
function narrowerArea(programmeArea: string | null, homeArea: string | null): string | null {
  if (programmeArea === null || homeArea === null) return programmeArea ?? homeArea;
  return homeArea.startsWith(`${programmeArea}.`) ? homeArea : programmeArea;
}

/** Thrown inside the transaction so that its writes (a new worker, a link) roll back with it. */
class MonthsTaken extends Error {}
/** Thrown inside the transaction when another Pemda registered the new worker's NIK meanwhile. */
class RegisteredElsewhere extends Error {}

export function createSponsorshipService(
  db: Database,
  { now = () => new Date() }: SponsorshipServiceOptions = {},
) {
  /**
   * Records as the caller may see them: full NIKs only for the roles that need them, each such read
   * logged per Pemda; the month's price from the contribution engine with the sponsor's funding.
   */
  async function present(
    rows: readonly SponsorshipRow[],
    caller: Caller,
    route: string,
  ): Promise<SponsorshipRecord[]> {
    const full = seesFullNik(caller.actor);
    if (full && rows.length > 0) {
      const niksByPemda = new Map<string, Set<string>>();
      for (const row of rows) {
        niksByPemda.set(row.pemdaCode, (niksByPemda.get(row.pemdaCode) ?? new Set()).add(row.worker.nik));
      }
      await db.transaction(async (tx) => {
        for (const [pemdaCode, niks] of niksByPemda) {
          await recordAudit(tx, {
            actor: caller.actor,
            action: 'worker.read_nik',
            entityType: 'worker',
            entityId: niks.size === 1 ? [...niks][0] : undefined,
            pemdaCode,
            ip: caller.ip ?? null,
            details: { route, niks: [...niks] },
          });
        }
      });
    }
    const clock = now();
    return rows.map(({ sponsor, worker, ...row }) => {
      const current = currentPeriod(clock, zoneOfPemda(row.pemdaCode));
      const amountPeriod = comparePeriods(row.firstMonth, current) > 0 ? row.firstMonth : current;
      const price = priceMonth({
        scheme: 'bpu',
        income: row.declaredIncome,
        programmes: row.programmes,
        funding: sponsor.fundingSource,
        period: amountPeriod,
      });
      return {
        ...row,
        sponsor: {
          id: sponsor.id,
          kind: sponsor.kind,
          name: sponsor.name,
          nip: sponsor.nip,
          fundingSource: sponsor.fundingSource,
        },
        worker: { ...worker, nik: full ? worker.nik : maskNik(worker.nik), nikMasked: !full },
        monthlyAmount: price.amount,
        amountPeriod,
      };
    });
  }

  /** The signed-in ASN's own record, the day it is in their Pemda and the programme they answer to. */
  async function ownAsn(actor: Actor) {
    const asnActor = requireAsn(actor);
    const {
      items: [asn],
    } = await searchAsn(
      db,
      { scope: asnScope(asnActor), nip: asnActor.nip, status: 'all' },
      { page: 1, pageSize: 1 },
    );
    if (!asn) throw asnNotFound(asnActor.nip);
    const today = localToday(asn.pemdaCode, now());
    return { actor: asnActor, asn, today, programmeId: await asnProgrammeOf(db, asn.pemdaCode, today) };
  }

  /** The sponsorship if the caller may read it; out of scope reads as absent. */
  async function visibleRow(id: number, actor: Actor): Promise<SponsorshipRow> {
    const { items } = await searchSponsorships(
      db,
      { scope: sponsorshipScope(actor), id },
      { page: 1, pageSize: 1 },
    );
    if (!items[0]) throw sponsorshipNotFound(id);
    return items[0];
  }

  async function get(id: number, caller: Caller): Promise<SponsorshipDetail> {
    const row = await visibleRow(id, caller.actor);
    const [record] = await present([row], caller, 'sponsorships.get');
    return { ...record!, events: await sponsorshipEvents(db, id) };
  }

  /**
   * The worker a new sponsorship is for: one in the Pemda's registry by NIK, or a new one checked
   * as an import row. Another Pemda's worker reads exactly as a NIK registered nowhere; typed as a
   * new worker, they are asked for by a transfer request, never taken.
   */
  async function resolveWorker(
    input: NewSponsorshipInput,
    pemdaCode: string,
    today: IsoDate,
    caller: Caller,
  ) {
    if ((input.nik === undefined) === (input.worker === undefined)) {
      throw invalid(
        problem(
          'WORKER_CHOICE',
          'Isi NIK pekerja yang sudah terdaftar, atau data pekerja baru: salah satu saja.',
          "Give either the NIK of a registered worker or a new worker's details, not both.",
        ),
      );
    }
    if (input.nik !== undefined) {
      const nik = input.nik.trim();
      if (!NIK_PATTERN.test(nik)) {
        throw invalid(
          problem('INVALID_NIK', `NIK "${nik}" harus 16 digit.`, `NIK "${nik}" must be 16 digits.`),
        );
      }
      const found = await findEligibilityFacts(db, nik, pemdaCode);
      if (!found) {
        throw notFound(
          problem(
            'WORKER_NOT_FOUND',
            `Pekerja dengan NIK ${maskNik(nik)} belum ada di registri. Isi data pekerja baru untuk menambahkannya.`,
            `No worker with NIK ${maskNik(nik)} is in the registry. Fill in the new worker's details to add them.`,
          ),
        );
      }
      return { facts: found, newWorker: null };
    }
    const typed = input.worker!.nik.trim();
    const standing = NIK_PATTERN.test(typed) ? await nikStanding(db, typed, pemdaCode) : null;
    if (standing?.linked) {
      throw conflict(
        problem(
          'WORKER_ALREADY_REGISTERED',
          `Pekerja dengan NIK ${typed} sudah ada di registri: tambahkan dengan NIK saja.`,
          `A worker with NIK ${typed} is already in the registry: add them by NIK alone.`,
        ),
      );
    }
    const newWorker = await validateNewWorker(input.worker!, pemdaCode, today);
    if (standing?.registered) await askForTransfer(newWorker, pemdaCode, caller);
    return {
      facts: { ...newWorker, deceasedOn: null, activeElsewhere: false },
      newWorker,
    };
  }

  /** Records a transfer request for a new worker whose NIK another Pemda holds, and says so. */
  async function askForTransfer(worker: WorkerRow, pemdaCode: string, caller: Caller): Promise<never> {
    const id = await db.transaction((tx) =>
      recordTransferRequest(
        tx,
        { nik: worker.nik, name: worker.name, birthDate: worker.birthDate, note: null },
        { ...caller, pemdaCode },
      ),
    );
    throw conflict(problem('WORKER_TRANSFER_REQUESTED', TRANSFER_RECORDED.id, TRANSFER_RECORDED.en), {
      transferId: id,
    });
  }

  /** The registry import's row rules, so a worker added here is held to what an import demands. */
  async function validateNewWorker(
    input: NewWorkerInput,
    pemdaCode: string,
    today: IsoDate,
  ): Promise<WorkerRow> {
    const [villages, regions] = await Promise.all([
      pemdaVillageCodes(db, pemdaCode),
      currentRegencyAndDistrictCodes(db),
    ]);
    const villageSet = new Set(villages);
    const regionSet = new Set(regions);
    const { record, issues } = validateWorkerRow(
      {
        nik: input.nik,
        nama: input.name,
        tanggal_lahir: input.birthDate,
        jenis_kelamin: input.sex,
        pekerjaan: input.occupation,
        sektor: input.sector,
        kode_desa: input.villageCode,
        no_hp: input.phone,
        desil: input.welfareDecile,
      },
      {
        today,
        pemdaCode,
        isPemdaVillage: (code) => villageSet.has(code),
        regionExists: (code) => regionSet.has(code),
      },
    );
    if (record) return record;
    const problems = issues
      .filter((issue) => issue.severity === 'rejected')
      .map((issue) => {
        const { field, label } = WORKER_FIELDS[issue.column as WorkerColumn];
        return {
          field,
          ...problem(issue.code, `${label.id}: ${issue.message.id}`, `${label.en}: ${issue.message.en}`),
        };
      });
    throw invalid(problems[0]!, { problems });
  }

  /** Who pays and under which programme, by who asks. */
  async function planFor(input: NewSponsorshipInput, actor: Actor, today: IsoDate) {
    if (actor.role === 'asn') {
      if (
        input.sponsorId !== undefined ||
        (input.sponsorNip !== undefined && input.sponsorNip !== actor.nip)
      ) {
        throw forbidden();
      }
      const asn = await findAsnFacts(db, actor.nip);
      if (!asn) throw asnNotFound(actor.nip);
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
    if (actor.role !== 'pemda_admin') throw forbidden();
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

  async function create(input: NewSponsorshipInput, caller: Caller): Promise<SponsorshipDetail> {
    const { actor } = caller;
    if (actor.role !== 'asn' && actor.role !== 'pemda_admin') throw forbidden();
    const pemdaCode = actor.pemdaCode;
    const clock = now();
    const today = localToday(pemdaCode, clock);
    const plan = await planFor(input, actor, today);

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
    const startsOn = firstDay(firstMonth);
    const terms = await programmeTermsOn(db, plan.programme.id, startsOn);
    checkProgramme(plan.programme, plan.sponsorKind, terms.policy, startsOn);

    const { facts, newWorker } = await resolveWorker(input, pemdaCode, today, caller);
    const problems = checkEligibility(facts, { areaCode: terms.areaCode }, startsOn);
    if (problems.length > 0) throw invalid(problems[0]!, { problems });

    const max = plan.sponsorKind === 'asn' ? (terms.policy?.perSponsor.max ?? null) : null;
    let id: number;
    try {
      id = await db.transaction(async (tx) => {
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
        if (newWorker && !(await addWorkerToRegistry(tx, pemdaCode, newWorker))) {
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
    } catch (error) {
      // A concurrent addition that won the month fails this one at the constraint: same answer.
      if (error instanceof RegisteredElsewhere) return askForTransfer(newWorker!, pemdaCode, caller);
      if (error instanceof MonthsTaken || isOnePayerViolation(error)) {
        throw alreadyCovered(await coveringSponsorships(db, facts.nik, firstMonth, null), firstMonth, actor);
      }
      throw error;
    }
    return get(id, caller);
  }

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
    const own = actor.role === 'asn' && row.sponsor.kind === 'asn' && row.sponsor.nip === actor.nip;
    if (!own && !mayAdministerPemda(actor, row.pemdaCode)) throw forbidden();
    const reason = reasonFor('ended', reasonText);
    await move(row, 'ended', reason, caller, own ? 'self-service' : 'admin', (tx) =>
      nextUnbilledMonth(tx, { pemdaCode: row.pemdaCode, sponsorshipId: id }, now()),
    );
    return get(id, caller);
  }

  return {
    create,
    get,
    end,

    async list(query: SponsorshipQuery, caller: Caller): Promise<Page<SponsorshipRecord>> {
      const { items, total } = await searchSponsorships(
        db,
        {
          scope: sponsorshipScope(caller.actor),
          programmeId: query.programme,
          status: query.status,
          sponsorId: query.sponsor,
          pemdaCode: query.pemda,
        },
        query,
      );
      return {
        items: await present(items, caller, 'sponsorships.list'),
        page: query.page,
        pageSize: query.pageSize,
        total,
      };
    },

    async history(id: number, caller: Caller): Promise<{ items: SponsorshipEvent[] }> {
      await visibleRow(id, caller.actor);
      return { items: await sponsorshipEvents(db, id) };
    },

    /**
     * Verify, reject, suspend, resume (Pemda admin) or end. Enrolment and the first paid month
     * move sponsorships too, but from the branch's response files, not by hand.
     */
    async transition(id: number, input: TransitionInput, caller: Caller): Promise<SponsorshipDetail> {
      if (input.to === 'ended') return end(id, input.reason, caller);
      const row = await visibleRow(id, caller.actor);
      if (!mayAdministerPemda(caller.actor, row.pemdaCode)) throw forbidden();
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

    /** An ASN's own page: their record, the programme and policy in force, their obligation, their workers. */
    async selfService(caller: Caller): Promise<SelfService> {
      const { actor, asn, today, programmeId } = await ownAsn(caller.actor);
      let programme: SelfService['programme'] = null;
      let policy: SelfService['policy'] = null;
      let obligation: SelfService['obligation'] = null;
      if (programmeId !== null) {
        const terms = await programmeTermsOn(db, programmeId, today);
        programme = { id: terms.programme.id, key: terms.programme.key, name: terms.programme.name };
        if (terms.policy) {
          const { name, circularLetter, mandatory, perSponsor, effectiveFrom } = terms.policy;
          policy = {
            name,
            circularLetter,
            mandatory,
            min: perSponsor.min,
            max: perSponsor.max,
            effectiveFrom,
          };
        }
        const [own] = await computeCompliance(db, { programmeId, on: today, nips: [asn.nip] });
        if (own) {
          const { status, required, allowed, short, reason, phase } = own.obligation;
          obligation = {
            status,
            required,
            allowed,
            short,
            reason,
            held: own.held,
            phase: phase?.label ?? null,
          };
        }
      }
      const { items } = await searchSponsorships(
        db,
        { scope: sponsorshipScope(actor) },
        { page: 1, pageSize: 200 },
        { heldFirst: true },
      );
      const { opd, employmentType, echelon, village, active, nip, name, pemdaCode } = asn;
      return {
        today,
        asn: { nip, name, pemdaCode, opd, employmentType, echelon, village, active },
        programme,
        policy,
        obligation,
        sponsorships: await present(items, caller, 'me.sponsorship'),
      };
    },

    /**
     * Workers nobody pays for this month, eligible today, nearest the ASN's home village first
     * (the matching feature's pool). Their full NIKs let the ASN choose one; each read is logged.
     */
    async pool(limit: number, caller: Caller): Promise<Pool> {
      const { actor, asn, today, programmeId } = await ownAsn(caller.actor);
      const programmeArea =
        programmeId === null ? null : (await programmeTermsOn(db, programmeId, today)).areaCode;
      const home = asn.village?.code;
      const area = narrowerArea(programmeArea, home ? home.split('.').slice(0, 2).join('.') : null);
      const members = await poolWorkers(db, {
        pemdaCode: asn.pemdaCode,
        on: today,
        ...(area ? { areaCodes: [area] } : {}),
        ...(home ? { nearVillage: home } : {}),
        limit,
      });
      const names = await regionNames(
        db,
        members.map((member) => member.villageCode),
      );
      if (members.length > 0) {
        await db.transaction((tx) =>
          recordAudit(tx, {
            actor,
            action: 'worker.read_nik',
            entityType: 'worker',
            pemdaCode: asn.pemdaCode,
            ip: caller.ip ?? null,
            details: { route: 'me.pool', niks: members.map((member) => member.nik) },
          }),
        );
      }
      return {
        nearVillage: asn.village,
        items: members.map((member) => ({
          nik: member.nik,
          name: member.name,
          village: { code: member.villageCode, name: names.get(member.villageCode) ?? member.villageCode },
          level: nearness(home, member.villageCode),
          occupation: member.occupation,
          welfareDecile: member.welfareDecile,
          birthDate: member.birthDate,
        })),
      };
    },
  };
}

export type SponsorshipService = ReturnType<typeof createSponsorshipService>;
