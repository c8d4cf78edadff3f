/** least-nodes expander: keeps the options that add the fewest nodes. */
import type { ExpansionOption, NodeInfoData } from '../types.ts';

/**
 * Options with the smallest non-zero NodeCount (ties all kept, in input order); options adding
 * zero nodes are ignored.
 * mirrors cluster-autoscaler/expander/leastnodes/leastnodes.go BestOptions
 */
export function leastNodesBestOptions(options: readonly ExpansionOption[], _nodeInfos?: ReadonlyMap<string, NodeInfoData>): ExpansionOption[] {
  let leastNodes = Number.MAX_SAFE_INTEGER;
  let leastOptions: ExpansionOption[] = [];
  for (const option of options) {
    if (option.nodeCount === 0) continue;
    if (option.nodeCount === leastNodes) {
      leastOptions.push(option);
      continue;
    }
    if (option.nodeCount < leastNodes) {
      leastNodes = option.nodeCount;
      leastOptions = [option];
    }
  }
  return leastOptions;
}
