/**
 * The bench's metric catalogue: one number per run, read from the recorder's change-point series
 * (exact, not sampled), the event log and the expectations of a finished scenario run.
 */
import { max, quantile } from 'd3-array';
import type { EngineEvent } from '../engine/engine.ts';
import type { ExpectationResult } from '../engine/expect.ts';
import type { Recorder, Series } from '../engine/recorder.ts';

/** What a metric reads from a finished run. */
export interface RunView {
  recorder: Recorder;
  events: readonly EngineEvent[];
  expectations: readonly ExpectationResult[];
  /** Simulated seconds of the run. */
  duration: number;
  /** Creation-to-binding wait of every scheduled pod (seconds), when known. */
  podWaits?: readonly number[];
  /** Node cost of the run (node autoscaling: price × hours), when the scenario prices its node groups. */
  cost?: number;
}

/** The q-quantile of `values` (d3-array's quantile), null when empty. */
function quantileOf(values: readonly number[] | undefined, q: number): number | null {
  if (!values || values.length === 0) return null;
  return quantile(values, q) ?? null;
}

/** One catalogue entry. */
export interface MetricDefinition {
  description: string;
  unit: string;
  /** Which direction is better, when one is (informational: shown in the docs and the JSON). */
  better?: 'lower' | 'higher';
  /** The run's value, or null when the run has no data for it. */
  compute(run: RunView): number | null;
}

/**
 * Time-weighted mean of a piecewise-constant series over [its first point, `until`]: each value
 * counts for as long as it held. Null for an empty series.
 */
export function timeWeightedMean(s: Series | undefined, until: number): number | null {
  if (!s || s.t.length === 0) return null;
  const start = s.t[0];
  if (until <= start) return s.v[0];
  let area = 0;
  for (let i = 0; i < s.t.length && s.t[i] < until; i++) {
    const end = i + 1 < s.t.length ? Math.min(s.t[i + 1], until) : until;
    area += s.v[i] * (end - s.t[i]);
  }
  return area / (until - start);
}

/** Maximum of a series (null when empty). */
export function seriesMax(s: Series | undefined): number | null {
  if (!s || s.v.length === 0) return null;
  let m = -Infinity;
  for (const v of s.v) if (v > m) m = v;
  return m;
}

/** The first time a series takes its final value (null when empty). */
export function timeToFinalValue(s: Series | undefined): number | null {
  if (!s || s.v.length === 0) return null;
  const last = s.v[s.v.length - 1];
  return s.t[s.v.indexOf(last)];
}

/** When a series last changed: from then on it held its final value (null when empty). */
export function timeOfLastChange(s: Series | undefined): number | null {
  if (!s || s.t.length === 0) return null;
  return s.t[s.t.length - 1];
}

function countEvents(events: readonly EngineEvent[], kind: string): number {
  let n = 0;
  for (const e of events) if (e.kind === kind) n++;
  return n;
}

/** Every metric a BENCH.yaml may name, in the order tables list them. */
export const METRICS = {
  maxPendingPods: {
    description: 'Largest number of pending (unbound) pods at any time',
    unit: 'pods',
    better: 'lower',
    compute: (r) => seriesMax(r.recorder.series.get('pendingPods')),
  },
  meanPendingPods: {
    description: 'Time-weighted mean number of pending pods over the run',
    unit: 'pods',
    better: 'lower',
    compute: (r) => timeWeightedMean(r.recorder.series.get('pendingPods'), r.duration),
  },
  podsScheduled: {
    description: 'Scheduled events (pods bound to a node)',
    unit: 'pods',
    compute: (r) => countEvents(r.events, 'Scheduled'),
  },
  failedSchedulingAttempts: {
    description: 'FailedScheduling events (scheduling cycles that found no node)',
    unit: 'attempts',
    better: 'lower',
    compute: (r) => countEvents(r.events, 'FailedScheduling'),
  },
  preemptions: {
    description: 'Preempted events (a pending pod preempted victims on a node)',
    unit: 'preemptions',
    better: 'lower',
    compute: (r) => countEvents(r.events, 'Preempted'),
  },
  preemptionVictims: {
    description: 'Pods evicted as preemption victims',
    unit: 'pods',
    better: 'lower',
    compute: (r) => {
      let n = 0;
      for (const e of r.events) if (e.kind === 'Preempted' && Array.isArray(e.victims)) n += e.victims.length;
      return n;
    },
  },
  meanUsedNodes: {
    description: 'Time-weighted mean number of nodes running at least one non-DaemonSet pod',
    unit: 'nodes',
    compute: (r) => timeWeightedMean(r.recorder.series.get('usedNodes'), r.duration),
  },
  maxUsedNodes: {
    description: 'Largest number of nodes running at least one non-DaemonSet pod',
    unit: 'nodes',
    compute: (r) => seriesMax(r.recorder.series.get('usedNodes')),
  },
  meanCpuRequestedPercent: {
    description: 'Time-weighted mean of the CPU requested by bound pods, in percent of the allocatable CPU',
    unit: '%',
    compute: (r) => timeWeightedMean(r.recorder.series.get('cpuRequestedPercent'), r.duration),
  },
  meanMemoryRequestedPercent: {
    description: 'Time-weighted mean of the memory requested by bound pods, in percent of the allocatable memory',
    unit: '%',
    compute: (r) => timeWeightedMean(r.recorder.series.get('memoryRequestedPercent'), r.duration),
  },
  meanReadyPods: {
    description: 'Time-weighted mean number of ready pods',
    unit: 'pods',
    better: 'higher',
    compute: (r) => timeWeightedMean(r.recorder.series.get('readyPods'), r.duration),
  },
  timeToAllReady: {
    description: 'First time the number of ready pods reaches its final value',
    unit: 's',
    better: 'lower',
    compute: (r) => timeToFinalValue(r.recorder.series.get('readyPods')),
  },
  readySettledAt: {
    description: 'Last time the number of ready pods changed (it held its final value from then on): recovery after failures and rollouts',
    unit: 's',
    better: 'lower',
    compute: (r) => timeOfLastChange(r.recorder.series.get('readyPods')),
  },
  cost: {
    description: 'Node cost of the run: every autoscaled node\'s price per hour × the hours it existed (node groups with a price)',
    unit: '$',
    better: 'lower',
    compute: (r) => (r.cost === undefined ? null : Math.round(r.cost * 10000) / 10000),
  },
  nodeHours: {
    description: 'Node-hours: the time integral of the number of nodes',
    unit: 'node-h',
    better: 'lower',
    compute: (r) => {
      const m = timeWeightedMean(r.recorder.series.get('nodes'), r.duration);
      return m === null ? null : (m * r.duration) / 3600;
    },
  },
  meanNodes: {
    description: 'Time-weighted mean number of nodes',
    unit: 'nodes',
    compute: (r) => timeWeightedMean(r.recorder.series.get('nodes'), r.duration),
  },
  podWaitP50: {
    description: 'Median time from a pod\'s creation to its binding',
    unit: 's',
    better: 'lower',
    compute: (r) => quantileOf(r.podWaits, 0.5),
  },
  podWaitP95: {
    description: '95th percentile of the time from a pod\'s creation to its binding',
    unit: 's',
    better: 'lower',
    compute: (r) => quantileOf(r.podWaits, 0.95),
  },
  podWaitMax: {
    description: 'Longest time from a pod\'s creation to its binding',
    unit: 's',
    better: 'lower',
    compute: (r) => (r.podWaits && r.podWaits.length ? (max(r.podWaits) ?? null) : null),
  },
  scaleUps: {
    description: 'Node group scale-ups the cluster-autoscaler executed',
    unit: 'scale-ups',
    // upstream emits ScaledUpGroup twice per resize ("setting group size to", then "group size set to")
    compute: (r) => r.events.filter((e) => e.kind === 'ScaledUpGroup' && String(e.message ?? '').includes('size set to')).length,
  },
  nodesRemoved: {
    description: 'Nodes the cluster-autoscaler removed (empty or drained)',
    unit: 'nodes',
    compute: (r) => r.events.filter((e) => (e.kind === 'ScaleDown' || e.kind === 'ScaleDownEmpty') && / removed/.test(String(e.message ?? ''))).length,
  },
  expectationsPassed: {
    description: "Number of the scenario's `expect` assertions that held",
    unit: 'assertions',
    better: 'higher',
    compute: (r) => r.expectations.filter((x) => x.passed).length,
  },
} satisfies Record<string, MetricDefinition>;

/** A metric name of the catalogue. */
export type MetricName = keyof typeof METRICS;

/** Every metric name, in catalogue order. */
export const METRIC_NAMES = Object.keys(METRICS) as MetricName[];

/** Metrics a bench reports when its file names none. */
export const DEFAULT_METRICS: readonly MetricName[] = ['maxPendingPods', 'meanPendingPods', 'failedSchedulingAttempts', 'preemptions', 'meanUsedNodes', 'maxUsedNodes', 'timeToAllReady'];

/** The values of `names` for one finished run, in the same order. */
export function computeMetrics(run: RunView, names: readonly MetricName[]): (number | null)[] {
  return names.map((n) => {
    const v = (METRICS[n] as MetricDefinition).compute(run);
    return v === null || Number.isFinite(v) ? v : null;
  });
}
