import { describe, expect, it } from 'vitest';
import type { ClusterState } from '../../../src/model/cluster.ts';
import { newPodInfo } from '../../../src/model/pod-info.ts';
import type { KubeObject, LabelSelector, Node, Pod, Service, Taint, TopologySpreadConstraint } from '../../../src/model/types.ts';
import { runFilterPlugin, runScorePlugin } from '../../../src/scheduler/framework/run-plugin.ts';
import { CycleState, type SchedulerPlugin, type StatusCode } from '../../../src/scheduler/framework/types.ts';
import {
  CriticalPaths,
  ERR_REASON_CONSTRAINTS_NOT_MATCH,
  ERR_REASON_NODE_LABEL_NOT_MATCH,
  NAME,
  newPodTopologySpread,
  parsePodTopologySpreadArgs,
  PodTopologySpreadPreFilterState,
  PodTopologySpreadPreScoreState,
  topologyNormalizingWeight,
} from '../../../src/scheduler/plugins/pod-topology-spread.ts';
import { makeCluster } from '../../helpers/cluster.ts';
import { makeNodeW, makePodW as pod, sel } from '../../helpers/pods.ts';

const HOST = 'kubernetes.io/hostname';
const ZONE = 'topology.kubernetes.io/zone';
const fooSelector = sel.exists('foo');
const barSelector = sel.exists('bar');
const taints: Taint[] = [{ key: 'node.kubernetes.io/unschedulable', value: '', effect: 'NoSchedule' }];

/** A node with labels zone=<zone>, node=<name> (the filtering tests' usual shape). */
const zn = (name: string, zone: string, extra: Record<string, string> = {}): Node =>
  makeNodeW(name).label('zone', zone).label('node', name).labels(extra).obj();
/** A node with just node=<name>. */
const nn = (name: string, extra: Record<string, string> = {}): Node => makeNodeW(name).label('node', name).labels(extra).obj();
/** A pod `name` on `node` with label foo="" (plus more labels). */
const fp = (name: string, node: string, labels: Record<string, string> = { foo: '' }): Pod => pod(name).node(node).labels(labels).obj();

const service = (selector: Record<string, string>, name = 'svc'): Service => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name, namespace: 'default' },
  spec: { selector },
});
const replicaSet = (name: string, selector: LabelSelector): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: { name, namespace: 'default' },
  spec: { selector },
});

interface Setup {
  nodes?: Node[];
  pods?: Pod[];
  args?: Record<string, unknown>;
  services?: Service[];
  replicaSets?: KubeObject[];
}

const LIST = { defaultingType: 'List' };

function setup(s: Setup): { cluster: ClusterState; plugin: SchedulerPlugin } {
  const cluster = makeCluster(s.nodes ?? [], s.pods ?? []);
  for (const svc of s.services ?? []) cluster.services.set(`default/${svc.metadata.name}`, svc);
  for (const rs of s.replicaSets ?? []) cluster.workloads.ReplicaSet.set(`default/${rs.metadata.name}`, rs);
  return { cluster, plugin: newPodTopologySpread(s.args ?? LIST, { cluster }) };
}

/** Critical paths as upstream's cmp compares them: values of equal-count paths sorted. */
function paths(p: CriticalPaths): [string, number][] {
  const a: [string, number][] = [
    [p.v0, p.n0],
    [p.v1, p.n1],
  ];
  if (a[0][1] === a[1][1] && a[0][0] > a[1][0]) [a[0][0], a[1][0]] = [a[1][0], a[0][0]];
  return a;
}

interface WantState {
  constraints: { maxSkew: number; topologyKey: string; minDomains?: number; nodeAffinityPolicy?: string; nodeTaintsPolicy?: string }[];
  matchNum: Record<string, number>[];
  criticalPaths: [string, number][][];
}
const MAX32 = 2147483647;
const NEW_PATHS: [string, number][] = [
  ['', MAX32],
  ['', MAX32],
];

function viewPreFilter(s: PodTopologySpreadPreFilterState): WantState {
  return {
    constraints: s.constraints.map((c) => ({
      maxSkew: c.maxSkew,
      topologyKey: c.topologyKey,
      minDomains: c.minDomains,
      nodeAffinityPolicy: c.nodeAffinityPolicy,
      nodeTaintsPolicy: c.nodeTaintsPolicy,
    })),
    matchNum: s.tpValueToMatchNum.map((m) => Object.fromEntries(m.entries())),
    criticalPaths: s.criticalPaths.map(paths),
  };
}

function withDefaults(w: WantState): WantState {
  return {
    ...w,
    constraints: w.constraints.map((c) => ({ minDomains: 1, nodeAffinityPolicy: 'Honor', nodeTaintsPolicy: 'Ignore', ...c })),
  };
}

function preFilter(plugin: SchedulerPlugin, p: Pod, cycle = new CycleState()): PodTopologySpreadPreFilterState {
  expect(plugin.preFilter!(cycle, newPodInfo(p))).toBeNull();
  return cycle.read<PodTopologySpreadPreFilterState>('PreFilterPodTopologySpread')!;
}

describe('PodTopologySpread args (validation_pluginargs_test.go TestValidatePodTopologySpreadArgs)', () => {
  it('defaults to System defaulting', () => {
    expect(parsePodTopologySpreadArgs(undefined)).toEqual({ defaultConstraints: [], defaultingType: 'System' });
    expect(NAME).toBe('PodTopologySpread');
  });
  it('"valid config" with List defaulting', () => {
    const c: TopologySpreadConstraint[] = [
      { maxSkew: 1, topologyKey: 'node', whenUnsatisfiable: 'DoNotSchedule' },
      { maxSkew: 2, topologyKey: 'zone', whenUnsatisfiable: 'ScheduleAnyway' },
    ];
    expect(parsePodTopologySpreadArgs({ defaultConstraints: c, defaultingType: 'List' }).defaultConstraints).toEqual(c);
  });
  it('"maxSkew less than zero"', () => {
    expect(() =>
      parsePodTopologySpreadArgs({ defaultingType: 'List', defaultConstraints: [{ maxSkew: -1, topologyKey: 'node', whenUnsatisfiable: 'DoNotSchedule' }] }),
    ).toThrow(/defaultConstraints\[0\]\.maxSkew: Invalid value: -1/);
  });
  it('"empty topology key" and "WhenUnsatisfiable is empty" / "not supported"', () => {
    expect(() =>
      parsePodTopologySpreadArgs({ defaultingType: 'List', defaultConstraints: [{ maxSkew: 1, topologyKey: '', whenUnsatisfiable: 'DoNotSchedule' }] }),
    ).toThrow(/defaultConstraints\[0\]\.topologyKey: Required value/);
    expect(() => parsePodTopologySpreadArgs({ defaultingType: 'List', defaultConstraints: [{ maxSkew: 1, topologyKey: 'node' }] })).toThrow(
      /whenUnsatisfiable: Required value/,
    );
    expect(() =>
      parsePodTopologySpreadArgs({ defaultingType: 'List', defaultConstraints: [{ maxSkew: 1, topologyKey: 'node', whenUnsatisfiable: 'Sometimes' }] }),
    ).toThrow(/whenUnsatisfiable: Unsupported value/);
  });
  it('"duplicated constraints"', () => {
    expect(() =>
      parsePodTopologySpreadArgs({
        defaultingType: 'List',
        defaultConstraints: [
          { maxSkew: 1, topologyKey: 'node', whenUnsatisfiable: 'DoNotSchedule' },
          { maxSkew: 2, topologyKey: 'node', whenUnsatisfiable: 'DoNotSchedule' },
        ],
      }),
    ).toThrow(/defaultConstraints\[1\]: Duplicate value: "\{node, DoNotSchedule\}"/);
  });
  it('"label selector present"', () => {
    expect(() =>
      parsePodTopologySpreadArgs({
        defaultingType: 'List',
        defaultConstraints: [{ maxSkew: 1, topologyKey: 'key', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { foo: 'bar' } } }],
      }),
    ).toThrow(/labelSelector: Forbidden/);
  });
  it('"list default constraints, no constraints" is valid; "system default constraints, but has constraints" and unsupported defaultingType are not', () => {
    expect(parsePodTopologySpreadArgs({ defaultingType: 'List' }).defaultConstraints).toEqual([]);
    expect(() =>
      parsePodTopologySpreadArgs({ defaultingType: 'System', defaultConstraints: [{ maxSkew: 1, topologyKey: 'key', whenUnsatisfiable: 'DoNotSchedule' }] }),
    ).toThrow(/defaultingType: Invalid value: "System"/);
    expect(() => parsePodTopologySpreadArgs({ defaultingType: 'Other' })).toThrow(/defaultingType: Unsupported value/);
  });
});

describe('filtering_test.go TestPreFilterState', () => {
  const four = (): Node[] => [zn('node-a', 'zone1'), zn('node-b', 'zone1'), zn('node-x', 'zone2'), zn('node-y', 'zone2')];
  const spread5 = (): Pod[] => [fp('p-a1', 'node-a'), fp('p-a2', 'node-a'), fp('p-b1', 'node-b'), fp('p-y1', 'node-y'), fp('p-y2', 'node-y')];
  const spread7 = (): Pod[] => [...spread5(), fp('p-y3', 'node-y'), fp('p-y4', 'node-y')];
  const zoneC = { maxSkew: 1, topologyKey: 'zone' };
  const nodeC = { maxSkew: 1, topologyKey: 'node' };
  const nodeABC = (): Node[] => [nn('node-a', { foo: '' }), nn('node-b', { foo: '' }), nn('node-c', { bar: '' })];
  const barPods = (): Pod[] => [fp('p-a', 'node-a', { bar: '' }), fp('p-b', 'node-b', { bar: '' }), fp('p-c', 'node-b', { bar: '' }), pod('p-d').node('node-c').obj()];
  const cases: { name: string; pod: Pod; setup: Setup; want?: WantState; skip?: boolean }[] = [
    {
      name: 'clean cluster with one spreadConstraint',
      pod: pod('p').label('foo', '').spreadConstraint(5, 'zone', 'DoNotSchedule', sel.labels({ foo: 'bar' })).obj(),
      setup: { nodes: four() },
      want: { constraints: [{ maxSkew: 5, topologyKey: 'zone' }], matchNum: [{ zone1: 0, zone2: 0 }], criticalPaths: [[['zone1', 0], ['zone2', 0]]] },
    },
    {
      name: 'normal case with one spreadConstraint',
      pod: pod('p').label('foo', '').spreadConstraint(1, 'zone', 'DoNotSchedule', fooSelector).obj(),
      setup: { nodes: four(), pods: spread5() },
      want: { constraints: [zoneC], matchNum: [{ zone1: 3, zone2: 2 }], criticalPaths: [[['zone2', 2], ['zone1', 3]]] },
    },
    {
      name: 'normal case with null label selector',
      pod: pod('p').label('foo', '').spreadConstraint(1, 'zone', 'DoNotSchedule', null).obj(),
      setup: { nodes: four(), pods: spread5() },
      want: { constraints: [zoneC], matchNum: [{ zone1: 0, zone2: 0 }], criticalPaths: [[['zone1', 0], ['zone2', 0]]] },
    },
    {
      name: 'normal case with one spreadConstraint, on a 3-zone cluster',
      pod: pod('p').label('foo', '').spreadConstraint(1, 'zone', 'DoNotSchedule', fooSelector).obj(),
      setup: { nodes: [...four(), zn('node-o', 'zone3'), zn('node-p', 'zone3')], pods: spread5() },
      want: { constraints: [zoneC], matchNum: [{ zone1: 3, zone2: 2, zone3: 0 }], criticalPaths: [[['zone3', 0], ['zone2', 2]]] },
    },
    {
      name: "namespace mismatch doesn't count",
      pod: pod('p').label('foo', '').spreadConstraint(1, 'zone', 'DoNotSchedule', fooSelector).obj(),
      setup: {
        nodes: four(),
        pods: [
          fp('p-a1', 'node-a'),
          pod('p-a2').namespace('ns1').node('node-a').label('foo', '').obj(),
          fp('p-b1', 'node-b'),
          pod('p-y1').namespace('ns2').node('node-y').label('foo', '').obj(),
          fp('p-y2', 'node-y'),
        ],
      },
      want: { constraints: [zoneC], matchNum: [{ zone1: 2, zone2: 1 }], criticalPaths: [[['zone2', 1], ['zone1', 2]]] },
    },
    {
      name: 'normal case with two spreadConstraints',
      pod: pod('p').label('foo', '').spreadConstraint(1, 'zone', 'DoNotSchedule', fooSelector).spreadConstraint(1, 'node', 'DoNotSchedule', fooSelector).obj(),
      setup: { nodes: four(), pods: spread7() },
      want: {
        constraints: [zoneC, nodeC],
        matchNum: [
          { zone1: 3, zone2: 4 },
          { 'node-a': 2, 'node-b': 1, 'node-x': 0, 'node-y': 4 },
        ],
        criticalPaths: [
          [
            ['zone1', 3],
            ['zone2', 4],
          ],
          [
            ['node-x', 0],
            ['node-b', 1],
          ],
        ],
      },
    },
    {
      name: 'soft spreadConstraints should be bypassed',
      pod: pod('p')
        .label('foo', '')
        .spreadConstraint(1, 'zone', 'ScheduleAnyway', fooSelector)
        .spreadConstraint(1, 'zone', 'DoNotSchedule', fooSelector)
        .spreadConstraint(1, 'node', 'ScheduleAnyway', fooSelector)
        .spreadConstraint(1, 'node', 'DoNotSchedule', fooSelector)
        .obj(),
      setup: { nodes: [zn('node-a', 'zone1'), zn('node-b', 'zone1'), zn('node-y', 'zone2')], pods: spread7() },
      want: {
        constraints: [zoneC, nodeC],
        matchNum: [
          { zone1: 3, zone2: 4 },
          { 'node-a': 2, 'node-b': 1, 'node-y': 4 },
        ],
        criticalPaths: [
          [
            ['zone1', 3],
            ['zone2', 4],
          ],
          [
            ['node-b', 1],
            ['node-a', 2],
          ],
        ],
      },
    },
    {
      name: 'different labelSelectors - simple version',
      pod: pod('p').label('foo', '').label('bar', '').spreadConstraint(1, 'zone', 'DoNotSchedule', fooSelector).spreadConstraint(1, 'node', 'DoNotSchedule', barSelector).obj(),
      setup: { nodes: [zn('node-a', 'zone1'), zn('node-b', 'zone1'), zn('node-y', 'zone2')], pods: [fp('p-a', 'node-a'), fp('p-b', 'node-b', { bar: '' })] },
      want: {
        constraints: [zoneC, nodeC],
        matchNum: [
          { zone1: 1, zone2: 0 },
          { 'node-a': 0, 'node-b': 1, 'node-y': 0 },
        ],
        criticalPaths: [
          [
            ['zone2', 0],
            ['zone1', 1],
          ],
          [
            ['node-a', 0],
            ['node-y', 0],
          ],
        ],
      },
    },
    {
      name: 'different labelSelectors - complex pods',
      pod: pod('p').label('foo', '').label('bar', '').spreadConstraint(1, 'zone', 'DoNotSchedule', fooSelector).spreadConstraint(1, 'node', 'DoNotSchedule', barSelector).obj(),
      setup: {
        nodes: [zn('node-a', 'zone1'), zn('node-b', 'zone1'), zn('node-y', 'zone2')],
        pods: [
          fp('p-a1', 'node-a'),
          fp('p-a2', 'node-a', { foo: '', bar: '' }),
          fp('p-b1', 'node-b'),
          fp('p-y1', 'node-y'),
          fp('p-y2', 'node-y', { foo: '', bar: '' }),
          fp('p-y3', 'node-y'),
          fp('p-y4', 'node-y', { foo: '', bar: '' }),
        ],
      },
      want: {
        constraints: [zoneC, nodeC],
        matchNum: [
          { zone1: 3, zone2: 4 },
          { 'node-a': 1, 'node-b': 0, 'node-y': 2 },
        ],
        criticalPaths: [
          [
            ['zone1', 3],
            ['zone2', 4],
          ],
          [
            ['node-b', 0],
            ['node-a', 1],
          ],
        ],
      },
    },
    {
      name: 'two spreadConstraints, and with podAffinity',
      pod: pod('p')
        .label('foo', '')
        .nodeAffinityNotIn('node', ['node-x'])
        .spreadConstraint(1, 'zone', 'DoNotSchedule', fooSelector)
        .spreadConstraint(1, 'node', 'DoNotSchedule', fooSelector)
        .obj(),
      setup: { nodes: four(), pods: spread7() },
      want: {
        constraints: [zoneC, nodeC],
        matchNum: [
          { zone1: 3, zone2: 4 },
          { 'node-a': 2, 'node-b': 1, 'node-y': 4 },
        ],
        criticalPaths: [
          [
            ['zone1', 3],
            ['zone2', 4],
          ],
          [
            ['node-b', 1],
            ['node-a', 2],
          ],
        ],
      },
    },
    {
      name: 'default constraints and a service',
      pod: pod('p').label('foo', 'bar').label('baz', 'kar').obj(),
      setup: {
        args: {
          defaultingType: 'List',
          defaultConstraints: [
            { maxSkew: 3, topologyKey: 'node', whenUnsatisfiable: 'DoNotSchedule' },
            { maxSkew: 2, topologyKey: 'node', whenUnsatisfiable: 'ScheduleAnyway' },
            { maxSkew: 5, topologyKey: 'rack', whenUnsatisfiable: 'DoNotSchedule' },
          ],
        },
        services: [service({ foo: 'bar' })],
      },
      want: {
        constraints: [
          { maxSkew: 3, topologyKey: 'node' },
          { maxSkew: 5, topologyKey: 'rack' },
        ],
        matchNum: [{}, {}],
        criticalPaths: [NEW_PATHS, NEW_PATHS],
      },
    },
    {
      name: "default constraints and a service that doesn't match",
      pod: pod('p').label('foo', 'bar').obj(),
      setup: {
        args: { defaultingType: 'List', defaultConstraints: [{ maxSkew: 3, topologyKey: 'node', whenUnsatisfiable: 'DoNotSchedule' }] },
        services: [service({ baz: 'kep' })],
      },
      skip: true,
    },
    {
      name: 'default constraints and a service, but pod has constraints',
      pod: pod('p')
        .label('foo', 'bar')
        .label('baz', 'tar')
        .spreadConstraint(1, 'zone', 'DoNotSchedule', sel.labels({ baz: 'tar' }))
        .spreadConstraint(2, 'planet', 'ScheduleAnyway', sel.labels({ fot: 'rok' }))
        .obj(),
      setup: {
        args: { defaultingType: 'List', defaultConstraints: [{ maxSkew: 2, topologyKey: 'node', whenUnsatisfiable: 'DoNotSchedule' }] },
        services: [service({ foo: 'bar' })],
      },
      want: { constraints: [zoneC], matchNum: [{}], criticalPaths: [NEW_PATHS] },
    },
    {
      name: 'default soft constraints and a service',
      pod: pod('p').label('foo', 'bar').obj(),
      setup: {
        args: { defaultingType: 'List', defaultConstraints: [{ maxSkew: 2, topologyKey: 'node', whenUnsatisfiable: 'ScheduleAnyway' }] },
        services: [service({ foo: 'bar' })],
      },
      skip: true,
    },
    {
      name: 'TpKeyToDomainsNum is calculated when MinDomains is enabled',
      pod: pod('p').label('foo', '').spreadConstraint(1, 'zone', 'DoNotSchedule', fooSelector).spreadConstraint(1, 'node', 'DoNotSchedule', fooSelector).obj(),
      setup: { nodes: four(), pods: spread7() },
      want: {
        constraints: [zoneC, nodeC],
        matchNum: [
          { zone1: 3, zone2: 4 },
          { 'node-a': 2, 'node-b': 1, 'node-x': 0, 'node-y': 4 },
        ],
        criticalPaths: [
          [
            ['zone1', 3],
            ['zone2', 4],
          ],
          [
            ['node-x', 0],
            ['node-b', 1],
          ],
        ],
      },
    },
    {
      name: 'NodeAffinityPolicy honored with labelSelectors',
      pod: pod('p').label('foo', '').nodeSelector({ foo: '' }).spreadConstraint(1, 'node', 'DoNotSchedule', barSelector).obj(),
      setup: { nodes: nodeABC(), pods: barPods() },
      want: { constraints: [nodeC], matchNum: [{ 'node-a': 1, 'node-b': 2 }], criticalPaths: [[['node-a', 1], ['node-b', 2]]] },
    },
    {
      name: 'NodeAffinityPolicy ignored with labelSelectors',
      pod: pod('p').label('foo', '').nodeSelector({ foo: '' }).spreadConstraint(1, 'node', 'DoNotSchedule', barSelector, undefined, 'Ignore').obj(),
      setup: { nodes: nodeABC(), pods: barPods() },
      want: {
        constraints: [{ ...nodeC, nodeAffinityPolicy: 'Ignore' }],
        matchNum: [{ 'node-a': 1, 'node-b': 2, 'node-c': 0 }],
        criticalPaths: [[['node-c', 0], ['node-a', 1]]],
      },
    },
    {
      name: 'NodeAffinityPolicy honored with nodeAffinity',
      pod: pod('p').label('foo', '').nodeAffinityIn('foo', ['']).spreadConstraint(1, 'node', 'DoNotSchedule', barSelector).obj(),
      setup: { nodes: nodeABC(), pods: barPods() },
      want: { constraints: [nodeC], matchNum: [{ 'node-a': 1, 'node-b': 2 }], criticalPaths: [[['node-a', 1], ['node-b', 2]]] },
    },
    {
      name: 'NodeAffinityPolicy ignored with nodeAffinity',
      pod: pod('p').label('foo', '').nodeAffinityIn('foo', ['']).spreadConstraint(1, 'node', 'DoNotSchedule', barSelector, undefined, 'Ignore').obj(),
      setup: { nodes: nodeABC(), pods: barPods() },
      want: {
        constraints: [{ ...nodeC, nodeAffinityPolicy: 'Ignore' }],
        matchNum: [{ 'node-a': 1, 'node-b': 2, 'node-c': 0 }],
        criticalPaths: [[['node-c', 0], ['node-a', 1]]],
      },
    },
    {
      name: 'NodeTaintsPolicy ignored',
      pod: pod('p').label('foo', '').spreadConstraint(1, 'node', 'DoNotSchedule', barSelector).obj(),
      setup: { nodes: [nn('node-a'), nn('node-b'), makeNodeW('node-c').label('node', 'node-c').taints(taints).label('bar', '').obj()], pods: barPods() },
      want: { constraints: [nodeC], matchNum: [{ 'node-a': 1, 'node-b': 2, 'node-c': 0 }], criticalPaths: [[['node-c', 0], ['node-a', 1]]] },
    },
    {
      name: 'NodeTaintsPolicy honored',
      pod: pod('p').label('foo', '').spreadConstraint(1, 'node', 'DoNotSchedule', barSelector, undefined, undefined, 'Honor').obj(),
      setup: { nodes: [nn('node-a'), nn('node-b'), makeNodeW('node-c').label('node', 'node-c').taints(taints).label('bar', '').obj()], pods: barPods() },
      want: {
        constraints: [{ ...nodeC, nodeTaintsPolicy: 'Honor' }],
        matchNum: [{ 'node-a': 1, 'node-b': 2 }],
        criticalPaths: [[['node-a', 1], ['node-b', 2]]],
      },
    },
    {
      name: 'NodeTaintsPolicy honored with tolerated taints',
      pod: pod('p').label('foo', '').toleration('node.kubernetes.io/unschedulable').spreadConstraint(1, 'node', 'DoNotSchedule', barSelector, undefined, undefined, 'Honor').obj(),
      setup: { nodes: [nn('node-a'), nn('node-b'), makeNodeW('node-c').label('node', 'node-c').taints(taints).label('bar', '').obj()], pods: barPods() },
      want: {
        constraints: [{ ...nodeC, nodeTaintsPolicy: 'Honor' }],
        matchNum: [{ 'node-a': 1, 'node-b': 2, 'node-c': 0 }],
        criticalPaths: [[['node-c', 0], ['node-a', 1]]],
      },
    },
    {
      name: 'two node inclusion Constraints, zone: honor/ignore, node: ignore/ignore',
      pod: pod('p')
        .label('foo', '')
        .nodeSelector({ foo: '' })
        .spreadConstraint(1, 'zone', 'DoNotSchedule', fooSelector)
        .spreadConstraint(1, 'node', 'DoNotSchedule', fooSelector, undefined, 'Ignore')
        .obj(),
      setup: {
        nodes: [zn('node-a', 'zone1', { foo: '' }), zn('node-b', 'zone1'), zn('node-x', 'zone2', { foo: '' })],
        pods: [fp('p-b1', 'node-b'), fp('p-b2', 'node-b'), fp('p-x1', 'node-x')],
      },
      want: {
        constraints: [zoneC, { ...nodeC, nodeAffinityPolicy: 'Ignore' }],
        matchNum: [
          { zone1: 0, zone2: 1 },
          { 'node-a': 0, 'node-b': 2, 'node-x': 1 },
        ],
        criticalPaths: [
          [
            ['zone1', 0],
            ['zone2', 1],
          ],
          [
            ['node-a', 0],
            ['node-x', 1],
          ],
        ],
      },
    },
    {
      name: 'two node inclusion Constraints, zone: honor/honor, node: honor/ignore',
      pod: pod('p')
        .label('foo', '')
        .spreadConstraint(1, 'zone', 'DoNotSchedule', fooSelector, undefined, undefined, 'Honor')
        .spreadConstraint(1, 'node', 'DoNotSchedule', fooSelector)
        .obj(),
      setup: {
        nodes: [zn('node-a', 'zone1', { foo: '' }), makeNodeW('node-b').label('zone', 'zone1').label('node', 'node-b').taints(taints).obj(), zn('node-x', 'zone2', { foo: '' })],
        pods: [fp('p-b1', 'node-b'), fp('p-b2', 'node-b'), fp('p-x1', 'node-x')],
      },
      want: {
        constraints: [{ ...zoneC, nodeTaintsPolicy: 'Honor' }, nodeC],
        matchNum: [
          { zone1: 0, zone2: 1 },
          { 'node-a': 0, 'node-b': 2, 'node-x': 1 },
        ],
        criticalPaths: [
          [
            ['zone1', 0],
            ['zone2', 1],
          ],
          [
            ['node-a', 0],
            ['node-x', 1],
          ],
        ],
      },
    },
    {
      name: 'two node inclusion Constraints, zone: honor/ignore, node: honor/ignore',
      pod: pod('p')
        .label('foo', '')
        .nodeSelector({ foo: '' })
        .spreadConstraint(1, 'zone', 'DoNotSchedule', fooSelector)
        .spreadConstraint(1, 'node', 'DoNotSchedule', fooSelector)
        .obj(),
      setup: {
        nodes: [
          zn('node-a', 'zone1'),
          makeNodeW('node-b').label('zone', 'zone1').label('node', 'node-b').label('foo', '').taints(taints).obj(),
          zn('node-x', 'zone2', { foo: '' }),
          zn('node-y', 'zone2'),
        ],
        pods: [fp('p-a1', 'node-a'), fp('p-a2', 'node-a'), fp('p-x1', 'node-x'), fp('p-y1', 'node-y')],
      },
      want: {
        constraints: [zoneC, nodeC],
        matchNum: [
          { zone1: 0, zone2: 1 },
          { 'node-b': 0, 'node-x': 1 },
        ],
        criticalPaths: [
          [
            ['zone1', 0],
            ['zone2', 1],
          ],
          [
            ['node-b', 0],
            ['node-x', 1],
          ],
        ],
      },
    },
    {
      name: 'two node inclusion Constraints, zone: ignore/ignore, node: honor/honor',
      pod: pod('p')
        .label('foo', '')
        .nodeSelector({ foo: '' })
        .spreadConstraint(1, 'zone', 'DoNotSchedule', fooSelector, undefined, 'Ignore')
        .spreadConstraint(1, 'node', 'DoNotSchedule', fooSelector, undefined, undefined, 'Honor')
        .obj(),
      setup: {
        nodes: [
          zn('node-a', 'zone1'),
          makeNodeW('node-b').label('zone', 'zone1').label('node', 'node-b').label('foo', '').taints(taints).obj(),
          zn('node-x', 'zone2', { foo: '' }),
          zn('node-y', 'zone2', { foo: '' }),
        ],
        pods: [fp('p-a1', 'node-a'), fp('p-a2', 'node-a'), fp('p-x1', 'node-x'), fp('p-x2', 'node-x'), fp('p-y1', 'node-y')],
      },
      want: {
        constraints: [
          { ...zoneC, nodeAffinityPolicy: 'Ignore' },
          { ...nodeC, nodeTaintsPolicy: 'Honor' },
        ],
        matchNum: [
          { zone1: 2, zone2: 3 },
          { 'node-x': 2, 'node-y': 1 },
        ],
        criticalPaths: [
          [
            ['zone1', 2],
            ['zone2', 3],
          ],
          [
            ['node-y', 1],
            ['node-x', 2],
          ],
        ],
      },
    },
    {
      name: 'matchLabelKeys ANDed with LabelSelector when LabelSelector isn\'t empty',
      pod: pod('p').label('foo', '').label('bar', 'a').spreadConstraint(1, 'zone', 'DoNotSchedule', fooSelector, undefined, undefined, undefined, ['bar']).obj(),
      setup: {
        nodes: four(),
        pods: [fp('p-a1', 'node-a'), fp('p-a2', 'node-a', { foo: '', bar: 'a' }), fp('p-b1', 'node-b'), fp('p-y1', 'node-y', { foo: '', bar: 'a' }), fp('p-y2', 'node-y', { bar: '' })],
      },
      want: { constraints: [zoneC], matchNum: [{ zone1: 1, zone2: 1 }], criticalPaths: [[['zone1', 1], ['zone2', 1]]] },
    },
    {
      name: 'matchLabelKeys ANDed with LabelSelector when LabelSelector is empty',
      pod: pod('p').label('foo', 'a').spreadConstraint(1, 'zone', 'DoNotSchedule', sel.empty(), undefined, undefined, undefined, ['foo']).obj(),
      setup: { nodes: four(), pods: ['p-a1:node-a', 'p-a2:node-a', 'p-b1:node-b', 'p-y1:node-y', 'p-y2:node-y'].map((s) => fp(s.split(':')[0], s.split(':')[1], { foo: 'a' })) },
      want: { constraints: [zoneC], matchNum: [{ zone1: 3, zone2: 2 }], criticalPaths: [[['zone2', 2], ['zone1', 3]]] },
    },
    {
      name: 'key in matchLabelKeys is ignored when LabelSelector is nil when feature gate enabled',
      pod: pod('p').label('foo', '').spreadConstraint(1, 'zone', 'DoNotSchedule', null, undefined, undefined, undefined, ['bar']).obj(),
      setup: { nodes: four(), pods: ['p-a1:node-a', 'p-a2:node-a', 'p-b1:node-b', 'p-y1:node-y', 'p-y2:node-y'].map((s) => fp(s.split(':')[0], s.split(':')[1], { foo: 'a' })) },
      want: { constraints: [zoneC], matchNum: [{ zone1: 0, zone2: 0 }], criticalPaths: [[['zone1', 0], ['zone2', 0]]] },
    },
    {
      name: "key in matchLabelKeys is ignored when it isn't exist in pod.labels",
      pod: pod('p').label('foo', '').spreadConstraint(1, 'zone', 'DoNotSchedule', fooSelector, undefined, undefined, undefined, ['bar']).obj(),
      setup: { nodes: four(), pods: ['p-a1:node-a', 'p-a2:node-a', 'p-b1:node-b', 'p-y1:node-y', 'p-y2:node-y'].map((s) => fp(s.split(':')[0], s.split(':')[1], { foo: 'a' })) },
      want: { constraints: [zoneC], matchNum: [{ zone1: 3, zone2: 2 }], criticalPaths: [[['zone2', 2], ['zone1', 3]]] },
    },
    {
      name: 'skip if not specified',
      pod: pod('p').label('foo', '').obj(),
      setup: { nodes: [zn('node-a', 'zone1')] },
      skip: true,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const { cluster, plugin } = setup(c.setup);
      if (c.skip) {
        expect(runFilterPlugin(plugin, cluster, newPodInfo(c.pod)).preFilter?.code).toBe('Skip');
        return;
      }
      expect(viewPreFilter(preFilter(plugin, c.pod))).toEqual(withDefaults(c.want!));
    });
  }
});

describe('filtering_test.go TestPreFilterStateAddPod / TestPreFilterStateRemovePod', () => {
  const nodeSpread = (b: ReturnType<typeof pod>) => b.spreadConstraint(1, 'node', 'DoNotSchedule', fooSelector);
  const zoneSpread = (b: ReturnType<typeof pod>) => b.spreadConstraint(1, 'zone', 'DoNotSchedule', fooSelector);
  const both = (b: ReturnType<typeof pod>) => nodeSpread(zoneSpread(b));
  type Case = {
    name: string;
    preemptor: Pod;
    pods: Pod[];
    nodes: Node[];
    op: 'add' | 'remove';
    /** The added / removed pod and the node it is on. */
    other: Pod;
    nodeIdx: number;
    matchNum: Record<string, number>[];
    criticalPaths: [string, number][][];
  };
  const fooZone = (name: string, node: string, zone: string): Pod => fp(name, node, { foo: '', zone });
  const affinityNodes = (): Node[] => [zn('node-a', 'zone1', { foo: 'bar' }), zn('node-b', 'zone2', { foo: '' })];
  const cases: Case[] = [
    {
      name: 'TestPreFilterStateAddPod: node a and b both impact current min match',
      preemptor: nodeSpread(pod('p').label('foo', '')).obj(),
      pods: [],
      nodes: [zn('node-a', 'zone1'), zn('node-b', 'zone1')],
      op: 'add',
      other: fp('p-a1', 'node-a'),
      nodeIdx: 0,
      matchNum: [{ 'node-a': 1, 'node-b': 0 }],
      criticalPaths: [[['node-b', 0], ['node-a', 1]]],
    },
    {
      name: 'TestPreFilterStateAddPod: only node a impacts current min match',
      preemptor: nodeSpread(pod('p').label('foo', '')).obj(),
      pods: [fp('p-b1', 'node-b')],
      nodes: [zn('node-a', 'zone1'), zn('node-b', 'zone1')],
      op: 'add',
      other: fp('p-a1', 'node-a'),
      nodeIdx: 0,
      matchNum: [{ 'node-a': 1, 'node-b': 1 }],
      criticalPaths: [[['node-a', 1], ['node-b', 1]]],
    },
    {
      name: "TestPreFilterStateAddPod: add a pod in a different namespace doesn't change topologyKeyToMinPodsMap",
      preemptor: nodeSpread(pod('p').label('foo', '')).obj(),
      pods: [fp('p-b1', 'node-b')],
      nodes: [zn('node-a', 'zone1'), zn('node-b', 'zone1')],
      op: 'add',
      other: pod('p-a1').namespace('ns1').node('node-a').label('foo', '').obj(),
      nodeIdx: 0,
      matchNum: [{ 'node-a': 0, 'node-b': 1 }],
      criticalPaths: [[['node-a', 0], ['node-b', 1]]],
    },
    {
      name: "TestPreFilterStateAddPod: add pod on non-critical node won't trigger re-calculation",
      preemptor: nodeSpread(pod('p').label('foo', '')).obj(),
      pods: [fp('p-b1', 'node-b')],
      nodes: [zn('node-a', 'zone1'), zn('node-b', 'zone1')],
      op: 'add',
      other: fp('p-b2', 'node-b'),
      nodeIdx: 1,
      matchNum: [{ 'node-a': 0, 'node-b': 2 }],
      criticalPaths: [[['node-a', 0], ['node-b', 2]]],
    },
    {
      name: 'TestPreFilterStateAddPod: node a and x both impact topologyKeyToMinPodsMap on zone and node',
      preemptor: both(pod('p').label('foo', '')).obj(),
      pods: [],
      nodes: [zn('node-a', 'zone1'), zn('node-x', 'zone2')],
      op: 'add',
      other: fp('p-a1', 'node-a'),
      nodeIdx: 0,
      matchNum: [
        { zone1: 1, zone2: 0 },
        { 'node-a': 1, 'node-x': 0 },
      ],
      criticalPaths: [
        [
          ['zone2', 0],
          ['zone1', 1],
        ],
        [
          ['node-x', 0],
          ['node-a', 1],
        ],
      ],
    },
    {
      name: 'TestPreFilterStateAddPod: only node a impacts topologyKeyToMinPodsMap on zone and node',
      preemptor: both(pod('p').label('foo', '')).obj(),
      pods: [fp('p-x1', 'node-x')],
      nodes: [zn('node-a', 'zone1'), zn('node-x', 'zone2')],
      op: 'add',
      other: fp('p-a1', 'node-a'),
      nodeIdx: 0,
      matchNum: [
        { zone1: 1, zone2: 1 },
        { 'node-a': 1, 'node-x': 1 },
      ],
      criticalPaths: [
        [
          ['zone1', 1],
          ['zone2', 1],
        ],
        [
          ['node-a', 1],
          ['node-x', 1],
        ],
      ],
    },
    {
      name: 'TestPreFilterStateAddPod: node a impacts topologyKeyToMinPodsMap on node, node x impacts topologyKeyToMinPodsMap on zone',
      preemptor: both(pod('p').label('foo', '')).obj(),
      pods: [fp('p-b1', 'node-b'), fp('p-b2', 'node-b'), fp('p-x1', 'node-x')],
      nodes: [zn('node-a', 'zone1'), zn('node-b', 'zone1'), zn('node-x', 'zone2')],
      op: 'add',
      other: fp('p-a1', 'node-a'),
      nodeIdx: 0,
      matchNum: [
        { zone1: 3, zone2: 1 },
        { 'node-a': 1, 'node-b': 2, 'node-x': 1 },
      ],
      criticalPaths: [
        [
          ['zone2', 1],
          ['zone1', 3],
        ],
        [
          ['node-a', 1],
          ['node-x', 1],
        ],
      ],
    },
    {
      name: 'TestPreFilterStateAddPod: Constraints hold different labelSelectors, node a impacts topologyKeyToMinPodsMap on zone',
      preemptor: pod('p').label('foo', '').label('bar', '').spreadConstraint(1, 'zone', 'DoNotSchedule', fooSelector).spreadConstraint(1, 'node', 'DoNotSchedule', barSelector).obj(),
      pods: [fp('p-b1', 'node-b', { foo: '', bar: '' }), fp('p-x1', 'node-x', { foo: '', bar: '' }), fp('p-x2', 'node-x', { bar: '' })],
      nodes: [zn('node-a', 'zone1'), zn('node-b', 'zone1'), zn('node-x', 'zone2')],
      op: 'add',
      other: fp('p-a1', 'node-a'),
      nodeIdx: 0,
      matchNum: [
        { zone1: 2, zone2: 1 },
        { 'node-a': 0, 'node-b': 1, 'node-x': 2 },
      ],
      criticalPaths: [
        [
          ['zone2', 1],
          ['zone1', 2],
        ],
        [
          ['node-a', 0],
          ['node-b', 1],
        ],
      ],
    },
    {
      name: 'TestPreFilterStateAddPod: Constraints hold different labelSelectors, node a impacts topologyKeyToMinPodsMap on both zone and node',
      preemptor: pod('p').label('foo', '').label('bar', '').spreadConstraint(1, 'zone', 'DoNotSchedule', fooSelector).spreadConstraint(1, 'node', 'DoNotSchedule', barSelector).obj(),
      pods: [fp('p-b1', 'node-b', { bar: '' }), fp('p-x1', 'node-x', { foo: '', bar: '' }), fp('p-x2', 'node-x', { bar: '' })],
      nodes: [zn('node-a', 'zone1'), zn('node-b', 'zone1'), zn('node-x', 'zone2')],
      op: 'add',
      other: fp('p-a1', 'node-a', { foo: '', bar: '' }),
      nodeIdx: 0,
      matchNum: [
        { zone1: 1, zone2: 1 },
        { 'node-a': 1, 'node-b': 1, 'node-x': 2 },
      ],
      criticalPaths: [
        [
          ['zone1', 1],
          ['zone2', 1],
        ],
        [
          ['node-a', 1],
          ['node-b', 1],
        ],
      ],
    },
    {
      name: 'TestPreFilterStateAddPod: add a pod when scheduling node affinity unmatched pod with NodeInclusionPolicy enabled',
      preemptor: zoneSpread(pod('p').label('foo', '').nodeAffinityNotIn('foo', ['bar'])).obj(),
      pods: [fooZone('p-a2', 'node-a', 'zone1'), fooZone('p-b1', 'node-b', 'zone2')],
      nodes: affinityNodes(),
      op: 'add',
      other: fooZone('p-a1', 'node-a', 'zone1'),
      nodeIdx: 0,
      matchNum: [{ zone2: 1 }],
      criticalPaths: [[['zone2', 1], ['', MAX32]]],
    },
    {
      name: 'TestPreFilterStateAddPod: add a pod when scheduling node affinity matched pod with NodeInclusionPolicy enabled',
      preemptor: zoneSpread(pod('p').label('foo', '')).obj(),
      pods: [fooZone('p-a1', 'node-a', 'zone1'), fooZone('p-b2', 'node-b', 'zone2')],
      nodes: affinityNodes(),
      op: 'add',
      other: fooZone('p-b1', 'node-b', 'zone2'),
      nodeIdx: 1,
      matchNum: [{ zone1: 1, zone2: 2 }],
      criticalPaths: [[['zone1', 1], ['zone2', 2]]],
    },
    {
      name: 'TestPreFilterStateAddPod: add a label selector not matched pod when with NodeInclusionPolicy enabled',
      preemptor: zoneSpread(pod('p').label('foo', '')).obj(),
      pods: [fooZone('p-a1', 'node-a', 'zone1'), fooZone('p-b2', 'node-b', 'zone2')],
      nodes: affinityNodes(),
      op: 'add',
      other: pod('p-b1').node('node-b').label('zone', 'zone2').obj(),
      nodeIdx: 1,
      matchNum: [{ zone1: 1, zone2: 1 }],
      criticalPaths: [[['zone1', 1], ['zone2', 1]]],
    },
    {
      name: 'TestPreFilterStateAddPod: add a pod when scheduling taint tolerated pod with NodeInclusionPolicy enabled',
      preemptor: zoneSpread(pod('p').label('foo', '').toleration('node.kubernetes.io/unschedulable')).obj(),
      pods: [fooZone('p-a1', 'node-a', 'zone1'), fooZone('p-b2', 'node-b', 'zone2')],
      nodes: [makeNodeW('node-a').label('zone', 'zone1').label('node', 'node-a').taints(taints).obj(), zn('node-b', 'zone2')],
      op: 'add',
      other: fooZone('p-b1', 'node-b', 'zone2'),
      nodeIdx: 1,
      matchNum: [{ zone1: 1, zone2: 2 }],
      criticalPaths: [[['zone1', 1], ['zone2', 2]]],
    },
    {
      name: 'TestPreFilterStateRemovePod: one spreadConstraint on zone, topologyKeyToMinPodsMap unchanged',
      preemptor: zoneSpread(pod('p').label('foo', '')).obj(),
      pods: [fp('p-a1', 'node-a'), fp('p-b1', 'node-b'), fp('p-x1', 'node-x')],
      nodes: [zn('node-a', 'zone1'), zn('node-b', 'zone1'), zn('node-x', 'zone2')],
      op: 'remove',
      other: fp('p-a1', 'node-a'),
      nodeIdx: 0,
      matchNum: [{ zone1: 1, zone2: 1 }],
      criticalPaths: [[['zone1', 1], ['zone2', 1]]],
    },
    {
      name: 'TestPreFilterStateRemovePod: one spreadConstraint on node, topologyKeyToMinPodsMap changed',
      preemptor: zoneSpread(pod('p').label('foo', '')).obj(),
      pods: [fp('p-a1', 'node-a'), fp('p-b1', 'node-b'), fp('p-x1', 'node-x'), fp('p-y1', 'node-y')],
      nodes: [zn('node-a', 'zone1'), zn('node-b', 'zone1'), zn('node-x', 'zone2'), zn('node-y', 'zone2')],
      op: 'remove',
      other: fp('p-a1', 'node-a'),
      nodeIdx: 0,
      matchNum: [{ zone1: 1, zone2: 2 }],
      criticalPaths: [[['zone1', 1], ['zone2', 2]]],
    },
    {
      name: "TestPreFilterStateRemovePod: delete an irrelevant pod won't help",
      preemptor: zoneSpread(pod('p').label('foo', '')).obj(),
      pods: [fp('p-a0', 'node-a', { bar: '' }), fp('p-a1', 'node-a'), fp('p-b1', 'node-b'), fp('p-x1', 'node-x'), fp('p-y1', 'node-y')],
      nodes: [zn('node-a', 'zone1'), zn('node-b', 'zone1'), zn('node-x', 'zone2'), zn('node-y', 'zone2')],
      op: 'remove',
      other: fp('p-a0', 'node-a', { bar: '' }),
      nodeIdx: 0,
      matchNum: [{ zone1: 2, zone2: 2 }],
      criticalPaths: [[['zone1', 2], ['zone2', 2]]],
    },
    {
      name: 'TestPreFilterStateRemovePod: two spreadConstraints',
      preemptor: both(pod('p').label('foo', '')).obj(),
      pods: [fp('p-a1', 'node-a'), fp('p-a2', 'node-a'), fp('p-b1', 'node-b'), fp('p-x1', 'node-x'), fp('p-x2', 'node-x')],
      nodes: [zn('node-a', 'zone1'), zn('node-b', 'zone1'), zn('node-x', 'zone2')],
      op: 'remove',
      other: fp('p-x1', 'node-x'),
      nodeIdx: 2,
      matchNum: [
        { zone1: 3, zone2: 1 },
        { 'node-a': 2, 'node-b': 1, 'node-x': 1 },
      ],
      criticalPaths: [
        [
          ['zone2', 1],
          ['zone1', 3],
        ],
        [
          ['node-b', 1],
          ['node-x', 1],
        ],
      ],
    },
    {
      name: 'TestPreFilterStateRemovePod: remove a pod when scheduling node affinity unmatched pod with NodeInclusionPolicy enabled',
      preemptor: zoneSpread(pod('p').label('foo', '').nodeAffinityNotIn('foo', ['bar'])).obj(),
      pods: [fooZone('p-a2', 'node-a', 'zone1'), fooZone('p-b1', 'node-b', 'zone2')],
      nodes: affinityNodes(),
      op: 'remove',
      other: fooZone('p-a1', 'node-a', 'zone1'),
      nodeIdx: 0,
      matchNum: [{ zone2: 1 }],
      criticalPaths: [[['zone2', 1], ['', MAX32]]],
    },
    {
      name: 'TestPreFilterStateRemovePod: remove a pod when scheduling node affinity matched pod with NodeInclusionPolicy enabled',
      preemptor: zoneSpread(pod('p').label('foo', '')).obj(),
      pods: [fooZone('p-a1', 'node-a', 'zone1'), fooZone('p-b2', 'node-b', 'zone2')],
      nodes: affinityNodes(),
      op: 'remove',
      other: fooZone('p-b1', 'node-b', 'zone2'),
      nodeIdx: 1,
      matchNum: [{ zone1: 1, zone2: 0 }],
      criticalPaths: [[['zone2', 0], ['zone1', 1]]],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const { cluster, plugin } = setup({ nodes: c.nodes, pods: c.pods });
      const cycle = new CycleState();
      const pre = newPodInfo(c.preemptor);
      const s = preFilter(plugin, c.preemptor, cycle);
      const node = cluster.nodes.get(c.nodes[c.nodeIdx].metadata.name!)!;
      const other = cluster.pods.get(`${c.other.metadata.namespace}/${c.other.metadata.name}`) ?? newPodInfo(c.other);
      if (c.op === 'add') plugin.addPod!(cycle, pre, other, node);
      else plugin.removePod!(cycle, pre, other, node);
      const v = viewPreFilter(s);
      expect(v.matchNum).toEqual(c.matchNum);
      expect(v.criticalPaths).toEqual(c.criticalPaths);
    });
  }
  it('TestPreFilterStateClone (filtering_test.go BenchmarkFilter/Clone): the clone is independent', () => {
    const { cluster, plugin } = setup({ nodes: [zn('node-a', 'zone1'), zn('node-b', 'zone2')], pods: [fp('p-a1', 'node-a')] });
    const cycle = new CycleState();
    const p = zoneSpread(pod('p').label('foo', '')).obj();
    const s = preFilter(plugin, p, cycle);
    const copy = cycle.clone();
    plugin.addPod!(copy, newPodInfo(p), newPodInfo(fp('p-b1', 'node-b')), cluster.nodes.get('node-b')!);
    expect(viewPreFilter(s).matchNum).toEqual([{ zone1: 1, zone2: 0 }]);
    expect(viewPreFilter(copy.read<PodTopologySpreadPreFilterState>('PreFilterPodTopologySpread')!).matchNum).toEqual([{ zone1: 1, zone2: 1 }]);
  });
});

type Code = StatusCode | 'Success';
function filterCodes(c: { pod: Pod; nodes: Node[]; pods: Pod[] }): Record<string, Code> {
  const { cluster, plugin } = setup({ nodes: c.nodes, pods: c.pods });
  const nodes = c.nodes.map((n) => cluster.nodes.get(n.metadata.name!)!);
  const run = runFilterPlugin(plugin, cluster, newPodInfo(c.pod), nodes);
  expect(run.preFilter).toBeNull();
  const out: Record<string, Code> = {};
  nodes.forEach((n, i) => {
    const st = run.statuses[i];
    out[n.name] = st ? st.code : 'Success';
    if (st?.code === 'Unschedulable') expect(st.reasons).toEqual([ERR_REASON_CONSTRAINTS_NOT_MATCH]);
    if (st?.code === 'UnschedulableAndUnresolvable') expect(st.reasons).toEqual([ERR_REASON_NODE_LABEL_NOT_MATCH]);
  });
  return out;
}
const S = 'Success';
const U = 'Unschedulable';
const UU = 'UnschedulableAndUnresolvable';

describe('filtering_test.go TestSingleConstraint', () => {
  const four = (): Node[] => [zn('node-a', 'zone1'), zn('node-b', 'zone1'), zn('node-x', 'zone2'), zn('node-y', 'zone2')];
  const spread2103 = (): Pod[] => [fp('p-a1', 'node-a'), fp('p-a2', 'node-a'), fp('p-b1', 'node-b'), fp('p-y1', 'node-y'), fp('p-y2', 'node-y'), fp('p-y3', 'node-y')];
  const four2 = (): Node[] => [nn('node-a', { foo: '' }), nn('node-b', { foo: '' }), nn('node-x', { foo: '' }), nn('node-y')];
  const pods110 = (): Pod[] => [fp('p-b1', 'node-a'), fp('p-b2', 'node-b'), fp('p-y1', 'node-y')];
  const cases: { name: string; pod: Pod; nodes: Node[]; pods: Pod[]; want: Record<string, Code> }[] = [
    {
      name: 'no existing pods',
      pod: pod('p').label('foo', '').spreadConstraint(1, 'zone', 'DoNotSchedule', fooSelector).obj(),
      nodes: four(),
      pods: [],
      want: { 'node-a': S, 'node-b': S, 'node-x': S, 'node-y': S },
    },
    {
      name: "no existing pods, incoming pod doesn't match itself",
      pod: pod('p').label('foo', '').spreadConstraint(1, 'zone', 'DoNotSchedule', barSelector).obj(),
      nodes: four(),
      pods: [],
      want: { 'node-a': S, 'node-b': S, 'node-x': S, 'node-y': S },
    },
    {
      name: 'existing pods in a different namespace do not count',
      pod: pod('p').label('foo', '').spreadConstraint(1, 'zone', 'DoNotSchedule', fooSelector).obj(),
      nodes: four(),
      pods: [
        pod('p-a1').namespace('ns1').node('node-a').label('foo', '').obj(),
        pod('p-b1').namespace('ns2').node('node-a').label('foo', '').obj(),
        fp('p-x1', 'node-x'),
        fp('p-y1', 'node-y'),
      ],
      want: { 'node-a': S, 'node-b': S, 'node-x': U, 'node-y': U },
    },
    {
      name: 'existing pods do not match null selector',
      pod: pod('p').label('foo', '').spreadConstraint(1, 'zone', 'DoNotSchedule', null).obj(),
      nodes: four(),
      pods: [fp('p-x1', 'node-x'), fp('p-y1', 'node-y')],
      want: { 'node-a': S, 'node-b': S, 'node-x': S, 'node-y': S },
    },
    {
      name: 'pods spread across zones as 3/3, all nodes fit',
      pod: pod('p').label('foo', '').spreadConstraint(1, 'zone', 'DoNotSchedule', fooSelector).obj(),
      nodes: four(),
      pods: spread2103(),
      want: { 'node-a': S, 'node-b': S, 'node-x': S, 'node-y': S },
    },
    {
      name: "pods spread across zones as 1/2 due to absence of label 'zone' on node-b",
      pod: pod('p').label('foo', '').spreadConstraint(1, 'zone', 'DoNotSchedule', fooSelector).obj(),
      nodes: [zn('node-a', 'zone1'), makeNodeW('node-b').label('zon', 'zone1').label('node', 'node-b').obj(), zn('node-x', 'zone2'), zn('node-y', 'zone2')],
      pods: [fp('p-a1', 'node-a'), fp('p-b1', 'node-b'), fp('p-x1', 'node-x'), fp('p-y1', 'node-y')],
      want: { 'node-a': S, 'node-b': UU, 'node-x': U, 'node-y': U },
    },
    {
      name: "pod cannot be scheduled as all nodes don't have label 'rack'",
      pod: pod('p').label('foo', '').spreadConstraint(1, 'rack', 'DoNotSchedule', fooSelector).obj(),
      nodes: [zn('node-a', 'zone1'), zn('node-x', 'zone2')],
      pods: [],
      want: { 'node-a': UU, 'node-x': UU },
    },
    {
      name: 'pods spread across nodes as 2/1/0/3, only node-x fits',
      pod: pod('p').label('foo', '').spreadConstraint(1, 'node', 'DoNotSchedule', fooSelector).obj(),
      nodes: four(),
      pods: spread2103(),
      want: { 'node-a': U, 'node-b': U, 'node-x': S, 'node-y': U },
    },
    {
      name: 'pods spread across nodes as 2/1/0/3, maxSkew is 2, node-b and node-x fit',
      pod: pod('p').label('foo', '').spreadConstraint(2, 'node', 'DoNotSchedule', fooSelector).obj(),
      nodes: four(),
      pods: spread2103(),
      want: { 'node-a': U, 'node-b': S, 'node-x': S, 'node-y': U },
    },
    {
      name: "pods spread across nodes as 2/1/0/3, but pod doesn't match itself",
      pod: pod('p').label('bar', '').spreadConstraint(1, 'node', 'DoNotSchedule', fooSelector).obj(),
      nodes: four(),
      pods: spread2103(),
      want: { 'node-a': U, 'node-b': S, 'node-x': S, 'node-y': U },
    },
    {
      name: 'incoming pod has nodeAffinity, pods spread as 2/~1~/~0~/3, hence node-a fits',
      pod: pod('p').label('foo', '').nodeAffinityIn('node', ['node-a', 'node-y']).spreadConstraint(1, 'node', 'DoNotSchedule', fooSelector).obj(),
      nodes: four(),
      pods: spread2103(),
      want: { 'node-a': S, 'node-b': S, 'node-x': S, 'node-y': U },
    },
    {
      name: 'terminating Pods should be excluded',
      pod: pod('p').label('foo', '').spreadConstraint(1, 'node', 'DoNotSchedule', fooSelector).obj(),
      nodes: [nn('node-a'), nn('node-b')],
      pods: [pod('p-a').node('node-a').label('foo', '').terminating().obj(), fp('p-b', 'node-b')],
      want: { 'node-a': S, 'node-b': U },
    },
    {
      name: 'incoming pod has nodeAffinity, pods spread as 0/~2~/0/1, hence node-a fits',
      pod: pod('p').label('foo', '').nodeAffinityNotIn('node', ['node-b']).spreadConstraint(1, 'zone', 'DoNotSchedule', fooSelector).obj(),
      nodes: four(),
      pods: [fp('p-b1', 'node-b'), fp('p-b2', 'node-b'), fp('p-y1', 'node-y')],
      want: { 'node-a': S, 'node-b': S, 'node-x': U, 'node-y': U },
    },
    {
      name: 'pods spread across nodes as 2/2/1, maxSkew is 2, and the number of domains < minDomains, then the third node fits',
      pod: pod('p').label('foo', '').spreadConstraint(2, 'node', 'DoNotSchedule', fooSelector, 4).obj(),
      nodes: [nn('node-a'), nn('node-b'), nn('node-c')],
      pods: [fp('p-a1', 'node-a'), fp('p-a2', 'node-a'), fp('p-b1', 'node-b'), fp('p-b2', 'node-b'), fp('p-c1', 'node-c')],
      want: { 'node-a': U, 'node-b': U, 'node-c': S },
    },
    {
      name: 'pods spread across nodes as 2/2/1, maxSkew is 2, and the number of domains > minDomains, then the all nodes fit',
      pod: pod('p').label('foo', '').spreadConstraint(2, 'node', 'DoNotSchedule', fooSelector, 2).obj(),
      nodes: [nn('node-a'), nn('node-b'), nn('node-c')],
      pods: [fp('p-a1', 'node-a'), fp('p-a2', 'node-a'), fp('p-b1', 'node-b'), fp('p-b2', 'node-b'), fp('p-c1', 'node-c')],
      want: { 'node-a': S, 'node-b': S, 'node-c': S },
    },
    {
      name: 'pods spread across zone as 2/1, maxSkew is 2 and the number of domains < minDomains, then the third and fourth nodes fit',
      pod: pod('p').label('foo', '').spreadConstraint(2, 'zone', 'DoNotSchedule', fooSelector, 3).obj(),
      nodes: four(),
      pods: [fp('p-b1', 'node-a'), fp('p-b2', 'node-b'), fp('p-y1', 'node-y')],
      want: { 'node-a': U, 'node-b': U, 'node-x': S, 'node-y': S },
    },
    {
      name: 'pods spread across zone as 2/1, maxSkew is 2 and the number of domains > minDomains, then the all nodes fit',
      pod: pod('p').label('foo', '').spreadConstraint(2, 'zone', 'DoNotSchedule', fooSelector, 1).obj(),
      nodes: four(),
      pods: [fp('p-b1', 'node-a'), fp('p-b2', 'node-b'), fp('p-y1', 'node-y')],
      want: { 'node-a': S, 'node-b': S, 'node-x': S, 'node-y': S },
    },
    {
      name: 'NodeAffinityPolicy honored with labelSelectors',
      pod: pod('p').label('foo', '').nodeSelector({ foo: '' }).spreadConstraint(1, 'node', 'DoNotSchedule', fooSelector).obj(),
      nodes: four2(),
      pods: pods110(),
      want: { 'node-a': U, 'node-b': U, 'node-x': S, 'node-y': S },
    },
    {
      name: 'NodeAffinityPolicy ignored with labelSelectors',
      pod: pod('p').label('foo', '').nodeSelector({ foo: '' }).spreadConstraint(1, 'node', 'DoNotSchedule', fooSelector, undefined, 'Ignore').obj(),
      nodes: four2(),
      pods: pods110(),
      want: { 'node-a': U, 'node-b': U, 'node-x': S, 'node-y': U },
    },
    {
      name: 'NodeAffinityPolicy honored with nodeAffinity',
      pod: pod('p').label('foo', '').nodeAffinityIn('foo', ['']).spreadConstraint(1, 'node', 'DoNotSchedule', fooSelector).obj(),
      nodes: four2(),
      pods: pods110(),
      want: { 'node-a': U, 'node-b': U, 'node-x': S, 'node-y': S },
    },
    {
      name: 'NodeAffinityPolicy ignored with nodeAffinity',
      pod: pod('p').label('foo', '').nodeAffinityIn('foo', ['']).spreadConstraint(1, 'node', 'DoNotSchedule', fooSelector, undefined, 'Ignore').obj(),
      nodes: four2(),
      pods: pods110(),
      want: { 'node-a': U, 'node-b': U, 'node-x': S, 'node-y': U },
    },
    {
      name: 'NodeTaintsPolicy honored',
      pod: pod('p').label('foo', '').spreadConstraint(1, 'node', 'DoNotSchedule', fooSelector, undefined, undefined, 'Honor').obj(),
      nodes: [nn('node-a', { foo: '' }), nn('node-b', { foo: '' }), nn('node-x', { foo: '' }), makeNodeW('node-y').label('node', 'node-y').taints(taints).obj()],
      pods: pods110(),
      want: { 'node-a': U, 'node-b': U, 'node-x': S, 'node-y': S },
    },
    {
      name: 'NodeTaintsPolicy ignored',
      pod: pod('p').label('foo', '').spreadConstraint(1, 'node', 'DoNotSchedule', fooSelector).obj(),
      nodes: [nn('node-a', { foo: '' }), nn('node-b', { foo: '' }), nn('node-x', { foo: '' }), makeNodeW('node-y').label('node', 'node-y').taints(taints).obj()],
      pods: pods110(),
      want: { 'node-a': U, 'node-b': U, 'node-x': S, 'node-y': U },
    },
  ];
  for (const c of cases) it(c.name, () => expect(filterCodes(c)).toEqual(c.want));
});

describe('filtering_test.go TestMultipleConstraints', () => {
  const four = (extra: Record<string, Record<string, string>> = {}): Node[] =>
    [
      ['node-a', 'zone1'],
      ['node-b', 'zone1'],
      ['node-x', 'zone2'],
      ['node-y', 'zone2'],
    ].map(([n, z]) => zn(n, z, extra[n]));
  const zoneNode = (b: ReturnType<typeof pod>) => b.spreadConstraint(1, 'zone', 'DoNotSchedule', fooSelector).spreadConstraint(1, 'node', 'DoNotSchedule', fooSelector);
  const fooBar = () => pod('p').label('foo', '').label('bar', '').spreadConstraint(1, 'zone', 'DoNotSchedule', fooSelector).spreadConstraint(1, 'node', 'DoNotSchedule', barSelector);
  const cases: { name: string; pod: Pod; nodes: Node[]; pods: Pod[]; want: Record<string, Code> }[] = [
    {
      name: 'two Constraints on zone and node, spreads = [3/3, 2/1/0/3]',
      pod: zoneNode(pod('p').label('foo', '')).obj(),
      nodes: four(),
      pods: [fp('p-a1', 'node-a'), fp('p-a2', 'node-a'), fp('p-b1', 'node-b'), fp('p-y1', 'node-y'), fp('p-y2', 'node-y'), fp('p-y3', 'node-y')],
      want: { 'node-a': U, 'node-b': U, 'node-x': S, 'node-y': U },
    },
    {
      name: 'two Constraints on zone and node, spreads = [3/4, 2/1/0/4]',
      pod: zoneNode(pod('p').label('foo', '')).obj(),
      nodes: four(),
      pods: [fp('p-a1', 'node-a'), fp('p-a2', 'node-a'), fp('p-b1', 'node-b'), fp('p-y1', 'node-y'), fp('p-y2', 'node-y'), fp('p-y3', 'node-y'), fp('p-y4', 'node-y')],
      want: { 'node-a': U, 'node-b': U, 'node-x': U, 'node-y': U },
    },
    {
      name: 'Constraints hold different labelSelectors, spreads = [1/0, 1/0/0/1]',
      pod: fooBar().obj(),
      nodes: four(),
      pods: [fp('p-a1', 'node-a'), fp('p-y1', 'node-y', { bar: '' })],
      want: { 'node-a': U, 'node-b': U, 'node-x': S, 'node-y': U },
    },
    {
      name: 'Constraints hold different labelSelectors, spreads = [1/0, 0/0/1/1]',
      pod: fooBar().obj(),
      nodes: four(),
      pods: [fp('p-a1', 'node-a'), fp('p-x1', 'node-x', { bar: '' }), fp('p-y1', 'node-y', { bar: '' })],
      want: { 'node-a': U, 'node-b': U, 'node-x': U, 'node-y': U },
    },
    {
      name: 'Constraints hold different labelSelectors, spreads = [2/3, 1/0/0/1]',
      pod: fooBar().obj(),
      nodes: four(),
      pods: [fp('p-a1', 'node-a'), fp('p-a2', 'node-a', { foo: '', bar: '' }), fp('p-y1', 'node-y'), fp('p-y2', 'node-y', { foo: '', bar: '' }), fp('p-y3', 'node-y')],
      want: { 'node-a': U, 'node-b': S, 'node-x': U, 'node-y': U },
    },
    {
      name: "Constraints hold different labelSelectors but pod doesn't match itself on 'zone' constraint",
      pod: pod('p').label('bar', '').spreadConstraint(1, 'zone', 'DoNotSchedule', fooSelector).spreadConstraint(1, 'node', 'DoNotSchedule', barSelector).obj(),
      nodes: four(),
      pods: [fp('p-a1', 'node-a'), fp('p-x1', 'node-x', { bar: '' }), fp('p-y1', 'node-y', { bar: '' })],
      want: { 'node-a': S, 'node-b': S, 'node-x': U, 'node-y': U },
    },
    {
      name: "two Constraints on zone and node, absence of label 'node' on node-x, spreads = [1/1, 1/0/0/1]",
      pod: zoneNode(pod('p').label('foo', '')).obj(),
      nodes: [zn('node-a', 'zone1'), zn('node-b', 'zone1'), makeNodeW('node-x').label('zone', 'zone2').obj(), zn('node-y', 'zone2')],
      pods: [fp('p-a1', 'node-a'), fp('p-y3', 'node-y')],
      want: { 'node-a': U, 'node-b': S, 'node-x': UU, 'node-y': U },
    },
    {
      name: 'two node inclusion Constraints, zone: honor/ignore, node: ignore/ignore',
      pod: pod('p')
        .label('foo', '')
        .nodeSelector({ foo: '' })
        .spreadConstraint(1, 'zone', 'DoNotSchedule', fooSelector)
        .spreadConstraint(1, 'node', 'DoNotSchedule', fooSelector, undefined, 'Ignore')
        .obj(),
      nodes: four({ 'node-a': { foo: '' }, 'node-b': { foo: '' }, 'node-x': { foo: '' } }),
      pods: [fp('p-a1', 'node-a'), fp('p-b1', 'node-b'), fp('p-y1', 'node-y')],
      want: { 'node-a': U, 'node-b': U, 'node-x': S, 'node-y': U },
    },
    {
      name: 'two node inclusion Constraints, zone: honor/honor, node: honor/ignore',
      pod: pod('p')
        .label('foo', '')
        .spreadConstraint(1, 'zone', 'DoNotSchedule', fooSelector, undefined, undefined, 'Honor')
        .spreadConstraint(1, 'node', 'DoNotSchedule', fooSelector)
        .obj(),
      nodes: [zn('node-a', 'zone1', { foo: '' }), zn('node-b', 'zone1', { foo: '' }), zn('node-x', 'zone2', { foo: '' }), makeNodeW('node-y').label('zone', 'zone2').label('node', 'node-y').taints(taints).obj()],
      pods: [fp('p-a1', 'node-a'), fp('p-b1', 'node-b'), fp('p-y1', 'node-y')],
      want: { 'node-a': U, 'node-b': U, 'node-x': S, 'node-y': U },
    },
    {
      name: 'two node inclusion Constraints, zone: honor/ignore, node: honor/ignore',
      pod: pod('p').label('foo', '').nodeSelector({ foo: '' }).spreadConstraint(1, 'zone', 'DoNotSchedule', fooSelector).spreadConstraint(1, 'node', 'DoNotSchedule', fooSelector).obj(),
      nodes: [
        zn('node-a', 'zone1', { foo: '' }),
        zn('node-b', 'zone1'),
        zn('node-x', 'zone2', { foo: '' }),
        makeNodeW('node-y').label('zone', 'zone2').label('node', 'node-y').label('foo', '').taints(taints).obj(),
      ],
      pods: [fp('p-a1', 'node-a'), fp('p-b1', 'node-b'), fp('p-y1', 'node-y')],
      want: { 'node-a': U, 'node-b': S, 'node-x': S, 'node-y': U },
    },
  ];
  for (const c of cases) it(c.name, () => expect(filterCodes(c)).toEqual(c.want));
});

describe('scoring_test.go TestPreScoreSkip', () => {
  it("the pod doesn't have soft topology spread Constraints", () => {
    const { cluster, plugin } = setup({ nodes: [makeNodeW('node-a').label(HOST, 'node-a').obj(), makeNodeW('node-b').label(HOST, 'node-b').obj()] });
    expect(runScorePlugin(plugin, cluster, newPodInfo(pod('p').obj())).skipped).toBe(true);
  });
  it("default constraints and a replicaset that doesn't match", () => {
    const { cluster, plugin } = setup({
      nodes: [makeNodeW('node-a').label('planet', 'mars').obj()],
      args: { defaultingType: 'List', defaultConstraints: [{ maxSkew: 2, topologyKey: 'planet', whenUnsatisfiable: 'ScheduleAnyway' }] },
      replicaSets: [replicaSet('rs1', sel.exists('tar'))],
    });
    const p = pod('p').label('foo', 'bar').label('baz', 'sup').ownerReference('ReplicaSet', 'rs2').obj();
    expect(runScorePlugin(plugin, cluster, newPodInfo(p)).skipped).toBe(true);
  });
  it('no nodes in the cluster', () => {
    const { cluster, plugin } = setup({});
    const p = pod('p').label('foo', '').spreadConstraint(1, 'zone', 'ScheduleAnyway', fooSelector).obj();
    expect(runScorePlugin(plugin, cluster, newPodInfo(p), []).skipped).toBe(true);
  });
});

describe('scoring_test.go TestPreScoreStateEmptyNodes', () => {
  const h = (name: string, extra: Record<string, string> = {}): Node => makeNodeW(name).label(HOST, name).labels(extra).obj();
  type Want = { constraints: [string, number][]; ignored: string[]; counts: Record<string, number>[]; weights: number[] };
  const cases: { name: string; pod: Pod; setup: Setup; want: Want }[] = [
    {
      name: 'normal case',
      pod: pod('p').label('foo', '').spreadConstraint(1, 'zone', 'ScheduleAnyway', fooSelector).spreadConstraint(1, HOST, 'ScheduleAnyway', fooSelector).obj(),
      setup: { nodes: [h('node-a', { zone: 'zone1' }), h('node-b', { zone: 'zone1' }), h('node-x', { zone: 'zone2' })] },
      want: {
        constraints: [
          ['zone', 1],
          [HOST, 1],
        ],
        ignored: [],
        counts: [{ zone1: 0, zone2: 0 }, {}],
        weights: [topologyNormalizingWeight(2), topologyNormalizingWeight(3)],
      },
    },
    {
      name: 'null selector',
      pod: pod('p').label('foo', '').spreadConstraint(1, 'zone', 'ScheduleAnyway', null).obj(),
      setup: { nodes: [h('node-a', { zone: 'zone1' }), h('node-b', { zone: 'zone1' }), h('node-x', { zone: 'zone2' })] },
      want: { constraints: [['zone', 1]], ignored: [], counts: [{ zone1: 0, zone2: 0 }], weights: [topologyNormalizingWeight(2)] },
    },
    {
      name: "node-x doesn't have label zone",
      pod: pod('p').label('foo', '').spreadConstraint(1, 'zone', 'ScheduleAnyway', fooSelector).spreadConstraint(1, HOST, 'ScheduleAnyway', barSelector).obj(),
      setup: { nodes: [h('node-a', { zone: 'zone1' }), h('node-b', { zone: 'zone1' }), h('node-x')] },
      want: {
        constraints: [
          ['zone', 1],
          [HOST, 1],
        ],
        ignored: ['node-x'],
        counts: [{ zone1: 0 }, {}],
        weights: [topologyNormalizingWeight(1), topologyNormalizingWeight(2)],
      },
    },
    {
      name: 'system default constraints and a replicaset',
      pod: pod('p').label('foo', 'tar').label('baz', 'sup').ownerReference('ReplicaSet', 'rs1').obj(),
      setup: {
        args: { defaultingType: 'System' },
        nodes: [h('node-a', { [ZONE]: 'mars' }), h('node-b', { [ZONE]: 'mars' }), h('node-c'), h('node-d')],
        replicaSets: [replicaSet('rs1', fooSelector)],
      },
      want: {
        constraints: [
          [HOST, 3],
          [ZONE, 5],
        ],
        ignored: [],
        counts: [{}, { mars: 0, '': 0 }],
        weights: [topologyNormalizingWeight(4), topologyNormalizingWeight(2)],
      },
    },
    {
      name: 'default constraints and a replicaset',
      pod: pod('p').label('foo', 'tar').label('baz', 'sup').ownerReference('ReplicaSet', 'rs1').obj(),
      setup: {
        args: {
          defaultingType: 'List',
          defaultConstraints: [
            { maxSkew: 1, topologyKey: HOST, whenUnsatisfiable: 'ScheduleAnyway' },
            { maxSkew: 2, topologyKey: 'rack', whenUnsatisfiable: 'DoNotSchedule' },
            { maxSkew: 2, topologyKey: 'planet', whenUnsatisfiable: 'ScheduleAnyway' },
          ],
        },
        nodes: [h('node-a', { rack: 'rack1', planet: 'mars' })],
        replicaSets: [replicaSet('rs1', fooSelector)],
      },
      want: {
        constraints: [
          [HOST, 1],
          ['planet', 2],
        ],
        ignored: [],
        counts: [{}, { mars: 0 }],
        weights: [topologyNormalizingWeight(1), topologyNormalizingWeight(1)],
      },
    },
    {
      name: 'default constraints and a replicaset, but pod has constraints',
      pod: pod('p')
        .label('foo', 'bar')
        .label('baz', 'sup')
        .ownerReference('ReplicaSet', 'rs1')
        .spreadConstraint(1, 'zone', 'DoNotSchedule', barSelector)
        .spreadConstraint(2, 'planet', 'ScheduleAnyway', sel.labels({ baz: 'sup' }))
        .obj(),
      setup: {
        args: { defaultingType: 'List', defaultConstraints: [{ maxSkew: 2, topologyKey: 'galaxy', whenUnsatisfiable: 'ScheduleAnyway' }] },
        nodes: [makeNodeW('node-a').label('planet', 'mars').label('galaxy', 'andromeda').obj()],
        replicaSets: [replicaSet('rs1', fooSelector)],
      },
      want: { constraints: [['planet', 2]], ignored: [], counts: [{ mars: 0 }], weights: [topologyNormalizingWeight(1)] },
    },
    {
      name: 'NodeAffinityPolicy honored with labelSelectors',
      pod: pod('p').label('foo', '').nodeSelector({ foo: '' }).spreadConstraint(1, 'zone', 'ScheduleAnyway', barSelector).obj(),
      setup: { nodes: [h('node-a', { zone: 'zone1', foo: '' }), h('node-b', { zone: 'zone1', foo: '' }), h('node-x', { zone: 'zone2' })] },
      want: { constraints: [['zone', 1]], ignored: [], counts: [{ zone1: 0, zone2: 0 }], weights: [topologyNormalizingWeight(2)] },
    },
    {
      name: 'NodeTaintsPolicy honored',
      pod: pod('p').label('foo', '').spreadConstraint(1, 'zone', 'ScheduleAnyway', barSelector, undefined, undefined, 'Honor').obj(),
      setup: { nodes: [h('node-a', { zone: 'zone1', foo: '' }), h('node-b', { zone: 'zone1', foo: '' }), makeNodeW('node-x').label('zone', 'zone2').label(HOST, 'node-x').taints(taints).obj()] },
      want: { constraints: [['zone', 1]], ignored: [], counts: [{ zone1: 0, zone2: 0 }], weights: [topologyNormalizingWeight(2)] },
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const { cluster, plugin } = setup(c.setup);
      const cycle = new CycleState();
      expect(plugin.preScore!(cycle, newPodInfo(c.pod), cluster.nodeList())).toBeNull();
      const s = cycle.read<PodTopologySpreadPreScoreState>('PreScorePodTopologySpread')!;
      expect(s.constraints.map((k) => [k.topologyKey, k.maxSkew])).toEqual(c.want.constraints);
      expect([...s.ignoredNodes]).toEqual(c.want.ignored);
      expect(s.topologyValueToPodCounts.map((m) => Object.fromEntries(m))).toEqual(c.want.counts);
      expect(s.topologyNormalizingWeight).toEqual(c.want.weights);
    });
  }
});

describe('scoring_test.go TestPodTopologySpreadScore', () => {
  const h = (name: string, extra: Record<string, string> = {}): Node => makeNodeW(name).label(HOST, name).labels(extra).obj();
  const hz = (name: string, zone: string): Node => h(name, { zone });
  const pods = (spec: string): Pod[] =>
    // "a:2,b:1" → p-a1, p-a2 on node-a; p-b1 on node-b
    spec.split(',').flatMap((part) => {
      const [n, k] = part.split(':');
      return Array.from({ length: Number(k) }, (_, i) => fp(`p-${n}${i + 1}`, `node-${n}`));
    });
  const onHost = (maxSkew: number, s: LabelSelector | null = fooSelector) => pod('p').label('foo', '').spreadConstraint(maxSkew, HOST, 'ScheduleAnyway', s).obj();
  type Case = { name: string; pod: Pod; nodes: Node[]; failed?: Node[]; pods?: Pod[]; services?: Service[]; want: Record<string, number> };
  const cases: Case[] = [
    { name: 'one constraint on node, no existing pods', pod: onHost(1), nodes: [h('node-a'), h('node-b')], want: { 'node-a': 100, 'node-b': 100 } },
    {
      name: 'one constraint on node, only one node is candidate',
      pod: onHost(1),
      nodes: [h('node-a')],
      failed: [h('node-b')],
      pods: pods('a:2,b:1'),
      want: { 'node-a': 100 },
    },
    {
      name: 'one constraint on node, all nodes have the same number of matching pods',
      pod: onHost(1),
      nodes: [h('node-a'), h('node-b')],
      pods: pods('a:1,b:1'),
      want: { 'node-a': 100, 'node-b': 100 },
    },
    {
      name: 'one constraint on node, all 4 nodes are candidates',
      pod: onHost(1),
      nodes: [h('node-a'), h('node-b'), h('node-c'), h('node-d')],
      pods: pods('a:2,b:1,d:3'),
      want: { 'node-a': 20, 'node-b': 60, 'node-c': 100, 'node-d': 0 },
    },
    {
      name: 'one constraint on node, null selector',
      pod: onHost(1, null),
      nodes: [h('node-a'), h('node-b'), h('node-c'), h('node-d')],
      pods: pods('a:2,b:1,d:3'),
      want: { 'node-a': 100, 'node-b': 100, 'node-c': 100, 'node-d': 100 },
    },
    {
      name: 'one constraint on node, all 4 nodes are candidates, maxSkew=2',
      pod: onHost(2),
      nodes: [h('node-a'), h('node-b'), h('node-c'), h('node-d')],
      pods: pods('a:2,b:1,d:3'),
      want: { 'node-a': 33, 'node-b': 66, 'node-c': 100, 'node-d': 16 },
    },
    {
      name: 'one constraint on node, all 4 nodes are candidates, maxSkew=3',
      pod: onHost(3),
      nodes: [h('node-a'), h('node-b'), h('node-c'), h('node-d')],
      pods: pods('a:4,b:3,c:2,d:1'),
      want: { 'node-a': 44, 'node-b': 66, 'node-c': 77, 'node-d': 100 },
    },
    {
      name: "system defaulting, nodes don't have zone, pods match service",
      pod: pod('p').label('foo', '').obj(),
      nodes: [h('node-a'), h('node-b'), h('node-c'), h('node-d')],
      pods: pods('a:4,b:3,c:2,d:1'),
      services: [service({ foo: '' })],
      want: { 'node-a': 44, 'node-b': 66, 'node-c': 77, 'node-d': 100 },
    },
    {
      name: 'one constraint on node, 3 out of 4 nodes are candidates',
      pod: onHost(1),
      nodes: [h('node-a'), h('node-b'), h('node-x')],
      failed: [h('node-y')],
      pods: pods('a:4,b:2,x:1,y:3'),
      want: { 'node-a': 33, 'node-b': 83, 'node-x': 100 },
    },
    {
      name: "one constraint on node, 3 out of 4 nodes are candidates, one node doesn't match topology key",
      pod: onHost(1),
      nodes: [h('node-a'), makeNodeW('node-b').label('n', 'node-b').obj(), h('node-x')],
      failed: [h('node-y')],
      pods: pods('a:4,b:2,x:1,y:3'),
      want: { 'node-a': 16, 'node-b': 0, 'node-x': 100 },
    },
    {
      name: 'one constraint on zone, 3 out of 4 nodes are candidates',
      pod: pod('p').label('foo', '').spreadConstraint(1, 'zone', 'ScheduleAnyway', fooSelector).obj(),
      nodes: [hz('node-a', 'zone1'), hz('node-b', 'zone1'), hz('node-x', 'zone2')],
      failed: [hz('node-y', 'zone2')],
      pods: pods('a:4,b:2,x:1,y:3'),
      want: { 'node-a': 75, 'node-b': 75, 'node-x': 100 },
    },
    {
      name: 'two Constraints on zone and node, 2 out of 4 nodes are candidates',
      pod: pod('p').label('foo', '').spreadConstraint(1, 'zone', 'ScheduleAnyway', fooSelector).spreadConstraint(1, HOST, 'ScheduleAnyway', fooSelector).obj(),
      nodes: [hz('node-a', 'zone1'), hz('node-x', 'zone2')],
      failed: [hz('node-b', 'zone1'), hz('node-y', 'zone2')],
      pods: pods('a:2,b:1,x:2,y:4'),
      want: { 'node-a': 100, 'node-x': 63 },
    },
    {
      name: 'two Constraints on zone and node, with different labelSelectors',
      pod: pod('p').label('foo', '').label('bar', '').spreadConstraint(1, 'zone', 'ScheduleAnyway', fooSelector).spreadConstraint(1, HOST, 'ScheduleAnyway', barSelector).obj(),
      nodes: [hz('node-a', 'zone1'), hz('node-b', 'zone1'), hz('node-x', 'zone2'), hz('node-y', 'zone2')],
      pods: [fp('p-a1', 'node-a'), fp('p-b1', 'node-b', { foo: '', bar: '' }), fp('p-y1', 'node-y'), fp('p-y2', 'node-y', { bar: '' })],
      want: { 'node-a': 60, 'node-b': 20, 'node-x': 100, 'node-y': 60 },
    },
    {
      name: 'two Constraints on zone and node, with different labelSelectors, some nodes have 0 pods',
      pod: pod('p').label('foo', '').label('bar', '').spreadConstraint(1, 'zone', 'ScheduleAnyway', fooSelector).spreadConstraint(1, HOST, 'ScheduleAnyway', barSelector).obj(),
      nodes: [hz('node-a', 'zone1'), hz('node-b', 'zone1'), hz('node-x', 'zone2'), hz('node-y', 'zone2')],
      pods: [fp('p-b1', 'node-b', { bar: '' }), fp('p-x1', 'node-x'), fp('p-y1', 'node-y', { foo: '', bar: '' })],
      want: { 'node-a': 100, 'node-b': 60, 'node-x': 40, 'node-y': 0 },
    },
    {
      name: 'two Constraints on zone and node, with different labelSelectors, 3 out of 4 nodes are candidates',
      pod: pod('p').label('foo', '').label('bar', '').spreadConstraint(1, 'zone', 'ScheduleAnyway', fooSelector).spreadConstraint(1, HOST, 'ScheduleAnyway', barSelector).obj(),
      nodes: [hz('node-a', 'zone1'), hz('node-b', 'zone1'), hz('node-x', 'zone2')],
      failed: [hz('node-y', 'zone2')],
      pods: [fp('p-a1', 'node-a'), fp('p-b1', 'node-b', { foo: '', bar: '' }), fp('p-y1', 'node-y'), fp('p-y2', 'node-y', { bar: '' })],
      want: { 'node-a': 50, 'node-b': 25, 'node-x': 100 },
    },
    {
      name: 'existing pods in a different namespace do not count',
      pod: onHost(1),
      nodes: [h('node-a'), h('node-b')],
      pods: [pod('p-a1').namespace('ns1').node('node-a').label('foo', '').obj(), fp('p-a2', 'node-a'), fp('p-b1', 'node-b'), fp('p-b2', 'node-b')],
      want: { 'node-a': 100, 'node-b': 33 },
    },
    {
      name: 'terminating Pods should be excluded',
      pod: onHost(1),
      nodes: [h('node-a'), h('node-b')],
      pods: [pod('p-a').node('node-a').label('foo', '').terminating().obj(), fp('p-b', 'node-b')],
      want: { 'node-a': 100, 'node-b': 0 },
    },
    {
      name: 'minDomains has no effect when ScheduleAnyway',
      pod: pod('p').label('foo', '').spreadConstraint(2, 'node', 'ScheduleAnyway', fooSelector, 10).obj(),
      nodes: [nn('node-a'), nn('node-b'), nn('node-c')],
      pods: pods('a:2,b:2,c:1'),
      want: { 'node-a': 75, 'node-b': 75, 'node-c': 100 },
    },
    {
      name: 'NodeAffinityPolicy honoed with labelSelectors',
      pod: pod('p').label('foo', '').nodeSelector({ foo: '' }).spreadConstraint(1, 'node', 'ScheduleAnyway', fooSelector).obj(),
      nodes: [nn('node-a', { foo: '' }), nn('node-b', { foo: '' }), nn('node-c')],
      pods: pods('a:2,b:1,c:1'),
      want: { 'node-a': 0, 'node-b': 33, 'node-c': 100 },
    },
    {
      name: 'NodeAffinityPolicy ignored with labelSelectors',
      pod: pod('p').label('foo', '').nodeSelector({ foo: '' }).spreadConstraint(1, 'node', 'ScheduleAnyway', fooSelector, undefined, 'Ignore').obj(),
      nodes: [nn('node-a', { foo: '' }), nn('node-b', { foo: '' }), nn('node-c')],
      pods: pods('a:2,b:1,c:1'),
      want: { 'node-a': 66, 'node-b': 100, 'node-c': 100 },
    },
    {
      name: 'NodeAffinityPolicy honoed with nodeAffinity',
      pod: pod('p').label('foo', '').nodeAffinityIn('foo', ['']).spreadConstraint(1, 'node', 'ScheduleAnyway', fooSelector).obj(),
      nodes: [nn('node-a', { foo: '' }), nn('node-b', { foo: '' }), nn('node-c')],
      pods: pods('a:2,b:1,c:1'),
      want: { 'node-a': 0, 'node-b': 33, 'node-c': 100 },
    },
    {
      name: 'NodeAffinityPolicy ignored with nodeAffinity',
      pod: pod('p').label('foo', '').nodeAffinityIn('foo', ['']).spreadConstraint(1, 'node', 'ScheduleAnyway', fooSelector, undefined, 'Ignore').obj(),
      nodes: [nn('node-a', { foo: '' }), nn('node-b', { foo: '' }), nn('node-c')],
      pods: pods('a:2,b:1,c:1'),
      want: { 'node-a': 66, 'node-b': 100, 'node-c': 100 },
    },
    {
      name: 'NodeTaintsPolicy honored',
      pod: pod('p').label('foo', '').spreadConstraint(1, 'node', 'ScheduleAnyway', fooSelector, undefined, undefined, 'Honor').obj(),
      nodes: [nn('node-a'), nn('node-b'), makeNodeW('node-c').label('node', 'node-c').taints(taints).obj()],
      pods: pods('a:2,b:1,c:1'),
      want: { 'node-a': 0, 'node-b': 33, 'node-c': 100 },
    },
    {
      name: 'NodeTaintsPolicy ignored',
      pod: pod('p').label('foo', '').spreadConstraint(1, 'node', 'ScheduleAnyway', fooSelector).obj(),
      nodes: [nn('node-a'), nn('node-b'), makeNodeW('node-c').label('node', 'node-c').taints(taints).obj()],
      pods: pods('a:2,b:1,c:1'),
      want: { 'node-a': 66, 'node-b': 100, 'node-c': 100 },
    },
    {
      name: 'matchLabelKeys ANDed with LabelSelector when LabelSelector is empty',
      pod: pod('p')
        .label('foo', '')
        .label('bar', '')
        .spreadConstraint(1, 'zone', 'ScheduleAnyway', sel.empty(), undefined, undefined, undefined, ['foo'])
        .spreadConstraint(1, HOST, 'ScheduleAnyway', sel.empty(), undefined, undefined, undefined, ['bar'])
        .obj(),
      nodes: [hz('node-a', 'zone1'), hz('node-b', 'zone1'), hz('node-c', 'zone2'), hz('node-d', 'zone2')],
      pods: [fp('p-a1', 'node-a'), fp('p-b1', 'node-b', { foo: '', bar: '' }), fp('p-y1', 'node-c'), fp('p-y2', 'node-c', { bar: '' })],
      want: { 'node-a': 60, 'node-b': 20, 'node-c': 60, 'node-d': 100 },
    },
    {
      name: "matchLabelKeys ANDed with LabelSelector when LabelSelector isn't empty",
      pod: pod('p')
        .label('foo', '')
        .label('bar', '')
        .label('baz', '')
        .spreadConstraint(1, 'zone', 'ScheduleAnyway', fooSelector)
        .spreadConstraint(1, HOST, 'ScheduleAnyway', barSelector, undefined, undefined, undefined, ['baz'])
        .obj(),
      nodes: [hz('node-a', 'zone1'), hz('node-b', 'zone1'), hz('node-c', 'zone2'), hz('node-d', 'zone2')],
      pods: [
        fp('p-a1', 'node-a'),
        fp('p-b1', 'node-b', { foo: '', bar: '', baz: '' }),
        fp('p-c1', 'node-c'),
        fp('p-c2', 'node-c', { bar: '' }),
        fp('p-d3', 'node-c', { bar: '', baz: '' }),
      ],
      want: { 'node-a': 60, 'node-b': 20, 'node-c': 60, 'node-d': 100 },
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const { cluster, plugin } = setup({ nodes: [...c.nodes, ...(c.failed ?? [])], pods: c.pods, services: c.services, args: { defaultingType: 'System' } });
      const feasible = c.nodes.map((n) => cluster.nodes.get(n.metadata.name!)!);
      const run = runScorePlugin(plugin, cluster, newPodInfo(c.pod), feasible);
      expect(run.skipped).toBe(false);
      expect(Object.fromEntries(feasible.map((n, i) => [n.name, run.normalized[i]]))).toEqual(c.want);
    });
  }
});

describe('system default constraints (plugin.go systemDefaultConstraints, helper.DefaultSelector)', () => {
  const zoned = (name: string, zone: string): Node => makeNodeW(name).label(HOST, name).label(ZONE, zone).obj();
  it('follow Services added and removed between cycles (the remembered constraints are not reused)', () => {
    const nodes = [zoned('node-a1', 'a'), zoned('node-b1', 'b')];
    const existing = [pod('a-0').node('node-a1').label('app', 'web').obj()];
    const { cluster, plugin } = setup({ nodes, pods: existing, args: { defaultingType: 'System' } });
    const p = newPodInfo(pod('new').label('app', 'web').obj());
    const feasible = nodes.map((n) => cluster.nodes.get(n.metadata.name!)!);
    // no Service or owner selects the pod: no default selector, nothing to spread
    expect(runScorePlugin(plugin, cluster, p, feasible).skipped).toBe(true);
    cluster.services.set('default/web', service({ app: 'web' }, 'web'));
    const run = runScorePlugin(plugin, cluster, p, feasible);
    expect(run.skipped).toBe(false);
    // node-a1 holds the matching pod: it scores lower than node-b1
    expect(run.normalized[0]).toBeLessThan(run.normalized[1]);
    cluster.services.delete('default/web');
    expect(runScorePlugin(plugin, cluster, p, feasible).skipped).toBe(true);
    // a Service replaced by one selecting other pods
    cluster.services.set('default/web', service({ app: 'other' }, 'web'));
    expect(runScorePlugin(plugin, cluster, p, feasible).skipped).toBe(true);
  });

  it('a ReplicaSet-owned pod is spread by hostname (maxSkew 3) and zone (maxSkew 5) with requireAllTopologies off', () => {
    // Zone a holds 6 matching pods, zone b 0; node-c has no zone label yet is still scored.
    const nodes = [zoned('node-a1', 'a'), zoned('node-a2', 'a'), zoned('node-b1', 'b'), makeNodeW('node-c').label(HOST, 'node-c').obj()];
    const existing = [
      ...Array.from({ length: 4 }, (_, i) => pod(`a1-${i}`).node('node-a1').label('app', 'web').ownerReference('ReplicaSet', 'web-1').obj()),
      ...Array.from({ length: 2 }, (_, i) => pod(`a2-${i}`).node('node-a2').label('app', 'web').ownerReference('ReplicaSet', 'web-1').obj()),
    ];
    const { cluster, plugin } = setup({ nodes, pods: existing, args: { defaultingType: 'System' }, replicaSets: [replicaSet('web-1', sel.labels({ app: 'web' }))] });
    const p = pod('new').label('app', 'web').ownerReference('ReplicaSet', 'web-1').obj();
    expect(runFilterPlugin(plugin, cluster, newPodInfo(p)).preFilter?.code).toBe('Skip');
    const feasible = nodes.map((n) => cluster.nodes.get(n.metadata.name!)!);
    const run = runScorePlugin(plugin, cluster, newPodInfo(p), feasible);
    // host weight ln(4+2), zone weight ln(3+2) (domains a, b and ""):
    // a1: 4·ln6 + 2 + 6·ln5 + 4 = 22.83 → 23; a2: 2·ln6 + 2 + 6·ln5 + 4 = 19.24 → 19;
    // b1: 0 + 2 + 0 + 4 = 6; c: hostname only (no zone label) = 2.
    expect(run.raw).toEqual([23, 19, 6, 2]);
    // max 23, min 2: 100·(25 − s)/23
    expect(run.normalized).toEqual([8, 26, 82, 100]);
  });
  it('a pod selected by no Service and without a controller gets no default constraints', () => {
    const { cluster, plugin } = setup({ nodes: [zoned('n1', 'a'), zoned('n2', 'b')], args: { defaultingType: 'System' }, services: [service({ app: 'other' })] });
    expect(runScorePlugin(plugin, cluster, newPodInfo(pod('p').label('app', 'web').obj())).skipped).toBe(true);
  });
  it('Services in other namespaces and Services with a nil selector are ignored', () => {
    const { cluster, plugin } = setup({ nodes: [zoned('n1', 'a'), zoned('n2', 'b')], args: { defaultingType: 'System' } });
    cluster.services.set('other/svc', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'svc', namespace: 'other' }, spec: { selector: { app: 'web' } } });
    cluster.services.set('default/nil', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'nil', namespace: 'default' }, spec: {} });
    expect(runScorePlugin(plugin, cluster, newPodInfo(pod('p').label('app', 'web').obj())).skipped).toBe(true);
  });
  it('List defaulting with DoNotSchedule default constraints filters with the deduced selector', () => {
    const nodes = [zoned('n1', 'a'), zoned('n2', 'b')];
    const existing = [pod('e1').node('n1').label('app', 'web').obj(), pod('e2').node('n1').label('app', 'web').obj()];
    const { cluster, plugin } = setup({
      nodes,
      pods: existing,
      args: { defaultingType: 'List', defaultConstraints: [{ maxSkew: 1, topologyKey: ZONE, whenUnsatisfiable: 'DoNotSchedule' }] },
      services: [service({ app: 'web' })],
    });
    const run = runFilterPlugin(plugin, cluster, newPodInfo(pod('p').label('app', 'web').obj()));
    expect(run.statuses.map((s) => s?.code ?? 'Success')).toEqual(['Unschedulable', 'Success']);
  });
});

describe('common.go countPodsMatchSelector: an empty selector', () => {
  it('counts no existing pod, while the incoming pod still matches itself', () => {
    const nodes = [zn('node-a', 'zone1'), zn('node-b', 'zone2')];
    const { cluster, plugin } = setup({ nodes, pods: [fp('p-a1', 'node-a'), fp('p-a2', 'node-a')] });
    const p = pod('p').label('foo', '').spreadConstraint(1, 'zone', 'DoNotSchedule', sel.empty()).obj();
    const s = preFilter(plugin, p);
    expect(viewPreFilter(s).matchNum).toEqual([{ zone1: 0, zone2: 0 }]);
    expect(s.selfMatch).toEqual([1]);
    expect(runFilterPlugin(plugin, cluster, newPodInfo(p)).statuses).toEqual([null, null]);
  });
});

describe('cached topology domains follow cluster changes', () => {
  it('a node added or relabelled between cycles changes the domains and counts', () => {
    const { cluster, plugin } = setup({ nodes: [zn('node-a', 'zone1'), zn('node-b', 'zone2')], pods: [fp('p-a1', 'node-a')] });
    const p = pod('p').label('foo', '').spreadConstraint(1, 'zone', 'DoNotSchedule', fooSelector).obj();
    expect(viewPreFilter(preFilter(plugin, p)).matchNum).toEqual([{ zone1: 1, zone2: 0 }]);
    cluster.addNode(zn('node-c', 'zone3'));
    expect(viewPreFilter(preFilter(plugin, p)).matchNum).toEqual([{ zone1: 1, zone2: 0, zone3: 0 }]);
    // Relabel node-a into zone2 (same zone-tree zone key: the node list itself is reused).
    cluster.addNode(zn('node-a', 'zone2'));
    const v = viewPreFilter(preFilter(plugin, p));
    expect(v.matchNum).toEqual([{ zone2: 1, zone3: 0 }]);
    expect(v.criticalPaths[0][0]).toEqual(['zone3', 0]);
    cluster.removeNode('node-c');
    expect(viewPreFilter(preFilter(plugin, p)).matchNum).toEqual([{ zone2: 1 }]);
  });
});

describe('a hostname DoNotSchedule constraint at scale', () => {
  // Its speed is measured in bench/scheduler.ts (the mixed scenarios), not timed here.
  it('over 2,000 nodes and 10,000 pods, every cycle gives the same verdicts', () => {
    const nodes = Array.from({ length: 2000 }, (_, i) => makeNodeW(`n${i}`).label(HOST, `n${i}`).label(ZONE, `z${i % 3}`).obj());
    const existing = Array.from({ length: 10000 }, (_, i) => pod(`e${i}`).node(`n${i % 2000}`).label('app', i % 2 ? 'a' : 'b').obj());
    const { cluster, plugin } = setup({ nodes, pods: existing });
    const p = newPodInfo(pod('p').label('app', 'a').spreadConstraint(1, HOST, 'DoNotSchedule', sel.labels({ app: 'a' })).obj());
    for (let k = 0; k < 3; k++) {
      const run = runFilterPlugin(plugin, cluster, p);
      // Nodes with an even index hold only app=b pods: 0 matches; odd ones hold 5 → skew 6 > 1.
      expect(run.statuses.map((s) => s === null)).toEqual(nodes.map((_, i) => i % 2 === 0));
    }
  });
});
