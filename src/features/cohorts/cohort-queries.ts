import type { Actor } from '../../core/access.ts';
import type { Programme } from '../../core/contributions/schedules.ts';
import type { SponsorshipStatus } from '../../core/sponsorship-lifecycle.ts';
import type { Queryable } from '../../db/database.ts';
import { startsWith, Where } from '../../db/where.ts';
import { pemdaScope, type ScopeCondition } from '../../platform/access/scopes.ts';
import { insertIssueColumns } from '../../platform/files/issues.ts';
import { insertProgramme, type ProgrammeInsert } from '../programmes/programme-queries.ts';
import type { CohortKind, CohortSummary, MemberRecord, SponsorKind, SponsorRecord } from './cohort-types.ts';

const NONE: ScopeCondition = { sql: () => 'false', params: [] };

/**
 * Sponsors a caller may read, against a `sponsor` alias: Pemda-wide readers their Pemda's, an OPD
 * head the ASN of their OPD, an ASN themself, a sponsor organisation its own records.
 */
export function sponsorScope(actor: Actor): ScopeCondition {
  switch (actor.role) {
    case 'opd_head':
      return {
        sql: (ref, n) =>
          `EXISTS (SELECT 1 FROM asn scope_a WHERE scope_a.nip = ${ref}.nip AND scope_a.opd_id = $${n})`,
        params: [actor.opdId],
      };
    case 'asn':
      return { sql: (ref, n) => `${ref}.nip = $${n}`, params: [actor.nip] };
    case 'sponsor_org':
      return { sql: (ref, n) => `${ref}.organisation_id = $${n}`, params: [actor.organisationId] };
    default: {
      const pemda = pemdaScope(actor);
      return { sql: (ref, n) => pemda.sql(`${ref}.pemda_code`, n), params: pemda.params };
    }
  }
}

/** Cohort, CSR and donor programmes a caller may read, against a `programme` alias. */
export function cohortScope(actor: Actor): ScopeCondition {
  if (actor.role === 'sponsor_org') {
    return {
      sql: (ref, n) =>
        `EXISTS (SELECT 1 FROM sponsor scope_s
                  WHERE scope_s.organisation_id = $${n}
                    AND (scope_s.id = ${ref}.sponsor_id
                         OR EXISTS (SELECT 1 FROM sponsorship scope_x
                                     WHERE scope_x.programme_id = ${ref}.id AND scope_x.sponsor_id = scope_s.id)))`,
      params: [actor.organisationId],
    };
  }
  if (actor.role === 'opd_head' || actor.role === 'asn') return NONE;
  const pemda = pemdaScope(actor);
  return { sql: (ref, n) => pemda.sql(`${ref}.pemda_code`, n), params: pemda.params };
}

/** Everything; the CLI runs as the system. */
export const EVERYTHING: ScopeCondition = { sql: () => 'true', params: [] };

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
  // A programme made elsewhere (the programmes page, the demo) takes its sponsor on its first build.
  await tx.query(
    `UPDATE programme SET sponsor_id = $3
      WHERE pemda_code = $1 AND key = $2 AND sponsor_id IS NULL AND kind <> 'asn_policy'`,
    [p.pemdaCode, p.key, p.sponsorId],
  );
  const [programme] = await tx.query<ProgrammeRecord>(
    `SELECT ${PROGRAMME_COLUMNS} FROM programme p WHERE p.pemda_code = $1 AND p.key = $2`,
    [p.pemdaCode, p.key],
  );
  return { programme: programme!, created: id !== null };
}

export async function setTargetWorkers(tx: Queryable, programmeId: number, target: number): Promise<void> {
  await tx.query('UPDATE programme SET target_workers = $2 WHERE id = $1', [programmeId, target]);
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

/** The APBD's budget line of a Pemda, one per Pemda and name. */
export async function ensureApbdSponsor(tx: Queryable, pemdaCode: string, name: string): Promise<number> {
  return ensureNamedSponsor(tx, pemdaCode, 'apbd', name, ['budget', 'apbd', 'SG']);
}

/** An individual donor, known by name within a Pemda; contact details fill in when first given. */
export async function ensureIndividualSponsor(
  tx: Queryable,
  pemdaCode: string,
  name: string,
  contact: { phone: string | null; email: string | null },
): Promise<number> {
  const id = await ensureNamedSponsor(tx, pemdaCode, 'individual', name, ['transfer', 'individual', null]);
  await tx.query(
    'UPDATE sponsor SET phone = coalesce(phone, $2), email = coalesce(email, $3) WHERE id = $1',
    [id, contact.phone, contact.email],
  );
  return id;
}

async function ensureNamedSponsor(
  tx: Queryable,
  pemdaCode: string,
  kind: 'apbd' | 'individual',
  name: string,
  [method, funding, group]: readonly [string, string, string | null],
): Promise<number> {
  await tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [4_127_012, `${pemdaCode} ${kind}`]);
  const [found] = await tx.query<{ id: number }>(
    `SELECT id FROM sponsor WHERE pemda_code = $1 AND kind = $2 AND lower(name) = lower($3) ORDER BY id LIMIT 1`,
    [pemdaCode, kind, name],
  );
  if (found) return found.id;
  const [row] = await tx.query<{ id: number }>(
    `INSERT INTO sponsor (pemda_code, kind, name, payment_method, funding_source, group_account_type)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [pemdaCode, kind, name, method, funding, group],
  );
  return row!.id;
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
  const [sponsor] = await tx.query<{ id: number }>(
    `INSERT INTO sponsor (pemda_code, kind, organisation_id, payment_method, funding_source, group_account_type,
                          area_code)
     VALUES ($1, 'organisation', $2, 'transfer', 'csr', 'SC', $3)
     ON CONFLICT (pemda_code, organisation_id) WHERE kind = 'organisation'
     DO UPDATE SET area_code = coalesce(sponsor.area_code, excluded.area_code)
     RETURNING id`,
    [pemdaCode, organisationId, areaCode],
  );
  return { sponsorId: sponsor!.id, organisationId };
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

export interface NewWorkers {
  nik: string[];
  name: string[];
  birthDate: string[];
  sex: string[];
  villageCode: string[];
}

/** Adds people the registry does not hold yet; someone added meanwhile is left as they are. */
export async function insertWorkers(tx: Queryable, rows: NewWorkers): Promise<number> {
  if (rows.nik.length === 0) return 0;
  const added = await tx.query(
    `INSERT INTO worker (nik, name, birth_date, sex, village_code)
     SELECT * FROM unnest($1::text[], $2::text[], $3::date[], $4::text[], $5::text[])
     ON CONFLICT (nik) DO NOTHING RETURNING nik`,
    [rows.nik, rows.name, rows.birthDate, rows.sex, rows.villageCode],
  );
  return added.length;
}

/** A cohort's members join the Pemda's registry, as a worker import links them. */
export async function linkWorkers(tx: Queryable, pemdaCode: string, niks: readonly string[]): Promise<void> {
  if (niks.length === 0) return;
  await tx.query(
    `INSERT INTO pemda_worker (pemda_code, nik) SELECT $1, nik FROM unnest($2::text[]) AS n(nik)
     ON CONFLICT (pemda_code, nik) DO NOTHING`,
    [pemdaCode, niks],
  );
}

export interface NewBuild {
  id: string;
  programmeId: number;
  pemdaCode: string;
  source: 'query' | 'file' | 'named';
  criteria: Record<string, unknown>;
  fileName: string | null;
  fileSha256: string | null;
  read: number;
  added: number;
  alreadyMember: number;
  alreadyCovered: number;
  rejected: number;
  newWorkers: number;
  createdBy: number | null;
}

export async function insertBuild(tx: Queryable, b: NewBuild): Promise<void> {
  await tx.query(
    `INSERT INTO cohort_build (id, programme_id, pemda_code, source, criteria, file_name, file_sha256, read, added,
                               already_member, already_covered, rejected, new_workers, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
    [
      b.id,
      b.programmeId,
      b.pemdaCode,
      b.source,
      JSON.stringify(b.criteria),
      b.fileName,
      b.fileSha256,
      b.read,
      b.added,
      b.alreadyMember,
      b.alreadyCovered,
      b.rejected,
      b.newWorkers,
      b.createdBy,
    ],
  );
}

/** One issue of a build, in the registry imports' columns (`seq` is numbered when stored). */
export interface BuildIssue {
  row_number: number;
  column_name: string;
  value: string | null;
  severity: 'rejected' | 'warning';
  code: string;
  message_id: string;
  message_en: string;
}

export async function insertIssues(
  tx: Queryable,
  buildId: string,
  issues: readonly BuildIssue[],
): Promise<void> {
  const seq = new Map<number, number>();
  const column = <T>(pick: (issue: BuildIssue) => T) => issues.map(pick);
  await insertIssueColumns(tx, 'cohort_issue', buildId, {
    rowNumber: column((issue) => issue.row_number),
    seq: column((issue) => {
      const next = seq.get(issue.row_number) ?? 0;
      seq.set(issue.row_number, next + 1);
      return next;
    }),
    column: column((issue) => issue.column_name),
    value: column((issue) => issue.value),
    code: column((issue) => issue.code),
    severity: column((issue) => issue.severity),
    messageId: column((issue) => issue.message_id),
    messageEn: column((issue) => issue.message_en),
  });
}

export interface BuildRow extends Record<string, unknown> {
  buildId: string;
  programmeId: number;
  pemdaCode: string;
  source: 'query' | 'file' | 'named';
  fileName: string | null;
  read: number;
  added: number;
  alreadyMember: number;
  alreadyCovered: number;
  rejected: number;
  newWorkers: number;
  issues: number;
  createdAt: string;
}

const BUILD_COLUMNS = `b.id AS "buildId", b.programme_id AS "programmeId", b.pemda_code AS "pemdaCode", b.source,
  b.file_name AS "fileName", b.read, b.added, b.already_member AS "alreadyMember",
  b.already_covered AS "alreadyCovered", b.rejected, b.new_workers AS "newWorkers",
  (SELECT count(*) FROM cohort_issue i WHERE i.build_id = b.id) AS issues,
  to_char(b.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "createdAt"`;

export async function findBuild(db: Queryable, id: string): Promise<BuildRow | undefined> {
  const [row] = await db.query<BuildRow>(`SELECT ${BUILD_COLUMNS} FROM cohort_build b WHERE b.id = $1`, [id]);
  return row;
}

export async function listBuilds(db: Queryable, programmeId: number, limit: number): Promise<BuildRow[]> {
  return db.query<BuildRow>(
    `SELECT ${BUILD_COLUMNS} FROM cohort_build b WHERE b.programme_id = $1 ORDER BY b.created_at DESC, b.id LIMIT $2`,
    [programmeId, limit],
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

export async function statusCounts(
  db: Queryable,
  where: { programmeId: number } | { sponsorId: number },
): Promise<Partial<Record<SponsorshipStatus, number>>> {
  const byProgramme = 'programmeId' in where;
  const rows = await db.query<{ status: SponsorshipStatus; n: number }>(
    `SELECT status, count(*) AS n FROM sponsorship WHERE ${byProgramme ? 'programme_id' : 'sponsor_id'} = $1
      GROUP BY status`,
    [byProgramme ? where.programmeId : where.sponsorId],
  );
  return Object.fromEntries(rows.map((row) => [row.status, row.n]));
}

const SPONSOR_COLUMNS = `sp.id, sp.pemda_code AS "pemdaCode", sp.kind,
  coalesce(a.name, o.name, sp.name) AS name, sp.payment_method AS "paymentMethod",
  sp.funding_source AS "fundingSource", sp.group_account_type AS "groupAccountType", sp.area_code AS "areaCode",
  sp.active,
  (SELECT count(*) FROM sponsorship s
    WHERE s.sponsor_id = sp.id AND s.status <> 'rejected'
      AND s.first_month <= $1::date AND (s.end_month IS NULL OR s.end_month > $1::date)) AS workers`;
const SPONSOR_FROM = `sponsor sp LEFT JOIN asn a ON a.nip = sp.nip LEFT JOIN organisation o ON o.id = sp.organisation_id`;

export interface SponsorFilter {
  scope: ScopeCondition;
  /** The first day of the month whose held workers are counted. */
  month: string;
  pemdaCode?: string | undefined;
  kind?: SponsorKind | undefined;
  id?: number;
}

function sponsorWhere(filter: SponsorFilter): Where {
  const where = new Where();
  where.param(filter.month);
  where.addNumbered(filter.scope, 'sp');
  if (filter.pemdaCode) where.add(`sp.pemda_code = ${where.param(filter.pemdaCode)}`);
  if (filter.kind) where.add(`sp.kind = ${where.param(filter.kind)}`);
  if (filter.id !== undefined) where.add(`sp.id = ${where.param(filter.id)}`);
  return where;
}

export async function searchSponsors(
  db: Queryable,
  filter: SponsorFilter,
  paging: { page: number; pageSize: number },
): Promise<{ items: SponsorRecord[]; total: number }> {
  const where = sponsorWhere(filter);
  const [count] = await db.query<{ total: number }>(
    `SELECT count(*) AS total FROM sponsor sp WHERE $1::date IS NOT NULL AND ${where}`,
    where.params,
  );
  const limit = where.param(paging.pageSize);
  const offset = where.param((paging.page - 1) * paging.pageSize);
  const items = await db.query<SponsorRecord & Record<string, unknown>>(
    `SELECT ${SPONSOR_COLUMNS} FROM ${SPONSOR_FROM} WHERE ${where}
      ORDER BY sp.pemda_code, sp.kind, name, sp.id LIMIT ${limit} OFFSET ${offset}`,
    where.params,
  );
  return { items, total: count!.total };
}

export async function sponsorProgrammes(
  db: Queryable,
  sponsorId: number,
): Promise<{ id: number; key: string; name: string; kind: string }[]> {
  return db.query(
    `SELECT p.id, p.key, p.name, p.kind FROM programme p
      WHERE p.sponsor_id = $1
         OR EXISTS (SELECT 1 FROM sponsorship s WHERE s.programme_id = p.id AND s.sponsor_id = $1)
      ORDER BY p.name, p.id`,
    [sponsorId],
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

export interface MemberFilter {
  programmeId?: number;
  sponsorId?: number;
  status?: SponsorshipStatus | undefined;
  namePrefix?: string | undefined;
}

/** A member as read, before masking; `pemdaCode` says whose registry a full-NIK read touches. */
export type MemberRow = Omit<MemberRecord, 'nikMasked'> & { pemdaCode: string } & Record<string, unknown>;

export async function searchMembers(
  db: Queryable,
  filter: MemberFilter,
  paging: { page: number; pageSize: number },
): Promise<{ items: MemberRow[]; total: number }> {
  const where = new Where();
  if (filter.programmeId !== undefined) where.add(`s.programme_id = ${where.param(filter.programmeId)}`);
  if (filter.sponsorId !== undefined) where.add(`s.sponsor_id = ${where.param(filter.sponsorId)}`);
  if (filter.status) where.add(`s.status = ${where.param(filter.status)}`);
  if (filter.namePrefix) {
    where.add(`lower(w.name) LIKE ${where.param(startsWith(filter.namePrefix.toLowerCase()))}`);
  }
  const [count] = await db.query<{ total: number }>(
    `SELECT count(*) AS total FROM sponsorship s JOIN worker w ON w.nik = s.nik WHERE ${where}`,
    where.params,
  );
  const limit = where.param(paging.pageSize);
  const offset = where.param((paging.page - 1) * paging.pageSize);
  const items = await db.query<MemberRow>(
    `SELECT s.id AS "sponsorshipId", s.nik, s.pemda_code AS "pemdaCode", w.name,
            CASE WHEN v.code IS NULL THEN NULL ELSE json_build_object('code', v.code, 'name', v.name) END AS village,
            w.occupation, w.welfare_decile AS "welfareDecile", s.status,
            to_char(s.first_month, 'YYYY-MM') AS "firstMonth", to_char(s.end_month, 'YYYY-MM') AS "endMonth",
            json_build_object('id', p.id, 'key', p.key, 'name', p.name) AS programme
       FROM sponsorship s
       JOIN worker w ON w.nik = s.nik
       JOIN programme p ON p.id = s.programme_id
       LEFT JOIN region v ON v.code = w.village_code
      WHERE ${where}
      ORDER BY w.name, s.nik, s.first_month
      LIMIT ${limit} OFFSET ${offset}`,
    where.params,
  );
  return { items, total: count!.total };
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
