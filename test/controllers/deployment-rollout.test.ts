/**
 * Whole rollouts driven through syncDeployment with a tiny test-local cluster: one Deployment sync
 * per tick, then an instant ReplicaSet controller (create missing pods; delete surplus pods,
 * unavailable and newest first), then pod progress (a pod created in tick k is available from sync
 * k + `delay` on — delay 1 unless the test says otherwise; a deleted pod stays in the pod list, still
 * Running, until the end of the next tick) and an RS status refresh that the next sync reads.
 * The expected sequences are hand-stepped from upstream rolling.go / recreate.go / sync.go.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Deployment, IntOrString, Pod, ReplicaSet } from '../../src/model/types.ts';
import {
  DeploymentAvailable,
  DeploymentProgressing,
  deploymentComplete,
  findNewReplicaSet,
  getDeploymentCondition,
  resolveFenceposts,
  rolloutUndo,
  syncDeployment,
  type DeploymentStatus,
} from '../../src/controllers/deployment/index.ts';
import { T0 } from './helpers.ts';

interface SimPod {
  pod: Pod;
  rs: string;
  availableAt: number;
  deletedAt?: number;
}

/** The test-local cluster: a Deployment, its ReplicaSets and their pods. */
class MiniCluster {
  deployment: Deployment;
  rss: ReplicaSet[] = [];
  pods: SimPod[] = [];
  tick = 0;
  private podSeq = 0;
  constructor(
    d: Deployment,
    private delay: () => number = () => 1,
  ) {
    this.deployment = d;
  }

  /** Pods whose `availableAt` sync has come are available from the end of the tick before it. */
  private liveOf(rs: string): SimPod[] {
    return this.pods.filter((p) => p.rs === rs && p.deletedAt === undefined);
  }

  /** One tick: Deployment sync, RS controller, pod progress, RS status. Returns the sync result. */
  step(): ReturnType<typeof syncDeployment> {
    this.tick++;
    const now = T0 + this.tick;
    const result = syncDeployment({ deployment: this.deployment, replicaSets: this.rss, pods: this.pods.map((p) => p.pod) }, now);
    expect(result.error).toBeUndefined();
    this.deployment = result.deployment;
    this.rss = result.replicaSets;
    // ReplicaSet controller.
    for (const rs of this.rss) {
      const name = rs.metadata.name ?? '';
      const live = this.liveOf(name);
      const want = rs.spec.replicas ?? 1;
      for (let i = live.length; i < want; i++) {
        const podName = `${name}-${++this.podSeq}`;
        this.pods.push({
          rs: name,
          availableAt: this.tick + this.delay(),
          pod: {
            apiVersion: 'v1',
            kind: 'Pod',
            metadata: { name: podName, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name, controller: true }] },
            spec: { containers: [] },
            status: { phase: 'Running' },
          },
        });
      }
      if (live.length > want) {
        // Unavailable before available, then newest first (a simplified ActivePods ranking).
        const ranked = [...live].sort((a, b) => Number(a.availableAt <= this.tick) - Number(b.availableAt <= this.tick) || b.availableAt - a.availableAt);
        for (const p of ranked.slice(0, live.length - want)) p.deletedAt = this.tick;
      }
    }
    // Deleted pods vanish at the end of the tick after their deletion.
    this.pods = this.pods.filter((p) => p.deletedAt === undefined || p.deletedAt >= this.tick);
    // Status refresh (what the next sync observes).
    for (const rs of this.rss) {
      const live = this.liveOf(rs.metadata.name ?? '');
      const available = live.filter((p) => p.availableAt <= this.tick + 1).length;
      const terminating = this.pods.filter((p) => p.rs === rs.metadata.name && p.deletedAt !== undefined).length;
      rs.status = {
        replicas: live.length,
        readyReplicas: available,
        availableReplicas: available,
        terminatingReplicas: terminating,
        observedGeneration: rs.metadata.generation ?? 0,
      };
    }
    return result;
  }

  /** Ticks until the Progressing condition says NewReplicaSetAvailable (at most `limit`). */
  runToCompletion(limit = 200): number {
    for (let i = 0; i < limit; i++) {
      this.step();
      if (this.complete()) return i + 1;
    }
    throw new Error('rollout did not complete');
  }

  /** Progressing says NewReplicaSetAvailable and the counts agree (as `kubectl rollout status` checks). */
  complete(): boolean {
    const s = this.deployment.status as DeploymentStatus;
    return getDeploymentCondition(s, DeploymentProgressing)?.reason === 'NewReplicaSetAvailable' && deploymentComplete(this.deployment, s);
  }

  /** spec.replicas of the new RS ('-' when none) and the sum over old RSs. */
  sizes(): [number | '-', number] {
    const newRS = findNewReplicaSet(this.deployment, this.rss);
    const old = this.rss.filter((r) => r !== newRS).reduce((n, r) => n + (r.spec.replicas ?? 1), 0);
    return [newRS ? (newRS.spec.replicas ?? 1) : '-', old];
  }

  /** Non-terminating pods and available ones. */
  counts(): { total: number; available: number } {
    const live = this.pods.filter((p) => p.deletedAt === undefined);
    return { total: live.length, available: live.filter((p) => p.availableAt <= this.tick + 1).length };
  }

  /** A template change (image), as `kubectl set image` would make it. */
  setImage(image: string): void {
    const d = structuredClone(this.deployment);
    d.spec.template.spec.containers[0].image = image;
    d.metadata.generation = (d.metadata.generation ?? 1) + 1;
    this.deployment = d;
  }

  setReplicas(n: number): void {
    const d = structuredClone(this.deployment);
    d.spec.replicas = n;
    d.metadata.generation = (d.metadata.generation ?? 1) + 1;
    this.deployment = d;
  }
}

function web(replicas: number, strategy: Deployment['spec']['strategy']): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', uid: 'uid-web', generation: 1 },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'web:v1' }] } },
      strategy,
    },
  };
}

/** A cluster whose v1 ReplicaSet is fully rolled out and available, then the image changed to v2. */
function rolledOut(replicas: number, strategy: Deployment['spec']['strategy'], delay?: () => number): MiniCluster {
  const c = new MiniCluster(web(replicas, strategy), delay);
  c.runToCompletion();
  c.step(); // one quiet sync after completion
  c.setImage('web:v2');
  return c;
}

function trace(c: MiniCluster, syncs: number): [number | '-', number][] {
  const out: [number | '-', number][] = [];
  for (let i = 0; i < syncs; i++) {
    c.step();
    out.push(c.sizes());
  }
  return out;
}

describe('whole rollouts (hand-stepped from rolling.go / recreate.go / sync.go)', () => {
  it('replicas 10, maxSurge 25% (→3), maxUnavailable 25% (→2): completes in 6 syncs', () => {
    const c = rolledOut(10, { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } });
    // [new, old] after each sync; minAvailable 8, maxTotal 13.
    const expected: [number, number][] = [
      [3, 8], //  1: new RS created at NewRSNewReplicas = min(13-10, 10) = 3; same sync: maxScaledDown 13-8-3 = 2, available 10-8 = 2 → old 8
      [5, 8], //  2: 3 new available; reconcileNewReplicaSet: 11 < 13 → +min(2, 7) → 5 (returns after scaling up)
      [5, 3], //  3: total 13, no room; available 13 - minAvailable 8 = 5 → old 8 → 3
      [10, 3], // 4: total 8 → +min(5, 5) → 10
      [10, 0], // 5: available 13 - 8 = 5 ≥ 3 → old 0
      [10, 0], // 6: nothing to scale; status: 10 updated, 10 available, old status.replicas 0 → NewReplicaSetAvailable
    ];
    expect(trace(c, 6)).toEqual(expected);
    expect(c.complete()).toBe(true);
  });

  it('replicas 10, maxSurge 0, maxUnavailable 25% (→2): completes in 11 syncs', () => {
    const c = rolledOut(10, { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: '25%' } });
    const expected: [number, number][] = [
      [0, 8], //  1: new RS created at 0 (10 ≥ 10 + 0); maxScaledDown 10-8-0 = 2 → old 8
      [2, 8], //  2: room 2 → new 2
      [2, 6], //  3: new pods available; available 10 - 8 = 2 → old 6
      [4, 6], //  4
      [4, 4], //  5
      [6, 4], //  6
      [6, 2], //  7
      [8, 2], //  8
      [8, 0], //  9
      [10, 0], // 10: room 2 → 10
      [10, 0], // 11: all 10 new available → complete
    ];
    expect(trace(c, 11)).toEqual(expected);
    expect(c.complete()).toBe(true);
  });

  it('replicas 10, maxSurge 25% (→3), maxUnavailable 0: completes in 9 syncs', () => {
    const c = rolledOut(10, { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } });
    const expected: [number, number][] = [
      [3, 10], // 1: created at 3; maxScaledDown 13-10-3 = 0 → old untouched
      [3, 7], //  2: new available: maxScaledDown 3, available 13 - 10 = 3 → old 7
      [6, 7], //  3: room 3 → 6
      [6, 4], //  4
      [9, 4], //  5
      [9, 1], //  6
      [10, 1], // 7: room 3 but capped at replicas - new = 1
      [10, 0], // 8: allPods 11, maxScaledDown 1 → old 0
      [10, 0], // 9: complete
    ];
    expect(trace(c, 9)).toEqual(expected);
    expect(c.complete()).toBe(true);
  });

  it('replicas 10, Recreate: old to 0, wait for the old pods to go, then the new RS at full size', () => {
    const c = rolledOut(10, { type: 'Recreate' });
    const expected: [number | '-', number][] = [
      ['-', 0], // 1: no new RS yet (create=false); every active old RS scaled to 0 → return
      ['-', 0], // 2: old status.replicas 0 but its deleted pods are still in the pod list (oldPodsRunning) → wait
      [10, 0], //  3: old pods gone → new RS created at replicas (Recreate: NewRSNewReplicas = replicas)
      [10, 0], //  4: new pods available → complete
    ];
    const got = trace(c, 2);
    // Available is False while the pods are down (MaxUnavailable is 0 for Recreate).
    expect(getDeploymentCondition(c.deployment.status as DeploymentStatus, DeploymentAvailable)?.status).toBe('False');
    got.push(...trace(c, 2));
    expect(got).toEqual(expected);
    expect(c.complete()).toBe(true);
  });

  it('scale 10 → 20 in the middle of a 25%/25% rollout: proportional scaling, then the rollout resumes', () => {
    const c = rolledOut(10, { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } });
    const got = trace(c, 2);
    c.setReplicas(20);
    const s3 = c.step();
    got.push(c.sizes());
    // Sync 3 is a scaling event: only RS sizes and plain status change, Available turns False.
    expect(s3.actions.some((a) => a.kind === 'CreateReplicaSet')).toBe(false);
    expect(getDeploymentCondition(c.deployment.status as DeploymentStatus, DeploymentAvailable)).toMatchObject({
      status: 'False',
      reason: 'MinimumReplicasUnavailable',
    });
    got.push(...trace(c, 4));
    const expected: [number, number][] = [
      [3, 8], //   1: as in the 25%/25% rollout
      [5, 8], //   2
      [10, 15], // 3: scaling event (desired-replicas 10 ≠ 20): allowed 20+5 = 25, toAdd 12; by size, newer first on ties:
      //              old: round(8·25/13) − 8 = +7 → 15; new: round(5·25/13) − 5 = +5 → 10 (leftover 0). Available 13 < 15 → False
      [10, 5], //  4: rollout again: total 25, no room; maxScaledDown 25−15−0 = 10, available 25 − 15 = 10 → old 5
      [20, 5], //  5: total 15 → +min(10, 10) → 20
      [20, 0], //  6: available 25 − 15 = 10 ≥ 5 → old 0
      [20, 0], //  7: complete
    ];
    expect(got).toEqual(expected);
    expect(c.complete()).toBe(true);
  });

  it('records ScalingReplicaSet events with from/to and the Progressing reasons of a rollout', () => {
    const c = rolledOut(4, { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } });
    const r1 = c.step();
    expect(r1.events.map((e) => [e.reason, e.from, e.to])).toEqual([['ScalingReplicaSet', 0, 1]]);
    expect(getDeploymentCondition(c.deployment.status as DeploymentStatus, DeploymentProgressing)?.reason).toBe('NewReplicaSetCreated');
    const r2 = c.step();
    expect(r2.events.map((e) => e.message)).toEqual([expect.stringMatching(/^Scaled down replica set web-\w+ to 3 from 4$/)]);
    expect(getDeploymentCondition(c.deployment.status as DeploymentStatus, DeploymentProgressing)?.reason).toBe('ReplicaSetUpdated');
    c.runToCompletion();
    expect(c.deployment.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('2');
  });
});

describe('pause, rollback, progress deadline, revision history', () => {
  const strategy: Deployment['spec']['strategy'] = { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } };

  it('a paused deployment scales but does not roll out; resume rolls out (Progressing Unknown/DeploymentPaused → DeploymentResumed)', () => {
    const c = rolledOut(4, strategy);
    c.deployment.spec.paused = true;
    c.step();
    expect(c.rss).toHaveLength(1);
    expect(getDeploymentCondition(c.deployment.status as DeploymentStatus, DeploymentProgressing)).toMatchObject({ status: 'Unknown', reason: 'DeploymentPaused' });
    c.setReplicas(6);
    c.step();
    expect(c.rss).toHaveLength(1);
    expect(c.rss[0].spec.replicas).toBe(6);
    c.deployment.spec.paused = false;
    const r = c.step();
    expect(r.actions.some((a) => a.kind === 'CreateReplicaSet')).toBe(true);
    expect(c.rss).toHaveLength(2);
    c.runToCompletion();
    expect(c.sizes()).toEqual([6, 0]);
  });

  it('kubectl rollout undo: the old RS becomes the new RS again (no new RS), its revision becomes 3 with history "1"', () => {
    const c = rolledOut(4, strategy);
    c.runToCompletion();
    const v1 = c.rss.find((r) => r.spec.template.spec.containers[0].image === 'web:v1');
    const undo = rolloutUndo(c.deployment, c.rss);
    expect(undo.ok).toBe(true);
    if (!undo.ok) return;
    c.deployment = undo.deployment;
    c.runToCompletion();
    expect(c.rss).toHaveLength(2);
    const newRS = findNewReplicaSet(c.deployment, c.rss);
    expect(newRS?.metadata.name).toBe(v1?.metadata.name);
    expect(newRS?.metadata.annotations).toMatchObject({ 'deployment.kubernetes.io/revision': '3', 'deployment.kubernetes.io/revision-history': '1' });
    expect(c.sizes()).toEqual([4, 0]);
    expect(rolloutUndo(c.deployment, c.rss, 7)).toEqual({ ok: false, error: 'unable to find specified revision 7 in history' });
    const paused = structuredClone(c.deployment);
    paused.spec.paused = true;
    expect(rolloutUndo(paused, c.rss).ok).toBe(false);
  });

  it('the deprecated rollback annotation rolls back in the controller and is cleared', () => {
    const c = rolledOut(4, strategy);
    c.runToCompletion();
    c.deployment.metadata.annotations = { ...c.deployment.metadata.annotations, 'deprecated.deployment.rollback.to': '0' };
    const r = c.step();
    expect(r.events.map((e) => e.reason)).toContain('DeploymentRollback');
    expect(c.deployment.metadata.annotations?.['deprecated.deployment.rollback.to']).toBeUndefined();
    expect(c.deployment.spec.template.spec.containers[0].image).toBe('web:v1');
    c.runToCompletion();
    expect(c.rss).toHaveLength(2);
  });

  it('a rollout whose pods never become available times out after progressDeadlineSeconds and keeps its old pods', () => {
    const c = rolledOut(4, strategy);
    c.deployment.spec.progressDeadlineSeconds = 30;
    (c as unknown as { delay: () => number }).delay = () => 1e9;
    const reasons: string[] = [];
    const requeues: (number | undefined)[] = [];
    let timedOutAt = -1;
    for (let i = 1; i <= 60 && timedOutAt < 0; i++) {
      const r = c.step();
      const cond = getDeploymentCondition(c.deployment.status as DeploymentStatus, DeploymentProgressing);
      reasons.push(cond?.reason ?? '');
      requeues.push(r.requeueAfter);
      if (cond?.reason === 'ProgressDeadlineExceeded') {
        timedOutAt = i;
        expect(cond.status).toBe('False');
      } else if (r.actions.length === 0) {
        // Nothing written: upstream re-queues for lastUpdateTime + deadline − now (+1 s; 0 when < 1 s).
        expect(r.requeueAfter).toBeGreaterThanOrEqual(0);
      }
    }
    // 1: new RS created at 1 (NewReplicaSetCreated), old 4 → 3; 2: new RS reports 1 pod → updatedReplicas
    // grew → ReplicaSetUpdated (lastUpdateTime t2), new → 2; 3: updated 2 → ReplicaSetUpdated (t3); then
    // no progress (maxScaledDown = 5 − 3 − 2 = 0): t3 + 30 < now first holds at sync 34.
    expect(reasons.slice(0, 4)).toEqual(['NewReplicaSetCreated', 'ReplicaSetUpdated', 'ReplicaSetUpdated', 'ReplicaSetUpdated']);
    expect(timedOutAt).toBe(34);
    expect(requeues[3]).toBe(3 + 30 - 4 + 1); // sync 4: t3 + 30 − t4, plus upstream's extra second
    expect(requeues[32]).toBe(0); // sync 33: exactly at the deadline, re-check immediately
    expect(c.sizes()).toEqual([2, 3]);
    expect(c.counts().available).toBe(3);
  });

  it('revisionHistoryLimit 1: after three rollouts only one old RS is kept', () => {
    const d = web(2, strategy);
    d.spec.revisionHistoryLimit = 1;
    const c = new MiniCluster(d);
    c.runToCompletion();
    for (const image of ['web:v2', 'web:v3', 'web:v4']) {
      c.setImage(image);
      c.runToCompletion();
      c.step();
      c.step();
    }
    expect(c.rss.map((r) => r.spec.template.spec.containers[0].image).sort()).toEqual(['web:v3', 'web:v4']);
  });
});

describe('property: RollingUpdate from a fully available state', () => {
  const intOrPct = (max: number) => fc.oneof(fc.integer({ min: 0, max }), fc.integer({ min: 0, max: 100 }).map((p) => `${p}%`));
  it('available pods never drop below replicas − maxUnavailable; pods never exceed replicas + maxSurge', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        intOrPct(10),
        intOrPct(10),
        fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 20 }),
        (replicas, maxSurge: IntOrString, maxUnavailable: IntOrString, delays) => {
          fc.pre(!(maxSurge === 0 && maxUnavailable === 0)); // validation forbids both explicit 0
          let i = 0;
          const delay = () => delays[i++ % delays.length];
          const c = rolledOut(replicas, { type: 'RollingUpdate', rollingUpdate: { maxSurge, maxUnavailable } }, delay);
          const fp = resolveFenceposts(maxSurge, maxUnavailable, replicas);
          const minAvailable = replicas - Math.min(fp.unavailable, replicas);
          const maxTotal = replicas + fp.surge;
          for (let t = 0; t < 400 && !c.complete(); t++) {
            c.step();
            const { total, available } = c.counts();
            if (available < minAvailable || total > maxTotal) return false;
          }
          return c.complete() && c.sizes()[0] === replicas && c.sizes()[1] === 0;
        },
      ),
      { numRuns: 150 },
    );
  });
});
