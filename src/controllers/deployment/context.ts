/**
 * The seam between the deployment logic and whoever runs it. One sync works on a snapshot (the
 * informer cache: the Deployment, its ReplicaSets, their pods) and records every write it would
 * send to the API server as an action, applying it to a private store so later steps of the same
 * sync read what upstream's would (the returned object of a write, never the stale snapshot
 * unless upstream also keeps the stale one).
 */
import type { Deployment, Pod, ReplicaSet } from '../../model/types.ts';
import { copyForWrite, deepCopy } from '../common/owner.ts';
import { semanticEqual } from '../common/template.ts';
import { formatTime } from '../common/time.ts';

/** A write the Deployment controller makes, in the order it makes them. */
export type DeploymentAction =
  | { kind: 'CreateReplicaSet'; replicaSet: ReplicaSet }
  | { kind: 'UpdateReplicaSet'; replicaSet: ReplicaSet; from: number; to: number }
  | { kind: 'DeleteReplicaSet'; name: string; namespace: string }
  | { kind: 'UpdateDeploymentStatus'; deployment: Deployment }
  | { kind: 'UpdateDeployment'; deployment: Deployment };

/** A Kubernetes Event the controller records (reason and message as upstream words them). */
export interface ControllerEvent {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
  /** `Kind/namespace/name` of the object the event is about. */
  object: string;
  /** For ScalingReplicaSet: the ReplicaSet and its sizes. */
  replicaSet?: string;
  from?: number;
  to?: number;
}

/** Mutable state of one Deployment sync. Build it with {@link newSyncContext}. */
export interface DeploymentSyncContext {
  /** Seconds since the epoch. */
  readonly now: number;
  /** `now` as an RFC 3339 timestamp. */
  readonly nowTime: string;
  /** The ReplicaSets the sync started from (the lister snapshot); never mutated. */
  readonly rsList: readonly ReplicaSet[];
  /** Pods of those ReplicaSets (only Recreate reads them). */
  readonly pods: readonly Pod[];
  /** ReplicaSets after the writes of this sync, by name (the "API server"). */
  readonly store: Map<string, ReplicaSet>;
  /** The Deployment as last written. */
  stored: Deployment;
  readonly actions: DeploymentAction[];
  readonly events: ControllerEvent[];
  /** Seconds after which upstream would re-queue the deployment for a deadline check. */
  requeueAfter?: number;
}

/**
 * A context over a snapshot. Inputs are never mutated: the ReplicaSets are shared with the store
 * (every write stores a new object, built with copyForWrite), the deployment is copied.
 */
export function newSyncContext(
  deployment: Deployment,
  replicaSets: readonly ReplicaSet[],
  now: number,
  pods: readonly Pod[] = [],
): DeploymentSyncContext {
  const rsList = [...replicaSets];
  const store = new Map<string, ReplicaSet>();
  for (const rs of rsList) store.set(rs.metadata.name ?? '', rs);
  return {
    now,
    nowTime: formatTime(now),
    rsList,
    pods,
    store,
    stored: copyForWrite(deployment),
    actions: [],
    events: [],
  };
}

/** `Kind/namespace/name` of an object. */
export function objectRef(obj: { kind: string; metadata: { namespace?: string; name?: string } }): string {
  return `${obj.kind}/${obj.metadata.namespace ?? 'default'}/${obj.metadata.name ?? ''}`;
}

/** Records an event about `obj`. */
export function recordEvent(
  ctx: DeploymentSyncContext,
  obj: Deployment,
  type: ControllerEvent['type'],
  reason: string,
  message: string,
  extra: Partial<ControllerEvent> = {},
): void {
  ctx.events.push({ type, reason, message, object: objectRef(obj), ...extra });
}

/**
 * Writes a ReplicaSet update; returns the stored object (what the client returns). `rs` is the
 * caller's fresh copy and becomes the stored object: neither is written to afterwards.
 */
export function updateReplicaSet(ctx: DeploymentSyncContext, rs: ReplicaSet, from: number, to: number): ReplicaSet {
  const name = rs.metadata.name ?? '';
  // A write identical to the stored object changes nothing (isScalingEvent and the rollout both
  // sync the new RS's annotations from the same snapshot); record it once.
  const current = ctx.store.get(name);
  if (current && semanticEqual(current, rs)) return current;
  ctx.store.set(name, rs);
  ctx.actions.push({ kind: 'UpdateReplicaSet', replicaSet: rs, from, to });
  return rs;
}

/** Writes the deployment's status (and metadata, as the status subresource keeps annotations). */
export function updateDeploymentStatus(ctx: DeploymentSyncContext, d: Deployment): void {
  // stored objects are never written to: the new one shares its spec with the previous one
  const next: Deployment = {
    ...ctx.stored,
    metadata: { ...ctx.stored.metadata, annotations: deepCopy(d.metadata.annotations) },
    status: deepCopy(d.status),
  };
  if (semanticEqual(next, ctx.stored)) return;
  ctx.stored = next;
  ctx.actions.push({ kind: 'UpdateDeploymentStatus', deployment: next });
}

/** Writes the whole deployment (spec and metadata; used by the rollback annotation path). */
export function updateDeployment(ctx: DeploymentSyncContext, d: Deployment): void {
  const next = deepCopy(d);
  next.status = deepCopy(ctx.stored.status);
  // The API server bumps generation on spec changes.
  if (!semanticEqual(ctx.stored.spec, next.spec)) next.metadata.generation = (ctx.stored.metadata.generation ?? 0) + 1;
  ctx.stored = next;
  ctx.actions.push({ kind: 'UpdateDeployment', deployment: deepCopy(next) });
}
