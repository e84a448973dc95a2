import type { Actor } from '../../core/access.ts';
import { maskNik } from '../../core/identifiers/nik.ts';
import { type Message, problem } from '../../core/message.ts';
import type { Database, Queryable } from '../../db/database.ts';
import { AppError, invalid, notFound } from '../../errors.ts';
import { requireAccess } from '../../platform/access/policy.ts';
import { recordAudit } from '../../platform/audit.ts';
import type * as registry from '../registry/index.ts';
import type { Caller, Page } from '../registry/index.ts';
import {
  decideTransfer,
  incomingTransfers,
  insertTransferRequest,
  lockIncomingTransfer,
  nikStanding,
  openSponsorshipCount,
  outgoingTransfers,
  transferById,
} from './transfer-repository.ts';
import type {
  TransferDecisionInput,
  TransferQuery,
  TransferRecord,
  TransferRequestInput,
} from './transfer-types.ts';

const NIK_PATTERN = /^\d{16}$/;

/** What a requester is told, whether the NIK is held elsewhere or registered nowhere. */
export const TRANSFER_RECORDED: Message = {
  id: 'Permintaan tercatat. Bila NIK ini terdaftar di Pemda lain, admin Pemda tersebut akan diminta persetujuannya; Anda akan melihat pekerja ini di registri Anda setelah disetujui.',
  en: 'Request recorded. If this NIK is registered in another Pemda, its administrator will be asked; you will see the worker in your registry once it is accepted.',
};

const transferNotFound = (id: number) =>
  notFound(
    problem(
      'TRANSFER_NOT_FOUND',
      `Permintaan pindah ${id} tidak ditemukan.`,
      `No transfer request ${id} was found.`,
    ),
  );

function checkTransferNik(typed: string): string {
  const nik = typed.trim();
  if (!NIK_PATTERN.test(nik)) {
    throw invalid(problem('INVALID_NIK', `NIK "${nik}" harus 16 digit.`, `NIK "${nik}" must be 16 digits.`));
  }
  return nik;
}

/** Those the policy lets act for a Pemda's registry all belong to one Pemda. */
type PemdaMember = Extract<Actor, { pemdaCode: string }>;

/** The Pemda a caller asks on behalf of: an administrator's, or a civil servant's own. */
function requestingPemda(actor: Actor): string {
  requireAccess(actor, 'transfers.request');
  return (actor as PemdaMember).pemdaCode;
}

/**
 * Records a request for a worker the caller's registry does not list, audited under the
 * requesting Pemda. It neither reads nor reveals whether, or where, the NIK is registered.
 */
export async function recordTransferRequest(
  tx: Queryable,
  request: { nik: string; name: string; birthDate: string | null; note: string | null },
  caller: Caller & { pemdaCode: string },
): Promise<number> {
  const id = await insertTransferRequest(tx, {
    ...request,
    toPemdaCode: caller.pemdaCode,
    userId: caller.actor.userId,
    username: caller.actor.username,
  });
  await recordAudit(tx, {
    actor: caller.actor,
    action: 'worker.transfer_request',
    entityType: 'worker_transfer_request',
    entityId: String(id),
    pemdaCode: caller.pemdaCode,
    ip: caller.ip ?? null,
    details: { nik: request.nik },
  });
  return id;
}

/** Who decides: a Pemda admin over HTTP, or the system (the CLI on the server) for a named Pemda. */
export interface DecidingCaller {
  actor: Actor | null;
  ip?: string | null;
}

/** The Pemda whose queue is read or decided: an admin's own; the system's, as named. */
function decidingPemda({ actor }: DecidingCaller, pemdaCode: string | undefined): string {
  if (actor === null) {
    if (pemdaCode === undefined) {
      throw invalid(problem('PEMDA_REQUIRED', 'Sebutkan Pemda-nya (--pemda).', 'Name the Pemda (--pemda).'));
    }
    return pemdaCode;
  }
  requireAccess(actor, 'transfers.decide');
  return (actor as PemdaMember).pemdaCode;
}

export interface TransferDeps {
  db: Database;
  /** An accepted transfer moves the worker's registry link, which the registry keeps. */
  registry: Pick<typeof registry, 'moveWorkerToPemda'>;
}

export function createTransferService({ db, registry }: TransferDeps) {
  return {
    /**
     * Asks for a worker by NIK. A NIK already in the caller's registry is refused (it is theirs to
     * see); any other gets the same answer, whether another Pemda holds it or nobody does.
     */
    async request(input: TransferRequestInput, caller: Caller): Promise<{ id: number }> {
      const pemdaCode = requestingPemda(caller.actor);
      const nik = checkTransferNik(input.nik);
      if ((await nikStanding(db, nik, pemdaCode)).linked) {
        throw new AppError(
          'conflict',
          problem(
            'WORKER_IN_YOUR_REGISTRY',
            `Pekerja dengan NIK ${maskNik(nik)} sudah ada di registri Pemda Anda.`,
            `The worker with NIK ${maskNik(nik)} is already in your Pemda's registry.`,
          ),
        );
      }
      const id = await db.transaction((tx) =>
        recordTransferRequest(
          tx,
          { nik, name: input.name, birthDate: input.birthDate ?? null, note: input.note ?? null },
          { ...caller, pemdaCode },
        ),
      );
      return { id };
    },

    async list(query: TransferQuery, caller: DecidingCaller, pemda?: string): Promise<Page<TransferRecord>> {
      const pemdaCode = decidingPemda(caller, pemda);
      const read = query.direction === 'incoming' ? incomingTransfers : outgoingTransfers;
      const { items, total } = await read(db, pemdaCode, query);
      return { items, total, page: query.page, pageSize: query.pageSize };
    },

    /**
     * The holding Pemda's administrator accepts (the worker's registry link moves to the
     * requester) or rejects. Both Pemda's audit logs record an acceptance; a rejection only the
     * holder's, so the requester learns nothing from it.
     */
    async decide(
      id: number,
      input: TransferDecisionInput,
      caller: DecidingCaller,
      pemda?: string,
    ): Promise<TransferRecord> {
      const { actor } = caller;
      const from = decidingPemda(caller, pemda);
      if (!Number.isSafeInteger(id) || id <= 0) throw transferNotFound(id);
      const reason = input.reason?.trim() || null;
      const accepted = input.decision === 'accept';
      if (!accepted && reason === null) {
        throw invalid(
          problem(
            'REASON_REQUIRED',
            'Alasan wajib diisi untuk menolak permintaan pindah.',
            'A reason is required to reject a transfer request.',
          ),
        );
      }
      await db.transaction(async (tx) => {
        const request = await lockIncomingTransfer(tx, id, from);
        if (!request) throw transferNotFound(id);
        if (accepted) {
          const open = await openSponsorshipCount(tx, request.nik, from);
          if (open > 0) {
            throw new AppError(
              'conflict',
              problem(
                'TRANSFER_OPEN_SPONSORSHIPS',
                `Pekerja ini masih punya ${open} tanggungan berjalan di Pemda Anda; akhiri dahulu sebelum memindahkannya.`,
                `This worker still has ${open} running sponsorship${open === 1 ? '' : 's'} in your Pemda; end them before the transfer.`,
              ),
              { open },
            );
          }
          await registry.moveWorkerToPemda(tx, request.nik, from, request.toPemdaCode);
        }
        await decideTransfer(tx, {
          id,
          accepted,
          fromPemdaCode: from,
          userId: actor?.userId ?? null,
          username: actor?.username ?? null,
          reason,
        });
        const details = { transferId: id, nik: request.nik, from, to: request.toPemdaCode, reason };
        const audit = (action: string, pemdaCode: string) =>
          recordAudit(tx, {
            actor,
            action,
            entityType: 'worker',
            entityId: request.nik,
            pemdaCode,
            ip: caller.ip ?? null,
            details,
          });
        if (accepted) {
          await audit('worker.transfer_out', from);
          await audit('worker.transfer_in', request.toPemdaCode);
        } else {
          await audit('worker.transfer_reject', from);
        }
      });
      return (await transferById(db, id))!;
    },
  };
}

export type TransferService = ReturnType<typeof createTransferService>;
