/**
 * report.html: one self-contained page (static SVG charts drawn with d3-scale and d3-shape at build
 * time, no network, a small inline script for hover read-outs, zoom, sorting and filtering).
 *
 * Story first: the verdict and headline numbers, a timeline strip of every notable event, the
 * expectations, the cluster panels (pending pods, nodes, requested share), node autoscaling, then
 * the workloads — a sortable summary table with a sparkline each, and per workload its panels
 * (replicas with the load that drives them, the HPA's metric against its target) one click away —
 * and the events table (sortable, filterable, upstream's messages).
 */
import type { EngineEvent } from '../engine/engine.ts';
import { loadAt } from '../engine/load.ts';
import type { SimulationResult } from '../engine/simulation.ts';
import { formatDuration } from '../engine/time.ts';
import type { KubeObject } from '../model/types.ts';
import type { LoadModel, Scenario } from '../scenario/types.ts';
import { autoscalerSection } from './autoscaler-panels.ts';
import { CHART_CSS, CHART_SCRIPT, COLORS, esc, formatCompact, formatSimTime, resetChartIds, sparkline, timeChart, type ChartLine, type ChartMarker, type ValueFormat } from './chart.ts';
import type { ResultJson } from './outputs.ts';
import { eventMessage, eventType, groupMarkers, markerGap, markerKeys, notableEvents, timelineStrip, type Notable } from './timeline.ts';

export { COLORS, esc };

/** What a page is drawn from: result.json, the event log and (when at hand) the scenario. */
export interface ReportInput {
  res: ResultJson;
  events: readonly EngineEvent[];
  /** the scenario: load models and HPA specs (absent when drawn from a result folder) */
  scenario?: Pick<Scenario, 'objects' | 'workloads' | 'events'>;
}

type Series = { t: number[]; v: number[] };
const EMPTY: Series = { t: [], v: [] };

/** Workloads with this many or fewer get every panel open. */
const OPEN_ALL = 4;
/** At most this many workload panels open by default (the most eventful). */
const MAX_OPEN = 6;
/** Events shown in the table (all of them are in events.jsonl). */
const MAX_EVENT_ROWS = 3000;

/** The HPA behind a workload: its series prefix and how its first metric reads. */
interface HpaInfo {
  key: string;
  name: string;
  min?: number;
  max?: number;
  metricTitle: string;
  metricLabel: string;
  format: ValueFormat;
}

function shortMetric(n: string): string {
  const parts = n.split(/[|/]/).filter(Boolean);
  return parts[parts.length - 1] ?? n;
}

/** The y title and format of an HPA's first metric (the one kubesim records as currentMetric). */
function hpaMetric(spec: Record<string, unknown> | undefined): { title: string; label: string; format: ValueFormat } {
  const m = (spec?.metrics as Record<string, unknown>[] | undefined)?.[0];
  if (!m) return { title: 'metric', label: 'metric', format: 'number' };
  const src = (m.resource ?? m.containerResource ?? m.pods ?? m.object ?? m.external) as Record<string, unknown> | undefined;
  const target = (src?.target ?? {}) as Record<string, unknown>;
  const resName = typeof src?.name === 'string' ? src.name : undefined;
  const metricName = ((src?.metric as Record<string, unknown> | undefined)?.name as string | undefined) ?? resName ?? 'metric';
  if (m.type === 'Resource' || m.type === 'ContainerResource') {
    if (target.type === 'Utilization' || target.averageUtilization !== undefined) return { title: `${resName} utilization (% of request)`, label: `${resName} utilization`, format: 'percent' };
    if (resName === 'memory') return { title: 'memory per pod (bytes)', label: 'memory per pod', format: 'bytes' };
    return { title: `${resName} per pod (cores)`, label: `${resName} per pod`, format: 'number' };
  }
  const short = shortMetric(metricName);
  if (m.type === 'Pods' || target.averageValue !== undefined) return { title: `${short} per pod`, label: `${short} per pod`, format: 'number' };
  return { title: short, label: short, format: 'number' };
}

/** HPAs by the workload they scale (`Kind/ns/name`), from the scenario's objects, else by name. */
function hpasByWorkload(res: ResultJson, scenario: ReportInput['scenario'], workloads: string[]): Map<string, HpaInfo> {
  const out = new Map<string, HpaInfo>();
  const objects: KubeObject[] = [...(scenario?.objects ?? [])];
  for (const e of scenario?.events ?? []) if (e.action.type === 'apply') objects.push(...e.action.objects);
  const keys = [...new Set(Object.keys(res.series).filter((k) => k.startsWith('HorizontalPodAutoscaler/')).map((k) => k.slice(0, k.lastIndexOf('.'))))];
  for (const key of keys) {
    const [, ns, name] = key.split('/');
    const obj = objects.find((o) => o.kind === 'HorizontalPodAutoscaler' && o.metadata.name === name && (o.metadata.namespace ?? 'default') === ns);
    const spec = obj?.spec as Record<string, unknown> | undefined;
    const ref = spec?.scaleTargetRef as { kind?: string; name?: string } | undefined;
    const target = ref ? `${ref.kind}/${ns}/${ref.name}` : workloads.find((w) => w.endsWith(`/${ns}/${name}`));
    const metric = hpaMetric(spec);
    if (target)
      out.set(target, {
        key,
        name: `${ns}/${name}`,
        ...(typeof spec?.minReplicas === 'number' ? { min: spec.minReplicas } : {}),
        ...(typeof spec?.maxReplicas === 'number' ? { max: spec.maxReplicas } : {}),
        metricTitle: metric.title,
        metricLabel: metric.label,
        format: metric.format,
      });
  }
  return out;
}

/** The offered load of a workload over the run, as a series (steps for csv/step models, else a sampled curve). */
export function loadSeries(model: LoadModel, duration: number): { t: number[]; v: number[]; curve: 'step' | 'linear' } {
  const t: number[] = [];
  const v: number[] = [];
  if (model.type === 'csv' || model.type === 'step') {
    const step = model.type === 'csv' ? model.step * Math.max(1, Math.ceil(duration / model.step / 2000)) : 0;
    const times = model.type === 'step' ? [0, ...model.steps.map((s) => s.at)] : Array.from({ length: Math.floor(duration / step) + 1 }, (_, i) => i * step);
    for (const x of times) if (x <= duration) (t.push(x), v.push(Math.round(loadAt(model, x) * 1000) / 1000));
    return { t, v, curve: 'step' };
  }
  const n = 400;
  for (let i = 0; i <= n; i++) {
    const x = (duration * i) / n;
    t.push(x);
    v.push(Math.round(loadAt(model, x) * 1000) / 1000);
  }
  return { t, v, curve: 'linear' };
}

function sameSeries(a: Series, b: Series): boolean {
  if (a.t.length !== b.t.length) return false;
  for (let i = 0; i < a.t.length; i++) if (a.t[i] !== b.t[i] || a.v[i] !== b.v[i]) return false;
  return true;
}

/** Series with equal values drawn once, their labels joined ("replicas = ready"). */
export function mergeEqual(lines: ChartLine[]): ChartLine[] {
  const out: ChartLine[] = [];
  for (const l of lines) {
    if (l.t.length === 0) continue;
    const same = out.find((o) => o.axis === l.axis && sameSeries(o, l));
    if (same) same.label += ` = ${l.label}`;
    else out.push({ ...l });
  }
  return out;
}

/**
 * Seconds in [0, duration] during which `a` < `b` (two change-point series), from the first time
 * `a` reaches `b` (a workload's start-up is not a shortfall).
 */
export function timeBelow(a: Series, b: Series, duration: number): number {
  let started = false;
  const ts = [...new Set([...a.t, ...b.t])].filter((t) => t <= duration).sort((x, y) => x - y);
  let total = 0;
  let ia = -1;
  let ib = -1;
  for (let k = 0; k < ts.length; k++) {
    const t = ts[k];
    while (ia + 1 < a.t.length && a.t[ia + 1] <= t) ia++;
    while (ib + 1 < b.t.length && b.t[ib + 1] <= t) ib++;
    const end = k + 1 < ts.length ? ts[k + 1] : duration;
    if (ia >= 0 && ib >= 0 && a.v[ia] >= b.v[ib]) started = true;
    if (started && ia >= 0 && ib >= 0 && a.v[ia] < b.v[ib]) total += end - t;
  }
  return total;
}

/** One workload's row and panels. */
interface WorkloadView {
  key: string;
  kind: string;
  name: string;
  hpa?: HpaInfo;
  load?: ReturnType<typeof loadSeries>;
  peak: number;
  final: number;
  finalReady: number;
  belowDesired: number;
  notable: Notable[];
  changes: number;
  open: boolean;
}

function slug(s: string): string {
  return s.replace(/[^A-Za-z0-9-]+/g, '-').replace(/^-|-$/g, '').toLowerCase();
}

/** The page of a finished run. */
export function renderHtmlReport(r: SimulationResult, res: ResultJson): string {
  return renderReportPage({ res, events: r.engine.events, scenario: r.scenario });
}

/** The page, from result.json, the events and (optionally) the scenario. */
export function renderReportPage(input: ReportInput): string {
  resetChartIds();
  const { res, events, scenario } = input;
  const dur = res.duration;
  const s = res.summary;
  const series = (name: string): Series => res.series[name] ?? EMPTY;
  const notable = notableEvents(events);
  // a marker per ~15 px of a chart's plot
  const gap = markerGap(dur);
  const allMarkers = groupMarkers(notable, gap);
  const base = { xTitle: 'simulated time (h:mm)', markers: allMarkers, markerKeys: markerKeys(allMarkers) };

  // cluster panels
  const cluster: string[] = [];
  cluster.push(
    timeChart(
      'Pods',
      [
        { label: 'pending', ...series('pendingPods'), color: '#dc2626', fill: true },
        { label: 'running', ...series('runningPods'), color: '#2563eb' },
        { label: 'ready', ...series('readyPods'), color: '#16a34a' },
      ].filter((l) => l.t.length),
      dur,
      { ...base, yTitle: 'pods', format: 'count', id: 'chart-pods' },
    ),
  );
  cluster.push(
    timeChart(
      'Nodes',
      mergeEqual([
        { label: 'nodes', ...series('nodes'), color: '#4b5563' },
        { label: 'ready', ...series('readyNodes'), color: '#16a34a' },
        { label: 'with pods', ...series('usedNodes'), color: '#0891b2' },
      ]),
      dur,
      { ...base, yTitle: 'nodes', format: 'count', id: 'chart-nodes' },
    ),
  );
  cluster.push(
    timeChart(
      'Requested share of allocatable',
      [
        { label: 'cpu', ...series('cpuRequestedPercent'), color: '#ea580c' },
        { label: 'memory', ...series('memoryRequestedPercent'), color: '#9333ea' },
      ].filter((l) => l.t.length),
      dur,
      { ...base, yTitle: 'requested (% of allocatable)', format: 'percent', id: 'chart-requested' },
    ),
  );

  // workloads
  const keys = [...new Set(Object.keys(res.series).filter((n) => n.endsWith('.replicas') && !/^(HorizontalPodAutoscaler|NodeGroup)\//.test(n)).map((n) => n.slice(0, -'.replicas'.length)))].sort();
  const hpas = hpasByWorkload(res, scenario, keys);
  const loads = new Map<string, ReturnType<typeof loadSeries>>();
  for (const w of scenario?.workloads ?? []) if (w.load) loads.set(`${w.target.kind}/${w.target.namespace}/${w.target.name}`, loadSeries(w.load, dur));
  const views: WorkloadView[] = keys.map((key) => {
    const [kind, ns, name] = key.split('/');
    const hpa = hpas.get(key);
    const obj = `${kind} ${ns}/${name}`;
    const mine = notable.filter((e) => e.object === obj || (hpa && e.object === `HorizontalPodAutoscaler ${hpa.name}`));
    const rep = series(`${key}.replicas`);
    const desired = series(`${key}.desiredReplicas`);
    const ready = series(`${key}.readyReplicas`);
    const sumRow = s.workloads.find((w) => w.name === key);
    const changes = Math.max(0, desired.t.filter((t) => t > 60).length);
    return {
      key,
      kind,
      name: `${ns}/${name}`,
      ...(hpa ? { hpa } : {}),
      ...(loads.get(key) ? { load: loads.get(key)! } : {}),
      peak: sumRow?.peakReplicas ?? Math.max(0, ...rep.v),
      final: sumRow?.finalReplicas ?? rep.v[rep.v.length - 1] ?? 0,
      finalReady: sumRow?.finalReady ?? ready.v[ready.v.length - 1] ?? 0,
      belowDesired: timeBelow(ready, desired, dur),
      notable: mine,
      changes,
      open: false,
    };
  });
  // the most eventful panels open by default
  const score = (w: WorkloadView): number => (w.hpa ? 4 : 0) + (w.load ? 2 : 0) + w.notable.length + w.changes + (w.belowDesired > 120 ? 3 : 0);
  if (views.length <= OPEN_ALL) for (const w of views) w.open = true;
  else
    [...views]
      .filter((w) => score(w) > 0)
      .sort((a, b) => score(b) - score(a))
      .slice(0, MAX_OPEN)
      .forEach((w) => (w.open = true));
  const nodeMarkers = allMarkers.filter((m) => ['nodes', 'autoscaler'].includes(laneOf(m)));
  const panels = views.map((w) => workloadPanels(w, res, dur, gap, nodeMarkers));
  const table = workloadTable(views, res, dur);

  const exp = res.expectations
    .map(
      (x) =>
        `<tr class="${x.passed ? 'ok' : 'bad'}"><td>${x.passed ? 'pass' : 'FAIL'}</td><td><code>${esc(x.text)}</code></td><td>${esc(x.observed)}${x.failedAt !== undefined ? ` — first violated at ${formatSimTime(x.failedAt, true)}` : ''}</td></tr>`,
    )
    .join('');
  const failed = res.expectations.filter((x) => !x.passed).length;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>kubesim — ${esc(res.scenario)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>${PAGE_CSS}${CHART_CSS}</style></head><body>
<header>
<h1>${esc(res.scenario)}</h1>
${res.description ? `<p class="desc">${esc(res.description)}</p>` : ''}
<p class="facts"><span class="verdict ${res.passed ? 'ok' : 'bad'}">${res.passed ? 'All expectations held' : 'Expectations failed'}</span>
${res.expectations.length ? `<span>${res.expectations.length - failed}/${res.expectations.length} expectations</span>` : ''}
<span>seed ${esc(String(res.seed))}</span><span>${formatDuration(dur)} simulated</span><span>${s.nodes} nodes</span><span>${formatCompact(s.scheduled)} pods scheduled</span><span>at most ${formatCompact(s.maxPendingPods)} pending</span><span>${s.preemptions} preemptions</span>${keys.length ? `<span>${keys.length} workload${keys.length === 1 ? '' : 's'}</span>` : ''}</p>
</header>
<div class="zoombar">Zoomed to <span></span> — <button type="button" data-zoom-reset>show the whole run</button></div>
<section id="timeline-section">${timelineStrip(notable, dur)}</section>
<section id="expectations"><h2>Expectations</h2>
${res.expectations.length ? `<table class="exp"><thead><tr><th></th><th>expectation</th><th>observed</th></tr></thead><tbody>${exp}</tbody></table>` : '<p class="muted">The scenario states no expectations.</p>'}
</section>
<section id="cluster"><h2>Cluster</h2>
<div class="charts">${cluster.join('\n')}</div>
</section>
${autoscalerSection(input)}
${keys.length ? `<section id="workloads"><h2>Workloads</h2>
${table}
<p class="tools"><button type="button" id="open-all">Open every workload</button> <button type="button" id="close-all">Close every workload</button></p>
${panels.join('\n')}
</section>` : ''}
${eventsSection(events, res)}
<script>${CHART_SCRIPT}${PAGE_SCRIPT}</script>
</body></html>
`;
}

function laneOf(m: ChartMarker): string {
  return ['node-failure', 'node-ready', 'node-added', 'cordon', 'node-removing', 'spot'].includes(m.kind) ? 'nodes' : ['scale-up', 'removed', 'failed'].includes(m.kind) ? 'autoscaler' : 'other';
}

/** One workload: its replicas (with the load that drives them on a second axis) and its HPA's metric against the target. */
function workloadPanels(w: WorkloadView, res: ResultJson, dur: number, gap: number, nodeMarkers: ChartMarker[]): string {
  const series = (name: string): Series => res.series[name] ?? EMPTY;
  const markers = [...groupMarkers(w.notable, gap), ...nodeMarkers].sort((a, b) => a.t - b.t);
  const base = { xTitle: 'simulated time (h:mm)', markers, markerKeys: markerKeys(markers) };
  const lines: ChartLine[] = [];
  if (w.hpa) lines.push({ label: 'HPA desired', ...series(`${w.hpa.key}.desiredReplicas`), color: '#7c3aed' });
  lines.push({ label: 'desired', ...series(`${w.key}.desiredReplicas`), color: '#4b5563' });
  lines.push({ label: 'replicas', ...series(`${w.key}.replicas`), color: '#2563eb' });
  lines.push({ label: 'ready', ...series(`${w.key}.readyReplicas`), color: '#16a34a' });
  lines.push({ label: 'updated', ...series(`${w.key}.updatedReplicas`), color: '#ea580c' });
  lines.push({ label: 'available', ...series(`${w.key}.availableReplicas`), color: '#0891b2' });
  const merged = mergeEqual(lines).map((l, i) => ({ ...l, dash: ['', '7,3', '2,3', '10,3,2,3', '4,4'][i % 5], width: i === 0 ? 2.6 : 1.8 }));
  if (w.load) merged.push({ label: 'offered load', t: w.load.t, v: w.load.v, curve: w.load.curve, axis: 'right', color: '#94a3b8', fill: true, dash: '', width: 1.2 });
  const charts = [
    timeChart(`${w.kind} ${w.name}: replicas${w.load ? ' and load' : ''}`, merged, dur, {
      ...base,
      yTitle: 'pods',
      format: 'count',
      ...(w.load ? { y2Title: 'load (req/s)', format2: 'number' as const } : {}),
      ...(w.hpa?.min !== undefined ? { note: `HPA ${w.hpa.name}: ${w.hpa.min}–${w.hpa.max} replicas` } : {}),
    }),
  ];
  if (w.hpa && res.series[`${w.hpa.key}.currentMetric`]) {
    const target = series(`${w.hpa.key}.targetMetric`);
    charts.push(
      timeChart(
        `HPA ${w.hpa.name}: ${w.hpa.metricLabel} vs target`,
        [
          { label: 'current', ...series(`${w.hpa.key}.currentMetric`), color: '#2563eb' },
          { label: 'target', ...target, color: '#dc2626', dash: '6,4', width: 1.8 },
        ],
        dur,
        { ...base, yTitle: w.hpa.metricTitle, format: w.hpa.format, robust: true, include: target.v },
      ),
    );
  }
  const facts = `${w.hpa ? `HPA ${esc(w.hpa.name)} · ` : ''}peak ${w.peak} · final ${w.final} (${w.finalReady} ready)${w.belowDesired ? ` · ready below desired for ${formatDuration(w.belowDesired)}` : ''}${w.notable.length ? ` · ${w.notable.length} event${w.notable.length === 1 ? '' : 's'}` : ''}`;
  return `<details class="workload" id="wl-${slug(w.key)}"${w.open ? ' open' : ''}><summary><b>${esc(w.kind)} ${esc(w.name)}</b> <span class="muted">${facts}</span></summary><div class="charts">${charts.join('\n')}</div></details>`;
}

/** The sortable workload table: a sparkline of replicas (and ready) per workload, its panel one click away. */
function workloadTable(views: WorkloadView[], res: ResultJson, dur: number): string {
  const rows = views
    .map((w) => {
      const spark = sparkline(
        [
          { ...(res.series[`${w.key}.replicas`] ?? EMPTY), color: '#2563eb' },
          { ...(res.series[`${w.key}.readyReplicas`] ?? EMPTY), color: '#16a34a', dash: '3,2' },
        ],
        dur,
      );
      return (
        `<tr data-workload="${esc(w.key)}"><td data-sort="${esc(w.name)}"><a href="#wl-${slug(w.key)}">${esc(w.name)}</a></td><td>${esc(w.kind)}</td>` +
        `<td data-sort="${w.hpa ? 1 : 0}">${w.hpa ? `${w.hpa.min ?? '?'}–${w.hpa.max ?? '?'}` : '—'}</td><td class="sparkcell">${spark}</td>` +
        `<td data-sort="${w.peak}">${w.peak}</td><td data-sort="${w.final}">${w.final}</td><td data-sort="${w.finalReady}">${w.finalReady}</td>` +
        `<td data-sort="${w.belowDesired}">${w.belowDesired ? formatDuration(w.belowDesired) : '—'}</td><td data-sort="${w.notable.length}">${w.notable.length || '—'}</td></tr>`
      );
    })
    .join('');
  return (
    `<table id="workload-table" class="num sortable"><thead><tr><th data-type="text">workload</th><th data-type="text">kind</th><th data-type="num">HPA min–max</th><th class="nosort">replicas <span class="muted">(ready dashed)</span></th>` +
    `<th data-type="num">peak</th><th data-type="num">final</th><th data-type="num">final ready</th><th data-type="num">ready &lt; desired</th><th data-type="num">events</th></tr></thead><tbody>${rows}</tbody></table>`
  );
}

/** The events table: time, type, reason, object, message — sortable and filterable. */
function eventsSection(events: readonly EngineEvent[], res: ResultJson): string {
  const shown = events.slice(0, MAX_EVENT_ROWS);
  const rows = shown
    .map((e) => {
      const type = eventType(e);
      return `<tr data-kind="${esc(e.kind)}" class="${type === 'Warning' ? 'warn' : ''}"><td data-sort="${e.t}">${formatSimTime(e.t, true)}</td><td>${type}</td><td>${esc(e.kind)}</td><td>${esc(e.object)}</td><td>${esc(eventMessage(e))}</td></tr>`;
    })
    .join('');
  const kinds = Object.entries(res.eventCounts)
    .map(([k, n]) => `<option value="${esc(k)}">${esc(k)} (${n})</option>`)
    .join('');
  return `<section id="events-section"><h2>Events</h2>
<p class="tools"><label>Reason <select id="kind"><option value="">all (${events.length})</option>${kinds}</select></label> <label>Search <input id="event-search" type="search" placeholder="object or message"></label> <span id="event-count" class="muted"></span>${events.length > shown.length ? ` <span class="muted">(the first ${shown.length} of ${events.length}; all are in events.jsonl)</span>` : ''}</p>
<div class="events"><table id="events" class="sortable"><thead><tr><th data-type="num">time</th><th data-type="text">type</th><th data-type="text">reason</th><th data-type="text">object</th><th data-type="text">message</th></tr></thead><tbody>${rows}</tbody></table></div>
</section>`;
}

const PAGE_CSS = `
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0 auto;max-width:1180px;padding:20px 24px 60px;color:#111827;background:#fafafa}
h1{margin:0 0 2px;font-size:26px}h2{margin:28px 0 10px;border-bottom:1px solid #e5e7eb;padding-bottom:4px;font-size:20px}
.desc{margin:0 0 8px;color:#374151}.muted{color:#6b7280;font-weight:normal}
.facts{display:flex;flex-wrap:wrap;gap:4px 16px;align-items:center;margin:6px 0}
.verdict{display:inline-block;padding:3px 10px;border-radius:4px;font-weight:600;color:#fff}
.verdict.ok{background:#15803d}.verdict.bad{background:#dc2626}
table{border-collapse:collapse;width:100%;margin:8px 0;background:#fff}td,th{border-bottom:1px solid #eef0f3;padding:4px 8px;text-align:left;vertical-align:middle}
th{font-weight:600;background:#f3f4f6;position:sticky;top:0}
tr.bad td:first-child{color:#dc2626;font-weight:600}tr.ok td:first-child{color:#15803d}
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(540px,1fr));gap:14px}
.events{max-height:560px;overflow:auto;border:1px solid #e5e7eb;border-radius:6px}code{font-size:13px}
#events td:first-child,#events td:nth-child(3){white-space:nowrap;font-variant-numeric:tabular-nums}#events td:nth-child(4){min-width:15em;overflow-wrap:anywhere}#events tr.warn td:nth-child(2){color:#b45309;font-weight:600}
.headline{font-size:15px;background:#fff;border:1px solid #e2e8f0;border-radius:6px;padding:8px 12px}
table.num td,table.num th{font-variant-numeric:tabular-nums}
table.sortable th:not(.nosort){cursor:pointer;user-select:none}table.sortable th[aria-sort=ascending]::after{content:" ▲"}table.sortable th[aria-sort=descending]::after{content:" ▼"}
details.workload{border:1px solid #e5e7eb;border-radius:8px;background:#fff;margin:10px 0;padding:6px 10px}
details.workload>summary{cursor:pointer;padding:4px 0}details.workload[open]>summary{margin-bottom:8px}
.sparkcell{padding:2px 8px}.tools{margin:8px 0}
figure.timeline{margin:14px 0 0}figure.timeline .lane-label{font-weight:600;fill:#374151}
button{font:inherit;font-size:13px;padding:2px 10px;border:1px solid #d1d5db;border-radius:4px;background:#fff;cursor:pointer}
input,select{font:inherit;font-size:14px}
`;

/** Sorting, filtering, opening workload panels. */
const PAGE_SCRIPT = `
(function () {
  document.querySelectorAll('table.sortable').forEach(function (table) {
    table.querySelectorAll('th').forEach(function (th, col) {
      if (th.classList.contains('nosort')) return;
      th.addEventListener('click', function () {
        var dir = th.getAttribute('aria-sort') === 'ascending' ? 'descending' : 'ascending';
        table.querySelectorAll('th').forEach(function (h) { h.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', dir);
        var num = th.dataset.type === 'num', body = table.tBodies[0], rows = [].slice.call(body.rows);
        function key(tr) { var td = tr.cells[col]; var v = td.dataset.sort !== undefined ? td.dataset.sort : td.textContent; return num ? parseFloat(v) : v.toLowerCase(); }
        rows.sort(function (a, b) { var x = key(a), y = key(b); var c = x < y ? -1 : x > y ? 1 : 0; return dir === 'ascending' ? c : -c; });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  });
  var kind = document.getElementById('kind'), search = document.getElementById('event-search'), count = document.getElementById('event-count');
  function filter() {
    var k = kind ? kind.value : '', q = search ? search.value.toLowerCase() : '', n = 0;
    document.querySelectorAll('#events tbody tr').forEach(function (tr) {
      var show = (!k || tr.dataset.kind === k) && (!q || tr.textContent.toLowerCase().indexOf(q) >= 0);
      tr.style.display = show ? '' : 'none'; if (show) n++;
    });
    if (count) count.textContent = (k || q) ? n + ' shown' : '';
  }
  if (kind) kind.addEventListener('change', filter);
  if (search) search.addEventListener('input', filter);
  function openHash() { var h = location.hash && document.getElementById(location.hash.slice(1)); if (h && h.tagName === 'DETAILS') { h.open = true; h.scrollIntoView(); } }
  window.addEventListener('hashchange', openHash); openHash();
  // a link to the panel already in the address bar fires no hashchange: open it on the click too
  document.addEventListener('click', function (e) { var a = e.target && e.target.closest ? e.target.closest('a[href^="#"]') : null; var d = a && document.getElementById(a.getAttribute('href').slice(1)); if (d && d.tagName === 'DETAILS') d.open = true; });
  var oa = document.getElementById('open-all'), ca = document.getElementById('close-all');
  if (oa) oa.addEventListener('click', function () { document.querySelectorAll('details.workload').forEach(function (d) { d.open = true; }); });
  if (ca) ca.addEventListener('click', function () { document.querySelectorAll('details.workload').forEach(function (d) { d.open = false; }); });
})();
`;
