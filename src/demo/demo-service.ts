import { setImmediate } from 'node:timers/promises';
import type { Config } from '../config.ts';
import type { Role } from '../core/access.ts';
import type { Database, Queryable } from '../db/database.ts';
import { createAuthService, type NewUser } from '../features/auth/index.ts';
import { ensureOrganisation } from '../features/cohorts/index.ts';
import { type ImportSummary, importRows } from '../features/imports/index.ts';
import { createPemdaService, findOpdIdByKey, opdNameKey } from '../features/pemda/index.ts';
import { recordAudit } from '../platform/audit.ts';
import { DEMO_OPD_HEAD_OPD, KNOWN_TARGETS, TARGET_PER_WORKER } from './demo-data.ts';
import { asnCells, workerCells } from './demo-files.ts';
import { type DemoRegions, generateAsn } from './demo-generator.ts';
import { DEMO_MONTH } from './demo-history.ts';
import { type DemoLedgerLoad, loadDemoLedger } from './demo-ledger.ts';
import { DEMO_REFERENCE_DATE } from './demo-people.ts';
import { DEMO_LEDGER, TOBACCO_OCCUPATION } from './demo-programme-data.ts';
import {
  cohortShortfall,
  type DemoProgrammesLoad,
  demoCohort,
  demoPolicy,
  ensureDemoProgrammes,
  loadDemoSponsorships,
} from './demo-programmes.ts';
import { selectDemoState, selectRankAndFileAsn } from './demo-queries.ts';
import { queryDemoRegions } from './demo-regions.ts';
import { generateFarmers, generateWorkers } from './demo-workers.ts';

export interface DemoOptions {
  /** A regency or city: `35.02`. */
  pemdaCode: string;
  seed: number;
  asn: number;
  workers: number;
  /** Months of billing, payments and claims, ending with the current month; none when 0 or left out. */
  ledgerMonths?: number;
  /** The clock the ledger's current month and "today" are read from. */
  now?: Date;
}

/** Kabupaten Ponorogo, whose ASN Orang Tua Asuh programme the demo follows (DESIGN §1). */
export const DEMO_DEFAULTS: DemoOptions = {
  pemdaCode: '35.02',
  seed: 1,
  asn: 14_000,
  workers: 120_000,
  ledgerMonths: DEMO_LEDGER.months,
};

/**
 * DEMO ONLY: every demo account signs in with this published password. A real deployment sets
 * `ASUH_DEMO=off` so that `asuh serve` never creates them.
 */
export const DEMO_PASSWORD = 'asuh-demo-2026';
export const DEMO_ORGANISATION = 'PT Demo Peduli';

export interface DemoLogin {
  role: Role;
  username: string;
  displayName: string;
  password: string;
}

export interface DemoLoad {
  pemda: { code: string; name: string };
  asn: ImportSummary;
  workers: ImportSummary;
  /** Tobacco farmers added to the registry for the APBD cohort; null when it held enough. */
  farmers: ImportSummary | null;
  programmes: DemoProgrammesLoad;
  logins: DemoLogin[];
  /** The months billed, paid and claimed; null when the load asked for none. */
  ledger: DemoLedgerLoad | null;
}

export type DemoStage = 'asn' | 'workers' | 'farmers' | 'programmes' | 'users' | 'ledger';

export interface DemoLoadHooks {
  onStage?(stage: DemoStage): void;
  /** Rows of the roster, the registry or the cohort's farmers read, sponsorships written or ledger months done, so far, of `total`. */
  onProgress?(stage: Exclude<DemoStage, 'users'>, done: number, total: number): void;
  /** Stops between import batches: nothing of the unfinished import is merged, and a rerun completes the demo. */
  signal?: AbortSignal;
}

/**
 * Whether `asuh serve` should load the demo: the database holds no Pemda yet, or an earlier
 * start was stopped while loading it.
 */
export async function demoIsNeeded(db: Queryable, pemdaCode: string): Promise<boolean> {
  const state = await selectDemoState(db, pemdaCode);
  return state.empty || state.unfinished;
}

/**
 * Loads a demo Pemda into the database through the same paths real data takes: the Pemda is
 * onboarded with its target, the roster and the registry go through the import pipeline, its
 * programmes get their sponsors and sponsorships, and one account per role is created.
 * Everything is idempotent, so a rerun (or a rerun after a crash) adds only what is missing: the
 * same seed makes the same people and the same sponsorships. Each step is a call below; a later
 * one (e.g. billing history) goes after the programmes.
 */
export async function loadDemo(
  db: Database,
  options: DemoOptions,
  { onStage, onProgress, signal }: DemoLoadHooks = {},
): Promise<DemoLoad> {
  const regions = await queryDemoRegions(db, options.pemdaCode);
  const code = regions.code;
  const system = { actor: null };
  await db.transaction((tx) =>
    recordAudit(tx, {
      actor: null,
      action: 'demo.load_started',
      entityType: 'pemda',
      entityId: code,
      pemdaCode: code,
      details: { seed: options.seed, asn: options.asn, workers: options.workers },
    }),
  );

  const pemdaService = createPemdaService({ db });
  const { pemda } = await pemdaService.create(code, system);
  const target = KNOWN_TARGETS[code] ?? {
    year: Number(DEMO_REFERENCE_DATE.slice(0, 4)),
    workersToCover: Math.round((options.workers * TARGET_PER_WORKER) / 1000) * 1000,
  };
  if (!pemda.targets.some((existing) => existing.year === target.year)) {
    await pemdaService.setTarget(code, target, system);
  }
  const organisation = await db.transaction(async (tx) => {
    const ensured = await ensureOrganisation(tx, DEMO_ORGANISATION);
    if (ensured.created) {
      await recordAudit(tx, {
        actor: null,
        action: 'organisation.create',
        entityType: 'organisation',
        entityId: String(ensured.id),
        details: { name: DEMO_ORGANISATION },
      });
    }
    return ensured;
  });

  const run = (
    stage: 'asn' | 'workers' | 'farmers',
    rows: AsyncIterable<Record<string, string>>,
    total: number,
  ) => {
    onStage?.(stage);
    return importRows(db, rows, {
      kind: stage === 'asn' ? 'asn' : 'workers',
      pemdaCode: code,
      actor: null,
      signal,
      onProgress: ({ rowsRead }) => onProgress?.(stage, rowsRead, total),
    });
  };
  const asn = await run(
    'asn',
    mapRows(generateAsn(regions, { seed: options.seed, count: options.asn }), asnCells),
    options.asn,
  );
  const workers = await run(
    'workers',
    mapRows(generateWorkers(regions, { seed: options.seed, count: options.workers }), workerCells),
    options.workers,
  );

  // The cohort's list: the farmers the registry lacks come in as the agriculture office's would.
  const cohort = demoCohort(regions, options.asn);
  const programmeIds = await ensureDemoProgrammes(db, regions, cohort, DEMO_ORGANISATION);
  const shortfall = await cohortShortfall(db, code, programmeIds, cohort);
  const farmers =
    shortfall === 0
      ? null
      : await run(
          'farmers',
          mapRows(
            generateFarmers(regions, {
              seed: options.seed,
              count: shortfall,
              occupation: TOBACCO_OCCUPATION,
              districtIndexes: cohort.districtIndexes,
            }),
            workerCells,
          ),
          shortfall,
        );

  onStage?.('programmes');
  const programmes = await loadDemoSponsorships(db, regions, options, programmeIds, cohort, {
    signal,
    onProgress: (written, total) => onProgress?.('programmes', written, total),
  });

  onStage?.('users');
  const logins = await createDemoUsers(db, regions, organisation.id, programmeIds.policy);

  // After the accounts: the ledger spares the demo ASN, whose pages show an obligation met and paid.
  let ledger: DemoLedgerLoad | null = null;
  if ((options.ledgerMonths ?? 0) > 0) {
    onStage?.('ledger');
    ledger = await loadDemoLedger(
      db,
      { pemdaCode: code, seed: options.seed, months: options.ledgerMonths!, now: options.now ?? new Date() },
      { signal, onProgress: (done, total) => onProgress?.('ledger', done, total) },
    );
  }
  await db.transaction((tx) =>
    recordAudit(tx, {
      actor: null,
      action: 'demo.loaded',
      entityType: 'pemda',
      entityId: code,
      pemdaCode: code,
      details: {
        asn: { ...asn },
        workers: { ...workers },
        farmers: farmers && { ...farmers },
        programmes: { ...programmes },
        users: logins.map((login) => login.username),
        ledger: ledger && { ...ledger },
      },
    }),
  );
  return { pemda: { code, name: pemda.name }, asn, workers, farmers, programmes, logins, ledger };
}

/** Rows handed to the import between two turns of the event loop. */
const ROWS_PER_TURN = 1_000;

/**
 * The generated rows as the import reads them. Generated rows, unlike a file's, arrive without
 * any I/O, and the embedded database answers without any either: left alone, the whole load
 * would run in one turn of the event loop, and the server that `asuh serve` has just started
 * would answer nobody (nor a SIGTERM) until it ends.
 */
async function* mapRows<T, R>(rows: Iterable<T>, map: (row: T) => R): AsyncGenerator<R> {
  let count = 0;
  for (const row of rows) {
    yield map(row);
    if (++count % ROWS_PER_TURN === 0) await setImmediate();
  }
}

/**
 * One account per role, bound to the demo Pemda, and a second ASN: the first meets the policy's
 * obligation, the second is one worker short, so the self-service page shows both. Existing
 * accounts are kept as they are.
 */
async function createDemoUsers(
  db: Database,
  regions: DemoRegions,
  organisationId: number,
  policyProgrammeId: number,
): Promise<DemoLogin[]> {
  const auth = createAuthService({ db });
  const code = regions.code;
  const digits = code.replaceAll('.', '');
  const province = code.slice(0, 2);
  const users: NewUser[] = [
    {
      username: 'demo.nasional',
      displayName: 'Pemantau Nasional (demo)',
      role: 'national',
      password: DEMO_PASSWORD,
    },
    {
      username: `demo.provinsi.${province}`,
      displayName: `Pemantau Provinsi ${regions.provinceName} (demo)`,
      role: 'province',
      provinceCode: province,
      password: DEMO_PASSWORD,
    },
    {
      username: `demo.admin.${digits}`,
      displayName: `Admin ${regions.name} (demo)`,
      role: 'pemda_admin',
      pemdaCode: code,
      password: DEMO_PASSWORD,
    },
  ];
  // A roster too small to have staffed the schools leaves out the OPD head and the ASN.
  const opdId = await findOpdIdByKey(db, code, opdNameKey(DEMO_OPD_HEAD_OPD));
  if (opdId !== undefined) {
    users.push({
      username: `demo.opd.${digits}`,
      displayName: `Kepala ${DEMO_OPD_HEAD_OPD} (demo)`,
      role: 'opd_head',
      pemdaCode: code,
      opdId,
      password: DEMO_PASSWORD,
    });
    const { min, max } = demoPolicy(regions).perSponsor;
    const holding = (from: number, to: number) =>
      selectRankAndFileAsn(db, code, opdId, {
        programmeId: policyProgrammeId,
        month: `${DEMO_MONTH}-01`,
        from,
        to,
      });
    // A roster larger than its registry can leave nobody compliant: then the first ASN signs in.
    const compliant = (await holding(min, max ?? min)) ?? (await selectRankAndFileAsn(db, code, opdId));
    const short = min > 1 ? await holding(min - 1, min - 1) : undefined;
    for (const [asn, username] of [
      [compliant, `demo.asn.${digits}`],
      [short, `demo.asn2.${digits}`],
    ] as const) {
      if (!asn) continue;
      users.push({
        username,
        displayName: asn.name,
        role: 'asn',
        pemdaCode: code,
        nip: asn.nip,
        password: DEMO_PASSWORD,
      });
    }
  }
  users.push(
    {
      username: `demo.bpjstk.${digits}`,
      displayName: `Petugas BPJS Ketenagakerjaan ${regions.name} (demo)`,
      role: 'bpjstk_officer',
      pemdaCodes: [code],
      password: DEMO_PASSWORD,
    },
    {
      username: 'demo.sponsor',
      displayName: `${DEMO_ORGANISATION} (demo)`,
      role: 'sponsor_org',
      organisationId,
      password: DEMO_PASSWORD,
    },
  );
  const logins: DemoLogin[] = [];
  for (const user of users) {
    const { user: created } = await auth.createUser(user, null, { ifExists: 'skip' });
    logins.push({
      role: created.role,
      username: created.username,
      displayName: created.displayName,
      password: DEMO_PASSWORD,
    });
  }
  return logins;
}

/**
 * What `asuh serve` loads on its first start: Ponorogo's roster at full size and enough workers
 * for most of its ASN to sponsor their two or three with a pool left over for matching, while
 * loading in well under a minute on the embedded database.
 */
export const FIRST_START_DEMO: DemoOptions = { ...DEMO_DEFAULTS, workers: 40_000 };

/** The first-start demo as configured: none when `ASUH_DEMO=off`, else resized by `ASUH_DEMO_ASN`/`_WORKERS`. */
export function firstStartDemo(settings: Config['firstStartDemo']): DemoOptions | null {
  if (!settings.enabled) return null;
  return {
    ...FIRST_START_DEMO,
    asn: settings.asn ?? FIRST_START_DEMO.asn,
    workers: settings.workers ?? FIRST_START_DEMO.workers,
  };
}
