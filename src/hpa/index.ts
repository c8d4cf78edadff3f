/**
 * The HPA controller (autoscaling/v2, Kubernetes v1.35) as a library.
 *
 * - {@link reconcile}: one sync of one HPA (upstream reconcileAutoscaler), pure.
 * - The replica calculator and normalization steps, for finer-grained tests.
 * - `arbitraries`: fast-check generators for property tests of autoscaler settings.
 *
 * @example
 * ```ts
 * import { reconcile } from 'kubesim/hpa';
 * let state = {};
 * const r = reconcile({ now, hpa, scale: { specReplicas: 3, statusReplicas: 3, selector: 'app=web' }, pods, metrics, state });
 * state = r.state; // pass it to the next call, 15 s later
 * ```
 */
export { reconcile, DEFAULT_HPA_OPTIONS, setConditionInList, tolerancesForHpa } from './controller.ts';
export type {
  ContainerUsage,
  HPACondition,
  HPAEvent,
  HPAOptions,
  HPAState,
  HPAStatus,
  MetricStatus,
  MetricValueStatus,
  MetricsSnapshot,
  ObjectMetricSample,
  PodsMetricsSnapshot,
  ReconcileInput,
  ReconcileResult,
  ResourceMetricsSnapshot,
  ScaleSnapshot,
  TimestampedRecommendation,
  TimestampedScaleEvent,
} from './types.ts';
export {
  calcPlainMetricReplicas,
  calculatePodRequestsFromContainers,
  calculateRequests,
  getExternalMetricReplicas,
  getExternalPerPodMetricReplicas,
  getMetricReplicas,
  getObjectMetricReplicas,
  getObjectPerPodMetricReplicas,
  getRawResourceReplicas,
  getReadyPodsCount,
  getResourceReplicas,
  getUsageRatioReplicaCount,
  groupPods,
  isWithinTolerance,
  removeMetricsForPods,
} from './replica-calculator.ts';
export type { PlainReplicasResult, PodGroups, ReplicaCalculatorContext, ResourceReplicasResult, Tolerances } from './replica-calculator.ts';
export { getMetricUsageRatio, getResourceUtilizationRatio, HPAMetricError } from './metrics.ts';
export type { PodMetric, PodMetricsInfo } from './metrics.ts';
export {
  calculateScaleDownLimitWithBehaviors,
  calculateScaleUpLimit,
  calculateScaleUpLimitWithScalingRules,
  convertDesiredReplicasWithBehaviorRate,
  convertDesiredReplicasWithRules,
  defaultScaleDownRules,
  defaultScaleUpRules,
  generateHPAScaleDownRules,
  generateHPAScaleUpRules,
  getLongestPolicyPeriod,
  getReplicasChangePerPeriod,
  markScaleEventsOutdated,
  resolveRules,
  setDefaultsHPA,
  stabilizeRecommendation,
  stabilizeRecommendationWithBehaviors,
  storeScaleEvent,
} from './behavior.ts';
export type { DefaultedScalingRules, LimitResult, NormalizationArg, ResolvedScalingRules } from './behavior.ts';
export { isAutoscalingV1, toAutoscalingV2 } from './convert.ts';
export type { HorizontalPodAutoscalerV1 } from './convert.ts';
export { formatMilliQuantity, formatTime, parseSelectorString, parseTime, selectorToString } from './util.ts';
/** fast-check arbitraries (HPA specs with behavior, load curves, pod states, histories). */
export * as arbitraries from './arbitraries.ts';
