/**
 * InterPodAffinity: required pod affinity / anti-affinity (Filter), existing pods' required
 * anti-affinity (symmetry), and preferred terms of both sides plus existing pods' required
 * affinity weighted by hardPodAffinityWeight (Score).
 * mirrors pkg/scheduler/framework/plugins/interpodaffinity/{plugin,filtering,scoring}.go (v1.35)
 */
import type { TermGroup } from '../../model/affinity-index.ts';
import type { ClusterState } from '../../model/cluster.ts';
import type { Labels } from '../../model/labels.ts';
import type { NodeInfo } from '../../model/node-info.ts';
import { MISSING_VALUE, type SelectorCounts } from '../../model/selector-counts.ts';
import { TopologyValuesByKey, type TopologyValues } from '../../model/topology-values.ts';
import { affinityTermMatches, type AffinityTerm, type NamespaceLabels, type PodInfo, type WeightedAffinityTerm } from '../../model/pod-info.ts';
import type { PodAffinityTerm } from '../../model/types.ts';
import {
  MAX_NODE_SCORE,
  SKIP,
  errorStatus,
  sharedStatus,
  type CycleState,
  type FrameworkHandle,
  type PluginFactory,
  type PreFilterOutput,
  type QuickFilter,
  type SchedulerPlugin,
  type StateData,
  type Status,
} from '../framework/types.ts';
import { forEachCandidatePod } from './inter-pod-affinity-candidates.ts';
import { Add, asNode, asPod, Delete, UpdateNodeLabel, UpdatePodLabel, type ClusterEventWithHint, type EventObject, type QueueingHint } from '../framework/events.ts';

/** The plugin's name in profiles and pluginConfig. */
export const NAME = 'InterPodAffinity';

/** Filter reasons, verbatim from upstream filtering.go. */
export const ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH = "node(s) didn't satisfy existing pods anti-affinity rules";
export const ERR_REASON_AFFINITY_RULES_NOT_MATCH = "node(s) didn't match pod affinity rules";
export const ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH = "node(s) didn't match pod anti-affinity rules";

const AFFINITY_RULES_NOT_MATCH = sharedStatus('UnschedulableAndUnresolvable', ERR_REASON_AFFINITY_RULES_NOT_MATCH);
const ANTI_AFFINITY_RULES_NOT_MATCH = sharedStatus('Unschedulable', ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH);
const EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH = sharedStatus('Unschedulable', ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH);

const PRE_FILTER_STATE_KEY = 'PreFilter' + NAME;
const PRE_SCORE_STATE_KEY = 'PreScore' + NAME;

/** InterPodAffinityArgs (kubescheduler.config.k8s.io/v1) after defaulting. */
export interface InterPodAffinityArgs {
  hardPodAffinityWeight: number;
  ignorePreferredTermsOfExistingPods: boolean;
}

const ARG_FIELDS = new Set(['apiVersion', 'kind', 'hardPodAffinityWeight', 'ignorePreferredTermsOfExistingPods']);

/**
 * Defaults and validates InterPodAffinityArgs.
 * mirrors apis/config/v1 SetDefaults_InterPodAffinityArgs and validation ValidateInterPodAffinityArgs
 */
export function parseInterPodAffinityArgs(args: Record<string, unknown> | undefined): InterPodAffinityArgs {
  const a = args ?? {};
  for (const k of Object.keys(a)) if (!ARG_FIELDS.has(k)) throw new Error(`InterPodAffinityArgs: unknown field "${k}"`);
  const w = a.hardPodAffinityWeight ?? 1;
  if (typeof w !== 'number' || !Number.isInteger(w)) {
    throw new Error(`hardPodAffinityWeight: Invalid value: ${JSON.stringify(w)}: must be an integer`);
  }
  if (w < 0 || w > 100) throw new Error(`hardPodAffinityWeight: Invalid value: ${w}: not in valid range [0, 100]`);
  const ignore = a.ignorePreferredTermsOfExistingPods ?? false;
  if (typeof ignore !== 'boolean') {
    throw new Error(`ignorePreferredTermsOfExistingPods: Invalid value: ${JSON.stringify(ignore)}: must be a boolean`);
  }
  return { hardPodAffinityWeight: w, ignorePreferredTermsOfExistingPods: ignore };
}

/**
 * Counts per topology pair (key → value → count); entries that fall to 0 are deleted, as
 * upstream's topologyToMatchedTermCount does, so `pairs` is its len().
 */
export class TopologyCounts {
  readonly byKey = new Map<string, Map<string, number>>();
  /** Number of (key, value) pairs present. */
  pairs = 0;

  /** Adds `delta` to the pair (key, value), deleting it when it reaches 0. */
  add(key: string, value: string, delta: number): void {
    let m = this.byKey.get(key);
    if (m === undefined) this.byKey.set(key, (m = new Map()));
    const cur = m.get(value);
    const next = (cur ?? 0) + delta;
    if (next === 0) {
      if (cur !== undefined) {
        m.delete(value);
        this.pairs--;
        if (m.size === 0) this.byKey.delete(key);
      } else if (m.size === 0) this.byKey.delete(key);
      return;
    }
    if (cur === undefined) this.pairs++;
    m.set(value, next);
  }

  /** The count of (key, value); 0 when absent. */
  get(key: string, value: string): number {
    return this.byKey.get(key)?.get(value) ?? 0;
  }

  /** Adds `delta` at the node's value of `key`, if the node has that label. */
  addAtNode(node: NodeInfo, key: string, delta: number): void {
    const v = node.labels?.[key];
    if (v !== undefined) this.add(key, v, delta);
  }

  /** A deep copy. */
  clone(): TopologyCounts {
    const c = new TopologyCounts();
    for (const [k, m] of this.byKey) c.byKey.set(k, new Map(m));
    c.pairs = this.pairs;
    return c;
  }

  /** Plain-object view `{ "key=value": count }`, for tests and explain output. */
  toRecord(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [k, m] of this.byKey) for (const [v, n] of m) out[`${k}=${v}`] = n;
    return out;
  }
}

/** True when `pod` matches every term (and there is at least one). mirrors podMatchesAllAffinityTerms */
function podMatchesAllAffinityTerms(terms: readonly AffinityTerm[], pod: PodInfo, ns: NamespaceLabels): boolean {
  if (terms.length === 0) return false;
  for (const t of terms) if (!affinityTermMatches(t, pod, ns)) return false;
  return true;
}

/** PreFilter result used by Filter and the AddPod/RemovePod extensions (preFilterState). */
export class InterPodAffinityPreFilterState implements StateData {
  constructor(
    readonly pod: PodInfo,
    /** Existing pods whose required anti-affinity terms match the incoming pod. */
    readonly existingAntiAffinityCounts: TopologyCounts,
    /** Existing pods matching all the incoming pod's required affinity terms. */
    readonly affinityCounts: TopologyCounts,
    /** Existing pods matching the incoming pod's required anti-affinity terms. */
    readonly antiAffinityCounts: TopologyCounts,
    /** The incoming pod matches all its own affinity terms (the self-affinity escape). */
    readonly podMatchesOwnAffinity: boolean,
  ) {}

  /** Deep copy for preemption's what-if runs. */
  clone(): InterPodAffinityPreFilterState {
    return new InterPodAffinityPreFilterState(
      this.pod,
      this.existingAntiAffinityCounts.clone(),
      this.affinityCounts.clone(),
      this.antiAffinityCounts.clone(),
      this.podMatchesOwnAffinity,
    );
  }
}

/** PreScore result used by Score and NormalizeScore (preScoreState). */
export class InterPodAffinityPreScoreState implements StateData {
  constructor(readonly topologyScore: Map<string, Map<string, number>>) {}

  /** Not copied, as upstream: nothing changes it after PreScore. */
  clone(): InterPodAffinityPreScoreState {
    return this;
  }
}

function rawTerms(list: PodAffinityTerm[] | undefined): PodAffinityTerm[] {
  return list ?? [];
}

/** Σ over the node's topology pairs of topologyScore. mirrors scoring.go Score */
function scoreNode(s: InterPodAffinityPreScoreState, labels: Labels): number {
  if (labels === undefined) return 0;
  let score = 0;
  for (const [key, byValue] of s.topologyScore) {
    const v = labels[key];
    if (v !== undefined) score += byValue.get(v) ?? 0;
  }
  return score;
}

/** Namespaces a term restricts to when it has no namespaceSelector (index hint), else null. */
function termNamespaces(t: AffinityTerm): ReadonlySet<string> | null {
  return t.namespaceSelector === null ? t.namespaces : null;
}

/** Builds the plugin. */
export const newInterPodAffinity: PluginFactory = (rawArgs, handle: FrameworkHandle): SchedulerPlugin => {
  const args = parseInterPodAffinityArgs(rawArgs);
  const cluster: ClusterState = handle.cluster;
  const nsLabels: NamespaceLabels = (ns) => cluster.namespaceLabels(ns);

  /**
   * mirrors filtering.go getExistingAntiAffinityCounts, reading the cluster's term index: one
   * match test per distinct term, its pods' counts added per topology value.
   */
  function existingAntiAffinityCounts(pod: PodInfo): TopologyCounts {
    const counts = new TopologyCounts();
    for (const g of cluster.affinityIndex.requiredAntiAffinity.values()) {
      const t = g.term;
      if (!affinityTermMatches(t, pod, nsLabels)) continue;
      for (const [v, n] of g.byValue) counts.add(t.topologyKey, v, n);
    }
    return counts;
  }

  const keptByTerm = new WeakMap<AffinityTerm, SelectorCounts | null>();

  /** Per topology key, the ids of its values and each node's id by row (Score by row). */
  const idsByKey = new TopologyValuesByKey();

  /**
   * The cluster's kept counts of the pods (terminating ones too) a term matches, for a term
   * whose matches a selector alone decides (namespaces named, no namespaceSelector, no
   * matchLabelKeys folded in); null otherwise. Pods of one template share their terms.
   */
  function keptCounts(t: AffinityTerm, raw: PodAffinityTerm | undefined): SelectorCounts | null {
    const hit = keptByTerm.get(t);
    if (hit !== undefined) return hit;
    const sel = raw?.labelSelector;
    let c: SelectorCounts | null = null;
    if (sel && t.namespaceSelector === null && !raw!.matchLabelKeys?.length && !raw!.mismatchLabelKeys?.length) {
      const index = cluster.affinityIndex.selectorCounts;
      c = index.get(t.namespaces, sel, true) ?? null;
      if (c === null) {
        const initial = new Map<NodeInfo, number>();
        forEachCandidatePod(cluster, sel, t.namespaces, (p, node) => {
          if (affinityTermMatches(t, p, nsLabels)) initial.set(node, (initial.get(node) ?? 0) + 1);
        });
        c = index.register(t.namespaces, sel, t.selector, initial, true);
      }
    }
    keptByTerm.set(t, c);
    return c;
  }

  /** Adds kept counts per value of `key` (nodes without the key add nothing, as addAtNode). */
  function addKept(into: TopologyCounts, kept: SelectorCounts, key: string): void {
    for (const [v, n] of kept.countsByValue(key)) if (v !== MISSING_VALUE) into.add(key, v, n);
  }

  /** mirrors filtering.go getIncomingAffinityAntiAffinityCounts */
  function incomingCounts(pod: PodInfo): [TopologyCounts, TopologyCounts] {
    const affinity = new TopologyCounts();
    const anti = new TopologyCounts();
    const affTerms = pod.requiredAffinityTerms;
    if (affTerms.length > 0) {
      // A pod counts only if it matches all terms, so any one term's candidates suffice.
      const raw = rawTerms(pod.pod.spec.affinity?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution);
      const sel = raw[0]?.labelSelector;
      const kept = affTerms.length === 1 ? keptCounts(affTerms[0], raw[0]) : null;
      if (kept !== null) addKept(affinity, kept, affTerms[0].topologyKey);
      else {
      const visit = (p: PodInfo, node: NodeInfo): void => {
        if (!podMatchesAllAffinityTerms(affTerms, p, nsLabels)) return;
        for (const t of affTerms) affinity.addAtNode(node, t.topologyKey, 1);
      };
      // A nil selector matches nothing, so no existing pod can count.
      if (sel) forEachCandidatePod(cluster, sel, termNamespaces(affTerms[0]), visit);
      }
    }
    const antiTerms = pod.requiredAntiAffinityTerms;
    const rawAnti = rawTerms(pod.pod.spec.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution);
    for (let i = 0; i < antiTerms.length; i++) {
      const t = antiTerms[i];
      const sel = rawAnti[i]?.labelSelector;
      if (!sel) continue;
      const kept = keptCounts(t, rawAnti[i]);
      if (kept !== null) {
        addKept(anti, kept, t.topologyKey);
        continue;
      }
      forEachCandidatePod(cluster, sel, termNamespaces(t), (p, node) => {
        if (affinityTermMatches(t, p, nsLabels)) anti.addAtNode(node, t.topologyKey, 1);
      });
    }
    return [affinity, anti];
  }

  function readPreFilter(state: CycleState): InterPodAffinityPreFilterState | undefined {
    return state.read<InterPodAffinityPreFilterState>(PRE_FILTER_STATE_KEY);
  }

  /** mirrors filtering.go preFilterState.updateWithPod */
  function updateWithPod(s: InterPodAffinityPreFilterState, other: PodInfo, node: NodeInfo, delta: number): void {
    for (const t of other.requiredAntiAffinityTerms) {
      if (affinityTermMatches(t, s.pod, nsLabels)) s.existingAntiAffinityCounts.addAtNode(node, t.topologyKey, delta);
    }
    const affTerms = s.pod.requiredAffinityTerms;
    if (podMatchesAllAffinityTerms(affTerms, other, nsLabels)) {
      for (const t of affTerms) s.affinityCounts.addAtNode(node, t.topologyKey, delta);
    }
    for (const t of s.pod.requiredAntiAffinityTerms) {
      if (affinityTermMatches(t, other, nsLabels)) s.antiAffinityCounts.addAtNode(node, t.topologyKey, delta);
    }
  }

  /** mirrors filtering.go Filter */
  function filterLabels(s: InterPodAffinityPreFilterState, labels: Labels): Status | null {
    if (!satisfyPodAffinity(s, labels)) return AFFINITY_RULES_NOT_MATCH;
    if (!satisfyPodAntiAffinity(s, labels)) return ANTI_AFFINITY_RULES_NOT_MATCH;
    if (!satisfyExistingPodsAntiAffinity(s, labels)) return EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH;
    return null;
  }

  /** mirrors filtering.go satisfyPodAffinity */
  function satisfyPodAffinity(s: InterPodAffinityPreFilterState, labels: Labels): boolean {
    let podsExist = true;
    for (const t of s.pod.requiredAffinityTerms) {
      const v = labels?.[t.topologyKey];
      // All topology labels must exist on the node.
      if (v === undefined) return false;
      if (s.affinityCounts.get(t.topologyKey, v) <= 0) podsExist = false;
    }
    if (podsExist) return true;
    // The first pod of a group with affinity to itself: allowed when no pod matches anywhere.
    return s.affinityCounts.pairs === 0 && s.podMatchesOwnAffinity;
  }

  /** mirrors filtering.go satisfyPodAntiAffinity */
  function satisfyPodAntiAffinity(s: InterPodAffinityPreFilterState, labels: Labels): boolean {
    if (s.antiAffinityCounts.pairs === 0) return true;
    for (const t of s.pod.requiredAntiAffinityTerms) {
      const v = labels?.[t.topologyKey];
      if (v !== undefined && s.antiAffinityCounts.get(t.topologyKey, v) > 0) return false;
    }
    return true;
  }

  /** mirrors filtering.go satisfyExistingPodsAntiAffinity (walks the map's keys instead of the node's labels) */
  function satisfyExistingPodsAntiAffinity(s: InterPodAffinityPreFilterState, labels: Labels): boolean {
    if (s.existingAntiAffinityCounts.pairs === 0 || labels === undefined) return true;
    for (const [key, byValue] of s.existingAntiAffinityCounts.byKey) {
      const v = labels[key];
      if (v !== undefined && (byValue.get(v) ?? 0) > 0) return false;
    }
    return true;
  }

  function addTermScore(m: Map<string, Map<string, number>>, key: string, value: string, delta: number): void {
    let byValue = m.get(key);
    if (byValue === undefined) m.set(key, (byValue = new Map()));
    byValue.set(value, (byValue.get(value) ?? 0) + delta);
  }

  /** The incoming pod's preferred terms against existing pods. mirrors scoring.go processExistingPod (first half) */
  function scoreIncomingPreferred(
    m: Map<string, Map<string, number>>,
    terms: readonly WeightedAffinityTerm[],
    raw: PodAffinityTerm[],
    sign: number,
  ): void {
    for (let i = 0; i < terms.length; i++) {
      const t = terms[i];
      const sel = raw[i]?.labelSelector;
      if (!sel) continue;
      const delta = t.weight * sign;
      forEachCandidatePod(cluster, sel, termNamespaces(t), (p, node) => {
        const v = node.labels?.[t.topologyKey];
        if (v === undefined) return;
        if (affinityTermMatches(t, p, nsLabels)) addTermScore(m, t.topologyKey, v, delta);
      });
    }
  }

  /**
   * Existing pods' terms against the incoming pod. mirrors scoring.go processExistingPod (second
   * half), reading the cluster's term index: one match test per distinct term, weight × pods added
   * per topology value (integer sums, so the grouping does not change any score).
   */
  function scoreExistingTerms(m: Map<string, Map<string, number>>, pod: PodInfo): void {
    const index = cluster.affinityIndex;
    const hard = args.hardPodAffinityWeight;
    if (hard > 0) addGroups(m, index.requiredAffinity.values(), pod, () => hard);
    addGroups(m, index.preferredAffinity.values(), pod, (t) => (t as WeightedAffinityTerm).weight);
    addGroups(m, index.preferredAntiAffinity.values(), pod, (t) => -(t as WeightedAffinityTerm).weight);
  }

  function addGroups(m: Map<string, Map<string, number>>, groups: Iterable<TermGroup>, pod: PodInfo, weight: (t: AffinityTerm) => number): void {
    for (const g of groups) {
      const t = g.term;
      if (!affinityTermMatches(t, pod, nsLabels)) continue;
      const w = weight(t);
      for (const [v, n] of g.byValue) addTermScore(m, t.topologyKey, v, w * n);
    }
  }

  /** mirrors plugin.go podMatchesAllAffinityTerms: false without terms */
  const matchesAll = (terms: readonly AffinityTerm[], p: PodInfo): boolean => {
    if (terms.length === 0) return false;
    for (const t of terms) if (!affinityTermMatches(t, p, nsLabels)) return false;
    return true;
  };
  /** mirrors plugin.go isSchedulableAfterPodChange */
  const afterPodChange = (pod: PodInfo, oldObj: EventObject, newObj: EventObject): QueueingHint => {
    const original = asPod(oldObj);
    const modified = asPod(newObj);
    if ((modified !== null && modified.nodeName === '') || (original !== null && original.nodeName === '')) return 'QueueSkip';
    const terms = pod.requiredAffinityTerms;
    const antiTerms = pod.requiredAntiAffinityTerms;
    if (modified !== null && original !== null) {
      if (!matchesAll(terms, original) && matchesAll(terms, modified)) return 'Queue';
      if (matchesAll(antiTerms, original) && !matchesAll(antiTerms, modified)) return 'Queue';
      return 'QueueSkip';
    }
    if (modified !== null) return matchesAll(terms, modified) ? 'Queue' : 'QueueSkip';
    if (original === null) return 'Queue';
    return matchesAll(antiTerms, original) ? 'Queue' : 'QueueSkip';
  };
  /** A node carrying the topology key of one of the pod's required (anti-)affinity terms. mirrors plugin.go isSchedulableAfterNodeChange */
  const afterNodeChange = (pod: PodInfo, _oldObj: EventObject, newObj: EventObject): QueueingHint => {
    const modified = asNode(newObj);
    if (modified === null) return 'Queue';
    const labels = modified.metadata.labels ?? {};
    for (const t of pod.requiredAffinityTerms) if (t.topologyKey in labels) return 'Queue';
    for (const t of pod.requiredAntiAffinityTerms) if (t.topologyKey in labels) return 'Queue';
    return 'QueueSkip';
  };
  /** mirrors plugin.go EventsToRegister (queueing hints enabled) */
  const events: readonly ClusterEventWithHint[] = [
    { event: { resource: 'Pod', actionType: Add | UpdatePodLabel | Delete }, hint: afterPodChange },
    { event: { resource: 'Node', actionType: Add | UpdateNodeLabel }, hint: afterNodeChange },
  ];

  return {
    name: NAME,

    /** mirrors filtering.go PreFilter */
    preFilter(state: CycleState, pod: PodInfo): PreFilterOutput {
      const existing = existingAntiAffinityCounts(pod);
      if (existing.pairs === 0 && pod.requiredAffinityTerms.length === 0 && pod.requiredAntiAffinityTerms.length === 0) {
        return SKIP;
      }
      const [affinity, anti] = incomingCounts(pod);
      const selfMatch = podMatchesAllAffinityTerms(pod.requiredAffinityTerms, pod, nsLabels);
      state.write(PRE_FILTER_STATE_KEY, new InterPodAffinityPreFilterState(pod, existing, affinity, anti, selfMatch));
      return null;
    },

    addPod(state: CycleState, _pod: PodInfo, podToAdd: PodInfo, node: NodeInfo): void {
      const s = readPreFilter(state);
      if (s) updateWithPod(s, podToAdd, node, 1);
    },

    removePod(state: CycleState, _pod: PodInfo, podToRemove: PodInfo, node: NodeInfo): void {
      const s = readPreFilter(state);
      if (s) updateWithPod(s, podToRemove, node, -1);
    },

    /** mirrors filtering.go Filter */
    filter(state: CycleState, _pod: PodInfo, node: NodeInfo): Status | null {
      const s = readPreFilter(state);
      if (!s) return errorStatus(`error reading "${PRE_FILTER_STATE_KEY}" from cycleState: not found`);
      return filterLabels(s, node.labels);
    },

    quickFilter(state: CycleState): QuickFilter | null {
      const s = readPreFilter(state);
      if (!s) return null;
      return (_d, _o, node) => filterLabels(s, node.labels) === null;
    },

    /** mirrors scoring.go PreScore */
    preScore(state: CycleState, pod: PodInfo): Status | null {
      const hasConstraints = pod.preferredAffinityTerms.length > 0 || pod.preferredAntiAffinityTerms.length > 0;
      if (args.ignorePreferredTermsOfExistingPods && !hasConstraints) return SKIP;
      const m = new Map<string, Map<string, number>>();
      if (hasConstraints) {
        const spec = pod.pod.spec.affinity;
        const rawPref = (list: { podAffinityTerm: PodAffinityTerm }[] | undefined): PodAffinityTerm[] =>
          (list ?? []).map((w) => w.podAffinityTerm);
        scoreIncomingPreferred(m, pod.preferredAffinityTerms, rawPref(spec?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution), 1);
        scoreIncomingPreferred(m, pod.preferredAntiAffinityTerms, rawPref(spec?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution), -1);
      }
      scoreExistingTerms(m, pod);
      // No topology pair was ever touched: nothing to score.
      if (m.size === 0) return SKIP;
      state.write(PRE_SCORE_STATE_KEY, new InterPodAffinityPreScoreState(m));
      return null;
    },

    /** Σ over the node's topology pairs of topologyScore. mirrors scoring.go Score */
    score(state: CycleState, _pod: PodInfo, node: NodeInfo): number {
      const s = state.read<InterPodAffinityPreScoreState>(PRE_SCORE_STATE_KEY);
      if (!s) return 0;
      return scoreNode(s, node.labels);
    },

    scoreNodes(state: CycleState, _pod: PodInfo, nodes: readonly NodeInfo[], scores: number[], rows?: ArrayLike<number> | null): void {
      const s = state.read<InterPodAffinityPreScoreState>(PRE_SCORE_STATE_KEY);
      if (s && rows && nodes.length > 0 && nodes[0].table === cluster.nodeTable) {
        // the same sums with each node's values read by row: per key, the score of each value id
        const tvs: TopologyValues[] = [];
        const byIds: Float64Array[] = [];
        for (const [key, byValue] of s.topologyScore) {
          const tv = idsByKey.of(key);
          const ids = Array.from(byValue.keys(), (v) => tv.idFor(v));
          const byId = new Float64Array(tv.values.length);
          let k = 0;
          for (const score of byValue.values()) byId[ids[k++]] = score;
          tvs.push(tv);
          byIds.push(byId);
        }
        for (let i = 0; i < nodes.length; i++) {
          let score = 0;
          for (let k = 0; k < tvs.length; k++) {
            const id = tvs[k].ofRow(rows[i], nodes[i]);
            if (id >= 0 && id < byIds[k].length) score += byIds[k][id];
          }
          scores[i] = score;
        }
        return;
      }
      for (let i = 0; i < nodes.length; i++) scores[i] = s ? scoreNode(s, nodes[i].labels) : 0;
    },

    /** mirrors scoring.go NormalizeScore: 100 · ((s − min) / (max − min)), divided first, truncated. */
    normalizeScore(state: CycleState, _pod: PodInfo, _nodes: readonly NodeInfo[], scores: number[]): Status | null {
      const s = state.read<InterPodAffinityPreScoreState>(PRE_SCORE_STATE_KEY);
      if (!s) return errorStatus(`failed to read "${PRE_SCORE_STATE_KEY}" from cycleState: not found`);
      if (s.topologyScore.size === 0) return null;
      let min = Number.POSITIVE_INFINITY;
      let max = Number.NEGATIVE_INFINITY;
      for (const v of scores) {
        if (v > max) max = v;
        if (v < min) min = v;
      }
      const diff = max - min;
      for (let i = 0; i < scores.length; i++) {
        scores[i] = diff > 0 ? Math.trunc(MAX_NODE_SCORE * ((scores[i] - min) / diff)) : 0;
      }
      return null;
    },
    eventsToRegister(): readonly ClusterEventWithHint[] {
      return events;
    },
  };
};
