import { PassThrough, type Readable } from 'node:stream';
import type { Actor } from '../../core/access.ts';
import type { Language } from '../../core/message.ts';
import type { Database } from '../../db/database.ts';
import { may, requireAccess, seesFullNik } from '../../platform/access/policy.ts';
import { recordAudit } from '../../platform/audit.ts';
import type { ErrorFileFormat } from '../../platform/files/issue-file.ts';
import { pemdaOutOfScope } from '../../platform/pemda.ts';
import {
  createPaymentImport,
  type PaymentImportOutcome,
  streamErrorFile,
} from './flows/import-payment-file.ts';
import {
  countStillUnmatched,
  failOwnerlessImports,
  findImport,
  listImports,
  type PaymentImportRecord,
} from './payment-import-repository.ts';
import { listUnmatched } from './payment-repository.ts';
import { createPaymentResolution } from './payment-resolution.ts';
import type { PaymentImport, PaymentImportResult, UnmatchedPage, UnmatchedQuery } from './payment-types.ts';
import { importNotFound, importView, interrupted, lineView, outcomeMessage } from './payment-views.ts';

/**
 * Payment files and the reconciliation desk: imports (./payment-import.ts), their results and
 * error files, the queue of unmatched lines and their resolution (./payment-resolution.ts).
 */
const RECENT_IMPORTS = 50;

export interface Caller {
  actor: Actor;
  ip?: string | null;
}
export interface PaymentDeps {
  db: Database;
}

export function createPaymentService({ db }: PaymentDeps) {
  const importFile = createPaymentImport(db);
  const resolution = createPaymentResolution(db);

  async function readableImport(id: string, actor: Actor): Promise<PaymentImportRecord> {
    requireAccess(actor, 'payments.reconcile');
    // An import whose process died reads as failed at once, not as running for ever.
    await failOwnerlessImports(db, interrupted());
    const record = /^[0-9a-f-]{36}$/i.test(id) ? await findImport(db, id) : undefined;
    if (!record || !may(actor, 'payments.reconcile', { pemdaCode: record.pemda_code }))
      throw importNotFound();
    return record;
  }

  return {
    /** Imports a payment file; a file refused as a whole throws an `invalid` AppError and records nothing. */
    importFile,

    /** The result of an import as the API and the CLI show it. */
    async result(outcome: PaymentImportOutcome, language: Language): Promise<PaymentImportResult> {
      const record = (await findImport(db, outcome.importId))!;
      const view = importView(record, language, await countStillUnmatched(db, record.pemda_code, record.id));
      return {
        alreadyImported: outcome.alreadyImported,
        message: outcomeMessage(outcome.alreadyImported, view.summary)[language],
        import: view,
      };
    },

    assertMayImport(actor: Actor, pemdaCode: string): void {
      requireAccess(actor, 'payments.reconcile', { pemdaCode });
    },

    async getImport(id: string, actor: Actor, language: Language): Promise<PaymentImport> {
      const record = await readableImport(id, actor);
      return importView(record, language, await countStillUnmatched(db, record.pemda_code, id));
    },

    async listImports(pemdaCode: string, actor: Actor, language: Language): Promise<PaymentImport[]> {
      requireAccess(actor, 'payments.reconcile');
      if (!may(actor, 'payments.reconcile', { pemdaCode })) throw pemdaOutOfScope(pemdaCode);
      await failOwnerlessImports(db, interrupted());
      return (await listImports(db, pemdaCode, RECENT_IMPORTS)).map((record) =>
        importView(record, language, null),
      );
    },

    /** The error file of an import: checked first, then streamed as it is read. */
    async openErrorFile(id: string, actor: Actor, format: ErrorFileFormat): Promise<Readable> {
      await readableImport(id, actor);
      const body = new PassThrough();
      streamErrorFile(db, id, body, format).catch((error: Error) => body.destroy(error));
      return body;
    },

    /** The queue of a Pemda's unmatched lines; responses carrying full NIKs are audited. */
    async listUnmatched(
      query: UnmatchedQuery,
      caller: { actor: Actor | null; ip?: string | null },
      language: Language,
    ): Promise<UnmatchedPage> {
      requireAccess(caller.actor, 'payments.reconcile');
      if (!may(caller.actor, 'payments.reconcile', { pemdaCode: query.pemda }))
        throw pemdaOutOfScope(query.pemda);
      const page = await listUnmatched(db, query.pemda, {
        limit: query.pageSize,
        offset: (query.page - 1) * query.pageSize,
      });
      const fullNik = caller.actor === null || seesFullNik(caller.actor);
      const niks = page.items.flatMap((line) => (line.nik ? [line.nik] : []));
      if (fullNik && caller.actor && niks.length > 0) {
        await db.transaction((tx) =>
          recordAudit(tx, {
            actor: caller.actor,
            action: 'worker.read_nik',
            entityType: 'worker',
            pemdaCode: query.pemda,
            ip: caller.ip ?? null,
            details: { route: 'payments.unmatched', niks },
          }),
        );
      }
      return {
        items: page.items.map((line) => lineView(line, fullNik, language)),
        page: query.page,
        pageSize: query.pageSize,
        total: page.total,
      };
    },
    /** An officer's resolution of an unmatched line, audited with its reason. */
    resolve: resolution.resolve,
  };
}

export type PaymentService = ReturnType<typeof createPaymentService>;
