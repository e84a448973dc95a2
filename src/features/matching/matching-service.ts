import type { Actor } from '../../core/access.ts';
import { type IsoDate, parseIsoDate } from '../../core/calendar.ts';
import { checkEligibility } from '../../core/eligibility.ts';
import { maskNik } from '../../core/identifiers/nik.ts';
import {
  groupBy,
  type MatchLevel,
  type MatchProposal,
  type MatchSponsor,
  matchPool,
} from '../../core/matching.ts';
import { type Message, type Problem, problem } from '../../core/message.ts';
import type { Period } from '../../core/period.ts';
import type { Database, Queryable } from '../../db/database.ts';
import { AppError, invalid, notFound } from '../../errors.ts';
import { forbidden, mayAdministerPemda, readablePemdas, seesFullNik } from '../../platform/access/policy.ts';
import { pemdaScope } from '../../platform/access/scopes.ts';
import { recordAudit } from '../../platform/audit.ts';
import { pemdaNotOnboarded } from '../../platform/pemda.ts';
import { listPemda } from '../pemda/index.ts';
import { computeCompliance, programmeNotFound, programmeTermsOn, todayInPemda } from '../programmes/index.ts';
import {
  ensureAsnSponsors,
  insertSponsorships,
  isOnePayerViolation,
  type NewSponsorship,
  nextUnbilledMonth,
} from '../sponsorship/sponsorship-queries.ts';
import {
  asnPlaces,
  declinedProposals,
  findRun,
  heldBySponsors,
  heldInProgramme,
  insertProposals,
  insertRun,
  type LockedProposal,
  listProposals,
  listRuns,
  lockOpenProposalsOfRun,
  lockPemdaMatching,
  lockProposals,
  type MatchableProgramme,
  markAccepted,
  markRejected,
  matchableProgrammes,
  openlyProposedNiks,
  type ProposalRow,
  pemdaRegionNames,
  setRunDuration,
  sponsorPlace,
  withdrawOpenProposals,
  workersForEligibility,
} from './matching-queries.ts';
import type {
  LevelCounts,
  MatchFill,
  MatchRun,
  MatchSummary,
  PlannedProposal,
  ProgrammeMatch,
  Proposal,
  ProposalQuery,
  ProposalStatus,
} from './matching-types.ts';
import { poolWorkers } from './pool-queries.ts';

/**
 * Matching the pool to the sponsors short of workers (issue 4, item 5), and deciding the
 * proposals. The plan is the core's `matchPool` over data read here; everything that names a
 * sponsor or a worker in the plan is a natural key (NIP, organisation name, NIK), never a
 * generated id, so the same data gives the same plan byte for byte whatever order it was loaded in.
 */

export interface Caller {
  /** None for the command line, which acts as the system. */
  actor: Actor | null;
  ip?: string | null;
}

export interface MatchOptions {
  programme?: string | undefined;
  on?: IsoDate | undefined;
  fill: MatchFill;
  save: boolean;
}

export interface MatchResult {
  summary: MatchSummary;
  proposals: PlannedProposal[];
}

/** A proposal of the plan with what storing it needs: the programme's id, the sponsor's record. */
interface Planned extends PlannedProposal {
  programmeId: number;
  /** Null for an ASN who has no sponsor record yet: saving makes one. */
  sponsorId: number | null;
}

interface Plan {
  summary: Omit<MatchSummary, 'run'>;
  proposals: Planned[];
}

export interface DecisionOutcome {
  id: number;
  outcome: 'accepted' | 'rejected' | 'refused';
  sponsorshipId: number | null;
  problem: Problem | null;
}

/** The plan as shown: the generated ids it was stored with left out. */
const natural = ({ programmeId: _programme, sponsorId: _sponsor, ...proposal }: Planned): PlannedProposal =>
  proposal;

const emptyCounts = (): LevelCounts => ({ village: 0, district: 0, regency: 0, province: 0, other: 0 });

function countLevels(proposals: readonly { level: MatchLevel }[]): LevelCounts {
  const counts = emptyCounts();
  for (const proposal of proposals) counts[proposal.level]++;
  return counts;
}

const inside = (code: string, area: string | null) =>
  area === null || code === area || code.startsWith(`${area}.`);

const NOTES = {
  noPolicy: (on: IsoDate): Message => ({
    id: `Belum ada kebijakan yang berlaku pada ${on}: tidak ada ASN yang wajib.`,
    en: `No policy is in force on ${on}: no ASN is obliged.`,
  }),
  inactive: { id: 'Program tidak aktif.', en: 'The programme is not active.' },
  noSponsor: {
    id: 'Program CSR ini belum punya sponsor.',
    en: 'This CSR programme has no sponsor yet.',
  },
  noTarget: {
    id: 'Program CSR ini tidak punya target jumlah pekerja.',
    en: 'This CSR programme has no target number of workers.',
  },
  sponsorInactive: { id: 'Sponsor program ini tidak aktif.', en: "The programme's sponsor is not active." },
} satisfies Record<string, Message | ((on: IsoDate) => Message)>;

const proposalNotFound = (id: number) =>
  notFound(
    problem(
      'MATCH_PROPOSAL_NOT_FOUND',
      `Usulan pencocokan ${id} tidak ditemukan.`,
      `No match proposal ${id} was found.`,
    ),
  );

const runNotFound = (id: number) =>
  notFound(
    problem('MATCH_RUN_NOT_FOUND', `Pencocokan ${id} tidak ditemukan.`, `No matching run ${id} was found.`),
  );

const STATUS_WORDS: Record<ProposalStatus, Message> = {
  open: { id: 'terbuka', en: 'open' },
  accepted: { id: 'diterima', en: 'accepted' },
  rejected: { id: 'ditolak', en: 'rejected' },
  withdrawn: { id: 'ditarik', en: 'withdrawn' },
};

const alreadyDecided = (status: ProposalStatus) =>
  problem(
    'MATCH_PROPOSAL_DECIDED',
    `Usulan ini sudah ${STATUS_WORDS[status].id}; hanya usulan terbuka yang dapat diterima atau ditolak.`,
    `This proposal is already ${STATUS_WORDS[status].en}; only open proposals can be accepted or rejected.`,
  );

const alreadyCovered = (nik: string, firstMonth: Period) =>
  problem(
    'SPONSORSHIP_ALREADY_COVERED',
    `Pekerja ${maskNik(nik)} sudah ditanggung untuk bulan ${firstMonth} dan sesudahnya; usulan ini tidak dapat diterima.`,
    `Worker ${maskNik(nik)} is already covered for ${firstMonth} and the months after; this proposal cannot be accepted.`,
  );

const maxReached = (max: number) =>
  problem(
    'POLICY_MAX_REACHED',
    `ASN ini sudah menanggung ${max} pekerja, batas terbanyak menurut kebijakan.`,
    `This ASN already sponsors ${max} workers, the most the policy allows.`,
  );

const WITHDRAWN_BY_RERUN = 'Digantikan pencocokan baru / replaced by a new matching run';

function checkDate(on: string): IsoDate {
  if (!parseIsoDate(on)) {
    throw invalid(
      problem(
        'INVALID_DATE',
        `Tanggal "${on}" tidak sah: gunakan TTTT-BB-HH.`,
        `The date "${on}" is not valid: use YYYY-MM-DD.`,
      ),
    );
  }
  return on;
}

/** Whether the actor reads the Pemda's data as a whole, as `pemdaScope` filters it in SQL. */
function readsPemda(actor: Actor, pemdaCode: string): boolean {
  const readable = readablePemdas(actor);
  switch (readable.kind) {
    case 'all':
      return true;
    case 'province':
      return pemdaCode === readable.provinceCode || pemdaCode.startsWith(`${readable.provinceCode}.`);
    case 'list':
      return readable.codes.includes(pemdaCode);
    case 'none':
      return false;
  }
}

export function createMatchingService(db: Database, now: () => Date = () => new Date()) {
  async function findPemdaSummary(pemdaCode: string) {
    const [pemda] = await listPemda(db, { sql: (ref, n) => `${ref} = $${n}`, params: [pemdaCode] });
    if (!pemda) throw notFound(pemdaNotOnboarded(pemdaCode));
    return pemda;
  }

  /** A caller who may not read the Pemda learns nothing of it; one who reads but may not act is told so. */
  function refusal(actor: Actor, pemdaCode: string): AppError {
    return readsPemda(actor, pemdaCode) ? forbidden() : notFound(pemdaNotOnboarded(pemdaCode));
  }

  async function programmesToMatch(q: Queryable, pemdaCode: string, key: string | undefined) {
    const rows = await matchableProgrammes(q, pemdaCode, key);
    if (key !== undefined) {
      const row = rows[0];
      if (!row) throw programmeNotFound(key);
      if (row.kind !== 'asn_policy' && row.kind !== 'csr') {
        throw invalid(
          problem(
            'MATCH_PROGRAMME_KIND',
            `Program "${row.name}" tidak dicocokkan: hanya program kebijakan ASN dan CSR yang punya sponsor yang kekurangan pekerja.`,
            `Programme "${row.name}" is not matched: only ASN-policy and CSR programmes have sponsors short of workers.`,
          ),
        );
      }
    }
    return rows.filter(
      (row): row is MatchableProgramme =>
        (row.kind === 'asn_policy' || row.kind === 'csr') && (key !== undefined || row.active),
    );
  }

  /** The ASN short of workers under an ASN-policy programme, with how many each may still take. */
  async function asnSponsors(
    q: Queryable,
    programme: MatchableProgramme,
    pemdaCode: string,
    on: IsoDate,
    fill: MatchFill,
  ) {
    const terms = await programmeTermsOn(q, programme.id, on);
    if (terms.policy === null) return { note: NOTES.noPolicy(on), areaCode: terms.areaCode, sponsors: [] };
    const { min, max } = terms.policy.perSponsor;
    const compliance = await computeCompliance(q, { programmeId: programme.id, on });
    const places = new Map((await asnPlaces(q, pemdaCode)).map((place) => [place.nip, place]));
    const sponsors: (MatchSponsor & { nip: string; name: string; recordId: number | null })[] = [];
    for (const row of compliance) {
      const place = places.get(row.nip);
      if (!place?.sponsorActive) continue;
      const { status, short } = row.obligation;
      const remaining =
        fill === 'min' ? short : status === 'short' || status === 'met' ? (max ?? min) - row.held : 0;
      if (remaining <= 0) continue;
      sponsors.push({
        sponsorId: `asn:${row.nip}`,
        villageCode: place.villageCode,
        remaining,
        nip: row.nip,
        name: place.name,
        recordId: place.sponsorId,
      });
    }
    return { note: null, areaCode: terms.areaCode, sponsors };
  }

  /** A CSR order's company, with the workers its target still lacks. */
  async function csrSponsor(q: Queryable, programme: MatchableProgramme, pemdaCode: string, on: IsoDate) {
    const none = (note: Message) => ({ note, sponsor: null });
    if (programme.sponsorId === null) return none(NOTES.noSponsor);
    if (programme.targetWorkers === null) return none(NOTES.noTarget);
    const sponsor = await sponsorPlace(q, programme.sponsorId);
    if (!sponsor?.active) return none(NOTES.sponsorInactive);
    const remaining = programme.targetWorkers - (await heldInProgramme(q, programme.id, on));
    return {
      note: null,
      sponsor: {
        sponsorId: `sponsor:${sponsor.id}`,
        // A company matches from the area it chose, else the programme's, else the whole Pemda.
        villageCode: sponsor.areaCode ?? programme.areaCode ?? pemdaCode,
        remaining,
        name: sponsor.name,
        recordId: sponsor.id,
      },
    };
  }

  async function plan(
    q: Queryable,
    pemda: { code: string; level: 'province' | 'regency' },
    options: { programme?: string | undefined; on: IsoDate; fill: MatchFill },
  ): Promise<Plan> {
    const { on, fill } = options;
    const programmes = await programmesToMatch(q, pemda.code, options.programme);
    const programmeIds = programmes.map((programme) => programme.id);
    const offered = await openlyProposedNiks(q, pemda.code, programmeIds);
    const pool = (await poolWorkers(q, { pemdaCode: pemda.code, on, ordered: false })).filter(
      (worker) => !offered.has(worker.nik),
    );
    const names = await pemdaRegionNames(q, pemda.code);
    const declined = await declinedProposals(q, programmeIds);
    const widest: MatchLevel = pemda.level === 'province' ? 'province' : 'regency';
    const byNik = new Map(pool.map((worker) => [worker.nik, worker]));
    const taken = new Set<string>();
    const planned: Planned[] = [];
    const summaries: ProgrammeMatch[] = [];
    let sponsorsWithoutVillage = 0;

    for (const programme of programmes) {
      let note: Message | null = null;
      let areaCode: string | null = programme.areaCode;
      let sponsors: (MatchSponsor & { name: string; nip?: string; recordId: number | null })[] = [];
      if (!programme.active) note = NOTES.inactive;
      else if (programme.kind === 'asn_policy') {
        ({ note, areaCode, sponsors } = await asnSponsors(q, programme, pemda.code, on, fill));
        sponsorsWithoutVillage += sponsors.filter((sponsor) => sponsor.villageCode === null).length;
      } else {
        const csr = await csrSponsor(q, programme, pemda.code, on);
        note = csr.note;
        if (csr.sponsor && csr.sponsor.remaining > 0) sponsors = [csr.sponsor];
      }
      const bySponsor = new Map(sponsors.map((sponsor) => [sponsor.sponsorId, sponsor]));
      const declinedHere = new Map<string, Set<string>>();
      for (const row of declined) {
        if (row.programmeId !== programme.id) continue;
        const key = row.sponsorKind === 'asn' ? `asn:${row.nip}` : `sponsor:${row.sponsorId}`;
        declinedHere.set(key, (declinedHere.get(key) ?? new Set()).add(row.nik));
      }
      const available = pool.filter(
        (worker) => !taken.has(worker.nik) && inside(worker.villageCode, areaCode),
      );
      const proposals: MatchProposal[] =
        sponsors.length === 0
          ? []
          : matchPool(available, sponsors, {
              widest,
              regionName: (code) => names.get(code),
              declined: declinedHere,
            });
      for (const proposal of proposals) {
        const sponsor = bySponsor.get(proposal.sponsorId)!;
        const worker = byNik.get(proposal.nik)!;
        taken.add(proposal.nik);
        planned.push({
          programme: programme.key,
          programmeId: programme.id,
          sponsor:
            sponsor.nip === undefined
              ? { kind: 'organisation', name: sponsor.name }
              : { kind: 'asn', nip: sponsor.nip, name: sponsor.name },
          sponsorId: sponsor.recordId,
          nik: worker.nik,
          name: worker.name,
          villageCode: worker.villageCode,
          level: proposal.level,
          reason: proposal.reason,
        });
      }
      summaries.push({
        key: programme.key,
        name: programme.name,
        kind: programme.kind,
        sponsors: sponsors.length,
        quota: sponsors.reduce((sum, sponsor) => sum + sponsor.remaining, 0),
        proposals: proposals.length,
        byLevel: countLevels(proposals),
        note,
      });
    }
    return {
      summary: {
        pemda: pemda.code,
        on,
        fill,
        widest,
        pool: pool.length,
        sponsors: summaries.reduce((sum, programme) => sum + programme.sponsors, 0),
        quota: summaries.reduce((sum, programme) => sum + programme.quota, 0),
        proposals: planned.length,
        byLevel: countLevels(planned),
        sponsorsWithoutVillage,
        programmes: summaries,
      },
      proposals: planned,
    };
  }

  async function save(
    pemda: { code: string; level: 'province' | 'regency' },
    options: { programme?: string | undefined; on: IsoDate; fill: MatchFill },
    caller: Caller,
    started: number,
  ): Promise<MatchResult> {
    return db.transaction(async (tx) => {
      await lockPemdaMatching(tx, pemda.code);
      const requested = options.programme
        ? (await matchableProgrammes(tx, pemda.code, options.programme))[0]
        : undefined;
      // The rerun replaces what is still open for the same programmes; decided proposals stay.
      const rerun = (await programmesToMatch(tx, pemda.code, options.programme)).map(
        (programme) => programme.id,
      );
      const withdrawn = await withdrawOpenProposals(tx, pemda.code, rerun, WITHDRAWN_BY_RERUN);
      const { summary, proposals } = await plan(tx, pemda, options);
      const newAsn = [
        ...new Set(
          proposals.flatMap((p) => (p.sponsorId === null && p.sponsor.kind === 'asn' ? [p.sponsor.nip] : [])),
        ),
      ];
      const { ids: sponsorIds } = await ensureAsnSponsors(tx, pemda.code, newAsn);
      const runId = await insertRun(tx, {
        pemdaCode: pemda.code,
        programmeId: requested?.id ?? null,
        on: options.on,
        fill: options.fill,
        parameters: {
          programmes: summary.programmes.map((programme) => programme.key),
          widest: summary.widest,
          sponsorsWithoutVillage: summary.sponsorsWithoutVillage,
        },
        pool: summary.pool,
        sponsors: summary.sponsors,
        quota: summary.quota,
        proposals: summary.proposals,
        byLevel: summary.byLevel,
        withdrawn,
        durationMs: 0,
        createdBy: caller.actor?.userId ?? null,
      });
      await insertProposals(
        tx,
        runId,
        pemda.code,
        proposals.map((p) => ({
          programmeId: p.programmeId,
          sponsorId: p.sponsorId ?? sponsorIds.get((p.sponsor as { nip: string }).nip)!,
          nik: p.nik,
          level: p.level,
          reason: p.reason,
        })),
      );
      const durationMs = Math.round(performance.now() - started);
      await setRunDuration(tx, runId, durationMs);
      await recordAudit(tx, {
        actor: caller.actor,
        action: 'match.run',
        entityType: 'match_run',
        entityId: String(runId),
        pemdaCode: pemda.code,
        ip: caller.ip ?? null,
        details: {
          on: options.on,
          fill: options.fill,
          programmes: summary.programmes.map((programme) => programme.key),
          proposals: summary.proposals,
          withdrawn,
        },
      });
      return {
        summary: { ...summary, run: { id: runId, withdrawn, durationMs } },
        proposals: proposals.map(natural),
      };
    });
  }

  function mayDecide(actor: Actor | null, proposal: LockedProposal): boolean {
    if (actor === null) return true;
    if (actor.role === 'pemda_admin') return actor.pemdaCode === proposal.pemdaCode;
    if (actor.role === 'asn') return proposal.sponsorKind === 'asn' && proposal.sponsorNip === actor.nip;
    return false;
  }

  /**
   * Accepts the open proposals among `locked`: each becomes a `proposed` sponsorship, or is refused
   * with its own problem (worker no longer eligible, taken meanwhile, the sponsor at the policy's
   * maximum) while the rest go through.
   */
  async function accept(
    tx: Queryable,
    locked: readonly LockedProposal[],
    caller: Caller,
  ): Promise<DecisionOutcome[]> {
    const outcomes = new Map<number, DecisionOutcome>();
    const refuse = (id: number, reason: Problem) =>
      outcomes.set(id, { id, outcome: 'refused', sponsorshipId: null, problem: reason });
    const open = locked.filter((proposal) => {
      if (proposal.status === 'open') return true;
      refuse(proposal.id, alreadyDecided(proposal.status));
      return false;
    });
    const workers = await workersForEligibility(
      tx,
      open.map((proposal) => proposal.nik),
    );
    const wanted: { proposal: LockedProposal; row: NewSponsorship }[] = [];
    const byProgramme = groupBy(open, (proposal) => proposal.programmeId);
    for (const [programmeId, proposals] of byProgramme) {
      // The sponsorship engineer's one rule: this month, or the next once this month is billed.
      const firstMonth = await nextUnbilledMonth(tx, { pemdaCode: proposals[0]!.pemdaCode }, now());
      const firstDay = `${firstMonth}-01`;
      const terms = await programmeTermsOn(tx, programmeId, firstDay);
      const max = terms.policy?.perSponsor.max ?? null;
      const held =
        max === null
          ? new Map<number, number>()
          : await heldBySponsors(
              tx,
              programmeId,
              proposals.map((proposal) => proposal.sponsorId),
              firstDay,
            );
      for (const proposal of proposals) {
        const worker = workers.get(proposal.nik)!;
        const problems = checkEligibility(worker, { areaCode: terms.areaCode }, firstDay);
        if (problems.length > 0) {
          refuse(proposal.id, problems[0]!);
          continue;
        }
        const count = held.get(proposal.sponsorId) ?? 0;
        if (max !== null && proposal.sponsorKind === 'asn' && count >= max) {
          refuse(proposal.id, maxReached(max));
          continue;
        }
        held.set(proposal.sponsorId, count + 1);
        wanted.push({
          proposal,
          row: {
            pemdaCode: proposal.pemdaCode,
            programmeId,
            sponsorId: proposal.sponsorId,
            nik: proposal.nik,
            relationship: proposal.level === 'village' ? 'neighbour' : 'other',
            programmes: terms.programmes,
            declaredIncome: terms.declaredIncome,
            firstMonth,
            status: 'proposed',
          },
        });
      }
    }
    for (const [runId, group] of groupBy(wanted, (entry) => entry.proposal.runId)) {
      const origin = { userId: caller.actor?.userId ?? null, source: `match:${runId}` };
      const rows = group.map((entry) => entry.row);
      await tx.query('SAVEPOINT match_accept');
      let result: Awaited<ReturnType<typeof insertSponsorships>>;
      try {
        result = await insertSponsorships(tx, rows, origin);
      } catch (error) {
        if (!isOnePayerViolation(error)) throw error;
        // Another transaction took a month between the check and the insert: once it has
        // committed, the same statement sees it and leaves that worker out.
        await tx.query('ROLLBACK TO SAVEPOINT match_accept');
        result = await insertSponsorships(tx, rows, origin);
      }
      const created = new Map(result.inserted.map((row) => [row.nik, row.id]));
      const accepted: { id: number; sponsorshipId: number }[] = [];
      for (const { proposal, row } of group) {
        const sponsorshipId = created.get(proposal.nik);
        if (sponsorshipId === undefined) refuse(proposal.id, alreadyCovered(proposal.nik, row.firstMonth));
        else {
          accepted.push({ id: proposal.id, sponsorshipId });
          outcomes.set(proposal.id, { id: proposal.id, outcome: 'accepted', sponsorshipId, problem: null });
        }
      }
      await markAccepted(tx, accepted, caller.actor?.userId ?? null);
    }
    return locked.map((proposal) => outcomes.get(proposal.id)!);
  }

  async function auditDecisions(
    tx: Queryable,
    outcomes: readonly DecisionOutcome[],
    locked: readonly LockedProposal[],
    caller: Caller,
  ) {
    const byId = new Map(locked.map((proposal) => [proposal.id, proposal]));
    for (const [pemdaCode, group] of groupBy(
      outcomes.filter((outcome) => outcome.outcome !== 'refused'),
      (outcome) => byId.get(outcome.id)!.pemdaCode,
    )) {
      for (const [outcome, decided] of groupBy(group, (entry) => entry.outcome)) {
        await recordAudit(tx, {
          actor: caller.actor,
          action: outcome === 'accepted' ? 'match.accept' : 'match.reject',
          entityType: 'match_proposal',
          entityId: decided.length === 1 ? String(decided[0]!.id) : undefined,
          pemdaCode,
          ip: caller.ip ?? null,
          details: {
            proposals: decided.map((entry) => entry.id),
            sponsorships: decided.flatMap((entry) =>
              entry.sponsorshipId === null ? [] : [entry.sponsorshipId],
            ),
          },
        });
      }
    }
  }

  /** One proposal decided by its sponsor or the Pemda's admin; a refusal is the error. */
  async function decideOne(id: number, decision: 'accept' | 'reject', reason: string | null, caller: Caller) {
    const outcome = await db.transaction(async (tx) => {
      const [proposal] = await lockProposals(tx, [id]);
      if (!proposal) throw proposalNotFound(id);
      if (!mayDecide(caller.actor, proposal)) {
        const actor = caller.actor!;
        throw readsPemda(actor, proposal.pemdaCode) ? forbidden() : proposalNotFound(id);
      }
      let outcomes: DecisionOutcome[];
      if (decision === 'accept') outcomes = await accept(tx, [proposal], caller);
      else if (proposal.status !== 'open') {
        outcomes = [
          { id, outcome: 'refused', sponsorshipId: null, problem: alreadyDecided(proposal.status) },
        ];
      } else {
        await markRejected(tx, [id], caller.actor?.userId ?? null, reason);
        outcomes = [{ id, outcome: 'rejected', sponsorshipId: null, problem: null }];
      }
      await auditDecisions(tx, outcomes, [proposal], caller);
      return outcomes[0]!;
    });
    if (outcome.problem) {
      throw new AppError(
        outcome.problem.code.startsWith('ELIGIBILITY_') ? 'invalid' : 'conflict',
        outcome.problem,
      );
    }
    return outcome;
  }

  /** Full NIKs for those who may see them, and every response that carries one logged. */
  async function present(rows: ProposalRow[], caller: Caller, route: string): Promise<Proposal[]> {
    const full = caller.actor === null || seesFullNik(caller.actor);
    if (full && caller.actor && rows.length > 0) {
      await db.transaction(async (tx) => {
        for (const [pemdaCode, group] of groupBy(rows, (row) => row.pemdaCode)) {
          const niks = group.map((row) => row.worker.nik);
          await recordAudit(tx, {
            actor: caller.actor,
            action: 'worker.read_nik',
            entityType: 'worker',
            entityId: niks.length === 1 ? niks[0]! : undefined,
            pemdaCode,
            ip: caller.ip ?? null,
            details: { route, niks },
          });
        }
      });
    }
    return rows.map(({ pemdaCode: _pemda, ...row }) => ({
      ...row,
      worker: { ...row.worker, nik: full ? row.worker.nik : maskNik(row.worker.nik), nikMasked: !full },
    }));
  }

  async function readableRun(id: number, caller: Caller): Promise<MatchRun> {
    const scope = caller.actor ? pemdaScope(caller.actor) : { sql: () => 'true', params: [] };
    const run = await findRun(db, id, scope);
    if (!run) throw runNotFound(id);
    return run;
  }

  return {
    /** Plans the matching of a Pemda on a day; with `save`, stores the proposals as a run. */
    async match(pemdaCode: string, options: MatchOptions, caller: Caller): Promise<MatchResult> {
      const started = performance.now();
      if (caller.actor && !mayAdministerPemda(caller.actor, pemdaCode))
        throw refusal(caller.actor, pemdaCode);
      const pemda = await findPemdaSummary(pemdaCode);
      const on = options.on === undefined ? todayInPemda(pemda.code, now()) : checkDate(options.on);
      const settings = { programme: options.programme, on, fill: options.fill };
      if (options.save) return save(pemda, settings, caller, started);
      const { summary, proposals } = await plan(db, pemda, settings);
      return { summary: { ...summary, run: null }, proposals: proposals.map(natural) };
    },

    async listRuns(pemdaCode: string, caller: Caller): Promise<MatchRun[]> {
      if (caller.actor && !readsPemda(caller.actor, pemdaCode)) throw notFound(pemdaNotOnboarded(pemdaCode));
      await findPemdaSummary(pemdaCode);
      return listRuns(db, pemdaCode, 20);
    },

    getRun: readableRun,

    async listProposals(runId: number, query: ProposalQuery, caller: Caller) {
      await readableRun(runId, caller);
      const { items, total } = await listProposals(db, { ...query, runId }, query);
      return {
        items: await present(items, caller, 'match-runs.proposals'),
        page: query.page,
        pageSize: query.pageSize,
        total,
      };
    },

    /** The proposals made to the signed-in ASN. */
    async myProposals(query: { status: ProposalStatus; page: number; pageSize: number }, caller: Caller) {
      const actor = caller.actor;
      if (actor?.role !== 'asn') throw forbidden();
      const { items, total } = await listProposals(
        db,
        { status: query.status, sponsorNip: actor.nip },
        query,
      );
      return {
        items: await present(items, caller, 'me.match-proposals'),
        page: query.page,
        pageSize: query.pageSize,
        total,
      };
    },

    accept: (id: number, caller: Caller) => decideOne(id, 'accept', null, caller),
    reject: (id: number, reason: string | null, caller: Caller) => decideOne(id, 'reject', reason, caller),

    /** An admin accepts the run's proposals named by `ids`, or every open one; each is decided alone. */
    async acceptRun(
      runId: number,
      ids: readonly number[] | undefined,
      caller: Caller,
    ): Promise<DecisionOutcome[]> {
      const run = await readableRun(runId, caller);
      if (caller.actor && !mayAdministerPemda(caller.actor, run.pemdaCode)) throw forbidden();
      return db.transaction(async (tx) => {
        const locked = ids ? await lockProposals(tx, ids) : await lockOpenProposalsOfRun(tx, runId);
        const ofRun = locked.filter((proposal) => proposal.runId === runId);
        const found = new Set(ofRun.map((proposal) => proposal.id));
        const outcomes = await accept(tx, ofRun, caller);
        await auditDecisions(tx, outcomes, ofRun, caller);
        const missing = (ids ?? [])
          .filter((id) => !found.has(id))
          .map(
            (id): DecisionOutcome => ({
              id,
              outcome: 'refused',
              sponsorshipId: null,
              problem: proposalNotFound(id).problem,
            }),
          );
        return [...outcomes, ...missing];
      });
    },
  };
}

export type MatchingService = ReturnType<typeof createMatchingService>;
