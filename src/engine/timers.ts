/**
 * The engine's agenda: callbacks due at simulated times, popped in (time, insertion) order so
 * that runs are deterministic. A binary heap: the engine skips straight to the next due time.
 */

interface Timer {
  at: number;
  seq: number;
  run: () => void;
  cancelled: boolean;
}

/** A handle to cancel a scheduled callback. */
export interface TimerHandle {
  cancel(): void;
}

/** Min-heap of timers by (at, seq). */
export class TimerQueue {
  private heap: Timer[] = [];
  private seq = 0;

  /** Number of pending timers (cancelled ones included until popped). */
  get size(): number {
    return this.heap.length;
  }

  /** Schedules `run` at simulated time `at` (seconds). */
  at(at: number, run: () => void): TimerHandle {
    const t: Timer = { at, seq: this.seq++, run, cancelled: false };
    const h = this.heap;
    h.push(t);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!less(h[i], h[p])) break;
      [h[i], h[p]] = [h[p], h[i]];
      i = p;
    }
    return { cancel: () => void (t.cancelled = true) };
  }

  /** Time of the earliest live timer, or Infinity. */
  nextAt(): number {
    while (this.heap.length > 0 && this.heap[0].cancelled) this.pop();
    return this.heap.length > 0 ? this.heap[0].at : Number.POSITIVE_INFINITY;
  }

  /** Runs every timer due at or before `now`, including ones scheduled while running. */
  runDue(now: number): number {
    let n = 0;
    while (this.heap.length > 0 && this.heap[0].at <= now) {
      const t = this.pop()!;
      if (t.cancelled) continue;
      t.run();
      n++;
    }
    return n;
  }

  private pop(): Timer | undefined {
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
        if (l < h.length && less(h[l], h[m])) m = l;
        if (r < h.length && less(h[r], h[m])) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m], h[i]];
        i = m;
      }
    }
    return top;
  }
}

function less(a: Timer, b: Timer): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}
