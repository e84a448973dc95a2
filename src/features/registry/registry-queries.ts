import type { Queryable } from '../../db/database.ts';
import { startsWith, Where } from '../../db/where.ts';
import type { ScopeCondition } from '../../platform/access/scopes.ts';
import type { AsnRecord, Page } from './registry-types.ts';

export interface AsnFilter {
  scope: ScopeCondition;
  pemdaCode?: string;
  opdId?: number;
  nip?: string;
  namePrefix?: string;
  regionCode?: string;
  status: 'active' | 'inactive' | 'all';
}

const ASN_COLUMNS = `a.nip, a.name, a.pemda_code AS "pemdaCode",
  json_build_object('id', o.id, 'name', o.name) AS opd,
  a.employment_type AS "employmentType", a.rank, a.echelon, a.base_salary AS "baseSalary",
  CASE WHEN v.code IS NULL THEN NULL ELSE json_build_object('code', v.code, 'name', v.name) END AS village,
  a.active, to_char(a.inactive_since AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "inactiveSince"`;
const ASN_FROM = `asn a JOIN opd o ON o.id = a.opd_id LEFT JOIN region v ON v.code = a.village_code`;

function asnWhere(filter: AsnFilter): Where {
  const where = new Where().addNumbered(filter.scope, 'a');
  if (filter.pemdaCode) where.add(`a.pemda_code = ${where.param(filter.pemdaCode)}`);
  if (filter.opdId !== undefined) where.add(`a.opd_id = ${where.param(filter.opdId)}`);
  if (filter.nip) where.add(`a.nip = ${where.param(filter.nip)}`);
  if (filter.namePrefix)
    where.add(`lower(a.name) LIKE ${where.param(startsWith(filter.namePrefix.toLowerCase()))}`);
  if (filter.regionCode) {
    const code = where.param(filter.regionCode);
    where.add(`(a.village_code = ${code} OR a.village_code LIKE ${code} || '.%')`);
  }
  if (filter.status !== 'all') where.add(filter.status === 'active' ? 'a.active' : 'NOT a.active');
  return where;
}

export async function searchAsn(
  db: Queryable,
  filter: AsnFilter,
  paging: { page: number; pageSize: number },
): Promise<Page<AsnRecord>> {
  const where = asnWhere(filter);
  const [{ total }] = (await db.query<{ total: number }>(
    `SELECT count(*) AS total FROM asn a WHERE ${where}`,
    where.params,
  )) as [{ total: number }];
  const limit = where.param(paging.pageSize);
  const offset = where.param((paging.page - 1) * paging.pageSize);
  const items = await db.query<AsnRecord & Record<string, unknown>>(
    `SELECT ${ASN_COLUMNS} FROM ${ASN_FROM} WHERE ${where} ORDER BY a.name, a.nip LIMIT ${limit} OFFSET ${offset}`,
    where.params,
  );
  return { items, page: paging.page, pageSize: paging.pageSize, total };
}

export interface WorkerFilter {
  scope: ScopeCondition;
  /** Which Pemda links to report for each worker: those the caller reads. */
  linkScope: ScopeCondition;
  pemdaCode?: string;
  nik?: string;
  namePrefix?: string;
  regionCode?: string;
}

/** A worker row as read, before masking. */
export interface WorkerRow extends Record<string, unknown> {
  nik: string;
  name: string;
  birthDate: string;
  sex: 'male' | 'female';
  occupation: string | null;
  sector: string | null;
  village: { code: string; name: string } | null;
  phone: string | null;
  welfareDecile: number | null;
  kpj: string | null;
  pemdaCodes: string[];
}

function workerWhere(filter: WorkerFilter): Where {
  const where = new Where().addNumbered(filter.scope, 'w');
  if (filter.pemdaCode) {
    where.add(
      `EXISTS (SELECT 1 FROM pemda_worker f WHERE f.nik = w.nik AND f.pemda_code = ${where.param(filter.pemdaCode)})`,
    );
  }
  if (filter.nik) where.add(`w.nik = ${where.param(filter.nik)}`);
  if (filter.namePrefix)
    where.add(`lower(w.name) LIKE ${where.param(startsWith(filter.namePrefix.toLowerCase()))}`);
  if (filter.regionCode) {
    const code = where.param(filter.regionCode);
    where.add(`(w.village_code = ${code} OR w.village_code LIKE ${code} || '.%')`);
  }
  return where;
}

export async function searchWorkers(
  db: Queryable,
  filter: WorkerFilter,
  paging: { page: number; pageSize: number },
): Promise<Page<WorkerRow>> {
  const where = workerWhere(filter);
  const [{ total }] = (await db.query<{ total: number }>(
    `SELECT count(*) AS total FROM worker w WHERE ${where}`,
    where.params,
  )) as [{ total: number }];
  const linkCondition = filter.linkScope.sql('pw.pemda_code', where.params.length + 1);
  const params = [
    ...where.params,
    ...filter.linkScope.params,
    paging.pageSize,
    (paging.page - 1) * paging.pageSize,
  ];
  const n = params.length;
  const items = await db.query<WorkerRow>(
    `SELECT w.nik, w.name, w.birth_date AS "birthDate", w.sex, w.occupation, w.sector,
            CASE WHEN v.code IS NULL THEN NULL ELSE json_build_object('code', v.code, 'name', v.name) END AS village,
            w.phone, w.welfare_decile AS "welfareDecile", w.kpj,
            ARRAY(SELECT pw.pemda_code FROM pemda_worker pw WHERE pw.nik = w.nik AND ${linkCondition} ORDER BY 1) AS "pemdaCodes"
       FROM worker w LEFT JOIN region v ON v.code = w.village_code
      WHERE ${where}
      ORDER BY w.name, w.nik
      LIMIT $${n - 1} OFFSET $${n}`,
    params,
  );
  return { items, page: paging.page, pageSize: paging.pageSize, total };
}

/** The Pemda whose registries list each worker, whoever asks: where a read of them is audited. */
export async function registryPemdasOf(
  db: Queryable,
  niks: readonly string[],
): Promise<Map<string, string[]>> {
  const rows = await db.query<{ nik: string; codes: string[] }>(
    `SELECT nik, array_agg(pemda_code ORDER BY pemda_code) AS codes
       FROM pemda_worker WHERE nik = ANY($1::text[]) GROUP BY nik`,
    [niks],
  );
  return new Map(rows.map((row) => [row.nik, row.codes]));
}

/**
 * What the BPJSTK branch reported of workers: the KPJ it gave, and the day it found one an active
 * participant paid by someone else. One set-based statement, in the caller's transaction.
 */
export async function recordBranchReports(
  tx: Queryable,
  reports: readonly { nik: string; kpj: string | null; activeElsewhereOn: string | null }[],
): Promise<void> {
  await tx.query(
    `UPDATE worker
        SET kpj = coalesce(r.kpj, worker.kpj),
            active_elsewhere = worker.active_elsewhere OR r.elsewhere_on IS NOT NULL,
            active_elsewhere_reported_on = coalesce(r.elsewhere_on, worker.active_elsewhere_reported_on)
       FROM unnest($1::text[], $2::text[], $3::date[]) AS r(nik, kpj, elsewhere_on)
      WHERE worker.nik = r.nik`,
    [
      reports.map((row) => row.nik),
      reports.map((row) => row.kpj),
      reports.map((row) => row.activeElsewhereOn),
    ],
  );
}
