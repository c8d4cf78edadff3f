/**
 * Builders that reproduce upstream's HPA test fixtures (replica_calculator_test.go
 * buildFakePod / fake metrics clients, horizontal_test.go testCase.prepareTestClient) as
 * inputs of our pure functions.
 */
import type { HPAScalingRules, HorizontalPodAutoscaler, MetricSpec, Pod } from '../../src/model/types.ts';
import { parseQuantity, quantityMilliValue } from '../../src/model/quantity.ts';
import type { HPACondition, HPAOptions, MetricsSnapshot, ReconcileResult, TimestampedRecommendation } from '../../src/hpa/types.ts';
import type { ReplicaCalculatorContext, Tolerances } from '../../src/hpa/replica-calculator.ts';
import { reconcile } from '../../src/hpa/controller.ts';
import { formatTime, GO_ZERO_TIME } from '../../src/hpa/util.ts';

/** The fixed "time.Now()" of the ported tests (seconds). */
export const NOW = 1_700_000_000;
/** upstream defaultTestingTolerance. */
export const TEST_TOLERANCE = 0.1;
/** upstream defaultTestingTolerance as Tolerances. */
export const TEST_TOLERANCES: Tolerances = { scaleDown: TEST_TOLERANCE, scaleUp: TEST_TOLERANCE };
/** upstream defaultTestingCPUInitializationPeriod (2 min). */
export const TEST_CPU_INIT = 120;
/** upstream defaultTestingDelayOfInitialReadinessStatus (10 s). */
export const TEST_READINESS_DELAY = 10;
/** Go's zero metav1.Time, as RFC 3339. */
export const ZERO_TIME = formatTime(GO_ZERO_TIME);

/** horizontal_test.go hotCPUCreationTime (now). */
export const hotH = (): string => formatTime(NOW);
/** replica_calculator tests' hot pods: started within the 2 min initialization period. */
export const hot = (): string => formatTime(NOW - 60);
/** coolCPUCreationTime: 3 min ago, past the initialization period. */
export const cool = (): string => formatTime(NOW - 180);

export type Phase = 'Pending' | 'Running' | 'Succeeded' | 'Failed';
export type Ready = 'True' | 'False';

/** replica_calculator_test.go calcScenario. */
export interface CalcScenario {
  currentReplicas: number;
  /** per-pod cpu request of each of the two containers */
  requests?: string[];
  /** levels[i][j]: usage of container j+1 in pod i (a missing entry: an empty container metric) */
  levels?: number[][];
  podNames?: string[];
  container?: string;
  podReadiness?: Ready[];
  podStartTime?: string[];
  podPhase?: Phase[];
  podDeletionTimestamp?: boolean[];
  /** custom/external metric levels */
  metricLevels?: number[];
  /** sample timestamp (default Go's zero time, as upstream's fixtures) */
  timestamp?: number;
}

/** makePodMetricLevels: every container of pod i reports levels[i]. */
export function podLevels(...levels: number[]): number[][] {
  return levels.map((l) => [l, l]);
}

/** n identical requests. */
export function requests(n: number, v: string): string[] {
  return Array.from({ length: n }, () => v);
}

/** buildFakePod for every pod of the scenario. */
export function calcPods(f: CalcScenario): Pod[] {
  let count = f.currentReplicas;
  if (f.podPhase && f.podPhase.length > count) count = f.podPhase.length;
  const pods: Pod[] = [];
  for (let i = 0; i < count; i++) {
    const req = f.requests && i < f.requests.length ? { requests: { cpu: f.requests[i] } } : undefined;
    pods.push({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: `test-pod-${i}`,
        namespace: 'test-namespace',
        labels: { name: 'test-pod' },
        ...(f.podDeletionTimestamp?.[i] ? { deletionTimestamp: formatTime(NOW) } : {}),
      },
      spec: { containers: [{ name: 'container1', ...(req ? { resources: req } : {}) }, { name: 'container2', ...(req ? { resources: req } : {}) }] },
      status: {
        phase: f.podPhase?.[i] ?? 'Running',
        startTime: f.podStartTime?.[i] ?? ZERO_TIME,
        conditions: [{ type: 'Ready', status: f.podReadiness?.[i] ?? 'True' }],
      },
    });
  }
  return pods;
}

/** The fake metrics.k8s.io client: container j+1 of pod i uses levels[i][j]; a pod listing fewer levels has an empty container. */
export function calcResourceSnapshot(f: CalcScenario): MetricsSnapshot {
  const pods: Record<string, Record<string, Record<string, number>>> = {};
  (f.levels ?? []).forEach((lv, i) => {
    const name = f.podNames && f.podNames.length > i ? f.podNames[i] : `test-pod-${i}`;
    const cs: Record<string, Record<string, number>> = {};
    lv.forEach((v, j) => (cs[`container${j + 1}`] = { cpu: v }));
    if (lv.length < 2) cs[''] = {};
    pods[name] = cs;
  });
  return { resource: { timestamp: f.timestamp ?? GO_ZERO_TIME, windowSeconds: 60, pods } };
}

/** The fake custom/external metrics clients. */
export function calcMetricSnapshot(f: CalcScenario, name: string, object?: { kind: string; name: string; apiVersion?: string }): MetricsSnapshot {
  const levels = f.metricLevels ?? [];
  const byPod: Record<string, number> = {};
  levels.forEach((v, i) => (byPod[`test-pod-${i}`] = v));
  return {
    pods: { timestamp: f.timestamp ?? GO_ZERO_TIME, windowSeconds: 60, byMetric: { [name]: byPod } },
    object: object && levels.length > 0 ? [{ describedObject: object, metric: name, milliValue: levels[0] }] : [],
    external: { [name]: levels },
  };
}

/** ReplicaCalculator with upstream's testing settings. */
export function calcCtx(f: CalcScenario): ReplicaCalculatorContext {
  return {
    now: NOW,
    pods: calcPods(f),
    cpuInitializationPeriodSeconds: TEST_CPU_INIT,
    delayOfInitialReadinessStatusSeconds: TEST_READINESS_DELAY,
    podLevelResources: true,
  };
}

/** generateScalingRules(pods, podsPeriod, percent, percentPeriod, stabilizationWindow). */
export function generateScalingRules(pods: number, podsPeriod: number, percent: number, percentPeriod: number, stabilizationWindow: number): HPAScalingRules {
  const rules: HPAScalingRules = { stabilizationWindowSeconds: stabilizationWindow, selectPolicy: 'Max' };
  const policies = [];
  if (pods !== 0) policies.push({ type: 'Pods' as const, value: pods, periodSeconds: podsPeriod });
  if (percent !== 0) policies.push({ type: 'Percent' as const, value: percent, periodSeconds: percentPeriod });
  if (policies.length > 0) rules.policies = policies;
  return rules;
}

/** generateEventsUniformDistribution: events spread over the last `periodSeconds`, centred in equal segments. */
export function generateEventsUniformDistribution(raw: number[], periodSeconds: number, now = NOW) {
  const seg = periodSeconds / raw.length;
  return raw.map((v, idx) => {
    // upstream truncates the float seconds into a Duration (nanoseconds) and multiplies by time.Second
    const boundary = Math.trunc(periodSeconds - seg * (idx + 1) + seg / 2);
    return { replicaChange: v, timestamp: now - boundary, outdated: false };
  });
}

/** horizontal_test.go testCase (the fields the ported cases use). */
export interface HTestCase {
  minReplicas: number;
  maxReplicas: number;
  specReplicas: number;
  statusReplicas: number;
  scaleUpRules?: HPAScalingRules;
  scaleDownRules?: HPAScalingRules;
  CPUTarget?: number;
  CPUCurrent?: number;
  verifyCPUCurrent?: boolean;
  reportedLevels?: number[];
  reportedCPURequests?: string[];
  reportedPodReadiness?: Ready[];
  reportedPodStartTime?: string[];
  reportedPodPhase?: Phase[];
  reportedPodDeletionTimestamp?: boolean[];
  metricsTarget?: MetricSpec[];
  expectedDesiredReplicas: number;
  expectedConditions?: Pick<HPACondition, 'type' | 'status' | 'reason'>[];
  /** undefined = controller never saw the HPA; [] = seen, nothing recorded */
  recommendations?: TimestampedRecommendation[];
  lastScaleTime?: string;
  /** simulate a failing metrics API per kind */
  failResource?: boolean;
  failPods?: boolean;
  failObject?: boolean;
  failExternal?: boolean;
  scaleSelector?: string;
  scaleMissing?: boolean;
  failScaleUpdate?: string;
  otherHpas?: { name: string; selector: string }[];
  options?: Partial<HPAOptions>;
}

type Cond = Pick<HPACondition, 'type' | 'status' | 'reason'>;

/** statusOk. */
export const STATUS_OK: Cond[] = [
  { type: 'AbleToScale', status: 'True', reason: 'SucceededRescale' },
  { type: 'ScalingActive', status: 'True', reason: 'ValidMetricFound' },
  { type: 'ScalingLimited', status: 'False', reason: 'DesiredWithinRange' },
];

/** statusOkWithOverrides: statusOk with conditions replaced by type (appended when new). */
export function statusOkWithOverrides(...overrides: Cond[]): Cond[] {
  const out = STATUS_OK.map((c) => ({ ...c }));
  for (const o of overrides) {
    const i = out.findIndex((c) => c.type === o.type);
    if (i >= 0) out[i] = { ...o };
    else out.push({ ...o });
  }
  return out;
}

/** The HPA object of a test case (defaults applied by reconcile). */
export function testHPA(tc: HTestCase): HorizontalPodAutoscaler {
  const metrics: MetricSpec[] = [];
  if ((tc.CPUTarget ?? 0) > 0) metrics.push({ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: tc.CPUTarget } } });
  metrics.push(...(tc.metricsTarget ?? []));
  // upstream's fixture "manually adds the defaulting logic" without a target
  if (metrics.length === 0) metrics.push({ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization' } } });
  const behavior = tc.scaleUpRules || tc.scaleDownRules ? { ...(tc.scaleUpRules ? { scaleUp: tc.scaleUpRules } : {}), ...(tc.scaleDownRules ? { scaleDown: tc.scaleDownRules } : {}) } : undefined;
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'test-hpa', namespace: 'test-namespace' },
    spec: {
      scaleTargetRef: { kind: 'ReplicationController', name: 'test-rc', apiVersion: 'v1' },
      minReplicas: tc.minReplicas,
      maxReplicas: tc.maxReplicas,
      metrics,
      ...(behavior ? { behavior } : {}),
    },
    status: { currentReplicas: tc.specReplicas, desiredReplicas: tc.specReplicas, ...(tc.lastScaleTime ? { lastScaleTime: tc.lastScaleTime } : {}) },
  };
}

/** The pods the fake pod lister returns. */
export function testPods(tc: HTestCase): Pod[] {
  const n = tc.reportedCPURequests ? tc.reportedCPURequests.length : tc.statusReplicas;
  const pods: Pod[] = [];
  for (let i = 0; i < n; i++) {
    const req = tc.reportedCPURequests ? tc.reportedCPURequests[i] : '1.0';
    const half = `${Math.trunc(quantityMilliValue(parseQuantity(req)) / 2)}m`;
    const start = tc.reportedPodStartTime?.[i] ?? ZERO_TIME;
    pods.push({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: `test-pod-${i}`,
        namespace: 'test-namespace',
        labels: { name: 'test-pod' },
        ...(tc.reportedPodDeletionTimestamp?.[i] ? { deletionTimestamp: formatTime(NOW) } : {}),
      },
      spec: {
        containers: [
          { name: 'container1', resources: { requests: { cpu: half } } },
          { name: 'container2', resources: { requests: { cpu: half } } },
        ],
      },
      status: {
        phase: tc.reportedPodPhase?.[i] ?? 'Running',
        startTime: start,
        conditions: [{ type: 'Ready', status: tc.reportedPodReadiness?.[i] ?? 'True', lastTransitionTime: start }],
      },
    });
  }
  return pods;
}

/** The fake metrics clients: levels split over two containers, qps for pods/objects/external. */
export function testMetrics(tc: HTestCase): MetricsSnapshot {
  const levels = tc.reportedLevels ?? [];
  const resPods: Record<string, Record<string, Record<string, number>>> = {};
  const qps: Record<string, number> = {};
  levels.forEach((l, i) => {
    const half = Math.trunc(l / 2);
    resPods[`test-pod-${i}`] = { container1: { cpu: half, memory: 1024 * 512 }, container2: { cpu: half, memory: 1024 * 512 } };
    qps[`test-pod-${i}`] = l;
  });
  const objects = (tc.metricsTarget ?? [])
    .filter((m) => m.type === 'Object' && m.object)
    .map((m) => ({ describedObject: m.object!.describedObject, metric: 'qps', milliValue: levels[0] }));
  return {
    ...(tc.failResource ? {} : { resource: { timestamp: NOW, windowSeconds: 60, pods: resPods } }),
    ...(tc.failPods ? {} : { pods: { timestamp: NOW, windowSeconds: 60, byMetric: { qps } } }),
    object: tc.failObject ? [] : objects,
    external: tc.failExternal ? {} : { qps: levels },
  };
}

/** CPUCurrent as computeCPUCurrent derives it. */
export function expectedCPUCurrent(tc: HTestCase): number | undefined {
  if (tc.CPUCurrent !== undefined) return tc.CPUCurrent;
  const lv = tc.reportedLevels ?? [];
  const rq = tc.reportedCPURequests ?? [];
  if (lv.length !== rq.length || lv.length === 0) return undefined;
  const reported = lv.reduce((a, b) => a + b, 0);
  const requested = rq.reduce((a, r) => a + quantityMilliValue(parseQuantity(r)), 0);
  return Math.trunc((100 * reported) / requested);
}

/** Runs one reconcile of a horizontal_test.go case with upstream's test controller settings. */
export function runHTest(tc: HTestCase): ReconcileResult {
  return reconcile({
    now: NOW,
    hpa: testHPA(tc),
    scale: tc.scaleMissing
      ? null
      : { specReplicas: tc.specReplicas, statusReplicas: tc.statusReplicas, selector: tc.scaleSelector ?? 'name=test-pod' },
    pods: testPods(tc),
    metrics: testMetrics(tc),
    state: tc.recommendations ? { recommendations: tc.recommendations } : {},
    options: {
      tolerance: TEST_TOLERANCE,
      cpuInitializationPeriodSeconds: TEST_CPU_INIT,
      initialReadinessDelaySeconds: TEST_READINESS_DELAY,
      downscaleStabilizationWindowSeconds: 300,
      // horizontal_test.go init(): "set this high so we don't accidentally run into it when testing"
      scaleUpLimitFactor: 8,
      ...(tc.options ?? {}),
    },
    ...(tc.failScaleUpdate ? { failScaleUpdate: tc.failScaleUpdate } : {}),
    ...(tc.otherHpas ? { otherHpas: tc.otherHpas } : {}),
  });
}

/** Conditions without message and time, as upstream's harness compares them. */
export function bareConditions(r: ReconcileResult): Cond[] {
  return r.conditions.map((c) => ({ type: c.type, status: c.status, reason: c.reason }));
}
