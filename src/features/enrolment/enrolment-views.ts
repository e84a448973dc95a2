import type { Message, Problem } from '../../core/message.ts';
import { problem } from '../../core/message.ts';
import { SPONSORSHIP_STATUS_LABELS } from '../../core/sponsorship-lifecycle.ts';
import { sponsorshipReference } from './enrolment-exchange.ts';
import type { BatchRow, GroupRow } from './enrolment-repository.ts';
import type { EnrolmentBatch, EnrolmentResponse } from './enrolment-types.ts';
import type { LineVerdict, NewIssue, ResponseRow } from './response-repository.ts';

/** Batches and responses as the API shows them, and what a response's refused lines are told. */

const OUTCOME_LABELS: Record<string, Message> = {
  enrolled: SPONSORSHIP_STATUS_LABELS.enrolled,
  active: SPONSORSHIP_STATUS_LABELS.active,
  rejected: SPONSORSHIP_STATUS_LABELS.rejected,
  active_elsewhere: { id: 'Sudah aktif (dibayar pihak lain)', en: 'Already active (paid elsewhere)' },
};

export function batchView(row: BatchRow, groups: GroupRow[]): EnrolmentBatch {
  const base = `/api/v1/enrolment-batches/${row.id}`;
  const answered = row.enrolled_count + row.active_count + row.rejected_count + row.active_elsewhere_count;
  return {
    id: row.id,
    reference: row.reference,
    pemdaCode: row.pemda_code,
    status: row.status,
    members: row.member_count,
    // A closed batch's unanswered lines wait no more: they may go in a later batch.
    pending: row.status === 'open' ? row.member_count - answered : 0,
    enrolled: row.enrolled_count,
    active: row.active_count,
    rejected: row.rejected_count,
    activeElsewhere: row.active_elsewhere_count,
    groups: groups
      .filter((group) => group.batch_id === row.id)
      .map((group) => ({
        groupAccountType: group.group_account_type,
        holder: group.group_holder,
        members: group.members,
        pending: group.pending,
        enrolled: group.enrolled,
        active: group.active,
        rejected: group.rejected,
        activeElsewhere: group.active_elsewhere,
      })),
    createdAt: row.created_at,
    firstSentAt: row.first_sent_at,
    closedAt: row.closed_at,
    closeReason: row.close_reason,
    fileUrls: { csv: `${base}/file.csv`, xlsx: `${base}/file.xlsx` },
  };
}

export function responseView(row: ResponseRow, duplicate: boolean): EnrolmentResponse {
  const base = `/api/v1/enrolment-responses/${row.id}`;
  return {
    id: row.id,
    pemdaCode: row.pemda_code,
    channel: row.channel,
    fileName: row.file_name,
    createdAt: row.created_at,
    counts: {
      read: row.lines_read,
      enrolled: row.enrolled,
      active: row.active,
      rejected: row.rejected,
      activeElsewhere: row.active_elsewhere,
      unchanged: row.unchanged,
      errors: row.errors,
      warnings: row.warnings,
    },
    duplicate,
    errorFileUrls:
      row.errors + row.warnings > 0 ? { csv: `${base}/errors.csv`, xlsx: `${base}/errors.xlsx` } : null,
  };
}

/** Why a line of a response cannot apply, or what to know about one that does. */
export function verdictIssue(line: LineVerdict, pemdaCode: string): Omit<NewIssue, 'rowNumber' | 'seq'> {
  const issue = (
    column: string,
    value: string,
    found: Problem,
    severity: NewIssue['severity'] = 'rejected',
  ) => ({ column, value, severity, code: found.code, message: found.message });
  const batch = line.batch_reference;
  switch (line.verdict) {
    case 'batch_unknown':
      return issue(
        'no_batch',
        batch,
        problem(
          'ENROLMENT_BATCH_UNKNOWN',
          `Batch ${batch} tidak dikenal untuk Pemda ${pemdaCode}. Periksa kolom no_batch.`,
          `Batch ${batch} is not one of Pemda ${pemdaCode}'s. Check the no_batch column.`,
        ),
      );
    case 'nik_unknown':
      return issue(
        'nik',
        line.nik,
        problem(
          'ENROLMENT_NIK_UNKNOWN',
          'NIK ini tidak ada di registri pekerja Asuh.',
          "This NIK is not in Asuh's worker registry.",
        ),
      );
    case 'nik_not_in_batch':
      return issue(
        'nik',
        line.nik,
        problem(
          'ENROLMENT_NIK_NOT_IN_BATCH',
          `NIK ini tidak termasuk dalam batch ${batch}.`,
          `This NIK is not in batch ${batch}.`,
        ),
      );
    case 'duplicate':
      return issue(
        'nik',
        line.nik,
        problem(
          'DUPLICATE_IN_FILE',
          `NIK ini sudah dijawab di baris ${line.first_row} untuk batch yang sama; hanya baris pertama yang diterapkan.`,
          `This NIK is already answered in row ${line.first_row} for the same batch; only the first row is applied.`,
        ),
      );
    case 'reference_mismatch': {
      const expected = sponsorshipReference(pemdaCode, line.member_sponsorship_id ?? 0);
      const given = sponsorshipReference(pemdaCode, line.sponsorship_id ?? 0);
      return issue(
        'ref_asuh',
        given,
        problem(
          'ENROLMENT_REFERENCE_MISMATCH',
          `Referensi ${given} bukan milik NIK ini di batch ${batch} (barisnya: ${expected}).`,
          `Reference ${given} is not this NIK's in batch ${batch} (its line is ${expected}).`,
        ),
      );
    }
    case 'already_answered': {
      const label = OUTCOME_LABELS[line.answered_outcome ?? ''] ?? { id: '?', en: '?' };
      return issue(
        'status_kepesertaan',
        line.outcome,
        problem(
          'ENROLMENT_ALREADY_ANSWERED',
          `Baris ini sudah dijawab oleh tanggapan #${line.answered_response} sebagai "${label.id}"; jawaban yang berbeda tidak diterapkan.`,
          `This line was already answered by response #${line.answered_response} as "${label.en}"; a different answer is not applied.`,
        ),
      );
    }
    case 'batch_closed':
      return issue(
        'no_batch',
        batch,
        problem(
          'ENROLMENT_BATCH_CLOSED',
          `Batch ${batch} ditutup pada ${line.closed_on} sebelum baris ini dijawab; jawab melalui batch berikutnya yang memuat NIK ini.`,
          `Batch ${batch} was closed on ${line.closed_on} before this line was answered; answer it in the later batch that holds this NIK.`,
        ),
      );
    default:
      return issue(
        'kpj',
        line.kpj ?? '',
        problem(
          'ENROLMENT_KPJ_CHANGED',
          `KPJ pekerja ini berubah dari ${line.previous_kpj} menjadi ${line.kpj}.`,
          `This worker's KPJ changes from ${line.previous_kpj} to ${line.kpj}.`,
        ),
        'warning',
      );
  }
}
