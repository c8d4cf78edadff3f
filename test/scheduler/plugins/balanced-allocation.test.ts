/**
 * NodeResourcesBalancedAllocation, ported from upstream
 * pkg/scheduler/framework/plugins/noderesources/balanced_allocation_test.go
 * (TestNodeResourcesBalancedAllocation).
 *
 * The newest upstream table is written for the v1.36 formula; its comments give the v1.35
 * score of each node as the "with pod" value, e.g. "Score: 68 (100 -> 87)" ⇒ v1.35 = 87.
 * kubesim follows v1.35, so these tests expect those values (cross-checked against the
 * v1.34 table, which expects the same numbers for the non-best-effort cases).
 */
import { describe, expect, it } from 'vitest';
import { newPodInfo } from '../../../src/model/pod-info.ts';
import type { Pod, ResourceList } from '../../../src/model/types.ts';
import { runScorePlugin } from '../../../src/scheduler/framework/run-plugin.ts';
import { CycleState } from '../../../src/scheduler/framework/types.ts';
import { balancedResourceScorer, NAME, newNodeResourcesBalancedAllocation } from '../../../src/scheduler/plugins/balanced-allocation.ts';
import { makeCluster, makeNode, makePod } from '../../helpers/cluster.ts';

let seq = 0;
const pod = (...reqs: ResourceList[]): Pod => makePod(`p${seq++}`, reqs);
const on = (node: string, p: Pod): Pod => ({ ...p, spec: { ...p.spec, nodeName: node } });
const cpuOnly = (cpu: string): ResourceList => ({ cpu, memory: '0' });
const cpuAndMemory = (cpu: string, memory: string): ResourceList => ({ cpu, memory });
const cpuAndMemoryAndGpu = (cpu: string, memory: string, gpu: string): ResourceList => ({ cpu, memory, 'nvidia.com/gpu': gpu });
/** noderesources makeNode(name, milliCPU, memory, extended). */
const node = (milliCPU: number, memory: number, extended: Record<string, number> = {}): ResourceList => ({ cpu: `${milliCPU}m`, memory, ...extended });
const gpu = (n: number): Record<string, number> => ({ 'nvidia.com/gpu': n });

const defaultSet = [
  { name: 'cpu', weight: 1 },
  { name: 'memory', weight: 1 },
];
const withGpu = [...defaultSet, { name: 'nvidia.com/gpu', weight: 1 }];

interface Case {
  name: string;
  pod: Pod;
  nodes: ResourceList[];
  existing?: Pod[];
  resources: { name: string; weight: number }[];
  /** undefined ⇒ PreScore returns Skip. */
  want?: number[];
  runPreScore?: boolean;
}

function run(tc: Case): { skipped: boolean; scores: number[] } {
  const cluster = makeCluster(
    tc.nodes.map((alloc, i) => makeNode(`node${i + 1}`, alloc)),
    tc.existing ?? [],
  );
  const plugin = newNodeResourcesBalancedAllocation({ resources: tc.resources }, { cluster });
  const p = newPodInfo(tc.pod);
  const nodes = tc.nodes.map((_, i) => cluster.nodes.get(`node${i + 1}`)!);
  if (tc.runPreScore === false) {
    const state = new CycleState();
    return { skipped: false, scores: nodes.map((n) => plugin.score!(state, p, n)) };
  }
  const r = runScorePlugin(plugin, cluster, p, nodes);
  expect(r.normalized).toEqual(r.raw);
  return { skipped: r.skipped, scores: r.raw };
}

describe('balanced_allocation_test.go TestNodeResourcesBalancedAllocation', () => {
  const cases: Case[] = [
    {
      name: 'nothing scheduled, nothing requested, skip in PreScore',
      pod: pod(),
      nodes: [node(4000, 10000), node(4000, 10000)],
      resources: defaultSet,
    },
    {
      // v1.36: 68, 75
      name: 'nothing scheduled, resources requested, differently sized nodes',
      pod: pod(cpuAndMemory('1000m', '2000'), cpuAndMemory('2000m', '3000')),
      nodes: [node(4000, 10000), node(6000, 10000)],
      resources: defaultSet,
      want: [87, 100],
    },
    {
      // v1.36: 73, 74
      name: 'resources requested, pods scheduled with resources',
      pod: pod(cpuAndMemory('1000m', '2000'), cpuAndMemory('2000m', '3000')),
      nodes: [node(10000, 20000), node(10000, 20000)],
      existing: [on('node1', pod(cpuOnly('1000m'), cpuOnly('2000m'))), on('node2', pod(cpuAndMemory('1000m', '2000'), cpuAndMemory('2000m', '3000')))],
      resources: defaultSet,
      want: [82, 95],
    },
    {
      // v1.36: 73, 70
      name: 'resources requested, pods scheduled with resources, differently sized nodes',
      pod: pod(cpuAndMemory('1000m', '2000'), cpuAndMemory('2000m', '3000')),
      nodes: [node(10000, 20000), node(10000, 50000)],
      existing: [on('node1', pod(cpuOnly('1000m'), cpuOnly('2000m'))), on('node2', pod(cpuAndMemory('1000m', '2000'), cpuAndMemory('2000m', '3000')))],
      resources: defaultSet,
      want: [82, 80],
    },
    {
      // v1.36: 100, 50 (same)
      name: 'resources requested, pods scheduled with resources, nodes to reach min/max score',
      pod: pod({ memory: '2000' }, { memory: '3000' }),
      nodes: [node(3000, 5000), node(3000, 5000)],
      existing: [on('node1', pod(cpuOnly('1000m'), cpuOnly('2000m')))],
      resources: defaultSet,
      want: [100, 50],
    },
    {
      // v1.36: 62, 62
      name: 'requested resources at node capacity',
      pod: pod(cpuOnly('1000m'), cpuOnly('2000m')),
      nodes: [node(6000, 10000), node(6000, 10000)],
      existing: [on('node1', pod(cpuOnly('1000m'), cpuOnly('2000m'))), on('node2', pod(cpuAndMemory('1000m', '2000'), cpuAndMemory('2000m', '3000')))],
      resources: defaultSet,
      want: [50, 75],
    },
    {
      // v1.36: 75, 76; the v1.34 table calls this "include scalar resource on a node for balanced resource allocation"
      name: 'scalar resource is included in the score computation if pod requests the scalar resource',
      pod: pod(cpuAndMemoryAndGpu('0', '0', '1')),
      nodes: [node(3500, 40000, gpu(8)), node(3500, 40000, gpu(8))],
      existing: [
        on('node1', pod(cpuAndMemory('1000m', '2000'), cpuAndMemoryAndGpu('2000m', '3000', '3'))),
        on('node2', pod(cpuAndMemory('1000m', '2000'), cpuAndMemory('2000m', '3000'))),
      ],
      resources: withGpu,
      want: [70, 65],
    },
    {
      // v1.36: 56, 56
      name: "scalar resource is not included in the score computation if pod doesn't request the scalar resource",
      pod: pod(cpuAndMemory('1000m', '2000'), cpuAndMemory('2000m', '3000')),
      nodes: [node(3500, 40000, gpu(8)), node(3500, 40000)],
      resources: withGpu,
      want: [63, 63],
    },
    {
      // v1.36: 73, 74
      name: 'resources requested, pods scheduled with resources if PreScore not called',
      pod: pod(cpuAndMemory('1000m', '2000'), cpuAndMemory('2000m', '3000')),
      nodes: [node(10000, 20000), node(10000, 20000)],
      existing: [on('node1', pod(cpuOnly('1000m'), cpuOnly('2000m'))), on('node2', pod(cpuAndMemory('1000m', '2000'), cpuAndMemory('2000m', '3000')))],
      resources: defaultSet,
      want: [82, 95],
      runPreScore: false,
    },
    // v1.34-table cases whose pod requests nothing: since the best-effort skip they are Skip.
    {
      name: 'no resources requested, pods with container scheduled (v1.34 table; best-effort ⇒ Skip)',
      pod: pod(),
      nodes: [node(250, 1000 * 1024 * 1024), node(250, 1000 * 1024 * 1024)],
      existing: [on('node1', pod({})), on('node1', pod({}))],
      resources: defaultSet,
    },
    {
      name: 'no resources requested, pods scheduled with resources (v1.34 table; best-effort ⇒ Skip)',
      pod: pod(),
      nodes: [node(10000, 20000), node(10000, 20000)],
      existing: [on('node1', pod(cpuOnly('1000m'), cpuOnly('2000m'))), on('node2', pod(cpuAndMemory('1000m', '2000'), cpuAndMemory('2000m', '3000')))],
      resources: defaultSet,
    },
    {
      name: 'node without the scalar resource results to a higher score (v1.34 table; best-effort ⇒ Skip)',
      pod: pod(),
      nodes: [node(3500, 40000, gpu(8)), node(3500, 40000)],
      existing: [on('node1', pod(cpuOnly('1000m'), cpuOnly('2000m'))), on('node2', pod(cpuOnly('1000m'), cpuOnly('2000m')))],
      resources: [
        { name: 'cpu', weight: 1 },
        { name: 'nvidia.com/gpu', weight: 1 },
      ],
    },
  ];
  for (const tc of cases) {
    it(`"${tc.name}"`, () => {
      const r = run(tc);
      if (tc.want === undefined) {
        expect(r.skipped).toBe(true);
      } else {
        expect(r.skipped).toBe(false);
        expect(r.scores).toEqual(tc.want);
      }
    });
  }

  it('a best-effort pod scores 0 when PreScore is not called', () => {
    const r = run({ name: '', pod: pod({}), nodes: [node(10000, 20000)], existing: [on('node1', pod(cpuOnly('6000m')))], resources: defaultSet, runPreScore: false });
    expect(r.scores).toEqual([0]);
  });

  it('uses plain requests: a container without requests adds nothing (no 100m/200Mi defaults)', () => {
    // node: cpu 3000/10000 from the existing pod; the incoming pod asks memory only.
    const r = run({
      name: '',
      pod: pod({ memory: '5000' }, {}),
      nodes: [node(10000, 20000)],
      existing: [on('node1', pod({ cpu: '3000m' }, {}))],
      resources: defaultSet,
    });
    // fractions 0.3 and 0.25 ⇒ std 0.025 ⇒ 97
    expect(r.scores).toEqual([97]);
  });
});

describe('balanced_allocation.go balancedResourceScorer', () => {
  it('skips resources with allocatable 0 and caps fractions at 1', () => {
    expect(balancedResourceScorer([5, 1, 9], [0, 10, 3])).toBe(55); // fractions 0.1, 1 ⇒ std 0.45
    expect(balancedResourceScorer([1], [4])).toBe(100); // one fraction ⇒ std 0
    expect(balancedResourceScorer([], [])).toBe(100);
  });
});

describe('NodeResourcesBalancedAllocation args (ValidateNodeResourcesBalancedAllocationArgs)', () => {
  const handle = { cluster: makeCluster([]) };
  it('rejects duplicates and weights other than 1; defaults empty to cpu+memory', () => {
    expect(() => newNodeResourcesBalancedAllocation({ resources: [{ name: 'cpu', weight: 2 }] }, handle)).toThrow(/resources\[0\]\.weight: Invalid value: 2: must be 1/);
    expect(() =>
      newNodeResourcesBalancedAllocation(
        {
          resources: [
            { name: 'cpu', weight: 1 },
            { name: 'cpu', weight: 1 },
          ],
        },
        handle,
      ),
    ).toThrow(/resources\[1\]\.name: Duplicate value: "cpu"/);
    expect(newNodeResourcesBalancedAllocation({ resources: [] }, handle).name).toBe(NAME);
    expect(newNodeResourcesBalancedAllocation({ resources: [{ name: 'cpu' }, { name: 'memory', weight: 0 }] }, handle).name).toBe(NAME);
  });
});
