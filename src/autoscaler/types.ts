/**
 * Plain data shared by the node autoscaler's parts (cluster-autoscaler 1.35's vocabulary).
 * Upstream passes *apiv1.Pod, *apiv1.Node and *framework.NodeInfo; we pass the same API objects
 * as plain data (src/model/types.ts), so every pure piece can be driven by upstream's test tables.
 */
import type { Node, Pod } from '../model/types.ts';

/**
 * A node and the pods on it, as plain data (simulator/framework NodeInfo at the edges: a node
 * group's template NodeInfo, or a real node in a test table).
 */
export interface NodeInfoData {
  node: Node;
  pods: Pod[];
}

/**
 * One way to scale up: a node group, how many nodes, and which pending pods they would help.
 * mirrors cluster-autoscaler/expander/expander.go Option
 */
export interface ExpansionOption {
  /** The node group's id (cloudprovider.NodeGroup.Id()). */
  nodeGroup: string;
  /** Groups balanced together with this one (balance-similar-node-groups). */
  similarNodeGroups: string[];
  nodeCount: number;
  /** The estimator's and expander's notes (the option's Debug field). */
  debug: string;
  /** Pending pods the new nodes would take. */
  pods: Pod[];
}

/** A seeded random stream in [0, 1) (seedrandom); every random choice goes through one. */
export type Rng = () => number;
