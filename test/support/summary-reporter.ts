import type { Reporter, TestModule } from 'vitest/node';

/**
 * Ends the run with one plain line, `tests: N passed, N failed, N skipped`, that any CI can read,
 * and below it why tests were skipped when they said so (a missing browser), so a run that left
 * tests out never reads as a clean pass.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    const reasons = new Map<string, number>();
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const result = test.result();
        if (result.state === 'passed') passed += 1;
        else if (result.state === 'failed') failed += 1;
        else {
          skipped += 1;
          if (result.state === 'skipped' && result.note) {
            reasons.set(result.note, (reasons.get(result.note) ?? 0) + 1);
          }
        }
      }
    }
    const engine = process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite';
    process.stdout.write(`\ntests (${engine}): ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
    for (const [reason, count] of reasons) process.stdout.write(`  skipped ${count}: ${reason}\n`);
  }
}
