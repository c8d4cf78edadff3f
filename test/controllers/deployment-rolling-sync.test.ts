/** Ported from pkg/controller/deployment/{rolling_test.go,sync_test.go,recreate_test.go}. */
import { describe, expect, it } from 'vitest';
import type { Deployment, Pod, ReplicaSet } from '../../src/model/types.ts';
import {
  DesiredReplicasAnnotation,
  MaxInt32,
  MaxReplicasAnnotation,
  RevisionAnnotation,
  cleanupDeployment,
  cleanupUnhealthyReplicas,
  generateReplicaSetName,
  maxSurge,
  newSyncContext,
  oldPodsRunning,
  reconcileNewReplicaSet,
  reconcileOldReplicaSets,
  scale,
  scaleDownOldReplicaSetsForRecreate,
  scaleDownOldReplicaSetsForRollingUpdate,
  setReplicasAnnotations,
  type DeploymentSyncContext,
  type PodMap,
} from '../../src/controllers/deployment/index.ts';
import { T0, newDeployment, newRSWithStatus, rs, ts } from './helpers.ts';

function updates(ctx: DeploymentSyncContext): ReplicaSet[] {
  return ctx.actions.flatMap((a) => (a.kind === 'UpdateReplicaSet' ? [a.replicaSet] : []));
}

describe('rolling_test.go TestDeploymentController_reconcileNewReplicaSet', () => {
  const cases: [string, number, number, number, number, boolean, number][] = [
    ['should not scale up when old replica set is fully saturated', 10, 0, 10, 0, false, 0],
    ['should scale up according to the maxSurge when old replica set is fully saturated', 10, 2, 10, 0, true, 2],
    ['should scale up according to the maxSurge', 10, 2, 5, 0, true, 7],
    ['should not scale when maxSurge is fully saturated', 10, 2, 10, 2, false, 0],
    ['should scale down when there are replicas above maxSurge', 10, 2, 2, 11, true, 10],
  ];
  for (const [name, replicas, surge, oldReplicas, newReplicas, scaleExpected, expectedNew] of cases) {
    it(`"${name}"`, () => {
      const newRS = rs('foo-v2', newReplicas);
      const oldRS = rs('foo-v1', oldReplicas);
      const d = newDeployment('foo', replicas, undefined, surge, 0, { foo: 'bar' });
      const ctx = newSyncContext(d, [newRS, oldRS], T0);
      const scaled = reconcileNewReplicaSet(ctx, [newRS, oldRS], newRS, d);
      expect(scaled).toBe(scaleExpected);
      const u = updates(ctx);
      if (!scaleExpected) {
        expect(ctx.actions).toEqual([]);
        return;
      }
      expect(u).toHaveLength(1);
      expect(u[0].spec.replicas).toBe(expectedNew);
    });
  }
});

describe('rolling_test.go TestDeploymentController_reconcileOldReplicaSets', () => {
  const cases: [number, number, number, number, number, number, boolean, number?][] = [
    [10, 0, 10, 0, 10, 0, true, 9],
    [10, 2, 10, 0, 10, 0, true, 8],
    [10, 2, 10, 0, 8, 0, true, 8], // unhealthy replicas from old replica sets are cleaned up
    [10, 2, 10, 0, 9, 0, true, 8], // 1 unhealthy replica cleaned up, 1 ready pod scaled down
    [10, 2, 8, 2, 8, 0, false], // unavailable new pods don't let old RSs shrink further
  ];
  cases.forEach(([replicas, maxUnavail, oldReplicas, newReplicas, readyOld, readyNew, scaleExpected, expectedOld], i) => {
    it(`scenario ${i}: replicas=${replicas} maxUnavailable=${maxUnavail} old=${oldReplicas}(${readyOld} ready) new=${newReplicas}(${readyNew} ready)`, () => {
      const newRS = rs('foo-new', newReplicas, { foo: 'new' });
      newRS.status = { availableReplicas: readyNew };
      const oldRS = rs('foo-old', oldReplicas, { foo: 'old' });
      oldRS.status = { availableReplicas: readyOld };
      const d = newDeployment('foo', replicas, undefined, 0, maxUnavail, { foo: 'new' });
      const ctx = newSyncContext(d, [oldRS, newRS], T0);
      expect(reconcileOldReplicaSets(ctx, [oldRS, newRS], [oldRS], newRS, d)).toBe(scaleExpected);
      if (expectedOld !== undefined) expect(ctx.store.get('foo-old')?.spec.replicas).toBe(expectedOld);
      else expect(ctx.actions).toEqual([]);
    });
  });
});

describe('rolling_test.go TestDeploymentController_cleanupUnhealthyReplicas', () => {
  const cases: [number, number, number, number][] = [
    [10, 8, 1, 1],
    [10, 8, 3, 2],
    [10, 8, 0, 0],
    [10, 10, 3, 0],
  ];
  cases.forEach(([oldReplicas, readyPods, maxCleanup, expected], i) => {
    it(`scenario ${i}: old=${oldReplicas} ready=${readyPods} maxCleanupCount=${maxCleanup} → ${expected}`, () => {
      const oldRS = rs('foo-v2', oldReplicas);
      oldRS.status = { availableReplicas: readyPods };
      const d = newDeployment('foo', 10, undefined, 2, 2);
      const ctx = newSyncContext(d, [oldRS], T0);
      const r = cleanupUnhealthyReplicas(ctx, [oldRS], d, maxCleanup);
      expect(r.cleanupCount).toBe(expected);
      expect(r.oldRSs[0].spec.replicas).toBe(oldReplicas - expected);
      // The resized copy keeps the observed status (availableReplicas).
      expect(r.oldRSs[0].status).toEqual({ availableReplicas: readyPods });
    });
  });
});

describe('rolling_test.go TestDeploymentController_scaleDownOldReplicaSetsForRollingUpdate', () => {
  const cases: [number, number, number, number, boolean, number?][] = [
    [10, 0, 10, 10, true, 9],
    [10, 2, 10, 10, true, 8],
    [10, 2, 8, 10, false],
    [10, 2, 10, 0, false],
    [10, 2, 1, 10, false],
  ];
  cases.forEach(([replicas, maxUnavail, readyPods, oldReplicas, scaleExpected, expectedOld], i) => {
    it(`scenario ${i}: replicas=${replicas} maxUnavailable=${maxUnavail} ready=${readyPods} old=${oldReplicas}`, () => {
      const oldRS = rs('foo-v2', oldReplicas);
      oldRS.status = { availableReplicas: readyPods };
      const d = newDeployment('foo', replicas, undefined, 0, maxUnavail, { foo: 'bar' });
      const ctx = newSyncContext(d, [oldRS], T0);
      const scaled = scaleDownOldReplicaSetsForRollingUpdate(ctx, [oldRS], [oldRS], d);
      if (!scaleExpected) {
        expect(scaled).toBe(0);
        return;
      }
      expect(scaled).toBeGreaterThan(0);
      const u = updates(ctx);
      expect(u).toHaveLength(1);
      expect(u[0].spec.replicas).toBe(expectedOld);
    });
  });
});

describe('sync_test.go TestScale', () => {
  const newTimestamp = '2016-05-20T02:00:00Z';
  const oldTimestamp = '2016-05-20T01:00:00Z';
  const olderTimestamp = '2016-05-20T00:00:00Z';
  const updatedTemplate = (replicas: number): Deployment => {
    const d = newDeployment('foo', replicas, undefined, undefined, undefined, { foo: 'bar' });
    d.spec.template.metadata = { labels: { foo: 'bar', another: 'label' } };
    return d;
  };
  const withAvailable = (r: ReplicaSet, n: number) => ((r.status = { availableReplicas: n }), r);
  interface Case {
    name: string;
    deployment: Deployment;
    oldDeployment: Deployment;
    newRS?: ReplicaSet;
    oldRSs: ReplicaSet[];
    expectedNew?: number;
    expectedOld: number[];
    wasntUpdated?: string[];
    desiredReplicasAnnotations?: Record<string, number>;
  }
  const cases: Case[] = [
    { name: 'normal scaling event: 10 -> 12', deployment: newDeployment('foo', 12), oldDeployment: newDeployment('foo', 10), newRS: rs('foo-v1', 10, {}, newTimestamp), oldRSs: [], expectedNew: 12, expectedOld: [] },
    { name: 'normal scaling event: 10 -> 5', deployment: newDeployment('foo', 5), oldDeployment: newDeployment('foo', 10), newRS: rs('foo-v1', 10, {}, newTimestamp), oldRSs: [], expectedNew: 5, expectedOld: [] },
    { name: 'proportional scaling: 5 -> 10', deployment: newDeployment('foo', 10), oldDeployment: newDeployment('foo', 5), newRS: rs('foo-v2', 2, {}, newTimestamp), oldRSs: [rs('foo-v1', 3, {}, oldTimestamp)], expectedNew: 4, expectedOld: [6] },
    { name: 'proportional scaling: 5 -> 3', deployment: newDeployment('foo', 3), oldDeployment: newDeployment('foo', 5), newRS: rs('foo-v2', 2, {}, newTimestamp), oldRSs: [rs('foo-v1', 3, {}, oldTimestamp)], expectedNew: 1, expectedOld: [2] },
    { name: 'proportional scaling: 9 -> 4', deployment: newDeployment('foo', 4), oldDeployment: newDeployment('foo', 9), newRS: rs('foo-v2', 8, {}, newTimestamp), oldRSs: [rs('foo-v1', 1, {}, oldTimestamp)], expectedNew: 4, expectedOld: [0] },
    { name: 'proportional scaling: 7 -> 10', deployment: newDeployment('foo', 10), oldDeployment: newDeployment('foo', 7), newRS: rs('foo-v3', 2, {}, newTimestamp), oldRSs: [rs('foo-v2', 3, {}, oldTimestamp), rs('foo-v1', 2, {}, olderTimestamp)], expectedNew: 3, expectedOld: [4, 3] },
    { name: 'proportional scaling: 13 -> 8', deployment: newDeployment('foo', 8), oldDeployment: newDeployment('foo', 13), newRS: rs('foo-v3', 2, {}, newTimestamp), oldRSs: [rs('foo-v2', 8, {}, oldTimestamp), rs('foo-v1', 3, {}, olderTimestamp)], expectedNew: 1, expectedOld: [5, 2] },
    { name: 'leftover distribution: 3 -> 4', deployment: newDeployment('foo', 4), oldDeployment: newDeployment('foo', 3), newRS: rs('foo-v3', 1, {}, newTimestamp), oldRSs: [rs('foo-v2', 1, {}, oldTimestamp), rs('foo-v1', 1, {}, olderTimestamp)], expectedNew: 2, expectedOld: [1, 1] },
    { name: 'leftover distribution: 3 -> 2', deployment: newDeployment('foo', 2), oldDeployment: newDeployment('foo', 3), newRS: rs('foo-v3', 1, {}, newTimestamp), oldRSs: [rs('foo-v2', 1, {}, oldTimestamp), rs('foo-v1', 1, {}, olderTimestamp)], expectedNew: 1, expectedOld: [1, 0] },
    { name: 'proportional scaling (no new rs): 4 -> 5', deployment: newDeployment('foo', 5), oldDeployment: newDeployment('foo', 4), oldRSs: [rs('foo-v2', 2, {}, oldTimestamp), rs('foo-v1', 2, {}, olderTimestamp)], expectedOld: [3, 2] },
    { name: 'proportional scaling: 6 -> 0', deployment: newDeployment('foo', 0), oldDeployment: newDeployment('foo', 6), newRS: rs('foo-v3', 3, {}, newTimestamp), oldRSs: [rs('foo-v2', 2, {}, oldTimestamp), rs('foo-v1', 1, {}, olderTimestamp)], expectedNew: 0, expectedOld: [0, 0] },
    { name: 'proportional scaling: 0 -> 6', deployment: newDeployment('foo', 6), oldDeployment: newDeployment('foo', 6), newRS: rs('foo-v3', 0, {}, newTimestamp), oldRSs: [rs('foo-v2', 0, {}, oldTimestamp), rs('foo-v1', 0, {}, olderTimestamp)], expectedNew: 6, expectedOld: [0, 0], wasntUpdated: ['foo-v2', 'foo-v1'] },
    { name: 'failed rs update', deployment: newDeployment('foo', 5), oldDeployment: newDeployment('foo', 5), newRS: rs('foo-v3', 2, {}, newTimestamp), oldRSs: [rs('foo-v2', 1, {}, oldTimestamp), rs('foo-v1', 1, {}, olderTimestamp)], expectedNew: 2, expectedOld: [2, 1], wasntUpdated: ['foo-v3', 'foo-v1'], desiredReplicasAnnotations: { 'foo-v2': 3 } },
    { name: 'deployment with surge pods', deployment: newDeployment('foo', 20, undefined, 2), oldDeployment: newDeployment('foo', 10, undefined, 2), newRS: rs('foo-v2', 6, {}, newTimestamp), oldRSs: [rs('foo-v1', 6, {}, oldTimestamp)], expectedNew: 11, expectedOld: [11] },
    { name: 'change both surge and size', deployment: newDeployment('foo', 50, undefined, 6), oldDeployment: newDeployment('foo', 10, undefined, 3), newRS: rs('foo-v2', 5, {}, newTimestamp), oldRSs: [rs('foo-v1', 8, {}, oldTimestamp)], expectedNew: 22, expectedOld: [34] },
    { name: 'change both size and template', deployment: updatedTemplate(14), oldDeployment: newDeployment('foo', 10, undefined, undefined, undefined, { foo: 'bar' }), oldRSs: [rs('foo-v2', 7, {}, newTimestamp), rs('foo-v1', 3, {}, oldTimestamp)], expectedOld: [10, 4] },
    { name: 'saturated but broken new replica set does not affect old pods', deployment: newDeployment('foo', 2, undefined, 1, 1), oldDeployment: newDeployment('foo', 2, undefined, 1, 1), newRS: withAvailable(rs('foo-v2', 2, {}, newTimestamp), 0), oldRSs: [rs('foo-v1', 1, {}, oldTimestamp)], expectedNew: 2, expectedOld: [1] },
  ];
  for (const c of cases) {
    it(`"${c.name}"`, () => {
      for (const r of [c.newRS, ...c.oldRSs]) {
        if (!r) continue;
        const old = structuredClone(c.oldDeployment);
        const desired = c.desiredReplicasAnnotations?.[r.metadata.name ?? ''];
        if (desired !== undefined) old.spec.replicas = desired;
        setReplicasAnnotations(r, old.spec.replicas ?? 1, (old.spec.replicas ?? 1) + maxSurge(old));
      }
      const ctx = newSyncContext(c.deployment, [...(c.newRS ? [c.newRS] : []), ...c.oldRSs], T0);
      scale(ctx, c.deployment, c.newRS, c.oldRSs);
      const byName = new Map<string, ReplicaSet>();
      for (const r of [c.newRS, ...c.oldRSs]) if (r) byName.set(r.metadata.name ?? '', r);
      for (const u of updates(ctx)) if (!c.wasntUpdated?.includes(u.metadata.name ?? '')) byName.set(u.metadata.name ?? '', u);
      if (c.newRS && c.expectedNew !== undefined) expect(byName.get(c.newRS.metadata.name ?? '')?.spec.replicas).toBe(c.expectedNew);
      expect(c.oldRSs.map((r) => byName.get(r.metadata.name ?? '')?.spec.replicas)).toEqual(c.expectedOld);
    });
  }
  it('rollout-spec §7.2 worked check: a scaled RS gets desired/max-replicas of the new size (annotations refreshed in the same write)', () => {
    const d = newDeployment('foo', 20, undefined, 2);
    const a = rs('foo-v2', 6, {}, newTimestamp);
    const b = rs('foo-v1', 6, {}, oldTimestamp);
    for (const r of [a, b]) setReplicasAnnotations(r, 10, 12);
    const ctx = newSyncContext(d, [a, b], T0);
    scale(ctx, d, a, [b]);
    expect(ctx.store.get('foo-v2')?.metadata.annotations).toMatchObject({ [DesiredReplicasAnnotation]: '20', [MaxReplicasAnnotation]: '22' });
    // Equal sizes scaling up: newer first (ReplicaSetsBySizeNewer).
    expect(ctx.events.map((e) => e.message)).toEqual(['Scaled up replica set foo-v2 to 11 from 6', 'Scaled up replica set foo-v1 to 11 from 6']);
  });
});

describe('sync_test.go TestDeploymentController_cleanupDeployment', () => {
  const selector = { foo: 'bar' };
  const alreadyDeleted = newRSWithStatus('foo-1', 0, 0, selector);
  alreadyDeleted.metadata.deletionTimestamp = ts(0);
  const withTerm = (name: string, spec: number, replicas: number, term: number | undefined): ReplicaSet => {
    const r = rs(name, spec, selector);
    r.status = { observedGeneration: 1, replicas, ...(term === undefined ? {} : { terminatingReplicas: term }) };
    return r;
  };
  const cases: [string, ReplicaSet[], number, number][] = [
    ['three empty, limit 1', [newRSWithStatus('foo-1', 0, 0, selector), newRSWithStatus('foo-2', 0, 0, selector), newRSWithStatus('foo-3', 0, 0, selector)], 1, 2],
    ['only delete the replica set with Spec.Replicas = Status.Replicas = 0', [newRSWithStatus('foo-1', 0, 0, selector), newRSWithStatus('foo-2', 0, 1, selector), newRSWithStatus('foo-3', 1, 0, selector), newRSWithStatus('foo-4', 1, 1, selector)], 0, 1],
    // Upstream (terminating-replicas gate) also keeps foo-3, whose status omits terminatingReplicas;
    // kubesim only checks terminatingReplicas when reported, so foo-3 goes too (2, not 1).
    ['terminatingReplicas reported and non-zero blocks deletion', [withTerm('foo-1', 0, 0, 0), withTerm('foo-2', 0, 0, 1), withTerm('foo-3', 0, 0, undefined), withTerm('foo-4', 0, 1, 0), withTerm('foo-5', 1, 0, 0), withTerm('foo-6', 1, 1, 0)], 0, 2],
    ['two empty, limit 0', [newRSWithStatus('foo-1', 0, 0, selector), newRSWithStatus('foo-2', 0, 0, selector)], 0, 2],
    ['two with replicas, limit 0', [newRSWithStatus('foo-1', 1, 1, selector), newRSWithStatus('foo-2', 1, 1, selector)], 0, 0],
    ['already being deleted', [alreadyDeleted], 0, 0],
    ['with unlimited revisionHistoryLimit', [newRSWithStatus('foo-1', 0, 0, selector), newRSWithStatus('foo-2', 0, 0, selector), newRSWithStatus('foo-3', 0, 0, selector)], MaxInt32, 0],
  ];
  for (const [name, oldRSs, limit, expected] of cases) {
    it(`"${name}" → ${expected} deletions`, () => {
      const d = newDeployment('foo', 1, limit, undefined, undefined, selector);
      const ctx = newSyncContext(d, oldRSs, T0);
      cleanupDeployment(ctx, oldRSs, d);
      expect(ctx.actions.filter((a) => a.kind === 'DeleteReplicaSet')).toHaveLength(expected);
    });
  }
});

describe('sync_test.go TestDeploymentController_cleanupDeploymentOrder', () => {
  const selector = { foo: 'bar' };
  const mk = (name: string, replicas: number, t: number, rev: string): ReplicaSet => {
    const r = rs(name, replicas, selector, ts(t));
    if (rev) r.metadata.annotations = { [RevisionAnnotation]: rev };
    r.status = { replicas };
    return r;
  };
  const cases: [string, ReplicaSet[], number, string[]][] = [
    ['revision order: rs1 < rs2, delete rs1', [mk('foo-1', 0, -60, '1'), mk('foo-2', 0, 0, '2')], 1, ['foo-1']],
    ['revision order: rs2 < rs1, delete rs2', [mk('foo-1', 0, -60, '2'), mk('foo-2', 0, 0, '1')], 1, ['foo-2']],
    ["rs1 has revision but rs2 doesn't have revision, delete rs2", [mk('foo-1', 0, -60, '1'), mk('foo-2', 0, 0, '')], 1, ['foo-2']],
    ["rs1 doesn't have revision while rs2 has revision, delete rs1", [mk('foo-1', 0, -60, ''), mk('foo-2', 0, 0, '2')], 1, ['foo-1']],
    ['revision order: rs1 < rs2 < r3, but rs1 has replicas, delete rs2', [mk('foo-1', 1, -60, '1'), mk('foo-2', 0, 0, '2'), mk('foo-3', 0, 60, '3')], 1, ['foo-2']],
    ["revision order: rs1 < rs2 < r3, both rs1 && rs2 have replicas, don't delete", [mk('foo-1', 1, -60, '1'), mk('foo-2', 1, 0, '2'), mk('foo-3', 0, 60, '3')], 1, []],
    ['revision order: rs2 < rs4 < rs1 < rs3, delete rs2 && rs4', [mk('foo-1', 0, -60, '3'), mk('foo-2', 0, 0, '1'), mk('foo-3', 0, 60, '4'), mk('foo-4', 0, 120, '2')], 2, ['foo-2', 'foo-4']],
  ];
  for (const [name, oldRSs, limit, expected] of cases) {
    it(`"${name}"`, () => {
      const d = newDeployment('foo', 1, limit, undefined, undefined, selector);
      const ctx = newSyncContext(d, oldRSs, T0);
      cleanupDeployment(ctx, oldRSs, d);
      const deleted = ctx.actions.flatMap((a) => (a.kind === 'DeleteReplicaSet' ? [a.name] : [])).sort();
      expect(deleted).toEqual(expected);
    });
  }
});

describe('sync_test.go TestGenerateReplicaSetName', () => {
  const cases: [string, string, string, string][] = [
    ['short name', 'my-deployment', 'abcde12345', 'my-deployment-abcde12345'],
    ['maximum length without truncating', 'a'.repeat(242), 'abcde12345', `${'a'.repeat(242)}-abcde12345`],
    ['very long deployment name is truncated', 'b'.repeat(250), 'abcde12345', `${'b'.repeat(242)}-abcde12345`],
    ['very long hash is not truncated', 'd'.repeat(252), 'h'.repeat(252), `${'d'.repeat(252)}-${'h'.repeat(252)}`],
  ];
  for (const [name, dn, hash, want] of cases) it(`"${name}"`, () => expect(generateReplicaSetName(dn, hash)).toBe(want));
});

describe('recreate_test.go', () => {
  it('TestScaleDownOldReplicaSets: every old RS goes to 0', () => {
    const d = newDeployment('foo', 3, undefined, undefined, undefined, { foo: 'bar' });
    const olds = [rs('foo-0', 3, { foo: 'bar' })];
    const ctx = newSyncContext(d, olds, T0);
    expect(scaleDownOldReplicaSetsForRecreate(ctx, olds, d)).toBe(true);
    expect(olds.map((r) => r.spec.replicas)).toEqual([0]);
  });

  const pod = (phase?: 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown'): Pod => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p' },
    spec: { containers: [] },
    ...(phase ? { status: { phase } } : {}),
  });
  const rsWithUID = (uid: string): ReplicaSet => {
    const r = rs(`foo-${uid}`, 0);
    r.metadata.uid = uid;
    return r;
  };
  const cases: [string, ReplicaSet[], PodMap, boolean][] = [
    ['no old RSs', [], new Map(), false],
    ['old RSs with running pods', [rsWithUID('some-uid'), rsWithUID('other-uid')], new Map([['some-uid', [pod(), pod()]], ['other-uid', [pod(), pod()]]]), true],
    ['old RSs without pods but with non-zero status replicas', [newRSWithStatus('rs-1', 0, 1)], new Map(), true],
    ['old RSs without pods or non-zero status replicas', [newRSWithStatus('rs-1', 0, 0)], new Map(), false],
    ['old RSs with zero status replicas but pods in terminal state are present', [newRSWithStatus('rs-1', 0, 0)], new Map([['uid-1', [pod('Failed'), pod('Succeeded')]]]), false],
    ['old RSs with zero status replicas but pod in unknown phase present', [newRSWithStatus('rs-1', 0, 0)], new Map([['uid-1', [pod('Unknown')]]]), true],
    ['old RSs with zero status replicas with pending pod present', [newRSWithStatus('rs-1', 0, 0)], new Map([['uid-1', [pod('Pending')]]]), true],
    ['old RSs with zero status replicas with running pod present', [newRSWithStatus('rs-1', 0, 0)], new Map([['uid-1', [pod('Running')]]]), true],
    ['old RSs with zero status replicas but pods in terminal state and pending are present', [newRSWithStatus('rs-1', 0, 0)], new Map([['uid-1', [pod('Failed'), pod('Succeeded')]], ['uid-2', []], ['uid-3', [pod('Pending')]]]), true],
  ];
  for (const [name, olds, podMap, expected] of cases) {
    it(`TestOldPodsRunning "${name}"`, () => expect(oldPodsRunning(undefined, olds, podMap)).toBe(expected));
  }
});
