/** Pods in a terminal state may be drained. */
import { isPodTerminal } from '../pod-utils.ts';
import type { Rule } from '../rule.ts';
import { newDrainableStatus, newUndefinedStatus } from '../status.ts';

/**
 * Lets pods that will never run again be drained.
 * mirrors cluster-autoscaler/simulator/drainability/rules/terminal/rule.go Drainable
 */
export function newTerminalRule(): Rule {
  return {
    name: 'Terminal',
    drainable: (_ctx, pod) => (isPodTerminal(pod) ? newDrainableStatus() : newUndefinedStatus()),
  };
}
