import type { Queryable } from '../../db/database.ts';
import { Where } from '../../db/where.ts';
import type { ScopeCondition } from '../../platform/access/scopes.ts';
import { utc } from './billing-repository.ts';
import type { Bill, BillDocument, BillLine } from './billing-types.ts';

/** Bills as their readers see them, their lines and deduction lists, and the corrections of charges. */

/** Bills, against a `bill` alias: the caller's scope as the service builds it. */
export interface BillFilter {
  scope: ScopeCondition;
  id?: number;
  pemdaCode?: string;
  period?: string;
  opdId?: number;
  document?: BillDocument;
}

function billWhere(filter: BillFilter): Where {
  const where = new Where().addNumbered(filter.scope, 'b');
  if (filter.id !== undefined) where.add(`b.id = ${where.param(filter.id)}`);
  if (filter.pemdaCode !== undefined) where.add(`b.pemda_code = ${where.param(filter.pemdaCode)}`);
  if (filter.period !== undefined) where.add(`b.period = ${where.param(`${filter.period}-01`)}::date`);
  if (filter.opdId !== undefined) where.add(`b.opd_id = ${where.param(filter.opdId)}`);
  if (filter.document !== undefined) where.add(`b.document = ${where.param(filter.document)}`);
  return where;
}

const BILL_COLUMNS = `b.id, b.reference, b.pemda_code AS "pemdaCode", to_char(b.period, 'YYYY-MM') AS period,
  b.document,
  json_build_object('kind', CASE WHEN b.opd_id IS NULL THEN 'sponsor' ELSE 'opd' END,
                    'id', coalesce(b.opd_id, b.sponsor_id),
                    'name', coalesce(o.name, sa.name, so.name, sp.name)) AS payer,
  b.member_count AS "memberCount", b.billed_amount AS "billedAmount", b.paid_amount AS "paidAmount",
  b.reconciled_amount AS "reconciledAmount", b.reversed_amount AS "reversedAmount",
  ${utc('b.due_at')} AS "dueAt", ${utc('b.issued_at')} AS "issuedAt", b.billing_run_id AS "billingRunId"`;

const BILL_FROM = `bill b
  LEFT JOIN opd o ON o.id = b.opd_id
  LEFT JOIN sponsor sp ON sp.id = b.sponsor_id
  LEFT JOIN asn sa ON sa.nip = sp.nip
  LEFT JOIN organisation so ON so.id = sp.organisation_id`;

export interface BillTotals extends Record<string, unknown> {
  total: number;
  billedAmount: number;
  paidAmount: number;
  memberCount: number;
}

export async function searchBills(
  db: Queryable,
  filter: BillFilter,
  paging: { page: number; pageSize: number },
): Promise<{ items: Bill[]; totals: BillTotals }> {
  const where = billWhere(filter);
  const [totals] = (await db.query<BillTotals>(
    `SELECT count(*) AS total, coalesce(sum(b.billed_amount), 0)::bigint AS "billedAmount",
            coalesce(sum(b.paid_amount), 0)::bigint AS "paidAmount",
            coalesce(sum(b.member_count), 0)::bigint AS "memberCount"
       FROM bill b WHERE ${where}`,
    where.params,
  )) as [BillTotals];
  const limit = where.param(paging.pageSize);
  const offset = where.param((paging.page - 1) * paging.pageSize);
  const items = await db.query<Bill & Record<string, unknown>>(
    `SELECT ${BILL_COLUMNS} FROM ${BILL_FROM} WHERE ${where}
      ORDER BY b.period DESC, b.reference LIMIT ${limit} OFFSET ${offset}`,
    where.params,
  );
  return { items, totals };
}

export async function billLines(db: Queryable, billId: number): Promise<BillLine[]> {
  return db.query<BillLine & Record<string, unknown>>(
    `SELECT c.id, c.kind, to_char(c.period, 'YYYY-MM') AS period, c.nik, c.worker_name AS "workerName",
            c.sponsor_name AS "sponsorName", c.sponsor_nip AS "sponsorNip", c.jkk, c.jkm, c.jht, c.amount,
            c.schedule, c.paid_amount AS "paidAmount", c.status, c.adjusts_id AS "adjustsId"
       FROM contribution c WHERE c.bill_id = $1
      ORDER BY c.sponsor_nip NULLS LAST, c.sponsor_name, c.worker_name, c.nik, c.period, c.id`,
    [billId],
  );
}

/** What a correction needs of the charge it corrects. */
export interface ChargeFacts extends Record<string, unknown> {
  id: number;
  kind: 'charge' | 'adjustment';
  pemdaCode: string;
  period: string;
  jkk: number;
  jkm: number;
  jht: number;
  amount: number;
  /** Corrections already made to it, billed or waiting. */
  adjusted: number;
  pending: boolean;
}

export async function findCharge(db: Queryable, id: number): Promise<ChargeFacts | undefined> {
  const [row] = await db.query<ChargeFacts>(
    `SELECT c.id, c.kind, c.pemda_code AS "pemdaCode", to_char(c.period, 'YYYY-MM') AS period,
            c.jkk, c.jkm, c.jht, c.amount,
            (SELECT coalesce(sum(ba.amount), 0) FROM billing_adjustment ba WHERE ba.contribution_id = c.id)::bigint
              AS adjusted,
            EXISTS (SELECT 1 FROM billing_adjustment ba WHERE ba.contribution_id = c.id AND ba.line_id IS NULL)
              AS pending
       FROM contribution c WHERE c.id = $1 FOR UPDATE`,
    [id],
  );
  return row;
}

export async function insertAdjustment(
  tx: Queryable,
  adjustment: {
    pemdaCode: string;
    contributionId: number;
    jkk: number;
    jkm: number;
    jht: number;
    reason: string;
    userId: number | null;
  },
): Promise<{ id: number }> {
  const [row] = await tx.query<{ id: number }>(
    `INSERT INTO billing_adjustment (pemda_code, contribution_id, jkk, jkm, jht, amount, reason, created_by)
     VALUES ($1, $2, $3, $4, $5, $3::bigint + $4::bigint + $5::bigint, $6, $7) RETURNING id`,
    [
      adjustment.pemdaCode,
      adjustment.contributionId,
      adjustment.jkk,
      adjustment.jkm,
      adjustment.jht,
      adjustment.reason,
      adjustment.userId,
    ],
  );
  return row!;
}

/** The ASN of a payroll deduction bill, one row each, as the deduction list shows them. */
export interface DeductionRow extends Record<string, unknown> {
  nip: string;
  name: string;
  workers: number;
  workerList: { name: string; nik: string }[];
  amount: number;
}

export async function deductionRows(db: Queryable, billId: number): Promise<DeductionRow[]> {
  return db.query<DeductionRow>(
    `SELECT c.sponsor_nip AS nip, min(c.sponsor_name) AS name, count(DISTINCT c.nik)::int AS workers,
            (SELECT json_agg(json_build_object('name', x.worker_name, 'nik', x.nik) ORDER BY x.worker_name, x.nik)
               FROM (SELECT DISTINCT worker_name, nik FROM contribution
                      WHERE bill_id = $1 AND sponsor_nip = c.sponsor_nip) x) AS "workerList",
            sum(c.amount)::bigint AS amount
       FROM contribution c WHERE c.bill_id = $1
      GROUP BY c.sponsor_nip ORDER BY c.sponsor_nip`,
    [billId],
  );
}

/** The OPD's name as the bill names its payer, and the Pemda's. */
export async function billHeading(
  db: Queryable,
  billId: number,
): Promise<{ pemdaName: string; opdName: string | null } | undefined> {
  const [row] = await db.query<{ pemdaName: string; opdName: string | null }>(
    `SELECT p.name AS "pemdaName", o.name AS "opdName"
       FROM bill b JOIN pemda p ON p.code = b.pemda_code LEFT JOIN opd o ON o.id = b.opd_id
      WHERE b.id = $1`,
    [billId],
  );
  return row;
}
