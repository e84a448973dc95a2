import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { formatNik, maskNik } from '../../src/core/identifiers/nik.ts';
import { formatNip } from '../../src/core/identifiers/nip.ts';
import { createAuthService } from '../../src/features/auth/index.ts';
import { createPemdaService } from '../../src/features/pemda/index.ts';
import { heading, mainNav as nav, setUpBrowserHarness, signIn } from '../support/browser.ts';

/**
 * Kabupaten Ponorogo with 30 civil servants in two OPDs (one retired) and two workers; a Pemda
 * admin, the head of one OPD and a national monitor read them through the pages.
 */
const PASSWORD = 'rahasia-ponorogo-2026';
const nip = (serial: number) =>
  formatNip({
    birthDate: '1980-05-17',
    appointmentMonth: '2005-03',
    sex: serial % 2 ? 'male' : 'female',
    serial,
  });
const WORKER_NIK = formatNik({ districtCode: '35.02.01', birthDate: '1975-08-09', sex: 'female', serial: 1 });
/** Names sort as they are numbered, so the pages split where the test expects. */
const asnName = (serial: number) => `Pegawai ${String(serial).padStart(2, '0')}`;

const harness = setUpBrowserHarness(async ({ db }) => {
  await createPemdaService({ db }).create('35.02', { actor: null });
  const opdIds: number[] = [];
  for (const name of ['Dinas Pendidikan', 'Dinas Kesehatan']) {
    const [row] = await db.query<{ id: number }>(
      'INSERT INTO opd (pemda_code, name, name_key) VALUES ($1, $2, lower($2)) RETURNING id',
      ['35.02', name],
    );
    opdIds.push(row!.id);
  }
  // 1–20 teach, 21–30 work in health; number 30 has retired.
  await db.query(
    `INSERT INTO asn (nip, pemda_code, opd_id, name, employment_type, rank, echelon, base_salary, village_code, active)
     SELECT nip, '35.02', opd_id, name, employment_type, rank, echelon, base_salary, '35.02.01.2001', active
       FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[], $8::boolean[])
         AS t(nip, opd_id, name, employment_type, rank, echelon, base_salary, active)`,
    [
      Array.from({ length: 30 }, (_, i) => nip(i + 1)),
      Array.from({ length: 30 }, (_, i) => (i < 20 ? opdIds[0] : opdIds[1])),
      Array.from({ length: 30 }, (_, i) => asnName(i + 1)),
      Array.from({ length: 30 }, (_, i) => (i % 3 === 2 ? 'PPPK' : 'PNS')),
      Array.from({ length: 30 }, (_, i) => (i % 3 === 2 ? 'IX' : 'III/a')),
      Array.from({ length: 30 }, (_, i) => (i === 0 ? 'II' : null)),
      Array.from({ length: 30 }, (_, i) => 4_500_000 + i * 1_000),
      Array.from({ length: 30 }, (_, i) => i !== 29),
    ],
  );
  await db.query(
    `INSERT INTO worker (nik, name, birth_date, sex, occupation, village_code, welfare_decile)
     VALUES ($1, 'Sumiati', '1975-08-09', 'female', 'Petani tembakau', '35.02.01.2001', 2)`,
    [WORKER_NIK],
  );
  await db.query(`INSERT INTO pemda_worker (pemda_code, nik) VALUES ('35.02', $1)`, [WORKER_NIK]);

  const auth = createAuthService({ db });
  await auth.createUser(
    {
      username: 'admin.ponorogo',
      displayName: 'Sri Wahyuningsih',
      password: PASSWORD,
      role: 'pemda_admin',
      pemdaCode: '35.02',
    },
    null,
  );
  await auth.createUser(
    {
      username: 'kadinkes',
      displayName: 'Kepala Dinas Kesehatan',
      password: PASSWORD,
      role: 'opd_head',
      pemdaCode: '35.02',
      opdId: opdIds[1]!,
    },
    null,
  );
  await auth.createUser(
    { username: 'pusat', displayName: 'Pemantau Pusat', password: PASSWORD, role: 'national' },
    null,
  );
});

const asnRows = (page: Page) => page.getByTestId('asn-table').locator('tbody tr');
const pagination = (page: Page) => page.getByTestId('pagination').textContent();

async function signInAt(page: Page, path: string, username: string) {
  await page.goto(path);
  await signIn(page, username, PASSWORD);
}

describe('ASN registry', () => {
  it('pages through the roster, filters by OPD and status, and opens a record', async () => {
    const page = await harness.newPage();
    await signInAt(page, '/asn', 'admin.ponorogo');
    await expect.poll(() => heading(page)).toBe('ASN');
    await expect.poll(() => asnRows(page).count()).toBe(25);
    expect(await pagination(page)).toBe('Halaman 1 dari 2 · 29 data');
    const first = await asnRows(page).first().locator('td, th').allTextContents();
    expect(first).toEqual([
      nip(1),
      'Pegawai 01',
      'Dinas Pendidikan',
      'PNS',
      'III/a',
      'II',
      'Rp 4.500.000',
      'Aktif',
    ]);
    expect(await asnRows(page).nth(2).textContent()).toContain('PPPK');
    expect(await asnRows(page).nth(2).textContent()).toContain('Non-eselon');

    await page.getByRole('link', { name: 'Berikutnya ›' }).click();
    await expect.poll(() => pagination(page)).toBe('Halaman 2 dari 2 · 29 data');
    expect(await asnRows(page).count()).toBe(4);
    expect(new URL(page.url()).search).toBe('?page=2');

    await page.getByLabel('OPD').selectOption({ label: 'Dinas Kesehatan' });
    await page.getByLabel('Status').selectOption('all');
    await page.getByRole('button', { name: 'Cari', exact: true }).click();
    await expect.poll(() => pagination(page)).toBe('Halaman 1 dari 1 · 10 data');
    expect(await asnRows(page).last().textContent()).toContain('Tidak aktif');

    // Back returns to the filter before, as a bookmark of it would.
    await page.goBack();
    await expect.poll(() => pagination(page)).toBe('Halaman 2 dari 2 · 29 data');
    expect(await page.getByLabel('Status').inputValue()).toBe('active');

    await page.getByLabel('Cari NIP atau nama').fill(nip(21));
    await page.getByRole('button', { name: 'Cari', exact: true }).click();
    await expect.poll(() => asnRows(page).count()).toBe(1);
    await asnRows(page).first().click();
    await expect.poll(() => heading(page)).toBe('Pegawai 21');
    const facts = await page.locator('.facts').textContent();
    expect(facts).toContain('Dinas Kesehatan');
    expect(facts).toContain('Rp 4.520.000');
    expect(facts).toContain('Tugurejo (35.02.01.2001)');
    await harness.screenshot(page, 'asn-record.png');
  });

  it("shows an OPD head their own department's staff only", async () => {
    const page = await harness.newPage({ width: 360, height: 800 });
    await signInAt(page, '/asn', 'kadinkes');
    await expect.poll(() => pagination(page)).toBe('Halaman 1 dari 1 · 9 data');
    expect(await page.getByTestId('asn-table').textContent()).not.toContain('Dinas Pendidikan');
    // One department needs no department filter; the worker registry is not theirs to read.
    expect(await page.getByLabel('OPD').count()).toBe(0);
    expect(await nav(page).getByRole('link').allTextContents()).toEqual([
      'Kalkulator Iuran',
      'Wilayah',
      'ASN',
      'Program',
      'Tagihan',
      'Tunggakan',
    ]);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
    await harness.screenshot(page, 'asn-360.png');
    expect(overflow).toBe(360);

    await page.goto(`/asn/${nip(1)}`);
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toBe(`ASN dengan NIP ${nip(1)} tidak ditemukan.`);
  });
});

describe('Worker registry and audit log', () => {
  it('masks the NIK for a national monitor, who reads the row but opens no record by it', async () => {
    const page = await harness.newPage();
    await signInAt(page, '/pekerja', 'pusat');
    await expect.poll(() => heading(page)).toBe('Pekerja');
    const rows = page.getByTestId('worker-table').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain(maskNik(WORKER_NIK));
    expect(await rows.first().textContent()).not.toContain(WORKER_NIK);
    expect(await rows.first().getByRole('link').count()).toBe(0);
    expect(await nav(page).getByRole('link').allTextContents()).toEqual([
      'Kalkulator Iuran',
      'Wilayah',
      'ASN',
      'Pekerja',
      'Program',
      'Kohort & sponsor',
      'Tagihan',
      'Tunggakan',
      'Klaim',
      'Log audit',
    ]);
  });

  it("shows the Pemda admin their Pemda's audit log, in WIB", async () => {
    const page = await harness.newPage();
    await signInAt(page, '/pekerja', 'admin.ponorogo');
    // A Pemda admin sees the full NIK, and that read is logged.
    const rows = page.getByTestId('worker-table').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain(WORKER_NIK);

    await nav(page).getByRole('link', { name: 'Log audit' }).click();
    await expect.poll(() => heading(page)).toBe('Log audit');
    const log = page.getByTestId('audit-table').locator('tbody tr');
    await expect.poll(() => log.count()).toBeGreaterThan(0);
    const entries = await log.allTextContents();
    expect(
      entries.some((entry) => entry.includes('worker.read_nik') && entry.includes('Membuka NIK lengkap')),
    ).toBe(true);
    expect(entries.some((entry) => entry.includes('auth.login') && entry.includes('admin.ponorogo'))).toBe(
      true,
    );
    expect(entries.every((entry) => entry.includes('WIB'))).toBe(true);

    await page.getByLabel('Jenis kegiatan').fill('pemda.create');
    await page.getByRole('button', { name: 'Cari', exact: true }).click();
    await expect.poll(() => log.count()).toBe(1);
    expect(await log.first().textContent()).toContain('Sistem');
    await harness.screenshot(page, 'audit.png');
  });
});
