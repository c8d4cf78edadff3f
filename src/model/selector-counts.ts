/**
 * Matching-pod counts per node for label selectors the scheduler asks about again and again:
 * PodTopologySpread counts, every cycle, the non-terminating pods of the pod's namespace that
 * match each constraint's selector on every node (upstream's countPodsMatchSelector over each
 * node's pods), and InterPodAffinity the pods (terminating ones too) of the term's namespaces
 * matching an incoming pod's required affinity term. Pods of one ReplicaSet ask with the same
 * selector, so the counts are kept per (namespaces, selector, terminating or not) once asked
 * for, and updated as pods come and go instead of recounted.
 *
 * Kept up to date by NodeInfo.addPod/removePod of the nodes attached to the cluster (what-if
 * removals of preemption and the cluster-autoscaler's snapshot included) and by
 * {@link SelectorCountIndex.podTerminating} when a bound pod starts terminating. A selector is
 * found from a pod's labels through one `key=value` pair it requires (its anchor), so updating
 * costs a few lookups per pod label, not one test per selector known.
 */
import type { LabelMatcher, Labels } from './labels.ts';
import type { NodeInfo } from './node-info.ts';
import type { PodInfo } from './pod-info.ts';
import type { LabelSelector } from './types.ts';

/** The value {@link SelectorCounts.countsByValue} files the pods of nodes without the key under (no label value holds a NUL). */
export const MISSING_VALUE = '\u0000';

/** The counts of one (namespaces, selector): matching pods per node, nodes with none left out. */
export class SelectorCounts {
  /** node → number of matching pods on it (only nodes with at least one). */
  readonly byNode = new Map<NodeInfo, number>();
  /** The same counts by the nodes' node-table rows (0 elsewhere), for per-node reads in a loop. */
  byRow = new Float64Array(0);

  constructor(
    readonly namespaces: ReadonlySet<string>,
    readonly matches: LabelMatcher,
    /** Terminating pods (with a deletionTimestamp) count too (InterPodAffinity), or not (spreading). */
    readonly includeTerminating: boolean,
  ) {}

  /**
   * Per topology key asked for: matching pods per value of the key on their nodes (nodes
   * without the key under {@link MISSING_VALUE}), the sums of byNode over the nodes of each value.
   */
  private readonly byValue = new Map<string, Map<string, number>>();

  /** Adds `delta` to a node's count. */
  add(node: NodeInfo, delta: number): void {
    const next = (this.byNode.get(node) ?? 0) + delta;
    if (next > 0) this.byNode.set(node, next);
    else this.byNode.delete(node);
    this.setRow(node.row, next > 0 ? next : 0);
    if (this.byValue.size > 0) this.addToValues(node.labels, delta);
  }

  /** Matching pods per value of `key` (see byValue), kept from now on. */
  countsByValue(key: string): ReadonlyMap<string, number> {
    let m = this.byValue.get(key);
    if (m === undefined) {
      m = new Map();
      for (const [node, n] of this.byNode) bump(m, node.labels?.[key] ?? MISSING_VALUE, n);
      this.byValue.set(key, m);
    }
    return m;
  }

  /** A node's labels changed: its pods move between values. */
  relabel(node: NodeInfo, before: Labels, after: Labels): void {
    const n = this.byNode.get(node);
    if (n === undefined || this.byValue.size === 0) return;
    this.addToValues(before, -n);
    this.addToValues(after, n);
  }

  /** The node left: its pods stop counting. */
  drop(node: NodeInfo): void {
    const n = this.byNode.get(node);
    if (n === undefined) return;
    this.byNode.delete(node);
    this.setRow(node.row, 0);
    if (this.byValue.size > 0) this.addToValues(node.labels, -n);
  }

  /** Writes a row's count (rows below 0: a node outside a table, not kept by row). */
  setRow(row: number, n: number): void {
    if (row < 0) return;
    if (row >= this.byRow.length) {
      if (n === 0) return;
      const grown = new Float64Array(Math.max(row + 1, this.byRow.length * 2, 64));
      grown.set(this.byRow);
      this.byRow = grown;
    }
    this.byRow[row] = n;
  }

  private addToValues(labels: Labels, delta: number): void {
    for (const [key, m] of this.byValue) bump(m, labels?.[key] ?? MISSING_VALUE, delta);
  }
}

/**
 * A `key=value` pair every pod a selector matches carries (a matchLabels entry, or an `In`
 * requirement with one value), or null.
 */
export function selectorAnchor(sel: LabelSelector): string | null {
  const ml = sel.matchLabels;
  if (ml) for (const k in ml) return pairKey(k, ml[k]);
  for (const r of sel.matchExpressions ?? []) {
    if (r.operator === 'In' && r.values?.length === 1) return pairKey(r.key, r.values[0]);
  }
  return null;
}

/** Which counts a change concerns: all, those with terminating pods, those without. */
const ALL = 0;
const ONLY_WITH_TERMINATING = 1;
const ONLY_WITHOUT_TERMINATING = 2;

function concerns(c: SelectorCounts, which: number): boolean {
  return which === ALL || (which === ONLY_WITH_TERMINATING) === c.includeTerminating;
}

function bump(m: Map<string, number>, v: string, delta: number): void {
  const next = (m.get(v) ?? 0) + delta;
  if (next !== 0) m.set(v, next);
  else m.delete(v);
}

function pairKey(k: string, v: string): string {
  return `${k}\u0000${v}`;
}

/** A canonical text of (namespaces, selector, terminating counted): equal selectors in any key order give equal keys. */
export function selectorKey(namespace: string | ReadonlySet<string>, sel: LabelSelector, includeTerminating = false): string {
  const namespaces = typeof namespace === 'string' ? namespace : [...namespace].sort().join('\u0000');
  return `${includeTerminating ? 1 : 0}\u0001${namespaces}\u0001${selectorText(sel)}`;
}

/** Selector objects are asked about cycle after cycle: their canonical text is remembered. */
const selectorTexts = new WeakMap<LabelSelector, string>();

function selectorText(sel: LabelSelector): string {
  let t = selectorTexts.get(sel);
  if (t !== undefined) return t;
  const ml = sel.matchLabels ?? {};
  const labels = Object.keys(ml)
    .sort()
    .map((k) => [k, ml[k]]);
  const exprs = (sel.matchExpressions ?? []).map((r) => [r.key, r.operator, [...(r.values ?? [])].sort()]);
  exprs.sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
  t = JSON.stringify([labels, exprs]);
  selectorTexts.set(sel, t);
  return t;
}

/** The counts of every selector asked for, with the anchors that find them from a pod. */
export class SelectorCountIndex {
  private readonly byKey = new Map<string, SelectorCounts>();
  private readonly byAnchor = new Map<string, SelectorCounts[]>();
  /** Selectors without an anchor: tested against every pod. */
  private readonly unanchored: SelectorCounts[] = [];

  /** Selectors kept. */
  get size(): number {
    return this.byKey.size;
  }

  /** The kept counts of (namespaces, selector), or undefined when never registered. */
  get(namespace: string | ReadonlySet<string>, sel: LabelSelector, includeTerminating = false): SelectorCounts | undefined {
    return this.byKey.get(selectorKey(namespace, sel, includeTerminating));
  }

  /**
   * Starts keeping the counts of (namespaces, selector); `initial` are today's, counted by the
   * caller over the cluster's bound pods (terminating ones too when `includeTerminating`).
   */
  register(
    namespace: string | ReadonlySet<string>,
    sel: LabelSelector,
    matches: LabelMatcher,
    initial: ReadonlyMap<NodeInfo, number>,
    includeTerminating = false,
  ): SelectorCounts {
    const key = selectorKey(namespace, sel, includeTerminating);
    let c = this.byKey.get(key);
    if (c !== undefined) return c;
    c = new SelectorCounts(typeof namespace === 'string' ? new Set([namespace]) : new Set(namespace), matches, includeTerminating);
    for (const [node, n] of initial) {
      if (n <= 0) continue;
      c.byNode.set(node, n);
      c.setRow(node.row, n);
    }
    this.byKey.set(key, c);
    const anchor = selectorAnchor(sel);
    if (anchor === null) this.unanchored.push(c);
    else {
      let list = this.byAnchor.get(anchor);
      if (list === undefined) this.byAnchor.set(anchor, (list = []));
      list.push(c);
    }
    return c;
  }

  /** A node left the cluster: its counts go (its pods no longer count anywhere). */
  dropNode(node: NodeInfo): void {
    for (const c of this.byKey.values()) c.drop(node);
  }

  /** A node's labels changed (before NodeInfo takes the new ones or after: both are given). */
  relabel(node: NodeInfo, before: Labels, after: Labels): void {
    if (before === after) return;
    for (const c of this.byKey.values()) c.relabel(node, before, after);
  }

  /** A pod was added to (delta 1) or removed from (−1) a node; a terminating one only where terminating pods count. */
  update(p: PodInfo, node: NodeInfo, delta: number): void {
    if (this.byKey.size === 0) return;
    this.apply(p, node, delta, p.pod.metadata.deletionTimestamp ? ONLY_WITH_TERMINATING : ALL);
  }

  /** A bound pod starts terminating (call before its deletionTimestamp is set): it stops counting where terminating pods do not. */
  podTerminating(p: PodInfo, node: NodeInfo): void {
    if (this.byKey.size === 0 || p.pod.metadata.deletionTimestamp) return;
    this.apply(p, node, -1, ONLY_WITHOUT_TERMINATING);
  }

  private apply(p: PodInfo, node: NodeInfo, delta: number, which: number): void {
    const labels: Labels = p.labels;
    if (labels !== undefined) {
      for (const k in labels) {
        const list = this.byAnchor.get(pairKey(k, labels[k]));
        if (list === undefined) continue;
        for (const c of list) if (concerns(c, which) && c.namespaces.has(p.namespace) && c.matches(labels)) c.add(node, delta);
      }
    }
    for (const c of this.unanchored) if (concerns(c, which) && c.namespaces.has(p.namespace) && c.matches(labels)) c.add(node, delta);
  }
}
