import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { formatNik } from '../../src/core/identifiers/nik.ts';
import { formatNip } from '../../src/core/identifiers/nip.ts';
import { createAuthService } from '../../src/features/auth/index.ts';
import { createPemdaService } from '../../src/features/pemda/index.ts';
import {
  heading,
  mainNav as nav,
  SCREENSHOT_DIR,
  setUpBrowserHarness,
  signIn as signInWith,
} from '../support/browser.ts';

/**
 * A Pemda admin of Kabupaten Ponorogo signs in, imports a worker file in which some rows are
 * wrong, reads the summary, downloads the error file and finds the imported workers in the
 * registry; other roles see only what they may use.
 */
const PASSWORD = 'rahasia-ponorogo-2026';
const ADMIN = { username: 'admin.ponorogo', displayName: 'Sri Wahyuningsih' };
const ASN_USER = { username: 'budi.asn', displayName: 'Budi Santoso' };
const ASN_NIP = formatNip({ birthDate: '1980-05-17', appointmentMonth: '2005-03', sex: 'male', serial: 1 });

const nik = (birthDate: string, sex: 'male' | 'female', serial: number) =>
  formatNik({ districtCode: '35.02.01', birthDate, sex, serial });

/** Four rows that land (one with a NIK that disagrees with its sex column) and three that cannot. */
const WORKERS_CSV = [
  'nik,nama,tanggal_lahir,jenis_kelamin,pekerjaan,sektor,kode_desa,no_hp,desil',
  `${nik('1975-08-09', 'female', 1)},Sumiati,1975-08-09,P,Petani tembakau,Pertanian,35.02.01.2001,081234567890,2`,
  `${nik('1982-01-15', 'male', 2)},Slamet Riyadi,15/01/1982,L,Buruh tani,Pertanian,35.02.01.2002,,3`,
  `${nik('1990-12-03', 'female', 3)},Wahyu Lestari,1990-12-03,P,Asisten rumah tangga,Jasa,35.02.01.2003,,`,
  // The NIK says a man; the columns say a woman, and the columns are what is stored.
  `${nik('1968-04-21', 'male', 4)},Tumini,1968-04-21,P,Pedagang pasar,Perdagangan,35.02.01.2001,,1`,
  // Month 13: no NIK can carry that birth date.
  '3502010913750005,Karto Wiyono,1975-08-09,L,Tukang becak,Transportasi,35.02.01.2001,,4',
  `${nik('1985-02-28', 'male', 6)},Joko Susilo,30/02/1985,L,Kuli bangunan,Konstruksi,35.02.01.2002,,5`,
  // A village of Kabupaten Trenggalek, not of Ponorogo.
  `${nik('1979-06-11', 'female', 7)},Siti Aminah,1979-06-11,P,Penjahit,Industri,35.03.01.2001,,6`,
].join('\n');

const harness = setUpBrowserHarness(async ({ db }) => {
  await createPemdaService({ db }).create('35.02', { actor: null });
  const [opd] = await db.query<{ id: number }>(
    `INSERT INTO opd (pemda_code, name, name_key) VALUES ('35.02', 'Dinas Pendidikan', 'dinas pendidikan') RETURNING id`,
  );
  await db.query(
    `INSERT INTO asn (nip, pemda_code, opd_id, name, employment_type, rank, echelon, base_salary, village_code)
     VALUES ($1, '35.02', $2, $3, 'PNS', 'III/a', NULL, 4500000, '35.02.01.2001')`,
    [ASN_NIP, opd!.id, ASN_USER.displayName],
  );
  const auth = createAuthService({ db });
  await auth.createUser({ ...ADMIN, password: PASSWORD, role: 'pemda_admin', pemdaCode: '35.02' }, null);
  await auth.createUser(
    { ...ASN_USER, password: PASSWORD, role: 'asn', pemdaCode: '35.02', nip: ASN_NIP },
    null,
  );
});

const signIn = (page: Page, username: string, password = PASSWORD) => signInWith(page, username, password);

describe('Impor data', () => {
  it('imports a worker file with bad rows: summary, error file, then the workers in the registry', async () => {
    const page = await harness.newPage();
    // The page needs an account: it sends the visitor to sign in, then back.
    await page.goto('/impor');
    await expect.poll(() => heading(page)).toBe('Masuk');
    expect(new URL(page.url()).searchParams.get('kembali')).toBe('/impor');
    await signIn(page, ADMIN.username);
    await expect.poll(() => heading(page)).toBe('Impor data');
    expect(new URL(page.url()).pathname).toBe('/impor');
    expect(await page.getByTestId('signed-in-user').textContent()).toBe('Sri Wahyuningsih Admin Pemda');
    expect(await nav(page).getByRole('link').allTextContents()).toEqual([
      'Kalkulator Iuran',
      'Wilayah',
      'ASN',
      'Pekerja',
      'Program',
      'Kohort & sponsor',
      'Impor data',
      'Usulan pencocokan',
      'Pendaftaran BPJSTK',
      'Tagihan',
      'Pembayaran',
      'Tunggakan',
      'Klaim',
      'Log audit',
    ]);
    // The column lists are on the page, in the order the files must have.
    expect(
      await page
        .getByText('nik,nama,tanggal_lahir,jenis_kelamin,pekerjaan,sektor,kode_desa,no_hp,desil')
        .count(),
    ).toBe(1);
    expect(
      await page.getByText('nip,nama,opd,jenis_pegawai,golongan,eselon,gaji_pokok,kode_desa').count(),
    ).toBe(1);

    const file = join(SCREENSHOT_DIR, 'pekerja-ponorogo.csv');
    await writeFile(file, WORKERS_CSV);
    await page.getByRole('radio', { name: /Registri pekerja/ }).check();
    await page.getByLabel('Berkas', { exact: true }).setInputFiles(file);
    await harness.screenshot(page, 'imports-form.png');
    await page.getByRole('button', { name: 'Unggah dan impor' }).click();

    const figure = (name: string) => page.getByTestId(`summary-${name}`).textContent();
    await expect.poll(() => figure('read'), { timeout: 30_000 }).toBe('Dibaca7');
    expect(await figure('inserted')).toBe('Ditambahkan4');
    expect(await figure('updated')).toBe('Diperbarui0');
    expect(await figure('unchanged')).toBe('Tidak berubah0');
    expect(await figure('rejected')).toBe('Ditolak3');
    expect(await figure('warned')).toBe('Dengan peringatan1');
    expect(await figure('linked')).toBe('Ditautkan0');
    expect(await heading(page)).toBe('pekerja-ponorogo.csv');
    await harness.screenshot(page, 'imports.png');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Unduh berkas kesalahan (CSV)' }).click(),
    ]);
    const errors = await readFile((await download.path())!, 'utf8');
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    // The header is row 1 as a spreadsheet numbers it: the warning is row 5, the bad rows 6, 7 and 8.
    expect(
      errors
        .replace(/^\uFEFF/, '')
        .trim()
        .split(/\r?\n/),
    ).toEqual([
      'baris,kolom,nilai,tingkat,kode,pesan,message',
      `5,nik,${nik('1968-04-21', 'male', 4)},peringatan,NIK_SEX_MISMATCH,Jenis kelamin dalam NIK (laki-laki) berbeda dari yang tercatat (perempuan).,The sex in the NIK (male) differs from the recorded one (female).`,
      '6,nik,3502010913750005,ditolak,NIK_BIRTH_DATE_INVALID,"Digit 7–12 NIK (""091375"") bukan tanggal lahir yang mungkin: bulan 13 tidak ada.","NIK digits 7–12 (""091375"") are not a possible birth date: there is no month 13."',
      '7,tanggal_lahir,30/02/1985,ditolak,DATE_INVALID,Tanggal 1985-02-30 tidak ada di kalender.,1985-02-30 is not a day of the calendar.',
      '8,kode_desa,35.03.01.2001,ditolak,VILLAGE_OUTSIDE_PEMDA,Desa/kelurahan 35.03.01.2001 berada di luar wilayah Pemda 35.02.,Village 35.03.01.2001 lies outside the Pemda 35.02.',
    ]);

    // The recent imports list the file; the registry holds the four workers who landed.
    await nav(page).getByRole('link', { name: 'Impor data' }).click();
    await expect.poll(() => page.getByRole('link', { name: 'pekerja-ponorogo.csv' }).count()).toBe(1);
    await nav(page).getByRole('link', { name: 'Pekerja' }).click();
    await expect.poll(() => heading(page)).toBe('Pekerja');
    const rows = page.getByTestId('worker-table').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(4);
    expect(await page.getByTestId('pagination').textContent()).toBe('Halaman 1 dari 1 · 4 data');
    const sumiati = rows.filter({ hasText: 'Sumiati' });
    // A Pemda admin keeps the registry, so the NIK is shown in full.
    expect(await sumiati.textContent()).toContain(nik('1975-08-09', 'female', 1));
    expect(await sumiati.textContent()).toContain('9 Agustus 1975');
    expect(await sumiati.textContent()).toContain('Perempuan');
    expect(await sumiati.textContent()).toContain('Tugurejo');

    await page.getByLabel('Cari NIK atau nama').fill('slam');
    await page.getByRole('button', { name: 'Cari', exact: true }).click();
    await expect.poll(() => rows.count()).toBe(1);
    expect(new URL(page.url()).search).toBe('?q=slam');
    await rows.first().getByRole('link', { name: 'Slamet Riyadi' }).click();
    await expect.poll(() => heading(page)).toBe('Slamet Riyadi');
    expect(await page.getByText('15 Januari 1982').count()).toBe(1);
  });

  it('refuses a worker file sent as the ASN roster, in the words of the API, and saves nothing', async () => {
    const page = await harness.newPage();
    await page.goto('/impor');
    await signIn(page, ADMIN.username);
    await expect.poll(() => heading(page)).toBe('Impor data');
    const file = join(SCREENSHOT_DIR, 'bukan-daftar-asn.csv');
    await writeFile(file, WORKERS_CSV);
    await page.getByRole('radio', { name: /Daftar ASN/ }).check();
    await page.getByLabel('Berkas', { exact: true }).setInputFiles(file);
    await page.getByRole('checkbox', { name: /Daftar lengkap/ }).check();
    await page.getByRole('button', { name: 'Unggah dan impor' }).click();
    await expect
      .poll(() => page.getByRole('alert').textContent(), { timeout: 30_000 })
      .toContain('Kolom wajib tidak ada: nip, opd, jenis_pegawai, golongan, eselon, gaji_pokok.');
    const [{ count }] = (await harness.db.query<{ count: number }>(
      'SELECT count(*) AS count FROM asn WHERE active',
    )) as [{ count: number }];
    expect(count).toBe(1);
  });

  it('fits the worker registry on a 360-pixel phone', async () => {
    const page = await harness.newPage({ width: 360, height: 800 });
    await page.goto('/pekerja');
    await signIn(page, ADMIN.username);
    await expect.poll(() => heading(page)).toBe('Pekerja');
    await expect.poll(() => page.getByTestId('worker-table').locator('tbody tr').count()).toBeGreaterThan(0);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
    await harness.screenshot(page, 'workers-360.png');
    expect(overflow).toBe(360);
  });

  it('shows why a sign-in failed, in the language chosen', async () => {
    const page = await harness.newPage();
    await page.goto('/masuk');
    await signIn(page, ADMIN.username, 'bukan-kata-sandinya');
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toBe('Nama pengguna atau kata sandi salah.');
    expect(new URL(page.url()).pathname).toBe('/masuk');
    expect(await page.getByLabel('Kata sandi').inputValue()).toBe('');

    await page.getByRole('button', { name: /English/ }).click();
    await page.getByLabel('Username').fill(ADMIN.username);
    await page.getByLabel('Password').fill('still-not-the-password');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toBe('The username or password is incorrect.');
  });

  it('gives an ASN their own record, without the import or registry pages', async () => {
    const page = await harness.newPage();
    await page.goto('/masuk');
    await signIn(page, ASN_USER.username);
    // An ASN lands on their own record.
    await expect.poll(() => heading(page)).toBe('Budi Santoso');
    expect(await page.getByTestId('signed-in-user').textContent()).toBe('Budi Santoso ASN');
    expect(await nav(page).getByRole('link').allTextContents()).toEqual([
      'Kalkulator Iuran',
      'Wilayah',
      'Data saya',
      'Tanggungan saya',
    ]);
    expect(await nav(page).getByRole('link', { name: 'Impor data' }).count()).toBe(0);
    expect(await page.getByText('Rp 4.500.000').count()).toBe(1);

    await page.goto('/impor');
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toBe('Peran Anda tidak dapat membuka halaman ini.');

    await page.getByRole('button', { name: 'Keluar' }).click();
    await expect.poll(() => heading(page)).toBe('Masuk');
    expect(await nav(page).getByRole('link').allTextContents()).toEqual(['Kalkulator Iuran', 'Wilayah']);
    // The session is gone on the server too: the record page asks to sign in again.
    await page.goto(`/asn/${ASN_NIP}`);
    await expect.poll(() => heading(page)).toBe('Masuk');
  });
});
