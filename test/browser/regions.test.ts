import { describe, expect, it } from 'vitest';
import { mainNav, setUpBrowserHarness } from '../support/browser.ts';

const harness = setUpBrowserHarness();

describe('Wilayah page', () => {
  it('walks from the provinces to Kabupaten Ponorogo, whose URL can be bookmarked', async () => {
    const page = await harness.newPage();
    await page.goto('/');
    await mainNav(page).getByRole('link', { name: 'Wilayah' }).click();

    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Wilayah');
    expect(new URL(page.url()).pathname).toBe('/wilayah');
    const list = page.locator('.region-list li');
    await expect.poll(() => list.count()).toBe(38);
    await expect.poll(() => page.getByRole('heading', { name: 'Provinsi (38)' }).count()).toBe(1);

    await page.getByRole('link', { name: /Jawa Timur/ }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Jawa Timur');
    expect(new URL(page.url()).pathname).toBe('/wilayah/35');

    await page.getByRole('link', { name: /Kabupaten Ponorogo/ }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Kabupaten Ponorogo');
    expect(new URL(page.url()).pathname).toBe('/wilayah/35.02');
    await expect.poll(() => page.getByRole('heading', { name: 'Kecamatan (21)' }).count()).toBe(1);
    await expect.poll(() => list.count()).toBe(21);
    expect(await page.getByTestId('time-zone').textContent()).toContain('WIB');
    const breadcrumb = page.getByRole('navigation', { name: 'Jejak wilayah' });
    expect(await breadcrumb.textContent()).toBe('IndonesiaJawa TimurKabupaten Ponorogo');
    await harness.screenshot(page, 'regions.png');

    // Back goes to the province, and the bookmarked URL opens the regency directly.
    await page.goBack();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Jawa Timur');
    await page.goto('/wilayah/35.02');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Kabupaten Ponorogo');
    await expect.poll(() => list.count()).toBe(21);

    await breadcrumb.getByRole('link', { name: 'Jawa Timur' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Jawa Timur');
  });

  it('jumps to a typed code and shows the API message for an unknown or malformed one', async () => {
    const page = await harness.newPage({ width: 360, height: 800 });
    await page.goto('/wilayah');
    const box = page.getByLabel('Buka kode wilayah');

    await box.fill('35.99');
    await page.getByRole('button', { name: 'Buka', exact: true }).click();
    const error = page.getByRole('alert');
    await expect
      .poll(() => error.textContent())
      .toBe('Wilayah dengan kode 35.99 tidak ada dalam daftar resmi Kemendagri.');
    expect(new URL(page.url()).pathname).toBe('/wilayah');

    await box.fill('35-02');
    await page.getByRole('button', { name: 'Buka', exact: true }).click();
    await expect.poll(() => error.textContent()).toContain('Kode wilayah "35-02" tidak sah');

    await box.fill('35.02');
    await box.press('Enter');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Kabupaten Ponorogo');
    expect(new URL(page.url()).pathname).toBe('/wilayah/35.02');
    await harness.screenshot(page, 'regions-360.png');

    // A bookmarked URL with a bad code shows the same message in the page.
    await page.goto('/wilayah/99.99');
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('99.99 tidak ada');
  });

  it('switches to English, remembers it, and asks the API for English messages', async () => {
    const page = await harness.newPage();
    await page.goto('/wilayah/35.02');
    await expect.poll(() => page.getByRole('heading', { name: 'Keterangan wilayah' }).count()).toBe(1);

    await page.getByRole('button', { name: /English/ }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Region details' }).count()).toBe(1);
    await expect.poll(() => page.getByRole('heading', { name: 'Districts (21)' }).count()).toBe(1);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    expect(await nav.textContent()).toBe('Contribution calculatorRegions');

    await page.reload();
    await expect.poll(() => page.getByRole('heading', { name: 'Region details' }).count()).toBe(1);
    await nav.getByRole('link', { name: 'Regions' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Regions');

    await page.getByLabel('Go to a region code').fill('35.99');
    await page.getByRole('button', { name: 'Go', exact: true }).click();
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toBe('There is no region with code 35.99 in the official Home Affairs list.');

    // The message already shown follows the language too.
    await page.getByRole('button', { name: /Bahasa Indonesia/ }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Wilayah');
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Wilayah dengan kode 35.99');
  });
});
