import type { Programme } from '../../src/core/contributions/schedules.ts';
import type { Period } from '../../src/core/period.ts';
import type { ProgrammePolicy } from '../../src/core/programme-policy.ts';
import type { Relationship, SponsorshipStatus } from '../../src/core/sponsorship-lifecycle.ts';
import type { Queryable } from '../../src/db/database.ts';
import { insertSponsorships } from '../../src/features/sponsorship/sponsorship-queries.ts';

/**
 * Small, readable data for integration tests of programmes, sponsorships and the ledger. Each
 * helper inserts exactly what it says with plain SQL, so a test shows its own starting point.
 * Bulk data for benchmarks comes from the demo generator instead.
 */

/** Onboards the Pemda of an existing region code, named as the region is. */
export async function seedPemda(db: Queryable, code = '35.02'): Promise<string> {
  await db.query(
    'INSERT INTO pemda (code, name) SELECT code, name FROM region WHERE code = $1 ON CONFLICT DO NOTHING',
    [code],
  );
  return code;
}

export async function seedOpd(db: Queryable, pemdaCode: string, name: string): Promise<number> {
  const [row] = await db.query<{ id: number }>(
    `INSERT INTO opd (pemda_code, name, name_key) VALUES ($1, $2, lower($2))
     ON CONFLICT (pemda_code, name_key) DO UPDATE SET name = excluded.name RETURNING id`,
    [pemdaCode, name],
  );
  return row!.id;
}

export interface AsnFixture {
  nip: string;
  name?: string;
  employmentType?: 'PNS' | 'PPPK' | 'NON_ASN';
  echelon?: 'I' | 'II' | 'III' | 'IV' | null;
  baseSalary?: number;
  villageCode?: string | null;
}

export async function seedAsn(
  db: Queryable,
  pemdaCode: string,
  opdId: number,
  asn: AsnFixture,
): Promise<string> {
  await db.query(
    `INSERT INTO asn (nip, pemda_code, opd_id, name, employment_type, rank, echelon, base_salary, village_code)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      asn.nip,
      pemdaCode,
      opdId,
      asn.name ?? `ASN ${asn.nip.slice(-3)}`,
      asn.employmentType ?? 'PNS',
      asn.employmentType === 'NON_ASN' ? null : 'III/a',
      asn.echelon ?? null,
      asn.baseSalary ?? 3_500_000,
      asn.villageCode === undefined ? '35.02.01.2001' : asn.villageCode,
    ],
  );
  return asn.nip;
}

export interface WorkerFixture {
  nik: string;
  name?: string;
  birthDate?: string;
  sex?: 'male' | 'female';
  occupation?: string | null;
  sector?: string | null;
  villageCode?: string | null;
  welfareDecile?: number | null;
  deceasedOn?: string | null;
  activeElsewhere?: boolean;
}

/** Adds workers to the national registry and links them to the Pemda's. */
export async function seedWorkers(
  db: Queryable,
  pemdaCode: string,
  workers: readonly WorkerFixture[],
): Promise<string[]> {
  for (const w of workers) {
    await db.query(
      `INSERT INTO worker (nik, name, birth_date, sex, occupation, sector, village_code, welfare_decile, deceased_on, active_elsewhere)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        w.nik,
        w.name ?? `Pekerja ${w.nik.slice(-4)}`,
        w.birthDate ?? '1985-06-15',
        w.sex ?? 'female',
        w.occupation === undefined ? 'petani' : w.occupation,
        w.sector ?? null,
        w.villageCode === undefined ? '35.02.01.2001' : w.villageCode,
        w.welfareDecile ?? null,
        w.deceasedOn ?? null,
        w.activeElsewhere ?? false,
      ],
    );
    await db.query('INSERT INTO pemda_worker (pemda_code, nik) VALUES ($1, $2)', [pemdaCode, w.nik]);
  }
  return workers.map((w) => w.nik);
}

/** An ASN-policy programme with its policy versions (each stored as the core's data). */
export async function seedPolicyProgramme(
  db: Queryable,
  versions: readonly ProgrammePolicy[],
): Promise<number> {
  const first = versions[0]!;
  const [row] = await db.query<{ id: number }>(
    `INSERT INTO programme (pemda_code, key, name, kind) VALUES ($1, $2, $3, 'asn_policy') RETURNING id`,
    [first.pemdaCode, first.programmeKey, first.name],
  );
  for (const policy of versions) {
    await db.query('INSERT INTO policy_version (programme_id, effective_from, policy) VALUES ($1, $2, $3)', [
      row!.id,
      policy.effectiveFrom,
      JSON.stringify(policy),
    ]);
  }
  return row!.id;
}

export interface OtherProgrammeFixture {
  pemdaCode: string;
  key: string;
  name: string;
  kind: 'apbd_cohort' | 'csr' | 'donor';
  programmes?: readonly Programme[];
  declaredIncome?: number;
  areaCode?: string | null;
  budget?: number | null;
  budgetYear?: number | null;
  targetWorkers?: number | null;
}

export async function seedProgramme(db: Queryable, p: OtherProgrammeFixture): Promise<number> {
  const [row] = await db.query<{ id: number }>(
    `INSERT INTO programme (pemda_code, key, name, kind, contribution_programmes, declared_income, area_code,
                            budget, budget_year, target_workers)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
    [
      p.pemdaCode,
      p.key,
      p.name,
      p.kind,
      p.programmes ?? ['jkk', 'jkm'],
      p.declaredIncome ?? 1_000_000,
      p.areaCode ?? null,
      p.budget ?? null,
      p.budgetYear ?? null,
      p.targetWorkers ?? null,
    ],
  );
  return row!.id;
}

export type SponsorFixture = { pemdaCode: string } & (
  | { kind: 'asn'; nip: string }
  | { kind: 'apbd'; name: string }
  | { kind: 'organisation'; organisationName: string; areaCode?: string }
  | { kind: 'individual'; name: string }
);

/** A sponsor with the payment method, funding source and group account its kind usually has. */
export async function seedSponsor(db: Queryable, s: SponsorFixture): Promise<number> {
  let organisationId: number | null = null;
  if (s.kind === 'organisation') {
    const [org] = await db.query<{ id: number }>(
      `INSERT INTO organisation (name) VALUES ($1) ON CONFLICT (name) DO UPDATE SET name = excluded.name RETURNING id`,
      [s.organisationName],
    );
    organisationId = org!.id;
  }
  const usual = {
    asn: ['payroll_deduction', 'asn', 'SG'],
    apbd: ['budget', 'apbd', 'SG'],
    organisation: ['transfer', 'csr', 'SC'],
    individual: ['transfer', 'individual', null],
  } as const;
  const [method, funding, group] = usual[s.kind];
  const [row] = await db.query<{ id: number }>(
    `INSERT INTO sponsor (pemda_code, kind, nip, organisation_id, name, payment_method, funding_source,
                          group_account_type, area_code)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
    [
      s.pemdaCode,
      s.kind,
      s.kind === 'asn' ? s.nip : null,
      organisationId,
      s.kind === 'apbd' || s.kind === 'individual' ? s.name : null,
      method,
      funding,
      group,
      s.kind === 'organisation' ? (s.areaCode ?? null) : null,
    ],
  );
  return row!.id;
}

export interface SponsorshipFixture {
  pemdaCode: string;
  programmeId: number;
  sponsorId: number;
  nik: string;
  firstMonth: Period;
  endMonth?: Period | null;
  status?: SponsorshipStatus;
  relationship?: Relationship;
  programmes?: readonly Programme[];
  declaredIncome?: number;
}

/** One sponsorship through the shared insert; fails the test if its months are taken. */
export async function seedSponsorship(db: Queryable, s: SponsorshipFixture): Promise<number> {
  const result = await insertSponsorships(
    db,
    [
      {
        pemdaCode: s.pemdaCode,
        programmeId: s.programmeId,
        sponsorId: s.sponsorId,
        nik: s.nik,
        relationship: s.relationship ?? 'family',
        programmes: s.programmes ?? ['jkk', 'jkm'],
        declaredIncome: s.declaredIncome ?? 1_000_000,
        firstMonth: s.firstMonth,
        endMonth: s.endMonth ?? null,
        status: s.status ?? 'active',
      },
    ],
    { userId: null, source: 'test' },
  );
  const inserted = result.inserted[0];
  if (!inserted) throw new Error(`months already covered for ${s.nik}`);
  return inserted.id;
}
