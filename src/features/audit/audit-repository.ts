import type { Actor } from '../../core/access.ts';
import { maskNiksIn } from '../../core/identifiers/nik.ts';
import type { Queryable } from '../../db/database.ts';
import { Where } from '../../db/where.ts';
import { seesFullNik } from '../../platform/access/policy.ts';

export interface AuditLogEntry {
  id: number;
  /** ISO 8601, UTC. */
  at: string;
  username: string | null;
  role: string | null;
  action: string;
  entityType: string | null;
  entityId: string | null;
  pemdaCode: string | null;
  ip: string | null;
  details: Record<string, unknown>;
}

export interface AuditLogFilter {
  /** The Pemda asked for; a Pemda admin who names none reads their own. */
  pemdaCode?: string;
  action?: string;
  page: number;
  pageSize: number;
}

/**
 * Which entries the actor may read, as the Pemda filter to apply: a national monitor reads any
 * (all, or the one asked for), a Pemda admin their own Pemda's; null when the request is out of
 * scope.
 */
function auditScope(actor: Actor, requested: string | undefined): { pemdaCode: string | null } | null {
  if (actor.role === 'national') return { pemdaCode: requested ?? null };
  if (actor.role === 'pemda_admin' && (requested === undefined || requested === actor.pemdaCode)) {
    return { pemdaCode: actor.pemdaCode };
  }
  return null;
}

/**
 * Newest first, one page, with the total of matching entries; null when out of the actor's scope.
 * NIKs in an entry (its details, a worker's id) are masked for roles that see masked NIKs.
 */
export async function readAuditLog(
  db: Queryable,
  actor: Actor,
  filter: AuditLogFilter,
): Promise<{ items: AuditLogEntry[]; total: number; scopePemdaCode: string | null } | null> {
  const scope = auditScope(actor, filter.pemdaCode);
  if (!scope) return null;
  const where = new Where();
  if (scope.pemdaCode !== null) where.add(`pemda_code = ${where.param(scope.pemdaCode)}`);
  if (filter.action) where.add(`action = ${where.param(filter.action)}`);
  const [counted] = await db.query<{ total: number }>(
    `SELECT count(*) AS total FROM audit_log WHERE ${where}`,
    [...where.params],
  );
  const rows = await db.query<{
    id: number;
    at: Date;
    username: string | null;
    role: string | null;
    action: string;
    entity_type: string | null;
    entity_id: string | null;
    pemda_code: string | null;
    ip: string | null;
    details: Record<string, unknown>;
  }>(
    `SELECT id, at, username, role, action, entity_type, entity_id, pemda_code, ip, details
       FROM audit_log WHERE ${where}
      ORDER BY at DESC, id DESC
      LIMIT ${where.param(filter.pageSize)} OFFSET ${where.param((filter.page - 1) * filter.pageSize)}`,
    where.params,
  );
  const full = seesFullNik(actor);
  return {
    scopePemdaCode: scope.pemdaCode,
    total: counted!.total,
    items: rows.map((row) => ({
      id: row.id,
      at: new Date(row.at).toISOString(),
      username: row.username,
      role: row.role,
      action: row.action,
      entityType: row.entity_type,
      entityId: full ? row.entity_id : (maskNiksIn(row.entity_id) as string | null),
      pemdaCode: row.pemda_code,
      ip: row.ip,
      details: full ? row.details : (maskNiksIn(row.details) as Record<string, unknown>),
    })),
  };
}
