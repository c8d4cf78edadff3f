/**
 * A priority queue ordered by a `less` function: the queue behind the engine's timers and the
 * scheduler's activeQ and backoffQs.
 *
 * `less` must be a strict total order on the items held (every user breaks ties by a sequence
 * number): the least item is then unique, so the pop order does not depend on how the items are
 * stored. That lets the queue keep two parts: a binary min-heap, and a sorted run of items pushed
 * in order (each not less than the run's last). Pods queued by arrival and timers set in time
 * order go to the run, whose push and pop cost O(1) instead of O(log n) — at 1,000,000 queued
 * pods that is most of the queue's time.
 */
export class Heap<T> {
  private readonly items: T[] = [];
  /** Items in order from `runHead` on (slots before it are popped and cleared). */
  private run: (T | undefined)[] = [];
  private runHead = 0;

  constructor(private readonly less: (a: T, b: T) => boolean) {}

  /** Number of items. */
  get size(): number {
    return this.items.length + this.run.length - this.runHead;
  }

  /** The least item without removing it. */
  peek(): T | undefined {
    const h = this.items;
    if (this.runHead === this.run.length) return h[0];
    const r = this.run[this.runHead] as T;
    return h.length > 0 && this.less(h[0], r) ? h[0] : r;
  }

  /** Adds an item. */
  push(x: T): void {
    const run = this.run;
    // in order after the run's last item (or the run is empty): append, O(1)
    if (this.runHead === run.length || !this.less(x, run[run.length - 1] as T)) {
      if (this.runHead === run.length && this.runHead > 0) {
        run.length = 0;
        this.runHead = 0;
      }
      run.push(x);
      return;
    }
    this.heapPush(x);
  }

  /** Removes and returns the least item. */
  pop(): T | undefined {
    const h = this.items;
    const run = this.run;
    if (this.runHead < run.length && (h.length === 0 || !this.less(h[0], run[this.runHead] as T))) {
      const x = run[this.runHead] as T;
      run[this.runHead++] = undefined;
      if (this.runHead === run.length) {
        run.length = 0;
        this.runHead = 0;
      } else if (this.runHead >= 1024 && this.runHead * 2 >= run.length) {
        // drop the popped half so the run's memory follows its size
        this.run = run.slice(this.runHead);
        this.runHead = 0;
      }
      return x;
    }
    return this.heapPop();
  }

  /** Removes every item for which `drop` is true (linear; rare operations only). */
  removeWhere(drop: (x: T) => boolean): number {
    const before = this.size;
    const run: T[] = [];
    for (let i = this.runHead; i < this.run.length; i++) {
      const x = this.run[i] as T;
      if (!drop(x)) run.push(x);
    }
    // a subsequence of a sorted run is sorted
    this.run = run;
    this.runHead = 0;
    const keep = this.items.filter((x) => !drop(x));
    this.items.length = 0;
    for (const x of keep) this.heapPush(x);
    return before - this.size;
  }

  private heapPush(x: T): void {
    const h = this.items;
    const less = this.less;
    let i = h.length;
    h.push(x);
    // sift up with a hole: parents move down, x is written once
    while (i > 0) {
      const p = (i - 1) >> 1;
      const parent = h[p];
      if (!less(x, parent)) break;
      h[i] = parent;
      i = p;
    }
    h[i] = x;
  }

  private heapPop(): T | undefined {
    const h = this.items;
    if (h.length === 0) return undefined;
    const top = h[0];
    const last = h.pop()!;
    const n = h.length;
    if (n > 0) {
      const less = this.less;
      let i = 0;
      // sift down with a hole: the lesser child moves up until `last` fits
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        let m = l;
        if (r < n && less(h[r], h[l])) m = r;
        if (!less(h[m], last)) break;
        h[i] = h[m];
        i = m;
      }
      h[i] = last;
    }
    return top;
  }
}
