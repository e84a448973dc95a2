import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { setUpBrowserHarness } from '../support/browser.ts';

const harness = setUpBrowserHarness();

/** What Chromium reports when the page's Content-Security-Policy refuses something. */
function cspViolations(page: Page): string[] {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (message.text().includes('Content Security Policy')) violations.push(message.text());
  });
  return violations;
}

describe('the Content-Security-Policy', () => {
  it('lets the web app load and run with nothing refused', async () => {
    const page = await harness.newPage();
    const violations = cspViolations(page);
    await page.goto('/wilayah');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Wilayah');
    await expect.poll(() => page.locator('.region-list li').count()).toBe(38);
    expect(violations).toEqual([]);
  });

  it('lets the API docs render the OpenAPI document with nothing refused', async () => {
    const page = await harness.newPage();
    const violations = cspViolations(page);
    await page.goto('/api/docs/');
    await expect.poll(() => page.locator('.swagger-ui .info .title').textContent()).toContain('Asuh API');
    await expect.poll(() => page.locator('.opblock').count()).toBeGreaterThan(50);
    expect(violations).toEqual([]);
  });
});
