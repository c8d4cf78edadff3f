/**
 * The HPA inside the engine: metrics pipeline lag, convergence under constant load, a spike's
 * scale-up and the scale-down stabilization window (legacy inclusive vs behavior strict
 * boundaries), queue-backlog External metrics, events and determinism.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildSimulation, runScenario } from '../../src/engine/simulation.ts';
import type { EngineEvent } from '../../src/engine/engine.ts';
import { loadScenario } from '../../src/scenario/load.ts';
import type { Scenario } from '../../src/scenario/types.ts';

interface Setup {
  replicas?: number;
  /** HPA spec fields (YAML flow text), after scaleTargetRef. */
  hpa: string;
  /** The workload entry's fields (YAML flow text), after target. */
  workload: string;
  controllers?: string;
  duration?: string;
  seed?: number;
}

function scenario(s: Setup): Scenario {
  const dir = mkdtempSync(join(tmpdir(), 'kubesim-hpa-'));
  writeFileSync(
    join(dir, 'm.yaml'),
    `apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  replicas: ${s.replicas ?? 1}
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
        - name: web
          image: web:1
          resources: { requests: { cpu: 200m } }
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: { name: web }
spec:
  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: web }
  ${s.hpa}
`,
  );
  writeFileSync(
    join(dir, 's.yaml'),
    `apiVersion: kubesim.io/v1alpha1
kind: Scenario
metadata: { name: hpa-test }
seed: ${s.seed ?? 1}
duration: ${s.duration ?? '30m'}
cluster:
  nodes:
    - count: 10
      template: { status: { allocatable: { cpu: "8", memory: 32Gi, pods: "110" } } }
  manifests: [ ./m.yaml ]
workloads:
  - target: Deployment/web
    startup: { pull: 5s, ready: 5s }
    ${s.workload}
${s.controllers ? `controllers:\n  hpa: ${s.controllers}\n` : ''}`,
  );
  return loadScenario(join(dir, 's.yaml'));
}

interface SyncView {
  t: number;
  desired: number;
  current: number;
  utilization?: number;
  external?: string;
}

/** Runs the scenario and keeps the HPA's status after every executed tick on the sync grid. */
async function run(s: Scenario): Promise<{ views: SyncView[]; events: EngineEvent[] }> {
  const sim = await buildSimulation(s);
  const views: SyncView[] = [];
  sim.engine.onTick('record', (e) => {
    if (e.now % 15 !== 0) return;
    const st = e.cluster.hpas.get('default/web')?.status as
      | { desiredReplicas: number; currentReplicas: number; currentMetrics?: { resource?: { current: { averageUtilization?: number } }; external?: { current: { value?: string; averageValue?: string } } }[] }
      | undefined;
    if (!st) return;
    const m = st.currentMetrics?.[0];
    views.push({
      t: e.now,
      desired: st.desiredReplicas,
      current: st.currentReplicas,
      utilization: m?.resource?.current.averageUtilization,
      external: m?.external?.current.value ?? m?.external?.current.averageValue,
    });
  });
  sim.engine.run(s.duration);
  return { views, events: sim.engine.events };
}

const rescales = (events: EngineEvent[]): EngineEvent[] => events.filter((e) => e.kind === 'SuccessfulRescale');

describe('metrics pipeline in the engine', () => {
  it('the HPA sees the sample of the last resolution boundary, averaged over its window', async () => {
    // 2 pods fixed (min = max = 2); 1m CPU per request, 200m requests; load 20 → 100 at t = 130
    const s = scenario({
      replicas: 2,
      hpa: 'minReplicas: 2\n  maxReplicas: 2\n  metrics: [{ type: Resource, resource: { name: cpu, target: { type: Utilization, averageUtilization: 50 } } }]',
      workload: 'load: { type: step, steps: [{ at: 0s, value: 20 }, { at: 130s, value: 100 }] }\n    cpuPerRequest: 1m',
      controllers: '{ metricResolution: 60s, cpuInitializationPeriod: 1s }',
      duration: '5m',
    });
    const { views } = await run(s);
    const at = (t: number): number | undefined => views.find((v) => v.t === t)?.utilization;
    // pods start at 5 s: the scrape at 60 is their first point, a CPU rate needs a second one
    for (const t of [0, 15, 60, 105]) expect(at(t), `t=${t}`).toBeUndefined();
    // sample at 120: 20 req/s × 1m / 2 pods = 10m of 200m = 5 %, seen by every sync until the next scrape
    for (const t of [120, 135, 150, 165]) expect(at(t), `t=${t}`).toBe(5);
    // sample at 180 averages (120, 180]: 9 s at 20, 51 s at 100 → 88 req/s → 44m per pod = 22 %
    for (const t of [180, 195, 210, 225]) expect(at(t), `t=${t}`).toBe(22);
    // sample at 240: 100 req/s → 50m → 25 %
    expect(at(240)).toBe(25);
  });

  it('a queue backlog (External, servicePerPod) grows by arrivals − service per ready pod', async () => {
    const s = scenario({
      replicas: 1,
      hpa: "minReplicas: 1\n  maxReplicas: 1\n  metrics: [{ type: External, external: { metric: { name: queue }, target: { type: Value, value: '100' } } }]",
      workload: 'load: { type: constant, value: 10 }\n    externalMetrics: { queue: { perRequest: 1, servicePerPod: 3 } }',
      duration: '2m',
    });
    const { views } = await run(s);
    const at = (t: number): string | undefined => views.find((v) => v.t === t)?.external;
    // the pod is ready from t = 10 (pull 5 s + ready 5 s): 1 ready pod at each scrape from 15 on;
    // until then nothing drains: 15 s × 10 arrivals, then +7/s
    expect(at(15)).toBe(String(15 * 10 - 15 * 3));
    expect(at(30)).toBe(String(15 * 7 * 2));
    expect(at(60)).toBe(String(15 * 7 * 4));
  });
});

describe('HPA controller in the engine', () => {
  const cpuHpa = (max: number, extra = ''): string =>
    `minReplicas: 1\n  maxReplicas: ${max}\n  metrics: [{ type: Resource, resource: { name: cpu, target: { type: Utilization, averageUtilization: 50 } } }]${extra}`;

  it('a constant load that needs 5 replicas converges to 5 and stays there (with 5 % noise)', async () => {
    // 100 req/s × 5m = 500m; 50 % of 200m = 100m per pod → 5 pods
    const s = scenario({ hpa: cpuHpa(20), workload: 'load: { type: constant, value: 100 }\n    cpuPerRequest: 5m\n    noise: 0.05', duration: '30m' });
    const { views, events } = await run(s);
    const last = views[views.length - 1];
    expect(last.desired).toBe(5);
    expect(last.current).toBe(5);
    const ups = rescales(events);
    expect(ups.length).toBeGreaterThan(0);
    // converged within 3 minutes and never moved again
    expect(ups[ups.length - 1].t).toBeLessThanOrEqual(180);
    expect(ups.every((e) => (e.to as number) > (e.from as number))).toBe(true);
    for (const v of views.filter((x) => x.t >= 180)) expect(v.desired).toBe(5);
    // the scale write reached the Deployment: 5 ready pods at the end
    const sim = await buildSimulation(s);
    sim.engine.run(s.duration);
    expect((sim.engine.cluster.workloads.Deployment.get('default/web')!.status as { readyReplicas?: number }).readyReplicas).toBe(5);
  });

  const spike = 'load: { type: spike, base: 20, peak: 200, at: 10m, rampUp: 0s, duration: 2m, rampDown: 0s }\n    cpuPerRequest: 5m';

  it('a spike scales up within a few syncs, at most max(2×current, 4) per sync; scale-down waits the 300 s window (legacy: inclusive)', async () => {
    const s = scenario({ hpa: cpuHpa(20), workload: spike, duration: '25m' });
    const { events } = await run(s);
    const rs = rescales(events);
    const ups = rs.filter((e) => (e.to as number) > (e.from as number));
    const downs = rs.filter((e) => (e.to as number) < (e.from as number));
    // the spike starts at 600 s: the scrape at 600 (window 585..600) holds its first second:
    // 32 req/s mean → 160m on 1 pod = 80 % → 2 pods
    expect(ups[0].t).toBe(600);
    expect(ups[0].to).toBe(2);
    for (const e of ups) expect(e.to as number).toBeLessThanOrEqual(Math.max(2 * (e.from as number), 4));
    // 200 req/s × 5m = 1000m → 10 pods, reached while the spike lasts
    const reached = ups.find((e) => (e.to as number) >= 10);
    expect(reached).toBeDefined();
    expect(reached!.t).toBeLessThanOrEqual(600 + 90);
    expect(Math.max(...rs.map((e) => e.to as number))).toBe(10);
    // the last sample seeing the spike is at 720 (window 705..720); its recommendation counts while
    // it is not older than 300 s (horizontal.go stabilizeRecommendation: timestamp not before now − window)
    expect(downs[0].t).toBe(720 + 300 + 15);
    expect(downs[0].to).toBe(1);
    expect(downs[0].reason).toBe('All metrics below target');
    expect(downs[0].message).toBe('New size: 1; reason: All metrics below target');
    expect(ups[0].reason).toBe('cpu resource utilization (percentage of request) above target');
    expect(ups[0].object).toBe('HorizontalPodAutoscaler default/web');
  });

  it('with behavior the scale-down window is strict: the first scale-down is exactly 300 s after the last high recommendation', async () => {
    const s = scenario({
      hpa: cpuHpa(20, '\n  behavior: { scaleDown: { stabilizationWindowSeconds: 300 } }'),
      workload: spike,
      duration: '25m',
    });
    const { events } = await run(s);
    const rs = rescales(events);
    const downs = rs.filter((e) => (e.to as number) < (e.from as number));
    // stabilizeRecommendationWithBehaviors counts only timestamps after now − window
    expect(downs[0].t).toBe(720 + 300);
    // default scaleUp behavior: max(100 %, 4 pods) per 15 s
    for (const e of rs.filter((x) => (x.to as number) > (x.from as number))) {
      expect(e.to as number).toBeLessThanOrEqual(Math.max(2 * (e.from as number), (e.from as number) + 4));
    }
  });

  it('same scenario and seed give identical events; a missing target gives one FailedGetScale, not one per sync', async () => {
    const s = scenario({ hpa: cpuHpa(20), workload: `${spike}\n    noise: 0.1`, duration: '20m', seed: 5 });
    const a = await runScenario(s);
    const b = await runScenario(s);
    expect(JSON.stringify(a.engine.events)).toBe(JSON.stringify(b.engine.events));
    expect(rescales(a.engine.events).length).toBeGreaterThan(1);

    const sim = await buildSimulation(s);
    sim.engine.cluster.workloads.Deployment.delete('default/web');
    sim.engine.run(120);
    const failed = sim.engine.events.filter((e) => e.kind === 'FailedGetScale');
    expect(failed).toHaveLength(1);
    const conditions = (sim.engine.cluster.hpas.get('default/web')!.status as { conditions: { type: string; status: string; reason: string }[] }).conditions;
    expect(conditions.find((c) => c.type === 'AbleToScale')).toMatchObject({ status: 'False', reason: 'FailedGetScale' });
  });
});

describe('bundled HPA scenarios', () => {
  for (const name of ['hpa-daily-rollout', 'hpa-flash-spike', 'hpa-queue-external']) {
    it(`scenarios/${name}.yaml: every expectation holds`, async () => {
      const r = await runScenario(loadScenario(join(import.meta.dirname, '../../scenarios', `${name}.yaml`)));
      expect(r.expectations.length).toBeGreaterThan(3);
      for (const x of r.expectations) expect(x.passed, `${x.text}: ${x.observed}`).toBe(true);
      expect(rescales(r.engine.events).length).toBeGreaterThan(2);
    });
  }
});
