import type { Queryable } from '../../db/database.ts';
import { Where } from '../../db/where.ts';
import type { ScopeCondition } from '../../platform/access/scopes.ts';
import type { ArrearsSponsor, ArrearsTotals, ArrearsWorker } from './arrears-types.ts';

export interface ArrearsFilter {
  /** Against a `contribution` alias `c`. */
  scope: ScopeCondition;
  /** Against a `sponsorship` alias `s`: whether the caller may learn who pays. */
  disclose: ScopeCondition;
  /** Past due before this instant. */
  asOf: string;
  pemdaCode?: string;
  opdId?: number;
  programmeId?: number;
}

/**
 * The worker-months in arrears as CTEs `line` and `month`: every contribution line past its bill's
 * deadline and not fully paid, netted per sponsorship and month (a correction's credit counts;
 * waived lines are not owed). Paid lines have nothing left, so only open lines are read.
 */
function arrearsCtes(filter: ArrearsFilter): { sql: string; params: unknown[] } {
  const where = new Where().addNumbered(filter.scope, 'c');
  where.add(`c.due_at < ${where.param(filter.asOf)}::timestamptz`);
  if (filter.pemdaCode) where.add(`c.pemda_code = ${where.param(filter.pemdaCode)}`);
  if (filter.opdId !== undefined) where.add(`c.opd_id = ${where.param(filter.opdId)}`);
  if (filter.programmeId !== undefined) where.add(`s.programme_id = ${where.param(filter.programmeId)}`);
  const disclose = filter.disclose.sql('s', where.params.length + 1);
  return {
    sql: `line AS (
      SELECT c.pemda_code, c.period, c.sponsorship_id, c.sponsor_id, c.nik, c.worker_name, c.opd_id, s.programme_id,
             c.amount - c.paid_amount AS owed, (${disclose}) AS disclosed
        FROM contribution c JOIN sponsorship s ON s.id = c.sponsorship_id
       WHERE c.status IN ('billed', 'reversed') AND ${where}
    ),
    month AS (
      SELECT pemda_code, sponsorship_id, period, min(sponsor_id) AS sponsor_id, min(nik) AS nik,
             min(worker_name) AS worker_name, min(opd_id) AS opd_id, min(programme_id) AS programme_id,
             sum(owed) AS owed, bool_and(disclosed) AS disclosed
        FROM line GROUP BY pemda_code, sponsorship_id, period
      HAVING sum(owed) > 0
    )`,
    params: [...where.params, ...filter.disclose.params],
  };
}

export async function arrearsTotals(db: Queryable, filter: ArrearsFilter): Promise<ArrearsTotals> {
  const ctes = arrearsCtes(filter);
  const [row] = await db.query<ArrearsTotals & Record<string, unknown>>(
    `WITH ${ctes.sql}
     SELECT coalesce(sum(owed), 0)::int8 AS amount, count(DISTINCT sponsor_id)::int AS sponsors,
            count(DISTINCT nik)::int AS workers, count(*)::int AS "workerMonths"
       FROM month`,
    ctes.params,
  );
  return row!;
}

const REFS = `
  LEFT JOIN opd ON opd.id = g.opd_id
  JOIN programme p ON p.id = g.programme_id
  JOIN sponsor sp ON sp.id = g.sponsor_id
  LEFT JOIN asn a ON a.nip = sp.nip
  LEFT JOIN organisation o ON o.id = sp.organisation_id`;

const OPD_REF = `CASE WHEN opd.id IS NULL THEN NULL ELSE json_build_object('id', opd.id, 'name', opd.name) END`;

type Paged<T> = { items: T[]; total: number };

/** Sponsors in arrears, each by OPD and programme: how many workers, which months, how much. */
export async function arrearsBySponsor(
  db: Queryable,
  filter: ArrearsFilter,
  paging: { page: number; pageSize: number },
): Promise<Paged<ArrearsSponsor>> {
  const ctes = arrearsCtes(filter);
  const n = ctes.params.length;
  const rows = await db.query<ArrearsSponsor & { total: number }>(
    `WITH ${ctes.sql},
     g AS (
       SELECT pemda_code, sponsor_id, opd_id, programme_id, count(DISTINCT nik)::int AS workers,
              array_agg(DISTINCT to_char(period, 'YYYY-MM') ORDER BY to_char(period, 'YYYY-MM')) AS months,
              sum(owed)::int8 AS amount, to_char(min(period), 'YYYY-MM') AS oldest
         FROM month GROUP BY pemda_code, sponsor_id, opd_id, programme_id
     )
     SELECT g.pemda_code AS "pemdaCode",
            json_build_object('id', sp.id, 'name', coalesce(a.name, o.name, sp.name), 'kind', sp.kind, 'nip', sp.nip) AS sponsor,
            ${OPD_REF} AS opd, json_build_object('id', p.id, 'name', p.name) AS programme,
            g.workers, g.months, g.amount, g.oldest, count(*) OVER ()::int AS total
       FROM g ${REFS}
      ORDER BY g.amount DESC, coalesce(a.name, o.name, sp.name), g.sponsor_id, g.opd_id
      LIMIT $${n + 1} OFFSET $${n + 2}`,
    [...ctes.params, paging.pageSize, (paging.page - 1) * paging.pageSize],
  );
  return { items: rows.map(({ total: _total, ...row }) => row), total: rows[0]?.total ?? 0 };
}

/** Workers in arrears, by sponsor, OPD and programme; who pays only where `disclose` allows it. */
export async function arrearsByWorker(
  db: Queryable,
  filter: ArrearsFilter,
  paging: { page: number; pageSize: number },
): Promise<Paged<ArrearsWorker>> {
  const ctes = arrearsCtes(filter);
  const n = ctes.params.length;
  const rows = await db.query<ArrearsWorker & { total: number }>(
    `WITH ${ctes.sql},
     g AS (
       SELECT pemda_code, nik, min(worker_name) AS name, sponsor_id, opd_id, programme_id,
              array_agg(to_char(period, 'YYYY-MM') ORDER BY period) AS months,
              sum(owed)::int8 AS amount, to_char(min(period), 'YYYY-MM') AS oldest, bool_and(disclosed) AS disclosed
         FROM month GROUP BY pemda_code, nik, sponsor_id, opd_id, programme_id
     )
     SELECT g.pemda_code AS "pemdaCode", g.nik, g.name,
            CASE WHEN g.disclosed THEN json_build_object('id', sp.id, 'name', coalesce(a.name, o.name, sp.name)) END AS sponsor,
            ${OPD_REF} AS opd, json_build_object('id', p.id, 'name', p.name) AS programme,
            g.months, g.amount, g.oldest, count(*) OVER ()::int AS total
       FROM g ${REFS}
      ORDER BY g.amount DESC, g.name, g.nik, g.sponsor_id
      LIMIT $${n + 1} OFFSET $${n + 2}`,
    [...ctes.params, paging.pageSize, (paging.page - 1) * paging.pageSize],
  );
  return { items: rows.map(({ total: _total, ...row }) => row), total: rows[0]?.total ?? 0 };
}
