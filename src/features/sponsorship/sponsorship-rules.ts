import type { Actor } from '../../core/access.ts';
import type { IsoDate } from '../../core/calendar.ts';
import { type Message, type Problem, problem } from '../../core/message.ts';
import { addMonths, comparePeriods, type Period } from '../../core/period.ts';
import { TIME_ZONES, zoneOfPemda } from '../../core/regions.ts';
import type { SponsorshipStatus } from '../../core/sponsorship-lifecycle.ts';
import { AppError, invalid, notFound } from '../../errors.ts';
import { forbidden, may, requireAccess } from '../../platform/access/policy.ts';
import type { CoveringSponsorship } from './sponsorship-repository.ts';

/** The answers and small rules every part of the sponsorship service gives alike. */

export type AsnActor = Extract<Actor, { role: 'asn' }>;

/**
 * The civil servant acting on their own page. The policy admits only an ASN to it, so that is who
 * the actor then is; the system (no actor) has no page of its own.
 */
export function requireSelfServiceAsn(actor: Actor | null): AsnActor {
  if (actor === null) throw forbidden();
  requireAccess(actor, 'sponsorship.self_service');
  return actor as AsnActor;
}

export const conflict = (reason: Problem, details?: unknown) => new AppError('conflict', reason, details);

/** The day it is in the Pemda's zone: obligations and the pool are judged on it. */
export function localToday(pemdaCode: string, now: Date): IsoDate {
  const local = new Date(now.getTime() + TIME_ZONES[zoneOfPemda(pemdaCode)].utcOffsetHours * 3_600_000);
  return local.toISOString().slice(0, 10);
}

export const firstDay = (month: Period): IsoDate => `${month}-01`;

const REASON_VERBS: Partial<Record<SponsorshipStatus, Message>> = {
  rejected: { id: 'menolak', en: 'rejecting' },
  suspended: { id: 'menangguhkan', en: 'suspending' },
  ended: { id: 'mengakhiri', en: 'ending' },
};

/** Why a reason is required: the worker and the sponsor are told why their cover stops. */
export function reasonFor(to: SponsorshipStatus, text: string | undefined): string | null {
  const reason = text?.trim() || null;
  const verb = REASON_VERBS[to];
  if (verb && reason === null) {
    throw invalid(
      problem(
        'REASON_REQUIRED',
        `Alasan wajib diisi untuk ${verb.id} tanggungan.`,
        `A reason is required for ${verb.en} a sponsorship.`,
      ),
    );
  }
  return reason;
}

export const sponsorshipNotFound = (id: number) =>
  notFound(
    problem('SPONSORSHIP_NOT_FOUND', `Tanggungan ${id} tidak ditemukan.`, `No sponsorship ${id} was found.`),
  );

export const asnNotFound = (nip: string) =>
  notFound(
    problem('ASN_NOT_FOUND', `ASN dengan NIP ${nip} tidak ditemukan.`, `No ASN with NIP ${nip} was found.`),
  );

/**
 * The one-payer refusal. It gives the months already held, and names who pays only to those
 * who may know (the policy's `sponsorship.see_payer`): anyone else learns that the worker is
 * covered, which they need, and nothing more.
 */
export function alreadyCovered(
  covering: readonly CoveringSponsorship[],
  from: Period,
  actor: Actor,
): AppError {
  const spans = covering.map((held) => {
    const start = comparePeriods(held.firstMonth, from) > 0 ? held.firstMonth : from;
    return { from: start, until: held.endMonth ? addMonths(held.endMonth, -1) : null };
  });
  if (spans.length === 0) spans.push({ from, until: null });
  const months = {
    id: spans.map((span) => (span.until ? `${span.from} s.d. ${span.until}` : `${span.from} dan seterusnya`)),
    en: spans.map((span) => (span.until ? `${span.from} to ${span.until}` : `${span.from} onwards`)),
  };
  const payers = covering
    .filter((held) =>
      may(actor, 'sponsorship.see_payer', {
        pemdaCode: held.pemdaCode,
        sponsorNip: held.sponsor.nip,
        sponsorOrganisationId: held.sponsor.organisationId,
      }),
    )
    .map((held) => held.sponsor);
  const names = [...new Set(payers.map((payer) => payer.name))].join(', ');
  return conflict(
    problem(
      'SPONSORSHIP_ALREADY_COVERED',
      `Pekerja ini sudah ditanggung untuk bulan ${months.id.join(', ')}${names ? ` oleh ${names}` : ''}. Setiap bulan seorang pekerja hanya boleh punya satu penanggung.`,
      `This worker is already covered for ${months.en.join(', ')}${names ? ` by ${names}` : ''}. A worker has one payer for any month.`,
    ),
    {
      months: spans,
      ...(payers.length > 0 ? { sponsors: payers.map((payer) => ({ id: payer.id, name: payer.name })) } : {}),
    },
  );
}
