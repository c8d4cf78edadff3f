/**
 * The FGD experiment's scheduling cycle, fast: the same decisions as `Framework.schedulePod` +
 * Reserve + bind for a profile with one score plugin and the smallest-name tie-break (the paper
 * simulator's), with each (pod shape, node state) filtered and scored once instead of once per
 * pod and node.
 *
 * Why it is exact: in the experiment every node is examined (percentageOfNodesToScore 100, so the
 * filter window always starts at node 0), the Filter plugins and a score plugin without PreScore
 * read only the pod's requests and the node's own state (allocatable, taints, requested CPU and
 * memory, pod count, milli-GPU left per device, GPU pods per kind), and the winner is the highest
 * score with ties to the smallest node name. So the verdict of (shape, state) is computed by the
 * real plugins the first time it is needed and reused for every node in that state; a node's
 * state changes only when a pod is bound to it. The plugins stay the only implementation of the
 * policies. BestFitScore's min–max NormalizeScore maps integer scores in [0, 100] strictly
 * increasingly, so it cannot change the winner; other NormalizeScore plugins are refused.
 * A score plugin with PreScore (RandomScore: a draw among the feasible nodes) gets the feasible
 * nodes in node order and scores them all, as the framework does, with only the filter cached.
 * A pod the cache cannot describe (node selector, affinity, spread constraints, host ports, a
 * nominated or preset node) or a cluster with affinity terms goes through `Framework.schedulePod`.
 * Checked against the Scheduler path by test/trace/fgd-placer.test.ts and bench/fgd-fingerprint.ts.
 */
import type { ClusterState } from '../model/cluster.ts';
import type { NodeInfo } from '../model/node-info.ts';
import type { PodInfo } from '../model/pod-info.ts';
import type { Resource } from '../model/resources.ts';
import { Framework, type Rng } from '../scheduler/framework/framework.ts';
import type { Profile, WeightedScorePlugin } from '../scheduler/framework/profile.ts';
import { CycleState, isPreFilterResult, MAX_NODE_SCORE, MIN_NODE_SCORE, type SchedulerPlugin } from '../scheduler/framework/types.ts';

// verdicts are stored + 2 so that a fresh (zeroed) array means "not computed yet"
const UNKNOWN = -2;
const INFEASIBLE = -1;
/** cycle(): the framework must run this pod's cycle. */
const FALLBACK = Symbol('fallback');
/** Score plugins whose NormalizeScore keeps the order of integer scores in [0, 100] strictly. */
const ORDER_KEEPING_NORMALIZE = new Set(['BestFitScore']);

function scalarKey(r: Resource): string {
  let s = '';
  for (const k in r.scalar) s += `${k}=${r.scalar[k]};`;
  return s;
}

/** Everything of a pending pod the filters and the scores read, or null when the cache cannot describe it. */
export function podShapeKey(p: PodInfo): string | null {
  const spec = p.pod.spec;
  if (spec.nodeName || spec.nodeSelector || spec.affinity || (spec.topologySpreadConstraints?.length ?? 0) > 0) return null;
  if (p.hostPorts.length > 0 || p.requiredAffinityTerms.length > 0 || p.requiredAntiAffinityTerms.length > 0) return null;
  if (p.preferredAffinityTerms.length > 0 || p.preferredAntiAffinityTerms.length > 0) return null;
  if (p.pod.status?.nominatedNodeName) return null;
  const r = p.requests;
  const g = p.gpu;
  const gpu = g ? `${g.milli}/${g.count}/${g.spec}/${g.presetIndex?.join('-') ?? ''}` : '-';
  const tol = spec.tolerations?.length ? JSON.stringify(spec.tolerations) : '';
  return `${r.milliCPU}/${r.memory}/${r.ephemeralStorage}/${scalarKey(r)}/${p.nonZeroMilliCPU}/${p.nonZeroMemory}/${p.priority}/${gpu}/${tol}`;
}

/** A node's state as the filters and scores see it. */
function nodeStateKey(n: NodeInfo): string {
  const a = n.allocatable;
  const r = n.requested;
  let k = `${a.milliCPU}/${a.memory}/${a.ephemeralStorage}/${a.allowedPodNumber}/${scalarKey(a)}/${n.taintSet}/${n.unschedulable ? 1 : 0}|`;
  k += `${r.milliCPU}/${r.memory}/${r.ephemeralStorage}/${scalarKey(r)}/${n.pods.length}`;
  const g = n.gpu;
  if (g !== null) {
    k += `|${g.model}|${g.left.join(',')}|`;
    for (const [tag, c] of [...g.affinity].sort((x, y) => (x[0] < y[0] ? -1 : 1))) k += `${tag}=${c};`;
  }
  return k;
}

/** Counters of a placer's work. */
export interface PlacerStats {
  cycles: number;
  /** (shape, node state) verdicts computed by the plugins. */
  computed: number;
  /** Cycles run by Framework.schedulePod. */
  fallback: number;
  /** Distinct node states and pod shapes seen. */
  states: number;
  shapes: number;
}

/** Schedules pods one at a time with the decisions of the framework (see the file comment). */
export class CachedPlacer {
  readonly fw: Framework;
  readonly stats: PlacerStats = { cycles: 0, computed: 0, fallback: 0, states: 0, shapes: 0 };
  private readonly cluster: ClusterState;
  private readonly profile: Profile;
  private readonly nodes: NodeInfo[];
  private readonly index = new Map<NodeInfo, number>();
  /** Rank of each node's name (ties go to the smallest). */
  private readonly rank: Int32Array;
  /** State id of each node. */
  private readonly sid: Int32Array;
  private readonly stateIds = new Map<string, number>();
  /** Pod shape → verdict per state id: score (cached scores), 0 (feasible, uncached scores), INFEASIBLE or UNKNOWN. */
  private readonly shapes = new Map<string, Int32Array>();
  private readonly score: WeightedScorePlugin;
  /** The score plugin has no PreScore: its scores are cached with the filter verdicts. */
  private readonly cacheScores: boolean;
  private affinityInCluster = false;
  private readonly feasible: NodeInfo[] = [];
  private readonly feasibleIdx: Int32Array;
  private readonly scores: number[] = [];

  constructor(cluster: ClusterState, profile: Profile, rng: Rng) {
    if (profile.tieBreak !== 'nodeName') throw new Error('CachedPlacer needs the profile tieBreak nodeName');
    if (profile.score.length !== 1) throw new Error('CachedPlacer needs exactly one score plugin');
    if ((profile.percentageOfNodesToScore ?? 0) !== 100) throw new Error('CachedPlacer needs percentageOfNodesToScore 100');
    if (profile.postFilter.length > 0) throw new Error('CachedPlacer needs a profile without PostFilter');
    this.score = profile.score[0];
    const sp = this.score.plugin;
    if (sp.normalizeScore !== undefined && !ORDER_KEEPING_NORMALIZE.has(sp.name)) throw new Error(`CachedPlacer: NormalizeScore of ${sp.name} may reorder nodes`);
    if (!(this.score.weight > 0)) throw new Error('CachedPlacer needs a positive score weight');
    this.cacheScores = !profile.preScore.includes(sp);
    this.cluster = cluster;
    this.profile = profile;
    this.fw = new Framework(profile, cluster, rng);
    this.nodes = [...cluster.nodeList()];
    const n = this.nodes.length;
    this.rank = new Int32Array(n);
    this.feasibleIdx = new Int32Array(n);
    const byName = this.nodes.map((_, i) => i).sort((a, b) => (this.nodes[a].name < this.nodes[b].name ? -1 : this.nodes[a].name > this.nodes[b].name ? 1 : 0));
    byName.forEach((i, r) => (this.rank[i] = r));
    this.sid = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const ni = this.nodes[i];
      this.index.set(ni, i);
      this.sid[i] = this.stateId(ni);
      if (ni.podsWithAffinity.length > 0 || ni.podsWithRequiredAntiAffinity.length > 0) this.affinityInCluster = true;
    }
  }

  private stateId(n: NodeInfo): number {
    const k = nodeStateKey(n);
    let id = this.stateIds.get(k);
    if (id === undefined) {
      id = this.stateIds.size;
      this.stateIds.set(k, id);
      this.stats.states = this.stateIds.size;
    }
    return id;
  }

  /** The verdicts of a shape by state id, stored + 2 (0: not computed yet), long enough for every state. */
  private verdicts(shape: string): Int32Array {
    let v = this.shapes.get(shape);
    const need = this.stateIds.size;
    if (v === undefined || v.length < need) {
      const grown = new Int32Array(Math.max(4096, need * 2));
      if (v !== undefined) grown.set(v);
      else this.stats.shapes++;
      this.shapes.set(shape, grown);
      v = grown;
    }
    return v;
  }

  /**
   * Runs one scheduling cycle for the pending pod `p`; when a node is found, runs Reserve and binds
   * the pod there (as Scheduler.scheduleOne). Returns the node's name, or null when unschedulable
   * (the pod stays pending).
   */
  place(p: PodInfo): string | null {
    this.stats.cycles++;
    const shape = this.affinityInCluster || this.nodes.length !== this.cluster.nodes.size ? null : podShapeKey(p);
    let state: CycleState = new CycleState();
    let node: NodeInfo | null | typeof FALLBACK = shape === null ? FALLBACK : this.cycle(state, p, shape);
    if (node === FALLBACK) {
      // the framework's own cycle (a fresh CycleState), then Reserve and bind as below
      this.stats.fallback++;
      const r = this.fw.schedulePod(p);
      state = r.state;
      node = r.node === null ? null : this.cluster.nodes.get(r.node)!;
    }
    if (node === null) return null;
    const reserve = this.profile.reserve;
    if (reserve !== undefined) for (const r of reserve) r.reserve!(state, p, node);
    this.cluster.bindPod(p, node.name);
    if (p.requiredAffinityTerms.length > 0 || p.requiredAntiAffinityTerms.length > 0 || p.preferredAffinityTerms.length > 0 || p.preferredAntiAffinityTerms.length > 0) this.affinityInCluster = true;
    const i = this.index.get(node);
    if (i !== undefined) this.sid[i] = this.stateId(node);
    return node.name;
  }

  /** PreFilter as the framework runs it, then the cached Filter / Score over every node; FALLBACK when the framework must run the cycle. */
  private cycle(state: CycleState, p: PodInfo, shape: string): NodeInfo | null | typeof FALLBACK {
    const skip = new Set<SchedulerPlugin>();
    for (const pl of this.profile.preFilter) {
      if (!pl.preFilter) continue;
      const out = pl.preFilter(state, p);
      if (out === null) continue;
      // a node subset: the framework runs the whole cycle
      if (isPreFilterResult(out)) return FALLBACK;
      if (out.code === 'Skip') {
        skip.add(pl);
        continue;
      }
      return null; // PreFilter rejected the pod: unschedulable on every node
    }
    state.skipFilterPlugins = skip;
    const v = this.verdicts(shape);
    const nodes = this.nodes;
    const sid = this.sid;
    const n = nodes.length;
    if (this.cacheScores) {
      let best = -1;
      let bestV = INFEASIBLE;
      let bestRank = 0;
      for (let i = 0; i < n; i++) {
        const s = sid[i];
        let x = v[s] - 2;
        if (x === UNKNOWN) v[s] = (x = this.verdict(state, p, nodes[i])) + 2;
        if (x > bestV || (x === bestV && x >= 0 && this.rank[i] < bestRank)) {
          best = i;
          bestV = x;
          bestRank = this.rank[i];
        }
      }
      return best < 0 ? null : nodes[best];
    }
    // scores that need PreScore: the feasible nodes in node order, scored as the framework does
    const feasible = this.feasible;
    const idx = this.feasibleIdx;
    feasible.length = 0;
    for (let i = 0; i < n; i++) {
      const s = sid[i];
      let x = v[s] - 2;
      if (x === UNKNOWN) v[s] = (x = this.verdict(state, p, nodes[i])) + 2;
      if (x >= 0) {
        idx[feasible.length] = i;
        feasible.push(nodes[i]);
      }
    }
    if (feasible.length === 0) return null;
    if (feasible.length === 1) return feasible[0];
    return feasible[this.scoreFeasible(state, p, feasible, idx)];
  }

  /** Filter verdict (and cached score) of one node, by the profile's plugins. */
  private verdict(state: CycleState, p: PodInfo, node: NodeInfo): number {
    this.stats.computed++;
    if (this.fw.runFilterPlugins(state, p, node) !== null) return INFEASIBLE;
    if (!this.cacheScores) return 0;
    const s = this.score.plugin.score!(state, p, node);
    if (s > MAX_NODE_SCORE || s < MIN_NODE_SCORE || !Number.isInteger(s)) throw new Error(`plugin ${this.score.plugin.name} returns an invalid score ${s}`);
    return s;
  }

  /**
   * PreScore, Score, NormalizeScore, weight and the smallest-name tie-break (Framework.schedulePod,
   * selectHostByName with the names' ranks). `idx` holds each feasible node's index in `nodes`.
   */
  private scoreFeasible(state: CycleState, p: PodInfo, feasible: NodeInfo[], idx: Int32Array): number {
    const { plugin, weight } = this.score;
    let skipped = false;
    for (const pl of this.profile.preScore) {
      if (!pl.preScore) continue;
      const st = pl.preScore(state, p, feasible);
      if (st === null) continue;
      if (st.code === 'Skip') {
        if (pl === plugin) skipped = true;
      } else throw new Error(`plugin ${pl.name} PreScore failed: ${st.reasons.join(', ')}`);
    }
    const m = feasible.length;
    const scores = this.scores;
    scores.length = m;
    if (!skipped && plugin.score) {
      if (plugin.scoreNodes) plugin.scoreNodes(state, p, feasible, scores, null);
      else for (let i = 0; i < m; i++) scores[i] = plugin.score(state, p, feasible[i]);
      if (plugin.normalizeScore) {
        const st = plugin.normalizeScore(state, p, feasible, scores);
        if (st) throw new Error(`plugin ${plugin.name} NormalizeScore failed: ${st.reasons.join(', ')}`);
      }
    } else scores.fill(0);
    let best = 0;
    let bestT = scores[0] * weight;
    let bestRank = this.rank[idx[0]];
    for (let i = 1; i < m; i++) {
      const t = scores[i] * weight;
      const r = this.rank[idx[i]];
      if (t > bestT || (t === bestT && r < bestRank)) {
        best = i;
        bestT = t;
        bestRank = r;
      }
    }
    return best;
  }
}
