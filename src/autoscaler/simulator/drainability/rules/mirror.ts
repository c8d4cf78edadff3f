/** Mirror pods need not be moved. */
import { isMirrorPod } from '../pod-utils.ts';
import type { Rule } from '../rule.ts';
import { newSkipStatus, newUndefinedStatus } from '../status.ts';

/**
 * Skips mirror pods (their static pod comes back with the node, or goes with it).
 * mirrors cluster-autoscaler/simulator/drainability/rules/mirror/rule.go Drainable
 */
export function newMirrorRule(): Rule {
  return {
    name: 'Mirror',
    drainable: (_ctx, pod) => (isMirrorPod(pod) ? newSkipStatus() : newUndefinedStatus()),
  };
}
