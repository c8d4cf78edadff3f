/**
 * The ReplicaSet controller's decisions as pure functions: how many pods to create, which pods
 * to delete (upstream's ActivePodsWithRanks order) and the status to write.
 * mirrors pkg/controller/replicaset/replica_set.go and the pod helpers of
 * pkg/controller/controller_utils.go / pkg/api/v1/pod/util.go.
 * Times are seconds since the epoch; pods carry RFC 3339 timestamps.
 */
import type { Pod, ReplicaSet } from '../../model/types.ts';
import { mapSelectorMatches } from '../../model/labels.ts';
import { parseTime } from '../common/time.ts';
import type { ReplicaSetStatus } from '../deployment/types.ts';

/** Creations or deletions per sync at most. mirrors replica_set.go BurstReplicas */
export const BurstReplicas = 500;

/** Annotation ranking pods for deletion (lower goes first). mirrors core PodDeletionCost */
export const PodDeletionCostAnnotation = 'controller.kubernetes.io/pod-deletion-cost';

/** True when the pod's Ready condition is True. mirrors pkg/api/v1/pod IsPodReady */
export function isPodReady(pod: Pod): boolean {
  return pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

/** When the pod last became ready (seconds), or -Infinity (zero time) when not ready or unknown. mirrors controller_utils.go podReadyTime */
export function podReadyTime(pod: Pod): number {
  if (!isPodReady(pod)) return Number.NEGATIVE_INFINITY;
  const c = pod.status?.conditions?.find((x) => x.type === 'Ready' && x.status === 'True');
  return parseTime(c?.lastTransitionTime);
}

/**
 * Ready, and ready for more than minReadySeconds (strictly) at `now`.
 * mirrors pkg/api/v1/pod/util.go IsPodAvailable
 */
export function isPodAvailable(pod: Pod, minReadySeconds: number, now: number): boolean {
  if (!isPodReady(pod)) return false;
  if (minReadySeconds === 0) return true;
  const t = podReadyTime(pod);
  return t !== Number.NEGATIVE_INFINITY && t + minReadySeconds < now;
}

/** Not terminal and not being deleted. mirrors controller_utils.go IsPodActive */
export function isPodActive(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed' && !pod.metadata.deletionTimestamp;
}

/** Being deleted but not yet terminal. mirrors controller_utils.go IsPodTerminating */
export function isPodTerminating(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed' && !!pod.metadata.deletionTimestamp;
}

const phaseOrdinal: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

function ordinal(pod: Pod): number {
  return phaseOrdinal[pod.status?.phase ?? ''] ?? 0;
}

function maxContainerRestarts(pod: Pod): number {
  const statuses = (pod.status?.containerStatuses ?? []) as { restartCount?: number }[];
  let max = 0;
  for (const s of statuses) max = Math.max(max, s.restartCount ?? 0);
  return max;
}

/** Pod deletion cost (int32 annotation; invalid or absent is 0). mirrors pkg/apis/core/helper GetDeletionCostFromPodAnnotations */
export function podDeletionCost(pod: Pod): number {
  const v = pod.metadata.annotations?.[PodDeletionCostAnnotation];
  if (v === undefined || !/^[+-]?\d+$/.test(v)) return 0;
  const n = Number(v);
  return n >= -2147483648 && n <= 2147483647 ? n : 0;
}

/** t1 after t2, a zero time counting as earliest-first ("empty time < later"). mirrors controller_utils.go afterOrZero */
function afterOrZero(t1: number, t2: number): boolean {
  const z1 = t1 === Number.NEGATIVE_INFINITY;
  const z2 = t2 === Number.NEGATIVE_INFINITY;
  if (z1 || z2) return z1;
  return t1 > t2;
}

/** floor(log2) of the age in nanoseconds at `now` (-1 for non-positive ages). */
function logRank(t: number, now: number): number {
  const d = (now - t) * 1e9;
  return d > 0 ? Math.floor(Math.log2(d)) : -1;
}

function uidOf(pod: Pod): string {
  return pod.metadata.uid ?? '';
}

/**
 * True when `a` should be deleted before `b` (ActivePods, without ranks): unassigned, earlier
 * phase, not ready, ready for a shorter time, more restarts, newer.
 * mirrors controller_utils.go ActivePods.Less
 */
export function activePodsLess(a: Pod, b: Pod): boolean {
  const na = a.spec.nodeName ?? '';
  const nb = b.spec.nodeName ?? '';
  if (na !== nb && (na === '' || nb === '')) return na === '';
  if (ordinal(a) !== ordinal(b)) return ordinal(a) < ordinal(b);
  if (isPodReady(a) !== isPodReady(b)) return !isPodReady(a);
  if (isPodReady(a) && isPodReady(b)) {
    const ra = podReadyTime(a);
    const rb = podReadyTime(b);
    if (ra !== rb) return afterOrZero(ra, rb);
  }
  if (maxContainerRestarts(a) !== maxContainerRestarts(b)) return maxContainerRestarts(a) > maxContainerRestarts(b);
  const ca = parseTime(a.metadata.creationTimestamp);
  const cb = parseTime(b.metadata.creationTimestamp);
  if (ca !== cb) return afterOrZero(ca, cb);
  return false;
}

/**
 * True when `a` (rank `rankA`) should be deleted before `b`: unassigned < assigned; Pending <
 * Unknown < Running; not ready < ready; lower pod-deletion-cost; more co-located related pods;
 * ready more recently; more restarts; newer. Times compare in log2 buckets of their age at `now`
 * (LogarithmicScaleDown, on by default), ties in a bucket by uid.
 * mirrors controller_utils.go ActivePodsWithRanks.Less
 */
export function activePodsWithRanksLess(a: Pod, rankA: number, b: Pod, rankB: number, now: number | undefined): boolean {
  const na = a.spec.nodeName ?? '';
  const nb = b.spec.nodeName ?? '';
  if (na !== nb && (na === '' || nb === '')) return na === '';
  if (ordinal(a) !== ordinal(b)) return ordinal(a) < ordinal(b);
  if (isPodReady(a) !== isPodReady(b)) return !isPodReady(a);
  const ca = podDeletionCost(a);
  const cb = podDeletionCost(b);
  if (ca !== cb) return ca < cb;
  if (rankA !== rankB) return rankA > rankB;
  if (isPodReady(a) && isPodReady(b)) {
    const ra = podReadyTime(a);
    const rb = podReadyTime(b);
    if (ra !== rb) {
      if (now === undefined || ra === Number.NEGATIVE_INFINITY || rb === Number.NEGATIVE_INFINITY) return afterOrZero(ra, rb);
      const diff = logRank(ra, now) - logRank(rb, now);
      if (diff === 0) return uidOf(a) < uidOf(b);
      return diff < 0;
    }
  }
  if (maxContainerRestarts(a) !== maxContainerRestarts(b)) return maxContainerRestarts(a) > maxContainerRestarts(b);
  const ta = parseTime(a.metadata.creationTimestamp);
  const tb = parseTime(b.metadata.creationTimestamp);
  if (ta !== tb) {
    if (now === undefined || ta === Number.NEGATIVE_INFINITY || tb === Number.NEGATIVE_INFINITY) return afterOrZero(ta, tb);
    const diff = logRank(ta, now) - logRank(tb, now);
    if (diff === 0) return uidOf(a) < uidOf(b);
    return diff < 0;
  }
  return false;
}

/**
 * Each pod's rank: the number of active related pods on its node.
 * mirrors replica_set.go getPodsRankedByRelatedPodsOnSameNode
 */
export function rankByRelatedPodsOnSameNode(podsToRank: readonly Pod[], relatedPods: readonly Pod[]): number[] {
  const onNode = new Map<string, number>();
  for (const p of relatedPods) {
    if (!isPodActive(p)) continue;
    const n = p.spec.nodeName ?? '';
    onNode.set(n, (onNode.get(n) ?? 0) + 1);
  }
  return podsToRank.map((p) => onNode.get(p.spec.nodeName ?? '') ?? 0);
}

/**
 * The `diff` pods to delete, preferring pods early in their startup (ActivePodsWithRanks order,
 * ranks from `relatedPods`, the pods of all ReplicaSets with the same owner). No sorting when
 * all go. Ties keep input order (Go's sort is not stable; any order is upstream-legal).
 * mirrors replica_set.go getPodsToDelete
 */
export function getPodsToDelete(filteredPods: readonly Pod[], relatedPods: readonly Pod[], diff: number, now: number): Pod[] {
  if (diff >= filteredPods.length) return filteredPods.slice(0, diff);
  const ranks = rankByRelatedPodsOnSameNode(filteredPods, relatedPods);
  const idx = filteredPods.map((_, i) => i);
  idx.sort((i, j) => {
    if (activePodsWithRanksLess(filteredPods[i], ranks[i], filteredPods[j], ranks[j], now)) return -1;
    if (activePodsWithRanksLess(filteredPods[j], ranks[j], filteredPods[i], ranks[i], now)) return 1;
    return 0;
  });
  return idx.slice(0, diff).map((i) => filteredPods[i]);
}

/** What one ReplicaSet sync does to its pods. */
export interface ManageReplicasDecision {
  /** Pods to create from the template (at most BurstReplicas). */
  create: number;
  /** Pods to delete, in deletion order (at most BurstReplicas). */
  delete: Pod[];
}

/**
 * Creates or deletes pods so the active pods match spec.replicas, at most `burst` per sync.
 * `filteredPods` are the RS's active pods; `relatedPods` the active pods of every ReplicaSet
 * with the same controller (defaults to `filteredPods`). mirrors replica_set.go manageReplicas
 */
export function manageReplicas(
  rs: ReplicaSet,
  filteredPods: readonly Pod[],
  now: number,
  relatedPods: readonly Pod[] = filteredPods,
  burst: number = BurstReplicas,
): ManageReplicasDecision {
  const diff = filteredPods.length - (rs.spec.replicas ?? 1);
  if (diff < 0) return { create: Math.min(-diff, burst), delete: [] };
  if (diff > 0) return { create: 0, delete: getPodsToDelete(filteredPods, relatedPods, Math.min(diff, burst), now) };
  return { create: 0, delete: [] };
}

/**
 * The status of a ReplicaSet from its pods: replicas (active), fullyLabeledReplicas (active pods
 * carrying every template label), ready, available (minReadySeconds at `now`), terminating
 * (DeploymentReplicaSetTerminatingReplicas, on in v1.35) and observedGeneration. Conditions are
 * kept from the current status. mirrors pkg/controller/replicaset/replica_set_utils.go calculateStatus
 */
export function calculateReplicaSetStatus(rs: ReplicaSet, pods: readonly Pod[], now: number): ReplicaSetStatus {
  const minReady = rs.spec.minReadySeconds ?? 0;
  const templateLabels = rs.spec.template.metadata?.labels ?? {};
  let replicas = 0;
  let fullyLabeled = 0;
  let ready = 0;
  let available = 0;
  let terminating = 0;
  for (const p of pods) {
    if (isPodTerminating(p)) {
      terminating++;
      continue;
    }
    if (!isPodActive(p)) continue;
    replicas++;
    if (mapSelectorMatches(templateLabels, p.metadata.labels)) fullyLabeled++;
    if (isPodReady(p)) {
      ready++;
      if (isPodAvailable(p, minReady, now)) available++;
    }
  }
  const current = (rs.status ?? {}) as ReplicaSetStatus;
  const status: ReplicaSetStatus = {
    replicas,
    fullyLabeledReplicas: fullyLabeled,
    readyReplicas: ready,
    availableReplicas: available,
    terminatingReplicas: terminating,
    observedGeneration: rs.metadata.generation ?? 0,
  };
  if (current.conditions && current.conditions.length > 0) status.conditions = current.conditions;
  return status;
}

/**
 * Seconds after which the controller re-syncs the ReplicaSet to count pods that become available
 * once minReadySeconds pass: minReadySeconds when all replicas are ready but not all available,
 * else undefined. mirrors replica_set.go syncReplicaSet (queue.AddAfter(key, minReadySeconds))
 */
export function minReadyRequeue(rs: ReplicaSet, status: ReplicaSetStatus): number | undefined {
  const minReady = rs.spec.minReadySeconds ?? 0;
  const replicas = rs.spec.replicas ?? 1;
  if (minReady > 0 && (status.readyReplicas ?? 0) === replicas && (status.availableReplicas ?? 0) !== replicas) return minReady;
  return undefined;
}
