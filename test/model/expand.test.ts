/**
 * podsForWorkloads keeps the names it gave as index sets per owner name (no name string per pod):
 * it names pods exactly as the plain set of `namespace/name` keys did, with workloads of every
 * kind whose names collide (same names across kinds, names that are prefixes of others, DaemonSet
 * pods named after nodes like `b-3`) and bare pods holding some of the names (fast-check).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ClusterState, WorkloadKind } from '../../src/model/cluster.ts';
import { podsForWorkloads } from '../../src/model/expand.ts';
import type { KubeObject, Pod } from '../../src/model/types.ts';
import { makeCluster, makeNode, makePod } from '../helpers/cluster.ts';

const NAMES = ['web', 'web-1', 'a', 'a-b', 'b', 'x-0'];
const NODES = ['0', '1', 'b-3', 'n'];
const KINDS: WorkloadKind[] = ['Deployment', 'ReplicaSet', 'StatefulSet', 'Job', 'DaemonSet'];

/** The names the plain way (podsForWorkloads before index sets), for workloads with no pods yet. */
function reference(cluster: ClusterState): string[] {
  const out: string[] = [];
  const taken = new Set<string>();
  const ns = (o: KubeObject): string => o.metadata.namespace ?? 'default';
  const free = (o: KubeObject, name: string): boolean => !cluster.pods.has(`${ns(o)}/${name}`) && !taken.has(`${ns(o)}/${name}`);
  const create = (o: KubeObject, n: number): void => {
    for (let i = 0, made = 0; made < n; i++) {
      const key = `${ns(o)}/${o.metadata.name}-${i}`;
      if (cluster.pods.has(key) || taken.has(key)) continue;
      taken.add(key);
      out.push(key);
      made++;
    }
  };
  const replicas = (o: KubeObject): number => ((o.spec as { replicas?: number }).replicas ?? 1);
  for (const kind of ['Deployment', 'ReplicaSet'] as const) for (const o of cluster.workloads[kind].values()) create(o, replicas(o));
  for (const o of cluster.workloads.StatefulSet.values()) {
    for (let i = 0; i < replicas(o); i++) if (free(o, `${o.metadata.name}-${i}`)) out.push(`${ns(o)}/${o.metadata.name}-${i}`);
  }
  for (const o of cluster.workloads.Job.values()) create(o, (o.spec as { parallelism: number }).parallelism);
  for (const o of cluster.workloads.DaemonSet.values()) {
    for (const ni of cluster.nodeList()) if (free(o, `${o.metadata.name}-${ni.name}`)) out.push(`${ns(o)}/${o.metadata.name}-${ni.name}`);
  }
  return out;
}

const template = { metadata: { labels: { app: 'x' } }, spec: { containers: [] } };

function workload(kind: WorkloadKind, name: string, namespace: string, n: number): KubeObject {
  const spec =
    kind === 'Job' ? { parallelism: n, template } : kind === 'DaemonSet' ? { selector: { matchLabels: { app: 'x' } }, template } : { replicas: n, selector: { matchLabels: { app: 'x' } }, template };
  return { apiVersion: kind === 'Job' ? 'batch/v1' : 'apps/v1', kind, metadata: { name, namespace }, spec } as KubeObject;
}

describe('podsForWorkloads names', () => {
  it('are those the plain set of taken names gives', () => {
    const w = fc.record({ kind: fc.constantFrom(...KINDS), name: fc.constantFrom(...NAMES), ns: fc.constantFrom('default', 'other'), n: fc.integer({ min: 0, max: 4 }) });
    const bare = fc.record({ name: fc.constantFrom('web-0', 'web-1-0', 'a-1', 'a-b-0', 'b-b-3', 'x-0-0', 'a-01', 'web-n'), ns: fc.constantFrom('default', 'other') });
    fc.assert(
      fc.property(fc.array(w, { maxLength: 8 }), fc.array(bare, { maxLength: 4 }), (ws, pods) => {
        const seen = new Set<string>();
        const bareNamed = pods.filter((p) => !seen.has(`${p.ns}/${p.name}`) && seen.add(`${p.ns}/${p.name}`));
        const cluster = makeCluster(
          NODES.map((n) => makeNode(n)),
          bareNamed.map((p): Pod => makePod(p.name, [], { metadata: { name: p.name, namespace: p.ns }, spec: { containers: [], nodeName: 'n' } })),
        );
        for (const x of ws) cluster.workloads[x.kind].set(`${x.ns}/${x.name}`, workload(x.kind, x.name, x.ns, x.n));
        const got = podsForWorkloads(cluster).map((p) => `${p.metadata.namespace}/${p.metadata.name}`);
        expect(got).toEqual(reference(cluster));
      }),
      { numRuns: 500 },
    );
  });

  it('pods of one owner share its owner references and status object, with their own metadata', () => {
    const cluster = makeCluster([makeNode('n')]);
    cluster.workloads.Deployment.set('default/web', workload('Deployment', 'web', 'default', 3));
    const pods = podsForWorkloads(cluster);
    expect(pods.map((p) => p.metadata.name)).toEqual(['web-0', 'web-1', 'web-2']);
    expect(pods[1].metadata.ownerReferences).toBe(pods[0].metadata.ownerReferences);
    expect(pods[1].status).toBe(pods[0].status);
    expect(pods[0].status).toEqual({ phase: 'Pending' });
    expect(pods[1].metadata).not.toBe(pods[0].metadata);
  });
});
