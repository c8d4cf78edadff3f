/**
 * The scheduling queue as kube-scheduler v1.35: cluster events and the plugins' queueing hints,
 * backoffQ (ordering window, popped when activeQ is empty) and unschedulablePods (leftover flush).
 * Cases ported from pkg/scheduler/backend/queue/scheduling_queue_test.go and backoff_queue_test.go
 * where they apply, and the two defects measured in issue 14 (point 4).
 */
import { describe, expect, it } from 'vitest';
import { SchedulingQueue, type QueuedPodInfo } from '../../src/scheduler/queue.ts';
import { buildScheduler } from '../../src/scheduler/setup.ts';
import type { Scheduler, SchedulerEvent } from '../../src/scheduler/scheduler.ts';
import { Engine } from '../../src/engine/engine.ts';
import type { ClusterState } from '../../src/model/cluster.ts';
import type { Node, Pod } from '../../src/model/types.ts';
import { newPodInfo, type PodInfo } from '../../src/model/pod-info.ts';
import { Add, Delete, UpdateNodeTaint, type ClusterEventWithHint } from '../../src/scheduler/framework/events.ts';
import { makeCluster, makeNode, makePod } from '../helpers/cluster.ts';

let seq = 0;
function podInfo(name: string, priority = 0, extra: Partial<Pod> = {}): PodInfo {
  const p = newPodInfo(makePod(name, [], { ...extra, spec: { containers: [], priority, ...(extra.spec ?? {}) } as Pod['spec'] }));
  p.seq = seq++;
  return p;
}

/** A queue whose profile has one plugin `Fake` registered for Node/Add with a hint, and one without events. */
function fakeQueue(hint: ClusterEventWithHint['hint'] = () => 'Queue', opts: { initial?: number; max?: number } = {}): SchedulingQueue {
  return new SchedulingQueue({
    podInitialBackoffSeconds: opts.initial,
    podMaxBackoffSeconds: opts.max,
    profiles: new Map([['default-scheduler', [{ name: 'Fake', eventsToRegister: () => [{ event: { resource: 'Node', actionType: Add }, hint }] }]]]),
    termMatches: () => false,
  });
}

const names = (qs: (QueuedPodInfo | undefined)[]): string[] => qs.map((q) => q?.pod.name ?? '-');

describe('calculateBackoffDuration (backoff_queue_test.go TestBackoffQueue_calculateBackoffDuration)', () => {
  it('doubles from the initial back-off and is capped', () => {
    const q = fakeQueue();
    expect([0, 1, 2, 3, 4, 5, 6].map((n) => q.backoffDuration(n))).toEqual([0, 1, 2, 4, 8, 10, 10]);
    // "normal": 1 ns initial, 32 ns max, 16 attempts → 32 ns (units are arbitrary here)
    expect(fakeQueue(undefined, { initial: 1, max: 32 }).backoffDuration(16)).toBe(32);
    // "overflow_64bit": no overflow for large attempt counts
    expect(fakeQueue(undefined, { initial: 1, max: Number.MAX_SAFE_INTEGER }).backoffDuration(64)).toBe(Number.MAX_SAFE_INTEGER);
  });
});

describe('activeQ order (priority_sort.go Less: priority, then queue timestamp)', () => {
  it('TestPriorityQueue_Add: higher priority first, then arrival', () => {
    const q = fakeQueue();
    const med = podInfo('med', 10);
    const unsched = podInfo('unsched', 0);
    const high = podInfo('high', 100);
    q.add(med, 0);
    q.add(unsched, 0);
    q.add(high, 0);
    expect(names([q.pop(), q.pop(), q.pop(), q.pop()])).toEqual(['high', 'med', 'unsched', '-']);
  });

  it('a pod that failed comes back with a new timestamp: behind pods queued before its failure', () => {
    const q = fakeQueue();
    const a = podInfo('a');
    const b = podInfo('b');
    q.add(a, 0);
    q.add(b, 0);
    const qa = q.pop()!;
    q.addUnschedulable(qa, new Set(['Fake']), 'no', 0);
    q.moveAllToActiveOrBackoff({ resource: 'Node', actionType: Add }, null, makeNode('n'), 5); // back-off over at 5
    expect(names([q.pop(), q.pop()])).toEqual(['b', 'a']);
  });
});

describe('backoffQ (backoff_queue.go: ordering window, isPodBackingoff)', () => {
  it('a back-off ending in the current 1 s window still counts: failed at 10.3 with 1 s → done at 12.0', () => {
    const q = fakeQueue();
    q.add(podInfo('p'), 10);
    const p = q.pop()!;
    q.addUnschedulable(p, new Set(['Fake']), 'no', 10.3);
    expect(q.backoffTime(p)).toBe(11); // truncate(10.3 + 1)
    expect(q.isPodBackingoff(p, 11.9)).toBe(true);
    expect(q.isPodBackingoff(p, 12)).toBe(false);
  });

  it('TestBackoffQueueOrdering: by window, then as activeQ (priority first)', () => {
    const q = fakeQueue();
    const mk = (name: string, prio: number, failedAt: number): void => {
      q.add(podInfo(name, prio), failedAt);
      const x = q.pop()!;
      q.addUnschedulable(x, new Set(['Fake']), 'no', failedAt);
    };
    mk('pod1', 1, 99.9); // window 100
    mk('pod0', 1, 100.1); // window 101
    mk('pod3', 1, 100.2); // window 101
    mk('pod2', 2, 100.7); // window 101, higher priority
    q.moveAllToActiveOrBackoff({ resource: 'Node', actionType: Add }, null, makeNode('n'), 100.8);
    expect(q.activeLength).toBe(0);
    expect(q.backoffLength).toBe(4);
    // activeQ empty: popped from backoffQ in its order
    expect(names([q.pop(), q.pop(), q.pop(), q.pop()])).toEqual(['pod1', 'pod2', 'pod0', 'pod3']);
  });

  it('TestPopFromBackoffQ: with activeQ empty the head of backoffQ pops at once; error backoffQ pods wait their back-off', () => {
    const q = fakeQueue();
    q.add(podInfo('rejected'), 0);
    q.add(podInfo('errored'), 0);
    const r = q.pop()!;
    const e = q.pop()!;
    q.addUnschedulable(r, new Set(['Fake']), 'no', 0);
    q.addUnschedulable(e, new Set(), 'error', 0); // no rejecting plugin: error backoffQ
    expect(q.backoffLength).toBe(1);
    q.moveAllToActiveOrBackoff({ resource: 'Node', actionType: Add }, null, makeNode('n'), 0);
    expect(q.backoffLength).toBe(2);
    expect(q.pop()?.pod.name).toBe('rejected');
    expect(q.pop()).toBeUndefined();
    expect(q.nextWakeup(0)).toBe(2); // window 1 ends at 2
    q.flushBackoffCompleted(1.5);
    expect(q.activeLength).toBe(0);
    q.flushBackoffCompleted(2);
    expect(q.pop()?.pod.name).toBe('errored');
  });
});

describe('queueing hints (isPodWorthRequeuing)', () => {
  it('QueueSkip leaves the pod in unschedulablePods; an event nobody registered is not of interest', () => {
    const q = fakeQueue(() => 'QueueSkip');
    q.add(podInfo('p'), 0);
    const p = q.pop()!;
    q.addUnschedulable(p, new Set(['Fake']), 'no', 0);
    q.moveAllToActiveOrBackoff({ resource: 'Node', actionType: Add }, null, makeNode('n'), 0);
    expect(q.unschedulablePods.size).toBe(1);
    q.moveAllToActiveOrBackoff({ resource: 'Node', actionType: Delete }, makeNode('n'), null, 0);
    expect(q.unschedulablePods.size).toBe(1);
  });

  it('only the hints of the plugins that rejected the pod count', () => {
    const q = fakeQueue(() => 'Queue');
    q.add(podInfo('p'), 0);
    const p = q.pop()!;
    q.addUnschedulable(p, new Set(['Other']), 'no', 0);
    q.moveAllToActiveOrBackoff({ resource: 'Node', actionType: Add }, null, makeNode('n'), 0);
    expect(q.unschedulablePods.size).toBe(1);
  });

  it('a pod rejected by no plugin is requeued by any event of interest', () => {
    const q = fakeQueue(() => 'QueueSkip');
    q.add(podInfo('p'), 0);
    const p = q.pop()!;
    q.addUnschedulable(p, new Set(), 'error', 0);
    expect(q.unschedulablePods.size).toBe(0);
    expect(q.backoffLength).toBe(1);
  });

  it('events seen while the pod is in flight decide where it goes back (determineSchedulingHintForInFlightPod)', () => {
    const q = fakeQueue(() => 'Queue');
    q.add(podInfo('p'), 0);
    const p = q.pop()!;
    q.moveAllToActiveOrBackoff({ resource: 'Node', actionType: Add }, null, makeNode('n'), 0);
    q.addUnschedulable(p, new Set(['Fake']), 'no', 0);
    expect(q.unschedulablePods.size).toBe(0);
    expect(q.backoffLength).toBe(1);
  });

  it('TestPriorityQueue_flushUnschedulablePodsLeftover: every 30 s, pods unschedulable for more than 5 minutes', () => {
    const q = fakeQueue(() => 'QueueSkip');
    q.add(podInfo('p'), 0);
    q.addUnschedulable(q.pop()!, new Set(['Fake']), 'no', 0);
    q.flushUnschedulableLeftover(0);
    expect(q.nextWakeup(0)).toBe(330); // 300 − 0 is not more than 5 minutes; 330 is the next tick
    q.flushUnschedulableLeftover(300);
    expect(q.unschedulablePods.size).toBe(1);
    q.flushUnschedulableLeftover(330);
    expect(q.unschedulablePods.size).toBe(0);
    expect(q.activeLength).toBe(1);
  });
});

/** The default profile over `cluster`, recording every event. */
async function defaultScheduler(cluster: ClusterState, events: string[]): Promise<Scheduler> {
  return buildScheduler(cluster, {
    seed: 1,
    onEvent: (e: SchedulerEvent) => events.push(e.kind === 'Scheduled' ? `S ${e.pod} ${e.node}` : e.kind === 'Preempted' ? `P ${e.pod} ${e.node}` : `F ${e.pod} [${e.plugins.join(',')}]`),
  });
}

describe('the default plugins\' events and hints', () => {
  it('TaintToleration: a new node the pod tolerates moves it; a tainted one does not', async () => {
    const cluster = makeCluster([makeNode('tainted', { cpu: '2' }, { spec: { taints: [{ key: 'k', value: 'v', effect: 'NoSchedule' }] } })]);
    const events: string[] = [];
    const s = await defaultScheduler(cluster, events);
    s.enqueue(cluster.addPod(makePod('p', [{ cpu: '1' }])));
    s.runUntilIdle(0);
    expect(events).toEqual(['F default/p [TaintToleration]']);
    cluster.addNode(makeNode('tainted-2', { cpu: '2' }, { spec: { taints: [{ key: 'k', value: 'v', effect: 'NoSchedule' }] } }));
    s.syncNodes(1);
    expect(s.unschedulable.size).toBe(1);
    cluster.addNode(makeNode('clean', { cpu: '2' }));
    s.syncNodes(2);
    expect(s.unschedulable.size).toBe(0);
    s.runUntilIdle(2);
    expect(events.at(-1)).toBe('S default/p clean');
  });

  it('NodeResourcesFit: a node too small for the pod does not move it; deleting an unscheduled pod does not either', async () => {
    const cluster = makeCluster([makeNode('small', { cpu: '1' })]);
    const events: string[] = [];
    const s = await defaultScheduler(cluster, events);
    s.enqueue(cluster.addPod(makePod('p', [{ cpu: '2' }])));
    s.runUntilIdle(0);
    cluster.addNode(makeNode('small-2', { cpu: '1' }));
    s.syncNodes(1);
    expect(s.unschedulable.size).toBe(1);
    const other = cluster.addPod(makePod('other', [{ cpu: '5' }]));
    cluster.removePod(other.key);
    s.podDeleted(other, 1);
    expect(s.unschedulable.size).toBe(1);
    // the node grows (UpdateNodeAllocatable): the pod fits an empty node of that size now
    cluster.addNode(makeNode('small', { cpu: '4' }));
    s.syncNodes(2);
    expect(s.unschedulable.size).toBe(0);
  });

  it('a node taint removed (UpdateNodeTaint) moves a pod rejected by TaintToleration', async () => {
    const taint = { key: 'k', value: 'v', effect: 'NoSchedule' as const };
    const cluster = makeCluster([makeNode('n', { cpu: '2' }, { spec: { taints: [taint] } })]);
    const events: string[] = [];
    const s = await defaultScheduler(cluster, events);
    s.enqueue(cluster.addPod(makePod('p', [{ cpu: '1' }])));
    s.runUntilIdle(0);
    const n: Node = cluster.nodes.get('n')!.node;
    cluster.addNode({ ...n, metadata: { ...n.metadata, labels: { x: 'y' } } }); // a label change only
    s.syncNodes(1);
    expect(s.unschedulable.size).toBe(1);
    cluster.addNode({ ...n, spec: { taints: [] } });
    s.syncNodes(2);
    expect(s.unschedulable.size).toBe(0);
    expect(UpdateNodeTaint).toBeGreaterThan(0);
  });
});

describe('issue 14 point 4: measured defects', () => {
  const hostname = 'kubernetes.io/hostname';
  const nodes = (): Node[] => [makeNode('n1', { cpu: '4' }, { metadata: { name: 'n1', labels: { [hostname]: 'n1' } } }), makeNode('n2', { cpu: '4' }, { metadata: { name: 'n2', labels: { [hostname]: 'n2' } } })];
  const a = (): Pod => makePod('a', [{ cpu: '100m' }], { metadata: { name: 'a', namespace: 'default', labels: { app: 'a' } } });
  const b = (): Pod =>
    makePod('b', [{ cpu: '100m' }], {
      spec: {
        containers: [{ name: 'c', resources: { requests: { cpu: '100m' } } }],
        priority: 10,
        affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'a' } }, topologyKey: hostname }] } },
      },
    });

  it('B needs affinity to A and is tried first: A binding (AssignedPodAdd + InterPodAffinity hint) retries B in the same pass (kubesim schedule left it pending)', async () => {
    const cluster = makeCluster(nodes());
    const events: string[] = [];
    const s = await defaultScheduler(cluster, events);
    cluster.addPod(b());
    cluster.addPod(a());
    s.enqueueAllPending();
    s.runUntilIdle();
    const aNode = cluster.pods.get('default/a')!.nodeName;
    expect(events).toEqual(['F default/b [InterPodAffinity]', `S default/a ${aNode}`, `S default/b ${aNode}`]);
    expect(cluster.pendingPods.size).toBe(0);
  });

  it('in the engine B binds in the tick A binds, not after the 5-minute flush', async () => {
    const cluster = makeCluster(nodes());
    cluster.addPod(b());
    cluster.addPod(a());
    let engine!: Engine;
    const scheduler = await buildScheduler(cluster, { seed: 1, onEvent: (e) => engine.schedulerEventSink(e) });
    engine = new Engine(cluster, scheduler, { seed: 1 });
    engine.adoptExistingPods();
    engine.run(600);
    const scheduled = engine.events.filter((e) => e.kind === 'Scheduled').map((e) => [e.object, e.t]);
    expect(scheduled).toEqual([
      ['Pod default/a', 0],
      ['Pod default/b', 0],
    ]);
  });

  it('the preemptor goes through backoffQ: the rest of activeQ is scheduled first, then it binds on its nominated node', async () => {
    const cluster = makeCluster([makeNode('n1', { cpu: '2' }), makeNode('n2', { cpu: '2' })]);
    // n1 full of a low-priority pod, n2 half full
    cluster.addPod(makePod('victim', [{ cpu: '2' }], { spec: { containers: [{ name: 'c', resources: { requests: { cpu: '2' } } }], nodeName: 'n1', priority: 0 } }));
    cluster.addPod(makePod('half', [{ cpu: '1' }], { spec: { containers: [{ name: 'c', resources: { requests: { cpu: '1' } } }], nodeName: 'n2', priority: 0 } }));
    const events: string[] = [];
    const s = await defaultScheduler(cluster, events);
    const spec = (cpu: string, priority: number): Pod['spec'] => ({ containers: [{ name: 'c', resources: { requests: { cpu } } }], priority });
    cluster.addPod(makePod('preemptor', [], { spec: spec('2', 100) }));
    cluster.addPod(makePod('small-1', [], { spec: spec('500m', 50) }));
    cluster.addPod(makePod('small-2', [], { spec: spec('500m', 50) }));
    s.enqueueAllPending();
    s.runUntilIdle();
    expect(events).toEqual([
      'P default/preemptor n1',
      'F default/preemptor [NodeResourcesFit]',
      // the victim's deletion was seen while the preemptor was in flight: backoffQ, not activeQ
      'S default/small-1 n2',
      'S default/small-2 n2',
      'S default/preemptor n1',
    ]);
  });
});
