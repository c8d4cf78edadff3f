/**
 * Rollback. apps/v1 has no spec.rollbackTo: `kubectl rollout undo` copies an old ReplicaSet's
 * template into the Deployment client-side ({@link rolloutUndo}); the controller only sees a
 * template change. The deprecated annotation path of the controller is kept too
 * ({@link rollback}, mirrors pkg/controller/deployment/rollback.go).
 */
import type { Deployment, ReplicaSet } from '../../model/types.ts';
import { deepCopy } from '../common/owner.ts';
import { DEFAULT_DEPLOYMENT_UNIQUE_LABEL_KEY, equalIgnoreHash } from '../common/template.ts';
import { recordEvent, updateDeployment, type DeploymentSyncContext } from './context.ts';
import { getAllReplicaSetsAndSyncRevision } from './sync.ts';
import { DeprecatedRollbackTo, RollbackDone, RollbackRevisionNotFound, RollbackTemplateUnchanged } from './types.ts';
import { lastRevision, revision, setDeploymentAnnotationsTo, setFromReplicaSetTemplate, skipCopyAnnotation } from './util.ts';

/** The revision asked for by the deprecated rollback annotation, if valid. mirrors rollback.go getRollbackTo */
export function getRollbackTo(d: Deployment): number | undefined {
  const v = d.metadata.annotations?.[DeprecatedRollbackTo];
  if (!v || !/^[+-]?\d+$/.test(v)) return undefined;
  return Number(v);
}

function clearRollbackTo(ctx: DeploymentSyncContext, d: Deployment): void {
  if (d.metadata.annotations) delete d.metadata.annotations[DeprecatedRollbackTo];
  updateDeployment(ctx, d);
}

/**
 * Rolls back to the annotated revision (0 = previous) by copying that ReplicaSet's template and
 * annotations into the deployment; always clears the annotation. mirrors rollback.go rollback
 */
export function rollback(ctx: DeploymentSyncContext, d: Deployment, rsList: readonly ReplicaSet[]): void {
  const { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(ctx, d, rsList, true);
  const allRSs = [...oldRSs, ...(newRS ? [newRS] : [])];
  let to = getRollbackTo(d) ?? 0;
  if (to === 0) {
    to = lastRevision(allRSs);
    if (to === 0) {
      recordEvent(ctx, d, 'Warning', RollbackRevisionNotFound, 'Unable to find last revision.');
      clearRollbackTo(ctx, d);
      return;
    }
  }
  for (const rs of allRSs) {
    const r = revision(rs);
    if (r.error || r.value !== to) continue;
    if (!equalIgnoreHash(d.spec.template, rs.spec.template)) {
      setFromReplicaSetTemplate(d, rs.spec.template);
      setDeploymentAnnotationsTo(d, rs);
      recordEvent(ctx, d, 'Normal', RollbackDone, `Rolled back deployment "${d.metadata.name}" to revision ${to}`);
    } else {
      recordEvent(
        ctx,
        d,
        'Warning',
        RollbackTemplateUnchanged,
        `The rollback revision contains the same template as current deployment "${d.metadata.name}"`,
      );
    }
    clearRollbackTo(ctx, d);
    return;
  }
  recordEvent(ctx, d, 'Warning', RollbackRevisionNotFound, 'Unable to find the revision to rollback to.');
  clearRollbackTo(ctx, d);
}

/** Outcome of {@link rolloutUndo}. */
export type UndoResult =
  | { ok: true; deployment: Deployment; message: string; revision: number }
  | { ok: false; error: string };

/**
 * `kubectl rollout undo deployment/NAME [--to-revision=N]`: finds the ReplicaSet of revision N
 * (0: the second newest revision), refuses paused deployments, and returns the deployment with
 * that template (minus pod-template-hash) and its annotations (kubectl's skip list kept from the
 * deployment). mirrors staging/src/k8s.io/kubectl/pkg/polymorphichelpers/rollback.go DeploymentRollbacker.Rollback
 */
export function rolloutUndo(deployment: Deployment, replicaSets: readonly ReplicaSet[], toRevision = 0): UndoResult {
  if (toRevision < 0) return { ok: false, error: `unable to find specified revision ${toRevision} in history` };
  let target: ReplicaSet | undefined;
  let latest = -1;
  let previous = -1;
  let previousRS: ReplicaSet | undefined;
  for (const rs of replicaSets) {
    const r = revision(rs);
    if (r.error) continue;
    if (toRevision === 0) {
      if (latest < r.value) {
        previous = latest;
        previousRS = target;
        latest = r.value;
        target = rs;
      } else if (previous < r.value) {
        previous = r.value;
        previousRS = rs;
      }
    } else if (toRevision === r.value) {
      previousRS = rs;
      previous = r.value;
      break;
    }
  }
  if (toRevision > 0 && !previousRS) return { ok: false, error: `unable to find specified revision ${toRevision} in history` };
  if (!previousRS) return { ok: false, error: `no rollout history found for deployment "${deployment.metadata.name}"` };
  if (deployment.spec.paused) {
    return {
      ok: false,
      error: `you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume deployment/${deployment.metadata.name}' and try again`,
    };
  }
  if (equalIgnoreHash(previousRS.spec.template, deployment.spec.template)) {
    return {
      ok: true,
      deployment: deepCopy(deployment),
      message: `skipped rollback (current template already matches revision ${toRevision})`,
      revision: previous,
    };
  }
  const d = deepCopy(deployment);
  const template = deepCopy(previousRS.spec.template);
  if (template.metadata?.labels) delete template.metadata.labels[DEFAULT_DEPLOYMENT_UNIQUE_LABEL_KEY];
  d.spec.template = template;
  const annotations: Record<string, string> = {};
  for (const [k, v] of Object.entries(deployment.metadata.annotations ?? {})) if (skipCopyAnnotation(k)) annotations[k] = v;
  for (const [k, v] of Object.entries(previousRS.metadata.annotations ?? {})) if (!skipCopyAnnotation(k)) annotations[k] = v;
  d.metadata.annotations = annotations;
  d.metadata.generation = (deployment.metadata.generation ?? 0) + 1;
  return { ok: true, deployment: d, message: 'rolled back', revision: previous };
}
