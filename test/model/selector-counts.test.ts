/**
 * The kept matching-pod counts (SelectorCountIndex) against a fresh count over every node's pods
 * (upstream's countPodsMatchSelector), after any sequence of binds, deletions, what-if removals,
 * pods starting to terminate and nodes leaving and coming back.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileSelector } from '../../src/model/labels.ts';
import type { ClusterState } from '../../src/model/cluster.ts';
import type { NodeInfo } from '../../src/model/node-info.ts';
import { MISSING_VALUE, selectorAnchor, selectorKey } from '../../src/model/selector-counts.ts';
import type { LabelSelector } from '../../src/model/types.ts';
import { makeCluster, makeNode, makePod } from '../helpers/cluster.ts';

const SELECTORS: { ns: string[]; sel: LabelSelector; term: boolean }[] = [
  { ns: ['default'], sel: { matchLabels: { app: 'a' } }, term: false },
  { ns: ['default'], sel: { matchLabels: { app: 'b', tier: 'web' } }, term: false },
  { ns: ['default'], sel: { matchExpressions: [{ key: 'app', operator: 'In', values: ['a', 'b'] }] }, term: false },
  { ns: ['default'], sel: { matchExpressions: [{ key: 'tier', operator: 'Exists' }] }, term: false },
  { ns: ['other'], sel: { matchLabels: { app: 'a' } }, term: false },
  { ns: ['default'], sel: { matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['a'] }] }, term: false },
  // InterPodAffinity's kind: terminating pods count, several namespaces
  { ns: ['default'], sel: { matchLabels: { app: 'a' } }, term: true },
  { ns: ['default', 'other'], sel: { matchExpressions: [{ key: 'tier', operator: 'Exists' }] }, term: true },
];

/** Upstream's count: pods in the namespaces matching the selector (terminating ones only if `term`), per existing node. */
function fresh(cluster: ClusterState, ns: string[], sel: LabelSelector, term: boolean): Map<string, number> {
  const m = compileSelector(sel);
  const out = new Map<string, number>();
  for (const node of cluster.nodeList()) {
    let n = 0;
    for (const p of node.pods) if (ns.includes(p.namespace) && (term || !p.pod.metadata.deletionTimestamp) && m(p.labels)) n++;
    if (n > 0) out.set(node.name, n);
  }
  return out;
}

/** The fresh count summed per value of `key` on the nodes ("" for nodes without it). */
function freshByValue(cluster: ClusterState, ns: string[], sel: LabelSelector, term: boolean, key: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const [name, n] of fresh(cluster, ns, sel, term)) {
    const v = cluster.nodes.get(name)!.labels?.[key] ?? MISSING_VALUE;
    out.set(v, (out.get(v) ?? 0) + n);
  }
  return out;
}

function sorted(m: ReadonlyMap<string, number>): [string, number][] {
  return [...m].sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

function kept(byNode: ReadonlyMap<NodeInfo, number>): Map<string, number> {
  return new Map([...byNode].map(([n, c]) => [n.name, c]));
}

const op = fc.oneof(
  fc.record({ kind: fc.constant('add' as const), app: fc.constantFrom('a', 'b', 'c'), tier: fc.constantFrom(undefined, 'web'), ns: fc.constantFrom('default', 'other'), node: fc.nat(4) }),
  fc.record({ kind: fc.constant('remove' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('terminate' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('whatIf' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('dropNode' as const), node: fc.nat(4) }),
  fc.record({ kind: fc.constant('relabel' as const), node: fc.nat(4), zone: fc.constantFrom(undefined, 'z1', 'z2') }),
  fc.record({ kind: fc.constant('register' as const), which: fc.nat(SELECTORS.length - 1) }),
);

describe('SelectorCountIndex', () => {
  it('keeps the counts a fresh count over the nodes gives, through any changes', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 10, maxLength: 60 }), (ops) => {
        const nodes = [0, 1, 2, 3, 4].map((i) => makeNode(`n${i}`, { cpu: '8' }, { metadata: { name: `n${i}`, labels: { zone: `z${i % 2}` } } }));
        const cluster = makeCluster(nodes);
        const index = cluster.affinityIndex.selectorCounts;
        // half the selectors kept from the start, the others registered on the way
        SELECTORS.forEach((s, i) => {
          if (i % 2 === 0) index.register(new Set(s.ns), s.sel, compileSelector(s.sel), new Map(), s.term).countsByValue('zone');
        });
        let seq = 0;
        for (const o of ops) {
          const pods = [...cluster.pods.values()].filter((p) => p.nodeName && cluster.nodes.has(p.nodeName));
          if (o.kind === 'add') {
            const labels: Record<string, string> = { app: o.app };
            if (o.tier) labels.tier = o.tier;
            const p = cluster.addPod(makePod(`p${seq++}`, [], { metadata: { name: `p${seq}`, namespace: o.ns, labels } }));
            const target = `n${o.node}`;
            if (!cluster.nodes.has(target)) cluster.addNode(nodes[o.node]);
            cluster.bindPod(p, target);
          } else if (o.kind === 'remove' && pods.length > 0) cluster.removePod(pods[o.pick % pods.length].key);
          else if (o.kind === 'terminate' && pods.length > 0) {
            const p = pods[o.pick % pods.length];
            const ni = cluster.nodes.get(p.nodeName)!;
            if (!p.pod.metadata.deletionTimestamp) {
              index.podTerminating(p, ni);
              p.pod.metadata = { ...p.pod.metadata, deletionTimestamp: '2026-12-06T00:00:00Z' };
            }
          } else if (o.kind === 'whatIf' && pods.length > 0) {
            // preemption's what-if: off the node and back
            const p = pods[o.pick % pods.length];
            const ni = cluster.nodes.get(p.nodeName)!;
            ni.removePod(p);
            for (const s of SELECTORS) {
              const k = index.get(new Set(s.ns), s.sel, s.term);
              if (k) expect(kept(k.byNode)).toEqual(fresh(cluster, s.ns, s.sel, s.term));
            }
            ni.addPod(p);
          } else if (o.kind === 'dropNode') {
            if (cluster.nodes.has(`n${o.node}`)) cluster.removeNode(`n${o.node}`);
            else cluster.addNode(nodes[o.node]);
          } else if (o.kind === 'relabel') {
            const ni = cluster.nodes.get(`n${o.node}`);
            if (ni) cluster.addNode({ ...ni.node, metadata: { ...ni.node.metadata, labels: o.zone === undefined ? {} : { zone: o.zone } } });
          } else if (o.kind === 'register') {
            const s = SELECTORS[o.which];
            const f = fresh(cluster, s.ns, s.sel, s.term);
            const initial = new Map<NodeInfo, number>();
            for (const [name, n] of f) initial.set(cluster.nodes.get(name)!, n);
            index.register(new Set(s.ns), s.sel, compileSelector(s.sel), initial, s.term).countsByValue('zone');
          }
          for (const s of SELECTORS) {
            const k = index.get(new Set(s.ns), s.sel, s.term);
            if (!k) continue;
            expect(kept(k.byNode)).toEqual(fresh(cluster, s.ns, s.sel, s.term));
            // by row: each node's count at its row, 0 at every other row
            for (const node of cluster.nodeList()) expect(k.byRow[node.row] ?? 0).toBe(k.byNode.get(node) ?? 0);
            const rows = new Set(cluster.nodeList().map((n) => n.row));
            k.byRow.forEach((v, row) => {
              if (!rows.has(row)) expect(v).toBe(0);
            });
            expect(sorted(k.countsByValue('zone'))).toEqual(sorted(freshByValue(cluster, s.ns, s.sel, s.term, 'zone')));
          }
        }
      }),
      { numRuns: 300, seed: 20261206 },
    );
  });

  it('anchors a selector on a pair every matching pod carries, and keys selectors by content', () => {
    expect(selectorAnchor({ matchLabels: { app: 'a' } })).toBe('app\u0000a');
    expect(selectorAnchor({ matchExpressions: [{ key: 'app', operator: 'In', values: ['x'] }] })).toBe('app\u0000x');
    expect(selectorAnchor({ matchExpressions: [{ key: 'app', operator: 'In', values: ['x', 'y'] }] })).toBeNull();
    expect(selectorAnchor({ matchExpressions: [{ key: 'app', operator: 'Exists' }] })).toBeNull();
    expect(selectorKey('ns', { matchLabels: { a: '1', b: '2' } })).toBe(selectorKey('ns', { matchLabels: { b: '2', a: '1' } }));
    expect(selectorKey('ns', { matchLabels: { a: '1' } })).not.toBe(selectorKey('other', { matchLabels: { a: '1' } }));
    expect(selectorKey('ns', { matchLabels: { a: '1' } })).not.toBe(selectorKey('ns', { matchLabels: { a: '1' } }, true));
    expect(selectorKey(new Set(['b', 'a']), { matchLabels: { a: '1' } })).toBe(selectorKey(new Set(['a', 'b']), { matchLabels: { a: '1' } }));
  });
});
