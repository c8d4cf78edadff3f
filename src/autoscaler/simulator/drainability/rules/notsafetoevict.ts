/** Pods annotated safe-to-evict: "false" block the drain. */
import { BlockingPodReason } from '../../reasons.ts';
import { hasNotSafeToEvictAnnotation } from '../pod-utils.ts';
import type { Rule } from '../rule.ts';
import { newBlockedStatus, newUndefinedStatus } from '../status.ts';

/**
 * Blocks the drain for pods annotated `cluster-autoscaler.kubernetes.io/safe-to-evict: "false"`.
 * mirrors cluster-autoscaler/simulator/drainability/rules/notsafetoevict/rule.go Drainable
 */
export function newNotSafeToEvictRule(): Rule {
  return {
    name: 'NotSafeToEvict',
    drainable: (_ctx, pod) =>
      hasNotSafeToEvictAnnotation(pod)
        ? newBlockedStatus(BlockingPodReason.NotSafeToEvictAnnotation, `pod annotated as not safe to evict present: ${pod.metadata.name ?? ''}`)
        : newUndefinedStatus(),
  };
}
