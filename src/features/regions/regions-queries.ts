import type { Queryable } from '../../db/database.ts';
import type { Region, RegionSummary } from './regions-types.ts';

interface RegionRecord extends Record<string, unknown> {
  code: string;
  name: string;
  level: Region['level'];
  time_zone: Region['timeZone'];
  parent_code: string | null;
  parent_name: string | null;
  parent_level: Region['level'] | null;
  child_count: number;
}

export async function findRegion(db: Queryable, code: string): Promise<Region | undefined> {
  const [row] = await db.query<RegionRecord>(
    `SELECT r.code, r.name, r.level, province.time_zone,
            parent.code AS parent_code, parent.name AS parent_name, parent.level AS parent_level,
            (SELECT count(*) FROM region child WHERE child.parent_code = r.code) AS child_count
       FROM region r
       JOIN region province ON province.code = r.province_code
       LEFT JOIN region parent ON parent.code = r.parent_code
      WHERE r.code = $1`,
    [code],
  );
  if (!row) return undefined;
  return {
    code: row.code,
    name: row.name,
    level: row.level,
    timeZone: row.time_zone,
    parent:
      row.parent_code === null
        ? null
        : { code: row.parent_code, name: row.parent_name!, level: row.parent_level! },
    childCount: row.child_count,
  };
}

/** Children of a region in code order, or the provinces when `code` is null. */
export async function listChildRegions(db: Queryable, code: string | null): Promise<RegionSummary[]> {
  return db.query<RegionSummary & Record<string, unknown>>(
    `SELECT code, name, level FROM region
      WHERE ${code === null ? 'parent_code IS NULL' : 'parent_code = $1'}
      ORDER BY code`,
    code === null ? [] : [code],
  );
}

/** The villages of a Pemda (a regency's, or a whole province's): a few hundred to a few thousand codes. */
export async function pemdaVillageCodes(db: Queryable, pemdaCode: string): Promise<string[]> {
  const rows = await db.query<{ code: string }>(
    `SELECT code FROM region WHERE level = 'village' AND code LIKE $1 || '.%'`,
    [pemdaCode],
  );
  return rows.map((row) => row.code);
}

/** Today's regencies and districts, against which a NIK's place of issue is checked. */
export async function currentRegencyAndDistrictCodes(db: Queryable): Promise<string[]> {
  const rows = await db.query<{ code: string }>(
    `SELECT code FROM region WHERE level IN ('regency', 'district')`,
  );
  return rows.map((row) => row.code);
}
