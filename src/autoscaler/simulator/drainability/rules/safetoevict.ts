/** Pods annotated safe-to-evict: "true" may be drained. */
import { hasSafeToEvictAnnotation } from '../pod-utils.ts';
import type { Rule } from '../rule.ts';
import { newDrainableStatus, newUndefinedStatus } from '../status.ts';

/**
 * Lets pods annotated `cluster-autoscaler.kubernetes.io/safe-to-evict: "true"` be drained.
 * mirrors cluster-autoscaler/simulator/drainability/rules/safetoevict/rule.go Drainable
 */
export function newSafeToEvictRule(): Rule {
  return {
    name: 'SafeToEvict',
    drainable: (_ctx, pod) => (hasSafeToEvictAnnotation(pod) ? newDrainableStatus() : newUndefinedStatus()),
  };
}
