import type { RowIssue } from '../../core/registry/row.ts';
import type { Queryable } from '../../db/database.ts';

/**
 * The issues of an uploaded file (a registry import, a payment import, a cohort build, an
 * enrolment response): each feature keeps its own in a table of the same shape, which these
 * helpers write and page through for the feature that owns it.
 */

/** The longest echoed cell kept with an issue: enough for the error file to show what was wrong. */
const MAX_ISSUE_VALUE_LENGTH = 200;

/** A file's rejected and warned rows, column by column, as `unnest` takes them. */
export interface IssueColumns {
  rowNumber: number[];
  seq: number[];
  column: string[];
  value: (string | null)[];
  code: string[];
  severity: string[];
  messageId: string[];
  messageEn: string[];
}

export interface IssueBatch extends IssueColumns {
  recordKey: (string | null)[];
}

/**
 * The tables that keep a file's issues in `import_issue`'s columns, each with the column naming
 * its file: a registry import, a payment import, a cohort build, an enrolment response.
 */
const ISSUE_OWNER_COLUMN = {
  import_issue: 'import_id',
  payment_issue: 'import_id',
  cohort_issue: 'build_id',
  enrolment_response_issue: 'response_id',
} as const;

export type IssueTable = keyof typeof ISSUE_OWNER_COLUMN;

/** Adds a file's issues to `table` (the registry's own also keep a record key: `insertIssues`). */
export async function insertIssueColumns(
  db: Queryable,
  table: Exclude<IssueTable, 'import_issue'>,
  ownerId: string | number,
  issues: IssueColumns,
): Promise<void> {
  if (issues.rowNumber.length === 0) return;
  await db.query(
    `INSERT INTO ${table} (${ISSUE_OWNER_COLUMN[table]}, row_number, seq, column_name, value, code, severity,
                           message_id, message_en)
     SELECT $1, * FROM unnest($2::int4[], $3::int2[], $4::text[], $5::text[], $6::text[], $7::text[],
                              $8::text[], $9::text[])`,
    [
      ownerId,
      issues.rowNumber,
      issues.seq,
      issues.column,
      issues.value,
      issues.code,
      issues.severity,
      issues.messageId,
      issues.messageEn,
    ],
  );
}

export function emptyIssueColumns(): IssueColumns {
  return {
    rowNumber: [],
    seq: [],
    column: [],
    value: [],
    code: [],
    severity: [],
    messageId: [],
    messageEn: [],
  };
}

/** Adds one row's issue to a batch, its echoed value cut to a length the error file can carry. */
export function pushIssueColumns(
  issues: IssueColumns,
  rowNumber: number,
  seq: number,
  issue: RowIssue,
): void {
  issues.rowNumber.push(rowNumber);
  issues.seq.push(seq);
  issues.column.push(issue.column);
  issues.value.push(issue.value.slice(0, MAX_ISSUE_VALUE_LENGTH));
  issues.code.push(issue.code);
  issues.severity.push(issue.severity);
  issues.messageId.push(issue.message.id);
  issues.messageEn.push(issue.message.en);
}

export interface IssueRecord extends Record<string, unknown> {
  row_number: number;
  seq: number;
  column_name: string;
  value: string | null;
  severity: 'rejected' | 'warning';
  code: string;
  message_id: string;
  message_en: string;
}

/** One page of a file's issues in row order, after (`row`, `seq`): keyset paging. */
export async function issuePage(
  db: Queryable,
  table: IssueTable,
  ownerId: string | number,
  after: { row: number; seq: number },
  limit: number,
): Promise<IssueRecord[]> {
  return db.query<IssueRecord>(
    `SELECT row_number, seq, column_name, value, severity, code, message_id, message_en
       FROM ${table}
      WHERE ${ISSUE_OWNER_COLUMN[table]} = $1 AND (row_number, seq) > ($2, $3)
      ORDER BY row_number, seq
      LIMIT $4`,
    [ownerId, after.row, after.seq, limit],
  );
}
