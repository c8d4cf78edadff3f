/**
 * NodeResourcesFit: the node must have room for the pod's requests (PreFilter/Filter), and the
 * node is scored by one of three strategies — LeastAllocated (default), MostAllocated,
 * RequestedToCapacityRatio — over the configured resources (PreScore/Score, no NormalizeScore).
 * mirrors pkg/scheduler/framework/plugins/noderesources/fit.go, least_allocated.go,
 * most_allocated.go, requested_to_capacity_ratio.go
 */
import type { NodeInfo } from '../../model/node-info.ts';
import type { PodInfo } from '../../model/pod-info.ts';
import {
  CycleState,
  errorStatus,
  freezeStatus,
  MAX_NODE_SCORE,
  type PluginFactory,
  type PreFilterOutput,
  type QuickFilter,
  type RowCheck,
  type SchedulerPlugin,
  type Status,
} from '../framework/types.ts';
import {
  COL_ALLOC_EPHEMERAL,
  COL_ALLOC_MEMORY,
  COL_ALLOC_MILLI_CPU,
  COL_ALLOWED_PODS,
  COL_NUM_PODS,
  COL_REQ_EPHEMERAL,
  COL_REQ_MEMORY,
  COL_REQ_MILLI_CPU,
  ROW_STRIDE,
} from '../../model/node-table.ts';
import {
  argsObject,
  isExtendedResourceName,
  isQualifiedName,
  isScalarResourceName,
  podRequestList,
  readResourceSpecs,
  rejectUnknownFields,
  ResourceAllocationScorer,
  withShape,
  type ResourceScorer,
  type ResourceSpec,
} from './resource-allocation.ts';
import { CycleStateSlot } from './helper.ts';
import { Add, asNode, asPod, Delete, detachedNodeInfo, UpdateNodeAllocatable, UpdatePodScaleDown, type ClusterEventWithHint, type EventObject, type QueueingHint } from '../framework/events.ts';

/** Plugin name (names.NodeResourcesFit). */
export const NAME = 'NodeResourcesFit';

const PRE_FILTER_KEY = 'PreFilter' + NAME;
const PRE_SCORE_KEY = 'PreScore' + NAME;

/** Scoring strategy types (config.ScoringStrategyType). */
export type ScoringStrategyType = 'LeastAllocated' | 'MostAllocated' | 'RequestedToCapacityRatio';

const STRATEGIES: readonly ScoringStrategyType[] = ['LeastAllocated', 'MostAllocated', 'RequestedToCapacityRatio'];

/** One point of the RequestedToCapacityRatio shape (config.UtilizationShapePoint). */
export interface UtilizationShapePoint {
  utilization: number;
  score: number;
}

/** NodeResourcesFitArgs after v1 defaulting and validation. */
export interface NodeResourcesFitArgs {
  ignoredResources: string[];
  ignoredResourceGroups: string[];
  scoringStrategy: {
    type: ScoringStrategyType;
    resources: ResourceSpec[];
    requestedToCapacityRatio?: { shape: UtilizationShapePoint[] };
  };
}

/** config.MaxCustomPriorityScore: shape scores are given on 0..10. */
const MAX_CUSTOM_PRIORITY_SCORE = 10;
/** requested_to_capacity_ratio.go maxUtilization. */
const MAX_UTILIZATION = 100;

/**
 * Reads NodeResourcesFitArgs (kubescheduler.config.k8s.io/v1 names), applies v1 defaults and
 * validates them; throws an Error naming the offending field.
 * mirrors apis/config/v1/defaults.go SetDefaults_NodeResourcesFitArgs and
 * apis/config/validation/validation_pluginargs.go ValidateNodeResourcesFitArgs
 */
export function readFitArgs(raw: Record<string, unknown> | undefined): NodeResourcesFitArgs {
  const args = argsObject(NAME, raw);
  rejectUnknownFields(NAME, args, ['ignoredResources', 'ignoredResourceGroups', 'scoringStrategy']);
  const list = (field: string): string[] => {
    const v = args[field];
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw new Error(`${NAME} args: ${field}: must be a list of strings`);
    return v as string[];
  };
  const ignoredResources = list('ignoredResources');
  ignoredResources.forEach((r, i) => {
    if (!isQualifiedName(r)) throw new Error(`${NAME} args: ignoredResources[${i}]: Invalid value: "${r}": must be a qualified name`);
  });
  const ignoredResourceGroups = list('ignoredResourceGroups');
  ignoredResourceGroups.forEach((g, i) => {
    if (g.includes('/')) throw new Error(`${NAME} args: ignoredResourceGroups[${i}]: Invalid value: "${g}": resource group name can't contain '/'`);
    if (!isQualifiedName(g)) throw new Error(`${NAME} args: ignoredResourceGroups[${i}]: Invalid value: "${g}": must be a qualified name`);
  });

  const ssRaw = args.scoringStrategy;
  let type: ScoringStrategyType = 'LeastAllocated';
  let resourcesRaw: unknown;
  let rtcrRaw: unknown;
  if (ssRaw !== undefined && ssRaw !== null) {
    if (typeof ssRaw !== 'object' || Array.isArray(ssRaw)) throw new Error(`${NAME} args: scoringStrategy: must be an object`);
    const ss = ssRaw as Record<string, unknown>;
    rejectUnknownFields(NAME, ss, ['type', 'resources', 'requestedToCapacityRatio'], 'scoringStrategy.');
    if (!STRATEGIES.includes(ss.type as ScoringStrategyType)) {
      throw new Error(
        `${NAME} args: scoringStrategy.type: Unsupported value: ${JSON.stringify(ss.type ?? '')}: supported values: "LeastAllocated", "MostAllocated", "RequestedToCapacityRatio"`,
      );
    }
    type = ss.type as ScoringStrategyType;
    resourcesRaw = ss.resources;
    rtcrRaw = ss.requestedToCapacityRatio;
  }
  const resources = readResourceSpecs(NAME, resourcesRaw, 'scoringStrategy.resources');
  resources.forEach((r, i) => {
    if (r.weight <= 0 || r.weight > 100) {
      throw new Error(
        `${NAME} args: scoringStrategy.resources[${i}].weight: Invalid value: ${r.weight}: resource weight of ${r.name} not in valid range (0, 100]`,
      );
    }
  });
  const out: NodeResourcesFitArgs = { ignoredResources, ignoredResourceGroups, scoringStrategy: { type, resources } };
  if (rtcrRaw !== undefined && rtcrRaw !== null) {
    if (typeof rtcrRaw !== 'object' || Array.isArray(rtcrRaw)) throw new Error(`${NAME} args: scoringStrategy.requestedToCapacityRatio: must be an object`);
    const r = rtcrRaw as Record<string, unknown>;
    rejectUnknownFields(NAME, r, ['shape'], 'scoringStrategy.requestedToCapacityRatio.');
    out.scoringStrategy.requestedToCapacityRatio = { shape: readShape(r.shape) };
  }
  if (type === 'RequestedToCapacityRatio' && !out.scoringStrategy.requestedToCapacityRatio) {
    // Upstream dereferences a nil pointer here; say what is missing instead.
    throw new Error(`${NAME} args: scoringStrategy.requestedToCapacityRatio.shape: Required value: the RequestedToCapacityRatio strategy needs a shape`);
  }
  return out;
}

/** mirrors validation_pluginargs.go validateFunctionShape */
function readShape(raw: unknown): UtilizationShapePoint[] {
  const path = 'scoringStrategy.shape';
  if (raw === undefined || raw === null || (Array.isArray(raw) && raw.length === 0)) {
    throw new Error(`${NAME} args: ${path}: Required value: at least one point must be specified`);
  }
  if (!Array.isArray(raw)) throw new Error(`${NAME} args: ${path}: must be a list`);
  const shape = raw.map((p: unknown, i): UtilizationShapePoint => {
    if (typeof p !== 'object' || p === null) throw new Error(`${NAME} args: ${path}[${i}]: must be an object`);
    const o = p as Record<string, unknown>;
    rejectUnknownFields(NAME, o, ['utilization', 'score'], `${path}[${i}].`);
    const u = o.utilization ?? 0;
    const s = o.score ?? 0;
    if (typeof u !== 'number' || !Number.isInteger(u)) throw new Error(`${NAME} args: ${path}[${i}].utilization: must be an integer`);
    if (typeof s !== 'number' || !Number.isInteger(s)) throw new Error(`${NAME} args: ${path}[${i}].score: must be an integer`);
    return { utilization: u, score: s };
  });
  for (let i = 1; i < shape.length; i++) {
    if (shape[i - 1].utilization >= shape[i].utilization) {
      throw new Error(`${NAME} args: ${path}[${i}].utilization: Invalid value: ${shape[i].utilization}: values must be sorted in increasing order`);
    }
  }
  shape.forEach((p, i) => {
    if (p.utilization < 0 || p.utilization > MAX_UTILIZATION) {
      throw new Error(`${NAME} args: ${path}[${i}].utilization: Invalid value: ${p.utilization}: not in valid range [0, 100]`);
    }
    if (p.score < 0 || p.score > MAX_CUSTOM_PRIORITY_SCORE) {
      throw new Error(`${NAME} args: ${path}[${i}].score: Invalid value: ${p.score}: not in valid range [0, 10]`);
    }
  });
  return shape;
}

// ---------------------------------------------------------------------------------------------
// Scoring strategies

/** mirrors least_allocated.go leastRequestedScore */
function leastRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0 || requested > capacity) return 0;
  return Math.trunc(((capacity - requested) * MAX_NODE_SCORE) / capacity);
}

/** mirrors most_allocated.go mostRequestedScore */
function mostRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0) return 0;
  if (requested > capacity) requested = capacity;
  return Math.trunc((requested * MAX_NODE_SCORE) / capacity);
}

/** LeastAllocated: favours nodes with more free capacity. mirrors least_allocated.go leastResourceScorer */
export function leastResourceScorer(resources: readonly ResourceSpec[]): ResourceScorer {
  const weights = resources.map((r) => r.weight);
  // Written out (not shared with MostAllocated) so each call site stays monomorphic and inlined.
  return withShape((requested: readonly number[], allocatable: readonly number[]) => {
    let nodeScore = 0;
    let weightSum = 0;
    for (let i = 0; i < weights.length; i++) {
      const capacity = allocatable[i];
      if (capacity === 0) continue;
      const w = weights[i];
      nodeScore += leastRequestedScore(requested[i], capacity) * w;
      weightSum += w;
    }
    return weightSum === 0 ? 0 : Math.trunc(nodeScore / weightSum);
  }, { kind: 'least', weights });
}

/** MostAllocated: favours fuller nodes (bin packing). mirrors most_allocated.go mostResourceScorer */
export function mostResourceScorer(resources: readonly ResourceSpec[]): ResourceScorer {
  const weights = resources.map((r) => r.weight);
  return (requested, allocatable) => {
    let nodeScore = 0;
    let weightSum = 0;
    for (let i = 0; i < weights.length; i++) {
      const capacity = allocatable[i];
      if (capacity === 0) continue;
      const w = weights[i];
      nodeScore += mostRequestedScore(requested[i], capacity) * w;
      weightSum += w;
    }
    return weightSum === 0 ? 0 : Math.trunc(nodeScore / weightSum);
  };
}

/**
 * Piecewise-linear function through the shape points, with int64 truncation; constant before
 * the first and after the last point. mirrors plugins/helper/shape_score.go BuildBrokenLinearFunction
 */
export function buildBrokenLinearFunction(shape: readonly UtilizationShapePoint[]): (p: number) => number {
  return (p) => {
    for (let i = 0; i < shape.length; i++) {
      if (p <= shape[i].utilization) {
        if (i === 0) return shape[0].score;
        const a = shape[i - 1];
        const b = shape[i];
        return a.score + Math.trunc(((b.score - a.score) * (p - a.utilization)) / (b.utilization - a.utilization));
      }
    }
    return shape[shape.length - 1].score;
  };
}

/**
 * RequestedToCapacityRatio: the shape (scores 0..10, scaled to 0..100) maps each resource's
 * utilization to a score; only positive scores count; the mean is float-rounded.
 * mirrors requested_to_capacity_ratio.go requestedToCapacityRatioScorer
 */
export function requestedToCapacityRatioScorer(resources: readonly ResourceSpec[], shape: readonly UtilizationShapePoint[]): ResourceScorer {
  const scaled = shape.map((p) => ({ utilization: p.utilization, score: p.score * (MAX_NODE_SCORE / MAX_CUSTOM_PRIORITY_SCORE) }));
  const raw = buildBrokenLinearFunction(scaled);
  const resourceScore = (requested: number, capacity: number): number => {
    if (capacity === 0 || requested > capacity) return raw(MAX_UTILIZATION);
    return raw(Math.trunc((requested * MAX_UTILIZATION) / capacity));
  };
  return (requested, allocatable) => {
    let nodeScore = 0;
    let weightSum = 0;
    for (let i = 0; i < requested.length; i++) {
      if (allocatable[i] === 0) continue;
      const w = resources[i].weight;
      const s = resourceScore(requested[i], allocatable[i]);
      if (s > 0) {
        nodeScore += s * w;
        weightSum += w;
      }
    }
    if (weightSum === 0) return 0;
    return goRound(nodeScore / weightSum);
  };
}

/** Go's math.Round: half away from zero. */
function goRound(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

// ---------------------------------------------------------------------------------------------
// Filter

/** One scalar request to check (precomputed per pod in PreFilter). */
interface ScalarRequest {
  readonly name: string;
  readonly quantity: number;
}

/** What PreFilter computes: the pod's request vector, reduced to what Filter checks. */
export interface FitPreFilterState {
  readonly milliCPU: number;
  readonly memory: number;
  readonly ephemeralStorage: number;
  /** Scalar requests > 0 that are not ignored, in the pod's order. */
  readonly scalars: readonly ScalarRequest[];
  /** Nothing requested at all (scalar entries of 0 count as "something", as upstream). */
  readonly empty: boolean;
}

/** One insufficiency found by {@link fitsRequest} (noderesources.InsufficientResource). */
export interface InsufficientResource {
  resourceName: string;
  reason: string;
  requested: number;
  used: number;
  capacity: number;
  /** The request exceeds the node's whole allocatable: preemption cannot help. */
  unresolvable: boolean;
}

/** Computes the Filter state of a pod; scalar names are filtered and ignored resources dropped. */
export function computeFitPreFilterState(
  pod: PodInfo,
  ignoredResources: ReadonlySet<string>,
  ignoredResourceGroups: ReadonlySet<string>,
): FitPreFilterState {
  const r = pod.requests;
  const scalars: ScalarRequest[] = [];
  let anyScalar = false;
  for (const name in r.scalar) {
    if (!isScalarResourceName(name)) continue;
    anyScalar = true;
    const q = r.scalar[name];
    if (q === 0) continue;
    if (isExtendedResourceName(name)) {
      if (ignoredResources.has(name)) continue;
      if (ignoredResourceGroups.size > 0 && ignoredResourceGroups.has(name.split('/')[0])) continue;
    }
    scalars.push({ name, quantity: q });
  }
  return {
    milliCPU: r.milliCPU,
    memory: r.memory,
    ephemeralStorage: r.ephemeralStorage,
    scalars,
    empty: r.milliCPU === 0 && r.memory === 0 && r.ephemeralStorage === 0 && !anyScalar,
  };
}

/**
 * Every resource the node lacks for the pod (empty: it fits).
 * mirrors fit.go fitsRequest (DRA-backed extended resources are not modelled: the
 * DRAExtendedResource gate is off in v1.35)
 */
export function fitsRequest(s: FitPreFilterState, node: NodeInfo): InsufficientResource[] {
  const out: InsufficientResource[] = [];
  const a = node.allocatable;
  const used = node.requested;
  if (node.pods.length + 1 > a.allowedPodNumber) {
    out.push({ resourceName: 'pods', reason: 'Too many pods', requested: 1, used: node.pods.length, capacity: a.allowedPodNumber, unresolvable: false });
  }
  if (s.empty) return out;
  const check = (name: string, reason: string, req: number, alloc: number, u: number): void => {
    if (req > 0 && req > alloc - u) out.push({ resourceName: name, reason, requested: req, used: u, capacity: alloc, unresolvable: req > alloc });
  };
  check('cpu', 'Insufficient cpu', s.milliCPU, a.milliCPU, used.milliCPU);
  check('memory', 'Insufficient memory', s.memory, a.memory, used.memory);
  check('ephemeral-storage', 'Insufficient ephemeral-storage', s.ephemeralStorage, a.ephemeralStorage, used.ephemeralStorage);
  for (const sc of s.scalars) {
    const alloc = a.scalar[sc.name] ?? 0;
    const u = used.scalar[sc.name] ?? 0;
    if (sc.quantity > alloc - u) {
      out.push({ resourceName: sc.name, reason: `Insufficient ${sc.name}`, requested: sc.quantity, used: u, capacity: alloc, unresolvable: sc.quantity > alloc });
    }
  }
  return out;
}

/** Status of a Filter run from its insufficiencies (null = fits). mirrors fit.go Filter */
function fitStatus(insufficient: readonly InsufficientResource[]): Status | null {
  if (insufficient.length === 0) return null;
  let code: Status['code'] = 'Unschedulable';
  const reasons: string[] = [];
  for (const r of insufficient) {
    reasons.push(r.reason);
    if (r.unresolvable) code = 'UnschedulableAndUnresolvable';
  }
  return { code, reasons };
}

/**
 * Which checks of {@link fitsRequest} fail, 2 bits each (1 = short, 2 = short and over the
 * node's whole allocatable) — pods, cpu, memory, ephemeral-storage, then each scalar — or −1
 * when there are too many scalars to encode. The Filter status is a function of this mask (and
 * the pod's scalar names), so statuses are shared between nodes and pods of one template.
 */
function shortageMask(s: FitPreFilterState, node: NodeInfo): number {
  const scalars = s.scalars;
  if (scalars.length > 11) return -1;
  const a = node.allocatable;
  let mask = node.pods.length + 1 > a.allowedPodNumber ? 1 : 0;
  if (s.empty) return mask;
  const used = node.requested;
  mask |= shortBits(s.milliCPU, a.milliCPU, used.milliCPU) << 2;
  mask |= shortBits(s.memory, a.memory, used.memory) << 4;
  mask |= shortBits(s.ephemeralStorage, a.ephemeralStorage, used.ephemeralStorage) << 6;
  for (let j = 0; j < scalars.length; j++) {
    const sc = scalars[j];
    const alloc = a.scalar[sc.name] ?? 0;
    const u = used.scalar[sc.name] ?? 0;
    if (sc.quantity > alloc - u) mask |= (sc.quantity > alloc ? 2 : 1) << (8 + 2 * j);
  }
  return mask;
}

/** The 2-bit code of one of fitsRequest's cpu/memory/ephemeral-storage checks. */
function shortBits(req: number, alloc: number, used: number): number {
  if (req > 0 && req > alloc - used) return req > alloc ? 2 : 1;
  return 0;
}

/** {@link fitsQuick} reading the node's NodeTable row (`d`, offset `o`) instead of its objects. */
function fitsRow(s: FitPreFilterState, d: Float64Array, o: number, node: NodeInfo): boolean {
  if (d[o + COL_NUM_PODS] + 1 > d[o + COL_ALLOWED_PODS]) return false;
  if (s.empty) return true;
  if (s.milliCPU > 0 && s.milliCPU > d[o + COL_ALLOC_MILLI_CPU] - d[o + COL_REQ_MILLI_CPU]) return false;
  if (s.memory > 0 && s.memory > d[o + COL_ALLOC_MEMORY] - d[o + COL_REQ_MEMORY]) return false;
  if (s.ephemeralStorage > 0 && s.ephemeralStorage > d[o + COL_ALLOC_EPHEMERAL] - d[o + COL_REQ_EPHEMERAL]) return false;
  const scalars = s.scalars;
  if (scalars.length > 0) {
    const a = node.allocatable;
    const used = node.requested;
    for (const sc of scalars) if (sc.quantity > (a.scalar[sc.name] ?? 0) - (used.scalar[sc.name] ?? 0)) return false;
  }
  return true;
}

/** Fast path of Filter: true when nothing is short, without building the reason list. */
function fitsQuick(s: FitPreFilterState, node: NodeInfo): boolean {
  const a = node.allocatable;
  if (node.pods.length + 1 > a.allowedPodNumber) return false;
  if (s.empty) return true;
  const used = node.requested;
  if (s.milliCPU > 0 && s.milliCPU > a.milliCPU - used.milliCPU) return false;
  if (s.memory > 0 && s.memory > a.memory - used.memory) return false;
  if (s.ephemeralStorage > 0 && s.ephemeralStorage > a.ephemeralStorage - used.ephemeralStorage) return false;
  for (const sc of s.scalars) if (sc.quantity > (a.scalar[sc.name] ?? 0) - (used.scalar[sc.name] ?? 0)) return false;
  return true;
}

// ---------------------------------------------------------------------------------------------
// Plugin

/** Builds the scorer of a (validated) scoring strategy. mirrors fit.go nodeResourceStrategyTypeMap */
export function strategyScorer(ss: NodeResourcesFitArgs['scoringStrategy']): ResourceScorer {
  switch (ss.type) {
    case 'LeastAllocated':
      return leastResourceScorer(ss.resources);
    case 'MostAllocated':
      return mostResourceScorer(ss.resources);
    case 'RequestedToCapacityRatio':
      return requestedToCapacityRatioScorer(ss.resources, ss.requestedToCapacityRatio!.shape);
  }
}

/** The NodeResourcesFit plugin. mirrors fit.go NewFit */
export const newNodeResourcesFit: PluginFactory = (rawArgs) => {
  const args = readFitArgs(rawArgs);
  const ignoredResources = new Set(args.ignoredResources);
  const ignoredResourceGroups = new Set(args.ignoredResourceGroups);
  const resources = args.scoringStrategy.resources;
  const scorer = new ResourceAllocationScorer(resources, false, strategyScorer(args.scoringStrategy));

  const preFilterSlot = new CycleStateSlot<FitPreFilterState>(PRE_FILTER_KEY);
  const preScoreSlot = new CycleStateSlot<number[]>(PRE_SCORE_KEY);
  // Pods of one template share their requests object: their PreFilter state (and with it the
  // statuses per shortage mask) is computed once.
  const stateByRequests = new WeakMap<object, FitPreFilterState>();
  const statusesByState = new WeakMap<FitPreFilterState, Map<number, Status | null>>();

  /** fitStatus(fitsRequest(s, node)), shared per shortage mask. */
  function failureStatus(s: FitPreFilterState, node: NodeInfo): Status | null {
    const mask = shortageMask(s, node);
    if (mask < 0) return fitStatus(fitsRequest(s, node));
    let byMask = statusesByState.get(s);
    if (byMask === undefined) statusesByState.set(s, (byMask = new Map()));
    let st = byMask.get(mask);
    if (st === undefined) {
      st = fitStatus(fitsRequest(s, node));
      byMask.set(mask, st === null ? null : (st = freezeStatus(st)));
    }
    return st;
  }

  const plugin: SchedulerPlugin = {
    name: NAME,
    nodeLocal: true,
    preFilter(state: CycleState, pod: PodInfo): PreFilterOutput {
      let s = stateByRequests.get(pod.requests);
      if (s === undefined) stateByRequests.set(pod.requests, (s = computeFitPreFilterState(pod, ignoredResources, ignoredResourceGroups)));
      preFilterSlot.write(state, s);
      return null;
    },
    filter(state: CycleState, _pod: PodInfo, node: NodeInfo): Status | null {
      const s = preFilterSlot.read(state);
      if (!s) return errorStatus(`error reading "${PRE_FILTER_KEY}" from cycleState: not found`);
      const t = node.table;
      if (t !== null ? fitsRow(s, t.data, node.row * ROW_STRIDE, node) : fitsQuick(s, node)) return null;
      return failureStatus(s, node);
    },
    quickFilter(state: CycleState): QuickFilter | null {
      const s = preFilterSlot.read(state);
      if (!s) return null;
      return (d, o, node) => fitsRow(s, d, o, node);
    },
    rowCheck(state: CycleState): RowCheck | null {
      // fitsRow without scalar resources: a pod slot and the three row resources
      const s = preFilterSlot.read(state);
      if (!s || s.scalars.length > 0) return null;
      return { fit: s };
    },
    preScore(state: CycleState, pod: PodInfo): Status | null {
      preScoreSlot.write(state, podRequestList(pod, resources, false));
      return null;
    },
    score(state: CycleState, pod: PodInfo, node: NodeInfo): number {
      // Without PreScore (disabled), compute the requests here as upstream does.
      const podRequests = preScoreSlot.read(state) ?? podRequestList(pod, resources, false);
      return scorer.score(node, podRequests);
    },
    scoreNodes(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], scores: number[], rows?: ArrayLike<number> | null): void {
      scorer.scoreNodes(nodes, preScoreSlot.read(state) ?? podRequestList(pod, resources, false), scores, rows);
    },
    eventsToRegister(): readonly ClusterEventWithHint[] {
      return events;
    },
  };
  const fitState = (pod: PodInfo): FitPreFilterState => {
    let s = stateByRequests.get(pod.requests);
    if (s === undefined) stateByRequests.set(pod.requests, (s = computeFitPreFilterState(pod, ignoredResources, ignoredResourceGroups)));
    return s;
  };
  /**
   * A new node, or a node whose allocatable grew for something the pod requests, on which the
   * pod fits when empty. mirrors fit.go isSchedulableAfterNodeChange / haveAnyRequestedResourcesIncreased
   */
  const afterNodeChange = (pod: PodInfo, oldObj: EventObject, newObj: EventObject): QueueingHint => {
    const modified = asNode(newObj);
    if (modified === null) return 'Queue';
    const s = fitState(pod);
    const m = detachedNodeInfo(modified);
    if (fitsRequest(s, m).length > 0) return 'QueueSkip';
    const original = asNode(oldObj);
    if (original === null) return 'Queue';
    const a = detachedNodeInfo(original).allocatable;
    const b = m.allocatable;
    if (b.allowedPodNumber > a.allowedPodNumber) return 'Queue';
    if (s.empty) return 'QueueSkip';
    if ((s.milliCPU > 0 && b.milliCPU > a.milliCPU) || (s.memory > 0 && b.memory > a.memory) || (s.ephemeralStorage > 0 && b.ephemeralStorage > a.ephemeralStorage)) return 'Queue';
    for (const sc of s.scalars) if ((b.scalar[sc.name] ?? 0) > (a.scalar[sc.name] ?? 0)) return 'Queue';
    return 'QueueSkip';
  };
  /** mirrors fit.go EventsToRegister (queueing hints and InPlacePodVerticalScaling enabled) */
  const events: readonly ClusterEventWithHint[] = [
    { event: { resource: 'Pod', actionType: Delete | UpdatePodScaleDown }, hint: afterPodEvent },
    { event: { resource: 'Node', actionType: Add | UpdateNodeAllocatable }, hint: afterNodeChange },
  ];
  return plugin;
};

/**
 * Deleting a scheduled (or nominated) pod may free room; an unscheduled one does not. Pod
 * resizes are not simulated. mirrors fit.go isSchedulableAfterPodEvent
 */
function afterPodEvent(_pod: PodInfo, oldObj: EventObject, newObj: EventObject): QueueingHint {
  const original = asPod(oldObj);
  if (newObj === null && original !== null) return !original.nodeName && !original.pod.status?.nominatedNodeName ? 'QueueSkip' : 'Queue';
  return 'QueueSkip';
}
