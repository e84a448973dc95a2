import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { formatNik } from '../../src/core/identifiers/nik.ts';
import { createAuthService } from '../../src/features/auth/auth-service.ts';
import { createCohortService } from '../../src/features/cohorts/index.ts';
import { createEnrolmentService } from '../../src/features/enrolment/enrolment-service.ts';
import { heading, setUpBrowserHarness, signIn } from '../support/browser.ts';
import { seedCsrSponsor, seedPemda, seedSponsorship, seedWorkers } from '../support/fixtures.ts';

/**
 * Kabupaten Ponorogo's APBD pays for its tobacco farmers in 2024 and a company for a fisher from
 * 2024 on. The Pemda admin checks the cohort on a phone (members, cost month by month), then on a
 * desk reads the sponsors and sends the verified farmers to BPJSTK as an enrolment batch.
 */
const PASSWORD = 'rahasia-ponorogo-2026';
const COHORT = 'Petani Tembakau APBD 2024';
const FARMERS = ['Sumarni', 'Paijo', 'Katiyem'];

let cohortId = 0;
let batchId = 0;

const harness = setUpBrowserHarness(async ({ db }) => {
  await seedPemda(db, '35.02');
  const nik = (serial: number) =>
    formatNik({ districtCode: '35.02.01', birthDate: '1980-03-04', sex: 'female', serial });
  await seedWorkers(
    db,
    '35.02',
    FARMERS.map((name, index) => ({ nik: nik(index + 1), name, occupation: 'Petani Tembakau' })),
  );
  const [fisher] = await seedWorkers(db, '35.02', [{ nik: nik(9), name: 'Darmaji', occupation: 'nelayan' }]);
  const csr = await seedCsrSponsor(db, '35.02');
  await seedSponsorship(db, { pemdaCode: '35.02', ...csr, nik: fisher!, firstMonth: '2024-01' });

  const build = await createCohortService({ db, maxBytes: 1_000_000, now: () => new Date() }).buildFromQuery(
    '35.02',
    {
      name: COHORT,
      occupations: ['petani tembakau'],
      budget: 250_000_000,
      budgetYear: 2024,
      from: '2024-01',
    },
    { actor: null },
  );
  cohortId = build.programme.id;
  batchId = (await createEnrolmentService({ db }).createBatch('35.02', { actor: null })).id;
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

const cells = (row: Locator) => row.locator('th, td').allTextContents();

describe('Kohort dan pendaftaran', () => {
  it('shows the Pemda admin the APBD cohort, its cost month by month and its farmers on a phone', async () => {
    const page = await harness.newPage({ width: 360, height: 780 });
    await page.goto('/kohort');
    await signIn(page, 'admin.ponorogo', PASSWORD);
    await expect.poll(() => heading(page)).toBe('Kohort APBD, CSR dan donatur');
    // Newest first: the cohort built after the company's programme.
    const cohorts = page.getByTestId('cohort-table').locator('tbody tr');
    await expect.poll(() => cohorts.count()).toBe(2);
    expect(await cells(cohorts.nth(0))).toEqual([
      `${COHORT}petani-tembakau-apbd-2024`,
      'Kohort APBD',
      'APBD Kabupaten Ponorogo',
      '3',
      'Rp 250.000.000 (2024)',
    ]);
    expect((await cells(cohorts.nth(1))).slice(0, 4)).toEqual([
      'CSR PT Pedulicsr-peduli',
      'CSR perusahaan',
      '—',
      '1',
    ]);

    await page.getByRole('link', { name: COHORT }).click();
    await expect.poll(() => heading(page)).toBe(COHORT);
    expect(new URL(page.url()).pathname).toBe(`/kohort/${cohortId}`);
    const months = page.getByRole('table', { name: 'Biaya per bulan' }).locator('tbody tr');
    await expect.poll(() => months.count()).toBe(12);
    // Each farmer's JKK + JKM at the lowest income, APBD-funded: 3 × Rp 16.800 a month, 12 months.
    expect(await cells(months.nth(0))).toEqual(['Januari 2024', '3', 'Rp 50.400× Rp 16.800']);
    expect(await cells(months.nth(11))).toEqual(['Desember 2024', '3', 'Rp 50.400× Rp 16.800']);
    expect(await page.getByTestId('cohort-cost-total').textContent()).toBe('Rp 604.800');
    expect(await page.getByTestId('cohort-cost-remaining').textContent()).toBe('Rp 249.395.200');

    const members = page.getByTestId('member-table').locator('tbody th');
    await expect.poll(() => members.count()).toBe(3);
    expect((await members.allTextContents()).sort()).toEqual(
      FARMERS.map((name) => `${name}${COHORT}`).sort(),
    );
    // Nothing spills sideways at 360 px.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await harness.screenshot(page, 'cohort-360.png');
  });

  it('lists the sponsors, and the enrolment batch of the verified farmers by group account', async () => {
    const page = await harness.newPage();
    await page.goto('/sponsor');
    await signIn(page, 'admin.ponorogo', PASSWORD);
    await expect.poll(() => heading(page)).toBe('Sponsor');
    const sponsors = page.getByTestId('sponsor-table').locator('tbody tr');
    await expect.poll(() => sponsors.count()).toBe(2);
    // The APBD paid for 2024 only; the company still pays this month.
    expect(await cells(sponsors.nth(0))).toEqual(['APBD Kabupaten Ponorogo35.02', 'APBD', 'APBD', 'SG', '0']);
    expect(await cells(sponsors.nth(1))).toEqual(['PT Peduli35.02', 'Perusahaan (CSR)', 'CSR', 'SC', '1']);

    await page.goto('/pendaftaran');
    await expect.poll(() => heading(page)).toBe('Pendaftaran ke BPJS Ketenagakerjaan');
    const batches = page.getByRole('table', { name: 'Batch pendaftaran' }).locator('tbody tr');
    await expect.poll(() => batches.count()).toBe(1);
    const [reference, , status, ...counts] = await cells(batches.nth(0));
    expect([reference, status, ...counts]).toEqual([
      'ASUH-REG-3502-000001',
      'Menunggu jawaban',
      '3',
      '3',
      '0',
      '0',
    ]);

    await page.getByRole('link', { name: 'ASUH-REG-3502-000001' }).click();
    await expect.poll(() => heading(page)).toBe('ASUH-REG-3502-000001');
    expect(new URL(page.url()).pathname).toBe(`/pendaftaran/batch/${batchId}`);
    const groups = page.getByRole('table', { name: 'Menurut wadah' }).locator('tbody tr');
    await expect.poll(() => groups.count()).toBe(1);
    expect(await cells(groups.nth(0))).toEqual(['SG Pemerintah', 'Kabupaten Ponorogo', '3', '3', '0', '0']);
    await harness.screenshot(page, 'enrolment-batch.png');
  });
});
