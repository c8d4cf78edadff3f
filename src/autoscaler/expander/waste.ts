/**
 * least-waste expander: keeps the options that leave the least CPU and memory idle on the new
 * nodes (wasted fraction of CPU + wasted fraction of memory, summed).
 */
import { milliValueOf, valueOf } from '../../model/quantity.ts';
import { podRequests } from '../../model/resources.ts';
import type { Node, Pod } from '../../model/types.ts';
import type { ExpansionOption, NodeInfoData } from '../types.ts';

/**
 * Options with the lowest wasted score (ties all kept, in input order); options whose node group
 * has no template NodeInfo are skipped. NodeCount 0 gives a NaN / ±Inf score, as upstream's
 * float division does.
 * mirrors cluster-autoscaler/expander/waste/waste.go BestOptions
 */
export function leastWasteBestOptions(options: readonly ExpansionOption[], nodeInfos: ReadonlyMap<string, NodeInfoData>): ExpansionOption[] {
  let leastWastedScore = 0;
  let leastWastedOptions: ExpansionOption[] | null = null;
  for (const option of options) {
    const { cpu: requestedCPU, memory: requestedMemory } = resourcesForPods(option.pods);
    const nodeInfo = nodeInfos.get(option.nodeGroup);
    if (nodeInfo === undefined) continue; // upstream: "No node info for: <id>"
    const { cpu: nodeCPU, memory: nodeMemory } = resourcesForNode(nodeInfo.node);
    const availCPU = nodeCPU * option.nodeCount;
    const availMemory = nodeMemory * option.nodeCount;
    const wastedCPU = (availCPU - requestedCPU) / availCPU;
    const wastedMemory = (availMemory - requestedMemory) / availMemory;
    const wastedScore = wastedCPU + wastedMemory;
    if (wastedScore === leastWastedScore) {
      leastWastedOptions = leastWastedOptions === null ? [option] : [...leastWastedOptions, option];
    }
    if (leastWastedOptions === null || wastedScore < leastWastedScore) {
      leastWastedScore = wastedScore;
      leastWastedOptions = [option];
    }
  }
  return leastWastedOptions ?? [];
}

/**
 * Summed requests of `pods`: CPU in millicores, memory in bytes.
 * mirrors cluster-autoscaler/expander/waste/waste.go resourcesForPods
 */
export function resourcesForPods(pods: readonly Pod[]): { cpu: number; memory: number } {
  let cpu = 0;
  let memory = 0;
  for (const pod of pods) {
    const r = podRequests(pod);
    cpu += r.milliCPU;
    memory += r.memory;
  }
  return { cpu, memory };
}

/**
 * A node's capacity (not allocatable): CPU in millicores, memory in bytes; 0 when absent.
 * mirrors cluster-autoscaler/expander/waste/waste.go resourcesForNode
 */
export function resourcesForNode(node: Node): { cpu: number; memory: number } {
  const capacity = node.status?.capacity ?? {};
  const cpu = capacity.cpu === undefined ? 0 : milliValueOf(capacity.cpu);
  const memory = capacity.memory === undefined ? 0 : valueOf(capacity.memory);
  return { cpu, memory };
}
