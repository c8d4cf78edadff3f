/**
 * `expect` assertions of a scenario, evaluated on the recorded change-point series (exact, not
 * sampled) and the event log. Each result says whether it held, and when and how it failed.
 */
import type { Expectation } from '../scenario/types.ts';
import type { EngineEvent } from './engine.ts';
import type { Recorder } from './recorder.ts';
import { formatDuration } from './time.ts';

/** The outcome of one expectation. */
export interface ExpectationResult {
  index: number;
  text: string;
  passed: boolean;
  /** What was observed (e.g. `max 3 at 12m`, `reached 10 at 4m30s`). */
  observed: string;
  /** For failures: the first simulated time the assertion was violated. */
  failedAt?: number;
}

/** Series name an expectation reads. */
export function expectationSeries(x: Expectation): string {
  if (!x.target) return x.metric!;
  return `${x.target.kind}/${x.target.namespace}/${x.target.name}.${x.metric}`;
}

/** Evaluates every expectation against a finished run of `duration` seconds. */
export function evaluateExpectations(list: readonly Expectation[], r: Recorder, events: readonly EngineEvent[], duration: number): ExpectationResult[] {
  return list.map((x) => (x.event !== undefined ? evaluateEvent(x, events, duration) : evaluateMetric(x, r, duration)));
}

function evaluateMetric(x: Expectation, r: Recorder, duration: number): ExpectationResult {
  const name = expectationSeries(x);
  const base = { index: x.index, text: x.text };
  if (!r.series.has(name)) return { ...base, passed: false, observed: `no data for ${name} (is the target right?)`, failedAt: 0 };
  const from = x.at ?? x.after ?? 0;
  const to = x.at ?? x.before ?? duration;
  if (x.reaches !== undefined) {
    const deadline = from + (x.within ?? 0);
    for (const p of r.window(name, from, Math.min(deadline, duration))) {
      if (p.v >= x.reaches) return { ...base, passed: true, observed: `reached ${p.v} at ${formatDuration(p.t)} (${formatDuration(p.t - from)} after ${formatDuration(from)})` };
    }
    const max = Math.max(...r.window(name, from, duration).map((p) => p.v));
    return { ...base, passed: false, observed: `did not reach ${x.reaches} by ${formatDuration(deadline)} (max ${max} over the rest of the run)`, failedAt: deadline };
  }
  const points = r.window(name, from, to);
  let lo = Infinity;
  let loAt = from;
  let hi = -Infinity;
  let hiAt = from;
  let failedAt: number | undefined;
  for (const p of points) {
    if (p.v < lo) [lo, loAt] = [p.v, p.t];
    if (p.v > hi) [hi, hiAt] = [p.v, p.t];
    if (failedAt === undefined && ((x.min !== undefined && p.v < x.min) || (x.max !== undefined && p.v > x.max))) failedAt = p.t;
  }
  const window = x.at !== undefined ? `at ${formatDuration(from)}` : `over ${formatDuration(from)}–${formatDuration(to)}`;
  const observed = lo === hi ? `${lo} ${window}` : `min ${lo} at ${formatDuration(loAt)}, max ${hi} at ${formatDuration(hiAt)} (${window})`;
  return failedAt === undefined ? { ...base, passed: true, observed } : { ...base, passed: false, observed, failedAt };
}

function evaluateEvent(x: Expectation, events: readonly EngineEvent[], duration: number): ExpectationResult {
  const from = x.at ?? x.after ?? 0;
  const to = x.at ?? x.before ?? duration;
  const target = x.target ? `${x.target.kind} ${x.target.namespace}/${x.target.name}` : undefined;
  let n = 0;
  let nthAt: number | undefined;
  for (const e of events) {
    if (e.kind !== x.event || e.t < from || e.t > to) continue;
    if (target && e.object !== target) continue;
    n++;
    if (x.max !== undefined && n === x.max + 1) nthAt = e.t;
  }
  const passed = (x.min === undefined || n >= x.min) && (x.max === undefined || n <= x.max);
  const observed = `${n} ${x.event} event(s) over ${formatDuration(from)}–${formatDuration(to)}`;
  return passed ? { index: x.index, text: x.text, passed, observed } : { index: x.index, text: x.text, passed, observed, failedAt: nthAt ?? to };
}
