import { problem } from '../../core/message.ts';
import type { Period } from '../../core/period.ts';
import type { ProgrammePolicy } from '../../core/programme-policy.ts';
import type { Database, Queryable } from '../../db/database.ts';
import { AppError, invalid } from '../../errors.ts';
import { EVERYTHING } from '../../platform/access/scopes.ts';
import { recordAudit } from '../../platform/audit.ts';
import {
  checkNewProgramme,
  notLater,
  parsePolicy,
  policyRejected,
  versionProblems,
} from './programme-checks.ts';
import type { ProgrammeAccess, ProgrammeReads } from './programme-reads.ts';
import {
  findProgramme,
  findProgrammeByKey,
  insertPolicyVersion,
  insertProgramme,
  lockProgramme,
  programmeNotFound,
} from './programme-repository.ts';
import type { Caller, NewProgramme, ProgrammeDetail } from './programme-types.ts';

/**
 * New programmes and new versions of an ASN policy. A circular letter is checked in full, stored
 * whole and never edited later; each write is audited in its transaction.
 */

/** One new version, judged against the versions stored, with the programme locked meanwhile. */
async function addVersion(tx: Queryable, id: number, policy: ProgrammePolicy, caller: Caller): Promise<void> {
  await lockProgramme(tx, id);
  const row = await findProgramme(tx, id, EVERYTHING);
  if (!row) throw programmeNotFound(id);
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
  period: Period,
): Promise<number> {
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

export interface ProgrammeWriteDeps {
  db: Database;
  access: ProgrammeAccess;
  /** What a write answers with: the programme as it now reads. */
  get: ProgrammeReads['get'];
}

export function createProgrammeWrites({ db, access, get }: ProgrammeWriteDeps) {
  /** The Pemda's current month, which a new programme's contribution must be priced in. */
  const thisMonth = (pemdaCode: string) => access.today(pemdaCode).slice(0, 7) as Period;

  const writes = {
    async create(pemdaCode: string, input: NewProgramme, caller: Caller): Promise<ProgrammeDetail> {
      await access.requireWritablePemda(pemdaCode, caller);
      const id = await db.transaction((tx) => insertNew(tx, pemdaCode, input, caller, thisMonth(pemdaCode)));
      return get(id, { actor: null });
    },

    /** Adds a circular letter as a new version: checked in full, stored whole, never edited later. */
    async addPolicy(id: number, input: unknown, caller: Caller): Promise<ProgrammeDetail> {
      const policy = parsePolicy(input);
      const row = await access.requireProgramme(id, caller);
      access.requireWritable(row.pemdaCode, caller);
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
      return get(id, caller);
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
      await access.requireWritablePemda(pemdaCode, caller);
      const existing = await findProgrammeByKey(db, pemdaCode, key, access.scopeOf(caller));
      if (existing) return { programme: await writes.addPolicy(existing.id, policy, caller), created: false };
      const id = await db.transaction(async (tx) => {
        const newProgramme = { key, name: policy.name, kind: 'asn_policy' } as const;
        const created = await insertNew(tx, pemdaCode, newProgramme, caller, thisMonth(pemdaCode));
        await addVersion(tx, created, policy, caller);
        return created;
      });
      return { programme: await get(id, caller), created: true };
    },
  };
  return writes;
}
