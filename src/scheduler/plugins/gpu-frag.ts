/**
 * The GPU-sharing views and maths the FGD paper's policies share: a node's and a pod's resources
 * as the simulator sees them, GPU fragmentation against a target workload's typical pods, and
 * the typical pods themselves.
 *
 * follows github.com/hkust-adsl/kubernetes-scheduler-simulator (Apache-2.0):
 * - pkg/type/resource.go: NodeResource / PodResource, TargetPodList order, Sub
 * - pkg/utils/utils.go: GetPodResource, GetNodeResourceViaNodeInfo, IsNodeAccessibleToPod
 * - pkg/utils/frag.go: GetNodePodFrag, NodeGpuShareFragAmount(Score), GetTypicalPods,
 *   CanNodeHostPodOnGpuMemory, GetGpuFragMilliByNodeResAndPodRes
 */
import type { ClusterState } from '../../model/cluster.ts';
import { MILLI, modelAccessible, parseGpuSpec } from '../../model/gpu.ts';
import type { NodeInfo } from '../../model/node-info.ts';
import type { PodInfo } from '../../model/pod-info.ts';

/** A pod's resources as the policies see them (resource.go PodResource). */
export interface GpuPodRes {
  /** CPU request in millicores, with the scheduler's non-zero default (GetPodResource uses GetNonzeroRequests). */
  readonly cpu: number;
  /** Milli-GPU per GPU (0 for a pod without GPU). */
  readonly milli: number;
  /** Number of GPUs. */
  readonly count: number;
  /** gpu-card-model annotation ('' = any). */
  readonly spec: string;
  /** Parsed spec (null = any model). */
  readonly models: readonly string[] | null;
}

/** A typical pod of the target workload with its frequency in [0, 1] (resource.go TargetPod). */
export interface TypicalPod extends GpuPodRes {
  readonly freq: number;
}

/** The pod's resources (utils.go GetPodResource). */
export function podRes(p: PodInfo): GpuPodRes {
  const g = p.gpu;
  if (!g) return { cpu: p.nonZeroMilliCPU, milli: 0, count: gpuCountAnnotation(p), spec: '', models: null };
  return { cpu: p.nonZeroMilliCPU, milli: g.milli, count: g.count, spec: g.spec, models: g.models };
}

function gpuCountAnnotation(p: PodInfo): number {
  const v = p.pod.metadata.annotations?.['alibabacloud.com/gpu-count'];
  const n = v === undefined ? 0 : Number(v);
  return Number.isInteger(n) && n > 0 ? n : 0;
}

const NO_GPUS = new Int32Array(0);

/** Milli-CPU left on a node: allocatable − requested (utils.go GetNodeResourceViaNodeInfo). */
export function cpuLeft(n: NodeInfo): number {
  return n.allocatable.milliCPU - n.requested.milliCPU;
}

/** Milli-GPU left per device (empty for a node without GPUs). */
export function gpuLeft(n: NodeInfo): Int32Array {
  return n.gpu?.left ?? NO_GPUS;
}

/** Whether the node's GPU model suits the pod (utils.go IsNodeAccessibleToPod). */
export function accessible(n: NodeInfo, pod: GpuPodRes): boolean {
  return modelAccessible(n.gpu?.model ?? '', pod.models);
}

/** True when `count` devices each have ≥ milli left (frag.go CanNodeHostPodOnGpuMemory). */
export function canHostOnGpus(left: ArrayLike<number>, milli: number, count: number): boolean {
  let need = count;
  for (let i = 0; i < left.length; i++) {
    if (left[i] >= milli) {
      need--;
      if (need <= 0) return true;
    }
  }
  return false;
}

/** Fragment classes (frag.go FragRatioDataMap order). */
export const FRAG_TYPES = ['q1_lack_both', 'q2_lack_gpu', 'q3_satisfied', 'q4_lack_cpu', 'xl_satisfied', 'xr_lack_cpu', 'no_access'] as const;
const Q1 = 0;
const Q2 = 1;
const Q3 = 2;
const Q4 = 3;
const XL = 4;
const XR = 5;
const NA = 6;

/** The class of a node's idle GPUs for one pod (frag.go GetNodePodFrag). */
export function nodePodFragType(cpuLeftM: number, left: ArrayLike<number>, model: string, pod: GpuPodRes): number {
  if (pod.milli === 0) return cpuLeftM >= pod.cpu ? XL : XR;
  if (!modelAccessible(model, pod.models)) return NA;
  if (canHostOnGpus(left, pod.milli, pod.count)) return cpuLeftM >= pod.cpu ? Q3 : Q4;
  return cpuLeftM >= pod.cpu ? Q2 : Q1;
}

/**
 * A node's GPU fragment amounts per class, in milli-GPU (frag.go NodeGpuShareFragAmount): for
 * each typical pod, the node's idle milli-GPU weighted by the pod's frequency go to the pod's
 * class, except that when the pod fits (Q3) only the devices too small for it count as
 * fragment (Q2) and the rest as satisfied (Q3).
 */
export function nodeFragAmount(cpuLeftM: number, left: ArrayLike<number>, model: string, typical: readonly TypicalPod[], out = new Float64Array(7)): Float64Array {
  out.fill(0);
  let total = 0;
  for (let i = 0; i < left.length; i++) total += left[i];
  for (const t of typical) {
    const ft = nodePodFragType(cpuLeftM, left, model, t);
    if (ft === Q3) {
      let fragMilli = 0;
      for (let i = 0; i < left.length; i++) if (left[i] < t.milli) fragMilli += left[i];
      out[Q2] += t.freq * fragMilli;
      out[Q3] += t.freq * (total - fragMilli);
    } else out[ft] += t.freq * total;
  }
  return out;
}

const scratch = new Float64Array(7);

/** Fragment amount except Q3 (frag.go NodeGpuShareFragAmountScore / FragAmountSumExceptQ3), summed in the simulator's order. */
export function nodeFragScore(cpuLeftM: number, left: ArrayLike<number>, model: string, typical: readonly TypicalPod[]): number {
  const a = nodeFragAmount(cpuLeftM, left, model, typical, scratch);
  let s = 0;
  for (let i = 0; i < 7; i++) if (i !== Q3) s += a[i];
  return s;
}

/** sigmoid (plugin_utils.go). */
export function sigmoid(x: number): number {
  return 1.0 / (1.0 + Math.exp(-x));
}

/** Options of {@link typicalPods} (v1alpha1.TypicalPodsConfig; the paper's runs use the defaults below). */
export interface TypicalPodsConfig {
  /** Count pods without GPU too (default true). */
  isInvolvedCpuPods?: boolean;
  /** Keep the most frequent shapes until they cover this % of pods (default 95). */
  podPopularityThreshold?: number;
  /** Shapes added per step (default 1). */
  podIncreaseStep?: number;
  /** Extra weight per whole GPU (default 0). */
  gpuResWeight?: number;
}

/** Orders typical pods: frequency descending, then the reverse of resource.go PodResource.Less. */
function lessRes(a: GpuPodRes, b: GpuPodRes): boolean {
  if (a.cpu !== b.cpu) return a.cpu < b.cpu;
  if (a.milli !== b.milli) return a.milli < b.milli;
  if (a.count !== b.count) return a.count < b.count;
  return a.spec < b.spec;
}

/**
 * The target workload's typical pods: pod shapes (CPU, milli-GPU, GPU count, model constraint)
 * by decreasing count, the most popular ones covering `podPopularityThreshold` % of the pods,
 * frequencies renormalized to sum to 1 (frag.go GetTypicalPods).
 */
export function typicalPods(pods: Iterable<GpuPodRes>, cfg: TypicalPodsConfig = {}): TypicalPod[] {
  const involveCpu = cfg.isInvolvedCpuPods ?? true;
  const threshold = cfg.podPopularityThreshold ?? 95;
  const step = cfg.podIncreaseStep ?? 1;
  const gpuW = cfg.gpuResWeight ?? 0;
  const counts = new Map<string, { res: GpuPodRes; n: number }>();
  let total = 0;
  for (const r of pods) {
    if (!involveCpu && r.count === 0) continue;
    const w = gpuW > 0 && r.milli === MILLI ? 1 + r.count * gpuW : 1;
    const key = `${r.cpu}/${r.milli}/${r.count}/${r.spec}`;
    const e = counts.get(key);
    if (e) e.n += w;
    else counts.set(key, { res: { cpu: r.cpu, milli: r.milli, count: r.count, spec: r.spec, models: parseGpuSpec(r.spec) }, n: w });
    total += w;
  }
  const list = [...counts.values()].sort((a, b) => {
    if (a.n !== b.n) return b.n - a.n;
    return lessRes(a.res, b.res) ? 1 : lessRes(b.res, a.res) ? -1 : 0;
  });
  const pct = list.map((e) => e.n);
  const expected = (threshold > 0 ? threshold : 60) * total / 100.0;
  let i = 0;
  let num = 0;
  let cum = 0;
  while (cum < expected) {
    num += step > 0 ? step : 10;
    while (i < num && i < list.length) {
      cum += pct[i];
      pct[i] = pct[i] / total;
      i++;
    }
    if (i >= list.length) break;
  }
  if (i >= list.length) return list.map((e, j) => ({ ...e.res, freq: pct[j] }));
  const out: TypicalPod[] = [];
  for (let j = 0; j < i; j++) out.push({ ...list[j].res, freq: pct[j] / (cum / total) });
  return out;
}

/** Reads `typicalPods` plugin args: [{cpu, milli, count, spec?, freq}]. */
export function typicalPodsFromArgs(v: unknown, plugin: string): TypicalPod[] {
  if (!Array.isArray(v)) throw new Error(`${plugin}: typicalPods must be a list of {cpu, milli, count, spec, freq}`);
  return v.map((e, i) => {
    const o = e as Record<string, unknown>;
    const num = (k: string, dflt?: number): number => {
      const x = o?.[k] ?? dflt;
      if (typeof x !== 'number' || !Number.isFinite(x) || x < 0) throw new Error(`${plugin}: typicalPods[${i}].${k} must be a non-negative number`);
      return x;
    };
    const spec = typeof o?.spec === 'string' ? o.spec : '';
    return { cpu: num('cpu'), milli: num('milli', 0), count: num('count', 0), spec, models: parseGpuSpec(spec), freq: num('freq') };
  });
}

// Typical pods derived from a cluster's pods, computed once per cluster (at the first cycle that needs them)
const derived = new WeakMap<ClusterState, TypicalPod[]>();

/**
 * The typical pods a policy uses: from its args when given (`typicalPods`), else derived once
 * from every pod the cluster holds at the first cycle that needs them (pending and bound), as
 * the simulator derives them from the whole workload before scheduling (simulator.go SetTypicalPods).
 */
export function typicalPodsSource(args: Record<string, unknown> | undefined, plugin: string): (cluster: ClusterState) => TypicalPod[] {
  if (args?.typicalPods !== undefined) {
    const fixed = typicalPodsFromArgs(args.typicalPods, plugin);
    return () => fixed;
  }
  const cfg = (args?.typicalPodsConfig ?? {}) as TypicalPodsConfig;
  return (cluster) => {
    let t = derived.get(cluster);
    if (t === undefined) {
      t = typicalPods([...cluster.pods.values()].map(podRes), cfg);
      derived.set(cluster, t);
    }
    return t;
  };
}
