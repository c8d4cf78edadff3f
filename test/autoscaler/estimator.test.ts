/**
 * The binpacking estimator against upstream's table.
 * ported from cluster-autoscaler/estimator/binpacking_estimator_test.go TestBinpackingEstimate
 */
import { describe, expect, it } from 'vitest';
import { estimate, nodeLimit } from '../../src/autoscaler/estimator/binpacking-estimator.ts';
import { ClusterSnapshot } from '../../src/autoscaler/simulator/cluster-snapshot.ts';
import { newPodInfo } from '../../src/model/pod-info.ts';
import type { Node, Pod, TopologySpreadConstraint } from '../../src/model/types.ts';
import { buildScheduler } from '../../src/scheduler/setup.ts';
import { makeCluster } from '../helpers/cluster.ts';

const MiB = 1024 * 1024;

/** makeNode(cpu, mem, podCount, name, zone) of the upstream test: memory in MiB. */
function makeNode(cpu: number, mem: number, pods: number, name: string, zone: string): Node {
  const res = { cpu: `${cpu}m`, memory: String(mem * MiB), pods: String(pods) };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, 'topology.kubernetes.io/zone': zone } },
    spec: {},
    status: { capacity: res, allocatable: res },
  };
}

/** BuildTestPod(name, cpu milli, mem bytes) in namespace universe with app=estimatee. */
function testPod(cpu: number, mem: number, opts: { hostPort?: number; spread?: TopologySpreadConstraint } = {}): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'estimatee', namespace: 'universe', labels: { app: 'estimatee' } },
    spec: {
      containers: [{ name: 'c', resources: { requests: { cpu: `${cpu}m`, memory: String(mem) } }, ...(opts.hostPort ? { ports: [{ containerPort: opts.hostPort, hostPort: opts.hostPort }] } : {}) }],
      ...(opts.spread ? { topologySpreadConstraints: [opts.spread] } : {}),
    },
  };
}

function maxSkew(skew: number, key: string, minDomains: number): TopologySpreadConstraint {
  return { maxSkew: skew, topologyKey: key, whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'estimatee' } }, minDomains };
}

const CASES: { name: string; millicores: number; memory: number; groups: [Pod, number][]; maxNodes?: number; nodes: number; pods: number; firstPods?: Pod }[] = [
  { name: 'simple resource-based binpacking', millicores: 350 * 3 - 50, memory: 2 * 1000, groups: [[testPod(350, 1000), 10]], nodes: 5, pods: 10 },
  { name: 'pods-per-node bound binpacking', millicores: 10000, memory: 20000, groups: [[testPod(10, 100), 20]], nodes: 2, pods: 20 },
  { name: 'hostport conflict forces pod-per-node', millicores: 1000, memory: 5000, groups: [[testPod(200, 1000, { hostPort: 5555 }), 8]], nodes: 8, pods: 8 },
  { name: 'limiter cuts binpacking', millicores: 1000, memory: 5000, groups: [[testPod(500, 1000), 20]], maxNodes: 5, nodes: 5, pods: 10 },
  {
    name: 'hostname topology spreading with maxSkew=2 forces 2 pods/node',
    millicores: 1000,
    memory: 5000,
    groups: [[testPod(200, 200, { spread: maxSkew(2, 'kubernetes.io/hostname', 1) }), 8]],
    nodes: 4,
    pods: 8,
  },
  {
    name: 'zonal topology spreading with maxSkew=2 only allows 2 pods to schedule',
    millicores: 1000,
    memory: 5000,
    groups: [[testPod(20, 100, { spread: maxSkew(2, 'topology.kubernetes.io/zone', 1) }), 8]],
    nodes: 1,
    pods: 2,
  },
  {
    name: 'hostname topology spreading with maxSkew=1 with a large scaleup handles scheduling pods retroactively',
    millicores: 1000,
    memory: 5000,
    groups: [[testPod(20, 100, { spread: maxSkew(1, 'kubernetes.io/hostname', 3) }), 12]],
    nodes: 3,
    pods: 12,
  },
];

// the high-resource group of "decreasing ordered pods are processed first"
const high = testPod(500, 1000);
CASES.push({ name: 'decreasing ordered pods are processed first', millicores: 1000, memory: 5000, groups: [[testPod(50, 1000), 10], [high, 10]], maxNodes: 5, nodes: 5, pods: 10, firstPods: high });

describe('binpacking estimator (binpacking_estimator_test.go)', () => {
  for (const tc of CASES) {
    it(tc.name, async () => {
      // one node in another zone triggers the topology spread constraints, as upstream
      const cluster = makeCluster([makeNode(100, 100, 10, 'oldnode', 'zone-jupiter')]);
      const sched = await buildScheduler(cluster, {});
      const snap = new ClusterSnapshot(cluster, sched.frameworks.get('default-scheduler')!);
      const groups = tc.groups.map(([pod, n]) => ({ pods: Array.from({ length: n }, () => newPodInfo(pod)) }));
      const before = cluster.nodes.size;
      const res = estimate(snap, groups, { node: makeNode(tc.millicores, tc.memory, 10, 'template', 'zone-mars'), pods: [] }, { maxNodes: tc.maxNodes ?? 0, namePrefix: 'template' });
      expect(res.nodeCount).toBe(tc.nodes);
      expect(res.pods.length).toBe(tc.pods);
      if (tc.firstPods) expect(res.pods.every((p) => p.pod === tc.firstPods)).toBe(true);
      // the snapshot is reverted: the live cluster is as before
      expect(cluster.nodes.size).toBe(before);
      expect(cluster.pods.size).toBe(0);
    });
  }
});

describe('estimation limits (threshold_based_limiter.go getMinLimit)', () => {
  it('the smallest positive limit wins; 0 is no limit; a negative one forbids', () => {
    expect(nodeLimit([1000, 0])).toBe(1000);
    expect(nodeLimit([1000, 5])).toBe(5);
    expect(nodeLimit([0, 0])).toBe(0);
    expect(nodeLimit([1000, -1])).toBe(-1);
  });
});
