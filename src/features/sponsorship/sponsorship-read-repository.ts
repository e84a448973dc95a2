import type { FundingSource, Programme } from '../../core/contributions/schedules.ts';
import type { Period } from '../../core/period.ts';
import type { Relationship, SponsorshipStatus } from '../../core/sponsorship-lifecycle.ts';
import type { Queryable } from '../../db/database.ts';
import { Where } from '../../db/where.ts';
import type { ScopeCondition } from '../../platform/access/scopes.ts';
import { SPONSOR_FROM, type SponsorRow } from './sponsor-repository.ts';

/** The sponsorships as the API shows them, and their history. */

/** A sponsorship as read, before the NIK is masked and the month priced. */
export interface SponsorshipRow extends Record<string, unknown> {
  id: number;
  pemdaCode: string;
  programme: { id: number; key: string; name: string; kind: string };
  sponsor: {
    id: number;
    kind: SponsorRow['kind'];
    name: string;
    nip: string | null;
    organisationId: number | null;
    fundingSource: FundingSource;
  };
  worker: { nik: string; name: string; village: { code: string; name: string } | null };
  relationship: Relationship;
  programmes: Programme[];
  declaredIncome: number;
  firstMonth: Period;
  endMonth: Period | null;
  status: SponsorshipStatus;
  enrolledOn: string | null;
  reason: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface SponsorshipFilter {
  scope: ScopeCondition;
  id?: number;
  programmeId?: number;
  status?: SponsorshipStatus;
  sponsorId?: number;
  pemdaCode?: string;
}

const utc = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;

const SPONSORSHIP_COLUMNS = `s.id, s.pemda_code AS "pemdaCode",
  json_build_object('id', p.id, 'key', p.key, 'name', p.name, 'kind', p.kind) AS programme,
  json_build_object('id', sp.id, 'kind', sp.kind, 'name', coalesce(sa.name, so.name, sp.name), 'nip', sp.nip,
                    'organisationId', sp.organisation_id, 'fundingSource', sp.funding_source) AS sponsor,
  json_build_object('nik', w.nik, 'name', w.name, 'village',
                    CASE WHEN v.code IS NULL THEN NULL ELSE json_build_object('code', v.code, 'name', v.name) END)
    AS worker,
  s.relationship, s.programmes, s.declared_income AS "declaredIncome",
  to_char(s.first_month, 'YYYY-MM') AS "firstMonth", to_char(s.end_month, 'YYYY-MM') AS "endMonth",
  s.status, to_char(s.enrolled_on, 'YYYY-MM-DD') AS "enrolledOn",
  (SELECT e.reason FROM sponsorship_event e WHERE e.sponsorship_id = s.id ORDER BY e.at DESC, e.id DESC LIMIT 1)
    AS reason,
  ${utc('s.created_at')} AS "createdAt", ${utc('s.updated_at')} AS "updatedAt"`;
const SPONSORSHIP_FROM = `sponsorship s
  JOIN programme p ON p.id = s.programme_id
  JOIN ${SPONSOR_FROM} ON sp.id = s.sponsor_id
  JOIN worker w ON w.nik = s.nik
  LEFT JOIN region v ON v.code = w.village_code`;

function sponsorshipWhere(filter: SponsorshipFilter): Where {
  const where = new Where().addNumbered(filter.scope, 's');
  if (filter.id !== undefined) where.add(`s.id = ${where.param(filter.id)}`);
  if (filter.programmeId !== undefined) where.add(`s.programme_id = ${where.param(filter.programmeId)}`);
  if (filter.status) where.add(`s.status = ${where.param(filter.status)}`);
  if (filter.sponsorId !== undefined) where.add(`s.sponsor_id = ${where.param(filter.sponsorId)}`);
  if (filter.pemdaCode) where.add(`s.pemda_code = ${where.param(filter.pemdaCode)}`);
  return where;
}

/**
 * One page of sponsorships in scope. `heldFirst` puts those still holding months (neither
 * rejected nor ended) before the others, as an ASN's own list shows them; otherwise newest first.
 */
export async function searchSponsorships(
  db: Queryable,
  filter: SponsorshipFilter,
  paging: { page: number; pageSize: number },
  { heldFirst = false } = {},
): Promise<{ items: SponsorshipRow[]; total: number }> {
  const where = sponsorshipWhere(filter);
  const [{ total }] = (await db.query<{ total: number }>(
    `SELECT count(*) AS total FROM sponsorship s WHERE ${where}`,
    where.params,
  )) as [{ total: number }];
  const order = heldFirst
    ? `s.status IN ('rejected', 'ended'), s.first_month DESC, s.id DESC`
    : 's.created_at DESC, s.id DESC';
  const limit = where.param(paging.pageSize);
  const offset = where.param((paging.page - 1) * paging.pageSize);
  const items = await db.query<SponsorshipRow>(
    `SELECT ${SPONSORSHIP_COLUMNS} FROM ${SPONSORSHIP_FROM} WHERE ${where}
      ORDER BY ${order} LIMIT ${limit} OFFSET ${offset}`,
    where.params,
  );
  return { items, total };
}

export interface SponsorshipEventRow extends Record<string, unknown> {
  id: number;
  fromStatus: SponsorshipStatus | null;
  toStatus: SponsorshipStatus;
  at: string;
  user: { id: number; displayName: string } | null;
  reason: string | null;
  source: string | null;
}

/** The sponsorship's history, oldest first. */
export async function sponsorshipEvents(
  db: Queryable,
  sponsorshipId: number,
): Promise<SponsorshipEventRow[]> {
  return db.query<SponsorshipEventRow>(
    `SELECT e.id, e.from_status AS "fromStatus", e.to_status AS "toStatus", ${utc('e.at')} AS at,
            CASE WHEN u.id IS NULL THEN NULL ELSE json_build_object('id', u.id, 'displayName', u.display_name) END
              AS "user",
            e.reason, e.source
       FROM sponsorship_event e LEFT JOIN app_user u ON u.id = e.user_id
      WHERE e.sponsorship_id = $1
      ORDER BY e.at, e.id`,
    [sponsorshipId],
  );
}
