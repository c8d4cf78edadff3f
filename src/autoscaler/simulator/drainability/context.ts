/**
 * What drainability rules see besides the pod: delete options, the remaining PDBs, the
 * controllers that exist, and the current time — all plain data.
 * mirrors cluster-autoscaler/simulator/drainability/context.go and
 * cluster-autoscaler/simulator/options/nodedelete.go
 */
import type { RemainingPdbTracker } from './pdb-tracker.ts';

/**
 * Which pods keep their node from being deleted (cluster-autoscaler flags of the same names).
 * mirrors cluster-autoscaler/simulator/options/nodedelete.go NodeDeleteOptions
 */
export interface NodeDeleteOptions {
  /** Nodes with kube-system pods (other than DaemonSet or mirror pods) are not deleted. */
  skipNodesWithSystemPods: boolean;
  /** Nodes with pods using local storage (EmptyDir, HostPath) are not deleted. */
  skipNodesWithLocalStorage: boolean;
  /** Nodes with pods owned by custom controllers are not deleted. */
  skipNodesWithCustomControllerPods: boolean;
  /** Minimum replicas a ReplicaSet / ReplicationController must have for its pods to be deleted. */
  minReplicaCount: number;
  /** Seconds after a blocking system pod's creation when CA evicts it anyway (--blocking-system-pod-distruption-timeout). */
  bspDisruptionTimeout: number;
}

/** cluster-autoscaler 1.35's flag defaults for {@link NodeDeleteOptions}. */
export const defaultNodeDeleteOptions: Readonly<NodeDeleteOptions> = {
  skipNodesWithSystemPods: true,
  skipNodesWithLocalStorage: true,
  skipNodesWithCustomControllerPods: true,
  minReplicaCount: 0,
  bspDisruptionTimeout: 3600,
};

/** Delete options with every unset field at its default. */
export function newNodeDeleteOptions(opts: Partial<NodeDeleteOptions> = {}): NodeDeleteOptions {
  return { ...defaultNodeDeleteOptions, ...opts };
}

/**
 * Looks up a pod's controller: its spec.replicas (for kinds without replicas, any number)
 * when it exists, `undefined` when it is not found. Takes the place of upstream's listers.
 */
export type OwnerReplicas = (kind: string, namespace: string, name: string) => number | undefined;

/**
 * What a drainability rule may consult.
 * mirrors cluster-autoscaler/simulator/drainability/context.go DrainContext
 */
export interface DrainContext {
  /** Delete options; unset fields take {@link defaultNodeDeleteOptions}. Used to build the default rules. */
  deleteOptions?: Partial<NodeDeleteOptions>;
  /** PDBs and the disruptions they still allow; absent means none (an empty basic tracker). */
  remainingPdbTracker?: RemainingPdbTracker;
  /** Controller lookup; absent means no listers, so the ReplicaCount rule decides nothing. */
  ownerReplicas?: OwnerReplicas;
  /** The current time, seconds since the epoch (upstream's Timestamp). */
  now: number;
}
