import type { Actor } from '../../core/access.ts';
import type { Database } from '../../db/database.ts';
import { requireAccess, seesFullNik } from '../../platform/access/policy.ts';
import { auditLogScope } from '../../platform/access/scopes.ts';
import { recordAudit } from '../../platform/audit.ts';
import { pemdaOutOfScope } from '../../platform/pemda.ts';
import { type AuditLogEntry, readAuditLog } from './audit-repository.ts';

export interface AuditDeps {
  db: Database;
}

export interface AuditQuery {
  /** The Pemda asked for; a Pemda admin who names none reads their own. */
  pemda?: string;
  action?: string;
  page: number;
  pageSize: number;
}

export function createAuditService({ db }: AuditDeps) {
  return {
    /** One page of the log, newest first; reading it is itself logged, under the Pemda read. */
    async read(
      query: AuditQuery,
      caller: { actor: Actor; ip: string | null },
    ): Promise<{ items: AuditLogEntry[]; total: number; page: number; pageSize: number }> {
      const { pemda, action, page, pageSize } = query;
      const { actor } = caller;
      requireAccess(actor, 'audit.read');
      const scope = auditLogScope(actor, pemda);
      // A Pemda admin naming another Pemda reads it as one not onboarded.
      if (!scope) throw pemdaOutOfScope(pemda ?? '');
      const read = await readAuditLog(db, {
        pemdaCode: scope.pemdaCode,
        fullNik: seesFullNik(actor),
        action,
        page,
        pageSize,
      });
      // No Pemda: the whole country was read.
      await db.transaction((tx) =>
        recordAudit(tx, {
          actor,
          action: 'audit.read',
          pemdaCode: scope.pemdaCode,
          ip: caller.ip,
          details: { action: action ?? null, page, pageSize, entries: read.items.length },
        }),
      );
      return { ...read, page, pageSize };
    },
  };
}

export type AuditService = ReturnType<typeof createAuditService>;
