/** Score helpers shared by plugins (pkg/scheduler/framework/plugins/helper). */
import { MAX_NODE_SCORE } from '../framework/types.ts';

/**
 * Scales scores to [0, maxPriority] by the highest one; `reverse` flips them.
 * mirrors pkg/scheduler/framework/plugins/helper/normalize_score.go DefaultNormalizeScore
 */
export function defaultNormalizeScore(maxPriority: number, reverse: boolean, scores: number[]): void {
  let max = 0;
  for (const s of scores) if (s > max) max = s;
  if (max === 0) {
    if (reverse) scores.fill(maxPriority);
    return;
  }
  for (let i = 0; i < scores.length; i++) {
    let s = Math.trunc((maxPriority * scores[i]) / max);
    if (reverse) s = maxPriority - s;
    scores[i] = s;
  }
}

/** {@link defaultNormalizeScore} with maxPriority = MaxNodeScore (100). */
export function normalizeTo100(reverse: boolean, scores: number[]): void {
  defaultNormalizeScore(MAX_NODE_SCORE, reverse, scores);
}
