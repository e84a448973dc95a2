import { createWriteStream } from 'node:fs';
import { PassThrough, type Readable } from 'node:stream';
import { problem } from '../../core/message.ts';
import type { Database } from '../../db/database.ts';
import { AppError, notFound } from '../../errors.ts';
import { may, requireAccess } from '../../platform/access/policy.ts';
import { recordAudit } from '../../platform/audit.ts';
import type { ErrorFileFormat } from '../../platform/files/issue-file.ts';
import { streamIssueFile } from '../../platform/files/issue-file.ts';
import { issuePage } from '../../platform/files/issues.ts';
import { pemdaOutOfScope, requireOnboardedPemda } from '../../platform/pemda.ts';
import {
  type BatchLine,
  type BatchReceipt,
  batchReference,
  type EnrolmentExchange,
  type OutgoingBatch,
  sponsorshipReference,
} from './enrolment-exchange.ts';
import {
  type BatchRow,
  batchGroups,
  batchLinesPage,
  closeBatch,
  findBatch,
  type GroupRow,
  insertBatch,
  listBatches,
  lockPemdaExchange,
  markBatchSent,
  nextBatchSeq,
} from './enrolment-repository.ts';
import { applyResponse } from './enrolment-responses.ts';
import type { Caller, EnrolmentBatch, EnrolmentResponse } from './enrolment-types.ts';
import { batchView, responseView } from './enrolment-views.ts';
import { findResponse, listResponses, type ResponseRow } from './response-repository.ts';

/**
 * The enrolment exchange with BPJSTK (issue 4, item 7). Verified sponsorships become a
 * registration batch; the branch's response moves them to enrolled/active or rejected. The
 * service talks to BPJSTK only through an `EnrolmentExchange`, so files today and an online API
 * later are the caller's choice.
 */
export interface EnrolmentDeps {
  db: Database;
  /** The clock: whether a membership has started is judged on the Pemda's today. */
  now?: () => Date;
}

const RECENT = 50;
const PAGE_LINES = 5_000;

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

export function createEnrolmentService({ db, now = () => new Date() }: EnrolmentDeps) {
  /** The CLI acts as the system; over HTTP, only who serves the Pemda. */
  function assertMay({ actor }: Caller, pemdaCode: string): void {
    requireAccess(actor, 'enrolment.exchange', { pemdaCode });
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
    requireAccess(caller.actor, 'enrolment.use');
    if (!may(caller.actor, 'enrolment.exchange', { pemdaCode })) throw pemdaOutOfScope(pemdaCode);
    await requireOnboardedPemda(db, pemdaCode);
  }

  /** A batch the caller may see; another Pemda's reads as absent. */
  async function readableBatch(by: { id: number } | { reference: string }, caller: Caller) {
    const row = await findBatch(db, by);
    if (!row || !may(caller.actor, 'enrolment.exchange', { pemdaCode: row.pemda_code }))
      throw batchNotFound();
    return row;
  }

  async function readableResponse(id: number, caller: Caller): Promise<ResponseRow> {
    const row = await findResponse(db, { id });
    if (!row || !may(caller.actor, 'enrolment.exchange', { pemdaCode: row.pemda_code })) {
      throw responseNotFound();
    }
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

export type EnrolmentService = ReturnType<typeof createEnrolmentService>;
