import type { Actor } from '../../core/access.ts';
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
}

type Rule = (actor: Actor, resource: Resource) => boolean;

/**
 * Pemda admins reconcile their own Pemda's payments, BPJSTK officers those of the Pemda they
 * serve; with no Pemda named, whether the role reconciles anywhere.
 */
function reconciles(actor: Actor, pemdaCode: string | null | undefined): boolean {
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
  // — Pemda, registry, imports, enrolment, auth, audit —
  'pemda.administer': (actor, { pemdaCode }) => pemdaCode != null && mayAdministerPemda(actor, pemdaCode),
  // — end of Pemda, registry, imports, enrolment, auth, audit —

  // — programmes and cohorts —
  // — end of programmes and cohorts —

  // — sponsorship, matching, transfers —
  // — end of sponsorship, matching, transfers —

  // — billing, payments, coverage, claims, arrears —
  // A month is billed, and a charge corrected, by the Pemda's administrators.
  'billing.run': (actor, { pemdaCode }) => pemdaCode != null && mayAdministerPemda(actor, pemdaCode),
  // Without a Pemda, these three ask whether the role reconciles at all (a refusal, not an absence).
  'payments.reconcile': (actor, { pemdaCode }) => reconciles(actor, pemdaCode),
  'coverage.override': (actor, { pemdaCode }) => reconciles(actor, pemdaCode),
  'claims.handle': (actor, { pemdaCode }) => reconciles(actor, pemdaCode),
  // Benefits are approved and paid by BPJS Ketenagakerjaan alone.
  'claims.pay': (actor, { pemdaCode }) =>
    actor.role === 'bpjstk_officer' && pemdaCode != null && actor.pemdaCodes.includes(pemdaCode),
  // An ASN's own arrears: the workers they pay for.
  'arrears.own': (actor) => actor.role === 'asn',
  // — end of billing, payments, coverage, claims, arrears —
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
