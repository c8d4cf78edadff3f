/**
 * The reports in a real browser (headless Chromium from Debian, driven by playwright-core): every
 * bundled scenario's report.html, a bench.html (a short run of scenarios/bench/autoscaler-settings.yaml)
 * and a compare.html. Each page fails on console errors, overlapping text, text under 11 px,
 * labels clipped at a chart's edge, or charts without axis titles. The interaction (hover read-out,
 * zoom, sorting, filtering, opening a workload from the table) is exercised on one page.
 * Screenshots for the README go to reports/screenshots/.
 *
 * Skips with a message when /usr/bin/chromium is missing (.ci/run installs it with apt-get).
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { benchHeader, buildBenchResult, runRecords } from '../../src/bench/analyze.ts';
import { loadBench } from '../../src/bench/load.ts';
import { writeBenchOutputs } from '../../src/bench/report.ts';
import { executeJobs, prepareBench } from '../../src/bench/run.ts';
import { runScenario } from '../../src/engine/simulation.ts';
import { compareRuns, loadRun, renderComparePage } from '../../src/report/compare.ts';
import { writeRunOutputs } from '../../src/report/outputs.ts';
import { loadScenario } from '../../src/scenario/load.ts';

const CHROMIUM = '/usr/bin/chromium';
const have = existsSync(CHROMIUM);
if (!have) console.warn(`report browser checks skipped: ${CHROMIUM} not found (install it with: apt-get install -y chromium; .ci/run does)`);

const SHOTS = 'reports/screenshots';
const tmp = mkdtempSync(join(tmpdir(), 'kubesim-browser-'));
const SCENARIOS = readdirSync('scenarios')
  .filter((f) => f.endsWith('.yaml'))
  .sort();

/**
 * The page's problems, found in the page: text under 11 px (SVG text: font size × the SVG's scale),
 * overlapping text in a chart, text outside its chart, charts without axis titles. Every workload
 * panel is opened first so that hidden charts are checked too.
 */
const CHECK = `(() => {
  const problems = [];
  document.querySelectorAll('details').forEach((d) => { d.open = true; });
  const visible = (e) => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0 && getComputedStyle(e).display !== 'none' && getComputedStyle(e).visibility !== 'hidden'; };
  const figures = [...document.querySelectorAll('figure.chart')];
  if (!figures.length) problems.push('no charts');
  for (const f of figures) {
    const name = (f.querySelector('figcaption')?.textContent || f.id).slice(0, 60);
    const svg = f.querySelector(':scope > svg');
    if (!svg) { problems.push(name + ': no svg'); continue; }
    const box = svg.getBoundingClientRect();
    const scale = box.width / svg.viewBox.baseVal.width;
    const titles = svg.querySelectorAll('.axis-title').length;
    const need = f.dataset.x0 && !f.classList.contains('timeline') ? 2 : 1;
    if (titles < need) problems.push(name + ': ' + titles + ' axis title(s), want ' + need);
    const texts = [...svg.querySelectorAll('text')].filter(visible);
    const rects = texts.map((t) => t.getBoundingClientRect());
    texts.forEach((t, i) => {
      const px = parseFloat(getComputedStyle(t).fontSize) * scale;
      if (px < 10.95) problems.push(name + ': "' + t.textContent + '" is ' + px.toFixed(1) + ' px');
      const r = rects[i];
      if (r.left < box.left - 2 || r.right > box.right + 2 || r.top < box.top - 2 || r.bottom > box.bottom + 2) problems.push(name + ': "' + t.textContent + '" is clipped at the edge of the chart');
    });
    for (let i = 0; i < rects.length; i++)
      for (let j = i + 1; j < rects.length; j++) {
        const a = rects[i], b = rects[j];
        const ox = Math.min(a.right, b.right) - Math.max(a.left, b.left), oy = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        if (ox > 1.5 && oy > 1.5) problems.push(name + ': "' + texts[i].textContent + '" overlaps "' + texts[j].textContent + '"');
      }
  }
  // HTML text: every element with its own text at 11 px or more
  const seen = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const el = walker.currentNode.parentElement;
    if (!el || seen.has(el) || !walker.currentNode.textContent.trim() || el.closest('svg,script,style')) continue;
    seen.add(el);
    const px = parseFloat(getComputedStyle(el).fontSize);
    if (px < 11 && visible(el)) problems.push('text "' + walker.currentNode.textContent.trim().slice(0, 40) + '" is ' + px + ' px');
  }
  return problems;
})()`;

let browser: Browser;

async function open(file: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(pathToFileURL(file).href);
  return { page, errors };
}

/** Runs the checks; returns the problems (first 20) and console errors. */
async function check(page: Page, errors: string[]): Promise<string[]> {
  const problems = (await page.evaluate(CHECK)) as string[];
  return [...errors.map((e) => `console: ${e}`), ...problems].slice(0, 20);
}

describe.skipIf(!have)('reports in headless Chromium', () => {
  beforeAll(async () => {
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    mkdirSync(SHOTS, { recursive: true });
  }, 30_000);
  afterAll(async () => {
    await browser?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it(`every bundled scenario's report.html passes the checks (${SCENARIOS.length} scenarios)`, async () => {
    const failures: Record<string, string[]> = {};
    for (const f of SCENARIOS) {
      const name = basename(f, '.yaml');
      const out = writeRunOutputs(await runScenario(loadScenario(join('scenarios', f))), join(tmp, name));
      const { page, errors } = await open(join(out.dir, 'report.html'));
      const problems = await check(page, errors);
      if (problems.length) failures[name] = problems;
      if (name === 'quickstart') await page.screenshot({ path: join(SHOTS, 'report-quickstart.png') });
      if (name === 'hpa-flash-spike') await page.locator('details.workload').first().screenshot({ path: join(SHOTS, 'report-hpa-workload.png') });
      if (name === 'autoscaler-batch-burst') await page.locator('#autoscaler').screenshot({ path: join(SHOTS, 'report-node-autoscaling.png') });
      await page.close();
    }
    expect(failures).toEqual({});
  }, 240_000);

  it('interaction: hover read-out, drag to zoom every chart, reset, sort and filter the events, open a workload from the table', async () => {
    const dir = join(tmp, 'hpa-flash-spike');
    if (!existsSync(join(dir, 'report.html'))) writeRunOutputs(await runScenario(loadScenario('scenarios/hpa-flash-spike.yaml')), dir);
    const { page, errors } = await open(join(dir, 'report.html'));
    // hover: time and a value per series
    const ov = page.locator('#chart-pods .overlay');
    await ov.scrollIntoViewIfNeeded();
    const box = (await ov.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const readout = await page.textContent('#readout');
    expect(readout).toMatch(/^0:\d\d:\d\d/);
    expect(readout).toContain('running:');
    // drag over the middle third: every time chart zooms, the bar says so
    const ticksBefore = await page.locator('#chart-nodes .xaxis text').allTextContents();
    await page.mouse.move(box.x + box.width / 3, box.y + 20);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2, box.y + 20, { steps: 4 });
    await page.mouse.up();
    expect(await page.isVisible('.zoombar')).toBe(true);
    const ticksZoomed = await page.locator('#chart-nodes .xaxis text').allTextContents();
    expect(ticksZoomed).not.toEqual(ticksBefore);
    expect(await page.getAttribute('#chart-nodes .plot', 'transform')).toMatch(/scale\(/);
    await page.click('[data-zoom-reset]');
    expect(await page.isVisible('.zoombar')).toBe(false);
    expect(await page.locator('#chart-nodes .xaxis text').allTextContents()).toHaveLength(ticksBefore.length);
    // events: sort by reason, filter by kind and by text
    await page.click('#events th:nth-child(3)');
    const reasons = await page.locator('#events tbody tr td:nth-child(3)').allTextContents();
    expect(reasons).toEqual([...reasons].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0)));
    const all = await page.locator('#events tbody tr:visible').count();
    await page.selectOption('#kind', 'SuccessfulRescale');
    const rescales = await page.locator('#events tbody tr:visible').count();
    expect(rescales).toBeGreaterThan(0);
    expect(rescales).toBeLessThan(all);
    for (const m of await page.locator('#events tbody tr:visible td:nth-child(5)').allTextContents()) expect(m).toMatch(/^New size: \d+; reason: /);
    await page.selectOption('#kind', '');
    await page.fill('#event-search', 'node-0');
    expect(await page.locator('#events tbody tr:visible').count()).toBeLessThan(all);
    // the workload table links to its panel, which opens
    await page.evaluate(`document.querySelectorAll('details.workload').forEach((d) => { d.open = false; })`);
    await page.click('#workload-table a');
    expect(await page.evaluate(`document.querySelector('details.workload').open`)).toBe(true);
    // closed again and the same link clicked (no hash change this time): it opens again
    await page.evaluate(`document.querySelectorAll('details.workload').forEach((d) => { d.open = false; })`);
    await page.click('#workload-table a');
    expect(await page.evaluate(`document.querySelector('details.workload').open`)).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('bench.html (a short autoscaler-settings bench) has the cost-against-wait chart and a chart per metric, and passes the checks', async () => {
    const spec = loadBench('scenarios/bench/autoscaler-settings.yaml');
    spec.seeds = [1, 2, 3];
    spec.duration = 3600;
    const prepared = await prepareBench(spec);
    const header = benchHeader(spec, prepared.scenarioNames);
    const result = buildBenchResult(header, runRecords(header, await executeJobs(prepared.jobs, { workers: 1 })));
    const written = writeBenchOutputs(result, join(tmp, 'bench'));
    const { page, errors } = await open(written.html);
    expect(await check(page, errors)).toEqual([]);
    expect(await page.locator('figure.scatter').count()).toBe(result.scenarios.length);
    expect(await page.locator('figure.interval').count()).toBe(result.scenarios.length * result.metrics.length);
    // one dot and two whiskers (both axes) per policy
    const scatter = page.locator('figure.scatter').first();
    expect(await scatter.locator('circle.dot').count()).toBe(result.policies.length);
    expect(await scatter.locator('line.ci').count()).toBe(2 * result.policies.length);
    expect(await scatter.locator('.axis-title').allTextContents()).toEqual(['pending-pod wait: podWaitP95 (s)', 'cost ($)']);
    await page.locator('section.scenario').nth(0).screenshot({ path: join(SHOTS, 'bench-autoscaler-settings.png') });
    await page.close();
  }, 120_000);

  it('compare.html of two runs passes the checks and draws both runs', async () => {
    for (const f of ['binpack-least', 'binpack-most']) if (!existsSync(join(tmp, f, 'result.json'))) writeRunOutputs(await runScenario(loadScenario(`scenarios/${f}.yaml`)), join(tmp, f));
    const A = loadRun(join(tmp, 'binpack-least'), 'A');
    const B = loadRun(join(tmp, 'binpack-most'), 'B');
    const file = join(tmp, 'compare.html');
    writeFileSync(file, renderComparePage(A, B, compareRuns(A, B)));
    const { page, errors } = await open(file);
    expect(await check(page, errors)).toEqual([]);
    expect(await page.locator('#cluster figure').first().locator('path.series').count()).toBe(2);
    expect(await page.textContent('#differences')).toContain('peak nodes with pods');
    await page.close();
  }, 60_000);
});
