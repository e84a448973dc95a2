import type { Queryable } from '../../db/database.ts';

export interface RegionTreeRow {
  code: string;
  name: string;
  level: 'province' | 'regency' | 'district' | 'village';
  parentCode: string | null;
}

/** A regency or city with its province, districts and villages, in code order. */
export function selectRegionTree(db: Queryable, code: string): Promise<RegionTreeRow[]> {
  return db.query<RegionTreeRow & Record<string, unknown>>(
    `SELECT code, name, level, parent_code AS "parentCode" FROM region
      WHERE code = $1 OR code LIKE $2 OR code = $3
      ORDER BY code`,
    [code, `${code}.%`, code.slice(0, 2)],
  );
}

/** The organisation of that name, created unless it exists. */
export async function ensureOrganisation(
  tx: Queryable,
  name: string,
): Promise<{ id: number; created: boolean }> {
  const [row] = await tx.query<{ id: number; created: boolean }>(
    `WITH inserted AS (
       INSERT INTO organisation (name) VALUES ($1) ON CONFLICT (name) DO NOTHING RETURNING id
     )
     SELECT id, true AS created FROM inserted
     UNION ALL
     SELECT id, false AS created FROM organisation WHERE name = $1
     LIMIT 1`,
    [name],
  );
  return row!;
}

/**
 * Whether the database holds no Pemda at all, and whether a demo load of `pemdaCode` was started
 * and never finished (the process was stopped half-way): either way the demo is (re)loaded.
 */
export async function selectDemoState(
  db: Queryable,
  pemdaCode: string,
): Promise<{ empty: boolean; unfinished: boolean }> {
  const [row] = await db.query<{ empty: boolean; unfinished: boolean }>(
    `SELECT NOT EXISTS (SELECT 1 FROM pemda) AS empty,
            EXISTS (
              SELECT 1 FROM audit_log started
               WHERE started.action = 'demo.load_started' AND started.pemda_code = $1
                 AND NOT EXISTS (
                   SELECT 1 FROM audit_log loaded
                    WHERE loaded.action = 'demo.loaded' AND loaded.pemda_code = $1
                      AND loaded.id > started.id
                 )
            ) AS unfinished`,
    [pemdaCode],
  );
  return row!;
}

/** An ordinary civil servant of the OPD (no structural post) to sign in as: the first by NIP. */
export async function selectRankAndFileAsn(
  db: Queryable,
  pemdaCode: string,
  opdId: number,
): Promise<{ nip: string; name: string } | undefined> {
  const [row] = await db.query<{ nip: string; name: string }>(
    `SELECT nip, name FROM asn
      WHERE pemda_code = $1 AND opd_id = $2 AND active AND echelon IS NULL AND employment_type = 'PNS'
      ORDER BY nip LIMIT 1`,
    [pemdaCode, opdId],
  );
  return row;
}
