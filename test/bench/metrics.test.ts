/** Bench metric catalogue: time-weighted means, maxima, times, event counts on hand-made runs. */
import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../src/engine/engine.ts';
import { Recorder } from '../../src/engine/recorder.ts';
import { computeMetrics, METRIC_NAMES, METRICS, seriesMax, timeOfLastChange, timeToFinalValue, timeWeightedMean, type RunView } from '../../src/bench/metrics.ts';

describe('series helpers', () => {
  it('timeWeightedMean weighs each value by how long it held', () => {
    // 2 for 10 s, 4 for 20 s, 0 for 10 s: (20 + 80 + 0) / 40 = 2.5
    expect(timeWeightedMean({ t: [0, 10, 30], v: [2, 4, 0] }, 40)).toBe(2.5);
    // a point at the end counts for nothing
    expect(timeWeightedMean({ t: [0, 10, 40], v: [2, 4, 100] }, 40)).toBe((20 + 120) / 40);
    // points after `until` are ignored
    expect(timeWeightedMean({ t: [0, 30, 50], v: [1, 3, 9] }, 40)).toBe((30 + 30) / 40);
    // from the first point on
    expect(timeWeightedMean({ t: [10, 20], v: [6, 2] }, 30)).toBe((60 + 20) / 20);
    expect(timeWeightedMean({ t: [0], v: [7] }, 0)).toBe(7);
    expect(timeWeightedMean({ t: [], v: [] }, 10)).toBeNull();
    expect(timeWeightedMean(undefined, 10)).toBeNull();
  });

  it('seriesMax, timeToFinalValue (first time at the final value) and timeOfLastChange', () => {
    const s = { t: [0, 5, 9, 12], v: [0, 3, 1, 3] };
    expect(seriesMax(s)).toBe(3);
    expect(timeToFinalValue(s)).toBe(5);
    expect(timeOfLastChange(s)).toBe(12);
    expect(timeToFinalValue({ t: [0], v: [4] })).toBe(0);
    expect(seriesMax({ t: [], v: [] })).toBeNull();
    expect(timeToFinalValue(undefined)).toBeNull();
  });
});

/** A hand-made finished run of 100 s. */
function run(): RunView {
  const r = new Recorder();
  const points: [string, number, number][] = [
    ['pendingPods', 0, 5],
    ['pendingPods', 10, 1],
    ['pendingPods', 50, 0],
    ['usedNodes', 0, 0],
    ['usedNodes', 10, 3],
    ['usedNodes', 60, 2],
    ['readyPods', 0, 0],
    ['readyPods', 20, 4],
    ['readyPods', 70, 3],
    ['readyPods', 90, 4],
    ['cpuRequestedPercent', 0, 10],
    ['cpuRequestedPercent', 50, 30],
  ];
  for (const [name, t, v] of points) r.record(name, t, v);
  const ev = (t: number, kind: string, fields: Record<string, unknown> = {}): EngineEvent => ({ t, kind, object: 'Pod default/p', ...fields });
  const events = [
    ev(1, 'FailedScheduling'),
    ev(2, 'FailedScheduling'),
    ev(10, 'Scheduled'),
    ev(10, 'Scheduled'),
    ev(11, 'Preempted', { victims: ['default/a', 'default/b'] }),
    ev(12, 'Preempted', { victims: ['default/c'] }),
    ev(13, 'Scheduled'),
  ];
  return {
    recorder: r,
    events,
    expectations: [
      { index: 0, text: 'a', passed: true, observed: '' },
      { index: 1, text: 'b', passed: false, observed: '' },
      { index: 2, text: 'c', passed: true, observed: '' },
    ],
    duration: 100,
  };
}

describe('the metric catalogue on a hand-made run', () => {
  const expected: Record<string, number> = {
    maxPendingPods: 5,
    meanPendingPods: (5 * 10 + 1 * 40) / 100,
    podsScheduled: 3,
    failedSchedulingAttempts: 2,
    preemptions: 2,
    preemptionVictims: 3,
    meanUsedNodes: (3 * 50 + 2 * 40) / 100,
    maxUsedNodes: 3,
    meanCpuRequestedPercent: (10 * 50 + 30 * 50) / 100,
    meanReadyPods: (4 * 50 + 3 * 20 + 4 * 10) / 100,
    timeToAllReady: 20,
    readySettledAt: 90,
    expectationsPassed: 2,
  };
  it.each(Object.entries(expected))('%s = %f', (name, value) => {
    const [v] = computeMetrics(run(), [name as (typeof METRIC_NAMES)[number]]);
    expect(v).toBeCloseTo(value, 12);
  });

  it('a series the run never recorded reads as null', () => {
    expect(computeMetrics(run(), ['meanMemoryRequestedPercent'])).toEqual([null]);
  });

  it('every catalogue entry has a description and a unit', () => {
    for (const name of METRIC_NAMES) {
      expect(METRICS[name].description.length).toBeGreaterThan(10);
      expect(METRICS[name].unit).not.toBe('');
    }
  });
});
