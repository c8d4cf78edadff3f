/**
 * Small ids for the values of one topology key, with each node's id kept per node-table row
 * (PodTopologySpread and InterPodAffinity read a node's domains in PreScore and Score of every cycle).
 */
import type { Labels } from './labels.ts';
import type { NodeInfo } from './node-info.ts';
import { labelsEpoch } from './node-table.ts';

const UNREAD: Labels = Object.freeze({}) as Labels;

/**
 * Small ids for the values of one topology key, and per node-table row the id of the node's
 * value (−1: no such label), read again only when the node's labels object changes (label
 * updates replace it). Spreading reads a node's domains in PreScore and Score of every cycle.
 */
export class TopologyValues {
  /** Value of each id. */
  readonly values: string[] = [];
  private readonly idOf = new Map<string, number>();
  private labelsOf: Labels[] = [];
  private ids = new Int32Array(0);
  private marks = new Int32Array(0);
  /** Per row, the label epoch in which ids[row] was last checked against the node's labels. */
  private checked = new Float64Array(0);

  constructor(readonly key: string) {}

  /** The id of `value` (a new one the first time). */
  idFor(value: string): number {
    let id = this.idOf.get(value);
    if (id === undefined) {
      id = this.values.length;
      this.values.push(value);
      this.idOf.set(value, id);
    }
    return id;
  }

  /** The id of the node's value of the key, −1 when the node has no such label. */
  of(node: NodeInfo): number {
    const row = node.row;
    const labels = node.labels;
    if (row < 0) {
      const v = labels?.[this.key];
      return v === undefined ? -1 : this.idFor(v);
    }
    if (row >= this.ids.length) {
      const n = Math.max(row + 1, this.ids.length * 2, 64);
      const ids = new Int32Array(n);
      ids.set(this.ids);
      this.ids = ids;
      while (this.labelsOf.length < n) this.labelsOf.push(UNREAD);
    }
    if (this.labelsOf[row] !== labels || labels === UNREAD) {
      const v = labels?.[this.key];
      this.ids[row] = v === undefined ? -1 : this.idFor(v);
      this.labelsOf[row] = labels;
      // rewritten from other labels: ofRow must read this row again
      if (row < this.checked.length) this.checked[row] = 0;
    }
    return this.ids[row];
  }

  /**
   * {@link of} for the node at node-table `row` (the cluster's table): an id checked in the
   * current label epoch is returned without reading the node (no relabel and no new node at a
   * row since), which spares a pointer chase per node and cycle.
   */
  ofRow(row: number, node: NodeInfo): number {
    const epoch = labelsEpoch();
    if (row < this.checked.length && this.checked[row] === epoch) return this.ids[row];
    const id = this.of(node);
    if (node.row === row && row >= 0) {
      if (row >= this.checked.length) {
        const c = new Float64Array(Math.max(row + 1, this.checked.length * 2, 64));
        c.set(this.checked);
        this.checked = c;
      }
      this.checked[row] = epoch;
    }
    return id;
  }

  /** Marks id with `mark`; true when it was not marked with it yet. */
  mark(id: number, mark: number): boolean {
    if (id >= this.marks.length) {
      const m = new Int32Array(Math.max(id + 1, this.marks.length * 2, 16));
      m.set(this.marks);
      this.marks = m;
    }
    if (this.marks[id] === mark) return false;
    this.marks[id] = mark;
    return true;
  }
}

/** A plugin's TopologyValues, one per topology key, made on first use. */
export class TopologyValuesByKey {
  private readonly byKey = new Map<string, TopologyValues>();

  /** The value ids of `key`. */
  of(key: string): TopologyValues {
    let t = this.byKey.get(key);
    if (t === undefined) this.byKey.set(key, (t = new TopologyValues(key)));
    return t;
  }
}
