/**
 * Scale-down planning: which nodes are unneeded (eligible, and their pods fit elsewhere), since
 * when, and which of them may go now; the rest with upstream's UnremovableReason.
 * mirrors cluster-autoscaler/core/scaledown/planner/planner.go Planner (UpdateClusterState,
 * categorizeNodes, NodesToDelete, unneededNodesLimit), core/scaledown/unneeded/nodes.go Nodes
 * (Update, RemovableAt, unremovableReason), core/scaledown/unremovable/nodes.go and
 * simulator/cluster.go RemovalSimulator (SimulateNodeRemoval, findPlaceFor)
 */
import type { NodeInfo } from '../../model/node-info.ts';
import type { PodInfo } from '../../model/pod-info.ts';
import type { Pod } from '../../model/types.ts';
import type { AutoscalingOptions } from '../options.ts';
import type { ClusterSnapshot } from '../simulator/cluster-snapshot.ts';
import type { DrainContext } from '../simulator/drainability/context.ts';
import type { RemainingPdbTracker } from '../simulator/drainability/pdb-tracker.ts';
import { getPodsToMove } from '../simulator/drain.ts';
import { HintingSimulator } from '../simulator/hinting-simulator.ts';
import { UnremovableReason, type BlockingPod } from '../simulator/reasons.ts';
import { calculateUtilization, type UtilizationInfo, type UtilizationOptions, type UtilizationResult } from '../simulator/utilization.ts';
import { filterOutUnremovable, type ScaleDownCandidate } from './eligibility.ts';
import { UnneededNodes } from './unneeded.ts';

/** A node's plain data as last read, with its generation (and its utilization, once computed). */
interface NodeEntry {
  generation: number;
  node: NodeInfo['node'];
  data: { node: NodeInfo['node']; pods: Pod[] };
  back: Map<Pod, PodInfo>;
  terminating: boolean;
  /** No pod to move (EmptySorting's isNodeEmpty), once computed. */
  empty?: boolean;
  util?: UtilizationResult;
  utilKey?: string;
}

/** A node whose pods all fit elsewhere (simulator.NodeToBeRemoved). */
export interface NodeToBeRemoved {
  node: string;
  group: string;
  podsToReschedule: PodInfo[];
  daemonSetPods: PodInfo[];
  isRisky: boolean;
  utilization?: UtilizationInfo;
}

/** A node that stays, and why (simulator.UnremovableNode). */
export interface UnremovableNodeInfo {
  node: string;
  reason: UnremovableReason;
  /** For RecentlyUnremovable: the reason the node was found unremovable for, and when it is checked again. */
  previousReason?: UnremovableReason;
  recheckAt?: number;
  blockingPod?: { pod: string; reason: BlockingPod['reason'] };
  utilization?: UtilizationInfo;
}

/** An unneeded node and since when (scaledown.UnneededNode). */
export interface UnneededNode {
  node: string;
  since: number;
  empty: boolean;
}

/** What the planner needs from the cluster and the cloud. */
export interface PlannerHost {
  snapshot: ClusterSnapshot;
  options: AutoscalingOptions;
  nodeGroupForNode(name: string): string | undefined;
  /** Target size and min size of a group. */
  groupSize(group: string): { target: number; min: number };
  /** Deletions in progress per group. */
  deletionsInProgress(group: string): number;
  /** Node readiness. */
  isReady(ni: NodeInfo): boolean;
  /** Drainability context (owners, now); the planner adds the PDB tracker. */
  drainContext(tracker: RemainingPdbTracker): DrainContext;
  /** A fresh PDB tracker with the cluster's PDBs. */
  newPdbTracker(): RemainingPdbTracker;
}

/** The pods of a node as plain data, and the way back to each PodInfo. */
export function nodeInfoData(ni: NodeInfo): { data: { node: NodeInfo['node']; pods: Pod[] }; back: Map<Pod, PodInfo> } {
  const back = new Map<Pod, PodInfo>();
  const pods: Pod[] = [];
  for (const p of ni.pods) {
    back.set(p.pod, p);
    pods.push(p.pod);
  }
  return { data: { node: ni.node, pods }, back };
}

/** The scale-down planner with its state across loops. */
export class Planner {
  private readonly unneeded = new UnneededNodes();
  /** Nodes found unremovable, not re-checked until the timeout (unremovable.Nodes). */
  private readonly unremovableUntil = new Map<string, { until: number; info: UnremovableNodeInfo }>();
  /** Unremovable nodes of the last loop, with reasons (for the status and explain). */
  unremovable: UnremovableNodeInfo[] = [];
  utilization = new Map<string, UtilizationInfo>();
  private readonly rs = new HintingSimulator();
  private latestUpdate = -Infinity;
  private minUpdateInterval: number;

  constructor(private readonly host: PlannerHost) {
    this.minUpdateInterval = host.options.scaleDownUnneededTime > 0 ? host.options.scaleDownUnneededTime : 1e-9;
  }

  /** Per node: its plain data and utilization, kept while the node and its pods are unchanged. */
  private readonly nodeCache = new WeakMap<NodeInfo, NodeEntry>();

  private nodeEntry(ni: NodeInfo): NodeEntry {
    const hit = this.nodeCache.get(ni);
    if (hit && hit.generation === ni.generation && hit.node === ni.node) return hit;
    const { data, back } = nodeInfoData(ni);
    let terminating = false;
    for (const p of ni.pods) if (p.pod.metadata.deletionTimestamp) terminating = true;
    const entry: NodeEntry = { generation: ni.generation, node: ni.node, data, back, terminating };
    this.nodeCache.set(ni, entry);
    return entry;
  }

  /** calculateUtilization, cached per node entry (not when a pod is terminating: that depends on the time). */
  private utilizationOf(entry: NodeEntry, opts: UtilizationOptions, now: number): UtilizationResult {
    if (entry.terminating) return calculateUtilization(entry.data, opts, now);
    const key = `${opts.skipDaemonSetPods}/${opts.skipMirrorPods}/${opts.gpuResourceName ?? ''}`;
    if (entry.utilKey === key && entry.util) return entry.util;
    entry.util = calculateUtilization(entry.data, opts, now);
    entry.utilKey = key;
    return entry.util;
  }

  /**
   * Scale-down candidates in upstream's order: empty nodes (no pod to move by the drainability
   * rules) first, then the nodes unneeded in the previous loop, the rest in the given order
   * (a stable sort where upstream's sort.Sort is not). mirrors
   * processors/scaledowncandidates ScaleDownCandidatesSortingProcessor with EmptySorting and
   * PreviousCandidates
   */
  sortCandidates(candidates: readonly NodeInfo[], now: number): NodeInfo[] {
    const previous = new Set(this.unneeded.asList().map((v) => v.ntbr.node));
    const keyed = candidates.map((ni, i) => {
      const e = this.nodeEntry(ni);
      if (e.empty === undefined) {
        const moved = getPodsToMove(e.data, { now, deleteOptions: this.deleteOptions() });
        e.empty = moved.error === undefined && moved.blockingPod === undefined && moved.pods.length === 0;
      }
      return { ni, i, k: (e.empty ? 0 : 2) + (previous.has(ni.name) ? 0 : 1) };
    });
    keyed.sort((a, b) => a.k - b.k || a.i - b.i);
    return keyed.map((x) => x.ni);
  }

  private deleteOptions(): NonNullable<DrainContext['deleteOptions']> {
    const o = this.host.options;
    return {
      skipNodesWithSystemPods: o.skipNodesWithSystemPods,
      skipNodesWithLocalStorage: o.skipNodesWithLocalStorage,
      skipNodesWithCustomControllerPods: o.skipNodesWithCustomControllerPods,
      minReplicaCount: o.minReplicaCount,
    };
  }

  /** Unneeded nodes, by name. */
  unneededNodes(): UnneededNode[] {
    return this.unneeded.asList().map((v) => ({ node: v.ntbr.node, since: v.since, empty: v.ntbr.podsToReschedule.length === 0 }));
  }

  /** Forgets unneeded nodes (cluster unhealthy). */
  cleanUpUnneededNodes(): void {
    this.unneeded.clear();
  }

  /**
   * Re-evaluates every candidate: eligibility, then (within the limit) a removal simulation whose
   * successful moves stay in the snapshot for the next candidates. mirrors Planner.UpdateClusterState
   */
  updateClusterState(podDestinations: readonly NodeInfo[], candidates: readonly NodeInfo[], beingDeleted: ReadonlySet<string>, now: number): void {
    const interval = now - this.latestUpdate;
    if (interval < this.minUpdateInterval) this.minUpdateInterval = interval;
    this.latestUpdate = now;
    const snap = this.host.snapshot;
    snap.fork();
    try {
      const destinations = new Set(podDestinations.filter((n) => !beingDeleted.has(n.name)).map((n) => n.name));
      this.categorizeNodes(destinations, candidates.filter((n) => !beingDeleted.has(n.name)), beingDeleted, now);
    } finally {
      snap.revert();
    }
    this.rs.dropOldHints();
  }

  private categorizeNodes(destinations: Set<string>, candidates: readonly NodeInfo[], beingDeleted: ReadonlySet<string>, now: number): void {
    const h = this.host;
    const o = h.options;
    // unremovable.Nodes.Update: drop expired entries
    for (const [n, u] of this.unremovableUntil) if (u.until <= now || !h.snapshot.getNodeInfo(n)) this.unremovableUntil.delete(n);
    const recently = new Set(this.unremovableUntil.keys());
    const cands: ScaleDownCandidate[] = [];
    const backs = new Map<string, Map<Pod, PodInfo>>();
    for (const ni of candidates) {
      const entry = this.nodeEntry(ni);
      backs.set(ni.name, entry.back);
      cands.push({ nodeInfo: entry.data, nodeGroup: h.nodeGroupForNode(ni.name), ready: h.isReady(ni), utilization: (opts) => this.utilizationOf(entry, opts, now) });
    }
    const elig = filterOutUnremovable(
      cands,
      {
        nodeGroupDefaults: {
          scaleDownUtilizationThreshold: o.scaleDownUtilizationThreshold,
          scaleDownGpuUtilizationThreshold: o.scaleDownGpuUtilizationThreshold,
          ignoreDaemonSetsUtilization: o.ignoreDaemonSetsUtilization,
        },
      },
      beingDeleted,
      now,
      recently,
    );
    this.utilization = elig.utilization;
    const unremovable: UnremovableNodeInfo[] = [];
    for (const u of elig.unremovable) {
      const prev = this.unremovableUntil.get(u.node)?.info;
      // a recently unremovable node: upstream's RecentlyUnremovable, with the reason it was found unremovable for
      unremovable.push(
        u.reason === UnremovableReason.RecentlyUnremovable && prev
          ? { ...prev, reason: u.reason, previousReason: prev.previousReason ?? prev.reason, recheckAt: this.unremovableUntil.get(u.node)?.until }
          : { node: u.node, reason: u.reason, utilization: elig.utilization.get(u.node) },
      );
    }
    const tracker = h.newPdbTracker();
    const removable: NodeToBeRemoved[] = [];
    const limit = this.unneededNodesLimit();
    for (const name of elig.eligible) {
      if (removable.length >= limit) break;
      const res = this.simulateNodeRemoval(name, destinations, tracker, backs.get(name)!, now);
      if ('reason' in res) {
        res.utilization = elig.utilization.get(name);
        unremovable.push(res);
        this.unremovableUntil.set(name, { until: now + o.unremovableNodeRecheckTimeout, info: res });
        continue;
      }
      res.utilization = elig.utilization.get(name);
      const can = tracker.canRemovePods(res.podsToReschedule.map((p) => p.pod));
      if (!can.inParallel) res.isRisky = true;
      destinations.delete(name);
      tracker.removePods(res.podsToReschedule.map((p) => p.pod));
      removable.push(res);
    }
    this.unremovable = unremovable;
    this.unneeded.update(removable, now);
  }

  /** mirrors RemovalSimulator.SimulateNodeRemoval (canPersist: a success stays in the snapshot) */
  private simulateNodeRemoval(name: string, destinations: ReadonlySet<string>, tracker: RemainingPdbTracker, back: Map<Pod, PodInfo>, now: number): NodeToBeRemoved | UnremovableNodeInfo {
    const snap = this.host.snapshot;
    const ni = snap.getNodeInfo(name);
    if (!ni) return { node: name, reason: UnremovableReason.NoNodeInfo };
    const { data } = this.nodeEntry(ni);
    const moved = getPodsToMove(data, this.host.drainContext(tracker));
    if (moved.blockingPod) {
      const bp = moved.blockingPod;
      return { node: name, reason: UnremovableReason.BlockedByPod, blockingPod: { pod: `${bp.pod.metadata.namespace ?? 'default'}/${bp.pod.metadata.name}`, reason: bp.reason } };
    }
    if (moved.error) return { node: name, reason: UnremovableReason.UnexpectedError };
    const pods = moved.pods.map((p) => back.get(p) ?? findPod(ni, p)).filter((p): p is PodInfo => p !== undefined);
    const ds = moved.daemonSetPods.map((p) => back.get(p) ?? findPod(ni, p)).filter((p): p is PodInfo => p !== undefined);
    snap.fork();
    let ok = false;
    try {
      // findPlaceFor: take the pods off, remove the node, place them on other destinations
      for (const p of pods) snap.unschedulePod(p);
      snap.removeNodeInfo(name);
      const placed = this.rs.trySchedulePods(snap, pods, (n) => n.name !== name && destinations.has(n.name), true);
      ok = placed.length === pods.length;
    } finally {
      if (ok) snap.commit();
      else snap.revert();
    }
    if (!ok) return { node: name, reason: UnremovableReason.NoPlaceToMovePods };
    return { node: name, group: this.host.nodeGroupForNode(name) ?? '', podsToReschedule: pods, daemonSetPods: ds, isRisky: false };
  }

  /** mirrors Planner.unneededNodesLimit */
  private unneededNodesLimit(): number {
    const n = this.host.options.maxScaleDownParallelism;
    const extra = n;
    const limit = this.unneeded.size + n + extra;
    const loop = this.minUpdateInterval;
    const u = Math.max(this.host.options.scaleDownUnneededTime, loop);
    const upper = n * Math.floor(u / loop) + extra;
    return Math.min(upper, limit);
  }

  /**
   * Unneeded nodes that may be removed now: unneeded (or unready) long enough, autoscaled, above
   * the group's min size; empty ones and those needing a drain (risky last).
   * mirrors Planner.NodesToDelete and unneeded.Nodes.RemovableAt / unremovableReason
   */
  nodesToDelete(now: number): { empty: NodeToBeRemoved[]; needDrain: NodeToBeRemoved[] } {
    const h = this.host;
    const utilization = new Map(this.unneeded.asList().map((v) => [v.ntbr.node, v.ntbr.utilization]));
    const { empty, needDrain, unremovable } = this.unneeded.removableAt(
      {
        node: (name) => {
          const ni = h.snapshot.getNodeInfo(name);
          return ni ? { node: ni.node, ready: h.isReady(ni) } : undefined;
        },
        nodeGroupForNode: (name) => h.nodeGroupForNode(name),
        groupSize: (g) => h.groupSize(g),
        deletionsInProgress: (g) => h.deletionsInProgress(g),
        unneededTime: h.options.scaleDownUnneededTime,
        unreadyTime: h.options.scaleDownUnreadyTime,
      },
      now,
    );
    for (const u of unremovable) this.unremovable.push({ ...u, utilization: utilization.get(u.node) });
    // sortByRisk: drains that would spend PDB disruptions of other drains go last
    return { empty, needDrain: [...needDrain.filter((d) => !d.isRisky), ...needDrain.filter((d) => d.isRisky)] };
  }
}

function findPod(ni: NodeInfo, pod: Pod): PodInfo | undefined {
  return ni.pods.find((p) => p.pod === pod);
}
