/**
 * Tries to place pods on the snapshot's nodes, first on the node a pod of the same name went to
 * last time (the hint), then anywhere acceptable.
 * mirrors cluster-autoscaler/simulator/scheduling/hinting_simulator.go HintingSimulator
 */
import type { NodeInfo } from '../../model/node-info.ts';
import type { PodInfo } from '../../model/pod-info.ts';
import type { ClusterSnapshot } from './cluster-snapshot.ts';
import { SimilarPodsScheduling } from './equivalence.ts';

/** A pod and the node it was placed on (scheduling.Status). */
export interface PlacementStatus {
  pod: PodInfo;
  nodeName: string;
}

/** Placement with hints kept between calls (and dropped when not used in a pass). */
export class HintingSimulator {
  private hints = new Map<string, string>();
  private used = new Map<string, string>();

  /**
   * Places `pods` in order; with `breakOnFailure` it stops at the first pod that fits nowhere.
   * mirrors HintingSimulator.TrySchedulePods
   */
  trySchedulePods(snapshot: ClusterSnapshot, pods: readonly PodInfo[], isNodeAcceptable: (ni: NodeInfo) => boolean, breakOnFailure: boolean): PlacementStatus[] {
    const similar = new SimilarPodsScheduling();
    const out: PlacementStatus[] = [];
    for (const pod of pods) {
      let nodeName = this.tryUsingHints(snapshot, pod, isNodeAcceptable);
      if (nodeName === null) nodeName = this.trySchedule(similar, snapshot, pod, isNodeAcceptable);
      if (nodeName !== null) out.push({ pod, nodeName });
      else if (breakOnFailure) break;
    }
    return out;
  }

  private tryUsingHints(snapshot: ClusterSnapshot, pod: PodInfo, ok: (ni: NodeInfo) => boolean): string | null {
    const hinted = this.used.get(pod.key) ?? this.hints.get(pod.key);
    if (hinted === undefined) return null;
    const ni = snapshot.getNodeInfo(hinted);
    if (!ni || !ok(ni)) return null;
    if (snapshot.schedulePod(pod, hinted) !== null) return null;
    this.used.set(pod.key, hinted);
    return hinted;
  }

  private trySchedule(similar: SimilarPodsScheduling, snapshot: ClusterSnapshot, pod: PodInfo, ok: (ni: NodeInfo) => boolean): string | null {
    if (similar.isSimilarUnschedulable(pod)) return null;
    const node = snapshot.schedulePodOnAnyNodeMatching(pod, ok);
    if (node === null) {
      similar.setUnschedulable(pod);
      return null;
    }
    this.used.set(pod.key, node);
    return node;
  }

  /** Keeps only the hints used since the last call (Hints.DropOld). */
  dropOldHints(): void {
    this.hints = this.used;
    this.used = new Map();
  }
}
