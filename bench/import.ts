import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { format, generateDemoFiles, runAsuh, runPsql, withScratchDatabase } from './support.ts';

const WORKER_COLUMNS = 'nik,nama,tanggal_lahir,jenis_kelamin,pekerjaan,sektor,kode_desa,no_hp,desil';

/**
 * Imports a generated worker file of N rows on PostgreSQL and, in the same run, COPYs the same
 * file into a bare table: rows/s of each, their ratio, and the import's peak memory.
 * Targets (DESIGN §5): ratio ≥ 0.5, peak RSS < 400 MB.
 */
export async function importBenchmark(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { rows: { type: 'string', default: '1000000' }, pemda: { type: 'string', default: '35.02' } },
  });
  const rows = Number(values.rows);
  const pemda = values.pemda!;
  const folder = await mkdtemp(join(tmpdir(), 'asuh-bench-import-'));
  try {
    process.stdout.write(`generating ${format(rows)} worker rows for ${pemda}…\n`);
    const generated = await generateDemoFiles(folder, pemda, { asn: '0', workers: String(rows) });
    const file = join(folder, 'workers.csv');
    const bytes = (await stat(file)).size;
    process.stdout.write(`  ${format(bytes / 1048576, 1)} MiB in ${format(generated.seconds, 1)} s\n`);

    await withScratchDatabase('asuh_bench_import', async (url) => {
      const env = { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'warn' };
      await runAsuh('pemda create', ['pemda', 'create', pemda], env);

      const bareColumns = WORKER_COLUMNS.split(',')
        .map((column) => `${column} text`)
        .join(', ');
      await runPsql('create bare table', url, `CREATE TABLE bare_worker (${bareColumns})`);
      const copy = await runPsql(
        'COPY',
        url,
        `\\copy bare_worker FROM '${file}' WITH (FORMAT csv, HEADER true)`,
      );

      const imported = await runAsuh('import', ['import', 'workers', file, '--pemda', pemda, '--json'], env);
      const summary = JSON.parse(imported.stdout) as Record<string, unknown>;
      // The same file again must change nothing, and cost less than the first import.
      const rerun = await runAsuh('rerun', ['import', 'workers', file, '--pemda', pemda, '--json'], env);
      const rerunSummary = JSON.parse(rerun.stdout) as {
        unchanged: number;
        inserted: number;
        updated: number;
      };
      const copyRate = rows / copy.seconds;
      const importRate = rows / imported.seconds;
      const ratio = importRate / copyRate;
      process.stdout.write(
        [
          '',
          `import of ${format(rows)} worker rows on PostgreSQL (${pemda})`,
          `  COPY into a bare table : ${format(copy.seconds, 2)} s  ${format(copyRate)} rows/s`,
          `  asuh import workers    : ${format(imported.seconds, 2)} s  ${format(importRate)} rows/s  (whole process, validation and merge included)`,
          `  ratio import / COPY    : ${format(ratio, 2)}  (target ≥ 0.50)`,
          `  import peak RSS        : ${imported.peakRssMiB ?? '?'} MiB  (target < 400)`,
          `  rerun of the same file : ${format(rerun.seconds, 2)} s  (${format(rerun.seconds / imported.seconds, 2)} of the first; ${format(rerunSummary.inserted)} inserted, ${format(rerunSummary.updated)} updated, ${format(rerunSummary.unchanged)} unchanged)`,
          `  summary                : ${JSON.stringify(summary)}`,
          '',
        ].join('\n'),
      );
    });
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
