/**
 * RollingUpdate: grow the new ReplicaSet within maxSurge, shrink old ones within maxUnavailable.
 * One sync scales either the new RS or the old ones (except right after the new RS is created).
 * mirrors pkg/controller/deployment/rolling.go
 */
import type { Deployment, ReplicaSet } from '../../model/types.ts';
import type { DeploymentSyncContext } from './context.ts';
import { syncRolloutStatus } from './progress.ts';
import { cleanupDeployment, getAllReplicaSetsAndSyncRevision, scaleReplicaSetAndRecordEvent } from './sync.ts';
import { deploymentStatus, rsStatus, specReplicas } from './types.ts';
import {
  byCreationTimestamp,
  deploymentComplete,
  filterActiveReplicaSets,
  getAvailableReplicaCountForReplicaSets,
  getReplicaCountForReplicaSets,
  maxUnavailable,
  newRSNewReplicas,
} from './util.ts';

/** One RollingUpdate sync. mirrors rolling.go rolloutRolling */
export function rolloutRolling(ctx: DeploymentSyncContext, d: Deployment, rsList: readonly ReplicaSet[]): void {
  const { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(ctx, d, rsList, true);
  if (!newRS) throw new Error('rolloutRolling: no new ReplicaSet after creation');
  const allRSs = [...oldRSs, newRS];

  if (reconcileNewReplicaSet(ctx, allRSs, newRS, d)) {
    syncRolloutStatus(ctx, allRSs, newRS, d);
    return;
  }
  if (reconcileOldReplicaSets(ctx, allRSs, filterActiveReplicaSets(oldRSs), newRS, d)) {
    syncRolloutStatus(ctx, allRSs, newRS, d);
    return;
  }
  // "Complete" is judged on the status the previous sync wrote.
  if (deploymentComplete(d, deploymentStatus(d))) cleanupDeployment(ctx, oldRSs, d);
  syncRolloutStatus(ctx, allRSs, newRS, d);
}

/**
 * Scales the new ReplicaSet down to replicas if above, else up to NewRSNewReplicas; true if its
 * size changed. mirrors rolling.go reconcileNewReplicaSet
 */
export function reconcileNewReplicaSet(
  ctx: DeploymentSyncContext,
  allRSs: readonly ReplicaSet[],
  newRS: ReplicaSet,
  d: Deployment,
): boolean {
  const replicas = specReplicas(d);
  if (specReplicas(newRS) === replicas) return false;
  if (specReplicas(newRS) > replicas) return scaleReplicaSetAndRecordEvent(ctx, newRS, replicas, d).scaled;
  const newReplicasCount = newRSNewReplicas(d, allRSs, newRS);
  return scaleReplicaSetAndRecordEvent(ctx, newRS, newReplicasCount, d).scaled;
}

/**
 * Scales old ReplicaSets down: first their unhealthy replicas (bounded by
 * allPods - minAvailable - newRSUnavailable), then healthy ones while available pods stay above
 * minAvailable. True if anything was scaled down. mirrors rolling.go reconcileOldReplicaSets
 */
export function reconcileOldReplicaSets(
  ctx: DeploymentSyncContext,
  allRSs: readonly ReplicaSet[],
  oldRSs: readonly ReplicaSet[],
  newRS: ReplicaSet,
  d: Deployment,
): boolean {
  const oldPodsCount = getReplicaCountForReplicaSets(oldRSs);
  if (oldPodsCount === 0) return false;
  const allPodsCount = getReplicaCountForReplicaSets(allRSs);
  const minAvailable = specReplicas(d) - maxUnavailable(d);
  const newRSUnavailablePodCount = specReplicas(newRS) - (rsStatus(newRS).availableReplicas ?? 0);
  const maxScaledDown = allPodsCount - minAvailable - newRSUnavailablePodCount;
  if (maxScaledDown <= 0) return false;

  const cleaned = cleanupUnhealthyReplicas(ctx, oldRSs, d, maxScaledDown);
  const scaledDownCount = scaleDownOldReplicaSetsForRollingUpdate(ctx, [...cleaned.oldRSs, newRS], cleaned.oldRSs, d);
  return cleaned.cleanupCount + scaledDownCount > 0;
}

/**
 * Removes up to `maxCleanupCount` unavailable replicas from old ReplicaSets, oldest first; the
 * resized ReplicaSets (spec reduced, status as observed) replace the originals in the result.
 * mirrors rolling.go cleanupUnhealthyReplicas
 */
export function cleanupUnhealthyReplicas(
  ctx: DeploymentSyncContext,
  oldRSs: readonly ReplicaSet[],
  d: Deployment,
  maxCleanupCount: number,
): { oldRSs: ReplicaSet[]; cleanupCount: number } {
  const sorted = [...oldRSs].sort(byCreationTimestamp);
  let totalScaledDown = 0;
  for (let i = 0; i < sorted.length; i++) {
    if (totalScaledDown >= maxCleanupCount) break;
    const target = sorted[i];
    const replicas = specReplicas(target);
    const available = rsStatus(target).availableReplicas ?? 0;
    if (replicas === 0 || replicas === available) continue;
    const scaledDownCount = Math.min(maxCleanupCount - totalScaledDown, replicas - available);
    const newReplicasCount = replicas - scaledDownCount;
    if (newReplicasCount > replicas) {
      throw new Error(`when cleaning up unhealthy replicas, got invalid request to scale down ${target.metadata.name} ${replicas} -> ${newReplicasCount}`);
    }
    sorted[i] = scaleReplicaSetAndRecordEvent(ctx, target, newReplicasCount, d).rs;
    totalScaledDown += scaledDownCount;
  }
  return { oldRSs: sorted, cleanupCount: totalScaledDown };
}

/**
 * Scales old ReplicaSets down, oldest first, by the available pods above minAvailable (status
 * counts of `allRSs`); returns how many replicas were removed.
 * mirrors rolling.go scaleDownOldReplicaSetsForRollingUpdate
 */
export function scaleDownOldReplicaSetsForRollingUpdate(
  ctx: DeploymentSyncContext,
  allRSs: readonly ReplicaSet[],
  oldRSs: readonly ReplicaSet[],
  d: Deployment,
): number {
  const minAvailable = specReplicas(d) - maxUnavailable(d);
  const availablePodCount = getAvailableReplicaCountForReplicaSets(allRSs);
  if (availablePodCount <= minAvailable) return 0;
  const sorted = [...oldRSs].sort(byCreationTimestamp);
  let totalScaledDown = 0;
  const totalScaleDownCount = availablePodCount - minAvailable;
  for (const target of sorted) {
    if (totalScaledDown >= totalScaleDownCount) break;
    const replicas = specReplicas(target);
    if (replicas === 0) continue;
    const scaleDownCount = Math.min(replicas, totalScaleDownCount - totalScaledDown);
    scaleReplicaSetAndRecordEvent(ctx, target, replicas - scaleDownCount, d);
    totalScaledDown += scaleDownCount;
  }
  return totalScaledDown;
}
