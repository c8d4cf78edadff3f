/**
 * The library API as a user sees it: the README's property test, written against the package
 * entry only. It must keep compiling and passing as written in the README.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbitraries, reconcile } from '../src/index.ts';

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
