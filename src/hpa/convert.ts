/**
 * autoscaling/v1 → autoscaling/v2 conversion of a HorizontalPodAutoscaler, as the API
 * server serves a v1 object at v2 (pkg/apis/autoscaling/v1/conversion.go): the CPU target
 * becomes a Resource Utilization metric; v2-only fields round-trip through the
 * `autoscaling.alpha.kubernetes.io/{metrics,behavior}` annotations.
 */
import type { HorizontalPodAutoscaler, HPAScalingRules, KubeObject, MetricSpec } from '../model/types.ts';

/** An autoscaling/v1 HorizontalPodAutoscaler (the fields the conversion reads). */
export interface HorizontalPodAutoscalerV1 extends KubeObject {
  kind: 'HorizontalPodAutoscaler';
  spec: {
    scaleTargetRef: { apiVersion?: string; kind: string; name: string };
    minReplicas?: number;
    maxReplicas: number;
    targetCPUUtilizationPercentage?: number;
  };
  status?: Record<string, unknown>;
}

const BEHAVIOR_ANNOTATION = 'autoscaling.alpha.kubernetes.io/behavior';
const METRICS_ANNOTATION = 'autoscaling.alpha.kubernetes.io/metrics';

function parseJSON<T>(s: string | undefined): T | undefined {
  if (s === undefined) return undefined;
  try {
    return JSON.parse(s) as T;
  } catch {
    return undefined;
  }
}

/** True for an object served at autoscaling/v1. */
export function isAutoscalingV1(o: KubeObject): o is HorizontalPodAutoscalerV1 {
  return o.apiVersion === 'autoscaling/v1' && o.kind === 'HorizontalPodAutoscaler';
}

/**
 * Converts an autoscaling/v1 HPA to autoscaling/v2 (v2 objects are returned unchanged).
 * mirrors pkg/apis/autoscaling/v1/conversion.go Convert_v1_HorizontalPodAutoscaler_To_autoscaling_HorizontalPodAutoscaler
 */
export function toAutoscalingV2(hpa: HorizontalPodAutoscaler | HorizontalPodAutoscalerV1): HorizontalPodAutoscaler {
  if (!isAutoscalingV1(hpa)) return hpa as HorizontalPodAutoscaler;
  const annotations = { ...(hpa.metadata.annotations ?? {}) };
  const metrics: MetricSpec[] = [];
  if (hpa.spec.targetCPUUtilizationPercentage !== undefined) {
    metrics.push({ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: hpa.spec.targetCPUUtilizationPercentage } } });
  }
  const extra = parseJSON<MetricSpec[]>(annotations[METRICS_ANNOTATION]);
  if (Array.isArray(extra)) metrics.push(...extra);
  const behavior = parseJSON<{ scaleUp?: HPAScalingRules; scaleDown?: HPAScalingRules }>(annotations[BEHAVIOR_ANNOTATION]);
  delete annotations[METRICS_ANNOTATION];
  delete annotations[BEHAVIOR_ANNOTATION];
  const spec: HorizontalPodAutoscaler['spec'] = {
    scaleTargetRef: { ...hpa.spec.scaleTargetRef },
    maxReplicas: hpa.spec.maxReplicas,
    ...(hpa.spec.minReplicas !== undefined ? { minReplicas: hpa.spec.minReplicas } : {}),
    ...(metrics.length > 0 ? { metrics } : {}),
    ...(behavior ? { behavior } : {}),
  };
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { ...hpa.metadata, annotations },
    spec,
    ...(hpa.status ? { status: hpa.status } : {}),
  };
}
