import { createWriteStream } from 'node:fs';
import { PassThrough, type Readable } from 'node:stream';
import type { Actor } from '../../core/access.ts';
import type { IsoDate } from '../../core/calendar.ts';
import { type Message, type Problem, problem } from '../../core/message.ts';
import { TIME_ZONES, zoneOfPemda } from '../../core/regions.ts';
import { SPONSORSHIP_STATUS_LABELS, type SponsorshipStatus } from '../../core/sponsorship-lifecycle.ts';
import type { Database, Queryable } from '../../db/database.ts';
import { AppError, notFound } from '../../errors.ts';
import { forbidden } from '../../platform/access/policy.ts';
import { recordAudit } from '../../platform/audit.ts';
import { numberCellIssues } from '../../platform/files/import-file.ts';
import type { ErrorFileFormat } from '../../platform/files/issue-file.ts';
import { streamIssueFile } from '../../platform/files/issue-file.ts';
import { issuePage } from '../../platform/files/issues.ts';
import { pemdaOutOfScope, requireOnboardedPemda } from '../../platform/pemda.ts';
import { transitionSponsorships } from '../sponsorship/index.ts';
import {
  type BatchLine,
  type BatchReceipt,
  batchReference,
  type EnrolmentExchange,
  type IncomingResponse,
  type OutgoingBatch,
  parseResponseLine,
  sponsorshipReference,
} from './enrolment-exchange.ts';
import {
  type AppliedAnswer,
  applyAnswers,
  type BatchRow,
  batchGroups,
  batchLinesPage,
  classifyLines,
  closeBatch,
  completeResponse,
  countUnchanged,
  createLineTable,
  findBatch,
  findResponse,
  type GroupRow,
  insertBatch,
  insertResponse,
  insertResponseIssues,
  type LineVerdict,
  lineProblems,
  listBatches,
  listResponses,
  lockPemdaExchange,
  markBatchSent,
  type NewIssue,
  nextBatchSeq,
  type ResponseRow,
  type ResponseTotals,
  recountBatches,
  type StagedLine,
  stageLines,
} from './enrolment-queries.ts';
import type { EnrolmentBatch, EnrolmentResponse } from './enrolment-types.ts';

/**
 * The enrolment exchange with BPJSTK (issue 4, item 7). Verified sponsorships become a
 * registration batch; the branch's response moves them to enrolled/active or rejected. The
 * service talks to BPJSTK only through an `EnrolmentExchange`, so files today and an online API
 * later are the caller's choice.
 */
export interface Caller {
  /** None when the system acts (a command run on the server). */
  actor: Actor | null;
  ip?: string | null;
}

export interface EnrolmentServiceOptions {
  /** The clock: whether a membership has started is judged on the Pemda's today. */
  now?: () => Date;
}

const RECENT = 50;
const PAGE_LINES = 5_000;
const STAGE_LINES = 5_000;
/** Issues the database finds sort after a line's own. */
const DATABASE_ISSUE_SEQ = 100;
const MAX_ISSUE_VALUE_LENGTH = 200;

const ACTIVE_ELSEWHERE_REASON =
  'Sudah peserta aktif BPJS Ketenagakerjaan yang iurannya dibayar pihak lain / ' +
  'Already an active BPJS Ketenagakerjaan participant paid by someone else';

const OUTCOME_LABELS: Record<string, Message> = {
  enrolled: SPONSORSHIP_STATUS_LABELS.enrolled,
  active: SPONSORSHIP_STATUS_LABELS.active,
  rejected: SPONSORSHIP_STATUS_LABELS.rejected,
  active_elsewhere: { id: 'Sudah aktif (dibayar pihak lain)', en: 'Already active (paid elsewhere)' },
};

const batchNotFound = () =>
  notFound(
    problem(
      'ENROLMENT_BATCH_NOT_FOUND',
      'Batch pendaftaran tersebut tidak ada.',
      'There is no such enrolment batch.',
    ),
  );

const responseNotFound = () =>
  notFound(
    problem(
      'ENROLMENT_RESPONSE_NOT_FOUND',
      'Tanggapan pendaftaran tersebut tidak ada.',
      'There is no such enrolment response.',
    ),
  );

/** Pemda administrators act for their Pemda, BPJSTK officers for the Pemda their branch serves. */
export function mayExchange(actor: Actor, pemdaCode: string): boolean {
  return (
    (actor.role === 'pemda_admin' && actor.pemdaCode === pemdaCode) ||
    (actor.role === 'bpjstk_officer' && actor.pemdaCodes.includes(pemdaCode))
  );
}

/** The day it is in the Pemda's zone (WIB, WITA or WIT). */
function dayInPemda(pemdaCode: string, now: Date): IsoDate {
  const zone = TIME_ZONES[zoneOfPemda(pemdaCode)];
  return new Date(now.getTime() + zone.utcOffsetHours * 3_600_000).toISOString().slice(0, 10);
}

function batchView(row: BatchRow, groups: GroupRow[]): EnrolmentBatch {
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

function responseView(row: ResponseRow, duplicate: boolean): EnrolmentResponse {
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
function verdictIssue(line: LineVerdict, pemdaCode: string): Omit<NewIssue, 'rowNumber' | 'seq'> {
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

export function createEnrolmentService(db: Database, options: EnrolmentServiceOptions = {}) {
  const now = options.now ?? (() => new Date());

  /** The CLI acts as the system; over HTTP, only who serves the Pemda. */
  function assertMay({ actor }: Caller, pemdaCode: string): void {
    if (actor && !mayExchange(actor, pemdaCode)) throw forbidden();
  }

  async function requirePemda(caller: Caller, pemdaCode: string): Promise<void> {
    assertMay(caller, pemdaCode);
    await requireOnboardedPemda(db, pemdaCode);
  }

  /**
   * For the lists: roles that never exchange files are refused; another Pemda's batches and
   * responses read as those of a Pemda not onboarded.
   */
  async function requireReadablePemda(caller: Caller, pemdaCode: string): Promise<void> {
    const { actor } = caller;
    if (actor && actor.role !== 'pemda_admin' && actor.role !== 'bpjstk_officer') throw forbidden();
    if (actor && !mayExchange(actor, pemdaCode)) throw pemdaOutOfScope(pemdaCode);
    await requireOnboardedPemda(db, pemdaCode);
  }

  /** A batch the caller may see; another Pemda's reads as absent. */
  async function readableBatch(by: { id: number } | { reference: string }, caller: Caller) {
    const row = await findBatch(db, by);
    if (!row || (caller.actor && !mayExchange(caller.actor, row.pemda_code))) throw batchNotFound();
    return row;
  }

  async function readableResponse(id: number, caller: Caller): Promise<ResponseRow> {
    const row = await findResponse(db, { id });
    if (!row || (caller.actor && !mayExchange(caller.actor, row.pemda_code))) throw responseNotFound();
    return row;
  }

  async function viewOf(row: BatchRow): Promise<EnrolmentBatch> {
    return batchView(row, await batchGroups(db, [row.id]));
  }

  function outgoing(row: BatchRow, groups: GroupRow[]): OutgoingBatch {
    return {
      reference: row.reference,
      pemdaCode: row.pemda_code,
      pemdaName: row.pemda_name,
      createdAt: row.created_at,
      groups: groups.map((group) => ({
        groupAccountType: group.group_account_type,
        holder: group.group_holder,
        members: group.members,
      })),
      async *lines(): AsyncGenerator<BatchLine> {
        let after = 0;
        for (;;) {
          const page = await batchLinesPage(db, row.id, after, PAGE_LINES);
          for (const line of page) {
            yield {
              groupAccountType: line.group_account_type,
              groupHolder: line.group_holder,
              nik: line.nik,
              name: line.name,
              birthDate: line.birth_date,
              sex: line.sex,
              villageCode: line.village_code,
              villageName: line.village_name,
              occupation: line.occupation,
              phone: line.phone,
              programmes: line.programmes,
              declaredIncome: line.declared_income,
              firstMonth: line.first_month,
              sponsorshipReference: sponsorshipReference(row.pemda_code, line.sponsorship_id),
            };
          }
          const last = page.at(-1);
          if (!last || page.length < PAGE_LINES) return;
          after = last.line_number;
        }
      },
    };
  }

  /** Applies one response in one transaction: all of its good lines, or nothing if it fails. */
  async function applyResponse(
    pemdaCode: string,
    caller: Caller,
    channel: string,
    incoming: IncomingResponse,
  ): Promise<EnrolmentResponse> {
    const today = dayInPemda(pemdaCode, now());
    const userId = caller.actor?.userId ?? null;
    const outcome = await db.transaction(async (tx) => {
      await lockPemdaExchange(tx, pemdaCode);
      const earlier = await findResponse(tx, { pemdaCode, sha256: incoming.sha256 });
      if (earlier) return { id: earlier.id, duplicate: true };
      const responseId = await insertResponse(tx, {
        pemdaCode,
        channel,
        fileName: incoming.name,
        sha256: incoming.sha256,
        userId,
      });
      await createLineTable(tx);
      const issues = new IssueCollector(tx, responseId);
      let read = 0;
      let staged: StagedLine[] = [];
      for await (const line of incoming.lines) {
        read += 1;
        const { record, issues: found } = parseResponseLine(line.values, pemdaCode);
        [...found, ...numberCellIssues(line)].forEach((issue, seq) => {
          issues.add({ rowNumber: line.rowNumber, seq, ...issue });
        });
        if (record) staged.push({ rowNumber: line.rowNumber, answer: record });
        if (staged.length >= STAGE_LINES) {
          await stageLines(tx, staged);
          staged = [];
        }
        await issues.flushIfFull();
      }
      await stageLines(tx, staged);
      await classifyLines(tx, pemdaCode);
      for (const line of await lineProblems(tx)) {
        issues.add({ rowNumber: line.row_number, seq: DATABASE_ISSUE_SEQ, ...verdictIssue(line, pemdaCode) });
      }
      const applied = await applyAnswers(tx, responseId, today);
      await moveSponsorships(tx, applied, { userId, source: `enrolment-response:${responseId}` }, issues);
      await recountBatches(tx, responseId);
      await issues.flush();
      const count = (what: AppliedAnswer['outcome']) => applied.filter((a) => a.outcome === what).length;
      const totals: ResponseTotals = {
        read,
        enrolled: count('enrolled'),
        active: count('active'),
        rejected: count('rejected'),
        activeElsewhere: count('active_elsewhere'),
        unchanged: await countUnchanged(tx),
        errors: issues.rejectedRows.size,
        warnings: [...issues.warnedRows].filter((row) => !issues.rejectedRows.has(row)).length,
      };
      await completeResponse(tx, responseId, totals);
      await recordAudit(tx, {
        actor: caller.actor,
        action: 'enrolment.response_import',
        entityType: 'enrolment_response',
        entityId: String(responseId),
        pemdaCode,
        ip: caller.ip ?? null,
        details: { ...totals, channel, fileName: incoming.name },
      });
      return { id: responseId, duplicate: false };
    });
    const row = await findResponse(db, { id: outcome.id });
    return responseView(row!, outcome.duplicate);
  }

  return {
    /** Every verified sponsorship of the Pemda not already waiting in an open batch, as one new batch. */
    async createBatch(pemdaCode: string, caller: Caller): Promise<EnrolmentBatch> {
      await requirePemda(caller, pemdaCode);
      const id = await db.transaction(async (tx) => {
        await lockPemdaExchange(tx, pemdaCode);
        const seq = await nextBatchSeq(tx, pemdaCode);
        const reference = batchReference(pemdaCode, seq);
        const created = await insertBatch(tx, {
          pemdaCode,
          seq,
          reference,
          userId: caller.actor?.userId ?? null,
        });
        if (created === null) {
          throw new AppError(
            'conflict',
            problem(
              'ENROLMENT_NOTHING_TO_SEND',
              `Tidak ada sponsor berstatus "Diverifikasi" di Pemda ${pemdaCode} yang belum dikirim ke BPJS Ketenagakerjaan.`,
              `Pemda ${pemdaCode} has no "Verified" sponsorship that has not yet gone to BPJS Ketenagakerjaan.`,
            ),
          );
        }
        await recordAudit(tx, {
          actor: caller.actor,
          action: 'enrolment.batch_create',
          entityType: 'enrolment_batch',
          entityId: String(created),
          pemdaCode,
          ip: caller.ip ?? null,
          details: { reference },
        });
        return created;
      });
      return viewOf((await findBatch(db, { id }))!);
    },

    async listBatches(pemdaCode: string, caller: Caller): Promise<EnrolmentBatch[]> {
      await requireReadablePemda(caller, pemdaCode);
      const rows = await listBatches(db, pemdaCode, RECENT);
      const groups = await batchGroups(
        db,
        rows.map((row) => row.id),
      );
      return rows.map((row) => batchView(row, groups));
    },

    async getBatch(by: { id: number } | { reference: string }, caller: Caller): Promise<EnrolmentBatch> {
      return viewOf(await readableBatch(by, caller));
    },

    /**
     * Sends a batch through the exchange. Full NIKs leave Asuh here, so the send is checked and
     * audited first; `delivery` is the sending itself, which a download streams as it is read.
     */
    async sendBatch(
      by: { id: number } | { reference: string },
      caller: Caller,
      exchange: EnrolmentExchange,
    ): Promise<{ batch: EnrolmentBatch; delivery: Promise<BatchReceipt> }> {
      const row = await readableBatch(by, caller);
      const groups = await batchGroups(db, [row.id]);
      await db.transaction(async (tx) => {
        await markBatchSent(tx, row.id);
        await recordAudit(tx, {
          actor: caller.actor,
          action: 'enrolment.batch_send',
          entityType: 'enrolment_batch',
          entityId: String(row.id),
          pemdaCode: row.pemda_code,
          ip: caller.ip ?? null,
          // The lines are frozen with the batch: its reference says exactly which full NIKs left.
          details: {
            reference: row.reference,
            channel: exchange.channel,
            lines: row.member_count,
            fullNik: true,
          },
        });
      });
      return { batch: batchView(row, groups), delivery: exchange.sendBatch(outgoing(row, groups)) };
    },

    /** Gives up waiting for a batch's unanswered lines, so they may go in a later batch. */
    async closeBatch(id: number, reason: string, caller: Caller): Promise<EnrolmentBatch> {
      const row = await readableBatch({ id }, caller);
      await db.transaction(async (tx) => {
        await lockPemdaExchange(tx, row.pemda_code);
        if (!(await closeBatch(tx, id, reason))) {
          throw new AppError(
            'conflict',
            problem(
              'ENROLMENT_BATCH_NOT_OPEN',
              `Batch ${row.reference} sudah tidak terbuka.`,
              `Batch ${row.reference} is no longer open.`,
            ),
          );
        }
        await recordAudit(tx, {
          actor: caller.actor,
          action: 'enrolment.batch_close',
          entityType: 'enrolment_batch',
          entityId: String(id),
          pemdaCode: row.pemda_code,
          ip: caller.ip ?? null,
          details: { reference: row.reference, reason },
        });
      });
      return viewOf((await findBatch(db, { id }))!);
    },

    /** Applies every response the exchange has for the Pemda; a response already applied changes nothing. */
    async importResponses(
      pemdaCode: string,
      caller: Caller,
      exchange: EnrolmentExchange,
    ): Promise<EnrolmentResponse[]> {
      await requirePemda(caller, pemdaCode);
      const results: EnrolmentResponse[] = [];
      for await (const incoming of exchange.fetchResponses()) {
        try {
          results.push(await applyResponse(pemdaCode, caller, exchange.channel, incoming));
        } finally {
          incoming.close();
        }
      }
      return results;
    },

    async listResponses(pemdaCode: string, caller: Caller): Promise<EnrolmentResponse[]> {
      await requireReadablePemda(caller, pemdaCode);
      return (await listResponses(db, pemdaCode, RECENT)).map((row) => responseView(row, false));
    },

    async getResponse(id: number, caller: Caller): Promise<EnrolmentResponse> {
      return responseView(await readableResponse(id, caller), false);
    },

    /** The refused and warned lines of a response, checked first, then streamed as read. */
    async openErrorFile(id: number, caller: Caller, format: ErrorFileFormat): Promise<Readable> {
      await readableResponse(id, caller);
      const body = new PassThrough();
      streamIssueFile(
        (after, limit) => issuePage(db, 'enrolment_response_issue', id, after, limit),
        body,
        format,
      ).catch((error: Error) => body.destroy(error));
      return body;
    },

    async writeErrorFile(id: number, path: string, format: ErrorFileFormat): Promise<void> {
      await streamIssueFile(
        (after, limit) => issuePage(db, 'enrolment_response_issue', id, after, limit),
        createWriteStream(path),
        format,
      );
    },
  };

  /**
   * The sponsorships of the applied lines move, one set-based move per target status and per
   * membership start or rejection reason (each event keeps its reason; a file holds a handful of
   * each), so each sponsorship row is written once: every write re-checks the one-payer
   * exclusion constraint. A sponsorship whose status no longer allows the move keeps it, and its
   * line gets a warning.
   */
  async function moveSponsorships(
    tx: Queryable,
    applied: readonly AppliedAnswer[],
    origin: { userId: number | null; source: string },
    issues: IssueCollector,
  ): Promise<void> {
    const moves = new Map<
      string,
      { to: SponsorshipStatus; reason: string | null; start: string | null; answers: AppliedAnswer[] }
    >();
    for (const answer of applied) {
      const to: SponsorshipStatus =
        answer.outcome === 'enrolled' || answer.outcome === 'active' ? answer.outcome : 'rejected';
      const reason =
        answer.outcome === 'active_elsewhere'
          ? [ACTIVE_ELSEWHERE_REASON, answer.rejection_reason].filter(Boolean).join(': ')
          : answer.outcome === 'rejected'
            ? answer.rejection_reason
            : null;
      const start = to === 'rejected' ? null : answer.membership_start;
      const key = JSON.stringify([to, reason, start]);
      const move = moves.get(key) ?? { to, reason, start, answers: [] };
      move.answers.push(answer);
      moves.set(key, move);
    }
    for (const { to, reason, start, answers } of moves.values()) {
      const result = await transitionSponsorships(
        tx,
        answers.map((answer) => answer.sponsorship_id),
        to,
        { ...origin, reason },
        start ? { enrolledOn: start } : {},
      );
      const rowOf = new Map(answers.map((answer) => [answer.sponsorship_id, answer.row_number]));
      for (const refused of result.refused) {
        const now = SPONSORSHIP_STATUS_LABELS[refused.status];
        const wanted = SPONSORSHIP_STATUS_LABELS[to];
        issues.add({
          rowNumber: rowOf.get(refused.id)!,
          seq: DATABASE_ISSUE_SEQ + 1,
          column: 'status_kepesertaan',
          value: wanted.id,
          severity: 'warning',
          code: 'ENROLMENT_STATUS_KEPT',
          message: {
            id: `Jawaban dicatat, tetapi sponsor ini kini berstatus "${now.id}" sehingga tidak menjadi "${wanted.id}".`,
            en: `The answer is recorded, but this sponsorship is now "${now.en}", so it does not become "${wanted.en}".`,
          },
        });
      }
    }
  }
}

/** A response's issues, written a page at a time, with the rows they refused or warned. */
class IssueCollector {
  readonly rejectedRows = new Set<number>();
  readonly warnedRows = new Set<number>();
  private pending: NewIssue[] = [];

  constructor(
    private readonly tx: Queryable,
    private readonly responseId: number,
  ) {}

  add(issue: NewIssue): void {
    (issue.severity === 'rejected' ? this.rejectedRows : this.warnedRows).add(issue.rowNumber);
    this.pending.push({ ...issue, value: issue.value.slice(0, MAX_ISSUE_VALUE_LENGTH) });
  }

  async flushIfFull(): Promise<void> {
    if (this.pending.length >= STAGE_LINES) await this.flush();
  }

  async flush(): Promise<void> {
    await insertResponseIssues(this.tx, this.responseId, this.pending);
    this.pending = [];
  }
}

export type EnrolmentService = ReturnType<typeof createEnrolmentService>;
