import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatNik } from '../../src/core/identifiers/nik.ts';
import type { Database } from '../../src/db/database.ts';
import { openPostgres } from '../../src/db/postgres.ts';
import { createPaymentService } from '../../src/features/payments/index.ts';
import { insertImport, isSameFileViolation } from '../../src/features/payments/payment-import-repository.ts';
import { claimFile } from '../../src/features/payments/payment-repository.ts';
import { openTestDatabase } from '../support/database.ts';
import {
  seedBill,
  seedPemda,
  seedProgramme,
  seedSponsor,
  seedSponsorshipsFrom,
  seedWorkers,
} from '../support/fixtures.ts';

/**
 * Two imports of one payment file at the same time: on PostgreSQL through two connection pools,
 * on PGlite as two concurrent calls on its one connection. Whatever the timing, the money is
 * allocated once: the unique index on a completed file (and on each line) decides.
 */
let db: Database;
/** A second way into the same database: its own pool on PostgreSQL, the same handle on PGlite. */
let other: Database;
let folder: string;
let programmeId: number;
let serial = 0;

beforeAll(async () => {
  db = await openTestDatabase();
  other =
    db.engine === 'postgres'
      ? await openPostgres({ url: (db as Database & { pool: pg.Pool }).pool.options.connectionString! })
      : db;
  folder = await mkdtemp(join(tmpdir(), 'asuh-payments-race-'));
  await seedPemda(db, '35.02');
  programmeId = await seedProgramme(db, {
    pemdaCode: '35.02',
    key: 'uji-balapan',
    name: 'Uji',
    kind: 'donor',
  });
});

afterAll(async () => {
  if (other && other !== db) await other.close();
  await db?.close();
  await rm(folder, { recursive: true, force: true });
});

/** A company's invoice for three worker-months (Rp 50,400). */
async function invoice(reference: string) {
  serial += 1;
  const sponsorId = await seedSponsor(db, {
    pemdaCode: '35.02',
    kind: 'organisation',
    organisationName: `PT Balapan ${serial}`,
  });
  const niks = Array.from({ length: 3 }, () => {
    serial += 1;
    return formatNik({ districtCode: '35.02.01', birthDate: '1980-01-01', sex: 'male', serial });
  });
  await seedWorkers(
    db,
    '35.02',
    niks.map((nik) => ({ nik })),
  );
  const sponsorships = await seedSponsorshipsFrom(
    db,
    '35.02',
    '2024-01',
    niks.map((nik) => ({ nik, sponsorId, programmeId })),
  );
  const lines = sponsorships.map((sponsorshipId) => ({ sponsorshipId }));
  return seedBill(db, { pemdaCode: '35.02', period: '2024-01', reference, sponsorId, lines });
}

async function state(billId: number) {
  const [row] = await db.query(
    `SELECT (SELECT count(*) FROM payment_line l JOIN contribution c ON c.bill_id = l.bill_id
              WHERE c.id = (SELECT min(id) FROM contribution WHERE bill_id = $1))::int AS lines,
            (SELECT coalesce(sum(a.amount), 0) FROM payment_allocation a
               JOIN contribution c ON c.id = a.contribution_id WHERE c.bill_id = $1)::int8 AS allocated,
            (SELECT sum(paid_amount) FROM contribution WHERE bill_id = $1)::int8 AS contributions_paid,
            (SELECT paid_amount FROM bill WHERE id = $1) AS bill_paid`,
    [billId],
  );
  return row;
}

const options = { kind: 'bank', pemdaCode: '35.02', actor: null } as const;

describe('concurrent payment imports', () => {
  it('of the same file allocate once: one completes, the other reports the file as imported', async () => {
    const bill = await invoice('ASUH-3502-202401-000901');
    const path = join(folder, 'koran-sama.csv');
    await writeFile(
      path,
      'id_transaksi,waktu,nomor_va,keterangan,jumlah\nRC-1,2024-01-20 10:00,,ASUH-3502-202401-000901,50400\n',
    );

    const results = await Promise.all([
      createPaymentService({ db: db }).importFile(path, options),
      createPaymentService({ db: other }).importFile(path, options),
    ]);

    expect(results.map((result) => result.alreadyImported).sort()).toEqual([false, true]);
    expect(results[0]!.importId).toBe(results[1]!.importId);
    expect(await state(bill.billId)).toEqual({
      lines: 1,
      allocated: 50_400,
      contributions_paid: 50_400,
      bill_paid: 50_400,
    });
    const imports = await db.query<{ status: string; n: number }>(
      `SELECT status, count(*)::int AS n FROM payment_import WHERE file_name = 'koran-sama.csv' GROUP BY status`,
    );
    expect(imports.find((row) => row.status === 'completed')?.n).toBe(1);
    expect(imports.filter((row) => !['completed', 'duplicate'].includes(row.status))).toEqual([]);
  });

  it('of two files carrying the same transaction record it once', async () => {
    const bill = await invoice('ASUH-3502-202401-000902');
    const first = join(folder, 'koran-a.csv');
    const second = join(folder, 'koran-b.csv');
    const line = 'RD-1,2024-01-21 10:00,,ASUH-3502-202401-000902,50400';
    await writeFile(first, `id_transaksi,waktu,nomor_va,keterangan,jumlah\n${line}\n`);
    await writeFile(
      second,
      `id_transaksi,waktu,nomor_va,keterangan,jumlah\n${line}\nRD-2,2024-01-21 11:00,,SETORAN,1000\n`,
    );

    const results = await Promise.all([
      createPaymentService({ db: db }).importFile(first, options),
      createPaymentService({ db: other }).importFile(second, options),
    ]);

    expect(results.every((result) => !result.alreadyImported)).toBe(true);
    expect(await state(bill.billId)).toEqual({
      lines: 1,
      allocated: 50_400,
      contributions_paid: 50_400,
      bill_paid: 50_400,
    });
    const [counts] = await db.query(
      `SELECT sum(lines)::int AS lines, sum(repeated)::int AS repeated FROM payment_import
        WHERE id = ANY($1::uuid[])`,
      [results.map((result) => result.importId)],
    );
    expect(counts).toEqual({ lines: 2, repeated: 1 });
  });

  it('let the file’s unique index decide which of two imports of it completes', async () => {
    const sha256 = 'a'.repeat(64);
    for (const id of ['00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002']) {
      await insertImport(db, {
        id,
        pemdaCode: '35.02',
        kind: 'bpjstk',
        fileName: 'x.csv',
        sha256,
        bytes: 1,
        createdBy: null,
      });
    }
    await db.transaction((tx) => claimFile(tx, '00000000-0000-4000-8000-000000000001', '35.02'));
    const second = await db
      .transaction((tx) => claimFile(tx, '00000000-0000-4000-8000-000000000002', '35.02'))
      .then(
        () => null,
        (error: unknown) => error,
      );
    expect(isSameFileViolation(second)).toBe(true);
  });
});
