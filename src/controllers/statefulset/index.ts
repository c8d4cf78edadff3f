/**
 * StatefulSet decisions as pure functions: pod creation/deletion order (OrderedReady or Parallel),
 * scale-down from the highest ordinal, and RollingUpdate from the highest ordinal down to the
 * partition (one pod per sync, or up to maxUnavailable with the MaxUnavailableStatefulSet gate),
 * OnDelete. mirrors pkg/controller/statefulset/stateful_set_control.go updateStatefulSet and
 * pkg/controller/statefulset/stateful_set_utils.go.
 */
import type { Pod, StatefulSet } from '../../model/types.ts';
import { getScaledValueFromIntOrPercent } from '../common/intstr.ts';
import { isPodAvailable, isPodReady } from '../replicaset/index.ts';

/** Label carrying the ControllerRevision name of a StatefulSet pod. mirrors apps.StatefulSetRevisionLabel */
export const StatefulSetRevisionLabel = 'controller-revision-hash';

/** The ordinal of a pod named `<set>-<ordinal>`, or -1. mirrors stateful_set_utils.go getOrdinal */
export function getOrdinal(set: StatefulSet, pod: Pod): number {
  const name = pod.metadata.name ?? '';
  const prefix = `${set.metadata.name ?? ''}-`;
  if (!name.startsWith(prefix)) return -1;
  const rest = name.slice(prefix.length);
  return /^\d+$/.test(rest) ? Number(rest) : -1;
}

/** The pod name of an ordinal. mirrors stateful_set_utils.go getPodName */
export function getPodName(set: StatefulSet, ordinal: number): string {
  return `${set.metadata.name ?? ''}-${ordinal}`;
}

function isTerminating(p: Pod): boolean {
  return !!p.metadata.deletionTimestamp;
}
function isFailed(p: Pod): boolean {
  return p.status?.phase === 'Failed';
}
function isSucceeded(p: Pod): boolean {
  return p.status?.phase === 'Succeeded';
}
function isRunningAndReady(p: Pod): boolean {
  return p.status?.phase === 'Running' && isPodReady(p);
}
function isRunningAndAvailable(p: Pod, minReadySeconds: number, now: number): boolean {
  return p.status?.phase === 'Running' && isPodAvailable(p, minReadySeconds, now);
}
/** Running, available and not terminating. mirrors stateful_set_utils.go isHealthy (1.35: availability) */
function isHealthy(p: Pod, minReadySeconds: number, now: number): boolean {
  return isRunningAndAvailable(p, minReadySeconds, now) && !isTerminating(p);
}

/** The revision a pod was created from. mirrors stateful_set_utils.go getPodRevision */
export function getPodRevision(p: Pod): string {
  return p.metadata.labels?.[StatefulSetRevisionLabel] ?? '';
}

/**
 * maxUnavailable for RollingUpdate with the MaxUnavailableStatefulSet gate: rounded down against
 * replicas, at least 1 (default 1). mirrors stateful_set_utils.go getStatefulSetMaxUnavailable
 */
export function getStatefulSetMaxUnavailable(set: StatefulSet): number {
  const replicas = set.spec.replicas ?? 1;
  const v = set.spec.updateStrategy?.rollingUpdate?.maxUnavailable ?? 1;
  const scaled = getScaledValueFromIntOrPercent(v, replicas, false).value;
  return scaled < 1 ? 1 : scaled;
}

/** Input of one StatefulSet sync. */
export interface StatefulSetView {
  set: StatefulSet;
  /** Pods of the set (any phase, terminating included). */
  pods: readonly Pod[];
  /** Revision of status.currentRevision and of the current template (status.updateRevision). */
  currentRevision: string;
  updateRevision: string;
  /** status.currentReplicas (only used without a rollingUpdate block). */
  currentReplicas?: number;
  /** Seconds since the epoch. */
  now: number;
  /** MaxUnavailableStatefulSet gate (off by default in v1.35). */
  maxUnavailableGate?: boolean;
}

/** A pod to create: its ordinal, name and the revision to build it from. */
export interface StatefulSetPodToCreate {
  ordinal: number;
  name: string;
  revision: string;
}

/** What one StatefulSet sync does, in order. */
export interface StatefulSetDecision {
  create: StatefulSetPodToCreate[];
  delete: Pod[];
}

/**
 * The revision a (re)created pod at `ordinal` gets: the current one below the partition (or, with
 * no rollingUpdate block, below status.currentReplicas) under RollingUpdate, else the update one.
 * mirrors stateful_set_utils.go newVersionedStatefulSetPod
 */
export function revisionForOrdinal(view: StatefulSetView, ordinal: number): string {
  const s = view.set.spec.updateStrategy;
  if ((s?.type ?? 'RollingUpdate') === 'RollingUpdate') {
    if (!s?.rollingUpdate && ordinal < (view.currentReplicas ?? 0)) return view.currentRevision;
    if (s?.rollingUpdate && ordinal < (s.rollingUpdate.partition ?? 0)) return view.currentRevision;
  }
  return view.updateRevision;
}

/**
 * One StatefulSet sync: replicas in ordinal order (failed/succeeded pods deleted, missing ones
 * created; OrderedReady stops at the first creation or unhealthy pod), then condemned pods
 * (ordinal ≥ replicas) from the highest (OrderedReady: one at a time, only when all healthy), then
 * the update (OnDelete: none; RollingUpdate: from the highest ordinal down to the partition).
 * mirrors stateful_set_control.go updateStatefulSet
 */
export function syncStatefulSet(view: StatefulSetView): StatefulSetDecision {
  const { set, now } = view;
  const out: StatefulSetDecision = { create: [], delete: [] };
  const replicaCount = set.spec.replicas ?? 1;
  const minReady = set.spec.minReadySeconds ?? 0;
  const monotonic = (set.spec.podManagementPolicy ?? 'OrderedReady') !== 'Parallel';

  const replicas: (Pod | undefined)[] = new Array(replicaCount).fill(undefined);
  const condemned: Pod[] = [];
  for (const p of view.pods) {
    const ord = getOrdinal(set, p);
    if (ord < 0) continue;
    if (ord < replicaCount) replicas[ord] = p;
    else condemned.push(p);
  }
  condemned.sort((a, b) => getOrdinal(set, a) - getOrdinal(set, b));

  const unhealthy = (p: Pod) => !isHealthy(p, minReady, now);
  const firstUnhealthyPod = [...replicas, ...condemned].find((p) => p !== undefined && unhealthy(p));

  // Replicas in ordinal order.
  for (let i = 0; i < replicaCount; i++) {
    const p = replicas[i];
    if (p && (isFailed(p) || isSucceeded(p))) {
      // Deleted now, recreated by a later sync.
      if (!isTerminating(p)) out.delete.push(p);
      if (monotonic) return out;
      continue;
    }
    if (!p) {
      out.create.push({ ordinal: i, name: getPodName(set, i), revision: revisionForOrdinal(view, i) });
      if (monotonic) return out;
      continue;
    }
    if (isTerminating(p)) {
      if (monotonic) return out;
      continue;
    }
    if (!isRunningAndReady(p) && monotonic) return out;
    if (!isRunningAndAvailable(p, minReady, now) && monotonic) return out;
  }

  // Condemned pods, highest ordinal first.
  for (let t = condemned.length - 1; t >= 0; t--) {
    const p = condemned[t];
    if (isTerminating(p)) {
      if (monotonic) return out;
      continue;
    }
    if (!isRunningAndReady(p) && monotonic && p !== firstUnhealthyPod) return out;
    if (!isRunningAndAvailable(p, minReady, now) && monotonic && p !== firstUnhealthyPod) return out;
    out.delete.push(p);
    if (monotonic) return out;
  }

  const strategy = set.spec.updateStrategy;
  if (strategy?.type === 'OnDelete') return out;

  const updateMin = strategy?.rollingUpdate?.partition ?? 0;
  if (!view.maxUnavailableGate) {
    for (let target = replicaCount - 1; target >= updateMin; target--) {
      const p = replicas[target];
      if (!p) return out;
      if (getPodRevision(p) !== view.updateRevision && !isTerminating(p)) {
        out.delete.push(p);
        return out;
      }
      if (unhealthy(p)) return out;
    }
    return out;
  }

  // MaxUnavailableStatefulSet: unavailable pods across all replicas limit the deletions.
  const maxUnavailable = getStatefulSetMaxUnavailable(set);
  let unavailable = 0;
  for (const p of replicas) if (!p || unhealthy(p)) unavailable++;
  if (unavailable >= maxUnavailable) return out;
  let budget = maxUnavailable - unavailable;
  for (let target = replicaCount - 1; target >= updateMin && budget > 0; target--) {
    const p = replicas[target];
    if (!p) continue;
    if (getPodRevision(p) !== view.updateRevision && !isTerminating(p)) {
      out.delete.push(p);
      budget--;
    }
  }
  return out;
}

/** apps/v1 StatefulSetStatus (the fields the update logic reads). */
export type StatefulSetStatus = {
  observedGeneration?: number;
  replicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  currentReplicas?: number;
  updatedReplicas?: number;
  currentRevision?: string;
  updateRevision?: string;
};

/**
 * Status from the pods: created, ready, available, at current and at update revision (the last two
 * without terminating pods); with the sync's `decision`, each pod the update step deleted is taken
 * off currentReplicas (upstream's `status.CurrentReplicas--`, which keeps a pod recreated right
 * after from getting the current revision when there is no rollingUpdate block); the update
 * completes (currentRevision := updateRevision) when updated, ready and replicas all equal
 * spec.replicas. mirrors stateful_set_control.go computeReplicaStatus / updateStatefulSet /
 * completeRollingUpdate
 */
export function computeStatefulSetStatus(view: StatefulSetView, decision?: StatefulSetDecision): StatefulSetStatus {
  const { set, now } = view;
  const minReady = set.spec.minReadySeconds ?? 0;
  const status: StatefulSetStatus = {
    observedGeneration: set.metadata.generation ?? 0,
    replicas: 0,
    readyReplicas: 0,
    availableReplicas: 0,
    currentReplicas: 0,
    updatedReplicas: 0,
    currentRevision: view.currentRevision,
    updateRevision: view.updateRevision,
  };
  for (const p of view.pods) {
    if (getOrdinal(set, p) < 0) continue;
    status.replicas!++;
    if (isRunningAndReady(p)) {
      status.readyReplicas!++;
      if (isRunningAndAvailable(p, minReady, now)) status.availableReplicas!++;
    }
    if (isTerminating(p)) continue;
    if (getPodRevision(p) === view.currentRevision) status.currentReplicas!++;
    if (getPodRevision(p) === view.updateRevision) status.updatedReplicas!++;
  }
  const replicas = set.spec.replicas ?? 1;
  if (decision) {
    // the update step's deletions: in-range pods that are neither failed nor succeeded
    for (const p of decision.delete) {
      const ord = getOrdinal(set, p);
      if (ord >= 0 && ord < replicas && !isFailed(p) && !isSucceeded(p)) status.currentReplicas!--;
    }
  }
  if (
    (set.spec.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate' &&
    status.updatedReplicas === replicas &&
    status.readyReplicas === replicas &&
    status.replicas === replicas
  ) {
    status.currentRevision = status.updateRevision;
    status.currentReplicas = status.updatedReplicas;
  }
  return status;
}
