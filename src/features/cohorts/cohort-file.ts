import type { IsoDate } from '../../core/calendar.ts';
import { parseNik } from '../../core/identifiers/nik.ts';
import { IssueList, optionalText, parseVillage } from '../../core/registry/row.ts';
import type { Queryable } from '../../db/database.ts';
import { numberCellIssues, openImportFile } from '../../platform/files/import-file.ts';
import { pemdaVillageCodes } from '../regions/index.ts';
import type { BuildIssue } from './cohort-build-repository.ts';
import { type Candidate, candidateOf, duplicateInFile, issueOf } from './cohort-candidates.ts';

/** The columns of a cohort file, in file order; `nama` and `kode_desa` only for people not yet registered. */
export const COHORT_COLUMNS = ['nik', 'nama', 'kode_desa'] as const;

export interface CohortFile {
  candidates: Candidate[];
  issues: BuildIssue[];
  read: number;
  sha256: string;
}

/** Validates a cohort file's rows into NIKs to judge, with the issues of the rows refused. */
export async function readCohortFile(
  db: Queryable,
  path: string,
  pemdaCode: string,
  { maxBytes, today }: { maxBytes: number; today: IsoDate },
): Promise<CohortFile> {
  const villages = new Set(await pemdaVillageCodes(db, pemdaCode));
  const context = { today, pemdaCode, isPemdaVillage: (code: string) => villages.has(code) };
  const file = await openImportFile(path, COHORT_COLUMNS, { maxBytes });
  const candidates: Candidate[] = [];
  const issues: BuildIssue[] = [];
  const firstRow = new Map<string, number>();
  let read = 0;
  try {
    for await (const row of file.rows) {
      const { rowNumber, values } = row;
      read += 1;
      const found = new IssueList();
      for (const issue of numberCellIssues(row)) found.warn(issue.column, issue.value, issue);
      const nikText = values.nik ?? '';
      const nik = nikText.trim();
      const decoded = parseNik(nik, { today });
      for (const error of decoded.errors) found.reject('nik', nikText, error);
      for (const warning of decoded.warnings) found.warn('nik', nikText, warning);
      const name = found.take('nama', values.nama ?? '', optionalText(values.nama ?? '', 150));
      const village = (values.kode_desa ?? '').trim();
      const villageCode =
        village === '' ? null : found.take('kode_desa', village, parseVillage(village, context));
      const earlier = firstRow.get(nik);
      if (!found.rejected && earlier !== undefined) found.reject('nik', nikText, duplicateInFile(earlier));
      for (const issue of found.issues) {
        issues.push(
          issueOf(rowNumber, {
            column: issue.column,
            value: issue.value,
            severity: issue.severity,
            problem: { code: issue.code, message: issue.message },
          }),
        );
      }
      if (found.rejected || !decoded.valid) continue;
      firstRow.set(nik, rowNumber);
      candidates.push(
        candidateOf(rowNumber, nik, decoded.fields, { name: name ?? null, villageCode: villageCode ?? null }),
      );
    }
    return { candidates, issues, read, sha256: await file.sha256() };
  } finally {
    file.close();
  }
}
