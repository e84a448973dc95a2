import type { Actor } from '../../core/access.ts';
import { maskNik } from '../../core/identifiers/nik.ts';
import { groupBy } from '../../core/matching.ts';
import { type AppError, notFound } from '../../errors.ts';
import { forbidden, may, seesFullNik } from '../../platform/access/policy.ts';
import { EVERYTHING, pemdaScope } from '../../platform/access/scopes.ts';
import { recordAudit } from '../../platform/audit.ts';
import { pemdaNotOnboarded } from '../../platform/pemda.ts';
import { todayInPemda } from '../programmes/index.ts';
import { requireSelfServiceAsn } from '../sponsorship/index.ts';
import type { MatchingDeps } from './matching-deps.ts';
import { plan } from './matching-plan.ts';
import { findRun, listRuns } from './matching-repository.ts';
import {
  type Caller,
  checkDate,
  type MatchOptions,
  type MatchResult,
  natural,
  runNotFound,
} from './matching-rules.ts';
import { saveRun } from './matching-run.ts';
import type { MatchRun, Proposal, ProposalQuery, ProposalStatus } from './matching-types.ts';
import { proposalDecisions } from './proposal-decisions.ts';
import { listProposals, type ProposalRow } from './proposal-repository.ts';

/**
 * Matching the pool to the sponsors short of workers (issue 4, item 5), and deciding the
 * proposals: the plan (`matching-plan.ts`), its storing as a run (`matching-run.ts`), the
 * decisions (`proposal-decisions.ts`), and the reads here.
 */

export function createMatchingService(deps: MatchingDeps) {
  const { db, now } = deps;
  async function findPemdaSummary(pemdaCode: string) {
    const [pemda] = await deps.pemda.listPemda(db, {
      sql: (ref, n) => `${ref} = $${n}`,
      params: [pemdaCode],
    });
    if (!pemda) throw notFound(pemdaNotOnboarded(pemdaCode));
    return pemda;
  }

  /** A caller who may not read the Pemda learns nothing of it; one who reads but may not act is told so. */
  function refusal(actor: Actor, pemdaCode: string): AppError {
    return may(actor, 'matching.read', { pemdaCode }) ? forbidden() : notFound(pemdaNotOnboarded(pemdaCode));
  }

  /** Full NIKs for those who may see them, and every response that carries one logged. */
  async function present(rows: ProposalRow[], caller: Caller, route: string): Promise<Proposal[]> {
    const full = caller.actor === null || seesFullNik(caller.actor);
    if (full && caller.actor && rows.length > 0) {
      await db.transaction(async (tx) => {
        for (const [pemdaCode, group] of groupBy(rows, (row) => row.pemdaCode)) {
          const niks = group.map((row) => row.worker.nik);
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
    return rows.map(({ pemdaCode: _pemda, ...row }) => ({
      ...row,
      worker: { ...row.worker, nik: full ? row.worker.nik : maskNik(row.worker.nik), nikMasked: !full },
    }));
  }

  async function readableRun(id: number, caller: Caller): Promise<MatchRun> {
    const scope = caller.actor ? pemdaScope(caller.actor) : EVERYTHING;
    const run = await findRun(db, id, scope);
    if (!run) throw runNotFound(id);
    return run;
  }

  return {
    /** Plans the matching of a Pemda on a day; with `save`, stores the proposals as a run. */
    async match(pemdaCode: string, options: MatchOptions, caller: Caller): Promise<MatchResult> {
      const started = performance.now();
      if (!may(caller.actor, 'matching.run', { pemdaCode })) throw refusal(caller.actor!, pemdaCode);
      const pemda = await findPemdaSummary(pemdaCode);
      const on = options.on === undefined ? todayInPemda(pemda.code, now()) : checkDate(options.on);
      const settings = { programme: options.programme, on, fill: options.fill };
      if (options.save) return saveRun(deps, pemda, settings, caller, started);
      const { summary, proposals } = await plan(db, deps, pemda, settings);
      return { summary: { ...summary, run: null }, proposals: proposals.map(natural) };
    },

    async listRuns(pemdaCode: string, caller: Caller): Promise<MatchRun[]> {
      if (!may(caller.actor, 'matching.read', { pemdaCode })) throw notFound(pemdaNotOnboarded(pemdaCode));
      await findPemdaSummary(pemdaCode);
      return listRuns(db, pemdaCode, 20);
    },

    getRun: readableRun,

    async listProposals(runId: number, query: ProposalQuery, caller: Caller) {
      await readableRun(runId, caller);
      const { items, total } = await listProposals(db, { ...query, runId }, query);
      return {
        items: await present(items, caller, 'match-runs.proposals'),
        page: query.page,
        pageSize: query.pageSize,
        total,
      };
    },

    /** The proposals made to the signed-in ASN. */
    async myProposals(query: { status: ProposalStatus; page: number; pageSize: number }, caller: Caller) {
      const actor = requireSelfServiceAsn(caller.actor);
      const { items, total } = await listProposals(
        db,
        { status: query.status, sponsorNip: actor.nip },
        query,
      );
      return {
        items: await present(items, caller, 'me.match-proposals'),
        page: query.page,
        pageSize: query.pageSize,
        total,
      };
    },

    ...proposalDecisions(deps, { readableRun }),
  };
}

export type MatchingService = ReturnType<typeof createMatchingService>;
