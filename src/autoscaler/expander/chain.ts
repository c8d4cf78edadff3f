/**
 * The expander chain: filters narrow the options in order; as soon as one option is left it is
 * the answer, otherwise the fallback strategy picks among what remains.
 */
import type { ExpansionOption, NodeInfoData } from '../types.ts';

/**
 * Narrows options down to the best ones (upstream expander.Filter).
 * mirrors cluster-autoscaler/expander/expander.go Filter
 */
export interface ExpanderFilter {
  bestOptions(options: readonly ExpansionOption[], nodeInfos: ReadonlyMap<string, NodeInfoData>): ExpansionOption[];
  /**
   * Present on filters that are also strategies (always return at most one option, like
   * random); the factory refuses any expander named after one.
   */
  bestOption?(options: readonly ExpansionOption[], nodeInfos: ReadonlyMap<string, NodeInfoData>): ExpansionOption | undefined;
}

/**
 * Picks one option (upstream expander.Strategy).
 * mirrors cluster-autoscaler/expander/expander.go Strategy
 */
export interface ExpanderStrategy {
  bestOption(options: readonly ExpansionOption[], nodeInfos: ReadonlyMap<string, NodeInfoData>): ExpansionOption | undefined;
}

/**
 * A strategy applying `filters` in order, returning early when one option is left, then asking
 * `fallback` among the remaining options.
 * mirrors cluster-autoscaler/expander/factory/chain.go chainStrategy.BestOption
 */
export function newChainStrategy(filters: readonly ExpanderFilter[], fallback: ExpanderStrategy): ExpanderStrategy {
  return {
    bestOption(options, nodeInfos) {
      let filteredOptions: readonly ExpansionOption[] = options;
      for (const filter of filters) {
        filteredOptions = filter.bestOptions(filteredOptions, nodeInfos);
        if (filteredOptions.length === 1) return filteredOptions[0];
      }
      return fallback.bestOption(filteredOptions, nodeInfos);
    },
  };
}
