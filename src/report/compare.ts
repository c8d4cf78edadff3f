/**
 * Two runs side by side (`kubesim compare runA/ runB/`): what differs — expectations, peak and
 * final replicas, pending pods and for how long, nodes, node autoscaling cost and pod wait, event
 * counts — and compare.html with both runs drawn on the same axes (A solid, B dashed).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { EngineEvent } from '../engine/engine.ts';
import { formatDuration } from '../engine/time.ts';
import { UserError } from '../cli/errors.ts';
import { CHART_CSS, CHART_SCRIPT, esc, resetChartIds, timeChart, type ChartLine, type ValueFormat } from './chart.ts';
import type { ResultJson } from './outputs.ts';
import { notableEvents, timelineStrip } from './timeline.ts';

/** One run folder read back: result.json and events.jsonl. */
export interface LoadedRun {
  dir: string;
  label: string;
  res: ResultJson;
  events: EngineEvent[];
}

/** Reads a run folder written by `kubesim run` (result.json; events.jsonl when present). */
export function loadRun(dir: string, label: string): LoadedRun {
  const file = existsSync(dir) && statSync(dir).isDirectory() ? join(dir, 'result.json') : dir;
  const folder = file === dir ? resolve(dir, '..') : dir;
  if (!existsSync(file)) throw new UserError(`${dir}: no result.json (name a folder written by \`kubesim run --out DIR\`)`);
  let res: ResultJson;
  try {
    res = JSON.parse(readFileSync(file, 'utf8')) as ResultJson;
  } catch (err) {
    throw new UserError(`${file}: not JSON: ${(err as Error).message}`);
  }
  if (!res || typeof res !== 'object' || !res.series || !res.summary) throw new UserError(`${file}: not a kubesim result.json (no series or summary)`);
  const ev = join(folder, 'events.jsonl');
  const events = existsSync(ev)
    ? readFileSync(ev, 'utf8')
        .split('\n')
        .filter((l) => l.trim())
        .map((l) => JSON.parse(l) as EngineEvent)
    : [];
  return { dir, label, res, events };
}

/** One compared quantity. */
export interface Difference {
  /** what: "expectation", "workload", "pending", "nodes", "autoscaler", "events" */
  section: string;
  name: string;
  a: string | number | boolean | null;
  b: string | number | boolean | null;
}

/** What `compare` prints and writes (compare.json). */
export interface Comparison {
  a: { dir: string; scenario: string; seed: string | number; duration: number; passed: boolean };
  b: { dir: string; scenario: string; seed: string | number; duration: number; passed: boolean };
  /** every quantity that differs, in section order */
  differences: Difference[];
  /** how many quantities were compared */
  compared: number;
}

/** Seconds during which a series was above 0, over [0, duration]. */
export function secondsAbove0(s: { t: number[]; v: number[] } | undefined, duration: number): number {
  if (!s) return 0;
  let total = 0;
  for (let i = 0; i < s.t.length; i++) if (s.v[i] > 0) total += Math.min(i + 1 < s.t.length ? s.t[i + 1] : duration, duration) - s.t[i];
  return total;
}

function maxOf(s: { v: number[] } | undefined): number | null {
  return s && s.v.length ? Math.max(...s.v) : null;
}

/** The differences of two runs. */
export function compareRuns(A: LoadedRun, B: LoadedRun): Comparison {
  const out: Difference[] = [];
  let compared = 0;
  const add = (section: string, name: string, a: Difference['a'], b: Difference['b']): void => {
    compared++;
    if (a !== b) out.push({ section, name, a, b });
  };
  const a = A.res;
  const b = B.res;
  add('run', 'scenario', a.scenario, b.scenario);
  add('run', 'seed', String(a.seed), String(b.seed));
  add('run', 'duration', formatDuration(a.duration), formatDuration(b.duration));
  add('run', 'all expectations held', a.passed, b.passed);
  const texts = [...new Set([...a.expectations.map((x) => x.text), ...b.expectations.map((x) => x.text)])];
  for (const t of texts) {
    const xa = a.expectations.find((x) => x.text === t);
    const xb = b.expectations.find((x) => x.text === t);
    const show = (x: (typeof a.expectations)[number] | undefined): string | null => (x ? `${x.passed ? 'pass' : 'FAIL'}: ${x.observed}` : null);
    compared++;
    if (!xa || !xb || xa.passed !== xb.passed) out.push({ section: 'expectation', name: t, a: show(xa), b: show(xb) });
  }
  const sa = a.summary;
  const sb = b.summary;
  add('pending', 'max pending pods', sa.maxPendingPods, sb.maxPendingPods);
  add('pending', 'time with pending pods', formatDuration(secondsAbove0(a.series.pendingPods, a.duration)), formatDuration(secondsAbove0(b.series.pendingPods, b.duration)));
  add('pending', 'final pending pods', sa.finalPendingPods, sb.finalPendingPods);
  add('scheduling', 'pods scheduled', sa.scheduled, sb.scheduled);
  add('scheduling', 'failed scheduling attempts', sa.failedSchedulingAttempts, sb.failedSchedulingAttempts);
  add('scheduling', 'preemptions', sa.preemptions, sb.preemptions);
  add('nodes', 'nodes at the end', sa.nodes, sb.nodes);
  add('nodes', 'peak nodes', maxOf(a.series.nodes), maxOf(b.series.nodes));
  add('nodes', 'peak nodes with pods', maxOf(a.series.usedNodes), maxOf(b.series.usedNodes));
  const names = [...new Set([...sa.workloads.map((w) => w.name), ...sb.workloads.map((w) => w.name)])].sort();
  for (const n of names) {
    const wa = sa.workloads.find((w) => w.name === n);
    const wb = sb.workloads.find((w) => w.name === n);
    add('workload', `${n} peak replicas`, wa?.peakReplicas ?? null, wb?.peakReplicas ?? null);
    add('workload', `${n} final replicas`, wa?.finalReplicas ?? null, wb?.finalReplicas ?? null);
    add('workload', `${n} final ready`, wa?.finalReady ?? null, wb?.finalReady ?? null);
  }
  const ca = a.autoscaler;
  const cb = b.autoscaler;
  if (ca || cb) {
    add('autoscaler', 'cost ($)', ca?.cost ?? null, cb?.cost ?? null);
    add('autoscaler', 'node-hours', ca?.nodeHours ?? null, cb?.nodeHours ?? null);
    add('autoscaler', 'scale-ups', ca?.scaleUps ?? null, cb?.scaleUps ?? null);
    add('autoscaler', 'nodes removed', ca?.scaleDowns ?? null, cb?.scaleDowns ?? null);
    add('autoscaler', 'pod wait p95', ca ? formatDuration(ca.podWait.p95) : null, cb ? formatDuration(cb.podWait.p95) : null);
    add('autoscaler', 'pod wait max', ca ? formatDuration(ca.podWait.max) : null, cb ? formatDuration(cb.podWait.max) : null);
  }
  const kinds = [...new Set([...Object.keys(a.eventCounts), ...Object.keys(b.eventCounts)])].sort();
  for (const k of kinds) add('events', `${k} events`, a.eventCounts[k] ?? 0, b.eventCounts[k] ?? 0);
  const head = (r: LoadedRun): Comparison['a'] => ({ dir: r.dir, scenario: r.res.scenario, seed: r.res.seed, duration: r.res.duration, passed: r.res.passed });
  return { a: head(A), b: head(B), differences: out, compared };
}

/** The terminal table of a comparison. */
export function formatComparison(c: Comparison): string {
  const lines: string[] = [];
  lines.push(`A: ${c.a.dir} (${c.a.scenario}, seed ${String(c.a.seed)}, ${c.a.passed ? 'all expectations held' : 'expectations failed'})`);
  lines.push(`B: ${c.b.dir} (${c.b.scenario}, seed ${String(c.b.seed)}, ${c.b.passed ? 'all expectations held' : 'expectations failed'})`);
  if (!c.differences.length) {
    lines.push('', `No differences in the ${c.compared} quantities compared.`);
    return lines.join('\n') + '\n';
  }
  lines.push('', `${c.differences.length} of ${c.compared} compared quantities differ:`, '');
  const cell = (v: Difference['a']): string => (v === null ? '—' : String(v));
  const w0 = Math.max(7, ...c.differences.map((d) => d.section.length));
  const w1 = Math.min(60, Math.max(4, ...c.differences.map((d) => d.name.length)));
  const w2 = Math.min(40, Math.max(1, ...c.differences.map((d) => cell(d.a).length)));
  lines.push(`${'SECTION'.padEnd(w0)}  ${'WHAT'.padEnd(w1)}  ${'A'.padEnd(w2)}  B`);
  for (const d of c.differences) {
    const name = d.name.length > w1 ? d.name.slice(0, w1 - 1) + '…' : d.name;
    lines.push(`${d.section.padEnd(w0)}  ${name.padEnd(w1)}  ${cell(d.a).padEnd(w2)}  ${cell(d.b)}`);
  }
  return lines.join('\n') + '\n';
}

/** compare.html: both runs on the same axes (A solid, B dashed), a timeline per run, the differences. */
export function renderComparePage(A: LoadedRun, B: LoadedRun, c: Comparison): string {
  resetChartIds();
  const dur = Math.max(A.res.duration, B.res.duration);
  const both = (name: string, label: string, color: string): ChartLine[] =>
    [
      { label: `${label} (A)`, ...(A.res.series[name] ?? { t: [], v: [] }), color, dash: '', width: 2.4 },
      { label: `${label} (B)`, ...(B.res.series[name] ?? { t: [], v: [] }), color, dash: '7,4', width: 2 },
    ].filter((l) => l.t.length);
  const chart = (title: string, lines: ChartLine[], yTitle: string, format: ValueFormat): string =>
    lines.length ? timeChart(title, lines, dur, { yTitle, format, xTitle: 'simulated time (h:mm)' }) : '';
  const charts = [
    chart('Pending pods', both('pendingPods', 'pending', '#dc2626'), 'pods', 'count'),
    chart('Ready pods', both('readyPods', 'ready', '#16a34a'), 'pods', 'count'),
    chart('Nodes', [...both('nodes', 'nodes', '#4b5563'), ...both('usedNodes', 'with pods', '#0891b2')], 'nodes', 'count'),
    chart('Requested CPU', both('cpuRequestedPercent', 'cpu', '#ea580c'), 'requested (% of allocatable)', 'percent'),
  ];
  if (A.res.autoscaler || B.res.autoscaler) {
    charts.push(chart('Cost per hour', both('costPerHour', 'cost per hour', '#0891b2'), 'cost ($/h)', 'money'));
    charts.push(chart('Oldest pending pod age', both('oldestPendingPodAge', 'oldest pending pod age', '#9333ea'), 'age (seconds)', 'number'));
  }
  const wls = [...new Set([...A.res.summary.workloads.map((w) => w.name), ...B.res.summary.workloads.map((w) => w.name)])].sort();
  // workloads whose replicas or readiness differ; at most 40 panels (the differences table lists them all)
  const same = (k: string): boolean => JSON.stringify(A.res.series[k] ?? null) === JSON.stringify(B.res.series[k] ?? null);
  const differing = wls.filter((w) => !same(`${w}.replicas`) || !same(`${w}.readyReplicas`));
  const wcharts = differing.slice(0, 40).map((w) => chart(`${w.replace(/\//, ' ')}: replicas`, [...both(`${w}.replicas`, 'replicas', '#2563eb'), ...both(`${w}.readyReplicas`, 'ready', '#16a34a')], 'pods', 'count')).filter(Boolean);
  const rows = c.differences
    .map((d) => `<tr><td>${esc(d.section)}</td><td>${esc(d.name)}</td><td>${esc(d.a === null ? '—' : String(d.a))}</td><td>${esc(d.b === null ? '—' : String(d.b))}</td></tr>`)
    .join('');
  const head = (r: LoadedRun, k: string): string =>
    `<p><b>${k}</b>: <code>${esc(r.dir)}</code> — ${esc(r.res.scenario)}, seed ${esc(String(r.res.seed))}, ${formatDuration(r.res.duration)} <span class="verdict ${r.res.passed ? 'ok' : 'bad'}">${r.res.passed ? 'All expectations held' : 'Expectations failed'}</span></p>`;
  const strip = (r: LoadedRun, k: string): string => timelineStrip(notableEvents(r.events), dur).replace('<figcaption>Timeline', `<figcaption>Timeline of ${k}`);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>kubesim compare — ${esc(basename(A.dir))} vs ${esc(basename(B.dir))}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>${COMPARE_CSS}${CHART_CSS}</style></head><body>
<h1>Compare ${esc(A.res.scenario)} and ${esc(B.res.scenario)}</h1>
${head(A, 'A')}${head(B, 'B')}
<p class="muted">A solid, B dashed, same colours and axes.</p>
<div class="zoombar">Zoomed to <span></span> — <button type="button" data-zoom-reset>show the whole run</button></div>
<section id="differences"><h2>What differs</h2>
${c.differences.length ? `<p>${c.differences.length} of ${c.compared} compared quantities differ.</p><table><thead><tr><th>section</th><th>what</th><th>A</th><th>B</th></tr></thead><tbody>${rows}</tbody></table>` : `<p>No differences in the ${c.compared} quantities compared.</p>`}
</section>
<section id="timelines">${strip(A, 'A')}${strip(B, 'B')}</section>
<section id="cluster"><h2>Cluster</h2><div class="charts">${charts.filter(Boolean).join('\n')}</div></section>
${wls.length ? `<section id="workloads"><h2>Workloads</h2><p class="muted">${wls.length - differing.length} of ${wls.length} workloads have the same replicas and readiness in both runs${differing.length ? '; the others:' : '.'}</p><div class="charts">${wcharts.join('\n')}</div></section>` : ''}
<script>${CHART_SCRIPT}</script>
</body></html>
`;
}

const COMPARE_CSS = `
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0 auto;max-width:1180px;padding:20px 24px 60px;color:#111827;background:#fafafa}
h1{margin:0 0 6px;font-size:26px}h2{margin:28px 0 10px;border-bottom:1px solid #e5e7eb;padding-bottom:4px;font-size:20px}
.muted{color:#6b7280;font-weight:normal}
.verdict{display:inline-block;padding:1px 8px;border-radius:4px;font-weight:600;color:#fff;font-size:13px}.verdict.ok{background:#15803d}.verdict.bad{background:#dc2626}
table{border-collapse:collapse;width:100%;background:#fff}td,th{border-bottom:1px solid #eef0f3;padding:4px 8px;text-align:left}th{background:#f3f4f6}
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(540px,1fr));gap:14px}
figure.timeline{margin:10px 0 0}figure.timeline .lane-label{font-weight:600}
button{font:inherit;font-size:13px;padding:2px 10px;border:1px solid #d1d5db;border-radius:4px;background:#fff;cursor:pointer}
`;
