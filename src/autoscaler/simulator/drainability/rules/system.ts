/** kube-system pods without a PDB block the drain until the disruption timeout passes. */
import { parseTime } from '../../../../controllers/common/time.ts';
import type { Pod } from '../../../../model/types.ts';
import { BlockingPodReason } from '../../reasons.ts';
import type { DrainContext } from '../context.ts';
import type { Rule } from '../rule.ts';
import { newBlockedStatus, newDrainableStatus, newUndefinedStatus } from '../status.ts';

/** The namespace whose pods count as system pods. */
export const KubeSystemNamespace = 'kube-system';

function isBlockingSystemPod(ctx: DrainContext, pod: Pod): boolean {
  return pod.metadata.namespace === KubeSystemNamespace && (ctx.remainingPdbTracker?.matchingPdbs(pod) ?? []).length === 0;
}

/**
 * Blocks the drain for kube-system pods no PDB covers, unless the pod was created more than
 * `bspDisruptionTimeout` seconds before now (then it may be drained).
 * mirrors cluster-autoscaler/simulator/drainability/rules/system/rule.go Drainable
 */
export function newSystemRule(bspDisruptionTimeout: number): Rule {
  return {
    name: 'System',
    drainable: (ctx, pod) => {
      if (!isBlockingSystemPod(ctx, pod)) return newUndefinedStatus();
      // isBspPassedDisruptionTimeout: a zero creation time never passes.
      const created = parseTime(pod.metadata.creationTimestamp);
      if (Number.isFinite(created) && ctx.now > created + bspDisruptionTimeout) return newDrainableStatus();
      return newBlockedStatus(
        BlockingPodReason.UnmovableKubeSystemPod,
        `non-daemonset, non-mirrored, non-pdb-assigned kube-system pod present: ${pod.metadata.name ?? ''}`,
      );
    },
  };
}
