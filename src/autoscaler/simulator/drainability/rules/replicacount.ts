/** Pods whose controller is gone, or has too few replicas, block the drain. */
import { BlockingPodReason } from '../../reasons.ts';
import { controllerRef, isDaemonSetPod } from '../pod-utils.ts';
import type { Rule } from '../rule.ts';
import { newBlockedStatus, newUndefinedStatus } from '../status.ts';

/**
 * The group of an apiVersion, or undefined when it does not parse.
 * mirrors apimachinery pkg/runtime/schema ParseGroupVersion
 */
function parseGroup(apiVersion: string): string | undefined {
  if (apiVersion === '' || apiVersion === '/') return '';
  const slashes = apiVersion.split('/').length - 1;
  if (slashes === 0) return '';
  if (slashes === 1) return apiVersion.slice(0, apiVersion.indexOf('/'));
  return undefined;
}

/**
 * Checks that the pod's controller still exists (ReplicationController, DaemonSet of group apps,
 * Job, ReplicaSet, StatefulSet of group apps) and, for ReplicationControllers and ReplicaSets,
 * that it has at least `minReplicaCount` replicas. Without a controller lookup it decides nothing.
 * mirrors cluster-autoscaler/simulator/drainability/rules/replicacount/rule.go Drainable
 */
export function newReplicaCountRule(minReplicaCount: number): Rule {
  return {
    name: 'ReplicaCount',
    drainable: (ctx, pod) => {
      const lookup = ctx.ownerReplicas;
      if (lookup === undefined) return newUndefinedStatus();
      const ns = pod.metadata.namespace || 'default'; // the API server's default namespace
      const podKey = `${ns}/${pod.metadata.name ?? ''}`;
      const ref = controllerRef(pod);
      if (ref === undefined) return newUndefinedStatus();
      const group = parseGroup(ref.apiVersion);
      if (group === undefined) return newUndefinedStatus();
      const kind = ref.kind;

      if (kind === 'ReplicationController') {
        const replicas = lookup(kind, ns, ref.name);
        if (replicas === undefined) {
          return newBlockedStatus(BlockingPodReason.ControllerNotFound, `replication controller for ${podKey} is not available, err: not found`);
        }
        if (replicas < minReplicaCount) {
          return newBlockedStatus(
            BlockingPodReason.MinReplicasReached,
            `replication controller for ${podKey} has too few replicas spec: ${replicas} min: ${minReplicaCount}`,
          );
        }
      } else if (isDaemonSetPod(pod)) {
        if (group !== 'apps' || kind !== 'DaemonSet') return newUndefinedStatus();
        if (lookup(kind, ns, ref.name) === undefined) {
          return newBlockedStatus(BlockingPodReason.ControllerNotFound, `daemonset for ${podKey} is not present, err: not found`);
        }
      } else if (kind === 'Job') {
        if (lookup(kind, ns, ref.name) === undefined) {
          return newBlockedStatus(BlockingPodReason.ControllerNotFound, `job for ${podKey} is not available: err: not found`);
        }
      } else if (kind === 'ReplicaSet') {
        const replicas = lookup(kind, ns, ref.name);
        if (replicas === undefined) {
          return newBlockedStatus(BlockingPodReason.ControllerNotFound, `replication controller for ${podKey} is not available, err: not found`);
        }
        if (replicas < minReplicaCount) {
          return newBlockedStatus(
            BlockingPodReason.MinReplicasReached,
            `replication controller for ${podKey} has too few replicas spec: ${replicas} min: ${minReplicaCount}`,
          );
        }
      } else if (kind === 'StatefulSet') {
        if (group !== 'apps') return newUndefinedStatus();
        if (lookup(kind, ns, ref.name) === undefined) {
          return newBlockedStatus(BlockingPodReason.ControllerNotFound, `statefulset for ${podKey} is not available: err: not found`);
        }
      }
      return newUndefinedStatus();
    },
  };
}
