/** Score helpers shared by plugins (pkg/scheduler/framework/plugins/helper). */
import { MAX_NODE_SCORE, MIN_NODE_SCORE, type CycleState } from '../framework/types.ts';

/** One score scaled by the highest (`max` > 0), flipped when `reverse` (integer division, as Go's). */
function normalizedOf(raw: number, max: number, maxPriority: number, reverse: boolean): number {
  const s = Math.trunc((maxPriority * raw) / max);
  return reverse ? maxPriority - s : s;
}

/**
 * Scales scores to [0, maxPriority] by the highest one; `reverse` flips them.
 * mirrors pkg/scheduler/framework/plugins/helper/normalize_score.go DefaultNormalizeScore
 */
export function defaultNormalizeScore(maxPriority: number, reverse: boolean, scores: number[]): void {
  let max = 0;
  for (let i = 0; i < scores.length; i++) if (scores[i] > max) max = scores[i];
  if (max === 0) {
    if (reverse) scores.fill(maxPriority);
    return;
  }
  // raw scores repeat (counts of taints, of terms): the last one's result is kept
  let lastRaw = Number.NaN;
  let last = 0;
  for (let i = 0; i < scores.length; i++) {
    const raw = scores[i];
    if (raw !== lastRaw) {
      lastRaw = raw;
      last = normalizedOf(raw, max, maxPriority, reverse);
    }
    scores[i] = last;
  }
}

/**
 * {@link defaultNormalizeScore} of the raw scores raw[rows[i]] (i < n), each result times `weight`
 * added to totals[i], in one pass after the maximum. Returns the first result outside
 * [0, MaxNodeScore] (NaN included), as the framework would reject it, else null; the totals are
 * then partly added (the cycle fails).
 */
export function addDefaultNormalized(
  raw: Float64Array,
  rows: ArrayLike<number>,
  n: number,
  maxPriority: number,
  reverse: boolean,
  weight: number,
  totals: Float64Array,
): number | null {
  let max = 0;
  for (let i = 0; i < n; i++) {
    const v = raw[rows[i]];
    if (v > max) max = v;
  }
  for (let i = 0; i < n; i++) {
    const v = raw[rows[i]];
    const s = max === 0 ? (reverse ? maxPriority : v) : normalizedOf(v, max, maxPriority, reverse);
    if (!(s <= MAX_NODE_SCORE && s >= MIN_NODE_SCORE)) return s;
    totals[i] += s * weight;
  }
  return null;
}

/** {@link defaultNormalizeScore} with maxPriority = MaxNodeScore (100). */
export function normalizeTo100(reverse: boolean, scores: number[]): void {
  defaultNormalizeScore(MAX_NODE_SCORE, reverse, scores);
}

/**
 * One plugin's CycleState entry, remembering the last cycle's value so the per-node calls
 * (Filter/Score run once per node) skip the map lookup. A different CycleState object (a new
 * cycle, or a clone made for preemption) is read afresh.
 */
export class CycleStateSlot<T> {
  private cycle: CycleState | null = null;
  private value: T | undefined = undefined;

  constructor(readonly key: string) {}

  /** Stores `value` in `state` under the slot's key. */
  write(state: CycleState, value: T): void {
    state.write(this.key, value);
    this.cycle = state;
    this.value = value;
  }

  /** The value stored in `state`, or undefined when the plugin's earlier extension point did not run. */
  read(state: CycleState): T | undefined {
    if (state !== this.cycle) {
      this.cycle = state;
      this.value = state.read<T>(this.key);
    }
    return this.value;
  }
}
