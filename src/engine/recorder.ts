/**
 * Time series of a run, stored as change points: the cluster only changes at executed ticks,
 * so recording a value only when it differs from the last one keeps the complete
 * piecewise-constant history at the cost of the changes, not of the duration.
 */

/** One series: times (seconds) and values, appended in time order. */
export interface Series {
  t: number[];
  v: number[];
}

/** Holds every series of a run by name (`cluster.pendingPods`, `Deployment/default/web.readyReplicas`). */
export class Recorder {
  readonly series = new Map<string, Series>();

  /** The series called `name`, created empty on first use (a handle for hot loops). */
  handle(name: string): Series {
    let s = this.series.get(name);
    if (!s) this.series.set(name, (s = { t: [], v: [] }));
    return s;
  }

  /** Records `value` at `t` if it differs from the series' last value. */
  record(name: string, t: number, value: number): void {
    this.recordTo(this.handle(name), t, value);
  }

  /** {@link record} on a handle from {@link handle}. */
  recordTo(s: Series, t: number, value: number): void {
    const n = s.v.length;
    if (n > 0 && s.v[n - 1] === value) return;
    if (n > 0 && s.t[n - 1] === t) {
      s.v[n - 1] = value;
      // a same-tick correction may make it equal to the previous point again
      if (n > 1 && s.v[n - 2] === value) {
        s.t.pop();
        s.v.pop();
      }
      return;
    }
    s.t.push(t);
    s.v.push(value);
  }

  /** Value of `name` at time `t` (the last change at or before t), or undefined before the first. */
  valueAt(name: string, t: number): number | undefined {
    const s = this.series.get(name);
    if (!s || s.t.length === 0 || s.t[0] > t) return undefined;
    let lo = 0;
    let hi = s.t.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (s.t[mid] <= t) lo = mid;
      else hi = mid - 1;
    }
    return s.v[lo];
  }

  /** Every value `name` takes within [from, to] (the value at `from` plus changes inside), with times. */
  window(name: string, from: number, to: number): { t: number; v: number }[] {
    const s = this.series.get(name);
    if (!s) return [];
    const out: { t: number; v: number }[] = [];
    const first = this.valueAt(name, from);
    if (first !== undefined) out.push({ t: from, v: first });
    for (let i = 0; i < s.t.length; i++) {
      if (s.t[i] > from && s.t[i] <= to) out.push({ t: s.t[i], v: s.v[i] });
    }
    return out;
  }

  /** Samples `name` on a grid from 0 to `until` every `step` seconds (undefined → null). */
  sample(name: string, step: number, until: number): (number | null)[] {
    const out: (number | null)[] = [];
    for (let t = 0; t <= until; t += step) out.push(this.valueAt(name, t) ?? null);
    return out;
  }

  /** Maximum value of a series over the whole run (undefined when empty). */
  max(name: string): number | undefined {
    const s = this.series.get(name);
    if (!s || s.v.length === 0) return undefined;
    let m = -Infinity;
    for (const v of s.v) if (v > m) m = v;
    return m;
  }
}
