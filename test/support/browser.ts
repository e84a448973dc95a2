import { mkdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, expect, inject } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { buildApp } from '../../src/server/app.ts';
import { openTestDatabase } from './database.ts';

export const SCREENSHOT_DIR = join(process.cwd(), 'test-results');

export interface BrowserHarness {
  baseUrl: string;
  /** The server's database, for a test to prepare what its pages show (a Pemda, a user). */
  db: Database;
  browser: Browser;
  /** Uncaught errors of the app in any page; a test should end with none. */
  pageErrors: Error[];
  /** A fresh page (own storage, so a language choice does not leak between tests). */
  newPage(options?: { width?: number; height?: number; language?: 'id' | 'en' }): Promise<Page>;
  screenshot(page: Page, name: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * The real server (API and built web app from web/dist) on a private database, and Debian's
 * Chromium driven by playwright-core: what a user gets, with nothing mocked.
 */
export async function startBrowserHarness(executablePath: string): Promise<BrowserHarness> {
  let db: Database | undefined;
  let app: FastifyInstance | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  const pageErrors: Error[] = [];

  async function close() {
    for (const context of contexts) await context.close().catch(() => {});
    await browser?.close();
    await app?.close();
    await db?.close();
  }

  try {
    db = await openTestDatabase();
    app = await buildApp({ db });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as AddressInfo;
    browser = await chromium.launch({
      executablePath,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    await mkdir(SCREENSHOT_DIR, { recursive: true });
    const baseUrl = `http://127.0.0.1:${port}`;
    const launched = browser;
    return {
      baseUrl,
      db,
      browser: launched,
      pageErrors,
      async newPage({ width = 1280, height = 900, language } = {}) {
        const context = await launched.newContext({
          baseURL: baseUrl,
          viewport: { width, height },
          locale: 'id-ID',
          timezoneId: 'Asia/Jakarta',
        });
        contexts.push(context);
        // Well inside the test timeout, so a missing element fails with its own message.
        context.setDefaultTimeout(10_000);
        if (language) {
          await context.addInitScript((value) => localStorage.setItem('asuh.language', value), language);
        }
        const page = await context.newPage();
        page.on('pageerror', (error) => pageErrors.push(error));
        return page;
      },
      async screenshot(page, name) {
        const path = join(SCREENSHOT_DIR, name);
        await page.screenshot({ path, fullPage: true });
        return path;
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * A harness for the test file that calls this: started before its tests (then `prepare` may give
 * its pages something to show), checked for uncaught page errors after each test, closed after all.
 * Without Chromium (see ./chromium.ts) each test is skipped with the reason, which the run's
 * summary repeats.
 */
export function setUpBrowserHarness(prepare?: (harness: BrowserHarness) => Promise<void>): BrowserHarness {
  let started: BrowserHarness | undefined;
  const harness = () => {
    if (!started) throw new Error('The browser harness is used before it has started.');
    return started;
  };

  const found = inject('chromium');
  if (found.path === null) {
    beforeEach((context) => context.skip(`browser test not run: ${found.reason}`));
  } else {
    const executablePath = found.path;
    beforeAll(async () => {
      started = await startBrowserHarness(executablePath);
      await prepare?.(started);
    });

    afterEach(() => {
      expect(harness().pageErrors).toEqual([]);
    });
  }

  afterAll(async () => {
    await started?.close();
  });

  return {
    get baseUrl() {
      return harness().baseUrl;
    },
    get db() {
      return harness().db;
    },
    get browser() {
      return harness().browser;
    },
    get pageErrors() {
      return harness().pageErrors;
    },
    newPage: (options) => harness().newPage(options),
    screenshot: (page, name) => harness().screenshot(page, name),
    close: () => harness().close(),
  };
}

/** The page's main heading, as a reader sees it. */
export const heading = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();

/** The app's main menu. */
export const mainNav = (page: Page) => page.getByRole('navigation', { name: 'Navigasi utama' });

/** Fills in the sign-in form (in Indonesian) on the page shown, and sends it. */
export async function signIn(page: Page, username: string, password: string) {
  await page.getByLabel('Nama pengguna').fill(username);
  await page.getByLabel('Kata sandi').fill(password);
  await page.getByRole('button', { name: 'Masuk', exact: true }).click();
}
