import { createContext, useContext } from 'react';

/**
 * Every string the browser app shows, in Bahasa Indonesia (the default: most users are regional
 * staff and civil servants) and English. `en` is typed by `id`, so a string missing in one
 * language is a compile error.
 */
export type Language = 'id' | 'en';

const id = {
  appName: 'Asuh',
  tagline: 'Iuran BPJS Ketenagakerjaan untuk pekerja rentan',
  skipToContent: 'Langsung ke isi utama',
  navLabel: 'Navigasi utama',
  navCalculator: 'Kalkulator Iuran',
  navRegions: 'Wilayah',
  languageGroup: 'Pilih bahasa',
  footer: 'Asuh — program orang tua asuh BPJS Ketenagakerjaan untuk pemerintah daerah.',
  apiDocs: 'Dokumentasi API',
  loading: 'Memuat…',
  networkError: 'Server Asuh tidak dapat dihubungi. Periksa koneksi Anda lalu coba lagi.',
  unexpectedResponse: (status: number) =>
    `Server menjawab dengan tanggapan yang tidak dikenal (HTTP ${status}).`,
  notFoundTitle: 'Halaman tidak ditemukan',
  notFoundText: 'Alamat ini tidak ada di Asuh.',
  backHome: 'Kembali ke Kalkulator Iuran',

  calcTitle: 'Kalkulator Iuran',
  calcIntro:
    'Hitung iuran BPJS Ketenagakerjaan seorang pekerja untuk beberapa bulan, termasuk potongan yang berlaku pada bulan-bulan tersebut.',
  schemeLegend: 'Jenis kepesertaan',
  schemeBpu: 'BPU — Bukan Penerima Upah',
  schemeBpuHint: 'Pekerja informal atau mandiri; iuran dari penghasilan yang dilaporkan.',
  schemePu: 'PU — Penerima Upah',
  schemePuHint: 'Pekerja bergaji, misalnya tenaga non-ASN Pemda; iuran dari upah.',
  incomeLabel: 'Penghasilan yang dilaporkan per bulan',
  jhtLabel: 'Ikut Jaminan Hari Tua (JHT, 2% dari penghasilan)',
  wageLabel: 'Upah per bulan (Rp)',
  wageHint: 'Rupiah bulat, misalnya 3.282.000',
  riskLabel: 'Kelas risiko pekerjaan (untuk JKK)',
  riskClass: {
    'very-low': 'Sangat rendah',
    low: 'Rendah',
    medium: 'Sedang',
    high: 'Tinggi',
    'very-high': 'Sangat tinggi',
  } as Record<string, string>,
  programmesLegend: 'Program',
  component: {
    jkk: 'Jaminan Kecelakaan Kerja',
    jkm: 'Jaminan Kematian',
    jht: 'Jaminan Hari Tua',
    jp: 'Jaminan Pensiun',
  } as Record<string, string>,
  payerLegend: 'Pembayar dan sektor',
  fundingLabel: 'Siapa yang membayar',
  fundingHint: 'Sebagian potongan iuran bergantung pada siapa yang membayar.',
  funding: {
    individual: 'Pekerja sendiri / perorangan',
    asn: 'ASN (orang tua asuh)',
    csr: 'Perusahaan (CSR)',
    apbd: 'APBD (anggaran daerah)',
    apbn: 'APBN (anggaran negara)',
  } as Record<string, string>,
  sectorLabel: 'Sektor pekerjaan',
  sectorOther: 'Lainnya / umum',
  sector: {
    transport: 'Transportasi',
    'labour-intensive': 'Industri padat karya',
  } as Record<string, string>,
  periodLegend: 'Masa iuran',
  fromLabel: 'Bulan pertama',
  monthsLabel: 'Jumlah bulan',
  monthsPreset: (n: number) => `${n} bulan`,
  monthsPresetGroup: 'Pilihan cepat jumlah bulan',
  calculate: 'Hitung iuran',
  calculating: 'Menghitung…',
  optionsError: 'Daftar penghasilan dan kelas risiko belum dapat dimuat.',
  retry: 'Coba lagi',

  resultTitle: 'Hasil perhitungan',
  resultStale: 'Masukan sudah diubah. Tekan “Hitung iuran” untuk memperbarui hasil.',
  resultRange: (from: string, to: string, months: number) => `${from} – ${to} · ${months} bulan`,
  total: 'Total iuran',
  monthly: 'Iuran per bulan',
  monthlyVaries: 'Iuran per bulan (berbeda-beda)',
  componentsCaption: 'Rincian per program',
  colProgramme: 'Program',
  colPerMonth: 'Per bulan',
  colTotal: (months: number) => `Jumlah ${months} bulan`,
  totalRow: 'Total',
  discountNotice:
    'Iuran tidak sama setiap bulan: ada potongan pada sebagian bulan. Rinciannya ada di tabel per bulan.',
  showMonthly: 'Tampilkan rincian per bulan',
  hideMonthly: 'Sembunyikan rincian per bulan',
  monthlyCaption: 'Rincian per bulan',
  colPeriod: 'Bulan',
  colAmount: 'Iuran',
  colSchedule: 'Ketentuan / dasar hukum',
  shares: (employer: string, worker: string) => `Ditanggung pemberi kerja ${employer}, pekerja ${worker}.`,
  disclaimer:
    'Perkiraan menurut aturan yang tersimpan di Asuh. Tagihan resmi diterbitkan oleh BPJS Ketenagakerjaan.',

  regionsTitle: 'Wilayah',
  regionsIntro:
    'Daftar wilayah resmi Kemendagri: provinsi, kabupaten/kota, kecamatan, dan desa/kelurahan. Zona waktu wilayah menentukan batas waktu pembayaran.',
  breadcrumbLabel: 'Jejak wilayah',
  indonesia: 'Indonesia',
  jumpLabel: 'Buka kode wilayah',
  jumpHint: 'Kode Kemendagri, misalnya 35.02',
  jumpButton: 'Buka',
  filterLabel: 'Cari nama atau kode',
  noMatches: (query: string) => `Tidak ada wilayah yang cocok dengan “${query}”.`,
  levelName: {
    province: 'Provinsi',
    regency: 'Kabupaten/Kota',
    district: 'Kecamatan',
    village: 'Desa/Kelurahan',
  } as Record<string, string>,
  levelPlural: {
    province: 'Provinsi',
    regency: 'Kabupaten/Kota',
    district: 'Kecamatan',
    village: 'Desa/Kelurahan',
  } as Record<string, string>,
  childCount: (count: number, level: string) => `${count.toLocaleString('id-ID')} ${level.toLowerCase()}`,
  detailsTitle: 'Keterangan wilayah',
  detailCode: 'Kode',
  detailLevel: 'Tingkat',
  detailTimeZone: 'Zona waktu',
  detailParent: 'Bagian dari',
  detailChildren: 'Wilayah di bawahnya',
  timeZone: {
    WIB: 'WIB — Waktu Indonesia Barat (UTC+7)',
    WITA: 'WITA — Waktu Indonesia Tengah (UTC+8)',
    WIT: 'WIT — Waktu Indonesia Timur (UTC+9)',
  } as Record<string, string>,
  noChildren: 'Tidak ada wilayah di bawah desa/kelurahan.',
  backToProvinces: 'Kembali ke daftar provinsi',
};

export type Dictionary = typeof id;

const en: Dictionary = {
  appName: 'Asuh',
  tagline: 'BPJS Ketenagakerjaan contributions for vulnerable workers',
  skipToContent: 'Skip to main content',
  navLabel: 'Main navigation',
  navCalculator: 'Contribution calculator',
  navRegions: 'Regions',
  languageGroup: 'Choose language',
  footer: 'Asuh — BPJS Ketenagakerjaan sponsorship programmes for regional governments.',
  apiDocs: 'API documentation',
  loading: 'Loading…',
  networkError: 'The Asuh server cannot be reached. Check your connection and try again.',
  unexpectedResponse: (status: number) =>
    `The server sent a response Asuh does not understand (HTTP ${status}).`,
  notFoundTitle: 'Page not found',
  notFoundText: 'There is no such page in Asuh.',
  backHome: 'Back to the contribution calculator',

  calcTitle: 'Contribution calculator',
  calcIntro:
    "Work out a worker's BPJS Ketenagakerjaan contributions over several months, with the discounts that apply in those months.",
  schemeLegend: 'Membership scheme',
  schemeBpu: 'BPU — non-wage worker',
  schemeBpuHint: 'Informal or self-employed; contributions on a declared income.',
  schemePu: 'PU — wage earner',
  schemePuHint: "Salaried, e.g. a regional government's non-ASN staff; contributions on the wage.",
  incomeLabel: 'Declared monthly income',
  jhtLabel: 'Include old-age savings (JHT, 2% of the income)',
  wageLabel: 'Monthly wage (Rp)',
  wageHint: 'Whole rupiah, e.g. 3.282.000',
  riskLabel: 'Work risk class (for JKK)',
  riskClass: {
    'very-low': 'Very low',
    low: 'Low',
    medium: 'Medium',
    high: 'High',
    'very-high': 'Very high',
  },
  programmesLegend: 'Programmes',
  component: {
    jkk: 'Work accident',
    jkm: 'Death',
    jht: 'Old-age savings',
    jp: 'Pension',
  },
  payerLegend: 'Payer and sector',
  fundingLabel: 'Who pays',
  fundingHint: 'Some discounts depend on who pays.',
  funding: {
    individual: 'The worker or an individual',
    asn: 'A civil servant (ASN sponsor)',
    csr: 'A company (CSR)',
    apbd: 'APBD (regional budget)',
    apbn: 'APBN (state budget)',
  },
  sectorLabel: 'Sector of work',
  sectorOther: 'Other / general',
  sector: {
    transport: 'Transport',
    'labour-intensive': 'Labour-intensive industry',
  },
  periodLegend: 'Contribution period',
  fromLabel: 'First month',
  monthsLabel: 'Number of months',
  monthsPreset: (n: number) => `${n} months`,
  monthsPresetGroup: 'Common numbers of months',
  calculate: 'Calculate',
  calculating: 'Calculating…',
  optionsError: 'The income brackets and risk classes could not be loaded.',
  retry: 'Try again',

  resultTitle: 'Result',
  resultStale: 'The inputs have changed. Press “Calculate” to update the result.',
  resultRange: (from: string, to: string, months: number) =>
    `${from} – ${to} · ${months} ${months === 1 ? 'month' : 'months'}`,
  total: 'Total contributions',
  monthly: 'Per month',
  monthlyVaries: 'Per month (varies)',
  componentsCaption: 'Breakdown by programme',
  colProgramme: 'Programme',
  colPerMonth: 'Per month',
  colTotal: (months: number) => `${months} ${months === 1 ? 'month' : 'months'}`,
  totalRow: 'Total',
  discountNotice:
    'The months do not all cost the same: a discount applies in some of them. See the month-by-month table.',
  showMonthly: 'Show month-by-month breakdown',
  hideMonthly: 'Hide month-by-month breakdown',
  monthlyCaption: 'Month by month',
  colPeriod: 'Month',
  colAmount: 'Contribution',
  colSchedule: 'Schedule / legal basis',
  shares: (employer: string, worker: string) =>
    `Paid by the employer: ${employer}; by the worker: ${worker}.`,
  disclaimer: 'An estimate under the rules Asuh holds. The official bill is issued by BPJS Ketenagakerjaan.',

  regionsTitle: 'Regions',
  regionsIntro:
    "The official Home Affairs list of provinces, regencies and cities, districts and villages. A region's time zone sets its payment deadlines.",
  breadcrumbLabel: 'Region path',
  indonesia: 'Indonesia',
  jumpLabel: 'Go to a region code',
  jumpHint: 'Home Affairs code, e.g. 35.02',
  jumpButton: 'Go',
  filterLabel: 'Find by name or code',
  noMatches: (query: string) => `No region matches “${query}”.`,
  levelName: {
    province: 'Province',
    regency: 'Regency/City',
    district: 'District',
    village: 'Village',
  },
  levelPlural: {
    province: 'Provinces',
    regency: 'Regencies and cities',
    district: 'Districts',
    village: 'Villages',
  },
  childCount: (count: number, level: string) => `${count.toLocaleString('en-GB')} ${level.toLowerCase()}`,
  detailsTitle: 'Region details',
  detailCode: 'Code',
  detailLevel: 'Level',
  detailTimeZone: 'Time zone',
  detailParent: 'Part of',
  detailChildren: 'Regions below',
  timeZone: {
    WIB: 'WIB — Western Indonesia Time (UTC+7)',
    WITA: 'WITA — Central Indonesia Time (UTC+8)',
    WIT: 'WIT — Eastern Indonesia Time (UTC+9)',
  },
  noChildren: 'There are no regions below a village.',
  backToProvinces: 'Back to the list of provinces',
};

export const dictionaries: Record<Language, Dictionary> = { id, en };

/** The BCP 47 locale used for dates and numbers in each language. */
export const LOCALES: Record<Language, string> = { id: 'id-ID', en: 'en-GB' };

const STORAGE_KEY = 'asuh.language';

export function storedLanguage(): Language {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'id';
  } catch {
    // Storage can be blocked (private mode, policy); the default language still works.
    return 'id';
  }
}

export function storeLanguage(language: Language): void {
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Not remembering the choice is acceptable; failing the switch is not.
  }
}

export interface I18n {
  language: Language;
  t: Dictionary;
  setLanguage(language: Language): void;
}

export const I18nContext = createContext<I18n>({ language: 'id', t: id, setLanguage: () => {} });

export function useI18n(): I18n {
  return useContext(I18nContext);
}
