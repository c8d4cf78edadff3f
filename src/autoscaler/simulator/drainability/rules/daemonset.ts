/** DaemonSet pods may be drained. */
import { isDaemonSetPod } from '../pod-utils.ts';
import type { Rule } from '../rule.ts';
import { newDrainableStatus, newUndefinedStatus } from '../status.ts';

/**
 * Lets DaemonSet pods be drained (they are evicted, not rescheduled elsewhere).
 * mirrors cluster-autoscaler/simulator/drainability/rules/daemonset/rule.go Drainable
 */
export function newDaemonSetRule(): Rule {
  return {
    name: 'DaemonSet',
    drainable: (_ctx, pod) => (isDaemonSetPod(pod) ? newDrainableStatus() : newUndefinedStatus()),
  };
}
