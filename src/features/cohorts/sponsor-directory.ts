import type { Actor } from '../../core/access.ts';
import { problem } from '../../core/message.ts';
import type { Database } from '../../db/database.ts';
import { notFound } from '../../errors.ts';
import { sponsorScope } from '../../platform/access/scopes.ts';
import { thisMonthWib } from './cohort-terms.ts';
import type { Caller, MemberQuery, SponsorDetail, SponsorListQuery, SponsorRecord } from './cohort-types.ts';
import { countsOf } from './cohort-views.ts';
import { presentMembers } from './member-niks.ts';
import {
  searchMembers,
  searchSponsors,
  sponsorProgrammes,
  statusCounts,
} from './sponsor-directory-repository.ts';

/** The sponsor directory: every sponsor a caller reads, what it pays for and the workers it holds. */

const sponsorNotFound = () =>
  notFound(problem('SPONSOR_NOT_FOUND', 'Sponsor tersebut tidak ditemukan.', 'There is no such sponsor.'));

export function createSponsorDirectory({ db, now }: { db: Database; now: () => Date }) {
  async function readableSponsor(id: number, actor: Actor): Promise<SponsorRecord> {
    const { items } = await searchSponsors(
      db,
      { scope: sponsorScope(actor), month: thisMonthWib(now), id },
      { page: 1, pageSize: 1 },
    );
    if (!items[0]) throw sponsorNotFound();
    return items[0];
  }

  return {
    async sponsors(query: SponsorListQuery, caller: Caller & { actor: Actor }) {
      const found = await searchSponsors(
        db,
        {
          scope: sponsorScope(caller.actor),
          month: thisMonthWib(now),
          pemdaCode: query.pemda,
          kind: query.kind,
        },
        query,
      );
      return { ...found, page: query.page, pageSize: query.pageSize };
    },

    async sponsor(id: number, caller: Caller & { actor: Actor }): Promise<SponsorDetail> {
      const sponsor = await readableSponsor(id, caller.actor);
      return {
        ...sponsor,
        programmes: await sponsorProgrammes(db, id),
        statusCounts: countsOf(await statusCounts(db, { sponsorId: id })),
      };
    },

    async sponsorWorkers(id: number, query: MemberQuery, caller: Caller & { actor: Actor }) {
      await readableSponsor(id, caller.actor);
      const page = await searchMembers(
        db,
        { sponsorId: id, status: query.status, namePrefix: query.q },
        query,
      );
      return {
        ...page,
        items: await presentMembers(db, page.items, caller, 'sponsors.workers'),
        page: query.page,
        pageSize: query.pageSize,
      };
    },
  };
}
