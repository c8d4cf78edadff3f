/** Ported from pkg/controller/controller_utils_test.go and pkg/controller/replicaset/replica_set_test.go. */
import { describe, expect, it } from 'vitest';
import type { Pod, ReplicaSet } from '../../src/model/types.ts';
import {
  BurstReplicas,
  activePodsLess,
  activePodsWithRanksLess,
  calculateReplicaSetStatus,
  getPodsToDelete,
  isPodAvailable,
  manageReplicas,
  minReadyRequeue,
} from '../../src/controllers/replicaset/index.ts';
import { formatTime } from '../../src/controllers/common/time.ts';

const NOW = Date.UTC(2025, 5, 1) / 1000;
const t = (secondsAgo: number) => formatTime(NOW - secondsAgo);
const MONTH = 30 * 24 * 3600;
const HOUR = 3600;

type Phase = 'Pending' | 'Running' | 'Unknown' | 'Succeeded' | 'Failed';

function pod(
  name: string,
  nodeName: string,
  phase: Phase,
  ready: boolean,
  restarts: number,
  readySince?: string,
  created?: string,
  annotations?: Record<string, string>,
  uid?: string,
): Pod {
  const p: Pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: { containers: [], nodeName },
    status: { phase },
  };
  if (created) p.metadata.creationTimestamp = created;
  if (annotations) p.metadata.annotations = annotations;
  if (uid) p.metadata.uid = uid;
  if (ready) {
    p.status = {
      phase,
      conditions: [{ type: 'Ready', status: 'True', ...(readySince ? { lastTransitionTime: readySince } : {}) }],
      containerStatuses: [{ restartCount: restarts }],
    };
  }
  return p;
}

describe('controller_utils_test.go TestSortingActivePods "Sorts by active pod"', () => {
  const mk = (name: string, node: string, phase: Phase, ready: boolean, readySince: string | undefined, restarts: number[], created?: string): Pod => {
    const p = pod(name, node, phase, false, 0, undefined, created);
    if (ready) p.status = { phase, conditions: [{ type: 'Ready', status: 'True', ...(readySince ? { lastTransitionTime: readySince } : {}) }] };
    if (restarts.length) p.status = { ...p.status, containerStatuses: restarts.map((r) => ({ restartCount: r })) };
    return p;
  };
  const pods = [
    mk('unscheduled', '', 'Pending', false, undefined, []),
    mk('scheduledButPending', 'bar', 'Pending', false, undefined, []),
    mk('unknownPhase', 'foo', 'Unknown', false, undefined, []),
    mk('runningButNotReady', 'foo', 'Running', false, undefined, []),
    mk('runningNoLastTransitionTime', 'foo', 'Running', true, undefined, [3, 0]),
    mk('runningWithLastTransitionTime', 'foo', 'Running', true, t(0), [3, 0]),
    mk('runningLongerTime', 'foo', 'Running', true, t(MONTH), [3, 0]),
    mk('lowerContainerRestartCount', 'foo', 'Running', true, t(MONTH), [2, 1], t(0)),
    mk('oldest', 'foo', 'Running', true, t(MONTH), [2, 1], t(MONTH)),
  ];
  it('any permutation sorts into the documented order (20 shuffles)', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    for (let k = 0; k < 20; k++) {
      const shuffled = [...pods].sort(() => rand() - 0.5);
      shuffled.sort((a, b) => (activePodsLess(a, b) ? -1 : activePodsLess(b, a) ? 1 : 0));
      expect(shuffled.map((p) => p.metadata.name)).toEqual(pods.map((p) => p.metadata.name));
    }
  });
});

describe('controller_utils_test.go TestSortingActivePodsWithRanks', () => {
  const unscheduledPod = pod('unscheduled', '', 'Pending', false, 0);
  const scheduledPendingPod = pod('pending', 'node', 'Pending', false, 0);
  const unknownPhasePod = pod('unknown-phase', 'node', 'Unknown', false, 0);
  const runningNotReadyPod = pod('not-ready', 'node', 'Running', false, 0);
  const runningReadyNoLastTransitionTimePod = pod('ready-no-last-transition-time', 'node', 'Running', true, 0);
  const runningReadyNow = pod('ready-now', 'node', 'Running', true, 0, t(0), t(0));
  const runningReadyThen = pod('ready-then', 'node', 'Running', true, 0, t(MONTH), t(MONTH));
  const runningReadyNowHighRestarts = pod('ready-high-restarts', 'node', 'Running', true, 9001, t(0), t(0));
  const runningReadyNowCreatedThen = pod('ready-now-created-then', 'node', 'Running', true, 0, t(0), t(MONTH));
  const lowPodDeletionCost = pod('low-deletion-cost', 'node', 'Running', true, 0, t(0), t(MONTH), { 'controller.kubernetes.io/pod-deletion-cost': '10' });
  const highPodDeletionCost = pod('high-deletion-cost', 'node', 'Running', true, 0, t(0), t(MONTH), { 'controller.kubernetes.io/pod-deletion-cost': '100' });
  const unscheduled5Hours = pod('unscheduled-5-hours', '', 'Pending', false, 0, t(5 * HOUR), t(5 * HOUR));
  const unscheduled8Hours = pod('unscheduled-10-hours', '', 'Pending', false, 0, t(8 * HOUR), t(8 * HOUR));
  const ready2Hours = pod('ready-2-hours', '', 'Running', true, 0, t(2 * HOUR), t(MONTH));
  const ready5Hours = pod('ready-5-hours', '', 'Running', true, 0, t(5 * HOUR), t(MONTH));
  const ready10Hours = pod('ready-10-hours', '', 'Running', true, 0, t(8 * HOUR), t(MONTH));

  const equality: [Pod, Pod?][] = [
    [unscheduledPod],
    [scheduledPendingPod],
    [unknownPhasePod],
    [runningNotReadyPod],
    [runningReadyNowCreatedThen],
    [runningReadyNow],
    [runningReadyThen],
    [runningReadyNowHighRestarts],
    [runningReadyNowCreatedThen],
    [unscheduled5Hours, unscheduled8Hours],
    [ready5Hours, ready10Hours],
  ];
  equality.forEach(([p1, p2 = p1], i) => {
    it(`Equality tests ${i}: ${p1.metadata.name} ~ ${p2.metadata.name}`, () => {
      expect(activePodsWithRanksLess(p1, 1, p2, 1, NOW)).toBe(false);
      expect(activePodsWithRanksLess(p2, 1, p1, 1, NOW)).toBe(false);
    });
  });

  const inequality: [Pod, number, Pod, number][] = [
    [unscheduledPod, 1, scheduledPendingPod, 2],
    [unscheduledPod, 2, scheduledPendingPod, 1],
    [scheduledPendingPod, 1, unknownPhasePod, 2],
    [unknownPhasePod, 1, runningNotReadyPod, 2],
    [runningNotReadyPod, 1, runningReadyNoLastTransitionTimePod, 1],
    [runningReadyNoLastTransitionTimePod, 1, runningReadyNow, 1],
    [runningReadyNow, 2, runningReadyNoLastTransitionTimePod, 1],
    [runningReadyNow, 1, runningReadyThen, 1],
    [runningReadyNow, 2, runningReadyThen, 1],
    [runningReadyNowHighRestarts, 1, runningReadyNow, 1],
    [runningReadyNow, 2, runningReadyNowHighRestarts, 1],
    [runningReadyNow, 1, runningReadyNowCreatedThen, 1],
    [runningReadyNowCreatedThen, 2, runningReadyNow, 1],
    [lowPodDeletionCost, 2, highPodDeletionCost, 1],
    // case 14 disables PodDeletionCost (on by default in v1.35): not ported
    [ready2Hours, 1, ready5Hours, 1],
  ];
  inequality.forEach(([lesser, lr, greater, gr], i) => {
    it(`Inequality tests ${i}: ${lesser.metadata.name}(${lr}) < ${greater.metadata.name}(${gr})`, () => {
      expect(activePodsWithRanksLess(lesser, lr, greater, gr, NOW)).toBe(true);
      expect(activePodsWithRanksLess(greater, gr, lesser, lr, NOW)).toBe(false);
    });
  });
});

describe('replica_set_test.go TestGetPodsToDelete', () => {
  const unscheduledPendingPod = pod('unscheduled-pending-pod', '', 'Pending', false, 0);
  const scheduledPendingPod = pod('scheduled-pending-pod', 'fake-node', 'Pending', false, 0);
  const scheduledRunningNotReadyPod = pod('scheduled-running-not-ready-pod', 'fake-node', 'Running', false, 0);
  scheduledRunningNotReadyPod.status = { phase: 'Running', conditions: [{ type: 'Ready', status: 'False' }] };
  const readyOnNode1 = pod('scheduled-running-ready-pod-on-node-1', 'fake-node-1', 'Running', true, 0);
  const readyOnNode2 = pod('scheduled-running-ready-pod-on-node-2', 'fake-node-2', 'Running', true, 0);
  const newerReadyLaterUID = pod('newer-ready-pod-with-later-uid', 'fake-node', 'Running', true, 0, t(100), t(10000), undefined, 'z');
  const olderReadyEarlierUID = pod('older-ready-pod-with-earlier-uid', 'fake-node', 'Running', true, 0, t(120), t(10000), undefined, 'a');

  const cases: [string, Pod[], Pod[] | undefined, number, Pod[]][] = [
    ['len(pods) = 0 (i.e., diff = 0 too)', [], undefined, 0, []],
    ['diff = len(pods)', [scheduledRunningNotReadyPod, readyOnNode1], undefined, 2, [scheduledRunningNotReadyPod, readyOnNode1]],
    ['diff < len(pods)', [readyOnNode1, scheduledRunningNotReadyPod], undefined, 1, [scheduledRunningNotReadyPod]],
    [
      'various pod phases and conditions, diff = len(pods)',
      [readyOnNode1, readyOnNode1, readyOnNode2, scheduledRunningNotReadyPod, scheduledPendingPod, unscheduledPendingPod],
      undefined,
      6,
      [readyOnNode1, readyOnNode1, readyOnNode2, scheduledRunningNotReadyPod, scheduledPendingPod, unscheduledPendingPod],
    ],
    [
      'various pod phases and conditions, diff = len(pods), relatedPods empty',
      [readyOnNode1, readyOnNode1, readyOnNode2, scheduledRunningNotReadyPod, scheduledPendingPod, unscheduledPendingPod],
      [],
      6,
      [readyOnNode1, readyOnNode1, readyOnNode2, scheduledRunningNotReadyPod, scheduledPendingPod, unscheduledPendingPod],
    ],
    ['scheduled vs unscheduled, diff < len(pods)', [scheduledPendingPod, unscheduledPendingPod], undefined, 1, [unscheduledPendingPod]],
    ['ready vs not-ready, diff < len(pods)', [readyOnNode1, scheduledRunningNotReadyPod, scheduledRunningNotReadyPod], undefined, 2, [scheduledRunningNotReadyPod, scheduledRunningNotReadyPod]],
    ['ready and colocated with another ready pod vs not colocated, diff < len(pods)', [readyOnNode1, readyOnNode2], [readyOnNode1, readyOnNode2, readyOnNode2], 1, [readyOnNode2]],
    ['pending vs running, diff < len(pods)', [scheduledPendingPod, scheduledRunningNotReadyPod], undefined, 1, [scheduledPendingPod]],
    [
      'various pod phases and conditions, diff < len(pods)',
      [readyOnNode1, readyOnNode2, scheduledRunningNotReadyPod, scheduledPendingPod, unscheduledPendingPod],
      undefined,
      3,
      [unscheduledPendingPod, scheduledPendingPod, scheduledRunningNotReadyPod],
    ],
    ['ready time logarithmic tie sorts by UID, diff < len(pods)', [newerReadyLaterUID, olderReadyEarlierUID], undefined, 1, [olderReadyEarlierUID]],
  ];
  for (const [name, pods, related, diff, expected] of cases) {
    it(`"${name}"`, () => expect(getPodsToDelete(pods, related ?? pods, diff, NOW)).toEqual(expected));
  }
});

function replicaSet(replicas: number, minReadySeconds = 0): ReplicaSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: 'foo', namespace: 'default', generation: 3 },
    spec: { replicas, minReadySeconds, selector: { matchLabels: { name: 'foo' } }, template: { metadata: { labels: { name: 'foo', tier: 'web' } }, spec: { containers: [] } } },
  };
}

describe('replica_set.go manageReplicas / calculateStatus', () => {
  const running = (name: string, readySecondsAgo?: number, labels: Record<string, string> = { name: 'foo', tier: 'web' }): Pod => {
    const p = pod(name, 'n1', 'Running', readySecondsAgo !== undefined, 0, readySecondsAgo !== undefined ? t(readySecondsAgo) : undefined, t(1000));
    p.metadata.labels = labels;
    return p;
  };
  it('replica_set_test.go TestSyncReplicaSetCreateFailures-style burst: creations are capped at BurstReplicas (500)', () => {
    expect(manageReplicas(replicaSet(1200), [], NOW)).toEqual({ create: BurstReplicas, delete: [] });
    expect(manageReplicas(replicaSet(3), [running('a')], NOW)).toEqual({ create: 2, delete: [] });
  });
  it('scale-down deletes not-ready pods first and at most BurstReplicas', () => {
    const pods = [running('a', 50), running('b'), running('c', 10)];
    expect(manageReplicas(replicaSet(1), pods, NOW).delete.map((p) => p.metadata.name)).toEqual(['b', 'c']);
    const many = Array.from({ length: 700 }, (_, i) => running(`p${i}`, 5));
    expect(manageReplicas(replicaSet(0), many, NOW).delete).toHaveLength(BurstReplicas);
    expect(manageReplicas(replicaSet(3), pods, NOW)).toEqual({ create: 0, delete: [] });
  });
  it('status counts active, fully labeled, ready, available (minReadySeconds strictly passed) and terminating pods', () => {
    const terminating = running('t', 100);
    terminating.metadata.deletionTimestamp = t(1);
    const failed = pod('f', 'n1', 'Failed', false, 0);
    const pods = [running('a', 100), running('b', 10), running('c', 30), running('d'), running('e', 100, { name: 'foo' }), terminating, failed];
    const rs = replicaSet(5, 30);
    expect(calculateReplicaSetStatus(rs, pods, NOW)).toEqual({
      replicas: 5,
      fullyLabeledReplicas: 4,
      readyReplicas: 4,
      availableReplicas: 2, // a and e (ready 100 s ago); c is ready exactly 30 s: not yet (strict)
      terminatingReplicas: 1,
      observedGeneration: 3,
    });
    expect(isPodAvailable(running('x', 31), 30, NOW)).toBe(true);
    expect(minReadyRequeue(rs, calculateReplicaSetStatus(rs, pods, NOW))).toBeUndefined(); // 4 ready of 5
    const three = replicaSet(2, 30);
    expect(minReadyRequeue(three, calculateReplicaSetStatus(three, [running('a', 100), running('b', 10)], NOW))).toBe(30);
    expect(minReadyRequeue(three, calculateReplicaSetStatus(three, [running('a', 100), running('b', 100)], NOW))).toBeUndefined();
  });
});
