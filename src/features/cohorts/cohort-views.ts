import type { Language } from '../../core/message.ts';
import { SPONSORSHIP_STATUSES, type SponsorshipStatus } from '../../core/sponsorship-lifecycle.ts';
import type { BuildIssue, BuildRow } from './cohort-build-repository.ts';
import type { ProgrammeRecord } from './cohort-repository.ts';
import type { BuildRecord, BuildSummary, CohortKind, CohortRef } from './cohort-types.ts';

/** How programmes, builds and their counts are answered. */

/** What a build did, its first issues in both languages (the answer picks one: `summaryIn`). */
export type BuildResult = Omit<BuildSummary, 'issues'> & { issueRecords: BuildIssue[] };

export function refOf(programme: ProgrammeRecord): CohortRef {
  return {
    id: programme.id,
    pemdaCode: programme.pemdaCode,
    key: programme.key,
    name: programme.name,
    kind: programme.kind as CohortKind,
  };
}

export function countsOf(
  found: Partial<Record<SponsorshipStatus, number>>,
): Record<SponsorshipStatus, number> {
  return Object.fromEntries(SPONSORSHIP_STATUSES.map((status) => [status, found[status] ?? 0])) as Record<
    SponsorshipStatus,
    number
  >;
}

export function errorFileUrls(buildId: string) {
  const base = `/api/v1/cohort-builds/${buildId}`;
  return { csv: `${base}/errors.csv`, xlsx: `${base}/errors.xlsx` };
}

export function buildRecord(row: BuildRow): BuildRecord {
  return {
    buildId: row.buildId,
    programmeId: row.programmeId,
    source: row.source,
    fileName: row.fileName,
    read: row.read,
    added: row.added,
    alreadyMember: row.alreadyMember,
    alreadyCovered: row.alreadyCovered,
    rejected: row.rejected,
    newWorkers: row.newWorkers,
    errorFileUrls: row.issues > 0 ? errorFileUrls(row.buildId) : null,
    createdAt: row.createdAt,
  };
}

/** The summary's issues in one language, for the HTTP answer and the CLI. */
export function summaryIn(result: BuildResult, language: Language): BuildSummary {
  const { issueRecords, ...rest } = result;
  return {
    ...rest,
    issues: issueRecords.map((issue) => ({
      row: issue.row_number,
      column: issue.column_name,
      value: issue.value,
      severity: issue.severity,
      code: issue.code,
      message: language === 'en' ? issue.message_en : issue.message_id,
    })),
  };
}
