import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/core/access.ts';
import { formatNik } from '../../src/core/identifiers/nik.ts';
import { formatNip } from '../../src/core/identifiers/nip.ts';
import type { Database } from '../../src/db/database.ts';
import { createPaymentService } from '../../src/features/payments/index.ts';
import { buildApp } from '../../src/server/app.ts';
import { runCli } from '../support/cli.ts';
import { openTestDatabase } from '../support/database.ts';
import {
  seedAsn,
  seedBill,
  seedOpd,
  seedPemda,
  seedPemdaUsers,
  seedProgramme,
  seedSponsor,
  seedSponsorship,
  seedWorkers,
} from '../support/fixtures.ts';

/**
 * One Pemda (35.02) whose bills are written directly, as a billing run leaves them; each test
 * makes its own payers and bills, imports a payment file through the CLI or the API, and reads
 * back the exact rupiah on the lines, the contributions and the bills.
 */
let db: Database;
let folder: string;
let programmeId: number;
let serial = 0;

const PAYROLL_HEADER =
  'referensi_tagihan,periode,kode_pemda,opd,nip,nama_asn,jumlah_pekerja,pekerja,jumlah_potongan,jumlah_dipotong,tanggal_potong';
const BANK_HEADER = 'id_transaksi,waktu,nomor_va,keterangan,jumlah';
const BPJSTK_HEADER = 'kpj,nik,periode,jumlah,tanggal_bayar';

const nextSerial = () => {
  serial += 1;
  return serial;
};
const newNik = () =>
  formatNik({ districtCode: '35.02.01', birthDate: '1975-08-09', sex: 'female', serial: nextSerial() });
const reference = (n: number, period = '202401') => `ASUH-3502-${period}-${String(n).padStart(6, '0')}`;

/** Workers of a sponsor, each with a sponsorship from October 2023. */
async function sponsorWorkers(sponsorId: number, count: number, kpj?: string) {
  const sponsorships: number[] = [];
  const niks: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const nik = newNik();
    await seedWorkers(db, '35.02', [{ nik }]);
    if (kpj) await db.query('UPDATE worker SET kpj = $1 WHERE nik = $2', [kpj, nik]);
    sponsorships.push(
      await seedSponsorship(db, { pemdaCode: '35.02', programmeId, sponsorId, nik, firstMonth: '2023-10' }),
    );
    niks.push(nik);
  }
  return { sponsorships, niks };
}

async function asnSponsor(opdId: number, workers: number) {
  const nip = formatNip({
    birthDate: '1980-05-17',
    appointmentMonth: '2005-03',
    sex: 'male',
    serial: nextSerial(),
  });
  await seedAsn(db, '35.02', opdId, { nip, name: `ASN ${serial}` });
  const sponsorId = await seedSponsor(db, { pemdaCode: '35.02', kind: 'asn', nip });
  return { nip, sponsorId, ...(await sponsorWorkers(sponsorId, workers)) };
}

async function companySponsor(workers: number, kpj?: string) {
  const sponsorId = await seedSponsor(db, {
    pemdaCode: '35.02',
    kind: 'organisation',
    organisationName: `PT Peduli ${nextSerial()}`,
  });
  return { sponsorId, ...(await sponsorWorkers(sponsorId, workers, kpj)) };
}

const newOpd = () => seedOpd(db, '35.02', `Dinas Uji ${nextSerial()}`);

/** A company's January invoice of one worker-month. */
async function invoice(n: number) {
  const company = await companySponsor(1);
  const ref = reference(n);
  const bill = await seedBill(db, {
    pemdaCode: '35.02',
    period: '2024-01',
    reference: ref,
    sponsorId: company.sponsorId,
    lines: [{ sponsorshipId: company.sponsorships[0]! }],
  });
  return { ref, ...bill };
}

/** An ASN of a new OPD sponsoring one worker, on that OPD's January deduction list. */
async function payrollBill(n: number) {
  const opdId = await newOpd();
  const asn = await asnSponsor(opdId, 1);
  const ref = reference(n);
  const bill = await seedBill(db, {
    pemdaCode: '35.02',
    period: '2024-01',
    reference: ref,
    opdId,
    lines: [{ sponsorshipId: asn.sponsorships[0]! }],
  });
  return { ref, ...asn, ...bill };
}

async function file(name: string, lines: string[]): Promise<string> {
  const path = join(folder, name);
  await writeFile(path, `${lines.join('\r\n')}\r\n`);
  return path;
}

async function importCli(path: string, kind: string, extra: string[] = []) {
  const run = await runCli(
    ['payments', 'import', path, '--kind', kind, '--pemda', '35.02', '--json', ...extra],
    db,
  );
  if (run.code !== 0) throw new Error(`payments import failed (${run.code}): ${run.stderr}`);
  return JSON.parse(run.stdout) as Record<string, unknown>;
}

async function contributions(ids: number[]) {
  return db.query<{ id: number; paid_amount: number; status: string; paid_at: string | null }>(
    `SELECT id, paid_amount, status,
            to_char(paid_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS paid_at
       FROM contribution WHERE id = ANY($1::int8[]) ORDER BY array_position($1::int8[], id)`,
    [ids],
  );
}

async function billCounters(billId: number) {
  const [row] = await db.query<{ paid_amount: number; reconciled_amount: number }>(
    'SELECT paid_amount, reconciled_amount FROM bill WHERE id = $1',
    [billId],
  );
  return row!;
}

beforeAll(async () => {
  db = await openTestDatabase();
  folder = await mkdtemp(join(tmpdir(), 'asuh-payments-'));
  await seedPemda(db, '35.02');
  await seedPemda(db, '35.03');
  programmeId = await seedProgramme(db, {
    pemdaCode: '35.02',
    key: 'uji-bayar',
    name: 'Program uji',
    kind: 'donor',
  });
});

afterAll(async () => {
  await db?.close();
  await rm(folder, { recursive: true, force: true });
});

describe('payroll deduction confirmations', () => {
  it('pay each ASN’s contributions on the OPD’s bill; exact and short lines are kept to the rupiah', async () => {
    const opdId = await newOpd();
    const a = await asnSponsor(opdId, 2);
    const b = await asnSponsor(opdId, 1);
    const ref = reference(1);
    const bill = await seedBill(db, {
      pemdaCode: '35.02',
      period: '2024-01',
      reference: ref,
      opdId,
      lines: [...a.sponsorships, ...b.sponsorships].map((sponsorshipId) => ({ sponsorshipId })),
    });
    // The billing feature's deduction list, sent back with what was deducted and when.
    const path = await file('potongan-januari.csv', [
      PAYROLL_HEADER,
      `${ref},2024-01,35.02,Dinas Uji,${a.nip},ASN A,2,"Siti (3502********0001); Wati (3502********0002)",33600,33600,2024-01-25`,
      `${ref},2024-01,35.02,Dinas Uji,${b.nip},ASN B,1,Sri (3502********0003),16800,10000,2024-01-25`,
    ]);

    const summary = await importCli(path, 'payroll');

    expect(summary).toMatchObject({
      alreadyImported: false,
      kind: 'payroll',
      pemda: '35.02',
      rowsRead: 2,
      lines: 2,
      matched: 1,
      partial: 1,
      over: 0,
      unmatched: 0,
      repeated: 0,
      rejected: 0,
      amountTotal: 43_600,
      amountAllocated: 43_600,
      amountCredit: 0,
      amountUnmatched: 0,
      stillUnmatched: 0,
      errorFile: null,
    });
    // Paid on 25 January in Ponorogo (WIB): from the start of that day, 17:00 UTC the day before.
    expect(await contributions(bill.contributionIds)).toEqual([
      { id: bill.contributionIds[0], paid_amount: 16_800, status: 'paid', paid_at: '2024-01-24T17:00:00Z' },
      { id: bill.contributionIds[1], paid_amount: 16_800, status: 'paid', paid_at: '2024-01-24T17:00:00Z' },
      { id: bill.contributionIds[2], paid_amount: 10_000, status: 'billed', paid_at: null },
    ]);
    expect(await billCounters(bill.billId)).toEqual({ paid_amount: 43_600, reconciled_amount: 43_600 });
    const lines = await db.query(
      `SELECT nip, match_method, status, allocated, credit FROM payment_line WHERE import_id = $1 ORDER BY row_number`,
      [summary.importId],
    );
    expect(lines).toEqual([
      { nip: a.nip, match_method: 'reference_nip', status: 'matched', allocated: 33_600, credit: 0 },
      { nip: b.nip, match_method: 'reference_nip', status: 'partial', allocated: 10_000, credit: 0 },
    ]);
  });

  it('read as XLSX: a short payment pays the oldest month first, an over-payment keeps its surplus as credit', async () => {
    const opdId = await newOpd();
    const c = await asnSponsor(opdId, 1);
    const d = await asnSponsor(opdId, 1);
    const ref = reference(2);
    // December was billed late, on January's bill.
    const bill = await seedBill(db, {
      pemdaCode: '35.02',
      period: '2024-01',
      reference: ref,
      opdId,
      lines: [
        { sponsorshipId: c.sponsorships[0]!, period: '2024-01' },
        { sponsorshipId: c.sponsorships[0]!, period: '2023-12' },
        { sponsorshipId: d.sponsorships[0]! },
      ],
    });
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Potongan gaji');
    sheet.addRow(PAYROLL_HEADER.split(','));
    sheet.addRow([ref, '2024-01', '35.02', 'Dinas Uji', c.nip, 'ASN C', 1, '', 33_600, 20_000, '2024-01-26']);
    sheet.addRow([
      ref,
      '2024-01',
      '35.02',
      'Dinas Uji',
      d.nip,
      'ASN D',
      1,
      '',
      16_800,
      20_000,
      new Date(Date.UTC(2024, 0, 26)),
    ]);
    const path = join(folder, 'potongan.xlsx');
    await workbook.xlsx.writeFile(path);

    const summary = await importCli(path, 'payroll');

    expect(summary).toMatchObject({
      lines: 2,
      matched: 0,
      partial: 1,
      over: 1,
      amountTotal: 40_000,
      amountAllocated: 36_800,
      amountCredit: 3_200,
    });
    const [january, december, other] = await contributions(bill.contributionIds);
    expect(december).toMatchObject({ paid_amount: 16_800, status: 'paid', paid_at: '2024-01-25T17:00:00Z' });
    expect(january).toMatchObject({ paid_amount: 3_200, status: 'billed', paid_at: null });
    expect(other).toMatchObject({ paid_amount: 16_800, status: 'paid' });
    // Received 40,000 against the bill; 36,800 of it reconciled to contributions, 3,200 held as credit.
    expect(await billCounters(bill.billId)).toEqual({ paid_amount: 40_000, reconciled_amount: 36_800 });
    const [over] = await db.query(
      `SELECT status, allocated, credit FROM payment_line WHERE import_id = $1 AND nip = $2`,
      [summary.importId, d.nip],
    );
    expect(over).toEqual({ status: 'over', allocated: 16_800, credit: 3_200 });
  });

  it('match a line without a reference by NIP and period', async () => {
    const opdId = await newOpd();
    const e = await asnSponsor(opdId, 1);
    const bill = await seedBill(db, {
      pemdaCode: '35.02',
      period: '2024-02',
      reference: reference(3, '202402'),
      opdId,
      lines: [{ sponsorshipId: e.sponsorships[0]! }],
    });
    const path = await file('tanpa-referensi.csv', [
      PAYROLL_HEADER,
      `,2024-02,35.02,Dinas Uji,${e.nip},ASN E,1,,16800,16800,2024-02-20`,
    ]);

    const summary = await importCli(path, 'payroll');

    expect(summary).toMatchObject({ lines: 1, matched: 1, amountAllocated: 16_800 });
    const [line] = await db.query('SELECT match_method, bill_id FROM payment_line WHERE import_id = $1', [
      summary.importId,
    ]);
    expect(line).toEqual({ match_method: 'nip_period', bill_id: bill.billId });
    expect((await contributions(bill.contributionIds))[0]).toMatchObject({ status: 'paid' });
  });

  it('take a row of 0 as nothing deducted, and write unreadable rows to the error file', async () => {
    const opdId = await newOpd();
    const f = await asnSponsor(opdId, 1);
    const g = await asnSponsor(opdId, 1);
    const ref = reference(4);
    await seedBill(db, {
      pemdaCode: '35.02',
      period: '2024-01',
      reference: ref,
      opdId,
      lines: [...f.sponsorships, ...g.sponsorships].map((sponsorshipId) => ({ sponsorshipId })),
    });
    const path = await file('dengan-kesalahan.csv', [
      PAYROLL_HEADER,
      `${ref},2024-01,35.02,Dinas Uji,${f.nip},ASN F,1,,16800,0,`,
      `${ref},2024-01,35.02,Dinas Uji,${g.nip.slice(1)},ASN G,1,,16800,16800,2024-01-25`,
      `${ref},2024-01,35.02,Dinas Uji,${g.nip},ASN G,1,,16800,16800,2099-01-25`,
      `${ref},2024-01,35.02,Dinas Uji,${g.nip},ASN G,1,,16800,enam belas ribu,2024-01-25`,
      `${ref},2024-01,35.02,Dinas Uji,${g.nip},ASN G,1,,16800,16800,2024-01-25`,
    ]);
    const errorFile = join(folder, 'kesalahan-potongan.csv');

    const summary = await importCli(path, 'payroll', ['--error-file', errorFile]);

    expect(summary).toMatchObject({
      rowsRead: 5,
      nothingPaid: 1,
      rejected: 3,
      lines: 1,
      matched: 1,
      errorFile,
    });
    const text = (await readFile(errorFile, 'utf8')).replace(/^\uFEFF/, '');
    const rows = text
      .trim()
      .split('\r\n')
      .map((line) => line.split(',').slice(0, 5));
    expect(rows).toEqual([
      ['baris', 'kolom', 'nilai', 'tingkat', 'kode'],
      ['3', 'nip', g.nip.slice(1), 'ditolak', 'NIP_LENGTH'],
      ['4', 'tanggal_potong', '2099-01-25', 'ditolak', 'PAYMENT_DATE_FUTURE'],
      ['5', 'jumlah_dipotong', 'enam belas ribu', 'ditolak', 'RUPIAH_INVALID'],
    ]);
  });

  it('put a NIP that is not on the referenced bill in the unmatched queue', async () => {
    const { ref } = await payrollBill(5);
    const stranger = await asnSponsor(await newOpd(), 1);
    const path = await file('nip-asing.csv', [
      PAYROLL_HEADER,
      `${ref},2024-01,35.02,Dinas Uji,${stranger.nip},ASN X,1,,16800,16800,2024-01-25`,
    ]);

    const summary = await importCli(path, 'payroll');

    expect(summary).toMatchObject({ lines: 1, unmatched: 1, amountUnmatched: 16_800, stillUnmatched: 1 });
    const run = await runCli(['payments', 'unmatched', '--pemda', '35.02', '--json'], db, {
      ASUH_LANG: 'en',
    });
    const queue = JSON.parse(run.stdout) as { items: { nip: string; reasonCode: string; reason: string }[] };
    expect(queue.items.find((item) => item.nip === stranger.nip)).toMatchObject({
      reasonCode: 'NIP_NOT_IN_BILL',
      reason: `No ASN with NIP ${stranger.nip} is listed on the bill ${ref}.`,
    });
  });
});

describe('bank virtual-account statements', () => {
  it('match the reference in the description or the VA number after the bank’s prefix; others wait, debits are refused', async () => {
    const first = await companySponsor(2);
    const second = await companySponsor(1);
    const refs = [reference(106), reference(107)];
    const bills = [
      await seedBill(db, {
        pemdaCode: '35.02',
        period: '2024-01',
        reference: refs[0]!,
        sponsorId: first.sponsorId,
        lines: first.sponsorships.map((sponsorshipId) => ({ sponsorshipId })),
      }),
      await seedBill(db, {
        pemdaCode: '35.02',
        period: '2024-01',
        reference: refs[1]!,
        sponsorId: second.sponsorId,
        lines: second.sponsorships.map((sponsorshipId) => ({ sponsorshipId })),
      }),
    ];
    const path = await file('rekening-koran.csv', [
      BANK_HEADER,
      'TX-1,2024-01-20 14:05,,TRF ASUH3502202401000106 PT PEDULI,33.600',
      'TX-2,20/01/2024 15:00,8808 3502 2024 0100 0107,SETORAN VA,16800',
      'TX-3,2024-01-21 09:00,88089999999999999999,SETORAN VA,5000',
      'TX-4,2024-01-21 10:00,,TRANSFER,7000',
      'TX-5,2024-01-21 11:00,,ASUH-3502-202401-000106 KOREKSI,-16800',
    ]);
    const errorFile = join(folder, 'kesalahan-bank.csv');

    const summary = await importCli(path, 'bank', ['--error-file', errorFile]);

    expect(summary).toMatchObject({
      rowsRead: 5,
      lines: 4,
      matched: 2,
      unmatched: 2,
      rejected: 1,
      amountTotal: 62_400,
      amountAllocated: 50_400,
      amountUnmatched: 12_000,
    });
    // 14:05 in Ponorogo is 07:05 UTC.
    expect((await contributions(bills[0]!.contributionIds)).map((c) => [c.status, c.paid_at])).toEqual([
      ['paid', '2024-01-20T07:05:00Z'],
      ['paid', '2024-01-20T07:05:00Z'],
    ]);
    expect((await contributions(bills[1]!.contributionIds))[0]).toMatchObject({ status: 'paid' });
    const unmatched = await db.query(
      `SELECT bank_transaction_id, unmatched_code FROM payment_line WHERE import_id = $1 AND status = 'unmatched' ORDER BY row_number`,
      [summary.importId],
    );
    expect(unmatched).toEqual([
      { bank_transaction_id: 'TX-3', unmatched_code: 'REFERENCE_UNKNOWN' },
      { bank_transaction_id: 'TX-4', unmatched_code: 'NO_REFERENCE' },
    ]);
    const codes = (await readFile(errorFile, 'utf8'))
      .trim()
      .split('\r\n')
      .slice(1)
      .map((line) => line.split(',').slice(0, 5));
    expect(codes).toEqual([
      ['5', 'keterangan', 'TRANSFER', 'peringatan', 'PAYMENT_NO_REFERENCE'],
      ['6', 'jumlah', '-16800', 'ditolak', 'RUPIAH_NEGATIVE'],
    ]);
  });
});

describe('BPJSTK payment confirmations', () => {
  it('match by NIK or by KPJ and the month; an unknown KPJ and a month never billed wait', async () => {
    const byNik = await companySponsor(1);
    const byKpj = await companySponsor(1, '12345678901');
    const bill = await seedBill(db, {
      pemdaCode: '35.02',
      period: '2024-01',
      reference: reference(108),
      sponsorId: byNik.sponsorId,
      lines: byNik.sponsorships.map((sponsorshipId) => ({ sponsorshipId })),
    });
    const kpjBill = await seedBill(db, {
      pemdaCode: '35.02',
      period: '2024-01',
      reference: reference(109),
      sponsorId: byKpj.sponsorId,
      lines: byKpj.sponsorships.map((sponsorshipId) => ({ sponsorshipId })),
    });
    const path = await file('konfirmasi-bpjstk.csv', [
      BPJSTK_HEADER,
      `,${byNik.niks[0]},2024-01,16800,2024-01-15`,
      '12345678901,,2024-01,16800,2024-01-16',
      '99999999999,,2024-01,16800,2024-01-16',
      `,${byNik.niks[0]},2023-05,16800,2024-01-16`,
    ]);

    const summary = await importCli(path, 'bpjstk');

    expect(summary).toMatchObject({ lines: 4, matched: 2, unmatched: 2, amountAllocated: 33_600 });
    expect((await contributions(bill.contributionIds))[0]).toMatchObject({
      status: 'paid',
      paid_at: '2024-01-14T17:00:00Z',
    });
    expect((await contributions(kpjBill.contributionIds))[0]).toMatchObject({ status: 'paid' });
    const lines = await db.query(
      `SELECT match_method, unmatched_code FROM payment_line WHERE import_id = $1 ORDER BY row_number`,
      [summary.importId],
    );
    expect(lines).toEqual([
      { match_method: 'nik_period', unmatched_code: null },
      { match_method: 'kpj_period', unmatched_code: null },
      { match_method: null, unmatched_code: 'KPJ_UNKNOWN' },
      { match_method: null, unmatched_code: 'WORKER_PERIOD_UNKNOWN' },
    ]);
  });
});

describe('allocation', () => {
  it('never loses or invents a rupiah: oldest months first, the surplus as credit, whatever the amounts', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: 40_000 }), { minLength: 1, maxLength: 4 }),
        fc.array(fc.integer({ min: 1, max: 60_000 }), { minLength: 1, maxLength: 3 }),
        async (owed, paid) => {
          run += 1;
          const company = await companySponsor(1);
          const ref = reference(500 + run);
          // One worker's months, October 2023 onwards, all on this bill.
          const bill = await seedBill(db, {
            pemdaCode: '35.02',
            period: '2024-01',
            reference: ref,
            sponsorId: company.sponsorId,
            lines: owed.map((amount, month) => ({
              sponsorshipId: company.sponsorships[0]!,
              period:
                `${2023 + Math.floor((9 + month) / 12)}-${String(((9 + month) % 12) + 1).padStart(2, '0')}` as `${number}-${number}`,
              amount,
            })),
          });
          const path = await file(`acak-${run}.csv`, [
            BANK_HEADER,
            ...paid.map(
              (amount, index) => `PB-${run}-${index},2024-01-${10 + index} 08:00,,${ref},${amount}`,
            ),
          ]);
          await createPaymentService({ db: db }).importFile(path, {
            kind: 'bank',
            pemdaCode: '35.02',
            actor: null,
          });

          const totalOwed = owed.reduce((sum, amount) => sum + amount, 0);
          const totalPaid = paid.reduce((sum, amount) => sum + amount, 0);
          const months = await contributions(bill.contributionIds);
          const lines = await db.query<{ amount: number; allocated: number; credit: number }>(
            `SELECT amount, allocated, credit FROM payment_line WHERE bill_id = $1`,
            [bill.billId],
          );
          expect(lines.every((line) => line.allocated + line.credit === line.amount)).toBe(true);
          expect(months.reduce((sum, month) => sum + month.paid_amount, 0)).toBe(
            Math.min(totalOwed, totalPaid),
          );
          expect(lines.reduce((sum, line) => sum + line.credit, 0)).toBe(Math.max(0, totalPaid - totalOwed));
          // Oldest first: paid months, then at most one part-paid month, then unpaid ones.
          let remaining = totalPaid;
          for (const [index, month] of months.entries()) {
            expect(month.paid_amount).toBe(Math.min(owed[index]!, remaining));
            expect(month.status).toBe(month.paid_amount === owed[index] ? 'paid' : 'billed');
            remaining -= month.paid_amount;
          }
          expect(await billCounters(bill.billId)).toEqual({
            paid_amount: totalPaid,
            reconciled_amount: Math.min(totalOwed, totalPaid),
          });
        },
      ),
      { numRuns: 15 },
    );
  });
});

describe('re-imports', () => {
  async function ledger() {
    const [row] = await db.query(
      `SELECT (SELECT count(*) FROM payment_import)::int AS imports,
              (SELECT count(*) FROM payment_line)::int AS lines,
              (SELECT coalesce(sum(amount), 0) FROM payment_allocation)::int8 AS allocated,
              (SELECT sum(paid_amount) FROM contribution)::int8 AS contributions_paid,
              (SELECT sum(paid_amount) FROM bill)::int8 AS bills_paid,
              (SELECT count(*) FROM audit_log WHERE action = 'payments.import')::int AS audited`,
    );
    return row;
  }

  it('of the same file change nothing, and say so', async () => {
    const { ref, nip } = await payrollBill(10);
    const path = await file('dua-kali.csv', [
      PAYROLL_HEADER,
      `${ref},2024-01,35.02,Dinas Uji,${nip},ASN J,1,,16800,16800,2024-01-25`,
    ]);
    const first = await importCli(path, 'payroll');
    const before = await ledger();

    const again = await importCli(path, 'payroll');
    const said = await runCli(['payments', 'import', path, '--kind', 'payroll', '--pemda', '35.02'], db);

    expect(again).toMatchObject({ alreadyImported: true, importId: first.importId, lines: 1, matched: 1 });
    expect(said.stdout).toBe('Berkas ini sudah pernah diimpor; tidak ada yang berubah.\n');
    expect(await ledger()).toEqual(before);
  });

  it('of a line in a later file count it once, warn about it, and date the month by its last payment', async () => {
    const { ref, ...bill } = await invoice(110);
    const first = await file('koran-1.csv', [BANK_HEADER, `TA-1,2024-01-10 08:00,,${ref},10000`]);
    const second = await file('koran-2.csv', [
      BANK_HEADER,
      `TA-1,2024-01-10 08:00,,${ref},10000`,
      `TA-2,2024-01-17 08:00,,${ref},6800`,
    ]);
    const errorFile = join(folder, 'kesalahan-koran-2.csv');

    expect(await importCli(first, 'bank')).toMatchObject({ lines: 1, partial: 1, amountAllocated: 10_000 });
    const later = await importCli(second, 'bank', ['--error-file', errorFile]);

    expect(later).toMatchObject({ rowsRead: 2, lines: 1, repeated: 1, matched: 1, amountTotal: 6_800 });
    expect((await contributions(bill.contributionIds))[0]).toMatchObject({
      paid_amount: 16_800,
      status: 'paid',
      paid_at: '2024-01-17T01:00:00Z',
    });
    expect(await billCounters(bill.billId)).toEqual({ paid_amount: 16_800, reconciled_amount: 16_800 });
    const [, warning] = (await readFile(errorFile, 'utf8')).trim().split('\r\n');
    expect(warning!.split(',').slice(0, 5)).toEqual([
      '2',
      'id_transaksi',
      'TA-1',
      'peringatan',
      'PAYMENT_LINE_REPEATED',
    ]);
  });
});

describe('over HTTP', () => {
  let app: FastifyInstance;
  let actor: Actor | null = null;
  const as: Record<string, Actor> = {};

  beforeAll(async () => {
    const opdId = await newOpd();
    Object.assign(
      as,
      await seedPemdaUsers(db, {
        pemdaCode: '35.02',
        opdId,
        otherPemdaCode: '35.03',
        officerUsername: 'bpjstk.3502',
      }),
    );
    app = await buildApp({
      db,
      webDir: null,
      actorOverride: () => actor,
      imports: { uploadsDir: join(folder, 'uploads'), maxBytes: 1024 * 1024 },
    });
  });

  afterAll(async () => {
    await app.close();
  });

  async function call(method: 'GET' | 'POST', url: string, who: Actor | null, payload?: object) {
    actor = who;
    const response = await app.inject({
      method,
      url,
      headers: { 'accept-language': 'en' },
      ...(payload ? { payload } : {}),
    });
    const json = response.headers['content-type']?.toString().startsWith('application/json');
    return { status: response.statusCode, body: json ? response.json() : null, text: response.body };
  }

  async function upload(who: Actor, fields: Record<string, string>, content: string, fileName: string) {
    actor = who;
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    form.append('file', new Blob([content]), fileName);
    const encoded = new Response(form);
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/payments/imports',
      headers: { 'content-type': encoded.headers.get('content-type')!, 'accept-language': 'en' },
      payload: Buffer.from(await encoded.arrayBuffer()),
    });
    return { status: response.statusCode, body: response.json() };
  }

  it('uploads a statement: 201 with the summary; the same file again is 200 and changes nothing', async () => {
    const paid = await invoice(201);
    const content = [
      BANK_HEADER,
      `HB-1,2024-01-22 10:00,,${paid.ref},16800`,
      'HB-2,2024-01-22 11:00,77773502202401999999,SETORAN,16800',
      'HB-3,kemarin,,SETORAN,16800',
    ].join('\n');

    const created = await upload(as.admin!, { kind: 'bank', pemda: '35.02' }, content, 'koran-http.csv');
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      alreadyImported: false,
      message:
        '2 payments recorded (Rp 33.600): 1 exact, 0 short, 0 over (credit Rp 0), 1 unmatched. 0 rows were imported before, 1 rows rejected.',
      import: {
        kind: 'bank',
        fileName: 'koran-http.csv',
        status: 'completed',
        summary: { lines: 2, matched: 1, unmatched: 1, rejected: 1, amountAllocated: 16_800 },
        stillUnmatched: 1,
      },
    });
    const id = created.body.import.id as string;

    const again = await upload(as.admin!, { kind: 'bank', pemda: '35.02' }, content, 'lagi.csv');
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({
      alreadyImported: true,
      message: 'This file was imported before; nothing changed.',
      import: { id },
    });

    const listed = await call('GET', '/api/v1/payments/imports?pemda=35.02', as.officer!);
    expect(listed.body.items.filter((item: { id: string }) => item.id === id)).toHaveLength(1);
    const errors = await call('GET', created.body.import.errorFileUrls.csv, as.admin!);
    expect(errors.status).toBe(200);
    expect(errors.text).toContain('4,waktu,kemarin,ditolak,PAYMENT_DATE_FORMAT');
  });

  it('refuses a kind it does not know, and a file without the columns of its kind', async () => {
    const unknown = await upload(
      as.admin!,
      { kind: 'giro', pemda: '35.02' },
      `${BANK_HEADER}\nX,2024-01-01,,x,1`,
      'x.csv',
    );
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe('PAYMENT_KIND');
    const columns = await upload(
      as.admin!,
      { kind: 'bpjstk', pemda: '35.02' },
      `${BANK_HEADER}\nX,2024-01-01,,x,1`,
      'x.csv',
    );
    expect(columns.status).toBe(400);
    expect(columns.body.error.code).toBe('IMPORT_COLUMNS_MISSING');
  });

  it('lists the unmatched queue and lets an officer assign a line to a bill, with the reason audited', async () => {
    const owed = await invoice(202);
    const content = [BANK_HEADER, 'HQ-1,2024-01-23 09:30,5555000011112222,SETORAN TANPA BERITA,16800'].join(
      '\n',
    );
    const imported = await upload(as.admin!, { kind: 'bank', pemda: '35.02' }, content, 'koran-antrean.csv');
    const queue = await call('GET', '/api/v1/payments/unmatched?pemda=35.02&pageSize=200', as.officer!);
    expect(queue.status).toBe(200);
    const line = queue.body.items.find(
      (item: { importId: string }) => item.importId === imported.body.import.id,
    );
    expect(line).toMatchObject({
      kind: 'bank',
      rowNumber: 2,
      amount: 16_800,
      paidAt: '2024-01-23T02:30:00Z',
      vaNumber: '5555000011112222',
      reasonCode: 'REFERENCE_UNKNOWN',
      reason: 'No bill of this Pemda has the reference or VA number 5555000011112222.',
    });

    const resolved = await call('POST', `/api/v1/payments/unmatched/${line.id}/resolve`, as.officer!, {
      action: 'assign',
      reference: owed.ref.replaceAll('-', ' '),
      reason: 'VA salah ketik; dikonfirmasi dengan bank',
    });

    expect(resolved).toMatchObject({
      status: 200,
      body: { id: line.id, status: 'matched', billReference: owed.ref, allocated: 16_800, credit: 0 },
    });
    expect((await contributions(owed.contributionIds))[0]).toMatchObject({
      status: 'paid',
      paid_at: '2024-01-23T02:30:00Z',
    });
    expect(await billCounters(owed.billId)).toEqual({ paid_amount: 16_800, reconciled_amount: 16_800 });
    const [audit] = await db.query(
      `SELECT username, role, entity_id, details->>'reason' AS reason, details->>'billReference' AS bill
         FROM audit_log WHERE action = 'payments.resolve' AND entity_id = $1`,
      [String(line.id)],
    );
    expect(audit).toEqual({
      username: 'bpjstk.3502',
      role: 'bpjstk_officer',
      entity_id: String(line.id),
      reason: 'VA salah ketik; dikonfirmasi dengan bank',
      bill: owed.ref,
    });
    const twice = await call('POST', `/api/v1/payments/unmatched/${line.id}/resolve`, as.admin!, {
      action: 'not_ours',
      reason: 'lagi',
    });
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('PAYMENT_LINE_RESOLVED');
    const after = await call('GET', '/api/v1/payments/unmatched?pemda=35.02&pageSize=200', as.admin!);
    expect(after.body.items.some((item: { id: number }) => item.id === line.id)).toBe(false);
  });

  it('marks a line not ours, or assigns it to one contribution; keeps a reason in either case', async () => {
    const owed = await invoice(203);
    const content = [
      BANK_HEADER,
      'HN-1,2024-01-24 09:00,,SALAH KIRIM,50000',
      'HN-2,2024-01-24 10:00,,SETORAN,20000',
    ].join('\n');
    const imported = await upload(as.admin!, { kind: 'bank', pemda: '35.02' }, content, 'koran-dua.csv');
    const queue = await call('GET', '/api/v1/payments/unmatched?pemda=35.02&pageSize=200', as.admin!);
    const [stray, short] = queue.body.items.filter(
      (item: { importId: string }) => item.importId === imported.body.import.id,
    );

    const noReason = await call('POST', `/api/v1/payments/unmatched/${stray.id}/resolve`, as.admin!, {
      action: 'not_ours',
      reason: '',
    });
    expect(noReason.status).toBe(400);
    const notOurs = await call('POST', `/api/v1/payments/unmatched/${stray.id}/resolve`, as.admin!, {
      action: 'not_ours',
      reason: 'Transfer untuk retribusi pasar',
    });
    expect(notOurs.body).toMatchObject({ status: 'not_ours', allocated: 0 });
    const both = await call('POST', `/api/v1/payments/unmatched/${short.id}/resolve`, as.admin!, {
      action: 'assign',
      reference: owed.ref,
      contributionId: owed.contributionIds[0],
      reason: 'dua tujuan',
    });
    expect(both.body.error.code).toBe('PAYMENT_ASSIGN_TARGET');
    const assigned = await call('POST', `/api/v1/payments/unmatched/${short.id}/resolve`, as.admin!, {
      action: 'assign',
      contributionId: owed.contributionIds[0],
      reason: 'Dikonfirmasi sponsor',
    });
    // 20,000 for a 16,800 month: the surplus stays on the line as credit, and on the bill as paid.
    expect(assigned.body).toMatchObject({ status: 'over', allocated: 16_800, credit: 3_200 });
    expect(await billCounters(owed.billId)).toEqual({ paid_amount: 20_000, reconciled_amount: 16_800 });
    const [row] = await db.query(
      'SELECT status, resolution_reason, match_method FROM payment_line WHERE id = $1',
      [stray.id],
    );
    expect(row).toEqual({
      status: 'not_ours',
      resolution_reason: 'Transfer untuk retribusi pasar',
      match_method: null,
    });
  });

  it('keeps each Pemda’s payments to its admins and the BPJSTK officers serving it', async () => {
    const content = [BANK_HEADER, 'HS-1,2024-01-25 09:00,,SETORAN,1000'].join('\n');
    const imported = await upload(as.admin!, { kind: 'bank', pemda: '35.02' }, content, 'koran-scope.csv');
    const id = imported.body.import.id as string;
    const queue = await call('GET', '/api/v1/payments/unmatched?pemda=35.02&pageSize=200', as.admin!);
    const line = queue.body.items.find((item: { importId: string }) => item.importId === id);
    const resolve = (who: Actor | null) =>
      call('POST', `/api/v1/payments/unmatched/${line.id}/resolve`, who, {
        action: 'not_ours',
        reason: 'uji akses',
      });

    expect((await call('GET', '/api/v1/payments/unmatched?pemda=35.02', null)).status).toBe(401);
    // Another Pemda's admin finds nothing there; roles that never reconcile are refused.
    for (const [who, status] of [
      [as.otherAdmin, 404],
      [as.national, 403],
      [as.opdHead, 403],
    ] as const) {
      expect((await call('GET', '/api/v1/payments/unmatched?pemda=35.02', who!)).status).toBe(status);
      expect((await call('GET', '/api/v1/payments/imports?pemda=35.02', who!)).status).toBe(status);
    }
    expect((await call('GET', `/api/v1/payments/imports/${id}`, as.otherAdmin!)).status).toBe(404);
    expect((await resolve(as.otherAdmin!)).status).toBe(404);
    expect((await resolve(as.opdHead!)).status).toBe(403);
    const refused = await upload(as.otherAdmin!, { pemda: '35.02', kind: 'bank' }, content, 'x.csv');
    expect(refused.status).toBe(403);
    expect((await call('GET', `/api/v1/payments/imports/${id}`, as.officer!)).status).toBe(200);
    expect((await resolve(as.officer!)).status).toBe(200);
  });

  it('audits the full NIKs the queue shows', async () => {
    const content = [BPJSTK_HEADER, `,${newNik()},2024-01,16800,2024-01-15`].join('\n');
    await upload(as.officer!, { kind: 'bpjstk', pemda: '35.02' }, content, 'bpjstk-http.csv');
    const queue = await call('GET', '/api/v1/payments/unmatched?pemda=35.02&pageSize=200', as.officer!);
    const niks = queue.body.items.flatMap((item: { nik: string | null }) => (item.nik ? [item.nik] : []));
    expect(niks.length).toBeGreaterThan(0);
    const [audit] = await db.query<{ niks: string[] }>(
      `SELECT details->'niks' AS niks FROM audit_log
        WHERE action = 'worker.read_nik' AND username = 'bpjstk.3502' AND details->>'route' = 'payments.unmatched'
        ORDER BY id DESC LIMIT 1`,
    );
    expect(audit!.niks).toEqual(niks);
  });
});
