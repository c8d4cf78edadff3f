/**
 * Shared machinery of the noderesources plugins (NodeResourcesFit scoring strategies and
 * NodeResourcesBalancedAllocation): resource specs from args, the per-resource
 * (allocatable, requested) pairs a node offers, and the pod's request list.
 * mirrors pkg/scheduler/framework/plugins/noderesources/resource_allocation.go
 */
import type { NodeInfo } from '../../model/node-info.ts';
import type { PodInfo } from '../../model/pod-info.ts';
import {
  COL_ALLOC_EPHEMERAL,
  COL_ALLOC_MEMORY,
  COL_ALLOC_MILLI_CPU,
  COL_NON_ZERO_MEMORY,
  COL_NON_ZERO_MILLI_CPU,
  COL_REQ_EPHEMERAL,
  COL_REQ_MEMORY,
  COL_REQ_MILLI_CPU,
  ROW_STRIDE,
} from '../../model/node-table.ts';
import { CPU, EPHEMERAL_STORAGE, MEMORY, getResource, isExtendedResourceName, isQualifiedName, isScalarResourceName as isScalarName } from '../../model/resources.ts';

/** framework.MaxNodeScore (kept local: the framework's types module imports nothing from here). */
const MAX_SCORE = 100;

/** One entry of `scoringStrategy.resources` / `resources` (config.ResourceSpec). */
export interface ResourceSpec {
  readonly name: string;
  readonly weight: number;
}

/** cpu:1, memory:1 — the default of both plugins (apis/config/v1 defaultResourceSpec). */
export const DEFAULT_RESOURCE_SPEC: readonly ResourceSpec[] = Object.freeze([
  { name: CPU, weight: 1 },
  { name: MEMORY, weight: 1 },
]);

// Resource-name predicates live with the resource model; re-exported for the plugins' args checks.
export { isExtendedResourceName, isQualifiedName };

const scalarCache = new Map<string, boolean>();

/** The resource model's isScalarResourceName, remembered per name (asked per resource and node). */
export function isScalarResourceName(name: string): boolean {
  let v = scalarCache.get(name);
  if (v === undefined) scalarCache.set(name, (v = isScalarName(name)));
  return v;
}

/** True when `args` is absent or a plain object; throws a plugin-named error otherwise. */
export function argsObject(plugin: string, args: unknown): Record<string, unknown> {
  if (args === undefined || args === null) return {};
  if (typeof args !== 'object' || Array.isArray(args)) throw new Error(`${plugin} args: must be an object`);
  return args as Record<string, unknown>;
}

/** Throws for fields that are not in `allowed` (besides apiVersion/kind), as strict decoding does. */
export function rejectUnknownFields(plugin: string, obj: Record<string, unknown>, allowed: readonly string[], path = ''): void {
  for (const k of Object.keys(obj)) {
    if (path === '' && (k === 'apiVersion' || k === 'kind')) continue;
    if (!allowed.includes(k)) throw new Error(`${plugin} args: unknown field "${path}${k}"`);
  }
}

/**
 * Reads a `resources` list, applying v1 defaulting (empty ⇒ cpu+memory; weight 0/unset ⇒ 1).
 * mirrors pkg/scheduler/apis/config/v1/defaults.go SetDefaults_NodeResourcesFitArgs
 */
export function readResourceSpecs(plugin: string, raw: unknown, path: string): ResourceSpec[] {
  if (raw === undefined || raw === null) return DEFAULT_RESOURCE_SPEC.map((r) => ({ ...r }));
  if (!Array.isArray(raw)) throw new Error(`${plugin} args: ${path}: must be a list`);
  if (raw.length === 0) return DEFAULT_RESOURCE_SPEC.map((r) => ({ ...r }));
  return raw.map((r: unknown, i) => {
    if (typeof r !== 'object' || r === null) throw new Error(`${plugin} args: ${path}[${i}]: must be an object`);
    const o = r as Record<string, unknown>;
    rejectUnknownFields(plugin, o, ['name', 'weight'], `${path}[${i}].`);
    if (typeof o.name !== 'string' || o.name === '') throw new Error(`${plugin} args: ${path}[${i}].name: Required value`);
    const w = o.weight ?? 0;
    if (typeof w !== 'number' || !Number.isInteger(w)) throw new Error(`${plugin} args: ${path}[${i}].weight: must be an integer`);
    return { name: o.name, weight: w === 0 ? 1 : w };
  });
}

/**
 * The pod's request for each configured resource, in spec order. With `useRequested` false
 * (NodeResourcesFit scoring) cpu and memory carry the 100m/200Mi non-zero defaults.
 * mirrors resource_allocation.go calculatePodResourceRequestList
 */
export function podRequestList(pod: PodInfo, resources: readonly ResourceSpec[], useRequested: boolean): number[] {
  return resources.map((r) => {
    if (r.name === CPU) return useRequested ? pod.requests.milliCPU : pod.nonZeroMilliCPU;
    if (r.name === MEMORY) return useRequested ? pod.requests.memory : pod.nonZeroMemory;
    return getResource(pod.requests, r.name);
  });
}

/** True when every request is 0 (resourceAllocationScorer.isBestEffortPod). */
export function isBestEffort(podRequests: readonly number[]): boolean {
  for (const r of podRequests) if (r !== 0) return false;
  return true;
}

/** A strategy: combines per-resource requested/allocatable (aligned with the specs) into a score. */
export type ResourceScorer = (requested: readonly number[], allocatable: readonly number[]) => number;

/**
 * Marks a built-in strategy whose arithmetic {@link ResourceAllocationScorer.scoreNodes} also
 * has written out for the cpu + memory case: `least` (LeastAllocated with these weights) or
 * `balanced` (BalancedAllocation's two-resource formula). The written-out forms repeat the
 * strategies' expressions operation for operation, so the scores are identical.
 */
export interface ScorerShape {
  kind: 'least' | 'balanced';
  weights?: readonly number[];
}

const SHAPE = Symbol('ScorerShape');

/** Attaches a {@link ScorerShape} to a strategy function and returns it. */
export function withShape<F extends ResourceScorer>(fn: F, shape: ScorerShape): F {
  (fn as F & { [SHAPE]?: ScorerShape })[SHAPE] = shape;
  return fn;
}

function shapeOf(fn: ResourceScorer): ScorerShape | undefined {
  return (fn as ResourceScorer & { [SHAPE]?: ScorerShape })[SHAPE];
}

/**
 * Scores nodes with one strategy. The two vectors are scratch buffers reused across nodes
 * (the simulator is single-threaded), so scoring a node allocates nothing.
 * mirrors resource_allocation.go resourceAllocationScorer.score
 */
export class ResourceAllocationScorer {
  private readonly requested: number[];
  private readonly allocatable: number[];
  private readonly kinds: Uint8Array;

  /**
   * @param useRequested node side reads Requested (BalancedAllocation) instead of the
   * non-zero-defaulted requests (NodeResourcesFit) for cpu and memory.
   */
  constructor(
    readonly resources: readonly ResourceSpec[],
    readonly useRequested: boolean,
    private readonly scorer: ResourceScorer,
  ) {
    this.requested = new Array<number>(resources.length).fill(0);
    this.allocatable = new Array<number>(resources.length).fill(0);
    // 0 cpu, 1 memory, 2 ephemeral-storage, 3 scalar, 4 anything else (never scored)
    this.kinds = Uint8Array.from(resources, (r) =>
      r.name === CPU ? 0 : r.name === MEMORY ? 1 : r.name === EPHEMERAL_STORAGE ? 2 : isScalarResourceName(r.name) ? 3 : 4,
    );
  }

  /** The strategy's score of `node` for a pod with `podRequests` (aligned with the specs). */
  score(node: NodeInfo, podRequests: readonly number[]): number {
    const req = this.requested;
    const alloc = this.allocatable;
    const a = node.allocatable;
    const used = node.requested;
    for (let i = 0; i < this.kinds.length; i++) {
      const p = podRequests[i];
      let al = 0;
      let rq = 0;
      switch (this.kinds[i]) {
        case 0:
          al = a.milliCPU;
          rq = (this.useRequested ? used.milliCPU : node.nonZeroMilliCPU) + p;
          break;
        case 1:
          al = a.memory;
          rq = (this.useRequested ? used.memory : node.nonZeroMemory) + p;
          break;
        case 2:
          al = a.ephemeralStorage;
          rq = used.ephemeralStorage + p;
          break;
        case 3: {
          // A scalar resource the pod does not request is bypassed.
          const name = this.resources[i].name;
          if (p !== 0 && name in a.scalar) {
            al = a.scalar[name];
            rq = (used.scalar[name] ?? 0) + p;
          }
          break;
        }
        default:
          break;
      }
      if (al === 0) {
        alloc[i] = 0;
        req[i] = 0;
      } else {
        alloc[i] = al;
        req[i] = rq;
      }
    }
    return this.scorer(req, alloc);
  }

  /** {@link score} of every node into `out`; cpu/memory/ephemeral-storage read from the node table. */
  scoreNodes(nodes: readonly NodeInfo[], podRequests: readonly number[], out: number[], rows?: ArrayLike<number> | null): void {
    const kinds = this.kinds;
    let tableOnly = true;
    for (let i = 0; i < kinds.length; i++) if (kinds[i] > 2) tableOnly = false;
    if (!tableOnly) {
      for (let i = 0; i < nodes.length; i++) out[i] = this.score(nodes[i], podRequests);
      return;
    }
    const req = this.requested;
    const alloc = this.allocatable;
    const colCPU = this.useRequested ? COL_REQ_MILLI_CPU : COL_NON_ZERO_MILLI_CPU;
    const colMem = this.useRequested ? COL_REQ_MEMORY : COL_NON_ZERO_MEMORY;
    const rowData = rows && nodes.length > 0 ? (nodes[0].table?.data ?? null) : null;
    const shape = shapeOf(this.scorer);
    if (rowData !== null && shape !== undefined && kinds.length === 2 && kinds[0] === 0 && kinds[1] === 1) {
      const p0 = podRequests[0];
      const p1 = podRequests[1];
      if (shape.kind === 'least') {
        // leastResourceScorer over (cpu, memory), written out
        const w0 = shape.weights![0];
        const w1 = shape.weights![1];
        for (let n = 0; n < nodes.length; n++) {
          const o = rows![n] * ROW_STRIDE;
          const al0 = rowData[o + COL_ALLOC_MILLI_CPU];
          const rq0 = rowData[o + colCPU] + p0;
          const al1 = rowData[o + COL_ALLOC_MEMORY];
          const rq1 = rowData[o + colMem] + p1;
          let nodeScore = 0;
          let weightSum = 0;
          if (al0 !== 0) {
            nodeScore += (rq0 > al0 ? 0 : Math.trunc(((al0 - rq0) * MAX_SCORE) / al0)) * w0;
            weightSum += w0;
          }
          if (al1 !== 0) {
            nodeScore += (rq1 > al1 ? 0 : Math.trunc(((al1 - rq1) * MAX_SCORE) / al1)) * w1;
            weightSum += w1;
          }
          out[n] = weightSum === 0 ? 0 : Math.trunc(nodeScore / weightSum);
        }
        return;
      }
      // balancedResourceScorer over (cpu, memory), written out
      for (let n = 0; n < nodes.length; n++) {
        const o = rows![n] * ROW_STRIDE;
        const al0 = rowData[o + COL_ALLOC_MILLI_CPU];
        const al1 = rowData[o + COL_ALLOC_MEMORY];
        let cnt = 0;
        let f0 = 0;
        let f1 = 0;
        if (al0 !== 0) {
          let f = (rowData[o + colCPU] + p0) / al0;
          if (f > 1) f = 1;
          f0 = f;
          cnt++;
        }
        if (al1 !== 0) {
          let f = (rowData[o + colMem] + p1) / al1;
          if (f > 1) f = 1;
          if (cnt === 0) f0 = f;
          else f1 = f;
          cnt++;
        }
        const std = cnt === 2 ? Math.abs((f0 - f1) / 2) : 0;
        out[n] = Math.trunc((1 - std) * MAX_SCORE);
      }
      return;
    }
    for (let n = 0; n < nodes.length; n++) {
      let d: Float64Array;
      let o: number;
      if (rowData !== null) {
        d = rowData;
        o = rows![n] * ROW_STRIDE;
      } else {
        const node = nodes[n];
        const t = node.table;
        if (t === null) {
          out[n] = this.score(node, podRequests);
          continue;
        }
        d = t.data;
        o = node.row * ROW_STRIDE;
      }
      for (let i = 0; i < kinds.length; i++) {
        const p = podRequests[i];
        let al: number;
        let rq: number;
        if (kinds[i] === 0) {
          al = d[o + COL_ALLOC_MILLI_CPU];
          rq = d[o + colCPU] + p;
        } else if (kinds[i] === 1) {
          al = d[o + COL_ALLOC_MEMORY];
          rq = d[o + colMem] + p;
        } else {
          al = d[o + COL_ALLOC_EPHEMERAL];
          rq = d[o + COL_REQ_EPHEMERAL] + p;
        }
        if (al === 0) {
          alloc[i] = 0;
          req[i] = 0;
        } else {
          alloc[i] = al;
          req[i] = rq;
        }
      }
      out[n] = this.scorer(req, alloc);
    }
  }
}
