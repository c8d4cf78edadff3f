/**
 * Node utilization as cluster-autoscaler measures it for scale down: the sum of the pods'
 * requests over the node's allocatable, for cpu and memory (the higher wins), or for the GPU
 * resource alone on GPU nodes.
 * mirrors cluster-autoscaler/simulator/utilization/info.go and cluster-autoscaler/utils/gpu/gpu.go
 */
import { parseQuantity, quantityMilliValue } from '../../model/quantity.ts';
import type { Quantity } from '../../model/quantity.ts';
import { podRequestQuantities } from '../../model/resources.ts';
import type { Node } from '../../model/types.ts';
import type { NodeInfoData } from '../types.ts';
import { isDaemonSetPod, isMirrorPod, isPodLongTerminating } from './drainability/pod-utils.ts';

/** Nvidia's GPU extended resource name. */
export const ResourceNvidiaGPU = 'nvidia.com/gpu';

/**
 * The known GPU vendor extended resource names, in upstream's order.
 * mirrors cluster-autoscaler/utils/gpu/gpu.go GPUVendorResourceNames
 */
export const gpuVendorResourceNames: readonly string[] = [
  ResourceNvidiaGPU,
  'habana.ai/gaudi',
  'gpu.intel.com/xe',
  'amd.com/gpu',
  'microsoft.com/directx',
];

/**
 * Utilization of a node.
 * mirrors cluster-autoscaler/simulator/utilization/info.go Info
 */
export interface UtilizationInfo {
  cpuUtil: number;
  memUtil: number;
  /** Set on GPU nodes only. */
  gpuUtil?: number;
  /** The resource the utilization was taken from ('cpu', 'memory' or the GPU resource). */
  resourceName: string;
  /** max(cpuUtil, memUtil), or gpuUtil on GPU nodes. */
  utilization: number;
}

/** {@link calculateUtilization}'s answer: the info, with an error message when it failed (all zeros then). */
export interface UtilizationResult extends UtilizationInfo {
  error?: string;
}

/** Options of {@link calculateUtilization}. */
export interface UtilizationOptions {
  /** Leave DaemonSet pods out of requests and allocatable (--ignore-daemonsets-utilization). */
  skipDaemonSetPods: boolean;
  /** Leave mirror pods out of requests and allocatable (--ignore-mirror-pods-utilization). */
  skipMirrorPods: boolean;
  /**
   * The GPU resource name when the node is a GPU node (upstream's gpuConfig.ExtendedResourceName,
   * see {@link nodeGpuResourceName}); undefined for other nodes.
   */
  gpuResourceName?: string;
}

/** The allocatable quantity of `name` on the node, if listed. */
function allocatableQuantity(node: Node, name: string): Quantity | undefined {
  const v = node.status?.allocatable?.[name];
  return v === undefined ? undefined : parseQuantity(v);
}

function addQuantities(a: Quantity, b: Quantity): Quantity {
  return { num: a.num * b.den + b.num * a.den, den: a.den * b.den, format: a.format };
}

const ZERO: Quantity = { num: 0n, den: 1n, format: 'DecimalSI' };

/**
 * Utilization of one resource: requests of the pods (minus long-terminating pods) over
 * allocatable; skipped DaemonSet / mirror pods come off allocatable instead. An error when the
 * node does not list the resource or lists 0.
 * mirrors cluster-autoscaler/simulator/utilization/info.go CalculateUtilizationOfResource
 */
export function calculateUtilizationOfResource(
  nodeInfo: NodeInfoData,
  resourceName: string,
  skipDaemonSetPods: boolean,
  skipMirrorPods: boolean,
  now: number,
): { value: number; error?: string } {
  const nodeName = nodeInfo.node.metadata.name ?? '';
  const allocatable = allocatableQuantity(nodeInfo.node, resourceName);
  if (allocatable === undefined) return { value: 0, error: `failed to get ${resourceName} from ${nodeName}` };
  const allocatableMilli = quantityMilliValue(allocatable);
  if (allocatableMilli === 0) return { value: 0, error: `${resourceName} is 0 at ${nodeName}` };

  // fast path: per-spec milli values as numbers (pods of one template share their spec); exact
  // while every sum stays a safe integer, else the Quantity arithmetic below gives the same answer
  let reqMilli = 0;
  let skipMilli = 0;
  let exact = Number.isSafeInteger(allocatableMilli);
  for (const pod of nodeInfo.pods) {
    if (!exact) break;
    const v = requestMilli(pod, resourceName);
    if ((skipDaemonSetPods && isDaemonSetPod(pod)) || (skipMirrorPods && isMirrorPod(pod))) skipMilli += v;
    else if (!isPodLongTerminating(pod, now)) reqMilli += v;
    exact = Number.isSafeInteger(v) && Number.isSafeInteger(reqMilli) && Number.isSafeInteger(skipMilli);
  }
  if (exact) return { value: reqMilli / (allocatableMilli - skipMilli) };

  let podsRequest = ZERO;
  let daemonSetAndMirrorPods = ZERO;
  for (const pod of nodeInfo.pods) {
    const value = podRequestQuantities(pod).get(resourceName) ?? ZERO;
    // factor daemonset pods out of the utilization calculations
    if (skipDaemonSetPods && isDaemonSetPod(pod)) {
      daemonSetAndMirrorPods = addQuantities(daemonSetAndMirrorPods, value);
      continue;
    }
    // factor mirror pods out of the utilization calculations
    if (skipMirrorPods && isMirrorPod(pod)) {
      daemonSetAndMirrorPods = addQuantities(daemonSetAndMirrorPods, value);
      continue;
    }
    // ignore Pods that should be terminated
    if (isPodLongTerminating(pod, now)) continue;
    podsRequest = addQuantities(podsRequest, value);
  }
  return { value: quantityMilliValue(podsRequest) / (allocatableMilli - quantityMilliValue(daemonSetAndMirrorPods)) };
}

const milliCache = new WeakMap<object, Map<string, number>>();

/** A pod's request of one resource in milli-units, cached per pod spec (requests depend on the spec only). */
function requestMilli(pod: NodeInfoData['pods'][number], resourceName: string): number {
  let m = milliCache.get(pod.spec);
  if (m === undefined) milliCache.set(pod.spec, (m = new Map()));
  let v = m.get(resourceName);
  if (v === undefined) {
    const q = podRequestQuantities(pod).get(resourceName);
    v = q === undefined ? 0 : quantityMilliValue(q);
    m.set(resourceName, v);
  }
  return v;
}

/**
 * The node's utilization: on a GPU node (`gpuResourceName` set) the GPU resource's alone — 0
 * when the GPU is not ready (not allocatable yet); otherwise cpu and memory, the higher one
 * (memory on a tie) being the utilization. `now` (seconds since the epoch) decides which pods
 * are long terminating. Upstream's DRA branch is not modelled.
 * mirrors cluster-autoscaler/simulator/utilization/info.go Calculate
 */
export function calculateUtilization(nodeInfo: NodeInfoData, opts: UtilizationOptions, now: number): UtilizationResult {
  const { skipDaemonSetPods, skipMirrorPods, gpuResourceName } = opts;
  if (gpuResourceName !== undefined) {
    const gpu = calculateUtilizationOfResource(nodeInfo, gpuResourceName, skipDaemonSetPods, skipMirrorPods, now);
    // An unready GPU counts as 0 so the node can still be scaled down; cpu and memory are skipped.
    const gpuUtil = gpu.error !== undefined ? 0 : gpu.value;
    return { cpuUtil: 0, memUtil: 0, gpuUtil, resourceName: gpuResourceName, utilization: gpuUtil };
  }
  const cpu = calculateUtilizationOfResource(nodeInfo, 'cpu', skipDaemonSetPods, skipMirrorPods, now);
  if (cpu.error !== undefined) return { cpuUtil: 0, memUtil: 0, resourceName: '', utilization: 0, error: cpu.error };
  const mem = calculateUtilizationOfResource(nodeInfo, 'memory', skipDaemonSetPods, skipMirrorPods, now);
  if (mem.error !== undefined) return { cpuUtil: 0, memUtil: 0, resourceName: '', utilization: 0, error: mem.error };
  if (cpu.value > mem.value) return { cpuUtil: cpu.value, memUtil: mem.value, resourceName: 'cpu', utilization: cpu.value };
  return { cpuUtil: cpu.value, memUtil: mem.value, resourceName: 'memory', utilization: mem.value };
}

/** True when the quantity string / number is a non-zero amount. */
function nonZero(v: string | number | undefined): boolean {
  return v !== undefined && parseQuantity(v).num !== 0n;
}

/**
 * The GPU resource name of a GPU node, undefined for other nodes. A node is a GPU node when it
 * carries the cloud provider's GPU label (`gpuLabel`) or has a known GPU vendor resource
 * allocatable; the name is the first vendor resource with non-zero allocatable, else Nvidia's.
 * mirrors cluster-autoscaler/utils/gpu/gpu.go GetNodeGPUFromCloudProvider (NodeHasGpu,
 * DetectNodeGPUResourceName)
 */
export function nodeGpuResourceName(node: Node, gpuLabel?: string): string | undefined {
  const allocatable = node.status?.allocatable ?? {};
  const detected = gpuVendorResourceNames.find((rn) => nonZero(allocatable[rn]));
  const hasLabel = gpuLabel !== undefined && node.metadata.labels !== undefined && gpuLabel in node.metadata.labels;
  if (!hasLabel && detected === undefined) return undefined;
  return detected ?? ResourceNvidiaGPU;
}
