import { maskNik } from '../../core/identifiers/nik.ts';
import type { Database } from '../../db/database.ts';
import { seesFullNik } from '../../platform/access/policy.ts';
import { recordAudit } from '../../platform/audit.ts';
import type { Caller, MemberRecord } from './cohort-types.ts';
import type { MemberRow } from './sponsor-directory-repository.ts';

/** Full NIKs for those who act on identities, every such read logged per Pemda. */
export async function presentMembers(
  db: Database,
  rows: MemberRow[],
  caller: Caller,
  route: string,
): Promise<MemberRecord[]> {
  const full = caller.actor === null || seesFullNik(caller.actor);
  if (caller.actor && full && rows.length > 0) {
    const byPemda = new Map<string, string[]>();
    for (const row of rows) byPemda.set(row.pemdaCode, [...(byPemda.get(row.pemdaCode) ?? []), row.nik]);
    await db.transaction(async (tx) => {
      for (const [pemdaCode, niks] of byPemda) {
        await recordAudit(tx, {
          actor: caller.actor,
          action: 'worker.read_nik',
          entityType: 'worker',
          pemdaCode,
          ip: caller.ip ?? null,
          details: { route, niks },
        });
      }
    });
  }
  return rows.map(({ pemdaCode: _pemda, ...row }) => ({
    ...row,
    nik: full ? row.nik : maskNik(row.nik),
    nikMasked: !full,
  }));
}
