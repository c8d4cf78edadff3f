/**
 * Ports of pkg/controller/podautoscaler/replica_calculator_test.go (v1.35 line, refactored
 * table form TestReplicaCalcResourceScale plus the standalone tests). Facts and numbers are
 * upstream's; the fixtures are built by test/hpa/harness.ts like upstream's fake clients.
 */
import { describe, expect, it } from 'vitest';
import {
  calcCtx,
  calcMetricSnapshot,
  calcResourceSnapshot,
  cool,
  hot,
  podLevels,
  requests,
  TEST_TOLERANCE,
  TEST_TOLERANCES,
  type CalcScenario,
  NOW,
} from './harness.ts';
import {
  calculateRequests,
  calculatePodRequestsFromContainers,
  getExternalMetricReplicas,
  getExternalPerPodMetricReplicas,
  getMetricReplicas,
  getObjectMetricReplicas,
  getObjectPerPodMetricReplicas,
  getResourceReplicas,
  groupPods,
  isWithinTolerance,
  type Tolerances,
} from '../../src/hpa/replica-calculator.ts';
import type { PodMetricsInfo } from '../../src/hpa/metrics.ts';
import type { Pod } from '../../src/model/types.ts';
import { formatTime } from '../../src/hpa/util.ts';

interface ResourceCase {
  name: string;
  f: CalcScenario;
  target: number;
  replicas?: number;
  utilization?: number;
  raw?: number;
  error?: string;
  tolerances?: Tolerances;
}

function runResource(tc: ResourceCase) {
  const run = () =>
    getResourceReplicas(calcCtx(tc.f), calcResourceSnapshot(tc.f), tc.f.currentReplicas, tc.target, 'cpu', tc.tolerances ?? TEST_TOLERANCES, tc.f.container ?? '');
  if (tc.error !== undefined) {
    expect(run).toThrow(tc.error);
    return;
  }
  const r = run();
  expect(r.replicaCount).toBe(tc.replicas);
  expect(r.utilization).toBe(tc.utilization);
  expect(r.rawUtilization).toBe(tc.raw);
}

const C = 2; // numContainersPerPod

describe('replica_calculator_test.go TestReplicaCalcResourceScale', () => {
  const cases: ResourceCase[] = [
    { name: 'scale up', f: { currentReplicas: 3, requests: requests(3, '1.0'), levels: podLevels(300, 500, 700) }, target: 30, replicas: 5, utilization: 50, raw: C * 500 },
    {
      name: 'scale up: container metric',
      f: { currentReplicas: 3, container: 'container2', requests: requests(3, '1.0'), levels: [[1000, 300], [1000, 500], [1000, 700]] },
      target: 30, replicas: 5, utilization: 50, raw: 500,
    },
    {
      name: 'scale up: unready pod scales less',
      f: { currentReplicas: 3, podReadiness: ['False', 'True', 'True'], requests: requests(3, '1.0'), levels: podLevels(300, 500, 700) },
      target: 30, replicas: 4, utilization: 60, raw: C * 600,
    },
    {
      name: 'scale up: hot-CPU container scales less',
      f: { currentReplicas: 3, podStartTime: [hot(), cool(), cool()], container: 'container2', requests: requests(3, '1.0'), levels: [[0, 300], [0, 500], [0, 700]] },
      target: 30, replicas: 4, utilization: 60, raw: 600,
    },
    {
      name: 'scale up: hot-CPU pod scales less',
      f: { currentReplicas: 3, podStartTime: [hot(), cool(), cool()], requests: requests(3, '1.0'), levels: podLevels(300, 500, 700) },
      target: 30, replicas: 4, utilization: 60, raw: C * 600,
    },
    {
      name: 'no scale: unready pods ignored',
      f: { currentReplicas: 3, podReadiness: ['True', 'False', 'False'], requests: requests(3, '1.0'), levels: podLevels(400, 500, 700) },
      target: 30, replicas: 3, utilization: 40, raw: C * 400,
    },
    {
      name: 'no scale: hot-CPU pods ignored',
      f: { currentReplicas: 3, podReadiness: ['True', 'False', 'False'], podStartTime: [cool(), hot(), hot()], requests: requests(3, '1.0'), levels: podLevels(400, 500, 700) },
      target: 30, replicas: 3, utilization: 40, raw: C * 400,
    },
    {
      name: 'scale up: failed pods ignored',
      f: { currentReplicas: 2, podReadiness: ['True', 'True', 'False', 'False'], podPhase: ['Running', 'Running', 'Failed', 'Failed'], requests: requests(4, '1.0'), levels: podLevels(500, 700) },
      target: 30, replicas: 4, utilization: 60, raw: C * 600,
    },
    {
      name: 'scale up: failed pods ignored with missing container metric',
      f: {
        currentReplicas: 2, podReadiness: ['True', 'True', 'False', 'False'], podPhase: ['Running', 'Running', 'Failed', 'Failed'], container: 'container2',
        requests: requests(4, '1.0'), levels: [[1000, 500], [9000, 700], [1000], [9000]],
      },
      target: 30, replicas: 4, utilization: 60, raw: 600,
    },
    {
      name: 'scale up: container metrics with failed pods ignored',
      f: {
        currentReplicas: 2, podReadiness: ['True', 'True', 'False', 'False'], podPhase: ['Running', 'Running', 'Failed', 'Failed'], container: 'container2',
        requests: requests(4, '1.0'), levels: [[1000, 500], [9000, 700]],
      },
      target: 30, replicas: 4, utilization: 60, raw: 600,
    },
    {
      name: 'scale up: pods being deleted are ignored',
      f: {
        currentReplicas: 2, podReadiness: ['True', 'True', 'False', 'False'], podPhase: ['Running', 'Running', 'Running', 'Running'],
        podDeletionTimestamp: [false, false, true, true], requests: requests(4, '1.0'), levels: podLevels(500, 700),
      },
      target: 30, replicas: 4, utilization: 60, raw: C * 600,
    },
    {
      name: 'scale up: container metrics with pods being deleted ignored',
      f: {
        currentReplicas: 2, podReadiness: ['True', 'True', 'False', 'False'], podPhase: ['Running', 'Running', 'Running', 'Running'],
        podDeletionTimestamp: [false, false, true, true], container: 'container1', requests: requests(4, '1.0'), levels: podLevels(500, 700),
      },
      target: 30, replicas: 4, utilization: 60, raw: 600,
    },
    { name: 'scale down', f: { currentReplicas: 5, requests: requests(5, '1.0'), levels: podLevels(100, 300, 500, 250, 250) }, target: 50, replicas: 3, utilization: 28, raw: C * 280 },
    {
      name: 'scale down: container metric',
      f: { currentReplicas: 5, container: 'container2', requests: requests(5, '1.0'), levels: [[1000, 100], [1000, 300], [1000, 500], [1000, 250], [1000, 250]] },
      target: 50, replicas: 3, utilization: 28, raw: 280,
    },
    {
      name: 'scale down: exclude unready pods',
      f: { currentReplicas: 5, podReadiness: ['True', 'True', 'True', 'False', 'False'], requests: requests(5, '1.0'), levels: podLevels(100, 300, 500, 250, 250) },
      target: 50, replicas: 2, utilization: 30, raw: C * 300,
    },
    {
      name: 'scale down: container metric excludes unready pods',
      f: {
        currentReplicas: 5, podReadiness: ['True', 'True', 'True', 'False', 'False'], container: 'container2', requests: requests(5, '1.0'),
        levels: [[1000, 100], [1000, 300], [1000, 500], [1000, 250], [1000, 250]],
      },
      target: 50, replicas: 2, utilization: 30, raw: 300,
    },
    {
      name: 'scale down: exclude unscheduled pods',
      f: {
        currentReplicas: 5, podReadiness: ['True', 'False', 'False', 'False', 'False'], podPhase: ['Running', 'Pending', 'Pending', 'Pending', 'Pending'],
        requests: requests(5, '1.0'), levels: podLevels(100),
      },
      target: 50, replicas: 1, utilization: 10, raw: C * 100,
    },
    {
      name: 'scale down: container metric excludes unscheduled pods',
      f: {
        currentReplicas: 5, podReadiness: ['True', 'False', 'False', 'False', 'False'], podPhase: ['Running', 'Pending', 'Pending', 'Pending', 'Pending'],
        container: 'container2', requests: requests(5, '1.0'), levels: [[1000, 100], [1000, 300], [1000, 500], [1000, 250], [1000, 250]],
      },
      target: 50, replicas: 1, utilization: 10, raw: 100,
    },
    {
      name: 'scale down: ignore hot-CPU pods',
      f: { currentReplicas: 5, podStartTime: [cool(), cool(), cool(), hot(), hot()], requests: requests(5, '1.0'), levels: podLevels(100, 300, 500, 250, 250) },
      target: 50, replicas: 2, utilization: 30, raw: C * 300,
    },
    {
      name: 'scale down: container metric ignores hot-CPU pods',
      f: {
        currentReplicas: 5, podStartTime: [cool(), cool(), cool(), hot(), hot()], container: 'container2', requests: requests(5, '1.0'),
        levels: [[1000, 100], [1000, 300], [1000, 500], [1000, 1000], [1000, 1000]],
      },
      target: 50, replicas: 2, utilization: 30, raw: 300,
    },
    {
      name: 'scale down: failed pods ignored',
      f: {
        currentReplicas: 5, podReadiness: ['True', 'True', 'True', 'True', 'True', 'False', 'False'],
        podPhase: ['Running', 'Running', 'Running', 'Running', 'Running', 'Failed', 'Failed'], requests: requests(7, '1.0'), levels: podLevels(100, 300, 500, 250, 250),
      },
      target: 50, replicas: 3, utilization: 28, raw: C * 280,
    },
    {
      name: 'scale down: container metric with failed pods ignored',
      f: {
        currentReplicas: 5, podReadiness: ['True', 'True', 'True', 'True', 'True', 'False', 'False'],
        podPhase: ['Running', 'Running', 'Running', 'Running', 'Running', 'Failed', 'Failed'], container: 'container2', requests: requests(7, '1.0'),
        levels: [[1000, 100], [1000, 300], [1000, 500], [1000, 250], [1000, 250]],
      },
      target: 50, replicas: 3, utilization: 28, raw: 280,
    },
    {
      name: 'scale down: pods being deleted are ignored',
      f: {
        currentReplicas: 5, podReadiness: ['True', 'True', 'True', 'True', 'True', 'False', 'False'], podPhase: Array(7).fill('Running'),
        podDeletionTimestamp: [false, false, false, false, false, true, true], requests: requests(7, '1.0'), levels: podLevels(100, 300, 500, 250, 250),
      },
      target: 50, replicas: 3, utilization: 28, raw: C * 280,
    },
    {
      name: 'scale down: still-running pods being deleted are ignored',
      f: {
        currentReplicas: 5, podReadiness: ['True', 'True', 'True', 'True', 'True', 'False', 'False'], podPhase: Array(7).fill('Running'),
        podDeletionTimestamp: [false, false, false, false, false, true, true], container: 'container2', requests: requests(7, '1.0'),
        levels: [[1000, 100], [1000, 300], [1000, 500], [1000, 250], [1000, 250]],
      },
      target: 50, replicas: 3, utilization: 28, raw: 280,
    },
  ];
  for (const tc of cases) it(`"${tc.name}"`, () => runResource(tc));
});

describe('replica_calculator_test.go standalone resource tests', () => {
  it('TestReplicaCalcDisjointResourcesMetrics', () =>
    runResource({ name: '', f: { currentReplicas: 1, requests: ['1.0'], levels: podLevels(100), podNames: ['an-older-pod-name'] }, target: 100, error: 'no metrics returned matched known pods' }));
  it('TestReplicaCalcTolerance', () =>
    runResource({ name: '', f: { currentReplicas: 3, requests: ['0.9', '1.0', '1.1'], levels: podLevels(1010, 1030, 1020) }, target: 100, replicas: 3, utilization: 102, raw: C * 1020 }));
  it('TestReplicaCalcSuperfluousMetrics', () =>
    runResource({ name: '', f: { currentReplicas: 4, requests: requests(4, '1.0'), levels: podLevels(4000, 9500, 3000, 7000, 3200, 2000) }, target: 100, replicas: 24, utilization: 587, raw: C * 5875 }));
  it('TestReplicaCalcMissingMetrics', () =>
    runResource({ name: '', f: { currentReplicas: 4, requests: requests(4, '1.0'), levels: podLevels(400, 95) }, target: 100, replicas: 3, utilization: 24, raw: 495 }));
  it('TestReplicaCalcEmptyMetrics', () =>
    runResource({ name: '', f: { currentReplicas: 4, requests: requests(3, '1.0'), levels: [] }, target: 100, error: 'unable to get metrics for resource cpu: no metrics returned from resource metrics API' }));
  it('TestReplicaCalcEmptyCPURequest', () => runResource({ name: '', f: { currentReplicas: 1, requests: [], levels: podLevels(200) }, target: 100, error: 'missing request for' }));
  it('TestReplicaCalcMissingMetricsNoChangeEq', () =>
    runResource({ name: '', f: { currentReplicas: 2, requests: requests(2, '1.0'), levels: podLevels(1000) }, target: 100, replicas: 2, utilization: 100, raw: C * 1000 }));
  it('TestReplicaCalcMissingMetricsNoChangeGt', () =>
    runResource({ name: '', f: { currentReplicas: 2, requests: requests(2, '1.0'), levels: podLevels(1900) }, target: 100, replicas: 2, utilization: 190, raw: C * 1900 }));
  it('TestReplicaCalcMissingMetricsNoChangeLt', () =>
    runResource({ name: '', f: { currentReplicas: 2, requests: requests(2, '1.0'), levels: podLevels(600) }, target: 100, replicas: 2, utilization: 60, raw: C * 600 }));
  it('TestReplicaCalcMissingMetricsUnreadyChange', () =>
    runResource({ name: '', f: { currentReplicas: 3, podReadiness: ['False', 'True', 'True'], requests: requests(3, '1.0'), levels: podLevels(100, 450) }, target: 50, replicas: 3, utilization: 45, raw: C * 450 }));
  it('TestReplicaCalcMissingMetricsHotCpuNoChange', () =>
    runResource({ name: '', f: { currentReplicas: 3, podStartTime: [hot(), cool(), cool()], requests: requests(3, '1.0'), levels: podLevels(100, 450) }, target: 50, replicas: 3, utilization: 45, raw: C * 450 }));
  it('TestReplicaCalcMissingMetricsUnreadyScaleUp', () =>
    runResource({ name: '', f: { currentReplicas: 3, podReadiness: ['False', 'True', 'True'], requests: requests(3, '1.0'), levels: podLevels(100, 2000) }, target: 50, replicas: 4, utilization: 200, raw: C * 2000 }));
  it('TestReplicaCalcMissingMetricsHotCpuScaleUp', () =>
    runResource({
      name: '', f: { currentReplicas: 3, podReadiness: ['False', 'True', 'True'], podStartTime: [hot(), cool(), cool()], requests: requests(3, '1.0'), levels: podLevels(100, 2000) },
      target: 50, replicas: 4, utilization: 200, raw: C * 2000,
    }));
  it('TestReplicaCalcMissingMetricsUnreadyScaleDown', () =>
    runResource({ name: '', f: { currentReplicas: 4, podReadiness: ['False', 'True', 'True', 'True'], requests: requests(4, '1.0'), levels: podLevels(100, 100, 100) }, target: 50, replicas: 3, utilization: 10, raw: C * 100 }));
  it('TestReplicaCalcMissingMetricsScaleDownTargetOver100', () =>
    runResource({
      name: '', f: { currentReplicas: 4, podReadiness: ['False', 'True', 'True', 'True'], requests: ['1.0', '1.0', '2.0', '2.0'], levels: podLevels(200, 100, 100) },
      target: 300, replicas: 2, utilization: 6, raw: C * 100,
    }));
  it('TestReplicaCalcDuringRollingUpdateWithMaxSurge', () =>
    runResource({ name: '', f: { currentReplicas: 2, podPhase: ['Running', 'Running', 'Running'], requests: requests(3, '1.0'), levels: podLevels(100, 100) }, target: 50, replicas: 2, utilization: 10, raw: C * 100 }));

  it('TestReplicaCalcComputedToleranceAlgImplementation (both halves)', () => {
    const startPods = 10;
    const totalUsed = startPods * 150;
    const totalRequested = 2 * totalUsed;
    const requestedToUsed = Math.trunc(totalRequested / totalUsed);
    const perPod = totalRequested / startPods;
    let target = Math.abs(1 / (requestedToUsed * (1 - TEST_TOLERANCE))) + 0.01;
    let finalTarget = Math.trunc(target * 100);
    const resourcesUsedRatio = totalUsed / (totalRequested * target);
    const finalPods = Math.ceil(resourcesUsedRatio * startPods);
    const f: CalcScenario = {
      currentReplicas: startPods,
      levels: podLevels(...Array(10).fill(totalUsed / 10)),
      requests: [100, -100, 10, -10, 2, -2, 1, -1, 0, 0].map((d) => `${perPod + d}m`),
    };
    const expectedUtil = Math.trunc((totalUsed * 100) / totalRequested);
    runResource({ name: '', f, target: finalTarget, replicas: finalPods, utilization: expectedUtil, raw: (C * totalUsed) / 10 });
    target = Math.abs(1 / (requestedToUsed * (1 - TEST_TOLERANCE))) + 0.004;
    finalTarget = Math.trunc(target * 100);
    runResource({ name: '', f, target: finalTarget, replicas: startPods, utilization: expectedUtil, raw: (C * totalUsed) / 10 });
  });
});

describe('replica_calculator_test.go TestReplicaCalcConfigurableTolerance', () => {
  const reqs = ['0.9', '1.0', '1.1'];
  const cases: ResourceCase[] = [
    { name: 'Outside of a 0% tolerance', tolerances: { scaleDown: 0, scaleUp: 0 }, f: { currentReplicas: 3, requests: reqs, levels: podLevels(909, 1010, 1111) }, target: 100, replicas: 4, utilization: 101, raw: C * 1010 },
    { name: 'Within a 200% scale-up tolerance', tolerances: { scaleDown: TEST_TOLERANCE, scaleUp: 2 }, f: { currentReplicas: 3, requests: reqs, levels: podLevels(1890, 1910, 1900) }, target: 100, replicas: 3, utilization: 190, raw: C * 1900 },
    { name: 'Outside 8% scale-up tolerance (and superfuous scale-down tolerance)', tolerances: { scaleDown: 2, scaleUp: 0.08 }, f: { currentReplicas: 3, requests: reqs, levels: podLevels(1100, 1080, 1090) }, target: 100, replicas: 4, utilization: 109, raw: C * 1090 },
    { name: 'Within a 36% scale-down tolerance', tolerances: { scaleDown: 0.36, scaleUp: TEST_TOLERANCE }, f: { currentReplicas: 3, requests: reqs, levels: podLevels(660, 640, 650) }, target: 100, replicas: 3, utilization: 65, raw: C * 650 },
    { name: 'Outside a 34% scale-down tolerance', tolerances: { scaleDown: 0.34, scaleUp: TEST_TOLERANCE }, f: { currentReplicas: 3, requests: reqs, levels: podLevels(660, 640, 650) }, target: 100, replicas: 2, utilization: 65, raw: C * 650 },
  ];
  for (const tc of cases) it(`"${tc.name}"`, () => runResource(tc));
});

const DEPLOY = { kind: 'Deployment', apiVersion: 'apps/v1', name: 'some-deployment' };

type MetricKind = 'pods' | 'object' | 'objectPerPod' | 'external' | 'externalPerPod';
interface MetricCase {
  kind: MetricKind;
  f: CalcScenario;
  target: number;
  replicas: number;
  usage: number;
  tolerances?: Tolerances;
}

function runMetric(tc: MetricCase) {
  const ctx = calcCtx(tc.f);
  const snap = calcMetricSnapshot(tc.f, 'qps', DEPLOY);
  const t = tc.tolerances ?? TEST_TOLERANCES;
  const cur = tc.f.currentReplicas;
  let r: { replicaCount: number; usage: number };
  switch (tc.kind) {
    case 'pods':
      r = getMetricReplicas(ctx, snap, cur, tc.target, 'qps', t);
      break;
    case 'object':
      r = getObjectMetricReplicas(ctx, snap, cur, tc.target, 'qps', t, 'test-namespace', DEPLOY);
      break;
    case 'objectPerPod':
      r = getObjectPerPodMetricReplicas(ctx, snap, cur, tc.target, 'qps', t, 'test-namespace', DEPLOY);
      break;
    case 'external':
      r = getExternalMetricReplicas(ctx, snap, cur, tc.target, 'qps', t, 'test-namespace', 'sel');
      break;
    case 'externalPerPod':
      r = getExternalPerPodMetricReplicas(ctx, snap, cur, tc.target, 'qps', t, 'test-namespace', 'sel');
      break;
  }
  expect(r.replicaCount).toBe(tc.replicas);
  expect(r.usage).toBe(tc.usage);
}

describe('replica_calculator_test.go custom / object / external metric tests', () => {
  const table: [string, MetricCase][] = [
    ['TestReplicaCalcScaleUpCM', { kind: 'pods', f: { currentReplicas: 3, metricLevels: [20000, 10000, 30000] }, target: 15000, replicas: 4, usage: 20000 }],
    [
      'TestReplicaCalcScaleUpCMUnreadyHotCpuNoLessScale',
      { kind: 'pods', f: { currentReplicas: 3, podReadiness: ['True', 'True', 'False'], podStartTime: [cool(), cool(), hot()], metricLevels: [50000, 10000, 30000] }, target: 15000, replicas: 6, usage: 30000 },
    ],
    [
      'TestReplicaCalcScaleUpCMUnreadyHotCpuScaleWouldScaleDown',
      { kind: 'pods', f: { currentReplicas: 3, podReadiness: ['False', 'True', 'False'], podStartTime: [hot(), cool(), hot()], metricLevels: [50000, 15000, 30000] }, target: 15000, replicas: 7, usage: 31666 },
    ],
    ['TestReplicaCalcScaleUpCMObject', { kind: 'object', f: { currentReplicas: 3, metricLevels: [20000] }, target: 15000, replicas: 4, usage: 20000 }],
    ['TestReplicaCalcScaleUpCMPerPodObject', { kind: 'objectPerPod', f: { currentReplicas: 3, metricLevels: [20000] }, target: 5000, replicas: 4, usage: 6667 }],
    ['TestReplicaCalcScaleUpCMObjectIgnoresUnreadyPods', { kind: 'object', f: { currentReplicas: 3, podReadiness: ['False', 'True', 'False'], metricLevels: [50000] }, target: 10000, replicas: 5, usage: 50000 }],
    ['TestReplicaCalcScaleUpCMExternalIgnoresUnreadyPods', { kind: 'external', f: { currentReplicas: 3, podReadiness: ['False', 'True', 'False'], metricLevels: [8600] }, target: 4400, replicas: 2, usage: 8600 }],
    ['TestReplicaCalcScaleUpPerPodCMExternal', { kind: 'externalPerPod', f: { currentReplicas: 3, metricLevels: [8600] }, target: 2150, replicas: 4, usage: 2867 }],
    ['TestReplicaCalcScaleDownCM', { kind: 'pods', f: { currentReplicas: 5, metricLevels: [12000, 12000, 12000, 12000, 12000] }, target: 20000, replicas: 3, usage: 12000 }],
    ['TestReplicaCalcScaleDownPerPodCMObject', { kind: 'objectPerPod', f: { currentReplicas: 5, metricLevels: [6000] }, target: 2000, replicas: 3, usage: 1200 }],
    ['TestReplicaCalcScaleDownCMObject', { kind: 'object', f: { currentReplicas: 5, metricLevels: [12000] }, target: 20000, replicas: 3, usage: 12000 }],
    ['TestReplicaCalcScaleDownCMExternal', { kind: 'external', f: { currentReplicas: 5, metricLevels: [8600] }, target: 14334, replicas: 3, usage: 8600 }],
    ['TestReplicaCalcScaleDownPerPodCMExternal', { kind: 'externalPerPod', f: { currentReplicas: 5, metricLevels: [8600] }, target: 2867, replicas: 3, usage: 1720 }],
    ['TestReplicaCalcToleranceCM', { kind: 'pods', f: { currentReplicas: 3, metricLevels: [20000, 21000, 21000] }, target: 20000, replicas: 3, usage: 20666 }],
    ['TestReplicaCalcToleranceCMObject', { kind: 'object', f: { currentReplicas: 3, metricLevels: [20666] }, target: 20000, replicas: 3, usage: 20666 }],
    ['TestReplicaCalcTolerancePerPodCMObject', { kind: 'objectPerPod', f: { currentReplicas: 4, metricLevels: [20166] }, target: 5000, replicas: 4, usage: 5042 }],
    ['TestReplicaCalcToleranceCMExternal', { kind: 'external', f: { currentReplicas: 3, metricLevels: [8600] }, target: 8888, replicas: 3, usage: 8600 }],
    ['TestReplicaCalcTolerancePerPodCMExternal', { kind: 'externalPerPod', f: { currentReplicas: 3, metricLevels: [8600] }, target: 2900, replicas: 3, usage: 2867 }],
    ['TestReplicaCalcConfigurableToleranceCM', { kind: 'pods', tolerances: { scaleDown: TEST_TOLERANCE, scaleUp: 0.01 }, f: { currentReplicas: 3, metricLevels: [20000, 21000, 21000] }, target: 20000, replicas: 4, usage: 20666 }],
    ['TestReplicaCalcConfigurableToleranceCMObject', { kind: 'object', tolerances: { scaleDown: TEST_TOLERANCE, scaleUp: 0.01 }, f: { currentReplicas: 3, metricLevels: [20666] }, target: 20000, replicas: 4, usage: 20666 }],
    ['TestReplicaCalcConfigurableTolerancePerPodCMObject', { kind: 'objectPerPod', tolerances: { scaleDown: TEST_TOLERANCE, scaleUp: 0.01 }, f: { currentReplicas: 4, metricLevels: [20208] }, target: 5000, replicas: 5, usage: 5052 }],
    ['TestReplicaCalcConfigurableToleranceCMExternal', { kind: 'external', tolerances: { scaleDown: TEST_TOLERANCE, scaleUp: 0.01 }, f: { currentReplicas: 3, metricLevels: [8900] }, target: 8800, replicas: 4, usage: 8900 }],
    ['TestReplicaCalcConfigurableTolerancePerPodCMExternal', { kind: 'externalPerPod', tolerances: { scaleDown: TEST_TOLERANCE, scaleUp: 0.01 }, f: { currentReplicas: 3, metricLevels: [8600] }, target: 2800, replicas: 4, usage: 2867 }],
    ['TestPlainMetricReplicaCalcMissingMetricsNoChangeEq', { kind: 'pods', f: { currentReplicas: 5, metricLevels: [20000, 19000, 21000] }, target: 20000, replicas: 5, usage: 20000 }],
    ['TestReplicaCalcDuringRollingUpdateWithMaxSurgeCM', { kind: 'pods', f: { currentReplicas: 2, podPhase: ['Running', 'Running', 'Running'], metricLevels: [10000, 10000] }, target: 17000, replicas: 2, usage: 10000 }],
  ];
  for (const [name, tc] of table) it(name, () => runMetric(tc));

  it('TestReplicaCalcScaleUpOverflow: an Object proposal is capped at MaxInt32', () => {
    const f: CalcScenario = { currentReplicas: 3, metricLevels: [2 ** 62] };
    const r = getObjectMetricReplicas(calcCtx(f), calcMetricSnapshot(f, 'qps', DEPLOY), 3, 1, 'qps', TEST_TOLERANCES, 'test-namespace', DEPLOY);
    expect(r.replicaCount).toBe(2147483647);
  });
  it('TestExternalPerPodMetricReplicaOverflow: an External per-pod proposal is capped at MaxInt32', () => {
    const f: CalcScenario = { currentReplicas: 1, metricLevels: [2 ** 62] };
    const r = getExternalPerPodMetricReplicas(calcCtx(f), calcMetricSnapshot(f, 'qps'), 1, 1, 'qps', TEST_TOLERANCES, 'test-namespace', 'sel');
    expect(r.replicaCount).toBe(2147483647);
  });
  it('external metric with no values is an error ("no metrics returned from external metrics API")', () => {
    const f: CalcScenario = { currentReplicas: 1, metricLevels: [] };
    expect(() => getExternalMetricReplicas(calcCtx(f), calcMetricSnapshot(f, 'qps'), 1, 1, 'qps', TEST_TOLERANCES, 'ns', 'sel')).toThrow('no metrics returned from external metrics API');
  });
  it('Object Value metric with currentReplicas 0 is ceil(ratio) without tolerance (getUsageRatioReplicaCount)', () => {
    const f: CalcScenario = { currentReplicas: 0, metricLevels: [1050] };
    // ratio 1.05 is inside the band, but scale-from-zero skips the tolerance check
    expect(getObjectMetricReplicas(calcCtx(f), calcMetricSnapshot(f, 'qps', DEPLOY), 0, 1000, 'qps', TEST_TOLERANCES, 'ns', DEPLOY).replicaCount).toBe(2);
  });
});

describe('replica_calculator_test.go TestGroupPods', () => {
  const pod = (name: string, status: Pod['status'], deletionTimestamp?: string): Pod => ({
    apiVersion: 'v1', kind: 'Pod', metadata: { name, ...(deletionTimestamp ? { deletionTimestamp } : {}) }, spec: { containers: [] }, status,
  });
  const t = (offset: number) => formatTime(NOW + offset);
  const m = (entries: [string, number, number, number][]): PodMetricsInfo => new Map(entries.map(([n, v, ts, w]) => [n, { value: v, timestamp: ts, window: w }]));
  const cases: { name: string; pods: Pod[]; metrics: PodMetricsInfo; resource: string; ready: number; unready: string[]; missing: string[]; ignored: string[] }[] = [
    { name: 'void', pods: [], metrics: m([]), resource: 'cpu', ready: 0, unready: [], missing: [], ignored: [] },
    { name: 'count in a ready pod - memory', pods: [pod('bentham', { phase: 'Succeeded' })], metrics: m([['bentham', 1, NOW, 60]]), resource: 'memory', ready: 1, unready: [], missing: [], ignored: [] },
    { name: 'unready a pod without ready condition - CPU', pods: [pod('lucretius', { phase: 'Succeeded', startTime: t(0) })], metrics: m([['lucretius', 1, 0, 0]]), resource: 'cpu', ready: 0, unready: ['lucretius'], missing: [], ignored: [] },
    {
      name: 'count in a ready pod with fresh metrics during initialization period - CPU',
      pods: [pod('bentham', { phase: 'Succeeded', startTime: t(-60), conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: t(-30) }] })],
      metrics: m([['bentham', 1, NOW, 30]]), resource: 'cpu', ready: 1, unready: [], missing: [], ignored: [],
    },
    {
      name: 'unready a ready pod without fresh metrics during initialization period - CPU',
      pods: [pod('bentham', { phase: 'Succeeded', startTime: t(-60), conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: t(-30) }] })],
      metrics: m([['bentham', 1, NOW, 60]]), resource: 'cpu', ready: 0, unready: ['bentham'], missing: [], ignored: [],
    },
    {
      name: 'unready an unready pod during initialization period - CPU',
      pods: [pod('lucretius', { phase: 'Succeeded', startTime: t(-600), conditions: [{ type: 'Ready', status: 'False', lastTransitionTime: t(-594) }] })],
      metrics: m([['lucretius', 1, 0, 0]]), resource: 'cpu', ready: 0, unready: ['lucretius'], missing: [], ignored: [],
    },
    {
      name: 'count in a ready pod without fresh metrics after initialization period - CPU',
      pods: [pod('bentham', { phase: 'Succeeded', startTime: t(-180), conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: t(-180) }] })],
      metrics: m([['bentham', 1, NOW - 120, 60]]), resource: 'cpu', ready: 1, unready: [], missing: [], ignored: [],
    },
    {
      name: 'count in an unready pod that was ready after initialization period - CPU',
      pods: [pod('lucretius', { phase: 'Succeeded', startTime: t(-600), conditions: [{ type: 'Ready', status: 'False', lastTransitionTime: t(-540) }] })],
      metrics: m([['lucretius', 1, 0, 0]]), resource: 'cpu', ready: 1, unready: [], missing: [], ignored: [],
    },
    {
      name: 'unready pod that has never been ready after initialization period - CPU',
      pods: [pod('lucretius', { phase: 'Succeeded', startTime: t(-600), conditions: [{ type: 'Ready', status: 'False', lastTransitionTime: t(-590) }] })],
      metrics: m([['lucretius', 1, 0, 0]]), resource: 'cpu', ready: 1, unready: [], missing: [], ignored: [],
    },
    { name: 'a missing pod', pods: [pod('epicurus', { phase: 'Succeeded', startTime: t(-180) })], metrics: m([]), resource: 'cpu', ready: 0, unready: [], missing: ['epicurus'], ignored: [] },
    {
      name: 'several pods',
      pods: [
        pod('lucretius', { phase: 'Succeeded', startTime: t(0) }),
        pod('niccolo', { phase: 'Succeeded', startTime: t(-180), conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: t(-180) }] }),
        pod('epicurus', { phase: 'Succeeded', startTime: t(-180) }),
      ],
      metrics: m([['lucretius', 1, 0, 0], ['niccolo', 1, 0, 0]]), resource: 'cpu', ready: 1, unready: ['lucretius'], missing: ['epicurus'], ignored: [],
    },
    { name: 'pending pods are unreadied', pods: [pod('unscheduled', { phase: 'Pending' })], metrics: m([]), resource: 'cpu', ready: 0, unready: ['unscheduled'], missing: [], ignored: [] },
    { name: 'ignore pods with deletion timestamps', pods: [pod('deleted', { phase: 'Pending' }, formatTime(1))], metrics: m([['deleted', 1, 0, 0]]), resource: 'cpu', ready: 0, unready: [], missing: [], ignored: ['deleted'] },
    { name: 'ignore pods in a failed state', pods: [pod('failed', { phase: 'Failed' })], metrics: m([['failed', 1, 0, 0]]), resource: 'cpu', ready: 0, unready: [], missing: [], ignored: ['failed'] },
  ];
  for (const tc of cases) {
    it(`"${tc.name}"`, () => {
      const g = groupPods(tc.pods, tc.metrics, tc.resource, 120, 10, NOW);
      expect(g.readyPodCount).toBe(tc.ready);
      expect([...g.unreadyPods].sort()).toEqual(tc.unready);
      expect([...g.missingPods].sort()).toEqual(tc.missing);
      expect([...g.ignoredPods].sort()).toEqual(tc.ignored);
    });
  }
});

describe('replica_calculator_test.go TestCalculateRequests', () => {
  const p = (spec: Partial<Pod['spec']>): Pod => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'test-pod', namespace: 'test-namespace' }, spec: { containers: [], ...spec } });
  const two = [
    { name: 'container1', resources: { requests: { cpu: '100m' } } },
    { name: 'container2', resources: { requests: { cpu: '50m' } } },
  ];
  it('"void"', () => expect(calculateRequests([], '', 'cpu', true).size).toBe(0));
  it('"Sum container requests if pod-level feature is disabled"', () => expect(calculateRequests([p({ containers: two })], '', 'cpu', false).get('test-pod')).toBe(150));
  it('"Pod-level resources are enabled, but not set: fallback to sum container requests"', () => expect(calculateRequests([p({ containers: two })], '', 'cpu', true).get('test-pod')).toBe(150));
  it('"Pod-level resources override container requests when feature enabled and pod resources specified"', () =>
    expect(calculateRequests([p({ containers: two, resources: { requests: { cpu: '800m' } } })], '', 'cpu', true).get('test-pod')).toBe(800));
  it('"Fail if at least one of the containers is missing requests and pod-level feature/requests are not set"', () =>
    expect(() => calculateRequests([p({ containers: [{ name: 'container1' }, two[1]] })], '', 'cpu', false)).toThrow('missing request for cpu in container container1 of Pod test-pod'));
  it('"Pod-level resources override missing container requests when feature enabled and pod resources specified"', () =>
    expect(calculateRequests([p({ containers: [{ name: 'container1' }, two[1]], resources: { requests: { cpu: '800m' } } })], '', 'cpu', true).get('test-pod')).toBe(800));
  it('"Container: if a container name is specified, calculate requests only for that container"', () =>
    expect(calculateRequests([p({ containers: two })], 'container1', 'cpu', false).get('test-pod')).toBe(100));
  it('"Container: ... and ignore pod-level requests"', () =>
    expect(calculateRequests([p({ containers: two, resources: { requests: { cpu: '800m' } } })], 'container1', 'cpu', true).get('test-pod')).toBe(100));
  it('"pod with restartable init containers"', () =>
    expect(
      calculateRequests(
        [p({ containers: [two[0]], initContainers: [{ name: 'init-container1', resources: { requests: { cpu: '20m' } } }, { name: 'restartable-container1', restartPolicy: 'Always', resources: { requests: { cpu: '50m' } } }] })],
        '', 'cpu', true,
      ).get('test-pod'),
    ).toBe(150));
  it('TestCalculatePodRequestsFromContainers_NonExistentContainer', () =>
    expect(() => calculatePodRequestsFromContainers(p({ containers: [two[0]] }), 'non-existent-container', 'cpu')).toThrow('container non-existent-container not found in Pod test-pod'));
});

describe('tolerance boundary (v1.33+ interval test; v1.32 used |1 − r| ≤ tol)', () => {
  it('ratio 1.1 (55/50) is inside the band in v1.35, 0.9 too; just outside is outside', () => {
    expect(isWithinTolerance(TEST_TOLERANCES, 55 / 50)).toBe(true);
    expect(isWithinTolerance(TEST_TOLERANCES, 45 / 50)).toBe(true);
    expect(isWithinTolerance(TEST_TOLERANCES, 56 / 50)).toBe(false);
    expect(isWithinTolerance(TEST_TOLERANCES, 44 / 50)).toBe(false);
  });
});
