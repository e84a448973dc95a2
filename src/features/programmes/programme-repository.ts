import type { IsoDate } from '../../core/calendar.ts';
import type { Programme } from '../../core/contributions/schedules.ts';
import { problem } from '../../core/message.ts';
import { type ProgrammePolicy, policyInForce } from '../../core/programme-policy.ts';
import type { Queryable } from '../../db/database.ts';
import { AppError, notFound } from '../../errors.ts';
import { EVERYTHING, type ScopeCondition } from '../../platform/access/scopes.ts';
import type { ProgrammeKind, ProgrammeRef, ProgrammeTerms } from './programme-types.ts';

/** A programme as stored, with every policy version (oldest first) for those that have them. */
export interface ProgrammeRow extends ProgrammeRef {
  active: boolean;
  contributionProgrammes: Programme[] | null;
  declaredIncome: number | null;
  areaCode: string | null;
  budget: number | null;
  budgetYear: number | null;
  targetWorkers: number | null;
  createdAt: string;
  versions: StoredVersion[];
}

export interface StoredVersion {
  effectiveFrom: IsoDate;
  policy: ProgrammePolicy;
  createdAt: string;
  createdBy: string | null;
}

const utc = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;

const PROGRAMME_SELECT = `
  SELECT p.id, p.pemda_code AS "pemdaCode", p.key, p.name, p.kind, p.active,
         p.contribution_programmes AS "contributionProgrammes", p.declared_income AS "declaredIncome",
         p.area_code AS "areaCode", p.budget, p.budget_year AS "budgetYear",
         p.target_workers AS "targetWorkers", ${utc('p.created_at')} AS "createdAt",
         coalesce((
           SELECT json_agg(json_build_object(
                    'effectiveFrom', to_char(v.effective_from, 'YYYY-MM-DD'), 'policy', v.policy,
                    'createdAt', ${utc('v.created_at')}, 'createdBy', u.username)
                  ORDER BY v.effective_from)
             FROM policy_version v LEFT JOIN app_user u ON u.id = v.created_by
            WHERE v.programme_id = p.id
         ), '[]') AS versions
    FROM programme p`;

/** The programmes of one Pemda the scope reads, by name. */
export async function listProgrammes(
  db: Queryable,
  pemdaCode: string,
  scope: ScopeCondition,
): Promise<ProgrammeRow[]> {
  return db.query<ProgrammeRow & Record<string, unknown>>(
    `${PROGRAMME_SELECT} WHERE p.pemda_code = $1 AND ${scope.sql('p.pemda_code', 2)} ORDER BY p.name, p.id`,
    [pemdaCode, ...scope.params],
  );
}

export async function findProgramme(
  db: Queryable,
  id: number,
  scope: ScopeCondition,
): Promise<ProgrammeRow | undefined> {
  const [row] = await db.query<ProgrammeRow & Record<string, unknown>>(
    `${PROGRAMME_SELECT} WHERE p.id = $1 AND ${scope.sql('p.pemda_code', 2)}`,
    [id, ...scope.params],
  );
  return row;
}

export async function findProgrammeByKey(
  db: Queryable,
  pemdaCode: string,
  key: string,
  scope: ScopeCondition,
): Promise<ProgrammeRow | undefined> {
  const [row] = await db.query<ProgrammeRow & Record<string, unknown>>(
    `${PROGRAMME_SELECT} WHERE p.pemda_code = $1 AND p.key = $2 AND ${scope.sql('p.pemda_code', 3)}`,
    [pemdaCode, key, ...scope.params],
  );
  return row;
}

/** Holds the programme's row until the transaction ends, so two new versions are judged one after the other. */
export async function lockProgramme(tx: Queryable, id: number): Promise<void> {
  await tx.query('SELECT id FROM programme WHERE id = $1 FOR UPDATE', [id]);
}

export interface ProgrammeInsert {
  pemdaCode: string;
  key: string;
  name: string;
  kind: ProgrammeKind;
  programmes: readonly Programme[] | null;
  declaredIncome: number | null;
  areaCode: string | null;
  budget: number | null;
  budgetYear: number | null;
  targetWorkers: number | null;
}

/** The new programme's id, or null when the Pemda already has one with that key. */
export async function insertProgramme(tx: Queryable, p: ProgrammeInsert): Promise<number | null> {
  const [row] = await tx.query<{ id: number }>(
    `INSERT INTO programme (pemda_code, key, name, kind, contribution_programmes, declared_income, area_code,
                            budget, budget_year, target_workers)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     ON CONFLICT (pemda_code, key) DO NOTHING RETURNING id`,
    [
      p.pemdaCode,
      p.key,
      p.name,
      p.kind,
      p.programmes,
      p.declaredIncome,
      p.areaCode,
      p.budget,
      p.budgetYear,
      p.targetWorkers,
    ],
  );
  return row?.id ?? null;
}

/** A programme made elsewhere (the programmes page, the demo) takes its sponsor on a cohort's first build. */
export async function adoptProgrammeSponsor(
  tx: Queryable,
  p: { pemdaCode: string; key: string; sponsorId: number },
): Promise<void> {
  await tx.query(
    `UPDATE programme SET sponsor_id = $3
      WHERE pemda_code = $1 AND key = $2 AND sponsor_id IS NULL AND kind <> 'asn_policy'`,
    [p.pemdaCode, p.key, p.sponsorId],
  );
}

export async function setTargetWorkers(tx: Queryable, programmeId: number, target: number): Promise<void> {
  await tx.query('UPDATE programme SET target_workers = $2 WHERE id = $1', [programmeId, target]);
}

/** False when a version from that day exists already. */
export async function insertPolicyVersion(
  tx: Queryable,
  programmeId: number,
  policy: ProgrammePolicy,
  userId: number | null,
): Promise<boolean> {
  const rows = await tx.query(
    `INSERT INTO policy_version (programme_id, effective_from, policy, created_by) VALUES ($1, $2, $3, $4)
     ON CONFLICT (programme_id, effective_from) DO NOTHING RETURNING programme_id`,
    [programmeId, policy.effectiveFrom, JSON.stringify(policy), userId],
  );
  return rows.length > 0;
}

/** Of `ids`, those that are OPDs of the Pemda. */
export async function opdsOfPemda(
  db: Queryable,
  pemdaCode: string,
  ids: readonly number[],
): Promise<number[]> {
  if (ids.length === 0) return [];
  const rows = await db.query<{ id: number }>(
    'SELECT id FROM opd WHERE pemda_code = $1 AND id = ANY($2::bigint[]) ORDER BY id',
    [pemdaCode, ids],
  );
  return rows.map((row) => row.id);
}

/** The Pemda, if the scope reads it. */
export async function pemdaInScope(db: Queryable, code: string, scope: ScopeCondition): Promise<boolean> {
  const rows = await db.query(`SELECT 1 FROM pemda p WHERE p.code = $1 AND ${scope.sql('p.code', 2)}`, [
    code,
    ...scope.params,
  ]);
  return rows.length > 0;
}

export async function findOpdOfPemda(
  db: Queryable,
  opdId: number,
  pemdaCode: string,
): Promise<{ id: number; name: string } | undefined> {
  const [found] = await db.query<{ id: number; name: string }>(
    'SELECT id, name FROM opd WHERE id = $1 AND pemda_code = $2',
    [opdId, pemdaCode],
  );
  return found;
}

export async function regionExists(db: Queryable, code: string): Promise<boolean> {
  return (await db.query('SELECT 1 FROM region WHERE code = $1', [code])).length > 0;
}

export const programmeNotFound = (id: number | string) =>
  notFound(problem('PROGRAMME_NOT_FOUND', `Program ${id} tidak ditemukan.`, `No programme ${id} was found.`));

/** An asn_policy programme before its first circular letter has been entered. */
export const programmeWithoutPolicy = (programme: ProgrammeRef) =>
  new AppError(
    'conflict',
    problem(
      'PROGRAMME_NO_POLICY',
      `Program "${programme.name}" belum punya kebijakan (surat edaran). Tambahkan dengan: asuh programme policy add ${programme.key} --pemda ${programme.pemdaCode} --file kebijakan.json`,
      `Programme "${programme.name}" has no policy (circular letter) yet. Add one with: asuh programme policy add ${programme.key} --pemda ${programme.pemdaCode} --file policy.json`,
    ),
  );

/**
 * The policy that governs `on`: the version in force, or before the first one takes effect the
 * first (it says from when the programme starts, so nobody is obliged yet). Null without versions.
 */
export function governingPolicy(row: ProgrammeRow, on: IsoDate): ProgrammePolicy | null {
  const policies = row.versions.map((version) => version.policy);
  return policyInForce(policies, on) ?? policies[0] ?? null;
}

export const programmeRef = (row: ProgrammeRow): ProgrammeRef => ({
  id: row.id,
  pemdaCode: row.pemdaCode,
  key: row.key,
  name: row.name,
  kind: row.kind,
});

/**
 * What a sponsorship under the programme takes on `on`: for an asn_policy programme, the policy in
 * force that day (its contribution and area; before the first version, the first version's terms
 * with `policy` null); for the others, the programme's own columns. Unknown id: not_found.
 */
export async function programmeTermsOn(
  db: Queryable,
  programmeId: number,
  on: IsoDate,
): Promise<ProgrammeTerms> {
  const row = await findProgramme(db, programmeId, EVERYTHING);
  if (!row) throw programmeNotFound(programmeId);
  const programme = programmeRef(row);
  if (row.kind === 'asn_policy') {
    const governing = governingPolicy(row, on);
    if (governing) {
      return {
        programme,
        policy: governing.effectiveFrom <= on ? governing : null,
        programmes: [...governing.contribution.programmes],
        declaredIncome: governing.contribution.declaredIncome,
        areaCode: governing.areaCode,
      };
    }
  }
  if (row.contributionProgrammes === null || row.declaredIncome === null)
    throw programmeWithoutPolicy(programme);
  return {
    programme,
    policy: null,
    programmes: row.contributionProgrammes,
    declaredIncome: row.declaredIncome,
    areaCode: row.areaCode,
  };
}
