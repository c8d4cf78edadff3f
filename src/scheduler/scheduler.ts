/**
 * The scheduler: profiles by schedulerName, the scheduling queue, the nominator, scheduleOne
 * (cycle → bind, or PostFilter preemption → FailedScheduling). Binding is immediate (assume +
 * bind in one step), as a simulator has no API latency.
 * mirrors pkg/scheduler/schedule_one.go ScheduleOne / handleSchedulingFailure
 */
import seedrandom from 'seedrandom';
import type { ClusterState } from '../model/cluster.ts';
import type { PodInfo } from '../model/pod-info.ts';
import { Framework, type Rng, type ScheduleResult } from './framework/framework.ts';
import type { Profile } from './framework/profile.ts';
import { podEligibleToPreemptOthers, preemptionPostFilter, type DefaultPreemptionPlugin, type HealthyFn, type PreemptionResult } from './plugins/default-preemption.ts';
import { SchedulingQueue, type EnqueuePlugin, type QueuedPodInfo } from './queue.ts';
import { EventAssignedPodDelete, EventNodeAdd, EventNodeDelete, EventForceActivate, nodeSchedulingPropertiesChange, type ClusterEvent } from './framework/events.ts';
import { affinityTermMatches } from '../model/pod-info.ts';
import type { Node } from '../model/types.ts';

/** A decision the scheduler made, for the event log. */
export type SchedulerEvent =
  | { kind: 'Scheduled'; pod: string; node: string; feasibleNodes: number; evaluatedNodes: number }
  | { kind: 'FailedScheduling'; pod: string; message: string; plugins: string[] }
  | { kind: 'Preempted'; pod: string; node: string; victims: string[] };

/** Options of {@link Scheduler}. */
export interface SchedulerOptions {
  /** Seed of the scheduler's own random stream (tie-breaks, preemption offsets). */
  seed?: string | number;
  /** Receives every decision. */
  onEvent?: (e: SchedulerEvent) => void;
  /** Deletes a preemption victim; default removes it from the cluster at once. */
  evictVictim?: (victim: PodInfo, preemptor: PodInfo) => void;
  /** Whether a pod counts as healthy for PDBs during preemption. */
  healthy?: HealthyFn;
  /** Back-off after the first failed attempt (KubeSchedulerConfiguration podInitialBackoffSeconds, default 1; 0 = none, for time-free runs). */
  podInitialBackoffSeconds?: number;
  /** Back-off cap (podMaxBackoffSeconds, default 10). */
  podMaxBackoffSeconds?: number;
}


export { POD_MAX_IN_UNSCHEDULABLE_PODS_SECONDS, type UnschedulablePod } from './queue.ts';

/** The scheduler over one ClusterState. */
export class Scheduler {
  readonly cluster: ClusterState;
  readonly frameworks = new Map<string, Framework>();
  /** The scheduling queue (activeQ, backoffQ, unschedulablePods). */
  readonly queue: SchedulingQueue;
  private readonly nominated = new Map<string, Set<PodInfo>>();
  private readonly rng: Rng;
  private readonly opts: SchedulerOptions;
  /** Node objects as the scheduler last saw them (its informer's cache), for node events. */
  private readonly seenNodes = new Map<string, Node>();
  /** ClusterState.nodeChanges when the scheduler last compared the nodes. */
  private seenNodeChanges: number;
  /** Scheduling cycles run so far. */
  cycles = 0;

  constructor(cluster: ClusterState, profiles: Profile[], opts: SchedulerOptions = {}) {
    this.cluster = cluster;
    this.opts = opts;
    this.rng = seedrandom(`${opts.seed ?? 0}/scheduler`);
    const plugins = new Map<string, EnqueuePlugin[]>();
    for (const p of profiles) {
      this.frameworks.set(p.schedulerName, new Framework(p, cluster, this.rng));
      plugins.set(p.schedulerName, [...p.preFilter, ...p.filter, ...(p.reserve ?? []), ...p.postFilter, ...p.preScore, ...p.score.map((s) => s.plugin)]);
    }
    this.queue = new SchedulingQueue({
      podInitialBackoffSeconds: opts.podInitialBackoffSeconds,
      podMaxBackoffSeconds: opts.podMaxBackoffSeconds,
      profiles: plugins,
      termMatches: (t, p) => affinityTermMatches(t, p, (ns) => cluster.namespaceLabels(ns)),
    });
    for (const ni of cluster.nodes.values()) this.seenNodes.set(ni.name, ni.node);
    this.seenNodeChanges = cluster.nodeChanges;
  }

  /** unschedulablePods: pods that failed and wait for an event, with why. */
  get unschedulable(): ReadonlyMap<string, QueuedPodInfo> {
    return this.queue.unschedulablePods;
  }

  /** Number of pods waiting in activeQ. */
  get activeLength(): number {
    return this.queue.activeLength;
  }

  /** True when a cycle would find a pod (activeQ, or backoffQ popped while activeQ is empty). */
  get hasWork(): boolean {
    return this.queue.hasPoppable;
  }

  /** Queues a pending pod (PreEnqueue: gated pods and pods of unknown schedulers are not queued). */
  enqueue(p: PodInfo, now = 0): void {
    if (p.nodeName) return;
    if ((p.pod.spec.schedulingGates ?? []).length > 0) return;
    if (p.pod.metadata.deletionTimestamp) return;
    if (!this.frameworks.has(p.pod.spec.schedulerName ?? 'default-scheduler')) return;
    this.queue.add(p, now);
  }

  /**
   * Failed scheduling attempts of a pending pod (0 when never tried or bound): > 0 means its
   * PodScheduled condition is False with reason Unschedulable, which the cluster-autoscaler reads.
   */
  failedAttempts(p: PodInfo): number {
    return this.queue.get(p)?.unschedulableCount ?? 0;
  }

  /** Queues every pending pod of the cluster in arrival order. */
  enqueueAllPending(now = 0): void {
    for (const p of this.cluster.pendingPods.values()) this.enqueue(p, now);
  }

  /** Back-off after `attempts` attempts (calculateBackoffDuration). */
  backoffSeconds(attempts: number): number {
    return this.queue.backoffDuration(attempts);
  }

  // ---- cluster events ---------------------------------------------------------------------

  /**
   * A change of unknown kind: every unschedulable pod is retried (a wildcard event, as
   * MoveAllToActiveOrBackoffQueue with a wildcard), to activeQ or, while backing off, backoffQ.
   */
  moveAllToActive(now = 0): void {
    this.queue.moveAllToActiveOrBackoff(EventForceActivate, null, null, now);
  }

  /** Tells the queue about a cluster event (node and pod events have their own methods). */
  clusterEvent(event: ClusterEvent, oldObj: Node | PodInfo | null, newObj: Node | PodInfo | null, now = 0): void {
    this.queue.moveAllToActiveOrBackoff(event, oldObj, newObj, now);
  }

  /**
   * Compares the cluster's nodes with those the scheduler last saw and raises Node/Add,
   * Node/Update (NodeSchedulingPropertiesChange: one event per changed property) and
   * Node/Delete, as the scheduler's node informer would. mirrors eventhandlers.go
   * addNodeToCache / updateNodeInCache / deleteNodeFromCache
   */
  syncNodes(now = 0): void {
    // no node added, removed or replaced since the last look: nothing to compare
    if (this.cluster.nodeChanges === this.seenNodeChanges) return;
    this.seenNodeChanges = this.cluster.nodeChanges;
    const nodes = this.cluster.nodes;
    if (nodes.size === this.seenNodes.size) {
      let same = true;
      for (const [name, ni] of nodes) {
        if (this.seenNodes.get(name) !== ni.node) {
          same = false;
          break;
        }
      }
      if (same) return;
    }
    for (const [name, old] of this.seenNodes) {
      if (nodes.has(name)) continue;
      this.seenNodes.delete(name);
      this.queue.moveAllToActiveOrBackoff(EventNodeDelete, old, null, now);
    }
    for (const [name, ni] of nodes) {
      const old = this.seenNodes.get(name);
      if (old === ni.node) continue;
      this.seenNodes.set(name, ni.node);
      if (old === undefined) this.queue.moveAllToActiveOrBackoff(EventNodeAdd, null, ni.node, now);
      else for (const e of nodeSchedulingPropertiesChange(ni.node, old)) this.queue.moveAllToActiveOrBackoff(e, old, ni.node, now);
    }
  }

  /** A pod was bound or created bound (AssignedPodAdded). */
  assignedPodAdded(p: PodInfo, now = 0): void {
    this.queue.assignedPodAdded(p, now);
  }

  /**
   * A pod is gone from the API. A bound one raises AssignedPodDelete; an unbound one that was
   * nominated raises it too, for pods of lower or equal priority (they counted it on its node).
   * mirrors eventhandlers.go deletePodFromCache / deletePodFromSchedulingQueue
   */
  podDeleted(p: PodInfo, now = 0): void {
    this.queue.delete(p);
    const nominatedTo = p.pod.status?.nominatedNodeName;
    this.removeNomination(p);
    if (p.nodeName) this.queue.moveAllToActiveOrBackoff(EventAssignedPodDelete, p, null, now);
    else if (nominatedTo) this.queue.moveAllToActiveOrBackoff(EventAssignedPodDelete, p, null, now, (o) => o.priority <= p.priority);
  }

  /**
   * Takes a pod out of the queue without an event: its deletion has begun (a pod with a deletion
   * timestamp is never scheduled); its nomination holds until {@link podDeleted}.
   */
  forget(p: PodInfo): void {
    this.queue.delete(p);
  }

  /**
   * Time-driven queue moves: backoffQ pods whose back-off ended go to activeQ
   * (flushBackoffQCompleted, every second); pods unschedulable for more than 5 minutes are
   * retried (flushUnschedulablePodsLeftover, every 30 s).
   */
  flushQueues(now: number): void {
    this.queue.flushBackoffCompleted(now);
    this.queue.flushUnschedulableLeftover(now);
  }

  /** The next time the queues move on their own (a back-off ends or the leftover flush), or Infinity. */
  nextQueueWakeup(now = 0): number {
    return this.queue.nextWakeup(now);
  }

  // ---- nominations ------------------------------------------------------------------------

  /** Pods nominated to `node` (used by filters and preemption). */
  nominatedPodsFor = (node: string): readonly PodInfo[] => {
    const s = this.nominated.get(node);
    return s ? [...s] : [];
  };

  private removeNomination(p: PodInfo): void {
    const n = p.pod.status?.nominatedNodeName;
    if (!n) return;
    this.nominated.get(n)?.delete(p);
    p.pod.status = { ...p.pod.status, nominatedNodeName: undefined };
  }

  private nominate(p: PodInfo, node: string): void {
    this.removeNomination(p);
    p.pod.status = { ...(p.pod.status ?? {}), nominatedNodeName: node };
    let s = this.nominated.get(node);
    if (!s) this.nominated.set(node, (s = new Set()));
    s.add(p);
  }

  // ---- scheduling -------------------------------------------------------------------------

  /**
   * Pops one pod and runs its cycle: binds it, or records it unschedulable and tries preemption.
   * Returns the cycle result, or undefined when there is nothing to pop. `now` is simulated seconds.
   */
  scheduleOne(now = 0): ScheduleResult | undefined {
    let q = this.queue.pop();
    // a pod deleted or bound meanwhile is dropped (skipPodSchedule)
    while (q !== undefined && (this.cluster.pods.get(q.pod.key) !== q.pod || q.pod.nodeName || q.pod.pod.metadata.deletionTimestamp)) {
      this.queue.done(q);
      q = this.queue.pop();
    }
    if (q === undefined) return undefined;
    const p = q.pod;
    const fw = this.frameworks.get(p.pod.spec.schedulerName ?? 'default-scheduler')!;
    this.cycles++;
    const result = fw.schedulePod(p, { nominatedPods: this.nominated.size > 0 ? this.nominatedPodsFor : undefined });
    if (result.node !== null) {
      this.queue.done(q);
      this.removeNomination(p);
      const reserve = fw.profile.reserve;
      if (reserve !== undefined && reserve.length > 0) {
        const ni = this.cluster.nodes.get(result.node);
        if (ni) for (const r of reserve) r.reserve!(result.state, p, ni);
      }
      this.cluster.bindPod(p, result.node);
      this.opts.onEvent?.({ kind: 'Scheduled', pod: p.key, node: result.node, feasibleNodes: result.feasibleNodes, evaluatedNodes: result.evaluatedNodes });
      // the bound pod reaches the assigned-pod informer: AssignedPodAdded
      this.queue.assignedPodAdded(p, now);
      return result;
    }
    // PostFilter runs before the failure is recorded; its message is appended to the FitError text.
    // mirrors schedule_one.go schedulingCycle (Diagnosis.PostFilterMsg) and types.go FitError.Error
    // an error (not a FitError) runs no PostFilter and leaves no rejecting plugin: error back-off
    const pf = result.error !== undefined ? undefined : (fw.profile.postFilter.find((x) => x.postFilterKind === 'preemption') as DefaultPreemptionPlugin | undefined);
    let pr: PreemptionResult | null = null;
    let postFilterMsg = '';
    if (pf) {
      const out = preemptionPostFilter(pf, fw, p, result, this.rng, { nominatedPods: this.nominatedPodsFor }, this.opts.healthy);
      pr = out.result;
      postFilterMsg = out.message;
      // no candidate: the PostFilter result nominates no node, which clears an earlier nomination
      // (an ineligible pod gets no result and keeps its nomination)
      if (!pr && podEligibleToPreemptOthers(fw, p, result).eligible) this.removeNomination(p);
    }
    if (pr) {
      // Lower-priority pods nominated to the same node lose their nomination.
      for (const other of this.nominatedPodsFor(pr.nominatedNode)) if (other.priority < p.priority) this.removeNomination(other);
      this.nominate(p, pr.nominatedNode);
      this.opts.onEvent?.({ kind: 'Preempted', pod: p.key, node: pr.nominatedNode, victims: pr.victims.map((v) => v.key) });
    }
    const base = result.message ?? 'unschedulable';
    const message = postFilterMsg ? `${base} ${postFilterMsg}` : base;
    result.message = message;
    // handleSchedulingFailure: the FailedScheduling event comes after PostFilter
    this.opts.onEvent?.({ kind: 'FailedScheduling', pod: p.key, message, plugins: result.error !== undefined ? [] : [...result.unschedulablePlugins].sort() });
    if (pr) {
      for (const v of pr.victims) {
        // prepareCandidate marks each victim before deleting it (PodEligibleToPreemptOthers looks for this)
        v.pod.status = {
          ...(v.pod.status ?? {}),
          conditions: [
            ...(v.pod.status?.conditions ?? []).filter((c) => c.type !== 'DisruptionTarget'),
            { type: 'DisruptionTarget', status: 'True', reason: 'PreemptionByScheduler', message: `${fw.profile.schedulerName}: preempting to accommodate a higher priority pod` },
          ],
        };
        if (this.opts.evictVictim) this.opts.evictVictim(v, p);
        else {
          this.cluster.removePod(v.key);
          this.podDeleted(v, now);
        }
      }
    }
    // AddUnschedulableIfNotPresent: the victims' deletions were seen while the preemptor was in
    // flight, so its rejecting plugins' hints (NodeResourcesFit: a scheduled pod was deleted) send
    // it to backoffQ; without such an event it waits in unschedulablePods.
    this.queue.addUnschedulable(q, result.error !== undefined ? new Set() : result.unschedulablePlugins, message, now, result.error !== undefined);
    return result;
  }

  /** Runs cycles until nothing is left to pop (activeQ and backoffQ empty). Returns the number of cycles run. */
  runUntilIdle(now = 0, maxCycles = Number.POSITIVE_INFINITY): number {
    let n = 0;
    while (n < maxCycles && this.scheduleOne(now) !== undefined) n++;
    return n;
  }
}
