/**
 * NodeResourcesFit, ported from upstream pkg/scheduler/framework/plugins/noderesources:
 * fit_test.go (TestEnoughRequests, TestNotEnoughRequests, TestStorageRequests,
 * TestRestartableInitContainers, TestFitScore), least_allocated_test.go,
 * most_allocated_test.go, requested_to_capacity_ratio_test.go.
 */
import { describe, expect, it } from 'vitest';
import { newPodInfo } from '../../../src/model/pod-info.ts';
import type { Container, Pod, ResourceList } from '../../../src/model/types.ts';
import { runFilterPlugin, runScorePlugin } from '../../../src/scheduler/framework/run-plugin.ts';
import { CycleState, type Status } from '../../../src/scheduler/framework/types.ts';
import {
  buildBrokenLinearFunction,
  computeFitPreFilterState,
  fitsRequest,
  newNodeResourcesFit,
  NAME,
  type InsufficientResource,
} from '../../../src/scheduler/plugins/node-resources-fit.ts';
import { makeCluster, makeNode, makePod } from '../../helpers/cluster.ts';

const handle = { cluster: makeCluster([]) };

const extendedResourceA = 'example.com/aaa';
const extendedResourceB = 'example.com/bbb';
const kubernetesIOResourceA = 'kubernetes.io/something';
const kubernetesIOResourceB = 'subdomain.kubernetes.io/something';
const hugePageResourceA = 'hugepages-2Mi';
const extendedResourceDRA = 'extended.resource.dra.io/something';

/** framework.Resource-like usage of one container, as fit_test.go's newResourcePod takes. */
interface Usage {
  cpu?: number;
  mem?: number;
  eph?: number;
  scalar?: Record<string, number>;
}

/** fit_test.go newResourcePod: every container lists cpu, memory, pods and ephemeral-storage (0 if unset). */
function container(u: Usage, i: number): Container {
  const requests: ResourceList = { cpu: `${u.cpu ?? 0}m`, memory: u.mem ?? 0, pods: 0, 'ephemeral-storage': u.eph ?? 0, ...(u.scalar ?? {}) };
  return { name: `c${i}`, resources: { requests } };
}

let seq = 0;
function resourcePod(...usages: Usage[]): Pod {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: `p${seq++}`, namespace: 'default' }, spec: { containers: usages.map(container) } };
}
function withInit(pod: Pod, ...usages: Usage[]): Pod {
  pod.spec.initContainers = usages.map((u, i) => ({ ...container(u, i), name: `init${i}` }));
  return pod;
}
function withOverhead(pod: Pod, overhead: ResourceList): Pod {
  pod.spec.overhead = overhead;
  return pod;
}
function withPodLevel(pod: Pod, requests: ResourceList): Pod {
  pod.spec.resources = { requests };
  return pod;
}
const emptyPod = (): Pod => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `p${seq++}`, namespace: 'default' }, spec: { containers: [] } });

/** fit_test.go makeAllocatableResources(milliCPU, memory, pods, extendedA, storage, hugePageA). */
function allocatable(milliCPU: number, memory: number, pods: number, extendedA: number, storage: number, hugePageA: number): ResourceList {
  return { cpu: `${milliCPU}m`, memory, pods, [extendedResourceA]: extendedA, 'ephemeral-storage': storage, [hugePageResourceA]: hugePageA };
}

/** A one-node cluster whose node carries `existing` pods (framework.NewNodeInfo(pods...)). */
function nodeWith(alloc: ResourceList, existing: Pod[]) {
  const bound = existing.map((p) => ({ ...p, spec: { ...p.spec, nodeName: 'n' } }));
  const cluster = makeCluster([makeNode('n', alloc)], bound);
  return { cluster, node: cluster.nodes.get('n')! };
}

interface EnoughCase {
  name: string;
  pod: Pod;
  existing: Usage[];
  args?: Record<string, unknown>;
  wantStatus?: Status;
  want: InsufficientResource[];
}

const ins = (resourceName: string, requested: number, used: number, capacity: number, unresolvable = false): InsufficientResource => ({
  resourceName,
  reason: resourceName === 'pods' ? 'Too many pods' : `Insufficient ${resourceName}`,
  requested,
  used,
  capacity,
  unresolvable,
});
const unsched = (...reasons: string[]): Status => ({ code: 'Unschedulable', reasons });
const unres = (...reasons: string[]): Status => ({ code: 'UnschedulableAndUnresolvable', reasons });
const r = (n: string): string => `Insufficient ${n}`;

describe('fit_test.go TestEnoughRequests', () => {
  const cases: EnoughCase[] = [
    { name: 'no resources requested always fits', pod: emptyPod(), existing: [{ cpu: 10, mem: 20 }], want: [] },
    {
      name: 'too many resources fails',
      pod: resourcePod({ cpu: 1, mem: 1 }),
      existing: [{ cpu: 10, mem: 20 }],
      wantStatus: unsched(r('cpu'), r('memory')),
      want: [ins('cpu', 1, 10, 10), ins('memory', 1, 20, 20)],
    },
    {
      name: 'too many resources fails due to init container cpu',
      pod: withInit(resourcePod({ cpu: 1, mem: 1 }), { cpu: 3, mem: 1 }),
      existing: [{ cpu: 8, mem: 19 }],
      wantStatus: unsched(r('cpu')),
      want: [ins('cpu', 3, 8, 10)],
    },
    {
      name: 'too many resources fails due to highest init container cpu',
      pod: withInit(resourcePod({ cpu: 1, mem: 1 }), { cpu: 3, mem: 1 }, { cpu: 2, mem: 1 }),
      existing: [{ cpu: 8, mem: 19 }],
      wantStatus: unsched(r('cpu')),
      want: [ins('cpu', 3, 8, 10)],
    },
    {
      name: 'too many resources fails due to init container memory',
      pod: withInit(resourcePod({ cpu: 1, mem: 1 }), { cpu: 1, mem: 3 }),
      existing: [{ cpu: 9, mem: 19 }],
      wantStatus: unsched(r('memory')),
      want: [ins('memory', 3, 19, 20)],
    },
    {
      name: 'too many resources fails due to highest init container memory',
      pod: withInit(resourcePod({ cpu: 1, mem: 1 }), { cpu: 1, mem: 3 }, { cpu: 1, mem: 2 }),
      existing: [{ cpu: 9, mem: 19 }],
      wantStatus: unsched(r('memory')),
      want: [ins('memory', 3, 19, 20)],
    },
    {
      name: "init container fits because it's the max, not sum, of containers and init containers",
      pod: withInit(resourcePod({ cpu: 1, mem: 1 }), { cpu: 1, mem: 1 }),
      existing: [{ cpu: 9, mem: 19 }],
      want: [],
    },
    {
      name: "multiple init containers fit because it's the max, not sum, of containers and init containers",
      pod: withInit(resourcePod({ cpu: 1, mem: 1 }), { cpu: 1, mem: 1 }, { cpu: 1, mem: 1 }),
      existing: [{ cpu: 9, mem: 19 }],
      want: [],
    },
    { name: 'both resources fit', pod: resourcePod({ cpu: 1, mem: 1 }), existing: [{ cpu: 5, mem: 5 }], want: [] },
    {
      name: 'one resource memory fits',
      pod: resourcePod({ cpu: 2, mem: 1 }),
      existing: [{ cpu: 9, mem: 5 }],
      wantStatus: unsched(r('cpu')),
      want: [ins('cpu', 2, 9, 10)],
    },
    {
      name: 'one resource cpu fits',
      pod: resourcePod({ cpu: 1, mem: 2 }),
      existing: [{ cpu: 5, mem: 19 }],
      wantStatus: unsched(r('memory')),
      want: [ins('memory', 2, 19, 20)],
    },
    { name: 'equal edge case', pod: resourcePod({ cpu: 5, mem: 1 }), existing: [{ cpu: 5, mem: 19 }], want: [] },
    {
      name: 'equal edge case for init container',
      pod: withInit(resourcePod({ cpu: 4, mem: 1 }), { cpu: 5, mem: 1 }),
      existing: [{ cpu: 5, mem: 19 }],
      want: [],
    },
    { name: 'extended resource fits', pod: resourcePod({ scalar: { [extendedResourceA]: 1 } }), existing: [{}], want: [] },
    {
      name: 'extended resource fits for init container',
      pod: withInit(resourcePod({}), { scalar: { [extendedResourceA]: 1 } }),
      existing: [{}],
      want: [],
    },
    {
      name: 'extended resource capacity enforced',
      pod: resourcePod({ cpu: 1, mem: 1, scalar: { [extendedResourceA]: 10 } }),
      existing: [{ scalar: { [extendedResourceA]: 0 } }],
      wantStatus: unres(r(extendedResourceA)),
      want: [ins(extendedResourceA, 10, 0, 5, true)],
    },
    {
      name: 'extended resource capacity enforced for init container',
      pod: withInit(resourcePod({}), { cpu: 1, mem: 1, scalar: { [extendedResourceA]: 10 } }),
      existing: [{ scalar: { [extendedResourceA]: 0 } }],
      wantStatus: unres(r(extendedResourceA)),
      want: [ins(extendedResourceA, 10, 0, 5, true)],
    },
    {
      name: 'extended resource allocatable enforced',
      pod: resourcePod({ cpu: 1, mem: 1, scalar: { [extendedResourceA]: 1 } }),
      existing: [{ scalar: { [extendedResourceA]: 5 } }],
      wantStatus: unsched(r(extendedResourceA)),
      want: [ins(extendedResourceA, 1, 5, 5)],
    },
    {
      name: 'extended resource allocatable enforced for init container',
      pod: withInit(resourcePod({}), { cpu: 1, mem: 1, scalar: { [extendedResourceA]: 1 } }),
      existing: [{ scalar: { [extendedResourceA]: 5 } }],
      wantStatus: unsched(r(extendedResourceA)),
      want: [ins(extendedResourceA, 1, 5, 5)],
    },
    {
      name: 'extended resource allocatable enforced for multiple containers',
      pod: resourcePod({ cpu: 1, mem: 1, scalar: { [extendedResourceA]: 3 } }, { cpu: 1, mem: 1, scalar: { [extendedResourceA]: 3 } }),
      existing: [{ scalar: { [extendedResourceA]: 2 } }],
      wantStatus: unres(r(extendedResourceA)),
      want: [ins(extendedResourceA, 6, 2, 5, true)],
    },
    {
      name: 'extended resource allocatable admits multiple init containers',
      pod: withInit(resourcePod({}), { cpu: 1, mem: 1, scalar: { [extendedResourceA]: 3 } }, { cpu: 1, mem: 1, scalar: { [extendedResourceA]: 3 } }),
      existing: [{ scalar: { [extendedResourceA]: 2 } }],
      want: [],
    },
    {
      name: 'extended resource allocatable enforced for multiple init containers',
      pod: withInit(resourcePod({}), { cpu: 1, mem: 1, scalar: { [extendedResourceA]: 6 } }, { cpu: 1, mem: 1, scalar: { [extendedResourceA]: 3 } }),
      existing: [{ scalar: { [extendedResourceA]: 2 } }],
      wantStatus: unres(r(extendedResourceA)),
      want: [ins(extendedResourceA, 6, 2, 5, true)],
    },
    {
      name: 'extended resource allocatable enforced for unknown resource',
      pod: resourcePod({ cpu: 1, mem: 1, scalar: { [extendedResourceB]: 1 } }),
      existing: [{}],
      wantStatus: unres(r(extendedResourceB)),
      want: [ins(extendedResourceB, 1, 0, 0, true)],
    },
    {
      name: 'extended resource allocatable enforced for unknown resource for init container',
      pod: withInit(resourcePod({}), { cpu: 1, mem: 1, scalar: { [extendedResourceB]: 1 } }),
      existing: [{}],
      wantStatus: unres(r(extendedResourceB)),
      want: [ins(extendedResourceB, 1, 0, 0, true)],
    },
    {
      name: 'kubernetes.io resource capacity enforced',
      pod: resourcePod({ cpu: 1, mem: 1, scalar: { [kubernetesIOResourceA]: 10 } }),
      existing: [{}],
      wantStatus: unres(r(kubernetesIOResourceA)),
      want: [ins(kubernetesIOResourceA, 10, 0, 0, true)],
    },
    {
      name: 'kubernetes.io resource capacity enforced for init container',
      pod: withInit(resourcePod({}), { cpu: 1, mem: 1, scalar: { [kubernetesIOResourceB]: 10 } }),
      existing: [{}],
      wantStatus: unres(r(kubernetesIOResourceB)),
      want: [ins(kubernetesIOResourceB, 10, 0, 0, true)],
    },
    {
      name: 'hugepages resource capacity enforced',
      pod: resourcePod({ cpu: 1, mem: 1, scalar: { [hugePageResourceA]: 10 } }),
      existing: [{ scalar: { [hugePageResourceA]: 0 } }],
      wantStatus: unres(r(hugePageResourceA)),
      want: [ins(hugePageResourceA, 10, 0, 5, true)],
    },
    {
      name: 'hugepages resource capacity enforced for init container',
      pod: withInit(resourcePod({}), { cpu: 1, mem: 1, scalar: { [hugePageResourceA]: 10 } }),
      existing: [{ scalar: { [hugePageResourceA]: 0 } }],
      wantStatus: unres(r(hugePageResourceA)),
      want: [ins(hugePageResourceA, 10, 0, 5, true)],
    },
    {
      name: 'hugepages resource allocatable enforced for multiple containers',
      pod: resourcePod({ cpu: 1, mem: 1, scalar: { [hugePageResourceA]: 3 } }, { cpu: 1, mem: 1, scalar: { [hugePageResourceA]: 3 } }),
      existing: [{ scalar: { [hugePageResourceA]: 2 } }],
      wantStatus: unres(r(hugePageResourceA)),
      want: [ins(hugePageResourceA, 6, 2, 5, true)],
    },
    {
      name: 'skip checking ignored extended resource',
      pod: resourcePod({ cpu: 1, mem: 1, scalar: { [extendedResourceB]: 1 } }),
      existing: [{}],
      args: { ignoredResources: ['example.com/bbb'] },
      want: [],
    },
    {
      name: 'resources + pod overhead fits',
      pod: withOverhead(resourcePod({ cpu: 1, mem: 1 }), { cpu: '3m', memory: '13' }),
      existing: [{ cpu: 5, mem: 5 }],
      want: [],
    },
    {
      name: 'requests + overhead does not fit for memory',
      pod: withOverhead(resourcePod({ cpu: 1, mem: 1 }), { cpu: '1m', memory: '15' }),
      existing: [{ cpu: 5, mem: 5 }],
      wantStatus: unsched(r('memory')),
      want: [ins('memory', 16, 5, 20)],
    },
    {
      name: 'skip checking ignored extended resource via resource groups',
      pod: resourcePod({ cpu: 1, mem: 1, scalar: { [extendedResourceB]: 1, [kubernetesIOResourceA]: 1 } }),
      existing: [{}],
      args: { ignoredResourceGroups: ['example.com'] },
      wantStatus: unres(r(kubernetesIOResourceA)),
      want: [ins(kubernetesIOResourceA, 1, 0, 0, true)],
    },
    {
      name: 'skip checking extended resource request with quantity zero via resource groups',
      pod: resourcePod({ cpu: 1, mem: 1, scalar: { [extendedResourceA]: 0 } }),
      existing: [{ scalar: { [extendedResourceA]: 6 } }],
      want: [],
    },
    {
      name: 'skip checking resource request with quantity zero',
      pod: resourcePod({ scalar: { [extendedResourceA]: 1 } }),
      existing: [{ cpu: 20, mem: 30, scalar: { [extendedResourceA]: 1 } }],
      want: [],
    },
    {
      name: 'both pod-level and container-level resources fit',
      pod: withPodLevel(resourcePod({ cpu: 1, mem: 1 }), { cpu: '1m', memory: '2' }),
      existing: [{ cpu: 5, mem: 5 }],
      want: [],
    },
    {
      name: 'pod-level cpu resource not fit',
      pod: withPodLevel(resourcePod({ cpu: 1, mem: 1 }), { cpu: '7m', memory: '2' }),
      existing: [{ cpu: 5, mem: 5 }],
      wantStatus: unsched(r('cpu')),
      want: [ins('cpu', 7, 5, 10)],
    },
    {
      name: 'pod-level memory resource not fit',
      pod: withPodLevel(resourcePod({ cpu: 1, mem: 1 }), { cpu: '3m', memory: '2' }),
      existing: [{ cpu: 5, mem: 19 }],
      wantStatus: unsched(r('memory')),
      want: [ins('memory', 2, 19, 20)],
    },
    {
      name: 'pod-level hugepages resource fit',
      pod: withPodLevel(resourcePod(), { cpu: '3m', memory: '2', [hugePageResourceA]: 5 }),
      existing: [],
      want: [],
    },
    {
      name: 'both pod-level and container-level hugepages resource fit',
      pod: withPodLevel(resourcePod({ cpu: 1, mem: 1, scalar: { [hugePageResourceA]: 3 } }), { cpu: '3m', memory: '2', [hugePageResourceA]: 5 }),
      existing: [],
      want: [],
    },
    {
      name: 'pod-level hugepages resource not fit',
      pod: withPodLevel(resourcePod(), { cpu: '3m', memory: '2', [hugePageResourceA]: 10 }),
      existing: [],
      wantStatus: unres(r(hugePageResourceA)),
      want: [ins(hugePageResourceA, 10, 0, 5, true)],
    },
    {
      name: 'one pod-level cpu resource fits and all init and non-init containers resources fit',
      pod: withInit(withPodLevel(resourcePod({ cpu: 1, mem: 1 }), { cpu: '3m', memory: '2' }), { cpu: 1, mem: 1 }),
      existing: [{ cpu: 5, mem: 19 }],
      wantStatus: unsched(r('memory')),
      want: [ins('memory', 2, 19, 20)],
    },
    {
      // DRAExtendedResource is off in v1.35, so a DRA-named extended resource is an ordinary one.
      // (The upstream cases with the gate on are not ported.)
      name: 'extended resource backed by DRA not enabled',
      pod: resourcePod({ cpu: 1, mem: 1, scalar: { [extendedResourceDRA]: 1 } }),
      existing: [{}],
      wantStatus: unres(r(extendedResourceDRA)),
      want: [ins(extendedResourceDRA, 1, 0, 0, true)],
    },
  ];

  for (const tc of cases) {
    it(`"${tc.name}"`, () => {
      const { cluster, node } = nodeWith(
        allocatable(10, 20, 32, 5, 20, 5),
        tc.existing.map((u) => resourcePod(u)),
      );
      const plugin = newNodeResourcesFit(tc.args, { cluster });
      const pod = newPodInfo(tc.pod);
      const run = runFilterPlugin(plugin, cluster, pod, [node]);
      expect(run.preFilter).toBeNull();
      expect(run.statuses[0]).toEqual(tc.wantStatus ?? null);
      const ignored = new Set((tc.args?.ignoredResources as string[] | undefined) ?? []);
      const groups = new Set((tc.args?.ignoredResourceGroups as string[] | undefined) ?? []);
      expect(fitsRequest(computeFitPreFilterState(pod, ignored, groups), node)).toEqual(tc.want);
    });
  }
});

describe('fit_test.go TestPreFilterDisabled', () => {
  it('Filter without PreFilter state is an Error', () => {
    const { cluster, node } = nodeWith({}, []);
    const plugin = newNodeResourcesFit(undefined, { cluster });
    const st = plugin.filter!(new CycleState(), newPodInfo(emptyPod()), node);
    expect(st?.code).toBe('Error');
  });
});

describe('fit_test.go TestNotEnoughRequests', () => {
  const cases: { name: string; pod: Pod; existing: Usage }[] = [
    { name: "even without specified resources, predicate fails when there's no space for additional pod", pod: emptyPod(), existing: { cpu: 10, mem: 20 } },
    { name: "even if both resources fit, predicate fails when there's no space for additional pod", pod: resourcePod({ cpu: 1, mem: 1 }), existing: { cpu: 5, mem: 5 } },
    { name: "even for equal edge case, predicate fails when there's no space for additional pod", pod: resourcePod({ cpu: 5, mem: 1 }), existing: { cpu: 5, mem: 19 } },
    {
      name: "even for equal edge case, predicate fails when there's no space for additional pod due to init container",
      pod: withInit(resourcePod({ cpu: 5, mem: 1 }), { cpu: 5, mem: 1 }),
      existing: { cpu: 5, mem: 19 },
    },
  ];
  for (const tc of cases) {
    it(`"${tc.name}"`, () => {
      const { cluster, node } = nodeWith(allocatable(10, 20, 1, 0, 0, 0), [resourcePod(tc.existing)]);
      const plugin = newNodeResourcesFit(undefined, { cluster });
      expect(runFilterPlugin(plugin, cluster, newPodInfo(tc.pod), [node]).statuses[0]).toEqual(unsched('Too many pods'));
    });
  }
});

describe('fit_test.go TestStorageRequests', () => {
  const cases: { name: string; pod: Pod; existing: Usage; want: Status | null }[] = [
    { name: 'empty storage requested, and pod fits', pod: resourcePod({ cpu: 1, mem: 1 }), existing: { cpu: 2, mem: 10 }, want: null },
    {
      name: 'storage ephemeral local storage request exceeds allocatable',
      pod: resourcePod({ eph: 25 }),
      existing: { cpu: 2, mem: 2 },
      want: unres(r('ephemeral-storage')),
    },
    { name: 'ephemeral local storage is sufficient', pod: withInit(resourcePod({ eph: 5 })), existing: { cpu: 2, mem: 2, eph: 10 }, want: null },
    { name: 'pod fits', pod: resourcePod({ eph: 10 }), existing: { cpu: 2, mem: 2 }, want: null },
  ];
  for (const tc of cases) {
    it(`"${tc.name}"`, () => {
      const { cluster, node } = nodeWith(allocatable(10, 20, 32, 5, 20, 5), [resourcePod(tc.existing)]);
      const plugin = newNodeResourcesFit(undefined, { cluster });
      expect(runFilterPlugin(plugin, cluster, newPodInfo(tc.pod), [node]).statuses[0]).toEqual(tc.want);
    });
  }
});

describe('fit_test.go TestRestartableInitContainers (SidecarContainers is GA: only the enabled cases)', () => {
  const withSidecar = (request?: ResourceList, sidecar?: ResourceList): Pod => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `p${seq++}`, namespace: 'default' },
    spec: {
      containers: [{ name: 'regular', ...(request ? { resources: { requests: request } } : {}) }],
      initContainers: [{ name: 'restartable-init', restartPolicy: 'Always', ...(sidecar ? { resources: { requests: sidecar } } : {}) }],
    },
  });
  const cases: { name: string; pod: Pod; want: Status | null }[] = [
    { name: 'allow pod without restartable init containers if sidecar containers is enabled', pod: { ...emptyPod(), spec: { containers: [{ name: 'regular' }] } }, want: null },
    { name: 'allow pod with restartable init containers if sidecar containers is enabled', pod: withSidecar(), want: null },
    {
      name: "allow pod if the total requested resources do not exceed the node's allocatable resources",
      pod: withSidecar({ cpu: '1m' }, { cpu: '1m' }),
      want: null,
    },
    {
      name: "not allow pod if the total requested resources do exceed the node's allocatable resources",
      pod: withSidecar({ cpu: '1m' }, { cpu: '2m' }),
      want: unres(r('cpu')),
    },
  ];
  for (const tc of cases) {
    it(`"${tc.name}"`, () => {
      const { cluster, node } = nodeWith(allocatable(2, 0, 1, 0, 0, 0), []);
      const plugin = newNodeResourcesFit(undefined, { cluster });
      expect(runFilterPlugin(plugin, cluster, newPodInfo(tc.pod), [node]).statuses[0]).toEqual(tc.want);
    });
  }
});

// ---------------------------------------------------------------------------------------------
// Scoring

/** st.MakeNode().Name(n).Capacity(res): allocatable = capacity, quantities as upstream writes them. */
interface ScoreCase {
  name: string;
  pod: Pod;
  nodes: [string, ResourceList][];
  existing?: Pod[];
  args: Record<string, unknown>;
  want: number[];
  runPreScore?: boolean;
}

/** st.MakePod().Req(a).Req(b)...: one container per request map. */
const reqPod = (...reqs: ResourceList[]): Pod => makePod(`p${seq++}`, reqs);
const on = (node: string, pod: Pod): Pod => ({ ...pod, spec: { ...pod.spec, nodeName: node } });
/** st.MakePod().SidecarReq(...): a restartable init container with these requests. */
const withSidecarReq = (pod: Pod, req: ResourceList): Pod => ({
  ...pod,
  spec: { ...pod.spec, initContainers: [{ name: 'sidecar', restartPolicy: 'Always', resources: { requests: req } }] },
});

function scores(tc: ScoreCase): number[] {
  const cluster = makeCluster(
    tc.nodes.map(([n, alloc]) => makeNode(n, alloc)),
    tc.existing ?? [],
  );
  const plugin = newNodeResourcesFit(tc.args, { cluster });
  const pod = newPodInfo(tc.pod);
  const nodes = tc.nodes.map(([n]) => cluster.nodes.get(n)!);
  if (tc.runPreScore === false) {
    const state = new CycleState();
    return nodes.map((n) => plugin.score!(state, pod, n));
  }
  const run = runScorePlugin(plugin, cluster, pod, nodes);
  expect(run.normalized).toEqual(run.raw); // no NormalizeScore
  return run.raw;
}

const cm = (cpu: string, memory: string): ResourceList => ({ cpu, memory });
const defaultResources = [
  { name: 'cpu', weight: 1 },
  { name: 'memory', weight: 1 },
];
const extendedRes = 'abc.com/xyz';
const extendedResourceSet = [...defaultResources, { name: extendedRes, weight: 1 }];
const strategy = (type: string, resources: unknown, shape?: { utilization: number; score: number }[]): Record<string, unknown> => ({
  scoringStrategy: { type, resources, ...(shape ? { requestedToCapacityRatio: { shape } } : {}) },
});

describe('fit_test.go TestFitScore', () => {
  const nodes: [string, ResourceList][] = [
    ['node1', cm('4000', '10000')],
    ['node2', cm('6000', '10000')],
  ];
  const existing = (): Pod[] => [on('node1', reqPod(cm('2000', '4000'))), on('node2', reqPod(cm('1000', '2000')))];
  const cases: ScoreCase[] = [];
  for (const runPreScore of [true, false]) {
    const suffix = runPreScore ? '' : ' if PreScore is not called';
    cases.push(
      {
        name: 'test case for ScoringStrategy RequestedToCapacityRatio case1' + suffix,
        pod: reqPod(cm('3000', '5000')),
        nodes,
        existing: existing(),
        args: strategy('RequestedToCapacityRatio', defaultResources, [
          { utilization: 0, score: 10 },
          { utilization: 100, score: 0 },
        ]),
        want: [10, 32],
        runPreScore,
      },
      {
        name: 'test case for ScoringStrategy MostAllocated' + suffix,
        pod: reqPod(cm('1000', '2000')),
        nodes,
        existing: existing(),
        args: strategy('MostAllocated', defaultResources),
        want: [67, 36],
        runPreScore,
      },
      {
        name: 'test case for ScoringStrategy LeastAllocated' + suffix,
        pod: reqPod(cm('1000', '2000')),
        nodes,
        existing: existing(),
        args: strategy('LeastAllocated', defaultResources),
        want: [32, 63],
        runPreScore,
      },
    );
  }
  cases.push(
    {
      name: 'test case for ScoringStrategy RequestedToCapacityRatio case2',
      pod: reqPod(cm('3000', '5000')),
      nodes,
      existing: existing(),
      args: strategy('RequestedToCapacityRatio', defaultResources, [
        { utilization: 0, score: 0 },
        { utilization: 100, score: 10 },
      ]),
      want: [95, 68],
    },
    {
      name: 'test case for ScoringStrategy MostAllocated with sidecar container',
      pod: reqPod(cm('1000', '2000')),
      nodes: [
        ['node1', cm('4000', '10000')],
        ['node2', cm('4000', '10000')],
      ],
      existing: [on('node1', withSidecarReq(reqPod(cm('1000', '2000')), cm('1000', '2000'))), on('node2', reqPod(cm('1000', '2000')))],
      args: strategy('MostAllocated', defaultResources),
      want: [67, 45],
    },
    {
      name: 'test case for ScoringStrategy LeastAllocated with sidecar container',
      pod: reqPod(cm('1000', '2000')),
      nodes: [
        ['node1', cm('4000', '10000')],
        ['node2', cm('4000', '10000')],
      ],
      existing: [on('node1', withSidecarReq(reqPod(cm('1000', '2000')), cm('1000', '2000'))), on('node2', reqPod(cm('1000', '2000')))],
      args: strategy('LeastAllocated', defaultResources),
      want: [32, 55],
    },
  );
  for (const tc of cases) it(`"${tc.name}"`, () => expect(scores(tc)).toEqual(tc.want));
});

/** Cases shared in shape by least_allocated_test.go and most_allocated_test.go. */
function allocatedCases(type: 'LeastAllocated' | 'MostAllocated', want: Record<string, number[]>): ScoreCase[] {
  const two = (a: ResourceList, b: ResourceList): [string, ResourceList][] => [
    ['node1', a],
    ['node2', b],
  ];
  const big = (): Pod => reqPod(cm('1000', '2000'), cm('2000', '3000'));
  const res = (resources: unknown): Record<string, unknown> => strategy(type, resources);
  const all: ScoreCase[] = [
    { name: 'nothing scheduled, nothing requested', pod: reqPod(), nodes: two(cm('4000', '10000'), cm('4000', '10000')), args: res(defaultResources), want: [] },
    {
      name: 'nothing scheduled, resources requested, differently sized nodes',
      pod: big(),
      nodes: two(cm('4000', '10000'), cm('6000', '10000')),
      args: res(defaultResources),
      want: [],
    },
    {
      // Upstream builds the internal config with no resources and expects an Error status from
      // Score; through kubescheduler.config.k8s.io/v1 an empty list is defaulted to cpu+memory.
      name: 'Resources not set, pods scheduled with error (v1 defaulting: cpu+memory)',
      pod: big(),
      nodes: two(cm('4000', '10000'), cm('6000', '10000')),
      args: res([]),
      want: [],
    },
    {
      name: 'no resources requested, pods scheduled with resources',
      pod: reqPod(),
      nodes: two(cm('10000', '20000'), cm('10000', '20000')),
      existing: [
        on('node1', reqPod(cm('3000', '0'))),
        on('node1', reqPod(cm('3000', '0'))),
        on('node2', reqPod(cm('3000', '0'))),
        on('node2', reqPod(cm('3000', '5000'))),
      ],
      args: res(defaultResources),
      want: [],
    },
    {
      name: 'resources requested, pods scheduled with resources',
      pod: big(),
      nodes: two(cm('10000', '20000'), cm('10000', '20000')),
      existing: [on('node1', reqPod(cm('3000', '0'))), on('node2', reqPod(cm('3000', '5000')))],
      args: res(defaultResources),
      want: [],
    },
    {
      name: 'nothing scheduled, resources requested with different weight on CPU and memory, differently sized nodes',
      pod: big(),
      nodes: two(cm('4000', '10000'), cm('6000', '10000')),
      args: res([
        { name: 'memory', weight: 2 },
        { name: 'cpu', weight: 1 },
      ]),
      want: [],
    },
    {
      name: 'bypass extended resource if the pod does not request',
      pod: big(),
      nodes: two(cm('6000', '10000'), { ...cm('6000', '10000'), [extendedRes]: '4' }),
      args: res(extendedResourceSet),
      want: [],
    },
    {
      name: 'honor extended resource if the pod request',
      pod: reqPod({ ...cm('3000', '5000'), [extendedRes]: '2' }),
      nodes: two({ ...cm('6000', '10000'), [extendedRes]: '4' }, { ...cm('6000', '10000'), [extendedRes]: '10' }),
      args: res(extendedResourceSet),
      want: [],
    },
    {
      name: "if the node doesn't have a resource",
      pod: reqPod(cm('3000', '4000')),
      nodes: two(cm('6000', '10000'), { ...cm('6000', '10000'), [extendedRes]: '4' }),
      args: res([{ name: extendedRes, weight: 2 }, ...defaultResources]),
      want: [],
    },
  ];
  if (type === 'LeastAllocated') {
    all.push(
      {
        name: 'no resources requested, pods scheduled',
        pod: reqPod(),
        nodes: two(cm('4000', '10000'), cm('4000', '10000')),
        existing: [on('node1', reqPod()), on('node1', reqPod()), on('node2', reqPod()), on('node2', reqPod())],
        args: res(defaultResources),
        want: [],
      },
      {
        name: 'resources requested, pods scheduled with resources, differently sized nodes',
        pod: big(),
        nodes: two(cm('10000', '20000'), cm('10000', '50000')),
        existing: [on('node1', reqPod(cm('3000', '0'))), on('node2', reqPod(cm('3000', '5000')))],
        args: res(defaultResources),
        want: [],
      },
      {
        name: 'requested resources exceed node capacity',
        pod: reqPod(cm('3000', '0')),
        nodes: two(cm('4000', '10000'), cm('4000', '10000')),
        existing: [on('node1', reqPod(cm('3000', '0'))), on('node2', reqPod(cm('3000', '5000')))],
        args: res(defaultResources),
        want: [],
      },
      {
        name: 'zero node resources, pods scheduled with resources',
        pod: reqPod(),
        nodes: two({}, {}),
        existing: [on('node1', reqPod(cm('3000', '0'))), on('node2', reqPod(cm('3000', '5000')))],
        args: res(defaultResources),
        want: [],
      },
    );
  } else {
    all.push(
      {
        name: 'resources requested equal node capacity',
        pod: reqPod(cm('2000', '4000'), cm('3000', '5000')),
        nodes: two(cm('5000', '10000'), cm('10000', '9000')),
        args: res(defaultResources),
        want: [],
      },
      {
        name: 'no resources requested, pods scheduled, nonzero request for resource',
        pod: reqPod({}),
        nodes: two(cm('250m', '1000Mi'), cm('250m', '1000Mi')),
        existing: [on('node1', reqPod({})), on('node1', reqPod({}))],
        args: res(defaultResources),
        want: [],
      },
    );
  }
  for (const c of all) {
    const key = Object.keys(want).find((k) => c.name.startsWith(k));
    if (!key) throw new Error(`no expectation for ${c.name}`);
    c.want = want[key];
  }
  return all;
}

describe('least_allocated_test.go TestLeastAllocatedScoringStrategy', () => {
  const cases = allocatedCases('LeastAllocated', {
    'nothing scheduled, nothing requested': [100, 100],
    'nothing scheduled, resources requested, differently sized nodes': [37, 50],
    'Resources not set': [37, 50],
    'no resources requested, pods scheduled with resources': [70, 57],
    'no resources requested, pods scheduled': [100, 100],
    'resources requested, pods scheduled with resources, differently sized nodes': [57, 60],
    'resources requested, pods scheduled with resources': [57, 45],
    'requested resources exceed node capacity': [50, 25],
    'zero node resources, pods scheduled with resources': [0, 0],
    'nothing scheduled, resources requested with different weight': [41, 50],
    'bypass extended resource if the pod does not request': [50, 50],
    'honor extended resource if the pod request': [50, 60],
    "if the node doesn't have a resource": [55, 55],
  });
  for (const tc of cases) it(`"${tc.name}"`, () => expect(scores(tc)).toEqual(tc.want));

  it('"resource with negative weight" is rejected', () => {
    expect(() => newNodeResourcesFit(strategy('LeastAllocated', [{ name: 'memory', weight: -1 }, { name: 'cpu', weight: 1 }]), handle)).toThrow(
      /scoringStrategy\.resources\[0\]\.weight: Invalid value: -1/,
    );
  });
  it('"resource weight larger than MaxNodeScore" is rejected', () => {
    expect(() => newNodeResourcesFit(strategy('LeastAllocated', [{ name: 'memory', weight: 1 }, { name: 'cpu', weight: 101 }]), handle)).toThrow(
      /scoringStrategy\.resources\[1\]\.weight/,
    );
  });
  it('"resource with zero weight": v1 defaulting turns weight 0 into 1 (upstream tests the internal API, which rejects it)', () => {
    const tc: ScoreCase = {
      name: 'zero weight',
      pod: reqPod(cm('1000', '2000'), cm('2000', '3000')),
      nodes: [['node1', cm('4000', '10000')]],
      args: strategy('LeastAllocated', [{ name: 'memory', weight: 1 }, { name: 'cpu', weight: 0 }]),
      want: [37],
    };
    expect(scores(tc)).toEqual(tc.want);
  });
});

describe('most_allocated_test.go TestMostAllocatedScoringStrategy', () => {
  const cases = allocatedCases('MostAllocated', {
    'nothing scheduled, nothing requested': [0, 0],
    'nothing scheduled, resources requested, differently sized nodes': [62, 50],
    'Resources not set': [62, 50],
    'no resources requested, pods scheduled with resources': [30, 42],
    'no resources requested, pods scheduled, nonzero request for resource': [80, 30],
    'resources requested, pods scheduled with resources': [42, 55],
    'resources requested equal node capacity': [95, 75],
    'nothing scheduled, resources requested with different weight': [58, 50],
    'bypass extended resource if the pod does not request': [50, 50],
    'honor extended resource if the pod request': [50, 40],
    "if the node doesn't have a resource": [45, 45],
  });
  for (const tc of cases) it(`"${tc.name}"`, () => expect(scores(tc)).toEqual(tc.want));

  it('"resource with negative weight" is rejected', () => {
    expect(() => newNodeResourcesFit(strategy('MostAllocated', [{ name: 'memory', weight: -1 }, { name: 'cpu', weight: 1 }]), handle)).toThrow(
      /resources\[0\]\.weight/,
    );
  });
  it('"resource weight larger than MaxNodeScore" is rejected', () => {
    expect(() => newNodeResourcesFit(strategy('MostAllocated', [{ name: 'memory', weight: 101 }]), handle)).toThrow(/resources\[0\]\.weight/);
  });
});

describe('requested_to_capacity_ratio_test.go TestRequestedToCapacityRatioScoringStrategy', () => {
  const shape = [
    { utilization: 0, score: 10 },
    { utilization: 100, score: 0 },
  ];
  const cases: ScoreCase[] = [
    {
      name: 'nothing scheduled, nothing requested (default - least requested nodes have priority)',
      pod: reqPod(),
      nodes: [
        ['node1', cm('4000', '10000')],
        ['node2', cm('4000', '10000')],
      ],
      existing: [on('node1', reqPod()), on('node1', reqPod())],
      args: strategy('RequestedToCapacityRatio', defaultResources, shape),
      want: [100, 100],
    },
    {
      name: 'nothing scheduled, resources requested, differently sized nodes (default - least requested nodes have priority)',
      pod: reqPod(cm('1000', '2000'), cm('2000', '3000')),
      nodes: [
        ['node1', cm('4000', '10000')],
        ['node2', cm('6000', '10000')],
      ],
      existing: [on('node1', reqPod()), on('node1', reqPod())],
      args: strategy('RequestedToCapacityRatio', defaultResources, shape),
      want: [38, 50],
    },
    {
      name: 'no resources requested, pods scheduled with resources (default - least requested nodes have priority)',
      pod: reqPod(),
      nodes: [
        ['node1', cm('4000', '10000')],
        ['node2', cm('6000', '10000')],
      ],
      existing: [on('node1', reqPod(cm('3000', '5000'))), on('node2', reqPod(cm('3000', '5000')))],
      args: strategy('RequestedToCapacityRatio', defaultResources, shape),
      want: [38, 50],
    },
  ];
  for (const tc of cases) it(`"${tc.name}"`, () => expect(scores(tc)).toEqual(tc.want));
});

describe('requested_to_capacity_ratio_test.go TestBrokenLinearFunction', () => {
  const tests: { points: [number, number][]; assertions: [number, number][] }[] = [
    {
      points: [
        [10, 1],
        [90, 9],
      ],
      assertions: [
        [-10, 1],
        [0, 1],
        [9, 1],
        [10, 1],
        [15, 1],
        [19, 1],
        [20, 2],
        [89, 8],
        [90, 9],
        [99, 9],
        [100, 9],
        [110, 9],
      ],
    },
    {
      points: [
        [0, 2],
        [40, 10],
        [100, 0],
      ],
      assertions: [
        [-10, 2],
        [0, 2],
        [20, 6],
        [30, 8],
        [40, 10],
        [70, 5],
        [100, 0],
        [110, 0],
      ],
    },
    {
      points: [
        [0, 2],
        [40, 2],
        [100, 2],
      ],
      assertions: [
        [-10, 2],
        [0, 2],
        [20, 2],
        [30, 2],
        [40, 2],
        [70, 2],
        [100, 2],
        [110, 2],
      ],
    },
  ];
  tests.forEach((t, i) => {
    it(`case_${i}`, () => {
      const f = buildBrokenLinearFunction(t.points.map(([utilization, score]) => ({ utilization, score })));
      for (const [p, expected] of t.assertions) expect(f(p), `p=${p}`).toBe(expected);
    });
  });
  it('truncates toward zero on a falling segment (Go int64 division)', () => {
    // 10 + (0-10)*(50-40)/60 = 10 + trunc(-1.67) = 9, not 8
    const f = buildBrokenLinearFunction([
      { utilization: 40, score: 10 },
      { utilization: 100, score: 0 },
    ]);
    expect(f(50)).toBe(9);
  });
});

/** noderesources makeNode(name, milliCPU, memory, extended): capacity = allocatable. */
const resNode = (milliCPU: number, memory: number, extended: Record<string, number> = {}): ResourceList => ({
  cpu: `${milliCPU}m`,
  memory,
  ...extended,
});

describe('requested_to_capacity_ratio_test.go TestResourceBinPackingSingleExtended', () => {
  const nodes: [string, ResourceList][] = [
    ['node1', resNode(4000, 10000 * 1024 * 1024, { 'intel.com/foo': 8 })],
    ['node2', resNode(4000, 10000 * 1024 * 1024, { 'intel.com/foo': 4 })],
  ];
  const args = strategy('RequestedToCapacityRatio', [{ name: 'intel.com/foo', weight: 1 }], [
    { utilization: 0, score: 0 },
    { utilization: 100, score: 1 },
  ]);
  const cases: ScoreCase[] = [
    { name: 'nothing scheduled, nothing requested', pod: reqPod(), nodes, args, want: [0, 0] },
    { name: 'resources requested, pods scheduled with less resources', pod: reqPod({ 'intel.com/foo': '2' }), nodes, existing: [reqPod()], args, want: [2, 5] },
    {
      name: 'resources requested, pods scheduled with resources, on node with existing pod running ',
      pod: reqPod({ 'intel.com/foo': '2' }),
      nodes,
      existing: [on('node2', reqPod({ 'intel.com/foo': '2' }))],
      args,
      want: [2, 10],
    },
    { name: 'resources requested, pods scheduled with more resources', pod: reqPod({ 'intel.com/foo': '4' }), nodes, existing: [reqPod()], args, want: [5, 10] },
  ];
  for (const tc of cases) it(`"${tc.name}"`, () => expect(scores(tc)).toEqual(tc.want));
});

describe('requested_to_capacity_ratio_test.go TestResourceBinPackingMultipleExtended', () => {
  const nodes: [string, ResourceList][] = [
    ['node1', resNode(4000, 10000 * 1024 * 1024, { 'intel.com/foo': 8, 'intel.com/bar': 4 })],
    ['node2', resNode(4000, 10000 * 1024 * 1024, { 'intel.com/foo': 4, 'intel.com/bar': 8 })],
  ];
  const args = strategy(
    'RequestedToCapacityRatio',
    [
      { name: 'intel.com/foo', weight: 3 },
      { name: 'intel.com/bar', weight: 5 },
    ],
    [
      { utilization: 0, score: 0 },
      { utilization: 100, score: 1 },
    ],
  );
  const pod1 = (): Pod => reqPod({ 'intel.com/foo': '2', 'intel.com/bar': '2' });
  const pod2 = (): Pod => reqPod({ 'intel.com/foo': '4', 'intel.com/bar': '2' });
  const cases: ScoreCase[] = [
    { name: 'nothing scheduled, nothing requested', pod: reqPod(), nodes, args, want: [0, 0] },
    { name: 'resources requested, pods scheduled with less resources', pod: pod1(), nodes, existing: [reqPod()], args, want: [4, 3] },
    {
      name: 'resources requested, pods scheduled with resources, on node with existing pod running ',
      pod: pod1(),
      nodes,
      existing: [on('node2', pod2())],
      args,
      want: [4, 7],
    },
    { name: 'resources requested, pods scheduled with more resources', pod: pod2(), nodes, existing: [reqPod()], args, want: [5, 5] },
  ];
  for (const tc of cases) it(`"${tc.name}"`, () => expect(scores(tc)).toEqual(tc.want));
});

describe('NodeResourcesFit args (validation_pluginargs.go ValidateNodeResourcesFitArgs, v1 defaults)', () => {
  it('defaults to LeastAllocated over cpu and memory', () => {
    const tc: ScoreCase = {
      name: 'defaults',
      pod: reqPod(cm('1000', '2000'), cm('2000', '3000')),
      nodes: [
        ['node1', cm('4000', '10000')],
        ['node2', cm('6000', '10000')],
      ],
      args: {},
      want: [37, 50],
    };
    expect(scores(tc)).toEqual(tc.want);
  });
  it('rejects an unknown strategy, a bad shape and a resource group with "/"', () => {
    expect(() => newNodeResourcesFit({ scoringStrategy: { type: 'Foo' } }, handle)).toThrow(/scoringStrategy\.type: Unsupported value/);
    expect(() => newNodeResourcesFit({ scoringStrategy: { type: 'RequestedToCapacityRatio' } }, handle)).toThrow(/shape/);
    expect(() =>
      newNodeResourcesFit(
        strategy('RequestedToCapacityRatio', defaultResources, [
          { utilization: 50, score: 1 },
          { utilization: 40, score: 2 },
        ]),
        handle,
      ),
    ).toThrow(/values must be sorted in increasing order/);
    expect(() => newNodeResourcesFit(strategy('RequestedToCapacityRatio', defaultResources, [{ utilization: 10, score: 11 }]), handle)).toThrow(
      /score: Invalid value: 11/,
    );
    expect(() => newNodeResourcesFit({ ignoredResourceGroups: ['example.com/aaa'] }, handle)).toThrow(/can't contain '\/'/);
    expect(() => newNodeResourcesFit({ bogus: 1 }, handle)).toThrow(/unknown field "bogus"/);
    expect(newNodeResourcesFit({ apiVersion: 'kubescheduler.config.k8s.io/v1', kind: 'NodeResourcesFitArgs' }, handle).name).toBe(NAME);
  });
});
