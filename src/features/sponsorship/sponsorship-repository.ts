import type { Programme } from '../../core/contributions/schedules.ts';
import { addMonths, type Period } from '../../core/period.ts';
import { currentPeriod, zoneOfPemda } from '../../core/regions.ts';
import {
  type Relationship,
  type SponsorshipStatus,
  transitionProblem,
} from '../../core/sponsorship-lifecycle.ts';
import type { Queryable } from '../../db/database.ts';
import { SPONSOR_FROM } from './sponsor-repository.ts';

/**
 * The writes every way of sponsoring shares (an ASN's own page, accepted match proposals, an APBD
 * cohort, a CSR order, the demo): each is one set-based statement, and each records its events in
 * `sponsorship_event` in the same statement's transaction.
 */

export interface NewSponsorship {
  pemdaCode: string;
  programmeId: number;
  sponsorId: number;
  nik: string;
  relationship: Relationship;
  programmes: readonly Programme[];
  declaredIncome: number;
  firstMonth: Period;
  /** The first month no longer paid for; null or absent: open-ended. */
  endMonth?: Period | null;
  status: SponsorshipStatus;
}

/** Who made the change and why, as `sponsorship_event` keeps it. */
export interface ChangeOrigin {
  userId: number | null;
  reason?: string | null;
  /** What moved it: `self-service`, `match:<run id>`, `cohort:<programme id>`, `enrolment-response:<id>`… */
  source: string;
}

export interface InsertedSponsorships {
  inserted: { id: number; nik: string }[];
  /** NIKs left out because another sponsorship already holds one of the months asked for. */
  alreadyCovered: string[];
}

/** PostgreSQL's code for an exclusion-constraint violation. */
const EXCLUSION_VIOLATION = '23P01';

export function isOnePayerViolation(error: unknown): boolean {
  const e = error as { code?: string; constraint?: string; message?: string } | null;
  return (
    e?.code === EXCLUSION_VIOLATION &&
    (e.constraint === 'sponsorship_one_payer_per_month' ||
      (e.message ?? '').includes('sponsorship_one_payer_per_month'))
  );
}

const monthDate = (period: Period) => `${period}-01`;

/**
 * Inserts the sponsorships whose months are free and reports the NIKs whose are not; a NIK given
 * twice is inserted once. The database's exclusion constraint stays the judge: a concurrent
 * transaction that takes a month between the check and the insert makes this statement fail with
 * the constraint's error (`isOnePayerViolation`), and nothing of it is written. Run it in a
 * transaction; the caller decides whether to retry.
 */
export async function insertSponsorships(
  tx: Queryable,
  rows: readonly NewSponsorship[],
  origin: ChangeOrigin,
): Promise<InsertedSponsorships> {
  if (rows.length === 0) return { inserted: [], alreadyCovered: [] };
  const column = <T>(pick: (row: NewSponsorship) => T) => rows.map(pick);
  const inserted = await tx.query<{ id: number; nik: string }>(
    `WITH wanted AS (
       SELECT DISTINCT ON (w.nik) w.*
         FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::text[], $5::text[], $6::text[],
                     $7::bigint[], $8::date[], $9::date[], $10::text[])
              WITH ORDINALITY AS w(pemda_code, programme_id, sponsor_id, nik, relationship, programmes,
                                   declared_income, first_month, end_month, status, ord)
        ORDER BY w.nik, w.ord
     ),
     added AS (
       INSERT INTO sponsorship (pemda_code, programme_id, sponsor_id, nik, relationship, programmes,
                                declared_income, first_month, end_month, status, created_by)
       SELECT w.pemda_code, w.programme_id, w.sponsor_id, w.nik, w.relationship,
              string_to_array(w.programmes, ','), w.declared_income, w.first_month, w.end_month,
              w.status, $11
         FROM wanted w
        WHERE NOT EXISTS (
          SELECT 1 FROM sponsorship s
           WHERE s.nik = w.nik AND s.status <> 'rejected'
             AND daterange(s.first_month, s.end_month, '[)') && daterange(w.first_month, w.end_month, '[)')
        )
        ORDER BY w.ord
       RETURNING id, nik, status
     ),
     events AS (
       INSERT INTO sponsorship_event (sponsorship_id, from_status, to_status, user_id, reason, source)
       SELECT id, NULL, status, $11, $12, $13 FROM added
     )
     SELECT id, nik FROM added ORDER BY id`,
    [
      column((r) => r.pemdaCode),
      column((r) => r.programmeId),
      column((r) => r.sponsorId),
      column((r) => r.nik),
      column((r) => r.relationship),
      column((r) => r.programmes.join(',')),
      column((r) => r.declaredIncome),
      column((r) => monthDate(r.firstMonth)),
      column((r) => (r.endMonth ? monthDate(r.endMonth) : null)),
      column((r) => r.status),
      origin.userId,
      origin.reason ?? null,
      origin.source,
    ],
  );
  const added = new Set(inserted.map((row) => row.nik));
  const alreadyCovered = [...new Set(rows.map((row) => row.nik))].filter((nik) => !added.has(nik));
  return { inserted, alreadyCovered };
}

export interface TransitionResult {
  moved: number[];
  /** Sponsorships whose current status does not allow the move, with that status. */
  refused: { id: number; status: SponsorshipStatus }[];
  missing: number[];
}

/**
 * Moves the sponsorships `ids` to `to` where their status allows it, recording one event each.
 * Rows are locked first, so two concurrent moves of one sponsorship cannot both succeed.
 * `endMonth` is set with the move when given (ending, and rejection before any month).
 */
export async function transitionSponsorships(
  tx: Queryable,
  ids: readonly number[],
  to: SponsorshipStatus,
  origin: ChangeOrigin,
  extra: { endMonth?: Period; enrolledOn?: string } = {},
): Promise<TransitionResult> {
  if (ids.length === 0) return { moved: [], refused: [], missing: [] };
  const current = await tx.query<{ id: number; status: SponsorshipStatus }>(
    'SELECT id, status FROM sponsorship WHERE id = ANY($1::bigint[]) ORDER BY id FOR UPDATE',
    [ids],
  );
  const found = new Set(current.map((row) => row.id));
  const allowed = current.filter((row) => transitionProblem(row.status, to) === null);
  const refused = current.filter((row) => transitionProblem(row.status, to) !== null);
  if (allowed.length > 0) {
    await tx.query(
      `WITH moved AS (
         UPDATE sponsorship s
            SET status = $2,
                end_month = CASE WHEN $3::date IS NULL THEN s.end_month
                                 ELSE greatest(s.first_month, least(coalesce(s.end_month, $3::date), $3::date)) END,
                enrolled_on = coalesce($4::date, s.enrolled_on),
                updated_at = now()
           FROM unnest($1::bigint[], $7::text[]) AS c(id, status)
          WHERE s.id = c.id
          RETURNING s.id, c.status AS from_status
       )
       INSERT INTO sponsorship_event (sponsorship_id, from_status, to_status, user_id, reason, source)
       SELECT id, from_status, $2, $5, $6, $8 FROM moved`,
      [
        allowed.map((row) => row.id),
        to,
        extra.endMonth ? monthDate(extra.endMonth) : null,
        extra.enrolledOn ?? null,
        origin.userId,
        origin.reason ?? null,
        allowed.map((row) => row.status),
        origin.source,
      ],
    );
  }
  return {
    moved: allowed.map((row) => row.id),
    refused,
    missing: ids.filter((id) => !found.has(id)),
  };
}

/** Sponsorships the sponsor holds under the programme for `month` or later: neither rejected nor ended. */
export async function countHeldFrom(
  db: Queryable,
  sponsorId: number,
  programmeId: number,
  month: Period,
): Promise<number> {
  const [row] = await db.query<{ held: number }>(
    `SELECT count(*) AS held FROM sponsorship
      WHERE sponsor_id = $1 AND programme_id = $2 AND status NOT IN ('rejected', 'ended')
        AND (end_month IS NULL OR end_month > $3::date)`,
    [sponsorId, programmeId, monthDate(month)],
  );
  return row!.held;
}

/** A sponsorship that holds some of a worker's months, with who pays for it. */
export interface CoveringSponsorship extends Record<string, unknown> {
  id: number;
  pemdaCode: string;
  status: SponsorshipStatus;
  firstMonth: Period;
  endMonth: Period | null;
  sponsor: { id: number; name: string; nip: string | null; organisationId: number | null };
}

/** The sponsorships holding any month of [from, until) for the worker; `until` null: open-ended. */
export async function coveringSponsorships(
  db: Queryable,
  nik: string,
  from: Period,
  until: Period | null,
): Promise<CoveringSponsorship[]> {
  return db.query<CoveringSponsorship>(
    `SELECT s.id, s.pemda_code AS "pemdaCode", s.status, to_char(s.first_month, 'YYYY-MM') AS "firstMonth",
            to_char(s.end_month, 'YYYY-MM') AS "endMonth",
            json_build_object('id', sp.id, 'name', coalesce(sa.name, so.name, sp.name), 'nip', sp.nip,
                              'organisationId', sp.organisation_id) AS sponsor
       FROM sponsorship s JOIN ${SPONSOR_FROM} ON sp.id = s.sponsor_id
      WHERE s.nik = $1 AND s.status <> 'rejected'
        AND daterange(s.first_month, s.end_month, '[)') && daterange($2::date, $3::date, '[)')
      ORDER BY s.first_month`,
    [nik, monthDate(from), until ? monthDate(until) : null],
  );
}

/**
 * The first month from which a sponsorship can still be billed, the one rule for starting and
 * for ending: the current month in the Pemda's zone, unless it has been billed already, then the
 * month after the last one billed. For a sponsorship, its own contributions count (a prepaid one
 * may be billed months ahead); for a new one, whether the Pemda's bills of this month are out.
 * `from` replaces the current month when a fact dates the end, not the clock: a death ends cover
 * from the month after it, however long ago that was.
 */
export async function nextUnbilledMonth(
  db: Queryable,
  of: { pemdaCode: string; sponsorshipId?: number; from?: Period },
  now: Date,
): Promise<Period> {
  const first = of.from ?? currentPeriod(now, zoneOfPemda(of.pemdaCode));
  const [row] =
    of.sponsorshipId === undefined
      ? await db.query<{ last: Period | null }>(
          `SELECT CASE WHEN EXISTS (SELECT 1 FROM bill WHERE period = $2::date AND pemda_code = $1)
                       THEN $3 END AS last`,
          [of.pemdaCode, monthDate(first), first],
        )
      : await db.query<{ last: Period | null }>(
          `SELECT to_char(max(period), 'YYYY-MM') AS last FROM contribution
            WHERE sponsorship_id = $1 AND kind = 'charge' AND period >= $2::date`,
          [of.sponsorshipId, monthDate(first)],
        );
  return row?.last ? addMonths(row.last, 1) : first;
}

/** A sponsorship as its history left it (`firstMonth`, `endMonth`: `2024-04`), each event dated as it happened. */
export interface SponsorshipHistory {
  programmeId: number;
  sponsorId: number;
  nik: string;
  relationship: string;
  programmes: readonly string[];
  declaredIncome: number;
  firstMonth: string;
  endMonth: string | null;
  status: string;
  enrolledOn: string | null;
  events: readonly { from: string | null; to: string; at: string; reason: string | null }[];
}

/**
 * Inserts sponsorships with their whole history (the demo's past): each row as its events left it,
 * the events dated as they happened, from `source`. Two set-based statements, in the caller's transaction.
 * `insertSponsorships` records a creation of today instead, which a history reaching back years
 * cannot use. A worker with any sponsorship already is left out, so a rerun adds only what an
 * interrupted load did not; the NIKs written are returned.
 */
export async function insertSponsorshipHistories(
  tx: Queryable,
  pemdaCode: string,
  rows: readonly SponsorshipHistory[],
  source: string,
): Promise<string[]> {
  if (rows.length === 0) return [];
  const monthDate = (period: string | null) => (period === null ? null : `${period}-01`);
  const column = <T>(pick: (row: SponsorshipHistory) => T) => rows.map(pick);
  const added = await tx.query<{ id: number; nik: string }>(
    `INSERT INTO sponsorship (pemda_code, programme_id, sponsor_id, nik, relationship, programmes, declared_income,
                              first_month, end_month, status, enrolled_on, created_at, updated_at)
     SELECT $1, w.programme_id, w.sponsor_id, w.nik, w.relationship, string_to_array(w.programmes, ','),
            w.declared_income, w.first_month, w.end_month, w.status, w.enrolled_on, w.created_at, w.updated_at
       FROM unnest($2::bigint[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::bigint[], $8::date[],
                   $9::date[], $10::text[], $11::date[], $12::timestamptz[], $13::timestamptz[])
            WITH ORDINALITY AS w(programme_id, sponsor_id, nik, relationship, programmes, declared_income,
                                 first_month, end_month, status, enrolled_on, created_at, updated_at, ord)
      WHERE NOT EXISTS (SELECT 1 FROM sponsorship s WHERE s.nik = w.nik)
      ORDER BY w.ord
     RETURNING id, nik`,
    [
      pemdaCode,
      column((r) => r.programmeId),
      column((r) => r.sponsorId),
      column((r) => r.nik),
      column((r) => r.relationship),
      column((r) => r.programmes.join(',')),
      column((r) => r.declaredIncome),
      column((r) => monthDate(r.firstMonth)),
      column((r) => monthDate(r.endMonth)),
      column((r) => r.status),
      column((r) => r.enrolledOn),
      column((r) => r.events[0]!.at),
      column((r) => r.events.at(-1)!.at),
    ],
  );
  const ids = new Map(added.map((row) => [row.nik, row.id]));
  const events = rows
    .filter((row) => ids.has(row.nik))
    .flatMap((row) => row.events.map((event) => ({ id: ids.get(row.nik)!, ...event })));
  await tx.query(
    `INSERT INTO sponsorship_event (sponsorship_id, from_status, to_status, at, reason, source)
     SELECT e.id, e.from_status, e.to_status, e.at, e.reason, $6::text
       FROM unnest($1::bigint[], $2::text[], $3::text[], $4::timestamptz[], $5::text[])
            WITH ORDINALITY AS e(id, from_status, to_status, at, reason, ord)
      ORDER BY e.ord`,
    [
      events.map((event) => event.id),
      events.map((event) => event.from),
      events.map((event) => event.to),
      events.map((event) => event.at),
      events.map((event) => event.reason),
      source,
    ],
  );
  return added.map((row) => row.nik);
}
