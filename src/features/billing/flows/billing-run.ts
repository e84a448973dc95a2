import { ContributionError, priceMonth } from '../../../core/contributions/engine.ts';
import {
  CONTRIBUTION_RULES,
  type ContributionRules,
  type FundingSource,
  type Programme,
  SECTORS,
  type Sector,
} from '../../../core/contributions/schedules.ts';
import { DUE_DAY_RULES, deadline, dueDayRule } from '../../../core/due-dates.ts';
import { type Message, type Problem, problem } from '../../../core/message.ts';
import { formatRupiah } from '../../../core/money.ts';
import { addMonths, comparePeriods, type Period } from '../../../core/period.ts';
import { currentPeriod, TIME_ZONES, zoneOfPemda } from '../../../core/regions.ts';
import { type AppError, invalid, notFound } from '../../../errors.ts';
import { requireAccess } from '../../../platform/access/policy.ts';
import { EVERYTHING } from '../../../platform/access/scopes.ts';
import { recordAudit } from '../../../platform/audit.ts';
import { pemdaNotOnboarded } from '../../../platform/pemda.ts';
import {
  type BillableParams,
  collectLines,
  countRuns,
  distinctPriceKeys,
  firstProgrammeMonth,
  listRuns,
  lockBilling,
  openRuns,
  type Price,
  type PriceKey,
  pemdaToBill,
  preparePayers,
  writeBills,
} from '../billing-repository.ts';
import {
  type BillingCaller,
  type BillingDeps,
  type BillingRunOutcome,
  checkPeriod,
} from '../billing-service.ts';
import type { BillingTotals } from '../billing-types.ts';

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

/** Each distinct combination once: a million sponsorships come in a handful of prices. */
function price(keys: readonly PriceKey[], rules: ContributionRules): Price[] {
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

/**
 * The billing run: one month for one Pemda, or for every onboarded Pemda, in one transaction.
 * Killed at any point it leaves nothing behind, and running it again writes exactly what an
 * uninterrupted run would have; a rerun adds nothing and says so. The flow of money starts here:
 * the month's sponsorships become billing lines, priced once per combination, gathered per payer
 * and written as contributions on bills, which payment files then settle
 * (payments/flows/import-payment-file.ts) and coverage reads.
 */
export async function runBilling(
  { db, rules = CONTRIBUTION_RULES, dueRules = DUE_DAY_RULES, now = () => new Date() }: BillingDeps,
  request: { period: string; pemdaCode: string | null },
  caller: BillingCaller,
): Promise<BillingRunOutcome> {
  const period = checkPeriod(request.period);
  requireAccess(caller.actor, 'billing.run', { pemdaCode: request.pemdaCode });
  const pemdas = await pemdaToBill(db, request.pemdaCode);
  if (request.pemdaCode !== null && pemdas.length === 0) throw notFound(pemdaNotOnboarded(request.pemdaCode));
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
    const alreadyBilled = (await countRuns(tx, params.period, codes)) > 0;
    const opened = await openRuns(tx, params.period, codes, caller.actor?.userId ?? null);
    const slots = opened.map((run) => ({
      pemdaCode: run.pemdaCode,
      runId: run.id,
      dueAt: deadline('bpu', period, zoneOfPemda(run.pemdaCode), dueRules),
    }));
    // 1. The sponsorship-months not charged yet become billing lines.
    await collectLines(tx, params);
    // After the lines, so that collecting them stays the run's first read of the sponsorships:
    // a month before any programme began has none, and the refusal rolls the run back.
    checkNotBefore(period, await firstProgrammeMonth(tx, codes));
    // 2. Each combination priced once; 3. the lines gathered per payer; 4. bills and contributions.
    const prices = price(await distinctPriceKeys(tx), rules);
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
    return { ...totals, runs, message: runMessage(totals, alreadyBilled) };
  });
}
