/**
 * The roles and who a signed-in caller is. What each role may do is decided in one place, the
 * access policy (`src/platform/access/policy.ts`).
 */
export const ROLES = [
  'national',
  'province',
  'pemda_admin',
  'opd_head',
  'asn',
  'bpjstk_officer',
  'sponsor_org',
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, { id: string; en: string }> = {
  national: { id: 'Pemantau nasional', en: 'National monitor' },
  province: { id: 'Pemantau provinsi', en: 'Province monitor' },
  pemda_admin: { id: 'Admin Pemda', en: 'Pemda administrator' },
  opd_head: { id: 'Kepala OPD', en: 'Head of department (OPD)' },
  asn: { id: 'ASN', en: 'Civil servant (ASN)' },
  bpjstk_officer: { id: 'Petugas BPJS Ketenagakerjaan', en: 'BPJS Ketenagakerjaan officer' },
  sponsor_org: { id: 'Organisasi sponsor', en: 'Sponsor organisation' },
};

/** The signed-in caller, with the one piece of scope its role is bound to. */
export type Actor = {
  userId: number;
  username: string;
  displayName: string;
} & (
  | { role: 'national' }
  | { role: 'province'; provinceCode: string }
  | { role: 'pemda_admin'; pemdaCode: string }
  | { role: 'opd_head'; pemdaCode: string; opdId: number }
  | { role: 'asn'; pemdaCode: string; nip: string }
  | { role: 'bpjstk_officer'; pemdaCodes: readonly string[] }
  | { role: 'sponsor_org'; organisationId: number }
);
