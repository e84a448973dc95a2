import type { Actor } from '../../core/access.ts';
import type { ContributionRules } from '../../core/contributions/schedules.ts';
import type { DueDayRule } from '../../core/due-dates.ts';
import { maskNik } from '../../core/identifiers/nik.ts';
import { type Message, problem } from '../../core/message.ts';
import { rupiahInWords } from '../../core/money-words.ts';
import { type Period, parsePeriod } from '../../core/period.ts';
import { zoneOfPemda } from '../../core/regions.ts';
import type { Database, Queryable } from '../../db/database.ts';
import { invalid, notFound } from '../../errors.ts';
import { seesFullNik } from '../../platform/access/policy.ts';
import { billingRunScope, billScope } from '../../platform/access/scopes.ts';
import { recordAudit } from '../../platform/audit.ts';
import { type BillPrint, documentFileNames } from './bill-documents.ts';
import { billHeading, billLines, deductionRows, searchBills } from './bill-repository.ts';
import { adjustCharge } from './billing-adjust.ts';
import { listRuns } from './billing-repository.ts';
import type { Bill, BillDetail, BillingRun, BillingTotals, BillPage, BillQuery } from './billing-types.ts';
import { runBilling } from './flows/billing-run.ts';

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

export function checkPeriod(value: string): Period {
  const parsed = parsePeriod(value.trim());
  if (!parsed.ok) throw invalid(parsed.problem);
  return parsed.period;
}

const billNotFound = (id: number | string) =>
  notFound(problem('BILL_NOT_FOUND', `Tagihan #${id} tidak ditemukan.`, `Bill #${id} was not found.`));

/** Billing: the run (./flows/billing-run.ts), the bills and their documents, corrections (./billing-adjust.ts). */
export function createBillingService(deps: BillingDeps) {
  const { db } = deps;
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
    run: (request: { period: string; pemdaCode: string | null }, caller: BillingCaller) =>
      runBilling(deps, request, caller),

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

    adjust: (request: { contributionId: number; amount: number; reason: string }, caller: BillingCaller) =>
      adjustCharge(db, request, caller),
  };
}

export type BillingService = ReturnType<typeof createBillingService>;
