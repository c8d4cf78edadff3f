/**
 * The scheduling queue: activeQ ordered by PrioritySort (higher priority first, then earlier
 * arrival), and the unschedulable pods with the plugins that rejected them.
 * mirrors pkg/scheduler/backend/queue/scheduling_queue.go (activeQ, unschedulablePods) and
 * pkg/scheduler/framework/plugins/queuesort/priority_sort.go Less
 */
import type { PodInfo } from '../model/pod-info.ts';

/** PrioritySort: true when `a` goes before `b`. */
export function prioritySortLess(a: PodInfo, b: PodInfo): boolean {
  if (a.priority !== b.priority) return a.priority > b.priority;
  return a.seq < b.seq;
}

/** A binary heap of pods in PrioritySort order. */
export class ActiveQueue {
  private heap: PodInfo[] = [];
  private readonly members = new Set<PodInfo>();

  /** Number of queued pods. */
  get length(): number {
    return this.heap.length;
  }

  /** True when `p` is queued. */
  has(p: PodInfo): boolean {
    return this.members.has(p);
  }

  /** Adds a pod (no-op when already queued). */
  push(p: PodInfo): void {
    if (this.members.has(p)) return;
    this.members.add(p);
    const h = this.heap;
    h.push(p);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!prioritySortLess(h[i], h[parent])) break;
      [h[i], h[parent]] = [h[parent], h[i]];
      i = parent;
    }
  }

  /** Removes and returns the first pod, or undefined. */
  pop(): PodInfo | undefined {
    const h = this.heap;
    if (h.length === 0) return undefined;
    const top = h[0];
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && prioritySortLess(h[l], h[m])) m = l;
        if (r < h.length && prioritySortLess(h[r], h[m])) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m], h[i]];
        i = m;
      }
    }
    this.members.delete(top);
    return top;
  }

  /** Removes a specific pod (e.g. deleted while queued). */
  delete(p: PodInfo): boolean {
    if (!this.members.has(p)) return false;
    const rest = this.heap.filter((x) => x !== p);
    this.heap = [];
    this.members.clear();
    for (const x of rest) this.push(x);
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
