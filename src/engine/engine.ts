/**
 * The discrete-time engine: a clock (tick, default 1 s) that skips straight to the next second
 * where something is due, running each tick in the fixed order of DESIGN.md §1:
 *   1. scripted events  2. metrics  3. controllers (HPA first, then workloads)
 *   4. scheduler  5. kubelet (pod lifecycle timers)  6. recorder.
 * Controllers are event-driven like upstream's informers: a change marks the owning object dirty,
 * and dirty objects are synced at step 3 of the next tick; periodic controllers (HPA) also run on
 * their period.
 */
import type { ClusterState } from '../model/cluster.ts';
import type { PodInfo } from '../model/pod-info.ts';
import type { Pod } from '../model/types.ts';
import type { Scheduler, SchedulerEvent } from '../scheduler/scheduler.ts';
import { TimerQueue, type TimerHandle } from './timers.ts';
import { SIM_EPOCH_MS, simTimestamp } from './time.ts';
import { admitCreatedPodPriority } from '../manifests/admission.ts';

/** One recorded decision: `{t, kind, object, ...}` (a line of events.jsonl). */
export interface EngineEvent {
  t: number;
  kind: string;
  object: string;
  [field: string]: unknown;
}

/** The runtime state of a pod the kubelet model keeps (what the API status would show). */
export interface PodRuntime {
  createdAt: number;
  boundAt?: number;
  startedAt?: number;
  readyAt?: number;
  /** Set while terminating. */
  deletingAt?: number;
  restarts: number;
  crashLooping: boolean;
  timers: TimerHandle[];
}

/** A controller run by the engine at step 3. */
export interface EngineController {
  readonly name: string;
  /** Fixed period in seconds (HPA); the controller's `sync` runs on it with no keys. */
  readonly period?: number;
  /** Syncs the given dirty keys (and, for periodic controllers, everything when due). */
  sync(engine: Engine, keys: readonly string[], periodic: boolean): void;
  /** Maps a pod change to the keys of this controller to mark dirty. */
  keysForPod?(p: PodInfo): string[];
}

/** Pod start-up timing per workload (the kubelet model). */
export interface StartupProfile {
  /** Image pull when the node does not have the image (seconds). */
  pull: number;
  /** From container start to Ready (readiness delay, seconds). */
  ready: number;
  /** Time from deletion to disappearance (graceful shutdown, seconds). */
  shutdown: number;
  /** Containers crash and restart with back-off instead of becoming ready (restartPolicy Never: the pod fails). */
  crashLoop: boolean;
  /** Containers exit successfully this long after starting (Job work); undefined = run until deleted. */
  run?: number;
}

/** Defaults of {@link StartupProfile}. */
export const DEFAULT_STARTUP: StartupProfile = { pull: 10, ready: 5, shutdown: 0, crashLoop: false };

/** Options of {@link Engine}. */
export interface EngineOptions {
  seed: string | number;
  /** Tick length in seconds (default 1). */
  tick?: number;
  /** Start-up timing of a pod (by its owner, usually from the scenario's workloads). */
  startupFor?: (p: PodInfo) => StartupProfile;
}

/** The simulation engine over one cluster and scheduler. */
export class Engine {
  readonly cluster: ClusterState;
  readonly scheduler: Scheduler;
  readonly seed: string | number;
  readonly tick: number;
  now = 0;
  readonly events: EngineEvent[] = [];
  readonly runtime = new Map<PodInfo, PodRuntime>();
  /** Step 1: scripted events and controller timers. */
  private readonly timers = new TimerQueue();
  /** Step 5: pod lifecycle transitions. */
  private readonly kubeletTimers = new TimerQueue();
  private readonly controllers: EngineController[] = [];
  private readonly dirty = new Map<EngineController, Set<string>>();
  private readonly nextPeriodic = new Map<EngineController, number>();
  private readonly tickHooks: { step: 'metrics' | 'record'; fn: (e: Engine) => void }[] = [];
  private readonly startupFor: (p: PodInfo) => StartupProfile;
  private clusterChanged = false;
  /** Ticks actually executed (skip-ahead makes this far below duration/tick). */
  ticksRun = 0;
  /** Pods whose containers started / that are Ready, and not terminating (kept incrementally). */
  runningPods = 0;
  readyPods = 0;
  /** Bumped whenever pods or nodes change; the recorder skips ticks where it did not move. */
  changeCount = 0;
  /** Bumped whenever a pod is added to or removed from the cluster (pod selections are cached on it). */
  podSetVersion = 0;
  /** Seconds each scheduled pod waited from creation to binding, in binding order. */
  readonly schedulingWaits: number[] = [];

  constructor(cluster: ClusterState, scheduler: Scheduler, opts: EngineOptions) {
    this.cluster = cluster;
    this.scheduler = scheduler;
    this.seed = opts.seed;
    this.tick = opts.tick ?? 1;
    this.startupFor = opts.startupFor ?? (() => DEFAULT_STARTUP);
  }

  /** Simulated now in seconds since 1970 (controllers stamp and compare RFC 3339 times with it). */
  absoluteNow(): number {
    return SIM_EPOCH_MS / 1000 + this.now;
  }

  /** Records a decision. */
  emit(kind: string, object: string, fields: Record<string, unknown> = {}): void {
    this.events.push({ t: this.now, kind, object, ...fields });
  }

  /** Registers a controller; order of registration is the order of step 3. */
  addController(c: EngineController): void {
    this.controllers.push(c);
    this.dirty.set(c, new Set());
    if (c.period !== undefined) this.nextPeriodic.set(c, 0);
  }

  /** Runs `fn` at step 2 (metrics) or step 6 (record) of every executed tick. */
  onTick(step: 'metrics' | 'record', fn: (e: Engine) => void): void {
    this.tickHooks.push({ step, fn });
  }

  /** Schedules `fn` at simulated time `t`, at step 1 of that tick (scripted events, controller requeues). */
  at(t: number, fn: () => void): TimerHandle {
    return this.timers.at(Math.max(t, this.now), fn);
  }

  /** Schedules a pod lifecycle transition at `t`, at step 5 of that tick (the kubelet). */
  private kubeletAt(t: number, fn: () => void): TimerHandle {
    return this.kubeletTimers.at(Math.max(t, this.now), fn);
  }

  /** Marks `key` of controller `name` for sync at the next tick. */
  markDirty(name: string, key: string): void {
    for (const c of this.controllers) if (c.name === name) this.dirty.get(c)!.add(key);
  }

  /** Called with every pod that changed (added, removed, status or runtime), before the controllers hear of it. */
  private readonly podListeners: ((p: PodInfo) => void)[] = [];

  /** Registers `fn` to hear of every pod change (what {@link podChanged} reports). */
  onPodChanged(fn: (p: PodInfo) => void): void {
    this.podListeners.push(fn);
  }

  /** Tells controllers that watch this pod that it changed. */
  podChanged(p: PodInfo): void {
    this.changeCount++;
    for (const l of this.podListeners) l(p);
    for (const c of this.controllers) {
      if (!c.keysForPod) continue;
      for (const k of c.keysForPod(p)) this.dirty.get(c)!.add(k);
    }
  }

  /** A change that may let unschedulable pods fit (pod deleted, node added or changed). */
  noteClusterChange(): void {
    this.changeCount++;
    this.clusterChanged = true;
  }

  // ---- pods -------------------------------------------------------------------------------

  /**
   * Creates a pod (as a controller would through the API) and queues it for scheduling. A pod
   * the Priority admission plugin refuses (its template names a PriorityClass that does not
   * exist) is not created: the owner gets a FailedCreate event, as upstream's controllers
   * record it, and the result is undefined.
   */
  /** Pods created during the run (through {@link createPod}; pods of the manifests at t=0 are not counted). */
  podsCreated = 0;

  /** Refused pod creations per owner (`Kind/ns/name`), for the controllers' rate-limited requeue. */
  private readonly createFailures = new Map<string, number>();

  createPod(pod: Pod): PodInfo | undefined {
    const refused = admitCreatedPodPriority(pod, this.cluster.priorityClasses);
    if (refused !== undefined) {
      const owner = pod.metadata.ownerReferences?.find((r) => r.controller);
      const ns = pod.metadata.namespace ?? 'default';
      const message =
        owner?.kind === 'StatefulSet'
          ? `create Pod ${pod.metadata.name ?? ''} in StatefulSet ${owner.name} failed error: ${refused}`
          : `Error creating: ${refused}`;
      this.emit('FailedCreate', owner ? `${owner.kind} ${ns}/${owner.name}` : `Pod ${ns}/${pod.metadata.name ?? ''}`, { message });
      if (owner) {
        // the controller requeues the owner rate-limited (workqueue's per-item exponential back-off: 5 ms doubling, at most 1000 s)
        const key = `${owner.kind}/${ns}/${owner.name}`;
        const n = this.createFailures.get(key) ?? 0;
        this.createFailures.set(key, n + 1);
        this.at(this.now + Math.min(1000, Math.max(this.tick, 0.005 * 2 ** n)), () => this.markDirty(owner.kind, `${ns}/${owner.name}`));
      }
      return undefined;
    }
    this.podsCreated++;
    pod.metadata.creationTimestamp ??= simTimestamp(this.now);
    pod.status = { phase: 'Pending', ...(pod.status ?? {}) };
    const p = this.cluster.addPod(pod);
    this.podSetVersion++;
    this.runtime.set(p, newRuntime(this.now));
    if (p.nodeName) {
      this.onBound(p);
      this.scheduler.assignedPodAdded(p, this.now);
    } else this.scheduler.enqueue(p, this.now);
    this.podChanged(p);
    return p;
  }

  /**
   * Takes over the pods already in the cluster at t=0 (from manifests): bound pods are running
   * and ready from the start, pending pods are queued for scheduling.
   */
  adoptExistingPods(): void {
    for (const p of this.cluster.pods.values()) {
      if (this.runtime.has(p)) continue;
      const rt = newRuntime(this.now);
      this.runtime.set(p, rt);
      if (p.nodeName) {
        rt.boundAt = rt.startedAt = rt.readyAt = this.now;
        this.runningPods++;
        this.readyPods++;
        p.pod.status = { ...(p.pod.status ?? {}), phase: 'Running', startTime: simTimestamp(this.now) };
        setReadyCondition(p, true, this.now);
      } else this.scheduler.enqueue(p, this.now);
    }
  }

  /**
   * Starts graceful deletion of a pod; it disappears after its shutdown time. `stuck`: its node
   * is unreachable, so it stays Terminating until the node recovers.
   */
  deletePod(p: PodInfo, reason = 'Killing', opts: { stuck?: boolean } = {}): void {
    const rt = this.runtime.get(p);
    if (!this.cluster.pods.has(p.key) || p.pod.metadata.deletionTimestamp) return;
    // a terminating pod no longer counts for topology spreading (the kept counts drop it now)
    const ni = p.nodeName ? this.cluster.nodes.get(p.nodeName) : undefined;
    if (ni !== undefined && ni.pods.includes(p)) ni.affinityIndex?.selectorCounts.podTerminating(p, ni);
    p.pod.metadata = { ...p.pod.metadata, deletionTimestamp: simTimestamp(this.now) };
    this.emit(reason, `Pod ${p.key}`, p.nodeName ? { node: p.nodeName } : {});
    for (const t of rt?.timers ?? []) t.cancel();
    if (rt) {
      if (rt.startedAt !== undefined) this.runningPods--;
      if (rt.readyAt !== undefined) this.readyPods--;
      rt.deletingAt = this.now;
    }
    this.scheduler.forget(p);
    const grace = p.nodeName ? this.startupFor(p).shutdown : 0;
    if (opts.stuck) this.noteClusterChange();
    else if (grace <= 0) this.removePodNow(p);
    else this.kubeletAt(this.now + grace, () => this.removePodNow(p));
    this.podChanged(p);
  }

  /** Removes a pod from the cluster immediately (end of graceful deletion). */
  removePodNow(p: PodInfo): void {
    if (this.cluster.pods.get(p.key) !== p) return;
    this.cluster.removePod(p.key);
    this.podSetVersion++;
    // the scheduler's informers see the deletion: AssignedPodDelete for a bound pod
    this.scheduler.podDeleted(p, this.now);
    this.runtime.delete(p);
    this.noteClusterChange();
    this.podChanged(p);
  }

  /** True when the pod is Ready (Ready condition True). */
  isReady(p: PodInfo): boolean {
    const rt = this.runtime.get(p);
    return rt?.readyAt !== undefined && rt.deletingAt === undefined;
  }

  /**
   * True when the pod has been Ready for longer than minReadySeconds.
   * mirrors pkg/api/v1/pod IsPodAvailable (readyTime + minReadySeconds strictly before now)
   */
  isAvailable(p: PodInfo, minReadySeconds: number): boolean {
    const rt = this.runtime.get(p);
    if (rt?.readyAt === undefined || rt.deletingAt !== undefined) return false;
    return minReadySeconds === 0 || rt.readyAt + minReadySeconds < this.now;
  }

  // ---- kubelet model ----------------------------------------------------------------------

  /** Called when the scheduler binds a pod: pull (if needed), start, become ready. */
  private onBound(p: PodInfo): void {
    const rt = this.runtime.get(p);
    if (!rt) return;
    rt.boundAt = this.now;
    const node = this.cluster.nodes.get(p.nodeName);
    const prof = this.startupFor(p);
    const images = [...(p.pod.spec.initContainers ?? []), ...p.pod.spec.containers].map((c) => normalizeImage(c.image ?? ''));
    const needsPull = !!node && images.some((img) => img !== '' && !node.imageStates.has(img));
    const startAt = this.now + (needsPull ? prof.pull : 0);
    rt.crashLooping = prof.crashLoop;
    rt.timers.push(
      this.kubeletAt(startAt, () => {
        if (needsPull && node) this.cluster.addImagesToNode(node, images);
        rt.startedAt = this.now;
        this.runningPods++;
        p.pod.status = { ...(p.pod.status ?? {}), phase: 'Running', startTime: simTimestamp(this.now) };
        this.podChanged(p);
        if (rt.crashLooping) {
          if (p.pod.spec.restartPolicy === 'Never') rt.timers.push(this.kubeletAt(this.now + 1, () => this.terminate(p, rt, 'Failed')));
          else this.crash(p, rt);
        } else {
          rt.timers.push(this.kubeletAt(this.now + prof.ready, () => this.becomeReady(p, rt)));
          if (prof.run !== undefined) rt.timers.push(this.kubeletAt(this.now + prof.run, () => this.terminate(p, rt, 'Succeeded')));
        }
      }),
    );
  }

  private becomeReady(p: PodInfo, rt: PodRuntime): void {
    rt.readyAt = this.now;
    this.readyPods++;
    setReadyCondition(p, true, this.now);
    this.podChanged(p);
  }

  /**
   * The node controller marks pods on a NotReady node not ready (MarkPodsNotReady); they stay
   * bound and running as far as the API knows. mirrors pkg/controller/util/node MarkPodsNotReady
   */
  markPodNotReady(p: PodInfo): void {
    const rt = this.runtime.get(p);
    if (!rt || rt.readyAt === undefined) return;
    for (const t of rt.timers) t.cancel();
    rt.readyAt = undefined;
    this.readyPods--;
    setReadyCondition(p, false, this.now);
    this.podChanged(p);
  }

  /** The node is back: its running pods report Ready again. */
  markPodReadyAgain(p: PodInfo): void {
    const rt = this.runtime.get(p);
    if (!rt || rt.readyAt !== undefined || rt.startedAt === undefined || rt.deletingAt !== undefined || rt.crashLooping) return;
    this.becomeReady(p, rt);
  }

  /** The containers exited: the pod is Succeeded or Failed and no longer ready or running. */
  private terminate(p: PodInfo, rt: PodRuntime, phase: 'Succeeded' | 'Failed'): void {
    for (const t of rt.timers) t.cancel();
    if (rt.startedAt !== undefined) this.runningPods--;
    if (rt.readyAt !== undefined) this.readyPods--;
    rt.startedAt = undefined;
    rt.readyAt = undefined;
    p.pod.status = { ...(p.pod.status ?? {}), phase };
    setReadyCondition(p, false, this.now);
    this.emit(phase === 'Succeeded' ? 'Completed' : 'Failed', `Pod ${p.key}`, {});
    this.podChanged(p);
  }

  /** CrashLoopBackOff: restart with back-off 10 s doubling to 5 min, never ready. */
  private crash(p: PodInfo, rt: PodRuntime): void {
    const backoff = Math.min(10 * 2 ** rt.restarts, 300);
    rt.timers.push(
      this.kubeletAt(this.now + backoff, () => {
        rt.restarts++;
        this.crash(p, rt);
      }),
    );
  }

  // ---- the loop ---------------------------------------------------------------------------

  private handleSchedulerEvent = (e: SchedulerEvent): void => {
    switch (e.kind) {
      case 'Scheduled': {
        this.emit('Scheduled', `Pod ${e.pod}`, { node: e.node });
        const p = this.cluster.pods.get(e.pod);
        if (p) {
          const rt = this.runtime.get(p);
          if (rt) this.schedulingWaits.push(this.now - rt.createdAt);
          this.onBound(p);
          this.podChanged(p);
        }
        break;
      }
      case 'FailedScheduling':
        this.emit('FailedScheduling', `Pod ${e.pod}`, { message: e.message, plugins: e.plugins });
        break;
      case 'Preempted':
        this.emit('Preempted', `Pod ${e.pod}`, { node: e.node, victims: e.victims });
        break;
    }
  };

  /** The scheduler's event sink; pass it as SchedulerOptions.onEvent. */
  get schedulerEventSink(): (e: SchedulerEvent) => void {
    return this.handleSchedulerEvent;
  }

  private nextDue(): number {
    let next = Math.min(this.timers.nextAt(), this.kubeletTimers.nextAt());
    for (const t of this.nextPeriodic.values()) if (t < next) next = t;
    for (const d of this.dirty.values()) if (d.size > 0) return this.now + this.tick;
    if (this.scheduler.hasWork || this.clusterChanged) return this.now + this.tick;
    return Math.min(next, this.scheduler.nextQueueWakeup(this.now));
  }

  /** Executes one tick at the current time. */
  runTick(): void {
    this.ticksRun++;
    // 1: scripted events and controller timers due now
    this.timers.runDue(this.now);
    // 2: metrics
    for (const h of this.tickHooks) if (h.step === 'metrics') h.fn(this);
    // 3: controllers, in registration order (HPA first)
    for (const c of this.controllers) {
      const due = c.period !== undefined && this.nextPeriodic.get(c)! <= this.now;
      const d = this.dirty.get(c)!;
      if (!due && d.size === 0) continue;
      const keys = [...d].sort();
      d.clear();
      if (due) this.nextPeriodic.set(c, this.now + c.period!);
      c.sync(this, keys, due);
      this.changeCount++; // statuses may have changed: the recorder looks again
    }
    // 4: scheduler — node events as its informer sees them (pod events are raised where pods
    // are bound and deleted), then the time-driven queue flushes, then cycles until nothing is
    // left to pop
    this.clusterChanged = false;
    this.scheduler.syncNodes(this.now);
    this.scheduler.flushQueues(this.now);
    this.scheduler.runUntilIdle(this.now);
    // 5: kubelet
    this.kubeletTimers.runDue(this.now);
    // 6: recorder
    for (const h of this.tickHooks) if (h.step === 'record') h.fn(this);
  }

  /**
   * Runs until simulated time `until` (seconds), skipping ticks where nothing is due.
   * `onProgress` is called with the current time now and then.
   */
  run(until: number, onProgress?: (now: number) => void): void {
    let lastReport = -Infinity;
    let sinceReport = 0;
    while (this.now <= until) {
      this.runTick();
      // every 600 simulated seconds, and every 64 executed ticks (heavy runs report on wall time)
      if (onProgress && (this.now - lastReport >= 600 || ++sinceReport >= 64)) {
        sinceReport = 0;
        onProgress(this.now);
        lastReport = this.now;
      }
      const next = this.nextDue();
      if (!Number.isFinite(next)) break;
      // align to the tick grid
      this.now = Math.max(this.now + this.tick, Math.ceil(next / this.tick) * this.tick);
    }
    if (this.now > until) this.now = until;
  }
}

/** A new pod's runtime, every field present from the start (one object shape for all pods: fast reads in the per-pod loops). */
function newRuntime(now: number): PodRuntime {
  return { createdAt: now, boundAt: undefined, startedAt: undefined, readyAt: undefined, deletingAt: undefined, restarts: 0, crashLooping: false, timers: [] };
}

/** Sets the pod's Ready condition (and lastTransitionTime) in its status. */
export function setReadyCondition(p: PodInfo, ready: boolean, now: number): void {
  const status = p.pod.status ?? {};
  const conditions = (status.conditions ?? []).filter((c) => c.type !== 'Ready');
  conditions.push({ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: simTimestamp(now) });
  p.pod.status = { ...status, conditions };
}

/** `name` → `name:latest` when untagged (ImageLocality's normalization). */
export function normalizeImage(image: string): string {
  if (image === '' || image.includes('@')) return image;
  const slash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  return colon > slash ? image : `${image}:latest`;
}
