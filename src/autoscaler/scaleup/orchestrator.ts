/**
 * One scale-up decision: which node groups could take the pending pods (valid groups, the pods
 * their template fits), how many nodes each would need (binpacking estimator), which option the
 * expander picks, the caps (max-nodes-total, the group's max size), balancing over similar
 * groups, and the resulting target sizes.
 * mirrors cluster-autoscaler/core/scaleup/orchestrator/orchestrator.go ScaleUpOrchestrator.ScaleUp
 */
import type { PodInfo } from '../../model/pod-info.ts';
import type { Expander } from '../expander/index.ts';
import { resourcesForNode, resourcesForPods } from '../expander/waste.ts';
import { scaleUpInfoString, type ScaleUpInfo } from '../nodegroupset/balancing.ts';

export { scaleUpInfoString, type ScaleUpInfo };
import { estimate, nodeLimit, type PodEquivalenceGroup, type TemplateNodeInfo } from '../estimator/binpacking-estimator.ts';
import type { ClusterSnapshot } from '../simulator/cluster-snapshot.ts';
import { buildPodGroups, type PodGroup } from '../simulator/equivalence.ts';
import type { AutoscalingOptions } from '../options.ts';
import type { ExpansionOption, NodeInfoData } from '../types.ts';

/** A node group as the orchestrator sees it. */
export interface ScaleUpNodeGroup {
  id: string;
  targetSize: number;
  minSize: number;
  maxSize: number;
  template: TemplateNodeInfo;
  /** NodeGroupScaleUpSafety: undefined when safe, else the skipped reason. */
  skipReason?: string;
}

/** What the orchestrator considered for one node group, for `explain` and the report. */
export interface NodeGroupConsideration {
  group: string;
  /** Skipped before estimating (backoff, max size, not ready). */
  skipped?: string;
  /** Estimated nodes and pods (absent when skipped or no pod fits). */
  nodeCount?: number;
  pods?: number;
  /** The expander picked this group. */
  chosen?: boolean;
  /** What least-waste weighs (its log line): CPU and memory the new nodes would leave idle, % (blended = their mean). */
  waste?: { cpu: number; memory: number; blended: number };
}

/** Why a pod did not trigger a scale-up: per group, skipped or rejected reasons. */
export interface NoScaleUpInfo {
  pod: PodInfo;
  rejected: Map<string, string[]>;
  skipped: Map<string, string[]>;
}

/** ScaleUpStatus: the result of one attempt. */
export interface ScaleUpStatus {
  result: 'ScaleUpSuccessful' | 'ScaleUpError' | 'ScaleUpNoOptionsAvailable' | 'ScaleUpNotNeeded' | 'ScaleUpNotTried' | 'ScaleUpInCooldown' | 'ScaleUpLimitedByMaxNodesTotal';
  scaleUpInfos: ScaleUpInfo[];
  podsTriggeredScaleUp: PodInfo[];
  podsRemainUnschedulable: NoScaleUpInfo[];
  /** Pods that fit some group, but not the chosen one: the next loop looks at them again (GetPodsAwaitingEvaluation). */
  podsAwaitEvaluation: PodInfo[];
  considered: NodeGroupConsideration[];
  /** The expander's options (group, nodes, pods) and the chosen one. */
  options: { group: string; nodeCount: number; pods: number }[];
  bestOption?: string;
  error?: string;
}

/** Inputs of {@link scaleUp}. */
export interface ScaleUpContext {
  snapshot: ClusterSnapshot;
  options: AutoscalingOptions;
  expander: Expander;
  /** Nodes in the cluster (len(nodes) upstream). */
  currentNodeCount: number;
  /** Finds groups similar to `group` among `candidates` (balance-similar-node-groups). */
  findSimilarNodeGroups?: (group: ScaleUpNodeGroup, candidates: readonly ScaleUpNodeGroup[]) => ScaleUpNodeGroup[];
  /** Splits `newNodes` over `groups` (BalanceScaleUpBetweenGroups). */
  balance?: (groups: readonly ScaleUpNodeGroup[], newNodes: number) => ScaleUpInfo[];
  /**
   * The estimator's thresholds: `production` (max-nodes-per-scaleup, the similar groups' capacity,
   * max-nodes-total: core/autoscaler.go) or `none` (upstream's orchestrator tests build it so).
   */
  estimatorLimits?: 'production' | 'none';
}

function templateData(t: TemplateNodeInfo): NodeInfoData {
  return { node: t.node, pods: t.pods };
}

/** Which equivalence groups fit a group's template at all. mirrors ScaleUpOrchestrator.SchedulablePodGroups */
function schedulablePodGroups(snapshot: ClusterSnapshot, groups: PodGroup[], ng: ScaleUpNodeGroup): PodEquivalenceGroup[] {
  snapshot.fork();
  try {
    const name = `template-node-for-${ng.id}`;
    snapshot.addNodeInfo({ ...ng.template.node, metadata: { ...ng.template.node.metadata, name, labels: { ...(ng.template.node.metadata.labels ?? {}), 'kubernetes.io/hostname': name } } }, ng.template.pods);
    const out: PodEquivalenceGroup[] = [];
    for (const eg of groups) {
      const err = snapshot.checkPredicates(eg.pods[0], name);
      if (err === null) {
        out.push({ pods: eg.pods });
        eg.schedulable = true;
        eg.schedulableGroups.push(ng.id);
      } else eg.schedulingErrors.set(ng.id, err.reasons.join(', ') || err.plugin || 'predicate failed');
    }
    return out;
  } finally {
    snapshot.revert();
  }
}

/**
 * Decides a scale-up for `unschedulable` pods over `nodeGroups` (in the cloud's order).
 * Returns the plan; the caller executes it. mirrors ScaleUpOrchestrator.ScaleUp (allOrNothing false)
 */
export function scaleUp(ctx: ScaleUpContext, unschedulable: readonly PodInfo[], nodeGroups: readonly ScaleUpNodeGroup[]): ScaleUpStatus {
  const o = ctx.options;
  const podGroups = buildPodGroups(unschedulable);
  const status: ScaleUpStatus = { result: 'ScaleUpNoOptionsAvailable', scaleUpInfos: [], podsTriggeredScaleUp: [], podsRemainUnschedulable: [], podsAwaitEvaluation: [], considered: [], options: [] };
  const skipped = new Map<string, string>();
  const valid: ScaleUpNodeGroup[] = [];
  // filterValidScaleUpNodeGroups
  for (const ng of nodeGroups) {
    if (ng.skipReason !== undefined) skipped.set(ng.id, ng.skipReason);
    else if (ng.targetSize >= ng.maxSize) skipped.set(ng.id, 'max node group size reached');
    else valid.push(ng);
  }
  const schedulable = new Map<string, PodEquivalenceGroup[]>();
  for (const ng of valid) schedulable.set(ng.id, schedulablePodGroups(ctx.snapshot, podGroups, ng));
  const options: ExpansionOption[] = [];
  const optionPods = new Map<ExpansionOption, PodInfo[]>();
  const considered = new Map<string, NodeGroupConsideration>();
  for (const ng of nodeGroups) considered.set(ng.id, skipped.has(ng.id) ? { group: ng.id, skipped: skipped.get(ng.id) } : { group: ng.id });
  for (const ng of valid) {
    const groups = schedulable.get(ng.id)!;
    if (groups.length === 0) continue;
    const similar = o.balanceSimilarNodeGroups && ctx.findSimilarNodeGroups ? ctx.findSimilarNodeGroups(ng, valid.filter((x) => x !== ng && (schedulable.get(x.id)?.length ?? 0) > 0)) : [];
    // thresholds: max-nodes-per-scaleup, max-nodes-total headroom, the group's (and similar groups') capacity
    const limits = [o.maxNodesPerScaleUp];
    if (o.maxNodesTotal > 0) limits.push(o.maxNodesTotal <= ctx.currentNodeCount ? -1 : o.maxNodesTotal - ctx.currentNodeCount);
    const capacity = [ng, ...similar].reduce((s, g) => s + Math.max(0, g.maxSize - g.targetSize), 0);
    limits.push(capacity > 0 ? capacity : -1);
    const maxNodes = ctx.estimatorLimits === 'none' ? 0 : nodeLimit(limits);
    const est = estimate(ctx.snapshot, groups, ng.template, { maxNodes, namePrefix: `template-node-for-${ng.id}` });
    const c = considered.get(ng.id)!;
    c.nodeCount = est.nodeCount;
    c.pods = est.pods.length;
    if (est.pods.length === 0 || est.nodeCount === 0) continue;
    const opt: ExpansionOption = {
      nodeGroup: ng.id,
      similarNodeGroups: similar.map((s) => s.id),
      nodeCount: est.nodeCount,
      debug: '',
      pods: est.pods.map((p) => p.pod),
    };
    options.push(opt);
    optionPods.set(opt, est.pods);
    c.waste = wasteOf(opt, ng.template.node);
  }
  status.options = options.map((x) => ({ group: x.nodeGroup, nodeCount: x.nodeCount, pods: x.pods.length }));
  status.considered = [...considered.values()];
  const remaining = () => remainingPods(podGroups, skipped);
  if (options.length === 0) {
    status.podsRemainUnschedulable = remaining();
    return status;
  }
  const nodeInfos = new Map<string, NodeInfoData>(nodeGroups.map((g) => [g.id, templateData(g.template)]));
  const best = ctx.expander.bestOption(options, nodeInfos);
  if (!best || best.nodeCount <= 0) {
    status.podsRemainUnschedulable = remaining();
    return status;
  }
  status.bestOption = best.nodeGroup;
  considered.get(best.nodeGroup)!.chosen = true;
  let newNodes = best.nodeCount;
  // GetCappedNewNodeCount
  if (o.maxNodesTotal > 0 && newNodes + ctx.currentNodeCount > o.maxNodesTotal) {
    newNodes = o.maxNodesTotal - ctx.currentNodeCount;
    if (newNodes < 1) {
      status.result = 'ScaleUpError';
      status.error = 'max node total count already reached';
      status.podsTriggeredScaleUp = optionPods.get(best) ?? [];
      return status;
    }
  }
  const bestGroup = nodeGroups.find((g) => g.id === best.nodeGroup)!;
  const targets = [bestGroup, ...best.similarNodeGroups.map((id) => nodeGroups.find((g) => g.id === id)!).filter(Boolean)];
  status.scaleUpInfos =
    targets.length > 1 && ctx.balance
      ? ctx.balance(targets, newNodes).filter((s) => s.newSize > s.currentSize)
      : [{ group: bestGroup.id, currentSize: bestGroup.targetSize, newSize: Math.min(bestGroup.maxSize, bestGroup.targetSize + newNodes), maxSize: bestGroup.maxSize }];
  status.podsTriggeredScaleUp = optionPods.get(best) ?? [];
  status.podsRemainUnschedulable = remaining();
  for (const eg of podGroups) if (eg.schedulable && eg.schedulingErrors.has(best.nodeGroup)) status.podsAwaitEvaluation.push(...eg.pods);
  status.result = 'ScaleUpSuccessful';
  return status;
}

/** mirrors expander/waste/waste.go BestOptions' per-option waste (the figures it logs) */
function wasteOf(opt: ExpansionOption, node: TemplateNodeInfo['node']): NodeGroupConsideration['waste'] {
  const req = resourcesForPods(opt.pods);
  const cap = resourcesForNode(node);
  const availCPU = cap.cpu * opt.nodeCount;
  const availMem = cap.memory * opt.nodeCount;
  const cpu = availCPU > 0 ? (availCPU - req.cpu) / availCPU : 0;
  const memory = availMem > 0 ? (availMem - req.memory) / availMem : 0;
  const r = (x: number) => Math.round(x * 10000) / 100;
  return { cpu: r(cpu), memory: r(memory), blended: r((cpu + memory) / 2) };
}

/**
 * Pods no valid group can take, with per-group reasons (the predicate failure on each template,
 * or why the group was skipped). mirrors orchestrator.go GetRemainingPods
 */
function remainingPods(groups: readonly PodGroup[], skipped: ReadonlyMap<string, string>): NoScaleUpInfo[] {
  const out: NoScaleUpInfo[] = [];
  for (const g of groups) {
    if (g.schedulable) continue;
    const rejected = new Map<string, string[]>();
    for (const [id, reason] of g.schedulingErrors) rejected.set(id, [reason]);
    const sk = new Map<string, string[]>();
    for (const [id, reason] of skipped) sk.set(id, [reason]);
    for (const pod of g.pods) out.push({ pod, rejected, skipped: sk });
  }
  return out;
}

/**
 * The NotTriggerScaleUp message: each reason with how many groups gave it.
 * mirrors processors/status/eventing_scale_up_processor.go ReasonsMessage (sorted for determinism)
 */
export function reasonsMessage(result: ScaleUpStatus['result'], info: NoScaleUpInfo): string {
  if (result === 'ScaleUpLimitedByMaxNodesTotal') return 'max total nodes in cluster reached';
  const counts = new Map<string, number>();
  for (const m of [info.rejected, info.skipped]) for (const reasons of m.values()) for (const r of reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  return [...counts].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([r, n]) => `${n} ${r}`).join(', ');
}
