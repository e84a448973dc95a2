import type { Message } from './message.ts';

/**
 * The group-account ("wadah") types BPJSTK registers sponsored workers under, by who pays
 * (domain-rules §8). A sponsor without one (an individual donor) has its workers registered one
 * by one.
 */
export const GROUP_ACCOUNT_TYPES = ['SC', 'SB', 'SG', 'SD', 'SA', 'SL'] as const;
export type GroupAccountType = (typeof GROUP_ACCOUNT_TYPES)[number];

export const GROUP_ACCOUNT_LABELS: Record<GroupAccountType | 'individual', Message> = {
  SC: { id: 'Korporasi (CSR)', en: 'Corporate (CSR)' },
  SB: { id: 'Perbankan', en: 'Banking' },
  SG: { id: 'Pemerintah', en: 'Government' },
  SD: { id: 'Desa (APBDes)', en: 'Village (APBDes)' },
  SA: { id: 'Desa (APBD)', en: 'Village (APBD)' },
  SL: { id: 'Desa (lainnya)', en: 'Village (other)' },
  individual: { id: 'Perorangan (tanpa wadah)', en: 'Individual (no group account)' },
};
