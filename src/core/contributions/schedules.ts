/**
 * The contribution rules of BPJS Ketenagakerjaan as effective-dated data (domain-rules §1–§2).
 * A new regulation is a new entry here, never a change to the engine: every entry says from which
 * contribution month it applies, on what legal basis, and, where the figure comes from the press
 * rather than the regulation's text, what still needs verifying.
 */
import type { Message } from '../message.ts';
import type { Rupiah } from '../money.ts';
import type { Period } from '../period.ts';

export const SCHEMES = ['bpu', 'pu'] as const;
/** `bpu`: non-wage workers (Bukan Penerima Upah); `pu`: wage earners (Penerima Upah). */
export type Scheme = (typeof SCHEMES)[number];

/** In the order components are computed and shown. */
export const PROGRAMMES = ['jkk', 'jkm', 'jht', 'jp'] as const;
export type Programme = (typeof PROGRAMMES)[number];

export const RISK_CLASSES = ['very-low', 'low', 'medium', 'high', 'very-high'] as const;
export type RiskClass = (typeof RISK_CLASSES)[number];

/** The names PP 44/2015 Lampiran I gives the work-environment risk groups. */
export const RISK_CLASS_LABELS: Record<RiskClass, Message> = {
  'very-low': { id: 'tingkat risiko sangat rendah', en: 'very low risk' },
  low: { id: 'tingkat risiko rendah', en: 'low risk' },
  medium: { id: 'tingkat risiko sedang', en: 'medium risk' },
  high: { id: 'tingkat risiko tinggi', en: 'high risk' },
  'very-high': { id: 'tingkat risiko sangat tinggi', en: 'very high risk' },
};

/** Who pays the contributions: PP 50/2025 excludes budget money from its discount. */
export const FUNDING_SOURCES = ['apbd', 'apbn', 'asn', 'csr', 'individual'] as const;
export type FundingSource = (typeof FUNDING_SOURCES)[number];

/**
 * The sectors some schedule's conditions name. A participant in any other sector gives none:
 * accepting free text would let a typo silently lose a discount.
 */
export const SECTORS = ['transport', 'labour-intensive'] as const;
export type Sector = (typeof SECTORS)[number];

export interface Dated {
  /** The first contribution month the entry applies to. */
  effectiveFrom: Period;
  /** The last contribution month; open-ended when absent. */
  effectiveTo?: Period;
  legalBasis: string;
  /** Present where domain-rules marks the figure *(verify)*: what is uncertain and why. */
  verify?: string;
}

/** Basis points (1/100 of a percent) or rupiah, split by who pays. */
export interface Split {
  employer: number;
  worker: number;
}

/**
 * How one programme's contribution is computed. `source` is the short citation shown in each
 * month's `schedule`. For BPU there is no employer: the participant's side (`worker`) carries it
 * all, whether the participant or a sponsor pays it.
 */
export type ComponentRule =
  | {
      /** Of the declared income (BPU) or the wage (PU). */
      kind: 'percent';
      basisPoints: Split;
      /** Only the wage up to the JP wage cap in force that month counts. */
      cappedAtJpWage?: true;
      source: string;
    }
  | { kind: 'percent-by-risk-class'; basisPoints: Record<RiskClass, number>; source: string }
  | { kind: 'flat'; rupiah: Split; source: string };

export interface RateSchedule extends Dated {
  id: string;
  scheme: Scheme;
  components: Partial<Record<Programme, ComponentRule>>;
  /** What is priced when the caller names no programmes. */
  defaultProgrammes: readonly Programme[];
  /** What every participant of the scheme must join. */
  requiredProgrammes: readonly Programme[];
  note?: string;
}

export interface IncomeBracketList extends Dated {
  id: string;
  /** The declared monthly incomes a BPU participant may choose, ascending. */
  incomes: readonly Rupiah[];
  /** Where each figure held was found, until the annex itself is entered. */
  sources: readonly string[];
}

export interface JpWageCap extends Dated {
  /** In force from `effectiveFrom` until the next cap's month. */
  rupiah: Rupiah;
}

export interface DiscountSchedule extends Dated {
  id: string;
  /** The short citation shown in each month's `schedule`. */
  label: string;
  effectiveTo: Period;
  schemes: readonly Scheme[];
  programmes: readonly Programme[];
  /**
   * Percent of the contribution otherwise due: the regulations word it as a share of "iuran yang
   * seharusnya dibayarkan", so it is applied to each rounded share and rounded again.
   */
  percentOff: number;
  /** Applies only to participants in one of these sectors. */
  onlySectors?: readonly Sector[];
  /** Does not apply to participants in these sectors (another entry covers them). */
  exceptSectors?: readonly Sector[];
  /** Does not apply when these pay the contributions. */
  excludedFunding?: readonly FundingSource[];
  note?: string;
}

export interface ContributionRules {
  rates: readonly RateSchedule[];
  bpuIncomeBrackets: readonly IncomeBracketList[];
  /** Ascending by `effectiveFrom`. */
  jpWageCaps: readonly JpWageCap[];
  discounts: readonly DiscountSchedule[];
}

const BPU_RATES_2015: RateSchedule = {
  id: 'bpu-2015',
  scheme: 'bpu',
  effectiveFrom: '2015-07',
  legalBasis:
    'PP 44/2015 (JKK, JKM; annex II: the BPU income list) as amended by PP 82/2019 and PP 49/2023; ' +
    'PP 46/2015 as amended by PP 60/2015 (JHT); Permenaker 5/2021 as amended by Permenaker 1/2025',
  components: {
    jkk: { kind: 'percent', basisPoints: { employer: 0, worker: 100 }, source: 'PP 44/2015' },
    jkm: { kind: 'flat', rupiah: { employer: 0, worker: 6_800 }, source: 'PP 44/2015' },
    jht: { kind: 'percent', basisPoints: { employer: 0, worker: 200 }, source: 'PP 46/2015' },
  },
  defaultProgrammes: ['jkk', 'jkm'],
  requiredProgrammes: ['jkk', 'jkm'],
  note: 'JHT is optional for BPU; BPU cannot join JP.',
};

const PU_RATES_2015: RateSchedule = {
  id: 'pu-2015',
  scheme: 'pu',
  effectiveFrom: '2015-07',
  legalBasis:
    'PP 44/2015 (JKK by the risk groups of Lampiran I, JKM) as amended by PP 82/2019; ' +
    'PP 46/2015 as amended by PP 60/2015 (JHT); PP 45/2015 (JP)',
  components: {
    jkk: {
      kind: 'percent-by-risk-class',
      basisPoints: { 'very-low': 24, low: 54, medium: 89, high: 127, 'very-high': 174 },
      source: 'PP 44/2015',
    },
    jkm: { kind: 'percent', basisPoints: { employer: 30, worker: 0 }, source: 'PP 44/2015' },
    jht: { kind: 'percent', basisPoints: { employer: 370, worker: 200 }, source: 'PP 46/2015' },
    jp: {
      kind: 'percent',
      basisPoints: { employer: 200, worker: 100 },
      cappedAtJpWage: true,
      source: 'PP 45/2015',
    },
  },
  defaultProgrammes: ['jkk', 'jkm', 'jht', 'jp'],
  requiredProgrammes: [],
  note:
    'JKP (job loss, PP 37/2021 as amended by PP 6/2025) adds no contribution: it is funded inside ' +
    'BPJS Ketenagakerjaan (0.22% of the wage, capped at Rp 5,000,000, from the central government and ' +
    '0.14% recomposed from JKK), so the employer pays the JKK and JKM rates above (verify).',
  verify: 'JKP funding split (PP 6/2025) is from secondary sources.',
};

const BPU_BRACKETS_2015: IncomeBracketList = {
  id: 'bpu-income-2015',
  effectiveFrom: '2015-07',
  legalBasis: 'PP 44/2015 Lampiran II as amended by PP 82/2019; Permenaker 5/2021',
  incomes: [1_000_000, 20_700_000],
  sources: [
    'Rp 1,000,000: the lowest declarable income (popmama.com, "BPJS Ketenagakerjaan juga bisa menjamin IRT"); ' +
      'JKK Rp 10,000 + JKM Rp 6,800 = Rp 16,800 is the figure every seed article quotes',
    'Rp 20,700,000: JKK at most Rp 207,000 citing PP 44/2015 (radarmukomuko.disway.id/read/666514); ' +
      'JHT at most Rp 414,000 = 2% of it (fame.grid.id/read/463955509)',
  ],
  verify:
    'The full list is in PP 44/2015 Lampiran II, which could not be read in text form; only the lowest and ' +
    'the highest value are held. Until the annex is entered, only these incomes are accepted.',
};

const JP_CAP_BASIS =
  'PP 45/2015: the JP wage cap is adjusted each year and announced by BPJS Ketenagakerjaan';
const JP_CAP_VERIFY = 'From secondary sources; only the 2024 cap is confirmed.';

const JP_WAGE_CAPS: readonly JpWageCap[] = [
  { effectiveFrom: '2022-03', rupiah: 9_077_600, legalBasis: JP_CAP_BASIS, verify: JP_CAP_VERIFY },
  { effectiveFrom: '2023-03', rupiah: 9_559_600, legalBasis: JP_CAP_BASIS, verify: JP_CAP_VERIFY },
  { effectiveFrom: '2024-03', rupiah: 10_042_300, legalBasis: JP_CAP_BASIS },
  { effectiveFrom: '2025-03', rupiah: 10_547_400, legalBasis: JP_CAP_BASIS, verify: JP_CAP_VERIFY },
  { effectiveFrom: '2026-03', rupiah: 11_086_300, legalBasis: JP_CAP_BASIS, verify: JP_CAP_VERIFY },
];

const PP_50_2025_VERIFY =
  'Figures from the press quoting Pasal 4(1) (babeindonesia.com/read/6571272), not the gazetted text. ' +
  'The text excludes only APBN/APBD payment; whether sponsors other than budgets (an ASN, a company) ' +
  'qualify is unconfirmed: Asuh reads it as they do, which protects the worker.';

const DISCOUNTS: readonly DiscountSchedule[] = [
  {
    id: 'pp-49-2020',
    label: 'PP 49/2020',
    effectiveFrom: '2020-08',
    effectiveTo: '2021-01',
    legalBasis: 'PP 49/2020 (COVID-19 contribution adjustment)',
    schemes: ['bpu', 'pu'],
    programmes: ['jkk', 'jkm'],
    percentOff: 99,
    note:
      'The lowest BPU bracket paid Rp 100 + Rp 68 = Rp 168. Its JP deferral is a postponement, not a ' +
      'discount, and is not modelled; nor are eligibility conditions beyond scheme and month.',
  },
  {
    id: 'pp-50-2025-transport',
    label: 'PP 50/2025',
    effectiveFrom: '2026-01',
    effectiveTo: '2027-03',
    legalBasis: 'PP 50/2025 Pasal 4 (signed 22 December 2025): transport-sector BPU',
    verify: PP_50_2025_VERIFY,
    schemes: ['bpu'],
    programmes: ['jkk', 'jkm'],
    percentOff: 50,
    onlySectors: ['transport'],
    excludedFunding: ['apbn', 'apbd'],
    note: 'Benefits are unchanged.',
  },
  {
    id: 'pp-50-2025',
    label: 'PP 50/2025',
    effectiveFrom: '2026-04',
    effectiveTo: '2026-12',
    legalBasis: 'PP 50/2025 Pasal 4 (signed 22 December 2025): BPU outside the transport sector',
    verify: PP_50_2025_VERIFY,
    schemes: ['bpu'],
    programmes: ['jkk', 'jkm'],
    percentOff: 50,
    exceptSectors: ['transport'],
    excludedFunding: ['apbn', 'apbd'],
    note: 'Benefits are unchanged.',
  },
  {
    id: 'pp-7-2025',
    label: 'PP 7/2025',
    effectiveFrom: '2025-02',
    effectiveTo: '2026-01',
    legalBasis: 'PP 7/2025 (JKK for certain labour-intensive industries) as amended',
    verify:
      'PP 7/2025 first ran February–July 2025; the extension to January 2026 is from the press ' +
      '(pantau.com/ekonomi/276435). Its conditions (food, beverage and tobacco, textile and apparel, leather, ' +
      'footwear, toys and furniture industries with at least 50 workers) are reduced here to the sector.',
    schemes: ['pu'],
    programmes: ['jkk'],
    percentOff: 50,
    onlySectors: ['labour-intensive'],
  },
];

export const CONTRIBUTION_RULES: ContributionRules = {
  rates: [BPU_RATES_2015, PU_RATES_2015],
  bpuIncomeBrackets: [BPU_BRACKETS_2015],
  jpWageCaps: JP_WAGE_CAPS,
  discounts: DISCOUNTS,
};
