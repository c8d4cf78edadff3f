/**
 * Whether two node groups are similar enough to balance scale-ups between them: same capacity
 * (memory within a tolerance), allocatable and free resources within tolerances, same labels
 * apart from ignored ones.
 */
import { compareQuantities, newMilliQuantity, newQuantity, parseQuantity, quantityMilliValue, type Quantity } from '../../model/quantity.ts';
import { CPU, podRequests, type Resource } from '../../model/resources.ts';
import type { ResourceList } from '../../model/types.ts';
import type { NodeInfoData } from '../types.ts';

/**
 * Labels always ignored when comparing nodes: hostname, the zone/region labels (beta and
 * stable), fluentd-ds-ready and kops' instance group.
 * mirrors cluster-autoscaler/processors/nodegroupset/compare_nodegroups.go BasicIgnoredLabels
 */
export const BASIC_IGNORED_LABELS: readonly string[] = [
  'kubernetes.io/hostname',
  'failure-domain.beta.kubernetes.io/zone',
  'failure-domain.beta.kubernetes.io/region',
  'topology.kubernetes.io/zone',
  'topology.kubernetes.io/region',
  'beta.kubernetes.io/fluentd-ds-ready',
  'kops.k8s.io/instancegroup',
];

/**
 * Tolerances of the comparison (--max-allocatable-difference-ratio, --max-free-difference-ratio,
 * --memory-difference-ratio).
 * mirrors cluster-autoscaler/config/autoscaling_options.go NodeGroupDifferenceRatios
 */
export interface NodeGroupDifferenceRatios {
  maxAllocatableDifferenceRatio: number;
  maxFreeDifferenceRatio: number;
  maxCapacityMemoryDifferenceRatio: number;
}

/** Allocatable may differ by 5% (DefaultMaxAllocatableDifferenceRatio). */
export const DEFAULT_MAX_ALLOCATABLE_DIFFERENCE_RATIO = 0.05;
/** Free resources may differ by 5% (DefaultMaxFreeDifferenceRatio). */
export const DEFAULT_MAX_FREE_DIFFERENCE_RATIO = 0.05;
/** Memory capacity may differ by 1.5% (DefaultMaxCapacityMemoryDifferenceRatio). */
export const DEFAULT_MAX_CAPACITY_MEMORY_DIFFERENCE_RATIO = 0.015;

/**
 * The default tolerances.
 * mirrors cluster-autoscaler/config/autoscaling_options.go NewDefaultNodeGroupDifferenceRatios
 */
export function newDefaultNodeGroupDifferenceRatios(): NodeGroupDifferenceRatios {
  return {
    maxAllocatableDifferenceRatio: DEFAULT_MAX_ALLOCATABLE_DIFFERENCE_RATIO,
    maxFreeDifferenceRatio: DEFAULT_MAX_FREE_DIFFERENCE_RATIO,
    maxCapacityMemoryDifferenceRatio: DEFAULT_MAX_CAPACITY_MEMORY_DIFFERENCE_RATIO,
  };
}

/**
 * Tells whether two template NodeInfos come from similar node groups.
 * mirrors cluster-autoscaler/processors/nodegroupset/compare_nodegroups.go NodeInfoComparator
 */
export type NodeInfoComparator = (n1: NodeInfoData, n2: NodeInfoData) => boolean;

/** True when the larger and smaller MilliValue differ by at most larger × ratio; false unless exactly two. */
function resourceListWithinTolerance(qtyList: readonly Quantity[], maxDifferenceRatio: number): boolean {
  if (qtyList.length !== 2) return false;
  const a = quantityMilliValue(qtyList[0]);
  const b = quantityMilliValue(qtyList[1]);
  const larger = Math.max(a, b);
  const smaller = Math.min(a, b);
  return larger - smaller <= larger * maxDifferenceRatio;
}

function resourceMapsWithinTolerance(resources: ReadonlyMap<string, Quantity[]>, maxDifferenceRatio: number): boolean {
  for (const qtyList of resources.values()) {
    if (!resourceListWithinTolerance(qtyList, maxDifferenceRatio)) return false;
  }
  return true;
}

/** Every non-ignored label must be present on both nodes with the same value. */
function compareLabels(nodes: readonly NodeInfoData[], ignoredLabels: ReadonlySet<string>): boolean {
  const labels = new Map<string, string[]>();
  for (const n of nodes) {
    for (const [label, value] of Object.entries(n.node.metadata.labels ?? {})) {
      if (ignoredLabels.has(label)) continue;
      const list = labels.get(label);
      if (list === undefined) labels.set(label, [value]);
      else list.push(value);
    }
  }
  for (const values of labels.values()) {
    if (values.length !== 2 || values[0] !== values[1]) return false;
  }
  return true;
}

function pushTo(map: Map<string, Quantity[]>, key: string, q: Quantity): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [q]);
  else list.push(q);
}

/**
 * The NodeInfo's requested resources as a resource list (cpu, memory, pods, ephemeral-storage
 * always; scalar resources of the pods). Pods do not count toward requested pods in the
 * scheduler's NodeInfo, so `pods` is 0.
 * mirrors cluster-autoscaler/utils/scheduler/scheduler.go ResourceToResourceList of NodeInfo.GetRequested
 */
function requestedResourceList(pods: NodeInfoData['pods']): Map<string, Quantity> {
  const requested: Resource = { milliCPU: 0, memory: 0, ephemeralStorage: 0, allowedPodNumber: 0, scalar: {} };
  for (const pod of pods) {
    const r = podRequests(pod);
    requested.milliCPU += r.milliCPU;
    requested.memory += r.memory;
    requested.ephemeralStorage += r.ephemeralStorage;
    for (const [k, v] of Object.entries(r.scalar)) requested.scalar[k] = (requested.scalar[k] ?? 0) + v;
  }
  const result = new Map<string, Quantity>([
    [CPU, newMilliQuantity(requested.milliCPU)],
    ['memory', newQuantity(requested.memory, 'BinarySI')],
    ['pods', newQuantity(requested.allowedPodNumber, 'BinarySI')],
    ['ephemeral-storage', newQuantity(requested.ephemeralStorage, 'BinarySI')],
  ]);
  for (const [k, v] of Object.entries(requested.scalar)) result.set(k, newQuantity(v));
  return result;
}

/** allocatable - requested, exactly (Quantity.Sub); a missing allocatable counts as 0. */
function subtractQuantity(a: Quantity, b: Quantity): Quantity {
  const den = a.den > b.den ? a.den : b.den;
  return { num: a.num * (den / a.den) - b.num * (den / b.den), den, format: a.format };
}

const ZERO: Quantity = { num: 0n, den: 1n, format: 'DecimalSI' };

/** Parsed entries of a resource list. */
function parsedEntries(list: ResourceList | undefined): [string, Quantity][] {
  return Object.entries(list ?? {}).map(([k, v]) => [k, parseQuantity(v)]);
}

/**
 * Whether two NodeInfos are similar enough for their node groups to form one set: every
 * capacity resource on both nodes and equal (memory within maxCapacityMemoryDifferenceRatio),
 * allocatable and free (allocatable − pods' requests) within their ratios, and the same labels
 * except `ignoredLabels`. A node without status.allocatable uses its capacity (the API server's
 * defaulting).
 * mirrors cluster-autoscaler/processors/nodegroupset/compare_nodegroups.go IsCloudProviderNodeInfoSimilar
 */
export function isCloudProviderNodeInfoSimilar(
  n1: NodeInfoData,
  n2: NodeInfoData,
  ignoredLabels: ReadonlySet<string>,
  ratioOpts: NodeGroupDifferenceRatios,
): boolean {
  const capacity = new Map<string, Quantity[]>();
  const allocatable = new Map<string, Quantity[]>();
  const free = new Map<string, Quantity[]>();
  const nodes = [n1, n2];
  for (const n of nodes) {
    const status = n.node.status;
    for (const [res, q] of parsedEntries(status?.capacity)) pushTo(capacity, res, q);
    const alloc = new Map(parsedEntries(status?.allocatable ?? status?.capacity));
    for (const [res, q] of alloc) pushTo(allocatable, res, q);
    for (const [res, q] of requestedResourceList(n.pods)) pushTo(free, res, subtractQuantity(alloc.get(res) ?? ZERO, q));
  }
  for (const [kind, qtyList] of capacity) {
    if (qtyList.length !== 2) return false; // missing capacity
    if (kind === 'memory') {
      if (!resourceListWithinTolerance(qtyList, ratioOpts.maxCapacityMemoryDifferenceRatio)) return false;
    } else if (compareQuantities(qtyList[0], qtyList[1]) !== 0) {
      // Other capacity must match exactly.
      return false;
    }
  }
  if (!resourceMapsWithinTolerance(allocatable, ratioOpts.maxAllocatableDifferenceRatio)) return false;
  if (!resourceMapsWithinTolerance(free, ratioOpts.maxFreeDifferenceRatio)) return false;
  return compareLabels(nodes, ignoredLabels);
}

/**
 * The default comparator: {@link isCloudProviderNodeInfoSimilar} ignoring the basic labels plus
 * `extraIgnoredLabels` (--balancing-ignore-label).
 * mirrors cluster-autoscaler/processors/nodegroupset/compare_nodegroups.go CreateGenericNodeInfoComparator
 */
export function createGenericNodeInfoComparator(extraIgnoredLabels: readonly string[], ratioOpts: NodeGroupDifferenceRatios): NodeInfoComparator {
  const ignored = new Set([...BASIC_IGNORED_LABELS, ...extraIgnoredLabels]);
  return (n1, n2) => isCloudProviderNodeInfoSimilar(n1, n2, ignored, ratioOpts);
}

/**
 * A comparator by the given labels only (--balancing-label): each must be present on both nodes
 * with equal values (so an empty list says every pair is similar).
 * mirrors cluster-autoscaler/processors/nodegroupset/label_nodegroups.go CreateLabelNodeInfoComparator
 */
export function createLabelNodeInfoComparator(labels: readonly string[]): NodeInfoComparator {
  return (n1, n2) => {
    const l1 = n1.node.metadata.labels ?? {};
    const l2 = n2.node.metadata.labels ?? {};
    for (const label of labels) {
      if (!Object.hasOwn(l1, label) || !Object.hasOwn(l2, label)) return false;
      if (l1[label] !== l2[label]) return false;
    }
    return true;
  };
}
