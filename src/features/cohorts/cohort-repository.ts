import type { Programme } from '../../core/contributions/schedules.ts';
import type { Queryable } from '../../db/database.ts';
import { Where } from '../../db/where.ts';
import type { ScopeCondition } from '../../platform/access/scopes.ts';
import { adoptProgrammeSponsor, insertProgramme, type ProgrammeInsert } from '../programmes/index.ts';
import { ensureOrganisationSponsorRecord } from '../sponsorship/index.ts';
import type { CohortKind, CohortSummary } from './cohort-types.ts';

/**
 * Cohort, CSR and donor programmes as the builds see them, the organisations that pay for CSR, and
 * the facts a build judges its NIKs and prices its members by. The `organisation` table is written
 * here only; programmes, sponsors and workers through their owners.
 */

export interface ProgrammeRecord extends Record<string, unknown> {
  id: number;
  pemdaCode: string;
  key: string;
  name: string;
  kind: string;
  programmes: Programme[] | null;
  declaredIncome: number | null;
  areaCode: string | null;
  budget: number | null;
  budgetYear: number | null;
  targetWorkers: number | null;
  sponsorId: number | null;
}

const PROGRAMME_COLUMNS = `p.id, p.pemda_code AS "pemdaCode", p.key, p.name, p.kind,
  p.contribution_programmes AS programmes, p.declared_income AS "declaredIncome", p.area_code AS "areaCode",
  p.budget, p.budget_year AS "budgetYear", p.target_workers AS "targetWorkers",
  coalesce(p.sponsor_id, (SELECT min(s.sponsor_id) FROM sponsorship s WHERE s.programme_id = p.id)) AS "sponsorId"`;

export interface NewProgramme extends ProgrammeInsert {
  kind: CohortKind;
  sponsorId: number;
}

/**
 * Creates the programme unless its key is taken, naming its sponsor; either way returns what is
 * stored under the key.
 */
export async function ensureProgramme(
  tx: Queryable,
  p: NewProgramme,
): Promise<{ programme: ProgrammeRecord; created: boolean }> {
  const id = await insertProgramme(tx, p);
  await adoptProgrammeSponsor(tx, p);
  const [programme] = await tx.query<ProgrammeRecord>(
    `SELECT ${PROGRAMME_COLUMNS} FROM programme p WHERE p.pemda_code = $1 AND p.key = $2`,
    [p.pemdaCode, p.key],
  );
  return { programme: programme!, created: id !== null };
}

export async function findCohortProgramme(
  db: Queryable,
  where: { id: number } | { pemdaCode: string; key: string },
  scope: ScopeCondition,
): Promise<ProgrammeRecord | undefined> {
  const byId = 'id' in where;
  const params: unknown[] = byId ? [where.id] : [where.pemdaCode, where.key];
  const condition = byId ? 'p.id = $1' : 'p.pemda_code = $1 AND p.key = $2';
  const [row] = await db.query<ProgrammeRecord>(
    `SELECT ${PROGRAMME_COLUMNS} FROM programme p
      WHERE ${condition} AND p.kind <> 'asn_policy' AND ${scope.sql('p', params.length + 1)}`,
    [...params, ...scope.params],
  );
  return row;
}

/** A company as a sponsor in a Pemda: the organisation (by name) and its one sponsor record there. */
export async function ensureOrganisationSponsor(
  tx: Queryable,
  pemdaCode: string,
  organisationName: string,
  areaCode: string | null,
): Promise<{ sponsorId: number; organisationId: number }> {
  const [organisation] = await tx.query<{ id: number }>(
    `INSERT INTO organisation (name) VALUES ($1)
     ON CONFLICT (name) DO UPDATE SET name = excluded.name RETURNING id`,
    [organisationName],
  );
  const organisationId = organisation!.id;
  const sponsorId = await ensureOrganisationSponsorRecord(tx, pemdaCode, organisationId, areaCode);
  return { sponsorId, organisationId };
}

/** Members: sponsorships of the programme that hold months (every status but rejected). */
export async function countMembers(db: Queryable, programmeId: number): Promise<number> {
  const [row] = await db.query<{ n: number }>(
    `SELECT count(*) AS n FROM sponsorship WHERE programme_id = $1 AND status <> 'rejected'`,
    [programmeId],
  );
  return row!.n;
}

/** What a list of NIKs needs to be judged: the registry's record, the Pemda's link, membership. */
export interface NikFacts extends Record<string, unknown> {
  nik: string;
  inRegistry: boolean;
  linked: boolean;
  birthDate: string | null;
  deceasedOn: string | null;
  activeElsewhere: boolean;
  villageCode: string | null;
  /** Already in this programme for some of the months asked. */
  member: boolean;
}

export async function factsOfNiks(
  db: Queryable,
  niks: readonly string[],
  pemdaCode: string,
  programmeId: number,
  months: { first: string; end: string },
): Promise<NikFacts[]> {
  return db.query<NikFacts>(
    `SELECT n.nik, w.nik IS NOT NULL AS "inRegistry",
            EXISTS (SELECT 1 FROM pemda_worker pw WHERE pw.pemda_code = $2 AND pw.nik = n.nik) AS linked,
            w.birth_date AS "birthDate", w.deceased_on AS "deceasedOn",
            coalesce(w.active_elsewhere, false) AS "activeElsewhere", w.village_code AS "villageCode",
            EXISTS (
              SELECT 1 FROM sponsorship s
               WHERE s.nik = n.nik AND s.programme_id = $3 AND s.status <> 'rejected'
                 AND daterange(s.first_month, s.end_month, '[)') && daterange($4::date, $5::date, '[)')
            ) AS member
       FROM unnest($1::text[]) AS n(nik)
       LEFT JOIN worker w ON w.nik = n.nik`,
    [niks, pemdaCode, programmeId, months.first, months.end],
  );
}

export async function listCohorts(
  db: Queryable,
  scope: ScopeCondition,
  filter: { pemdaCode?: string | undefined; kind?: CohortKind | undefined },
): Promise<(CohortSummary & Record<string, unknown>)[]> {
  const where = new Where().add(`p.kind <> 'asn_policy'`).addNumbered(scope, 'p');
  if (filter.pemdaCode) where.add(`p.pemda_code = ${where.param(filter.pemdaCode)}`);
  if (filter.kind) where.add(`p.kind = ${where.param(filter.kind)}`);
  return db.query(
    `SELECT p.id, p.pemda_code AS "pemdaCode", p.key, p.name, p.kind, p.area_code AS "areaCode", p.budget,
            p.budget_year AS "budgetYear", p.target_workers AS "targetWorkers",
            CASE WHEN sp.id IS NULL THEN NULL
                 ELSE json_build_object('id', sp.id, 'kind', sp.kind, 'name', coalesce(o.name, sp.name),
                                        'fundingSource', sp.funding_source) END AS sponsor,
            (SELECT count(*) FROM sponsorship s WHERE s.programme_id = p.id AND s.status <> 'rejected') AS members
       FROM programme p
       LEFT JOIN sponsor sp ON sp.id = p.sponsor_id
       LEFT JOIN organisation o ON o.id = sp.organisation_id
      WHERE ${where}
      ORDER BY p.pemda_code, p.created_at DESC, p.id DESC`,
    where.params,
  );
}

/**
 * The members holding each month from `from` to `to` (first days of months), grouped by what
 * prices them: the contribution, the sponsor's funding source and the worker's sector.
 */
export interface PriceGroup extends Record<string, unknown> {
  period: string;
  programmes: Programme[];
  declaredIncome: number;
  fundingSource: string;
  sector: string | null;
  workers: number;
}

export async function monthlyPriceGroups(
  db: Queryable,
  programmeId: number,
  from: string,
  to: string,
): Promise<PriceGroup[]> {
  return db.query<PriceGroup>(
    `SELECT to_char(m.month, 'YYYY-MM') AS period, s.programmes, s.declared_income AS "declaredIncome",
            sp.funding_source AS "fundingSource", lower(btrim(w.sector)) AS sector, count(*) AS workers
       FROM generate_series($2::date, $3::date, interval '1 month') AS m(month)
       JOIN sponsorship s ON s.programme_id = $1 AND s.status <> 'rejected'
                         AND s.first_month <= m.month AND (s.end_month IS NULL OR s.end_month > m.month)
       JOIN sponsor sp ON sp.id = s.sponsor_id
       JOIN worker w ON w.nik = s.nik
      GROUP BY 1, 2, 3, 4, 5
      ORDER BY 1, 2, 3, 4, 5`,
    [programmeId, from, to],
  );
}

/** The first month any member is paid for and the last (null: none, or one runs open). */
export async function memberMonths(
  db: Queryable,
  programmeId: number,
): Promise<{ first: string | null; last: string | null; open: boolean }> {
  const [row] = await db.query<{ first: string | null; last: string | null; open: boolean }>(
    `SELECT to_char(min(first_month), 'YYYY-MM') AS first,
            to_char(max(end_month) - interval '1 month', 'YYYY-MM') AS last,
            bool_or(end_month IS NULL) AS open
       FROM sponsorship WHERE programme_id = $1 AND status <> 'rejected' AND end_month IS DISTINCT FROM first_month`,
    [programmeId],
  );
  return { first: row?.first ?? null, last: row?.last ?? null, open: row?.open ?? false };
}
