import type { Actor } from '../../core/access.ts';
import { maskNik } from '../../core/identifiers/nik.ts';
import { problem } from '../../core/message.ts';
import { parseRegionCode } from '../../core/regions.ts';
import type { Database } from '../../db/database.ts';
import { invalid, notFound } from '../../errors.ts';
import { forbidden, seesFullNik } from '../../platform/access/policy.ts';
import { asnScope, pemdaScope, pemdaSummaryScope, workerScope } from '../../platform/access/scopes.ts';
import { recordAudit } from '../../platform/audit.ts';
import { listPemda } from '../pemda/index.ts';
import {
  type AsnFilter,
  registryPemdasOf,
  searchAsn,
  searchWorkers,
  type WorkerRow,
} from './registry-repository.ts';
import type { AsnQuery, AsnRecord, Page, WorkerQuery, WorkerRecord } from './registry-types.ts';

export interface Caller {
  actor: Actor;
  ip?: string | null;
}

const NIP_PATTERN = /^\d{18}$/;
const NIK_PATTERN = /^\d{16}$/;

function checkRegion(code: string | undefined): string | undefined {
  if (code === undefined) return undefined;
  const parsed = parseRegionCode(code);
  if (!parsed.ok) throw invalid(parsed.problem);
  return code;
}

export interface RegistryDeps {
  db: Database;
}

export function createRegistryService({ db }: RegistryDeps) {
  /** A Pemda named in a query must be one the caller reads; naming another is refused, not emptied. */
  async function checkPemdaParam(actor: Actor, code: string | undefined, scope = pemdaScope(actor)) {
    if (code === undefined) return undefined;
    checkRegion(code);
    const readable = await listPemda(db, scope);
    if (!readable.some((pemda) => pemda.code === code)) throw forbidden();
    return code;
  }

  /**
   * Full NIKs only for the roles that need them, and every response that carries one is logged,
   * once per Pemda whose registry it came from. A civil servant reads their workers through their
   * sponsorships, not a registry: those reads are logged under the worker's Pemda, whose admin
   * reads the log.
   */
  async function present(rows: WorkerRow[], caller: Caller, route: string): Promise<WorkerRecord[]> {
    const full = seesFullNik(caller.actor);
    if (full && rows.length > 0) {
      const unlinked = rows.filter((row) => row.pemdaCodes.length === 0).map((row) => row.nik);
      const registries = unlinked.length > 0 ? await registryPemdasOf(db, unlinked) : new Map();
      const niksByPemda = new Map<string | null, string[]>();
      for (const row of rows) {
        const codes = row.pemdaCodes.length > 0 ? row.pemdaCodes : (registries.get(row.nik) ?? []);
        for (const code of codes.length > 0 ? codes : [null]) {
          niksByPemda.set(code, [...(niksByPemda.get(code) ?? []), row.nik]);
        }
      }
      await db.transaction(async (tx) => {
        for (const [pemdaCode, niks] of niksByPemda) {
          await recordAudit(tx, {
            actor: caller.actor,
            action: 'worker.read_nik',
            entityType: 'worker',
            entityId: niks.length === 1 ? niks[0]! : undefined,
            pemdaCode,
            ip: caller.ip ?? null,
            details: { route, niks },
          });
        }
      });
    }
    return rows.map((row) => ({
      ...row,
      nik: full ? row.nik : maskNik(row.nik),
      nikMasked: !full,
      phone: full ? row.phone : null,
    }));
  }

  return {
    async searchAsn(query: AsnQuery, caller: Caller): Promise<Page<AsnRecord>> {
      const q = query.q?.trim();
      const filter: AsnFilter = {
        scope: asnScope(caller.actor),
        pemdaCode: await checkPemdaParam(caller.actor, query.pemda, pemdaSummaryScope(caller.actor)),
        opdId: query.opd,
        nip: q && NIP_PATTERN.test(q) ? q : undefined,
        namePrefix: q && !NIP_PATTERN.test(q) ? q : undefined,
        regionCode: checkRegion(query.village),
        status: query.status,
      };
      return searchAsn(db, filter, query);
    },

    async getAsn(nip: string, caller: Caller): Promise<AsnRecord> {
      if (!NIP_PATTERN.test(nip)) {
        throw invalid(
          problem('INVALID_NIP', `NIP "${nip}" harus 18 digit.`, `NIP "${nip}" must be 18 digits.`),
        );
      }
      const { items } = await searchAsn(
        db,
        { scope: asnScope(caller.actor), nip, status: 'all' },
        { page: 1, pageSize: 1 },
      );
      // Out of scope reads as absent: nobody learns that a NIP exists elsewhere.
      if (!items[0])
        throw notFound(
          problem(
            'ASN_NOT_FOUND',
            `ASN dengan NIP ${nip} tidak ditemukan.`,
            `No ASN with NIP ${nip} was found.`,
          ),
        );
      return items[0];
    },

    async searchWorkers(query: WorkerQuery, caller: Caller): Promise<Page<WorkerRecord>> {
      const q = query.q?.trim();
      const scope = workerScope(caller.actor);
      const page = await searchWorkers(
        db,
        {
          scope,
          linkScope: pemdaScope(caller.actor),
          pemdaCode: await checkPemdaParam(caller.actor, query.pemda),
          nik: q && NIK_PATTERN.test(q) ? q : undefined,
          namePrefix: q && !NIK_PATTERN.test(q) ? q : undefined,
          regionCode: checkRegion(query.village),
        },
        query,
      );
      return { ...page, items: await present(page.items, caller, 'workers.search') };
    },

    async getWorker(nik: string, caller: Caller): Promise<WorkerRecord> {
      if (!NIK_PATTERN.test(nik)) {
        throw invalid(
          problem('INVALID_NIK', `NIK "${nik}" harus 16 digit.`, `NIK "${nik}" must be 16 digits.`),
        );
      }
      const { items } = await searchWorkers(
        db,
        { scope: workerScope(caller.actor), linkScope: pemdaScope(caller.actor), nik },
        { page: 1, pageSize: 1 },
      );
      if (!items[0]) {
        throw notFound(
          problem(
            'WORKER_NOT_FOUND',
            `Pekerja dengan NIK ${maskNik(nik)} tidak ditemukan.`,
            `No worker with NIK ${maskNik(nik)} was found.`,
          ),
        );
      }
      const [record] = await present(items, caller, 'workers.get');
      return record!;
    },
  };
}

export type RegistryService = ReturnType<typeof createRegistryService>;
