import { describe, expect, it } from 'vitest';
import { DEBIAN_CHROMIUM, type Machine, planChromium } from '../support/chromium.ts';

/** A machine with the files named, Debian and root unless told otherwise. */
const machine = (files: string[], overrides: Partial<Machine> = {}): Machine => ({
  chosenPath: undefined,
  exists: (path) => files.includes(path),
  debian: true,
  root: true,
  ...overrides,
});

describe('the browser tests find Chromium', () => {
  it("use Debian's chromium when it is installed", () => {
    expect(planChromium(machine([DEBIAN_CHROMIUM]))).toEqual({ action: 'use', path: DEBIAN_CHROMIUM });
  });

  it('install it on Debian as root when it is missing', () => {
    expect(planChromium(machine([]))).toEqual({ action: 'install', path: DEBIAN_CHROMIUM });
  });

  it('skip with the reason where it may not be installed: not root, or not Debian', () => {
    const notRoot = planChromium(machine([], { root: false }));
    expect(notRoot).toMatchObject({ action: 'skip' });
    expect(notRoot.action === 'skip' && notRoot.reason).toContain('apt-get install chromium');
    const notDebian = planChromium(machine([], { debian: false }));
    expect(notDebian.action === 'skip' && notDebian.reason).toContain('CHROMIUM_PATH');
  });

  it('use the browser CHROMIUM_PATH names, and install nothing in its place when it is missing', () => {
    expect(planChromium(machine(['/opt/chrome'], { chosenPath: '/opt/chrome' }))).toEqual({
      action: 'use',
      path: '/opt/chrome',
    });
    expect(planChromium(machine([DEBIAN_CHROMIUM], { chosenPath: '/opt/chrome' }))).toEqual({
      action: 'skip',
      reason: 'CHROMIUM_PATH=/opt/chrome does not exist',
    });
  });
});
