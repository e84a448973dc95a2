import type { Actor } from '../../core/access.ts';
import { asnScope, sponsorshipScope } from '../../platform/access/scopes.ts';
import { recordAudit } from '../../platform/audit.ts';
import type { Caller } from '../registry/index.ts';
import { asnProgrammeOf, regionNames } from './facts-repository.ts';
import { poolWorkers } from './pool-repository.ts';
import type { SponsorshipDeps } from './sponsorship-deps.ts';
import { searchSponsorships } from './sponsorship-read-repository.ts';
import type { SponsorshipReads } from './sponsorship-reads.ts';
import { asnNotFound, localToday, requireSelfServiceAsn } from './sponsorship-rules.ts';
import type { Pool, PoolLevel, SelfService } from './sponsorship-types.ts';

/** A civil servant's own page, and the pool of workers they may choose from. */

/** How near a pool worker lives to the ASN's home village. */
function nearness(home: string | undefined, village: string): PoolLevel {
  if (!home) return 'other';
  if (home === village) return 'village';
  const shared = (parts: number) =>
    home.split('.').slice(0, parts).join('.') === village.split('.').slice(0, parts).join('.');
  if (shared(3)) return 'district';
  return shared(2) ? 'regency' : 'other';
}

/** Of two regions that must both hold a worker, the narrower; when they do not nest, the programme's. */
function narrowerArea(programmeArea: string | null, homeArea: string | null): string | null {
  if (programmeArea === null || homeArea === null) return programmeArea ?? homeArea;
  return homeArea.startsWith(`${programmeArea}.`) ? homeArea : programmeArea;
}

export function ownPages(
  { db, now, registry, programmes }: SponsorshipDeps,
  { present }: Pick<SponsorshipReads, 'present'>,
) {
  /** The signed-in ASN's own record, the day it is in their Pemda and the programme they answer to. */
  async function ownAsn(actor: Actor) {
    const asnActor = requireSelfServiceAsn(actor);
    const {
      items: [asn],
    } = await registry.searchAsn(
      db,
      { scope: asnScope(asnActor), nip: asnActor.nip, status: 'all' },
      { page: 1, pageSize: 1 },
    );
    if (!asn) throw asnNotFound(asnActor.nip);
    const today = localToday(asn.pemdaCode, now());
    return { actor: asnActor, asn, today, programmeId: await asnProgrammeOf(db, asn.pemdaCode, today) };
  }

  return {
    /** An ASN's own page: their record, the programme and policy in force, their obligation, their workers. */
    async selfService(caller: Caller): Promise<SelfService> {
      const { actor, asn, today, programmeId } = await ownAsn(caller.actor);
      let programme: SelfService['programme'] = null;
      let policy: SelfService['policy'] = null;
      let obligation: SelfService['obligation'] = null;
      if (programmeId !== null) {
        const terms = await programmes.programmeTermsOn(db, programmeId, today);
        programme = { id: terms.programme.id, key: terms.programme.key, name: terms.programme.name };
        if (terms.policy) {
          const { name, circularLetter, mandatory, perSponsor, effectiveFrom } = terms.policy;
          policy = {
            name,
            circularLetter,
            mandatory,
            min: perSponsor.min,
            max: perSponsor.max,
            effectiveFrom,
          };
        }
        const [own] = await programmes.computeCompliance(db, { programmeId, on: today, nips: [asn.nip] });
        if (own) {
          const { status, required, allowed, short, reason, phase } = own.obligation;
          obligation = {
            status,
            required,
            allowed,
            short,
            reason,
            held: own.held,
            phase: phase?.label ?? null,
          };
        }
      }
      const { items } = await searchSponsorships(
        db,
        { scope: sponsorshipScope(actor) },
        { page: 1, pageSize: 200 },
        { heldFirst: true },
      );
      const { opd, employmentType, echelon, village, active, nip, name, pemdaCode } = asn;
      return {
        today,
        asn: { nip, name, pemdaCode, opd, employmentType, echelon, village, active },
        programme,
        policy,
        obligation,
        sponsorships: await present(items, caller, 'me.sponsorship'),
      };
    },

    /**
     * Workers nobody pays for this month, eligible today, nearest the ASN's home village first
     * (the matching feature's pool). Their full NIKs let the ASN choose one; each read is logged.
     */
    async pool(limit: number, caller: Caller): Promise<Pool> {
      const { actor, asn, today, programmeId } = await ownAsn(caller.actor);
      const programmeArea =
        programmeId === null ? null : (await programmes.programmeTermsOn(db, programmeId, today)).areaCode;
      const home = asn.village?.code;
      const area = narrowerArea(programmeArea, home ? home.split('.').slice(0, 2).join('.') : null);
      const members = await poolWorkers(db, {
        pemdaCode: asn.pemdaCode,
        on: today,
        ...(area ? { areaCodes: [area] } : {}),
        ...(home ? { nearVillage: home } : {}),
        limit,
      });
      const names = await regionNames(
        db,
        members.map((member) => member.villageCode),
      );
      if (members.length > 0) {
        await db.transaction((tx) =>
          recordAudit(tx, {
            actor,
            action: 'worker.read_nik',
            entityType: 'worker',
            pemdaCode: asn.pemdaCode,
            ip: caller.ip ?? null,
            details: { route: 'me.pool', niks: members.map((member) => member.nik) },
          }),
        );
      }
      return {
        nearVillage: asn.village,
        items: members.map((member) => ({
          nik: member.nik,
          name: member.name,
          village: { code: member.villageCode, name: names.get(member.villageCode) ?? member.villageCode },
          level: nearness(home, member.villageCode),
          occupation: member.occupation,
          welfareDecile: member.welfareDecile,
          birthDate: member.birthDate,
        })),
      };
    },
  };
}
