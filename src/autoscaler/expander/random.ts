/** random expander: picks one option uniformly at random (also the chain's final tie-breaker). */
import type { ExpansionOption, NodeInfoData, Rng } from '../types.ts';

/**
 * One option chosen uniformly with `rng` (upstream: rand.Int31n(len)), or undefined when there
 * are none.
 * mirrors cluster-autoscaler/expander/random/random.go BestOption
 */
export function randomBestOption(options: readonly ExpansionOption[], _nodeInfos: ReadonlyMap<string, NodeInfoData> | undefined, rng: Rng): ExpansionOption | undefined {
  if (options.length <= 0) return undefined;
  const pos = Math.min(options.length - 1, Math.floor(rng() * options.length));
  return options[pos];
}

/**
 * The random choice as a filter: a one-element list, or empty.
 * mirrors cluster-autoscaler/expander/random/random.go BestOptions
 */
export function randomBestOptions(options: readonly ExpansionOption[], nodeInfos: ReadonlyMap<string, NodeInfoData> | undefined, rng: Rng): ExpansionOption[] {
  const best = randomBestOption(options, nodeInfos, rng);
  return best === undefined ? [] : [best];
}
