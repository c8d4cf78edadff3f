/**
 * PodDisruptionBudget arithmetic: which pods a budget covers and how many disruptions it allows
 * now (pkg/controller/disruption/disruption.go getExpectedPodCount / updatePdbStatus).
 */
import type { ClusterState } from './cluster.ts';
import { compileSelector } from './labels.ts';
import type { PodInfo } from './pod-info.ts';
import type { IntOrString, PodDisruptionBudget } from './types.ts';

/** Resolves an int-or-percent against `total`; percentages round up as the disruption controller does. */
export function intOrPercentRoundUp(v: IntOrString, total: number): number {
  if (typeof v === 'number') return v;
  const m = /^(\d+)%$/.exec(v);
  if (m) return Math.ceil((Number(m[1]) * total) / 100);
  return Number(v);
}

/** Pods of `pdb`'s namespace its selector selects (an empty selector selects all; nil none, policy/v1). */
export function pdbPods(pdb: PodDisruptionBudget, cluster: ClusterState): PodInfo[] {
  const ns = pdb.metadata.namespace ?? 'default';
  const sel = compileSelector(pdb.spec.selector);
  const out: PodInfo[] = [];
  for (const p of cluster.podsByNamespace.get(ns) ?? []) if (sel(p.labels)) out.push(p);
  return out;
}

/**
 * Disruptions the budget allows now: currentHealthy − desiredHealthy, at least 0.
 * `isHealthy` says whether a pod counts as healthy (ready, not terminating).
 * mirrors pkg/controller/disruption/disruption.go getExpectedPodCount + updatePdbStatus
 */
export function disruptionsAllowed(pdb: PodDisruptionBudget, pods: readonly PodInfo[], isHealthy: (p: PodInfo) => boolean): number {
  const expected = pods.length;
  let healthy = 0;
  for (const p of pods) if (isHealthy(p)) healthy++;
  let desired: number;
  if (pdb.spec.maxUnavailable !== undefined) {
    desired = Math.max(0, expected - intOrPercentRoundUp(pdb.spec.maxUnavailable, expected));
  } else if (pdb.spec.minAvailable !== undefined) {
    desired = intOrPercentRoundUp(pdb.spec.minAvailable, expected);
  } else {
    desired = expected; // policy/v1 defaults minAvailable to 100% when neither is set
  }
  return Math.max(0, healthy - desired);
}
