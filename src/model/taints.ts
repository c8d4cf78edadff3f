/**
 * Taint/toleration matching (staging/src/k8s.io/api/core/v1/toleration.go ToleratesTaint and
 * component-helpers/scheduling/corev1 FindMatchingUntoleratedTaint).
 */
import type { Taint, Toleration } from './types.ts';

/**
 * True when `t` tolerates `taint`. mirrors core/v1 Toleration.ToleratesTaint
 * (Gt/Lt operators tolerate nothing: the TaintTolerationComparisonOperators gate is off in v1.35).
 */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if ((t.key ?? '') !== taint.key) {
    // An empty key with Exists matches every key.
    if (!(t.key === undefined || t.key === '') || t.operator !== 'Exists') return false;
  }
  switch (t.operator ?? '') {
    case 'Exists':
      return true;
    case '':
    case 'Equal':
      return (t.value ?? '') === (taint.value ?? '');
    default:
      return false;
  }
}

/** True when some toleration in `tolerations` tolerates `taint`. */
export function taintTolerated(taint: Taint, tolerations: readonly Toleration[] | undefined): boolean {
  if (!tolerations) return false;
  for (const t of tolerations) if (toleratesTaint(t, taint)) return true;
  return false;
}

/**
 * The first taint accepted by `inclusion` that no toleration tolerates, or undefined.
 * mirrors component-helpers/scheduling/corev1 FindMatchingUntoleratedTaint
 */
export function findUntoleratedTaint(
  taints: readonly Taint[],
  tolerations: readonly Toleration[] | undefined,
  inclusion: (t: Taint) => boolean,
): Taint | undefined {
  for (const taint of taints) {
    if (!inclusion(taint)) continue;
    if (!taintTolerated(taint, tolerations)) return taint;
  }
  return undefined;
}

/** Taints the scheduler filters on: NoSchedule and NoExecute. */
export const doNotScheduleTaints = (t: Taint): boolean => t.effect === 'NoSchedule' || t.effect === 'NoExecute';
