import type { WorkerRow as CheckedWorkerRow } from '../../core/registry/worker-row.ts';
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

/** What merging staged rows into the registry does, or would do: the counts of a run and of a dry run alike. */
export interface MergeCounts extends Record<string, unknown> {
  staged: number;
  warned: number;
  inserted: number;
  updated: number;
  linked: number;
  deactivated: number;
}

/**
 * Writes an import's staged roster (`import_asn_row`, its OPDs already created): the upsert by
 * NIP, then (a full roster) the deactivation of the Pemda's active ASN neither staged nor named
 * in a refused row.
 */
export async function mergeStagedAsn(
  tx: Queryable,
  importId: string,
  pemdaCode: string,
  full: boolean,
): Promise<void> {
  await tx.query(
    `INSERT INTO asn (nip, pemda_code, opd_id, name, employment_type, rank, echelon, base_salary, village_code)
     SELECT s.nip, $2, o.id, s.name, s.employment_type, s.rank, s.echelon, s.base_salary, s.village_code
       FROM import_asn_row s
       JOIN opd o ON o.pemda_code = $2 AND o.name_key = s.opd_key
      WHERE s.import_id = $1
     ON CONFLICT (nip) DO UPDATE
        SET pemda_code = excluded.pemda_code, opd_id = excluded.opd_id, name = excluded.name,
            employment_type = excluded.employment_type, rank = excluded.rank, echelon = excluded.echelon,
            base_salary = excluded.base_salary, village_code = excluded.village_code,
            active = true, inactive_since = NULL, updated_at = now()
      WHERE (asn.pemda_code = excluded.pemda_code OR NOT asn.active)
        AND (asn.pemda_code, asn.opd_id, asn.name, asn.employment_type, asn.rank, asn.echelon, asn.base_salary,
             asn.village_code, asn.active)
            IS DISTINCT FROM
            (excluded.pemda_code, excluded.opd_id, excluded.name, excluded.employment_type, excluded.rank,
             excluded.echelon, excluded.base_salary, excluded.village_code, true)`,
    [importId, pemdaCode],
  );
  if (full) {
    await tx.query(
      `UPDATE asn gone SET active = false, inactive_since = now(), updated_at = now()
        WHERE gone.pemda_code = $2 AND gone.active
          AND NOT EXISTS (SELECT 1 FROM import_asn_row k WHERE k.import_id = $1 AND k.nip = gone.nip)
          AND NOT EXISTS (SELECT 1 FROM import_issue i WHERE i.import_id = $1 AND i.record_key = gone.nip)`,
      [importId, pemdaCode],
    );
  }
}

/**
 * Merges an import's staged workers (`import_worker_row`, one row per NIK by now) in one statement
 * and one pass over them: each is compared with its national record and this Pemda's link once,
 * then new people are added and changed ones updated in NIK order (unchanged ones are not
 * touched), and everyone not yet linked to the Pemda is linked. With `write` false nothing is
 * written: the counts of a dry run. `linked` counts people already registered nationally, new to
 * this Pemda.
 */
export async function mergeStagedWorkers(
  tx: Queryable,
  importId: string,
  pemdaCode: string,
  write: boolean,
): Promise<MergeCounts> {
  const [counts] = await tx.query<MergeCounts>(
    `WITH staged AS MATERIALIZED (
       SELECT s.nik, s.name, s.birth_date, s.sex, s.occupation, s.sector, s.village_code, s.phone,
              s.welfare_decile, s.warned,
              w.nik IS NULL AS is_new,
              w.nik IS NOT NULL
                AND (w.name, w.birth_date, w.sex, w.occupation, w.sector, w.village_code, w.phone,
                     w.welfare_decile)
                    IS DISTINCT FROM
                    (s.name, s.birth_date, s.sex, s.occupation, s.sector, s.village_code, s.phone,
                     s.welfare_decile) AS changed,
              pw.nik IS NULL AS unlinked
         FROM import_worker_row s
         LEFT JOIN worker w ON w.nik = s.nik
         LEFT JOIN pemda_worker pw ON pw.pemda_code = $2 AND pw.nik = s.nik
        WHERE s.import_id = $1
        -- Index pages are then filled in order, not at random.
        ORDER BY s.nik COLLATE "C"
     ), written AS (
       INSERT INTO worker (nik, name, birth_date, sex, occupation, sector, village_code, phone, welfare_decile)
       SELECT nik, name, birth_date, sex, occupation, sector, village_code, phone, welfare_decile
         FROM staged WHERE $3 AND (is_new OR changed)
       ON CONFLICT (nik) DO UPDATE
          SET name = excluded.name, birth_date = excluded.birth_date, sex = excluded.sex,
              occupation = excluded.occupation, sector = excluded.sector, village_code = excluded.village_code,
              phone = excluded.phone, welfare_decile = excluded.welfare_decile, updated_at = now()
        WHERE (worker.name, worker.birth_date, worker.sex, worker.occupation, worker.sector, worker.village_code,
               worker.phone, worker.welfare_decile)
              IS DISTINCT FROM
              (excluded.name, excluded.birth_date, excluded.sex, excluded.occupation, excluded.sector,
               excluded.village_code, excluded.phone, excluded.welfare_decile)
     ), linked AS (
       -- Checked against the worker rows above at the end of the statement, as foreign keys are.
       INSERT INTO pemda_worker (pemda_code, nik)
       SELECT $2, nik FROM staged WHERE $3 AND unlinked
       ON CONFLICT (pemda_code, nik) DO NOTHING
     )
     SELECT count(*) AS staged,
            count(*) FILTER (WHERE warned) AS warned,
            count(*) FILTER (WHERE is_new) AS inserted,
            count(*) FILTER (WHERE changed) AS updated,
            count(*) FILTER (WHERE NOT is_new AND unlinked) AS linked,
            0::int8 AS deactivated
       FROM staged`,
    [importId, pemdaCode, write],
  );
  return counts!;
}

/**
 * The workers of an enrolment response's answered lines (those `response_id` marks on
 * `enrolment_batch_member`): the KPJ kept, and whether somebody else already pays (as eligibility
 * reads it, per the last response).
 */
export async function recordEnrolmentAnswers(
  tx: Queryable,
  responseId: number,
  today: string,
): Promise<void> {
  await tx.query(
    `UPDATE worker w
        SET kpj = coalesce(m.kpj, w.kpj),
            active_elsewhere = (m.outcome = 'active_elsewhere'),
            active_elsewhere_reported_on = CASE WHEN m.outcome = 'active_elsewhere' THEN $2::date END,
            updated_at = now()
       FROM enrolment_batch_member m
      WHERE m.response_id = $1 AND m.nik = w.nik AND m.outcome <> 'rejected'`,
    [responseId, today],
  );
}

// — functions other features call to write the registry's tables —

export interface NewWorkerColumns {
  nik: string[];
  name: string[];
  birthDate: string[];
  sex: string[];
  villageCode: string[];
}

/** Adds people the registry does not hold yet; someone added meanwhile is left as they are. */
export async function addUnregisteredWorkers(tx: Queryable, rows: NewWorkerColumns): Promise<number> {
  if (rows.nik.length === 0) return 0;
  const added = await tx.query(
    `INSERT INTO worker (nik, name, birth_date, sex, village_code)
     SELECT * FROM unnest($1::text[], $2::text[], $3::date[], $4::text[], $5::text[])
     ON CONFLICT (nik) DO NOTHING RETURNING nik`,
    [rows.nik, rows.name, rows.birthDate, rows.sex, rows.villageCode],
  );
  return added.length;
}

/** Workers join the Pemda's registry, as a worker import links them; a link already there stays. */
export async function linkWorkersToPemda(
  tx: Queryable,
  pemdaCode: string,
  niks: readonly string[],
): Promise<void> {
  if (niks.length === 0) return;
  await tx.query(
    `INSERT INTO pemda_worker (pemda_code, nik) SELECT $1, nik FROM unnest($2::text[]) AS n(nik)
     ON CONFLICT (pemda_code, nik) DO NOTHING`,
    [pemdaCode, niks],
  );
}

/**
 * Adds a new worker to the national registry and links them to the Pemda's registry, as a
 * registry import would. False when the NIK arrived meanwhile in another Pemda's registry: that
 * worker is not this Pemda's to take.
 */
export async function addWorkerToRegistry(
  tx: Queryable,
  pemdaCode: string,
  worker: CheckedWorkerRow,
): Promise<boolean> {
  const added = await tx.query(
    `INSERT INTO worker (nik, name, birth_date, sex, occupation, sector, village_code, phone, welfare_decile)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (nik) DO NOTHING RETURNING nik`,
    [
      worker.nik,
      worker.name,
      worker.birthDate,
      worker.sex,
      worker.occupation,
      worker.sector,
      worker.villageCode,
      worker.phone,
      worker.welfareDecile,
    ],
  );
  if (added.length === 0) {
    const [linked] = await tx.query('SELECT 1 FROM pemda_worker WHERE pemda_code = $1 AND nik = $2', [
      pemdaCode,
      worker.nik,
    ]);
    return linked !== undefined;
  }
  await tx.query('INSERT INTO pemda_worker (pemda_code, nik) VALUES ($1, $2)', [pemdaCode, worker.nik]);
  return true;
}

/** A worker accepted by a transfer leaves the holding Pemda's registry and joins the requester's. */
export async function moveWorkerToPemda(tx: Queryable, nik: string, from: string, to: string): Promise<void> {
  await tx.query('DELETE FROM pemda_worker WHERE pemda_code = $1 AND nik = $2', [from, nik]);
  await tx.query('INSERT INTO pemda_worker (pemda_code, nik) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
    to,
    nik,
  ]);
}

/** A death approved: the registry learns it, so nobody sponsors the worker again. */
export async function recordDeath(tx: Queryable, nik: string, on: string): Promise<void> {
  await tx.query('UPDATE worker SET deceased_on = $2 WHERE nik = $1 AND deceased_on IS NULL', [nik, on]);
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
