import { describe, expect, it } from 'vitest';
import { createAuthService } from '../../src/features/auth/index.ts';
import { createPemdaService } from '../../src/features/pemda/index.ts';
import { heading, setUpBrowserHarness, signIn } from '../support/browser.ts';

const PASSWORD = 'rahasia-ponorogo-2026';
const TEMPORARY = 'sementara-dari-admin-7';
const OWN = 'pohon-kelapa-sawit-9';

const harness = setUpBrowserHarness(async ({ db }) => {
  await createPemdaService({ db }).create('35.02', { actor: null });
  const auth = createAuthService({ db });
  for (const username of ['admin.ganti', 'admin.direset']) {
    await auth.createUser(
      {
        username,
        displayName: `Admin ${username}`,
        password: PASSWORD,
        role: 'pemda_admin',
        pemdaCode: '35.02',
      },
      null,
    );
  }
  await auth.setPassword('admin.direset', TEMPORARY, { mustChange: true });
});

describe('the password page', () => {
  it('changes my password from the account bar', async () => {
    const page = await harness.newPage();
    await page.goto('/masuk');
    await signIn(page, 'admin.ganti', PASSWORD);
    await page.getByRole('link', { name: 'Ganti kata sandi' }).click();
    await expect.poll(() => heading(page)).toBe('Ganti kata sandi');
    await page.getByLabel('Kata sandi saat ini').fill(PASSWORD);
    await page.getByLabel('Kata sandi baru', { exact: true }).fill('password123');
    await page.getByLabel('Ulangi kata sandi baru').fill('password123');
    await page.getByRole('button', { name: 'Simpan kata sandi' }).click();
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toMatch(/^Kata sandi terlalu mudah ditebak/);

    await page.getByLabel('Kata sandi baru', { exact: true }).fill(OWN);
    await page.getByLabel('Ulangi kata sandi baru').fill(OWN);
    await page.getByRole('button', { name: 'Simpan kata sandi' }).click();
    await expect
      .poll(() => page.getByRole('status').textContent())
      .toBe('Kata sandi diganti. Sesi Anda di perangkat lain telah berakhir.');
    // The session continues under its new cookie: the next write (signing out) is accepted.
    await page.getByRole('button', { name: 'Keluar' }).click();
    await expect.poll(() => heading(page)).toBe('Masuk');
    await signIn(page, 'admin.ganti', OWN);
    await expect.poll(() => page.getByTestId('signed-in-user').textContent()).toContain('Admin admin.ganti');
  });

  it('shows only the change to a user whose password an administrator reset, then the app', async () => {
    const page = await harness.newPage();
    await page.goto('/masuk?kembali=/asn');
    await signIn(page, 'admin.direset', TEMPORARY);
    await expect.poll(() => heading(page)).toBe('Ganti kata sandi');
    expect(await page.locator('.lead').textContent()).toContain('Admin mengatur ulang kata sandi Anda.');
    await page.getByLabel('Kata sandi saat ini').fill(TEMPORARY);
    await page.getByLabel('Kata sandi baru', { exact: true }).fill(OWN);
    await page.getByLabel('Ulangi kata sandi baru').fill(OWN);
    await page.getByRole('button', { name: 'Simpan kata sandi' }).click();
    await expect.poll(() => heading(page)).toBe('ASN');
    await harness.screenshot(page, 'password-changed.png');
  });
});
