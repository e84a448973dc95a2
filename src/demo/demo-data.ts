/**
 * The figures and word lists the demo generator draws from. Synthetic data only: nothing here is
 * a real person; the structure and the pay scales follow the regulations so that every screen and
 * rule downstream sees what a real regency would send.
 */

/** What kind of work an OPD's staff do, which decides their degrees and titles. */
export type OpdKind =
  | 'general'
  | 'education'
  | 'health'
  | 'hospital'
  | 'agriculture'
  | 'engineering'
  | 'finance'
  | 'law'
  | 'ict';

export interface OpdTemplate {
  /** The name as a regency's roster writes it. */
  name: string;
  kind: OpdKind;
  /** Staff at full size, in Kabupaten Ponorogo's proportions (about 14,000 ASN in all). */
  staff: number;
  /** Echelon of the head: II for a dinas or badan (Perpres 19/2016 pattern), III for a Camat. */
  head: 'II' | 'III';
  /** Echelon II posts besides the head: the Sekda's three assistants and three staff experts. */
  extraEchelonII?: number;
  /** Echelon III and IV posts at full size, the head not counted. */
  echelonIII: number;
  echelonIV: number;
}

/**
 * The departments of a regency (Ponorogo's nomenclature). At full size the structural posts add up
 * to 35 echelon II, 200 echelon III and 700 echelon IV once the 21 Kecamatan offices are counted.
 * Teachers and health workers are most of any regency's ASN.
 */
export const REGENCY_OPDS: readonly OpdTemplate[] = [
  {
    name: 'Sekretariat Daerah',
    kind: 'general',
    staff: 230,
    head: 'II',
    extraEchelonII: 6,
    echelonIII: 12,
    echelonIV: 30,
  },
  { name: 'Sekretariat DPRD', kind: 'general', staff: 60, head: 'II', echelonIII: 4, echelonIV: 9 },
  { name: 'Inspektorat', kind: 'finance', staff: 70, head: 'II', echelonIII: 6, echelonIV: 6 },
  { name: 'Bappeda', kind: 'general', staff: 60, head: 'II', echelonIII: 5, echelonIV: 12 },
  { name: 'BKPSDM', kind: 'general', staff: 65, head: 'II', echelonIII: 5, echelonIV: 10 },
  { name: 'BPKAD', kind: 'finance', staff: 90, head: 'II', echelonIII: 5, echelonIV: 14 },
  { name: 'Bapenda', kind: 'finance', staff: 80, head: 'II', echelonIII: 5, echelonIV: 14 },
  {
    name: 'Dinas Pendidikan dan Kebudayaan',
    kind: 'education',
    staff: 7600,
    head: 'II',
    echelonIII: 7,
    echelonIV: 120,
  },
  { name: 'Dinas Kesehatan', kind: 'health', staff: 2340, head: 'II', echelonIII: 6, echelonIV: 80 },
  { name: 'RSUD', kind: 'hospital', staff: 1050, head: 'II', echelonIII: 7, echelonIV: 15 },
  { name: 'Dinas Pertanian', kind: 'agriculture', staff: 330, head: 'II', echelonIII: 7, echelonIV: 40 },
  { name: 'Dinas Sosial', kind: 'general', staff: 60, head: 'II', echelonIII: 5, echelonIV: 12 },
  { name: 'Dinas Perhubungan', kind: 'engineering', staff: 110, head: 'II', echelonIII: 5, echelonIV: 13 },
  { name: 'Satpol PP', kind: 'law', staff: 170, head: 'II', echelonIII: 5, echelonIV: 12 },
  {
    name: 'Dinas Kependudukan dan Pencatatan Sipil',
    kind: 'general',
    staff: 70,
    head: 'II',
    echelonIII: 5,
    echelonIV: 12,
  },
  {
    name: 'Dinas Pekerjaan Umum dan Penataan Ruang',
    kind: 'engineering',
    staff: 230,
    head: 'II',
    echelonIII: 7,
    echelonIV: 18,
  },
  {
    name: 'Dinas Perumahan dan Kawasan Permukiman',
    kind: 'engineering',
    staff: 60,
    head: 'II',
    echelonIII: 5,
    echelonIV: 12,
  },
  {
    name: 'Dinas Lingkungan Hidup',
    kind: 'engineering',
    staff: 150,
    head: 'II',
    echelonIII: 5,
    echelonIV: 13,
  },
  { name: 'Dinas Tenaga Kerja', kind: 'general', staff: 45, head: 'II', echelonIII: 5, echelonIV: 10 },
  { name: 'Dinas Koperasi dan UM', kind: 'finance', staff: 45, head: 'II', echelonIII: 5, echelonIV: 10 },
  { name: 'Dinas Perdagangan', kind: 'finance', staff: 90, head: 'II', echelonIII: 5, echelonIV: 15 },
  { name: 'Dinas Pariwisata', kind: 'general', staff: 55, head: 'II', echelonIII: 5, echelonIV: 10 },
  { name: 'Dinas Pemuda dan Olahraga', kind: 'general', staff: 40, head: 'II', echelonIII: 5, echelonIV: 10 },
  { name: 'Dinas Kominfo', kind: 'ict', staff: 50, head: 'II', echelonIII: 5, echelonIV: 10 },
  {
    name: 'Dinas Perpustakaan dan Kearsipan',
    kind: 'general',
    staff: 40,
    head: 'II',
    echelonIII: 4,
    echelonIV: 8,
  },
  { name: 'Dinas PMD', kind: 'general', staff: 45, head: 'II', echelonIII: 5, echelonIV: 12 },
  {
    name: 'Dinas Ketahanan Pangan',
    kind: 'agriculture',
    staff: 50,
    head: 'II',
    echelonIII: 5,
    echelonIV: 10,
  },
  { name: 'BPBD', kind: 'general', staff: 50, head: 'II', echelonIII: 4, echelonIV: 8 },
  { name: 'Bakesbangpol', kind: 'general', staff: 35, head: 'II', echelonIII: 4, echelonIV: 8 },
];

/** One Kecamatan office per district: the Camat (III/a), the Sekcam, section heads and Lurah. */
export const KECAMATAN_OPD: Omit<OpdTemplate, 'name'> = {
  kind: 'general',
  staff: 30,
  head: 'III',
  echelonIII: 1,
  echelonIV: 7,
};

/** Where a regency's hospital carries a person's name rather than the regency's. */
export const HOSPITAL_NAMES: Readonly<Record<string, string>> = {
  '35.02': 'RSUD dr. Harjono',
};

/** The department a demo OPD head leads: the largest, the schools. */
export const DEMO_OPD_HEAD_OPD = 'Dinas Pendidikan dan Kebudayaan';

/**
 * Yearly coverage targets known from the programmes (DESIGN §1). For any other regency the demo
 * sets one in Ponorogo's proportion: 375,000 to cover for 120,000 covered.
 */
export const KNOWN_TARGETS: Readonly<Record<string, { year: number; workersToCover: number }>> = {
  '35.02': { year: 2024, workersToCover: 375_000 },
};
export const TARGET_PER_WORKER = 375_000 / 120_000;

/** The employment mix of a regency's roster: about 65% PNS, 25% PPPK, 10% non-ASN staff. */
export const EMPLOYMENT_MIX = { PNS: 0.65, PPPK: 0.25, NON_ASN: 0.1 } as const;

/**
 * PNS base salary by golongan, lowest (0 years of service) and highest step: PP 5/2024, the
 * 19th amendment of PP 7/1977 (8% over PP 15/2019). Steps in between are read on a straight line
 * over 32 years of service, which the real table approximates to within a few per cent.
 */
export const PNS_SALARY: readonly { rank: string; min: number; max: number }[] = [
  { rank: 'I/a', min: 1_685_700, max: 2_522_600 },
  { rank: 'I/b', min: 1_840_800, max: 2_670_700 },
  { rank: 'I/c', min: 1_918_700, max: 2_783_700 },
  { rank: 'I/d', min: 1_999_900, max: 2_901_400 },
  { rank: 'II/a', min: 2_184_000, max: 3_643_400 },
  { rank: 'II/b', min: 2_385_000, max: 3_797_500 },
  { rank: 'II/c', min: 2_485_900, max: 3_958_200 },
  { rank: 'II/d', min: 2_591_100, max: 4_125_600 },
  { rank: 'III/a', min: 2_785_700, max: 4_575_200 },
  { rank: 'III/b', min: 2_903_600, max: 4_768_800 },
  { rank: 'III/c', min: 3_026_400, max: 4_970_500 },
  { rank: 'III/d', min: 3_154_400, max: 5_180_700 },
  { rank: 'IV/a', min: 3_287_800, max: 5_399_900 },
  { rank: 'IV/b', min: 3_426_900, max: 5_628_300 },
  { rank: 'IV/c', min: 3_571_900, max: 5_866_400 },
  { rank: 'IV/d', min: 3_723_000, max: 6_114_500 },
  { rank: 'IV/e', min: 3_880_400, max: 6_373_200 },
];

/**
 * PPPK salary by grade I–XVII: Perpres 11/2024 (8% over Perpres 98/2020) *(verify: rounded from
 * the 2020 table)*.
 */
export const PPPK_SALARY: readonly { rank: string; min: number; max: number }[] = [
  { rank: 'I', min: 1_938_500, max: 2_901_200 },
  { rank: 'II', min: 2_117_000, max: 3_071_400 },
  { rank: 'III', min: 2_206_600, max: 3_201_300 },
  { rank: 'IV', min: 2_299_900, max: 3_336_800 },
  { rank: 'V', min: 2_511_600, max: 4_190_100 },
  { rank: 'VI', min: 2_742_900, max: 4_367_300 },
  { rank: 'VII', min: 2_858_900, max: 4_455_000 },
  { rank: 'VIII', min: 2_979_800, max: 4_744_500 },
  { rank: 'IX', min: 3_203_800, max: 5_261_800 },
  { rank: 'X', min: 3_339_300, max: 5_484_200 },
  { rank: 'XI', min: 3_480_500, max: 5_716_200 },
  { rank: 'XII', min: 3_627_700, max: 5_958_100 },
  { rank: 'XIII', min: 3_781_200, max: 6_210_100 },
  { rank: 'XIV', min: 3_941_100, max: 6_472_800 },
  { rank: 'XV', min: 4_107_800, max: 6_746_700 },
  { rank: 'XVI', min: 4_281_700, max: 7_032_000 },
  { rank: 'XVII', min: 4_462_800, max: 7_329_400 },
];

/**
 * Honorary (non-ASN) staff are paid near the regency minimum wage: UMK Ponorogo 2025 is about
 * Rp 2,300,000 *(verify)*; many earn less.
 */
export const NON_ASN_PAY = { centre: 2_300_000, spread: 600_000, step: 50_000 } as const;

/**
 * The vulnerable workers the programmes target (domain-rules §8), in a mix for an inland farming
 * regency: no fishers. `transport` is the sector the contribution engine's PP 50/2025 discount
 * names; the others are free text as registries write them. `female` is the share of women.
 */
export const OCCUPATIONS: readonly { name: string; sector: string; weight: number; female: number }[] = [
  { name: 'petani', sector: 'pertanian', weight: 20, female: 0.3 },
  { name: 'buruh tani', sector: 'pertanian', weight: 17, female: 0.45 },
  { name: 'petani tembakau', sector: 'pertanian', weight: 5, female: 0.25 },
  { name: 'peternak', sector: 'pertanian', weight: 4, female: 0.25 },
  { name: 'pedagang', sector: 'perdagangan', weight: 10, female: 0.6 },
  { name: 'buruh serabutan', sector: 'jasa', weight: 10, female: 0.25 },
  { name: 'asisten rumah tangga', sector: 'jasa', weight: 6, female: 0.92 },
  { name: 'ojek', sector: 'transport', weight: 5, female: 0.03 },
  { name: 'sopir', sector: 'transport', weight: 3, female: 0.02 },
  { name: 'tukang becak', sector: 'transport', weight: 1, female: 0.01 },
  { name: 'tukang bangunan', sector: 'konstruksi', weight: 5, female: 0.01 },
  { name: 'marbot', sector: 'jasa', weight: 1, female: 0.05 },
  { name: 'guru ngaji', sector: 'jasa', weight: 2, female: 0.55 },
  { name: 'tukang sapu jalan', sector: 'jasa', weight: 1, female: 0.5 },
  { name: 'linmas', sector: 'jasa', weight: 2, female: 0.1 },
  { name: 'pemulung', sector: 'jasa', weight: 1, female: 0.4 },
  { name: 'penjahit', sector: 'industri kecil', weight: 1, female: 0.75 },
  { name: 'pengrajin', sector: 'industri kecil', weight: 2, female: 0.5 },
  { name: 'seniman', sector: 'seni budaya', weight: 2, female: 0.3 },
  { name: 'pekerja seni reog', sector: 'seni budaya', weight: 2, female: 0.15 },
];

/** DTSEN welfare deciles of people the programmes target: mostly the poorest four. */
export const DECILE_WEIGHTS: readonly number[] = [22, 19, 16, 12, 9, 7, 6, 4, 3, 2];

/** Mobile prefixes of the Indonesian operators (Telkomsel, Indosat, XL, Axis, Tri, Smartfren). */
export const PHONE_PREFIXES: readonly string[] = [
  '0811',
  '0812',
  '0813',
  '0821',
  '0822',
  '0823',
  '0852',
  '0853',
  '0851',
  '0814',
  '0815',
  '0816',
  '0855',
  '0856',
  '0857',
  '0858',
  '0817',
  '0818',
  '0819',
  '0859',
  '0877',
  '0878',
  '0831',
  '0832',
  '0833',
  '0838',
  '0895',
  '0896',
  '0897',
  '0898',
  '0899',
  '0881',
  '0882',
  '0883',
  '0884',
  '0885',
  '0886',
  '0887',
  '0888',
  '0889',
];

/**
 * Degrees as Indonesian civil servants write them after their names (Permendikbud 154/2014 and
 * its predecessors), by the kind of OPD; older graduates write Drs./Dra. or Ir. in front.
 */
export const DEGREES: Readonly<
  Record<OpdKind, { bachelor: readonly string[]; diploma: readonly string[]; master: readonly string[] }>
> = {
  general: {
    bachelor: ['S.Sos.', 'S.AP.', 'S.IP.', 'S.H.', 'S.E.', 'S.Kom.', 'S.Sos.', 'S.AP.'],
    diploma: ['A.Md.'],
    master: ['M.Si.', 'M.M.', 'M.AP.', 'M.H.'],
  },
  education: {
    bachelor: ['S.Pd.', 'S.Pd.', 'S.Pd.', 'S.Pd.SD', 'S.Pd.SD', 'S.Pd.I', 'S.Ag.', 'S.Pd.'],
    diploma: ['A.Ma.Pd.'],
    master: ['M.Pd.', 'M.Pd.', 'M.Pd.I'],
  },
  health: {
    bachelor: ['S.Kep.', 'S.Kep.', 'S.KM', 'S.Farm.', 'S.Gz.', 'S.Tr.Keb.'],
    diploma: ['A.Md.Kep.', 'A.Md.Keb.', 'A.Md.Keb.', 'A.Md.Kep.', 'A.Md.Farm.', 'A.Md.AK', 'A.Md.Gz.'],
    master: ['M.Kes.', 'M.Kes.', 'M.M.'],
  },
  hospital: {
    bachelor: ['S.Kep.', 'S.Kep.', 'S.Farm.', 'S.KM', 'S.Gz.', 'S.E.'],
    diploma: ['A.Md.Kep.', 'A.Md.Kep.', 'A.Md.Keb.', 'A.Md.Rad.', 'A.Md.AK', 'A.Md.Farm.'],
    master: ['M.Kes.', 'M.M.', 'M.MRS.'],
  },
  agriculture: {
    bachelor: ['S.P.', 'S.P.', 'S.Pt.', 'S.TP.'],
    diploma: ['A.Md.'],
    master: ['M.P.', 'M.Si.'],
  },
  engineering: {
    bachelor: ['S.T.', 'S.T.', 'S.Si.', 'S.Tr.T.'],
    diploma: ['A.Md.T.'],
    master: ['M.T.', 'M.Si.'],
  },
  finance: {
    bachelor: ['S.E.', 'S.E.', 'S.Ak.', 'S.AB.'],
    diploma: ['A.Md.Ak.'],
    master: ['M.Si.', 'M.M.', 'M.Ak.'],
  },
  law: {
    bachelor: ['S.H.', 'S.H.', 'S.Sos.'],
    diploma: ['A.Md.'],
    master: ['M.H.', 'M.Si.'],
  },
  ict: {
    bachelor: ['S.Kom.', 'S.Kom.', 'S.I.Kom.', 'S.T.'],
    diploma: ['A.Md.Kom.'],
    master: ['M.Kom.', 'M.Si.'],
  },
};

/** Specialists of a regency hospital, written after the name: `dr. Bambang Sutrisno, Sp.PD`. */
export const SPECIALISTS: readonly string[] = [
  'Sp.PD',
  'Sp.A',
  'Sp.OG',
  'Sp.B',
  'Sp.An',
  'Sp.Rad',
  'Sp.P',
  'Sp.JP',
  'Sp.M',
  'Sp.THT-KL',
  'Sp.KK',
  'Sp.N',
  'Sp.PK',
];
