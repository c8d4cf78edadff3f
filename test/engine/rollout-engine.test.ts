/**
 * Whole rollouts through the engine (kubelet model, scheduler, every controller): Deployments
 * (25%/25%, maxSurge 0, maxUnavailable 0, Recreate, a scale 10 → 20 mid-rollout), StatefulSets
 * (highest ordinal first, partition, no rollingUpdate block, minReadySeconds) and DaemonSets
 * (maxUnavailable 1, maxSurge 1, graceful termination, minReadySeconds), checked at every
 * executed tick through the engine's record hook.
 */
import { describe, expect, it } from 'vitest';
import type { Engine, EngineEvent } from '../../src/engine/engine.ts';
import { buildSimulation } from '../../src/engine/simulation.ts';
import { replicaSetsOf } from '../../src/engine/workloads/deployment.ts';
import type { PodInfo } from '../../src/model/pod-info.ts';
import type { DaemonSet, Deployment, KubeObject, StatefulSet } from '../../src/model/types.ts';
import type { ScenarioAction } from '../../src/scenario/types.ts';
import {
  daemonSet,
  deployment,
  deploymentPods,
  imageOf,
  ownedPods,
  ref,
  rolling,
  rolloutAt,
  scenario,
  statefulSet,
  terminating,
  type Startup,
} from './rollout-helpers.ts';

/** Builds and runs a scenario, calling `observe` at the record step of every executed tick. */
async function run(
  objects: KubeObject[],
  opts: { startup?: Startup; events?: { at: number; action: ScenarioAction }[]; nodes?: number; until?: number },
  observe?: (e: Engine) => void,
): Promise<Engine> {
  const sim = await buildSimulation(scenario(objects, { startup: opts.startup, events: opts.events, nodes: opts.nodes }));
  if (observe) sim.engine.onTick('record', observe);
  sim.engine.run(opts.until ?? 1800);
  return sim.engine;
}

/** ScalingReplicaSet events of a Deployment, as [rs, from, to, t]. */
function scalings(engine: Engine, d: Deployment): { t: number; rs: string; from: number; to: number }[] {
  return engine.events
    .filter((e: EngineEvent) => e.kind === 'ScalingReplicaSet' && e.object === `Deployment default/${d.metadata.name}`)
    .map((e) => ({ t: e.t, rs: String(e.replicaSet), from: Number(e.from), to: Number(e.to) }));
}

/** The ReplicaSet (name) of the Deployment whose template has `image`. */
function rsWithImage(engine: Engine, d: Deployment, image: string): string {
  const rs = replicaSetsOf(engine, d).find((r) => r.spec.template.spec.containers[0]?.image === image);
  if (!rs) throw new Error(`no ReplicaSet with ${image}`);
  return rs.metadata.name!;
}

/** Per tick: non-terminating pods and available pods of a Deployment. */
function deploymentCounts(e: Engine, d: Deployment): { total: number; available: number } {
  let total = 0;
  let available = 0;
  for (const { pod } of deploymentPods(e, d)) {
    if (terminating(pod)) continue;
    total++;
    if (e.isAvailable(pod, d.spec.minReadySeconds ?? 0)) available++;
  }
  return { total, available };
}

describe('Deployment rollouts in the engine', () => {
  const ROLLOUT = 100;

  it('replicas 10, 25%/25%: all updated; new RS only grows, old only shrinks; 8 ≤ available and total ≤ 13 at every tick', async () => {
    const d = deployment('web', 10, rolling('25%', '25%'));
    let minAvailable = Infinity;
    let maxTotal = 0;
    const engine = await run([d], { startup: { ready: 0 }, events: [rolloutAt(d, ROLLOUT)] }, (e) => {
      if (e.now < ROLLOUT) return;
      const c = deploymentCounts(e, d);
      minAvailable = Math.min(minAvailable, c.available);
      maxTotal = Math.max(maxTotal, c.total);
    });
    expect(minAvailable).toBeGreaterThanOrEqual(8);
    expect(maxTotal).toBeLessThanOrEqual(13);
    const newRs = rsWithImage(engine, d, 'web:v2');
    const oldRs = rsWithImage(engine, d, 'web:v1');
    const seq = scalings(engine, d).filter((s) => s.t >= ROLLOUT);
    // the first sync creates the new RS at its surge size, then scales the old one down by maxUnavailable
    expect(seq.slice(0, 2)).toEqual([
      { t: ROLLOUT, rs: newRs, from: 0, to: 3 },
      { t: ROLLOUT, rs: oldRs, from: 10, to: 8 },
    ]);
    for (const s of seq) expect(s.rs === newRs ? s.to > s.from : s.to < s.from).toBe(true);
    // Engine timing: a ReplicaSet's status is computed from the pods at the start of its sync, so
    // the Deployment sees a pod available two ticks after its creation (the pure-logic traces assume
    // one sync: 3/8, 5/8, 5/3, 10/3, 10/0). Hand-stepped with that lag (spec-based maxScaledDown =
    // 13 − 8 − (new spec − new available)): 3/8, 5/8, 5/5, 8/5, 8/3, 10/3, 10/0.
    const sizes: string[] = [];
    let n = 0;
    let o = 10;
    for (const s of seq) {
      if (s.rs === newRs) n = s.to;
      else o = s.to;
      sizes.push(`${n}/${o}`);
    }
    expect(sizes.filter((_, i) => i !== 0)).toEqual(['3/8', '5/8', '5/5', '8/5', '8/3', '10/3', '10/0']);
    const pods = deploymentPods(engine, d);
    expect(pods).toHaveLength(10);
    expect(pods.every(({ pod }) => imageOf(pod) === 'web:v2' && engine.isReady(pod))).toBe(true);
    const status = engine.cluster.workloads.Deployment.get('default/web')!.status as Record<string, number>;
    expect(status).toMatchObject({ replicas: 10, updatedReplicas: 10, availableReplicas: 10 });
  });

  const bounds: [string, Deployment['spec']['strategy'], number, number][] = [
    ['maxSurge 0 (25% unavailable): never more than 10 pods, never fewer than 8 available', rolling(0, '25%'), 10, 8],
    ['maxUnavailable 0 (25% surge): never fewer than 10 available, never more than 13 pods', rolling('25%', 0), 13, 10],
  ];
  for (const [name, strategy, maxTotal, minAvailable] of bounds) {
    it(`replicas 10, ${name}`, async () => {
      const d = deployment('web', 10, strategy);
      const seen = { total: 0, available: Infinity };
      const engine = await run([d], { startup: { ready: 7, shutdown: 3 }, events: [rolloutAt(d, ROLLOUT)] }, (e) => {
        if (e.now < ROLLOUT) return;
        const c = deploymentCounts(e, d);
        seen.total = Math.max(seen.total, c.total);
        seen.available = Math.min(seen.available, c.available);
      });
      expect(seen.total).toBeLessThanOrEqual(maxTotal);
      expect(seen.available).toBeGreaterThanOrEqual(minAvailable);
      // the bound is reached (the rollout uses its budget)
      expect(seen.total === maxTotal || seen.available === minAvailable).toBe(true);
      const pods = deploymentPods(engine, d).filter(({ pod }) => !terminating(pod));
      expect(pods).toHaveLength(10);
      expect(pods.every(({ pod }) => imageOf(pod) === 'web:v2')).toBe(true);
    });
  }

  it('Recreate: old and new pods never exist at the same time (terminating old pods block the new RS)', async () => {
    const d = deployment('web', 6, { type: 'Recreate' });
    let overlap = 0;
    let gap = false;
    const engine = await run([d], { startup: { ready: 4, shutdown: 10 }, events: [rolloutAt(d, ROLLOUT)] }, (e) => {
      const pods = deploymentPods(e, d);
      const images = new Set(pods.map(({ pod }) => imageOf(pod)));
      if (images.has('web:v1') && images.has('web:v2')) overlap++;
      if (e.now > ROLLOUT && pods.length === 0) gap = true;
    });
    expect(overlap).toBe(0);
    expect(gap).toBe(true);
    const newRs = rsWithImage(engine, d, 'web:v2');
    const oldRs = rsWithImage(engine, d, 'web:v1');
    const seq = scalings(engine, d).filter((s) => s.t >= ROLLOUT);
    expect(seq.map(({ rs, from, to }) => ({ rs, from, to }))).toEqual([
      { rs: oldRs, from: 6, to: 0 },
      { rs: newRs, from: 0, to: 6 },
    ]);
    // the new RS is created only after the old pods' 10 s graceful shutdown
    expect(seq[1].t - seq[0].t).toBeGreaterThanOrEqual(10);
    expect(deploymentPods(engine, d).every(({ pod }) => imageOf(pod) === 'web:v2' && engine.isReady(pod))).toBe(true);
  });

  it('scale 10 → 20 in the middle of a 25%/25% rollout: proportional scaling grows both RSs, total ≤ 25, ends 20 updated', async () => {
    const d = deployment('web', 10, rolling('25%', '25%'));
    let maxTotal = 0;
    const events = [rolloutAt(d, ROLLOUT), { at: ROLLOUT + 9, action: { type: 'scale', target: ref(d), replicas: 20 } as ScenarioAction }];
    const engine = await run([d], { startup: { ready: 6 }, events }, (e) => {
      if (e.now >= ROLLOUT) maxTotal = Math.max(maxTotal, deploymentCounts(e, d).total);
    });
    expect(maxTotal).toBeLessThanOrEqual(25);
    const newRs = rsWithImage(engine, d, 'web:v2');
    const oldRs = rsWithImage(engine, d, 'web:v1');
    const atScale = scalings(engine, d).filter((s) => s.t === ROLLOUT + 9 || s.t === ROLLOUT + 10);
    // the scale is handled by the sync path: both RSs grow in one sync (old RSs are scaled up too)
    expect(atScale.some((s) => s.rs === oldRs && s.to > s.from)).toBe(true);
    expect(atScale.some((s) => s.rs === newRs && s.to > s.from)).toBe(true);
    const pods = deploymentPods(engine, d);
    expect(pods).toHaveLength(20);
    expect(pods.every(({ pod }) => imageOf(pod) === 'web:v2' && engine.isReady(pod))).toBe(true);
  });
});

describe('StatefulSet rollouts in the engine', () => {
  const ROLLOUT = 200;
  const byOrdinal = (pods: PodInfo[]) => [...pods].sort((a, b) => Number(a.name.split('-').pop()) - Number(b.name.split('-').pop()));
  /** Ordinals of pods deleted ("Killing") after the rollout, in order. */
  const killed = (engine: Engine, s: StatefulSet) =>
    engine.events.filter((e) => e.kind === 'Killing' && e.t >= ROLLOUT && e.object.startsWith(`Pod default/${s.metadata.name}-`)).map((e) => Number(e.object.split('-').pop()));

  it('RollingUpdate replaces pods from the highest ordinal down, one at a time (at most one pod not ready)', async () => {
    const s = statefulSet('db', 5, { type: 'RollingUpdate', rollingUpdate: { partition: 0 } });
    let maxNotReady = 0;
    const engine = await run([s], { startup: { ready: 5, shutdown: 4 }, events: [rolloutAt(s, ROLLOUT)] }, (e) => {
      if (e.now < ROLLOUT) return;
      const ready = ownedPods(e, s).filter((p) => e.isReady(p)).length;
      maxNotReady = Math.max(maxNotReady, 5 - ready);
    });
    expect(killed(engine, s)).toEqual([4, 3, 2, 1, 0]);
    expect(maxNotReady).toBe(1);
    const pods = ownedPods(engine, s);
    expect(pods.map(imageOf)).toEqual(Array(5).fill('db:v2'));
    const st = engine.cluster.workloads.StatefulSet.get('default/db')!.status as Record<string, unknown>;
    expect(st.currentRevision).toBe(st.updateRevision);
    expect(st).toMatchObject({ replicas: 5, readyReplicas: 5, updatedReplicas: 5, currentReplicas: 5 });
  });

  it('partition 3 keeps ordinals 0–2 on v1; lowering the partition to 0 (apply) continues the update', async () => {
    const s = statefulSet('db', 5, { type: 'RollingUpdate', rollingUpdate: { partition: 3 } });
    const lowered = statefulSet('db', 5, { type: 'RollingUpdate', rollingUpdate: { partition: 0 } });
    lowered.spec.template = { ...lowered.spec.template, spec: { ...lowered.spec.template.spec, containers: [{ ...lowered.spec.template.spec.containers[0], image: 'db:v2' }] } };
    const images: Record<number, (string | undefined)[]> = {};
    const engine = await run([s], { startup: { ready: 3 }, events: [rolloutAt(s, ROLLOUT), { at: 600, action: { type: 'apply', objects: [lowered] } }] }, (e) => {
      if (e.now < 600) images[0] = byOrdinal(ownedPods(e, s)).map(imageOf);
    });
    // the state just before the partition is lowered
    expect(images[0]).toEqual(['db:v1', 'db:v1', 'db:v1', 'db:v2', 'db:v2']);
    expect(killed(engine, s)).toEqual([4, 3, 2, 1, 0]);
    expect(byOrdinal(ownedPods(engine, s)).map(imageOf)).toEqual(Array(5).fill('db:v2'));
  });

  it('RollingUpdate without a rollingUpdate block and instant deletion: recreated pods take the update revision (status.CurrentReplicas--)', async () => {
    const s = statefulSet('db', 3, { type: 'RollingUpdate' });
    expect(s.spec.updateStrategy?.rollingUpdate).toBeUndefined();
    const engine = await run([s], { startup: { ready: 2, shutdown: 0 }, events: [rolloutAt(s, ROLLOUT)], until: 600 });
    expect(killed(engine, s)).toEqual([2, 1, 0]);
    expect(ownedPods(engine, s).map(imageOf)).toEqual(Array(3).fill('db:v2'));
  });

  it('minReadySeconds 10: ordered progress waits for availability and the rollout completes', async () => {
    const s = statefulSet('db', 3, { type: 'RollingUpdate', rollingUpdate: { partition: 0 } }, { minReadySeconds: 10 });
    const deletions: number[] = [];
    const engine = await run([s], { startup: { ready: 2 }, events: [rolloutAt(s, ROLLOUT)], until: 600 });
    for (const e of engine.events) if (e.kind === 'Killing' && e.t >= ROLLOUT) deletions.push(e.t);
    expect(deletions).toHaveLength(3);
    // each replacement is ready 2 s after its creation and available 10 s after that
    for (let i = 1; i < deletions.length; i++) expect(deletions[i] - deletions[i - 1]).toBeGreaterThanOrEqual(12);
    expect(ownedPods(engine, s).map(imageOf)).toEqual(Array(3).fill('db:v2'));
  });
});

describe('DaemonSet rollouts in the engine', () => {
  const ROLLOUT = 100;
  const NODES = 6;
  /** Per node: non-terminating pods and whether one of them is ready. */
  function perNode(e: Engine, ds: DaemonSet): Map<string, { active: number; ready: boolean; terminating: number; images: string[] }> {
    const m = new Map<string, { active: number; ready: boolean; terminating: number; images: string[] }>();
    for (const n of e.cluster.nodes.keys()) m.set(n, { active: 0, ready: false, terminating: 0, images: [] });
    for (const p of ownedPods(e, ds)) {
      const node = p.pod.metadata.annotations?.['kubesim.io/daemon-node'] ?? p.nodeName;
      const x = m.get(node)!;
      if (terminating(p)) {
        x.terminating++;
        continue;
      }
      x.active++;
      x.images.push(imageOf(p) ?? '');
      if (e.isReady(p)) x.ready = true;
    }
    return m;
  }

  it('maxUnavailable 1: never more than 1 node without a ready daemon pod; a replacement waits for the old pod to terminate', async () => {
    const ds = daemonSet('agent', { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } });
    let maxWithout = 0;
    let overlap = 0;
    const engine = await run([ds], { nodes: NODES, startup: { ready: 5, shutdown: 3 }, events: [rolloutAt(ds, ROLLOUT)] }, (e) => {
      if (e.now < ROLLOUT) return;
      let without = 0;
      for (const x of perNode(e, ds).values()) {
        if (!x.ready) without++;
        if (x.terminating > 0 && x.active > 0) overlap++;
      }
      maxWithout = Math.max(maxWithout, without);
    });
    expect(maxWithout).toBe(1);
    expect(overlap).toBe(0);
    const end = perNode(engine, ds);
    for (const x of end.values()) expect(x).toEqual({ active: 1, ready: true, terminating: 0, images: ['agent:v2'] });
  });

  it('maxSurge 1 (maxUnavailable 0): never fewer than desired nodes with a ready daemon pod; at most one node surges', async () => {
    const ds = daemonSet('agent', { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } });
    let minReady = Infinity;
    let maxSurging = 0;
    const engine = await run([ds], { nodes: NODES, startup: { ready: 5, shutdown: 3 }, events: [rolloutAt(ds, ROLLOUT)] }, (e) => {
      if (e.now < ROLLOUT) return;
      let ready = 0;
      let surging = 0;
      for (const x of perNode(e, ds).values()) {
        if (x.ready) ready++;
        if (x.active > 1) surging++;
      }
      minReady = Math.min(minReady, ready);
      maxSurging = Math.max(maxSurging, surging);
    });
    expect(minReady).toBe(NODES);
    expect(maxSurging).toBe(1);
    const desired = (engine.cluster.workloads.DaemonSet.get('default/agent')!.status as Record<string, number>).desiredNumberScheduled;
    expect(desired).toBe(NODES);
    for (const x of perNode(engine, ds).values()) expect(x).toEqual({ active: 1, ready: true, terminating: 0, images: ['agent:v2'] });
  });

  it('minReadySeconds 8 with maxUnavailable 2: the update proceeds once new pods are available and completes', async () => {
    const ds = daemonSet('agent', { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 2 } }, 8);
    let maxWithout = 0;
    const engine = await run([ds], { nodes: NODES, startup: { ready: 3 }, events: [rolloutAt(ds, ROLLOUT)], until: 400 }, (e) => {
      if (e.now < ROLLOUT) return;
      let without = 0;
      for (const x of perNode(e, ds).values()) if (!x.ready) without++;
      maxWithout = Math.max(maxWithout, without);
    });
    expect(maxWithout).toBe(2);
    for (const x of perNode(engine, ds).values()) expect(x.images).toEqual(['agent:v2']);
    const st = engine.cluster.workloads.DaemonSet.get('default/agent')!.status as Record<string, number>;
    expect(st).toMatchObject({ desiredNumberScheduled: NODES, updatedNumberScheduled: NODES, numberAvailable: NODES });
  });
});
