/**
 * Ports of horizontal_test.go normalization tables: TestConvertDesiredReplicasWithRules,
 * TestCalculateScaleUpLimitWithScalingRules, TestCalculateScaleDownLimitWithBehaviors,
 * TestNormalizeDesiredReplicas, TestScalingWithRules, TestStoreScaleEvents,
 * TestNormalizeDesiredReplicasWithBehavior; plus the hpa-spec.md float examples.
 */
import { describe, expect, it } from 'vitest';
import {
  calculateScaleDownLimitWithBehaviors,
  calculateScaleUpLimit,
  calculateScaleUpLimitWithScalingRules,
  convertDesiredReplicasWithBehaviorRate,
  convertDesiredReplicasWithRules,
  generateHPAScaleDownRules,
  generateHPAScaleUpRules,
  getReplicasChangePerPeriod,
  resolveRules,
  stabilizeRecommendation,
  stabilizeRecommendationWithBehaviors,
  storeScaleEvent,
  setDefaultsHPA,
} from '../../src/hpa/behavior.ts';
import { generateEventsUniformDistribution, generateScalingRules, NOW } from './harness.ts';
import type { HPAScalingRules } from '../../src/model/types.ts';
import type { TimestampedRecommendation, TimestampedScaleEvent } from '../../src/hpa/types.ts';

const rec = (r: number, ago: number): TimestampedRecommendation => ({ recommendation: r, timestamp: NOW - ago });

describe('horizontal_test.go TestConvertDesiredReplicasWithRules (scaleUpLimitFactor 8 as in the test package)', () => {
  const cases = [
    { c: 5, d: 7, min: 3, max: 8, want: 7, cond: 'DesiredWithinRange', name: 'prenormalized desired replicas within range' },
    { c: 3, d: 1, min: 2, max: 8, want: 2, cond: 'TooFewReplicas', name: 'prenormalized desired replicas < minReplicas' },
    { c: 1, d: 0, min: 0, max: 10, want: 0, cond: 'DesiredWithinRange', name: 'prenormalized desired zeroed replicas within range' },
    { c: 20, d: 1000, min: 1, max: 10, want: 10, cond: 'TooManyReplicas', name: 'maxReplicas is the limit because maxReplicas < scaleUpLimit' },
    { c: 3, d: 1000, min: 1, max: 2000, want: calculateScaleUpLimit(3, 8, 4), cond: 'ScaleUpLimit', name: 'scaleUpLimit is the limit because scaleUpLimit < maxReplicas' },
  ];
  for (const tc of cases) {
    it(`"${tc.name}"`, () => {
      const r = convertDesiredReplicasWithRules(tc.c, tc.d, tc.min, tc.max, 8, 4);
      expect(r.replicas).toBe(tc.want);
      expect(r.reason).toBe(tc.cond);
    });
  }
  it('production cap is max(2×current, 4): 1 → 4, 3 → 6, 10 → 20', () => {
    expect(calculateScaleUpLimit(1)).toBe(4);
    expect(calculateScaleUpLimit(3)).toBe(6);
    expect(calculateScaleUpLimit(10)).toBe(20);
    expect(calculateScaleUpLimit(0)).toBe(4);
  });
});

describe('horizontal_test.go TestCalculateScaleUpLimitWithScalingRules / TestCalculateScaleDownLimitWithBehaviors', () => {
  const rules: HPAScalingRules = {
    stabilizationWindowSeconds: 300,
    selectPolicy: 'Min',
    policies: [
      { type: 'Pods', value: 2, periodSeconds: 60 },
      { type: 'Percent', value: 50, periodSeconds: 60 },
    ],
  };
  it('TestCalculateScaleUpLimitWithScalingRules: Min of {1+2, ceil(1×1.5)} = 2', () =>
    expect(calculateScaleUpLimitWithScalingRules(1, [], [], { selectPolicy: 'Min', policies: rules.policies! }, NOW)).toBe(2));
  it('TestCalculateScaleDownLimitWithBehaviors: Min change of {5−2, trunc(5×0.5)} = 3', () =>
    expect(calculateScaleDownLimitWithBehaviors(5, [], [], { selectPolicy: 'Min', policies: rules.policies! }, NOW)).toBe(3));
  it('hpa-spec.md E3/E4: float rounding of Percent policies (25 +12 % → 29; 10 −80 % → 1)', () => {
    expect(calculateScaleUpLimitWithScalingRules(25, [], [], { selectPolicy: 'Max', policies: [{ type: 'Percent', value: 12, periodSeconds: 60 }] }, NOW)).toBe(29);
    expect(calculateScaleDownLimitWithBehaviors(10, [], [], { selectPolicy: 'Max', policies: [{ type: 'Percent', value: 80, periodSeconds: 60 }] }, NOW)).toBe(1);
  });
  it('Disabled returns the current count in both directions', () => {
    expect(calculateScaleUpLimitWithScalingRules(7, [], [], { selectPolicy: 'Disabled', policies: rules.policies! }, NOW)).toBe(7);
    expect(calculateScaleDownLimitWithBehaviors(7, [], [], { selectPolicy: 'Disabled', policies: rules.policies! }, NOW)).toBe(7);
  });
});

describe('horizontal_test.go TestNormalizeDesiredReplicas (legacy stabilization, window 5 min)', () => {
  const cases = [
    { name: 'empty log', recs: [], p: 5, want: 5, len: 1 },
    { name: 'stabilize', recs: [rec(4, 120), rec(5, 60)], p: 3, want: 5, len: 3 },
    { name: 'no stabilize', recs: [rec(1, 120), rec(2, 60)], p: 3, want: 3, len: 3 },
    { name: 'no stabilize - old recommendations', recs: [rec(10, 600), rec(9, 540)], p: 3, want: 3, len: 2 },
    { name: 'stabilize - old recommendations', recs: [rec(10, 600), rec(4, 60), rec(5, 120), rec(9, 540)], p: 3, want: 5, len: 4 },
  ];
  for (const tc of cases) {
    it(`"${tc.name}"`, () => {
      const r = stabilizeRecommendation(tc.recs, tc.p, NOW, 300);
      expect(r.replicas).toBe(tc.want);
      expect(r.recommendations).toHaveLength(tc.len);
    });
  }
  it('the window boundary is inclusive on the legacy path (hpa-spec.md E9)', () => {
    expect(stabilizeRecommendation([rec(9, 300)], 3, NOW, 300).replicas).toBe(9);
    expect(stabilizeRecommendation([rec(9, 301)], 3, NOW, 300).replicas).toBe(3);
  });
});

describe('horizontal_test.go TestScalingWithRules (convertDesiredReplicasWithBehaviorRate)', () => {
  interface Case {
    name: string;
    up?: TimestampedScaleEvent[];
    down?: TimestampedScaleEvent[];
    min: number;
    max: number;
    upRules?: HPAScalingRules;
    downRules?: HPAScalingRules;
    current: number;
    desired: number;
    want: number;
    cond: string;
  }
  const g = generateScalingRules;
  const ev = generateEventsUniformDistribution;
  const cases: Case[] = [
    { name: 'prenormalized desired replicas within range', current: 5, desired: 7, min: 3, max: 8, want: 7, cond: 'DesiredWithinRange' },
    { name: 'prenormalized desired replicas < minReplicas', current: 3, desired: 1, min: 2, max: 8, want: 2, cond: 'TooFewReplicas' },
    { name: 'prenormalized desired replicas within range when minReplicas is 0', current: 1, desired: 0, min: 0, max: 10, want: 0, cond: 'DesiredWithinRange' },
    { name: 'maxReplicas is the limit because maxReplicas < scaleUpLimit', current: 20, desired: 1000, min: 1, max: 10, want: 10, cond: 'TooManyReplicas' },
    { name: 'desired replica count is more than the maximum replica count', current: 100, desired: 1000, min: 100, max: 150, want: 150, cond: 'TooManyReplicas' },
    { name: 'scaleUpLimit is the limit because scaleUpLimit < maxReplicas with user policies', current: 3, desired: 1000, min: 1, max: 2000, upRules: g(0, 0, 1, 60, 0), want: 4, cond: 'ScaleUpLimit' },
    { name: 'scaleDownLimit is the limit because scaleDownLimit > minReplicas with user defined policies', current: 1000, desired: 3, min: 3, max: 2000, downRules: g(20, 60, 0, 0, 0), want: 980, cond: 'ScaleDownLimit' },
    { name: 'scaleUp with default behavior', min: 1, max: 1000, current: 10, desired: 50, want: 20, cond: 'ScaleUpLimit' },
    { name: 'scaleUp with pods policy larger than percent policy', min: 1, max: 1000, upRules: g(100, 60, 100, 60, 0), current: 10, desired: 500, want: 110, cond: 'ScaleUpLimit' },
    { name: 'scaleUp with percent policy larger than pods policy', min: 1, max: 1000, upRules: g(2, 60, 100, 60, 0), current: 10, desired: 500, want: 20, cond: 'ScaleUpLimit' },
    { name: 'scaleUp with spec MaxReplicas limitation with large pod policy', min: 1, max: 1000, upRules: g(100, 60, 0, 0, 0), current: 10, desired: 50, want: 50, cond: 'DesiredWithinRange' },
    { name: 'scaleUp with spec MaxReplicas limitation with large percent policy', min: 1, max: 1000, upRules: g(10000, 60, 0, 0, 0), current: 10, desired: 50, want: 50, cond: 'DesiredWithinRange' },
    { name: 'scaleUp with pod policy limitation', min: 1, max: 1000, upRules: g(30, 60, 0, 0, 0), current: 10, desired: 50, want: 40, cond: 'ScaleUpLimit' },
    { name: 'scaleUp with percent policy limitation', min: 1, max: 1000, upRules: g(0, 0, 200, 60, 0), current: 10, desired: 50, want: 30, cond: 'ScaleUpLimit' },
    { name: 'scaleDown with percent policy larger than pod policy', min: 1, max: 1000, downRules: g(20, 60, 1, 60, 300), current: 100, desired: 2, want: 80, cond: 'ScaleDownLimit' },
    { name: 'scaleDown with pod policy larger than percent policy', min: 1, max: 1000, downRules: g(2, 60, 1, 60, 300), current: 100, desired: 2, want: 98, cond: 'ScaleDownLimit' },
    { name: 'scaleDown with spec MinReplicas=nil limitation with large pod policy', min: 1, max: 1000, downRules: g(100, 60, 0, 0, 300), current: 10, desired: 0, want: 1, cond: 'TooFewReplicas' },
    { name: 'scaleDown with spec MinReplicas limitation with large pod policy', min: 1, max: 1000, downRules: g(100, 60, 0, 0, 300), current: 10, desired: 0, want: 1, cond: 'TooFewReplicas' },
    { name: 'scaleDown with spec MinReplicas limitation with large percent policy', min: 5, max: 1000, downRules: g(0, 0, 100, 60, 300), current: 10, desired: 2, want: 5, cond: 'TooFewReplicas' },
    { name: 'scaleDown with pod policy limitation', min: 1, max: 1000, downRules: g(5, 60, 0, 0, 300), current: 10, desired: 2, want: 5, cond: 'ScaleDownLimit' },
    { name: 'scaleDown with percent policy limitation', min: 1, max: 1000, downRules: g(0, 0, 50, 60, 300), current: 10, desired: 5, want: 5, cond: 'DesiredWithinRange' },
    { name: 'scaleUp with spec MaxReplicas limitation with large pod policy and events', up: ev([1, 5, 9], 120), min: 1, max: 200, upRules: g(300, 60, 0, 0, 0), current: 100, desired: 500, want: 200, cond: 'TooManyReplicas' },
    { name: 'scaleUp with spec MaxReplicas limitation with large percent policy and events', up: ev([1, 5, 9], 120), min: 1, max: 200, upRules: g(0, 0, 10000, 60, 0), current: 100, desired: 500, want: 200, cond: 'TooManyReplicas' },
    { name: 'scaleUp with currentReplicas limitation with rate.PeriodSeconds with a lot of recent scale up events', up: ev([1, 5, 9], 120), min: 1, max: 1000, upRules: g(5, 120, 0, 0, 0), current: 100, desired: 500, want: 100, cond: 'ScaleUpLimit' },
    { name: 'scaleUp with pod policy and previous scale up events', up: ev([1, 5, 9], 120), min: 1, max: 1000, upRules: g(150, 120, 0, 0, 0), current: 100, desired: 500, want: 235, cond: 'ScaleUpLimit' },
    { name: 'scaleUp with percent policy and previous scale up events', up: ev([1, 5, 9], 120), min: 1, max: 1000, upRules: g(0, 0, 200, 120, 0), current: 100, desired: 500, want: 255, cond: 'ScaleUpLimit' },
    { name: 'scaleUp with percent policy and previous scale up and down events', up: ev([4], 120), down: ev([2], 120), min: 1, max: 1000, upRules: g(0, 0, 300, 300, 0), current: 6, desired: 24, want: 16, cond: 'ScaleUpLimit' },
    { name: 'scaleDown with default policy and previous events', down: ev([1, 5, 9], 120), min: 1, max: 1000, current: 10, desired: 5, want: 5, cond: 'DesiredWithinRange' },
    { name: 'scaleDown with spec MinReplicas=nil limitation with large pod policy and previous events', down: ev([1, 5, 9], 120), min: 1, max: 1000, downRules: g(115, 120, 0, 0, 300), current: 100, desired: 0, want: 1, cond: 'TooFewReplicas' },
    { name: 'scaleDown with spec MinReplicas limitation with large pod policy and previous events', down: ev([1, 5, 9], 120), min: 5, max: 1000, downRules: g(130, 120, 0, 0, 300), current: 100, desired: 0, want: 5, cond: 'TooFewReplicas' },
    { name: 'scaleDown with spec MinReplicas limitation with large percent policy and previous events', down: ev([1, 5, 9], 120), min: 5, max: 1000, downRules: g(0, 0, 100, 120, 300), current: 100, desired: 2, want: 5, cond: 'TooFewReplicas' },
    { name: 'scaleDown with pod policy limitation and previous events', down: ev([1, 5, 9], 120), min: 1, max: 1000, downRules: g(5, 120, 0, 0, 300), current: 100, desired: 2, want: 100, cond: 'ScaleDownLimit' },
    { name: 'scaleDown with percent policy limitation and previous events', down: ev([2, 4, 6], 120), min: 1, max: 1000, downRules: g(0, 0, 50, 120, 300), current: 100, desired: 0, want: 56, cond: 'ScaleDownLimit' },
    { name: 'scaleDown with percent policy and previous scale up and down events', up: ev([2], 120), down: ev([4], 120), min: 1, max: 1000, downRules: g(0, 0, 50, 180, 0), current: 10, desired: 1, want: 6, cond: 'ScaleDownLimit' },
    { name: 'scaleDown with previous events preventing further scale down', down: ev([10, 10, 10], 120), min: 1, max: 1000, downRules: g(0, 0, 10, 120, 300), current: 100, desired: 0, want: 100, cond: 'ScaleDownLimit' },
    { name: 'scaleDown with with previous events still allowing more scale down', down: ev([10, 10, 10], 120), min: 1, max: 1000, downRules: g(0, 0, 1000, 120, 300), current: 10, desired: 5, want: 5, cond: 'DesiredWithinRange' },
    { name: "check 'outdated' flag for events for one behavior for up", up: ev([8, 12, 9, 11], 120), min: 1, max: 1000, upRules: g(1000, 60, 0, 0, 0), current: 100, desired: 200, want: 200, cond: 'DesiredWithinRange' },
    { name: "check that events were not marked 'outdated' for two different policies in the behavior for up", up: ev([8, 12, 9, 11], 120), min: 1, max: 1000, upRules: g(1000, 120, 100, 60, 0), current: 100, desired: 200, want: 200, cond: 'DesiredWithinRange' },
    { name: "check that events were marked 'outdated' for two different policies in the behavior for up", up: ev([8, 12, 9, 11], 120), min: 1, max: 1000, upRules: g(1000, 30, 100, 60, 0), current: 100, desired: 200, want: 200, cond: 'DesiredWithinRange' },
    { name: "check 'outdated' flag for events for one behavior for down", down: ev([8, 12, 9, 11], 120), min: 1, max: 1000, downRules: g(1000, 60, 0, 0, 300), current: 100, desired: 5, want: 5, cond: 'DesiredWithinRange' },
    { name: "check that events were not marked 'outdated' for two different policies in the behavior for down", down: ev([8, 12, 9, 11], 120), min: 1, max: 1000, downRules: g(1000, 120, 100, 60, 300), current: 100, desired: 5, want: 5, cond: 'DesiredWithinRange' },
    { name: "check that events were marked 'outdated' for two different policies in the behavior for down", down: ev([8, 12, 9, 11], 120), min: 1, max: 1000, downRules: g(1000, 30, 100, 60, 300), current: 100, desired: 5, want: 5, cond: 'DesiredWithinRange' },
  ];
  for (const tc of cases) {
    it(`"${tc.name}"`, () => {
      const r = convertDesiredReplicasWithBehaviorRate(
        {
          scaleUpBehavior: resolveRules(generateHPAScaleUpRules(tc.upRules), 0),
          scaleDownBehavior: resolveRules(generateHPAScaleDownRules(tc.downRules), 300),
          minReplicas: tc.min,
          maxReplicas: tc.max,
          currentReplicas: tc.current,
          desiredReplicas: tc.desired,
        },
        tc.up ?? [],
        tc.down ?? [],
        NOW,
      );
      expect(r.replicas).toBe(tc.want);
      expect(r.reason).toBe(tc.cond);
    });
  }
});

describe('horizontal_test.go TestStoreScaleEvents', () => {
  const e = (change: number, ago: number, outdated = false): TimestampedScaleEvent => ({ replicaChange: change, timestamp: NOW - ago, outdated });
  const g = generateScalingRules;
  const cases: { name: string; prev: TimestampedScaleEvent[]; next: [number, boolean][]; rules?: HPAScalingRules; change: number }[] = [
    { name: 'empty entries with default behavior', prev: [], next: [], change: 0 },
    { name: 'empty entries with two-policy-behavior', prev: [], next: [[5, false]], rules: g(10, 60, 100, 60, 0), change: 0 },
    { name: 'one outdated entry to be kept untouched without behavior', prev: [e(7, 61)], next: [[7, false]], change: 0 },
    { name: 'one outdated entry to be replaced with behavior', prev: [e(7, 61)], next: [[5, false]], rules: g(10, 60, 100, 60, 0), change: 0 },
    { name: 'one actual entry to be not touched with behavior', prev: [e(7, 58)], next: [[7, false], [5, false]], rules: g(10, 60, 100, 60, 0), change: 7 },
    { name: 'two entries, one of them to be replaced', prev: [e(7, 61), e(6, 59)], next: [[5, false], [6, false]], rules: g(10, 60, 0, 0, 0), change: 6 },
    { name: 'replace one entry, use policies with different periods', prev: [e(8, 29), e(6, 59), e(7, 61), e(9, 61)], next: [[8, false], [6, false], [7, true], [5, false]], rules: g(10, 60, 100, 30, 0), change: 14 },
    { name: 'two entries, both actual', prev: [e(7, 58), e(6, 59)], next: [[7, false], [6, false], [5, false]], rules: g(10, 120, 100, 30, 0), change: 13 },
  ];
  for (const tc of cases) {
    it(`"${tc.name}"`, () => {
      // scale up
      expect(getReplicasChangePerPeriod(60, tc.prev, NOW)).toBe(tc.change);
      const up = storeScaleEvent(tc.rules ? { scaleUp: tc.rules as never } : undefined, tc.prev, [], 10, 15, NOW);
      expect(up.scaleUpEvents.map((x) => [x.replicaChange, x.outdated])).toEqual(tc.next);
      // scale down
      const down = storeScaleEvent(tc.rules ? { scaleDown: tc.rules as never } : undefined, [], tc.prev, 10, 5, NOW);
      expect(down.scaleDownEvents.map((x) => [x.replicaChange, x.outdated])).toEqual(tc.next);
      // inputs untouched
      expect(tc.prev.every((x) => x.outdated === false)).toBe(true);
    });
  }
});

describe('horizontal_test.go TestNormalizeDesiredReplicasWithBehavior (stabilizeRecommendationWithBehaviors)', () => {
  const cases: { name: string; recs: TimestampedRecommendation[]; current: number; p: number; want: number; stored?: number[]; up?: number; down?: number }[] = [
    { name: 'empty recommendations for scaling down', recs: [], current: 100, p: 5, want: 5, stored: [5] },
    { name: 'simple scale down stabilization', recs: [rec(4, 120), rec(5, 60)], current: 100, p: 3, want: 5, stored: [4, 5, 3], down: 180 },
    { name: 'simple scale up stabilization', recs: [rec(4, 120), rec(5, 60)], current: 1, p: 7, want: 4, stored: [4, 5, 7], up: 300 },
    { name: 'no scale down stabilization', recs: [rec(1, 120), rec(2, 60)], current: 100, p: 3, want: 3, stored: [1, 2, 3], up: 300 },
    { name: 'no scale up stabilization', recs: [rec(4, 120), rec(5, 60)], current: 1, p: 3, want: 3, stored: [4, 5, 3], down: 300 },
    { name: 'no scale down stabilization, reuse recommendation element', recs: [rec(10, 600), rec(9, 540)], current: 100, p: 3, want: 3, stored: [10, 3] },
    { name: 'no scale up stabilization, reuse recommendation element', recs: [rec(10, 600), rec(9, 540)], current: 1, p: 100, want: 100, stored: [10, 100] },
    { name: 'scale down stabilization, reuse one of obsolete recommendation element', recs: [rec(10, 600), rec(4, 60), rec(5, 120), rec(9, 540)], current: 100, p: 3, want: 5, stored: [10, 4, 5, 3], down: 180 },
    { name: 'scale up stabilization, reuse one of obsolete recommendation element', recs: [rec(10, 6000), rec(6, 60), rec(5, 120), rec(9, 180)], current: 1, p: 100, want: 5, stored: [100, 6, 5, 9], up: 300 },
    { name: 'scale up and down stabilization, do not scale up when prenormalized rec goes down', recs: [rec(2, 6000), rec(3, 180)], current: 2, p: 1, want: 2, up: 300, down: 300 },
    { name: 'scale up and down stabilization, do not scale down when prenormalized rec goes up', recs: [rec(2, 6000), rec(1, 180)], current: 2, p: 3, want: 2, up: 300, down: 300 },
  ];
  for (const tc of cases) {
    it(`"${tc.name}"`, () => {
      const r = stabilizeRecommendationWithBehaviors(
        { currentReplicas: tc.current, desiredReplicas: tc.p, scaleUpBehavior: { stabilizationWindowSeconds: tc.up ?? 0 }, scaleDownBehavior: { stabilizationWindowSeconds: tc.down ?? 0 } },
        tc.recs,
        NOW,
      );
      expect(r.replicas).toBe(tc.want);
      if (tc.stored) expect(r.recommendations.map((x) => x.recommendation)).toEqual(tc.stored);
    });
  }
  it('the behavior-path window is strict: a recommendation exactly window-old does not count (hpa-spec.md E9)', () => {
    const w = { scaleUpBehavior: { stabilizationWindowSeconds: 0 }, scaleDownBehavior: { stabilizationWindowSeconds: 300 } };
    expect(stabilizeRecommendationWithBehaviors({ currentReplicas: 9, desiredReplicas: 3, ...w }, [rec(9, 300)], NOW).replicas).toBe(3);
    expect(stabilizeRecommendationWithBehaviors({ currentReplicas: 9, desiredReplicas: 3, ...w }, [rec(9, 299)], NOW).replicas).toBe(9);
  });
});

describe('autoscaling/v2 behavior defaults (pkg/apis/autoscaling/v2/defaults.go)', () => {
  it('scaleUp: window 0, Max, [4 Pods/15 s, 100 %/15 s]; scaleDown: window unset (flag), Max, [100 %/15 s]', () => {
    expect(generateHPAScaleUpRules(undefined)).toEqual({ stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }, { type: 'Percent', value: 100, periodSeconds: 15 }] });
    expect(generateHPAScaleDownRules(undefined)).toEqual({ selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] });
    expect(resolveRules(generateHPAScaleDownRules(undefined), 300).stabilizationWindowSeconds).toBe(300);
  });
  it('a user policy list replaces the whole default list; other fields keep their defaults', () => {
    const r = generateHPAScaleUpRules({ policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] });
    expect(r).toEqual({ stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] });
  });
  it('behavior nil stays nil; metrics default to cpu 80 %; minReplicas to 1', () => {
    const h = setDefaultsHPA({ apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'x' }, spec: { scaleTargetRef: { kind: 'Deployment', name: 'd' }, maxReplicas: 3 } });
    expect(h.spec.behavior).toBeUndefined();
    expect(h.spec.minReplicas).toBe(1);
    expect(h.spec.metrics).toEqual([{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }]);
  });
  it('hpa-spec.md E6: from 1 replica the legacy cap gives 4, the defaulted behavior 5', () => {
    expect(convertDesiredReplicasWithRules(1, 100, 1, 100).replicas).toBe(4);
    const r = convertDesiredReplicasWithBehaviorRate(
      { scaleUpBehavior: resolveRules(generateHPAScaleUpRules(undefined), 0), scaleDownBehavior: resolveRules(generateHPAScaleDownRules(undefined), 300), minReplicas: 1, maxReplicas: 100, currentReplicas: 1, desiredReplicas: 100 },
      [], [], NOW,
    );
    expect(r.replicas).toBe(5);
  });
});
