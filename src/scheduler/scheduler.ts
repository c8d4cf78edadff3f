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
import { ActiveQueue, type UnschedulablePod } from './queue.ts';
import { Heap } from '../util/heap.ts';

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

/** Unschedulable pods are flushed back after this long even without a cluster event (podMaxInUnschedulablePodsDuration). */
export const POD_MAX_IN_UNSCHEDULABLE_PODS_SECONDS = 300;

/** The scheduler over one ClusterState. */
export class Scheduler {
  readonly cluster: ClusterState;
  readonly frameworks = new Map<string, Framework>();
  readonly unschedulable = new Map<string, UnschedulablePod>();
  private readonly active = new ActiveQueue();
  /** backoffQ: pods waiting out their back-off, by the time it ends. */
  private readonly backoff = new Heap<{ pod: PodInfo; readyAt: number }>((a, b) => a.readyAt < b.readyAt || (a.readyAt === b.readyAt && a.pod.seq < b.pod.seq));
  private readonly inBackoff = new Set<PodInfo>();
  /** Failed scheduling attempts per pod (for the back-off), reset when it is bound. */
  private readonly attempts = new Map<PodInfo, { count: number; lastFailure: number }>();
  private readonly nominated = new Map<string, Set<PodInfo>>();
  private readonly rng: Rng;
  private readonly opts: SchedulerOptions;
  /** Scheduling cycles run so far. */
  cycles = 0;

  constructor(cluster: ClusterState, profiles: Profile[], opts: SchedulerOptions = {}) {
    this.cluster = cluster;
    this.opts = opts;
    this.rng = seedrandom(`${opts.seed ?? 0}/scheduler`);
    for (const p of profiles) this.frameworks.set(p.schedulerName, new Framework(p, cluster, this.rng));
  }

  /** Number of pods waiting in activeQ. */
  get activeLength(): number {
    return this.active.length;
  }

  /** Queues a pending pod (PreEnqueue: gated pods and pods of unknown schedulers are not queued). */
  enqueue(p: PodInfo): void {
    if (p.nodeName) return;
    if ((p.pod.spec.schedulingGates ?? []).length > 0) return;
    if (p.pod.metadata.deletionTimestamp) return;
    if (!this.frameworks.has(p.pod.spec.schedulerName ?? 'default-scheduler')) return;
    this.unschedulable.delete(p.key);
    this.active.push(p);
  }

  /**
   * Failed scheduling attempts of a pending pod (0 when never tried or bound): > 0 means its
   * PodScheduled condition is False with reason Unschedulable, which the cluster-autoscaler reads.
   */
  failedAttempts(p: PodInfo): number {
    return this.attempts.get(p)?.count ?? 0;
  }

  /** Queues every pending pod of the cluster in arrival order. */
  enqueueAllPending(): void {
    for (const p of this.cluster.pendingPods.values()) this.enqueue(p);
  }

  /**
   * Back-off after `attempts` failures: initial × 2^(attempts−1), capped.
   * mirrors pkg/scheduler/backend/queue/scheduling_queue.go calculateBackoffDuration
   */
  backoffSeconds(attempts: number): number {
    const initial = this.opts.podInitialBackoffSeconds ?? 1;
    const max = this.opts.podMaxBackoffSeconds ?? 10;
    if (initial <= 0 || attempts <= 0) return 0;
    let d = initial;
    for (let i = 1; i < attempts && d < max; i++) d *= 2;
    return Math.min(d, max);
  }

  private requeue(p: PodInfo, now: number): void {
    if (this.cluster.pods.get(p.key) !== p || p.nodeName) return;
    const a = this.attempts.get(p);
    const readyAt = a ? a.lastFailure + this.backoffSeconds(a.count) : now;
    if (readyAt > now) {
      if (!this.inBackoff.has(p)) {
        this.inBackoff.add(p);
        this.backoff.push({ pod: p, readyAt });
      }
    } else this.active.push(p);
  }

  /**
   * A cluster change that may make unschedulable pods fit: move them to activeQ, or to backoffQ
   * while their back-off lasts. mirrors scheduling_queue.go MoveAllToActiveOrBackoffQueue
   */
  moveAllToActive(now = 0): void {
    if (this.unschedulable.size === 0) return;
    const pods = [...this.unschedulable.values()].map((u) => u.pod);
    this.unschedulable.clear();
    for (const p of pods) this.requeue(p, now);
  }

  /**
   * Time-driven queue moves: backoffQ pods whose back-off ended go to activeQ
   * (flushBackoffQCompleted); pods unschedulable for 5 minutes are retried
   * (flushUnschedulablePodsLeftover).
   */
  flushQueues(now: number): void {
    for (let top = this.backoff.peek(); top && top.readyAt <= now; top = this.backoff.peek()) {
      this.backoff.pop();
      this.inBackoff.delete(top.pod);
      if (this.cluster.pods.get(top.pod.key) === top.pod && !top.pod.nodeName) this.active.push(top.pod);
    }
    for (const [key, u] of this.unschedulable) {
      if (now - u.since < POD_MAX_IN_UNSCHEDULABLE_PODS_SECONDS) continue;
      this.unschedulable.delete(key);
      this.requeue(u.pod, now);
    }
  }

  /** The next time the queues move on their own (a back-off ends or the 5-minute flush), or Infinity. */
  nextQueueWakeup(): number {
    let t = this.backoff.peek()?.readyAt ?? Number.POSITIVE_INFINITY;
    for (const u of this.unschedulable.values()) t = Math.min(t, u.since + POD_MAX_IN_UNSCHEDULABLE_PODS_SECONDS);
    return t;
  }

  /** Forgets a pod that was deleted. */
  forget(p: PodInfo): void {
    this.active.delete(p);
    this.unschedulable.delete(p.key);
    this.attempts.delete(p);
    if (this.inBackoff.delete(p)) this.backoff.removeWhere((x) => x.pod === p);
    this.removeNomination(p);
  }

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

  /**
   * Pops one pod and runs its cycle: binds it, or records it unschedulable and tries preemption.
   * Returns the cycle result, or undefined when the queue is empty. `now` is simulated seconds.
   */
  scheduleOne(now = 0): ScheduleResult | undefined {
    const p = this.active.pop();
    if (!p) return undefined;
    const fw = this.frameworks.get(p.pod.spec.schedulerName ?? 'default-scheduler')!;
    this.cycles++;
    const result = fw.schedulePod(p, { nominatedPods: this.nominated.size > 0 ? this.nominatedPodsFor : undefined });
    if (result.node !== null) {
      this.attempts.delete(p);
      this.removeNomination(p);
      const reserve = fw.profile.reserve;
      if (reserve !== undefined && reserve.length > 0) {
        const ni = this.cluster.nodes.get(result.node);
        if (ni) for (const r of reserve) r.reserve!(result.state, p, ni);
      }
      this.cluster.bindPod(p, result.node);
      this.opts.onEvent?.({ kind: 'Scheduled', pod: p.key, node: result.node, feasibleNodes: result.feasibleNodes, evaluatedNodes: result.evaluatedNodes });
      return result;
    }
    const a = this.attempts.get(p);
    this.attempts.set(p, { count: (a?.count ?? 0) + 1, lastFailure: now });
    // PostFilter runs before the failure is recorded; its message is appended to the FitError text.
    // mirrors schedule_one.go schedulingCycle (Diagnosis.PostFilterMsg) and types.go FitError.Error
    const pf = fw.profile.postFilter.find((x) => x.postFilterKind === 'preemption') as DefaultPreemptionPlugin | undefined;
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
    this.opts.onEvent?.({ kind: 'FailedScheduling', pod: p.key, message, plugins: [...result.unschedulablePlugins].sort() });
    this.unschedulable.set(p.key, { pod: p, plugins: result.unschedulablePlugins, message, since: now });
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
          this.forget(v);
          this.cluster.removePod(v.key);
        }
      }
      // The victims' deletion is a cluster event: retry unschedulable pods (the preemptor among them).
      this.moveAllToActive(now);
    }
    return result;
  }

  /** Runs cycles until activeQ is empty. Returns the number of cycles run. */
  runUntilIdle(now = 0, maxCycles = Number.POSITIVE_INFINITY): number {
    let n = 0;
    while (n < maxCycles && this.scheduleOne(now) !== undefined) n++;
    return n;
  }
}
