/**
 * The PDBs that remain during a scale-down simulation and the disruptions each still allows.
 * mirrors cluster-autoscaler/core/scaledown/pdb/pdb.go and basic.go
 */
import { compileSelector } from '../../../model/labels.ts';
import type { LabelMatcher } from '../../../model/labels.ts';
import type { Pod, PodDisruptionBudget } from '../../../model/types.ts';
import { BlockingPodReason } from '../reasons.ts';
import type { BlockingPod } from '../reasons.ts';

/**
 * A PDB with the disruptions it allows (upstream reads pdb.Status.DisruptionsAllowed; the
 * caller computes it here).
 */
export interface PdbWithDisruptions {
  pdb: PodDisruptionBudget;
  disruptionsAllowed: number;
}

/** The answer of {@link RemainingPdbTracker.canRemovePods}. */
export interface CanRemovePodsResult {
  canRemove: boolean;
  /** False when evicting the pods at once would exceed some PDB (eviction may then time out). */
  inParallel: boolean;
  blockingPod?: BlockingPod;
}

/**
 * Tracks the remaining PDBs.
 * mirrors cluster-autoscaler/core/scaledown/pdb/pdb.go RemainingPdbTracker
 */
export interface RemainingPdbTracker {
  /** Replaces the tracked PDBs; returns an error message when a selector is invalid. */
  setPdbs(pdbs: readonly PdbWithDisruptions[]): string | undefined;
  /** The current remaining PDBs. */
  getPdbs(): PdbWithDisruptions[];
  /** The PDBs matching the pod. */
  matchingPdbs(pod: Pod): PdbWithDisruptions[];
  /** Whether the pods can be removed, and whether in parallel. */
  canRemovePods(pods: readonly Pod[]): CanRemovePodsResult;
  /** Spends one disruption of every matching PDB per removed pod. */
  removePods(pods: readonly Pod[]): void;
  /** Forgets every PDB. */
  clear(): void;
}

interface PdbInfo {
  entry: PdbWithDisruptions;
  namespace: string;
  selector: LabelMatcher;
}

/** A namespace as the API server stores it: absent means "default". */
function namespaceOf(obj: { metadata: { namespace?: string } }): string {
  return obj.metadata.namespace || 'default';
}

function matches(info: PdbInfo, pod: Pod): boolean {
  return namespaceOf(pod) === info.namespace && info.selector(pod.metadata.labels);
}

/**
 * The basic RemainingPdbTracker: a list of PDBs with their remaining disruptions.
 * mirrors cluster-autoscaler/core/scaledown/pdb/basic.go basicRemainingPdbTracker
 */
export class BasicRemainingPdbTracker implements RemainingPdbTracker {
  private pdbInfos: PdbInfo[] = [];

  /** mirrors cluster-autoscaler/core/scaledown/pdb/basic.go SetPdbs */
  setPdbs(pdbs: readonly PdbWithDisruptions[]): string | undefined {
    this.clear();
    for (const p of pdbs) {
      let selector: LabelMatcher;
      try {
        // policy/v1: a nil selector matches nothing (LabelSelectorAsSelector(nil) = labels.Nothing()).
        selector = compileSelector(p.pdb.spec.selector);
      } catch (e) {
        return e instanceof Error ? e.message : String(e);
      }
      this.pdbInfos.push({ entry: { pdb: p.pdb, disruptionsAllowed: p.disruptionsAllowed }, namespace: namespaceOf(p.pdb), selector });
    }
    return undefined;
  }

  /** mirrors cluster-autoscaler/core/scaledown/pdb/basic.go GetPdbs */
  getPdbs(): PdbWithDisruptions[] {
    return this.pdbInfos.map((i) => i.entry);
  }

  /** mirrors cluster-autoscaler/core/scaledown/pdb/basic.go MatchingPdbs */
  matchingPdbs(pod: Pod): PdbWithDisruptions[] {
    const out: PdbWithDisruptions[] = [];
    for (const info of this.pdbInfos) if (matches(info, pod)) out.push(info.entry);
    return out;
  }

  /** mirrors cluster-autoscaler/core/scaledown/pdb/basic.go CanRemovePods */
  canRemovePods(pods: readonly Pod[]): CanRemovePodsResult {
    let inParallel = true;
    let blockingPod: BlockingPod | undefined;
    for (const info of this.pdbInfos) {
      let count = 0;
      for (const pod of pods) {
        if (!matches(info, pod)) continue;
        count++;
        if (info.entry.disruptionsAllowed < 1) {
          return { canRemove: false, inParallel: false, blockingPod: { pod, reason: BlockingPodReason.NotEnoughPdb } };
        }
        if (info.entry.disruptionsAllowed < count) {
          inParallel = false;
          blockingPod = { pod, reason: BlockingPodReason.NotEnoughPdb };
        }
      }
    }
    const result: CanRemovePodsResult = { canRemove: true, inParallel };
    if (blockingPod) result.blockingPod = blockingPod;
    return result;
  }

  /** mirrors cluster-autoscaler/core/scaledown/pdb/basic.go RemovePods */
  removePods(pods: readonly Pod[]): void {
    for (const info of this.pdbInfos) {
      for (const pod of pods) if (matches(info, pod)) info.entry.disruptionsAllowed -= 1;
    }
  }

  /** mirrors cluster-autoscaler/core/scaledown/pdb/basic.go Clear */
  clear(): void {
    this.pdbInfos = [];
  }
}

/**
 * A new basic tracker, optionally holding `pdbs` (throws on an invalid selector).
 * mirrors cluster-autoscaler/core/scaledown/pdb/basic.go NewBasicRemainingPdbTracker
 */
export function newBasicRemainingPdbTracker(pdbs: readonly PdbWithDisruptions[] = []): BasicRemainingPdbTracker {
  const t = new BasicRemainingPdbTracker();
  const err = t.setPdbs(pdbs);
  if (err !== undefined) throw new Error(err);
  return t;
}
