import { describe, expect, it } from 'vitest';
import seedrandom from 'seedrandom';
import { Framework, numFeasibleNodesToFind, selectHost } from '../../src/scheduler/framework/framework.ts';
import type { Profile } from '../../src/scheduler/framework/profile.ts';
import type { SchedulerPlugin } from '../../src/scheduler/framework/types.ts';
import { unschedulable } from '../../src/scheduler/framework/types.ts';
import type { Pod } from '../../src/model/types.ts';
import { makeCluster, makeNode, makePod } from '../helpers/cluster.ts';

describe('numFeasibleNodesToFind (schedule_one_test.go TestNumFeasibleNodesToFind)', () => {
  // [case name, profile/global percentage, numAllNodes, wanted]
  const cases: [string, number | undefined, number, number][] = [
    ['not set percentageOfNodesToScore and nodes number not more than 50', undefined, 10, 10],
    ['set profile percentageOfNodesToScore and nodes number not more than 50', 40, 10, 10],
    ['not set percentageOfNodesToScore and nodes number more than 50', undefined, 1000, 420],
    ['set profile percentageOfNodesToScore and nodes number more than 50', 40, 1000, 400],
    ['set global percentageOfNodesToScore and nodes number more than 50', 40, 1000, 400],
    ['not set profile percentageOfNodesToScore and nodes number more than 50*125', undefined, 6000, 300],
    ['set profile percentageOfNodesToScore and nodes number more than 50*125', 40, 6000, 2400],
  ];
  for (const [name, pct, n, want] of cases) {
    it(name, () => expect(numFeasibleNodesToFind(pct, n)).toBe(want));
  }
  it('spec examples: 100 → 100, 5000 → 500, adaptive floor of 100 nodes', () => {
    expect(numFeasibleNodesToFind(0, 100)).toBe(100);
    expect(numFeasibleNodesToFind(0, 5000)).toBe(500);
    expect(numFeasibleNodesToFind(1, 1000)).toBe(100);
    expect(numFeasibleNodesToFind(100, 5000)).toBe(5000);
  });
});

describe('selectHost (schedule_one_test.go TestSelectHost)', () => {
  const rng = seedrandom('select');
  const cases: [string, [string, number][], string[]][] = [
    ['unique properly ordered scores', [['node1.1', 1], ['node2.1', 2]], ['node2.1']],
    ['equal scores', [['node1.1', 1], ['node2.1', 2], ['node2.2', 2]], ['node2.1', 'node2.2']],
    ['out of order scores', [['node1.1', 3], ['node2.1', 2], ['node3.1', 1], ['node1.2', 3]], ['node1.1', 'node1.2']],
  ];
  for (const [name, list, possible] of cases) {
    it(name, () => {
      // upstream runs each case 10 times: the pick must always be one of the top nodes
      for (let i = 0; i < 10; i++) {
        const idx = selectHost(list.map((x) => x[1]), rng);
        expect(possible).toContain(list[idx][0]);
      }
    });
  }
  it('empty priority list', () => expect(selectHost([], rng)).toBe(-1));
  it('ties are broken uniformly (seeded, deterministic)', () => {
    const counts = [0, 0, 0, 0];
    const r = seedrandom('uniform');
    for (let i = 0; i < 40000; i++) counts[selectHost([5, 7, 7, 7], r)]++;
    expect(counts[0]).toBe(0);
    for (const c of counts.slice(1)) expect(Math.abs(c - 40000 / 3)).toBeLessThan(400);
    const a = Array.from({ length: 20 }, () => selectHost([1, 1, 1], seedrandom('x')));
    expect(new Set(a).size).toBe(1);
  });
});

/** A profile with one filter plugin and one score plugin for framework mechanics. */
function profileWith(filter: SchedulerPlugin, score?: SchedulerPlugin, pct?: number): Profile {
  return {
    schedulerName: 'default-scheduler',
    preFilter: [],
    filter: [filter],
    postFilter: [],
    preScore: [],
    score: score ? [{ plugin: score, weight: 2 }] : [],
    percentageOfNodesToScore: pct,
  };
}

describe('filter window and round-robin start index (schedule_one.go findNodesThatPassFilters)', () => {
  const nodes = Array.from({ length: 200 }, (_, i) => makeNode(`n${String(i).padStart(3, '0')}`, { cpu: '1' }));
  const examined: string[] = [];
  const recordAll: SchedulerPlugin = { name: 'Record', filter: (_s, _p, n) => (examined.push(n.name), null) };
  const constant: SchedulerPlugin = { name: 'Const', score: () => 1 };

  it('stops after numFeasibleNodesToFind feasible nodes and resumes where it stopped', () => {
    const cluster = makeCluster(nodes);
    const fw = new Framework(profileWith(recordAll, constant, 50), cluster, seedrandom('a'));
    const pod = cluster.addPod(makePod('p'));
    examined.length = 0;
    const r1 = fw.schedulePod(pod);
    expect(r1.feasibleNodes).toBe(100); // 50% of 200 = 100
    // the 101st node's Filter runs and finds it feasible: one more than needed cancels the search,
    // that node is not counted (schedule_one.go findNodesThatPassFilters checkNode)
    expect(examined.length).toBe(101);
    expect(r1.evaluatedNodes).toBe(100);
    expect(examined[0]).toBe('n000');
    expect(fw.nextStartNodeIndex).toBe(100);
    examined.length = 0;
    fw.schedulePod(pod);
    expect(examined[0]).toBe('n100');
    expect(fw.nextStartNodeIndex).toBe(0);
  });

  it('failed nodes count as processed for the next start index', () => {
    const cluster = makeCluster(nodes);
    const rejectEven: SchedulerPlugin = { name: 'Even', filter: (_s, _p, n) => (Number(n.name.slice(1)) % 2 === 0 ? unschedulable('even') : null) };
    const fw = new Framework(profileWith(rejectEven, constant, 25), cluster, seedrandom('b'));
    const pod = cluster.addPod(makePod('p'));
    const r = fw.schedulePod(pod);
    // 25% of 200 = 50 < 100 → 100 feasible wanted, only 100 odd nodes exist: all 200 examined
    expect(r.feasibleNodes).toBe(100);
    expect(r.evaluatedNodes).toBe(200);
    expect(r.nodeStatuses.size).toBe(100);
    expect(r.node && Number(r.node.slice(1)) % 2).toBe(1);
  });

  it('a single feasible node is chosen without scoring', () => {
    const cluster = makeCluster(nodes.slice(0, 3));
    let scored = 0;
    const only: SchedulerPlugin = { name: 'Only', filter: (_s, _p, n) => (n.name === 'n001' ? null : unschedulable('no')) };
    const counting: SchedulerPlugin = { name: 'Count', score: () => ++scored };
    const fw = new Framework(profileWith(only, counting), cluster, seedrandom('c'));
    const r = fw.schedulePod(cluster.addPod(makePod('p')));
    expect(r.node).toBe('n001');
    expect(scored).toBe(0);
  });

  it('FitError message counts reasons per node like kube-scheduler', () => {
    const cluster = makeCluster(nodes.slice(0, 3));
    const none: SchedulerPlugin = { name: 'None', filter: (_s, _p, n) => unschedulable(n.name === 'n000' ? 'Insufficient cpu' : 'Too many pods') };
    const fw = new Framework(profileWith(none, constant), cluster, seedrandom('d'));
    const r = fw.schedulePod(cluster.addPod(makePod('p')));
    expect(r.node).toBeNull();
    expect(r.message).toBe('0/3 nodes are available: 1 Insufficient cpu, 2 Too many pods.');
    expect([...r.unschedulablePlugins]).toEqual(['None']);
  });

  it('weights multiply normalized scores and the highest total wins', () => {
    const cluster = makeCluster(nodes.slice(0, 4));
    const byIndex: SchedulerPlugin = { name: 'ByIndex', score: (_s, _p, n) => Number(n.name.slice(1)) * 10 };
    const fw = new Framework(profileWith({ name: 'Pass', filter: () => null }, byIndex), cluster, seedrandom('e'));
    const r = fw.schedulePod(cluster.addPod(makePod('p')), { explain: true });
    expect(r.node).toBe('n003');
    expect(r.explanation!.get('n003')!.total).toBe(60);
    expect(r.explanation!.get('n002')!.scores.ByIndex).toEqual({ raw: 20, normalized: 20, weighted: 40 });
  });
});

describe('scheduling queue back-off (scheduling_queue.go calculateBackoffDuration, flushBackoffQCompleted)', () => {
  it('back-off doubles from podInitialBackoffSeconds up to podMaxBackoffSeconds', async () => {
    const { Scheduler } = await import('../../src/scheduler/scheduler.ts');
    const s = new Scheduler(makeCluster([]), []);
    expect([1, 2, 3, 4, 5, 6].map((n) => s.backoffSeconds(n))).toEqual([1, 2, 4, 8, 10, 10]);
    const none = new Scheduler(makeCluster([]), [], { podInitialBackoffSeconds: 0 });
    expect(none.backoffSeconds(3)).toBe(0);
  });

  it('a pod that failed goes to backoffQ on a cluster event that may help, and is popped at once when activeQ is empty', async () => {
    const { Scheduler } = await import('../../src/scheduler/scheduler.ts');
    const cluster = makeCluster([makeNode('n1', { cpu: '1' })]);
    const profile = profileWith({ name: 'Full', filter: (_s, p, n) => (n.requested.milliCPU + p.requests.milliCPU > n.allocatable.milliCPU ? unschedulable('Insufficient cpu') : null) });
    const events: string[] = [];
    const s = new Scheduler(cluster, [profile], { onEvent: (e) => events.push(`${e.kind} ${e.pod}`) });
    const big = cluster.addPod(makePod('big', [{ cpu: '800m' }], { spec: { nodeName: 'n1' } as Pod['spec'] }));
    const p = cluster.addPod(makePod('p', [{ cpu: '500m' }]));
    s.enqueue(p);
    s.runUntilIdle(0);
    expect(events).toEqual(['FailedScheduling default/p']);
    cluster.removePod(big.key);
    s.podDeleted(big, 0.5); // AssignedPodDelete; 'Full' has no EventsToRegister: every event counts
    expect(s.activeLength).toBe(0);
    expect(s.queue.backoffLength).toBe(1); // still backing off (ends in window 1)
    s.runUntilIdle(0.5); // SchedulerPopFromBackoffQ: activeQ is empty, so backoffQ's head is popped
    expect(events.at(-1)).toBe('Scheduled default/p');
  });

  it('unschedulable pods are retried by the leftover flush (every 30 s, more than 5 minutes) without any event', async () => {
    const { Scheduler } = await import('../../src/scheduler/scheduler.ts');
    const cluster = makeCluster([makeNode('n1', { cpu: '1' })]);
    const never: SchedulerPlugin = { name: 'Never', filter: () => unschedulable('no') };
    let failures = 0;
    const s = new Scheduler(cluster, [profileWith(never)], { onEvent: (e) => void (e.kind === 'FailedScheduling' && failures++) });
    s.enqueue(cluster.addPod(makePod('p')));
    s.runUntilIdle(0);
    expect(s.nextQueueWakeup(0)).toBe(330);
    s.flushQueues(300);
    s.runUntilIdle(300);
    expect(failures).toBe(1);
    s.flushQueues(330);
    s.runUntilIdle(330);
    expect(failures).toBe(2);
  });
});

describe('FitError text (types.go FitError.Error)', () => {
  it('a PreFilter rejection prints its own message, not a per-node histogram', () => {
    const cluster = makeCluster([makeNode('n1', { cpu: '1' }), makeNode('n2', { cpu: '1' })]);
    const reject: SchedulerPlugin = { name: 'Gate', preFilter: () => unschedulable('pod is gated') };
    const profile = { ...profileWith({ name: 'Pass', filter: () => null }), preFilter: [reject] };
    const r = new Framework(profile, cluster, seedrandom('f')).schedulePod(cluster.addPod(makePod('p')));
    expect(r.message).toBe('0/2 nodes are available: pod is gated.');
    expect(r.nodeStatuses.size).toBe(2);
  });
});
