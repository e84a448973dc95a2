import type { Readable } from 'node:stream';
import type { Actor } from '../../core/access.ts';
import { problem } from '../../core/message.ts';
import type { Period } from '../../core/period.ts';
import type { ProgrammePolicy } from '../../core/programme-policy.ts';
import { parseRegionCode } from '../../core/regions.ts';
import type { Database, Queryable } from '../../db/database.ts';
import { AppError, invalid, notFound } from '../../errors.ts';
import { requireAccess } from '../../platform/access/policy.ts';
import { EVERYTHING, pemdaSummaryScope } from '../../platform/access/scopes.ts';
import { recordAudit } from '../../platform/audit.ts';
import type { ErrorFileFormat } from '../../platform/files/issue-file.ts';
import { pemdaNotOnboarded } from '../../platform/pemda.ts';
import { createComplianceReports } from './compliance-report.ts';
import { todayInPemda } from './pemda-clock.ts';
import {
  checkNewProgramme,
  notLater,
  parsePolicy,
  policyRejected,
  versionProblems,
} from './programme-checks.ts';
import {
  findProgramme,
  findProgrammeByKey,
  insertPolicyVersion,
  insertProgramme,
  listProgrammes,
  lockProgramme,
  type ProgrammeRow,
  pemdaInScope,
  programmeNotFound,
} from './programme-repository.ts';
import type {
  ComplianceQuery,
  ComplianceReport,
  NewProgramme,
  ProgrammeDetail,
  ProgrammeSummary,
} from './programme-types.ts';
import { detailOf, summaryOf } from './programme-views.ts';

export interface Caller {
  /** None for the command line, which acts as the system. */
  actor: Actor | null;
  ip?: string | null;
}

export interface ProgrammeDeps {
  db: Database;
  /** The clock "today" is read from, in each Pemda's time zone. */
  now: () => Date;
}

/** Programmes are read Pemda-wide: an OPD head or an ASN reads their own Pemda's. */
const scopeOf = (actor: Actor | null) => (actor ? pemdaSummaryScope(actor) : EVERYTHING);

export function createProgrammeService({ db, now }: ProgrammeDeps) {
  const today = (pemdaCode: string) => todayInPemda(pemdaCode, now());
  const compliance = createComplianceReports({ db, today });

  /** A Pemda the caller reads, or not found: another Pemda's programmes do not exist for them. */
  async function requireReadablePemda(code: string, caller: Caller): Promise<void> {
    const parsed = parseRegionCode(code);
    if (!parsed.ok) throw invalid(parsed.problem);
    if (!(await pemdaInScope(db, code, scopeOf(caller.actor)))) throw notFound(pemdaNotOnboarded(code));
  }

  /** The Pemda exists and the caller may write there; readers are told they may not. */
  async function requireWritablePemda(pemdaCode: string, caller: Caller): Promise<void> {
    await requireReadablePemda(pemdaCode, caller);
    requireAccess(caller.actor, 'programmes.administer', { pemdaCode });
  }

  async function requireProgramme(id: number, caller: Caller, tx: Queryable = db): Promise<ProgrammeRow> {
    const row = await findProgramme(tx, id, scopeOf(caller.actor));
    if (!row) throw programmeNotFound(id);
    return row;
  }

  /** One new version, judged against the versions stored, with the programme locked meanwhile. */
  async function addVersion(tx: Queryable, id: number, policy: ProgrammePolicy, caller: Caller) {
    await lockProgramme(tx, id);
    const row = await requireProgramme(id, { actor: null }, tx);
    const problems = await versionProblems(tx, row, policy);
    if (problems.length > 0) throw policyRejected(problems);
    if (!(await insertPolicyVersion(tx, row.id, policy, caller.actor?.userId ?? null))) {
      throw policyRejected([notLater(policy.effectiveFrom)]);
    }
    await recordAudit(tx, {
      actor: caller.actor,
      action: 'programme.add_policy',
      entityType: 'programme',
      entityId: String(row.id),
      pemdaCode: row.pemdaCode,
      ip: caller.ip ?? null,
      details: {
        key: row.key,
        effectiveFrom: policy.effectiveFrom,
        circularLetter: policy.circularLetter.number,
      },
    });
  }

  /** Checks a new programme in full and stores it; the caller's transaction holds the write. */
  async function insertNew(
    tx: Queryable,
    pemdaCode: string,
    input: NewProgramme,
    caller: Caller,
  ): Promise<number> {
    const period = today(pemdaCode).slice(0, 7) as Period;
    const { programmes, declaredIncome } = await checkNewProgramme(tx, pemdaCode, input, period);
    const id = await insertProgramme(tx, {
      pemdaCode,
      key: input.key,
      name: input.name.trim(),
      kind: input.kind,
      programmes,
      declaredIncome,
      areaCode: input.kind === 'asn_policy' ? null : (input.areaCode ?? null),
      budget: input.budget ?? null,
      budgetYear: input.budgetYear ?? null,
      targetWorkers: input.targetWorkers ?? null,
    });
    if (id === null) {
      throw new AppError(
        'conflict',
        problem(
          'PROGRAMME_KEY_TAKEN',
          `Pemda ${pemdaCode} sudah punya program dengan kunci "${input.key}".`,
          `Pemda ${pemdaCode} already has a programme with the key "${input.key}".`,
        ),
      );
    }
    await recordAudit(tx, {
      actor: caller.actor,
      action: 'programme.create',
      entityType: 'programme',
      entityId: String(id),
      pemdaCode,
      ip: caller.ip ?? null,
      details: { key: input.key, kind: input.kind },
    });
    return id;
  }

  return {
    async list(pemdaCode: string, caller: Caller): Promise<ProgrammeSummary[]> {
      await requireReadablePemda(pemdaCode, caller);
      const rows = await listProgrammes(db, pemdaCode, scopeOf(caller.actor));
      const day = today(pemdaCode);
      return rows.map((row) => summaryOf(row, day));
    },

    async get(id: number, caller: Caller): Promise<ProgrammeDetail> {
      const row = await requireProgramme(id, caller);
      return detailOf(row, today(row.pemdaCode));
    },

    async getByKey(pemdaCode: string, key: string, caller: Caller): Promise<ProgrammeDetail> {
      await requireReadablePemda(pemdaCode, caller);
      const row = await findProgrammeByKey(db, pemdaCode, key, scopeOf(caller.actor));
      if (!row) throw programmeNotFound(key);
      return detailOf(row, today(pemdaCode));
    },

    async create(pemdaCode: string, input: NewProgramme, caller: Caller): Promise<ProgrammeDetail> {
      await requireWritablePemda(pemdaCode, caller);
      const id = await db.transaction((tx) => insertNew(tx, pemdaCode, input, caller));
      return this.get(id, { actor: null });
    },

    /** Adds a circular letter as a new version: checked in full, stored whole, never edited later. */
    async addPolicy(id: number, input: unknown, caller: Caller): Promise<ProgrammeDetail> {
      const policy = parsePolicy(input);
      const row = await requireProgramme(id, caller);
      requireAccess(caller.actor, 'programmes.administer', { pemdaCode: row.pemdaCode });
      if (row.kind !== 'asn_policy') {
        throw invalid(
          problem(
            'PROGRAMME_NOT_ASN_POLICY',
            `Program "${row.name}" bukan program kebijakan ASN: ia tidak punya surat edaran.`,
            `Programme "${row.name}" is not an ASN-policy programme: it has no circular letter.`,
          ),
        );
      }
      await db.transaction((tx) => addVersion(tx, id, policy, caller));
      return this.get(id, caller);
    },

    /**
     * The command line's way in: the programme with the key gets the policy as a new version; a
     * Pemda without it gets it created as an asn_policy programme, with this as its first letter,
     * in the same transaction.
     */
    async adoptPolicy(
      pemdaCode: string,
      key: string,
      input: unknown,
      caller: Caller,
    ): Promise<{ programme: ProgrammeDetail; created: boolean }> {
      const policy = parsePolicy(input);
      await requireWritablePemda(pemdaCode, caller);
      const existing = await findProgrammeByKey(db, pemdaCode, key, scopeOf(caller.actor));
      if (existing) return { programme: await this.addPolicy(existing.id, policy, caller), created: false };
      const id = await db.transaction(async (tx) => {
        const created = await insertNew(
          tx,
          pemdaCode,
          { key, name: policy.name, kind: 'asn_policy' },
          caller,
        );
        await addVersion(tx, created, policy, caller);
        return created;
      });
      return { programme: await this.get(id, caller), created: true };
    },

    async compliance(id: number, query: ComplianceQuery, caller: Caller): Promise<ComplianceReport> {
      const row = await requireProgramme(id, caller);
      return compliance.report(row, query, caller.actor);
    },

    /** The compliance list as a file for the OPD head's report: every row the filters keep. */
    async openComplianceFile(
      id: number,
      query: Omit<ComplianceQuery, 'page' | 'pageSize'>,
      caller: Caller,
      format: ErrorFileFormat,
    ): Promise<{ fileName: string; body: Readable }> {
      const row = await requireProgramme(id, caller);
      return compliance.file(row, query, caller.actor, format);
    },
  };
}

export type ProgrammeService = ReturnType<typeof createProgrammeService>;
