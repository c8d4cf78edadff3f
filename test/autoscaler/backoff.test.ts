/** Exponential backoff tests, ported from cluster-autoscaler 1.35 utils/backoff/exponential_backoff_test.go. */
import { describe, expect, it } from 'vitest';
import { ExponentialBackoff, type BackoffStatus } from '../../src/autoscaler/backoff/exponential-backoff.ts';

const MINUTE = 60;
const HOUR = 3600;
const MS = 0.001;

const nodeGroup1 = 'id1';
const nodeGroup2 = 'id2';
const quotaError = ['OutOfResource', 'QUOTA_EXCEEDED', 'Not enough CPU'] as const;
const ipSpaceExhaustedError = ['Other', 'IP_SPACE_EXHAUSTED', 'IP space has been exhausted'] as const;

const noBackOff: BackoffStatus = { isBackedOff: false };
const backoffWithQuotaError: BackoffStatus = {
  isBackedOff: true,
  errorInfo: { errorClass: 'OutOfResource', errorCode: 'QUOTA_EXCEEDED', errorMessage: 'Not enough CPU' },
};
const backoffWithIpSpaceExhaustedError: BackoffStatus = {
  isBackedOff: true,
  errorInfo: { errorClass: 'Other', errorCode: 'IP_SPACE_EXHAUSTED', errorMessage: 'IP space has been exhausted' },
};

describe('ExponentialBackoff (exponential_backoff_test.go)', () => {
  it('TestBackoffTwoKeys', () => {
    const backoff = new ExponentialBackoff(10 * MINUTE, HOUR, 3 * HOUR);
    const startTime = 1_000_000;
    expect(backoff.isBackedOff(nodeGroup1, startTime)).toEqual(noBackOff);
    expect(backoff.isBackedOff(nodeGroup2, startTime)).toEqual(noBackOff);
    backoff.backoff(nodeGroup1, startTime + MINUTE, ...quotaError);
    expect(backoff.isBackedOff(nodeGroup1, startTime + 2 * MINUTE)).toEqual(backoffWithQuotaError);
    expect(backoff.isBackedOff(nodeGroup2, startTime)).toEqual(noBackOff);
    expect(backoff.isBackedOff(nodeGroup1, startTime + 11 * MINUTE + MS)).toEqual(noBackOff);
  });

  it('TestMaxBackoff', () => {
    const backoff = new ExponentialBackoff(1 * MINUTE, 3 * MINUTE, 3 * HOUR);
    const startTime = 1_000_000;
    backoff.backoff(nodeGroup1, startTime, ...ipSpaceExhaustedError);
    expect(backoff.isBackedOff(nodeGroup1, startTime)).toEqual(backoffWithIpSpaceExhaustedError);
    expect(backoff.isBackedOff(nodeGroup1, startTime + MINUTE + MS)).toEqual(noBackOff);
    backoff.backoff(nodeGroup1, startTime + MINUTE, ...ipSpaceExhaustedError);
    expect(backoff.isBackedOff(nodeGroup1, startTime + MINUTE)).toEqual(backoffWithIpSpaceExhaustedError);
    expect(backoff.isBackedOff(nodeGroup1, startTime + 3 * MINUTE)).toEqual(noBackOff);
    backoff.backoff(nodeGroup1, startTime + 3 * MINUTE, ...ipSpaceExhaustedError);
    expect(backoff.isBackedOff(nodeGroup1, startTime + 3 * MINUTE)).toEqual(backoffWithIpSpaceExhaustedError);
    expect(backoff.isBackedOff(nodeGroup1, startTime + 6 * MINUTE)).toEqual(noBackOff);
  });

  it('TestRemoveBackoff', () => {
    const backoff = new ExponentialBackoff(1 * MINUTE, 3 * MINUTE, 3 * HOUR);
    const startTime = 1_000_000;
    backoff.backoff(nodeGroup1, startTime, ...quotaError);
    expect(backoff.isBackedOff(nodeGroup1, startTime)).toEqual(backoffWithQuotaError);
    backoff.removeBackoff(nodeGroup1);
    expect(backoff.isBackedOff(nodeGroup1, startTime)).toEqual(noBackOff);
  });

  it('TestResetStaleBackoffData', () => {
    const backoff = new ExponentialBackoff(1 * MINUTE, 3 * MINUTE, 3 * HOUR);
    const startTime = 1_000_000;
    backoff.backoff(nodeGroup1, startTime, ...quotaError);
    backoff.backoff(nodeGroup2, startTime + HOUR, ...quotaError);
    backoff.removeStaleBackoffData(startTime + HOUR);
    expect(backoff.size()).toBe(2);
    backoff.removeStaleBackoffData(startTime + 4 * HOUR);
    expect(backoff.size()).toBe(1);
    backoff.removeStaleBackoffData(startTime + 5 * HOUR);
    expect(backoff.size()).toBe(0);
  });

  it('TestIncreaseExistingBackoff', () => {
    const backoff = new ExponentialBackoff(1, 10 * MINUTE, 3 * HOUR);
    let currentTime = Date.UTC(2023, 11, 12, 12, 0, 0) / 1000;
    backoff.backoff(nodeGroup1, currentTime, ...quotaError);
    // NG in backoff for one second here
    expect(backoff.isBackedOff(nodeGroup1, currentTime)).toEqual(backoffWithQuotaError);
    // Come out of backoff
    currentTime += 1 + MS;
    expect(backoff.isBackedOff(nodeGroup1, currentTime)).toEqual(noBackOff);
    // Backing off again doubles the duration and replaces the error info: 2 seconds now
    backoff.backoff(nodeGroup1, currentTime, ...ipSpaceExhaustedError);
    expect(backoff.isBackedOff(nodeGroup1, currentTime)).toEqual(backoffWithIpSpaceExhaustedError);
    currentTime += 1;
    // Backing off during a backoff changes error info and end, not the duration.
    backoff.backoff(nodeGroup1, currentTime, ...quotaError);
    expect(backoff.isBackedOff(nodeGroup1, currentTime)).toEqual(backoffWithQuotaError);
    currentTime += 2 + MS;
    expect(backoff.isBackedOff(nodeGroup1, currentTime)).toEqual(noBackOff);
  });

  it('defaults are 5m / 30m / 3h and the duration doubles up to the max (kubesim)', () => {
    const backoff = new ExponentialBackoff();
    let t = 0;
    const durations: number[] = [];
    for (let i = 0; i < 5; i++) {
      const until = backoff.backoff('ng', t, 'Other', 'x', 'y');
      durations.push(until - t);
      t = until + 1;
    }
    expect(durations).toEqual([300, 600, 1200, 1800, 1800]);
    // Exactly at backoffUntil still backed off (Before is strict).
    expect(backoff.isBackedOff('ng', t - 1).isBackedOff).toBe(true);
    const lastFailedExecution = t - 1 - 1800;
    backoff.removeStaleBackoffData(lastFailedExecution + 3 * HOUR);
    expect(backoff.size()).toBe(1);
    backoff.removeStaleBackoffData(lastFailedExecution + 3 * HOUR + 1);
    expect(backoff.size()).toBe(0);
  });
});
