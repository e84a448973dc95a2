import type { Benefit } from '../../core/benefits.ts';
import type { CoverageAnswer } from '../../core/coverage.ts';
import type { Queryable } from '../../db/database.ts';
import { Where } from '../../db/where.ts';
import type { ScopeCondition } from '../../platform/access/scopes.ts';
import type { ClaimStatus } from './claim-types.ts';

/** A claim as stored, with the worker's name and who paid for the month of the incident. */
export interface ClaimRow extends Record<string, unknown> {
  id: number;
  pemdaCode: string;
  nik: string;
  workerName: string;
  type: 'jkm' | 'jkk';
  benefit: 'death' | 'permanent_disability' | 'temporary_incapacity' | 'medical';
  incidentDate: string;
  filedOn: string;
  documents: string[];
  children: { name?: string; level: string }[];
  enteredAmount: number | null;
  membershipSince: string | null;
  note: string | null;
  status: ClaimStatus;
  decisionCode: string | null;
  decisionId: string | null;
  decisionEn: string | null;
  coverage: CoverageAnswer | null;
  fundingSource: string | null;
  declaredIncome: number | null;
  programme: { id: number; name: string } | null;
  sponsor: { id: number; name: string } | null;
  disclosed: boolean;
  breakdown: Benefit | null;
  benefitAmount: number | null;
  paidAmount: number | null;
  paidOn: string | null;
  paymentReference: string | null;
  createdAt: string;
}

export interface ClaimFilter {
  /** Against the claim alias `cl`. */
  scope: ScopeCondition;
  /** Against the sponsorship alias `s`: whether the caller may learn who paid. */
  disclose: ScopeCondition;
  id?: number;
  pemdaCode?: string;
  status?: ClaimStatus;
  type?: 'jkm' | 'jkk';
  nik?: string;
}

function claimWhere(filter: ClaimFilter): Where {
  const where = new Where().addNumbered(filter.scope, 'cl');
  if (filter.id !== undefined) where.add(`cl.id = ${where.param(filter.id)}`);
  if (filter.pemdaCode) where.add(`cl.pemda_code = ${where.param(filter.pemdaCode)}`);
  if (filter.status) where.add(`cl.status = ${where.param(filter.status)}`);
  if (filter.type) where.add(`cl.type = ${where.param(filter.type)}`);
  if (filter.nik) where.add(`cl.nik = ${where.param(filter.nik)}`);
  return where;
}

export async function searchClaims(
  db: Queryable,
  filter: ClaimFilter,
  paging: { page: number; pageSize: number },
): Promise<{ items: ClaimRow[]; total: number }> {
  const where = claimWhere(filter);
  const [{ total }] = (await db.query<{ total: number }>(
    `SELECT count(*)::int AS total FROM claim cl WHERE ${where}`,
    where.params,
  )) as [{ total: number }];
  const disclose = filter.disclose.sql('s', where.params.length + 1);
  const n = where.params.length + filter.disclose.params.length;
  const items = await db.query<ClaimRow>(
    `SELECT cl.id, cl.pemda_code AS "pemdaCode", cl.nik, w.name AS "workerName", cl.type, cl.benefit,
            cl.incident_date AS "incidentDate", cl.filed_on AS "filedOn", cl.documents, cl.children,
            cl.entered_amount AS "enteredAmount", cl.membership_since AS "membershipSince", cl.note, cl.status,
            cl.decision_code AS "decisionCode", cl.decision_id AS "decisionId", cl.decision_en AS "decisionEn",
            cl.coverage, cl.funding_source AS "fundingSource", cl.declared_income AS "declaredIncome",
            CASE WHEN p.id IS NULL THEN NULL ELSE json_build_object('id', p.id, 'name', p.name) END AS programme,
            CASE WHEN sp.id IS NULL THEN NULL
                 ELSE json_build_object('id', sp.id, 'name', coalesce(a.name, o.name, sp.name)) END AS sponsor,
            coalesce(s.id IS NOT NULL AND (${disclose}), false) AS disclosed,
            cl.benefit_breakdown AS breakdown, cl.benefit_amount AS "benefitAmount", cl.paid_amount AS "paidAmount",
            cl.paid_on AS "paidOn", cl.payment_reference AS "paymentReference",
            to_char(cl.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "createdAt"
       FROM claim cl
       JOIN worker w ON w.nik = cl.nik
       LEFT JOIN sponsorship s ON s.id = cl.sponsorship_id
       LEFT JOIN programme p ON p.id = cl.programme_id
       LEFT JOIN sponsor sp ON sp.id = cl.sponsor_id
       LEFT JOIN asn a ON a.nip = sp.nip
       LEFT JOIN organisation o ON o.id = sp.organisation_id
      WHERE ${where}
      ORDER BY cl.id DESC
      LIMIT $${n + 1} OFFSET $${n + 2}`,
    [...where.params, ...filter.disclose.params, paging.pageSize, (paging.page - 1) * paging.pageSize],
  );
  return { items, total };
}

export interface ClaimEventRow extends Record<string, unknown> {
  claimId: number;
  from: ClaimStatus | null;
  to: ClaimStatus;
  at: string;
  by: string | null;
  reason: string | null;
}

export async function claimEvents(db: Queryable, claimIds: readonly number[]): Promise<ClaimEventRow[]> {
  return db.query<ClaimEventRow>(
    `SELECT claim_id AS "claimId", from_status AS "from", to_status AS "to",
            to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS at, username AS by, reason
       FROM claim_event WHERE claim_id = ANY($1::int8[]) ORDER BY claim_id, id`,
    [claimIds],
  );
}

export interface NewClaim {
  pemdaCode: string;
  nik: string;
  type: string;
  benefit: string;
  incidentDate: string;
  filedOn: string;
  documents: readonly string[];
  children: readonly { name?: string | undefined; level: string }[];
  enteredAmount: number | null;
  membershipSince: string | null;
  note: string | null;
  userId: number | null;
}

/** Inserts a claim; undefined when the same incident is already claimed. */
export async function insertClaim(tx: Queryable, c: NewClaim): Promise<number | undefined> {
  const [row] = await tx.query<{ id: number }>(
    `INSERT INTO claim (pemda_code, nik, type, benefit, incident_date, filed_on, documents, children, entered_amount,
                        membership_since, note, registered_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
     ON CONFLICT (nik, type, benefit, incident_date) DO NOTHING
     RETURNING id`,
    [
      c.pemdaCode,
      c.nik,
      c.type,
      c.benefit,
      c.incidentDate,
      c.filedOn,
      c.documents,
      JSON.stringify(c.children),
      c.enteredAmount,
      c.membershipSince,
      c.note,
      c.userId,
    ],
  );
  return row?.id;
}

export async function findClaimId(
  db: Queryable,
  c: { nik: string; type: string; benefit: string; incidentDate: string },
): Promise<number | undefined> {
  const [row] = await db.query<{ id: number }>(
    'SELECT id FROM claim WHERE nik = $1 AND type = $2 AND benefit = $3 AND incident_date = $4',
    [c.nik, c.type, c.benefit, c.incidentDate],
  );
  return row?.id;
}

/** Another death claim of the worker that is not refused: a person dies once. */
export async function otherDeathClaim(
  db: Queryable,
  nik: string,
  exceptId: number | null,
): Promise<{ id: number; incidentDate: string } | undefined> {
  const [row] = await db.query<{ id: number; incidentDate: string }>(
    `SELECT id, incident_date AS "incidentDate" FROM claim
      WHERE nik = $1 AND benefit = 'death' AND status <> 'refused' AND id IS DISTINCT FROM $2
      ORDER BY id LIMIT 1`,
    [nik, exceptId],
  );
  return row;
}

/** Locks the claim's row for a move, returning its status. */
export async function lockClaim(tx: Queryable, id: number): Promise<ClaimStatus | undefined> {
  const [row] = await tx.query<{ status: ClaimStatus }>('SELECT status FROM claim WHERE id = $1 FOR UPDATE', [
    id,
  ]);
  return row?.status;
}

export interface Decision {
  status: 'eligible' | 'refused';
  code: string;
  message: { id: string; en: string };
  coverage: CoverageAnswer;
  sponsorshipId: number | null;
  programmeId: number | null;
  sponsorId: number | null;
  fundingSource: string | null;
  declaredIncome: number;
  benefit: Benefit | null;
  userId: number | null;
}

export async function saveDecision(tx: Queryable, id: number, d: Decision): Promise<void> {
  await tx.query(
    `UPDATE claim
        SET status = $2, decision_code = $3, decision_id = $4, decision_en = $5, coverage = $6,
            sponsorship_id = $7, programme_id = $8, sponsor_id = $9, funding_source = $10, declared_income = $11,
            benefit_breakdown = $12, benefit_amount = $13, decided_by = $14, decided_at = now(), updated_at = now()
      WHERE id = $1`,
    [
      id,
      d.status,
      d.code,
      d.message.id,
      d.message.en,
      JSON.stringify(d.coverage),
      d.sponsorshipId,
      d.programmeId,
      d.sponsorId,
      d.fundingSource,
      d.declaredIncome,
      d.benefit ? JSON.stringify(d.benefit) : null,
      d.benefit?.total ?? null,
      d.userId,
    ],
  );
}

export async function markApproved(tx: Queryable, id: number, userId: number | null): Promise<void> {
  await tx.query(
    `UPDATE claim SET status = 'approved', approved_by = $2, approved_at = now(), updated_at = now() WHERE id = $1`,
    [id, userId],
  );
}

export async function markPaid(
  tx: Queryable,
  id: number,
  p: { paidOn: string; reference: string | null; userId: number | null },
): Promise<void> {
  await tx.query(
    `UPDATE claim SET status = 'paid', paid_amount = benefit_amount, paid_on = $2, payment_reference = $3,
                      paid_by = $4, updated_at = now()
      WHERE id = $1`,
    [id, p.paidOn, p.reference, p.userId],
  );
}

export async function insertClaimEvent(
  tx: Queryable,
  e: {
    claimId: number;
    from: ClaimStatus | null;
    to: ClaimStatus;
    userId: number | null;
    username: string | null;
    reason: string | null;
  },
): Promise<void> {
  await tx.query(
    `INSERT INTO claim_event (claim_id, from_status, to_status, user_id, username, reason)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [e.claimId, e.from, e.to, e.userId, e.username, e.reason],
  );
}

export interface RoiDbRow extends Record<string, unknown> {
  fundingSource: string | null;
  programme: { id: number; key: string; name: string } | null;
  contributionsPaid: number;
  workers: number;
  benefitsPaid: number;
  claimsPaid: number;
}

/**
 * Contributions paid against benefits paid, by funding source and programme: the contributions
 * of the months in range, the claims paid in it.
 */
export async function roiRows(
  db: Queryable,
  p: { pemdaCode: string; from: string | null; to: string | null },
): Promise<RoiDbRow[]> {
  return db.query<RoiDbRow>(
    `WITH paid AS (
       SELECT c.funding_source, s.programme_id, sum(c.paid_amount)::int8 AS contributions_paid,
              count(DISTINCT c.nik) FILTER (WHERE c.paid_amount > 0)::int AS workers
         FROM contribution c JOIN sponsorship s ON s.id = c.sponsorship_id
        WHERE c.pemda_code = $1
          AND ($2::date IS NULL OR c.period >= $2::date) AND ($3::date IS NULL OR c.period <= $3::date)
        GROUP BY 1, 2
     ),
     benefit AS (
       SELECT funding_source, programme_id, sum(paid_amount)::int8 AS benefits_paid, count(*)::int AS claims_paid
         FROM claim
        WHERE pemda_code = $1 AND status = 'paid'
          AND ($2::date IS NULL OR paid_on >= $2::date)
          AND ($3::date IS NULL OR paid_on < ($3::date + interval '1 month'))
        GROUP BY 1, 2
     )
     SELECT coalesce(pd.funding_source, b.funding_source) AS "fundingSource",
            CASE WHEN pr.id IS NULL THEN NULL ELSE json_build_object('id', pr.id, 'key', pr.key, 'name', pr.name) END AS programme,
            coalesce(pd.contributions_paid, 0)::int8 AS "contributionsPaid", coalesce(pd.workers, 0)::int AS workers,
            coalesce(b.benefits_paid, 0)::int8 AS "benefitsPaid", coalesce(b.claims_paid, 0)::int AS "claimsPaid"
       FROM paid pd
       FULL JOIN benefit b
         ON coalesce(b.funding_source, '') = coalesce(pd.funding_source, '')
        AND coalesce(b.programme_id, 0) = coalesce(pd.programme_id, 0)
       LEFT JOIN programme pr ON pr.id = coalesce(pd.programme_id, b.programme_id)
      ORDER BY 1 NULLS LAST, pr.name NULLS LAST`,
    [p.pemdaCode, p.from, p.to],
  );
}
