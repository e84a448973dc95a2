import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { PassThrough, type Readable } from 'node:stream';
import type { Actor } from '../../core/access.ts';
import { type IsoDate, todayInWib } from '../../core/calendar.ts';
import { ContributionError, contributionOptionsAt, priceMonth } from '../../core/contributions/engine.ts';
import {
  type FundingSource,
  type Programme,
  SECTORS,
  type Sector,
} from '../../core/contributions/schedules.ts';
import { checkEligibility } from '../../core/eligibility.ts';
import { maskNik, parseNik } from '../../core/identifiers/nik.ts';
import { type Language, type Problem, problem } from '../../core/message.ts';
import { addMonths, type Period, periodIndex, periodRange } from '../../core/period.ts';
import { parseRegionCode } from '../../core/regions.ts';
import { IssueList, optionalText, parseVillage, type RowIssue } from '../../core/registry/row.ts';
import { SPONSORSHIP_STATUSES, type SponsorshipStatus } from '../../core/sponsorship-lifecycle.ts';
import type { Database, Queryable } from '../../db/database.ts';
import { AppError, invalid, notFound } from '../../errors.ts';
import { forbidden, mayAdministerPemda, seesFullNik } from '../../platform/access/policy.ts';
import { recordAudit } from '../../platform/audit.ts';
import { numberCellIssues, openImportFile } from '../../platform/files/import-file.ts';
import {
  type ErrorFileFormat,
  errorFileFormatOf,
  type IssuePages,
  streamIssueFile,
} from '../../platform/files/issue-file.ts';
import { issuePage } from '../../platform/files/issues.ts';
import { requireOnboardedPemda } from '../../platform/pemda.ts';
import { pemdaVillageCodes } from '../imports/import-queries.ts';
import { findPemda } from '../pemda/pemda-queries.ts';
import { lockProgramme } from '../programmes/programme-queries.ts';
import { todayInPemda } from '../programmes/programme-service.ts';
import {
  insertSponsorships,
  isOnePayerViolation,
  type NewSponsorship,
  poolWorkers,
} from '../sponsorship/index.ts';
import {
  type BuildIssue,
  type BuildRow,
  cohortScope,
  countMembers,
  EVERYTHING,
  ensureApbdSponsor,
  ensureIndividualSponsor,
  ensureOrganisationSponsor,
  ensureProgramme,
  factsOfNiks,
  findBuild,
  findCohortProgramme,
  insertBuild,
  insertIssues,
  insertWorkers,
  linkWorkers,
  listBuilds,
  listCohorts,
  type MemberRow,
  memberMonths,
  monthlyPriceGroups,
  type NewWorkers,
  type ProgrammeRecord,
  searchMembers,
  searchSponsors,
  setTargetWorkers,
  sponsorProgrammes,
  sponsorScope,
  statusCounts,
} from './cohort-queries.ts';
import type {
  BuildRecord,
  BuildSummary,
  CohortCost,
  CohortDetail,
  CohortFileTerms,
  CohortKind,
  CohortListQuery,
  CohortQueryBody,
  CohortRef,
  CohortSummary,
  CsrBody,
  DonorBody,
  MemberQuery,
  MemberRecord,
  SponsorDetail,
  SponsorListQuery,
  SponsorRecord,
} from './cohort-types.ts';

/**
 * APBD cohorts, CSR orders and individual donors (issue 4, item 6). Each is a programme with one
 * sponsor, filled by builds: from the pool (`poolWorkers`, the neediest first), from an imported
 * list of NIKs, or from NIKs a donor names. A build adds its members in one set-based statement
 * (`insertSponsorships`) inside one transaction with its record, its issues and the audit entry;
 * whoever another sponsorship already holds is reported, not a failure; running the same build
 * again adds nothing. The cost of a programme is the contribution engine's price of each distinct
 * (month, contribution, funding, sector) once, times the members SQL counts for it.
 */

export interface Caller {
  /** None when the system acts (the CLI on the server). */
  actor: Actor | null;
  ip?: string | null;
}

export interface CohortServiceOptions {
  /** The largest file an import takes (ASUH_IMPORT_MAX_BYTES). */
  maxBytes: number;
  now?: () => Date;
}

/** The columns of a cohort file, in file order; `nama` and `kode_desa` only for people not yet registered. */
export const COHORT_COLUMNS = ['nik', 'nama', 'kode_desa'] as const;

/** The contribution cohorts, CSR and donors buy: the BPU minimum, JKK + JKM. */
const COHORT_PROGRAMMES: readonly Programme[] = ['jkk', 'jkm'];
const SHOWN_ISSUES = 100;
const RECENT_BUILDS = 20;
const BUILD_ATTEMPTS = 3;

const FUNDING_OF: Record<CohortKind, FundingSource> = {
  apbd_cohort: 'apbd',
  csr: 'csr',
  donor: 'individual',
};

const cohortNotFound = () =>
  notFound(
    problem(
      'COHORT_NOT_FOUND',
      'Kohort, program CSR atau donatur tersebut tidak ditemukan.',
      'There is no such cohort, CSR or donor programme.',
    ),
  );

const sponsorNotFound = () =>
  notFound(problem('SPONSOR_NOT_FOUND', 'Sponsor tersebut tidak ditemukan.', 'There is no such sponsor.'));

const buildNotFound = () =>
  notFound(
    problem(
      'COHORT_BUILD_NOT_FOUND',
      'Pembentukan kohort tersebut tidak ada.',
      'There is no such cohort build.',
    ),
  );

/** `Petani Tembakau APBD 2024` → `petani-tembakau-apbd-2024`: a programme key from its name. */
export function keyFromName(name: string): string {
  const key = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/, '');
  if (key.length < 2) {
    throw invalid(
      problem(
        'COHORT_KEY',
        `Nama "${name}" tidak menghasilkan kunci program; sebutkan kunci (key), mis. petani-tembakau-2024.`,
        `The name "${name}" yields no programme key; give a key, e.g. petani-tembakau-2024.`,
      ),
    );
  }
  return key;
}

/** The narrowest region holding every code: `35.02.01` and `35.02.05` share `35.02`. */
export function commonArea(codes: readonly string[]): string {
  const split = codes.map((code) => code.split('.'));
  const shared: string[] = [];
  for (let index = 0; split.every((parts) => index < parts.length); index += 1) {
    const part = split[0]![index]!;
    if (!split.every((parts) => parts[index] === part)) break;
    shared.push(part);
  }
  return shared.join('.');
}

/** Engine sectors the registry's free-text sector can name; anything else prices as no sector. */
function engineSector(sector: string | null): Sector | undefined {
  return (SECTORS as readonly string[]).includes(sector ?? '') ? (sector as Sector) : undefined;
}

function orInvalid<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof ContributionError) throw invalid(error.problem);
    throw error;
  }
}

const monthDate = (period: Period) => `${period}-01`;

/** The months a build pays for: from its first month, `months` of them. */
interface Months {
  from: Period;
  months: number;
  /** First days of the first month and of the month after the last. */
  first: IsoDate;
  end: IsoDate;
  endPeriod: Period;
}

function monthsOf(from: Period, months: number): Months {
  const endPeriod = addMonths(from, months);
  return { from, months, first: monthDate(from), end: monthDate(endPeriod), endPeriod };
}

/** An APBD pays for months of its own year: from a month of the budget year, to December at the latest. */
function budgetMonths(from: string, budgetYear: number, months: number | undefined): Months {
  const start = from as Period;
  const year = Number(from.slice(0, 4));
  if (year !== budgetYear) {
    throw invalid(
      problem(
        'COHORT_FROM_OUTSIDE_YEAR',
        `Bulan pertama ${from} tidak berada dalam tahun anggaran ${budgetYear}.`,
        `The first month ${from} is not in the budget year ${budgetYear}.`,
      ),
    );
  }
  const left = 12 - (periodIndex(start) - periodIndex(`${budgetYear}-01` as Period));
  const count = months ?? left;
  if (count > left) {
    throw invalid(
      problem(
        'COHORT_MONTHS_PAST_YEAR',
        `${count} bulan dari ${from} melewati Desember ${budgetYear}; APBD ${budgetYear} membayar paling banyak ${left} bulan dari ${from}.`,
        `${count} months from ${from} run past December ${budgetYear}; the ${budgetYear} APBD pays at most ${left} months from ${from}.`,
      ),
    );
  }
  return monthsOf(start, count);
}

/** A district or village of the Pemda; `districtsOnly` for a CSR's or donor's chosen districts. */
function checkAreas(pemdaCode: string, codes: readonly string[], districtsOnly: boolean): string[] {
  const unique = [...new Set(codes.map((code) => code.trim()))];
  for (const code of unique) {
    const parsed = parseRegionCode(code);
    if (!parsed.ok) throw invalid(parsed.problem);
    const level = parsed.region.level;
    const allowed = districtsOnly ? level === 'district' : level === 'district' || level === 'village';
    if (!allowed || !code.startsWith(`${pemdaCode}.`)) {
      throw invalid(
        problem(
          'COHORT_AREA',
          districtsOnly
            ? `${code} bukan kecamatan di Pemda ${pemdaCode}; sebutkan kode kecamatan seperti ${pemdaCode}.01.`
            : `${code} bukan kecamatan atau desa di Pemda ${pemdaCode}; sebutkan kode seperti ${pemdaCode}.01.`,
          districtsOnly
            ? `${code} is not a district of Pemda ${pemdaCode}; give a district code such as ${pemdaCode}.01.`
            : `${code} is not a district or village of Pemda ${pemdaCode}; give a code such as ${pemdaCode}.01.`,
        ),
      );
    }
  }
  return unique;
}

/** The lowest declared income in force in the first month: what cohorts pay on. */
function lowestIncome(from: Period): number {
  const brackets = orInvalid(() => contributionOptionsAt(from)).brackets;
  return brackets[0]!;
}

function issueOf(
  row: number,
  issue: Pick<RowIssue, 'column' | 'value' | 'severity'> & { problem: Problem },
): BuildIssue {
  return {
    row_number: row,
    column_name: issue.column,
    value: issue.value,
    severity: issue.severity,
    code: issue.problem.code,
    message_id: issue.problem.message.id,
    message_en: issue.problem.message.en,
  };
}

const alreadyCovered = (months: Months) =>
  problem(
    'ALREADY_COVERED',
    `Pekerja sudah ditanggung sponsorship lain untuk sebagian bulan ${months.from} s.d. ${addMonths(months.endPeriod, -1)}; tidak ditambahkan.`,
    `The worker is already covered by another sponsorship for some of the months ${months.from} to ${addMonths(months.endPeriod, -1)}; not added.`,
  );

const notInRegistry = () =>
  problem(
    'NOT_IN_REGISTRY',
    'NIK ini belum ada di registri pekerja; isi nama dan kode_desa agar pekerja didaftarkan.',
    'This NIK is not in the worker registry; fill in nama and kode_desa to register the worker.',
  );

const transferRequired = () =>
  problem(
    'WORKER_TRANSFER_REQUIRED',
    'NIK ini tidak dapat didaftarkan sebagai pekerja baru di Pemda Anda; ajukan permintaan pindah pekerja (POST /api/v1/worker-transfers).',
    'This NIK cannot be registered as a new worker in your Pemda; ask for a worker transfer (POST /api/v1/worker-transfers).',
  );

const duplicateInFile = (firstRow: number) =>
  problem(
    'DUPLICATE_IN_FILE',
    `NIK ini sudah ada di baris ${firstRow}; hanya baris pertama yang dipakai.`,
    `This NIK already appears in row ${firstRow}; only the first row is used.`,
  );

/** One NIK to judge: from a file row (with what it says of a new person) or named by a donor. */
interface Candidate {
  row: number;
  nik: string;
  name: string | null;
  villageCode: string | null;
  /** Decoded from the NIK, for a person the registry does not hold yet. */
  birthDate: IsoDate;
  sex: 'male' | 'female';
}

/** What a build did, its first issues in both languages (the answer picks one: `summaryIn`). */
export type BuildResult = Omit<BuildSummary, 'issues'> & { issueRecords: BuildIssue[] };

/** What one build does inside its transaction, before it is recorded. */
interface BuildOutcome {
  read: number;
  added: number;
  alreadyMember: number;
  alreadyCovered: number;
  rejected: number;
  newWorkers: number;
  issues: BuildIssue[];
}

interface BuildPlan {
  kind: CohortKind;
  pemdaCode: string;
  key: string;
  name: string;
  areaCode: string;
  budget: number | null;
  budgetYear: number | null;
  targetWorkers: number | null;
  months: Months;
  source: 'query' | 'file' | 'named';
  criteria: Record<string, unknown>;
  file?: { name: string; sha256: string };
  /** The sponsor, found or made in the build's transaction. */
  sponsor(tx: Queryable): Promise<number>;
  /** Adds the members, given the programme (locked) and where its events come from. */
  fill(
    tx: Queryable,
    programme: ProgrammeRecord,
    origin: { userId: number | null; source: string },
  ): Promise<BuildOutcome>;
}

export function createCohortService(db: Database, options: CohortServiceOptions) {
  const now = options.now ?? (() => new Date());

  function assertMayAdminister(caller: Caller, pemdaCode: string): void {
    if (caller.actor && !mayAdministerPemda(caller.actor, pemdaCode)) throw forbidden();
  }

  const scopeOf = (caller: Caller) => (caller.actor ? cohortScope(caller.actor) : EVERYTHING);

  function sponsorshipRows(
    programme: ProgrammeRecord,
    sponsorId: number,
    niks: readonly string[],
    months: Months,
  ): NewSponsorship[] {
    return niks.map((nik) => ({
      pemdaCode: programme.pemdaCode,
      programmeId: programme.id,
      sponsorId,
      nik,
      // The Pemda, the company or the donor decided: no one checks it again before enrolment.
      relationship: 'other',
      programmes: programme.programmes ?? COHORT_PROGRAMMES,
      declaredIncome: programme.declaredIncome ?? lowestIncome(months.from),
      firstMonth: months.from,
      endMonth: months.endPeriod,
      status: 'verified',
    }));
  }

  /** Picks up to `room` of the neediest eligible pool workers and adds them. */
  async function fillFromPool(
    tx: Queryable,
    programme: ProgrammeRecord,
    origin: { userId: number | null; source: string },
    months: Months,
    pool: {
      areaCodes?: string[];
      occupations?: string[];
      maxDecile?: number | undefined;
      limit: number | null;
    },
  ): Promise<BuildOutcome> {
    const members = await countMembers(tx, programme.id);
    const room = pool.limit === null ? undefined : Math.max(0, pool.limit - members);
    let picks =
      room === 0
        ? []
        : await poolWorkers(tx, {
            pemdaCode: programme.pemdaCode,
            on: months.first,
            ...(pool.areaCodes && pool.areaCodes.length > 0 ? { areaCodes: pool.areaCodes } : {}),
            ...(pool.occupations && pool.occupations.length > 0 ? { occupations: pool.occupations } : {}),
            ...(room === undefined ? {} : { limit: room }),
          });
    // The pool is ordered by decile first, so the first `room` hold every worker at or below it.
    if (pool.maxDecile !== undefined) {
      const max = pool.maxDecile;
      picks = picks.filter((worker) => worker.welfareDecile !== null && worker.welfareDecile <= max);
    }
    const niks = picks.map((worker) => worker.nik);
    const result = await insertSponsorships(
      tx,
      sponsorshipRows(programme, programme.sponsorId!, niks, months),
      origin,
    );
    const rank = new Map(niks.map((nik, index) => [nik, index + 1]));
    const covered = alreadyCovered(months);
    return {
      read: picks.length,
      added: result.inserted.length,
      alreadyMember: 0,
      alreadyCovered: result.alreadyCovered.length,
      rejected: 0,
      newWorkers: 0,
      issues: result.alreadyCovered.map((nik) =>
        issueOf(rank.get(nik)!, { column: 'nik', value: nik, severity: 'rejected', problem: covered }),
      ),
    };
  }

  /**
   * Judges NIKs one by one against the registry's rows (fetched in one query) and the core's
   * eligibility rules; registers the new people among the eligible, links them all to the Pemda,
   * and adds them.
   */
  async function fillFromCandidates(
    tx: Queryable,
    programme: ProgrammeRecord,
    origin: { userId: number | null; source: string },
    months: Months,
    candidates: readonly Candidate[],
    issues: BuildIssue[],
    read: number,
  ): Promise<BuildOutcome> {
    const facts = new Map(
      (
        await factsOfNiks(
          tx,
          candidates.map((c) => c.nik),
          programme.pemdaCode,
          programme.id,
          months,
        )
      ).map((fact) => [fact.nik, fact]),
    );
    const area = { areaCode: programme.areaCode };
    const eligible: Candidate[] = [];
    const fresh: NewWorkers = { nik: [], name: [], birthDate: [], sex: [], villageCode: [] };
    let alreadyMember = 0;
    const rejectedRows = new Set(issues.filter((i) => i.severity === 'rejected').map((i) => i.row_number));
    for (const candidate of candidates) {
      const fact = facts.get(candidate.nik)!;
      if (fact.member) {
        alreadyMember += 1;
        continue;
      }
      let problems: Problem[];
      // Another Pemda's worker reads as a NIK registered nowhere; it is asked for, never taken.
      if (fact.inRegistry && fact.linked) {
        problems = checkEligibility(
          {
            birthDate: fact.birthDate!,
            deceasedOn: fact.deceasedOn,
            activeElsewhere: fact.activeElsewhere,
            villageCode: fact.villageCode,
          },
          area,
          months.first,
        );
      } else if (candidate.name && candidate.villageCode && fact.inRegistry) {
        problems = [transferRequired()];
      } else if (candidate.name && candidate.villageCode) {
        problems = checkEligibility(
          { birthDate: candidate.birthDate, villageCode: candidate.villageCode },
          area,
          months.first,
        );
      } else {
        problems = [notInRegistry()];
      }
      if (problems.length > 0) {
        rejectedRows.add(candidate.row);
        for (const found of problems) {
          issues.push(
            issueOf(candidate.row, {
              column: 'nik',
              value: candidate.nik,
              severity: 'rejected',
              problem: found,
            }),
          );
        }
        continue;
      }
      eligible.push(candidate);
      if (!fact.inRegistry) {
        fresh.nik.push(candidate.nik);
        fresh.name.push(candidate.name!);
        fresh.birthDate.push(candidate.birthDate);
        fresh.sex.push(candidate.sex);
        fresh.villageCode.push(candidate.villageCode!);
      }
    }
    const newWorkers = await insertWorkers(tx, fresh);
    const niks = eligible.map((candidate) => candidate.nik);
    await linkWorkers(tx, programme.pemdaCode, niks);
    const result = await insertSponsorships(
      tx,
      sponsorshipRows(programme, programme.sponsorId!, niks, months),
      origin,
    );
    const rowOf = new Map(eligible.map((candidate) => [candidate.nik, candidate.row]));
    const covered = alreadyCovered(months);
    for (const nik of result.alreadyCovered) {
      rejectedRows.add(rowOf.get(nik)!);
      issues.push(
        issueOf(rowOf.get(nik)!, { column: 'nik', value: nik, severity: 'rejected', problem: covered }),
      );
    }
    return {
      read,
      added: result.inserted.length,
      alreadyMember,
      alreadyCovered: result.alreadyCovered.length,
      rejected: rejectedRows.size - result.alreadyCovered.length,
      newWorkers,
      issues,
    };
  }

  /**
   * Runs a build in one transaction, again when a concurrent sponsorship took a month between
   * the check and the insert (the database's exclusion constraint is the judge).
   */
  async function runBuild(plan: BuildPlan, caller: Caller): Promise<BuildResult> {
    const userId = caller.actor?.userId ?? null;
    for (let attempt = 1; ; attempt += 1) {
      try {
        const { buildId, programme, outcome } = await db.transaction(async (tx) => {
          const sponsorId = await plan.sponsor(tx);
          const { programme, created } = await ensureProgramme(tx, {
            pemdaCode: plan.pemdaCode,
            key: plan.key,
            name: plan.name,
            kind: plan.kind,
            programmes: COHORT_PROGRAMMES,
            declaredIncome: lowestIncome(plan.months.from),
            areaCode: plan.areaCode,
            budget: plan.budget,
            budgetYear: plan.budgetYear,
            targetWorkers: plan.targetWorkers,
            sponsorId,
          });
          if (!created) checkSameProgramme(programme, plan, sponsorId);
          await lockProgramme(tx, programme.id);
          if (!created && plan.targetWorkers !== null && plan.targetWorkers !== programme.targetWorkers) {
            await setTargetWorkers(tx, programme.id, plan.targetWorkers);
          }
          const buildId = randomUUID();
          const outcome = await plan.fill(
            tx,
            { ...programme, sponsorId },
            {
              userId,
              source: `${plan.kind === 'apbd_cohort' ? 'cohort' : plan.kind}:${programme.id}`,
            },
          );
          outcome.issues.sort((a, b) => a.row_number - b.row_number);
          await insertBuild(tx, {
            id: buildId,
            programmeId: programme.id,
            pemdaCode: plan.pemdaCode,
            source: plan.source,
            criteria: plan.criteria,
            fileName: plan.file?.name ?? null,
            fileSha256: plan.file?.sha256 ?? null,
            read: outcome.read,
            added: outcome.added,
            alreadyMember: outcome.alreadyMember,
            alreadyCovered: outcome.alreadyCovered,
            rejected: outcome.rejected,
            newWorkers: outcome.newWorkers,
            createdBy: userId,
          });
          await insertIssues(tx, buildId, outcome.issues);
          await recordAudit(tx, {
            actor: caller.actor,
            action: `${plan.kind === 'apbd_cohort' ? 'cohort' : plan.kind}.build`,
            entityType: 'programme',
            entityId: String(programme.id),
            pemdaCode: plan.pemdaCode,
            ip: caller.ip ?? null,
            details: {
              buildId,
              key: plan.key,
              source: plan.source,
              criteria: plan.criteria,
              fileName: plan.file?.name ?? null,
              read: outcome.read,
              added: outcome.added,
              alreadyMember: outcome.alreadyMember,
              alreadyCovered: outcome.alreadyCovered,
              rejected: outcome.rejected,
              newWorkers: outcome.newWorkers,
            },
          });
          return { buildId, programme, outcome };
        });
        return {
          buildId,
          programme: refOf(programme),
          source: plan.source,
          read: outcome.read,
          added: outcome.added,
          alreadyMember: outcome.alreadyMember,
          alreadyCovered: outcome.alreadyCovered,
          rejected: outcome.rejected,
          newWorkers: outcome.newWorkers,
          members: await countMembers(db, programme.id),
          issueRecords: outcome.issues.slice(0, SHOWN_ISSUES),
          errorFileUrls: outcome.issues.length > 0 ? errorFileUrls(buildId) : null,
          cost: await costOf(programme),
        };
      } catch (error) {
        if (attempt < BUILD_ATTEMPTS && isOnePayerViolation(error)) continue;
        throw error;
      }
    }
  }

  function checkSameProgramme(programme: ProgrammeRecord, plan: BuildPlan, sponsorId: number): void {
    const same =
      programme.kind === plan.kind &&
      programme.budget === plan.budget &&
      programme.budgetYear === plan.budgetYear &&
      (programme.sponsorId === null || programme.sponsorId === sponsorId);
    if (same) return;
    throw new AppError(
      'conflict',
      problem(
        'COHORT_KEY_TAKEN',
        `Pemda ${plan.pemdaCode} sudah punya program "${programme.key}" (${programme.name}) dengan jenis, sponsor atau anggaran lain. Pilih nama atau kunci (key) lain, atau ulangi dengan ketentuan yang sama.`,
        `Pemda ${plan.pemdaCode} already has a programme "${programme.key}" (${programme.name}) with another kind, sponsor or budget. Choose another name or key, or repeat it with the same terms.`,
      ),
    );
  }

  /** The cost month by month: the budget year for a cohort, else the months its members are paid for. */
  async function costOf(programme: ProgrammeRecord): Promise<CohortCost> {
    let from: Period;
    let to: Period;
    if (programme.budgetYear !== null) {
      from = `${programme.budgetYear}-01` as Period;
      to = `${programme.budgetYear}-12` as Period;
    } else {
      const span = await memberMonths(db, programme.id);
      from = (span.first ?? currentMonth(programme.pemdaCode)) as Period;
      // An open-ended sponsorship is costed for the year ahead of its first month.
      to = (span.open || span.last === null ? addMonths(from, 11) : span.last) as Period;
    }
    const groups = await monthlyPriceGroups(db, programme.id, monthDate(from), monthDate(to));
    const byMonth = new Map<string, CohortCost['months'][number]>();
    for (const period of periodRange(from, periodIndex(to) - periodIndex(from) + 1)) {
      byMonth.set(period, { period, workers: 0, amount: 0, lines: [] });
    }
    let funding: string | null = null;
    for (const group of groups) {
      const sector = engineSector(group.sector);
      const price = orInvalid(() =>
        priceMonth({
          scheme: 'bpu',
          period: group.period as Period,
          income: group.declaredIncome,
          programmes: group.programmes,
          funding: group.fundingSource as FundingSource,
          ...(sector ? { sector } : {}),
        }),
      );
      funding ??= group.fundingSource;
      const month = byMonth.get(group.period)!;
      month.workers += group.workers;
      month.amount += price.amount * group.workers;
      const line = month.lines.find((l) => l.perWorker === price.amount && l.schedule === price.schedule);
      if (line) line.workers += group.workers;
      else month.lines.push({ workers: group.workers, perWorker: price.amount, schedule: price.schedule });
    }
    const months = [...byMonth.values()];
    const total = months.reduce((sum, month) => sum + month.amount, 0);
    const remaining = programme.budget === null ? null : programme.budget - total;
    return {
      from,
      to,
      fundingSource:
        funding ?? (programme.kind in FUNDING_OF ? FUNDING_OF[programme.kind as CohortKind] : null),
      budget: programme.budget,
      total,
      remaining,
      overrun: remaining !== null && remaining < 0,
      months,
    };
  }

  /** Sponsors of several Pemda are counted in one month: WIB's, where most of them are. */
  const thisMonthWib = () => monthDate(todayInWib(now()).slice(0, 7) as Period);

  function currentMonth(pemdaCode: string): Period {
    return todayInPemda(pemdaCode, now()).slice(0, 7) as Period;
  }

  async function pemdaName(pemdaCode: string): Promise<string> {
    return (await findPemda(db, pemdaCode))?.name ?? pemdaCode;
  }

  async function readableProgramme(id: number, caller: Caller): Promise<ProgrammeRecord> {
    const programme = await findCohortProgramme(db, { id }, scopeOf(caller));
    if (!programme) throw cohortNotFound();
    return programme;
  }

  /** Full NIKs for those who act on identities, every such read logged per Pemda. */
  async function present(rows: MemberRow[], caller: Caller, route: string): Promise<MemberRecord[]> {
    const full = caller.actor === null || seesFullNik(caller.actor);
    if (caller.actor && full && rows.length > 0) {
      const byPemda = new Map<string, string[]>();
      for (const row of rows) byPemda.set(row.pemdaCode, [...(byPemda.get(row.pemdaCode) ?? []), row.nik]);
      await db.transaction(async (tx) => {
        for (const [pemdaCode, niks] of byPemda) {
          await recordAudit(tx, {
            actor: caller.actor,
            action: 'worker.read_nik',
            entityType: 'worker',
            pemdaCode,
            ip: caller.ip ?? null,
            details: { route, niks },
          });
        }
      });
    }
    return rows.map(({ pemdaCode: _pemda, ...row }) => ({
      ...row,
      nik: full ? row.nik : maskNik(row.nik),
      nikMasked: !full,
    }));
  }

  /** Validates a cohort file's rows into NIKs to judge, with the issues of the rows refused. */
  async function readCohortFile(
    path: string,
    pemdaCode: string,
  ): Promise<{ candidates: Candidate[]; issues: BuildIssue[]; read: number; sha256: string }> {
    const villages = new Set(await pemdaVillageCodes(db, pemdaCode));
    const today = todayInPemda(pemdaCode, now());
    const context = { today, pemdaCode, isPemdaVillage: (code: string) => villages.has(code) };
    const file = await openImportFile(path, COHORT_COLUMNS, { maxBytes: options.maxBytes });
    const candidates: Candidate[] = [];
    const issues: BuildIssue[] = [];
    const firstRow = new Map<string, number>();
    let read = 0;
    try {
      for await (const row of file.rows) {
        const { rowNumber, values } = row;
        read += 1;
        const found = new IssueList();
        for (const issue of numberCellIssues(row)) found.warn(issue.column, issue.value, issue);
        const nikText = values.nik ?? '';
        const nik = nikText.trim();
        const decoded = parseNik(nik, { today });
        for (const error of decoded.errors) found.reject('nik', nikText, error);
        for (const warning of decoded.warnings) found.warn('nik', nikText, warning);
        const name = found.take('nama', values.nama ?? '', optionalText(values.nama ?? '', 150));
        const village = (values.kode_desa ?? '').trim();
        const villageCode =
          village === '' ? null : found.take('kode_desa', village, parseVillage(village, context));
        const earlier = firstRow.get(nik);
        if (!found.rejected && earlier !== undefined) found.reject('nik', nikText, duplicateInFile(earlier));
        for (const issue of found.issues) {
          issues.push(
            issueOf(rowNumber, {
              column: issue.column,
              value: issue.value,
              severity: issue.severity,
              problem: { code: issue.code, message: issue.message },
            }),
          );
        }
        if (found.rejected || !decoded.valid) continue;
        firstRow.set(nik, rowNumber);
        candidates.push({
          row: rowNumber,
          nik,
          name: name ?? null,
          villageCode: villageCode ?? null,
          birthDate: decoded.fields.birthDate!,
          sex: decoded.fields.sex!,
        });
      }
      return { candidates, issues, read, sha256: await file.sha256() };
    } finally {
      file.close();
    }
  }

  async function buildRecord(row: BuildRow): Promise<BuildRecord> {
    return {
      buildId: row.buildId,
      programmeId: row.programmeId,
      source: row.source,
      fileName: row.fileName,
      read: row.read,
      added: row.added,
      alreadyMember: row.alreadyMember,
      alreadyCovered: row.alreadyCovered,
      rejected: row.rejected,
      newWorkers: row.newWorkers,
      errorFileUrls: row.issues > 0 ? errorFileUrls(row.buildId) : null,
      createdAt: row.createdAt,
    };
  }

  return {
    /** An APBD cohort picked from the pool by occupation, area and decile. */
    async buildFromQuery(pemdaCode: string, body: CohortQueryBody, caller: Caller): Promise<BuildResult> {
      assertMayAdminister(caller, pemdaCode);
      await requireOnboardedPemda(db, pemdaCode);
      const areas = checkAreas(pemdaCode, body.areas ?? [], false);
      const occupations = [...new Set((body.occupations ?? []).map((o) => o.trim()).filter((o) => o !== ''))];
      const months = budgetMonths(body.from, body.budgetYear, body.months);
      const name = body.name.trim();
      const apbd = `APBD ${await pemdaName(pemdaCode)}`;
      return runBuild(
        {
          kind: 'apbd_cohort',
          pemdaCode,
          key: body.key ?? keyFromName(name),
          name,
          areaCode: areas.length === 1 ? areas[0]! : pemdaCode,
          budget: body.budget,
          budgetYear: body.budgetYear,
          targetWorkers: body.limit ?? null,
          months,
          source: 'query',
          criteria: {
            occupations,
            areas,
            maxDecile: body.maxDecile ?? null,
            limit: body.limit ?? null,
            from: months.from,
            months: months.months,
          },
          sponsor: (tx) => ensureApbdSponsor(tx, pemdaCode, apbd),
          fill: (tx, programme, origin) =>
            fillFromPool(tx, programme, origin, months, {
              areaCodes: areas,
              occupations,
              maxDecile: body.maxDecile,
              limit: body.limit ?? null,
            }),
        },
        caller,
      );
    },

    /** An APBD cohort from a list of NIKs (CSV or XLSX: nik, nama, kode_desa). */
    async buildFromFile(
      pemdaCode: string,
      path: string,
      terms: CohortFileTerms,
      caller: Caller & { fileName?: string },
    ): Promise<BuildResult> {
      assertMayAdminister(caller, pemdaCode);
      await requireOnboardedPemda(db, pemdaCode);
      const area = terms.area ? checkAreas(pemdaCode, [terms.area], false)[0]! : pemdaCode;
      const months = budgetMonths(terms.from, terms.budgetYear, terms.months);
      const name = terms.name.trim();
      const key = terms.key ?? keyFromName(name);
      const apbd = `APBD ${await pemdaName(pemdaCode)}`;
      const { candidates, issues, read, sha256 } = await readCohortFile(path, pemdaCode);
      return runBuild(
        {
          kind: 'apbd_cohort',
          pemdaCode,
          key,
          name,
          areaCode: area,
          budget: terms.budget,
          budgetYear: terms.budgetYear,
          targetWorkers: null,
          months,
          source: 'file',
          criteria: { area, from: months.from, months: months.months },
          file: { name: caller.fileName ?? path.split('/').at(-1)!, sha256 },
          sponsor: (tx) => ensureApbdSponsor(tx, pemdaCode, apbd),
          // A retry after a lost race judges the file's rows afresh.
          fill: (tx, programme, origin) =>
            fillFromCandidates(tx, programme, origin, months, candidates, [...issues], read),
        },
        caller,
      );
    },

    /** A company pays for the N neediest eligible pool workers of the chosen districts. */
    async createCsr(pemdaCode: string, body: CsrBody, caller: Caller): Promise<BuildResult> {
      assertMayAdminister(caller, pemdaCode);
      await requireOnboardedPemda(db, pemdaCode);
      const districts = checkAreas(pemdaCode, body.districts, true);
      const months = monthsOf(body.from as Period, body.months);
      const organisation = body.organisation.trim().replace(/\s+/g, ' ');
      const area = commonArea(districts);
      return runBuild(
        {
          kind: 'csr',
          pemdaCode,
          key: body.key ?? keyFromName(`csr ${organisation} ${body.from}`),
          name: `CSR ${organisation} ${body.from}`,
          areaCode: area,
          budget: null,
          budgetYear: null,
          targetWorkers: body.workers,
          months,
          source: 'query',
          criteria: {
            organisation,
            districts,
            workers: body.workers,
            from: months.from,
            months: months.months,
          },
          sponsor: async (tx) =>
            (await ensureOrganisationSponsor(tx, pemdaCode, organisation, area)).sponsorId,
          fill: (tx, programme, origin) =>
            fillFromPool(tx, programme, origin, months, { areaCodes: districts, limit: body.workers }),
        },
        caller,
      );
    },

    /** An individual donor: a number of the neediest pool workers, or the NIKs they name. */
    async createDonor(pemdaCode: string, body: DonorBody, caller: Caller): Promise<BuildResult> {
      assertMayAdminister(caller, pemdaCode);
      await requireOnboardedPemda(db, pemdaCode);
      if ((body.workers === undefined) === (body.niks === undefined)) {
        throw invalid(
          problem(
            'DONOR_WORKERS',
            'Sebutkan jumlah pekerja (workers) atau NIK yang ditanggung (niks), salah satu saja.',
            'Give either a number of workers (workers) or the NIKs to sponsor (niks), not both.',
          ),
        );
      }
      const districts = checkAreas(pemdaCode, body.districts ?? [], true);
      const months = monthsOf(body.from as Period, body.months);
      const donor = body.name.trim().replace(/\s+/g, ' ');
      const today = todayInPemda(pemdaCode, now());
      const named = (body.niks ?? []).map((nik, index) => ({
        row: index + 1,
        nik,
        decoded: parseNik(nik, { today }),
      }));
      const issues: BuildIssue[] = [];
      const candidates: Candidate[] = [];
      const seen = new Map<string, number>();
      for (const { row, nik, decoded } of named) {
        const earlier = seen.get(nik);
        const problems = decoded.valid
          ? earlier === undefined
            ? []
            : [duplicateInFile(earlier)]
          : decoded.errors;
        for (const found of problems)
          issues.push(issueOf(row, { column: 'nik', value: nik, severity: 'rejected', problem: found }));
        if (problems.length > 0 || !decoded.valid) continue;
        seen.set(nik, row);
        candidates.push({
          row,
          nik,
          name: null,
          villageCode: null,
          birthDate: decoded.fields.birthDate!,
          sex: decoded.fields.sex!,
        });
      }
      return runBuild(
        {
          kind: 'donor',
          pemdaCode,
          key: body.key ?? keyFromName(`donatur ${donor} ${body.from}`),
          name: `Donatur ${donor} ${body.from}`,
          areaCode: districts.length > 0 ? commonArea(districts) : pemdaCode,
          budget: null,
          budgetYear: null,
          targetWorkers: body.workers ?? null,
          months,
          source: body.niks ? 'named' : 'query',
          criteria: {
            donor,
            districts,
            workers: body.workers ?? null,
            niks: body.niks?.length ?? 0,
            from: months.from,
            months: months.months,
          },
          sponsor: (tx) =>
            ensureIndividualSponsor(tx, pemdaCode, donor, {
              phone: body.phone || null,
              email: body.email || null,
            }),
          fill: (tx, programme, origin) =>
            body.niks
              ? fillFromCandidates(tx, programme, origin, months, candidates, [...issues], named.length)
              : fillFromPool(tx, programme, origin, months, {
                  areaCodes: districts,
                  limit: body.workers ?? null,
                }),
        },
        caller,
      );
    },

    async list(query: CohortListQuery, caller: Caller): Promise<CohortSummary[]> {
      return listCohorts(db, scopeOf(caller), { pemdaCode: query.pemda, kind: query.kind });
    },

    async get(id: number, caller: Caller): Promise<CohortDetail> {
      const programme = await readableProgramme(id, caller);
      return detailOf(programme, caller);
    },

    /** By the key the CLI names it with. */
    async getByKey(pemdaCode: string, key: string, caller: Caller): Promise<CohortDetail> {
      const programme = await findCohortProgramme(db, { pemdaCode, key }, scopeOf(caller));
      if (!programme) throw cohortNotFound();
      return detailOf(programme, caller);
    },

    async members(id: number, query: MemberQuery, caller: Caller) {
      await readableProgramme(id, caller);
      const page = await searchMembers(
        db,
        { programmeId: id, status: query.status, namePrefix: query.q },
        query,
      );
      return {
        ...page,
        items: await present(page.items, caller, 'cohorts.members'),
        page: query.page,
        pageSize: query.pageSize,
      };
    },

    async sponsors(query: SponsorListQuery, caller: Caller & { actor: Actor }) {
      const found = await searchSponsors(
        db,
        {
          scope: sponsorScope(caller.actor),
          month: thisMonthWib(),
          pemdaCode: query.pemda,
          kind: query.kind,
        },
        query,
      );
      return { ...found, page: query.page, pageSize: query.pageSize };
    },

    async sponsor(id: number, caller: Caller & { actor: Actor }): Promise<SponsorDetail> {
      const sponsor = await readableSponsor(id, caller.actor);
      return {
        ...sponsor,
        programmes: await sponsorProgrammes(db, id),
        statusCounts: countsOf(await statusCounts(db, { sponsorId: id })),
      };
    },

    async sponsorWorkers(id: number, query: MemberQuery, caller: Caller & { actor: Actor }) {
      await readableSponsor(id, caller.actor);
      const page = await searchMembers(
        db,
        { sponsorId: id, status: query.status, namePrefix: query.q },
        query,
      );
      return {
        ...page,
        items: await present(page.items, caller, 'sponsors.workers'),
        page: query.page,
        pageSize: query.pageSize,
      };
    },

    async build(id: string, caller: Caller): Promise<BuildRecord> {
      return buildRecord(await readableBuild(id, caller));
    },

    /** A build's error file, checked first and then streamed as it is read. */
    async openErrorFile(id: string, caller: Caller, format: ErrorFileFormat): Promise<Readable> {
      await readableBuild(id, caller);
      const body = new PassThrough();
      streamIssueFile((after, limit) => issuePage(db, 'cohort_issue', id, after, limit), body, format).catch(
        (error: Error) => body.destroy(error),
      );
      return body;
    },

    /** Writes a build's error file (`.xlsx`, else CSV), as the CLI's `--error-file` asks. */
    async writeErrorFile(id: string, path: string): Promise<void> {
      const pages: IssuePages = (after, limit) => issuePage(db, 'cohort_issue', id, after, limit);
      await streamIssueFile(pages, createWriteStream(path), errorFileFormatOf(path));
    },
  };

  async function readableSponsor(id: number, actor: Actor): Promise<SponsorRecord> {
    const { items } = await searchSponsors(
      db,
      { scope: sponsorScope(actor), month: thisMonthWib(), id },
      { page: 1, pageSize: 1 },
    );
    if (!items[0]) throw sponsorNotFound();
    return items[0];
  }

  /** Builds are read by whoever reads their programme; error files name NIKs, so only its administrators. */
  async function readableBuild(id: string, caller: Caller): Promise<BuildRow> {
    const build = /^[0-9a-f-]{36}$/.test(id) ? await findBuild(db, id) : undefined;
    if (!build) throw buildNotFound();
    if (caller.actor && !mayAdministerPemda(caller.actor, build.pemdaCode)) throw buildNotFound();
    return build;
  }

  async function detailOf(programme: ProgrammeRecord, caller: Caller): Promise<CohortDetail> {
    const sponsor =
      programme.sponsorId === null
        ? null
        : ((
            await searchSponsors(
              db,
              { scope: EVERYTHING, month: thisMonthWib(), id: programme.sponsorId },
              { page: 1, pageSize: 1 },
            )
          ).items[0] ?? null);
    const counts = countsOf(await statusCounts(db, { programmeId: programme.id }));
    const builds =
      caller.actor === null || mayAdministerPemda(caller.actor, programme.pemdaCode)
        ? await Promise.all((await listBuilds(db, programme.id, RECENT_BUILDS)).map(buildRecord))
        : [];
    return {
      ...refOf(programme),
      areaCode: programme.areaCode,
      budget: programme.budget,
      budgetYear: programme.budgetYear,
      targetWorkers: programme.targetWorkers,
      programmes: programme.programmes ?? [],
      declaredIncome: programme.declaredIncome,
      sponsor,
      members: SPONSORSHIP_STATUSES.filter((status) => status !== 'rejected').reduce(
        (sum, status) => sum + counts[status],
        0,
      ),
      statusCounts: counts,
      cost: await costOf(programme),
      builds,
    };
  }
}

export type CohortService = ReturnType<typeof createCohortService>;

function refOf(programme: ProgrammeRecord): CohortRef {
  return {
    id: programme.id,
    pemdaCode: programme.pemdaCode,
    key: programme.key,
    name: programme.name,
    kind: programme.kind as CohortKind,
  };
}

function countsOf(found: Partial<Record<SponsorshipStatus, number>>): Record<SponsorshipStatus, number> {
  return Object.fromEntries(SPONSORSHIP_STATUSES.map((status) => [status, found[status] ?? 0])) as Record<
    SponsorshipStatus,
    number
  >;
}

function errorFileUrls(buildId: string) {
  const base = `/api/v1/cohort-builds/${buildId}`;
  return { csv: `${base}/errors.csv`, xlsx: `${base}/errors.xlsx` };
}

/** The summary's issues in one language, for the HTTP answer and the CLI. */
export function summaryIn(result: BuildResult, language: Language): BuildSummary {
  const { issueRecords, ...rest } = result;
  return {
    ...rest,
    issues: issueRecords.map((issue) => ({
      row: issue.row_number,
      column: issue.column_name,
      value: issue.value,
      severity: issue.severity,
      code: issue.code,
      message: language === 'en' ? issue.message_en : issue.message_id,
    })),
  };
}
