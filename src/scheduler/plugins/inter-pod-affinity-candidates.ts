/**
 * Candidate pods for a label selector, read from ClusterState's label and namespace indexes
 * instead of scanning every pod on every node. Shared by InterPodAffinity and PodTopologySpread:
 * upstream walks `nodeInfo.Pods` of all nodes and tests each pod; summing over a superset of
 * the matching pods (then testing each) gives the same counts at a fraction of the cost.
 */
import type { ClusterState } from '../../model/cluster.ts';
import type { NodeInfo } from '../../model/node-info.ts';
import type { PodInfo } from '../../model/pod-info.ts';
import type { LabelSelector } from '../../model/types.ts';

/** Visits one candidate: a pod bound to an existing node. */
export type CandidateVisitor = (pod: PodInfo, node: NodeInfo) => void;

type Source = { size: number; sets: readonly ReadonlySet<PodInfo>[] };

function labelSources(cluster: ClusterState, sel: LabelSelector): Source[] {
  const out: Source[] = [];
  const ml = sel.matchLabels;
  if (ml) {
    for (const k in ml) {
      const s = cluster.podsWithLabel(k, ml[k]);
      out.push({ size: s.size, sets: [s] });
    }
  }
  for (const r of sel.matchExpressions ?? []) {
    const byValue = cluster.podsByLabel.get(r.key);
    if (r.operator === 'In') {
      const sets: ReadonlySet<PodInfo>[] = [];
      let size = 0;
      for (const v of new Set(r.values ?? [])) {
        const s = byValue?.get(v);
        if (s && s.size > 0) {
          sets.push(s);
          size += s.size;
        }
      }
      out.push({ size, sets });
    } else if (r.operator === 'Exists') {
      const sets: ReadonlySet<PodInfo>[] = [];
      let size = 0;
      for (const s of byValue?.values() ?? []) {
        sets.push(s);
        size += s.size;
      }
      out.push({ size, sets });
    }
  }
  return out;
}

/**
 * Calls `visit` for every bound pod that could match `sel` and live in one of `namespaces`
 * (null: any namespace), plus possibly some that do not: callers still test each pod.
 * Uses the smallest index set available; with no usable index it walks every node's pods.
 */
export function forEachCandidatePod(
  cluster: ClusterState,
  sel: LabelSelector,
  namespaces: ReadonlySet<string> | null,
  visit: CandidateVisitor,
): void {
  const sources = labelSources(cluster, sel);
  if (namespaces !== null) {
    const sets: ReadonlySet<PodInfo>[] = [];
    let size = 0;
    for (const ns of namespaces) {
      const s = cluster.podsByNamespace.get(ns);
      if (s && s.size > 0) {
        sets.push(s);
        size += s.size;
      }
    }
    sources.push({ size, sets });
  }
  if (sources.length === 0) {
    for (const node of cluster.nodeList()) for (const p of node.pods) visit(p, node);
    return;
  }
  let best = sources[0];
  for (const s of sources) if (s.size < best.size) best = s;
  const nodes = cluster.nodes;
  for (const set of best.sets) {
    for (const p of set) {
      if (p.nodeName === '') continue;
      const node = nodes.get(p.nodeName);
      if (node !== undefined) visit(p, node);
    }
  }
}
