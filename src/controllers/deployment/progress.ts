/**
 * Rollout status: the Progressing condition (complete, progressing, timed out), ReplicaFailure,
 * and the re-check time for a stuck rollout. mirrors pkg/controller/deployment/progress.go
 */
import type { Deployment, ReplicaSet } from '../../model/types.ts';
import { parseTime } from '../common/time.ts';
import { updateDeploymentStatus, type DeploymentSyncContext } from './context.ts';
import { calculateStatus, statusEqual } from './sync.ts';
import {
  DeploymentProgressing,
  DeploymentReplicaFailure,
  NewRSAvailableReason,
  ReplicaSetUpdatedReason,
  TimedOutReason,
  deploymentStatus,
  rsStatus,
  type DeploymentCondition,
  type DeploymentStatus,
} from './types.ts';
import {
  deploymentComplete,
  deploymentProgressing,
  deploymentTimedOut,
  getDeploymentCondition,
  hasProgressDeadline,
  newDeploymentCondition,
  removeDeploymentCondition,
  setDeploymentCondition,
} from './util.ts';

/**
 * Status during a rollout: plain status plus the Progressing estimate (Complete beats Progressing
 * beats TimedOut; only real progress refreshes lastUpdateTime) and ReplicaFailure from the
 * ReplicaSets. Writes only on change; otherwise sets the deadline re-check.
 * mirrors progress.go syncRolloutStatus
 */
export function syncRolloutStatus(
  ctx: DeploymentSyncContext,
  allRSs: readonly (ReplicaSet | undefined)[],
  newRS: ReplicaSet | undefined,
  d: Deployment,
): void {
  const newStatus = calculateStatus(allRSs, newRS, d, ctx.nowTime);
  if (!hasProgressDeadline(d)) removeDeploymentCondition(newStatus, DeploymentProgressing);

  const currentCond = getDeploymentCondition(deploymentStatus(d), DeploymentProgressing);
  const isCompleteDeployment =
    newStatus.replicas === newStatus.updatedReplicas && currentCond !== undefined && currentCond.reason === NewRSAvailableReason;
  if (hasProgressDeadline(d) && !isCompleteDeployment) {
    const name = d.metadata.name ?? '';
    if (deploymentComplete(d, newStatus)) {
      const msg = newRS ? `ReplicaSet "${newRS.metadata.name}" has successfully progressed.` : `Deployment "${name}" has successfully progressed.`;
      setDeploymentCondition(newStatus, newDeploymentCondition(DeploymentProgressing, 'True', NewRSAvailableReason, msg, ctx.nowTime));
    } else if (deploymentProgressing(d, newStatus)) {
      const msg = newRS ? `ReplicaSet "${newRS.metadata.name}" is progressing.` : `Deployment "${name}" is progressing.`;
      const condition = newDeploymentCondition(DeploymentProgressing, 'True', ReplicaSetUpdatedReason, msg, ctx.nowTime);
      // Same reason, fresh lastUpdateTime: this is what pushes the deadline out.
      if (currentCond) {
        if (currentCond.status === 'True') condition.lastTransitionTime = currentCond.lastTransitionTime;
        removeDeploymentCondition(newStatus, DeploymentProgressing);
      }
      setDeploymentCondition(newStatus, condition);
    } else if (deploymentTimedOut(d, newStatus, ctx.now)) {
      const msg = newRS ? `ReplicaSet "${newRS.metadata.name}" has timed out progressing.` : `Deployment "${name}" has timed out progressing.`;
      setDeploymentCondition(newStatus, newDeploymentCondition(DeploymentProgressing, 'False', TimedOutReason, msg, ctx.nowTime));
    }
  }

  const failure = getReplicaFailures(allRSs, newRS);
  if (failure.length > 0) setDeploymentCondition(newStatus, failure[0]);
  else removeDeploymentCondition(newStatus, DeploymentReplicaFailure);

  if (statusEqual(deploymentStatus(d), newStatus)) {
    const after = requeueStuckDeployment(ctx, d, newStatus);
    if (after >= 0) ctx.requeueAfter = after;
    return;
  }
  d.status = newStatus;
  updateDeploymentStatus(ctx, d);
}

/**
 * ReplicaFailure conditions of the new ReplicaSet, else of all ReplicaSets, as deployment
 * conditions. mirrors progress.go getReplicaFailures
 */
export function getReplicaFailures(allRSs: readonly (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined): DeploymentCondition[] {
  const convert = (rs: ReplicaSet): DeploymentCondition[] =>
    (rsStatus(rs).conditions ?? [])
      .filter((c) => c.type === DeploymentReplicaFailure)
      .map((c) => ({
        type: c.type,
        status: c.status,
        lastTransitionTime: c.lastTransitionTime,
        lastUpdateTime: c.lastTransitionTime,
        reason: c.reason,
        message: c.message,
      }));
  if (newRS) {
    const fromNew = convert(newRS);
    if (fromNew.length > 0) return fromNew;
  }
  const out: DeploymentCondition[] = [];
  for (const rs of allRSs) if (rs) out.push(...convert(rs));
  return out;
}

/**
 * Seconds until the deployment should be checked for a timed-out rollout (-1: no need; 0: now).
 * mirrors progress.go requeueStuckDeployment
 */
export function requeueStuckDeployment(ctx: DeploymentSyncContext, d: Deployment, newStatus: DeploymentStatus): number {
  const currentCond = getDeploymentCondition(deploymentStatus(d), DeploymentProgressing);
  if (!hasProgressDeadline(d) || !currentCond) return -1;
  if (deploymentComplete(d, newStatus) || currentCond.reason === TimedOutReason) return -1;
  const after = parseTime(currentCond.lastUpdateTime) + (d.spec.progressDeadlineSeconds ?? 0) - ctx.now;
  if (after < 1) return 0;
  return after + 1;
}
