/**
 * Every real-world manifest under test/fixtures/manifests (copied from ../shared/data/manifests
 * with SOURCES.md, INDEX.csv and each repo's license) loads, and per-kind counts match INDEX.csv.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCluster, loadManifests, type LoadedManifests } from '../../src/manifests/index.ts';
import type { Deployment, HorizontalPodAutoscaler, Pod, StatefulSet } from '../../src/model/types.ts';
import { userErrorOf } from '../helpers/errors.ts';

const ROOT = join(import.meta.dirname, '../fixtures/manifests');

interface IndexRow {
  file: string;
  repo: string;
  kinds: Record<string, number>;
}

const rows: IndexRow[] = readFileSync(join(ROOT, 'INDEX.csv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => {
    const cols = line.split(',');
    const kinds: Record<string, number> = {};
    for (const kv of cols[7].split(';')) {
      const [k, n] = kv.split(':');
      kinds[k] = Number(n);
    }
    return { file: cols[0], repo: cols[0].split('/')[0], kinds };
  });

/** Files the API server rejects, with where the error must point. */
const REJECTED: Record<string, { line: number; column: number; field: string; message: RegExp }> = {
  // an envsubst template: `nvidia.com/gpu: ${ACCELERATOR_QUANTITY}` is not a quantity
  'GoogleCloudPlatform_kubernetes-engine-samples/autoscaling/custom-compute-classes/reservations/deployment-gpu.yaml': {
    line: 43,
    column: 31,
    field: 'spec.template.spec.containers[0].resources.limits[nvidia.com/gpu]',
    message: /invalid quantity: "\$\{ACCELERATOR_QUANTITY\}"/,
  },
  // a kustomize base: kustomize adds the selector and labels; kubectl apply -f would reject it
  'kubernetes-sigs_metrics-server/manifests/base/deployment.yaml': { line: 7, column: 1, field: 'spec.selector', message: /required field is missing/ },
};

/** Files of the same repo defining PriorityClasses (pods naming them need them loaded too). */
function classFiles(repo: string): string[] {
  return rows.filter((r) => r.repo === repo && 'PriorityClass' in r.kinds).map((r) => r.file);
}

function load(files: string[]): LoadedManifests {
  return loadManifests(files.map((f) => join(ROOT, f)));
}

describe('fixtures: every manifest file', () => {
  it('INDEX.csv lists all 82 files', () => {
    expect(rows.length).toBe(82);
  });

  for (const row of rows) {
    const rejected = REJECTED[row.file];
    if (rejected) {
      it(`${row.file} is rejected with a located error`, () => {
        const err = userErrorOf(() => load([row.file]));
        expect(err.location?.file).toBe(join(ROOT, row.file));
        expect(err.location?.line).toBe(rejected.line);
        expect(err.location?.column).toBe(rejected.column);
        expect(err.field).toBe(rejected.field);
        expect(err.message).toMatch(rejected.message);
      });
      continue;
    }
    it(`${row.file} loads with the INDEX.csv kind counts`, () => {
      const group = [row.file, ...classFiles(row.repo).filter((f) => f !== row.file)];
      const expected: Record<string, number> = {};
      for (const f of group) for (const [k, n] of Object.entries(rows.find((r) => r.file === f)!.kinds)) expected[k] = (expected[k] ?? 0) + n;
      const loaded = load(group);
      expect(loaded.counts).toEqual(expected);
      // every object is either simulated or counted as not simulated
      const simulated = loaded.objects.length;
      const ignored = Object.values(loaded.notSimulated).reduce((a, b) => a + b, 0);
      const dupes = loaded.warnings.filter((w) => w.message.startsWith('defined again')).length;
      expect(simulated + ignored + dupes).toBe(Object.values(expected).reduce((a, b) => a + b, 0));
      buildCluster(loaded); // never throws on a loaded set
    });
  }
});

describe('fixtures: whole repository folders', () => {
  const repos = [...new Set(rows.map((r) => r.repo))];
  for (const repo of repos) {
    const bad = Object.keys(REJECTED).find((f) => f.startsWith(repo + '/'));
    it(`${repo} ${bad ? 'stops at the rejected file' : 'loads as one folder'}`, () => {
      if (bad) {
        const err = userErrorOf(() => loadManifests([join(ROOT, repo)]));
        expect(err.location?.file).toBe(join(ROOT, bad));
        expect(err.location?.line).toBe(REJECTED[bad].line);
      } else {
        const loaded = loadManifests([join(ROOT, repo)]);
        expect(loaded.files.length).toBe(rows.filter((r) => r.repo === repo).length);
      }
    });
  }
});

describe('fixtures: per-kind counts and conversions', () => {
  it('microservices-demo kubernetes-manifests.yaml: Deployment 12, Service 12, ServiceAccount 11 (not simulated)', () => {
    const loaded = load(['GoogleCloudPlatform_microservices-demo/release/kubernetes-manifests.yaml']);
    expect(loaded.counts).toEqual({ Deployment: 12, Service: 12, ServiceAccount: 11 });
    expect(loaded.notSimulated).toEqual({ ServiceAccount: 11 });
    expect(loaded.objects.filter((o) => o.kind === 'Deployment').length).toBe(12);
  });

  it('ingress-nginx cloud deploy.yaml: 19 documents, Deployment 1 and Job 2 simulated, RBAC etc. not', () => {
    const loaded = load(['kubernetes_ingress-nginx/deploy/static/provider/cloud/deploy.yaml']);
    expect(loaded.counts.Deployment).toBe(1);
    expect(loaded.counts.Job).toBe(2);
    expect(loaded.notSimulated).toEqual({
      ServiceAccount: 2,
      Role: 2,
      ClusterRole: 2,
      RoleBinding: 2,
      ClusterRoleBinding: 2,
      ConfigMap: 1,
      IngressClass: 1,
      ValidatingWebhookConfiguration: 1,
    });
  });

  it('sock shop complete-demo.yaml: Namespace 1, Deployment 14, Service 14', () => {
    const loaded = load(['microservices-demo_microservices-demo/deploy/kubernetes/complete-demo.yaml']);
    expect(loaded.counts).toEqual({ Namespace: 1, Deployment: 14, Service: 14 });
    expect(loaded.notSimulated).toEqual({});
  });

  it('autoscaler balancer example: the Balancer CRD is counted as not simulated', () => {
    const loaded = load(['kubernetes_autoscaler/balancer/examples/nginx-priority-hpa.yaml']);
    expect(loaded.notSimulated).toEqual({ Balancer: 1 });
    const hpa = loaded.objects.find((o) => o.kind === 'HorizontalPodAutoscaler')!.object as HorizontalPodAutoscaler;
    expect(hpa.spec.scaleTargetRef.kind).toBe('Balancer');
  });

  it('GKE hpa-v1.yaml: 11 autoscaling/v1 HPAs converted to v2; cartservice keeps its memory target from the annotation', () => {
    const loaded = load(['GoogleCloudPlatform_kubernetes-engine-samples/cost-optimization/gke-shift-left-cost/api/testdata/hpa/hpa-v1.yaml']);
    const hpas = loaded.objects.map((o) => o.object as HorizontalPodAutoscaler);
    expect(hpas.length).toBe(11);
    for (const h of hpas) expect(h.apiVersion).toBe('autoscaling/v2');
    const cart = hpas.find((h) => h.metadata.name === 'cartservice-memory-hpa')!;
    expect(cart.spec.metrics).toEqual([{ type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: 60 } } }]);
    expect(cart.spec.minReplicas).toBe(2);
    expect(cart.metadata.annotations?.['autoscaling.alpha.kubernetes.io/metrics']).toBeUndefined();
  });

  it('GKE hpa-v2beta2.yaml: converted to v2 with a warning that v2beta2 is no longer served', () => {
    const loaded = load(['GoogleCloudPlatform_kubernetes-engine-samples/cost-optimization/gke-shift-left-cost/api/testdata/hpa/hpa-v2beta2.yaml']);
    expect(loaded.objects.length).toBe(11);
    expect(loaded.warnings.filter((w) => /v2beta2 is not served/.test(w.message)).length).toBe(11);
  });

  it('website KYAML php-apache HPA (flow style, trailing commas): cpu 50%, min 1, max 10', () => {
    const loaded = load(['kubernetes_website/content/en/examples/application/hpa/php-apache.yaml']);
    const h = loaded.objects[0].object as HorizontalPodAutoscaler;
    expect(h.spec).toEqual({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'php-apache' },
      minReplicas: 1,
      maxReplicas: 10,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }],
    });
  });

  it('sock shop front-end-hsc.yaml (autoscaling/v1) gets its CPU target as a v2 metric', () => {
    const loaded = load(['microservices-demo_microservices-demo/deploy/kubernetes/autoscaling/front-end-hsc.yaml']);
    const h = loaded.objects[0].object as HorizontalPodAutoscaler;
    expect(h.spec.metrics?.[0].resource?.name).toBe('cpu');
    expect(h.spec.metrics?.[0].resource?.target.type).toBe('Utilization');
  });

  it('kwok priority pods get spec.priority from their PriorityClass', () => {
    const dir = 'kubernetes-sigs_kwok/site/content/en/docs/examples/scheduling/pod-priority-and-preemption/';
    const loaded = load([dir + 'priority-classes.yaml', dir + 'high-priority-pod.yaml', dir + 'low-priority-pod.yaml']);
    const pods = loaded.objects.filter((o) => o.kind === 'Pod').map((o) => o.object as Pod);
    const classes = Object.fromEntries(loaded.objects.filter((o) => o.kind === 'PriorityClass').map((o) => [o.object.metadata.name, (o.object as unknown as { value: number }).value]));
    for (const p of pods) {
      expect(p.spec.priority).toBe(classes[p.spec.priorityClassName!]);
      expect(p.spec.preemptionPolicy).toBe('PreemptLowerPriority');
    }
  });

  it('a pod naming a PriorityClass that is not loaded is rejected at the field', () => {
    const file = 'kubernetes-sigs_kwok/site/content/en/docs/examples/scheduling/pod-priority-and-preemption/high-priority-pod.yaml';
    const err = userErrorOf(() => load([file]));
    expect(err.field).toBe('spec.priorityClassName');
    expect(err.location?.line).toBe(6);
    expect(err.message).toMatch(/no PriorityClass with name high-priority was found/);
  });

  it('open-simulator Nodes: numeric cpu, extended resources, allocatable kept; cluster totals add up', () => {
    const loaded = load(['alibaba_open-simulator/example/cluster/gpushare/nodes/pai-node-00.yaml', 'alibaba_open-simulator/example/application/complicate/node.yaml']);
    const cluster = buildCluster(loaded);
    expect(cluster.nodes.size).toBe(2);
    const t = cluster.totals();
    expect(t.allocatable['alibabacloud.com/gpu-count']).toBe(2);
    expect(t.allocatable.cpu).toBeGreaterThan(0);
  });

  it('StatefulSet defaults: rollingUpdate filled only when the type was defaulted (apps/v1 SetDefaults_StatefulSet)', () => {
    // zookeeper.yaml sets `updateStrategy: {type: RollingUpdate}`: upstream leaves rollingUpdate nil then
    const zk = load(['kubernetes_website/content/en/examples/application/zookeeper/zookeeper.yaml']);
    const ss = zk.objects.find((o) => o.kind === 'StatefulSet')!.object as StatefulSet;
    expect(ss.spec.podManagementPolicy).toBe('OrderedReady');
    expect(ss.spec.updateStrategy).toEqual({ type: 'RollingUpdate' });
    expect(ss.spec.revisionHistoryLimit).toBe(10);
    // mysql-statefulset.yaml has no updateStrategy: type and rollingUpdate {partition 0, maxUnavailable 1}
    const my = load(['kubernetes_website/content/en/examples/application/mysql/mysql-statefulset.yaml']);
    const ms = my.objects[0].object as StatefulSet;
    expect(ms.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { partition: 0, maxUnavailable: 1 } });
  });

  it('every Deployment template of online boutique gets the DefaultTolerationSeconds tolerations', () => {
    const loaded = load(['GoogleCloudPlatform_microservices-demo/release/kubernetes-manifests.yaml']);
    for (const o of loaded.objects.filter((x) => x.kind === 'Deployment')) {
      const d = o.object as Deployment;
      expect(d.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } });
      const keys = (d.spec.template.spec.tolerations ?? []).map((t) => `${t.key}:${t.effect}:${t.tolerationSeconds}`);
      expect(keys).toEqual(expect.arrayContaining(['node.kubernetes.io/not-ready:NoExecute:300', 'node.kubernetes.io/unreachable:NoExecute:300']));
    }
  });
});
