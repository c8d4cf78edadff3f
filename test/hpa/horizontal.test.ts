/**
 * Ports of pkg/controller/podautoscaler/horizontal_test.go controller-level tests: one
 * reconcile per case with upstream's test settings (tolerance 0.1, CPU init 2 min, readiness
 * delay 10 s, downscale window 5 min, scaleUpLimitFactor 8). Each checks desired replicas,
 * whether the scale is written, conditions (type/status/reason) and, where upstream does,
 * the reported CPU utilization.
 */
import { describe, expect, it } from 'vitest';
import {
  bareConditions,
  cool,
  expectedCPUCurrent,
  generateScalingRules,
  hotH,
  NOW,
  runHTest,
  statusOkWithOverrides,
  STATUS_OK,
  TEST_TOLERANCE,
  testHPA,
  testMetrics,
  testPods,
  type HTestCase,
} from './harness.ts';
import type { MetricSpec } from '../../src/model/types.ts';
import { reconcile } from '../../src/hpa/controller.ts';
import { formatTime } from '../../src/hpa/util.ts';

function check(tc: HTestCase) {
  const r = runHTest(tc);
  expect(r.desiredReplicas).toBe(tc.expectedDesiredReplicas);
  expect(r.scaleUpdated).toBe(tc.specReplicas !== tc.expectedDesiredReplicas);
  expect(bareConditions(r)).toEqual(tc.expectedConditions ?? STATUS_OK);
  if (tc.verifyCPUCurrent) {
    const cpu = r.currentMetrics.find((m) => m.type === 'Resource' && m.resource?.name === 'cpu');
    expect(cpu?.resource?.current.averageUtilization).toBe(expectedCPUCurrent(tc));
  }
  return r;
}

const r1 = (n: number) => Array(n).fill('1.0');
const qpsPods = (avg: string): MetricSpec => ({ type: 'Pods', pods: { metric: { name: 'qps' }, target: { type: 'AverageValue', averageValue: avg } } });
const qpsObject = (value: string): MetricSpec => ({
  type: 'Object',
  object: { describedObject: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'some-deployment' }, metric: { name: 'qps' }, target: { type: 'Value', value } },
});
const qpsObjectAvg = (averageValue: string): MetricSpec => ({
  type: 'Object',
  object: { describedObject: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'some-deployment' }, metric: { name: 'qps', selector: {} }, target: { type: 'AverageValue', averageValue } },
});
const qpsExternal = (value: string): MetricSpec => ({ type: 'External', external: { metric: { name: 'qps', selector: {} }, target: { type: 'Value', value } } });
const qpsExternalAvg = (averageValue: string): MetricSpec => ({ type: 'External', external: { metric: { name: 'qps', selector: {} }, target: { type: 'AverageValue', averageValue } } });
const cheddar = { type: 'CheddarCheese' } as unknown as MetricSpec;
const ABLE_READY = { type: 'AbleToScale' as const, status: 'True' as const, reason: 'ReadyForNewScale' };

describe('horizontal_test.go scale up', () => {
  it('TestScaleUp', () => check({ minReplicas: 2, maxReplicas: 6, specReplicas: 3, statusReplicas: 3, expectedDesiredReplicas: 5, CPUTarget: 30, verifyCPUCurrent: true, reportedLevels: [300, 500, 700], reportedCPURequests: r1(3) }));
  it('TestScaleUpContainer', () =>
    check({
      minReplicas: 2, maxReplicas: 6, specReplicas: 3, statusReplicas: 3, expectedDesiredReplicas: 5,
      metricsTarget: [{ type: 'ContainerResource', containerResource: { name: 'cpu', container: 'container1', target: { type: 'Utilization', averageUtilization: 30 } } }],
      reportedLevels: [300, 500, 700], reportedCPURequests: r1(3),
    }));
  it('TestScaleUpUnreadyLessScale', () =>
    check({ minReplicas: 2, maxReplicas: 6, specReplicas: 3, statusReplicas: 3, expectedDesiredReplicas: 4, CPUTarget: 30, CPUCurrent: 60, verifyCPUCurrent: true, reportedLevels: [300, 500, 700], reportedCPURequests: r1(3), reportedPodReadiness: ['False', 'True', 'True'] }));
  it('TestScaleUpHotCpuLessScale', () =>
    check({ minReplicas: 2, maxReplicas: 6, specReplicas: 3, statusReplicas: 3, expectedDesiredReplicas: 4, CPUTarget: 30, CPUCurrent: 60, verifyCPUCurrent: true, reportedLevels: [300, 500, 700], reportedCPURequests: r1(3), reportedPodStartTime: [hotH(), cool(), cool()] }));
  it('TestScaleUpUnreadyNoScale', () =>
    check({
      minReplicas: 2, maxReplicas: 6, specReplicas: 3, statusReplicas: 3, expectedDesiredReplicas: 3, CPUTarget: 30, CPUCurrent: 40, verifyCPUCurrent: true,
      reportedLevels: [400, 500, 700], reportedCPURequests: r1(3), reportedPodReadiness: ['True', 'False', 'False'], expectedConditions: statusOkWithOverrides(ABLE_READY),
    }));
  it('TestScaleUpHotCpuNoScale', () =>
    check({
      minReplicas: 2, maxReplicas: 6, specReplicas: 3, statusReplicas: 3, expectedDesiredReplicas: 3, CPUTarget: 30, CPUCurrent: 40, verifyCPUCurrent: true,
      reportedLevels: [400, 500, 700], reportedCPURequests: r1(3), reportedPodReadiness: ['True', 'False', 'False'], reportedPodStartTime: [cool(), hotH(), hotH()],
      expectedConditions: statusOkWithOverrides(ABLE_READY),
    }));
  it('TestScaleUpIgnoresFailedPods', () =>
    check({
      minReplicas: 2, maxReplicas: 6, specReplicas: 2, statusReplicas: 2, expectedDesiredReplicas: 4, CPUTarget: 30, CPUCurrent: 60, verifyCPUCurrent: true,
      reportedLevels: [500, 700], reportedCPURequests: r1(4), reportedPodReadiness: ['True', 'True', 'False', 'False'], reportedPodPhase: ['Running', 'Running', 'Failed', 'Failed'],
    }));
  it('TestScaleUpIgnoresDeletionPods', () =>
    check({
      minReplicas: 2, maxReplicas: 6, specReplicas: 2, statusReplicas: 2, expectedDesiredReplicas: 4, CPUTarget: 30, CPUCurrent: 60, verifyCPUCurrent: true,
      reportedLevels: [500, 700], reportedCPURequests: r1(4), reportedPodReadiness: ['True', 'True', 'False', 'False'], reportedPodPhase: Array(4).fill('Running'),
      reportedPodDeletionTimestamp: [false, false, true, true],
    }));
  it('TestScaleUpCM', () => check({ minReplicas: 2, maxReplicas: 6, specReplicas: 3, statusReplicas: 3, expectedDesiredReplicas: 4, metricsTarget: [qpsPods('15.0')], reportedLevels: [20000, 10000, 30000], reportedCPURequests: r1(3) }));
  it('TestScaleUpCMUnreadyAndHotCpuNoLessScale', () =>
    check({
      minReplicas: 2, maxReplicas: 6, specReplicas: 3, statusReplicas: 3, expectedDesiredReplicas: 6, metricsTarget: [qpsPods('15.0')], reportedLevels: [50000, 10000, 30000],
      reportedPodReadiness: ['True', 'True', 'False'], reportedPodStartTime: [cool(), cool(), hotH()], reportedCPURequests: r1(3),
    }));
  it('TestScaleUpCMUnreadyandCpuHot', () =>
    check({
      minReplicas: 2, maxReplicas: 6, specReplicas: 3, statusReplicas: 3, expectedDesiredReplicas: 6, metricsTarget: [qpsPods('15.0')], reportedLevels: [50000, 15000, 30000],
      reportedPodReadiness: ['False', 'True', 'False'], reportedPodStartTime: [hotH(), cool(), hotH()], reportedCPURequests: r1(3),
      expectedConditions: statusOkWithOverrides({ type: 'AbleToScale', status: 'True', reason: 'SucceededRescale' }, { type: 'ScalingLimited', status: 'True', reason: 'TooManyReplicas' }),
    }));
  it('TestScaleUpHotCpuNoScaleWouldScaleDown', () =>
    check({
      minReplicas: 2, maxReplicas: 6, specReplicas: 3, statusReplicas: 3, expectedDesiredReplicas: 6, metricsTarget: [qpsPods('15.0')], reportedLevels: [50000, 15000, 30000],
      reportedCPURequests: r1(3), reportedPodStartTime: [hotH(), cool(), hotH()],
      expectedConditions: statusOkWithOverrides({ type: 'AbleToScale', status: 'True', reason: 'SucceededRescale' }, { type: 'ScalingLimited', status: 'True', reason: 'TooManyReplicas' }),
    }));
  it('TestScaleUpCMObject', () => check({ minReplicas: 2, maxReplicas: 6, specReplicas: 3, statusReplicas: 3, expectedDesiredReplicas: 4, metricsTarget: [qpsObject('15.0')], reportedLevels: [20000] }));
  it('TestScaleUpFromZeroCMObject', () => check({ minReplicas: 0, maxReplicas: 6, specReplicas: 0, statusReplicas: 0, expectedDesiredReplicas: 2, metricsTarget: [qpsObject('15.0')], reportedLevels: [20000] }));
  it('TestScaleUpFromZeroIgnoresToleranceCMObject', () => check({ minReplicas: 0, maxReplicas: 6, specReplicas: 0, statusReplicas: 0, expectedDesiredReplicas: 1, metricsTarget: [qpsObject('1.0')], reportedLevels: [1000] }));
  it('TestScaleUpPerPodCMObject', () => check({ minReplicas: 2, maxReplicas: 6, specReplicas: 3, statusReplicas: 3, expectedDesiredReplicas: 4, metricsTarget: [qpsObjectAvg('10.0')], reportedLevels: [40000] }));
  it('TestScaleUpCMExternal', () => check({ minReplicas: 2, maxReplicas: 6, specReplicas: 3, statusReplicas: 3, expectedDesiredReplicas: 4, metricsTarget: [qpsExternal('6666m')], reportedLevels: [8600] }));
  it('TestScaleUpPerPodCMExternal', () => check({ minReplicas: 2, maxReplicas: 6, specReplicas: 3, statusReplicas: 3, expectedDesiredReplicas: 4, metricsTarget: [qpsExternalAvg('2222m')], reportedLevels: [8600] }));
  it('TestScaleUpDeployment / TestScaleUpReplicaSet (target kind does not change the decision)', () => {
    const r = check({ minReplicas: 2, maxReplicas: 6, specReplicas: 3, statusReplicas: 3, expectedDesiredReplicas: 5, CPUTarget: 30, verifyCPUCurrent: true, reportedLevels: [300, 500, 700], reportedCPURequests: r1(3) });
    expect(r.reason).toBe('cpu resource utilization (percentage of request) above target');
  });
});

describe('horizontal_test.go invalid / empty metrics', () => {
  it('TestScaleUpOneMetricInvalid: a failed metric does not block a scale-up', () => {
    const r = check({ minReplicas: 2, maxReplicas: 6, specReplicas: 3, statusReplicas: 3, expectedDesiredReplicas: 4, CPUTarget: 30, verifyCPUCurrent: true, metricsTarget: [cheddar], reportedLevels: [300, 400, 500], reportedCPURequests: r1(3) });
    expect(r.error).toMatch(/^invalid metrics \(1 invalid out of 2\), first error is: unknown metric source type "CheddarCheese"/);
    expect(r.currentMetrics[1]).toEqual({ type: '' });
  });
  it('TestScaleUpFromZeroOneMetricInvalid', () =>
    check({ minReplicas: 0, maxReplicas: 6, specReplicas: 0, statusReplicas: 0, expectedDesiredReplicas: 4, CPUTarget: 30, verifyCPUCurrent: true, metricsTarget: [cheddar], reportedLevels: [300, 400, 500], reportedCPURequests: r1(3), recommendations: [] }));
  it('TestScaleUpBothMetricsEmpty', () =>
    check({
      minReplicas: 2, maxReplicas: 6, specReplicas: 3, statusReplicas: 3, expectedDesiredReplicas: 3, metricsTarget: [cheddar], reportedLevels: [], reportedCPURequests: r1(3),
      expectedConditions: [{ type: 'AbleToScale', status: 'True', reason: 'SucceededGetScale' }, { type: 'ScalingActive', status: 'False', reason: 'InvalidMetricSourceType' }],
    }));
  it('TestScaleUpOneMetricEmpty', () =>
    check({ minReplicas: 2, maxReplicas: 6, specReplicas: 3, statusReplicas: 3, expectedDesiredReplicas: 4, CPUTarget: 30, verifyCPUCurrent: true, metricsTarget: [qpsExternal('100m')], reportedLevels: [300, 400, 500], reportedCPURequests: r1(3), failExternal: true }));
  it('TestNoScaleDownOneMetricInvalid', () => {
    const r = check({
      minReplicas: 2, maxReplicas: 6, specReplicas: 5, statusReplicas: 5, expectedDesiredReplicas: 5, CPUTarget: 50, metricsTarget: [cheddar], reportedLevels: [100, 300, 500, 250, 250], reportedCPURequests: r1(5), recommendations: [],
      expectedConditions: [{ type: 'AbleToScale', status: 'True', reason: 'SucceededGetScale' }, { type: 'ScalingActive', status: 'False', reason: 'InvalidMetricSourceType' }],
    });
    // no recommendation is recorded when the controller cannot act
    expect(r.state.recommendations).toEqual([]);
  });
  it('TestNoScaleDownOneMetricEmpty', () =>
    check({
      minReplicas: 2, maxReplicas: 6, specReplicas: 5, statusReplicas: 5, expectedDesiredReplicas: 5, CPUTarget: 50, metricsTarget: [qpsExternal('1')], reportedLevels: [100, 300, 500, 250, 250], reportedCPURequests: r1(5), recommendations: [], failExternal: true,
      expectedConditions: [{ type: 'AbleToScale', status: 'True', reason: 'SucceededGetScale' }, { type: 'ScalingActive', status: 'False', reason: 'FailedGetExternalMetric' }],
    }));
  it('TestEmptyMetrics', () =>
    check({
      minReplicas: 2, maxReplicas: 6, specReplicas: 4, statusReplicas: 4, expectedDesiredReplicas: 4, CPUTarget: 100, reportedLevels: [], reportedCPURequests: r1(4),
      expectedConditions: [{ type: 'AbleToScale', status: 'True', reason: 'SucceededGetScale' }, { type: 'ScalingActive', status: 'False', reason: 'FailedGetResourceMetric' }],
    }));
  it('TestEmptyCPURequest', () =>
    check({
      minReplicas: 1, maxReplicas: 5, specReplicas: 1, statusReplicas: 1, expectedDesiredReplicas: 1, CPUTarget: 100, reportedLevels: [200], reportedCPURequests: [],
      expectedConditions: [{ type: 'AbleToScale', status: 'True', reason: 'SucceededGetScale' }, { type: 'ScalingActive', status: 'False', reason: 'FailedGetResourceMetric' }],
    }));
});

describe('horizontal_test.go scale down', () => {
  it('TestScaleDown', () => check({ minReplicas: 2, maxReplicas: 6, specReplicas: 5, statusReplicas: 5, expectedDesiredReplicas: 3, CPUTarget: 50, verifyCPUCurrent: true, reportedLevels: [100, 300, 500, 250, 250], reportedCPURequests: r1(5), recommendations: [] }));
  it('TestScaleDownContainerResource', () =>
    check({
      minReplicas: 2, maxReplicas: 6, specReplicas: 5, statusReplicas: 5, expectedDesiredReplicas: 3, reportedLevels: [100, 300, 500, 250, 250], reportedCPURequests: r1(5), recommendations: [],
      metricsTarget: [{ type: 'ContainerResource', containerResource: { container: 'container2', name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }],
    }));
  it('TestScaleDownWithScalingRules', () =>
    check({ minReplicas: 2, maxReplicas: 6, scaleUpRules: generateScalingRules(0, 0, 100, 15, 30), specReplicas: 5, statusReplicas: 5, expectedDesiredReplicas: 3, CPUTarget: 50, verifyCPUCurrent: true, reportedLevels: [100, 300, 500, 250, 250], reportedCPURequests: r1(5), recommendations: [] }));
  it('TestScaleDownStabilizeInitialSize: a never-seen HPA keeps its size for the window', () =>
    check({
      minReplicas: 2, maxReplicas: 6, specReplicas: 5, statusReplicas: 5, expectedDesiredReplicas: 5, CPUTarget: 50, verifyCPUCurrent: true, reportedLevels: [100, 300, 500, 250, 250], reportedCPURequests: r1(5),
      expectedConditions: statusOkWithOverrides({ type: 'AbleToScale', status: 'True', reason: 'ScaleDownStabilized' }),
    }));
  it('TestScaleDownCM', () => check({ minReplicas: 2, maxReplicas: 6, specReplicas: 5, statusReplicas: 5, expectedDesiredReplicas: 3, metricsTarget: [qpsPods('20.0')], reportedLevels: Array(5).fill(12000), reportedCPURequests: r1(5), recommendations: [] }));
  it('TestScaleDownCMObject', () => check({ minReplicas: 2, maxReplicas: 6, specReplicas: 5, statusReplicas: 5, expectedDesiredReplicas: 3, metricsTarget: [qpsObject('20.0')], reportedLevels: [12000], reportedCPURequests: r1(5), recommendations: [] }));
  it('TestScaleDownToZeroCMObject', () => check({ minReplicas: 0, maxReplicas: 6, specReplicas: 5, statusReplicas: 5, expectedDesiredReplicas: 0, metricsTarget: [qpsObject('20.0')], reportedLevels: [0], reportedCPURequests: r1(5), recommendations: [] }));
  it('TestScaleDownPerPodCMObject', () => check({ minReplicas: 2, maxReplicas: 6, specReplicas: 5, statusReplicas: 5, expectedDesiredReplicas: 3, metricsTarget: [qpsObjectAvg('20.0')], reportedLevels: [60000], reportedCPURequests: r1(5), recommendations: [] }));
  it('TestScaleDownCMExternal', () => check({ minReplicas: 2, maxReplicas: 6, specReplicas: 5, statusReplicas: 5, expectedDesiredReplicas: 3, metricsTarget: [qpsExternal('14400m')], reportedLevels: [8600], recommendations: [] }));
  it('TestScaleDownToZeroCMExternal', () => check({ minReplicas: 0, maxReplicas: 6, specReplicas: 5, statusReplicas: 5, expectedDesiredReplicas: 0, metricsTarget: [qpsExternal('14400m')], reportedLevels: [0], recommendations: [] }));
  it('TestScaleDownPerPodCMExternal', () => check({ minReplicas: 2, maxReplicas: 6, specReplicas: 5, statusReplicas: 5, expectedDesiredReplicas: 3, metricsTarget: [qpsExternalAvg('3000m')], reportedLevels: [8600], recommendations: [] }));
  it('TestScaleDownIncludeUnreadyPods', () =>
    check({ minReplicas: 2, maxReplicas: 6, specReplicas: 5, statusReplicas: 5, expectedDesiredReplicas: 2, CPUTarget: 50, CPUCurrent: 30, verifyCPUCurrent: true, reportedLevels: [100, 300, 500, 250, 250], reportedCPURequests: r1(5), reportedPodReadiness: ['True', 'True', 'True', 'False', 'False'], recommendations: [] }));
  it('TestScaleDownIgnoreHotCpuPods', () =>
    check({ minReplicas: 2, maxReplicas: 6, specReplicas: 5, statusReplicas: 5, expectedDesiredReplicas: 2, CPUTarget: 50, CPUCurrent: 30, verifyCPUCurrent: true, reportedLevels: [100, 300, 500, 250, 250], reportedCPURequests: r1(5), reportedPodStartTime: [cool(), cool(), cool(), hotH(), hotH()], recommendations: [] }));
  it('TestScaleDownIgnoresFailedPods', () =>
    check({
      minReplicas: 2, maxReplicas: 6, specReplicas: 5, statusReplicas: 5, expectedDesiredReplicas: 3, CPUTarget: 50, CPUCurrent: 28, verifyCPUCurrent: true, reportedLevels: [100, 300, 500, 250, 250], reportedCPURequests: r1(7),
      reportedPodReadiness: ['True', 'True', 'True', 'True', 'True', 'False', 'False'], reportedPodPhase: ['Running', 'Running', 'Running', 'Running', 'Running', 'Failed', 'Failed'], recommendations: [],
    }));
  it('TestScaleDownIgnoresDeletionPods', () =>
    check({
      minReplicas: 2, maxReplicas: 6, specReplicas: 5, statusReplicas: 5, expectedDesiredReplicas: 3, CPUTarget: 50, CPUCurrent: 28, verifyCPUCurrent: true, reportedLevels: [100, 300, 500, 250, 250], reportedCPURequests: r1(7),
      reportedPodReadiness: ['True', 'True', 'True', 'True', 'True', 'False', 'False'], reportedPodPhase: Array(7).fill('Running'), reportedPodDeletionTimestamp: [false, false, false, false, false, true, true], recommendations: [],
    }));
  it('TestStabilizeDownscale', () =>
    check({
      minReplicas: 1, maxReplicas: 5, specReplicas: 4, statusReplicas: 4, expectedDesiredReplicas: 4, CPUTarget: 100, reportedLevels: [50, 50, 50], reportedCPURequests: ['0.1', '0.1', '0.1'],
      recommendations: [{ recommendation: 10, timestamp: NOW - 600 }, { recommendation: 4, timestamp: NOW - 60 }],
      expectedConditions: statusOkWithOverrides({ type: 'AbleToScale', status: 'True', reason: 'ScaleDownStabilized' }),
    }));
  it('TestMissingMetrics', () => check({ minReplicas: 2, maxReplicas: 6, specReplicas: 4, statusReplicas: 4, expectedDesiredReplicas: 3, CPUTarget: 100, reportedLevels: [400, 95], reportedCPURequests: r1(4), recommendations: [] }));
  it('TestMissingReports', () => check({ minReplicas: 1, maxReplicas: 5, specReplicas: 4, statusReplicas: 4, expectedDesiredReplicas: 2, CPUTarget: 50, reportedLevels: [200], reportedCPURequests: ['0.2'], recommendations: [] }));
});

describe('horizontal_test.go tolerance', () => {
  const ok = statusOkWithOverrides(ABLE_READY);
  it('TestTolerance', () => check({ minReplicas: 1, maxReplicas: 5, specReplicas: 3, statusReplicas: 3, expectedDesiredReplicas: 3, CPUTarget: 100, reportedLevels: [1010, 1030, 1020], reportedCPURequests: ['0.9', '1.0', '1.1'], expectedConditions: ok }));
  it('TestToleranceCM', () => check({ minReplicas: 1, maxReplicas: 5, specReplicas: 3, statusReplicas: 3, expectedDesiredReplicas: 3, metricsTarget: [qpsPods('20.0')], reportedLevels: [20000, 20001, 21000], reportedCPURequests: ['0.9', '1.0', '1.1'], expectedConditions: ok }));
  it('TestToleranceCMObject', () => check({ minReplicas: 1, maxReplicas: 5, specReplicas: 3, statusReplicas: 3, expectedDesiredReplicas: 3, metricsTarget: [qpsObject('20.0')], reportedLevels: [20050], reportedCPURequests: ['0.9', '1.0', '1.1'], expectedConditions: ok }));
  it('TestToleranceCMExternal', () => check({ minReplicas: 2, maxReplicas: 6, specReplicas: 4, statusReplicas: 4, expectedDesiredReplicas: 4, metricsTarget: [qpsExternal('8666m')], reportedLevels: [8600], expectedConditions: ok }));
  it('TestTolerancePerPodCMObject', () => check({ minReplicas: 2, maxReplicas: 6, specReplicas: 4, statusReplicas: 4, expectedDesiredReplicas: 4, metricsTarget: [qpsObjectAvg('2200m')], reportedLevels: [8600], expectedConditions: ok }));
  it('TestTolerancePerPodCMExternal', () => check({ minReplicas: 2, maxReplicas: 6, specReplicas: 4, statusReplicas: 4, expectedDesiredReplicas: 4, metricsTarget: [qpsExternalAvg('2200m')], reportedLevels: [8600], expectedConditions: ok }));
  it('TestComputedToleranceAlgImplementation (both halves)', () => {
    const startPods = 10;
    const totalUsed = startPods * 150;
    const totalRequested = 2 * totalUsed;
    const requestedToUsed = Math.trunc(totalRequested / totalUsed);
    const perPod = totalRequested / startPods;
    let target = Math.abs(1 / (requestedToUsed * (1 - TEST_TOLERANCE))) + 0.01;
    const resourcesUsedRatio = totalUsed / (totalRequested * target);
    const finalPods = Math.ceil(resourcesUsedRatio * startPods);
    const base: HTestCase = {
      minReplicas: 0, maxReplicas: 1000, specReplicas: startPods, statusReplicas: startPods, expectedDesiredReplicas: finalPods, CPUTarget: Math.trunc(target * 100),
      reportedLevels: Array(10).fill(totalUsed / 10), reportedCPURequests: [100, -100, 10, -10, 2, -2, 1, -1, 0, 0].map((d) => `${perPod + d}m`), recommendations: [],
    };
    check(base);
    target = Math.abs(1 / (requestedToUsed * (1 - TEST_TOLERANCE))) + 0.004;
    check({ ...base, CPUTarget: Math.trunc(target * 100), expectedDesiredReplicas: startPods, expectedConditions: ok });
  });
  it('v1.35 configurable tolerance: behavior.scaleUp.tolerance 0.01 turns a 4 % excess into a scale-up', () => {
    const tc: HTestCase = { minReplicas: 1, maxReplicas: 10, specReplicas: 3, statusReplicas: 3, expectedDesiredReplicas: 4, CPUTarget: 100, reportedLevels: [1040, 1040, 1040], reportedCPURequests: r1(3), scaleUpRules: { tolerance: '0.01' } };
    check(tc);
    // with the gate off (v1.33/v1.34 default) the field is ignored and the flag's 10 % applies
    check({ ...tc, options: { configurableTolerance: false }, expectedDesiredReplicas: 3, expectedConditions: statusOkWithOverrides(ABLE_READY) });
  });
});

describe('horizontal_test.go min/max and zero replicas', () => {
  it('TestMinReplicas', () =>
    check({ minReplicas: 2, maxReplicas: 5, specReplicas: 3, statusReplicas: 3, expectedDesiredReplicas: 2, CPUTarget: 90, reportedLevels: [10, 95, 10], reportedCPURequests: ['0.9', '1.0', '1.1'], recommendations: [], expectedConditions: statusOkWithOverrides({ type: 'ScalingLimited', status: 'True', reason: 'TooFewReplicas' }) }));
  it('TestZeroMinReplicasDesiredZero', () =>
    check({ minReplicas: 0, maxReplicas: 5, specReplicas: 3, statusReplicas: 3, expectedDesiredReplicas: 0, CPUTarget: 90, reportedLevels: [0, 0, 0], reportedCPURequests: ['0.9', '1.0', '1.1'], recommendations: [] }));
  it('TestMinReplicasDesiredZero', () =>
    check({ minReplicas: 2, maxReplicas: 5, specReplicas: 3, statusReplicas: 3, expectedDesiredReplicas: 2, CPUTarget: 90, reportedLevels: [0, 0, 0], reportedCPURequests: ['0.9', '1.0', '1.1'], recommendations: [], expectedConditions: statusOkWithOverrides({ type: 'ScalingLimited', status: 'True', reason: 'TooFewReplicas' }) }));
  it('TestZeroReplicas: currentReplicas 0 disables scaling', () => {
    const r = check({
      minReplicas: 3, maxReplicas: 5, specReplicas: 0, statusReplicas: 0, expectedDesiredReplicas: 0, CPUTarget: 90, reportedLevels: [], reportedCPURequests: [],
      expectedConditions: [{ type: 'AbleToScale', status: 'True', reason: 'SucceededGetScale' }, { type: 'ScalingActive', status: 'False', reason: 'ScalingDisabled' }],
    });
    expect(r.conditions[1].message).toBe('scaling is disabled since the replica count of the target is zero');
  });
  it('TestTooFewReplicas', () =>
    check({ minReplicas: 3, maxReplicas: 5, specReplicas: 2, statusReplicas: 2, expectedDesiredReplicas: 3, CPUTarget: 90, reportedLevels: [], reportedCPURequests: [], expectedConditions: [{ type: 'AbleToScale', status: 'True', reason: 'SucceededRescale' }] }));
  it('TestTooManyReplicas', () => {
    const r = check({ minReplicas: 3, maxReplicas: 5, specReplicas: 10, statusReplicas: 10, expectedDesiredReplicas: 5, CPUTarget: 90, reportedLevels: [], reportedCPURequests: [], expectedConditions: [{ type: 'AbleToScale', status: 'True', reason: 'SucceededRescale' }] });
    expect(r.reason).toBe('Current number of replicas above Spec.MaxReplicas');
  });
  it('TestMaxReplicas', () =>
    check({ minReplicas: 2, maxReplicas: 5, specReplicas: 3, statusReplicas: 3, expectedDesiredReplicas: 5, CPUTarget: 90, reportedLevels: [8000, 9500, 1000], reportedCPURequests: ['0.9', '1.0', '1.1'], expectedConditions: statusOkWithOverrides({ type: 'ScalingLimited', status: 'True', reason: 'TooManyReplicas' }) }));
  it('TestSuperfluousMetrics', () =>
    check({ minReplicas: 2, maxReplicas: 6, specReplicas: 4, statusReplicas: 4, expectedDesiredReplicas: 6, CPUTarget: 100, reportedLevels: [4000, 9500, 3000, 7000, 3200, 2000], reportedCPURequests: r1(4), expectedConditions: statusOkWithOverrides({ type: 'ScalingLimited', status: 'True', reason: 'TooManyReplicas' }) }));
  it('TestScaleUpRCImmediately', () => {
    const r = check({ minReplicas: 2, maxReplicas: 6, specReplicas: 1, statusReplicas: 1, expectedDesiredReplicas: 2, reportedLevels: [0, 0, 0, 0], reportedCPURequests: r1(4), lastScaleTime: formatTime(NOW), expectedConditions: [{ type: 'AbleToScale', status: 'True', reason: 'SucceededRescale' }] });
    expect(r.reason).toBe('Current number of replicas below Spec.MinReplicas');
    expect(r.currentMetrics).toEqual([]);
  });
  it('TestScaleDownRCImmediately', () =>
    check({ minReplicas: 2, maxReplicas: 5, specReplicas: 6, statusReplicas: 6, expectedDesiredReplicas: 5, CPUTarget: 50, reportedLevels: [8000, 9500, 1000], reportedCPURequests: ['0.9', '1.0', '1.1'], lastScaleTime: formatTime(NOW), expectedConditions: [{ type: 'AbleToScale', status: 'True', reason: 'SucceededRescale' }] }));
  it('TestMoreReplicasThanSpecNoScale: surge pods at target keep the spec', () =>
    check({ minReplicas: 1, maxReplicas: 8, specReplicas: 4, statusReplicas: 5, expectedDesiredReplicas: 4, CPUTarget: 50, reportedLevels: Array(5).fill(500), reportedCPURequests: ['1', '1', '1', '1', '1'], expectedConditions: statusOkWithOverrides(ABLE_READY) }));
});

describe('horizontal_test.go caps and behavior through reconcile', () => {
  it('TestUpscaleCap', () =>
    check({ minReplicas: 1, maxReplicas: 100, specReplicas: 3, statusReplicas: 3, scaleUpRules: generateScalingRules(0, 0, 700, 60, 0), expectedDesiredReplicas: 24, CPUTarget: 10, reportedLevels: [100, 200, 300], reportedCPURequests: ['0.1', '0.1', '0.1'], expectedConditions: statusOkWithOverrides({ type: 'ScalingLimited', status: 'True', reason: 'ScaleUpLimit' }) }));
  it('TestUpscaleCapGreaterThanMaxReplicas', () =>
    check({ minReplicas: 1, maxReplicas: 20, specReplicas: 3, statusReplicas: 3, scaleUpRules: generateScalingRules(0, 0, 700, 60, 0), expectedDesiredReplicas: 20, CPUTarget: 10, reportedLevels: [100, 200, 300], reportedCPURequests: ['0.1', '0.1', '0.1'], expectedConditions: statusOkWithOverrides({ type: 'ScalingLimited', status: 'True', reason: 'TooManyReplicas' }) }));
  it('legacy cap with production settings: max(2×current, 4) (calculateScaleUpLimit with factor 2)', () =>
    check({ minReplicas: 1, maxReplicas: 100, specReplicas: 3, statusReplicas: 3, expectedDesiredReplicas: 6, CPUTarget: 10, reportedLevels: [100, 200, 300], reportedCPURequests: ['0.1', '0.1', '0.1'], options: { scaleUpLimitFactor: 2 }, expectedConditions: statusOkWithOverrides({ type: 'ScalingLimited', status: 'True', reason: 'ScaleUpLimit' }) }));
  it('TestNoBackoffUpscaleCM', () =>
    check({ minReplicas: 1, maxReplicas: 5, specReplicas: 3, statusReplicas: 3, expectedDesiredReplicas: 4, metricsTarget: [qpsPods('15.0')], reportedLevels: [20000, 10000, 30000], reportedCPURequests: r1(3), lastScaleTime: formatTime(NOW) }));
  it('TestNoBackoffUpscaleCMNoBackoffCpu', () =>
    check({
      minReplicas: 1, maxReplicas: 5, specReplicas: 3, statusReplicas: 3, expectedDesiredReplicas: 5, CPUTarget: 10, metricsTarget: [qpsPods('15.0')], reportedLevels: [20000, 10000, 30000], reportedCPURequests: r1(3), lastScaleTime: formatTime(NOW),
      expectedConditions: statusOkWithOverrides({ type: 'ScalingLimited', status: 'True', reason: 'TooManyReplicas' }),
    }));
});

describe('horizontal_test.go conditions', () => {
  const failedActive = (reason: string) => [{ type: 'AbleToScale' as const, status: 'True' as const, reason: 'SucceededGetScale' }, { type: 'ScalingActive' as const, status: 'False' as const, reason }];
  const base: HTestCase = { minReplicas: 1, maxReplicas: 100, specReplicas: 3, statusReplicas: 3, expectedDesiredReplicas: 3, CPUTarget: 10, reportedLevels: [100, 200, 300], reportedCPURequests: ['0.1', '0.1', '0.1'] };
  it('TestConditionInvalidSelectorMissing', () => check({ ...base, scaleSelector: '', expectedConditions: failedActive('InvalidSelector') }));
  it('TestConditionInvalidSelectorUnparsable', () => {
    const r = check({ ...base, scaleSelector: 'cheddar cheese', expectedConditions: failedActive('InvalidSelector') });
    expect(r.conditions[1].message).toMatch(/^couldn't convert selector into a corresponding internal selector object: /);
  });
  it('TestConditionNoAmbiguousSelectorWhenNoSelectorOverlapBetweenHPAs', () =>
    check({ minReplicas: 2, maxReplicas: 6, specReplicas: 3, statusReplicas: 3, expectedDesiredReplicas: 5, CPUTarget: 30, reportedLevels: [300, 500, 700], reportedCPURequests: r1(3), otherHpas: [{ name: 'test-hpa-2', selector: 'cheddar=cheese' }] }));
  it('TestConditionAmbiguousSelectorWhenFullSelectorOverlapBetweenHPAs', () =>
    check({ minReplicas: 2, maxReplicas: 6, specReplicas: 3, statusReplicas: 3, expectedDesiredReplicas: 3, CPUTarget: 30, reportedLevels: [300, 500, 700], reportedCPURequests: r1(3), otherHpas: [{ name: 'test-hpa-2', selector: 'name=test-pod' }], expectedConditions: failedActive('AmbiguousSelector') }));
  it('TestConditionAmbiguousSelectorWhenPartialSelectorOverlapBetweenHPAs', () => {
    const tc: HTestCase = { minReplicas: 2, maxReplicas: 6, specReplicas: 3, statusReplicas: 3, expectedDesiredReplicas: 3, CPUTarget: 30, reportedLevels: [300, 500, 700], reportedCPURequests: r1(3) };
    const pods = testPods(tc).map((p) => ({ ...p, metadata: { ...p.metadata, labels: { name: 'test-pod', cheddar: 'cheese' } } }));
    const r = reconcile({
      now: NOW, hpa: testHPA(tc), scale: { specReplicas: 3, statusReplicas: 3, selector: 'name=test-pod' }, pods, metrics: testMetrics(tc), state: {},
      otherHpas: [{ name: 'test-hpa-2', selector: 'cheddar=cheese' }], options: { scaleUpLimitFactor: 8, cpuInitializationPeriodSeconds: 120, initialReadinessDelaySeconds: 10 },
    });
    expect(r.desiredReplicas).toBe(3);
    expect(r.scaleUpdated).toBe(false);
    expect(bareConditions(r)).toEqual(failedActive('AmbiguousSelector'));
  });
  for (const [reason, spec, fail] of [
    ['FailedGetResourceMetric', undefined, { failResource: true }],
    ['FailedGetPodsMetric', qpsPods('15.0'), { failPods: true }],
    ['FailedGetObjectMetric', qpsObject('15.0'), { failObject: true }],
    ['FailedGetExternalMetric', qpsExternal('300m'), { failExternal: true }],
  ] as const) {
    it(`TestConditionFailedGetMetrics: "${reason}"`, () => {
      const r = check({ ...base, ...(spec ? { CPUTarget: 0, metricsTarget: [spec] } : {}), ...fail, expectedConditions: failedActive(reason) });
      expect(r.conditions[1].message).toMatch(/^the HPA was unable to compute the replica count: /);
      expect(r.events.some((e) => e.type === 'Warning' && e.reason === reason)).toBe(true);
    });
  }
  it('TestConditionInvalidSourceType', () =>
    check({ minReplicas: 2, maxReplicas: 6, specReplicas: 3, statusReplicas: 3, expectedDesiredReplicas: 3, metricsTarget: [cheddar], reportedLevels: [20000], expectedConditions: failedActive('InvalidMetricSourceType') }));
  it('TestConditionFailedGetScale', () => check({ ...base, scaleMissing: true, expectedConditions: [{ type: 'AbleToScale', status: 'False', reason: 'FailedGetScale' }] }));
  it('TestConditionFailedUpdateScale', () => {
    const r = runHTest({ minReplicas: 1, maxReplicas: 5, specReplicas: 3, statusReplicas: 3, expectedDesiredReplicas: 3, CPUTarget: 100, reportedLevels: [150, 150, 150], reportedCPURequests: ['0.1', '0.1', '0.1'], failScaleUpdate: 'something went wrong' });
    expect(r.scaleUpdated).toBe(false);
    expect(r.desiredReplicas).toBe(3);
    expect(bareConditions(r)).toEqual(statusOkWithOverrides({ type: 'AbleToScale', status: 'False', reason: 'FailedUpdateScale' }));
  });
});

describe('horizontal_test.go events and status', () => {
  it('TestEventCreated: SuccessfulRescale with the metric in the reason', () => {
    const r = check({ minReplicas: 1, maxReplicas: 5, specReplicas: 1, statusReplicas: 1, expectedDesiredReplicas: 2, CPUTarget: 50, reportedLevels: [200], reportedCPURequests: ['0.2'] });
    expect(r.events).toEqual([{ type: 'Normal', reason: 'SuccessfulRescale', message: 'New size: 2; reason: cpu resource utilization (percentage of request) above target' }]);
    expect(r.status.lastScaleTime).toBe(formatTime(NOW));
  });
  it('TestEventNotCreated', () => {
    const r = check({ minReplicas: 1, maxReplicas: 5, specReplicas: 2, statusReplicas: 2, expectedDesiredReplicas: 2, CPUTarget: 50, reportedLevels: [200, 200], reportedCPURequests: ['0.4', '0.4'], expectedConditions: statusOkWithOverrides(ABLE_READY) });
    expect(r.events).toEqual([]);
  });
  it('"All metrics below target" is the scale-down reason', () => {
    const r = check({ minReplicas: 2, maxReplicas: 6, specReplicas: 5, statusReplicas: 5, expectedDesiredReplicas: 3, CPUTarget: 50, reportedLevels: [100, 300, 500, 250, 250], reportedCPURequests: r1(5), recommendations: [] });
    expect(r.reason).toBe('All metrics below target');
  });
  it('TestAvoidUnnecessaryUpdates: an unchanged reconcile produces the same status (no update needed)', () => {
    const lastScale = formatTime(NOW - 3600);
    const tc: HTestCase = {
      minReplicas: 2, maxReplicas: 6, specReplicas: 2, statusReplicas: 2, expectedDesiredReplicas: 2, CPUTarget: 30, reportedLevels: [400, 500, 700], reportedCPURequests: r1(3),
      reportedPodStartTime: [cool(), hotH(), hotH()], recommendations: [],
    };
    const hpa = testHPA(tc);
    // the fixture leaves the v1 target blank, so the controller uses the default 80 %
    hpa.spec.metrics = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }];
    const status = {
      currentReplicas: 2,
      desiredReplicas: 2,
      lastScaleTime: lastScale,
      currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageValue: '400m', averageUtilization: 40 } } }],
      conditions: [
        { type: 'AbleToScale', status: 'True', lastTransitionTime: lastScale, reason: 'ReadyForNewScale', message: 'recommended size matches current size' },
        { type: 'ScalingActive', status: 'True', lastTransitionTime: lastScale, reason: 'ValidMetricFound', message: 'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)' },
        { type: 'ScalingLimited', status: 'True', lastTransitionTime: lastScale, reason: 'TooFewReplicas', message: 'the desired replica count is less than the minimum replica count' },
      ],
    };
    hpa.status = status;
    const r = reconcile({
      now: NOW, hpa, scale: { specReplicas: 2, statusReplicas: 2, selector: 'name=test-pod' }, pods: testPods(tc), metrics: testMetrics(tc), state: { recommendations: [] },
      options: { cpuInitializationPeriodSeconds: 120, initialReadinessDelaySeconds: 10, scaleUpLimitFactor: 8 },
    });
    expect(r.scaleUpdated).toBe(false);
    expect(r.status).toEqual(status);
  });
  it('v1 HPA (targetCPUUtilizationPercentage) goes through the same path', () => {
    const tc: HTestCase = { minReplicas: 2, maxReplicas: 6, specReplicas: 3, statusReplicas: 3, expectedDesiredReplicas: 5, reportedLevels: [300, 500, 700], reportedCPURequests: r1(3) };
    const r = reconcile({
      now: NOW,
      hpa: {
        apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', metadata: { name: 'test-hpa', namespace: 'test-namespace' },
        spec: { scaleTargetRef: { kind: 'Deployment', name: 'web' }, minReplicas: 2, maxReplicas: 6, targetCPUUtilizationPercentage: 30 },
      } as never,
      scale: { specReplicas: 3, statusReplicas: 3, selector: 'name=test-pod' }, pods: testPods(tc), metrics: testMetrics(tc), state: {},
    });
    expect(r.desiredReplicas).toBe(5);
    expect(r.scaleUpdated).toBe(true);
  });
  it('conditions persist: lastTransitionTime moves only when the status flips', () => {
    const tc: HTestCase = { minReplicas: 2, maxReplicas: 6, specReplicas: 3, statusReplicas: 3, expectedDesiredReplicas: 5, CPUTarget: 30, reportedLevels: [300, 500, 700], reportedCPURequests: r1(3) };
    const first = runHTest(tc);
    const hpa = testHPA(tc);
    hpa.status = first.status as unknown as Record<string, unknown>;
    const second = reconcile({ now: NOW + 15, hpa, scale: { specReplicas: 5, statusReplicas: 5, selector: 'name=test-pod' }, pods: testPods(tc), metrics: testMetrics(tc), state: first.state, options: { scaleUpLimitFactor: 8 } });
    const active = second.conditions.find((c) => c.type === 'ScalingActive')!;
    expect(active.status).toBe('True');
    expect(active.lastTransitionTime).toBe(formatTime(NOW));
  });
});
