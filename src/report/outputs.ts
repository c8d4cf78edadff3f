/**
 * The files of a run (DESIGN.md §3): result.json, events.jsonl, summary.md and report.html.
 * Written to a temporary folder and renamed into place, so a failed run never leaves a folder
 * that looks complete. Nothing wall-clock goes into them: same scenario and seed, same bytes.
 */
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { SimulationResult } from '../engine/simulation.ts';
import { formatDuration } from '../engine/time.ts';
import { renderHtmlReport } from './html.ts';

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
}

/** Headline numbers of a run. */
export interface RunSummary {
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
    podsCreated: r.engine.cluster.pods.size + (counts.Killing ?? 0),
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
  lines.push('## Events', '', '| kind | count |', '|---|---:|');
  for (const [k, n] of Object.entries(res.eventCounts)) lines.push(`| ${k} | ${n} |`);
  lines.push('');
  const notable = r.engine.events.filter((e) => !['Scheduled', 'Killing', 'FailedScheduling'].includes(e.kind)).slice(0, 40);
  if (notable.length) {
    lines.push('## Timeline (first 40 notable events)', '', '| time | event | object | detail |', '|---|---|---|---|');
    for (const e of notable) {
      const { t, kind, object, ...rest } = e;
      const detail = (rest.message as string | undefined) ?? JSON.stringify(rest);
      lines.push(`| ${formatDuration(t)} | ${kind} | ${object} | ${String(detail).replace(/\|/g, '\\|')} |`);
    }
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
  writeFileSync(join(tmp, 'result.json'), JSON.stringify(res, null, 2) + '\n');
  writeFileSync(join(tmp, 'events.jsonl'), r.engine.events.map((e) => JSON.stringify(e)).join('\n') + (r.engine.events.length ? '\n' : ''));
  writeFileSync(join(tmp, 'summary.md'), summaryMarkdown(r, res));
  writeFileSync(join(tmp, 'report.html'), renderHtmlReport(r, res));
  mkdirSync(dirname(outDir), { recursive: true });
  if (existsSync(outDir)) rmSync(outDir, { recursive: true, force: true });
  renameSync(tmp, outDir);
  return { dir: outDir, files: names.map((n) => join(outDir, n)) };
}
