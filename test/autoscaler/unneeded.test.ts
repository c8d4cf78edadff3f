/**
 * Unneeded nodes: which may be removed now, and why the others may not.
 * ported from cluster-autoscaler/core/scaledown/unneeded/nodes_test.go TestUpdate (since is kept),
 * TestRemovableAt and TestRemovableAt_UnremovableReasons
 */
import { describe, expect, it } from 'vitest';
import type { NodeToBeRemoved } from '../../src/autoscaler/scaledown/planner.ts';
import { UnneededNodes, type RemovableAtContext } from '../../src/autoscaler/scaledown/unneeded.ts';
import { UnremovableReason } from '../../src/autoscaler/simulator/reasons.ts';
import type { Node } from '../../src/model/types.ts';
import { newPodInfo } from '../../src/model/pod-info.ts';

function node(name: string, annotations: Record<string, string> = {}): Node {
  return { apiVersion: 'v1', kind: 'Node', metadata: { name, annotations }, spec: {}, status: { allocatable: { cpu: '10m', memory: '100' } } };
}

function ntbr(name: string, drain: boolean): NodeToBeRemoved {
  const pods = drain ? [newPodInfo({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `pod-${name}`, namespace: 'default' }, spec: { containers: [{ name: 'c' }] } })] : [];
  return { node: name, group: 'ng', podsToReschedule: pods, daemonSetPods: [], isRisky: false };
}

function ctx(opts: { nodes: Map<string, { node: Node; ready: boolean }>; group?: string; minSize: number; targetSize: number; deletions: number; unneeded: number; unready: number }): RemovableAtContext {
  return {
    node: (n) => opts.nodes.get(n),
    nodeGroupForNode: () => opts.group,
    groupSize: () => ({ target: opts.targetSize, min: opts.minSize }),
    deletionsInProgress: () => opts.deletions,
    unneededTime: opts.unneeded,
    unreadyTime: opts.unready,
  };
}

describe('UnneededNodes.update (TestUpdate)', () => {
  it('a node already unneeded keeps its since; a new one starts now; a dropped one is forgotten', () => {
    const n = new UnneededNodes();
    n.update([ntbr('a', false), ntbr('b', false)], 100);
    n.update([ntbr('b', true), ntbr('c', false)], 200);
    const since = new Map(n.asList().map((v) => [v.ntbr.node, v.since]));
    expect([...since]).toEqual([
      ['b', 100],
      ['c', 200],
    ]);
    expect(n.contains('a')).toBe(false);
  });
});

describe('UnneededNodes.removableAt (TestRemovableAt)', () => {
  const cases = [
    { name: 'Node group min size is not reached', numEmpty: 3, numDrain: 2, minSize: 1, targetSize: 10, numOngoingDeletions: 2, numEmptyToRemove: 3, numDrainToRemove: 2 },
    { name: 'Node group min size is reached for drain nodes', numEmpty: 3, numDrain: 5, minSize: 1, targetSize: 10, numOngoingDeletions: 2, numEmptyToRemove: 3, numDrainToRemove: 4 },
    { name: 'Node group min size is reached for empty and drain nodes', numEmpty: 3, numDrain: 5, minSize: 1, targetSize: 5, numOngoingDeletions: 2, numEmptyToRemove: 2, numDrainToRemove: 0 },
  ];
  for (const tc of cases) {
    it(tc.name, () => {
      const list = [...Array.from({ length: tc.numEmpty }, (_, i) => ntbr(`empty-${i}`, false)), ...Array.from({ length: tc.numDrain }, (_, i) => ntbr(`drain-${i}`, true))];
      const nodes = new Map(list.map((x) => [x.node, { node: node(x.node), ready: true }]));
      const n = new UnneededNodes();
      n.update(list, 0);
      // unneeded since 10 minutes, unneeded time 0 (the test's fake time getter)
      const got = n.removableAt(ctx({ nodes, group: 'ng', minSize: tc.minSize, targetSize: tc.targetSize, deletions: tc.numOngoingDeletions, unneeded: 0, unready: 300 }), 600);
      expect(got.empty.length).toBe(tc.numEmptyToRemove);
      expect(got.needDrain.length).toBe(tc.numDrainToRemove);
    });
  }
});

describe('UnneededNodes.removableAt reasons (TestRemovableAt_UnremovableReasons)', () => {
  const base = { ready: true, sinceOffset: -600, disabled: false, unneeded: 300, unready: 300, minSize: 0, targetSize: 1, configured: true };
  const cases: { name: string; expected: UnremovableReason; over: Partial<typeof base> }[] = [
    { name: 'ScaleDownDisabledAnnotation', expected: UnremovableReason.ScaleDownDisabledAnnotation, over: { disabled: true } },
    { name: 'NotUnneededLongEnough', expected: UnremovableReason.NotUnneededLongEnough, over: { unneeded: 900 } },
    { name: 'NotUnreadyLongEnough', expected: UnremovableReason.NotUnreadyLongEnough, over: { ready: false, unready: 900 } },
    { name: 'NotAutoscaled', expected: UnremovableReason.NotAutoscaled, over: { configured: false } },
    { name: 'NodeGroupMinSizeReached', expected: UnremovableReason.NodeGroupMinSizeReached, over: { minSize: 1, targetSize: 1 } },
  ];
  for (const tc of cases) {
    it(tc.name, () => {
      const c = { ...base, ...tc.over };
      const name = `test-node-${tc.name}`;
      const now = 10_000;
      const nodes = new Map([[name, { node: node(name, c.disabled ? { 'cluster-autoscaler.kubernetes.io/scale-down-disabled': 'true' } : {}), ready: c.ready }]]);
      const n = new UnneededNodes();
      n.update([ntbr(name, false)], now + c.sinceOffset);
      const got = n.removableAt(ctx({ nodes, group: c.configured ? 'ng' : undefined, minSize: c.minSize, targetSize: c.targetSize, deletions: 0, unneeded: c.unneeded, unready: c.unready }), now);
      expect(got.empty).toEqual([]);
      expect(got.needDrain).toEqual([]);
      expect(got.unremovable).toEqual([{ node: name, reason: tc.expected }]);
    });
  }
});
