/**
 * Input, output and state shapes of the HPA controller's one-reconcile function
 * (DESIGN.md §3). Everything here is plain, serializable data: times are seconds on the
 * same clock as the pods' RFC 3339 timestamps (Unix seconds), quantities are milli-units
 * as upstream's `MilliValue()` unless a field says otherwise.
 */
import type { CrossVersionObjectReference, HorizontalPodAutoscaler, LabelSelector, MetricIdentifier, Pod } from '../model/types.ts';

/**
 * Usage of one container as the resource metrics API (metrics.k8s.io) reports it:
 * `cpu` in millicores, `memory` in bytes, any other resource in milli-units.
 */
export type ContainerUsage = Record<string, number>;

/** What metrics.k8s.io returns for the pods of the target: per pod, per container usage. */
export interface ResourceMetricsSnapshot {
  /** When the samples were taken (seconds). */
  timestamp: number;
  /** Length of the window the samples average over (seconds; metrics-server reports 15–60 s). */
  windowSeconds: number;
  /**
   * pod name → container name → usage: a plain object, or a Map (cheaper to build for many
   * changing pod names); either way in the order the API lists the pods.
   */
  pods: Record<string, Record<string, ContainerUsage>> | ReadonlyMap<string, Record<string, ContainerUsage>>;
}

/** What custom.metrics.k8s.io returns for per-pod metrics. */
export interface PodsMetricsSnapshot {
  /** When the samples were taken (seconds). */
  timestamp: number;
  /** Window of the samples (seconds). */
  windowSeconds: number;
  /** metric name → pod name → value in milli-units. */
  byMetric: Record<string, Record<string, number>>;
}

/** One value of custom.metrics.k8s.io for a single object (an Object metric source). */
export interface ObjectMetricSample {
  /** The object the metric describes (kind and name must match the metric spec; apiVersion when both give one). */
  describedObject: CrossVersionObjectReference;
  /** Metric name. */
  metric: string;
  /** Value in milli-units. */
  milliValue: number;
  /** When the value was taken (seconds); defaults to `now`. */
  timestamp?: number;
}

/** What the metrics APIs would return for this HPA's metric specs. */
export interface MetricsSnapshot {
  /** metrics.k8s.io (Resource and ContainerResource sources). */
  resource?: ResourceMetricsSnapshot;
  /** custom.metrics.k8s.io per-pod metrics (Pods sources). */
  pods?: PodsMetricsSnapshot;
  /** custom.metrics.k8s.io object metrics (Object sources). */
  object?: ObjectMetricSample[];
  /** external.metrics.k8s.io: metric name → the list of values (milli-units) the API returns; they are summed. */
  external?: Record<string, number[]>;
  /**
   * The same resource and per-pod samples as `resource` and `pods`, in a form a simulator builds
   * without a per-pod object: values index-aligned with a pod list. Used only when that list is
   * the very array the reconcile selects (`pods` of the input, every pod matching), and only for
   * what its `values` answer; anything else reads `resource` and `pods`, which must hold the same
   * samples (pod names unique).
   */
  aligned?: AlignedSamples;
}

/** Per-pod samples index-aligned with a pod list (see {@link MetricsSnapshot.aligned}). */
export interface AlignedSamples {
  /** The pods the values follow. */
  pods: readonly Pod[];
  /**
   * Optional: a number that changes whenever a pod of `pods` may have changed (its metadata,
   * spec or status). Two calls with the same `pods` array and the same stamp promise unchanged
   * pods, so what was derived from them is reused without reading them again.
   */
  stamp?: number;
  /** metrics.k8s.io: what `resource` holds. */
  resource?: {
    timestamp: number;
    windowSeconds: number;
    /** How many pods the API lists (pods with a sample). */
    listed: number;
    /**
     * Per pod, the milli-value of `resource` summed over its containers, as the HPA reads it
     * (NaN: no sample, or a container without the resource); undefined when not answered here.
     */
    values(resource: string): ArrayLike<number> | undefined;
  };
  /** custom.metrics.k8s.io per-pod metrics: what `pods` holds. */
  custom?: {
    timestamp: number;
    windowSeconds: number;
    /** Per pod, the metric's value (NaN: no sample); undefined when not answered here. */
    values(metric: string): ArrayLike<number> | undefined;
  };
}

/** The target's scale subresource (autoscaling/v1 Scale). */
export interface ScaleSnapshot {
  /** scale.spec.replicas (upstream's currentReplicas). */
  specReplicas: number;
  /** scale.status.replicas (used by Object/External AverageValue targets). */
  statusReplicas: number;
  /**
   * scale.status.selector: a label selector string as the scale subresource carries it
   * (`app=web,tier in (a,b)`), or a LabelSelector object. Empty/absent → InvalidSelector.
   */
  selector?: string | LabelSelector;
}

/** One stored, pre-normalization recommendation (upstream timestampedRecommendation). */
export interface TimestampedRecommendation {
  /** Recommended replicas. */
  recommendation: number;
  /** When it was made (seconds). */
  timestamp: number;
}

/** One stored scale event (upstream timestampedScaleEvent); replicaChange is always ≥ 0. */
export interface TimestampedScaleEvent {
  /** Number of replicas added (scale-up list) or removed (scale-down list). */
  replicaChange: number;
  /** When the scale happened (seconds). */
  timestamp: number;
  /** Marked for reuse: older than the direction's longest policy period. */
  outdated: boolean;
}

/**
 * The controller's in-memory state for one HPA, carried from call to call.
 * A new HPA (or a restarted controller) has `{}`: `recommendations` absent means
 * "never seen" and seeds `{currentReplicas, now}` (upstream recordInitialRecommendation);
 * an empty array means "seen, nothing recorded".
 */
export interface HPAState {
  /** Pre-normalization recommendations. */
  recommendations?: TimestampedRecommendation[];
  /** Scale-up events (behavior path only). */
  scaleUpEvents?: TimestampedScaleEvent[];
  /** Scale-down events (behavior path only). */
  scaleDownEvents?: TimestampedScaleEvent[];
}

/** kube-controller-manager HPA settings and feature gates that change decisions. */
export interface HPAOptions {
  /** --horizontal-pod-autoscaler-tolerance (0.1). */
  tolerance: number;
  /** --horizontal-pod-autoscaler-cpu-initialization-period in seconds (300). */
  cpuInitializationPeriodSeconds: number;
  /** --horizontal-pod-autoscaler-initial-readiness-delay in seconds (30). */
  initialReadinessDelaySeconds: number;
  /** --horizontal-pod-autoscaler-downscale-stabilization in seconds (300). */
  downscaleStabilizationWindowSeconds: number;
  /** Legacy (no behavior) per-sync scale-up cap factor (upstream scaleUpLimitFactor, 2; upstream's unit tests use 8). */
  scaleUpLimitFactor: number;
  /** Legacy per-sync scale-up cap minimum (upstream scaleUpLimitMinimum, 4). */
  scaleUpLimitMinimum: number;
  /** --horizontal-pod-autoscaler-sync-period in seconds (15); used by the engine to schedule calls. */
  syncPeriodSeconds: number;
  /**
   * Feature gate HPAConfigurableTolerance: honour behavior.scaleUp/scaleDown.tolerance.
   * Alpha (off) in v1.33–v1.34, beta and on by default in v1.35.
   */
  configurableTolerance: boolean;
  /** Feature gate PodLevelResources (beta, on in v1.35): use pod-level requests when set and no container is named. */
  podLevelResources: boolean;
}

/** The full input of {@link reconcile}. */
export interface ReconcileInput {
  /** Current time in seconds. */
  now: number;
  /** The HPA (autoscaling/v2; convert v1 with `toAutoscalingV2`). Its status carries the previous conditions. */
  hpa: HorizontalPodAutoscaler;
  /** The target's scale subresource; `null` simulates a failed GET (AbleToScale=False/FailedGetScale). */
  scale: ScaleSnapshot | null;
  /** Pods in the HPA's namespace (filtered here by namespace and the scale's selector). */
  pods: readonly Pod[];
  /** What the metrics APIs return. */
  metrics: MetricsSnapshot;
  /** State from the previous call (`{}` for a new HPA). */
  state?: HPAState;
  /** Controller settings; unset fields take kube-controller-manager's defaults. */
  options?: Partial<HPAOptions>;
  /**
   * The other HPAs of the namespace with their targets' selectors: if any of this HPA's pods is
   * also selected by one of them, scaling stops with ScalingActive=False/AmbiguousSelector.
   */
  otherHpas?: readonly { name: string; selector: string | LabelSelector }[];
  /** Simulates a failed scale update with this error text (AbleToScale=False/FailedUpdateScale). */
  failScaleUpdate?: string;
}

/** autoscaling/v2 HorizontalPodAutoscalerCondition. */
export interface HPACondition {
  type: 'AbleToScale' | 'ScalingActive' | 'ScalingLimited';
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
  /** RFC 3339. */
  lastTransitionTime: string;
}

/** autoscaling/v2 MetricValueStatus (quantities as canonical strings). */
export interface MetricValueStatus {
  value?: string;
  averageValue?: string;
  averageUtilization?: number;
}

/** autoscaling/v2 MetricStatus; a metric that failed to compute is reported as `{ type: '' }`, as upstream does. */
export interface MetricStatus {
  type: '' | 'Resource' | 'ContainerResource' | 'Pods' | 'Object' | 'External';
  resource?: { name: string; current: MetricValueStatus };
  containerResource?: { name: string; container: string; current: MetricValueStatus };
  pods?: { metric: MetricIdentifier; current: MetricValueStatus };
  object?: { describedObject?: CrossVersionObjectReference; metric: MetricIdentifier; current: MetricValueStatus };
  external?: { metric: MetricIdentifier; current: MetricValueStatus };
}

/** autoscaling/v2 HorizontalPodAutoscalerStatus as the controller writes it. */
export interface HPAStatus {
  currentReplicas: number;
  desiredReplicas: number;
  currentMetrics: MetricStatus[];
  conditions: HPACondition[];
  /** RFC 3339. */
  lastScaleTime?: string;
}

/** A Kubernetes Event the controller records (upstream eventRecorder calls). */
export interface HPAEvent {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
}

/** The result of one {@link reconcile}. */
export interface ReconcileResult {
  /** status.desiredReplicas after this call; the new scale when `scaleUpdated`. */
  desiredReplicas: number;
  /** True when the controller writes scale.spec.replicas = desiredReplicas this call. */
  scaleUpdated: boolean;
  /** The HPA's conditions after this call (the input's conditions, updated). */
  conditions: HPACondition[];
  /** status.currentMetrics. */
  currentMetrics: MetricStatus[];
  /** The full new status. */
  status: HPAStatus;
  /** State to pass to the next call. */
  state: HPAState;
  /** SuccessfulRescale reason text when the scale was written. */
  reason?: string;
  /** Events recorded this call (SuccessfulRescale, FailedGet*Metric, ...). */
  events: HPAEvent[];
  /** The error upstream's reconcileAutoscaler returns, if any (partial metric failures included). */
  error?: string;
}
