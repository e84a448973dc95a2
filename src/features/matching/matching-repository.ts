import type { IsoDate } from '../../core/calendar.ts';
import type { Queryable } from '../../db/database.ts';
import type { ScopeCondition } from '../../platform/access/scopes.ts';
import type { LevelCounts, MatchFill, MatchRun } from './matching-types.ts';

/** A programme the matcher can fill: an ASN policy's civil servants, or a CSR order's company. */
export interface MatchableProgramme {
  id: number;
  key: string;
  name: string;
  kind: 'asn_policy' | 'csr';
  active: boolean;
  areaCode: string | null;
  targetWorkers: number | null;
  /** The company paying for a CSR programme (`programme.sponsor_id`); null for an ASN policy. */
  sponsorId: number | null;
}

/** The Pemda's programmes by key, the ASN policies first: they are matched first. */
export async function matchableProgrammes(
  db: Queryable,
  pemdaCode: string,
  key?: string,
): Promise<(Omit<MatchableProgramme, 'kind'> & { kind: string })[]> {
  return db.query(
    `SELECT id, key, name, kind, active, area_code AS "areaCode", target_workers AS "targetWorkers",
            sponsor_id AS "sponsorId"
       FROM programme
      WHERE pemda_code = $1 AND ($2::text IS NULL OR key = $2)
      ORDER BY kind <> 'asn_policy', key`,
    [pemdaCode, key ?? null],
  );
}

export interface AsnPlace {
  nip: string;
  name: string;
  villageCode: string | null;
  /** Their sponsor record, once they have one, and whether it still pays. */
  sponsorId: number | null;
  sponsorActive: boolean;
}

/** Where each active ASN of the Pemda lives: matching starts from their home village. */
export async function asnPlaces(db: Queryable, pemdaCode: string): Promise<AsnPlace[]> {
  return db.query<AsnPlace & Record<string, unknown>>(
    `SELECT a.nip, a.name, a.village_code AS "villageCode", sp.id AS "sponsorId",
            coalesce(sp.active, true) AS "sponsorActive"
       FROM asn a LEFT JOIN sponsor sp ON sp.nip = a.nip AND sp.kind = 'asn'
      WHERE a.pemda_code = $1 AND a.active`,
    [pemdaCode],
  );
}

export interface SponsorPlace {
  id: number;
  name: string;
  areaCode: string | null;
  active: boolean;
}

export async function sponsorPlace(db: Queryable, sponsorId: number): Promise<SponsorPlace | undefined> {
  const [row] = await db.query<SponsorPlace & Record<string, unknown>>(
    `SELECT sp.id, coalesce(o.name, sp.name) AS name, sp.area_code AS "areaCode", sp.active
       FROM sponsor sp LEFT JOIN organisation o ON o.id = sp.organisation_id
      WHERE sp.id = $1`,
    [sponsorId],
  );
  return row;
}

/** Sponsorships of a programme that hold the month of `on`, as compliance counts them. */
export async function heldInProgramme(db: Queryable, programmeId: number, on: IsoDate): Promise<number> {
  const [row] = await db.query<{ held: number }>(
    `SELECT count(*) AS held FROM sponsorship
      WHERE programme_id = $1 AND status <> 'rejected'
        AND first_month <= $2::date AND (end_month IS NULL OR end_month > $2::date)`,
    [programmeId, `${on.slice(0, 7)}-01`],
  );
  return row!.held;
}

/** Workers already offered to a sponsor by an open proposal of a programme this run does not redo. */
export async function openlyProposedNiks(
  db: Queryable,
  pemdaCode: string,
  rerunProgrammeIds: readonly number[],
): Promise<Set<string>> {
  const rows = await db.query<{ nik: string }>(
    `SELECT nik FROM match_proposal
      WHERE pemda_code = $1 AND status = 'open' AND NOT (programme_id = ANY($2::bigint[]))`,
    [pemdaCode, rerunProgrammeIds],
  );
  return new Set(rows.map((row) => row.nik));
}

export interface Declined {
  programmeId: number;
  sponsorKind: string;
  nip: string | null;
  sponsorId: number;
  nik: string;
}

/** What sponsors of these programmes rejected before. */
export async function declinedProposals(db: Queryable, programmeIds: readonly number[]): Promise<Declined[]> {
  return db.query<Declined & Record<string, unknown>>(
    `SELECT mp.programme_id AS "programmeId", sp.kind AS "sponsorKind", sp.nip, sp.id AS "sponsorId", mp.nik
       FROM match_proposal mp JOIN sponsor sp ON sp.id = mp.sponsor_id
      WHERE mp.status = 'rejected' AND mp.programme_id = ANY($1::bigint[])`,
    [programmeIds],
  );
}

/** The names of the regions inside a Pemda, for the reasons ("same village (Slahung)"). */
export async function pemdaRegionNames(db: Queryable, pemdaCode: string): Promise<Map<string, string>> {
  const rows = await db.query<{ code: string; name: string }>(
    `SELECT code, name FROM region WHERE code = $1 OR code LIKE $1 || '.%'`,
    [pemdaCode],
  );
  return new Map(rows.map((row) => [row.code, row.name]));
}

/** Runs that store proposals for one Pemda go one at a time: each sees what the last one left. */
export async function lockPemdaMatching(tx: Queryable, pemdaCode: string): Promise<void> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtext('asuh.match:' || $1))`, [pemdaCode]);
}

export interface RunInsert {
  pemdaCode: string;
  programmeId: number | null;
  on: IsoDate;
  fill: MatchFill;
  parameters: Record<string, unknown>;
  pool: number;
  sponsors: number;
  quota: number;
  proposals: number;
  byLevel: LevelCounts;
  withdrawn: number;
  durationMs: number;
  createdBy: number | null;
}

export async function insertRun(tx: Queryable, run: RunInsert): Promise<number> {
  const [row] = await tx.query<{ id: number }>(
    `INSERT INTO match_run (pemda_code, programme_id, on_date, fill, parameters, pool_workers, sponsors, quota,
                            proposals, by_level, withdrawn, duration_ms, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
    [
      run.pemdaCode,
      run.programmeId,
      run.on,
      run.fill,
      JSON.stringify(run.parameters),
      run.pool,
      run.sponsors,
      run.quota,
      run.proposals,
      JSON.stringify(run.byLevel),
      run.withdrawn,
      run.durationMs,
      run.createdBy,
    ],
  );
  return row!.id;
}

/** The run's duration is known only once its proposals are in. */
export async function setRunDuration(tx: Queryable, runId: number, durationMs: number): Promise<void> {
  await tx.query('UPDATE match_run SET duration_ms = $2 WHERE id = $1', [runId, durationMs]);
}

export const utc = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;

const RUN_SELECT = `
  SELECT r.id, r.pemda_code AS "pemdaCode",
         CASE WHEN p.id IS NULL THEN NULL ELSE json_build_object('id', p.id, 'key', p.key, 'name', p.name) END AS programme,
         to_char(r.on_date, 'YYYY-MM-DD') AS "on", r.fill, r.pool_workers AS pool, r.sponsors, r.quota,
         r.proposals, r.by_level AS "byLevel", r.withdrawn, r.duration_ms AS "durationMs",
         ${utc('r.created_at')} AS "createdAt", u.username AS "createdBy",
         (SELECT json_build_object(
                   'open', count(*) FILTER (WHERE mp.status = 'open'),
                   'accepted', count(*) FILTER (WHERE mp.status = 'accepted'),
                   'rejected', count(*) FILTER (WHERE mp.status = 'rejected'),
                   'withdrawn', count(*) FILTER (WHERE mp.status = 'withdrawn'))
            FROM match_proposal mp WHERE mp.run_id = r.id) AS "statusCounts"
    FROM match_run r
    LEFT JOIN programme p ON p.id = r.programme_id
    LEFT JOIN app_user u ON u.id = r.created_by`;

export async function findRun(
  db: Queryable,
  id: number,
  scope: ScopeCondition,
): Promise<MatchRun | undefined> {
  const [row] = await db.query<MatchRun & Record<string, unknown>>(
    `${RUN_SELECT} WHERE r.id = $1 AND ${scope.sql('r.pemda_code', 2)}`,
    [id, ...scope.params],
  );
  return row;
}

export async function listRuns(db: Queryable, pemdaCode: string, limit: number): Promise<MatchRun[]> {
  return db.query<MatchRun & Record<string, unknown>>(
    `${RUN_SELECT} WHERE r.pemda_code = $1 ORDER BY r.id DESC LIMIT $2`,
    [pemdaCode, limit],
  );
}
