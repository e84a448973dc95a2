import type { IsoDate } from '../../core/calendar.ts';
import type { NikFields } from '../../core/identifiers/nik.ts';
import { type Problem, problem } from '../../core/message.ts';
import { addMonths } from '../../core/period.ts';
import type { RowIssue } from '../../core/registry/row.ts';
import type { BuildIssue } from './cohort-build-repository.ts';
import type { Months } from './cohort-terms.ts';

/** The NIKs a build judges, from a file or a donor's list, and the issues of those it turns away. */

/** One NIK to judge: from a file row (with what it says of a new person) or named by a donor. */
export interface Candidate {
  row: number;
  nik: string;
  name: string | null;
  villageCode: string | null;
  /** Decoded from the NIK, for a person the registry does not hold yet. */
  birthDate: IsoDate;
  sex: 'male' | 'female';
}

export function issueOf(
  row: number,
  issue: Pick<RowIssue, 'column' | 'value' | 'severity'> & { problem: Problem },
): BuildIssue {
  return {
    row_number: row,
    column_name: issue.column,
    value: issue.value,
    severity: issue.severity,
    code: issue.problem.code,
    message_id: issue.problem.message.id,
    message_en: issue.problem.message.en,
  };
}

/** A NIK turned away. */
export const nikRejected = (row: number, nik: string, found: Problem) =>
  issueOf(row, { column: 'nik', value: nik, severity: 'rejected', problem: found });

export const alreadyCovered = (months: Months) =>
  problem(
    'ALREADY_COVERED',
    `Pekerja sudah ditanggung sponsorship lain untuk sebagian bulan ${months.from} s.d. ${addMonths(months.endPeriod, -1)}; tidak ditambahkan.`,
    `The worker is already covered by another sponsorship for some of the months ${months.from} to ${addMonths(months.endPeriod, -1)}; not added.`,
  );

export const notInRegistry = () =>
  problem(
    'NOT_IN_REGISTRY',
    'NIK ini belum ada di registri pekerja; isi nama dan kode_desa agar pekerja didaftarkan.',
    'This NIK is not in the worker registry; fill in nama and kode_desa to register the worker.',
  );

export const transferRequired = () =>
  problem(
    'WORKER_TRANSFER_REQUIRED',
    'NIK ini tidak dapat didaftarkan sebagai pekerja baru di Pemda Anda; ajukan permintaan pindah pekerja (POST /api/v1/worker-transfers).',
    'This NIK cannot be registered as a new worker in your Pemda; ask for a worker transfer (POST /api/v1/worker-transfers).',
  );

export const duplicateInFile = (firstRow: number) =>
  problem(
    'DUPLICATE_IN_FILE',
    `NIK ini sudah ada di baris ${firstRow}; hanya baris pertama yang dipakai.`,
    `This NIK already appears in row ${firstRow}; only the first row is used.`,
  );

/** A candidate from a valid NIK's decoded fields. */
export function candidateOf(
  row: number,
  nik: string,
  fields: NikFields,
  person: { name: string | null; villageCode: string | null },
): Candidate {
  return { row, nik, ...person, birthDate: fields.birthDate, sex: fields.sex };
}
