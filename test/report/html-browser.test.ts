/**
 * report.html in a real browser (headless Chromium through playwright-core): the page renders,
 * its charts have drawn lines, the verdict is visible, and the event filter works. Skips with a
 * message when /usr/bin/chromium is not installed (`apt-get install -y chromium`).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runScenario } from '../../src/engine/simulation.ts';
import { writeRunOutputs } from '../../src/report/outputs.ts';
import { loadScenario } from '../../src/scenario/load.ts';

const CHROMIUM = '/usr/bin/chromium';
const have = existsSync(CHROMIUM);
if (!have) console.warn(`report.html browser test skipped: ${CHROMIUM} not found (install it with: apt-get install -y chromium)`);

const tmp = mkdtempSync(join(tmpdir(), 'kubesim-html-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe.skipIf(!have)('report.html in headless Chromium', () => {
  it('renders the verdict, charts with data, and filters events by kind', async () => {
    const { chromium } = await import('playwright-core');
    const out = writeRunOutputs(await runScenario(loadScenario('scenarios/node-failure.yaml')), join(tmp, 'nf'));
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(pathToFileURL(join(out.dir, 'report.html')).href);
      expect(await page.textContent('.verdict')).toBe('All expectations held');
      const charts = await page.locator('figure svg').count();
      expect(charts).toBeGreaterThanOrEqual(4);
      // every chart of the Pods figure has a path with real segments
      const d = await page.locator('#chart-pods path.series').first().getAttribute('d');
      expect(d).toMatch(/^M[\d.]+,[\d.]+[HL]/);
      const box = await page.locator('#chart-pods').boundingBox();
      expect(box!.width).toBeGreaterThan(300);
      const all = await page.locator('#events tbody tr:visible').count();
      await page.selectOption('#kind', 'TaintManagerEviction');
      const filtered = await page.locator('#events tbody tr:visible').count();
      expect(filtered).toBeGreaterThan(0);
      expect(filtered).toBeLessThan(all);
      await page.screenshot({ path: join(tmp, 'report.png'), fullPage: true });
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
