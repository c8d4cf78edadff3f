/**
 * The chart module (d3-scale + d3-shape to static SVG) and the page built from it: formats, time
 * ticks, robust y-ranges, margins that fit the labels, markers, the event messages, and a
 * 50-workload page (a table with sparklines; at most six panels open).
 */
import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../src/engine/engine.ts';
import { formatBytes, formatCompact, formatSimTime, formatValue, glyphRows, textWidth, timeChart, timeTicks, timeWeightedQuantile } from '../../src/report/chart.ts';
import { mergeEqual, renderReportPage, timeBelow } from '../../src/report/html.ts';
import type { ResultJson } from '../../src/report/outputs.ts';
import { eventMessage, groupMarkers, notableEvents } from '../../src/report/timeline.ts';

describe('formats', () => {
  it('compact numbers, bytes, money, simulated time', () => {
    expect(formatCompact(100000)).toBe('100k');
    expect(formatCompact(1500000)).toBe('1.5M');
    expect(formatCompact(1500)).toBe('1,500');
    expect(formatCompact(0.25)).toBe('0.25');
    expect(formatBytes(1.5 * 2 ** 30)).toBe('1.5Gi');
    expect(formatValue(0.835, 'money')).toBe('$0.835');
    expect(formatValue(42, 'percent')).toBe('42%');
    expect(formatSimTime(3600 + 5 * 60)).toBe('1:05');
    expect(formatSimTime(26 * 3600)).toBe('26:00');
    expect(formatSimTime(75, true)).toBe('0:01:15');
  });

  it('time ticks fall on nice intervals of the simulated clock', () => {
    expect(timeTicks(0, 86400, 8).ticks).toEqual([0, 3, 6, 9, 12, 15, 18, 21, 24].map((h) => h * 3600));
    expect(timeTicks(0, 4200, 7).ticks.slice(0, 3)).toEqual([0, 900, 1800]);
    expect(timeTicks(0, 120, 4).seconds).toBe(true);
  });
});

describe('timeChart', () => {
  it('clips a short start-up spike and says so; the target stays in range', () => {
    const current = { label: 'current', t: [0, 30, 60, 86400], v: [436, 50, 52, 50] };
    const html = timeChart('HPA', [current, { label: 'target', t: [0], v: [50] }], 86400, { yTitle: 'cpu utilization (% of request)', format: 'percent', robust: true, include: [50] });
    expect(html).toContain('peak 436% at 0:00:00 is above the drawn range');
    const ticks = [...html.matchAll(/class="tick" x="[\d.]+" y="[\d.]+" text-anchor="end">([^<]+)</g)].map((m) => m[1]);
    expect(ticks[ticks.length - 1]).toBe('60%');
    expect(ticks).not.toContain('400%');
  });

  it('sizes the left margin to the labels: 100k pods are not clipped to "00000"', () => {
    const html = timeChart('Pods', [{ label: 'pending', t: [0, 100], v: [0, 100000] }], 3600, { yTitle: 'pods', format: 'count' });
    expect(html).toContain('>100k</text>');
    const x0 = Number(/data-x0="(\d+)"/.exec(html)![1]);
    expect(x0).toBeGreaterThan(textWidth('100k') + 6 + 20);
  });

  it('counts get whole-number ticks; d3 line/step paths; axis titles with units', () => {
    const html = timeChart('Replicas', [{ label: 'replicas', t: [0, 600], v: [1, 3] }], 1200, { yTitle: 'pods', xTitle: 'simulated time (h:mm)', format: 'count' });
    const ticks = [...html.matchAll(/text-anchor="end">([^<]+)</g)].map((m) => m[1]);
    expect(ticks.every((t) => /^\d+$/.test(t))).toBe(true);
    // d3-shape's step-after curve: flat to 600 s, up, flat to the end
    const [, y0, x1, x1b] = /class="series" data-i="0" d="M[\d.]+,([\d.]+)L([\d.]+),\1L([\d.]+),[\d.]+L/.exec(html)!;
    expect(Number(y0)).toBeGreaterThan(0);
    expect(x1b).toBe(x1);
    expect(html).toContain('>pods</text>');
    expect(html).toContain('>simulated time (h:mm)</text>');
  });

  it('glyphs that would touch move up a row; beyond three rows only the line is drawn', () => {
    expect(glyphRows([{ x: 10 }, { x: 12 }, { x: 50 }, { x: 13 }, { x: 14 }])).toEqual([0, 1, 0, 2, -1]);
  });

  it('time-weighted quantile: a value held for a second of a day barely counts', () => {
    expect(timeWeightedQuantile([{ t: [0, 1], v: [1000, 10] }], 86400, 0.99)).toBe(10);
  });
});

describe('events and markers', () => {
  const ev = (t: number, kind: string, object: string, rest: Record<string, unknown> = {}): EngineEvent => ({ t, kind, object, ...rest });
  it('upstream messages, never JSON', () => {
    expect(eventMessage(ev(0, 'Scheduled', 'Pod default/adservice-1', { node: 'node-4' }))).toBe('Successfully assigned default/adservice-1 to node-4');
    expect(eventMessage(ev(0, 'SuccessfulRescale', 'HorizontalPodAutoscaler default/web', { from: 2, to: 4, reason: 'cpu resource utilization (percentage of request) above target' }))).toBe('New size: 4; reason: cpu resource utilization (percentage of request) above target');
    expect(eventMessage(ev(0, 'NodeNotReady', 'Node node-1', { reason: 'NodeStatusUnknown' }))).toBe('Node node-1 status is now: NodeNotReady');
    expect(eventMessage(ev(0, 'Something', 'Pod a/b', { node: 'n', victims: ['x', 'y'] }))).toBe('node: n; victims: x, y');
  });

  it('notable events: start-up rollouts do not count, a scenario rollout and its completion do; close ones share a marker', () => {
    const events = [
      ev(17, 'RolloutComplete', 'Deployment default/a', { message: 'done' }),
      ev(3600, 'RolloutStarted', 'Deployment default/a'),
      ev(3620, 'RolloutComplete', 'Deployment default/a', { message: 'ReplicaSet "a-2" has successfully progressed.' }),
      ev(7200, 'NodeFailure', 'Node node-1'),
      ev(7540, 'TaintManagerEviction', 'Pod default/x', { message: 'Marking for deletion Pod default/x' }),
      ev(7541, 'TaintManagerEviction', 'Pod default/y', { message: 'Marking for deletion Pod default/y' }),
    ];
    const n = notableEvents(events);
    expect(n.map((e) => e.kind)).toEqual(['rollout', 'rollout-done', 'node-failure', 'eviction', 'eviction']);
    const m = groupMarkers(n, 60);
    expect(m.map((x) => x.kind)).toEqual(['rollout', 'rollout-done', 'node-failure', 'eviction']);
    expect(m[3].title).toBe('2 evictions between 2h5m40s and 2h5m41s\nMarking for deletion Pod default/x\nMarking for deletion Pod default/y');
  });
});

describe('the page', () => {
  it('equal series are drawn once with joined labels; ready-below-desired counts after start-up only', () => {
    const a = { t: [0, 5], v: [0, 3] };
    expect(mergeEqual([{ label: 'replicas', ...a }, { label: 'ready', ...a }, { label: 'desired', t: [0], v: [3] }]).map((l) => l.label)).toEqual(['replicas = ready', 'desired']);
    expect(timeBelow({ t: [0, 20, 100, 130], v: [0, 3, 2, 3] }, { t: [0], v: [3] }, 200)).toBe(30);
  });

  it('50 workloads: a sortable table with a sparkline each, at most six panels open, the rest one click away', () => {
    const series: ResultJson['series'] = { pendingPods: { t: [0], v: [0] }, runningPods: { t: [0], v: [100000] }, readyPods: { t: [0], v: [100000] }, nodes: { t: [0], v: [5000] } };
    const workloads: ResultJson['summary']['workloads'] = [];
    for (let i = 0; i < 50; i++) {
      const w = `Deployment/default/svc-${String(i).padStart(2, '0')}`;
      series[`${w}.replicas`] = { t: [0, 3600 * (1 + (i % 5))], v: [2, 2 + (i % 7)] };
      series[`${w}.desiredReplicas`] = series[`${w}.replicas`];
      series[`${w}.readyReplicas`] = series[`${w}.replicas`];
      workloads.push({ name: w, peakReplicas: 2 + (i % 7), finalReplicas: 2 + (i % 7), finalReady: 2 + (i % 7) });
    }
    const res = {
      scenario: 'big-day',
      description: '',
      seed: 1,
      duration: 86400,
      tick: 1,
      passed: true,
      summary: { podsCreated: 0, scheduled: 100000, failedSchedulingAttempts: 0, preemptions: 0, maxPendingPods: 0, finalPendingPods: 0, finalReadyPods: 100000, nodes: 5000, ticksExecuted: 0, workloads },
      expectations: [],
      eventCounts: {},
      sampleEvery: 60,
      samples: {},
      series,
    } as ResultJson;
    const html = renderReportPage({ res, events: [] });
    expect(html.match(/<details class="workload"/g)).toHaveLength(50);
    const open = html.match(/<details class="workload" id="[^"]+" open>/g) ?? [];
    expect(open.length).toBeGreaterThan(0);
    expect(open.length).toBeLessThanOrEqual(6);
    expect(html.match(/<svg class="spark"/g)).toHaveLength(50);
    expect(html).toContain('<table id="workload-table" class="num sortable">');
    expect(html).toContain('href="#wl-deployment-default-svc-00"');
    expect(html).toContain('>100k</text>');
    // same input, same bytes
    expect(renderReportPage({ res, events: [] })).toBe(html);
  });
});
