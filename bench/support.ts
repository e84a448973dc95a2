import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import pg from 'pg';

/** The server the benchmarks measure: the database's own bulk path and Asuh's both run against it. */
export function benchServerUrl(): string {
  return (
    process.env.BENCH_DATABASE_URL ??
    process.env.DATABASE_URL ??
    'postgres://postgres@127.0.0.1:5432/postgres'
  );
}

export function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A fresh database for one run, dropped afterwards. */
export async function withScratchDatabase<T>(name: string, work: (url: string) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: benchServerUrl() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  try {
    return await work(databaseUrl(benchServerUrl(), name));
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

export interface ProcessRun {
  code: number | null;
  stdout: string;
  stderr: string;
  seconds: number;
  /** Peak resident set of the process (VmHWM), in MiB, sampled from /proc while it ran. */
  peakRssMiB: number | null;
}

/** Runs a command to completion, timing it as a whole and sampling its peak memory. */
export function runProcess(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<ProcessRun> {
  const started = process.hrtime.bigint();
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let peakKiB = 0;
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const sampler = setInterval(async () => {
    try {
      const status = await readFile(`/proc/${child.pid}/status`, 'utf8');
      const match = /VmHWM:\s+(\d+) kB/.exec(status);
      if (match) peakKiB = Math.max(peakKiB, Number(match[1]));
    } catch {
      // The process has just ended; the last sample stands.
    }
  }, 50);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(sampler);
      resolve({
        code,
        stdout,
        stderr,
        seconds: Number(process.hrtime.bigint() - started) / 1e9,
        peakRssMiB: peakKiB ? Math.round(peakKiB / 1024) : null,
      });
    });
  });
}

export function requireSuccess(run: ProcessRun, what: string): ProcessRun {
  if (run.code !== 0) throw new Error(`${what} failed (exit ${run.code}):\n${run.stderr || run.stdout}`);
  return run;
}

export const format = (value: number, digits = 0) =>
  value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** Asuh's CLI as a process, the way an operator runs it. */
export const ASUH = ['bin/asuh.js'];

export async function runAsuh(what: string, args: string[], env?: NodeJS.ProcessEnv): Promise<ProcessRun> {
  return requireSuccess(await runProcess(process.execPath, [...ASUH, ...args], env), what);
}

/** Runs SQL (or a psql `\copy`) through psql, stopping at the first error. */
export async function runPsql(what: string, url: string, ...commands: string[]): Promise<ProcessRun> {
  return requireSuccess(
    await runProcess('psql', [url, '-q', '-v', 'ON_ERROR_STOP=1', ...commands.flatMap((sql) => ['-c', sql])]),
    what,
  );
}

/** A Pemda's synthetic roster and registry (`asn.csv`, `workers.csv`) written to `folder`. */
export function generateDemoFiles(
  folder: string,
  pemda: string,
  counts: { asn: number | string; workers: number | string },
): Promise<ProcessRun> {
  return runAsuh('demo generate', [
    'demo',
    'generate',
    '--pemda',
    pemda,
    '--asn',
    String(counts.asn),
    '--workers',
    String(counts.workers),
    '--out',
    folder,
  ]);
}
