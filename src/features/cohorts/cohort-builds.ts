import { randomUUID } from 'node:crypto';
import { problem } from '../../core/message.ts';
import type { Database, Queryable } from '../../db/database.ts';
import { AppError } from '../../errors.ts';
import { requireAccess } from '../../platform/access/policy.ts';
import { recordAudit } from '../../platform/audit.ts';
import { requireOnboardedPemda } from '../../platform/pemda.ts';
import { lockProgramme, setTargetWorkers } from '../programmes/index.ts';
import { isOnePayerViolation } from '../sponsorship/index.ts';
import { insertBuild, insertIssues } from './cohort-build-repository.ts';
import type { CostOf } from './cohort-cost.ts';
import type { BuildOutcome, Origin } from './cohort-fill.ts';
import { countMembers, ensureProgramme, type ProgrammeRecord } from './cohort-repository.ts';
import { COHORT_PROGRAMMES, lowestIncome, type Months } from './cohort-terms.ts';
import type { Caller, CohortKind } from './cohort-types.ts';
import { type BuildResult, errorFileUrls, refOf } from './cohort-views.ts';

/**
 * A build runs in one transaction with its programme, its record, its issues and the audit entry;
 * running the same build again adds nothing.
 */

const SHOWN_ISSUES = 100;
const BUILD_ATTEMPTS = 3;

/** What an APBD cohort, a CSR order or a donor asks for, and how its members are found. */
export interface BuildPlan {
  kind: CohortKind;
  pemdaCode: string;
  key: string;
  name: string;
  areaCode: string;
  budget: number | null;
  budgetYear: number | null;
  targetWorkers: number | null;
  months: Months;
  source: 'query' | 'file' | 'named';
  criteria: Record<string, unknown>;
  file?: { name: string; sha256: string };
  /** The sponsor, found or made in the build's transaction. */
  sponsor(tx: Queryable): Promise<number>;
  /** Adds the members, given the programme (locked) and where its events come from. */
  fill(tx: Queryable, programme: ProgrammeRecord, origin: Origin): Promise<BuildOutcome>;
}

/** What every kind of build needs: the database, the clock, the builder. */
export interface BuildDeps {
  db: Database;
  now: () => Date;
  runBuild: RunBuild;
}

/** A build is the Pemda's administrators' (or the command line's), in a Pemda already onboarded. */
export async function requireBuildablePemda(db: Queryable, caller: Caller, pemdaCode: string): Promise<void> {
  requireAccess(caller.actor, 'cohorts.administer', { pemdaCode });
  await requireOnboardedPemda(db, pemdaCode);
}

export type RunBuild = (plan: BuildPlan, caller: Caller) => Promise<BuildResult>;

/** `cohort`, `csr` or `donor`: how the audit log and the sponsorship events name a build's kind. */
const actionOf = (kind: CohortKind) => (kind === 'apbd_cohort' ? 'cohort' : kind);

/** A key names one programme: building under it again must mean the same kind, budget and sponsor. */
function checkSameProgramme(programme: ProgrammeRecord, plan: BuildPlan, sponsorId: number): void {
  const same =
    programme.kind === plan.kind &&
    programme.budget === plan.budget &&
    programme.budgetYear === plan.budgetYear &&
    (programme.sponsorId === null || programme.sponsorId === sponsorId);
  if (same) return;
  throw new AppError(
    'conflict',
    problem(
      'COHORT_KEY_TAKEN',
      `Pemda ${plan.pemdaCode} sudah punya program "${programme.key}" (${programme.name}) dengan jenis, sponsor atau anggaran lain. Pilih nama atau kunci (key) lain, atau ulangi dengan ketentuan yang sama.`,
      `Pemda ${plan.pemdaCode} already has a programme "${programme.key}" (${programme.name}) with another kind, sponsor or budget. Choose another name or key, or repeat it with the same terms.`,
    ),
  );
}

/** The plan's programme, made unless its key exists (then it must be the same one), and locked. */
async function openProgramme(tx: Queryable, plan: BuildPlan): Promise<ProgrammeRecord> {
  const sponsorId = await plan.sponsor(tx);
  const { programme, created } = await ensureProgramme(tx, {
    pemdaCode: plan.pemdaCode,
    key: plan.key,
    name: plan.name,
    kind: plan.kind,
    programmes: COHORT_PROGRAMMES,
    declaredIncome: lowestIncome(plan.months.from),
    areaCode: plan.areaCode,
    budget: plan.budget,
    budgetYear: plan.budgetYear,
    targetWorkers: plan.targetWorkers,
    sponsorId,
  });
  if (!created) checkSameProgramme(programme, plan, sponsorId);
  await lockProgramme(tx, programme.id);
  if (!created && plan.targetWorkers !== null && plan.targetWorkers !== programme.targetWorkers) {
    await setTargetWorkers(tx, programme.id, plan.targetWorkers);
  }
  return { ...programme, sponsorId };
}

async function recordBuild(
  tx: Queryable,
  plan: BuildPlan,
  build: { id: string; programmeId: number; outcome: BuildOutcome },
  caller: Caller,
): Promise<void> {
  const { id, programmeId, outcome } = build;
  const userId = caller.actor?.userId ?? null;
  await insertBuild(tx, {
    id,
    programmeId,
    pemdaCode: plan.pemdaCode,
    source: plan.source,
    criteria: plan.criteria,
    fileName: plan.file?.name ?? null,
    fileSha256: plan.file?.sha256 ?? null,
    read: outcome.read,
    added: outcome.added,
    alreadyMember: outcome.alreadyMember,
    alreadyCovered: outcome.alreadyCovered,
    rejected: outcome.rejected,
    newWorkers: outcome.newWorkers,
    createdBy: userId,
  });
  await insertIssues(tx, id, outcome.issues);
  await recordAudit(tx, {
    actor: caller.actor,
    action: `${actionOf(plan.kind)}.build`,
    entityType: 'programme',
    entityId: String(programmeId),
    pemdaCode: plan.pemdaCode,
    ip: caller.ip ?? null,
    details: {
      buildId: id,
      key: plan.key,
      source: plan.source,
      criteria: plan.criteria,
      fileName: plan.file?.name ?? null,
      read: outcome.read,
      added: outcome.added,
      alreadyMember: outcome.alreadyMember,
      alreadyCovered: outcome.alreadyCovered,
      rejected: outcome.rejected,
      newWorkers: outcome.newWorkers,
    },
  });
}

export function createBuildRunner({ db, costOf }: { db: Database; costOf: CostOf }): RunBuild {
  /**
   * Runs a build in one transaction, again when a concurrent sponsorship took a month between
   * the check and the insert (the database's exclusion constraint is the judge).
   */
  return async function runBuild(plan: BuildPlan, caller: Caller): Promise<BuildResult> {
    const userId = caller.actor?.userId ?? null;
    for (let attempt = 1; ; attempt += 1) {
      try {
        const { buildId, programme, outcome } = await db.transaction(async (tx) => {
          const programme = await openProgramme(tx, plan);
          const buildId = randomUUID();
          const outcome = await plan.fill(tx, programme, {
            userId,
            source: `${actionOf(plan.kind)}:${programme.id}`,
          });
          outcome.issues.sort((a, b) => a.row_number - b.row_number);
          await recordBuild(tx, plan, { id: buildId, programmeId: programme.id, outcome }, caller);
          return { buildId, programme, outcome };
        });
        return {
          buildId,
          programme: refOf(programme),
          source: plan.source,
          read: outcome.read,
          added: outcome.added,
          alreadyMember: outcome.alreadyMember,
          alreadyCovered: outcome.alreadyCovered,
          rejected: outcome.rejected,
          newWorkers: outcome.newWorkers,
          members: await countMembers(db, programme.id),
          issueRecords: outcome.issues.slice(0, SHOWN_ISSUES),
          errorFileUrls: outcome.issues.length > 0 ? errorFileUrls(buildId) : null,
          cost: await costOf(programme),
        };
      } catch (error) {
        if (attempt < BUILD_ATTEMPTS && isOnePayerViolation(error)) continue;
        throw error;
      }
    }
  };
}
