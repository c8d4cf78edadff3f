/**
 * One cluster-autoscaler loop over the simulated cluster and cloud.
 * mirrors cluster-autoscaler/core/static_autoscaler.go StaticAutoscaler.RunOnce: update the
 * cluster state, delete instances that failed, add upcoming nodes to the snapshot, drop pending
 * pods that fit existing or upcoming nodes (FilterOutSchedulable), pods too young or expendable,
 * scale up, then (unless in cooldown) plan and start scale-down.
 */
import type { ClusterState } from '../model/cluster.ts';
import type { NodeInfo } from '../model/node-info.ts';
import type { PodInfo } from '../model/pod-info.ts';
import type { Node, Pod } from '../model/types.ts';
import type { Framework } from '../scheduler/framework/framework.ts';
import { SimulatedCloudProvider, type Instance } from './cloudprovider/simulated.ts';
import { ClusterStateRegistry, type ScaleUpFailure } from './clusterstate/clusterstate.ts';
import { StatusTracker, type ClusterAutoscalerStatus } from './clusterstate/status.ts';
import { withName } from './estimator/binpacking-estimator.ts';
import { buildExpander, type Expander, type PriorityConfigMap } from './expander/index.ts';
import type { AutoscalingOptions, NodeGroupConfig } from './options.ts';
import { Actuator, type ActuationHost } from './scaledown/actuation.ts';
import { Planner, type UnneededNode, type UnremovableNodeInfo } from './scaledown/planner.ts';
import { DeletionCandidateOfClusterAutoscaler, ToBeDeletedByClusterAutoscaler } from './scaledown/eligibility.ts';
import { reasonsMessage, scaleUp, scaleUpInfoString, type ScaleUpNodeGroup, type ScaleUpStatus } from './scaleup/orchestrator.ts';
import { ClusterSnapshot } from './simulator/cluster-snapshot.ts';
import type { DrainContext } from './simulator/drainability/context.ts';
import { newBasicRemainingPdbTracker, type PdbWithDisruptions, type RemainingPdbTracker } from './simulator/drainability/pdb-tracker.ts';
import { HintingSimulator } from './simulator/hinting-simulator.ts';
import type { Rng } from './types.ts';
import { simplePricingModel } from './expander/index.ts';
import { balanceScaleUpBetweenGroups, findSimilarNodeGroups } from './nodegroupset/balancing.ts';
import { createGenericNodeInfoComparator, newDefaultNodeGroupDifferenceRatios } from './nodegroupset/similarity.ts';

/** The label kubesim puts on every node of an autoscaled group (and its template). */
export const NODE_GROUP_LABEL = 'kubesim.io/node-group';

/** max-bulk-soft-taint-count: soft-taint API calls per loop. */
export const MAX_BULK_SOFT_TAINT_COUNT = 10;

/** New pods are not yet worth a scale-up (unschedulablePodTimeBuffer, 2 s). */
export const UNSCHEDULABLE_POD_TIME_BUFFER = 2;

/** What the loop reads from and does to the simulated cluster. */
export interface AutoscalerHost extends ActuationHost {
  cluster: ClusterState;
  framework: Framework;
  /** Bound pods the snapshot leaves out: Succeeded or Failed (CA's pod lister filters them) and expendable ones. */
  terminalBoundPods(): PodInfo[];
  /** Pending pods the scheduler found unschedulable (PodScheduled=False, Unschedulable). */
  unschedulablePods(): PodInfo[];
  /** When a pod was created (seconds). */
  createdAt(p: PodInfo): number;
  /** DaemonSet pods that would run on a node like `node` (template NodeInfo). */
  daemonSetPodsFor(node: Node): Pod[];
  /** PDBs with their current disruptionsAllowed. */
  pdbs(): PdbWithDisruptions[];
  /** Replicas of a controller (kind/namespace/name) or undefined when it does not exist. */
  ownerReplicas(kind: string, namespace: string, name: string): number | undefined;
  /** Node Ready condition. */
  isReady(ni: NodeInfo): boolean;
  /** RFC 3339 time of simulated second `t`. */
  timestamp(t: number): string;
  /** Adds (or removes) the DeletionCandidateOfClusterAutoscaler PreferNoSchedule taint. */
  softTaint(node: string, add: boolean): void;
  /** When the Node object was created (seconds). */
  nodeCreatedAt(name: string): number;
  /** The cloud created instances: the host makes them register later. */
  onInstancesCreated(instances: readonly Instance[]): void;
  /** The priority expander's ConfigMap, when the scenario has one. */
  priorityConfigMap?: () => PriorityConfigMap | undefined;
}

/** What one loop decided (a line of the status log, for result.json, explain and the report). */
export interface LoopRecord {
  t: number;
  scaleUp: {
    result: ScaleUpStatus['result'];
    considered: ScaleUpStatus['considered'];
    options: ScaleUpStatus['options'];
    bestOption?: string;
    plan: string[];
    podsTriggered: number;
    podsRemaining: { pod: string; reason: string }[];
  };
  scaleDown: {
    result: string;
    unneeded: UnneededNode[];
    unremovable: UnremovableNodeInfo[];
    deleted: string[];
  };
  failures: ScaleUpFailure[];
  nodeGroups: { name: string; target: number; ready: number; notStarted: number; unregistered: number; backoff: boolean }[];
}

/** The autoscaler: cloud, registry, planner, actuator, and the loop's memory. */
export class StaticAutoscaler {
  readonly cloud: SimulatedCloudProvider;
  readonly clusterState: ClusterStateRegistry;
  readonly snapshot: ClusterSnapshot;
  readonly planner: Planner;
  readonly actuator: Actuator;
  private readonly expander: Expander;
  private readonly filterOutSchedulable = new HintingSimulator();
  // kubesim's group label differs between groups by construction, like a cloud's node-pool label
  private readonly comparator = createGenericNodeInfoComparator([NODE_GROUP_LABEL], newDefaultNodeGroupDifferenceRatios());
  // an hour before the start, as upstream initializes them (initialScaleTime): no cooldown at start
  lastScaleUpTime = -3600;
  lastScaleDownDeleteTime = -3600;
  /** Every loop's record. */
  readonly loops: LoopRecord[] = [];
  scaleUps = 0;
  scaleUpNodes = 0;
  /** The cluster-autoscaler-status ConfigMap's content after the last loop. */
  status?: ClusterAutoscalerStatus;
  private readonly statusTracker = new StatusTracker();

  constructor(
    private readonly host: AutoscalerHost,
    readonly options: AutoscalingOptions,
    readonly groups: readonly NodeGroupConfig[],
    rng: Rng,
  ) {
    this.cloud = new SimulatedCloudProvider(groups, rng);
    this.clusterState = new ClusterStateRegistry(this.cloud, options);
    this.snapshot = new ClusterSnapshot(host.cluster, host.framework);
    const cloud = this.cloud;
    this.planner = new Planner({
      snapshot: this.snapshot,
      options,
      nodeGroupForNode: (n) => cloud.nodeGroupForNode(n),
      groupSize: (g) => ({ target: cloud.targetSize(g), min: cloud.groups.get(g)!.config.minSize }),
      deletionsInProgress: (g) => this.actuator.deletionsCount(g),
      isReady: (ni) => host.isReady(ni),
      drainContext: (tracker: RemainingPdbTracker): DrainContext => ({
        deleteOptions: {
          skipNodesWithSystemPods: options.skipNodesWithSystemPods,
          skipNodesWithLocalStorage: options.skipNodesWithLocalStorage,
          skipNodesWithCustomControllerPods: options.skipNodesWithCustomControllerPods,
          minReplicaCount: options.minReplicaCount,
        },
        remainingPdbTracker: tracker,
        ownerReplicas: (k, ns, n) => host.ownerReplicas(k, ns, n),
        now: host.now(),
      }),
      newPdbTracker: () => newBasicRemainingPdbTracker(host.pdbs()),
    });
    this.actuator = new Actuator(host, options);
    const prices = new Map(groups.map((g) => [g.name, g.price]));
    this.expander = buildExpander(options.expander, {
      rng,
      pricing: groups.some((g) => g.price > 0)
        ? simplePricingModel(
            groups.map((g) => ({ nodeGroup: g.name, pricePerHour: prices.get(g.name) ?? 0, template: g.template })),
            (n) => n.metadata.labels?.[NODE_GROUP_LABEL],
          )
        : undefined,
      clusterSize: () => host.cluster.nodes.size,
      now: () => host.now(),
      priorityConfigMap: host.priorityConfigMap,
      onPriorityEvent: (e) => host.emit('PriorityConfigMapWarning', 'ConfigMap kube-system/cluster-autoscaler-priority-expander', { reason: e.reason, message: e.message }),
    });
  }

  /** The template NodeInfo of a group: its template node with the DaemonSet pods that would run there. */
  templateNodeInfo(id: string): { node: Node; pods: Pod[] } {
    const cfg = this.cloud.groups.get(id)!.config;
    const t = withName(cfg.template, `template-node-for-${id}`);
    // the template carries its group's label, as the group's real nodes do (pricing reads it)
    const node = { ...t, metadata: { ...t.metadata, labels: { ...t.metadata.labels, [NODE_GROUP_LABEL]: id } } };
    return { node, pods: this.host.daemonSetPodsFor(node) };
  }

  /** Runs one loop at the host's now. mirrors StaticAutoscaler.RunOnce */
  runOnce(): LoopRecord {
    const h = this.host;
    const now = h.now();
    const o = this.options;
    const cluster = h.cluster;
    const beingDeleted = this.actuator.deletionsInProgress();
    // updateClusterState
    const nodeStates = [...cluster.nodes.values()].map((ni) => ({ name: ni.name, ready: h.isReady(ni), createdAt: h.nodeCreatedAt(ni.name), deleted: beingDeleted.has(ni.name) }));
    this.clusterState.updateNodes(nodeStates, now);
    const rec: LoopRecord = {
      t: now,
      scaleUp: { result: 'ScaleUpNotTried', considered: [], options: [], plan: [], podsTriggered: 0, podsRemaining: [] },
      scaleDown: { result: 'ScaleDownNotTried', unneeded: [], unremovable: [], deleted: [] },
      failures: this.clusterState.newFailures,
      nodeGroups: [],
    };
    for (const f of rec.failures) {
      h.emit('FailedToScaleUpGroup', `NodeGroup ${f.nodeGroup}`, { reason: f.reason, message: `Scale-up failed for group ${f.nodeGroup}: ${f.message}`, backoffUntil: f.backoffUntil });
    }
    const finish = () => {
      rec.nodeGroups = this.cloud.nodeGroupIds().map((id) => {
        const r = this.clusterState.perNodeGroupReadiness.get(id);
        return {
          name: id,
          target: this.cloud.targetSize(id),
          ready: r?.ready.length ?? 0,
          notStarted: r?.notStarted.length ?? 0,
          unregistered: (r?.unregistered.length ?? 0) + (r?.longUnregistered.length ?? 0),
          backoff: this.clusterState.backoff.isBackedOff(id, now).isBackedOff,
        };
      });
      this.loops.push(rec);
      this.status = this.buildStatus(now);
      return rec;
    };
    // EmptyClusterProcessor.ShouldAbort: without scale-up-from-zero, a cluster with no (ready) nodes is left alone
    if (!o.scaleUpFromZero && (cluster.nodes.size === 0 || nodeStates.every((n) => !n.ready))) {
      h.emit('ClusterUnhealthy', 'ClusterAutoscaler', { message: cluster.nodes.size === 0 ? 'Cluster has no nodes.' : 'Cluster has no ready nodes.' });
      return finish();
    }
    // removeOldUnregisteredNodes and deleteCreatedNodesWithErrors
    // through the host, which stops billing them
    for (const u of this.clusterState.longUnregisteredNodes()) {
      h.deleteNode(u.group, u.name);
      h.emit('DeleteUnregistered', `NodeGroup ${u.group}`, { node: u.name, message: `Removing unregistered node ${u.name}` });
    }
    for (const e of this.clusterState.createdNodesWithErrors()) h.deleteNode(e.group, e.name);
    if (!this.clusterState.isClusterHealthy()) {
      this.planner.cleanUpUnneededNodes();
      h.emit('ClusterUnhealthy', 'ClusterAutoscaler', { message: 'Cluster has too many unready nodes; skipping the loop' });
      return finish();
    }

    // nodes whose DeletionCandidate soft taint the loop updates after the snapshot is reverted
    let softTaintNodes: NodeInfo[] | undefined;
    this.snapshot.fork();
    try {
      // the pod lister CA uses skips Succeeded and Failed pods (status.phase field selector), and
      // SetClusterState gets only non-expendable scheduled pods (FilterOutExpendablePods)
      for (const p of h.terminalBoundPods()) this.snapshot.unschedulePod(p);
      // upcoming nodes join the snapshot as template copies; registered-but-not-started ones leave it
      const { counts, registered } = this.clusterState.getUpcomingNodes();
      const notStarted = new Set<string>();
      for (const names of registered.values()) for (const n of names) notStarted.add(n);
      for (const n of notStarted) this.snapshot.removeNodeInfo(n);
      for (const [id, count] of counts) {
        const t = this.templateNodeInfo(id);
        for (let i = 0; i < count; i++) this.snapshot.addNodeInfo(withName(t.node, `template-node-for-${id}-upcoming-${i}`), t.pods);
      }
      // pending pods: unschedulable, not expendable, not fitting existing/upcoming nodes, old enough
      let pods = h.unschedulablePods().filter((p) => p.priority >= o.expendablePodsPriorityCutoff);
      pods = [...pods].sort((a, b) => b.priority - a.priority);
      const placed = new Set(this.filterOutSchedulable.trySchedulePods(this.snapshot, pods, () => true, false).map((s) => s.pod));
      this.filterOutSchedulable.dropOldHints();
      pods = pods.filter((p) => !placed.has(p) && !isDaemonSetPod(p));
      const toHelp = pods.filter((p) => h.createdAt(p) + podScaleUpDelay(p, o.newPodScaleUpDelay) <= now);

      let scaleDownForbidden = false;
      const readyNodes = [...cluster.nodes.values()].filter((ni) => h.isReady(ni)).length;
      if (toHelp.length === 0) rec.scaleUp.result = 'ScaleUpNotNeeded';
      else if (o.maxNodesTotal > 0 && readyNodes >= o.maxNodesTotal) {
        rec.scaleUp.result = 'ScaleUpLimitedByMaxNodesTotal';
        for (const p of toHelp) this.notTriggered(p, 'max total nodes in cluster reached', rec);
      } else if (allPodsAreNew(toHelp, (p) => h.createdAt(p), now)) {
        scaleDownForbidden = true;
        rec.scaleUp.result = 'ScaleUpInCooldown';
      } else {
        // len(nodes) upstream: the snapshot's nodes, upcoming template nodes included, not-started ones out
        const status = this.scaleUp(toHelp, this.snapshot.listNodeInfos().length, now);
        rec.scaleUp.result = status.result;
        rec.scaleUp.considered = status.considered;
        rec.scaleUp.options = status.options;
        rec.scaleUp.bestOption = status.bestOption;
        rec.scaleUp.plan = status.scaleUpInfos.map(scaleUpInfoString);
        rec.scaleUp.podsTriggered = status.podsTriggeredScaleUp.length;
        if (status.result !== 'ScaleUpSuccessful' && status.result !== 'ScaleUpError') {
          for (const info of status.podsRemainUnschedulable) this.notTriggered(info.pod, reasonsMessage(status.result, info), rec);
        }
        if (status.result === 'ScaleUpSuccessful') this.lastScaleUpTime = now;
      }

      // scale-down
      if (o.scaleDownEnabled) {
        const all = this.snapshot.listNodeInfos().filter((ni) => !this.snapshot.isRemoved(ni.name) && cluster.nodes.has(ni.name) && !ni.name.startsWith('template-node-for-'));
        // PreFilteringScaleDownNodeProcessor: autoscaled nodes of groups above their min size;
        // then upstream's candidate order (empty first, previous candidates next)
        const prefiltered = all.filter((ni) => {
          const g = this.cloud.nodeGroupForNode(ni.name);
          return g !== undefined && this.cloud.targetSize(g) > this.cloud.groups.get(g)!.config.minSize;
        });
        const candidates = this.planner.sortCandidates(prefiltered, now);
        this.planner.updateClusterState(all, candidates, this.actuator.deletionsInProgress(), now);
        const cooldown =
          scaleDownForbidden ||
          this.lastScaleUpTime + o.scaleDownDelayAfterAdd > now ||
          this.actuator.failedSince + o.scaleDownDelayAfterFailure > now ||
          this.lastScaleDownDeleteTime + o.scaleDownDelayAfterDelete > now;
        if (cooldown) rec.scaleDown.result = 'ScaleDownInCooldown';
        else if (candidates.length === 0) rec.scaleDown.result = 'ScaleDownNoCandidates';
        else {
          const { empty, needDrain } = this.planner.nodesToDelete(now);
          const res = this.actuator.startDeletion(empty, needDrain);
          rec.scaleDown.result = res.result;
          rec.scaleDown.deleted = res.deleted;
          if (res.result === 'ScaleDownNodeDeleteStarted') this.lastScaleDownDeleteTime = now;
        }
        rec.scaleDown.unneeded = this.planner.unneededNodes();
        rec.scaleDown.unremovable = this.planner.unremovable;
        softTaintNodes = all.filter((ni) => this.cloud.nodeGroupForNode(ni.name) !== undefined);
      }
    } finally {
      this.snapshot.revert();
    }
    if (softTaintNodes) this.updateSoftDeletionTaints(softTaintNodes);
    // EnforceNodeGroupMinSize
    if (o.enforceNodeGroupMinSize) {
      for (const id of this.cloud.nodeGroupIds()) {
        const g = this.cloud.groups.get(id)!;
        if (g.targetSize < g.config.minSize && this.clusterState.nodeGroupScaleUpSafety(id, now).safeToScale) this.executeScaleUp(id, g.config.minSize - g.targetSize, now);
      }
    }
    return finish();
  }

  /** The status ConfigMap's content now. mirrors ClusterStateRegistry.GetStatus */
  private buildStatus(now: number): ClusterAutoscalerStatus {
    const candidates = new Map<string, number>();
    for (const u of this.planner.unneededNodes()) {
      const g = this.cloud.nodeGroupForNode(u.node);
      if (g !== undefined) candidates.set(g, (candidates.get(g) ?? 0) + 1);
    }
    const deleting = new Map<string, number>();
    for (const id of this.cloud.nodeGroupIds()) deleting.set(id, this.actuator.deletionsCount(id));
    const groups = this.groups.map((g) => ({ name: g.name, minSize: g.minSize, maxSize: g.maxSize, target: this.cloud.targetSize(g.name) }));
    return this.statusTracker.build(this.clusterState, groups, candidates, deleting, now, this.host.timestamp(now));
  }

  /**
   * Unneeded nodes get the DeletionCandidateOfClusterAutoscaler PreferNoSchedule taint, nodes no
   * longer unneeded lose it: removals first, at most max-bulk-soft-taint-count (10) API calls per
   * loop; nodes being deleted are left alone. mirrors StaticAutoscaler.updateSoftDeletionTaints
   * and core/scaledown/actuation/softtaint.go UpdateSoftDeletionTaints
   */
  private updateSoftDeletionTaints(selected: readonly NodeInfo[]): void {
    const unneeded = new Set(this.planner.unneededNodes().map((u) => u.node));
    let budget = MAX_BULK_SOFT_TAINT_COUNT;
    const has = (ni: NodeInfo, key: string) => ni.taints.some((t) => t.key === key);
    for (const ni of selected) {
      if (unneeded.has(ni.name) || has(ni, ToBeDeletedByClusterAutoscaler) || !has(ni, DeletionCandidateOfClusterAutoscaler)) continue;
      if (budget-- <= 0) return;
      this.host.softTaint(ni.name, false);
    }
    for (const ni of selected) {
      if (!unneeded.has(ni.name) || has(ni, ToBeDeletedByClusterAutoscaler) || has(ni, DeletionCandidateOfClusterAutoscaler)) continue;
      if (budget-- <= 0) return;
      this.host.softTaint(ni.name, true);
    }
  }

  private notTriggered(p: PodInfo, reason: string, rec: LoopRecord): void {
    rec.scaleUp.podsRemaining.push({ pod: p.key, reason });
    this.host.emit('NotTriggerScaleUp', `Pod ${p.key}`, { message: `pod didn't trigger scale-up: ${reason}` });
  }

  private scaleUp(pods: PodInfo[], nodeCount: number, now: number): ScaleUpStatus {
    const groups: ScaleUpNodeGroup[] = this.cloud.nodeGroupIds().map((id) => {
      const g = this.cloud.groups.get(id)!;
      const safety = this.clusterState.nodeGroupScaleUpSafety(id, now);
      return {
        id,
        targetSize: g.targetSize,
        minSize: g.config.minSize,
        maxSize: g.config.maxSize,
        template: this.templateNodeInfo(id),
        skipReason: safety.safeToScale ? undefined : safety.healthy ? 'in backoff after failed scale-up' : 'not ready for scale-up',
      };
    });
    const status = scaleUp(
      {
        snapshot: this.snapshot,
        options: this.options,
        expander: this.expander,
        currentNodeCount: nodeCount,
        findSimilarNodeGroups: (g, cands) => {
          const infos = new Map([g, ...cands].map((x) => [x.id, x.template]));
          const ids = findSimilarNodeGroups(g.id, cands.map((x) => x.id), infos, this.comparator);
          return cands.filter((x) => ids.includes(x.id));
        },
        balance: (gs, n) => balanceScaleUpBetweenGroups(gs.map((g) => ({ group: g.id, currentSize: g.targetSize, maxSize: g.maxSize })), n),
      },
      pods,
      groups,
    );
    if (status.result !== 'ScaleUpSuccessful') return status;
    const infos = status.scaleUpInfos.map(scaleUpInfoString).join(' ');
    for (const info of status.scaleUpInfos) this.executeScaleUp(info.group, info.newSize - info.currentSize, now, info);
    for (const p of status.podsTriggeredScaleUp) this.host.emit('TriggeredScaleUp', `Pod ${p.key}`, { message: `pod triggered scale-up: [${infos}]` });
    return status;
  }

  /** mirrors scaleUpExecutor.executeScaleUp */
  private executeScaleUp(group: string, delta: number, now: number, info?: { currentSize: number; newSize: number; maxSize: number }): void {
    const h = this.host;
    const cur = this.cloud.targetSize(group);
    const max = this.cloud.groups.get(group)!.config.maxSize;
    const i = info ?? { currentSize: cur, newSize: cur + delta, maxSize: max };
    h.emit('ScaledUpGroup', `NodeGroup ${group}`, { message: `Scale-up: setting group ${group} size to ${i.newSize} instead of ${i.currentSize} (max: ${i.maxSize})`, from: i.currentSize, to: i.newSize });
    let created: Instance[];
    try {
      created = this.cloud.increaseSize(group, delta, now);
    } catch (err) {
      h.emit('FailedToScaleUpGroup', `NodeGroup ${group}`, { message: `Scale-up failed for group ${group}: ${(err as Error).message}` });
      this.clusterState.backoff.backoff(group, now, 'Other', 'cloudProviderError', (err as Error).message);
      return;
    }
    this.clusterState.registerOrUpdateScaleUp(group, delta, now);
    h.emit('ScaledUpGroup', `NodeGroup ${group}`, { message: `Scale-up: group ${group} size set to ${i.newSize} instead of ${i.currentSize} (max: ${i.maxSize})`, from: i.currentSize, to: i.newSize });
    this.scaleUps++;
    this.scaleUpNodes += delta;
    h.onInstancesCreated(created);
  }
}

/** GPU pods get longer to settle (unschedulablePodWithGpuTimeBuffer, 30 s). */
export const UNSCHEDULABLE_POD_WITH_GPU_TIME_BUFFER = 30;

/**
 * True while the pending pods are too new to act on: the oldest is younger than 2 s, or some
 * request a GPU and the oldest of those is younger than 30 s. mirrors static_autoscaler.go allPodsAreNew
 */
export function allPodsAreNew(pods: readonly PodInfo[], createdAt: (p: PodInfo) => number, now: number): boolean {
  let oldest = Infinity;
  let oldestGpu = Infinity;
  for (const p of pods) {
    const t = createdAt(p);
    if (t < oldest) oldest = t;
    if (requestsGpu(p) && t < oldestGpu) oldestGpu = t;
  }
  if (oldest + UNSCHEDULABLE_POD_TIME_BUFFER > now) return true;
  return oldestGpu !== Infinity && oldestGpu + UNSCHEDULABLE_POD_WITH_GPU_TIME_BUFFER > now;
}

/** The pod requests nvidia.com/gpu in a container (utils/gpu PodRequestsGpu). */
function requestsGpu(p: PodInfo): boolean {
  for (const c of p.pod.spec.containers) if (c.resources?.requests?.['nvidia.com/gpu'] !== undefined) return true;
  return false;
}

function isDaemonSetPod(p: PodInfo): boolean {
  return (p.pod.metadata.ownerReferences ?? []).some((r) => r.controller && r.kind === 'DaemonSet');
}

/** The pod's scale-up delay: the flag, or a longer per-pod annotation (cluster-autoscaler.kubernetes.io/pod-scale-up-delay). */
function podScaleUpDelay(p: PodInfo, flag: number): number {
  const a = p.pod.metadata.annotations?.['cluster-autoscaler.kubernetes.io/pod-scale-up-delay'];
  if (a === undefined) return flag;
  const m = /^(\d+(?:\.\d+)?)(s|m|h)$/.exec(a);
  if (!m) return flag;
  const v = Number(m[1]) * (m[2] === 'h' ? 3600 : m[2] === 'm' ? 60 : 1);
  return Math.max(flag, v);
}
