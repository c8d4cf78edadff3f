/**
 * FGDScore: Fragmentation Gradient Descent (the FGD paper, USENIX ATC '23, §4: "Fragmentation
 * Gradient Descent"). A node's GPU fragmentation is measured against the target workload's
 * typical pods (gpu-frag.ts); the pod goes to the node — and, for a GPU-sharing pod, the GPU —
 * whose fragmentation grows least: score = ⌊100 · sigmoid((frag_before − frag_after) / 1000)⌋.
 * follows pkg/simulator/plugin/fgd_score.go (calculateGpuShareFragExtendScore,
 * allocateGpuIdBasedOnFGDScore) of github.com/hkust-adsl/kubernetes-scheduler-simulator.
 *
 * Args: `typicalPods` ([{cpu, milli, count, spec, freq}]) or `typicalPodsConfig`
 * ({isInvolvedCpuPods, podPopularityThreshold, podIncreaseStep, gpuResWeight}; default: typical
 * pods derived from the cluster's pods at the first cycle).
 */
import type { ClusterState } from '../../model/cluster.ts';
import { allocateExclusive, isGpuShare } from '../../model/gpu.ts';
import type { NodeInfo } from '../../model/node-info.ts';
import type { PodInfo } from '../../model/pod-info.ts';
import { MAX_NODE_SCORE, MIN_NODE_SCORE, type CycleState, type PluginFactory, type SchedulerPlugin } from '../framework/types.ts';
import { accessible, cpuLeft, nodeFragScore, podRes, sigmoid, typicalPodsSource, type GpuPodRes, type TypicalPod } from './gpu-frag.ts';

/** Plugin name (simontype.FGDScorePluginName). */
export const NAME = 'FGDScore';

/** The FGD score of a node for a pod and the GPUs it would take there. */
export interface FgdChoice {
  score: number;
  /** Device indexes ([] for a pod without GPU; null when no device fits). */
  gpus: number[] | null;
}

const MEMO_LIMIT = 1 << 21;

/**
 * FGD's maths over one set of typical pods, with a memo of fragmentation per node state (GPU
 * model, CPU left, multiset of milli-GPU left: the fragmentation does not depend on device order)
 * and a per-node cache of choices valid while the node does not change.
 */
export class FgdEvaluator {
  private readonly source: (cluster: ClusterState) => TypicalPod[];
  private typical: TypicalPod[] | null = null;
  private readonly memo = new Map<string, number>();
  private readonly perNode = new WeakMap<NodeInfo, { gen: number; frag: number; choices: Map<string, FgdChoice> }>();
  private readonly sorted = new Int32Array(64);
  /** views[n]: the first n entries of `sorted`. */
  private readonly views: Int32Array[] = [];
  /** Scratch copies of a node's devices and an index order, for compute(). */
  private readonly work = new Int32Array(64);
  private readonly order = new Int32Array(64);
  private readonly workViews: Int32Array[] = [];

  constructor(source: (cluster: ClusterState) => TypicalPod[]) {
    this.source = source;
  }

  /** The typical pods in use (derived on first use). */
  typicalPods(cluster: ClusterState): TypicalPod[] {
    if (this.typical === null) this.typical = this.source(cluster);
    return this.typical;
  }

  /** Fragmentation (milli-GPU, all classes but Q3) of a node state, memoized. */
  frag(model: string, cpu: number, left: ArrayLike<number>): number {
    const n = left.length;
    let view = this.views[n];
    if (view === undefined) this.views[n] = view = this.sorted.subarray(0, n);
    // insertion sort into the scratch view (a node has a handful of devices); no allocation
    for (let i = 0; i < n; i++) {
      const x = left[i];
      let j = i - 1;
      while (j >= 0 && view[j] > x) {
        view[j + 1] = view[j];
        j--;
      }
      view[j + 1] = x;
    }
    // the key: model, CPU left, then one UTF-16 unit per device (milli-GPU left, 0..1000)
    let key = model + '|' + cpu + '|';
    for (let i = 0; i < n; i++) key += String.fromCharCode(view[i]);
    let v = this.memo.get(key);
    if (v === undefined) {
      v = nodeFragScore(cpu, view, model, this.typical!);
      if (this.memo.size >= MEMO_LIMIT) this.memo.clear();
      this.memo.set(key, v);
    }
    return v;
  }

  /** calculateGpuShareFragExtendScore: the score and the GPUs (fgd_score.go). */
  choose(cluster: ClusterState, pod: PodInfo, node: NodeInfo, res: GpuPodRes = podRes(pod), key = resKey(res)): FgdChoice {
    this.typicalPods(cluster);
    let c = this.perNode.get(node);
    if (c === undefined || c.gen !== node.generation) {
      const model = node.gpu?.model ?? '';
      c = { gen: node.generation, frag: this.frag(model, cpuLeft(node), node.gpu?.left ?? []), choices: new Map() };
      this.perNode.set(node, c);
    }
    let ch = c.choices.get(key);
    if (ch === undefined) {
      ch = this.compute(pod, node, res, c.frag);
      c.choices.set(key, ch);
    }
    return ch;
  }

  private compute(pod: PodInfo, node: NodeInfo, res: GpuPodRes, before: number): FgdChoice {
    // a pod with no requests at all scores MaxNodeScore
    const r = pod.requests;
    if (res.milli === 0 && r.milliCPU === 0 && r.memory === 0 && r.ephemeralStorage === 0 && Object.keys(r.scalar).length === 0) {
      return { score: MAX_NODE_SCORE, gpus: [] };
    }
    if (!accessible(node, res)) return { score: MIN_NODE_SCORE, gpus: null };
    const model = node.gpu?.model ?? '';
    const left = node.gpu?.left ?? new Int32Array(0);
    const cpu = cpuLeft(node) - res.cpu;
    if (isGpuShare(res)) {
      // try each device that fits; equal milli-left gives the same state, so the first one stands
      let best: FgdChoice = { score: 0, gpus: null };
      const n = left.length;
      let work = this.workViews[n];
      if (work === undefined) this.workViews[n] = work = this.work.subarray(0, n);
      work.set(left);
      for (let i = 0; i < n; i++) {
        const li = left[i];
        if (li < res.milli) continue;
        let tried = false;
        for (let j = 0; j < i; j++) if (left[j] === li) tried = true;
        if (tried) continue;
        work[i] -= res.milli;
        const after = this.frag(model, cpu, work);
        work[i] += res.milli;
        const s = Math.trunc(sigmoid((before - after) / 1000) * MAX_NODE_SCORE);
        if (best.gpus === null || s > best.score) best = { score: s, gpus: [i] };
      }
      return best;
    }
    // NodeResource.Sub: whole GPUs from the devices with the least milli left that suffice
    const n = left.length;
    let after = this.workViews[n];
    if (after === undefined) this.workViews[n] = after = this.work.subarray(0, n);
    after.set(left);
    let need = res.count;
    let cpuAfter = cpu;
    if (cpuLeft(node) < res.cpu || n < res.count) cpuAfter = cpuLeft(node);
    else if (need > 0) {
      // device indexes by (milli left, index), a stable insertion sort
      const order = this.order;
      for (let i = 0; i < n; i++) {
        let j = i - 1;
        while (j >= 0 && left[order[j]] > left[i]) {
          order[j + 1] = order[j];
          j--;
        }
        order[j + 1] = i;
      }
      for (let k = 0; k < n; k++) {
        if (need <= 0) break;
        const i = order[k];
        if (res.milli <= after[i]) {
          after[i] -= res.milli;
          need--;
        }
      }
    }
    const s = Math.trunc(sigmoid((before - this.frag(model, cpuAfter, after)) / 1000) * MAX_NODE_SCORE);
    const gpus = res.count === 0 ? [] : allocateExclusive(left, res.milli, res.count);
    return { score: s, gpus };
  }
}

/** Cache key of a pod shape. */
export function resKey(r: GpuPodRes): string {
  return `${r.cpu}/${r.milli}/${r.count}/${r.spec}`;
}

const podRes0: GpuPodRes = { cpu: 0, milli: 0, count: 0, spec: '', models: null };

/** The FGDScore plugin. */
export const newFGDScore: PluginFactory = (args, handle): SchedulerPlugin => {
  const ev = new FgdEvaluator(typicalPodsSource(args, NAME));
  let lastPod: PodInfo | null = null;
  let lastRes: GpuPodRes = podRes0;
  let lastKey = '';
  return {
    name: NAME,
    score(_state: CycleState, pod: PodInfo, node: NodeInfo): number {
      // a cycle scores one pod on many nodes: its resources are read once
      if (pod !== lastPod) {
        lastPod = pod;
        lastRes = podRes(pod);
        lastKey = resKey(lastRes);
      }
      return ev.choose(handle.cluster, pod, node, lastRes, lastKey).score;
    },
    scoreNodes(_state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], scores: number[]): void {
      const res = podRes(pod);
      const key = resKey(res);
      for (let i = 0; i < nodes.length; i++) scores[i] = ev.choose(handle.cluster, pod, nodes[i], res, key).score;
    },
    /** exposed for Open-Gpu-Share's gpuSelMethod FGDScore and for tests */
    fgd: ev,
  } as SchedulerPlugin & { fgd: FgdEvaluator };
};

