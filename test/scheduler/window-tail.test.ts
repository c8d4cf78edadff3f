/**
 * The sampling window's tail as upstream's findNodesThatPassFilters counts it, run sequentially
 * (parallelism 1): the search stops only when a Filter call finds one feasible node more than
 * numFeasibleNodesToFind; every infeasible node met before that extra one is in NodeToStatus, so
 * it counts in EvaluatedNodes and moves nextStartNodeIndex past it; the extra node is not counted.
 * mirrors pkg/scheduler/schedule_one.go findNodesThatPassFilters (checkNode) and findNodesThatFitPod
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import seedrandom from 'seedrandom';
import { Framework, numFeasibleNodesToFind } from '../../src/scheduler/framework/framework.ts';
import type { Profile } from '../../src/scheduler/framework/profile.ts';
import { unschedulable, type SchedulerPlugin } from '../../src/scheduler/framework/types.ts';
import { buildScheduler } from '../../src/scheduler/setup.ts';
import type { Pod } from '../../src/model/types.ts';
import { makeCluster, makeNode, makePod } from '../helpers/cluster.ts';

const TAINTED = 100;

/** 120 identical nodes (n000..n119), n100 tainted NoSchedule and labelled `special=yes`. */
function cluster120() {
  const nodes = Array.from({ length: 120 }, (_, i) => {
    const name = `n${String(i).padStart(3, '0')}`;
    if (i !== TAINTED) return makeNode(name, { cpu: '8', memory: '16Gi' });
    return makeNode(name, { cpu: '8', memory: '16Gi' }, { metadata: { name, labels: { special: 'yes' } }, spec: { taints: [{ key: 'dedicated', value: 'x', effect: 'NoSchedule' }] } });
  });
  return makeCluster(nodes);
}

/** A pod that tolerates the taint and prefers the special node. */
function tolerating(name: string): Pod {
  return makePod(name, [{ cpu: '100m', memory: '128Mi' }], {
    spec: {
      containers: [{ name: 'c', resources: { requests: { cpu: '100m', memory: '128Mi' } } }],
      tolerations: [{ key: 'dedicated', operator: 'Exists', effect: 'NoSchedule' }],
      affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, preference: { matchExpressions: [{ key: 'special', operator: 'In', values: ['yes'] }] } }] } },
    },
  });
}

describe('sampling window tail (issue 14 point 5)', () => {
  it('120 identical nodes, one tainted, 50 %: the tainted node met after the 100th feasible one counts in EvaluatedNodes and nextStartNodeIndex', async () => {
    const cluster = cluster120();
    const events: { pod: string; node: string; feasible: number; evaluated: number }[] = [];
    const sched = await buildScheduler(cluster, {
      seed: 1,
      config: { apiVersion: 'kubescheduler.config.k8s.io/v1', kind: 'KubeSchedulerConfiguration', percentageOfNodesToScore: 50 },
      onEvent: (e) => {
        if (e.kind === 'Scheduled') events.push({ pod: e.pod, node: e.node, feasible: e.feasibleNodes, evaluated: e.evaluatedNodes });
      },
    });
    const fw = sched.frameworks.get('default-scheduler')!;
    // 50 % of 120 is 60, below the floor of 100: the window wants 100 feasible nodes
    expect(numFeasibleNodesToFind(50, 120)).toBe(100);
    const plain = cluster.addPod(makePod('plain', [{ cpu: '100m', memory: '128Mi' }]));
    sched.enqueue(plain);
    sched.scheduleOne(0);
    // n000..n099 are the 100 feasible nodes; n100 (tainted) is met before n101, the extra feasible
    // node that cancels the search: 101 processed (kubesim used to stop at n099: 100)
    expect(events[0]).toMatchObject({ feasible: 100, evaluated: 101 });
    expect(fw.nextStartNodeIndex).toBe(101);
  });

  it('the infeasible run right after the N-th feasible node is counted up to the extra feasible node', () => {
    // 200 nodes, 50 % → 100 wanted; nodes 100..104 are rejected by the filter
    const nodes = Array.from({ length: 200 }, (_, i) => makeNode(`n${String(i).padStart(3, '0')}`, { cpu: '1' }));
    const cluster = makeCluster(nodes);
    const examined: string[] = [];
    const reject: SchedulerPlugin = {
      name: 'Reject',
      filter: (_s, _p, n) => {
        examined.push(n.name);
        const i = Number(n.name.slice(1));
        return i >= 100 && i <= 104 ? unschedulable('rejected') : null;
      },
    };
    const profile: Profile = { schedulerName: 'default-scheduler', preFilter: [], filter: [reject], postFilter: [], preScore: [], score: [{ plugin: { name: 'Const', score: () => 1 }, weight: 1 }], percentageOfNodesToScore: 50 };
    const fw = new Framework(profile, cluster, seedrandom('t'));
    const r = fw.schedulePod(cluster.addPod(makePod('p')));
    expect(r.feasibleNodes).toBe(100);
    expect(r.evaluatedNodes).toBe(105); // 100 feasible + 5 rejected; n105 (the extra feasible one) is not counted
    expect(examined.at(-1)).toBe('n105');
    expect(fw.nextStartNodeIndex).toBe(105);
    expect(r.nodeStatuses.size).toBe(5);
  });

  it('the second pod, which tolerates the taint and prefers that node, does not reach it: it starts after the counted tail', async () => {
    // Stopping at exactly the N-th feasible node (kubesim before) left nextStartNodeIndex at 100,
    // so the second pod's window began at the tainted node, which it prefers, and took it.
    const cluster = cluster120();
    const placed: string[] = [];
    const sched = await buildScheduler(cluster, {
      seed: 1,
      config: { apiVersion: 'kubescheduler.config.k8s.io/v1', kind: 'KubeSchedulerConfiguration', percentageOfNodesToScore: 50 },
      onEvent: (e) => {
        if (e.kind === 'Scheduled') placed.push(e.node);
      },
    });
    const fw = sched.frameworks.get('default-scheduler')!;
    sched.enqueue(cluster.addPod(makePod('plain', [{ cpu: '100m', memory: '128Mi' }])));
    sched.scheduleOne(0);
    // n000..n099 feasible (100), n100 tainted (counted), n101 the extra feasible node
    expect(fw.nextStartNodeIndex).toBe(101);
    sched.enqueue(cluster.addPod(tolerating('tol')));
    sched.scheduleOne(0);
    // window n101..n119 + n000..n080 (100 nodes): n100 is not in it
    expect(placed[1]).not.toBe('n100');
    expect(Number(placed[1].slice(1))).not.toBeGreaterThan(119);
    expect(fw.nextStartNodeIndex).toBe(81);
  });

  it('a PreFilter node restriction: the start index wraps over all nodes and the nodes outside are not counted', () => {
    const nodes = Array.from({ length: 10 }, (_, i) => makeNode(`n${i}`, { cpu: '1' }));
    const cluster = makeCluster(nodes);
    const only: SchedulerPlugin = { name: 'Only', preFilter: () => ({ nodeNames: new Set(['n3']) }), filter: () => null };
    const profile: Profile = { schedulerName: 'default-scheduler', preFilter: [only], filter: [only], postFilter: [], preScore: [], score: [] };
    const fw = new Framework(profile, cluster, seedrandom('r'));
    fw.nextStartNodeIndex = 4;
    const r = fw.schedulePod(cluster.addPod(makePod('ds')));
    expect(r.node).toBe('n3');
    // processedNodes = 1 feasible + NodeToStatus.Len() (the absent nodes' status is not in it)
    expect(r.evaluatedNodes).toBe(1);
    // (4 + 1) % len(allNodes), not % len(candidates) = 0
    expect(fw.nextStartNodeIndex).toBe(5);
  });

  it('equals a naive sequential reference of upstream checkNode on random filters and start indices', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 100, max: 260 }),
        fc.integer({ min: 1, max: 100 }),
        fc.array(fc.integer({ min: 0, max: 259 }), { maxLength: 120 }),
        fc.integer({ min: 1, max: 4 }),
        (numNodes, pct, rejectedIdx, pods) => {
          const rejected = new Set(rejectedIdx.filter((i) => i < numNodes));
          const nodes = Array.from({ length: numNodes }, (_, i) => makeNode(`n${String(i).padStart(3, '0')}`, { cpu: '1' }));
          const cluster = makeCluster(nodes);
          const reject: SchedulerPlugin = { name: 'R', filter: (_s, _p, n) => (rejected.has(Number(n.name.slice(1))) ? unschedulable('r') : null) };
          const profile: Profile = { schedulerName: 'default-scheduler', preFilter: [], filter: [reject], postFilter: [], preScore: [], score: [{ plugin: { name: 'C', score: () => 1 }, weight: 1 }], percentageOfNodesToScore: pct };
          const fw = new Framework(profile, cluster, seedrandom('x'));
          const list = cluster.nodeList();
          let next = 0;
          for (let k = 0; k < pods; k++) {
            // reference: Parallelizer.Until with one worker, checkNode in index order
            const want = numFeasibleNodesToFind(pct, numNodes);
            let feasible = 0;
            let statuses = 0;
            for (let i = 0; i < numNodes; i++) {
              const node = list[(next + i) % numNodes];
              if (rejected.has(Number(node.name.slice(1)))) statuses++;
              else if (++feasible > want) {
                feasible--;
                break;
              }
            }
            next = (next + feasible + statuses) % numNodes;
            const r = fw.schedulePod(cluster.addPod(makePod(`p${k}`)));
            expect(r.feasibleNodes).toBe(feasible);
            expect(r.evaluatedNodes).toBe(feasible + statuses);
            expect(fw.nextStartNodeIndex).toBe(next);
          }
        },
      ),
      { numRuns: 200, seed: 14 },
    );
  });
});

describe('a scoring error fails the cycle, as upstream (no exception)', () => {
  it('a plugin returning an invalid score (Infinity, NaN) or a failing NormalizeScore: FailedScheduling with the error, no preemption, error back-off', async () => {
    const nodes = [makeNode('a', { cpu: '1' }), makeNode('b', { cpu: '1' })];
    const cluster = makeCluster(nodes);
    for (const bad of [Number.POSITIVE_INFINITY, Number.NaN]) {
      const profile: Profile = { schedulerName: 'default-scheduler', preFilter: [], filter: [{ name: 'Pass', filter: () => null }], postFilter: [], preScore: [], score: [{ plugin: { name: 'Bad', score: () => bad }, weight: 1 }] };
      const r = new Framework(profile, cluster, seedrandom('e')).schedulePod(cluster.addPod(makePod(`p${bad}`)));
      expect(r.node).toBeNull();
      expect(r.error).toMatch(/plugin Bad returns an invalid score/);
    }
    // the 10,000-case fuzz campaign found this through NodeResourcesFit with a 1e308 quantity
    const huge = makeCluster([makeNode('a', { cpu: '1e308', memory: '1Gi' }), makeNode('b', { cpu: '1', memory: '1Gi' })]);
    const events: string[] = [];
    const s = await buildScheduler(huge, { onEvent: (e) => events.push(e.kind === 'FailedScheduling' ? `F [${e.plugins.join(',')}] ${e.message}` : e.kind) });
    s.enqueue(huge.addPod(makePod('p', [{ cpu: '1e307', memory: '1Mi' }])));
    expect(() => s.runUntilIdle(0)).not.toThrow();
    expect(events.length).toBe(1);
  });
});
