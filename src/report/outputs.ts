/**
 * The files of a run (DESIGN.md §3): result.json, events.jsonl, summary.md and report.html.
 * Written to a temporary folder and renamed into place, so a failed run never leaves a folder
 * that looks complete. Nothing wall-clock goes into them: same scenario and seed, same bytes.
 */
import { closeSync, existsSync, mkdirSync, openSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { SimulationResult } from '../engine/simulation.ts';
import { formatDuration } from '../engine/time.ts';
import { renderHtmlReport } from './html.ts';
import { eventMessage } from './timeline.ts';
import { quantileSorted } from 'd3-array';
import type { AutoscalingOptions } from '../autoscaler/options.ts';
import type { LoopRecord } from '../autoscaler/static-autoscaler.ts';
import type { ClusterAutoscalerStatus } from '../autoscaler/clusterstate/status.ts';

/** The shape of result.json. */
export interface ResultJson {
  scenario: string;
  description: string;
  seed: string | number;
  duration: number;
  tick: number;
  passed: boolean;
  summary: RunSummary;
  expectations: SimulationResult['expectations'];
  eventCounts: Record<string, number>;
  /** Sampled every `sampleEvery` seconds from 0 to duration. */
  sampleEvery: number;
  samples: Record<string, (number | null)[]>;
  /** Exact change points of every series. */
  series: Record<string, { t: number[]; v: number[] }>;
  /** The cluster-autoscaler's totals and its loops (a loop is listed when its decisions changed). */
  autoscaler?: AutoscalerResult;
}

/** result.json's `autoscaler` section. */
export interface AutoscalerResult {
  options: AutoscalingOptions;
  nodeGroups: { name: string; minSize: number; maxSize: number; price: number; finalSize: number; peakNodes: number; nodeHours: number; cost: number }[];
  cost: number;
  nodeHours: number;
  scaleUps: number;
  nodesAdded: number;
  scaleDowns: number;
  spotInterruptions: number;
  /** Creation-to-binding wait of every scheduled pod, seconds. */
  podWait: { p50: number; p95: number; max: number; count: number };
  /** The cluster-autoscaler-status ConfigMap's content after the last loop. */
  status?: ClusterAutoscalerStatus;
  loops: LoopRecord[];
}

/** Headline numbers of a run. */
export interface RunSummary {
  /** Pods created during the run (controllers, apply events); the manifests' pods at t=0 are not counted. */
  podsCreated: number;
  scheduled: number;
  failedSchedulingAttempts: number;
  preemptions: number;
  maxPendingPods: number;
  finalPendingPods: number;
  finalReadyPods: number;
  nodes: number;
  ticksExecuted: number;
  workloads: { name: string; peakReplicas: number; finalReplicas: number; finalReady: number }[];
}

/** Computes the summary of a finished run. */
export function summarize(r: SimulationResult): RunSummary {
  const counts = eventCounts(r);
  const rec = r.recorder;
  const workloads: RunSummary['workloads'] = [];
  for (const name of [...rec.series.keys()].sort()) {
    if (!name.endsWith('.replicas') || name.startsWith('HorizontalPodAutoscaler/')) continue;
    const base = name.slice(0, -'.replicas'.length);
    workloads.push({
      name: base,
      peakReplicas: rec.max(name) ?? 0,
      finalReplicas: rec.valueAt(name, r.scenario.duration) ?? 0,
      finalReady: rec.valueAt(`${base}.readyReplicas`, r.scenario.duration) ?? 0,
    });
  }
  return {
    // counted where pods are created: pods deleted for other reasons (evictions, preemption) or still terminating were miscounted from the events
    podsCreated: r.engine.podsCreated,
    scheduled: counts.Scheduled ?? 0,
    failedSchedulingAttempts: counts.FailedScheduling ?? 0,
    preemptions: counts.Preempted ?? 0,
    maxPendingPods: rec.max('pendingPods') ?? 0,
    finalPendingPods: rec.valueAt('pendingPods', r.scenario.duration) ?? 0,
    finalReadyPods: rec.valueAt('readyPods', r.scenario.duration) ?? 0,
    nodes: r.engine.cluster.nodes.size,
    ticksExecuted: r.engine.ticksRun,
    workloads,
  };
}

function eventCounts(r: SimulationResult): Record<string, number> {
  const out: Record<string, number> = {};
  for (const e of r.engine.events) out[e.kind] = (out[e.kind] ?? 0) + 1;
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** Builds result.json's content. */
export function resultJson(r: SimulationResult): ResultJson {
  const sc = r.scenario;
  const series: ResultJson['series'] = {};
  const samples: ResultJson['samples'] = {};
  for (const name of [...r.recorder.series.keys()].sort()) {
    series[name] = r.recorder.series.get(name)!;
    samples[name] = r.recorder.sample(name, sc.sampleEvery, sc.duration);
  }
  return {
    scenario: sc.name,
    description: sc.description,
    seed: r.seed,
    duration: sc.duration,
    tick: sc.tick,
    passed: r.expectations.every((x) => x.passed),
    summary: summarize(r),
    expectations: r.expectations,
    eventCounts: eventCounts(r),
    sampleEvery: sc.sampleEvery,
    samples,
    series,
    ...(r.clusterAutoscaler ? { autoscaler: autoscalerResult(r) } : {}),
  };
}

/** Creation-to-binding wait percentiles (seconds). */
export function podWaitStats(waits: readonly number[]): AutoscalerResult['podWait'] {
  if (waits.length === 0) return { p50: 0, p95: 0, max: 0, count: 0 };
  const sorted = [...waits].sort((a, b) => a - b);
  return { p50: quantileSorted(sorted, 0.5)!, p95: quantileSorted(sorted, 0.95)!, max: sorted[sorted.length - 1], count: sorted.length };
}

/** The loops whose decisions differ from the loop before (time aside). */
export function changedLoops(loops: readonly LoopRecord[]): LoopRecord[] {
  const out: LoopRecord[] = [];
  let prev = '';
  for (const l of loops) {
    const { t: _t, ...rest } = l;
    const key = JSON.stringify(rest);
    if (key !== prev) out.push(l);
    prev = key;
  }
  return out;
}

function autoscalerResult(r: SimulationResult): AutoscalerResult {
  const ca = r.clusterAutoscaler!;
  const a = ca.autoscaler;
  const end = r.scenario.duration;
  const rec = r.recorder;
  const groups = a.groups.map((g) => {
    const series = rec.series.get(`NodeGroup/default/${g.name}.nodes`);
    // node-hours: the integral of the group's node count over the run
    let nodeHours = 0;
    if (series) for (let i = 0; i < series.t.length; i++) nodeHours += (series.v[i] * ((i + 1 < series.t.length ? series.t[i + 1] : end) - series.t[i])) / 3600;
    return {
      name: g.name,
      minSize: g.minSize,
      maxSize: g.maxSize,
      price: g.price,
      finalSize: a.cloud.targetSize(g.name),
      peakNodes: rec.max(`NodeGroup/default/${g.name}.nodes`) ?? 0,
      nodeHours: Math.round(nodeHours * 1000) / 1000,
      cost: Math.round(nodeHours * g.price * 100) / 100,
    };
  });
  return {
    options: a.options,
    nodeGroups: groups,
    cost: Math.round(ca.cost(end) * 100) / 100,
    nodeHours: Math.round(groups.reduce((s, g) => s + g.nodeHours, 0) * 1000) / 1000,
    scaleUps: a.scaleUps,
    nodesAdded: a.scaleUpNodes,
    scaleDowns: a.actuator.deletedEmpty + a.actuator.deletedDrained,
    spotInterruptions: ca.totals.spotInterruptions,
    podWait: podWaitStats(r.engine.schedulingWaits),
    ...(a.status ? { status: a.status } : {}),
    loops: changedLoops(a.loops),
  };
}

/** summary.md: what happened, for a person. */
export function summaryMarkdown(r: SimulationResult, res: ResultJson): string {
  const s = res.summary;
  const lines: string[] = [];
  lines.push(`# ${res.scenario}`, '');
  if (res.description) lines.push(res.description, '');
  lines.push(`Seed ${String(res.seed)}, ${formatDuration(res.duration)} simulated (tick ${formatDuration(res.tick)}), ${s.nodes} nodes at the end.`, '');
  lines.push(`**Result: ${res.passed ? 'all expectations held' : 'EXPECTATIONS FAILED'}**`, '');
  if (res.expectations.length) {
    lines.push('| | expectation | observed |', '|---|---|---|');
    for (const x of res.expectations) lines.push(`| ${x.passed ? 'pass' : '**FAIL**'} | \`${x.text.replace(/\|/g, '\\|')}\` | ${x.observed}${x.failedAt !== undefined ? ` (first violated at ${formatDuration(x.failedAt)})` : ''} |`);
    lines.push('');
  }
  lines.push('## Scheduling', '');
  lines.push(`- ${s.scheduled} pods scheduled, ${s.failedSchedulingAttempts} failed scheduling attempts, ${s.preemptions} preemptions`);
  lines.push(`- pending pods: at most ${s.maxPendingPods}, ${s.finalPendingPods} at the end; ${s.finalReadyPods} pods ready at the end`);
  lines.push(`- ${s.ticksExecuted} ticks executed of ${Math.floor(res.duration / res.tick) + 1} (the rest had nothing due)`, '');
  if (s.workloads.length) {
    lines.push('## Workloads', '', '| workload | peak replicas | final replicas | final ready |', '|---|---:|---:|---:|');
    for (const w of s.workloads) lines.push(`| ${w.name} | ${w.peakReplicas} | ${w.finalReplicas} | ${w.finalReady} |`);
    lines.push('');
  }
  const ca = res.autoscaler;
  if (ca) {
    lines.push('## Node autoscaling', '');
    lines.push(`- cost ${ca.cost.toFixed(2)} over ${ca.nodeHours.toFixed(1)} node-hours; ${ca.scaleUps} scale-ups (${ca.nodesAdded} nodes), ${ca.scaleDowns} nodes removed${ca.spotInterruptions ? `, ${ca.spotInterruptions} spot interruptions` : ''}`);
    lines.push(`- pod wait (creation → scheduled): p50 ${formatDuration(ca.podWait.p50)}, p95 ${formatDuration(ca.podWait.p95)}, max ${formatDuration(ca.podWait.max)} over ${ca.podWait.count} pods`, '');
    lines.push('| node group | min | max | price/h | peak nodes | final size | node-hours | cost |', '|---|---:|---:|---:|---:|---:|---:|---:|');
    for (const g of ca.nodeGroups) lines.push(`| ${g.name} | ${g.minSize} | ${g.maxSize} | ${g.price} | ${g.peakNodes} | ${g.finalSize} | ${g.nodeHours.toFixed(2)} | ${g.cost.toFixed(2)} |`);
    lines.push('');
  }
  lines.push('## Events', '', '| kind | count |', '|---|---:|');
  for (const [k, n] of Object.entries(res.eventCounts)) lines.push(`| ${k} | ${n} |`);
  lines.push('');
  const notable = r.engine.events.filter((e) => !['Scheduled', 'Killing', 'FailedScheduling'].includes(e.kind)).slice(0, 40);
  if (notable.length) {
    lines.push('## Timeline (first 40 notable events)', '', '| time | event | object | detail |', '|---|---|---|---|');
    for (const e of notable) lines.push(`| ${formatDuration(e.t)} | ${e.kind} | ${e.object} | ${eventMessage(e).replace(/\|/g, '\\|')} |`);
    lines.push('');
  }
  lines.push('Files: `result.json` (summary, expectations, series), `events.jsonl` (every decision), `report.html` (charts).', '');
  return lines.join('\n');
}

/** Writes the four files into `outDir` atomically (temp folder, then rename). Returns the paths. */
export function writeRunOutputs(r: SimulationResult, outDir: string): { dir: string; files: string[] } {
  const res = resultJson(r);
  const tmp = `${outDir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const names = ['result.json', 'events.jsonl', 'summary.md', 'report.html'];
  // streamed: the same bytes as JSON.stringify(res, null, 2) and one JSON line per event, without
  // the whole text in memory at once (runs of a million pods have hundreds of MB of it)
  writeJsonFile(join(tmp, 'result.json'), res);
  writeLinesFile(join(tmp, 'events.jsonl'), r.engine.events, (e) => JSON.stringify(e));
  writeFileSync(join(tmp, 'summary.md'), summaryMarkdown(r, res));
  writeFileSync(join(tmp, 'report.html'), renderHtmlReport(r, res));
  mkdirSync(dirname(outDir), { recursive: true });
  if (existsSync(outDir)) rmSync(outDir, { recursive: true, force: true });
  renameSync(tmp, outDir);
  return { dir: outDir, files: names.map((n) => join(outDir, n)) };
}

/** Buffered writes to a file descriptor (chunks of about 1 MiB). */
export class FileWriter {
  private readonly fd: number;
  private parts: string[] = [];
  private size = 0;

  constructor(file: string) {
    this.fd = openSync(file, 'w');
  }

  write(text: string): void {
    this.parts.push(text);
    this.size += text.length;
    if (this.size >= 1 << 20) this.flush();
  }

  flush(): void {
    if (this.parts.length === 0) return;
    writeSync(this.fd, this.parts.join(''));
    this.parts = [];
    this.size = 0;
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

/** Writes `items` one per line (each line ends with a newline). */
export function writeLinesFile<T>(file: string, items: Iterable<T>, line: (item: T) => string): void {
  const w = new FileWriter(file);
  try {
    for (const x of items) w.write(line(x) + '\n');
  } finally {
    w.close();
  }
}

/** Writes `value` as `JSON.stringify(value, null, 2) + '\n'` (the same bytes), streamed. */
export function writeJsonFile(file: string, value: unknown): void {
  const w = new FileWriter(file);
  try {
    writeJson(w, value, '');
    w.write('\n');
  } finally {
    w.close();
  }
}

/** Containers with more entries than this are written entry by entry; smaller ones in one piece. */
const STREAM_ABOVE = 256;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return (proto === Object.prototype || proto === null) && typeof (v as { toJSON?: unknown }).toJSON !== 'function';
}

/**
 * JSON.stringify(value, null, 2) at indentation `pad`, written in pieces: large plain arrays and
 * objects entry by entry (as JSON.stringify lays them out), everything else by JSON.stringify
 * itself with its lines indented. Returns false when the value has no JSON form (undefined, a
 * function: a property left out, an array element written as null).
 */
export function writeJson(w: { write(text: string): void }, value: unknown, pad: string): boolean {
  const inner = pad + '  ';
  if (Array.isArray(value) && value.length > STREAM_ABOVE) {
    w.write('[\n');
    for (let i = 0; i < value.length; i++) {
      w.write(inner);
      if (!writeJson(w, value[i], inner)) w.write('null');
      w.write(i + 1 < value.length ? ',\n' : '\n');
    }
    w.write(pad + ']');
    return true;
  }
  if (isPlainObject(value) && bigObject(value)) {
    w.write('{');
    let first = true;
    for (const k of Object.keys(value)) {
      const v = value[k];
      if (!hasJson(v)) continue;
      w.write(first ? '\n' : ',\n');
      first = false;
      w.write(`${inner}${JSON.stringify(k)}: `);
      writeJson(w, v, inner);
    }
    // every property left out: JSON.stringify writes {}
    w.write(first ? '}' : `\n${pad}}`);
    return true;
  }
  const text = JSON.stringify(value, null, 2);
  if (text === undefined) return false;
  w.write(pad === '' ? text : text.replace(/\n/g, `\n${pad}`));
  return true;
}

/** Whether JSON.stringify writes something for this property value (not undefined, a function or a symbol). */
function hasJson(v: unknown): boolean {
  return v !== undefined && typeof v !== 'function' && typeof v !== 'symbol';
}

/** Objects worth writing property by property: many properties, or a large array or object among them. */
function bigObject(o: Record<string, unknown>): boolean {
  const keys = Object.keys(o);
  if (keys.length > STREAM_ABOVE) return true;
  for (const k of keys) {
    const v = o[k];
    if (Array.isArray(v) ? v.length > STREAM_ABOVE : isPlainObject(v) && bigObject(v)) return true;
  }
  return false;
}
