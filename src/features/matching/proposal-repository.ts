import type { IsoDate } from '../../core/calendar.ts';
import type { MatchLevel } from '../../core/matching.ts';
import type { Message } from '../../core/message.ts';
import type { Queryable } from '../../db/database.ts';
import { Where } from '../../db/where.ts';
import { utc } from './matching-repository.ts';
import type { ProposalQuery, ProposalStatus } from './matching-types.ts';

/** A run's proposals: stored, withdrawn by the next run, listed, and decided under lock. */

export async function withdrawOpenProposals(
  tx: Queryable,
  pemdaCode: string,
  programmeIds: readonly number[],
  reason: string,
): Promise<number> {
  const rows = await tx.query(
    `UPDATE match_proposal SET status = 'withdrawn', decided_at = now(), decision_reason = $3
      WHERE pemda_code = $1 AND status = 'open' AND programme_id = ANY($2::bigint[])
      RETURNING id`,
    [pemdaCode, programmeIds, reason],
  );
  return rows.length;
}
export interface ProposalInsert {
  programmeId: number;
  sponsorId: number;
  nik: string;
  level: MatchLevel;
  reason: Message;
}

/** All of a run's proposals in one statement, numbered in the plan's order. */
export async function insertProposals(
  tx: Queryable,
  runId: number,
  pemdaCode: string,
  rows: readonly ProposalInsert[],
): Promise<void> {
  if (rows.length === 0) return;
  await tx.query(
    `INSERT INTO match_proposal (run_id, pemda_code, programme_id, sponsor_id, nik, level, position, reason)
     SELECT $1, $2, p.programme_id, p.sponsor_id, p.nik, p.level, p.ord - 1,
            json_build_object('id', p.reason_id, 'en', p.reason_en)
       FROM unnest($3::bigint[], $4::bigint[], $5::text[], $6::text[], $7::text[], $8::text[])
            WITH ORDINALITY AS p(programme_id, sponsor_id, nik, level, reason_id, reason_en, ord)`,
    [
      runId,
      pemdaCode,
      rows.map((row) => row.programmeId),
      rows.map((row) => row.sponsorId),
      rows.map((row) => row.nik),
      rows.map((row) => row.level),
      rows.map((row) => row.reason.id),
      rows.map((row) => row.reason.en),
    ],
  );
}

/** A proposal as read, before its NIK is masked for the caller. */
export interface ProposalRow extends Record<string, unknown> {
  id: number;
  runId: number;
  position: number;
  status: ProposalStatus;
  level: MatchLevel;
  reason: Message;
  programme: { id: number; key: string; name: string };
  sponsor: {
    id: number;
    kind: 'asn' | 'apbd' | 'organisation' | 'individual';
    name: string;
    nip: string | null;
    opd: { id: number; name: string } | null;
  };
  worker: {
    nik: string;
    name: string;
    village: { code: string; name: string } | null;
    welfareDecile: number | null;
    occupation: string | null;
  };
  pemdaCode: string;
  decidedAt: string | null;
  decisionReason: string | null;
  sponsorshipId: number | null;
}

export interface ProposalFilter extends Partial<Pick<ProposalQuery, 'status' | 'level' | 'opd'>> {
  runId?: number;
  /** The ASN the proposals are made to. */
  sponsorNip?: string;
}

export async function listProposals(
  db: Queryable,
  filter: ProposalFilter,
  paging: { page: number; pageSize: number },
): Promise<{ items: ProposalRow[]; total: number }> {
  const where = new Where();
  if (filter.runId !== undefined) where.add(`mp.run_id = ${where.param(filter.runId)}`);
  if (filter.sponsorNip !== undefined) where.add(`sp.nip = ${where.param(filter.sponsorNip)}`);
  if (filter.status) where.add(`mp.status = ${where.param(filter.status)}`);
  if (filter.level) where.add(`mp.level = ${where.param(filter.level)}`);
  if (filter.opd !== undefined) where.add(`a.opd_id = ${where.param(filter.opd)}`);
  const from = `match_proposal mp
    JOIN sponsor sp ON sp.id = mp.sponsor_id
    LEFT JOIN asn a ON a.nip = sp.nip`;
  const [{ total }] = (await db.query<{ total: number }>(
    `SELECT count(*) AS total FROM ${from} WHERE ${where}`,
    where.params,
  )) as [{ total: number }];
  const limit = where.param(paging.pageSize);
  const offset = where.param((paging.page - 1) * paging.pageSize);
  const items = await db.query<ProposalRow>(
    `SELECT mp.id, mp.run_id AS "runId", mp.position, mp.status, mp.level, mp.reason, mp.pemda_code AS "pemdaCode",
            json_build_object('id', p.id, 'key', p.key, 'name', p.name) AS programme,
            json_build_object(
              'id', sp.id, 'kind', sp.kind, 'name', coalesce(a.name, o.name, sp.name), 'nip', sp.nip,
              'opd', CASE WHEN opd.id IS NULL THEN NULL ELSE json_build_object('id', opd.id, 'name', opd.name) END
            ) AS sponsor,
            json_build_object(
              'nik', w.nik, 'name', w.name, 'welfareDecile', w.welfare_decile, 'occupation', w.occupation,
              'village', CASE WHEN v.code IS NULL THEN NULL ELSE json_build_object('code', v.code, 'name', v.name) END
            ) AS worker,
            ${utc('mp.decided_at')} AS "decidedAt", mp.decision_reason AS "decisionReason",
            mp.sponsorship_id AS "sponsorshipId"
       FROM ${from}
       JOIN programme p ON p.id = mp.programme_id
       JOIN worker w ON w.nik = mp.nik
       LEFT JOIN region v ON v.code = w.village_code
       LEFT JOIN organisation o ON o.id = sp.organisation_id
       LEFT JOIN opd ON opd.id = a.opd_id
      WHERE ${where}
      ORDER BY mp.run_id DESC, mp.position
      LIMIT ${limit} OFFSET ${offset}`,
    where.params,
  );
  return { items, total };
}

/** What deciding a proposal needs to know, read under lock so two decisions cannot cross. */
export interface LockedProposal extends Record<string, unknown> {
  id: number;
  runId: number;
  pemdaCode: string;
  programmeId: number;
  sponsorId: number;
  sponsorKind: string;
  sponsorNip: string | null;
  nik: string;
  level: MatchLevel;
  status: ProposalStatus;
}

const LOCKED_SELECT = `
  SELECT mp.id, mp.run_id AS "runId", mp.pemda_code AS "pemdaCode", mp.programme_id AS "programmeId",
         mp.sponsor_id AS "sponsorId", sp.kind AS "sponsorKind", sp.nip AS "sponsorNip", mp.nik, mp.level,
         mp.status
    FROM match_proposal mp JOIN sponsor sp ON sp.id = mp.sponsor_id`;

export async function lockProposals(tx: Queryable, ids: readonly number[]): Promise<LockedProposal[]> {
  return tx.query<LockedProposal>(
    `${LOCKED_SELECT} WHERE mp.id = ANY($1::bigint[]) ORDER BY mp.id FOR UPDATE OF mp`,
    [ids],
  );
}

export async function lockOpenProposalsOfRun(tx: Queryable, runId: number): Promise<LockedProposal[]> {
  return tx.query<LockedProposal>(
    `${LOCKED_SELECT} WHERE mp.run_id = $1 AND mp.status = 'open' ORDER BY mp.id FOR UPDATE OF mp`,
    [runId],
  );
}

export async function markAccepted(
  tx: Queryable,
  accepted: readonly { id: number; sponsorshipId: number }[],
  userId: number | null,
): Promise<void> {
  if (accepted.length === 0) return;
  await tx.query(
    `UPDATE match_proposal mp
        SET status = 'accepted', sponsorship_id = a.sponsorship_id, decided_by = $3, decided_at = now()
       FROM unnest($1::bigint[], $2::bigint[]) AS a(id, sponsorship_id)
      WHERE mp.id = a.id`,
    [accepted.map((row) => row.id), accepted.map((row) => row.sponsorshipId), userId],
  );
}

export async function markRejected(
  tx: Queryable,
  ids: readonly number[],
  userId: number | null,
  reason: string | null,
): Promise<void> {
  await tx.query(
    `UPDATE match_proposal SET status = 'rejected', decided_by = $2, decided_at = now(), decision_reason = $3
      WHERE id = ANY($1::bigint[])`,
    [ids, userId, reason],
  );
}

export interface WorkerEligibilityRow extends Record<string, unknown> {
  nik: string;
  birthDate: IsoDate;
  deceasedOn: IsoDate | null;
  activeElsewhere: boolean;
  villageCode: string | null;
}

export async function workersForEligibility(
  db: Queryable,
  niks: readonly string[],
): Promise<Map<string, WorkerEligibilityRow>> {
  const rows = await db.query<WorkerEligibilityRow>(
    `SELECT nik, birth_date AS "birthDate", deceased_on AS "deceasedOn", active_elsewhere AS "activeElsewhere",
            village_code AS "villageCode"
       FROM worker WHERE nik = ANY($1::text[])`,
    [niks],
  );
  return new Map(rows.map((row) => [row.nik, row]));
}

/** Per sponsor, their sponsorships under the programme that hold `month` or a later one. */
export async function heldBySponsors(
  db: Queryable,
  programmeId: number,
  sponsorIds: readonly number[],
  month: IsoDate,
): Promise<Map<number, number>> {
  const rows = await db.query<{ sponsorId: number; held: number }>(
    `SELECT sponsor_id AS "sponsorId", count(*) AS held FROM sponsorship
      WHERE programme_id = $1 AND sponsor_id = ANY($2::bigint[]) AND status NOT IN ('rejected', 'ended')
        AND (end_month IS NULL OR end_month > $3::date)
      GROUP BY sponsor_id`,
    [programmeId, sponsorIds, month],
  );
  return new Map(rows.map((row) => [row.sponsorId, row.held]));
}
