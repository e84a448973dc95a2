import { Readable, Writable } from 'node:stream';
import type { CliContext } from '../../src/cli/context.ts';
import { main } from '../../src/cli/main.ts';
import { loadConfig } from '../../src/config.ts';
import type { Database } from '../../src/db/database.ts';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliRunOptions {
  /** The clock the command sees; the real one unless a test needs a fixed day. */
  now?: () => Date;
  /** What is piped into the command; nothing unless given. */
  stdin?: string;
}

/**
 * Runs `asuh <args…>` in-process against `db` and collects what it writes. `args` come after the
 * program name: `runCli(['id', 'nik', '3502014101900001', '--json'], db)`. The database is the
 * caller's, so it is not closed here.
 */
export async function runCli(
  args: string[],
  db: Database,
  env: NodeJS.ProcessEnv = {},
  options: CliRunOptions = {},
): Promise<CliRun> {
  const stdout = collector();
  const stderr = collector();
  const context: CliContext = {
    stdout: stdout.stream,
    stderr: stderr.stream,
    stdin: Readable.from(options.stdin === undefined ? [] : [options.stdin]),
    env,
    database: () => Promise.resolve(db),
    config: () => loadConfig(env),
    now: options.now ?? (() => new Date()),
  };
  const code = await main(['node', 'asuh', ...args], context);
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

function collector(): { stream: Writable; text(): string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      chunks.push(typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
}
