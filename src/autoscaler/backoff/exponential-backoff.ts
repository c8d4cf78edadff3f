/**
 * Per-node-group exponential backoff after failed scale-ups. The key is the node group id
 * (upstream's core wires NewIdBasedExponentialBackoff; the node group's NodeInfo is passed but
 * unused). Times are simulated seconds.
 */

/** Upstream's two instance error classes, by their String() names (cloudprovider.InstanceErrorClass). */
export type InstanceErrorClass = 'OutOfResource' | 'Other';

/**
 * Why a scale-up failed (cloudprovider.InstanceErrorInfo).
 * mirrors cluster-autoscaler/cloudprovider/cloud_provider.go InstanceErrorInfo
 */
export interface InstanceErrorInfo {
  errorClass?: InstanceErrorClass;
  errorCode?: string;
  errorMessage?: string;
}

/**
 * Whether a node group is backed off, and the error that caused it.
 * mirrors cluster-autoscaler/utils/backoff/backoff.go Status
 */
export interface BackoffStatus {
  isBackedOff: boolean;
  /** Set while backed off. */
  errorInfo?: InstanceErrorInfo;
}

/** --initial-node-group-backoff-duration default: 5 minutes. */
export const DEFAULT_INITIAL_NODE_GROUP_BACKOFF_DURATION_SEC = 5 * 60;
/** --max-node-group-backoff-duration default: 30 minutes. */
export const DEFAULT_MAX_NODE_GROUP_BACKOFF_DURATION_SEC = 30 * 60;
/** --node-group-backoff-reset-timeout default: 3 hours. */
export const DEFAULT_NODE_GROUP_BACKOFF_RESET_TIMEOUT_SEC = 3 * 60 * 60;

/** One key's state (exponentialBackoffInfo). */
interface ExponentialBackoffInfo {
  duration: number;
  backoffUntil: number;
  lastFailedExecution: number;
  errorInfo: InstanceErrorInfo;
}

/**
 * Exponential backoff keyed by node group id: the first failure backs off for the initial
 * duration; a failure after the backoff ended doubles it (capped at max); a failure during a
 * backoff restarts it with the same duration; entries whose last failure is older than the
 * reset timeout are dropped by {@link ExponentialBackoff.removeStaleBackoffData}.
 * mirrors cluster-autoscaler/utils/backoff/exponential_backoff.go exponentialBackoff
 */
export class ExponentialBackoff {
  private readonly backoffInfo = new Map<string, ExponentialBackoffInfo>();

  /** Durations in seconds; defaults are CA 1.35's flag defaults (5m, 30m, 3h). */
  constructor(
    readonly initialBackoffDurationSec: number = DEFAULT_INITIAL_NODE_GROUP_BACKOFF_DURATION_SEC,
    readonly maxBackoffDurationSec: number = DEFAULT_MAX_NODE_GROUP_BACKOFF_DURATION_SEC,
    readonly backoffResetTimeoutSec: number = DEFAULT_NODE_GROUP_BACKOFF_RESET_TIMEOUT_SEC,
  ) {}

  /**
   * Backs off `key` (a node group id) from `now`; returns the time the backoff ends.
   * mirrors cluster-autoscaler/utils/backoff/exponential_backoff.go Backoff
   */
  backoff(key: string, now: number, errorClass?: InstanceErrorClass, errorCode?: string, message?: string): number {
    let duration = this.initialBackoffDurationSec;
    const info = this.backoffInfo.get(key);
    if (info !== undefined) {
      // Concurrent failures while backed off don't grow the duration.
      duration = info.duration;
      if (info.backoffUntil < now) {
        duration = Math.min(2 * info.duration, this.maxBackoffDurationSec);
      }
    }
    const backoffUntil = now + duration;
    const errorInfo: InstanceErrorInfo = {};
    if (errorClass !== undefined) errorInfo.errorClass = errorClass;
    if (errorCode !== undefined) errorInfo.errorCode = errorCode;
    if (message !== undefined) errorInfo.errorMessage = message;
    this.backoffInfo.set(key, { duration, backoffUntil, lastFailedExecution: now, errorInfo });
    return backoffUntil;
  }

  /**
   * Backed off while now ≤ backoffUntil (upstream: not backoffUntil.Before(now)).
   * mirrors cluster-autoscaler/utils/backoff/exponential_backoff.go BackoffStatus
   */
  isBackedOff(key: string, now: number): BackoffStatus {
    const info = this.backoffInfo.get(key);
    if (info === undefined || info.backoffUntil < now) return { isBackedOff: false };
    return { isBackedOff: true, errorInfo: { ...info.errorInfo } };
  }

  /**
   * Forgets `key` (upstream calls it after a successful scale-up of the group).
   * mirrors cluster-autoscaler/utils/backoff/exponential_backoff.go RemoveBackoff
   */
  removeBackoff(key: string): void {
    this.backoffInfo.delete(key);
  }

  /**
   * Drops entries whose last failure + reset timeout is before `now`.
   * mirrors cluster-autoscaler/utils/backoff/exponential_backoff.go RemoveStaleBackoffData
   */
  removeStaleBackoffData(now: number): void {
    for (const [key, info] of this.backoffInfo) {
      if (info.lastFailedExecution + this.backoffResetTimeoutSec < now) this.backoffInfo.delete(key);
    }
  }

  /** Number of keys with backoff data (for tests and reports). */
  size(): number {
    return this.backoffInfo.size;
  }
}
