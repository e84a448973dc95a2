import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addDays, type IsoDate } from '../core/calendar.ts';
import { dayInZone } from '../core/coverage.ts';
import { PAYMENT_COLUMNS } from '../core/payment-files.ts';
import { addMonths, type Period, periodRange } from '../core/period.ts';
import { currentPeriod, zoneOfPemda } from '../core/regions.ts';
import type { Database } from '../db/database.ts';
import { createBillingService } from '../features/billing/index.ts';
import { createClaimService } from '../features/claims/index.ts';
import { createCoverageService } from '../features/coverage/index.ts';
import { createPaymentService } from '../features/payments/index.ts';
import { type DemoClaim, demoClaims, fileDemoClaim } from './demo-claims.ts';
import { csvLine } from './demo-files.ts';
import { DEMO_LEDGER } from './demo-programme-data.ts';
import {
  type LedgerBill,
  type PayrollShare,
  selectDemoLoginNips,
  selectLedgerBills,
  selectLedgerTotals,
  selectPayrollShares,
} from './demo-queries.ts';
import { hashString, mix32 } from './demo-random.ts';

/**
 * The demo Pemda's ledger: its last months billed, paid and reconciled through the same services
 * real files take (billing runs, payroll confirmations and bank statements imported, claims
 * registered and decided), so that billing, payments, arrears, coverage and claims pages show
 * what the rules make of a believable year. Most OPDs confirm their payroll deductions in the
 * first days of the month; a few confirm late now and then; a few ASN stop paying and their
 * workers lapse; two OPDs have not confirmed the last months; the APBD's first payment orders
 * were paid late; two transfers name no bill. Idempotent: a rerun (or one after a crash) adds
 * only what is missing, because every step is.
 */

export interface DemoLedgerOptions {
  pemdaCode: string;
  seed: number;
  /** Months billed, ending with the current one. */
  months: number;
  /** The clock: the last month billed is its month on the Pemda's calendar; nothing is paid after it. */
  now: Date;
}

export interface DemoLedgerLoad {
  from: Period;
  through: Period;
  bills: number;
  contributions: number;
  billed: number;
  paid: number;
  paymentImports: number;
  unmatchedLines: number;
  claims: number;
}

export interface DemoLedgerHooks {
  onProgress?(done: number, total: number): void;
  signal?: AbortSignal;
}

/** A 32-bit draw fixed by the seed and the words given. */
function draw(seed: number, ...words: (string | number)[]): number {
  return mix32(seed ^ hashString(words.join('|')));
}

/** A draw in [0, 1). */
const chance = (seed: number, ...words: (string | number)[]) => draw(seed, ...words) / 2 ** 32;

/** How one OPD's payroll staff confirm a month: on time in the first days, late, or not yet. */
function payrollDay(seed: number, opdId: number, period: Period, late: boolean): IsoDate {
  const day = draw(seed, 'day', opdId, period);
  // Salaries, and so deductions, go out on the first working days of the month; the 15th is the deadline.
  if (!late) return `${period}-0${1 + (day % 9)}` as IsoDate;
  return addDays(`${period}-15`, 8 + (day % 28));
}

interface PaymentPlan {
  stoppedFrom: Map<string, Period>;
  behindOpds: Set<number>;
}

/**
 * Who pays how: a few ASN stop from some month (never a demo login, whose page shows a met
 * obligation), and a few OPDs have not confirmed the last months yet.
 */
function paymentPlan(
  seed: number,
  shares: readonly PayrollShare[],
  periods: readonly Period[],
  spared: ReadonlySet<string>,
  sparedOpds: ReadonlySet<number>,
): PaymentPlan {
  const stoppedFrom = new Map<string, Period>();
  const stopMonths = periods.slice(1, Math.max(2, periods.length - 5));
  for (const nip of new Set(shares.map((share) => share.nip))) {
    if (spared.has(nip) || chance(seed, 'stop', nip) >= DEMO_LEDGER.stoppingAsnShare) continue;
    stoppedFrom.set(nip, stopMonths[Math.floor(chance(seed, 'stop-month', nip) * stopMonths.length)]!);
  }
  const opds = [...new Set(shares.map((share) => share.opdId))].filter((id) => !sparedOpds.has(id));
  const behindOpds = new Set(
    opds
      .map((id) => ({ id, draw: chance(seed, 'behind', id) }))
      .sort((a, b) => a.draw - b.draw)
      .slice(0, DEMO_LEDGER.opdsBehind)
      .map((entry) => entry.id),
  );
  return { stoppedFrom, behindOpds };
}

/** One ASN's row of a payroll confirmation: what was deducted, on which day. */
interface Deduction {
  share: PayrollShare;
  deducted: number;
  day: IsoDate;
}

/** The payroll confirmation of the OPDs confirming one month, as their staff send it back. */
function payrollFile(rows: readonly Deduction[]): string {
  return (
    csvLine(PAYMENT_COLUMNS.payroll) +
    rows
      .map(({ share, deducted, day }) =>
        csvLine([share.reference, share.period, share.nip, deducted, deducted > 0 ? day : '']),
      )
      .join('')
  );
}

interface BankLine {
  id: string;
  at: string;
  va: string;
  description: string;
  amount: number;
}

function bankFile(lines: readonly BankLine[]): string {
  return (
    csvLine(PAYMENT_COLUMNS.bank) +
    lines.map((line) => csvLine([line.id, line.at, line.va, line.description, line.amount])).join('')
  );
}

const digits = (reference: string) => reference.replace(/\D/g, '');

/** What a bill that is not an OPD's is paid with: the APBD's payment order, a company's transfer. */
function billPayment(bill: LedgerBill, index: number): { day: IsoDate; description: string } {
  if (bill.document === 'payment_order') {
    // The year's first payment orders waited for the budget to be disbursed (SP2D).
    const late = index < DEMO_LEDGER.lateApbdMonths;
    return {
      day: late ? addDays(`${bill.period}-15`, 13) : (`${bill.period}-09` as IsoDate),
      description: `SP2D IURAN BPJSTK PETANI ${bill.reference}`,
    };
  }
  return { day: `${bill.period}-07` as IsoDate, description: `TRF ${bill.reference} ${bill.payerName}` };
}

/** Two credits nobody referenced: they wait in the unmatched queue for an officer. */
function strayLines(pemdaCode: string, period: Period): BankLine[] {
  const code = digits(pemdaCode);
  return [
    {
      id: `FT${digits(period)}DEMO01`,
      at: `${period}-11 09:42`,
      va: '',
      description: 'SETORAN IURAN BPJSTK DESA',
      amount: 50_400,
    },
    {
      id: `FT${digits(period)}DEMO02`,
      at: `${period}-12 13:05`,
      va: `8808${code}${digits(period)}999999`,
      description: 'TRF IURAN PEKERJA RENTAN',
      amount: 16_800,
    },
  ];
}

export async function loadDemoLedger(
  db: Database,
  options: DemoLedgerOptions,
  { onProgress, signal }: DemoLedgerHooks = {},
): Promise<DemoLedgerLoad> {
  const { pemdaCode, seed, now } = options;
  const zone = zoneOfPemda(pemdaCode);
  const today = dayInZone(now, zone);
  const through = currentPeriod(now, zone);
  const periods = periodRange(addMonths(through, 1 - options.months), options.months);
  const billing = createBillingService({ db, now: () => now });
  const payments = createPaymentService({ db });
  const coverage = createCoverageService({ db, now: () => now });
  const claims = createClaimService({ db, coverage, now: () => now });
  const system = { actor: null };
  const spared = new Set(await selectDemoLoginNips(db, pemdaCode));
  const folder = await mkdtemp(join(tmpdir(), 'asuh-demo-ledger-'));
  let plan: PaymentPlan | null = null;
  let planned: DemoClaim[] | null = null;
  const taken: string[] = [];

  async function importText(kind: 'payroll' | 'bank', fileName: string, text: string) {
    const path = join(folder, fileName);
    await writeFile(path, text);
    await payments.importFile(path, { kind, pemdaCode, actor: null, fileName, now });
  }

  try {
    for (const [index, period] of periods.entries()) {
      signal?.throwIfAborted();
      await billing.run({ period, pemdaCode }, system);
      const shares = await selectPayrollShares(db, pemdaCode, period);
      plan ??= paymentPlan(
        seed,
        shares,
        periods,
        spared,
        new Set(shares.filter((s) => spared.has(s.nip)).map((s) => s.opdId)),
      );
      const last = index >= periods.length - DEMO_LEDGER.monthsBehind;
      const confirmed: Record<'onTime' | 'late', Deduction[]> = { onTime: [], late: [] };
      for (const share of shares) {
        if (last && plan.behindOpds.has(share.opdId)) continue;
        // Recent months are confirmed on time: lateness is a thing of the past few months' records.
        const late = !last && chance(seed, 'late', share.opdId, period) < DEMO_LEDGER.lateOpdMonthShare;
        const day = payrollDay(seed, share.opdId, period, late);
        if (day > today) continue;
        const stopped = plan.stoppedFrom.get(share.nip);
        const deducted = stopped !== undefined && stopped <= period ? 0 : share.amount;
        (late ? confirmed.late : confirmed.onTime).push({ share, deducted, day });
      }
      if (confirmed.onTime.length > 0) {
        await importText('payroll', `konfirmasi-potongan-${period}.csv`, payrollFile(confirmed.onTime));
      }
      if (confirmed.late.length > 0) {
        await importText('payroll', `konfirmasi-potongan-${period}-susulan.csv`, payrollFile(confirmed.late));
      }

      const bank: BankLine[] = [];
      for (const bill of await selectLedgerBills(db, pemdaCode, period)) {
        const { day, description } = billPayment(bill, index);
        if (day > today) continue;
        bank.push({
          id: `FT${digits(bill.reference)}`,
          at: `${day} 10:15`,
          va: `8808${digits(bill.reference)}`,
          description,
          amount: bill.amount,
        });
      }
      if (index === Math.floor(periods.length / 2)) bank.push(...strayLines(pemdaCode, period));
      if (bank.length > 0) await importText('bank', `rekening-koran-${period}.csv`, bankFile(bank));

      // A claim is handled in the month it reaches the branch, before the next month is billed:
      // a death approved then ends the sponsorship before another month is charged for it.
      planned ??= demoClaims(db, { pemdaCode, seed, through, stopped: plan.stoppedFrom, spared });
      for (const claim of planned) {
        if (claim.input.filedOn?.startsWith(period)) await fileDemoClaim(claims, db, pemdaCode, claim, taken);
      }
      onProgress?.(index + 1, periods.length);
    }
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
  return { from: periods[0]!, through, ...(await selectLedgerTotals(db, pemdaCode, periods[0]!)) };
}
