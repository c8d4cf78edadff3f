/**
 * One run of the FGD paper's experiment (USENIX ATC '23 §6): the openb GPU nodes, a pod list
 * shuffled by seed, random copies appended until the GPU request reaches `tune` × capacity, the
 * pods scheduled one by one and never leaving, and after each pod the GPU allocation ratio and
 * the GPU fragmentation ratio recorded against the arrived workload.
 * follows the paper's simulator: pkg/simulator/core.go (Run), simulator.go (SortClusterPods,
 * TunePodsByNodeTotalResource / tuneUpPods, SchedulePods), analysis.go (ClusterGpuFragReport) and
 * experiments/analysis/merge_alloc_discrete.py (the per-percent "discrete" series).
 */
import seedrandom from 'seedrandom';
import { ClusterState } from '../model/cluster.ts';
import { MILLI } from '../model/gpu.ts';
import type { NodeInfo } from '../model/node-info.ts';
import { newPodInfo } from '../model/pod-info.ts';
import { buildProfiles, type KubeSchedulerConfiguration } from '../scheduler/config.ts';
import { nodeFragScore, podRes, typicalPods, type TypicalPod } from '../scheduler/plugins/gpu-frag.ts';
import { IN_TREE_PLUGINS } from '../scheduler/registry.ts';
import { Scheduler } from '../scheduler/scheduler.ts';
import { CachedPlacer, type PlacerStats } from './fgd-placer.ts';
import { openbNode, openbPod, type OpenbNode, type OpenbPod } from './openb.ts';

/** The paper's six policies: score plugin and the GPU selection the paper ran it with (generate_run_scripts.py). */
export const FGD_POLICIES = {
  Random: { plugin: 'RandomScore', gpuSel: 'random' },
  DotProd: { plugin: 'DotProductScore', gpuSel: 'best' },
  GpuClustering: { plugin: 'GpuClusteringScore', gpuSel: 'best' },
  GpuPacking: { plugin: 'GpuPackingScore', gpuSel: 'best' },
  BestFit: { plugin: 'BestFitScore', gpuSel: 'best' },
  FGD: { plugin: 'FGDScore', gpuSel: 'FGDScore' },
} as const;
export type FgdPolicy = keyof typeof FGD_POLICIES;

/** The KubeSchedulerConfiguration of a policy (the simulator's SCHEDULER_CONFIG_TEMPLATE, in v1 terms). */
export function fgdSchedulerConfig(policy: FgdPolicy, seed: number, typical: readonly TypicalPod[], tieBreak: 'random' | 'nodeName' = 'nodeName'): KubeSchedulerConfiguration {
  const p = FGD_POLICIES[policy];
  const tp = typical.map(({ cpu, milli, count, spec, freq }) => ({ cpu, milli, count, spec, freq }));
  const gpuShareArgs: Record<string, unknown> = { gpuSelMethod: p.gpuSel, seed };
  if (p.gpuSel === 'FGDScore') gpuShareArgs.typicalPods = tp;
  const policyArgs: Record<string, unknown> = p.plugin === 'FGDScore' ? { typicalPods: tp } : p.plugin === 'RandomScore' ? { seed } : p.plugin === 'DotProductScore' ? { dimExtMethod: 'merge', normMethod: 'max' } : {};
  return {
    percentageOfNodesToScore: 100,
    profiles: [
      {
        schedulerName: 'default-scheduler',
        // the paper's simulator breaks score ties by the smallest node name (its patched selectHost)
        tieBreak,
        plugins: {
          multiPoint: { enabled: [{ name: 'Open-Gpu-Share' }] },
          // the paper's profile scores with the policy only; no preemption (all pods have priority 0)
          score: { disabled: [{ name: '*' }], enabled: [{ name: p.plugin, weight: 1000 }] },
          // RandomScore draws its node in PreScore (SCORE_PLUGINS_WITH_PRE_SCORE)
          ...(p.plugin === 'RandomScore' ? { preScore: { enabled: [{ name: p.plugin }] } } : {}),
          postFilter: { disabled: [{ name: '*' }] },
        },
        pluginConfig: [
          { name: 'Open-Gpu-Share', args: gpuShareArgs },
          { name: p.plugin, args: policyArgs },
        ],
      },
    ],
  };
}

/** The pod order of a run: sorted by name, shuffled, then tuned up (simulator.go). */
export function fgdPodSequence(pods: readonly OpenbPod[], capacityMilli: number, seed: number, tune = 1.3): { pod: OpenbPod; name: string }[] {
  const rng = seedrandom(String(seed));
  const workload = [...pods].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const seq = workload.map((pod) => ({ pod, name: pod.name }));
  // rand.Shuffle (Fisher–Yates)
  for (let i = seq.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [seq[i], seq[j]] = [seq[j], seq[i]];
  }
  let total = 0;
  for (const p of workload) total += p.gpuMilli * p.numGpu;
  const target = tune * capacityMilli;
  if (tune > 0 && total < target) {
    // tuneUpPods: the stop test adds the copy's per-GPU milli (MilliGpu), the total its whole request, as there
    for (let i = 0; ; i++) {
      const src = workload[Math.floor(rng() * workload.length)];
      if (total + src.gpuMilli > target) break;
      total += src.gpuMilli * src.numGpu;
      seq.push({ pod: src, name: `${src.name}-tuned-${i}` });
    }
  }
  return seq;
}

/** Result of one run. */
export interface FgdRunResult {
  list: string;
  policy: FgdPolicy;
  seed: number;
  pods: number;
  scheduled: number;
  failed: number;
  totalGpus: number;
  /** Allocated milli-GPU as % of capacity, per integer % of arrived workload 0..130 (null: no sample). */
  alloc: (number | null)[];
  /** GPU fragmentation ratio (% of idle milli-GPU that is fragment), same x. */
  fragRatio: (number | null)[];
  /** Final values. */
  finalAlloc: number;
  seconds: number;
}

/** numpy/pandas round (half to even) to `d` decimals. */
export function roundHalfEven(x: number, d = 0): number {
  const m = 10 ** d;
  const v = x * m;
  const r = Math.round(v);
  const fixed = Math.abs(v % 1) === 0.5 ? (r % 2 === 0 ? r : r - 1) : r;
  return fixed / m;
}

/** merge_alloc_discrete.py: mean of samples whose rounded arrival % is x (else x±1), rounded to 2 decimals. */
export function discreteSeries(arrive: readonly number[], value: readonly number[], maxX = 130): (number | null)[] {
  const bins = new Map<number, number[]>();
  for (let i = 0; i < arrive.length; i++) {
    const x = roundHalfEven(arrive[i]);
    let b = bins.get(x);
    if (!b) bins.set(x, (b = []));
    b.push(value[i]);
  }
  const mean = (a: number[]): number => a.reduce((s, v) => s + v, 0) / a.length;
  const out: (number | null)[] = [];
  for (let x = 0; x <= maxX; x++) {
    let vals = bins.get(x);
    if (!vals) vals = [...(bins.get(x - 1) ?? []), ...(bins.get(x) ?? []), ...(bins.get(x + 1) ?? [])];
    out.push(vals.length ? roundHalfEven(mean(vals), 2) : null);
  }
  return out;
}

const typicalCache = new WeakMap<readonly OpenbPod[], TypicalPod[]>();

/** The typical pods of a pod list (FGD's target workload), computed once per list. */
export function typicalPodsOf(pods: readonly OpenbPod[]): TypicalPod[] {
  let t = typicalCache.get(pods);
  if (t === undefined) typicalCache.set(pods, (t = typicalPods(pods.map((p) => podRes(newPodInfo(openbPod(p)))))));
  return t;
}

/** Runs one list × policy × seed. */
export function runFgdExperiment(opts: {
  list: string;
  nodes: readonly OpenbNode[];
  pods: readonly OpenbPod[];
  policy: FgdPolicy;
  seed: number;
  tune?: number;
  tieBreak?: 'random' | 'nodeName';
  /**
   * 'cached' (default): CachedPlacer, each (pod shape, node state) filtered and scored once;
   * 'scheduler': every pod through Scheduler.scheduleOne. Same decisions (test/trace/fgd-placer.test.ts).
   */
  engine?: 'cached' | 'scheduler';
  /** Filled with the placer's counters at the end (cached engine). */
  stats?: Partial<PlacerStats>;
  /** Called after each pod with the node and GPU devices it got (null: unschedulable); for decision fingerprints. */
  onPlaced?: (name: string, node: string | null, gpus: readonly number[] | null) => void;
}): FgdRunResult {
  const t0 = performance.now();
  const cluster = new ClusterState();
  for (const n of opts.nodes) cluster.addNode(openbNode(n));
  const nodes = [...cluster.nodes.values()];
  let capacity = 0;
  for (const n of nodes) capacity += (n.gpu?.count ?? 0) * MILLI;
  const typical = typicalPodsOf(opts.pods);
  const profiles = buildProfiles(fgdSchedulerConfig(opts.policy, opts.seed, typical, opts.tieBreak ?? 'nodeName'), IN_TREE_PLUGINS, cluster);
  const cached = (opts.engine ?? 'cached') === 'cached' && profiles[0].tieBreak === 'nodeName';
  const sched = cached ? null : new Scheduler(cluster, profiles, { seed: opts.seed, podInitialBackoffSeconds: 0 });
  // the Scheduler's own random stream (unused with the name tie-break; kept for the framework fallback)
  const placer = cached ? new CachedPlacer(cluster, profiles[0], seedrandom(`${opts.seed}/scheduler`)) : null;
  const seq = fgdPodSequence(opts.pods, capacity, opts.seed, opts.tune ?? 1.3);

  // cluster fragmentation kept incrementally: per-node fragment amount, recomputed for the node that changed
  const fragOf = (n: NodeInfo): number => (n.gpu ? nodeFragScore(n.allocatable.milliCPU - n.requested.milliCPU, n.gpu.left, n.gpu.model, typical) : 0);
  const nodeFrag = new Map<NodeInfo, number>();
  let frag = 0;
  let idle = capacity;
  for (const n of nodes) {
    const f = fragOf(n);
    nodeFrag.set(n, f);
    frag += f;
  }
  const arrive: number[] = [];
  const alloc: number[] = [];
  const ratio: number[] = [];
  let arrived = 0;
  let allocated = 0;
  let failed = 0;
  for (const { pod, name } of seq) {
    const pi = cluster.addPod(openbPod(pod, 'default', name));
    if (placer !== null) placer.place(pi);
    else {
      sched!.enqueue(pi);
      sched!.scheduleOne(0);
    }
    arrived += pod.gpuMilli * pod.numGpu;
    if (pi.nodeName) {
      const n = cluster.nodes.get(pi.nodeName)!;
      const g = pod.gpuMilli * pod.numGpu;
      allocated += g;
      idle -= g;
      const f = fragOf(n);
      frag += f - nodeFrag.get(n)!;
      nodeFrag.set(n, f);
    } else {
      // the simulator deletes a pod it could not schedule
      failed++;
      sched?.forget(pi);
      cluster.removePod(pi.key);
    }
    opts.onPlaced?.(name, pi.nodeName || null, pi.gpuIndex ?? null);
    arrive.push(arrived / capacity * 100);
    alloc.push(roundHalfEven(allocated / capacity * 100, 2));
    ratio.push(idle > 0 ? 100 * frag / idle : 0);
  }
  if (placer !== null && opts.stats !== undefined) Object.assign(opts.stats, placer.stats);
  return {
    list: opts.list,
    policy: opts.policy,
    seed: opts.seed,
    pods: seq.length,
    scheduled: seq.length - failed,
    failed,
    totalGpus: capacity / MILLI,
    alloc: discreteSeries(arrive, alloc),
    fragRatio: discreteSeries(arrive, ratio),
    finalAlloc: allocated / capacity * 100,
    seconds: (performance.now() - t0) / 1000,
  };
}
