/**
 * The library API as a user sees it: the README's property test, written against the package
 * entry only. It must keep compiling and passing as written in the README.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbitraries, reconcile, simulateWorkload, type Deployment, type HorizontalPodAutoscaler } from '../src/index.ts';

describe('README: a user property test through the library API', () => {
  it('my HPA never leaves [minReplicas, maxReplicas] whatever the CPU usage', () => {
    const now = 1_800_000_000;
    fc.assert(
      fc.property(arbitraries.hpaSpec(), fc.array(fc.integer({ min: 0, max: 2000 }), { minLength: 1, maxLength: 20 }), (hpa, usage) => {
        const { pods, metrics } = arbitraries.cpuWorkload(usage.map(() => arbitraries.READY_POD), usage, now, 500);
        const current = Math.min(Math.max(pods.length, hpa.spec.minReplicas ?? 1), hpa.spec.maxReplicas);
        const r = reconcile({ now, hpa, scale: { specReplicas: current, statusReplicas: current, selector: 'app=web' }, pods, metrics, state: {} });
        const next = r.scaleUpdated ? r.desiredReplicas : current;
        expect(next).toBeGreaterThanOrEqual(hpa.spec.minReplicas ?? 1);
        expect(next).toBeLessThanOrEqual(hpa.spec.maxReplicas);
      }),
    );
  });
});

describe('simulateWorkload: one Deployment and its HPA over a load curve, through the engine', () => {
  const deployment: Deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'web:v1', resources: { requests: { cpu: '500m' } } }] } },
    },
  };
  const hpa: HorizontalPodAutoscaler = {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'web' },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
      minReplicas: 2,
      maxReplicas: 20,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }],
    },
  };

  it('a load that needs 8 pods at 50% of 500m scales to 8 and stays there', async () => {
    // 2000 millicores of demand / (250m per pod at the 50% target) = 8 replicas
    const r = await simulateWorkload({ deployment, hpa, load: { type: 'constant', value: 1000 }, cpuPerRequest: 2, duration: 1800 });
    expect(r.peakReplicas).toBe(8);
    expect(r.desiredReplicas.v.at(-1)).toBe(8);
    expect(r.readyReplicas.v.at(-1)).toBe(8);
    expect(r.events.some((e) => e.kind === 'SuccessfulRescale')).toBe(true);
  });

  it('more load never gives a lower peak (a monotonicity property over the whole engine)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 100, max: 1500 }), fc.integer({ min: 0, max: 1500 }), async (a, extra) => {
        const lo = await simulateWorkload({ deployment, hpa, load: { type: 'constant', value: a }, cpuPerRequest: 1, duration: 900 });
        const hi = await simulateWorkload({ deployment, hpa, load: { type: 'constant', value: a + extra }, cpuPerRequest: 1, duration: 900 });
        expect(hi.peakReplicas).toBeGreaterThanOrEqual(lo.peakReplicas);
      }),
      { numRuns: 8, seed: 42 },
    );
  });
});
