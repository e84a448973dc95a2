import type { Actor } from '../../core/access.ts';
import { problem } from '../../core/message.ts';
import { parseRegionCode } from '../../core/regions.ts';
import { type Database, INT4_MAX } from '../../db/database.ts';
import { invalid, notFound } from '../../errors.ts';
import { may, requireAccess } from '../../platform/access/policy.ts';
import { EVERYTHING, pemdaScope, pemdaSummaryScope } from '../../platform/access/scopes.ts';
import { recordAudit } from '../../platform/audit.ts';
import { pemdaNotOnboarded } from '../../platform/pemda.ts';
import { regionNotFound } from '../regions/index.ts';
import { ensureOpd, findPemda, insertPemda, listOpds, listPemda, upsertTarget } from './pemda-repository.ts';
import { type Opd, opdNameKey, type Pemda, type PemdaSummary, type PemdaTarget } from './pemda-types.ts';

export interface Caller {
  actor: Actor | null;
  ip?: string | null;
}

const pemdaNotFound = (code: string) => notFound(pemdaNotOnboarded(code));

export interface PemdaDeps {
  db: Database;
}

export function createPemdaService({ db }: PemdaDeps) {
  /** The CLI acts as the system (no actor); over HTTP only the Pemda's own administrator may write. */
  function assertMayAdminister({ actor }: Caller, code: string) {
    requireAccess(actor, 'pemda.administer', { pemdaCode: code });
  }

  async function requirePemda(code: string): Promise<Pemda> {
    const parsed = parseRegionCode(code);
    if (!parsed.ok) throw invalid(parsed.problem);
    const pemda = await findPemda(db, code);
    if (!pemda) throw pemdaNotFound(code);
    return pemda;
  }

  return {
    /** Onboards the Pemda of a province or regency/city; onboarding it again changes nothing. */
    async create(code: string, caller: Caller): Promise<{ pemda: Pemda; created: boolean }> {
      const parsed = parseRegionCode(code);
      if (!parsed.ok) throw invalid(parsed.problem);
      if (parsed.region.level !== 'province' && parsed.region.level !== 'regency') {
        throw invalid(
          problem(
            'PEMDA_LEVEL',
            `Pemda hanya untuk provinsi (mis. 35) atau kabupaten/kota (mis. 35.02), bukan ${code}.`,
            `A Pemda is a province (e.g. 35) or a regency/city (e.g. 35.02), not ${code}.`,
          ),
        );
      }
      const created = await db.transaction(async (tx) => {
        const inserted = await insertPemda(tx, code);
        if (inserted) {
          await recordAudit(tx, {
            actor: caller.actor,
            action: 'pemda.create',
            entityType: 'pemda',
            entityId: code,
            pemdaCode: code,
            ip: caller.ip ?? null,
          });
        }
        return inserted;
      });
      const pemda = await findPemda(db, code);
      if (!pemda) throw notFound(regionNotFound(code));
      return { pemda, created };
    },

    /** The Pemda the actor may see; the CLI (no actor) sees all. */
    async list(actor: Actor | null): Promise<PemdaSummary[]> {
      return listPemda(db, actor ? pemdaSummaryScope(actor) : EVERYTHING);
    },

    async get(code: string, actor: Actor | null): Promise<Pemda> {
      const pemda = await requirePemda(code);
      if (actor) {
        const visible = await listPemda(db, pemdaSummaryScope(actor));
        // Out of scope reads as absent: a caller learns nothing of what they may not see.
        if (!visible.some((p) => p.code === code)) throw pemdaNotFound(code);
      }
      return pemda;
    },

    async setTarget(code: string, target: PemdaTarget, caller: Caller): Promise<Pemda> {
      assertMayAdminister(caller, code);
      await requirePemda(code);
      if (!Number.isInteger(target.year) || target.year < 2000 || target.year > 2100) {
        throw invalid(
          problem('TARGET_YEAR', `Tahun ${target.year} tidak sah.`, `Year ${target.year} is not valid.`),
        );
      }
      const workers = target.workersToCover;
      if (!Number.isInteger(workers) || workers < 0 || workers > INT4_MAX) {
        throw invalid(
          problem(
            'TARGET_WORKERS',
            `Target pekerja harus bilangan bulat dari 0 sampai ${INT4_MAX}.`,
            `The worker target must be a whole number from 0 to ${INT4_MAX}.`,
          ),
        );
      }
      await db.transaction(async (tx) => {
        await upsertTarget(tx, code, target);
        await recordAudit(tx, {
          actor: caller.actor,
          action: 'pemda.set_target',
          entityType: 'pemda',
          entityId: code,
          pemdaCode: code,
          ip: caller.ip ?? null,
          details: { ...target },
        });
      });
      return requirePemda(code);
    },

    async listOpds(code: string, actor: Actor | null): Promise<Opd[]> {
      requireAccess(actor, 'pemda.list_opds');
      await requirePemda(code);
      if (actor) {
        const readable = await listPemda(db, pemdaScope(actor));
        if (
          !readable.some((p) => p.code === code) &&
          !may(actor, 'pemda.own_department', { pemdaCode: code })
        ) {
          // Another Pemda's departments read as those of a Pemda not onboarded.
          throw pemdaNotFound(code);
        }
      }
      const opds = await listOpds(db, code);
      // An OPD head sees their own department only.
      return opds.filter((opd) => may(actor, 'pemda.read_opd', { opdId: opd.id }));
    },

    async addOpd(code: string, name: string, caller: Caller): Promise<{ id: number; created: boolean }> {
      assertMayAdminister(caller, code);
      await requirePemda(code);
      if (name.trim() === '') {
        throw invalid(problem('OPD_NAME', 'Nama OPD wajib diisi.', 'The OPD name is required.'));
      }
      return db.transaction(async (tx) => {
        const result = await ensureOpd(tx, code, name, opdNameKey(name));
        if (result.created) {
          await recordAudit(tx, {
            actor: caller.actor,
            action: 'opd.create',
            entityType: 'opd',
            entityId: String(result.id),
            pemdaCode: code,
            ip: caller.ip ?? null,
            details: { name },
          });
        }
        return result;
      });
    },
  };
}

export type PemdaService = ReturnType<typeof createPemdaService>;
