import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { formatNik } from '../../src/core/identifiers/nik.ts';
import { formatNip } from '../../src/core/identifiers/nip.ts';
import { KENDAL_SATU_ASN_SATU_PEKERJA_RENTAN } from '../../src/core/programme-policy.ts';
import { createAuthService } from '../../src/features/auth/index.ts';
import { createPemdaService } from '../../src/features/pemda/index.ts';
import { heading, mainNav as nav, setUpBrowserHarness, signIn } from '../support/browser.ts';
import { seedAsn, seedOpd, seedPolicyProgramme, seedWorkers } from '../support/fixtures.ts';

/**
 * Kabupaten Ponorogo runs Kendal's "Satu ASN Satu Pekerja Rentan" (every ASN covers at least one
 * worker). Two civil servants use their phones: Budi adds his household help by NIK and is then
 * compliant; Ani registers a neighbour who is not in the registry yet, chooses a worker near her
 * home from the pool, and ends a sponsorship with a reason.
 */
const PASSWORD = 'rahasia-ponorogo-2026';
const nip = (serial: number) =>
  formatNip({ birthDate: '1980-05-17', appointmentMonth: '2005-03', sex: 'male', serial });
const nik = (serial: number) =>
  formatNik({ districtCode: '35.02.01', birthDate: '1978-03-09', sex: 'female', serial });
const HOUSEHOLD_HELP = nik(1);
const NEIGHBOUR = nik(2);
const NEARBY = nik(3);

const harness = setUpBrowserHarness(async ({ db }) => {
  await createPemdaService({ db }).create('35.02', { actor: null });
  const opd = await seedOpd(db, '35.02', 'Dinas Pendidikan');
  await seedAsn(db, '35.02', opd, { nip: nip(1), name: 'Budi Santoso' });
  await seedAsn(db, '35.02', opd, { nip: nip(2), name: 'Ani Rahayu' });
  await seedWorkers(db, '35.02', [
    { nik: HOUSEHOLD_HELP, name: 'Sumiati', occupation: 'asisten rumah tangga' },
    { nik: NEARBY, name: 'Paini', occupation: 'buruh tani', welfareDecile: 1 },
  ]);
  await seedPolicyProgramme(db, [
    {
      ...KENDAL_SATU_ASN_SATU_PEKERJA_RENTAN,
      pemdaCode: '35.02',
      programmeKey: 'satu-asn-satu-pekerja-rentan',
    },
  ]);
  const auth = createAuthService({ db });
  for (const [username, displayName, serial] of [
    ['budi.asn', 'Budi Santoso', 1],
    ['ani.asn', 'Ani Rahayu', 2],
  ] as const) {
    await auth.createUser(
      { username, displayName, password: PASSWORD, role: 'asn', pemdaCode: '35.02', nip: nip(serial) },
      null,
    );
  }
});

const obligation = (page: Page) => page.getByTestId('obligation').textContent();
const sponsored = (page: Page) => page.getByTestId('sponsored-worker');
const alert = (page: Page) => page.getByTestId('add-worker').getByRole('alert').textContent();

async function signInOnPhone(username: string) {
  const page = await harness.newPage({ width: 360, height: 740 });
  await page.goto('/saya');
  await signIn(page, username, PASSWORD);
  await expect.poll(() => heading(page)).toBe('Pekerja yang saya tanggung');
  return page;
}

describe('ASN self-service on a phone', () => {
  it('adds the household help by NIK and shows the ASN compliant', async () => {
    const page = await signInOnPhone('budi.asn');
    expect(await nav(page).getByRole('link', { name: 'Tanggungan saya' }).getAttribute('aria-current')).toBe(
      'page',
    );
    await expect.poll(() => obligation(page)).toContain('Kurang 1 pekerja');
    expect(await page.getByText('Program Satu ASN Satu Pekerja Rentan').count()).toBe(1);
    expect(await obligation(page)).toContain(
      'Anda menanggung 0 pekerja bulan ini; program meminta minimal 1 pekerja per ASN.',
    );

    await page.getByLabel('NIK pekerja').fill(HOUSEHOLD_HELP);
    await page.getByLabel('Hubungan dengan Anda').selectOption({ label: 'Asisten rumah tangga' });
    await page.getByRole('button', { name: 'Tanggung pekerja ini' }).click();

    await expect
      .poll(() => page.getByTestId('self-service-notice').textContent())
      .toBe('Sumiati ditambahkan dan menunggu verifikasi Pemda.');
    await expect.poll(() => obligation(page)).toContain('Anda sudah memenuhi kewajiban');
    expect(await obligation(page)).toContain('Anda menanggung 1 pekerja bulan ini');
    expect(await sponsored(page).count()).toBe(1);
    const card = await sponsored(page).first().textContent();
    for (const text of ['Sumiati', HOUSEHOLD_HELP, 'Diusulkan', 'Asisten rumah tangga', 'Mulai ']) {
      expect(card).toContain(text);
    }
    // Nothing sticks out sideways on a 360-pixel screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(360);
    await harness.screenshot(page, 'self-service-360.png');

    // The same worker cannot be added twice: the refusal is the API's own.
    await page.getByLabel('NIK pekerja').fill(HOUSEHOLD_HELP);
    await page.getByLabel('Hubungan dengan Anda').selectOption('household_help');
    await page.getByRole('button', { name: 'Tanggung pekerja ini' }).click();
    await expect
      .poll(() => alert(page))
      .toMatch(/^Pekerja ini sudah ditanggung untuk bulan \d{4}-\d{2} dan seterusnya oleh Budi Santoso\./);
  });

  it('registers a new worker, picks one from the pool and ends a sponsorship with a reason', async () => {
    const page = await signInOnPhone('ani.asn');
    await page.getByLabel('NIK pekerja').fill(NEIGHBOUR);
    await page.getByLabel('Hubungan dengan Anda').selectOption('neighbour');
    await page.getByRole('button', { name: 'Tanggung pekerja ini' }).click();
    await expect.poll(() => page.getByText('NIK ini belum ada di registri.').count()).toBe(1);

    // Saved without a name and with a village of another regency: both refusals, as the API words them.
    await page.getByLabel('Tanggal lahir').fill('1978-03-49');
    await page.getByLabel('Jenis kelamin').selectOption('P');
    await page.getByLabel('Kode desa/kelurahan tempat tinggal').fill('35.03.01.2001');
    await page.getByRole('button', { name: 'Tanggung pekerja ini' }).click();
    await expect.poll(() => alert(page)).toContain('Pekerja ini belum dapat ditanggung:');
    const refusals = await alert(page);
    expect(refusals).toContain('Nama: Kolom ini wajib diisi.');
    expect(refusals).toContain('Kode desa: Desa/kelurahan 35.03.01.2001 berada di luar wilayah Pemda 35.02.');

    await page.getByLabel('Nama lengkap').fill('Tetangga Baru');
    await page.getByLabel('Tanggal lahir').fill('09/03/1978');
    await page.getByLabel('Kode desa/kelurahan tempat tinggal').fill('35.02.01.2001');
    await page.getByRole('button', { name: 'Tanggung pekerja ini' }).click();
    await expect
      .poll(() => page.getByTestId('self-service-notice').textContent())
      .toBe('Tetangga Baru ditambahkan dan menunggu verifikasi Pemda.');

    await page.getByRole('button', { name: 'Tampilkan pekerja di sekitar' }).click();
    const pool = page.getByTestId('nearby-pool');
    await expect.poll(() => pool.getByRole('listitem').count()).toBe(1);
    expect(await pool.textContent()).toContain('Paini');
    expect(await pool.textContent()).toContain('Desa yang sama');
    await pool.getByRole('button', { name: 'Tanggung' }).click();
    await expect.poll(() => page.getByLabel('NIK pekerja').inputValue()).toBe(NEARBY);
    await page.getByLabel('Hubungan dengan Anda').selectOption('neighbour');
    await page.getByRole('button', { name: 'Tanggung pekerja ini' }).click();
    await expect.poll(() => sponsored(page).count()).toBe(2);

    const paini = sponsored(page).filter({ hasText: 'Paini' });
    await paini.getByRole('button', { name: 'Akhiri tanggungan' }).click();
    await paini.getByRole('button', { name: 'Akhiri', exact: true }).click();
    await expect
      .poll(() => paini.getByRole('alert').textContent())
      .toBe('Alasan wajib diisi untuk mengakhiri tanggungan.');
    await paini.getByLabel('Alasan mengakhiri').fill('Sudah ditanggung keluarganya');
    await paini.getByRole('button', { name: 'Akhiri', exact: true }).click();
    await expect
      .poll(() => page.getByTestId('self-service-notice').textContent())
      .toBe('Tanggungan untuk Paini telah diakhiri.');
    const ended = sponsored(page).filter({ hasText: 'Paini' });
    await expect.poll(() => ended.textContent()).toContain('Berakhir sebelum bulan pertamanya ditagih');
    expect(await ended.textContent()).toContain('StatusBerakhir');
    expect(await ended.textContent()).toContain('Sudah ditanggung keluarganya');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(360);
  });
});
