import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REQUIRED_DOCUMENTS } from '../../core/benefits.ts';
import { addDays, type IsoDate } from '../../core/calendar.ts';
import { dayInZone } from '../../core/coverage.ts';
import { PAYMENT_COLUMNS } from '../../core/payment-files.ts';
import { addMonths, type Period, periodRange } from '../../core/period.ts';
import { currentPeriod, zoneOfPemda } from '../../core/regions.ts';
import type { Database } from '../../db/database.ts';
import { createBillingService } from '../billing/billing-service.ts';
import { createClaimService } from '../claims/claim-service.ts';
import type { RegisterClaimInput } from '../claims/claim-types.ts';
import { createCoverageService } from '../coverage/coverage-service.ts';
import { createPaymentService } from '../payments/payment-service.ts';
import { DEMO_LEDGER } from './demo-data.ts';
import { csvLine } from './demo-files.ts';
import {
  type DemoClaimPick,
  type LedgerBill,
  type PayrollShare,
  selectCoveredWorker,
  selectDemoClaim,
  selectDemoLoginNips,
  selectLapsedWorker,
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
  const billing = createBillingService(db, { now: () => now });
  const payments = createPaymentService(db);
  const coverage = createCoverageService(db, { now: () => now });
  const claims = createClaimService(db, { coverage, now: () => now });
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

type ClaimService = ReturnType<typeof createClaimService>;

interface DemoClaim {
  /** Picks the worker it is true for, none of `taken`. */
  pick(taken: readonly string[]): Promise<DemoClaimPick | undefined>;
  input: Omit<RegisterClaimInput, 'nik'>;
  /** How far the branch has taken it: decided only, or approved and paid on that day. */
  paidOn: IsoDate | null;
}

/**
 * Four claims, each on a worker the ledger makes it true for: a farmer's death paid by the APBD
 * and an ASN-sponsored worker's medical care, both covered, approved and paid; a death in a month
 * whose membership had lapsed, refused with the reason; an accident decided eligible and waiting
 * for the branch's approval.
 */
function demoClaims(
  db: Database,
  context: {
    pemdaCode: string;
    seed: number;
    through: Period;
    stopped: ReadonlyMap<string, Period>;
    spared: ReadonlySet<string>;
  },
): DemoClaim[] {
  const { pemdaCode, seed, through } = context;
  const month = (back: number) => addMonths(through, -back);
  const day = (period: Period, dayOfMonth: number) =>
    `${period}-${String(dayOfMonth).padStart(2, '0')}` as IsoDate;
  const payingAsn = [...context.spared, ...context.stopped.keys()];
  const covered =
    (draw: number, period: Period, funding: string, exceptNips: readonly string[]) =>
    (taken: readonly string[]) =>
      selectCoveredWorker(db, {
        pemdaCode,
        seed: seed + draw,
        period,
        funding,
        exceptNips,
        exceptNiks: taken,
      });
  // The stopped ASN who stopped first: four unpaid months later their workers' memberships ended.
  const firstStopped = [...context.stopped.entries()].sort(
    (a, b) => a[1].localeCompare(b[1]) || a[0].localeCompare(b[0]),
  )[0];
  return [
    {
      pick: covered(0, month(2), 'apbd', []),
      input: {
        type: 'jkm',
        benefit: 'death',
        incidentDate: day(month(2), 10),
        filedOn: day(month(2), 22),
        documents: [...REQUIRED_DOCUMENTS.byBenefit['jkm:death']],
        note: 'Meninggal karena sakit; ahli waris istri.',
      },
      paidOn: addDays(day(month(2), 22), 14),
    },
    {
      pick: covered(1, month(4), 'asn', payingAsn),
      input: {
        type: 'jkk',
        benefit: 'medical',
        incidentDate: day(month(4), 17),
        filedOn: day(month(4), 25),
        documents: [...REQUIRED_DOCUMENTS.byBenefit['jkk:medical']],
        amount: 7_350_000,
        note: 'Tangan terluka mesin perontok padi; rawat inap 4 hari.',
      },
      paidOn: day(month(3), 10),
    },
    {
      pick: async () =>
        firstStopped && selectLapsedWorker(db, { pemdaCode, nip: firstStopped[0], period: month(1) }),
      input: {
        type: 'jkm',
        benefit: 'death',
        incidentDate: day(month(1), 8),
        filedOn: day(month(1), 12),
        documents: [...REQUIRED_DOCUMENTS.byBenefit['jkm:death']],
      },
      paidOn: null,
    },
    {
      pick: covered(2, month(1), 'asn', payingAsn),
      input: {
        type: 'jkk',
        benefit: 'medical',
        incidentDate: day(month(1), 20),
        filedOn: day(month(1), 24),
        documents: [...REQUIRED_DOCUMENTS.byBenefit['jkk:medical']],
        amount: 2_150_000,
        note: 'Jatuh dari tangga saat bekerja; rawat jalan.',
      },
      paidOn: null,
    },
  ];
}

/** Registers the claim on the worker it is true for, and takes it as far as the branch has. */
async function fileDemoClaim(
  claims: ClaimService,
  db: Database,
  pemdaCode: string,
  claim: DemoClaim,
  taken: string[],
): Promise<void> {
  const system = { actor: null };
  const incidentDate = claim.input.incidentDate;
  // A rerun finds the claim it registered before by its incident: the same worker, not a new pick.
  const earlier = await selectDemoClaim(db, pemdaCode, incidentDate);
  const nik = earlier?.nik ?? (await claim.pick(taken))?.nik;
  if (!nik) return;
  taken.push(nik);
  let state = earlier ?? (await claims.register({ ...claim.input, nik, pemda: pemdaCode }, system, 'id'));
  if (state.status === 'registered') state = await claims.decide(state.id, system, 'id');
  if (claim.paidOn === null) return;
  if (state.status === 'eligible') state = await claims.approve(state.id, system, 'id');
  if (state.status === 'approved') {
    await claims.pay(
      state.id,
      { paidOn: claim.paidOn, reference: `TRF-KLAIM-${nik.slice(-6)}` },
      system,
      'id',
    );
  }
}
