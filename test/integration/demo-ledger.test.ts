import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { DEMO_PASSWORD, type DemoLoad, loadDemo } from '../../src/demo/demo-service.ts';
import { createArrearsService } from '../../src/features/arrears/index.ts';
import { createAuthService } from '../../src/features/auth/index.ts';
import { createClaimService } from '../../src/features/claims/index.ts';
import { createCoverageService } from '../../src/features/coverage/index.ts';
import { openTestDatabase } from '../support/database.ts';

/**
 * The demo's twelve months of ledger, loaded once on a fixed clock (23 November 2026, 10:00 WIB)
 * and read as the pages read it: bills, payments, coverage, arrears and claims.
 */
const NOW = new Date('2026-11-23T03:00:00Z');
const options = { pemdaCode: '35.02', seed: 1, asn: 600, workers: 3_000, ledgerMonths: 12, now: NOW };
let db: Database;
let load: DemoLoad;

beforeAll(async () => {
  db = await openTestDatabase();
  load = await loadDemo(db, options);
}, 600_000);

afterAll(async () => {
  await db.close();
});

const coverage = () => createCoverageService({ db: db, now: () => NOW });
const system = { actor: null };

describe('the demo’s ledger', () => {
  it('bills the twelve months up to the current one and pays most of it', async () => {
    expect(load.ledger).toMatchObject({ from: '2025-12', through: '2026-11', unmatchedLines: 2, claims: 4 });
    const ledger = load.ledger!;
    expect(ledger.paid).toBeLessThan(ledger.billed);
    expect(ledger.paid / ledger.billed).toBeGreaterThan(0.97);
    const runs = await db.query<{ period: string }>(
      `SELECT to_char(period, 'YYYY-MM') AS period FROM billing_run
        WHERE pemda_code = '35.02' AND finished_at IS NOT NULL ORDER BY period`,
    );
    expect(runs.map((run) => run.period)).toEqual([
      '2025-12',
      '2026-01',
      '2026-02',
      '2026-03',
      '2026-04',
      '2026-05',
      '2026-06',
      '2026-07',
      '2026-08',
      '2026-09',
      '2026-10',
      '2026-11',
    ]);
    // Per month: the OPDs' payroll deduction lists, the APBD's payment order, the company's invoice
    // while its twelve months (July 2025 to June 2026) last.
    const documents = await db.query<{ period: string; document: string; bills: number }>(
      `SELECT to_char(period, 'YYYY-MM') AS period, document, count(*)::int AS bills FROM bill
        WHERE pemda_code = '35.02' AND document <> 'payroll_deduction' GROUP BY 1, 2 ORDER BY 1, 2`,
    );
    expect(documents.filter((row) => row.document === 'payment_order')).toHaveLength(12);
    expect(documents.filter((row) => row.document === 'invoice').map((row) => row.period)).toEqual([
      '2025-12',
      '2026-01',
      '2026-02',
      '2026-03',
      '2026-04',
      '2026-05',
      '2026-06',
    ]);
  });

  it('pays the APBD’s first three payment orders late and the later ones on time', async () => {
    const rows = await db.query<{ period: string; late: number; onTime: number }>(
      `SELECT to_char(period, 'YYYY-MM') AS period,
              count(*) FILTER (WHERE paid_at > due_at)::int AS late,
              count(*) FILTER (WHERE paid_at <= due_at)::int AS "onTime"
         FROM contribution WHERE pemda_code = '35.02' AND funding_source = 'apbd' AND period <= '2026-04-01'
        GROUP BY 1 ORDER BY 1`,
    );
    expect(rows).toEqual([
      { period: '2025-12', late: 5_014, onTime: 0 },
      { period: '2026-01', late: 5_014, onTime: 0 },
      { period: '2026-02', late: 5_014, onTime: 0 },
      { period: '2026-03', late: 0, onTime: 5_014 },
      { period: '2026-04', late: 0, onTime: 5_014 },
    ]);
  });

  it('shows the demo ASN’s workers covered today, every month paid', async () => {
    const auth = createAuthService({ db });
    const actor = (await auth.login('demo.asn.3502', DEMO_PASSWORD, { ip: '192.0.2.1' })).actor;
    const niks = await db.query<{ nik: string }>(
      `SELECT sp.nik FROM sponsorship sp JOIN sponsor s ON s.id = sp.sponsor_id
        WHERE s.nip = $1 AND sp.status = 'active' ORDER BY sp.nik`,
      [actor.role === 'asn' ? actor.nip : ''],
    );
    expect(niks.length).toBeGreaterThanOrEqual(2);
    for (const { nik } of niks) {
      const report = await coverage().coverage(nik, '2026-11-20', system);
      expect(report.on).toBe('2026-11-20');
      const months = report.ledger.months.filter((month) => month.period >= '2025-12');
      expect(months.map((month) => month.state).every((state) => state.startsWith('paid_'))).toBe(true);
      expect(months.at(-1)).toMatchObject({ period: '2026-11', state: 'paid_on_time' });
      // Sponsored since 2024, billed in Asuh only from December 2025: the earlier months are not known.
      const before = report.ledger.months.filter((month) => month.period < '2025-12');
      expect(before.length).toBeGreaterThan(0);
      expect(new Set(before.map((month) => month.state))).toEqual(new Set(['not_recorded']));
    }
  });

  it('has ASN in arrears, by OPD, with the months and amounts owed', async () => {
    const arrears = createArrearsService({ db: db, now: () => NOW });
    const page = await arrears.sponsors({ pemda: '35.02', page: 1, pageSize: 200 }, system);
    expect(page.totals.sponsors).toBeGreaterThan(0);
    expect(page.totals.amount).toBeGreaterThan(0);
    // Two OPDs have not confirmed October and November yet.
    const behind = page.items.filter((item) => item.months.join() === '2026-10,2026-11');
    expect(behind.length).toBeGreaterThan(0);
    for (const item of behind) expect(item.amount % 8_400).toBe(0);
  });

  it('refuses the claim of a death in a lapsed month, pays a farmer’s death and a medical bill', async () => {
    const claims = createClaimService({ db: db, coverage: coverage(), now: () => NOW });
    const page = await claims.list({ pemda: '35.02', page: 1, pageSize: 50 }, system, 'en');
    const byDate = new Map(page.items.map((claim) => [claim.incidentDate, claim]));
    expect(page.items).toHaveLength(4);
    expect(byDate.get('2026-09-10')).toMatchObject({
      type: 'jkm',
      status: 'paid',
      benefitAmount: 42_000_000,
      funding: { source: 'apbd' },
    });
    expect(byDate.get('2026-07-17')).toMatchObject({
      type: 'jkk',
      status: 'paid',
      benefitAmount: 7_350_000,
      funding: { source: 'asn' },
    });
    expect(byDate.get('2026-10-08')).toMatchObject({
      type: 'jkm',
      status: 'refused',
      decision: { code: 'NOT_COVERED_LAPSED' },
    });
    expect(byDate.get('2026-10-08')!.decision!.reason).toMatch(
      /^Refused\. Not covered: contributions went unpaid for more than 3 consecutive months, so the membership ended on /,
    );
    expect(byDate.get('2026-10-20')).toMatchObject({
      type: 'jkk',
      status: 'eligible',
      benefitAmount: 2_150_000,
    });

    // Approved in September, the death ends the farmer's sponsorship before October is billed.
    const [ended] = await db.query(
      `SELECT status, to_char(end_month, 'YYYY-MM') AS "endMonth" FROM sponsorship WHERE nik = $1`,
      [byDate.get('2026-09-10')!.nik],
    );
    expect(ended).toEqual({ status: 'ended', endMonth: '2026-10' });

    const roi = await claims.roi('35.02', {}, system, 'en');
    const apbd = roi.rows.find((row) => row.fundingSource === 'apbd');
    expect(apbd).toMatchObject({ benefitsPaid: 42_000_000, claimsPaid: 1 });
    expect(roi.totals.benefitsPaid).toBe(49_350_000);
  });

  it('adds nothing when loaded again', async () => {
    const counts = () =>
      db.query(
        `SELECT (SELECT count(*) FROM contribution) AS contributions, (SELECT count(*) FROM bill) AS bills,
                (SELECT count(*) FROM payment_line) AS lines, (SELECT count(*) FROM payment_allocation) AS allocations,
                (SELECT count(*) FROM claim) AS claims, (SELECT count(*) FROM claim_event) AS events`,
      );
    const before = await counts();
    const again = await loadDemo(db, options);
    expect(again.ledger).toEqual(load.ledger);
    expect(await counts()).toEqual(before);
  }, 300_000);
});
