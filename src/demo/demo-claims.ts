import { REQUIRED_DOCUMENTS } from '../core/benefits.ts';
import { addDays, type IsoDate } from '../core/calendar.ts';
import { addMonths, type Period } from '../core/period.ts';
import type { Database } from '../db/database.ts';
import type { createClaimService, RegisterClaimInput } from '../features/claims/index.ts';
import {
  type DemoClaimPick,
  selectCoveredWorker,
  selectDemoClaim,
  selectLapsedWorker,
} from './demo-queries.ts';

/** The demo ledger's claims: true of the workers the ledger's months made them true for. */

type ClaimService = ReturnType<typeof createClaimService>;

export interface DemoClaim {
  /** Picks the worker it is true for, none of `taken`. */
  pick(taken: readonly string[]): Promise<DemoClaimPick | undefined>;
  input: Omit<RegisterClaimInput, 'nik'>;
  /** How far the branch has taken it: decided only, or approved and paid on that day. */
  paidOn: IsoDate | null;
}

/**
 * Four claims, each on a worker the ledger makes it true for: a farmer's death paid by the APBD
 * and an ASN-sponsored worker's medical care, both covered, approved and paid; a death in a month
 * whose membership had lapsed, refused with the reason; an accident decided eligible and waiting
 * for the branch's approval.
 */
export function demoClaims(
  db: Database,
  context: {
    pemdaCode: string;
    seed: number;
    through: Period;
    stopped: ReadonlyMap<string, Period>;
    spared: ReadonlySet<string>;
  },
): DemoClaim[] {
  const { pemdaCode, seed, through } = context;
  const month = (back: number) => addMonths(through, -back);
  const day = (period: Period, dayOfMonth: number) =>
    `${period}-${String(dayOfMonth).padStart(2, '0')}` as IsoDate;
  const payingAsn = [...context.spared, ...context.stopped.keys()];
  const covered =
    (draw: number, period: Period, funding: string, exceptNips: readonly string[]) =>
    (taken: readonly string[]) =>
      selectCoveredWorker(db, {
        pemdaCode,
        seed: seed + draw,
        period,
        funding,
        exceptNips,
        exceptNiks: taken,
      });
  // The stopped ASN who stopped first: four unpaid months later their workers' memberships ended.
  const firstStopped = [...context.stopped.entries()].sort(
    (a, b) => a[1].localeCompare(b[1]) || a[0].localeCompare(b[0]),
  )[0];
  return [
    {
      pick: covered(0, month(2), 'apbd', []),
      input: {
        type: 'jkm',
        benefit: 'death',
        incidentDate: day(month(2), 10),
        filedOn: day(month(2), 22),
        documents: [...REQUIRED_DOCUMENTS.byBenefit['jkm:death']],
        note: 'Meninggal karena sakit; ahli waris istri.',
      },
      paidOn: addDays(day(month(2), 22), 14),
    },
    {
      pick: covered(1, month(4), 'asn', payingAsn),
      input: {
        type: 'jkk',
        benefit: 'medical',
        incidentDate: day(month(4), 17),
        filedOn: day(month(4), 25),
        documents: [...REQUIRED_DOCUMENTS.byBenefit['jkk:medical']],
        amount: 7_350_000,
        note: 'Tangan terluka mesin perontok padi; rawat inap 4 hari.',
      },
      paidOn: day(month(3), 10),
    },
    {
      pick: async () =>
        firstStopped && selectLapsedWorker(db, { pemdaCode, nip: firstStopped[0], period: month(1) }),
      input: {
        type: 'jkm',
        benefit: 'death',
        incidentDate: day(month(1), 8),
        filedOn: day(month(1), 12),
        documents: [...REQUIRED_DOCUMENTS.byBenefit['jkm:death']],
      },
      paidOn: null,
    },
    {
      pick: covered(2, month(1), 'asn', payingAsn),
      input: {
        type: 'jkk',
        benefit: 'medical',
        incidentDate: day(month(1), 20),
        filedOn: day(month(1), 24),
        documents: [...REQUIRED_DOCUMENTS.byBenefit['jkk:medical']],
        amount: 2_150_000,
        note: 'Jatuh dari tangga saat bekerja; rawat jalan.',
      },
      paidOn: null,
    },
  ];
}

/** Registers the claim on the worker it is true for, and takes it as far as the branch has. */
export async function fileDemoClaim(
  claims: ClaimService,
  db: Database,
  pemdaCode: string,
  claim: DemoClaim,
  taken: string[],
): Promise<void> {
  const system = { actor: null };
  const incidentDate = claim.input.incidentDate;
  // A rerun finds the claim it registered before by its incident: the same worker, not a new pick.
  const earlier = await selectDemoClaim(db, pemdaCode, incidentDate);
  const nik = earlier?.nik ?? (await claim.pick(taken))?.nik;
  if (!nik) return;
  taken.push(nik);
  let state = earlier ?? (await claims.register({ ...claim.input, nik, pemda: pemdaCode }, system, 'id'));
  if (state.status === 'registered') state = await claims.decide(state.id, system, 'id');
  if (claim.paidOn === null) return;
  if (state.status === 'eligible') state = await claims.approve(state.id, system, 'id');
  if (state.status === 'approved') {
    await claims.pay(
      state.id,
      { paidOn: claim.paidOn, reference: `TRF-KLAIM-${nik.slice(-6)}` },
      system,
      'id',
    );
  }
}
