import type { Actor } from '../../core/access.ts';
import { ContributionError, priceMonth } from '../../core/contributions/engine.ts';
import {
  CONTRIBUTION_RULES,
  type ContributionRules,
  type FundingSource,
  type Programme,
  SECTORS,
  type Sector,
} from '../../core/contributions/schedules.ts';
import { DUE_DAY_RULES, type DueDayRule, deadline, dueDayRule } from '../../core/due-dates.ts';
import { maskNik } from '../../core/identifiers/nik.ts';
import { type Message, type Problem, problem } from '../../core/message.ts';
import { formatRupiah, roundHalfUp } from '../../core/money.ts';
import { rupiahInWords } from '../../core/money-words.ts';
import { addMonths, comparePeriods, type Period, parsePeriod } from '../../core/period.ts';
import { currentPeriod, TIME_ZONES, zoneOfPemda } from '../../core/regions.ts';
import type { Database, Queryable } from '../../db/database.ts';
import { AppError, invalid, notFound } from '../../errors.ts';
import { readablePemdas, requireAccess, seesFullNik } from '../../platform/access/policy.ts';
import { billingRunScope, billScope, EVERYTHING } from '../../platform/access/scopes.ts';
import { recordAudit } from '../../platform/audit.ts';
import { pemdaNotOnboarded } from '../../platform/pemda.ts';
import { type BillPrint, documentFileNames } from './bill-documents.ts';
import {
  type BillableParams,
  billHeading,
  billLines,
  collectLines,
  deductionRows,
  distinctPriceKeys,
  findCharge,
  firstProgrammeMonth,
  insertAdjustment,
  listRuns,
  lockBilling,
  openRuns,
  type Price,
  type PriceKey,
  pemdaToBill,
  preparePayers,
  searchBills,
  writeBills,
} from './billing-repository.ts';
import type { Bill, BillDetail, BillingRun, BillingTotals, BillPage, BillQuery } from './billing-types.ts';

/** Who asks: a signed-in user, or nobody when a command runs on the server. */
export interface BillingCaller {
  actor: Actor | null;
  ip?: string | null;
}

export interface BillingRunOutcome extends BillingTotals {
  runs: BillingRun[];
  message: Message;
}

export interface BillingDeps {
  db: Database;
  /** The contribution rules prices come from; tests change them to show a bill does not move. */
  rules?: ContributionRules;
  dueRules?: readonly DueDayRule[];
  /** The clock the latest month that may be billed is read from. */
  now?: () => Date;
}

function checkPeriod(value: string): Period {
  const parsed = parsePeriod(value.trim());
  if (!parsed.ok) throw invalid(parsed.problem);
  return parsed.period;
}

/**
 * A run may bill from the first month the Pemda's programmes pay for up to the month after the
 * current one on its clock (bills go out ahead of the month): a month outside is a typing mistake
 * that would leave bills nobody can pay and coverage nobody can read. Over several Pemda, the
 * earliest start and the earliest clock bound the run.
 */
function checkNotBefore(period: Period, first: string | null): void {
  if (first === null || comparePeriods(period, first as Period) >= 0) return;
  throw invalid(
    problem(
      'BILLING_PERIOD_TOO_EARLY',
      `Bulan ${period} tidak dapat ditagih: program Pemda baru berjalan sejak ${first}.`,
      `${period} cannot be billed: the Pemda's programmes start in ${first}.`,
    ),
  );
}

function checkNotAfter(period: Period, pemdaCodes: readonly string[], now: Date): void {
  const last = pemdaCodes
    .map((code) => addMonths(currentPeriod(now, zoneOfPemda(code)), 1))
    .sort(comparePeriods)[0];
  if (last === undefined || comparePeriods(period, last) <= 0) return;
  throw invalid(
    problem(
      'BILLING_PERIOD_TOO_LATE',
      `Bulan ${period} belum dapat ditagih: paling jauh ${last}, bulan depan.`,
      `${period} cannot be billed yet: ${last}, next month, is the latest.`,
    ),
  );
}

const billNotFound = (id: number | string) =>
  notFound(problem('BILL_NOT_FOUND', `Tagihan #${id} tidak ditemukan.`, `Bill #${id} was not found.`));

function runMessage(totals: BillingTotals, alreadyBilled: boolean): Message {
  if (totals.contributionsAdded === 0 && totals.billsAdded === 0) {
    return alreadyBilled
      ? {
          id: '0 iuran ditambahkan: periode sudah ditagih.',
          en: '0 contributions added: period already billed.',
        }
      : {
          id: `0 iuran ditambahkan: tidak ada sponsorship yang dapat ditagih untuk ${totals.period}.`,
          en: `0 contributions added: no sponsorship is billable for ${totals.period}.`,
        };
  }
  const total = formatRupiah(totals.totalBilled);
  return {
    id: `${totals.contributionsAdded} iuran ditambahkan dalam ${totals.billsAdded} tagihan baru, total ${total}.`,
    en: `${totals.contributionsAdded} contributions added in ${totals.billsAdded} new bills, total ${total}.`,
  };
}

function unpriceable(failures: { key: PriceKey; problem: Problem }[]): AppError {
  const [first] = failures;
  const what = `${first!.key.period}, ${first!.key.programmes.join('+').toUpperCase()}, ${formatRupiah(first!.key.income)}`;
  return invalid(
    problem(
      'BILLING_UNPRICEABLE',
      `Penagihan dihentikan: ${failures.length} kombinasi iuran tidak dapat dihitung (${what}): ${first!.problem.message.id}`,
      `Billing stopped: ${failures.length} contribution combinations cannot be priced (${what}): ${first!.problem.message.en}`,
    ),
    failures.map((failure) => ({ ...failure.key, code: failure.problem.code })),
  );
}

export function createBillingService({
  db,
  rules = CONTRIBUTION_RULES,
  dueRules = DUE_DAY_RULES,
  now = () => new Date(),
}: BillingDeps) {
  /** Each distinct combination once: a million sponsorships come in a handful of prices. */
  function price(keys: readonly PriceKey[]): Price[] {
    const failures: { key: PriceKey; problem: Problem }[] = [];
    const prices: Price[] = [];
    for (const key of keys) {
      try {
        const month = priceMonth(
          {
            scheme: 'bpu',
            period: key.period as Period,
            income: key.income,
            programmes: key.programmes as Programme[],
            funding: key.funding as FundingSource,
            ...(key.sector ? { sector: key.sector as Sector } : {}),
          },
          rules,
        );
        prices.push({
          key,
          jkk: month.components.jkk ?? 0,
          jkm: month.components.jkm ?? 0,
          jht: month.components.jht ?? 0,
          schedule: month.schedule,
        });
      } catch (error) {
        if (!(error instanceof ContributionError)) throw error;
        failures.push({ key, problem: error.problem });
      }
    }
    if (failures.length > 0) throw unpriceable(failures);
    return prices;
  }

  async function findBill(id: number, caller: BillingCaller, tx: Queryable = db): Promise<Bill> {
    const { items } = await searchBills(tx, { scope: billScope(caller.actor), id }, { page: 1, pageSize: 1 });
    if (!items[0]) throw billNotFound(id);
    return items[0];
  }

  return {
    /**
     * Bills one month for one Pemda, or for every onboarded Pemda, in one transaction: killed at
     * any point it leaves nothing behind, and running it again writes exactly what an
     * uninterrupted run would have. A rerun adds nothing and says so.
     */
    async run(
      request: { period: string; pemdaCode: string | null },
      caller: BillingCaller,
    ): Promise<BillingRunOutcome> {
      const period = checkPeriod(request.period);
      requireAccess(caller.actor, 'billing.run', { pemdaCode: request.pemdaCode });
      const pemdas = await pemdaToBill(db, request.pemdaCode);
      if (request.pemdaCode !== null && pemdas.length === 0) {
        throw notFound(pemdaNotOnboarded(request.pemdaCode));
      }
      const codes = pemdas.map((pemda) => pemda.code);
      checkNotAfter(period, codes, now());
      const rule = dueDayRule('bpu', period, dueRules);
      const params: BillableParams = {
        period: `${period}-01`,
        pemdaCodes: codes,
        zones: codes.map((code) => TIME_ZONES[zoneOfPemda(code)].iana),
        sectors: [...SECTORS],
        catchUpFrom: `${addMonths(period, -rule.arrearsMonths)}-01`,
      };
      return db.transaction(async (tx) => {
        await lockBilling(tx);
        const [before] = await tx.query<{ runs: number }>(
          'SELECT count(*) AS runs FROM billing_run WHERE period = $1::date AND pemda_code = ANY($2::text[])',
          [params.period, codes],
        );
        const opened = await openRuns(tx, params.period, codes, caller.actor?.userId ?? null);
        const slots = opened.map((run) => ({
          pemdaCode: run.pemdaCode,
          runId: run.id,
          dueAt: deadline('bpu', period, zoneOfPemda(run.pemdaCode), dueRules),
        }));
        await collectLines(tx, params);
        // After the lines, so that collecting them stays the run's first read of the sponsorships:
        // a month before any programme began has none, and the refusal rolls the run back.
        checkNotBefore(period, await firstProgrammeMonth(tx, codes));
        const prices = price(await distinctPriceKeys(tx));
        await preparePayers(tx, params.period, slots, prices);
        const counts = await writeBills(tx, params.period, slots, prices);
        const totals: BillingTotals = {
          period,
          contributionsAdded: counts.reduce((sum, row) => sum + row.contributionsAdded, 0),
          billsAdded: counts.reduce((sum, row) => sum + row.billsAdded, 0),
          totalBilled: counts.reduce((sum, row) => sum + row.totalBilled, 0),
        };
        for (const row of counts) {
          await recordAudit(tx, {
            actor: caller.actor,
            action: 'billing.run',
            entityType: 'billing_run',
            entityId: String(slots.find((slot) => slot.pemdaCode === row.pemdaCode)!.runId),
            pemdaCode: row.pemdaCode,
            ip: caller.ip ?? null,
            details: { period, ...row },
          });
        }
        const runs = await listRuns(tx, { scope: EVERYTHING, ids: opened.map((run) => run.id) });
        return { ...totals, runs, message: runMessage(totals, before!.runs > 0) };
      });
    },

    async listRuns(pemdaCode: string | undefined, caller: BillingCaller): Promise<BillingRun[]> {
      return listRuns(db, {
        scope: billingRunScope(caller.actor),
        ...(pemdaCode === undefined ? {} : { pemdaCode }),
      });
    },

    async getRun(id: number, caller: BillingCaller): Promise<BillingRun> {
      const [run] = await listRuns(db, { scope: billingRunScope(caller.actor), id });
      if (!run) {
        throw notFound(
          problem(
            'BILLING_RUN_NOT_FOUND',
            `Proses penagihan #${id} tidak ditemukan.`,
            `Billing run #${id} was not found.`,
          ),
        );
      }
      return run;
    },

    async listBills(query: BillQuery, caller: BillingCaller): Promise<BillPage> {
      const { items, totals } = await searchBills(
        db,
        {
          scope: billScope(caller.actor),
          ...(query.pemda === undefined ? {} : { pemdaCode: query.pemda }),
          ...(query.period === undefined ? {} : { period: checkPeriod(query.period) }),
          ...(query.opd === undefined ? {} : { opdId: query.opd }),
          ...(query.document === undefined ? {} : { document: query.document }),
        },
        query,
      );
      return {
        items,
        page: query.page,
        pageSize: query.pageSize,
        total: totals.total,
        totals: {
          billedAmount: totals.billedAmount,
          paidAmount: totals.paidAmount,
          memberCount: totals.memberCount,
        },
      };
    },

    /** A bill with its lines. Full NIKs only for the roles that need them, and logged. */
    async getBill(id: number, caller: BillingCaller): Promise<BillDetail> {
      const bill = await findBill(id, caller);
      const lines = await billLines(db, id);
      const full = caller.actor === null || seesFullNik(caller.actor);
      if (caller.actor && full && lines.length > 0) {
        await db.transaction((tx) =>
          recordAudit(tx, {
            actor: caller.actor,
            action: 'worker.read_nik',
            entityType: 'bill',
            entityId: String(id),
            pemdaCode: bill.pemdaCode,
            ip: caller.ip ?? null,
            details: { route: 'bills.get', niks: [...new Set(lines.map((line) => line.nik))] },
          }),
        );
      }
      const files = documentFileNames(bill);
      const base = `/api/v1/bills/${id}`;
      return {
        ...bill,
        amountInWords: rupiahInWords(bill.billedAmount),
        timeZone: zoneOfPemda(bill.pemdaCode),
        nikMasked: !full,
        lines: full ? lines : lines.map((line) => ({ ...line, nik: maskNik(line.nik) })),
        downloads: {
          pdf: `${base}/bill.pdf`,
          csv: files.csv ? `${base}/deductions.csv` : null,
          xlsx: files.xlsx ? `${base}/deductions.xlsx` : null,
        },
      };
    },

    /** What the documents of a bill are made from. */
    async billPrint(id: number, caller: BillingCaller): Promise<BillPrint> {
      const bill = await findBill(id, caller);
      const heading = await billHeading(db, id);
      const payroll = bill.document === 'payroll_deduction';
      return {
        bill,
        pemdaName: heading!.pemdaName,
        timeZone: zoneOfPemda(bill.pemdaCode),
        lines: payroll ? [] : await billLines(db, id),
        deductions: payroll ? await deductionRows(db, id) : [],
      };
    },

    async deductionListOf(id: number, caller: BillingCaller): Promise<BillPrint> {
      const print = await this.billPrint(id, caller);
      if (print.bill.document !== 'payroll_deduction') {
        throw invalid(
          problem(
            'BILL_NOT_PAYROLL_DEDUCTION',
            `Tagihan ${print.bill.reference} bukan daftar potongan gaji; unduh PDF-nya.`,
            `Bill ${print.bill.reference} is not a payroll deduction list; download its PDF.`,
          ),
        );
      }
      return print;
    },

    /** Every bill of a Pemda's month, for the export. */
    async billsOfPeriod(pemdaCode: string, period: string, caller: BillingCaller): Promise<Bill[]> {
      const month = checkPeriod(period);
      const bills: Bill[] = [];
      for (let page = 1; ; page += 1) {
        const { items } = await searchBills(
          db,
          { scope: billScope(caller.actor), pemdaCode, period: month },
          { page, pageSize: 200 },
        );
        bills.push(...items);
        if (items.length < 200) return bills;
      }
    },

    /**
     * A correction of a charge already billed: it waits for the payer's next bill, where the
     * billing run writes it as an adjustment line. The issued bill stays as it was.
     */
    async adjust(
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
        const readable =
          charge && (caller.actor === null || pemdaScopeAllows(caller.actor, charge.pemdaCode));
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
    },
  };
}

/** Whether the actor reads the Pemda's data, as `pemdaScope` decides it in SQL. */
function pemdaScopeAllows(actor: Actor, pemdaCode: string): boolean {
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

export type BillingService = ReturnType<typeof createBillingService>;
