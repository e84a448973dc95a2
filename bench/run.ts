/**
 * `npm run bench -- <name> [options]`: each benchmark measures Asuh's path against the database's
 * own bulk path in the same run and prints the ratio. Not part of `npm test`.
 */
import { billingBenchmark } from './billing.ts';
import { importBenchmark } from './import.ts';
import { matchBenchmark } from './match.ts';
import { reconcileBenchmark } from './reconcile.ts';

const BENCHMARKS: Record<string, (args: string[]) => Promise<void>> = {
  billing: billingBenchmark,
  import: importBenchmark,
  reconcile: reconcileBenchmark,
  match: matchBenchmark,
};

const [name, ...rest] = process.argv.slice(2);
const benchmark = name ? BENCHMARKS[name] : undefined;
if (!benchmark) {
  process.stderr.write(`usage: npm run bench -- <${Object.keys(BENCHMARKS).join('|')}> [options]\n`);
  process.exit(2);
}
await benchmark(rest);
