/**
 * The cluster-autoscaler's options: its command-line flags in camelCase, with 1.35's defaults.
 * Durations are seconds. mirrors cluster-autoscaler/config/flags/flags.go and
 * config/autoscaling_options.go (AutoscalingOptions, NodeGroupAutoscalingOptions).
 */

/** cluster-autoscaler flags the simulation honours. */
export interface AutoscalingOptions {
  /** scan-interval: how often RunOnce runs. */
  scanInterval: number;
  /** expander: comma-separated chain (least-waste, most-pods, least-nodes, price, priority, random). */
  expander: string[];
  scaleDownEnabled: boolean;
  scaleDownUtilizationThreshold: number;
  scaleDownGpuUtilizationThreshold: number;
  scaleDownUnneededTime: number;
  scaleDownUnreadyTime: number;
  scaleDownDelayAfterAdd: number;
  /** scale-down-delay-after-delete (flag default 0: the next loop may delete again). */
  scaleDownDelayAfterDelete: number;
  scaleDownDelayAfterFailure: number;
  scaleDownNonEmptyCandidatesCount: number;
  scaleDownCandidatesPoolRatio: number;
  scaleDownCandidatesPoolMinCount: number;
  unremovableNodeRecheckTimeout: number;
  maxNodeProvisionTime: number;
  /** max-node-startup-time: a registered node that is not Ready within this is Unready rather than NotStarted. */
  maxNodeStartupTime: number;
  initialNodeGroupBackoffDuration: number;
  maxNodeGroupBackoffDuration: number;
  nodeGroupBackoffResetTimeout: number;
  /** max-nodes-total (0 = no limit). */
  maxNodesTotal: number;
  maxNodesPerScaleUp: number;
  newPodScaleUpDelay: number;
  maxScaleDownParallelism: number;
  maxDrainParallelism: number;
  /** Deprecated upstream (max-scale-down-parallelism replaced it); accepted, no effect. */
  maxEmptyBulkDelete: number;
  maxGracefulTerminationSec: number;
  maxPodEvictionTime: number;
  nodeDeleteDelayAfterTaint: number;
  balanceSimilarNodeGroups: boolean;
  skipNodesWithLocalStorage: boolean;
  skipNodesWithSystemPods: boolean;
  skipNodesWithCustomControllerPods: boolean;
  minReplicaCount: number;
  expendablePodsPriorityCutoff: number;
  ignoreDaemonSetsUtilization: boolean;
  enforceNodeGroupMinSize: boolean;
  daemonSetEvictionForEmptyNodes: boolean;
  daemonSetEvictionForOccupiedNodes: boolean;
  maxTotalUnreadyPercentage: number;
  okTotalUnreadyCount: number;
  scaleUpFromZero: boolean;
}

/** cluster-autoscaler 1.35's defaults (flags.go, config/const.go). */
export const DEFAULT_AUTOSCALING_OPTIONS: Readonly<AutoscalingOptions> = Object.freeze({
  scanInterval: 10,
  expander: ['least-waste'],
  scaleDownEnabled: true,
  scaleDownUtilizationThreshold: 0.5,
  scaleDownGpuUtilizationThreshold: 0.5,
  scaleDownUnneededTime: 600,
  scaleDownUnreadyTime: 1200,
  scaleDownDelayAfterAdd: 600,
  scaleDownDelayAfterDelete: 0,
  scaleDownDelayAfterFailure: 180,
  scaleDownNonEmptyCandidatesCount: 30,
  scaleDownCandidatesPoolRatio: 0.1,
  scaleDownCandidatesPoolMinCount: 50,
  unremovableNodeRecheckTimeout: 300,
  maxNodeProvisionTime: 900,
  maxNodeStartupTime: 900,
  initialNodeGroupBackoffDuration: 300,
  maxNodeGroupBackoffDuration: 1800,
  nodeGroupBackoffResetTimeout: 10800,
  maxNodesTotal: 0,
  maxNodesPerScaleUp: 1000,
  newPodScaleUpDelay: 0,
  maxScaleDownParallelism: 10,
  maxDrainParallelism: 1,
  maxEmptyBulkDelete: 10,
  maxGracefulTerminationSec: 600,
  maxPodEvictionTime: 120,
  nodeDeleteDelayAfterTaint: 5,
  balanceSimilarNodeGroups: false,
  skipNodesWithLocalStorage: true,
  skipNodesWithSystemPods: true,
  skipNodesWithCustomControllerPods: true,
  minReplicaCount: 0,
  expendablePodsPriorityCutoff: -10,
  ignoreDaemonSetsUtilization: false,
  enforceNodeGroupMinSize: false,
  daemonSetEvictionForEmptyNodes: false,
  daemonSetEvictionForOccupiedNodes: true,
  maxTotalUnreadyPercentage: 45,
  okTotalUnreadyCount: 3,
  scaleUpFromZero: true,
});

/** Which option keys are durations (a scenario writes them as "10m", "30s"). */
export const DURATION_OPTIONS: ReadonlySet<keyof AutoscalingOptions> = new Set<keyof AutoscalingOptions>([
  'scanInterval',
  'scaleDownUnneededTime',
  'scaleDownUnreadyTime',
  'scaleDownDelayAfterAdd',
  'scaleDownDelayAfterDelete',
  'scaleDownDelayAfterFailure',
  'unremovableNodeRecheckTimeout',
  'maxNodeProvisionTime',
  'maxNodeStartupTime',
  'initialNodeGroupBackoffDuration',
  'maxNodeGroupBackoffDuration',
  'nodeGroupBackoffResetTimeout',
  'newPodScaleUpDelay',
  'maxPodEvictionTime',
  'nodeDeleteDelayAfterTaint',
]);

/** A provisioning delay: fixed, or uniform / normal around a mean (seeded). */
export type DelayDistribution =
  | { type: 'fixed'; value: number }
  | { type: 'uniform'; min: number; max: number }
  | { type: 'normal'; mean: number; stddev: number; min: number };

/** An autoscaled node group of the scenario (cluster.nodeGroups[]). */
export interface NodeGroupConfig {
  name: string;
  minSize: number;
  maxSize: number;
  initialSize: number;
  /** Nodes get zone labels round-robin from this list. */
  zones: string[];
  /** The template v1 Node (labels, taints, allocatable). */
  template: import('../model/types.ts').Node;
  /** Price per node-hour (0 when not given). */
  price: number;
  provisioning: {
    /** From the cloud accepting the resize to the Node registering (NotReady). */
    delay: DelayDistribution;
    /** From registration to Ready (kubelet and CNI start-up). */
    readyAfter: number;
    /** Probability that an instance fails to come up. */
    failureProbability: number;
    /** How a failed instance shows: an error the cloud reports at once (OutOfResource), or an instance that never registers. */
    failureMode: 'error' | 'timeout';
    /** Windows when the group has no capacity (every new instance fails with OutOfResource). */
    outOfCapacity: { from: number; to: number }[];
  };
  spot?: { interruptionsPerHour: number; notice: number };
}
