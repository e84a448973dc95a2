import { setImmediate } from 'node:timers/promises';
import { priceMonths } from '../core/contributions/engine.ts';
import {
  PONOROGO_ASN_ORANG_TUA_ASUH,
  type ProgrammePolicy,
  validatePolicy,
} from '../core/programme-policy.ts';
import { TIME_ZONES, zoneOfPemda } from '../core/regions.ts';
import type { Database, Queryable } from '../db/database.ts';
import { invalid } from '../errors.ts';
import { ensureOrganisationSponsor, ensureProgramme } from '../features/cohorts/index.ts';
import { insertPolicyVersion, insertProgramme } from '../features/programmes/index.ts';
import { recordBranchReports } from '../features/registry/index.ts';
import {
  ensureApbdSponsor,
  ensureAsnSponsors,
  insertSponsorshipHistories,
  type SponsorshipHistory,
} from '../features/sponsorship/index.ts';
import { recordAudit } from '../platform/audit.ts';
import type { DemoRegions } from './demo-generator.ts';
import { DEMO_MONTH } from './demo-history.ts';
import { COHORT_BUDGET_PER_WORKER, COHORT_PER_ASN, DEMO_CSR, KNOWN_COHORTS } from './demo-programme-data.ts';
import {
  analyseDemoTables,
  countProgrammeSponsorships,
  selectPlanAsn,
  selectPlanWorkers,
  selectProgrammeId,
  selectTakenKpj,
} from './demo-queries.ts';
import {
  cohortCandidates,
  csrPlan,
  eligibleWorkers,
  type PlannedSponsorship,
  planDemoSponsorships,
} from './demo-sponsorships.ts';

/**
 * The demo Pemda's programmes (issue 4, item 8): a Ponorogo-style ASN policy with its ASN's
 * sponsorships, an APBD cohort of tobacco farmers and a company's CSR programme, each with its
 * sponsor, loaded set-based and idempotently after the roster and the registry.
 */

const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/** `ponorogo` for Kabupaten Ponorogo: what the demo's programme keys start with. */
const placeOf = (regions: Pick<DemoRegions, 'name'>) =>
  slug(regions.name.replace(/^(kabupaten|kota)\s+/i, ''));

/** Ponorogo's proposal, as the demo Pemda's policy (another regency gets the same letter, keyed by its name). */
export function demoPolicy(regions: Pick<DemoRegions, 'code' | 'name'>): ProgrammePolicy {
  return {
    ...PONOROGO_ASN_ORANG_TUA_ASUH,
    programmeKey: `${placeOf(regions)}-asn-orang-tua-asuh`,
    pemdaCode: regions.code,
  };
}

export interface DemoCohort {
  key: string;
  workers: number;
  budget: number;
  budgetYear: number;
  districtCodes: string[];
  /** Indexes into the regions' districts, for generating farmers there. */
  districtIndexes: number[];
}

/** Ponorogo's cohort as reported; another regency's in Ponorogo's proportion to its roster. */
export function demoCohort(regions: DemoRegions, asnCount: number): DemoCohort {
  const known = KNOWN_COHORTS[regions.code];
  const workers = known?.workers ?? Math.round(asnCount * COHORT_PER_ASN);
  const names = known?.districtNames;
  const districtIndexes = regions.districts
    .map((district, index) => ({ district, index }))
    .filter(({ district }) => !names || names.includes(district.name))
    .map(({ index }) => index);
  return {
    key: `${placeOf(regions)}-petani-tembakau-apbd`,
    workers,
    budget: known?.budget ?? Math.round(workers * COHORT_BUDGET_PER_WORKER),
    budgetYear: known?.budgetYear ?? 2024,
    districtCodes: districtIndexes.map((index) => regions.districts[index]!.code),
    districtIndexes,
  };
}

export interface DemoProgrammeIds {
  policy: number;
  cohort: number;
  cohortSponsor: number;
  csr: number;
  csrKey: string;
  csrSponsor: number;
  csrArea: string;
}

const csrKey = (organisation: string) => `csr-${slug(organisation)}`.slice(0, 64);

/**
 * The three programmes and the cohort's and the company's sponsor records, made where missing,
 * in one transaction with their audit entries.
 */
export async function ensureDemoProgrammes(
  db: Database,
  regions: DemoRegions,
  cohort: DemoCohort,
  organisation: string,
): Promise<DemoProgrammeIds> {
  const code = regions.code;
  const policy = demoPolicy(regions);
  const problems = validatePolicy(policy);
  if (problems.length > 0) throw invalid(problems[0]!, { problems });
  const { programmes, declaredIncome } = policy.contribution;
  const csrDistrict =
    regions.districts.find((district) => district.name === DEMO_CSR.districtNames[code]) ??
    regions.districts[0]!;
  const firstMonth = DEMO_CSR.firstMonth;
  const perWorker = priceMonths(
    { scheme: 'bpu', income: declaredIncome, programmes, funding: 'csr' },
    firstMonth,
    DEMO_CSR.months,
  ).total;

  return db.transaction(async (tx) => {
    const created = (id: number, key: string, kind: string, details: Record<string, unknown> = {}) =>
      recordAudit(tx, {
        actor: null,
        action: 'programme.create',
        entityType: 'programme',
        entityId: String(id),
        pemdaCode: code,
        details: { key, kind, source: 'demo', ...details },
      });

    const newPolicy = await insertProgramme(tx, {
      pemdaCode: code,
      key: policy.programmeKey,
      name: policy.name,
      kind: 'asn_policy',
      programmes: null,
      declaredIncome: null,
      areaCode: null,
      budget: null,
      budgetYear: null,
      targetWorkers: null,
    });
    if (newPolicy !== null) await created(newPolicy, policy.programmeKey, 'asn_policy');
    const policyId = newPolicy ?? (await selectProgrammeId(tx, code, policy.programmeKey))!;
    if (await insertPolicyVersion(tx, policyId, policy, null)) {
      await recordAudit(tx, {
        actor: null,
        action: 'programme.add_policy',
        entityType: 'programme',
        entityId: String(policyId),
        pemdaCode: code,
        details: { key: policy.programmeKey, effectiveFrom: policy.effectiveFrom, source: 'demo' },
      });
    }

    const cohortSponsor = await ensureApbdSponsor(tx, code, `APBD ${regions.name}`);
    const cohortProgramme = await ensureProgramme(tx, {
      pemdaCode: code,
      key: cohort.key,
      name: `Jaminan Sosial Petani Tembakau (APBD ${cohort.budgetYear})`,
      kind: 'apbd_cohort',
      programmes,
      declaredIncome,
      areaCode: code,
      budget: cohort.budget,
      budgetYear: cohort.budgetYear,
      targetWorkers: cohort.workers,
      sponsorId: cohortSponsor,
    });
    if (cohortProgramme.created) {
      await created(cohortProgramme.programme.id, cohort.key, 'apbd_cohort', { sponsorId: cohortSponsor });
    }

    const { sponsorId: csrSponsor } = await ensureOrganisationSponsor(
      tx,
      code,
      organisation,
      csrDistrict.code,
    );
    const key = csrKey(organisation);
    const csrProgramme = await ensureProgramme(tx, {
      pemdaCode: code,
      key,
      name: `CSR ${organisation}: Pekerja Rentan Kecamatan ${csrDistrict.name}`,
      kind: 'csr',
      programmes,
      declaredIncome,
      areaCode: csrDistrict.code,
      budget: perWorker * DEMO_CSR.target,
      budgetYear: Number(firstMonth.slice(0, 4)),
      targetWorkers: DEMO_CSR.target,
      sponsorId: csrSponsor,
    });
    if (csrProgramme.created) await created(csrProgramme.programme.id, key, 'csr', { sponsorId: csrSponsor });

    return {
      policy: policyId,
      cohort: cohortProgramme.programme.id,
      cohortSponsor,
      csr: csrProgramme.programme.id,
      csrKey: key,
      csrSponsor,
      csrArea: csrProgramme.programme.areaCode ?? csrDistrict.code,
    };
  });
}

/** How many farmers the registry lacks for the cohort, counting those it already has. */
export async function cohortShortfall(
  db: Queryable,
  code: string,
  ids: DemoProgrammeIds,
  cohort: DemoCohort,
): Promise<number> {
  const workers = await selectPlanWorkers(db, code);
  const counts = await countProgrammeSponsorships(db, [ids.cohort], `${DEMO_MONTH}-01`);
  const members = counts.get(ids.cohort)?.sponsorships ?? 0;
  const candidates = cohortCandidates(eligibleWorkers(workers, code), cohort.districtCodes).length;
  return Math.max(0, cohort.workers - members - candidates);
}

export interface DemoProgrammesLoad {
  policy: { key: string; sponsors: number; sponsorships: number; held: number };
  cohort: { key: string; target: number; sponsorships: number };
  csr: { key: string; target: number; sponsorships: number };
  /** Sponsorships this load added: none when the demo was complete already. */
  added: number;
}

/**
 * A batch of the plan with its history, through the owners (sponsorship, then registry for the KPJ
 * and "active elsewhere" the branch reported), in the caller's transaction. A worker with any
 * sponsorship already is left out, so a rerun adds only what an interrupted load did not.
 */
async function writeSponsorships(
  tx: Queryable,
  code: string,
  batch: readonly (PlannedSponsorship & SponsorshipHistory)[],
): Promise<number> {
  const written = await insertSponsorshipHistories(tx, code, batch, 'demo');
  const niks = new Set(written);
  await recordBranchReports(
    tx,
    batch.filter((row) => niks.has(row.nik) && (row.kpj !== null || row.activeElsewhereOn !== null)),
  );
  return written.length;
}

/** Sponsorships written per transaction: short enough that requests get their turn between them. */
const BATCH = 2_000;

/**
 * Plans the sponsorships from the roster and registry as stored and writes them in batches. What
 * an interrupted load wrote stays: its ASN and workers are left out of the next plan, and the
 * cohort and the CSR programme are filled up to their counts.
 */
export async function loadDemoSponsorships(
  db: Database,
  regions: DemoRegions,
  options: { seed: number },
  ids: DemoProgrammeIds,
  cohort: DemoCohort,
  { signal, onProgress }: { signal?: AbortSignal; onProgress?(written: number, total: number): void } = {},
): Promise<DemoProgrammesLoad> {
  const code = regions.code;
  const policy = demoPolicy(regions);
  const month = `${DEMO_MONTH}-01`;
  await analyseDemoTables(db);
  const before = await countProgrammeSponsorships(db, [ids.cohort, ids.csr], month);
  const zone = TIME_ZONES[zoneOfPemda(code)];
  const plan = planDemoSponsorships({
    seed: options.seed,
    pemdaCode: code,
    utcOffsetHours: zone.utcOffsetHours,
    policy,
    asn: await selectPlanAsn(db, code, ids.policy),
    workers: await selectPlanWorkers(db, code),
    cohort: {
      target: cohort.workers,
      members: before.get(ids.cohort)?.sponsorships ?? 0,
      districtCodes: cohort.districtCodes,
      firstMonth: `${cohort.budgetYear}-01`,
    },
    csr: { areaCode: ids.csrArea, members: before.get(ids.csr)?.sponsorships ?? 0 },
    takenKpj: await selectTakenKpj(db),
  });

  const nips = [...new Set(plan.flatMap((row) => (row.nip === null ? [] : [row.nip])))];
  const asnSponsors = await db.transaction(async (tx) => {
    const sponsors = await ensureAsnSponsors(tx, code, nips);
    if (sponsors.created > 0) {
      await recordAudit(tx, {
        actor: null,
        action: 'sponsor.create',
        entityType: 'pemda',
        entityId: code,
        pemdaCode: code,
        details: { kind: 'asn', count: sponsors.created, source: 'demo' },
      });
    }
    return sponsors.ids;
  });
  const { programmes, declaredIncome } = policy.contribution;
  const resolve = (row: PlannedSponsorship): PlannedSponsorship & SponsorshipHistory => ({
    ...row,
    programmeId: ids[row.programme],
    sponsorId:
      row.programme === 'policy'
        ? asnSponsors.get(row.nip!)!
        : row.programme === 'cohort'
          ? ids.cohortSponsor
          : ids.csrSponsor,
    programmes,
    declaredIncome,
  });

  let added = 0;
  for (let start = 0; start < plan.length; start += BATCH) {
    signal?.throwIfAborted();
    const batch = plan.slice(start, start + BATCH).map(resolve);
    added += await db.transaction(async (tx) => {
      const count = await writeSponsorships(tx, code, batch);
      await recordAudit(tx, {
        actor: null,
        action: 'sponsorship.create',
        entityType: 'pemda',
        entityId: code,
        pemdaCode: code,
        details: { count, source: 'demo' },
      });
      return count;
    });
    onProgress?.(Math.min(start + BATCH, plan.length), plan.length);
    await setImmediate();
  }

  if (added > 0) await analyseDemoTables(db);
  const after = await countProgrammeSponsorships(db, [ids.policy, ids.cohort, ids.csr], month);
  const of = (id: number) => after.get(id) ?? { sponsorships: 0, held: 0, sponsors: 0 };
  return {
    policy: { key: policy.programmeKey, ...of(ids.policy) },
    cohort: { key: cohort.key, target: cohort.workers, sponsorships: of(ids.cohort).sponsorships },
    csr: { key: ids.csrKey, target: csrPlan().target, sponsorships: of(ids.csr).sponsorships },
    added,
  };
}
