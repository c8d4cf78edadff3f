/**
 * MetricsSnapshot.aligned (per-pod values index-aligned with the pod list, as the engine hands
 * them) gives the same proposals, utilizations and errors as the per-pod `resource` and `pods`
 * records: pods deleted, failed, pending, initializing, unready, never ready, without samples or
 * without requests; cpu and memory, Utilization and AverageValue targets, Pods metrics; the same
 * list called again with the same stamp (cached facts) and after a pod changed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getMetricReplicas, getRawResourceReplicas, getResourceReplicas, type ReplicaCalculatorContext } from '../../src/hpa/replica-calculator.ts';
import type { AlignedSamples, ContainerUsage, MetricsSnapshot } from '../../src/hpa/types.ts';
import type { Pod } from '../../src/model/types.ts';

const NOW = 1_000_000;
const iso = (s: number): string => new Date(s * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');

const podArb = fc.record({
  deleted: fc.constantFrom(false, false, false, false, true),
  phase: fc.constantFrom('Running', 'Running', 'Running', 'Pending', 'Failed', undefined),
  ready: fc.constantFrom('True', 'True', 'False', undefined),
  startAgo: fc.option(fc.integer({ min: 0, max: 900 }), { nil: undefined }),
  transitionAgo: fc.option(fc.integer({ min: 0, max: 900 }), { nil: undefined }),
  spec: fc.constantFrom(0, 0, 1, 2),
  cpu: fc.option(fc.oneof(fc.integer({ min: 0, max: 3000 }), fc.constant(2 ** 52)), { nil: undefined, freq: 5 }),
  custom: fc.option(fc.integer({ min: 0, max: 5000 }), { nil: undefined, freq: 5 }),
});

const SPECS: Pod['spec'][] = [
  { containers: [{ name: 'app', resources: { requests: { cpu: '250m', memory: '128Mi' } } }] },
  { containers: [{ name: 'app', resources: { requests: { cpu: '1', memory: '1Gi' } } }, { name: 'side', resources: { requests: { cpu: '100m', memory: '64Mi' } } }] },
  { containers: [{ name: 'app', resources: { requests: { memory: '64Mi' } } }] },
];

type PodCase = typeof podArb extends fc.Arbitrary<infer T> ? T : never;

function buildPods(cases: readonly PodCase[]): Pod[] {
  return cases.map((c, i) => {
    const conditions = c.ready === undefined ? [] : [{ type: 'Ready', status: c.ready, lastTransitionTime: c.transitionAgo === undefined ? undefined : iso(NOW - c.transitionAgo) }];
    return {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `p-${i}`, namespace: 'default', labels: { app: 'web' }, ...(c.deleted ? { deletionTimestamp: iso(NOW - 1) } : {}) },
      spec: SPECS[c.spec],
      status: { ...(c.phase ? { phase: c.phase } : {}), ...(c.startAgo !== undefined ? { startTime: iso(NOW - c.startAgo) } : {}), conditions } as Pod['status'],
    } as Pod;
  });
}

/** Memory milli-value the way the metrics client reads bytes. */
const MEMORY = 100 * 1024 * 1024;

function snapshots(cases: readonly PodCase[], pods: readonly Pod[], stamp: number): { plain: MetricsSnapshot; aligned: MetricsSnapshot } {
  const resourcePods = new Map<string, Record<string, ContainerUsage>>();
  const byPod: Record<string, number> = {};
  const cpu = new Float64Array(pods.length);
  const memory = new Float64Array(pods.length);
  const custom = new Float64Array(pods.length);
  let listed = 0;
  cases.forEach((c, i) => {
    const name = pods[i].metadata.name!;
    if (c.cpu === undefined) {
      cpu[i] = memory[i] = NaN;
    } else {
      listed++;
      resourcePods.set(name, { app: { cpu: c.cpu, memory: MEMORY } });
      cpu[i] = Math.ceil(c.cpu);
      memory[i] = Math.ceil(MEMORY * 1000);
    }
    if (c.custom === undefined) custom[i] = NaN;
    else custom[i] = byPod[name] = c.custom;
  });
  const plain: MetricsSnapshot = {};
  if (listed > 0) plain.resource = { timestamp: NOW - 5, windowSeconds: 15, pods: resourcePods };
  if (Object.keys(byPod).length > 0) plain.pods = { timestamp: NOW - 5, windowSeconds: 15, byMetric: { rps: byPod } };
  const aligned: AlignedSamples = {
    pods,
    stamp,
    resource: { timestamp: NOW - 5, windowSeconds: 15, listed, values: (r) => (r === 'cpu' ? cpu : r === 'memory' ? memory : undefined) },
    custom: { timestamp: NOW - 5, windowSeconds: 15, values: (m) => (m === 'rps' ? custom : undefined) },
  };
  return { plain, aligned: { ...plain, aligned } };
}

function outcome(f: () => unknown): unknown {
  try {
    return f();
  } catch (e) {
    return { error: (e as Error).message };
  }
}

describe('aligned samples', () => {
  it('give what the per-pod records give', () => {
    let stamp = 0;
    fc.assert(
      fc.property(
        fc.array(podArb, { maxLength: 12 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 10, max: 200 }),
        fc.integer({ min: 1, max: 3000 }),
        fc.constantFrom(0, 0.1),
        (cases, current, utilization, average, tol) => {
          const pods = Object.freeze(buildPods(cases));
          const ctx: ReplicaCalculatorContext = { now: NOW, pods, cpuInitializationPeriodSeconds: 300, delayOfInitialReadinessStatusSeconds: 30, podLevelResources: true };
          const tolerances = { scaleDown: tol, scaleUp: tol };
          const s = snapshots(cases, pods, ++stamp);
          for (let round = 0; round < 2; round++) {
            // the second round: same list and stamp, the cached facts
            for (const resource of ['cpu', 'memory']) {
              expect(outcome(() => getResourceReplicas(ctx, s.aligned, current, utilization, resource, tolerances, ''))).toEqual(
                outcome(() => getResourceReplicas(ctx, s.plain, current, utilization, resource, tolerances, '')),
              );
              expect(outcome(() => getRawResourceReplicas(ctx, s.aligned, current, average, resource, tolerances, ''))).toEqual(
                outcome(() => getRawResourceReplicas(ctx, s.plain, current, average, resource, tolerances, '')),
              );
            }
            expect(outcome(() => getMetricReplicas(ctx, s.aligned, current, average, 'rps', tolerances))).toEqual(
              outcome(() => getMetricReplicas(ctx, s.plain, current, average, 'rps', tolerances)),
            );
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it('a pod that changed under a new stamp is read again', () => {
    const cases: PodCase[] = [0, 1, 2, 3].map(() => ({ deleted: false, phase: 'Running', ready: 'True', startAgo: 900, transitionAgo: 800, spec: 0, cpu: 200, custom: 10 }));
    const pods = Object.freeze(buildPods(cases)) as Pod[];
    const ctx: ReplicaCalculatorContext = { now: NOW, pods, cpuInitializationPeriodSeconds: 300, delayOfInitialReadinessStatusSeconds: 30, podLevelResources: true };
    const tolerances = { scaleDown: 0.1, scaleUp: 0.1 };
    const first = snapshots(cases, pods, 1);
    const before = getResourceReplicas(ctx, first.aligned, 4, 50, 'cpu', tolerances, '');
    // one pod is deleted: a new status object and a new stamp
    pods[0].metadata = { ...pods[0].metadata, deletionTimestamp: iso(NOW) };
    const second = snapshots(cases, pods, 2);
    const after = getResourceReplicas(ctx, second.aligned, 4, 50, 'cpu', tolerances, '');
    expect(after).toEqual(getResourceReplicas(ctx, second.plain, 4, 50, 'cpu', tolerances, ''));
    expect(after).not.toEqual(before);
  });
});
