/**
 * The cluster's per-node numbers in one flat Float64Array, a row per NodeInfo: allocatable and
 * requested cpu/memory/ephemeral-storage, pod count and capacity, non-zero requests, flags.
 *
 * The scheduler's filter window walks hundreds of nodes per pod; reading these numbers through
 * NodeInfo → allocatable/requested objects costs several cache misses per node at thousands of
 * nodes, while a row is one contiguous 128-byte block. Each row is a copy of its NodeInfo's
 * fields, rewritten by NodeInfo whenever they change (addPod, removePod, setNode), so a filter or
 * score reading the row sees exactly what it would read from the objects.
 */
import type { NodeInfo } from './node-info.ts';
import type { Taint } from './types.ts';

const taintSetIds = new Map<string, number>();
const taintSets: (readonly Taint[])[] = [[]];

/**
 * A small integer naming a list of taints by content (key, value, effect in order), 0 for no
 * taints: nodes with equal taints share it, so a pod's tolerations are checked once per id.
 */
export function taintSetId(taints: readonly Taint[]): number {
  if (taints.length === 0) return 0;
  let key = '';
  for (const t of taints) key += `${t.key}\u0000${t.value ?? ''}\u0000${t.effect}\u0001`;
  let id = taintSetIds.get(key);
  if (id === undefined) {
    id = taintSets.length;
    taintSets.push(taints.map((t) => ({ key: t.key, value: t.value, effect: t.effect })));
    taintSetIds.set(key, id);
  }
  return id;
}

/** How many taint-set ids exist (every id is below it). */
export function taintSetCount(): number {
  return taintSets.length;
}

/** The taints (key, value, effect) named by a {@link taintSetId}. */
export function taintSetOf(id: number): readonly Taint[] {
  return taintSets[id];
}

/** Doubles per row. */
export const ROW_STRIDE = 16;
/** Column offsets within a row. */
export const COL_ALLOC_MILLI_CPU = 0;
export const COL_ALLOC_MEMORY = 1;
export const COL_ALLOC_EPHEMERAL = 2;
export const COL_ALLOWED_PODS = 3;
export const COL_REQ_MILLI_CPU = 4;
export const COL_REQ_MEMORY = 5;
export const COL_REQ_EPHEMERAL = 6;
export const COL_NUM_PODS = 7;
export const COL_NON_ZERO_MILLI_CPU = 8;
export const COL_NON_ZERO_MEMORY = 9;
export const COL_FLAGS = 10;
/** {@link taintSetId} of the node's taints (0: none). */
export const COL_TAINT_SET = 11;
/**
 * A number that changes whenever the row is rewritten (a value no other sync ever wrote; 0 before
 * the first): the scheduler's caches of per-node results key on it.
 */
export const COL_GEN = 12;

/** Sync count over every table, so a generation is never reused, even by a freed and reused row. */
let syncs = 0;
/**
 * Moves whenever some row may hold a node with other labels than before: a row given to a node,
 * or a node's labels object replaced (NodeInfo.setNode). Per-row caches of label-derived values
 * (TopologyValues, src/model/topology-values.ts) trust an entry checked in the current epoch without
 * reading the node. Starts at 1, so a zeroed entry is never current.
 */
let labelEpoch = 1;

/** The current {@link labelEpoch}. */
export function labelsEpoch(): number {
  return labelEpoch;
}

/** Starts a new label epoch (a node's labels object was replaced). */
export function bumpLabelsEpoch(): void {
  labelEpoch++;
}

/** Flag bits of {@link COL_FLAGS}. */
export const FLAG_UNSCHEDULABLE = 1;
export const FLAG_HAS_TAINTS = 2;
export const FLAG_HAS_USED_PORTS = 4;

/** Rows of per-node numbers, allocated and freed as nodes join and leave the cluster. */
export class NodeTable {
  /** ROW_STRIDE doubles per row; replaced (not resized) when it grows. */
  data = new Float64Array(64 * ROW_STRIDE);
  private readonly freeRows: number[] = [];
  private nextRow = 0;

  /** A row for a new node (zeroed). */
  alloc(): number {
    const row = this.freeRows.length > 0 ? this.freeRows.pop()! : this.nextRow++;
    const need = (row + 1) * ROW_STRIDE;
    if (need > this.data.length) {
      const grown = new Float64Array(Math.max(need, this.data.length * 2));
      grown.set(this.data);
      this.data = grown;
    }
    this.data.fill(0, row * ROW_STRIDE, need);
    labelEpoch++; // the row now holds another node
    return row;
  }

  /** Returns a node's row to the pool. */
  free(row: number): void {
    this.data.fill(0, row * ROW_STRIDE, (row + 1) * ROW_STRIDE);
    this.freeRows.push(row);
  }

  /** Rows in use or freed so far (an upper bound of every row number + 1). */
  get rowCount(): number {
    return this.nextRow;
  }

  /** Copies the node's fields into its row. */
  sync(ni: NodeInfo): void {
    const d = this.data;
    const o = ni.row * ROW_STRIDE;
    const a = ni.allocatable;
    const r = ni.requested;
    d[o + COL_ALLOC_MILLI_CPU] = a.milliCPU;
    d[o + COL_ALLOC_MEMORY] = a.memory;
    d[o + COL_ALLOC_EPHEMERAL] = a.ephemeralStorage;
    d[o + COL_ALLOWED_PODS] = a.allowedPodNumber;
    d[o + COL_REQ_MILLI_CPU] = r.milliCPU;
    d[o + COL_REQ_MEMORY] = r.memory;
    d[o + COL_REQ_EPHEMERAL] = r.ephemeralStorage;
    d[o + COL_NUM_PODS] = ni.pods.length;
    d[o + COL_NON_ZERO_MILLI_CPU] = ni.nonZeroMilliCPU;
    d[o + COL_NON_ZERO_MEMORY] = ni.nonZeroMemory;
    d[o + COL_FLAGS] =
      (ni.unschedulable ? FLAG_UNSCHEDULABLE : 0) | (ni.taints.length > 0 ? FLAG_HAS_TAINTS : 0) | (ni.usedPorts.length > 0 ? FLAG_HAS_USED_PORTS : 0);
    d[o + COL_TAINT_SET] = ni.taintSet;
    d[o + COL_GEN] = ++syncs;
  }
}
