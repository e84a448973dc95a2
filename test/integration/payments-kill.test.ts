import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/core/access.ts';
import type { Database, Queryable } from '../../src/db/database.ts';
import { createBillingService } from '../../src/features/billing/index.ts';
import { createPaymentService } from '../../src/features/payments/index.ts';
import {
  insertImport,
  STAGE_COLUMNS,
  stageLines,
} from '../../src/features/payments/payment-import-repository.ts';
import { claimFile, recordLines } from '../../src/features/payments/payment-repository.ts';
import { Crashed, crashingDatabase } from '../support/crash.ts';
import { migratedDatabaseForProcess, onPostgres, openTestDatabase } from '../support/database.ts';
import { seedActor, seedManySponsorships } from '../support/fixtures.ts';
import { KILLED_APPLICATION, type KillPoint, killAt } from '../support/kill.ts';

/**
 * Payment imports killed at any of their statements: the import reads as failed at once, its
 * staged lines never feed the rerun, and the rerun records the same lines, allocations and
 * balances as an import never interrupted, however many killed imports came before. The bank
 * file pays each company's bill with two transfers in the same minute, whose allocation must
 * not depend on the order the database happens to read them in.
 */
const SPONSORSHIPS = 600;
const PERIOD = '2024-01';
const PAYROLL_HEADER = 'referensi_tagihan,periode,nip,jumlah_dipotong,tanggal_potong';
const BANK_HEADER = 'id_transaksi,waktu,nomor_va,keterangan,jumlah';

let folder: string;
let twin: Database;
const paths = { payroll: '', bank: '' };

async function billed(db: Database): Promise<void> {
  await seedManySponsorships(db, { pemdaCode: '35.02', sponsorships: SPONSORSHIPS, firstMonth: PERIOD });
  await createBillingService({ db: db }).run({ period: PERIOD, pemdaCode: '35.02' }, { actor: null });
}

/** Every ASN's deduction (every seventh short by Rp 5,000), and two same-minute transfers per company bill. */
async function writeFiles(db: Queryable): Promise<void> {
  const asn = await db.query<{ reference: string; nip: string; amount: number }>(
    `SELECT b.reference, c.sponsor_nip AS nip, sum(c.amount)::int8 AS amount
       FROM contribution c JOIN bill b ON b.id = c.bill_id
      WHERE b.document = 'payroll_deduction' GROUP BY b.reference, c.sponsor_nip ORDER BY c.sponsor_nip`,
  );
  const payroll = asn.map(
    (row, index) =>
      `${row.reference},${PERIOD},${row.nip},${row.amount - (index % 7 === 0 ? 5_000 : 0)},2024-01-25`,
  );
  const bills = await db.query<{ reference: string; amount: number; members: number }>(
    `SELECT b.reference, b.billed_amount AS amount, b.member_count AS members
       FROM bill b JOIN sponsor s ON s.id = b.sponsor_id
      WHERE s.kind = 'organisation' ORDER BY b.reference`,
  );
  expect(bills.length).toBeGreaterThanOrEqual(5);
  expect(Math.min(...bills.map((bill) => bill.members))).toBeGreaterThan(2);
  const bank = bills.flatMap((bill, index) => [
    `TX-${index}-A,2024-01-20 10:15,,${bill.reference},20000`,
    `TX-${index}-B,2024-01-20 10:15,,${bill.reference},${bill.amount - 20_000}`,
  ]);
  paths.payroll = join(folder, 'payroll.csv');
  paths.bank = join(folder, 'bank.csv');
  await writeFile(paths.payroll, `${[PAYROLL_HEADER, ...payroll].join('\r\n')}\r\n`);
  await writeFile(paths.bank, `${[BANK_HEADER, ...bank].join('\r\n')}\r\n`);
}

/** What the imports recorded, by the lines' and contributions' own keys (not ids a kill consumed). */
async function ledger(db: Queryable) {
  return {
    lines: await db.query(
      `SELECT l.kind, l.line_key, l.row_number, l.amount, l.paid_at::text AS paid_at, l.status, l.allocated,
              l.credit, l.match_method, b.reference
         FROM payment_line l LEFT JOIN bill b ON b.id = l.bill_id ORDER BY l.kind, l.line_key`,
    ),
    allocations: await db.query(
      `SELECT l.line_key, c.sponsorship_id, to_char(c.period, 'YYYY-MM') AS period, a.amount
         FROM payment_allocation a
         JOIN payment_line l ON l.id = a.line_id
         JOIN contribution c ON c.id = a.contribution_id
        ORDER BY l.line_key, c.sponsorship_id, c.period`,
    ),
    contributions: await db.query(
      `SELECT sponsorship_id, to_char(period, 'YYYY-MM') AS period, paid_amount, status, paid_at::text AS paid_at
         FROM contribution ORDER BY sponsorship_id, period`,
    ),
    bills: await db.query('SELECT reference, paid_amount, reconciled_amount FROM bill ORDER BY reference'),
  };
}

async function leftovers(db: Queryable) {
  const [row] = await db.query<{ staged: number; running: number }>(
    `SELECT (SELECT count(*) FROM payment_stage) AS staged,
            (SELECT count(*) FROM payment_import WHERE status = 'running') AS running`,
  );
  return row!;
}

async function lastImportId(db: Queryable, kind: 'payroll' | 'bank'): Promise<string | undefined> {
  const [row] = await db.query<{ id: string }>(
    'SELECT id FROM payment_import WHERE kind = $1 ORDER BY created_at DESC LIMIT 1',
    [kind],
  );
  return row?.id;
}

const options = (kind: 'payroll' | 'bank') => ({ kind, pemdaCode: '35.02', actor: null });

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'asuh-payments-kill-'));
  twin = await openTestDatabase();
  await billed(twin);
  await writeFiles(twin);
  const payments = createPaymentService({ db: twin });
  for (const kind of ['payroll', 'bank'] as const) await payments.importFile(paths[kind], options(kind));
}, 120_000);

afterAll(async () => {
  await twin?.close();
  await rm(folder, { recursive: true, force: true });
});

describe('payment imports killed before each of their statements', () => {
  let killed: Database;
  let admin: Actor;

  beforeAll(async () => {
    killed = await openTestDatabase();
    await billed(killed);
    admin = await seedActor(killed, { username: 'admin-3502', role: 'pemda_admin', pemdaCode: '35.02' });
  }, 120_000);

  afterAll(async () => {
    await killed?.close();
  });

  it.each(['payroll', 'bank'] as const)(
    'a %s import reads as failed at once, and its rerun records what an uninterrupted import did',
    async (kind) => {
      // Where the statements are, learnt from an import of the same file into a copy.
      const copy = await openTestDatabase();
      let statements: string[];
      try {
        await billed(copy);
        if (kind === 'bank')
          await createPaymentService({ db: copy }).importFile(paths.payroll, options('payroll'));
        const probe = crashingDatabase(copy);
        await createPaymentService({ db: probe.db }).importFile(paths[kind], options(kind));
        statements = probe.statements;
      } finally {
        await copy.close();
      }
      const commit = statements.indexOf('COMMIT') + 1;
      expect(statements.some((sql) => sql.startsWith('ANALYZE payment_stage'))).toBe(true);
      let failed = 0;
      for (let at = 1; at <= commit; at += 1) {
        const where = `killed before statement ${at}: ${statements[at - 1]!.slice(0, 60)}`;
        const dying = crashingDatabase(killed, at);
        await expect(
          createPaymentService({ db: dying.db }).importFile(paths[kind], options(kind)),
          where,
        ).rejects.toThrow(Crashed);
        await dying.buried();
        const id = await lastImportId(killed, kind);
        if (id) {
          const seen = await createPaymentService({ db: killed }).getImport(id, admin, 'en');
          expect({ where, status: seen.status }).toEqual({ where, status: 'failed' });
          expect(seen.error).toContain('PAYMENT_IMPORT_INTERRUPTED');
          failed += 1;
        }
        expect((await leftovers(killed)).running, where).toBe(0);
      }
      expect(failed).toBeGreaterThan(commit / 2);

      const rerun = await createPaymentService({ db: killed }).importFile(paths[kind], options(kind));
      expect(rerun.alreadyImported).toBe(false);
      expect(await leftovers(killed)).toEqual({ staged: 0, running: 0 });
      if (kind === 'bank') {
        const expected = await ledger(twin);
        expect(expected.allocations.length).toBeGreaterThan(0);
        expect(await ledger(killed)).toEqual(expected);
      }
    },
    300_000,
  );
});

describe('two transfers paying one bill in the same minute', () => {
  let db: Database;

  beforeAll(async () => {
    db = await openTestDatabase();
    await billed(db);
  }, 120_000);

  afterAll(async () => {
    await db?.close();
  });

  it('pay in their file’s order, whatever order the staging table holds them in', async () => {
    const [bill] = await db.query<{ id: number; reference: string }>(
      `SELECT b.id, b.reference FROM bill b JOIN sponsor s ON s.id = b.sponsor_id
        WHERE s.kind = 'organisation' ORDER BY b.reference LIMIT 1`,
    );
    const contributions = await db.query<{ id: number; amount: number }>(
      'SELECT id, amount FROM contribution WHERE bill_id = $1 ORDER BY period, id',
      [bill!.id],
    );
    const first = contributions[0]!;
    const id = '2e9c3a6f-7e8d-4a0b-9c2d-3e4f5a6b7c8d';
    await insertImport(db, {
      id,
      pemdaCode: '35.02',
      kind: 'bank',
      fileName: 'koran.csv',
      sha256: 'a'.repeat(64),
      bytes: 100,
      createdBy: null,
    });
    // Row 3 staged before row 2, as a table read in another order after a kill gives them.
    const line = (row: number, amount: number) =>
      [
        id,
        row,
        `bank:TX-${row}`,
        bill!.reference,
        bill!.reference.replace(/\D/g, ''),
        '\\N',
        '\\N',
        '\\N',
        '\\N',
        '\\N',
        amount,
        '2024-01-20 10:15:00+07',
        `TX-${row}`,
        '\\N',
      ].join('\t');
    expect(STAGE_COLUMNS).toHaveLength(14);
    await stageLines(
      db,
      (async function* () {
        yield `${line(3, 5_000)}\n${line(2, first.amount)}\n`;
      })(),
    );
    await db.transaction(async (tx) => {
      await claimFile(tx, id, '35.02');
      await recordLines(tx, id, '35.02', 'bank');
    });
    const paid = await db.query<{ row_number: number; contribution_id: number; amount: number }>(
      `SELECT l.row_number, a.contribution_id, a.amount
         FROM payment_allocation a JOIN payment_line l ON l.id = a.line_id
        WHERE l.import_id = $1 ORDER BY l.row_number, a.contribution_id`,
      [id],
    );
    // Row 2 came first in the file: it pays the first contribution whole; row 3 the next.
    expect(paid).toEqual([
      { row_number: 2, contribution_id: first.id, amount: first.amount },
      { row_number: 3, contribution_id: contributions[1]!.id, amount: 5_000 },
    ]);
  });
});

onPostgres('the asuh process killed with SIGKILL during payment imports', () => {
  let env: { DATABASE_URL?: string };
  let close: () => Promise<void>;
  let db: Database;
  let admin: Actor;

  beforeAll(async () => {
    ({ env, db, close } = await migratedDatabaseForProcess('asuh_payments_kill'));
    await billed(db);
    admin = await seedActor(db, { username: 'admin-3502', role: 'pemda_admin', pemdaCode: '35.02' });
  }, 120_000);

  afterAll(async () => {
    await close?.();
  });

  function start(kind: 'payroll' | 'bank'): ChildProcess {
    return spawn(
      process.execPath,
      ['bin/asuh.js', 'payments', 'import', paths[kind], '--kind', kind, '--pemda', '35.02', '--json'],
      { env: { ...process.env, ...env, LOG_LEVEL: 'warn', PGAPPNAME: KILLED_APPLICATION }, stdio: 'ignore' },
    );
  }

  const points: Record<'payroll' | 'bank', KillPoint[]> = {
    payroll: [
      { trigger: { table: 'payment_stage', event: 'INSERT' }, statement: 'COPY payment_stage' },
      { lock: 'LOCK TABLE payment_stage IN SHARE UPDATE EXCLUSIVE MODE', statement: 'ANALYZE payment_stage' },
    ],
    bank: [
      // The import recorded, its lines being staged.
      { trigger: { table: 'payment_stage', event: 'INSERT' }, statement: 'COPY payment_stage' },
      // Staged, the statistics of the staging table being taken: where the probe's kills were.
      { lock: 'LOCK TABLE payment_stage IN SHARE UPDATE EXCLUSIVE MODE', statement: 'ANALYZE payment_stage' },
      // Mid-recording, the allocations being written.
      { trigger: { table: 'payment_allocation', event: 'INSERT' }, statement: 'WITH' },
      // Recorded, being audited.
      { trigger: { table: 'audit_log', event: 'INSERT' }, statement: 'INSERT INTO audit_log' },
    ],
  };

  it('reads as failed at once wherever it was killed, and the reruns allocate as uninterrupted imports', async () => {
    for (const kind of ['payroll', 'bank'] as const) {
      for (const point of points[kind]) {
        await killAt(db, env, () => start(kind), point);
        const seen = await createPaymentService({ db: db }).getImport(
          (await lastImportId(db, kind))!,
          admin,
          'en',
        );
        expect({ kind, point: point.statement, status: seen.status }).toEqual({
          kind,
          point: point.statement,
          status: 'failed',
        });
        expect((await leftovers(db)).running).toBe(0);
      }
      const rerun = start(kind);
      expect(await new Promise((resolve) => rerun.on('exit', resolve))).toBe(0);
      expect(await leftovers(db)).toEqual({ staged: 0, running: 0 });
    }
    expect(await ledger(db)).toEqual(await ledger(twin));
  }, 240_000);
});
