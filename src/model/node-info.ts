/**
 * NodeInfo: one node plus the aggregates of the pods on it, updated incrementally as pods are
 * bound and removed (pkg/scheduler/framework/types.go NodeInfo). The scheduler's filters and
 * scores read only these fields.
 */
import type { PodAffinityIndex } from './affinity-index.ts';
import { allocateGpuIdDefault, gpuAffinityTag, NodeGpu, nodeGpuCount, nodeGpuModel } from './gpu.ts';
import { bumpLabelsEpoch, taintSetId, type NodeTable } from './node-table.ts';
import { hasAffinity, type HostPort, type PodInfo } from './pod-info.ts';
import { addResource, emptyResource, resourceFromList, subtractResource, type Resource } from './resources.ts';
import type { Labels } from './labels.ts';
import type { Node, Taint } from './types.ts';

/** Image size and spread across the cluster (framework.ImageStateSummary). */
export interface ImageStateSummary {
  size: number;
  /** Number of nodes listing this image name; shared by all nodes, kept by the cluster. */
  numNodes: number;
}

/** The scheduler's per-node record. */
export class NodeInfo {
  node: Node;
  readonly name: string;
  labels: Labels;
  taints: readonly Taint[];
  unschedulable: boolean;
  allocatable: Resource;
  readonly requested: Resource = emptyResource();
  /** CPU/memory requested with non-zero defaults (scoring only). */
  nonZeroMilliCPU = 0;
  nonZeroMemory = 0;
  readonly pods: PodInfo[] = [];
  readonly podsWithAffinity: PodInfo[] = [];
  readonly podsWithRequiredAntiAffinity: PodInfo[] = [];
  readonly usedPorts: HostPort[] = [];
  /** Image name → shared summary, for every name in status.images. */
  imageStates: Map<string, ImageStateSummary> = new Map();
  /** Bumped on every change, so callers can cache per-node derived data. */
  generation = 0;
  /** False while the node is NotReady (node lifecycle); the scheduler skips not-ready nodes via taints. */
  ready = true;
  /** The cluster's index of affinity terms, while the node belongs to a ClusterState. */
  affinityIndex: PodAffinityIndex | null = null;
  /** {@link taintSetId} of `taints`. */
  taintSet: number;
  /** The cluster's node table and this node's row in it, while the node belongs to a ClusterState. */
  table: NodeTable | null = null;
  row = -1;
  /** The node's GPU devices (gpu.ts) when it has an alibabacloud.com/gpu-count capacity, else null. */
  gpu: NodeGpu | null = null;
  /** GPU pods holding devices of `gpu`, with the device indexes they took. */
  private readonly gpuHeld = new Map<PodInfo, readonly number[]>();

  constructor(node: Node) {
    this.node = node;
    this.name = node.metadata.name ?? '';
    this.labels = node.metadata.labels;
    this.taints = node.spec?.taints ?? [];
    this.taintSet = taintSetId(this.taints);
    this.unschedulable = node.spec?.unschedulable === true;
    // API server defaulting: allocatable defaults to capacity when absent.
    this.allocatable = resourceFromList(node.status?.allocatable ?? node.status?.capacity);
    const gpus = nodeGpuCount(node);
    if (gpus > 0) this.gpu = new NodeGpu(gpus, nodeGpuModel(node));
  }

  /** Re-reads labels, taints, unschedulable and allocatable after the Node object changed. */
  setNode(node: Node): void {
    const index = this.affinityIndex;
    // Topology values may change with the labels: move this node's affinity pods in the index.
    if (index !== null) for (const p of this.podsWithAffinity) index.update(p, this.labels, -1);
    this.node = node;
    const before = this.labels;
    this.labels = node.metadata.labels;
    if (before !== this.labels) bumpLabelsEpoch();
    if (index !== null) for (const p of this.podsWithAffinity) index.update(p, this.labels, 1);
    index?.selectorCounts.relabel(this, before, this.labels);
    this.taints = node.spec?.taints ?? [];
    this.taintSet = taintSetId(this.taints);
    this.unschedulable = node.spec?.unschedulable === true;
    this.allocatable = resourceFromList(node.status?.allocatable ?? node.status?.capacity);
    const gpus = nodeGpuCount(node);
    const model = nodeGpuModel(node);
    if (gpus !== (this.gpu?.count ?? 0) || model !== (this.gpu?.model ?? '')) {
      // the devices changed: rebuild them and place the GPU pods again
      for (const p of this.gpuHeld.keys()) this.releaseGpu(p);
      this.gpu = gpus > 0 ? new NodeGpu(gpus, model) : null;
      for (const p of this.pods) this.holdGpu(p);
    }
    this.generation++;
    this.table?.sync(this);
  }

  /**
   * Gives a GPU pod its devices: those already chosen for it (Reserve, or the gpu-index
   * annotation) when they still fit, else the open-gpu-share default choice. A pod that does not
   * fit (bound by hand to a full node) holds nothing.
   */
  private holdGpu(p: PodInfo): void {
    const g = p.gpu;
    const ng = this.gpu;
    if (!g || !ng) return;
    let idx: readonly number[] | null = p.gpuIndex ?? g.presetIndex;
    if (idx === null || idx.length !== g.count || !ng.fits(idx, g.milli)) idx = allocateGpuIdDefault(ng.left, g.milli, g.count);
    if (idx === null) return;
    p.gpuIndex = [...idx];
    ng.take(idx, g.milli, gpuAffinityTag(g));
    this.gpuHeld.set(p, idx);
  }

  private releaseGpu(p: PodInfo): void {
    const idx = this.gpuHeld.get(p);
    if (idx === undefined) return;
    this.gpuHeld.delete(p);
    this.gpu?.give(idx, p.gpu!.milli, gpuAffinityTag(p.gpu!));
  }

  /** Adds a pod's requests, ports and affinity to the aggregates (NodeInfo.AddPodInfo). */
  addPod(p: PodInfo): void {
    this.pods.push(p);
    addResource(this.requested, p.requests);
    this.nonZeroMilliCPU += p.nonZeroMilliCPU;
    this.nonZeroMemory += p.nonZeroMemory;
    if (hasAffinity(p)) {
      this.podsWithAffinity.push(p);
      this.affinityIndex?.update(p, this.labels, 1);
    }
    if (p.requiredAntiAffinityTerms.length > 0) this.podsWithRequiredAntiAffinity.push(p);
    for (const hp of p.hostPorts) this.usedPorts.push(hp);
    if (p.gpu) this.holdGpu(p);
    this.affinityIndex?.selectorCounts.update(p, this, 1);
    this.generation++;
    this.table?.sync(this);
  }

  /**
   * The order of this node's pod lists, for {@link restoreOrder}: what-if simulations (the
   * cluster-autoscaler's snapshot) take pods off and put them back, and must leave the node
   * exactly as it was, order included.
   */
  saveOrder(): NodeInfoOrder {
    return { pods: [...this.pods], affinity: [...this.podsWithAffinity], anti: [...this.podsWithRequiredAntiAffinity], ports: [...this.usedPorts], gpu: [...this.gpuHeld] };
  }

  /** Puts the pod lists back in a saved order (the same pods must be on the node again). */
  restoreOrder(o: NodeInfoOrder): void {
    const put = <T>(arr: T[], from: readonly T[]): void => {
      arr.length = 0;
      for (const x of from) arr.push(x);
    };
    put(this.pods, o.pods);
    put(this.podsWithAffinity, o.affinity);
    put(this.podsWithRequiredAntiAffinity, o.anti);
    put(this.usedPorts, o.ports);
    this.gpuHeld.clear();
    for (const [k, v] of o.gpu) this.gpuHeld.set(k, v);
  }

  /** Removes a pod added before (NodeInfo.RemovePod). Returns false when it was not here. */
  removePod(p: PodInfo): boolean {
    const i = this.pods.indexOf(p);
    if (i < 0) return false;
    swapRemove(this.pods, i);
    subtractResource(this.requested, p.requests);
    this.nonZeroMilliCPU -= p.nonZeroMilliCPU;
    this.nonZeroMemory -= p.nonZeroMemory;
    const a = this.podsWithAffinity.indexOf(p);
    if (a >= 0) {
      swapRemove(this.podsWithAffinity, a);
      this.affinityIndex?.update(p, this.labels, -1);
    }
    const r = this.podsWithRequiredAntiAffinity.indexOf(p);
    if (r >= 0) swapRemove(this.podsWithRequiredAntiAffinity, r);
    for (const hp of p.hostPorts) {
      const k = this.usedPorts.indexOf(hp);
      if (k >= 0) swapRemove(this.usedPorts, k);
    }
    if (p.gpu) this.releaseGpu(p);
    this.affinityIndex?.selectorCounts.update(p, this, -1);
    this.generation++;
    this.table?.sync(this);
    return true;
  }
}

/** The saved order of a NodeInfo's pod lists ({@link NodeInfo.saveOrder}). */
export interface NodeInfoOrder {
  readonly pods: readonly PodInfo[];
  readonly affinity: readonly PodInfo[];
  readonly anti: readonly PodInfo[];
  readonly ports: readonly HostPort[];
  readonly gpu: readonly (readonly [PodInfo, readonly number[]])[];
}

function swapRemove<T>(arr: T[], i: number): void {
  const last = arr.length - 1;
  if (i !== last) arr[i] = arr[last];
  arr.pop();
}
