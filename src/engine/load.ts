/**
 * Load models: a scenario's `load` (LoadModel) → the offered load (requests per second, or any
 * unit the workload's per-request factors use) at simulated time t. Pure functions of (model, t).
 *
 * - constant: `value` at every t.
 * - step: the value of the last step whose `at` ≤ t; 0 before the first step.
 * - ramp: `from` until `start`, linear to `to` at `end`, `to` afterwards.
 * - diurnal: a sinusoid between `min` and `max` with period `period`, at `max` at `peakAt`
 *   (and every period after or before it), at `min` half a period away.
 * - spike: `base` until `at`; rises linearly to `peak` over `rampUp`; holds `peak` for
 *   `duration`; falls linearly to `base` over `rampDown`; `base` afterwards.
 * - csv: value i covers [i·step, (i+1)·step) (a per-interval count holds for its interval),
 *   times `scale`; past the end the series repeats (`loop`) or holds its last value.
 */
import { bisectRight, min } from 'd3-array';
import type { LoadModel } from '../scenario/types.ts';

/** The load of `model` at simulated second `t` (never negative). */
export function loadAt(model: LoadModel, t: number): number {
  switch (model.type) {
    case 'constant':
      return model.value;
    case 'step': {
      const i = bisectRight(stepTimes(model), t) - 1;
      return i < 0 ? 0 : model.steps[i].value;
    }
    case 'ramp':
      return rampAt(model.from, model.to, model.start, model.end, t);
    case 'diurnal': {
      const phase = (2 * Math.PI * (t - model.peakAt)) / model.period;
      return model.min + ((model.max - model.min) * (1 + Math.cos(phase))) / 2;
    }
    case 'spike': {
      const { base, peak, at, rampUp, duration, rampDown } = model;
      if (t < at) return base;
      if (t < at + rampUp) return rampAt(base, peak, at, at + rampUp, t);
      const holdEnd = at + rampUp + duration;
      if (t < holdEnd) return peak;
      if (t < holdEnd + rampDown) return rampAt(peak, base, holdEnd, holdEnd + rampDown, t);
      return base;
    }
    case 'csv':
      return csvAt(model.values, model.step, model.scale, model.loop, t);
  }
}

/**
 * Mean load over the window (t − window, t], as a rate metric computed from two cumulative
 * readings would see it (metrics-server reports CPU as usage over its scrape interval).
 * Exact for piecewise-constant and piecewise-linear models at one-second resolution.
 */
export function meanLoad(model: LoadModel, t: number, window: number): number {
  if (window <= 0 || model.type === 'constant') return loadAt(model, t);
  // one evaluation per second (at most 600): cheap, and exact for the per-second grid the engine ticks on
  const n = Math.max(1, Math.min(600, Math.round(window)));
  const dt = window / n;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += loadAt(model, t - window + (i + 1) * dt);
  return sum / n;
}

/** Linear from `a` at `t0` to `b` at `t1`, held outside [t0, t1]. */
function rampAt(a: number, b: number, t0: number, t1: number, t: number): number {
  if (t <= t0) return a;
  if (t >= t1) return b;
  return a + ((b - a) * (t - t0)) / (t1 - t0);
}

/** The value of a CSV series at `t`: interval ⌊t/step⌋, looped or held. */
export function csvAt(values: readonly number[], step: number, scale: number, loop: boolean, t: number): number {
  const n = values.length;
  if (n === 0) return 0;
  let i = Math.floor(Math.max(0, t) / step);
  if (i >= n) i = loop ? i % n : n - 1;
  return Math.max(0, values[i] * scale);
}

const stepTimesCache = new WeakMap<object, number[]>();

/** The sorted `at` times of a step model (cached per model object). */
function stepTimes(model: Extract<LoadModel, { type: 'step' }>): number[] {
  let times = stepTimesCache.get(model);
  if (!times) stepTimesCache.set(model, (times = model.steps.map((s) => s.at)));
  return times;
}

/**
 * A standard-normal-ish draw (mean 0, variance 1) from a uniform source: the Irwin–Hall sum of
 * four uniforms, rescaled. Bounded at ±2√3, so `1 + noise·draw` stays positive for noise < 0.29.
 */
export function gaussianish(rng: () => number): number {
  return (rng() + rng() + rng() + rng() - 2) * Math.sqrt(3);
}

/**
 * Counts of timestamps per interval of `step` seconds, from `start` (seconds, same clock as the
 * timestamps) to the last timestamp: how a per-request trace becomes a request-count series.
 */
export function bucketCounts(timestamps: readonly number[], step: number, start = min(timestamps) ?? 0): number[] {
  const out: number[] = [];
  for (const ts of timestamps) {
    const i = Math.floor((ts - start) / step);
    if (i < 0) continue;
    while (out.length <= i) out.push(0);
    out[i]++;
  }
  return out;
}
