/**
 * NodeAffinity, ported from upstream nodeaffinity/node_affinity_test.go
 * (TestNodeAffinity: PreFilter status/result and Filter; TestNodeAffinityPriority: PreScore,
 * Score and NormalizeScore).
 */
import { describe, expect, it } from 'vitest';
import { newPodInfo } from '../../../src/model/pod-info.ts';
import type { Affinity, NodeSelectorRequirement, NodeSelectorTerm, Pod, PreferredSchedulingTerm } from '../../../src/model/types.ts';
import { runFilterPlugin, runScorePlugin } from '../../../src/scheduler/framework/run-plugin.ts';
import { CycleState, isPreFilterResult, type Status } from '../../../src/scheduler/framework/types.ts';
import { ERR_REASON_CONFLICT, ERR_REASON_ENFORCED, ERR_REASON_POD, newNodeAffinity } from '../../../src/scheduler/plugins/node-affinity.ts';
import { makeCluster, makeNode, makePod } from '../../helpers/cluster.ts';

const podWith = (spec: Partial<Pod['spec']>): Pod => makePod('p', [], { spec: { containers: [], ...spec } });
const required = (...terms: NodeSelectorTerm[]): Affinity => ({ nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } } });
const expr = (key: string, operator: string, values?: string[]): NodeSelectorRequirement =>
  ({ key, operator, ...(values ? { values } : {}) }) as NodeSelectorRequirement;
const nameIn = (...values: string[]): NodeSelectorRequirement => ({ key: 'metadata.name', operator: 'In', values });
const unres = (reason: string): Status => ({ code: 'UnschedulableAndUnresolvable', reasons: [reason] });

interface FilterCase {
  name: string;
  pod: Pod;
  labels?: Record<string, string>;
  nodeName?: string;
  wantStatus?: Status;
  wantPreFilterStatus?: Status;
  wantPreFilterResult?: string[];
  args?: Record<string, unknown>;
  runPreFilter?: boolean;
}

describe('node_affinity_test.go TestNodeAffinity', () => {
  const cases: FilterCase[] = [
    { name: 'missing labels', pod: podWith({ nodeSelector: { foo: 'bar' } }), wantStatus: unres(ERR_REASON_POD) },
    { name: 'same labels', pod: podWith({ nodeSelector: { foo: 'bar' } }), labels: { foo: 'bar' } },
    { name: 'node labels are superset', pod: podWith({ nodeSelector: { foo: 'bar' } }), labels: { foo: 'bar', baz: 'blah' } },
    { name: 'node labels are subset', pod: podWith({ nodeSelector: { foo: 'bar', baz: 'blah' } }), labels: { foo: 'bar' }, wantStatus: unres(ERR_REASON_POD) },
    {
      name: 'Pod with matchExpressions using In operator that matches the existing node',
      pod: podWith({ affinity: required({ matchExpressions: [expr('foo', 'In', ['bar', 'value2'])] }) }),
      labels: { foo: 'bar' },
    },
    {
      name: 'Pod with matchExpressions using Gt operator that matches the existing node',
      pod: podWith({ affinity: required({ matchExpressions: [expr('kernel-version', 'Gt', ['0204'])] }) }),
      labels: { 'kernel-version': '0206' },
    },
    {
      name: 'Pod with matchExpressions using NotIn operator that matches the existing node',
      pod: podWith({ affinity: required({ matchExpressions: [expr('mem-type', 'NotIn', ['DDR', 'DDR2'])] }) }),
      labels: { 'mem-type': 'DDR3' },
    },
    {
      name: 'Pod with matchExpressions using Exists operator that matches the existing node',
      pod: podWith({ affinity: required({ matchExpressions: [expr('GPU', 'Exists')] }) }),
      labels: { GPU: 'NVIDIA-GRID-K1' },
    },
    {
      name: "Pod with affinity that don't match node's labels won't schedule onto the node",
      pod: podWith({ affinity: required({ matchExpressions: [expr('foo', 'In', ['value1', 'value2'])] }) }),
      labels: { foo: 'bar' },
      wantStatus: unres(ERR_REASON_POD),
    },
    {
      name: "Pod with empty MatchExpressions is not a valid value will match no objects and won't schedule onto the node",
      pod: podWith({ affinity: required({ matchExpressions: [] }) }),
      labels: { foo: 'bar' },
      wantStatus: unres(ERR_REASON_POD),
    },
    { name: 'Pod with no Affinity will schedule onto a node', pod: podWith({}), labels: { foo: 'bar' }, wantPreFilterStatus: { code: 'Skip', reasons: [] } },
    {
      name: 'Pod with Affinity but nil NodeSelector will schedule onto a node',
      pod: podWith({ affinity: { nodeAffinity: {} } }),
      labels: { foo: 'bar' },
      wantPreFilterStatus: { code: 'Skip', reasons: [] },
    },
    {
      name: 'Pod with multiple matchExpressions ANDed that matches the existing node',
      pod: podWith({ affinity: required({ matchExpressions: [expr('GPU', 'Exists'), expr('GPU', 'NotIn', ['AMD', 'INTER'])] }) }),
      labels: { GPU: 'NVIDIA-GRID-K1' },
    },
    {
      name: "Pod with multiple matchExpressions ANDed that doesn't match the existing node",
      pod: podWith({ affinity: required({ matchExpressions: [expr('GPU', 'Exists'), expr('GPU', 'In', ['AMD', 'INTER'])] }) }),
      labels: { GPU: 'NVIDIA-GRID-K1' },
      wantStatus: unres(ERR_REASON_POD),
    },
    {
      name: "Pod with multiple NodeSelectorTerms ORed in affinity, matches the node's labels and will schedule onto the node",
      pod: podWith({
        affinity: required({ matchExpressions: [expr('foo', 'In', ['bar', 'value2'])] }, { matchExpressions: [expr('diffkey', 'In', ['wrong', 'value2'])] }),
      }),
      labels: { foo: 'bar' },
    },
    {
      name: 'Pod with an Affinity and a PodSpec.NodeSelector(the old thing that we are deprecating) both are satisfied, will schedule onto the node',
      pod: podWith({ nodeSelector: { foo: 'bar' }, affinity: required({ matchExpressions: [expr('foo', 'Exists')] }) }),
      labels: { foo: 'bar' },
    },
    {
      name: "Pod with an Affinity matches node's labels but the PodSpec.NodeSelector(the old thing that we are deprecating) is not satisfied, won't schedule onto the node",
      pod: podWith({ nodeSelector: { foo: 'bar' }, affinity: required({ matchExpressions: [expr('foo', 'Exists')] }) }),
      labels: { foo: 'barrrrrr' },
      wantStatus: unres(ERR_REASON_POD),
    },
    {
      name: "Pod with an invalid value in Affinity term won't be scheduled onto the node",
      pod: podWith({ affinity: required({ matchExpressions: [expr('foo', 'NotIn', ['invalid value: ___@#$%^'])] }) }),
      labels: { foo: 'bar' },
      wantStatus: unres(ERR_REASON_POD),
    },
    {
      name: 'Pod with matchFields using In operator that matches the existing node',
      pod: podWith({ affinity: required({ matchFields: [nameIn('node1')] }) }),
      nodeName: 'node1',
      wantPreFilterResult: ['node1'],
    },
    {
      name: 'Pod with matchFields using In operator that does not match the existing node',
      pod: podWith({ affinity: required({ matchFields: [nameIn('node1')] }) }),
      nodeName: 'node2',
      wantStatus: unres(ERR_REASON_POD),
      wantPreFilterResult: ['node1'],
    },
    {
      name: 'Pod with two terms: matchFields does not match, but matchExpressions matches',
      pod: podWith({ affinity: required({ matchFields: [nameIn('node1'), nameIn('node2')] }, { matchExpressions: [expr('foo', 'In', ['bar'])] }) }),
      nodeName: 'node2',
      labels: { foo: 'bar' },
    },
    {
      name: 'Pod with one term: matchFields does not match, but matchExpressions matches',
      pod: podWith({ affinity: required({ matchFields: [nameIn('node1')], matchExpressions: [expr('foo', 'In', ['bar'])] }) }),
      nodeName: 'node2',
      labels: { foo: 'bar' },
      wantPreFilterResult: ['node1'],
      wantStatus: unres(ERR_REASON_POD),
    },
    {
      name: 'Pod with one term: both matchFields and matchExpressions match',
      pod: podWith({ affinity: required({ matchFields: [nameIn('node1')], matchExpressions: [expr('foo', 'In', ['bar'])] }) }),
      nodeName: 'node1',
      labels: { foo: 'bar' },
      wantPreFilterResult: ['node1'],
    },
    {
      name: 'Pod with two terms: both matchFields and matchExpressions do not match',
      pod: podWith({ affinity: required({ matchFields: [nameIn('node1')] }, { matchExpressions: [expr('foo', 'In', ['not-match-to-bar'])] }) }),
      nodeName: 'node2',
      labels: { foo: 'bar' },
      wantStatus: unres(ERR_REASON_POD),
    },
    {
      name: 'Pod with two terms of node.Name affinity',
      pod: podWith({ affinity: required({ matchFields: [nameIn('node1')] }, { matchFields: [nameIn('node2')] }) }),
      nodeName: 'node2',
      wantPreFilterResult: ['node1', 'node2'],
    },
    {
      name: 'Pod with two conflicting mach field requirements',
      pod: podWith({ affinity: required({ matchFields: [nameIn('node1'), nameIn('node2')] }) }),
      nodeName: 'node2',
      labels: { foo: 'bar' },
      wantPreFilterStatus: unres(ERR_REASON_CONFLICT),
      wantStatus: unres(ERR_REASON_POD),
    },
    {
      name: "Matches added affinity and Pod's node affinity",
      pod: podWith({ affinity: required({ matchExpressions: [expr('zone', 'In', ['foo'])] }) }),
      nodeName: 'node2',
      labels: { zone: 'foo' },
      args: { addedAffinity: required({ matchFields: [nameIn('node2')] }).nodeAffinity },
    },
    {
      name: "Matches added affinity but not Pod's node affinity",
      pod: podWith({ affinity: required({ matchExpressions: [expr('zone', 'In', ['bar'])] }) }),
      nodeName: 'node2',
      labels: { zone: 'foo' },
      args: { addedAffinity: required({ matchFields: [nameIn('node2')] }).nodeAffinity },
      wantStatus: unres(ERR_REASON_POD),
    },
    {
      name: "Doesn't match added affinity",
      pod: podWith({}),
      nodeName: 'node2',
      labels: { zone: 'foo' },
      args: { addedAffinity: required({ matchExpressions: [expr('zone', 'In', ['bar'])] }).nodeAffinity },
      wantStatus: unres(ERR_REASON_ENFORCED),
    },
    {
      name: 'Matches node selector correctly even if PreFilter is not called',
      pod: podWith({ nodeSelector: { foo: 'bar' } }),
      labels: { foo: 'bar', baz: 'blah' },
      runPreFilter: false,
    },
    {
      name: 'Matches node affinity correctly even if PreFilter is not called',
      pod: podWith({ affinity: required({ matchExpressions: [expr('GPU', 'Exists'), expr('GPU', 'NotIn', ['AMD', 'INTER'])] }) }),
      labels: { GPU: 'NVIDIA-GRID-K1' },
      runPreFilter: false,
    },
  ];

  for (const tc of cases) {
    it(`"${tc.name}"`, () => {
      const cluster = makeCluster([makeNode(tc.nodeName ?? '', {}, { metadata: { name: tc.nodeName ?? '', labels: tc.labels } })]);
      const node = cluster.nodes.get(tc.nodeName ?? '')!;
      const plugin = newNodeAffinity(tc.args, { cluster });
      const pod = newPodInfo(tc.pod);
      const state = new CycleState();
      if (tc.runPreFilter !== false) {
        const out = plugin.preFilter!(state, pod);
        if (isPreFilterResult(out)) {
          expect([...out.nodeNames].sort()).toEqual(tc.wantPreFilterResult);
        } else {
          expect(tc.wantPreFilterResult).toBeUndefined();
          expect(out).toEqual(tc.wantPreFilterStatus ?? null);
        }
      }
      // As upstream, Filter runs even after a PreFilter Skip or failure.
      expect(plugin.filter!(state, pod, node)).toEqual(tc.wantStatus ?? null);
    });
  }

  it('through the harness, a PreFilterResult keeps other nodes out and a Skip passes every node', () => {
    const cluster = makeCluster([makeNode('node1'), makeNode('node2')]);
    const plugin = newNodeAffinity(undefined, { cluster });
    const restricted = runFilterPlugin(plugin, cluster, newPodInfo(podWith({ affinity: required({ matchFields: [nameIn('node1')] }) })));
    expect(restricted.statuses.map((s) => s?.code ?? 'Success')).toEqual(['Success', 'UnschedulableAndUnresolvable']);
    const skipped = runFilterPlugin(plugin, cluster, newPodInfo(podWith({})));
    expect(skipped.statuses).toEqual([null, null]);
  });
});

describe('node_affinity_test.go TestNodeAffinityPriority', () => {
  const label1 = { foo: 'bar' };
  const label2 = { key: 'value' };
  const label3 = { az: 'az1' };
  const label4 = { abc: 'az11', def: 'az22' };
  const label5 = { foo: 'bar', key: 'value', az: 'az1' };
  const pref = (...terms: PreferredSchedulingTerm[]): Affinity => ({ nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: terms } });
  const affinity1 = pref({ weight: 2, preference: { matchExpressions: [expr('foo', 'In', ['bar'])] } });
  const affinity2 = pref(
    { weight: 2, preference: { matchExpressions: [expr('foo', 'In', ['bar'])] } },
    { weight: 4, preference: { matchExpressions: [expr('key', 'In', ['value'])] } },
    { weight: 5, preference: { matchExpressions: [expr('foo', 'In', ['bar']), expr('key', 'In', ['value']), expr('az', 'In', ['az1'])] } },
  );

  interface ScoreCase {
    name: string;
    pod: Pod;
    nodes: [string, Record<string, string>][];
    want?: number[];
    args?: Record<string, unknown>;
    runPreScore?: boolean;
    wantPreScore?: Status;
  }
  const cases: ScoreCase[] = [
    {
      name: 'all nodes are same priority as NodeAffinity is nil',
      pod: podWith({}),
      nodes: [
        ['node1', label1],
        ['node2', label2],
        ['node3', label3],
      ],
      want: [0, 0, 0],
      runPreScore: false,
    },
    {
      name: 'Skip is returned in PreScore when NodeAffinity is nil',
      pod: podWith({}),
      nodes: [['node1', label1]],
      wantPreScore: { code: 'Skip', reasons: [] },
    },
    {
      name: 'PreScore returns error when an incoming Pod has a broken affinity',
      pod: podWith({ affinity: pref({ weight: 2, preference: { matchExpressions: [expr('invalid key', 'In', ['bar'])] } }) }),
      nodes: [['node1', label1]],
      wantPreScore: {
        code: 'Error',
        reasons: [
          `[0].matchExpressions[0].key: Invalid value: "invalid key": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
        ],
      },
    },
    {
      name: "no node matches preferred scheduling requirements in NodeAffinity of pod so all nodes' priority is zero",
      pod: podWith({ affinity: affinity1 }),
      nodes: [
        ['node1', label4],
        ['node2', label2],
        ['node3', label3],
      ],
      want: [0, 0, 0],
    },
    {
      name: 'only node1 matches the preferred scheduling requirements of pod',
      pod: podWith({ affinity: affinity1 }),
      nodes: [
        ['node1', label1],
        ['node2', label2],
        ['node3', label3],
      ],
      want: [100, 0, 0],
    },
    {
      name: 'all nodes matches the preferred scheduling requirements of pod but with different priorities ',
      pod: podWith({ affinity: affinity2 }),
      nodes: [
        ['node1', label1],
        ['node5', label5],
        ['node2', label2],
      ],
      want: [18, 100, 36],
    },
    {
      name: 'added affinity',
      pod: podWith({}),
      nodes: [
        ['node1', label1],
        ['node2', label2],
      ],
      want: [100, 0],
      args: { addedAffinity: affinity1.nodeAffinity },
    },
    {
      name: 'added affinity and pod has default affinity',
      pod: podWith({ affinity: affinity1 }),
      nodes: [
        ['node1', label1],
        ['node2', label2],
        ['node3', label5],
      ],
      want: [40, 60, 100],
      args: { addedAffinity: pref({ weight: 3, preference: { matchExpressions: [expr('key', 'In', ['value'])] } }).nodeAffinity },
    },
    {
      name: 'calculate the priorities correctly even if PreScore is not called',
      pod: podWith({ affinity: affinity2 }),
      nodes: [
        ['node1', label1],
        ['node5', label5],
        ['node2', label2],
      ],
      want: [18, 100, 36],
      runPreScore: false,
    },
  ];
  for (const tc of cases) {
    it(`"${tc.name}"`, () => {
      const cluster = makeCluster(tc.nodes.map(([n, labels]) => makeNode(n, {}, { metadata: { name: n, labels } })));
      const nodes = tc.nodes.map(([n]) => cluster.nodes.get(n)!);
      const plugin = newNodeAffinity(tc.args, { cluster });
      const pod = newPodInfo(tc.pod);
      if (tc.wantPreScore) {
        expect(plugin.preScore!(new CycleState(), pod, nodes)).toEqual(tc.wantPreScore);
        return;
      }
      if (tc.runPreScore === false) {
        const state = new CycleState();
        const scores = nodes.map((n) => plugin.score!(state, pod, n));
        plugin.normalizeScore!(state, pod, nodes, scores);
        expect(scores).toEqual(tc.want);
        return;
      }
      const run = runScorePlugin(plugin, cluster, pod, nodes);
      expect(run.skipped).toBe(false);
      expect(run.normalized).toEqual(tc.want);
    });
  }
});

describe('NodeAffinity args (ValidateNodeAffinityArgs)', () => {
  const handle = { cluster: makeCluster([]) };
  it('rejects invalid addedAffinity terms and unknown fields', () => {
    expect(() => newNodeAffinity({ addedAffinity: required({ matchExpressions: [expr('foo', 'Gt', ['x'])] }).nodeAffinity }, handle)).toThrow(
      /addedAffinity\.requiredDuringSchedulingIgnoredDuringExecution\.nodeSelectorTerms\[0\]\.matchExpressions\[0\]\.values\[0\]/,
    );
    expect(() =>
      newNodeAffinity({ addedAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1, preference: { matchFields: [{ key: 'spec.x', operator: 'In', values: ['a'] }] } }] } }, handle),
    ).toThrow(/not a valid field selector key/);
    expect(() => newNodeAffinity({ other: 1 }, handle)).toThrow(/unknown field "other"/);
  });
});
