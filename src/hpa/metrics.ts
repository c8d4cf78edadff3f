/**
 * The HPA's view of the metrics APIs over a {@link MetricsSnapshot}, and the usage-ratio
 * arithmetic. mirrors pkg/controller/podautoscaler/metrics/client.go (resource, custom and
 * external clients) and metrics/utilization.go.
 */
import type { CrossVersionObjectReference } from '../model/types.ts';
import type { ContainerUsage, MetricsSnapshot } from './types.ts';

/** One pod's sample (upstream metrics.PodMetric): value in milli-units, times in seconds. */
export interface PodMetric {
  value: number;
  timestamp: number;
  window: number;
}

/** pod name → sample (upstream metrics.PodMetricsInfo). */
export type PodMetricsInfo = Map<string, PodMetric>;

/** A failure that makes one metric invalid (upstream returns it as an error). */
export class HPAMetricError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HPAMetricError';
  }
}

/** metrics-server's default window when a custom metric carries none (upstream metricServerDefaultMetricWindow). */
export const DEFAULT_METRIC_WINDOW = 60;

/**
 * Per-pod samples of `resource` (summed over containers, or of the one named `container`).
 * A pod lacking the resource on any container (or lacking the named container) has no sample.
 * mirrors metrics/client.go resourceMetricsClient.GetResourceMetric, getPodMetrics, getContainerMetrics
 */
export function getResourceMetric(
  snapshot: MetricsSnapshot,
  resource: string,
  container: string,
): { metrics: PodMetricsInfo; timestamp: number } {
  const r = snapshot.resource;
  const res: PodMetricsInfo = new Map();
  let podCount = 0;
  if (r) {
    if (r.pods instanceof Map) {
      (r.pods as ReadonlyMap<string, Record<string, ContainerUsage>>).forEach((containers, pod) => {
        podCount++;
        addPodSample(res, pod, containers, resource, container, r.timestamp, r.windowSeconds);
      });
    } else {
      const pods = r.pods as Record<string, Record<string, ContainerUsage>>;
      // for..in over the API's plain object: the own keys in order, without allocating a key list
      for (const pod in pods) {
        podCount++;
        addPodSample(res, pod, pods[pod], resource, container, r.timestamp, r.windowSeconds);
      }
    }
  }
  if (!r || podCount === 0) throw new HPAMetricError('no metrics returned from resource metrics API');
  return { metrics: res, timestamp: r.timestamp };
}

/** One pod's sample of `resource` (of the named container, or summed over all), unless one is missing. */
function addPodSample(
  res: PodMetricsInfo,
  pod: string,
  containers: Record<string, ContainerUsage>,
  resource: string,
  container: string,
  timestamp: number,
  window: number,
): void {
  if (container !== '') {
    const c = containers[container];
    if (c !== undefined && c[resource] !== undefined) res.set(pod, { value: usageMilli(resource, c[resource]), timestamp, window });
    return;
  }
  let sum = 0;
  let any = false;
  for (const n in containers) {
    any = true;
    const v = containers[n][resource];
    if (v === undefined) return;
    sum += usageMilli(resource, v);
  }
  if (any) res.set(pod, { value: sum, timestamp, window });
}

/** Memory arrives in bytes (as metrics-server reports it); upstream works in MilliValue. */
function usageMilli(resource: string, v: number): number {
  return resource === 'memory' ? Math.ceil(v * 1000) : Math.ceil(v);
}

/**
 * Per-pod samples of a custom metric.
 * mirrors metrics/client.go customMetricsClient.GetRawMetric
 */
export function getRawMetric(snapshot: MetricsSnapshot, metricName: string): { metrics: PodMetricsInfo; timestamp: number } {
  const p = snapshot.pods;
  const byPod = p?.byMetric[metricName];
  const names = byPod ? Object.keys(byPod) : [];
  if (!p || !byPod || names.length === 0) throw new HPAMetricError('no metrics returned from custom metrics API');
  const res: PodMetricsInfo = new Map();
  const window = p.windowSeconds ?? DEFAULT_METRIC_WINDOW;
  for (const pod of names) res.set(pod, { value: byPod[pod], timestamp: p.timestamp, window });
  return { metrics: res, timestamp: p.timestamp };
}

/**
 * The value of a metric describing one object.
 * mirrors metrics/client.go customMetricsClient.GetObjectMetric
 */
export function getObjectMetric(
  snapshot: MetricsSnapshot,
  metricName: string,
  ref: CrossVersionObjectReference,
  now: number,
): { value: number; timestamp: number } {
  for (const s of snapshot.object ?? []) {
    const o = s.describedObject;
    if (s.metric !== metricName || o.kind !== ref.kind || o.name !== ref.name) continue;
    if (o.apiVersion && ref.apiVersion && o.apiVersion !== ref.apiVersion) continue;
    return { value: s.milliValue, timestamp: s.timestamp ?? now };
  }
  throw new HPAMetricError(
    `unable to fetch metrics from custom metrics API: the server could not find the metric ${metricName} for ${ref.kind.toLowerCase()}s ${ref.name}`,
  );
}

/**
 * The values of an external metric.
 * mirrors metrics/client.go externalMetricsClient.GetExternalMetric
 */
export function getExternalMetric(snapshot: MetricsSnapshot, metricName: string): number[] {
  const vals = snapshot.external?.[metricName];
  if (!vals || vals.length === 0) throw new HPAMetricError('no metrics returned from external metrics API');
  return vals;
}

const MAX_INT32 = 2147483647;
const MIN_INT32 = -2147483648;

const MAX_INT64 = (1n << 63n) - 1n;
const MIN_INT64 = -(1n << 63n);

/**
 * A simulated value as the int64 milli-value upstream reads (resource.Quantity.MilliValue):
 * fractions truncated, beyond the int64 range (a load model's numbers can reach Infinity)
 * saturated, NaN as 0. BigInt() itself throws a RangeError on Infinity, NaN and fractions.
 */
export function toInt64(v: number): bigint {
  if (Number.isNaN(v)) return 0n;
  if (v === Infinity) return MAX_INT64;
  if (v === -Infinity) return MIN_INT64;
  const b = BigInt(Math.trunc(v));
  return b > MAX_INT64 ? MAX_INT64 : b < MIN_INT64 ? MIN_INT64 : b;
}

/**
 * Utilization (integer percent of request, truncated) over pods with both a sample and a
 * request, the ratio to the target, and the raw average (truncated).
 * mirrors metrics/utilization.go GetResourceUtilizationRatio (exact big-int totals, int32 clamp)
 */
export function getResourceUtilizationRatio(
  metrics: PodMetricsInfo,
  requests: ReadonlyMap<string, number>,
  targetUtilization: number,
): { usageRatio: number; utilization: number; rawAverageValue: number } {
  // Exact in doubles when every value is a non-negative integer and the totals stay safe (the usual case).
  let total = 0;
  let requested = 0;
  let entries = 0;
  let exact = true;
  for (const [pod, m] of metrics) {
    const request = requests.get(pod);
    if (request === undefined) continue;
    if (!(Number.isInteger(m.value) && m.value >= 0 && Number.isInteger(request) && request >= 0)) {
      exact = false;
      break;
    }
    total += m.value;
    requested += request;
    entries++;
  }
  if (exact && Number.isSafeInteger(total * 100) && Number.isSafeInteger(requested)) {
    if (requested === 0) throw new HPAMetricError('no metrics returned matched known pods');
    const pct = Math.floor((total * 100) / requested);
    const utilization = pct > MAX_INT32 ? MAX_INT32 : pct;
    return { usageRatio: utilization / targetUtilization, utilization, rawAverageValue: Math.floor(total / entries) };
  }
  // int64 maths as upstream's: values are int64 (milli-units), sums and products wrap on overflow
  let metricsTotal = 0n;
  let requestsTotal = 0n;
  let numEntries = 0n;
  for (const [pod, m] of metrics) {
    const request = requests.get(pod);
    // requests missing = extraneous metrics (missing requests are checked elsewhere)
    if (request === undefined) continue;
    metricsTotal = BigInt.asIntN(64, metricsTotal + toInt64(m.value));
    requestsTotal = BigInt.asIntN(64, requestsTotal + toInt64(request));
    numEntries++;
  }
  if (requestsTotal === 0n) throw new HPAMetricError('no metrics returned matched known pods');
  const pct = BigInt.asIntN(64, metricsTotal * 100n) / requestsTotal;
  const utilization = pct > BigInt(MAX_INT32) ? MAX_INT32 : pct < BigInt(MIN_INT32) ? MIN_INT32 : Number(pct);
  return { usageRatio: utilization / targetUtilization, utilization, rawAverageValue: Number(metricsTotal / numEntries) };
}

/**
 * Average usage (truncated) over every sample, including samples of pods not in the pod list,
 * and its ratio to the target.
 * mirrors metrics/utilization.go GetMetricUsageRatio
 */
export function getMetricUsageRatio(metrics: PodMetricsInfo, targetUsage: number): { usageRatio: number; usage: number } {
  let total = 0n;
  for (const m of metrics.values()) total = BigInt.asIntN(64, total + toInt64(m.value));
  const usage = Number(total / BigInt(metrics.size));
  return { usageRatio: usage / targetUsage, usage };
}
