/**
 * Pod request vectors: tables ported from component-helpers resource/helpers_test.go (v0.35.7),
 * pkg/scheduler/util/pod_resources_test.go, pkg/scheduler/framework/types_test.go
 * (TestPodInfoCalculateResources, pod-level and non-DRA cases) and
 * noderesources/resource_allocation_test.go, plus cases derived from the v1.35 sources
 * (API defaulting, the two non-zero variants, exact summation).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compareQuantities, formatQuantity, parseQuantity } from '../../src/model/quantity.ts';
import {
  DEFAULT_MEMORY_REQUEST,
  DEFAULT_MILLI_CPU_REQUEST,
  emptyResource,
  isExtendedResourceName,
  isScalarResourceName,
  isSupportedPodLevelResource,
  podRequestQuantities,
  podRequests,
  resourceFromList,
  type PodRequestsOptions,
  type Resource,
} from '../../src/model/resources.ts';
import type { Container, Pod, ResourceList, ResourceRequirements } from '../../src/model/types.ts';

interface PodParts {
  containers?: Container[];
  initContainers?: Container[];
  overhead?: ResourceList;
  resources?: ResourceRequirements;
}

const pod = (parts: PodParts): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', namespace: 'default' },
  spec: {
    containers: parts.containers ?? [],
    ...(parts.initContainers ? { initContainers: parts.initContainers } : {}),
    ...(parts.overhead ? { overhead: parts.overhead } : {}),
    ...(parts.resources ? { resources: parts.resources } : {}),
  },
});

let seq = 0;
/** A container with requests (and optionally limits). */
const c = (requests?: ResourceList, limits?: ResourceList): Container => ({
  name: `c${seq++}`,
  resources: { ...(requests ? { requests } : {}), ...(limits ? { limits } : {}) },
});
/** A restartable (sidecar) init container. */
const sidecar = (requests: ResourceList): Container => ({ ...c(requests), restartPolicy: 'Always' });

/** Asserts the exact request list: same names, equal quantities. */
function expectList(got: Map<string, unknown>, want: ResourceList): void {
  const shown: Record<string, string> = {};
  for (const [k, v] of got) shown[k] = formatQuantity(v as Parameters<typeof formatQuantity>[0]);
  expect(Object.keys(shown).sort(), JSON.stringify(shown)).toEqual(Object.keys(want).sort());
  for (const k of Object.keys(want)) {
    const g = got.get(k) as Parameters<typeof formatQuantity>[0];
    expect(compareQuantities(g, parseQuantity(want[k])), `${k}: got ${shown[k]}, want ${want[k]}`).toBe(0);
  }
}

const res = (r: Partial<Resource>): Resource => ({ ...emptyResource(), ...r, scalar: { ...(r.scalar ?? {}) } });

// ---------------------------------------------------------------------------------------------

describe('helpers_test.go TestPodRequestsAndLimits (requests)', () => {
  /** upstream getPod: one container and one init container with the same resources, plus overhead. */
  const getPod = (r: { cpuRequest?: string; cpuLimit?: string; memoryRequest?: string; memoryLimit?: string; cpuOverhead?: string; memoryOverhead?: string }): Pod => {
    const requests: ResourceList = {};
    const limits: ResourceList = {};
    const overhead: ResourceList = {};
    if (r.cpuLimit) limits.cpu = r.cpuLimit;
    if (r.memoryLimit) limits.memory = r.memoryLimit;
    if (r.cpuRequest) requests.cpu = r.cpuRequest;
    if (r.memoryRequest) requests.memory = r.memoryRequest;
    if (r.cpuOverhead) overhead.cpu = r.cpuOverhead;
    if (r.memoryOverhead) overhead.memory = r.memoryOverhead;
    return pod({ containers: [c(requests, limits)], initContainers: [c(requests, limits)], overhead });
  };
  const cases: [string, Pod, ResourceList][] = [
    ['just-limit-no-overhead', getPod({ cpuLimit: '9' }), {}],
    ['just-overhead', getPod({ cpuOverhead: '5', memoryOverhead: '5' }), { cpu: '5', memory: '5' }],
    ['req-and-overhead', getPod({ cpuRequest: '1', memoryRequest: '10', cpuOverhead: '5', memoryOverhead: '5' }), { cpu: '6', memory: '15' }],
    [
      'all-req-lim-and-overhead',
      getPod({ cpuRequest: '1', cpuLimit: '2', memoryRequest: '10', memoryLimit: '12', cpuOverhead: '5', memoryOverhead: '5' }),
      { cpu: '6', memory: '15' },
    ],
    ['req-some-lim-and-overhead', getPod({ cpuRequest: '1', cpuLimit: '2', memoryRequest: '10', cpuOverhead: '5', memoryOverhead: '5' }), { cpu: '6', memory: '15' }],
  ];
  it.each(cases)('%s (as PodRequests sees an undefaulted pod)', (_name, p, want) => {
    expectList(podRequestQuantities(p, { apiDefaulting: false }), want);
  });
  it('just-limit-no-overhead: after API defaulting the limit becomes the request (SetDefaults_Pod)', () => {
    expectList(podRequestQuantities(getPod({ cpuLimit: '9' })), { cpu: '9' });
    expect(podRequests(getPod({ cpuLimit: '9' }))).toEqual(res({ milliCPU: 9000 }));
  });
  it('req-some-lim-and-overhead: limits of requested names do not change requests', () => {
    expectList(podRequestQuantities(cases[4][1]), { cpu: '6', memory: '15' });
  });
});

describe('helpers_test.go TestPodRequestsAndLimitsWithoutOverhead (requests, ExcludeOverhead)', () => {
  const two = (): Container[] => [c({ cpu: '1', memory: '5' }, { cpu: '2', memory: '10' }), c({ cpu: '4', memory: '12' }, { cpu: '8', memory: '24' })];
  it.each([
    ['two container no overhead - should just be sum of containers', pod({ containers: two() }), { cpu: '5', memory: '17' }],
    ['two container with overhead - shouldn\'t consider overhead', pod({ containers: two(), overhead: { cpu: '3', memory: '8' } }), { cpu: '5', memory: '17' }],
    [
      'two container with overhead, massive init - should just be the largest init',
      pod({
        containers: two(),
        overhead: { cpu: '3', memory: '8' },
        initContainers: [c({ cpu: '1', memory: '5' }, { cpu: '1', memory: '5' }), c({ cpu: '40', memory: '120' }, { cpu: '80', memory: '240' })],
      }),
      { cpu: '40', memory: '120' },
    ],
  ] as const)('%s', (_name, p, want) => {
    expectList(podRequestQuantities(p, { excludeOverhead: true }), want);
  });
});

describe('helpers_test.go TestPodResourceRequests (cases without status resources)', () => {
  // The "resized ..." cases read container status (InPlacePodVerticalScaling), which kubesim does not model.
  const cases: [string, PodParts, PodRequestsOptions, ResourceList][] = [
    ['nil options, larger init container', { initContainers: [c({ cpu: '4' })], containers: [c({ cpu: '1' })] }, {}, { cpu: '4' }],
    ['nil options, larger containers', { initContainers: [c({ cpu: '2' })], containers: [c({ cpu: '2' }), c({ cpu: '3' })] }, {}, { cpu: '5' }],
    [
      'pod overhead excluded',
      { overhead: { cpu: '1' }, initContainers: [c({ cpu: '2' })], containers: [c({ cpu: '2' }), c({ cpu: '3' })] },
      { excludeOverhead: true },
      { cpu: '5' },
    ],
    [
      'pod overhead included',
      { overhead: { cpu: '1', memory: '1Gi' }, initContainers: [c({ cpu: '2' }, { cpu: '2' })], containers: [c({ cpu: '2' }), c({ cpu: '3' })] },
      {},
      { cpu: '6', memory: '1Gi' },
    ],
    ['restartable init container', { initContainers: [sidecar({ cpu: '1' })], containers: [c({ cpu: '1' })] }, {}, { cpu: '2' }],
    [
      'multiple restartable init containers',
      { initContainers: [c({ cpu: '5' }), sidecar({ cpu: '1' }), sidecar({ cpu: '2' }), sidecar({ cpu: '3' })], containers: [c({ cpu: '1' })] },
      {},
      { cpu: '7' }, // max(5, sidecars 3+2+1 + regular 1)
    ],
    [
      'multiple restartable and regular init containers',
      { initContainers: [c({ cpu: '5' }), sidecar({ cpu: '1' }), sidecar({ cpu: '2' }), c({ cpu: '5' }), sidecar({ cpu: '3' })], containers: [c({ cpu: '1' })] },
      {},
      { cpu: '8' }, // init-2 needs 5 + the sidecars before it (1+2)
    ],
    ['restartable-init, init and regular', { initContainers: [sidecar({ cpu: '10' }), c({ cpu: '200' })], containers: [c({ cpu: '100' })] }, {}, { cpu: '210' }],
  ];
  it.each(cases)('%s', (_name, parts, opts, want) => {
    expectList(podRequestQuantities(pod(parts), opts), want);
  });
  it('"multiple restartable init containers" in scheduler units', () => {
    expect(podRequests(pod(cases[5][1]))).toEqual(res({ milliCPU: 7000 }));
  });
});

describe('helpers_test.go TestPodLevelResourceRequests', () => {
  const cases: [string, PodParts, PodRequestsOptions, ResourceList][] = [
    ['nil', {}, {}, {}],
    ['pod level memory resource with SkipPodLevelResources true', { resources: { requests: { memory: '2Mi' } } }, { skipPodLevelResources: true }, {}],
    ['pod level memory resource with SkipPodLevelResources false', { resources: { requests: { memory: '2Mi' } } }, {}, { memory: '2Mi' }],
    [
      'pod level memory and container level cpu resources with SkipPodLevelResources false',
      { resources: { requests: { memory: '2Mi' } }, containers: [c({ cpu: '2m' })] },
      {},
      { memory: '2Mi', cpu: '2m' },
    ],
    [
      'pod level unsupported resources set at both pod-level and container-level with SkipPodLevelResources false',
      { resources: { requests: { storage: '2Mi' } }, containers: [c({ storage: '3Mi' })] },
      {},
      { storage: '3Mi' },
    ],
    [
      'pod level unsupported resources set at pod-level with SkipPodLevelResources false',
      { resources: { requests: { storage: '2Mi' } }, containers: [c({ memory: '3Mi' })] },
      {},
      { memory: '3Mi' },
    ],
    ['only container level resources set with SkipPodLevelResources false', { containers: [c({ memory: '3Mi', cpu: '2m' })] }, {}, { memory: '3Mi', cpu: '2m' }],
    [
      'both container-level and pod-level resources set with SkipPodLevelResources false',
      { resources: { requests: { memory: '6Mi', cpu: '8m' } }, containers: [c({ memory: '3Mi', cpu: '2m' })] },
      {},
      { memory: '6Mi', cpu: '8m' },
    ],
    [
      'container-level resources and init container set with SkipPodLevelResources false',
      { containers: [c({ memory: '3Mi', cpu: '2m' })], initContainers: [c({ memory: '5Mi', cpu: '4m' })] },
      {},
      { memory: '5Mi', cpu: '4m' },
    ],
    [
      'container-level resources and init container set with SkipPodLevelResources true',
      { containers: [c({ memory: '3Mi', cpu: '2m' })], initContainers: [c({ memory: '5Mi', cpu: '4m' })] },
      { skipPodLevelResources: true },
      { memory: '5Mi', cpu: '4m' },
    ],
    [
      'container-level resources and sidecar container set with SkipPodLevelResources false',
      { containers: [c({ memory: '3Mi', cpu: '2m' })], initContainers: [sidecar({ memory: '5Mi', cpu: '4m' })] },
      {},
      { memory: '8Mi', cpu: '6m' },
    ],
    [
      'container-level resources, init and sidecar container set with SkipPodLevelResources false',
      { containers: [c({ memory: '3Mi', cpu: '2m' })], initContainers: [sidecar({ memory: '5Mi', cpu: '4m' }), c({ memory: '6Mi', cpu: '8m' })] },
      {},
      { memory: '11Mi', cpu: '12m' },
    ],
    [
      'pod-level resources, container-level resources, init and sidecar container set with SkipPodLevelResources false',
      {
        resources: { requests: { memory: '15Mi', cpu: '18m' } },
        containers: [c({ memory: '3Mi', cpu: '2m' })],
        initContainers: [sidecar({ memory: '5Mi', cpu: '4m' }), c({ memory: '6Mi', cpu: '8m' })],
      },
      {},
      { memory: '15Mi', cpu: '18m' },
    ],
    [
      'pod-level resources, hugepage request/limit single page size',
      { resources: { limits: { 'hugepages-2Mi': '2Mi' }, requests: { memory: '10Mi', 'hugepages-2Mi': '2Mi' } } },
      {},
      { memory: '10Mi', 'hugepages-2Mi': '2Mi' },
    ],
    [
      'pod-level resources, hugepage request/limit multiple page sizes',
      { resources: { limits: { 'hugepages-2Mi': '2Mi', 'hugepages-1Gi': '1Gi' }, requests: { cpu: '1', 'hugepages-2Mi': '2Mi', 'hugepages-1Gi': '1Gi' } } },
      {},
      { cpu: '1', 'hugepages-2Mi': '2Mi', 'hugepages-1Gi': '1Gi' },
    ],
    [
      'pod-level resources, container-level resources, hugepage request/limit single page size',
      {
        resources: { limits: { 'hugepages-2Mi': '10Mi' }, requests: { cpu: '1', 'hugepages-2Mi': '10Mi' } },
        containers: [c({ 'hugepages-2Mi': '6Mi' }, { 'hugepages-2Mi': '6Mi' })],
      },
      {},
      { cpu: '1', 'hugepages-2Mi': '10Mi' },
    ],
    [
      'pod-level resources, container-level resources, hugepage request/limit multiple page sizes',
      {
        resources: { limits: { 'hugepages-2Mi': '10Mi', 'hugepages-1Gi': '2Gi' }, requests: { cpu: '1', 'hugepages-2Mi': '10Mi', 'hugepages-1Gi': '2Gi' } },
        containers: [c({ cpu: '1', 'hugepages-1Gi': '2Gi' }, { 'hugepages-1Gi': '2Gi' })],
      },
      {},
      { cpu: '1', 'hugepages-2Mi': '10Mi', 'hugepages-1Gi': '2Gi' },
    ],
    [
      'pod-level resources, container-level resources, hugepage request/limit multiple page sizes between pod-level and container-level',
      {
        resources: { limits: { 'hugepages-2Mi': '10Mi' }, requests: { cpu: '1', 'hugepages-2Mi': '10Mi' } },
        containers: [c({ memory: '4Mi', 'hugepages-1Gi': '1Gi' }, { 'hugepages-1Gi': '1Gi' })],
      },
      {},
      { cpu: '1', memory: '4Mi', 'hugepages-2Mi': '10Mi', 'hugepages-1Gi': '1Gi' },
    ],
  ];
  it.each(cases)('%s', (_name, parts, opts, want) => {
    // These pods are already in defaulted form, so API defaulting changes nothing.
    expectList(podRequestQuantities(pod(parts), { ...opts, apiDefaulting: false }), want);
    expectList(podRequestQuantities(pod(parts), opts), want);
  });
  it('"storage" is listed but not tracked by the scheduler (Resource.Add drops non-scalar names)', () => {
    expect(podRequests(pod(cases[4][1]))).toEqual(res({}));
  });
});

describe('helpers_test.go TestIsSupportedPodLevelResource', () => {
  it.each([
    ['cpu', true],
    ['memory', true],
    ['ephemeral-storage', false],
    ['hugepages-2Mi', true],
    ['hugepages-1Gi', true],
  ] as const)('%s → %s', (name, want) => {
    expect(isSupportedPodLevelResource(name)).toBe(want);
  });
});

describe('helpers_test.go TestAggregateContainerRequestsAndLimits (requests, cases without status)', () => {
  it.each([
    ['one container with limits', { containers: [c(undefined, { cpu: '9' })] }, {}],
    ['two containers with limits', { containers: [c(undefined, { cpu: '9' }), c(undefined, { cpu: '9' })] }, {}],
    ['one container with requests', { containers: [c({ cpu: '9' })] }, { cpu: '9' }],
    ['two containers with requests', { containers: [c({ cpu: '9' }), c({ cpu: '9' })] }, { cpu: '18' }],
    ['regular and init containers with requests', { containers: [c({ cpu: '9' })], initContainers: [c({ cpu: '9' })] }, { cpu: '9' }],
    ['regular, init and sidecar containers with requests', { containers: [c({ cpu: '9' })], initContainers: [sidecar({ cpu: '8' }), c({ cpu: '6' })] }, { cpu: '17' }],
    ['regular and init containers with limits', { containers: [c(undefined, { cpu: '9' })], initContainers: [c(undefined, { cpu: '9' })] }, {}],
  ] as [string, PodParts, ResourceList][])('%s', (_name, parts, want) => {
    expectList(podRequestQuantities(pod(parts), { apiDefaulting: false }), want);
  });
  it('with API defaulting, limits-only containers request their limits', () => {
    expectList(podRequestQuantities(pod({ containers: [c(undefined, { cpu: '9' }), c(undefined, { cpu: '9' })] })), { cpu: '18' });
    expectList(podRequestQuantities(pod({ containers: [c(undefined, { cpu: '9' })], initContainers: [sidecar({}), c(undefined, { cpu: '6' })] })), { cpu: '9' });
  });
});

// ---------------------------------------------------------------------------------------------
// Scheduler: non-zero requests

describe('pod_resources_test.go TestGetNonZeroRequest (one container, NodeInfo variant)', () => {
  it.each([
    ['cpu_and_memory_not_found', {}, DEFAULT_MILLI_CPU_REQUEST, DEFAULT_MEMORY_REQUEST],
    ['only_cpu_exist', { cpu: '200m' }, 200, DEFAULT_MEMORY_REQUEST],
    ['only_memory_exist', { memory: '400Mi' }, DEFAULT_MILLI_CPU_REQUEST, 400 * 1024 * 1024],
    ['cpu_memory_exist', { cpu: '200m', memory: '400Mi' }, 200, 400 * 1024 * 1024],
  ] as [string, ResourceList, number, number][])('%s', (_name, requests, cpu, memory) => {
    for (const mode of [true, 'nodeInfo', 'scoring'] as const) {
      const r = podRequests(pod({ containers: [c(requests)] }), { nonZeroDefaults: mode });
      expect([r.milliCPU, r.memory]).toEqual([cpu, memory]);
    }
  });
});

describe('pod_resources_test.go TestGetRequestForResource (one container)', () => {
  it.each([
    ['extended_resource_not_found', {}, 'intel.com/foo', 0, true],
    ['extended_resource_found', { 'intel.com/foo': '4' }, 'intel.com/foo', 4, true],
    ['cpu_not_found', {}, 'cpu', DEFAULT_MILLI_CPU_REQUEST, true],
    ['memory_not_found', {}, 'memory', DEFAULT_MEMORY_REQUEST, true],
    ['cpu_exist', { cpu: '200m' }, 'cpu', 200, true],
    ['memory_exist', { memory: '400Mi' }, 'memory', 400 * 1024 * 1024, true],
    ['ephemeralStorage_exist', { 'ephemeral-storage': '400Mi' }, 'ephemeral-storage', 400 * 1024 * 1024, true],
    ['ephemeralStorage_not_found', {}, 'ephemeral-storage', 0, true],
    ['cpu_not_found, useRequested is true', {}, 'cpu', 0, false],
    ['memory_not_found, useRequested is true', {}, 'memory', 0, false],
  ] as [string, ResourceList, string, number, boolean][])('%s', (_name, requests, name, want, nonZero) => {
    const r = podRequests(pod({ containers: [c(requests)] }), { nonZeroDefaults: nonZero });
    const got = name === 'cpu' ? r.milliCPU : name === 'memory' ? r.memory : name === 'ephemeral-storage' ? r.ephemeralStorage : (r.scalar[name] ?? 0);
    expect(got).toBe(want);
  });
});

describe('types_test.go TestPodInfoCalculateResources (Resource and NonZeroRequested; non-DRA cases)', () => {
  const cpu500m = '500m';
  const mem500M = '500Mi';
  const cpu700m = '700m';
  const mem800M = '800Mi';
  const cpu1200m = '1200m';
  const mem1200M = '1200Mi';
  const Mi = 1024 * 1024;
  const cases: [string, PodParts, Resource, number, number][] = [
    ['requestless container', { containers: [c()] }, res({}), DEFAULT_MILLI_CPU_REQUEST, DEFAULT_MEMORY_REQUEST],
    ['1X container with requests', { containers: [c({ cpu: cpu500m, memory: mem500M })] }, res({ milliCPU: 500, memory: 500 * Mi }), 500, 500 * Mi],
    [
      '2X container with requests',
      { containers: [c({ cpu: cpu500m, memory: mem500M }), c({ cpu: cpu700m, memory: mem800M })] },
      res({ milliCPU: 1200, memory: 1300 * Mi }),
      1200,
      1300 * Mi,
    ],
    [
      '1X container and 1X init container with pod-level requests',
      { initContainers: [c({ cpu: cpu500m, memory: mem500M })], containers: [c({ cpu: cpu500m, memory: mem500M })], resources: { requests: { cpu: cpu1200m, memory: mem1200M } } },
      res({ milliCPU: 1200, memory: 1200 * Mi }),
      1200,
      1200 * Mi,
    ],
    [
      '1X container and 1X sidecar container with pod-level requests',
      { initContainers: [sidecar({ cpu: cpu500m, memory: mem500M })], containers: [c({ cpu: cpu500m, memory: mem500M })], resources: { requests: { cpu: cpu1200m, memory: mem1200M } } },
      res({ milliCPU: 1200, memory: 1200 * Mi }),
      1200,
      1200 * Mi,
    ],
    [
      '1X container with pod-level memory requests',
      { initContainers: [c()], containers: [c()], resources: { requests: { memory: mem1200M } } },
      res({ memory: 1200 * Mi }),
      DEFAULT_MILLI_CPU_REQUEST,
      1200 * Mi,
    ],
    [
      '1X container with pod-level cpu requests',
      { initContainers: [c()], containers: [c()], resources: { requests: { cpu: cpu500m } } },
      res({ milliCPU: 500 }),
      500,
      DEFAULT_MEMORY_REQUEST,
    ],
    [
      '1X container unsupported resources and pod-level supported resources',
      { initContainers: [c({ 'ephemeral-storage': mem500M })], containers: [c({ 'ephemeral-storage': mem800M })], resources: { requests: { cpu: cpu500m } } },
      res({ milliCPU: 500, ephemeralStorage: 800 * Mi }),
      500,
      DEFAULT_MEMORY_REQUEST,
    ],
  ];
  it.each(cases)('%s', (_name, parts, want, non0CPU, non0Mem) => {
    const p = pod(parts);
    expect(podRequests(p)).toEqual(want);
    const non0 = podRequests(p, { nonZeroDefaults: 'nodeInfo' });
    expect([non0.milliCPU, non0.memory]).toEqual([non0CPU, non0Mem]);
    expect(podRequests(p, { nonZeroDefaults: true })).toEqual(non0);
  });
  it('with the PodLevelResources gate off, pod-level requests are ignored and both defaults apply', () => {
    const p = pod({ initContainers: [c()], containers: [c()], resources: { requests: { memory: mem1200M } } });
    expect(podRequests(p, { skipPodLevelResources: true })).toEqual(res({}));
    const non0 = podRequests(p, { skipPodLevelResources: true, nonZeroDefaults: 'nodeInfo' });
    expect([non0.milliCPU, non0.memory]).toEqual([DEFAULT_MILLI_CPU_REQUEST, DEFAULT_MEMORY_REQUEST]);
  });
});

describe('resource_allocation_test.go TestResourceAllocationScorerCalculateRequests (scoring variant)', () => {
  const oneMi = 1048576;
  it.each([
    ['overhead only', { overhead: { cpu: '1', memory: '1Mi' } }, 1000, oneMi],
    ['1x requestless container', { containers: [c()] }, DEFAULT_MILLI_CPU_REQUEST, DEFAULT_MEMORY_REQUEST],
    ['2x requestless container', { containers: [c(), c()] }, 2 * DEFAULT_MILLI_CPU_REQUEST, 2 * DEFAULT_MEMORY_REQUEST],
    ['request container + requestless container', { containers: [c({ cpu: '1', memory: '1Mi' }), c()] }, 1000 + DEFAULT_MILLI_CPU_REQUEST, oneMi + DEFAULT_MEMORY_REQUEST],
    [
      'container + requestless container + overhead',
      { overhead: { cpu: '1', memory: '1Mi' }, containers: [c({ cpu: '1', memory: '1Mi' }), c()] },
      2000 + DEFAULT_MILLI_CPU_REQUEST,
      2 * oneMi + DEFAULT_MEMORY_REQUEST,
    ],
    [
      'init container + container + requestless container + overhead',
      { overhead: { cpu: '1', memory: '1Mi' }, initContainers: [c({ cpu: '3' })], containers: [c({ cpu: '1', memory: '1Mi' }), c()] },
      4000,
      2 * oneMi + DEFAULT_MEMORY_REQUEST,
    ],
    [
      'requestless init container + small init container + small container ',
      { initContainers: [c(), c({ cpu: '1m', memory: '1' })], containers: [c({ cpu: '3m', memory: '3' })] },
      DEFAULT_MILLI_CPU_REQUEST,
      DEFAULT_MEMORY_REQUEST,
    ],
    [
      'requestless init container + small init container + small container + requestless container ',
      { initContainers: [c(), c({ cpu: '1m', memory: '1' })], containers: [c({ cpu: '3m', memory: '3' }), c()] },
      3 + DEFAULT_MILLI_CPU_REQUEST,
      3 + DEFAULT_MEMORY_REQUEST,
    ],
  ] as [string, PodParts, number, number][])('%s', (_name, parts, cpu, memory) => {
    const r = podRequests(pod(parts), { nonZeroDefaults: 'scoring' });
    expect([r.milliCPU, r.memory]).toEqual([cpu, memory]);
  });
});

describe('the two non-zero variants with pod-level requests (derived from v1.35 calculateResource / calculatePodResourceRequest)', () => {
  // Pod-level memory only; one container requests cpu, the other does not.
  const p = pod({ resources: { requests: { memory: '1Gi' } }, containers: [c({ cpu: '500m' }), c()] });
  it('NodeInfo counts no default cpu because the pod requests cpu somewhere', () => {
    const r = podRequests(p, { nonZeroDefaults: 'nodeInfo' });
    expect([r.milliCPU, r.memory]).toEqual([500, 1024 ** 3]);
  });
  it('the scorer offers the default to the container without cpu', () => {
    const r = podRequests(p, { nonZeroDefaults: 'scoring' });
    expect([r.milliCPU, r.memory]).toEqual([600, 1024 ** 3]);
  });
  it('overhead cpu alone also suppresses the NodeInfo cpu default', () => {
    const q = pod({ resources: { requests: { memory: '1Gi' } }, overhead: { cpu: '50m' }, containers: [c()] });
    expect(podRequests(q, { nonZeroDefaults: 'nodeInfo' }).milliCPU).toBe(50);
    expect(podRequests(q, { nonZeroDefaults: 'scoring' }).milliCPU).toBe(150);
  });
  it('without pod-level requests both variants agree', () => {
    const q = pod({ containers: [c({ cpu: '500m' }), c()], initContainers: [c({ memory: '1Gi' })], overhead: { memory: '10Mi' } });
    expect(podRequests(q, { nonZeroDefaults: 'nodeInfo' })).toEqual(podRequests(q, { nonZeroDefaults: 'scoring' }));
    expect(podRequests(q, { nonZeroDefaults: 'nodeInfo' })).toEqual(res({ milliCPU: 600, memory: 1024 ** 3 + 10 * 1024 ** 2 }));
  });
  it('an explicit 0 is not missing (GetRequestForResource: "not if explicitly set to zero")', () => {
    const r = podRequests(pod({ containers: [c({ cpu: '0', memory: '0' })] }), { nonZeroDefaults: true });
    expect([r.milliCPU, r.memory]).toEqual([0, 0]);
  });
  it('a pod without containers requests 0 even with defaults', () => {
    expect(podRequests(pod({}), { nonZeroDefaults: 'scoring' })).toEqual(res({}));
  });
});

describe('API defaulting of pod-level requests (v1.35 defaults.go defaultPodRequests)', () => {
  it('pod-level limits without requests: the request becomes the limit when no container requests it', () => {
    const p = pod({ resources: { limits: { cpu: '2', memory: '1Gi' } }, containers: [c()] });
    expect(podRequests(p)).toEqual(res({ milliCPU: 2000, memory: 1024 ** 3 }));
    expect(podRequests(p, { apiDefaulting: false })).toEqual(res({}));
  });
  it('pod-level limits: a request missing at pod level takes the containers\' aggregate', () => {
    const p = pod({ resources: { limits: { cpu: '2' } }, containers: [c({ cpu: '500m' }), c()] });
    expectList(podRequestQuantities(p), { cpu: '500m' });
    // the defaulted pod-level cpu request makes pod-level requests "set", so NodeInfo adds no cpu default
    expect(podRequests(p, { nonZeroDefaults: 'nodeInfo' }).milliCPU).toBe(500);
    expect(podRequests(p, { nonZeroDefaults: 'nodeInfo' }).memory).toBe(2 * DEFAULT_MEMORY_REQUEST);
    expect(podRequests(p, { nonZeroDefaults: 'nodeInfo', apiDefaulting: false }).milliCPU).toBe(600);
  });
  it('pod-level requests only (no limits): nothing is defaulted at pod level', () => {
    const p = pod({ resources: { requests: { cpu: '1' } }, containers: [c({ memory: '64Mi' })] });
    expectList(podRequestQuantities(p), { cpu: '1', memory: '64Mi' });
  });
  it('container limits default requests for init and sidecar containers too', () => {
    const p = pod({ initContainers: [{ ...c(undefined, { cpu: '1' }), restartPolicy: 'Always' }, c(undefined, { cpu: '3' })], containers: [c(undefined, { cpu: '1' })] });
    expectList(podRequestQuantities(p), { cpu: '4' }); // max(1 + 1, 3 + 1)
  });
});

describe('exact quantity arithmetic (PodRequests sums Quantities; the scheduler rounds once)', () => {
  it('two containers of 0.5m cpu: 1m as written, 2m once the API server rounded each to milli scale', () => {
    const p = pod({ containers: [c({ cpu: '0.5m' }), c({ cpu: '0.5m' })] });
    expect(podRequests(p, { apiDefaulting: false }).milliCPU).toBe(1);
    expect(podRequests(p).milliCPU).toBe(2); // SetDefaults_ResourceList: RoundUp(Milli) per list
    expect(podRequests(pod({ containers: [c({ cpu: '0.5m' })] })).milliCPU).toBe(1);
  });
  it('fractional bytes are summed before Value() rounds up (milli rounding keeps 0.5)', () => {
    const p = pod({ containers: [c({ memory: '0.5' }), c({ memory: '0.5' }), c({ memory: '0.5' })] });
    expect(podRequests(p).memory).toBe(2);
    expect(podRequests(p, { apiDefaulting: false }).memory).toBe(2);
    expectList(podRequestQuantities(pod({ containers: [c({ memory: '0.0001' }), c({ memory: '0.0001' })] })), { memory: '2m' });
    expectList(podRequestQuantities(pod({ containers: [c({ memory: '0.0001' }), c({ memory: '0.0001' })] }), { apiDefaulting: false }), { memory: '200u' });
  });
  it('max of init containers compares exact values', () => {
    const p = pod({ containers: [c({ cpu: '0.0003m' })], initContainers: [c({ cpu: '1.0006m' })] });
    expectList(podRequestQuantities(p, { apiDefaulting: false }), { cpu: '1.0006m' });
    expect(podRequests(p, { apiDefaulting: false }).milliCPU).toBe(2);
    expectList(podRequestQuantities(p), { cpu: '2m' });
  });
  it('pod-level requests defaulted from containers use the values before rounding (defaultPodRequests runs first)', () => {
    const p = pod({ resources: { limits: { cpu: '1' } }, containers: [c({ cpu: '0.5m' }), c({ cpu: '0.5m' })] });
    expectList(podRequestQuantities(p), { cpu: '1m' });
    // overhead and pod-level lists are rounded too
    expectList(podRequestQuantities(pod({ resources: { requests: { cpu: '0.1m' } }, overhead: { cpu: '0.1m' } })), { cpu: '2m' });
  });
  it('property: podRequests equals rounding the exact request list (with and without API defaulting)', () => {
    const amount = fc.oneof(
      fc.integer({ min: 0, max: 4000 }).map((m) => `${m}m`),
      fc.integer({ min: 0, max: 9999 }).map((n) => `0.${String(n).padStart(4, '0')}`),
      fc.integer({ min: 0, max: 9999 }).map((n) => `${n}u`),
      fc.integer({ min: 0, max: 64 }).map((g) => `${g}Gi`),
      fc.integer({ min: 0, max: 999 }).map((n) => `${n}.5Ki`),
    );
    const list = fc.dictionary(fc.constantFrom('cpu', 'memory', 'ephemeral-storage', 'nvidia.com/gpu', 'hugepages-2Mi'), amount, { maxKeys: 3 });
    const container = fc.record({ requests: list, limits: list, sidecar: fc.boolean() });
    fc.assert(
      fc.property(fc.array(container, { maxLength: 3 }), fc.array(container, { maxLength: 3 }), fc.option(list, { nil: undefined }), (regular, init, overhead) => {
        const p = pod({
          containers: regular.map((x) => c(x.requests, x.limits)),
          initContainers: init.map((x) => ({ ...c(x.requests, x.limits), ...(x.sidecar ? { restartPolicy: 'Always' } : {}) })),
          ...(overhead ? { overhead } : {}),
        });
        for (const apiDefaulting of [true, false]) {
          const exact = podRequestQuantities(p, { apiDefaulting });
          const got = podRequests(p, { apiDefaulting });
          for (const [name, q] of exact) {
            const scale = name === 'cpu' ? 1000n : 1n;
            const ceil = (q.num * scale + q.den - 1n) / q.den;
            const value = name === 'cpu' ? got.milliCPU : name === 'memory' ? got.memory : name === 'ephemeral-storage' ? got.ephemeralStorage : got.scalar[name];
            expect(value).toBe(Number(ceil));
            // after API defaulting every listed value is a whole number of millis
            if (apiDefaulting) expect((q.num * 1000n) % q.den).toBe(0n);
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('resource names the scheduler tracks (helper.IsScalarResourceName / IsExtendedResourceName)', () => {
  it.each([
    ['nvidia.com/gpu', true, true],
    ['example.com/aaa', true, true],
    ['intel.com/foo', true, true],
    ['kubernetes.io/something', false, true], // prefixed native: scalar, not extended
    ['hugepages-2Mi', false, true],
    ['attachable-volumes-csi-foo', false, true],
    ['storage', false, false],
    ['foo', false, false],
    ['requests.example.com/foo', false, false],
    ['a/b/c', false, false],
    ['Example.com/foo', false, false], // prefix must be a lower-case DNS subdomain
  ] as const)('%s: extended %s, scalar %s', (name, extended, scalar) => {
    expect(isExtendedResourceName(name)).toBe(extended);
    expect(isScalarResourceName(name)).toBe(scalar);
  });
  it('resourceFromList keeps core and scalar names, drops others, keeps listed zeros', () => {
    expect(resourceFromList({ cpu: '2', memory: '1Gi', pods: 110, 'nvidia.com/gpu': 0, storage: '1Gi', foo: 3 })).toEqual(
      res({ milliCPU: 2000, memory: 1024 ** 3, allowedPodNumber: 110, scalar: { 'nvidia.com/gpu': 0 } }),
    );
  });
  it('extended resources in pod requests are summed and maxed like any other', () => {
    const p = pod({ containers: [c({ 'nvidia.com/gpu': 1 }), c({ 'nvidia.com/gpu': '2' })], initContainers: [c({ 'nvidia.com/gpu': 4 })] });
    expect(podRequests(p)).toEqual(res({ scalar: { 'nvidia.com/gpu': 4 } }));
  });
});
