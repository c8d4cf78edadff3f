/** Pods without a (known) replicating controller block the drain. */
import { BlockingPodReason } from '../../reasons.ts';
import { controllerRef } from '../pod-utils.ts';
import type { Rule } from '../rule.ts';
import { newBlockedStatus, newUndefinedStatus } from '../status.ts';

/** Controller kinds that recreate their pods elsewhere. */
const replicatedKind: ReadonlySet<string> = new Set(['ReplicationController', 'Job', 'ReplicaSet', 'StatefulSet']);

/**
 * Blocks the drain for pods without a controller; with `skipNodesWithCustomControllerPods`,
 * also for pods whose controller is not a ReplicationController, Job, ReplicaSet or StatefulSet.
 * mirrors cluster-autoscaler/simulator/drainability/rules/replicated/rule.go Drainable
 */
export function newReplicatedRule(skipNodesWithCustomControllerPods: boolean): Rule {
  return {
    name: 'Replicated',
    drainable: (_ctx, pod) => {
      const ref = controllerRef(pod);
      let replicated = ref !== undefined;
      if (skipNodesWithCustomControllerPods) replicated = replicated && replicatedKind.has(ref?.kind ?? '');
      if (!replicated) {
        return newBlockedStatus(BlockingPodReason.NotReplicated, `${pod.metadata.namespace ?? ''}/${pod.metadata.name ?? ''} is not replicated`);
      }
      return newUndefinedStatus();
    },
  };
}
