/**
 * The scheduling framework's plugin contract (pkg/scheduler/framework/interface.go), reduced to
 * what a synchronous in-memory simulator needs. A plugin declares the extension points it
 * implements by having the method; the framework owns iteration, normalization and weighting.
 */
import type { ClusterState } from '../../model/cluster.ts';
import type { NodeInfo } from '../../model/node-info.ts';
import type { PodInfo } from '../../model/pod-info.ts';
import type { ClusterEventWithHint } from './events.ts';

/** Status codes (framework.Code). */
export type StatusCode = 'Success' | 'Error' | 'Unschedulable' | 'UnschedulableAndUnresolvable' | 'Skip';

/** A plugin's verdict with its reasons (framework.Status). `null` is used for Success on hot paths. */
export interface Status {
  readonly code: StatusCode;
  readonly reasons: readonly string[];
  /** Set by the framework: the plugin that returned this status. */
  plugin?: string;
}

/** Unschedulable: preemption might help. */
export function unschedulable(...reasons: string[]): Status {
  return { code: 'Unschedulable', reasons };
}

/** UnschedulableAndUnresolvable: preemption cannot help on this node. */
export function unresolvable(...reasons: string[]): Status {
  return { code: 'UnschedulableAndUnresolvable', reasons };
}

/**
 * A frozen status to return from Filter many times over: plugins keep one per reason instead of
 * allocating one per failing node, and the framework shares its copy with the plugin name set.
 */
export function sharedStatus(code: 'Unschedulable' | 'UnschedulableAndUnresolvable', reason: string): Status {
  return freezeStatus({ code, reasons: [reason] });
}

/** Freezes a status and its reasons (see {@link sharedStatus}). */
export function freezeStatus(st: Status): Status {
  Object.freeze(st.reasons);
  return Object.freeze(st);
}

/** An internal error: the pod fails this cycle. */
export function errorStatus(reason: string): Status {
  return { code: 'Error', reasons: [reason] };
}

/** Skip: from PreFilter, the plugin's Filter is not run; from PreScore, its Score is not run. */
export const SKIP: Status = Object.freeze({ code: 'Skip', reasons: [] }) as Status;

/** PreFilter may narrow the candidate nodes (framework.PreFilterResult). */
export interface PreFilterResult {
  readonly nodeNames: ReadonlySet<string>;
}

/** What PreFilter returns: null (success), a Status, or a node-name restriction. */
export type PreFilterOutput = Status | PreFilterResult | null;

/** True when a PreFilter output is a node restriction. */
export function isPreFilterResult(o: PreFilterOutput): o is PreFilterResult {
  return o !== null && 'nodeNames' in o;
}

/**
 * A quick filter test over a node's row of the cluster's NodeTable (`data`, `offset` = row ×
 * ROW_STRIDE) and the node itself: true only when the plugin's Filter passes the node.
 */
export type QuickFilter = (data: Float64Array, offset: number, node: NodeInfo) => boolean;

/** A quick filter that accepts every node (the plugin's Filter cannot fail this cycle). */
export const ACCEPT_ALL: QuickFilter = () => true;

/**
 * A quick filter test written as data over a node's NodeTable row: the framework fuses the
 * checks of every filter plugin into one pass, with no call per node and plugin. A node passes
 * when every field given holds; `{}` accepts every node. Like {@link QuickFilter}, passing must
 * imply that the plugin's Filter returns null for the node.
 */
export interface RowCheck {
  /** Flag bits of the row (COL_FLAGS) that must all be clear. */
  readonly flagsClear?: number;
  /**
   * Whether the Filter passes every node whose taints have this taint-set id (COL_TAINT_SET; never 0:
   * a node without taints passes). Asked at most once per id and cycle.
   */
  readonly taintSet?: (id: number) => boolean;
  /**
   * Free room needed: a pod slot (pods + 1 ≤ allowed pods), and allocatable − requested ≥ each
   * value that is > 0 (milli-CPU, memory bytes, ephemeral-storage bytes).
   */
  readonly fit?: { readonly milliCPU: number; readonly memory: number; readonly ephemeralStorage: number };
}

/** A {@link RowCheck} that accepts every node. */
export const ACCEPT_EVERY_ROW: RowCheck = Object.freeze({});

/** A value a plugin keeps in CycleState; cloned when preemption simulates on a copy of the state. */
export interface StateData {
  clone(): StateData;
}

/** Per-cycle scratch space shared by a plugin's extension points (framework.CycleState). */
export class CycleState {
  private readonly data = new Map<string, unknown>();
  /** Plugins whose PreFilter returned Skip: their Filter is not run in this cycle. */
  skipFilterPlugins: ReadonlySet<SchedulerPlugin> = new Set();
  /**
   * The Filter plugins that run this cycle (profile order, skipped ones removed), cached by the
   * framework for its per-node loop; valid for `filterListOf` and `filterListSkip` only.
   */
  filterList: readonly SchedulerPlugin[] | null = null;
  filterListOf: readonly SchedulerPlugin[] | null = null;
  filterListSkip: ReadonlySet<SchedulerPlugin> | null = null;

  /** Reads what a plugin wrote under `key`. */
  read<T>(key: string): T | undefined {
    return this.data.get(key) as T | undefined;
  }

  /** Stores a value under `key` for later extension points in the same cycle. */
  write(key: string, value: unknown): void {
    this.data.set(key, value);
  }

  /** A copy whose StateData values are cloned (CycleState.Clone). */
  clone(): CycleState {
    const c = new CycleState();
    c.skipFilterPlugins = this.skipFilterPlugins;
    c.filterList = this.filterList;
    c.filterListOf = this.filterListOf;
    c.filterListSkip = this.filterListSkip;
    for (const [k, v] of this.data) {
      const sd = v as Partial<StateData> | null;
      c.data.set(k, sd && typeof sd === 'object' && typeof sd.clone === 'function' ? sd.clone() : v);
    }
    return c;
  }
}

/** What plugins may read besides the pod and node: the whole cluster (the snapshot). */
export interface FrameworkHandle {
  readonly cluster: ClusterState;
}

/**
 * A scheduler plugin. Every method is optional; having it means implementing that extension point.
 * Built-in plugins and users' plugins share this contract.
 */
export interface SchedulerPlugin {
  readonly name: string;
  /**
   * True when Filter's verdict and Score's raw score depend only on the pod's spec and the node's
   * own state (its NodeInfo: labels, taints, allocatable, its pods' requests and ports), never on
   * other nodes or pods elsewhere: the framework may then reuse them for a pod with the same spec
   * on a node that did not change since (the kube-scheduler equivalence-class idea). A scorer whose
   * raw score also reads cluster-wide state may set it together with {@link scoreEpoch}.
   */
  readonly nodeLocal?: boolean;
  /**
   * For a `nodeLocal` scorer whose raw score also reads cluster-wide state that changes rarely
   * (ImageLocality: how many nodes hold each image, and how many nodes there are): a number that
   * moves whenever that state may have changed. Kept raw scores are used while the node's row is
   * unchanged and this number stands.
   */
  scoreEpoch?(): number;
  /**
   * Says that normalizeScore is exactly DefaultNormalizeScore(maxPriority, reverse) of the raw
   * scores (helper.defaultNormalizeScore): the framework may then normalise kept raw scores as it
   * adds them up, without calling normalizeScore.
   */
  readonly defaultNormalize?: { readonly maxPriority: number; readonly reverse: boolean };
  /** Computes per-cycle state; may return Skip, a failure, or a node restriction. */
  preFilter?(state: CycleState, pod: PodInfo): PreFilterOutput;
  /**
   * Incremental updates of PreFilter state when preemption removes pods or nominated pods are
   * added (framework.PreFilterExtensions AddPod/RemovePod).
   */
  addPod?(state: CycleState, pod: PodInfo, podToAdd: PodInfo, node: NodeInfo): void;
  removePod?(state: CycleState, pod: PodInfo, podToRemove: PodInfo, node: NodeInfo): void;
  /** null = the node fits. */
  filter?(state: CycleState, pod: PodInfo, node: NodeInfo): Status | null;
  /**
   * A sufficient test for this cycle's Filter, for the framework's filter window: called once
   * per cycle after PreFilter, it returns a test that is true of a node only when `filter`
   * would return null for it (or null: no test this cycle). Nodes some test does not accept go
   * through the plugins' `filter` as usual, so statuses and decisions are the same as without it.
   */
  quickFilter?(state: CycleState, pod: PodInfo): QuickFilter | null;
  /**
   * The quick test as data (see {@link RowCheck}); when it returns a check, the framework uses
   * it instead of `quickFilter`'s closure. Same contract: a node it accepts passes Filter.
   */
  rowCheck?(state: CycleState, pod: PodInfo): RowCheck | null;
  /**
   * Runs once over the feasible nodes before Score; Skip excludes this plugin's Score for the pod.
   * `nodes` (here and in scoreNodes/normalizeScore) belongs to the framework and is reused by
   * the next cycle: copy it to keep it. `rows`, when given, are the nodes' rows in the cluster's
   * NodeTable, as for scoreNodes.
   */
  preScore?(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], rows?: ArrayLike<number> | null): Status | null;
  /** Raw score of one feasible node. */
  score?(state: CycleState, pod: PodInfo, node: NodeInfo): number;
  /**
   * Batch form of Score: the raw score of every node of `nodes` into `scores` (same index). When
   * present it must give exactly what `score` gives per node; the framework then makes one call
   * per plugin and cycle instead of one per node. Built-in plugins implement it. `rows`, when
   * given, are the nodes' rows in the cluster's NodeTable (same order; it may be a longer reused
   * buffer: read its first `nodes.length` entries).
   */
  scoreNodes?(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], scores: number[], rows?: ArrayLike<number> | null): void;
  /** Rewrites `scores` (aligned with `nodes`) in place into [0, 100]. */
  normalizeScore?(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], scores: number[]): Status | null;
  /**
   * Reserve: runs on the chosen node just before the pod is bound (framework.ReservePlugin). No
   * built-in upstream plugin kubesim simulates has it; the GPU-sharing plugins use it to pick the
   * pod's GPU devices (PodInfo.gpuIndex).
   */
  reserve?(state: CycleState, pod: PodInfo, node: NodeInfo): void;
  /**
   * EnqueueExtensions: the cluster events that may make a pod this plugin rejected schedulable,
   * each with its queueing hint (framework.EnqueueExtensions EventsToRegister). A plugin without
   * it is registered for every event (upstream's default enqueue extension).
   */
  eventsToRegister?(): readonly ClusterEventWithHint[];
}

/** Builds a plugin from its pluginConfig args (already plain data) and the framework handle. */
export type PluginFactory = (args: Record<string, unknown> | undefined, handle: FrameworkHandle) => SchedulerPlugin;

/** Score bounds (framework.MaxNodeScore / MinNodeScore). */
export const MAX_NODE_SCORE = 100;
export const MIN_NODE_SCORE = 0;
