/**
 * The hand-written schema of the fields simulation reads, per kind. Each function walks the
 * raw decoded object, checks types, required fields and the few upstream validation rules that
 * change what the simulator would do, and throws a located UserError on the first problem.
 * Fields the simulator never reads pass through unchecked.
 */
import { compareQuantities } from '../model/quantity.ts';
import { compileSelector } from '../model/labels.ts';
import type { LabelSelector } from '../model/types.ts';
import { Checker, isObject, type JsonObject } from './check.ts';
import type { FieldPath } from './path.ts';

const LABEL_OPS = ['In', 'NotIn', 'Exists', 'DoesNotExist'] as const;
const NODE_OPS = ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'] as const;
const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] as const;
const PREEMPTION_POLICIES = ['PreemptLowerPriority', 'Never'] as const;
/** Highest priority a user-defined PriorityClass may have (pkg/apis/scheduling HighestUserDefinablePriority). */
export const HIGHEST_USER_DEFINABLE_PRIORITY = 1_000_000_000;

/** metav1.ObjectMeta: name (unless generateName), labels, annotations, owner references. */
export function checkMetadata(c: Checker, obj: JsonObject, requireName = true): JsonObject {
  const path: FieldPath = [];
  const meta = c.object(obj, 'metadata', path, true)!;
  const mp: FieldPath = ['metadata'];
  const gen = c.string(meta, 'generateName', mp);
  c.string(meta, 'name', mp, requireName && !gen);
  c.string(meta, 'namespace', mp);
  c.string(meta, 'uid', mp);
  c.string(meta, 'creationTimestamp', mp);
  c.string(meta, 'deletionTimestamp', mp);
  c.stringMap(meta, 'labels', mp);
  c.stringMap(meta, 'annotations', mp);
  const owners = c.objectList(meta, 'ownerReferences', mp) ?? [];
  owners.forEach((o, i) => {
    const op: FieldPath = [...mp, 'ownerReferences', i];
    c.string(o, 'apiVersion', op, true);
    c.string(o, 'kind', op, true);
    c.string(o, 'name', op, true);
    c.string(o, 'uid', op);
    c.bool(o, 'controller', op);
    c.bool(o, 'blockOwnerDeletion', op);
  });
  return meta;
}

/** metav1.LabelSelector, with upstream's value-count rules per operator. */
export function checkLabelSelector(c: Checker, parent: JsonObject, key: string, path: FieldPath, required = false): JsonObject | undefined {
  const sel = c.object(parent, key, path, required);
  if (!sel) return undefined;
  const sp: FieldPath = [...path, key];
  c.stringMap(sel, 'matchLabels', sp);
  const exprs = c.objectList(sel, 'matchExpressions', sp) ?? [];
  exprs.forEach((e, i) => {
    const ep: FieldPath = [...sp, 'matchExpressions', i];
    c.string(e, 'key', ep, true);
    const op = c.string(e, 'operator', ep, true, LABEL_OPS)!;
    const values = c.stringList(e, 'values', ep) ?? [];
    // mirrors apimachinery pkg/apis/meta/v1/validation ValidateLabelSelectorRequirement
    if ((op === 'In' || op === 'NotIn') && values.length === 0) c.fail([...ep, 'values'], 'must be specified when `operator` is \'In\' or \'NotIn\'');
    if ((op === 'Exists' || op === 'DoesNotExist') && values.length > 0) c.fail([...ep, 'values'], 'may not be specified when `operator` is \'Exists\' or \'DoesNotExist\'');
  });
  return sel;
}

function checkNodeSelectorTerm(c: Checker, term: JsonObject, path: FieldPath): void {
  for (const field of ['matchExpressions', 'matchFields']) {
    const exprs = c.objectList(term, field, path) ?? [];
    exprs.forEach((e, i) => {
      const ep: FieldPath = [...path, field, i];
      c.string(e, 'key', ep, true);
      const op = c.string(e, 'operator', ep, true, NODE_OPS)!;
      const values = c.stringList(e, 'values', ep) ?? [];
      // mirrors pkg/apis/core/validation validateNodeSelectorRequirement
      if ((op === 'In' || op === 'NotIn') && values.length === 0) c.fail([...ep, 'values'], "must be specified when `operator` is 'In' or 'NotIn'");
      if ((op === 'Exists' || op === 'DoesNotExist') && values.length > 0) c.fail([...ep, 'values'], "may not be specified when `operator` is 'Exists' or 'DoesNotExist'");
      if (op === 'Gt' || op === 'Lt') {
        if (values.length !== 1) c.fail([...ep, 'values'], "must be specified single value when `operator` is 'Lt' or 'Gt'");
        if (!/^-?\d+$/.test(values[0])) c.fail([...ep, 'values', 0], `must be an integer for 'Gt'/'Lt', got ${JSON.stringify(values[0])}`);
      }
    });
  }
}

function checkPodAffinityTerm(c: Checker, term: JsonObject, path: FieldPath): void {
  checkLabelSelector(c, term, 'labelSelector', path);
  checkLabelSelector(c, term, 'namespaceSelector', path);
  c.stringList(term, 'namespaces', path);
  c.string(term, 'topologyKey', path, true);
  c.stringList(term, 'matchLabelKeys', path);
  c.stringList(term, 'mismatchLabelKeys', path);
}

function checkPodAffinity(c: Checker, aff: JsonObject, key: string, path: FieldPath): void {
  const pa = c.object(aff, key, path);
  if (!pa) return;
  const pp: FieldPath = [...path, key];
  (c.objectList(pa, 'requiredDuringSchedulingIgnoredDuringExecution', pp) ?? []).forEach((t, i) =>
    checkPodAffinityTerm(c, t, [...pp, 'requiredDuringSchedulingIgnoredDuringExecution', i]),
  );
  (c.objectList(pa, 'preferredDuringSchedulingIgnoredDuringExecution', pp) ?? []).forEach((w, i) => {
    const wp: FieldPath = [...pp, 'preferredDuringSchedulingIgnoredDuringExecution', i];
    c.int(w, 'weight', wp, { required: true, min: 1, max: 100 });
    checkPodAffinityTerm(c, c.object(w, 'podAffinityTerm', wp, true)!, [...wp, 'podAffinityTerm']);
  });
}

function checkAffinity(c: Checker, spec: JsonObject, path: FieldPath): void {
  const aff = c.object(spec, 'affinity', path);
  if (!aff) return;
  const ap: FieldPath = [...path, 'affinity'];
  const na = c.object(aff, 'nodeAffinity', ap);
  if (na) {
    const np: FieldPath = [...ap, 'nodeAffinity'];
    const req = c.object(na, 'requiredDuringSchedulingIgnoredDuringExecution', np);
    if (req) {
      const rp: FieldPath = [...np, 'requiredDuringSchedulingIgnoredDuringExecution'];
      const terms = c.objectList(req, 'nodeSelectorTerms', rp, true)!;
      if (terms.length === 0) c.fail([...rp, 'nodeSelectorTerms'], 'must have at least one node selector term');
      terms.forEach((t, i) => checkNodeSelectorTerm(c, t, [...rp, 'nodeSelectorTerms', i]));
    }
    (c.objectList(na, 'preferredDuringSchedulingIgnoredDuringExecution', np) ?? []).forEach((w, i) => {
      const wp: FieldPath = [...np, 'preferredDuringSchedulingIgnoredDuringExecution', i];
      c.int(w, 'weight', wp, { required: true, min: 1, max: 100 });
      checkNodeSelectorTerm(c, c.object(w, 'preference', wp, true)!, [...wp, 'preference']);
    });
  }
  checkPodAffinity(c, aff, 'podAffinity', ap);
  checkPodAffinity(c, aff, 'podAntiAffinity', ap);
}

/** v1.ResourceRequirements: quantities, and requests ≤ limits for every resource in both. */
export function checkResources(c: Checker, parent: JsonObject, key: string, path: FieldPath): void {
  const res = c.object(parent, key, path);
  if (!res) return;
  const rp: FieldPath = [...path, key];
  const limits = c.resourceList(res, 'limits', rp) ?? {};
  const requests = c.resourceList(res, 'requests', rp) ?? {};
  // mirrors pkg/apis/core/validation ValidateResourceRequirements (request must not exceed limit)
  for (const name of Object.keys(requests)) {
    if (name in limits && compareQuantities(requests[name], limits[name]) > 0) {
      c.fail([...rp, 'requests', name], `must be less than or equal to ${name} limit of ${String((res.limits as JsonObject)[name])}`);
    }
  }
}

function checkContainer(c: Checker, ct: JsonObject, path: FieldPath, init: boolean): void {
  c.string(ct, 'name', path, true);
  c.string(ct, 'image', path);
  checkResources(c, ct, 'resources', path);
  (c.objectList(ct, 'ports', path) ?? []).forEach((p, i) => {
    const pp: FieldPath = [...path, 'ports', i];
    c.int(p, 'containerPort', pp, { required: true, min: 1, max: 65535 });
    c.int(p, 'hostPort', pp, { min: 0, max: 65535 });
    c.string(p, 'hostIP', pp);
    c.string(p, 'protocol', pp, false, ['TCP', 'UDP', 'SCTP']);
    c.string(p, 'name', pp);
  });
  if (init) c.string(ct, 'restartPolicy', path, false, ['Always']);
  else if (ct.restartPolicy !== undefined && ct.restartPolicy !== null) c.string(ct, 'restartPolicy', path, false, ['Always', 'OnFailure', 'Never']);
}

/** v1.PodSpec: containers, resources, scheduling constraints. */
export function checkPodSpec(c: Checker, spec: JsonObject, path: FieldPath): void {
  const containers = c.objectList(spec, 'containers', path, true)!;
  if (containers.length === 0) c.fail([...path, 'containers'], 'must have at least one container');
  const names = new Set<string>();
  const each = (list: JsonObject[], field: string, init: boolean): void =>
    list.forEach((ct, i) => {
      checkContainer(c, ct, [...path, field, i], init);
      const name = ct.name as string;
      if (names.has(name)) c.fail([...path, field, i, 'name'], `duplicate container name ${JSON.stringify(name)}`);
      names.add(name);
    });
  each(containers, 'containers', false);
  each(c.objectList(spec, 'initContainers', path) ?? [], 'initContainers', true);
  c.string(spec, 'nodeName', path);
  c.stringMap(spec, 'nodeSelector', path);
  c.string(spec, 'schedulerName', path);
  c.string(spec, 'priorityClassName', path);
  c.int(spec, 'priority', path);
  c.string(spec, 'preemptionPolicy', path, false, PREEMPTION_POLICIES);
  c.resourceList(spec, 'overhead', path);
  checkResources(c, spec, 'resources', path);
  (c.objectList(spec, 'schedulingGates', path) ?? []).forEach((g, i) => c.string(g, 'name', [...path, 'schedulingGates', i], true));
  c.string(spec, 'restartPolicy', path, false, ['Always', 'OnFailure', 'Never']);
  c.int(spec, 'terminationGracePeriodSeconds', path, { min: 0 });
  c.bool(spec, 'hostNetwork', path);
  (c.objectList(spec, 'tolerations', path) ?? []).forEach((t, i) => {
    const tp: FieldPath = [...path, 'tolerations', i];
    const key = c.string(t, 'key', tp) ?? '';
    const op = c.string(t, 'operator', tp, false, ['Exists', 'Equal']) ?? '';
    const value = c.string(t, 'value', tp) ?? '';
    c.string(t, 'effect', tp, false, TAINT_EFFECTS);
    c.int(t, 'tolerationSeconds', tp);
    // mirrors pkg/apis/core/validation ValidateTolerations
    if (key === '' && op !== 'Exists') c.fail([...tp, 'operator'], 'must be Exists when `key` is empty, which means "match all values and all keys"');
    if (op === 'Exists' && value !== '') c.fail([...tp, 'value'], 'must be empty when `operator` is \'Exists\'');
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null && t.effect !== 'NoExecute') {
      c.fail([...tp, 'effect'], "must be 'NoExecute' when `tolerationSeconds` is set");
    }
  });
  checkAffinity(c, spec, path);
  (c.objectList(spec, 'topologySpreadConstraints', path) ?? []).forEach((t, i) => {
    const tp: FieldPath = [...path, 'topologySpreadConstraints', i];
    c.int(t, 'maxSkew', tp, { required: true, min: 1 });
    c.string(t, 'topologyKey', tp, true);
    c.string(t, 'whenUnsatisfiable', tp, true, ['DoNotSchedule', 'ScheduleAnyway']);
    checkLabelSelector(c, t, 'labelSelector', tp);
    c.int(t, 'minDomains', tp, { min: 1 });
    c.string(t, 'nodeAffinityPolicy', tp, false, ['Honor', 'Ignore']);
    c.string(t, 'nodeTaintsPolicy', tp, false, ['Honor', 'Ignore']);
    c.stringList(t, 'matchLabelKeys', tp);
  });
}

/** v1.PodTemplateSpec under `path`; returns its labels. */
function checkTemplate(c: Checker, parent: JsonObject, path: FieldPath, key = 'template'): JsonObject {
  const tpl = c.object(parent, key, path, true)!;
  const tp: FieldPath = [...path, key];
  const meta = c.object(tpl, 'metadata', tp);
  if (meta) {
    c.stringMap(meta, 'labels', [...tp, 'metadata']);
    c.stringMap(meta, 'annotations', [...tp, 'metadata']);
  }
  checkPodSpec(c, c.object(tpl, 'spec', tp, true)!, [...tp, 'spec']);
  return tpl;
}

/** The selector must select the template's labels, or the controller would own no pods. */
function checkSelectorMatchesTemplate(c: Checker, spec: JsonObject, tpl: JsonObject, path: FieldPath): void {
  const sel = spec.selector as LabelSelector | undefined;
  if (!sel) return;
  const labels = (isObject(tpl.metadata) ? (tpl.metadata.labels as Record<string, string> | undefined) : undefined) ?? {};
  // mirrors pkg/apis/apps/validation ValidateDeploymentSpec ("selector does not match template labels")
  if (Object.keys(sel.matchLabels ?? {}).length === 0 && (sel.matchExpressions ?? []).length === 0) {
    c.fail([...path, 'selector'], 'empty selector is invalid for this workload');
  }
  if (!compileSelector(sel)(labels)) c.fail([...path, 'template', 'metadata', 'labels'], '`selector` does not match template `labels`');
}

/** apps/v1 requires spec.selector; a kustomize base often leaves it (and the labels) to kustomize. */
function requireSelector(c: Checker, spec: JsonObject, legacy: boolean): void {
  if (legacy || (spec.selector !== undefined && spec.selector !== null)) return;
  c.fail(['spec', 'selector'], 'required field is missing (apps/v1 requires a selector matching the template labels; for a kustomize base, run `kustomize build` first)');
}

function checkReplicas(c: Checker, spec: JsonObject, path: FieldPath): void {
  c.int(spec, 'replicas', path, { min: 0 });
  c.int(spec, 'minReadySeconds', path, { min: 0 });
  c.int(spec, 'revisionHistoryLimit', path, { min: 0 });
}

/** apps/v1 Deployment. `legacy` (extensions/v1beta1, apps/v1beta*) lets the selector default from the template. */
export function checkDeployment(c: Checker, obj: JsonObject, legacy: boolean): void {
  const path: FieldPath = ['spec'];
  const spec = c.object(obj, 'spec', [], true)!;
  checkReplicas(c, spec, path);
  requireSelector(c, spec, legacy);
  checkLabelSelector(c, spec, 'selector', path);
  const tpl = checkTemplate(c, spec, path);
  checkSelectorMatchesTemplate(c, spec, tpl, path);
  c.int(spec, 'progressDeadlineSeconds', path, { min: 1 });
  c.bool(spec, 'paused', path);
  const strategy = c.object(spec, 'strategy', path);
  if (strategy) {
    const sp: FieldPath = [...path, 'strategy'];
    const type = c.string(strategy, 'type', sp, false, ['RollingUpdate', 'Recreate']);
    const ru = c.object(strategy, 'rollingUpdate', sp);
    if (ru) {
      if (type === 'Recreate') c.fail([...sp, 'rollingUpdate'], "may not be specified when strategy `type` is 'Recreate'");
      const rp: FieldPath = [...sp, 'rollingUpdate'];
      const surge = c.intOrPercent(ru, 'maxSurge', rp);
      const unavailable = c.intOrPercent(ru, 'maxUnavailable', rp);
      const isZero = (v: number | string | undefined): boolean => v === 0 || v === '0%';
      // mirrors pkg/apis/apps/validation ValidateRollingUpdateDeployment
      if (isZero(surge) && isZero(unavailable)) c.fail([...rp, 'maxUnavailable'], 'may not be 0 when `maxSurge` is 0');
      if (typeof unavailable === 'string' && parseInt(unavailable, 10) > 100) c.fail([...rp, 'maxUnavailable'], 'must not be greater than 100%');
    }
  }
}

/** apps/v1 ReplicaSet. */
export function checkReplicaSet(c: Checker, obj: JsonObject, legacy: boolean): void {
  const path: FieldPath = ['spec'];
  const spec = c.object(obj, 'spec', [], true)!;
  checkReplicas(c, spec, path);
  requireSelector(c, spec, legacy);
  checkLabelSelector(c, spec, 'selector', path);
  const tpl = checkTemplate(c, spec, path);
  checkSelectorMatchesTemplate(c, spec, tpl, path);
}

/** apps/v1 StatefulSet (volume claim templates checked for their quantities). */
export function checkStatefulSet(c: Checker, obj: JsonObject, legacy: boolean): void {
  const path: FieldPath = ['spec'];
  const spec = c.object(obj, 'spec', [], true)!;
  checkReplicas(c, spec, path);
  requireSelector(c, spec, legacy);
  checkLabelSelector(c, spec, 'selector', path);
  const tpl = checkTemplate(c, spec, path);
  checkSelectorMatchesTemplate(c, spec, tpl, path);
  c.string(spec, 'serviceName', path);
  c.string(spec, 'podManagementPolicy', path, false, ['OrderedReady', 'Parallel']);
  const us = c.object(spec, 'updateStrategy', path);
  if (us) {
    const up: FieldPath = [...path, 'updateStrategy'];
    c.string(us, 'type', up, false, ['RollingUpdate', 'OnDelete']);
    const ru = c.object(us, 'rollingUpdate', up);
    if (ru) {
      c.int(ru, 'partition', [...up, 'rollingUpdate'], { min: 0 });
      c.intOrPercent(ru, 'maxUnavailable', [...up, 'rollingUpdate']);
    }
  }
  (c.objectList(spec, 'volumeClaimTemplates', path) ?? []).forEach((v, i) => {
    const vp: FieldPath = [...path, 'volumeClaimTemplates', i];
    const vs = c.object(v, 'spec', vp);
    if (vs) checkResources(c, vs, 'resources', [...vp, 'spec']);
  });
}

/** apps/v1 DaemonSet. */
export function checkDaemonSet(c: Checker, obj: JsonObject, legacy: boolean): void {
  const path: FieldPath = ['spec'];
  const spec = c.object(obj, 'spec', [], true)!;
  c.int(spec, 'minReadySeconds', path, { min: 0 });
  c.int(spec, 'revisionHistoryLimit', path, { min: 0 });
  requireSelector(c, spec, legacy);
  checkLabelSelector(c, spec, 'selector', path);
  const tpl = checkTemplate(c, spec, path);
  checkSelectorMatchesTemplate(c, spec, tpl, path);
  const us = c.object(spec, 'updateStrategy', path);
  if (us) {
    const up: FieldPath = [...path, 'updateStrategy'];
    c.string(us, 'type', up, false, ['RollingUpdate', 'OnDelete']);
    const ru = c.object(us, 'rollingUpdate', up);
    if (ru) {
      c.intOrPercent(ru, 'maxUnavailable', [...up, 'rollingUpdate']);
      c.intOrPercent(ru, 'maxSurge', [...up, 'rollingUpdate']);
    }
  }
}

/** batch/v1 JobSpec under `path`. */
function checkJobSpec(c: Checker, spec: JsonObject, path: FieldPath): void {
  c.int(spec, 'parallelism', path, { min: 0 });
  c.int(spec, 'completions', path, { min: 0 });
  c.int(spec, 'backoffLimit', path, { min: 0 });
  c.int(spec, 'activeDeadlineSeconds', path, { min: 1 });
  c.int(spec, 'ttlSecondsAfterFinished', path, { min: 0 });
  c.string(spec, 'completionMode', path, false, ['NonIndexed', 'Indexed']);
  c.bool(spec, 'suspend', path);
  checkLabelSelector(c, spec, 'selector', path);
  const tpl = checkTemplate(c, spec, path);
  const tspec = tpl.spec as JsonObject;
  // mirrors pkg/apis/batch/validation validateJobSpec: a Job's pods may not restart Always
  const rp = tspec.restartPolicy;
  if (rp !== 'OnFailure' && rp !== 'Never') {
    c.fail([...path, 'template', 'spec', 'restartPolicy'], `must be "OnFailure" or "Never" for a Job, got ${rp === undefined || rp === null ? 'none (defaults to "Always")' : JSON.stringify(rp)}`);
  }
}

/** batch/v1 Job. */
export function checkJob(c: Checker, obj: JsonObject): void {
  checkJobSpec(c, c.object(obj, 'spec', [], true)!, ['spec']);
}

/** batch/v1 CronJob. */
export function checkCronJob(c: Checker, obj: JsonObject): void {
  const path: FieldPath = ['spec'];
  const spec = c.object(obj, 'spec', [], true)!;
  c.string(spec, 'schedule', path, true);
  c.string(spec, 'timeZone', path);
  c.string(spec, 'concurrencyPolicy', path, false, ['Allow', 'Forbid', 'Replace']);
  c.bool(spec, 'suspend', path);
  c.int(spec, 'startingDeadlineSeconds', path, { min: 0 });
  c.int(spec, 'successfulJobsHistoryLimit', path, { min: 0 });
  c.int(spec, 'failedJobsHistoryLimit', path, { min: 0 });
  const jt = c.object(spec, 'jobTemplate', path, true)!;
  const jp: FieldPath = [...path, 'jobTemplate'];
  const meta = c.object(jt, 'metadata', jp);
  if (meta) c.stringMap(meta, 'labels', [...jp, 'metadata']);
  checkJobSpec(c, c.object(jt, 'spec', jp, true)!, [...jp, 'spec']);
}

/** policy/v1 PodDisruptionBudget. */
export function checkPodDisruptionBudget(c: Checker, obj: JsonObject): void {
  const path: FieldPath = ['spec'];
  const spec = c.object(obj, 'spec', [], true)!;
  checkLabelSelector(c, spec, 'selector', path);
  const min = c.intOrPercent(spec, 'minAvailable', path);
  const max = c.intOrPercent(spec, 'maxUnavailable', path);
  // mirrors pkg/apis/policy/validation ValidatePodDisruptionBudgetSpec
  if (min !== undefined && max !== undefined) c.fail([...path, 'minAvailable'], 'minAvailable and maxUnavailable cannot be both set');
  for (const [k, v] of [['minAvailable', min], ['maxUnavailable', max]] as const) {
    if (typeof v === 'string' && parseInt(v, 10) > 100) c.fail([...path, k], 'must not be greater than 100%');
  }
  c.string(spec, 'unhealthyPodEvictionPolicy', path, false, ['IfHealthyBudget', 'AlwaysAllow']);
}

/** scheduling.k8s.io/v1 PriorityClass. */
export function checkPriorityClass(c: Checker, obj: JsonObject): void {
  const name = (obj.metadata as JsonObject).name as string;
  const value = c.int(obj, 'value', [], { required: true, min: -2147483648, max: 2147483647 })!;
  // mirrors pkg/apis/scheduling/validation ValidatePriorityClass
  if (value > HIGHEST_USER_DEFINABLE_PRIORITY && !name.startsWith('system-')) {
    c.fail(['value'], `maximum allowed value of a user defined priority is ${HIGHEST_USER_DEFINABLE_PRIORITY}`);
  }
  c.bool(obj, 'globalDefault', []);
  c.string(obj, 'preemptionPolicy', [], false, PREEMPTION_POLICIES);
  c.string(obj, 'description', []);
}

/** v1.LimitRange. */
export function checkLimitRange(c: Checker, obj: JsonObject): void {
  const spec = c.object(obj, 'spec', [], true)!;
  const items = c.objectList(spec, 'limits', ['spec'], true)!;
  items.forEach((it, i) => {
    const ip: FieldPath = ['spec', 'limits', i];
    c.string(it, 'type', ip, true);
    for (const f of ['default', 'defaultRequest', 'max', 'min', 'maxLimitRequestRatio']) c.resourceList(it, f, ip);
  });
}

/** v1.Service: only the selector matters (SelectorSpread / default topology spread). */
export function checkService(c: Checker, obj: JsonObject): void {
  const spec = c.object(obj, 'spec', []);
  if (spec) c.stringMap(spec, 'selector', ['spec']);
}

/** v1.Node: taints, unschedulable, capacity/allocatable, images, conditions. */
export function checkNode(c: Checker, obj: JsonObject): void {
  const spec = c.object(obj, 'spec', []);
  if (spec) {
    c.bool(spec, 'unschedulable', ['spec']);
    (c.objectList(spec, 'taints', ['spec']) ?? []).forEach((t, i) => {
      const tp: FieldPath = ['spec', 'taints', i];
      c.string(t, 'key', tp, true);
      c.string(t, 'value', tp);
      c.string(t, 'effect', tp, true, TAINT_EFFECTS);
      c.string(t, 'timeAdded', tp);
    });
  }
  const status = c.object(obj, 'status', []);
  if (status) {
    const sp: FieldPath = ['status'];
    c.resourceList(status, 'capacity', sp);
    c.resourceList(status, 'allocatable', sp);
    (c.objectList(status, 'images', sp) ?? []).forEach((img, i) => {
      c.stringList(img, 'names', [...sp, 'images', i]);
      c.int(img, 'sizeBytes', [...sp, 'images', i], { min: 0 });
    });
    (c.objectList(status, 'conditions', sp) ?? []).forEach((cond, i) => {
      c.string(cond, 'type', [...sp, 'conditions', i], true);
      c.string(cond, 'status', [...sp, 'conditions', i], true, ['True', 'False', 'Unknown']);
    });
  }
}

/** v1.Pod. */
export function checkPod(c: Checker, obj: JsonObject): void {
  checkPodSpec(c, c.object(obj, 'spec', [], true)!, ['spec']);
  const status = c.object(obj, 'status', []);
  if (status) {
    c.string(status, 'phase', ['status'], false, ['Pending', 'Running', 'Succeeded', 'Failed', 'Unknown']);
    c.string(status, 'startTime', ['status']);
    c.string(status, 'nominatedNodeName', ['status']);
    (c.objectList(status, 'conditions', ['status']) ?? []).forEach((cond, i) => {
      c.string(cond, 'type', ['status', 'conditions', i], true);
      c.string(cond, 'status', ['status', 'conditions', i], true, ['True', 'False', 'Unknown']);
    });
  }
}
