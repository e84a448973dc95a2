import { createWriteStream } from 'node:fs';
import { PassThrough, type Readable } from 'node:stream';
import { problem } from '../../core/message.ts';
import { SPONSORSHIP_STATUSES } from '../../core/sponsorship-lifecycle.ts';
import type { Database } from '../../db/database.ts';
import { notFound } from '../../errors.ts';
import { may } from '../../platform/access/policy.ts';
import { cohortScope, EVERYTHING } from '../../platform/access/scopes.ts';
import {
  type ErrorFileFormat,
  errorFileFormatOf,
  type IssuePages,
  streamIssueFile,
} from '../../platform/files/issue-file.ts';
import { issuePage } from '../../platform/files/issues.ts';
import { type BuildRow, findBuild, listBuilds } from './cohort-build-repository.ts';
import type { CostOf } from './cohort-cost.ts';
import { findCohortProgramme, listCohorts, type ProgrammeRecord } from './cohort-repository.ts';
import { thisMonthWib } from './cohort-terms.ts';
import type {
  BuildRecord,
  Caller,
  CohortDetail,
  CohortListQuery,
  CohortSummary,
  MemberQuery,
} from './cohort-types.ts';
import { buildRecord, countsOf, refOf } from './cohort-views.ts';
import { presentMembers } from './member-niks.ts';
import { searchMembers, searchSponsors, statusCounts } from './sponsor-directory-repository.ts';

/** Reading cohorts, CSR and donor programmes: the list, one with its cost and builds, its members, a build's error file. */

const RECENT_BUILDS = 20;

const cohortNotFound = () =>
  notFound(
    problem(
      'COHORT_NOT_FOUND',
      'Kohort, program CSR atau donatur tersebut tidak ditemukan.',
      'There is no such cohort, CSR or donor programme.',
    ),
  );

const buildNotFound = () =>
  notFound(
    problem(
      'COHORT_BUILD_NOT_FOUND',
      'Pembentukan kohort tersebut tidak ada.',
      'There is no such cohort build.',
    ),
  );

const scopeOf = (caller: Caller) => (caller.actor ? cohortScope(caller.actor) : EVERYTHING);

export interface CohortRecordDeps {
  db: Database;
  now: () => Date;
  costOf: CostOf;
}

/** A programme with its sponsor, its members by status, its cost and, for its administrators, its last builds. */
async function detailOf(
  { db, now, costOf }: CohortRecordDeps,
  programme: ProgrammeRecord,
  caller: Caller,
): Promise<CohortDetail> {
  const sponsor =
    programme.sponsorId === null
      ? null
      : ((
          await searchSponsors(
            db,
            { scope: EVERYTHING, month: thisMonthWib(now), id: programme.sponsorId },
            { page: 1, pageSize: 1 },
          )
        ).items[0] ?? null);
  const counts = countsOf(await statusCounts(db, { programmeId: programme.id }));
  const builds = may(caller.actor, 'cohorts.administer', { pemdaCode: programme.pemdaCode })
    ? (await listBuilds(db, programme.id, RECENT_BUILDS)).map(buildRecord)
    : [];
  return {
    ...refOf(programme),
    areaCode: programme.areaCode,
    budget: programme.budget,
    budgetYear: programme.budgetYear,
    targetWorkers: programme.targetWorkers,
    programmes: programme.programmes ?? [],
    declaredIncome: programme.declaredIncome,
    sponsor,
    members: SPONSORSHIP_STATUSES.filter((status) => status !== 'rejected').reduce(
      (sum, status) => sum + counts[status],
      0,
    ),
    statusCounts: counts,
    cost: await costOf(programme),
    builds,
  };
}

export function createCohortRecords(deps: CohortRecordDeps) {
  const { db } = deps;

  async function readableProgramme(id: number, caller: Caller): Promise<ProgrammeRecord> {
    const programme = await findCohortProgramme(db, { id }, scopeOf(caller));
    if (!programme) throw cohortNotFound();
    return programme;
  }

  /** Builds are read by whoever reads their programme; error files name NIKs, so only its administrators. */
  async function readableBuild(id: string, caller: Caller): Promise<BuildRow> {
    const build = /^[0-9a-f-]{36}$/.test(id) ? await findBuild(db, id) : undefined;
    if (!build) throw buildNotFound();
    if (!may(caller.actor, 'cohorts.administer', { pemdaCode: build.pemdaCode })) throw buildNotFound();
    return build;
  }

  const issuePages =
    (id: string): IssuePages =>
    (after, limit) =>
      issuePage(db, 'cohort_issue', id, after, limit);

  return {
    async list(query: CohortListQuery, caller: Caller): Promise<CohortSummary[]> {
      return listCohorts(db, scopeOf(caller), { pemdaCode: query.pemda, kind: query.kind });
    },

    async get(id: number, caller: Caller): Promise<CohortDetail> {
      const programme = await readableProgramme(id, caller);
      return detailOf(deps, programme, caller);
    },

    /** By the key the CLI names it with. */
    async getByKey(pemdaCode: string, key: string, caller: Caller): Promise<CohortDetail> {
      const programme = await findCohortProgramme(db, { pemdaCode, key }, scopeOf(caller));
      if (!programme) throw cohortNotFound();
      return detailOf(deps, programme, caller);
    },

    async members(id: number, query: MemberQuery, caller: Caller) {
      await readableProgramme(id, caller);
      const page = await searchMembers(
        db,
        { programmeId: id, status: query.status, namePrefix: query.q },
        query,
      );
      return {
        ...page,
        items: await presentMembers(db, page.items, caller, 'cohorts.members'),
        page: query.page,
        pageSize: query.pageSize,
      };
    },

    async build(id: string, caller: Caller): Promise<BuildRecord> {
      return buildRecord(await readableBuild(id, caller));
    },

    /** A build's error file, checked first and then streamed as it is read. */
    async openErrorFile(id: string, caller: Caller, format: ErrorFileFormat): Promise<Readable> {
      await readableBuild(id, caller);
      const body = new PassThrough();
      streamIssueFile(issuePages(id), body, format).catch((error: Error) => body.destroy(error));
      return body;
    },

    /** Writes a build's error file (`.xlsx`, else CSV), as the CLI's `--error-file` asks. */
    async writeErrorFile(id: string, path: string): Promise<void> {
      await streamIssueFile(issuePages(id), createWriteStream(path), errorFileFormatOf(path));
    },
  };
}
