/**
 * Recreate: scale every old ReplicaSet to 0, wait until no old pod runs, then create/scale the new
 * ReplicaSet to full size. mirrors pkg/controller/deployment/recreate.go
 */
import type { Deployment, Pod, ReplicaSet } from '../../model/types.ts';
import type { DeploymentSyncContext } from './context.ts';
import { syncRolloutStatus } from './progress.ts';
import { cleanupDeployment, getAllReplicaSetsAndSyncRevision, scaleReplicaSetAndRecordEvent } from './sync.ts';
import { deploymentStatus, specReplicas } from './types.ts';
import { deploymentComplete, filterActiveReplicaSets, getActualReplicaCountForReplicaSets } from './util.ts';

/** Pods grouped by the ReplicaSet (key: uid, or name when the RS has no uid) that controls them. */
export type PodMap = Map<string, Pod[]>;

function rsKey(rs: ReplicaSet): string {
  return rs.metadata.uid ?? `name:${rs.metadata.name ?? ''}`;
}

/**
 * Pods by controlling ReplicaSet, one (possibly empty) entry per ReplicaSet; pods of other owners
 * are dropped. mirrors deployment_controller.go getPodMapForDeployment
 */
export function getPodMapForDeployment(rsList: readonly ReplicaSet[], pods: readonly Pod[]): PodMap {
  const podMap: PodMap = new Map();
  const byName = new Map<string, string>();
  for (const rs of rsList) {
    podMap.set(rsKey(rs), []);
    byName.set(rs.metadata.name ?? '', rsKey(rs));
  }
  for (const pod of pods) {
    const ref = pod.metadata.ownerReferences?.find((r) => r.controller === true);
    if (!ref || ref.kind !== 'ReplicaSet') continue;
    const key = ref.uid && podMap.has(ref.uid) ? ref.uid : byName.get(ref.name);
    if (key !== undefined) podMap.get(key)?.push(pod);
  }
  return podMap;
}

/** One Recreate sync. mirrors recreate.go rolloutRecreate */
export function rolloutRecreate(ctx: DeploymentSyncContext, d: Deployment, rsList: readonly ReplicaSet[], podMap: PodMap): void {
  let { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(ctx, d, rsList, false);
  let allRSs: (ReplicaSet | undefined)[] = [...oldRSs, newRS];
  const activeOldRSs = filterActiveReplicaSets(oldRSs);

  if (scaleDownOldReplicaSetsForRecreate(ctx, activeOldRSs, d)) {
    syncRolloutStatus(ctx, allRSs, newRS, d);
    return;
  }
  if (oldPodsRunning(newRS, oldRSs, podMap)) {
    syncRolloutStatus(ctx, allRSs, newRS, d);
    return;
  }
  if (!newRS) {
    ({ newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(ctx, d, rsList, true));
    allRSs = [...oldRSs, newRS];
  }
  if (newRS) scaleUpNewReplicaSetForRecreate(ctx, newRS, d);
  if (deploymentComplete(d, deploymentStatus(d))) cleanupDeployment(ctx, oldRSs, d);
  syncRolloutStatus(ctx, allRSs, newRS, d);
}

/**
 * Scales every given old ReplicaSet to 0 (mutating the array with the stored copies); true if any
 * was scaled. mirrors recreate.go scaleDownOldReplicaSetsForRecreate
 */
export function scaleDownOldReplicaSetsForRecreate(ctx: DeploymentSyncContext, oldRSs: ReplicaSet[], d: Deployment): boolean {
  let scaled = false;
  for (let i = 0; i < oldRSs.length; i++) {
    if (specReplicas(oldRSs[i]) === 0) continue;
    const r = scaleReplicaSetAndRecordEvent(ctx, oldRSs[i], 0, d);
    if (r.scaled) {
      oldRSs[i] = r.rs;
      scaled = true;
    }
  }
  return scaled;
}

/**
 * True while an old ReplicaSet reports pods or a non-terminal pod of any ReplicaSet other than
 * the new one exists (terminating pods count). mirrors recreate.go oldPodsRunning
 */
export function oldPodsRunning(newRS: ReplicaSet | undefined, oldRSs: readonly ReplicaSet[], podMap: PodMap): boolean {
  if (getActualReplicaCountForReplicaSets(oldRSs) > 0) return true;
  const newKey = newRS ? rsKey(newRS) : undefined;
  for (const [key, pods] of podMap) {
    if (key === newKey) continue;
    for (const pod of pods) {
      const phase = pod.status?.phase;
      if (phase === 'Failed' || phase === 'Succeeded') continue;
      return true;
    }
  }
  return false;
}

/** Scales the new ReplicaSet to replicas. mirrors recreate.go scaleUpNewReplicaSetForRecreate */
export function scaleUpNewReplicaSetForRecreate(ctx: DeploymentSyncContext, newRS: ReplicaSet, d: Deployment): boolean {
  return scaleReplicaSetAndRecordEvent(ctx, newRS, specReplicas(d), d).scaled;
}
