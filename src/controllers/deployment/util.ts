/**
 * Deployment helpers: fenceposts, surge/unavailable, proportions, new/old ReplicaSet
 * classification, revisions and annotations, progress predicates and ReplicaSet orderings.
 * mirrors pkg/controller/deployment/util/deployment_util.go (and the ReplicaSet sort orders of
 * pkg/controller/controller_utils.go). Functions named `set*` mutate their first argument like
 * upstream's do; everything else is pure.
 */
import type { Deployment, IntOrString, PodTemplateSpec, ReplicaSet } from '../../model/types.ts';
import { getScaledValueFromIntOrPercent } from '../common/intstr.ts';
import { sameObject } from '../common/owner.ts';
import { DEFAULT_DEPLOYMENT_UNIQUE_LABEL_KEY, equalIgnoreHash } from '../common/template.ts';
import { parseTime } from '../common/time.ts';
import {
  DeploymentProgressing,
  DeprecatedRollbackTo,
  DesiredReplicasAnnotation,
  LastAppliedConfigAnnotation,
  MaxInt32,
  MaxReplicasAnnotation,
  NewRSAvailableReason,
  RevisionAnnotation,
  RevisionHistoryAnnotation,
  TimedOutReason,
  rsStatus,
  specReplicas,
  type DeploymentCondition,
  type DeploymentStatus,
} from './types.ts';

export { equalIgnoreHash };

// ---------------------------------------------------------------------------------------------
// Conditions

/** A condition stamped `now` for both times. mirrors deployment_util.go NewDeploymentCondition */
export function newDeploymentCondition(
  type: string,
  status: DeploymentCondition['status'],
  reason: string,
  message: string,
  now: string,
): DeploymentCondition {
  return { type, status, lastUpdateTime: now, lastTransitionTime: now, reason, message };
}

/** The condition of `type`, if present. mirrors deployment_util.go GetDeploymentCondition */
export function getDeploymentCondition(status: DeploymentStatus, type: string): DeploymentCondition | undefined {
  return status.conditions?.find((c) => c.type === type);
}

/**
 * Sets `cond` in `status` (mutating it): no-op when a condition with the same status and reason
 * exists; keeps lastTransitionTime when only the reason changes; the set condition moves last.
 * mirrors deployment_util.go SetDeploymentCondition
 */
export function setDeploymentCondition(status: DeploymentStatus, cond: DeploymentCondition): void {
  const current = getDeploymentCondition(status, cond.type);
  if (current && current.status === cond.status && current.reason === cond.reason) return;
  const next = { ...cond };
  if (current && current.status === cond.status) next.lastTransitionTime = current.lastTransitionTime;
  status.conditions = [...(status.conditions ?? []).filter((c) => c.type !== cond.type), next];
}

/** Removes the condition of `type` (mutating `status`). mirrors deployment_util.go RemoveDeploymentCondition */
export function removeDeploymentCondition(status: DeploymentStatus, type: string): void {
  const kept = (status.conditions ?? []).filter((c) => c.type !== type);
  if (kept.length > 0) status.conditions = kept;
  else delete status.conditions;
}

// ---------------------------------------------------------------------------------------------
// Revisions and annotations

function annotationsOf(obj: { metadata: { annotations?: Record<string, string> } }): Record<string, string> {
  if (!obj.metadata.annotations) obj.metadata.annotations = {};
  return obj.metadata.annotations;
}

const INT_RE = /^[+-]?\d+$/;

/**
 * The revision annotation as a number: 0 when absent, an error when unparsable.
 * mirrors deployment_util.go Revision
 */
export function revision(obj: { metadata: { annotations?: Record<string, string> } }): { value: number; error?: string } {
  const v = obj.metadata.annotations?.[RevisionAnnotation];
  if (v === undefined) return { value: 0 };
  if (!INT_RE.test(v)) return { value: 0, error: `strconv.ParseInt: parsing ${JSON.stringify(v)}: invalid syntax` };
  return { value: Number(v) };
}

/** Sets the deployment's revision annotation; true if it changed. mirrors deployment_util.go SetDeploymentRevision */
export function setDeploymentRevision(d: Deployment, rev: string): boolean {
  const ann = annotationsOf(d);
  if (ann[RevisionAnnotation] === rev) return false;
  ann[RevisionAnnotation] = rev;
  return true;
}

/** Highest revision among `rss` (unparsable ones skipped). mirrors deployment_util.go MaxRevision */
export function maxRevision(rss: readonly (ReplicaSet | undefined)[]): number {
  let max = 0;
  for (const rs of rss) {
    if (!rs) continue;
    const r = revision(rs);
    if (!r.error && r.value > max) max = r.value;
  }
  return max;
}

/** Second-highest revision among `rss` ("the previous revision"). mirrors deployment_util.go LastRevision */
export function lastRevision(rss: readonly (ReplicaSet | undefined)[]): number {
  let max = 0;
  let secMax = 0;
  for (const rs of rss) {
    if (!rs) continue;
    const r = revision(rs);
    if (r.error) continue;
    if (r.value >= max) {
      secMax = max;
      max = r.value;
    } else if (r.value > secMax) {
      secMax = r.value;
    }
  }
  return secMax;
}

const annotationsToSkip = new Set([
  LastAppliedConfigAnnotation,
  RevisionAnnotation,
  RevisionHistoryAnnotation,
  DesiredReplicasAnnotation,
  MaxReplicasAnnotation,
  DeprecatedRollbackTo,
]);

/** True for annotations never copied between a Deployment and its ReplicaSets. mirrors deployment_util.go skipCopyAnnotation */
export function skipCopyAnnotation(key: string): boolean {
  return annotationsToSkip.has(key);
}

/**
 * Copies the deployment's annotations (except the skipped ones) onto `rs`; true if any changed.
 * mirrors deployment_util.go copyDeploymentAnnotationsToReplicaSet
 */
export function copyDeploymentAnnotationsToReplicaSet(d: Deployment, rs: ReplicaSet): boolean {
  let changed = false;
  const ann = annotationsOf(rs);
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) {
    if (skipCopyAnnotation(k) || (k in ann && ann[k] === v)) continue;
    ann[k] = v;
    changed = true;
  }
  return changed;
}

/**
 * Replaces the deployment's annotations by the ReplicaSet's, keeping the skipped keys of the
 * deployment (used by rollback). mirrors deployment_util.go SetDeploymentAnnotationsTo
 */
export function setDeploymentAnnotationsTo(d: Deployment, rollbackToRS: ReplicaSet): void {
  const next: Record<string, string> = {};
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) if (skipCopyAnnotation(k)) next[k] = v;
  for (const [k, v] of Object.entries(rollbackToRS.metadata.annotations ?? {})) if (!skipCopyAnnotation(k)) next[k] = v;
  d.metadata.annotations = next;
}

/**
 * Sets desired-replicas and max-replicas on `rs`; true if either changed.
 * mirrors deployment_util.go SetReplicasAnnotations
 */
export function setReplicasAnnotations(rs: ReplicaSet, desiredReplicas: number, maxReplicas: number): boolean {
  const ann = annotationsOf(rs);
  let updated = false;
  if (ann[DesiredReplicasAnnotation] !== String(desiredReplicas)) {
    ann[DesiredReplicasAnnotation] = String(desiredReplicas);
    updated = true;
  }
  if (ann[MaxReplicasAnnotation] !== String(maxReplicas)) {
    ann[MaxReplicasAnnotation] = String(maxReplicas);
    updated = true;
  }
  return updated;
}

/** True if setReplicasAnnotations would change `rs`. mirrors deployment_util.go ReplicasAnnotationsNeedUpdate */
export function replicasAnnotationsNeedUpdate(rs: ReplicaSet, desiredReplicas: number, maxReplicas: number): boolean {
  const ann = rs.metadata.annotations;
  if (!ann) return true;
  return ann[DesiredReplicasAnnotation] !== String(desiredReplicas) || ann[MaxReplicasAnnotation] !== String(maxReplicas);
}

/**
 * Sets the new ReplicaSet's annotations: copies the deployment's, raises its revision to
 * `newRevision` (appending the old one to revision-history, trimmed from the front to stay within
 * `revHistoryLimitInChars`), and for a ReplicaSet about to be created the replicas annotations.
 * True if anything changed. mirrors deployment_util.go SetNewReplicaSetAnnotations
 */
export function setNewReplicaSetAnnotations(
  d: Deployment,
  rs: ReplicaSet,
  newRevision: string,
  exists: boolean,
  revHistoryLimitInChars: number,
): boolean {
  let changed = copyDeploymentAnnotationsToReplicaSet(d, rs);
  const ann = annotationsOf(rs);
  const hadRevision = RevisionAnnotation in ann;
  const oldRevision = ann[RevisionAnnotation] ?? '';
  let oldRevisionInt = 0;
  if (INT_RE.test(oldRevision)) oldRevisionInt = Number(oldRevision);
  else if (oldRevision !== '') return false; // upstream gives up on an unparsable revision
  if (!INT_RE.test(newRevision)) return false;
  const newRevisionInt = Number(newRevision);
  if (oldRevisionInt < newRevisionInt) {
    ann[RevisionAnnotation] = newRevision;
    changed = true;
  }
  if (hadRevision && oldRevisionInt < newRevisionInt) {
    const history = ann[RevisionHistoryAnnotation] ?? '';
    const oldRevisions = history.split(',');
    if (oldRevisions[0].length === 0) {
      ann[RevisionHistoryAnnotation] = oldRevision;
    } else {
      let totalLen = history.length + oldRevision.length + 1;
      let start = 0;
      while (totalLen > revHistoryLimitInChars && start < oldRevisions.length) {
        totalLen = totalLen - oldRevisions[start].length - 1;
        start++;
      }
      if (totalLen <= revHistoryLimitInChars) {
        ann[RevisionHistoryAnnotation] = [...oldRevisions.slice(start), oldRevision].join(',');
      }
    }
  }
  if (!exists && setReplicasAnnotations(rs, specReplicas(d), specReplicas(d) + maxSurge(d))) changed = true;
  return changed;
}

/** An annotation parsed as a non-negative int32. mirrors deployment_util.go getNonNegativeInt32FromAnnotation */
export function getNonNegativeInt32FromAnnotation(
  rs: ReplicaSet,
  key: string,
): { value: number; ok: boolean; error?: string } {
  const v = rs.metadata.annotations?.[key];
  if (v === undefined) return { value: 0, ok: false };
  if (!/^\d+$/.test(v)) return { value: 0, ok: false, error: `strconv.ParseUint: parsing ${JSON.stringify(v)}: invalid syntax` };
  const n = Number(v);
  if (n > 4294967295) return { value: 0, ok: false, error: `strconv.ParseUint: parsing ${JSON.stringify(v)}: value out of range` };
  if (n > MaxInt32) return { value: 0, ok: false, error: `value ${n} is out of range (higher than ${MaxInt32})` };
  return { value: n, ok: true };
}

/** The desired-replicas annotation, if valid. mirrors deployment_util.go GetDesiredReplicasAnnotation */
export function getDesiredReplicasAnnotation(rs: ReplicaSet): { value: number; ok: boolean } {
  const r = getNonNegativeInt32FromAnnotation(rs, DesiredReplicasAnnotation);
  return { value: r.value, ok: r.ok };
}

/** The max-replicas annotation, if valid. mirrors deployment_util.go getMaxReplicasAnnotation */
export function getMaxReplicasAnnotation(rs: ReplicaSet): { value: number; ok: boolean } {
  const r = getNonNegativeInt32FromAnnotation(rs, MaxReplicasAnnotation);
  return { value: r.value, ok: r.ok };
}

// ---------------------------------------------------------------------------------------------
// Surge and unavailability

/** Resolved maxSurge/maxUnavailable, or an error for malformed values. */
export interface Fenceposts {
  surge: number;
  unavailable: number;
  error?: string;
}

/**
 * Resolves maxSurge (rounded up) and maxUnavailable (rounded down) against `desired`; unset
 * values count as 0; if both resolve to 0, maxUnavailable becomes 1.
 * mirrors deployment_util.go ResolveFenceposts
 */
export function resolveFenceposts(
  maxSurgeValue: IntOrString | undefined,
  maxUnavailableValue: IntOrString | undefined,
  desired: number,
): Fenceposts {
  const surge = getScaledValueFromIntOrPercent(maxSurgeValue ?? 0, desired, true);
  if (surge.error) return { surge: 0, unavailable: 0, error: surge.error };
  const unavailable = getScaledValueFromIntOrPercent(maxUnavailableValue ?? 0, desired, false);
  if (unavailable.error) return { surge: 0, unavailable: 0, error: unavailable.error };
  if (surge.value === 0 && unavailable.value === 0) return { surge: 0, unavailable: 1 };
  return { surge: surge.value, unavailable: unavailable.value };
}

/** True for the RollingUpdate strategy (the apps/v1 default). mirrors deployment_util.go IsRollingUpdate */
export function isRollingUpdate(d: Deployment): boolean {
  return (d.spec.strategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
}

/**
 * Pods a rolling deployment may have unavailable: 0 for Recreate or 0 replicas, else the
 * resolved value clamped to replicas. mirrors deployment_util.go MaxUnavailable
 */
export function maxUnavailable(d: Deployment): number {
  const replicas = specReplicas(d);
  if (!isRollingUpdate(d) || replicas === 0) return 0;
  const ru = d.spec.strategy?.rollingUpdate;
  const { unavailable } = resolveFenceposts(ru?.maxSurge, ru?.maxUnavailable, replicas);
  return Math.min(unavailable, replicas);
}

/** replicas - MaxUnavailable for RollingUpdate, 0 for Recreate. mirrors deployment_util.go MinAvailable */
export function minAvailable(d: Deployment): number {
  if (!isRollingUpdate(d)) return 0;
  return specReplicas(d) - maxUnavailable(d);
}

/** Pods a rolling deployment may have above replicas (0 for Recreate). mirrors deployment_util.go MaxSurge */
export function maxSurge(d: Deployment): number {
  if (!isRollingUpdate(d)) return 0;
  const ru = d.spec.strategy?.rollingUpdate;
  return resolveFenceposts(ru?.maxSurge, ru?.maxUnavailable, specReplicas(d)).surge;
}

/**
 * Size the new ReplicaSet may grow to this sync: for RollingUpdate its size plus the room left
 * under replicas + maxSurge (counting spec.replicas of `allRSs`), capped at replicas; for
 * Recreate, replicas. mirrors deployment_util.go NewRSNewReplicas
 */
export function newRSNewReplicas(d: Deployment, allRSs: readonly (ReplicaSet | undefined)[], newRS: ReplicaSet): number {
  const replicas = specReplicas(d);
  if (!isRollingUpdate(d)) return replicas;
  // Unlike ResolveFenceposts this does not apply the 0/0 fix-up (upstream errors on an unset
  // value here; apps/v1 defaulting always sets it, so unset counts as 0).
  const surge = getScaledValueFromIntOrPercent(d.spec.strategy?.rollingUpdate?.maxSurge ?? 0, replicas, true);
  if (surge.error) throw new Error(surge.error);
  const current = getReplicaCountForReplicaSets(allRSs);
  const maxTotalPods = replicas + surge.value;
  if (current >= maxTotalPods) return specReplicas(newRS);
  const scaleUpCount = Math.min(maxTotalPods - current, replicas - specReplicas(newRS));
  return specReplicas(newRS) + scaleUpCount;
}

/**
 * True when the new ReplicaSet owns all desired replicas, all available, and its desired-replicas
 * annotation agrees. mirrors deployment_util.go IsSaturated
 */
export function isSaturated(d: Deployment, rs: ReplicaSet | undefined): boolean {
  if (!rs) return false;
  const s = rs.metadata.annotations?.[DesiredReplicasAnnotation];
  if (s === undefined || !INT_RE.test(s)) return false;
  const replicas = specReplicas(d);
  return specReplicas(rs) === replicas && Number(s) === replicas && (rsStatus(rs).availableReplicas ?? 0) === replicas;
}

// ---------------------------------------------------------------------------------------------
// Proportional scaling

/** Rounds half away from zero. mirrors k8s.io/utils/integer RoundToInt32 */
export function roundToInt32(x: number): number {
  return x < 0 ? -Math.floor(-x + 0.5) : Math.floor(x + 0.5);
}

/**
 * The share of a scaling event an active ReplicaSet receives, based on its size relative to the
 * deployment's size before the event (max-replicas annotation, falling back to status.replicas).
 * mirrors deployment_util.go getReplicaSetFraction
 */
export function getReplicaSetFraction(rs: ReplicaSet, d: Deployment): number {
  const replicas = specReplicas(d);
  if (replicas === 0) return -specReplicas(rs);
  const deploymentMaxReplicas = replicas + maxSurge(d);
  let before = getMaxReplicasAnnotation(rs);
  let maxBefore = before.value;
  if (!before.ok || maxBefore === 0) {
    maxBefore = ((d.status ?? {}) as DeploymentStatus).replicas ?? 0;
    if (maxBefore === 0) return 0;
  }
  before = { value: maxBefore, ok: true };
  const scaleBase = specReplicas(rs);
  return roundToInt32((scaleBase * deploymentMaxReplicas) / before.value) - scaleBase;
}

/**
 * How many replicas to add to (or remove from) `rs` in a proportional scaling step, bounded by
 * what is left to distribute. mirrors deployment_util.go GetReplicaSetProportion (GetProportion)
 */
export function getReplicaSetProportion(
  rs: ReplicaSet | undefined,
  d: Deployment,
  deploymentReplicasToAdd: number,
  deploymentReplicasAdded: number,
): number {
  if (!rs || specReplicas(rs) === 0 || deploymentReplicasToAdd === 0 || deploymentReplicasToAdd === deploymentReplicasAdded) {
    return 0;
  }
  const fraction = getReplicaSetFraction(rs, d);
  const allowed = deploymentReplicasToAdd - deploymentReplicasAdded;
  return deploymentReplicasToAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}

/**
 * The only active ReplicaSet, or the newest one (new RS first) when none is active; undefined
 * when several are active. mirrors deployment_util.go FindActiveOrLatest
 */
export function findActiveOrLatest(newRS: ReplicaSet | undefined, oldRSs: readonly ReplicaSet[]): ReplicaSet | undefined {
  if (!newRS && oldRSs.length === 0) return undefined;
  const olds = [...oldRSs].sort(byCreationTimestamp).reverse();
  const active = filterActiveReplicaSets([...olds, newRS]);
  if (active.length === 0) return newRS ?? olds[0];
  if (active.length === 1) return active[0];
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// New and old ReplicaSets

/**
 * The oldest ReplicaSet whose template equals the deployment's ignoring pod-template-hash.
 * mirrors deployment_util.go FindNewReplicaSet
 */
export function findNewReplicaSet(d: Deployment, rsList: readonly ReplicaSet[]): ReplicaSet | undefined {
  const sorted = [...rsList].sort(byCreationTimestamp);
  return sorted.find((rs) => equalIgnoreHash(rs.spec.template, d.spec.template));
}

/**
 * The old ReplicaSets: `required` (spec.replicas > 0) and `all`, in input order.
 * mirrors deployment_util.go FindOldReplicaSets
 */
export function findOldReplicaSets(d: Deployment, rsList: readonly ReplicaSet[]): { required: ReplicaSet[]; all: ReplicaSet[] } {
  const newRS = findNewReplicaSet(d, rsList);
  const required: ReplicaSet[] = [];
  const all: ReplicaSet[] = [];
  for (const rs of rsList) {
    if (newRS && sameObject(rs, newRS)) continue;
    all.push(rs);
    if (specReplicas(rs) !== 0) required.push(rs);
  }
  return { required, all };
}

/**
 * Copies a ReplicaSet template (minus pod-template-hash) into the deployment (mutating it).
 * mirrors deployment_util.go SetFromReplicaSetTemplate
 */
export function setFromReplicaSetTemplate(d: Deployment, template: PodTemplateSpec): Deployment {
  const t = structuredClone(template);
  if (t.metadata?.labels) delete t.metadata.labels[DEFAULT_DEPLOYMENT_UNIQUE_LABEL_KEY];
  d.spec.template = t;
  return d;
}

// ---------------------------------------------------------------------------------------------
// Counting

/** Σ spec.replicas. mirrors deployment_util.go GetReplicaCountForReplicaSets */
export function getReplicaCountForReplicaSets(rss: readonly (ReplicaSet | undefined)[]): number {
  let n = 0;
  for (const rs of rss) if (rs) n += specReplicas(rs);
  return n;
}

/** Σ status.replicas. mirrors deployment_util.go GetActualReplicaCountForReplicaSets */
export function getActualReplicaCountForReplicaSets(rss: readonly (ReplicaSet | undefined)[]): number {
  let n = 0;
  for (const rs of rss) if (rs) n += rsStatus(rs).replicas ?? 0;
  return n;
}

/** Σ status.readyReplicas. mirrors deployment_util.go GetReadyReplicaCountForReplicaSets */
export function getReadyReplicaCountForReplicaSets(rss: readonly (ReplicaSet | undefined)[]): number {
  let n = 0;
  for (const rs of rss) if (rs) n += rsStatus(rs).readyReplicas ?? 0;
  return n;
}

/** Σ status.availableReplicas. mirrors deployment_util.go GetAvailableReplicaCountForReplicaSets */
export function getAvailableReplicaCountForReplicaSets(rss: readonly (ReplicaSet | undefined)[]): number {
  let n = 0;
  for (const rs of rss) if (rs) n += rsStatus(rs).availableReplicas ?? 0;
  return n;
}

/**
 * Σ status.terminatingReplicas; undefined when a synced ReplicaSet does not report it (unsynced
 * ones count 0). mirrors deployment_util.go GetTerminatingReplicaCountForReplicaSets
 */
export function getTerminatingReplicaCountForReplicaSets(rss: readonly (ReplicaSet | undefined)[]): number | undefined {
  let n = 0;
  for (const rs of rss) {
    if (!rs) continue;
    const s = rsStatus(rs);
    if ((s.observedGeneration ?? 0) === 0 && s.terminatingReplicas === undefined) continue;
    if (s.terminatingReplicas === undefined) return undefined;
    n += s.terminatingReplicas;
  }
  return n;
}

// ---------------------------------------------------------------------------------------------
// Progress

/**
 * All desired replicas updated and available, no old pods, generation observed.
 * mirrors deployment_util.go DeploymentComplete
 */
export function deploymentComplete(d: Deployment, s: DeploymentStatus): boolean {
  const replicas = specReplicas(d);
  return (
    (s.updatedReplicas ?? 0) === replicas &&
    (s.replicas ?? 0) === replicas &&
    (s.availableReplicas ?? 0) === replicas &&
    (s.observedGeneration ?? 0) >= (d.metadata.generation ?? 0)
  );
}

/**
 * Progress since the deployment's recorded status: more updated, fewer old, more ready or more
 * available pods. mirrors deployment_util.go DeploymentProgressing
 */
export function deploymentProgressing(d: Deployment, s: DeploymentStatus): boolean {
  const old = (d.status ?? {}) as DeploymentStatus;
  const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
  const newOld = (s.replicas ?? 0) - (s.updatedReplicas ?? 0);
  return (
    (s.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) ||
    newOld < oldOld ||
    (s.readyReplicas ?? 0) > (old.readyReplicas ?? 0) ||
    (s.availableReplicas ?? 0) > (old.availableReplicas ?? 0)
  );
}

/** True when progressDeadlineSeconds is set and not MaxInt32. mirrors deployment_util.go HasProgressDeadline */
export function hasProgressDeadline(d: Deployment): boolean {
  const p = d.spec.progressDeadlineSeconds;
  return p !== undefined && p !== null && p !== MaxInt32;
}

/** True when revisionHistoryLimit is set and not MaxInt32. mirrors deployment_util.go HasRevisionHistoryLimit */
export function hasRevisionHistoryLimit(d: Deployment): boolean {
  const l = d.spec.revisionHistoryLimit;
  return l !== undefined && l !== null && l !== MaxInt32;
}

/**
 * True when the Progressing condition of `s` is already ProgressDeadlineExceeded, or its
 * lastUpdateTime + progressDeadlineSeconds is strictly before `now` (seconds); never for a
 * completed rollout or without a deadline. mirrors deployment_util.go DeploymentTimedOut
 */
export function deploymentTimedOut(d: Deployment, s: DeploymentStatus, now: number): boolean {
  if (!hasProgressDeadline(d)) return false;
  const cond = getDeploymentCondition(s, DeploymentProgressing);
  if (!cond) return false;
  if (cond.reason === NewRSAvailableReason) return false;
  if (cond.reason === TimedOutReason) return true;
  return parseTime(cond.lastUpdateTime) + (d.spec.progressDeadlineSeconds ?? 0) < now;
}

// ---------------------------------------------------------------------------------------------
// Orderings and filters (pkg/controller/controller_utils.go)

/** Creation time ascending, then name. mirrors controller_utils.go ReplicaSetsByCreationTimestamp */
export function byCreationTimestamp(a: ReplicaSet, b: ReplicaSet): number {
  const ta = parseTime(a.metadata.creationTimestamp);
  const tb = parseTime(b.metadata.creationTimestamp);
  if (ta === tb) {
    const na = a.metadata.name ?? '';
    const nb = b.metadata.name ?? '';
    return na < nb ? -1 : na > nb ? 1 : 0;
  }
  return ta < tb ? -1 : 1;
}

/** Size descending, ties oldest first. mirrors controller_utils.go ReplicaSetsBySizeOlder */
export function bySizeOlder(a: ReplicaSet, b: ReplicaSet): number {
  const d = specReplicas(b) - specReplicas(a);
  return d !== 0 ? d : byCreationTimestamp(a, b);
}

/** Size descending, ties newest first. mirrors controller_utils.go ReplicaSetsBySizeNewer */
export function bySizeNewer(a: ReplicaSet, b: ReplicaSet): number {
  const d = specReplicas(b) - specReplicas(a);
  return d !== 0 ? d : byCreationTimestamp(b, a);
}

/**
 * Revision ascending; on equal or unparsable revisions, creation time then name.
 * mirrors deployment_util.go ReplicaSetsByRevision
 */
export function byRevision(a: ReplicaSet, b: ReplicaSet): number {
  const ra = revision(a);
  const rb = revision(b);
  if (ra.error || rb.error || ra.value === rb.value) return byCreationTimestamp(a, b);
  return ra.value - rb.value;
}

/** ReplicaSets with spec.replicas > 0. mirrors controller_utils.go FilterActiveReplicaSets */
export function filterActiveReplicaSets(rss: readonly (ReplicaSet | undefined)[]): ReplicaSet[] {
  const out: ReplicaSet[] = [];
  for (const rs of rss) if (rs && specReplicas(rs) > 0) out.push(rs);
  return out;
}
