import type { Writable } from 'node:stream';
import type { Actor } from '../../core/access.ts';
import { maskNik } from '../../core/identifiers/nik.ts';
import { parseRegionCode } from '../../core/regions.ts';
import type { Database } from '../../db/database.ts';
import { invalid } from '../../errors.ts';
import { forbidden, requireAccess, seesFullNik } from '../../platform/access/policy.ts';
import { contributionScope, payerDisclosure, pemdaSummaryScope } from '../../platform/access/scopes.ts';
import { recordAudit } from '../../platform/audit.ts';
import { type ErrorFileFormat, streamTable } from '../../platform/files/issue-file.ts';
import { listPemda } from '../pemda/index.ts';
import {
  type ArrearsFilter,
  arrearsBySponsor,
  arrearsByWorker,
  arrearsTotals,
} from './arrears-repository.ts';
import type {
  ArrearsQuery,
  ArrearsSponsorPage,
  ArrearsWorker,
  ArrearsWorkerPage,
  OwnArrears,
} from './arrears-types.ts';

/** Who asks: a signed-in user, or nobody when a command runs on the server. */
export interface ArrearsCaller {
  actor: Actor | null;
  ip?: string | null;
}

export type ArrearsView = 'sponsors' | 'workers';

const DOWNLOAD_PAGE = 1_000;

const SPONSOR_COLUMNS = [
  'kode_pemda',
  'opd',
  'program',
  'jenis_penanggung',
  'penanggung',
  'nip',
  'jumlah_pekerja',
  'bulan_tunggakan',
  'jumlah_bulan',
  'bulan_tertua',
  'tunggakan',
] as const;

const WORKER_COLUMNS = [
  'kode_pemda',
  'opd',
  'program',
  'nik',
  'nama_pekerja',
  'penanggung',
  'bulan_tunggakan',
  'jumlah_bulan',
  'bulan_tertua',
  'tunggakan',
] as const;

export interface ArrearsDeps {
  db: Database;
  now?: () => Date;
}

export function createArrearsService({ db, now = () => new Date() }: ArrearsDeps) {
  /** A Pemda named in a query must be one the caller reads; naming another is refused, not emptied. */
  async function filterOf(
    query: Omit<ArrearsQuery, 'page' | 'pageSize'>,
    actor: Actor | null,
  ): Promise<ArrearsFilter> {
    if (query.pemda !== undefined) {
      const parsed = parseRegionCode(query.pemda);
      if (!parsed.ok) throw invalid(parsed.problem);
      if (actor) {
        const readable = await listPemda(db, pemdaSummaryScope(actor));
        if (!readable.some((pemda) => pemda.code === query.pemda)) throw forbidden();
      }
    }
    return {
      scope: contributionScope(actor),
      disclose: payerDisclosure(actor),
      asOf: now().toISOString(),
      ...(query.pemda === undefined ? {} : { pemdaCode: query.pemda }),
      ...(query.opd === undefined ? {} : { opdId: query.opd }),
      ...(query.programme === undefined ? {} : { programmeId: query.programme }),
    };
  }

  /** Full NIKs only for the roles that need them, and every list that carries them is logged. */
  async function presentWorkers(items: ArrearsWorker[], caller: ArrearsCaller, route: string) {
    const full = caller.actor === null || seesFullNik(caller.actor);
    if (caller.actor && full && items.length > 0) {
      await db.transaction((tx) =>
        recordAudit(tx, {
          actor: caller.actor,
          action: 'worker.read_nik',
          entityType: 'worker',
          pemdaCode: items[0]!.pemdaCode,
          ip: caller.ip ?? null,
          details: { route, niks: [...new Set(items.map((item) => item.nik))] },
        }),
      );
    }
    return {
      nikMasked: !full,
      items: full ? items : items.map((item) => ({ ...item, nik: maskNik(item.nik) })),
    };
  }

  return {
    async sponsors(query: ArrearsQuery, caller: ArrearsCaller): Promise<ArrearsSponsorPage> {
      const filter = await filterOf(query, caller.actor);
      const [totals, page] = await Promise.all([
        arrearsTotals(db, filter),
        arrearsBySponsor(db, filter, query),
      ]);
      return {
        asOf: filter.asOf,
        nikMasked: !(caller.actor === null || seesFullNik(caller.actor)),
        totals,
        items: page.items,
        page: query.page,
        pageSize: query.pageSize,
        total: page.total,
      };
    },

    async workers(query: ArrearsQuery, caller: ArrearsCaller): Promise<ArrearsWorkerPage> {
      const filter = await filterOf(query, caller.actor);
      const [totals, page] = await Promise.all([
        arrearsTotals(db, filter),
        arrearsByWorker(db, filter, query),
      ]);
      const shown = await presentWorkers(page.items, caller, 'arrears.workers');
      return {
        asOf: filter.asOf,
        totals,
        ...shown,
        page: query.page,
        pageSize: query.pageSize,
        total: page.total,
      };
    },

    /** An ASN's own arrears: the workers they pay for whose months are past due and unpaid. */
    async own(caller: ArrearsCaller & { actor: Actor }): Promise<OwnArrears> {
      requireAccess(caller.actor, 'arrears.own');
      const filter = await filterOf({}, caller.actor);
      const [totals, page] = await Promise.all([
        arrearsTotals(db, filter),
        arrearsByWorker(db, filter, { page: 1, pageSize: 200 }),
      ]);
      const shown = await presentWorkers(page.items, caller, 'me.arrears');
      return { asOf: filter.asOf, totals, workers: shown.items };
    },

    /**
     * The whole list as CSV or XLSX, read a page at a time. The query is checked first, so a
     * refusal comes before any byte of the file.
     */
    async download(
      view: ArrearsView,
      query: Omit<ArrearsQuery, 'page' | 'pageSize'>,
      caller: ArrearsCaller,
    ): Promise<(format: ErrorFileFormat, output: Writable) => Promise<void>> {
      const filter = await filterOf(query, caller.actor);
      const joined = (months: readonly string[]) => months.join(' ');
      async function* sponsorRows() {
        for (let page = 1; ; page += 1) {
          const { items } = await arrearsBySponsor(db, filter, { page, pageSize: DOWNLOAD_PAGE });
          for (const row of items) {
            yield [
              row.pemdaCode,
              row.opd?.name ?? '',
              row.programme.name,
              row.sponsor.kind,
              row.sponsor.name,
              row.sponsor.nip ?? '',
              row.workers,
              joined(row.months),
              row.months.length,
              row.oldest,
              row.amount,
            ];
          }
          if (items.length < DOWNLOAD_PAGE) return;
        }
      }
      async function* workerRows() {
        for (let page = 1; ; page += 1) {
          const found = await arrearsByWorker(db, filter, { page, pageSize: DOWNLOAD_PAGE });
          const { items } = await presentWorkers(found.items, caller, 'arrears.download');
          for (const row of items) {
            yield [
              row.pemdaCode,
              row.opd?.name ?? '',
              row.programme.name,
              row.nik,
              row.name,
              row.sponsor?.name ?? '',
              joined(row.months),
              row.months.length,
              row.oldest,
              row.amount,
            ];
          }
          if (found.items.length < DOWNLOAD_PAGE) return;
        }
      }
      return (format, output) =>
        view === 'sponsors'
          ? streamTable(output, format, 'Tunggakan penanggung', SPONSOR_COLUMNS, sponsorRows())
          : streamTable(output, format, 'Tunggakan pekerja', WORKER_COLUMNS, workerRows());
    },
  };
}

export type ArrearsService = ReturnType<typeof createArrearsService>;
