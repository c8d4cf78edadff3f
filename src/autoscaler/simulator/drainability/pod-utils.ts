/**
 * Pod predicates shared by drainability, drain and utilization, in cluster-autoscaler's words.
 * mirrors cluster-autoscaler/utils/drain/drain.go and cluster-autoscaler/utils/pod/pod.go
 */
import { controllerRefOf } from '../../../controllers/common/owner.ts';
import { parseTime } from '../../../controllers/common/time.ts';
import type { OwnerReference, Pod } from '../../../model/types.ts';

/** Extra time after a terminating pod's grace period before it counts as deleted (30 s). */
export const podLongTerminatingExtraThreshold = 30;

/** The grace period the API server gives a pod that sets none (v1.DefaultTerminationGracePeriodSeconds). */
export const defaultTerminationGracePeriodSeconds = 30;

/** Annotation: "true" ignores the constraints against evicting a pod, "false" blocks its eviction. */
export const PodSafeToEvictKey = 'cluster-autoscaler.kubernetes.io/safe-to-evict';

/** Annotation: comma-separated local volumes that do not block the pod's node scale down. */
export const SafeToEvictLocalVolumesKey = 'cluster-autoscaler.kubernetes.io/safe-to-evict-local-volumes';

/** Annotation marking a pod as a DaemonSet pod whatever owns it. */
export const DaemonSetPodAnnotationKey = 'cluster-autoscaler.kubernetes.io/daemonset-pod';

/** Annotation the kubelet sets on mirror pods of static pods (kubelet types.ConfigMirrorAnnotationKey). */
export const ConfigMirrorAnnotationKey = 'kubernetes.io/config.mirror';

/** The pod's controller owner reference. mirrors cluster-autoscaler/utils/drain/drain.go ControllerRef */
export function controllerRef(pod: Pod): OwnerReference | undefined {
  return controllerRefOf(pod);
}

/**
 * True when the pod is a DaemonSet pod (controller kind DaemonSet, or the daemonset-pod annotation).
 * mirrors cluster-autoscaler/utils/pod/pod.go IsDaemonSetPod
 */
export function isDaemonSetPod(pod: Pod): boolean {
  if (controllerRef(pod)?.kind === 'DaemonSet') return true;
  return pod.metadata.annotations?.[DaemonSetPodAnnotationKey] === 'true';
}

/**
 * True when the pod is a mirror pod (carries the config.mirror annotation).
 * mirrors cluster-autoscaler/utils/pod/pod.go IsMirrorPod
 */
export function isMirrorPod(pod: Pod): boolean {
  const a = pod.metadata.annotations;
  return a !== undefined && ConfigMirrorAnnotationKey in a;
}

/**
 * True when the pod is in a terminal state (will never run again).
 * mirrors cluster-autoscaler/utils/drain/drain.go IsPodTerminal
 */
export function isPodTerminal(pod: Pod): boolean {
  const phase = pod.status?.phase;
  const restartPolicy = pod.spec.restartPolicy;
  // pod will never be restarted
  if (restartPolicy === 'Never' && (phase === 'Succeeded' || phase === 'Failed')) return true;
  // pod has run to completion and succeeded
  if (restartPolicy === 'OnFailure' && phase === 'Succeeded') return true;
  // kubelet has rejected this pod, due to eviction or some other constraint
  return phase === 'Failed';
}

/** A pod volume, only the fields that tell whether it is local. */
interface LocalVolumeFields {
  name?: string;
  hostPath?: unknown;
  emptyDir?: { medium?: string } | null;
}

function podVolumes(pod: Pod): LocalVolumeFields[] {
  const v = pod.spec.volumes;
  return Array.isArray(v) ? (v as LocalVolumeFields[]) : [];
}

function isLocalVolume(v: LocalVolumeFields): boolean {
  return (v.hostPath !== undefined && v.hostPath !== null) || (v.emptyDir !== undefined && v.emptyDir !== null && v.emptyDir.medium !== 'Memory');
}

/**
 * True when the pod has a local volume (hostPath, or emptyDir not in memory) that its
 * safe-to-evict-local-volumes annotation does not list.
 * mirrors cluster-autoscaler/utils/drain/drain.go HasBlockingLocalStorage
 */
export function hasBlockingLocalStorage(pod: Pod): boolean {
  const nonBlocking = new Set<string>();
  const annotation = pod.metadata.annotations?.[SafeToEvictLocalVolumesKey] ?? '';
  if (annotation !== '') for (const name of annotation.split(',')) nonBlocking.add(name);
  for (const v of podVolumes(pod)) {
    if (isLocalVolume(v) && !nonBlocking.has(v.name ?? '')) return true;
  }
  return false;
}

/**
 * True when the pod's safe-to-evict annotation is "true".
 * mirrors cluster-autoscaler/utils/drain/drain.go HasSafeToEvictAnnotation
 */
export function hasSafeToEvictAnnotation(pod: Pod): boolean {
  return pod.metadata.annotations?.[PodSafeToEvictKey] === 'true';
}

/**
 * True when the pod's safe-to-evict annotation is "false".
 * mirrors cluster-autoscaler/utils/drain/drain.go HasNotSafeToEvictAnnotation
 */
export function hasNotSafeToEvictAnnotation(pod: Pod): boolean {
  return pod.metadata.annotations?.[PodSafeToEvictKey] === 'false';
}

/**
 * True when the pod has been terminating longer than its grace period plus
 * {@link podLongTerminatingExtraThreshold}; `now` in seconds since the epoch.
 * mirrors cluster-autoscaler/utils/drain/drain.go IsPodLongTerminating
 */
export function isPodLongTerminating(pod: Pod, now: number): boolean {
  const ts = pod.metadata.deletionTimestamp;
  // pod has not even been deleted
  if (ts === undefined || ts === null) return false;
  const gracePeriod = pod.spec.terminationGracePeriodSeconds ?? defaultTerminationGracePeriodSeconds;
  return parseTime(ts) + gracePeriod + podLongTerminatingExtraThreshold < now;
}
