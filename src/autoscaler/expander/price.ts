/**
 * price expander: scores each option by how well the money is spent (node price over the price of
 * the pods it takes, stabilised by a reference pod) times how far its node shape is from the
 * preferred node for the cluster's size; the lowest score wins. See upstream's
 * proposals/pricing.md.
 */
import { milliValueOf, valueOf } from '../../model/quantity.ts';
import { podRequests } from '../../model/resources.ts';
import type { Node, Pod } from '../../model/types.ts';
import type { ExpansionOption, NodeInfoData } from '../types.ts';

/** 2^20 bytes (utils/units MiB). */
export const MiB = 1024 * 1024;
/** 2^30 bytes (utils/units GiB). */
export const GiB = 1024 * MiB;

/**
 * Prices of nodes and pods over a time range (seconds of simulated time). Either method throws
 * when it has no price, as upstream's PricingModel returns an error.
 * mirrors cluster-autoscaler/cloudprovider/cloud_provider.go PricingModel
 */
export interface PricingModel {
  nodePrice(node: Node, startSec: number, endSec: number): number;
  podPrice(pod: Pod, startSec: number, endSec: number): number;
}

/**
 * How different the evaluated node is from the preferred one: ≥ 1, 1 meaning a perfect fit.
 * mirrors cluster-autoscaler/expander/price/types.go NodeUnfitness
 */
export type NodeUnfitness = (preferredNode: Node, evaluatedNode: Node) => number;

/** GPU extended resources upstream knows (utils/gpu GPUVendorResourceNames). */
export const GPU_VENDOR_RESOURCE_NAMES: readonly string[] = ['nvidia.com/gpu', 'habana.ai/gaudi', 'gpu.intel.com/xe', 'amd.com/gpu', 'microsoft.com/directx'];

/** Penalty on the score of node groups that do not exist yet (upstream notExistCoeficient). */
export const NOT_EXIST_COEFFICIENT = 2.0;
/** Unfitness given to GPU node groups, making them unattractive (upstream gpuUnfitnessOverride). */
export const GPU_UNFITNESS_OVERRIDE = 1000.0;

/**
 * A node of the given size, as upstream builds the preferred node (name CA-PreferredNode, 100 pods).
 * mirrors cluster-autoscaler/expander/price/preferred.go buildNode
 */
export function buildPreferredNode(millicpu: number, mem: number): Node {
  const capacity = { pods: '100', cpu: `${millicpu}m`, memory: `${mem}` };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: 'CA-PreferredNode' },
    status: { capacity, allocatable: { ...capacity } },
  };
}

/** The node preferred when none can be computed: 4 CPU, 16 GiB (upstream defaultPreferredNode). */
export const defaultPreferredNode: Node = buildPreferredNode(4 * 1000, 4 * 4 * GiB);

/** The pod whose price stabilises the node/pod price ratio: 500m CPU, 500 MiB (priceStabilizationPod). */
export const priceStabilizationPod: Pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { namespace: 'default', name: 'stabilize' },
  spec: { containers: [{ name: '', resources: { requests: { cpu: '500m', memory: `${500 * MiB}` } } }] },
};

/**
 * The preferred node for a cluster of `clusterSize` nodes: the node size doubles each time the
 * cluster grows about 3× (1 CPU / 3750 MiB up to 2 nodes … 32 CPU / 120000 MiB above 200).
 * mirrors cluster-autoscaler/expander/price/preferred.go SimplePreferredNodeProvider.Node
 */
export function simplePreferredNode(clusterSize: number): Node {
  const cpu = 1000;
  if (clusterSize <= 2) return buildPreferredNode(1 * cpu, 3750 * MiB);
  if (clusterSize <= 6) return buildPreferredNode(2 * cpu, 7500 * MiB);
  if (clusterSize <= 20) return buildPreferredNode(4 * cpu, 15000 * MiB);
  if (clusterSize <= 60) return buildPreferredNode(8 * cpu, 30000 * MiB);
  if (clusterSize <= 200) return buildPreferredNode(16 * cpu, 60000 * MiB);
  return buildPreferredNode(32 * cpu, 120000 * MiB);
}

/** CPU capacity in millicores (0 when absent, as a zero Quantity). */
function capacityMilliCPU(node: Node): number {
  const q = node.status?.capacity?.cpu;
  return q === undefined ? 0 : milliValueOf(q);
}

/**
 * Unfitness from CPU capacity only: max(preferred/evaluated, evaluated/preferred).
 * mirrors cluster-autoscaler/expander/price/preferred.go SimpleNodeUnfitness
 */
export function simpleNodeUnfitness(preferredNode: Node, evaluatedNode: Node): number {
  const preferredCpu = capacityMilliCPU(preferredNode);
  const evaluatedCpu = capacityMilliCPU(evaluatedNode);
  return Math.max(preferredCpu / evaluatedCpu, evaluatedCpu / preferredCpu);
}

/**
 * True when the node carries the cloud provider's GPU label or a non-zero GPU allocatable.
 * mirrors cluster-autoscaler/utils/gpu/gpu.go NodeHasGpu
 */
export function nodeHasGpu(gpuLabel: string | undefined, node: Node): boolean {
  if (gpuLabel !== undefined && node.metadata.labels !== undefined && gpuLabel in node.metadata.labels) return true;
  const allocatable = node.status?.allocatable ?? {};
  for (const name of GPU_VENDOR_RESOURCE_NAMES) {
    const q = allocatable[name];
    if (q !== undefined && valueOf(q) !== 0) return true;
  }
  return false;
}

/** What the price filter needs besides the options (upstream: cloud provider, preferred node provider). */
export interface PriceContext {
  pricing: PricingModel;
  /** The preferred node (e.g. {@link simplePreferredNode} of the cluster size); default {@link defaultPreferredNode}. */
  preferredNode?: Node;
  /** Default {@link simpleNodeUnfitness}. */
  nodeUnfitness?: NodeUnfitness;
  /** NodeGroup.Exist(); default: every group exists. */
  nodeGroupExists?: (nodeGroup: string) => boolean;
  /** The cloud provider's GPU label (CloudProvider.GPULabel()). */
  gpuLabel?: string;
  /** Simulated now, seconds; prices are taken over [now, now + 1h]. Default 0. */
  nowSec?: number;
}

/** Go's %f: six decimals, ±Inf and NaN spelled as Go does. */
function formatF(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return v.toFixed(6);
}

/**
 * Options with the lowest price score (ties all kept). Options without a template NodeInfo or
 * whose node or pod price is unknown are skipped; a missing stabilisation price counts as 0.
 * The kept options carry a `… | price-expander: …` debug suffix and, as upstream, no
 * similarNodeGroups (the orchestrator recomputes them).
 * mirrors cluster-autoscaler/expander/price/price.go BestOptions
 */
export function priceBestOptions(options: readonly ExpansionOption[], nodeInfos: ReadonlyMap<string, NodeInfoData>, ctx: PriceContext): ExpansionOption[] {
  let bestOptions: ExpansionOption[] = [];
  let bestOptionScore = 0.0;
  const now = ctx.nowSec ?? 0;
  const then = now + 3600;
  const preferredNode = ctx.preferredNode ?? defaultPreferredNode;
  const unfitness = ctx.nodeUnfitness ?? simpleNodeUnfitness;
  const pricing = ctx.pricing;
  let stabilizationPrice = 0;
  try {
    stabilizationPrice = pricing.podPrice(priceStabilizationPod, now, then);
  } catch {
    // continuing without stabilization, as upstream does
  }
  nextoption: for (const option of options) {
    const nodeInfo = nodeInfos.get(option.nodeGroup);
    if (nodeInfo === undefined) continue;
    let nodePrice: number;
    try {
      nodePrice = pricing.nodePrice(nodeInfo.node, now, then);
    } catch {
      continue;
    }
    const totalNodePrice = nodePrice * option.nodeCount;
    let totalPodPrice = 0.0;
    for (const pod of option.pods) {
      try {
        totalPodPrice += pricing.podPrice(pod, now, then);
      } catch {
        continue nextoption;
      }
    }
    // How well the money is spent.
    const priceSubScore = (totalNodePrice + stabilizationPrice) / (totalPodPrice + stabilizationPrice);
    // How well the node matches generic cluster needs.
    const nodeUnfitness = unfitness(preferredNode, nodeInfo.node);
    let supressedUnfitness = (nodeUnfitness - 1.0) * (1.0 - Math.tanh((option.nodeCount - 1) / 15.0)) + 1.0;
    if (nodeHasGpu(ctx.gpuLabel, nodeInfo.node)) supressedUnfitness = GPU_UNFITNESS_OVERRIDE;
    let optionScore = supressedUnfitness * priceSubScore;
    if (ctx.nodeGroupExists !== undefined && !ctx.nodeGroupExists(option.nodeGroup)) optionScore *= NOT_EXIST_COEFFICIENT;
    const debug =
      `all_nodes_price=${formatF(totalNodePrice)} pods_price=${formatF(totalPodPrice)} stabilized_ratio=${formatF(priceSubScore)} ` +
      `unfitness=${formatF(nodeUnfitness)} suppressed=${formatF(supressedUnfitness)} final_score=${formatF(optionScore)}`;
    const maybeBestOption: ExpansionOption = {
      nodeGroup: option.nodeGroup,
      similarNodeGroups: [],
      nodeCount: option.nodeCount,
      debug: `${option.debug} | price-expander: ${debug}`,
      pods: option.pods,
    };
    if (bestOptions.length === 0 || bestOptionScore === optionScore) {
      bestOptions.push(maybeBestOption);
      bestOptionScore = optionScore;
    } else if (bestOptionScore > optionScore) {
      bestOptions = [maybeBestOption];
      bestOptionScore = optionScore;
    }
  }
  return bestOptions;
}

/** A node group's price for {@link simplePricingModel}. */
export interface NodeGroupPrice {
  nodeGroup: string;
  /** Price of one node for one hour. */
  pricePerHour: number;
  /** The group's template node (its capacity prices the pods). */
  template: Node;
}

/**
 * A pricing model from per-node-group prices per node-hour (kubesim's own; upstream's come from
 * cloud providers).
 * - nodePrice: the node's group price × hours; throws for a node of no priced group.
 * - podPrice: the pod's share of a node by requests, at the cheapest group: over the groups with
 *   CPU and memory capacity, min of price × hours × (cpuRequest/cpuCapacity +
 *   memoryRequest/memoryCapacity) / 2 — CPU and memory each carry half of a node's price, so a
 *   pod requesting a whole node of the cheapest shape costs that node; 0 when no group has
 *   capacity. Like the GCE model it is additive in CPU and memory and independent of where
 *   the pod lands, so the same pods cost the same in every option.
 */
export function simplePricingModel(groups: readonly NodeGroupPrice[], nodeGroupOf: (node: Node) => string | undefined): PricingModel {
  const byGroup = new Map(groups.map((g) => [g.nodeGroup, g]));
  const shapes = groups
    .map((g) => ({
      price: g.pricePerHour,
      cpu: capacityMilliCPU(g.template),
      memory: g.template.status?.capacity?.memory === undefined ? 0 : valueOf(g.template.status.capacity.memory),
    }))
    .filter((s) => s.cpu > 0 && s.memory > 0);
  return {
    nodePrice(node, startSec, endSec) {
      const id = nodeGroupOf(node);
      const g = id === undefined ? undefined : byGroup.get(id);
      if (g === undefined) throw new Error(`price for node ${node.metadata.name ?? ''} not found`);
      return (g.pricePerHour * (endSec - startSec)) / 3600;
    },
    podPrice(pod, startSec, endSec) {
      if (shapes.length === 0) return 0;
      const r = podRequests(pod);
      const hours = (endSec - startSec) / 3600;
      let best = Infinity;
      for (const s of shapes) best = Math.min(best, (s.price * hours * (r.milliCPU / s.cpu + r.memory / s.memory)) / 2);
      return best;
    },
  };
}
