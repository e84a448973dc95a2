import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { TestProject } from 'vitest/node';

/** Where the browser tests find Chromium: a path, or why there is none (shown with each skipped test). */
export type ChromiumSource = { path: string; reason?: undefined } | { path: null; reason: string };

declare module 'vitest' {
  export interface ProvidedContext {
    chromium: ChromiumSource;
  }
}

export const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/** What the machine offers, read once; a parameter so the decision can be tested on any machine. */
export interface Machine {
  /** CHROMIUM_PATH, when set: the tester chose a browser, so nothing is installed in its place. */
  chosenPath: string | undefined;
  exists(path: string): boolean;
  debian: boolean;
  root: boolean;
}

export type ChromiumPlan =
  | { action: 'use'; path: string }
  | { action: 'install'; path: string }
  | { action: 'skip'; reason: string };

export function planChromium({ chosenPath, exists, debian, root }: Machine): ChromiumPlan {
  if (chosenPath) {
    return exists(chosenPath)
      ? { action: 'use', path: chosenPath }
      : { action: 'skip', reason: `CHROMIUM_PATH=${chosenPath} does not exist` };
  }
  if (exists(DEBIAN_CHROMIUM)) return { action: 'use', path: DEBIAN_CHROMIUM };
  if (!debian) {
    return {
      action: 'skip',
      reason: `no Chromium at ${DEBIAN_CHROMIUM} and this is not Debian: install Chromium and set CHROMIUM_PATH`,
    };
  }
  if (!root) {
    return {
      action: 'skip',
      reason:
        "Debian's chromium is not installed and only root may install it: run `apt-get install chromium` as root",
    };
  }
  return { action: 'install', path: DEBIAN_CHROMIUM };
}

export function thisMachine(env: NodeJS.ProcessEnv = process.env): Machine {
  return {
    chosenPath: env.CHROMIUM_PATH || undefined,
    exists: existsSync,
    debian: existsSync('/etc/debian_version'),
    root: process.getuid?.() === 0,
  };
}

/** As `.ci/run` does; apt-get's errors reach the terminal, its progress does not. */
function installDebianChromium(): string | null {
  process.stderr.write(
    "\n== installing Debian's chromium for the browser tests (apt-get, a minute or two)\n",
  );
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [
    ['update', '-qq'],
    ['install', '-y', '-qq', 'chromium'],
  ]) {
    const run = spawnSync('apt-get', args, { env, stdio: ['ignore', 'ignore', 'inherit'] });
    if (run.error) return `apt-get could not run (${run.error.message})`;
    if (run.status !== 0) return `\`apt-get ${args.join(' ')}\` failed with exit code ${run.status}`;
  }
  return null;
}

/**
 * Global setup of the browser tests: Debian's chromium, installed on a fresh machine that allows it
 * (as `.ci/run` does); where it cannot be had, the browser tests are skipped with the reason.
 */
export default function setup(project: TestProject) {
  const plan = planChromium(thisMachine());
  let source: ChromiumSource;
  if (plan.action === 'skip') {
    source = { path: null, reason: plan.reason };
  } else if (plan.action === 'use') {
    source = { path: plan.path };
  } else {
    const failure = installDebianChromium();
    source =
      failure === null && existsSync(plan.path)
        ? { path: plan.path }
        : {
            path: null,
            reason: `Debian's chromium could not be installed: ${failure ?? 'not found afterwards'}`,
          };
  }
  if (source.path === null)
    process.stderr.write(`\n== the browser tests will be skipped: ${source.reason}\n`);
  project.provide('chromium', source);
}
