/**
 * PodTopologySpread: topology spread constraints, hard (DoNotSchedule → Filter) and soft
 * (ScheduleAnyway → Score), with the system default constraints for pods that declare none.
 * mirrors pkg/scheduler/framework/plugins/podtopologyspread/{plugin,common,filtering,scoring}.go (v1.35,
 * NodeInclusionPolicyInPodTopologySpread and MatchLabelKeysInPodTopologySpread on)
 */
import type { ClusterState } from '../../model/cluster.ts';
import { compileSelector, isEmptySelector, mapSelectorMatches, MATCH_NOTHING, type LabelMatcher, type Labels } from '../../model/labels.ts';
import { requiredNodeAffinity, type TermMatcher } from '../../model/node-affinity.ts';
import type { NodeInfo } from '../../model/node-info.ts';
import { labelsEpoch, type NodeTable } from '../../model/node-table.ts';
import { TopologyValuesByKey, type TopologyValues } from '../../model/topology-values.ts';
import { MISSING_VALUE, type SelectorCounts } from '../../model/selector-counts.ts';
import type { PodInfo } from '../../model/pod-info.ts';
import { doNotScheduleTaints, findUntoleratedTaint } from '../../model/taints.ts';
import type { LabelSelector, LabelSelectorRequirement, TopologySpreadConstraint, Toleration } from '../../model/types.ts';
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
import { Add, asNode, asPod, Delete, semanticEqual, UpdateNodeLabel, UpdateNodeTaint, UpdatePodLabel, UpdatePodToleration, type ClusterEventWithHint, type EventObject, type QueueingHint } from '../framework/events.ts';

/** The plugin's name in profiles and pluginConfig. */
export const NAME = 'PodTopologySpread';

/** Filter reasons, verbatim from upstream plugin.go. */
export const ERR_REASON_CONSTRAINTS_NOT_MATCH = "node(s) didn't match pod topology spread constraints";
export const ERR_REASON_NODE_LABEL_NOT_MATCH = ERR_REASON_CONSTRAINTS_NOT_MATCH + ' (missing required label)';

const NODE_LABEL_NOT_MATCH = sharedStatus('UnschedulableAndUnresolvable', ERR_REASON_NODE_LABEL_NOT_MATCH);
const CONSTRAINTS_NOT_MATCH = sharedStatus('Unschedulable', ERR_REASON_CONSTRAINTS_NOT_MATCH);

const LABEL_HOSTNAME = 'kubernetes.io/hostname';
const LABEL_TOPOLOGY_ZONE = 'topology.kubernetes.io/zone';
const PRE_FILTER_STATE_KEY = 'PreFilter' + NAME;
const PRE_SCORE_STATE_KEY = 'PreScore' + NAME;
const MAX_INT32 = 2147483647;

/** Constraint actions. */
export type UnsatisfiableConstraintAction = 'DoNotSchedule' | 'ScheduleAnyway';
/** v1.NodeInclusionPolicy. */
export type NodeInclusionPolicy = 'Honor' | 'Ignore';

/** The built-in defaults used with defaultingType System. mirrors plugin.go systemDefaultConstraints */
export const SYSTEM_DEFAULT_CONSTRAINTS: readonly TopologySpreadConstraint[] = Object.freeze([
  { topologyKey: LABEL_HOSTNAME, whenUnsatisfiable: 'ScheduleAnyway', maxSkew: 3 },
  { topologyKey: LABEL_TOPOLOGY_ZONE, whenUnsatisfiable: 'ScheduleAnyway', maxSkew: 5 },
]);

/** PodTopologySpreadArgs (kubescheduler.config.k8s.io/v1) after defaulting. */
export interface PodTopologySpreadArgs {
  defaultConstraints: TopologySpreadConstraint[];
  defaultingType: 'System' | 'List';
}

const ARG_FIELDS = new Set(['apiVersion', 'kind', 'defaultConstraints', 'defaultingType']);
const LABEL_NAME_RE = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)$/;

/**
 * Defaults and validates PodTopologySpreadArgs; every problem is reported, as an aggregate.
 * mirrors apis/config/v1 SetDefaults_PodTopologySpreadArgs and validation ValidatePodTopologySpreadArgs
 */
export function parsePodTopologySpreadArgs(args: Record<string, unknown> | undefined): PodTopologySpreadArgs {
  const a = args ?? {};
  for (const k of Object.keys(a)) if (!ARG_FIELDS.has(k)) throw new Error(`PodTopologySpreadArgs: unknown field "${k}"`);
  const errs: string[] = [];
  const defaultingType = a.defaultingType ?? 'System';
  const raw = a.defaultConstraints ?? [];
  if (!Array.isArray(raw)) throw new Error(`defaultConstraints: Invalid value: must be a list`);
  const constraints = raw as TopologySpreadConstraint[];
  if (defaultingType !== 'System' && defaultingType !== 'List') {
    errs.push(`defaultingType: Unsupported value: ${JSON.stringify(defaultingType)}: supported values: "List", "System"`);
  } else if (defaultingType === 'System' && constraints.length > 0) {
    errs.push(`defaultingType: Invalid value: "System": when .defaultConstraints are not empty`);
  }
  constraints.forEach((c, i) => {
    const p = `defaultConstraints[${i}]`;
    if (typeof c !== 'object' || c === null) {
      errs.push(`${p}: Invalid value: must be an object`);
      return;
    }
    if (typeof c.maxSkew !== 'number' || !Number.isInteger(c.maxSkew) || c.maxSkew <= 0) {
      errs.push(`${p}.maxSkew: Invalid value: ${JSON.stringify(c.maxSkew)}: not in valid range (0, inf)`);
    }
    if (!c.topologyKey) errs.push(`${p}.topologyKey: Required value: can not be empty`);
    else if (!LABEL_NAME_RE.test(c.topologyKey)) errs.push(`${p}.topologyKey: Invalid value: ${JSON.stringify(c.topologyKey)}: not a valid label key`);
    if (!c.whenUnsatisfiable) errs.push(`${p}.whenUnsatisfiable: Required value: can not be empty`);
    else if (c.whenUnsatisfiable !== 'DoNotSchedule' && c.whenUnsatisfiable !== 'ScheduleAnyway') {
      errs.push(`${p}.whenUnsatisfiable: Unsupported value: ${JSON.stringify(c.whenUnsatisfiable)}: supported values: "DoNotSchedule", "ScheduleAnyway"`);
    }
    if (c.labelSelector !== undefined && c.labelSelector !== null) {
      errs.push(`${p}.labelSelector: Forbidden: constraint must not define a selector, as they deduced for each pod`);
    }
    for (let j = 0; j < i; j++) {
      const o = constraints[j];
      if (o && o.topologyKey === c.topologyKey && o.whenUnsatisfiable === c.whenUnsatisfiable) {
        errs.push(`${p}: Duplicate value: "{${c.topologyKey}, ${c.whenUnsatisfiable}}"`);
        break;
      }
    }
  });
  if (errs.length === 1) throw new Error(errs[0]);
  if (errs.length > 1) throw new Error(`[${errs.join(', ')}]`);
  return { defaultConstraints: constraints, defaultingType: defaultingType as 'System' | 'List' };
}

/**
 * A constraint's selector: the matcher, whether it is empty (`{}`: counts nothing but matches
 * the pod itself) and its LabelSelector form for index lookups (null: nil, matches nothing).
 */
export interface SpreadSelector {
  readonly matches: LabelMatcher;
  readonly empty: boolean;
  readonly selector: LabelSelector | null;
}

const NOTHING: SpreadSelector = Object.freeze({ matches: MATCH_NOTHING, empty: false, selector: null });

function spreadSelector(sel: LabelSelector | null): SpreadSelector {
  if (sel === null) return NOTHING;
  return { matches: compileSelector(sel), empty: isEmptySelector(sel), selector: sel };
}

/** A constraint as the plugin uses it (topologySpreadConstraint). */
export interface SpreadConstraint {
  readonly maxSkew: number;
  readonly topologyKey: string;
  readonly selector: SpreadSelector;
  readonly minDomains: number;
  readonly nodeAffinityPolicy: NodeInclusionPolicy;
  readonly nodeTaintsPolicy: NodeInclusionPolicy;
}

function requirementsOf(sel: LabelSelector): LabelSelectorRequirement[] {
  const out: LabelSelectorRequirement[] = [];
  for (const k in sel.matchLabels ?? {}) out.push({ key: k, operator: 'In', values: [sel.matchLabels![k]] });
  for (const r of sel.matchExpressions ?? []) out.push(r);
  return out;
}

/** ANDs `key=value` for each matchLabelKeys key the pod carries into the selector. mirrors common.go mergeLabelSetWithSelector */
function mergeMatchLabelKeys(sel: LabelSelector | null | undefined, keys: readonly string[] | undefined, podLabels: Labels): LabelSelector | null {
  if (sel === null || sel === undefined) return null; // labels.Nothing(): nothing is merged
  if (!keys || keys.length === 0 || podLabels === undefined) return sel;
  const set: Record<string, string> = {};
  let any = false;
  for (const k of keys) {
    if (k in podLabels) {
      set[k] = podLabels[k];
      any = true;
    }
  }
  if (!any) return sel;
  return { matchLabels: set, matchExpressions: requirementsOf(sel) };
}

/** mirrors common.go filterTopologySpreadConstraints */
function filterConstraints(constraints: readonly TopologySpreadConstraint[], podLabels: Labels, action: UnsatisfiableConstraintAction): SpreadConstraint[] {
  const out: SpreadConstraint[] = [];
  for (const c of constraints) {
    if (c.whenUnsatisfiable !== action) continue;
    out.push({
      maxSkew: c.maxSkew,
      topologyKey: c.topologyKey,
      selector: spreadSelector(mergeMatchLabelKeys(c.labelSelector, c.matchLabelKeys, podLabels)),
      minDomains: c.minDomains ?? 1,
      nodeAffinityPolicy: c.nodeAffinityPolicy ?? 'Honor',
      nodeTaintsPolicy: c.nodeTaintsPolicy ?? 'Ignore',
    });
  }
  return out;
}

/**
 * The selector deduced from the Services selecting the pod and its controlling ReplicaSet or
 * StatefulSet; null when empty. mirrors pkg/scheduler/framework/plugins/helper/spread.go DefaultSelector
 * (ReplicationControllers are not modelled by ClusterState).
 */
export function defaultSelector(cluster: ClusterState, pod: PodInfo): LabelSelector | null {
  const matchLabels: Record<string, string> = {};
  let any = false;
  for (const svc of cluster.services.values()) {
    if ((svc.metadata.namespace ?? 'default') !== pod.namespace) continue;
    const s = svc.spec?.selector;
    // Services with a nil selector match nothing, not everything.
    if (s === undefined || s === null) continue;
    if (!mapSelectorMatches(s, pod.labels)) continue;
    for (const k in s) {
      matchLabels[k] = s[k];
      any = true;
    }
  }
  const expressions: LabelSelectorRequirement[] = [];
  const owner = pod.pod.metadata.ownerReferences?.find((r) => r.controller);
  if (owner && owner.apiVersion === 'apps/v1' && (owner.kind === 'ReplicaSet' || owner.kind === 'StatefulSet')) {
    const w = cluster.workloads[owner.kind].get(`${pod.namespace}/${owner.name}`);
    const sel = (w?.spec as { selector?: LabelSelector | null } | undefined)?.selector;
    if (sel) expressions.push(...requirementsOf(sel));
  }
  if (!any && expressions.length === 0) return null;
  return { matchLabels, matchExpressions: expressions };
}

const NO_COUNTS: ReadonlyMap<NodeInfo, number> = new Map();

/**
 * Pods per node matching a selector: the non-terminating pods in `namespace` (nodes with none
 * left out). Counted once per (namespace, selector), then kept by the cluster's
 * SelectorCountIndex as pods come and go. mirrors common.go countPodsMatchSelector
 */
function countByNode(cluster: ClusterState, sel: SpreadSelector, namespace: string): ReadonlyMap<NodeInfo, number> {
  // Empty and nil selectors count nothing.
  if (sel.empty || sel.selector === null) return NO_COUNTS;
  const index = cluster.affinityIndex.selectorCounts;
  const kept = index.get(namespace, sel.selector);
  if (kept !== undefined) return kept.byNode;
  return index.register(namespace, sel.selector, sel.matches, scanByNode(cluster, sel, namespace)).byNode;
}

/** The cluster's kept counts of a selector (registered by {@link countByNode}), or null for empty and nil selectors. */
function keptCountsOf(cluster: ClusterState, sel: SpreadSelector, namespace: string): SelectorCounts | null {
  if (sel.empty || sel.selector === null) return null;
  countByNode(cluster, sel, namespace);
  return cluster.affinityIndex.selectorCounts.get(namespace, sel.selector) ?? null;
}

/** {@link countByNode} counted over the cluster's bound pods. */
function scanByNode(cluster: ClusterState, sel: SpreadSelector, namespace: string): Map<NodeInfo, number> {
  const counts = new Map<NodeInfo, number>();
  if (sel.selector === null) return counts;
  const matches = sel.matches;
  forEachCandidatePod(cluster, sel.selector, new Set([namespace]), (p, node) => {
    if (p.namespace !== namespace || p.pod.metadata.deletionTimestamp) return;
    if (matches(p.labels)) counts.set(node, (counts.get(node) ?? 0) + 1);
  });
  return counts;
}

function nodeHasAllKeys(labels: Labels, constraints: readonly SpreadConstraint[]): boolean {
  if (labels === undefined) return constraints.length === 0;
  for (const c of constraints) if (!(c.topologyKey in labels)) return false;
  return true;
}

/** Evaluates node inclusion policies for one node, caching the two checks across constraints. */
class Inclusion {
  private affinityOk: boolean | undefined;
  private taintsOk: boolean | undefined;
  private node: NodeInfo | null = null;

  constructor(
    private readonly affinity: TermMatcher | null,
    private readonly tolerations: readonly Toleration[] | undefined,
  ) {}

  /** True when every node passes both policies for all `constraints` (the usual case). */
  trivialFor(constraints: readonly SpreadConstraint[]): boolean {
    for (const c of constraints) {
      if (c.nodeTaintsPolicy === 'Honor') return false;
      if (c.nodeAffinityPolicy === 'Honor' && this.affinity !== null) return false;
    }
    return true;
  }

  reset(node: NodeInfo): void {
    this.node = node;
    this.affinityOk = undefined;
    this.taintsOk = undefined;
  }

  /** mirrors common.go matchNodeInclusionPolicies */
  matches(c: SpreadConstraint): boolean {
    const node = this.node!;
    if (c.nodeAffinityPolicy === 'Honor' && this.affinity !== null) {
      if (this.affinityOk === undefined) this.affinityOk = this.affinity(node);
      if (!this.affinityOk) return false;
    }
    if (c.nodeTaintsPolicy === 'Honor') {
      if (this.taintsOk === undefined) {
        this.taintsOk = findUntoleratedTaint(node.taints, this.tolerations, doNotScheduleTaints) === undefined;
      }
      if (!this.taintsOk) return false;
    }
    return true;
  }
}

function newInclusion(pod: PodInfo, constraints: readonly SpreadConstraint[]): Inclusion {
  const spec = pod.pod.spec;
  const needsAffinity =
    constraints.some((c) => c.nodeAffinityPolicy === 'Honor') &&
    (spec.nodeSelector !== undefined || spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution !== undefined);
  return new Inclusion(needsAffinity ? requiredNodeAffinity(pod.pod) : null, spec.tolerations);
}

/**
 * Matching pods per domain of one constraint (one entry of upstream's TpValueToMatchNum): a
 * shared, read-only map of every domain at 0 plus this cycle's changes, so a hostname
 * constraint over thousands of nodes does not copy thousands of entries per cycle.
 */
export class DomainCounts {
  private extra = 0;

  constructor(
    private readonly base: ReadonlyMap<string, number> = EMPTY_DOMAINS,
    private readonly delta: Map<string, number> = new Map(),
  ) {}

  /** Number of domains. */
  get size(): number {
    return this.base.size + this.extra;
  }

  /** Matches in the domain; 0 for an unknown domain. */
  get(value: string): number {
    return this.delta.get(value) ?? 0;
  }

  /** Adds `delta` to a domain (creating it) and returns the new count. */
  add(value: string, delta: number): number {
    const cur = this.delta.get(value);
    if (cur === undefined && !this.base.has(value)) this.extra++;
    const next = (cur ?? 0) + delta;
    this.delta.set(value, next);
    return next;
  }

  /** Every (domain, count). */
  *entries(): IterableIterator<[string, number]> {
    for (const [v, n] of this.delta) yield [v, n];
    for (const v of this.base.keys()) if (!this.delta.has(v)) yield [v, 0];
  }

  /** Critical paths: changed domains, then zero-count domains until two are found (nothing is below 0 here). */
  criticalPaths(): CriticalPaths {
    const p = new CriticalPaths();
    for (const [v, n] of this.delta) p.update(v, n);
    let zeros = 0;
    for (const v of this.base.keys()) {
      if (this.delta.has(v)) continue;
      p.update(v, 0);
      if (++zeros === 2) break;
    }
    return p;
  }

  clone(): DomainCounts {
    const c = new DomainCounts(this.base, new Map(this.delta));
    c.extra = this.extra;
    return c;
  }
}

const EMPTY_DOMAINS: ReadonlyMap<string, number> = new Map();

/** Domains (all at 0) of every node carrying all of some topology keys, valid for one node list. */
interface DomainSkeleton {
  nodes: readonly NodeInfo[];
  labels: Labels[];
  bases: Map<string, number>[];
  /** The label epoch in which `labels` was last found to be the nodes' labels. */
  epoch: number;
}

/** The two domains with the fewest matches (criticalPaths); [0] always holds the minimum. */
export class CriticalPaths {
  v0 = '';
  n0 = MAX_INT32;
  v1 = '';
  n1 = MAX_INT32;

  /** mirrors filtering.go criticalPaths.update */
  update(value: string, num: number): void {
    let i = -1;
    if (value === this.v0) i = 0;
    else if (value === this.v1) i = 1;
    if (i >= 0) {
      if (i === 0) this.n0 = num;
      else this.n1 = num;
      if (this.n0 > this.n1) {
        const v = this.v0;
        const n = this.n0;
        this.v0 = this.v1;
        this.n0 = this.n1;
        this.v1 = v;
        this.n1 = n;
      }
    } else if (num < this.n0) {
      this.v1 = this.v0;
      this.n1 = this.n0;
      this.v0 = value;
      this.n0 = num;
    } else if (num < this.n1) {
      this.v1 = value;
      this.n1 = num;
    }
  }

  clone(): CriticalPaths {
    const c = new CriticalPaths();
    c.v0 = this.v0;
    c.n0 = this.n0;
    c.v1 = this.v1;
    c.n1 = this.n1;
    return c;
  }
}

/** PreFilter result (preFilterState): per constraint, matches per domain and the critical paths. */
export class PodTopologySpreadPreFilterState implements StateData {
  constructor(
    readonly constraints: readonly SpreadConstraint[],
    readonly tpValueToMatchNum: DomainCounts[],
    readonly criticalPaths: CriticalPaths[],
    /** Per constraint: the incoming pod matches the selector itself. */
    readonly selfMatch: readonly number[],
  ) {}

  /** The global minimum for skew, 0 while fewer than minDomains domains exist. mirrors filtering.go minMatchNum */
  minMatchNum(i: number): number {
    if (this.tpValueToMatchNum[i].size < this.constraints[i].minDomains) return 0;
    return this.criticalPaths[i].n0;
  }

  /** Deep copy of the counts; constraints are shared. */
  clone(): PodTopologySpreadPreFilterState {
    return new PodTopologySpreadPreFilterState(
      this.constraints,
      this.tpValueToMatchNum.map((m) => m.clone()),
      this.criticalPaths.map((p) => p.clone()),
      this.selfMatch,
    );
  }
}

/** PreScore result (preScoreState). */
export class PodTopologySpreadPreScoreState implements StateData {
  constructor(
    readonly constraints: readonly SpreadConstraint[],
    /** Feasible nodes missing some topology key (only when all topologies are required). */
    readonly ignoredNodes: ReadonlySet<string>,
    /** Per non-hostname constraint: matching pods per domain seen among the feasible nodes. */
    readonly topologyValueToPodCounts: Map<string, number>[],
    /** Per hostname constraint: matching pods per node (upstream counts them in Score). */
    readonly nodeCounts: (ReadonlyMap<NodeInfo, number> | null)[],
    readonly topologyNormalizingWeight: readonly number[],
    /** Per constraint: the value ids of its key, and (non-hostname) topologyValueToPodCounts by id. */
    readonly valueIds: readonly TopologyValues[] | null = null,
    readonly countsById: readonly Float64Array[] | null = null,
    /** Per hostname constraint: nodeCounts by node-table row (the cluster's kept counts), or null. */
    readonly nodeCountsByRow: readonly (SelectorCounts | null)[] | null = null,
    /** The node table those rows are of (the cluster's). */
    readonly rowTable: NodeTable | null = null,
  ) {}

  /** Not copied, as upstream: nothing changes it after PreScore. */
  clone(): PodTopologySpreadPreScoreState {
    return this;
  }
}

const NO_IDS = new Float64Array(0);

/** mirrors scoring.go topologyNormalizingWeight */
export function topologyNormalizingWeight(size: number): number {
  return Math.log(size + 2);
}

/** Σ (matches · weight + maxSkew − 1), rounded; ignored nodes 0. mirrors scoring.go Score */
function scoreNode(s: PodTopologySpreadPreScoreState, node: NodeInfo): number {
  if (s.ignoredNodes.size > 0 && s.ignoredNodes.has(node.name)) return 0;
  const labels = node.labels;
  if (labels === undefined) return 0;
  // the same sum, with the node's values read by id (by row for a node of the cluster's table)
  if (s.valueIds !== null && s.countsById !== null) return scoreNodeAtRow(s, node, node.table === s.rowTable ? node.row : -1);
  let score = 0;
  const constraints = s.constraints;
  for (let i = 0; i < constraints.length; i++) {
    const c = constraints[i];
    const v = labels[c.topologyKey];
    if (v === undefined) continue;
    const hostCounts = s.nodeCounts[i];
    const cnt = hostCounts !== null ? (hostCounts.get(node) ?? 0) : (s.topologyValueToPodCounts[i].get(v) ?? 0);
    score += cnt * s.topologyNormalizingWeight[i] + (c.maxSkew - 1);
  }
  return goRound(score);
}

/**
 * {@link scoreNode} with the node's values read by id (s.valueIds and s.countsById set): by row
 * when `row` is the node's row in s.rowTable, else (−1) from its labels. A node without labels
 * has no value of any key, so the sum is 0 for it, as scoreNode's early return.
 */
function scoreNodeAtRow(s: PodTopologySpreadPreScoreState, node: NodeInfo, row: number): number {
  if (s.ignoredNodes.size > 0 && s.ignoredNodes.has(node.name)) return 0;
  let score = 0;
  const constraints = s.constraints;
  const ids = s.valueIds!;
  const countsById = s.countsById!;
  for (let i = 0; i < constraints.length; i++) {
    const id = row >= 0 ? ids[i].ofRow(row, node) : ids[i].of(node);
    if (id < 0) continue;
    const hostCounts = s.nodeCounts[i];
    let cnt: number;
    if (hostCounts === null) {
      const byId = countsById[i];
      cnt = id < byId.length ? byId[id] : 0;
    } else {
      const kept = s.nodeCountsByRow === null ? null : s.nodeCountsByRow[i];
      // a node of the cluster: its row of the kept counts (0 past the end)
      cnt = kept !== null && row >= 0 ? (row < kept.byRow.length ? kept.byRow[row] : 0) : (hostCounts.get(node) ?? 0);
    }
    score += cnt * s.topologyNormalizingWeight[i] + (constraints[i].maxSkew - 1);
  }
  return goRound(score);
}

/** matches + self − global minimum ≤ maxSkew for every constraint. mirrors filtering.go Filter */
function filterNode(s: PodTopologySpreadPreFilterState, node: NodeInfo): Status | null {
  const labels = node.labels;
  const constraints = s.constraints;
  for (let i = 0; i < constraints.length; i++) {
    const c = constraints[i];
    const v = labels?.[c.topologyKey];
    if (v === undefined) return NODE_LABEL_NOT_MATCH;
    const skew = s.tpValueToMatchNum[i].get(v) + s.selfMatch[i] - s.minMatchNum(i);
    if (skew > c.maxSkew) return CONSTRAINTS_NOT_MATCH;
  }
  return null;
}

/** Go's math.Round: half away from zero. */
function goRound(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

/** What a remembered buildDefaultConstraints result was built from (see newPodTopologySpread). */
interface DefaultsMemo {
  namespace: string;
  owner: string;
  ownerSelector: LabelSelector | null | undefined;
  /** cluster.services.version when the result was built. */
  services: number;
  result: SpreadConstraint[];
}

/** Builds the plugin. */
export const newPodTopologySpread: PluginFactory = (rawArgs, handle: FrameworkHandle): SchedulerPlugin => {
  const args = parsePodTopologySpreadArgs(rawArgs);
  const cluster: ClusterState = handle.cluster;
  const systemDefaulted = args.defaultingType === 'System';
  const defaults: readonly TopologySpreadConstraint[] = systemDefaulted ? SYSTEM_DEFAULT_CONSTRAINTS : args.defaultConstraints;

  /**
   * buildDefaultConstraints' last result per pod labels object (pods of one template share it)
   * and action, with what it was built from: the namespace, the controller, the Services' version
   * and the controller's selector object. Reused while all of them are the same.
   */
  const defaultsMemo = new WeakMap<object, Map<UnsatisfiableConstraintAction, DefaultsMemo>>();

  function ownerOf(pod: PodInfo): { key: string; selector: LabelSelector | null | undefined } {
    const owner = pod.pod.metadata.ownerReferences?.find((r) => r.controller);
    if (!owner || owner.apiVersion !== 'apps/v1' || (owner.kind !== 'ReplicaSet' && owner.kind !== 'StatefulSet')) return { key: '', selector: undefined };
    const w = cluster.workloads[owner.kind].get(`${pod.namespace}/${owner.name}`);
    return { key: `${owner.kind}/${owner.name}`, selector: (w?.spec as { selector?: LabelSelector | null } | undefined)?.selector };
  }

  function sameInputs(m: DefaultsMemo, pod: PodInfo, owner: { key: string; selector: LabelSelector | null | undefined }): boolean {
    if (m.namespace !== pod.namespace || m.owner !== owner.key || m.ownerSelector !== owner.selector) return false;
    return m.services === cluster.services.version;
  }

  /** mirrors common.go buildDefaultConstraints (the same result for the same inputs, remembered) */
  function buildDefaultConstraints(pod: PodInfo, action: UnsatisfiableConstraintAction): SpreadConstraint[] {
    const labels = pod.labels;
    if (labels === undefined) return buildDefaultConstraintsAfresh(pod, action);
    const owner = ownerOf(pod);
    let byAction = defaultsMemo.get(labels);
    const hit = byAction?.get(action);
    if (hit !== undefined && sameInputs(hit, pod, owner)) return hit.result;
    const result = buildDefaultConstraintsAfresh(pod, action);
    if (byAction === undefined) defaultsMemo.set(labels, (byAction = new Map()));
    byAction.set(action, { namespace: pod.namespace, owner: owner.key, ownerSelector: owner.selector, services: cluster.services.version, result });
    return result;
  }

  function buildDefaultConstraintsAfresh(pod: PodInfo, action: UnsatisfiableConstraintAction): SpreadConstraint[] {
    const constraints = filterConstraints(defaults, pod.labels, action);
    if (constraints.length === 0) return constraints;
    const sel = defaultSelector(cluster, pod);
    if (sel === null) return [];
    const s = spreadSelector(sel);
    return constraints.map((c) => ({ ...c, selector: s }));
  }

  /** The pod's own constraints for `action`, else the defaults. mirrors plugin.go getConstraints / scoring.go initPreScoreState */
  function getConstraints(pod: PodInfo, action: UnsatisfiableConstraintAction): SpreadConstraint[] {
    const own = pod.pod.spec.topologySpreadConstraints;
    if (own && own.length > 0) return filterConstraints(own, pod.labels, action);
    return buildDefaultConstraints(pod, action);
  }

  /** Per-node counts for each constraint, sharing the work between constraints with one selector. */
  function countsFor(constraints: readonly SpreadConstraint[], namespace: string): ReadonlyMap<NodeInfo, number>[] {
    const bySelector = new Map<SpreadSelector, ReadonlyMap<NodeInfo, number>>();
    return constraints.map((c) => {
      let m = bySelector.get(c.selector);
      if (m === undefined) bySelector.set(c.selector, (m = countByNode(cluster, c.selector, namespace)));
      return m;
    });
  }

  const skeletons = new Map<string, DomainSkeleton>();

  /** The cached domain skeleton for `keys`, rebuilt when the node list or any node's labels changed. */
  function skeleton(keys: readonly string[]): DomainSkeleton {
    const sig = keys.join('\u0000');
    const nodes = cluster.nodeList();
    const cached = skeletons.get(sig);
    const epoch = labelsEpoch();
    // no node relabelled and no row given to a node since: valid without reading every node
    if (cached && cached.nodes === nodes && cached.epoch === epoch) return cached;
    if (cached && cached.nodes === nodes) {
      let same = true;
      for (let j = 0; j < nodes.length; j++) {
        if (nodes[j].labels !== cached.labels[j]) {
          same = false;
          break;
        }
      }
      if (same) {
        cached.epoch = epoch;
        return cached;
      }
    }
    const bases = keys.map(() => new Map<string, number>());
    for (const node of nodes) {
      const labels = node.labels;
      if (labels === undefined) continue;
      let all = true;
      for (const k of keys) if (!(k in labels)) all = false;
      if (!all) continue;
      for (let i = 0; i < keys.length; i++) bases[i].set(labels[keys[i]], 0);
    }
    const sk = { nodes, labels: nodes.map((n) => n.labels), bases, epoch };
    skeletons.set(sig, sk);
    return sk;
  }

  /** mirrors filtering.go calPreFilterState */
  function calPreFilterState(pod: PodInfo): PodTopologySpreadPreFilterState | null {
    const constraints = getConstraints(pod, 'DoNotSchedule');
    if (constraints.length === 0) return null;
    const n = constraints.length;
    const counts = countsFor(constraints, pod.namespace);
    const keys = constraints.map((c) => c.topologyKey);
    const inclusion = newInclusion(pod, constraints);
    let matchNum: DomainCounts[];
    if (inclusion.trivialFor(constraints)) {
      // Every node with all keys is included: the domains do not depend on the pod, and only
      // nodes holding matching pods change a count.
      const sk = skeleton(keys);
      matchNum = sk.bases.map((b) => new DomainCounts(b));
      for (let i = 0; i < n; i++) {
        for (const [node, cnt] of counts[i]) {
          const labels = node.labels;
          if (nodeHasAllKeys(labels, constraints)) matchNum[i].add(labels![keys[i]], cnt);
        }
      }
    } else {
      matchNum = constraints.map(() => new DomainCounts());
      for (const node of cluster.nodeList()) {
        const labels = node.labels;
        if (!nodeHasAllKeys(labels, constraints)) continue;
        inclusion.reset(node);
        for (let i = 0; i < n; i++) {
          if (!inclusion.matches(constraints[i])) continue;
          matchNum[i].add(labels![keys[i]], counts[i].get(node) ?? 0);
        }
      }
    }
    const paths = matchNum.map((m) => m.criticalPaths());
    const selfMatch = constraints.map((c) => (c.selector.matches(pod.labels) ? 1 : 0));
    return new PodTopologySpreadPreFilterState(constraints, matchNum, paths, selfMatch);
  }

  /** mirrors filtering.go updateWithPod */
  function updateWithPod(s: PodTopologySpreadPreFilterState, updated: PodInfo, preemptor: PodInfo, node: NodeInfo, delta: number): void {
    if (updated.namespace !== preemptor.namespace) return;
    const labels = node.labels;
    if (!nodeHasAllKeys(labels, s.constraints)) return;
    const inclusion = newInclusion(preemptor, s.constraints);
    inclusion.reset(node);
    for (let i = 0; i < s.constraints.length; i++) {
      const c = s.constraints[i];
      if (!c.selector.matches(updated.labels)) continue;
      if (!inclusion.matches(c)) continue;
      const v = labels![c.topologyKey];
      s.criticalPaths[i].update(v, s.tpValueToMatchNum[i].add(v, delta));
    }
  }

  /** mirrors scoring.go initPreScoreState + PreScore */
  /** A pod is involved when it is the pod itself, or assigned in the pod's namespace. mirrors plugin.go involvedInTopologySpreading */
  const involved = (incoming: PodInfo, pod: PodInfo): boolean => incoming.key === pod.key || (incoming.nodeName !== '' && incoming.namespace === pod.namespace);

  /** mirrors plugin.go isSchedulableAfterPodChange */
  const afterPodChange = (pod: PodInfo, oldObj: EventObject, newObj: EventObject): QueueingHint => {
    const original = asPod(oldObj);
    const modified = asPod(newObj);
    if ((modified !== null && !involved(modified, pod)) || (original !== null && !involved(original, pod))) return 'QueueSkip';
    const constraints = getConstraints(pod, 'DoNotSchedule');
    if (modified !== null && original !== null) {
      if (modified.key === pod.key && !semanticEqual(modified.pod.spec.tolerations, original.pod.spec.tolerations) && constraints.some((c) => c.nodeTaintsPolicy === 'Honor')) return 'Queue';
      if (semanticEqual(modified.labels, original.labels)) return 'QueueSkip';
      for (const c of constraints) if (c.selector.matches(original.labels ?? {}) !== c.selector.matches(modified.labels ?? {})) return 'Queue';
      return 'QueueSkip';
    }
    const p = modified ?? original;
    if (p === null) return 'Queue';
    // podLabelsMatchSpreadConstraints: some constraint's selector matches the pod's labels
    for (const c of constraints) if (c.selector.matches(p.labels ?? {})) return 'Queue';
    return 'QueueSkip';
  };

  /** mirrors plugin.go isSchedulableAfterNodeChange */
  const afterNodeChange = (pod: PodInfo, oldObj: EventObject, newObj: EventObject): QueueingHint => {
    const original = asNode(oldObj);
    const modified = asNode(newObj);
    const constraints = getConstraints(pod, 'DoNotSchedule');
    const originalMatching = original !== null && nodeHasAllKeys(original.metadata.labels ?? {}, constraints);
    const modifiedMatching = modified !== null && nodeHasAllKeys(modified.metadata.labels ?? {}, constraints);
    if (original !== null && modified !== null) {
      if (originalMatching !== modifiedMatching) return 'Queue';
      const ol = original.metadata.labels ?? {};
      const ml = modified.metadata.labels ?? {};
      const keysChanged = constraints.some((c) => ol[c.topologyKey] !== ml[c.topologyKey]);
      if (modifiedMatching && (keysChanged || !semanticEqual(original.spec?.taints, modified.spec?.taints))) return 'Queue';
      return 'QueueSkip';
    }
    if (modified !== null) return modifiedMatching ? 'Queue' : 'QueueSkip';
    return originalMatching ? 'Queue' : 'QueueSkip';
  };

  /** mirrors plugin.go EventsToRegister (queueing hints enabled) */
  const events: readonly ClusterEventWithHint[] = [
    { event: { resource: 'Pod', actionType: Add | UpdatePodLabel | UpdatePodToleration | Delete }, hint: afterPodChange },
    { event: { resource: 'Node', actionType: Add | Delete | UpdateNodeLabel | UpdateNodeTaint }, hint: afterNodeChange },
  ];

  const keptCounts = (sel: SpreadSelector, namespace: string): SelectorCounts | null => keptCountsOf(cluster, sel, namespace);
  const idsByKey = new TopologyValuesByKey();
  /** Numbers the PreScore passes (for TopologyValues' per-pass marks). */
  let pass = 0;

  function calPreScoreState(pod: PodInfo, filteredNodes: readonly NodeInfo[], rows?: ArrayLike<number> | null): PodTopologySpreadPreScoreState | null {
    const constraints = getConstraints(pod, 'ScheduleAnyway');
    if (constraints.length === 0) return null;
    const own = pod.pod.spec.topologySpreadConstraints;
    // Only non-system-default spreading requires every topology label; nodes without a
    // zone can then still be spread by hostname.
    const requireAll = (own !== undefined && own.length > 0) || !systemDefaulted;
    const n = constraints.length;
    const ignored = new Set<string>();
    const tpCounts: Map<string, number>[] = constraints.map(() => new Map());
    const topoSize = new Array<number>(n).fill(0);
    // Domains seen among the feasible nodes, by value id, in the order first seen; a node
    // without the key is in the domain "" (as upstream reads a missing label).
    const values = constraints.map((c) => idsByKey.of(c.topologyKey));
    const emptyId = values.map((t) => t.idFor(''));
    const seen: number[][] = constraints.map(() => []);
    const mark = ++pass;
    for (let k = 0; k < filteredNodes.length; k++) {
      const node = filteredNodes[k];
      if (requireAll && !nodeHasAllKeys(node.labels, constraints)) {
        ignored.add(node.name);
        continue;
      }
      for (let i = 0; i < n; i++) {
        // Per-node counts of hostname constraints are taken per node.
        if (constraints[i].topologyKey === LABEL_HOSTNAME) continue;
        const t = values[i];
        let id = rows ? t.ofRow(rows[k], node) : t.of(node);
        if (id < 0) id = emptyId[i];
        if (t.mark(id, mark)) seen[i].push(id);
      }
    }
    for (let i = 0; i < n; i++) {
      const t = values[i];
      for (const id of seen[i]) tpCounts[i].set(t.values[id], 0);
      topoSize[i] = seen[i].length;
    }
    const weights = constraints.map((c, i) =>
      topologyNormalizingWeight(c.topologyKey === LABEL_HOSTNAME ? filteredNodes.length - ignored.size : topoSize[i]),
    );
    const counts = countsFor(constraints, pod.namespace);
    const nodeCounts: (ReadonlyMap<NodeInfo, number> | null)[] = new Array(n).fill(null);
    const inclusion = newInclusion(pod, constraints);
    for (let i = 0; i < n; i++) {
      const c = constraints[i];
      if (c.topologyKey === LABEL_HOSTNAME) {
        nodeCounts[i] = counts[i];
        continue;
      }
      // Only nodes with matching pods add to a domain, so walking them equals walking all nodes.
      const m = tpCounts[i];
      if (!requireAll && inclusion.trivialFor([c])) {
        // every node counts: the kept sums per domain are those sums
        const kept = keptCounts(c.selector, pod.namespace);
        if (kept !== null) {
          const byValue = kept.countsByValue(c.topologyKey);
          for (const [v, cur] of m) {
            // a node without the key is in the domain "" here
            const add = (byValue.get(v) ?? 0) + (v === '' ? (byValue.get(MISSING_VALUE) ?? 0) : 0);
            if (add !== 0) m.set(v, cur + add);
          }
          continue;
        }
      }
      for (const [node, cnt] of counts[i]) {
        const labels = node.labels;
        if (requireAll && !nodeHasAllKeys(labels, constraints)) continue;
        inclusion.reset(node);
        if (!inclusion.matches(c)) continue;
        const v = labels?.[c.topologyKey] ?? '';
        const cur = m.get(v);
        if (cur !== undefined) m.set(v, cur + cnt);
      }
    }
    // the counts by value id, for Score
    const countsById = constraints.map((c, i) => {
      if (c.topologyKey === LABEL_HOSTNAME) return NO_IDS;
      const byId = new Float64Array(values[i].values.length);
      for (const [v, cnt] of tpCounts[i]) byId[values[i].idFor(v)] = cnt;
      return byId;
    });
    const byRow = constraints.map((c) => (c.topologyKey === LABEL_HOSTNAME ? keptCounts(c.selector, pod.namespace) : null));
    return new PodTopologySpreadPreScoreState(constraints, ignored, tpCounts, nodeCounts, weights, values, countsById, byRow, cluster.nodeTable);
  }

  return {
    name: NAME,

    /** mirrors filtering.go PreFilter */
    preFilter(state: CycleState, pod: PodInfo): PreFilterOutput {
      const s = calPreFilterState(pod);
      if (s === null) return SKIP;
      state.write(PRE_FILTER_STATE_KEY, s);
      return null;
    },

    addPod(state: CycleState, pod: PodInfo, podToAdd: PodInfo, node: NodeInfo): void {
      const s = state.read<PodTopologySpreadPreFilterState>(PRE_FILTER_STATE_KEY);
      if (s) updateWithPod(s, podToAdd, pod, node, 1);
    },

    removePod(state: CycleState, pod: PodInfo, podToRemove: PodInfo, node: NodeInfo): void {
      const s = state.read<PodTopologySpreadPreFilterState>(PRE_FILTER_STATE_KEY);
      if (s) updateWithPod(s, podToRemove, pod, node, -1);
    },

    /** matches + self − global minimum ≤ maxSkew for every constraint. mirrors filtering.go Filter */
    filter(state: CycleState, _pod: PodInfo, node: NodeInfo): Status | null {
      const s = state.read<PodTopologySpreadPreFilterState>(PRE_FILTER_STATE_KEY);
      if (!s) return errorStatus(`reading "${PRE_FILTER_STATE_KEY}" from cycleState: not found`);
      return filterNode(s, node);
    },

    quickFilter(state: CycleState): QuickFilter | null {
      const s = state.read<PodTopologySpreadPreFilterState>(PRE_FILTER_STATE_KEY);
      if (!s) return null;
      return (_d, _o, node) => filterNode(s, node) === null;
    },
    /** mirrors scoring.go PreScore */
    preScore(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], rows?: ArrayLike<number> | null): Status | null {
      if (cluster.nodes.size === 0) return SKIP;
      const s = calPreScoreState(pod, nodes, nodes.length > 0 && nodes[0].table === cluster.nodeTable ? rows : null);
      if (s === null) return SKIP;
      state.write(PRE_SCORE_STATE_KEY, s);
      return null;
    },

    /** Σ (matches · weight + maxSkew − 1), rounded; ignored nodes 0. mirrors scoring.go Score */
    score(state: CycleState, _pod: PodInfo, node: NodeInfo): number {
      const s = state.read<PodTopologySpreadPreScoreState>(PRE_SCORE_STATE_KEY);
      if (!s) return 0;
      return scoreNode(s, node);
    },

    scoreNodes(state: CycleState, _pod: PodInfo, nodes: readonly NodeInfo[], scores: number[], rows?: ArrayLike<number> | null): void {
      const s = state.read<PodTopologySpreadPreScoreState>(PRE_SCORE_STATE_KEY);
      if (!s) {
        for (let i = 0; i < nodes.length; i++) scores[i] = 0;
        return;
      }
      // the cluster's rows: node values read by row (same scores as scoreNode)
      if (rows && s.valueIds !== null && s.countsById !== null && nodes.length > 0 && nodes[0].table === s.rowTable && s.rowTable !== null) {
        for (let i = 0; i < nodes.length; i++) scores[i] = scoreNodeAtRow(s, nodes[i], rows[i]);
        return;
      }
      for (let i = 0; i < nodes.length; i++) scores[i] = scoreNode(s, nodes[i]);
    },

    /** 100 · (max + min − s) / max, integer; ignored nodes 0; all 100 when max is 0. mirrors scoring.go NormalizeScore */
    normalizeScore(state: CycleState, _pod: PodInfo, nodes: readonly NodeInfo[], scores: number[]): Status | null {
      const s = state.read<PodTopologySpreadPreScoreState>(PRE_SCORE_STATE_KEY);
      if (!s) return errorStatus(`error reading "${PRE_SCORE_STATE_KEY}" from cycleState: not found`);
      const ignored = s.ignoredNodes;
      let min = Number.MAX_SAFE_INTEGER;
      let max = 0;
      if (ignored.size === 0) {
        for (let i = 0; i < scores.length; i++) {
          const v = scores[i];
          if (v < min) min = v;
          if (v > max) max = v;
        }
        for (let i = 0; i < scores.length; i++) scores[i] = max === 0 ? MAX_NODE_SCORE : Math.trunc((MAX_NODE_SCORE * (max + min - scores[i])) / max);
        return null;
      }
      for (let i = 0; i < scores.length; i++) {
        if (ignored.has(nodes[i].name)) continue;
        const v = scores[i];
        if (v < min) min = v;
        if (v > max) max = v;
      }
      for (let i = 0; i < scores.length; i++) {
        if (ignored.has(nodes[i].name)) scores[i] = 0;
        else if (max === 0) scores[i] = MAX_NODE_SCORE;
        else scores[i] = Math.trunc((MAX_NODE_SCORE * (max + min - scores[i])) / max);
      }
      return null;
    },

    eventsToRegister(): readonly ClusterEventWithHint[] {
      return events;
    },
  };
};
