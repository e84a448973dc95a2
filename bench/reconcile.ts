import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { format, requireSuccess, runAsuh, runProcess, runPsql, withScratchDatabase } from './support.ts';

/** The billing feature's payroll deduction list, as an OPD sends it back (docs/formats/payroll-deduction.md). */
const PAYROLL_COLUMNS = [
  'referensi_tagihan',
  'periode',
  'kode_pemda',
  'opd',
  'nip',
  'nama_asn',
  'jumlah_pekerja',
  'pekerja',
  'jumlah_potongan',
  'jumlah_dipotong',
  'tanggal_potong',
];
const PERIODS = 4;
const ASN_PER_OPD = 500;

/**
 * Reconciliation of N payroll confirmation lines on PostgreSQL: N/4 ASN each sponsoring one
 * worker, billed for four months on their OPD's payroll deduction bills (N contributions), all
 * written set-based; then one confirmation file of N lines, one per ASN and month, each paying
 * its contribution exactly. Times `asuh payments import` as a whole process against COPY of the
 * same file into a bare table in the same run. Target (DESIGN §5): ratio ≥ 0.5.
 */
export async function reconcileBenchmark(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { lines: { type: 'string', default: '1000000' }, pemda: { type: 'string', default: '35.02' } },
  });
  const lines = Number(values.lines);
  const pemda = values.pemda!;
  const asnCount = Math.ceil(lines / PERIODS);
  const folder = await mkdtemp(join(tmpdir(), 'asuh-bench-reconcile-'));
  try {
    await withScratchDatabase('asuh_bench_reconcile', async (url) => {
      const env = { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'warn' };
      await runAsuh('pemda create', ['pemda', 'create', pemda], env);
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        process.stdout.write(
          `billing ${format(asnCount)} ASN × ${PERIODS} months = ${format(asnCount * PERIODS)} contributions…\n`,
        );
        const started = Date.now();
        await seed(client, pemda, asnCount);
        process.stdout.write(`  in ${format((Date.now() - started) / 1000, 1)} s\n`);
      } finally {
        await client.end();
      }

      const file = join(folder, 'konfirmasi-potongan.csv');
      // The confirmation as payroll staff return it: every ASN deducted exactly, on the 25th.
      await runPsql(
        'write the confirmation file',
        url,
        `\\copy (SELECT b.reference, to_char(c.period, 'YYYY-MM'), b.pemda_code, o.name, c.sponsor_nip,
                         c.sponsor_name, 1, c.worker_name, c.amount, c.amount,
                         to_char(c.period + 24, 'YYYY-MM-DD')
                    FROM contribution c JOIN bill b ON b.id = c.bill_id JOIN opd o ON o.id = b.opd_id
                   ORDER BY c.id LIMIT ${lines})
             TO '${file}' WITH (FORMAT csv, HEADER false)`,
      );
      const withHeader = join(folder, 'konfirmasi.csv');
      requireSuccess(
        await runProcess('sh', [
          '-c',
          `{ echo '${PAYROLL_COLUMNS.join(',')}'; cat '${file}'; } > '${withHeader}'`,
        ]),
        'add the header',
      );
      const bytes = (await stat(withHeader)).size;
      process.stdout.write(
        `  confirmation file: ${format(lines)} lines, ${format(bytes / 1048576, 1)} MiB\n`,
      );

      await runPsql(
        'create bare table',
        url,
        `CREATE TABLE bare_payment (${PAYROLL_COLUMNS.map((column) => `${column} text`).join(', ')})`,
      );
      const copy = await runPsql(
        'COPY',
        url,
        `\\copy bare_payment FROM '${withHeader}' WITH (FORMAT csv, HEADER true)`,
      );
      const imported = await runAsuh(
        'payments import',
        ['payments', 'import', withHeader, '--kind', 'payroll', '--pemda', pemda, '--json'],
        env,
      );
      const summary = JSON.parse(imported.stdout) as Record<string, unknown>;
      const rerun = await runAsuh(
        'rerun',
        ['payments', 'import', withHeader, '--kind', 'payroll', '--pemda', pemda, '--json'],
        env,
      );
      const again = JSON.parse(rerun.stdout) as { alreadyImported: boolean };
      const copyRate = lines / copy.seconds;
      const importRate = lines / imported.seconds;
      process.stdout.write(
        [
          '',
          `reconciliation of ${format(lines)} payroll confirmation lines on PostgreSQL (${pemda})`,
          `  COPY into a bare table : ${format(copy.seconds, 2)} s  ${format(copyRate)} rows/s`,
          `  asuh payments import   : ${format(imported.seconds, 2)} s  ${format(importRate)} rows/s  (whole process: read, check, stage, match, allocate, record)`,
          `  ratio import / COPY    : ${format(importRate / copyRate, 2)}  (target ≥ 0.50)`,
          `  import peak RSS        : ${imported.peakRssMiB ?? '?'} MiB`,
          `  rerun of the same file : ${format(rerun.seconds, 2)} s  (alreadyImported: ${again.alreadyImported})`,
          `  summary                : ${JSON.stringify(summary)}`,
          '',
        ].join('\n'),
      );
    });
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

/** The ledger a billing run would leave, written directly: ASN, workers, sponsorships, bills, contributions. */
async function seed(client: pg.Client, pemda: string, asnCount: number): Promise<void> {
  const digits = pemda.replace('.', '');
  const opds = Math.ceil(asnCount / ASN_PER_OPD);
  const run = (sql: string, params: unknown[] = []) => client.query(sql, params);
  await run(
    `INSERT INTO opd (pemda_code, name, name_key)
     SELECT $1, 'Dinas Uji ' || i, 'dinas uji ' || i FROM generate_series(1, $2::int) AS i`,
    [pemda, opds],
  );
  await run(
    `INSERT INTO asn (nip, pemda_code, opd_id, name, employment_type, rank, base_salary)
     SELECT '1980' || lpad(i::text, 14, '0'), $1, o.id, 'ASN ' || i, 'PNS', 'III/a', 3500000
       FROM generate_series(1, $2::int) AS i
       JOIN opd o ON o.pemda_code = $1 AND o.name_key = 'dinas uji ' || ((i - 1) / $3 + 1)`,
    [pemda, asnCount, ASN_PER_OPD],
  );
  await run(
    `INSERT INTO worker (nik, name, birth_date, sex)
     SELECT $1 || lpad(i::text, 12, '0'), 'Pekerja ' || i, '1985-06-15', 'female'
       FROM generate_series(1, $2::int) AS i`,
    [digits, asnCount],
  );
  await run(`INSERT INTO pemda_worker (pemda_code, nik) SELECT $1, nik FROM worker`, [pemda]);
  await run(
    `INSERT INTO programme (pemda_code, key, name, kind, contribution_programmes, declared_income)
     VALUES ($1, 'bench', 'Benchmark', 'donor', ARRAY['jkk', 'jkm'], 1000000)`,
    [pemda],
  );
  await run(
    `INSERT INTO sponsor (pemda_code, kind, nip, payment_method, funding_source, group_account_type)
     SELECT $1, 'asn', nip, 'payroll_deduction', 'asn', 'SG' FROM asn ORDER BY nip`,
    [pemda],
  );
  await run(
    `INSERT INTO sponsorship (pemda_code, programme_id, sponsor_id, nik, relationship, programmes, declared_income,
                              first_month, status)
     SELECT $1, (SELECT id FROM programme WHERE key = 'bench'), s.id, $2 || lpad(substr(s.nip, 5)::int8::text, 12, '0'),
            'neighbour', ARRAY['jkk', 'jkm'], 1000000, '2024-01-01', 'active'
       FROM sponsor s`,
    [pemda, digits],
  );
  await run(
    `INSERT INTO bill (pemda_code, period, opd_id, document, reference, member_count, billed_amount, due_at)
     SELECT $1, p.period, o.id, 'payroll_deduction',
            'ASUH-' || $2 || '-' || to_char(p.period, 'YYYYMM') || '-' || lpad(o.id::text, 6, '0'),
            count(a.nip), count(a.nip) * 16800, p.period + interval '14 days 16:59:59'
       FROM opd o
       JOIN asn a ON a.opd_id = o.id
       CROSS JOIN (SELECT ('2024-01-01'::date + make_interval(months => m))::date AS period
                     FROM generate_series(0, $3::int - 1) AS m) p
      GROUP BY o.id, p.period`,
    [pemda, digits, PERIODS],
  );
  await run(
    `INSERT INTO contribution (pemda_code, period, sponsorship_id, sponsor_id, nik, bill_id, jkk, jkm, amount,
                               schedule, funding_source, worker_name, sponsor_name, sponsor_nip, opd_id, due_at)
     SELECT $1, b.period, sh.id, sp.id, sh.nik, b.id, 10000, 6800, 16800, 'PP 44/2015', 'asn', w.name, a.name,
            a.nip, a.opd_id, b.due_at
       FROM bill b
       JOIN asn a ON a.opd_id = b.opd_id
       JOIN sponsor sp ON sp.kind = 'asn' AND sp.nip = a.nip
       JOIN sponsorship sh ON sh.sponsor_id = sp.id
       JOIN worker w ON w.nik = sh.nik
      ORDER BY b.period, b.id, a.nip`,
    [pemda],
  );
  await run('VACUUM ANALYZE');
}
