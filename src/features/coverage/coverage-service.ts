import type { Actor } from '../../core/access.ts';
import { type IsoDate, isIsoDate } from '../../core/calendar.ts';
import {
  COVERAGE_STATE_LABELS,
  type CoverageAnswer,
  coverageTimeline,
  coveredOn,
  dayInZone,
  type LedgerMonth,
  type TimelineMonth,
  timelineSpan,
} from '../../core/coverage.ts';
import { maskNik } from '../../core/identifiers/nik.ts';
import { type Language, problem } from '../../core/message.ts';
import { addMonths, comparePeriods, type Period } from '../../core/period.ts';
import { currentPeriod, type TimeZoneName, zoneOfPemda } from '../../core/regions.ts';
import type { Database } from '../../db/database.ts';
import { invalid, notFound } from '../../errors.ts';
import { forbidden, may, requireAccess, seesFullNik } from '../../platform/access/policy.ts';
import {
  EVERYTHING,
  payerDisclosure,
  pemdaScope,
  type ScopeCondition,
  workerScope,
} from '../../platform/access/scopes.ts';
import { recordAudit } from '../../platform/audit.ts';
import { registryPemdasOf, searchWorkers } from '../registry/index.ts';
import {
  insertOverride,
  type LedgerRow,
  ledgerOf,
  ledgerStarts,
  type OverrideRow,
  overridesOf,
  pemdaLinksOf,
  type SponsorshipRow,
  sponsorshipsOf,
} from './coverage-repository.ts';
import type { CoverageAnswerView, CoverageMonth, OverrideRequest, WorkerCoverage } from './coverage-types.ts';

/** Who asks: a signed-in user, or nobody when a command runs on the server. */
export interface CoverageCaller {
  actor: Actor | null;
  ip?: string | null;
}

/** A month of the ledger with what the pages show beside the rules' reading. */
export interface LedgerMonthFacts extends LedgerMonth {
  billed: boolean;
  pemdaCode: string | null;
  holder: SponsorshipRow | null;
}

export interface LedgerCoverage {
  zone: TimeZoneName;
  today: IsoDate;
  months: TimelineMonth<LedgerMonthFacts>[];
  pemdaCodes: string[];
}

/** Sponsorships that hold a month without a charge yet: enrolled or active, or ended with an end month. */
function holds(row: SponsorshipRow, period: Period): boolean {
  if (comparePeriods(period, row.firstMonth as Period) < 0) return false;
  if (row.endMonth !== null) return comparePeriods(period, row.endMonth as Period) < 0;
  return row.status === 'enrolled' || row.status === 'active';
}

/**
 * Consecutive months from the first sponsored one to now, each read as the coverage rules read it.
 * `ledgerFrom`: the first month each Pemda's ledger is kept in Asuh; a month not billed before it
 * is not recorded.
 */
function buildLedger(
  rows: readonly LedgerRow[],
  sponsorships: readonly SponsorshipRow[],
  overrides: readonly OverrideRow[],
  pemdaCodes: readonly string[],
  ledgerFrom: ReadonlyMap<string, Period>,
  now: Date,
): LedgerCoverage {
  const latest = sponsorships.at(-1);
  const zone = zoneOfPemda(latest?.pemdaCode ?? pemdaCodes[0] ?? '35');
  const today = dayInZone(now, zone);
  // A sponsorship ended before its first month holds none.
  const holding = sponsorships.filter((row) => row.endMonth !== row.firstMonth);
  const starts = [...rows.map((row) => row.period), ...holding.map((row) => row.firstMonth)].sort();
  if (starts.length === 0) return { zone, today, months: [], pemdaCodes: [...pemdaCodes] };
  const ends = [
    ...rows.map((row) => row.period),
    ...holding.map((row) => (row.endMonth ? addMonths(row.endMonth as Period, -1) : row.firstMonth)),
  ].sort() as Period[];
  const byPeriod = new Map(rows.map((row) => [row.period, row]));
  const byId = new Map(sponsorships.map((row) => [row.id, row]));
  const overrideOf = new Map(overrides.map((row) => [row.period, row]));
  const months = timelineSpan(starts[0] as Period, ends.at(-1)!, currentPeriod(now, zone)).map(
    (period): LedgerMonthFacts => {
      const row = byPeriod.get(period);
      const holder = row
        ? (byId.get(row.sponsorshipId) ?? null)
        : (sponsorships.find((candidate) => holds(candidate, period)) ?? null);
      const pemdaCode = row?.pemdaCode ?? holder?.pemdaCode ?? null;
      const override = overrideOf.get(period);
      const owed = row?.owed ?? 0;
      const paid = row?.paid ?? 0;
      const recordedFrom = pemdaCode ? (ledgerFrom.get(pemdaCode) ?? null) : null;
      return {
        period,
        zone: pemdaCode ? zoneOfPemda(pemdaCode) : zone,
        sponsorship:
          holder || row
            ? {
                id: holder?.id ?? row!.sponsorshipId,
                membershipStart: holder?.membershipStart ?? `${period}-01`,
              }
            : null,
        owed,
        paid,
        paidAt: owed > 0 && paid >= owed ? row!.lastPaidAt : null,
        override: override
          ? { covered: override.covered, reason: override.reason, by: override.by, at: override.at }
          : null,
        recorded: row !== undefined || recordedFrom === null || comparePeriods(period, recordedFrom) >= 0,
        recordedFrom,
        billed: row !== undefined,
        pemdaCode,
        holder,
      };
    },
  );
  return { zone, today, months: coverageTimeline(months, now), pemdaCodes: [...pemdaCodes] };
}

function answerView(answer: CoverageAnswer, date: IsoDate, language: Language): CoverageAnswerView {
  return {
    date,
    covered: answer.covered,
    code: answer.code,
    reason: answer.reason[language],
    period: answer.period,
    state: answer.state,
    overridden: answer.overridden,
  };
}

/** A worker's coverage as the rules read it, before it is put in one language. */
export interface CoverageReport {
  nik: string;
  nikMasked: boolean;
  name: string;
  ledger: LedgerCoverage;
  on: IsoDate | null;
  mayOverride: boolean;
}

export function presentCoverage(report: CoverageReport, language: Language): WorkerCoverage {
  const { ledger } = report;
  const months = ledger.months.map(
    (month): CoverageMonth => ({
      period: month.period,
      state: month.state,
      stateLabel: COVERAGE_STATE_LABELS[month.state][language],
      pemdaCode: month.pemdaCode,
      sponsored: month.sponsorship !== null,
      sponsor:
        month.holder?.disclosed === true
          ? { id: month.holder.sponsorId, name: month.holder.sponsorName, kind: month.holder.sponsorKind }
          : null,
      programme: month.holder ? { id: month.holder.programmeId, name: month.holder.programmeName } : null,
      billed: month.billed,
      amount: month.owed,
      paid: month.paid,
      dueDate: month.dueDate,
      paidAt: month.paidAt,
      paidOn: month.paidOn,
      coveredFrom: month.coveredFrom,
      membershipStart: month.membershipStart,
      lapsedOn: month.lapsedOn,
      arrearsPayableUntil: month.arrearsPayableUntil,
      recordedFrom: month.recordedFrom,
      override: month.override,
    }),
  );
  return {
    nik: report.nik,
    nikMasked: report.nikMasked,
    name: report.name,
    timeZone: ledger.zone,
    today: ledger.today,
    months,
    current: answerView(coveredOn(ledger.months, ledger.today), ledger.today, language),
    answer: report.on ? answerView(coveredOn(ledger.months, report.on), report.on, language) : null,
    mayOverride: report.mayOverride,
  };
}

const workerNotFound = (nik: string) =>
  notFound(
    problem(
      'WORKER_NOT_FOUND',
      `Pekerja dengan NIK ${maskNik(nik)} tidak ditemukan.`,
      `No worker with NIK ${maskNik(nik)} was found.`,
    ),
  );

export function checkNik(nik: string): string {
  if (/^\d{16}$/.test(nik)) return nik;
  throw invalid(problem('INVALID_NIK', `NIK "${nik}" harus 16 digit.`, `NIK "${nik}" must be 16 digits.`));
}

export function checkDay(value: string, field: string): IsoDate {
  if (isIsoDate(value)) return value;
  throw invalid(
    problem(
      'INVALID_DATE',
      `${field} "${value}" bukan tanggal yang sah: gunakan TTTT-BB-HH, misalnya 2024-02-10.`,
      `${field} "${value}" is not a valid date: use YYYY-MM-DD, for example 2024-02-10.`,
    ),
  );
}

export interface CoverageDeps {
  db: Database;
  now?: () => Date;
}

export function createCoverageService({ db, now = () => new Date() }: CoverageDeps) {
  /** The worker within the caller's scope (out of scope reads as absent), unmasked. */
  async function findWorker(nik: string, actor: Actor | null) {
    const { items } = await searchWorkers(
      db,
      {
        scope: actor ? workerScope(actor) : EVERYTHING,
        linkScope: actor ? pemdaScope(actor) : EVERYTHING,
        nik: checkNik(nik),
      },
      { page: 1, pageSize: 1 },
    );
    if (!items[0]) throw workerNotFound(nik);
    return items[0];
  }

  async function ledgerCoverage(nik: string, disclose: ScopeCondition, at = now()): Promise<LedgerCoverage> {
    const [rows, sponsorships, overrides, links] = await Promise.all([
      ledgerOf(db, nik),
      sponsorshipsOf(db, nik, disclose),
      overridesOf(db, nik),
      pemdaLinksOf(db, nik),
    ]);
    const paying = new Set([...rows, ...sponsorships].map((row) => row.pemdaCode));
    return buildLedger(rows, sponsorships, overrides, links, await ledgerStarts(db, [...paying]), at);
  }

  /** The Pemda an override of a month is recorded under: who paid for it, else the worker's registry. */
  function overridePemda(actor: Actor, ledger: LedgerCoverage, period: string): string {
    const month = ledger.months.find((entry) => entry.period === period);
    const candidates = month?.pemdaCode ? [month.pemdaCode] : ledger.pemdaCodes;
    const pemdaCode = candidates.find((pemdaCode) => may(actor, 'coverage.override', { pemdaCode }));
    if (!pemdaCode) throw forbidden();
    return pemdaCode;
  }

  const mayOverrideAny = (actor: Actor | null, ledger: LedgerCoverage) =>
    actor !== null &&
    ledger.months.some((month) =>
      (month.pemdaCode ? [month.pemdaCode] : ledger.pemdaCodes).some((pemdaCode) =>
        may(actor, 'coverage.override', { pemdaCode }),
      ),
    );

  async function report(nik: string, on: IsoDate | null, caller: CoverageCaller): Promise<CoverageReport> {
    const worker = await findWorker(nik, caller.actor);
    const ledger = await ledgerCoverage(worker.nik, payerDisclosure(caller.actor));
    const full = caller.actor === null || seesFullNik(caller.actor);
    if (caller.actor && full) {
      // A civil servant sees no registry link: their read is logged under the worker's Pemda.
      const pemdaCodes =
        worker.pemdaCodes.length > 0
          ? worker.pemdaCodes
          : ((await registryPemdasOf(db, [worker.nik])).get(worker.nik) ?? []);
      await db.transaction(async (tx) => {
        for (const pemdaCode of pemdaCodes.length > 0 ? pemdaCodes : [null]) {
          await recordAudit(tx, {
            actor: caller.actor,
            action: 'worker.read_nik',
            entityType: 'worker',
            entityId: worker.nik,
            pemdaCode,
            ip: caller.ip ?? null,
            details: { route: 'workers.coverage', niks: [worker.nik] },
          });
        }
      });
    }
    return {
      nik: full ? worker.nik : maskNik(worker.nik),
      nikMasked: !full,
      name: worker.name,
      ledger,
      on,
      mayOverride: mayOverrideAny(caller.actor, ledger),
    };
  }

  return {
    findWorker,
    ledgerCoverage,

    /** The month-by-month timeline and, with `on`, whether the worker was covered that day and why. */
    async coverage(nik: string, on: string | undefined, caller: CoverageCaller): Promise<CoverageReport> {
      return report(nik, on === undefined ? null : checkDay(on, 'Tanggal / date'), caller);
    },

    /**
     * An officer's decision on one month, with its reason: a BPJSTK officer of the Pemda, or its
     * administrator. Recorded and audited in one transaction; the latest decision for a month holds.
     */
    async recordOverride(nik: string, request: OverrideRequest, caller: CoverageCaller & { actor: Actor }) {
      const actor = caller.actor;
      requireAccess(actor, 'coverage.override');
      const worker = await findWorker(nik, actor);
      const ledger = await ledgerCoverage(worker.nik, EVERYTHING);
      if (!ledger.months.some((month) => month.period === request.period)) {
        throw invalid(
          problem(
            'OVERRIDE_OUTSIDE_TIMELINE',
            `Bulan ${request.period} di luar riwayat iuran pekerja ini (${ledger.months[0]?.period ?? '-'} s.d. ${ledger.months.at(-1)?.period ?? '-'}).`,
            `${request.period} is outside this worker's contribution history (${ledger.months[0]?.period ?? '-'} to ${ledger.months.at(-1)?.period ?? '-'}).`,
          ),
        );
      }
      const pemdaCode = overridePemda(actor, ledger, request.period);
      await db.transaction(async (tx) => {
        const id = await insertOverride(tx, {
          pemdaCode,
          nik: worker.nik,
          period: request.period,
          covered: request.covered,
          reason: request.reason,
          userId: actor.userId,
          username: actor.username,
        });
        await recordAudit(tx, {
          actor,
          action: 'coverage.override',
          entityType: 'worker',
          entityId: worker.nik,
          pemdaCode,
          ip: caller.ip ?? null,
          details: {
            overrideId: id,
            period: request.period,
            covered: request.covered,
            reason: request.reason,
          },
        });
      });
      return report(worker.nik, null, caller);
    },
  };
}

export type CoverageService = ReturnType<typeof createCoverageService>;
