/**
 * How many nodes of a node group the pending pods need: first-fit decreasing over the group's
 * template node, in the ClusterSnapshot with the scheduler framework's predicates.
 * mirrors cluster-autoscaler/estimator/binpacking_estimator.go BinpackingNodeEstimator.Estimate,
 * estimator/decreasing_pod_orderer.go and estimator/threshold_based_limiter.go
 */
import type { PodInfo } from '../../model/pod-info.ts';
import type { Node, Pod } from '../../model/types.ts';
import { getResource, resourceFromList } from '../../model/resources.ts';
import { ERR_REASON_CONSTRAINTS_NOT_MATCH } from '../../scheduler/plugins/pod-topology-spread.ts';
import type { ClusterSnapshot } from '../simulator/cluster-snapshot.ts';

/** A group of equivalent pods the estimator places together (estimator.PodEquivalenceGroup). */
export interface PodEquivalenceGroup {
  pods: PodInfo[];
}

/** A node group's template: its node and the pods (DaemonSets) every new node starts with. */
export interface TemplateNodeInfo {
  node: Node;
  pods: Pod[];
}

/** What the estimator found: nodes needed and the pods they take. */
export interface Estimate {
  nodeCount: number;
  pods: PodInfo[];
}

/**
 * Score of a group for first-fit decreasing: the exemplar's CPU and memory requests as fractions
 * of the template's allocatable, summed. mirrors DecreasingPodOrderer.calculatePodScore
 */
export function podScore(exemplar: PodInfo | undefined, template: Node): number {
  if (!exemplar) return 0;
  const alloc = template.status?.allocatable ?? {};
  let score = 0;
  const cpu = alloc.cpu !== undefined ? templateAllocatable(template, 'cpu') : 0;
  if (cpu > 0) score += getResource(exemplar.requests, 'cpu') / cpu;
  const mem = alloc.memory !== undefined ? templateAllocatable(template, 'memory') : 0;
  if (mem > 0) score += getResource(exemplar.requests, 'memory') / mem;
  return score;
}

const allocCache = new WeakMap<Node, ReturnType<typeof resourceFromList>>();
function templateAllocatable(node: Node, name: string): number {
  let r = allocCache.get(node);
  if (!r) allocCache.set(node, (r = resourceFromList(node.status?.allocatable)));
  return getResource(r, name);
}

/** Groups by decreasing score; ties keep their order (upstream's sort.Slice is not stable). */
export function orderDecreasing(groups: readonly PodEquivalenceGroup[], template: Node): PodEquivalenceGroup[] {
  return groups
    .map((g, i) => ({ g, i, s: podScore(g.pods[0], template) }))
    .sort((a, b) => b.s - a.s || a.i - b.i)
    .map((x) => x.g);
}

/**
 * Limits of one estimation (threshold_based_limiter.go with the static max-nodes-per-scaleup,
 * the cluster's max-nodes-total and the similar groups' capacity thresholds): the smallest
 * positive limit wins, any negative limit forbids new nodes. max-binpacking-time is wall-clock
 * upstream and not simulated.
 */
export function nodeLimit(limits: readonly number[]): number {
  let base = 0;
  for (const t of limits) {
    if (base < 0 || t < 0) return -1;
    if ((base === 0 || base > t) && t > 0) base = t;
  }
  return base;
}

/** Options of {@link estimate}. */
export interface EstimateOptions {
  /** Maximum new nodes (0 = unlimited, < 0 = none): see {@link nodeLimit}. */
  maxNodes: number;
  /** Name prefix of the simulated nodes. */
  namePrefix: string;
}

/**
 * Places the groups' pods on new template nodes, largest first: each pod tries the new nodes
 * that already hold pods, then the last new node, then a fresh node; a fresh node that takes no
 * pod ends the estimate. Returns the number of new nodes holding pods and the pods placed. The
 * snapshot is left as it was. mirrors BinpackingNodeEstimator.Estimate
 */
export function estimate(snapshot: ClusterSnapshot, groups: readonly PodEquivalenceGroup[], template: TemplateNodeInfo, opts: EstimateOptions): Estimate {
  const ordered = orderDecreasing(groups, template.node);
  snapshot.fork();
  try {
    const st = { scheduled: [] as PodInfo[], index: 0, last: '', newNodes: new Set<string>(), withPods: new Set<string>(), added: 0 };
    const track = (p: PodInfo, node: string) => {
      st.withPods.add(node);
      st.scheduled.push(p);
    };
    let newNodesAvailable = true;
    for (const g of ordered) {
      // tryToScheduleOnExistingNodes: the new nodes only
      let i = 0;
      for (; i < g.pods.length; i++) {
        const node = st.newNodes.size === 0 ? null : snapshot.schedulePodOnAnyNodeMatching(g.pods[i], (ni) => st.newNodes.has(ni.name));
        if (node === null) break;
        track(g.pods[i], node);
      }
      if (!newNodesAvailable) continue;
      // tryToScheduleOnNewNodes
      for (const pod of g.pods.slice(i)) {
        let found = false;
        if (st.last !== '') {
          const err = snapshot.schedulePod(pod, st.last);
          if (err === null) {
            found = true;
            track(pod, st.last);
          } else if (usesHostnameSpread(pod) && err.reasons.includes(ERR_REASON_CONSTRAINTS_NOT_MATCH)) {
            const other = snapshot.schedulePodOnAnyNodeMatching(pod, (ni) => ni.name !== st.last);
            if (other !== null) {
              found = true;
              track(pod, other);
            }
          }
        }
        if (found) continue;
        // a fresh node that took nothing: no point adding another
        if (st.last !== '' && !st.withPods.has(st.last)) break;
        if (opts.maxNodes < 0 || (opts.maxNodes > 0 && st.added >= opts.maxNodes)) {
          newNodesAvailable = false;
          break;
        }
        st.added++;
        const name = `${opts.namePrefix}-e-${st.index++}`;
        snapshot.addNodeInfo(withName(template.node, name), template.pods);
        st.last = name;
        st.newNodes.add(name);
        if (snapshot.schedulePod(pod, name) !== null) break;
        track(pod, name);
      }
    }
    return { nodeCount: st.withPods.size, pods: st.scheduled };
  } finally {
    snapshot.revert();
  }
}

function usesHostnameSpread(p: PodInfo): boolean {
  return (p.pod.spec.topologySpreadConstraints ?? []).some((c) => c.topologyKey === 'kubernetes.io/hostname');
}

/** A copy of a template node with a new name (and hostname label). mirrors core/utils SanitizedNodeInfo */
export function withName(node: Node, name: string): Node {
  return {
    ...node,
    metadata: { ...node.metadata, name, labels: { ...(node.metadata.labels ?? {}), 'kubernetes.io/hostname': name } },
  };
}
