import { createWriteStream } from 'node:fs';
import { PassThrough, type Readable } from 'node:stream';
import type { IsoDate } from '../../core/calendar.ts';
import { TIME_ZONES, zoneOfPemda } from '../../core/regions.ts';
import { SPONSORSHIP_STATUS_LABELS, type SponsorshipStatus } from '../../core/sponsorship-lifecycle.ts';
import type { Database, Queryable } from '../../db/database.ts';
import { recordAudit } from '../../platform/audit.ts';
import { numberCellIssues } from '../../platform/files/import-file.ts';
import { type ErrorFileFormat, streamIssueFile } from '../../platform/files/issue-file.ts';
import { issuePage } from '../../platform/files/issues.ts';
import { recordEnrolmentAnswers } from '../registry/index.ts';
import { transitionSponsorships } from '../sponsorship/index.ts';
import type { EnrolmentAccess } from './enrolment-access.ts';
import { type EnrolmentExchange, type IncomingResponse, parseResponseLine } from './enrolment-exchange.ts';
import { lockPemdaExchange } from './enrolment-repository.ts';
import { type Caller, type EnrolmentResponse, RECENT } from './enrolment-types.ts';
import { responseView, verdictIssue } from './enrolment-views.ts';
import {
  type AppliedAnswer,
  applyAnswers,
  classifyLines,
  completeResponse,
  countUnchanged,
  createLineTable,
  findResponse,
  insertResponse,
  insertResponseIssues,
  lineProblems,
  listResponses,
  type NewIssue,
  type ResponseTotals,
  recountBatches,
  type StagedLine,
  stageLines,
} from './response-repository.ts';

/**
 * Applying the branch's response: its lines staged and classified against the batches, the
 * answers recorded on the batch lines and on the workers (the registry's), and the sponsorships
 * moved (sponsorship's), all in one transaction.
 */

const STAGE_LINES = 5_000;
/** Issues the database finds sort after a line's own. */
const DATABASE_ISSUE_SEQ = 100;
const MAX_ISSUE_VALUE_LENGTH = 200;

const ACTIVE_ELSEWHERE_REASON =
  'Sudah peserta aktif BPJS Ketenagakerjaan yang iurannya dibayar pihak lain / ' +
  'Already an active BPJS Ketenagakerjaan participant paid by someone else';

/** The day it is in the Pemda's zone (WIB, WITA or WIT). */
function dayInPemda(pemdaCode: string, now: Date): IsoDate {
  const zone = TIME_ZONES[zoneOfPemda(pemdaCode)];
  return new Date(now.getTime() + zone.utcOffsetHours * 3_600_000).toISOString().slice(0, 10);
}

/** Applies one response in one transaction: all of its good lines, or nothing if it fails. */
export async function applyResponse(
  { db, now }: { db: Database; now: () => Date },
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
    await recordEnrolmentAnswers(tx, responseId, today);
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

/** The branch's responses: applied as the exchange brings them, listed, and their error files. */
export function createResponseExchange({
  db,
  now,
  access,
}: {
  db: Database;
  now: () => Date;
  access: EnrolmentAccess;
}) {
  const { requirePemda, requireReadablePemda, readableResponse } = access;
  return {
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
          results.push(await applyResponse({ db, now }, pemdaCode, caller, exchange.channel, incoming));
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
}
