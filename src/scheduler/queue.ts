/**
 * The scheduling queue: activeQ ordered by PrioritySort (higher priority first, then earlier
 * arrival), and the unschedulable pods with the plugins that rejected them.
 * mirrors pkg/scheduler/backend/queue/scheduling_queue.go (activeQ, unschedulablePods) and
 * pkg/scheduler/framework/plugins/queuesort/priority_sort.go Less
 */
import type { PodInfo } from '../model/pod-info.ts';
import { Heap } from '../util/heap.ts';

/** PrioritySort: true when `a` goes before `b`. */
export function prioritySortLess(a: PodInfo, b: PodInfo): boolean {
  if (a.priority !== b.priority) return a.priority > b.priority;
  return a.seq < b.seq;
}

/** activeQ: pods in PrioritySort order. */
export class ActiveQueue {
  private readonly heap = new Heap<PodInfo>(prioritySortLess);
  private readonly members = new Set<PodInfo>();

  /** Number of queued pods. */
  get length(): number {
    return this.heap.size;
  }

  /** True when `p` is queued. */
  has(p: PodInfo): boolean {
    return this.members.has(p);
  }

  /** Adds a pod (no-op when already queued). */
  push(p: PodInfo): void {
    if (this.members.has(p)) return;
    this.members.add(p);
    this.heap.push(p);
  }

  /** Removes and returns the first pod, or undefined. */
  pop(): PodInfo | undefined {
    const top = this.heap.pop();
    if (top) this.members.delete(top);
    return top;
  }

  /** Removes a specific pod (e.g. deleted while queued). */
  delete(p: PodInfo): boolean {
    if (!this.members.delete(p)) return false;
    this.heap.removeWhere((x) => x === p);
    return true;
  }
}

/** A pod that failed its last cycle, with why. */
export interface UnschedulablePod {
  pod: PodInfo;
  plugins: ReadonlySet<string>;
  message: string;
  /** Simulated time of the failure (seconds). */
  since: number;
}
