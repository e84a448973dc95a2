import type { FundingSource } from '../../core/contributions/schedules.ts';
import type { Queryable } from '../../db/database.ts';

/** Who pays: the sponsor records every way of sponsoring creates or reads. */

export interface SponsorRow extends Record<string, unknown> {
  id: number;
  pemdaCode: string;
  kind: 'asn' | 'apbd' | 'organisation' | 'individual';
  nip: string | null;
  organisationId: number | null;
  name: string;
  fundingSource: FundingSource;
}

const SPONSOR_COLUMNS = `sp.id, sp.pemda_code AS "pemdaCode", sp.kind, sp.nip, sp.organisation_id AS "organisationId",
  coalesce(sa.name, so.name, sp.name) AS name, sp.funding_source AS "fundingSource"`;
export const SPONSOR_FROM = `sponsor sp LEFT JOIN asn sa ON sa.nip = sp.nip LEFT JOIN organisation so ON so.id = sp.organisation_id`;

export async function findSponsor(db: Queryable, id: number): Promise<SponsorRow | undefined> {
  const [row] = await db.query<SponsorRow>(
    `SELECT ${SPONSOR_COLUMNS} FROM ${SPONSOR_FROM} WHERE sp.id = $1`,
    [id],
  );
  return row;
}

/**
 * The sponsor records of these civil servants, made where missing: an ASN pays from their own
 * salary, by payroll deduction, registered under the government's group account. A NIP has one
 * record nationally, so two first uses at once make one. NIP → sponsor id, and how many were made.
 */
export async function ensureAsnSponsors(
  tx: Queryable,
  pemdaCode: string,
  nips: readonly string[],
): Promise<{ ids: Map<string, number>; created: number }> {
  if (nips.length === 0) return { ids: new Map(), created: 0 };
  const added = await tx.query<{ id: number }>(
    `INSERT INTO sponsor (pemda_code, kind, nip, payment_method, funding_source, group_account_type)
     SELECT $1, 'asn', nip, 'payroll_deduction', 'asn', 'SG' FROM (SELECT DISTINCT unnest($2::text[]) AS nip) n
      ORDER BY nip
     ON CONFLICT (nip) WHERE kind = 'asn' DO NOTHING
     RETURNING id`,
    [pemdaCode, nips],
  );
  // A second statement: it sees a record another transaction committed while the insert waited on
  // it, which the insert's own snapshot would not.
  const rows = await tx.query<{ id: number; nip: string }>(
    `SELECT id, nip FROM sponsor WHERE kind = 'asn' AND nip = ANY($1::text[])`,
    [nips],
  );
  return { ids: new Map(rows.map((row) => [row.nip, row.id])), created: added.length };
}

export async function ensureAsnSponsor(tx: Queryable, nip: string, pemdaCode: string): Promise<number> {
  const { ids } = await ensureAsnSponsors(tx, pemdaCode, [nip]);
  return ids.get(nip)!;
}

/** Holds the sponsor until the transaction ends, so two additions are counted against the limit in turn. */
export async function lockSponsor(tx: Queryable, id: number): Promise<void> {
  await tx.query('SELECT id FROM sponsor WHERE id = $1 FOR UPDATE', [id]);
}

/** The APBD's budget line of a Pemda, one per Pemda and name. */
export async function ensureApbdSponsor(tx: Queryable, pemdaCode: string, name: string): Promise<number> {
  return ensureNamedSponsor(tx, pemdaCode, 'apbd', name, ['budget', 'apbd', 'SG']);
}

/** An individual donor, known by name within a Pemda; contact details fill in when first given. */
export async function ensureIndividualSponsor(
  tx: Queryable,
  pemdaCode: string,
  name: string,
  contact: { phone: string | null; email: string | null },
): Promise<number> {
  const id = await ensureNamedSponsor(tx, pemdaCode, 'individual', name, ['transfer', 'individual', null]);
  await tx.query(
    'UPDATE sponsor SET phone = coalesce(phone, $2), email = coalesce(email, $3) WHERE id = $1',
    [id, contact.phone, contact.email],
  );
  return id;
}

async function ensureNamedSponsor(
  tx: Queryable,
  pemdaCode: string,
  kind: 'apbd' | 'individual',
  name: string,
  [method, funding, group]: readonly [string, string, string | null],
): Promise<number> {
  await tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [4_127_012, `${pemdaCode} ${kind}`]);
  const [found] = await tx.query<{ id: number }>(
    `SELECT id FROM sponsor WHERE pemda_code = $1 AND kind = $2 AND lower(name) = lower($3) ORDER BY id LIMIT 1`,
    [pemdaCode, kind, name],
  );
  if (found) return found.id;
  const [row] = await tx.query<{ id: number }>(
    `INSERT INTO sponsor (pemda_code, kind, name, payment_method, funding_source, group_account_type)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [pemdaCode, kind, name, method, funding, group],
  );
  return row!.id;
}

/** A company's one sponsor record in a Pemda (the CSR's `organisation`), its area kept once given. */
export async function ensureOrganisationSponsorRecord(
  tx: Queryable,
  pemdaCode: string,
  organisationId: number,
  areaCode: string | null,
): Promise<number> {
  const [sponsor] = await tx.query<{ id: number }>(
    `INSERT INTO sponsor (pemda_code, kind, organisation_id, payment_method, funding_source, group_account_type,
                          area_code)
     VALUES ($1, 'organisation', $2, 'transfer', 'csr', 'SC', $3)
     ON CONFLICT (pemda_code, organisation_id) WHERE kind = 'organisation'
     DO UPDATE SET area_code = coalesce(sponsor.area_code, excluded.area_code)
     RETURNING id`,
    [pemdaCode, organisationId, areaCode],
  );
  return sponsor!.id;
}
