import type { Message } from './message.ts';

/**
 * How dangerous an occupation is, for putting the riskiest workers first when the pool is matched
 * to sponsors. 1 is low, 4 very high. This is Asuh's own ranking, not a regulated class: the JKK
 * risk groups of PP 44/2015 Lampiran I price an employer's wage earners (PU), and for non-wage
 * workers (BPU) JKK is a flat 1% of the declared income whatever the work, so no regulation ranks
 * BPU occupations. It decides only who is proposed first, never what anyone pays.
 */
export const RISK_RANKS = [1, 2, 3, 4] as const;
export type RiskRank = (typeof RISK_RANKS)[number];

export const RISK_RANK_LABELS: Record<RiskRank, Message> = {
  1: { id: 'risiko rendah', en: 'low risk' },
  2: { id: 'risiko sedang', en: 'medium risk' },
  3: { id: 'risiko tinggi', en: 'high risk' },
  4: { id: 'risiko sangat tinggi', en: 'very high risk' },
};

export interface OccupationRiskEntry {
  /** The name registries write, then other spellings of the same work; compared normalised. */
  names: readonly string[];
  rank: RiskRank;
}

export const OCCUPATION_RISK: {
  basis: string;
  verify: string;
  entries: readonly OccupationRiskEntry[];
} = {
  basis:
    "Asuh's own prioritisation of the occupations domain-rules §8 targets, by exposure to the hazards " +
    'JKK pays for: road traffic, work at sea or at height, heavy manual work, waste and roadside work. ' +
    'Not a legal classification (PP 44/2015 Lampiran I groups are for employers of wage earners).',
  verify:
    "A judgement, not data from BPJS Ketenagakerjaan: replace it with the branch's BPU claim rates by " +
    'occupation where the Pemda can obtain them.',
  entries: [
    { names: ['nelayan'], rank: 4 },
    { names: ['buruh bangunan', 'tukang bangunan', 'kuli bangunan'], rank: 4 },
    { names: ['ojek', 'tukang ojek', 'ojek pangkalan'], rank: 4 },
    { names: ['ojek online', 'ojol', 'pengemudi ojek online'], rank: 4 },
    { names: ['sopir', 'supir', 'pengemudi'], rank: 3 },
    { names: ['tukang becak', 'pengayuh becak'], rank: 3 },
    { names: ['tukang sapu jalan', 'petugas kebersihan jalan'], rank: 3 },
    { names: ['pemulung'], rank: 3 },
    { names: ['linmas', 'satlinmas'], rank: 3 },
    { names: ['buruh tani'], rank: 3 },
    { names: ['buruh serabutan', 'buruh harian lepas'], rank: 3 },
    { names: ['petani tembakau'], rank: 3 },
    { names: ['petani', 'pekebun'], rank: 2 },
    { names: ['peternak'], rank: 2 },
    { names: ['pedagang', 'pedagang kaki lima', 'pedagang keliling'], rank: 2 },
    {
      names: ['asisten rumah tangga', 'art', 'pembantu rumah tangga', 'prt', 'pekerja rumah tangga'],
      rank: 2,
    },
    { names: ['pengrajin', 'perajin'], rank: 2 },
    { names: ['pekerja seni reog'], rank: 2 },
    { names: ['marbot'], rank: 1 },
    { names: ['guru ngaji'], rank: 1 },
    { names: ['penjahit'], rank: 1 },
    { names: ['seniman'], rank: 1 },
  ],
};

/** Registries write occupations by hand: `Ojek  Online` and `ojek online` are the same work. */
export function normaliseOccupation(value: string): string {
  return value.trim().replace(/\s+/g, ' ').toLowerCase();
}

const RANK_BY_NAME = new Map<string, RiskRank>(
  OCCUPATION_RISK.entries.flatMap((entry) =>
    entry.names.map((name) => [normaliseOccupation(name), entry.rank]),
  ),
);

/** Undefined for an occupation the table does not hold, which the matcher puts after every ranked one. */
export function occupationRiskRank(occupation: string | null): RiskRank | undefined {
  return occupation === null ? undefined : RANK_BY_NAME.get(normaliseOccupation(occupation));
}
