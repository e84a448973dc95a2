import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { matchingService } from '../src/composition.ts';
import { matchPool } from '../src/core/matching.ts';
import { PONOROGO_ASN_ORANG_TUA_ASUH, type ProgrammePolicy } from '../src/core/programme-policy.ts';
import { openPostgres } from '../src/db/postgres.ts';
import { asnPlaces } from '../src/features/matching/index.ts';
import { computeCompliance } from '../src/features/programmes/compliance.ts';
import { insertPolicyVersion, insertProgramme } from '../src/features/programmes/index.ts';
import { poolWorkers } from '../src/features/sponsorship/index.ts';
import { format, generateDemoFiles, runAsuh, withScratchDatabase } from './support.ts';

/**
 * Matching at Ponorogo's size on PostgreSQL (DESIGN §5: 150,000 pool workers × 14,000 ASN in
 * ≤ 5 s). The demo generator writes the roster and the registry, which go in through the normal
 * imports; every ASN is obliged (the Ponorogo policy with its last phase widened to non-ASN staff),
 * and nobody sponsors anyone yet, the heaviest case. Times `asuh match --json` as a whole process,
 * then in-process: the pool query, the compliance read, the core's matching, a whole dry run, a
 * saved run and a rerun that withdraws it.
 */
export async function matchBenchmark(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      asn: { type: 'string', default: '14000' },
      workers: { type: 'string', default: '150000' },
      on: { type: 'string', default: '2024-06-01' },
    },
  });
  const pemda = '35.02';
  const on = values.on!;
  const folder = await mkdtemp(join(tmpdir(), 'asuh-bench-match-'));
  try {
    process.stdout.write(`generating ${values.asn} ASN and ${values.workers} workers for ${pemda}…\n`);
    await generateDemoFiles(folder, pemda, { asn: values.asn!, workers: values.workers! });
    await withScratchDatabase('asuh_bench_match', async (url) => {
      const env = { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'warn' };
      const asuh = (what: string, ...command: string[]) => runAsuh(what, command, env);
      await asuh('pemda create', 'pemda', 'create', pemda);
      await asuh('import asn', 'import', 'asn', join(folder, 'asn.csv'), '--pemda', pemda);
      await asuh('import workers', 'import', 'workers', join(folder, 'workers.csv'), '--pemda', pemda);

      const db = await openPostgres({ url });
      try {
        const policy: ProgrammePolicy = {
          ...PONOROGO_ASN_ORANG_TUA_ASUH,
          phases: PONOROGO_ASN_ORANG_TUA_ASUH.phases.map((phase, index, all) =>
            index === all.length - 1
              ? { ...phase, sponsors: { employmentTypes: ['PNS', 'PPPK', 'NON_ASN'] } }
              : phase,
          ),
        };
        const programmeId = await db.transaction(async (tx) => {
          const id = await insertProgramme(tx, {
            pemdaCode: pemda,
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
          await insertPolicyVersion(tx, id!, policy, null);
          return id!;
        });
        await db.query('ANALYZE');

        const whole = await asuh('match', 'match', '--pemda', pemda, '--on', on, '--json');
        const plan = JSON.parse(whole.stdout) as {
          pool: number;
          sponsors: number;
          quota: number;
          proposals: number;
        };

        const timed = async <T>(work: () => Promise<T>): Promise<[T, number]> => {
          const started = performance.now();
          const result = await work();
          return [result, (performance.now() - started) / 1000];
        };
        const [ordered, orderedSeconds] = await timed(() => poolWorkers(db, { pemdaCode: pemda, on }));
        const [pool, poolSeconds] = await timed(() =>
          poolWorkers(db, { pemdaCode: pemda, on, ordered: false }),
        );
        const [compliance, complianceSeconds] = await timed(() => computeCompliance(db, { programmeId, on }));
        const [places, placesSeconds] = await timed(() => asnPlaces(db, pemda));
        const homes = new Map(places.map((place) => [place.nip, place.villageCode]));
        const sponsors = compliance.map((row) => ({
          sponsorId: row.nip,
          villageCode: homes.get(row.nip) ?? null,
          remaining: row.obligation.short,
        }));
        const [, coreSeconds] = await timed(async () => matchPool(pool, sponsors));
        const service = matchingService(db, () => new Date());
        const [, drySeconds] = await timed(() =>
          service.match(pemda, { on, fill: 'min', save: false }, { actor: null }),
        );
        const [saved, saveSeconds] = await timed(() =>
          service.match(pemda, { on, fill: 'min', save: true }, { actor: null }),
        );
        const [rerun, rerunSeconds] = await timed(() =>
          service.match(pemda, { on, fill: 'max', save: true }, { actor: null }),
        );
        const s = (seconds: number) => `${format(seconds, 2)} s`;
        process.stdout.write(
          [
            '',
            `matching ${format(plan.pool)} pool workers to ${format(plan.sponsors)} ASN short of workers (quota ${format(plan.quota)}) on PostgreSQL, ${on}`,
            `  asuh match --json (whole process)  : ${s(whole.seconds)}  ${format(plan.proposals)} proposals, peak RSS ${whole.peakRssMiB ?? '?'} MiB  (target ≤ 5 s)`,
            `  in-process, pool query, ranked     : ${s(orderedSeconds)}  (${format(ordered.length)} workers, as the ASN and CSR pickers read it)`,
            `  in-process, pool query, unranked   : ${s(poolSeconds)}  (as the matcher reads it)`,
            `  in-process, compliance of the ASN  : ${s(complianceSeconds)}  (${format(compliance.length)} ASN)`,
            `  in-process, ASN home villages      : ${s(placesSeconds)}`,
            `  in-process, core matchPool         : ${s(coreSeconds)}`,
            `  in-process, whole dry run          : ${s(drySeconds)}`,
            `  in-process, saved run (--save)     : ${s(saveSeconds)}  (${format(saved.summary.proposals)} proposals stored, run ${saved.summary.run?.id})`,
            `  rerun --fill max --save            : ${s(rerunSeconds)}  (${format(rerun.summary.run?.withdrawn ?? 0)} withdrawn, ${format(rerun.summary.proposals)} stored)`,
            '',
          ].join('\n'),
        );
      } finally {
        await db.close();
      }
    });
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
