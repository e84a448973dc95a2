import { describe, expect, it } from 'vitest';
import { PONOROGO_ASN_ORANG_TUA_ASUH } from '../../src/core/programme-policy.ts';
import { createAuthService } from '../../src/features/auth/index.ts';
import { heading, mainNav, setUpBrowserHarness, signIn } from '../support/browser.ts';
import { seedAsn, seedOpd, seedPemda, seedPolicyProgramme, seedWorkers } from '../support/fixtures.ts';

/**
 * A Pemda admin of Kabupaten Ponorogo, on a phone, counts the matching of the pool to the ASN who
 * are short of workers, saves it, reads why each worker was proposed and accepts one.
 */
const PASSWORD = 'rahasia-ponorogo-2026';

const harness = setUpBrowserHarness(async ({ db }) => {
  await seedPemda(db, '35.02');
  const opdId = await seedOpd(db, '35.02', 'Dinas Sosial');
  await seedAsn(db, '35.02', opdId, {
    nip: '198001012005011001',
    name: 'Agus Salim',
    villageCode: '35.02.01.2003',
  });
  await seedWorkers(db, '35.02', [
    {
      nik: '3502014101850001',
      name: 'Sumini',
      villageCode: '35.02.01.2003',
      welfareDecile: 2,
      occupation: 'ojek',
    },
    {
      nik: '3502014101850002',
      name: 'Parno',
      villageCode: '35.02.01.2001',
      welfareDecile: 1,
      occupation: 'nelayan',
    },
    {
      nik: '3502024101850003',
      name: 'Katni',
      villageCode: '35.02.02.2001',
      welfareDecile: 1,
      occupation: 'petani',
    },
  ]);
  await seedPolicyProgramme(db, [PONOROGO_ASN_ORANG_TUA_ASUH]);
  await createAuthService({ db }).createUser(
    {
      username: 'admin.ponorogo',
      displayName: 'Sri Wahyuningsih',
      password: PASSWORD,
      role: 'pemda_admin',
      pemdaCode: '35.02',
    },
    null,
  );
});

describe('match proposals page', () => {
  it('counts, saves and accepts proposals on a 360-px screen', async () => {
    const page = await harness.newPage({ width: 360, height: 740 });
    await page.goto('/masuk?kembali=/pencocokan');
    await signIn(page, 'admin.ponorogo', PASSWORD);
    await expect.poll(() => heading(page)).toBe('Usulan pencocokan');
    await expect.poll(() => mainNav(page).getByRole('link', { name: 'Usulan pencocokan' }).count()).toBe(1);

    await page.getByLabel('Tanggal').fill('2024-06-01');
    await page.getByRole('button', { name: 'Hitung dulu (tanpa menyimpan)' }).click();
    const result = page.getByTestId('match-result');
    await expect
      .poll(() => result.getByRole('heading').textContent())
      .toBe('Hasil hitungan (belum disimpan)');
    await expect.poll(() => page.getByTestId('match-levels').textContent()).toBe('Desa sama1Kecamatan sama1');

    await page.getByRole('button', { name: 'Simpan usulan' }).click();
    await expect
      .poll(() => result.getByRole('heading').textContent())
      .toMatch(/^Disimpan sebagai pencocokan #\d+; 0 usulan terbuka sebelumnya ditarik\.$/);
    const table = page.getByTestId('proposal-table');
    await expect
      .poll(() => table.textContent())
      .toContain('desa/kelurahan yang sama (Slahung), desil 2, ojek (risiko sangat tinggi)');
    expect(await table.textContent()).toContain(
      'kecamatan yang sama (Slahung), desil 1, nelayan (risiko sangat tinggi)',
    );
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

    await table.getByRole('button', { name: 'Terima' }).first().click();
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: 'diterima' }).textContent())
      .toBe('1 diterima, 0 ditolak, 0 tidak dapat diproses.');
    await harness.screenshot(page, 'matching-360.png');
  });
});
