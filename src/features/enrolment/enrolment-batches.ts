import { problem } from '../../core/message.ts';
import type { Database } from '../../db/database.ts';
import { AppError } from '../../errors.ts';
import { recordAudit } from '../../platform/audit.ts';
import type { EnrolmentAccess } from './enrolment-access.ts';
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
import { type Caller, type EnrolmentBatch, RECENT } from './enrolment-types.ts';
import { batchView } from './enrolment-views.ts';

const PAGE_LINES = 5_000;

/** Registration batches: made of the verified sponsorships, sent through the exchange, closed by hand. */
export function createBatchExchange({ db, access }: { db: Database; access: EnrolmentAccess }) {
  const { requirePemda, requireReadablePemda, readableBatch } = access;

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
  };
}
