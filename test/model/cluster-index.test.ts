/**
 * ClusterState's pod indexes kept cheaply are the indexes kept the plain way (fast-check):
 * - podsByNamespace, built on first use, has the same namespaces and the same pods in the same
 *   order as adding each pod to its namespace's set as it comes, whenever it is first read;
 * - podsOwnedBy, whose owner key is remembered from pod to pod, matches the controller
 *   references, including references changed in place between pods.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { controllerKey } from '../../src/model/cluster.ts';
import type { PodInfo } from '../../src/model/pod-info.ts';
import type { OwnerReference, Pod } from '../../src/model/types.ts';
import { makeCluster, makeNode, makePod } from '../helpers/cluster.ts';

type Op = { kind: 'add'; name: number; ns: number; owner: number } | { kind: 'remove'; name: number; ns: number } | { kind: 'read' } | { kind: 'rename'; owner: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('add' as const), name: fc.integer({ min: 0, max: 15 }), ns: fc.integer({ min: 0, max: 2 }), owner: fc.integer({ min: 0, max: 3 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('remove' as const), name: fc.integer({ min: 0, max: 15 }), ns: fc.integer({ min: 0, max: 2 }) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'read' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('rename' as const), owner: fc.integer({ min: 1, max: 3 }) }) },
);

describe('ClusterState pod indexes', () => {
  it('podsByNamespace (built on first read) and podsOwnedBy equal the plain indexes', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 80 }), fc.boolean(), (ops, bound) => {
        const c = makeCluster([makeNode('n1')]);
        // owner 0: none; the others share one reference list each, as expanded pods do
        const refs: (OwnerReference[] | undefined)[] = [undefined, 1, 2, 3].map((i) => (i === undefined ? undefined : [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `rs${i}`, controller: true }]));
        const byNs = new Map<string, Set<PodInfo>>();
        const byOwner = new Map<string, Set<PodInfo>>();
        const pods = new Map<string, PodInfo>();
        // the plain way: the key from the reference as it is now (controllerKey)
        const ownerKey = (p: PodInfo): string | undefined => controllerKey(p.pod);
        for (const o of ops) {
          if (o.kind === 'add') {
            const pod: Pod = makePod(`p${o.name}`, [], { metadata: { name: `p${o.name}`, namespace: `ns${o.ns}`, ownerReferences: refs[o.owner] }, spec: { containers: [], nodeName: bound ? 'n1' : undefined } });
            if (c.pods.has(`ns${o.ns}/p${o.name}`)) continue;
            const p = c.addPod(pod);
            pods.set(p.key, p);
            let s = byNs.get(p.namespace);
            if (!s) byNs.set(p.namespace, (s = new Set()));
            s.add(p);
            const k = ownerKey(p);
            if (k !== undefined) {
              if (!byOwner.has(k)) byOwner.set(k, new Set());
              byOwner.get(k)!.add(p);
            }
          } else if (o.kind === 'remove') {
            const p = c.removePod(`ns${o.ns}/p${o.name}`);
            if (p) {
              pods.delete(p.key);
              byNs.get(p.namespace)!.delete(p);
              const k = ownerKey(p);
              if (k !== undefined) byOwner.get(k)?.delete(p);
            }
          } else if (o.kind === 'rename') {
            // a reference changed in place: later pods name the new owner
            refs[o.owner]![0].name = `${refs[o.owner]![0].name}x`;
          } else {
            expect([...c.podsByNamespace].map(([k, s]) => [k, [...s]])).toEqual([...byNs].map(([k, s]) => [k, [...s]]));
          }
        }
        expect([...c.podsByNamespace].map(([k, s]) => [k, [...s]])).toEqual([...byNs].map(([k, s]) => [k, [...s]]));
        const nonEmpty = (m: Map<string, Set<PodInfo>>): [string, PodInfo[]][] => [...m].filter(([, s]) => s.size > 0).map(([k, s]) => [k, [...s]]);
        expect(nonEmpty(c.podsByOwner)).toEqual(nonEmpty(byOwner));
      }),
      { numRuns: 300 },
    );
  });

  it('podsOwnedBy uses the key of the reference as it was when each pod was added', () => {
    const ref: OwnerReference = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'a', controller: true };
    const refs = [ref];
    const c = makeCluster([]);
    c.addPod(makePod('p0', [], { metadata: { name: 'p0', namespace: 'default', ownerReferences: refs } }));
    ref.name = 'b';
    c.addPod(makePod('p1', [], { metadata: { name: 'p1', namespace: 'default', ownerReferences: refs } }));
    c.addPod(makePod('p2', [], { metadata: { name: 'p2', namespace: 'other', ownerReferences: refs } }));
    expect([...c.podsOwnedBy('ReplicaSet', 'default', 'a')].map((p) => p.name)).toEqual(['p0']);
    expect([...c.podsOwnedBy('ReplicaSet', 'default', 'b')].map((p) => p.name)).toEqual(['p1']);
    expect([...c.podsOwnedBy('ReplicaSet', 'other', 'b')].map((p) => p.name)).toEqual(['p2']);
  });
});
