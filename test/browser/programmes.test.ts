import { describe, expect, it } from 'vitest';
import { formatNik } from '../../src/core/identifiers/nik.ts';
import { formatNip } from '../../src/core/identifiers/nip.ts';
import { PONOROGO_ASN_ORANG_TUA_ASUH as PONOROGO } from '../../src/core/programme-policy.ts';
import { createAuthService } from '../../src/features/auth/index.ts';
import { heading, mainNav as nav, setUpBrowserHarness, signIn } from '../support/browser.ts';
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
 * Kabupaten Ponorogo's programme (2 to 3 workers each, echelon II first): the head of the
 * education department checks their staff's compliance on a phone and filters the ones short;
 * the Pemda admin reads the circular letter and writes the next one into the form.
 */
const PASSWORD = 'rahasia-ponorogo-2026';
const nip = (serial: number) =>
  formatNip({ birthDate: '1979-02-11', appointmentMonth: '2004-01', sex: 'male', serial });
const STAFF = [
  // name, OPD, echelon, workers sponsored from April 2024
  ['Agus Setiawan', 'dikbud', 'II', 1],
  ['Budi Santoso', 'dikbud', null, 2],
  ['Citra Lestari', 'dikbud', null, 0],
  ['Dewi Anggraini', 'dikbud', null, 3],
  ['Eko Prasetyo', 'dinkes', null, 0],
] as const;

let programmeId = 0;
let serial = 0;

const harness = setUpBrowserHarness(async ({ db }) => {
  await seedPemda(db, '35.02');
  const opd = {
    dikbud: await seedOpd(db, '35.02', 'Dinas Pendidikan dan Kebudayaan'),
    dinkes: await seedOpd(db, '35.02', 'Dinas Kesehatan'),
  };
  programmeId = await seedPolicyProgramme(db, [PONOROGO]);
  for (const [index, [name, opdKey, echelon, count]] of STAFF.entries()) {
    await seedAsn(db, '35.02', opd[opdKey], { nip: nip(index + 1), name, echelon });
    const sponsorId = await seedSponsor(db, { pemdaCode: '35.02', kind: 'asn', nip: nip(index + 1) });
    const niks = await seedWorkers(
      db,
      '35.02',
      Array.from({ length: count }, () => ({
        nik: formatNik({
          districtCode: '35.02.01',
          birthDate: '1982-07-01',
          sex: 'female',
          serial: ++serial,
        }),
      })),
    );
    for (const nik of niks) {
      await seedSponsorship(db, { pemdaCode: '35.02', programmeId, sponsorId, nik, firstMonth: '2024-04' });
    }
  }
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
      username: 'kepala.dikbud',
      displayName: 'Hartono',
      password: PASSWORD,
      role: 'opd_head',
      pemdaCode: '35.02',
      opdId: opd.dikbud,
    },
    null,
  );
});

const cells = (row: { locator: (s: string) => { allTextContents: () => Promise<string[]> } }) =>
  row.locator('th, td').allTextContents();

describe('Program dan kepatuhan', () => {
  it("lets an OPD head check their staff's compliance on a phone, filtered to those short", async () => {
    const page = await harness.newPage({ width: 360, height: 780 });
    await page.goto('/program');
    await signIn(page, 'kepala.dikbud', PASSWORD);
    await expect.poll(() => heading(page)).toBe('Program');
    expect(await nav(page).getByRole('link', { name: 'Program', exact: true }).count()).toBe(1);
    await page.getByRole('link', { name: 'ASN Orang Tua Asuh' }).click();
    await expect.poll(() => heading(page)).toBe('ASN Orang Tua Asuh');
    // Only the Pemda admin writes letters.
    expect(await page.getByRole('link', { name: 'Tambah surat edaran baru' }).count()).toBe(0);
    await page.getByRole('link', { name: 'Lihat kepatuhan ASN' }).click();
    await expect.poll(() => heading(page)).toBe('Kepatuhan ASN');
    await expect.poll(() => page.getByText('OPD Anda: Dinas Pendidikan dan Kebudayaan').count()).toBe(1);
    // An OPD head has no OPD to choose: the list is their own department's.
    expect(await page.getByLabel('OPD').count()).toBe(0);

    await page.getByLabel('Pada tanggal').fill('2024-05-01');
    await page.getByLabel('Status').selectOption({ label: 'Kurang' });
    await page.getByRole('button', { name: 'Cari' }).click();
    await expect.poll(() => new URL(page.url()).search).toBe('?on=2024-05-01&status=short');

    const rows = page.getByTestId('compliance-table').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await cells(rows.nth(0))).toEqual([
      'Agus Setiawan',
      nip(1),
      'Dinas Pendidikan dan Kebudayaan',
      'Kurang',
      '1',
      '2 (≤ 3)',
      'Kurang 1: menanggung 1 pekerja; ASN Orang Tua Asuh mewajibkan 2 sampai 3 pekerja.',
    ]);
    expect((await cells(rows.nth(1)))[0]).toBe('Citra Lestari');
    // The totals count every status of the OPD, whatever the filter shows.
    const total = (key: string) => page.getByTestId(`total-${key}`).textContent();
    expect(await total('asn')).toBe('ASN4');
    expect(await total('met')).toBe('Terpenuhi2');
    expect(await total('short')).toBe('Kurang2');
    expect(await total('over_limit')).toBe('Melebihi batas0');
    expect(await total('workers-short')).toBe('Pekerja yang masih kurang3');
    expect(await page.getByTestId('compliance-policy').textContent()).toBe(
      'Kebijakan yang berlaku: sejak 1 Januari 2024 (Surat Edaran Bupati Ponorogo tentang ASN Orang Tua Asuh Jaminan Sosial Ketenagakerjaan (usulan)) · Seluruh ASN',
    );
    const csv = await page.getByRole('link', { name: 'Unduh daftar (CSV)' }).getAttribute('href');
    expect(csv).toBe(`/api/v1/programmes/${programmeId}/compliance.csv?on=2024-05-01&status=short`);
    const download = await page.request.get(csv!);
    expect((await download.text()).trim().split('\r\n')).toHaveLength(3);
    // Nothing spills sideways at 360 px.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await harness.screenshot(page, 'programme-compliance-360.png');
  });

  it('lets the Pemda admin read the letter and add the next one as a new version', async () => {
    const page = await harness.newPage();
    await page.goto(`/program/${programmeId}`);
    await signIn(page, 'admin.ponorogo', PASSWORD);
    await expect.poll(() => heading(page)).toBe('ASN Orang Tua Asuh');
    const versions = page.getByTestId('policy-version');
    await expect.poll(() => versions.count()).toBe(1);
    const phases = versions.first().locator('tbody tr');
    expect(await cells(phases.nth(0))).toEqual([
      'Pejabat eselon II',
      '1 Januari 2024',
      'PNS, PPPK',
      'II',
      'Semua OPD',
    ]);
    expect(await cells(phases.nth(1))).toEqual([
      'Seluruh ASN',
      '1 April 2024',
      'PNS, PPPK',
      'Semua',
      'Semua OPD',
    ]);

    await page.getByRole('link', { name: 'Tambah surat edaran baru' }).click();
    await expect.poll(() => heading(page)).toBe('Surat edaran baru');
    // Without a date the letter cannot take effect: every problem is listed.
    await page.getByRole('button', { name: 'Simpan versi baru' }).click();
    const problems = page.getByTestId('policy-problems').locator('li');
    await expect.poll(() => problems.count()).toBeGreaterThan(0);
    expect(await problems.allTextContents()).toContain('Tanggal berlaku "" tidak sah: gunakan TTTT-BB-HH.');

    await page.getByLabel('Berlaku mulai').fill('2025-01-01');
    await page.getByLabel('Nomor').fill('800/123/405.07/2024');
    await page.getByLabel('Tanggal', { exact: true }).fill('2024-12-20');
    await page.getByLabel('Minimal pekerja per ASN').fill('1');
    await page.getByRole('button', { name: 'Hapus tahap ini' }).first().click();
    await page.getByLabel('Mulai', { exact: true }).fill('2025-01-01');
    await page.getByRole('button', { name: 'Simpan versi baru' }).click();

    await expect.poll(() => heading(page)).toBe('ASN Orang Tua Asuh');
    await expect.poll(() => versions.count()).toBe(2);
    const newest = versions.first();
    expect(await newest.getByRole('heading', { level: 3 }).textContent()).toBe(
      'Berlaku mulai 1 Januari 2025Berlaku sekarang',
    );
    expect(await newest.textContent()).toContain('800/123/405.07/2024');
    expect(await newest.textContent()).toContain('1–3 pekerja per ASN');
    await harness.screenshot(page, 'programme.png');
  });
});
