/**
 * The scheduling queue as kube-scheduler v1.35 runs it (SchedulerQueueingHints and
 * SchedulerPopFromBackoffQ on, as by default):
 *
 * - activeQ: PrioritySort order — higher priority first, then the earlier queue timestamp (the
 *   time the pod was added, refreshed each time it comes back after a failed attempt);
 * - backoffQ: pods waiting out their back-off (initial × 2^(attempts−1), capped), ordered by the
 *   back-off end truncated to a 1 s window, then as activeQ; when activeQ is empty the scheduler
 *   pops the head of backoffQ at once; pods failed without any rejecting plugin (errors) wait in
 *   a separate error backoffQ, which is never popped early;
 * - unschedulablePods: pods rejected by plugins, moved out by cluster events whose queueing hints
 *   (the rejecting plugins' EventsToRegister) say Queue, or after 5 minutes by the leftover flush
 *   that runs every 30 s;
 * - in-flight events: events seen while a pod is being scheduled are checked against its
 *   rejecting plugins when it comes back (a victim deleted by its own preemption sends it to
 *   backoffQ, not to unschedulablePods).
 *
 * Time is simulated seconds; `kubesim schedule` runs with no time (every cycle at 0). Ties at
 * one instant are broken by a sequence number taken each time a pod is (re)queued, which is the
 * order a real clock would give.
 * mirrors pkg/scheduler/backend/queue/scheduling_queue.go, active_queue.go, backoff_queue.go and
 * pkg/scheduler/framework/plugins/queuesort/priority_sort.go
 */
import type { PodInfo } from '../model/pod-info.ts';
import { Heap } from '../util/heap.ts';
import {
  ALL_EVENTS,
  EventAssignedPodAdd,
  EventUnschedulableTimeout,
  isWildCard,
  matchClusterEvents,
  type ClusterEvent,
  type ClusterEventWithHint,
  type EventObject,
  type QueueingHintFn,
} from './framework/events.ts';

/** A pod that failed its last cycle, with why (the pending pods' report). */
export interface UnschedulablePod {
  pod: PodInfo;
  plugins: ReadonlySet<string>;
  message: string;
  /** Simulated time of the failure (seconds). */
  since: number;
}

/** Where a queued pod is. */
export type QueueName = 'active' | 'backoff' | 'errorBackoff' | 'unschedulable' | 'inFlight';

/** A pod in the queue (framework.QueuedPodInfo). */
export interface QueuedPodInfo extends UnschedulablePod {
  /** The queue holding the record (see PodInfo.queued). */
  readonly owner: object;
  /** UnschedulablePlugins of the last failed attempt (replaced, never changed in place). */
  plugins: ReadonlySet<string>;
  /** Queue timestamp: seconds, then the order of (re)queueing at that instant. */
  tsSeq: number;
  /** Times popped for a scheduling attempt. */
  attempts: number;
  /** Failed attempts with rejecting plugins. */
  unschedulableCount: number;
  /** Failed attempts without (errors), reset by a rejection. */
  consecutiveErrors: number;
  /** Cached back-off end (aligned to the ordering window); null when not computed. */
  backoffExpiration: number | null;
  where: QueueName | null;
}

/** PrioritySort: true when `a` goes before `b` (priority, then queue timestamp). */
export function prioritySortLess(a: QueuedPodInfo, b: QueuedPodInfo): boolean {
  if (a.pod.priority !== b.pod.priority) return a.pod.priority > b.pod.priority;
  if (a.since !== b.since) return a.since < b.since;
  return a.tsSeq < b.tsSeq;
}

/** Unschedulable pods are flushed back after this long (DefaultPodMaxInUnschedulablePodsDuration). */
export const POD_MAX_IN_UNSCHEDULABLE_PODS_SECONDS = 300;
/** Period of flushUnschedulablePodsLeftover (wait.Until every 30 s from the start). */
export const UNSCHEDULABLE_FLUSH_PERIOD_SECONDS = 30;
/** backoffQOrderingWindowDuration: back-off ends are truncated to whole seconds. */
export const BACKOFF_ORDERING_WINDOW_SECONDS = 1;

/** The plugins of a pod never rejected: one set for all (a million queued pods would hold a million empty sets). */
const NO_PLUGINS: ReadonlySet<string> = new Set();

/** How an event requeues a pod (queueingStrategy). */
type Strategy = 'skip' | 'afterBackoff' | 'immediately';

/** One registered hint of one plugin (QueueingHintFunction). */
interface HintEntry {
  event: ClusterEvent;
  plugin: string;
  hint: QueueingHintFn | undefined;
}

/** A plugin as the queue needs it: its name and events. */
export interface EnqueuePlugin {
  readonly name: string;
  eventsToRegister?(): readonly ClusterEventWithHint[];
}

/** Options of {@link SchedulingQueue}. */
export interface SchedulingQueueOptions {
  /** podInitialBackoffSeconds (default 1). */
  podInitialBackoffSeconds?: number;
  /** podMaxBackoffSeconds (default 10). */
  podMaxBackoffSeconds?: number;
  /** Plugins of each profile, by schedulerName (the queueing hint map is built from them). */
  profiles: ReadonlyMap<string, readonly EnqueuePlugin[]>;
  /** A term of an unschedulable pod matching an assigned pod (AffinityTerm.Matches with namespace labels). */
  termMatches: (term: PodInfo['requiredAffinityTerms'][number], pod: PodInfo) => boolean;
}

/** The scheduling queue. */
export class SchedulingQueue {
  private readonly activeQ = new Heap<QueuedPodInfo>(prioritySortLess);
  private readonly podBackoffQ: Heap<QueuedPodInfo>;
  private readonly podErrorBackoffQ: Heap<QueuedPodInfo>;
  /** unschedulablePods by pod key, in the order they entered. */
  readonly unschedulablePods = new Map<string, QueuedPodInfo>();
  /** Unschedulable pods an assigned pod's arrival may help (PodTopologySpread rejection or required pod affinity). */
  private readonly crossTopology = new Set<QueuedPodInfo>();
  /**
   * Every pod the queue holds (in any sub-queue, or in flight) has its record in PodInfo.queued;
   * this map holds the records of pods whose slot was taken already (by another queue, or a copy
   * of a PodInfo carrying its original's slot).
   */
  private readonly others = new Map<PodInfo, QueuedPodInfo>();
  private readonly hintMap = new Map<string, HintEntry[]>();
  private inFlight: QueuedPodInfo | null = null;
  private inFlightEvents: { event: ClusterEvent; oldObj: EventObject; newObj: EventObject }[] = [];
  private seq = 0;
  private readonly initialBackoff: number;
  private readonly maxBackoff: number;
  private readonly termMatches: SchedulingQueueOptions['termMatches'];
  /** The next leftover flush tick (multiples of 30 s). */
  private nextLeftoverFlush = 0;

  constructor(opts: SchedulingQueueOptions) {
    this.initialBackoff = opts.podInitialBackoffSeconds ?? 1;
    this.maxBackoff = opts.podMaxBackoffSeconds ?? 10;
    this.termMatches = opts.termMatches;
    const expiry = (q: QueuedPodInfo): number => this.backoffTime(q);
    this.podBackoffQ = new Heap<QueuedPodInfo>((a, b) => {
      const ea = expiry(a);
      const eb = expiry(b);
      return ea !== eb ? ea < eb : prioritySortLess(a, b);
    });
    this.podErrorBackoffQ = new Heap<QueuedPodInfo>((a, b) => {
      const ea = expiry(a);
      const eb = expiry(b);
      return ea !== eb ? ea < eb : a.tsSeq < b.tsSeq;
    });
    // buildQueueingHintMap: each plugin's registered events (all events without EventsToRegister)
    for (const [profile, plugins] of opts.profiles) {
      const entries: HintEntry[] = [];
      const seen = new Set<string>();
      for (const pl of plugins) {
        if (seen.has(pl.name)) continue;
        seen.add(pl.name);
        const events = pl.eventsToRegister ? pl.eventsToRegister() : ALL_EVENTS;
        for (const e of events) entries.push({ event: e.event, plugin: pl.name, hint: e.hint });
      }
      this.hintMap.set(profile, entries);
    }
  }

  // ---- sizes and lookups ------------------------------------------------------------------

  /** Pods in activeQ. */
  get activeLength(): number {
    return this.activeQ.size;
  }

  /** Pods in backoffQ (both heaps). */
  get backoffLength(): number {
    return this.podBackoffQ.size + this.podErrorBackoffQ.size;
  }

  /** True when a pop would return a pod (activeQ, or backoffQ popped early). */
  get hasPoppable(): boolean {
    return this.activeQ.size > 0 || this.podBackoffQ.size > 0;
  }

  /** The queue's record of a pod, if it holds it. */
  get(p: PodInfo): QueuedPodInfo | undefined {
    const s = p.queued;
    if (s !== undefined && s !== null && s.owner === this && s.pod === p) return s as QueuedPodInfo;
    return this.others.size > 0 ? this.others.get(p) : undefined;
  }

  /** Records that the queue holds `q`: in the pod's slot when free, else in {@link others}. */
  private hold(q: QueuedPodInfo): void {
    const p = q.pod;
    if (p.queued === undefined || p.queued === null) p.queued = q;
    else this.others.set(p, q);
  }

  /** Forgets `q` (held before). */
  private release(q: QueuedPodInfo): void {
    const p = q.pod;
    if (p.queued === q) p.queued = null;
    else this.others.delete(p);
  }

  // ---- time -------------------------------------------------------------------------------

  /** alignToWindow: truncation to the 1 s ordering window. */
  private align(t: number): number {
    return Math.floor(t / BACKOFF_ORDERING_WINDOW_SECONDS) * BACKOFF_ORDERING_WINDOW_SECONDS;
  }

  /** Back-off after `attempts` attempts: initial × 2^(attempts−1), capped. mirrors backoff_queue.go calculateBackoffDuration */
  backoffDuration(attempts: number): number {
    if (attempts <= 0) return 0;
    let d = this.initialBackoff;
    for (let i = 1; i < attempts; i++) {
      if (d > this.maxBackoff - d) return this.maxBackoff;
      d += d;
    }
    return Math.min(d, this.maxBackoff);
  }

  /** When the pod's back-off ends, aligned; -Infinity when never tried. mirrors backoff_queue.go getBackoffTime */
  backoffTime(q: QueuedPodInfo): number {
    if (q.attempts === 0) return Number.NEGATIVE_INFINITY;
    if (q.backoffExpiration === null) q.backoffExpiration = this.align(q.since + this.backoffDuration(q.attempts));
    return q.backoffExpiration;
  }

  /** Still backing off at `now` (a back-off ending in the current window counts). mirrors backoff_queue.go isPodBackingoff */
  isPodBackingoff(q: QueuedPodInfo, now: number): boolean {
    return !(this.backoffTime(q) < this.align(now));
  }

  // ---- sub-queue moves --------------------------------------------------------------------

  private removeFromQueues(q: QueuedPodInfo): void {
    switch (q.where) {
      case 'active':
        this.activeQ.removeWhere((x) => x === q);
        break;
      case 'backoff':
        this.podBackoffQ.removeWhere((x) => x === q);
        break;
      case 'errorBackoff':
        this.podErrorBackoffQ.removeWhere((x) => x === q);
        break;
      case 'unschedulable':
        this.unschedulablePods.delete(q.pod.key);
        this.crossTopology.delete(q);
        break;
      default:
        break;
    }
    q.where = null;
  }

  private toActive(q: QueuedPodInfo): void {
    if (q.where === 'active') return;
    this.removeFromQueues(q);
    q.where = 'active';
    this.activeQ.push(q);
  }

  private toBackoff(q: QueuedPodInfo): void {
    this.removeFromQueues(q);
    if (q.plugins.size === 0) {
      q.where = 'errorBackoff';
      this.podErrorBackoffQ.push(q);
    } else {
      q.where = 'backoff';
      this.podBackoffQ.push(q);
    }
  }

  private toUnschedulable(q: QueuedPodInfo): void {
    this.removeFromQueues(q);
    q.where = 'unschedulable';
    this.unschedulablePods.set(q.pod.key, q);
    if (q.plugins.has('PodTopologySpread') || q.pod.requiredAffinityTerms.length > 0) this.crossTopology.add(q);
  }

  // ---- the queue's operations -------------------------------------------------------------

  /** Add: a new pending pod goes to activeQ (no-op when the queue already holds it). */
  add(p: PodInfo, now: number): void {
    if (this.get(p) !== undefined) return;
    const q: QueuedPodInfo = {
      pod: p,
      owner: this,
      plugins: NO_PLUGINS,
      message: '',
      since: now,
      tsSeq: this.seq++,
      attempts: 0,
      unschedulableCount: 0,
      consecutiveErrors: 0,
      backoffExpiration: null,
      where: null,
    };
    this.hold(q);
    this.toActive(q);
  }

  /**
   * Pop: the head of activeQ, or, when activeQ is empty, the head of backoffQ (back-off or not).
   * The pod is in flight until {@link done} or {@link addUnschedulable}.
   */
  pop(): QueuedPodInfo | undefined {
    let q = this.activeQ.pop();
    if (q === undefined) q = this.podBackoffQ.pop();
    if (q === undefined) return undefined;
    q.where = 'inFlight';
    q.attempts++;
    this.inFlight = q;
    this.clearInFlightEvents();
    return q;
  }

  /** Done: the pod left the scheduling cycle bound; the queue forgets it. */
  done(q: QueuedPodInfo): void {
    if (this.inFlight === q) {
      this.inFlight = null;
      this.clearInFlightEvents();
    }
    const held = this.get(q.pod);
    if (held !== undefined) this.release(held);
    q.where = null;
  }

  /**
   * AddUnschedulableIfNotPresent: the pod failed; events seen while it was in flight decide
   * whether it waits in unschedulablePods or goes to backoffQ/activeQ at once.
   */
  addUnschedulable(q: QueuedPodInfo, plugins: ReadonlySet<string>, message: string, now: number, isError = plugins.size === 0): void {
    q.plugins = new Set(plugins);
    q.message = message;
    // an Error status counts as an error; a rejection counts as unschedulable even with no
    // rejecting plugin (ErrNoNodesAvailable is UnschedulableAndUnresolvable upstream)
    if (isError) q.consecutiveErrors++;
    else {
      q.unschedulableCount++;
      q.consecutiveErrors = 0;
    }
    q.since = now;
    q.tsSeq = this.seq++;
    q.backoffExpiration = null;
    let strategy: Strategy = 'skip';
    if (q.plugins.size === 0) strategy = 'afterBackoff';
    else {
      for (const e of this.inFlight === q ? this.inFlightEvents : []) {
        strategy = this.isPodWorthRequeuing(q, e.event, e.oldObj, e.newObj);
        if (strategy !== 'skip') break;
      }
    }
    if (this.inFlight === q) {
      this.inFlight = null;
      this.clearInFlightEvents();
    }
    q.where = null;
    this.requeue(q, strategy, now);
  }

  /** A new empty list only when the old one holds events (most cycles see none: no allocation). */
  private clearInFlightEvents(): void {
    if (this.inFlightEvents.length > 0) this.inFlightEvents = [];
  }

  /** Delete: a pod that is gone leaves every sub-queue. */
  delete(p: PodInfo): void {
    const q = this.get(p);
    if (q === undefined) return;
    this.removeFromQueues(q);
    if (this.inFlight === q) {
      this.inFlight = null;
      this.clearInFlightEvents();
    }
    this.release(q);
  }

  /** requeuePodWithQueueingStrategy */
  private requeue(q: QueuedPodInfo, strategy: Strategy, now: number): QueueName {
    if (strategy === 'skip') {
      this.toUnschedulable(q);
      return 'unschedulable';
    }
    if (strategy === 'afterBackoff' && this.isPodBackingoff(q, now)) {
      this.toBackoff(q);
      return q.where!;
    }
    this.toActive(q);
    return 'active';
  }

  /** isEventOfInterest: a wildcard event, or one some plugin of some profile registered. */
  private isEventOfInterest(event: ClusterEvent): boolean {
    if (isWildCard(event)) return true;
    for (const entries of this.hintMap.values()) for (const h of entries) if (matchClusterEvents(h.event, event)) return true;
    return false;
  }

  /**
   * isPodWorthRequeuing: the hints of the plugins that rejected the pod, for this event.
   * mirrors scheduling_queue.go isPodWorthRequeuing (no Pending plugins are simulated)
   */
  private isPodWorthRequeuing(q: QueuedPodInfo, event: ClusterEvent, oldObj: EventObject, newObj: EventObject): Strategy {
    if (q.plugins.size === 0) return 'afterBackoff';
    if (isWildCard(event)) {
      // a wildcard event naming a pod is for that pod only (ForceActivate)
      if (newObj !== null && 'key' in newObj && newObj !== q.pod) return 'skip';
      return 'afterBackoff';
    }
    const entries = this.hintMap.get(q.pod.pod.spec.schedulerName ?? 'default-scheduler');
    if (entries === undefined) return 'afterBackoff';
    for (const h of entries) {
      if (!q.plugins.has(h.plugin) || !matchClusterEvents(h.event, event)) continue;
      let hint: string;
      try {
        hint = h.hint ? h.hint(q.pod, oldObj, newObj) : 'Queue';
      } catch {
        hint = 'Queue'; // an error in a hint counts as Queue, so the pod is not stuck
      }
      if (hint === 'Queue') return 'afterBackoff';
    }
    return 'skip';
  }

  /** movePodsToActiveOrBackoffQueue; the event is also recorded for the pod in flight. */
  private movePods(list: Iterable<QueuedPodInfo>, event: ClusterEvent, oldObj: EventObject, newObj: EventObject, now: number): void {
    if (!this.isEventOfInterest(event)) return;
    for (const q of [...list]) {
      if (q.where !== 'unschedulable') continue;
      const strategy = this.isPodWorthRequeuing(q, event, oldObj, newObj);
      if (strategy === 'skip') continue;
      this.requeue(q, strategy, now);
    }
    if (this.inFlight !== null) this.inFlightEvents.push({ event, oldObj, newObj });
  }

  /**
   * MoveAllToActiveOrBackoffQueue: every unschedulable pod (passing `preCheck`) is offered the
   * event. Node events, assigned pod deletions, the leftover flush.
   */
  moveAllToActiveOrBackoff(event: ClusterEvent, oldObj: EventObject, newObj: EventObject, now: number, preCheck?: (p: PodInfo) => boolean): void {
    if (!this.isEventOfInterest(event)) return;
    const list: QueuedPodInfo[] = [];
    for (const q of this.unschedulablePods.values()) if (preCheck === undefined || preCheck(q.pod)) list.push(q);
    this.movePods(list, event, oldObj, newObj, now);
  }

  /**
   * AssignedPodAdded: only unschedulable pods rejected by PodTopologySpread in the pod's
   * namespace, or with a required pod affinity term matching the pod, are offered the event.
   * mirrors scheduling_queue.go AssignedPodAdded / getUnschedulablePodsWithCrossTopologyTerm
   */
  assignedPodAdded(p: PodInfo, now: number): void {
    const list: QueuedPodInfo[] = [];
    for (const q of this.crossTopology) {
      if (q.plugins.has('PodTopologySpread') && q.pod.namespace === p.namespace) {
        list.push(q);
        continue;
      }
      for (const t of q.pod.requiredAffinityTerms) {
        if (this.termMatches(t, p)) {
          list.push(q);
          break;
        }
      }
    }
    // nobody to offer the event to and no pod in flight to record it for: nothing would change
    if (list.length === 0 && this.inFlight === null) return;
    this.movePods(list, EventAssignedPodAdd, null, p, now);
  }

  /** flushBackoffQCompleted: pods whose back-off ended go to activeQ. */
  flushBackoffCompleted(now: number): void {
    for (const heap of [this.podBackoffQ, this.podErrorBackoffQ]) {
      for (let top = heap.peek(); top !== undefined && !this.isPodBackingoff(top, now); top = heap.peek()) {
        heap.pop();
        top.where = null;
        this.toActive(top);
      }
    }
  }

  /**
   * flushUnschedulablePodsLeftover, run at the 30 s ticks up to `now` (the last one counts):
   * pods unschedulable for more than 5 minutes get the UnschedulableTimeout event.
   */
  flushUnschedulableLeftover(now: number): void {
    if (now < this.nextLeftoverFlush) return;
    const tick = Math.floor(now / UNSCHEDULABLE_FLUSH_PERIOD_SECONDS) * UNSCHEDULABLE_FLUSH_PERIOD_SECONDS;
    this.nextLeftoverFlush = tick + UNSCHEDULABLE_FLUSH_PERIOD_SECONDS;
    const old: QueuedPodInfo[] = [];
    for (const q of this.unschedulablePods.values()) if (tick - q.since > POD_MAX_IN_UNSCHEDULABLE_PODS_SECONDS) old.push(q);
    if (old.length > 0) this.movePods(old, EventUnschedulableTimeout, null, null, now);
  }

  /** The next time the queues move on their own (an error back-off ends, the leftover flush), or Infinity. */
  nextWakeup(now: number): number {
    let t = Number.POSITIVE_INFINITY;
    // a back-off ending in window w is complete from w + 1 s on
    for (const heap of [this.podErrorBackoffQ, this.podBackoffQ]) {
      const top = heap.peek();
      if (top !== undefined) t = Math.min(t, Math.max(now, this.backoffTime(top) + BACKOFF_ORDERING_WINDOW_SECONDS));
    }
    for (const q of this.unschedulablePods.values()) {
      // the first 30 s tick at which it has waited more than 5 minutes
      const k = Math.floor((q.since + POD_MAX_IN_UNSCHEDULABLE_PODS_SECONDS) / UNSCHEDULABLE_FLUSH_PERIOD_SECONDS) + 1;
      t = Math.min(t, Math.max(this.nextLeftoverFlush, k * UNSCHEDULABLE_FLUSH_PERIOD_SECONDS));
    }
    return t;
  }
}
