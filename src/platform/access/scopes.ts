import type { Actor } from '../../core/access.ts';
import { readablePemdas } from './policy.ts';

/**
 * A caller's scope as a SQL condition: every registry query adds one, so what a role may not see
 * is never read, whichever route asks. `sql(ref, firstParam)` renders it against a column or
 * alias with its parameters numbered from `firstParam`.
 */
export interface ScopeCondition {
  sql: (ref: string, firstParam: number) => string;
  params: unknown[];
}

/** No condition: a command run on the server, or a national monitor. */
export const EVERYTHING: ScopeCondition = { sql: () => 'true', params: [] };
/** Nothing at all: a role with no read of this kind. */
export const NOTHING: ScopeCondition = { sql: () => 'false', params: [] };

/** Rows whose `pemda_code` column (`ref`) the actor may read Pemda-wide. */
export function pemdaScope(actor: Actor): ScopeCondition {
  const readable = readablePemdas(actor);
  switch (readable.kind) {
    case 'all':
      return EVERYTHING;
    case 'province':
      // A province's own Pemda (`35`) and every regency and city in it (`35.02`).
      return {
        sql: (ref, n) => `(${ref} = $${n} OR ${ref} LIKE $${n} || '.%')`,
        params: [readable.provinceCode],
      };
    case 'list':
      return { sql: (ref, n) => `${ref} = ANY($${n}::text[])`, params: [readable.codes] };
    case 'none':
      return NOTHING;
  }
}

/** The Pemda an actor belongs to or watches: its summary page, not its registry. */
export function pemdaSummaryScope(actor: Actor): ScopeCondition {
  if (actor.role === 'opd_head' || actor.role === 'asn') {
    return { sql: (ref, n) => `${ref} = $${n}`, params: [actor.pemdaCode] };
  }
  return pemdaScope(actor);
}

/** Civil servants, against an `asn` row alias: an OPD head sees their OPD's staff, an ASN themself. */
export function asnScope(actor: Actor): ScopeCondition {
  switch (actor.role) {
    case 'opd_head':
      return { sql: (ref, n) => `${ref}.opd_id = $${n}`, params: [actor.opdId] };
    case 'asn':
      return { sql: (ref, n) => `${ref}.nip = $${n}`, params: [actor.nip] };
    case 'sponsor_org':
      return NOTHING;
    default: {
      const pemda = pemdaScope(actor);
      return { sql: (ref, n) => pemda.sql(`${ref}.pemda_code`, n), params: pemda.params };
    }
  }
}

/**
 * Sponsorships, against a `sponsorship` row alias: Pemda-wide roles read their Pemda's; an ASN
 * their own; an OPD head those their OPD's ASN pay for; a sponsor organisation its own, in any
 * Pemda.
 */
export function sponsorshipScope(actor: Actor): ScopeCondition {
  const bySponsor = (condition: (param: string) => string, value: unknown): ScopeCondition => ({
    sql: (ref, n) =>
      `${ref}.sponsor_id IN (SELECT scope_sp.id FROM sponsor scope_sp WHERE ${condition(`$${n}`)})`,
    params: [value],
  });
  switch (actor.role) {
    case 'asn':
      return bySponsor((nip) => `scope_sp.kind = 'asn' AND scope_sp.nip = ${nip}`, actor.nip);
    case 'opd_head':
      return bySponsor(
        (opd) =>
          `scope_sp.kind = 'asn' AND scope_sp.nip IN (SELECT scope_a.nip FROM asn scope_a WHERE scope_a.opd_id = ${opd})`,
        actor.opdId,
      );
    case 'sponsor_org':
      return bySponsor(
        (organisation) => `scope_sp.kind = 'organisation' AND scope_sp.organisation_id = ${organisation}`,
        actor.organisationId,
      );
    default: {
      const pemda = pemdaScope(actor);
      return { sql: (ref, n) => pemda.sql(`${ref}.pemda_code`, n), params: pemda.params };
    }
  }
}

/**
 * Workers, against a `worker` row alias: those in the registry of a Pemda the actor reads. OPD
 * heads, ASN and sponsor organisations reach workers only through the sponsorships they see
 * (`sponsorshipScope`), whatever their status: an ASN who proposed a worker knows them.
 */
export function workerScope(actor: Actor): ScopeCondition {
  if (actor.role === 'asn' || actor.role === 'opd_head' || actor.role === 'sponsor_org') {
    const sponsored = sponsorshipScope(actor);
    return {
      sql: (ref, n) =>
        `${ref}.nik IN (SELECT scope_s.nik FROM sponsorship scope_s WHERE ${sponsored.sql('scope_s', n)})`,
      params: sponsored.params,
    };
  }
  const pemda = pemdaScope(actor);
  if (pemda === NOTHING) return NOTHING;
  if (pemda === EVERYTHING) return EVERYTHING;
  return {
    sql: (ref, n) =>
      `EXISTS (SELECT 1 FROM pemda_worker scope_pw WHERE scope_pw.nik = ${ref}.nik AND ${pemda.sql('scope_pw.pemda_code', n)})`,
    params: pemda.params,
  };
}

// Pemda, registry, imports, enrolment, auth, audit

/**
 * Which audit entries the actor may read, as the Pemda filter to apply: a national monitor reads
 * any (all, or the one asked for), a Pemda admin their own Pemda's; null when the request is out
 * of scope.
 */
export function auditLogScope(
  actor: Actor,
  requested: string | undefined,
): { pemdaCode: string | null } | null {
  if (actor.role === 'national') return { pemdaCode: requested ?? null };
  if (actor.role === 'pemda_admin' && (requested === undefined || requested === actor.pemdaCode)) {
    return { pemdaCode: actor.pemdaCode };
  }
  return null;
}

// Programmes and cohorts

/**
 * The rows of a programme's compliance list an actor reads, within a Pemda they read: an OPD head
 * their OPD's staff, an ASN their own row, everyone else the whole roster.
 */
export function complianceReach(actor: Actor): { opdId?: number; nips?: string[] } {
  switch (actor.role) {
    case 'opd_head':
      return { opdId: actor.opdId };
    case 'asn':
      return { nips: [actor.nip] };
    default:
      return {};
  }
}

/** Cohort, CSR and donor programmes a caller may read, against a `programme` alias. */
export function cohortScope(actor: Actor): ScopeCondition {
  if (actor.role === 'sponsor_org') {
    return {
      sql: (ref, n) =>
        `EXISTS (SELECT 1 FROM sponsor scope_s
                  WHERE scope_s.organisation_id = $${n}
                    AND (scope_s.id = ${ref}.sponsor_id
                         OR EXISTS (SELECT 1 FROM sponsorship scope_x
                                     WHERE scope_x.programme_id = ${ref}.id AND scope_x.sponsor_id = scope_s.id)))`,
      params: [actor.organisationId],
    };
  }
  if (actor.role === 'opd_head' || actor.role === 'asn') return NOTHING;
  const pemda = pemdaScope(actor);
  return { sql: (ref, n) => pemda.sql(`${ref}.pemda_code`, n), params: pemda.params };
}

/**
 * Sponsors a caller may read, against a `sponsor` alias: Pemda-wide readers their Pemda's, an OPD
 * head the ASN of their OPD, an ASN themself, a sponsor organisation its own records.
 */
export function sponsorScope(actor: Actor): ScopeCondition {
  switch (actor.role) {
    case 'opd_head':
      return {
        sql: (ref, n) =>
          `EXISTS (SELECT 1 FROM asn scope_a WHERE scope_a.nip = ${ref}.nip AND scope_a.opd_id = $${n})`,
        params: [actor.opdId],
      };
    case 'asn':
      return { sql: (ref, n) => `${ref}.nip = $${n}`, params: [actor.nip] };
    case 'sponsor_org':
      return { sql: (ref, n) => `${ref}.organisation_id = $${n}`, params: [actor.organisationId] };
    default: {
      const pemda = pemdaScope(actor);
      return { sql: (ref, n) => pemda.sql(`${ref}.pemda_code`, n), params: pemda.params };
    }
  }
}

// Billing, payments, coverage, claims, arrears

/** A sponsor organisation's own rows, against an alias with a `sponsor_id` column, in any Pemda. */
function sponsorOrganisationScope(organisationId: number): ScopeCondition {
  return {
    sql: (ref, n) =>
      `${ref}.sponsor_id IN (SELECT scope_sp.id FROM sponsor scope_sp WHERE scope_sp.kind = 'organisation' AND scope_sp.organisation_id = $${n})`,
    params: [organisationId],
  };
}

/** Rows of an alias with a `pemda_code` column, for the Pemda the actor reads Pemda-wide. */
function pemdaColumnScope(actor: Actor): ScopeCondition {
  const pemda = pemdaScope(actor);
  return { sql: (ref, n) => pemda.sql(`${ref}.pemda_code`, n), params: pemda.params };
}

/**
 * Bills, against a `bill` alias: Pemda-wide readers their Pemda's; an OPD head their OPD's
 * deduction list; a sponsor organisation its own invoices, in any Pemda.
 */
export function billScope(actor: Actor | null): ScopeCondition {
  if (actor === null) return EVERYTHING;
  switch (actor.role) {
    case 'opd_head':
      return { sql: (ref, n) => `${ref}.opd_id = $${n}`, params: [actor.opdId] };
    case 'sponsor_org':
      return sponsorOrganisationScope(actor.organisationId);
    case 'asn':
      return NOTHING;
    default:
      return pemdaColumnScope(actor);
  }
}

/** Billing runs, against their `pemda_code` column. */
export function billingRunScope(actor: Actor | null): ScopeCondition {
  return actor === null ? EVERYTHING : pemdaScope(actor);
}

/**
 * Contribution lines, against a `contribution` alias: Pemda-wide readers their Pemda's; an OPD
 * head the deductions of their OPD's payroll (the compliance they must check); an ASN their own;
 * a sponsor organisation its own, in any Pemda.
 */
export function contributionScope(actor: Actor | null): ScopeCondition {
  if (actor === null) return EVERYTHING;
  switch (actor.role) {
    case 'opd_head':
      return { sql: (ref, n) => `${ref}.opd_id = $${n}`, params: [actor.opdId] };
    case 'asn':
      return { sql: (ref, n) => `${ref}.sponsor_nip = $${n}`, params: [actor.nip] };
    case 'sponsor_org':
      return sponsorOrganisationScope(actor.organisationId);
    default:
      return pemdaColumnScope(actor);
  }
}

/** Claims, against the claim alias: those of the Pemda the caller reads Pemda-wide. */
export function claimScope(actor: Actor | null): ScopeCondition {
  return actor === null ? EVERYTHING : pemdaColumnScope(actor);
}

/**
 * Who learns who pays for a worker, as the sponsorship feature decides it: the paying Pemda's
 * admins and BPJSTK officers and the payer itself; monitors and OPD heads learn only that
 * somebody pays.
 */
export function payerDisclosure(actor: Actor | null): ScopeCondition {
  if (actor === null) return EVERYTHING;
  const disclosing = ['pemda_admin', 'bpjstk_officer', 'asn', 'sponsor_org'].includes(actor.role);
  return disclosing ? sponsorshipScope(actor) : NOTHING;
}
