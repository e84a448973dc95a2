import type { IsoDate } from '../../core/calendar.ts';
import type { Queryable } from '../../db/database.ts';

/**
 * What sponsoring needs to know of records other features keep (the programme, the civil
 * servant, the worker, the region's name): reads only.
 */

export interface ProgrammeBasics extends Record<string, unknown> {
  id: number;
  pemdaCode: string;
  kind: 'asn_policy' | 'apbd_cohort' | 'csr' | 'donor';
  name: string;
  active: boolean;
}

export async function findProgrammeBasics(db: Queryable, id: number): Promise<ProgrammeBasics | undefined> {
  const [row] = await db.query<ProgrammeBasics>(
    'SELECT id, pemda_code AS "pemdaCode", kind, name, active FROM programme WHERE id = $1',
    [id],
  );
  return row;
}

/**
 * The ASN programme of a Pemda on a day: of its active `asn_policy` programmes with a policy, the
 * one whose version in force took effect last (the newest circular letter); before any is in
 * force, the oldest, so its ASN see from when it starts. Ties go to the older programme.
 */
export async function asnProgrammeOf(db: Queryable, pemdaCode: string, on: IsoDate): Promise<number | null> {
  const [row] = await db.query<{ id: number }>(
    `SELECT p.id FROM programme p
      WHERE p.pemda_code = $1 AND p.kind = 'asn_policy' AND p.active
        AND EXISTS (SELECT 1 FROM policy_version v WHERE v.programme_id = p.id)
      ORDER BY (SELECT max(v.effective_from) FROM policy_version v
                 WHERE v.programme_id = p.id AND v.effective_from <= $2::date) DESC NULLS LAST, p.id
      LIMIT 1`,
    [pemdaCode, on],
  );
  return row?.id ?? null;
}

export interface AsnSponsorFacts extends Record<string, unknown> {
  nip: string;
  pemdaCode: string;
  active: boolean;
}

export async function findAsnFacts(db: Queryable, nip: string): Promise<AsnSponsorFacts | undefined> {
  const [row] = await db.query<AsnSponsorFacts>(
    'SELECT nip, pemda_code AS "pemdaCode", active FROM asn WHERE nip = $1',
    [nip],
  );
  return row;
}

/** What eligibility needs of a worker. */
export interface EligibilityFacts extends Record<string, unknown> {
  nik: string;
  name: string;
  birthDate: IsoDate;
  deceasedOn: IsoDate | null;
  activeElsewhere: boolean;
  villageCode: string | null;
}

/** The worker by NIK if the Pemda's registry lists them: another Pemda's worker reads as absent. */
export async function findEligibilityFacts(
  db: Queryable,
  nik: string,
  pemdaCode: string,
): Promise<EligibilityFacts | undefined> {
  const [row] = await db.query<EligibilityFacts>(
    `SELECT w.nik, w.name, w.birth_date AS "birthDate", w.deceased_on AS "deceasedOn",
            w.active_elsewhere AS "activeElsewhere", w.village_code AS "villageCode"
       FROM worker w JOIN pemda_worker pw ON pw.nik = w.nik AND pw.pemda_code = $2
      WHERE w.nik = $1`,
    [nik, pemdaCode],
  );
  return row;
}

/** The names of regions by code, for what a page shows next to a code. */
export async function regionNames(db: Queryable, codes: readonly string[]): Promise<Map<string, string>> {
  const rows = await db.query<{ code: string; name: string }>(
    'SELECT code, name FROM region WHERE code = ANY($1::text[])',
    [[...new Set(codes)]],
  );
  return new Map(rows.map((row) => [row.code, row.name]));
}
