/** Ported from cluster-autoscaler 1.35 core/scaledown/eligibility/eligibility_test.go. */
import { describe, expect, it } from 'vitest';
import {
  ScaleDownDisabledKey,
  ToBeDeletedByClusterAutoscaler,
  defaultEligibilityOptions,
  filterOutUnremovable,
  isNodeBeingDeleted,
} from '../../src/autoscaler/scaledown/eligibility.ts';
import type { EligibilityOptions, ScaleDownCandidate, UnremovableNode } from '../../src/autoscaler/scaledown/eligibility.ts';
import { UnremovableReason } from '../../src/autoscaler/simulator/reasons.ts';
import type { Node, Pod } from '../../src/model/types.ts';
import { addGpusToNode, buildTestNode, buildTestPod, generateOwnerReferences, gpuLabel, requestGpuForPod, setNodeReadyState } from './scaledown-fixtures.ts';

type OptionsPatch = (o: EligibilityOptions) => void;

function defaultOptions(): EligibilityOptions {
  return { ...defaultEligibilityOptions, nodeGroupDefaults: { ...defaultEligibilityOptions.nodeGroupDefaults } };
}
const withIgnoreDaemonSetsUtilization = (v: boolean): OptionsPatch => (o) => {
  o.nodeGroupDefaults.ignoreDaemonSetsUtilization = v;
};
const withScaleDownUnreadyEnabled = (v: boolean): OptionsPatch => (o) => {
  o.scaleDownUnreadyEnabled = v;
};
const withScaleDownUtilizationThreshold = (v: number): OptionsPatch => (o) => {
  o.nodeGroupDefaults.scaleDownUtilizationThreshold = v;
};

interface TestCase {
  desc: string;
  nodes: Node[];
  pods?: Pod[];
  wantUnneeded: string[];
  wantUnremovable: UnremovableNode[];
  optsPatches?: OptionsPatch[];
}

/** Upstream's node readiness: a Ready=True condition and no not-ready taint. */
function isReady(node: Node): boolean {
  const ready = node.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
  return ready && !(node.spec?.taints ?? []).some((t) => t.key === 'node.kubernetes.io/not-ready');
}

/** The snapshot's NodeInfos for the nodes, pods placed by spec.nodeName, all in node group ng1. */
function candidatesOf(nodes: Node[], pods: Pod[]): ScaleDownCandidate[] {
  return nodes.map((node) => ({
    nodeInfo: { node, pods: pods.filter((p) => p.spec.nodeName === node.metadata.name) },
    nodeGroup: 'ng1',
    ready: isReady(node),
  }));
}

function getTestCases(now: number): TestCase[] {
  const regularNode = buildTestNode('regular', 1000, 10);
  setNodeReadyState(regularNode, true);

  const justDeletedNode = buildTestNode('justDeleted', 1000, 10);
  justDeletedNode.spec = { ...justDeletedNode.spec, taints: [{ key: ToBeDeletedByClusterAutoscaler, value: String(now - 30), effect: 'NoSchedule' }] };
  setNodeReadyState(justDeletedNode, true);

  const noScaleDownNode = buildTestNode('noScaleDown', 1000, 10);
  noScaleDownNode.metadata.annotations = { [ScaleDownDisabledKey]: 'true' };
  setNodeReadyState(noScaleDownNode, true);

  const unreadyNode = buildTestNode('unready', 1000, 10);
  setNodeReadyState(unreadyNode, false);

  const bigPod = buildTestPod('bigPod', 600, 0);
  bigPod.spec.nodeName = 'regular';
  const smallPod = buildTestPod('smallPod', 100, 0);
  smallPod.spec.nodeName = 'regular';
  const dsPod = buildTestPod('dsPod', 500, 0);
  dsPod.metadata.ownerReferences = generateOwnerReferences('ds', 'DaemonSet', 'apps/v1', 'some-uid');
  dsPod.spec.nodeName = 'regular';

  const brokenUtilNode = buildTestNode('regular', 0, 0);

  // Base cases: run with default options. (The two DRA cases are not ported: DRA is not modelled.)
  const baseCases: TestCase[] = [
    { desc: 'regular node stays', nodes: [regularNode], wantUnneeded: ['regular'], wantUnremovable: [] },
    {
      desc: 'recently deleted node is filtered out',
      nodes: [regularNode, justDeletedNode],
      wantUnneeded: ['regular'],
      wantUnremovable: [{ node: 'justDeleted', reason: UnremovableReason.CurrentlyBeingDeleted }],
    },
    {
      desc: 'marked no scale down is filtered out',
      nodes: [noScaleDownNode, regularNode],
      wantUnneeded: ['regular'],
      wantUnremovable: [{ node: 'noScaleDown', reason: UnremovableReason.ScaleDownDisabledAnnotation }],
    },
    {
      desc: 'highly utilized node is filtered out',
      nodes: [regularNode],
      pods: [bigPod],
      wantUnneeded: [],
      wantUnremovable: [{ node: 'regular', reason: UnremovableReason.NotUnderutilized }],
    },
    { desc: 'underutilized node stays', nodes: [regularNode], pods: [smallPod], wantUnneeded: ['regular'], wantUnremovable: [] },
    {
      desc: "node is filtered out if utilization can't be calculated",
      nodes: [brokenUtilNode],
      pods: [smallPod],
      wantUnneeded: [],
      wantUnremovable: [{ node: 'regular', reason: UnremovableReason.UnexpectedError }],
    },
    { desc: 'unready node stays', nodes: [unreadyNode], wantUnneeded: ['unready'], wantUnremovable: [] },
    {
      desc: 'unready node is filtered oud when scale-down of unready is disabled',
      nodes: [unreadyNode],
      wantUnneeded: [],
      wantUnremovable: [{ node: 'unready', reason: UnremovableReason.ScaleDownUnreadyDisabled }],
      optsPatches: [withScaleDownUnreadyEnabled(false)],
    },
  ];

  // DaemonSet sensitivity cases, only run when withIgnoreDaemonSetsUtilization(true).
  const daemonsetSpecialCases: TestCase[] = [
    { desc: 'high utilization daemonsets node stays', nodes: [regularNode], pods: [smallPod, dsPod], wantUnneeded: ['regular'], wantUnremovable: [] },
    {
      desc: 'high utilization daemonsets node is filtered out, when IgnoreDaemonSets is disabled',
      nodes: [regularNode],
      pods: [smallPod, dsPod],
      wantUnneeded: [],
      wantUnremovable: [{ node: 'regular', reason: UnremovableReason.NotUnderutilized }],
      optsPatches: [withIgnoreDaemonSetsUtilization(false)],
    },
    {
      desc: 'only daemonsets pods on this node (threshold=0)',
      nodes: [regularNode],
      pods: [dsPod],
      wantUnneeded: ['regular'],
      wantUnremovable: [],
      optsPatches: [withScaleDownUtilizationThreshold(0)],
    },
  ];

  const suites: { name: string; patches: OptionsPatch[]; testCase: TestCase[] }[] = [
    { name: '[base]', patches: [], testCase: baseCases },
    { name: '[ignore-daemonsets=true]', patches: [withIgnoreDaemonSetsUtilization(true)], testCase: [...baseCases, ...daemonsetSpecialCases] },
  ];
  // applySuite: suite patches first, then the case's (which win); the suite name appended to desc.
  return suites.flatMap((s) => s.testCase.map((tc) => ({ ...tc, desc: `${tc.desc} ${s.name}`, optsPatches: [...s.patches, ...(tc.optsPatches ?? [])] })));
}

describe('eligibility.go FilterOutUnremovable (TestFilterOutUnremovable)', () => {
  const now = Date.UTC(2024, 0, 1) / 1000;
  for (const tc of getTestCases(now)) {
    it(tc.desc, () => {
      const options = defaultOptions();
      for (const patch of tc.optsPatches ?? []) patch(options);
      const got = filterOutUnremovable(candidatesOf(tc.nodes, tc.pods ?? []), options, new Set(), now);
      expect(got.eligible).toEqual(tc.wantUnneeded);
      expect(got.unremovable).toEqual(tc.wantUnremovable);
    });
  }
});

describe('eligibility.go FilterOutUnremovable (beyond upstream\'s table)', () => {
  const now = Date.UTC(2024, 0, 1) / 1000;
  const node = (name: string): Node => {
    const n = buildTestNode(name, 1000, 1000);
    setNodeReadyState(n, true);
    return n;
  };

  it('NotAutoscaled, RecentlyUnremovable and the caller\'s being-deleted set; utilization kept for computed nodes', () => {
    const busy = node('busy');
    const p = buildTestPod('p', 600, 0);
    const candidates: ScaleDownCandidate[] = [
      { nodeInfo: { node: node('free'), pods: [] }, nodeGroup: undefined, ready: true },
      { nodeInfo: { node: node('recent'), pods: [] }, nodeGroup: 'ng1', ready: true },
      { nodeInfo: { node: node('deleting'), pods: [] }, nodeGroup: 'ng1', ready: true },
      { nodeInfo: { node: busy, pods: [p] }, nodeGroup: 'ng1', ready: true },
      { nodeInfo: { node: node('ok'), pods: [] }, nodeGroup: 'ng1', ready: true },
    ];
    const got = filterOutUnremovable(candidates, {}, new Set(['deleting']), now, new Set(['recent']));
    expect(got.eligible).toEqual(['ok']);
    expect(got.unremovable).toEqual([
      { node: 'free', reason: UnremovableReason.NotAutoscaled },
      { node: 'recent', reason: UnremovableReason.RecentlyUnremovable },
      { node: 'deleting', reason: UnremovableReason.CurrentlyBeingDeleted },
      { node: 'busy', reason: UnremovableReason.NotUnderutilized },
    ]);
    expect([...got.utilization.keys()]).toEqual(['busy', 'ok']);
    expect(got.utilization.get('busy')).toEqual({ cpuUtil: 0.6, memUtil: 0, resourceName: 'cpu', utilization: 0.6 });
  });

  it('GPU nodes use the GPU threshold, per node group overrides win over the defaults', () => {
    const gpuNode = node('gpu');
    addGpusToNode(gpuNode, 2);
    const gpuPod = buildTestPod('g', 900, 0);
    requestGpuForPod(gpuPod, 1);
    const candidates: ScaleDownCandidate[] = [{ nodeInfo: { node: gpuNode, pods: [gpuPod] }, nodeGroup: 'gpus', ready: true }];
    // cpu 0.9 does not matter on a GPU node; the GPU is half used.
    expect(filterOutUnremovable(candidates, { gpuLabel }, new Set(), now).eligible).toEqual(['gpu']);
    const strict = filterOutUnremovable(candidates, { gpuLabel, nodeGroupOptions: { gpus: { scaleDownGpuUtilizationThreshold: 0.4 } } }, new Set(), now);
    expect(strict.unremovable).toEqual([{ node: 'gpu', reason: UnremovableReason.NotUnderutilized }]);
  });

  it('the deletion taint counts for 5 minutes, and not when its value is not a Unix time', () => {
    const n = node('n');
    n.spec = { taints: [{ key: ToBeDeletedByClusterAutoscaler, value: String(now - 299), effect: 'NoSchedule' }] };
    expect(isNodeBeingDeleted(n, now)).toBe(true);
    n.spec.taints![0].value = String(now - 300);
    expect(isNodeBeingDeleted(n, now)).toBe(false);
    n.spec.taints![0].value = 'soon';
    expect(isNodeBeingDeleted(n, now)).toBe(false);
  });
});
