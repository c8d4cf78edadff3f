/**
 * Status shapes and constants of apps/v1 Deployment and ReplicaSet that the deployment logic
 * reads and writes. The model types keep `status` open (`Record<string, unknown>`); these
 * aliases give it the apps/v1 fields, and the accessors read it with the API's zero defaults.
 */
import type { Deployment, ReplicaSet } from '../../model/types.ts';

/** apps/v1 DeploymentCondition. */
export type DeploymentCondition = {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  lastUpdateTime?: string;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
};

/** apps/v1 DeploymentStatus. */
export type DeploymentStatus = {
  observedGeneration?: number;
  replicas?: number;
  updatedReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  unavailableReplicas?: number;
  terminatingReplicas?: number;
  collisionCount?: number;
  conditions?: DeploymentCondition[];
};

/** apps/v1 ReplicaSetCondition. */
export type ReplicaSetCondition = {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
};

/** apps/v1 ReplicaSetStatus. */
export type ReplicaSetStatus = {
  replicas?: number;
  fullyLabeledReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  terminatingReplicas?: number;
  observedGeneration?: number;
  conditions?: ReplicaSetCondition[];
};

/** Condition types of a Deployment. */
export const DeploymentAvailable = 'Available';
/** Progressing condition type. */
export const DeploymentProgressing = 'Progressing';
/** ReplicaFailure condition type (Deployment and ReplicaSet). */
export const DeploymentReplicaFailure = 'ReplicaFailure';

/** Revision of a ReplicaSet in the Deployment's rollout sequence. */
export const RevisionAnnotation = 'deployment.kubernetes.io/revision';
/** Former revisions a ReplicaSet served (rollbacks). */
export const RevisionHistoryAnnotation = 'deployment.kubernetes.io/revision-history';
/** Deployment spec.replicas when the ReplicaSet was last scaled by it. */
export const DesiredReplicasAnnotation = 'deployment.kubernetes.io/desired-replicas';
/** Deployment spec.replicas + maxSurge when the ReplicaSet was last scaled by it. */
export const MaxReplicasAnnotation = 'deployment.kubernetes.io/max-replicas';
/** Deprecated rollback request (apps/v1beta1 spec.rollbackTo round-tripped as an annotation). */
export const DeprecatedRollbackTo = 'deprecated.deployment.rollback.to';
/** kubectl apply's annotation, never copied between Deployment and ReplicaSet. */
export const LastAppliedConfigAnnotation = 'kubectl.kubernetes.io/last-applied-configuration';

/** Progressing reason: a ReplicaSet was scaled as part of the rollout. */
export const ReplicaSetUpdatedReason = 'ReplicaSetUpdated';
/** Progressing reason: the new ReplicaSet could not be created. */
export const FailedRSCreateReason = 'ReplicaSetCreateError';
/** Progressing reason: the new ReplicaSet was created. */
export const NewReplicaSetReason = 'NewReplicaSetCreated';
/** Progressing reason: an existing ReplicaSet matches the template. */
export const FoundNewRSReason = 'FoundNewReplicaSet';
/** Progressing reason: the rollout completed. */
export const NewRSAvailableReason = 'NewReplicaSetAvailable';
/** Progressing reason: no progress within progressDeadlineSeconds. */
export const TimedOutReason = 'ProgressDeadlineExceeded';
/** Progressing reason while paused. */
export const PausedDeployReason = 'DeploymentPaused';
/** Progressing reason right after a resume. */
export const ResumedDeployReason = 'DeploymentResumed';
/** Available reason: at least replicas - maxUnavailable pods are available. */
export const MinimumReplicasAvailable = 'MinimumReplicasAvailable';
/** Available reason: fewer than replicas - maxUnavailable pods are available. */
export const MinimumReplicasUnavailable = 'MinimumReplicasUnavailable';
/** Warning event reason: the rollback revision does not exist. */
export const RollbackRevisionNotFound = 'DeploymentRollbackRevisionNotFound';
/** Warning event reason: the rollback revision has the current template. */
export const RollbackTemplateUnchanged = 'DeploymentRollbackTemplateUnchanged';
/** Normal event reason: the deployment was rolled back. */
export const RollbackDone = 'DeploymentRollback';

/** The largest int32, upstream's "no limit" for progressDeadlineSeconds and revisionHistoryLimit. */
export const MaxInt32 = 2147483647;

/** spec.replicas of a Deployment or ReplicaSet (API default 1 when unset). */
export function specReplicas(obj: { spec: { replicas?: number } }): number {
  return obj.spec.replicas ?? 1;
}

/** A ReplicaSet's status with the API's zero values for absent counters. */
export function rsStatus(rs: ReplicaSet): ReplicaSetStatus {
  return (rs.status ?? {}) as ReplicaSetStatus;
}

/** A Deployment's status (absent fields are zero). */
export function deploymentStatus(d: Deployment): DeploymentStatus {
  return (d.status ?? {}) as DeploymentStatus;
}
