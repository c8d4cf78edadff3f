/**
 * Ported from pkg/controller/daemon/{daemon_controller_test.go,update_test.go} and
 * pkg/controller/statefulset/stateful_set_control_test.go (the applicable behaviours).
 */
import { describe, expect, it } from 'vitest';
import type { DaemonSet, Node, Pod, PodSpec, StatefulSet } from '../../src/model/types.ts';
import { daemonSetFenceposts, nodeShouldRunDaemonPod, rollingUpdate } from '../../src/controllers/daemonset/index.ts';
import { computeStatefulSetStatus, getStatefulSetMaxUnavailable, syncStatefulSet, type StatefulSetView } from '../../src/controllers/statefulset/index.ts';
import { formatTime } from '../../src/controllers/common/time.ts';

const NOW = Date.UTC(2025, 0, 1) / 1000;
const simpleDaemonSetLabel = { name: 'simple-daemon', type: 'production' };

function node(name: string, labels: Record<string, string> = simpleDaemonSetLabel, taints: Node['spec'] extends infer S ? (S extends { taints?: infer T } ? T : never) : never = []): Node {
  return { apiVersion: 'v1', kind: 'Node', metadata: { name, labels }, spec: { taints }, status: { allocatable: { cpu: '1', memory: '100M', pods: 100 } } };
}

function daemonSet(spec: Partial<PodSpec> = {}, rollingUpdate?: { maxUnavailable?: number | string; maxSurge?: number | string }): DaemonSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'ds', namespace: 'default' },
    spec: {
      selector: { matchLabels: simpleDaemonSetLabel },
      template: { metadata: { labels: simpleDaemonSetLabel }, spec: { containers: [{ name: 'c', image: 'img' }], ...spec } },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: rollingUpdate ?? { maxUnavailable: 1 } },
    },
  };
}

describe('daemon_controller_test.go TestNodeShouldRunDaemonPod', () => {
  const affinity = (value: string): Partial<PodSpec> => ({
    affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'type', operator: 'In', values: [value] }] }] } } },
  });
  const cases: [string, Partial<PodSpec>, Node, boolean, boolean][] = [
    ['ShouldRunDaemonPod', {}, node('test-node'), true, true],
    ['InsufficientResourceError (resources are left to the scheduler)', { containers: [{ name: 'c', resources: { requests: { memory: '200M', cpu: '0.5' } } }] }, node('test-node'), true, true],
    ['ErrPodNotMatchHostName', { nodeName: 'other-node' }, node('test-node'), false, false],
    ['ErrPodNotFitsHostPorts (host ports are left to the scheduler)', { containers: [{ name: 'c', ports: [{ containerPort: 1, hostPort: 666 }] }] }, node('test-node'), true, true],
    ['ErrNodeSelectorNotMatch', { nodeSelector: { foo: 'bar' } }, node('test-node'), false, false],
    ['ShouldRunDaemonPod (nodeSelector matches)', { nodeSelector: simpleDaemonSetLabel }, node('test-node'), true, true],
    ['ErrPodAffinityNotMatch', affinity('test'), node('test-node'), false, false],
    ['ShouldRunDaemonPod (affinity matches)', affinity('production'), node('test-node'), true, true],
  ];
  for (const [name, spec, n, shouldRun, shouldContinueRunning] of cases) {
    it(`"${name}"`, () => expect(nodeShouldRunDaemonPod(n, daemonSet(spec))).toEqual({ shouldRun, shouldContinueRunning }));
  }
  it('"ShouldRunDaemonPodOnUnschedulableNode": the unschedulable taint is tolerated automatically', () => {
    const n = node('test-node', simpleDaemonSetLabel, [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }]);
    n.spec = { ...n.spec, unschedulable: true };
    expect(nodeShouldRunDaemonPod(n, daemonSet())).toEqual({ shouldRun: true, shouldContinueRunning: true });
  });
  it('TestTaintedNode...: an untolerated NoSchedule taint stops new pods but lets existing ones run; NoExecute evicts', () => {
    expect(nodeShouldRunDaemonPod(node('n', simpleDaemonSetLabel, [{ key: 'dedicated', value: 'x', effect: 'NoSchedule' }]), daemonSet())).toEqual({ shouldRun: false, shouldContinueRunning: true });
    expect(nodeShouldRunDaemonPod(node('n', simpleDaemonSetLabel, [{ key: 'dedicated', value: 'x', effect: 'NoExecute' }]), daemonSet())).toEqual({ shouldRun: false, shouldContinueRunning: false });
    const tolerating = daemonSet({ tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'x', effect: 'NoExecute' }] });
    expect(nodeShouldRunDaemonPod(node('n', simpleDaemonSetLabel, [{ key: 'dedicated', value: 'x', effect: 'NoExecute' }]), tolerating)).toEqual({ shouldRun: true, shouldContinueRunning: true });
  });
  it('TestNotReadyNodeDaemonDoesLaunchPod / TestNodeDaemonLaunchesToleratePod: not-ready, unreachable and pressure taints are tolerated', () => {
    for (const [key, effect] of [
      ['node.kubernetes.io/not-ready', 'NoExecute'],
      ['node.kubernetes.io/unreachable', 'NoExecute'],
      ['node.kubernetes.io/memory-pressure', 'NoSchedule'],
      ['node.kubernetes.io/disk-pressure', 'NoSchedule'],
      ['node.kubernetes.io/pid-pressure', 'NoSchedule'],
    ] as const) {
      expect(nodeShouldRunDaemonPod(node('n', simpleDaemonSetLabel, [{ key, effect }]), daemonSet())).toEqual({ shouldRun: true, shouldContinueRunning: true });
    }
    const netTaint = [{ key: 'node.kubernetes.io/network-unavailable', effect: 'NoSchedule' as const }];
    expect(nodeShouldRunDaemonPod(node('n', simpleDaemonSetLabel, netTaint), daemonSet()).shouldRun).toBe(false);
    expect(nodeShouldRunDaemonPod(node('n', simpleDaemonSetLabel, netTaint), daemonSet({ hostNetwork: true })).shouldRun).toBe(true);
  });
});

describe('update_test.go: DaemonSet fenceposts and rolling update', () => {
  it('maxSurge and maxUnavailable both round up; 0/0 → maxUnavailable 1 when nodes exist (rollout-spec §2.3)', () => {
    expect(daemonSetFenceposts(daemonSet({}, { maxUnavailable: '50%' }), 3)).toEqual({ maxSurge: 0, maxUnavailable: 2 });
    expect(daemonSetFenceposts(daemonSet({}, { maxUnavailable: 0, maxSurge: '10%' }), 5)).toEqual({ maxSurge: 1, maxUnavailable: 0 });
    expect(daemonSetFenceposts(daemonSet({}, { maxUnavailable: '0%', maxSurge: 0 }), 5)).toEqual({ maxSurge: 0, maxUnavailable: 1 });
    expect(daemonSetFenceposts(daemonSet({}, { maxUnavailable: '0%', maxSurge: 0 }), 0)).toEqual({ maxSurge: 0, maxUnavailable: 0 });
  });

  const dpod = (name: string, nodeName: string, hash: string, readySecondsAgo?: number): Pod => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: { 'controller-revision-hash': hash } },
    spec: { containers: [], nodeName },
    status: readySecondsAgo === undefined ? { phase: 'Pending' } : { phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: formatTime(NOW - readySecondsAgo) }] },
  });
  const nodes = ['node-0', 'node-1', 'node-2', 'node-3', 'node-4'];

  it('TestDaemonSetUpdatesPods-style: maxUnavailable 2 deletes 2 available old pods per step, none while 2 new ones are unavailable', () => {
    const ds = daemonSet({}, { maxUnavailable: 2 });
    const view = (pods: Map<string, Pod[]>) => ({ ds, nodeToDaemonPods: pods, hash: 'new', shouldRun: () => true, desiredNumberScheduled: 5, now: NOW });
    const all = new Map(nodes.map((n, i) => [n, [dpod(`old-${i}`, n, 'old', 100)]]));
    expect(rollingUpdate(view(all))).toEqual({ podsToDelete: ['old-0', 'old-1'], nodesToCreate: [] });
    // Those two were replaced by new pods that are not available yet: no budget left.
    const step2 = new Map(all);
    step2.set('node-0', [dpod('new-0', 'node-0', 'new')]);
    step2.set('node-1', [dpod('new-1', 'node-1', 'new')]);
    expect(rollingUpdate(view(step2))).toEqual({ podsToDelete: [], nodesToCreate: [] });
    // One is available: one more old pod may go.
    step2.set('node-0', [dpod('new-0', 'node-0', 'new', 5)]);
    expect(rollingUpdate(view(step2))).toEqual({ podsToDelete: ['old-2'], nodesToCreate: [] });
  });

  it('an unavailable old pod is always replaced, even beyond maxUnavailable', () => {
    const ds = daemonSet({}, { maxUnavailable: 1 });
    const pods = new Map(nodes.map((n, i) => [n, [dpod(`old-${i}`, n, 'old', i < 3 ? undefined : 100)]]));
    expect(rollingUpdate({ ds, nodeToDaemonPods: pods, hash: 'new', shouldRun: () => true, desiredNumberScheduled: 5, now: NOW }).podsToDelete).toEqual(['old-0', 'old-1', 'old-2']);
  });

  it('TestDaemonSetUpdatesPodsWithMaxSurge-style: surge creates up to maxSurge new pods, deletes old ones whose new pod is available', () => {
    const ds = daemonSet({}, { maxUnavailable: 0, maxSurge: 2 });
    const view = (pods: Map<string, Pod[]>) => ({ ds, nodeToDaemonPods: pods, hash: 'new', shouldRun: () => true, desiredNumberScheduled: 5, now: NOW });
    const all = new Map(nodes.map((n, i) => [n, [dpod(`old-${i}`, n, 'old', 100)]]));
    expect(rollingUpdate(view(all))).toEqual({ podsToDelete: [], nodesToCreate: ['node-0', 'node-1'] });
    const step2 = new Map(all);
    step2.set('node-0', [dpod('old-0', 'node-0', 'old', 100), dpod('new-0', 'node-0', 'new', 5)]);
    step2.set('node-1', [dpod('old-1', 'node-1', 'old', 100), dpod('new-1', 'node-1', 'new')]);
    // node-0: new available → delete old-0; node-1 still surging (1 of 2) → one more creation.
    expect(rollingUpdate(view(step2))).toEqual({ podsToDelete: ['old-0'], nodesToCreate: ['node-2'] });
  });

  it('with surge, pods on nodes that should no longer run the daemon go only when availability allows', () => {
    const ds = daemonSet({}, { maxUnavailable: 0, maxSurge: 1 });
    const pods = new Map([
      ['node-0', [dpod('old-0', 'node-0', 'old', 100)]],
      ['node-1', [dpod('new-1', 'node-1', 'new')]],
    ]);
    const shouldRun = (n: string) => n === 'node-1';
    // node-0's pod is the only available one and desiredNumberScheduled is 1: keep it.
    expect(rollingUpdate({ ds, nodeToDaemonPods: pods, hash: 'new', shouldRun, desiredNumberScheduled: 1, now: NOW }).podsToDelete).toEqual([]);
    pods.set('node-1', [dpod('new-1', 'node-1', 'new', 5)]);
    expect(rollingUpdate({ ds, nodeToDaemonPods: pods, hash: 'new', shouldRun, desiredNumberScheduled: 1, now: NOW }).podsToDelete).toEqual(['old-0']);
  });
});

function statefulSet(replicas: number, opts: Partial<StatefulSet['spec']> = {}): StatefulSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'web', namespace: 'default', generation: 1 },
    spec: { replicas, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [] } }, ...opts },
  };
}
function spod(ordinal: number, revision: string, state: 'ready' | 'pending' | 'terminating' | 'failed' = 'ready'): Pod {
  const p: Pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `web-${ordinal}`, labels: { app: 'web', 'controller-revision-hash': revision } },
    spec: { containers: [] },
    status: state === 'pending' ? { phase: 'Pending' } : state === 'failed' ? { phase: 'Failed' } : { phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: formatTime(NOW - 100) }] },
  };
  if (state === 'terminating') p.metadata.deletionTimestamp = formatTime(NOW - 1);
  return p;
}
const sv = (set: StatefulSet, pods: Pod[], extra: Partial<StatefulSetView> = {}): StatefulSetView => ({ set, pods, currentRevision: 'r1', updateRevision: 'r2', now: NOW, ...extra });
const names = (d: { create: { name: string }[]; delete: Pod[] }) => ({ create: d.create.map((c) => c.name), delete: d.delete.map((p) => p.metadata.name) });

describe('stateful_set_control_test.go (applicable behaviours)', () => {
  it('OrderedReady scale up: one pod per sync, only after its predecessor is Running and Ready (CreatesPods)', () => {
    const set = statefulSet(3);
    expect(names(syncStatefulSet(sv(set, [], { updateRevision: 'r1' })))).toEqual({ create: ['web-0'], delete: [] });
    expect(names(syncStatefulSet(sv(set, [spod(0, 'r1', 'pending')], { updateRevision: 'r1' })))).toEqual({ create: [], delete: [] });
    expect(names(syncStatefulSet(sv(set, [spod(0, 'r1')], { updateRevision: 'r1' })))).toEqual({ create: ['web-1'], delete: [] });
  });
  it('Parallel scale up creates all missing pods at once', () => {
    const set = statefulSet(3, { podManagementPolicy: 'Parallel' });
    expect(names(syncStatefulSet(sv(set, [], { updateRevision: 'r1' })))).toEqual({ create: ['web-0', 'web-1', 'web-2'], delete: [] });
  });
  it('OrderedReady scale down: highest ordinal first, one per sync, waits for termination (ScaleDown)', () => {
    const set = statefulSet(1);
    const pods = [spod(0, 'r1'), spod(1, 'r1'), spod(2, 'r1')];
    expect(names(syncStatefulSet(sv(set, pods, { updateRevision: 'r1' })))).toEqual({ create: [], delete: ['web-2'] });
    expect(names(syncStatefulSet(sv(set, [spod(0, 'r1'), spod(1, 'r1'), spod(2, 'r1', 'terminating')], { updateRevision: 'r1' })))).toEqual({ create: [], delete: [] });
    const parallel = statefulSet(1, { podManagementPolicy: 'Parallel' });
    expect(names(syncStatefulSet(sv(parallel, pods, { updateRevision: 'r1' })))).toEqual({ create: [], delete: ['web-2', 'web-1'] });
  });
  it('a failed pod is deleted (and recreated on a later sync)', () => {
    const set = statefulSet(2);
    expect(names(syncStatefulSet(sv(set, [spod(0, 'r1', 'failed'), spod(1, 'r1')], { updateRevision: 'r1' })))).toEqual({ create: [], delete: ['web-0'] });
  });
  it('RollingUpdate: from the highest ordinal down, one pod per sync, waiting for the recreated pod to be healthy', () => {
    const set = statefulSet(3, { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } } });
    expect(names(syncStatefulSet(sv(set, [spod(0, 'r1'), spod(1, 'r1'), spod(2, 'r1')])))).toEqual({ create: [], delete: ['web-2'] });
    // web-2 gone: recreated at the update revision
    const recreate = syncStatefulSet(sv(set, [spod(0, 'r1'), spod(1, 'r1')]));
    expect(recreate.create).toEqual([{ ordinal: 2, name: 'web-2', revision: 'r2' }]);
    expect(names(syncStatefulSet(sv(set, [spod(0, 'r1'), spod(1, 'r1'), spod(2, 'r2', 'pending')])))).toEqual({ create: [], delete: [] });
    expect(names(syncStatefulSet(sv(set, [spod(0, 'r1'), spod(1, 'r1'), spod(2, 'r2')])))).toEqual({ create: [], delete: ['web-1'] });
  });
  it('RollingUpdate with partition 2: only ordinals ≥ 2 update; lower ordinals are recreated at the current revision', () => {
    const set = statefulSet(3, { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 2 } } });
    expect(names(syncStatefulSet(sv(set, [spod(0, 'r1'), spod(1, 'r1'), spod(2, 'r2')])))).toEqual({ create: [], delete: [] });
    expect(syncStatefulSet(sv(set, [spod(1, 'r1'), spod(2, 'r2')])).create).toEqual([{ ordinal: 0, name: 'web-0', revision: 'r1' }]);
  });
  it('OnDelete: nothing is deleted for the update; a deleted pod comes back at the update revision', () => {
    const set = statefulSet(2, { updateStrategy: { type: 'OnDelete' } });
    expect(names(syncStatefulSet(sv(set, [spod(0, 'r1'), spod(1, 'r1')])))).toEqual({ create: [], delete: [] });
    expect(syncStatefulSet(sv(set, [spod(1, 'r1')])).create).toEqual([{ ordinal: 0, name: 'web-0', revision: 'r2' }]);
  });
  it('Parallel does not parallelise updates without MaxUnavailableStatefulSet; with it, up to maxUnavailable old pods go at once', () => {
    const set = statefulSet(5, { podManagementPolicy: 'Parallel', updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 2 } } });
    const pods = [0, 1, 2, 3, 4].map((i) => spod(i, 'r1'));
    expect(names(syncStatefulSet(sv(set, pods)))).toEqual({ create: [], delete: ['web-4'] });
    expect(names(syncStatefulSet(sv(set, pods, { maxUnavailableGate: true })))).toEqual({ create: [], delete: ['web-4', 'web-3'] });
    // one already unavailable: one more
    const oneDown = [...pods.slice(0, 4), spod(4, 'r2', 'pending')];
    expect(names(syncStatefulSet(sv(set, oneDown, { maxUnavailableGate: true })))).toEqual({ create: [], delete: ['web-3'] });
  });
  it('stateful_set_utils_test.go getStatefulSetMaxUnavailable: rounds down, at least 1', () => {
    expect(getStatefulSetMaxUnavailable(statefulSet(10, { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%' } } }))).toBe(2);
    expect(getStatefulSetMaxUnavailable(statefulSet(3, { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '10%' } } }))).toBe(1);
    expect(getStatefulSetMaxUnavailable(statefulSet(3))).toBe(1);
  });
  it('status completes the update when updated = ready = replicas = spec.replicas', () => {
    const set = statefulSet(2, { updateStrategy: { type: 'RollingUpdate' } });
    expect(computeStatefulSetStatus(sv(set, [spod(0, 'r1'), spod(1, 'r2')]))).toMatchObject({ currentReplicas: 1, updatedReplicas: 1, currentRevision: 'r1' });
    expect(computeStatefulSetStatus(sv(set, [spod(0, 'r2'), spod(1, 'r2')]))).toMatchObject({ currentReplicas: 2, updatedReplicas: 2, currentRevision: 'r2' });
  });
});
