/** most-pods expander: keeps the options that would schedule the most pending pods. */
import type { ExpansionOption, NodeInfoData } from '../types.ts';

/**
 * Options with the largest pod count (ties all kept, in input order). Options with no pods tie
 * at the initial maximum of 0 and are kept when nothing better exists.
 * mirrors cluster-autoscaler/expander/mostpods/mostpods.go BestOptions
 */
export function mostPodsBestOptions(options: readonly ExpansionOption[], _nodeInfos?: ReadonlyMap<string, NodeInfoData>): ExpansionOption[] {
  let maxPods = 0;
  let maxOptions: ExpansionOption[] = [];
  for (const option of options) {
    const n = option.pods.length;
    if (n === maxPods) {
      maxOptions.push(option);
      continue;
    }
    if (n > maxPods) {
      maxPods = n;
      maxOptions = [option];
    }
  }
  return maxOptions;
}
