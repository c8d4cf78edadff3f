/**
 * Pods that schedule alike: same controller, same labels, same spec. kubesim's controllers give
 * every pod of one template the template's spec object, so "semantically equal spec" is object
 * identity here (a bare pod is its own group, as upstream).
 * mirrors cluster-autoscaler/core/scaleup/equivalence/groups.go groupPodsBySchedulingProperties
 * and simulator/scheduling/similar_pods.go SimilarPodsScheduling
 */
import { controllerKey } from '../../model/cluster.ts';
import type { PodInfo } from '../../model/pod-info.ts';

/** Upstream keeps at most this many distinct groups per controller (maxEquivalenceGroupsByController). */
export const MAX_EQUIVALENCE_GROUPS_BY_CONTROLLER = 10;

/** The controller a pod belongs to for grouping, or undefined (bare pods and DaemonSet pods). */
export function groupingController(p: PodInfo): string | undefined {
  const owner = controllerKey(p.pod);
  if (owner === undefined || owner.startsWith('DaemonSet/')) return undefined;
  return owner;
}

const labelKeys = new WeakMap<object, string>();
function labelsKey(p: PodInfo): string {
  const l = p.labels ?? {};
  let k = labelKeys.get(l);
  if (k === undefined) {
    k = JSON.stringify(Object.keys(l).sort().map((x) => [x, l[x]]));
    labelKeys.set(l, k);
  }
  return k;
}

/** True when two pods of one controller schedule alike (labels and spec). */
export function sameSchedulingProperties(a: PodInfo, b: PodInfo): boolean {
  return a.pod.spec === b.pod.spec && labelsKey(a) === labelsKey(b);
}

/** A group of equivalent pending pods with what the scale-up learnt about it (equivalence.PodGroup). */
export interface PodGroup {
  pods: PodInfo[];
  /** Node group id → why the exemplar does not fit its template. */
  schedulingErrors: Map<string, string>;
  schedulableGroups: string[];
  schedulable: boolean;
}

/**
 * Groups pods by controller and scheduling properties, in order of first appearance (upstream
 * iterates a Go map, in random order; we keep a deterministic one).
 * mirrors equivalence/groups.go BuildPodGroups
 */
export function buildPodGroups(pods: readonly PodInfo[]): PodGroup[] {
  const groups: PodGroup[] = [];
  const byController = new Map<string, { rep: PodInfo; group: PodGroup }[]>();
  for (const p of pods) {
    const ctl = groupingController(p);
    if (ctl === undefined) {
      groups.push(newGroup([p]));
      continue;
    }
    let egs = byController.get(ctl);
    if (!egs) byController.set(ctl, (egs = []));
    const hit = egs.find((g) => sameSchedulingProperties(g.rep, p));
    if (hit) {
      hit.group.pods.push(p);
      continue;
    }
    const g = newGroup([p]);
    if (egs.length < MAX_EQUIVALENCE_GROUPS_BY_CONTROLLER) egs.push({ rep: p, group: g });
    groups.push(g);
  }
  return groups;
}

function newGroup(pods: PodInfo[]): PodGroup {
  return { pods, schedulingErrors: new Map(), schedulableGroups: [], schedulable: false };
}

/** Upstream remembers at most this many unschedulable shapes per controller (maxPodsPerOwnerRef). */
export const MAX_PODS_PER_OWNER_REF = 10;

/** Remembers pod shapes that did not fit, so their siblings are not tried again in one pass. */
export class SimilarPodsScheduling {
  private readonly items = new Map<string, PodInfo[]>();
  private readonly overflowing = new Set<string>();

  /** True when a pod like this one (same controller, labels, spec) already failed. */
  isSimilarUnschedulable(p: PodInfo): boolean {
    const ctl = groupingController(p);
    if (ctl === undefined) return false;
    return (this.items.get(ctl) ?? []).some((q) => sameSchedulingProperties(q, p));
  }

  /** Records that `p` did not fit. */
  setUnschedulable(p: PodInfo): void {
    const ctl = groupingController(p);
    if (ctl === undefined) return;
    const list = this.items.get(ctl) ?? [];
    if (list.length >= MAX_PODS_PER_OWNER_REF) {
      this.overflowing.add(ctl);
      return;
    }
    list.push(p);
    this.items.set(ctl, list);
  }

  /** Controllers with more unschedulable shapes than remembered. */
  overflowingControllerCount(): number {
    return this.overflowing.size;
  }
}
