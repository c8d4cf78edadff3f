/**
 * balance-similar-node-groups: finding the node groups similar to a chosen one, and splitting a
 * scale-up between a set of groups so their sizes stay as even as possible.
 */
import type { NodeInfoData } from '../types.ts';
import { goSortSlice } from './go-sort.ts';
import type { NodeInfoComparator } from './similarity.ts';

/** A node group's sizes, as balancing reads them (NodeGroup.TargetSize(), MaxSize()). */
export interface NodeGroupSize {
  /** The node group's id. */
  group: string;
  /** Target size. */
  currentSize: number;
  maxSize: number;
}

/**
 * A planned scale-up of one group.
 * mirrors cluster-autoscaler/processors/nodegroupset/nodegroup_set_processor.go ScaleUpInfo
 */
export interface ScaleUpInfo {
  group: string;
  currentSize: number;
  newSize: number;
  maxSize: number;
}

/**
 * `{id current->new (max: max)}`, for logs.
 * mirrors cluster-autoscaler/processors/nodegroupset/nodegroup_set_processor.go ScaleUpInfo.String
 */
export function scaleUpInfoString(s: ScaleUpInfo): string {
  return `{${s.group} ${s.currentSize}->${s.newSize} (max: ${s.maxSize})}`;
}

/**
 * Ids of the groups in `nodeGroups` (the cloud provider's order) other than `nodeGroup` whose
 * template NodeInfo the comparator finds similar to `nodeGroup`'s; groups without a template are
 * skipped. Throws when `nodeGroup` itself has no template (upstream's InternalError).
 * mirrors cluster-autoscaler/processors/nodegroupset/balancing_processor.go FindSimilarNodeGroups
 */
export function findSimilarNodeGroups(
  nodeGroup: string,
  nodeGroups: readonly string[],
  nodeInfosForGroups: ReadonlyMap<string, NodeInfoData>,
  comparator: NodeInfoComparator,
): string[] {
  const nodeInfo = nodeInfosForGroups.get(nodeGroup);
  if (nodeInfo === undefined) throw new Error(`failed to find template node for node group ${nodeGroup}`);
  const result: string[] = [];
  for (const ngId of nodeGroups) {
    if (ngId === nodeGroup) continue;
    const ngNodeInfo = nodeInfosForGroups.get(ngId);
    if (ngNodeInfo === undefined) continue; // upstream warns "Failed to find nodeInfo for group"
    if (comparator(nodeInfo, ngNodeInfo)) result.push(ngId);
  }
  return result;
}

/**
 * Splits `newNodes` between `groups`, always adding to the smallest group, never past a group's
 * max size; the total is capped at the groups' free capacity. Returns the groups that grow, in
 * upstream's order (sorted by current size with Go's unstable sort, maxed-out groups swapped
 * forward). Throws for an empty group list (upstream's InternalError).
 * mirrors cluster-autoscaler/processors/nodegroupset/balancing_processor.go BalanceScaleUpBetweenGroups
 */
export function balanceScaleUpBetweenGroups(groups: readonly NodeGroupSize[], newNodes: number): ScaleUpInfo[] {
  if (groups.length === 0) throw new Error("Can't balance scale up between 0 groups");
  const scaleUpInfos: ScaleUpInfo[] = [];
  let totalCapacity = 0;
  for (const ng of groups) {
    const { currentSize, maxSize } = ng;
    if (currentSize === maxSize) continue; // already maxed
    if (maxSize > currentSize) totalCapacity += maxSize - currentSize;
    scaleUpInfos.push({ group: ng.group, currentSize, newSize: currentSize, maxSize });
  }
  if (totalCapacity < newNodes) newNodes = totalCapacity;

  // Loop over the groups sorted by size, adding a node to the smallest; a group that reaches its
  // max is swapped to the front and excluded by advancing startIndex.
  goSortSlice(scaleUpInfos, (a, b) => a.currentSize < b.currentSize);
  let startIndex = 0;
  let currentIndex = 0;
  while (newNodes > 0) {
    const currentInfo = scaleUpInfos[currentIndex];
    if (currentInfo.newSize < currentInfo.maxSize) {
      currentInfo.newSize++;
      newNodes--;
    } else {
      const t = scaleUpInfos[startIndex];
      scaleUpInfos[startIndex] = scaleUpInfos[currentIndex];
      scaleUpInfos[currentIndex] = t;
      startIndex++;
    }
    // Upstream keeps a pointer into the slice: after a swap, `currentInfo` names the slot at
    // currentIndex, which now holds the swapped-in group.
    const atCurrent = scaleUpInfos[currentIndex];
    if (currentIndex < scaleUpInfos.length - 1 && atCurrent.newSize > scaleUpInfos[currentIndex + 1].newSize) {
      currentIndex++;
    } else {
      currentIndex = startIndex;
    }
  }
  return scaleUpInfos.filter((info) => info.newSize !== info.currentSize).map((info) => ({ ...info }));
}
