import type { FastifyInstance, RouteOptions } from 'fastify';
import type { Role } from '../core/access.ts';

/**
 * Who may call each API route and how far they reach, declared next to the route as
 * `config: { access }`. The services enforce it; the authorization matrix
 * (test/integration/authorization-matrix.test.ts) sends every operation as every role against
 * records in and out of reach and holds each route to its declaration. A route without one fails
 * that test, so a new route cannot slip in without saying who may call it.
 */
export interface RouteAccess {
  /**
   * `anyone`: also without signing in. `signed-in`: every role may call; what it reads is
   * narrowed by `reach`. Otherwise only the roles named; other roles are refused (`refused`), an
   * anonymous caller gets 401.
   */
  roles: 'anyone' | 'signed-in' | readonly Role[];
  /** The record the request names (in its path, query, body or form); none when it names no single record. */
  record?: RecordKind;
  /**
   * How far an allowed caller reaches among records of that kind; a record out of reach is
   * answered exactly as an unknown one (404 for a read), and a write to it never succeeds.
   * `pemda`: the records of the Pemda the caller reads Pemda-wide (a national monitor every
   * Pemda, a province monitor those of its province, the others their own Pemda).
   * `sponsor`: as `pemda`, narrowed for the roles that see only what they pay for or head: an
   * ASN their own, an OPD head their OPD's ASN, a sponsor organisation its own.
   * `self`: the caller's own record only (the `/me/…` pages, the session, the sessions).
   */
  reach?: 'pemda' | 'sponsor' | 'self';
  /**
   * The answer to a signed-in role not in `roles`: 403 where it may see the record (or the route
   * names none), otherwise what an unknown record gets. `404`: what an unknown record gets, always,
   * for routes whose records such a role reads as absent.
   */
  refused?: 403 | 404;
}

/** The kinds of record a route may name: the matrix seeds them in and out of each caller's reach. */
export type RecordKind =
  | 'pemda'
  | 'asn'
  | 'worker'
  | 'sponsorship'
  | 'sponsor'
  | 'import'
  | 'payment-import'
  | 'unmatched-payment'
  | 'cohort'
  | 'cohort-build'
  | 'enrolment-batch'
  | 'enrolment-response'
  | 'match-run'
  | 'match-proposal'
  | 'programme'
  | 'billing-run'
  | 'bill'
  | 'contribution'
  | 'claim'
  | 'worker-transfer'
  | 'user'
  | 'session';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
}

const declared = new WeakMap<FastifyInstance, Map<string, RouteAccess | undefined>>();

/** An `onRoute` hook for the root instance: keeps each route's declaration (or its absence) by `METHOD url`. */
export function recordRouteAccess(root: FastifyInstance): (route: RouteOptions) => void {
  const routes = new Map<string, RouteAccess | undefined>();
  declared.set(root, routes);
  return (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const access = (route.config as { access?: RouteAccess } | undefined)?.access;
    for (const method of methods) routes.set(`${method} ${route.url}`, access);
  };
}

/** Every route the app registered, with its declaration or `undefined` where it has none. */
export function declaredRouteAccess(app: FastifyInstance): ReadonlyMap<string, RouteAccess | undefined> {
  return declared.get(app) ?? new Map();
}

/** Those who read a Pemda's data Pemda-wide (`readablePemdas`). */
export const PEMDA_WIDE = ['national', 'province', 'pemda_admin', 'bpjstk_officer'] as const satisfies Role[];
/** Those who keep a Pemda's exchange with BPJSTK: its administrators and the officers serving it. */
export const ADMIN_AND_BPJSTK = ['pemda_admin', 'bpjstk_officer'] as const satisfies Role[];
/** Everyone bound to a Pemda or watching it; a sponsor organisation reads no Pemda as such. */
export const PEMDA_READERS = [...PEMDA_WIDE, 'opd_head', 'asn'] as const satisfies Role[];
/** Pemda-wide readers, and a sponsor organisation for the programmes it pays in. */
export const COHORT_READERS = [...PEMDA_WIDE, 'sponsor_org'] as const satisfies Role[];
/** A bill goes to those who read the Pemda's, the OPD head of its payroll, the company it invoices. */
export const BILL_READERS = [...PEMDA_WIDE, 'opd_head', 'sponsor_org'] as const satisfies Role[];
