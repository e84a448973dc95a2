import { problem } from '../../core/message.ts';
import type { Database } from '../../db/database.ts';
import { notFound } from '../../errors.ts';
import { may, requireAccess } from '../../platform/access/policy.ts';
import { pemdaOutOfScope, requireOnboardedPemda } from '../../platform/pemda.ts';
import { type BatchRow, findBatch } from './enrolment-repository.ts';
import type { Caller } from './enrolment-types.ts';
import { findResponse, type ResponseRow } from './response-repository.ts';

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

/** Who may act for which Pemda's exchange, and what another Pemda's batches and responses read as. */
export function createEnrolmentAccess(db: Database) {
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
  async function readableBatch(
    by: { id: number } | { reference: string },
    caller: Caller,
  ): Promise<BatchRow> {
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
  return { requirePemda, requireReadablePemda, readableBatch, readableResponse };
}

export type EnrolmentAccess = ReturnType<typeof createEnrolmentAccess>;
