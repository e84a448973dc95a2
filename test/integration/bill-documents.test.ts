import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/core/access.ts';
import { formatNik } from '../../src/core/identifiers/nik.ts';
import { formatNip } from '../../src/core/identifiers/nip.ts';
import type { Database } from '../../src/db/database.ts';
import { DEDUCTION_COLUMNS } from '../../src/features/billing/bill-documents.ts';
import { buildApp } from '../../src/server/app.ts';
import { runCli } from '../support/cli.ts';
import { openTestDatabase } from '../support/database.ts';
import {
  seedActor,
  seedAsn,
  seedOpd,
  seedPemda,
  seedProgramme,
  seedSponsor,
  seedSponsorship,
  seedWorkers,
} from '../support/fixtures.ts';

/**
 * The files a January bill is sent as: Budi and Citra (Dinas Pendidikan) deduct for three
 * workers, Rp 16.800 each, plus JHT for one; PT Peduli is invoiced; the APBD gets a payment order.
 */
let db: Database;
let app: FastifyInstance;
let admin: Actor;
let actor: Actor | null = null;
let folder: string;

const nip = (serial: number) =>
  formatNip({ birthDate: '1980-05-17', appointmentMonth: '2005-03', sex: 'male', serial });
const nik = (serial: number) =>
  formatNik({ districtCode: '35.02.01', birthDate: '1975-08-09', sex: 'female', serial });
const ids: Record<string, number> = {};

beforeAll(async () => {
  db = await openTestDatabase();
  folder = await mkdtemp(join(tmpdir(), 'asuh-bills-'));
  await seedPemda(db, '35.02');
  admin = await seedActor(db, { username: 'admin.3502', role: 'pemda_admin', pemdaCode: '35.02' });
  const opd = await seedOpd(db, '35.02', 'Dinas Pendidikan');
  await seedAsn(db, '35.02', opd, { nip: nip(1), name: 'Budi Santoso' });
  await seedAsn(db, '35.02', opd, { nip: nip(2), name: 'Citra Lestari, S.Pd.' });
  await seedWorkers(db, '35.02', [
    { nik: nik(1), name: 'Siti Aminah' },
    { nik: nik(2), name: 'Wati' },
    { nik: nik(3), name: 'Sri Rahayu' },
    { nik: nik(4), name: 'Ahmad Fauzi' },
    { nik: nik(5), name: 'Suparman' },
  ]);
  const programme = await seedProgramme(db, { pemdaCode: '35.02', key: 'uji', name: 'Uji', kind: 'csr' });
  const budi = await seedSponsor(db, { pemdaCode: '35.02', kind: 'asn', nip: nip(1) });
  const citra = await seedSponsor(db, { pemdaCode: '35.02', kind: 'asn', nip: nip(2) });
  const csr = await seedSponsor(db, {
    pemdaCode: '35.02',
    kind: 'organisation',
    organisationName: 'PT Peduli',
  });
  const apbd = await seedSponsor(db, { pemdaCode: '35.02', kind: 'apbd', name: 'APBD Ponorogo 2024' });
  const base = { pemdaCode: '35.02', programmeId: programme, firstMonth: '2024-01' as const };
  await seedSponsorship(db, { ...base, sponsorId: budi, nik: nik(1) });
  await seedSponsorship(db, { ...base, sponsorId: budi, nik: nik(2) });
  await seedSponsorship(db, { ...base, sponsorId: citra, nik: nik(3), programmes: ['jkk', 'jkm', 'jht'] });
  await seedSponsorship(db, { ...base, sponsorId: csr, nik: nik(4) });
  await seedSponsorship(db, { ...base, sponsorId: apbd, nik: nik(5) });
  const run = await runCli(['billing', 'run', '--period', '2024-01', '--pemda', '35.02', '--json'], db);
  expect(JSON.parse(run.stdout)).toMatchObject({
    contributionsAdded: 5,
    billsAdded: 3,
    totalBilled: 104_000,
  });
  for (const row of await db.query<{ id: number; document: string }>('SELECT id, document FROM bill')) {
    ids[row.document] = row.id;
  }
  app = await buildApp({ db, webDir: null, actorOverride: () => actor });
});

afterAll(async () => {
  await app.close();
  await db.close();
  await rm(folder, { recursive: true, force: true });
});

async function download(url: string, as: Actor | null = admin) {
  actor = as;
  const response = await app.inject({ url, headers: { 'accept-language': 'en' } });
  return response;
}

/** The text a PDF draws: pdf-lib writes each line as a hex string inside a deflated content stream. */
function pdfText(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  const parts: string[] = [];
  for (const match of raw.matchAll(/stream\r?\n([\s\S]*?)endstream/g)) {
    let content: string;
    try {
      content = inflateSync(Buffer.from(match[1]!, 'latin1')).toString('latin1');
    } catch {
      continue;
    }
    for (const hex of content.matchAll(/<([0-9A-Fa-f]*)> Tj/g)) {
      parts.push(Buffer.from(hex[1]!, 'hex').toString('latin1'));
    }
  }
  return parts.join('\n');
}

const EXPECTED_ROWS = [
  [
    'ASUH-3502-202401-000001',
    '2024-01',
    '35.02',
    'Dinas Pendidikan',
    nip(1),
    'Budi Santoso',
    '2',
    'Siti Aminah (3502********0001); Wati (3502********0002)',
    '33600',
    '',
    '',
  ],
  [
    'ASUH-3502-202401-000001',
    '2024-01',
    '35.02',
    'Dinas Pendidikan',
    nip(2),
    'Citra Lestari, S.Pd.',
    '1',
    'Sri Rahayu (3502********0003)',
    '36800',
    '',
    '',
  ],
];

describe('bill documents', () => {
  // A field holding `;` is quoted: Excel in the Indonesian locale reads `;` as the separator.
  it('gives payroll staff a CSV deduction list Excel opens as UTF-8, one row per ASN', async () => {
    const response = await download(`/api/v1/bills/${ids.payroll_deduction}/deductions.csv`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toBe(
      'attachment; filename="ASUH-3502-202401-000001-potongan-gaji.csv"',
    );
    expect(response.body.startsWith('\uFEFF')).toBe(true);
    const lines = response.body.slice(1).split('\r\n');
    expect(lines[0]).toBe(DEDUCTION_COLUMNS.join(','));
    expect(lines[1]).toBe(
      `ASUH-3502-202401-000001,2024-01,35.02,Dinas Pendidikan,${nip(1)},Budi Santoso,2,"Siti Aminah (3502********0001); Wati (3502********0002)",33600,,`,
    );
    expect(lines[2]).toBe(
      `ASUH-3502-202401-000001,2024-01,35.02,Dinas Pendidikan,${nip(2)},"Citra Lestari, S.Pd.",1,Sri Rahayu (3502********0003),36800,,`,
    );
    expect(lines.slice(3)).toEqual(['']);
  });

  it('gives the same list as XLSX, the NIP kept as text', async () => {
    const response = await download(`/api/v1/bills/${ids.payroll_deduction}/deductions.xlsx`);
    expect(response.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Potongan gaji')!;
    const rows: string[][] = [];
    sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((value) => String(value ?? ''))));
    expect(rows[0]).toEqual([...DEDUCTION_COLUMNS]);
    expect(rows.slice(1).map((row) => row.slice(0, 9))).toEqual(EXPECTED_ROWS.map((row) => row.slice(0, 9)));
    expect(typeof sheet.getRow(2).getCell(5).value).toBe('string');
    expect(sheet.getRow(2).getCell(9).value).toBe(33_600);
  });

  it('prints each bill as a PDF with its amount in words', async () => {
    const cases = [
      [
        ids.payroll_deduction,
        'DAFTAR POTONGAN GAJI',
        'Terbilang: Tujuh puluh ribu empat ratus rupiah',
        'Budi Santoso',
      ],
      [ids.invoice, 'TAGIHAN IURAN', 'Terbilang: Enam belas ribu delapan ratus rupiah', 'Ahmad Fauzi'],
      [
        ids.payment_order,
        'PERINTAH PEMBAYARAN',
        'Terbilang: Enam belas ribu delapan ratus rupiah',
        'Suparman',
      ],
    ] as const;
    for (const [id, title, words, name] of cases) {
      const response = await download(`/api/v1/bills/${id}/bill.pdf`);
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('application/pdf');
      const pdf = response.rawPayload;
      expect((await PDFDocument.load(pdf)).getPageCount()).toBe(1);
      const text = pdfText(pdf);
      expect(text).toContain(title);
      expect(text).toContain(words);
      expect(text).toContain(name);
      expect(text).toContain('15 Januari 2024 pukul 23.59 WIB');
    }
    const invoice = pdfText((await download(`/api/v1/bills/${ids.invoice}/bill.pdf`)).rawPayload);
    expect(invoice).toContain('3502********0004');
    expect(invoice).not.toContain(nik(4));
  });

  it('refuses a deduction list of a bill that is not one, and any bill out of scope', async () => {
    const invoice = await download(`/api/v1/bills/${ids.invoice}/deductions.csv`);
    expect(invoice.statusCode).toBe(400);
    expect(invoice.json().error.message).toBe(
      'Bill ASUH-3502-202401-000002 is not a payroll deduction list; download its PDF.',
    );
    const other = await download(`/api/v1/bills/${ids.payroll_deduction}/bill.pdf`, {
      userId: 99,
      username: 'other',
      displayName: 'Other',
      role: 'pemda_admin',
      pemdaCode: '35.03',
    });
    expect(other.statusCode).toBe(404);
    const company = await download(`/api/v1/bills/${ids.invoice}/bill.pdf`, {
      userId: 98,
      username: 'peduli',
      displayName: 'PT Peduli',
      role: 'sponsor_org',
      organisationId: 1,
    });
    expect(company.statusCode).toBe(200);
  });

  it('exports a month: every bill as PDF, deduction lists as CSV and XLSX', async () => {
    const run = await runCli(
      ['billing', 'export', '--period', '2024-01', '--pemda', '35.02', '--out', folder],
      db,
      { ASUH_LANG: 'en' },
    );
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('3 bills of 2024-01: 5 files written to');
    expect((await readdir(folder)).sort()).toEqual([
      'ASUH-3502-202401-000001-potongan-gaji.csv',
      'ASUH-3502-202401-000001-potongan-gaji.xlsx',
      'ASUH-3502-202401-000001.pdf',
      'ASUH-3502-202401-000002.pdf',
      'ASUH-3502-202401-000003.pdf',
    ]);
    const csv = await readFile(join(folder, 'ASUH-3502-202401-000001-potongan-gaji.csv'), 'utf8');
    expect(csv).toContain('"Siti Aminah (3502********0001); Wati (3502********0002)",33600');
    const served = await download(`/api/v1/bills/${ids.payroll_deduction}/bill.pdf`);
    // The same bill prints the same bytes whenever it is printed.
    expect(
      Buffer.compare(await readFile(join(folder, 'ASUH-3502-202401-000001.pdf')), served.rawPayload),
    ).toBe(0);
  });
});
