/**
 * HorizontalPodAutoscaler in any served version → autoscaling/v2, as the API server converts
 * and defaults it: autoscaling/v1 (targetCPUUtilizationPercentage plus the
 * `autoscaling.alpha.kubernetes.io/metrics` annotation), v2beta1 (targetAverageValue-style
 * metrics), v2beta2 (same shape as v2).
 */
import type { HorizontalPodAutoscaler, HPAScalingRules, MetricSpec, MetricTarget } from '../model/types.ts';
import { Checker, isObject, type JsonObject } from './check.ts';
import { checkLabelSelector } from './schema.ts';
import type { FieldPath } from './path.ts';

/** Where autoscaling/v1 keeps metrics other than CPU utilization (autoscaling.MetricSpecsAnnotation). */
export const METRIC_SPECS_ANNOTATION = 'autoscaling.alpha.kubernetes.io/metrics';
/** Default CPU target when an HPA has no metrics (autoscaling.DefaultCPUUtilization). */
export const DEFAULT_CPU_UTILIZATION = 80;

const METRIC_TYPES = ['Resource', 'ContainerResource', 'Pods', 'Object', 'External'] as const;

function checkScaleTargetRef(c: Checker, spec: JsonObject): void {
  const ref = c.object(spec, 'scaleTargetRef', ['spec'], true)!;
  c.string(ref, 'kind', ['spec', 'scaleTargetRef'], true);
  c.string(ref, 'name', ['spec', 'scaleTargetRef'], true);
  c.string(ref, 'apiVersion', ['spec', 'scaleTargetRef']);
}

function checkReplicaBounds(c: Checker, spec: JsonObject): void {
  // HPAScaleToZero is alpha (off), so minReplicas ≥ 1 (pkg/apis/autoscaling/validation).
  const min = c.int(spec, 'minReplicas', ['spec'], { min: 1 });
  const max = c.int(spec, 'maxReplicas', ['spec'], { required: true, min: 1 })!;
  if (min !== undefined && min > max) c.fail(['spec', 'maxReplicas'], `must be greater than or equal to \`minReplicas\` (${min}), got ${max}`);
}

// --- autoscaling/v2 and v2beta2 -------------------------------------------------------------

function checkTarget(c: Checker, src: JsonObject, path: FieldPath, utilizationAllowed: boolean): void {
  const t = c.object(src, 'target', path, true)!;
  const tp: FieldPath = [...path, 'target'];
  const type = c.string(t, 'type', tp, true, ['Utilization', 'Value', 'AverageValue'])!;
  const util = c.int(t, 'averageUtilization', tp, { min: 1 });
  const value = c.quantity(t, 'value', tp);
  const avg = c.quantity(t, 'averageValue', tp);
  // mirrors pkg/apis/autoscaling/validation validateMetricTarget
  if (type === 'Utilization' && util === undefined) c.missing([...tp, 'averageUtilization']);
  if (type === 'Utilization' && !utilizationAllowed) c.fail([...tp, 'type'], 'must be Value or AverageValue for this metric source');
  if (type === 'Value' && value === undefined) c.missing([...tp, 'value']);
  if (type === 'AverageValue' && avg === undefined) c.missing([...tp, 'averageValue']);
  if (value !== undefined && value.num <= 0n) c.fail([...tp, 'value'], 'must be positive');
  if (avg !== undefined && avg.num <= 0n) c.fail([...tp, 'averageValue'], 'must be positive');
}

function checkMetricIdentifier(c: Checker, src: JsonObject, path: FieldPath): void {
  const m = c.object(src, 'metric', path, true)!;
  c.string(m, 'name', [...path, 'metric'], true);
  checkLabelSelector(c, m, 'selector', [...path, 'metric']);
}

function checkV2Metrics(c: Checker, spec: JsonObject): void {
  (c.objectList(spec, 'metrics', ['spec']) ?? []).forEach((m, i) => {
    const mp: FieldPath = ['spec', 'metrics', i];
    const type = c.string(m, 'type', mp, true, METRIC_TYPES)!;
    const key = type === 'Resource' ? 'resource' : type === 'ContainerResource' ? 'containerResource' : type.toLowerCase();
    const src = c.object(m, key, mp, true)!;
    const sp: FieldPath = [...mp, key];
    if (type === 'Resource' || type === 'ContainerResource') {
      c.string(src, 'name', sp, true);
      if (type === 'ContainerResource') c.string(src, 'container', sp, true);
      checkTarget(c, src, sp, true);
      return;
    }
    if (type === 'Object') {
      const d = c.object(src, 'describedObject', sp, true)!;
      c.string(d, 'kind', [...sp, 'describedObject'], true);
      c.string(d, 'name', [...sp, 'describedObject'], true);
      c.string(d, 'apiVersion', [...sp, 'describedObject']);
    }
    checkMetricIdentifier(c, src, sp);
    checkTarget(c, src, sp, false);
  });
}

function checkBehavior(c: Checker, spec: JsonObject): void {
  const b = c.object(spec, 'behavior', ['spec']);
  if (!b) return;
  for (const dir of ['scaleUp', 'scaleDown']) {
    const r = c.object(b, dir, ['spec', 'behavior']);
    if (!r) continue;
    const rp: FieldPath = ['spec', 'behavior', dir];
    // mirrors pkg/apis/autoscaling/validation validateScalingRules
    c.int(r, 'stabilizationWindowSeconds', rp, { min: 0, max: 3600 });
    c.string(r, 'selectPolicy', rp, false, ['Max', 'Min', 'Disabled']);
    c.quantity(r, 'tolerance', rp);
    const policies = c.objectList(r, 'policies', rp);
    if (policies && policies.length === 0) c.fail([...rp, 'policies'], 'must specify at least one Policy');
    (policies ?? []).forEach((p, i) => {
      const pp: FieldPath = [...rp, 'policies', i];
      c.string(p, 'type', pp, true, ['Pods', 'Percent']);
      c.int(p, 'value', pp, { required: true, min: 1 });
      c.int(p, 'periodSeconds', pp, { required: true, min: 1, max: 1800 });
    });
  }
}

// --- autoscaling/v1 annotation and v2beta1 metric format ------------------------------------

/** Checks one metric in the v2beta1 / v1-annotation format and converts it to v2. */
function convertLegacyMetric(c: Checker, m: JsonObject, mp: FieldPath): MetricSpec {
  const type = c.string(m, 'type', mp, true, METRIC_TYPES)!;
  const key = type === 'Resource' ? 'resource' : type === 'ContainerResource' ? 'containerResource' : type.toLowerCase();
  const src = c.object(m, key, mp, true)!;
  const sp: FieldPath = [...mp, key];
  const raw = (k: string): string | number | undefined => src[k] as string | number | undefined;
  switch (type) {
    case 'Resource':
    case 'ContainerResource': {
      const name = c.string(src, 'name', sp, true)!;
      const container = type === 'ContainerResource' ? c.string(src, 'container', sp, true)! : undefined;
      const util = c.int(src, 'targetAverageUtilization', sp, { min: 1 });
      c.quantity(src, 'targetAverageValue', sp);
      // mirrors v2beta1 Convert_v2beta1_ResourceMetricSource_To_autoscaling_ResourceMetricSource
      const target: MetricTarget =
        util !== undefined
          ? { type: 'Utilization', averageUtilization: util }
          : { type: 'AverageValue', averageValue: raw('targetAverageValue') ?? c.missing([...sp, 'targetAverageValue']) };
      if (util !== undefined && raw('targetAverageValue') !== undefined) target.averageValue = raw('targetAverageValue');
      return type === 'Resource'
        ? { type, resource: { name, target } }
        : { type, containerResource: { name, container: container!, target } };
    }
    case 'Pods': {
      const name = c.string(src, 'metricName', sp, true)!;
      checkLabelSelector(c, src, 'selector', sp);
      c.quantity(src, 'targetAverageValue', sp, true);
      const metric = isObject(src.selector) ? { name, selector: src.selector } : { name };
      return { type, pods: { metric, target: { type: 'AverageValue', averageValue: raw('targetAverageValue') } } };
    }
    case 'Object': {
      const t = c.object(src, 'target', sp, true)!;
      c.string(t, 'kind', [...sp, 'target'], true);
      c.string(t, 'name', [...sp, 'target'], true);
      c.string(t, 'apiVersion', [...sp, 'target']);
      const name = c.string(src, 'metricName', sp, true)!;
      checkLabelSelector(c, src, 'selector', sp);
      c.quantity(src, 'targetValue', sp, true);
      c.quantity(src, 'averageValue', sp);
      const metric = isObject(src.selector) ? { name, selector: src.selector } : { name };
      // mirrors Convert_v2beta1_ObjectMetricSource_To_autoscaling_ObjectMetricSource
      const target: MetricTarget =
        raw('averageValue') === undefined
          ? { type: 'Value', value: raw('targetValue') }
          : { type: 'AverageValue', value: raw('targetValue'), averageValue: raw('averageValue') };
      const d = t as { kind: string; name: string; apiVersion?: string };
      return { type, object: { describedObject: d, metric, target } };
    }
    default: {
      const name = c.string(src, 'metricName', sp, true)!;
      checkLabelSelector(c, src, 'metricSelector', sp);
      c.quantity(src, 'targetValue', sp);
      c.quantity(src, 'targetAverageValue', sp);
      if (raw('targetValue') === undefined && raw('targetAverageValue') === undefined) c.missing([...sp, 'targetValue']);
      const metric = isObject(src.metricSelector) ? { name, selector: src.metricSelector } : { name };
      // mirrors Convert_v2beta1_ExternalMetricSource_To_autoscaling_ExternalMetricSource
      const target: MetricTarget =
        raw('targetValue') !== undefined
          ? { type: 'Value', value: raw('targetValue') }
          : { type: 'AverageValue', averageValue: raw('targetAverageValue') };
      return { type: 'External', external: { metric, target } };
    }
  }
}

/** The API version an HPA manifest was written in, as served by a v1.35 API server (or older). */
export type HpaVersion = 'v1' | 'v2' | 'v2beta1' | 'v2beta2';

/**
 * Checks an HPA in its own version and returns the autoscaling/v2 object with API defaults
 * (minReplicas 1, CPU 80% when no metric, behavior filled only when set).
 * mirrors pkg/apis/autoscaling/v1/conversion.go Convert_v1_HorizontalPodAutoscaler_To_autoscaling_HorizontalPodAutoscaler
 * and pkg/apis/autoscaling/v2/defaults.go SetDefaults_HorizontalPodAutoscaler
 */
export function convertHpa(c: Checker, obj: JsonObject, version: HpaVersion): HorizontalPodAutoscaler {
  const spec = c.object(obj, 'spec', [], true)!;
  checkScaleTargetRef(c, spec);
  checkReplicaBounds(c, spec);
  let metrics: MetricSpec[] = [];
  const meta = obj.metadata as JsonObject;
  if (version === 'v1') {
    const cpu = c.int(spec, 'targetCPUUtilizationPercentage', ['spec'], { min: 1 });
    const annotations = (meta.annotations ?? {}) as Record<string, string>;
    const enc = annotations[METRIC_SPECS_ANNOTATION];
    if (enc !== undefined) {
      const ap: FieldPath = ['metadata', 'annotations', METRIC_SPECS_ANNOTATION];
      let list: unknown;
      try {
        list = JSON.parse(enc);
      } catch (err) {
        c.fail(ap, `invalid JSON: ${(err as Error).message}`);
      }
      if (!Array.isArray(list)) c.fail(ap, 'must be a JSON list of metric specs');
      const holder = { [METRIC_SPECS_ANNOTATION]: list } as JsonObject;
      const items = c.objectList(holder, METRIC_SPECS_ANNOTATION, ['metadata', 'annotations'])!;
      metrics = items.map((m, i) => convertLegacyMetric(c, m, [...ap, i]));
    }
    // The CPU target converted from targetCPUUtilizationPercentage goes after the annotation's metrics.
    if (cpu !== undefined) metrics.push({ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: cpu } } });
  } else if (version === 'v2beta1') {
    metrics = (c.objectList(spec, 'metrics', ['spec']) ?? []).map((m, i) => convertLegacyMetric(c, m, ['spec', 'metrics', i]));
  } else {
    checkV2Metrics(c, spec);
    checkBehavior(c, spec);
    metrics = (spec.metrics as MetricSpec[] | undefined) ?? [];
  }
  if (metrics.length === 0) {
    metrics = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: DEFAULT_CPU_UTILIZATION } } }];
  }
  const annotations = meta.annotations ? { ...(meta.annotations as Record<string, string>) } : undefined;
  if (annotations) delete annotations[METRIC_SPECS_ANNOTATION];
  const out: HorizontalPodAutoscaler = {
    ...(obj as JsonObject),
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { ...meta, ...(annotations ? { annotations } : {}) },
    spec: {
      scaleTargetRef: spec.scaleTargetRef as HorizontalPodAutoscaler['spec']['scaleTargetRef'],
      minReplicas: (spec.minReplicas as number | undefined) ?? 1,
      maxReplicas: spec.maxReplicas as number,
      metrics,
    },
  };
  const behavior = version === 'v2' || version === 'v2beta2' ? (spec.behavior as JsonObject | undefined) : undefined;
  if (behavior) {
    out.spec.behavior = {
      scaleUp: defaultScalingRules(behavior.scaleUp as HPAScalingRules | undefined, 'up'),
      scaleDown: defaultScalingRules(behavior.scaleDown as HPAScalingRules | undefined, 'down'),
    };
  }
  return out;
}

/**
 * Fills the unset fields of one direction's rules with the API defaults.
 * mirrors pkg/apis/autoscaling/v2/defaults.go GenerateHPAScaleUpRules / GenerateHPAScaleDownRules
 * (scale-down stabilization stays unset: the controller's --horizontal-pod-autoscaler-downscale-stabilization applies).
 */
export function defaultScalingRules(from: HPAScalingRules | undefined, dir: 'up' | 'down'): HPAScalingRules {
  const to: HPAScalingRules =
    dir === 'up'
      ? {
          stabilizationWindowSeconds: 0,
          selectPolicy: 'Max',
          policies: [
            { type: 'Pods', value: 4, periodSeconds: 15 },
            { type: 'Percent', value: 100, periodSeconds: 15 },
          ],
        }
      : { selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] };
  if (!from) return to;
  if (from.selectPolicy !== undefined) to.selectPolicy = from.selectPolicy;
  if (from.stabilizationWindowSeconds !== undefined) to.stabilizationWindowSeconds = from.stabilizationWindowSeconds;
  if (from.policies !== undefined) to.policies = from.policies;
  if (from.tolerance !== undefined) to.tolerance = from.tolerance;
  return to;
}
