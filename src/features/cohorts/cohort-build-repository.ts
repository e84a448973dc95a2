import type { Queryable } from '../../db/database.ts';
import { insertIssueColumns } from '../../platform/files/issues.ts';

/** The record of each build (`cohort_build`) and the rows it turned away (`cohort_issue`). */

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
