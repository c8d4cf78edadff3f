/**
 * One reconcile of one HorizontalPodAutoscaler, as a pure function.
 * mirrors pkg/controller/podautoscaler/horizontal.go reconcileAutoscaler (v1.35): scale read,
 * the zero / out-of-range branches, computeReplicasForMetrics (largest proposal; invalid metrics
 * only ever allow scaling up), normalization (legacy or behavior), the scale write, the
 * SuccessfulRescale event and the status with its conditions.
 */
import { compileSelector } from '../model/labels.ts';
import { parseQuantity, quantityMilliValue, QuantityError } from '../model/quantity.ts';
import type { HorizontalPodAutoscaler, LabelSelector, MetricSpec, Pod } from '../model/types.ts';
import {
  convertDesiredReplicasWithBehaviorRate,
  convertDesiredReplicasWithRules,
  resolveRules,
  setDefaultsHPASpec,
  stabilizeRecommendation,
  stabilizeRecommendationWithBehaviors,
  storeScaleEvent,
  type DefaultedScalingRules,
  type NormalizationArg,
} from './behavior.ts';
import { toAutoscalingV2, type HorizontalPodAutoscalerV1 } from './convert.ts';
import { HPAMetricError } from './metrics.ts';
import {
  getExternalMetricReplicas,
  getExternalPerPodMetricReplicas,
  getMetricReplicas,
  getObjectMetricReplicas,
  getObjectPerPodMetricReplicas,
  getRawResourceReplicas,
  getResourceReplicas,
  type ReplicaCalculatorContext,
  type Tolerances,
} from './replica-calculator.ts';
import type {
  HPACondition,
  HPAEvent,
  HPAOptions,
  HPAState,
  HPAStatus,
  MetricStatus,
  ReconcileInput,
  ReconcileResult,
  TimestampedRecommendation,
  TimestampedScaleEvent,
} from './types.ts';
import { formatMilliQuantity, formatTime, goLabelSelectorString, parseSelectorString, selectorToString, SelectorParseError } from './util.ts';

/** kube-controller-manager defaults for v1.35 (pkg/controller/podautoscaler/config/v1alpha1/defaults.go). */
export const DEFAULT_HPA_OPTIONS: Readonly<HPAOptions> = Object.freeze({
  tolerance: 0.1,
  cpuInitializationPeriodSeconds: 300,
  initialReadinessDelaySeconds: 30,
  downscaleStabilizationWindowSeconds: 300,
  scaleUpLimitFactor: 2,
  scaleUpLimitMinimum: 4,
  syncPeriodSeconds: 15,
  // HPAConfigurableTolerance: alpha (off) in v1.33/v1.34, beta (on) in v1.35.
  configurableTolerance: true,
  // PodLevelResources: beta (on) since v1.34.
  podLevelResources: true,
});

type ConditionType = HPACondition['type'];

/**
 * Sets a condition in a copy of `list`; lastTransitionTime changes only when the status flips.
 * mirrors horizontal.go setConditionInList
 */
export function setConditionInList(
  list: readonly HPACondition[],
  type: ConditionType,
  status: HPACondition['status'],
  reason: string,
  message: string,
  now: number,
): HPACondition[] {
  const out = list.map((c) => ({ ...c }));
  let existing = out.find((c) => c.type === type);
  if (!existing) {
    existing = { type, status: '' as HPACondition['status'], reason: '', message: '', lastTransitionTime: '' };
    out.push(existing);
  }
  if (existing.status !== status) existing.lastTransitionTime = formatTime(now);
  existing.status = status;
  existing.reason = reason;
  existing.message = message;
  return out;
}

/** Tolerances of an HPA: the flag, or per direction from behavior when HPAConfigurableTolerance is on. mirrors horizontal.go tolerancesForHpa */
export function tolerancesForHpa(hpa: HorizontalPodAutoscaler, opts: Pick<HPAOptions, 'tolerance' | 'configurableTolerance'>): Tolerances {
  const t: Tolerances = { scaleDown: opts.tolerance, scaleUp: opts.tolerance };
  const behavior = hpa.spec.behavior;
  if (!behavior || !opts.configurableTolerance) return t;
  const approx = (q: string | number): number => {
    const p = parseQuantity(q);
    return Number(p.num) / Number(p.den);
  };
  if (behavior.scaleDown?.tolerance !== undefined) t.scaleDown = approx(behavior.scaleDown.tolerance);
  if (behavior.scaleUp?.tolerance !== undefined) t.scaleUp = approx(behavior.scaleUp.tolerance);
  return t;
}

/** Mutable working copy of the HPA's status and the call's side outputs. */
interface Work {
  now: number;
  conditions: HPACondition[];
  events: HPAEvent[];
}

/** setConditionInList on the call's own list (previousConditions copied it), in place. */
function setCondition(w: Work, type: ConditionType, status: HPACondition['status'], reason: string, message: string): void {
  let existing: HPACondition | undefined;
  for (const c of w.conditions) {
    if (c.type === type) {
      existing = c;
      break;
    }
  }
  if (!existing) {
    existing = { type, status: '' as HPACondition['status'], reason: '', message: '', lastTransitionTime: '' };
    w.conditions.push(existing);
  }
  if (existing.status !== status) existing.lastTransitionTime = formatTime(w.now);
  existing.status = status;
  existing.reason = reason;
  existing.message = message;
}

function event(w: Work, type: HPAEvent['type'], reason: string, message: string): void {
  w.events.push({ type, reason, message });
}

interface MetricOutcome {
  replicas: number;
  metricName: string;
  timestamp: number;
  status: MetricStatus;
}

class MetricFailure extends Error {
  constructor(
    message: string,
    readonly condition: { reason: string; message: string },
  ) {
    super(message);
  }
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function isMetricError(e: unknown): boolean {
  return e instanceof HPAMetricError || e instanceof QuantityError || e instanceof SelectorParseError;
}

function milliOf(q: string | number | undefined): number | undefined {
  return q === undefined ? undefined : quantityMilliValue(parseQuantity(q));
}

/** Context shared by the per-metric computations of one call. */
interface MetricCtx {
  w: Work;
  hpa: HorizontalPodAutoscaler;
  namespace: string;
  specReplicas: number;
  statusReplicas: number;
  tolerances: Tolerances;
  calc: ReplicaCalculatorContext;
  input: ReconcileInput;
}

/** The condition a failed metric proposes, recording the Warning event. mirrors horizontal.go getUnableComputeReplicaCountCondition */
function unableCondition(c: MetricCtx, reason: string, err: string): { reason: string; message: string } {
  event(c.w, 'Warning', reason, err);
  return { reason, message: `the HPA was unable to compute the replica count: ${err}` };
}

function compileMetricSelector(c: MetricCtx, spec: MetricSpec, reason: string, prefix: string): void {
  const sel = spec.object?.metric.selector ?? spec.pods?.metric.selector ?? spec.external?.metric.selector;
  try {
    compileSelector(sel);
  } catch (e) {
    throw new MetricFailure(`${prefix}${messageOf(e)}`, unableCondition(c, reason, messageOf(e)));
  }
}

/** Throws a Resource / ContainerResource metric's failure, recording its Warning event. */
function resourceFailure(c: MetricCtx, spec: MetricSpec, reasonName: string, err: string): never {
  const wrap =
    spec.type === 'ContainerResource'
      ? `failed to get ${spec.containerResource?.container ?? ''} container metric value: `
      : `failed to get ${spec.resource?.name ?? ''} resource metric value: `;
  throw new MetricFailure(wrap + err, unableCondition(c, reasonName, err));
}

/** mirrors horizontal.go computeStatusForResourceMetricGeneric (+ the Resource / ContainerResource wrappers) */
function computeResource(c: MetricCtx, spec: MetricSpec): MetricOutcome {
  const container = spec.type === 'ContainerResource';
  const src = container ? spec.containerResource : spec.resource;
  const reasonName = container ? 'FailedGetContainerResourceMetric' : 'FailedGetResourceMetric';
  const resourceName = src?.name ?? '';
  if (!src) return resourceFailure(c, spec, reasonName, 'invalid resource metric source: neither an average utilization target nor an average value (usage) target was set');
  const target = src.target;
  const containerName = container && spec.containerResource ? spec.containerResource.container : '';
  try {
    const averageValue = milliOf(target.averageValue);
    if (averageValue !== undefined) {
      let r;
      try {
        r = getRawResourceReplicas(c.calc, c.input.metrics, c.specReplicas, averageValue, resourceName, c.tolerances, containerName);
      } catch (e) {
        if (!isMetricError(e)) throw e;
        return resourceFailure(c, spec, reasonName, `failed to get ${resourceName} usage: ${messageOf(e)}`);
      }
      const current = { averageValue: formatMilliQuantity(r.usage) };
      return {
        replicas: r.replicaCount,
        metricName: `${resourceName} resource`,
        timestamp: r.timestamp,
        status: container
          ? { type: 'ContainerResource', containerResource: { name: resourceName, container: containerName, current } }
          : { type: 'Resource', resource: { name: resourceName, current } },
      };
    }
  } catch (e) {
    if (e instanceof MetricFailure || !isMetricError(e)) throw e;
    return resourceFailure(c, spec, reasonName, messageOf(e));
  }
  if (target.averageUtilization === undefined) {
    return resourceFailure(c, spec, reasonName, 'invalid resource metric source: neither an average utilization target nor an average value (usage) target was set');
  }
  let r;
  try {
    r = getResourceReplicas(c.calc, c.input.metrics, c.specReplicas, target.averageUtilization, resourceName, c.tolerances, containerName);
  } catch (e) {
    if (!isMetricError(e)) throw e;
    return resourceFailure(c, spec, reasonName, `failed to get ${resourceName} utilization: ${messageOf(e)}`);
  }
  const current = { averageValue: formatMilliQuantity(r.rawUtilization), averageUtilization: r.utilization };
  return {
    replicas: r.replicaCount,
    metricName: container
      ? `${resourceName} container resource utilization (percentage of request)`
      : `${resourceName} resource utilization (percentage of request)`,
    timestamp: r.timestamp,
    status: container
      ? { type: 'ContainerResource', containerResource: { name: resourceName, container: containerName, current } }
      : { type: 'Resource', resource: { name: resourceName, current } },
  };
}

/** mirrors horizontal.go computeStatusForPodsMetric */
function computePods(c: MetricCtx, spec: MetricSpec): MetricOutcome {
  const prefix = 'failed to get pods metric value: ';
  compileMetricSelector(c, spec, 'FailedGetPodsMetric', prefix);
  const src = spec.pods!;
  try {
    const target = milliOf(src.target.averageValue);
    if (target === undefined) throw new HPAMetricError('invalid pods metric source: no average value target was set');
    const r = getMetricReplicas(c.calc, c.input.metrics, c.specReplicas, target, src.metric.name, c.tolerances);
    return {
      replicas: r.replicaCount,
      metricName: `pods metric ${src.metric.name}`,
      timestamp: r.timestamp,
      status: { type: 'Pods', pods: { metric: { ...src.metric }, current: { averageValue: formatMilliQuantity(r.usage) } } },
    };
  } catch (e) {
    if (!isMetricError(e)) throw e;
    throw new MetricFailure(prefix + messageOf(e), unableCondition(c, 'FailedGetPodsMetric', messageOf(e)));
  }
}

/** mirrors horizontal.go computeStatusForObjectMetric */
function computeObject(c: MetricCtx, spec: MetricSpec): MetricOutcome {
  const prefix = 'failed to get object metric value: ';
  compileMetricSelector(c, spec, 'FailedGetObjectMetric', prefix);
  const src = spec.object!;
  const target = src.target;
  try {
    if (target.type === 'Value' && target.value !== undefined) {
      const r = getObjectMetricReplicas(c.calc, c.input.metrics, c.specReplicas, milliOf(target.value)!, src.metric.name, c.tolerances, c.namespace, src.describedObject);
      return {
        replicas: r.replicaCount,
        metricName: `${src.describedObject.kind} metric ${src.metric.name}`,
        timestamp: r.timestamp,
        status: {
          type: 'Object',
          object: { describedObject: { ...src.describedObject }, metric: { ...src.metric }, current: { value: formatMilliQuantity(r.usage) } },
        },
      };
    }
    if (target.type === 'AverageValue' && target.averageValue !== undefined) {
      let r;
      try {
        r = getObjectPerPodMetricReplicas(c.calc, c.input.metrics, c.statusReplicas, milliOf(target.averageValue)!, src.metric.name, c.tolerances, c.namespace, src.describedObject);
      } catch (e) {
        if (!isMetricError(e)) throw e;
        const err = messageOf(e);
        throw new MetricFailure(`${prefix}failed to get ${src.metric.name} object metric: ${err}`, unableCondition(c, 'FailedGetObjectMetric', err));
      }
      return {
        replicas: r.replicaCount,
        // upstream names this "external metric" too
        metricName: `external metric ${src.metric.name}(${goLabelSelectorString(src.metric.selector)})`,
        timestamp: r.timestamp,
        status: { type: 'Object', object: { metric: { ...src.metric }, current: { averageValue: formatMilliQuantity(r.usage) } } },
      };
    }
  } catch (e) {
    if (e instanceof MetricFailure || !isMetricError(e)) throw e;
    throw new MetricFailure(prefix + messageOf(e), unableCondition(c, 'FailedGetObjectMetric', messageOf(e)));
  }
  const err = 'invalid object metric source: neither a value target nor an average value target was set';
  throw new MetricFailure(prefix + err, unableCondition(c, 'FailedGetObjectMetric', err));
}

/** mirrors horizontal.go computeStatusForExternalMetric */
function computeExternal(c: MetricCtx, spec: MetricSpec): MetricOutcome {
  const src = spec.external!;
  const name = src.metric.name;
  const wrap = `failed to get ${name} external metric value: `;
  const selectorText = goLabelSelectorString(src.metric.selector);
  const metricName = `external metric ${name}(${selectorText})`;
  const fail = (inner: string, err: string): never => {
    throw new MetricFailure(wrap + inner, unableCondition(c, 'FailedGetExternalMetric', err));
  };
  try {
    compileSelector(src.metric.selector);
  } catch (e) {
    return fail(messageOf(e), messageOf(e));
  }
  const target = src.target;
  if (target.averageValue !== undefined) {
    try {
      const r = getExternalPerPodMetricReplicas(c.calc, c.input.metrics, c.statusReplicas, milliOf(target.averageValue)!, name, c.tolerances, c.namespace, selectorText);
      return {
        replicas: r.replicaCount,
        metricName,
        timestamp: r.timestamp,
        status: { type: 'External', external: { metric: { ...src.metric }, current: { averageValue: formatMilliQuantity(r.usage) } } },
      };
    } catch (e) {
      if (!isMetricError(e)) throw e;
      return fail(`failed to get ${name} external metric: ${messageOf(e)}`, messageOf(e));
    }
  }
  if (target.value !== undefined) {
    try {
      const r = getExternalMetricReplicas(c.calc, c.input.metrics, c.specReplicas, milliOf(target.value)!, name, c.tolerances, c.namespace, selectorText);
      return {
        replicas: r.replicaCount,
        metricName,
        timestamp: r.timestamp,
        status: { type: 'External', external: { metric: { ...src.metric }, current: { value: formatMilliQuantity(r.usage) } } },
      };
    } catch (e) {
      if (!isMetricError(e)) throw e;
      return fail(`failed to get external metric ${name}: ${messageOf(e)}`, messageOf(e));
    }
  }
  const err = 'invalid external metric source: neither a value target nor an average value target was set';
  return fail(err, err);
}

/** mirrors horizontal.go computeReplicasForMetric */
function computeReplicasForMetric(c: MetricCtx, spec: MetricSpec): MetricOutcome {
  switch (spec.type) {
    case 'Object':
      return computeObject(c, spec);
    case 'Pods':
      return computePods(c, spec);
    case 'Resource':
    case 'ContainerResource':
      return computeResource(c, spec);
    case 'External':
      return computeExternal(c, spec);
    default: {
      const err = `unknown metric source type "${String((spec as { type: unknown }).type)}"`;
      throw new MetricFailure(err, unableCondition(c, 'InvalidMetricSourceType', err));
    }
  }
}

function podLabelsMatch(matcher: (l: Pod['metadata']['labels']) => boolean, p: Pod): boolean {
  return matcher(p.metadata.labels);
}

/** String form and compiled matcher per selector object (the target's spec.selector, shared across syncs). */
const selectorCache = new WeakMap<LabelSelector, { text: string; matcher: (l: Pod['metadata']['labels']) => boolean }>();

/** Compiled matchers of the other HPAs' selector objects (compiled once, not on every sync). */
const otherMatchers = new WeakMap<LabelSelector, (l: Pod['metadata']['labels']) => boolean>();

function otherMatcher(selector: string | LabelSelector): (l: Pod['metadata']['labels']) => boolean {
  if (typeof selector !== 'object') return parseSelectorString(selector);
  const hit = selectorCache.get(selector)?.matcher ?? otherMatchers.get(selector);
  if (hit !== undefined) return hit;
  const m = compileSelector(selector);
  otherMatchers.set(selector, m);
  return m;
}

/** The last selection per frozen pod list (a caller passing the same list and selector again gets it back). */
const selections = new WeakMap<readonly Pod[], { namespace: string; matcher: (l: Pod['metadata']['labels']) => boolean; pods: readonly Pod[] }>();

/**
 * The pods of `namespace` that `matcher` selects, in order; `pods` itself when it selects every
 * one (the list a caller pre-selected). Remembered per frozen list and matcher (a frozen list
 * cannot change; a pod's namespace and labels are not written to).
 */
function selectPods(pods: readonly Pod[], namespace: string, matcher: (l: Pod['metadata']['labels']) => boolean): readonly Pod[] {
  const frozen = Object.isFrozen(pods);
  const hit = frozen ? selections.get(pods) : undefined;
  if (hit !== undefined && hit.matcher === matcher && hit.namespace === namespace) return hit.pods;
  let out: readonly Pod[] = pods.filter((p) => (p.metadata.namespace ?? 'default') === namespace && podLabelsMatch(matcher, p));
  if (out.length === pods.length) out = pods;
  if (frozen) selections.set(pods, { namespace, matcher, pods: out });
  return out;
}

/**
 * Checks the scale's selector and lists the pods it selects; overlap with another HPA's pods
 * is AmbiguousSelector. Returns undefined (with ScalingActive=False set) on failure.
 * mirrors horizontal.go validateAndParseSelector
 */
function validateAndParseSelector(
  w: Work,
  input: ReconcileInput,
  namespace: string,
  hpaName: string,
): { pods: readonly Pod[]; error?: undefined } | { pods?: undefined; error: string } {
  const raw = input.scale!.selector;
  const cached = raw !== undefined && typeof raw === 'object' ? selectorCache.get(raw) : undefined;
  const selector = cached ? cached.text : raw === undefined ? '' : typeof raw === 'string' ? raw : selectorToString(raw);
  if (selector === '') {
    event(w, 'Warning', 'SelectorRequired', 'selector is required');
    setCondition(w, 'ScalingActive', 'False', 'InvalidSelector', "the HPA target's scale is missing a selector");
    return { error: 'selector is required' };
  }
  let matcher: (l: Pod['metadata']['labels']) => boolean;
  try {
    if (cached) matcher = cached.matcher;
    else if (typeof raw === 'object') {
      matcher = compileSelector(raw);
      selectorCache.set(raw, { text: selector, matcher });
    } else matcher = parseSelectorString(selector);
  } catch (e) {
    const msg = `couldn't convert selector into a corresponding internal selector object: ${messageOf(e)}`;
    event(w, 'Warning', 'InvalidSelector', msg);
    setCondition(w, 'ScalingActive', 'False', 'InvalidSelector', msg);
    return { error: msg };
  }
  const pods = selectPods(input.pods, namespace, matcher);
  const others: string[] = [];
  for (const o of input.otherHpas ?? []) {
    if (o.name === hpaName) continue;
    let m: (l: Pod['metadata']['labels']) => boolean;
    try {
      m = otherMatcher(o.selector);
    } catch {
      continue;
    }
    if (pods.some((p) => podLabelsMatch(m, p))) others.push(`${namespace}/${o.name}`);
  }
  if (others.length > 0) {
    const msg = `pods by selector ${selector} are controlled by multiple HPAs: [${[`${namespace}/${hpaName}`, ...others].join(' ')}]`;
    event(w, 'Warning', 'AmbiguousSelector', msg);
    setCondition(w, 'ScalingActive', 'False', 'AmbiguousSelector', msg);
    return { error: msg };
  }
  return { pods };
}

/**
 * All metrics → the largest proposal. -1 means "cannot act": every metric failed, or some failed
 * and the valid ones want a scale-down (the first failure's condition is set).
 * mirrors horizontal.go computeReplicasForMetrics
 */
function computeReplicasForMetrics(
  w: Work,
  input: ReconcileInput,
  hpa: HorizontalPodAutoscaler,
  namespace: string,
  opts: HPAOptions,
): { replicas: number; metric: string; statuses: MetricStatus[]; error?: string } {
  const sel = validateAndParseSelector(w, input, namespace, hpa.metadata.name ?? '');
  if (sel.error !== undefined) return { replicas: -1, metric: '', statuses: [], error: sel.error };
  const scale = input.scale!;
  const specs = hpa.spec.metrics ?? [];
  const c: MetricCtx = {
    w,
    hpa,
    namespace,
    specReplicas: scale.specReplicas,
    statusReplicas: scale.statusReplicas,
    tolerances: tolerancesForHpa(hpa, opts),
    calc: {
      now: input.now,
      pods: sel.pods,
      cpuInitializationPeriodSeconds: opts.cpuInitializationPeriodSeconds,
      delayOfInitialReadinessStatusSeconds: opts.initialReadinessDelaySeconds,
      podLevelResources: opts.podLevelResources,
    },
    input,
  };
  const statuses: MetricStatus[] = specs.map(() => ({ type: '' }));
  let replicas = 0;
  let metric = '';
  let invalidCount = 0;
  let firstError: string | undefined;
  let firstCondition: { reason: string; message: string } | undefined;
  for (let i = 0; i < specs.length; i++) {
    try {
      const r = computeReplicasForMetric(c, specs[i]);
      statuses[i] = r.status;
      if (replicas === 0 || r.replicas > replicas) {
        replicas = r.replicas;
        metric = r.metricName;
      }
    } catch (e) {
      if (!(e instanceof MetricFailure)) throw e;
      if (invalidCount <= 0) {
        firstError = e.message;
        firstCondition = e.condition;
      }
      invalidCount++;
    }
  }
  const error = firstError === undefined ? undefined : `invalid metrics (${invalidCount} invalid out of ${specs.length}), first error is: ${firstError}`;
  if (invalidCount >= specs.length || (invalidCount > 0 && replicas < scale.specReplicas)) {
    if (firstCondition) setCondition(w, 'ScalingActive', 'False', firstCondition.reason, firstCondition.message);
    return { replicas: -1, metric: '', statuses, error };
  }
  setCondition(w, 'ScalingActive', 'True', 'ValidMetricFound', `the HPA was able to successfully calculate a replica count from ${metric}`);
  return { replicas, metric, statuses, error };
}

function previousConditions(hpa: HorizontalPodAutoscaler): HPACondition[] {
  const raw = (hpa.status as { conditions?: unknown } | undefined)?.conditions;
  if (!Array.isArray(raw)) return [];
  const out: HPACondition[] = [];
  for (const c of raw as unknown[]) {
    if (typeof c !== 'object' || c === null || typeof (c as HPACondition).type !== 'string') continue;
    const h = c as HPACondition;
    out.push({ type: h.type, status: h.status, reason: h.reason ?? '', message: h.message ?? '', lastTransitionTime: h.lastTransitionTime ?? '' });
  }
  return out;
}

function statusNumber(hpa: HorizontalPodAutoscaler, field: string): number | undefined {
  const v = (hpa.status as Record<string, unknown> | undefined)?.[field];
  return typeof v === 'number' ? v : undefined;
}

function statusString(hpa: HorizontalPodAutoscaler, field: string): string | undefined {
  const v = (hpa.status as Record<string, unknown> | undefined)?.[field];
  return typeof v === 'string' ? v : undefined;
}

function previousMetrics(hpa: HorizontalPodAutoscaler): MetricStatus[] {
  const v = (hpa.status as Record<string, unknown> | undefined)?.currentMetrics;
  return Array.isArray(v) ? (v as MetricStatus[]) : [];
}

type WorkState = Required<Pick<HPAState, 'scaleUpEvents' | 'scaleDownEvents'>> & Pick<HPAState, 'recommendations'>;

// The lists are copied; their entries are never written to (the normalization steps replace them).
function copyState(state: HPAState | undefined): WorkState {
  return {
    recommendations: state?.recommendations?.slice(),
    scaleUpEvents: state?.scaleUpEvents?.slice() ?? [],
    scaleDownEvents: state?.scaleDownEvents?.slice() ?? [],
  };
}

/** The result of a call: status (lastScaleTime set on a rescale, else kept), state and events. */
function finish(
  w: Work,
  st: WorkState,
  prevLastScaleTime: string | undefined,
  currentReplicas: number,
  desiredReplicas: number,
  currentMetrics: MetricStatus[],
  rescale: boolean,
  reason: string | undefined,
  error: string | undefined,
): ReconcileResult {
  const status: HPAStatus = { currentReplicas, desiredReplicas, currentMetrics, conditions: w.conditions };
  if (rescale) status.lastScaleTime = formatTime(w.now);
  else if (prevLastScaleTime !== undefined) status.lastScaleTime = prevLastScaleTime;
  const state: HPAState = {};
  if (st.recommendations !== undefined) state.recommendations = st.recommendations;
  state.scaleUpEvents = st.scaleUpEvents;
  state.scaleDownEvents = st.scaleDownEvents;
  const result: ReconcileResult = {
    desiredReplicas,
    scaleUpdated: rescale,
    conditions: w.conditions,
    currentMetrics,
    status,
    state,
    events: w.events,
  };
  if (reason !== undefined) result.reason = reason;
  if (error !== undefined) result.error = error;
  return result;
}

// Merged options per frozen options object (a frozen object cannot change between calls).
const mergedOptions = new WeakMap<Partial<HPAOptions>, HPAOptions>();

/** The defaults overlaid with `options`. */
function optionsOf(options: Partial<HPAOptions> | undefined): HPAOptions {
  if (options === undefined || !Object.isFrozen(options)) return { ...DEFAULT_HPA_OPTIONS, ...(options ?? {}) };
  let o = mergedOptions.get(options);
  if (o === undefined) mergedOptions.set(options, (o = { ...DEFAULT_HPA_OPTIONS, ...options }));
  return o;
}

/**
 * One reconcile of `input.hpa` against its target's scale, pods and metrics.
 * Pure: inputs are not mutated; the next call needs the returned `state`, and the HPA with the
 * returned `status` (conditions persist across calls).
 * mirrors pkg/controller/podautoscaler/horizontal.go reconcileAutoscaler
 */
export function reconcile(input: ReconcileInput): ReconcileResult {
  const opts = optionsOf(input.options);
  const now = input.now;
  const served = toAutoscalingV2(input.hpa as HorizontalPodAutoscaler | HorizontalPodAutoscalerV1);
  // setDefaultsHPA, keeping only what a reconcile reads (no copy of the whole object)
  const hpa: HorizontalPodAutoscaler = {
    apiVersion: served.apiVersion,
    kind: served.kind,
    metadata: served.metadata,
    spec: setDefaultsHPASpec(served.spec),
    status: served.status,
  };
  const namespace = hpa.metadata.namespace ?? 'default';
  const reference = `${hpa.spec.scaleTargetRef.kind}/${namespace}/${hpa.spec.scaleTargetRef.name}`;
  const w: Work = { now, conditions: previousConditions(hpa), events: [] };
  const prevDesired = statusNumber(hpa, 'desiredReplicas') ?? 0;
  const prevLastScaleTime = statusString(hpa, 'lastScaleTime');
  const st = copyState(input.state);

  if (input.scale === null) {
    const err = 'the scale subresource could not be read';
    event(w, 'Warning', 'FailedGetScale', err);
    setCondition(w, 'AbleToScale', 'False', 'FailedGetScale', `the HPA controller was unable to get the target's current scale: ${err}`);
    return finish(w, st, prevLastScaleTime, statusNumber(hpa, 'currentReplicas') ?? 0, prevDesired, previousMetrics(hpa), false, undefined, `failed to query scale subresource for ${reference}: ${err}`);
  }
  setCondition(w, 'AbleToScale', 'True', 'SucceededGetScale', "the HPA controller was able to get the target's current scale");
  const currentReplicas = input.scale.specReplicas;
  // recordInitialRecommendation: a never-seen HPA starts with {current, now}
  if (st.recommendations === undefined) st.recommendations = [{ recommendation: currentReplicas, timestamp: now }];

  const minReplicas = hpa.spec.minReplicas ?? 1;
  const maxReplicas = hpa.spec.maxReplicas;
  let desiredReplicas = 0;
  let rescaleReason = '';
  let rescale = true;
  let metricStatuses: MetricStatus[] = [];
  let retErr: string | undefined;

  if (currentReplicas === 0 && minReplicas !== 0) {
    // autoscaling is disabled for this resource
    desiredReplicas = 0;
    rescale = false;
    setCondition(w, 'ScalingActive', 'False', 'ScalingDisabled', 'scaling is disabled since the replica count of the target is zero');
  } else if (currentReplicas > maxReplicas) {
    rescaleReason = 'Current number of replicas above Spec.MaxReplicas';
    desiredReplicas = maxReplicas;
  } else if (currentReplicas < minReplicas) {
    rescaleReason = 'Current number of replicas below Spec.MinReplicas';
    desiredReplicas = minReplicas;
  } else {
    const m = computeReplicasForMetrics(w, input, hpa, namespace, opts);
    metricStatuses = m.statuses;
    if (m.error !== undefined && m.replicas === -1) {
      const err = `failed to compute desired number of replicas based on listed metrics for ${reference}: ${m.error}`;
      event(w, 'Warning', 'FailedComputeMetricsReplicas', m.error);
      return finish(w, st, prevLastScaleTime, currentReplicas, prevDesired, metricStatuses, false, undefined, err);
    }
    // some metrics failed but the others allow acting: proceed, report the error
    if (m.error !== undefined) retErr = m.error;

    let rescaleMetric = '';
    if (m.replicas > desiredReplicas) {
      desiredReplicas = m.replicas;
      rescaleMetric = m.metric;
    }
    if (desiredReplicas > currentReplicas) rescaleReason = `${rescaleMetric} above target`;
    if (desiredReplicas < currentReplicas) rescaleReason = 'All metrics below target';
    desiredReplicas = hpa.spec.behavior
      ? normalizeDesiredReplicasWithBehaviors(w, hpa, st, currentReplicas, desiredReplicas, minReplicas, opts)
      : normalizeDesiredReplicas(w, hpa, st, currentReplicas, desiredReplicas, minReplicas, opts);
    rescale = desiredReplicas !== currentReplicas;
  }

  if (rescale) {
    if (input.failScaleUpdate !== undefined) {
      const err = input.failScaleUpdate;
      event(w, 'Warning', 'FailedRescale', `New size: ${desiredReplicas}; reason: ${rescaleReason}; error: ${err}`);
      setCondition(w, 'AbleToScale', 'False', 'FailedUpdateScale', `the HPA controller was unable to update the target scale: ${err}`);
      return finish(w, st, prevLastScaleTime, currentReplicas, prevDesired, metricStatuses, false, undefined, `failed to rescale ${reference}: ${err}`);
    }
    setCondition(w, 'AbleToScale', 'True', 'SucceededRescale', `the HPA controller was able to update the target scale to ${desiredReplicas}`);
    event(w, 'Normal', 'SuccessfulRescale', `New size: ${desiredReplicas}; reason: ${rescaleReason}`);
    const behavior = hpa.spec.behavior as { scaleUp?: DefaultedScalingRules; scaleDown?: DefaultedScalingRules } | undefined;
    const stored = storeScaleEvent(
      behavior ? { scaleUp: behavior.scaleUp, scaleDown: behavior.scaleDown } : undefined,
      st.scaleUpEvents,
      st.scaleDownEvents,
      currentReplicas,
      desiredReplicas,
      now,
    );
    st.scaleUpEvents = stored.scaleUpEvents;
    st.scaleDownEvents = stored.scaleDownEvents;
    return finish(w, st, prevLastScaleTime, currentReplicas, desiredReplicas, metricStatuses, true, rescaleReason, retErr);
  }
  return finish(w, st, prevLastScaleTime, currentReplicas, currentReplicas, metricStatuses, false, undefined, retErr);
}

/**
 * Legacy normalization (no behavior): downscale stabilization, then the clamp with the
 * per-sync scale-up cap.
 * mirrors horizontal.go normalizeDesiredReplicas
 */
function normalizeDesiredReplicas(
  w: Work,
  hpa: HorizontalPodAutoscaler,
  st: { recommendations?: TimestampedRecommendation[] },
  currentReplicas: number,
  prenormalizedDesiredReplicas: number,
  minReplicas: number,
  opts: HPAOptions,
): number {
  const s = stabilizeRecommendation(st.recommendations ?? [], prenormalizedDesiredReplicas, w.now, opts.downscaleStabilizationWindowSeconds);
  st.recommendations = s.recommendations;
  if (s.replicas !== prenormalizedDesiredReplicas) {
    setCondition(w, 'AbleToScale', 'True', 'ScaleDownStabilized', 'recent recommendations were higher than current one, applying the highest recent recommendation');
  } else {
    setCondition(w, 'AbleToScale', 'True', 'ReadyForNewScale', 'recommended size matches current size');
  }
  const r = convertDesiredReplicasWithRules(currentReplicas, s.replicas, minReplicas, hpa.spec.maxReplicas, opts.scaleUpLimitFactor, opts.scaleUpLimitMinimum);
  setCondition(w, 'ScalingLimited', r.replicas === s.replicas ? 'False' : 'True', r.reason, r.message);
  return r.replicas;
}

/**
 * Behavior normalization: stabilization windows, then the policies' rate limits and [min, max].
 * mirrors horizontal.go normalizeDesiredReplicasWithBehaviors
 */
function normalizeDesiredReplicasWithBehaviors(
  w: Work,
  hpa: HorizontalPodAutoscaler,
  st: { recommendations?: TimestampedRecommendation[]; scaleUpEvents: TimestampedScaleEvent[]; scaleDownEvents: TimestampedScaleEvent[] },
  currentReplicas: number,
  prenormalizedDesiredReplicas: number,
  minReplicas: number,
  opts: HPAOptions,
): number {
  const behavior = hpa.spec.behavior as { scaleUp: DefaultedScalingRules; scaleDown: DefaultedScalingRules };
  const args: NormalizationArg = {
    scaleUpBehavior: resolveRules(behavior.scaleUp, 0),
    scaleDownBehavior: resolveRules(behavior.scaleDown, opts.downscaleStabilizationWindowSeconds),
    minReplicas,
    maxReplicas: hpa.spec.maxReplicas,
    currentReplicas,
    desiredReplicas: prenormalizedDesiredReplicas,
  };
  const s = stabilizeRecommendationWithBehaviors(args, st.recommendations ?? [], w.now);
  st.recommendations = s.recommendations;
  args.desiredReplicas = s.replicas;
  if (s.replicas !== prenormalizedDesiredReplicas) setCondition(w, 'AbleToScale', 'True', s.reason, s.message);
  else setCondition(w, 'AbleToScale', 'True', 'ReadyForNewScale', 'recommended size matches current size');
  const r = convertDesiredReplicasWithBehaviorRate(args, st.scaleUpEvents, st.scaleDownEvents, w.now);
  setCondition(w, 'ScalingLimited', r.replicas === s.replicas ? 'False' : 'True', r.reason, r.message);
  return r.replicas;
}
