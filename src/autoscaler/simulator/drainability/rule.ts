/**
 * A drainability rule: decides, for one pod, whether its node can be drained.
 * mirrors cluster-autoscaler/simulator/drainability/rules/rules.go Rule
 */
import type { Pod } from '../../../model/types.ts';
import type { DrainContext } from './context.ts';
import type { DrainabilityStatus } from './status.ts';

/**
 * A named drainability check. `drainable` is pure: it reads the pod and the context.
 * mirrors cluster-autoscaler/simulator/drainability/rules/rules.go Rule
 */
export interface Rule {
  /** The rule's name, as upstream's Name(). */
  readonly name: string;
  /** The rule's verdict on `pod`. */
  drainable(ctx: DrainContext, pod: Pod): DrainabilityStatus;
}
