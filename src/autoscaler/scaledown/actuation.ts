/**
 * Scale-down actuation: taint the chosen nodes ToBeDeletedByClusterAutoscaler, delete empty ones
 * after node-delete-delay-after-taint, drain the others (evictions through the eviction API,
 * PDBs respected, retried until max-pod-eviction-time, then graceful termination up to
 * max-graceful-termination-sec) and delete them; a failed drain untaints the node.
 * mirrors cluster-autoscaler/core/scaledown/actuation/actuator.go Actuator.StartDeletion,
 * actuation/drain.go Evictor.DrainNode, delete_in_batch.go and budgets/budgets.go CropNodes
 */
import type { PodInfo } from '../../model/pod-info.ts';
import type { AutoscalingOptions } from '../options.ts';
import type { NodeToBeRemoved } from './planner.ts';

/** Seconds between eviction retries of one pod (drain.go EvictionRetryTime). */
export const EVICTION_RETRY_TIME = 10;
/** Extra time allowed for pods to go after their grace period (drain.go PodEvictionHeadroom). */
export const POD_EVICTION_HEADROOM = 30;

/** What the actuator does through the engine. */
export interface ActuationHost {
  now(): number;
  at(t: number, fn: () => void): void;
  taint(node: string): void;
  untaint(node: string): void;
  /** One eviction attempt: false when a PDB refuses it (429). */
  evict(p: PodInfo): boolean;
  /** Pods still on the node (not DaemonSet pods unless asked), still present in the cluster. */
  remainingPods(node: string, includeDaemonSets: boolean): PodInfo[];
  /** Deletes the node through the cloud (the group's target size drops). */
  deleteNode(group: string, node: string): void;
  emit(kind: string, object: string, fields: Record<string, unknown>): void;
}

/** Deletions in flight. */
interface Deletion {
  node: string;
  group: string;
  drain: boolean;
}

/** Result of a StartDeletion (ScaleDownStatus.Result). */
export type ScaleDownResult = 'ScaleDownNodeDeleteStarted' | 'ScaleDownNoNodeDeleted' | 'ScaleDownError';

/** The actuator with its deletions in progress. */
export class Actuator {
  private readonly inProgress = new Map<string, Deletion>();
  /** When a drain last failed (lastScaleDownFailTime; an hour before the start, as upstream initializes it). */
  failedSince = -3600;
  /** Nodes deleted so far, by kind. */
  deletedEmpty = 0;
  deletedDrained = 0;

  constructor(
    private readonly host: ActuationHost,
    private readonly options: AutoscalingOptions,
  ) {}

  /** Names of nodes being deleted. */
  deletionsInProgress(): Set<string> {
    return new Set(this.inProgress.keys());
  }

  /** Deletions in progress of one group (ActuationStatus.DeletionsCount). */
  deletionsCount(group: string): number {
    let n = 0;
    for (const d of this.inProgress.values()) if (d.group === group) n++;
    return n;
  }

  /**
   * Starts deleting as many of `empty` and `needDrain` as the parallelism budgets allow.
   * mirrors Actuator.StartDeletion with budgets.ScaleDownBudgetProcessor.CropNodes
   */
  startDeletion(empty: readonly NodeToBeRemoved[], needDrain: readonly NodeToBeRemoved[]): { result: ScaleDownResult; deleted: string[] } {
    const o = this.options;
    let drainsInProgress = 0;
    for (const d of this.inProgress.values()) if (d.drain) drainsInProgress++;
    let budget = o.maxScaleDownParallelism - this.inProgress.size;
    let drainBudget = o.maxDrainParallelism - drainsInProgress;
    const emptyNow = empty.slice(0, Math.max(0, budget));
    budget -= emptyNow.length;
    const drainNow = needDrain.slice(0, Math.max(0, Math.min(budget, drainBudget)));
    drainBudget -= drainNow.length;
    if (emptyNow.length === 0 && drainNow.length === 0) return { result: 'ScaleDownNoNodeDeleted', deleted: [] };
    const h = this.host;
    for (const n of emptyNow) {
      this.inProgress.set(n.node, { node: n.node, group: n.group, drain: false });
      h.taint(n.node);
      h.emit('ScaleDownEmpty', `Node ${n.node}`, { message: `Scale-down: removing empty node "${n.node}"` });
      h.at(h.now() + o.nodeDeleteDelayAfterTaint, () => this.finish(n, false));
    }
    for (const n of drainNow) {
      this.inProgress.set(n.node, { node: n.node, group: n.group, drain: true });
      h.taint(n.node);
      const util = n.utilization ? `{cpu:${round(n.utilization.cpuUtil)} memory:${round(n.utilization.memUtil)} utilization:${round(n.utilization.utilization)}}` : '{}';
      h.emit('ScaleDown', `Node ${n.node}`, {
        message: `Scale-down: removing node ${n.node}, utilization: ${util}, pods to reschedule: ${n.podsToReschedule.map((p) => p.key).join(',')}`,
      });
      h.at(h.now() + o.nodeDeleteDelayAfterTaint, () => this.drain(n, h.now()));
    }
    return { result: 'ScaleDownNodeDeleteStarted', deleted: [...emptyNow, ...drainNow].map((n) => n.node) };
  }

  /** mirrors Evictor.DrainNode: evict every pod, retrying refused evictions until max-pod-eviction-time */
  private drain(n: NodeToBeRemoved, started: number): void {
    const h = this.host;
    const o = this.options;
    const pods = h.remainingPods(n.node, o.daemonSetEvictionForOccupiedNodes);
    let blocked: PodInfo | undefined;
    for (const p of pods) {
      if (p.pod.metadata.deletionTimestamp) continue;
      if (h.evict(p)) h.emit('ScaleDown', `Pod ${p.key}`, { node: n.node, message: 'deleting pod for node scale down' });
      else blocked ??= p;
    }
    if (blocked) {
      if (h.now() + EVICTION_RETRY_TIME > started + o.maxPodEvictionTime) {
        h.emit('ScaleDownFailed', `Pod ${blocked.key}`, { node: n.node, message: 'failed to delete pod for ScaleDown' });
        this.fail(n, `failed to evict pods from node ${n.node}: pod ${blocked.key} blocked by its PodDisruptionBudget`);
        return;
      }
      h.at(h.now() + EVICTION_RETRY_TIME, () => this.drain(n, started));
      return;
    }
    this.waitForPods(n, h.now() + o.maxGracefulTerminationSec + POD_EVICTION_HEADROOM);
  }

  private waitForPods(n: NodeToBeRemoved, deadline: number): void {
    const h = this.host;
    if (h.remainingPods(n.node, false).length === 0 || h.now() >= deadline) {
      this.finish(n, true);
      return;
    }
    h.at(h.now() + 5, () => this.waitForPods(n, deadline));
  }

  private finish(n: NodeToBeRemoved, drained: boolean): void {
    const h = this.host;
    if (!this.inProgress.has(n.node)) return;
    this.inProgress.delete(n.node);
    h.deleteNode(n.group, n.node);
    if (drained) this.deletedDrained++;
    else this.deletedEmpty++;
    h.emit(drained ? 'ScaleDown' : 'ScaleDownEmpty', `Node ${n.node}`, {
      message: drained ? `Scale-down: node ${n.node} removed with drain` : `Scale-down: empty node ${n.node} removed`,
    });
  }

  private fail(n: NodeToBeRemoved, message: string): void {
    const h = this.host;
    this.inProgress.delete(n.node);
    h.untaint(n.node);
    h.emit('ScaleDownFailed', `Node ${n.node}`, { message });
    this.failedSince = h.now();
  }
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
