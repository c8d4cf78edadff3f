/**
 * Per-metric replica proposals: the HPA's ReplicaCalculator.
 * mirrors pkg/controller/podautoscaler/replica_calculator.go (v1.35: per-direction
 * Tolerances, pod-level requests, int32 caps on Object/External proposals).
 */
import { parseQuantity, quantityMilliValue } from '../model/quantity.ts';
import type { Container, Pod, ResourceList } from '../model/types.ts';
import {
  DEFAULT_METRIC_WINDOW,
  getExternalMetric,
  getMetricUsageRatio,
  getObjectMetric,
  getRawMetric,
  getResourceMetric,
  getResourceUtilizationRatio,
  HPAMetricError,
  toInt64,
  type PodMetricsInfo,
} from './metrics.ts';
import type { MetricsSnapshot } from './types.ts';
import { GO_ZERO_TIME, parseTime } from './util.ts';
import type { CrossVersionObjectReference } from '../model/types.ts';

const MAX_INT32 = 2147483647;
const MAX_INT64 = 9223372036854775807;

/**
 * Usage-ratio tolerances. v1.33+ tests `1 − scaleDown ≤ ratio ≤ 1 + scaleUp` (v1.32 and
 * earlier tested `|1 − ratio| ≤ tolerance`; they differ at ratio = 1 + tolerance exactly).
 */
export interface Tolerances {
  scaleDown: number;
  scaleUp: number;
}

/** True when `usageRatio` is inside the dead band. mirrors replica_calculator.go Tolerances.isWithin */
export function isWithinTolerance(t: Tolerances, usageRatio: number): boolean {
  return 1.0 - t.scaleDown <= usageRatio && usageRatio <= 1.0 + t.scaleUp;
}

/** What the calculator needs besides the metrics: the pods (already selected) and the controller flags. */
export interface ReplicaCalculatorContext {
  /** Current time (seconds). */
  now: number;
  /** Pods in the namespace matching the target's selector. */
  pods: readonly Pod[];
  /** --horizontal-pod-autoscaler-cpu-initialization-period (seconds). */
  cpuInitializationPeriodSeconds: number;
  /** --horizontal-pod-autoscaler-initial-readiness-delay (seconds). */
  delayOfInitialReadinessStatusSeconds: number;
  /** Feature gate PodLevelResources. */
  podLevelResources: boolean;
}

/** Result of grouping pods (upstream groupPods' four return values). */
export interface PodGroups {
  readyPodCount: number;
  unreadyPods: Set<string>;
  missingPods: Set<string>;
  ignoredPods: Set<string>;
}

function podName(p: Pod): string {
  return p.metadata.name ?? '';
}

function readyCondition(p: Pod) {
  return p.status?.conditions?.find((c) => c.type === 'Ready');
}

type PodCondition = NonNullable<NonNullable<Pod['status']>['conditions']>[number];

/** What groupPods reads from a pod status: the Ready condition and the parsed times. */
interface Readiness {
  condition: PodCondition | undefined;
  startTime: number | undefined;
  /** The Ready condition's lastTransitionTime (Go's zero time when unset). */
  lastTransition: number;
}

// Pods are lister objects, never written to (a status change is a new status object): derive once per status.
const readinessCache = new WeakMap<object, Readiness>();

function readinessOf(status: Pod['status']): Readiness {
  const hit = status === undefined ? undefined : readinessCache.get(status);
  if (hit !== undefined) return hit;
  let condition: PodCondition | undefined;
  for (const c of status?.conditions ?? []) {
    if (c.type === 'Ready') {
      condition = c;
      break;
    }
  }
  const r: Readiness = {
    condition,
    startTime: parseTime(status?.startTime),
    lastTransition: condition === undefined ? GO_ZERO_TIME : (parseTime(condition.lastTransitionTime) ?? GO_ZERO_TIME),
  };
  if (status !== undefined) readinessCache.set(status, r);
  return r;
}

/**
 * Sorts pods into ignored (deleted or Failed), unready (Pending; for cpu also not-yet-trusted
 * samples), missing (no sample) and ready.
 * mirrors replica_calculator.go groupPods
 */
export function groupPods(
  pods: readonly Pod[],
  metrics: PodMetricsInfo,
  resource: string,
  cpuInitializationPeriodSeconds: number,
  delayOfInitialReadinessStatusSeconds: number,
  now: number,
): PodGroups {
  const unreadyPods = new Set<string>();
  const missingPods = new Set<string>();
  const ignoredPods = new Set<string>();
  let readyPodCount = 0;
  for (const pod of pods) {
    const name = podName(pod);
    const phase = pod.status?.phase;
    if (pod.metadata.deletionTimestamp !== undefined || phase === 'Failed') {
      ignoredPods.add(name);
      continue;
    }
    if (phase === 'Pending') {
      unreadyPods.add(name);
      continue;
    }
    const metric = metrics.get(name);
    if (metric === undefined) {
      missingPods.add(name);
      continue;
    }
    if (resource === 'cpu') {
      let unready: boolean;
      const { condition, startTime, lastTransition } = readinessOf(pod.status);
      if (condition === undefined || startTime === undefined) {
        unready = true;
      } else {
        if (startTime + cpuInitializationPeriodSeconds > now) {
          // Still initializing: drop the sample if unready or if its window began before the pod became ready.
          unready = condition.status === 'False' || metric.timestamp < lastTransition + metric.window;
        } else {
          // Drop the sample only if the pod is unready and has never been ready.
          unready = condition.status === 'False' && startTime + delayOfInitialReadinessStatusSeconds > lastTransition;
        }
      }
      if (unready) {
        unreadyPods.add(name);
        continue;
      }
    }
    readyPodCount++;
  }
  return { readyPodCount, unreadyPods, missingPods, ignoredPods };
}

/** Container requests after API-server defaulting (requests default from limits). */
function effectiveRequests(c: { resources?: { requests?: ResourceList; limits?: ResourceList } }): ResourceList {
  return { ...(c.resources?.limits ?? {}), ...(c.resources?.requests ?? {}) };
}

const isPodLevelResource = (name: string): boolean => name === 'cpu' || name === 'memory' || name.startsWith('hugepages-');

function isPodLevelRequestsSet(pod: Pod): boolean {
  const r = pod.spec.resources;
  if (!r) return false;
  if (Object.keys(r.requests ?? {}).length > 0) return true;
  return Object.keys(r.limits ?? {}).some(isPodLevelResource);
}

/**
 * Pod-level request of `resource`: component-helpers PodRequests (containers aggregated with
 * init containers, pod-level values for supported resources, plus overhead).
 * mirrors replica_calculator.go calculatePodLevelRequests
 */
function calculatePodLevelRequests(pod: Pod, resource: string): number {
  const podLevel = effectiveRequests(pod.spec);
  let value: number | undefined;
  if (isPodLevelResource(resource) && podLevel[resource] !== undefined) {
    value = quantityMilliValue(parseQuantity(podLevel[resource]));
  } else {
    let sum: number | undefined;
    for (const c of pod.spec.containers) {
      const q = effectiveRequests(c)[resource];
      if (q !== undefined) sum = (sum ?? 0) + quantityMilliValue(parseQuantity(q));
    }
    let initMax: number | undefined;
    let sidecars = 0;
    for (const c of pod.spec.initContainers ?? []) {
      const q = effectiveRequests(c)[resource];
      const v = q === undefined ? 0 : quantityMilliValue(parseQuantity(q));
      if (c.restartPolicy === 'Always') {
        if (q !== undefined) sum = (sum ?? 0) + v;
        sidecars += v;
        if (q !== undefined) initMax = Math.max(initMax ?? 0, sidecars);
      } else if (q !== undefined) {
        initMax = Math.max(initMax ?? 0, v + sidecars);
      }
    }
    if (initMax !== undefined) sum = Math.max(sum ?? 0, initMax);
    value = sum;
  }
  const overhead = pod.spec.overhead?.[resource];
  if (overhead !== undefined) value = (value ?? 0) + quantityMilliValue(parseQuantity(overhead));
  if (value === undefined) throw new HPAMetricError(`missing pod-level request for ${resource} in Pod ${podName(pod)}`);
  return value;
}

/**
 * Sum of the containers' (and restartable init containers') requests of `resource`, or of the
 * one named `container`. Any considered container without the request fails the metric.
 * mirrors replica_calculator.go calculatePodRequestsFromContainers
 */
export function calculatePodRequestsFromContainers(pod: Pod, container: string, resource: string): number {
  const containers: Container[] = [...pod.spec.containers];
  for (const c of pod.spec.initContainers ?? []) if (c.restartPolicy === 'Always') containers.push(c);
  let request = 0;
  for (const c of containers) {
    if (container === '' || container === c.name) {
      const q = effectiveRequests(c)[resource];
      if (q === undefined) throw new HPAMetricError(`missing request for ${resource} in container ${c.name} of Pod ${podName(pod)}`);
      request += quantityMilliValue(parseQuantity(q));
    }
    // container names are unique inside the pod
    if (container === c.name) return request;
  }
  if (container !== '') throw new HPAMetricError(`container ${container} not found in Pod ${podName(pod)}`);
  return request;
}

/** Requests per pod spec, by `podLevel/container/resource` (failures are not cached: they throw with the pod's name). */
const requestCache = new WeakMap<Pod['spec'], Map<string, number>>();

/**
 * Request of `resource` per pod (milli-units), for every pod in the list.
 * mirrors replica_calculator.go calculateRequests
 */
export function calculateRequests(pods: readonly Pod[], container: string, resource: string, podLevelResources: boolean): Map<string, number> {
  const requests = new Map<string, number>();
  const key = `${podLevelResources ? 1 : 0}/${container}/${resource}`;
  let lastSpec: Pod['spec'] | undefined;
  let lastValue = 0;
  for (const pod of pods) {
    // The request depends on the spec alone; pods of one template share theirs, so parse once.
    if (pod.spec !== lastSpec) {
      lastValue = requestOf(pod, key, container, resource, podLevelResources);
      lastSpec = pod.spec;
    }
    requests.set(podName(pod), lastValue);
  }
  return requests;
}

/** One pod's request of `resource` (cached per spec under `key`; throws as calculateRequests does). */
function requestOf(pod: Pod, key: string, container: string, resource: string, podLevelResources: boolean): number {
  let bySpec = requestCache.get(pod.spec);
  let v = bySpec?.get(key);
  if (v === undefined) {
    const usePodLevel = podLevelResources && isPodLevelRequestsSet(pod) && container === '';
    v = usePodLevel ? calculatePodLevelRequests(pod, resource) : calculatePodRequestsFromContainers(pod, container, resource);
    if (!bySpec) requestCache.set(pod.spec, (bySpec = new Map()));
    bySpec.set(key, v);
  }
  return v;
}

/** Deletes the samples of `pods`. mirrors replica_calculator.go removeMetricsForPods */
export function removeMetricsForPods(metrics: PodMetricsInfo, pods: ReadonlySet<string>): void {
  for (const p of pods) metrics.delete(p);
}

/** Proposal of a Utilization target. */
export interface ResourceReplicasResult {
  replicaCount: number;
  /** Integer percent of request (pre-rebalance). */
  utilization: number;
  /** Average raw usage per counted pod (milli-units, pre-rebalance). */
  rawUtilization: number;
  timestamp: number;
}

/**
 * Replicas for a target utilization (percent of request) of `resource`, with the missing/unready
 * rebalance. `container` non-empty selects a ContainerResource metric.
 * mirrors replica_calculator.go GetResourceReplicas
 */
export function getResourceReplicas(
  ctx: ReplicaCalculatorContext,
  snapshot: MetricsSnapshot,
  currentReplicas: number,
  targetUtilization: number,
  resource: string,
  tolerances: Tolerances,
  container: string,
): ResourceReplicasResult {
  const fast = alignedResourceReplicas(ctx, snapshot, currentReplicas, targetUtilization, resource, tolerances, container);
  if (fast !== undefined) return fast;
  let fetched;
  try {
    fetched = getResourceMetric(snapshot, resource, container);
  } catch (e) {
    throw new HPAMetricError(`unable to get metrics for resource ${resource}: ${(e as Error).message}`);
  }
  const { metrics, timestamp } = fetched;
  const podList = ctx.pods;
  if (podList.length === 0) throw new HPAMetricError('no pods returned by selector while calculating replica count');

  const g = groupPods(podList, metrics, resource, ctx.cpuInitializationPeriodSeconds, ctx.delayOfInitialReadinessStatusSeconds, ctx.now);
  removeMetricsForPods(metrics, g.ignoredPods);
  removeMetricsForPods(metrics, g.unreadyPods);
  if (metrics.size === 0) throw new HPAMetricError('did not receive metrics for targeted pods (pods might be unready)');

  const requests = calculateRequests(podList, container, resource, ctx.podLevelResources);
  const { usageRatio, utilization, rawAverageValue } = getResourceUtilizationRatio(metrics, requests, targetUtilization);

  const scaleUpWithUnready = g.unreadyPods.size > 0 && usageRatio > 1.0;
  if (!scaleUpWithUnready && g.missingPods.size === 0) {
    if (isWithinTolerance(tolerances, usageRatio)) {
      return { replicaCount: currentReplicas, utilization, rawUtilization: rawAverageValue, timestamp };
    }
    // no unready or missing pods: the proposal can be computed now
    return { replicaCount: Math.ceil(usageRatio * g.readyPodCount), utilization, rawUtilization: rawAverageValue, timestamp };
  }

  if (g.missingPods.size > 0) {
    if (usageRatio < 1.0) {
      // scale-down: missing pods use 100% of request, or the target when it exceeds 100%
      const fallbackUtilization = BigInt(Math.max(100, targetUtilization));
      for (const p of g.missingPods) {
        metrics.set(p, { value: Number((toInt64(requests.get(p) ?? 0) * fallbackUtilization) / 100n), timestamp: 0, window: 0 });
      }
    } else if (usageRatio > 1.0) {
      // scale-up: missing pods use 0% of request
      for (const p of g.missingPods) metrics.set(p, { value: 0, timestamp: 0, window: 0 });
    }
  }
  if (scaleUpWithUnready) {
    // scale-up: unready pods use 0% of request
    for (const p of g.unreadyPods) metrics.set(p, { value: 0, timestamp: 0, window: 0 });
  }

  const newUsageRatio = getResourceUtilizationRatio(metrics, requests, targetUtilization).usageRatio;
  if (
    isWithinTolerance(tolerances, newUsageRatio) ||
    (usageRatio < 1.0 && newUsageRatio > 1.0) ||
    (usageRatio > 1.0 && newUsageRatio < 1.0)
  ) {
    // too small a change, or the rebalance would flip the direction
    return { replicaCount: currentReplicas, utilization, rawUtilization: rawAverageValue, timestamp };
  }
  const newReplicas = Math.ceil(newUsageRatio * metrics.size);
  if ((newUsageRatio < 1.0 && newReplicas > currentReplicas) || (newUsageRatio > 1.0 && newReplicas < currentReplicas)) {
    // the number of samples would flip the direction
    return { replicaCount: currentReplicas, utilization, rawUtilization: rawAverageValue, timestamp };
  }
  return { replicaCount: newReplicas, utilization, rawUtilization: rawAverageValue, timestamp };
}

/** Proposal of an average-value target. */
export interface PlainReplicasResult {
  replicaCount: number;
  /** Average usage per sample (milli-units, pre-rebalance). */
  usage: number;
  timestamp: number;
}

/**
 * Replicas for a per-pod average value over `metrics` (missing pods count as the target on
 * scale-down, 0 on scale-up; unready pods as 0 on scale-up).
 * mirrors replica_calculator.go calcPlainMetricReplicas
 */
export function calcPlainMetricReplicas(
  ctx: ReplicaCalculatorContext,
  metrics: PodMetricsInfo,
  currentReplicas: number,
  targetUsage: number,
  tolerances: Tolerances,
  resource: string,
): { replicaCount: number; usage: number } {
  const podList = ctx.pods;
  if (podList.length === 0) throw new HPAMetricError('no pods returned by selector while calculating replica count');
  const g = groupPods(podList, metrics, resource, ctx.cpuInitializationPeriodSeconds, ctx.delayOfInitialReadinessStatusSeconds, ctx.now);
  removeMetricsForPods(metrics, g.ignoredPods);
  removeMetricsForPods(metrics, g.unreadyPods);
  if (metrics.size === 0) throw new HPAMetricError('did not receive metrics for targeted pods (pods might be unready)');

  const { usageRatio, usage } = getMetricUsageRatio(metrics, targetUsage);
  const scaleUpWithUnready = g.unreadyPods.size > 0 && usageRatio > 1.0;
  if (!scaleUpWithUnready && g.missingPods.size === 0) {
    if (isWithinTolerance(tolerances, usageRatio)) return { replicaCount: currentReplicas, usage };
    return { replicaCount: Math.ceil(usageRatio * g.readyPodCount), usage };
  }
  if (g.missingPods.size > 0) {
    if (usageRatio < 1.0) {
      // scale-down: missing pods use exactly the target
      for (const p of g.missingPods) metrics.set(p, { value: targetUsage, timestamp: 0, window: 0 });
    } else if (usageRatio > 1.0) {
      for (const p of g.missingPods) metrics.set(p, { value: 0, timestamp: 0, window: 0 });
    }
  }
  if (scaleUpWithUnready) {
    for (const p of g.unreadyPods) metrics.set(p, { value: 0, timestamp: 0, window: 0 });
  }
  const newUsageRatio = getMetricUsageRatio(metrics, targetUsage).usageRatio;
  if (
    isWithinTolerance(tolerances, newUsageRatio) ||
    (usageRatio < 1.0 && newUsageRatio > 1.0) ||
    (usageRatio > 1.0 && newUsageRatio < 1.0)
  ) {
    return { replicaCount: currentReplicas, usage };
  }
  const newReplicas = Math.ceil(newUsageRatio * metrics.size);
  if ((newUsageRatio < 1.0 && newReplicas > currentReplicas) || (newUsageRatio > 1.0 && newReplicas < currentReplicas)) {
    return { replicaCount: currentReplicas, usage };
  }
  return { replicaCount: newReplicas, usage };
}

/**
 * Replicas for a per-pod average value of `resource` (AverageValue target).
 * mirrors replica_calculator.go GetRawResourceReplicas
 */
export function getRawResourceReplicas(
  ctx: ReplicaCalculatorContext,
  snapshot: MetricsSnapshot,
  currentReplicas: number,
  targetUsage: number,
  resource: string,
  tolerances: Tolerances,
  container: string,
): PlainReplicasResult {
  const a = alignedResource(ctx, snapshot, resource, container);
  if (a !== undefined) {
    if (a.listed === 0) throw new HPAMetricError(`unable to get metrics for resource ${resource}: no metrics returned from resource metrics API`);
    const r = alignedPlainReplicas(ctx, snapshot.aligned!.stamp, a.values, a.timestamp, a.windowSeconds, currentReplicas, targetUsage, tolerances, resource);
    if (r !== undefined) return { ...r, timestamp: a.timestamp };
  }
  let fetched;
  try {
    fetched = getResourceMetric(snapshot, resource, container);
  } catch (e) {
    throw new HPAMetricError(`unable to get metrics for resource ${resource}: ${(e as Error).message}`);
  }
  const r = calcPlainMetricReplicas(ctx, fetched.metrics, currentReplicas, targetUsage, tolerances, resource);
  return { ...r, timestamp: fetched.timestamp };
}

/**
 * Replicas for a per-pod custom metric (Pods source).
 * mirrors replica_calculator.go GetMetricReplicas
 */
export function getMetricReplicas(
  ctx: ReplicaCalculatorContext,
  snapshot: MetricsSnapshot,
  currentReplicas: number,
  targetUsage: number,
  metricName: string,
  tolerances: Tolerances,
): PlainReplicasResult {
  const custom = snapshot.aligned?.custom;
  const values = custom !== undefined && snapshot.aligned!.pods === ctx.pods && Object.isFrozen(ctx.pods) ? custom.values(metricName) : undefined;
  if (values !== undefined && hasSample(values)) {
    const window = custom!.windowSeconds ?? DEFAULT_METRIC_WINDOW;
    const r = alignedPlainReplicas(ctx, snapshot.aligned!.stamp, values, custom!.timestamp, window, currentReplicas, targetUsage, tolerances, '');
    if (r !== undefined) return { ...r, timestamp: custom!.timestamp };
  }
  let fetched;
  try {
    fetched = getRawMetric(snapshot, metricName);
  } catch (e) {
    throw new HPAMetricError(`unable to get metric ${metricName}: ${(e as Error).message}`);
  }
  const r = calcPlainMetricReplicas(ctx, fetched.metrics, currentReplicas, targetUsage, tolerances, '');
  return { ...r, timestamp: fetched.timestamp };
}

/**
 * Number of pods that are Running with Ready=True.
 * mirrors replica_calculator.go getReadyPodsCount
 */
export function getReadyPodsCount(pods: readonly Pod[]): number {
  if (pods.length === 0) throw new HPAMetricError('no pods returned by selector while calculating replica count');
  let n = 0;
  for (const p of pods) if (p.status?.phase === 'Running' && readyCondition(p)?.status === 'True') n++;
  return n;
}

/**
 * Replicas from a usage ratio and the ready-pod count; with currentReplicas 0 it is ceil(ratio)
 * without tolerance (scale from zero).
 * mirrors replica_calculator.go getUsageRatioReplicaCount
 */
export function getUsageRatioReplicaCount(ctx: ReplicaCalculatorContext, currentReplicas: number, usageRatio: number, tolerances: Tolerances): number {
  if (currentReplicas !== 0) {
    if (isWithinTolerance(tolerances, usageRatio)) return currentReplicas;
    let readyPodCount: number;
    try {
      readyPodCount = getReadyPodsCount(ctx.pods);
    } catch (e) {
      throw new HPAMetricError(`unable to calculate ready pods: ${(e as Error).message}`);
    }
    const f = usageRatio * readyPodCount;
    return f > MAX_INT32 ? MAX_INT32 : Math.ceil(f);
  }
  return Math.ceil(usageRatio);
}

/**
 * Replicas for an Object metric with a Value target.
 * mirrors replica_calculator.go GetObjectMetricReplicas
 */
export function getObjectMetricReplicas(
  ctx: ReplicaCalculatorContext,
  snapshot: MetricsSnapshot,
  currentReplicas: number,
  targetUsage: number,
  metricName: string,
  tolerances: Tolerances,
  namespace: string,
  objectRef: CrossVersionObjectReference,
): { replicaCount: number; usage: number; timestamp: number } {
  let usage: number;
  try {
    usage = getObjectMetric(snapshot, metricName, objectRef, ctx.now).value;
  } catch (e) {
    throw new HPAMetricError(`unable to get metric ${metricName}: ${objectRef.kind} on ${namespace} ${objectRef.name}/${(e as Error).message}`);
  }
  const usageRatio = usage / targetUsage;
  // upstream discards the metric's timestamp here and returns the zero time
  return { replicaCount: getUsageRatioReplicaCount(ctx, currentReplicas, usageRatio, tolerances), usage, timestamp: GO_ZERO_TIME };
}

/**
 * Replicas for an Object metric with an AverageValue target (uses status replicas; pods not consulted).
 * mirrors replica_calculator.go GetObjectPerPodMetricReplicas
 */
export function getObjectPerPodMetricReplicas(
  ctx: ReplicaCalculatorContext,
  snapshot: MetricsSnapshot,
  statusReplicas: number,
  targetAverageUsage: number,
  metricName: string,
  tolerances: Tolerances,
  namespace: string,
  objectRef: CrossVersionObjectReference,
): { replicaCount: number; usage: number; timestamp: number } {
  let fetched;
  try {
    fetched = getObjectMetric(snapshot, metricName, objectRef, ctx.now);
  } catch (e) {
    throw new HPAMetricError(`unable to get metric ${metricName}: ${objectRef.kind} on ${namespace} ${objectRef.name}/${(e as Error).message}`);
  }
  const usage = fetched.value;
  let replicaCount = statusReplicas;
  const usageRatio = usage / (targetAverageUsage * replicaCount);
  if (!isWithinTolerance(tolerances, usageRatio)) replicaCount = Math.ceil(usage / targetAverageUsage);
  return { replicaCount, usage: Math.ceil(usage / statusReplicas), timestamp: fetched.timestamp };
}

function sumExternal(values: readonly number[]): number {
  let usage = 0;
  for (const v of values) {
    // capped at MaxInt64 on overflow
    if (v > 0 && usage > MAX_INT64 - v) return MAX_INT64;
    usage += v;
  }
  return usage;
}

/**
 * Replicas for an External metric with a Value target (sum of the values vs the target).
 * mirrors replica_calculator.go GetExternalMetricReplicas
 */
export function getExternalMetricReplicas(
  ctx: ReplicaCalculatorContext,
  snapshot: MetricsSnapshot,
  currentReplicas: number,
  targetUsage: number,
  metricName: string,
  tolerances: Tolerances,
  namespace: string,
  selectorText: string,
): { replicaCount: number; usage: number; timestamp: number } {
  let values: number[];
  try {
    values = getExternalMetric(snapshot, metricName);
  } catch (e) {
    throw new HPAMetricError(`unable to get external metric ${namespace}/${metricName}/${selectorText}: ${(e as Error).message}`);
  }
  const usage = sumExternal(values);
  const usageRatio = usage / targetUsage;
  return { replicaCount: getUsageRatioReplicaCount(ctx, currentReplicas, usageRatio, tolerances), usage, timestamp: GO_ZERO_TIME };
}

/**
 * Replicas for an External metric with an AverageValue target (uses status replicas).
 * mirrors replica_calculator.go GetExternalPerPodMetricReplicas
 */
export function getExternalPerPodMetricReplicas(
  ctx: ReplicaCalculatorContext,
  snapshot: MetricsSnapshot,
  statusReplicas: number,
  targetUsagePerPod: number,
  metricName: string,
  tolerances: Tolerances,
  namespace: string,
  selectorText: string,
): { replicaCount: number; usage: number; timestamp: number } {
  let values: number[];
  try {
    values = getExternalMetric(snapshot, metricName);
  } catch (e) {
    throw new HPAMetricError(`unable to get external metric ${namespace}/${metricName}/${selectorText}: ${(e as Error).message}`);
  }
  const usage = sumExternal(values);
  let replicaCount = statusReplicas;
  const usageRatio = usage / (targetUsagePerPod * replicaCount);
  if (!isWithinTolerance(tolerances, usageRatio)) {
    const r = Math.ceil(usage / targetUsagePerPod);
    replicaCount = r > MAX_INT32 ? MAX_INT32 : r;
  }
  const avg = usage >= MAX_INT64 ? MAX_INT64 : Math.ceil(usage / statusReplicas);
  return { replicaCount, usage: avg, timestamp: ctx.now };
}

// ---- index-aligned samples (MetricsSnapshot.aligned): the same answers without per-pod maps ----

const CAT_READY = 0;
const CAT_IGNORED = 1;
const CAT_UNREADY = 2;
const CAT_MISSING = 3;

/** groupPods' counts, and each pod's group in `cats` (index-aligned with the pods). */
interface AlignedGroups {
  ready: number;
  unready: number;
  missing: number;
  ignored: number;
  cats: Uint8Array;
}

/**
 * Per pod list, what groupPods reads of each pod, derived from the metadata and status objects
 * last seen at that index (a pod's metadata and status are replaced, never written to):
 * `kind` 0 not derived, 1 ignored (deleted or Failed), 2 Pending, 3 other; `ready` 0 no Ready
 * condition or no start time, 1 Ready=False, 2 any other status; start and transition times.
 */
interface PodFacts {
  metas: Pod['metadata'][];
  statuses: Pod['status'][];
  kind: Uint8Array;
  ready: Uint8Array;
  start: Float64Array;
  transition: Float64Array;
  /** The caller's stamp the facts were last checked at (AlignedSamples.stamp). */
  stamp: number | undefined;
  /** Per pod request under `requestKey` (valid while `requestStamp` is the stamp). */
  request: Float64Array;
  requestKey: string;
  requestStamp: number | undefined;
  /** Every request a non-negative safe integer. */
  requestExact: boolean;
}
const alignedFacts = new WeakMap<readonly Pod[], PodFacts>();
let catScratch = new Uint8Array(1024);

function podFacts(pods: readonly Pod[]): PodFacts {
  let f = alignedFacts.get(pods);
  if (f === undefined) {
    const n = pods.length;
    f = {
      metas: new Array(n).fill(undefined),
      statuses: new Array(n).fill(undefined),
      kind: new Uint8Array(n),
      ready: new Uint8Array(n),
      start: new Float64Array(n),
      transition: new Float64Array(n),
      stamp: undefined,
      request: new Float64Array(n),
      requestKey: '',
      requestStamp: undefined,
      requestExact: false,
    };
    alignedFacts.set(pods, f);
  }
  return f;
}

/** True when some value is a sample (not NaN). */
function hasSample(values: ArrayLike<number>): boolean {
  for (let i = 0; i < values.length; i++) if (values[i] === values[i]) return true;
  return false;
}

/**
 * groupPods over index-aligned values (NaN = no sample): the same groups, as counts and a group
 * per pod. `timestamp` and `window` are the samples' (all pods share them).
 */
function groupAligned(
  pods: readonly Pod[],
  values: ArrayLike<number>,
  resource: string,
  cpuInitializationPeriodSeconds: number,
  delayOfInitialReadinessStatusSeconds: number,
  now: number,
  timestamp: number,
  window: number,
  stamp: number | undefined,
): AlignedGroups {
  const n = pods.length;
  if (catScratch.length < n) catScratch = new Uint8Array(Math.max(n, catScratch.length * 2));
  const cats = catScratch;
  let ready = 0;
  let unready = 0;
  let missing = 0;
  let ignored = 0;
  const cpu = resource === 'cpu';
  const f = podFacts(pods);
  const { metas, statuses, kind, ready: readyFact, start, transition } = f;
  if (stamp === undefined || f.stamp !== stamp) {
    // re-derive what changed (pods whose metadata or status object was replaced)
    for (let i = 0; i < n; i++) {
      const pod = pods[i];
      const meta = pod.metadata;
      const status = pod.status;
      if (kind[i] !== 0 && metas[i] === meta && statuses[i] === status) continue;
      metas[i] = meta;
      statuses[i] = status;
      const phase = status?.phase;
      kind[i] = meta.deletionTimestamp !== undefined || phase === 'Failed' ? 1 : phase === 'Pending' ? 2 : 3;
      const r = readinessOf(status);
      readyFact[i] = r.condition === undefined || r.startTime === undefined ? 0 : r.condition.status === 'False' ? 1 : 2;
      start[i] = r.startTime ?? 0;
      transition[i] = r.lastTransition;
    }
    f.stamp = stamp;
  }
  for (let i = 0; i < n; i++) {
    const k = kind[i];
    if (k === 1) {
      cats[i] = CAT_IGNORED;
      ignored++;
      continue;
    }
    if (k === 2) {
      cats[i] = CAT_UNREADY;
      unready++;
      continue;
    }
    const v = values[i];
    if (v !== v) {
      cats[i] = CAT_MISSING;
      missing++;
      continue;
    }
    if (cpu) {
      const rf = readyFact[i];
      let isUnready: boolean;
      if (rf === 0) {
        isUnready = true;
      } else if (start[i] + cpuInitializationPeriodSeconds > now) {
        isUnready = rf === 1 || timestamp < transition[i] + window;
      } else {
        isUnready = rf === 1 && start[i] + delayOfInitialReadinessStatusSeconds > transition[i];
      }
      if (isUnready) {
        cats[i] = CAT_UNREADY;
        unready++;
        continue;
      }
    }
    cats[i] = CAT_READY;
    ready++;
  }
  return { ready, unready, missing, ignored, cats };
}

/** The aligned resource samples when they answer for this pod list, resource and container. */
function alignedResource(
  ctx: ReplicaCalculatorContext,
  snapshot: MetricsSnapshot,
  resource: string,
  container: string,
): { values: ArrayLike<number>; timestamp: number; windowSeconds: number; listed: number } | undefined {
  const a = snapshot.aligned;
  // a frozen list: the per-list caches cannot go stale by the list being written to
  if (a === undefined || a.resource === undefined || container !== '' || a.pods !== ctx.pods || !Object.isFrozen(a.pods)) return undefined;
  const values = a.resource.values(resource);
  if (values === undefined || values.length !== ctx.pods.length) return undefined;
  return { values, timestamp: a.resource.timestamp, windowSeconds: a.resource.windowSeconds, listed: a.resource.listed };
}

/**
 * getResourceReplicas over aligned samples, in doubles where upstream's int64 arithmetic is exact
 * (undefined otherwise, and when the samples do not answer: the caller takes the per-pod path).
 */
function alignedResourceReplicas(
  ctx: ReplicaCalculatorContext,
  snapshot: MetricsSnapshot,
  currentReplicas: number,
  targetUtilization: number,
  resource: string,
  tolerances: Tolerances,
  container: string,
): ResourceReplicasResult | undefined {
  const a = alignedResource(ctx, snapshot, resource, container);
  if (a === undefined || !Number.isSafeInteger(targetUtilization)) return undefined;
  if (a.listed === 0) throw new HPAMetricError(`unable to get metrics for resource ${resource}: no metrics returned from resource metrics API`);
  const podList = ctx.pods;
  if (podList.length === 0) throw new HPAMetricError('no pods returned by selector while calculating replica count');
  const { values, timestamp } = a;
  const stamp = snapshot.aligned!.stamp;
  const g = groupAligned(podList, values, resource, ctx.cpuInitializationPeriodSeconds, ctx.delayOfInitialReadinessStatusSeconds, ctx.now, timestamp, a.windowSeconds, stamp);
  if (g.ready === 0) throw new HPAMetricError('did not receive metrics for targeted pods (pods might be unready)');

  // calculateRequests: every pod in order (the first without the request fails the metric)
  const f = alignedRequests(podList, stamp, `${ctx.podLevelResources ? 1 : 0}/${container}/${resource}`, container, resource, ctx.podLevelResources);
  const requests = f.request;
  const fallbackUtilization = Math.max(100, targetUtilization);
  const cats = g.cats;
  let total = 0;
  let requested = 0;
  let missingRequested = 0;
  let missingFallback = 0;
  let unreadyRequested = 0;
  let exact = f.requestExact;
  for (let i = 0; i < podList.length; i++) {
    const request = requests[i];
    const c = cats[i];
    if (c === CAT_READY) {
      const v = values[i];
      if (!(Number.isSafeInteger(v) && v >= 0)) exact = false;
      total += v;
      requested += request;
    } else if (c === CAT_UNREADY) {
      unreadyRequested += request;
    } else if (c === CAT_MISSING) {
      missingRequested += request;
      const f = request * fallbackUtilization;
      if (!Number.isSafeInteger(f)) exact = false;
      missingFallback += Math.floor(f / 100);
    }
  }
  if (!exact || !Number.isSafeInteger(total * 100) || !Number.isSafeInteger(requested)) return undefined;
  if (requested === 0) throw new HPAMetricError('no metrics returned matched known pods');
  const pct = Math.floor((total * 100) / requested);
  const utilization = pct > MAX_INT32 ? MAX_INT32 : pct;
  const usageRatio = utilization / targetUtilization;
  const rawAverageValue = Math.floor(total / g.ready);

  const scaleUpWithUnready = g.unready > 0 && usageRatio > 1.0;
  if (!scaleUpWithUnready && g.missing === 0) {
    if (isWithinTolerance(tolerances, usageRatio)) return { replicaCount: currentReplicas, utilization, rawUtilization: rawAverageValue, timestamp };
    return { replicaCount: Math.ceil(usageRatio * g.ready), utilization, rawUtilization: rawAverageValue, timestamp };
  }
  // the rebalance: missing pods at the fallback (scale-down) or 0 (scale-up), unready pods at 0 on scale-up
  let total2 = total;
  let requested2 = requested;
  let size = g.ready;
  if (g.missing > 0) {
    if (usageRatio < 1.0) {
      total2 += missingFallback;
      requested2 += missingRequested;
      size += g.missing;
    } else if (usageRatio > 1.0) {
      requested2 += missingRequested;
      size += g.missing;
    }
  }
  if (scaleUpWithUnready) {
    requested2 += unreadyRequested;
    size += g.unready;
  }
  if (!Number.isSafeInteger(total2 * 100) || !Number.isSafeInteger(requested2)) return undefined;
  const pct2 = Math.floor((total2 * 100) / requested2);
  const newUsageRatio = (pct2 > MAX_INT32 ? MAX_INT32 : pct2) / targetUtilization;
  if (
    isWithinTolerance(tolerances, newUsageRatio) ||
    (usageRatio < 1.0 && newUsageRatio > 1.0) ||
    (usageRatio > 1.0 && newUsageRatio < 1.0)
  ) {
    return { replicaCount: currentReplicas, utilization, rawUtilization: rawAverageValue, timestamp };
  }
  const newReplicas = Math.ceil(newUsageRatio * size);
  if ((newUsageRatio < 1.0 && newReplicas > currentReplicas) || (newUsageRatio > 1.0 && newReplicas < currentReplicas)) {
    return { replicaCount: currentReplicas, utilization, rawUtilization: rawAverageValue, timestamp };
  }
  return { replicaCount: newReplicas, utilization, rawUtilization: rawAverageValue, timestamp };
}

/**
 * Every pod's request (calculateRequests, index-aligned), kept per pod list while the caller's
 * stamp holds. Throws as calculateRequests does (the first pod without the request).
 */
function alignedRequests(pods: readonly Pod[], stamp: number | undefined, key: string, container: string, resource: string, podLevelResources: boolean): PodFacts {
  const f = podFacts(pods);
  if (stamp !== undefined && f.requestStamp === stamp && f.requestKey === key) return f;
  f.requestStamp = undefined;
  let exact = true;
  let lastSpec: Pod['spec'] | undefined;
  let request = 0;
  for (let i = 0; i < pods.length; i++) {
    const pod = pods[i];
    if (pod.spec !== lastSpec) {
      request = requestOf(pod, key, container, resource, podLevelResources);
      lastSpec = pod.spec;
      if (!(Number.isSafeInteger(request) && request >= 0)) exact = false;
    }
    f.request[i] = request;
  }
  f.requestKey = key;
  f.requestExact = exact;
  f.requestStamp = stamp;
  return f;
}

/** Truncated integer division, as int64 division rounds. */
function truncDiv(a: number, b: number): number {
  return a >= 0 ? Math.floor(a / b) : -Math.floor(-a / b);
}

/**
 * calcPlainMetricReplicas over aligned values (undefined when the doubles would not be exact:
 * the caller takes the per-pod path).
 */
function alignedPlainReplicas(
  ctx: ReplicaCalculatorContext,
  stamp: number | undefined,
  values: ArrayLike<number>,
  timestamp: number,
  window: number,
  currentReplicas: number,
  targetUsage: number,
  tolerances: Tolerances,
  resource: string,
): { replicaCount: number; usage: number } | undefined {
  const podList = ctx.pods;
  if (values.length !== podList.length || !Number.isSafeInteger(targetUsage)) return undefined;
  if (podList.length === 0) throw new HPAMetricError('no pods returned by selector while calculating replica count');
  const g = groupAligned(podList, values, resource, ctx.cpuInitializationPeriodSeconds, ctx.delayOfInitialReadinessStatusSeconds, ctx.now, timestamp, window, stamp);
  if (g.ready === 0) throw new HPAMetricError('did not receive metrics for targeted pods (pods might be unready)');
  let total = 0;
  for (let i = 0; i < podList.length; i++) {
    if (g.cats[i] !== CAT_READY) continue;
    const v = values[i];
    if (!Number.isSafeInteger(v)) return undefined;
    total += v;
  }
  if (!Number.isSafeInteger(total)) return undefined;
  const usage = truncDiv(total, g.ready);
  const usageRatio = usage / targetUsage;
  const scaleUpWithUnready = g.unready > 0 && usageRatio > 1.0;
  if (!scaleUpWithUnready && g.missing === 0) {
    if (isWithinTolerance(tolerances, usageRatio)) return { replicaCount: currentReplicas, usage };
    return { replicaCount: Math.ceil(usageRatio * g.ready), usage };
  }
  let total2 = total;
  let size = g.ready;
  if (g.missing > 0) {
    if (usageRatio < 1.0) {
      total2 += targetUsage * g.missing;
      size += g.missing;
    } else if (usageRatio > 1.0) {
      size += g.missing;
    }
  }
  if (scaleUpWithUnready) size += g.unready;
  if (!Number.isSafeInteger(total2)) return undefined;
  const newUsageRatio = truncDiv(total2, size) / targetUsage;
  if (
    isWithinTolerance(tolerances, newUsageRatio) ||
    (usageRatio < 1.0 && newUsageRatio > 1.0) ||
    (usageRatio > 1.0 && newUsageRatio < 1.0)
  ) {
    return { replicaCount: currentReplicas, usage };
  }
  const newReplicas = Math.ceil(newUsageRatio * size);
  if ((newUsageRatio < 1.0 && newReplicas > currentReplicas) || (newUsageRatio > 1.0 && newReplicas < currentReplicas)) {
    return { replicaCount: currentReplicas, usage };
  }
  return { replicaCount: newReplicas, usage };
}
