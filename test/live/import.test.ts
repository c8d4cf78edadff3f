/**
 * `kubesim import` against a fake API server on 127.0.0.1 (test/live/fake-apiserver.ts),
 * through the real client-node path: a kubeconfig file, CoreV1Api/AppsV1Api/..., paginated lists.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { captureOutput } from '../helpers/capture.ts';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { cleanObject, IMPORT_KINDS, importCluster, snapshotYaml, sortObjects, type ApiObject } from '../../src/live/import.ts';
import { loadKubeConfig } from '../../src/live/kubeconfig.ts';
import { alignRevisions } from '../../src/live/revisions.ts';
import { rfc3339, toApiJson } from '../../src/live/serialize.ts';
import { runScenario } from '../../src/engine/simulation.ts';
import { loadScenario } from '../../src/scenario/load.ts';
import { buildCluster, parseManifests } from '../../src/manifests/index.ts';
import { V1Pod } from '@kubernetes/client-node';
import type { Json } from '../../src/live/serialize.ts';
import { FakeApiServer } from './fake-apiserver.ts';
import { fixtureCluster } from './fixtures.ts';

let out = '';
let err = '';
captureOutput(
  () => {
    out = '';
    err = '';
  },
  (s) => void (out += s),
  (s) => void (err += s),
);

const dir = mkdtempSync(join(tmpdir(), 'kubesim-import-'));
const server = new FakeApiServer(fixtureCluster());
let kubeconfig = '';
beforeAll(async () => {
  await server.start();
  kubeconfig = server.writeKubeconfig(dir);
});
afterAll(() => server.close());

describe('kubesim import', () => {
  it('reads every simulated kind in pages and writes a snapshot the manifests loader reads back', async () => {
    const file = join(dir, 'snap.yaml');
    const before = server.requests.length;
    expect(await main(['import', '--kubeconfig', kubeconfig, '--page-size', '2', '--out', file])).toBe(0);
    const reqs = server.requests.slice(before);
    // read only, with the kubeconfig's bearer token
    expect(reqs.every((r) => r.method === 'GET')).toBe(true);
    expect(reqs.every((r) => r.authorization === 'Bearer fake-token')).toBe(true);
    // 7 active pods in pages of 2: 4 requests, the later ones continuing the first
    const podReqs = reqs.filter((r) => r.path === '/api/v1/pods');
    expect(podReqs).toHaveLength(4);
    expect(podReqs.every((r) => r.query.limit === '2')).toBe(true);
    expect(podReqs[0].query.continue).toBeUndefined();
    expect(podReqs.slice(1).every((r) => typeof r.query.continue === 'string' && r.query.continue.length > 0)).toBe(true);
    expect(podReqs.every((r) => r.query.fieldSelector === 'status.phase!=Succeeded,status.phase!=Failed')).toBe(true);
    expect(reqs.some((r) => r.path === '/apis/autoscaling/v2/horizontalpodautoscalers')).toBe(true);
    expect(reqs.some((r) => r.path.includes('configmaps'))).toBe(false);

    const text = readFileSync(file, 'utf8');
    const loaded = parseManifests(text, file);
    expect(loaded.counts).toEqual({
      Namespace: 3,
      PriorityClass: 2,
      Node: 3,
      LimitRange: 1,
      Service: 1,
      Deployment: 1,
      ReplicaSet: 1,
      StatefulSet: 1,
      DaemonSet: 1,
      Job: 1,
      CronJob: 1,
      HorizontalPodAutoscaler: 1,
      PodDisruptionBudget: 1,
      Pod: 7,
    });
    expect(loaded.warnings).toEqual([]);
    expect(loaded.objects.some((o) => o.object.metadata.name === 'report-x7k2p')).toBe(false);

    const cluster = buildCluster(loaded);
    expect([...cluster.nodes.keys()].sort()).toEqual(['node-a', 'node-b', 'node-c']);
    const podsOn = (n: string): string[] => [...cluster.nodes.get(n)!.pods].map((p) => p.key).sort();
    expect(podsOn('node-a')).toEqual(['kube-system/kube-proxy-p', 'shop/web-abc-1']);
    expect(podsOn('node-b')).toEqual(['kube-system/kube-proxy-q', 'shop/web-abc-2']);
    expect(podsOn('node-c')).toEqual(['kube-system/kube-proxy-r', 'shop/db-0']);
    expect(cluster.pods.get('shop/web-abc-3')!.nodeName).toBeFalsy();
    // allocatable as the kubelet reported it: 3920m and 15242268Ki
    expect(cluster.nodes.get('node-a')!.allocatable.milliCPU).toBe(3920);
    expect(cluster.nodes.get('node-a')!.allocatable.memory).toBe(15242268 * 1024);
    expect(cluster.nodes.get('node-c')!.allocatable.milliCPU).toBe(8000);
    expect(cluster.nodes.get('node-c')!.node.spec?.taints).toEqual([{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }]);
    expect(cluster.nodes.get('node-a')!.node.status?.images?.[0].names).toContain('registry.k8s.io/kube-proxy:v1.35.0');
    expect(cluster.hpas.get('shop/web')!.status).toMatchObject({ currentReplicas: 3, lastScaleTime: '2025-02-01T08:10:00Z' });
    expect(cluster.workloads.Deployment.get('shop/web')!.metadata).toMatchObject({ uid: 'uid-web', generation: 4, annotations: { 'deployment.kubernetes.io/revision': '2' } });
    expect(cluster.pods.get('shop/web-abc-1')!.pod.status?.conditions?.find((c) => c.type === 'Ready')).toEqual({ type: 'Ready', status: 'True', lastTransitionTime: '2025-02-01T08:00:30Z' });

    // server-managed noise is gone
    for (const noise of ['managedFields', 'resourceVersion', 'last-applied-configuration', 'podIP', 'containerStatuses', 'lastHeartbeatTime', 'daemonEndpoints', 'nodeInfo', 'hostIP', 'disruptionsAllowed']) {
      expect(text).not.toContain(noise);
    }
    // Dates back as metav1.Time writes them: RFC 3339, whole seconds
    const stamps = [...text.matchAll(/(?:Time|Timestamp): '([^']+)'/g)].map((m) => m[1]);
    expect(stamps.length).toBeGreaterThan(20);
    for (const s of stamps) expect(s).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(err).toContain('Imported 3 Namespaces, 2 PriorityClasses, 3 Nodes');
  });

  it('orders documents by kind, namespace, name and writes the same bytes whatever the page size', async () => {
    expect(await main(['import', '--kubeconfig', kubeconfig, '--page-size', '1'])).toBe(0);
    const a = out;
    out = '';
    expect(await main(['import', '--kubeconfig', kubeconfig])).toBe(0);
    expect(out).toBe(a);
    const docs = parseManifests(a).objects.map((o) => o.object);
    const order = docs.map((o) => `${IMPORT_KINDS.indexOf(o.kind as never)}|${o.metadata.namespace ?? ''}|${o.metadata.name}`);
    const sorted = [...order].sort((x, y) => {
      const [ka, ...ra] = x.split('|');
      const [kb, ...rb] = y.split('|');
      return Number(ka) - Number(kb) || (ra.join('|') < rb.join('|') ? -1 : ra.join('|') > rb.join('|') ? 1 : 0);
    });
    expect(order).toEqual(sorted);
    expect(docs[0].kind).toBe('Namespace');
    expect(docs.at(-1)!.kind).toBe('Pod');
    expect(a.startsWith(`# kubesim import from ${server.url} (context fake)\n`)).toBe(true);
  });

  it('--namespace restricts namespaced kinds; Nodes and PriorityClasses are still read', async () => {
    const before = server.requests.length;
    expect(await main(['import', '--kubeconfig', kubeconfig, '-n', 'kube-system'])).toBe(0);
    const loaded = parseManifests(out);
    expect(loaded.counts).toEqual({ Namespace: 1, PriorityClass: 2, Node: 3, DaemonSet: 1, Pod: 3 });
    expect(loaded.objects.filter((o) => o.object.metadata.namespace !== undefined).every((o) => o.object.metadata.namespace === 'kube-system')).toBe(true);
    const paths = server.requests.slice(before).map((r) => r.path);
    expect(paths).toContain('/api/v1/namespaces/kube-system/pods');
    expect(paths).toContain('/api/v1/namespaces/kube-system');
    expect(paths).not.toContain('/api/v1/pods');
    expect(err).toContain('pods of other namespaces were not imported');
  });

  it('--include-finished-pods keeps the Succeeded pod (no field selector)', async () => {
    const before = server.requests.length;
    expect(await main(['import', '--kubeconfig', kubeconfig, '--include-finished-pods'])).toBe(0);
    expect(parseManifests(out).counts.Pod).toBe(8);
    expect(server.requests.slice(before).find((r) => r.path === '/api/v1/pods')!.query.fieldSelector).toBeUndefined();
  });

  it('an API refusal exits 1 with the Status message and writes nothing', async () => {
    server.inject({ method: 'GET', path: /^\/api\/v1\/nodes$/, code: 403, reason: 'Forbidden', message: 'nodes is forbidden: User "tester" cannot list resource "nodes" in API group "" at the cluster scope' });
    const file = join(dir, 'refused.yaml');
    expect(await main(['import', '--kubeconfig', kubeconfig, '-o', file])).toBe(1);
    expect(err).toContain('reading Nodes: 403 Forbidden: nodes is forbidden: User "tester" cannot list resource "nodes"');
    expect(err).toContain('Nothing was written');
    expect(existsSync(file)).toBe(false);
  });

  it('a server that does not answer exits 1 naming the connection error', async () => {
    const gone = new FakeApiServer();
    await gone.start();
    const kc = gone.writeKubeconfig(dir, 'gone.yaml');
    await gone.close();
    expect(await main(['import', '--kubeconfig', kc])).toBe(1);
    expect(err).toMatch(/reading Namespaces: .*ECONNREFUSED/);
  });
});

describe('kubeconfig errors exit 2, located', () => {
  it('a missing --kubeconfig file', async () => {
    const missing = join(dir, 'nope', 'config');
    expect(await main(['import', '--kubeconfig', missing])).toBe(2);
    expect(err).toBe(`error: ${missing}: kubeconfig: no such file\n`);
  });

  it('a kubeconfig that is not YAML names its line', async () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'apiVersion: v1\nclusters:\n  - name: a\n   cluster: [\n');
    expect(await main(['import', '--kubeconfig', bad])).toBe(2);
    expect(err).toMatch(new RegExp(`^error: ${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: kubeconfig: `));
  });

  it('without --kubeconfig: $KUBECONFIG, else ~/.kube/config, else a clear error (no silent localhost:8080)', () => {
    const saved = { KUBECONFIG: process.env.KUBECONFIG, HOME: process.env.HOME };
    try {
      process.env.KUBECONFIG = kubeconfig;
      expect(loadKubeConfig()).toMatchObject({ source: kubeconfig, context: 'fake', server: server.url });
      delete process.env.KUBECONFIG;
      const home = mkdtempSync(join(tmpdir(), 'kubesim-home-'));
      process.env.HOME = home;
      // inside a pod (kubesim sweeps run as Jobs) the service account is the fallback, as kubectl's
      if (existsSync('/var/run/secrets/kubernetes.io/serviceaccount/token')) expect(loadKubeConfig().source).toBe('in-cluster');
      else expect(() => loadKubeConfig()).toThrow('no kubeconfig: pass --kubeconfig FILE, set $KUBECONFIG, or create ~/.kube/config');
      mkdirSync(join(home, '.kube'));
      writeFileSync(join(home, '.kube', 'config'), readFileSync(kubeconfig));
      expect(loadKubeConfig()).toMatchObject({ source: join(home, '.kube', 'config'), server: server.url });
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  });

  it('an unknown --context lists the contexts there are', () => {
    expect(() => loadKubeConfig({ kubeconfig, context: 'prod' })).toThrow('context "prod" is not in the kubeconfig (contexts: fake)');
  });

  it('a context naming no cluster', () => {
    const f = join(dir, 'nocluster.yaml');
    writeFileSync(f, 'apiVersion: v1\nkind: Config\nclusters: []\nusers: [{name: u, user: {}}]\ncontexts: [{name: c, context: {cluster: missing, user: u}}]\ncurrent-context: c\n');
    expect(() => loadKubeConfig({ kubeconfig: f })).toThrow('context "c" names a cluster that is not defined in the kubeconfig');
  });
});

describe('typed objects back to API JSON', () => {
  it('Dates become RFC 3339: whole seconds without a fraction, milliseconds kept otherwise', () => {
    expect(rfc3339(new Date('2025-02-01T08:00:00.000Z'))).toBe('2025-02-01T08:00:00Z');
    expect(rfc3339(new Date('2025-02-01T08:00:00.250Z'))).toBe('2025-02-01T08:00:00.250Z');
    const pod = new V1Pod();
    pod.metadata = { name: 'p', creationTimestamp: new Date('2025-02-01T08:00:00Z'), labels: { a: 'b' } };
    pod.spec = { containers: [{ name: 'c', image: 'i' }] };
    pod.status = { startTime: new Date('2025-02-01T08:00:02Z'), conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: new Date('2025-02-01T08:00:30.5Z') }] };
    expect(toApiJson(pod, 'V1Pod')).toEqual({
      metadata: { name: 'p', creationTimestamp: '2025-02-01T08:00:00Z', labels: { a: 'b' } },
      spec: { containers: [{ name: 'c', image: 'i' }] },
      status: { startTime: '2025-02-01T08:00:02Z', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: '2025-02-01T08:00:30.500Z' }] },
    });
  });

  it('cleanObject keeps workload status and uid, drops node/pod noise; sortObjects orders by kind, namespace, name', () => {
    const node = cleanObject('Node', { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n', uid: 'u', resourceVersion: '9' }, status: { allocatable: { cpu: '1' }, addresses: [], phase: 'Running' } });
    expect(node).toEqual({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n' }, status: { allocatable: { cpu: '1' } } });
    const rs = cleanObject('ReplicaSet', { kind: 'ReplicaSet', metadata: { name: 'r', uid: 'u', generation: 2 }, status: { replicas: 2 } });
    expect(rs).toEqual({ kind: 'ReplicaSet', metadata: { name: 'r', uid: 'u', generation: 2 }, status: { replicas: 2 } });
    const svc = cleanObject('Service', { kind: 'Service', metadata: { name: 's', annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}' } }, status: { loadBalancer: {} } });
    expect(svc).toEqual({ kind: 'Service', metadata: { name: 's' } });
    const objs: ApiObject[] = [
      { kind: 'Pod', metadata: { namespace: 'b', name: 'a' } },
      { kind: 'Pod', metadata: { namespace: 'a', name: 'z' } },
      { kind: 'Node', metadata: { name: 'n' } },
      { kind: 'Namespace', metadata: { name: 'a' } },
    ];
    expect(sortObjects(objs).map((o) => `${String(o.kind)} ${JSON.stringify(o.metadata)}`)).toEqual([
      'Namespace {"name":"a"}',
      'Node {"name":"n"}',
      'Pod {"namespace":"a","name":"z"}',
      'Pod {"namespace":"b","name":"a"}',
    ]);
  });

  it('importCluster as a library: counts per kind, zero included', async () => {
    const { kc } = loadKubeConfig({ kubeconfig });
    const r = await importCluster(kc, { namespace: 'default' });
    expect(r.counts.Namespace).toBe(1);
    expect(r.counts.Pod).toBe(0);
    expect(r.counts.Node).toBe(3);
    expect(Object.keys(r.counts)).toEqual([...IMPORT_KINDS]);
  });
});

describe('StatefulSet and DaemonSet revisions in kubesim\'s hashes', () => {
  it('the current revision is renamed so a quiet run over the snapshot rolls no imported pod', async () => {
    const file = join(dir, 'loop', 'snapshot.yaml');
    expect(await main(['import', '--kubeconfig', kubeconfig, '-o', file])).toBe(0);
    const text = readFileSync(file, 'utf8');
    const m = /# StatefulSet shop\/db: current revision db-5d8f7c9b4 renamed to kubesim's (db-\w+) \(1 pod relabelled\)/.exec(text);
    expect(m).not.toBeNull();
    expect(text).toMatch(/# DaemonSet kube-system\/kube-proxy: current revision 6c8b9d7f5 renamed to kubesim's \w+ \(3 pods relabelled\)/);
    const cluster = buildCluster(parseManifests(text));
    expect(cluster.pods.get('shop/db-0')!.pod.metadata.labels!['controller-revision-hash']).toBe(m![1]);
    expect(cluster.workloads.StatefulSet.get('shop/db')!.status).toMatchObject({ currentRevision: m![1], updateRevision: m![1] });
    const scenario = join(dir, 'loop', 'quiet.yaml');
    writeFileSync(scenario, 'apiVersion: kubesim.io/v1alpha1\nkind: Scenario\nmetadata: { name: quiet }\nduration: 2m\ncluster:\n  manifests: [ ./snapshot.yaml ]\n');
    const r = await runScenario(loadScenario(scenario));
    const churn = r.engine.events.filter((e) => ['Killing', 'SuccessfulDelete'].includes(e.kind));
    expect(churn).toEqual([]);
    // the pending Deployment pod is scheduled; imported bound pods are not scheduled again
    expect(r.engine.events.filter((e) => e.kind === 'Scheduled').map((e) => e.object)).toEqual(['Pod shop/web-abc-3']);
  });

  it('pods of an older revision keep their label; unobserved or ambiguous workloads are left alone', () => {
    const tpl = { metadata: { labels: { app: 'x' } }, spec: { containers: [{ name: 'c', image: 'x:2' }] } };
    const owner = (kind: string, name: string): Json => [{ apiVersion: 'apps/v1', kind, name, controller: true }];
    const pod = (name: string, owner_: Json, rev: string): ApiObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'ns', ownerReferences: owner_, labels: { 'controller-revision-hash': rev } }, spec: { containers: [{ name: 'c', image: 'x' }] } });
    const objects: ApiObject[] = [
      { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'mid', namespace: 'ns', generation: 2 }, spec: { selector: { matchLabels: { app: 'x' } }, template: tpl, serviceName: 'mid' }, status: { observedGeneration: 2, currentRevision: 'mid-old', updateRevision: 'mid-new' } },
      { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'stale', namespace: 'ns', generation: 3 }, spec: { selector: { matchLabels: { app: 'x' } }, template: tpl, serviceName: 'stale' }, status: { observedGeneration: 2, currentRevision: 'stale-a', updateRevision: 'stale-a' } },
      { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'tie', namespace: 'ns' }, spec: { selector: { matchLabels: { app: 'x' } }, template: tpl }, status: { updatedNumberScheduled: 1 } },
      pod('mid-0', owner('StatefulSet', 'mid'), 'mid-old'),
      pod('mid-1', owner('StatefulSet', 'mid'), 'mid-new'),
      pod('stale-0', owner('StatefulSet', 'stale'), 'stale-a'),
      pod('tie-a', owner('DaemonSet', 'tie'), 'h1'),
      pod('tie-b', owner('DaemonSet', 'tie'), 'h2'),
    ];
    const r = alignRevisions(objects, snapshotYaml(objects));
    expect(r.error).toBeUndefined();
    expect(r.notes.map((n) => [n.object, n.live, n.pods])).toEqual([['StatefulSet ns/mid', 'mid-new', 1]]);
    const label = (name: string): unknown => (r.objects.find((o) => (o.metadata as { name: string }).name === name)!.metadata as { labels: Record<string, string> }).labels['controller-revision-hash'];
    expect(label('mid-0')).toBe('mid-old');
    expect(label('mid-1')).toBe(r.notes[0].kubesim);
    expect(r.objects[0].status).toEqual({ observedGeneration: 2, currentRevision: 'mid-old', updateRevision: r.notes[0].kubesim });
    expect(label('stale-0')).toBe('stale-a');
    expect([label('tie-a'), label('tie-b')]).toEqual(['h1', 'h2']);
    // a snapshot kubesim cannot load is returned unchanged, with the located error
    const bad = alignRevisions(objects, 'apiVersion: v1\nkind: Pod\nmetadata: { name: p }\nspec: { containers: 3 }\n');
    expect(bad.notes).toEqual([]);
    expect(bad.error).toMatch(/^<snapshot>:4:\d+: Pod default\/p: spec.containers: /);
  });
});
