/**
 * Why a node cannot be removed, and why a pod blocks draining its node, in cluster-autoscaler
 * 1.35's words (upstream keeps both as int enums; here they are string-literal unions whose
 * values are the enum names, so reports and tests read alike).
 */
import type { Pod } from '../../model/types.ts';

/**
 * Reasons a node can't be removed by CA, in upstream's order.
 * mirrors cluster-autoscaler/simulator/cluster.go UnremovableReason
 */
export const UnremovableReason = {
  /** Sanity check, never set explicitly. */
  NoReason: 'NoReason',
  ScaleDownDisabledAnnotation: 'ScaleDownDisabledAnnotation',
  ScaleDownUnreadyDisabled: 'ScaleDownUnreadyDisabled',
  NotAutoscaled: 'NotAutoscaled',
  NotUnneededLongEnough: 'NotUnneededLongEnough',
  NotUnreadyLongEnough: 'NotUnreadyLongEnough',
  NodeGroupMinSizeReached: 'NodeGroupMinSizeReached',
  NodeGroupMaxDeletionCountReached: 'NodeGroupMaxDeletionCountReached',
  AtomicScaleDownFailed: 'AtomicScaleDownFailed',
  MinimalResourceLimitExceeded: 'MinimalResourceLimitExceeded',
  CurrentlyBeingDeleted: 'CurrentlyBeingDeleted',
  NotUnderutilized: 'NotUnderutilized',
  NotUnneededOtherReason: 'NotUnneededOtherReason',
  RecentlyUnremovable: 'RecentlyUnremovable',
  NoPlaceToMovePods: 'NoPlaceToMovePods',
  BlockedByPod: 'BlockedByPod',
  UnexpectedError: 'UnexpectedError',
  NoNodeInfo: 'NoNodeInfo',
} as const;

/** One of {@link UnremovableReason}'s values. */
export type UnremovableReason = (typeof UnremovableReason)[keyof typeof UnremovableReason];

/** Every UnremovableReason in upstream's declaration order (its iota order). */
export const unremovableReasons: readonly UnremovableReason[] = Object.values(UnremovableReason);

/** A short human message for each UnremovableReason (upstream's doc comments). */
export const unremovableReasonMessage: Readonly<Record<UnremovableReason, string>> = {
  NoReason: 'no reason (should never be set explicitly)',
  ScaleDownDisabledAnnotation: 'node has the "scale down disabled" annotation',
  ScaleDownUnreadyDisabled: 'node is unready and scale down of unready nodes is disabled',
  NotAutoscaled: 'node does not belong to an autoscaled node group',
  NotUnneededLongEnough: 'node was not unneeded for long enough',
  NotUnreadyLongEnough: 'node was not unready for long enough',
  NodeGroupMinSizeReached: 'node group is at its minimal size already',
  NodeGroupMaxDeletionCountReached: 'max number of nodes to remove from the node group reached',
  AtomicScaleDownFailed: 'node group scales atomically and not all of its nodes can be removed',
  MinimalResourceLimitExceeded: 'removing the node would violate cluster-wide minimal resource limits',
  CurrentlyBeingDeleted: 'node is already being deleted',
  NotUnderutilized: 'node is not underutilized',
  NotUnneededOtherReason: 'node is not unneeded for other reasons (e.g. it was not inspected)',
  RecentlyUnremovable: 'node was recently found to be unremovable',
  NoPlaceToMovePods: 'there is no place to move the node\'s pods to',
  BlockedByPod: 'a pod running on the node can\'t be moved',
  UnexpectedError: 'unexpected error',
  NoNodeInfo: 'node has no node info in the cluster snapshot',
};

/**
 * Reasons a pod blocks the scale down of its node, in upstream's order.
 * mirrors cluster-autoscaler/utils/drain/drain.go BlockingPodReason
 */
export const BlockingPodReason = {
  /** Sanity check, never set explicitly. */
  NoReason: 'NoReason',
  ControllerNotFound: 'ControllerNotFound',
  MinReplicasReached: 'MinReplicasReached',
  NotReplicated: 'NotReplicated',
  LocalStorageRequested: 'LocalStorageRequested',
  NotSafeToEvictAnnotation: 'NotSafeToEvictAnnotation',
  UnmovableKubeSystemPod: 'UnmovableKubeSystemPod',
  NotEnoughPdb: 'NotEnoughPdb',
  UnexpectedError: 'UnexpectedError',
} as const;

/** One of {@link BlockingPodReason}'s values. */
export type BlockingPodReason = (typeof BlockingPodReason)[keyof typeof BlockingPodReason];

/** Every BlockingPodReason in upstream's declaration order (its iota order). */
export const blockingPodReasons: readonly BlockingPodReason[] = Object.values(BlockingPodReason);

/** A short human message for each BlockingPodReason (upstream's doc comments). */
export const blockingPodReasonMessage: Readonly<Record<BlockingPodReason, string>> = {
  NoReason: 'no reason (should never be set explicitly)',
  ControllerNotFound: 'the pod\'s controller can\'t be found',
  MinReplicasReached: 'the pod\'s controller already has the minimum number of replicas',
  NotReplicated: 'the pod is not replicated',
  LocalStorageRequested: 'the pod requests local storage',
  NotSafeToEvictAnnotation: 'the pod has a "not safe to evict" annotation',
  UnmovableKubeSystemPod: 'the pod is a non-daemonset, non-mirrored, non-pdb-assigned kube-system pod',
  NotEnoughPdb: 'the pod does not have enough PDB left',
  UnexpectedError: 'unexpected error',
};

/**
 * A pod blocking the scale down of its node, and why.
 * mirrors cluster-autoscaler/utils/drain/drain.go BlockingPod
 */
export interface BlockingPod {
  pod: Pod;
  reason: BlockingPodReason;
}
