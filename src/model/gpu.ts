/**
 * GPU sharing in the cluster model: the names a manifest uses, a pod's GPU request, a node's GPU
 * devices with the milli-GPU left on each, and the GPU-selection rules inside a node.
 *
 * Names and semantics follow the FGD paper's simulator (github.com/hkust-adsl/kubernetes-scheduler-simulator,
 * Apache-2.0), which inherits them from Alibaba's GPU-share scheduler:
 * - pkg/type/open-gpu-share/utils/const.go: annotation / resource names, MILLI, MaxSpecCpu/Gpu
 * - pkg/type/open-gpu-share/utils/pod.go, node.go: how a pod's request and a node's GPUs are read
 * - pkg/type/open-gpu-share/cache/gpunodeinfo.go AllocateGpuId: the default (tightest-fit) selection
 * - pkg/simulator/plugin/open_gpu_share.go: best / worst / random GPU selection
 * - pkg/type/resource.go AllocateExclusiveGpuId, NodeResource.Sub
 * See docs/gpu.md.
 */
import type { Node, Pod } from './types.ts';

/** Pod annotation: milli-GPU per requested GPU (1000 = a whole GPU); node capacity: total milli-GPU. */
export const GPU_MILLI = 'alibabacloud.com/gpu-milli';
/** Pod annotation: number of GPUs; node capacity/allocatable (extended resource): number of GPU devices. */
export const GPU_COUNT = 'alibabacloud.com/gpu-count';
/** Pod annotation, set when the pod is bound (or preset by the user): the GPU indexes, `-`-separated ("0-1-2"). */
export const GPU_INDEX = 'alibabacloud.com/gpu-index';
/** Node label: the GPU model; pod annotation: the allowed models, `|`-separated ("V100M16|V100M32"). */
export const GPU_MODEL = 'alibabacloud.com/gpu-card-model';
/** Separator of GPU indexes in {@link GPU_INDEX}. */
export const DEV_ID_SEP = '-';
/** Milli-GPU of one whole GPU. */
export const MILLI = 1000;
/** Largest node in CPU (millicores) and GPU (milli-GPU), used by DotProduct and BestFit to normalize. */
export const MAX_SPEC_CPU = 128000;
export const MAX_SPEC_GPU = 8000;

/** GPU models of the Alibaba trace and the simulator's table (const.go MapGpuTypeMemoryMiB keys). */
export const KNOWN_GPU_MODELS: readonly string[] = ['P4', '2080', '1080', 'M40', 'T4', 'V100M16', 'P100', 'A10', '3090', 'V100M32', 'A100', 'G1', 'G2', 'G3'];

/** A pod's GPU request, read once from its annotations. */
export interface PodGpu {
  /** Milli-GPU per GPU, 1..1000 (below 1000 only with count 1: a GPU-sharing pod). */
  readonly milli: number;
  /** Number of GPUs. */
  readonly count: number;
  /** The `gpu-card-model` annotation as written ('' = any model). */
  readonly spec: string;
  /** Allowed models (non-empty entries of spec), or null for any. */
  readonly models: readonly string[] | null;
  /** GPU indexes preset with the gpu-index annotation, or null. */
  readonly presetIndex: readonly number[] | null;
}

/** True for a GPU-sharing request (one GPU, part of it). resource.go PodResource.IsGpuShare */
export function isGpuShare(g: { milli: number; count: number }): boolean {
  return g.count === 1 && g.milli < MILLI;
}

/** Parses `value` as Go's strconv.Atoi would accept it for a count; NaN when invalid. */
function parseIntStrict(value: string): number {
  return /^[+-]?\d+$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
}

/** Parses a gpu-index annotation ("1" or "0-1-2"); null when absent or invalid. pod.go GpuIdStrToIntList */
export function parseGpuIndex(value: string | undefined): number[] | null {
  if (value === undefined || value === '') return null;
  const out: number[] = [];
  for (const s of value.split(DEV_ID_SEP)) {
    const n = parseIntStrict(s);
    if (!Number.isInteger(n) || n < 0) return null;
    out.push(n);
  }
  return out;
}

/** Splits a `|`-separated model list; null when it names no model. utils.go IsNodeAccessibleToPodByType */
export function parseGpuSpec(spec: string): string[] | null {
  const models = spec.split('|').filter((m) => m.length > 0);
  return models.length > 0 ? models : null;
}

/**
 * The GPU request of a pod from its annotations, or null when it asks for no GPU (gpu-milli absent
 * or ≤ 0, as the simulator's filter passes such pods). Lenient like pod.go: unparsable values count as 0.
 */
export function podGpuFromAnnotations(annotations: Record<string, string> | undefined): PodGpu | null {
  if (annotations === undefined) return null;
  const milliRaw = annotations[GPU_MILLI];
  if (milliRaw === undefined) return null;
  const milli = parseIntStrict(milliRaw);
  if (!(milli > 0)) return null;
  const countRaw = annotations[GPU_COUNT];
  const c = countRaw === undefined ? 0 : parseIntStrict(countRaw);
  const count = Number.isInteger(c) && c >= 0 ? c : 0;
  const spec = annotations[GPU_MODEL] ?? '';
  return { milli, count, spec, models: parseGpuSpec(spec), presetIndex: parseGpuIndex(annotations[GPU_INDEX]) };
}

/** The GPU request of a pod (see {@link podGpuFromAnnotations}). */
export function podGpuOf(pod: Pod): PodGpu | null {
  return podGpuFromAnnotations(pod.metadata.annotations);
}

/** Whether a node of GPU model `nodeModel` ('' = no GPU) may run a pod asking for `models`. utils.go IsNodeAccessibleToPodByType */
export function modelAccessible(nodeModel: string, models: readonly string[] | null): boolean {
  if (models === null) return true;
  if (nodeModel === '') return false;
  return models.includes(nodeModel);
}

/**
 * The GPU affinity tag of a pod (pod.go GetGpuAffinityFromPodAnnotation): 'share-gpu' for a
 * sharing pod, '<n>-gpu' for whole GPUs. (The simulator panics on other combinations; kubesim tags them '<n>x<milli>m'.)
 */
export function gpuAffinityTag(g: PodGpu): string {
  if (isGpuShare(g)) return 'share-gpu';
  if (g.milli === MILLI) return `${g.count}-gpu`;
  return `${g.count}x${g.milli}m`;
}

/** Number of GPU devices of a node: its gpu-count capacity (allocatable when no capacity). node.go GetGpuCountOfNode */
export function nodeGpuCount(node: Node): number {
  const v = node.status?.capacity?.[GPU_COUNT] ?? node.status?.allocatable?.[GPU_COUNT];
  if (v === undefined) return 0;
  const n = typeof v === 'number' ? v : parseIntStrict(String(v));
  return Number.isInteger(n) && n > 0 ? n : 0;
}

/** The GPU model label of a node ('' when unlabeled). node.go GetGpuModelOfNode */
export function nodeGpuModel(node: Node): string {
  return node.metadata.labels?.[GPU_MODEL] ?? '';
}

/**
 * A node's GPU devices: milli-GPU left per device (index = device index), updated incrementally
 * as GPU pods are added and removed, and the count of its pods per GPU affinity tag
 * (gpunodeinfo.go GpuNodeInfo + utils.go GetNodeResourceViaNodeInfo's GpuAffinity).
 */
export class NodeGpu {
  readonly count: number;
  readonly model: string;
  /** Milli-GPU left on each device. */
  readonly left: Int32Array;
  /** Sum of `left`. */
  totalLeft: number;
  /** GPU affinity tag → number of pods on the node with it. */
  readonly affinity = new Map<string, number>();

  constructor(count: number, model: string) {
    this.count = count;
    this.model = model;
    this.left = new Int32Array(count).fill(MILLI);
    this.totalLeft = count * MILLI;
  }

  /** Devices with all their milli-GPU free. */
  fullyFree(): number {
    let n = 0;
    for (let i = 0; i < this.count; i++) if (this.left[i] === MILLI) n++;
    return n;
  }

  /** Takes `milli` from each device of `index` (the same index may repeat) and tags the pod's affinity. */
  take(index: readonly number[], milli: number, tag: string): void {
    for (const i of index) this.left[i] -= milli;
    this.totalLeft -= milli * index.length;
    this.affinity.set(tag, (this.affinity.get(tag) ?? 0) + 1);
  }

  /** Gives back what {@link take} took. */
  give(index: readonly number[], milli: number, tag: string): void {
    for (const i of index) this.left[i] += milli;
    this.totalLeft += milli * index.length;
    const n = (this.affinity.get(tag) ?? 0) - 1;
    if (n > 0) this.affinity.set(tag, n);
    else this.affinity.delete(tag);
  }

  /** True when every index is a device with at least `milli` left (counting repeats). */
  fits(index: readonly number[], milli: number): boolean {
    const need = new Map<number, number>();
    for (const i of index) {
      if (!Number.isInteger(i) || i < 0 || i >= this.count) return false;
      need.set(i, (need.get(i) ?? 0) + milli);
    }
    for (const [i, m] of need) if (this.left[i] < m) return false;
    return true;
  }
}

/**
 * The open-gpu-share default selection (gpunodeinfo.go AllocateGpuId): a one-GPU pod takes the
 * device with the least milli-GPU left that still fits (lowest index on ties); a multi-GPU pod
 * takes devices greedily in index order, several of its GPUs on one device when it fits. null
 * when the node cannot host the pod. Also the fit test of the Open-Gpu-Share filter.
 */
export function allocateGpuIdDefault(left: ArrayLike<number>, milli: number, count: number): number[] | null {
  if (milli <= 0 || count <= 0) return null;
  const n = left.length;
  if (count === 1) {
    let cand = -1;
    for (let d = 0; d < n; d++) if (left[d] >= milli && (cand < 0 || left[d] < left[cand])) cand = d;
    return cand < 0 ? null : [cand];
  }
  const idle = Array.from(left);
  const out: number[] = [];
  let d = 0;
  while (d < n && out.length < count) {
    if (idle[d] >= milli) {
      out.push(d);
      idle[d] -= milli;
    } else d++;
  }
  return out.length === count ? out : null;
}

/**
 * Whether {@link allocateGpuIdDefault} finds devices for the pod, without building them: one GPU
 * needs a device with `milli` left; several take ⌊left / milli⌋ slots of each device in turn.
 */
export function gpuFitsDefault(left: ArrayLike<number>, milli: number, count: number): boolean {
  if (milli <= 0 || count <= 0) return false;
  let slots = 0;
  for (let d = 0; d < left.length; d++) {
    if (left[d] >= milli) {
      if (count === 1) return true;
      slots += Math.floor(left[d] / milli);
      if (slots >= count) return true;
    }
  }
  return false;
}

/**
 * Whole free devices for a pod, in index order, until milli × count is covered
 * (resource.go AllocateExclusiveGpuId); null when there are not enough free devices.
 */
export function allocateExclusive(left: ArrayLike<number>, milli: number, count: number): number[] | null {
  let need = milli * count;
  const out: number[] = [];
  for (let d = 0; d < left.length && need > 0; d++) {
    if (left[d] === MILLI) {
      out.push(d);
      need -= MILLI;
    }
  }
  return need > 0 ? null : out;
}

/** How a policy picks the device of a sharing pod (open_gpu_share.go allocateGpuIdBasedOn{Best,Worst,Random}Fit). */
export type GpuSelMethod = 'best' | 'worst' | 'random';

/**
 * Best / worst / random fit: a sharing pod takes the fitting device with the least (best) or
 * most (worst) milli left, first index on ties, or a uniformly random fitting device; a pod of
 * whole GPUs takes free devices in index order ({@link allocateExclusive}).
 */
export function selectGpus(method: GpuSelMethod, left: ArrayLike<number>, milli: number, count: number, rng?: () => number): number[] | null {
  if (!isGpuShare({ milli, count })) return allocateExclusive(left, milli, count);
  let cand = -1;
  let seen = 0;
  for (let d = 0; d < left.length; d++) {
    if (left[d] < milli) continue;
    if (method === 'best') {
      if (cand < 0 || left[d] < left[cand]) cand = d;
    } else if (method === 'worst') {
      if (cand < 0 || left[d] > left[cand]) cand = d;
    } else {
      seen++;
      if (Math.floor((rng ?? Math.random)() * seen) === 0) cand = d;
    }
  }
  return cand < 0 ? null : [cand];
}
