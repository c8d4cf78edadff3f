/** Pods with local storage block the drain. */
import { BlockingPodReason } from '../../reasons.ts';
import { hasBlockingLocalStorage } from '../pod-utils.ts';
import type { Rule } from '../rule.ts';
import { newBlockedStatus, newUndefinedStatus } from '../status.ts';

/**
 * Blocks the drain for pods with a local volume not listed in safe-to-evict-local-volumes.
 * mirrors cluster-autoscaler/simulator/drainability/rules/localstorage/rule.go Drainable
 */
export function newLocalStorageRule(): Rule {
  return {
    name: 'LocalStorage',
    drainable: (_ctx, pod) =>
      hasBlockingLocalStorage(pod)
        ? newBlockedStatus(BlockingPodReason.LocalStorageRequested, `pod with local storage present: ${pod.metadata.name ?? ''}`)
        : newUndefinedStatus(),
  };
}
