/**
 * TaintToleration, ported from upstream tainttoleration/taint_toleration_test.go
 * (TestTaintTolerationScore, TestTaintTolerationFilter).
 */
import { describe, expect, it } from 'vitest';
import { newPodInfo } from '../../../src/model/pod-info.ts';
import type { Taint, Toleration } from '../../../src/model/types.ts';
import { runFilterPlugin, runScorePlugin } from '../../../src/scheduler/framework/run-plugin.ts';
import { newTaintToleration } from '../../../src/scheduler/plugins/taint-toleration.ts';
import { makeCluster, makeNode, makePod } from '../../helpers/cluster.ts';

const nodeWithTaints = (name: string, taints: Taint[]) => makeNode(name, {}, { spec: { taints } });
const podWithTolerations = (tolerations: Toleration[]) => makePod('pod1', [], { spec: { containers: [], tolerations } });
const pns = (key: string, value: string): Taint => ({ key, value, effect: 'PreferNoSchedule' });

describe('taint_toleration_test.go TestTaintTolerationScore', () => {
  const cases: { name: string; tolerations: Toleration[]; nodes: [string, Taint[]][]; want: number[] }[] = [
    {
      name: 'node with taints tolerated by the pod, gets a higher score than those node with intolerable taints',
      tolerations: [{ key: 'foo', operator: 'Equal', value: 'bar', effect: 'PreferNoSchedule' }],
      nodes: [
        ['nodeA', [pns('foo', 'bar')]],
        ['nodeB', [pns('foo', 'blah')]],
      ],
      want: [100, 0],
    },
    {
      name: 'the nodes that all of their taints are tolerated by the pod, get the same score, no matter how many tolerable taints a node has',
      tolerations: [
        { key: 'cpu-type', operator: 'Equal', value: 'arm64', effect: 'PreferNoSchedule' },
        { key: 'disk-type', operator: 'Equal', value: 'ssd', effect: 'PreferNoSchedule' },
      ],
      nodes: [
        ['nodeA', []],
        ['nodeB', [pns('cpu-type', 'arm64')]],
        ['nodeC', [pns('cpu-type', 'arm64'), pns('disk-type', 'ssd')]],
      ],
      want: [100, 100, 100],
    },
    {
      name: 'the more intolerable taints a node has, the lower score it gets.',
      tolerations: [{ key: 'foo', operator: 'Equal', value: 'bar', effect: 'PreferNoSchedule' }],
      nodes: [
        ['nodeA', []],
        ['nodeB', [pns('cpu-type', 'arm64')]],
        ['nodeC', [pns('cpu-type', 'arm64'), pns('disk-type', 'ssd')]],
      ],
      want: [100, 50, 0],
    },
    {
      name: 'only taints and tolerations that have effect PreferNoSchedule are checked by taints-tolerations priority function',
      tolerations: [
        { key: 'cpu-type', operator: 'Equal', value: 'arm64', effect: 'NoSchedule' },
        { key: 'disk-type', operator: 'Equal', value: 'ssd', effect: 'NoSchedule' },
      ],
      nodes: [
        ['nodeA', []],
        ['nodeB', [{ key: 'cpu-type', value: 'arm64', effect: 'NoSchedule' }]],
        ['nodeC', [pns('cpu-type', 'arm64'), pns('disk-type', 'ssd')]],
      ],
      want: [100, 100, 0],
    },
    {
      name: 'Default behaviour No taints and tolerations, lands on node with no taints',
      tolerations: [],
      nodes: [
        ['nodeA', []],
        ['nodeB', [pns('cpu-type', 'arm64')]],
      ],
      want: [100, 0],
    },
  ];
  for (const tc of cases) {
    it(`"${tc.name}"`, () => {
      const cluster = makeCluster(tc.nodes.map(([n, t]) => nodeWithTaints(n, t)));
      const nodes = tc.nodes.map(([n]) => cluster.nodes.get(n)!);
      const run = runScorePlugin(newTaintToleration(undefined, { cluster }), cluster, newPodInfo(podWithTolerations(tc.tolerations)), nodes);
      expect(run.skipped).toBe(false);
      expect(run.normalized).toEqual(tc.want);
    });
  }
});

describe('taint_toleration_test.go TestTaintTolerationFilter', () => {
  const cases: { name: string; tolerations: Toleration[]; taints: Taint[]; wantReason?: string }[] = [
    {
      name: "A pod having no tolerations can't be scheduled onto a node with nonempty taints",
      tolerations: [],
      taints: [{ key: 'dedicated', value: 'user1', effect: 'NoSchedule' }],
      wantReason: 'node(s) had untolerated taint {dedicated: user1}',
    },
    {
      name: 'A pod which can be scheduled on a dedicated node assigned to user1 with effect NoSchedule',
      tolerations: [{ key: 'dedicated', value: 'user1', effect: 'NoSchedule' }],
      taints: [{ key: 'dedicated', value: 'user1', effect: 'NoSchedule' }],
    },
    {
      name: "A pod which can't be scheduled on a dedicated node assigned to user2 with effect NoSchedule",
      tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'user2', effect: 'NoSchedule' }],
      taints: [{ key: 'dedicated', value: 'user1', effect: 'NoSchedule' }],
      wantReason: 'node(s) had untolerated taint {dedicated: user1}',
    },
    {
      name: 'A pod can be scheduled onto the node, with a toleration uses operator Exists that tolerates the taints on the node',
      tolerations: [{ key: 'foo', operator: 'Exists', effect: 'NoSchedule' }],
      taints: [{ key: 'foo', value: 'bar', effect: 'NoSchedule' }],
    },
    {
      name: 'A pod has multiple tolerations, node has multiple taints, all the taints are tolerated, pod can be scheduled onto the node',
      tolerations: [
        { key: 'dedicated', operator: 'Equal', value: 'user2', effect: 'NoSchedule' },
        { key: 'foo', operator: 'Exists', effect: 'NoSchedule' },
      ],
      taints: [
        { key: 'dedicated', value: 'user2', effect: 'NoSchedule' },
        { key: 'foo', value: 'bar', effect: 'NoSchedule' },
      ],
    },
    {
      name: "A pod has a toleration that keys and values match the taint on the node, but (non-empty) effect doesn't match, can't be scheduled onto the node",
      tolerations: [{ key: 'foo', operator: 'Equal', value: 'bar', effect: 'PreferNoSchedule' }],
      taints: [{ key: 'foo', value: 'bar', effect: 'NoSchedule' }],
      wantReason: 'node(s) had untolerated taint {foo: bar}',
    },
    {
      name: 'The pod has a toleration that keys and values match the taint on the node, the effect of toleration is empty, and the effect of taint is NoSchedule. Pod can be scheduled onto the node',
      tolerations: [{ key: 'foo', operator: 'Equal', value: 'bar' }],
      taints: [{ key: 'foo', value: 'bar', effect: 'NoSchedule' }],
    },
    {
      name: "The pod has a toleration that key and value don't match the taint on the node, but the effect of taint on node is PreferNoSchedule. Pod can be scheduled onto the node",
      tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'user2', effect: 'NoSchedule' }],
      taints: [{ key: 'dedicated', value: 'user1', effect: 'PreferNoSchedule' }],
    },
    {
      name: 'The pod has no toleration, but the effect of taint on node is PreferNoSchedule. Pod can be scheduled onto the node',
      tolerations: [],
      taints: [{ key: 'dedicated', value: 'user1', effect: 'PreferNoSchedule' }],
    },
  ];
  for (const tc of cases) {
    it(`"${tc.name}"`, () => {
      const cluster = makeCluster([nodeWithTaints('nodeA', tc.taints)]);
      const st = runFilterPlugin(newTaintToleration(undefined, { cluster }), cluster, newPodInfo(podWithTolerations(tc.tolerations))).statuses[0];
      expect(st).toEqual(tc.wantReason ? { code: 'UnschedulableAndUnresolvable', reasons: [tc.wantReason] } : null);
    });
  }
  it('NoExecute taints filter too; a taint without value prints an empty value', () => {
    const cluster = makeCluster([nodeWithTaints('nodeA', [{ key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' }])]);
    const st = runFilterPlugin(newTaintToleration(undefined, { cluster }), cluster, newPodInfo(podWithTolerations([]))).statuses[0];
    expect(st).toEqual({ code: 'UnschedulableAndUnresolvable', reasons: ['node(s) had untolerated taint {node.kubernetes.io/not-ready: }'] });
  });
});
