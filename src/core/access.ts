/**
 * Who may see what (issue: registries and access). Every read is filtered by the caller's scope
 * where the data is read, in SQL; this module holds the roles and the rules those filters follow.
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

/**
 * Full NIKs go only to those who act on a person's identity: the Pemda's administrators who keep
 * the registry, BPJSTK officers who enrol, and an ASN for the workers they sponsor. Monitors, OPD
 * heads and sponsor organisations see `3502********0001`.
 */
export function seesFullNik(actor: Actor): boolean {
  return actor.role === 'pemda_admin' || actor.role === 'bpjstk_officer' || actor.role === 'asn';
}

/** Who may change a Pemda's registry (imports, OPDs, targets). */
export function mayAdministerPemda(actor: Actor, pemdaCode: string): boolean {
  return actor.role === 'pemda_admin' && actor.pemdaCode === pemdaCode;
}

/** The Pemda whose data the actor may read, or `all` for national monitors; `none` where no Pemda-wide read applies. */
export function readablePemdas(
  actor: Actor,
):
  | { kind: 'all' }
  | { kind: 'province'; provinceCode: string }
  | { kind: 'list'; codes: readonly string[] }
  | { kind: 'none' } {
  switch (actor.role) {
    case 'national':
      return { kind: 'all' };
    case 'province':
      return { kind: 'province', provinceCode: actor.provinceCode };
    case 'pemda_admin':
      return { kind: 'list', codes: [actor.pemdaCode] };
    case 'bpjstk_officer':
      return { kind: 'list', codes: actor.pemdaCodes };
    default:
      return { kind: 'none' };
  }
}
