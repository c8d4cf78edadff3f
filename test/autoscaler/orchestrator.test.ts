/**
 * Scale-up decisions against upstream's orchestrator tests.
 * ported from cluster-autoscaler/core/scaleup/orchestrator/orchestrator_test.go (TestScaleUpOK,
 * TestMixedScaleUp, TestScaleUpTwoGroups, TestScaleUpCapToMaxTotalNodesLimit, TestScaleUpNoHelp),
 * run through our scaleUp with upstream's harness: real nodes as templates, bare pods, a mock
 * expander that picks the configured option, the estimator without thresholds.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_AUTOSCALING_OPTIONS, type AutoscalingOptions } from '../../src/autoscaler/options.ts';
import { balanceScaleUpBetweenGroups, findSimilarNodeGroups } from '../../src/autoscaler/nodegroupset/balancing.ts';
import { createGenericNodeInfoComparator, newDefaultNodeGroupDifferenceRatios } from '../../src/autoscaler/nodegroupset/similarity.ts';
import { reasonsMessage, scaleUp, type ScaleUpNodeGroup } from '../../src/autoscaler/scaleup/orchestrator.ts';
import { ClusterSnapshot } from '../../src/autoscaler/simulator/cluster-snapshot.ts';
import type { ExpansionOption } from '../../src/autoscaler/types.ts';
import { ClusterState } from '../../src/model/cluster.ts';
import type { Node, Pod } from '../../src/model/types.ts';
import { buildScheduler } from '../../src/scheduler/setup.ts';

const MiB = 1024 * 1024;
const GROUP_LABEL = 'kubesim.io/node-group';

interface NodeConfig {
  name: string;
  cpu: number;
  memory: number;
  group: string;
}
interface PodConfig {
  name: string;
  cpu: number;
  memory: number;
  node?: string;
}
interface TestConfig {
  nodes: NodeConfig[];
  pods: PodConfig[];
  extraPods: PodConfig[];
  choose?: { group: string; size: number };
  options?: Partial<AutoscalingOptions>;
}

/** utils/test BuildTestNode: capacity = allocatable, 100 pods. */
function buildTestNode(n: NodeConfig): Node {
  const res = { cpu: `${n.cpu}m`, memory: String(n.memory), pods: '100' };
  return { apiVersion: 'v1', kind: 'Node', metadata: { name: n.name, labels: { [GROUP_LABEL]: n.group } }, spec: {}, status: { capacity: res, allocatable: res } };
}

/** utils/test BuildTestPod: one container with cpu (milli) and memory (bytes) requests. */
function buildTestPod(p: PodConfig): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: p.name, namespace: 'default', uid: p.name },
    spec: { containers: [{ name: 'c', resources: { requests: { cpu: `${p.cpu}m`, memory: String(p.memory) } } }], ...(p.node ? { nodeName: p.node } : {}) },
  };
}

async function runSimpleScaleUpTest(cfg: TestConfig) {
  const cluster = new ClusterState();
  for (const n of cfg.nodes) cluster.addNode(buildTestNode(n));
  for (const p of cfg.pods) cluster.addPod(buildTestPod(p));
  const extra = cfg.extraPods.map((p) => cluster.addPod(buildTestPod(p)));
  const sched = await buildScheduler(cluster, {});
  const snapshot = new ClusterSnapshot(cluster, sched.frameworks.get('default-scheduler')!);
  // node groups from the nodes, min 1 max 10, templates from their first node (TemplateNodeInfoRegistry)
  const groups: ScaleUpNodeGroup[] = [];
  for (const n of cfg.nodes) {
    const g = groups.find((x) => x.id === n.group);
    if (g) g.targetSize++;
    else groups.push({ id: n.group, targetSize: 1, minSize: 1, maxSize: 10, template: { node: { ...buildTestNode(n), metadata: { name: `template-node-for-${n.group}`, labels: { [GROUP_LABEL]: n.group } } }, pods: [] } });
  }
  const options: AutoscalingOptions = { ...DEFAULT_AUTOSCALING_OPTIONS, ...(cfg.options ?? {}) };
  const seen: { group: string; nodeCount: number }[] = [];
  const expander = {
    bestOption(opts: readonly ExpansionOption[]): ExpansionOption | undefined {
      seen.push(...opts.map((o) => ({ group: o.nodeGroup, nodeCount: o.nodeCount })));
      if (!cfg.choose) return opts[0];
      return opts.find((o) => o.nodeGroup === cfg.choose!.group && o.nodeCount === cfg.choose!.size);
    },
  };
  // the harness ignores the node group label when comparing groups (NewDefaultNodeGroupSetProcessor([]string{nodeGroupLabel}, …))
  const comparator = createGenericNodeInfoComparator([GROUP_LABEL], newDefaultNodeGroupDifferenceRatios());
  snapshot.fork();
  try {
    const status = scaleUp(
      {
        snapshot,
        options,
        expander,
        currentNodeCount: cluster.nodes.size,
        estimatorLimits: 'none',
        findSimilarNodeGroups: (g, cands) => {
          const ids = findSimilarNodeGroups(g.id, cands.map((c) => c.id), new Map([g, ...cands].map((x) => [x.id, x.template])), comparator);
          return cands.filter((c) => ids.includes(c.id));
        },
        balance: (gs, n) => balanceScaleUpBetweenGroups(gs.map((g) => ({ group: g.id, currentSize: g.targetSize, maxSize: g.maxSize })), n),
      },
      extra,
      groups,
    );
    return { status, seen, groups };
  } finally {
    snapshot.revert();
  }
}

describe('scale-up orchestrator (orchestrator_test.go)', () => {
  it('TestScaleUpOK', async () => {
    const { status, seen } = await runSimpleScaleUpTest({
      nodes: [
        { name: 'n1', cpu: 100, memory: 100, group: 'ng1' },
        { name: 'n2', cpu: 1000, memory: 1000, group: 'ng2' },
      ],
      pods: [
        { name: 'p1', cpu: 80, memory: 0, node: 'n1' },
        { name: 'p2', cpu: 800, memory: 0, node: 'n2' },
      ],
      extraPods: [{ name: 'p-new', cpu: 500, memory: 0 }],
      choose: { group: 'ng2', size: 1 },
    });
    expect(seen).toContainEqual({ group: 'ng2', nodeCount: 1 });
    expect(status.result).toBe('ScaleUpSuccessful');
    expect(status.scaleUpInfos).toEqual([{ group: 'ng2', currentSize: 1, newSize: 2, maxSize: 10 }]);
    expect(status.podsTriggeredScaleUp.map((p) => p.name)).toEqual(['p-new']);
  });

  it('TestMixedScaleUp: triggering, remaining and awaiting pods', async () => {
    const { status } = await runSimpleScaleUpTest({
      nodes: [
        { name: 'n1', cpu: 100, memory: 1000, group: 'ng1' },
        { name: 'n2', cpu: 1000, memory: 100, group: 'ng2' },
      ],
      pods: [
        { name: 'p1', cpu: 80, memory: 0, node: 'n1' },
        { name: 'p2', cpu: 800, memory: 0, node: 'n2' },
      ],
      extraPods: [
        { name: 'triggering', cpu: 900, memory: 0 },
        { name: 'remaining', cpu: 2000, memory: 0 },
        { name: 'awaiting', cpu: 0, memory: 200 },
      ],
      choose: { group: 'ng2', size: 1 },
    });
    expect(status.scaleUpInfos).toEqual([{ group: 'ng2', currentSize: 1, newSize: 2, maxSize: 10 }]);
    expect(status.podsTriggeredScaleUp.map((p) => p.name)).toEqual(['triggering']);
    expect(status.podsRemainUnschedulable.map((i) => i.pod.name)).toEqual(['remaining']);
    expect(status.podsAwaitEvaluation.map((p) => p.name)).toEqual(['awaiting']);
  });

  it('TestScaleUpTwoGroups: balanced over similar groups', async () => {
    const { status } = await runSimpleScaleUpTest({
      nodes: [
        { name: 'ng1-n1', cpu: 1500, memory: 1000 * MiB, group: 'ng1' },
        { name: 'ng2-n1', cpu: 1500, memory: 1000 * MiB, group: 'ng2' },
      ],
      pods: [
        { name: 'p1', cpu: 1400, memory: 0, node: 'ng1-n1' },
        { name: 'p2', cpu: 1400, memory: 0, node: 'ng2-n1' },
      ],
      extraPods: [
        { name: 'p3', cpu: 1400, memory: 0 },
        { name: 'p4', cpu: 1400, memory: 0 },
      ],
      options: { balanceSimilarNodeGroups: true },
    });
    expect(status.result).toBe('ScaleUpSuccessful');
    const sizes = Object.fromEntries(status.scaleUpInfos.map((s) => [s.group, s.newSize]));
    expect(sizes).toEqual({ ng1: 2, ng2: 2 });
    expect(status.podsTriggeredScaleUp.map((p) => p.name).sort()).toEqual(['p3', 'p4']);
  });

  it('TestScaleUpCapToMaxTotalNodesLimit', async () => {
    const { status, seen } = await runSimpleScaleUpTest({
      nodes: [
        { name: 'n1', cpu: 2000, memory: 100 * MiB, group: 'ng1' },
        { name: 'n2', cpu: 4000, memory: 1000 * MiB, group: 'ng2' },
      ],
      pods: [
        { name: 'p1', cpu: 1000, memory: 0, node: 'n1' },
        { name: 'p2', cpu: 3000, memory: 0, node: 'n2' },
      ],
      extraPods: [
        { name: 'p-new-1', cpu: 4000, memory: 100 * MiB },
        { name: 'p-new-2', cpu: 4000, memory: 100 * MiB },
        { name: 'p-new-3', cpu: 4000, memory: 100 * MiB },
      ],
      choose: { group: 'ng2', size: 3 },
      options: { maxNodesTotal: 3 },
    });
    expect(seen).toContainEqual({ group: 'ng2', nodeCount: 3 });
    expect(status.scaleUpInfos).toEqual([{ group: 'ng2', currentSize: 1, newSize: 2, maxSize: 10 }]);
    expect(status.podsTriggeredScaleUp.map((p) => p.name)).toEqual(['p-new-1', 'p-new-2', 'p-new-3']);
  });

  it('TestScaleUpNoHelp: a pod no template fits gets NotTriggerScaleUp', async () => {
    const { status } = await runSimpleScaleUpTest({
      nodes: [{ name: 'n1', cpu: 100, memory: 1000, group: 'ng1' }],
      pods: [{ name: 'p1', cpu: 80, memory: 0, node: 'n1' }],
      extraPods: [{ name: 'p-new', cpu: 500, memory: 0 }],
    });
    expect(status.result).toBe('ScaleUpNoOptionsAvailable');
    expect(status.podsRemainUnschedulable.map((i) => i.pod.name)).toEqual(['p-new']);
    expect(reasonsMessage(status.result, status.podsRemainUnschedulable[0])).toBe('1 Insufficient cpu');
  });
});
