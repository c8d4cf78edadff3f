/** Pods whose PDB allows no more disruptions block the drain. */
import { BlockingPodReason } from '../../reasons.ts';
import type { Rule } from '../rule.ts';
import { newBlockedStatus, newUndefinedStatus } from '../status.ts';

/**
 * Blocks the drain when some PDB matching the pod allows fewer than one disruption.
 * mirrors cluster-autoscaler/simulator/drainability/rules/pdb/rule.go Drainable
 */
export function newPdbRule(): Rule {
  return {
    name: 'PDB',
    drainable: (ctx, pod) => {
      for (const p of ctx.remainingPdbTracker?.matchingPdbs(pod) ?? []) {
        if (p.disruptionsAllowed < 1) {
          return newBlockedStatus(
            BlockingPodReason.NotEnoughPdb,
            `not enough pod disruption budget to move ${pod.metadata.namespace ?? ''}/${pod.metadata.name ?? ''}`,
          );
        }
      }
      return newUndefinedStatus();
    },
  };
}
