/**
 * Which scale-down candidates may be removed at all, before any drain simulation: nodes being
 * deleted, annotated scale-down-disabled, not autoscaled, unready (when that is disabled) or
 * above their group's utilization threshold are filtered out, with the reason.
 * mirrors cluster-autoscaler/core/scaledown/eligibility/eligibility.go
 */
import type { Node } from '../../model/types.ts';
import { UnremovableReason } from '../simulator/reasons.ts';
import { calculateUtilization, nodeGpuResourceName } from '../simulator/utilization.ts';
import type { UtilizationInfo, UtilizationOptions, UtilizationResult } from '../simulator/utilization.ts';
import type { NodeInfoData } from '../types.ts';

/** Annotation marking a node as not eligible for scale down (value "true"). */
export const ScaleDownDisabledKey = 'cluster-autoscaler.kubernetes.io/scale-down-disabled';

/** Taint CA puts on a node it is deleting; the value is the Unix time it was added. (utils/taints ToBeDeletedTaint) */
export const ToBeDeletedByClusterAutoscaler = 'ToBeDeletedByClusterAutoscaler';

/** Soft (PreferNoSchedule) taint CA puts on unneeded nodes. (utils/taints DeletionCandidateTaintKey) */
export const DeletionCandidateOfClusterAutoscaler = 'DeletionCandidateOfClusterAutoscaler';

/** Longest a node deletion takes in the cloud provider, seconds (actuation MaxCloudProviderNodeDeletionTime). */
export const MaxCloudProviderNodeDeletionTime = 5 * 60;

/** Longest an empty node deletion takes in Kubernetes, seconds (actuation MaxKubernetesEmptyNodeDeletionTime). */
export const MaxKubernetesEmptyNodeDeletionTime = 3 * 60;

/**
 * Per node group scale-down settings (the subset eligibility reads).
 * mirrors cluster-autoscaler/config/autoscaling_options.go NodeGroupAutoscalingOptions
 */
export interface NodeGroupAutoscalingOptions {
  /** Utilization at or below which a non-GPU node is underutilized (--scale-down-utilization-threshold, 0.5). */
  scaleDownUtilizationThreshold: number;
  /** Utilization at or below which a GPU node is underutilized (--scale-down-gpu-utilization-threshold, 0.5). */
  scaleDownGpuUtilizationThreshold: number;
  /** Leave DaemonSet pods out of utilization (--ignore-daemonsets-utilization, false). */
  ignoreDaemonSetsUtilization: boolean;
}

/** Options of {@link filterOutUnremovable}. */
export interface EligibilityOptions {
  /** Defaults for every node group. */
  nodeGroupDefaults: NodeGroupAutoscalingOptions;
  /** Per node group overrides, by node group id (the node group's GetOptions). */
  nodeGroupOptions?: Readonly<Record<string, Partial<NodeGroupAutoscalingOptions>>>;
  /** Leave mirror pods out of utilization (--ignore-mirror-pods-utilization, false). */
  ignoreMirrorPodsUtilization: boolean;
  /** Unready nodes may be scaled down (--scale-down-unready-enabled, true). */
  scaleDownUnreadyEnabled: boolean;
  /** The cloud provider's GPU label (CloudProvider.GPULabel()), used to tell GPU nodes. */
  gpuLabel?: string;
}

/** cluster-autoscaler 1.35's flag defaults for {@link EligibilityOptions}. */
export const defaultEligibilityOptions: Readonly<EligibilityOptions> = {
  nodeGroupDefaults: { scaleDownUtilizationThreshold: 0.5, scaleDownGpuUtilizationThreshold: 0.5, ignoreDaemonSetsUtilization: false },
  ignoreMirrorPodsUtilization: false,
  scaleDownUnreadyEnabled: true,
};

/** A scale-down candidate: the node with its pods, its node group (undefined: not autoscaled), and readiness. */
export interface ScaleDownCandidate {
  nodeInfo: NodeInfoData;
  nodeGroup: string | undefined;
  ready: boolean;
  /**
   * The node's utilization when the caller has it (calculateUtilization of this nodeInfo with
   * these options, e.g. cached while the node is unchanged); computed here otherwise.
   */
  utilization?: (opts: UtilizationOptions) => UtilizationResult;
}

/**
 * A node that can't be removed, and why.
 * mirrors cluster-autoscaler/simulator/cluster.go UnremovableNode (without BlockingPod)
 */
export interface UnremovableNode {
  node: string;
  reason: UnremovableReason;
}

/** {@link filterOutUnremovable}'s answer. */
export interface EligibilityResult {
  /** Names of the nodes that passed, in candidate order. */
  eligible: string[];
  /** Utilization of every node it was computed for (eligible and not-underutilized ones). */
  utilization: Map<string, UtilizationInfo>;
  /** The nodes filtered out, in candidate order. */
  unremovable: UnremovableNode[];
}

/**
 * The time the node was tainted ToBeDeletedByClusterAutoscaler (the taint's value, Unix seconds),
 * or undefined when it has no such taint or the value is not an integer.
 * mirrors cluster-autoscaler/utils/taints/taints.go GetToBeDeletedTime
 */
export function getToBeDeletedTime(node: Node): number | undefined {
  const taint = node.spec?.taints?.find((t) => t.key === ToBeDeletedByClusterAutoscaler);
  if (taint === undefined) return undefined;
  const v = taint.value ?? '';
  return /^[+-]?\d+$/.test(v) ? Number(v) : undefined;
}

/**
 * True when CA tainted the node for deletion less than the longest deletion time ago.
 * mirrors cluster-autoscaler/core/scaledown/actuation/delete_in_batch.go IsNodeBeingDeleted
 */
export function isNodeBeingDeleted(node: Node, now: number): boolean {
  const deleteTime = getToBeDeletedTime(node);
  return deleteTime !== undefined && (now - deleteTime < MaxCloudProviderNodeDeletionTime || now - deleteTime < MaxKubernetesEmptyNodeDeletionTime);
}

/**
 * True when the node is annotated scale-down-disabled: "true".
 * mirrors cluster-autoscaler/core/scaledown/eligibility/eligibility.go HasNoScaleDownAnnotation
 */
export function hasNoScaleDownAnnotation(node: Node): boolean {
  return node.metadata.annotations?.[ScaleDownDisabledKey] === 'true';
}

/** The node group's settings: its overrides over the defaults (nodegroupconfig processor). */
function nodeGroupConfig(options: EligibilityOptions, nodeGroup: string): NodeGroupAutoscalingOptions {
  return { ...options.nodeGroupDefaults, ...(options.nodeGroupOptions?.[nodeGroup] ?? {}) };
}

/**
 * Why one candidate can't be removed (NoReason when it can), and its utilization when computed.
 * `currentlyBeingDeleted` adds nodes the caller knows are being deleted to the taint check.
 * mirrors cluster-autoscaler/core/scaledown/eligibility/eligibility.go unremovableReasonAndNodeUtilization
 */
export function unremovableReasonAndNodeUtilization(
  candidate: ScaleDownCandidate,
  options: EligibilityOptions,
  currentlyBeingDeleted: ReadonlySet<string>,
  now: number,
): { reason: UnremovableReason; utilization?: UtilizationInfo } {
  const node = candidate.nodeInfo.node;
  if (isNodeBeingDeleted(node, now) || currentlyBeingDeleted.has(node.metadata.name ?? '')) {
    return { reason: UnremovableReason.CurrentlyBeingDeleted };
  }
  // Skip nodes marked with no scale down annotation
  if (hasNoScaleDownAnnotation(node)) return { reason: UnremovableReason.ScaleDownDisabledAnnotation };
  // Non-autoscaled nodes should never be candidates (the pre-filtering processor drops them).
  if (candidate.nodeGroup === undefined) return { reason: UnremovableReason.NotAutoscaled };

  const config = nodeGroupConfig(options, candidate.nodeGroup);
  const gpuResourceName = nodeGpuResourceName(node, options.gpuLabel);
  const utilOpts = { skipDaemonSetPods: config.ignoreDaemonSetsUtilization, skipMirrorPods: options.ignoreMirrorPodsUtilization, gpuResourceName };
  const util = candidate.utilization ? candidate.utilization(utilOpts) : calculateUtilization(candidate.nodeInfo, utilOpts, now);
  if (util.error !== undefined) return { reason: UnremovableReason.UnexpectedError };
  const { error: _error, ...utilization } = util;

  // If scale down of unready nodes is disabled, skip the node if it is unready
  if (!options.scaleDownUnreadyEnabled && !candidate.ready) return { reason: UnremovableReason.ScaleDownUnreadyDisabled };

  // isNodeAtOrBelowUtilizationThreshold
  const threshold = gpuResourceName !== undefined ? config.scaleDownGpuUtilizationThreshold : config.scaleDownUtilizationThreshold;
  if (utilization.utilization > threshold) return { reason: UnremovableReason.NotUnderutilized, utilization };
  return { reason: UnremovableReason.NoReason, utilization };
}

/**
 * Splits scale-down candidates into the nodes that may be removed and those that can't, with
 * the reason, in candidate order; recently unremovable nodes are skipped as RecentlyUnremovable.
 * `options` fields left out take {@link defaultEligibilityOptions}; `now` in seconds since the epoch.
 * mirrors cluster-autoscaler/core/scaledown/eligibility/eligibility.go FilterOutUnremovable
 */
export function filterOutUnremovable(
  candidates: readonly ScaleDownCandidate[],
  options: Partial<EligibilityOptions>,
  currentlyBeingDeleted: ReadonlySet<string>,
  now: number,
  recentlyUnremovable: ReadonlySet<string> = new Set(),
): EligibilityResult {
  const opts: EligibilityOptions = { ...defaultEligibilityOptions, ...options };
  const eligible: string[] = [];
  const utilization = new Map<string, UtilizationInfo>();
  const unremovable: UnremovableNode[] = [];
  for (const candidate of candidates) {
    const name = candidate.nodeInfo.node.metadata.name ?? '';
    // Skip nodes that were recently checked.
    if (recentlyUnremovable.has(name)) {
      unremovable.push({ node: name, reason: UnremovableReason.RecentlyUnremovable });
      continue;
    }
    const r = unremovableReasonAndNodeUtilization(candidate, opts, currentlyBeingDeleted, now);
    if (r.utilization !== undefined) utilization.set(name, r.utilization);
    if (r.reason !== UnremovableReason.NoReason) {
      unremovable.push({ node: name, reason: r.reason });
      continue;
    }
    eligible.push(name);
  }
  return { eligible, utilization, unremovable };
}
