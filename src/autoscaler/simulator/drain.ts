/**
 * Which pods must move, and which DaemonSet pods are evicted, when a node is drained.
 * mirrors cluster-autoscaler/simulator/drain.go
 */
import type { Pod } from '../../model/types.ts';
import type { NodeInfoData } from '../types.ts';
import type { DrainContext } from './drainability/context.ts';
import { isDaemonSetPod } from './drainability/pod-utils.ts';
import { BasicRemainingPdbTracker } from './drainability/pdb-tracker.ts';
import type { Rule } from './drainability/rule.ts';
import { defaultRules, drainableBy } from './drainability/rules/index.ts';
import { blockingReasonOf } from './drainability/status.ts';
import type { BlockingPod } from './reasons.ts';

/** The result of {@link getPodsToMove}. */
export interface PodsToMove {
  /** Pods to reschedule elsewhere (empty when blocked). */
  pods: Pod[];
  /** DaemonSet pods evicted with the node (empty when blocked). */
  daemonSetPods: Pod[];
  /** The first pod that blocks the drain, and why. */
  blockingPod?: BlockingPod;
  /** The blocking rule's error message. */
  error?: string;
}

/**
 * Walks the node's pods in order through the drainability rules (the defaults for
 * ctx.deleteOptions when `rules` is absent): undefined / drain-ok pods go to `pods` or, for
 * DaemonSet pods, `daemonSetPods`; skipped pods are left out; the first blocked pod stops the
 * walk and is reported with its reason and error.
 * mirrors cluster-autoscaler/simulator/drain.go GetPodsToMove
 */
export function getPodsToMove(nodeInfo: NodeInfoData, ctx: DrainContext, rules?: readonly Rule[]): PodsToMove {
  const drainabilityRules = rules ?? defaultRules(ctx.deleteOptions);
  const drainCtx: DrainContext = ctx.remainingPdbTracker ? ctx : { ...ctx, remainingPdbTracker: new BasicRemainingPdbTracker() };
  const pods: Pod[] = [];
  const daemonSetPods: Pod[] = [];
  for (const pod of nodeInfo.pods) {
    const status = drainableBy(drainabilityRules, drainCtx, pod);
    switch (status.outcome) {
      case 'UndefinedOutcome':
      case 'DrainOk':
        if (isDaemonSetPod(pod)) daemonSetPods.push(pod);
        else pods.push(pod);
        break;
      case 'BlockDrain': {
        const out: PodsToMove = { pods: [], daemonSetPods: [], blockingPod: { pod, reason: blockingReasonOf(status) } };
        if (status.error !== undefined) out.error = status.error;
        return out;
      }
      case 'SkipDrain':
        break;
    }
  }
  return { pods, daemonSetPods };
}
