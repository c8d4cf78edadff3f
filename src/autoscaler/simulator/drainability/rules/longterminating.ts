/** Pods terminating past their grace period need not be moved. */
import { isPodLongTerminating } from '../pod-utils.ts';
import type { Rule } from '../rule.ts';
import { newSkipStatus, newUndefinedStatus } from '../status.ts';

/**
 * Skips pods that have been terminating longer than their grace period plus 30 s.
 * mirrors cluster-autoscaler/simulator/drainability/rules/longterminating/rule.go Drainable
 */
export function newLongTerminatingRule(): Rule {
  return {
    name: 'LongTerminating',
    drainable: (ctx, pod) => (isPodLongTerminating(pod, ctx.now) ? newSkipStatus() : newUndefinedStatus()),
  };
}
