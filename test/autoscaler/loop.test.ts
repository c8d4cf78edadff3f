/**
 * The whole cluster-autoscaler loop in the engine: properties over random node groups and pending
 * pods (sizes stay within [minSize, maxSize] and max-nodes-total, a pod that fits a template
 * triggers a scale-up, the same seed gives the same run), and located errors for bad node groups
 * and options.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { runScenario } from '../../src/engine/simulation.ts';
import { resultJson } from '../../src/report/outputs.ts';
import { loadScenario } from '../../src/scenario/load.ts';

const tmp = mkdtempSync(join(tmpdir(), 'kubesim-ca-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;

interface GroupArb {
  minSize: number;
  maxSize: number;
  cpu: number;
}

function scenarioYaml(groups: GroupArb[], replicas: number, cpuRequest: number, maxNodesTotal: number): string {
  const g = groups
    .map(
      (x, i) => `    - name: g${i}
      minSize: ${x.minSize}
      maxSize: ${x.maxSize}
      template: { status: { allocatable: { cpu: "${x.cpu}m", memory: 8Gi, pods: "110" } } }
      provisioning: { delay: 30s, readyAfter: 5s }`,
    )
    .join('\n');
  return `apiVersion: kubesim.io/v1alpha1
kind: Scenario
metadata: { name: prop }
seed: 1
duration: 40m
cluster:
  nodeGroups:
${g}
  manifests: [app.yaml]
controllers:
  clusterAutoscaler: { maxNodesTotal: ${maxNodesTotal}, scaleDownUnneededTime: 2m, scaleDownDelayAfterAdd: 2m }
events:
  - { at: 20m, scale: { target: Deployment/app, replicas: 0 } }
`;
}

function appYaml(replicas: number, cpu: number): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: { name: app }
spec:
  replicas: ${replicas}
  selector: { matchLabels: { app: app } }
  template:
    metadata: { labels: { app: app } }
    spec:
      containers: [{ name: c, image: nginx, resources: { requests: { cpu: "${cpu}m", memory: 64Mi } } }]
`;
}

function writeScenario(groups: GroupArb[], replicas: number, cpu: number, maxNodesTotal: number): string {
  const dir = join(tmp, `s${n++}`);
  require_mkdir(dir);
  writeFileSync(join(dir, 'app.yaml'), appYaml(replicas, cpu));
  writeFileSync(join(dir, 'scenario.yaml'), scenarioYaml(groups, replicas, cpu, maxNodesTotal));
  return join(dir, 'scenario.yaml');
}

import { mkdirSync } from 'node:fs';
function require_mkdir(d: string): void {
  mkdirSync(d, { recursive: true });
}

const groupArb = fc
  .record({ minSize: fc.integer({ min: 0, max: 2 }), extra: fc.integer({ min: 0, max: 5 }), cpu: fc.constantFrom(1000, 2000, 4000) })
  .map((g) => ({ minSize: g.minSize, maxSize: g.minSize + g.extra, cpu: g.cpu }));

describe('cluster-autoscaler loop properties', () => {
  it('sizes stay within [minSize, maxSize] and max-nodes-total; fitting pods trigger a scale-up; same seed, same run', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(groupArb, { minLength: 1, maxLength: 3 }), fc.integer({ min: 1, max: 20 }), fc.constantFrom(200, 500, 900, 5000), fc.constantFrom(0, 4, 8), async (groups, replicas, cpu, maxTotal) => {
        const file = writeScenario(groups, replicas, cpu, maxTotal);
        const r = await runScenario(loadScenario(file));
        const a = r.clusterAutoscaler!.autoscaler;
        for (const l of a.loops) {
          let total = 0;
          for (const g of l.nodeGroups) {
            const cfg = groups[Number(g.name.slice(1))];
            expect(g.target).toBeLessThanOrEqual(cfg.maxSize);
            expect(g.target).toBeGreaterThanOrEqual(cfg.minSize);
            total += g.target;
          }
          // scale-ups never go past max-nodes-total (the initial minSize nodes may already)
          if (maxTotal > 0 && l.scaleUp.result === 'ScaleUpSuccessful') expect(total).toBeLessThanOrEqual(Math.max(maxTotal, groups.reduce((s, g) => s + g.minSize, 0)));
        }
        // a pod that fits some template, with a group below max: the autoscaler scales up
        const fits = groups.some((g) => g.cpu >= cpu && g.maxSize > g.minSize);
        const pendingEver = (r.recorder.max('pendingPods') ?? 0) > 0;
        if (fits && pendingEver && maxTotal === 0) expect(a.scaleUps).toBeGreaterThan(0);
        // no node was removed whose pods could not be placed: nothing pending because of a scale-down
        const removed = r.engine.events.filter((e) => e.kind === 'ScaleDown' && String(e.message ?? '').includes('removed with drain')).length;
        if (removed > 0) expect(r.engine.events.some((e) => e.kind === 'ScaleDownFailed')).toBe(false);
        // determinism
        const again = await runScenario(loadScenario(file));
        expect(JSON.stringify(resultJson(again))).toBe(JSON.stringify(resultJson(r)));
      }),
      { numRuns: 12, seed: 42 },
    );
  });
});

describe('bad node groups and options are located errors', () => {
  const base = readFileSync('scenarios/autoscaler-batch-burst.yaml', 'utf8');
  const cases: [string, string, RegExp][] = [
    ['min > max', base.replace('minSize: 1\n      maxSize: 60\n      price: 0.38', 'minSize: 9\n      maxSize: 3\n      price: 0.38'), /minSize 9 is greater than maxSize 3/],
    ['unknown expander', base.replace('expander: least-waste', 'expander: cheapest'), /unknown expander "cheapest"/],
    ['negative price', base.replace('price: 0.38', 'price: -1'), /price: must be ≥ 0/],
    ['template without allocatable', base.replace('allocatable: { cpu: 7910m, memory: 28Gi, pods: "110" }', 'images: []'), /needs status.allocatable/],
    ['unknown option', base.replace('expander: least-waste', 'scanIntervall: 10s'), /scanIntervall: unknown field/],
  ];
  for (const [name, text, re] of cases) {
    it(name, () => {
      const f = join(tmp, `bad-${name.replace(/\W+/g, '-')}.yaml`);
      writeFileSync(f, text);
      require_mkdir(join(tmp, 'manifests', 'kubesim'));
      writeFileSync(join(tmp, 'manifests', 'kubesim', 'batch-burst-job.yaml'), readFileSync('scenarios/manifests/kubesim/batch-burst-job.yaml'));
      let err: Error | undefined;
      try {
        loadScenario(f);
      } catch (e) {
        err = e as Error;
      }
      expect(err?.name).toBe('UserError');
      const shown = (err as unknown as { format(): string }).format();
      expect(shown).toMatch(re);
      expect(shown).toMatch(/\.yaml:\d+:\d+/);
    });
  }

  it('a priority ConfigMap whose YAML does not parse is located', () => {
    const dir = join(tmp, 'prio');
    require_mkdir(join(dir, 'manifests', 'kubesim'));
    require_mkdir(join(dir, 'manifests', 'GoogleCloudPlatform_microservices-demo', 'release'));
    writeFileSync(join(dir, 'manifests', 'GoogleCloudPlatform_microservices-demo', 'release', 'kubernetes-manifests.yaml'), readFileSync('scenarios/manifests/GoogleCloudPlatform_microservices-demo/release/kubernetes-manifests.yaml'));
    writeFileSync(join(dir, 'manifests', 'kubesim', 'priority-expander-configmap.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: cluster-autoscaler-priority-expander, namespace: kube-system }\ndata:\n  priorities: "10: [unclosed"\n');
    writeFileSync(join(dir, 's.yaml'), readFileSync('scenarios/autoscaler-provisioning-failure.yaml'));
    let text = '';
    try {
      loadScenario(join(dir, 's.yaml'));
    } catch (e) {
      text = (e as { format(): string }).format();
    }
    expect(text).toMatch(/priority-expander-configmap\.yaml:5:\d+.*priorities/);
  });
});
