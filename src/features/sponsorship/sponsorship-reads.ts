import type { Actor } from '../../core/access.ts';
import { priceMonth } from '../../core/contributions/engine.ts';
import { maskNik } from '../../core/identifiers/nik.ts';
import { comparePeriods } from '../../core/period.ts';
import { currentPeriod, zoneOfPemda } from '../../core/regions.ts';
import { seesFullNik } from '../../platform/access/policy.ts';
import { sponsorshipScope } from '../../platform/access/scopes.ts';
import { recordAudit } from '../../platform/audit.ts';
import type { Caller, Page } from '../registry/index.ts';
import type { SponsorshipDeps } from './sponsorship-deps.ts';
import { type SponsorshipRow, searchSponsorships, sponsorshipEvents } from './sponsorship-read-repository.ts';
import { sponsorshipNotFound } from './sponsorship-rules.ts';
import type {
  SponsorshipDetail,
  SponsorshipEvent,
  SponsorshipQuery,
  SponsorshipRecord,
} from './sponsorship-types.ts';

/** Reading sponsorships: each as the caller may see it, and only those in the caller's scope. */
export function sponsorshipReads({ db, now }: Pick<SponsorshipDeps, 'db' | 'now'>) {
  /**
   * Records as the caller may see them: full NIKs only for the roles that need them, each such read
   * logged per Pemda; the month's price from the contribution engine with the sponsor's funding.
   */
  async function present(
    rows: readonly SponsorshipRow[],
    caller: Caller,
    route: string,
  ): Promise<SponsorshipRecord[]> {
    const full = seesFullNik(caller.actor);
    if (full && rows.length > 0) {
      const niksByPemda = new Map<string, Set<string>>();
      for (const row of rows) {
        niksByPemda.set(row.pemdaCode, (niksByPemda.get(row.pemdaCode) ?? new Set()).add(row.worker.nik));
      }
      await db.transaction(async (tx) => {
        for (const [pemdaCode, niks] of niksByPemda) {
          await recordAudit(tx, {
            actor: caller.actor,
            action: 'worker.read_nik',
            entityType: 'worker',
            entityId: niks.size === 1 ? [...niks][0] : undefined,
            pemdaCode,
            ip: caller.ip ?? null,
            details: { route, niks: [...niks] },
          });
        }
      });
    }
    const clock = now();
    return rows.map(({ sponsor, worker, ...row }) => {
      const current = currentPeriod(clock, zoneOfPemda(row.pemdaCode));
      const amountPeriod = comparePeriods(row.firstMonth, current) > 0 ? row.firstMonth : current;
      const price = priceMonth({
        scheme: 'bpu',
        income: row.declaredIncome,
        programmes: row.programmes,
        funding: sponsor.fundingSource,
        period: amountPeriod,
      });
      return {
        ...row,
        sponsor: {
          id: sponsor.id,
          kind: sponsor.kind,
          name: sponsor.name,
          nip: sponsor.nip,
          fundingSource: sponsor.fundingSource,
        },
        worker: { ...worker, nik: full ? worker.nik : maskNik(worker.nik), nikMasked: !full },
        monthlyAmount: price.amount,
        amountPeriod,
      };
    });
  }

  /** The sponsorship if the caller may read it; out of scope reads as absent. */
  async function visibleRow(id: number, actor: Actor): Promise<SponsorshipRow> {
    const { items } = await searchSponsorships(
      db,
      { scope: sponsorshipScope(actor), id },
      { page: 1, pageSize: 1 },
    );
    if (!items[0]) throw sponsorshipNotFound(id);
    return items[0];
  }

  async function get(id: number, caller: Caller): Promise<SponsorshipDetail> {
    const row = await visibleRow(id, caller.actor);
    const [record] = await present([row], caller, 'sponsorships.get');
    return { ...record!, events: await sponsorshipEvents(db, id) };
  }

  return {
    present,
    visibleRow,
    get,

    async list(query: SponsorshipQuery, caller: Caller): Promise<Page<SponsorshipRecord>> {
      const { items, total } = await searchSponsorships(
        db,
        {
          scope: sponsorshipScope(caller.actor),
          programmeId: query.programme,
          status: query.status,
          sponsorId: query.sponsor,
          pemdaCode: query.pemda,
        },
        query,
      );
      return {
        items: await present(items, caller, 'sponsorships.list'),
        page: query.page,
        pageSize: query.pageSize,
        total,
      };
    },

    async history(id: number, caller: Caller): Promise<{ items: SponsorshipEvent[] }> {
      await visibleRow(id, caller.actor);
      return { items: await sponsorshipEvents(db, id) };
    },
  };
}

export type SponsorshipReads = ReturnType<typeof sponsorshipReads>;
