/**
 * report.html of an autoscaled run (scenarios/autoscaler-batch-burst.yaml): the "Node autoscaling"
 * section with its headline and per-group table, the autoscaler panels with axis titles, the
 * scale-up / node-removed markers with the event messages on hover, and the events table showing
 * messages rather than JSON. With /usr/bin/chromium, also checks the rendered label sizes and
 * writes a screenshot to /tmp/autoscaler-report.png.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScenario, type SimulationResult } from '../../src/engine/simulation.ts';
import { formatDuration } from '../../src/engine/time.ts';
import { autoscalerMarkers } from '../../src/report/autoscaler-panels.ts';
import { markerGap } from '../../src/report/timeline.ts';
import { renderHtmlReport } from '../../src/report/html.ts';
import { resultJson } from '../../src/report/outputs.ts';
import { loadScenario } from '../../src/scenario/load.ts';

const CHROMIUM = '/usr/bin/chromium';
const tmp = mkdtempSync(join(tmpdir(), 'kubesim-ca-html-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let r: SimulationResult;
let html: string;
beforeAll(async () => {
  r = await runScenario(loadScenario('scenarios/autoscaler-batch-burst.yaml'));
  html = renderHtmlReport(r, resultJson(r));
}, 60_000);

/** The <figure> whose caption is `title`. */
function figure(title: string): string {
  const i = html.indexOf(`<figcaption>${title}</figcaption>`);
  expect(i, `panel "${title}"`).toBeGreaterThan(0);
  const start = html.lastIndexOf('<figure', i);
  return html.slice(start, html.indexOf('</figure>', i));
}

describe('report.html of an autoscaled run', () => {
  it('has the Node autoscaling section near the top with the headline totals', () => {
    const res = resultJson(r);
    const ca = res.autoscaler!;
    expect(html).toContain('<h2>Node autoscaling</h2>');
    // after the cluster panels, before the workloads and the events
    expect(html.indexOf('<h2>Node autoscaling</h2>')).toBeGreaterThan(html.indexOf('<h2>Cluster</h2>'));
    expect(html.indexOf('<h2>Node autoscaling</h2>')).toBeLessThan(html.indexOf('<h2>Events</h2>'));
    const headline = html.slice(html.indexOf('<p class="headline">'), html.indexOf('</p>', html.indexOf('<p class="headline">')));
    expect(headline).toContain(`$${ca.cost.toFixed(2)}`);
    expect(headline).toContain(`${ca.nodeHours.toFixed(1)}</b> node-hours`);
    expect(headline).toContain(`${ca.scaleUps}</b> scale-up`);
    expect(headline).toContain(`(${ca.nodesAdded} nodes added)`);
    expect(headline).toContain(`${ca.scaleDowns}</b> nodes removed`);
    expect(headline).toMatch(/p50 <b>3m30s<\/b>, p95 <b>3m30s<\/b>, max <b>3m30s<\/b> over 500 pods/);
  });

  it('has a per-group table with a row for standard and highmem', () => {
    const table = html.slice(html.indexOf('<table id="node-groups"'), html.indexOf('</table>', html.indexOf('<table id="node-groups"')));
    const rows = [...table.matchAll(/<tr data-group="([^"]+)">(.*?)<\/tr>/g)].map((m) => [m[1], [...m[2].matchAll(/<td>(.*?)<\/td>/g)].map((c) => c[1].replace(/<[^>]+>/g, ''))]);
    expect(rows.map((x) => x[0])).toEqual(['standard', 'highmem']);
    // name, min, max, price/h, peak nodes, final size, node-hours, cost
    expect(rows[0][1]).toEqual(['standard', '1', '60', '$0.38', '33', '1', '13.19', '$5.01']);
    expect(rows[1][1]).toEqual(['highmem', '1', '60', '$0.26', '1', '1', '2.00', '$0.52']);
  });

  it('draws the autoscaler panels with axis titles and units', () => {
    const nodes = figure('Nodes per node group');
    for (const g of ['standard', 'highmem']) {
      expect(nodes).toContain(`<title>${g} nodes</title>`);
      expect(nodes).toContain(`<title>${g} target size</title>`);
    }
    // each group's target size: the group's colour, dashed
    const stroke = (label: string): string | undefined => nodes.match(new RegExp(`stroke="(#[0-9a-f]+)"[^>]*><title>${label}</title>`))?.[1];
    expect(stroke('standard target size')).toBe(stroke('standard nodes'));
    expect(stroke('highmem target size')).toBe(stroke('highmem nodes'));
    expect(stroke('standard nodes')).not.toBe(stroke('highmem nodes'));
    expect(nodes).toMatch(/stroke-dasharray="6,4"[^>]*><title>standard target size/);
    expect(nodes).toContain('>nodes</text>');
    expect(figure('Pending pods')).toContain('>pods</text>');
    expect(figure('Oldest pending pod age')).toContain('>age (minutes)</text>');
    const un = figure('Unneeded and upcoming nodes');
    expect(un).toContain('<title>unneeded nodes</title>');
    expect(un).toContain('<title>upcoming nodes</title>');
    expect(figure('Cost per hour')).toContain('>cost ($/h)</text>');
    expect(figure('Cumulative cost')).toContain('>cost ($)</text>');
    for (const f of ['Nodes per node group', 'Cumulative cost']) expect(figure(f)).toContain('>simulated time (h:mm)</text>');
  });

  it('marks the scale-up and the node removals on every panel, with the messages on hover', () => {
    const markers = autoscalerMarkers(r.engine.events, markerGap(r.scenario.duration));
    const up = markers.filter((m) => m.kind === 'scale-up');
    const removed = markers.filter((m) => m.kind === 'removed');
    expect(up.map((m) => m.t)).toEqual([10]);
    expect(removed.length).toBeGreaterThan(0);
    // every "removed" event is counted in exactly one marker; the "removing" ones are not markers
    const removedEvents = r.engine.events.filter((e) => e.kind === 'ScaleDownEmpty' && String(e.message).includes('removed'));
    const count = (title: string): number => Number(/^(\d+) nodes removed/.exec(title)?.[1] ?? 1);
    expect(removed.reduce((n, m) => n + count(m.title), 0)).toBe(removedEvents.length);
    expect(removed.length).toBeLessThan(removedEvents.length); // nearby removals share a marker
    expect(autoscalerMarkers(r.engine.events).filter((m) => m.kind === 'removed').length).toBeGreaterThan(removed.length);
    for (const title of ['Nodes per node group', 'Pending pods', 'Oldest pending pod age', 'Unneeded and upcoming nodes', 'Cost per hour', 'Cumulative cost']) {
      const f = figure(title);
      expect(f).toContain('<g class="marker marker-scale-up" data-kind="scale-up" data-t="10">');
      expect(f).toContain('<title>10s\nScale-up: group standard size set to 33 instead of 1 (max: 60)</title>');
      expect(f.match(/class="marker marker-removed"/g)?.length).toBe(removed.length);
      expect(f).toMatch(/<title>\d+ nodes removed between \d+m\d+s and \d+m\d+s\nScale-down: empty node standard-\d+ removed/);
      expect(f).toContain('>simulated time (h:mm)</text>');
    }
  });

  it('shows the autoscaler events with their messages in the events table, not JSON', () => {
    expect(html).toContain('<tr data-kind="ScaledUpGroup" class=""><td data-sort="10">0:00:10</td><td>Normal</td><td>ScaledUpGroup</td><td>NodeGroup standard</td><td>Scale-up: setting group standard size to 33 instead of 1 (max: 60)</td></tr>');
    const rows = [...html.matchAll(/<tr data-kind="(ScaledUpGroup|TriggeredScaleUp|ScaleDownEmpty|RegisteredNode)"[^>]*>(.*?)<\/tr>/g)];
    expect(rows.length).toBeGreaterThan(0);
    for (const [, , row] of rows) expect(row).not.toMatch(/\{&quot;|\{"/);
  });

  it('marks failed scale-ups (scenarios/autoscaler-provisioning-failure.yaml) in their own glyph row', async () => {
    const rf = await runScenario(loadScenario('scenarios/autoscaler-provisioning-failure.yaml'));
    const failed = rf.engine.events.filter((e) => e.kind === 'FailedToScaleUpGroup');
    expect(failed.length).toBeGreaterThan(0);
    const h = renderHtmlReport(rf, resultJson(rf));
    const m = h.match(/<g class="marker marker-failed"[^]*?<\/g>/)![0];
    expect(m).toContain(`<title>${formatDuration(failed[0].t)}\n${String(failed[0].message)}</title>`);
    const glyphY = (g: string): number => Number(new RegExp(`class="glyph" x="[\\d.]+" y="([\\d.]+)" text-anchor="middle" fill="#[0-9a-f]+" style="[^"]*">${g}</text>`).exec(h.slice(h.indexOf('id="autoscaler"')))![1]);
    expect(glyphY('✕')).toBeLessThan(glyphY('▲'));
    expect(h).toContain('scale-up failed</span>');
    const section = h.slice(h.indexOf('id="autoscaler"'), h.indexOf('</section>', h.indexOf('id="autoscaler"')));
    // no panel of this run without a node removed gets the removed legend
    expect(section).not.toContain('node removed</span>');
  });

  it.skipIf(!existsSync(CHROMIUM))('renders in headless Chromium with labels of at least 11 px (screenshot /tmp/autoscaler-report.png)', async () => {
    const { chromium } = await import('playwright-core');
    const file = join(tmp, 'report.html');
    writeFileSync(file, html);
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(pathToFileURL(file).href);
      expect(await page.locator('#autoscaler figure').count()).toBe(6);
      // rendered height of every axis label and tick in the autoscaler panels
      // rendered size of every tick, axis title and marker glyph: computed font size × the SVG's scale
      const heights = (await page.evaluate(`[...document.querySelectorAll('#autoscaler svg text')].map((e) => {
        const svg = e.closest('svg');
        return parseFloat(getComputedStyle(e).fontSize) * svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
      })`)) as number[];
      expect(heights.length).toBeGreaterThan(30);
      expect(Math.min(...heights)).toBeGreaterThanOrEqual(11);
      // the marker is on top of the lines where it is drawn, so hovering it shows its title
      await page.locator('#autoscaler .marker-scale-up').first().scrollIntoViewIfNeeded();
      const hit = await page.evaluate(`(() => {
        const m = document.querySelector('#autoscaler .marker-scale-up line');
        const r = m.getBoundingClientRect();
        const e = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
        return e && e.closest('.marker') ? e.closest('.marker').querySelector('title').textContent : null;
      })()`);
      expect(hit).toContain('Scale-up: group standard size set to 33');
      await page.locator('#autoscaler').screenshot({ path: '/tmp/autoscaler-report.png' });
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 60_000);
});
