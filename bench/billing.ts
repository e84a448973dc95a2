import { parseArgs } from 'node:util';
import { openPostgres } from '../src/db/postgres.ts';
import { seedManySponsorships } from '../test/support/fixtures.ts';
import { format, requireSuccess, runAsuh, runProcess, withScratchDatabase } from './support.ts';

/**
 * The same rows the billing run writes, by the database alone: one INSERT … SELECT over the same
 * joins into a bare copy of the contribution table (no keys, no indexes, no foreign keys), with
 * the one price every sponsorship of the benchmark has written in as constants.
 */
const BARE_TABLE = 'CREATE TABLE bare_contribution (LIKE contribution INCLUDING DEFAULTS INCLUDING IDENTITY)';
const SAME_ROWS = `(pemda_code, period, sponsorship_id, sponsor_id, nik, bill_id, jkk, jkm, jht, amount,
                                 schedule, funding_source, worker_name, sponsor_name, sponsor_nip, opd_id, due_at)
  SELECT s.pemda_code, s.first_month, s.id, s.sponsor_id, s.nik, 0, 10000, 6800, 0, 16800, 'PP 44/2015',
         sp.funding_source, w.name, coalesce(a.name, o.name, sp.name), sp.nip, a.opd_id,
         '2024-01-15 23:59:59.999999+07'
    FROM sponsorship s
    JOIN worker w ON w.nik = s.nik
    JOIN sponsor sp ON sp.id = s.sponsor_id
    LEFT JOIN asn a ON a.nip = sp.nip
    LEFT JOIN organisation o ON o.id = sp.organisation_id
   WHERE s.status IN ('enrolled', 'active')`;
const BARE_INSERT = `INSERT INTO bare_contribution ${SAME_ROWS}`;
/** The same statement into the ledger itself (its keys, indexes and foreign keys), rolled back. */
const KEYED_INSERT = [
  'BEGIN',
  `INSERT INTO bill (pemda_code, period, sponsor_id, document, reference, member_count, billed_amount, due_at)
   SELECT pemda_code, '2024-01-01', id, 'invoice', 'BENCH', 0, 0, now() FROM sponsor ORDER BY id LIMIT 1`,
  `INSERT INTO contribution ${SAME_ROWS.replace('s.nik, 0,', "s.nik, currval(pg_get_serial_sequence('bill', 'id')),")}`,
  'ROLLBACK',
];

/**
 * `npm run bench -- billing --sponsorships 1000000` on PostgreSQL: the monthly billing run of N
 * active sponsorships as a whole process, against one bare INSERT … SELECT of the same rows in
 * the same run (target ratio ≤ 2), then the rerun (adds nothing, target ≤ 0.2 of the first).
 */
export async function billingBenchmark(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      sponsorships: { type: 'string', default: '1000000' },
      pemda: { type: 'string', default: '35.02' },
      period: { type: 'string', default: '2024-01' },
    },
  });
  const count = Number(values.sponsorships);
  const pemda = values.pemda!;
  const period = values.period!;
  await withScratchDatabase('asuh_bench_billing', async (url) => {
    const env = { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'warn' };
    await runAsuh('migrate', ['db', 'migrate'], env);

    process.stdout.write(`setting up ${format(count)} active sponsorships in ${pemda}…\n`);
    const started = process.hrtime.bigint();
    const db = await openPostgres({ url });
    try {
      // The one-payer exclusion constraint costs about 0.3 ms a row to check on insert (a GiST
      // index over text NIKs): minutes for a million rows that are distinct by construction. The
      // billing run only reads sponsorships, so the benchmark's copy of the table goes without it.
      await db.exec('ALTER TABLE sponsorship DROP CONSTRAINT sponsorship_one_payer_per_month');
      await seedManySponsorships(db, {
        pemdaCode: pemda,
        sponsorships: count,
        firstMonth: period as `${number}-${number}`,
      });
      await db.exec('VACUUM ANALYZE');
    } finally {
      await db.close();
    }
    process.stdout.write(`  ${format(Number(process.hrtime.bigint() - started) / 1e9, 1)} s\n`);

    const bare = requireSuccess(
      await runProcess('psql', [url, '-v', 'ON_ERROR_STOP=1', '-c', BARE_TABLE, '-c', BARE_INSERT], env),
      'bare INSERT … SELECT',
    );
    const keyed = requireSuccess(
      await runProcess(
        'psql',
        [url, '-v', 'ON_ERROR_STOP=1', ...KEYED_INSERT.flatMap((sql) => ['-c', sql])],
        env,
      ),
      'INSERT … SELECT into the ledger',
    );
    const run = await runAsuh(
      'billing run',
      ['billing', 'run', '--period', period, '--pemda', pemda, '--json'],
      env,
    );
    const rerun = await runAsuh(
      'billing rerun',
      ['billing', 'run', '--period', period, '--pemda', pemda, '--json'],
      env,
    );
    const first = JSON.parse(run.stdout) as {
      contributionsAdded: number;
      billsAdded: number;
      totalBilled: number;
    };
    const second = JSON.parse(rerun.stdout) as { contributionsAdded: number };
    const bareRows = /INSERT 0 (\d+)/.exec(bare.stdout)?.[1];
    process.stdout.write(
      [
        '',
        `billing run of ${format(count)} active sponsorships on PostgreSQL (${pemda}, ${period})`,
        `  bare INSERT … SELECT     : ${format(bare.seconds, 2)} s  (${format(Number(bareRows ?? 0))} rows, psql process)`,
        `  asuh billing run         : ${format(run.seconds, 2)} s  (whole process: ${format(first.contributionsAdded)} contributions, ${format(first.billsAdded)} bills, Rp ${format(first.totalBilled)})`,
        `  ratio run / bare         : ${format(run.seconds / bare.seconds, 2)}  (target ≤ 2)`,
        `  same INSERT into ledger  : ${format(keyed.seconds, 2)} s  (contribution's own indexes and foreign keys, rolled back; ratio run / this ${format(run.seconds / keyed.seconds, 2)})`,
        `  rerun                    : ${format(rerun.seconds, 2)} s  (${format(second.contributionsAdded)} added; ${format(rerun.seconds / run.seconds, 2)} of the first, target ≤ 0.2)`,
        `  run peak RSS             : ${run.peakRssMiB ?? '?'} MiB`,
        '',
      ].join('\n'),
    );
  });
}
