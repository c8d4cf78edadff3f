/**
 * Property of a Deployment RollingUpdate run through the whole engine (controllers, scheduler,
 * kubelet model): starting from a fully available Deployment on a cluster with room and no node
 * failures, at every executed tick
 *   available pods (ready for minReadySeconds, not terminating) ≥ replicas − maxUnavailable, and
 *   pods of the Deployment that are not terminating ≤ replicas + maxSurge,
 * and the rollout completes. maxSurge / maxUnavailable are resolved here independently of the
 * controller code, as deployment_util.go ResolveFenceposts does: surge rounds up, unavailable
 * rounds down, 0/0 becomes unavailable 1, and unavailable is clamped to replicas.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildSimulation } from '../../src/engine/simulation.ts';
import type { IntOrString } from '../../src/model/types.ts';
import { deployment, deploymentPods, imageOf, rolling, rolloutAt, scenario, terminating } from './rollout-helpers.ts';

/** IntOrString against `total`, rounded up or down. */
function scaled(v: IntOrString, total: number, roundUp: boolean): number {
  if (typeof v === 'number') return v;
  const raw = (Number(v.slice(0, -1)) * total) / 100;
  return roundUp ? Math.ceil(raw) : Math.floor(raw);
}

/** [maxSurge, maxUnavailable] as the Deployment controller resolves them. */
function fenceposts(replicas: number, surge: IntOrString, unavailable: IntOrString): [number, number] {
  const s = scaled(surge, replicas, true);
  let u = scaled(unavailable, replicas, false);
  if (s === 0 && u === 0) u = 1;
  return [s, Math.min(u, replicas)];
}

const intOrPercent = fc.oneof(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 100 }).map((p) => `${p}%`));

const ROLLOUT = 60;

describe('RollingUpdate property in the engine', () => {
  it('availability ≥ replicas − maxUnavailable and pods ≤ replicas + maxSurge at every tick; the rollout completes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          replicas: fc.integer({ min: 1, max: 20 }),
          surge: intOrPercent,
          unavailable: intOrPercent,
          ready: fc.integer({ min: 0, max: 20 }),
          minReadySeconds: fc.integer({ min: 0, max: 15 }),
          shutdown: fc.integer({ min: 0, max: 5 }),
          seed: fc.integer({ min: 1, max: 1000 }),
        }),
        async ({ replicas, surge, unavailable, ready, minReadySeconds, shutdown, seed }) => {
          // "not both 0": API validation rejects maxSurge 0 with maxUnavailable 0 (values, not their rounding)
          const zero = (v: IntOrString) => v === 0 || v === '0%';
          fc.pre(!(zero(surge) && zero(unavailable)));
          const d = deployment('web', replicas, rolling(surge, unavailable), minReadySeconds);
          const [maxSurge, maxUnavailable] = fenceposts(replicas, surge, unavailable);
          const sim = await buildSimulation(scenario([d], { startup: { ready, shutdown }, events: [rolloutAt(d, ROLLOUT)], seed }));
          const e = sim.engine;
          const violations: string[] = [];
          let availableAtStart = -1;
          e.onTick('record', () => {
            let total = 0;
            let available = 0;
            for (const { pod } of deploymentPods(e, d)) {
              if (terminating(pod)) continue;
              total++;
              if (e.isAvailable(pod, minReadySeconds)) available++;
            }
            if (e.now < ROLLOUT) {
              availableAtStart = available;
              return;
            }
            if (available < replicas - maxUnavailable) violations.push(`t=${e.now}: available ${available} < ${replicas} − ${maxUnavailable}`);
            if (total > replicas + maxSurge) violations.push(`t=${e.now}: ${total} pods > ${replicas} + ${maxSurge}`);
          });
          e.run(ROLLOUT + 4000);
          // the rollout started from a fully available Deployment
          expect(availableAtStart).toBe(replicas);
          expect(violations).toEqual([]);
          const pods = deploymentPods(e, d).filter(({ pod }) => !terminating(pod));
          expect(pods).toHaveLength(replicas);
          expect(pods.every(({ pod }) => imageOf(pod) === 'web:v2' && e.isAvailable(pod, minReadySeconds))).toBe(true);
          const status = e.cluster.workloads.Deployment.get('default/web')!.status as Record<string, number>;
          expect(status).toMatchObject({ replicas, updatedReplicas: replicas, availableReplicas: replicas });
        },
      ),
      { numRuns: 60, seed: 4242 },
    );
  }, 30_000);
});
