/**
 * The engine's agenda: callbacks due at simulated times, popped in (time, insertion) order so
 * that runs are deterministic. A binary heap: the engine skips straight to the next due time.
 */
import { Heap } from '../util/heap.ts';

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

/** Timers by (at, seq). */
export class TimerQueue {
  private readonly heap = new Heap<Timer>(less);
  private seq = 0;

  /** Number of pending timers (cancelled ones included until popped). */
  get size(): number {
    return this.heap.size;
  }

  /** Schedules `run` at simulated time `at` (seconds). */
  at(at: number, run: () => void): TimerHandle {
    const t: Timer = { at, seq: this.seq++, run, cancelled: false };
    this.heap.push(t);
    return { cancel: () => void (t.cancelled = true) };
  }

  /** Time of the earliest live timer, or Infinity. */
  nextAt(): number {
    let top = this.heap.peek();
    while (top && top.cancelled) {
      this.heap.pop();
      top = this.heap.peek();
    }
    return top ? top.at : Number.POSITIVE_INFINITY;
  }

  /** Runs every timer due at or before `now`, including ones scheduled while running. */
  runDue(now: number): number {
    let n = 0;
    for (let top = this.heap.peek(); top && top.at <= now; top = this.heap.peek()) {
      this.heap.pop();
      if (top.cancelled) continue;
      top.run();
      n++;
    }
    return n;
  }
}

function less(a: Timer, b: Timer): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}
