import type { Actor, Role } from '../../core/access.ts';
import { problem } from '../../core/message.ts';
import { AppError } from '../../errors.ts';

/**
 * The access policy: who may do what to which record, decided here and nowhere else. Services ask
 * `requireAccess(actor, action, resource)` before they act (or `may` where a refusal is not an
 * error), and read through the SQL scopes of `./scopes.ts`, which follow the same rules; no other
 * module looks at `actor.role`.
 *
 * Each action is a rule over the caller and the record it touches. A record is described by what
 * the rules need of it (its Pemda, its sponsor), never by a database row.
 */

/** A request that needs a signed-in caller came without a live session. */
export function loginRequired(): AppError {
  return new AppError(
    'unauthenticated',
    problem('LOGIN_REQUIRED', 'Silakan masuk terlebih dahulu.', 'Please sign in first.'),
  );
}

export function forbidden(): AppError {
  return new AppError(
    'forbidden',
    problem(
      'FORBIDDEN',
      'Anda tidak berwenang melakukan ini untuk data tersebut.',
      'You are not allowed to do this for that data.',
    ),
  );
}

/**
 * Full NIKs go only to those who act on a person's identity: the Pemda's administrators who keep
 * the registry, BPJSTK officers who enrol, and an ASN for the workers they sponsor. Monitors, OPD
 * heads and sponsor organisations see `3502********0001`.
 */
export function seesFullNik(actor: Actor): boolean {
  return actor.role === 'pemda_admin' || actor.role === 'bpjstk_officer' || actor.role === 'asn';
}

/** Who may change a Pemda's registry (imports, OPDs, targets). */
export function mayAdministerPemda(actor: Actor, pemdaCode: string): boolean {
  return actor.role === 'pemda_admin' && actor.pemdaCode === pemdaCode;
}

/** The Pemda whose data the actor may read, or `all` for national monitors; `none` where no Pemda-wide read applies. */
export function readablePemdas(
  actor: Actor,
):
  | { kind: 'all' }
  | { kind: 'province'; provinceCode: string }
  | { kind: 'list'; codes: readonly string[] }
  | { kind: 'none' } {
  switch (actor.role) {
    case 'national':
      return { kind: 'all' };
    case 'province':
      return { kind: 'province', provinceCode: actor.provinceCode };
    case 'pemda_admin':
      return { kind: 'list', codes: [actor.pemdaCode] };
    case 'bpjstk_officer':
      return { kind: 'list', codes: actor.pemdaCodes };
    default:
      return { kind: 'none' };
  }
}

/** What a rule may need to know of the record acted on. */
export interface Resource {
  /** The Pemda the record belongs to. */
  pemdaCode?: string | null;
  /** A department (OPD) of that Pemda. */
  opdId?: number;
  /** The role of the user account acted on (created, reset). */
  accountRole?: Role;
  /** The civil servant who pays for it, when an ASN does (a sponsorship, a match proposal). */
  sponsorNip?: string | null;
  /** The sponsor organisation that pays for it, when one does. */
  sponsorOrganisationId?: number | null;
}

type Rule = (actor: Actor, resource: Resource) => boolean;

/** Whether the actor reads the Pemda's data as a whole: the rule `pemdaScope` writes as SQL. */
function readsPemda(actor: Actor, pemdaCode: string): boolean {
  const readable = readablePemdas(actor);
  switch (readable.kind) {
    case 'all':
      return true;
    case 'province':
      return pemdaCode === readable.provinceCode || pemdaCode.startsWith(`${readable.provinceCode}.`);
    case 'list':
      return readable.codes.includes(pemdaCode);
    case 'none':
      return false;
  }
}

/**
 * Pemda admins act for their own Pemda (its payments, coverage, claims, enrolment), BPJSTK
 * officers for the Pemda their branch serves; with no Pemda named, whether the role does so anywhere.
 */
function actsForPemda(actor: Actor, pemdaCode: string | null | undefined): boolean {
  if (pemdaCode === undefined) return actor.role === 'pemda_admin' || actor.role === 'bpjstk_officer';
  if (pemdaCode === null) return false;
  return (
    (actor.role === 'pemda_admin' && actor.pemdaCode === pemdaCode) ||
    (actor.role === 'bpjstk_officer' && actor.pemdaCodes.includes(pemdaCode))
  );
}

/**
 * Every action a service checks, with its rule. Each feature's actions sit together; the name is
 * `<feature>.<verb>`.
 */
const RULES = {
  // Pemda, registry, imports, enrolment, auth, audit
  'pemda.administer': (actor, { pemdaCode }) => pemdaCode != null && mayAdministerPemda(actor, pemdaCode),
  /** Reading a Pemda's data as a whole, as `pemdaScope` reads it in SQL. */
  'pemda.read': (actor, { pemdaCode }) => pemdaCode != null && readsPemda(actor, pemdaCode),
  /** Who may list a Pemda's departments at all: not an ASN, nor a sponsor organisation. */
  'pemda.list_opds': (actor) => actor.role !== 'asn' && actor.role !== 'sponsor_org',
  /** An OPD head reads their own Pemda's departments (their own only) without reading the Pemda. */
  'pemda.own_department': (actor, { pemdaCode }) =>
    actor.role === 'opd_head' && actor.pemdaCode === pemdaCode,
  'pemda.read_opd': (actor, { opdId }) => actor.role !== 'opd_head' || actor.opdId === opdId,
  /** Only Pemda admins import, each into their own Pemda (`pemda.administer`). */
  'imports.use': (actor) => actor.role === 'pemda_admin',
  /** Pemda administrators exchange files with BPJSTK for their Pemda, BPJSTK officers for the Pemda their branch serves. */
  'enrolment.use': (actor) => actor.role === 'pemda_admin' || actor.role === 'bpjstk_officer',
  'enrolment.exchange': (actor, { pemdaCode }) => pemdaCode != null && actsForPemda(actor, pemdaCode),
  /** A national monitor manages any account; a Pemda admin the Pemda-bound accounts of their own Pemda. */
  'users.manage': (actor, { pemdaCode, accountRole }) =>
    actor.role === 'national' ||
    (actor.role === 'pemda_admin' &&
      (accountRole === 'pemda_admin' || accountRole === 'opd_head' || accountRole === 'asn') &&
      pemdaCode === actor.pemdaCode),
  'users.reset_password': (actor) => actor.role === 'national' || actor.role === 'pemda_admin',
  /** The audit log: a national monitor reads any Pemda's, a Pemda admin their own (`auditLogScope`). */
  'audit.read': (actor) => actor.role === 'national' || actor.role === 'pemda_admin',

  // Programmes and cohorts
  'programmes.administer': (actor, { pemdaCode }) =>
    pemdaCode != null && mayAdministerPemda(actor, pemdaCode),
  'cohorts.administer': (actor, { pemdaCode }) => pemdaCode != null && mayAdministerPemda(actor, pemdaCode),

  // Sponsorship, matching, transfers
  /** A civil servant's own page: their sponsorships, the pool near them, the proposals made to them. */
  'sponsorship.self_service': (actor) => actor.role === 'asn',
  /** Adding a sponsorship: an ASN for themself, or the Pemda's administrator for any sponsor. */
  'sponsorship.create': (actor) => actor.role === 'asn' || actor.role === 'pemda_admin',
  /** Verifying, suspending, ending any of the Pemda's sponsorships, and naming who pays. */
  'sponsorship.administer': (actor, { pemdaCode }) =>
    pemdaCode != null && mayAdministerPemda(actor, pemdaCode),
  /** The ASN who pays for a sponsorship ends it themself. */
  'sponsorship.end_own': (actor, { sponsorNip }) =>
    actor.role === 'asn' && sponsorNip != null && sponsorNip === actor.nip,
  /**
   * Who may learn who pays for a worker: the paying Pemda's admins and BPJSTK officers, and the
   * payer; anyone else learns only that the worker is covered.
   */
  'sponsorship.see_payer': (actor, { pemdaCode, sponsorNip, sponsorOrganisationId }) => {
    switch (actor.role) {
      case 'pemda_admin':
        return actor.pemdaCode === pemdaCode;
      case 'bpjstk_officer':
        return pemdaCode != null && actor.pemdaCodes.includes(pemdaCode);
      case 'asn':
        return sponsorNip === actor.nip;
      case 'sponsor_org':
        return sponsorOrganisationId === actor.organisationId;
      default:
        return false;
    }
  },
  /** Reading a Pemda's matching runs and proposals: whoever reads the Pemda's data as a whole. */
  'matching.read': (actor, { pemdaCode }) => pemdaCode != null && readsPemda(actor, pemdaCode),
  /** Running the matching and accepting a run's proposals wholesale. */
  'matching.run': (actor, { pemdaCode }) => pemdaCode != null && mayAdministerPemda(actor, pemdaCode),
  /** One proposal is decided by the ASN it is made to, or by the Pemda's administrator. */
  'matching.decide': (actor, { pemdaCode, sponsorNip }) =>
    (pemdaCode != null && mayAdministerPemda(actor, pemdaCode)) ||
    (actor.role === 'asn' && sponsorNip != null && sponsorNip === actor.nip),
  /** Asking another Pemda for a worker: an administrator, or an ASN for a worker they would sponsor. */
  'transfers.request': (actor) => actor.role === 'pemda_admin' || actor.role === 'asn',
  /** Reading and deciding the transfer requests of one's own Pemda. */
  'transfers.decide': (actor) => actor.role === 'pemda_admin',

  // Billing, payments, coverage, claims, arrears
  // A month is billed, and a charge corrected, by the Pemda's administrators.
  'billing.run': (actor, { pemdaCode }) => pemdaCode != null && mayAdministerPemda(actor, pemdaCode),
  // Without a Pemda, these three ask whether the role reconciles at all (a refusal, not an absence).
  'payments.reconcile': (actor, { pemdaCode }) => actsForPemda(actor, pemdaCode),
  'coverage.override': (actor, { pemdaCode }) => actsForPemda(actor, pemdaCode),
  'claims.handle': (actor, { pemdaCode }) => actsForPemda(actor, pemdaCode),
  // Benefits are approved and paid by BPJS Ketenagakerjaan alone.
  'claims.pay': (actor, { pemdaCode }) =>
    actor.role === 'bpjstk_officer' && pemdaCode != null && actor.pemdaCodes.includes(pemdaCode),
  // An ASN's own arrears: the workers they pay for.
  'arrears.own': (actor) => actor.role === 'asn',
} satisfies Record<string, Rule>;

export type Action = keyof typeof RULES;

/** Whether `actor` may take `action` on `resource`; a command run on the server (no actor) may do anything. */
export function may(actor: Actor | null, action: Action, resource: Resource = {}): boolean {
  return actor === null || RULES[action](actor, resource);
}

/** Throws `forbidden()` unless `actor` may take `action` on `resource`. */
export function requireAccess(actor: Actor | null, action: Action, resource: Resource = {}): void {
  if (!may(actor, action, resource)) throw forbidden();
}
