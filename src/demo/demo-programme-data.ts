/**
 * What the demo's programmes and their twelve months of ledger are made of: the cohort, the CSR
 * programme, how the ASN keep their obligation, and how the months are paid. Synthetic figures,
 * in the proportions a real regency shows.
 */

/**
 * The demo's APBD cohort: the tobacco farmers whose BPJS Ketenagakerjaan contributions Kabupaten
 * Ponorogo already pays from its budget (DESIGN §1). Another regency gets a cohort in Ponorogo's
 * proportion to its roster, drawn from all its districts.
 */
export interface DemoCohortData {
  workers: number;
  budget: number;
  budgetYear: number;
  /** The districts the farmers live in, by name; null: all of them. */
  districtNames: readonly string[] | null;
  sources: readonly string[];
}

export const TOBACCO_OCCUPATION = 'petani tembakau';

export const KNOWN_COHORTS: Readonly<Record<string, DemoCohortData>> = {
  '35.02': {
    workers: 5_014,
    budget: 2_600_000_000,
    budgetYear: 2024,
    districtNames: ['Bungkal', 'Balong', 'Jambon', 'Sampung', 'Badegan', 'Kauman'],
    sources: [
      'Realita, 6 December 2023: the Pemda pays the contributions of 5,014 tobacco farmers, Rp 2.6 billion',
      'newspatroli.com, 20 February 2024: tobacco is a leading crop of Kecamatan Bungkal, Balong, Jambon, ' +
        'Sampung, Badegan and Kauman; part of the tobacco excise revenue (DBHCHT) returns to the farmers as ' +
        'BPJS Ketenagakerjaan membership',
    ],
  },
};

/** Ponorogo's cohort per ASN of its roster, for regencies without known figures. */
export const COHORT_PER_ASN = 5_014 / 14_000;
export const COHORT_BUDGET_PER_WORKER = 2_600_000_000 / 5_014;

/**
 * The demo's CSR sponsor: a company covering vulnerable workers of one poor district for a year,
 * GN Lingkaran style, with most of its target sponsored.
 */
export const DEMO_CSR = {
  target: 250,
  months: 12,
  firstMonth: '2025-07',
  /** Of the target, the share sponsored so far; the last of them only lately, still being enrolled. */
  filled: 0.92,
  recent: 0.08,
  /** The district by name; elsewhere the Pemda's first district. */
  districtNames: { '35.02': 'Ngrayun' } as Readonly<Record<string, string>>,
} as const;

/**
 * How the demo's ASN answer the circular letter, as shares of those it obliges. An echelon II
 * official is nearly always compliant from the first phase; a few non-obliged staff sponsor one
 * worker of their own accord. `ended` and `rejected` are sponsorships in an ASN's history besides
 * the ones they hold today; an ASN who holds none is more likely to have let one end.
 */
export const DEMO_COMPLIANCE = {
  met: 0.8,
  shortByOne: 0.12,
  echelonIIMet: 0.95,
  /** Of the compliant, the share at the policy's maximum rather than its minimum. */
  atMaximum: 0.4,
  volunteers: 0.05,
  ended: 0.06,
  endedWhenNone: 0.35,
  rejected: 0.03,
  /** Of the rejected, the share the branch turned away as already active elsewhere; the rest the Pemda's check. */
  rejectedByBranch: 0.4,
  /** Sponsorships still on their way, started for the demo's current month. */
  proposed: 0.05,
  verified: 0.04,
  enrolled: 0.04,
} as const;

/**
 * When an obliged ASN (below echelon II) first sponsored: a few before their phase began, most in
 * the first quarter of it (from April 2024), then a trickle until the demo's current month.
 */
export const FIRST_SPONSORSHIP_MONTHS: readonly [string, number][] = [
  ['2024-01', 1],
  ['2024-02', 1],
  ['2024-03', 1],
  ['2024-04', 30],
  ['2024-05', 18],
  ['2024-06', 10],
  ...['07', '08', '09', '10', '11', '12'].map((month): [string, number] => [`2024-${month}`, 4]),
  ...['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12'].map(
    (month): [string, number] => [`2025-${month}`, 2],
  ),
];

/**
 * How an ASN is related to the worker they sponsor, by how near the worker lives: household help
 * and neighbours in the same village, family further away.
 */
export const RELATIONSHIP_MIX = {
  village: { household_help: 35, neighbour: 40, family: 20, other: 5 },
  district: { household_help: 15, neighbour: 10, family: 45, other: 30 },
  farther: { family: 45, other: 55 },
} as const;

/** Why sponsorships ended, as officers write it. */
export const END_REASONS: readonly string[] = [
  'Pekerja pindah domisili ke luar kabupaten',
  'Pekerja kini menjadi karyawan dan didaftarkan oleh pemberi kerjanya',
  'Atas permintaan ASN penanggung',
  'ASN penanggung pindah tugas ke luar daerah',
];

/** Why a proposal was turned away at the Pemda's check. */
export const CHECK_REJECTION_REASONS: readonly string[] = [
  'NIK tidak sesuai dengan data kependudukan (Dukcapil)',
  'Hubungan dengan ASN penanggung tidak dapat diverifikasi',
];

export const BRANCH_REJECTION_REASON =
  'Tanggapan BPJS Ketenagakerjaan: sudah terdaftar sebagai peserta aktif yang iurannya dibayar pihak lain';

/**
 * How the demo's ledger is paid (src/demo/demo-ledger.ts): the months billed, ending
 * with the current one, and the share of each way of falling behind.
 */
export const DEMO_LEDGER = {
  months: 12,
  /** ASN whose deductions stop from some month on: their workers' memberships lapse. */
  stoppingAsnShare: 0.005,
  /** OPD-months confirmed after the deadline. */
  lateOpdMonthShare: 0.06,
  /** OPDs that have not confirmed the last `monthsBehind` months: the arrears lists. */
  opdsBehind: 2,
  monthsBehind: 2,
  /** The year's first APBD payment orders, paid after the deadline. */
  lateApbdMonths: 3,
} as const;
