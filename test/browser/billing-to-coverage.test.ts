import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PONOROGO_ASN_ORANG_TUA_ASUH } from '../../src/core/programme-policy.ts';
import { createAuthService } from '../../src/features/auth/index.ts';
import { heading, SCREENSHOT_DIR, setUpBrowserHarness, signIn } from '../support/browser.ts';
import {
  seedAsn,
  seedOpd,
  seedPemda,
  seedPolicyProgramme,
  seedSponsor,
  seedSponsorship,
  seedWorkers,
} from '../support/fixtures.ts';

/**
 * The whole of issue 5 in one sitting, as the Pemda's administrator does it: January's billing
 * run, the OPD's payroll deduction list downloaded, the list returned by payroll staff with what
 * they deducted imported as the confirmation, and the workers then covered on their coverage page.
 */
const PASSWORD = 'rahasia-ponorogo-2026';
const NIP = '198005172005031001';
const WORKERS = [
  { nik: '3502014101850001', name: 'Sumini' },
  { nik: '3502014101850002', name: 'Parno' },
];

const harness = setUpBrowserHarness(async ({ db }) => {
  await seedPemda(db, '35.02');
  const opdId = await seedOpd(db, '35.02', 'Dinas Pendidikan dan Kebudayaan');
  await seedAsn(db, '35.02', opdId, { nip: NIP, name: 'Budi Santoso' });
  await seedWorkers(db, '35.02', WORKERS);
  const programmeId = await seedPolicyProgramme(db, [PONOROGO_ASN_ORANG_TUA_ASUH]);
  const sponsorId = await seedSponsor(db, { pemdaCode: '35.02', kind: 'asn', nip: NIP });
  for (const worker of WORKERS) {
    await seedSponsorship(db, {
      pemdaCode: '35.02',
      programmeId,
      sponsorId,
      nik: worker.nik,
      firstMonth: '2024-01',
    });
  }
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

describe('from billing to coverage', () => {
  it('bills January, imports the payroll confirmation and shows the workers covered', async () => {
    const page = await harness.newPage({ width: 360, height: 740 });
    await page.goto('/masuk?kembali=/penagihan');
    await signIn(page, 'admin.ponorogo', PASSWORD);
    await expect.poll(() => heading(page)).toBe('Penagihan bulanan');

    // 1. January's billing run.
    await page.getByLabel('Bulan iuran').fill('2024-01');
    await page.getByRole('button', { name: 'Jalankan penagihan' }).click();
    await expect
      .poll(() => page.getByTestId('billing-result').textContent())
      .toContain('2 iuran ditambahkan dalam 1 tagihan baru, total Rp 33.600.');

    // 2. The OPD's payroll deduction list.
    await page.getByRole('link', { name: 'Lihat tagihan' }).click();
    await page.getByRole('link', { name: 'ASUH-3502-202401-000001' }).click();
    await expect.poll(() => heading(page)).toBe('Dinas Pendidikan dan Kebudayaan');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Daftar potongan (CSV)' }).click(),
    ]);
    const list = await readFile((await download.path())!, 'utf8');
    const rows = list
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(rows[0]).toBe(
      'referensi_tagihan,periode,kode_pemda,opd,nip,nama_asn,jumlah_pekerja,pekerja,jumlah_potongan,jumlah_dipotong,tanggal_potong',
    );
    expect(rows).toHaveLength(2);

    // 3. Payroll staff fill in what they deducted, on 10 January; the file comes back.
    const confirmation = join(SCREENSHOT_DIR, 'konfirmasi-potongan-202401.csv');
    await writeFile(
      confirmation,
      `${[rows[0], ...rows.slice(1).map((row) => row.replace(/,(\d+),,$/, ',$1,$1,2024-01-10'))].join('\r\n')}\r\n`,
    );
    expect((await readFile(confirmation, 'utf8')).split('\r\n')[1]).toMatch(/,33600,33600,2024-01-10$/);
    await page.goto('/pembayaran');
    await expect.poll(() => heading(page)).toBe('Pembayaran');
    await page.getByLabel('Konfirmasi potongan gaji').check();
    await page.locator('input[type="file"]').setInputFiles(confirmation);
    await page.getByRole('button', { name: 'Unggah dan cocokkan' }).click();
    await expect.poll(() => page.getByTestId('payment-matched').textContent()).toMatch(/1$/);
    await expect.poll(() => page.getByTestId('payment-unmatched').textContent()).toMatch(/0$/);

    // 4. The workers are covered: from the worker's record to their coverage.
    for (const worker of WORKERS) {
      await page.goto(`/pekerja/${worker.nik}`);
      await expect.poll(() => heading(page)).toBe(worker.name);
      await page.getByRole('link', { name: 'Perlindungan dan riwayat iuran' }).click();
      await expect.poll(() => heading(page)).toBe(`Perlindungan ${worker.name}`);
      const january = page.getByTestId('coverage-months').locator('tr[data-period="2024-01"]');
      await expect.poll(() => january.getAttribute('data-state')).toBe('paid_on_time');
      await expect.poll(() => january.textContent()).toContain('Dibayar tepat waktu');
      await page.getByLabel('Tanggal', { exact: true }).fill('2024-01-20');
      await page.getByRole('button', { name: 'Periksa' }).click();
      const answer = page.getByTestId('coverage-answer');
      await expect.poll(() => answer.getAttribute('data-covered')).toBe('true');
      await expect
        .poll(() => answer.textContent())
        .toBe(
          'Pada 20 Januari 2024: TertanggungTertanggung: iuran 2024-01 dibayar tepat waktu pada 2024-01-10 (batas 2024-01-15); perlindungan berlaku sejak 2024-01-10.',
        );
    }
    await harness.screenshot(page, 'billing-to-coverage-360.png');
    // Nothing of the page is wider than the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  });

  it('registers a death claim, decides it from that coverage, and shows arrears and the return', async () => {
    const page = await harness.newPage({ width: 360, height: 740 });
    await page.goto('/masuk?kembali=/klaim/baru');
    await signIn(page, 'admin.ponorogo', PASSWORD);
    await expect.poll(() => heading(page)).toBe('Klaim baru');
    await page.getByLabel('NIK pekerja').fill(WORKERS[0]!.nik);
    await page.getByLabel('Tanggal kejadian').fill('2024-01-20');
    await page.getByLabel('Tanggal pengajuan').fill('2024-01-25');
    await page.getByLabel('Akta/surat keterangan kematian').check();
    await page.getByRole('button', { name: 'Daftarkan klaim' }).click();
    await expect.poll(() => heading(page)).toBe('JKM: meninggal dunia bukan karena kecelakaan kerja');
    await page.getByRole('button', { name: 'Putuskan dari perlindungan' }).click();
    await expect
      .poll(() => page.getByTestId('claim-decision').textContent())
      .toContain('Layak: manfaat Rp 42.000.000 menurut PP 82/2019');
    await expect
      .poll(() => page.getByTestId('claim-breakdown').textContent())
      .toBe(
        'Santunan sekaligusRp 20.000.000Santunan berkala 24 × Rp 500.000, dibayar sekaligusRp 12.000.000Biaya pemakamanRp 10.000.000JumlahRp 42.000.000',
      );
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

    await page.goto('/tunggakan');
    await expect.poll(() => heading(page)).toBe('Tunggakan iuran');
    // January was deducted in full: nothing is in arrears.
    await expect
      .poll(() => page.getByTestId('arrears-totals').textContent())
      .toContain('Total tunggakanRp 0');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

    await page.goto('/manfaat');
    await expect.poll(() => heading(page)).toBe('Iuran dan manfaat');
    await expect
      .poll(() => page.getByTestId('roi-summary').textContent())
      .toBe('Kabupaten Ponorogo: iuran dibayar Rp 33.600, manfaat diterima Rp 0 dari 0 klaim (0 × iuran).');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  });
});
