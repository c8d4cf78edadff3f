/**
 * One scheduling cycle of one profile: PreFilter, Filter over a window of nodes
 * (percentageOfNodesToScore, round-robin start index), PreScore, Score, NormalizeScore,
 * weights and selectHost's seeded uniform tie-break.
 * mirrors pkg/scheduler/schedule_one.go schedulePod / findNodesThatFitPod / prioritizeNodes / selectHost
 */
import type { ClusterState } from '../../model/cluster.ts';
import type { NodeInfo } from '../../model/node-info.ts';
import type { PodInfo } from '../../model/pod-info.ts';
import type { Profile } from './profile.ts';
import {
  COL_ALLOC_EPHEMERAL,
  COL_ALLOC_MEMORY,
  COL_ALLOC_MILLI_CPU,
  COL_ALLOWED_PODS,
  COL_FLAGS,
  COL_NUM_PODS,
  COL_REQ_EPHEMERAL,
  COL_REQ_MEMORY,
  COL_REQ_MILLI_CPU,
  COL_GEN,
  COL_TAINT_SET,
  ROW_STRIDE,
  taintSetCount,
} from '../../model/node-table.ts';
import { ACCEPT_ALL, CycleState, isPreFilterResult, MAX_NODE_SCORE, MIN_NODE_SCORE, type QuickFilter, type RowCheck, type SchedulerPlugin, type Status } from './types.ts';
import { addDefaultNormalized } from '../plugins/helper.ts';

/** Minimum number of feasible nodes to find (pkg/scheduler/schedule_one.go minFeasibleNodesToFind). */
export const MIN_FEASIBLE_NODES_TO_FIND = 100;
/** Lower bound of the adaptive percentage (minFeasibleNodesPercentageToFind). */
export const MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;

/**
 * How many feasible nodes the filter pass looks for before it stops.
 * mirrors pkg/scheduler/schedule_one.go numFeasibleNodesToFind
 */
export function numFeasibleNodesToFind(percentageOfNodesToScore: number | undefined, numAllNodes: number): number {
  if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND) return numAllNodes;
  let pct = percentageOfNodesToScore ?? 0;
  if (pct === 0) {
    pct = 50 - Math.trunc(numAllNodes / 125);
    if (pct < MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND) pct = MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND;
  }
  const n = Math.trunc((numAllNodes * pct) / 100);
  return n < MIN_FEASIBLE_NODES_TO_FIND ? MIN_FEASIBLE_NODES_TO_FIND : n;
}

/** The filter plugins' quick tests of one cycle, fused (see Framework.filterWindow). */
interface QuickPlan {
  /** Flag bits every row check wants clear. */
  flags: number;
  /** The row checks' taint-set verdicts (all must pass). */
  taintTests: ((id: number) => boolean)[];
  /** A free-room check is wanted, with the largest request of each resource. */
  fit: boolean;
  milliCPU: number;
  memory: number;
  ephemeralStorage: number;
  /** Closure tests of plugins without a row check. */
  tests: QuickFilter[];
  /** Each filter plugin's test, in filter order (for finding the first that rejects a node). */
  perPlugin: (RowCheck | QuickFilter)[];
}

/** True when every taint-set test passes the set `id`. */
function taintSetPasses(tests: readonly ((id: number) => boolean)[], id: number): boolean {
  for (const t of tests) if (!t(id)) return false;
  return true;
}

/** One plugin's {@link RowCheck} on a row (the fused loop's tests, one check alone). */
function rowCheckPasses(c: RowCheck, d: Float64Array, o: number): boolean {
  if (c.flagsClear !== undefined && (d[o + COL_FLAGS] & c.flagsClear) !== 0) return false;
  if (c.taintSet !== undefined) {
    const id = d[o + COL_TAINT_SET];
    if (id !== 0 && !c.taintSet(id)) return false;
  }
  const f = c.fit;
  if (f !== undefined) {
    if (d[o + COL_NUM_PODS] + 1 > d[o + COL_ALLOWED_PODS]) return false;
    if (f.milliCPU > 0 && f.milliCPU > d[o + COL_ALLOC_MILLI_CPU] - d[o + COL_REQ_MILLI_CPU]) return false;
    if (f.memory > 0 && f.memory > d[o + COL_ALLOC_MEMORY] - d[o + COL_REQ_MEMORY]) return false;
    if (f.ephemeralStorage > 0 && f.ephemeralStorage > d[o + COL_ALLOC_EPHEMERAL] - d[o + COL_REQ_EPHEMERAL]) return false;
  }
  return true;
}

/**
 * Node rows × specs the per-spec caches may hold together (≈ 56 bytes each): the number of
 * specs kept is this over the cluster's rows, within [SPEC_CACHE_MIN, SPEC_CACHE_MAX].
 */
const SPEC_CACHE_ROW_BUDGET = 1 << 20;
const SPEC_CACHE_MIN = 8;
const SPEC_CACHE_MAX = 256;

/** How many specs' caches are kept for a cluster of `rows` node rows (least recently used dropped). */
function specCacheLimit(rows: number): number {
  return Math.max(SPEC_CACHE_MIN, Math.min(SPEC_CACHE_MAX, Math.floor(SPEC_CACHE_ROW_BUDGET / Math.max(1, rows))));
}

/**
 * Per node-table row, what the node-local plugins (SchedulerPlugin.nodeLocal) decided for pods
 * of one spec, each with the row's COL_GEN when decided: the filter verdict (when every filter
 * of the cycle is node-local) and the raw score of each node-local score plugin. A row whose
 * generation moved (a pod bound, the Node updated, the row given to another node) is decided
 * afresh. Pods of one template share their spec object, so the pods a ReplicaSet creates in a
 * row find every node but the last one bound to already decided.
 */
class SpecCache {
  filterGen = new Float64Array(0);
  status: (Status | null)[] = [];
  scoreGen = new Float64Array(0);
  raws: Float64Array[] = [];
  /** Per row, Σ sumWeights[j] × raws[j][row]: the weighted raw scores of the scorers without NormalizeScore. */
  sums = new Float64Array(0);
  /** Per scorer: its weight when it has no NormalizeScore (its raw score is its score), else 0. */
  sumWeights: number[] = [];
  /** Per scorer: some raw score it gave was outside [0, 100] (then it is checked per cycle). */
  outOfRange: boolean[] = [];
  /** Per scorer with a scoreEpoch: per row, the epoch its raw score was computed in (else null). */
  epochOf: (Float64Array | null)[] = [];
  /** Indexes of the scorers with a scoreEpoch. */
  epochScorers: number[] = [];
  /** What the entries were computed with: the pod's requests, filter list and node-local scorers. */
  requests: object | null = null;
  filters: readonly SchedulerPlugin[] = [];
  scorers: readonly SchedulerPlugin[] = [];

  /** Forgets every entry and sizes the arrays for `rows` rows. */
  reset(rows: number, requests: object): void {
    if (this.filterGen.length < rows) {
      this.filterGen = new Float64Array(rows);
      this.scoreGen = new Float64Array(rows);
      this.sums = new Float64Array(rows);
      this.raws = [];
    } else {
      this.filterGen.fill(0);
      this.scoreGen.fill(0);
    }
    this.requests = requests;
    this.filters = [];
    this.scorers = [];
  }

  /** Room for `rows` rows, keeping the entries. */
  grow(rows: number): void {
    if (this.filterGen.length >= rows) return;
    const n = Math.max(rows, this.filterGen.length * 2);
    const fg = new Float64Array(n);
    fg.set(this.filterGen);
    this.filterGen = fg;
    const sg = new Float64Array(n);
    sg.set(this.scoreGen);
    this.scoreGen = sg;
    const sums = new Float64Array(n);
    sums.set(this.sums);
    this.sums = sums;
    this.raws = this.raws.map((r) => {
      const g = new Float64Array(n);
      g.set(r);
      return g;
    });
    this.epochOf = this.epochOf.map((r) => {
      if (r === null) return null;
      const g = new Float64Array(n).fill(-1);
      g.set(r);
      return g;
    });
  }

  /** True when the cached verdicts are for this list of filter plugins (else they are dropped). */
  useFilters(filters: readonly SchedulerPlugin[]): void {
    if (samePlugins(this.filters, filters)) return;
    this.filterGen.fill(0);
    this.filters = filters.slice();
  }

  /** Makes the raw-score entries those of `scorers` with their `weights` (dropping them when the list changed). */
  useScorers(scorers: readonly SchedulerPlugin[], weights: readonly number[]): void {
    if (samePlugins(this.scorers, scorers) && this.raws.length === scorers.length) return;
    this.scoreGen.fill(0);
    this.scorers = scorers.slice();
    this.sumWeights = scorers.map((p, j) => (p.normalizeScore === undefined ? weights[j] : 0));
    this.raws = scorers.map(() => new Float64Array(this.scoreGen.length));
    this.outOfRange = scorers.map(() => false);
    this.epochOf = scorers.map((p) => (p.scoreEpoch === undefined ? null : new Float64Array(this.scoreGen.length).fill(-1)));
    this.epochScorers = [];
    for (let j = 0; j < scorers.length; j++) if (scorers[j].scoreEpoch !== undefined) this.epochScorers.push(j);
  }
}

function samePlugins(a: readonly SchedulerPlugin[], b: readonly SchedulerPlugin[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Copies of frozen (shared) statuses with the plugin name set, so they are shared too. */
const withPluginCopies = new WeakMap<Status, Status>();

/** `{ ...st, plugin }`: the status as the framework records it. */
function withPlugin(st: Status, plugin: string): Status {
  if (!Object.isFrozen(st)) return { ...st, plugin };
  let c = withPluginCopies.get(st);
  if (c === undefined || c.plugin !== plugin) withPluginCopies.set(st, (c = Object.freeze({ ...st, plugin })));
  return c;
}

/** A source of uniform numbers in [0, 1) (a seeded seedrandom instance). */
export type Rng = () => number;

/**
 * Picks the highest total; ties are broken uniformly at random (reservoir sampling, one draw
 * per tied node after the first). Returns the index into `totals`.
 * mirrors pkg/scheduler/schedule_one.go selectHost (same distribution as v1.35's randomizer heap)
 */
export function selectHost(totals: ArrayLike<number>, rng: Rng): number {
  if (totals.length === 0) return -1;
  let best = 0;
  let max = totals[0];
  let cnt = 1;
  for (let i = 1; i < totals.length; i++) {
    const t = totals[i];
    if (t > max) {
      max = t;
      best = i;
      cnt = 1;
    } else if (t === max) {
      cnt++;
      if (Math.floor(rng() * cnt) === 0) best = i;
    }
  }
  return best;
}

/** One score plugin's contribution to a node. */
export interface PluginScore {
  raw: number;
  normalized: number;
  weighted: number;
}

/** Per-node detail recorded when a cycle runs with `explain`. */
export interface NodeExplanation {
  /** null = passed every filter; undefined = not examined (the window stopped earlier). */
  filter: Status | null | undefined;
  scores: Record<string, PluginScore>;
  total: number;
  /** True when the node was among the nodes scored. */
  scored: boolean;
}

/** Outcome of one cycle for one pod. */
export interface ScheduleResult {
  /** The chosen node, or null when the pod is unschedulable. */
  node: string | null;
  /** Nodes the filter pass examined. */
  evaluatedNodes: number;
  feasibleNodes: number;
  /** Failure per examined node (only nodes that failed). */
  nodeStatuses: Map<string, Status>;
  /** Plugins that rejected some node (for requeueing and events). */
  unschedulablePlugins: Set<string>;
  /** Human message as kube-scheduler's FitError (`0/5 nodes are available: ...`). */
  message?: string;
  /** Set when the cycle failed with an error rather than a rejection (no preemption; error back-off). */
  error?: string;
  /** Set when a PreFilter rejected the pod outright. */
  preFilterStatus?: Status;
  /** Filled with `explain: true`. */
  explanation?: Map<string, NodeExplanation>;
  /** The CycleState of this cycle (preemption reuses it). */
  state: CycleState;
}

/** Nodes that failed the filters in a cycle, with their statuses (same index). */
interface FailedNodes {
  nodes: NodeInfo[];
  statuses: Status[];
}

/** Options of {@link Framework.schedulePod}. */
export interface ScheduleOptions {
  /** Record every node's verdict and every plugin's scores; filters run on all nodes for the record. */
  explain?: boolean;
  /** Nominated pods per node (pods with nominatedNodeName), considered by filters as upstream does. */
  nominatedPods?: (nodeName: string) => readonly PodInfo[];
}

/** The framework of one profile plus the cycle state that survives between cycles (start index). */
export class Framework {
  readonly profile: Profile;
  readonly cluster: ClusterState;
  private readonly rng: Rng;
  /** Where the next filter pass starts (sched.nextStartNodeIndex). */
  nextStartNodeIndex = 0;
  /** Use the plugins' quick filter tests in the filter window (off: every node runs every filter; same results). */
  useQuickFilters = true;
  /**
   * Buffers of the filter window and scoring, reused across cycles: feasible nodes and their
   * rows (the first feasibleCount are this cycle's), totals, one plugin's scores.
   */
  private readonly feasNodes: NodeInfo[] = [];
  private feasRows = new Int32Array(64);
  private feasibleCount = 0;
  private feasibleAllRows = true;
  private totalsBuf = new Float64Array(64);
  private readonly scoresBuf: number[] = [];
  /** Reused by cachedRawScores: indexes of the feasible nodes whose cached scores are stale. */
  private missIdx = new Int32Array(64);
  /** Reused by cachedRawScores: the rows of those nodes. */
  private missRows = new Int32Array(64);
  /** Indexes (into the feasible list) of rows whose epoch scorer's raw score is from an earlier epoch. */
  private staleIdx = new Int32Array(64);
  /** Results of node-local plugins per pod spec (see SpecCache), least recently used first. */
  private readonly specCaches = new Map<object, SpecCache>();
  /** Specs some earlier cycle scheduled a pod of: a cache is started for a spec seen again. */
  private readonly specLastSeen = new WeakMap<object, number>();
  /** Cycles that asked for a spec cache (the clock of specLastSeen). */
  private specCycles = 0;
  /** At most this many specs' caches (default: by the cluster's size, see specCacheLimit); tests set it low to exercise recycling. */
  specCacheMax: number | undefined = undefined;
  /** Keep per-spec results of node-local plugins (off: every cycle decides every node; same results). */
  useSpecCache = true;
  /** Per taint-set id, this cycle's fused taint verdict (0 not yet asked, 1 pass, 2 reject). */
  private taintVerdicts = new Int8Array(16);

  constructor(profile: Profile, cluster: ClusterState, rng: Rng) {
    this.profile = profile;
    this.cluster = cluster;
    this.rng = rng;
  }

  /**
   * The Filter plugins that run in `state`'s cycle: the profile's, minus those whose PreFilter
   * returned Skip and those without a Filter. Cached on the state so the per-node loop does no
   * set lookups.
   */
  filterPlugins(state: CycleState): readonly SchedulerPlugin[] {
    const all = this.profile.filter;
    const skip = state.skipFilterPlugins;
    if (state.filterList !== null && state.filterListOf === all && state.filterListSkip === skip) return state.filterList;
    const list = all.filter((p) => !skip.has(p) && p.filter !== undefined);
    state.filterList = list;
    state.filterListOf = all;
    state.filterListSkip = skip;
    return list;
  }

  /**
   * Every filter plugin's quick test for this cycle, fused where plugins give them as data
   * ({@link RowCheck}); null when some plugin has no test.
   */
  private quickPlan(state: CycleState, pod: PodInfo, filters: readonly SchedulerPlugin[]): QuickPlan | null {
    const plan: QuickPlan = { flags: 0, taintTests: [], fit: false, milliCPU: 0, memory: 0, ephemeralStorage: 0, tests: [], perPlugin: [] };
    for (let i = 0; i < filters.length; i++) {
      const f = filters[i];
      const rc = f.rowCheck?.(state, pod) ?? null;
      if (rc !== null) {
        plan.perPlugin.push(rc);
        if (rc.flagsClear !== undefined) plan.flags |= rc.flagsClear;
        if (rc.taintSet !== undefined) plan.taintTests.push(rc.taintSet);
        if (rc.fit !== undefined) {
          // both must hold: free ≥ a and free ≥ b ⇔ free ≥ max(a, b) (a value ≤ 0 asks nothing)
          plan.fit = true;
          plan.milliCPU = Math.max(plan.milliCPU, rc.fit.milliCPU);
          plan.memory = Math.max(plan.memory, rc.fit.memory);
          plan.ephemeralStorage = Math.max(plan.ephemeralStorage, rc.fit.ephemeralStorage);
        }
        continue;
      }
      const q = f.quickFilter?.(state, pod) ?? null;
      if (q === null) return null;
      plan.perPlugin.push(q);
      if (q !== ACCEPT_ALL) plan.tests.push(q);
    }
    if (plan.taintTests.length > 0) {
      const need = taintSetCount();
      if (this.taintVerdicts.length < need) this.taintVerdicts = new Int8Array(Math.max(need, this.taintVerdicts.length * 2));
      else this.taintVerdicts.fill(0, 0, need);
    }
    return plan;
  }

  /** The index in the filter list of the first plugin whose quick test rejects the row. */
  private firstRejecting(plan: QuickPlan, data: Float64Array, o: number, node: NodeInfo): number {
    const per = plan.perPlugin;
    for (let i = 0; i < per.length; i++) {
      const t = per[i];
      if (typeof t === 'function' ? !t(data, o, node) : !rowCheckPasses(t, data, o)) return i;
    }
    return per.length; // not reached: the fused test rejected the row, so some plugin's test does
  }

  /**
   * The result cache for `pod`'s spec, or null. A spec gets one when its previous pod was at most
   * as many cycles ago as caches are kept (specCacheLimit): a spec seen more rarely would find
   * its cache recycled before its next pod, paying for filling it and never reading it back. The
   * least recently used cache is recycled.
   */
  private specCacheFor(pod: PodInfo): SpecCache | null {
    const spec = pod.pod.spec;
    const rows = this.cluster.nodeTable.rowCount;
    let c = this.specCaches.get(spec);
    if (c !== undefined) {
      this.specCaches.delete(spec);
      this.specCaches.set(spec, c);
      // a pod of this spec with other requests (resized, say): the entries are not its
      if (c.requests !== pod.requests) c.reset(rows, pod.requests);
      else c.grow(rows);
      return c;
    }
    const now = ++this.specCycles;
    const last = this.specLastSeen.get(spec);
    this.specLastSeen.set(spec, now);
    const limit = this.specCacheMax ?? specCacheLimit(rows);
    if (last === undefined || now - last > limit) return null;
    // fewer kept when the cluster grew
    for (const old of this.specCaches.keys()) {
      if (this.specCaches.size <= limit) break;
      this.specCaches.delete(old);
    }
    if (this.specCaches.size >= limit) {
      const [oldest, recycled] = this.specCaches.entries().next().value as [object, SpecCache];
      this.specCaches.delete(oldest);
      c = recycled;
    } else c = new SpecCache();
    c.reset(rows, pod.requests);
    this.specCaches.set(spec, c);
    return c;
  }

  /**
   * Fills `cache`'s raw scores of this cycle's node-local score plugins for every feasible row
   * whose generation moved, and returns those plugins (their index is their entry in
   * `cache.raws`); null when none is node-local.
   */
  private cachedRawScores(
    state: CycleState,
    pod: PodInfo,
    cache: SpecCache,
    skipScore: ReadonlySet<SchedulerPlugin>,
    feasible: readonly NodeInfo[],
    rows: Int32Array,
  ): readonly SchedulerPlugin[] | null {
    const scorers: SchedulerPlugin[] = [];
    const weights: number[] = [];
    for (const { plugin, weight } of this.profile.score) {
      if (plugin.nodeLocal === true && plugin.score && !skipScore.has(plugin)) {
        scorers.push(plugin);
        weights.push(weight);
      }
    }
    if (scorers.length === 0) return null;
    cache.useScorers(scorers, weights);
    const data = this.cluster.nodeTable.data;
    const gens = cache.scoreGen;
    // Misses first as indexes into `feasible` (a reused buffer): most cycles have few
    if (this.missIdx.length < rows.length) {
      this.missIdx = new Int32Array(Math.max(rows.length, this.missIdx.length * 2));
      this.missRows = new Int32Array(this.missIdx.length);
    }
    const missIdx = this.missIdx;
    let misses = 0;
    // A scorer with a scoreEpoch: rows unchanged but scored in an earlier epoch are scored again by
    // it alone (with one such scorer; with several, a row any of them scored earlier is scored afresh by all).
    const epochScorers = cache.epochScorers;
    const e0 = epochScorers.length === 1 ? epochScorers[0] : -1;
    const epoch0 = e0 >= 0 ? scorers[e0].scoreEpoch!() : 0;
    const epochRows0 = e0 >= 0 ? cache.epochOf[e0]! : null;
    if (this.staleIdx.length < rows.length) this.staleIdx = new Int32Array(this.missIdx.length);
    const staleIdx = this.staleIdx;
    let stale = 0;
    if (epochRows0 !== null) {
      for (let i = 0; i < rows.length; i++) {
        const row = rows[i];
        const g = data[row * ROW_STRIDE + COL_GEN];
        if (g === 0 || gens[row] !== g) missIdx[misses++] = i;
        else if (epochRows0[row] !== epoch0) staleIdx[stale++] = i;
      }
    } else {
      const epochs = epochScorers.map((j) => scorers[j].scoreEpoch!());
      for (let i = 0; i < rows.length; i++) {
        const row = rows[i];
        const g = data[row * ROW_STRIDE + COL_GEN];
        let miss = g === 0 || gens[row] !== g;
        for (let k = 0; !miss && k < epochScorers.length; k++) miss = cache.epochOf[epochScorers[k]]![row] !== epochs[k];
        if (miss) missIdx[misses++] = i;
      }
    }
    if (stale > 0) {
      // mirrors the full rescoring below for one scorer: its raw score and its share of the sum
      const p = scorers[e0];
      const staleNodes = new Array<NodeInfo>(stale);
      const staleRows = this.missRows;
      for (let k = 0; k < stale; k++) {
        staleNodes[k] = feasible[staleIdx[k]];
        staleRows[k] = rows[staleIdx[k]];
      }
      const out = new Array<number>(stale).fill(0);
      scoreInto(p, state, pod, staleNodes, out, staleRows);
      const raw = cache.raws[e0];
      const w = cache.sumWeights[e0];
      const sums = cache.sums;
      for (let k = 0; k < stale; k++) {
        const row = staleRows[k];
        const v = out[k];
        if (!(v <= MAX_NODE_SCORE && v >= MIN_NODE_SCORE)) cache.outOfRange[e0] = true;
        sums[row] += (v - raw[row]) * w;
        raw[row] = v;
        epochRows0![row] = epoch0;
      }
    }
    if (misses > 0) {
      const missNodes = new Array<NodeInfo>(misses);
      const missRows = this.missRows; // longer than `misses`: scoreNodes reads nodes.length rows
      for (let k = 0; k < misses; k++) {
        missNodes[k] = feasible[missIdx[k]];
        missRows[k] = rows[missIdx[k]];
      }
      const out = new Array<number>(misses).fill(0);
      const sums = cache.sums;
      for (let k = 0; k < misses; k++) sums[missRows[k]] = 0;
      for (let j = 0; j < scorers.length; j++) {
        scoreInto(scorers[j], state, pod, missNodes, out, missRows);
        const raw = cache.raws[j];
        const w = cache.sumWeights[j];
        for (let k = 0; k < misses; k++) {
          const v = out[k];
          raw[missRows[k]] = v;
          if (!(v <= MAX_NODE_SCORE && v >= MIN_NODE_SCORE)) cache.outOfRange[j] = true;
          sums[missRows[k]] += v * w;
        }
      }
      for (let k = 0; k < misses; k++) gens[missRows[k]] = data[missRows[k] * ROW_STRIDE + COL_GEN];
      for (const j of epochScorers) {
        const epoch = scorers[j].scoreEpoch!();
        const at = cache.epochOf[j]!;
        for (let k = 0; k < misses; k++) at[missRows[k]] = epoch;
      }
    }
    return scorers;
  }

  /** The node-table rows of `candidates` (same order), or null when some node has no row here. */
  private candidateRows(candidates: readonly NodeInfo[]): Int32Array | null {
    const table = this.cluster.nodeTable;
    if (candidates === this.cluster.nodeList()) return this.cluster.nodeRows();
    const rows = new Int32Array(candidates.length);
    for (let i = 0; i < candidates.length; i++) {
      const c = candidates[i];
      if (c.table !== table) return null;
      rows[i] = c.row;
    }
    return rows;
  }

  /** Runs the Filter plugins on one node, stopping at the first failure. mirrors framework.go RunFilterPlugins */
  runFilterPlugins(state: CycleState, pod: PodInfo, node: NodeInfo): Status | null {
    const list = this.filterPlugins(state);
    for (let i = 0; i < list.length; i++) {
      const p = list[i];
      const st = p.filter!(state, pod, node);
      if (st !== null) {
        if (st.plugin === undefined) return withPlugin(st, p.name);
        return st;
      }
    }
    return null;
  }

  /**
   * Filters with higher-or-equal-priority pods nominated to the node added first, then (if any)
   * without them; both must pass. mirrors framework.go RunFilterPluginsWithNominatedPods
   */
  runFiltersWithNominatedPods(
    state: CycleState,
    pod: PodInfo,
    node: NodeInfo,
    nominated: ScheduleOptions['nominatedPods'],
  ): Status | null {
    if (nominated === undefined) return this.runFilterPlugins(state, pod, node);
    const noms = nominated(node.name).filter((p) => p !== pod && p.priority >= pod.priority);
    if (noms.length === 0) return this.runFilterPlugins(state, pod, node);
    const st2 = state.clone();
    for (const np of noms) {
      node.addPod(np);
      for (const pl of this.profile.preFilter) pl.addPod?.(st2, pod, np, node);
    }
    let status: Status | null;
    try {
      status = this.runFilterPlugins(st2, pod, node);
    } finally {
      for (const np of noms) node.removePod(np);
    }
    if (status !== null) return status;
    return this.runFilterPlugins(state, pod, node);
  }

  /** The last unnamed status a filter returned in this window, and its plugin-named copy. */
  private lastUnnamed: Status | null = null;
  private lastPlugin: SchedulerPlugin | null = null;
  private lastNamed: Status | null = null;

  /** Runs `filters` from index `first` on one node, stopping at the first failure (named). */
  private runFiltersFrom(state: CycleState, pod: PodInfo, node: NodeInfo, filters: readonly SchedulerPlugin[], first: number): Status | null {
    for (let k = first; k < filters.length; k++) {
      const p = filters[k];
      const st = p.filter!(state, pod, node);
      if (st === null) continue;
      if (st.plugin !== undefined) return st;
      // failing nodes mostly share a few statuses: the last one's named copy is kept
      if (st === this.lastUnnamed && p === this.lastPlugin) return this.lastNamed!;
      this.lastUnnamed = st;
      this.lastPlugin = p;
      return (this.lastNamed = withPlugin(st, p.name));
    }
    return null;
  }

  /**
   * Filters nodes from `start` (wrapping) until a feasible node is found when `numToFind` are
   * already feasible, or all were examined, recording failures in `failed`; returns the number
   * processed. As upstream's findNodesThatPassFilters run sequentially (parallelism 1): the
   * search stops only when a Filter call finds one feasible node more than needed; that extra
   * node is neither kept nor counted, but every infeasible node met before it is (it is in
   * NodeToStatus, so it counts in EvaluatedNodes and moves nextStartNodeIndex past it). Same
   * verdicts as {@link runFilterPlugins} per node, with the plugin list hoisted out of the loop.
   */
  private filterWindow(
    state: CycleState,
    pod: PodInfo,
    candidates: readonly NodeInfo[],
    start: number,
    numToFind: number,
    failed: FailedNodes,
    cache: SpecCache | null,
  ): number {
    // Feasible nodes go to the framework's buffers by index (no growth per cycle); the count
    // is left in feasibleCount, and allRows says whether every one has a node-table row.
    const feasNodes = this.feasNodes;
    if (this.feasRows.length < candidates.length) this.feasRows = new Int32Array(Math.max(candidates.length, this.feasRows.length * 2));
    const feasRows = this.feasRows;
    let count = 0;
    let allRows = true;
    const filters = this.filterPlugins(state);
    const nf = filters.length;
    const n = candidates.length;
    // Quick tests over the node table: a node every test accepts passes every filter, so only
    // the others run the plugins' filters (which give their exact statuses). The plugins' row
    // checks are fused into one test per node: flags, taint set (memoized per set), free room.
    const plan = this.useQuickFilters ? this.quickPlan(state, pod, filters) : null;
    const rows = plan === null ? null : this.candidateRows(candidates);
    const table = this.cluster.nodeTable;
    const data = table.data;
    const flags = plan === null ? 0 : plan.flags;
    const taintTests = plan === null ? [] : plan.taintTests;
    const checkTaints = taintTests.length > 0;
    const verdicts = this.taintVerdicts;
    const fit = plan !== null && plan.fit;
    const cpu = plan === null ? 0 : plan.milliCPU;
    const mem = plan === null ? 0 : plan.memory;
    const eph = plan === null ? 0 : plan.ephemeralStorage;
    const quick = plan === null ? [] : plan.tests;
    const nq = quick.length;
    // Verdicts of pods with this spec on rows that did not change since (all filters node-local).
    const cacheGen = cache === null ? null : cache.filterGen;
    const cacheStatus = cache === null ? null : cache.status;
    this.lastUnnamed = null;
    let idx = start;
    let processed = 0;
    while (processed < n) {
      const node = candidates[idx];
      let st: Status | null = null;
      if (rows !== null) {
        const row = rows[idx];
        const o = row * ROW_STRIDE;
        const g = data[o + COL_GEN];
        if (cacheGen !== null && g !== 0 && cacheGen[row] === g) st = cacheStatus![row];
        else {
          let pass = (data[o + COL_FLAGS] & flags) === 0;
          if (pass && checkTaints) {
            const id = data[o + COL_TAINT_SET];
            if (id !== 0) {
              let v = verdicts[id];
              if (v === 0) verdicts[id] = v = taintSetPasses(taintTests, id) ? 1 : 2;
              pass = v === 1;
            }
          }
          // the same comparisons as NodeResourcesFit's fitsRow
          if (pass && fit) {
            if (data[o + COL_NUM_PODS] + 1 > data[o + COL_ALLOWED_PODS]) pass = false;
            else if (cpu > 0 && cpu > data[o + COL_ALLOC_MILLI_CPU] - data[o + COL_REQ_MILLI_CPU]) pass = false;
            else if (mem > 0 && mem > data[o + COL_ALLOC_MEMORY] - data[o + COL_REQ_MEMORY]) pass = false;
            else if (eph > 0 && eph > data[o + COL_ALLOC_EPHEMERAL] - data[o + COL_REQ_EPHEMERAL]) pass = false;
          }
          for (let k = 0; pass && k < nq; k++) pass = quick[k](data, o, node);
          // every filter before the first whose test rejects the node passes it
          if (!pass) st = this.runFiltersFrom(state, pod, node, filters, this.firstRejecting(plan!, data, o, node));
          if (cacheGen !== null) {
            cacheGen[row] = g;
            cacheStatus![row] = st;
          }
        }
        if (st === null && count === numToFind) break; // one more than needed: the search is cancelled
        if (++idx === n) idx = 0;
        processed++;
        if (st === null) {
          feasNodes[count] = node;
          feasRows[count++] = row;
        } else {
          failed.nodes.push(node);
          failed.statuses.push(st);
        }
        continue;
      }
      st = this.runFiltersFrom(state, pod, node, filters, 0);
      if (st === null && count === numToFind) break; // one more than needed: the search is cancelled
      if (++idx === n) idx = 0;
      processed++;
      if (st === null) {
        feasNodes[count] = node;
        if (node.table === table) feasRows[count] = node.row;
        else allRows = false;
        count++;
      } else {
        failed.nodes.push(node);
        failed.statuses.push(st);
      }
    }
    this.feasibleCount = count;
    this.feasibleAllRows = allRows;
    return processed;
  }

  /** Runs one scheduling cycle for `pod`; does not bind. */
  schedulePod(pod: PodInfo, opts: ScheduleOptions = {}): ScheduleResult {
    const state = new CycleState();
    const allNodes = this.cluster.nodeList();
    // Failures found by the filter window are logged in two arrays and turned into the
    // nodeStatuses map (and unschedulablePlugins) only when read: a pod that is scheduled
    // usually never needs them. Reading gives the same map, in the same order.
    const failed: FailedNodes = { nodes: [], statuses: [] };
    let nodeStatuses: Map<string, Status> | null = null;
    let unschedulablePlugins: Set<string> | null = null;
    let flushed = 0;
    const flush = (): void => {
      nodeStatuses ??= new Map();
      unschedulablePlugins ??= new Set();
      const nodes = failed.nodes;
      for (; flushed < nodes.length; flushed++) {
        const st = failed.statuses[flushed];
        nodeStatuses.set(nodes[flushed].name, st);
        if (st.plugin) unschedulablePlugins.add(st.plugin);
      }
    };
    const result: ScheduleResult = {
      node: null,
      evaluatedNodes: 0,
      feasibleNodes: 0,
      get nodeStatuses() {
        flush();
        return nodeStatuses!;
      },
      get unschedulablePlugins() {
        flush();
        return unschedulablePlugins!;
      },
      state,
    };
    const explanation = opts.explain ? new Map<string, NodeExplanation>() : undefined;
    if (explanation) {
      result.explanation = explanation;
      for (const n of allNodes) explanation.set(n.name, { filter: undefined, scores: {}, total: 0, scored: false });
    }
    if (allNodes.length === 0) {
      result.message = 'no nodes available to schedule pods';
      return result;
    }

    // PreFilter
    const skipFilter = new Set<SchedulerPlugin>();
    let allowed: Set<string> | null = null;
    let allowedBy: string[] = [];
    for (const p of this.profile.preFilter) {
      if (!p.preFilter) continue;
      const out = p.preFilter(state, pod);
      if (out === null) continue;
      if (isPreFilterResult(out)) {
        allowedBy.push(p.name);
        const names = out.nodeNames;
        const prev: Set<string> | null = allowed;
        allowed = prev === null ? new Set(names) : new Set([...prev].filter((n: string) => names.has(n)));
        continue;
      }
      if (out.code === 'Skip') {
        skipFilter.add(p);
        continue;
      }
      const st: Status = { ...out, plugin: out.plugin ?? p.name };
      result.preFilterStatus = st;
      result.unschedulablePlugins.add(st.plugin!);
      for (const n of allNodes) {
        result.nodeStatuses.set(n.name, st);
        if (explanation) explanation.get(n.name)!.filter = st;
      }
      result.evaluatedNodes = allNodes.length;
      // FitError prints a PreFilter rejection's own message, not a per-node histogram of it
      result.message = fitErrorMessage(allNodes.length, result.nodeStatuses, st.reasons.join(', '));
      return result;
    }
    if (allowedBy.length > 0) allowedBy = [...new Set(allowedBy)];
    state.skipFilterPlugins = skipFilter;

    let candidates: NodeInfo[] = allNodes;
    if (allowed !== null) {
      const outside: Status = {
        code: 'UnschedulableAndUnresolvable',
        reasons: [`node(s) didn't satisfy plugin(s) [${allowedBy.join(' ')}]`],
        plugin: allowedBy[0],
      };
      candidates = allNodes.filter((n) => allowed!.has(n.name));
      for (const n of allNodes) {
        if (allowed.has(n.name)) continue;
        result.nodeStatuses.set(n.name, outside);
        if (explanation) explanation.get(n.name)!.filter = outside;
      }
      for (const pl of allowedBy) result.unschedulablePlugins.add(pl);
      if (candidates.length === 0) {
        result.message = fitErrorMessage(allNodes.length, result.nodeStatuses);
        return result;
      }
    }

    // Nominated node first: if it passes, it is the only feasible node.
    // The feasible list and its rows are the framework's buffers, reused cycle after cycle
    // (plugins see them only during the cycle).
    let feasible: NodeInfo[] = [];
    // Node-table rows of the feasible nodes when the filter window knows them all (for scoring).
    let feasibleRows: Int32Array | null = null;
    const nominatedName = pod.pod.status?.nominatedNodeName;
    // The nominated node's failure stays in upstream's NodeToStatus (evaluateNominatedNode shares
    // the diagnosis), so it counts as processed even when the window does not reach that node.
    let nominatedFailed: string | null = null;
    if (nominatedName) {
      const nn = this.cluster.nodes.get(nominatedName);
      if (nn && (allowed === null || allowed.has(nn.name))) {
        const st = this.runFiltersWithNominatedPods(state, pod, nn, opts.nominatedPods);
        if (st === null) feasible = [nn];
        else nominatedFailed = nn.name;
      }
    }

    // Results of node-local plugins kept for pods of this spec (the fast path only).
    let specCache: SpecCache | null = null;
    if (feasible.length === 0) {
      const n = candidates.length;
      const hasScore = this.profile.score.length > 0;
      const numToFind = hasScore ? numFeasibleNodesToFind(this.profile.percentageOfNodesToScore, n) : Math.min(1, n);
      let processed = 0;
      const start = this.nextStartNodeIndex % n;
      if (!explanation && opts.nominatedPods === undefined) {
        // The common case, written out: no nominated pods, nothing recorded beyond the window.
        specCache = this.useSpecCache && this.useQuickFilters ? this.specCacheFor(pod) : null;
        let filterCache: SpecCache | null = null;
        if (specCache !== null) {
          const filters = this.filterPlugins(state);
          if (filters.every((f) => f.nodeLocal === true)) {
            specCache.useFilters(filters);
            filterCache = specCache;
          }
        }
        processed = this.filterWindow(state, pod, candidates, start, numToFind, failed, filterCache);
        const count = this.feasibleCount;
        // the buffer itself, cut to the count: plugins get it for this cycle only (no copy per pod)
        this.feasNodes.length = count;
        feasible = this.feasNodes;
        if (this.feasibleAllRows) feasibleRows = this.feasRows.subarray(0, count);
      } else {
        let stopped = false;
        for (let i = 0; i < n; i++) {
          if (stopped && !explanation) break;
          const node = candidates[(start + i) % n];
          const st = this.runFiltersWithNominatedPods(state, pod, node, opts.nominatedPods);
          if (explanation) explanation.get(node.name)!.filter = st;
          if (stopped) continue; // explain only: examined for the record, outside the real window
          if (st === null && feasible.length >= numToFind) {
            // a feasible node more than needed: the real search is cancelled before counting it
            stopped = true;
            continue;
          }
          processed++;
          if (st === null) feasible.push(node);
          else {
            result.nodeStatuses.set(node.name, st);
            if (st.plugin) result.unschedulablePlugins.add(st.plugin);
          }
        }
      }
      if (nominatedFailed !== null && !result.nodeStatuses.has(nominatedFailed)) processed++;
      // processedNodes = len(feasibleNodes) + NodeToStatus.Len(): nodes outside a PreFilter
      // restriction are its absent-nodes status, not counted; the index wraps over all nodes.
      // mirrors schedule_one.go findNodesThatFitPod / schedulePod (EvaluatedNodes)
      this.nextStartNodeIndex = (this.nextStartNodeIndex + processed) % allNodes.length;
      result.evaluatedNodes = processed;
    } else {
      result.evaluatedNodes = 1;
    }
    result.feasibleNodes = feasible.length;

    if (feasible.length === 0) {
      result.message = fitErrorMessage(allNodes.length, result.nodeStatuses);
      return result;
    }
    if (feasible.length === 1) {
      result.node = feasible[0].name;
      return result;
    }

    // PreScore / Score / NormalizeScore / weights
    const skipScore = new Set<SchedulerPlugin>();
    for (const p of this.profile.preScore) {
      if (!p.preScore) continue;
      const st = p.preScore(state, pod, feasible, feasibleRows);
      if (st === null) continue;
      if (st.code === 'Skip') skipScore.add(p);
      else return scoringError(result, `plugin ${p.name} PreScore failed: ${st.reasons.join(', ')}`);
    }
    const nFeasible = feasible.length;
    if (this.totalsBuf.length < nFeasible) this.totalsBuf = new Float64Array(Math.max(nFeasible, this.totalsBuf.length * 2));
    const totals = this.totalsBuf.subarray(0, nFeasible);
    const scores = this.scoresBuf;
    scores.length = nFeasible;
    // Raw scores of the node-local plugins from the spec's cache, the rows that changed scored now.
    const cachedScorers = specCache !== null && feasibleRows !== null ? this.cachedRawScores(state, pod, specCache, skipScore, feasible, feasibleRows) : null;
    // The cached scorers without NormalizeScore, all raw scores in [0, 100]: their weighted sum
    // per row is kept, added as the loop below would add each (integers: the order is exact)
    const summed = explanation === undefined && cachedScorers !== null && specCache!.outOfRange.every((o, j) => !o || specCache!.sumWeights[j] === 0);
    if (summed) {
      const sums = specCache!.sums;
      for (let i = 0; i < nFeasible; i++) totals[i] = sums[feasibleRows![i]];
    } else totals.fill(0);
    for (const { plugin, weight } of this.profile.score) {
      if (skipScore.has(plugin) || !plugin.score) {
        if (explanation) for (const n of feasible) explanation.get(n.name)!.scores[plugin.name] = { raw: 0, normalized: 0, weighted: 0 };
        continue;
      }
      const j = cachedScorers === null ? -1 : cachedScorers.indexOf(plugin);
      if (j >= 0) {
        if (summed && specCache!.sumWeights[j] !== 0) continue;
        const raw = specCache!.raws[j];
        const dn = plugin.defaultNormalize;
        if (dn !== undefined && explanation === undefined) {
          // the kept raw scores normalised as they are added (same numbers as normalizeScore)
          const bad = addDefaultNormalized(raw, feasibleRows!, nFeasible, dn.maxPriority, dn.reverse, weight, totals);
          if (bad !== null) {
            return scoringError(result, `plugin ${plugin.name} returns an invalid score ${bad}, it should in the range of [${MIN_NODE_SCORE}, ${MAX_NODE_SCORE}] after normalizing`);
          }
          continue;
        }
        for (let i = 0; i < nFeasible; i++) scores[i] = raw[feasibleRows![i]];
      } else scoreInto(plugin, state, pod, feasible, scores, feasibleRows);
      const raw = explanation ? [...scores] : undefined;
      if (plugin.normalizeScore) {
        const st = plugin.normalizeScore(state, pod, feasible, scores);
        if (st) return scoringError(result, `plugin ${plugin.name} NormalizeScore failed: ${st.reasons.join(', ')}`);
      }
      for (let i = 0; i < nFeasible; i++) {
        const s = scores[i];
        // out of [0, 100] or NaN
        if (!(s <= MAX_NODE_SCORE && s >= MIN_NODE_SCORE)) {
          return scoringError(result, `plugin ${plugin.name} returns an invalid score ${s}, it should in the range of [${MIN_NODE_SCORE}, ${MAX_NODE_SCORE}] after normalizing`);
        }
        totals[i] += s * weight;
      }
      if (explanation) for (let i = 0; i < nFeasible; i++) explanation.get(feasible[i].name)!.scores[plugin.name] = { raw: raw![i], normalized: scores[i], weighted: scores[i] * weight };
    }
    if (explanation) {
      for (let i = 0; i < feasible.length; i++) {
        const e = explanation.get(feasible[i].name)!;
        e.total = totals[i];
        e.scored = true;
      }
    }
    result.node = this.profile.tieBreak === 'nodeName' ? feasible[selectHostByName(totals, feasible)].name : feasible[selectHost(totals, this.rng)].name;
    return result;
  }
}

/** The plugin's raw scores of `nodes` into `scores` (its scoreNodes, else score per node). */
function scoreInto(p: SchedulerPlugin, state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], scores: number[], rows: ArrayLike<number> | null): void {
  if (p.scoreNodes) p.scoreNodes(state, pod, nodes, scores, rows);
  else for (let i = 0; i < nodes.length; i++) scores[i] = p.score!(state, pod, nodes[i]);
}

/**
 * A cycle that failed with an error (a PreScore or NormalizeScore failure, an invalid score):
 * the pod is not scheduled, no plugin rejected it (so no preemption, and the queue's error
 * back-off), and the message is the error's. mirrors schedule_one.go prioritizeNodes errors →
 * handleSchedulingFailure with an Error status
 */
function scoringError(result: ScheduleResult, message: string): ScheduleResult {
  result.node = null;
  result.error = message;
  result.message = message;
  return result;
}

/** The highest total; ties go to the smallest node name (the FGD paper simulator's selectHost). */
export function selectHostByName(totals: ArrayLike<number>, nodes: readonly NodeInfo[]): number {
  let best = 0;
  for (let i = 1; i < totals.length; i++) {
    if (totals[i] > totals[best] || (totals[i] === totals[best] && nodes[i].name < nodes[best].name)) best = i;
  }
  return best;
}

/**
 * kube-scheduler's FitError text: `0/N nodes are available: 3 Insufficient cpu, 2 node(s) ...`
 * (reasons counted over nodes and sorted). mirrors pkg/scheduler/framework/types.go FitError.Error
 */
export function fitErrorMessage(numAllNodes: number, statuses: ReadonlyMap<string, Status>, preFilterMsg = ''): string {
  let msg = `0/${numAllNodes} nodes are available:`;
  if (preFilterMsg !== '') return `${msg} ${preFilterMsg}.`;
  const counts = new Map<string, number>();
  for (const st of statuses.values()) for (const r of st.reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  const parts = [...counts].map(([r, c]) => `${c} ${r}`).sort();
  if (parts.length > 0) msg += ` ${parts.join(', ')}.`;
  return msg;
}
