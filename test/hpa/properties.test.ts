/**
 * fast-check properties of the HPA controller, each an invariant of upstream's
 * horizontal.go / replica_calculator.go (hpa-spec.md §13), exercised through `reconcile`
 * with the library's own arbitraries.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { arbitraries as A, reconcile, type HPAState, type ReconcileResult } from '../../src/hpa/index.ts';
import type { HorizontalPodAutoscaler } from '../../src/model/types.ts';

const NOW = 1_700_000_000;
const REQ = 500; // cpu request per pod (millicores)
const RUNS = { numRuns: 150 };

/** Replicas the target ends with after a reconcile. */
const finalReplicas = (r: ReconcileResult, current: number) => (r.scaleUpdated ? r.desiredReplicas : current);

function run(hpa: HorizontalPodAutoscaler, current: number, usages: number[], state: HPAState, now = NOW, states?: A.PodState[]) {
  const ps = states ?? usages.map(() => A.READY_POD);
  const { pods, metrics } = A.cpuWorkload(ps, usages, now, REQ);
  return reconcile({ now, hpa, scale: { specReplicas: current, statusReplicas: pods.length, selector: 'app=web' }, pods, metrics, state });
}

/** HPA, current replicas within [min, max], and one usage per pod. */
const scenario = (behavior: 'always' | 'never' | 'sometimes' = 'sometimes') =>
  A.hpaSpec({ maxReplicasUpTo: 30, behavior }).chain((hpa) =>
    fc.integer({ min: hpa.spec.minReplicas!, max: hpa.spec.maxReplicas }).chain((current) =>
      fc.record({
        hpa: fc.constant(hpa),
        current: fc.constant(current),
        usages: fc.array(fc.integer({ min: 0, max: 3 * REQ }), { minLength: current, maxLength: current }),
        state: A.hpaState(NOW, 40),
      }),
    ),
  );

describe('HPA properties', () => {
  it('the result stays within [minReplicas, maxReplicas] when current is within them (any pods, metrics, history, behavior)', () => {
    fc.assert(
      fc.property(
        scenario(),
        fc.array(A.podState(), { maxLength: 30 }),
        ({ hpa, current, usages, state }, extraStates) => {
          const states = [...usages.map(() => A.READY_POD), ...extraStates];
          const all = [...usages, ...extraStates.map(() => REQ)];
          const r = run(hpa, current, all, state, NOW, states);
          const f = finalReplicas(r, current);
          expect(f).toBeGreaterThanOrEqual(hpa.spec.minReplicas!);
          expect(f).toBeLessThanOrEqual(hpa.spec.maxReplicas);
        },
      ),
      RUNS,
    );
  });

  it('a metric inside the tolerance band never causes a change (behavior: any history; legacy: history ≤ current)', () => {
    fc.assert(
      fc.property(scenario(), fc.double({ min: 0.9, max: 1.1, noNaN: true }), ({ hpa, current, state }, ratio) => {
        const target = hpa.spec.metrics![0].resource!.target.averageUtilization!;
        const u = Math.min(Math.floor(1.1 * target), Math.max(Math.ceil(0.9 * target), Math.round(ratio * target)));
        fc.pre(u / target >= 0.9 && u / target <= 1.1);
        // every pod at exactly u % of its request → utilization u
        const usages = Array<number>(current).fill((REQ * u) / 100);
        fc.pre(usages.every((x) => Number.isInteger(x)));
        const s: HPAState = hpa.spec.behavior
          ? state
          : { ...state, ...(state.recommendations ? { recommendations: state.recommendations.map((x) => ({ ...x, recommendation: Math.min(x.recommendation, current) })) } : {}) };
        const r = run(hpa, current, usages, s);
        expect(r.scaleUpdated).toBe(false);
        expect(finalReplicas(r, current)).toBe(current);
      }),
      RUNS,
    );
  });

  it('no scale-down while a recommendation ≥ current is inside the stabilization window', () => {
    fc.assert(
      fc.property(scenario(), ({ hpa, current, usages, state }) => {
        const recs = state.recommendations;
        fc.pre(recs !== undefined);
        const downRules = hpa.spec.behavior?.scaleDown;
        const window = hpa.spec.behavior ? (downRules?.stabilizationWindowSeconds ?? 300) : 300;
        // behavior path: strictly inside (t > now − w); legacy path: not before (t ≥ now − w)
        const inside = recs!.some((x) => x.recommendation >= current && (hpa.spec.behavior ? x.timestamp > NOW - window : x.timestamp >= NOW - window));
        fc.pre(inside);
        const r = run(hpa, current, usages, state);
        expect(finalReplicas(r, current)).toBeGreaterThanOrEqual(current);
      }),
      RUNS,
    );
  });

  it('over a run, the change inside any policy period never exceeds what the selected policy allows (single Pods policy)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 15, max: 600 }),
        fc.constantFrom('up' as const, 'down' as const),
        A.loadCurve({ minSteps: 5, maxSteps: 40, min: 0, max: 60 * REQ }),
        (value, period, direction, load) => {
          const rules = { policies: [{ type: 'Pods' as const, value, periodSeconds: period }], stabilizationWindowSeconds: 0 };
          const hpa: HorizontalPodAutoscaler = {
            apiVersion: 'autoscaling/v2',
            kind: 'HorizontalPodAutoscaler',
            metadata: { name: 'web', namespace: 'default' },
            spec: {
              scaleTargetRef: { kind: 'Deployment', name: 'web' },
              minReplicas: 1,
              maxReplicas: 60,
              metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }],
              // the other direction is Disabled so the budget is not refilled by opposite moves
              behavior: direction === 'up' ? { scaleUp: rules, scaleDown: { selectPolicy: 'Disabled' } } : { scaleDown: rules, scaleUp: { selectPolicy: 'Disabled' } },
            },
          };
          let current = direction === 'up' ? 1 : 60;
          let state: HPAState = {};
          const changes: { t: number; delta: number }[] = [];
          load.forEach((l, k) => {
            const now = NOW + 15 * k;
            const r = run(hpa, current, Array(current).fill(l / current), state, now);
            state = r.state;
            const next = finalReplicas(r, current);
            if (next !== current) changes.push({ t: now, delta: Math.abs(next - current) });
            current = next;
            const inWindow = changes.filter((c) => c.t > now - period).reduce((a, c) => a + c.delta, 0);
            expect(inWindow).toBeLessThanOrEqual(value);
          });
        },
      ),
      { numRuns: 80 },
    );
  });

  it('over a run with several policies (Max/Min), each step stays within the selected policy, computed from the observed changes', () => {
    fc.assert(
      fc.property(
        fc.array(A.scalingPolicy(), { minLength: 1, maxLength: 3 }),
        fc.array(A.scalingPolicy(), { minLength: 1, maxLength: 3 }),
        fc.constantFrom('Max' as const, 'Min' as const),
        fc.constantFrom('Max' as const, 'Min' as const),
        A.loadCurve({ minSteps: 5, maxSteps: 30, min: 0, max: 40 * REQ }),
        (upPolicies, downPolicies, upSelect, downSelect, load) => {
          const hpa: HorizontalPodAutoscaler = {
            apiVersion: 'autoscaling/v2',
            kind: 'HorizontalPodAutoscaler',
            metadata: { name: 'web', namespace: 'default' },
            spec: {
              scaleTargetRef: { kind: 'Deployment', name: 'web' },
              minReplicas: 1,
              maxReplicas: 40,
              metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }],
              behavior: {
                scaleUp: { policies: upPolicies, selectPolicy: upSelect, stabilizationWindowSeconds: 0 },
                scaleDown: { policies: downPolicies, selectPolicy: downSelect, stabilizationWindowSeconds: 0 },
              },
            },
          };
          let current = 5;
          let state: HPAState = {};
          const changes: { t: number; delta: number }[] = [];
          load.forEach((l, k) => {
            const now = NOW + 15 * k;
            const periodStart = (p: number) => current - changes.filter((c) => c.t > now - p).reduce((a, c) => a + c.delta, 0);
            const upAllowed = upPolicies.map((p) => (p.type === 'Pods' ? periodStart(p.periodSeconds) + p.value : Math.ceil(periodStart(p.periodSeconds) * (1 + p.value / 100))));
            const downAllowed = downPolicies.map((p) => (p.type === 'Pods' ? periodStart(p.periodSeconds) - p.value : Math.trunc(periodStart(p.periodSeconds) * (1 - p.value / 100))));
            const upLimit = upSelect === 'Max' ? Math.max(...upAllowed) : Math.min(...upAllowed);
            const downLimit = downSelect === 'Max' ? Math.min(...downAllowed) : Math.max(...downAllowed);
            const r = run(hpa, current, Array(current).fill(l / current), state, now);
            state = r.state;
            const next = finalReplicas(r, current);
            if (next > current) expect(next).toBeLessThanOrEqual(Math.max(current, upLimit));
            if (next < current) expect(next).toBeGreaterThanOrEqual(Math.min(current, Math.max(1, downLimit)));
            if (next !== current) changes.push({ t: now, delta: next - current });
            current = next;
          });
        },
      ),
      { numRuns: 80 },
    );
  });

  it('a Disabled direction never moves that way', () => {
    fc.assert(
      fc.property(scenario('always'), fc.constantFrom('scaleUp' as const, 'scaleDown' as const), ({ hpa, current, usages, state }, dir) => {
        const h: HorizontalPodAutoscaler = { ...hpa, spec: { ...hpa.spec, behavior: { ...hpa.spec.behavior, [dir]: { ...(hpa.spec.behavior?.[dir] ?? {}), selectPolicy: 'Disabled' } } } };
        const f = finalReplicas(run(h, current, usages, state), current);
        if (dir === 'scaleUp') expect(f).toBeLessThanOrEqual(current);
        else expect(f).toBeGreaterThanOrEqual(current);
      }),
      RUNS,
    );
  });

  it('single Utilization metric, all pods ready: more usage never gives fewer replicas', () => {
    fc.assert(
      fc.property(
        scenario(),
        fc.array(fc.integer({ min: 0, max: 2 * REQ }), { minLength: 30, maxLength: 30 }),
        ({ hpa, current, usages, state }, extra) => {
          const more = usages.map((u, i) => u + extra[i]);
          const a = finalReplicas(run(hpa, current, usages, state), current);
          const b = finalReplicas(run(hpa, current, more, state), current);
          expect(b).toBeGreaterThanOrEqual(a);
        },
      ),
      RUNS,
    );
  });

  it('reconcile is pure: inputs are not mutated and the same input gives the same result', () => {
    fc.assert(
      fc.property(scenario(), ({ hpa, current, usages, state }) => {
        const snapshot = JSON.stringify({ hpa, state });
        const r1 = run(hpa, current, usages, state);
        const r2 = run(hpa, current, usages, state);
        expect(JSON.stringify({ hpa, state })).toBe(snapshot);
        expect(r2).toEqual(r1);
        // state is plain, serializable data
        expect(JSON.parse(JSON.stringify(r1.state))).toEqual(r1.state);
      }),
      { numRuns: 60 },
    );
  });
});
