/**
 * fast-check arbitraries for property tests of HPA settings: HPA specs (with or without
 * behavior), scaling rules, load curves, pod states, recommendation/event histories, and a
 * builder that turns a load into the pods and metrics a reconcile sees.
 */
import fc from 'fast-check';
import type { HPAScalingPolicy, HPAScalingRules, HorizontalPodAutoscaler, MetricSpec, Pod } from '../model/types.ts';
import type { HPAState, MetricsSnapshot, TimestampedRecommendation, TimestampedScaleEvent } from './types.ts';
import { formatTime } from './util.ts';

/** Options of {@link hpaSpec}. */
export interface HpaSpecConstraints {
  /** Smallest minReplicas (default 1). */
  minReplicasFrom?: number;
  /** Largest maxReplicas (default 50). */
  maxReplicasUpTo?: number;
  /** Whether `spec.behavior` is always, never or sometimes set (default sometimes). */
  behavior?: 'always' | 'never' | 'sometimes';
  /** Target utilization range in percent (default 10–150). */
  targetUtilization?: { min: number; max: number };
}

/** One scaling policy: Pods or Percent with value 1–1000 (Pods ≤ 100) over 1–1800 s. */
export function scalingPolicy(): fc.Arbitrary<HPAScalingPolicy> {
  return fc.oneof(
    fc.record({ type: fc.constant('Pods' as const), value: fc.integer({ min: 1, max: 100 }), periodSeconds: fc.integer({ min: 1, max: 1800 }) }),
    fc.record({ type: fc.constant('Percent' as const), value: fc.integer({ min: 1, max: 1000 }), periodSeconds: fc.integer({ min: 1, max: 1800 }) }),
  );
}

/** HPAScalingRules as a user writes them: every field optional (API validation bounds respected). */
export function scalingRules(): fc.Arbitrary<HPAScalingRules> {
  return fc.record(
    {
      stabilizationWindowSeconds: fc.integer({ min: 0, max: 3600 }),
      selectPolicy: fc.constantFrom('Max' as const, 'Min' as const, 'Disabled' as const),
      policies: fc.array(scalingPolicy(), { minLength: 1, maxLength: 3 }),
    },
    { requiredKeys: [] },
  );
}

/** `spec.behavior` with either direction possibly unset. */
export function behavior(): fc.Arbitrary<NonNullable<HorizontalPodAutoscaler['spec']['behavior']>> {
  return fc.record({ scaleUp: scalingRules(), scaleDown: scalingRules() }, { requiredKeys: [] });
}

/** An autoscaling/v2 HPA on Deployment/web with one CPU Utilization metric, min ≤ max. */
export function hpaSpec(c: HpaSpecConstraints = {}): fc.Arbitrary<HorizontalPodAutoscaler> {
  const minFrom = c.minReplicasFrom ?? 1;
  const maxTo = Math.max(minFrom, c.maxReplicasUpTo ?? 50);
  const t = c.targetUtilization ?? { min: 10, max: 150 };
  const beh =
    c.behavior === 'always' ? behavior().map((b) => b as typeof b | undefined) : c.behavior === 'never' ? fc.constant(undefined) : fc.option(behavior(), { nil: undefined });
  return fc
    .record({
      min: fc.integer({ min: minFrom, max: maxTo }),
      span: fc.integer({ min: 0, max: maxTo - minFrom }),
      target: fc.integer({ min: t.min, max: t.max }),
      behavior: beh,
    })
    .map(({ min, span, target, behavior: b }) => {
      const metrics: MetricSpec[] = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: target } } }];
      return {
        apiVersion: 'autoscaling/v2',
        kind: 'HorizontalPodAutoscaler',
        metadata: { name: 'web', namespace: 'default' },
        spec: {
          scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
          minReplicas: min,
          maxReplicas: Math.min(maxTo, min + span),
          metrics,
          ...(b ? { behavior: b } : {}),
        },
      } satisfies HorizontalPodAutoscaler;
    });
}

/** Options of {@link loadCurve}. */
export interface LoadCurveConstraints {
  /** Number of steps (default 5–40). */
  minSteps?: number;
  maxSteps?: number;
  /** Load range (default 0–10000, e.g. millicores or requests/s). */
  min?: number;
  max?: number;
}

/**
 * A load curve: per-step load values shaped as constant, step, ramp, spike or random walk.
 */
export function loadCurve(c: LoadCurveConstraints = {}): fc.Arbitrary<number[]> {
  const lo = c.min ?? 0;
  const hi = Math.max(lo, c.max ?? 10000);
  const steps = fc.integer({ min: c.minSteps ?? 5, max: Math.max(c.minSteps ?? 5, c.maxSteps ?? 40) });
  const level = fc.integer({ min: lo, max: hi });
  const clamp = (v: number) => Math.min(hi, Math.max(lo, Math.round(v)));
  return fc.oneof(
    fc.tuple(steps, level).map(([n, v]) => Array<number>(n).fill(v)),
    fc.tuple(steps, level, level, fc.double({ min: 0, max: 1, noNaN: true })).map(([n, a, b, at]) => Array.from({ length: n }, (_, i) => (i < Math.floor(at * n) ? a : b))),
    fc.tuple(steps, level, level).map(([n, a, b]) => Array.from({ length: n }, (_, i) => clamp(a + ((b - a) * i) / Math.max(1, n - 1)))),
    fc.tuple(steps, level, level, fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 5 })).map(([n, base, peak, at, width]) =>
      Array.from({ length: n }, (_, i) => {
        const s = Math.floor(at * n);
        return i >= s && i < s + width ? peak : base;
      }),
    ),
    fc.tuple(level, fc.array(fc.integer({ min: -Math.ceil((hi - lo) / 5), max: Math.ceil((hi - lo) / 5) }), { minLength: c.minSteps ?? 5, maxLength: Math.max(c.minSteps ?? 5, c.maxSteps ?? 40) })).map(
      ([start, deltas]) => {
        let v = start;
        return deltas.map((d) => (v = clamp(v + d)));
      },
    ),
  );
}

/** The lifecycle state of one pod relative to `now` (seconds ago). */
export interface PodState {
  phase: 'Pending' | 'Running' | 'Succeeded' | 'Failed';
  ready: boolean;
  /** Seconds since status.startTime (absent for Pending pods). */
  startedAgo: number;
  /** Seconds since the Ready condition last changed. */
  readyChangedAgo: number;
  deleting: boolean;
  /** Whether the metrics API has a sample for it. */
  hasMetrics: boolean;
}

/** Any pod state, including pending, failed, deleting, unready, young and sample-less pods. */
export function podState(): fc.Arbitrary<PodState> {
  return fc
    .record({
      phase: fc.constantFrom('Pending' as const, 'Running' as const, 'Running' as const, 'Running' as const, 'Succeeded' as const, 'Failed' as const),
      ready: fc.boolean(),
      startedAgo: fc.integer({ min: 0, max: 3600 }),
      readyChangedFrac: fc.double({ min: 0, max: 1, noNaN: true }),
      deleting: fc.constantFrom(false, false, false, true),
      hasMetrics: fc.boolean(),
    })
    .map(({ readyChangedFrac, ...s }) => ({ ...s, readyChangedAgo: Math.floor(s.startedAgo * readyChangedFrac) }));
}

/** A pod that has been Running and Ready for an hour, with a sample. */
export const READY_POD: PodState = { phase: 'Running', ready: true, startedAgo: 3600, readyChangedAgo: 3600, deleting: false, hasMetrics: true };

/** Builds a v1 Pod named `name` (labels app=web, namespace default) in `state`, with one container requesting `cpuRequestMilli`. */
export function makePod(name: string, state: PodState, now: number, cpuRequestMilli: number): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', labels: { app: 'web' }, ...(state.deleting ? { deletionTimestamp: formatTime(now) } : {}) },
    spec: { containers: [{ name: 'app', resources: { requests: { cpu: `${cpuRequestMilli}m` } } }] },
    status: {
      phase: state.phase,
      ...(state.phase !== 'Pending' ? { startTime: formatTime(now - state.startedAgo) } : {}),
      conditions: [{ type: 'Ready', status: state.ready ? 'True' : 'False', lastTransitionTime: formatTime(now - state.readyChangedAgo) }],
    },
  };
}

/** Pods plus the resource metrics snapshot for per-pod CPU usages (millicores). */
export function cpuWorkload(
  states: readonly PodState[],
  usagesMilli: readonly number[],
  now: number,
  cpuRequestMilli: number,
): { pods: Pod[]; metrics: MetricsSnapshot } {
  const pods = states.map((s, i) => makePod(`web-${i}`, s, now, cpuRequestMilli));
  const samples: Record<string, Record<string, Record<string, number>>> = {};
  states.forEach((s, i) => {
    if (s.hasMetrics) samples[`web-${i}`] = { app: { cpu: Math.max(0, Math.round(usagesMilli[i] ?? 0)) } };
  });
  return { pods, metrics: { resource: { timestamp: now, windowSeconds: 30, pods: samples } } };
}

/** Recommendations made within the last `horizonSeconds` before `now`, values 0–maxValue. */
export function recommendationHistory(now: number, maxValue: number, horizonSeconds = 900): fc.Arbitrary<TimestampedRecommendation[]> {
  return fc.array(
    fc.record({ recommendation: fc.integer({ min: 0, max: maxValue }), ago: fc.integer({ min: 0, max: horizonSeconds }) }).map(({ recommendation, ago }) => ({ recommendation, timestamp: now - ago })),
    { maxLength: 12 },
  );
}

/** Scale events within the last `horizonSeconds`, changes 1–maxChange. */
export function scaleEventHistory(now: number, maxChange: number, horizonSeconds = 1800): fc.Arbitrary<TimestampedScaleEvent[]> {
  return fc.array(
    fc.record({ replicaChange: fc.integer({ min: 1, max: maxChange }), ago: fc.integer({ min: 1, max: horizonSeconds }), outdated: fc.boolean() }).map(({ replicaChange, ago, outdated }) => ({
      replicaChange,
      timestamp: now - ago,
      outdated,
    })),
    { maxLength: 8 },
  );
}

/** A previous controller state: never seen (`{}`), or a history of recommendations and events. */
export function hpaState(now: number, maxValue: number): fc.Arbitrary<HPAState> {
  return fc.oneof(
    fc.constant({} as HPAState),
    fc.record({
      recommendations: recommendationHistory(now, maxValue),
      scaleUpEvents: scaleEventHistory(now, Math.max(1, maxValue)),
      scaleDownEvents: scaleEventHistory(now, Math.max(1, maxValue)),
    }),
  );
}
