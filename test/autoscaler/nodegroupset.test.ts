/**
 * Node group set tests, ported from cluster-autoscaler 1.35 processors/nodegroupset/
 * compare_nodegroups_test.go, label_nodegroups_test.go and balancing_processor_test.go.
 */
import { describe, expect, it } from 'vitest';
import { balanceScaleUpBetweenGroups, findSimilarNodeGroups, scaleUpInfoString, type NodeGroupSize, type ScaleUpInfo } from '../../src/autoscaler/nodegroupset/balancing.ts';
import { goSortSlice } from '../../src/autoscaler/nodegroupset/go-sort.ts';
import {
  createGenericNodeInfoComparator,
  createLabelNodeInfoComparator,
  DEFAULT_MAX_CAPACITY_MEMORY_DIFFERENCE_RATIO,
  newDefaultNodeGroupDifferenceRatios,
  type NodeGroupDifferenceRatios,
  type NodeInfoComparator,
} from '../../src/autoscaler/nodegroupset/similarity.ts';
import type { NodeInfoData } from '../../src/autoscaler/types.ts';
import { parseQuantity, quantityValue } from '../../src/model/quantity.ts';
import type { Node, Pod } from '../../src/model/types.ts';

/** utils/test BuildTestNode: pods 100, cpu in milli, memory in bytes; allocatable = capacity. */
function buildTestNode(name: string, millicpu: number, mem: number): Node {
  const capacity: Record<string, string> = { pods: '100' };
  if (millicpu >= 0) capacity.cpu = `${millicpu}m`;
  if (mem >= 0) capacity.memory = `${mem}`;
  return { apiVersion: 'v1', kind: 'Node', metadata: { name, labels: {} }, status: { capacity, allocatable: { ...capacity } } };
}

/** utils/test BuildTestPod, bound to `nodeName`. */
function buildTestPod(name: string, cpu: number, mem: number, nodeName: string): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { namespace: 'default', name },
    spec: { nodeName, containers: [{ name: '', resources: { requests: { cpu: `${cpu}m`, memory: `${mem}` } } }] },
  };
}

const cap = (n: Node) => n.status!.capacity!;
const alloc = (n: Node) => n.status!.allocatable!;
const labels = (n: Node) => n.metadata.labels!;

function checkNodesSimilarWithPods(n1: Node, n2: Node, pods1: Pod[], pods2: Pod[], comparator: NodeInfoComparator, shouldEqual: boolean): void {
  expect(comparator({ node: n1, pods: pods1 }, { node: n2, pods: pods2 })).toBe(shouldEqual);
}

function checkNodesSimilar(n1: Node, n2: Node, comparator: NodeInfoComparator, shouldEqual: boolean): void {
  checkNodesSimilarWithPods(n1, n2, [], [], comparator, shouldEqual);
}

describe('compare_nodegroups_test.go', () => {
  const comparator = createGenericNodeInfoComparator([], newDefaultNodeGroupDifferenceRatios());

  it('TestIdenticalNodesSimilar', () => {
    checkNodesSimilar(buildTestNode('node1', 1000, 2000), buildTestNode('node2', 1000, 2000), comparator, true);
  });

  it('TestNodesSimilarVariousRequirements', () => {
    const n1 = buildTestNode('node1', 1000, 2000);
    // Different CPU capacity
    const n2 = buildTestNode('node2', 1000, 2000);
    cap(n2).cpu = '1001m';
    checkNodesSimilar(n1, n2, comparator, false);
    // Same CPU capacity, but slightly different allocatable
    const n3 = buildTestNode('node3', 1000, 2000);
    alloc(n3).cpu = '999m';
    checkNodesSimilar(n1, n3, comparator, true);
    // Same CPU capacity, significantly different allocatable
    const n4 = buildTestNode('node4', 1000, 2000);
    alloc(n4).cpu = '500m';
    checkNodesSimilar(n1, n4, comparator, false);
    // One with GPU, one without
    const n5 = buildTestNode('node5', 1000, 2000);
    cap(n5)['nvidia.com/gpu'] = '1';
    alloc(n5)['nvidia.com/gpu'] = '1';
    checkNodesSimilar(n1, n5, comparator, false);
  });

  it('TestNodesSimilarVariousRequirementsAndPods', () => {
    const n1 = buildTestNode('node1', 1000, 2000);
    const p1 = buildTestPod('pod1', 500, 1000, 'node1');
    // Different allocatable, but same free
    const n2 = buildTestNode('node2', 1000, 2000);
    alloc(n2).cpu = '500m';
    alloc(n2).memory = '1000';
    checkNodesSimilarWithPods(n1, n2, [p1], [], comparator, false);
    // Same requests of pods
    const n3 = buildTestNode('node3', 1000, 2000);
    const p3 = buildTestPod('pod3', 500, 1000, 'node3');
    checkNodesSimilarWithPods(n1, n3, [p1], [p3], comparator, true);
    // Similar allocatable, similar pods
    const n4 = buildTestNode('node4', 1000, 2000);
    alloc(n4).cpu = '999m';
    const p4 = buildTestPod('pod4', 501, 1001, 'node4');
    checkNodesSimilarWithPods(n1, n4, [p1], [p4], comparator, true);
  });

  it('TestNodesSimilarVariousMemoryRequirements', () => {
    const n1 = buildTestNode('node1', 1000, 1000);
    // Different memory capacity within tolerance
    const n2 = buildTestNode('node2', 1000, 1000);
    cap(n2).memory = `${1000 - 1000 * DEFAULT_MAX_CAPACITY_MEMORY_DIFFERENCE_RATIO + 1}`;
    checkNodesSimilar(n1, n2, comparator, true);
    // Different memory capacity exceeds tolerance
    const n3 = buildTestNode('node3', 1000, 1000);
    cap(n3).memory = `${1000 - 1000 * DEFAULT_MAX_CAPACITY_MEMORY_DIFFERENCE_RATIO - 1}`;
    checkNodesSimilar(n1, n3, comparator, false);
  });

  const bytes = (q: string) => quantityValue(parseQuantity(q));

  it('TestNodesSimilarVariousLargeMemoryRequirementsM5XLarge', () => {
    // 15944120 KB ~= 16GiB (m5.xLarge)
    const n1 = buildTestNode('node1', 1000, bytes('16116152Ki'));
    // Different memory capacity within tolerance (another m5.xLarge in a different zone)
    checkNodesSimilar(n1, buildTestNode('node2', 1000, bytes('15944120Ki')), comparator, true);
    // Different memory capacity exceeds tolerance (q1 * 1.02)
    checkNodesSimilar(n1, buildTestNode('node3', 1000, bytes('16438475Ki')), comparator, false);
  });

  it('TestNodesSimilarVariousLargeMemoryRequirementsM516XLarge', () => {
    // 257217528 KB ~= 256GiB (m5.16xLarge)
    const n1 = buildTestNode('node1', 1000, bytes('259970052Ki'));
    checkNodesSimilar(n1, buildTestNode('node2', 1000, bytes('257217528Ki')), comparator, true);
    checkNodesSimilar(n1, buildTestNode('node3', 1000, bytes('265169453Ki')), comparator, false);
  });

  it('TestNodesSimilarVariousLabels', () => {
    const cmp = createGenericNodeInfoComparator(['example.com/ready'], newDefaultNodeGroupDifferenceRatios());
    const n1 = buildTestNode('node1', 1000, 2000);
    labels(n1)['test-label'] = 'test-value';
    labels(n1)['character'] = 'winnie the pooh';
    const n2 = buildTestNode('node2', 1000, 2000);
    labels(n2)['test-label'] = 'test-value';
    // Missing character label
    checkNodesSimilar(n1, n2, cmp, false);
    labels(n2)['character'] = 'winnie the pooh';
    checkNodesSimilar(n1, n2, cmp, true);
    // Different hostname labels shouldn't matter
    labels(n1)['kubernetes.io/hostname'] = 'node1';
    labels(n2)['kubernetes.io/hostname'] = 'node2';
    checkNodesSimilar(n1, n2, cmp, true);
    // Different zone shouldn't matter either
    labels(n1)['failure-domain.beta.kubernetes.io/zone'] = 'mars-olympus-mons1-b';
    labels(n2)['failure-domain.beta.kubernetes.io/zone'] = 'us-houston1-a';
    checkNodesSimilar(n1, n2, cmp, true);
    // Different beta.kubernetes.io/fluentd-ds-ready should not matter
    labels(n1)['beta.kubernetes.io/fluentd-ds-ready'] = 'true';
    labels(n2)['beta.kubernetes.io/fluentd-ds-ready'] = 'false';
    checkNodesSimilar(n1, n2, cmp, true);
    labels(n1)['beta.kubernetes.io/fluentd-ds-ready'] = 'true';
    delete labels(n2)['beta.kubernetes.io/fluentd-ds-ready'];
    checkNodesSimilar(n1, n2, cmp, true);
    // Different custom labels should not matter
    labels(n1)['example.com/ready'] = 'true';
    labels(n2)['example.com/ready'] = 'false';
    checkNodesSimilar(n1, n2, cmp, true);
    // ...but a label that is not ignored does (kubesim)
    labels(n2)['character'] = 'piglet';
    checkNodesSimilar(n1, n2, cmp, false);
  });

  it('free resources count scalar requests and need them on both sides (kubesim)', () => {
    const n1 = buildTestNode('node1', 1000, 2000);
    const n2 = buildTestNode('node2', 1000, 2000);
    const p = buildTestPod('p', 0, 0, 'node1');
    p.spec.containers[0].resources!.requests!['example.com/dongle'] = '1';
    // n1's free list has example.com/dongle (0 - 1), n2's has none: not within tolerance.
    checkNodesSimilarWithPods(n1, n2, [p], [], comparator, false);
    // A node without allocatable uses its capacity (API defaulting).
    const n3 = buildTestNode('node3', 1000, 2000);
    delete n3.status!.allocatable;
    checkNodesSimilar(n1, n3, comparator, true);
  });
});

describe('label_nodegroups_test.go', () => {
  const comparator = createLabelNodeInfoComparator(['node.kubernetes.io/instance-type', 'kubernetes.io/arch']);
  const cases: { description: string; labels1: Record<string, string>; labels2: Record<string, string>; isSimilar: boolean }[] = [
    {
      description: 'both labels match',
      labels1: { 'node.kubernetes.io/instance-type': 'm5.4xlarge', 'kubernetes.io/arch': 'amd64' },
      labels2: { 'node.kubernetes.io/instance-type': 'm5.4xlarge', 'kubernetes.io/arch': 'amd64' },
      isSimilar: true,
    },
    {
      description: "one label doesn't match",
      labels1: { 'node.kubernetes.io/instance-type': 'm5.4xlarge', 'kubernetes.io/arch': 'amd64' },
      labels2: { 'node.kubernetes.io/instance-type': 'm5.4xlarge', 'kubernetes.io/arch': 'i386' },
      isSimilar: false,
    },
    {
      description: 'unspecified labels are not considered',
      labels1: { 'node.kubernetes.io/instance-type': 'm5.4xlarge', 'kubernetes.io/arch': 'amd64', 'unspecified-label': 'eu-west1' },
      labels2: { 'node.kubernetes.io/instance-type': 'm5.4xlarge', 'kubernetes.io/arch': 'amd64', 'unspecified-label': 'eu-west2' },
      isSimilar: true,
    },
    { description: 'no labels are set', labels1: {}, labels2: {}, isSimilar: false },
    {
      description: 'single label matches, label is unset on second group',
      labels1: { 'node.kubernetes.io/instance-type': 'm5.4xlarge', 'kubernetes.io/arch': 'amd64' },
      labels2: { 'kubernetes.io/arch': 'amd64' },
      isSimilar: false,
    },
    {
      description: 'single label matches, label is unset on first group',
      labels1: { 'kubernetes.io/arch': 'amd64' },
      labels2: { 'node.kubernetes.io/instance-type': 'm5.4xlarge', 'kubernetes.io/arch': 'amd64' },
      isSimilar: false,
    },
    {
      description: 'labels are explicitly set to be empty',
      labels1: { 'node.kubernetes.io/instance-type': '', 'kubernetes.io/arch': '' },
      labels2: { 'node.kubernetes.io/instance-type': '', 'kubernetes.io/arch': '' },
      isSimilar: true,
    },
    {
      description: 'one labels is explicitly set to be empty',
      labels1: { 'node.kubernetes.io/instance-type': '', 'kubernetes.io/arch': 'amd64' },
      labels2: { 'node.kubernetes.io/instance-type': '', 'kubernetes.io/arch': 'amd64' },
      isSimilar: true,
    },
  ];
  for (const tc of cases) {
    it(tc.description, () => {
      const node1 = buildTestNode('node1', 1000, 2000);
      const node2 = buildTestNode('node2', 1000, 2000);
      node1.metadata.labels = tc.labels1;
      node2.metadata.labels = tc.labels2;
      checkNodesSimilar(node1, node2, comparator, tc.isSimilar);
    });
  }
});

describe('balancing_processor_test.go', () => {
  function buildBasicNodeGroups(): [NodeInfoData, NodeInfoData, NodeInfoData] {
    return [
      { node: buildTestNode('n1', 1000, 1000), pods: [] },
      { node: buildTestNode('n2', 1000, 1000), pods: [] },
      { node: buildTestNode('n3', 2000, 2000), pods: [] },
    ];
  }
  const zeroRatios: NodeGroupDifferenceRatios = { maxAllocatableDifferenceRatio: 0, maxFreeDifferenceRatio: 0, maxCapacityMemoryDifferenceRatio: 0 };

  function basicSimilarNodeGroupsTest(comparator: NodeInfoComparator, ni1: NodeInfoData, ni2: NodeInfoData, ni3: NodeInfoData): void {
    const nodeInfosForGroups = new Map([['ng1', ni1], ['ng2', ni2], ['ng3', ni3]]);
    const groups = ['ng1', 'ng2', 'ng3'];
    expect(findSimilarNodeGroups('ng1', groups, nodeInfosForGroups, comparator)).toEqual(['ng2']);
    expect(findSimilarNodeGroups('ng2', groups, nodeInfosForGroups, comparator)).toEqual(['ng1']);
    expect(findSimilarNodeGroups('ng3', groups, nodeInfosForGroups, comparator)).toEqual([]);
  }

  it('TestFindSimilarNodeGroups', () => {
    const [ni1, ni2, ni3] = buildBasicNodeGroups();
    basicSimilarNodeGroupsTest(createGenericNodeInfoComparator([], zeroRatios), ni1, ni2, ni3);
  });

  it('TestFindSimilarNodeGroupsCustomLabels', () => {
    const [ni1, ni2, ni3] = buildBasicNodeGroups();
    labels(ni1.node)['example.com/ready'] = 'true';
    labels(ni2.node)['example.com/ready'] = 'false';
    basicSimilarNodeGroupsTest(createGenericNodeInfoComparator(['example.com/ready'], zeroRatios), ni1, ni2, ni3);
    // Without ignoring the label they differ (kubesim).
    expect(findSimilarNodeGroups('ng1', ['ng1', 'ng2', 'ng3'], new Map([['ng1', ni1], ['ng2', ni2], ['ng3', ni3]]), createGenericNodeInfoComparator([], zeroRatios))).toEqual([]);
  });

  it('TestFindSimilarNodeGroupsCustomComparator', () => {
    const [ni1, ni2, ni3] = buildBasicNodeGroups();
    basicSimilarNodeGroupsTest(
      (n1, n2) => (n1.node.metadata.name === 'n1' && n2.node.metadata.name === 'n2') || (n1.node.metadata.name === 'n2' && n2.node.metadata.name === 'n1'),
      ni1,
      ni2,
      ni3,
    );
  });

  it('FindSimilarNodeGroups: missing template is an error, groups without one are skipped (kubesim)', () => {
    const [ni1, ni2] = buildBasicNodeGroups();
    const cmp = createGenericNodeInfoComparator([], zeroRatios);
    expect(() => findSimilarNodeGroups('ngX', ['ng1'], new Map([['ng1', ni1]]), cmp)).toThrow('failed to find template node for node group ngX');
    expect(findSimilarNodeGroups('ng1', ['ng1', 'ngY', 'ng2'], new Map([['ng1', ni1], ['ng2', ni2]]), cmp)).toEqual(['ng2']);
  });

  const group = (id: string, min: number, max: number, size: number): NodeGroupSize => {
    void min;
    return { group: id, currentSize: size, maxSize: max };
  };

  it('TestBalanceSingleGroup', () => {
    const groups = [group('ng1', 1, 10, 1)];
    // just one node
    let scaleUpInfo = balanceScaleUpBetweenGroups(groups, 1);
    expect(scaleUpInfo).toHaveLength(1);
    expect(scaleUpInfo[0].newSize).toBe(2);
    // multiple nodes
    scaleUpInfo = balanceScaleUpBetweenGroups(groups, 4);
    expect(scaleUpInfo).toHaveLength(1);
    expect(scaleUpInfo[0].newSize).toBe(5);
  });

  it('TestBalanceUnderMaxSize', () => {
    const groups = [group('ng1', 1, 10, 1), group('ng2', 1, 10, 3), group('ng3', 1, 10, 5), group('ng4', 1, 10, 5)];
    // add a single node
    let scaleUpInfo = balanceScaleUpBetweenGroups(groups, 1);
    expect(scaleUpInfo).toHaveLength(1);
    expect(scaleUpInfo[0].newSize).toBe(2);
    // add multiple nodes to single group
    scaleUpInfo = balanceScaleUpBetweenGroups(groups, 2);
    expect(scaleUpInfo).toHaveLength(1);
    expect(scaleUpInfo[0].newSize).toBe(3);
    // add nodes to groups of different sizes, divisible
    scaleUpInfo = balanceScaleUpBetweenGroups(groups, 4);
    expect(scaleUpInfo).toHaveLength(2);
    expect(scaleUpInfo[0].newSize).toBe(4);
    expect(scaleUpInfo[1].newSize).toBe(4);
    expect(scaleUpInfo.map((s) => s.group).sort()).toEqual(['ng1', 'ng2']);
    // add nodes to groups of different sizes, non-divisible: new sizes 4 and 5
    scaleUpInfo = balanceScaleUpBetweenGroups(groups, 5);
    expect(scaleUpInfo).toHaveLength(2);
    expect(scaleUpInfo[0].newSize + scaleUpInfo[1].newSize).toBe(9);
    expect([4, 5]).toContain(scaleUpInfo[0].newSize);
    expect(scaleUpInfo.map((s) => s.group).sort()).toEqual(['ng1', 'ng2']);
    // add nodes to all groups, divisible
    scaleUpInfo = balanceScaleUpBetweenGroups(groups, 10);
    expect(scaleUpInfo).toHaveLength(4);
    for (const info of scaleUpInfo) expect(info.newSize).toBe(6);
  });

  it('TestBalanceHittingMaxSize', () => {
    const groupsMap = new Map(
      [group('ng1', 1, 1, 1), group('ng2', 1, 3, 1), group('ng3', 1, 10, 3), group('ng4', 1, 7, 5), group('ng5', 1, 3, 6)].map((g) => [g.group, g]),
    );
    const getGroups = (...names: string[]) => names.map((n) => groupsMap.get(n)!);
    const toMap = (list: ScaleUpInfo[]) => new Map(list.map((s) => [s.group, s]));

    // Just one maxed out group
    expect(balanceScaleUpBetweenGroups(getGroups('ng1'), 1)).toHaveLength(0);
    // Smallest group already maxed out, add one node
    let scaleUpInfo = balanceScaleUpBetweenGroups(getGroups('ng1', 'ng2'), 1);
    expect(scaleUpInfo).toHaveLength(1);
    expect(scaleUpInfo[0].group).toBe('ng2');
    expect(scaleUpInfo[0].newSize).toBe(2);
    // Smallest group already maxed out, too many nodes (should cap to max capacity)
    scaleUpInfo = balanceScaleUpBetweenGroups(getGroups('ng1', 'ng2'), 5);
    expect(scaleUpInfo).toHaveLength(1);
    expect(scaleUpInfo[0].group).toBe('ng2');
    expect(scaleUpInfo[0].newSize).toBe(3);
    // First group maxes out before proceeding to next one
    scaleUpInfo = balanceScaleUpBetweenGroups(getGroups('ng2', 'ng3'), 4);
    expect(scaleUpInfo).toHaveLength(2);
    let m = toMap(scaleUpInfo);
    expect(m.get('ng2')!.newSize).toBe(3);
    expect(m.get('ng3')!.newSize).toBe(5);
    // Last group maxes out before previous one
    scaleUpInfo = balanceScaleUpBetweenGroups(getGroups('ng2', 'ng3', 'ng4'), 9);
    expect(scaleUpInfo).toHaveLength(3);
    m = toMap(scaleUpInfo);
    expect(m.get('ng2')!.newSize).toBe(3);
    expect(m.get('ng3')!.newSize).toBe(8);
    expect(m.get('ng4')!.newSize).toBe(7);
    // Use all capacity, cap to max
    scaleUpInfo = balanceScaleUpBetweenGroups(getGroups('ng2', 'ng3', 'ng4'), 900);
    expect(scaleUpInfo).toHaveLength(3);
    m = toMap(scaleUpInfo);
    expect(m.get('ng2')!.newSize).toBe(3);
    expect(m.get('ng3')!.newSize).toBe(10);
    expect(m.get('ng4')!.newSize).toBe(7);
    // One node group exceeds max.
    scaleUpInfo = balanceScaleUpBetweenGroups(getGroups('ng2', 'ng5'), 1);
    expect(scaleUpInfo).toHaveLength(1);
    expect(toMap(scaleUpInfo).get('ng2')!.newSize).toBe(2);
  });

  it('exact order and split among equal groups, inputs untouched (kubesim)', () => {
    const groups = [group('a', 0, 10, 2), group('b', 0, 10, 1), group('c', 0, 10, 1)];
    const res = balanceScaleUpBetweenGroups(groups, 4);
    // Sorted by size (b, c, a); b and c reach 2 like a, then the loop restarts at b: b 3, c 3, a stays 2.
    expect(res.map(scaleUpInfoString)).toEqual(['{b 1->3 (max: 10)}', '{c 1->3 (max: 10)}']);
    // One more node goes to the front group of the smallest size: a.
    expect(balanceScaleUpBetweenGroups(groups, 5).map(scaleUpInfoString)).toEqual(['{b 1->3 (max: 10)}', '{c 1->3 (max: 10)}', '{a 2->3 (max: 10)}']);
    // A maxed-out group is swapped to the front (pointer semantics of upstream's loop).
    const withMax = [group('x', 0, 2, 1), group('y', 0, 10, 1), group('z', 0, 10, 1)];
    expect(balanceScaleUpBetweenGroups(withMax, 5).map(scaleUpInfoString)).toEqual(['{x 1->2 (max: 2)}', '{y 1->3 (max: 10)}', '{z 1->3 (max: 10)}']);
    expect(groups[0]).toEqual({ group: 'a', currentSize: 2, maxSize: 10 });
    expect(() => balanceScaleUpBetweenGroups([], 1)).toThrow("Can't balance scale up between 0 groups");
  });
});

describe('goSortSlice (Go sort.Slice)', () => {
  /** A small LCG so the test is deterministic. */
  function lcg(seed: number): () => number {
    let s = seed >>> 0;
    return () => {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      return s / 2 ** 32;
    };
  }

  it('sorts any input into a permutation in order; ≤ 12 elements keep equal elements in order', () => {
    const rnd = lcg(42);
    for (const n of [0, 1, 5, 12, 13, 40, 51, 200, 1000]) {
      for (const range of [3, 1000]) {
        const data = Array.from({ length: n }, (_, i) => ({ k: Math.floor(rnd() * range), i }));
        const sorted = [...data];
        goSortSlice(sorted, (a, b) => a.k < b.k);
        for (let i = 1; i < n; i++) expect(sorted[i - 1].k <= sorted[i].k).toBe(true);
        expect(sorted.map((d) => d.i).sort((x, y) => x - y)).toEqual(data.map((d) => d.i));
        if (n <= 12) expect(sorted).toEqual([...data].sort((a, b) => a.k - b.k));
      }
    }
    // Already sorted, reversed and all-equal inputs of pdqsort's special paths.
    for (const make of [(i: number) => i, (i: number) => -i, () => 7]) {
      const data = Array.from({ length: 300 }, (_, i) => make(i));
      goSortSlice(data, (a, b) => a < b);
      expect(data).toEqual([...data].sort((a, b) => a - b));
    }
  });
});
