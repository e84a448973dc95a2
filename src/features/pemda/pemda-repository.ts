import type { Queryable } from '../../db/database.ts';
import type { Opd, Pemda, PemdaSummary, PemdaTarget } from './pemda-types.ts';

/** A SQL condition on a `pemda_code` column and its parameters, from the caller's scope. */
export interface PemdaFilter {
  sql: (column: string, firstParam: number) => string;
  params: unknown[];
}

const SUMMARY_COLUMNS = `p.code, p.name, r.level, province.time_zone AS "timeZone"`;
const SUMMARY_FROM = `pemda p
  JOIN region r ON r.code = p.code
  JOIN region province ON province.code = r.province_code`;

export async function listPemda(db: Queryable, filter: PemdaFilter): Promise<PemdaSummary[]> {
  return db.query<PemdaSummary & Record<string, unknown>>(
    `SELECT ${SUMMARY_COLUMNS} FROM ${SUMMARY_FROM} WHERE ${filter.sql('p.code', 1)} ORDER BY p.code`,
    filter.params,
  );
}

export async function findPemda(db: Queryable, code: string): Promise<Pemda | undefined> {
  const [row] = await db.query<Omit<Pemda, 'targets'> & Record<string, unknown>>(
    `SELECT ${SUMMARY_COLUMNS},
            (SELECT count(*) FROM opd WHERE opd.pemda_code = p.code) AS "opdCount",
            (SELECT count(*) FROM asn WHERE asn.pemda_code = p.code AND asn.active) AS "activeAsnCount",
            (SELECT count(*) FROM pemda_worker pw WHERE pw.pemda_code = p.code) AS "workerCount"
       FROM ${SUMMARY_FROM}
      WHERE p.code = $1`,
    [code],
  );
  if (!row) return undefined;
  const targets = await db.query<PemdaTarget & Record<string, unknown>>(
    `SELECT year, workers_to_cover AS "workersToCover" FROM pemda_target WHERE pemda_code = $1 ORDER BY year`,
    [code],
  );
  return { ...row, targets };
}

/** Onboards a Pemda named after its region; false when it was already there. */
export async function insertPemda(db: Queryable, code: string): Promise<boolean> {
  const rows = await db.query(
    `INSERT INTO pemda (code, name) SELECT code, name FROM region WHERE code = $1
     ON CONFLICT (code) DO NOTHING RETURNING code`,
    [code],
  );
  return rows.length > 0;
}

export async function upsertTarget(db: Queryable, code: string, target: PemdaTarget): Promise<void> {
  await db.query(
    `INSERT INTO pemda_target (pemda_code, year, workers_to_cover) VALUES ($1, $2, $3)
     ON CONFLICT (pemda_code, year) DO UPDATE SET workers_to_cover = excluded.workers_to_cover`,
    [code, target.year, target.workersToCover],
  );
}

export async function listOpds(db: Queryable, pemdaCode: string): Promise<Opd[]> {
  return db.query<Opd & Record<string, unknown>>(
    `SELECT opd.id, opd.name, count(asn.nip) FILTER (WHERE asn.active) AS "asnCount"
       FROM opd LEFT JOIN asn ON asn.opd_id = opd.id
      WHERE opd.pemda_code = $1
      GROUP BY opd.id ORDER BY opd.name`,
    [pemdaCode],
  );
}

/** Creates the OPD unless one of the same name (case and spacing aside) exists; returns its id. */
export async function ensureOpd(
  db: Queryable,
  pemdaCode: string,
  name: string,
  nameKey: string,
): Promise<{ id: number; created: boolean }> {
  const [row] = await db.query<{ id: number; created: boolean }>(
    `WITH inserted AS (
       INSERT INTO opd (pemda_code, name, name_key) VALUES ($1, $2, $3)
       ON CONFLICT (pemda_code, name_key) DO NOTHING RETURNING id
     )
     SELECT id, true AS created FROM inserted
     UNION ALL
     SELECT id, false AS created FROM opd WHERE pemda_code = $1 AND name_key = $3
     LIMIT 1`,
    [pemdaCode, name.trim().replace(/\s+/g, ' '), nameKey],
  );
  return row!;
}

/** The departments an import's staged roster (`import_asn_row`) names and the Pemda lacks; how many were created. */
export async function insertStagedOpds(tx: Queryable, importId: string, pemdaCode: string): Promise<number> {
  const opds = await tx.query(
    `INSERT INTO opd (pemda_code, name, name_key)
     SELECT DISTINCT ON (opd_key) $2, opd_name, opd_key
       FROM import_asn_row WHERE import_id = $1
      ORDER BY opd_key, row_number
     ON CONFLICT (pemda_code, name_key) DO NOTHING
     RETURNING id`,
    [importId, pemdaCode],
  );
  return opds.length;
}

/** An OPD named as rosters spell it, matched on the key `opdNameKey` makes. */
export async function findOpdIdByKey(
  db: Queryable,
  pemdaCode: string,
  nameKey: string,
): Promise<number | undefined> {
  const [row] = await db.query<{ id: number }>('SELECT id FROM opd WHERE pemda_code = $1 AND name_key = $2', [
    pemdaCode,
    nameKey,
  ]);
  return row?.id;
}
