import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Actor } from '../../src/core/access.ts';
import type { Programme } from '../../src/core/contributions/schedules.ts';
import type { Period } from '../../src/core/period.ts';
import type { ProgrammePolicy } from '../../src/core/programme-policy.ts';
import type { Relationship, SponsorshipStatus } from '../../src/core/sponsorship-lifecycle.ts';
import type { Database, Queryable } from '../../src/db/database.ts';
import { createBillingService } from '../../src/features/billing/index.ts';
import { createPaymentService } from '../../src/features/payments/index.ts';
import { insertSponsorships } from '../../src/features/sponsorship/index.ts';

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

/**
 * A user of the given role and scope, stored (so writes it makes can name it) but unable to sign
 * in: for server tests that name the caller through `actorOverride`.
 */
export async function seedActor(
  db: Queryable,
  actor: DistributiveOmit<Actor, 'userId' | 'displayName'> & { displayName?: string },
): Promise<Actor> {
  const scope = actor as Partial<
    Record<'provinceCode' | 'pemdaCode' | 'opdId' | 'nip' | 'organisationId', unknown>
  >;
  const [row] = await db.query<{ id: number }>(
    `INSERT INTO app_user (username, display_name, password_hash, role, province_code, pemda_code, opd_id, nip, organisation_id)
     VALUES ($1, $2, '$argon2id$not-a-password', $3, $4, $5, $6, $7, $8) RETURNING id`,
    [
      actor.username,
      actor.displayName ?? actor.username,
      actor.role,
      scope.provinceCode ?? null,
      scope.pemdaCode ?? null,
      scope.opdId ?? null,
      scope.nip ?? null,
      scope.organisationId ?? null,
    ],
  );
  if (actor.role === 'bpjstk_officer') {
    await db.query('INSERT INTO user_pemda (user_id, pemda_code) SELECT $1, unnest($2::text[])', [
      row!.id,
      actor.pemdaCodes,
    ]);
  }
  return { displayName: actor.username, ...actor, userId: row!.id } as Actor;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/**
 * One billed month of a sponsorship, as a billing run leaves it: the contribution (Rp 16,800) on
 * its sponsor's bill for the period, made on first use. For tests of what billing freezes.
 */
export async function seedBilledMonth(db: Queryable, sponsorshipId: number, period: Period): Promise<number> {
  const month = `${period}-01`;
  const [bill] = await db.query<{ id: number }>(
    `INSERT INTO bill (pemda_code, period, sponsor_id, document, reference, member_count, billed_amount, due_at)
     SELECT s.pemda_code, $2::date, s.sponsor_id, 'invoice',
            'TEST-' || s.sponsor_id || '-' || to_char($2::date, 'YYYYMM'), 1, 16800, $2::date + 14
       FROM sponsorship s WHERE s.id = $1
     ON CONFLICT ON CONSTRAINT bill_payer_period_key
       DO UPDATE SET member_count = bill.member_count + 1, billed_amount = bill.billed_amount + 16800
     RETURNING id`,
    [sponsorshipId, month],
  );
  const [row] = await db.query<{ id: number }>(
    `INSERT INTO contribution (pemda_code, period, sponsorship_id, sponsor_id, nik, bill_id, jkk, jkm, amount,
                               schedule, funding_source, worker_name, sponsor_name, due_at)
     SELECT s.pemda_code, $2::date, s.id, s.sponsor_id, s.nik, $3, 10000, 6800, 16800, 'PP 44/2015',
            sp.funding_source, w.name, coalesce(sp.name, sp.nip, 'sponsor'), $2::date + 14
       FROM sponsorship s JOIN sponsor sp ON sp.id = s.sponsor_id JOIN worker w ON w.nik = s.nik
      WHERE s.id = $1
     RETURNING id`,
    [sponsorshipId, month, bill!.id],
  );
  return row!.id;
}

export interface ManySponsorshipsOptions {
  pemdaCode: string;
  sponsorships: number;
  firstMonth: Period;
}

/**
 * Many active sponsorships, set-based (a few statements whatever the count), for the billing
 * benchmark and the kill-and-rerun test: 90% paid by ASN through payroll deduction (three workers
 * each, in 40 OPDs), 5% by one APBD budget line, 5% by ten CSR companies. Written straight into
 * the tables, as a migration of an existing programme would; no sponsorship events.
 */
export async function seedManySponsorships(db: Queryable, o: ManySponsorshipsOptions): Promise<void> {
  const digits = o.pemdaCode.replace('.', '');
  const asnCount = Math.ceil((o.sponsorships * 0.9) / 3);
  const run = (sql: string, params: unknown[] = []) => db.query(sql, params);
  await seedPemda(db, o.pemdaCode);
  await run(
    `INSERT INTO opd (pemda_code, name, name_key)
     SELECT $1, 'Dinas Uji ' || i, 'dinas uji ' || i FROM generate_series(1, 40) AS i`,
    [o.pemdaCode],
  );
  await run(
    `INSERT INTO asn (nip, pemda_code, opd_id, name, employment_type, base_salary)
     SELECT '198005172005' || lpad(i::text, 6, '0'), $1,
            (SELECT min(id) FROM opd WHERE pemda_code = $1) + (i % 40), 'ASN Uji ' || i, 'PNS', 3500000
       FROM generate_series(1, $2::int) AS i`,
    [o.pemdaCode, asnCount],
  );
  await run(
    `INSERT INTO worker (nik, name, birth_date, sex, occupation)
     SELECT $1 || '01' || lpad(i::text, 10, '0'), 'Pekerja Uji ' || i, DATE '1985-06-15', 'female', 'petani'
       FROM generate_series(1, $2::int) AS i`,
    [digits, o.sponsorships],
  );
  await run(
    `INSERT INTO organisation (name) SELECT 'PT Uji ' || i FROM generate_series(1, 10) AS i ON CONFLICT DO NOTHING`,
  );
  await run(
    `INSERT INTO sponsor (pemda_code, kind, nip, payment_method, funding_source, group_account_type)
     SELECT $1, 'asn', nip, 'payroll_deduction', 'asn', 'SG' FROM asn WHERE pemda_code = $1 ORDER BY nip`,
    [o.pemdaCode],
  );
  await run(
    `INSERT INTO sponsor (pemda_code, kind, name, payment_method, funding_source, group_account_type)
     VALUES ($1, 'apbd', 'APBD Uji', 'budget', 'apbd', 'SG')`,
    [o.pemdaCode],
  );
  await run(
    `INSERT INTO sponsor (pemda_code, kind, organisation_id, payment_method, funding_source, group_account_type)
     SELECT $1, 'organisation', id, 'transfer', 'csr', 'SC' FROM organisation WHERE name LIKE 'PT Uji %' ORDER BY id`,
    [o.pemdaCode],
  );
  const programmeId = await seedProgramme(db, {
    pemdaCode: o.pemdaCode,
    key: 'uji-banyak',
    name: 'Program uji',
    kind: 'csr',
  });
  await run(
    `WITH asn_sponsor AS (
       SELECT id, row_number() OVER (ORDER BY nip) AS n FROM sponsor WHERE pemda_code = $1 AND kind = 'asn'
     ),
     csr AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM sponsor WHERE pemda_code = $1 AND kind = 'organisation'),
     apbd AS (SELECT id FROM sponsor WHERE pemda_code = $1 AND kind = 'apbd')
     INSERT INTO sponsorship (pemda_code, programme_id, sponsor_id, nik, relationship, programmes, declared_income,
                              first_month, status)
     SELECT $1, $2, coalesce(a.id, c.id, p.id), $3 || '01' || lpad(i::text, 10, '0'), 'neighbour',
            ARRAY['jkk', 'jkm'], 1000000, $5::date, 'active'
       FROM generate_series(1, $6::int) AS i
       CROSS JOIN apbd p
       LEFT JOIN asn_sponsor a ON i <= $4 * 3 AND a.n = (i + 2) / 3
       LEFT JOIN csr c ON i > $4 * 3 AND i % 2 = 1 AND c.n = i % 10`,
    [o.pemdaCode, programmeId, digits, asnCount, `${o.firstMonth}-01`, o.sponsorships],
  );
}

export interface BillFixture {
  pemdaCode: string;
  period: Period;
  reference: string;
  /** An OPD's payroll deduction list; otherwise the sponsor's invoice. */
  opdId?: number;
  sponsorId?: number;
  /** Its contribution lines: a sponsorship's month (the bill's own unless said), Rp 16,800 unless said. */
  lines: readonly { sponsorshipId: number; period?: Period; amount?: number }[];
}

/**
 * An issued bill with its contribution lines, written directly as a billing run would leave
 * them (member count and billed amount frozen), for tests of what happens after billing.
 */
export async function seedBill(
  db: Queryable,
  b: BillFixture,
): Promise<{ billId: number; contributionIds: number[] }> {
  const amounts = b.lines.map((line) => line.amount ?? 16_800);
  const [bill] = await db.query<{ id: number }>(
    `INSERT INTO bill (pemda_code, period, opd_id, sponsor_id, document, reference, member_count, billed_amount, due_at)
     VALUES ($1, $2::date, $3, $4, $5, $6, $7, $8, $2::date + interval '14 days 16:59:59')
     RETURNING id`,
    [
      b.pemdaCode,
      `${b.period}-01`,
      b.opdId ?? null,
      b.opdId ? null : (b.sponsorId ?? null),
      b.opdId ? 'payroll_deduction' : 'invoice',
      b.reference,
      b.lines.length,
      amounts.reduce((sum, amount) => sum + amount, 0),
    ],
  );
  const contributionIds: number[] = [];
  for (const [index, line] of b.lines.entries()) {
    const amount = amounts[index]!;
    const jkm = Math.min(6_800, amount);
    const [row] = await db.query<{ id: number }>(
      `INSERT INTO contribution (pemda_code, period, sponsorship_id, sponsor_id, nik, bill_id, jkk, jkm, amount,
                                 schedule, funding_source, worker_name, sponsor_name, sponsor_nip, opd_id, due_at)
       SELECT s.pemda_code, $2::date, s.id, s.sponsor_id, s.nik, $3, $4::int8, $5::int8, $4::int8 + $5::int8, 'PP 44/2015',
              sp.funding_source, w.name, coalesce(a.name, sp.name, 'sponsor'), sp.nip, $6, $2::date + 14
         FROM sponsorship s
         JOIN sponsor sp ON sp.id = s.sponsor_id
         JOIN worker w ON w.nik = s.nik
         LEFT JOIN asn a ON a.nip = sp.nip
        WHERE s.id = $1
       RETURNING id`,
      [line.sponsorshipId, `${line.period ?? b.period}-01`, bill!.id, amount - jkm, jkm, b.opdId ?? null],
    );
    contributionIds.push(row!.id);
  }
  return { billId: bill!.id, contributionIds };
}

/** Runs the billing run for each month in turn, as the Pemda's administrator would each month. */
export async function billMonths(db: Database, pemdaCode: string, periods: readonly Period[]): Promise<void> {
  const billing = createBillingService({ db: db });
  for (const period of periods) await billing.run({ period, pemdaCode }, { actor: null });
}

export interface WorkerMonthPayment {
  nik: string;
  period: Period;
  /** The day paid, on the Pemda's clock. */
  paidOn: string;
  amount?: number;
}

/**
 * Pays worker-months through a BPJSTK payment confirmation (docs/formats/bpjstk-payment.md), so
 * that contributions, allocations and bills move as a real import moves them.
 */
export async function payWorkerMonths(
  db: Database,
  pemdaCode: string,
  payments: readonly WorkerMonthPayment[],
): Promise<void> {
  const folder = await mkdtemp(join(tmpdir(), 'asuh-pay-'));
  try {
    const path = join(folder, 'konfirmasi-bpjstk.csv');
    const lines = payments.map((p) => `,${p.nik},${p.period},${p.amount ?? 16_800},${p.paidOn}`);
    await writeFile(path, `${['kpj,nik,periode,jumlah,tanggal_bayar', ...lines].join('\r\n')}\r\n`);
    await createPaymentService({ db: db }).importFile(path, { kind: 'bpjstk', pemdaCode, actor: null });
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

/** A company paying through its CSR: the programme in the Pemda, and the company as sponsor. */
export async function seedCsrSponsor(
  db: Queryable,
  pemdaCode: string,
  c: { key?: string; name?: string; organisationName?: string } = {},
): Promise<{ programmeId: number; sponsorId: number }> {
  const programmeId = await seedProgramme(db, {
    pemdaCode,
    key: c.key ?? 'csr-peduli',
    name: c.name ?? 'CSR PT Peduli',
    kind: 'csr',
  });
  const sponsorId = await seedSponsor(db, {
    pemdaCode,
    kind: 'organisation',
    organisationName: c.organisationName ?? 'PT Peduli',
  });
  return { programmeId, sponsorId };
}

/** Sponsorships that all start in one month, each a worker's NIK with its sponsor and programme. */
export async function seedSponsorshipsFrom(
  db: Queryable,
  pemdaCode: string,
  firstMonth: Period,
  rows: readonly { nik: string; sponsorId: number; programmeId: number }[],
): Promise<number[]> {
  const ids: number[] = [];
  for (const row of rows) ids.push(await seedSponsorship(db, { pemdaCode, firstMonth, ...row }));
  return ids;
}

/**
 * The users a Pemda's screens are tried with: its admin, the BPJSTK officer serving it, the head of
 * one of its OPDs, a national monitor, and another Pemda's admin, who must see none of it.
 */
export async function seedPemdaUsers(
  db: Queryable,
  u: { pemdaCode: string; opdId: number; otherPemdaCode: string; officerUsername?: string },
): Promise<Record<'admin' | 'otherAdmin' | 'officer' | 'national' | 'opdHead', Actor>> {
  const digits = (code: string) => code.replace('.', '');
  return {
    admin: await seedActor(db, {
      username: `admin.${digits(u.pemdaCode)}`,
      role: 'pemda_admin',
      pemdaCode: u.pemdaCode,
    }),
    otherAdmin: await seedActor(db, {
      username: `admin.${digits(u.otherPemdaCode)}`,
      role: 'pemda_admin',
      pemdaCode: u.otherPemdaCode,
    }),
    officer: await seedActor(db, {
      username: u.officerUsername ?? `petugas.${digits(u.pemdaCode)}`,
      role: 'bpjstk_officer',
      pemdaCodes: [u.pemdaCode],
    }),
    national: await seedActor(db, { username: 'nasional', role: 'national' }),
    opdHead: await seedActor(db, {
      username: 'kepala.opd',
      role: 'opd_head',
      pemdaCode: u.pemdaCode,
      opdId: u.opdId,
    }),
  };
}
