import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/core/access.ts';
import { checkEligibility } from '../../src/core/eligibility.ts';
import { formatNik } from '../../src/core/identifiers/nik.ts';
import { PONOROGO_ASN_ORANG_TUA_ASUH } from '../../src/core/programme-policy.ts';
import type { Database } from '../../src/db/database.ts';
import type { AppError } from '../../src/errors.ts';
import {
  BATCH_COLUMNS,
  createEnrolmentService,
  createFileExchange,
  parseResponseLine,
} from '../../src/features/enrolment/index.ts';
import { buildApp } from '../../src/server/app.ts';
import { runCli } from '../support/cli.ts';
import { openTestDatabase } from '../support/database.ts';
import {
  seedActor,
  seedAsn,
  seedOpd,
  seedPemda,
  seedPolicyProgramme,
  seedProgramme,
  seedSponsor,
  seedSponsorship,
  seedWorkers,
} from '../support/fixtures.ts';

/**
 * Kabupaten Ponorogo sends its verified sponsorships to the BPJSTK branch: an ASN's household
 * help and a tobacco farmer of the APBD cohort (group account SG, held by the Pemda), two workers
 * of a company's CSR (SC), one of an individual donor (registered alone). The branch answers
 * with a file; Kabupaten Trenggalek's officer must see none of it.
 */
let db: Database;
let app: FastifyInstance;
let folder: string;
const actors: Record<string, Actor> = {};

const nik = (serial: number, district = '35.02.01') =>
  formatNik({ districtCode: district, birthDate: '1980-03-12', sex: 'female', serial });
const W = {
  householdHelp: nik(1),
  farmer: nik(2),
  csrA: nik(3),
  csrB: nik(4),
  donorWorker: nik(5),
  proposed: nik(6),
  trenggalek: nik(7, '35.03.01'),
  later: nik(8),
  concurrent: nik(9),
};
const ids: Record<string, number> = {};
const NEXT_YEAR = `${new Date().getUTCFullYear() + 1}-01-01`;
const BATCH_HEADER =
  'no_batch,jenis_wadah,pemegang_wadah,nik,nama,tanggal_lahir,jenis_kelamin,kode_desa,nama_desa,pekerjaan,no_hp,program,penghasilan,bulan_iuran_pertama,ref_asuh';
const RESPONSE_HEADER = 'no_batch,ref_asuh,nik,kpj,status_kepesertaan,tanggal_mulai,alasan_ditolak';
let pemdaName: string;
let villageName: string;

beforeAll(async () => {
  db = await openTestDatabase();
  folder = await mkdtemp(join(tmpdir(), 'asuh-enrolment-'));
  await seedPemda(db, '35.02');
  await seedPemda(db, '35.03');
  const names = await db.query<{ code: string; name: string }>(
    "SELECT code, name FROM region WHERE code IN ('35.02', '35.02.01.2001') ORDER BY code",
  );
  [pemdaName, villageName] = names.map((row) => row.name) as [string, string];
  const opd = await seedOpd(db, '35.02', 'Dinas Pendidikan dan Kebudayaan');
  const nip = await seedAsn(db, '35.02', opd, { nip: '198005172005031001', name: 'Budi Santoso' });
  await seedWorkers(db, '35.02', [
    { nik: W.householdHelp, name: 'Sumini', occupation: 'Asisten rumah tangga' },
    { nik: W.farmer, name: 'Paijo', sex: 'male', occupation: 'Petani tembakau' },
    { nik: W.csrA, name: 'Warsini' },
    { nik: W.csrB, name: 'Suparti' },
    { nik: W.donorWorker, name: 'Tukinem', occupation: 'Pedagang' },
    { nik: W.proposed, name: 'Lastri' },
    { nik: W.later, name: 'Karsih' },
    { nik: W.concurrent, name: 'Jumini' },
  ]);
  await db.query("UPDATE worker SET phone = '081234567890' WHERE nik = $1", [W.householdHelp]);
  await seedWorkers(db, '35.03', [{ nik: W.trenggalek, name: 'Marni', villageCode: '35.03.01.2001' }]);

  const policy = await seedPolicyProgramme(db, [PONOROGO_ASN_ORANG_TUA_ASUH]);
  const cohort = await seedProgramme(db, {
    pemdaCode: '35.02',
    key: 'petani-tembakau-2026',
    name: 'Petani tembakau APBD 2026',
    kind: 'apbd_cohort',
  });
  const csr = await seedProgramme(db, { pemdaCode: '35.02', key: 'csr-demo', name: 'CSR', kind: 'csr' });
  const donor = await seedProgramme(db, { pemdaCode: '35.02', key: 'donor', name: 'Donatur', kind: 'donor' });
  const trenggalekCsr = await seedProgramme(db, {
    pemdaCode: '35.03',
    key: 'csr-trenggalek',
    name: 'CSR',
    kind: 'csr',
  });
  const sponsor = {
    asn: await seedSponsor(db, { pemdaCode: '35.02', kind: 'asn', nip }),
    apbd: await seedSponsor(db, { pemdaCode: '35.02', kind: 'apbd', name: 'APBD Ponorogo: petani tembakau' }),
    csr: await seedSponsor(db, {
      pemdaCode: '35.02',
      kind: 'organisation',
      organisationName: 'PT Demo Peduli',
    }),
    donor: await seedSponsor(db, { pemdaCode: '35.02', kind: 'individual', name: 'Ibu Sri Wahyuni' }),
    trenggalek: await seedSponsor(db, {
      pemdaCode: '35.03',
      kind: 'organisation',
      organisationName: 'PT Demo Peduli',
    }),
  };
  const verified = { pemdaCode: '35.02', firstMonth: '2026-04', status: 'verified' } as const;
  ids.householdHelp = await seedSponsorship(db, {
    ...verified,
    programmeId: policy,
    sponsorId: sponsor.asn,
    nik: W.householdHelp,
    relationship: 'household_help',
  });
  ids.farmer = await seedSponsorship(db, {
    ...verified,
    programmeId: cohort,
    sponsorId: sponsor.apbd,
    nik: W.farmer,
    relationship: 'other',
  });
  ids.csrA = await seedSponsorship(db, {
    ...verified,
    programmeId: csr,
    sponsorId: sponsor.csr,
    nik: W.csrA,
  });
  ids.csrB = await seedSponsorship(db, {
    ...verified,
    programmeId: csr,
    sponsorId: sponsor.csr,
    nik: W.csrB,
  });
  ids.donorWorker = await seedSponsorship(db, {
    ...verified,
    programmeId: donor,
    sponsorId: sponsor.donor,
    nik: W.donorWorker,
    programmes: ['jkk', 'jkm', 'jht'],
  });
  ids.proposed = await seedSponsorship(db, {
    ...verified,
    status: 'proposed',
    programmeId: donor,
    sponsorId: sponsor.donor,
    nik: W.proposed,
  });
  ids.trenggalek = await seedSponsorship(db, {
    ...verified,
    pemdaCode: '35.03',
    programmeId: trenggalekCsr,
    sponsorId: sponsor.trenggalek,
    nik: W.trenggalek,
  });
  ids.laterSponsor = sponsor.csr;
  ids.csrProgramme = csr;

  actors.admin = await seedActor(db, { username: 'admin.ponorogo', role: 'pemda_admin', pemdaCode: '35.02' });
  actors.officer = await seedActor(db, {
    username: 'bpjstk.ponorogo',
    role: 'bpjstk_officer',
    pemdaCodes: ['35.02'],
  });
  actors.otherOfficer = await seedActor(db, {
    username: 'bpjstk.trenggalek',
    role: 'bpjstk_officer',
    pemdaCodes: ['35.03'],
  });
  actors.monitor = await seedActor(db, { username: 'pemantau', role: 'national' });
  app = await buildApp({
    db,
    webDir: null,
    actorOverride: (request) => actors[String(request.headers['x-test-actor'])] ?? null,
    imports: { uploadsDir: join(folder, 'uploads'), maxBytes: 1024 * 1024 },
  });
});

afterAll(async () => {
  await app?.close();
  await db?.close();
  await rm(folder, { recursive: true, force: true });
});

const as = (who: string) => ({ 'x-test-actor': who, 'accept-language': 'en' });
const csv = (header: string, rows: string[]) => `${[header, ...rows].join('\r\n')}\r\n`;
const ref = (id: number) => `ASUH-SP-3502-${String(id).padStart(6, '0')}`;

async function uploadResponse(who: string, pemda: string, content: string, fileName = 'tanggapan.csv') {
  const form = new FormData();
  form.append('pemda', pemda);
  form.append('file', new Blob([content]), fileName);
  const encoded = new Response(form);
  return app.inject({
    method: 'POST',
    url: '/api/v1/enrolment-batches/responses',
    headers: { 'content-type': encoded.headers.get('content-type')!, ...as(who) },
    payload: Buffer.from(await encoded.arrayBuffer()),
  });
}

async function statusOf(id: number) {
  const [row] = await db.query<{ status: string; enrolled_on: string | null }>(
    'SELECT status, enrolled_on FROM sponsorship WHERE id = $1',
    [id],
  );
  return row!;
}

async function eventCount(): Promise<number> {
  const [row] = await db.query<{ n: number }>('SELECT count(*) AS n FROM sponsorship_event');
  return row!.n;
}

let batch: { id: number; reference: string };
let firstResponse: string;
let firstResponseId: number;

describe('registration batches', () => {
  it('makes one batch of the verified sponsorships, grouped by who pays', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/pemda/35.02/enrolment-batches',
      headers: as('admin'),
    });
    expect(response.statusCode).toBe(201);
    const body = response.json();
    batch = body;
    expect(body).toMatchObject({
      reference: 'ASUH-REG-3502-000001',
      pemdaCode: '35.02',
      status: 'open',
      members: 5,
      pending: 5,
      enrolled: 0,
      firstSentAt: null,
      fileUrls: { csv: `/api/v1/enrolment-batches/${body.id}/file.csv` },
    });
    // SC and SG groups first, by code; the donor's worker is registered alone, last.
    expect(body.groups).toEqual([
      expect.objectContaining({ groupAccountType: 'SC', holder: 'PT Demo Peduli', members: 2, pending: 2 }),
      expect.objectContaining({ groupAccountType: 'SG', holder: pemdaName, members: 2 }),
      expect.objectContaining({ groupAccountType: null, holder: 'Ibu Sri Wahyuni', members: 1 }),
    ]);
  });

  it('refuses a second batch while every verified sponsorship is already waiting in one', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/pemda/35.02/enrolment-batches',
      headers: as('officer'),
    });
    expect(response.statusCode).toBe(409);
    expect(response.json().error).toEqual({
      code: 'ENROLMENT_NOTHING_TO_SEND',
      message: 'Pemda 35.02 has no "Verified" sponsorship that has not yet gone to BPJS Ketenagakerjaan.',
    });
  });

  it('writes the CSV file with every line, full NIKs and the group account, and audits the download', async () => {
    const response = await app.inject({
      url: `/api/v1/enrolment-batches/${batch.id}/file.csv`,
      headers: as('officer'),
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-disposition']).toBe('attachment; filename="ASUH-REG-3502-000001.csv"');
    expect(response.body.startsWith('\uFEFF')).toBe(true);
    const lines = response.body.slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toBe(BATCH_HEADER);
    expect(lines).toHaveLength(6);
    expect(lines.slice(1).map((line) => line.split(',')[3])).toEqual([
      W.csrA,
      W.csrB,
      W.householdHelp,
      W.farmer,
      W.donorWorker,
    ]);
    expect(lines[3]).toBe(
      `ASUH-REG-3502-000001,SG,${pemdaName},${W.householdHelp},Sumini,1985-06-15,P,35.02.01.2001,${villageName},Asisten rumah tangga,081234567890,JKK+JKM,1000000,2026-04,${ref(ids.householdHelp!)}`,
    );
    expect(lines[5]).toBe(
      `ASUH-REG-3502-000001,,Ibu Sri Wahyuni,${W.donorWorker},Tukinem,1985-06-15,P,35.02.01.2001,${villageName},Pedagang,,JKK+JKM+JHT,1000000,2026-04,${ref(ids.donorWorker!)}`,
    );
    const audit = await db.query<{ username: string; details: { reference: string; fullNik: boolean } }>(
      "SELECT username, details FROM audit_log WHERE action = 'enrolment.batch_send'",
    );
    expect(audit).toEqual([
      {
        username: 'bpjstk.ponorogo',
        details: expect.objectContaining({ reference: 'ASUH-REG-3502-000001', fullNik: true, lines: 5 }),
      },
    ]);
    const shown = await app.inject({ url: `/api/v1/enrolment-batches/${batch.id}`, headers: as('admin') });
    expect(shown.json().firstSentAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });

  it('writes the same lines as one XLSX sheet, NIKs as text', async () => {
    const response = await app.inject({
      url: `/api/v1/enrolment-batches/${batch.id}/file.xlsx`,
      headers: as('admin'),
    });
    expect(response.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Peserta')!;
    expect(sheet.rowCount).toBe(6);
    expect((sheet.getRow(1).values as unknown[]).slice(1).join(',')).toBe(BATCH_HEADER);
    expect(sheet.getRow(2).getCell(2).value).toBe('SC');
    expect(sheet.getRow(2).getCell(4).value).toBe(W.csrA);
    expect(sheet.getRow(2).getCell(13).value).toBe(1_000_000);
  });
});

describe('the branch response', () => {
  it('moves sponsorships to active, enrolled and rejected, keeps KPJs and flags workers paid elsewhere', async () => {
    const eventsBefore = await eventCount();
    const B = batch.reference;
    firstResponse = csv(RESPONSE_HEADER, [
      `${B},${ref(ids.householdHelp!)},${W.householdHelp},12345678901,AKTIF,2026-04-01,`,
      `${B},,${W.farmer},12345678902,aktif,01/01/${NEXT_YEAR.slice(0, 4)},`,
      `${B},${ref(ids.csrA!)},${W.csrA},,DITOLAK,,Data kependudukan tidak padan dengan Dukcapil`,
      `${B},,${W.donorWorker},98765432109,SUDAH_AKTIF,,Terdaftar melalui PT Lain`,
      `${B},,${W.csrB},1234567890,AKTIF,2026-04-01,`,
      `${B},,${W.proposed},12345678903,AKTIF,2026-04-01,`,
      `${B},,${nik(999)},12345678904,AKTIF,2026-04-01,`,
      `${B},,${W.csrB},12345678905,AKTIF,2026-02-30,`,
      `${B},,${W.csrB},12345678906,MENUNGGU,2026-04-01,`,
      `ASUH-REG-3502-000099,,${W.csrB},12345678907,AKTIF,2026-04-01,`,
      `${B},,${W.householdHelp},12345678901,AKTIF,2026-04-01,`,
    ]);
    const response = await uploadResponse('officer', '35.02', firstResponse);
    expect(response.statusCode).toBe(201);
    const body = response.json();
    firstResponseId = body.id;
    expect(body).toMatchObject({
      pemdaCode: '35.02',
      channel: 'file',
      fileName: 'tanggapan.csv',
      duplicate: false,
      counts: {
        read: 11,
        active: 1,
        enrolled: 1,
        rejected: 1,
        activeElsewhere: 1,
        unchanged: 0,
        errors: 7,
        warnings: 0,
      },
      errorFileUrls: {
        csv: `/api/v1/enrolment-responses/${body.id}/errors.csv`,
        xlsx: `/api/v1/enrolment-responses/${body.id}/errors.xlsx`,
      },
    });

    expect(await statusOf(ids.householdHelp!)).toEqual({ status: 'active', enrolled_on: '2026-04-01' });
    expect(await statusOf(ids.farmer!)).toEqual({ status: 'enrolled', enrolled_on: NEXT_YEAR });
    expect(await statusOf(ids.csrA!)).toEqual({ status: 'rejected', enrolled_on: null });
    expect(await statusOf(ids.donorWorker!)).toEqual({ status: 'rejected', enrolled_on: null });
    expect(await statusOf(ids.csrB!)).toEqual({ status: 'verified', enrolled_on: null });
    expect(await eventCount()).toBe(eventsBefore + 4);
    const events = await db.query<{
      sponsorship_id: number;
      from_status: string;
      to_status: string;
      user_id: number;
      reason: string | null;
      source: string;
    }>(
      `SELECT sponsorship_id, from_status, to_status, user_id, reason, source FROM sponsorship_event
        WHERE source = $1 ORDER BY sponsorship_id`,
      [`enrolment-response:${body.id}`],
    );
    expect(events).toEqual(
      [
        { sponsorship_id: ids.householdHelp, to_status: 'active', reason: null },
        { sponsorship_id: ids.farmer, to_status: 'enrolled', reason: null },
        {
          sponsorship_id: ids.csrA,
          to_status: 'rejected',
          reason: 'Data kependudukan tidak padan dengan Dukcapil',
        },
        {
          sponsorship_id: ids.donorWorker,
          to_status: 'rejected',
          reason:
            'Sudah peserta aktif BPJS Ketenagakerjaan yang iurannya dibayar pihak lain / Already an active BPJS Ketenagakerjaan participant paid by someone else: Terdaftar melalui PT Lain',
        },
      ].map((event) => ({
        ...event,
        from_status: 'verified',
        user_id: actors.officer!.userId,
        source: `enrolment-response:${body.id}`,
      })),
    );

    const workers = await db.query<{
      nik: string;
      kpj: string | null;
      active_elsewhere: boolean;
      reported: string | null;
    }>(
      `SELECT nik, kpj, active_elsewhere, active_elsewhere_reported_on AS reported FROM worker
        WHERE nik = ANY($1::text[]) ORDER BY nik`,
      [[W.householdHelp, W.farmer, W.csrA, W.donorWorker]],
    );
    const today = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
    expect(Object.fromEntries(workers.map((w) => [w.nik, [w.kpj, w.active_elsewhere, w.reported]]))).toEqual({
      [W.householdHelp]: ['12345678901', false, null],
      [W.farmer]: ['12345678902', false, null],
      [W.csrA]: [null, false, null],
      [W.donorWorker]: ['98765432109', true, today],
    });

    const shown = await app.inject({ url: `/api/v1/enrolment-batches/${batch.id}`, headers: as('admin') });
    expect(shown.json()).toMatchObject({
      status: 'open',
      pending: 1,
      active: 1,
      enrolled: 1,
      rejected: 1,
      activeElsewhere: 1,
    });
  });

  it('refuses a file that is no response as a whole, and records nothing', async () => {
    const noColumns = await uploadResponse('admin', '35.02', 'nik,kpj\r\n3502015203800001,12345678901\r\n');
    expect(noColumns.statusCode).toBe(400);
    expect(noColumns.json().error.code).toBe('IMPORT_COLUMNS_MISSING');
    const pdf = await uploadResponse('admin', '35.02', '%PDF-1.7 not a table', 'tanggapan.pdf');
    expect(pdf.json().error.code).toBe('FILE_TYPE');
    const large = await uploadResponse('admin', '35.02', `${RESPONSE_HEADER}\r\n${'x'.repeat(1024 * 1024)}`);
    expect(large.statusCode).toBe(400);
    expect(large.json().error.code).toBe('FILE_TOO_LARGE');
    const [responses] = await db.query<{ n: number }>('SELECT count(*) AS n FROM enrolment_response');
    expect(responses!.n).toBe(1);
  });

  it('lists every refused line in the error file, as CSV and XLSX', async () => {
    const response = await app.inject({
      url: `/api/v1/enrolment-responses/${firstResponseId}/errors.csv`,
      headers: as('admin'),
    });
    expect(response.statusCode).toBe(200);
    const rows = response.body
      .slice(1)
      .trimEnd()
      .split('\r\n')
      .map((line) => line.split(','));
    expect(rows[0]).toEqual(['baris', 'kolom', 'nilai', 'tingkat', 'kode', 'pesan', 'message']);
    expect(rows.slice(1).map((row) => [row[0], row[1], row[4]])).toEqual([
      ['6', 'kpj', 'ENROLMENT_KPJ_INVALID'],
      ['7', 'nik', 'ENROLMENT_NIK_NOT_IN_BATCH'],
      ['8', 'nik', 'ENROLMENT_NIK_UNKNOWN'],
      ['9', 'tanggal_mulai', 'ENROLMENT_DATE_INVALID'],
      ['10', 'status_kepesertaan', 'ENROLMENT_STATUS_UNKNOWN'],
      ['11', 'no_batch', 'ENROLMENT_BATCH_UNKNOWN'],
      ['12', 'nik', 'DUPLICATE_IN_FILE'],
    ]);
    expect(response.body).toContain(
      'A KPJ number is 11 digits (written ""1234567890""). In Excel, format the kpj column as Text so that leading zeros stay.',
    );
    expect(response.body).toContain(
      'This NIK is already answered in row 2 for the same batch; only the first row is applied.',
    );

    const xlsx = await app.inject({
      url: `/api/v1/enrolment-responses/${firstResponseId}/errors.xlsx`,
      headers: as('officer'),
    });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(workbook.getWorksheet('Kesalahan')!.rowCount).toBe(8);
  });

  it('feeds eligibility: a worker reported active elsewhere is refused', async () => {
    const [worker] = await db.query<{ birth_date: string; active_elsewhere: boolean; village_code: string }>(
      'SELECT birth_date, active_elsewhere, village_code FROM worker WHERE nik = $1',
      [W.donorWorker],
    );
    const refusals = checkEligibility(
      {
        birthDate: worker!.birth_date,
        activeElsewhere: worker!.active_elsewhere,
        villageCode: worker!.village_code,
      },
      { areaCode: '35.02' },
      '2026-05-01',
    );
    expect(refusals.map((refusal) => refusal.code)).toEqual(['ELIGIBILITY_ACTIVE_ELSEWHERE']);
  });

  it('changes nothing when the same file comes again, and says so', async () => {
    const events = await eventCount();
    const response = await uploadResponse('admin', '35.02', firstResponse, 'tanggapan-lagi.csv');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      id: firstResponseId,
      duplicate: true,
      fileName: 'tanggapan.csv',
    });
    expect(await eventCount()).toBe(events);
    const [responses] = await db.query<{ n: number }>('SELECT count(*) AS n FROM enrolment_response');
    expect(responses!.n).toBe(1);
  });

  it('applies a corrected file: answered lines unchanged, a different answer refused, the batch complete', async () => {
    const B = batch.reference;
    const content = csv(RESPONSE_HEADER, [
      `${B},${ref(ids.householdHelp!)},${W.householdHelp},12345678901,AKTIF,2026-04-01,`,
      `${B},,${W.csrB},01234567890,AKTIF,2026-04-01,`,
      `${B},,${W.csrA},12345678908,AKTIF,2026-04-01,`,
      `${B},${ref(ids.farmer!)},${W.donorWorker},01234567890,AKTIF,2026-04-01,`,
    ]);
    const events = await eventCount();
    const response = await uploadResponse('officer', '35.02', content, 'perbaikan.csv');
    expect(response.statusCode).toBe(201);
    expect(response.json().counts).toEqual({
      read: 4,
      active: 1,
      enrolled: 0,
      rejected: 0,
      activeElsewhere: 0,
      unchanged: 1,
      errors: 2,
      warnings: 0,
    });
    expect(await statusOf(ids.csrB!)).toEqual({ status: 'active', enrolled_on: '2026-04-01' });
    expect(await statusOf(ids.csrA!)).toMatchObject({ status: 'rejected' });
    expect(await eventCount()).toBe(events + 1);

    const errors = await app.inject({
      url: `/api/v1/enrolment-responses/${response.json().id}/errors.csv`,
      headers: as('officer'),
    });
    expect(errors.body).toContain('ENROLMENT_ALREADY_ANSWERED');
    expect(errors.body).toContain(`already answered by response #${firstResponseId} as ""Rejected""`);
    expect(errors.body).toContain('ENROLMENT_REFERENCE_MISMATCH');

    const shown = await app.inject({ url: `/api/v1/enrolment-batches/${batch.id}`, headers: as('admin') });
    expect(shown.json()).toMatchObject({
      status: 'complete',
      pending: 0,
      active: 2,
      closedAt: expect.any(String),
    });
  });
});

describe('the command line', () => {
  it('exports a new batch of what was verified since, and imports its response with an error file', async () => {
    ids.later = await seedSponsorship(db, {
      pemdaCode: '35.02',
      programmeId: ids.csrProgramme!,
      sponsorId: ids.laterSponsor!,
      nik: W.later,
      firstMonth: '2026-05',
      status: 'verified',
    });
    const out = join(folder, 'keluar');
    const exported = await runCli(['enrolment', 'export', '--pemda', '35.02', '--out', out], db, {
      ASUH_LANG: 'en',
    });
    expect(exported.stderr).toBe('');
    expect(exported.code).toBe(0);
    expect(exported.stdout).toContain('Enrolment batch ASUH-REG-3502-000002: 1 lines');
    expect(exported.stdout).toContain('SC  Corporate (CSR)  PT Demo Peduli: 1');
    const file = join(out, 'ASUH-REG-3502-000002.csv');
    const written = await readFile(file, 'utf8');
    expect(written.trimEnd().split('\r\n')[1]).toContain(`${W.later},Karsih`);

    const again = await runCli(
      [
        'enrolment',
        'export',
        '--pemda',
        '35.02',
        '--out',
        out,
        '--batch',
        'ASUH-REG-3502-000002',
        '--format',
        'xlsx',
        '--json',
      ],
      db,
    );
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({
      reference: 'ASUH-REG-3502-000002',
      lines: 1,
      file: join(out, 'ASUH-REG-3502-000002.xlsx'),
    });
    expect(existsSync(join(out, 'ASUH-REG-3502-000002.xlsx'))).toBe(true);

    const responseFile = join(folder, 'jawaban.csv');
    await writeFile(
      responseFile,
      csv(RESPONSE_HEADER, [
        `ASUH-REG-3502-000002,,${W.later},12345678911,AKTIF,${NEXT_YEAR},`,
        `ASUH-REG-3502-000002,,${W.trenggalek},12345678912,AKTIF,2026-05-01,`,
      ]),
    );
    const imported = await runCli(
      ['enrolment', 'import-response', responseFile, '--pemda', '35.02', '--json'],
      db,
    );
    expect(imported.code).toBe(0);
    const summary = JSON.parse(imported.stdout);
    expect(summary).toMatchObject({
      duplicate: false,
      counts: { read: 2, enrolled: 1, errors: 1 },
      errorFile: join(folder, 'jawaban.errors.csv'),
    });
    expect(await readFile(summary.errorFile, 'utf8')).toContain('ENROLMENT_NIK_NOT_IN_BATCH');
    expect(await statusOf(ids.later!)).toEqual({ status: 'enrolled', enrolled_on: NEXT_YEAR });

    const repeat = await runCli(['enrolment', 'import-response', responseFile, '--pemda', '35.02'], db, {
      ASUH_LANG: 'en',
    });
    expect(repeat.stdout).toContain('this file was already imported; nothing changed');
  });

  it('says there is nothing to send, with exit code 1', async () => {
    const run = await runCli(['enrolment', 'export', '--pemda', '35.02', '--out', folder], db, {
      ASUH_LANG: 'en',
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('[ENROLMENT_NOTHING_TO_SEND]');
  });
});

describe('at once and on paper', () => {
  it('makes one batch when two are asked for at the same moment', async () => {
    await seedSponsorship(db, {
      pemdaCode: '35.02',
      programmeId: ids.csrProgramme!,
      sponsorId: ids.laterSponsor!,
      nik: W.concurrent,
      firstMonth: '2026-06',
      status: 'verified',
    });
    const service = createEnrolmentService({ db });
    const results = await Promise.allSettled([
      service.createBatch('35.02', { actor: actors.admin! }),
      service.createBatch('35.02', { actor: actors.officer! }),
    ]);
    const made = results.filter((result) => result.status === 'fulfilled');
    expect(made).toHaveLength(1);
    expect(made[0]!.value).toMatchObject({ reference: 'ASUH-REG-3502-000003', members: 1 });
    const refused = results.find((result) => result.status === 'rejected');
    expect((refused!.reason as AppError).problem.code).toBe('ENROLMENT_NOTHING_TO_SEND');
  });

  it('documents formats its own examples follow', async () => {
    const batch = await readFile('docs/formats/contoh-batch-pendaftaran.csv', 'utf8');
    expect(batch.slice(1).split('\r\n')[0]).toBe(BATCH_COLUMNS.join(','));
    const exchange = createFileExchange({
      receive: { path: 'docs/formats/contoh-tanggapan-pendaftaran.csv', maxBytes: 1024 * 1024 },
    });
    let lines = 0;
    for await (const response of exchange.fetchResponses()) {
      for await (const line of response.lines) {
        lines += 1;
        expect(parseResponseLine(line.values, '35.02').issues).toEqual([]);
      }
    }
    expect(lines).toBe(4);
  });
});

describe('scope', () => {
  it("keeps one Pemda's batches and responses from another's officer and from monitors", async () => {
    const other = as('otherOfficer');
    for (const url of [
      `/api/v1/enrolment-batches/${batch.id}`,
      `/api/v1/enrolment-batches/${batch.id}/file.csv`,
      `/api/v1/enrolment-responses/${firstResponseId}`,
      `/api/v1/enrolment-responses/${firstResponseId}/errors.csv`,
    ]) {
      expect((await app.inject({ url, headers: other })).statusCode, url).toBe(404);
    }
    // Another branch's officer finds no such Pemda to list (and may not write to it); a monitor
    // may never exchange files.
    for (const [who, status] of [
      ['otherOfficer', 404],
      ['monitor', 403],
    ] as const) {
      const list = await app.inject({ url: '/api/v1/pemda/35.02/enrolment-batches', headers: as(who) });
      expect(list.statusCode).toBe(status);
      const create = await app.inject({
        method: 'POST',
        url: '/api/v1/pemda/35.02/enrolment-batches',
        headers: as(who),
      });
      expect(create.statusCode).toBe(403);
    }
    const upload = await uploadResponse('otherOfficer', '35.02', firstResponse);
    expect(upload.statusCode).toBe(403);
    expect(upload.json().error.code).toBe('FORBIDDEN');
    const anonymous = await app.inject({ url: '/api/v1/pemda/35.02/enrolment-batches' });
    expect(anonymous.statusCode).toBe(401);

    // Trenggalek's own verified sponsorship went in no Ponorogo batch; its officer makes its batch.
    const own = await app.inject({
      method: 'POST',
      url: '/api/v1/pemda/35.03/enrolment-batches',
      headers: other,
    });
    expect(own.statusCode).toBe(201);
    expect(own.json()).toMatchObject({ reference: 'ASUH-REG-3503-000001', members: 1 });
    const downloads = await db.query<{ n: number }>(
      "SELECT count(*) AS n FROM audit_log WHERE action = 'enrolment.batch_send' AND username = 'bpjstk.trenggalek'",
    );
    expect(downloads[0]!.n).toBe(0);
  });

  it('closes a batch by hand, so its unanswered lines may go in a later batch', async () => {
    const list = await app.inject({
      url: '/api/v1/pemda/35.03/enrolment-batches',
      headers: as('otherOfficer'),
    });
    const [open] = list.json().items;
    const closed = await app.inject({
      method: 'POST',
      url: `/api/v1/enrolment-batches/${open.id}/close`,
      headers: as('otherOfficer'),
      payload: { reason: 'Tidak ada jawaban dari kantor cabang' },
    });
    expect(closed.statusCode).toBe(200);
    expect(closed.json()).toMatchObject({
      status: 'closed',
      pending: 0,
      closeReason: 'Tidak ada jawaban dari kantor cabang',
    });
    const again = await app.inject({
      method: 'POST',
      url: '/api/v1/pemda/35.03/enrolment-batches',
      headers: as('otherOfficer'),
    });
    expect(again.json()).toMatchObject({ reference: 'ASUH-REG-3503-000002', members: 1 });
  });
});
