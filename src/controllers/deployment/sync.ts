/**
 * The Deployment controller's bookkeeping: finding or creating the new ReplicaSet and syncing
 * revisions, proportional scaling on scaling events and while paused, revision-history cleanup,
 * and the plain status. mirrors pkg/controller/deployment/sync.go
 */
import type { Deployment, ReplicaSet } from '../../model/types.ts';
import { copyForWrite, deepCopy, isControlledBy, newControllerRef } from '../common/owner.ts';
import { DEFAULT_DEPLOYMENT_UNIQUE_LABEL_KEY, computeHash, equalIgnoreHash, semanticEqual } from '../common/template.ts';
import {
  recordEvent,
  updateDeploymentStatus,
  updateReplicaSet,
  type DeploymentSyncContext,
} from './context.ts';
import { getRollbackTo } from './rollback.ts';
import {
  DeploymentAvailable,
  DeploymentProgressing,
  FoundNewRSReason,
  MinimumReplicasAvailable,
  MinimumReplicasUnavailable,
  NewReplicaSetReason,
  PausedDeployReason,
  ResumedDeployReason,
  RevisionAnnotation,
  TimedOutReason,
  deploymentStatus,
  rsStatus,
  specReplicas,
  type DeploymentStatus,
} from './types.ts';
import {
  byRevision,
  bySizeNewer,
  bySizeOlder,
  filterActiveReplicaSets,
  findActiveOrLatest,
  findNewReplicaSet,
  findOldReplicaSets,
  getActualReplicaCountForReplicaSets,
  getAvailableReplicaCountForReplicaSets,
  getDeploymentCondition,
  getDesiredReplicasAnnotation,
  getReadyReplicaCountForReplicaSets,
  getReplicaCountForReplicaSets,
  getReplicaSetProportion,
  hasProgressDeadline,
  hasRevisionHistoryLimit,
  isRollingUpdate,
  isSaturated,
  maxRevision,
  maxSurge,
  maxUnavailable,
  newDeploymentCondition,
  newRSNewReplicas,
  replicasAnnotationsNeedUpdate,
  setDeploymentCondition,
  setDeploymentRevision,
  setNewReplicaSetAnnotations,
  setReplicasAnnotations,
} from './util.ts';

/** A sync that stops early with an error (upstream returns it and the deployment is re-queued). */
export class SyncError extends Error {}

/** Revision history is kept to about 100 entries. mirrors sync.go maxRevHistoryLengthInChars */
export const maxRevHistoryLengthInChars = 2000;

/** Longest Deployment name part of a ReplicaSet name with a 10-character hash (253 - 1 - 10). */
const DNS1123SubdomainMaxLength = 253;

/**
 * `<deployment>-<hash>`, truncating the deployment name so the result stays a valid object name.
 * mirrors sync.go generateReplicaSetName
 */
export function generateReplicaSetName(deploymentName: string, hash: string): string {
  const maxLen = DNS1123SubdomainMaxLength - 1 - hash.length;
  if (deploymentName.length > maxLen && maxLen > 0) return `${deploymentName.slice(0, maxLen)}-${hash}`;
  return `${deploymentName}-${hash}`;
}

/** The new ReplicaSet (if any) and all old ones, new RS annotations and revision synced. */
export interface AllReplicaSets {
  newRS: ReplicaSet | undefined;
  oldRSs: ReplicaSet[];
}

/**
 * Finds (or, with `createIfNotExisted`, creates) the new ReplicaSet and syncs revisions.
 * mirrors sync.go getAllReplicaSetsAndSyncRevision
 */
export function getAllReplicaSetsAndSyncRevision(
  ctx: DeploymentSyncContext,
  d: Deployment,
  rsList: readonly ReplicaSet[],
  createIfNotExisted: boolean,
): AllReplicaSets {
  const { all } = findOldReplicaSets(d, rsList);
  const newRS = getNewReplicaSet(ctx, d, rsList, all, createIfNotExisted);
  return { newRS, oldRSs: all };
}

/**
 * The new ReplicaSet with its annotations synced (revision max(old)+1, deployment annotations,
 * minReadySeconds); created at NewRSNewReplicas size when missing and `createIfNotExisted`.
 * Mutates `d` (revision annotation, Progressing condition) as upstream does.
 * mirrors sync.go getNewReplicaSet
 */
export function getNewReplicaSet(
  ctx: DeploymentSyncContext,
  d: Deployment,
  rsList: readonly ReplicaSet[],
  oldRSs: readonly ReplicaSet[],
  createIfNotExisted: boolean,
): ReplicaSet | undefined {
  const existing = findNewReplicaSet(d, rsList);
  const newRevision = String(maxRevision(oldRSs) + 1);
  const status = deploymentStatus(d);

  if (existing) {
    const rsCopy = copyForWrite(existing);
    const annotationsUpdated = setNewReplicaSetAnnotations(d, rsCopy, newRevision, true, maxRevHistoryLengthInChars);
    const minReadySecondsNeedsUpdate = (rsCopy.spec.minReadySeconds ?? 0) !== (d.spec.minReadySeconds ?? 0);
    if (annotationsUpdated || minReadySecondsNeedsUpdate) {
      rsCopy.spec.minReadySeconds = d.spec.minReadySeconds ?? 0;
      // The updated RS goes back to the rollout; the deployment-side bookkeeping waits a sync.
      return updateReplicaSet(ctx, rsCopy, specReplicas(rsCopy), specReplicas(rsCopy));
    }
    let needsUpdate = setDeploymentRevision(d, rsCopy.metadata.annotations?.[RevisionAnnotation] ?? '');
    if (hasProgressDeadline(d) && !getDeploymentCondition(status, DeploymentProgressing)) {
      const msg = `Found new replica set "${rsCopy.metadata.name}"`;
      setDeploymentCondition(status, newDeploymentCondition(DeploymentProgressing, 'True', FoundNewRSReason, msg, ctx.nowTime));
      d.status = status;
      needsUpdate = true;
    }
    if (needsUpdate) updateDeploymentStatus(ctx, d);
    return rsCopy;
  }

  if (!createIfNotExisted) return undefined;

  // the new RS's template shares the deployment's pod spec (never written to): pods, caches and
  // the equalIgnoreHash of later syncs all see one object
  const template = { ...d.spec.template };
  const hash = computeHash(template, status.collisionCount);
  const labels = { ...(d.spec.template.metadata?.labels ?? {}), [DEFAULT_DEPLOYMENT_UNIQUE_LABEL_KEY]: hash };
  template.metadata = { ...(template.metadata ?? {}), labels };
  const selector = deepCopy(d.spec.selector);
  selector.matchLabels = { ...(selector.matchLabels ?? {}), [DEFAULT_DEPLOYMENT_UNIQUE_LABEL_KEY]: hash };
  const newRS: ReplicaSet = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: generateReplicaSetName(d.metadata.name ?? '', hash),
      namespace: d.metadata.namespace ?? 'default',
      ownerReferences: [newControllerRef(d)],
      labels: { ...labels },
      creationTimestamp: ctx.nowTime,
    },
    spec: { replicas: 0, minReadySeconds: d.spec.minReadySeconds ?? 0, selector, template },
  };
  const newReplicasCount = newRSNewReplicas(d, [...oldRSs, newRS], newRS);
  newRS.spec.replicas = newReplicasCount;
  setNewReplicaSetAnnotations(d, newRS, newRevision, false, maxRevHistoryLengthInChars);

  let created: ReplicaSet;
  let alreadyExists = false;
  const clash = ctx.store.get(newRS.metadata.name ?? '');
  if (clash) {
    alreadyExists = true;
    if (!(isControlledBy(clash, d) && equalIgnoreHash(d.spec.template, clash.spec.template))) {
      // Hash collision: bump collisionCount so the next sync hashes differently.
      status.collisionCount = (status.collisionCount ?? 0) + 1;
      d.status = status;
      updateDeploymentStatus(ctx, d);
      throw new SyncError(`replicasets "${newRS.metadata.name}" already exists`);
    }
    created = clash;
  } else {
    // stored objects are never written to: the store, the action and the caller share it
    ctx.store.set(newRS.metadata.name ?? '', newRS);
    ctx.actions.push({ kind: 'CreateReplicaSet', replicaSet: newRS });
    created = newRS;
    if (newReplicasCount > 0) {
      recordEvent(ctx, d, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${newRS.metadata.name} to ${newReplicasCount}`, {
        replicaSet: newRS.metadata.name,
        from: 0,
        to: newReplicasCount,
      });
    }
  }

  let needsUpdate = setDeploymentRevision(d, newRevision);
  if (!alreadyExists && hasProgressDeadline(d)) {
    const msg = `Created new replica set "${created.metadata.name}"`;
    setDeploymentCondition(status, newDeploymentCondition(DeploymentProgressing, 'True', NewReplicaSetReason, msg, ctx.nowTime));
    d.status = status;
    needsUpdate = true;
  }
  if (needsUpdate) updateDeploymentStatus(ctx, d);
  return created;
}

/** Result of a ReplicaSet scale: whether the size changed, and the ReplicaSet as stored. */
export interface ScaleResult {
  scaled: boolean;
  rs: ReplicaSet;
}

/**
 * Scales `rs` to `newScale` if it differs (no write otherwise). mirrors sync.go scaleReplicaSetAndRecordEvent
 */
export function scaleReplicaSetAndRecordEvent(
  ctx: DeploymentSyncContext,
  rs: ReplicaSet,
  newScale: number,
  d: Deployment,
): ScaleResult {
  if (specReplicas(rs) === newScale) return { scaled: false, rs };
  return scaleReplicaSet(ctx, rs, newScale, d, specReplicas(rs) < newScale ? 'up' : 'down');
}

/**
 * Writes `rs` when its size or its desired/max-replicas annotations differ from the deployment's;
 * `scaled` only when the size changed (then a ScalingReplicaSet event). mirrors sync.go scaleReplicaSet
 */
export function scaleReplicaSet(
  ctx: DeploymentSyncContext,
  rs: ReplicaSet,
  newScale: number,
  d: Deployment,
  scalingOperation: string,
): ScaleResult {
  const oldScale = specReplicas(rs);
  const sizeNeedsUpdate = oldScale !== newScale;
  const replicas = specReplicas(d);
  const surge = maxSurge(d);
  const annotationsNeedUpdate = replicasAnnotationsNeedUpdate(rs, replicas, replicas + surge);
  if (!sizeNeedsUpdate && !annotationsNeedUpdate) return { scaled: false, rs };
  const rsCopy = copyForWrite(rs);
  rsCopy.spec.replicas = newScale;
  setReplicasAnnotations(rsCopy, replicas, replicas + surge);
  const updated = updateReplicaSet(ctx, rsCopy, oldScale, newScale);
  if (sizeNeedsUpdate) {
    recordEvent(
      ctx,
      d,
      'Normal',
      'ScalingReplicaSet',
      `Scaled ${scalingOperation} replica set ${rs.metadata.name} to ${newScale} from ${oldScale}`,
      { replicaSet: rs.metadata.name, from: oldScale, to: newScale },
    );
  }
  return { scaled: sizeNeedsUpdate, rs: updated };
}

/**
 * Proportional scaling on a scaling event or while paused: the only active (or newest) RS takes
 * all replicas; a saturated new RS drains the old ones; otherwise (RollingUpdate) the change
 * (to replicas + maxSurge) is split by each active RS's share, largest first, leftover to the first.
 * mirrors sync.go scale
 */
export function scale(ctx: DeploymentSyncContext, d: Deployment, newRS: ReplicaSet | undefined, oldRSs: readonly ReplicaSet[]): void {
  const replicas = specReplicas(d);
  const activeOrLatest = findActiveOrLatest(newRS, oldRSs);
  if (activeOrLatest) {
    if (specReplicas(activeOrLatest) === replicas) return;
    scaleReplicaSetAndRecordEvent(ctx, activeOrLatest, replicas, d);
    return;
  }
  if (isSaturated(d, newRS)) {
    for (const old of filterActiveReplicaSets(oldRSs)) scaleReplicaSetAndRecordEvent(ctx, old, 0, d);
    return;
  }
  if (!isRollingUpdate(d)) return;
  const allRSs = filterActiveReplicaSets([...oldRSs, newRS]);
  const allRSsReplicas = getReplicaCountForReplicaSets(allRSs);
  const allowedSize = replicas > 0 ? replicas + maxSurge(d) : 0;
  const toAdd = allowedSize - allRSsReplicas;
  let scalingOperation = '';
  if (toAdd > 0) {
    allRSs.sort(bySizeNewer);
    scalingOperation = 'up';
  } else if (toAdd < 0) {
    allRSs.sort(bySizeOlder);
    scalingOperation = 'down';
  }
  let added = 0;
  const sizes = new Map<ReplicaSet, number>();
  for (const rs of allRSs) {
    if (toAdd !== 0) {
      const proportion = getReplicaSetProportion(rs, d, toAdd, added);
      sizes.set(rs, specReplicas(rs) + proportion);
      added += proportion;
    } else {
      sizes.set(rs, specReplicas(rs));
    }
  }
  allRSs.forEach((rs, i) => {
    let size = sizes.get(rs) ?? 0;
    if (i === 0 && toAdd !== 0) size = Math.max(0, size + (toAdd - added));
    scaleReplicaSet(ctx, rs, size, d, scalingOperation);
  });
}

/**
 * Deletes the oldest (by revision) old ReplicaSets beyond revisionHistoryLimit, skipping ones that
 * still have pods, are not observed or are being deleted. mirrors sync.go cleanupDeployment
 */
export function cleanupDeployment(ctx: DeploymentSyncContext, oldRSs: readonly ReplicaSet[], d: Deployment): void {
  if (!hasRevisionHistoryLimit(d)) return;
  const cleanable = oldRSs.filter((rs) => rs && !rs.metadata.deletionTimestamp);
  const diff = cleanable.length - (d.spec.revisionHistoryLimit ?? 0);
  if (diff <= 0) return;
  cleanable.sort(byRevision);
  for (let i = 0; i < diff; i++) {
    const rs = cleanable[i];
    const s = rsStatus(rs);
    // terminatingReplicas is only checked when reported (DeploymentReplicaSetTerminatingReplicas).
    if (
      (s.replicas ?? 0) !== 0 ||
      specReplicas(rs) !== 0 ||
      (rs.metadata.generation ?? 0) > (s.observedGeneration ?? 0) ||
      rs.metadata.deletionTimestamp ||
      (s.terminatingReplicas ?? 0) !== 0
    ) {
      continue;
    }
    const name = rs.metadata.name ?? '';
    if (!ctx.store.has(name)) continue;
    ctx.store.delete(name);
    ctx.actions.push({ kind: 'DeleteReplicaSet', name, namespace: rs.metadata.namespace ?? 'default' });
  }
}

/**
 * The status a sync computes from the ReplicaSets it started with: counts from RS status,
 * unavailable from RS spec, conditions copied and Available recomputed.
 * mirrors sync.go calculateStatus
 */
export function calculateStatus(
  allRSs: readonly (ReplicaSet | undefined)[],
  newRS: ReplicaSet | undefined,
  d: Deployment,
  now: string,
): DeploymentStatus {
  const old = deploymentStatus(d);
  const availableReplicas = getAvailableReplicaCountForReplicaSets(allRSs);
  const totalReplicas = getReplicaCountForReplicaSets(allRSs);
  const status: DeploymentStatus = {
    observedGeneration: d.metadata.generation ?? 0,
    replicas: getActualReplicaCountForReplicaSets(allRSs),
    updatedReplicas: getActualReplicaCountForReplicaSets([newRS]),
    readyReplicas: getReadyReplicaCountForReplicaSets(allRSs),
    availableReplicas,
    unavailableReplicas: Math.max(0, totalReplicas - availableReplicas),
  };
  if (old.collisionCount !== undefined) status.collisionCount = old.collisionCount;
  if (old.conditions && old.conditions.length > 0) status.conditions = old.conditions.map((c) => ({ ...c }));
  if (availableReplicas >= specReplicas(d) - maxUnavailable(d)) {
    setDeploymentCondition(
      status,
      newDeploymentCondition(DeploymentAvailable, 'True', MinimumReplicasAvailable, 'Deployment has minimum availability.', now),
    );
  } else {
    setDeploymentCondition(
      status,
      newDeploymentCondition(DeploymentAvailable, 'False', MinimumReplicasUnavailable, 'Deployment does not have minimum availability.', now),
    );
  }
  return status;
}

function normalizedStatus(s: DeploymentStatus): DeploymentStatus {
  return {
    observedGeneration: s.observedGeneration ?? 0,
    replicas: s.replicas ?? 0,
    updatedReplicas: s.updatedReplicas ?? 0,
    readyReplicas: s.readyReplicas ?? 0,
    availableReplicas: s.availableReplicas ?? 0,
    unavailableReplicas: s.unavailableReplicas ?? 0,
    terminatingReplicas: s.terminatingReplicas,
    collisionCount: s.collisionCount,
    conditions: s.conditions,
  };
}

/** reflect.DeepEqual of two statuses, treating absent counters as 0. */
export function statusEqual(a: DeploymentStatus, b: DeploymentStatus): boolean {
  return semanticEqual(normalizedStatus(a), normalizedStatus(b));
}

/** Writes the plain status if it changed. mirrors sync.go syncDeploymentStatus */
export function syncDeploymentStatus(
  ctx: DeploymentSyncContext,
  allRSs: readonly (ReplicaSet | undefined)[],
  newRS: ReplicaSet | undefined,
  d: Deployment,
): void {
  const newStatus = calculateStatus(allRSs, newRS, d, ctx.nowTime);
  if (statusEqual(deploymentStatus(d), newStatus)) return;
  d.status = newStatus;
  updateDeploymentStatus(ctx, d);
}

/**
 * True when some active ReplicaSet's desired-replicas annotation differs from spec.replicas
 * (a scale, not a rollout). mirrors sync.go isScalingEvent
 */
export function isScalingEvent(ctx: DeploymentSyncContext, d: Deployment, rsList: readonly ReplicaSet[]): boolean {
  const { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(ctx, d, rsList, false);
  for (const rs of filterActiveReplicaSets([...oldRSs, newRS])) {
    const desired = getDesiredReplicasAnnotation(rs);
    if (!desired.ok) continue;
    if (desired.value !== specReplicas(d)) return true;
  }
  return false;
}

/**
 * Sets Progressing Unknown/DeploymentPaused when paused and Unknown/DeploymentResumed on resume
 * (only with a deadline, never over ProgressDeadlineExceeded). mirrors sync.go checkPausedConditions
 */
export function checkPausedConditions(ctx: DeploymentSyncContext, d: Deployment): void {
  if (!hasProgressDeadline(d)) return;
  const status = deploymentStatus(d);
  const cond = getDeploymentCondition(status, DeploymentProgressing);
  if (cond && cond.reason === TimedOutReason) return;
  const pausedCondExists = cond?.reason === PausedDeployReason;
  let needsUpdate = false;
  if (d.spec.paused && !pausedCondExists) {
    setDeploymentCondition(status, newDeploymentCondition(DeploymentProgressing, 'Unknown', PausedDeployReason, 'Deployment is paused', ctx.nowTime));
    needsUpdate = true;
  } else if (!d.spec.paused && pausedCondExists) {
    setDeploymentCondition(status, newDeploymentCondition(DeploymentProgressing, 'Unknown', ResumedDeployReason, 'Deployment is resumed', ctx.nowTime));
    needsUpdate = true;
  }
  if (!needsUpdate) return;
  d.status = status;
  updateDeploymentStatus(ctx, d);
}

/**
 * The scaling/paused path: proportional scale, history cleanup when paused, plain status.
 * mirrors sync.go sync
 */
export function sync(ctx: DeploymentSyncContext, d: Deployment, rsList: readonly ReplicaSet[]): void {
  const { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(ctx, d, rsList, false);
  scale(ctx, d, newRS, oldRSs);
  if (d.spec.paused && getRollbackTo(d) === undefined) cleanupDeployment(ctx, oldRSs, d);
  syncDeploymentStatus(ctx, [...oldRSs, newRS], newRS, d);
}

/** Status only (deployment being deleted). mirrors sync.go syncStatusOnly */
export function syncStatusOnly(ctx: DeploymentSyncContext, d: Deployment, rsList: readonly ReplicaSet[]): void {
  const { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(ctx, d, rsList, false);
  syncDeploymentStatus(ctx, [...oldRSs, newRS], newRS, d);
}

