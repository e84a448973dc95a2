import type { IsoDate } from '../../core/calendar.ts';
import type { Programme } from '../../core/contributions/schedules.ts';
import type { GroupAccountType } from '../../core/group-accounts.ts';
import type { Sex } from '../../core/identifiers/common.ts';
import type { Message } from '../../core/message.ts';
import type { Period } from '../../core/period.ts';
import type { Queryable } from '../../db/database.ts';
import { insertIssueColumns } from '../../platform/files/issues.ts';
import type { ResponseAnswer, ResponseOutcome } from './enrolment-exchange.ts';
import type { BatchStatus } from './enrolment-types.ts';

/** Any two numbers: batch making and response applying of one Pemda queue on it. */
const PEMDA_LOCK = 4_127_010;

const TIMESTAMP = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;

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

export interface ResponseRow extends Record<string, unknown> {
  id: number;
  pemda_code: string;
  channel: string;
  file_name: string | null;
  created_at: string;
  lines_read: number;
  enrolled: number;
  active: number;
  rejected: number;
  active_elsewhere: number;
  unchanged: number;
  errors: number;
  warnings: number;
}

const RESPONSE_COLUMNS = `id, pemda_code, channel, file_name, ${TIMESTAMP('created_at')} AS created_at,
  lines_read, enrolled, active, rejected, active_elsewhere, unchanged, errors, warnings`;

export async function findResponse(
  db: Queryable,
  by: { id: number } | { pemdaCode: string; sha256: string },
): Promise<ResponseRow | undefined> {
  const [row] =
    'id' in by
      ? await db.query<ResponseRow>(`SELECT ${RESPONSE_COLUMNS} FROM enrolment_response WHERE id = $1`, [
          by.id,
        ])
      : await db.query<ResponseRow>(
          `SELECT ${RESPONSE_COLUMNS} FROM enrolment_response WHERE pemda_code = $1 AND content_sha256 = $2`,
          [by.pemdaCode, by.sha256],
        );
  return row;
}

export async function listResponses(db: Queryable, pemdaCode: string, limit: number): Promise<ResponseRow[]> {
  return db.query<ResponseRow>(
    `SELECT ${RESPONSE_COLUMNS} FROM enrolment_response WHERE pemda_code = $1
      ORDER BY created_at DESC, id DESC LIMIT $2`,
    [pemdaCode, limit],
  );
}

export async function insertResponse(
  tx: Queryable,
  response: {
    pemdaCode: string;
    channel: string;
    fileName: string | null;
    sha256: string;
    userId: number | null;
  },
): Promise<number> {
  const [row] = await tx.query<{ id: number }>(
    `INSERT INTO enrolment_response (pemda_code, channel, file_name, content_sha256, created_by)
     VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [response.pemdaCode, response.channel, response.fileName, response.sha256, response.userId],
  );
  return row!.id;
}

export interface ResponseTotals {
  read: number;
  enrolled: number;
  active: number;
  rejected: number;
  activeElsewhere: number;
  unchanged: number;
  errors: number;
  warnings: number;
}

export async function completeResponse(tx: Queryable, id: number, totals: ResponseTotals): Promise<void> {
  await tx.query(
    `UPDATE enrolment_response
        SET lines_read = $2, enrolled = $3, active = $4, rejected = $5, active_elsewhere = $6,
            unchanged = $7, errors = $8, warnings = $9
      WHERE id = $1`,
    [
      id,
      totals.read,
      totals.enrolled,
      totals.active,
      totals.rejected,
      totals.activeElsewhere,
      totals.unchanged,
      totals.errors,
      totals.warnings,
    ],
  );
}

/**
 * The response's valid lines wait in a table of the transaction's own, gone at its end: a crash
 * leaves nothing behind, and the whole response applies or nothing does.
 */
export async function createLineTable(tx: Queryable): Promise<void> {
  await tx.exec(`CREATE TEMP TABLE enrolment_response_line (
    row_number integer PRIMARY KEY,
    batch_reference text NOT NULL,
    sponsorship_id bigint,
    nik text NOT NULL,
    kpj text,
    outcome text NOT NULL,
    start_date date,
    reason text,
    batch_id bigint,
    member_sponsorship_id bigint,
    first_row integer,
    previous_kpj text,
    answered_outcome text,
    answered_response bigint,
    closed_on date,
    verdict text
  ) ON COMMIT DROP`);
}

export interface StagedLine {
  rowNumber: number;
  answer: ResponseAnswer;
}

export async function stageLines(tx: Queryable, lines: readonly StagedLine[]): Promise<void> {
  if (lines.length === 0) return;
  const column = <T>(pick: (line: StagedLine) => T) => lines.map(pick);
  await tx.query(
    `INSERT INTO enrolment_response_line (row_number, batch_reference, sponsorship_id, nik, kpj, outcome,
                                          start_date, reason)
     SELECT * FROM unnest($1::int4[], $2::text[], $3::int8[], $4::text[], $5::text[], $6::text[],
                          $7::date[], $8::text[])`,
    [
      column((line) => line.rowNumber),
      column((line) => line.answer.batchReference),
      column((line) => line.answer.sponsorshipId),
      column((line) => line.answer.nik),
      column((line) => line.answer.kpj),
      column((line) => line.answer.outcome),
      column((line) => line.answer.startDate),
      column((line) => line.answer.reason),
    ],
  );
}

/**
 * What each staged line is, against the Pemda's batches, the registry and earlier answers:
 * `apply`, `unchanged` (answered the same way before), or why it cannot apply.
 */
export async function classifyLines(tx: Queryable, pemdaCode: string): Promise<void> {
  await tx.query(
    `UPDATE enrolment_response_line l
        SET batch_id = c.batch_id, member_sponsorship_id = c.member_sponsorship_id, first_row = c.first_row,
            previous_kpj = c.previous_kpj, answered_outcome = c.answered_outcome,
            answered_response = c.answered_response, closed_on = c.closed_on,
            verdict = CASE
              WHEN c.batch_id IS NULL THEN 'batch_unknown'
              WHEN NOT c.known_nik THEN 'nik_unknown'
              WHEN c.member_sponsorship_id IS NULL THEN 'nik_not_in_batch'
              WHEN l.row_number <> c.first_row THEN 'duplicate'
              WHEN l.sponsorship_id IS NOT NULL AND l.sponsorship_id <> c.member_sponsorship_id
                THEN 'reference_mismatch'
              WHEN c.answered_outcome IS NOT NULL THEN
                CASE WHEN (l.outcome = 'registered' AND c.answered_outcome IN ('enrolled', 'active')
                           AND c.answered_kpj IS NOT DISTINCT FROM l.kpj
                           AND c.answered_start IS NOT DISTINCT FROM l.start_date)
                          OR l.outcome = c.answered_outcome
                     THEN 'unchanged' ELSE 'already_answered' END
              WHEN NOT c.pending THEN 'batch_closed'
              ELSE 'apply'
            END
       FROM (
         SELECT l2.row_number, b.id AS batch_id, w.nik IS NOT NULL AS known_nik, w.kpj AS previous_kpj,
                m.sponsorship_id AS member_sponsorship_id, m.pending, m.outcome AS answered_outcome,
                m.kpj AS answered_kpj, m.membership_start AS answered_start, m.response_id AS answered_response,
                (b.closed_at AT TIME ZONE 'UTC')::date AS closed_on,
                min(l2.row_number) OVER (PARTITION BY l2.batch_reference, l2.nik) AS first_row
           FROM enrolment_response_line l2
           LEFT JOIN enrolment_batch b ON b.reference = l2.batch_reference AND b.pemda_code = $1
           LEFT JOIN worker w ON w.nik = l2.nik
           LEFT JOIN enrolment_batch_member m ON m.batch_id = b.id AND m.nik = l2.nik
       ) c
      WHERE l.row_number = c.row_number`,
    [pemdaCode],
  );
}

export interface LineVerdict extends Record<string, unknown> {
  row_number: number;
  verdict: string;
  outcome: ResponseOutcome;
  batch_reference: string;
  nik: string;
  kpj: string | null;
  sponsorship_id: number | null;
  member_sponsorship_id: number | null;
  first_row: number | null;
  previous_kpj: string | null;
  answered_outcome: string | null;
  answered_response: number | null;
  closed_on: IsoDate | null;
}

/** The lines that cannot apply, and those that apply but change a worker's recorded KPJ. */
export async function lineProblems(tx: Queryable): Promise<LineVerdict[]> {
  return tx.query<LineVerdict>(
    `SELECT row_number, verdict, outcome, batch_reference, nik, kpj, sponsorship_id, member_sponsorship_id,
            first_row, previous_kpj, answered_outcome, answered_response, to_char(closed_on, 'YYYY-MM-DD') AS closed_on
       FROM enrolment_response_line
      WHERE verdict NOT IN ('apply', 'unchanged')
         OR (verdict = 'apply' AND kpj IS NOT NULL AND previous_kpj IS NOT NULL AND kpj <> previous_kpj)
      ORDER BY row_number`,
  );
}

export async function countUnchanged(tx: Queryable): Promise<number> {
  const [row] = await tx.query<{ n: number }>(
    `SELECT count(*) AS n FROM enrolment_response_line WHERE verdict = 'unchanged'`,
  );
  return row!.n;
}

export interface AppliedAnswer extends Record<string, unknown> {
  row_number: number;
  sponsorship_id: number;
  outcome: 'enrolled' | 'active' | 'rejected' | 'active_elsewhere';
  rejection_reason: string | null;
  membership_start: IsoDate | null;
}

/**
 * Records the answers on the batch lines: a registration whose membership has started by `today`
 * is active, a later one enrolled. Then the workers: the KPJ kept, and whether somebody else
 * already pays (as eligibility reads it, per the last response).
 */
export async function applyAnswers(
  tx: Queryable,
  responseId: number,
  today: IsoDate,
): Promise<AppliedAnswer[]> {
  const applied = await tx.query<AppliedAnswer>(
    `UPDATE enrolment_batch_member m
        SET pending = false,
            outcome = CASE WHEN l.outcome <> 'registered' THEN l.outcome
                           WHEN l.start_date <= $2::date THEN 'active' ELSE 'enrolled' END,
            kpj = l.kpj, membership_start = l.start_date, rejection_reason = l.reason,
            response_id = $1, answered_at = now()
       FROM enrolment_response_line l
      WHERE l.verdict = 'apply' AND m.batch_id = l.batch_id AND m.nik = l.nik
      RETURNING l.row_number, m.sponsorship_id, m.outcome, m.rejection_reason,
                to_char(m.membership_start, 'YYYY-MM-DD') AS membership_start`,
    [responseId, today],
  );
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
  return applied;
}

/** The answer counts of the batches a response touched; a batch with every line answered is complete. */
export async function recountBatches(tx: Queryable, responseId: number): Promise<void> {
  await tx.query(
    `UPDATE enrolment_batch b
        SET enrolled_count = c.enrolled, active_count = c.active, rejected_count = c.rejected,
            active_elsewhere_count = c.active_elsewhere,
            status = CASE WHEN b.status = 'open' AND c.pending = 0 THEN 'complete' ELSE b.status END,
            closed_at = CASE WHEN b.status = 'open' AND c.pending = 0 THEN now() ELSE b.closed_at END
       FROM (
         SELECT batch_id,
                count(*) FILTER (WHERE outcome = 'enrolled') AS enrolled,
                count(*) FILTER (WHERE outcome = 'active') AS active,
                count(*) FILTER (WHERE outcome = 'rejected') AS rejected,
                count(*) FILTER (WHERE outcome = 'active_elsewhere') AS active_elsewhere,
                count(*) FILTER (WHERE pending) AS pending
           FROM enrolment_batch_member
          WHERE batch_id IN (SELECT DISTINCT batch_id FROM enrolment_batch_member WHERE response_id = $1)
          GROUP BY batch_id
       ) c
      WHERE b.id = c.batch_id`,
    [responseId],
  );
}

export interface NewIssue {
  rowNumber: number;
  seq: number;
  column: string;
  value: string;
  severity: 'rejected' | 'warning';
  code: string;
  message: Message;
}

export async function insertResponseIssues(
  tx: Queryable,
  responseId: number,
  issues: readonly NewIssue[],
): Promise<void> {
  const column = <T>(pick: (issue: NewIssue) => T) => issues.map(pick);
  await insertIssueColumns(tx, 'enrolment_response_issue', responseId, {
    rowNumber: column((issue) => issue.rowNumber),
    seq: column((issue) => issue.seq),
    column: column((issue) => issue.column),
    value: column((issue) => issue.value),
    code: column((issue) => issue.code),
    severity: column((issue) => issue.severity),
    messageId: column((issue) => issue.message.id),
    messageEn: column((issue) => issue.message.en),
  });
}
