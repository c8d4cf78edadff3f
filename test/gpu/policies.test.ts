/**
 * The FGD paper's six policies on small hand-computed cases, plus the numbers of the paper
 * simulator's Go tests (pkg/utils/frag_test.go, pkg/simulator/plugin/gpu_packing_score_test.go).
 */
import { describe, expect, it } from 'vitest';
import { ClusterState } from '../../src/model/cluster.ts';
import { parseGpuSpec } from '../../src/model/gpu.ts';
import type { NodeInfo } from '../../src/model/node-info.ts';
import { buildProfiles, type KubeSchedulerConfiguration } from '../../src/scheduler/config.ts';
import { CycleState, type SchedulerPlugin } from '../../src/scheduler/framework/types.ts';
import { IN_TREE_PLUGINS } from '../../src/scheduler/registry.ts';
import { Scheduler } from '../../src/scheduler/scheduler.ts';
import { bestFitScore, minMaxNormalize } from '../../src/scheduler/plugins/best-fit-score.ts';
import { dotProductScore } from '../../src/scheduler/plugins/dot-product-score.ts';
import { gpuClusteringScore } from '../../src/scheduler/plugins/gpu-clustering-score.ts';
import { nodeFragScore, podRes, typicalPods, type TypicalPod } from '../../src/scheduler/plugins/gpu-frag.ts';
import { packingScore } from '../../src/scheduler/plugins/gpu-packing-score.ts';
import { makeNode, makePod } from '../helpers/cluster.ts';
import { gpuNode, gpuPod } from './helpers.ts';

const tp = (cpu: number, milli: number, count: number, spec: string, pct: number): TypicalPod => ({ cpu, milli, count, spec, models: parseGpuSpec(spec), freq: pct / 100 });

/** frag_test.go TestingGenerateGetTypicalPods (frequencies as there, not renormalized). */
const GO_TYPICAL: TypicalPod[] = [
  tp(6000, 465, 1, '', 9.33), tp(8000, 440, 1, '2080', 9.15), tp(8000, 475, 1, 'T4', 8.76), tp(8000, 440, 1, 'P100', 8.72),
  tp(2000, 465, 1, '', 8.68), tp(12000, 900, 1, '', 8.65), tp(4000, 900, 1, '', 8.43), tp(16000, 678, 1, 'T4', 8.36),
  tp(8000, 500, 1, '', 8.29), tp(6000, 511, 1, '', 8.11), tp(14000, 1000, 2, '2080', 0.54), tp(4000, 1000, 1, '2080', 0.43),
  tp(32000, 1000, 2, 'T4', 0.43), tp(16000, 1000, 1, 'V100M16', 0.40), tp(64000, 1000, 2, '', 0.40), tp(10000, 1000, 2, '', 0.40),
  tp(11400, 1000, 1, 'T4', 0.36), tp(16000, 1000, 1, 'T4', 0.36), tp(4000, 1000, 2, '', 0.36), tp(14000, 1000, 2, 'V100M16', 0.36),
  tp(8000, 1000, 4, '', 0.36), tp(16000, 1000, 2, '', 0.32), tp(2000, 1000, 1, 'T4', 0.32), tp(6000, 1000, 1, '', 0.32),
  tp(4000, 1000, 1, '', 0.32), tp(5000, 1000, 1, '', 0.32), tp(32000, 1000, 4, 'V100M16', 0.32), tp(32000, 1000, 2, '', 0.32),
  tp(24000, 1000, 8, '2080', 0.32), tp(40000, 1000, 4, '', 0.29), tp(32000, 1000, 8, '', 0.29), tp(32000, 1000, 1, 'T4', 0.29),
  tp(16000, 1000, 1, '', 0.25), tp(7000, 1000, 1, 'V100M16', 0.25), tp(24000, 1000, 1, 'T4', 0.25),
];

describe('FGD fragmentation (ported from frag_test.go TestNodeGpuShareFragAmountScore)', () => {
  it.each([
    ['4x1080_used', [200, 1000, 1000, 500], 2566.62],
    ['4x1080_full', [1000, 1000, 1000, 1000], 3802.4],
    ['8x1080_full', [1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000], 7604.8],
  ])('%s → %f', (_name, left, want) => {
    expect(nodeFragScore(1000, left, '1080', GO_TYPICAL)).toBeCloseTo(want, 2);
  });
  it('hand case: a fitting pod counts only the devices too small for it', () => {
    const t = [tp(1000, 500, 1, '', 50), tp(1000, 1000, 1, '', 50)];
    expect(nodeFragScore(32000, [1000, 1000], 'T4', t)).toBe(0);
    expect(nodeFragScore(32000, [500, 1000], 'T4', t)).toBe(250); // 1-GPU pod cannot use the 500 left
    expect(nodeFragScore(32000, [500, 500], 'T4', t)).toBe(500); // 1-GPU pod fits nowhere: all 1000 idle
    expect(nodeFragScore(500, [1000, 1000], 'T4', t)).toBe(2000); // no CPU: everything is fragment
    expect(nodeFragScore(32000, [1000], 'T4', [tp(1000, 500, 1, 'V100M16', 100)])).toBe(1000); // no access
    expect(nodeFragScore(32000, [1000], 'T4', [tp(1000, 0, 0, '', 100)])).toBe(1000); // a CPU pod: all idle counts (frag.go)
  });
});

describe('typical pods (frag.go GetTypicalPods)', () => {
  it('most frequent shapes until 95 % of pods, frequencies renormalized; ties: larger shape first', () => {
    const shapes = [
      ...Array.from({ length: 50 }, () => ({ cpu: 4000, milli: 500, count: 1, spec: '', models: null })),
      ...Array.from({ length: 30 }, () => ({ cpu: 8000, milli: 1000, count: 1, spec: '', models: null })),
      ...Array.from({ length: 16 }, () => ({ cpu: 2000, milli: 0, count: 0, spec: '', models: null })),
      ...Array.from({ length: 2 }, () => ({ cpu: 1000, milli: 1000, count: 8, spec: '', models: null })),
      ...Array.from({ length: 2 }, () => ({ cpu: 3000, milli: 1000, count: 8, spec: '', models: null })),
    ];
    const t = typicalPods(shapes);
    // 50 + 30 + 16 = 96 ≥ 95: three shapes, frequencies / 0.96
    expect(t.map((x) => [x.cpu, x.milli, x.count, +x.freq.toFixed(6)])).toEqual([
      [4000, 500, 1, +(50 / 96).toFixed(6)],
      [8000, 1000, 1, +(30 / 96).toFixed(6)],
      [2000, 0, 0, +(16 / 96).toFixed(6)],
    ]);
    const all = typicalPods(shapes, { podPopularityThreshold: 100 });
    expect(all.map((x) => x.cpu)).toEqual([4000, 8000, 2000, 3000, 1000]);
  });
});

describe('GpuPacking (ported from gpu_packing_score_test.go)', () => {
  it.each([
    ['case-2: must use free GPUs of a used node', [200, 1000, 1000, 500], 1000, 2, 48],
    ['case-3: 4-GPU free node', [1000, 1000, 1000, 1000], 1000, 2, 29],
    ['case-3: 8-GPU free node', [1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000], 1000, 2, 25],
    ['case-1: only used GPUs', [200, 1000, 1000, 500], 200, 2, 93],
    ['does not fit', [200, 0], 500, 1, null],
  ])('%s', (_n, left, milli, count, want) => {
    expect(packingScore(left, milli, count)).toBe(want);
  });
});

function nodeWith(gpus: number, cpu: string, bound: { milli: number; count: number; cpu?: string }[] = [], model = 'V100M16'): NodeInfo {
  const c = new ClusterState();
  const n = c.addNode(gpuNode('n', gpus, model, cpu));
  bound.forEach((b, i) => {
    const p = gpuPod(`b${i}`, b.milli, b.count, b.cpu ?? '1');
    c.addPod({ ...p, spec: { ...p.spec, nodeName: 'n' } });
  });
  return n;
}
const podOf = (milli: number, count: number, cpu = '8') => new ClusterState().addPod(milli > 0 ? gpuPod('p', milli, count, cpu) : makePod('p', [{ cpu }]));

describe('DotProd (dot_product_score.go, merge / max)', () => {
  it('⌊100·(1 − dot/2)⌋ of the max-normalized free and request vectors', () => {
    // node: 64 CPUs free of 64, 4000 milli-GPU left of 8 GPUs → (0.5, 0.5); pod 8 CPUs, 1 GPU → (0.0625, 0.125)
    const n = nodeWith(8, '64', [{ milli: 1000, count: 4, cpu: '0' }]);
    expect(dotProductScore(n, podRes(podOf(1000, 1)))).toBe(95); // dot = 0.09375, /2 → 0.953125
    expect(dotProductScore(n, podRes(podOf(0, 0, '100')))).toBe(0); // CPU does not fit
  });
});

describe('GpuClustering (gpu_clustering_score.go)', () => {
  it('four bands by the node\'s pod kinds, raised by the GPU in use', () => {
    const empty = nodeWith(8, '64');
    const share = nodeWith(8, '64', [{ milli: 500, count: 1 }]);
    const mixed = nodeWith(8, '64', [{ milli: 500, count: 1 }, { milli: 1000, count: 1 }]);
    const sharePod = podOf(300, 1);
    const onePod = podOf(1000, 1);
    expect(gpuClusteringScore(empty, sharePod)).toBe(25); // idle node: 0 + 25
    expect(gpuClusteringScore(share, sharePod)).toBe(76); // 25·500/8000 = 1 + 75
    expect(gpuClusteringScore(share, onePod)).toBe(1); // other kind only
    expect(gpuClusteringScore(mixed, sharePod)).toBe(54); // 25·1500/8000 = 4 + 50
    expect(gpuClusteringScore(mixed, podOf(0, 0))).toBe(0); // no GPU
  });
});

describe('BestFit (best_fit_score.go + NormalizeScore)', () => {
  it('raw score and min–max normalization', () => {
    const n = nodeWith(8, '64');
    // (64000−8000)/128000·½ + (8000−1000)/8000·½ = 0.65625 → ⌊34.375⌋
    expect(bestFitScore(n, podRes(podOf(1000, 1)))).toBe(34);
    const s = [34, 60, 47];
    minMaxNormalize(s);
    expect(s).toEqual([0, 100, 50]);
    const same = [7, 7];
    minMaxNormalize(same);
    expect(same).toEqual([0, 0]);
  });
});

/** Runs `pods` through a profile of Open-Gpu-Share + one policy; returns node and GPUs per pod. */
function run(policy: string, gpuSelMethod: string, nodes: ReturnType<typeof gpuNode>[], pods: ReturnType<typeof gpuPod>[], policyArgs?: Record<string, unknown>): Record<string, string> {
  const config: KubeSchedulerConfiguration = {
    percentageOfNodesToScore: 100,
    profiles: [
      {
        schedulerName: 'default-scheduler',
        plugins: { multiPoint: { enabled: [{ name: 'Open-Gpu-Share' }] }, score: { disabled: [{ name: '*' }], enabled: [{ name: policy, weight: 1000 }] } },
        pluginConfig: [
          { name: 'Open-Gpu-Share', args: { gpuSelMethod, ...(gpuSelMethod === 'FGDScore' ? policyArgs : {}) } },
          ...(policyArgs ? [{ name: policy, args: policyArgs }] : []),
        ],
      },
    ],
  };
  const c = new ClusterState();
  for (const n of nodes) c.addNode(n);
  const s = new Scheduler(c, buildProfiles(config, IN_TREE_PLUGINS, c), { seed: 3, podInitialBackoffSeconds: 0 });
  const out: Record<string, string> = {};
  for (const p of pods) {
    const pi = c.addPod(p);
    s.enqueue(pi);
    s.runUntilIdle();
    out[pi.name] = pi.nodeName ? `${pi.nodeName}:${(pi.gpuIndex ?? []).join('-')}` : '-';
  }
  return out;
}

describe('FGD (fgd_score.go): node and GPU whose fragmentation grows least', () => {
  const typical = [
    { cpu: 1000, milli: 500, count: 1, freq: 0.5 },
    { cpu: 1000, milli: 1000, count: 1, freq: 0.5 },
  ];
  it('hand case: a half-GPU pod goes to the half-used GPU (Δfrag +250 → 56) rather than a free node (−250 → 43)', () => {
    const out = run('FGDScore', 'FGDScore', [gpuNode('a', 2), gpuNode('b', 2)], [gpuPod('first', 500, 1, '1', undefined, '1'), gpuPod('x', 500, 1, '1')], { typicalPods: typical });
    // "first" sits on a's GPU 1 (preset); a = [1000, 500]: frag 250. x on a GPU 1 → [1000, 0]: frag 0, score ⌊100·σ(0.25)⌋ = 56;
    // on a GPU 0 → [500, 500]: frag 500 → 43; on b → [500, 1000]: 250 from 0 → 43.
    expect(out).toEqual({ first: 'a:1', x: 'a:1' });
  });
  it('scores through the plugin match the formula', () => {
    const c = new ClusterState();
    const a = c.addNode(gpuNode('a', 2));
    const b = c.addNode(gpuNode('b', 2));
    const p0 = gpuPod('p0', 500, 1, '1', undefined, '0');
    c.addPod({ ...p0, spec: { ...p0.spec, nodeName: 'b' } });
    const [profile] = buildProfiles(
      { profiles: [{ plugins: { score: { disabled: [{ name: '*' }], enabled: [{ name: 'FGDScore' }] } }, pluginConfig: [{ name: 'FGDScore', args: { typicalPods: typical } }] }] },
      IN_TREE_PLUGINS,
      c,
    );
    const fgd = profile.score[0].plugin as SchedulerPlugin;
    const pod = c.addPod(gpuPod('x', 500, 1, '1'));
    expect(fgd.score!(new CycleState(), pod, a)).toBe(43);
    expect(fgd.score!(new CycleState(), pod, b)).toBe(56);
  });
});

describe('each policy schedules through a profile', () => {
  const nodes = () => [gpuNode('a', 2), gpuNode('b', 2)];
  const pods = () => [gpuPod('p1', 500, 1), gpuPod('p2', 500, 1), gpuPod('p3', 1000, 1)];
  it('GpuPacking packs sharing pods on one GPU', () => {
    const out = run('GpuPackingScore', 'best', nodes(), pods());
    const [n1, g1] = out.p1.split(':');
    expect(out.p2).toBe(`${n1}:${g1}`);
    expect(out.p3.split(':')[0]).toBe(n1);
  });
  it('BestFit fills the used node first', () => {
    const out = run('BestFitScore', 'best', nodes(), pods());
    expect(new Set(Object.values(out).map((v) => v.split(':')[0])).size).toBe(1);
  });
  it('GpuClustering, DotProd, Random and FGD place every pod when there is room', () => {
    for (const [policy, sel] of [['GpuClusteringScore', 'best'], ['DotProductScore', 'best'], ['RandomScore', 'random'], ['FGDScore', 'FGDScore']]) {
      const out = run(policy, sel, nodes(), pods());
      expect(Object.values(out).every((v) => v !== '-'), policy).toBe(true);
    }
  });
  it('a pod without GPU never lands on a node by its GPU (cpu-only node accepted)', () => {
    const out = run('FGDScore', 'FGDScore', [gpuNode('a', 2), { ...makeNode('cpu', { cpu: '8', memory: '8Gi' }) } as ReturnType<typeof gpuNode>], [makePod('c', [{ cpu: '1' }]) as ReturnType<typeof gpuPod>]);
    expect(out.c).not.toBe('-');
  });
});
