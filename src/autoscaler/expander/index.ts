/**
 * Builds the expander strategy from the `--expander` flag (comma-separated names, default
 * least-waste), as cluster-autoscaler's expander factory does: each name becomes a filter, in
 * order, and random breaks the remaining ties.
 */
import type { ExpansionOption, NodeInfoData, Rng } from '../types.ts';
import { newChainStrategy, type ExpanderFilter, type ExpanderStrategy } from './chain.ts';
import { leastNodesBestOptions } from './leastnodes.ts';
import { mostPodsBestOptions } from './mostpods.ts';
import { priceBestOptions, simplePreferredNode, type NodeUnfitness, type PricingModel } from './price.ts';
import { priorityBestOptions, type PriorityConfigEvent, type PriorityConfigMap } from './priority.ts';
import { randomBestOption, randomBestOptions } from './random.ts';
import { leastWasteBestOptions } from './waste.ts';

export type { ExpanderFilter, ExpanderStrategy } from './chain.ts';
export { newChainStrategy } from './chain.ts';
export { leastWasteBestOptions } from './waste.ts';
export { mostPodsBestOptions } from './mostpods.ts';
export { leastNodesBestOptions } from './leastnodes.ts';
export { randomBestOption, randomBestOptions } from './random.ts';
export { priorityBestOptions, parsePrioritiesYAMLString, PRIORITY_CONFIG_MAP_NAME, CONFIG_MAP_KEY } from './priority.ts';
export type { PriorityConfigMap, PriorityConfigEvent, Priorities } from './priority.ts';
export { priceBestOptions, simplePreferredNode, simpleNodeUnfitness, simplePricingModel, defaultPreferredNode } from './price.ts';
export type { PricingModel, NodeUnfitness, NodeGroupPrice, PriceContext } from './price.ts';

/** Expander names (upstream expander.go *ExpanderName). */
export const RANDOM_EXPANDER_NAME = 'random';
/** most-pods. */
export const MOST_PODS_EXPANDER_NAME = 'most-pods';
/** least-waste (the flag's default). */
export const LEAST_WASTE_EXPANDER_NAME = 'least-waste';
/** least-nodes. */
export const LEAST_NODES_EXPANDER_NAME = 'least-nodes';
/** price. */
export const PRICE_BASED_EXPANDER_NAME = 'price';
/** priority. */
export const PRIORITY_BASED_EXPANDER_NAME = 'priority';
/** grpc: upstream's external plugin, not available in kubesim. */
export const GRPC_EXPANDER_NAME = 'grpc';

/** Names kubesim can build, in upstream's registration order. */
export const AVAILABLE_EXPANDERS: readonly string[] = [
  RANDOM_EXPANDER_NAME,
  MOST_PODS_EXPANDER_NAME,
  LEAST_WASTE_EXPANDER_NAME,
  LEAST_NODES_EXPANDER_NAME,
  PRICE_BASED_EXPANDER_NAME,
  PRIORITY_BASED_EXPANDER_NAME,
];

/** The flag's default (upstream --expander default). */
export const DEFAULT_EXPANDER_FLAG = LEAST_WASTE_EXPANDER_NAME;

/**
 * Splits the `--expander` flag value into names (upstream: strings.Split(opts.ExpanderNames, ",")),
 * nothing trimmed.
 */
export function parseExpanderFlag(flag: string = DEFAULT_EXPANDER_FLAG): string[] {
  return flag.split(',');
}

/** What the expanders need from the rest of the autoscaler. */
export interface ExpanderDeps {
  /** Breaks ties (random expander and the chain's fallback). */
  rng: Rng;
  /** price: prices of nodes and pods; required when `price` is named. */
  pricing?: PricingModel;
  /** price: current number of nodes in the cluster, for the preferred node (absent → 4 CPU / 16 GiB). */
  clusterSize?: () => number;
  /** price: unfitness function (default SimpleNodeUnfitness). */
  nodeUnfitness?: NodeUnfitness;
  /** price: NodeGroup.Exist() (default: all exist). */
  nodeGroupExists?: (nodeGroup: string) => boolean;
  /** price: the cloud provider's GPU label. */
  gpuLabel?: string;
  /** price: simulated now in seconds. */
  now?: () => number;
  /** priority: the current kube-system/cluster-autoscaler-priority-expander ConfigMap, undefined when absent. */
  priorityConfigMap?: () => PriorityConfigMap | undefined;
  /** priority: receives each Warning event the expander records on its ConfigMap. */
  onPriorityEvent?: (event: PriorityConfigEvent) => void;
}

/** The built expander: the chain's bestOption. */
export interface Expander {
  bestOption(options: readonly ExpansionOption[], nodeInfos: ReadonlyMap<string, NodeInfoData>): ExpansionOption | undefined;
}

/** One filter per name, as RegisterDefaultExpanders registers them; undefined for an unknown name. */
function createFilter(name: string, deps: ExpanderDeps): ExpanderFilter | undefined {
  switch (name) {
    case RANDOM_EXPANDER_NAME:
      return {
        bestOptions: (options, nodeInfos) => randomBestOptions(options, nodeInfos, deps.rng),
        bestOption: (options, nodeInfos) => randomBestOption(options, nodeInfos, deps.rng),
      };
    case MOST_PODS_EXPANDER_NAME:
      return { bestOptions: mostPodsBestOptions };
    case LEAST_WASTE_EXPANDER_NAME:
      return { bestOptions: leastWasteBestOptions };
    case LEAST_NODES_EXPANDER_NAME:
      return { bestOptions: leastNodesBestOptions };
    case PRICE_BASED_EXPANDER_NAME: {
      const pricing = deps.pricing;
      if (pricing === undefined) throw new Error(`Couldn't access cloud provider pricing for ${PRICE_BASED_EXPANDER_NAME} expander: no node group prices given`);
      return {
        bestOptions: (options, nodeInfos) =>
          priceBestOptions(options, nodeInfos, {
            pricing,
            preferredNode: deps.clusterSize === undefined ? undefined : simplePreferredNode(deps.clusterSize()),
            nodeUnfitness: deps.nodeUnfitness,
            nodeGroupExists: deps.nodeGroupExists,
            gpuLabel: deps.gpuLabel,
            nowSec: deps.now?.(),
          }),
      };
    }
    case PRIORITY_BASED_EXPANDER_NAME:
      return {
        bestOptions: (options, nodeInfos) => {
          const res = priorityBestOptions(options, nodeInfos, deps.priorityConfigMap?.());
          if (deps.onPriorityEvent !== undefined) for (const e of res.events) deps.onPriorityEvent(e);
          return res.options;
        },
      };
    default:
      return undefined;
  }
}

/**
 * Builds the chain for `names` (see {@link parseExpanderFlag}). Throws, with upstream's message,
 * for a name given twice, a name after `random` (which always returns one option), or an
 * unknown name (the message then lists the valid names); also when `price` is named without
 * `deps.pricing`.
 * mirrors cluster-autoscaler/expander/factory/expander_factory.go Factory.Build
 */
export function buildExpander(names: readonly string[], deps: ExpanderDeps): Expander {
  const filters: ExpanderFilter[] = [];
  const seenExpanders = new Set<string>();
  let strategySeen = false;
  for (let i = 0; i < names.length; i++) {
    const name = names[i];
    if (seenExpanders.has(name)) {
      throw new Error(`Expander ${name} was specified multiple times, each expander must not be specified more than once`);
    }
    if (strategySeen) {
      throw new Error(`Expander ${name} came after an expander ${names[i - 1]} that will always return only one result, this is not allowed since ${name} will never be used`);
    }
    seenExpanders.add(name);
    const filter = createFilter(name, deps);
    if (filter === undefined) {
      const why = name === GRPC_EXPANDER_NAME ? ' (the grpc plugin expander is not available in kubesim)' : '';
      throw new Error(`Expander ${name} not supported${why}; valid expanders: ${AVAILABLE_EXPANDERS.join(', ')}`);
    }
    filters.push(filter);
    if (filter.bestOption !== undefined) strategySeen = true;
  }
  const fallback: ExpanderStrategy = { bestOption: (options, nodeInfos) => randomBestOption(options, nodeInfos, deps.rng) };
  return newChainStrategy(filters, fallback);
}
