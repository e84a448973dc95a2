import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { setUpBrowserHarness } from '../support/browser.ts';

const harness = setUpBrowserHarness();

/** The calculator with its options loaded (the bracket list comes from the API). */
async function openCalculator(page: Page) {
  await page.goto('/');
  await expect.poll(() => page.getByLabel('Penghasilan yang dilaporkan per bulan').isEnabled()).toBe(true);
}

async function calculate(page: Page, { from, months }: { from: string; months: string }) {
  await page.getByLabel('Bulan pertama').fill(from);
  await page.getByLabel('Jumlah bulan').fill(months);
  await page.getByRole('button', { name: 'Hitung iuran' }).click();
}

const total = (page: Page) => page.getByTestId('total').textContent();
const monthly = (page: Page) => page.getByTestId('monthly').textContent();
const monthRows = (page: Page) => page.getByTestId('per-month').locator('tbody tr');

describe('Kalkulator Iuran', () => {
  it('prices a year of the lowest BPU bracket at Rp 201.600, Rp 16.800 a month', async () => {
    const page = await harness.newPage();
    await openCalculator(page);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Kalkulator Iuran');
    const income = page.getByLabel('Penghasilan yang dilaporkan per bulan');
    expect(await income.locator('option').first().textContent()).toBe('Rp 1.000.000');
    expect(await income.inputValue()).toBe('1000000');

    await calculate(page, { from: '2025-01', months: '12' });
    await expect.poll(() => total(page)).toBe('Rp 201.600');
    expect(await monthly(page)).toBe('Rp 16.800');
    expect(await page.getByText('Januari 2025 – Desember 2025 · 12 bulan').count()).toBe(1);

    // Every month costs the same, so the month-by-month table waits until asked for.
    expect(await page.getByTestId('per-month').count()).toBe(0);
    await page.getByRole('button', { name: 'Tampilkan rincian per bulan' }).click();
    await expect.poll(() => monthRows(page).count()).toBe(12);
    expect(await monthRows(page).first().textContent()).toContain('Rp 16.800');
    expect(await monthRows(page).first().textContent()).toContain('PP 44/2015');
  });

  it('shows the month-by-month breakdown when a discount applies in some months', async () => {
    const page = await harness.newPage();
    await openCalculator(page);
    await page.getByLabel('Siapa yang membayar').selectOption('asn');
    await page.getByLabel('Bulan pertama').fill('2026-01');
    await page.getByRole('button', { name: '6 bulan' }).click();
    await page.getByRole('button', { name: 'Hitung iuran' }).click();

    await expect.poll(() => total(page)).toBe('Rp 75.600');
    expect(await monthly(page)).toBe('Rp 8.400 – Rp 16.800');
    await expect.poll(() => monthRows(page).count()).toBe(6);
    const rows = await monthRows(page).allTextContents();
    for (const row of rows.slice(0, 3)) {
      expect(row).toContain('Rp 16.800');
      expect(row).not.toContain('PP 50/2025');
    }
    for (const row of rows.slice(3)) {
      expect(row).toContain('Rp 8.400');
      expect(row).toContain('PP 50/2025');
    }
    expect(rows[0]).toMatch(/^Januari 2026/);
    expect(rows[3]).toMatch(/^April 2026/);
    await harness.screenshot(page, 'calculator.png');

    // Budget money is excluded from the discount: a changed payer marks the result out of date.
    await page.getByLabel('Siapa yang membayar').selectOption('apbd');
    await expect.poll(() => page.getByRole('note').textContent()).toContain('Masukan sudah diubah');
    await page.getByRole('button', { name: 'Hitung iuran' }).click();
    await expect.poll(() => total(page)).toBe('Rp 100.800');
    expect(await monthly(page)).toBe('Rp 16.800');
    expect(await page.getByRole('note').count()).toBe(0);
  });

  it('prices a wage earner typed with thousands dots (Kota Sorong: Rp 17.723)', async () => {
    const page = await harness.newPage();
    await openCalculator(page);
    await page.getByRole('radio', { name: /PU — Penerima Upah/ }).check();
    await page.getByLabel('Upah per bulan (Rp)').fill('3.282.000');
    expect(await page.getByLabel('Kelas risiko pekerjaan (untuk JKK)').inputValue()).toBe('very-low');
    await calculate(page, { from: '2025-01', months: '1' });

    await expect.poll(() => total(page)).toBe('Rp 17.723');
    const breakdown = await page.getByRole('table', { name: 'Rincian per program' }).textContent();
    expect(breakdown).toContain('Rp 7.877');
    expect(breakdown).toContain('Rp 9.846');
    expect(await page.getByText('Ditanggung pemberi kerja Rp 17.723, pekerja Rp 0.').count()).toBe(1);
  });

  it("shows the API's message for invalid input, in the language chosen", async () => {
    const page = await harness.newPage({ width: 360, height: 800 });
    await openCalculator(page);
    await calculate(page, { from: '2025-01', months: '0' });
    const alert = page.getByRole('alert');
    await expect
      .poll(() => alert.textContent())
      .toBe('Jumlah bulan (months) harus bilangan bulat 1 sampai 120; "0" tidak sah.');

    await page.getByRole('button', { name: /English/ }).click();
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe('Contribution calculator');
    expect(await page.getByRole('heading', { level: 2 }).textContent()).toBe('Result');
    await expect
      .poll(() => alert.textContent())
      .toContain('The number of months (months) must be a whole number');

    await page.getByRole('radio', { name: /PU — wage earner/ }).check();
    await page.getByLabel('Monthly wage (Rp)').fill('tiga juta');
    await page.getByLabel('Number of months').fill('12');
    await page.getByRole('button', { name: 'Calculate' }).click();
    await expect.poll(() => alert.textContent()).toContain('is not a rupiah amount');
  });

  it('fits a 360-pixel phone screen', async () => {
    const page = await harness.newPage({ width: 360, height: 800 });
    await openCalculator(page);
    await page.getByLabel('Siapa yang membayar').selectOption('asn');
    await calculate(page, { from: '2026-01', months: '6' });
    await expect.poll(() => monthRows(page).count()).toBe(6);
    // Nothing sticks out sideways: neither the page nor a table inside its scroll box.
    const overflow = await page.evaluate(() => [
      document.documentElement.scrollWidth,
      ...[...document.querySelectorAll('.table-wrap')].map((box) => box.scrollWidth - box.clientWidth),
    ]);
    await harness.screenshot(page, 'calculator-360.png');
    expect(overflow).toEqual([360, 0, 0]);
  });
});
