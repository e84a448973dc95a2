import type { SponsorshipStatus } from '../../core/sponsorship-lifecycle.ts';
import type { Queryable } from '../../db/database.ts';
import { startsWith, Where } from '../../db/where.ts';
import type { ScopeCondition } from '../../platform/access/scopes.ts';
import type { MemberRecord, SponsorKind, SponsorRecord } from './cohort-types.ts';

/** Reads of the sponsor directory: sponsors, the programmes they pay for, the workers they hold. */

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
