import type { IsoDate } from '../../core/calendar.ts';
import type { Programme } from '../../core/contributions/schedules.ts';
import type { GroupAccountType } from '../../core/group-accounts.ts';
import type { Sex } from '../../core/identifiers/common.ts';
import type { Period } from '../../core/period.ts';
import type { Queryable } from '../../db/database.ts';
import type { BatchStatus } from './enrolment-types.ts';

/** Any two numbers: batch making and response applying of one Pemda queue on it. */
const PEMDA_LOCK = 4_127_010;

export const TIMESTAMP = (column: string) =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;

/** One Pemda's batches and responses are made and applied one at a time. */
export async function lockPemdaExchange(tx: Queryable, pemdaCode: string): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [PEMDA_LOCK, pemdaCode]);
}

export async function nextBatchSeq(tx: Queryable, pemdaCode: string): Promise<number> {
  const [row] = await tx.query<{ seq: number }>(
    'SELECT coalesce(max(seq), 0) + 1 AS seq FROM enrolment_batch WHERE pemda_code = $1',
    [pemdaCode],
  );
  return row!.seq;
}

/**
 * Makes a batch of every verified sponsorship of the Pemda that waits in no open batch, one per
 * person (the earliest first month; a second sponsorship of the same person waits for a later
 * batch), frozen with its group account and holder. Null when there is nothing to send.
 */
export async function insertBatch(
  tx: Queryable,
  batch: { pemdaCode: string; seq: number; reference: string; userId: number | null },
): Promise<number | null> {
  const [row] = await tx.query<{ id: number }>(
    `WITH candidates AS (
       SELECT DISTINCT ON (s.nik) s.id, s.nik, s.sponsor_id, sp.group_account_type,
              CASE WHEN sp.group_account_type = 'SG' THEN p.name
                   ELSE coalesce(o.name, sp.name, a.name, p.name) END AS holder
         FROM sponsorship s
         JOIN sponsor sp ON sp.id = s.sponsor_id
         JOIN pemda p ON p.code = s.pemda_code
         LEFT JOIN organisation o ON o.id = sp.organisation_id
         LEFT JOIN asn a ON a.nip = sp.nip
        WHERE s.pemda_code = $1 AND s.status = 'verified'
          AND NOT EXISTS (SELECT 1 FROM enrolment_batch_member m WHERE m.nik = s.nik AND m.pending)
        ORDER BY s.nik, s.first_month, s.id
     ),
     batch AS (
       INSERT INTO enrolment_batch (pemda_code, seq, reference, member_count, created_by)
       SELECT $1, $2, $3, count(*), $4 FROM candidates HAVING count(*) > 0
       RETURNING id
     ),
     members AS (
       INSERT INTO enrolment_batch_member (batch_id, sponsorship_id, line_number, nik, sponsor_id,
                                           group_account_type, group_holder)
       SELECT batch.id, c.id,
              row_number() OVER (ORDER BY c.group_account_type NULLS LAST, c.holder, c.nik),
              c.nik, c.sponsor_id, c.group_account_type, c.holder
         FROM candidates c CROSS JOIN batch
     )
     SELECT id FROM batch`,
    [batch.pemdaCode, batch.seq, batch.reference, batch.userId],
  );
  return row?.id ?? null;
}

export interface BatchRow extends Record<string, unknown> {
  id: number;
  pemda_code: string;
  pemda_name: string;
  reference: string;
  status: BatchStatus;
  member_count: number;
  enrolled_count: number;
  active_count: number;
  rejected_count: number;
  active_elsewhere_count: number;
  created_at: string;
  first_sent_at: string | null;
  closed_at: string | null;
  close_reason: string | null;
}

const BATCH_COLUMNS = `b.id, b.pemda_code, p.name AS pemda_name, b.reference, b.status, b.member_count,
  b.enrolled_count, b.active_count, b.rejected_count, b.active_elsewhere_count,
  ${TIMESTAMP('b.created_at')} AS created_at, ${TIMESTAMP('b.first_sent_at')} AS first_sent_at,
  ${TIMESTAMP('b.closed_at')} AS closed_at, b.close_reason`;

export async function findBatch(
  db: Queryable,
  by: { id: number } | { reference: string },
): Promise<BatchRow | undefined> {
  const [row] = await db.query<BatchRow>(
    `SELECT ${BATCH_COLUMNS} FROM enrolment_batch b JOIN pemda p ON p.code = b.pemda_code
      WHERE ${'id' in by ? 'b.id = $1' : 'b.reference = upper($1)'}`,
    ['id' in by ? by.id : by.reference.trim()],
  );
  return row;
}

export async function listBatches(db: Queryable, pemdaCode: string, limit: number): Promise<BatchRow[]> {
  return db.query<BatchRow>(
    `SELECT ${BATCH_COLUMNS} FROM enrolment_batch b JOIN pemda p ON p.code = b.pemda_code
      WHERE b.pemda_code = $1 ORDER BY b.seq DESC LIMIT $2`,
    [pemdaCode, limit],
  );
}

export interface GroupRow extends Record<string, unknown> {
  batch_id: number;
  group_account_type: GroupAccountType | null;
  group_holder: string;
  members: number;
  pending: number;
  enrolled: number;
  active: number;
  rejected: number;
  active_elsewhere: number;
}

/** The lines of each batch by group account and holder, with the answers received. */
export async function batchGroups(db: Queryable, batchIds: readonly number[]): Promise<GroupRow[]> {
  if (batchIds.length === 0) return [];
  return db.query<GroupRow>(
    `SELECT batch_id, group_account_type, group_holder, count(*) AS members,
            count(*) FILTER (WHERE pending) AS pending,
            count(*) FILTER (WHERE outcome = 'enrolled') AS enrolled,
            count(*) FILTER (WHERE outcome = 'active') AS active,
            count(*) FILTER (WHERE outcome = 'rejected') AS rejected,
            count(*) FILTER (WHERE outcome = 'active_elsewhere') AS active_elsewhere
       FROM enrolment_batch_member
      WHERE batch_id = ANY($1::bigint[])
      GROUP BY batch_id, group_account_type, group_holder
      ORDER BY batch_id, group_account_type NULLS LAST, group_holder`,
    [batchIds],
  );
}

export interface LineRow extends Record<string, unknown> {
  line_number: number;
  group_account_type: GroupAccountType | null;
  group_holder: string;
  nik: string;
  name: string;
  birth_date: IsoDate;
  sex: Sex;
  village_code: string | null;
  village_name: string | null;
  occupation: string | null;
  phone: string | null;
  programmes: Programme[];
  declared_income: number;
  first_month: Period;
  sponsorship_id: number;
}

/** One page of a batch's lines in file order, after `afterLine`: keyset paging. */
export async function batchLinesPage(
  db: Queryable,
  batchId: number,
  afterLine: number,
  limit: number,
): Promise<LineRow[]> {
  return db.query<LineRow>(
    `SELECT m.line_number, m.group_account_type, m.group_holder, w.nik, w.name, w.birth_date, w.sex,
            w.village_code, r.name AS village_name, w.occupation, w.phone, s.programmes,
            s.declared_income, to_char(s.first_month, 'YYYY-MM') AS first_month, s.id AS sponsorship_id
       FROM enrolment_batch_member m
       JOIN worker w ON w.nik = m.nik
       JOIN sponsorship s ON s.id = m.sponsorship_id
       LEFT JOIN region r ON r.code = w.village_code
      WHERE m.batch_id = $1 AND m.line_number > $2
      ORDER BY m.line_number
      LIMIT $3`,
    [batchId, afterLine, limit],
  );
}

export async function markBatchSent(tx: Queryable, batchId: number): Promise<void> {
  await tx.query('UPDATE enrolment_batch SET first_sent_at = coalesce(first_sent_at, now()) WHERE id = $1', [
    batchId,
  ]);
}

/** Closes an open batch by hand: its unanswered lines may go in a later batch. False if not open. */
export async function closeBatch(tx: Queryable, batchId: number, reason: string): Promise<boolean> {
  const rows = await tx.query(
    `WITH closed AS (
       UPDATE enrolment_batch SET status = 'closed', closed_at = now(), close_reason = $2
        WHERE id = $1 AND status = 'open' RETURNING id
     ),
     released AS (
       UPDATE enrolment_batch_member SET pending = false
        WHERE batch_id IN (SELECT id FROM closed) AND pending RETURNING 1
     )
     SELECT id FROM closed`,
    [batchId, reason],
  );
  return rows.length > 0;
}
