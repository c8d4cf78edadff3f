/**
 * A cluster-level index of the pod (anti-)affinity terms carried by bound pods: per distinct
 * compiled term, how many pods carrying it sit in each value of the term's topology key.
 *
 * InterPodAffinity's PreFilter (existing pods' required anti-affinity) and PreScore (existing
 * pods' required and preferred terms) walk every node's pods-with-affinity upstream, testing each
 * term against the incoming pod. Pods of one workload share their compiled terms (see
 * pod-info.ts), so grouping by term gives the same sums with one test per distinct term instead
 * of one per pod: the counts are integers, so the order of addition does not matter, and a
 * (key, value) pair is present exactly when at least one pod contributes to it.
 *
 * Kept up to date by NodeInfo.addPod/removePod/setNode of the nodes attached to it (the nodes
 * of a ClusterState), so it stays exact through preemption's what-if removals too.
 */
import type { Labels } from './labels.ts';
import type { AffinityTerm, PodInfo, WeightedAffinityTerm } from './pod-info.ts';
import { SelectorCountIndex } from './selector-counts.ts';

/** Pods carrying one term, counted per value of the term's topology key on their nodes. */
export class TermGroup<T extends AffinityTerm = AffinityTerm> {
  /** value of `term.topologyKey` → number of bound pods (only values with a positive count). */
  readonly byValue = new Map<string, number>();

  constructor(readonly term: T) {}
}

/** The four kinds of term an existing pod contributes. */
export class PodAffinityIndex {
  readonly requiredAffinity = new Map<AffinityTerm, TermGroup>();
  readonly requiredAntiAffinity = new Map<AffinityTerm, TermGroup>();
  readonly preferredAffinity = new Map<WeightedAffinityTerm, TermGroup<WeightedAffinityTerm>>();
  readonly preferredAntiAffinity = new Map<WeightedAffinityTerm, TermGroup<WeightedAffinityTerm>>();
  /** Matching-pod counts per node of the label selectors PodTopologySpread asks about. */
  readonly selectorCounts = new SelectorCountIndex();

  /** Adds (delta 1) or removes (delta −1) a pod bound to a node with `labels`. */
  update(p: PodInfo, labels: Labels, delta: number): void {
    if (labels === undefined) return;
    if (p.requiredAffinityTerms.length > 0) updateTerms(this.requiredAffinity, p.requiredAffinityTerms, labels, delta);
    if (p.requiredAntiAffinityTerms.length > 0) updateTerms(this.requiredAntiAffinity, p.requiredAntiAffinityTerms, labels, delta);
    if (p.preferredAffinityTerms.length > 0) updateTerms(this.preferredAffinity, p.preferredAffinityTerms, labels, delta);
    if (p.preferredAntiAffinityTerms.length > 0) updateTerms(this.preferredAntiAffinity, p.preferredAntiAffinityTerms, labels, delta);
  }
}

function updateTerms<T extends AffinityTerm>(groups: Map<T, TermGroup<T>>, terms: readonly T[], labels: NonNullable<Labels>, delta: number): void {
  for (const t of terms) {
    const v = labels[t.topologyKey];
    if (v === undefined) continue;
    let g = groups.get(t);
    if (g === undefined) {
      if (delta < 0) continue;
      groups.set(t, (g = new TermGroup(t)));
    }
    const next = (g.byValue.get(v) ?? 0) + delta;
    if (next > 0) g.byValue.set(v, next);
    else {
      g.byValue.delete(v);
      if (g.byValue.size === 0) groups.delete(t);
    }
  }
}
