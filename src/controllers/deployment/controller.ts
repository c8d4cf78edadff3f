/**
 * One Deployment controller sync over a snapshot: the entry point an engine calls.
 * mirrors pkg/controller/deployment/deployment_controller.go syncDeployment
 */
import type { Deployment, Pod, ReplicaSet } from '../../model/types.ts';
import { isEmptySelector } from '../../model/labels.ts';
import { copyForWrite, deepCopy } from '../common/owner.ts';
import { byCreationTimestamp } from './util.ts';
import { newSyncContext, recordEvent, updateDeploymentStatus, type ControllerEvent, type DeploymentAction } from './context.ts';
import { getPodMapForDeployment, rolloutRecreate } from './recreate.ts';
import { getRollbackTo, rollback } from './rollback.ts';
import { rolloutRolling } from './rolling.ts';
import { SyncError, checkPausedConditions, isScalingEvent, sync, syncStatusOnly } from './sync.ts';
import { deploymentStatus } from './types.ts';

/** What a Deployment sync reads: the deployment, the ReplicaSets it controls, and their pods. */
export interface DeploymentView {
  /** The Deployment as last written (spec, metadata, and the status the previous sync wrote). */
  deployment: Deployment;
  /** ReplicaSets whose controller reference is this deployment, with their current status. */
  replicaSets: readonly ReplicaSet[];
  /** Pods controlled by those ReplicaSets; only Recreate reads them (may be omitted otherwise). */
  pods?: readonly Pod[];
}

/** What a Deployment sync decided. */
export interface DeploymentSyncResult {
  /** The Deployment as stored after the sync (status, revision annotation; spec only on rollback). */
  deployment: Deployment;
  /** The deployment's ReplicaSets after the sync (created and resized included, deleted removed), oldest first. */
  replicaSets: ReplicaSet[];
  /** Every write, in upstream's order. */
  actions: DeploymentAction[];
  /** Events recorded (ScalingReplicaSet with from/to, rollback warnings, ...). */
  events: ControllerEvent[];
  /** Seconds after which upstream would re-check a stuck rollout for ProgressDeadlineExceeded. */
  requeueAfter?: number;
  /** Set when the sync stopped on an error (upstream re-queues with back-off). */
  error?: string;
}

/**
 * Fills the apps/v1 defaults the API server would: replicas 1, RollingUpdate 25%/25%,
 * revisionHistoryLimit 10, progressDeadlineSeconds 600 (returns a copy).
 * mirrors pkg/apis/apps/v1/defaults.go SetDefaults_Deployment
 */
export function withDeploymentDefaults(d: Deployment): Deployment {
  return setDeploymentDefaults(deepCopy(d));
}

/** The sync's private copy of the deployment, defaulted; template and selector stay shared (never written into). */
function defaultedCopy(d: Deployment): Deployment {
  const out = copyForWrite(d);
  if (out.spec.strategy) out.spec.strategy = deepCopy(out.spec.strategy);
  return setDeploymentDefaults(out);
}

/** Sets the defaults in `out` (a copy). */
function setDeploymentDefaults(out: Deployment): Deployment {
  const spec = out.spec;
  if (spec.replicas === undefined) spec.replicas = 1;
  if (!spec.strategy) spec.strategy = {};
  if (!spec.strategy.type) spec.strategy.type = 'RollingUpdate';
  if (spec.strategy.type === 'RollingUpdate') {
    const ru = (spec.strategy.rollingUpdate ??= {});
    if (ru.maxUnavailable === undefined) ru.maxUnavailable = '25%';
    if (ru.maxSurge === undefined) ru.maxSurge = '25%';
  }
  if (spec.revisionHistoryLimit === undefined) spec.revisionHistoryLimit = 10;
  if (spec.progressDeadlineSeconds === undefined) spec.progressDeadlineSeconds = 600;
  return out;
}

/**
 * Runs one controller sync of a Deployment at `now` (seconds since the epoch) and returns the
 * decisions. Pure: inputs are not mutated. Order as upstream: empty selector → being deleted
 * (status only) → paused conditions → paused (scale only) → rollback annotation → scaling event
 * (proportional scale) → Recreate or RollingUpdate rollout.
 * mirrors deployment_controller.go syncDeployment
 */
export function syncDeployment(view: DeploymentView, now: number): DeploymentSyncResult {
  const d = defaultedCopy(view.deployment);
  // ctx.stored starts as a copy of the defaulted d
  const ctx = newSyncContext(d, view.replicaSets, now, view.pods ?? []);
  let error: string | undefined;
  try {
    if (isEmptySelector(d.spec.selector)) {
      recordEvent(ctx, d, 'Warning', 'SelectingAll', 'This deployment is selecting all pods. A non-empty selector is required.');
      const status = deploymentStatus(d);
      if ((status.observedGeneration ?? 0) < (d.metadata.generation ?? 0)) {
        status.observedGeneration = d.metadata.generation;
        d.status = status;
        updateDeploymentStatus(ctx, d);
      }
    } else if (d.metadata.deletionTimestamp) {
      syncStatusOnly(ctx, d, ctx.rsList);
    } else {
      checkPausedConditions(ctx, d);
      if (d.spec.paused) sync(ctx, d, ctx.rsList);
      else if (getRollbackTo(d) !== undefined) rollback(ctx, d, ctx.rsList);
      else if (isScalingEvent(ctx, d, ctx.rsList)) sync(ctx, d, ctx.rsList);
      else if (d.spec.strategy?.type === 'Recreate') rolloutRecreate(ctx, d, ctx.rsList, getPodMapForDeployment(ctx.rsList, ctx.pods));
      else rolloutRolling(ctx, d, ctx.rsList);
    }
  } catch (e) {
    if (!(e instanceof SyncError)) throw e;
    error = e.message;
  }
  const result: DeploymentSyncResult = {
    deployment: ctx.stored,
    replicaSets: [...ctx.store.values()].sort(byCreationTimestamp),
    actions: ctx.actions,
    events: ctx.events,
  };
  if (ctx.requeueAfter !== undefined) result.requeueAfter = ctx.requeueAfter;
  if (error !== undefined) result.error = error;
  return result;
}
