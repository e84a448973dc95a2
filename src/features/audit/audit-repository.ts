import { maskNiksIn } from '../../core/identifiers/nik.ts';
import type { Queryable } from '../../db/database.ts';
import { Where } from '../../db/where.ts';

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
  action?: string;
  page: number;
  pageSize: number;
}

/**
 * Newest first, one page, with the total of matching entries. NIKs in an entry (its details, a
 * worker's id) are masked unless `fullNik`.
 */
export async function readAuditLog(
  db: Queryable,
  filter: AuditLogFilter & { pemdaCode: string | null; fullNik: boolean },
): Promise<{ items: AuditLogEntry[]; total: number }> {
  const where = new Where();
  if (filter.pemdaCode !== null) where.add(`pemda_code = ${where.param(filter.pemdaCode)}`);
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
  const full = filter.fullNik;
  return {
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
