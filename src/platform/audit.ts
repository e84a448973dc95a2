import type { Actor } from '../core/access.ts';
import type { Queryable } from '../db/database.ts';

export interface AuditEntry {
  /** None when the system acts by itself (the demo loader, a command run on the server). */
  actor: Actor | null;
  /** `<feature>.<verb>`, e.g. `import.workers`, `worker.read_nik`, `auth.login_failed`. */
  action: string;
  entityType?: string;
  entityId?: string;
  pemdaCode?: string | null;
  ip?: string | null;
  details?: Record<string, unknown>;
}

/**
 * Appends one entry. Call it inside the transaction of the write it records, so the record and
 * the change commit or vanish together.
 */
export async function recordAudit(db: Queryable, entry: AuditEntry): Promise<void> {
  await db.query(
    `INSERT INTO audit_log (user_id, username, role, action, entity_type, entity_id, pemda_code, ip, details)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      entry.actor?.userId ?? null,
      entry.actor?.username ?? null,
      entry.actor?.role ?? null,
      entry.action,
      entry.entityType ?? null,
      entry.entityId ?? null,
      entry.pemdaCode ?? null,
      entry.ip ?? null,
      JSON.stringify(entry.details ?? {}),
    ],
  );
}
