/**
 * The outcome of a drainability check for one pod, as plain data.
 * mirrors cluster-autoscaler/simulator/drainability/status.go
 */
import { BlockingPodReason } from '../reasons.ts';

/**
 * What to do with a pod when draining its node: no decision yet, drain it, block the drain,
 * or skip it (it need not be moved).
 * mirrors cluster-autoscaler/simulator/drainability/status.go OutcomeType
 */
export type OutcomeType = 'UndefinedOutcome' | 'DrainOk' | 'BlockDrain' | 'SkipDrain';

/**
 * A rule's verdict on a pod. `overrides` lists later outcomes this status replaces; `reason`
 * and `error` are set when the drain is blocked.
 * mirrors cluster-autoscaler/simulator/drainability/status.go Status
 */
export interface DrainabilityStatus {
  outcome: OutcomeType;
  overrides?: OutcomeType[];
  reason?: BlockingPodReason;
  error?: string;
}

/** The pod can be drained. mirrors cluster-autoscaler/simulator/drainability/status.go NewDrainableStatus */
export function newDrainableStatus(): DrainabilityStatus {
  return { outcome: 'DrainOk' };
}

/**
 * The pod blocks the drain, for `reason`, with an error message (upstream allows a nil error).
 * mirrors cluster-autoscaler/simulator/drainability/status.go NewBlockedStatus
 */
export function newBlockedStatus(reason: BlockingPodReason, error?: string): DrainabilityStatus {
  const s: DrainabilityStatus = { outcome: 'BlockDrain', reason };
  if (error !== undefined) s.error = error;
  return s;
}

/** The pod need not be moved. mirrors cluster-autoscaler/simulator/drainability/status.go NewSkipStatus */
export function newSkipStatus(): DrainabilityStatus {
  return { outcome: 'SkipDrain' };
}

/** No decision. mirrors cluster-autoscaler/simulator/drainability/status.go NewUndefinedStatus */
export function newUndefinedStatus(): DrainabilityStatus {
  return { outcome: 'UndefinedOutcome' };
}

/** The blocking reason a status carries; NoReason when it carries none (upstream's zero value). */
export function blockingReasonOf(status: DrainabilityStatus): BlockingPodReason {
  return status.reason ?? BlockingPodReason.NoReason;
}
