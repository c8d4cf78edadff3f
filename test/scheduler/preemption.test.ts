/**
 * DefaultPreemption: upstream's defaultpreemption/default_preemption_test.go tables
 * (TestPostFilter, TestDryRunPreemption, TestSelectBestCandidate, TestPodEligibleToPreemptOthers,
 * TestPreempt) against src/scheduler/plugins/default-preemption.ts, and the Scheduler's side:
 * victims removed, nominatedNodeName set, the preemptor bound on its retry.
 */
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import type { ClusterState } from '../../src/model/cluster.ts';
import type { PodInfo } from '../../src/model/pod-info.ts';
import type { Node, Pod, PodDisruptionBudget, ResourceList } from '../../src/model/types.ts';
import { buildProfiles } from '../../src/scheduler/config.ts';
import { Framework, type ScheduleResult } from '../../src/scheduler/framework/framework.ts';
import type { Profile } from '../../src/scheduler/framework/profile.ts';
import type { PluginFactory, SchedulerPlugin, Status } from '../../src/scheduler/framework/types.ts';
import {
  calculateNumCandidates,
  dryRunPreemption,
  filterPodsWithPDBViolation,
  pickOneNodeForPreemption,
  podEligibleToPreemptOthers,
  preempt,
  preemptionPostFilter,
  type DefaultPreemptionPlugin,
} from '../../src/scheduler/plugins/default-preemption.ts';
import { IN_TREE_PLUGINS } from '../../src/scheduler/registry.ts';
import { Scheduler, type SchedulerEvent } from '../../src/scheduler/scheduler.ts';
import { makeCluster, makeNode } from '../helpers/cluster.ts';

// upstream's priorities and resource sizes (default_preemption_test.go)
const NEG = -100;
const LOW = 0;
const MID = 100;
const HIGH = 1000;
const VERY_HIGH = 10000;
const SMALL: ResourceList = { cpu: '100m', memory: '100' };
const MEDIUM: ResourceList = { cpu: '200m', memory: '200' };
const LARGE: ResourceList = { cpu: '300m', memory: '300' };
const VERY_LARGE: ResourceList = { cpu: '500m', memory: '500' };
// upstream's epochTimeN is N ns after the epoch; JS dates hold ms, so N s keeps the same order
const epoch = (n: number): string => new Date(n * 1000).toISOString();

interface PodOpts {
  node?: string;
  priority?: number;
  req?: ResourceList;
  labels?: Record<string, string>;
  startTime?: string;
  preemptionPolicy?: 'Never' | 'PreemptLowerPriority';
  nominated?: string;
  spread?: { maxSkew: number; topologyKey: string }[];
  antiAffinityExists?: { key: string; topologyKey: string };
  terminating?: boolean;
  preemptedByScheduler?: boolean;
}

/** st.MakePod() with what these tables use. */
function pod(name: string, o: PodOpts = {}): Pod {
  const p: Pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', labels: o.labels, ...(o.terminating ? { deletionTimestamp: '2024-01-01T00:00:00Z' } : {}) },
    spec: {
      containers: [{ name: 'c', resources: o.req ? { requests: o.req } : {} }],
      nodeName: o.node,
      priority: o.priority,
      preemptionPolicy: o.preemptionPolicy,
    },
    status: {
      startTime: o.startTime,
      nominatedNodeName: o.nominated,
      conditions: o.preemptedByScheduler ? [{ type: 'DisruptionTarget', status: 'True', reason: 'PreemptionByScheduler' }] : undefined,
    },
  };
  if (o.spread) {
    p.spec.topologySpreadConstraints = o.spread.map((s) => ({
      maxSkew: s.maxSkew,
      topologyKey: s.topologyKey,
      whenUnsatisfiable: 'DoNotSchedule',
      labelSelector: { matchExpressions: [{ key: 'foo', operator: 'Exists' }] },
    }));
  }
  if (o.antiAffinityExists) {
    p.spec.affinity = {
      podAntiAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [
          { labelSelector: { matchExpressions: [{ key: o.antiAffinityExists.key, operator: 'Exists' }] }, topologyKey: o.antiAffinityExists.topologyKey },
        ],
      },
    };
  }
  return p;
}

/** Nodes as the tables name them: "name/zone/region" → labels hostname, zone, region; capacity veryLargeRes. */
function node(spec: string, capacity: ResourceList = VERY_LARGE): Node {
  const parts = spec.split('/');
  const keys = ['hostname', 'zone', 'region'];
  return makeNode(parts[0], capacity, { metadata: { name: parts[0], labels: Object.fromEntries(parts.map((v, i) => [keys[i], v])) } });
}

function pdb(name: string, matchLabels: Record<string, string>, status: PodDisruptionBudget['status'], spec: Partial<PodDisruptionBudget['spec']> = {}): PodDisruptionBudget {
  return { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name, namespace: 'default' }, spec: { selector: { matchLabels }, ...spec }, status };
}

/** A filter that counts its calls and fails the nodes listed in `failing` (tf.FakeFilterPlugin). */
function fakeFilter(failing: Set<string> | 'all' = new Set()): { calls: number; factory: PluginFactory } {
  const ff = {
    calls: 0,
    factory: (): SchedulerPlugin => ({
      name: 'FakeFilter',
      filter: (_s, _p, n): Status | null => {
        ff.calls++;
        return failing === 'all' || failing.has(n.name) ? { code: 'Unschedulable', reasons: ['injected filter status'] } : null;
      },
    }),
  };
  return ff;
}

/** A profile with exactly `plugins` (plus FakeFilter first and DefaultPreemption), as upstream's tf.NewFramework tables register them. */
function profile(cluster: ClusterState, plugins: string[], ff = fakeFilter(), args?: Record<string, unknown>, extra: Record<string, PluginFactory> = {}): Profile {
  const registry = new Map(IN_TREE_PLUGINS);
  registry.set('FakeFilter', ff.factory);
  for (const [n, f] of Object.entries(extra)) registry.set(n, f);
  const [p] = buildProfiles(
    {
      profiles: [
        {
          plugins: { multiPoint: { enabled: [{ name: 'FakeFilter' }, ...[...plugins, 'DefaultPreemption'].map((name) => ({ name }))], disabled: [{ name: '*' }] } },
          pluginConfig: args ? [{ name: 'DefaultPreemption', args }] : [],
        },
      ],
    },
    registry,
    cluster,
  );
  return p;
}

interface Setup {
  cluster: ClusterState;
  fw: Framework;
  pl: DefaultPreemptionPlugin;
  ff: ReturnType<typeof fakeFilter>;
}

function setup(nodes: Node[], pods: Pod[], plugins: string[], opts: { pdbs?: PodDisruptionBudget[]; failing?: Set<string> | 'all'; args?: Record<string, unknown>; extra?: Record<string, PluginFactory> } = {}): Setup {
  const cluster = makeCluster(nodes, pods);
  for (const b of opts.pdbs ?? []) cluster.pdbs.set(`default/${b.metadata.name}`, b);
  const ff = fakeFilter(opts.failing);
  const prof = profile(cluster, plugins, ff, opts.args, opts.extra);
  return { cluster, fw: new Framework(prof, cluster, seedrandom('fw')), pl: prof.postFilter[0] as DefaultPreemptionPlugin, ff };
}

/** Runs the pod's cycle (PreFilter state, node statuses) and returns it with the pod. */
function cycle(s: Setup, preemptor: Pod): { p: PodInfo; result: ScheduleResult } {
  const p = s.cluster.addPod(preemptor);
  const result = s.fw.schedulePod(p);
  return { p, result };
}

/** DryRunPreemption over all nodes sorted by name (as the upstream table does) → {node: victims}. */
function dryRun(s: Setup, p: PodInfo, result: ScheduleResult, offset = 0): { candidates: Record<string, string[]>; violations: Record<string, number>; filterCalls: number } {
  const nodes = [...s.cluster.nodeList()].sort((a, b) => (a.name < b.name ? -1 : 1));
  const before = s.ff.calls;
  const got = dryRunPreemption(s.fw, result.state, p, nodes, offset, calculateNumCandidates(s.pl.args, nodes.length));
  const candidates: Record<string, string[]> = {};
  const violations: Record<string, number> = {};
  for (const c of got) {
    candidates[c.node.name] = c.victims.map((v) => v.name).sort();
    violations[c.node.name] = c.numPDBViolations;
  }
  return { candidates, violations, filterCalls: s.ff.calls - before };
}

describe('default_preemption_test.go TestDryRunPreemption', () => {
  const fit = ['NodeResourcesFit'];
  type Case = {
    name: string;
    nodes: string[];
    pod: Pod;
    pods: Pod[];
    plugins: string[];
    failing?: 'all';
    pdbs?: PodDisruptionBudget[];
    args?: Record<string, unknown>;
    offset?: number;
    want: Record<string, string[]>;
    wantViolations?: Record<string, number>;
    filterCalls: number;
    extra?: Record<string, PluginFactory>;
  };
  const falseFilter: PluginFactory = () => ({ name: 'FalseFilter', filter: () => ({ code: 'Unschedulable', reasons: ['always false'] }) });
  const cases: Case[] = [
    {
      name: 'a pod that does not fit on any node',
      nodes: ['node1', 'node2'],
      pod: pod('p', { priority: HIGH }),
      pods: [pod('p1', { node: 'node1', priority: MID }), pod('p2', { node: 'node2', priority: MID })],
      plugins: ['FalseFilter'],
      extra: { FalseFilter: falseFilter },
      want: {},
      filterCalls: 2,
    },
    {
      name: 'a pod that fits with no preemption (fake filter rejects every node)',
      nodes: ['node1', 'node2'],
      pod: pod('p', { priority: HIGH }),
      pods: [pod('p1', { node: 'node1', priority: MID }), pod('p2', { node: 'node2', priority: MID })],
      plugins: [],
      failing: 'all',
      want: {},
      filterCalls: 2,
    },
    {
      name: 'a pod that fits on both nodes when lower priority pods are preempted',
      nodes: ['node1', 'node2'],
      pod: pod('p', { priority: HIGH, req: LARGE }),
      pods: [pod('p1', { node: 'node1', priority: MID, req: LARGE }), pod('p2', { node: 'node2', priority: MID, req: LARGE })],
      plugins: fit,
      want: { node1: ['p1'], node2: ['p2'] },
      filterCalls: 4,
    },
    {
      name: 'a pod that would fit on the nodes, but other pods running are higher priority, no preemption would happen',
      nodes: ['node1', 'node2'],
      pod: pod('p', { priority: LOW, req: LARGE }),
      pods: [pod('p1', { node: 'node1', priority: MID, req: LARGE }), pod('p2', { node: 'node2', priority: MID, req: LARGE })],
      plugins: fit,
      want: {},
      filterCalls: 0,
    },
    {
      name: 'medium priority pod is preempted, but lower priority one stays as it is small',
      nodes: ['node1', 'node2'],
      pod: pod('p', { priority: HIGH, req: LARGE }),
      pods: [
        pod('p1.1', { node: 'node1', priority: LOW, req: SMALL }),
        pod('p1.2', { node: 'node1', priority: MID, req: LARGE }),
        pod('p2', { node: 'node2', priority: MID, req: LARGE }),
      ],
      plugins: fit,
      want: { node1: ['p1.2'], node2: ['p2'] },
      filterCalls: 5,
    },
    {
      name: 'mixed priority pods are preempted',
      nodes: ['node1', 'node2'],
      pod: pod('p', { priority: HIGH, req: LARGE }),
      pods: [
        pod('p1.1', { node: 'node1', priority: MID, req: SMALL }),
        pod('p1.2', { node: 'node1', priority: LOW, req: SMALL }),
        pod('p1.3', { node: 'node1', priority: MID, req: MEDIUM }),
        pod('p1.4', { node: 'node1', priority: HIGH, req: SMALL }),
        pod('p2', { node: 'node2', priority: HIGH, req: LARGE }),
      ],
      plugins: fit,
      want: { node1: ['p1.2', 'p1.3'] },
      filterCalls: 4,
    },
    {
      name: 'mixed priority pods are preempted, pick later StartTime one when priorities are equal',
      nodes: ['node1', 'node2'],
      pod: pod('p', { priority: HIGH, req: LARGE }),
      pods: [
        pod('p1.1', { node: 'node1', priority: LOW, req: SMALL, startTime: epoch(5) }),
        pod('p1.2', { node: 'node1', priority: LOW, req: SMALL, startTime: epoch(4) }),
        pod('p1.3', { node: 'node1', priority: MID, req: MEDIUM, startTime: epoch(3) }),
        pod('p1.4', { node: 'node1', priority: HIGH, req: SMALL, startTime: epoch(2) }),
        pod('p2', { node: 'node2', priority: HIGH, req: LARGE, startTime: epoch(1) }),
      ],
      plugins: fit,
      want: { node1: ['p1.1', 'p1.3'] },
      filterCalls: 4,
    },
    {
      name: 'pod with anti-affinity is preempted',
      nodes: ['node1', 'node2'],
      pod: pod('p', { priority: HIGH, req: SMALL, labels: { foo: '' } }),
      pods: [
        pod('p1.1', { node: 'node1', priority: LOW, req: SMALL, labels: { foo: '' }, antiAffinityExists: { key: 'foo', topologyKey: 'hostname' } }),
        pod('p1.2', { node: 'node1', priority: MID, req: SMALL }),
        pod('p1.3', { node: 'node1', priority: HIGH, req: SMALL }),
        pod('p2', { node: 'node2', priority: HIGH, req: SMALL }),
      ],
      plugins: ['NodeResourcesFit', 'InterPodAffinity'],
      want: { node1: ['p1.1'] },
      filterCalls: 3,
    },
    {
      name: 'preemption to resolve pod topology spread filter failure',
      nodes: ['node-a/zone1', 'node-b/zone1', 'node-x/zone2'],
      pod: pod('p', {
        priority: HIGH,
        labels: { foo: '' },
        spread: [
          { maxSkew: 1, topologyKey: 'zone' },
          { maxSkew: 1, topologyKey: 'hostname' },
        ],
      }),
      pods: [
        pod('pod-a1', { node: 'node-a', priority: MID, labels: { foo: '' } }),
        pod('pod-a2', { node: 'node-a', priority: LOW, labels: { foo: '' } }),
        pod('pod-b1', { node: 'node-b', priority: LOW, labels: { foo: '' } }),
        pod('pod-x1', { node: 'node-x', priority: HIGH, labels: { foo: '' } }),
        pod('pod-x2', { node: 'node-x', priority: HIGH, labels: { foo: '' } }),
      ],
      plugins: ['PodTopologySpread'],
      want: { 'node-a': ['pod-a2'], 'node-b': ['pod-b1'] },
      filterCalls: 5,
    },
    {
      name: 'get Unschedulable in the preemption phase when the filter plugins filtering the nodes',
      nodes: ['node1', 'node2'],
      pod: pod('p', { priority: HIGH, req: LARGE }),
      pods: [pod('p1', { node: 'node1', priority: MID, req: LARGE }), pod('p2', { node: 'node2', priority: MID, req: LARGE })],
      plugins: fit,
      failing: 'all',
      want: {},
      filterCalls: 2,
    },
    {
      name: 'preemption with violation of same pdb',
      nodes: ['node1'],
      pod: pod('p', { priority: HIGH, req: VERY_LARGE }),
      pods: [pod('p1.1', { node: 'node1', priority: MID, req: MEDIUM, labels: { app: 'foo' } }), pod('p1.2', { node: 'node1', priority: MID, req: MEDIUM, labels: { app: 'foo' } })],
      plugins: fit,
      pdbs: [pdb('pdb', { app: 'foo' }, { disruptionsAllowed: 1 })],
      want: { node1: ['p1.1', 'p1.2'] },
      wantViolations: { node1: 1 },
      filterCalls: 3,
    },
    {
      name: "preemption with violation of the pdb with pod whose eviction was processed, the victim doesn't belong to DisruptedPods",
      nodes: ['node1'],
      pod: pod('p', { priority: HIGH, req: VERY_LARGE }),
      pods: [pod('p1.1', { node: 'node1', priority: MID, req: MEDIUM, labels: { app: 'foo' } }), pod('p1.2', { node: 'node1', priority: MID, req: MEDIUM, labels: { app: 'foo' } })],
      plugins: fit,
      pdbs: [pdb('pdb', { app: 'foo' }, { disruptionsAllowed: 1, disruptedPods: { p2: '2024-01-01T00:00:00Z' } })],
      want: { node1: ['p1.1', 'p1.2'] },
      wantViolations: { node1: 1 },
      filterCalls: 3,
    },
    {
      name: 'preemption with violation of the pdb with pod whose eviction was processed, the victim belongs to DisruptedPods',
      nodes: ['node1'],
      pod: pod('p', { priority: HIGH, req: VERY_LARGE }),
      pods: [pod('p1.1', { node: 'node1', priority: MID, req: MEDIUM, labels: { app: 'foo' } }), pod('p1.2', { node: 'node1', priority: MID, req: MEDIUM, labels: { app: 'foo' } })],
      plugins: fit,
      pdbs: [pdb('pdb', { app: 'foo' }, { disruptionsAllowed: 1, disruptedPods: { 'p1.2': '2024-01-01T00:00:00Z' } })],
      want: { node1: ['p1.1', 'p1.2'] },
      wantViolations: { node1: 0 },
      filterCalls: 3,
    },
    {
      name: "preemption with violation of the pdb with pod whose eviction was processed, the victim which belongs to DisruptedPods is treated as 'nonViolating'",
      nodes: ['node1'],
      pod: pod('p', { priority: HIGH, req: VERY_LARGE }),
      pods: [
        pod('p1.1', { node: 'node1', priority: MID, req: MEDIUM, labels: { app: 'foo' } }),
        pod('p1.2', { node: 'node1', priority: MID, req: MEDIUM, labels: { app: 'foo' } }),
        pod('p1.3', { node: 'node1', priority: MID, req: MEDIUM, labels: { app: 'foo' } }),
      ],
      plugins: fit,
      pdbs: [pdb('pdb', { app: 'foo' }, { disruptionsAllowed: 1, disruptedPods: { 'p1.3': '2024-01-01T00:00:00Z' } })],
      want: { node1: ['p1.1', 'p1.2', 'p1.3'] },
      wantViolations: { node1: 1 },
      filterCalls: 4,
    },
    {
      // cycle=0 => offset=4 => node5 (yes), node1 (yes)
      name: 'all nodes are possible candidates, but DefaultPreemptionArgs limits to 2',
      nodes: ['node1', 'node2', 'node3', 'node4', 'node5'],
      pod: pod('p', { priority: HIGH, req: LARGE }),
      pods: [1, 2, 3, 4, 5].map((i) => pod(`p${i}`, { node: `node${i}`, priority: MID, req: LARGE })),
      plugins: fit,
      args: { minCandidateNodesPercentage: 40, minCandidateNodesAbsolute: 1 },
      offset: 4,
      want: { node1: ['p1'], node5: ['p5'] },
      filterCalls: 4,
    },
    {
      // cycle=0 => offset=4 => node5 (no), node1 (yes), node2 (no), node3 (yes)
      name: 'some nodes are not possible candidates, DefaultPreemptionArgs limits to 2',
      nodes: ['node1', 'node2', 'node3', 'node4', 'node5'],
      pod: pod('p', { priority: HIGH, req: LARGE }),
      pods: [1, 2, 3, 4, 5].map((i) => pod(`p${i}`, { node: `node${i}`, priority: i === 2 || i === 5 ? VERY_HIGH : MID, req: LARGE })),
      plugins: fit,
      args: { minCandidateNodesPercentage: 40, minCandidateNodesAbsolute: 1 },
      offset: 4,
      want: { node1: ['p1'], node3: ['p3'] },
      filterCalls: 4,
    },
    {
      // cycle=0 => offset=4 => node5 (yes, pdb), node1 (yes, pdb), node2 (kept out: the violating list holds 2), node3 (yes)
      name: 'preemption looks past numCandidates until a non-PDB violating node is found',
      nodes: ['node1', 'node2', 'node3', 'node4', 'node5'],
      pod: pod('p', { priority: HIGH, req: LARGE }),
      pods: [1, 2, 3, 4, 5].map((i) => pod(`p${i}`, { node: `node${i}`, priority: MID, req: LARGE, labels: i === 3 || i === 4 ? undefined : { app: 'foo' } })),
      plugins: fit,
      pdbs: [pdb('pdb', { app: 'foo' }, { disruptionsAllowed: 0 })],
      args: { minCandidateNodesPercentage: 40, minCandidateNodesAbsolute: 2 },
      offset: 4,
      want: { node1: ['p1'], node3: ['p3'], node5: ['p5'] },
      wantViolations: { node1: 1, node3: 0, node5: 1 },
      filterCalls: 8,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const s = setup(c.nodes.map((n) => node(n)), c.pods, c.plugins, { pdbs: c.pdbs, failing: c.failing, args: c.args, extra: c.extra });
      const { p, result } = cycle(s, c.pod);
      const got = dryRun(s, p, result, c.offset);
      expect(got.candidates).toEqual(c.want);
      if (c.wantViolations) expect(got.violations).toEqual(c.wantViolations);
      expect(got.filterCalls).toBe(c.filterCalls);
    });
  }

  it('"preemption offset across multiple scheduling cycles and wrap around": offsets 4, 1, 3 give node5+node1, node2+node3, node4+node5', () => {
    const s = setup(
      [1, 2, 3, 4, 5].map((i) => node(`node${i}`)),
      [1, 2, 3, 4, 5].map((i) => pod(`p${i}`, { node: `node${i}`, priority: MID, req: LARGE })),
      ['NodeResourcesFit'],
      { args: { minCandidateNodesPercentage: 40, minCandidateNodesAbsolute: 1 } },
    );
    const want = [
      [4, { node1: ['p1'], node5: ['p5'] }],
      [1, { node2: ['p2'], node3: ['p3'] }],
      [3, { node4: ['p4'], node5: ['p5'] }],
    ] as const;
    want.forEach(([offset, w], i) => {
      const { p, result } = cycle(s, pod(`tp${i + 1}`, { priority: HIGH, req: LARGE }));
      const got = dryRun(s, p, result, offset);
      expect(got.candidates).toEqual(w);
      expect(got.filterCalls).toBe(4);
    });
  });
});

describe('default_preemption_test.go TestSelectBestCandidate (pickOneNodeForPreemption)', () => {
  const e = epoch(0);
  const cases: [string, string[], Pod, Pod[], string[]][] = [
    [
      'a pod that fits on both nodes when lower priority pods are preempted',
      ['node1', 'node2'],
      pod('p', { priority: HIGH, req: LARGE }),
      [pod('p1', { node: 'node1', priority: MID, req: LARGE, startTime: e }), pod('p2', { node: 'node2', priority: MID, req: LARGE, startTime: e })],
      ['node1', 'node2'],
    ],
    [
      'node with min highest priority pod is picked',
      ['node1', 'node2', 'node3'],
      pod('p', { priority: HIGH, req: VERY_LARGE }),
      [
        pod('p1.1', { node: 'node1', priority: MID, req: MEDIUM, startTime: e }),
        pod('p1.2', { node: 'node1', priority: MID, req: LARGE, startTime: e }),
        pod('p2.1', { node: 'node2', priority: MID, req: MEDIUM, startTime: e }),
        pod('p2.2', { node: 'node2', priority: LOW, req: MEDIUM, startTime: e }),
        pod('p3.1', { node: 'node3', priority: LOW, req: MEDIUM, startTime: e }),
        pod('p3.2', { node: 'node3', priority: LOW, req: MEDIUM, startTime: e }),
      ],
      ['node3'],
    ],
    [
      'when highest priorities are the same, minimum sum of priorities is picked',
      ['node1', 'node2', 'node3'],
      pod('p', { priority: HIGH, req: VERY_LARGE }),
      [
        pod('p1.1', { node: 'node1', priority: MID, req: MEDIUM, startTime: e }),
        pod('p1.2', { node: 'node1', priority: MID, req: LARGE, startTime: e }),
        pod('p2.1', { node: 'node2', priority: MID, req: LARGE, startTime: e }),
        pod('p2.2', { node: 'node2', priority: LOW, req: MEDIUM, startTime: e }),
        pod('p3.1', { node: 'node3', priority: MID, req: MEDIUM, startTime: e }),
        pod('p3.2', { node: 'node3', priority: MID, req: MEDIUM, startTime: e }),
      ],
      ['node2'],
    ],
    [
      'when highest priority and sum are the same, minimum number of pods is picked',
      ['node1', 'node2', 'node3'],
      pod('p', { priority: HIGH, req: VERY_LARGE }),
      [
        pod('p1.1', { node: 'node1', priority: MID, req: SMALL, startTime: e }),
        pod('p1.2', { node: 'node1', priority: NEG, req: SMALL, startTime: e }),
        pod('p1.3', { node: 'node1', priority: MID, req: SMALL, startTime: e }),
        pod('p1.4', { node: 'node1', priority: NEG, req: SMALL, startTime: e }),
        pod('p2.1', { node: 'node2', priority: MID, req: LARGE, startTime: e }),
        pod('p2.2', { node: 'node2', priority: NEG, req: MEDIUM, startTime: e }),
        pod('p3.1', { node: 'node3', priority: MID, req: MEDIUM, startTime: e }),
        pod('p3.2', { node: 'node3', priority: NEG, req: SMALL, startTime: e }),
        pod('p3.3', { node: 'node3', priority: LOW, req: SMALL, startTime: e }),
      ],
      ['node2'],
    ],
    [
      'sum of adjusted priorities is considered',
      ['node1', 'node2', 'node3'],
      pod('p', { priority: HIGH, req: VERY_LARGE }),
      [
        pod('p1.1', { node: 'node1', priority: MID, req: SMALL, startTime: e }),
        pod('p1.2', { node: 'node1', priority: NEG, req: SMALL, startTime: e }),
        pod('p1.3', { node: 'node1', priority: NEG, req: SMALL, startTime: e }),
        pod('p2.1', { node: 'node2', priority: MID, req: LARGE, startTime: e }),
        pod('p2.2', { node: 'node2', priority: NEG, req: MEDIUM, startTime: e }),
        pod('p3.1', { node: 'node3', priority: MID, req: MEDIUM, startTime: e }),
        pod('p3.2', { node: 'node3', priority: NEG, req: SMALL, startTime: e }),
        pod('p3.3', { node: 'node3', priority: LOW, req: SMALL, startTime: e }),
      ],
      ['node2'],
    ],
    [
      'non-overlapping lowest high priority, sum priorities, and number of pods',
      ['node1', 'node2', 'node3', 'node4'],
      pod('p', { priority: VERY_HIGH, req: VERY_LARGE }),
      [
        pod('p1.1', { node: 'node1', priority: MID, req: SMALL, startTime: e }),
        pod('p1.2', { node: 'node1', priority: LOW, req: SMALL, startTime: e }),
        pod('p1.3', { node: 'node1', priority: LOW, req: SMALL, startTime: e }),
        pod('p2.1', { node: 'node2', priority: HIGH, req: LARGE, startTime: e }),
        pod('p3.1', { node: 'node3', priority: MID, req: MEDIUM, startTime: e }),
        pod('p3.2', { node: 'node3', priority: LOW, req: SMALL, startTime: e }),
        pod('p3.3', { node: 'node3', priority: LOW, req: SMALL, startTime: e }),
        pod('p3.4', { node: 'node3', priority: LOW, req: MEDIUM, startTime: e }),
        pod('p4.1', { node: 'node4', priority: MID, req: MEDIUM, startTime: e }),
        pod('p4.2', { node: 'node4', priority: MID, req: SMALL, startTime: e }),
        pod('p4.3', { node: 'node4', priority: MID, req: SMALL, startTime: e }),
        pod('p4.4', { node: 'node4', priority: NEG, req: SMALL, startTime: e }),
      ],
      ['node1'],
    ],
    [
      "same priority, same number of victims, different start time for each node's pod",
      ['node1', 'node2', 'node3'],
      pod('p', { priority: HIGH, req: VERY_LARGE }),
      [
        pod('p1.1', { node: 'node1', priority: MID, req: MEDIUM, startTime: epoch(2) }),
        pod('p1.2', { node: 'node1', priority: MID, req: MEDIUM, startTime: epoch(2) }),
        pod('p2.1', { node: 'node2', priority: MID, req: MEDIUM, startTime: epoch(3) }),
        pod('p2.2', { node: 'node2', priority: MID, req: MEDIUM, startTime: epoch(3) }),
        pod('p3.1', { node: 'node3', priority: MID, req: MEDIUM, startTime: epoch(1) }),
        pod('p3.2', { node: 'node3', priority: MID, req: MEDIUM, startTime: epoch(1) }),
      ],
      ['node2'],
    ],
    [
      'same priority, same number of victims, different start time for all pods',
      ['node1', 'node2', 'node3'],
      pod('p', { priority: HIGH, req: VERY_LARGE }),
      [
        pod('p1.1', { node: 'node1', priority: MID, req: MEDIUM, startTime: epoch(4) }),
        pod('p1.2', { node: 'node1', priority: MID, req: MEDIUM, startTime: epoch(2) }),
        pod('p2.1', { node: 'node2', priority: MID, req: MEDIUM, startTime: epoch(5) }),
        pod('p2.2', { node: 'node2', priority: MID, req: MEDIUM, startTime: epoch(1) }),
        pod('p3.1', { node: 'node3', priority: MID, req: MEDIUM, startTime: epoch(3) }),
        pod('p3.2', { node: 'node3', priority: MID, req: MEDIUM, startTime: epoch(6) }),
      ],
      ['node3'],
    ],
    [
      'different priority, same number of victims, different start time for all pods',
      ['node1', 'node2', 'node3'],
      pod('p', { priority: HIGH, req: VERY_LARGE }),
      [
        pod('p1.1', { node: 'node1', priority: LOW, req: MEDIUM, startTime: epoch(4) }),
        pod('p1.2', { node: 'node1', priority: MID, req: MEDIUM, startTime: epoch(2) }),
        pod('p2.1', { node: 'node2', priority: MID, req: MEDIUM, startTime: epoch(6) }),
        pod('p2.2', { node: 'node2', priority: LOW, req: MEDIUM, startTime: epoch(1) }),
        pod('p3.1', { node: 'node3', priority: LOW, req: MEDIUM, startTime: epoch(3) }),
        pod('p3.2', { node: 'node3', priority: MID, req: MEDIUM, startTime: epoch(5) }),
      ],
      ['node2'],
    ],
  ];
  for (const [name, nodes, preemptor, pods, expected] of cases) {
    it(name, () => {
      const s = setup(
        nodes.map((n) => node(n)),
        pods,
        ['NodeResourcesFit'],
      );
      const { p, result } = cycle(s, preemptor);
      const all = [...s.cluster.nodeList()].sort((a, b) => (a.name < b.name ? -1 : 1));
      const candidates = dryRunPreemption(s.fw, result.state, p, all, 0, calculateNumCandidates(s.pl.args, all.length));
      const best = pickOneNodeForPreemption(candidates);
      expect(expected).toContain(best?.node.name);
    });
  }
});

describe('calculateNumCandidates (default_preemption.go; TestGetOffsetAndNumCandidates)', () => {
  // [case, nodes, percentage, absolute, expected]
  const cases: [string, number, number, number, number][] = [
    ['no nodes', 0, 0, 0, 0],
    ['default args, 10 nodes: at least 100 but capped at the node count', 10, 10, 100, 10],
    ['default args, 5000 nodes: 10% = 500', 5000, 10, 100, 500],
    ['default args, 500 nodes: 10% = 50 < 100', 500, 10, 100, 100],
    ['40%/1 on 5 nodes: 2', 5, 40, 1, 2],
    ['40%/2 on 5 nodes: 2', 5, 40, 2, 2],
    ['percentage 0, absolute 3 on 50 nodes: 3', 50, 0, 3, 3],
    ['99% of 3 nodes truncates to 2', 3, 99, 0, 2],
  ];
  for (const [name, n, pct, abs, want] of cases) {
    it(name, () => expect(calculateNumCandidates({ minCandidateNodesPercentage: pct, minCandidateNodesAbsolute: abs }, n)).toBe(want));
  }
});

describe('default_preemption_test.go TestPodEligibleToPreemptOthers', () => {
  const statusOf = (code?: Status['code']): ScheduleResult =>
    ({ node: null, evaluatedNodes: 0, feasibleNodes: 0, nodeStatuses: new Map(code ? [['node1', { code, reasons: ['node(s) had untolerated taint'] }]] : []), unschedulablePlugins: new Set(), state: undefined as never }) as ScheduleResult;
  const cases: [string, Pod, Pod[], string[], Status['code'] | undefined, boolean][] = [
    [
      'Pod with nominated node',
      pod('p_with_nominated_node', { priority: HIGH, nominated: 'node1' }),
      [pod('p1', { priority: LOW, node: 'node1', terminating: true })],
      ['node1'],
      'UnschedulableAndUnresolvable',
      true,
    ],
    ['Pod without nominated node', pod('p_without_nominated_node', { priority: HIGH }), [], [], undefined, true],
    ["Pod with 'PreemptNever' preemption policy", pod('p_with_preempt_never_policy', { priority: HIGH, preemptionPolicy: 'Never' }), [], [], undefined, false],
    [
      'preemption victim pod terminating, as indicated by the dedicated DisruptionTarget condition',
      pod('p_with_nominated_node', { priority: HIGH, nominated: 'node1' }),
      [pod('p1', { priority: LOW, node: 'node1', terminating: true, preemptedByScheduler: true })],
      ['node1'],
      undefined,
      false,
    ],
    ['non-victim Pods terminating', pod('p_with_nominated_node', { priority: HIGH, nominated: 'node1' }), [pod('p1', { priority: LOW, node: 'node1', terminating: true })], ['node1'], undefined, true],
  ];
  for (const [name, preemptor, pods, nodes, code, want] of cases) {
    it(name, () => {
      const s = setup(
        nodes.map((n) => node(n)),
        pods,
        [],
      );
      const p = s.cluster.addPod(preemptor);
      expect(podEligibleToPreemptOthers(s.fw, p, statusOf(code)).eligible).toBe(want);
    });
  }
});

describe('default_preemption_test.go TestPostFilter (preempt)', () => {
  const ONE_POD: ResourceList = { pods: '1' };
  const NODE_RES: ResourceList = { cpu: '200m', memory: '400' };
  /** Runs preempt for `preemptor`; `statuses` replaces the cycle's node statuses when given. */
  function postFilter(nodes: Node[], pods: Pod[], preemptor: Pod, opts: { pdbs?: PodDisruptionBudget[]; statuses?: Record<string, Status['code']> } = {}): string | null {
    const s = setup(nodes, pods, ['NodeResourcesFit'], { pdbs: opts.pdbs });
    const { p, result } = cycle(s, preemptor);
    expect(result.node).toBeNull();
    const failed: ScheduleResult = opts.statuses
      ? { ...result, nodeStatuses: new Map(Object.entries(opts.statuses).map(([n, code]) => [n, { code, reasons: [] }])) }
      : result;
    return preempt(s.pl, s.fw, p, failed, seedrandom('pf'))?.nominatedNode ?? null;
  }
  const one = (n: string): Node => makeNode(n, { pods: '1' });

  it('pod with higher priority can be made schedulable', () => {
    expect(postFilter([one('node1')], [pod('p1', { node: 'node1' })], pod('p', { priority: HIGH }))).toBe('node1');
  });
  it('pod with tied priority is still unschedulable', () => {
    expect(postFilter([one('node1')], [pod('p1', { node: 'node1' })], pod('p'))).toBeNull();
  });
  it('preemption should respect filteredNodesStatuses', () => {
    expect(postFilter([one('node1')], [pod('p1', { node: 'node1' })], pod('p', { priority: HIGH }), { statuses: { node1: 'UnschedulableAndUnresolvable' } })).toBeNull();
  });
  it('preemption should respect absent NodeToStatusReader entry meaning UnschedulableAndUnresolvable', () => {
    expect(postFilter([one('node1')], [pod('p1', { node: 'node1' })], pod('p', { priority: HIGH }), { statuses: {} })).toBeNull();
  });
  it('pod can be made schedulable on one node', () => {
    expect(postFilter([one('node1'), one('node2')], [pod('p1', { node: 'node1', priority: HIGH }), pod('p2', { node: 'node2', priority: LOW })], pod('p', { priority: MID }))).toBe('node2');
  });
  it('pod can be made schedulable on minHighestPriority node (PDB violations tie, lower highest victim wins)', () => {
    const V = 'test.kubernetes.io/is-violating-pdb';
    expect(
      postFilter(
        [one('node1'), one('node2')],
        [
          pod('p1', { node: 'node1', priority: HIGH, labels: { [V]: 'non-violating' } }),
          pod('p2', { node: 'node1', priority: LOW, labels: { [V]: 'violating' } }),
          pod('p3', { node: 'node2', priority: MID, labels: { [V]: 'violating' } }),
        ],
        pod('p', { priority: VERY_HIGH }),
        {
          pdbs: [
            pdb('violating-pdb', { [V]: 'violating' }, undefined, { minAvailable: '100%' }),
            pdb('non-violating-pdb', { [V]: 'non-violating' }, { disruptionsAllowed: 2147483647 }, { minAvailable: 0 }),
          ],
        },
      ),
    ).toBe('node2');
  });
  it('no candidate nodes found, no enough resource after removing low priority pods', () => {
    expect(
      postFilter([makeNode('node1', NODE_RES), makeNode('node2', NODE_RES)], [pod('p1', { node: 'node1' }), pod('p2', { node: 'node2' })], pod('p', { priority: HIGH, req: LARGE })),
    ).toBeNull();
  });
  it('no candidate nodes found with mixed reasons, no lower priority pod and no enough CPU resource', () => {
    expect(
      postFilter(
        [one('node1'), makeNode('node2', NODE_RES), one('node3')],
        [pod('p1', { node: 'node1', priority: HIGH }), pod('p2', { node: 'node2' }), pod('p3', { node: 'node3', priority: HIGH })],
        pod('p', { priority: HIGH, req: LARGE }),
      ),
    ).toBeNull();
  });
  it('ONE_POD capacity helper is what the table uses', () => expect(makeNode('x', ONE_POD).status?.allocatable?.pods).toBe('1'));
});

describe('default_preemption_test.go TestPostFilter wantStatus (preemptionPostFilter messages)', () => {
  const NODE_RES: ResourceList = { cpu: '200m', memory: '400' };
  const one = (n: string): Node => makeNode(n, { pods: '1' });
  const U = 'Unschedulable';
  /** PostFilter with upstream's filteredNodesStatuses (absent nodes: UnschedulableAndUnresolvable). */
  function postFilter(nodes: Node[], pods: Pod[], preemptor: Pod, statuses: Record<string, Status['code']>): { node: string | null; message: string } {
    const s = setup(nodes, pods, ['NodeResourcesFit']);
    const { p, result } = cycle(s, preemptor);
    const failed: ScheduleResult = { ...result, nodeStatuses: new Map(Object.entries(statuses).map(([n, code]) => [n, { code, reasons: [] }])) };
    const out = preemptionPostFilter(s.pl, s.fw, p, failed, seedrandom('pf'));
    return { node: out.result?.nominatedNode ?? null, message: out.message };
  }

  it('"pod with tied priority is still unschedulable"', () => {
    expect(postFilter([one('node1')], [pod('p1', { node: 'node1' })], pod('p'), { node1: U })).toEqual({
      node: null,
      message: 'preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.',
    });
  });
  it('"preemption should respect filteredNodesStatuses"', () => {
    expect(postFilter([one('node1')], [pod('p1', { node: 'node1' })], pod('p', { priority: HIGH }), { node1: 'UnschedulableAndUnresolvable' })).toEqual({
      node: null,
      message: 'preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.',
    });
  });
  it('"preemption should respect absent NodeToStatusReader entry meaning UnschedulableAndUnresolvable"', () => {
    expect(postFilter([one('node1')], [pod('p1', { node: 'node1' })], pod('p', { priority: HIGH }), {})).toEqual({
      node: null,
      message: 'preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.',
    });
  });
  it('"pod can be made schedulable on one node": Success, no message', () => {
    expect(
      postFilter([one('node1'), one('node2')], [pod('p1', { node: 'node1', priority: HIGH }), pod('p2', { node: 'node2', priority: LOW })], pod('p', { priority: MID }), { node1: U, node2: U }),
    ).toEqual({ node: 'node2', message: '' });
  });
  it('"no candidate nodes found, no enough resource after removing low priority pods"', () => {
    expect(
      postFilter([makeNode('node1', NODE_RES), makeNode('node2', NODE_RES)], [pod('p1', { node: 'node1' }), pod('p2', { node: 'node2' })], pod('p', { priority: HIGH, req: LARGE }), {
        node1: U,
        node2: U,
      }),
    ).toEqual({ node: null, message: 'preemption: 0/2 nodes are available: 2 Insufficient cpu.' });
  });
  it('"no candidate nodes found with mixed reasons, no lower priority pod and no enough CPU resource"', () => {
    expect(
      postFilter(
        [one('node1'), makeNode('node2', NODE_RES), one('node3')],
        [pod('p1', { node: 'node1', priority: HIGH }), pod('p2', { node: 'node2' }), pod('p3', { node: 'node3', priority: HIGH })],
        pod('p', { priority: HIGH, req: LARGE }),
        { node1: U, node2: U, node3: U },
      ),
    ).toEqual({ node: null, message: 'preemption: 0/3 nodes are available: 1 Insufficient cpu, 2 No preemption victims found for incoming pod.' });
  });
  it('"no candidate nodes found with mixed reason, 2 UnschedulableAndUnresolvable nodes and 2 nodes don\'t have enough CPU resource"', () => {
    expect(
      postFilter(
        ['node1', 'node2', 'node3', 'node4'].map((n) => makeNode(n, NODE_RES)),
        [pod('p1', { node: 'node1' }), pod('p2', { node: 'node2' })],
        pod('p', { priority: HIGH, req: LARGE }),
        { node1: U, node2: U, node4: 'UnschedulableAndUnresolvable' },
      ),
    ).toEqual({ node: null, message: 'preemption: 0/4 nodes are available: 2 Insufficient cpu, 2 Preemption is not helpful for scheduling.' });
  });
  it('default_preemption.go PodEligibleToPreemptOthers: preemptionPolicy Never gives "preemption: not eligible due to preemptionPolicy=Never."', () => {
    expect(postFilter([one('node1')], [pod('p1', { node: 'node1' })], pod('p', { priority: HIGH, preemptionPolicy: 'Never' }), { node1: U })).toEqual({
      node: null,
      message: 'preemption: not eligible due to preemptionPolicy=Never.',
    });
  });
});

describe('default_preemption_test.go TestPreempt through the Scheduler (victims deleted, nomination, retry)', () => {
  /** Runs the Scheduler on the cluster with the default profile; returns events. */
  function run(nodes: Node[], pods: Pod[], preemptor: Pod): { events: SchedulerEvent[]; cluster: ClusterState; sched: Scheduler } {
    const cluster = makeCluster(nodes, pods);
    const events: SchedulerEvent[] = [];
    // time-free: no back-off, so the preemptor's retry happens in the same runUntilIdle
    const sched = new Scheduler(cluster, buildProfiles(undefined, IN_TREE_PLUGINS, cluster), { seed: 7, onEvent: (e) => events.push(e), podInitialBackoffSeconds: 0 });
    cluster.addPod(preemptor);
    sched.enqueueAllPending();
    sched.runUntilIdle();
    return { events, cluster, sched };
  }
  const basicPods = (): Pod[] => [
    pod('p1.1', { node: 'node1', priority: LOW, req: SMALL }),
    pod('p1.2', { node: 'node1', priority: LOW, req: SMALL }),
    pod('p2.1', { node: 'node2', priority: HIGH, req: LARGE }),
    pod('p3.1', { node: 'node3', priority: MID, req: MEDIUM }),
  ];
  const nodes3 = (): Node[] => ['node1', 'node2', 'node3'].map((n) => node(n));

  it('"basic preemption logic": victims p1.1 and p1.2 removed, p nominated to node1, then bound there on the retry', () => {
    const { events, cluster } = run(nodes3(), basicPods(), pod('p', { priority: HIGH, req: VERY_LARGE, preemptionPolicy: 'PreemptLowerPriority' }));
    // PostFilter runs before handleSchedulingFailure records FailedScheduling; a successful
    // preemption adds nothing to the FitError text
    expect(events.map((e) => e.kind)).toEqual(['Preempted', 'FailedScheduling', 'Scheduled']);
    expect(events[0]).toEqual({ kind: 'Preempted', pod: 'default/p', node: 'node1', victims: ['default/p1.1', 'default/p1.2'] });
    expect(events[1]).toMatchObject({ kind: 'FailedScheduling', message: '0/3 nodes are available: 3 Insufficient cpu, 3 Insufficient memory.' });
    expect(events[2]).toMatchObject({ kind: 'Scheduled', pod: 'default/p', node: 'node1' });
    expect(cluster.pods.has('default/p1.1')).toBe(false);
    expect(cluster.pods.has('default/p1.2')).toBe(false);
    expect(cluster.pods.get('default/p3.1')!.nodeName).toBe('node3');
    // bound: the nomination is cleared
    expect(cluster.pods.get('default/p')!.pod.status?.nominatedNodeName).toBeUndefined();
  });

  it('"preemption for topology spread constraints": p-b1 preempted on node-b', () => {
    const { events } = run(
      ['node-a/zone1', 'node-b/zone1', 'node-x/zone2'].map((n) => node(n)),
      [
        pod('p-a1', { node: 'node-a', priority: HIGH, labels: { foo: '' } }),
        pod('p-a2', { node: 'node-a', priority: HIGH, labels: { foo: '' } }),
        pod('p-b1', { node: 'node-b', priority: LOW, labels: { foo: '' } }),
        pod('p-x1', { node: 'node-x', priority: HIGH, labels: { foo: '' } }),
        pod('p-x2', { node: 'node-x', priority: HIGH, labels: { foo: '' } }),
      ],
      pod('p', {
        priority: HIGH,
        labels: { foo: '' },
        spread: [
          { maxSkew: 1, topologyKey: 'zone' },
          { maxSkew: 1, topologyKey: 'hostname' },
        ],
      }),
    );
    expect(events.find((e) => e.kind === 'Preempted')).toEqual({ kind: 'Preempted', pod: 'default/p', node: 'node-b', victims: ['default/p-b1'] });
    expect(events.at(-1)).toMatchObject({ kind: 'Scheduled', pod: 'default/p', node: 'node-b' });
  });

  it('"no preempting in pod": preemptionPolicy Never leaves every pod in place and the preemptor pending', () => {
    const { events, cluster, sched } = run(nodes3(), basicPods(), pod('p', { priority: HIGH, req: VERY_LARGE, preemptionPolicy: 'Never' }));
    expect(events.map((e) => e.kind)).toEqual(['FailedScheduling']);
    expect(events[0]).toMatchObject({ message: '0/3 nodes are available: 3 Insufficient cpu, 3 Insufficient memory. preemption: not eligible due to preemptionPolicy=Never.' });
    expect(sched.unschedulable.get('default/p')!.message).toBe((events[0] as { message: string }).message);
    expect(cluster.pods.size).toBe(5);
    expect(sched.unschedulable.has('default/p')).toBe(true);
  });

  it('schedule_one.go schedulingCycle + types.go FitError.Error: FailedScheduling carries the PostFilter message when no candidate exists', () => {
    const { events, sched } = run(nodes3(), basicPods(), pod('p', { priority: LOW, req: VERY_LARGE }));
    const msg = '0/3 nodes are available: 3 Insufficient cpu, 3 Insufficient memory. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.';
    expect(events).toEqual([{ kind: 'FailedScheduling', pod: 'default/p', message: msg, plugins: ['NodeResourcesFit'] }]);
    expect(sched.unschedulable.get('default/p')!.message).toBe(msg);
  });

  it('"PreemptionPolicy is nil": preempts like PreemptLowerPriority', () => {
    const { events } = run(nodes3(), basicPods(), pod('p', { priority: HIGH, req: VERY_LARGE }));
    expect(events[0]).toEqual({ kind: 'Preempted', pod: 'default/p', node: 'node1', victims: ['default/p1.1', 'default/p1.2'] });
  });

  it('victims get the DisruptionTarget condition before deletion, and the preemptor waits while they terminate', () => {
    const cluster = makeCluster(nodes3(), basicPods());
    const evicted: PodInfo[] = [];
    // graceful deletion: the victims stay on the node, terminating
    const sched = new Scheduler(cluster, buildProfiles(undefined, IN_TREE_PLUGINS, cluster), {
      seed: 1,
      podInitialBackoffSeconds: 0,
      evictVictim: (v) => {
        evicted.push(v);
        v.pod.metadata = { ...v.pod.metadata, deletionTimestamp: '2024-01-01T00:00:00Z' };
      },
    });
    cluster.addPod(pod('p', { priority: HIGH, req: VERY_LARGE }));
    sched.enqueueAllPending();
    sched.runUntilIdle();
    expect(evicted.map((v) => v.name)).toEqual(['p1.1', 'p1.2']);
    for (const v of evicted) expect(v.pod.status?.conditions).toContainEqual(expect.objectContaining({ type: 'DisruptionTarget', status: 'True', reason: 'PreemptionByScheduler' }));
    const p = cluster.pods.get('default/p')!;
    expect(p.pod.status?.nominatedNodeName).toBe('node1');
    expect(p.nodeName).toBe('');
    // a second failed cycle does not preempt anew while the victims terminate
    sched.enqueue(p);
    sched.runUntilIdle();
    expect(evicted.length).toBe(2);
    expect(p.pod.status?.nominatedNodeName).toBe('node1');
    // the victims are gone: the nominated node is tried first and the pod binds there
    for (const v of evicted) cluster.removePod(v.key);
    sched.moveAllToActive();
    sched.runUntilIdle();
    expect(p.nodeName).toBe('node1');
  });

  it('a nominated pod whose preemption can no longer help loses its nomination (PostFilter result with no node)', () => {
    const cluster = makeCluster(nodes3(), basicPods());
    const sched = new Scheduler(cluster, buildProfiles(undefined, IN_TREE_PLUGINS, cluster), { seed: 1 });
    const p = cluster.addPod(pod('p', { priority: LOW, req: VERY_LARGE, nominated: 'node1' }));
    sched.enqueue(p);
    sched.runUntilIdle();
    expect(p.nodeName).toBe('');
    expect(p.pod.status?.nominatedNodeName).toBeUndefined();
  });

  it('a lower-priority pod nominated to the chosen node loses its nomination (prepareCandidate)', () => {
    const cluster = makeCluster(nodes3(), basicPods());
    const sched = new Scheduler(cluster, buildProfiles(undefined, IN_TREE_PLUGINS, cluster), {
      seed: 1,
      evictVictim: (v) => (v.pod.metadata = { ...v.pod.metadata, deletionTimestamp: '2024-01-01T00:00:00Z' }),
    });
    // `low` preempts first (its victims terminate slowly) and holds a nomination on node1
    const low = cluster.addPod(pod('low', { priority: 50, req: VERY_LARGE }));
    sched.enqueue(low);
    sched.scheduleOne();
    expect(low.pod.status?.nominatedNodeName).toBe('node1');
    // `high` ignores the lower-priority nomination, picks node1 too (victims of priority 0 beat p3.1's 100)
    const high = cluster.addPod(pod('high', { priority: HIGH, req: VERY_LARGE }));
    sched.enqueue(high);
    sched.scheduleOne();
    expect(high.pod.status?.nominatedNodeName).toBe('node1');
    expect(low.pod.status?.nominatedNodeName).toBeUndefined();
    expect(sched.nominatedPodsFor('node1').map((p) => p.name)).toEqual(['high']);
  });
});

describe('filterPodsWithPDBViolation (preemption.go)', () => {
  it('a PDB with an empty selector matches nothing here; budgets are consumed pod by pod', () => {
    const cluster = makeCluster(
      [node('node1')],
      ['a', 'b', 'c'].map((n) => pod(n, { node: 'node1', labels: { app: 'foo' } })),
    );
    cluster.pdbs.set('default/empty', { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'empty', namespace: 'default' }, spec: { selector: {} }, status: { disruptionsAllowed: 0 } });
    cluster.pdbs.set('default/foo', pdb('foo', { app: 'foo' }, { disruptionsAllowed: 2 }));
    const pods = ['a', 'b', 'c'].map((n) => cluster.pods.get(`default/${n}`)!);
    const { violating, nonViolating } = filterPodsWithPDBViolation(pods, cluster, () => true);
    expect(nonViolating.map((p) => p.name)).toEqual(['a', 'b']);
    expect(violating.map((p) => p.name)).toEqual(['c']);
  });
});
